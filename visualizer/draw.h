/* draw.h: paints a layout with SDL2 and SDL2_ttf. The only module besides
 * main.c that includes SDL; it also reads the picture back and encodes it
 * as PNG (SDL2_image). */
#ifndef MV_DRAW_H
#define MV_DRAW_H

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdio.h>

#include "layout.h"

struct draw_text; /* A cached rendering of one label (draw.c). */
struct draw_size; /* A cached measurement of one label (draw.c). */

#define DRAW_CACHE 512 /* Labels kept as textures, and sizes, between frames. */
#define DRAW_WAYS  4   /* Slots a label may take in each cache (a set). */

struct draw {
    SDL_Renderer *r;                     /* Where to paint (a window's or a surface's). */
    TTF_Font *font;                      /* The label font; change it only after draw_free. */
    int px;                              /* Its size as draw_set_px last set it, or 0. */
    struct draw_text *cache[DRAW_CACHE]; /* Rendered labels, by hash of text and colour. */
    struct draw_size *sizes[DRAW_CACHE]; /* Measured labels, by hash of text. */
    unsigned evict;                      /* Which slot of a full set goes next. */
};

/* Releases the cached label textures and sizes (not r or font). Safe to call
 * twice. */
void draw_free(struct draw *d);

/* Sets the font to px pixels (TTF_SetFontSize) and, when that changes the
 * size, releases the cached labels and sizes, which were made at the old one.
 * Returns 0, or -1 when SDL_ttf refused (TTF_GetError() says why; d->px is
 * then unchanged). */
int draw_set_px(struct draw *d, int px);

/* The lay_measure callback: ctx is a struct draw. Sizes text with the font,
 * once per text: the layout asks again for the same labels every frame. */
void draw_measure(void *ctx, const char *text, int *w, int *h);

/* Paints every box of lo over the background. Returns 0, or -1 when an SDL
 * call failed (SDL_GetError() says why). */
int draw_layout(struct draw *d, const struct layout *lo);

/* Paints a box of n text lines with its top-left corner near (x, y), moved
 * to stay inside a w x h window (tooltips, help, messages). Returns 0 or -1. */
int draw_lines(struct draw *d, int x, int y, const char *const *lines, int n, int w, int h);

/* Reads the w x h pixels painted so far into a new 24-bit RGB surface (8
 * bits a channel) the caller frees with SDL_FreeSurface. Returns it, or
 * NULL (SDL_GetError() says why). */
SDL_Surface *draw_read(struct draw *d, int w, int h);

/* save_file's writer (save.h): encodes pic, an SDL_Surface from draw_read,
 * as PNG with SDL2_image into fp, which stays open. Returns 0, or -1 with
 * SDL2_image's reason in why. Write errors of fp show in ferror(fp), which
 * save_file checks: SDL2_image 2.6's libpng writer ignores them. */
int draw_put_png(FILE *fp, void *pic, char *why, size_t whylen);

#endif
