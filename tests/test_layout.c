/* test_layout.c: unit tests for memview's pure layout module.
 *
 * Drives visualizer/layout.c, layout_vm.c and layout_tlb.c through layout.h only, with a
 * fake font that is 7 pixels wide per byte of text and 16 pixels high, on
 * model states built with the public model API (status_init, pg_alloc,
 * pg_release, seg_alloc...). Every layout made here goes through
 * check_layout, which works out from the model, independently of layout.c,
 * what the boxes must show: every box inside the window and its view's band,
 * the frame bar covering each frame once in order without overlap, colours
 * and column fills from the frames themselves, the segment bar in address
 * order, labels only where they fit. The tests then check what their own
 * case promises (sizes, labels, scale, tooltips). A broken rule is counted
 * once per layout and rule, and the first boxes that break it are printed.
 * Runs under AddressSanitizer: every layout is released with layout_free and
 * every state with status_free.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "layout.h"
#include "status.h"
#include "test.h"
#include "test_status.h"
#include "vm_states.h"

/* The fake font: pixels per byte of text and height of a line; 7 and 16 are
 * memview's 14 px text, test_scaling makes it larger. */
static int fake_char_w = 7, fake_line_h = 16;
#define CHAR_W fake_char_w
#define LINE_H fake_line_h
#define PAGE   4096 /* Page size of every state here. */

/* ------------------------------------------------------------------------ */
/* The fake font and small helpers */

/* The context the fake font expects, to prove layout_compute passes it on. */
struct font {
    long calls;
};

static void fake_measure(void *ctx, const char *text, int *w, int *h)
{
    struct font *f = ctx;

    f->calls++;
    *w = CHAR_W * (int)strlen(text);
    *h = LINE_H;
}

/* Width of text in the fake font. */
static int tw(const char *s)
{
    return CHAR_W * (int)strlen(s);
}

