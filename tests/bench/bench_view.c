/* bench_view: how long memview takes to parse a status file, lay it out and
 * render it (software renderer, into memory), as medians of repeated runs.
 *
 *   bench_view FILE REPEATS [WxH]   prints "parse_ms L layout_ms L render_ms L"
 *
 * Used by tests/bench/bench.py (make bench); times only, no checks. */
#include <SDL.h>
#include <SDL_ttf.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench_time.h"
#include "draw.h"
#include "font.h"
#include "config.h"
#include "layout.h"
#include "status.h"

int main(int argc, char **argv)
{
    int reps = argc > 2 ? atoi(argv[2]) : 9, w = 1280, h = 800;
    double *tp, *tl, *tr;
    char err[512], font_path[PATH_MAX];
    struct draw d = {0};
    SDL_Surface *surf;

    if (argc < 3 || reps < 1) {
        fprintf(stderr, "usage: bench_view FILE REPEATS [WxH]\n");
        return 2;
    }
    if (argc > 3 && sscanf(argv[3], "%dx%d", &w, &h) != 2)
        return 2;
    tp = calloc((size_t)reps, sizeof *tp);
    tl = calloc((size_t)reps, sizeof *tl);
    tr = calloc((size_t)reps, sizeof *tr);
    if (!tp || !tl || !tr || TTF_Init() < 0 ||
        font_find(font_path, sizeof font_path, err, sizeof err) < 0)
        return 1;
    d.font = TTF_OpenFont(font_path, font_px);
    surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGB888);
    d.r = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
    if (!d.font || !d.r)
        return 1;
    for (int i = 0; i < reps; i++) {
        struct status st;
        struct layout lo;
        struct lay_view view;
        double t0 = now_ms(), t1, t2, t3;
        int r = status_parse_file(argv[1], &st, STATUS_DISPLAY_ONLY, err, sizeof err);
        if (r != 0) {
            fprintf(stderr, "bench_view: %s:%d: %s\n", argv[1], r, err);
            return 1;
        }
        t1 = now_ms();
        view = (struct lay_view){&st, argv[1], NULL, 0, -1};
        if (layout_compute(&lo, &view, 1, w, h, draw_measure, &d) < 0)
            return 1;
        t2 = now_ms();
        if (draw_layout(&d, &lo) < 0)
            return 1;
        SDL_RenderPresent(d.r);
        t3 = now_ms();
        tp[i] = t1 - t0;
        tl[i] = t2 - t1;
        tr[i] = t3 - t2;
        layout_free(&lo);
        status_free(&st);
    }
    printf("parse_ms %.3f layout_ms %.3f render_ms %.3f\n", median(tp, reps), median(tl, reps),
           median(tr, reps));
    free(tp);
    free(tl);
    free(tr);
    SDL_DestroyRenderer(d.r);
    SDL_FreeSurface(surf);
    draw_free(&d);
    TTF_CloseFont(d.font);
    TTF_Quit();
    SDL_Quit();
    return 0;
}
