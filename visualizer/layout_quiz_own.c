/* layout_quiz_own.c: the pictures of memtrack's own quiz kinds (struct
 * quiz_own; quiz.h tells its fields by kind) for layout_quiz.c's view:
 *   exam     the exam table: a column a reference (its page, hit or miss,
 *            the frames after it, a row a frame), filled in as its
 *            questions are answered, as the policy kind's;
 *   tlb      the TLB's sets and ways (never what they hold: that would tell
 *            the next hit) and the walk: a column an access (the element,
 *            its VA and VPN, its set when there are several, and its hit or
 *            miss once answered);
 *   compact  the segment memory before compaction (the segments by name,
 *            the holes hatched), and after it: each segment at its new base
 *            once that question is answered, the hole left once its is;
 *   frag     each process's bytes, then its pages once their number is
 *            answered and the unused end of its last page once that is; the
 *            operations on the segment memory, and the memory after them
 *            (segments and holes) once the free bytes and the largest hole
 *            are answered.
 * What is still open is an open cell ("?"), never drawn at a size or place
 * that would give its answer away. Pure, like layout.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "layout_impl.h"
#include "quiz.h"

/* The key of question i of q (a NUMBER's), or 0 when there is none. */
static int64_t key_of(const struct quiz *q, long i)
{
    return i >= 0 && q->q[i].key.n > 0 ? q->q[i].key.v[0] : 0;
}

/* The question after question i of q when it has the same step, else -1. */
static long next_at(const struct quiz *q, long i)
{
    return i >= 0 && (size_t)i + 1 < q->nq && q->q[i + 1].step == q->q[i].step ? i + 1 : -1;
}

/* A line from y: title, then question i's key when it is answered or
 * revealed, else "?" and its number. Returns the y below it. */
static int key_line(struct lctx *c, int vi, const struct quiz *q, long i, const char *title,
                    const char *unit, int x, int y, int w)
{
    if (i < 0)
        return y;
    if (lx_q_known(q, i))
        lx_text(c, vi, x, y, w, col_text, "%s: %lld%s", title, (long long)key_of(q, i), unit);
    else
        lx_text(c, vi, x, y, w, col_dim, "%s: ? (question %ld)", title, i + 1);
    return y + c->lh;
}

/* Sorts the n extents of e by address (n is small). */
static void sort_ext(struct qext *e, size_t n)
{
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && e[j - 1].lo > e[j].lo; j--) {
            struct qext t = e[j];
            e[j] = e[j - 1];
            e[j - 1] = t;
        }
}

/* Adds the holes of [0, span) between the n extents of e (sorted) as
 * hatched extents labelled with their size, from e[n] on (room for n + 1
 * more). Returns the extents in all, sorted. */
static size_t add_holes(struct qext *e, size_t n, uint64_t span, const char *tip)
{
    size_t m = n;
    uint64_t at = 0;

    for (size_t i = 0; i <= n; i++) {
        uint64_t lo = i < n ? e[i].lo : span;
        if (lo > at) {
            e[m] = (struct qext){at, lo, col_hole, 1, "", ""};
            snprintf(e[m].label, sizeof e[m].label, "%llu B", (unsigned long long)(lo - at));
            snprintf(e[m].tip, sizeof e[m].tip, "%s", tip);
            m++;
        }
        if (i < n)
            at = e[i].hi;
    }
    sort_ext(e, m);
    return m;
}

/* ---- exam ------------------------------------------------------------------ */

