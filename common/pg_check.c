/* pg_check.c: what must hold of a paging memory, checked: its settings
 * (pg_check_settings, which pg_init asks) and every invariant of a memory
 * built (pg_check, which the tests and the status fuzzer ask). See
 * paging.h. */
#include <stdio.h>

#include "paging.h"

int pg_check_settings(uint64_t nframes, uint64_t page_size, char *err, size_t errlen)
{
    if (nframes < PG_MIN_FRAMES || nframes > PG_MAX_FRAMES) {
        snprintf(err, errlen, "frames must be from %u to %u, not %llu", PG_MIN_FRAMES,
                 PG_MAX_FRAMES, (unsigned long long)nframes);
        return -1;
    }
    if (page_size < PG_MIN_PAGE_SIZE || page_size > PG_MAX_PAGE_SIZE ||
        (page_size & (page_size - 1)) != 0) {
        snprintf(err, errlen,
                 "page size must be a power of two from %u to %u bytes (16, 32, ..., 4096, ...), "
                 "not %llu",
                 PG_MIN_PAGE_SIZE, PG_MAX_PAGE_SIZE, (unsigned long long)page_size);
        return -1;
    }
    return 0;
}

/* Checks procs[i]: its pid above the one before, its page count, that it
 * has a page table unless display_only, and that each page it maps sits in
 * a frame that names it back. Returns 0, or -1 with what is wrong in err. */
static int check_process(const struct paging *pg, size_t i, char *err, size_t errlen)
{
    const struct pg_process *p = &pg->procs[i];

    if (p->pid < 1 || (i > 0 && p->pid <= pg->procs[i - 1].pid)) {
        snprintf(err, errlen, "process ids not positive, sorted and unique at P%ld", (long)p->pid);
        return -1;
    }
    if (p->bytes < 1 || p->npages != pg_pages_for(pg, p->bytes)) {
        snprintf(err, errlen, "P%ld has %llu B in %u pages; %llu B need %llu pages of %llu B",
                 (long)p->pid, (unsigned long long)p->bytes, p->npages,
                 (unsigned long long)p->bytes,
                 (unsigned long long)pg_pages_for(pg, p->bytes ? p->bytes : 1),
                 (unsigned long long)pg->page_size);
        return -1;
    }
    if (pg->display_only != (p->frames == NULL)) {
        snprintf(err, errlen, "P%ld %s a page table", (long)p->pid, p->frames ? "has" : "lacks");
        return -1;
    }
    for (uint32_t pgno = 0; p->frames && pgno < p->npages; pgno++) {
        uint32_t f = p->frames[pgno];
        if (f == PG_UNMAPPED) {
            snprintf(err, errlen, "page %u of P%ld is not mapped to any frame", pgno, (long)p->pid);
            return -1;
        }
        if (f >= pg->nframes || pg->frames[f].pid != p->pid || pg->frames[f].page != pgno) {
            snprintf(err, errlen, "page %u of P%ld maps to frame %u, which does not hold it", pgno,
                     (long)p->pid, f);
            return -1;
        }
    }
    return 0;
}

/* Checks each frame against the frame set and, without page tables, that
 * the page it holds exists. Counts the frames held in *owned. Returns 0, or
 * -1 with what is wrong in err. */
static int check_frames(const struct paging *pg, uint64_t *owned, char *err, size_t errlen)
{
    *owned = 0;
    for (uint32_t f = 0; f < pg->nframes; f++) {
        const struct pg_frame *fr = &pg->frames[f];
        const struct pg_process *p;
        if (fs_used(&pg->set, f) != (fr->pid != 0)) {
            snprintf(err, errlen, "frame %u is %s but marked %s in the bitmap", f,
                     fr->pid ? "held" : "free", fr->pid ? "free" : "used");
            return -1;
        }
        if (fr->pid == 0)
            continue;
        (*owned)++;
        /* Without page tables, each frame's owner is checked from this side. */
        if (pg->display_only && (!(p = pg_find(pg, fr->pid)) || fr->page >= p->npages)) {
            snprintf(err, errlen, "frame %u holds P%ld page %u, which does not exist", f,
                     (long)fr->pid, fr->page);
            return -1;
        }
    }
    return 0;
}

int pg_check(const struct paging *pg, char *err, size_t errlen)
{
    uint64_t mapped = 0, owned;

    if (pg_check_settings(pg->nframes, pg->page_size, err, errlen) < 0)
        return -1;
    for (size_t i = 0; i < pg->nprocs; i++) {
        if (check_process(pg, i, err, errlen) < 0)
            return -1;
        mapped += pg->procs[i].npages;
    }
    if (check_frames(pg, &owned, err, errlen) < 0)
        return -1;
    if (owned != mapped || pg->nfree != pg->nframes - owned) {
        snprintf(err, errlen, "%llu frames owned, %llu pages mapped, %u counted free of %u",
                 (unsigned long long)owned, (unsigned long long)mapped, pg->nfree, pg->nframes);
        return -1;
    }
    /* The frames' bits were checked one by one above; the set checks the
     * rest of itself. */
    if (pg->set.nframes != pg->nframes) {
        snprintf(err, errlen, "the frame set has %u frames, not %u", pg->set.nframes, pg->nframes);
        return -1;
    }
    return fs_check(&pg->set, err, errlen);
}
