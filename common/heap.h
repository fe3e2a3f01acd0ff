/* heap.h: a heap of `bytes` bytes managed by one allocator at a time, with
 * named blocks: the third part of the memory unit beside paging and
 * segmentation (docs/heap.md tells the allocators and where memtrack
 * differs from OSTEP's malloc.py on purpose).
 *
 * Addresses count from 0 at the heap's start. A block is the bytes an
 * allocation takes: [addr, addr + span). Of them, `header` bytes are the
 * allocator's header (free list only), `size` the bytes asked for, and the
 * rest (span - header - size) padding: alignment, rounding up to a power of
 * two (buddy) or to the object or pool block size (slab, pool). That is the
 * internal fragmentation. The free bytes are the heap's bytes in no block
 * (a slab's unused slots and a pool's free blocks count as free, not
 * internal); external fragmentation is 1 - largest free run / free bytes,
 * the segment memory's definition (seg_stats), 0 when nothing is free; the
 * largest free run is the largest block the allocator could hand out now.
 *
 * The allocators (heap_kind):
 *   freelist  OSTEP malloc.py's model in full (vm-freespace/malloc.py): a
 *             list of free extents (addr, size) in list order; malloc rounds
 *             the request up to `align` (0: none), adds `header`, searches the
 *             list (first: the first that fits; best: the smallest that fits,
 *             the first of equals; worst: the largest, the first of equals;
 *             next: memtrack's own, first fit from the entry after the one
 *             the last search took, wrapping) counting every entry it looks
 *             at (malloc.py's "searched N elements": first fit stops at its
 *             find, best and worst read the whole list), splits from the low
 *             end (the entry shrinks in place; an exact fit leaves the list);
 *             free puts the block back by `order` (address-sorted, size
 *             ascending, size descending, at the front, at the back; a sort
 *             is stable, as Python's) and then, with coalesce on, merges each
 *             run of entries adjacent in LIST order whose addresses touch
 *             (malloc.py's one pass: with an order other than address-sorted
 *             neighbours in memory may stay apart).
 *   buddy     power-of-two blocks from `min_block` to the heap, whose size
 *             must be a power of two: malloc rounds the request up to a power
 *             of two (at least min_block), takes the lowest-addressed free
 *             block of the smallest order that has one, and splits it down,
 *             keeping the low half each time (each split one step); free
 *             merges the block with its buddy while the buddy is free (each
 *             merge one step). Free blocks are always fully merged, so they
 *             follow from the allocated blocks.
 *   slab      object caches (heap_cache_add: a name and an object size)
 *             carved from slabs of `slab_bytes` bytes (a power of two; the
 *             heap is cut into heap / slab_bytes slab pages, given out lowest
 *             first). Objects are aligned to 8 bytes (the object size rounds
 *             up: padding); a slab holds slab_bytes / object objects. malloc
 *             names its cache (or, with none named, takes the cache of the
 *             smallest object that fits, as kmalloc's size classes): the
 *             lowest free slot of the cache's lowest-addressed partial slab,
 *             else of its lowest empty slab, else a new slab from the lowest
 *             free slab page (counted as a step each: slabs looked at, a new
 *             slab). A slab is full, partial or empty; an empty slab stays
 *             with its cache (as in Bonwick's allocator) until a cache needs a
 *             page and none is free: then the lowest empty slab of any cache
 *             is reclaimed.
 *   pool      fixed-size blocks in pools (heap_pool_add: a block size and a
 *             count) laid out one after the other from address 0 in the
 *             order they were added; malloc takes the lowest free block of the
 *             pool of the smallest block size that fits and has one free
 *             (trying larger sizes next; each pool tried a step), found in
 *             O(1) through a bitmap of 64-bit words with a summary word per
 *             64 words; free is O(1). A request larger than the largest block
 *             is refused with the reason.
 * Changing the allocator (heap_init again) empties the heap.
 *
 * Every operation counts its cost in steps (struct heap_steps): entries
 * searched, splits, merges, slabs or pools looked at: the number a
 * real-time system cares about, worst case as well as mean (heap.total).
 * Every action is all-or-nothing: it returns 0, or -1 with the reason in the
 * note and nothing changed (a refused malloc is counted: heap.total.refused,
 * and heap.last says so). A NULL note skips the text. struct heap owns every
 * array it points to (heap_free_all). Nothing here prints or exits.
 */
#ifndef MT_HEAP_H
#define MT_HEAP_H

#include <stddef.h>
#include <stdint.h>

#include "note.h"