int lx_pic_exam(struct lctx *c, int vi, const struct quiz *q, int x, int y, int w, int h)
{
    const struct quiz_own *o = &q->u.own;
    struct qtable t = {"Reference", "reference", 1, o->slots, o->nitems, NULL};
    int bottom = y + h;

    lx_text(c, vi, x, y, w, col_text,
            "Policy %s, %u frame%s (empty at the start; a fault takes the lowest free one), %zu "
            "references: a column each (the page, hit or miss, the frames after it)",
            o->policy, o->slots, o->slots == 1 ? "" : "s", o->nitems);
    y += c->lh;
    if (!(t.cols = lx_qcols(c, o->nitems)))
        return y;
    for (size_t s = 0; s < o->nitems; s++) {
        long mq = lx_q_at(q, (int)s, QUIZ_A_LIST);
        t.cols[s] = (struct qcol){o->item_a[s],
                                  o->item_b[s] != 0,
                                  lx_q_known(q, lx_q_at(q, (int)s, QUIZ_A_HITMISS)),
                                  mq >= 0 ? q->q[mq].key.v : NULL,
                                  mq >= 0 ? q->q[mq].key.n : 0,
                                  lx_q_known(q, mq),
                                  o->item_c[s]};
    }
    y = lx_exam_table(c, vi, q, &t, x, y, w, bottom - y - c->lh);
    free(t.cols);
    if (y + c->lh <= bottom)
        y = key_line(c, vi, q, lx_q_at(q, (int)o->nitems, QUIZ_A_NUMBER), "Page faults in all", "",
                     x, y, w);
    return y;
}

/* ---- tlb ------------------------------------------------------------------- */

/* The TLB's entries in a row from y, w wide from x: a cell a way, the sets
 * apart, each cell named by its set when there are several; never what
 * they hold. Returns the y below it. */
static int tlb_entries(struct lctx *c, int vi, const struct quiz_own *o, int x, int y, int w)
{
    unsigned ways = o->ways ? o->ways : 1, sets = o->slots / ways;
    int rh = lx_row_h(c), names_w = lx_text_w(c, "TLB") + S(c, 8), gap = S(c, 6);
    int ew = lx_text_w(c, sets > 1 ? "set 00" : "way 00") + S(c, 8), cx = x + names_w;
    unsigned shown = 0;
    char label[32];

    lx_text(c, vi, x, y + (rh - c->lh) / 2, names_w, col_dim, "TLB");
    for (unsigned e = 0; e < o->slots; e++) {
        unsigned set = e / ways, way = e % ways;
        if (cx + ew > x + w)
            break;
        snprintf(label, sizeof label, sets > 1 ? "set %u" : "way %u", sets > 1 ? set : way);
        struct lay_box *b = lx_qcell(c, vi, e, cx, y, ew - 1, rh - 2, col_free, 0, label);
        lx_tip(c, b,
               "Set %u, way %u: empty at the start; a miss puts its translation in the lowest "
               "empty way of its set, else in place of the set's least recently used one. What "
               "it holds after each access is yours to work out.",
               set, way);
        cx += ew + (way + 1 == ways && sets > 1 ? gap : 0);
        shown++;
    }
    if (shown < o->slots)
        lx_text(c, vi, cx, y + (rh - c->lh) / 2, x + w - cx, col_dim, "+%u more", o->slots - shown);
    return y + rh;
}

/* The labels of access k of o: the element, the VA, the VPN, the set. */
static void tlb_labels(const struct quiz_own *o, size_t k, char (*l)[32])
{
    uint64_t va = (uint64_t)o->item_b[k], vpn = o->unit ? va / o->unit : 0;
    unsigned sets = o->ways ? o->slots / o->ways : 1;

    snprintf(l[0], sizeof l[0], "a[%lld]", (long long)o->item_a[k]);
    snprintf(l[1], sizeof l[1], "0x%llx", (unsigned long long)va);
    snprintf(l[2], sizeof l[2], "%llu", (unsigned long long)vpn);
    snprintf(l[3], sizeof l[3], "%llu", (unsigned long long)(sets ? vpn % sets : 0));
}

/* Column k of the walk at (cx, y), cw wide: nrows rows of labels, then
 * hit or miss once answered. */
