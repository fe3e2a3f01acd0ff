/* layout_ptable.c: the page-table layer in a VM view (st->vm.pt_levels
 * nonzero): a table frame in the frame bar (its process's colour, darker
 * and hatched, labelled PT and its level, its tooltip naming the VPNs it
 * maps) and the arrows of the last walk, from each level's field of the
 * split line up to the table frame it read, and from the offset to the
 * data frame. In a bar of columns, a dark band over each column's table
 * frames. Pure, like layout.c (layout_impl.h's lx_ helpers). */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "layout_impl.h"
#include "ptshape.h"

/* Returns colour c at table_shade percent (each channel). */
static uint32_t shade(uint32_t c)
{
    uint32_t out = 0;

    for (int sh = 0; sh <= 16; sh += 8)
        out |= (((c >> sh) & 0xff) * (uint32_t)table_shade / 100) << sh;
    return out;
}

void lx_table_vpns(const struct vm *vm, unsigned level, uint32_t prefix, uint64_t *lo, uint64_t *hi)
{
    const struct pts *s = &vm->pts;
    uint64_t last = s->vpn_bits >= 64 ? UINT64_MAX : (UINT64_C(1) << s->vpn_bits) - 1;
    unsigned sh = s->levels == 1 ? s->index_bits : s->shift[level] + s->bits[level];

    *lo = sh >= 64 ? 0 : (uint64_t)prefix << sh;
    *hi = sh >= 64 ? last : *lo + ((UINT64_C(1) << sh) - 1);
    if (*hi > last)
        *hi = last;
}

const char *lx_level_name(const struct vm *vm, unsigned level, char *buf, size_t len)
{
    snprintf(buf, len, "%s", vm->pt_levels <= 1 ? "VPN" : vm_level_name(vm, level));
    return buf;
}

void lx_table_cell(struct lctx *c, struct lay_box *b, const struct vm *vm, uint32_t f, int h)
{
    const struct vm_frame *fr = &vm->frames[f];
    unsigned level = fr->table - 1u;
    uint64_t lo, hi;
    char lab[32], what[64];

    lx_table_vpns(vm, level, fr->page, &lo, &hi);
    b->used = b->colour; /* The hatching: the process's own colour. */
    b->colour = shade(b->colour);
    b->c = fr->table;
    b->pattern = LAY_PLAIN;
    if (vm->pt_levels == 1)
        snprintf(what, sizeof what, "linear page table, its page %u", fr->page);
    else
        snprintf(what, sizeof what, "page table, level %u%s", level,
                 level == 0 ? " (the page directory)" : "");
    lx_tip(c, b, "frame %u: P%ld %s, VPNs 0x%llx-0x%llx; allocated t=%llu, pinned (never a victim)",
           f, (long)fr->pid, what, (unsigned long long)lo, (unsigned long long)hi,
           (unsigned long long)fr->loaded);
    /* The level's name, as the walk and the split say it (PD, PT, ...);
     * a linear table's pages (all at level 0): PT# and the page's number
     * in the table. */
    if (vm->pt_levels == 1)
        snprintf(lab, sizeof lab, "P%ld PT#%u", (long)fr->pid, fr->page);
    else
        snprintf(lab, sizeof lab, "P%ld %s", (long)fr->pid, vm_level_name(vm, level));
    if (lx_text_w(c, lab) + 4 > b->r.w)
        memmove(lab, strchr(lab, ' ') + 1, strlen(strchr(lab, ' ')));
    if (lx_text_w(c, lab) + 4 <= b->r.w && c->lh <= h)
        memcpy(b->text, lab, strlen(lab) + 1);
}

void lx_table_columns(struct lctx *c, int vi, const struct vm *vm, int first)
{
    for (int i = first, n = c->lo->nboxes; i < n; i++) {
        struct lay_box col = c->lo->boxes[i]; /* A copy: lx_add may move the boxes. */
        uint32_t tables = 0;
        struct lay_box *b;
        if (col.kind != LAY_COLUMN || col.view != vi)
            continue;
        for (int64_t f = col.a; f <= col.b; f++)
            tables += vm->frames[f].table != 0;
        if (!tables)
            continue;
        b = lx_add(c, LAY_TABLES, vi, col.r.x, col.r.y + col.r.h - col.fill, col.r.w,
                   column_fill(tables, col.b - col.a + 1, col.r.h), shade(col.colour));
        if (!b)
            return;
        b->a = col.a;
        b->b = col.b;
        b->c = col.colour;
        b->used = tables;
        lx_tip(c, b, "frames %lld-%lld: %u of the %lld hold page-table pages (pinned)",
               (long long)col.a, (long long)col.b, tables, (long long)(col.b - col.a + 1));
    }
}

