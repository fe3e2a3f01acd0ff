/* heap_pool.c: pools of fixed-size blocks behind heap_pool_ops (heap.h tells
 * the rules). Each pool's free blocks are a bitmap with summary words
 * (heap_bits.h), made when the pool is added (heap_ops.added; a pool
 * without one, were the hook not called, has every block free and gets it
 * at its first malloc), so the lowest free block is found in
 * O(log64 blocks) and a free is O(1) plus the summary: flat as the heap
 * grows. One bit a block. At most HEAP_MAX_POOLS pools are tried a malloc. */
#include "heap_bits.h"
#include "heap_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* h->priv. */
struct pools {
    struct hbits free[HEAP_MAX_POOLS]; /* Bit k: block k of the pool is free (nlev 0: all are). */
};

static void pool_teardown(struct heap *h)
{
    struct pools *p = h->priv;

    if (!p)
        return;
    for (unsigned i = 0; i < HEAP_MAX_POOLS; i++)
        hbits_free(&p->free[i]);
    free(p);
    h->priv = NULL;
}

static int pool_check_config(const struct heap *h, char *err, size_t errlen)
{
    (void)h;
    (void)err;
    (void)errlen;
    return 0;
}

static int pool_setup(struct heap *h, char *err, size_t errlen)
{
    h->priv = calloc(1, sizeof(struct pools));
    if (!h->priv) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

/* Makes pool i's bitmap (every block free) if it has none. Returns 0 or -1
 * (out of memory). */
static int make_bits(struct heap *h, unsigned i)
{
    struct pools *p = h->priv;

    if (p->free[i].nlev)
        return 0;
    if (hbits_init(&p->free[i], h->pools[i].count) < 0)
        return -1;
    hbits_fill(&p->free[i], 0, h->pools[i].count, 1);
    return 0;
}

/* Fills order[] with the pools' indexes by block size, then as added.
 * Returns how many. */
static unsigned by_size(const struct heap *h, unsigned *order)
{
    for (unsigned i = 0; i < h->npools; i++) {
        unsigned k = i;

        while (k > 0 && h->pools[order[k - 1]].block > h->pools[i].block) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = i;
    }
    return h->npools;
}

/* Says why no pool could take `bytes`: nothing fits or all that fit are full. */
static void refuse(const struct heap *h, uint64_t bytes, uint64_t tried, struct note *n)
{
    uint64_t big = 0;

    if (!n)
        return;
    for (unsigned i = 0; i < h->npools; i++)
        if (h->pools[i].block > big)
            big = h->pools[i].block;
    if (!h->npools) {
        note_what(n, "no pools to take %llu B from", (unsigned long long)bytes);
        note_why(n, "add one first: pool BLOCK-BYTES COUNT");
    } else if (bytes > big) {
        note_what(n, "%llu B is larger than the largest block (%llu B)", (unsigned long long)bytes,
                  (unsigned long long)big);
        note_why(n, "a pool hands out whole blocks of its one size; none is that big");
    } else {
        note_what(n, "no free block of %llu B or more", (unsigned long long)bytes);
        note_why(n, "the %llu pool%s whose blocks fit %s full", (unsigned long long)tried,
                 tried == 1 ? "" : "s", tried == 1 ? "is" : "are all");
    }
}

/* Takes the lowest free block of the pool of the smallest block size that
 * fits and has one, trying larger sizes next (each pool tried a step). */
static int pool_alloc(struct heap *h, uint64_t bytes, uint32_t cache, struct heap_block *b,
                      struct heap_steps *st, struct note *n)
{
    struct pools *p = h->priv;
    unsigned order[HEAP_MAX_POOLS], np = by_size(h, order), k;
    struct heap_pool *pl = NULL;
    uint64_t idx;

    (void)cache;
    for (k = 0; k < np; k++) {
        pl = &h->pools[order[k]];
        if (pl->block < bytes)
            continue;
        st->searched++;
        if (pl->used < pl->count)
            break;
    }
    st->steps = st->searched;
    if (k == np) {
        refuse(h, bytes, st->searched, n);
        return -1;
    }
    if (make_bits(h, order[k]) < 0) {
        if (n) {
            note_what(n, "out of memory for pool %u's bitmap", order[k]);
            note_why(n, "the pool had no bitmap yet");
        }
        return -1;
    }
    idx = hbits_next(&p->free[order[k]], 0);
    hbits_clear(&p->free[order[k]], idx);
    pl->used++;
    memset(b, 0, sizeof *b);
    b->addr = pl->base + idx * pl->block;
    b->span = pl->block;
    b->size = bytes;
    b->where = order[k];
    if (n)
        note_why(n,
                 "block %llu of pool %u (%llu B blocks at 0x%llx), its lowest free, padding %llu "
                 "B; %s; %llu of %llu now in use",
                 (unsigned long long)idx, order[k], (unsigned long long)pl->block,
                 (unsigned long long)pl->base, (unsigned long long)(b->span - bytes),
                 st->searched > 1 ? "the pools of smaller blocks that fit were full"
                                  : "the smallest blocks that fit",
                 (unsigned long long)pl->used, (unsigned long long)pl->count);
    return 0;
}

static void pool_release(struct heap *h, const struct heap_block *b, struct heap_steps *st,
                         struct note *n)
{
    struct pools *p = h->priv;
    struct heap_pool *pl = &h->pools[b->where];
    uint64_t idx = (b->addr - pl->base) / pl->block;

    hbits_set(&p->free[b->where], idx);
    pl->used--;
    st->searched = st->steps = 1;
    if (n)
        note_why(n, "block %llu of pool %u is free again (%llu of %llu in use)",
                 (unsigned long long)idx, b->where, (unsigned long long)pl->used,
                 (unsigned long long)pl->count);
}

/* The largest block size of a pool with a free block: O(pools). */
static uint64_t pool_largest(const struct heap *h)
{
    uint64_t big = 0;

    for (unsigned i = 0; i < h->npools; i++)
        if (h->pools[i].used < h->pools[i].count && h->pools[i].block > big)
            big = h->pools[i].block;
    return big;
}

/* The runs of free blocks of each pool (adjacent free blocks of one pool
 * make one extent) and the bytes after the last pool, by address. */
static long pool_extents(const struct heap *h, struct heap_extent **out)
{
    const struct pools *p = h->priv;
    size_t n = 0, cap = 0;
    uint64_t end = 0;

    *out = NULL;
    for (unsigned i = 0; i < h->npools; i++) {
        const struct heap_pool *pl = &h->pools[i];
        const struct hbits *f = &p->free[i];

        end = pl->base + pl->block * pl->count;
        if (f->nlev ? hbits_runs(f, pl->base, pl->block, out, &n, &cap)
                    : hbits_push(out, &n, &cap, pl->base, pl->block * pl->count))
            goto out_oom;
    }
    if (end < h->bytes && hbits_push(out, &n, &cap, end, h->bytes - end) < 0)
        goto out_oom;
    return (long)n;
out_oom:
    free(*out);
    *out = NULL;
    return -1;
}

/* Checks that block b is a block of its pool and sets *idx to its index
 * there. Returns 0 or -1 with the reason in err. */
static int block_of_pool(const struct heap *h, const struct heap_block *b, uint64_t *idx, char *err,
                         size_t errlen)
{
    const struct heap_pool *pl = &h->pools[b->where < h->npools ? b->where : 0];

    if (b->where >= h->npools || b->addr < pl->base || b->span != pl->block || b->header ||
        b->size > b->span || (b->addr - pl->base) % pl->block ||
        (b->addr - pl->base) / pl->block >= pl->count) {
        snprintf(err, errlen, "block %s (0x%llx, %llu B) is not a block of pool %u", b->name,
                 (unsigned long long)b->addr, (unsigned long long)b->span, b->where);
        return -1;
    }
    *idx = (b->addr - pl->base) / pl->block;
    return 0;
}

/* Checks the pools' layout: one after the other from 0 inside the heap. */
static int check_layout(const struct heap *h, char *err, size_t errlen)
{
    uint64_t at = 0;

    for (unsigned i = 0; i < h->npools; i++) {
        const struct heap_pool *pl = &h->pools[i];

        if (pl->base != at || !pl->block || !pl->count || pl->block > h->bytes - at ||
            pl->count > (h->bytes - at) / pl->block) {
            snprintf(err, errlen,
                     "pool %u (%llu x %llu B at 0x%llx) is not laid out after the "
                     "last inside the heap",
                     i, (unsigned long long)pl->count, (unsigned long long)pl->block,
                     (unsigned long long)pl->base);
            return -1;
        }
        at += pl->block * pl->count;
    }
    return 0;
}

/* Every invariant: the layout, each block a block of its pool that the
 * pool's bitmap has in use, the used counts, the bitmaps' summaries. */
static int pool_check(const struct heap *h, char *err, size_t errlen)
{
    const struct pools *p = h->priv;
    uint64_t inpool[HEAP_MAX_POOLS] = {0}, idx;

    if (check_layout(h, err, errlen) < 0)
        return -1;
    for (size_t i = 0; i < h->nblocks; i++) {
        const struct heap_block *b = &h->blocks[i];

        if (block_of_pool(h, b, &idx, err, errlen) < 0)
            return -1;
        if (!p->free[b->where].nlev || hbits_test(&p->free[b->where], idx)) {
            snprintf(err, errlen, "block %s is free in pool %u's bitmap", b->name, b->where);
            return -1;
        }
        inpool[b->where]++;
    }
    for (unsigned i = 0; i < h->npools; i++) {
        const struct hbits *f = &p->free[i];
        uint64_t used = f->nlev ? h->pools[i].count - hbits_count(f, 0, f->nbits) : 0;

        if (used != h->pools[i].used || inpool[i] != used ||
            (f->nlev && (!hbits_ok(f) || f->nbits != h->pools[i].count))) {
            snprintf(err, errlen,
                     "pool %u: %llu blocks in use, its count says %llu, its bitmap %llu", i,
                     (unsigned long long)inpool[i], (unsigned long long)h->pools[i].used,
                     (unsigned long long)used);
            return -1;
        }
    }
    return 0;
}

/* After a restore: the bitmaps and used counts from the blocks. */
static int pool_rebuild(struct heap *h, char *err, size_t errlen)
{
    struct pools *p = h->priv;
    uint64_t idx;

    if (check_layout(h, err, errlen) < 0)
        return -1;
    for (unsigned i = 0; i < h->npools; i++) {
        if (make_bits(h, i) < 0) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        hbits_fill(&p->free[i], 0, h->pools[i].count, 1);
        h->pools[i].used = 0;
    }
    for (size_t i = 0; i < h->nblocks; i++) {
        const struct heap_block *b = &h->blocks[i];

        if (block_of_pool(h, b, &idx, err, errlen) < 0)
            return -1;
        if (!hbits_test(&p->free[b->where], idx)) {
            snprintf(err, errlen, "block %s takes a block of pool %u already taken", b->name,
                     b->where);
            return -1;
        }
        hbits_clear(&p->free[b->where], idx);
        h->pools[b->where].used++;
    }
    return 0;
}

/* heap_pool_add appended a pool: its bitmap, every block free. */
static int pool_added(struct heap *h, char *err, size_t errlen)
{
    if (make_bits(h, h->npools - 1) < 0) {
        snprintf(err, errlen, "out of memory for the pool's bitmap");
        return -1;
    }
    return 0;
}

const struct heap_ops heap_pool_ops = {
    pool_setup,   pool_teardown, pool_check_config, pool_alloc,   pool_release, hbits_resize_fixed,
    pool_largest, pool_extents,  pool_check,        pool_rebuild, pool_added,
};