static void tlb_column(struct lctx *c, int vi, const struct quiz *q, size_t k, int cx, int y,
                       int cw, int nrows)
{
    const struct quiz_own *o = &q->u.own;
    uint64_t va = (uint64_t)o->item_b[k], vpn = o->unit ? va / o->unit : 0;
    int rh = lx_row_h(c), shown = lx_q_known(q, lx_q_at(q, (int)k, QUIZ_A_HITMISS));
    char l[4][32];
    struct lay_box *b;

    tlb_labels(o, k, l);
    for (int r = 0; r < nrows; r++) {
        b = lx_qcell(c, vi, (int64_t)k, cx, y + r * rh, cw - 1, rh - 2,
                     r == 2 ? layout_seg_colour((int)(vpn % 5)) : col_q_cell, 0, l[r]);
        lx_tip(c, b,
               "Access %zu: a[%lld] at VA 0x%llx (%llu) = %llu + %llu * %lld: VPN %llu, offset "
               "%llu%s%s",
               k + 1, (long long)o->item_a[k], (unsigned long long)va, (unsigned long long)va,
               (unsigned long long)o->base, (unsigned long long)o->elem, (long long)o->item_a[k],
               (unsigned long long)vpn, (unsigned long long)(o->unit ? va % o->unit : 0),
               nrows > 3 ? ", set " : "", nrows > 3 ? l[3] : "");
    }
    b = lx_qcell(c, vi, (int64_t)k, cx, y + nrows * rh, cw - 1, rh - 2,
                 !shown         ? col_q_open
                 : o->item_c[k] ? col_hit
                                : col_fault,
                 0,
                 !shown         ? "?"
                 : o->item_c[k] ? "H"
                                : "M");
    if (shown)
        lx_tip(c, b, "Access %zu: VPN %llu is a TLB %s", k + 1, (unsigned long long)vpn,
               o->item_c[k] ? "hit" : "miss");
    else
        lx_tip(c, b, "Access %zu: hit or miss? (open)", k + 1);
}

/* The walk from y, w wide from x, at most h high: row names, then a
 * column an access (a window round the first open one when they do not
 * all fit, and a line saying so). Returns the y below it. */
static int tlb_walk(struct lctx *c, int vi, const struct quiz *q, int x, int y, int w, int h)
{
    static const char *const rows[] = {"element", "VA", "VPN", "set", "H/M"};
    const struct quiz_own *o = &q->u.own;
    int nrows = o->ways && o->slots / o->ways > 1 ? 4 : 3, n = (int)o->nitems, rh = lx_row_h(c);
    int names_w = lx_text_w(c, "element") + S(c, 8), cw = 0, cols, start = 0;
    char l[4][32];

    if (h < (nrows + 1) * rh)
        return y;
    for (size_t k = 0; k < o->nitems; k++) {
        tlb_labels(o, k, l);
        for (int r = 0; r < nrows; r++)
            cw = lx_text_w(c, l[r]) > cw ? lx_text_w(c, l[r]) : cw;
    }
    cw += S(c, 10);
    if (n > 0 && (w - names_w) / n > cw) /* Room to spare: wider cells, as the exam table's. */
        cw = (w - names_w) / n < cw + 2 * c->lh ? (w - names_w) / n : cw + 2 * c->lh;
    cols = (w - names_w) / cw;
    if (cols < 1)
        return y;
    if (cols >= n)
        cols = n;
    else if (h < (nrows + 1) * rh + c->lh)
        return y; /* No room for the line that says what is left out. */
    else
        start = lx_q_window(q, n, cols);
    for (int r = 0; r <= nrows; r++)
        lx_text(c, vi, x, y + r * rh + (rh - c->lh) / 2, names_w, col_dim, "%s",
                rows[r == nrows ? 4 : r]);
    for (int k = start; k < start + cols; k++)
        tlb_column(c, vi, q, (size_t)k, x + names_w + (k - start) * cw, y, cw, nrows);
    y += (nrows + 1) * rh;
    if (cols < n) {
        lx_text(c, vi, x, y, w, col_dim, "Accesses %d-%d of %d shown", start + 1, start + cols, n);
        y += c->lh;
    }
    return y;
}

