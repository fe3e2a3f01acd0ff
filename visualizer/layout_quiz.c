/* layout_quiz.c: the view of a status file while a quiz is taken
 * (st->quiz_on): the file and a title with the score so far; the problem's
 * picture, by kind (translate: the page table, a cell an entry, valid ones
 * with their PFN; segment: the address space and physical memory with the
 * two segments; malloc: the heap with the free list after the last
 * operation whose questions are all answered; policy: the exam table of the
 * reference string, each access's hit or miss and memory shown once its
 * question is answered; multilevel: the 128 pages of memory, the page
 * directory's marked; memtrack's own kinds: layout_quiz_own.c's); then the
 * questions, each with its answer slot ("?" open, green right, red wrong
 * with the key, grey revealed) and a tooltip with the explanation once it
 * is answered. Nothing here shows a key before its question is answered or
 * revealed. Pure, like layout.c (layout_impl.h's helpers). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "layout_impl.h"
#include "quiz.h"

/* A picture of a quiz's problem (layout_impl.h says what one does). */
typedef int (*picture_fn)(struct lctx *c, int vi, const struct quiz *q, int x, int y, int w, int h);

struct lay_box *lx_qcell(struct lctx *c, int vi, int64_t a, int x, int y, int w, int h,
                         uint32_t colour, int hatched, const char *label)
{
    struct lay_box *b = lx_add(c, LAY_QCELL, vi, x, y, w, h, colour);

    if (!b)
        return NULL;
    b->a = a;
    b->fill = hatched;
    b->text_colour = layout_ink_on(colour);
    if (label && h >= c->lh && lx_text_w(c, label) + S(c, 4) <= w)
        snprintf(b->text, sizeof b->text, "%s", label);
    return b;
}

/* ---- Pictures ------------------------------------------------------------ */

/* The cells of an n-entry table in a grid from y, w wide, at most h high:
 * cells wide enough for label_w pixels when they all fit so, else narrower
 * without labels (at least cell_min_px), else the first that fit and a
 * line saying how many more. Sets *cols and *cw; returns how many are
 * shown. */
static size_t grid(struct lctx *c, size_t n, int label_w, int w, int h, int *cols, int *cw)
{
    int rh = lx_row_h(c), rows = h / rh;
    size_t fit;

    *cw = label_w + S(c, 8);
    *cols = w / *cw > 0 ? w / *cw : 1;
    if (rows < 1 || n == 0)
        return 0;
    if ((size_t)*cols * (size_t)rows >= n)
        return n;
    /* Unlabelled cells: as wide as fills the rows, cell_min_px at least. */
    *cw = (int)((int64_t)w * rows / (int64_t)n);
    *cw = *cw < cell_min_px ? cell_min_px : *cw;
    *cols = w / *cw > 0 ? w / *cw : 1;
    fit = (size_t)*cols * (size_t)rows;
    if (fit >= n)
        return n;
    *cols = w / *cw > 0 ? w / *cw : 1;
    return fit > (size_t)*cols ? fit - (size_t)*cols : 0; /* A row for the "more" line. */
}