#define HEAP_NAME_MAX      15                  /* Longest block or cache name. */
#define HEAP_MIN_BYTES     16u                 /* Smallest heap. */
#define HEAP_MAX_BYTES     (UINT64_C(1) << 30) /* Largest heap: 1 GiB. */
#define HEAP_DEFAULT_BYTES 65536u              /* --heap's default. */
#define HEAP_MAX_CACHES    16u                 /* Slab caches at once. */
#define HEAP_MAX_POOLS     16u                 /* Pools at once. */
#define HEAP_SLAB_ALIGN    8u                  /* A slab object's alignment. */
#define HEAP_NONE          UINT32_MAX

enum heap_kind { HEAP_FREELIST, HEAP_BUDDY, HEAP_SLAB, HEAP_POOL };
#define HEAP_NKINDS 4

enum heap_fit { HEAP_FIRST, HEAP_BEST, HEAP_WORST, HEAP_NEXT };
enum heap_order { HEAP_ADDRSORT, HEAP_SIZE_UP, HEAP_SIZE_DOWN, HEAP_FRONT, HEAP_BACK };

/* An allocator and its settings: heap_init's. Only the kind's own fields
 * count. heap_config_default fills every field with its default. */
struct heap_config {
    enum heap_kind kind;
    uint64_t header;       /* freelist: header bytes (default 0, malloc.py's -H). */
    uint64_t align;        /* freelist: round requests up to this (0 none, malloc.py's -a). */
    enum heap_fit fit;     /* freelist: default first (malloc.py's default is best). */
    enum heap_order order; /* freelist: default address-sorted. */
    int coalesce;          /* freelist: 1 on (default; malloc.py's default is off). */
    uint64_t min_block;    /* buddy: smallest block, a power of two (default 16). */
    uint64_t slab_bytes;   /* slab: bytes a slab, a power of two (default 4096, or the
                              heap when it is smaller). */
};

/* The cost of one operation. */
struct heap_steps {
    uint64_t searched; /* Free-list entries, slabs or pools looked at. */
    uint32_t splits;   /* Blocks split (buddy) or entries split (freelist). */
    uint32_t merges;   /* Blocks merged (buddy, freelist coalescing). */
    uint64_t steps;    /* All of it: searched + splits + merges (+ a new slab). */
};

/* A block in use. */
struct heap_block {
    char name[HEAP_NAME_MAX + 1];
    uint64_t addr;   /* First byte of the block (its header's, if any). */
    uint64_t span;   /* Bytes it takes. */
    uint64_t header; /* Header bytes at its start (freelist). */
    uint64_t size;   /* Bytes asked for; padding = span - header - size. */
    uint32_t where;  /* slab: its cache's index; pool: its pool's; else HEAP_NONE. */
};

/* A free extent of the free list, or a free buddy block. */
struct heap_extent {
    uint64_t addr, size;
};

/* A slab cache. */
struct heap_cache {
    char name[HEAP_NAME_MAX + 1];
    uint64_t object;   /* Bytes asked for an object. */
    uint64_t slot;     /* object rounded up to HEAP_SLAB_ALIGN: bytes a slot. */
    uint32_t per_slab; /* Slots a slab: slab_bytes / slot. */
};

/* A slab: one slab page given to a cache. */
struct heap_slab {
    uint32_t cache; /* Index in heap.caches. */
    uint64_t addr;  /* Its page's first byte. */
    uint32_t used;  /* Slots in use: 0 empty, per_slab full, else partial. */
};

/* A pool of `count` blocks of `block` bytes from `base`. */
struct heap_pool {
    uint64_t block, count, base;
    uint64_t used; /* Blocks in use. */
};

/* What the last operation did (heap.last). */
enum heap_op_kind { HEAP_OP_NONE, HEAP_OP_MALLOC, HEAP_OP_FREE, HEAP_OP_REALLOC };
struct heap_op {
    enum heap_op_kind op;
    int refused;                  /* 1 when it was refused. */
    char name[HEAP_NAME_MAX + 1]; /* The block. */
    uint64_t size;                /* Bytes asked (malloc, realloc). */
    uint64_t addr, span;          /* The block it made or freed (not refused). */
    struct heap_steps st;
};

/* Counters over every operation since heap_init. */
struct heap_total {
    uint64_t ops;            /* Operations, refused ones too. */
    uint64_t refused;        /* Of them, refused (no room; not bad input). */
    uint64_t steps;          /* Steps of all of them ... */
    uint64_t max_steps;      /* ... and of the costliest. */
    uint64_t worst_internal; /* Most internal-fragmentation bytes after any operation. */
    double worst_external;   /* Highest external fragmentation after any operation. */
};