static const char *kind_name(enum lay_kind k)
{
    static const char *const names[] = {"PANEL", "BANNER", "TEXT",   "FRAME",   "COLUMN",
                                        "SHARE", "TICK",   "SWATCH", "SEGMENT", "HOLE",
                                        "MARK",  "FLAG",   "HAND",   "RING",    "PAGE",
                                        "STEP",  "CELL",   "CHART",  "LINE",    "POINT"};

    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

/* 1 while test_checker feeds check_layout broken layouts on purpose: rules
 * are counted but neither printed nor TESTed. */
static int quiet;

/* Prints the first few offenders of one rule; the caller TESTs the count. */
static void bad(int *count, const char *cs, const struct lay_box *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void bad(int *count, const char *cs, const struct lay_box *b, const char *fmt, ...)
{
    va_list ap;

    if ((*count)++ >= 3 || quiet)
        return;
    fprintf(stderr, "  [%s] ", cs);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (b)
        fprintf(stderr, ": %s view %d at %d,%d %dx%d colour %06lx a %lld b %lld fill %d \"%s\"",
                kind_name(b->kind), b->view, b->r.x, b->r.y, b->r.w, b->r.h,
                (unsigned long)b->colour, (long long)b->a, (long long)b->b, b->fill, b->text);
    fputc('\n', stderr);
}

static int is_bar(const struct lay_box *b)
{
    return b->kind == LAY_FRAME || b->kind == LAY_COLUMN;
}

static int is_seg_bar(const struct lay_box *b)
{
    return b->kind == LAY_SEGMENT || b->kind == LAY_HOLE;
}

/* 1 when rectangles p and q share at least one pixel. */
static int overlap(const struct lay_rect *p, const struct lay_rect *q)
{
    return p->x < q->x + q->w && q->x < p->x + p->w && p->y < q->y + q->h && q->y < p->y + p->h;
}

/* 1 when s contains "frame N" not followed by another digit. */
static int says_frame(const char *s, int64_t n)
{
    char want[40];
    const char *p = s;
    size_t len;

    snprintf(want, sizeof want, "frame %lld", (long long)n);
    len = strlen(want);
    while ((p = strstr(p, want)) != NULL) {
        if (p[len] < '0' || p[len] > '9')
            return 1;
        p++;
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Building states through the model's public API */

/* A fresh state of nframes frames and a segment memory of segmem bytes. */
static int state_new(struct status *st, uint64_t nframes, uint64_t segmem)
{
    char err[ERRLEN] = "";
    int r = status_init(st, nframes, PAGE, PG_FIRST, 1, segmem, SEG_FIRST, err, sizeof err);

    TEST_MSG(r == 0, err);
    if (r == 0)
        snprintf(st->last.what, sizeof st->last.what, "start");
    return r;
}

/* Gives process pid `frames` more pages, as the tracker would. */
static void give(struct status *st, int64_t pid, uint64_t frames)
{
    struct note n;
    int r = pg_alloc(&st->pg, pid, frames * PAGE, &n);

    TEST_MSG(r == 0, n.what);
    st->last = n;
    st->seq++;
}

static void take(struct status *st, int64_t pid)
{
    struct note n;
    int r = pg_release(&st->pg, pid, &n);

    TEST_MSG(r == 0, n.what);
    st->last = n;
    st->seq++;
}

/* Places a segment; returns its id. */
static int seg_add(struct status *st, const char *name, uint64_t limit)
{
    struct note n;
    int id = seg_alloc(&st->sm, name, limit, &n);

    TEST_MSG(id >= 0, n.what);
    st->last = n;
    st->seq++;
    return id;
}

static void seg_del(struct status *st, int id)
{
    struct note n;
    int r = seg_release(&st->sm, id, &n);

    TEST_MSG(r == 0, n.what);
    st->last = n;
    st->seq++;
}

/* The textbook segment memory of 1000 bytes: code 0-99, hole 100-349,
 * heap 350-399, stack 400-599, hole 600-999. */
static void textbook_segments(struct status *st)
{
    int data;

    seg_add(st, "code", 100);        /* 0 .. 99 */
    data = seg_add(st, "data", 250); /* 100 .. 349 */
    seg_add(st, "heap", 50);         /* 350 .. 399 */
    seg_add(st, "stack", 200);       /* 400 .. 599 */
    seg_del(st, data);
}

/* One block of segment memory as worked out here from struct segmem. */
struct block {
    int is_seg, id;
    uint64_t base, size;
};

/* The segments and holes of sm in address order, from the seg[] array alone
 * (not seg_holes / seg_by_address). Returns how many. */
static int blocks_of(const struct segmem *sm, struct block *out)
{
    int ids[SEG_MAX], n = 0, m = 0;
    uint64_t at = 0;

    for (int i = 0; i < SEG_MAX; i++) {
        if (!sm->seg[i].used)
            continue;
        int j = n++;
        while (j > 0 && sm->seg[ids[j - 1]].base > sm->seg[i].base) {
            ids[j] = ids[j - 1];
            j--;
        }
        ids[j] = i;
    }
    for (int k = 0; k < n; k++) {
        const struct segment *s = &sm->seg[ids[k]];
        if (s->base > at)
            out[m++] = (struct block){0, -1, at, s->base - at};
        out[m++] = (struct block){1, ids[k], s->base, s->limit};
        at = s->base + s->limit;
    }
    if (at < sm->size)
        out[m++] = (struct block){0, -1, at, sm->size - at};
    return m;
}

/* ------------------------------------------------------------------------ */
/* The rules every layout obeys */

/* How many boxes broke each rule in one layout. */
struct broken {
    int header, outside_window, outside_band, bad_view;
    int text_width, text_empty, text_overlap, text_on_frame_bar;
    int label_too_wide, label_too_tall, label_wrong;
    int bar_mixed, bar_overlap, bar_ragged, bar_coverage, cell_too_narrow, columns_not_needed;
    int frame_colour, column_fill, free_column, full_column, column_foreign_colour;
    int column_not_plurality, column_label, share_missing, share_wrong;
    int tick_range, tick_order, tick_off_frame;
    int swatch;
    int seg_count, seg_kind, seg_colour, hole_range, seg_overlap, seg_ragged, seg_label_outside;
    int vm_flag, vm_hand, vm_victim, vm_page, vm_step, vm_overlap, vm_chart;
    int heap_bar, heap_block, heap_part, heap_hole, heap_tree, heap_slots;
    int no_state_boxes, banner_text, banner_too_tall, banner_missing;
};

/* The frames a frame bar shows: paging's (pf) or virtual memory's (vf). */
struct fview {
    int64_t n;
    const struct pg_frame *pf;
    const struct vm_frame *vf;
    unsigned levels; /* vf's table's levels (1: its table frames are a linear table's). */
};

/* The frames of st's bar: virtual memory's when it is on, else paging's. */
static struct fview fview_of(const struct status *st)
{
    struct fview fv = {st->pg.nframes, st->pg.frames, NULL, 0};

    if (st->vm_on)
        fv = (struct fview){st->vm.nframes, NULL, st->vm.frames, st->vm.pt_levels};
    return fv;
}

static int32_t fv_pid(const struct fview *fv, int64_t f)
{
    return fv->vf ? fv->vf[f].pid : fv->pf[f].pid;
}

static uint32_t fv_page(const struct fview *fv, int64_t f)
{
    return fv->vf ? fv->vf[f].page : fv->pf[f].page;
}

/* Most distinct processes tallied in one column. */
#define TALLY_MAX 64

/* Returns colour c at table_shade percent, each channel (config.h). */
static uint32_t shaded(uint32_t c)
{
    unsigned r = (c >> 16) & 0xff, g = (c >> 8) & 0xff, bl = c & 0xff;

    return (r * table_shade / 100) << 16 | (g * table_shade / 100) << 8 | bl * table_shade / 100;
}

/* Checks the cell of a VM table frame fr of a table of `levels` levels: c
 * its level + 1, the process's colour shaded with the colour itself for
 * hatching, label P<pid> NAME, NAME or none, NAME the level's x86-64 name
 * counted from the bottom (a linear table's page k: PT#k). */
static void check_table_cell(const struct lay_box *b, const struct vm_frame *fr, unsigned levels,
                             const char *cs, struct broken *br)
{
    static const char *const from_bottom[] = {"PT", "PD", "PDPT", "PML4"};
    char full[40], short_lab[24];

    if (levels == 1)
        snprintf(short_lab, sizeof short_lab, "PT#%u", fr->page);
    else
        snprintf(short_lab, sizeof short_lab, "%s", from_bottom[levels - fr->table]);
    snprintf(full, sizeof full, "P%ld %s", (long)fr->pid, short_lab);
    if (b->c != fr->table || b->used != layout_pid_colour(fr->pid) ||
        b->colour != shaded(layout_pid_colour(fr->pid)))
        bad(&br->frame_colour, cs, b, "table frame of P%ld should be shaded, c %u", (long)fr->pid,
            fr->table);
    if (b->text[0] && ((strcmp(b->text, full) != 0 && strcmp(b->text, short_lab) != 0) ||
                       tw(b->text) + 4 > b->r.w))
        bad(&br->label_wrong, cs, b, "label should be \"%s\" or \"%s\" where it fits", full,
            short_lab);
}

/* Checks a cell of the frame bar: its colour, width and label. */
static void check_cell(const struct lay_box *b, const struct fview *fv, const char *cs,
                       struct broken *br)
{
    int32_t pid = fv_pid(fv, b->a);
    uint32_t page = fv_page(fv, b->a), want = pid ? layout_pid_colour(pid) : col_free;
    char full[40], pid_only[24];

    if (fv->vf && fv->vf[b->a].table) { /* A table frame: its own rules. */
        check_table_cell(b, &fv->vf[b->a], fv->levels, cs, br);
        return;
    }
    if (b->colour != want)
        bad(&br->frame_colour, cs, b, "frame of pid %ld should be %06lx", (long)pid,
            (unsigned long)want);
    if (b->r.w < cell_min_px)
        bad(&br->cell_too_narrow, cs, b, "cell narrower than %d px", cell_min_px);
    if (!b->text[0])
        return;
    if (tw(b->text) + 4 > b->r.w)
        bad(&br->label_too_wide, cs, b, "label wider than its cell");
    if (b->r.h < LINE_H)
        bad(&br->label_too_tall, cs, b, "label taller than its cell");
    snprintf(full, sizeof full, "%ld:%lu", (long)pid, (unsigned long)page);
    snprintf(pid_only, sizeof pid_only, "%ld", (long)pid);
    if (!pid || (strcmp(b->text, full) != 0 && strcmp(b->text, pid_only) != 0))
        bad(&br->label_wrong, cs, b, "label should be \"%s\" or \"%s\"", full, pid_only);
}

/* The frames of one column, tallied here from the model. */
struct col_tally {
    struct {
        int32_t pid;
        int64_t n;
    } t[TALLY_MAX]; /* Each owner and its frames, in the order met. */
    int nt;         /* Owners in t. */
    int overflow;   /* More owners than TALLY_MAX. */
    int64_t used;   /* Frames in use. */
};

static void tally_column(const struct lay_box *b, const struct fview *fv, struct col_tally *ct)
{
    ct->nt = ct->overflow = 0;
    ct->used = 0;
    for (int64_t f = b->a; f <= b->b; f++) {
        int32_t pid = fv_pid(fv, f);
        int k;
        if (!pid)
            continue;
        ct->used++;
        for (k = 0; k < ct->nt && ct->t[k].pid != pid; k++)
            ;
        if (k == ct->nt) {
            if (ct->nt == TALLY_MAX) {
                ct->overflow = 1;
                continue;
            }
            ct->t[ct->nt].pid = pid;
            ct->t[ct->nt++].n = 0;
        }
        ct->t[k].n++;
    }
}

/* A column's colour is that of a process holding the most of its frames. */
static void check_column_colour(const struct lay_box *b, const struct col_tally *ct, const char *cs,
                                struct broken *br)
{
    int present = 0, plural = 0;
    int64_t best = 0;

    for (int k = 0; k < ct->nt; k++)
        if (ct->t[k].n > best)
            best = ct->t[k].n;
    for (int k = 0; k < ct->nt; k++) {
        if (b->colour == layout_pid_colour(ct->t[k].pid)) {
            present = 1;
            if (ct->t[k].n == best)
                plural = 1;
        }
    }
    if (!present)
        bad(&br->column_foreign_colour, cs, b, "colour of no process in the column");
    else if (!plural)
        bad(&br->column_not_plurality, cs, b,
            "colour is not that of a process holding the most frames (%lld of %lld used)",
            (long long)best, (long long)ct->used);
}

/* A column's shares follow it: one per owner (the largest, when there are
 * more owners than pixels), stacked from the bottom in pid order, in the
 * owner's colour, filling exactly its filled height. */
static void check_shares(const struct layout *lo, const struct lay_box *b,
                         const struct col_tally *ct, const char *cs, struct broken *br)
{
    int nt = ct->nt, want = nt < b->fill ? nt : b->fill, got = 0, bottom = b->r.y + b->r.h;
    int sum = 0;
    int32_t prev = 0;

    for (const struct lay_box *s = b + 1; s < lo->boxes + lo->nboxes && s->kind == LAY_SHARE;
         s++, got++) {
        int k;
        for (k = 0; k < nt && ct->t[k].pid != s->a; k++)
            ;
        sum += s->r.h;
        if (k == nt || ct->t[k].n != s->b || s->a <= prev || s->r.h < 1 ||
            s->r.y + s->r.h != bottom || s->r.x != b->r.x || s->r.w != b->r.w ||
            s->colour != layout_pid_colour(s->a))
            bad(&br->share_wrong, cs, s, "share of P%lld in the wrong place, size or colour",
                (long long)s->a);
        bottom = s->r.y;
        prev = (int32_t)s->a;
    }
    if (got != want || sum != b->fill)
        bad(&br->share_missing, cs, b, "%d shares of %d px for %d owners (want %d filling %d)", got,
            sum, nt, want, b->fill);
}

/* Checks a column of the frame bar against its frames: no label, its fill,
 * its colour and its shares. */
static void check_column(const struct layout *lo, const struct lay_box *b, const struct fview *fv,
                         const char *cs, struct broken *br)
{
    struct col_tally ct;
    int64_t cnt = b->b - b->a + 1, used;

    tally_column(b, fv, &ct);
    used = ct.used;
    if (b->text[0])
        bad(&br->column_label, cs, b, "a column has no label");
    if (b->fill < 0 || b->fill > b->r.h)
        bad(&br->column_fill, cs, b, "fill outside 0..h");
    if (used == 0) {
        if (b->fill != 0 || b->colour != col_free)
            bad(&br->free_column, cs, b, "free column: fill 0, colour col_free");
        return;
    }
    if (used == cnt && b->fill != b->r.h)
        bad(&br->full_column, cs, b, "all %lld frames used: fill should be h", (long long)cnt);
    /* |fill - used * h / cnt| <= 1, and never 0 when something is used. */
    if (b->fill < 1 || (int64_t)b->fill * cnt > used * b->r.h + cnt ||
        (int64_t)b->fill * cnt < used * b->r.h - cnt)
        bad(&br->column_fill, cs, b, "%lld of %lld used: fill should be about %lld",
            (long long)used, (long long)cnt, (long long)(used * b->r.h / cnt));
    if (ct.overflow)
        return;
    check_column_colour(b, &ct, cs, br);
    check_shares(lo, b, &ct, cs, br);
}

/* Checks the frame bar of view v against st; returns the bar's boxes (to be
 * freed) in *bar and their count. */
static int check_frame_bar(const struct layout *lo, int v, const struct status *st, const char *cs,
                           struct broken *br, const struct lay_box ***bar)
{
    struct fview fview = fview_of(st), *fv = &fview;
    const struct lay_box **list = malloc((size_t)(lo->nboxes + 1) * sizeof *list);
    int n = 0, barw = 0;
    int64_t next = 0;

    *bar = list;
    if (!list) {
        TEST(list != NULL);
        return 0;
    }
    for (int i = 0; i < lo->nboxes; i++) {
        const struct lay_box *b = &lo->boxes[i];
        if (b->view == v && is_bar(b))
            list[n++] = b;
    }
    for (int i = 0; i < n; i++) {
        const struct lay_box *b = list[i], *p = i ? list[i - 1] : NULL;
        int ok_range =
            b->a == next && b->a <= b->b && b->b < fv->n && (b->kind == LAY_COLUMN || b->a == b->b);

        if (b->kind != list[0]->kind)
            bad(&br->bar_mixed, cs, b, "frame bar mixes cells and columns");
        if (p && b->r.x < p->r.x + p->r.w)
            bad(&br->bar_overlap, cs, b, "overlaps or precedes the box before it");
        if (p && (b->r.y != p->r.y || b->r.h != p->r.h))
            bad(&br->bar_ragged, cs, b, "not level with the box before it");
        if (!ok_range) {
            bad(&br->bar_coverage, cs, b, "expected frames from %lld", (long long)next);
            if (b->a < 0 || b->b < b->a || b->b >= fv->n)
                break;
        }
        next = b->b + 1;
        barw += b->r.w;
        if (b->kind == LAY_FRAME)
            check_cell(b, fv, cs, br);
        else
            check_column(lo, b, fv, cs, br);
    }
    if (n > 0 && next != fv->n)
        bad(&br->bar_coverage, cs, list[n - 1], "bar ends at frame %lld of %lu", (long long)next,
            (unsigned long)fv->n);
    if (n > 0 && list[0]->kind == LAY_COLUMN && fv->n * cell_min_px <= barw)
        bad(&br->columns_not_needed, cs, list[0], "%lu cells of %d px fit in %d px",
            (unsigned long)fv->n, cell_min_px, barw);
    return n;
}

/* Ticks lie under the frame they name, in increasing order. */
static void check_ticks(const struct layout *lo, int v, const struct status *st,
                        const struct lay_box **bar, int nbar, const char *cs, struct broken *br)
{
    int64_t prev = -1;
    int k = 0;

    for (int i = 0; i < lo->nboxes; i++) {
        const struct lay_box *b = &lo->boxes[i];
        if (b->view != v || b->kind != LAY_TICK)
            continue;
        if (b->a < 0 || b->a >= fview_of(st).n) {
            bad(&br->tick_range, cs, b, "tick outside 0..%lu", (unsigned long)fview_of(st).n - 1);
            continue;
        }
        if (b->a <= prev)
            bad(&br->tick_order, cs, b, "ticks not increasing");
        prev = b->a;
        if (nbar == 0)
            continue;
        while (k < nbar && bar[k]->b < b->a)
            k++;
        if (k == nbar || bar[k]->a > b->a) {
            bad(&br->tick_off_frame, cs, b, "no bar box holds the frame");
            continue;
        }
        /* A cell: the tick marks its left edge. A column: within one pixel. */
        if (bar[k]->kind == LAY_FRAME
                ? b->r.x != bar[k]->r.x
                : b->r.x < bar[k]->r.x - 1 || b->r.x > bar[k]->r.x + bar[k]->r.w)
            bad(&br->tick_off_frame, cs, b, "tick not under frame %lld (box at x %d)",
                (long long)b->a, bar[k]->r.x);
    }
}

/* The segment bar: sm's blocks in address order, level, not overlapping.
 * Returns the number of its boxes. */
static int check_seg_bar(const struct layout *lo, int v, const struct segmem *sm, const char *cs,
                         struct broken *br)
{
    struct block blk[SEG_MAX + SEG_MAX + 1];
    int m = blocks_of(sm, blk), n = 0;
    const struct lay_box *p = NULL;

    for (int i = 0; i < lo->nboxes; i++) {
        const struct lay_box *b = &lo->boxes[i];
        if (b->view != v || !is_seg_bar(b))
            continue;
        if (n >= m) {
            bad(&br->seg_count, cs, b, "more boxes than the %d blocks", m);
            n++;
            continue;
        }
        const struct block *k = &blk[n++];
        if (b->kind != (k->is_seg ? LAY_SEGMENT : LAY_HOLE)) {
            bad(&br->seg_kind, cs, b, "block %d should be a %s", n - 1,
                k->is_seg ? "segment" : "hole");
        } else if (k->is_seg) {
            if (b->a != k->id || b->colour != layout_seg_colour(k->id))
                bad(&br->seg_colour, cs, b, "segment %d, colour %06lx", k->id,
                    (unsigned long)layout_seg_colour(k->id));
        } else {
            if (b->a != (int64_t)k->base || b->b != (int64_t)(k->base + k->size))
                bad(&br->hole_range, cs, b, "hole should be a=%llu b=%llu",
                    (unsigned long long)k->base, (unsigned long long)(k->base + k->size));
            if (b->colour != col_hole)
                bad(&br->seg_colour, cs, b, "hole colour should be col_hole");
        }
        if (b->r.w < 1 || (p && b->r.x < p->r.x + p->r.w))
            bad(&br->seg_overlap, cs, b, "empty, or overlaps or precedes the box before it");
        if (p && (b->r.y != p->r.y || b->r.h != p->r.h))
            bad(&br->seg_ragged, cs, b, "not level with the box before it");
        p = b;
    }
    if (n > 0 && n < m)
        bad(&br->seg_count, cs, p, "%d boxes for %d blocks", n, m);
    if (!p)
        return 0;

    /* A label that touches the bar lies inside one block of it. */
    for (int i = 0; i < lo->nboxes; i++) {
        const struct lay_box *t = &lo->boxes[i];
        int inside = 0;
        if (t->view != v || t->kind != LAY_TEXT || t->r.y >= p->r.y + p->r.h ||
            t->r.y + t->r.h <= p->r.y)
            continue;
        for (int j = 0; j < lo->nboxes; j++) {
            const struct lay_box *s = &lo->boxes[j];
            if (s->view == v && is_seg_bar(s) && t->r.x >= s->r.x &&
                t->r.x + t->r.w <= s->r.x + s->r.w && t->r.y >= s->r.y &&
                t->r.y + t->r.h <= s->r.y + s->r.h)
                inside = 1;
        }
        if (!inside)
            bad(&br->seg_label_outside, cs, t, "label sticks out of its block");
    }
    return n;
}

/* Checks one box against the window, its view's band and its view's state:
 * text sized by the font, banners and swatches. */
static void check_box(const struct lay_box *b, const struct lay_view *views, int nviews, int ww,
                      int wh, const char *cs, struct broken *br)
{
    if (b->view < 0 || b->view >= nviews) {
        bad(&br->bad_view, cs, b, "view out of range");
        return;
    }
    int top = wh * b->view / nviews, bot = wh * (b->view + 1) / nviews;
    if (b->r.w < 0 || b->r.h < 0 || b->r.x < 0 || b->r.y < 0 || b->r.x + b->r.w > ww ||
        b->r.y + b->r.h > wh)
        bad(&br->outside_window, cs, b, "outside the %dx%d window", ww, wh);
    if (b->r.y < top || b->r.y + b->r.h > bot)
        bad(&br->outside_band, cs, b, "outside band %d..%d", top, bot);
    if (b->kind == LAY_TEXT) {
        if (!b->text[0])
            bad(&br->text_empty, cs, b, "text box without text");
        if (b->r.w != tw(b->text) || b->r.h != LINE_H)
            bad(&br->text_width, cs, b, "should be %dx%d", tw(b->text), LINE_H);
    }
    if (views[b->view].st == NULL && b->kind != LAY_PANEL && b->kind != LAY_BANNER)
        bad(&br->no_state_boxes, cs, b, "a view without a state shows more than its banner");
    if (b->kind == LAY_BANNER) {
        const char *want = views[b->view].banner ? views[b->view].banner : "";
        size_t len = strlen(b->text);
        if (len >= 3 && strcmp(b->text + len - 3, "...") == 0 && strcmp(b->text, want) != 0)
            len -= 3;
        if (strncmp(b->text, want, len) != 0 || tw(b->text) > b->r.w)
            bad(&br->banner_text, cs, b, "should be (a prefix of) \"%s\" that fits", want);
        if (b->text[0] && b->r.h < LINE_H)
            bad(&br->banner_too_tall, cs, b, "banner text taller than its box");
    }
    /* A swatch: process a (a > 0) or live segment -1-a (a < 0). */
    if (b->kind == LAY_SWATCH) {
        const struct status *st = views[b->view].st;
        int64_t id = -1 - b->a;
        int ok = st && b->a > 0 && pg_find(&st->pg, b->a) && b->colour == layout_pid_colour(b->a);
        ok |= st && b->a < 0 && id < SEG_MAX && st->sm.seg[id].used &&
              b->colour == layout_seg_colour((int)id);
        if (!ok)
            bad(&br->swatch, cs, b, "swatch of nothing alive, or in the wrong colour");
    }
}

/* Text never overlaps other text nor the frame bar of its view. */
static void check_text_overlap(const struct layout *lo, const char *cs, struct broken *br)
{
    for (int i = 0; i < lo->nboxes; i++) {
        const struct lay_box *t = &lo->boxes[i];
        if (t->kind != LAY_TEXT)
            continue;
        for (int j = 0; j < lo->nboxes; j++) {
            const struct lay_box *u = &lo->boxes[j];
            if (j == i || u->view != t->view || !overlap(&t->r, &u->r))
                continue;
            if (u->kind == LAY_TEXT && j > i)
                bad(&br->text_overlap, cs, t, "overlaps the text \"%s\" at %d,%d", u->text, u->r.x,
                    u->r.y);
            if (is_bar(u))
                bad(&br->text_on_frame_bar, cs, t, "text over frame %lld", (long long)u->a);
        }
    }
}

/* ------------------------------------------------------------------------ */
/* The rules of a heap part (st->heap_on) */

/* The x of byte a of a heap bar in lo, the width spanning scale bytes (the
 * largest heap of the views): the margin in from the window's edges. */
static int heap_x(const struct layout *lo, uint64_t scale, uint64_t a)
{
    int m = margin * LINE_H / ref_line_h, w = lo->w - 2 * m;

    return m + (int)((double)a / (double)scale * w);
}

/* The x a bar item of bytes a.. must start at: where its byte is, or just
 * after the item before (prev_end) when that one reaches past it. */
static int heap_item_x(const struct layout *lo, uint64_t scale, uint64_t a, int prev_end)
{
    int x = heap_x(lo, scale, a);

    return x > prev_end ? x : prev_end;
}

/* The index of h's free extent (ext, n of them) at addr, or -1. */
static long extent_at(const struct heap_extent *ext, long n, uint64_t addr)
{
    for (long i = 0; i < n; i++)
        if (ext[i].addr == addr)
            return i;
    return -1;
}

/* A block box b of view v: its block (by address), its bytes, colour and
 * place; its header and padding parts right after it (at index i + 1 ..).
 * Returns the block, or NULL. */
static const struct heap_block *check_heap_block(const struct layout *lo, int i,
                                                 const struct heap *h, uint64_t scale, int prev_end,
                                                 const char *cs, struct broken *br)
{
    const struct lay_box *b = &lo->boxes[i];
    const struct heap_block *k = NULL;

    for (size_t j = 0; j < h->nblocks; j++)
        if ((int64_t)h->blocks[j].addr == b->a)
            k = &h->blocks[j];
    if (!k || b->b != (int64_t)(k->addr + k->span - 1) ||
        b->colour != layout_name_colour(k->name)) {
        bad(&br->heap_block, cs, b, "not a block's bytes, or not its name's colour");
        return NULL;
    }
    if (b->r.x != heap_item_x(lo, scale, k->addr, prev_end))
        bad(&br->heap_block, cs, b, "block %s at x %d, not %d", k->name, b->r.x,
            heap_item_x(lo, scale, k->addr, prev_end));
    /* Its parts: the header from its start, the padding to its end. */
    uint64_t pad = k->span - k->header - k->size;
    /* Each part where its bytes are, cut to the block's box: there when a
     * pixel of it is left. */
    int bx0 = b->r.x, bx1 = b->r.x + b->r.w;
    int hx0 = heap_x(lo, scale, k->addr), hx1 = heap_x(lo, scale, k->addr + k->header);
    int px0 = heap_x(lo, scale, k->addr + k->span - pad),
        px1 = heap_x(lo, scale, k->addr + k->span);
    int want_h = k->header && (hx1 < bx1 ? hx1 : bx1) > (hx0 > bx0 ? hx0 : bx0);
    int want_p = pad && (px1 < bx1 ? px1 : bx1) > (px0 > bx0 ? px0 : bx0);
    int got_h = 0, got_p = 0;
    for (int j = i + 1; j < lo->nboxes && lo->boxes[j].kind == LAY_HPART; j++) {
        const struct lay_box *q = &lo->boxes[j];
        int is_pad = q->c == 1;
        uint64_t a0 = is_pad ? k->addr + k->span - pad : k->addr, len = is_pad ? pad : k->header;
        got_h += !is_pad;
        got_p += is_pad;
        if (q->a != (int64_t)a0 || q->b != (int64_t)(a0 + len - 1) || q->colour == b->colour ||
            q->r.y != b->r.y || q->r.h != b->r.h || q->r.x < b->r.x ||
            q->r.x + q->r.w > b->r.x + b->r.w ||
            abs(q->r.x - (is_pad ? (px0 > bx0 ? px0 : bx0) : bx0)) > 1)
            bad(&br->heap_part, cs, q, "the %s of block %s misplaced",
                is_pad ? "padding" : "header", k->name);
    }
    if (got_h != want_h || got_p != want_p)
        bad(&br->heap_part, cs, b, "block %s: %d header and %d padding parts, not %d and %d",
            k->name, got_h, got_p, want_h, want_p);
    return k;
}

/* A free box b: a free extent of h exactly (numbered by its free-list
 * position for freelist, its label that number), or (fill 1) unused slab
 * slots inside a slab. */
static void check_heap_hole(const struct lay_box *b, const struct heap *h,
                            const struct heap_extent *ext, long next, const char *cs,
                            struct broken *br)
{
    if (b->fill == 1) {
        int in = 0;
        for (size_t i = 0; i < h->nslabs; i++)
            in |= b->a >= (int64_t)h->slabs[i].addr &&
                  b->b < (int64_t)(h->slabs[i].addr + h->cfg.slab_bytes);
        if (h->cfg.kind != HEAP_SLAB || !in)
            bad(&br->heap_hole, cs, b, "unused slots outside every slab");
        return;
    }
    long e = extent_at(ext, next, (uint64_t)b->a);
    if (e < 0 || b->b != (int64_t)(ext[e].addr + ext[e].size - 1)) {
        bad(&br->heap_hole, cs, b, "not a free extent");
        return;
    }
    int64_t pos = 0;
    for (size_t i = 0; h->cfg.kind == HEAP_FREELIST && i < h->nlist; i++)
        if ((int64_t)h->list[i].addr == b->a)
            pos = (int64_t)i + 1;
    char want[32], want2[32];
    snprintf(want, sizeof want, "#%lld ", (long long)pos);
    snprintf(want2, sizeof want2, "%lld", (long long)pos);
    if (b->c != pos || (pos && b->text[0] && strncmp(b->text, want, strlen(want)) != 0 &&
                        strcmp(b->text, want2) != 0))
        bad(&br->heap_hole, cs, b, "free-list position %lld (label '%s'), not %lld",
            (long long)b->c, b->text, (long long)pos);
}

/* 1 when a text box of view v holds needle. */
static int view_says(const struct layout *lo, int v, const char *needle)
{
    for (int i = 0; i < lo->nboxes; i++)
        if (lo->boxes[i].view == v && lo->boxes[i].kind == LAY_TEXT &&
            strstr(lo->boxes[i].text, needle))
            return 1;
    return 0;
}

/* The buddy tree: each node a power-of-two part of the heap at its level
 * (the whole heap at level 0), aligned to its size; a leaf a block or a
 * free block exactly; a split node neither, its halves on the next row;
 * rows in level order; and every leaf of a level shown. */
static void check_heap_tree(const struct layout *lo, int v, const struct heap *h, uint64_t scale,
                            const struct heap_extent *ext, long next, const char *cs,
                            struct broken *br)
{
    int row_y[64], leaves = 0, levels = 0;

    for (int k = 0; k < 64; k++)
        row_y[k] = -1;
    for (int i = 0; i < lo->nboxes; i++) {
        const struct lay_box *b = &lo->boxes[i];
        if (b->view != v || b->kind != LAY_HNODE)
            continue;
        uint64_t size = b->c >= 0 && b->c < 64 ? h->bytes >> b->c : 0;
        const struct heap_block *k = NULL;
        for (size_t j = 0; j < h->nblocks; j++)
            if ((int64_t)h->blocks[j].addr == b->a)
                k = &h->blocks[j];
        long e = extent_at(ext, next, (uint64_t)b->a);
        int leaf_ok =
            b->fill == 1 ? k && k->span == size : b->fill == 2 && e >= 0 && ext[e].size == size;
        if (b->c < 0 || b->c >= 64 || size == 0 || b->a < 0 || (uint64_t)b->a % size != 0 ||
            b->b != (int64_t)((uint64_t)b->a + size - 1) || (b->fill != 0 && !leaf_ok) ||
            (b->fill == 0 && ((k && k->span >= size) || (e >= 0 && ext[e].size >= size))) ||
            b->r.x < heap_x(lo, scale, (uint64_t)b->a) - 0 ||
            b->r.x > heap_x(lo, scale, (uint64_t)b->a) + 2) {
            bad(&br->heap_tree, cs, b, "node of level %lld at %lld-%lld wrong", (long long)b->c,
                (long long)b->a, (long long)b->b);
            continue;
        }
        if (row_y[b->c] < 0)
            row_y[b->c] = b->r.y;
        else if (row_y[b->c] != b->r.y)
            bad(&br->heap_tree, cs, b, "level %lld off its row", (long long)b->c);
        leaves += b->fill != 0;
        levels = b->c + 1 > levels ? (int)b->c + 1 : levels;
    }
    for (int k = 1; k < levels; k++)
        if (row_y[k] <= row_y[k - 1])
            bad(&br->heap_tree, cs, NULL, "level %d's row not below level %d's", k, k - 1);
    /* Every block and free block on the rows shown is a leaf there. */
    int want = 0;
    for (size_t j = 0; j < h->nblocks; j++)
        want += h->blocks[j].span >= h->bytes >> (levels ? levels - 1 : 0);
    for (long j = 0; j < next; j++)
        want += ext[j].size >= h->bytes >> (levels ? levels - 1 : 0);
    if (levels && row_y[0] >= 0 && leaves != want)
        bad(&br->heap_tree, cs, NULL, "%d leaves on %d rows, not %d", leaves, levels, want);
}

/* Slabs and pools: each slab's box holds its slots and its state; the
 * slots' used counts add up to each slab's and each pool's. */
static void check_heap_slots(const struct layout *lo, int v, const struct heap *h, const char *cs,
                             struct broken *br)
{
    for (int i = 0; i < lo->nboxes; i++) {
        const struct lay_box *b = &lo->boxes[i];
        if (b->view != v || b->kind != LAY_HSLAB)
            continue;
        const struct heap_slab *s = NULL;
        for (size_t j = 0; j < h->nslabs; j++)
            s = (int64_t)h->slabs[j].addr == b->a ? &h->slabs[j] : s;
        int64_t used = 0;
        for (int j = i + 1; j < lo->nboxes && lo->boxes[j].kind == LAY_HSLOT; j++) {
            const struct lay_box *q = &lo->boxes[j];
            used += q->used;
            if (q->r.x < b->r.x || q->r.x + q->r.w > b->r.x + b->r.w || q->a < b->a || q->b > b->b)
                bad(&br->heap_slots, cs, q, "a slot outside its slab");
        }
        int state = !s ? -1 : s->used == 0 ? 0 : s->used < h->caches[s->cache].per_slab ? 1 : 2;
        if (!s || b->c != state || b->used != s->used || used != s->used)
            bad(&br->heap_slots, cs, b, "slab at %lld: state or slots in use wrong",
                (long long)b->a);
    }
    for (unsigned g = 0; h->cfg.kind == HEAP_POOL && g < h->npools; g++) {
        const struct heap_pool *q = &h->pools[g];
        int64_t used = 0, n = 0;
        for (int i = 0; i < lo->nboxes; i++) {
            const struct lay_box *b = &lo->boxes[i];
            if (b->view == v && b->kind == LAY_HSLOT && b->a >= (int64_t)q->base &&
                b->b < (int64_t)(q->base + q->block * q->count)) {
                used += b->used;
                n++;
            }
        }
        if (n && used != (int64_t)q->used)
            bad(&br->heap_slots, cs, NULL, "pool %u: %lld blocks shown used, not %llu", g,
                (long long)used, (unsigned long long)q->used);
    }
}

/* The heap part of view v: the bar's blocks and free space by address,
 * each where its byte is on the common scale, never overlapping, the bar
 * ending at the heap's last byte; blocks, parts, holes, tree and slots as
 * the checks above say. */
static void check_heap(const struct layout *lo, int v, const struct heap *h, uint64_t scale,
                       const char *cs, struct broken *br)
{
    struct heap_extent *ext = NULL;
    long next = heap_free_extents(h, &ext);
    int prev_end = -1, first = 1, last_end = 0;
    int64_t last_b = -1;

    if (next < 0)
        return;
    for (int i = 0; i < lo->nboxes; i++) {
        const struct lay_box *b = &lo->boxes[i];
        if (b->view != v || (b->kind != LAY_HBLOCK && b->kind != LAY_HHOLE))
            continue;
        if (first && (b->a != 0 || b->r.x != heap_x(lo, scale, 0)))
            bad(&br->heap_bar, cs, b, "the bar does not start at byte 0 and its x");
        if (!first && (b->r.x < prev_end || b->a <= last_b))
            bad(&br->heap_bar, cs, b, "over the item before, or out of address order");
        if (b->kind == LAY_HBLOCK)
            check_heap_block(lo, i, h, scale, first ? b->r.x : prev_end, cs, br);
        else
            check_heap_hole(b, h, ext, next, cs, br);
        first = 0;
        prev_end = b->r.x + b->r.w;
        last_b = b->b;
        last_end = prev_end;
    }
    if (!first && last_b == (int64_t)h->bytes - 1 && last_end != heap_x(lo, scale, h->bytes) &&
        last_end != heap_x(lo, scale, h->bytes) + 1)
        bad(&br->heap_bar, cs, NULL, "the bar ends at x %d, not %d", last_end,
            heap_x(lo, scale, h->bytes));
    if (h->cfg.kind == HEAP_BUDDY)
        check_heap_tree(lo, v, h, scale, ext, next, cs, br);
    check_heap_slots(lo, v, h, cs, br);
    free(ext);
}

/* ------------------------------------------------------------------------ */
/* The rules of a virtual-memory view (st->vm_on) */

/* The box of bar[0 .. nbar-1] that holds frame f, or NULL. */
static const struct lay_box *bar_at(const struct lay_box **bar, int nbar, int64_t f)
{
    for (int i = 0; i < nbar; i++)
        if (bar[i]->a <= f && f <= bar[i]->b)
            return bar[i];
    return NULL;
}

/* Frames a..b of vm with bit 'R' (reference) or 'D' (dirty) set. */
static int64_t bits_set(const struct vm *vm, int64_t a, int64_t b, int64_t bit)
{
    int64_t n = 0;

    for (int64_t f = a; f <= b; f++)
        n += vm->frames[f].pid && (bit == 'R' ? vm->frames[f].ref != 0 : vm->frames[f].dirty);
    return n;
}

/* R and D: a chip under a frame's cell for each bit set and none for a
 * clear one; or summary rows covering every frame once with the right
 * counts. */
static void check_vm_flags(const struct layout *lo, int v, const struct vm *vm,
                           const struct lay_box **bar, int nbar, const char *cs, struct broken *br)
{
    int64_t chips[2] = {0, 0}, next[2] = {0, 0}, want[2], summary = 0;

    want[0] = bits_set(vm, 0, vm->nframes - 1, 'R');
    want[1] = bits_set(vm, 0, vm->nframes - 1, 'D');
    for (int i = 0; i < lo->nboxes; i++) {
        const struct lay_box *b = &lo->boxes[i], *cell;
        if (b->view != v || b->kind != LAY_FLAG)
            continue;
        int chip = b->c == 'R' || b->c == 'D', bit = chip ? (int)b->c : b->c - 'a' + 'A';
        int k = bit == 'D';
        if ((bit != 'R' && bit != 'D') || b->a < 0 || b->b < b->a || b->b >= (int64_t)vm->nframes ||
            b->used != bits_set(vm, b->a, b->b, bit)) {
            bad(&br->vm_flag, cs, b, "R/D mark with the wrong count");
            continue;
        }
        if (chip) {
            chips[k]++;
            cell = bar_at(bar, nbar, b->a);
            if (!b->used || b->a != b->b || (b->text[0] && b->text[0] != b->c) ||
                tw(b->text) + 4 > b->r.w ||
                (cell && (b->r.x < cell->r.x || b->r.x + b->r.w > cell->r.x + cell->r.w ||
                          b->r.y < cell->r.y + cell->r.h)))
                bad(&br->vm_flag, cs, b, "chip of a clear bit, or not under its frame");
            /* In a wide cell the chips sit at its left, where they read as
             * its own (a D at the right end looked like the next frame's). */
            if (cell && cell->r.w >= 6 * b->r.w && b->r.x >= cell->r.x + cell->r.w / 2)
                bad(&br->vm_flag, cs, b, "chip in the right half of a wide cell");
            continue;
        }
        summary++;
        if (b->a != next[k] || b->fill < 0 || b->fill > b->r.h || (b->used == 0) != (b->fill == 0))
            bad(&br->vm_flag, cs, b, "summary mark out of order or filled wrong");
        next[k] = b->b + 1;
    }
    if (summary && (next[0] != (int64_t)vm->nframes || next[1] != (int64_t)vm->nframes))
        bad(&br->vm_flag, cs, NULL, "summary rows end at %lld and %lld of %u", (long long)next[0],
            (long long)next[1], vm->nframes);
    if (summary && (chips[0] || chips[1]))
        bad(&br->vm_flag, cs, NULL, "chips and summary rows at once");
    if (!summary && chips[0] + chips[1] > 0 && (chips[0] != want[0] || chips[1] != want[1]))
        bad(&br->vm_flag, cs, NULL, "%lld R and %lld D chips for %lld and %lld bits set",
            (long long)chips[0], (long long)chips[1], (long long)want[0], (long long)want[1]);
}

/* The hand (clock and ostep-clock only) under frame vm->hand; the ring of
 * the last victim round the bar's box that holds it. */
static void check_vm_marks(const struct layout *lo, int v, const struct vm *vm,
                           const struct lay_box **bar, int nbar, const char *cs, struct broken *br)
{
    int hands = 0, rings = 0, clock = vm->policy == VM_CLOCK || vm->policy == VM_OSTEP_CLOCK;

    for (int i = 0; i < lo->nboxes; i++) {
        const struct lay_box *b = &lo->boxes[i], *cell;
        if (b->view != v)
            continue;
        if (b->kind == LAY_HAND) {
            hands++;
            cell = bar_at(bar, nbar, vm->hand);
            int mid = b->r.x + b->r.w / 2;
            if (!clock || b->a != vm->hand ||
                (cell && (mid < cell->r.x || mid >= cell->r.x + cell->r.w ||
                          b->r.y < cell->r.y + cell->r.h)))
                bad(&br->vm_hand, cs, b, "hand not under frame %u", vm->hand);
        } else if (b->kind == LAY_RING && b->b == 0) {
            rings++;
            cell = bar_at(bar, nbar, vm->victim_frame);
            if (b->a != vm->victim_frame || !cell || b->r.x > cell->r.x ||
                b->r.x + b->r.w < cell->r.x + cell->r.w)
                bad(&br->vm_victim, cs, b, "ring not round the last victim, frame %u",
                    vm->victim_frame);
        }
    }
    if (hands > 1 || rings > 1 || (rings && vm->victim_frame == VM_NONE))
        bad(&br->vm_hand, cs, NULL, "%d hands, %d victim rings", hands, rings);
}

/* A page cell: its colour, state and label from vm_page_state. */
static void check_page_cell(const struct lay_box *b, const struct vm_process *p, const char *cs,
                            struct broken *br)
{
    uint32_t where = VM_NONE;
    enum vm_page_state s = vm_page_state(p, (uint32_t)b->a, &where);
    uint32_t colour = s == VM_RESIDENT  ? layout_pid_colour(p->pid)
                      : s == VM_SWAPPED ? col_swapped
                                        : col_free;
    char want[24] = "";

    if (s != VM_UNTOUCHED)
        snprintf(want, sizeof want, "%c%u", s == VM_RESIDENT ? 'f' : 's', where);
    if (b->used != s || b->colour != colour || (b->text[0] && strcmp(b->text, want) != 0) ||
        tw(b->text) + 4 > b->r.w + (b->text[0] ? 0 : 4))
        bad(&br->vm_page, cs, b, "page %lld of P%ld: state %d, label \"%s\"", (long long)b->a,
            (long)p->pid, s, want);
}

/* A fold: pages no access touched, more than one, its mark "≈" or none,
 * between two stretches of pages (or at an end of the strip), a narrow
 * mark. */
static void check_page_fold(const struct layout *lo, int i, const struct vm_process *p,
                            const char *cs, struct broken *br)
{
    const struct lay_box *b = &lo->boxes[i];
    int prev_fold = i > 0 && b[-1].kind == LAY_PAGE && b[-1].c == b->c && b[-1].fill == 3;
    int next_fold = i + 1 < lo->nboxes && b[1].kind == LAY_PAGE && b[1].c == b->c && b[1].fill == 3;

    if (vm_next_touched(p, (uint32_t)b->a) <= (uint32_t)b->b || b->b <= b->a ||
        b->used != VM_UNTOUCHED || (b->text[0] && strcmp(b->text, "\u2248") != 0) || prev_fold ||
        next_fold || b->r.w < 1 || b->r.w > 3 * lo->line_h)
        bad(&br->vm_page, cs, b, "fold %lld-%lld of P%ld", (long long)b->a, (long long)b->b,
            (long)p->pid);
}

/* A page column: its count of touched pages, and its shares (resident,
 * then in swap) with the right counts inside it. */
static void check_page_column(const struct layout *lo, int i, const struct vm_process *p,
                              const char *cs, struct broken *br)
{
    const struct lay_box *b = &lo->boxes[i];
    int64_t n[3] = {0, 0, 0};

    for (int64_t g = b->a; g <= b->b; g++) {
        uint32_t where;
        n[vm_page_state(p, (uint32_t)g, &where)]++;
    }
    if (b->used != n[VM_RESIDENT] + n[VM_SWAPPED])
        bad(&br->vm_page, cs, b, "column of %lld touched pages", (long long)(n[1] + n[2]));
    for (int j = i + 1; j < lo->nboxes && lo->boxes[j].kind == LAY_SHARE; j++) {
        const struct lay_box *s = &lo->boxes[j];
        if ((s->a != VM_RESIDENT && s->a != VM_SWAPPED) || s->b != n[s->a] || s->b == 0 ||
            s->r.x != b->r.x || s->r.y < b->r.y || s->r.y + s->r.h > b->r.y + b->r.h)
            bad(&br->vm_page, cs, s, "share of pages in state %lld", (long long)s->a);
    }
}

/* The pages: each process's boxes cover its pages once, in order, each
 * cell or column true to the page tables. */
static void check_vm_pages(const struct layout *lo, int v, const struct vm *vm, const char *cs,
                           struct broken *br)
{
    int64_t *next = calloc(vm->nprocs + 1, sizeof *next);

    if (!next)
        return;
    for (int i = 0; i < lo->nboxes; i++) {
        const struct lay_box *b = &lo->boxes[i];
        if (b->view != v || b->kind != LAY_PAGE)
            continue;
        const struct vm_process *p = vm_find(vm, b->c);
        if (!p || b->a != next[p - vm->procs] || b->b < b->a || b->b >= (int64_t)p->npages) {
            bad(&br->vm_page, cs, b, "pages out of order or range");
            continue;
        }
        next[p - vm->procs] = b->b + 1;
        /* A stretch's cells are all outlined or none (fill 0 or 2); folds
         * (fill 3) part stretches, never two side by side. */
        if (b->a > 0 && b->fill != 1 && b[-1].kind == LAY_PAGE && b[-1].c == b->c &&
            b[-1].fill != b->fill && b->fill != 3 && b[-1].fill != 3)
            bad(&br->vm_page, cs, b, "outlined unlike the cell before it");
        if (b->fill == 3)
            check_page_fold(lo, i, p, cs, br);
        else if (b->fill != 1)
            check_page_cell(b, p, cs, br);
        else
            check_page_column(lo, i, p, cs, br);
    }
    for (size_t k = 0; k < vm->nprocs; k++)
        if (next[k] && next[k] != (int64_t)vm->procs[k].npages)
            bad(&br->vm_page, cs, NULL, "P%ld's pages end at %lld of %u", (long)vm->procs[k].pid,
                (long long)next[k], vm->procs[k].npages);
    free(next);
}

/* The hit/miss strip: the last accesses in time order, each as it was. */
static void check_vm_steps(const struct layout *lo, int v, const struct vm *vm, const char *cs,
                           struct broken *br)
{
    int64_t prev = 0;
    uint64_t oldest = vm->t > VM_RECENT ? vm->t - VM_RECENT + 1 : 1;

    for (int i = 0; i < lo->nboxes; i++) {
        const struct lay_box *b = &lo->boxes[i];
        if (b->view != v || b->kind != LAY_STEP)
            continue;
        const struct vm_step *s = &vm->recent[(uint64_t)(b->a - 1) % VM_RECENT];
        if (b->a <= prev || b->a < (int64_t)oldest || b->a > (int64_t)vm->t ||
            s->t != (uint64_t)b->a || b->b != s->hit ||
            b->colour != (s->hit ? col_hit : col_fault) ||
            (b->text[0] && strcmp(b->text, s->hit ? "H" : "F") != 0))
            bad(&br->vm_step, cs, b, "access t=%lld not as it was", (long long)b->a);
        prev = b->a;
    }
}

static int by_x(const void *p, const void *q)
{
    const struct lay_box *a = *(const struct lay_box *const *)p,
                         *b = *(const struct lay_box *const *)q;

    return (a->r.x > b->r.x) - (a->r.x < b->r.x);
}

/* 1 for the kinds that must not overlap one another in a VM view. */
static int vm_solid(const struct lay_box *b)
{
    switch (b->kind) {
    case LAY_FRAME:
    case LAY_COLUMN:
    case LAY_FLAG:
    case LAY_HAND:
    case LAY_PAGE:
    case LAY_STEP:
    case LAY_CELL:
    case LAY_CHART:
    case LAY_TEXT:
    case LAY_SEGMENT:
    case LAY_HOLE:
        return 1;
    default:
        return 0;
    }
}

/* Returns 1 when a and b may overlap: text on text (check_text_overlap's
 * concern) or a segment's or hole's label on it. */
static int may_overlap(const struct lay_box *a, const struct lay_box *b)
{
    int seg_a = a->kind == LAY_SEGMENT || a->kind == LAY_HOLE;
    int seg_b = b->kind == LAY_SEGMENT || b->kind == LAY_HOLE;

    return a->kind == LAY_TEXT ? b->kind == LAY_TEXT || seg_b : b->kind == LAY_TEXT && seg_a;
}

/* No two solid boxes of view v overlap (but as may_overlap allows), and
 * the chart's points and lines lie in its plot. */
static void check_vm_overlap(const struct layout *lo, int v, const char *cs, struct broken *br)
{
    const struct lay_box **s = malloc((size_t)(lo->nboxes + 1) * sizeof *s), *chart = NULL;
    int n = 0;

    if (!s)
        return;
    for (int i = 0; i < lo->nboxes; i++)
        if (lo->boxes[i].view == v && vm_solid(&lo->boxes[i]))
            s[n++] = &lo->boxes[i];
    qsort(s, (size_t)n, sizeof *s, by_x);
    for (int i = 0; i < n; i++) {
        chart = s[i]->kind == LAY_CHART ? s[i] : chart;
        for (int j = i + 1; j < n && s[j]->r.x < s[i]->r.x + s[i]->r.w; j++)
            if (!may_overlap(s[i], s[j]) && overlap(&s[i]->r, &s[j]->r))
                bad(&br->vm_overlap, cs, s[i], "overlaps a %s at %d,%d %dx%d",
                    kind_name(s[j]->kind), s[j]->r.x, s[j]->r.y, s[j]->r.w, s[j]->r.h);
    }
    for (int i = 0; chart && i < lo->nboxes; i++) {
        const struct lay_box *b = &lo->boxes[i];
        int cx = b->r.x + b->r.w / 2, cy = b->r.y + b->r.h / 2;
        if (b->view == v && ((b->kind == LAY_POINT && b->b >= 0) || b->kind == LAY_LINE) &&
            (cx < chart->r.x || cx >= chart->r.x + chart->r.w || cy < chart->r.y ||
             cy >= chart->r.y + chart->r.h))
            bad(&br->vm_chart, cs, b, "outside the chart");
    }
    free(s);
}

/* Every rule of a VM view. */
static void check_vm(const struct layout *lo, int v, const struct status *st, const char *cs,
                     struct broken *br)
{
    const struct lay_box **bar = NULL;
    int nbar = check_frame_bar(lo, v, st, cs, br, &bar);

    check_ticks(lo, v, st, bar, nbar, cs, br);
    check_vm_flags(lo, v, &st->vm, bar, nbar, cs, br);
    check_vm_marks(lo, v, &st->vm, bar, nbar, cs, br);
    free(bar);
    check_vm_pages(lo, v, &st->vm, cs, br);
    check_vm_steps(lo, v, &st->vm, cs, br);
    check_vm_overlap(lo, v, cs, br);
}

/* Each view: its banner, its frame bar and ticks, its segment bar; or its
 * VM parts. */
static void check_views(const struct layout *lo, const struct lay_view *views, int nviews, int ww,
                        int wh, const char *cs, struct broken *br)
{
    uint64_t scale = 0; /* The largest heap: every heap bar's scale. */

    for (int v = 0; v < nviews; v++)
        if (views[v].st && views[v].st->heap_on && views[v].st->heap.bytes > scale)
            scale = views[v].st->heap.bytes;
    for (int v = 0; v < nviews; v++) {
        const struct status *st = views[v].st;
        int has_banner = 0;
        for (int i = 0; i < lo->nboxes; i++)
            has_banner |= lo->boxes[i].view == v && lo->boxes[i].kind == LAY_BANNER;
        /* The banner is the first thing in a band, 6 + 24 pixels down. */
        if (views[v].banner && !has_banner && wh / nviews >= 40 && ww > 0)
            bad(&br->banner_missing, cs, NULL, "view %d has no banner", v);
        if (!st)
            continue;
        if (st->heap_on)
            check_heap(lo, v, &st->heap, scale, cs, br);
        if (st->vm_on) {
            check_vm(lo, v, st, cs, br);
            if (st->sm.seg[0].used || st->sm.seg[1].used) /* Its segments below. */
                check_seg_bar(lo, v, &st->sm, cs, br);
            continue;
        }
        const struct lay_box **bar = NULL;
        int nbar = check_frame_bar(lo, v, st, cs, br, &bar);
        check_ticks(lo, v, st, bar, nbar, cs, br);
        free(bar);
        check_seg_bar(lo, v, &st->sm, cs, br);
    }
}

/* TESTs that no rule was broken, a TEST a rule (unless quiet). */
static void test_rules(const struct broken *br, const char *cs)
{
    if (quiet)
        return;
    TEST_MSG(br->header == 0, cs);
    TEST_MSG(br->bad_view == 0, cs);
    TEST_MSG(br->outside_window == 0, cs);
    TEST_MSG(br->outside_band == 0, cs);
    TEST_MSG(br->text_empty == 0, cs);
    TEST_MSG(br->text_width == 0, cs);
    TEST_MSG(br->text_overlap == 0, cs);
    TEST_MSG(br->text_on_frame_bar == 0, cs);
    TEST_MSG(br->label_too_wide == 0, cs);
    TEST_MSG(br->label_too_tall == 0, cs);
    TEST_MSG(br->label_wrong == 0, cs);
    TEST_MSG(br->bar_mixed == 0, cs);
    TEST_MSG(br->bar_overlap == 0, cs);
    TEST_MSG(br->bar_ragged == 0, cs);
    TEST_MSG(br->bar_coverage == 0, cs);
    TEST_MSG(br->cell_too_narrow == 0, cs);
    TEST_MSG(br->columns_not_needed == 0, cs);
    TEST_MSG(br->frame_colour == 0, cs);
    TEST_MSG(br->column_fill == 0, cs);
    TEST_MSG(br->free_column == 0, cs);
    TEST_MSG(br->full_column == 0, cs);
    TEST_MSG(br->column_foreign_colour == 0, cs);
    TEST_MSG(br->column_not_plurality == 0, cs);
    TEST_MSG(br->column_label == 0, cs);
    TEST_MSG(br->share_missing == 0, cs);
    TEST_MSG(br->share_wrong == 0, cs);
    TEST_MSG(br->tick_range == 0, cs);
    TEST_MSG(br->tick_order == 0, cs);
    TEST_MSG(br->tick_off_frame == 0, cs);
    TEST_MSG(br->swatch == 0, cs);
    TEST_MSG(br->seg_count == 0, cs);
    TEST_MSG(br->seg_kind == 0, cs);
    TEST_MSG(br->seg_colour == 0, cs);
    TEST_MSG(br->hole_range == 0, cs);
    TEST_MSG(br->seg_overlap == 0, cs);
    TEST_MSG(br->seg_ragged == 0, cs);
    TEST_MSG(br->seg_label_outside == 0, cs);
    TEST_MSG(br->vm_flag == 0, cs);
    TEST_MSG(br->vm_hand == 0, cs);
    TEST_MSG(br->vm_victim == 0, cs);
    TEST_MSG(br->vm_page == 0, cs);
    TEST_MSG(br->vm_step == 0, cs);
    TEST_MSG(br->vm_overlap == 0, cs);
    TEST_MSG(br->vm_chart == 0, cs);
    TEST_MSG(br->heap_bar == 0, cs);
    TEST_MSG(br->heap_block == 0, cs);
    TEST_MSG(br->heap_part == 0, cs);
    TEST_MSG(br->heap_hole == 0, cs);
    TEST_MSG(br->heap_tree == 0, cs);
    TEST_MSG(br->heap_slots == 0, cs);
    TEST_MSG(br->no_state_boxes == 0, cs);
    TEST_MSG(br->banner_text == 0, cs);
    TEST_MSG(br->banner_too_tall == 0, cs);
    TEST_MSG(br->banner_missing == 0, cs);
}

/* Checks everything layout.h and the rules promise for any layout. Returns
 * the number of rules broken. */
static int check_layout(const struct layout *lo, const struct lay_view *views, int nviews, int W,
                        int H, const char *cs)
{
    struct broken br;
    int ww = W < 0 ? 0 : W, wh = H < 0 ? 0 : H;

    memset(&br, 0, sizeof br);
    if (lo->w != ww || lo->h != wh || lo->nviews != nviews || lo->line_h != LINE_H ||
        lo->nboxes < 0 || (lo->nboxes > 0 && !lo->boxes))
        bad(&br.header, cs, NULL, "header w %d h %d nviews %d line_h %d nboxes %d", lo->w, lo->h,
            lo->nviews, lo->line_h, lo->nboxes);
    for (int i = 0; i < lo->nboxes; i++)
        check_box(&lo->boxes[i], views, nviews, ww, wh, cs, &br);
    check_text_overlap(lo, cs, &br);
    check_views(lo, views, nviews, ww, wh, cs, &br);
    test_rules(&br, cs);

    int total = 0;
    for (const int *p = &br.header; p <= &br.banner_missing; p++)
        total += *p;
    return total;
}

/* Lays out and checks; returns layout_compute's result. */
static int lay(struct layout *lo, const struct lay_view *views, int nviews, int W, int H,
               const char *cs)
{
    struct font f = {0};
    int r = layout_compute(lo, views, nviews, W, H, fake_measure, &f);

    TEST_MSG(r == 0, cs);
    TEST_MSG(f.calls > 0, cs);
    if (r == 0)
        check_layout(lo, views, nviews, W, H, cs);
    return r;
}

/* The frame bar's box (cell or column) of view 0 that holds frame f, or NULL. */
static const struct lay_box *lx_test_frame(const struct layout *lo, int64_t f)
{
    for (int i = 0; i < lo->nboxes; i++) {
        const struct lay_box *b = &lo->boxes[i];
        if (b->view == 0 && is_bar(b) && b->a <= f && f <= b->b)
            return b;
    }
    return NULL;
}

/* Counts view v's boxes of one kind. */
static int count(const struct layout *lo, int v, enum lay_kind kind)
{
    int n = 0;

    for (int i = 0; i < lo->nboxes; i++)
        n += lo->boxes[i].view == v && lo->boxes[i].kind == kind;
    return n;
}

/* The i-th box (from 0) of view v and this kind, or NULL. */
static const struct lay_box *nth(const struct layout *lo, int v, enum lay_kind kind, int i)
{
    for (int k = 0; k < lo->nboxes; k++)
        if (lo->boxes[k].view == v && lo->boxes[k].kind == kind && i-- == 0)
            return &lo->boxes[k];
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* The states of the matrix */

enum { S_ONE, S_SIXTEEN, S_THOUSAND, S_MILLION, S_RANDOM, NSTATES };

static const char *const state_names[NSTATES] = {"1 frame", "16 frames", "1000 frames",
                                                 "1048576 frames", "65536 random"};

/* Builds the five states; returns 0, or -1 when the model refused one. */
static int make_states(struct status *s)
{
    struct note n;

    memset(s, 0, NSTATES * sizeof *s);
    /* One frame, held by process 1; one segment of a tiny memory. */
    if (state_new(&s[S_ONE], 1, 16) < 0)
        return -1;
    give(&s[S_ONE], 1, 1);
    seg_add(&s[S_ONE], "all", 16);

    /* 16 frames: 0-2 P1, 3-4 P4, 5-7 free, 8-9 P3, 10-15 free. */
    if (state_new(&s[S_SIXTEEN], 16, 1000) < 0)
        return -1;
    give(&s[S_SIXTEEN], 1, 3);
    give(&s[S_SIXTEEN], 2, 5);
    give(&s[S_SIXTEEN], 3, 2);
    take(&s[S_SIXTEEN], 2);
    give(&s[S_SIXTEEN], 4, 2);
    textbook_segments(&s[S_SIXTEEN]);

    /* 1000 frames, six processes of various sizes, two of them gone. */
    if (state_new(&s[S_THOUSAND], 1000, 100000) < 0)
        return -1;
    for (int p = 1; p <= 6; p++)
        give(&s[S_THOUSAND], p, (uint64_t)(37 * p + 11));
    take(&s[S_THOUSAND], 2);
    take(&s[S_THOUSAND], 5);
    seg_set_fit(&s[S_THOUSAND].sm, SEG_BEST, &n);
    seg_add(&s[S_THOUSAND], "a", 30000);
    seg_add(&s[S_THOUSAND], "b", 5000);
    seg_add(&s[S_THOUSAND], "c", 20000);
    seg_del(&s[S_THOUSAND], 1);
    seg_add(&s[S_THOUSAND], "d", 1000); /* Best fit: into the 5000-byte hole. */

    /* 2^20 frames, first fit: the first half held by four processes. */
    if (state_new(&s[S_MILLION], 1048576, UINT64_C(1) << 40) < 0)
        return -1;
    for (int p = 1; p <= 4; p++)
        give(&s[S_MILLION], p, 131072);
    seg_add(&s[S_MILLION], "big", UINT64_C(1) << 39);

    /* 65536 frames, random policy: five processes scattered. */
    if (state_new(&s[S_RANDOM], 65536, 4096) < 0)
        return -1;
    pg_set_policy(&s[S_RANDOM].pg, PG_RANDOM, 42, &n);
    for (int p = 1; p <= 5; p++)
        give(&s[S_RANDOM], p, 7000);
    seg_set_fit(&s[S_RANDOM].sm, SEG_WORST, &n);
    seg_add(&s[S_RANDOM], "x", 1000);
    seg_add(&s[S_RANDOM], "y", 1000);
    return 0;
}

static void free_states(struct status *s)
{
    for (int i = 0; i < NSTATES; i++)
        status_free(&s[i]);
}

static struct lay_view view_of(const struct status *st, const char *path)
{
    struct lay_view v = {st, path, NULL, 0, -1};

    return v;
}

/* ------------------------------------------------------------------------ */
/* Tests */

/* Every state, at every window size, alone and with 2, 3 and 4 views. */
static void test_matrix(struct status *states)
{
    static const int sizes[][2] = {{1280, 800}, {800, 600},   {640, 360}, {320, 200},
                                   {200, 100},  {3000, 2000}, {1, 1},     {0, 0}};
    struct lay_view views[LAY_VIEWS_MAX];
    char cs[160];

    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        int W = sizes[z][0], H = sizes[z][1];
        for (int nv = 1; nv <= LAY_VIEWS_MAX; nv++) {
            for (int s = 0; s < NSTATES; s++) {
                struct layout lo;
                for (int i = 0; i < nv; i++)
                    views[i] = view_of(&states[(s + i) % NSTATES], "/tmp/memtrack.status");
                snprintf(cs, sizeof cs, "%dx%d, %d view(s) from %s", W, H, nv, state_names[s]);
                if (lay(&lo, views, nv, W, H, cs) < 0)
                    continue;
                /* Where everything has room, both bars are there in full. */
                if (W >= 1280 || (nv == 1 && W >= 640)) {
                    for (int i = 0; i < nv; i++) {
                        const struct status *st = views[i].st;
                        struct block blk[2 * SEG_MAX + 1];
                        int nbar = count(&lo, i, LAY_FRAME) + count(&lo, i, LAY_COLUMN);
                        int nseg = count(&lo, i, LAY_SEGMENT) + count(&lo, i, LAY_HOLE);
                        TEST_MSG(nbar >= 1 && nbar <= (int)st->pg.nframes, cs);
                        TEST_MSG(nseg == blocks_of(&st->sm, blk), cs);
                    }
                }
                layout_free(&lo);
            }
        }
    }
}

/* 16 frames in 1280x800: 16 equal cells across the bar, labelled pid:page. */
static void test_sixteen(const struct status *st)
{
    struct lay_view v = view_of(st, "s16");
    struct layout lo;
    int sum = 0, wmin = 1 << 30, wmax = 0;

    if (lay(&lo, &v, 1, 1280, 800, "16 frames at 1280x800") < 0)
        return;
    TEST(count(&lo, 0, LAY_FRAME) == 16);
    TEST(count(&lo, 0, LAY_COLUMN) == 0);
    for (int i = 0; i < count(&lo, 0, LAY_FRAME); i++) {
        const struct lay_box *b = nth(&lo, 0, LAY_FRAME, i);
        const struct pg_frame *f = &st->pg.frames[i];
        char want[32] = "";
        sum += b->r.w;
        wmin = b->r.w < wmin ? b->r.w : wmin;
        wmax = b->r.w > wmax ? b->r.w : wmax;
        if (f->pid)
            snprintf(want, sizeof want, "%ld:%lu", (long)f->pid, (unsigned long)f->page);
        TEST_MSG(strcmp(b->text, want) == 0, want);
        TEST(b->r.h >= LINE_H);
    }
    /* 1280 less the margins: about 1250 pixels, in cells of 78 or 79. */
    TEST(wmax - wmin <= 1);
    TEST(sum >= 1280 * 9 / 10 && sum <= 1280);
    TEST(strcmp(nth(&lo, 0, LAY_FRAME, 0)->text, "1:0") == 0);
    TEST(strcmp(nth(&lo, 0, LAY_FRAME, 2)->text, "1:2") == 0);
    TEST(strcmp(nth(&lo, 0, LAY_FRAME, 3)->text, "4:0") == 0);
    TEST(strcmp(nth(&lo, 0, LAY_FRAME, 9)->text, "3:1") == 0);
    TEST(nth(&lo, 0, LAY_FRAME, 5)->text[0] == '\0');
    TEST(nth(&lo, 0, LAY_FRAME, 5)->colour == col_free);
    TEST(nth(&lo, 0, LAY_FRAME, 0)->colour == layout_pid_colour(1));
    TEST(nth(&lo, 0, LAY_FRAME, 8)->colour == layout_pid_colour(3));
    /* Legends: a swatch for each of the three processes, then for each of
     * the three segments (a = -1 - id). */
    int procs = 0, segs = 0;
    for (int i = 0; i < count(&lo, 0, LAY_SWATCH); i++) {
        procs += nth(&lo, 0, LAY_SWATCH, i)->a > 0;
        segs += nth(&lo, 0, LAY_SWATCH, i)->a < 0;
    }
    TEST(procs == 3);
    TEST(segs == 3);
    layout_free(&lo);
}

/* One frame: one cell over the whole bar. */
static void test_one_frame(const struct status *st)
{
    struct lay_view v = view_of(st, "s1");
    struct layout lo;

    if (lay(&lo, &v, 1, 1280, 800, "1 frame at 1280x800") < 0)
        return;
    TEST(count(&lo, 0, LAY_FRAME) == 1);
    if (count(&lo, 0, LAY_FRAME) == 1) {
        TEST(nth(&lo, 0, LAY_FRAME, 0)->r.w >= 1280 * 9 / 10);
        TEST(strcmp(nth(&lo, 0, LAY_FRAME, 0)->text, "1:0") == 0);
    }
    layout_free(&lo);
}

/* 2^20 frames: columns, no more than the bar has pixels; the used first half
 * full, the free second half empty. */
static void test_million(const struct status *st)
{
    static const int sizes[][2] = {{1280, 800}, {800, 600}, {3000, 2000}};
    struct lay_view v = view_of(st, "s1m");
    char cs[80];

    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        struct layout lo;
        int n, barw = 0, full = 0, empty = 0;
        snprintf(cs, sizeof cs, "1048576 frames at %dx%d", sizes[z][0], sizes[z][1]);
        if (lay(&lo, &v, 1, sizes[z][0], sizes[z][1], cs) < 0)
            continue;
        n = count(&lo, 0, LAY_COLUMN);
        TEST_MSG(count(&lo, 0, LAY_FRAME) == 0, cs);
        TEST_MSG(n > sizes[z][0] / 2, cs);
        for (int i = 0; i < n; i++) {
            const struct lay_box *b = nth(&lo, 0, LAY_COLUMN, i);
            barw += b->r.w;
            if (b->b < 524288) {
                full++;
                TEST_MSG(b->fill == b->r.h && b->fill > 0, cs);
            } else if (b->a >= 524288) {
                empty++;
                TEST_MSG(b->fill == 0 && b->colour == col_free, cs);
            }
        }
        TEST_MSG(n <= barw && barw <= sizes[z][0], cs);
        TEST_MSG(full > n / 3 && empty > n / 3, cs);
        /* First fit: process 1 holds frames 0..131071, so the first column. */
        TEST_MSG(n > 0 && nth(&lo, 0, LAY_COLUMN, 0)->colour == layout_pid_colour(1), cs);
        TEST_MSG(n > 0 && nth(&lo, 0, LAY_COLUMN, n - 1)->colour == col_free, cs);
        layout_free(&lo);
    }
}

/* 1000 frames: at 1280 wide each frame once (cells or columns); at 640 wide
 * no frame has a label. */
static void test_thousand(const struct status *st)
{
    struct lay_view v = view_of(st, "s1000");
    struct layout lo;

    if (lay(&lo, &v, 1, 1280, 800, "1000 frames at 1280x800") == 0) {
        int n = count(&lo, 0, LAY_FRAME) + count(&lo, 0, LAY_COLUMN);
        TEST(n >= 1);
        /* 1000 cells of 3 px do not fit in about 1250 px: 1000 one-frame
         * columns would, since each frame can have its pixel. */
        TEST(count(&lo, 0, LAY_COLUMN) == 0 || count(&lo, 0, LAY_COLUMN) == 1000);
        layout_free(&lo);
    }
    if (lay(&lo, &v, 1, 640, 360, "1000 frames at 640x360") == 0) {
        int labelled = 0;
        for (int i = 0; i < lo.nboxes; i++)
            labelled += is_bar(&lo.boxes[i]) && lo.boxes[i].text[0];
        TEST(count(&lo, 0, LAY_FRAME) + count(&lo, 0, LAY_COLUMN) >= 1);
        TEST(labelled == 0);
        layout_free(&lo);
    }
    /* Wide enough for 1000 cells of 3 pixels: cells, still unlabelled. */
    if (lay(&lo, &v, 1, 3200, 800, "1000 frames at 3200x800") == 0) {
        int labelled = 0;
        for (int i = 0; i < lo.nboxes; i++)
            labelled += is_bar(&lo.boxes[i]) && lo.boxes[i].text[0];
        TEST(count(&lo, 0, LAY_FRAME) == 1000);
        TEST(labelled == 0);
        layout_free(&lo);
    }
}

/* Columns of 8 frames, each half used: fill half the height. */
static void test_half_columns(void)
{
    struct status st;
    struct lay_view v;
    struct layout lo;
    int halves = 0;

    if (state_new(&st, 8192, 1000) < 0)
        return;
    /* First fit: pid p holds frames 4(p-1) .. 4p-1; drop the even pids. */
    for (int p = 1; p <= 256; p++)
        give(&st, p, 4);
    for (int p = 2; p <= 256; p += 2)
        take(&st, p);
    v = view_of(&st, "halves");
    /* 1048 - 2 * 12 = 1024 px for 8192 frames: 8 frames a column. */
    if (lay(&lo, &v, 1, 1048, 800, "8192 frames, every other 4 free, 1048x800") == 0) {
        for (int i = 0; i < count(&lo, 0, LAY_COLUMN); i++) {
            const struct lay_box *b = nth(&lo, 0, LAY_COLUMN, i);
            int64_t used = 0, cnt = b->b - b->a + 1;
            for (int64_t f = b->a; f <= b->b; f++)
                used += st.pg.frames[f].pid != 0;
            if (used * 2 != cnt)
                continue;
            halves++;
            TEST(b->fill * 2 >= b->r.h - 2 && b->fill * 2 <= b->r.h + 2);
        }
        TEST(count(&lo, 0, LAY_COLUMN) > 0);
        TEST(halves >= 64);
        layout_free(&lo);
    }
    status_free(&st);
}

/* Random placement: columns mix processes; checked by check_layout. */
static void test_random(const struct status *st)
{
    struct lay_view v = view_of(st, "random");
    struct layout lo;

    if (lay(&lo, &v, 1, 1280, 800, "65536 random frames at 1280x800") == 0) {
        int mixed = 0;
        TEST(count(&lo, 0, LAY_COLUMN) > 0);
        for (int i = 0; i < count(&lo, 0, LAY_COLUMN); i++) {
            const struct lay_box *b = nth(&lo, 0, LAY_COLUMN, i);
            mixed += b->fill > 0 && b->fill < b->r.h;
        }
        TEST(mixed > 0);
        layout_free(&lo);
    }
}

/* Returns the index of view 0's k-th segment-bar box, or NULL. */
static const struct lay_box *seg_box(const struct layout *lo, int v, int k)
{
    for (int i = 0; i < lo->nboxes; i++)
        if (lo->boxes[i].view == v && is_seg_bar(&lo->boxes[i]) && k-- == 0)
            return &lo->boxes[i];
    return NULL;
}

/* Checks that view v's segment bar draws sm to scale. */
static void check_scale(const struct layout *lo, int v, const struct segmem *sm, const char *cs)
{
    struct block blk[2 * SEG_MAX + 1];
    int m = blocks_of(sm, blk), n = 0;
    const struct lay_box *first = seg_box(lo, v, 0), *last;
    int64_t x0, barw;

    while (seg_box(lo, v, n))
        n++;
    TEST_MSG(n == m, cs);
    if (n != m || n == 0)
        return;
    last = seg_box(lo, v, n - 1);
    x0 = first->r.x;
    barw = last->r.x + last->r.w - x0;
    TEST_MSG(barw >= lo->w * 9 / 10, cs);
    for (int k = 0; k < m; k++) {
        const struct lay_box *b = seg_box(lo, v, k);
        int64_t want_x = x0 + (int64_t)((double)blk[k].base * (double)barw / (double)sm->size);
        int64_t want_w = (int64_t)((double)blk[k].size * (double)barw / (double)sm->size);
        int dx = (int)(b->r.x - want_x), dw = (int)(b->r.w - want_w);
        if (dx < -2 || dx > 2 || dw < -2 || dw > 2)
            fprintf(stderr, "  [%s] block %d: x %d w %d, want x %lld w %lld\n", cs, k, b->r.x,
                    b->r.w, (long long)want_x, (long long)want_w);
        TEST_MSG(dx >= -2 && dx <= 2, cs);
        TEST_MSG(dw >= -2 && dw <= 2, cs);
    }
}

/* Segments in a 1000-byte memory are drawn to scale, at several sizes and
 * in the lower of two views. */
static void test_segment_scale(void)
{
    static const int sizes[][2] = {{1280, 800}, {800, 600}, {640, 360}, {3000, 2000}};
    struct status st;
    struct lay_view views[2];
    struct layout lo;
    char cs[80];

    if (state_new(&st, 16, 1000) < 0)
        return;
    textbook_segments(&st);
    views[0] = view_of(&st, "a");
    views[1] = view_of(&st, "b");
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        snprintf(cs, sizeof cs, "segments to scale at %dx%d", sizes[z][0], sizes[z][1]);
        if (lay(&lo, views, 1, sizes[z][0], sizes[z][1], cs) < 0)
            continue;
        check_scale(&lo, 0, &st.sm, cs);
        /* Address order: code, hole 100-349, heap, stack, hole 600-999. */
        if (seg_box(&lo, 0, 4)) {
            TEST_MSG(seg_box(&lo, 0, 0)->kind == LAY_SEGMENT && seg_box(&lo, 0, 0)->a == 0, cs);
            TEST_MSG(seg_box(&lo, 0, 1)->kind == LAY_HOLE && seg_box(&lo, 0, 1)->a == 100 &&
                         seg_box(&lo, 0, 1)->b == 350,
                     cs);
            TEST_MSG(seg_box(&lo, 0, 2)->kind == LAY_SEGMENT && seg_box(&lo, 0, 2)->a == 2, cs);
            TEST_MSG(seg_box(&lo, 0, 3)->kind == LAY_SEGMENT && seg_box(&lo, 0, 3)->a == 3, cs);
            TEST_MSG(seg_box(&lo, 0, 4)->kind == LAY_HOLE && seg_box(&lo, 0, 4)->a == 600 &&
                         seg_box(&lo, 0, 4)->b == 1000,
                     cs);
        }
        layout_free(&lo);
    }
    if (lay(&lo, views, 2, 1280, 800, "segments to scale, two views") == 0) {
        check_scale(&lo, 0, &st.sm, "two views, view 0");
        check_scale(&lo, 1, &st.sm, "two views, view 1");
        layout_free(&lo);
    }
    status_free(&st);
}

/* One byte in a terabyte still shows, at the start and at the end. */
static void test_tiny_segment(void)
{
    static const int sizes[][2] = {{1280, 800}, {320, 200}, {3000, 2000}};
    struct status lo_end, hi_end, many;
    struct lay_view v[3];
    int big, p, q;

    if (state_new(&lo_end, 16, UINT64_C(1) << 40) < 0 ||
        state_new(&hi_end, 16, UINT64_C(1) << 40) < 0 ||
        state_new(&many, 16, UINT64_C(1) << 40) < 0)
        return;
    seg_add(&lo_end, "tiny", 1); /* Byte 0; then a hole of 2^40 - 1. */
    big = seg_add(&hi_end, "big", (UINT64_C(1) << 40) - 4);
    seg_add(&hi_end, "t1", 1);
    seg_add(&hi_end, "t2", 1);
    seg_add(&hi_end, "t3", 1);
    seg_add(&hi_end, "t4", 1); /* The last four bytes. */
    seg_del(&hi_end, big);
    /* Holes between one-byte segments: hole, s, hole, s, hole, s, hole. */
    p = seg_add(&many, "p", 10);
    seg_add(&many, "s1", 1);
    q = seg_add(&many, "q", UINT64_C(1) << 38);
    seg_add(&many, "s2", 1);
    seg_add(&many, "s3", 1);
    seg_del(&many, p);
    seg_del(&many, q);

    v[0] = view_of(&lo_end, "lo");
    v[1] = view_of(&hi_end, "hi");
    v[2] = view_of(&many, "many");
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        for (int k = 0; k < 3; k++) {
            struct layout lo;
            char cs[80];
            snprintf(cs, sizeof cs, "tiny segments (%s) at %dx%d", v[k].path, sizes[z][0],
                     sizes[z][1]);
            if (lay(&lo, &v[k], 1, sizes[z][0], sizes[z][1], cs) < 0)
                continue;
            /* check_layout saw each block as a box of at least a pixel. */
            if (sizes[z][0] == 1280) {
                struct block blk[2 * SEG_MAX + 1];
                int nseg = count(&lo, 0, LAY_SEGMENT) + count(&lo, 0, LAY_HOLE);
                TEST_MSG(nseg == blocks_of(&v[k].st->sm, blk), cs);
                for (int i = 0; i < count(&lo, 0, LAY_SEGMENT); i++)
                    TEST_MSG(nth(&lo, 0, LAY_SEGMENT, i)->r.w >= 1, cs);
            }
            layout_free(&lo);
        }
    }
    status_free(&lo_end);
    status_free(&hi_end);
    status_free(&many);
}

/* A view with no state shows its banner, and nothing of a bar. */
static void test_banner(const struct status *states)
{
    static const char wait[] = "waiting for /tmp/memtrack.status";
    char longer[300];
    struct lay_view v[3];
    struct layout lo;

    memset(longer, 'x', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    memcpy(longer, "error: ", 7);

    v[0] = (struct lay_view){NULL, "/tmp/memtrack.status", wait, 0, -1};
    if (lay(&lo, v, 1, 1280, 800, "banner only") == 0) {
        const struct lay_box *b = nth(&lo, 0, LAY_BANNER, 0);
        TEST(count(&lo, 0, LAY_BANNER) == 1);
        TEST(b && strcmp(b->text, wait) == 0);
        TEST(b && b->colour == col_info);
        TEST(count(&lo, 0, LAY_FRAME) + count(&lo, 0, LAY_COLUMN) == 0);
        TEST(count(&lo, 0, LAY_SEGMENT) + count(&lo, 0, LAY_HOLE) == 0);
        layout_free(&lo);
    }
    /* Too long for the window: cut, but still its beginning. */
    v[0] = (struct lay_view){NULL, "/tmp/x", longer, 1, -1};
    if (lay(&lo, v, 1, 640, 360, "long error banner") == 0) {
        const struct lay_box *b = nth(&lo, 0, LAY_BANNER, 0);
        TEST(b && strncmp(b->text, "error: xxx", 10) == 0);
        TEST(b && tw(b->text) <= 640);
        TEST(b && b->colour == col_error);
        layout_free(&lo);
    }
    /* In the middle of three views; the others still show their states. */
    v[0] = view_of(&states[S_SIXTEEN], "a");
    v[1] = (struct lay_view){NULL, "/tmp/b", wait, 0, -1};
    v[2] = view_of(&states[S_THOUSAND], "c");
    if (lay(&lo, v, 3, 1280, 800, "banner between two states") == 0) {
        const struct lay_box *b = nth(&lo, 1, LAY_BANNER, 0);
        TEST(b && strcmp(b->text, wait) == 0);
        TEST(b && b->r.y >= 800 / 3 && b->r.y + b->r.h <= 800 * 2 / 3);
        TEST(count(&lo, 1, LAY_FRAME) + count(&lo, 1, LAY_COLUMN) == 0);
        TEST(count(&lo, 0, LAY_FRAME) == 16);
        TEST(count(&lo, 2, LAY_FRAME) + count(&lo, 2, LAY_COLUMN) > 0);
        layout_free(&lo);
    }
    /* An error over the last good state: banner and bars both. */
    v[0] = (struct lay_view){&states[S_SIXTEEN], "/tmp/a", "line 3: bad record", 1, 12};
    if (lay(&lo, v, 1, 1280, 800, "error over last good state") == 0) {
        TEST(count(&lo, 0, LAY_BANNER) == 1);
        TEST(count(&lo, 0, LAY_FRAME) == 16);
        layout_free(&lo);
    }
    /* Banners at every size stay inside (check_layout). */
    static const int sizes[][2] = {{320, 200}, {200, 100}, {1, 1}, {0, 0}};
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        char cs[80];
        v[0] = (struct lay_view){NULL, "/tmp/a", longer, 1, -1};
        v[1] = (struct lay_view){NULL, "/tmp/b", wait, 0, -1};
        snprintf(cs, sizeof cs, "banners at %dx%d", sizes[z][0], sizes[z][1]);
        if (lay(&lo, v, 2, sizes[z][0], sizes[z][1], cs) == 0)
            layout_free(&lo);
    }
}

/* Tooltips over one view of st in a tall window: frames, segments, holes,
 * a swatch; nothing over empty space; a short buffer gets a cut text. */
static void tips_one_view(const struct status *st)
{
    struct lay_view v[1];
    struct layout lo;
    char buf[LAY_TEXT_MAX], small[8];

    v[0] = view_of(st, "tips");
    if (lay(&lo, v, 1, 1280, 2000, "tips at 1280x2000") == 0) {
        for (int i = 0; i < count(&lo, 0, LAY_FRAME); i++) {
            const struct lay_box *b = nth(&lo, 0, LAY_FRAME, i);
            int32_t pid = st->pg.frames[b->a].pid;
            char want[24];
            int r = layout_tip(&lo, b->r.x + b->r.w / 2, b->r.y + b->r.h / 2, buf, sizeof buf);
            snprintf(want, sizeof want, "P%ld", (long)pid);
            TEST_MSG(r == 1, buf);
            TEST_MSG(says_frame(buf, b->a), buf);
            TEST_MSG(pid ? strstr(buf, want) != NULL : strstr(buf, "free") != NULL, buf);
        }
        TEST(count(&lo, 0, LAY_SEGMENT) == 3 && count(&lo, 0, LAY_HOLE) == 2);
        for (int i = 0; i < lo.nboxes; i++) {
            const struct lay_box *b = &lo.boxes[i];
            int r;
            if (!is_seg_bar(b))
                continue;
            r = layout_tip(&lo, b->r.x + b->r.w / 2, b->r.y + b->r.h / 2, buf, sizeof buf);
            TEST_MSG(r == 1, buf);
            if (b->kind == LAY_SEGMENT) {
                TEST_MSG(strstr(buf, st->sm.seg[b->a].name) != NULL, buf);
                TEST_MSG(strstr(buf, "base") != NULL, buf);
            } else {
                TEST_MSG(strstr(buf, "hole") != NULL, buf);
            }
        }
        /* A swatch names its process. */
        if (count(&lo, 0, LAY_SWATCH) > 0) {
            const struct lay_box *b = nth(&lo, 0, LAY_SWATCH, 0);
            char want[24];
            snprintf(want, sizeof want, "P%lld", (long long)b->a);
            TEST(layout_tip(&lo, b->r.x, b->r.y, buf, sizeof buf) == 1);
            TEST_MSG(strstr(buf, want) != NULL, buf);
        }
        /* Empty space: the bottom-right corner of a tall window. */
        strcpy(buf, "junk");
        TEST(layout_tip(&lo, 1279, 1999, buf, sizeof buf) == 0);
        TEST(buf[0] == '\0');
        strcpy(buf, "junk");
        TEST(layout_tip(&lo, -1, -1, buf, sizeof buf) == 0);
        TEST(buf[0] == '\0');
        strcpy(buf, "junk");
        TEST(layout_tip(&lo, 1280, 2000, buf, sizeof buf) == 0);
        TEST(buf[0] == '\0');
        /* A short buffer gets a cut, terminated text. */
        if (count(&lo, 0, LAY_FRAME) > 0) {
            const struct lay_box *b = nth(&lo, 0, LAY_FRAME, 0);
            memset(small, 'z', sizeof small);
            TEST(layout_tip(&lo, b->r.x + 1, b->r.y + 1, small, sizeof small) == 1);
            TEST(memchr(small, '\0', sizeof small) != NULL);
        }
        layout_free(&lo);
    }
}

/* Tooltips name what is under the pointer, and nothing over empty space. */
static void test_tips(const struct status *states)
{
    struct status other;
    struct lay_view v[2];
    struct layout lo;
    char buf[LAY_TEXT_MAX];
    const struct status *st = &states[S_SIXTEEN];

    tips_one_view(st);
    /* Columns: the tip names the range. */
    v[0] = view_of(&states[S_MILLION], "tips 1m");
    if (lay(&lo, v, 1, 1280, 800, "tips over columns") == 0) {
        if (count(&lo, 0, LAY_COLUMN) > 10) {
            const struct lay_box *b = nth(&lo, 0, LAY_COLUMN, 10);
            char want[24];
            snprintf(want, sizeof want, "%lld", (long long)b->a);
            TEST(layout_tip(&lo, b->r.x, b->r.y + b->r.h - 1, buf, sizeof buf) == 1);
            TEST_MSG(strstr(buf, "frames") != NULL && strstr(buf, want) != NULL, buf);
        }
        layout_free(&lo);
    }

    /* Two views: the tip reads the state of the view under the pointer. */
    if (state_new(&other, 16, 1000) < 0)
        return;
    give(&other, 9, 2);
    v[0] = view_of(st, "top");
    v[1] = view_of(&other, "bottom");
    if (lay(&lo, v, 2, 1280, 800, "tips in two views") == 0) {
        const struct lay_box *b = nth(&lo, 1, LAY_FRAME, 0);
        TEST(b != NULL);
        if (b) {
            TEST(layout_tip(&lo, b->r.x + 2, b->r.y + 2, buf, sizeof buf) == 1);
            TEST_MSG(says_frame(buf, 0) && strstr(buf, "P9") != NULL, buf);
        }
        layout_free(&lo);
    }
    status_free(&other);

    /* A banner without a state: nothing to describe. */
    v[0] = (struct lay_view){NULL, "/tmp/x", "waiting", 0, -1};
    if (lay(&lo, v, 1, 1280, 800, "tip over a banner") == 0) {
        const struct lay_box *b = nth(&lo, 0, LAY_BANNER, 0);
        strcpy(buf, "junk");
        TEST(b && layout_tip(&lo, b->r.x + 5, b->r.y + 5, buf, sizeof buf) == 0);
        TEST(buf[0] == '\0');
        strcpy(buf, "junk");
        TEST(layout_tip(&lo, 640, 700, buf, sizeof buf) == 0);
        TEST(buf[0] == '\0');
        layout_free(&lo);
    }
}

/* A column takes the colour of the process holding most of its frames:
 * frames 1 1 2 3 4 in one column are P1's, though no process holds more
 * than half of them (a lone Boyer-Moore vote would end on P4). */
static void test_main_owner(void)
{
    struct status st;
    struct lay_view v;
    struct layout lo;

    if (state_new(&st, 5120, 1000) < 0)
        return;
    give(&st, 1, 2); /* Frames 0-1. */
    give(&st, 2, 1); /* Frame 2. */
    give(&st, 3, 1); /* Frame 3. */
    give(&st, 4, 1); /* Frame 4. */
    give(&st, 5, 3); /* Frames 5-7. */
    give(&st, 6, 1); /* Frame 8. */
    v = view_of(&st, "owner");
    /* 1048 - 2 * 12 = 1024 px for 5120 frames: 5 frames a column. */
    if (lay(&lo, &v, 1, 1048, 800, "main owner of a column") == 0) {
        const struct lay_box *b = nth(&lo, 0, LAY_COLUMN, 0);
        TEST(b != NULL);
        if (b && b->a == 0 && b->b == 4) {
            if (b->colour != layout_pid_colour(1))
                fprintf(stderr,
                        "  frames 0-4 held by P1 P1 P2 P3 P4: colour %06lx, P1's is "
                        "%06lx, P4's %06lx\n",
                        (unsigned long)b->colour, (unsigned long)layout_pid_colour(1),
                        (unsigned long)layout_pid_colour(4));
            TEST(b->colour == layout_pid_colour(1));
        }
        /* Frames 5-9: P5 P5 P5 P6 free, a plain majority. */
        b = nth(&lo, 0, LAY_COLUMN, 1);
        TEST(b && b->a == 5 && b->b == 9 && b->colour == layout_pid_colour(5));
        layout_free(&lo);
    }
    status_free(&st);
}

/* 1,048,576 frames given out at random to four processes: every column
 * shows every process holding frames in it, and its tooltip lists them with
 * their counts. (A column once took its main owner's colour, and the bar
 * showed one process.) Many owners in a short column: the tooltip says only
 * some are drawn. */
static void test_all_owners(void)
{
    struct status st, many;
    struct note n;
    struct lay_view v;
    struct layout lo;
    char buf[LAY_TEXT_MAX];

    if (state_new(&st, 1048576, 65536) < 0)
        return;
    pg_set_policy(&st.pg, PG_RANDOM, 1, &n);
    give(&st, 1, 262144);
    give(&st, 2, 262144);
    give(&st, 3, 131072);
    give(&st, 4, 65536);
    v = view_of(&st, "million random");
    if (lay(&lo, &v, 1, 1280, 800, "1048576 random frames, four processes") == 0) {
        int ncol = count(&lo, 0, LAY_COLUMN), all4 = 0, listed = 0;
        for (int i = 0; i < lo.nboxes; i++) {
            const struct lay_box *b = &lo.boxes[i];
            int seen[5] = {0}, k = 0;
            if (b->kind != LAY_COLUMN)
                continue;
            for (const struct lay_box *s = b + 1; s < lo.boxes + lo.nboxes && s->kind == LAY_SHARE;
                 s++)
                if (s->a >= 1 && s->a <= 4 && s->colour == layout_pid_colour(s->a))
                    seen[s->a] = 1;
            all4 += seen[1] && seen[2] && seen[3] && seen[4];
            if (layout_tip(&lo, b->r.x, b->r.y + b->r.h - 1, buf, sizeof buf) == 1)
                for (k = 1; k <= 4; k++) {
                    char want[16];
                    snprintf(want, sizeof want, "P%d ", k);
                    if (!strstr(buf, want))
                        break;
                }
            listed += k == 5;
        }
        TEST(ncol > 1000);
        TEST_MSG(all4 >= ncol * 9 / 10, "columns that show all four processes");
        TEST_MSG(listed == ncol, "column tooltips that list all four processes");
        layout_free(&lo);
    }
    status_free(&st);

    /* 1000 processes of 60 frames each in 65536 frames, at random, in
     * columns of 64 frames in a short bar: more owners than pixels. */
    if (state_new(&many, 65536, 1000) < 0)
        return;
    pg_set_policy(&many.pg, PG_RANDOM, 7, &n);
    for (int p = 1; p <= 1000; p++)
        give(&many, p, 60);
    v = view_of(&many, "many owners");
    if (lay(&lo, &v, 1, 1048, 150, "65536 frames, 1000 owners, short bar") == 0) {
        int said = 0;
        for (int i = 0; i < lo.nboxes; i++) {
            const struct lay_box *b = &lo.boxes[i];
            if (b->kind == LAY_COLUMN && b->view == 0 &&
                layout_tip(&lo, b->r.x, b->r.y + b->r.h - 1, buf, sizeof buf) == 1)
                said += strstr(buf, "drawn") != NULL;
        }
        TEST(said > 0);
        layout_free(&lo);
    }
    status_free(&many);
}

/* The text box of view v whose text starts with prefix, or NULL. */
static const struct lay_box *text_starting(const struct layout *lo, int v, const char *prefix)
{
    for (int i = 0; i < lo->nboxes; i++)
        if (lo->boxes[i].view == v && lo->boxes[i].kind == LAY_TEXT &&
            strncmp(lo->boxes[i].text, prefix, strlen(prefix)) == 0)
            return &lo->boxes[i];
    return NULL;
}

/* Lab 3 in compare mode: the same four processes on four memories, one
 * refused. At 1280x800 (and larger) every view shows its why line, both
 * fragmentation figures and every process (or a "+N more" marker), and the
 * empty segment memory is one line with no bar. (Each view once dropped
 * its why line, its fragmentation line and P4, under an empty bar.) */
static void test_compare(void)
{
    static const uint64_t shape[4][2] = {{64, 1024}, {16, 4096}, {4, 16384}, {8, 16384}};
    static const uint64_t bytes[4] = {10000, 3000, 6000, 20000};
    static const int sizes[][2] = {{1280, 800}, {1920, 1080}, {1280, 1024}};
    struct status st[4];
    struct lay_view v[4];
    char err[ERRLEN], cs[96];

    for (int i = 0; i < 4; i++) {
        struct note n;
        TEST(status_init(&st[i], shape[i][0], shape[i][1], PG_FIRST, 1, 65536, SEG_FIRST, err,
                         sizeof err) == 0);
        for (int p = 0; p < 4; p++)
            if (pg_alloc(&st[i].pg, p + 1, bytes[p], &n) < 0)
                st[i].refused = 1; /* 4 x 16 KiB: P4 does not fit. */
        st[i].last = n;
        v[i] = view_of(&st[i], i == 0 ? "a.st" : i == 1 ? "b.st" : i == 2 ? "c.st" : "d.st");
    }
    TEST(st[2].refused && !st[3].refused);
    fake_line_h = 17; /* As DejaVu Sans at 14 px. */
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        struct layout lo;
        snprintf(cs, sizeof cs, "lab 3, four views at %dx%d", sizes[z][0], sizes[z][1]);
        if (lay(&lo, v, 4, sizes[z][0], sizes[z][1], cs) < 0)
            continue;
        for (int i = 0; i < 4; i++) {
            const struct paging *pg = &st[i].pg;
            int swatches = 0;
            TEST_MSG(text_starting(&lo, i, "Why: ") != NULL, cs);
            TEST_MSG(text_starting(&lo, i, st[i].refused ? "Refused: " : "Last: ") != NULL, cs);
            const struct lay_box *fr = text_starting(&lo, i, "Frames (");
            TEST_MSG(fr && strstr(fr->text, "internal fragmentation"), cs);
            const struct lay_box *sg = text_starting(&lo, i, "Segments (0 of 5)");
            TEST_MSG(sg && strstr(sg->text, "external fragmentation"), cs);
            TEST_MSG(count(&lo, i, LAY_HOLE) == 0, cs); /* Empty: no bar. */
            for (int k = 0; k < count(&lo, i, LAY_SWATCH); k++)
                swatches += nth(&lo, i, LAY_SWATCH, k)->a > 0;
            TEST_MSG(swatches == (int)pg->nprocs || text_starting(&lo, i, "+") != NULL, cs);
            TEST_MSG(count(&lo, i, LAY_FRAME) == (int)pg->nframes, cs);
        }
        layout_free(&lo);
    }
    fake_line_h = 16;
    for (int i = 0; i < 4; i++)
        status_free(&st[i]);
}

