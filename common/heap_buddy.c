/* heap_buddy.c: the buddy system behind heap_buddy_ops (heap.h tells the
 * rules). The free blocks of each order are a bitmap with summary words
 * (heap_bits.h), one bit a block of that order, so the lowest-addressed
 * free block of an order is found in O(log64 blocks) and the smallest order
 * with a free block in O(orders) through a count per order: malloc and free
 * are O(orders), whatever the heap's size. Memory: two bits per smallest
 * block (2^26 bytes for a 1 GiB heap of 16-byte blocks, 2^27 bits of them
 * at the lowest order). The allocated blocks' orders come from their spans
 * (h->blocks), so nothing else is kept per block. */
#include "heap_bits.h"
#include "heap_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUDDY_ORDERS 64

/* h->priv: order j holds blocks of 2^(minlog + j) bytes, j < nord; the top
 * order is the whole heap. */
struct buddy {
    unsigned minlog, nord;
    struct hbits free[BUDDY_ORDERS]; /* Bit addr >> (minlog + j): that block is free. */
    uint64_t nfree[BUDDY_ORDERS];    /* Set bits of free[j]. */
};

/* Returns 1 when v is a power of two, else 0. */
static int is_pow2(uint64_t v)
{
    return v && !(v & (v - 1));
}

/* Returns log2 of v (a power of two). */
static unsigned log2_of(uint64_t v)
{
    return (unsigned)(63 - __builtin_clzll(v));
}

/* Returns the bytes of a block of order j. */
static uint64_t order_bytes(const struct buddy *bd, unsigned j)
{
    return UINT64_C(1) << (bd->minlog + j);
}

/* Returns the smallest order whose blocks hold `bytes` (1 .. the heap). */
static unsigned order_for(const struct buddy *bd, uint64_t bytes)
{
    unsigned lg = bytes <= 1 ? 0 : (unsigned)(64 - __builtin_clzll(bytes - 1));

    return lg > bd->minlog ? lg - bd->minlog : 0;
}

/* Writes a power-of-two size as textbooks do (1M, 512K, 16) into buf. Returns buf. */
static const char *bsize(char *buf, size_t len, uint64_t v)
{
    static const struct {
        unsigned shift;
        const char *unit;
    } units[] = {{30, "G"}, {20, "M"}, {10, "K"}, {0, ""}};

    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (v >> units[i].shift && !(v & ((UINT64_C(1) << units[i].shift) - 1))) {
            snprintf(buf, len, "%llu%s", (unsigned long long)(v >> units[i].shift), units[i].unit);
            return buf;
        }
    snprintf(buf, len, "%llu", (unsigned long long)v);
    return buf;
}

/* Marks block addr of order j free (on 1) or not free (on 0). */
static void mark(struct buddy *bd, unsigned j, uint64_t addr, int on)
{
    hbits_put(&bd->free[j], addr >> (bd->minlog + j), on, &bd->nfree[j]);
}

/* Returns 1 when block addr of order j is free as a whole, else 0. */
static int is_free(const struct buddy *bd, unsigned j, uint64_t addr)
{
    return hbits_test(&bd->free[j], addr >> (bd->minlog + j));
}

static void buddy_destroy(struct buddy *bd)
{
    if (!bd)
        return;
    for (unsigned j = 0; j < bd->nord; j++)
        hbits_free(&bd->free[j]);
    free(bd);
}

static void buddy_teardown(struct heap *h)
{
    buddy_destroy(h->priv);
    h->priv = NULL;
}

static int buddy_check_config(const struct heap *h, char *err, size_t errlen)
{
    uint64_t m = h->cfg.min_block;

    if (!is_pow2(h->bytes)) {
        snprintf(err, errlen, "buddy needs a heap of a power of two bytes, not %llu",
                 (unsigned long long)h->bytes);
        return -1;
    }
    if (!is_pow2(m) || m > h->bytes) {
        snprintf(err, errlen, "buddy min=%llu must be a power of two no larger than the heap",
                 (unsigned long long)m);
        return -1;
    }
    return 0;
}

