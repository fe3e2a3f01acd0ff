/* layout_heap.c: the heap part of a view (st->heap_on), below the segment
 * bar (or the VM view): a title with the allocator and the figures; for the
 * buddy system the tree of splits above the bar (a row a level); the bar,
 * to one scale for every view (compare mode: lctx.heap_scale bytes span the
 * width), of blocks in their name's colour with the header darker and the
 * padding pale and hatched, free space hatched (numbered in the free list's
 * order for freelist), unused slab slots plain; under it the slabs of each
 * cache (full, partial, empty) or the blocks of each pool; and the last
 * operation with its steps. Pure, like layout.c (layout_impl.h's helpers). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "layout_impl.h"
#include "note.h"
#include "num.h"

uint32_t layout_name_colour(const char *name)
{
    uint32_t hsh = 2166136261u; /* FNV-1a: the same name, the same colour, run after run. */

    for (const unsigned char *s = (const unsigned char *)name; *s; s++)
        hsh = (hsh ^ *s) * 16777619u;
    return palette[hsh % PALETTE_N];
}

/* Returns colour c with each channel at pct percent of itself (pct < 100:
 * darker) or, with pale, pct percent of the way to white. */
static uint32_t tint(uint32_t c, unsigned pct, int pale)
{
    uint32_t out = 0;

    for (int sh = 0; sh <= 16; sh += 8) {
        uint32_t v = (c >> sh) & 0xff;
        v = pale ? v + (255 - v) * pct / 100 : v * pct / 100;
        out |= v << sh;
    }
    return out;
}

/* The x of byte a on a bar from x where scale bytes take w pixels. */
static int bx(uint64_t a, uint64_t scale, int x, int w)
{
    return x + (int)((double)a / (double)scale * w);
}

/* What a heap part shows, fetched once (owned: heap_part_free). */
struct hpart {
    const struct heap *h;
    const struct heap_block **by; /* Blocks by address. */
    long nby;
    struct heap_extent *ext; /* Free extents by address. */
    long next;
    size_t *pos;    /* freelist: ext[j]'s position in the free list (1 ..); else NULL. */
    uint64_t scale; /* Bytes the full width spans. */
    int bar_w;      /* Pixels the heap's own bytes take. */
    int levels;     /* Buddy: rows of the tree (0: none). */
};

static void hpart_free(struct hpart *p)
{
    free(p->by);
    free(p->ext);
    free(p->pos);
    p->by = NULL;
    p->ext = NULL;
    p->pos = NULL;
}

/* A free-list entry's address and its position, for list_positions. */
struct entry_at {
    uint64_t addr;
    size_t pos;
};

static int by_entry_addr(const void *a, const void *b)
{
    uint64_t x = ((const struct entry_at *)a)->addr, y = ((const struct entry_at *)b)->addr;

    return x < y ? -1 : x > y;
}

/* freelist: p->pos[j], the free-list position (1 ..) of p->ext[j] (the
 * list's entries by address), in O(n log n). Returns 0, or -1 (out of
 * memory). */
static int list_positions(const struct heap *h, struct hpart *p)
{
    struct entry_at *v;

    if (h->cfg.kind != HEAP_FREELIST || p->next <= 0)
        return 0;
    v = (size_t)p->next == h->nlist ? malloc(h->nlist * sizeof *v) : NULL;
    p->pos = v ? malloc(h->nlist * sizeof *p->pos) : NULL;
    if (!p->pos) {
        free(v);
        return -1;
    }
    for (size_t i = 0; i < h->nlist; i++)
        v[i] = (struct entry_at){h->list[i].addr, i + 1};
    qsort(v, h->nlist, sizeof *v, by_entry_addr);
    for (size_t i = 0; i < h->nlist; i++)
        p->pos[i] = v[i].pos;
    free(v);
    return 0;
}