/* Four full views (ten processes, five segments each) at 1280x800: each
 * keeps its why line, both fragmentation figures and both legends. */
static void test_compare_full(void)
{
    struct status st[4];
    struct lay_view v[4];
    struct layout lo;

    for (int i = 0; i < 4; i++) {
        if (state_new(&st[i], 64, 65536) < 0)
            return;
        for (int p = 1; p <= 10; p++)
            give(&st[i], p, (uint64_t)(p % 4 + 1));
        seg_add(&st[i], "code", 5000);
        seg_add(&st[i], "data", 900);
        seg_add(&st[i], "heap", 12000 + 1000 * (uint64_t)i);
        seg_add(&st[i], "stack", 64);
        seg_add(&st[i], "bss", 3);
        snprintf(st[i].last.why, sizeof st[i].last.why, "first fit takes the first hole");
        v[i] = view_of(&st[i], "ten");
    }
    fake_line_h = 17; /* As DejaVu Sans at 14 px. */
    if (lay(&lo, v, 4, 1280, 800, "four full views at 1280x800") == 0) {
        for (int i = 0; i < 4; i++) {
            int procs = 0, segs = 0;
            for (int k = 0; k < count(&lo, i, LAY_SWATCH); k++) {
                procs += nth(&lo, i, LAY_SWATCH, k)->a > 0;
                segs += nth(&lo, i, LAY_SWATCH, k)->a < 0;
            }
            TEST(text_starting(&lo, i, "Why: ") != NULL);
            TEST(text_starting(&lo, i, "Frames (") != NULL);
            const struct lay_box *sg = text_starting(&lo, i, "Segments (5 of 5)");
            TEST(sg && strstr(sg->text, "external fragmentation"));
            TEST_MSG(procs == 10 || text_starting(&lo, i, "+") != NULL, "a process dropped");
            TEST_MSG(segs == 5 || text_starting(&lo, i, "+") != NULL, "a segment dropped");
            TEST(count(&lo, i, LAY_SEGMENT) == 5);
        }
        layout_free(&lo);
    }
    fake_line_h = 16;
    for (int i = 0; i < 4; i++)
        status_free(&st[i]);
}