static int buddy_setup(struct heap *h, char *err, size_t errlen)
{
    struct buddy *bd = calloc(1, sizeof *bd);

    if (!bd)
        goto out_oom;
    bd->minlog = log2_of(h->cfg.min_block);
    bd->nord = log2_of(h->bytes) - bd->minlog + 1;
    for (unsigned j = 0; j < bd->nord; j++)
        if (hbits_init(&bd->free[j], h->bytes >> (bd->minlog + j)) < 0)
            goto out_free;
    mark(bd, bd->nord - 1, 0, 1);
    h->priv = bd;
    return 0;
out_free:
    buddy_destroy(bd);
out_oom:
    snprintf(err, errlen, "out of memory for the buddy bitmaps");
    return -1;
}

/* Returns the largest free block: O(orders). */
static uint64_t buddy_largest(const struct heap *h)
{
    const struct buddy *bd = h->priv;

    for (unsigned j = bd->nord; j-- > 0;)
        if (bd->nfree[j])
            return order_bytes(bd, j);
    return 0;
}

/* Says why a malloc of `bytes` (order want, or nord when larger than the
 * heap) found no block (n may be NULL). */
static void refuse(const struct heap *h, uint64_t bytes, unsigned want, struct note *n)
{
    const struct buddy *bd = h->priv;
    char a[24], b[24];

    if (!n)
        return;
    if (want >= bd->nord) {
        note_what(n, "%llu B is more than the whole heap (%s)", (unsigned long long)bytes,
                  bsize(a, sizeof a, h->bytes));
        note_why(n, "a buddy block is at most the heap");
        return;
    }
    bsize(a, sizeof a, order_bytes(bd, want));
    note_what(n, "no free block of %s or larger for %llu B", a, (unsigned long long)bytes);
    note_why(n, "%llu B rounds up to %s; the largest free block is %s", (unsigned long long)bytes,
             a, bsize(b, sizeof b, buddy_largest(h)));
}

/* Says in the note's why how block b came from a free block of order top:
 * "split 1M -> 512K -> 256K -> 128K, took 0x0 (128K): ...". */
static void say_taken(const struct buddy *bd, const struct heap_block *b, unsigned top,
                      const struct heap_steps *st, struct note *n)
{
    char why[NOTE_MAX] = "", a[24];
    unsigned want = log2_of(b->span) - bd->minlog;

    for (unsigned j = top + 1; j-- > want && top > want;)
        note_append(why, sizeof why, "%s%s", j == top ? "split " : " -> ",
                    bsize(a, sizeof a, order_bytes(bd, j)));
    note_append(why, sizeof why, "%stook 0x%llx (%s)%s: %llu B rounds up to %s (padding %llu B), ",
                top > want ? ", " : "", (unsigned long long)b->addr, a,
                top > want ? "" : " without a split", (unsigned long long)b->size,
                bsize(a, sizeof a, b->span), (unsigned long long)(b->span - b->size));
    note_append(why, sizeof why, "the lowest free block of the smallest size free (%llu %s)",
                (unsigned long long)st->searched,
                st->searched == 1 ? "size looked at" : "sizes looked at");
    note_why(n, "%s", why);
}

/* Takes the lowest-addressed free block of the smallest order >= want that
 * has one (each order looked at a step, searched) and splits it down to
 * want keeping the low half (each split a step). */
static int buddy_alloc(struct heap *h, uint64_t bytes, uint32_t cache, struct heap_block *b,
                       struct heap_steps *st, struct note *n)
{
    struct buddy *bd = h->priv;
    unsigned want = bytes > h->bytes ? bd->nord : order_for(bd, bytes), j = want, top;
    uint64_t addr;