int lx_pic_tlb(struct lctx *c, int vi, const struct quiz *q, int x, int y, int w, int h)
{
    const struct quiz_own *o = &q->u.own;
    unsigned ways = o->ways ? o->ways : 1, sets = o->slots / ways;
    int bottom = y + h, rh = lx_row_h(c);
    char kind[64];

    if (sets <= 1)
        snprintf(kind, sizeof kind, "fully associative");
    else if (ways == 1)
        snprintf(kind, sizeof kind, "direct-mapped, set = VPN mod %u", sets);
    else
        snprintf(kind, sizeof kind, "%u-way, %u sets, set = VPN mod %u", ways, sets, sets);
    lx_text(c, vi, x, y, w, col_text,
            "TLB: %u entr%s (%s), LRU, empty at the start; pages of %llu B: VPN = VA / %llu",
            o->slots, o->slots == 1 ? "y" : "ies", kind, (unsigned long long)o->unit,
            (unsigned long long)o->unit);
    y += c->lh;
    if (y + rh > bottom)
        return y;
    y = tlb_entries(c, vi, o, x, y, w) + S(c, 6);
    if (y + c->lh > bottom)
        return y;
    lx_text(c, vi, x, y, w, col_text,
            "Array a: %llu elements of %llu B at VA 0x%llx; the walk, a column an access:",
            (unsigned long long)o->nelems, (unsigned long long)o->elem,
            (unsigned long long)o->base);
    y = tlb_walk(c, vi, q, x, y + c->lh, w, bottom - y - 2 * c->lh);
    if (y + c->lh <= bottom)
        y = key_line(c, vi, q, lx_q_at(q, (int)o->nitems, QUIZ_A_NUMBER), "TLB hits in all", "", x,
                     y, w);
    return y;
}

/* ---- compact --------------------------------------------------------------- */

/* The extent of compact's segment id at base: its colour and its name. */
static struct qext compact_ext(const struct quiz_own *o, size_t id, int64_t base)
{
    struct qext e = {
        (uint64_t)base, (uint64_t)(base + o->item_b[id]), layout_seg_colour((int)id), 0, "", ""};

    snprintf(e.label, sizeof e.label, "%s", quiz_compact_name((int)id));
    return e;
}

/* The bar after compaction from y: each segment whose new base is
 * answered there, the hole left once its size is, "?" elsewhere. */
static void compact_after(struct lctx *c, int vi, const struct quiz *q, int x, int y, int w, int bh)
{
    const struct quiz_own *o = &q->u.own;
    struct qext e[SEG_MAX + 1], gap = {0, 0, col_q_open, 0, "?", ""};
    long hole = next_at(q, lx_q_at(q, (int)o->nitems, QUIZ_A_NUMBER));
    uint64_t used = 0;
    size_t n = 0;

    for (size_t id = 0; id < o->nitems && id < SEG_MAX; id++) {
        used += (uint64_t)o->item_b[id];
        if (!lx_q_known(q, lx_q_at(q, (int)id, QUIZ_A_NUMBER)))
            continue;
        e[n] = compact_ext(o, id, o->item_c[id]);
        snprintf(e[n].tip, sizeof e[n].tip, "segment %zu '%s' after compaction: base %lld (%s)", id,
                 quiz_compact_name((int)id), (long long)o->item_c[id],
                 o->item_c[id] == o->item_a[id] ? "it stays" : "moved down");
        n++;
    }
    if (hole >= 0 && lx_q_known(q, hole) && used < o->memory) {
        e[n] = (struct qext){used, o->memory, col_hole, 1, "hole", "the one hole left"};
        n++;
    }
    sort_ext(e, n);
    snprintf(gap.tip, sizeof gap.tip, "not answered yet: what lies here is for you to work out");
    lx_ext_bar(c, vi, x, y, w, bh, 0, o->memory ? o->memory : 1, e, n, &gap);
}

int lx_pic_compact(struct lctx *c, int vi, const struct quiz *q, int x, int y, int w, int h)
{
    const struct quiz_own *o = &q->u.own;
    struct qext e[2 * SEG_MAX + 1];
    int bh = lx_bar_h(c, h, 2, 5);
    long moved = lx_q_at(q, (int)o->nitems, QUIZ_A_NUMBER);
    size_t n = 0;

    lx_text(c, vi, x, y, w, col_text,
            "Segment memory of %llu B with %zu segment%s; compaction slides them down, in "
            "address order, to close the holes",
            (unsigned long long)o->memory, o->nitems, o->nitems == 1 ? "" : "s");
    y += c->lh;
    for (size_t id = 0; id < o->nitems && id < SEG_MAX; id++, n++) {
        e[n] = compact_ext(o, id, o->item_a[id]);
        snprintf(e[n].tip, sizeof e[n].tip, "segment %zu '%s': base %lld, limit %lld", id,
                 quiz_compact_name((int)id), (long long)o->item_a[id], (long long)o->item_b[id]);
    }
    sort_ext(e, n);
    n = add_holes(e, n, o->memory, "a hole");
    lx_text(c, vi, x, y, w, col_dim, "Before compaction");
    lx_ext_bar(c, vi, x, y + c->lh, w, bh, 0, o->memory ? o->memory : 1, e, n, NULL);
    y += c->lh + bh + S(c, 6);
    lx_text(c, vi, x, y, w, col_dim, "After compaction (each segment once its base is answered)");
    compact_after(c, vi, q, x, y + c->lh, w, bh);
    y += c->lh + bh + S(c, 6);
    y = key_line(c, vi, q, moved, "Bytes moved in all", " B", x, y, w);
    return key_line(c, vi, q, next_at(q, moved), "The hole left", " B", x, y, w);
}

