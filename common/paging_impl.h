/* paging_impl.h: paging's building blocks for restoring a saved memory,
 * shared by paging.c and pg_restore.c alone (nothing else includes it:
 * everyone else changes a memory through paging.h's actions).
 */
#ifndef MT_PAGING_IMPL_H
#define MT_PAGING_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "frameset.h"
#include "paging.h"

/* Building a memory piece by piece, for restoring a saved one (pg_restore.h),
 * which checks everything first. pg_add_process inserts process pid (not
 * held yet) with `bytes` bytes in npages pages, none mapped: its page table
 * is all PG_UNMAPPED, or absent when pg->display_only. Returns 0 and the
 * process's index in procs[] in *at, or -1 (out of memory) with pg
 * unchanged. pg_map_run gives frames frame..frame+count-1 (all free) to
 * pages page..page+count-1 of procs[at] (pages in range). */
int pg_add_process(struct paging *pg, int64_t pid, uint64_t bytes, uint32_t npages, size_t *at);

/* Inline: a scattered million-frame restore maps one frame at a time. */
static inline void pg_map_run(struct paging *pg, uint32_t frame, uint32_t count, size_t at,
                              uint32_t page)
{
    struct pg_process *p = &pg->procs[at];

    for (uint32_t i = 0; i < count; i++) {
        pg->frames[frame + i].pid = p->pid;
        pg->frames[frame + i].page = page + i;
        if (p->frames)
            p->frames[page + i] = frame + i;
    }
    fs_take(&pg->set, frame, frame + count);
    pg->nfree -= count;
}

#endif
