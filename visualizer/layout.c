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
    int lh;        /* Line height. */
    int failed;    /* Out of memory. */
    int dry;       /* 1: only measuring; add() adds nothing. */
    int seg_first; /* Stacked views differ in their segments, not their frames. */
    int gap;       /* Space between the parts of the view being laid out. */
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

uint32_t layout_ink_on(uint32_t bg)
{
    unsigned r = (bg >> 16) & 0xff, g = (bg >> 8) & 0xff, b = bg & 0xff;

    return r * 299 + g * 587 + b * 114 > 140000 ? col_text : 0xffffff;
}

int layout_pid_pattern(int64_t pid)
{
    return (int)((uint64_t)(pid > 0 ? pid - 1 : 0) / PALETTE_N % 3);
}

uint32_t layout_seg_colour(int id)
{
    return seg_palette[(unsigned)id % SEG_PALETTE_N];
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

    if (!b || c->failed || c->dry)
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

/* Returns n, moved back to the start of the UTF-8 character it falls in,
 * so that s cut to n bytes never ends in half a character. */
static size_t utf8_cut(const char *s, size_t n)
{
    while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
        n--;
    return n;
}

/* Writes into dst (LAY_TEXT_MAX bytes; it may be src) the longest start of
 * src, of any length, that fits in maxw pixels and in dst, ending in "..."
 * when anything was cut and never in half a character. Returns its width
 * (0, with dst "", when not even one character and "..." fit). */
static int fit_into(struct lctx *c, char *dst, const char *src, int maxw)
{
    size_t n = strlen(src), lo = 0, hi, keep;
    char tmp[LAY_TEXT_MAX];
    int w;

    if (n < LAY_TEXT_MAX && (w = text_w(c, src)) <= maxw) {
        memmove(dst, src, n + 1);
        return w;
    }
    /* Longest cut that fits with "...": binary search on its length. */
    hi = n < sizeof tmp - 4 ? n : sizeof tmp - 4;
    while (lo < hi) {
        size_t mid = (lo + hi + 1) / 2;
        snprintf(tmp, sizeof tmp, "%.*s...", (int)utf8_cut(src, mid), src);
        if (text_w(c, tmp) <= maxw)
            lo = mid;
        else
            hi = mid - 1;
    }
    keep = utf8_cut(src, lo);
    if (keep == 0) {
        dst[0] = '\0';
        return 0;
    }
    snprintf(tmp, sizeof tmp, "%.*s...", (int)keep, src);
    memcpy(dst, tmp, strlen(tmp) + 1);
    return text_w(c, dst);
}

/* Adds a line of text at (x, y), cut to maxw; a cut line's tooltip is the
 * whole text. Returns its width. */
static int text(struct lctx *c, int view, int x, int y, int maxw, uint32_t colour, const char *fmt,
                ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;

static int text(struct lctx *c, int view, int x, int y, int maxw, uint32_t colour, const char *fmt,
                ...)
{
    char s[LAY_LINE_MAX], cut[LAY_TEXT_MAX];
    struct lay_box *b;
    va_list ap;
    int w;

    va_start(ap, fmt);
    vsnprintf(s, sizeof s, fmt, ap);
    va_end(ap);
    w = fit_into(c, cut, s, maxw);
    if (w == 0)
        return 0;
    b = add(c, LAY_TEXT, view, x, y, w, c->lh, colour);
    if (b) {
        b->text_colour = colour;
        memcpy(b->text, cut, strlen(cut) + 1);
        if (strcmp(cut, s) != 0)
            set_tip(c, b, "%s", s); /* Cut with "...": hovering shows it all. */
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

/* One process's frames in one column. */
struct owner {
    int32_t pid;
    int64_t n;
};

static int by_pid(const void *p, const void *q)
{
    const struct owner *a = p, *b = q;

    return (a->pid > b->pid) - (a->pid < b->pid);
}

/* Most frames first, ties to the lower pid. */
static int by_frames(const void *p, const void *q)
{
    const struct owner *a = p, *b = q;

    return a->n != b->n ? (a->n < b->n) - (a->n > b->n) : by_pid(p, q);
}

/* Moves the pids counted and their counts into o[] (room for every slot
 * used), in increasing pid order, and clears the table. Returns how many. */
static uint32_t tally_take(struct tally *t, struct owner *o)
{
    uint32_t k = t->nused;

    for (uint32_t j = 0; j < k; j++) {
        uint32_t i = t->used[j];
        o[j].pid = t->key[i];
        o[j].n = t->count[i];
        t->key[i] = 0;
        t->count[i] = 0;
    }
    t->nused = 0;
    qsort(o, k, sizeof *o, by_pid);
    return k;
}

/* Stacks the k owners o[] of one column (x0, width cw, bottom at y + h) over
 * its filled height `fill`, from the bottom in increasing pid order, each in
 * proportion to its frames and at least one pixel. With more owners than
 * pixels only the `fill` largest are drawn (the tooltip says so); o[] is
 * then reordered. */
static void column_shares(struct lctx *c, int view, int x0, int cw, int y, int h, int fill,
                          struct owner *o, uint32_t k)
{
    int64_t used = 0, cum = 0;
    uint32_t m = k;

    if (fill <= 0 || k == 0)
        return;
    if (k > (uint32_t)fill) {
        m = (uint32_t)fill;
        qsort(o, k, sizeof *o, by_frames);
        qsort(o, m, sizeof *o, by_pid);
    }
    for (uint32_t i = 0; i < m; i++)
        used += o[i].n;
    /* Owner i starts at i + cum_i * spare / used pixels up: one pixel each,
     * and the spare ones by share. The last ends at fill. */
    int64_t spare = fill - (int64_t)m;
    for (uint32_t i = 0; i < m; i++) {
        int lo = (int)(i + cum * spare / used);
        cum += o[i].n;
        int hi = (int)(i + 1 + cum * spare / used);
        struct lay_box *b =
            add(c, LAY_SHARE, view, x0, y + h - hi, cw, hi - lo, layout_pid_colour(o[i].pid));
        if (!b)
            return;
        b->a = o[i].pid;
        b->b = o[i].n;
        b->pattern = layout_pid_pattern(o[i].pid);
    }
    if (m < k)
        qsort(o, k, sizeof *o, by_pid); /* Back in order for the caller. */
}

/* Gives cell b (x1 - x0 wide, h high) of frame pid:page its label where it
 * fits: process:page, else the pid. */
static void cell_label(struct lctx *c, struct lay_box *b, int32_t pid, uint32_t page, int h)
{
    char lab[32];

    snprintf(lab, sizeof lab, "%ld:%u", (long)pid, page);
    if (text_w(c, lab) + 4 > b->r.w) {
        snprintf(lab, sizeof lab, "%ld", (long)pid);
        if (text_w(c, lab) + 4 > b->r.w)
            return;
    }
    if (c->lh <= h)
        memcpy(b->text, lab, strlen(lab) + 1);
}

/* Adds the cell of frame f of n, held by pid (0: free), in a bar (x, y,
 * w, h). Returns it, or NULL. */
static struct lay_box *frame_cell(struct lctx *c, int view, int64_t f, int64_t n, int32_t pid,
                                  int x, int y, int w, int h)
{
    int x0 = x + at(f, n, w), x1 = x + at(f + 1, n, w);
    struct lay_box *b =
        add(c, LAY_FRAME, view, x0, y, x1 - x0, h, pid ? layout_pid_colour(pid) : col_free);

    if (b) {
        b->a = b->b = f;
        b->pattern = pid ? layout_pid_pattern(pid) : LAY_PLAIN;
    }
    return b;
}

/* One cell per frame, with its tooltip and, where it fits, its label
 * (process:page, else the pid). */
static void frame_cells(struct lctx *c, int view, const struct paging *pg, int x, int y, int w,
                        int h)
{
    int64_t n = pg->nframes;

    for (int64_t f = 0; f < n; f++) {
        const struct pg_frame *fr = &pg->frames[f];
        struct lay_box *b = frame_cell(c, view, f, n, fr->pid, x, y, w, h);
        uint64_t ps = pg->page_size, lo_addr = (uint64_t)f * ps;
        if (!b)
            return;
        if (fr->pid)
            set_tip(c, b, "frame %lld: P%ld page %u, physical %llu-%llu", (long long)f,
                    (long)fr->pid, fr->page, (unsigned long long)lo_addr,
                    (unsigned long long)(lo_addr + ps - 1));
        else
            set_tip(c, b, "frame %lld: free, physical %llu-%llu", (long long)f,
                    (unsigned long long)lo_addr, (unsigned long long)(lo_addr + ps - 1));
        if (fr->pid)
            cell_label(c, b, fr->pid, fr->page, h);
    }
}

/* The tooltip of a column of frames f0..f1 with `used` in use, fill pixels
 * high, held by the k owners in o[]: every owner with its frames, as far
 * as it goes. */
static void column_tip(struct lctx *c, struct lay_box *b, int64_t f0, int64_t f1, int64_t used,
                       int fill, const struct owner *o, uint32_t k)
{
    char tip[LAY_TEXT_MAX], part[48];
    size_t len;

    len = (size_t)snprintf(tip, sizeof tip, "frames %lld-%lld: %lld used, %lld free", (long long)f0,
                           (long long)f1, (long long)used, (long long)(f1 - f0 + 1 - used));
    if (k > (uint32_t)fill && fill > 0)
        len += (size_t)snprintf(tip + len, sizeof tip - len, " (%u owners, %d px: %d drawn)", k,
                                fill, fill);
    for (uint32_t i = 0; i < k && len < sizeof tip; i++) {
        snprintf(part, sizeof part, "%sP%ld %lld", i ? ", " : "; ", (long)o[i].pid,
                 (long long)o[i].n);
        if (len + strlen(part) + 16 > sizeof tip) {
            snprintf(tip + len, sizeof tip - len, ", +%u more", k - i);
            break;
        }
        len += (size_t)snprintf(tip + len, sizeof tip - len, "%s", part);
    }
    set_tip(c, b, "%s", tip);
}

/* The frames of a bar, paging's or virtual memory's: n frames, frame f
 * held by process pid(mem, f) (0: free). */
struct owners {
    const void *mem;
    int64_t n;
    int32_t (*pid)(const void *mem, int64_t f);
};

static int32_t pg_owner(const void *mem, int64_t f)
{
    return ((const struct paging *)mem)->frames[f].pid;
}

static int32_t vm_owner(const void *mem, int64_t f)
{
    return ((const struct vm *)mem)->frames[f].pid;
}

/* Column col of ncols over the bar (x, y, w, h): it covers frames
 * [f0, f1]; its filled height is the share of them in use, split among
 * their owners (column_shares). Its colour is that of the process holding
 * most of them (ties to the lowest pid). t and o are scratch. Returns 0, or
 * -1 when the layout is full. */
static int frame_column(struct lctx *c, int view, const struct owners *ow, struct tally *t,
                        struct owner *o, int64_t col, int64_t ncols, int x, int y, int w, int h)
{
    int64_t n = ow->n, f0 = col * n / ncols, f1 = (col + 1) * n / ncols - 1, used = 0;
    int64_t most = 0;
    int32_t owner = 0;
    int x0 = x + at(col, ncols, w), x1 = x + at(col + 1, ncols, w), fill;
    uint32_t k;
    struct lay_box *b;

    for (int64_t f = f0; f <= f1; f++) {
        int32_t p = ow->pid(ow->mem, f);
        if (p) {
            used++;
            tally_add(t, p);
        }
    }
    k = tally_take(t, o);
    for (uint32_t i = 0; i < k; i++)
        if (o[i].n > most) {
            most = o[i].n;
            owner = o[i].pid;
        }
    fill = column_fill(used, f1 - f0 + 1, h);
    b = add(c, LAY_COLUMN, view, x0, y, x1 - x0, h, used ? layout_pid_colour(owner) : col_free);
    if (!b)
        return -1;
    b->a = f0;
    b->b = f1;
    b->used = used;
    b->fill = fill;
    column_tip(c, b, f0, f1, used, fill, o, k);
    column_shares(c, view, x0, x1 - x0, y, h, fill, o, k);
    return 0;
}

/* A bar of columns (x, y, w, h) over the frames of ow, as many as it has
 * pixels, each summarising a range of frames. */
static void column_bar(struct lctx *c, int view, const struct owners *ow, int x, int y, int w,
                       int h)
{
    int64_t n = ow->n, ncols = n < w ? n : w, span_max = (n + ncols - 1) / ncols + 1;
    struct tally t;
    struct owner *o = malloc((size_t)span_max * sizeof *o);

    if (tally_init(&t, span_max) < 0 || !o) {
        c->failed = 1;
        goto out_free;
    }
    for (int64_t col = 0; col < ncols; col++)
        if (frame_column(c, view, ow, &t, o, col, ncols, x, y, w, h) < 0)
            break;
out_free:
    tally_free(&t);
    free(o);
}

/* The frame bar: one cell per frame when cells are at least cell_min_px
 * wide, else columns that each summarise a range of frames. */
static void frame_bar(struct lctx *c, int view, const struct paging *pg, int x, int y, int w, int h)
{
    struct owners ow = {pg, pg->nframes, pg_owner};

    if (w < 1 || h < 1)
        return;
    if ((int64_t)w >= (int64_t)pg->nframes * cell_min_px)
        frame_cells(c, view, pg, x, y, w, h);
    else
        column_bar(c, view, &ow, x, y, w, h);
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

/* One entry of a legend, as an entry function fills it in. */
struct entry {
    uint32_t colour;        /* The swatch. */
    int pattern;            /* enum lay_pattern of the swatch. */
    int64_t a;              /* The swatch box's a: pid, or -1 - segment id. */
    char name[24];          /* Short name, for the "+N more" tooltip. */
    char tip[LAY_TEXT_MAX]; /* The swatch's tooltip. */
    char text[LAY_TEXT_MAX];
};

/* Fills e with entry i of a legend in one of three lengths (form 0 the
 * longest, 2 the name alone). */
typedef void (*entry_fn)(const void *ctx, size_t i, int form, struct entry *e);

/* Places n entries of the given form left to right in rows of width w;
 * sets px[i] and row[i] of each that fits in `rows` rows. Returns how many
 * fit. */
static size_t legend_place(struct lctx *c, entry_fn fn, const void *ctx, size_t n, int form, int w,
                           int rows, int *px, int *row)
{
    int cx = 0, r = 0, sw = c->lh - 4;
    struct entry e;
    size_t i;

    for (i = 0; i < n; i++) {
        fn(ctx, i, form, &e);
        int need = sw + S(c, 4) + text_w(c, e.text);
        if (cx > 0 && cx + need > w) {
            r++;
            cx = 0;
        }
        if (r >= rows || need > w)
            break;
        px[i] = cx;
        row[i] = r;
        cx += need + S(c, 18);
    }
    return i;
}

/* A legend of n entries in at most `rows` rows from (x, y): a swatch and a
 * text each. Every entry is listed, in shorter forms when the long ones do
 * not all fit; when even the names do not, the last ones are counted as
 * "+N more", whose tooltip names them. Returns the height used. */
static int legend_of(struct lctx *c, int view, int x, int y, int w, int rows, size_t n, entry_fn fn,
                     const void *ctx)
{
    int sw = c->lh - 4, form, rows_used = 1;
    int *px = malloc((n + 1) * sizeof *px), *row = malloc((n + 1) * sizeof *row);
    size_t k = 0;
    char more[48];
    struct entry e;

    if (!px || !row) {
        c->failed = 1;
        goto out_free;
    }
    for (form = 0; form < 3; form++) {
        k = legend_place(c, fn, ctx, n, form, w, rows, px, row);
        if (k == n)
            break;
    }
    if (form == 3) {
        /* Not even the names fit: drop names from the end until "+N more"
         * fits after the last one kept. */
        form = 2;
        while (k > 0) {
            snprintf(more, sizeof more, "+%zu more", n - k);
            fn(ctx, k - 1, form, &e);
            if (px[k - 1] + sw + S(c, 4) + text_w(c, e.text) + S(c, 18) + text_w(c, more) <= w)
                break;
            k--;
        }
    }
    for (size_t i = 0; i < k; i++) {
        int ex = x + px[i], ey = y + row[i] * c->lh;
        struct lay_box *b;
        fn(ctx, i, form, &e);
        b = add(c, LAY_SWATCH, view, ex, ey + 2, sw, sw, e.colour);
        if (b) {
            b->a = e.a;
            b->pattern = e.pattern;
        }
        set_tip(c, b, "%s", e.tip);
        text(c, view, ex + sw + S(c, 4), ey, w - px[i] - sw - S(c, 4), col_text, "%s", e.text);
        rows_used = row[i] + 1;
    }
    if (k < n) {
        /* The marker, after the last entry, names the rest when hovered. */
        char tip[LAY_TEXT_MAX];
        size_t len = (size_t)snprintf(tip, sizeof tip, "also");
        int mx = 0, mrow = 0, before = c->lo->nboxes;
        if (k > 0) {
            fn(ctx, k - 1, form, &e);
            mx = px[k - 1] + sw + S(c, 4) + text_w(c, e.text) + S(c, 18);
            mrow = row[k - 1];
        }
        snprintf(more, sizeof more, "+%zu more", n - k);
        for (size_t i = k; i < n; i++) {
            fn(ctx, i, 2, &e);
            if (len + strlen(e.name) + 8 >= sizeof tip) {
                snprintf(tip + len, sizeof tip - len, " ...");
                break;
            }
            len += (size_t)snprintf(tip + len, sizeof tip - len, " %s%s", e.name,
                                    i + 1 < n ? "," : "");
        }
        text(c, view, x + mx, y + mrow * c->lh, w - mx, col_dim, "%s", more);
        if (c->lo->nboxes > before)
            set_tip(c, &c->lo->boxes[c->lo->nboxes - 1], "%s", tip);
    }
out_free:
    free(px);
    free(row);
    return rows_used * c->lh;
}

/* Entry i of the process legend (ctx: the struct paging). */
static void proc_entry(const void *ctx, size_t i, int form, struct entry *e)
{
    const struct paging *pg = ctx;
    const struct pg_process *p = &pg->procs[i];
    unsigned long long frag = pg_internal_frag(pg, p);
    const char *pl = p->npages == 1 ? "" : "s";

    e->colour = layout_pid_colour(p->pid);
    e->pattern = layout_pid_pattern(p->pid);
    e->a = p->pid;
    snprintf(e->name, sizeof e->name, "P%ld", (long)p->pid);
    snprintf(e->tip, sizeof e->tip, "P%ld: %llu B in %u page%s, internal fragmentation %llu B",
             (long)p->pid, (unsigned long long)p->bytes, p->npages, pl, frag);
    if (form == 0)
        snprintf(e->text, sizeof e->text, "P%ld  %u page%s, %llu B, internal frag. %llu B",
                 (long)p->pid, p->npages, pl, (unsigned long long)p->bytes, frag);
    else if (form == 1)
        snprintf(e->text, sizeof e->text, "P%ld  %u page%s, frag. %llu B", (long)p->pid, p->npages,
                 pl, frag);
    else
        snprintf(e->text, sizeof e->text, "P%ld", (long)p->pid);
}

/* The process legend. Returns the height used. */
static int legend(struct lctx *c, int view, const struct paging *pg, int x, int y, int w, int rows)
{
    if (pg->nprocs == 0) {
        text(c, view, x, y, w, col_dim, "No processes: every frame is free.");
        return c->lh;
    }
    return legend_of(c, view, x, y, w, rows, pg->nprocs, proc_entry, pg);
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
        uint32_t tc = blk[k].is_seg ? layout_ink_on(layout_seg_colour(blk[k].id)) : col_dim;
        text(c, view, x0 + 3, ly, room, tc, "%s", l1);
        if (l2[0])
            text(c, view, x0 + 3, ly + c->lh, room, tc, "%s", l2);
    }
}

/* The segments of one memory by address, for seg_entry. */
struct seg_list {
    const struct segmem *sm;
    int ids[SEG_MAX];
};

/* Entry i of the segment legend (ctx: a struct seg_list). */
static void seg_entry(const void *ctx, size_t i, int form, struct entry *e)
{
    const struct seg_list *l = ctx;
    int id = l->ids[i];
    const struct segment *g = &l->sm->seg[id];
    unsigned long long base = g->base, limit = g->limit, last = g->base + g->limit - 1;

    e->colour = layout_seg_colour(id);
    e->pattern = LAY_PLAIN;
    e->a = -1 - id; /* Negative: a segment, not a process. */
    snprintf(e->name, sizeof e->name, "%d %.16s", id, g->name);
    snprintf(e->tip, sizeof e->tip, "segment %d %s: base %llu, limit %llu, last byte %llu", id,
             g->name, base, limit, last);
    if (form == 0)
        snprintf(e->text, sizeof e->text, "%d %s  base %llu, limit %llu (bytes %llu-%llu)", id,
                 g->name, base, limit, base, last);
    else if (form == 1)
        snprintf(e->text, sizeof e->text, "%d %s  %llu-%llu", id, g->name, base, last);
    else
        snprintf(e->text, sizeof e->text, "%d %s", id, g->name);
}

/* The segment legend: each live segment by address, with its colour, base,
 * limit and last byte, so narrow blocks can still be read. Returns the
 * height used. */
static int seg_legend(struct lctx *c, int view, const struct segmem *sm, int x, int y, int w,
                      int rows)
{
    struct seg_list l;
    unsigned n;

    l.sm = sm;
    n = seg_by_address(sm, l.ids);
    if (n == 0)
        return 0;
    return legend_of(c, view, x, y, w, rows, n, seg_entry, &l);
}

/* Writes the last translation as a line: "Translate P1: 5000 = page 1 |
 * offset 904 -> frame 1 -> physical 5000", or for a segment "Translate
 * segment 2 (stack): offset 100 -> base 1500 + 100 = physical 1600". Returns
 * 1, or 0 with buf empty when the last event translated nothing. */
static int xlate_line(const struct status *st, char *buf, size_t len)
{
    const struct status_xlate *x = &st->xlate;
    char a[24], p[24], o[24], f[24], ph[24], b[24];

    buf[0] = '\0';
    if (x->kind == STATUS_XLATE_PAGE) {
        snprintf(buf, len, "Translate P%ld: %s = page %s | offset %s -> frame %s -> physical %s%s",
                 (long)x->pid, num_radix(a, sizeof a, x->addr, x->hex),
                 num_radix(p, sizeof p, x->page, x->hex), num_radix(o, sizeof o, x->offset, x->hex),
                 num_radix(f, sizeof f, x->frame, x->hex),
                 num_radix(ph, sizeof ph, x->physical, x->hex),
                 x->unused ? "  (in the unused end of the last page: the process never asked "
                             "for this byte)"
                           : "");
        return 1;
    }
    if (x->kind == STATUS_XLATE_SEGMENT && x->seg >= 0 && x->seg < SEG_MAX &&
        st->sm.seg[x->seg].used) {
        const struct segment *g = &st->sm.seg[x->seg];
        snprintf(buf, len, "Translate segment %d (%s): offset %s -> base %s + %s = physical %s",
                 x->seg, g->name, num_radix(o, sizeof o, x->offset, x->hex),
                 num_radix(b, sizeof b, g->base, x->hex), num_radix(a, sizeof a, x->offset, x->hex),
                 num_radix(ph, sizeof ph, x->physical, x->hex));
        return 1;
    }
    return 0;
}

/* Adds the translation's ring round r (a = what it rings) and, when line and
 * r is at least 8 px wide, a line at the fraction frac (0..1) of its width:
 * the byte. */
static void ring(struct lctx *c, int view, struct lay_rect r, int64_t a, int line, double frac)
{
    struct lay_box *b = add(c, LAY_MARK, view, r.x - mark_px, r.y - mark_px, r.w + 2 * mark_px,
                            r.h + 2 * mark_px, col_mark);
    int bx;

    if (!b)
        return;
    b->a = a;
    if (!line || r.w < 8)
        return; /* A line would cover a narrow block's colour. */
    bx = r.x + (int)(frac * r.w);
    if (bx > r.x + r.w - 1)
        bx = r.x + r.w - 1;
    b = add(c, LAY_MARK, view, bx, r.y, 1, r.h, col_mark);
    if (b) {
        b->a = a;
        b->b = 1;
    }
}

/* Returns the first box of view of kind k (or, when k2 is not k, of kind k2)
 * whose range a..b holds x, or NULL. */
static const struct lay_box *find_box(const struct layout *lo, int view, enum lay_kind k,
                                      enum lay_kind k2, int64_t x)
{
    for (int i = 0; i < lo->nboxes; i++) {
        const struct lay_box *b = &lo->boxes[i];
        if (b->view == view && (b->kind == k || b->kind == k2) && b->a <= x && x <= b->b)
            return b;
    }
    return NULL;
}

/* Rings the cell of frame xf in the frame bar of view (or the column that
 * holds it, in a bar of columns) and marks the byte at offset of a page of
 * page_size bytes. The ring has no tooltip: the frame's own shows through. */
static void mark_frame(struct lctx *c, int view, int64_t xf, uint64_t offset, uint64_t page_size)
{
    const struct lay_box *cell = find_box(c->lo, view, LAY_FRAME, LAY_COLUMN, xf);

    if (cell)
        ring(c, view, cell->r, xf, cell->kind == LAY_FRAME && page_size > 0,
             page_size ? (double)offset / (double)page_size : 0);
}

/* Rings segment id (g) in the segment bar of view and marks the byte at
 * physical. */
static void mark_segment(struct lctx *c, int view, const struct segment *g, int id,
                         uint64_t physical)
{
    const struct lay_box *seg = find_box(c->lo, view, LAY_SEGMENT, LAY_SEGMENT, id);

    if (seg && g->limit)
        ring(c, view, seg->r, id, 1, (double)(physical - g->base) / (double)g->limit);
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
            /* The longest run of whole words that fits: a binary search
             * over the word ends, so a long line is measured a few times. */
            size_t ends[LAY_TEXT_MAX], ne = 0, lo_ = 0, hi = 0;
            for (size_t k = 1; k <= len && k < sizeof line; k++)
                if (s[k] == ' ' || s[k] == '\0')
                    ends[ne++] = k;
            hi = ne;
            while (lo_ < hi) { /* ends[0 .. lo_-1] fit, ends[hi ..] do not. */
                size_t mid = (lo_ + hi) / 2;
                snprintf(line, sizeof line, "%.*s", (int)ends[mid], s);
                if (text_w(c, line) <= w)
                    lo_ = mid + 1;
                else
                    hi = mid;
            }
            if (lo_ > 0)
                keep = ends[lo_ - 1];
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

/* The frames part of a view from y: its title (with the figures), the frame
 * bar fh high, the frame numbers and the process legend; or, when `brief`
 * (stacked views, no process), one line. Returns the y below it. */
static int frames_part(struct lctx *c, int vi, const struct paging *pg, int x, int y, int w, int fh,
                       int legend_rows, int brief)
{
    int gap = c->gap;

    if (brief) {
        text(c, vi, x, y, w, col_text, "Frames: all %u free, no processes", pg->nframes);
        return y + c->lh + gap;
    }
    text(c, vi, x, y, w, col_text, "Frames (%u used, %u free; internal fragmentation %llu B)%s",
         pg->nframes - pg->nfree, pg->nfree, (unsigned long long)pg_total_internal_frag(pg),
         (int64_t)w >= (int64_t)pg->nframes * cell_min_px
             ? "   a cell shows process:page"
             : "   each column: its frames in use, split by owner (lowest pid at the bottom)");
    y += c->lh;
    frame_bar(c, vi, pg, x, y, w, fh);
    y += fh;
    frame_ticks(c, vi, pg->nframes, x, y, w);
    y += c->lh + S(c, 4);
    return y + legend(c, vi, pg, x, y, w, legend_rows) + gap;
}

/* The segments part from y: its title with the figures (used, free, holes,
 * external fragmentation), the bar sh high and the segment legend; an
 * empty segment memory is one line. Returns the y below it. */
static int segs_part(struct lctx *c, int vi, const struct segmem *sm, int x, int y, int w, int sh,
                     int legend_rows)
{
    int gap = c->gap;
    struct seg_stats ss;

    seg_stats(sm, &ss);
    if (ss.nsegs == 0) {
        text(c, vi, x, y, w, col_text,
             "Segments (0 of %d): none; the whole %llu B is one hole, external fragmentation 0%%",
             SEG_MAX, (unsigned long long)sm->size);
        return y + c->lh + gap;
    }
    if (ss.free)
        text(c, vi, x, y, w, col_text,
             "Segments (%u of %d): used %llu B, free %llu B in %u hole%s, largest hole %llu B, "
             "external fragmentation %.1f%%",
             ss.nsegs, SEG_MAX, (unsigned long long)ss.used, (unsigned long long)ss.free, ss.nholes,
             ss.nholes == 1 ? "" : "s", (unsigned long long)ss.largest, ss.ext_frag * 100.0);
    else
        text(c, vi, x, y, w, col_text, "Segments (%u of %d): used %llu B, no free space", ss.nsegs,
             SEG_MAX, (unsigned long long)ss.used);
    y += c->lh;
    seg_bar(c, vi, sm, x, y, w, sh);
    y += sh + 2;
    return y + seg_legend(c, vi, sm, x, y, w, legend_rows) + gap;
}

/* ------------------------------------------------------------------------ */
/* Virtual memory (st->vm_on): the frames with their R and D bits, the clock
 * hand and the last victim; a strip of virtual pages per process; the
 * hit/miss strip with the counters; the exam table when frames are few; the
 * compare chart. */

/* Which parts a VM view shows, and their sizes (vm_plan). */
struct vm_plan {
    int fh;    /* Height of the frame bar. */
    int chips; /* 1: an R and a D chip under each frame; 0: summary rows. */
    int hand;  /* 1: the row of the clock hand. */
    int hits;  /* 1: the hit/miss strip and the counters. */
    int rows;  /* Rows of the pages part (0: no pages part). */
    int exam;  /* 1: the exam table. */
    int chart; /* 1: the compare chart. */
    int side;  /* 1: the exam table and the chart side by side. */
};

/* The exam table's data: the frames after each of the last accesses,
 * worked out backwards from the frames now (exam_history). */
struct exam {
    int npast;                             /* Accesses shown, oldest first. */
    const struct vm_step *step[VM_RECENT]; /* Each one. */
    int32_t pid[VM_RECENT][EXAM_FRAMES];   /* Frame f after step i: process, */
    uint32_t page[VM_RECENT][EXAM_FRAMES]; /* and page (pid 0: free). */
    size_t nfuture;                        /* References still to come (OPT). */
    int many;                              /* 1: more than one process: label pid:page. */
};

/* The row height of the strips and the exam table. */
static int vm_row_h(const struct lctx *c)
{
    return c->lh + S(c, 4);
}

/* Returns the i-th most recent access (i < min(t, VM_RECENT)). */
static const struct vm_step *vm_recent(const struct vm *vm, uint64_t i)
{
    return &vm->recent[(vm->t - 1 - i) % VM_RECENT];
}

/* Undoes access s on the frames pid[], page[] (n of them): a fault put its
 * page in its frame, over its victim or a free frame; a hit changed
 * nothing. Returns 0, or -1 when the frames contradict s, which happens
 * only when something other than an access changed them since (a process
 * released): s was not done on these frames, or the frames before it break
 * a rule every access keeps (a free frame is the lowest one; there is a
 * victim only when no frame is free). */
static int exam_undo(const struct vm_step *s, int32_t *pid, uint32_t *page, uint32_t n)
{
    uint32_t low = 0;

    if (s->frame >= n || pid[s->frame] != s->pid || page[s->frame] != s->page)
        return -1;
    if (s->hit)
        return 0;
    pid[s->frame] = s->evict == VM_EVICT_NONE ? 0 : s->victim_pid;
    page[s->frame] = s->victim_page;
    while (low < n && pid[low])
        low++;
    return s->evict == VM_EVICT_NONE ? (low == s->frame ? 0 : -1) : (low == n ? 0 : -1);
}

/* 1 when the exam table of e has more than one process in it: then it
 * labels pages pid:page. */
static int exam_many(const struct vm *vm, const struct exam *e)
{
    int32_t pid0 = e->npast ? e->step[0]->pid : 0;

    for (int i = 0; i < e->npast; i++) {
        if (e->step[i]->pid != pid0)
            return 1;
        for (uint32_t f = 0; f < vm->nframes; f++)
            if (e->pid[i][f] && e->pid[i][f] != pid0)
                return 1;
    }
    for (size_t j = 0; j < e->nfuture; j++)
        if (vm->run.refs[vm->run.at + j].pid != (pid0 ? pid0 : vm->run.refs[vm->run.at].pid))
            return 1;
    return 0;
}

/* Fills e from vm: the last accesses whose frames can be worked out by
 * undoing them one by one from the frames now (exam_undo), back to the
 * first the frames contradict or the first at or before vm->epoch (the
 * frames changed then other than by an access: what came before it cannot
 * be undone from them, even when it looks consistent); and, under OPT in a run, how many
 * references are still to come. Returns the number of accesses (0: no
 * table). */
static int exam_history(const struct vm *vm, struct exam *e)
{
    int32_t pid[EXAM_FRAMES], p2[EXAM_FRAMES];
    uint32_t page[EXAM_FRAMES], g2[EXAM_FRAMES], n = vm->nframes;
    uint64_t nrec = vm->t < VM_RECENT ? vm->t : VM_RECENT;
    int k = 0;

    memset(e, 0, sizeof *e);
    if (n == 0 || n > EXAM_FRAMES)
        return 0;
    for (uint32_t f = 0; f < n; f++) {
        pid[f] = vm->frames[f].pid;
        page[f] = vm->frames[f].page;
    }
    /* Newest first, from the end of the arrays; moved to the front below. */
    for (uint64_t i = 0; i < nrec; i++, k++) {
        const struct vm_step *s = vm_recent(vm, i);
        int j = (int)VM_RECENT - 1 - k;
        memcpy(p2, pid, sizeof pid);
        memcpy(g2, page, sizeof page);
        if (s->t != vm->t - i || s->t <= vm->epoch || exam_undo(s, p2, g2, n) < 0)
            break;
        e->step[j] = s;
        memcpy(e->pid[j], pid, sizeof pid);
        memcpy(e->page[j], page, sizeof page);
        memcpy(pid, p2, sizeof pid);
        memcpy(page, g2, sizeof page);
    }
    memmove(e->step, e->step + VM_RECENT - k, (size_t)k * sizeof e->step[0]);
    memmove(e->pid, e->pid + VM_RECENT - k, (size_t)k * sizeof e->pid[0]);
    memmove(e->page, e->page + VM_RECENT - k, (size_t)k * sizeof e->page[0]);
    e->npast = k;
    /* A run under OPT, in the tracker (active) or as a parsed file left it
     * (inactive, its next references from at on, at least VM_RECENT of
     * them or all that are left: the file shows up to 256). */
    if (vm->policy == VM_OPT && vm->run.refs && vm->run.at < vm->run.n)
        e->nfuture = vm->run.n - vm->run.at < VM_RECENT ? vm->run.n - vm->run.at : VM_RECENT;
    e->many = exam_many(vm, e);
    return k;
}

/* Writes page of pid as the exam table labels it: the page, or pid:page
 * when the table has more than one process. Returns buf. */
static char *exam_label(const struct exam *e, int32_t pid, uint32_t page, char *buf, size_t len)
{
    if (e->many)
        snprintf(buf, len, "%ld:%u", (long)pid, page);
    else
        snprintf(buf, len, "%u", page);
    return buf;
}

/* Writes what access s did, for tooltips. Returns buf. */
static char *step_text(const struct vm_step *s, char *buf, size_t len)
{
    size_t n = (size_t)snprintf(
        buf, len, "t=%llu: P%ld %s page %u (address %llu): ", (unsigned long long)s->t,
        (long)s->pid, s->write ? "writes" : "reads", s->page, (unsigned long long)s->addr);

    if (n >= len)
        return buf;
    if (s->hit) {
        snprintf(buf + n, len - n, "hit in frame %u", s->frame);
        return buf;
    }
    n += (size_t)snprintf(buf + n, len - n, "fault, %s into frame %u",
                          s->load == VM_LOAD_SWAP ? "read from swap" : "zero-filled", s->frame);
    if (n >= len || s->evict == VM_EVICT_NONE)
        return buf;
    n += (size_t)snprintf(buf + n, len - n, "; evicted P%ld page %u, ", (long)s->victim_pid,
                          s->victim_page);
    if (n >= len)
        return buf;
    if (s->evict == VM_EVICT_WRITEBACK)
        snprintf(buf + n, len - n, "dirty: written back to swap slot %u", s->victim_slot);
    else if (s->evict == VM_EVICT_DROP)
        snprintf(buf + n, len - n, "clean: dropped (its copy in slot %u still valid)",
                 s->victim_slot);
    else
        snprintf(buf + n, len - n, "clean, never written: back to untouched");
    return buf;
}

/* The R chip's label of frame fr: "R", or OSTEP's counter under
 * ostep-clock ("R2"). */
static void r_label(const struct vm *vm, unsigned ref, char *buf, size_t len)
{
    if (vm->policy == VM_OSTEP_CLOCK)
        snprintf(buf, len, "R%u", ref);
    else
        snprintf(buf, len, "R");
}

/* The widest chip of vm: both chips of a frame fit in cells this wide. */
static int chips_w(struct lctx *c, const struct vm *vm)
{
    char lab[16];

    r_label(vm, vm->policy == VM_OSTEP_CLOCK ? (vm->bits > 9 ? 255 : 9) : 1, lab, sizeof lab);
    return 2 * (text_w(c, lab) + 4) + 3;
}

/* The cells of vm's frames (x, y, w, h), one a frame, labelled as paging's,
 * each tooltip with the bits, the times and the last victim. */
static void vm_cells(struct lctx *c, int view, const struct vm *vm, int x, int y, int w, int h)
{
    int64_t n = vm->nframes;

    for (int64_t f = 0; f < n; f++) {
        const struct vm_frame *fr = &vm->frames[f];
        struct lay_box *b = frame_cell(c, view, f, n, fr->pid, x, y, w, h);
        char victim[96] = "", slot[32] = "";
        if (!b)
            return;
        if (vm->victim_frame == (uint64_t)f)
            snprintf(victim, sizeof victim, "; the last victim was here (P%ld page %u)",
                     (long)vm->victim_pid, vm->victim_page);
        if (fr->pid && fr->slot != VM_NONE)
            snprintf(slot, sizeof slot, ", keeps swap slot %u", fr->slot);
        if (fr->pid)
            set_tip(c, b,
                    "frame %lld: P%ld page %u, R %u, D %u, loaded t=%llu, last used t=%llu%s%s",
                    (long long)f, (long)fr->pid, fr->page, fr->ref, fr->dirty,
                    (unsigned long long)fr->loaded, (unsigned long long)fr->used, slot, victim);
        else
            set_tip(c, b, "frame %lld: free%s", (long long)f, victim);
        if (fr->pid)
            cell_label(c, b, fr->pid, fr->page, h);
    }
}

/* The chips under frame f's cell (x0..x1) at y, h high: R at the left when
 * the reference bit (or counter) is set, D at the right when dirty. */
static void vm_chips(struct lctx *c, int view, const struct vm *vm, int64_t f, int x0, int x1,
                     int y, int h)
{
    const struct vm_frame *fr = &vm->frames[f];
    char lab[16];
    struct lay_box *b;

    if (!fr->pid)
        return;
    if (fr->ref) {
        r_label(vm, fr->ref, lab, sizeof lab);
        b = add(c, LAY_FLAG, view, x0 + 1, y, text_w(c, lab) + 4, h, col_flag_r);
        if (b) {
            b->a = b->b = f;
            b->c = 'R';
            b->used = 1;
            b->text_colour = 0xffffff;
            memcpy(b->text, lab, strlen(lab) + 1);
        }
        set_tip(c, b, "frame %lld: reference bit %s%u (P%ld page %u was used%s)", (long long)f,
                vm->policy == VM_OSTEP_CLOCK ? "(OSTEP's counter) " : "", fr->ref, (long)fr->pid,
                fr->page, vm->policy == VM_CLOCK ? " since the hand last passed" : "");
    }
    if (fr->dirty) {
        b = add(c, LAY_FLAG, view, x1 - 1 - (text_w(c, "D") + 4), y, text_w(c, "D") + 4, h,
                col_flag_d);
        if (b) {
            b->a = b->b = f;
            b->c = 'D';
            b->used = 1;
            b->text_colour = 0xffffff;
            memcpy(b->text, "D", 2);
        }
        set_tip(c, b, "frame %lld: dirty (P%ld page %u was written: evicting it writes it back)",
                (long long)f, (long)fr->pid, fr->page);
    }
}

/* Two summary rows (x, y, w, h) over the frames in columns as the frame bar
 * has them: the share of each column's frames with R set (top) and dirty
 * (bottom). */
static void vm_flag_rows(struct lctx *c, int view, const struct vm *vm, int x, int y, int w, int h)
{
    int64_t n = vm->nframes, ncols = (int64_t)w >= n * cell_min_px || n < w ? n : w;
    int hh = h / 2 - 1;

    for (int64_t col = 0; col < ncols && hh > 0; col++) {
        int64_t f0 = col * n / ncols, f1 = (col + 1) * n / ncols - 1, nr = 0, nd = 0;
        int x0 = x + at(col, ncols, w), x1 = x + at(col + 1, ncols, w);
        for (int64_t f = f0; f <= f1; f++) {
            nr += vm->frames[f].pid && vm->frames[f].ref;
            nd += vm->frames[f].pid && vm->frames[f].dirty;
        }
        for (int k = 0; k < 2; k++) {
            int64_t cnt = k ? nd : nr;
            struct lay_box *b = add(c, LAY_FLAG, view, x0, y + k * (hh + 2), x1 - x0, hh,
                                    k ? col_flag_d : col_flag_r);
            if (!b)
                return;
            b->a = f0;
            b->b = f1;
            b->c = k ? 'd' : 'r';
            b->used = cnt;
            b->fill = cnt ? column_fill(cnt, f1 - f0 + 1, hh) : 0;
            set_tip(c, b, "frames %lld-%lld: %lld with R set (used lately), %lld dirty (D)",
                    (long long)f0, (long long)f1, (long long)nr, (long long)nd);
        }
    }
}

/* The clock hand in the row (x, y, w, h) under the frame bar: a triangle
 * under frame vm->hand (or the column that holds it), "hand" beside it. */
static void vm_hand(struct lctx *c, int view, const struct vm *vm, int x, int y, int w, int h)
{
    int64_t n = vm->nframes, ncols = (int64_t)w >= n * cell_min_px || n < w ? n : w;
    int64_t k = (int64_t)vm->hand * ncols / n;
    int tw;

    while (k + 1 < ncols && (k + 1) * n / ncols <= vm->hand)
        k++;
    while (k > 0 && k * n / ncols > vm->hand)
        k--;
    int x0 = x + at(k, ncols, w), x1 = x + at(k + 1, ncols, w), hw = x1 - x0 < h ? x1 - x0 : h;
    int hx = (x0 + x1) / 2 - hw / 2;
    if (hw < 3)
        hw = 3, hx = (x0 + x1) / 2 - 1;
    struct lay_box *b = add(c, LAY_HAND, view, hx, y, hw, h, col_hand);
    if (b)
        b->a = vm->hand;
    set_tip(c, b, "%s hand at frame %u: the next sweep for a victim starts here",
            vm->policy == VM_CLOCK ? "clock" : "ostep-clock", vm->hand);
    tw = text_w(c, "hand");
    if (hx + hw + 2 + tw <= x + w)
        text(c, view, hx + hw + 2, y, tw, col_dim, "hand");
    else if (hx - 2 - tw >= x)
        text(c, view, hx - 2 - tw, y, tw, col_dim, "hand");
}

/* The VM frames part from y with the plan p: the title, the frame bar with
 * the last victim ringed, the R and D chips (or summary rows), the hand and
 * the frame numbers. Returns the y below it. */
static int vm_frames_part(struct lctx *c, int vi, const struct vm *vm, const struct vm_plan *p,
                          int x, int y, int w)
{
    struct owners ow = {vm, vm->nframes, vm_owner};
    int lh = c->lh, cells = (int64_t)w >= (int64_t)vm->nframes * cell_min_px;

    text(c, vi, x, y, w, col_text, "Frames (%u used, %u free)%s%s", vm->nframes - vm->nfree,
         vm->nfree,
         p->chips ? "   under each: R referenced, D dirty"
                  : "   rows under the bar: "
                    "share with R set, dirty",
         vm->victim_frame != VM_NONE ? "   ringed: the last victim" : "");
    y += lh + mark_px + 1;
    if (p->fh < 1)
        return y + c->gap;
    if (cells)
        vm_cells(c, vi, vm, x, y, w, p->fh);
    else
        column_bar(c, vi, &ow, x, y, w, p->fh);
    if (vm->victim_frame != VM_NONE) {
        const struct lay_box *v = find_box(c->lo, vi, LAY_FRAME, LAY_COLUMN, vm->victim_frame);
        struct lay_box *r = v ? add(c, LAY_RING, vi, v->r.x - mark_px, v->r.y - mark_px,
                                    v->r.w + 2 * mark_px, v->r.h + 2 * mark_px, col_victim)
                              : NULL;
        if (r)
            r->a = vm->victim_frame;
    }
    y += p->fh + mark_px + 1;
    if (p->chips)
        for (int64_t f = 0; f < (int64_t)vm->nframes; f++)
            vm_chips(c, vi, vm, f, x + at(f, vm->nframes, w), x + at(f + 1, vm->nframes, w), y, lh);
    else
        vm_flag_rows(c, vi, vm, x, y, w, lh);
    y += lh + 2;
    if (p->hand) {
        vm_hand(c, vi, vm, x, y, w, lh);
        y += lh;
    }
    frame_ticks(c, vi, vm->nframes, x, y, w);
    return y + lh + S(c, 4) + c->gap;
}

/* One virtual page's cell (x0..x1, y, h) of process p: coloured by its
 * state, labelled with its frame (f3) or slot (s2) where that fits; thin:
 * its row's cells are too narrow to outline. */
static void page_cell(struct lctx *c, int view, const struct vm_process *p, uint32_t page, int x0,
                      int x1, int y, int h, int thin)
{
    uint32_t where = VM_NONE;
    enum vm_page_state s = vm_page_state(p, page, &where);
    uint32_t colour = s == VM_RESIDENT  ? layout_pid_colour(p->pid)
                      : s == VM_SWAPPED ? col_swapped
                                        : col_free;
    struct lay_box *b = add(c, LAY_PAGE, view, x0, y, x1 - x0, h, colour);
    char lab[24] = "";

    if (!b)
        return;
    b->a = b->b = page;
    b->c = p->pid;
    b->fill = thin ? 2 : 0;
    b->used = s;
    b->pattern = s == VM_RESIDENT ? layout_pid_pattern(p->pid) : LAY_PLAIN;
    if (s == VM_RESIDENT) {
        snprintf(lab, sizeof lab, "f%u", where);
        set_tip(c, b, "P%ld page %u: resident in frame %u", (long)p->pid, page, where);
    } else if (s == VM_SWAPPED) {
        snprintf(lab, sizeof lab, "s%u", where);
        set_tip(c, b, "P%ld page %u: in swap slot %u (a touch reads it back)", (long)p->pid, page,
                where);
    } else {
        set_tip(c, b, "P%ld page %u: untouched (zeros: its first touch zero-fills a frame)",
                (long)p->pid, page);
    }
    if (lab[0] && text_w(c, lab) + 4 <= x1 - x0 && c->lh <= h)
        memcpy(b->text, lab, strlen(lab) + 1);
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
    b = add(c, LAY_PAGE, view, x0, y, x1 - x0, h, col_free);
    if (!b)
        return;
    b->a = p0;
    b->b = p1;
    b->c = p->pid;
    b->fill = 1;
    b->used = nres + nswap;
    set_tip(c, b, "P%ld pages %u-%u: %lld resident, %lld in swap, %lld untouched", (long)p->pid, p0,
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
        b = add(c, LAY_SHARE, view, x0, k ? y + h - hr - hs : y + h - hr, x1 - x0, hh,
                k ? col_swapped : layout_pid_colour(p->pid));
        if (!b)
            return;
        b->a = k ? VM_SWAPPED : VM_RESIDENT;
        b->b = k ? nswap : nres;
        b->pattern = k ? LAY_PLAIN : layout_pid_pattern(p->pid);
    }
}

/* Process p's row (x, y, w, h): its name, then a strip of its pages, a
 * cell each or columns (as the frame bar). */
static void page_row(struct lctx *c, int view, const struct vm_process *p, int x, int y, int w,
                     int h, int lw)
{
    int sx = x + lw, sw = w - lw, before = c->lo->nboxes;
    int64_t n = p->npages;

    text(c, view, x, y + (h - c->lh) / 2, lw - S(c, 6), col_text, "P%ld", (long)p->pid);
    if (c->lo->nboxes > before)
        set_tip(c, &c->lo->boxes[c->lo->nboxes - 1],
                "P%ld: %u pages (%llu B asked for), %u resident, %u in swap; %llu accesses, %llu "
                "hits, %llu faults",
                (long)p->pid, p->npages, (unsigned long long)p->bytes, p->resident, p->swapped,
                (unsigned long long)p->counts.accesses, (unsigned long long)p->counts.hits,
                (unsigned long long)p->counts.faults);
    if (sw < 1 || n == 0)
        return;
    if (n * cell_min_px <= sw) {
        for (int64_t g = 0; g < n; g++) /* Outlined when all of the row can be. */
            page_cell(c, view, p, (uint32_t)g, sx + at(g, n, sw), sx + at(g + 1, n, sw), y, h,
                      sw / n < 8);
        return;
    }
    for (int64_t col = 0, ncols = n < sw ? n : sw; col < ncols; col++)
        page_column(c, view, p, (uint32_t)(col * n / ncols), (uint32_t)((col + 1) * n / ncols - 1),
                    sx + at(col, ncols, sw), sx + at(col + 1, ncols, sw), y, h);
}

/* The pages part from y: its title (which counts the processes when not
 * all fit) and a row for each of the first rows processes. Returns the y
 * below it. */
static int vm_pages_part(struct lctx *c, int vi, const struct vm *vm, int rows, int x, int y, int w)
{
    int rh = vm_row_h(c), lw = 0;
    size_t shown = vm->nprocs <= (size_t)rows ? vm->nprocs : (size_t)rows;
    char more[96] = "";

    if (shown < vm->nprocs)
        snprintf(more, sizeof more, "   (the first %zu of %zu processes)", shown, vm->nprocs);
    text(c, vi, x, y, w, col_text,
         "Virtual pages: f3 in frame 3, grey s2 in swap slot 2, blank untouched%s", more);
    y += c->lh;
    for (size_t i = 0; i < shown; i++) {
        char name[24];
        snprintf(name, sizeof name, "P%ld", (long)vm->procs[i].pid);
        lw = text_w(c, name) > lw ? text_w(c, name) : lw;
    }
    lw += S(c, 10);
    for (size_t i = 0; i < shown; i++, y += rh)
        page_row(c, vi, &vm->procs[i], x, y, w, rh - S(c, 3), lw);
    return y + c->gap;
}

/* The counters and the hit/miss strip of the last accesses, oldest left,
 * from y. Returns the y below them. */
static int vm_hits_part(struct lctx *c, int vi, const struct vm *vm, int x, int y, int w)
{
    const struct vm_counts *t = &vm->total;
    int n = vm->t < VM_RECENT ? (int)vm->t : (int)VM_RECENT, rh = vm_row_h(c);
    int sw = n ? (w / n < S(c, 26) ? w / n : S(c, 26)) : 0;
    char tip[LAY_TEXT_MAX];

    text(c, vi, x, y, w, col_text,
         "Accesses %llu: %llu hits, %llu faults, hit rate %.2f%%; %llu evictions, %llu write-backs",
         (unsigned long long)t->accesses, (unsigned long long)t->hits,
         (unsigned long long)t->faults,
         t->accesses ? 100.0 * (double)t->hits / (double)t->accesses : 0.0,
         (unsigned long long)t->evictions, (unsigned long long)t->writebacks);
    y += c->lh;
    for (int i = 0; i < n && sw > 0; i++) {
        const struct vm_step *s = vm_recent(vm, (uint64_t)(n - 1 - i));
        struct lay_box *b =
            add(c, LAY_STEP, vi, x + i * sw, y, sw - 1, rh - S(c, 3), s->hit ? col_hit : col_fault);
        if (!b)
            break;
        b->a = (int64_t)s->t;
        b->b = s->hit;
        if (text_w(c, "F") + 2 <= sw - 1 && c->lh <= rh - S(c, 3))
            memcpy(b->text, s->hit ? "H" : "F", 2);
        set_tip(c, b, "%s", step_text(s, tip, sizeof tip));
    }
    if (n == 0)
        text(c, vi, x, y + (rh - c->lh) / 2, w, col_dim, "No access yet.");
    else if (n * sw + S(c, 8) < w)
        text(c, vi, x + n * sw + S(c, 8), y + (rh - c->lh) / 2, w - n * sw - S(c, 8), col_dim,
             "the last %d accesses, oldest first (H hit, F fault)", n);
    return y + rh + c->gap;
}

/* The exam table's columns: the past accesses shown (the latest ones) and
 * the references to come, in a table of cells cw wide after a header hw
 * wide. */
struct exam_cols {
    int first, npast; /* Past accesses first .. first + npast - 1 of e. */
    int nfuture;      /* References to come shown. */
    int hw, cw;       /* Widths of the header column and of a cell. */
};

/* Writes the reference label of past column i (or, future, reference
 * run.at + i) into buf: the page (or pid:page), "w" for a write. */
static void exam_ref(const struct vm *vm, const struct exam *e, int i, int future, char *buf,
                     size_t len)
{
    char lab[32];

    if (future) {
        const struct vm_ref *r = &vm->run.refs[vm->run.at + (size_t)i];
        exam_label(e, r->pid, (uint32_t)(r->addr >> vm->page_shift), lab, sizeof lab);
        snprintf(buf, len, "%s%s", lab, r->write ? "w" : "");
    } else {
        exam_label(e, e->step[i]->pid, e->step[i]->page, lab, sizeof lab);
        snprintf(buf, len, "%s%s", lab, e->step[i]->write ? "w" : "");
    }
}

/* Chooses the columns of the exam table for width w: the cells as wide as
 * the widest label, as many as fit, the latest accesses and the next
 * references (a third of the room at least, when there are any). Returns
 * the width the table takes, 0 when not one column fits. */
static int exam_fit(struct lctx *c, const struct vm *vm, const struct exam *e, int w,
                    struct exam_cols *k)
{
    char lab[48];
    int widest = text_w(c, "F");
    size_t fut = e->nfuture;

    for (int i = 0; i < e->npast; i++) {
        exam_ref(vm, e, i, 0, lab, sizeof lab);
        widest = text_w(c, lab) > widest ? text_w(c, lab) : widest;
        for (uint32_t f = 0; f < vm->nframes; f++)
            if (e->pid[i][f]) {
                exam_label(e, e->pid[i][f], e->page[i][f], lab, sizeof lab);
                widest = text_w(c, lab) > widest ? text_w(c, lab) : widest;
            }
    }
    for (size_t i = 0; i < fut; i++) {
        exam_ref(vm, e, (int)i, 1, lab, sizeof lab);
        widest = text_w(c, lab) > widest ? text_w(c, lab) : widest;
    }
    snprintf(lab, sizeof lab, "frame %u", vm->nframes - 1);
    k->hw = text_w(c, lab) + S(c, 8);
    k->cw = widest + S(c, 8) > c->lh + S(c, 6) ? widest + S(c, 8) : c->lh + S(c, 6);
    int room = (w - k->hw) / k->cw;
    if (room < 1)
        return 0;
    k->nfuture = (int)fut < room / 3 ? (int)fut : room / 3;
    if (e->npast + k->nfuture > room || (int)fut > k->nfuture) {
        k->npast = e->npast < room - k->nfuture ? e->npast : room - k->nfuture;
        k->nfuture = room - k->npast < (int)fut ? room - k->npast : (int)fut;
    } else {
        k->npast = e->npast;
    }
    k->first = e->npast - k->npast;
    return k->hw + (k->npast + k->nfuture) * k->cw;
}

/* Adds cell (col, row) of the exam table, of the access at time t (0: a
 * reference to come), at (x, y), cw x rh. Returns it. */
static struct lay_box *exam_cell(struct lctx *c, int view, int col, int row, uint64_t t, int x,
                                 int y, int cw, int rh, uint32_t colour, const char *lab)
{
    struct lay_box *b = add(c, LAY_CELL, view, x, y, cw, rh, colour);

    if (!b)
        return NULL;
    b->a = col;
    b->b = row;
    b->used = (int64_t)t;
    if (text_w(c, lab) + 4 <= cw && c->lh <= rh)
        snprintf(b->text, sizeof b->text, "%s", lab);
    return b;
}

/* Past column i of e at x: the reference, the frames after it (the page
 * it touched on pale green for a hit, pale red for a fault), H or F, and
 * the victim struck through. */
static void exam_past(struct lctx *c, int view, const struct vm *vm, const struct exam *e, int i,
                      int col, int x, int y, int cw, int rh)
{
    const struct vm_step *s = e->step[i];
    char lab[48], tip[LAY_TEXT_MAX];
    uint32_t n = vm->nframes;
    struct lay_box *b;

    step_text(s, tip, sizeof tip);
    exam_ref(vm, e, i, 0, lab, sizeof lab);
    b = exam_cell(c, view, col, -1, s->t, x, y, cw, rh, col_panel, lab);
    set_tip(c, b, "%s", tip);
    for (uint32_t f = 0; f < n; f++) {
        int mine = f == s->frame;
        lab[0] = '\0';
        if (e->pid[i][f])
            exam_label(e, e->pid[i][f], e->page[i][f], lab, sizeof lab);
        b = exam_cell(c, view, col, (int)f, s->t, x, y + (int)(f + 1) * rh, cw, rh,
                      mine ? (s->hit ? col_hit : col_fault) : col_panel, lab);
        if (e->pid[i][f])
            set_tip(c, b, "after t=%llu, frame %u holds P%ld page %u%s", (unsigned long long)s->t,
                    f, (long)e->pid[i][f], e->page[i][f],
                    mine ? (s->hit ? " (a hit)" : " (just loaded)") : "");
        else
            set_tip(c, b, "after t=%llu, frame %u is free", (unsigned long long)s->t, f);
    }
    b = exam_cell(c, view, col, (int)n, s->t, x, y + (int)(n + 1) * rh, cw, rh,
                  s->hit ? col_hit : col_fault, s->hit ? "H" : "F");
    set_tip(c, b, "%s", tip);
    lab[0] = '\0';
    if (s->evict != VM_EVICT_NONE)
        exam_label(e, s->victim_pid, s->victim_page, lab, sizeof lab);
    b = exam_cell(c, view, col, (int)n + 1, s->t, x, y + (int)(n + 2) * rh, cw, rh, col_panel, lab);
    if (b && lab[0])
        b->fill = 1;
    if (lab[0])
        set_tip(c, b, "t=%llu evicted P%ld page %u from frame %u", (unsigned long long)s->t,
                (long)s->victim_pid, s->victim_page, s->frame);
    else
        set_tip(c, b, "t=%llu evicted nothing", (unsigned long long)s->t);
}

/* Future column i (reference run.at + i, still to come under OPT) at x:
 * the reference greyed, the rest of the column empty and grey. */
static void exam_future(struct lctx *c, int view, const struct vm *vm, const struct exam *e, int i,
                        int col, int x, int y, int cw, int rh)
{
    const struct vm_ref *r = &vm->run.refs[vm->run.at + (size_t)i];
    char lab[48];

    exam_ref(vm, e, i, 1, lab, sizeof lab);
    for (int row = -1; row <= (int)vm->nframes + 1; row++) {
        struct lay_box *b = exam_cell(c, view, col, row, 0, x, y + (row + 1) * rh, cw, rh,
                                      col_future, row == -1 ? lab : "");
        if (!b)
            return;
        b->c = 1;
        b->text_colour = col_dim;
        set_tip(c, b, "reference %zu, still to come: P%ld %s page %llu (OPT looks ahead to it)",
                vm->run.at + (size_t)i + 1, (long)r->pid, r->write ? "writes" : "reads",
                (unsigned long long)(r->addr >> vm->page_shift));
    }
}

/* The exam table from (x, y): a title, then the references across and the
 * frames down. Returns its height. */
static int vm_exam_part(struct lctx *c, int vi, const struct vm *vm, const struct exam *e, int x,
                        int y, int w)
{
    struct exam_cols k;
    int rh = vm_row_h(c), width = exam_fit(c, vm, e, w, &k), ty;
    static const char *const tail[] = {"H/F", "out"};

    if (width == 0)
        return 0;
    text(c, vi, x, y, w, col_text, "Exam table: references across, frames down%s",
         k.nfuture ? "; grey: still to come (OPT)" : "");
    y += c->lh;
    ty = y + (rh - c->lh) / 2;
    text(c, vi, x, ty, k.hw - S(c, 4), col_dim, "ref");
    for (uint32_t f = 0; f <= vm->nframes + 1; f++) {
        char lab[24];
        if (f < vm->nframes)
            snprintf(lab, sizeof lab, "frame %u", f);
        else
            snprintf(lab, sizeof lab, "%s", tail[f - vm->nframes]);
        text(c, vi, x, ty + (int)(f + 1) * rh, k.hw - S(c, 4), col_dim, "%s", lab);
    }
    for (int i = 0; i < k.npast; i++)
        exam_past(c, vi, vm, e, k.first + i, i, x + k.hw + i * k.cw, y, k.cw, rh);
    for (int i = 0; i < k.nfuture; i++)
        exam_future(c, vi, vm, e, i, k.npast + i, x + k.hw + (k.npast + i) * k.cw, y, k.cw, rh);
    return c->lh + (int)(vm->nframes + 3) * rh + c->gap;
}

/* The compare chart's geometry: the plot area and its scale. */
struct chart {
    int px, py, pw, ph; /* The plot area. */
    uint64_t ymax;      /* Faults at its top. */
    unsigned counts;    /* Frame counts (columns). */
};

/* The point of row p at count k of cmp in ch: sets *x and *y. */
static void chart_xy(const struct chart *ch, const struct status_compare *cmp, unsigned p,
                     unsigned k, int *x, int *y)
{
    uint64_t f = cmp->faults[p * ch->counts + k];

    *x = ch->px +
         (ch->counts > 1 ? (int)((int64_t)k * (ch->pw - 1) / (ch->counts - 1)) : ch->pw / 2);
    *y = ch->py + ch->ph - 1 - (int)((double)f * (ch->ph - 1) / (double)ch->ymax);
}

/* Row p of the chart: its lines, its points with tooltips, and a ring
 * round the point where it rises (Belady's anomaly). */
static void chart_row(struct lctx *c, int view, const struct status_compare *cmp,
                      const struct chart *ch, unsigned p)
{
    uint32_t colour = policy_palette[(unsigned)cmp->policies[p] % VM_NPOLICIES];
    const char *name = vm_policy_name(cmp->policies[p]);
    const uint64_t *row = &cmp->faults[p * ch->counts];
    long bel = vm_belady(row, ch->counts);
    int ps = S(c, 7) | 1;

    for (unsigned k = 0; k + 1 < ch->counts; k++) {
        int x0, y0, x1, y1;
        chart_xy(ch, cmp, p, k, &x0, &y0);
        chart_xy(ch, cmp, p, k + 1, &x1, &y1);
        struct lay_box *b = add(c, LAY_LINE, view, x0, y0 < y1 ? y0 : y1, x1 - x0 + 1,
                                (y0 < y1 ? y1 - y0 : y0 - y1) + 1, colour);
        if (b) {
            b->a = p;
            b->fill = y1 < y0;
        }
    }
    for (unsigned k = 0; k < ch->counts; k++) {
        int x0, y0;
        uint32_t frames = cmp->frames_lo + k;
        chart_xy(ch, cmp, p, k, &x0, &y0);
        struct lay_box *b = add(c, LAY_POINT, view, x0 - ps / 2, y0 - ps / 2, ps, ps, colour);
        if (!b)
            return;
        b->a = p;
        b->b = frames;
        b->used = (int64_t)row[k];
        if (bel >= 0 && k == (unsigned)bel + 1)
            set_tip(c, b,
                    "%s, %u frames: %llu faults, MORE than the %llu with %u (Belady's anomaly)",
                    name, frames, (unsigned long long)row[k], (unsigned long long)row[k - 1],
                    frames - 1);
        else
            set_tip(c, b, "%s, %u frames: %llu faults of %llu references", name, frames,
                    (unsigned long long)row[k], (unsigned long long)cmp->nrefs);
    }
    if (bel >= 0) {
        int x0, y0, r = ps + S(c, 4);
        chart_xy(ch, cmp, p, (unsigned)bel + 1, &x0, &y0);
        struct lay_box *b =
            add(c, LAY_RING, view, x0 - r / 2 - 2, y0 - r / 2 - 2, r + 4, r + 4, col_victim);
        if (b) {
            b->a = p;
            b->b = 1;
        }
    }
}

/* The chart's legend at (x, y), one line a policy: its colour, its name,
 * the faults at the ends and where it rises. Returns its width. */
static int chart_legend(struct lctx *c, int view, const struct status_compare *cmp, unsigned counts,
                        int x, int y, int w, int dry)
{
    int widest = 0, ps = S(c, 7) | 1;
    char line[LAY_TEXT_MAX];

    for (unsigned p = 0; p < cmp->npolicies; p++) {
        const uint64_t *row = &cmp->faults[p * counts];
        long bel = vm_belady(row, counts);
        int n =
            snprintf(line, sizeof line, "%s: %llu to %llu faults", vm_policy_name(cmp->policies[p]),
                     (unsigned long long)row[0], (unsigned long long)row[counts - 1]);
        if (bel >= 0 && n > 0 && (size_t)n < sizeof line)
            n += snprintf(line + n, sizeof line - (size_t)n, ", Belady at %u->%u frames",
                          cmp->frames_lo + (unsigned)bel, cmp->frames_lo + (unsigned)bel + 1);
        /* A row equal to an earlier one hides under it: say so. */
        for (unsigned q = 0; q < p && n > 0 && (size_t)n < sizeof line; q++)
            if (memcmp(row, &cmp->faults[q * counts], counts * sizeof *row) == 0) {
                snprintf(line + n, sizeof line - (size_t)n, " (as %s)",
                         vm_policy_name(cmp->policies[q]));
                break;
            }
        widest = text_w(c, line) > widest ? text_w(c, line) : widest;
        if (dry)
            continue;
        struct lay_box *b = add(c, LAY_POINT, view, x, y + (int)p * c->lh + (c->lh - ps) / 2, ps,
                                ps, policy_palette[(unsigned)cmp->policies[p] % VM_NPOLICIES]);
        if (b) {
            b->a = p;
            b->b = -1; /* A legend's sample, no point of the chart. */
        }
        set_tip(c, b, "%s: faults from %llu to %llu", vm_policy_name(cmp->policies[p]),
                (unsigned long long)row[0], (unsigned long long)row[counts - 1]);
        text(c, view, x + ps + S(c, 6), y + (int)p * c->lh, w - ps - S(c, 6), col_text, "%s", line);
    }
    return widest + ps + S(c, 6);
}

/* The compare chart in (x, y, w, h): a title, faults up, frames across, a
 * line a policy, and the legend at the right. Returns 0, or -1 when it
 * does not fit. */
static int vm_chart_part(struct lctx *c, int vi, const struct status_compare *cmp, int x, int y,
                         int w, int h)
{
    struct chart ch = {0};
    char lab[32];
    unsigned counts = cmp->frames_hi - cmp->frames_lo + 1;
    int lh = c->lh, lgw;

    if (cmp->npolicies == 0 || cmp->frames_hi < cmp->frames_lo || counts > STATUS_COMPARE_MAX)
        return -1;
    ch.counts = counts;
    ch.ymax = 1;
    for (unsigned i = 0; i < cmp->npolicies * counts; i++)
        ch.ymax = cmp->faults[i] > ch.ymax ? cmp->faults[i] : ch.ymax;
    snprintf(lab, sizeof lab, "%llu", (unsigned long long)ch.ymax);
    lgw = chart_legend(c, vi, cmp, counts, 0, 0, 0, 1);
    ch.px = x + text_w(c, lab) + S(c, 8);
    ch.py = y + lh + S(c, 6);
    ch.pw = w - (ch.px - x) - lgw - S(c, 16);
    ch.ph = h - lh - S(c, 6) - lh - S(c, 4);
    if (ch.pw < 6 * lh || ch.ph < 3 * lh || (int)cmp->npolicies * lh > h - lh)
        return -1;
    text(c, vi, x, y, w, col_text, "Compare: faults of %llu references with %u to %u frames",
         (unsigned long long)cmp->nrefs, cmp->frames_lo, cmp->frames_hi);
    struct lay_box *b = add(c, LAY_CHART, vi, ch.px, ch.py, ch.pw, ch.ph, col_panel);
    set_tip(c, b, "faults (up) for each frame count (across); a rise is Belady's anomaly");
    text(c, vi, x, ch.py, ch.px - x - S(c, 6), col_dim, "%s", lab);
    text(c, vi, x, ch.py + ch.ph - lh, ch.px - x - S(c, 6), col_dim, "0");
    /* Frame counts under the plot, as many as fit apart. */
    int last_end = -1;
    for (unsigned k = 0; k < counts; k++) {
        int tx, ty;
        snprintf(lab, sizeof lab, "%u", cmp->frames_lo + k);
        chart_xy(&ch, cmp, 0, k, &tx, &ty);
        tx -= text_w(c, lab) / 2;
        if (tx > last_end + S(c, 6) && tx + text_w(c, lab) <= x + w) {
            text(c, vi, tx, ch.py + ch.ph + S(c, 4), text_w(c, lab), col_dim, "%s", lab);
            last_end = tx + text_w(c, lab);
        }
    }
    for (unsigned p = 0; p < cmp->npolicies; p++)
        chart_row(c, vi, cmp, &ch, p);
    chart_legend(c, vi, cmp, counts, ch.px + ch.pw + S(c, 16), ch.py, lgw, 0);
    return 0;
}

/* Decides what a VM view of st shows in room pixels w wide (vm_plan's
 * fields), in this order of need: the frames (the bar at its shortest),
 * the hit/miss strip, the exam table and the compare chart (side by side
 * when both fit so, else one above the other, else the table alone, else
 * the chart) with a row of pages, else without it; then the frame bar
 * grows to three lines (five with nothing below), and the pages take the
 * rows left. The chart takes what remains below. */
static void vm_plan(struct lctx *c, const struct status *st, const struct exam *e, int single,
                    int w, int room, struct vm_plan *p)
{
    /* What goes below, in order of preference: exam table, chart, a row of
     * pages (the last taken when more room is left). */
    static const int opts[7][3] = {{1, 1, 1}, {1, 0, 1}, {0, 1, 1}, {1, 1, 0},
                                   {1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    const struct vm *vm = &st->vm;
    int lh = c->lh, rh = vm_row_h(c), gap = c->gap, m = S(c, margin), i, lower = 0;
    int fmin = single ? S(c, frame_bar_min) : lh + 2, chart_w = 32 * lh;
    int pages_min = vm->nprocs ? lh + rh + gap : 0;
    struct exam_cols k;

    memset(p, 0, sizeof *p);
    p->hand = vm->policy == VM_CLOCK || vm->policy == VM_OSTEP_CLOCK;
    p->chips =
        (int64_t)w >= (int64_t)vm->nframes * cell_min_px && w / (int)vm->nframes >= chips_w(c, vm);
    int need = lh + 2 * (mark_px + 1) + fmin + lh + 2 + (p->hand ? lh : 0) + lh + S(c, 4) + gap;
    int exam_h = e->npast && exam_fit(c, vm, e, w, &k) ? lh + (int)(vm->nframes + 3) * rh + gap : 0;
    int chart_h = st->compare.have ? chart_min_lines * lh : 0;
    if (exam_h && chart_h && exam_fit(c, vm, e, w - chart_w - m, &k) > 0) {
        int total = e->npast + (int)e->nfuture;
        p->side = k.npast + k.nfuture >= (total < 12 ? total : 12);
    }
    if (need + lh + rh + gap <= room) {
        p->hits = 1;
        need += lh + rh + gap;
    }
    for (i = 0; i < 7; i++) {
        int ex = opts[i][0], ch = opts[i][1];
        if ((ex && !exam_h) || (ch && !chart_h))
            continue; /* Not there to show. */
        lower = ex && ch ? (p->side ? (exam_h > chart_h ? exam_h : chart_h) : exam_h + chart_h)
                : ex     ? exam_h
                : ch     ? chart_h
                         : 0;
        if (need + (opts[i][2] ? pages_min : 0) + lower <= room || i == 6) {
            p->exam = ex;
            p->chart = ch;
            p->side &= ex && ch;
            break;
        }
    }
    need += lower;
    /* Taller with nothing below it. */
    int fmax = (p->exam || p->chart ? 3 : 5) * lh;
    p->fh = fmin + (room - need - pages_min > 0 ? room - need - pages_min : 0);
    if (p->fh > fmax && fmax > fmin)
        p->fh = fmax;
    need += p->fh - fmin;
    if (need > room) /* Too short for the bar: cut it, or leave it out (fh 0). */
        p->fh = p->fh - (need - room) > 0 ? p->fh - (need - room) : 0;
    int rows = vm->nprocs ? (room - need - lh - gap) / rh : 0;
    p->rows = rows < 1 ? 0 : (size_t)rows > vm->nprocs ? (int)vm->nprocs : rows;
}

/* The lower part of a VM view from y to bottom: the exam table and the
 * compare chart, side by side or one above the other, as planned. */
static void vm_lower(struct lctx *c, int vi, const struct status *st, const struct exam *e,
                     const struct vm_plan *p, int x, int y, int w, int bottom)
{
    int m = S(c, margin), ew = w;
    struct exam_cols k;

    if (p->exam) {
        if (p->side)
            ew = exam_fit(c, &st->vm, e, w - 32 * c->lh - m, &k);
        int h = vm_exam_part(c, vi, &st->vm, e, x, y, ew);
        if (p->side) {
            x += ew + m;
            w -= ew + m;
        } else {
            y += h;
        }
    }
    if (p->chart)
        vm_chart_part(c, vi, &st->compare, x, y, w, bottom - y);
}

/* Lays out a VM view from y (below the header) to bottom: the frames,
 * the pages, the hits, the exam table and the compare chart, as many as
 * fit (vm_plan). */
static void vm_view(struct lctx *c, int vi, const struct status *st, int single, int x, int y,
                    int w, int bottom)
{
    const struct vm *vm = &st->vm;
    struct exam e;
    struct vm_plan p;

    if (vm->nframes == 0 || w < 1)
        return;
    exam_history(vm, &e);
    vm_plan(c, st, &e, single, w, bottom - y, &p);
    y = vm_frames_part(c, vi, vm, &p, x, y, w);
    if (p.rows)
        y = vm_pages_part(c, vi, vm, p.rows, x, y, w);
    if (p.hits)
        y = vm_hits_part(c, vi, vm, x, y, w);
    vm_lower(c, vi, st, &e, &p, x, y, w, bottom);
}

/* The banner of view vi (the file's error, or what it waits for) at y,
 * across the view from x0, vw wide, its text m in from the sides. Returns
 * the y below it. */
static int view_banner(struct lctx *c, int vi, const struct lay_view *v, int x0, int y, int vw,
                       int m)
{
    struct lay_box *b;
    int lh = c->lh;

    b = add(c, LAY_BANNER, vi, x0, y, vw, lh + S(c, 8), v->banner_is_error ? col_error : col_info);
    if (b) {
        b->text_colour = col_banner_text;
        fit_into(c, b->text, v->banner, vw - 2 * m);
    }
    return y + lh + S(c, 12);
}

/* Writes the settings of virtual memory vm for a view's header. */
static void vm_settings(const struct vm *vm, char *buf, size_t len)
{
    char total[32], extra[48] = "";

    if (vm->policy == VM_RANDOM)
        snprintf(extra, sizeof extra, " seed %llu", (unsigned long long)vm->seed);
    else if (vm->policy == VM_OSTEP_CLOCK)
        snprintf(extra, sizeof extra, " bits %u seed %llu", vm->bits, (unsigned long long)vm->seed);
    snprintf(buf, len,
             "Virtual memory: %u frames x %llu B = %s, swap %u slots (%u used), policy %s%s",
             vm->nframes, (unsigned long long)vm->page_size,
             num_bytes((uint64_t)vm->nframes * vm->page_size, total, sizeof total), vm->nslots,
             vm->slots_used, vm_policy_name(vm->policy), extra);
}

/* The header of a view with a model, from y: the file and the settings,
 * the last event and why, the last translation and the script's caption.
 * Sets *has_xlate when the translation's line is there. Returns the y below
 * it. */
static int view_header(struct lctx *c, int vi, const struct lay_view *v, int single, int x, int y,
                       int w, int *has_xlate)
{
    const struct status *st = v->st;
    int lh = c->lh;
    char total[32], age[48] = "", paging[LAY_TEXT_MAX], segs[LAY_TEXT_MAX], xl[LAY_LINE_MAX];

    if (v->age_s >= stale_after_s) {
        char ago[24];
        snprintf(age, sizeof age, "   last change %s ago", layout_age(v->age_s, ago, sizeof ago));
    }
    if (st->vm_on)
        vm_settings(&st->vm, paging, sizeof paging);
    else
        snprintf(paging, sizeof paging, "Paging: %u frames x %llu B = %s, frame policy %s",
                 st->pg.nframes, (unsigned long long)st->pg.page_size,
                 num_bytes((uint64_t)st->pg.nframes * st->pg.page_size, total, sizeof total),
                 pg_policy_name(st->pg.policy));
    snprintf(segs, sizeof segs, "Segmentation: %llu B, fit %s", (unsigned long long)st->sm.size,
             seg_fit_name(st->sm.fit));
    if (single) {
        text(c, vi, x, y, w, col_dim, "%s   seq %llu%s", v->path, (unsigned long long)st->seq, age);
        y += lh;
        text(c, vi, x, y, w, col_text, "%s      %s", paging, segs);
    } else {
        /* Stacked: one line, the settings that differ between the views first. */
        text(c, vi, x, y, w, col_text, "%s:   %s      %s      seq %llu%s", v->path,
             c->seg_first ? segs : paging, c->seg_first ? paging : segs,
             (unsigned long long)st->seq, age);
    }
    y += lh;
    y += lh * wrapped(c, vi, x, y, w, single ? 2 : 1, st->refused ? col_refused : col_text,
                      st->refused ? "Refused: " : "Last: ", st->last.what);
    if (st->last.why[0])
        y += lh * wrapped(c, vi, x, y, w, single ? 2 : 1, col_dim, "Why: ", st->last.why);
    /* The last translation and the script's caption take their height from
     * the bars. */
    *has_xlate = xlate_line(st, xl, sizeof xl);
    if (*has_xlate) {
        text(c, vi, x, y, w, col_text, "%s", xl);
        y += lh;
    }
    if (st->caption[0]) {
        text(c, vi, x, y, w, col_caption, "Script: %s", st->caption);
        y += lh;
    }
    return y;
}

/* The heights of a view's frame bar (*fh) and segment bar (*sh) in the
 * room pixels below its header. The legends (legend_rows and seg_rows
 * rows at most) take the rows they need, the titles a line each; the bars
 * share what is left, the frame bar a little more than the segment bar. A
 * part with nothing in it (frames_brief; no segment) is one line and has no
 * bar: its height is 0. */
static void bar_heights(struct lctx *c, int vi, const struct status *st, int single, int x, int w,
                        int room, int legend_rows, int seg_rows, int frames_brief, int *fh, int *sh)
{
    int lh = c->lh, gap = c->gap, segs_brief = st->sm.seg[0].used == 0;
    for (int i = 0; i < SEG_MAX; i++)
        segs_brief &= !st->sm.seg[i].used;
    int fixed = gap + 2 * (lh + gap), has_fb = !frames_brief, has_sb = !segs_brief;
    c->dry = 1;
    if (has_fb)
        fixed += lh + S(c, 4) + legend(c, vi, &st->pg, x, 0, w, legend_rows);
    if (has_sb)
        fixed += 2 + seg_legend(c, vi, &st->sm, x, 0, w, seg_rows);
    c->dry = 0;
    int avail = room - fixed;
    /* Shortest bars: stacked views go down to a label's height. */
    int fmin = single ? S(c, frame_bar_min) : lh + 2, smin = single ? S(c, seg_bar_min) : lh;
    *fh = *sh = 0;
    if (has_fb && has_sb) {
        *fh = avail * 11 / 20 > fmin ? avail * 11 / 20 : fmin;
        *sh = avail - *fh > smin ? avail - *fh : smin;
    } else if (has_fb) {
        *fh = avail > fmin ? avail : fmin;
    } else if (has_sb) {
        *sh = avail > smin ? avail : smin;
    }
}

/* Lays out one view in the band y0 .. y0+vh-1: the header (file, settings,
 * last event and why), then the frames and the segments, the part that
 * differs between stacked views first (c->seg_first). */
static void one_view(struct lctx *c, int vi, const struct lay_view *v, int nviews, int x0, int y0,
                     int vw, int vh)
{
    const struct status *st = v->st;
    int lh = c->lh, m = S(c, margin), single = nviews == 1;
    int gap = c->gap = single ? m / 2 : m / 4; /* Stacked views: tighter. */
    int x = x0 + m, w = vw - 2 * m, y = y0 + gap, bottom = y0 + vh - gap, has_xlate, fh, sh;

    add(c, LAY_PANEL, vi, x0, y0, vw, vh, col_panel);
    if (v->banner)
        y = view_banner(c, vi, v, x0, y, vw, m);
    if (!st)
        return;
    y = view_header(c, vi, v, single, x, y, w, &has_xlate) + gap;
    if (st->vm_on) {
        vm_view(c, vi, st, single, x, y, w, bottom);
        return;
    }
    int legend_rows = single ? legend_rows_max : 1, seg_rows = single ? 2 : 1;
    int frames_brief = !single && st->pg.nprocs == 0;
    bar_heights(c, vi, st, single, x, w, bottom - y, legend_rows, seg_rows, frames_brief, &fh, &sh);
    if (c->seg_first) {
        y = segs_part(c, vi, &st->sm, x, y, w, sh, seg_rows);
        y = frames_part(c, vi, &st->pg, x, y, w, fh < bottom - y - lh ? fh : bottom - y - lh,
                        legend_rows, frames_brief);
    } else {
        /* A bar cut by the band would lose its shares' proportions. */
        y = frames_part(c, vi, &st->pg, x, y, w, fh < bottom - y - lh ? fh : bottom - y - lh,
                        legend_rows, frames_brief);
        segs_part(c, vi, &st->sm, x, y, w, sh, seg_rows);
    }
    /* The translation's ring goes round boxes laid out above. */
    if (st->xlate.kind == STATUS_XLATE_PAGE)
        mark_frame(c, vi, st->xlate.frame, st->xlate.offset, st->pg.page_size);
    else if (st->xlate.kind == STATUS_XLATE_SEGMENT && has_xlate)
        mark_segment(c, vi, &st->sm.seg[st->xlate.seg], st->xlate.seg, st->xlate.physical);
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
        if ((b.kind == LAY_COLUMN || (b.kind == LAY_FLAG && b.a != b.b)) && b.r.h != old_h)
            b.fill = column_fill(b.used, b.b - b.a + 1, b.r.h); /* Keep the share in use. */
        if (b.text[0] && b.kind != LAY_BANNER && b.kind != LAY_TEXT && b.r.h < lo->line_h)
            b.text[0] = '\0'; /* A label taller than its box would spill out. */
        lo->boxes[k++] = b;
    }
    lo->nboxes = k;
}

/* 1 when two paging memories hold the same frames the same way. */
static int same_paging(const struct paging *a, const struct paging *b)
{
    return a->nframes == b->nframes && a->page_size == b->page_size && a->nfree == b->nfree &&
           a->nprocs == b->nprocs &&
           memcmp(a->frames, b->frames, (size_t)a->nframes * sizeof *a->frames) == 0;
}

/* 1 when two segment memories hold the same segments in the same places. */
static int same_segments(const struct segmem *a, const struct segmem *b)
{
    if (a->size != b->size || a->fit != b->fit)
        return 0;
    for (int i = 0; i < SEG_MAX; i++) {
        const struct segment *p = &a->seg[i], *q = &b->seg[i];
        if (p->used != q->used || (p->used && (p->base != q->base || p->limit != q->limit ||
                                               strcmp(p->name, q->name) != 0)))
            return 0;
    }
    return 1;
}

/* 1 when stacked views show the same frames but different segments (lab 2's
 * fit policies): then the segments come first in each view. */
static int segments_first(const struct lay_view *views, int nviews)
{
    int pg_same = 1, sm_same = 1, n = 0;
    const struct status *first = NULL;

    for (int i = 0; i < nviews; i++) {
        const struct status *st = views[i].st;
        if (!st)
            continue;
        if (!first) {
            first = st;
        } else {
            pg_same &= same_paging(&first->pg, &st->pg);
            sm_same &= same_segments(&first->sm, &st->sm);
        }
        n++;
    }
    return n > 1 && pg_same && !sm_same;
}

int layout_compute(struct layout *lo, const struct lay_view *views, int nviews, int w, int h,
                   lay_measure measure, void *ctx)
{
    struct lctx c = {lo, measure, ctx, 0, 0, 0, 0, 0};
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
    c.seg_first = segments_first(views, nviews);
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

int layout_wrap(const char *s, int maxw, lay_measure measure, void *ctx,
                char (*lines)[LAY_TEXT_MAX], int maxlines)
{
    int n = 0;

    while (*s && n < maxlines) {
        size_t len = strlen(s), keep = len, best = 0;
        int w = 0, h = 0;
        /* The longest run of whole words that fits; one word too wide is cut. */
        for (size_t k = 1; k <= len && k < LAY_TEXT_MAX; k++) {
            if (s[k] != ' ' && s[k] != '\0')
                continue;
            snprintf(lines[n], LAY_TEXT_MAX, "%.*s", (int)k, s);
            measure(ctx, lines[n], &w, &h);
            if (w > maxw)
                break;
            best = k;
        }
        if (best)
            keep = best;
        else if (strchr(s, ' '))
            keep = (size_t)(strchr(s, ' ') - s); /* The first word, too wide. */
        if (keep >= LAY_TEXT_MAX)
            keep = LAY_TEXT_MAX - 1;
        snprintf(lines[n++], LAY_TEXT_MAX, "%.*s", (int)keep, s);
        s += keep;
        while (*s == ' ')
            s++;
    }
    return n;
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
