/* heap_freelist.c: OSTEP malloc.py's free list (vm-freespace/malloc.py),
 * operation for operation: h->list holds the free extents in list order.
 * See heap.h for the semantics and docs/heap.md for where memtrack differs
 * from malloc.py on purpose.
 *
 * Room: a free adds at most one entry, so the list's capacity is kept at
 * nlist + nblocks or more (alloc makes room before it takes anything) and
 * release, which cannot fail, never grows it; priv's scratch array for the
 * stable sort is kept as large. priv also caches the largest extent. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "heap_impl.h"

struct fl_priv {
    struct heap_extent *tmp; /* Scratch for the merge sort. */
    size_t captmp;
    uint64_t max; /* Largest extent's size (when !dirty) ... */
    size_t nmax;  /* ... and how many extents have it. */
    int dirty;    /* 1: max must be recomputed. */
};

static uint64_t round_up(uint64_t bytes, uint64_t align)
{
    return align ? (bytes + align - 1) / align * align : bytes;
}

/* The largest-extent cache: an extent of `size` came (+1) or went (-1). */
static void max_note(const struct heap *h, uint64_t size, int came)
{
    struct fl_priv *p = h->priv;

    if (p->dirty)
        return;
    if (came > 0 && size > p->max) {
        p->max = size;
        p->nmax = 1;
    } else if (came > 0 && size == p->max) {
        p->nmax++;
    } else if (came < 0 && size == p->max && --p->nmax == 0) {
        p->dirty = 1;
    }
}

static uint64_t fl_largest(const struct heap *h)
{
    struct fl_priv *p = h->priv;

    if (p->dirty) {
        p->max = 0;
        p->nmax = 0;
        p->dirty = 0;
        for (size_t i = 0; i < h->nlist; i++)
            max_note(h, h->list[i].size, 1);
    }
    return p->max;
}

/* Makes room for `want` list entries (list and scratch). Returns 0 or -1. */
static int fl_room(struct heap *h, size_t want)
{
    struct fl_priv *p = h->priv;
    struct heap_extent *v = grow_array(h->list, &h->caplist, want, sizeof *v);

    if (!v)
        return -1;
    h->list = v;
    v = grow_array(p->tmp, &p->captmp, want, sizeof *v);
    if (!v)
        return -1;
    p->tmp = v;
    return 0;
}

static int fl_setup(struct heap *h, char *err, size_t errlen)
{
    h->priv = calloc(1, sizeof(struct fl_priv));
    if (!h->priv || fl_room(h, 2) < 0) {
        snprintf(err, errlen, "out of memory for the free list");
        return -1;
    }
    h->list[0].addr = 0;
    h->list[0].size = h->bytes;
    h->nlist = 1;
    h->next_at = 0;
    ((struct fl_priv *)h->priv)->dirty = 1;
    return 0;
}

static void fl_teardown(struct heap *h)
{
    struct fl_priv *p = h->priv;

    free(p->tmp);
    free(p);
    h->priv = NULL;
}

static int fl_check_config(const struct heap *h, char *err, size_t errlen)
{
    const struct heap_config *c = &h->cfg;

    if (c->header >= h->bytes)
        snprintf(err, errlen, "a header of %llu B leaves no room in a heap of %llu B",
                 (unsigned long long)c->header, (unsigned long long)h->bytes);
    else if (c->align > h->bytes || (c->align & (c->align - 1)) != 0)
        snprintf(err, errlen, "align must be 0 (none) or a power of two up to the heap, not %llu",
                 (unsigned long long)c->align);
    else if ((unsigned)c->fit > HEAP_NEXT || (unsigned)c->order > HEAP_BACK ||
             (c->coalesce != 0 && c->coalesce != 1))
        snprintf(err, errlen, "no such fit, order or coalesce setting");
    else
        return 0;
    return -1;
}

/* Looks for an entry of at least `need` bytes as the fit says, counting the
 * entries looked at in *searched. Returns its index, or SIZE_MAX. */
static size_t fl_search(const struct heap *h, uint64_t need, uint64_t *searched)
{
    enum heap_fit fit = h->cfg.fit;
    size_t n = h->nlist, best = SIZE_MAX, start = fit == HEAP_NEXT ? h->next_at : 0;

    for (size_t k = 0; k < n; k++) {
        size_t i = (start + k) % n;
        uint64_t s = h->list[i].size;

        ++*searched;
        if (s < need)
            continue;
        if (fit == HEAP_FIRST || fit == HEAP_NEXT)
            return i;
        if (best == SIZE_MAX || (fit == HEAP_BEST && s < h->list[best].size) ||
            (fit == HEAP_WORST && s > h->list[best].size))
            best = i;
    }
    return best;
}

