/* pg_restore.c: restoring a saved paging memory. See pg_restore.h. */
#include "pg_restore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "paging_impl.h"

/* A hash table from pid to index in procs[], for pg_restore_map: a large
 * random map names a process per frame, in no order, and a binary search
 * for each costs more than the rest of restoring the frame. Open addressing
 * with linear probing; slot holds index + 1, 0 when empty. */
struct pg_index {
    uint32_t shift;  /* 32 - log2 of the number of slots. */
    uint32_t mask;   /* Number of slots - 1. */
    uint32_t slot[]; /* Twice as many slots as processes, at least. */
};

static uint32_t index_hash(const struct pg_index *ix, int32_t pid)
{
    return (uint32_t)pid * UINT32_C(2654435769) >> ix->shift; /* Fibonacci hashing. */
}

/* Builds the table for the processes of r->pg. Returns it, or NULL when
 * out of memory. */
static struct pg_index *index_build(const struct paging *pg)
{
    struct pg_index *ix;
    uint32_t h, bits = 1;

    while (bits < 31 && (UINT64_C(1) << bits) < 2 * (uint64_t)pg->nprocs)
        bits++;
    ix = malloc(sizeof *ix + (sizeof ix->slot[0] << bits));
    if (!ix)
        return NULL;
    ix->shift = 32 - bits;
    ix->mask = (UINT32_C(1) << bits) - 1;
    memset(ix->slot, 0, sizeof ix->slot[0] << bits);
    for (size_t i = 0; i < pg->nprocs; i++) {
        for (h = index_hash(ix, pg->procs[i].pid); ix->slot[h]; h = (h + 1) & ix->mask)
            ;
        ix->slot[h] = (uint32_t)i + 1;
    }
    return ix;
}

/* Returns the index in procs[] of pid's process, or -1 when it is not
 * listed. Without memory for the table, the binary search answers. */
static int64_t index_find(struct pg_restore *r, int64_t pid)
{
    const struct paging *pg = r->pg;
    struct pg_index *ix;
    uint32_t h;

    if (pid < 1 || pid > PG_MAX_PID)
        return -1;
    if (!r->index && !(r->index = index_build(pg))) {
        const struct pg_process *p = pg_find(pg, pid);
        return p ? p - pg->procs : -1;
    }
    ix = r->index;
    for (h = index_hash(ix, (int32_t)pid); ix->slot[h]; h = (h + 1) & ix->mask)
        if (pg->procs[ix->slot[h] - 1].pid == pid)
            return ix->slot[h] - 1;
    return -1;
}

void pg_restore_begin(struct pg_restore *r, struct paging *pg, unsigned flags)
{
    memset(r, 0, sizeof *r);
    r->pg = pg;
    pg->display_only = (flags & PG_RESTORE_NO_TABLES) != 0;
}

/* Checks a process record against the memory. Returns 0, or -1 with the
 * reason in err. */
static int check_process(const struct paging *pg, int64_t pid, uint64_t bytes, uint64_t npages,
                         char *err, size_t errlen)
{
    if (pid < 1 || pid > PG_MAX_PID) {
        snprintf(err, errlen, "process id %lld is not from 1 to %d", (long long)pid, PG_MAX_PID);
        return -1;
    }
    if (pg_find(pg, pid)) {
        snprintf(err, errlen, "process %lld appears twice", (long long)pid);
        return -1;
    }
    if (bytes < 1 || bytes > PG_MAX_BYTES) {
        snprintf(err, errlen, "process %lld has %llu bytes; from 1 to %llu allowed", (long long)pid,
                 (unsigned long long)bytes, (unsigned long long)PG_MAX_BYTES);
        return -1;
    }
    if (npages != pg_pages_for(pg, bytes)) {
        snprintf(err, errlen, "process %lld: %llu bytes need %llu pages of %llu B, not %llu",
                 (long long)pid, (unsigned long long)bytes,
                 (unsigned long long)pg_pages_for(pg, bytes), (unsigned long long)pg->page_size,
                 (unsigned long long)npages);
        return -1;
    }
    if (npages > pg->nframes) {
        snprintf(err, errlen, "process %lld has %llu pages but there %s only %u frame%s",
                 (long long)pid, (unsigned long long)npages, pg->nframes == 1 ? "is" : "are",
                 pg->nframes, pg->nframes == 1 ? "" : "s");
        return -1;
    }
    return 0;
}

/* Makes room for one more entry in r->seen. Returns 0 or -1. */
static int seen_reserve(struct pg_restore *r)
{
    uint64_t **s = grow_array(r->seen, &r->capseen, r->nseen + 1, sizeof *s);

    if (!s)
        return -1;
    r->seen = s;
    return 0;
}