static int pic_translate(struct lctx *c, int vi, const struct quiz *q, int x, int y, int w, int h)
{
    const struct quiz_translate *t = &q->u.tr;
    int lh = c->lh, rh = lx_row_h(c), bottom = y + h, cols, cw;
    char widest[64], label[64];
    size_t shown;

    lx_text(c, vi, x, y, w, col_text,
            "Page table: %llu entries (address space %llu B, pages of %llu B, physical memory "
            "%llu B); a valid entry shows its PFN",
            (unsigned long long)t->npages, (unsigned long long)t->asize,
            (unsigned long long)t->page_size, (unsigned long long)t->psize);
    y += lh;
    snprintf(widest, sizeof widest, "%llu: %llu", (unsigned long long)(t->npages - 1),
             (unsigned long long)(t->page_size ? t->psize / t->page_size : 0));
    shown = grid(c, t->npages, lx_text_w(c, widest), w, bottom - y, &cols, &cw);
    for (size_t v = 0; v < shown; v++) {
        int cx = x + (int)(v % (size_t)cols) * cw, cy = y + (int)(v / (size_t)cols) * rh;
        uint64_t lo = v * t->page_size, hi = lo + t->page_size - 1;
        int valid = t->pt[v] >= 0;
        struct lay_box *b;

        if (valid)
            snprintf(label, sizeof label, "%zu: %lld", v, (long long)t->pt[v]);
        else
            snprintf(label, sizeof label, "%zu: -", v);
        b = lx_qcell(c, vi, (int64_t)v, cx, cy, cw - 1, rh - 2, valid ? col_q_cell : col_free,
                     !valid, label);
        if (valid)
            lx_tip(c, b,
                   "VPN %zu: valid, PFN %lld: virtual 0x%llx..0x%llx is physical 0x%llx..0x%llx", v,
                   (long long)t->pt[v], (unsigned long long)lo, (unsigned long long)hi,
                   (unsigned long long)((uint64_t)t->pt[v] * t->page_size),
                   (unsigned long long)((uint64_t)t->pt[v] * t->page_size + t->page_size - 1));
        else
            lx_tip(c, b, "VPN %zu: not valid: an address in 0x%llx..0x%llx is invalid", v,
                   (unsigned long long)lo, (unsigned long long)hi);
    }
    y += (int)((shown + (size_t)cols - 1) / (size_t)cols) * rh;
    if (shown < t->npages) {
        lx_text(c, vi, x, y, w, col_dim, "+%llu more entries (a larger window shows them)",
                (unsigned long long)(t->npages - shown));
        y += lh;
    }
    return y;
}

/* A bar of span bytes from base, w wide at (x, y), h high: the extents e
 * (by address, not overlapping) and, between them, gaps in gap's colour
 * and look, named gap->label with gap->tip before their range (none when
 * gap is NULL). */
void lx_ext_bar(struct lctx *c, int vi, int x, int y, int w, int h, uint64_t base, uint64_t span,
                const struct qext *e, size_t n, const struct qext *gap)
{
    uint64_t at = base, end = base + span;

    for (size_t i = 0; i <= n; i++) {
        uint64_t lo = i < n ? e[i].lo : end;
        for (int part = 0; part < (i < n ? 2 : 1); part++) { /* The gap, then e[i]. */
            const struct qext *s = part == 0 ? gap : &e[i];
            uint64_t a = part == 0 ? at : s->lo, b = part == 0 ? lo : s->hi;
            if (b <= a || !s)
                continue;
            int x0 = x + (int)((double)(a - base) / (double)span * w);
            int x1 = x + (int)((double)(b - base) / (double)span * w);
            struct lay_box *box = lx_qcell(c, vi, (int64_t)i, x0, y, x1 - x0 > 1 ? x1 - x0 : 1, h,
                                           s->colour, s->hatched, s->label);
            lx_tip(c, box, "%llu..%llu (%llu B): %s", (unsigned long long)a,
                   (unsigned long long)(b - 1), (unsigned long long)(b - a), s->tip);
        }
        if (i < n)
            at = e[i].hi;
    }
}

/* A bar's height in a picture h high with `bars` bars and `lines` lines of
 * text. */
int lx_bar_h(const struct lctx *c, int h, int bars, int lines)
{
    int b = (h - lines * c->lh - bars * S(c, 6)) / (bars > 0 ? bars : 1);

    return b > 3 * c->lh ? 3 * c->lh : b < c->lh ? c->lh : b;
}

/* One bar of the segment picture from y: its title, then span bytes with
 * segment k at lo[k]..hi[k]-1 (none when empty) and the rest hatched.
 * Returns the y below the bar. */