/* Lab 2 in compare mode: the same frames, different segments: the segments
 * come first in each view, and the empty frames are one line. */
static void test_compare_segments(void)
{
    struct status st[2];
    struct lay_view v[2];
    struct layout lo;

    if (state_new(&st[0], 16, 1000) < 0 || state_new(&st[1], 16, 1000) < 0)
        return;
    textbook_segments(&st[0]);
    seg_add(&st[1], "code", 300);
    v[0] = view_of(&st[0], "first");
    v[1] = view_of(&st[1], "best");
    if (lay(&lo, v, 2, 1280, 800, "segments differ, frames the same") == 0) {
        for (int i = 0; i < 2; i++) {
            const struct lay_box *sg = text_starting(&lo, i, "Segments (");
            const struct lay_box *fr = text_starting(&lo, i, "Frames: all 16 free");
            TEST(sg && fr && sg->r.y < fr->r.y);
            TEST(count(&lo, i, LAY_FRAME) == 0 && count(&lo, i, LAY_SEGMENT) > 0);
        }
        layout_free(&lo);
    }
    /* Alone, a view keeps its empty frame bar. */
    if (lay(&lo, v, 1, 1280, 800, "one view, no processes") == 0) {
        TEST(count(&lo, 0, LAY_FRAME) == 16);
        layout_free(&lo);
    }
    status_free(&st[0]);
    status_free(&st[1]);
}

