/* layout_pages.c: the strips of virtual pages of a VM view, a row per
 * process: a cell a page (f3 resident in frame 3, s2 in swap slot 2,
 * blank untouched) or columns of shares when they do not fit, and the long
 * untouched runs of a sparse address space folded into narrow marks. Boxes
 * as layout.c makes them (layout_impl.h). Pure; see layout.h. */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "layout.h"
#include "layout_impl.h"
#include "num.h"

/* One virtual page's cell (x0..x1, y, h) of process p: coloured by its
 * state, labelled with its frame (f3) or slot (s2) where that fits; thin:
 * its row's cells are too narrow to outline. */
static void page_cell(struct lctx *c, int view, const struct vm *vm, const struct vm_process *p,
                      uint32_t page, int x0, int x1, int y, int h, int thin)
{
    uint32_t where = VM_NONE;
    enum vm_page_state s = vm_page_state(p, page, &where);
    uint32_t colour = s == VM_RESIDENT  ? layout_pid_colour(p->pid)
                      : s == VM_SWAPPED ? col_swapped
                                        : col_free;
    struct lay_box *b = lx_add(c, LAY_PAGE, view, x0, y, x1 - x0, h, colour);
    char lab[24] = "", prot[32] = "", pt[4];

    if (!b)
        return;
    if (vm->as_bytes) /* Its protection, in the tip too. */
        snprintf(prot, sizeof prot, "; protection %s", tlb_prot_str(vm_page_prot(p, page), pt));
    b->a = b->b = page;
    b->c = p->pid;
    b->fill = thin ? 2 : 0;
    b->used = s;
    b->pattern = s == VM_RESIDENT ? layout_pid_pattern(p->pid) : LAY_PLAIN;
    if (s == VM_RESIDENT) {
        snprintf(lab, sizeof lab, "f%u", where);
        lx_tip(c, b, "P%ld page %u: resident in frame %u%s", (long)p->pid, page, where, prot);
    } else if (s == VM_SWAPPED) {
        snprintf(lab, sizeof lab, "s%u", where);
        lx_tip(c, b, "P%ld page %u: in swap slot %u (a touch reads it back)%s", (long)p->pid, page,
               where, prot);
    } else {
        lx_tip(c, b, "P%ld page %u: untouched (zeros: its first touch zero-fills a frame)%s",
               (long)p->pid, page, prot);
    }
    if (lab[0] && lx_text_w(c, lab) + 4 <= x1 - x0 && c->lh <= h)
        memcpy(b->text, lab, strlen(lab) + 1);
    lx_prot_mark(c, view, vm, p, page, x0, x1, y, h);
}

/* A column (x0..x1, y, h) of process p's pages p0..p1: filled from the
 * bottom with the share resident, then the share in swap. Counts only the
 * touched pages (vm_next_touched), so a huge sparse space costs little. */
static void page_column(struct lctx *c, int view, const struct vm_process *p, uint32_t p0,
                        uint32_t p1, int x0, int x1, int y, int h)
{
    int64_t span = (int64_t)p1 - p0 + 1, nres = 0, nswap = 0;
    struct lay_box *b;

    /* g < npages <= UINT32_MAX: g + 1 does not wrap. */
    for (uint32_t g = vm_next_touched(p, p0); g <= p1 && g < p->npages;
         g = vm_next_touched(p, g + 1)) {
        uint32_t where;
        enum vm_page_state s = vm_page_state(p, g, &where);
        nres += s == VM_RESIDENT;
        nswap += s == VM_SWAPPED;
    }
    b = lx_add(c, LAY_PAGE, view, x0, y, x1 - x0, h, col_free);
    if (!b)
        return;
    b->a = p0;
    b->b = p1;
    b->c = p->pid;
    b->fill = 1;
    b->used = nres + nswap;
    lx_tip(c, b, "P%ld pages %u-%u: %lld resident, %lld in swap, %lld untouched", (long)p->pid, p0,
           p1, (long long)nres, (long long)nswap, (long long)(span - nres - nswap));
    int hr = nres ? column_fill(nres, span, h) : 0;
    int hs = nswap ? column_fill(nres + nswap, span, h) - hr : 0;
    if (nswap && hs < 1)
        hs = 1;
    if (hr + hs > h)
        hr = h - hs;
    for (int k = 0; k < 2; k++) {
        int hh = k ? hs : hr;
        if (hh <= 0)
            continue;
        b = lx_add(c, LAY_SHARE, view, x0, k ? y + h - hr - hs : y + h - hr, x1 - x0, hh,
                   k ? col_swapped : layout_pid_colour(p->pid));
        if (!b)
            return;
        b->a = k ? VM_SWAPPED : VM_RESIDENT;
        b->b = k ? nswap : nres;
        b->pattern = k ? LAY_PLAIN : layout_pid_pattern(p->pid);
    }
}