struct heap {
    uint64_t bytes;            /* The heap's size. */
    struct heap_config cfg;    /* Its allocator. */
    struct heap_block *blocks; /* In use, in no particular order (heap_sorted gives them by
                                  address; a name index in priv finds one in O(1)). */
    size_t nblocks, capblocks;
    uint64_t used, asked;     /* Sums of the blocks' spans and sizes, kept as they change. */
    struct heap_extent *list; /* freelist only: the free list in list order. */
    size_t nlist, caplist;
    size_t next_at; /* freelist, next fit: the list index the next search starts at. */
    struct heap_cache caches[HEAP_MAX_CACHES];
    unsigned ncaches;
    struct heap_slab *slabs; /* slab: slabs by address. */
    size_t nslabs, capslabs;
    struct heap_pool pools[HEAP_MAX_POOLS];
    unsigned npools;
    void *names; /* The name index (heap.c; owned). */
    void *priv;  /* The allocator's own indexes (bitmaps, per-order lists),
                    rebuilt from the above; owned. */
    struct heap_op last;
    struct heap_total total;
};

/* Fragmentation now. */
struct heap_frag {
    uint64_t used;     /* Bytes in blocks (spans). */
    uint64_t asked;    /* Bytes asked for (sizes). */
    uint64_t internal; /* used - asked: headers and padding. */
    uint64_t free;     /* bytes - used. */
    uint64_t largest;  /* Largest block the allocator could hand out now (span). */
    double external;   /* 1 - largest / free; 0 when nothing is free. */
};

/* Names: "freelist", "buddy", "slab", "pool"; "first", "best", "worst",
 * "next"; "address", "size-up", "size-down", "front", "back". Each parse
 * returns 0 and sets *out, or -1. */
const char *heap_kind_name(enum heap_kind k);
int heap_kind_parse(const char *s, enum heap_kind *out);
const char *heap_fit_name(enum heap_fit f);
int heap_fit_parse(const char *s, enum heap_fit *out);
const char *heap_order_name(enum heap_order o);
int heap_order_parse(const char *s, enum heap_order *out);

/* Fills c with kind's defaults (above). */
void heap_config_default(struct heap_config *c, enum heap_kind kind);

/* Returns the default slab size for a heap of `bytes` bytes: 4096, or the
 * largest power of two that fits the heap when the heap is smaller. */
uint64_t heap_slab_default(uint64_t bytes);

/* Checks a block or cache name's spelling: a letter, then letters, digits,
 * '_' or '-', at most HEAP_NAME_MAX. Returns 0 or -1 with the reason. */
int heap_check_name(const char *name, char *err, size_t errlen);

/* Makes an empty heap of `bytes` bytes (HEAP_MIN_BYTES .. HEAP_MAX_BYTES)
 * managed as c says (checked: buddy needs a power-of-two heap and a
 * min_block power of two <= it; slab a slab_bytes power of two from
 * HEAP_SLAB_ALIGN to the heap;
 * freelist header < heap, align 0 or a power of two <= heap). Returns 0, or
 * -1 with the reason in err and *h untouched. Free with heap_free_all. */
int heap_init(struct heap *h, uint64_t bytes, const struct heap_config *c, char *err,
              size_t errlen);

/* Releases what h owns and zeroes it. Safe on a zeroed struct. */
void heap_free_all(struct heap *h);

/* Slab: adds cache `name` of objects of `object` bytes (1 .. slab_bytes).
 * Pool: adds a pool of `count` blocks of `block` bytes after the last pool
 * (it must fit the heap). Each returns 0, or -1 (wrong allocator, bad or
 * duplicate name, size, too many, no room) with the reason in n and nothing
 * changed. */
int heap_cache_add(struct heap *h, const char *name, uint64_t object, struct note *n);
int heap_pool_add(struct heap *h, uint64_t block, uint64_t count, struct note *n);

/* Allocates block `name` (new and well spelt) of `bytes` bytes (1 ..
 * HEAP_MAX_BYTES); slab: from cache `cache` (NULL: the smallest object that
 * fits). Returns 0, or -1 with the reason in n and nothing changed but
 * heap.total and heap.last when there is no room (a refusal, counted). */
int heap_malloc(struct heap *h, const char *name, uint64_t bytes, const char *cache,
                struct note *n);

/* Frees block `name`. Returns 0, or -1 (no such block) with nothing changed. */
int heap_free(struct heap *h, const char *name, struct note *n);

/* Resizes block `name` to `bytes`: in place when its span holds them (or,
 * freelist and buddy, when the free space right after it does), else a
 * malloc of the new size and a free of the old (all-or-nothing: refused,
 * the block stays). Returns 0 or -1 as heap_malloc. */
