/* heap_bits.h: a bitmap with summary words (a 64-ary tree of 64-bit words)
 * for the heap allocators (heap_buddy.c, heap_slab.c, heap_pool.c). Level 0
 * holds the bits; bit i of a word at level k is set when word i of level k-1
 * is not zero, up to a single top word. Setting, clearing and testing a bit
 * and finding the lowest set bit at or after an index each cost O(levels):
 * ceil(log64 nbits), 5 for 2^27 bits. A bitmap owns its words. Also the
 * allocators' free extents are built here from the bitmaps, and the fixed
 * slots of slab and pool resize here. */
#ifndef MT_HEAP_BITS_H
#define MT_HEAP_BITS_H

#include <stddef.h>
#include <stdint.h>

#include "heap.h"

#define HBITS_MAXLEV 7          /* Levels for up to 2^42 bits. */
#define HBITS_NONE   UINT64_MAX /* hbits_next: no set bit. */

struct hbits {
    uint64_t nbits;            /* Bits 0 .. nbits-1. */
    unsigned nlev;             /* Levels, 1 .. HBITS_MAXLEV (0: not made). */
    uint64_t *w[HBITS_MAXLEV]; /* Words of each level (one allocation, w[0] owns it). */
    uint64_t nw[HBITS_MAXLEV]; /* Words at each level. */
};

/* Makes b a bitmap of nbits (>= 1) bits, all clear. Returns 0, or -1 (out of
 * memory) with b zeroed. Free with hbits_free. */
int hbits_init(struct hbits *b, uint64_t nbits);

/* Releases b's words and zeroes it. Safe on a zeroed bitmap. */
void hbits_free(struct hbits *b);

/* Sets or clears bit i (< nbits). */
void hbits_set(struct hbits *b, uint64_t i);
void hbits_clear(struct hbits *b, uint64_t i);

/* Sets (on 1) or clears (on 0) bit i, which must be the other way, and
 * counts it up or down in *count. */
void hbits_put(struct hbits *b, uint64_t i, int on, uint64_t *count);

/* Returns 1 when bit i (< nbits) is set, else 0. */
int hbits_test(const struct hbits *b, uint64_t i);

/* Returns the lowest set bit >= from, or HBITS_NONE. */
uint64_t hbits_next(const struct hbits *b, uint64_t from);

/* Sets (on 1) or clears (on 0) bits lo .. hi-1 (lo <= hi <= nbits) in
 * O((hi - lo) / 64 + levels). */
void hbits_fill(struct hbits *b, uint64_t lo, uint64_t hi, int on);

/* Returns how many of bits lo .. hi-1 are set, in O((hi - lo) / 64). */
uint64_t hbits_count(const struct hbits *b, uint64_t lo, uint64_t hi);

/* Returns 1 when every summary word matches the level below and no bit past
 * nbits is set, else 0. O(nbits / 64). */
int hbits_ok(const struct hbits *b);

/* Appends extent (addr, size) to the array *v (n used of cap, grown as
 * needed; the caller frees it). Returns 0 or -1 (out of memory, *v kept). */
int hbits_push(struct heap_extent **v, size_t *n, size_t *cap, uint64_t addr, uint64_t size);

/* Appends to *v (as hbits_push) one extent for each run of set bits of b:
 * bits i .. j-1 make (base + i * unit, (j - i) * unit). Returns 0 or -1
 * (out of memory). */
int hbits_runs(const struct hbits *b, uint64_t base, uint64_t unit, struct heap_extent **v,
               size_t *n, size_t *cap);

/* heap_ops.resize of the slab and pool allocators, whose blocks are fixed
 * slots: in place when block b's span holds `bytes` (b->size set, no step),
 * else -1 with nothing changed; the note's why (n may be NULL) says so. */
int hbits_resize_fixed(struct heap *h, struct heap_block *b, uint64_t bytes, struct heap_steps *st,
                       struct note *n);

#endif