    (void)cache;
    while (j < bd->nord && !bd->nfree[j]) {
        j++;
        st->searched++;
    }
    if (j >= bd->nord) {
        st->steps = st->searched;
        refuse(h, bytes, want, n);
        return -1;
    }
    st->searched++;
    top = j;
    addr = hbits_next(&bd->free[j], 0) << (bd->minlog + j);
    mark(bd, j, addr, 0);
    while (j > want) {
        j--;
        mark(bd, j, addr + order_bytes(bd, j), 1);
        st->splits++;
    }
    st->steps = st->searched + st->splits;
    memset(b, 0, sizeof *b);
    b->addr = addr;
    b->span = order_bytes(bd, want);
    b->size = bytes;
    b->where = HEAP_NONE;
    if (n)
        say_taken(bd, b, top, st, n);
    return 0;
}

/* Frees block b: merges it with its buddy while the buddy is free (each a
 * step), naming each merge in the note's why. */
static void buddy_release(struct heap *h, const struct heap_block *b, struct heap_steps *st,
                          struct note *n)
{
    struct buddy *bd = h->priv;
    unsigned j = log2_of(b->span) - bd->minlog;
    uint64_t addr = b->addr;
    char why[NOTE_MAX] = "", a[24];

    while (j + 1 < bd->nord) {
        uint64_t buddy = addr ^ order_bytes(bd, j);

        if (!is_free(bd, j, buddy)) {
            if (n)
                note_append(why, sizeof why, "%sbuddy 0x%llx (%s) is not free",
                            st->merges ? "; " : "", (unsigned long long)buddy,
                            bsize(a, sizeof a, order_bytes(bd, j)));
            break;
        }
        mark(bd, j, buddy, 0);
        addr &= ~order_bytes(bd, j);
        j++;
        st->merges++;
        if (n)
            note_append(why, sizeof why, "%s0x%llx -> %s at 0x%llx",
                        st->merges > 1 ? ", with buddy " : "merged with buddy ",
                        (unsigned long long)buddy, bsize(a, sizeof a, order_bytes(bd, j)),
                        (unsigned long long)addr);
    }
    mark(bd, j, addr, 1);
    st->steps = st->merges;
    if (!n)
        return;
    if (j + 1 == bd->nord)
        note_append(why, sizeof why, "%sthe whole heap is free", st->merges ? "; " : "");
    note_why(n, "%s", why);
}

/* Grows block b of order j to order want (> j) in place when it is the low
 * half at each order on the way and each buddy on the way is free (each a
 * merge). Returns 0, or -1 with nothing changed. */
static int grow(struct buddy *bd, struct heap_block *b, unsigned j, unsigned want,
                struct heap_steps *st, struct note *n)
{
    char why[NOTE_MAX] = "", a[24];

    for (unsigned k = j; k < want; k++)
        if (b->addr & order_bytes(bd, k) || !is_free(bd, k, b->addr + order_bytes(bd, k)))
            return -1;
    for (unsigned k = j; k < want; k++) {
        mark(bd, k, b->addr + order_bytes(bd, k), 0);
        st->merges++;
        note_append(why, sizeof why, "%s0x%llx (%s)", k > j ? ", " : "took its free buddy ",
                    (unsigned long long)(b->addr + order_bytes(bd, k)),
                    bsize(a, sizeof a, order_bytes(bd, k)));
    }
    if (n)
        note_why(n, "%s", why);
    return 0;
}

/* Resizes b in place: to a smaller order by giving back its upper halves
 * (each a split), to a larger one by taking free buddies after it. */
static int buddy_resize(struct heap *h, struct heap_block *b, uint64_t bytes, struct heap_steps *st,
                        struct note *n)
{
    struct buddy *bd = h->priv;
    unsigned j = log2_of(b->span) - bd->minlog, want;
    char why[NOTE_MAX] = "", a[24];