static int seg_bar(struct lctx *c, int vi, int x, int y, int w, int bh, const char *title,
                   uint64_t span, const uint64_t *lo, const uint64_t *hi, const char *const *tips,
                   const char *gap_tip)
{
    struct qext e[2], gap = {0, 0, col_hole, 1, "", ""};
    size_t n = 0;

    for (int k = 0; k < 2; k++) {
        if (hi[k] <= lo[k])
            continue;
        e[n] = (struct qext){lo[k], hi[k], layout_seg_colour(k), 0, "", ""};
        snprintf(e[n].label, sizeof e[n].label, "SEG%d", k);
        snprintf(e[n].tip, sizeof e[n].tip, "%s", tips[k]);
        n++;
    }
    if (n == 2 && e[0].lo > e[1].lo) {
        struct qext t = e[0];
        e[0] = e[1];
        e[1] = t;
    }
    snprintf(gap.tip, sizeof gap.tip, "%s", gap_tip);
    lx_text(c, vi, x, y, w, col_dim, "%s: %llu B", title, (unsigned long long)span);
    y += c->lh;
    lx_ext_bar(c, vi, x, y, w, bh, 0, span ? span : 1, e, n, &gap);
    return y + bh;
}

static int pic_segment(struct lctx *c, int vi, const struct quiz *q, int x, int y, int w, int h)
{
    const struct quiz_segment *g = &q->u.sg;
    int bh = lx_bar_h(c, h, 2, 3);
    int top1 = g->limit1 <= g->asize, in1 = g->limit1 <= g->base1;
    const uint64_t vlo[2] = {0, top1 ? g->asize - g->limit1 : 0};
    const uint64_t vhi[2] = {g->limit0, top1 ? g->asize : 0};
    const uint64_t plo[2] = {g->base0, in1 ? g->base1 - g->limit1 : 0};
    const uint64_t phi[2] = {g->base0 + g->limit0, in1 ? g->base1 : 0};
    static const char *const vtips[2] = {"segment 0",
                                         "segment 1 (its offset counts down from the top)"};
    static const char *const ptips[2] = {"segment 0: base0 + offset",
                                         "segment 1: base1 - (its size - offset)"};

    lx_text(c, vi, x, y, w, col_text,
            "Segment 0: base %llu, limit %llu (grows up)    Segment 1: base %llu, limit %llu "
            "(grows down)",
            (unsigned long long)g->base0, (unsigned long long)g->limit0,
            (unsigned long long)g->base1, (unsigned long long)g->limit1);
    y = seg_bar(c, vi, x, y + c->lh, w, bh, "Virtual address space", g->asize, vlo, vhi, vtips,
                "in no segment: a segmentation violation");
    return seg_bar(c, vi, x, y + S(c, 6), w, bh, "Physical memory", g->psize, plo, phi, ptips,
                   "no segment's");
}

/* 1 when every question of q whose step is at most `step` is answered or
 * revealed. */
int lx_q_done(const struct quiz *q, int step)
{
    for (size_t i = 0; i < q->nq; i++)
        if (q->q[i].step <= step && q->q[i].state == QUIZ_OPEN)
            return 0;
    return 1;
}

static int pic_malloc(struct lctx *c, int vi, const struct quiz *q, int x, int y, int w, int h)
{
    const struct quiz_malloc *m = &q->u.ma;
    int k = -1, lh = c->lh, bh = lx_bar_h(c, h, 1, 2);
    const uint64_t first_a = m->base, first_s = m->size;
    const uint64_t *fa = &first_a, *fs = &first_s;
    size_t nf = 1, n = 0;
    struct qext *e, gap = {0, 0, col_q_cell, 0, "used", "in use (allocated, with its header)"};
    char list[LAY_LINE_MAX] = "";

    while (k + 1 < (int)m->nops && lx_q_done(q, k + 1))
        k++;
    if (k >= 0) {
        fa = m->ops[k].free_addr;
        fs = m->ops[k].free_size;
        nf = m->ops[k].nfree;
    }
    if (k < 0)
        lx_text(c, vi, x, y, w, col_text,
                "Heap: %llu B from %llu; the free list before any "
                "operation",
                (unsigned long long)m->size, (unsigned long long)m->base);
    else if (m->ops[k].alloc)
        lx_text(c, vi, x, y, w, col_text,
                "Heap: %llu B from %llu; the free list after operation "
                "%d, ptr[%d] = Alloc(%llu)",
                (unsigned long long)m->size, (unsigned long long)m->base, k + 1, m->ops[k].index,
                (unsigned long long)m->ops[k].size);
    else
        lx_text(c, vi, x, y, w, col_text,
                "Heap: %llu B from %llu; the free list after operation "
                "%d, Free(ptr[%d])",
                (unsigned long long)m->size, (unsigned long long)m->base, k + 1, m->ops[k].index);
    y += lh;
    e = calloc(nf ? nf : 1, sizeof *e);
    for (size_t i = 0; e && i < nf; i++) {
        size_t at = strlen(list);
        snprintf(list + at, sizeof list - at, "%s[addr:%llu sz:%llu]", i ? " " : "",
                 (unsigned long long)fa[i], (unsigned long long)fs[i]);
        /* The bar by address: insert in order (lists are short). */
        size_t j = n++;
        while (j > 0 && e[j - 1].lo > fa[i]) {
            e[j] = e[j - 1];
            j--;
        }
        e[j] = (struct qext){fa[i], fa[i] + fs[i], col_hole, 1, "", ""};
        snprintf(e[j].label, sizeof e[j].label, "#%zu", i + 1);
        snprintf(e[j].tip, sizeof e[j].tip, "free, entry %zu of the free list", i + 1);
    }
    if (!e)
        c->failed = 1;
    else
        lx_ext_bar(c, vi, x, y, w, bh, m->base, m->size ? m->size : 1, e, n, &gap);
    free(e);
    y += bh + S(c, 6);
    lx_text(c, vi, x, y, w, col_dim, "Free list (in list order): %s", nf ? list : "empty");
    return y + lh;
}

