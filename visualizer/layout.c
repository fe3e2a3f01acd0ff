/* layout.c: status files + window size -> boxes. Pure; see layout.h. */
#include "layout.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "num.h"

/* What every helper needs while one layout is being made. */
struct lctx {
    struct layout *lo;
    lay_measure measure;
    void *mctx;
    int lh;     /* Line height. */
    int failed; /* Out of memory. */
    int dry;    /* 1: only measuring; add() adds nothing. */
};

/* A size from config.h (given for a ref_line_h line), scaled to this text. */
static int S(const struct lctx *c, int px)
{
    return px * c->lh / ref_line_h;
}

int layout_font_px(int w, int h, int nviews, double scale)
{
    int e = h < w * 5 / 8 ? h : w * 5 / 8, px;

    if (nviews < 1)
        nviews = 1;
    px = e <= 800 ? font_px : font_px + (e - 800) / font_grow_px;
    /* Stacked views: each keeps room for view_lines lines. */
    if (nviews > 1 && px > h / nviews / view_lines)
        px = h / nviews / view_lines < font_px_min ? font_px_min : h / nviews / view_lines;
    if (!(scale > 0))
        scale = 1;
    if (scale < scale_min)
        scale = scale_min;
    if (scale > scale_max)
        scale = scale_max;
    px = (int)(px * scale + 0.5);
    return px < 6 ? 6 : px > font_px_max ? font_px_max : px;
}

char *layout_age(long age_s, char *buf, size_t len)
{
    if (age_s < stale_after_s)
        snprintf(buf, len, "%s", "");
    else if (age_s < 60)
        snprintf(buf, len, "%ld s", age_s / 5 * 5); /* Redraw every 5 s, not every second. */
    else if (age_s < 3600)
        snprintf(buf, len, "%ld min", age_s / 60);
    else
        snprintf(buf, len, "%ld h", age_s / 3600);
    return buf;
}

uint32_t layout_pid_colour(int64_t pid)
{
    return palette[(uint64_t)(pid > 0 ? pid - 1 : 0) % PALETTE_N];
}

uint32_t layout_seg_colour(int id)
{
    /* Start at sky blue so segment 0 and process 1 differ at a glance. */
    return palette[(unsigned)(id + 1) % PALETTE_N];
}