/* ---- frag ------------------------------------------------------------------ */

#define FRAG_PAGES_APART 16 /* A process with this many pages or fewer: a cell a page. */

/* Process i's row at (x, y), bw wide for scale bytes: its bytes asked; its
 * pages once their number is answered; the unused end of the last page
 * once that is answered, else that page open. */
static void frag_process(struct lctx *c, int vi, const struct quiz *q, int i, int x, int y, int bw,
                         uint64_t scale)
{
    const struct quiz_own *o = &q->u.own;
    uint64_t bytes = (uint64_t)o->item_b[i], unit = o->unit ? o->unit : 1, held, pages;
    long pq = lx_q_at(q, i, QUIZ_A_NUMBER), fq = next_at(q, pq);
    int rh = lx_row_h(c), apart;
    struct qext e[FRAG_PAGES_APART + 2];
    size_t n = 0;

    if (!lx_q_known(q, pq)) {
        e[0] = (struct qext){0, bytes, col_q_cell, 0, "", ""};
        snprintf(e[0].label, sizeof e[0].label, "%llu B", (unsigned long long)bytes);
        snprintf(e[0].tip, sizeof e[0].tip, "P%d asks for %llu B; the pages it gets: question %ld",
                 i + 1, (unsigned long long)bytes, pq + 1);
        lx_ext_bar(c, vi, x, y, (int)((double)bytes / (double)scale * bw), rh - 2, 0, bytes, e, 1,
                   NULL);
        return;
    }
    pages = key_of(q, pq) > 0 ? (uint64_t)key_of(q, pq) : 1;
    held = pages * unit;
    apart = pages <= FRAG_PAGES_APART && (double)unit / (double)scale * bw >= S(c, 16);
    for (uint64_t k = 0; k + 1 < pages; k = apart ? k + 1 : pages - 1) {
        e[n] = (struct qext){k * unit,   apart ? (k + 1) * unit : (pages - 1) * unit,
                             col_q_cell, 0,
                             "",         "a full page"};
        if (apart)
            snprintf(e[n++].label, sizeof e[0].label, "page %llu", (unsigned long long)k + 1);
        else
            snprintf(e[n++].label, sizeof e[0].label, "%llu full", (unsigned long long)(pages - 1));
    }
    if (!lx_q_known(q, fq)) {
        e[n] = (struct qext){held - unit, held, col_q_open, 0, "?", ""};
        snprintf(e[n++].tip, sizeof e[0].tip,
                 "its last page: how much of it is unused is question %ld", fq + 1);
    } else {
        e[n] = (struct qext){held - unit, bytes, col_q_cell, 0, "", "the last page's used part"};
        snprintf(e[n++].label, sizeof e[0].label, "%llu B used",
                 (unsigned long long)(bytes - (held - unit)));
        if (held > bytes) {
            e[n] = (struct qext){bytes, held, col_hole, 1, "", "unused: internal fragmentation"};
            snprintf(e[n++].label, sizeof e[0].label, "%llu B", (unsigned long long)(held - bytes));
        }
    }
    for (size_t k = 0; k < n; k++) { /* Each tip names the process. */
        char what[sizeof e[0].tip];
        snprintf(what, sizeof what, "%s", e[k].tip);
        snprintf(e[k].tip, sizeof e[k].tip, "P%d: %.140s", i + 1, what);
    }
    lx_ext_bar(c, vi, x, y, (int)((double)held / (double)scale * bw), rh - 2, 0, held ? held : 1, e,
               n, NULL);
}