/* Adds the arrow from the top middle of field box `from` up to the bottom
 * middle of frame box `to`: a = level (-1: to the data frame), b = frame. */
static void arrow(struct lctx *c, int vi, const struct lay_rect *from, const struct lay_rect *to,
                  int64_t level, int64_t frame, uint32_t colour)
{
    int x0 = from->x + from->w / 2, y0 = from->y, x1 = to->x + to->w / 2, y1 = to->y + to->h;
    struct lay_box *b;

    if (y0 <= y1)
        return;
    b = lx_add(c, LAY_ARROW, vi, x0 < x1 ? x0 : x1, y1, (x0 < x1 ? x1 - x0 : x0 - x1) + 1, y0 - y1,
               colour);
    if (!b)
        return;
    b->a = level;
    b->b = frame;
    b->fill = x1 > x0;
}

/* Returns the frame bar's box of frame f in view vi (a cell or the column
 * that holds it), or NULL. */
static const struct lay_box *frame_box(struct lctx *c, int vi, uint32_t f)
{
    return lx_find_box(c->lo, vi, LAY_FRAME, LAY_COLUMN, f);
}

/* Gives field box b, level k's index in the last walk of vm (access s),
 * the tooltip of what the walk did with it: the entry it read in which
 * table frame, and what that entry named. */
static void field_tip(struct lctx *c, struct lay_box *b, const struct vm *vm,
                      const struct vm_step *s, unsigned k)
{
    const struct vm_walk *w = &vm->walk;
    char name[8], next[48];

    if (k + 1 < w->levels)
        snprintf(next, sizeof next, "the next level's table page, frame %u", w->frame[k + 1]);
    else
        snprintf(next, sizeof next, "P%ld page %u's frame, %u", (long)s->pid, s->page, s->frame);
    lx_tip(c, b,
           "%s index %lld (%lld bits): entry %lld of P%ld's table page at frame %u%s; it names %s",
           lx_level_name(vm, k, name, sizeof name), (long long)b->b, (long long)b->c,
           (long long)b->b, (long)s->pid, w->frame[k],
           k == 0 ? " (where the page-table base register points)" : "", next);
}

void lx_walk_arrows(struct lctx *c, int vi, const struct vm *vm, int first_field)
{
    const struct vm_walk *w = &vm->walk;
    const struct vm_step *s = &vm->recent[(vm->t - 1) % VM_RECENT];
    int fld[PTS_MAX_LEVELS + 1], n = 0;

    if (!vm->pt_levels || vm->t == 0 || vm->t <= vm->epoch)
        return; /* Frames changed since (a release): the arrows would lie. */
    for (int i = first_field; i < c->lo->nboxes && n <= PTS_MAX_LEVELS; i++)
        if (c->lo->boxes[i].kind == LAY_FIELD && c->lo->boxes[i].view == vi)
            fld[n++] = i;
    if (n != (int)vm->pts.levels + 1)
        return;
    /* Boxes may move when the layout grows: copy the rectangles first. */
    struct lay_rect fr[PTS_MAX_LEVELS + 1];
    for (int k = 0; k < n; k++)
        fr[k] = c->lo->boxes[fld[k]].r;
    if (w->t == vm->t)
        for (unsigned k = 0; k < w->levels && k < PTS_MAX_LEVELS; k++)
            field_tip(c, &c->lo->boxes[fld[k]], vm, s, k);
    if (w->t == vm->t)
        for (unsigned k = 0; k < w->levels && k < PTS_MAX_LEVELS; k++) {
            const struct lay_box *t = frame_box(c, vi, w->frame[k]);
            if (t) {
                struct lay_rect to = t->r;
                arrow(c, vi, &fr[k], &to, k, w->frame[k], col_walk_arrow[k]);
            }
        }
    const struct lay_box *d = s->frame < vm->nframes ? frame_box(c, vi, s->frame) : NULL;
    if (d && vm->frames[s->frame].pid == s->pid && vm->frames[s->frame].page == s->page &&
        !vm->frames[s->frame].table) {
        struct lay_rect to = d->r;
        arrow(c, vi, &fr[n - 1], &to, -1, s->frame, col_walk_data);
    }
}