/* The question of type t at step `step` of q: its index, or -1 when none is. */
long lx_q_at(const struct quiz *q, int step, enum quiz_atype t)
{
    for (size_t i = 0; i < q->nq; i++)
        if (q->q[i].step == step && q->q[i].type == t)
            return (long)i;
    return -1;
}

/* The first step of q with an open question, or nsteps when none is. */
int lx_q_first_open(const struct quiz *q, int nsteps)
{
    for (size_t i = 0; i < q->nq; i++)
        if (q->q[i].state == QUIZ_OPEN)
            return q->q[i].step;
    return nsteps;
}

int lx_q_window(const struct quiz *q, int n, int cols)
{
    int start = lx_q_first_open(q, n) - cols / 3;

    return start > n - cols ? n - cols : start < 0 ? 0 : start;
}

int lx_q_known(const struct quiz *q, long i)
{
    return i < 0 || q->q[i].state != QUIZ_OPEN;
}

/* Row r of column s of exam table t at (cx, cy), cw wide: the page there
 * after the access, once its question is answered or revealed; the victim
 * in the tooltip only when the memory before is shown too. */
static void exam_mem_cell(struct lctx *c, int vi, const struct qtable *t, size_t s, int r, int cx,
                          int cy, int cw)
{
    const struct qcol *col = &t->cols[s];
    int shown = col->mem_shown, rh = lx_row_h(c);
    int have = shown && (size_t)r < col->nmem && col->mem[r] != QUIZ_EMPTY;
    char label[32] = "", why[64] = "";
    struct lay_box *b;

    if (have)
        snprintf(label, sizeof label, "%lld", (long long)col->mem[r]);
    if (shown && col->victim >= 0 && (s == 0 || t->cols[s - 1].mem_shown))
        snprintf(why, sizeof why, "; page %lld was replaced", (long long)col->victim);
    b = lx_qcell(c, vi, (int64_t)s, cx, cy, cw - 1, rh - 2,
                 !shown                             ? col_q_open
                 : have && col->mem[r] == col->page ? col_q_cell
                                                    : col_free,
                 0, !shown ? (r == 0 ? "?" : "") : label);
    if (!shown)
        lx_tip(c, b, "%s after %s %zu: which pages? (open)", t->frames ? "Frames" : "Memory",
               t->step_lc, s + 1);
    else if (t->frames)
        lx_tip(c, b, "Frame %d after %s %zu (page %lld): %s%s%s", r, t->step_lc, s + 1,
               (long long)col->page, have ? "page " : "empty", label, why);
    else
        lx_tip(c, b, "Memory after %s %zu (page %lld), in the policy's order%s", t->step_lc, s + 1,
               (long long)col->page, why);
}

