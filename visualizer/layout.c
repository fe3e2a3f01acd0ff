/* layout.c: status files + window size -> boxes. Pure; see layout.h. The
 * view of virtual memory is in layout_vm.c; what both share, in
 * layout_impl.h. */
#include "layout.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "layout_impl.h"
#include "num.h"

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
struct lay_box *lx_add(struct lctx *c, enum lay_kind kind, int view, int x, int y, int w, int h,
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

/* Gives box b (the one lx_add() returned last) a tooltip, copied into the
 * layout's own tips. On out of memory marks the layout failed. */
void lx_tip(struct lctx *c, struct lay_box *b, const char *fmt, ...)
{
    struct layout *lo = c->lo;
    char s[LAY_TIP_MAX];
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

int lx_text_w(struct lctx *c, const char *s)
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
int lx_fit(struct lctx *c, char *dst, const char *src, int maxw)
{
    size_t n = strlen(src), lo = 0, hi, keep;
    char tmp[LAY_TEXT_MAX];
    int w;

    if (n < LAY_TEXT_MAX && (w = lx_text_w(c, src)) <= maxw) {
        memmove(dst, src, n + 1);
        return w;
    }
    /* Longest cut that fits with "...": binary search on its length. */
    hi = n < sizeof tmp - 4 ? n : sizeof tmp - 4;
    while (lo < hi) {
        size_t mid = (lo + hi + 1) / 2;
        snprintf(tmp, sizeof tmp, "%.*s...", (int)utf8_cut(src, mid), src);
        if (lx_text_w(c, tmp) <= maxw)
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
    return lx_text_w(c, dst);
}

/* Adds a line of text at (x, y), cut to maxw; a cut line's tooltip is the
 * whole text. Returns its width. */
int lx_text(struct lctx *c, int view, int x, int y, int maxw, uint32_t colour, const char *fmt, ...)
{
    char s[LAY_LINE_MAX], cut[LAY_TEXT_MAX];
    struct lay_box *b;
    va_list ap;
    int w;

    va_start(ap, fmt);
    vsnprintf(s, sizeof s, fmt, ap);
    va_end(ap);
    w = lx_fit(c, cut, s, maxw);
    if (w == 0)
        return 0;
    b = lx_add(c, LAY_TEXT, view, x, y, w, c->lh, colour);
    if (b) {
        b->text_colour = colour;
        memcpy(b->text, cut, strlen(cut) + 1);
        if (strcmp(cut, s) != 0)
            lx_tip(c, b, "%s", s); /* Cut with "...": hovering shows it all. */
    }
    return w;
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
            lx_add(c, LAY_SHARE, view, x0, y + h - hi, cw, hi - lo, layout_pid_colour(o[i].pid));
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
void lx_cell_label(struct lctx *c, struct lay_box *b, int32_t pid, uint32_t page, int h)
{
    char lab[32];

    snprintf(lab, sizeof lab, "%ld:%u", (long)pid, page);
    if (lx_text_w(c, lab) + 4 > b->r.w) {
        snprintf(lab, sizeof lab, "%ld", (long)pid);
        if (lx_text_w(c, lab) + 4 > b->r.w)
            return;
    }
    if (c->lh <= h)
        memcpy(b->text, lab, strlen(lab) + 1);
}

/* Adds the cell of frame f of n, held by pid (0: free), in a bar (x, y,
 * w, h). Returns it, or NULL. */
struct lay_box *lx_frame_cell(struct lctx *c, int view, int64_t f, int64_t n, int32_t pid, int x,
                              int y, int w, int h)
{
    int x0 = x + at(f, n, w), x1 = x + at(f + 1, n, w);
    struct lay_box *b =
        lx_add(c, LAY_FRAME, view, x0, y, x1 - x0, h, pid ? layout_pid_colour(pid) : col_free);

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
        struct lay_box *b = lx_frame_cell(c, view, f, n, fr->pid, x, y, w, h);
        uint64_t ps = pg->page_size, lo_addr = (uint64_t)f * ps;
        if (!b)
            return;
        if (fr->pid)
            lx_tip(c, b, "frame %lld: P%ld page %u, physical %llu-%llu", (long long)f,
                   (long)fr->pid, fr->page, (unsigned long long)lo_addr,
                   (unsigned long long)(lo_addr + ps - 1));
        else
            lx_tip(c, b, "frame %lld: free, physical %llu-%llu", (long long)f,
                   (unsigned long long)lo_addr, (unsigned long long)(lo_addr + ps - 1));
        if (fr->pid)
            lx_cell_label(c, b, fr->pid, fr->page, h);
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
    lx_tip(c, b, "%s", tip);
}

static int32_t pg_owner(const void *mem, int64_t f)
{
    return ((const struct paging *)mem)->frames[f].pid;
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
    b = lx_add(c, LAY_COLUMN, view, x0, y, x1 - x0, h, used ? layout_pid_colour(owner) : col_free);
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
void lx_column_bar(struct lctx *c, int view, const struct owners *ow, int x, int y, int w, int h)
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
        lx_column_bar(c, view, &ow, x, y, w, h);
}

/* Frame numbers under the bar, as many as fit without touching. */
void lx_frame_ticks(struct lctx *c, int view, int64_t n, int x, int y, int w)
{
    char lab[24];
    int64_t step = 1;
    int need;

    snprintf(lab, sizeof lab, "%lld", (long long)(n - 1));
    need = lx_text_w(c, lab) + S(c, 12);
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
        tw = lx_text_w(c, lab);
        if (tx + tw > x + w)
            break;
        b = lx_add(c, LAY_TICK, view, tx, y, c->lh >= 24 ? 2 : 1, S(c, 4), col_dim);
        if (b)
            b->a = f;
        lx_text(c, view, tx, y + S(c, 4), tw, col_dim, "%s", lab);
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
        int need = sw + S(c, 4) + lx_text_w(c, e.text);
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
            if (px[k - 1] + sw + S(c, 4) + lx_text_w(c, e.text) + S(c, 18) + lx_text_w(c, more) <=
                w)
                break;
            k--;
        }
    }
    for (size_t i = 0; i < k; i++) {
        int ex = x + px[i], ey = y + row[i] * c->lh;
        struct lay_box *b;
        fn(ctx, i, form, &e);
        b = lx_add(c, LAY_SWATCH, view, ex, ey + 2, sw, sw, e.colour);
        if (b) {
            b->a = e.a;
            b->pattern = e.pattern;
        }
        lx_tip(c, b, "%s", e.tip);
        lx_text(c, view, ex + sw + S(c, 4), ey, w - px[i] - sw - S(c, 4), col_text, "%s", e.text);
        rows_used = row[i] + 1;
    }
    if (k < n) {
        /* The marker, after the last entry, names the rest when hovered. */
        char tip[LAY_TEXT_MAX];
        size_t len = (size_t)snprintf(tip, sizeof tip, "also");
        int mx = 0, mrow = 0, before = c->lo->nboxes;
        if (k > 0) {
            fn(ctx, k - 1, form, &e);
            mx = px[k - 1] + sw + S(c, 4) + lx_text_w(c, e.text) + S(c, 18);
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
        lx_text(c, view, x + mx, y + mrow * c->lh, w - mx, col_dim, "%s", more);
        if (c->lo->nboxes > before)
            lx_tip(c, &c->lo->boxes[c->lo->nboxes - 1], "%s", tip);
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
        lx_text(c, view, x, y, w, col_dim, "No processes: every frame is free.");
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
        b = lx_add(c, blk[k].is_seg ? LAY_SEGMENT : LAY_HOLE, view, x0, y, x1 - x0, h,
                   blk[k].is_seg ? layout_seg_colour(blk[k].id) : col_hole);
        if (!b)
            return;
        b->a = blk[k].is_seg ? blk[k].id : (int64_t)blk[k].base;
        b->b = blk[k].is_seg ? blk[k].id : (int64_t)(blk[k].base + blk[k].size);
        if (blk[k].is_seg)
            lx_tip(c, b, "segment %d %s: base %llu, limit %llu, last byte %llu", blk[k].id,
                   sm->seg[blk[k].id].name, (unsigned long long)blk[k].base,
                   (unsigned long long)blk[k].size,
                   (unsigned long long)(blk[k].base + blk[k].size - 1));
        else
            lx_tip(c, b, "hole %llu-%llu: %llu B free", (unsigned long long)blk[k].base,
                   (unsigned long long)(blk[k].base + blk[k].size - 1),
                   (unsigned long long)blk[k].size);

        /* Labels: the longest that fits, on two lines when the bar is tall. */
        int room = x1 - x0 - 6, two = h >= 2 * c->lh + 4;
        if (blk[k].is_seg) {
            const struct segment *s = &sm->seg[blk[k].id];
            snprintf(l1, sizeof l1, "%d %s", blk[k].id, s->name);
            snprintf(l2, sizeof l2, "base %llu, limit %llu", (unsigned long long)s->base,
                     (unsigned long long)s->limit);
            if (!two || lx_text_w(c, l2) > room) {
                snprintf(l2, sizeof l2, "%llu+%llu", (unsigned long long)s->base,
                         (unsigned long long)s->limit);
                if (!two || lx_text_w(c, l2) > room)
                    l2[0] = '\0';
            }
            if (lx_text_w(c, l1) > room) {
                snprintf(l1, sizeof l1, "%d", blk[k].id);
                l2[0] = '\0';
            }
        } else {
            snprintf(l1, sizeof l1, "hole %llu B", (unsigned long long)blk[k].size);
            if (lx_text_w(c, l1) > room)
                snprintf(l1, sizeof l1, "%llu", (unsigned long long)blk[k].size);
            l2[0] = '\0';
        }
        if (lx_text_w(c, l1) > room || c->lh > h)
            continue;
        int ly = y + (h - (l2[0] ? 2 : 1) * c->lh) / 2;
        uint32_t tc = blk[k].is_seg ? layout_ink_on(layout_seg_colour(blk[k].id)) : col_dim;
        lx_text(c, view, x0 + 3, ly, room, tc, "%s", l1);
        if (l2[0])
            lx_text(c, view, x0 + 3, ly + c->lh, room, tc, "%s", l2);
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
void lx_ring(struct lctx *c, int view, struct lay_rect r, int64_t a, int line, double frac)
{
    struct lay_box *b = lx_add(c, LAY_MARK, view, r.x - mark_px, r.y - mark_px, r.w + 2 * mark_px,
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
    b = lx_add(c, LAY_MARK, view, bx, r.y, 1, r.h, col_mark);
    if (b) {
        b->a = a;
        b->b = 1;
    }
}

/* Returns the first box of view of kind k (or, when k2 is not k, of kind k2)
 * whose range a..b holds x, or NULL. */
const struct lay_box *lx_find_box(const struct layout *lo, int view, enum lay_kind k,
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
    const struct lay_box *cell = lx_find_box(c->lo, view, LAY_FRAME, LAY_COLUMN, xf);

    if (cell)
        lx_ring(c, view, cell->r, xf, cell->kind == LAY_FRAME && page_size > 0,
                page_size ? (double)offset / (double)page_size : 0);
}

/* Rings segment id (g) in the segment bar of view and marks the byte at
 * physical. */
static void mark_segment(struct lctx *c, int view, const struct segment *g, int id,
                         uint64_t physical)
{
    const struct lay_box *seg = lx_find_box(c->lo, view, LAY_SEGMENT, LAY_SEGMENT, id);

    if (seg && g->limit)
        lx_ring(c, view, seg->r, id, 1, (double)(physical - g->base) / (double)g->limit);
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
            keep = len; /* The last line: lx_text() cuts it with "...". */
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
                if (lx_text_w(c, line) <= w)
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
        lx_text(c, view, x, y + n * c->lh, w, colour, "%s", line);
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
        lx_tip(c, &c->lo->boxes[i], "%s", all);
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
        lx_text(c, vi, x, y, w, col_text, "Frames: all %u free, no processes", pg->nframes);
        return y + c->lh + gap;
    }
    lx_text(c, vi, x, y, w, col_text, "Frames (%u used, %u free; internal fragmentation %llu B)%s",
            pg->nframes - pg->nfree, pg->nfree, (unsigned long long)pg_total_internal_frag(pg),
            (int64_t)w >= (int64_t)pg->nframes * cell_min_px
                ? "   a cell shows process:page"
                : "   each column: its frames in use, split by owner (lowest pid at the bottom)");
    y += c->lh;
    frame_bar(c, vi, pg, x, y, w, fh);
    y += fh;
    lx_frame_ticks(c, vi, pg->nframes, x, y, w);
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
        lx_text(
            c, vi, x, y, w, col_text,
            "Segments (0 of %d): none; the whole %llu B is one hole, external fragmentation 0%%",
            SEG_MAX, (unsigned long long)sm->size);
        return y + c->lh + gap;
    }
    if (ss.free)
        lx_text(c, vi, x, y, w, col_text,
                "Segments (%u of %d): used %llu B, free %llu B in %u hole%s, largest hole %llu B, "
                "external fragmentation %.1f%%",
                ss.nsegs, SEG_MAX, (unsigned long long)ss.used, (unsigned long long)ss.free,
                ss.nholes, ss.nholes == 1 ? "" : "s", (unsigned long long)ss.largest,
                ss.ext_frag * 100.0);
    else
        lx_text(c, vi, x, y, w, col_text, "Segments (%u of %d): used %llu B, no free space",
                ss.nsegs, SEG_MAX, (unsigned long long)ss.used);
    y += c->lh;
    seg_bar(c, vi, sm, x, y, w, sh);
    y += sh + 2;
    return y + seg_legend(c, vi, sm, x, y, w, legend_rows) + gap;
}

/* The banner of view vi (the file's error, or what it waits for) at y,
 * across the view from x0, vw wide, its text m in from the sides. Returns
 * the y below it. */
static int view_banner(struct lctx *c, int vi, const struct lay_view *v, int x0, int y, int vw,
                       int m)
{
    struct lay_box *b;
    int lh = c->lh;

    b = lx_add(c, LAY_BANNER, vi, x0, y, vw, lh + S(c, 8),
               v->banner_is_error ? col_error : col_info);
    if (b) {
        b->text_colour = col_banner_text;
        lx_fit(c, b->text, v->banner, vw - 2 * m);
    }
    return y + lh + S(c, 12);
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
        lx_vm_settings(&st->vm, paging, sizeof paging);
    else
        snprintf(paging, sizeof paging, "Paging: %u frames x %llu B = %s, frame policy %s",
                 st->pg.nframes, (unsigned long long)st->pg.page_size,
                 num_bytes((uint64_t)st->pg.nframes * st->pg.page_size, total, sizeof total),
                 pg_policy_name(st->pg.policy));
    snprintf(segs, sizeof segs, "Segmentation: %llu B, fit %s", (unsigned long long)st->sm.size,
             seg_fit_name(st->sm.fit));
    if (single) {
        lx_text(c, vi, x, y, w, col_dim, "%s   seq %llu%s", v->path, (unsigned long long)st->seq,
                age);
        y += lh;
        lx_text(c, vi, x, y, w, col_text, "%s      %s", paging, segs);
    } else {
        /* Stacked: one line, the settings that differ between the views first. */
        lx_text(c, vi, x, y, w, col_text, "%s:   %s      %s      seq %llu%s", v->path,
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
        lx_text(c, vi, x, y, w, col_text, "%s", xl);
        y += lh;
    }
    if (st->caption[0]) {
        lx_text(c, vi, x, y, w, col_caption, "Script: %s", st->caption);
        y += lh;
    }
    return y;
}

/* Returns 1 when segment memory sm holds no segment. */
static int segs_empty(const struct segmem *sm)
{
    for (int i = 0; i < SEG_MAX; i++)
        if (sm->seg[i].used)
            return 0;
    return 1;
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
    int lh = c->lh, gap = c->gap, segs_brief = segs_empty(&st->sm);
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

/* Lays out a view's VM part from y to bottom and, when segment memory holds
 * segments and the VM part keeps room for its frames (5 lines), its
 * segments part right below it: a bar at its shortest, and the last segment
 * translation's ring when has_xlate. Returns the y below what it laid out. */
static int vm_and_segs(struct lctx *c, int vi, const struct status *st, int single, int x, int y,
                       int w, int bottom, int seg_rows, int has_xlate)
{
    int sh = single ? S(c, seg_bar_min) : c->lh, segs_h;

    c->dry = 1;
    segs_h = c->lh + sh + 2 + seg_legend(c, vi, &st->sm, x, 0, w, seg_rows) + c->gap;
    c->dry = 0;
    if (segs_empty(&st->sm) || bottom - segs_h - y < 5 * c->lh)
        return lx_vm_view(c, vi, st, single, x, y, w, bottom);
    y = lx_vm_view(c, vi, st, single, x, y, w, bottom - segs_h);
    y = segs_part(c, vi, &st->sm, x, y < bottom - segs_h ? y : bottom - segs_h, w, sh, seg_rows);
    if (st->xlate.kind == STATUS_XLATE_SEGMENT && has_xlate)
        mark_segment(c, vi, &st->sm.seg[st->xlate.seg], st->xlate.seg, st->xlate.physical);
    return y;
}

/* Lays out the frames and the segments of view vi (not VM) from y to
 * bottom, the part that differs between stacked views first
 * (c->seg_first), and the last translation's ring. Returns the y below. */
static int pg_and_segs(struct lctx *c, int vi, const struct status *st, int single, int x, int y,
                       int w, int bottom, int has_xlate)
{
    int lh = c->lh, fh, sh;
    int legend_rows = single ? legend_rows_max : 1, seg_rows = single ? 2 : 1;
    /* With a heap, an empty frame bar gives its room to the heap. */
    int frames_brief = (!single || st->heap_on) && st->pg.nprocs == 0;

    if (st->heap_on && st->pg.nprocs == 0 && segs_empty(&st->sm))
        return y; /* A heap's session: no frames nor segments to show, the room is the heap's. */
    bar_heights(c, vi, st, single, x, w, bottom - y, legend_rows, seg_rows, frames_brief, &fh, &sh);
    if (c->seg_first) {
        y = segs_part(c, vi, &st->sm, x, y, w, sh, seg_rows);
        y = frames_part(c, vi, &st->pg, x, y, w, fh < bottom - y - lh ? fh : bottom - y - lh,
                        legend_rows, frames_brief);
    } else {
        /* A bar cut by the band would lose its shares' proportions. */
        y = frames_part(c, vi, &st->pg, x, y, w, fh < bottom - y - lh ? fh : bottom - y - lh,
                        legend_rows, frames_brief);
        y = segs_part(c, vi, &st->sm, x, y, w, sh, seg_rows);
    }
    /* The translation's ring goes round boxes laid out above. */
    if (st->xlate.kind == STATUS_XLATE_PAGE)
        mark_frame(c, vi, st->xlate.frame, st->xlate.offset, st->pg.page_size);
    else if (st->xlate.kind == STATUS_XLATE_SEGMENT && has_xlate)
        mark_segment(c, vi, &st->sm.seg[st->xlate.seg], st->xlate.seg, st->xlate.physical);
    return y;
}

/* Lays out one view in the band y0 .. y0+vh-1: the header (file, settings,
 * last event and why), then the frames and the segments (or the VM view
 * and the segments), then the heap with half the room or more when it is
 * on. */
static void one_view(struct lctx *c, int vi, const struct lay_view *v, int nviews, int x0, int y0,
                     int vw, int vh)
{
    const struct status *st = v->st;
    int m = S(c, margin), single = nviews == 1;
    int gap = c->gap = single ? m / 2 : m / 4; /* Stacked views: tighter. */
    int x = x0 + m, w = vw - 2 * m, y = y0 + gap, bottom = y0 + vh - gap, has_xlate, upper;

    lx_add(c, LAY_PANEL, vi, x0, y0, vw, vh, col_panel);
    if (v->banner)
        y = view_banner(c, vi, v, x0, y, vw, m);
    if (!st)
        return;
    if (st->quiz_on) { /* A quiz: its problem and questions take the whole view. */
        lx_quiz_view(c, vi, v, single, x, y, w, bottom);
        return;
    }
    y = view_header(c, vi, v, single, x, y, w, &has_xlate) + gap;
    upper = bottom;
    if (st->heap_on) {
        int need = lx_heap_need(c, st, single);
        upper = bottom - ((bottom - y) / 2 > need ? (bottom - y) / 2 : need);
    }
    if (st->vm_on)
        y = vm_and_segs(c, vi, st, single, x, y, w, upper, single ? 2 : 1, has_xlate);
    else
        y = pg_and_segs(c, vi, st, single, x, y, w, upper, has_xlate);
    if (st->heap_on)
        lx_heap_view(c, vi, st, single, x, y, w, bottom);
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
    struct lctx c = {lo, measure, ctx, 0, 0, 0, 0, 0, 0};
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
    for (int i = 0; i < nviews; i++)
        if (views[i].st && views[i].st->heap_on && views[i].st->heap.bytes > c.heap_scale)
            c.heap_scale = views[i].st->heap.bytes;
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
        size_t len = strcspn(s, "\n"), keep = len, best = 0; /* A '\n' ends the line. */
        const char *sp = memchr(s, ' ', len);
        int w = 0, h = 0;
        /* The longest run of whole words that fits; one word too wide is cut. */
        for (size_t k = 1; k <= len && k < LAY_TEXT_MAX; k++) {
            if (k < len && s[k] != ' ')
                continue;
            snprintf(lines[n], LAY_TEXT_MAX, "%.*s", (int)k, s);
            measure(ctx, lines[n], &w, &h);
            if (w > maxw)
                break;
            best = k;
        }
        if (best)
            keep = best;
        else if (sp)
            keep = (size_t)(sp - s); /* The first word, too wide. */
        if (keep >= LAY_TEXT_MAX)
            keep = LAY_TEXT_MAX - 1;
        snprintf(lines[n++], LAY_TEXT_MAX, "%.*s", (int)keep, s);
        s += keep;
        while (*s == ' ')
            s++;
        if (*s == '\n')
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
