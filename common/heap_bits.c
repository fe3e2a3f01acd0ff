/* heap_bits.c: bitmaps with summary words for the heap allocators. See
 * heap_bits.h. */
#include "heap_bits.h"

#include <stdlib.h>
#include <string.h>

int hbits_init(struct hbits *b, uint64_t nbits)
{
    uint64_t total = 0, n = nbits;
    uint64_t *words;

    memset(b, 0, sizeof *b);
    if (nbits == 0)
        return -1;
    do {
        n = (n + 63) / 64;
        if (b->nlev == HBITS_MAXLEV)
            return -1;
        b->nw[b->nlev++] = n;
        total += n;
    } while (n > 1);
    words = calloc(total, sizeof *words);
    if (!words) {
        memset(b, 0, sizeof *b);
        return -1;
    }
    for (unsigned k = 0; k < b->nlev; k++) {
        b->w[k] = words;
        words += b->nw[k];
    }
    b->nbits = nbits;
    return 0;
}

void hbits_free(struct hbits *b)
{
    free(b->w[0]);
    memset(b, 0, sizeof *b);
}

void hbits_set(struct hbits *b, uint64_t i)
{
    for (unsigned k = 0; k < b->nlev; k++) {
        uint64_t *w = &b->w[k][i >> 6], was = *w;

        *w = was | UINT64_C(1) << (i & 63);
        if (was)
            return;
        i >>= 6;
    }
}

void hbits_clear(struct hbits *b, uint64_t i)
{
    for (unsigned k = 0; k < b->nlev; k++) {
        uint64_t *w = &b->w[k][i >> 6];

        *w &= ~(UINT64_C(1) << (i & 63));
        if (*w)
            return;
        i >>= 6;
    }
}

void hbits_put(struct hbits *b, uint64_t i, int on, uint64_t *count)
{
    if (on) {
        hbits_set(b, i);
        ++*count;
    } else {
        hbits_clear(b, i);
        --*count;
    }
}

int hbits_test(const struct hbits *b, uint64_t i)
{
    return (int)(b->w[0][i >> 6] >> (i & 63) & 1);
}

uint64_t hbits_next(const struct hbits *b, uint64_t from)
{
    uint64_t i = from;
    unsigned k = 0;

    if (from >= b->nbits)
        return HBITS_NONE;
    for (;;) { /* Climb until a word has a set bit at or after i. */
        uint64_t wi = i >> 6, m;

        if (wi >= b->nw[k])
            return HBITS_NONE;
        m = b->w[k][wi] & (~UINT64_C(0) << (i & 63));
        if (m) {
            i = wi << 6 | (uint64_t)__builtin_ctzll(m);
            break;
        }
        if (k + 1 == b->nlev)
            return HBITS_NONE;
        i = wi + 1;
        k++;
    }
    while (k > 0) { /* Descend by the lowest set bit. */
        k--;
        i = i << 6 | (uint64_t)__builtin_ctzll(b->w[k][i]);
    }
    return i;
}

/* Returns the summary word p of level k (>= 1) as level k-1 says it should be. */
static uint64_t summary_of(const struct hbits *b, unsigned k, uint64_t p)
{
    uint64_t s = 0;

    for (unsigned j = 0; j < 64 && p * 64 + j < b->nw[k - 1]; j++)
        if (b->w[k - 1][p * 64 + j])
            s |= UINT64_C(1) << j;
    return s;
}

void hbits_fill(struct hbits *b, uint64_t lo, uint64_t hi, int on)
{
    uint64_t wl, wh;

    if (lo >= hi)
        return;
    for (uint64_t i = lo; i < hi;) {
        uint64_t n = 64 - (i & 63) < hi - i ? 64 - (i & 63) : hi - i;
        uint64_t m = (n == 64 ? ~UINT64_C(0) : (UINT64_C(1) << n) - 1) << (i & 63);

        if (on)
            b->w[0][i >> 6] |= m;
        else
            b->w[0][i >> 6] &= ~m;
        i += n;
    }
    wl = lo >> 6;
    wh = (hi - 1) >> 6;
    for (unsigned k = 1; k < b->nlev; k++) {
        wl >>= 6;
        wh >>= 6;
        for (uint64_t p = wl; p <= wh; p++)
            b->w[k][p] = summary_of(b, k, p);
    }
}

uint64_t hbits_count(const struct hbits *b, uint64_t lo, uint64_t hi)
{
    uint64_t c = 0;

    for (uint64_t i = lo; i < hi;) {
        uint64_t n = 64 - (i & 63) < hi - i ? 64 - (i & 63) : hi - i;
        uint64_t m = (n == 64 ? ~UINT64_C(0) : (UINT64_C(1) << n) - 1) << (i & 63);

        c += (uint64_t)__builtin_popcountll(b->w[0][i >> 6] & m);
        i += n;
    }
    return c;
}

int hbits_ok(const struct hbits *b)
{
    if (b->nlev == 0)
        return 0;
    if (b->nbits & 63 && b->w[0][b->nw[0] - 1] >> (b->nbits & 63))
        return 0;
    for (unsigned k = 1; k < b->nlev; k++)
        for (uint64_t p = 0; p < b->nw[k]; p++)
            if (b->w[k][p] != summary_of(b, k, p))
                return 0;
    return 1;
}

int hbits_push(struct heap_extent **v, size_t *n, size_t *cap, uint64_t addr, uint64_t size)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        struct heap_extent *nv = realloc(*v, nc * sizeof *nv);

        if (!nv)
            return -1;
        *v = nv;
        *cap = nc;
    }
    (*v)[*n].addr = addr;
    (*v)[(*n)++].size = size;
    return 0;
}

/* Returns the lowest clear bit >= from (from itself when clear), or nbits. */
static uint64_t next_clear(const struct hbits *b, uint64_t from)
{
    for (uint64_t i = from; i < b->nbits;) {
        uint64_t m = ~b->w[0][i >> 6] & (~UINT64_C(0) << (i & 63));

        if (m) {
            i = (i & ~UINT64_C(63)) | (uint64_t)__builtin_ctzll(m);
            return i < b->nbits ? i : b->nbits;
        }
        i = (i | 63) + 1;
    }
    return b->nbits;
}

int hbits_runs(const struct hbits *b, uint64_t base, uint64_t unit, struct heap_extent **v,
               size_t *n, size_t *cap)
{
    for (uint64_t i = hbits_next(b, 0); i != HBITS_NONE;) {
        uint64_t j = next_clear(b, i);

        if (hbits_push(v, n, cap, base + i * unit, (j - i) * unit) < 0)
            return -1;
        i = hbits_next(b, j);
    }
    return 0;
}

int hbits_resize_fixed(struct heap *h, struct heap_block *b, uint64_t bytes, struct heap_steps *st,
                       struct note *n)
{
    if (bytes > b->span)
        return -1;
    b->size = bytes;
    st->steps = 0;
    if (n)
        note_why(n, "its %llu B %s holds %llu B", (unsigned long long)b->span,
                 h->cfg.kind == HEAP_SLAB ? "slot" : "block", (unsigned long long)bytes);
    return 0;
}