/* Pages a..b of process p in x0..x1 (y, h): a cell each when all can be
 * outlined or at least cell_min_px wide, else columns (as the frame bar). */
static void page_span(struct lctx *c, int view, const struct vm *vm, const struct vm_process *p,
                      uint32_t a, uint32_t b, int x0, int x1, int y, int h)
{
    int64_t n = (int64_t)b - a + 1, w = x1 - x0;

    if (n * cell_min_px <= w) {
        for (int64_t g = 0; g < n; g++) /* Outlined when all of the span can be. */
            page_cell(c, view, vm, p, (uint32_t)(a + g), x0 + at(g, n, (int)w),
                      x0 + at(g + 1, n, (int)w), y, h, w / n < 8);
        return;
    }
    for (int64_t col = 0, ncols = n < w ? n : w; col < ncols; col++)
        page_column(c, view, p, (uint32_t)(a + col * n / ncols),
                    (uint32_t)(a + (col + 1) * n / ncols - 1), x0 + at(col, ncols, (int)w),
                    x0 + at(col + 1, ncols, (int)w), y, h);
}

#define FOLD_MAX 8 /* Most untouched runs a row of pages folds. */

/* An untouched run of pages a..b. */
struct fold {
    uint32_t a, b;
};

/* Keeps run a..b in f[0 .. *n-1] if it is among the FOLD_MAX longest,
 * longest first. */
static void fold_keep(struct fold *f, int *n, uint32_t a, uint32_t b)
{
    int i;

    if (*n == FOLD_MAX && f[FOLD_MAX - 1].b - f[FOLD_MAX - 1].a >= b - a)
        return;
    i = *n < FOLD_MAX ? (*n)++ : FOLD_MAX - 1;
    for (; i > 0 && f[i - 1].b - f[i - 1].a < b - a; i--)
        f[i] = f[i - 1];
    f[i] = (struct fold){a, b};
}

/* Chooses the untouched runs of p's pages that its strip, sw pixels wide,
 * folds into a mark fold_px wide each (a sparse address space, such as a
 * real program's code, heap and stack, is otherwise a blank strip): the
 * longest first, each while it is at least an eighth of the pages still
 * shown, would be at least two marks wide, and leaves pages to show.
 * Only when the pages do not fit a cell each. Writes them to f in address
 * order. Returns how many (0 .. FOLD_MAX). */
static int page_folds(const struct vm_process *p, int sw, int fold_px, struct fold *f)
{
    struct fold top[FOLD_MAX];
    int n = 0, k = 0;
    uint64_t shown = p->npages;
    uint32_t from = 0;

    if ((int64_t)p->npages * cell_min_px <= sw)
        return 0;
    /* g < npages <= UINT32_MAX: g + 1 does not wrap. */
    for (uint32_t g = vm_next_touched(p, 0);; g = vm_next_touched(p, g + 1)) {
        if (g > from)
            fold_keep(top, &n, from, g - 1);
        if (g >= p->npages)
            break;
        from = g + 1;
    }
    for (int i = 0; i < n; i++) {
        uint64_t len = (uint64_t)top[i].b - top[i].a + 1;
        if (len >= shown || len * 8 < shown || (double)len * sw < 2.0 * fold_px * (double)shown)
            break;
        shown -= len;
        f[k++] = top[i];
    }
    for (int i = 1; i < k; i++) /* By address. */
        for (int j = i; j > 0 && f[j - 1].a > f[j].a; j--) {
            struct fold t = f[j];
            f[j] = f[j - 1];
            f[j - 1] = t;
        }
    return k;
}

/* A fold's width: room for its mark. */
static int fold_w(struct lctx *c)
{
    int w = lx_text_w(c, "\u2248") + S(c, 8);

    return w > S(c, 20) ? w : S(c, 20);
}

/* The mark of fold f of process p (pages of page_size bytes) at x (y, w,
 * h): a gap in the strip with a wavy equals sign. */
static void fold_mark(struct lctx *c, int view, const struct vm_process *p, uint64_t page_size,
                      const struct fold *f, int x, int y, int w, int h)
{
    struct lay_box *b = lx_add(c, LAY_PAGE, view, x, y, w, h, col_panel);
    uint64_t n = (uint64_t)f->b - f->a + 1;
    char bytes[32];

    if (!b)
        return;
    b->a = f->a;
    b->b = f->b;
    b->c = p->pid;
    b->fill = 3;
    b->used = VM_UNTOUCHED;
    b->text_colour = col_dim;
    lx_tip(c, b, "P%ld pages %u-%u: untouched, folded (%llu pages, %s)", (long)p->pid, f->a, f->b,
           (unsigned long long)n, num_bytes(n * page_size, bytes, sizeof bytes));
    if (lx_text_w(c, "\u2248") <= w && c->lh <= h)
        snprintf(b->text, sizeof b->text, "\u2248");
}