/* Column s of exam table t at (cx, y), cw wide: the page, its hit or miss
 * and `rows` rows of memory. */
static void exam_column(struct lctx *c, int vi, const struct qtable *t, size_t s, int cx, int y,
                        int cw, int rows)
{
    const struct qcol *col = &t->cols[s];
    int rh = lx_row_h(c);
    char label[32];
    struct lay_box *b;

    snprintf(label, sizeof label, "%lld", (long long)col->page);
    b = lx_qcell(c, vi, (int64_t)s, cx, y, cw - 1, rh - 2, col_q_cell, 0, label);
    lx_tip(c, b, "%s %zu: page %lld", t->step, s + 1, (long long)col->page);
    b = lx_qcell(c, vi, (int64_t)s, cx, y + rh, cw - 1, rh - 2,
                 !col->hit_shown ? col_q_open
                 : col->hit      ? col_hit
                                 : col_fault,
                 0,
                 !col->hit_shown ? "?"
                 : col->hit      ? "H"
                                 : "M");
    if (col->hit_shown)
        lx_tip(c, b, "%s %zu: page %lld is a %s", t->step, s + 1, (long long)col->page,
               col->hit    ? "hit"
               : t->frames ? "miss (a page fault)"
                           : "miss");
    else
        lx_tip(c, b, "%s %zu: hit or miss? (open)", t->step, s + 1);
    for (int r = 0; r < rows; r++)
        exam_mem_cell(c, vi, t, s, r, cx, y + (2 + r) * rh, cw);
}

struct qcol *lx_qcols(struct lctx *c, size_t n)
{
    struct qcol *cols = calloc(n ? n : 1, sizeof *cols);

    c->failed |= !cols;
    return cols;
}

/* The width of the row names of exam table t. */
static int exam_names_w(struct lctx *c, const struct qtable *t)
{
    char name[32];

    snprintf(name, sizeof name, "frame %u", t->rows ? t->rows - 1 : 0);
    return lx_text_w(c, t->frames ? name : "memory") + S(c, 8);
}

int lx_exam_table(struct lctx *c, int vi, const struct quiz *q, const struct qtable *t, int x,
                  int y, int w, int h)
{
    int lh = c->lh, rh = lx_row_h(c), names_w = exam_names_w(c, t), cw, cols, rows;
    int widest = lx_text_w(c, "M"), start = 0, n = (int)t->n;
    char label[32];

    for (size_t s = 0; s < t->n; s++) {
        snprintf(label, sizeof label, "%lld", (long long)t->cols[s].page);
        if (lx_text_w(c, label) > widest)
            widest = lx_text_w(c, label);
    }
    cw = widest + S(c, 10);
    if (n > 0 && (w - names_w) / n > cw) /* Room to spare: wider cells, up to 3 lines' height. */
        cw = (w - names_w) / n < 3 * lh ? (w - names_w) / n : 3 * lh;
    cols = (w - names_w) / cw;
    rows = h / rh - 2; /* The page, H/M, memory rows, */
    if (rows < (int)t->rows || cols < n)
        rows = (h - lh) / rh - 2; /* and a line saying what is left out. */
    rows = rows > (int)t->rows ? (int)t->rows : rows;
    if (cols < 1 || rows < 1)
        return y;
    if (cols >= n)
        cols = n;
    else
        start = lx_q_window(q, n, cols);
    lx_text(c, vi, x, y + (rh - lh) / 2, names_w, col_dim, "page");
    lx_text(c, vi, x, y + rh + (rh - lh) / 2, names_w, col_dim, "H/M");
    for (int r = 0; r < (t->frames ? rows : 1); r++)
        lx_text(c, vi, x, y + (2 + r) * rh + (rh - lh) / 2, names_w, col_dim,
                t->frames ? "frame %d" : "memory", r);
    for (int s = start; s < start + cols; s++)
        exam_column(c, vi, t, (size_t)s, x + names_w + (s - start) * cw, y, cw, rows);
    y += (2 + rows) * rh;
    if (cols < n || rows < (int)t->rows) {
        lx_text(c, vi, x, y, w, col_dim, "%ss %d-%d of %d shown%s", t->step, start + 1,
                start + cols, n, rows < (int)t->rows ? ", the first memory rows only" : "");
        y += lh;
    }
    return y;
}