/* The internal part from y, at most h high: a row a process (a window
 * round the first open one when they do not all fit), then the total.
 * Returns the y below it. */
static int frag_internal(struct lctx *c, int vi, const struct quiz *q, int x, int y, int w, int h)
{
    const struct quiz_own *o = &q->u.own;
    int rh = lx_row_h(c), n = (int)o->slots, total_h = n > 1 ? c->lh : 0, names_w = 0, start = 0;
    int rows = (h - c->lh - total_h) / rh;
    uint64_t scale = 0;
    char label[48];

    lx_text(c, vi, x, y, w, col_text,
            "Internal fragmentation: pages of %llu B; a process gets whole pages for the bytes "
            "it asks (a row each)",
            (unsigned long long)o->unit);
    y += c->lh;
    for (int i = 0; i < n; i++) {
        snprintf(label, sizeof label, "P%lld: %lld B", (long long)o->item_a[i],
                 (long long)o->item_b[i]);
        names_w = lx_text_w(c, label) > names_w ? lx_text_w(c, label) : names_w;
        scale = (uint64_t)o->item_b[i] > scale ? (uint64_t)o->item_b[i] : scale;
    }
    scale += o->unit; /* Room for any process's pages, whatever they are. */
    names_w += S(c, 8);
    if (rows < 1 || w <= names_w)
        return y;
    if (rows < n) { /* A line to say which are shown. */
        rows = (h - 2 * c->lh - total_h) / rh;
        if (rows < 1)
            return y;
        start = lx_q_window(q, n, rows);
    }
    for (int i = start; i < n && i < start + rows; i++, y += rh) {
        lx_text(c, vi, x, y + (rh - c->lh) / 2, names_w, col_dim, "P%lld: %lld B",
                (long long)o->item_a[i], (long long)o->item_b[i]);
        frag_process(c, vi, q, i, x + names_w, y, w - names_w, scale);
    }
    if (rows < n) {
        lx_text(c, vi, x, y, w, col_dim, "Processes %d-%d of %d shown", start + 1,
                start + rows < n ? start + rows : n, n);
        y += c->lh;
    }
    return key_line(c, vi, q, n > 1 ? lx_q_at(q, n, QUIZ_A_NUMBER) : -1,
                    "Internal fragmentation in all", " B", x, y, w);
}

/* The width of a cell of frag's operations, and how many fit in w. */
static int frag_op_w(struct lctx *c, int w, int *cols)
{
    int cw = lx_text_w(c, "+m 999999") + S(c, 8);

    *cols = w / cw > 0 ? w / cw : 1;
    return cw;
}

/* The operations from y, w wide from x: a cell each ("+a 64" an alloc,
 * "-a" a free), a failed alloc hatched once the memory after is shown.
 * Returns the y below them. */
static int frag_ops(struct lctx *c, int vi, const struct quiz_own *o, int shown, int x, int y,
                    int w)
{
    int rh = lx_row_h(c), cols, cw = frag_op_w(c, w, &cols), i = 0;
    char label[32];

    for (size_t k = o->slots; k < o->nitems; k++, i++) {
        int alloc = o->item_b[k] >= 0, failed = shown && alloc && o->item_c[k] < 0;
        char name = (char)('a' + o->item_a[k] % 26);
        if (alloc)
            snprintf(label, sizeof label, "+%c %lld", name, (long long)o->item_b[k]);
        else
            snprintf(label, sizeof label, "-%c", name);
        struct lay_box *b =
            lx_qcell(c, vi, (int64_t)k, x + (i % cols) * cw, y + (i / cols) * rh, cw - 1, rh - 2,
                     alloc ? layout_seg_colour((int)o->item_a[k]) : col_free, failed, label);
        if (alloc)
            lx_tip(c, b, "Operation %d: alloc %c, %lld B%s", i + 1, name, (long long)o->item_b[k],
                   failed ? ": it failed, no hole could hold it" : "");
        else
            lx_tip(c, b, "Operation %d: free %c", i + 1, name);
    }
    return y + ((i + cols - 1) / cols) * rh;
}

