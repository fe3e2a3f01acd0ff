/* draw.c: the only code that calls SDL_Render* and TTF_* (dwm's drw.c).
 * See draw.h. */
#include "draw.h"

#include <SDL_image.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

static int colour(struct draw *d, uint32_t c)
{
    return SDL_SetRenderDrawColor(d->r, (Uint8)(c >> 16), (Uint8)(c >> 8), (Uint8)c, 255);
}

/* SDL's software renderer fills a row of 16 pixels or more with
 * non-temporal SSE stores, which are slow when the row does not start on a
 * cache line: the 16 frames of a 16-frame memory (78x120 pixels each) took
 * 0.56 ms, 10 times what the same pixels take in strips of 15, which it
 * fills with plain stores. So boxes up to FILL_STRIPS_MAX pixels wide are
 * filled as strips; wider ones (whole rows, the background) are faster
 * whole. The pixels are the same. */
#define FILL_STRIP      15
#define FILL_STRIPS_MAX 320

static int fill(struct draw *d, int x, int y, int w, int h, uint32_t c)
{
    SDL_Rect r[FILL_STRIPS_MAX / FILL_STRIP + 1];
    int n = 0;

    if (w <= FILL_STRIP || w > FILL_STRIPS_MAX)
        r[n++] = (SDL_Rect){x, y, w, h};
    else
        for (int s = 0; s < w; s += FILL_STRIP)
            r[n++] = (SDL_Rect){x + s, y, w - s < FILL_STRIP ? w - s : FILL_STRIP, h};
    return colour(d, c) < 0 || SDL_RenderFillRects(d->r, r, n) < 0 ? -1 : 0;
}

static int outline(struct draw *d, int x, int y, int w, int h, uint32_t c)
{
    SDL_Rect r = {x, y, w, h};

    return colour(d, c) < 0 || SDL_RenderDrawRect(d->r, &r) < 0 ? -1 : 0;
}

/* One label as a texture. Labels repeat from frame to frame (frame numbers,
 * legends, the header), so rendering each glyph run once and keeping the
 * texture makes a redraw a handful of copies. */
struct draw_text {
    uint32_t colour;
    int w, h;
    SDL_Texture *tex;
    char text[LAY_TEXT_MAX];
};

/* One label's size, as TTF_SizeUTF8 gave it. Shaping a label with
 * HarfBuzz costs more than drawing it, and the layout measures the same
 * labels (and the candidates it does not keep) every frame. */
struct draw_size {
    int w, h;
    char text[LAY_TEXT_MAX];
};

/* Returns the first slot of the set of DRAW_WAYS slots that text s in
 * colour c (0 for sizes) hashes to. */
static unsigned set_of(const char *s, uint32_t c)
{
    uint32_t h = 2166136261u ^ c;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h % (DRAW_CACHE / DRAW_WAYS) * DRAW_WAYS;
}

/* Returns the slot a new entry of the set at `set` goes to: the first
 * empty one (bit k of `empty` set when slot set + k is), or else each slot
 * in turn. */
static unsigned victim(struct draw *d, unsigned set, unsigned empty)
{
    for (unsigned k = 0; k < DRAW_WAYS; k++)
        if (empty >> k & 1)
            return set + k;
    return set + d->evict++ % DRAW_WAYS;
}

void draw_free(struct draw *d)
{
    for (int i = 0; i < DRAW_CACHE; i++) {
        if (d->cache[i]) {
            SDL_DestroyTexture(d->cache[i]->tex);
            free(d->cache[i]);
            d->cache[i] = NULL;
        }
        free(d->sizes[i]);
        d->sizes[i] = NULL;
    }
}

int draw_set_px(struct draw *d, int px)
{
    if (px == d->px)
        return 0;
    if (TTF_SetFontSize(d->font, px) < 0)
        return -1;
    draw_free(d);
    d->px = px;
    return 0;
}

void draw_measure(void *ctx, const char *text, int *w, int *h)
{
    struct draw *d = ctx;
    unsigned set = set_of(text, 0), slot, empty = 0;
    struct draw_size *z;

    for (unsigned k = 0; k < DRAW_WAYS; k++) {
        z = d->sizes[set + k];
        empty |= (unsigned)!z << k;
        if (z && strcmp(z->text, text) == 0) {
            *w = z->w;
            *h = z->h;
            return;
        }
    }
    if (!text[0] || TTF_SizeUTF8(d->font, text, w, h) < 0) {
        *w = 0;
        *h = TTF_FontHeight(d->font);
        return;
    }
    if (strlen(text) >= LAY_TEXT_MAX)
        return; /* Not kept: it would not compare equal cut short. */
    slot = victim(d, set, empty);
    z = d->sizes[slot];
    if (!z && !(z = d->sizes[slot] = malloc(sizeof *z)))
        return; /* Measured, not kept. */
    z->w = *w;
    z->h = *h;
    memcpy(z->text, text, strlen(text) + 1);
}

