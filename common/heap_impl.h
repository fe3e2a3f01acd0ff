/* heap_impl.h: what heap.c (the core: names, blocks, counters, notes,
 * restore, compare) and the allocators (heap_freelist.c, heap_buddy.c,
 * heap_slab.c, heap_pool.c) share; nothing else includes it. See heap.h. */
#ifndef MT_HEAP_IMPL_H
#define MT_HEAP_IMPL_H

#include "heap.h"

/* An allocator. The core keeps h->blocks, the name index, h->used/asked,
 * h->total and h->last; the allocator keeps its free structures (h->list,
 * h->slabs, h->pools' used counts, h->priv). */
struct heap_ops {
    /* Makes the allocator's free state for an empty heap (h->bytes and
     * h->cfg set, checked by check_config). Returns 0 or -1 (out of memory)
     * with the reason in err. */
    int (*setup)(struct heap *h, char *err, size_t errlen);
    /* Frees h->priv (and what else only it owns). */
    void (*teardown)(struct heap *h);
    /* Checks the kind's settings for a heap of h->bytes. Returns 0 or -1 with
     * the reason in err. */
    int (*check_config)(const struct heap *h, char *err, size_t errlen);
    /* Finds room for `bytes` (slab: in cache `cache`, HEAP_NONE for the
     * smallest that fits; else HEAP_NONE) and takes it from the free state:
     * fills b's addr, span, header and where (the core sets its name and
     * size), st and the note's why (how it chose; the core then writes the
     * what: "malloc a 10: 16 B at 0x0 (header 4, padding 2); searched 1
     * entry, split 1"). Returns 0, or -1 with nothing changed but st (what
     * the search cost) and the reason in the note's what (no room, larger
     * than the largest block; the core counts it as refused). The core has
     * made room for one more block in h->blocks before. */
    int (*alloc)(struct heap *h, uint64_t bytes, uint32_t cache, struct heap_block *b,
                 struct heap_steps *st, struct note *n);
    /* Gives block b (already out of h->blocks, or, in a realloc that moves,
     * still in it under the same name) back to the free state (merges,
     * coalescing); fills st and the note's why. Cannot fail: alloc makes any
     * room a later release needs. */
    void (*release)(struct heap *h, const struct heap_block *b, struct heap_steps *st,
                    struct note *n);
    /* Resizes block b (a copy) in place to `bytes` when the allocator can
     * (its span, or free space right after it): updates b's span and the
     * free state (the core sets b's size and puts b back), fills st and the
     * note's why. Returns 0, or -1 (not in place) with nothing changed but st
     * (the core then allocates anew and releases the old block). */
    int (*resize)(struct heap *h, struct heap_block *b, uint64_t bytes, struct heap_steps *st,
                  struct note *n);
    /* Returns the largest block it could hand out now (a span). */
    uint64_t (*largest)(const struct heap *h);
    /* Appends the free extents by address (heap_free_extents). Returns how
     * many, or -1 (out of memory). */
    long (*extents)(const struct heap *h, struct heap_extent **out);
    /* Checks the kind's invariants against h->blocks. Returns 0 or -1 with
     * what is wrong in err. */
    int (*check)(const struct heap *h, char *err, size_t errlen);
    /* After a restore: rebuilds the free state and h->priv from h->blocks
     * (and h->list, h->slabs). Returns 0 or -1 with the reason in err. */
    int (*rebuild)(struct heap *h, char *err, size_t errlen);
    /* heap_cache_add and heap_pool_add (heap.c) check their arguments and
     * append h->caches[h->ncaches - 1] or h->pools[h->npools - 1] (the pool's
     * base set, used 0), then call this, when set, to grow h->priv for it.
     * Returns 0, or -1 (out of memory) with the reason in err: the core then
     * takes the cache or pool back, so nothing changed. */
    int (*added)(struct heap *h, char *err, size_t errlen);
};

extern const struct heap_ops heap_freelist_ops, heap_buddy_ops, heap_slab_ops, heap_pool_ops;

/* The allocator of h's kind, or NULL (not built in, or h not set up). */
const struct heap_ops *heap_ops_of(const struct heap *h);

/* The blocks and their name index (heap_index.c): an open-addressing hash of
 * block indexes, so that finding, adding and removing a block is O(1).
 * heap_blocks_reserve makes room for `more` blocks beyond h->nblocks (array
 * and index); returns 0 or -1 (out of memory, nothing changed). After it,
 * heap_blocks_add appends *b (indexing it, adding to h->used and h->asked)
 * and cannot fail. heap_blocks_remove takes block i out, moving the last
 * block into its place (swap-remove). heap_names_find returns a block's
 * index or SIZE_MAX. heap_names_reserve is heap_blocks_reserve's index part;
 * heap_names_free releases the index. heap_names_check checks that the
 * index finds every block at its index and holds nothing else; returns 0 or
 * -1 with what is wrong in err. */
int heap_blocks_reserve(struct heap *h, size_t more);
void heap_blocks_add(struct heap *h, const struct heap_block *b);
void heap_blocks_remove(struct heap *h, size_t i);
size_t heap_names_find(const struct heap *h, const char *name);
int heap_names_reserve(struct heap *h, size_t more);
void heap_names_free(struct heap *h);
int heap_names_check(const struct heap *h, char *err, size_t errlen);

#endif
