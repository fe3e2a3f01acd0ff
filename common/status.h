/* status.h: the memory status file, the contract between memtrack and memview.
 *
 * One record a line, plain ASCII; docs/status-format.md documents each one.
 * The writer replaces the file atomically (temporary file in the same
 * directory, write, fsync, rename), so a reader sees the old file or the new
 * one, never half. The parser is layered path -> FILE* -> string and checks
 * everything: record order, field names and counts, number ranges, frames and
 * segments against memory and each other, the counts, the final `end`.
 */
#ifndef MT_STATUS_H
#define MT_STATUS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "note.h"
#include "paging.h"
#include "heap.h"
#include "quiz.h"
#include "segment.h"
#include "vm.h"

#define STATUS_MAGIC     "memtrack-status"     /* First word of the first line. */
#define STATUS_VERSION   8                     /* Newest format version: the quiz. */
#define STATUS_VERSION7  7                     /* Written for the heap without a quiz. */
#define STATUS_VERSION6  6                     /* Written for page tables in frames. */
#define STATUS_VERSION5  5                     /* Written for address spaces without them. */
#define STATUS_VERSION4  4                     /* Written for a TLB without address spaces. */
#define STATUS_VERSION3  3                     /* Written for virtual memory without a TLB. */
#define STATUS_VERSION2  2                     /* Written for a translation or a caption. */
#define STATUS_VERSION1  1                     /* Read, and written when no newer record is. */
#define STATUS_VM_FUTURE 256                   /* Most references of a run a file shows. */
#define STATUS_MAX_LINE  1024                  /* Longest line, without its newline. */
#define STATUS_MAX_FILE  (UINT64_C(512) << 20) /* Largest file read, in bytes. */
#define STATUS_MAX_NAME  244                   /* Longest name (after the last /): 255 - 11, */
                                               /* which the temporary name adds. */

/* What the last event translated, when it was a translation (the records
 * `translate` and `seg-translate`, format version 2), so that a viewer can
 * highlight the page and the frame, or the segment, and the byte, and write
 * the split out ("5000 = page 1 | offset 904 -> frame 1 -> 5000"). */
enum status_xlate_kind {
    STATUS_XLATE_NONE,    /* The last event was no translation: no record. */
    STATUS_XLATE_PAGE,    /* `translate`: a logical address of a process. */
    STATUS_XLATE_SEGMENT, /* `seg-translate`: an offset in a segment. */
};

struct status_xlate {
    enum status_xlate_kind kind;
    int hex;           /* 1 when the address was typed in hex: answer in hex. */
    int32_t pid;       /* PAGE: the process (one the file lists). */
    uint64_t addr;     /* PAGE: the logical address. */
    uint64_t page;     /* PAGE: addr / page_size, a page of pid. */
    uint64_t offset;   /* PAGE: addr % page_size; SEGMENT: the offset, below the limit. */
    uint32_t frame;    /* PAGE: the frame that holds that page. */
    int unused;        /* PAGE: 1 when addr >= the process's bytes: the byte lies in the
                          unused end of its last page (internal fragmentation). */
    int seg;           /* SEGMENT: the segment id (a live segment). */
    uint64_t physical; /* PAGE: frame * page_size + offset; SEGMENT: base + offset. */
};

/* Everything a status file holds. Fill it with status_init or a parser;
 * release it with status_free. */
#define STATUS_COMPARE_MAX 64 /* Most frame counts in one compare table. */

/* The last `compare` table (virtual memory): faults of each policy at each
 * frame count, for the viewer's chart. */
struct status_compare {
    int have;                              /* 1 once a compare ran. */
    uint32_t frames_lo, frames_hi;         /* Frame counts lo..hi (at most STATUS_COMPARE_MAX). */
    unsigned npolicies;                    /* Rows. */
    enum vm_policy policies[VM_NPOLICIES]; /* Row p's policy. */
    uint64_t nrefs;                        /* References in the string compared. */
    uint64_t faults[VM_NPOLICIES * STATUS_COMPARE_MAX]; /* [p * counts + (frames - lo)]. */
};

struct status {
    uint64_t seq;                  /* Grows by one each time the file is rewritten for an event. */
    int64_t time;                  /* When it was written, seconds since 1970 (UTC). */
    struct paging pg;              /* Frames, processes, page tables. */
    struct segmem sm;              /* Segment memory. */
    int refused;                   /* 1 when the last event was a request that was refused. */
    struct note last;              /* The last event: what happened and why. */
    struct status_xlate xlate;     /* The translation the last event made; kind NONE when it
                                      made none. The tracker clears it at every other event. */
    char caption[NOTE_MAX];        /* The text of the last script `echo`, printable ASCII; ""
                                      for none. Kept across events until the next `echo`. */
    int vm_on;                     /* Virtual-memory mode: vm holds the memory, and pg and its
                                      processes are empty. 0: vm is zeroed and unused. */
    struct vm vm;                  /* Demand paging, swap and replacement (vm.h). */
    struct status_compare compare; /* The last compare table; have 0 when none. */
    int heap_on;                   /* The heap is on: heap holds it. 0: heap is zeroed. */
    struct heap heap;              /* The heap and its allocator (heap.h). */
    int quiz_on;                   /* A quiz is being taken: quiz holds it (the records of
                                      format version 8, status_quiz.c). 0: quiz is zeroed. */
    struct quiz quiz;              /* The problem, its questions and where each stands
                                      (quiz.h); owned, status_free releases it. */
};