/* Appends a box; returns it (zeroed but for the given fields), or NULL. */
static struct lay_box *add(struct lctx *c, enum lay_kind kind, int view, int x, int y, int w, int h,
                           uint32_t colour)
{
    struct layout *lo = c->lo;
    struct lay_box *b;

    if (c->failed || c->dry)
        return NULL;
    if (lo->nboxes == lo->cap) {
        int cap = lo->cap ? lo->cap * 2 : 256;
        struct lay_box *nb = realloc(lo->boxes, (size_t)cap * sizeof *nb);
        if (!nb) {
            c->failed = 1;
            return NULL;
        }
        lo->boxes = nb;
        lo->cap = cap;
    }
    b = &lo->boxes[lo->nboxes++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->view = view;
    b->r.x = x;
    b->r.y = y;
    b->r.w = w < 0 ? 0 : w;
    b->r.h = h < 0 ? 0 : h;
    b->colour = colour;
    b->text_colour = col_text;
    return b;
}

/* Gives box b (the one add() returned last) a tooltip, copied into the
 * layout's own tips. On out of memory marks the layout failed. */
static void set_tip(struct lctx *c, struct lay_box *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void set_tip(struct lctx *c, struct lay_box *b, const char *fmt, ...)
{
    struct layout *lo = c->lo;
    char s[LAY_TEXT_MAX];
    size_t n;
    va_list ap;

    if (!b || c->failed)
        return;
    va_start(ap, fmt);
    vsnprintf(s, sizeof s, fmt, ap);
    va_end(ap);
    n = strlen(s) + 1;
    if (lo->tips_len + n > lo->tips_cap) {
        size_t cap = lo->tips_cap ? lo->tips_cap : 4096;
        char *nt;
        while (cap < lo->tips_len + n)
            cap *= 2;
        nt = realloc(lo->tips, cap);
        if (!nt) {
            c->failed = 1;
            return;
        }
        lo->tips = nt;
        lo->tips_cap = cap;
    }
    if (lo->tips_len == 0)
        lo->tips[lo->tips_len++] = '\0'; /* Offset 0 is "no tip". */
    memcpy(lo->tips + lo->tips_len, s, n);
    b->tip = lo->tips_len;
    lo->tips_len += n;
}

static int text_w(struct lctx *c, const char *s)
{
    int w = 0, h = 0;

    c->measure(c->mctx, s, &w, &h);
    return w;
}

/* Cuts s (in place, capacity LAY_TEXT_MAX) so it fits in maxw pixels,
 * ending in "..." when cut. Returns its width. */
static int fit(struct lctx *c, char *s, int maxw)
{
    size_t lo = 0, hi = strlen(s), keep;
    char tmp[LAY_TEXT_MAX];
    int w = text_w(c, s);

    if (w <= maxw)
        return w;
    /* Longest prefix that fits with "...": binary search on its length. */
    while (lo < hi) {
        size_t mid = (lo + hi + 1) / 2;
        snprintf(tmp, sizeof tmp, "%.*s...", (int)mid, s);
        if (text_w(c, tmp) <= maxw)
            lo = mid;
        else
            hi = mid - 1;
    }
    keep = lo;
    if (keep == 0) {
        s[0] = '\0';
        return 0;
    }
    snprintf(tmp, sizeof tmp, "%.*s...", (int)keep, s);
    memcpy(s, tmp, strlen(tmp) + 1);
    return text_w(c, s);
}

/* Adds a line of text at (x, y), cut to maxw. Returns its width. */
static int text(struct lctx *c, int view, int x, int y, int maxw, uint32_t colour, const char *fmt,
                ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;

static int text(struct lctx *c, int view, int x, int y, int maxw, uint32_t colour, const char *fmt,
                ...)
{
    char s[LAY_TEXT_MAX];
    struct lay_box *b;
    va_list ap;
    int w;

    va_start(ap, fmt);
    vsnprintf(s, sizeof s, fmt, ap);
    va_end(ap);
    w = fit(c, s, maxw);
    if (w == 0)
        return 0;
    b = add(c, LAY_TEXT, view, x, y, w, c->lh, colour);
    if (b) {
        b->text_colour = colour;
        memcpy(b->text, s, strlen(s) + 1);
    }
    return w;
}

/* Pixel offset of item i of n spread over width w. */
static int at(int64_t i, int64_t n, int w)
{
    return (int)(i * w / n);
}

/* Returns the height showing `used` of `count` frames in a column h pixels
 * tall; at least 1 when anything is used, so nothing hides. */
static int column_fill(int64_t used, int64_t count, int h)
{
    int f = (int)(used * h / count);

    return used && f == 0 ? 1 : f;
}

/* Counting the owners of one column: a small open-addressing table sized
 * for the column, cleared through the list of slots it used. */
struct tally {
    int32_t *key; /* pid, 0 = empty. */
    int64_t *count;
    uint32_t *used; /* Slots in use, to clear them. */
    uint32_t mask, nused;
};

static int tally_init(struct tally *t, int64_t span)
{
    uint32_t size = 16;

    while (size < 2 * span)
        size *= 2;
    t->key = calloc(size, sizeof *t->key);
    t->count = calloc(size, sizeof *t->count);
    t->used = calloc(size, sizeof *t->used);
    t->mask = size - 1;
    t->nused = 0;
    return t->key && t->count && t->used ? 0 : -1;
}

static void tally_free(struct tally *t)
{
    free(t->key);
    free(t->count);
    free(t->used);
}

/* Counts one frame of pid. */
static void tally_add(struct tally *t, int32_t pid)
{
    uint32_t i = ((uint32_t)pid * 2654435761u) & t->mask;

    while (t->key[i] && t->key[i] != pid)
        i = (i + 1) & t->mask;
    if (!t->key[i]) {
        t->key[i] = pid;
        t->used[t->nused++] = i;
    }
    t->count[i]++;
}

/* Returns the pid counted most often (ties to the lowest pid) and clears
 * the table. */
static int32_t tally_take(struct tally *t)
{
    int32_t best = 0;
    int64_t best_n = 0;

    for (uint32_t k = 0; k < t->nused; k++) {
        uint32_t i = t->used[k];
        if (t->count[i] > best_n || (t->count[i] == best_n && t->key[i] < best)) {
            best_n = t->count[i];
            best = t->key[i];
        }
        t->key[i] = 0;
        t->count[i] = 0;
    }
    t->nused = 0;
    return best;
}

/* The frame bar: one cell per frame when cells are at least cell_min_px
 * wide, else columns that each summarise a range of frames. */
static void frame_bar(struct lctx *c, int view, const struct paging *pg, int x, int y, int w, int h)
{
    int64_t n = pg->nframes;
    char lab[32];

    if (w < 1 || h < 1)
        return;
    if ((int64_t)w >= n * cell_min_px) {
        for (int64_t f = 0; f < n; f++) {
            const struct pg_frame *fr = &pg->frames[f];
            int x0 = x + at(f, n, w), x1 = x + at(f + 1, n, w);
            struct lay_box *b = add(c, LAY_FRAME, view, x0, y, x1 - x0, h,
                                    fr->pid ? layout_pid_colour(fr->pid) : col_free);
            uint64_t ps = pg->page_size, lo_addr = (uint64_t)f * ps;
            if (!b)
                return;
            b->a = b->b = f;
            if (fr->pid)
                set_tip(c, b, "frame %lld: P%ld page %u, physical %llu-%llu", (long long)f,
                        (long)fr->pid, fr->page, (unsigned long long)lo_addr,
                        (unsigned long long)(lo_addr + ps - 1));
            else
                set_tip(c, b, "frame %lld: free, physical %llu-%llu", (long long)f,
                        (unsigned long long)lo_addr, (unsigned long long)(lo_addr + ps - 1));
            if (!fr->pid)
                continue;
            snprintf(lab, sizeof lab, "%ld:%u", (long)fr->pid, fr->page);
            if (text_w(c, lab) + 4 > x1 - x0) {
                snprintf(lab, sizeof lab, "%ld", (long)fr->pid);
                if (text_w(c, lab) + 4 > x1 - x0)
                    continue;
            }
            if (c->lh <= h)
                memcpy(b->text, lab, strlen(lab) + 1);
        }
        return;
    }
    /* Columns: each covers frames [f0, f1]; its colour is the process that
     * holds most of them (ties to the lowest pid), its filled height the
     * share of them in use. */
    int64_t ncols = n < w ? n : w, span_max = (n + ncols - 1) / ncols + 1;
    struct tally t;

    if (tally_init(&t, span_max) < 0) {
        tally_free(&t);
        c->failed = 1;
        return;
    }
    for (int64_t col = 0; col < ncols; col++) {
        int64_t f0 = col * n / ncols, f1 = (col + 1) * n / ncols - 1, used = 0;
        int32_t owner = 0;
        int x0 = x + at(col, ncols, w), x1 = x + at(col + 1, ncols, w);
        struct lay_box *b;

        for (int64_t f = f0; f <= f1; f++) {
            int32_t pid = pg->frames[f].pid;
            if (pid) {
                used++;
                tally_add(&t, pid);
            }
        }
        owner = tally_take(&t);
        b = add(c, LAY_COLUMN, view, x0, y, x1 - x0, h, used ? layout_pid_colour(owner) : col_free);
        if (!b)
            break;
        b->a = f0;
        b->b = f1;
        b->used = used;
        b->fill = column_fill(used, f1 - f0 + 1, h);
        set_tip(c, b, "frames %lld-%lld: %lld used, %lld free", (long long)f0, (long long)f1,
                (long long)used, (long long)(f1 - f0 + 1 - used));
    }
    tally_free(&t);
}

/* Frame numbers under the bar, as many as fit without touching. */
static void frame_ticks(struct lctx *c, int view, int64_t n, int x, int y, int w)
{
    char lab[24];
    int64_t step = 1;
    int need;

    snprintf(lab, sizeof lab, "%lld", (long long)(n - 1));
    need = text_w(c, lab) + S(c, 12);
    for (int64_t m = 1;; m *= 10) {
        if (at(m, n, w) >= need) {
            step = m;
            break;
        }
        if (at(2 * m, n, w) >= need) {
            step = 2 * m;
            break;
        }
        if (at(5 * m, n, w) >= need || 5 * m >= n) {
            step = 5 * m;
            break;
        }
    }
    for (int64_t f = 0; f < n; f += step) {
        int tx = x + at(f, n, w), tw;
        struct lay_box *b;
        snprintf(lab, sizeof lab, "%lld", (long long)f);
        tw = text_w(c, lab);
        if (tx + tw > x + w)
            break;
        b = add(c, LAY_TICK, view, tx, y, c->lh >= 24 ? 2 : 1, S(c, 4), col_dim);
        if (b)
            b->a = f;
        text(c, view, tx, y + S(c, 4), tw, col_dim, "%s", lab);
    }
}

/* The legend: a swatch and the figures of each process, in rows. Returns
 * the height used. */
static int legend(struct lctx *c, int view, const struct paging *pg, int x, int y, int w, int rows)
{
    int cx = x, row = 0, sw = c->lh - 4, last_cx = x;
    char s[LAY_TEXT_MAX];

    if (pg->nprocs == 0) {
        text(c, view, x, y, w, col_dim, "No processes: every frame is free.");
        return c->lh;
    }
    for (size_t i = 0; i < pg->nprocs; i++) {
        const struct pg_process *p = &pg->procs[i];
        int tw, need;
        snprintf(s, sizeof s, "P%ld  %u page%s, %llu B, internal frag. %llu B", (long)p->pid,
                 p->npages, p->npages == 1 ? "" : "s", (unsigned long long)p->bytes,
                 (unsigned long long)pg_internal_frag(pg, p));
        tw = text_w(c, s);
        need = sw + S(c, 4) + tw + S(c, 18);
        if (cx > x && cx + need > x + w) {
            row++;
            cx = x;
        }
        /* On the last row, keep room for "+N more" unless this is the last. */
        if (row >= rows || (row == rows - 1 && i + 1 < pg->nprocs)) {
            char more[48];
            snprintf(more, sizeof more, "+%zu more", pg->nprocs - i);
            if (row >= rows || cx + need + text_w(c, more) + S(c, 8) > x + w) {
                if (row >= rows) {
                    row = rows - 1;
                    cx = last_cx;
                }
                text(c, view, cx, y + row * c->lh, x + w - cx, col_dim, "%s", more);
                break;
            }
        }
        struct lay_box *b =
            add(c, LAY_SWATCH, view, cx, y + row * c->lh + 2, sw, sw, layout_pid_colour(p->pid));
        if (b)
            b->a = p->pid;
        set_tip(c, b, "P%ld: %llu B in %u pages, internal fragmentation %llu B", (long)p->pid,
                (unsigned long long)p->bytes, p->npages,
                (unsigned long long)pg_internal_frag(pg, p));
        text(c, view, cx + sw + S(c, 4), y + row * c->lh, x + w - cx - sw - S(c, 4), col_text, "%s",
             s);
        cx += need;
        last_cx = cx;
    }
    return (row + 1) * c->lh;
}

/* One block of the segment bar, in address order. */
struct block {
    int is_seg;
    int id;
    uint64_t base, size;
};

/* The segment bar, to scale: segments and holes in address order, each at
 * least one pixel wide and never overlapping its neighbours. */
static void seg_bar(struct lctx *c, int view, const struct segmem *sm, int x, int y, int w, int h)
{
    struct block blk[SEG_MAX + SEG_MAX_HOLES];
    struct hole holes[SEG_MAX_HOLES];
    int ids[SEG_MAX], m = 0, prev_end = x;
    unsigned ns = seg_by_address(sm, ids), nh = seg_holes(sm, holes), i = 0, j = 0;
    char l1[LAY_TEXT_MAX], l2[LAY_TEXT_MAX];

    if (w < 1 || h < 1)
        return;
    while (i < ns || j < nh) {
        if (j >= nh || (i < ns && sm->seg[ids[i]].base < holes[j].base)) {
            blk[m++] = (struct block){1, ids[i], sm->seg[ids[i]].base, sm->seg[ids[i]].limit};
            i++;
        } else {
            blk[m++] = (struct block){0, -1, holes[j].base, holes[j].size};
            j++;
        }
    }
    for (int k = 0; k < m; k++) {
        int x0 = x + (int)((double)blk[k].base / (double)sm->size * w);
        int x1 = x + (int)((double)(blk[k].base + blk[k].size) / (double)sm->size * w);
        struct lay_box *b;
        if (x0 < prev_end)
            x0 = prev_end;
        if (x1 < x0 + 1)
            x1 = x0 + 1;
        if (x1 > x + w - (m - 1 - k))
            x1 = x + w - (m - 1 - k);
        if (x0 > x1 - 1)
            x0 = x1 - 1;
        prev_end = x1;
        b = add(c, blk[k].is_seg ? LAY_SEGMENT : LAY_HOLE, view, x0, y, x1 - x0, h,
                blk[k].is_seg ? layout_seg_colour(blk[k].id) : col_hole);
        if (!b)
            return;
        b->a = blk[k].is_seg ? blk[k].id : (int64_t)blk[k].base;
        b->b = blk[k].is_seg ? blk[k].id : (int64_t)(blk[k].base + blk[k].size);
        if (blk[k].is_seg)
            set_tip(c, b, "segment %d %s: base %llu, limit %llu, last byte %llu", blk[k].id,
                    sm->seg[blk[k].id].name, (unsigned long long)blk[k].base,
                    (unsigned long long)blk[k].size,
                    (unsigned long long)(blk[k].base + blk[k].size - 1));
        else
            set_tip(c, b, "hole %llu-%llu: %llu B free", (unsigned long long)blk[k].base,
                    (unsigned long long)(blk[k].base + blk[k].size - 1),
                    (unsigned long long)blk[k].size);

        /* Labels: the longest that fits, on two lines when the bar is tall. */
        int room = x1 - x0 - 6, two = h >= 2 * c->lh + 4;
        if (blk[k].is_seg) {
            const struct segment *s = &sm->seg[blk[k].id];
            snprintf(l1, sizeof l1, "%d %s", blk[k].id, s->name);
            snprintf(l2, sizeof l2, "base %llu, limit %llu", (unsigned long long)s->base,
                     (unsigned long long)s->limit);
            if (!two || text_w(c, l2) > room) {
                snprintf(l2, sizeof l2, "%llu+%llu", (unsigned long long)s->base,
                         (unsigned long long)s->limit);
                if (!two || text_w(c, l2) > room)
                    l2[0] = '\0';
            }
            if (text_w(c, l1) > room) {
                snprintf(l1, sizeof l1, "%d", blk[k].id);
                l2[0] = '\0';
            }
        } else {
            snprintf(l1, sizeof l1, "hole %llu B", (unsigned long long)blk[k].size);
            if (text_w(c, l1) > room)
                snprintf(l1, sizeof l1, "%llu", (unsigned long long)blk[k].size);
            l2[0] = '\0';
        }
        if (text_w(c, l1) > room || c->lh > h)
            continue;
        int ly = y + (h - (l2[0] ? 2 : 1) * c->lh) / 2;
        uint32_t tc = blk[k].is_seg ? col_text : col_dim;
        text(c, view, x0 + 3, ly, room, tc, "%s", l1);
        if (l2[0])
            text(c, view, x0 + 3, ly + c->lh, room, tc, "%s", l2);
    }
}

/* The segment legend: each live segment by address, with its colour, base,
 * limit and last byte, so narrow blocks can still be read. Returns the
 * height used. */
static int seg_legend(struct lctx *c, int view, const struct segmem *sm, int x, int y, int w,
                      int rows)
{
    int ids[SEG_MAX], cx = x, row = 0, sw = c->lh - 4;
    unsigned n = seg_by_address(sm, ids);
    char s[LAY_TEXT_MAX];

    if (n == 0) {
        text(c, view, x, y, w, col_dim, "No segments: the whole segment memory is one hole.");
        return c->lh;
    }
    for (unsigned i = 0; i < n; i++) {
        const struct segment *g = &sm->seg[ids[i]];
        int need;
        struct lay_box *b;
        snprintf(s, sizeof s, "%d %s  base %llu, limit %llu (bytes %llu-%llu)", ids[i], g->name,
                 (unsigned long long)g->base, (unsigned long long)g->limit,
                 (unsigned long long)g->base, (unsigned long long)(g->base + g->limit - 1));
        need = sw + S(c, 4) + text_w(c, s) + S(c, 18);
        if (cx > x && cx + need > x + w) {
            row++;
            cx = x;
        }
        if (row >= rows)
            break;
        b = add(c, LAY_SWATCH, view, cx, y + row * c->lh + 2, sw, sw, layout_seg_colour(ids[i]));
        if (b)
            b->a = -1 - ids[i]; /* Negative: a segment, not a process. */
        set_tip(c, b, "segment %d %s: base %llu, limit %llu, last byte %llu", ids[i], g->name,
                (unsigned long long)g->base, (unsigned long long)g->limit,
                (unsigned long long)(g->base + g->limit - 1));
        text(c, view, cx + sw + S(c, 4), y + row * c->lh, x + w - cx - sw - S(c, 4), col_text, "%s",
             s);
        cx += need;
    }
    return (row + 1) * c->lh;
}

/* Adds text s on up to maxlines lines from (x, y), each at most w wide, cut
 * between words; when it does not all fit, the last line ends in "..." and
 * each line's tooltip holds the whole text. Returns the lines used. */
static int wrapped(struct lctx *c, int view, int x, int y, int w, int maxlines, uint32_t colour,
                   const char *prefix, const char *text_)
{
    char all[NOTE_MAX + 32], line[LAY_TEXT_MAX];
    const char *s = all;
    int n = 0, first = c->lo->nboxes, cut = 0;

    snprintf(all, sizeof all, "%s%s", prefix, text_);
    while (*s && n < maxlines) {
        size_t len = strlen(s), keep = 0;
        if (n + 1 == maxlines) {
            keep = len; /* The last line: text() cuts it with "...". */
        } else {
            for (size_t k = 1; k <= len && k < sizeof line; k++) {
                if (s[k] != ' ' && s[k] != '\0')
                    continue;
                snprintf(line, sizeof line, "%.*s", (int)k, s);
                if (text_w(c, line) > w)
                    break;
                keep = k;
            }
            if (keep == 0)
                keep = len; /* One word wider than w: cut it. */
        }
        snprintf(line, sizeof line, "%.*s", (int)keep, s);
        cut |= strlen(line) < keep;
        text(c, view, x, y + n * c->lh, w, colour, "%s", line);
        n++;
        s += keep;
        while (*s == ' ')
            s++;
    }
    /* Cut short (a line ends in "..." or words are left): hovering says all. */
    cut |= *s != '\0';
    for (int i = first; i < c->lo->nboxes; i++)
        cut |= strstr(c->lo->boxes[i].text, "...") != NULL;
    for (int i = first; cut && i < c->lo->nboxes; i++)
        set_tip(c, &c->lo->boxes[i], "%s", all);
    return n;
}

/* Lays out one view in the band y0 .. y0+vh-1: the header (file, settings,
 * last event and why), then the frames and the segments. */
static void one_view(struct lctx *c, int vi, const struct lay_view *v, int nviews, int x0, int y0,
                     int vw, int vh)
{
    const struct status *st = v->st;
    int lh = c->lh, m = S(c, margin), gap = m / 2, x = x0 + m, w = vw - 2 * m, y = y0 + gap;
    int bottom = y0 + vh - gap, single = nviews == 1;
    char total[32], age[48] = "";
    struct lay_box *b;

    add(c, LAY_PANEL, vi, x0, y0, vw, vh, col_panel);
    if (v->banner) {
        b = add(c, LAY_BANNER, vi, x0, y, vw, lh + S(c, 8),
                v->banner_is_error ? col_error : col_info);
        if (b) {
            b->text_colour = col_banner_text;
            snprintf(b->text, sizeof b->text, "%s", v->banner);
            fit(c, b->text, vw - 2 * m);
        }
        y += lh + S(c, 12);
    }
    if (!st)
        return;
    if (v->age_s >= stale_after_s) {
        char ago[24];
        snprintf(age, sizeof age, "   last change %s ago", layout_age(v->age_s, ago, sizeof ago));
    }
    text(c, vi, x, y, w, col_dim, "%s   seq %llu%s", v->path, (unsigned long long)st->seq, age);
    y += lh;
    text(c, vi, x, y, w, col_text,
         "Paging: %u frames x %llu B = %s, frame policy %s      Segmentation: %llu B, fit %s",
         st->pg.nframes, (unsigned long long)st->pg.page_size,
         num_bytes((uint64_t)st->pg.nframes * st->pg.page_size, total, sizeof total),
         pg_policy_name(st->pg.policy), (unsigned long long)st->sm.size, seg_fit_name(st->sm.fit));
    y += lh;
    y += lh * wrapped(c, vi, x, y, w, single ? 2 : 1, st->refused ? col_refused : col_text,
                      st->refused ? "Refused: " : "Last: ", st->last.what);
    if (st->last.why[0])
        y += lh * wrapped(c, vi, x, y, w, single ? 2 : 1, col_dim, "Why: ", st->last.why);
    /* A line added here (a translation, a caption) takes its height from the bars. */

    /* The legends take the rows they need; the bars share what is left, the
     * frame bar a little more than the segment bar. */
    struct seg_stats ss;
    int legend_h, seg_legend_h;
    seg_stats(&st->sm, &ss);
    c->dry = 1;
    legend_h = legend(c, vi, &st->pg, x, 0, w, single ? legend_rows_max : 1);
    seg_legend_h = seg_legend(c, vi, &st->sm, x, 0, w, single ? 2 : 1);
    c->dry = 0;
    int fixed = lh /* "Frames" */ + lh + S(c, 4) /* ticks */ + legend_h + lh /* "Segments" */ +
                lh /* seg stats */ + seg_legend_h + 5 * gap + 2;
    int avail = bottom - y - fixed;
    int fh = avail * 11 / 20 > S(c, frame_bar_min) ? avail * 11 / 20 : S(c, frame_bar_min);
    int sh = avail - fh > S(c, seg_bar_min) ? avail - fh : S(c, seg_bar_min);

    y += gap;
    text(c, vi, x, y, w, col_text, "Frames (%u used, %u free; internal fragmentation %llu B)%s",
         st->pg.nframes - st->pg.nfree, st->pg.nfree,
         (unsigned long long)pg_total_internal_frag(&st->pg),
         (int64_t)w >= (int64_t)st->pg.nframes * cell_min_px
             ? "   a cell shows process:page"
             : "   each column: height = share of its frames in use, colour = main owner");
    y += lh;
    frame_bar(c, vi, &st->pg, x, y, w, fh);
    y += fh;
    frame_ticks(c, vi, st->pg.nframes, x, y, w);
    y += lh + S(c, 4) + gap;
    y += legend(c, vi, &st->pg, x, y, w, single ? legend_rows_max : 1) + gap;

    text(c, vi, x, y, w, col_text, "Segments (%u of %d)", ss.nsegs, SEG_MAX);
    y += lh;
    seg_bar(c, vi, &st->sm, x, y, w, sh);
    y += sh + 2;
    if (ss.free)
        text(c, vi, x, y, w, col_dim,
             "used %llu B, free %llu B in %u hole%s, largest hole %llu B, external "
             "fragmentation %.1f%%",
             (unsigned long long)ss.used, (unsigned long long)ss.free, ss.nholes,
             ss.nholes == 1 ? "" : "s", (unsigned long long)ss.largest, ss.ext_frag * 100.0);
    else
        text(c, vi, x, y, w, col_dim, "used %llu B, no free space", (unsigned long long)ss.used);
    y += lh + gap;
    seg_legend(c, vi, &st->sm, x, y, w, single ? 2 : 1);
}

/* Drops what falls outside the window or its view's band; clips bars. */
static void clip(struct layout *lo, const int *band_y, const int *band_h)
{
    int k = 0;

    for (int i = 0; i < lo->nboxes; i++) {
        struct lay_box b = lo->boxes[i];
        int top = band_y[b.view], bot = band_y[b.view] + band_h[b.view];
        int x1 = b.r.x + b.r.w, y1 = b.r.y + b.r.h;
        int textual = b.kind == LAY_TEXT || b.kind == LAY_SWATCH || b.kind == LAY_TICK;

        if (b.r.w <= 0 || b.r.h <= 0)
            continue;
        if (textual && (b.r.x < 0 || b.r.y < top || x1 > lo->w || y1 > bot))
            continue; /* Never draw text cut in half. */
        if (b.r.x < 0)
            b.r.x = 0;
        if (b.r.y < top)
            b.r.y = top;
        if (x1 > lo->w)
            x1 = lo->w;
        if (y1 > bot)
            y1 = bot;
        int old_h = b.r.h;
        b.r.w = x1 - b.r.x;
        b.r.h = y1 - b.r.y;
        if (b.r.w <= 0 || b.r.h <= 0)
            continue;
        if (b.kind == LAY_COLUMN && b.r.h != old_h)
            b.fill = column_fill(b.used, b.b - b.a + 1, b.r.h); /* Keep the share in use. */
        if (b.text[0] && b.kind != LAY_BANNER && b.kind != LAY_TEXT && b.r.h < lo->line_h)
            b.text[0] = '\0'; /* A label taller than its box would spill out. */
        lo->boxes[k++] = b;
    }
    lo->nboxes = k;
}

int layout_compute(struct layout *lo, const struct lay_view *views, int nviews, int w, int h,
                   lay_measure measure, void *ctx)
{
    struct lctx c = {lo, measure, ctx, 0, 0, 0};
    int band_y[LAY_VIEWS_MAX], band_h[LAY_VIEWS_MAX], lw = 0;

    memset(lo, 0, sizeof *lo);
    if (nviews < 1)
        nviews = 1;
    if (nviews > LAY_VIEWS_MAX)
        nviews = LAY_VIEWS_MAX;
    lo->w = w < 0 ? 0 : w;
    lo->h = h < 0 ? 0 : h;
    lo->nviews = nviews;
    measure(ctx, "Ag", &lw, &c.lh);
    if (c.lh < 1)
        c.lh = 1;
    lo->line_h = c.lh;
    for (int i = 0; i < nviews; i++) {
        band_y[i] = lo->h * i / nviews;
        band_h[i] = lo->h * (i + 1) / nviews - band_y[i];
        /* A 2-pixel gap between stacked views. */
        one_view(&c, i, &views[i], nviews, 0, band_y[i], lo->w,
                 band_h[i] - (i + 1 < nviews ? 2 : 0));
    }
    if (c.failed) {
        layout_free(lo);
        return -1;
    }
    clip(lo, band_y, band_h);
    return 0;
}

void layout_free(struct layout *lo)
{
    free(lo->boxes);
    free(lo->tips);
    memset(lo, 0, sizeof *lo);
}

int layout_tip(const struct layout *lo, int x, int y, char *buf, size_t len)
{
    if (len == 0)
        return 0;
    buf[0] = '\0';
    for (int i = lo->nboxes - 1; i >= 0; i--) {
        const struct lay_box *b = &lo->boxes[i];
        if (x < b->r.x || y < b->r.y || x >= b->r.x + b->r.w || y >= b->r.y + b->r.h)
            continue;
        if (b->kind == LAY_BANNER)
            return 0; /* Nothing under a banner is described. */
        if (b->tip == 0 || b->tip >= lo->tips_len)
            continue;
        snprintf(buf, len, "%s", lo->tips + b->tip);
        return 1;
    }
    return 0;
}