/* Process p's strip of pages (of vm's page size) from sx, sw wide (y, h):
 * its pages with the untouched runs page_folds chooses folded. Each stretch
 * between folds gets S(c, 3) pixels and a share of the rest in proportion
 * to its pages. */
static void page_strip(struct lctx *c, int view, const struct vm *vm, const struct vm_process *p,
                       int sx, int sw, int y, int h)
{
    struct fold f[FOLD_MAX];
    int fw = fold_w(c), k = page_folds(p, sw, fw, f), min = S(c, 3);
    int64_t shown = p->npages, before = 0, avail;
    uint32_t from = 0;

    for (int i = 0; i < k; i++)
        shown -= (int64_t)f[i].b - f[i].a + 1;
    avail = sw - k * fw - (k + 1) * min;
    if (k == 0 || avail < 1) {
        page_span(c, view, vm, p, 0, p->npages - 1, sx, sx + sw, y, h);
        return;
    }
    for (int i = 0; i <= k; i++) {
        uint32_t to = i < k ? f[i].a - 1 : p->npages - 1; /* Folds leave pages between. */
        int64_t len = i < k && f[i].a == from ? 0 : (int64_t)to - from + 1;
        int x0 = sx + i * (fw + min) + at(before, shown, (int)avail);
        int x1 = x0 + min + at(before + len, shown, (int)avail) - at(before, shown, (int)avail);
        if (len > 0)
            page_span(c, view, vm, p, from, to, x0, x1, y, h);
        before += len;
        if (i < k) {
            fold_mark(c, view, p, vm->page_size, &f[i], x1, y, fw, h);
            from = f[i].b + 1;
        }
    }
}

/* Process p's row (x, y, w, h) in vm: its name, then its strip of pages. */
static void page_row(struct lctx *c, int view, const struct vm *vm, const struct vm_process *p,
                     int x, int y, int w, int h, int lw)
{
    int sx = x + lw, sw = w - lw, before = c->lo->nboxes;

    lx_text(c, view, x, y + (h - c->lh) / 2, lw - S(c, 6), col_text, "P%ld", (long)p->pid);
    if (c->lo->nboxes > before)
        lx_tip(c, &c->lo->boxes[c->lo->nboxes - 1],
               "P%ld: %u page%s (%llu B asked for), %u resident, %u in swap; %llu access%s, "
               "%llu hit%s, %llu fault%s",
               (long)p->pid, p->npages, p->npages == 1 ? "" : "s", (unsigned long long)p->bytes,
               p->resident, p->swapped, (unsigned long long)p->counts.accesses,
               p->counts.accesses == 1 ? "" : "es", (unsigned long long)p->counts.hits,
               p->counts.hits == 1 ? "" : "s", (unsigned long long)p->counts.faults,
               p->counts.faults == 1 ? "" : "s");
    if (sw >= 1 && p->npages > 0)
        page_strip(c, view, vm, p, sx, sw, y, h);
}

int lx_vm_pages(struct lctx *c, int vi, const struct vm *vm, int rows, int x, int y, int w)
{
    int rh = lx_row_h(c), lw = 0;
    size_t shown = vm->nprocs <= (size_t)rows ? vm->nprocs : (size_t)rows;
    char more[96] = "";
    int folds = 0;
    struct fold f[FOLD_MAX];

    for (size_t i = 0; i < shown; i++) {
        char name[24];
        snprintf(name, sizeof name, "P%ld", (long)vm->procs[i].pid);
        lw = lx_text_w(c, name) > lw ? lx_text_w(c, name) : lw;
    }
    lw += S(c, 10);
    for (size_t i = 0; i < shown && !folds; i++)
        folds = page_folds(&vm->procs[i], w - lw, fold_w(c), f) > 0;
    if (shown < vm->nprocs)
        snprintf(more, sizeof more, "   (the first %zu of %zu processes)", shown, vm->nprocs);
    lx_text(c, vi, x, y, w, col_text,
            "Virtual pages: f3 in frame 3, grey s2 in swap slot 2, blank untouched%s%s%s",
            folds ? ", \u2248 a long untouched run left out" : "",
            vm->as_bytes ? "; a band at the bottom: orange executable, blue read-only" : "", more);
    y += c->lh;
    for (size_t i = 0; i < shown; i++, y += rh)
        page_row(c, vi, vm, &vm->procs[i], x, y, w, rh - S(c, 3), lw);
    return y + c->gap;
}