    if (bytes > h->bytes)
        return -1;
    want = order_for(bd, bytes);
    if (want > j && grow(bd, b, j, want, st, n) < 0)
        return -1;
    if (want == j && n)
        note_why(n, "%s holds %llu B", bsize(a, sizeof a, b->span), (unsigned long long)bytes);
    while (j > want) {
        j--;
        mark(bd, j, b->addr + order_bytes(bd, j), 1);
        st->splits++;
        note_append(why, sizeof why, "%s0x%llx (%s)", why[0] ? ", " : "gave back ",
                    (unsigned long long)(b->addr + order_bytes(bd, j)),
                    bsize(a, sizeof a, order_bytes(bd, j)));
    }
    if (why[0] && n)
        note_why(n, "%s", why);
    b->span = order_bytes(bd, want);
    b->size = bytes;
    st->steps = st->splits + st->merges;
    return 0;
}

static int by_addr(const void *a, const void *b)
{
    const struct heap_extent *x = a, *y = b;

    return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* The free blocks by address, in a new array (NULL when none). */
static long buddy_extents(const struct heap *h, struct heap_extent **out)
{
    const struct buddy *bd = h->priv;
    size_t n = 0, k = 0;

    *out = NULL;
    for (unsigned j = 0; j < bd->nord; j++)
        n += bd->nfree[j];
    if (!n)
        return 0;
    *out = malloc(n * sizeof **out);
    if (!*out)
        return -1;
    for (unsigned j = 0; j < bd->nord; j++)
        for (uint64_t i = hbits_next(&bd->free[j], 0); i != HBITS_NONE;
             i = hbits_next(&bd->free[j], i + 1)) {
            (*out)[k].addr = i << (bd->minlog + j);
            (*out)[k++].size = order_bytes(bd, j);
        }
    qsort(*out, n, sizeof **out, by_addr);
    return (long)n;
}

/* Checks each block alone (a power of two from min_block to the heap,
 * aligned to its size, no header, size within) and makes *out a new array
 * of them (addr, span) by address, checked not to overlap. Returns 0 or -1
 * with the reason in err (*out NULL). */
static int sorted_blocks(const struct heap *h, struct heap_extent **out, char *err, size_t errlen)
{
    *out = malloc((h->nblocks ? h->nblocks : 1) * sizeof **out);
    if (!*out) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < h->nblocks; i++) {
        const struct heap_block *b = &h->blocks[i];

        if (!is_pow2(b->span) || b->span < h->cfg.min_block || b->span > h->bytes ||
            b->addr % b->span || b->addr > h->bytes - b->span || b->header || b->size > b->span ||
            b->where != HEAP_NONE) {
            snprintf(err, errlen, "block %s (0x%llx, %llu B) is not a buddy block", b->name,
                     (unsigned long long)b->addr, (unsigned long long)b->span);
            goto out_free;
        }
        (*out)[i].addr = b->addr;
        (*out)[i].size = b->span;
    }
    qsort(*out, h->nblocks, sizeof **out, by_addr);
    for (size_t i = 1; i < h->nblocks; i++)
        if ((*out)[i - 1].addr + (*out)[i - 1].size > (*out)[i].addr) {
            snprintf(err, errlen, "blocks at 0x%llx and 0x%llx overlap",
                     (unsigned long long)(*out)[i - 1].addr, (unsigned long long)(*out)[i].addr);
            goto out_free;
        }
    return 0;
out_free:
    free(*out);
    *out = NULL;
    return -1;
}

/* Checks the bitmaps (summaries, counts) and that no two free buddies are
 * left unmerged. Returns 0 or -1 with the reason in err. */
static int check_free(const struct buddy *bd, char *err, size_t errlen)
{
    for (unsigned j = 0; j < bd->nord; j++) {
        const struct hbits *f = &bd->free[j];

        if (!hbits_ok(f) || hbits_count(f, 0, f->nbits) != bd->nfree[j]) {
            snprintf(err, errlen, "the free bitmap of %llu-byte blocks is inconsistent",
                     (unsigned long long)order_bytes(bd, j));
            return -1;
        }
        if (j + 1 == bd->nord)
            break;
        for (uint64_t i = hbits_next(f, 0); i != HBITS_NONE; i = hbits_next(f, i + 1))
            if (hbits_test(f, i ^ 1)) {
                snprintf(err, errlen, "free buddies 0x%llx and 0x%llx (%llu B) are not merged",
                         (unsigned long long)((i & ~UINT64_C(1)) << (bd->minlog + j)),
                         (unsigned long long)((i | 1) << (bd->minlog + j)),
                         (unsigned long long)order_bytes(bd, j));
                return -1;
            }
    }
    return 0;
}