/* A legend with no room for every name ends in "+N more", whose tooltip
 * names the others. */
static void test_more(void)
{
    struct status st;
    struct lay_view v;
    struct layout lo;
    char buf[LAY_TEXT_MAX];

    if (state_new(&st, 4096, 1000) < 0)
        return;
    for (int p = 1; p <= 300; p++)
        give(&st, p, 2);
    v = view_of(&st, "300 processes");
    if (lay(&lo, &v, 1, 640, 480, "300 processes in 640x480") == 0) {
        const struct lay_box *m = text_starting(&lo, 0, "+");
        int shown = 0;
        for (int k = 0; k < count(&lo, 0, LAY_SWATCH); k++)
            shown += nth(&lo, 0, LAY_SWATCH, k)->a > 0;
        TEST(m != NULL && shown > 0 && shown < 300);
        if (m) {
            char want[24];
            snprintf(want, sizeof want, "+%d more", 300 - shown);
            TEST_MSG(strcmp(m->text, want) == 0, m->text);
            snprintf(want, sizeof want, "P%d,", shown + 1);
            TEST(layout_tip(&lo, m->r.x + 1, m->r.y + 1, buf, sizeof buf) == 1);
            TEST_MSG(strstr(buf, want) != NULL, buf);
        }
        layout_free(&lo);
    }
    status_free(&st);
}