static int pic_policy(struct lctx *c, int vi, const struct quiz *q, int x, int y, int w, int h)
{
    const struct quiz_policy *po = &q->u.po;
    struct qtable t = {"Access", "access", 0, po->cache, po->nrefs, NULL};

    lx_text(c, vi, x, y, w, col_text,
            "Policy %s, a memory of %u pages, %zu accesses: a column each (the page, hit or "
            "miss, the memory after it)",
            po->policy, po->cache, po->nrefs);
    y += c->lh;
    if (!(t.cols = lx_qcols(c, po->nrefs)))
        return y;
    for (size_t s = 0; s < po->nrefs; s++) {
        const struct quiz_policy_step *st = &po->steps[s];
        t.cols[s] =
            (struct qcol){st->page,  st->hit,  lx_q_known(q, lx_q_at(q, (int)s, QUIZ_A_HITMISS)),
                          st->mem,   st->nmem, lx_q_known(q, lx_q_at(q, (int)s, QUIZ_A_SET)),
                          st->victim};
    }
    y = lx_exam_table(c, vi, q, &t, x, y, w, h - c->lh);
    free(t.cols);
    return y;
}

static int pic_multilevel(struct lctx *c, int vi, const struct quiz *q, int x, int y, int w, int h)
{
    const struct quiz_multilevel *ml = &q->u.ml;
    int lh = c->lh, rh = lx_row_h(c), cols = 32, cw, rows_fit = (h - lh) / rh;
    char label[8], bytes[32 * 3 + 1];

    lx_text(c, vi, x, y, w, col_text,
            "Memory: 128 pages of 32 bytes; the page directory is page %u (PDBR, marked); hover "
            "a page for its bytes",
            ml->pdbr);
    y += lh;
    if (w / cols < lx_text_w(c, "127") + S(c, 6))
        cols = 16; /* 8 rows of 16 pages: the labels fit. */
    cw = w / cols;
    for (unsigned pg = 0; pg < 128 && (int)(pg / (unsigned)cols) < rows_fit; pg++) {
        int pd = pg == ml->pdbr;
        struct lay_box *b;
        snprintf(label, sizeof label, "%u", pg);
        b = lx_qcell(c, vi, pg, x + (int)(pg % (unsigned)cols) * cw,
                     y + (int)(pg / (unsigned)cols) * rh, cw - 1, rh - 2,
                     pd ? col_q_mark : col_q_cell, 0, label);
        for (int i = 0; i < 32; i++)
            snprintf(bytes + 3 * i, sizeof bytes - (size_t)(3 * i), "%02x ",
                     ml->memory[pg * 32 + (unsigned)i]);
        bytes[32 * 3 - 1] = '\0';
        lx_tip(c, b, "Page %u (physical 0x%03x..0x%03x)%s: %s", pg, pg * 32, pg * 32 + 31,
               pd ? ", the page directory" : "", bytes);
    }
    rows_fit = rows_fit < 128 / cols ? rows_fit : 128 / cols;
    return y + (rows_fit > 0 ? rows_fit : 0) * rh;
}

/* The picture of each kind, by enum quiz_kind. */
static const picture_fn pictures[QUIZ_NKINDS] = {
    pic_translate, pic_multilevel, pic_segment, pic_malloc,  pic_policy,
    lx_pic_frag,   lx_pic_compact, lx_pic_tlb,  lx_pic_exam,
};

/* ---- The questions -------------------------------------------------------- */

/* Writes the label of question qq's answer slot into buf. */
static void slot_text(const struct quiz_question *qq, char *buf, size_t len)
{
    char given[LAY_TEXT_MAX / 2 - 16], key[LAY_TEXT_MAX / 2 - 16];

    quiz_value_text(qq->type, &qq->key, key, sizeof key);
    quiz_value_text(qq->type, &qq->given, given, sizeof given);
    switch (qq->state) {
    case QUIZ_RIGHT:
        snprintf(buf, len, "%s", given);
        break;
    case QUIZ_WRONG:
        snprintf(buf, len, "%s, key %s", given, key);
        break;
    case QUIZ_SHOWN:
        snprintf(buf, len, "key %s", key);
        break;
    default:
        snprintf(buf, len, "?");
    }
}

