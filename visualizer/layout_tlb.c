/* layout_tlb.c: the TLB part of a VM view (st->vm.tlb): a title with its
 * shape, hit rate and effective access time, then a grid of its entries,
 * sets down and ways across (a wide set wraps onto more rows), each entry
 * P<pid>:<page> -> <frame> in its process's colour, empty ones pale, and
 * the entry the last lookup used or filled outlined. Pure, like layout.c
 * (layout_impl.h's lx_ helpers). */
#include <limits.h>
#include <stdio.h>

#include "layout_impl.h"

/* The grid's shape for a TLB in w pixels: cols entries a row (at most the
 * ways), rows_per_set rows for each set, cw the width of an entry. */
struct tlb_grid {
    int label_w;      /* Width of the set labels on the left. */
    int cols, cw;     /* Entries a row, and the width of each. */
    int rows_per_set; /* ceil(ways / cols). */
    int64_t rows;     /* sets * rows_per_set. */
};

/* Writes entry e's label into buf. */
static void entry_label(const struct tlb_entry *e, char *buf, size_t len)
{
    snprintf(buf, len, "P%d:%llu -> %llu", (int)e->pid, (unsigned long long)e->vpn,
             (unsigned long long)e->pfn);
}

/* Works out the grid of t in w pixels. */
static void tlb_grid(struct lctx *c, const struct tlb *t, int w, struct tlb_grid *g)
{
    char label[64];
    int widest = lx_text_w(c, "P1:0 -> 0");

    snprintf(label, sizeof label, "set %u", t->sets - 1);
    g->label_w = lx_text_w(c, label) + S(c, margin);
    for (uint32_t i = 0; i < t->entries; i++)
        if (t->e[i].valid) {
            int lw;
            entry_label(&t->e[i], label, sizeof label);
            lw = lx_text_w(c, label);
            widest = lw > widest ? lw : widest;
        }
    g->cw = widest + S(c, 8);
    g->cols = (w - g->label_w) / g->cw;
    g->cols = g->cols < 1 ? 1 : g->cols > (int)t->ways ? (int)t->ways : g->cols;
    g->rows_per_set = ((int)t->ways + g->cols - 1) / g->cols;
    g->rows = (int64_t)t->sets * g->rows_per_set;
}

int lx_tlb_rows(struct lctx *c, const struct vm *vm, int w)
{
    struct tlb_grid g;

    if (!vm->tlb)
        return 0;
    tlb_grid(c, vm->tlb, w, &g);
    return g.rows > INT_MAX / 2 ? INT_MAX / 2 : (int)g.rows;
}

/* Adds the box of way `way` of set `set` at (x, y), cw x rh; when it is
 * the last lookup's entry, puts its rectangle in *last_r. */
static void tlb_cell(struct lctx *c, int vi, const struct vm *vm, uint32_t set, uint32_t way, int x,
                     int y, int cw, int rh, struct lay_rect *last_r)
{
    const struct tlb *t = vm->tlb;
    const struct tlb_entry *e = &t->e[(size_t)set * t->ways + way];
    int last = t->last != TLB_NONE && t->last_set == set && t->last_way == way;
    struct lay_box *b = lx_add(c, LAY_TLB, vi, x, y, cw - 1, rh - S(c, 3),
                               e->valid ? layout_pid_colour(e->pid) : col_free);

    if (!b)
        return;
    if (last)
        *last_r = b->r;
    b->a = set;
    b->b = way;
    b->used = e->valid;
    b->fill = last;
    if (!e->valid) {
        lx_tip(c, b, "TLB set %u, way %u: empty", set, way);
        return;
    }
    b->pattern = layout_pid_pattern(e->pid);
    entry_label(e, b->text, sizeof b->text);
    if (lx_text_w(c, b->text) + 2 > b->r.w || c->lh > b->r.h)
        b->text[0] = '\0';
    lx_tip(c, b,
           "TLB set %u, way %u: P%d page %llu -> frame %llu, last used at lookup %llu of %llu%s%s",
           set, way, (int)e->pid, (unsigned long long)e->vpn, (unsigned long long)e->pfn,
           (unsigned long long)e->used, (unsigned long long)t->c.lookups,
           last ? "; the last lookup's entry: " : "",
           !last                ? ""
           : t->last == TLB_HIT ? "a hit"
                                : "filled by a miss");
}

/* Returns the first row of the grid to show, `rows` of them: 0, or the
 * rows ending with the last lookup's entry when it would be below them. */
static int64_t first_row(const struct tlb *t, const struct tlb_grid *g, int rows)
{
    int64_t r;

    if (t->last == TLB_NONE || t->last_way == TLB_NO_WAY)
        return 0;
    r = (int64_t)t->last_set * g->rows_per_set + t->last_way / (uint32_t)g->cols;
    return r < rows ? 0 : r - rows + 1;
}

int lx_vm_tlb(struct lctx *c, int vi, const struct vm *vm, int rows, int x, int y, int w)
{
    const struct tlb *t = vm->tlb;
    struct tlb_grid g;
    struct lay_rect v = {0, 0, 0, 0};
    char part[80];
    int rh = lx_row_h(c);
    int64_t r0;

    tlb_grid(c, t, w, &g);
    r0 = first_row(t, &g, rows);
    snprintf(part, sizeof part, "   rows %lld-%lld of 0-%lld", (long long)r0,
             (long long)(r0 + rows - 1), (long long)g.rows - 1);
    lx_text(c, vi, x, y, w, col_text,
            "TLB: %u entr%s, %u set%s x %u way%s, ASIDs %s; hit rate %.2f%% (%llu of %llu), "
            "EAT %.2f ns   outlined: the last lookup's entry%s",
            t->entries, t->entries == 1 ? "y" : "ies", t->sets, t->sets == 1 ? "" : "s", t->ways,
            t->ways == 1 ? "" : "s", t->asid ? "on" : "off", 100.0 * tlb_hit_rate(t),
            (unsigned long long)t->c.hits, (unsigned long long)t->c.lookups, vm_tlb_eat(vm),
            rows < g.rows ? part : "");
    y += c->lh + mark_px;
    for (int64_t r = r0; r < r0 + rows && r < g.rows; r++) {
        uint32_t set = (uint32_t)(r / g.rows_per_set);
        uint32_t w0 = (uint32_t)(r % g.rows_per_set) * (uint32_t)g.cols;
        int ry = y + (int)(r - r0) * rh;
        if (w0 == 0 || r == r0) /* A set's first row, or the first shown. */
            lx_text(c, vi, x, ry + (rh - S(c, 3) - c->lh) / 2, g.label_w, col_dim, "set %u", set);
        for (uint32_t way = w0; way < t->ways && way < w0 + (uint32_t)g.cols; way++)
            tlb_cell(c, vi, vm, set, way, x + g.label_w + (int)(way - w0) * g.cw, ry, g.cw, rh, &v);
    }
    if (v.w > 0) { /* The last lookup's entry is shown: outline it. */
        struct lay_box *ring = lx_add(c, LAY_RING, vi, v.x - mark_px, v.y - mark_px,
                                      v.w + 2 * mark_px, v.h + 2 * mark_px, col_tlb_rim);
        if (ring) {
            ring->a = t->last_set;
            ring->b = 2;
            ring->c = t->last_way;
        }
    }
    return y + rows * rh + mark_px + c->gap;
}