/* The checker itself catches broken layouts, so a pass means something. */
static void test_checker(const struct status *states)
{
    struct lay_view v = view_of(&states[S_SIXTEEN], "checker");
    struct lay_view vm = view_of(&states[S_MILLION], "checker");
    struct layout lo, lm;
    struct lay_box *f0, *f1, *seg, *col;
    struct font f = {0};

    if (layout_compute(&lo, &v, 1, 1280, 800, fake_measure, &f) < 0)
        return;
    if (layout_compute(&lm, &vm, 1, 1280, 800, fake_measure, &f) < 0) {
        layout_free(&lo);
        return;
    }
    f0 = (struct lay_box *)nth(&lo, 0, LAY_FRAME, 0);
    f1 = (struct lay_box *)nth(&lo, 0, LAY_FRAME, 1);
    seg = (struct lay_box *)nth(&lo, 0, LAY_SEGMENT, 0);
    col = (struct lay_box *)nth(&lm, 0, LAY_COLUMN, 0);
    TEST(f0 && f1 && seg && col);
    if (!f0 || !f1 || !seg || !col)
        goto out_free;
    quiet = 1;
    TEST(check_layout(&lo, &v, 1, 1280, 800, "good") == 0);
    TEST(check_layout(&lm, &vm, 1, 1280, 800, "good") == 0);
#define BREAKS(lay, view, field, value)                                                            \
    do {                                                                                           \
        int64_t keep_ = (int64_t)(field);                                                          \
        (field) = (value);                                                                         \
        TEST(check_layout(&(lay), &(view), 1, 1280, 800, #field) > 0);                             \
        (field) = keep_;                                                                           \
    } while (0)
    BREAKS(lo, v, f1->r.x, f0->r.x + 1);      /* Overlap. */
    BREAKS(lo, v, f0->r.x, -1);               /* Outside the window. */
    BREAKS(lo, v, f0->r.w, 1280);             /* Past the right edge. */
    BREAKS(lo, v, f0->colour, col_free);      /* Wrong colour. */
    BREAKS(lo, v, f1->b, 2);                  /* Frame covered twice. */
    BREAKS(lo, v, f0->text[0], '9');          /* Wrong label. */
    BREAKS(lo, v, seg->colour, col_hole);     /* Wrong segment colour. */
    BREAKS(lo, v, seg->a, 4);                 /* Wrong segment. */
    BREAKS(lo, v, f0->kind, LAY_COLUMN);      /* Cells mixed with columns. */
    BREAKS(lo, v, seg->r.w, 0);               /* An empty segment box. */
    BREAKS(lo, v, f0->r.h, LINE_H - 1);       /* Label taller than its cell. */
    BREAKS(lm, vm, col->fill, col->fill / 2); /* Wrong fill. */
    BREAKS(lm, vm, col->b, col->b + 1);       /* Ranges overlap. */
    BREAKS(lm, vm, col->colour, col_free);    /* Used column in free colour. */
    BREAKS(lm, vm, col[1].colour, col_free);  /* A share in the wrong colour. */
    BREAKS(lm, vm, col[1].kind, LAY_TICK);    /* A share missing. */
#undef BREAKS
    quiet = 0;
out_free:
    layout_free(&lo);
    layout_free(&lm);
}

static const struct lay_box *text_starting(const struct layout *lo, int v, const char *prefix);

/* layout_font_px: 14 px up to 1280x800, 24 at 1920x1080, scaled, and room
 * for the lines of stacked views. */
static void scaling_font_px(void)
{
    TEST(layout_font_px(1280, 800, 1, 0) == 14);
    TEST(layout_font_px(1280, 800, 1, 1) == 14);
    TEST(layout_font_px(800, 600, 1, 0) == 14);
    TEST(layout_font_px(1920, 1080, 1, 0) >= 24);
    TEST(layout_font_px(1920, 1200, 1, 0) >= 24);
    TEST(layout_font_px(2560, 1440, 1, 0) > layout_font_px(1920, 1080, 1, 0));
    TEST(layout_font_px(1280, 800, 1, 2) == 28);
    TEST(layout_font_px(1280, 800, 1, 0.5) == 7);
    TEST(layout_font_px(1280, 800, 1, 100) == (int)(14 * scale_max));
    TEST(layout_font_px(1280, 800, 4, 0) == 14); /* Four views keep 14 px. */
    TEST(layout_font_px(1920, 1080, 4, 0) < 24); /* ... and room for their lines. */
    TEST(layout_font_px(1920, 1080, 4, 0) >= 14);
}

/* 24 px text (the fake font set so) at 1920x1080: the margins and legends
 * scale, and the bars take the height. */
static void scaling_24px(const struct lay_view *v)
{
    struct layout lo;

    if (lay(&lo, v, 1, 1920, 1080, "24 px text at 1920x1080") == 0) {
        int bottom = 0, legend_entries = 0;
        const struct lay_box *f0 = nth(&lo, 0, LAY_FRAME, 0), *seg = nth(&lo, 0, LAY_SEGMENT, 0);
        for (int i = 0; i < lo.nboxes; i++) {
            const struct lay_box *b = &lo.boxes[i];
            if (b->kind != LAY_PANEL && b->r.y + b->r.h > bottom)
                bottom = b->r.y + b->r.h;
            if (b->kind == LAY_TEXT)
                TEST(b->r.h == 28);
            legend_entries += b->kind == LAY_SWATCH;
            /* The margin scales with the text: 12 px at 16-px lines. */
            if (b->kind == LAY_FRAME || b->kind == LAY_SEGMENT)
                TEST(b->r.x >= 12 * 28 / 16);
        }
        TEST_MSG(bottom >= 1080 * 9 / 10, "the picture leaves the bottom of the window blank");
        TEST(f0 && f0->r.h >= 200);   /* The bars take the height... */
        TEST(seg && seg->r.h >= 150); /* ... both of them. */
        TEST(f0 && strcmp(f0->text, "1:0") == 0);
        TEST(legend_entries == 5);
        layout_free(&lo);
    }
}

/* At 24 px, a why too long for a line wraps onto a second, between words;
 * too long for two (v renamed "narrow", in a narrow window), it ends in
 * "..." and hovering shows all of it. */
static void scaling_long_why(struct status *st, struct lay_view *v)
{
    struct layout lo;

    snprintf(st->last.why, sizeof st->last.why, "%s",
             "best fit takes the smallest hole that fits (ties to the lowest address); holes: "
             "1200-1499 (300 B), 3500-65535 (62036 B); smallest that fits: 1200-1499 (300 B)");
    if (lay(&lo, v, 1, 1920, 1080, "a long why at 24 px") == 0) {
        const struct lay_box *w1 = NULL, *w2 = NULL;
        char buf[LAY_TEXT_MAX];
        for (int i = 0; i < lo.nboxes; i++)
            if (lo.boxes[i].kind == LAY_TEXT && strncmp(lo.boxes[i].text, "Why: ", 5) == 0) {
                w1 = &lo.boxes[i];
                w2 = i + 1 < lo.nboxes ? &lo.boxes[i + 1] : NULL;
            }
        TEST(w1 && w2 && w2->kind == LAY_TEXT && w2->r.y == w1->r.y + 28);
        TEST(w1 && w2 && !strstr(w1->text, "...") && !strstr(w2->text, "..."));
        TEST(w1 && w1->text[strlen(w1->text) - 1] != ' ');
        TEST(w2 && strcmp(w2->text, "(300 B)") == 0);
        layout_free(&lo);
        v->path = "narrow";
        if (lay(&lo, v, 1, 700, 1080, "a long why at 24 px, narrow") == 0) {
            for (int i = 0; i < lo.nboxes; i++)
                if (i > 0 && lo.boxes[i].kind == LAY_TEXT && strstr(lo.boxes[i].text, "...") &&
                    strncmp(lo.boxes[i - 1].text, "Why: ", 5) == 0)
                    w2 = &lo.boxes[i];
            TEST_MSG(w2 && layout_tip(&lo, w2->r.x + 1, w2->r.y + 1, buf, sizeof buf) == 1,
                     w2 ? w2->text : "none");
            TEST_MSG(strstr(buf, "smallest that fits: 1200-1499 (300 B)") != NULL, buf);
            /* Any line cut short tells the whole when hovered. */
            const struct lay_box *fr = text_starting(&lo, 0, "Frames (");
            TEST(fr && strstr(fr->text, "...") &&
                 layout_tip(&lo, fr->r.x + 1, fr->r.y + 1, buf, sizeof buf) == 1 &&
                 strstr(buf, "a cell shows process:page") != NULL);
            layout_free(&lo);
        }
    }
}

/* The text size follows the window by config.h's rule, and the layout grows
 * with it: at 1920x1080 the text is 24 px, margins and legends scale, and the
 * bars take the height, so the picture fills the window. */
static void test_scaling(void)
{
    struct status st;
    struct lay_view v;
    struct layout lo;

    scaling_font_px();
    if (state_new(&st, 16, 65536) < 0)
        return;
    give(&st, 1, 3);
    give(&st, 4, 3);
    give(&st, 3, 1);
    seg_add(&st, "code", 1200);
    seg_add(&st, "stack", 2000);
    v = view_of(&st, "scaled");
    fake_line_h = 28; /* 24 px text. */
    fake_char_w = 12;
    scaling_24px(&v);
    scaling_long_why(&st, &v);
    fake_line_h = 16;
    fake_char_w = 7;
    /* 14 px text in the same window: the bars take the height too. */
    if (lay(&lo, &v, 1, 1920, 1080, "14 px text at 1920x1080") == 0) {
        const struct lay_box *f0 = nth(&lo, 0, LAY_FRAME, 0);
        TEST(f0 && f0->r.h >= 250);
        layout_free(&lo);
    }
    status_free(&st);
}

/* Process colours: stable, twelve before any repeats, from the palette;
 * a repeat has another pattern. Segments: a palette of their own. */
static void test_colours(void)
{
    TEST(PALETTE_N >= 12);
    for (int p = 1; p <= PALETTE_N; p++) {
        int in_palette = 0;
        TEST(layout_pid_colour(p) == layout_pid_colour(p));
        TEST(layout_pid_colour(p) == layout_pid_colour(p + PALETTE_N));
        TEST(layout_pid_pattern(p) == LAY_PLAIN);
        /* The second round: same colour, another cue; the third, a third cue. */
        TEST(layout_pid_pattern(p + PALETTE_N) == LAY_STRIPES);
        TEST(layout_pid_pattern(p + 2 * PALETTE_N) == LAY_CROSS);
        for (int q = 1; q < p; q++)
            TEST(layout_pid_colour(p) != layout_pid_colour(q));
        for (int k = 0; k < PALETTE_N; k++)
            in_palette |= layout_pid_colour(p) == palette[k];
        TEST(in_palette);
        TEST(layout_pid_colour(p) != col_free);
        /* Neighbouring pids differ in lightness too (luma, 0-255). */
        uint32_t a = layout_pid_colour(p), b = layout_pid_colour(p + 1);
        double ya = 0.2126 * (a >> 16) + 0.7152 * ((a >> 8) & 0xff) + 0.0722 * (a & 0xff);
        double yb = 0.2126 * (b >> 16) + 0.7152 * ((b >> 8) & 0xff) + 0.0722 * (b & 0xff);
        TEST(p == PALETTE_N || ya - yb >= 30 || yb - ya >= 30);
    }
    TEST(layout_pid_colour(PG_MAX_PID) == layout_pid_colour(PG_MAX_PID));
    for (int id = 0; id < SEG_MAX; id++) {
        TEST(layout_seg_colour(id) == layout_seg_colour(id));
        TEST(layout_seg_colour(id) != col_hole);
        for (int j = 0; j < id; j++)
            TEST(layout_seg_colour(id) != layout_seg_colour(j));
        /* Not a process colour, nor close to one: at least 60 apart in RGB. */
        for (int p = 1; p <= PALETTE_N; p++) {
            uint32_t s = layout_seg_colour(id), q = layout_pid_colour(p);
            int dr = (int)(s >> 16) - (int)(q >> 16),
                dg = (int)((s >> 8) & 0xff) - (int)((q >> 8) & 0xff),
                db = (int)(s & 0xff) - (int)(q & 0xff);
            TEST_MSG(dr * dr + dg * dg + db * db >= 60 * 60, "a segment looks like a process");
        }
    }
}

/* A layout keeps nothing of what it was made from: with its views on a
 * stack frame that is gone and its state freed (memview's reload), every
 * tooltip still reads the same. Under ASan a pointer kept into either is a
 * use-after-return or use-after-free here. */
static void make_gone(struct layout *lo, struct status *st)
{
    struct lay_view v[LAY_VIEWS_MAX];

    v[0] = view_of(st, "gone");
    v[1] = view_of(st, "gone too");
    (void)lay(lo, v, 2, 1280, 800, "layout of views that go away");
}

static void test_owns(void)
{
    struct status st;
    struct layout lo;
    char before[64][LAY_TEXT_MAX], after[LAY_TEXT_MAX];
    int n = 0;

    if (state_new(&st, 16, 1000) < 0)
        return;
    give(&st, 1, 3);
    give(&st, 2, 5);
    make_gone(&lo, &st);
    for (int i = 0; i < lo.nboxes && n < 64; i++) {
        const struct lay_box *b = &lo.boxes[i];
        if (b->kind == LAY_FRAME || b->kind == LAY_SWATCH || b->kind == LAY_SEGMENT ||
            b->kind == LAY_HOLE)
            TEST(layout_tip(&lo, b->r.x, b->r.y, before[n++], LAY_TEXT_MAX) == 1);
    }
    TEST(n >= 16);
    /* The state goes (and its memory is scribbled on by the next owner). */
    status_free(&st);
    if (state_new(&st, 4, 100) == 0) {
        give(&st, 7, 4);
        status_free(&st);
    }
    n = 0;
    for (int i = 0; i < lo.nboxes && n < 64; i++) {
        const struct lay_box *b = &lo.boxes[i];
        if (b->kind == LAY_FRAME || b->kind == LAY_SWATCH || b->kind == LAY_SEGMENT ||
            b->kind == LAY_HOLE) {
            TEST(layout_tip(&lo, b->r.x, b->r.y, after, sizeof after) == 1);
            TEST_MSG(strcmp(after, before[n]) == 0, after);
            n++;
        }
    }
    layout_free(&lo);
}

/* Returns 1 when s is whole UTF-8: no character cut in half. */
static int utf8_whole(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        int more = *p < 0x80 ? 0 : (*p & 0xe0) == 0xc0 ? 1 : (*p & 0xf0) == 0xe0 ? 2 : 3;
        p++;
        for (int k = 0; k < more; k++, p++)
            if ((*p & 0xc0) != 0x80)
                return 0;
    }
    return 1;
}

/* Long text is fitted to the room it has, not to a fixed buffer: a why
 * line longer than a label buffer ends in "..." where it is cut (and is
 * whole where there is room), and a path of two-byte characters is never
 * cut in half a character. */
static void test_long_text(void)
{
    struct status st;
    struct layout lo;
    struct lay_view v;
    char path[400];
    size_t k;

    if (state_new(&st, 16, 1000) < 0)
        return;
    memset(st.last.why, 'w', NOTE_MAX - 8);
    memcpy(st.last.why + NOTE_MAX - 8, " END", 5);
    for (k = 0; k + 2 < 300; k += 2)
        memcpy(path + k, "\xc3\xa9", 2); /* e acute */
    path[k] = '\0';
    v = view_of(&st, path);
    /* Wide enough for the whole why line: it is all there. */
    if (lay(&lo, &v, 1, (NOTE_MAX + 40) * CHAR_W, 800, "long why, room for it") == 0) {
        int whole = 0;
        for (int i = 0; i < lo.nboxes; i++)
            whole |= lo.boxes[i].kind == LAY_TEXT && strstr(lo.boxes[i].text, " END") != NULL;
        TEST_MSG(whole, "the why line lost its end with room to spare");
        layout_free(&lo);
    }
    /* Narrow: cut, with "...", and nothing wider than the window. */
    if (lay(&lo, &v, 1, 100 * CHAR_W, 800, "long why, narrow") == 0) {
        int cut = 0;
        for (int i = 0; i < lo.nboxes; i++) {
            const struct lay_box *b = &lo.boxes[i];
            size_t n = strlen(b->text);
            TEST(utf8_whole(b->text));
            if (b->kind == LAY_TEXT && strstr(b->text, "wwww") != NULL)
                cut |= n > 3 && strcmp(b->text + n - 3, "...") == 0;
            if (b->kind == LAY_TEXT && strncmp(b->text, "\xc3\xa9", 2) == 0)
                TEST_MSG(n > 3 && strcmp(b->text + n - 3, "...") == 0, b->text);
        }
        TEST_MSG(cut, "the cut why line has no ...");
        layout_free(&lo);
    }
    /* Every width from 1 to 60 characters: whole characters only. */
    for (int w = 1; w <= 60; w++) {
        char cs[48];
        snprintf(cs, sizeof cs, "two-byte path at %d px", w * CHAR_W + 2 * margin);
        if (lay(&lo, &v, 1, w * CHAR_W + 2 * margin, 400, cs) == 0) {
            for (int i = 0; i < lo.nboxes; i++)
                TEST_MSG(utf8_whole(lo.boxes[i].text), lo.boxes[i].text);
            layout_free(&lo);
        }
    }
    status_free(&st);
}

/* A page translation of P2 in st (16 frames; P1 has 3, P2 2): its line,
 * the frame ringed, the byte marked; then one asked in hex. */
static void xlate_page(struct status *st, const struct lay_view *v)
{
    struct layout lo;
    char want[128];

    st->xlate =
        (struct status_xlate){STATUS_XLATE_PAGE, 0, 2, 5000, 1, 904, 4, 0, 0, 4 * PAGE + 904};
    if (lay(&lo, v, 1, 1280, 800, "translation") == 0) {
        const struct lay_box *ring = NULL, *line = NULL, *fr = NULL;
        int said = 0;
        snprintf(want, sizeof want,
                 "Translate P2: 5000 = page 1 | offset 904 -> frame 4 -> "
                 "physical %d",
                 4 * PAGE + 904);
        for (int i = 0; i < lo.nboxes; i++) {
            const struct lay_box *b = &lo.boxes[i];
            said |= b->kind == LAY_TEXT && strcmp(b->text, want) == 0;
            if (b->kind == LAY_MARK && !b->b)
                ring = b;
            if (b->kind == LAY_MARK && b->b)
                line = b;
            if (b->kind == LAY_FRAME && b->a == 4)
                fr = b;
        }
        TEST_MSG(said, want);
        TEST(ring && fr && ring->a == 4);
        if (ring && fr) {
            TEST(ring->r.x < fr->r.x && ring->r.x + ring->r.w > fr->r.x + fr->r.w);
            TEST(ring->r.y < fr->r.y && ring->r.y + ring->r.h > fr->r.y + fr->r.h);
        }
        TEST(line != NULL);
        if (line && fr) /* 904 of 4096 bytes: about 22% into the frame. */
            TEST(line->r.x == fr->r.x + (int)(904.0 / PAGE * fr->r.w));
        layout_free(&lo);
    }
    /* Asked in hex, into the unused end of the last page. */
    st->xlate = (struct status_xlate){STATUS_XLATE_PAGE, 1, 1, 0x2fff, 2, 0xfff, 2, 1, 0, 0x2fff};
    if (lay(&lo, v, 1, 1280, 800, "translation in hex") == 0) {
        int said = 0;
        for (int i = 0; i < lo.nboxes; i++)
            said |= lo.boxes[i].kind == LAY_TEXT &&
                    strstr(lo.boxes[i].text, "0x2fff = page 0x2 | offset 0xfff -> frame 0x2") &&
                    strstr(lo.boxes[i].text, "unused end");
        TEST(said);
        layout_free(&lo);
    }
}

/* A segment's translation in st: its line, the segment ringed; then
 * nothing translated: no ring, no line. */
static void xlate_segment(struct status *st, const struct lay_view *v)
{
    struct layout lo;

    {
        struct note n;
        int id = seg_alloc(&st->sm, "stack", 300, &n);
        TEST_MSG(id >= 0, n.what);
        st->xlate = (struct status_xlate){STATUS_XLATE_SEGMENT,
                                          0,
                                          0,
                                          0,
                                          0,
                                          100,
                                          0,
                                          0,
                                          id,
                                          st->sm.seg[id >= 0 ? id : 0].base + 100};
    }
    if (lay(&lo, v, 1, 1280, 800, "segment translation") == 0) {
        const struct lay_box *ring = NULL, *seg = NULL;
        int said = 0;
        for (int i = 0; i < lo.nboxes; i++) {
            const struct lay_box *b = &lo.boxes[i];
            said |= b->kind == LAY_TEXT && strstr(b->text, "Translate segment 0 (stack): offset "
                                                           "100 -> base 0 + 100 = physical 100");
            if (b->kind == LAY_MARK && !b->b)
                ring = b;
            if (b->kind == LAY_SEGMENT)
                seg = b;
        }
        TEST(said);
        TEST(ring && seg && ring->r.x <= seg->r.x && ring->r.x + ring->r.w >= seg->r.x + seg->r.w);
        layout_free(&lo);
    }
    /* Nothing translated: no ring, no line. */
    st->xlate.kind = STATUS_XLATE_NONE;
    if (lay(&lo, v, 1, 1280, 800, "no translation") == 0) {
        TEST(count(&lo, 0, LAY_MARK) == 0);
        layout_free(&lo);
    }
}

/* The last translation: its line written out (in hex when asked in hex),
 * the frame or segment ringed, the byte marked; in a bar of columns the
 * column holding the frame. No ring when the last event translated nothing. */
static void test_translation(const struct status *states)
{
    struct status st;
    struct layout lo;
    struct lay_view v;

    if (state_new(&st, 16, 1000) < 0)
        return;
    give(&st, 1, 3);
    give(&st, 2, 2);
    v = view_of(&st, "xlate");
    xlate_page(&st, &v);
    xlate_segment(&st, &v);
    status_free(&st);

    /* A million frames: the ring is the column that holds the frame. */
    {
        const struct status *m = &states[S_MILLION];
        struct status big = *m;
        big.xlate = (struct status_xlate){STATUS_XLATE_PAGE, 0, 1, 0, 0, 0, 777777, 0, 0, 0};
        v = view_of(&big, "xlate 1m");
        if (lay(&lo, &v, 1, 1280, 800, "translation in columns") == 0) {
            const struct lay_box *ring = NULL, *col = NULL;
            for (int i = 0; i < lo.nboxes; i++) {
                const struct lay_box *b = &lo.boxes[i];
                if (b->kind == LAY_MARK && !b->b)
                    ring = b;
                if (b->kind == LAY_COLUMN && b->a <= 777777 && b->b >= 777777)
                    col = b;
            }
            TEST(ring && col);
            if (ring && col)
                TEST(ring->r.x + mark_px == col->r.x && ring->r.w - 2 * mark_px == col->r.w);
            layout_free(&lo);
        }
    }
}

/* Tooltips wrap between words to a width. */
static void test_wrap(void)
{
    char lines[4][LAY_TEXT_MAX];
    struct font f = {0};
    const char *tip = "frames 0-834: 600 used, 235 free; P1 200, P2 180, P3 150, P4 70";
    int n = layout_wrap(tip, 30 * CHAR_W, fake_measure, &f, lines, 4);

    TEST(n == 3);
    for (int i = 0; i < n; i++)
        TEST_MSG(tw(lines[i]) <= 30 * CHAR_W && lines[i][0] != ' ', lines[i]);
    TEST(strcmp(lines[0], "frames 0-834: 600 used, 235") == 0);
    TEST(strcmp(lines[1], "free; P1 200, P2 180, P3 150,") == 0);
    TEST(strcmp(lines[2], "P4 70") == 0);
    TEST(layout_wrap(tip, 1000 * CHAR_W, fake_measure, &f, lines, 4) == 1);
    TEST(strcmp(lines[0], tip) == 0);
    TEST(layout_wrap("", 100, fake_measure, &f, lines, 4) == 0);
    TEST(layout_wrap("averyveryverylongword x", 5 * CHAR_W, fake_measure, &f, lines, 4) == 2);
}

/* layout_free is safe on a zeroed layout and twice. */
static void test_free(void)
{
    struct layout lo;
    char buf[16] = "junk";

    memset(&lo, 0, sizeof lo);
    layout_free(&lo);
    layout_free(&lo);
    TEST(lo.boxes == NULL && lo.nboxes == 0);
    TEST(layout_tip(&lo, 0, 0, buf, sizeof buf) == 0);
    TEST(buf[0] == '\0');
}

/* Negative sizes count as an empty window. */
static void test_negative(const struct status *states)
{
    struct lay_view v = view_of(&states[S_SIXTEEN], "neg");
    struct layout lo;

    if (lay(&lo, &v, 1, -5, -7, "-5x-7 window") == 0) {
        TEST(lo.nboxes == 0);
        layout_free(&lo);
    }
}

/* The age in the header: seconds in the first minute only, so an idle
 * window is redrawn at most once a minute after that. */
static void test_age(void)
{
    char b[24];

    TEST(strcmp(layout_age(-1, b, sizeof b), "") == 0);
    TEST(strcmp(layout_age(stale_after_s - 1, b, sizeof b), "") == 0);
    TEST(strcmp(layout_age(stale_after_s, b, sizeof b), "5 s") == 0);
    TEST(strcmp(layout_age(59, b, sizeof b), "55 s") == 0);
    TEST(strcmp(layout_age(12, b, sizeof b), "10 s") == 0);
    TEST(strcmp(layout_age(60, b, sizeof b), "1 min") == 0);
    TEST(strcmp(layout_age(3599, b, sizeof b), "59 min") == 0);
    TEST(strcmp(layout_age(7300, b, sizeof b), "2 h") == 0);
}

/* ------------------------------------------------------------------------ */
/* Virtual memory */

/* Where a single view has room (1280x800 and up), every part of a VM view
 * is there: the frames, a mark for each bit set, the hand, the victim's
 * ring, each process's pages, the hit/miss strip, the exam table for few
 * frames, the chart when a compare ran. */
static void check_vm_parts(const struct layout *lo, const struct status *st, const char *cs)
{
    const struct vm *vm = &st->vm;
    int rings = 0, points = 0, hands = count(lo, 0, LAY_HAND);
    unsigned counts = st->compare.frames_hi - st->compare.frames_lo + 1;

    TEST_MSG(count(lo, 0, LAY_FRAME) + count(lo, 0, LAY_COLUMN) >= 1, cs);
    TEST_MSG(count(lo, 0, LAY_STEP) == (int)(vm->t < VM_RECENT ? vm->t : VM_RECENT), cs);
    TEST_MSG(hands == (vm->policy == VM_CLOCK || vm->policy == VM_OSTEP_CLOCK), cs);
    TEST_MSG(count(lo, 0, LAY_FLAG) > 0, cs);
    for (size_t k = 0; k < vm->nprocs; k++) {
        int has = 0;
        for (int i = 0; i < lo->nboxes; i++)
            has |= lo->boxes[i].kind == LAY_PAGE && lo->boxes[i].c == vm->procs[k].pid;
        TEST_MSG(has, cs);
    }
    for (int i = 0; i < lo->nboxes; i++) {
        rings += lo->boxes[i].kind == LAY_RING && lo->boxes[i].b == 0;
        points += lo->boxes[i].kind == LAY_POINT && lo->boxes[i].b >= 0;
    }
    TEST_MSG(rings == (vm->victim_frame != VM_NONE), cs);
    TEST_MSG((count(lo, 0, LAY_CELL) > 0) == (vm->nframes <= EXAM_FRAMES && vm->t > 0), cs);
    TEST_MSG(count(lo, 0, LAY_CHART) == st->compare.have, cs);
    TEST_MSG(points == (st->compare.have ? (int)(st->compare.npolicies * counts) : 0), cs);
}

/* Every VM state at every window size, tiny ones too, alone and stacked
 * with one another and with a paging state. */
static void test_vm_matrix(const struct status *vs, const struct status *states)
{
    static const int sizes[][2] = {{1280, 800}, {1920, 1080}, {800, 600}, {640, 360}, {320, 200},
                                   {200, 100},  {3000, 2000}, {1, 1},     {0, 0}};
    struct lay_view views[LAY_VIEWS_MAX];
    char cs[160];

    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++)
        for (int nv = 1; nv <= LAY_VIEWS_MAX; nv++)
            for (int s = 0; s < VMS_N; s++) {
                int W = sizes[z][0], H = sizes[z][1];
                struct layout lo;
                for (int i = 0; i < nv; i++)
                    views[i] = view_of(i == 2 ? &states[S_SIXTEEN] : &vs[(s + i) % VMS_N], "vm");
                snprintf(cs, sizeof cs, "%dx%d, %d view(s) from %s", W, H, nv, vms_names[s]);
                if (lay(&lo, views, nv, W, H, cs) < 0)
                    continue;
                if (nv == 1 && W >= 1280)
                    check_vm_parts(&lo, &vs[s], cs);
                layout_free(&lo);
            }
}

/* The exam table's label of pid:page: the page alone with one process. */
static void exam_lab(const struct status *st, int32_t pid, uint32_t page, char *buf, size_t len)
{
    if (!pid)
        snprintf(buf, len, "%s", "");
    else if (st->vm.nprocs > 1)
        snprintf(buf, len, "%ld:%u", (long)pid, page);
    else
        snprintf(buf, len, "%u", page);
}

/* 1 when the frames of s hold pid:page. */
static int snap_holds(const struct vm_snap *s, int32_t pid, uint32_t page)
{
    for (int f = 0; f < VMS_FRAMES; f++)
        if (s->pid[f] == pid && s->page[f] == page && pid)
            return 1;
    return 0;
}

/* A past cell b of the exam table against the frames recorded while the
 * state was played (snaps): the reference, the frames after it, H or F
 * (hit when the page was in a frame before), the victim (the page the
 * frame that changed held before), struck. */
static void check_exam_cell(const struct lay_box *b, const struct status *st,
                            const struct vm_snap *snaps, const char *cs)
{
    static const struct vm_snap none;
    uint32_t n = st->vm.nframes;
    int64_t t = b->used;
    char want[48];

    if (t < 1 || t > (int64_t)st->vm.t || t > VMS_SNAPS) {
        TEST_MSG(!"an exam column of no access", cs);
        return;
    }
    const struct vm_snap *after = &snaps[t - 1], *before = t >= 2 ? &snaps[t - 2] : &none;
    int hit = snap_holds(before, after->ref_pid, after->ref_page);
    if (b->b == -1) {
        exam_lab(st, after->ref_pid, after->ref_page, want, sizeof want);
        TEST_MSG(strncmp(b->text, want, strlen(want)) == 0 &&
                     (b->text[strlen(want)] == '\0' || strcmp(b->text + strlen(want), "w") == 0),
                 b->text);
    } else if (b->b >= 0 && b->b < (int64_t)n) {
        int mine = after->pid[b->b] == after->ref_pid && after->page[b->b] == after->ref_page;
        exam_lab(st, after->pid[b->b], after->page[b->b], want, sizeof want);
        TEST_MSG(strcmp(b->text, want) == 0, want);
        TEST_MSG(b->colour == (mine ? (hit ? col_hit : col_fault) : col_panel), cs);
    } else if (b->b == (int64_t)n) {
        TEST_MSG(strcmp(b->text, hit ? "H" : "F") == 0, b->text);
    } else {
        want[0] = '\0';
        for (uint32_t f = 0; f < n; f++)
            if (before->pid[f] &&
                (before->pid[f] != after->pid[f] || before->page[f] != after->page[f]))
                exam_lab(st, before->pid[f], before->page[f], want, sizeof want);
        TEST_MSG(strcmp(b->text, want) == 0 && b->fill == (want[0] != '\0'), want);
    }
}

/* The exam table of st laid out at W x H: each past cell as recorded, the
 * columns the latest accesses without a gap, the references to come (OPT)
 * greyed and in order. Returns the number of past columns. */
static int check_exam(const struct status *st, const struct vm_snap *snaps, int W, int H)
{
    struct lay_view v = view_of(st, "exam");
    struct layout lo;
    char cs[96];
    int npast = 0, nfut = 0;
    int64_t tmin = INT64_MAX, tmax = 0;

    snprintf(cs, sizeof cs, "exam table at %dx%d", W, H);
    if (lay(&lo, &v, 1, W, H, cs) < 0)
        return 0;
    for (int i = 0; i < lo.nboxes; i++) {
        const struct lay_box *b = &lo.boxes[i];
        if (b->kind != LAY_CELL || b->b != -1)
            continue;
        npast += !b->c;
        nfut += b->c == 1;
        if (!b->c) {
            tmin = b->used < tmin ? b->used : tmin;
            tmax = b->used > tmax ? b->used : tmax;
        }
    }
    TEST_MSG(npast > 0 && tmax == (int64_t)st->vm.t && tmax - tmin + 1 == npast, cs);
    TEST_MSG((nfut > 0) == (st->vm.policy == VM_OPT), cs);
    for (int i = 0; i < lo.nboxes; i++) {
        const struct lay_box *b = &lo.boxes[i];
        char want[24];
        if (b->kind != LAY_CELL)
            continue;
        if (!b->c) {
            check_exam_cell(b, st, snaps, cs);
            continue;
        }
        TEST_MSG(b->colour == col_future && b->a >= npast, cs);
        size_t at = st->vm.run.at + (size_t)(b->a - npast);
        exam_lab(st, 1, vms_classic[at < 20 ? at : 0], want, sizeof want);
        if (b->b == -1)
            TEST_MSG(at < 20 && strcmp(b->text, want) == 0, want);
    }
    layout_free(&lo);
    return npast;
}

/* A sparse address space (VMS_SPARSE: P1's 160 GiB touched in four
 * clusters; clean pages evicted are untouched again): its strip folds at
 * least the three runs of millions of pages around them and shows every
 * page it does not fold in a cell of its own, at least 3 px wide; P2's 20
 * pages, all touched, fold nothing. */
static void test_vm_folds(const struct status *vs)
{
    static const int sizes[][2] = {{1280, 800}, {1920, 1080}};
    const struct vm *vm = &vs[VMS_SPARSE].vm;
    struct lay_view v = view_of(&vs[VMS_SPARSE], "sparse");

    for (size_t z = 0; z < 2; z++) {
        struct layout lo;
        int folds[3] = {0, 0, 0}, titled = 0;
        int64_t cells = 0, folded = 0;
        char tip[LAY_TEXT_MAX];
        if (lay(&lo, &v, 1, sizes[z][0], sizes[z][1], "sparse") < 0)
            continue;
        for (int i = 0; i < lo.nboxes; i++) {
            const struct lay_box *b = &lo.boxes[i];
            titled |=
                b->kind == LAY_TEXT && strstr(b->text, "\u2248 a long untouched run left out");
            if (b->kind != LAY_PAGE || b->c < 1 || b->c > 2)
                continue;
            folds[b->c] += b->fill == 3;
            folded += b->fill == 3 ? b->b - b->a + 1 : 0;
            if (b->c == 1 && b->fill != 3) {
                TEST_MSG(b->fill != 1 && b->r.w >= 3, "a page of the sparse strip in no cell");
                cells++;
            }
            if (b->fill == 3 &&
                layout_tip(&lo, b->r.x + b->r.w / 2, b->r.y + b->r.h / 2, tip, sizeof tip) > 0)
                TEST_MSG(strstr(tip, "untouched, folded") != NULL, tip);
        }
        TEST(folds[1] >= 3 && folds[2] == 0 && folded > 41000000);
        /* Its segments are drawn below the VM parts: two segments, one hole. */
        TEST(count(&lo, 0, LAY_SEGMENT) == 2 && count(&lo, 0, LAY_HOLE) == 1);
        TEST_MSG(cells == (int64_t)vm->procs[0].npages - folded && cells < 4000,
                 "the pages not folded, a cell each");
        TEST(titled);
        layout_free(&lo);
    }
}