static int fl_alloc(struct heap *h, uint64_t bytes, uint32_t cache, struct heap_block *b,
                    struct heap_steps *st, struct note *n)
{
    uint64_t need = round_up(bytes, h->cfg.align) + h->cfg.header;
    struct heap_extent *e;
    size_t i;

    (void)cache;
    if (fl_room(h, h->nlist + h->nblocks + 1) < 0) {
        if (n)
            note_what(n, "out of memory for the free list");
        return -1;
    }
    i = fl_search(h, need, &st->searched);
    st->steps = st->searched;
    if (i == SIZE_MAX) {
        if (n) {
            note_what(n, "no room: no free extent holds %llu B (largest %llu B)",
                      (unsigned long long)need, (unsigned long long)fl_largest(h));
            note_why(n, "%s fit searched %llu of %zu entries", heap_fit_name(h->cfg.fit),
                     (unsigned long long)st->searched, h->nlist);
        }
        return -1;
    }
    e = &h->list[i];
    b->addr = e->addr;
    b->span = need;
    b->header = h->cfg.header;
    b->where = HEAP_NONE;
    if (n)
        note_why(n, "%s fit took entry %zu of %zu, [0x%llx, %llu B]%s", heap_fit_name(h->cfg.fit),
                 i, h->nlist, (unsigned long long)e->addr, (unsigned long long)e->size,
                 e->size > need ? ", split from its low end" : ", an exact fit, leaves the list");
    max_note(h, e->size, -1);
    if (e->size > need) {
        e->addr += need;
        e->size -= need;
        max_note(h, e->size, 1);
        st->splits = 1;
        st->steps++;
        i++;
    } else {
        memmove(e, e + 1, (h->nlist - i - 1) * sizeof *e);
        h->nlist--;
    }
    h->next_at = h->cfg.fit == HEAP_NEXT && i < h->nlist ? i : 0;
    return 0;
}

/* Returns 1 when extent a goes before b in the list's sort order. */
static int goes_before(enum heap_order o, const struct heap_extent *a, const struct heap_extent *b)
{
    if (o == HEAP_ADDRSORT)
        return a->addr < b->addr;
    if (o == HEAP_SIZE_UP)
        return a->size < b->size;
    return a->size > b->size;
}

/* Stable merge sort of v[0 .. n-1] by order o with scratch tmp. */
static void merge_sort(enum heap_order o, struct heap_extent *v, struct heap_extent *tmp, size_t n)
{
    size_t mid = n / 2, i = 0, j = mid, k = 0;

    if (n < 2)
        return;
    merge_sort(o, v, tmp, mid);
    merge_sort(o, v + mid, tmp, n - mid);
    while (i < mid && j < n)
        tmp[k++] = goes_before(o, &v[j], &v[i]) ? v[j++] : v[i++];
    while (i < mid)
        tmp[k++] = v[i++];
    memcpy(v, tmp, k * sizeof *v);
}

/* Appends e and sorts the list stably (Python's sorted()), returning e's new
 * index: a binary insertion when the rest is in order, else a merge sort. */
static size_t sort_in(struct heap *h, struct heap_extent e)
{
    enum heap_order o = h->cfg.order;
    struct heap_extent *v = h->list;
    size_t n = h->nlist, lo = 0, hi = n;
    int sorted = 1;

    /* An address-ordered list stays sorted (fl_check); after a split a
     * size-ordered one may not be. */
    for (size_t i = 1; i < n && sorted && o != HEAP_ADDRSORT; i++)
        sorted = !goes_before(o, &v[i], &v[i - 1]);
    if (!sorted) {
        v[h->nlist++] = e;
        merge_sort(o, v, ((struct fl_priv *)h->priv)->tmp, h->nlist);
        for (size_t i = 0; i < h->nlist; i++)
            if (v[i].addr == e.addr)
                return i;
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (goes_before(o, &e, &v[mid]))
            hi = mid;
        else
            lo = mid + 1;
    }
    memmove(v + lo + 1, v + lo, (n - lo) * sizeof *v);
    v[lo] = e;
    h->nlist++;
    return lo;
}

/* malloc.py's coalescing: one pass merging each entry into the one before it
 * in the list when it starts where that one ends. Returns the merges. */
static uint32_t coalesce(struct heap *h)
{
    struct heap_extent *v = h->list;
    size_t k = 0;
    uint32_t merges = 0;

    for (size_t i = 1; i < h->nlist; i++) {
        if (v[i].addr == v[k].addr + v[k].size) {
            v[k].size += v[i].size;
            merges++;
        } else {
            v[++k] = v[i];
        }
    }
    if (h->nlist)
        h->nlist = k + 1;
    if (merges)
        ((struct fl_priv *)h->priv)->dirty = 1;
    return merges;
}