/* The memory after the operations at (x, y), bh high: its segments and
 * holes (each labelled with its size), replayed from the operations. */
static void frag_memory(struct lctx *c, int vi, const struct quiz_own *o, int x, int y, int w,
                        int bh)
{
    struct qext e[2 * 26 + 1];
    int64_t base[26], size[26] = {0};
    size_t n = 0;

    for (int k = 0; k < 26; k++)
        base[k] = -1;
    for (size_t i = o->slots; i < o->nitems; i++) {
        int k = (int)(o->item_a[i] % 26);
        base[k] = o->item_b[i] >= 0 ? o->item_c[i] : -1;
        size[k] = o->item_b[i];
    }
    for (int k = 0; k < 26; k++) {
        if (base[k] < 0)
            continue;
        e[n] = (struct qext){
            (uint64_t)base[k], (uint64_t)(base[k] + size[k]), layout_seg_colour(k), 0, "", ""};
        snprintf(e[n].label, sizeof e[n].label, "%c", 'a' + k);
        snprintf(e[n].tip, sizeof e[n].tip, "segment %c", 'a' + k);
        n++;
    }
    sort_ext(e, n);
    n = add_holes(e, n, o->memory, "a hole");
    lx_ext_bar(c, vi, x, y, w, bh, 0, o->memory ? o->memory : 1, e, n, NULL);
}

/* The external part from y, at most h high. Returns the y below it. */
static int frag_external(struct lctx *c, int vi, const struct quiz *q, int x, int y, int w, int h)
{
    const struct quiz_own *o = &q->u.own;
    long fq = lx_q_at(q, (int)o->slots + 1, QUIZ_A_NUMBER), lq = next_at(q, fq);
    int shown = lx_q_known(q, fq) && lx_q_known(q, lq), bottom = y + h;
    struct lay_box *b;

    lx_text(c, vi, x, y, w, col_text,
            "External fragmentation: a segment memory of %llu B, %s fit, empty at the start; "
            "the operations in order:",
            (unsigned long long)o->memory, o->policy);
    y = frag_ops(c, vi, o, shown, x, y + c->lh, w) + S(c, 6);
    if (y + c->lh + lx_row_h(c) > bottom)
        return y;
    lx_text(c, vi, x, y, w, col_dim, "The memory after them%s",
            shown ? " (the holes hatched)"
                  : ": shown once the free bytes and the largest hole "
                    "are answered");
    y += c->lh;
    if (shown) {
        frag_memory(c, vi, o, x, y, w, lx_bar_h(c, bottom - y, 1, 0));
        return y + lx_bar_h(c, bottom - y, 1, 0);
    }
    b = lx_qcell(c, vi, -1, x, y, w, lx_row_h(c), col_q_open, 0, "?");
    lx_tip(c, b,
           "Where the segments and holes lie after the operations is what questions %ld and "
           "%ld ask (the free bytes, the largest hole): drawn once they are answered",
           fq + 1, lq + 1);
    return y + lx_row_h(c);
}

int lx_pic_frag(struct lctx *c, int vi, const struct quiz *q, int x, int y, int w, int h)
{
    const struct quiz_own *o = &q->u.own;
    int bottom = y + h, rh = lx_row_h(c), cols, hin, ext_min = 0;
    int need_in = c->lh + (int)o->slots * rh + (o->slots > 1 ? c->lh : 0);

    if (o->nitems > o->slots) { /* The external part at its shortest: title, ops, bar. */
        frag_op_w(c, w, &cols);
        ext_min = 2 * c->lh + (int)((o->nitems - o->slots + (size_t)cols - 1) / (size_t)cols) * rh +
                  S(c, 6) + rh;
    }
    hin = h - ext_min > h / 2 ? h - ext_min : h / 2;
    hin = need_in < hin ? need_in : hin;
    if (o->slots)
        y = frag_internal(c, vi, q, x, y, w, hin) + S(c, 6);
    if (o->nitems > o->slots && y < bottom)
        y = frag_external(c, vi, q, x, y, w, bottom - y);
    return y;
}