static void test_vm_exam(const struct status *vs, struct vm_snap (*snaps)[VMS_SNAPS])
{
    static const int small[] = {VMS_CLOCK, VMS_OPT, VMS_TWO, VMS_ONE, VMS_OSTEP, VMS_REL};

    for (size_t i = 0; i < sizeof small / sizeof small[0]; i++) {
        check_exam(&vs[small[i]], snaps[small[i]], 1280, 800);
        check_exam(&vs[small[i]], snaps[small[i]], 1920, 1080);
    }
    /* Three stacked views 333 px high: room for the exam table or the row of
     * pages, not both; the table stays. */
    {
        struct lay_view v3[3] = {view_of(&vs[VMS_OPT], "a"), view_of(&vs[VMS_OPT], "b"),
                                 view_of(&vs[VMS_OPT], "c")};
        struct layout lo;
        if (lay(&lo, v3, 3, 1280, 1000, "three OPT views") == 0) {
            for (int k = 0; k < 3; k++)
                TEST_MSG(count(&lo, k, LAY_CELL) > 0 && count(&lo, k, LAY_PAGE) == 0,
                         "a stacked view lost its exam table to its pages");
            layout_free(&lo);
        }
    }
    /* A release freed frames 2 and 3 after t=6 (epoch 6): the table goes
     * back to t=7 only. Undoing the hit at t=6 from the frames now would
     * succeed, and show frames 2 and 3 free after it, which they were not;
     * the same from the file the state writes (its epoch=). */
    TEST(vs[VMS_REL].vm.epoch == 6);
    TEST(check_exam(&vs[VMS_REL], snaps[VMS_REL], 1280, 800) == 3);
    {
        struct status back;
        char err[ERRLEN] = "";
        size_t len = 0;
        char *text = format_text(&vs[VMS_REL], &len);
        if (text && status_parse_string(text, len, &back, 0, err, sizeof err) == 0) {
            TEST(back.vm.epoch == 6);
            TEST(check_exam(&back, snaps[VMS_REL], 1280, 800) == 3);
            status_free(&back);
        } else {
            TEST_MSG(!"vm-rel written and parsed", err);
        }
        free(text);
    }
    /* A run as a parsed file leaves it (inactive, its next references
     * kept): the references to come are there all the same. */
    struct status parsed = vs[VMS_OPT];
    parsed.vm.run.active = 0;
    check_exam(&parsed, snaps[VMS_OPT], 1280, 800);
    /* The classic string under OPT, played 10 of 20: 7 0 1 2 0 3 0 4 2 3,
     * faults at 1 2 3 4 6 8 (the textbook's figure). */
    const struct vm *vm = &vs[VMS_OPT].vm;
    TEST(vm->t == 10 && vm->total.faults == 6 && vm->run.at == 10);
}

/* The centre of the point of row p at frames b in lo: sets *x, *y.
 * Returns 0, or -1 when there is none. */
static int point_at(const struct layout *lo, int64_t p, int64_t b, int *x, int *y)
{
    for (int i = 0; i < lo->nboxes; i++) {
        const struct lay_box *q = &lo->boxes[i];
        if (q->kind == LAY_POINT && q->a == p && q->b == b) {
            *x = q->r.x + q->r.w / 2;
            *y = q->r.y + q->r.h / 2;
            return 0;
        }
    }
    return -1;
}

/* Each line of the chart joins two neighbouring points of its row: from
 * one centre to the next, rising (fill 1) when the second is higher. */
static void check_chart_lines(const struct layout *lo, unsigned counts)
{
    int lines = 0, rows = 0;

    for (int i = 0; i < lo->nboxes; i++) {
        const struct lay_box *l = &lo->boxes[i];
        int x0 = 0, y0 = 0, x1 = 0, y1 = 0, ok = 0;
        rows += l->kind == LAY_POINT && l->b >= 0;
        if (l->kind != LAY_LINE)
            continue;
        lines++;
        for (int j = 0; j < lo->nboxes && !ok; j++) {
            const struct lay_box *q = &lo->boxes[j];
            if (q->kind != LAY_POINT || q->a != l->a || q->b < 0 ||
                point_at(lo, q->a, q->b, &x0, &y0) < 0 ||
                point_at(lo, q->a, q->b + 1, &x1, &y1) < 0)
                continue;
            ok = l->r.x == x0 && l->r.x + l->r.w - 1 == x1 && l->r.y == (y0 < y1 ? y0 : y1) &&
                 l->r.y + l->r.h - 1 == (y0 < y1 ? y1 : y0) && l->fill == (y1 < y0);
        }
        TEST_MSG(ok, "a chart line not between neighbouring points of its row");
    }
    TEST(lines == rows / (int)counts * ((int)counts - 1));
}

/* The compare chart of st: a point for every policy and frame count, at its
 * faults (up, to scale, 0 at the bottom; frame counts evenly across), and a
 * ring where a row first rises. */
static void check_chart(const struct status *st, int W, int H)
{
    const struct status_compare *cmp = &st->compare;
    unsigned counts = cmp->frames_hi - cmp->frames_lo + 1;
    struct lay_view v = view_of(st, "chart");
    const struct lay_box *chart = NULL;
    struct layout lo;
    uint64_t ymax = 1;
    int points = 0, rises = 0, rings = 0;

    for (unsigned i = 0; i < cmp->npolicies * counts; i++)
        ymax = cmp->faults[i] > ymax ? cmp->faults[i] : ymax;
    if (lay(&lo, &v, 1, W, H, "chart") < 0)
        return;
    for (int i = 0; i < lo.nboxes; i++)
        chart = lo.boxes[i].kind == LAY_CHART ? &lo.boxes[i] : chart;
    TEST(chart != NULL);
    for (int i = 0; chart && i < lo.nboxes; i++) {
        const struct lay_box *b = &lo.boxes[i];
        if (b->kind != LAY_POINT || b->b < 0)
            continue;
        unsigned k = (unsigned)(b->b - cmp->frames_lo);
        uint64_t f = cmp->faults[b->a * counts + k];
        double wy = chart->r.y + (chart->r.h - 1) * (1.0 - (double)f / (double)ymax);
        double wx = chart->r.x + (chart->r.w - 1) * (double)k / (counts - 1);
        int cx = b->r.x + b->r.w / 2, cy = b->r.y + b->r.h / 2;
        points++;
        TEST(b->used == (int64_t)f);
        TEST_MSG(cy >= wy - 1 && cy <= wy + 1, "a point not at its faults");
        TEST_MSG(cx >= wx - 1 && cx <= wx + 1, "a point not at its frames");
    }
    TEST(points == (int)(cmp->npolicies * counts));
    check_chart_lines(&lo, counts);
    for (unsigned p = 0; p < cmp->npolicies; p++) {
        const uint64_t *row = &cmp->faults[p * counts];
        unsigned k = 0;
        while (k + 1 < counts && row[k + 1] <= row[k])
            k++;
        rises += k + 1 < counts;
        for (int i = 0; i < lo.nboxes; i++) {
            const struct lay_box *r = &lo.boxes[i], *pt = NULL;
            if (r->kind != LAY_RING || r->b != 1 || r->a != p)
                continue;
            rings++;
            for (int j = 0; j < lo.nboxes; j++)
                if (lo.boxes[j].kind == LAY_POINT && lo.boxes[j].a == p &&
                    lo.boxes[j].b == (int64_t)(cmp->frames_lo + k + 1))
                    pt = &lo.boxes[j];
            TEST_MSG(k + 1 < counts && pt && r->r.x < pt->r.x && r->r.y < pt->r.y &&
                         r->r.x + r->r.w > pt->r.x + pt->r.w && r->r.y + r->r.h > pt->r.y + pt->r.h,
                     "Belady's ring not round the point where the row rises");
        }
    }
    TEST(rings == rises);
    layout_free(&lo);
}

static void test_vm_chart(const struct status *vs)
{
    /* Belady's string: fifo has 9 faults with 3 frames, 10 with 4. */
    const struct status_compare *cmp = &vs[VMS_CLOCK].compare;
    TEST(cmp->policies[0] == VM_FIFO && cmp->faults[2] == 9 && cmp->faults[3] == 10);
    check_chart(&vs[VMS_CLOCK], 1280, 800);
    check_chart(&vs[VMS_CLOCK], 1920, 1080);
    check_chart(&vs[VMS_OSTEP], 1280, 800);
    check_chart(&vs[VMS_OSTEP], 3000, 2000);
}

/* The tip at the centre of each VM box of lo (n at most), into tips. */
static int vm_tips(const struct layout *lo, char (*tips)[LAY_TEXT_MAX], int n)
{
    int k = 0;

    for (int i = 0; i < lo->nboxes && k < n; i++) {
        const struct lay_box *b = &lo->boxes[i];
        if (b->kind < LAY_FLAG && b->kind != LAY_FRAME)
            continue;
        if (b->kind == LAY_RING || b->kind == LAY_LINE)
            continue;
        TEST(layout_tip(lo, b->r.x + b->r.w / 2, b->r.y + b->r.h / 2, tips[k++], LAY_TEXT_MAX) ==
             1);
    }
    return k;
}

/* Tooltips on every part of a VM view say what is there, and stay the
 * same after the states are freed (the layout owns them). */
static void test_vm_tips(void)
{
    static struct vm_snap snaps[VMS_N][VMS_SNAPS];
    static char before[2048][LAY_TEXT_MAX], after[2048][LAY_TEXT_MAX];
    struct status vs[VMS_N];
    struct layout lo[2];
    struct lay_view v[2];
    char want[64];
    int n[2], m;

    if (vms_build(vs, snaps) < 0) {
        vms_free(vs);
        return;
    }
    v[0] = view_of(&vs[VMS_CLOCK], "tips");
    v[1] = view_of(&vs[VMS_OPT], "tips");
    for (int k = 0; k < 2; k++) {
        if (lay(&lo[k], &v[k], 1, 1280, 800, "VM tips") < 0)
            return;
        n[k] = vm_tips(&lo[k], before + (k ? n[0] : 0), k ? 2048 - n[0] : 2048);
    }
    for (int i = 0; i < lo[0].nboxes; i++) {
        const struct lay_box *b = &lo[0].boxes[i];
        char tip[LAY_TEXT_MAX];
        layout_tip(&lo[0], b->r.x + b->r.w / 2, b->r.y + b->r.h / 2, tip, sizeof tip);
        if (b->kind == LAY_FRAME)
            TEST_MSG(says_frame(tip, b->a) && strstr(tip, " R "), tip);
        if (b->kind == LAY_HAND)
            snprintf(want, sizeof want, "hand at frame %u", vs[VMS_CLOCK].vm.hand);
        if (b->kind == LAY_PAGE)
            snprintf(want, sizeof want, "page %lld", (long long)b->a);
        if (b->kind == LAY_STEP || (b->kind == LAY_CELL && b->b == -1 && !b->c))
            snprintf(want, sizeof want,
                     "t=%lld:", (long long)(b->kind == LAY_STEP ? b->a : b->used));
        if (b->kind == LAY_HAND || b->kind == LAY_PAGE || b->kind == LAY_STEP ||
            (b->kind == LAY_CELL && b->b == -1 && !b->c))
            TEST_MSG(strstr(tip, want) != NULL, tip);
    }
    TEST(n[0] > 40 && n[1] > 40);
    vms_free(vs);
    /* Freed, and the memory used again. */
    if (vms_build(vs, snaps) == 0)
        vms_free(vs);
    m = vm_tips(&lo[0], after, 2048);
    m += vm_tips(&lo[1], after + m, 2048 - m);
    TEST(m == n[0] + n[1]);
    for (int i = 0; i < m; i++)
        TEST_MSG(strcmp(before[i], after[i]) == 0, after[i]);
    layout_free(&lo[0]);
    layout_free(&lo[1]);
}

/* With vm_on 0, a state whose vm was used draws as paging, and the other
 * way round: the view follows vm_on alone. */
static void test_vm_off(const struct status *vs)
{
    struct status off = vs[VMS_CLOCK];
    struct lay_view v = view_of(&off, "off");
    struct layout lo;

    off.vm_on = 0;
    if (lay(&lo, &v, 1, 1280, 800, "vm_on 0") == 0) {
        TEST(count(&lo, 0, LAY_FRAME) == (int)off.pg.nframes);
        TEST(count(&lo, 0, LAY_FLAG) + count(&lo, 0, LAY_PAGE) + count(&lo, 0, LAY_CELL) == 0);
        layout_free(&lo);
    }
}

/* Builds st: virtual memory of `frames` frames under lru, P1 and P2, a
 * TLB of entries x ways (asid on) and `n` accesses spread over 3 x frames
 * pages (none when entries is 0: no TLB). Returns 0 or -1. */
static int tlb_state(struct status *st, uint32_t frames, uint32_t entries, uint32_t ways, int n)
{
    char err[256] = "";

    memset(st, 0, sizeof *st);
    TEST_MSG(status_init(st, 16, PAGE, PG_FIRST, 0, 65536, SEG_FIRST, err, sizeof err) == 0, err);
    TEST_MSG(vm_init(&st->vm, frames, PAGE, 4 * frames, err, sizeof err) == 0, err);
    st->vm_on = 1;
    if (vm_alloc(&st->vm, 1, 3ull * frames * PAGE, NULL) < 0 ||
        vm_alloc(&st->vm, 2, 3ull * frames * PAGE, NULL) < 0 ||
        vm_set_policy(&st->vm, VM_LRU, 0, 2, NULL) < 0 ||
        (entries && vm_set_tlb(&st->vm, entries, ways, 1, NULL) < 0))
        return -1;
    for (int i = 0; i < n; i++) /* Pages 0..3 x frames - 1, a skewed mix. */
        vm_access(&st->vm, 1 + i % 2, (uint64_t)((i * 7) % (3 * (int)frames) % (i % 5 + 2)) * PAGE,
                  i % 3 == 0, NULL, NULL);
    return 0;
}

/* Checks the TLB part of view 0 of lo against vm's TLB: no two entry boxes
 * overlap, each (set, way) at most once and all of them when `all`, labels
 * only on valid entries, the last lookup's entry marked and ringed, each
 * entry's tooltip naming it. */
static void check_tlb_part(const struct layout *lo, const struct vm *vm, int all, const char *cs)
{
    const struct tlb *t = vm->tlb;
    static char seen[TLB_MAX_ENTRIES];
    int n = 0, valid = 0, marked = 0, rings = 0, overlaps = 0;

    memset(seen, 0, sizeof seen);
    for (int i = 0; i < lo->nboxes; i++) {
        const struct lay_box *b = &lo->boxes[i];
        char tip[LAY_TEXT_MAX], want[64];
        if (b->kind == LAY_RING && b->b == 2) {
            const struct lay_box *m = NULL;
            for (int k = 0; k < i; k++)
                if (lo->boxes[k].kind == LAY_TLB && lo->boxes[k].fill)
                    m = &lo->boxes[k];
            rings++;
            TEST_MSG(b->a == t->last_set && b->c == t->last_way, cs);
            TEST_MSG(m && b->r.x < m->r.x && b->r.y < m->r.y && b->r.x + b->r.w > m->r.x + m->r.w &&
                         b->r.y + b->r.h > m->r.y + m->r.h,
                     cs);
        }
        if (b->kind != LAY_TLB)
            continue;
        n++;
        TEST_MSG(b->a >= 0 && b->a < t->sets && b->b >= 0 && b->b < t->ways, cs);
        if (b->a < 0 || b->a >= t->sets || b->b < 0 || b->b >= t->ways)
            continue;
        TEST_MSG(!seen[b->a * t->ways + b->b]++, cs);
        TEST_MSG(b->used == t->e[b->a * t->ways + b->b].valid, cs);
        valid += (int)b->used;
        TEST_MSG(b->used || b->text[0] == '\0', cs);
        if (b->fill) {
            marked++;
            TEST_MSG(b->a == t->last_set && b->b == t->last_way, cs);
        }
        layout_tip(lo, b->r.x + b->r.w / 2, b->r.y + b->r.h / 2, tip, sizeof tip);
        snprintf(want, sizeof want, "TLB set %lld, way %lld: ", (long long)b->a, (long long)b->b);
        TEST_MSG(strstr(tip, want) == tip, tip);
        for (int k = 0; k < i; k++) {
            const struct lay_rect *q = &lo->boxes[k].r, *r = &b->r;
            overlaps += lo->boxes[k].kind == LAY_TLB && r->x < q->x + q->w && q->x < r->x + r->w &&
                        r->y < q->y + q->h && q->y < r->y + r->h;
        }
    }
    TEST_MSG(overlaps == 0, cs);
    TEST_MSG(n > 0, cs);
    if (all) {
        TEST_MSG(n == (int)t->entries, cs);
        TEST_MSG(valid == (int)tlb_valid(t), cs);
    }
    TEST_MSG(marked == (t->last != TLB_NONE) && rings == marked, cs);
}

/* The TLB grid: at several sizes and shapes, checked by check_tlb_part;
 * a big fully associative TLB shows the rows up to its last entry; a
 * memory without a TLB has no TLB part. */
static void test_vm_tlb(void)
{
    static const int sizes[][2] = {{1280, 800}, {1920, 1080}, {800, 600}};
    static const uint32_t shapes[][4] = {/* frames, entries, ways, accesses */
                                         {12, 16, 4, 200},
                                         {8, 8, 1, 60},
                                         {6, 4, 0, 30},
                                         {256, 128, 0, 2000},
                                         {4, 4, 2, 0}};
    char cs[120];

    for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++)
        for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
            struct status st;
            struct lay_view v = view_of(&st, "tlb");
            struct layout lo;
            snprintf(cs, sizeof cs, "TLB %u/%u ways, %u accesses, %dx%d", shapes[k][1],
                     shapes[k][2], shapes[k][3], sizes[z][0], sizes[z][1]);
            if (tlb_state(&st, shapes[k][0], shapes[k][1], shapes[k][2], (int)shapes[k][3]) == 0 &&
                lay(&lo, &v, 1, sizes[z][0], sizes[z][1], cs) == 0) {
                /* All shown: one row a set (16 entries fit a row); tlb_rows_max at
                 * first, and more rows where the window has room below. */
                check_tlb_part(&lo, &st.vm,
                               shapes[k][1] <= 16 && st.vm.tlb->sets <= (uint32_t)tlb_rows_max, cs);
                if (st.vm.tlb->sets > (uint32_t)tlb_rows_max && st.vm.tlb->ways == 1)
                    TEST_MSG(count(&lo, 0, LAY_TLB) ==
                                 (sizes[z][1] >= 800 ? (int)st.vm.tlb->sets : tlb_rows_max),
                             cs);
                layout_free(&lo);
            }
            status_free(&st);
        }
    {
        struct status st;
        struct lay_view v = view_of(&st, "no tlb");
        struct layout lo;
        if (tlb_state(&st, 12, 0, 0, 100) == 0 && lay(&lo, &v, 1, 1280, 800, "no TLB") == 0) {
            TEST(count(&lo, 0, LAY_TLB) == 0);
            layout_free(&lo);
        }
        status_free(&st);
    }
}

/* Lays out the one view v of st (built: 0, or -1 when building st failed)
 * in a window of size[0] x size[1]. Returns 0, or -1 (a failed check, and
 * st freed) when st was not built or not laid out. */
static int lay_built(struct layout *lo, const struct lay_view *v, struct status *st, int built,
                     const int size[2], const char *cs)
{
    if (built < 0 || lay(lo, v, 1, size[0], size[1], cs) < 0) {
        TEST_MSG(0, cs);
        status_free(st);
        return -1;
    }
    return 0;
}

/* Builds st: 6 frames, 64 KiB address spaces (0: the layer off), P1 with
 * 2 pages r-x, 2 rw-, 1 r--, P2 with 3 rw-; accesses of each kind, the last
 * P1's write of 0x2abc. Returns 0 or -1. */
static int prot_state(struct status *st, uint64_t as_bytes)
{
    char err[256] = "";

    memset(st, 0, sizeof *st);
    TEST_MSG(status_init(st, 16, PAGE, PG_FIRST, 0, 65536, SEG_FIRST, err, sizeof err) == 0, err);
    TEST_MSG(vm_init(&st->vm, 6, PAGE, 24, err, sizeof err) == 0, err);
    st->vm_on = 1;
    if (vm_set_address_space(&st->vm, as_bytes, NULL) < 0 ||
        vm_alloc_prot(&st->vm, 1, 2 * PAGE, as_bytes ? TLB_R | TLB_X : VM_PROT_DEFAULT, NULL) < 0 ||
        vm_alloc(&st->vm, 1, 2 * PAGE, NULL) < 0 ||
        vm_alloc_prot(&st->vm, 1, PAGE, as_bytes ? TLB_R : VM_PROT_DEFAULT, NULL) < 0 ||
        vm_alloc(&st->vm, 2, 3 * PAGE, NULL) < 0)
        return -1;
    vm_access(&st->vm, 1, 0x10, VM_EXEC, NULL, NULL);
    vm_access(&st->vm, 1, 0x4000, VM_READ, NULL, NULL);
    vm_access(&st->vm, 2, 0x1000, VM_WRITE, NULL, NULL);
    vm_access(&st->vm, 1, 0x4000, VM_WRITE, NULL, NULL); /* A protection fault (layer on). */
    return vm_access(&st->vm, 1, 0x2abc, VM_WRITE, NULL, NULL);
}

/* Address spaces in a VM view: a protection band over exactly the pages
 * that are executable or read-only, each page's tooltip naming its
 * protection, the split line's two fields (VPN 0010 = 0x2 and offset
 * 101010111100 = 0xabc for 0x2abc in 16 pages of 4 KiB); with the layer off
 * none of it. */
static void test_vm_prot(void)
{
    static const int sizes[][2] = {{1280, 800}, {1920, 1080}, {800, 600}};

    for (int on = 0; on <= 1; on++)
        for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
            struct status st;
            struct lay_view v = view_of(&st, "prot");
            struct layout lo;
            char cs[80];
            int bands = 0, tips = 0, fields = 0, pages = 0;
            snprintf(cs, sizeof cs, "address spaces %s, %dx%d", on ? "on" : "off", sizes[z][0],
                     sizes[z][1]);
            if (lay_built(&lo, &v, &st, prot_state(&st, on ? 16 * PAGE : 0), sizes[z], cs) < 0)
                continue;
            for (int i = 0; i < lo.nboxes; i++) {
                const struct lay_box *b = &lo.boxes[i];
                char tip[LAY_TEXT_MAX] = "";
                if (b->kind == LAY_PAGE && b->fill == 0) {
                    pages++;
                    layout_tip(&lo, b->r.x + b->r.w / 2, b->r.y + b->r.h - 1, tip, sizeof tip);
                    tips += strstr(tip, "; protection ") != NULL;
                    if (on && b->c == 1 && b->a < 2)
                        TEST_MSG(strstr(tip, "; protection r-x") != NULL, tip);
                }
                if (b->kind == LAY_PROT) {
                    bands++;
                    TEST_MSG(b->c == 1 && (b->a < 2 || b->a == 4), cs);
                    TEST_MSG(b->colour == (b->a < 2 ? col_prot_x : col_prot_ro), cs);
                    layout_tip(&lo, b->r.x + b->r.w / 2, b->r.y + b->r.h / 2, tip, sizeof tip);
                    TEST_MSG(strstr(tip, "; protection r-") != NULL, tip); /* The page's. */
                }
                if (b->kind == LAY_FIELD) {
                    fields++;
                    TEST_MSG(strcmp(b->text, b->a == 0 ? "VPN 0010 = 0x2"
                                                       : "offset 101010111100 = 0xabc") == 0,
                             b->text);
                }
            }
            TEST_MSG(pages == 8, cs);
            TEST_MSG(on ? bands == 3 && tips == pages && fields == 2
                        : bands == 0 && tips == 0 && fields == 0,
                     cs);
            layout_free(&lo);
            status_free(&st);
        }
}

/* Builds st: 16 frames, 16 MiB address spaces (a 2-level table of 4-byte
 * entries: 1,024 a page), or 16 GiB (3-level, 8-byte entries) when levels
 * is 3, 256 TiB (4-level) when 4, or linear when 1; with a TLB when tlb. P1 with 1,100 pages
 * touches pages 0 and 1,050 (two table pages at the last level), P2 page 1, then P1 reads page
 * 1,050 again (the last access: a TLB hit when tlb). levels 0: the same without the layer. Returns
 * 0 or -1. */