/* Merges list entry k + 1 into entry k when it starts where k ends.
 * Returns 1 when it did, else 0. */
static uint32_t merge_pair(struct heap *h, size_t k)
{
    struct heap_extent *v = h->list;

    if (k + 1 >= h->nlist || v[k].addr + v[k].size != v[k + 1].addr)
        return 0;
    /* The merged extent first: the largest-extent cache stays exact. */
    max_note(h, v[k].size + v[k + 1].size, 1);
    max_note(h, v[k].size, -1);
    max_note(h, v[k + 1].size, -1);
    v[k].size += v[k + 1].size;
    memmove(v + k + 1, v + k + 2, (h->nlist - k - 2) * sizeof *v);
    h->nlist--;
    return 1;
}

/* Coalescing an address-ordered list that was coalesced before: only the
 * new entry at `at` can touch its neighbours, so merging with those is
 * malloc.py's whole pass. Returns the merges. */
static uint32_t merge_neighbours(struct heap *h, size_t at)
{
    uint32_t merges = merge_pair(h, at);

    return merges + (at > 0 ? merge_pair(h, at - 1) : 0);
}

/* Next fit: points next_at at the entry that holds address a. */
static void next_at_addr(struct heap *h, uint64_t a)
{
    h->next_at = 0;
    for (size_t i = 0; i < h->nlist; i++)
        if (h->list[i].addr <= a && a < h->list[i].addr + h->list[i].size)
            h->next_at = i;
}

static void fl_release(struct heap *h, const struct heap_block *b, struct heap_steps *st,
                       struct note *n)
{
    struct heap_extent e = {b->addr, b->span};
    uint64_t keep = h->next_at < h->nlist ? h->list[h->next_at].addr : e.addr;
    size_t at;

    if (h->cfg.order == HEAP_FRONT) {
        memmove(h->list + 1, h->list, h->nlist * sizeof *h->list);
        h->list[0] = e;
        h->nlist++;
        at = 0;
    } else if (h->cfg.order == HEAP_BACK) {
        at = h->nlist;
        h->list[h->nlist++] = e;
    } else {
        at = sort_in(h, e);
        st->searched = at;
    }
    max_note(h, e.size, 1);
    if (h->cfg.coalesce && h->cfg.order == HEAP_ADDRSORT)
        st->merges = merge_neighbours(h, at);
    else if (h->cfg.coalesce)
        st->merges = coalesce(h);
    st->steps = st->searched + st->merges;
    if (h->cfg.fit == HEAP_NEXT)
        next_at_addr(h, keep);
    if (n)
        note_why(n, "put back %s (list entry %zu of %zu)%s%s", heap_order_name(h->cfg.order), at,
                 h->nlist + st->merges, h->cfg.coalesce ? "; coalescing: " : "",
                 !h->cfg.coalesce ? ""
                 : st->merges     ? "merged entries that touch in list order"
                                  : "no entries touch in list order");
}

/* realloc in place: the span holds the new size (kept whole), or the free
 * extent right after the block does the rest (taken from its low end). */
static int fl_resize(struct heap *h, struct heap_block *b, uint64_t bytes, struct heap_steps *st,
                     struct note *n)
{
    uint64_t need = round_up(bytes, h->cfg.align) + h->cfg.header, more;
    size_t i;

    if (need <= b->span) {
        if (n)
            note_why(n, "its %llu B hold %llu B with the header", (unsigned long long)b->span,
                     (unsigned long long)need);
        return 0;
    }
    more = need - b->span;
    for (i = 0; i < h->nlist; i++) {
        st->searched++;
        if (h->list[i].addr == b->addr + b->span)
            break;
    }
    st->steps = st->searched;
    if (i == h->nlist || h->list[i].size < more)
        return -1;
    max_note(h, h->list[i].size, -1);
    if (h->list[i].size > more) {
        h->list[i].addr += more;
        h->list[i].size -= more;
        max_note(h, h->list[i].size, 1);
        st->splits = 1;
        st->steps++;
    } else {
        memmove(h->list + i, h->list + i + 1, (h->nlist - i - 1) * sizeof *h->list);
        h->nlist--;
        if (i < h->next_at)
            h->next_at--;
        else if (h->next_at >= h->nlist)
            h->next_at = 0;
    }
    b->span = need;
    if (n)
        note_why(n, "grew into the free extent right after it (list entry %zu)", i);
    return 0;
}