/* Returns the cached texture of s in colour c, rendering it when needed
 * (into an empty slot of its set, or in place of one of the set's others).
 * Returns NULL on an SDL error. */
static struct draw_text *text_get(struct draw *d, const char *s, uint32_t c)
{
    unsigned set = set_of(s, c), slot, empty = 0;
    struct draw_text *t;
    SDL_Color fg = {(Uint8)(c >> 16), (Uint8)(c >> 8), (Uint8)c, 255};
    SDL_Surface *surf;

    for (unsigned k = 0; k < DRAW_WAYS; k++) {
        t = d->cache[set + k];
        empty |= (unsigned)!t << k;
        if (t && t->colour == c && strcmp(t->text, s) == 0)
            return t;
    }
    slot = victim(d, set, empty);
    t = d->cache[slot];
    if (!t) {
        t = calloc(1, sizeof *t);
        if (!t) {
            SDL_SetError("out of memory");
            return NULL;
        }
        d->cache[slot] = t;
    }
    if (t->tex) {
        SDL_DestroyTexture(t->tex);
        t->tex = NULL;
    }
    surf = TTF_RenderUTF8_Blended(d->font, s, fg);
    if (!surf)
        return NULL;
    t->tex = SDL_CreateTextureFromSurface(d->r, surf);
    t->w = surf->w;
    t->h = surf->h;
    SDL_FreeSurface(surf);
    if (!t->tex)
        return NULL;
    snprintf(t->text, sizeof t->text, "%s", s);
    t->colour = c;
    return t;
}

/* Paints text with its top-left at (x, y). Returns 0 or -1. */
static int text_at(struct draw *d, int x, int y, const char *s, uint32_t c)
{
    struct draw_text *t;
    SDL_Rect dst;

    if (!s[0])
        return 0;
    t = text_get(d, s, c);
    if (!t)
        return -1;
    dst = (SDL_Rect){x, y, t->w, t->h};
    return SDL_RenderCopy(d->r, t->tex, NULL, &dst) < 0 ? -1 : 0;
}

/* Draws b's label centred in it. The size comes from the label's cached
 * texture: measuring the text again would shape it again, which cost more
 * than drawing it (16 labels: 0.4 ms of a 1.7 ms frame). */
static int text_centred(struct draw *d, const struct lay_box *b, uint32_t c)
{
    struct draw_text *t;
    SDL_Rect dst;

    if (!b->text[0])
        return 0;
    t = text_get(d, b->text, c);
    if (!t)
        return -1;
    dst = (SDL_Rect){b->r.x + (b->r.w - t->w) / 2, b->r.y + (b->r.h - t->h) / 2, t->w, t->h};
    return SDL_RenderCopy(d->r, t->tex, NULL, &dst) < 0 ? -1 : 0;
}

/* Diagonal lines in colour c inside b, clipped to it, step pixels apart:
 * rising ones, and falling ones too when cross is set. */
static int hatch(struct draw *d, const struct lay_box *b, int step, uint32_t c, int cross)
{
    SDL_Rect clip = {b->r.x, b->r.y, b->r.w, b->r.h};
    int r = 0, top = b->r.y, bot = b->r.y + b->r.h;

    if (SDL_RenderSetClipRect(d->r, &clip) < 0 || colour(d, c) < 0)
        return -1;
    for (int x = b->r.x - b->r.h; x < b->r.x + b->r.w && r == 0; x += step) {
        r = SDL_RenderDrawLine(d->r, x, bot, x + b->r.h, top);
        if (r == 0 && cross)
            r = SDL_RenderDrawLine(d->r, x, top, x + b->r.h, bot);
    }
    return SDL_RenderSetClipRect(d->r, NULL) < 0 || r < 0 ? -1 : 0;
}

/* A process's second cue over its colour (enum lay_pattern): light or dark
 * lines, whichever shows on it. */