int pg_restore_process(struct pg_restore *r, int64_t pid, uint64_t bytes, uint64_t npages,
                       char *err, size_t errlen)
{
    uint64_t *seen;
    size_t at;

    if (check_process(r->pg, pid, bytes, npages, err, errlen) < 0)
        return -1;
    seen = calloc((size_t)(npages + 63) / 64, sizeof *seen);
    if (!seen || seen_reserve(r) < 0 ||
        pg_add_process(r->pg, pid, bytes, (uint32_t)npages, &at) < 0) {
        free(seen);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    memmove(&r->seen[at + 1], &r->seen[at], (r->nseen - at) * sizeof *r->seen);
    r->seen[at] = seen;
    r->nseen++;
    free(r->index); /* The indexes moved: index_find builds it again. */
    r->index = NULL;
    return 0;
}

/* Returns the frame that holds page `page` of p (a page known to be
 * mapped): from the page table, or, without one, by looking for it. */
static uint32_t frame_of(const struct paging *pg, const struct pg_process *p, uint32_t page)
{
    if (p->frames)
        return p->frames[page];
    for (uint32_t f = 0; f < pg->nframes; f++)
        if (pg->frames[f].pid == p->pid && pg->frames[f].page == page)
            return f;
    return PG_UNMAPPED;
}

/* Checks that frames frame..frame+count-1 are free and pages page.. of
 * procs[at] (in range) not mapped yet. Returns 0, or -1 with the reason. */
static int check_free(const struct pg_restore *r, uint64_t frame, uint64_t count, size_t at,
                      uint64_t page, char *err, size_t errlen)
{
    const struct paging *pg = r->pg;
    const uint64_t *seen = r->seen[at];

    for (uint64_t i = 0; i < count; i++) {
        if (pg->frames[frame + i].pid != 0) {
            snprintf(err, errlen, "frame %llu is already held by P%ld page %u",
                     (unsigned long long)(frame + i), (long)pg->frames[frame + i].pid,
                     pg->frames[frame + i].page);
            return -1;
        }
        if (seen[(page + i) / 64] >> (page + i) % 64 & 1) {
            snprintf(err, errlen, "page %llu of P%ld is already in frame %u",
                     (unsigned long long)(page + i), (long)pg->procs[at].pid,
                     frame_of(pg, &pg->procs[at], (uint32_t)(page + i)));
            return -1;
        }
    }
    return 0;
}

int pg_restore_map(struct pg_restore *r, uint64_t frame, uint64_t count, int64_t pid, uint64_t page,
                   char *err, size_t errlen)
{
    struct paging *pg = r->pg;
    int64_t at = index_find(r, pid);
    const struct pg_process *p;

    if (at < 0) {
        snprintf(err, errlen, "frames mapped to process %lld, which is not listed", (long long)pid);
        return -1;
    }
    p = &pg->procs[at];
    if (count < 1 || frame >= pg->nframes || count > pg->nframes - frame) {
        snprintf(err, errlen, "frames %llu-%llu fall outside the %u frames (0-%u)",
                 (unsigned long long)frame, (unsigned long long)(frame + count - 1), pg->nframes,
                 pg->nframes - 1);
        return -1;
    }
    if (page >= p->npages || count > p->npages - page) {
        snprintf(err, errlen, "pages %llu-%llu are outside P%lld's %u pages",
                 (unsigned long long)page, (unsigned long long)(page + count - 1), (long long)pid,
                 p->npages);
        return -1;
    }
    if (check_free(r, frame, count, (size_t)at, page, err, errlen) < 0)
        return -1;
    for (uint64_t i = page; i < page + count; i++)
        r->seen[at][i / 64] |= UINT64_C(1) << i % 64;
    pg_map_run(pg, (uint32_t)frame, (uint32_t)count, (size_t)at, (uint32_t)page);
    return 0;
}

/* Writes into err which page of which process is not mapped, when one is not.
 * Returns 1 when one was found, else 0. */
static int find_unmapped(const struct pg_restore *r, char *err, size_t errlen)
{
    const struct paging *pg = r->pg;

    for (size_t i = 0; i < pg->nprocs; i++) {
        const struct pg_process *p = &pg->procs[i];
        for (uint32_t pgno = 0; pgno < p->npages; pgno++)
            if (!(r->seen[i][pgno / 64] >> pgno % 64 & 1)) {
                snprintf(err, errlen, "page %u of P%ld is not mapped to any frame", pgno,
                         (long)p->pid);
                return 1;
            }
    }
    return 0;
}

int pg_restore_end(struct pg_restore *r, char *err, size_t errlen)
{
    const struct paging *pg = r->pg;
    uint64_t pages = 0;
    int rc = 0;

    for (size_t i = 0; i < pg->nprocs; i++)
        pages += pg->procs[i].npages;
    /* Each map checked that its pages were not mapped before: when as many
     * frames are held as there are pages, every page is mapped once. */
    if (pages != (uint64_t)(pg->nframes - pg->nfree)) {
        rc = -1;
        if (!find_unmapped(r, err, errlen))
            snprintf(err, errlen, "%llu pages but %u frames in use", (unsigned long long)pages,
                     pg->nframes - pg->nfree);
    }
    pg_restore_abandon(r);
    return rc;
}

void pg_restore_abandon(struct pg_restore *r)
{
    for (size_t i = 0; i < r->nseen; i++)
        free(r->seen[i]);
    free(r->seen);
    free(r->index);
    memset(r, 0, sizeof *r);
}