/* The file is written as format version 8 whenever quiz_on is set (the quiz
 * records, status_quiz.c, after every other model's: the kind and flags that
 * make the problem again, and where each question stands); else as version 7
 * whenever heap_on is set (the heap records, status_heap.c); else as version 3
 * whenever vm_on is set (4 to 6 with the TLB and the layers); else as
 * version 1 (byte for byte what older trackers wrote) when st has no
 * translation and no caption, and as version 2 when it has one.
 *
 * Virtual-memory mode (vm_on), as the status file needs it: pg stays as
 * status_init made it (its settings written in the `paging` record) and
 * empty (no process: the parser refuses a `vm` record after one); xlate is
 * never a page translation; compare is written only with vm_on. The vm
 * records (status_vm.c, status_vm_cells.c) hold everything vm holds but the
 * policy's internal order (rebuilt from the frames' times) and a run in
 * progress: under opt the file shows the next STATUS_VM_FUTURE references,
 * and a parsed state has vm.run.active 0, vm.run.n the references left,
 * vm.run.at 0 and vm.run.refs the ones shown, in memory owned through
 * vm.run.next (vm_run_end and vm_free release it; call vm_run_end before
 * vm_run_begin on a parsed state). The random generator's whole state is in
 * the file: a state parsed from it makes the same choices as the one that
 * wrote it. */

/* Makes a fresh state with the given settings and seq 0. Returns 0, or -1 with
 * the reason in err. */
int status_init(struct status *st, uint64_t nframes, uint64_t page_size, enum pg_policy policy,
                uint64_t seed, uint64_t seg_memory, enum seg_fit fit, char *err, size_t errlen);

/* Releases what st owns (the paging arrays, vm's, the heap's). Safe on a
 * zeroed struct. */
void status_free(struct status *st);

/* Sets st->caption to text: bytes that are not printable ASCII become
 * spaces, so a caption is always one line; text longer than NOTE_MAX - 1
 * characters is cut and ends in "...". An empty text removes the caption. */
void status_set_caption(struct status *st, const char *text);

/* Writes st in the status format to fp. Returns 0, or -1 on a write error. */
int status_format(const struct status *st, FILE *fp);

/* What status_write keeps from one write to the next, so that it formats
 * again only the frame records whose frames changed: a change to a scattered
 * million-frame memory touches a few of its thousands of lines. The file is
 * the same, byte for byte, with or without one. status_cache_new returns
 * one (NULL when out of memory); status_cache_free releases it (NULL is
 * fine). It holds the records' text, and which frame set (pg->set.serial)
 * and version (pg->set.version) they were written from; the set's stamps
 * tell which records changed since (fs_changed_since, frameset.h). */
struct status_cache;
struct status_cache *status_cache_new(void);
void status_cache_free(struct status_cache *c);

/* Returns how many frame records the last write through c copied from it;
 * *records gets how many it wrote in all. */
size_t status_cache_copied(const struct status_cache *c, size_t *records);

/* Atomically replaces the file at path with st: writes path.tmp.XXXXXX (a
 * random suffix, created with O_EXCL and mode 0644 less the umask; when path
 * is a regular file, given its mode, and its owner and group where allowed)
 * in the same directory, fsyncs it (and the directory) unless nosync,
 * renames it over path. path should come from status_target (a symlink at
 * path would be replaced, not followed). cache may be NULL. Returns 0, or -1 with the reason in
 * err; on failure the temporary file is removed and path is as it was. */
int status_write(const char *path, const struct status *st, int nosync, struct status_cache *cache,
                 char *err, size_t errlen);

/* Decides which file writing the status file at path replaces, before the
 * first write. A path that is not a symlink is kept as it is; a symlink is
 * followed (every link in a chain; the last may point to a file not made
 * yet, in a directory that exists) to its target, written to out as an
 * absolute path: the writer then replaces the target and the link stays.
 * Refused: a path (or target) that exists and is not a regular file (a
 * directory, a FIFO, a device, a socket); a file name longer than
 * STATUS_MAX_NAME or a path too long for the temporary name. Returns 0 with
 * the path to write in out (outlen >= 4096), or -1 with the reason in err
 * and out unchanged. */
int status_target(const char *path, char *out, size_t outlen, char *err, size_t errlen);

/* Removes the temporary files a killed writer of path left behind: in path's
 * directory, the regular files (not symlinks) owned by this user and named
 * exactly path.tmp.XXXXXX, with six letters and digits as status_write makes
 * them; any other name (path.tmp.before, path.tmp.a b-c!) is left alone.
 * Call it before writing starts, and only while holding path's lock
 * (lockfile.h): the temporary file of a running writer looks the same.
 * Returns how many were removed, or -1 when the directory could not be
 * read. */
int status_clean_temps(const char *path);

/* Flags for the parsers: STATUS_DISPLAY_ONLY reads the file for drawing
 * only, without page tables (see display_only in paging.h). It checks the
 * same things and fails on the same lines with the same messages, and reads
 * a scattered million-frame file in about half the time. memview uses it.
 * 0 reads everything. */
#define STATUS_DISPLAY_ONLY 1u

/* Parse a status file into *st, with flags (0 or STATUS_DISPLAY_ONLY), from
 * len bytes at buf, from fp, or from the file at path. Each returns 0 on
 * success (release *st with status_free), the 1-based number of the first
 * bad line with the reason in err, or -1 when the input could not be read
 * at all (path missing, not a regular file, larger than STATUS_MAX_FILE).
 * On failure *st is zeroed and owns nothing. */
int status_parse_string(const char *buf, size_t len, struct status *st, unsigned flags, char *err,
                        size_t errlen);
int status_parse_fp(FILE *fp, struct status *st, unsigned flags, char *err, size_t errlen);
int status_parse_file(const char *path, struct status *st, unsigned flags, char *err,
                      size_t errlen);

#endif