/* The index of p's first block at addr or above (p->nby when none). */
static long first_block(const struct hpart *p, uint64_t addr)
{
    long lo = 0, hi = p->nby;

    while (lo < hi) {
        long mid = lo + (hi - lo) / 2;
        if (p->by[mid]->addr < addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int hpart_get(struct lctx *c, const struct heap *h, int w, struct hpart *p)
{
    memset(p, 0, sizeof *p);
    p->h = h;
    p->scale = c->heap_scale > h->bytes ? c->heap_scale : h->bytes;
    p->bar_w = (int)((double)h->bytes / (double)p->scale * w);
    if (p->bar_w < 1)
        p->bar_w = 1;
    p->nby = heap_sorted(h, &p->by);
    p->next = heap_free_extents(h, &p->ext);
    if (p->nby < 0 || p->next < 0 || list_positions(h, p) < 0) {
        c->failed = 1;
        hpart_free(p);
        return -1;
    }
    if (h->cfg.kind == HEAP_BUDDY) {
        /* A row a level, from the whole heap down to the smallest block there is. */
        uint64_t smallest = h->bytes;
        for (long i = 0; i < p->nby; i++)
            smallest = p->by[i]->span < smallest ? p->by[i]->span : smallest;
        for (long i = 0; i < p->next; i++)
            smallest = p->ext[i].size < smallest ? p->ext[i].size : smallest;
        for (uint64_t s = h->bytes; s >= smallest && s > 0; s /= 2)
            p->levels++;
    }
    return 0;
}

/* ---- The bar --------------------------------------------------------------- */

/* Adds the part [off, off + len) of block box b, the header (pad 0: darker)
 * or the padding (pad 1: pale, hatched), when it is a pixel wide. */
static void block_part(struct lctx *c, int vi, struct lay_box blk, const struct hpart *p, int x,
                       int w, uint64_t off, uint64_t len, int pad)
{
    const struct lay_box *b = &blk; /* A copy: adding boxes may move the layout's. */
    const struct heap_block *k;
    int x0, x1;
    struct lay_box *q;

    if (len == 0)
        return;
    k = p->by[b->used];
    x0 = bx(k->addr + off, p->scale, x, w);
    x1 = bx(k->addr + off + len, p->scale, x, w);
    x0 = x0 < b->r.x ? b->r.x : x0;
    x1 = x1 > b->r.x + b->r.w ? b->r.x + b->r.w : x1;
    if (x1 <= x0)
        return;
    q = lx_add(c, LAY_HPART, vi, x0, b->r.y, x1 - x0, b->r.h,
               pad ? tint(b->colour, heap_pad_tint, 1) : tint(b->colour, heap_header_shade, 0));
    if (!q)
        return;
    q->a = (int64_t)(k->addr + off);
    q->b = (int64_t)(k->addr + off + len - 1);
    q->c = pad;
    q->used = b->colour; /* The padding's hatching: the block's own colour. */
    lx_tip(c, q, "block %s: %s %llu B (bytes %llu-%llu)", k->name, pad ? "padding" : "header",
           (unsigned long long)len, (unsigned long long)(k->addr + off),
           (unsigned long long)(k->addr + off + len - 1));
}

/* Writes block k's tooltip on b. */
static void block_tip(struct lctx *c, struct lay_box *b, const struct heap *h,
                      const struct heap_block *k)
{
    char where[64] = "";

    if (h->cfg.kind == HEAP_SLAB && k->where < h->ncaches)
        snprintf(where, sizeof where, "; cache %s", h->caches[k->where].name);
    else if (h->cfg.kind == HEAP_POOL && k->where < h->npools)
        snprintf(where, sizeof where, "; pool %u (%llu B blocks)", k->where,
                 (unsigned long long)h->pools[k->where].block);
    lx_tip(c, b,
           "block %s: address %llu (0x%llx), span %llu B (bytes %llu-%llu): header %llu B, "
           "size %llu B, padding %llu B%s",
           k->name, (unsigned long long)k->addr, (unsigned long long)k->addr,
           (unsigned long long)k->span, (unsigned long long)k->addr,
           (unsigned long long)(k->addr + k->span - 1), (unsigned long long)k->header,
           (unsigned long long)k->size, (unsigned long long)(k->span - k->header - k->size), where);
}

/* Writes free extent e's tooltip on b (pos: its free-list position). */
static void hole_tip(struct lctx *c, struct lay_box *b, const struct heap *h,
                     const struct heap_extent *e, size_t pos)
{
    static const char *const what[HEAP_NKINDS] = {"free", "free buddy block", "free slab page",
                                                  "free"};
    char where[96] = "";

    if (pos)
        snprintf(where, sizeof where, "; free-list entry %zu of %zu", pos, h->nlist);
    lx_tip(c, b, "%s: bytes %llu-%llu, %llu B%s", what[h->cfg.kind], (unsigned long long)e->addr,
           (unsigned long long)(e->addr + e->size - 1), (unsigned long long)e->size, where);
}

/* Adds a bar item [a, a + len) at y, h high, to scale: from its first
 * pixel, or the one after the item before (*prev_end) when that one took
 * it, to its last; an item within less than a pixel gets one when it is
 * free. NULL when it has no pixel left (the one its bytes fall in shows
 * the item before: the bar stays to scale, never pushed along). */
static struct lay_box *bar_item(struct lctx *c, int vi, enum lay_kind k, const struct hpart *p,
                                uint64_t a, uint64_t len, int x, int y, int w, int h,
                                uint32_t colour, int *prev_end)
{
    int x0 = bx(a, p->scale, x, w), x1 = bx(a + len, p->scale, x, w);
    struct lay_box *b;

    if (x1 <= x0)
        x1 = x0 + 1; /* Less than a pixel: the pixel it starts in. */
    if (x0 < *prev_end)
        x0 = *prev_end;
    if (x1 > x + p->bar_w)
        x1 = x + p->bar_w;
    if (x1 <= x0)
        return NULL;
    *prev_end = x1;
    b = lx_add(c, k, vi, x0, y, x1 - x0, h, colour);
    if (b) {
        b->a = (int64_t)a;
        b->b = (int64_t)(a + len - 1);
    }
    return b;
}

/* Returns the longest of l1, l2 that fits w pixels (NULL: none), when a
 * line fits h. */
static const char *fitting(struct lctx *c, const char *l1, const char *l2, int w, int h)
{
    if (h < c->lh)
        return NULL;
    if (lx_text_w(c, l1) + 4 <= w)
        return l1;
    return l2 && lx_text_w(c, l2) + 4 <= w ? l2 : NULL;
}

/* Labels bar box b with the longest of l1, l2 that fits. */
static void bar_label(struct lctx *c, struct lay_box *b, const char *l1, const char *l2)
{
    const char *l = fitting(c, l1, l2, b->r.w, b->r.h);

    if (l)
        snprintf(b->text, sizeof b->text, "%s", l);
}

/* The gaps between blocks that are no free extent: a slab's unused slots
 * (fill 1: pale, not hatched: only their cache can use them), a box for
 * each slab's. */
static void bar_gap(struct lctx *c, int vi, const struct hpart *p, uint64_t a, uint64_t end, int x,
                    int y, int w, int h, int *prev_end)
{
    uint64_t sb = p->h->cfg.kind == HEAP_SLAB ? p->h->cfg.slab_bytes : p->h->bytes;

    while (a < end) {
        uint64_t stop = (a / sb + 1) * sb < end ? (a / sb + 1) * sb : end;
        struct lay_box *b =
            bar_item(c, vi, LAY_HHOLE, p, a, stop - a, x, y, w, h, col_free, prev_end);
        if (b) {
            b->fill = 1;
            lx_tip(c, b, "unused slab slots: bytes %llu-%llu, %llu B (free to their cache only)",
                   (unsigned long long)a, (unsigned long long)(stop - 1),
                   (unsigned long long)(stop - a));
        }
        a = stop;
    }
}

/* One block of the bar, with its header and padding. */
static void bar_block(struct lctx *c, int vi, const struct hpart *p, long i, int x, int y, int w,
                      int h, int *prev_end)
{
    const struct heap_block *k = p->by[i];
    struct lay_box *b = bar_item(c, vi, LAY_HBLOCK, p, k->addr, k->span, x, y, w, h,
                                 layout_name_colour(k->name), prev_end);
    char l2[32];

    struct lay_box blk;
    const char *l;

    if (!b)
        return;
    b->used = i;
    b->text_colour = layout_ink_on(b->colour);
    block_tip(c, b, p->h, k);
    blk = *b; /* Adding boxes may move b: its copy from here on. */
    block_part(c, vi, blk, p, x, w, 0, k->header, 0);
    block_part(c, vi, blk, p, x, w, k->header + k->size, k->span - k->header - k->size, 1);
    /* The name over the bytes asked for (header and padding are drawn over
     * the rest), centred there when it fits; the tooltip says it anyway. */
    int x0 = bx(k->addr + k->header, p->scale, x, w),
        x1 = bx(k->addr + k->header + k->size, p->scale, x, w);
    snprintf(l2, sizeof l2, "%.3s", k->name);
    x0 = x0 < blk.r.x ? blk.r.x : x0;
    x1 = x1 > blk.r.x + blk.r.w ? blk.r.x + blk.r.w : x1;
    if ((l = fitting(c, k->name, l2, x1 - x0, h)) != NULL)
        lx_text(c, vi, x0 + (x1 - x0 - lx_text_w(c, l)) / 2, y + (h - c->lh) / 2, x1 - x0,
                blk.text_colour, "%s", l);
}

/* The bar from (x, y), h high: blocks and free extents by address, the
 * rest (slab slots) as gaps. */
static void heap_bar(struct lctx *c, int vi, const struct hpart *p, int x, int y, int w, int h)
{
    long i = 0, j = 0;
    uint64_t at = 0;
    int prev_end = x;
    char l1[64], l2[32], sz[32];

    while (i < p->nby || j < p->next) {
        int blk = j >= p->next || (i < p->nby && p->by[i]->addr < p->ext[j].addr);
        uint64_t a = blk ? p->by[i]->addr : p->ext[j].addr;
        bar_gap(c, vi, p, at, a, x, y, w, h, &prev_end);
        if (blk) {
            bar_block(c, vi, p, i, x, y, w, h, &prev_end);
            at = a + p->by[i++]->span;
            continue;
        }
        const struct heap_extent *e = &p->ext[j++];
        size_t pos = p->pos ? p->pos[j - 1] : 0;
        struct lay_box *b =
            bar_item(c, vi, LAY_HHOLE, p, e->addr, e->size, x, y, w, h, col_hole, &prev_end);
        at = e->addr + e->size;
        if (!b)
            continue;
        b->c = (int64_t)pos;
        hole_tip(c, b, p->h, e, pos);
        b->text_colour = col_text;
        num_bytes(e->size, sz, sizeof sz);
        if (pos) /* The free list's order: its position, and the size when it fits. */
            snprintf(l1, sizeof l1, "#%zu %s", pos, sz);
        else
            snprintf(l1, sizeof l1, "%s", sz);
        snprintf(l2, sizeof l2, "%zu", pos);
        bar_label(c, b, l1, pos ? l2 : NULL);
    }
    bar_gap(c, vi, p, at, p->h->bytes, x, y, w, h, &prev_end);
}

/* ---- The buddy tree --------------------------------------------------------- */

/* Adds the tree node at `level` (size bytes at addr) in its row: a split
 * node (fill 0), a block (fill 1, its colour), a free block (fill 2). */
static void tree_node(struct lctx *c, int vi, const struct hpart *p, int level, uint64_t addr,
                      uint64_t size, int fill, const char *name, int x, int y, int w, int rh,
                      int *row_end)
{
    uint32_t colour = fill == 1 ? layout_name_colour(name) : fill == 2 ? col_hole : col_panel;
    struct lay_box *b = bar_item(c, vi, LAY_HNODE, p, addr, size, x, y + level * rh, w, rh - 1,
                                 colour, &row_end[level]);
    char l1[32];

    if (!b)
        return;
    b->c = level;
    b->fill = fill;
    b->text_colour = fill == 1 ? layout_ink_on(colour) : col_dim;
    lx_tip(c, b, "level %d: %llu B at %llu (bytes %llu-%llu): %s%s", level,
           (unsigned long long)size, (unsigned long long)addr, (unsigned long long)addr,
           (unsigned long long)(addr + size - 1),
           fill == 0   ? "split into two buddies of "
           : fill == 1 ? "block "
                       : "free",
           fill == 0   ? "half the size"
           : fill == 1 ? name
                       : "");
    num_bytes(size, l1, sizeof l1);
    bar_label(c, b, fill == 1 ? name : l1, fill == 1 ? NULL : l1);
}

/* The buddy tree from y: a row rh high a level, the whole heap at the top;
 * each node split (outlined), a block or free; as many levels as fit in
 * rows (the deeper ones left out). */
static void buddy_tree(struct lctx *c, int vi, const struct hpart *p, int x, int y, int w, int rh,
                       int rows)
{
    int row_end[64];
    long i = 0, j = 0;

    for (int k = 0; k < 64; k++)
        row_end[k] = x;
    while (i < p->nby || j < p->next) {
        int blk = j >= p->next || (i < p->nby && p->by[i]->addr < p->ext[j].addr);
        uint64_t a = blk ? p->by[i]->addr : p->ext[j].addr;
        uint64_t size = blk ? p->by[i]->span : p->ext[j].size, s = p->h->bytes;
        const char *name = blk ? p->by[i]->name : "";
        int level = 0;
        for (; s > size && level < rows; s /= 2, level++)
            if (a % s == 0) /* The first leaf of a split node: the node starts here. */
                tree_node(c, vi, p, level, a, s, 0, "", x, y, w, rh, row_end);
        if (level < rows)
            tree_node(c, vi, p, level, a, size, blk ? 1 : 2, name, x, y, w, rh, row_end);
        blk ? i++ : j++;
    }
}

/* ---- Slabs and pools ---------------------------------------------------------- */

/* The state of a slab: 0 empty, 1 partial, 2 full. */
static int slab_state(const struct heap *h, const struct heap_slab *s)
{
    return s->used == 0 ? 0 : s->used < h->caches[s->cache].per_slab ? 1 : 2;
}

/* Adds the cells of n items (slots or pool blocks) from base, `item` bytes
 * each, over (x, y, w, h): one a cell when cells are cell_min_px wide, else
 * columns over runs, filled in proportion to the items used. */
static void item_cells(struct lctx *c, int vi, const struct hpart *p, uint64_t base, uint64_t item,
                       uint64_t n, int x, int y, int w, int h)
{
    int64_t cols = (int64_t)w / cell_min_px < (int64_t)n ? (int64_t)w / cell_min_px : (int64_t)n;
    long bi = first_block(p, base);

    for (int64_t k = 0; k < cols; k++) {
        uint64_t i0 = (uint64_t)k * n / (uint64_t)cols, i1 = (uint64_t)(k + 1) * n / (uint64_t)cols;
        uint64_t used = 0;
        const struct heap_block *first = NULL;
        for (; bi < p->nby && p->by[bi]->addr < base + i1 * item; bi++, used++)
            first = first ? first : p->by[bi];
        int x0 = x + at(k, cols, w), x1 = x + at(k + 1, cols, w);
        struct lay_box *b = lx_add(c, LAY_HSLOT, vi, x0, y, x1 - x0, h,
                                   first ? layout_name_colour(first->name) : col_free);
        if (!b)
            return;
        b->a = (int64_t)(base + i0 * item);
        b->b = (int64_t)(base + i1 * item - 1);
        b->used = (int64_t)used;
        b->fill = column_fill((int64_t)used, (int64_t)(i1 - i0), h);
        if (i1 - i0 == 1 && first) {
            block_tip(c, b, p->h, first);
            b->text_colour = layout_ink_on(b->colour);
            bar_label(c, b, first->name, NULL);
        } else
            lx_tip(c, b, "bytes %llu-%llu: %llu of %llu %s in use",
                   (unsigned long long)(base + i0 * item),
                   (unsigned long long)(base + i1 * item - 1), (unsigned long long)used,
                   (unsigned long long)(i1 - i0), p->h->cfg.kind == HEAP_SLAB ? "slots" : "blocks");
    }
}

/* Returns how many of n slabs a row w wide shows, each *sw wide: all of
 * them, a quarter of the row at most each, or as many as fit at
 * heap_slab_min_px (scaled). */
static size_t slabs_shown(struct lctx *c, size_t n, int w, int *sw)
{
    int gap = S(c, 4), least = S(c, heap_slab_min_px);
    int64_t each = n ? ((int64_t)w + gap) / (int64_t)n - gap : w;

    *sw = each > w / 4 ? w / 4 : each < least ? least : (int)each;
    return n < (size_t)((w + gap) / (*sw + gap)) ? n : (size_t)((w + gap) / (*sw + gap));
}

/* The slabs of cache ci in a row from (x, y), rh high: full, then partial,
 * then empty, each slab a box of its slots. Returns 1 when it drew any. */
static int cache_row(struct lctx *c, int vi, const struct hpart *p, unsigned ci, int x, int y,
                     int w, int rh)
{
    const struct heap *h = p->h;
    size_t n = 0, k = 0, shown;
    int sw, gap = S(c, 4);

    for (size_t i = 0; i < h->nslabs; i++)
        n += h->slabs[i].cache == ci;
    if (n == 0)
        return 0;
    shown = slabs_shown(c, n, w, &sw);
    for (int state = 2; state >= 0; state--)
        for (size_t i = 0; i < h->nslabs && k < shown; i++) {
            const struct heap_slab *s = &h->slabs[i];
            if (s->cache != ci || slab_state(h, s) != state)
                continue;
            int x0 = x + (int)k++ * (sw + gap);
            struct lay_box *b = lx_add(c, LAY_HSLAB, vi, x0, y, sw, rh, col_panel);
            if (!b)
                return 1;
            b->a = (int64_t)s->addr;
            b->b = (int64_t)(s->addr + h->cfg.slab_bytes - 1);
            b->c = state;
            b->used = s->used;
            lx_tip(c, b, "slab at %llu (bytes %llu-%llu) of cache %s: %u of %u slots used (%s)",
                   (unsigned long long)s->addr, (unsigned long long)s->addr,
                   (unsigned long long)(s->addr + h->cfg.slab_bytes - 1), h->caches[ci].name,
                   s->used, h->caches[ci].per_slab,
                   state == 2   ? "full"
                   : state == 1 ? "partial"
                                : "empty");
            item_cells(c, vi, p, s->addr, h->caches[ci].slot, h->caches[ci].per_slab, x0 + 1, y + 1,
                       sw - 2, rh - 2);
        }
    return 1;
}

/* Returns the rows (a title line and a row of cells each) slabs or pools
 * take: a cache or pool each. */
static unsigned group_rows(const struct heap *h)
{
    return h->cfg.kind == HEAP_SLAB ? h->ncaches : h->cfg.kind == HEAP_POOL ? h->npools : 0;
}

/* The caches' or pools' rows from y, at most rows of them. Returns the y
 * below. */
static int groups(struct lctx *c, int vi, const struct hpart *p, int x, int y, int w, int rows)
{
    const struct heap *h = p->h;
    int rh = lx_row_h(c);
    unsigned n = group_rows(h);

    for (unsigned g = 0; g < n && (int)g < rows; g++) {
        if (h->cfg.kind == HEAP_SLAB) {
            const struct heap_cache *k = &h->caches[g];
            unsigned st[3] = {0, 0, 0};
            for (size_t i = 0; i < h->nslabs; i++)
                if (h->slabs[i].cache == g)
                    st[slab_state(h, &h->slabs[i])]++;
            int sw;
            size_t all = (size_t)st[0] + st[1] + st[2], shown = slabs_shown(c, all, w, &sw);
            char more[64] = "";
            if (shown < all)
                snprintf(more, sizeof more, " (the first %zu shown)", shown);
            lx_text(c, vi, x, y, w, col_text,
                    "cache %s: %llu B objects in %llu B slots, %u a slab; slabs: %u full, %u "
                    "partial, %u empty%s",
                    k->name, (unsigned long long)k->object, (unsigned long long)k->slot,
                    k->per_slab, st[2], st[1], st[0], more);
            if (cache_row(c, vi, p, g, x, y + c->lh, w, rh) == 0)
                lx_text(c, vi, x + S(c, 16), y + c->lh, w, col_dim, "(no slab yet)");
        } else {
            const struct heap_pool *q = &h->pools[g];
            lx_text(c, vi, x, y, w, col_text, "pool %u: %llu blocks of %llu B at %llu: %llu used",
                    g, (unsigned long long)q->count, (unsigned long long)q->block,
                    (unsigned long long)q->base, (unsigned long long)q->used);
            item_cells(c, vi, p, q->base, q->block, q->count, x, y + c->lh, w, rh);
        }
        y += c->lh + rh + S(c, 4);
    }
    if ((int)n > rows && rows >= 0)
        lx_text(c, vi, x, y, w, col_dim, "... and %u more %s", n - (unsigned)rows,
                h->cfg.kind == HEAP_SLAB ? "caches" : "pools");
    return y;
}

/* ---- The part ------------------------------------------------------------------- */

/* Writes the heap's title: the allocator, its settings and the figures. */
static void heap_title(const struct heap *h, char *buf, size_t len)
{
    struct heap_frag f;
    char set[160] = "", total[32];

    heap_frag_now(h, &f);
    if (h->cfg.kind == HEAP_FREELIST)
        snprintf(set, sizeof set, " (header %llu, align %llu, fit %s, order %s, coalesce %s)",
                 (unsigned long long)h->cfg.header, (unsigned long long)h->cfg.align,
                 heap_fit_name(h->cfg.fit), heap_order_name(h->cfg.order),
                 h->cfg.coalesce ? "on" : "off");
    else if (h->cfg.kind == HEAP_BUDDY)
        snprintf(set, sizeof set, " (blocks %llu B and up)", (unsigned long long)h->cfg.min_block);
    else if (h->cfg.kind == HEAP_SLAB)
        snprintf(set, sizeof set, " (slabs of %llu B)", (unsigned long long)h->cfg.slab_bytes);
    snprintf(buf, len,
             "Heap: %s %s%s: %zu block%s, used %llu B (asked %llu, internal %llu), free %llu "
             "B, largest %llu B, external %.1f%%",
             heap_kind_name(h->cfg.kind), num_bytes(h->bytes, total, sizeof total), set, h->nblocks,
             h->nblocks == 1 ? "" : "s", (unsigned long long)f.used, (unsigned long long)f.asked,
             (unsigned long long)f.internal, (unsigned long long)f.free,
             (unsigned long long)f.largest, f.external * 100.0);
}

/* Writes the last operation and its steps; returns 0 when there is none. */
static int heap_last_line(const struct heap *h, char *buf, size_t len)
{
    static const char *const ops[] = {"", "malloc", "free", "realloc"};
    const struct heap_op *l = &h->last;
    const struct heap_total *t = &h->total;
    char what[160];

    if (l->op == HEAP_OP_NONE || (unsigned)l->op > HEAP_OP_REALLOC)
        return 0;
    if (l->refused)
        snprintf(what, sizeof what, "%s %s %llu B: refused", ops[l->op], l->name,
                 (unsigned long long)l->size);
    else if (l->op == HEAP_OP_FREE)
        snprintf(what, sizeof what, "free %s: bytes %llu-%llu (%llu B) back", l->name,
                 (unsigned long long)l->addr, (unsigned long long)(l->addr + l->span - 1),
                 (unsigned long long)l->span);
    else
        snprintf(what, sizeof what, "%s %s %llu B: %llu B at %llu", ops[l->op], l->name,
                 (unsigned long long)l->size, (unsigned long long)l->span,
                 (unsigned long long)l->addr);
    snprintf(buf, len,
             "Last heap operation: %s; %llu searched, %u split%s, %u merge%s = %llu step%s   "
             "(all %llu ops: %.1f steps mean, %llu max; %llu refused)",
             what, (unsigned long long)l->st.searched, l->st.splits, l->st.splits == 1 ? "" : "s",
             l->st.merges, l->st.merges == 1 ? "" : "s", (unsigned long long)l->st.steps,
             l->st.steps == 1 ? "" : "s", (unsigned long long)t->ops,
             t->ops ? (double)t->steps / (double)t->ops : 0.0, (unsigned long long)t->max_steps,
             (unsigned long long)t->refused);
    return 1;
}

int lx_heap_need(struct lctx *c, const struct status *st, int single)
{
    const struct heap *h = &st->heap;
    int lh = c->lh, need = lh + (single ? S(c, seg_bar_min) : lh) + c->gap + lh;

    need += h->cfg.kind == HEAP_FREELIST ? lh : 0; /* The free list in words. */

    if (!st->heap_on)
        return 0;
    if (h->cfg.kind == HEAP_BUDDY)
        need += 2 * S(c, heap_tree_row_min);
    if (group_rows(h))
        need += lh + lx_row_h(c) + S(c, 4);
    return need;
}

/* Under the bar from y: 0 at its start, the heap's size at its end, the
 * free-list positions of holes too narrow to hold theirs, and what the
 * tree leaves out (its deepest levels) or the scale when the bar is
 * shorter than the width (compare mode). */
static void heap_ticks(struct lctx *c, int vi, const struct hpart *p, int tree_rows, int x, int y,
                       int w)
{
    char end[32];
    int ew, x0 = lx_text(c, vi, x, y, w, col_dim, "0") + x + S(c, 12);

    snprintf(end, sizeof end, "%llu", (unsigned long long)p->h->bytes);
    ew = lx_text_w(c, end);
    if (x + p->bar_w - ew > x0)
        lx_text(c, vi, x + p->bar_w - ew, y, ew, col_dim, "%s", end);
    /* The free-list positions of holes too narrow for them, under them. */
    for (int i = 0, after = x0 - S(c, 12); i < c->lo->nboxes; i++) {
        const struct lay_box *b = &c->lo->boxes[i];
        char num[24];
        if (b->view != vi || b->kind != LAY_HHOLE || b->c <= 0 || b->text[0])
            continue;
        snprintf(num, sizeof num, "%lld", (long long)b->c);
        int nw = lx_text_w(c, num), tx = b->r.x + b->r.w / 2 - nw / 2;
        if (tx >= after + S(c, 4) && tx + nw <= x + p->bar_w - ew - S(c, 4))
            after = tx + lx_text(c, vi, tx, y, nw, col_text, "%s", num);
    }
    if (tree_rows < p->levels)
        lx_text(c, vi, x0, y, x + p->bar_w - ew - x0 - S(c, 12), col_dim,
                "(the buddy tree's %d deepest level%s left out)", p->levels - tree_rows,
                p->levels - tree_rows == 1 ? "" : "s");
    else if (p->bar_w < w)
        lx_text(c, vi, x + p->bar_w + S(c, 12), y, w - p->bar_w - S(c, 12), col_dim,
                "(one scale for every view: %llu B across)", (unsigned long long)p->scale);
}

/* Writes the free list in list order: "#1 28-75 (48 B) -> #2 ...", cut
 * to len. Returns 0 when the heap is no free list. */
static int free_list_line(const struct heap *h, char *buf, size_t len)
{
    if (h->cfg.kind != HEAP_FREELIST)
        return 0;
    buf[0] = '\0';
    note_append(buf, len, "Free list (%s order, %zu entr%s):", heap_order_name(h->cfg.order),
                h->nlist, h->nlist == 1 ? "y" : "ies");
    for (size_t i = 0; i < h->nlist; i++)
        if (note_append(buf, len, "%s #%zu %llu-%llu (%llu B)", i ? " ->" : "", i + 1,
                        (unsigned long long)h->list[i].addr,
                        (unsigned long long)(h->list[i].addr + h->list[i].size - 1),
                        (unsigned long long)h->list[i].size) < 0)
            break;
    if (h->nlist == 0)
        note_append(buf, len, " empty");
    return 1;
}

/* Rings the last operation's block (not a refusal nor a free) in the bar. */
static void mark_last(struct lctx *c, int vi, const struct heap *h)
{
    const struct heap_block *k = heap_find(h, h->last.name);
    const struct lay_box *b;

    if (h->last.op == HEAP_OP_NONE || h->last.op == HEAP_OP_FREE || h->last.refused || !k)
        return;
    b = lx_find_box(c->lo, vi, LAY_HBLOCK, LAY_HBLOCK, (int64_t)k->addr);
    if (b && b->a == (int64_t)k->addr)
        lx_ring(c, vi, b->r, b->a, 0, 0);
}

int lx_heap_view(struct lctx *c, int vi, const struct status *st, int single, int x, int y, int w,
                 int bottom)
{
    const struct heap *h = &st->heap;
    int lh = c->lh, gap = c->gap, tree_rows = 0, rh = 0, bar_h, group_n;
    char line[LAY_LINE_MAX];
    struct hpart p;

    if (!st->heap_on || w < 1 || hpart_get(c, h, w, &p) < 0)
        return y;
    heap_title(h, line, sizeof line);
    lx_text(c, vi, x, y, w, col_text, "%s", line);
    y += lh;
    int room = bottom - y - lh - (heap_last_line(h, line, sizeof line) ? lh : 0) - lh / 2 -
               (h->cfg.kind == HEAP_FREELIST ? lh : 0);
    group_n = (int)group_rows(h);
    int group_h = lh + lx_row_h(c) + S(c, 4), groups_fit = group_n;
    bar_h = single ? S(c, seg_bar_min) * 2 : lh + 4;
    if (group_n) { /* The bar at its shortest, as many groups as fit, the bar grown into the rest.
                    */
        int bar_max = (single ? 3 : 2) * lh, left;
        bar_h = single ? S(c, seg_bar_min) : lh + 2;
        groups_fit = (room - bar_h) / group_h;
        groups_fit = groups_fit < 1         ? 1
                     : groups_fit < group_n ? groups_fit - (group_n > 1)
                                            : group_n;
        groups_fit = groups_fit < 1 ? 1 : groups_fit;
        left = room - groups_fit * group_h - (groups_fit < group_n ? lh : 0);
        bar_h = left > bar_h ? (left < bar_max ? left : bar_max) : bar_h;
    }
    if (p.levels) { /* The tree: rows of heap_tree_row_min up to a line each. */
        int left = room - bar_h;
        rh = left / p.levels > lh + 2 ? lh + 2 : left / p.levels;
        tree_rows = rh >= S(c, heap_tree_row_min) ? p.levels : left / S(c, heap_tree_row_min);
        rh = rh >= S(c, heap_tree_row_min) ? rh : S(c, heap_tree_row_min);
        tree_rows = tree_rows < 0 ? 0 : tree_rows;
        buddy_tree(c, vi, &p, x, y, w, rh, tree_rows);
        y += tree_rows * rh + 2;
        room -= tree_rows * rh + 2;
    }
    if (!group_n && room > bar_h) /* The bar takes what is left, up to bar_lines lines. */
        bar_h = room < (single ? 5 : 3) * lh ? room : (single ? 5 : 3) * lh;
    heap_bar(c, vi, &p, x, y, w, bar_h);
    mark_last(c, vi, h);
    y += bar_h + 2;
    heap_ticks(c, vi, &p, tree_rows, x, y, w);
    y += lh;
    if (free_list_line(h, line, sizeof line)) {
        lx_text(c, vi, x, y, w, col_text, "%s", line);
        y += lh;
    }
    if (group_n)
        y = groups(c, vi, &p, x, y, w, groups_fit) + (groups_fit < group_n ? lh : 0);
    if (heap_last_line(h, line, sizeof line)) {
        lx_text(c, vi, x, y, w, h->last.refused ? col_refused : col_text, "%s", line);
        y += lh;
    }
    hpart_free(&p);
    return y + gap;
}
