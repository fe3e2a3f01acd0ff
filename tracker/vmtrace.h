/* vmtrace.h: reading the accesses of a trace file for `trace FILE [PID]`
 * (and `compare @FILE`), and the page words of `refs`.
 *
 * Three formats; a file's format is the one its first access line has, and
 * every later access line must have it too. Blank lines and lines starting
 * with # are skipped in every format, and lines starting with == (valgrind's
 * own messages) too.
 *   pages    one page number a line, as OSTEP's paging-policy.py -f reads
 *            it: page P of the PID given is the access of address
 *            P * page_size, a read; "3w" marks a write (an extension).
 *   pid      "PID ADDRESS r|w": an access of ADDRESS (decimal or 0x hex)
 *            by PID; the file names its processes, so no PID is given.
 *   lackey   valgrind --tool=lackey --trace-mem=yes output: "I  ADDR,SIZE"
 *            (an instruction fetch: vm_ref.exec, played as a read unless the
 *            address-space layer is on), " L ADDR,SIZE" (a load: a
 *            read), " S ADDR,SIZE" (a store: a write), " M ADDR,SIZE" (a
 *            modify: a read, then a write), ADDR in hex without 0x, all by
 *            the PID given. An access whose SIZE bytes cross a page boundary
 *            touches every page it covers, in order: one access per page
 *            (M: a read of each, then a write of each).
 */
#ifndef MT_VMTRACE_H
#define MT_VMTRACE_H

#include <stdint.h>
#include <stdio.h>

#include "vm.h"

enum vmtrace_format { VMTRACE_PAGES, VMTRACE_PID, VMTRACE_LACKEY };

/* Returns the format's name: "one page a line", "PID ADDRESS r|w",
 * "valgrind lackey". */
const char *vmtrace_format_name(enum vmtrace_format f);

/* Reads a page word of `refs` or of a pages file: a decimal page number
 * (below 2^32) with an optional r or w after it, or x when exec_ok (an
 * instruction fetch: `refs` with the address-space layer on). Returns 0 with
 * *page and *kind (enum vm_kind) set, or -1 with the reason in err. */
int vmtrace_page(const char *w, uint32_t *page, int *kind, int exec_ok, char *err, size_t errlen);

/* Reads every access of fp (named name in no message: the caller adds
 * FILE:LINE) for a memory of page_size bytes a page. pid is the process of
 * a pages or lackey file (1 .. PG_MAX_PID), or 0 when none was given, which
 * those formats refuse; a pid file refuses one. Returns 0 with *refs (a
 * malloc'd array of *n accesses; the caller frees it, also when *n is 0) and
 * *fmt; or the number of the first bad line with the reason in err, or -1
 * when fp could not be read or memory ran out (reason in err); on failure
 * *refs is NULL. fp is read a large block at a time, so after a bad line
 * its position is anywhere past that line. */
int vmtrace_read_fp(FILE *fp, int64_t pid, uint64_t page_size, struct vm_ref **refs, size_t *n,
                    enum vmtrace_format *fmt, char *err, size_t errlen);

/* vmtrace_read_fp on the file at path; -1 also when it cannot be opened
 * or is not a regular file (a FIFO or a device could block or never end). */
int vmtrace_read(const char *path, int64_t pid, uint64_t page_size, struct vm_ref **refs, size_t *n,
                 enum vmtrace_format *fmt, char *err, size_t errlen);

#endif