int heap_realloc(struct heap *h, const char *name, uint64_t bytes, struct note *n);

/* Returns the block named name, or NULL. */
const struct heap_block *heap_find(const struct heap *h, const char *name);

/* Fills *f with the fragmentation now: O(1) for buddy and pool (the
 * allocator keeps its largest free block), O(free list) for freelist, O(slab
 * pages) for slab. */
void heap_frag_now(const struct heap *h, struct heap_frag *f);

/* Makes *out an array (caller frees) of pointers to h's blocks sorted by
 * address. Returns how many, or -1 (out of memory; *out NULL). */
long heap_sorted(const struct heap *h, const struct heap_block ***out);

/* Makes *out an array (caller frees; NULL when none) of the free extents by
 * address: freelist, the list's entries; buddy, the free blocks; slab, the
 * runs of slab pages no cache holds and the bytes after the last whole page;
 * pool, the runs of free blocks of each pool (adjacent free blocks of one
 * pool make one extent, so a heap of millions of free blocks takes a few
 * extents) and the bytes after the last pool. Returns how many, or -1 (out
 * of memory). */
long heap_free_extents(const struct heap *h, struct heap_extent **out);

/* Checks every invariant: blocks sorted, inside the heap, not overlapping,
 * span >= header + size, names unique and well spelt; freelist: the list's
 * extents inside the heap, overlapping no block nor each other, and with
 * the blocks covering the heap exactly; buddy: every block and free block a
 * power of two between min_block and the heap, aligned to its size, no two
 * free buddies unmerged, blocks and free blocks covering the heap; slab:
 * slabs on distinct slab pages, each block in a slot of a slab of its
 * cache, used counts right; pool: pools laid out in order inside the heap,
 * each block a block of its pool, used counts right; the totals adding up.
 * Returns 0, or -1 with what is wrong in err. */
int heap_check(const struct heap *h, char *err, size_t errlen);

/* Restoring a saved heap (the status file's reader), after heap_init and
 * heap_cache_add / heap_pool_add of its caches and pools: heap_restore_block
 * puts block name (addr, span, header, size, where) back;
 * heap_restore_extent appends a free-list extent (freelist only, in list
 * order); heap_restore_slab gives slab page addr to cache `cache`. Each
 * returns 0, or -1 with the reason in err and nothing changed. Then set
 * h->next_at, h->last and h->total directly and call heap_restore_done: it
 * rebuilds the allocator's indexes (buddy: the free blocks from the blocks)
 * and runs heap_check. Returns 0, or -1 with the reason (then free h). */
int heap_restore_block(struct heap *h, const char *name, uint64_t addr, uint64_t span,
                       uint64_t header, uint64_t size, uint32_t where, char *err, size_t errlen);
int heap_restore_extent(struct heap *h, uint64_t addr, uint64_t size, char *err, size_t errlen);
int heap_restore_slab(struct heap *h, uint32_t cache, uint64_t addr, char *err, size_t errlen);
int heap_restore_done(struct heap *h, char *err, size_t errlen);

/* One operation of a workload (heap_compare). */
struct heap_workop {
    enum heap_op_kind op; /* HEAP_OP_MALLOC, HEAP_OP_FREE or HEAP_OP_REALLOC. */
    char name[HEAP_NAME_MAX + 1];
    uint64_t size;
};

/* What a workload did under one allocator. */
struct heap_result {
    int failed; /* 1: the allocator could not be set up (why in err of
                   heap_compare's row: e.g. buddy on a heap not a power of two). */
    char why[160];
    uint64_t ops, refused;   /* Operations played, refused for room (a free of a block
                                whose malloc was refused is skipped, not counted). */
    struct heap_frag end;    /* Fragmentation at the end ... */
    uint64_t worst_internal; /* ... and at the worst moment. */
    double worst_external;
    double mean_steps; /* Steps per operation, mean and max. */
    uint64_t max_steps;
};

/* Plays ops[0 .. n-1] on a fresh heap of h's size under each of cfgs[0 ..
 * ncfg-1] (slab: h's caches, or when h has none or is not slab, caches of
 * 16, 32, ... bytes up to slab_bytes / 8 named size-16 ...; pool: h's
 * pools, or when none, four pools of 16, 64, 256 and 1024 bytes sharing the
 * heap equally) into res[i]. h is not changed. Returns 0, or -1 (out of
 * memory) with the reason in err. */
int heap_compare(const struct heap *h, const struct heap_workop *ops, size_t n,
                 const struct heap_config *cfgs, size_t ncfg, struct heap_result *res, char *err,
                 size_t errlen);

#endif