/* Every invariant: blocks and free blocks are buddy blocks that cover the
 * heap exactly, no free buddies unmerged, the bitmaps consistent. */
static int buddy_check(const struct heap *h, char *err, size_t errlen)
{
    struct heap_extent *bl, *fr = NULL, *all = NULL;
    long nf;
    size_t n = 0;
    uint64_t at = 0;
    int r = -1;

    if (check_free(h->priv, err, errlen) < 0 || sorted_blocks(h, &bl, err, errlen) < 0)
        return -1;
    nf = buddy_extents(h, &fr);
    if (nf >= 0)
        all = malloc((h->nblocks + (size_t)nf + 1) * sizeof *all);
    if (!all) {
        snprintf(err, errlen, "out of memory");
        goto out_free;
    }
    memcpy(all, bl, h->nblocks * sizeof *all);
    if (nf)
        memcpy(all + h->nblocks, fr, (size_t)nf * sizeof *all);
    n = h->nblocks + (size_t)nf;
    qsort(all, n, sizeof *all, by_addr);
    for (size_t i = 0; i < n; at += all[i++].size)
        if (all[i].addr != at) {
            snprintf(err, errlen, "%s at 0x%llx: blocks and free blocks do not tile the heap",
                     all[i].addr < at ? "overlap" : "gap", (unsigned long long)at);
            goto out_free;
        }
    if (at != h->bytes) {
        snprintf(err, errlen, "blocks and free blocks cover %llu of %llu bytes",
                 (unsigned long long)at, (unsigned long long)h->bytes);
        goto out_free;
    }
    r = 0;
out_free:
    free(all);
    free(fr);
    free(bl);
    return r;
}

/* Marks free the parts of block addr of order j that hold none of the
 * blocks v[lo .. hi-1] (sorted, checked): the whole block when it holds none,
 * nothing when it is one of them, else each half in turn. */
static void cover(struct buddy *bd, const struct heap_extent *v, size_t lo, size_t hi,
                  uint64_t addr, unsigned j)
{
    uint64_t half;
    size_t mid = lo;

    if (lo == hi) {
        mark(bd, j, addr, 1);
        return;
    }
    if (hi - lo == 1 && v[lo].addr == addr && v[lo].size == order_bytes(bd, j))
        return;
    half = order_bytes(bd, j) / 2;
    while (mid < hi && v[mid].addr < addr + half)
        mid++;
    cover(bd, v, lo, mid, addr, j - 1);
    cover(bd, v, mid, hi, addr + half, j - 1);
}

/* After a restore: the free blocks are what the blocks leave, fully merged. */
static int buddy_rebuild(struct heap *h, char *err, size_t errlen)
{
    struct buddy *bd = h->priv;
    struct heap_extent *v;

    if (sorted_blocks(h, &v, err, errlen) < 0)
        return -1;
    for (unsigned j = 0; j < bd->nord; j++) {
        hbits_fill(&bd->free[j], 0, bd->free[j].nbits, 0);
        bd->nfree[j] = 0;
    }
    cover(bd, v, 0, h->nblocks, 0, bd->nord - 1);
    free(v);
    return 0;
}

const struct heap_ops heap_buddy_ops = {
    buddy_setup,   buddy_teardown, buddy_check_config, buddy_alloc,   buddy_release, buddy_resize,
    buddy_largest, buddy_extents,  buddy_check,        buddy_rebuild, NULL,
};