static int pattern(struct draw *d, const struct layout *lo, const struct lay_box *b)
{
    int step = lo->line_h / 3 > 5 ? lo->line_h / 3 : 5;

    if (b->pattern == LAY_PLAIN)
        return 0;
    return hatch(d, b, step, layout_ink_on(b->colour), b->pattern == LAY_CROSS);
}

/* The dark frame that marks segments (blocks and swatches), two lines thick
 * where there is room. */
static int seg_frame(struct draw *d, const struct lay_rect *r)
{
    if (outline(d, r->x, r->y, r->w, r->h, col_seg_frame) < 0)
        return -1;
    if (r->w > 6 && r->h > 6)
        return outline(d, r->x + 1, r->y + 1, r->w - 2, r->h - 2, col_seg_frame);
    return 0;
}

/* A ring mark_px thick just inside r, in colour c. */
static int ring(struct draw *d, const struct lay_rect *r, uint32_t c)
{
    for (int k = 0; k < mark_px && 2 * k < r->w && 2 * k < r->h; k++)
        if (outline(d, r->x + k, r->y + k, r->w - 2 * k, r->h - 2 * k, c) < 0)
            return -1;
    return 0;
}

/* A cell: its colour, an outline when it is at least wmin pixels wide and
 * its label centred in ink (the frames, the pages, the hit/miss strip, the
 * exam table). */
static int cell(struct draw *d, const struct layout *lo, const struct lay_box *b, uint32_t ink,
                int wmin)
{
    const struct lay_rect *r = &b->r;

    if (fill(d, r->x, r->y, r->w, r->h, b->colour) < 0 || pattern(d, lo, b) < 0)
        return -1;
    if (r->w >= wmin && outline(d, r->x, r->y, r->w, r->h, col_outline) < 0)
        return -1;
    return b->text[0] ? text_centred(d, b, ink) : 0;
}

/* The clock hand: a triangle pointing up, as wide as its box. */
static int hand(struct draw *d, const struct lay_rect *r, uint32_t c)
{
    int mid = r->x + r->w / 2;

    if (colour(d, c) < 0)
        return -1;
    for (int k = 0; k < r->h; k++) {
        int half = (int)((long)k * (r->w / 2) / (r->h > 1 ? r->h - 1 : 1));
        if (SDL_RenderDrawLine(d->r, mid - half, r->y + k, mid + half, r->y + k) < 0)
            return -1;
    }
    return 0;
}

/* A chart line across r, rising or falling, two pixels thick (three with
 * text of 24 px and up). */
static int line(struct draw *d, const struct layout *lo, const struct lay_box *b)
{
    const struct lay_rect *r = &b->r;
    int y0 = b->fill ? r->y + r->h - 1 : r->y, y1 = b->fill ? r->y : r->y + r->h - 1;

    if (colour(d, b->colour) < 0)
        return -1;
    for (int k = 0; k < (lo->line_h >= 24 ? 3 : 2); k++)
        if (SDL_RenderDrawLine(d->r, r->x, y0 + k, r->x + r->w - 1, y1 + k) < 0)
            return -1;
    return 0;
}

/* A table frame (page tables in frames): its darkened colour hatched with
 * the process's own (b->used), outlined, its label on top. */
static int table_cell(struct draw *d, const struct layout *lo, const struct lay_box *b)
{
    const struct lay_rect *r = &b->r;
    int step = lo->line_h / 4 > 4 ? lo->line_h / 4 : 4;

    if (fill(d, r->x, r->y, r->w, r->h, b->colour) < 0 ||
        hatch(d, b, step, (uint32_t)b->used, 0) < 0)
        return -1;
    if (r->w >= 5 && outline(d, r->x, r->y, r->w, r->h, col_outline) < 0)
        return -1;
    if (!b->text[0])
        return 0;
    /* The label on a patch of the dark colour, so the hatching does not cross it. */
    struct draw_text *t = text_get(d, b->text, 0xffffff);
    if (!t)
        return -1;
    if (fill(d, r->x + (r->w - t->w) / 2 - 1, r->y + (r->h - t->h) / 2, t->w + 2, t->h, b->colour) <
        0)
        return -1;
    return text_centred(d, b, 0xffffff);
}

/* An arrow of the walk: a line two pixels thick (three with text of 24 px
 * and up) from its bottom end to its top end, and a head pointing up at
 * the top end. The line may reach one pixel past the box (its thickness). */