/* Gives box b question i's tooltip: the prompt, where it stands and, once
 * answered or revealed, the key and the explanation. */
static void question_tip(struct lctx *c, struct lay_box *b, const struct quiz_question *qq,
                         size_t i)
{
    char given[LAY_TEXT_MAX], key[LAY_TEXT_MAX];

    quiz_value_text(qq->type, &qq->key, key, sizeof key);
    quiz_value_text(qq->type, &qq->given, given, sizeof given);
    switch (qq->state) {
    case QUIZ_RIGHT:
        lx_tip(c, b, "Question %zu: %s\nRight: %s.\n%s", i + 1, qq->prompt, given, qq->explain);
        break;
    case QUIZ_WRONG:
        lx_tip(c, b, "Question %zu: %s\nWrong: you answered %s; the answer is %s.\n%s", i + 1,
               qq->prompt, given, key, qq->explain);
        break;
    case QUIZ_SHOWN:
        lx_tip(c, b, "Question %zu: %s\nRevealed: the answer is %s.\n%s", i + 1, qq->prompt, key,
               qq->explain);
        break;
    default:
        lx_tip(c, b,
               "Question %zu: %s\nOpen: answer it in memtrack; its key and why show here "
               "then.",
               i + 1, qq->prompt);
    }
}

/* One question's row at (x, y), w wide: its answer slot slot_w wide, then
 * its number and prompt; both with its tooltip. */
static void question_row(struct lctx *c, int vi, const struct quiz *q, size_t i, int x, int y,
                         int w, int slot_w)
{
    const uint32_t colours[] = {col_q_open, col_q_right, col_q_wrong, col_q_shown};
    const struct quiz_question *qq = &q->q[i];
    int lh = c->lh, rh = lx_row_h(c), n0;
    struct lay_box *b =
        lx_add(c, LAY_QSLOT, vi, x, y + 1, slot_w, rh - 2, colours[(unsigned)qq->state % 4]);
    char label[LAY_TEXT_MAX];

    if (b) {
        b->a = (int64_t)i;
        b->b = qq->state;
        slot_text(qq, label, sizeof label);
        lx_fit(c, b->text, label, slot_w - S(c, 8));
        question_tip(c, b, qq, i);
    }
    n0 = c->lo->nboxes;
    lx_text(c, vi, x + slot_w + S(c, 8), y + (rh - lh) / 2, w - slot_w - S(c, 8),
            qq->state == QUIZ_OPEN ? col_text : col_dim, "%zu. %s", i + 1, qq->prompt);
    if (!c->dry && !c->failed && c->lo->nboxes > n0)
        question_tip(c, &c->lo->boxes[c->lo->nboxes - 1], qq, i);
}

/* The questions of q from y to bottom, w wide from x: a title, then a row
 * each (the slot, then the number and prompt), in two columns when they do
 * not fit in one and the window is wide enough, as many as fit round the
 * first open one. Returns the y below. */