/* Compares extents by address for qsort. */
static int ext_by_addr(const void *a, const void *b)
{
    const struct heap_extent *x = a, *y = b;

    return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static long fl_extents(const struct heap *h, struct heap_extent **out)
{
    *out = NULL;
    if (!h->nlist)
        return 0;
    *out = malloc(h->nlist * sizeof **out);
    if (!*out)
        return -1;
    memcpy(*out, h->list, h->nlist * sizeof **out);
    qsort(*out, h->nlist, sizeof **out, ext_by_addr);
    return (long)h->nlist;
}

/* Checks the extents e (by address) against the blocks v (by address):
 * inside the heap, overlapping nothing, together covering it. */
static int cover_check(const struct heap *h, const struct heap_extent *e, size_t ne,
                       const struct heap_block *const *v, size_t nb, char *err, size_t errlen)
{
    uint64_t at = 0;
    size_t i = 0, j = 0;

    while (i < ne || j < nb) {
        int ext = j == nb || (i < ne && e[i].addr < v[j]->addr);
        uint64_t a = ext ? e[i].addr : v[j]->addr, s = ext ? e[i].size : v[j]->span;

        if (a != at || s == 0) {
            snprintf(err, errlen, "%s at 0x%llx (%llu B): expected something at 0x%llx",
                     ext ? "free extent" : "block", (unsigned long long)a, (unsigned long long)s,
                     (unsigned long long)at);
            return -1;
        }
        at = a + s;
        ext ? i++ : j++;
    }
    if (at != h->bytes) {
        snprintf(err, errlen, "blocks and free extents end at 0x%llx, not the heap's end 0x%llx",
                 (unsigned long long)at, (unsigned long long)h->bytes);
        return -1;
    }
    return 0;
}

/* Checks each block's header and span against the settings, next_at, and
 * the list's order where it is sure (address order, coalesced). */
static int blocks_check(const struct heap *h, char *err, size_t errlen)
{
    for (size_t i = 0; i < h->nblocks; i++) {
        const struct heap_block *b = &h->blocks[i];

        if (b->header != h->cfg.header || b->where != HEAP_NONE ||
            b->span < round_up(b->size, h->cfg.align) + b->header) {
            snprintf(err, errlen, "block '%s': header %llu, span %llu do not fit the settings",
                     b->name, (unsigned long long)b->header, (unsigned long long)b->span);
            return -1;
        }
    }
    if (h->next_at >= (h->nlist ? h->nlist : 1) || (h->cfg.fit != HEAP_NEXT && h->next_at)) {
        snprintf(err, errlen, "next-fit index %zu is out of the list of %zu", h->next_at, h->nlist);
        return -1;
    }
    for (size_t i = 1; i < h->nlist && h->cfg.order == HEAP_ADDRSORT; i++)
        if (h->list[i].addr <= h->list[i - 1].addr ||
            (h->cfg.coalesce && h->list[i].addr == h->list[i - 1].addr + h->list[i - 1].size)) {
            snprintf(err, errlen, "list entries %zu and %zu are %s", i - 1, i,
                     h->list[i].addr <= h->list[i - 1].addr ? "out of address order"
                                                            : "not coalesced");
            return -1;
        }
    if (h->caplist < h->nlist + h->nblocks) {
        snprintf(err, errlen, "the list has no room for a free");
        return -1;
    }
    return 0;
}

static int fl_check(const struct heap *h, char *err, size_t errlen)
{
    const struct heap_block **v = NULL;
    struct heap_extent *e = NULL;
    long nb, ne;
    int rc = -1;

    if (blocks_check(h, err, errlen) < 0)
        return -1;
    nb = heap_sorted(h, &v);
    ne = fl_extents(h, &e);
    if (nb < 0 || ne < 0)
        snprintf(err, errlen, "out of memory checking the free list");
    else
        rc = cover_check(h, e, (size_t)ne, v, (size_t)nb, err, errlen);
    free(v);
    free(e);
    return rc;
}

static int fl_rebuild(struct heap *h, char *err, size_t errlen)
{
    if (fl_room(h, h->nlist + h->nblocks) < 0) {
        snprintf(err, errlen, "out of memory for the free list");
        return -1;
    }
    ((struct fl_priv *)h->priv)->dirty = 1;
    return 0;
}

const struct heap_ops heap_freelist_ops = {
    .setup = fl_setup,
    .teardown = fl_teardown,
    .check_config = fl_check_config,
    .alloc = fl_alloc,
    .release = fl_release,
    .resize = fl_resize,
    .largest = fl_largest,
    .extents = fl_extents,
    .check = fl_check,
    .rebuild = fl_rebuild,
};