static int arrow(struct draw *d, const struct layout *lo, const struct lay_box *b)
{
    const struct lay_rect *r = &b->r;
    int xb = b->fill ? r->x : r->x + r->w - 1, xt = b->fill ? r->x + r->w - 1 : r->x;
    int yb = r->y + r->h - 1, yt = r->y, th = lo->line_h >= 24 ? 3 : 2;
    int hh = lo->line_h * 3 / 4 < r->h ? lo->line_h * 3 / 4 : r->h;

    if (colour(d, b->colour) < 0)
        return -1;
    for (int k = 0; k < th; k++) { /* Thick across: side by side, or stacked when shallow. */
        int dx = r->w > r->h ? 0 : k - th / 2, dy = r->w > r->h ? k - th / 2 : 0;
        if (SDL_RenderDrawLine(d->r, xb + dx, yb + dy, xt + dx, yt + hh / 2 + dy) < 0)
            return -1;
    }
    for (int k = 0; k < hh; k++) /* The head: a triangle, its point at the top. */
        if (SDL_RenderDrawLine(d->r, xt - k * 2 / 5, yt + k, xt + k * 2 / 5, yt + k) < 0)
            return -1;
    return 0;
}

/* Free heap bytes: the hole's colour hatched, outlined; its label (the
 * free-list position) on a patch of the colour so the lines do not cross it. */
static int heap_hole(struct draw *d, const struct layout *lo, const struct lay_box *b)
{
    const struct lay_rect *r = &b->r;

    if (fill(d, r->x, r->y, r->w, r->h, b->colour) < 0 ||
        hatch(d, b, lo->line_h / 2 > 8 ? lo->line_h / 2 : 8, col_hole_line, 0) < 0 ||
        outline(d, r->x, r->y, r->w, r->h, col_hole_line) < 0)
        return -1;
    if (!b->text[0])
        return 0;
    struct draw_text *t = text_get(d, b->text, b->text_colour);
    if (!t || fill(d, r->x + (r->w - t->w) / 2 - 2, r->y + (r->h - t->h) / 2, t->w + 4, t->h,
                   b->colour) < 0)
        return -1;
    return text_centred(d, b, b->text_colour);
}

/* The boxes of the heap (LAY_HBLOCK .. LAY_HSLOT) and of a quiz (LAY_QSLOT,
 * LAY_QCELL). */
static int heap_box(struct draw *d, const struct layout *lo, const struct lay_box *b)
{
    const struct lay_rect *r = &b->r;
    int step = lo->line_h / 3 > 5 ? lo->line_h / 3 : 5;

    switch (b->kind) {
    case LAY_HBLOCK:
        return cell(d, lo, b, b->text_colour, 5);
    case LAY_HPART: /* The padding hatched with the block's colour. */
        if (fill(d, r->x, r->y, r->w, r->h, b->colour) < 0)
            return -1;
        return b->c == 1 ? hatch(d, b, step, (uint32_t)b->used, 0) : 0;
    case LAY_HHOLE:
        if (b->fill == 1) /* A slab's unused slots: plain. */
            return fill(d, r->x, r->y, r->w, r->h, b->colour);
        return heap_hole(d, lo, b);
    case LAY_HNODE:
        if (b->fill == 2)
            return heap_hole(d, lo, b);
        if (fill(d, r->x, r->y, r->w, r->h, b->colour) < 0 ||
            outline(d, r->x, r->y, r->w, r->h, col_outline) < 0)
            return -1;
        return b->text[0] ? text_centred(d, b, b->text_colour) : 0;
    case LAY_HSLAB: /* A full slab framed dark, else grey. */
        if (fill(d, r->x, r->y, r->w, r->h, b->colour) < 0)
            return -1;
        return outline(d, r->x, r->y, r->w, r->h, b->c == 2 ? col_seg_frame : col_outline);
    case LAY_QSLOT:
        return cell(d, lo, b, col_text, 5);
    case LAY_QCELL:
        if (b->fill) /* Not valid, free, in no segment: hatched. */
            return heap_hole(d, lo, b);
        return cell(d, lo, b, b->text_colour, 5);
    case LAY_HSLOT:
        if (fill(d, r->x, r->y, r->w, r->h, col_free) < 0 ||
            (b->fill && fill(d, r->x, r->y + r->h - b->fill, r->w, b->fill, b->colour) < 0))
            return -1;
        if (r->w >= 5 && outline(d, r->x, r->y, r->w, r->h, col_panel) < 0)
            return -1;
        return b->text[0] ? text_centred(d, b, b->text_colour) : 0;
    default:
        return 0;
    }
}