static int questions(struct lctx *c, int vi, const struct quiz *q, int x, int y, int w, int bottom)
{
    int lh = c->lh, rh = lx_row_h(c), slot_w = S(c, 40), rows = (bottom - y - lh) / rh;
    int prompt_w = 0, ncol = 1, col_w = w;
    size_t start = 0, first_open = q->nq, end, per;
    char label[LAY_TEXT_MAX];

    for (size_t i = 0; i < q->nq; i++) {
        slot_text(&q->q[i], label, sizeof label);
        if (lx_text_w(c, label) + S(c, 12) > slot_w)
            slot_w = lx_text_w(c, label) + S(c, 12);
        snprintf(label, sizeof label, "%zu. %s", i + 1, q->q[i].prompt);
        if (lx_text_w(c, label) > prompt_w)
            prompt_w = lx_text_w(c, label);
        if (q->q[i].state == QUIZ_OPEN && first_open == q->nq)
            first_open = i;
    }
    if (rows > 0 && (size_t)rows < q->nq && (w - S(c, 24)) / 2 >= slot_w + S(c, 8) + prompt_w) {
        ncol = 2;
        col_w = (w - S(c, 24)) / 2;
    }
    slot_w = slot_w > col_w * quiz_slot_max / 100 ? col_w * quiz_slot_max / 100 : slot_w;
    if (rows < 1)
        return y;
    rows *= ncol; /* Rows of the list, column after column. */
    if ((size_t)rows < q->nq) {
        size_t want = first_open > (size_t)rows / 3 ? first_open - (size_t)rows / 3 : 0;
        start = want + (size_t)rows > q->nq ? q->nq - (size_t)rows : want;
    }
    end = start + (size_t)rows < q->nq ? start + (size_t)rows : q->nq;
    if (start > 0 || end < q->nq)
        lx_text(c, vi, x, y, w, col_text,
                "Questions %zu-%zu of %zu (hover one for its answer "
                "and why, once it is answered)",
                start + 1, end, q->nq);
    else
        lx_text(c, vi, x, y, w, col_text,
                "Questions (hover one for its answer and why, once it "
                "is answered)");
    y += lh;
    per = (end - start + (size_t)ncol - 1) / (size_t)ncol; /* Rows in a column. */
    for (size_t i = start; i < end; i++)
        question_row(c, vi, q, i, x + (int)((i - start) / per) * (col_w + S(c, 24)),
                     y + (int)((i - start) % per) * rh, col_w, slot_w);
    return y + (int)per * rh;
}

/* ---- The view ------------------------------------------------------------- */

/* The title: the kind, its script, the seed and the score so far. */
static void title(struct lctx *c, int vi, const struct quiz *q, int x, int y, int w)
{
    size_t n[4] = {0, 0, 0, 0};
    const char *script = quiz_kind_script(q->kind);

    for (size_t i = 0; i < q->nq; i++)
        n[(unsigned)q->q[i].state % 4]++;
    lx_text(c, vi, x, y, w, col_text,
            "Quiz %s (%s), seed %lld:   %zu right, %zu wrong, %zu revealed, %zu open of %zu",
            quiz_kind_name(q->kind), script ? script : "memtrack's own", (long long)q->seed, n[1],
            n[2], n[3], n[0], q->nq);
}

void lx_quiz_view(struct lctx *c, int vi, const struct lay_view *v, int single, int x, int y, int w,
                  int bottom)
{
    const struct status *st = v->st;
    const struct quiz *q = &st->quiz;
    picture_fn pic = pictures[(unsigned)q->kind % QUIZ_NKINDS];
    int lh = c->lh, room, natural, list_need, pic_h;
    char age[48] = "", ago[24];
    struct qbuf flags = {0};

    if (v->age_s >= stale_after_s)
        snprintf(age, sizeof age, "   last change %s ago", layout_age(v->age_s, ago, sizeof ago));
    quiz_args_text(q, &flags);
    lx_text(c, vi, x, y, w, col_dim, "%s   seq %llu%s   memtrack quiz %s %s", v->path,
            (unsigned long long)st->seq, age, quiz_kind_name(q->kind), flags.s ? flags.s : "");
    c->failed |= flags.failed;
    qbuf_free(&flags);
    y += lh;
    title(c, vi, q, x, y, w);
    y += lh;
    if (single && st->last.what[0]) {
        lx_text(c, vi, x, y, w, st->refused ? col_refused : col_text, "Last: %s", st->last.what);
        y += lh;
    }
    y += c->gap;
    room = bottom - y;
    c->dry = 1;
    natural = pic(c, vi, q, x, 0, w, room);
    c->dry = 0;
    list_need = lh + (int)q->nq * lx_row_h(c) + c->gap;
    pic_h = room - list_need > room * 45 / 100 ? room - list_need : room * 45 / 100;
    pic_h = natural < pic_h ? natural : pic_h;
    y = pic(c, vi, q, x, y, w, pic_h) + c->gap;
    questions(c, vi, q, x, y, w, bottom);
}