static int ptable_state(struct status *st, unsigned levels, int tlb)
{
    uint64_t as = UINT64_C(1) << (levels == 4 ? 48 : levels == 3 ? 34 : 24);
    char err[256] = "";

    memset(st, 0, sizeof *st);
    TEST_MSG(status_init(st, 16, PAGE, PG_FIRST, 0, 65536, SEG_FIRST, err, sizeof err) == 0, err);
    TEST_MSG(vm_init(&st->vm, 16, PAGE, 32, err, sizeof err) == 0, err);
    st->vm_on = 1;
    if (vm_set_address_space(&st->vm, as, NULL) < 0 ||
        (levels && vm_set_page_table(&st->vm, levels, 0, NULL) < 0) ||
        (tlb && vm_set_tlb(&st->vm, 4, 0, 1, NULL) < 0) ||
        vm_alloc(&st->vm, 1, 1100 * PAGE, NULL) < 0 || vm_alloc(&st->vm, 2, 2 * PAGE, NULL) < 0)
        return -1;
    vm_access(&st->vm, 1, 0x10, VM_READ, NULL, NULL);
    vm_access(&st->vm, 1, 1050 * PAGE + 0x123, VM_WRITE, NULL, NULL);
    vm_access(&st->vm, 2, PAGE + 8, VM_READ, NULL, NULL);
    return vm_access(&st->vm, 1, 1050 * PAGE + 0x456, VM_READ, NULL, NULL);
}

/* Checks the arrows of st's last walk in lo: one a level read (to the
 * table frame it read, its head at the bottom of that frame's cell) and one
 * from the offset to the data frame. Returns the number of arrows. */
static int check_walk_arrows(const struct layout *lo, const struct vm *vm, const char *cs)
{
    const struct vm_step *s = &vm->recent[(vm->t - 1) % VM_RECENT];
    int n = 0;

    for (int i = 0; i < lo->nboxes; i++) {
        const struct lay_box *b = &lo->boxes[i], *f;
        if (b->kind != LAY_ARROW)
            continue;
        n++;
        TEST_MSG(b->a >= -1 && b->a < (int64_t)vm->walk.levels, cs);
        if (b->a < -1 || b->a >= (int64_t)vm->walk.levels)
            continue;
        TEST_MSG(b->b == (b->a < 0 ? s->frame : vm->walk.frame[b->a]), cs);
        f = lx_test_frame(lo, b->b);
        TEST_MSG(f && b->r.y == f->r.y + f->r.h, cs);
        TEST_MSG(f && (b->fill ? b->r.x + b->r.w - 1 : b->r.x) == f->r.x + f->r.w / 2, cs);
        if (b->a >= 0)
            TEST_MSG(f && f->c == b->a + 1, cs); /* A table frame of that level. */
    }
    return n;
}

/* Page tables in frames in a VM view: each table frame's cell marked (c,
 * shaded colour, PT label, a tooltip with its level and VPNs), the legend
 * in the frames' title, the split a field a level and the offset, an arrow
 * a level read and one to the data frame (only that one on a TLB hit);
 * without the layer none of it. */
static void test_vm_ptable(void)
{
    static const int sizes[][2] = {{1280, 800}, {1920, 1080}, {800, 600}};
    static const unsigned shapes[] = {0, 1, 2, 3, 4};

    for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++)
        for (int tlb = 0; tlb <= 1; tlb++)
            for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
                unsigned L = shapes[k];
                struct status st;
                struct lay_view v = view_of(&st, "ptable");
                struct layout lo;
                char cs[96];
                int tables = 0, fields = 0, legend = 0;
                snprintf(cs, sizeof cs, "%u levels, TLB %s, %dx%d", L, tlb ? "on" : "off",
                         sizes[z][0], sizes[z][1]);
                if (lay_built(&lo, &v, &st, ptable_state(&st, L, tlb), sizes[z], cs) < 0)
                    continue;
                for (int i = 0; i < lo.nboxes; i++) {
                    const struct lay_box *b = &lo.boxes[i];
                    char tip[LAY_TEXT_MAX] = "";
                    if (b->kind == LAY_FRAME && b->c > 0) {
                        tables++;
                        TEST_MSG(st.vm.frames[b->a].table == b->c, cs);
                        layout_tip(&lo, b->r.x + b->r.w / 2, b->r.y + 1, tip, sizeof tip);
                        TEST_MSG(strstr(tip, L == 1 ? "linear page table" : "page table, level") &&
                                     strstr(tip, "VPNs 0x"),
                                 tip);
                    }
                    if (b->kind == LAY_FIELD) {
                        char want[48];
                        fields++;
                        TEST_MSG(b->used == (b->a ? 0 : L ? fields : 0), cs);
                        TEST_MSG(tw(b->text) + 4 <= b->r.w, b->text); /* Inside its box. */
                        if (b->used && !tlb) { /* What the walk read with it. */
                            const char *at;
                            snprintf(want, sizeof want, "'s table page at frame %u",
                                     st.vm.walk.frame[b->used - 1]);
                            layout_tip(&lo, b->r.x + b->r.w / 2, b->r.y + 1, tip, sizeof tip);
                            at = strstr(tip, want);
                            TEST_MSG(at && (at[strlen(want)] == ';' || at[strlen(want)] == ' '),
                                     tip);
                        }
                    }
                    legend += b->kind == LAY_TEXT && strstr(b->text, "page-table page") != NULL;
                }
                TEST_MSG(tables == (int)st.vm.table_frames, cs);
                TEST_MSG(L == 0 ? tables == 0 : tables >= (L == 1 ? 4 : (int)L + 3), cs);
                TEST_MSG(legend == (L != 0), cs);
                TEST_MSG(fields == (L ? (int)L + 1 : 2), cs);
                TEST_MSG(check_walk_arrows(&lo, &st.vm, cs) == (L == 0 ? 0
                                                                : tlb  ? 1
                                                                       : (int)L + 1),
                         cs);
                layout_free(&lo);
                status_free(&st);
            }
}

/* Page tables in frames in a bar of columns (4,096 frames, 2 levels, each
 * of four processes touching pages 4 MiB apart: a table page each): a
 * LAY_TABLES band over each column with table frames, counting them, at
 * the top of its column's filled part; their counts add up to the table
 * frames; the legend names them. */
static void test_vm_ptable_columns(void)
{
    struct status st;
    struct lay_view v = view_of(&st, "ptable columns");
    struct layout lo;
    char err[256] = "";
    int64_t sum = 0;
    int bands = 0, legend = 0;

    memset(&st, 0, sizeof st);
    TEST_MSG(status_init(&st, 16, PAGE, PG_FIRST, 0, 65536, SEG_FIRST, err, sizeof err) == 0, err);
    TEST_MSG(vm_init(&st.vm, 4096, PAGE, 64, err, sizeof err) == 0, err);
    st.vm_on = 1;
    TEST(vm_set_address_space(&st.vm, UINT64_C(1) << 32, NULL) == 0 &&
         vm_set_page_table(&st.vm, 2, 0, NULL) == 0);
    for (int64_t pid = 1; pid <= 4; pid++) {
        TEST(vm_alloc(&st.vm, pid, UINT64_C(1) << 30, NULL) == 0);
        for (uint64_t a = 0; a < (UINT64_C(1) << 30); a += UINT64_C(1) << 22)
            TEST(vm_access(&st.vm, pid, a, VM_WRITE, NULL, NULL) == 0);
    }
    TEST(st.vm.table_frames == 4 * 257);
    if (lay(&lo, &v, 1, 1280, 800, "ptable columns") == 0) {
        for (int i = 0; i < lo.nboxes; i++) {
            const struct lay_box *b = &lo.boxes[i], *col;
            int64_t n = 0;
            legend += b->kind == LAY_TEXT && strstr(b->text, "1028 page-table pages") != NULL;
            if (b->kind != LAY_TABLES)
                continue;
            bands++;
            col = lx_test_frame(&lo, b->a);
            for (int64_t f = b->a; f <= b->b; f++)
                n += st.vm.frames[f].table != 0;
            TEST(n > 0 && b->used == n);
            TEST(col && col->kind == LAY_COLUMN && col->a == b->a && col->b == b->b &&
                 b->r.y == col->r.y + col->r.h - col->fill && b->r.h <= col->fill);
            sum += b->used;
        }
        TEST(bands > 0 && sum == st.vm.table_frames);
        TEST(legend == 1);
        TEST(count(&lo, 0, LAY_FRAME) == 0);
        layout_free(&lo);
    }
    status_free(&st);
}

/* ------------------------------------------------------------------------ */
/* The heap */

/* The first box of view 0 of kind k whose bytes start at a, or NULL. */
static const struct lay_box *lx_find_box_test(const struct layout *lo, enum lay_kind k, int64_t a)
{
    for (int i = 0; i < lo->nboxes; i++)
        if (lo->boxes[i].view == 0 && lo->boxes[i].kind == k && lo->boxes[i].a == a)
            return &lo->boxes[i];
    return NULL;
}

/* Plays the operations ops (one a line: "m NAME BYTES [CACHE]", "f NAME",
 * "r NAME BYTES") on h, each checked to do what ok says (0 done, -1
 * refused). */
static void heap_play(struct heap *h, const char *const *ops, size_t n)
{
    struct note note;

    for (size_t i = 0; i < n; i++) {
        char op, name[32] = "", cache[32] = "";
        unsigned long long bytes = 0;
        int k = sscanf(ops[i], "%c %31s %llu %31s", &op, name, &bytes, cache), r;
        if (op == 'm')
            r = heap_malloc(h, name, bytes, k == 4 ? cache : NULL, &note);
        else if (op == 'f')
            r = heap_free(h, name, &note);
        else
            r = heap_realloc(h, name, bytes, &note);
        TEST_MSG(r == 0, ops[i]);
        TEST_VALID(heap_check, h);
    }
}

/* Makes st a state with a heap of bytes under kind (freelist: header 4,
 * align 8, size-ascending order, so that the list's order is not the
 * addresses'; slab: slabs of 512 B, caches of 24 and 200 B; pool: 16 B x
 * 16, 64 B x 8, 256 B x 4) after ops. Returns 0 or -1. */
static int heap_state(struct status *st, enum heap_kind kind, uint64_t bytes,
                      const char *const *ops, size_t n)
{
    struct heap_config c;
    struct note note;
    char err[256] = "";

    if (state_new(st, 16, 65536) < 0)
        return -1;
    heap_config_default(&c, kind);
    if (kind == HEAP_FREELIST) {
        c.header = 4;
        c.align = 8;
        c.order = HEAP_SIZE_UP;
    }
    c.slab_bytes = kind == HEAP_SLAB ? 512 : c.slab_bytes;
    if (heap_init(&st->heap, bytes, &c, err, sizeof err) < 0) {
        TEST_MSG(!"heap_init", err);
        status_free(st);
        return -1;
    }
    st->heap_on = 1;
    if (kind == HEAP_SLAB) {
        TEST(heap_cache_add(&st->heap, "small", 24, &note) == 0);
        TEST(heap_cache_add(&st->heap, "big", 200, &note) == 0);
    } else if (kind == HEAP_POOL) {
        TEST(heap_pool_add(&st->heap, 16, 16, &note) == 0);
        TEST(heap_pool_add(&st->heap, 64, 8, &note) == 0);
        TEST(heap_pool_add(&st->heap, 256, 4, &note) == 0);
    }
    heap_play(&st->heap, ops, n);
    return 0;
}

/* The four heaps of the heap tests: a free list with holes in size order,
 * a buddy heap split four levels deep with free buddies, slabs full,
 * partial and empty, pools part used. */
enum { H_FREELIST, H_BUDDY, H_SLAB, H_POOL, NHEAPS };
static int heap_states(struct status *hs)
{
    static const char *const fl[] = {"m a 10", "m b 100", "m c 30", "m d 200", "m e 8",
                                     "m f 60", "f b",     "f d",    "f f",     "r c 20"};
    static const char *const bu[] = {"m a 100", "m b 20", "m c 200", "m d 40",
                                     "m e 16",  "f b",    "f d",     "r a 120"};
    static const char *const sl[] = {"m s1 20 small", "m s2 24 small", "m s3 10", "m b1 200 big",
                                     "m b2 150 big",  "m b3 180",      "f b3",    "f s2"};
    static const char *const po[] = {"m p1 10", "m p2 16", "m p3 50", "m p4 200", "m p5 3", "f p2"};
    int r = 0;

    r |= heap_state(&hs[H_FREELIST], HEAP_FREELIST, 1000, fl, sizeof fl / sizeof fl[0]);
    r |= heap_state(&hs[H_BUDDY], HEAP_BUDDY, 1024, bu, sizeof bu / sizeof bu[0]);
    r |= heap_state(&hs[H_SLAB], HEAP_SLAB, 4096, sl, sizeof sl / sizeof sl[0]);
    r |= heap_state(&hs[H_POOL], HEAP_POOL, 4096, po, sizeof po / sizeof po[0]);
    return r;
}

/* Each heap alone at every size (the rules: check_heap), and at 1280x800
 * everything there: a block box per block with its header, the holes
 * numbered in the free list's order, the whole tree, every slab. */
static void test_heap_alone(struct status *hs)
{
    static const int sizes[][2] = {{1280, 800}, {1920, 1080}, {800, 600}, {640, 360}, {320, 200}};
    char cs[160];

    for (int k = 0; k < NHEAPS; k++)
        for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
            struct lay_view v = view_of(&hs[k], "heap");
            struct layout lo;
            const struct heap *h = &hs[k].heap;
            snprintf(cs, sizeof cs, "heap %s at %dx%d", heap_kind_name(h->cfg.kind), sizes[z][0],
                     sizes[z][1]);
            if (lay(&lo, &v, 1, sizes[z][0], sizes[z][1], cs) < 0)
                continue;
            if (z < 2) {
                TEST_MSG(count(&lo, 0, LAY_HBLOCK) == (int)h->nblocks, cs);
                if (k == H_FREELIST) {
                    int holes = count(&lo, 0, LAY_HHOLE), headers = 0;
                    for (int i = 0; i < lo.nboxes; i++)
                        headers += lo.boxes[i].kind == LAY_HPART && lo.boxes[i].c == 0;
                    TEST_MSG(holes == (int)h->nlist && headers == (int)h->nblocks, cs);
                    TEST_MSG(view_says(&lo, 0, "Free list (size-up order"), cs);
                }
                if (k == H_BUDDY)
                    TEST_MSG(count(&lo, 0, LAY_HNODE) >= (int)h->nblocks + 4, cs);
                if (k == H_SLAB)
                    TEST_MSG(count(&lo, 0, LAY_HSLAB) == (int)h->nslabs, cs);
                if (k == H_POOL)
                    TEST_MSG(count(&lo, 0, LAY_HSLOT) == 16 + 8 + 4, cs);
                TEST_MSG(view_says(&lo, 0, "Last heap operation:"), cs);
            }
            layout_free(&lo);
        }
}

/* The free list's holes, by hand: in size-ascending order the smallest
 * hole is #1 whatever its address; the tooltips say the block's header,
 * size and padding (10 B aligned to 16, with a header of 4: 20 B). */
static void test_heap_freelist(const struct status *st)
{
    struct lay_view v = view_of(st, "fl");
    const struct heap *h = &st->heap;
    struct layout lo;
    char tip[LAY_TEXT_MAX];

    if (lay(&lo, &v, 1, 1280, 800, "freelist by hand") < 0)
        return;
    for (size_t i = 0; i < h->nlist; i++) {
        const struct lay_box *b = lx_find_box_test(&lo, LAY_HHOLE, (int64_t)h->list[i].addr);
        char num[24];
        int shown = 0;
        TEST(b && b->c == (int64_t)i + 1);
        TEST(i == 0 || h->list[i].size >= h->list[i - 1].size);
        /* Its position on it, or (too narrow) under it. */
        snprintf(num, sizeof num, "%zu", i + 1);
        for (int k = 0; b && k < lo.nboxes; k++) {
            const struct lay_box *t = &lo.boxes[k];
            int mid = t->r.x + t->r.w / 2;
            shown |= t->kind == LAY_TEXT && strcmp(t->text, num) == 0 && t->r.y > b->r.y &&
                     mid >= b->r.x - 1 && mid <= b->r.x + b->r.w + 1;
        }
        TEST_MSG(b && (shown || strcmp(b->text, num) == 0 || b->text[0] == '#'), num);
    }
    const struct heap_block *a = heap_find(h, "a");
    const struct lay_box *b = lx_find_box_test(&lo, LAY_HBLOCK, a ? (int64_t)a->addr : -1);
    /* Its middle is in the bytes asked for (its header and padding have tips of their own). */
    TEST(a && b && layout_tip(&lo, b->r.x + b->r.w / 2, b->r.y + 1, tip, sizeof tip));
    TEST_MSG(a && strstr(tip, "block a") && strstr(tip, "header 4 B") && strstr(tip, "size 10 B") &&
                 strstr(tip, "padding 6 B"),
             tip);
    layout_free(&lo);
}

/* The bottom edge of view 0's lowest box of kind k (-1: none). */
static int bottom_of(const struct layout *lo, enum lay_kind k)
{
    int y = -1;

    for (int i = 0; i < lo->nboxes; i++)
        if (lo->boxes[i].view == 0 && lo->boxes[i].kind == k &&
            lo->boxes[i].r.y + lo->boxes[i].r.h > y)
            y = lo->boxes[i].r.y + lo->boxes[i].r.h;
    return y;
}

/* The heap's part sits below the segment bar, and below the VM view when
 * virtual memory is on too; both stay there in full. */
static void test_heap_below(void)
{
    static const char *const ops[] = {"m a 100", "m b 20", "f a"};
    struct status st;
    struct layout lo;
    char err[256] = "";

    if (heap_state(&st, HEAP_BUDDY, 1024, ops, 3) < 0)
        return;
    seg_add(&st, "code", 3000);
    seg_add(&st, "heap", 900);
    struct lay_view v = view_of(&st, "segs and heap");
    if (lay(&lo, &v, 1, 1280, 800, "segments and heap") == 0) {
        const struct lay_box *b = nth(&lo, 0, LAY_HBLOCK, 0), *n = nth(&lo, 0, LAY_HNODE, 0);
        TEST(count(&lo, 0, LAY_SEGMENT) == 2 && b && n);
        TEST(b && n && n->r.y > bottom_of(&lo, LAY_SEGMENT) && b->r.y > n->r.y);
        layout_free(&lo);
    }
    TEST_MSG(vm_init(&st.vm, 8, PAGE, 8, err, sizeof err) == 0, err);
    st.vm_on = 1;
    TEST(vm_alloc(&st.vm, 1, 3 * PAGE, NULL) == 0);
    TEST(vm_access(&st.vm, 1, 10, 1, NULL, NULL) == 0);
    v = view_of(&st, "vm and heap");
    if (lay(&lo, &v, 1, 1280, 800, "vm and heap") == 0) {
        const struct lay_box *b = nth(&lo, 0, LAY_HBLOCK, 0);
        TEST(count(&lo, 0, LAY_FRAME) == 8 && count(&lo, 0, LAY_HBLOCK) == 1);
        TEST(b && b->r.y > bottom_of(&lo, LAY_FRAME) && b->r.y > bottom_of(&lo, LAY_SEGMENT));
        layout_free(&lo);
    }
    status_free(&st);
}

/* A free list of 64 KiB with 1500 blocks of 20 B (4 of header, 4 of
 * padding) and every third freed: more items than pixels at 640 wide, so
 * items are pushed along and thin ones dropped, each part still cut to its
 * block's box (check_heap), no more bar boxes than pixels. */
static void test_heap_many(void)
{
    static char names[1500][24];
    static const char *ops[2000];
    struct status st;
    struct layout lo;
    size_t n = 0;

    for (int i = 0; i < 1500; i++) {
        snprintf(names[i], sizeof names[i], "m b%d 12", i);
        ops[n++] = names[i];
    }
    for (int i = 0; i < 1500; i += 3) {
        static char frees[500][24];
        snprintf(frees[i / 3], sizeof frees[i / 3], "f b%d", i);
        ops[n++] = frees[i / 3];
    }
    if (heap_state(&st, HEAP_FREELIST, 65536, ops, n) < 0)
        return;
    TEST(st.heap.nblocks == 1000 && st.heap.nlist > 400);
    struct lay_view v = view_of(&st, "many");
    for (int w = 640; w <= 1920; w += 640)
        if (lay(&lo, &v, 1, w, w * 5 / 8, "1000 blocks") == 0) {
            int nbar = count(&lo, 0, LAY_HBLOCK) + count(&lo, 0, LAY_HHOLE);
            TEST(nbar > 0 && nbar <= w);
            layout_free(&lo);
        }
    status_free(&st);
}

/* Four heaps of the same workload's kinds stacked (compare mode): one
 * scale, so the 1000-byte free list's bar is 1000/4096 of the 4096-byte
 * heaps', and equal heaps' bytes line up. */
static void test_heap_compare(const struct status *hs)
{
    struct lay_view views[NHEAPS];
    struct layout lo;
    int ends[NHEAPS] = {0};

    for (int k = 0; k < NHEAPS; k++)
        views[k] = view_of(&hs[k], "cmp");
    if (lay(&lo, views, NHEAPS, 1280, 800, "heap compare") < 0)
        return;
    for (int i = 0; i < lo.nboxes; i++) {
        const struct lay_box *b = &lo.boxes[i];
        if (b->kind == LAY_HBLOCK || b->kind == LAY_HHOLE)
            ends[b->view] = b->r.x + b->r.w;
    }
    TEST(ends[H_SLAB] == heap_x(&lo, 4096, 4096) && ends[H_POOL] == ends[H_SLAB]);
    TEST(abs(ends[H_FREELIST] - heap_x(&lo, 4096, 1000)) <= 1);
    TEST(abs(ends[H_BUDDY] - heap_x(&lo, 4096, 1024)) <= 1);
    layout_free(&lo);
}

int main(void)
{
    static struct vm_snap snaps[VMS_N][VMS_SNAPS];
    struct status states[NSTATES], vs[VMS_N];

    test_colours();
    test_scaling();
    test_wrap();
    test_free();
    test_owns();
    test_long_text();
    test_main_owner();
    test_all_owners();
    test_compare();
    test_compare_full();
    test_compare_segments();
    test_more();
    if (make_states(states) == 0) {
        test_matrix(states);
        test_one_frame(&states[S_ONE]);
        test_sixteen(&states[S_SIXTEEN]);
        test_thousand(&states[S_THOUSAND]);
        test_million(&states[S_MILLION]);
        test_random(&states[S_RANDOM]);
        test_banner(states);
        test_tips(states);
        test_translation(states);
        test_negative(states);
        test_checker(states);
        if (vms_build(vs, snaps) == 0) {
            test_vm_matrix(vs, states);
            test_vm_exam(vs, snaps);
            test_vm_folds(vs);
            test_vm_chart(vs);
            test_vm_off(vs);
        }
        vms_free(vs);
    }
    free_states(states);
    test_half_columns();
    test_segment_scale();
    test_tiny_segment();
    test_age();
    test_vm_tips();
    test_vm_tlb();
    test_vm_prot();
    test_vm_ptable();
    test_vm_ptable_columns();
    struct status hs[NHEAPS];
    memset(hs, 0, sizeof hs);
    if (heap_states(hs) == 0) {
        test_heap_alone(hs);
        test_heap_freelist(&hs[H_FREELIST]);
        test_heap_compare(hs);
        test_heap_below();
        test_heap_many();
    }
    for (int k = 0; k < NHEAPS; k++)
        status_free(&hs[k]);
    return TEST_DONE();
}