/* The boxes of the virtual-memory view (LAY_FLAG .. LAY_ARROW). */
static int vm_box(struct draw *d, const struct layout *lo, const struct lay_box *b)
{
    const struct lay_rect *r = &b->r;

    switch (b->kind) {
    case LAY_FLAG:
        if (b->c == 'R' || b->c == 'D') /* A chip. */
            return fill(d, r->x, r->y, r->w, r->h, b->colour) < 0 ? -1
                                                                  : text_centred(d, b, 0xffffff);
        if (fill(d, r->x, r->y, r->w, r->h, col_free) < 0)
            return -1;
        return b->fill ? fill(d, r->x, r->y + r->h - b->fill, r->w, b->fill, b->colour) : 0;
    case LAY_HAND:
        return hand(d, r, b->colour);
    case LAY_RING:
        return ring(d, r, b->colour);
    case LAY_PAGE:
        if (b->fill == 1) /* A column: its shares follow. */
            return fill(d, r->x, r->y, r->w, r->h, b->colour);
        if (b->fill == 3) /* A fold: a gap with its mark. */
            return cell(d, lo, b, b->text_colour, INT_MAX);
        return cell(d, lo, b, layout_ink_on(b->colour), b->fill ? INT_MAX : 5);
    case LAY_STEP:
        return cell(d, lo, b, col_text, 5);
    case LAY_CELL:
        if (cell(d, lo, b, b->text_colour, 5) < 0)
            return -1;
        /* The victim, struck through. */
        return b->fill && b->text[0] ? fill(d, r->x + r->w / 4, r->y + r->h / 2, r->w / 2,
                                            lo->line_h >= 24 ? 2 : 1, col_victim)
                                     : 0;
    case LAY_CHART:
        if (fill(d, r->x, r->y, r->w, r->h, b->colour) < 0)
            return -1;
        return outline(d, r->x, r->y, r->w, r->h, col_outline);
    case LAY_LINE:
        return line(d, lo, b);
    case LAY_POINT:
        return fill(d, r->x, r->y, r->w, r->h, b->colour);
    case LAY_TLB:
        return cell(d, lo, b, layout_ink_on(b->colour), 5);
    case LAY_PROT:
        return fill(d, r->x, r->y, r->w, r->h, b->colour);
    case LAY_FIELD:
        return cell(d, lo, b, layout_ink_on(b->colour), 5);
    case LAY_TABLES: /* Dark, hatched with the column's own colour when wide enough. */
        if (fill(d, r->x, r->y, r->w, r->h, b->colour) < 0)
            return -1;
        return r->w >= 4 ? hatch(d, b, lo->line_h / 4 > 4 ? lo->line_h / 4 : 4, (uint32_t)b->c, 0)
                         : 0;
    case LAY_ARROW:
        return arrow(d, lo, b);
    default:
        return heap_box(d, lo, b);
    }
}

static int box(struct draw *d, const struct layout *lo, const struct lay_box *b)
{
    const struct lay_rect *r = &b->r;
    int pad = margin * lo->line_h / ref_line_h; /* margin, scaled as the layout does. */

    switch (b->kind) {
    case LAY_PANEL:
        return fill(d, r->x, r->y, r->w, r->h, b->colour);
    case LAY_BANNER:
        if (fill(d, r->x, r->y, r->w, r->h, b->colour) < 0)
            return -1;
        return text_at(d, r->x + pad, r->y + (r->h - lo->line_h) / 2, b->text, b->text_colour);
    case LAY_TEXT:
        return text_at(d, r->x, r->y, b->text, b->text_colour);
    case LAY_FRAME:
        if (b->c > 0) /* A table frame. */
            return table_cell(d, lo, b);
        return cell(d, lo, b, layout_ink_on(b->colour), 5);
    case LAY_COLUMN:
        if (fill(d, r->x, r->y, r->w, r->h, col_free) < 0)
            return -1;
        return b->fill ? fill(d, r->x, r->y + r->h - b->fill, r->w, b->fill, b->colour) : 0;
    case LAY_SHARE:
        if (fill(d, r->x, r->y, r->w, r->h, b->colour) < 0)
            return -1;
        return r->w >= 4 ? pattern(d, lo, b) : 0; /* Stripes in a thin column: noise. */
    case LAY_TICK:
        return fill(d, r->x, r->y, r->w, r->h, b->colour);
    case LAY_SWATCH:
        if (fill(d, r->x, r->y, r->w, r->h, b->colour) < 0 || pattern(d, lo, b) < 0)
            return -1;
        return b->a < 0 ? seg_frame(d, r) : 0; /* a < 0: a segment's swatch. */
    case LAY_SEGMENT:
        /* A segment under 5 px wide keeps its colour: an outline would
         * cover all of it. */
        if (fill(d, r->x, r->y, r->w, r->h, b->colour) < 0)
            return -1;
        return r->w >= 5 ? seg_frame(d, r) : 0;
    case LAY_HOLE:
        if (fill(d, r->x, r->y, r->w, r->h, b->colour) < 0 ||
            hatch(d, b, lo->line_h / 2 > 8 ? lo->line_h / 2 : 8, col_hole_line, 0) < 0)
            return -1;
        return outline(d, r->x, r->y, r->w, r->h, col_hole_line);
    case LAY_MARK:
        if (b->b) /* The byte: a line. */
            return fill(d, r->x, r->y, r->w, r->h, b->colour);
        return ring(d, r, b->colour);
    default:
        return vm_box(d, lo, b);
    }
}

