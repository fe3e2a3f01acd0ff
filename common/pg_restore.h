/* pg_restore.h: restoring a saved paging memory, record by record.
 *
 * The status parser (status_paging.c) rebuilds a paging memory from its records:
 * the processes with their sizes, then the maps of frames to pages, in any
 * order. A struct pg_restore is what the restore keeps while it runs and
 * that the memory does not need afterwards: which pages are mapped already
 * (to find a page mapped twice without reading the page tables, which a
 * large random map fills in random order) and a hash of pids (a large
 * random map names a process per frame, in no order). The parser owns one
 * for the length of a parse: pg_restore_begin on a memory fresh from
 * pg_init, pg_restore_process and pg_restore_map for the records, then
 * pg_restore_end, or pg_restore_abandon when the parse fails. The memory
 * must outlive the handle; the handle owns only what it allocates.
 */
#ifndef MT_PG_RESTORE_H
#define MT_PG_RESTORE_H

#include <stddef.h>
#include <stdint.h>

#include "paging.h"

struct pg_index;

/* pg_restore_begin's flags. PG_RESTORE_NO_TABLES: the memory gets no page
 * tables and is marked display_only (paging.h): everything is checked the
 * same (a page mapped twice included), but a scattered million-frame memory
 * is restored in half the time, as the random order of its page-table
 * writes is most of the cost. */
#define PG_RESTORE_NO_TABLES 1u

struct pg_restore {
    struct paging *pg;      /* The memory being restored; NULL when none is. */
    uint64_t **seen;        /* seen[i]: bit per page of pg->procs[i], set once it is mapped. */
    size_t nseen, capseen;  /* Entries of seen[] (one a process), its capacity. */
    struct pg_index *index; /* pids hashed to procs[] (pg_restore.c); NULL until needed. */
};

/* Starts restoring into pg, an empty memory fresh from pg_init, with flags
 * PG_RESTORE_NO_TABLES or 0. Always succeeds. */
void pg_restore_begin(struct pg_restore *r, struct paging *pg, unsigned flags);

/* Adds a process with its size and page count and no frames yet. Returns
 * 0, or -1 with the reason in err (pid out of range or listed already,
 * bytes out of range, npages not what bytes need or more than the frames,
 * out of memory) and nothing changed. */
int pg_restore_process(struct pg_restore *r, int64_t pid, uint64_t bytes, uint64_t npages,
                       char *err, size_t errlen);

/* Maps pages page..page+count-1 of pid to frames frame..frame+count-1.
 * Returns 0, or -1 with the reason in err (no such process, frames or pages
 * out of range, a frame held or a page mapped already) and nothing changed. */
int pg_restore_map(struct pg_restore *r, uint64_t frame, uint64_t count, int64_t pid, uint64_t page,
                   char *err, size_t errlen);

/* Ends the restore: checks that every page is mapped and returns 0, or -1
 * with the first page that is not in err. Either way it releases what the
 * handle holds (the memory stays the caller's). */
int pg_restore_end(struct pg_restore *r, char *err, size_t errlen);

/* Releases what the handle holds without checking, when a restore stops
 * early. Safe on a zeroed or ended handle; the memory is left as it is. */
void pg_restore_abandon(struct pg_restore *r);

#endif