int draw_layout(struct draw *d, const struct layout *lo)
{
    const struct lay_box *first = lo->nboxes ? &lo->boxes[0] : NULL;

    /* A panel that covers the whole window makes clearing it first wasted
     * work (a full-window fill is most of the software renderer's time). */
    if (!(first && first->kind == LAY_PANEL && first->r.x == 0 && first->r.y == 0 &&
          first->r.w == lo->w && first->r.h == lo->h) &&
        (colour(d, col_bg) < 0 || SDL_RenderClear(d->r) < 0))
        return -1;
    for (int i = 0; i < lo->nboxes; i++)
        if (box(d, lo, &lo->boxes[i]) < 0)
            return -1;
    /* Labels of segments and holes are LAY_TEXT boxes laid over the blocks;
     * they follow them in the list, so they are already on top. */
    return 0;
}

int draw_lines(struct draw *d, int x, int y, const char *const *lines, int n, int w, int h)
{
    int bw = 0, lh = TTF_FontLineSkip(d->font), pad = lh / 2, bh = n * lh + pad;

    for (int i = 0; i < n; i++) {
        int tw = 0, th = 0;
        draw_measure(d, lines[i], &tw, &th);
        if (tw > bw)
            bw = tw;
    }
    bw += pad * 2;
    if (x + bw > w)
        x = w - bw;
    if (y + bh > h)
        y = h - bh;
    if (x < 0)
        x = 0;
    if (y < 0)
        y = 0;
    if (fill(d, x, y, bw, bh, col_tip) < 0 || outline(d, x, y, bw, bh, col_outline) < 0)
        return -1;
    for (int i = 0; i < n; i++)
        if (text_at(d, x + pad, y + pad / 2 + i * lh, lines[i], col_text) < 0)
            return -1;
    return 0;
}

SDL_Surface *draw_read(struct draw *d, int w, int h)
{
    SDL_Surface *pic;

    if (w < 1 || h < 1) {
        SDL_SetError("empty image");
        return NULL;
    }
    pic = SDL_CreateRGBSurfaceWithFormat(0, w, h, 24, SDL_PIXELFORMAT_RGB24);
    if (!pic) {
        SDL_SetError("out of memory for a %dx%d screenshot", w, h);
        return NULL;
    }
    if (SDL_RenderReadPixels(d->r, NULL, SDL_PIXELFORMAT_RGB24, pic->pixels, pic->pitch) < 0) {
        SDL_FreeSurface(pic);
        return NULL;
    }
    return pic;
}

int draw_put_png(FILE *fp, void *pic, char *why, size_t whylen)
{
    SDL_RWops *rw = SDL_RWFromFP(fp, SDL_FALSE);
    int r;

    if (!rw) {
        snprintf(why, whylen, "%s", SDL_GetError());
        return -1;
    }
    /* 0 or -1 (IMG_GetError() says why). freedst 0: SDL2_image 2.6 does not
     * close dst on all of its failures, so the caller does. */
    r = IMG_SavePNG_RW(pic, rw, 0);
    if (r < 0)
        snprintf(why, whylen, "%s", IMG_GetError());
    /* Frees rw and leaves fp open (autoclose off); fails only on fclose. */
    if (SDL_RWclose(rw) < 0 && r == 0) {
        snprintf(why, whylen, "%s", SDL_GetError());
        r = -1;
    }
    return r < 0 ? -1 : 0;
}
