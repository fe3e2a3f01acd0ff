/* test_render.c: renders memory_status.sample with the software renderer
 * into a memory surface and checks the pixels of known frames, segments
 * and holes. Needs no display. */
#include <SDL.h>
#include <SDL_ttf.h>
#include <limits.h>
#include <string.h>

#include "config.h"
#include "draw.h"
#include "font.h"
#include "layout.h"
#include "status.h"
#include "test.h"
#include "vm_states.h"

/* Returns the pixel at (x, y) of surf as 0xRRGGBB. */
static uint32_t pixel(SDL_Surface *surf, int x, int y)
{
    Uint8 r, g, b;
    Uint32 p = *(Uint32 *)((Uint8 *)surf->pixels + y * surf->pitch + x * 4);

    SDL_GetRGB(p, surf->format, &r, &g, &b);
    return (uint32_t)r << 16 | (uint32_t)g << 8 | b;
}

/* Finds the box of kind k with a == a; NULL if none. */
static const struct lay_box *find(const struct layout *lo, enum lay_kind k, int64_t a)
{
    for (int i = 0; i < lo->nboxes; i++)
        if (lo->boxes[i].kind == k && lo->boxes[i].a == a)
            return &lo->boxes[i];
    return NULL;
}

/* Renders st at w x h and checks the sample's frames, segments and holes. */
static void check_sample(const struct status *st, TTF_Font *font, int w, int h)
{
    /* The owner of each frame in memory_status.sample (0 = free). */
    static const int owner[16] = {1, 1, 1, 4, 4, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGB888);
    struct draw d = {0};

    d.font = font;
    struct lay_view view = {st, "memory_status.sample", NULL, 0, 0};
    struct layout lo = {0};
    const struct lay_box *b;

    TEST(surf != NULL);
    if (!surf)
        return;
    d.r = SDL_CreateSoftwareRenderer(surf);
    TEST(d.r != NULL);
    TEST(layout_compute(&lo, &view, 1, w, h, draw_measure, &d) == 0);
    TEST(draw_layout(&d, &lo) == 0);
    SDL_RenderPresent(d.r);

    for (int f = 0; f < 16; f++) {
        b = find(&lo, LAY_FRAME, f);
        TEST(b != NULL);
        if (!b)
            continue;
        /* Bottom-left inside the outline, away from the centred label. */
        uint32_t got = pixel(surf, b->r.x + 2, b->r.y + b->r.h - 3);
        uint32_t want = owner[f] ? palette[(owner[f] - 1) % PALETTE_N] : col_free;
        int wrong = 0;
        TEST_MSG(got == want, "frame colour");
        /* The whole row inside the outline, below the label: boxes are
         * filled in strips (draw.c), and no strip may be missing. */
        for (int x = b->r.x + 1; x < b->r.x + b->r.w - 1; x++)
            wrong += pixel(surf, x, b->r.y + b->r.h - 2) != want;
        TEST_MSG(wrong == 0, "a frame's fill has a gap");
    }
    /* Free frames and used frames must look different. */
    TEST(col_free != palette[0] && col_free != palette[2] && col_free != palette[3]);

    /* Segments 0 code (0-1199), 1 data (1200-1399), 2 stack (1500-3499). */
    for (int id = 0; id < 3; id++) {
        b = find(&lo, LAY_SEGMENT, id);
        TEST(b != NULL);
        /* Inside its outline; a block too narrow for an inside is skipped. */
        if (b && b->r.w >= 5)
            TEST_MSG(pixel(surf, b->r.x + 3, b->r.y + b->r.h - 4) ==
                         seg_palette[id % SEG_PALETTE_N],
                     "segment colour");
    }
    /* The holes: 1400-1499 and 3500-65535, hatched. */
    b = find(&lo, LAY_HOLE, 3500);
    TEST(b != NULL);
    if (b) {
        int hole_px = 0, line_px = 0;
        for (int x = b->r.x + 1; x < b->r.x + b->r.w - 1; x++) {
            uint32_t p = pixel(surf, x, b->r.y + b->r.h / 4);
            hole_px += p == col_hole;
            line_px += p == col_hole_line;
        }
        TEST(hole_px > 0 && line_px > 0);
        /* To scale: 62036 of 65536 bytes is about 94.7% of the bar. */
        const struct lay_box *s0 = find(&lo, LAY_SEGMENT, 0);
        if (s0) {
            int bar = b->r.x + b->r.w - s0->r.x;
            TEST(b->r.w * 1000 / bar >= 940 && b->r.w * 1000 / bar <= 953);
        }
    }
    TEST(find(&lo, LAY_HOLE, 1400) != NULL);
    /* Background outside the views. */
    TEST(pixel(surf, 0, 0) == col_panel || pixel(surf, 0, 0) == col_bg);

    layout_free(&lo);
    draw_free(&d);
    SDL_DestroyRenderer(d.r);
    SDL_FreeSurface(surf);
}

/* One state drawn at w x h with the software renderer into a memory
 * surface, for the checks below. */
struct picture {
    SDL_Surface *surf;
    struct draw d;
    struct layout lo;
};

/* Lays out and draws the n views into pic at w x h. Returns 0, or -1
 * (counted as a failure) with pic released. */
static int picture_draw_views(struct picture *pic, const struct lay_view *views, int n,
                              TTF_Font *font, int w, int h)
{
    memset(pic, 0, sizeof *pic);
    pic->d.font = font;
    pic->surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_RGB888);
    pic->d.r = pic->surf ? SDL_CreateSoftwareRenderer(pic->surf) : NULL;
    TEST(pic->d.r != NULL);
    if (pic->d.r && layout_compute(&pic->lo, views, n, w, h, draw_measure, &pic->d) == 0 &&
        draw_layout(&pic->d, &pic->lo) == 0) {
        SDL_RenderPresent(pic->d.r);
        return 0;
    }
    TEST(!"layout or drawing failed");
    return -1;
}

/* Lays out and draws st (one view called name) into pic. Returns 0, or -1
 * (counted as a failure) with pic released. */
static int picture_draw(struct picture *pic, const struct status *st, const char *name,
                        TTF_Font *font, int w, int h)
{
    struct lay_view view = {st, name, NULL, 0, -1};

    return picture_draw_views(pic, &view, 1, font, w, h);
}

/* Releases what picture_draw made. Safe after a failed picture_draw. */
static void picture_free(struct picture *pic)
{
    layout_free(&pic->lo);
    draw_free(&pic->d);
    if (pic->d.r)
        SDL_DestroyRenderer(pic->d.r);
    if (pic->surf)
        SDL_FreeSurface(pic->surf);
    memset(pic, 0, sizeof *pic);
}

/* A segment one or two pixels wide is drawn in its colour, not hidden under
 * its outline: five small segments at the start of a large memory. */
static void check_narrow_segments(TTF_Font *font)
{
    struct status st;
    struct picture pic;
    struct note n;
    char err[256] = "";
    static const uint64_t sizes[] = {1000, 2000, 30000, 1000, 500000};

    TEST_MSG(status_init(&st, 16, 4096, PG_FIRST, 1, 1000000, SEG_FIRST, err, sizeof err) == 0,
             err);
    for (int i = 0; i < 5; i++) {
        char name[16];
        snprintf(name, sizeof name, "s%d", i);
        TEST_MSG(seg_alloc(&st.sm, name, sizes[i], &n) >= 0, n.what);
    }
    if (picture_draw(&pic, &st, "narrow", font, 1280, 800) == 0)
        for (int id = 0; id < 5; id++) {
            const struct lay_box *b = find(&pic.lo, LAY_SEGMENT, id);
            int coloured = 0;
            TEST(b != NULL);
            if (!b)
                continue;
            for (int x = b->r.x; x < b->r.x + b->r.w; x++)
                coloured += pixel(pic.surf, x, b->r.y + b->r.h - 3) == layout_seg_colour(id);
            /* All of it under 5 px; inside its frame (two lines a side) above. */
            TEST_MSG(coloured >= (b->r.w < 5 ? b->r.w : b->r.w - 4), "a narrow segment is grey");
        }
    picture_free(&pic);
    status_free(&st);
}

/* 1,048,576 frames at random for four processes (1, 1, 1/2 and 1/4 GiB):
 * each process's colour covers about its share of the frame bar's pixels. */
static void check_owners(TTF_Font *font)
{
    static const uint64_t pages[4] = {262144, 262144, 131072, 65536};
    struct status st;
    struct note n;
    char err[256];
    long px[4] = {0}, bar = 0;
    const int w = 1280, h = 800;

    TEST(status_init(&st, 1048576, 4096, PG_RANDOM, 1, 65536, SEG_FIRST, err, sizeof err) == 0);
    for (int p = 0; p < 4; p++)
        TEST(pg_alloc(&st.pg, p + 1, pages[p] * 4096, &n) == 0);
    struct picture pic;
    if (picture_draw(&pic, &st, "million", font, w, h) == 0) {
        for (int i = 0; i < pic.lo.nboxes; i++) {
            const struct lay_box *b = &pic.lo.boxes[i];
            if (b->kind != LAY_COLUMN)
                continue;
            for (int y = b->r.y; y < b->r.y + b->r.h; y++) {
                uint32_t c = pixel(pic.surf, b->r.x, y);
                for (int p = 0; p < 4; p++)
                    px[p] += c == layout_pid_colour(p + 1);
                bar += c != col_free;
            }
        }
        /* Shares of the used frames: 4/11, 4/11, 2/11, 1/11, within 15%. */
        for (int p = 0; p < 4; p++) {
            double want = (double)pages[p] / (262144 * 2 + 131072 + 65536) * (double)bar;
            TEST_MSG(px[p] > want * 0.85 && px[p] < want * 1.15, "a process's pixels in the bar");
        }
    }
    picture_free(&pic);
    status_free(&st);
}

/* The second cue: P13 has P1's colour, with stripes; P25 is cross-hatched.
 * Segments wear a dark frame that process cells never have. */
static void check_patterns(TTF_Font *font)
{
    struct status st;
    struct note n;
    char err[256];
    const int w = 1280, h = 800;

    TEST(status_init(&st, 32, 4096, PG_FIRST, 1, 1000, SEG_FIRST, err, sizeof err) == 0);
    for (int p = 1; p <= 25; p++)
        TEST(pg_alloc(&st.pg, p, 4096, &n) == 0);
    TEST(seg_alloc(&st.sm, "code", 500, &n) == 0);
    struct picture pic;
    if (picture_draw(&pic, &st, "patterns", font, w, h) == 0) {
        static const int frame[3] = {0, 12, 24}; /* P1, P13, P25. */
        int other[3] = {0};
        for (int k = 0; k < 3; k++) {
            const struct lay_box *b = find(&pic.lo, LAY_FRAME, frame[k]);
            TEST(b != NULL);
            if (!b)
                continue;
            /* The lowest rows inside the outline, below any label. */
            for (int y = b->r.y + b->r.h - 8; y < b->r.y + b->r.h - 1; y++)
                for (int x = b->r.x + 1; x < b->r.x + b->r.w - 1; x++)
                    other[k] += pixel(pic.surf, x, y) != palette[0];
        }
        TEST_MSG(other[0] == 0, "P1's cell is plain");
        TEST_MSG(other[1] > 5 && other[2] > other[1], "P13 striped, P25 cross-hatched");
        const struct lay_box *s = find(&pic.lo, LAY_SEGMENT, 0);
        TEST(s && pixel(pic.surf, s->r.x, s->r.y + s->r.h / 2) == col_seg_frame);
        TEST(s && pixel(pic.surf, s->r.x + 1, s->r.y + s->r.h / 2) == col_seg_frame);
    }
    picture_free(&pic);
    status_free(&st);
}

/* draw_measure keeps sizes between frames, in sets that fill up and give
 * slots back: each of three times as many labels as it keeps, asked for
 * twice in turn, is the size TTF_SizeUTF8 gives. And the labels drawn by a
 * second, cached, rendering of the sample are the pixels of the first, as
 * the cache evicts and renders again. */
static void check_caches(const struct status *st, TTF_Font *font)
{
    struct draw d = {0};
    int same = 0, asked = 0;
    char text[64];

    d.font = font;
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 3 * DRAW_CACHE; i++) {
            int w = -1, h = -1, tw = -2, th = -2;
            snprintf(text, sizeof text, "P%d  %d pages, %d B", i, i % 7 + 1, i * 37);
            draw_measure(&d, text, &w, &h);
            same += TTF_SizeUTF8(font, text, &tw, &th) == 0 && w == tw && h == th && w > 0;
            asked++;
        }
    TEST_MSG(same == asked, "a cached size differs from TTF_SizeUTF8's");

    /* A new text size: the sizes kept at the old one are gone. */
    {
        int w14 = 0, h14 = 0, w28 = 0, h28 = 0;
        TEST(draw_set_px(&d, font_px) == 0);
        draw_measure(&d, "P1  3 pages", &w14, &h14);
        TEST(draw_set_px(&d, 2 * font_px) == 0 && d.px == 2 * font_px);
        draw_measure(&d, "P1  3 pages", &w28, &h28);
        TEST_MSG(w28 > w14 * 3 / 2 && h28 > h14 * 3 / 2, "a size measured at 14 px kept at 28 px");
        TEST(draw_set_px(&d, font_px) == 0);
        draw_measure(&d, "P1  3 pages", &w28, &h28);
        TEST(w28 == w14 && h28 == h14);
    }
    draw_free(&d);
    draw_free(&d); /* Twice is safe. */

    SDL_Surface *a = SDL_CreateRGBSurfaceWithFormat(0, 800, 600, 32, SDL_PIXELFORMAT_RGB888);
    SDL_Surface *b = SDL_CreateRGBSurfaceWithFormat(0, 800, 600, 32, SDL_PIXELFORMAT_RGB888);
    SDL_Renderer *ra = a ? SDL_CreateSoftwareRenderer(a) : NULL;
    SDL_Renderer *rb = b ? SDL_CreateSoftwareRenderer(b) : NULL;
    TEST(ra != NULL && rb != NULL);
    if (ra && rb) {
        struct draw da = {0}, db = {0};
        struct lay_view view = {st, "memory_status.sample", NULL, 0, -1};
        struct layout lo;
        da.font = db.font = font;
        da.r = ra;
        db.r = rb;
        TEST(layout_compute(&lo, &view, 1, 800, 600, draw_measure, &da) == 0);
        TEST(draw_layout(&da, &lo) == 0);
        /* db draws many other labels first (every set of both caches full),
         * then the sample, twice. */
        int ok = 1;
        for (int i = 0; i < 3 * DRAW_CACHE; i++) {
            const char *line[1] = {text};
            snprintf(text, sizeof text, "label %d", i);
            ok &= draw_lines(&db, 0, 0, line, 1, 800, 600) == 0;
        }
        TEST(ok);
        TEST(draw_layout(&db, &lo) == 0 && draw_layout(&db, &lo) == 0);
        TEST(SDL_LockSurface(a) == 0 && SDL_LockSurface(b) == 0);
        TEST(memcmp(a->pixels, b->pixels, (size_t)a->pitch * 600) == 0);
        SDL_UnlockSurface(a);
        SDL_UnlockSurface(b);
        layout_free(&lo);
        draw_free(&da);
        draw_free(&db);
    }
    if (ra)
        SDL_DestroyRenderer(ra);
    if (rb)
        SDL_DestroyRenderer(rb);
    SDL_FreeSurface(a);
    SDL_FreeSurface(b);
}

/* 1 when a point or line drawn after box i covers box i's centre. */
static int covered(const struct layout *lo, int i)
{
    const struct lay_rect *r = &lo->boxes[i].r;
    int x = r->x + r->w / 2, y = r->y + r->h / 2;

    for (int j = i + 1; j < lo->nboxes; j++) {
        const struct lay_box *b = &lo->boxes[j];
        if ((b->kind == LAY_POINT || b->kind == LAY_LINE) && x >= b->r.x && y >= b->r.y &&
            x < b->r.x + b->r.w && y < b->r.y + b->r.h)
            return 1;
    }
    return 0;
}

/* The pixels of a VM picture of st. */
static void check_vm_pixels(const struct picture *pic, const struct status *st)
{
    const struct vm *vm = &st->vm;
    int chips = 0, cells = 0, points = 0;

    for (int i = 0; i < pic->lo.nboxes; i++) {
        const struct lay_box *b = &pic->lo.boxes[i];
        const struct lay_rect *r = &b->r;
        /* Low in the middle: away from labels and a neighbour's ring. */
        uint32_t low = pixel(pic->surf, r->x + r->w / 2, r->y + r->h - 2);
        if (b->kind == LAY_FRAME) {
            int32_t pid = vm->frames[b->a].pid;
            TEST_MSG(low == (pid ? layout_pid_colour(pid) : col_free), "a VM frame's colour");
        } else if (b->kind == LAY_FLAG && (b->c == 'R' || b->c == 'D')) {
            chips++;
            TEST_MSG(low == (b->c == 'R' ? col_flag_r : col_flag_d), "an R or D chip");
        } else if (b->kind == LAY_HAND) {
            TEST_MSG(pixel(pic->surf, r->x + r->w / 2, r->y + r->h - 1) == col_hand, "the hand");
            TEST(pixel(pic->surf, r->x, r->y) != col_hand); /* A triangle, not a box. */
        } else if (b->kind == LAY_RING && b->b == 0) {
            TEST_MSG(pixel(pic->surf, r->x, r->y + r->h / 2) == col_victim, "the victim's ring");
        } else if (b->kind == LAY_CELL && b->b >= 0 && b->b < (int64_t)vm->nframes && !b->c) {
            cells++;
            TEST_MSG(low == b->colour &&
                         (b->colour == col_panel || b->colour == col_hit || b->colour == col_fault),
                     "an exam cell");
        } else if (b->kind == LAY_POINT && b->b >= 0 && !covered(&pic->lo, i)) {
            points++;
            TEST_MSG(pixel(pic->surf, r->x + r->w / 2, r->y + r->h / 2) == b->colour, "a point");
        }
    }
    TEST(vm->nframes > 8 || cells > 0);
    TEST(!st->compare.have || points > 0);
    TEST(vm->nframes > 8 || chips > 0);
}

/* Writes pic as PNG to $MEMVIEW_VM_SHOTS/name-WxH.png when that variable
 * names a directory (to look at the VM pictures by eye). */
static void vm_shot(const struct picture *pic, const char *name, int w, int h)
{
    const char *dir = getenv("MEMVIEW_VM_SHOTS");
    char path[PATH_MAX], why[256] = "";
    SDL_Surface *surf;
    FILE *fp;

    if (!dir)
        return;
    snprintf(path, sizeof path, "%s/%s-%dx%d.png", dir, name, w, h);
    surf = draw_read((struct draw *)&pic->d, w, h);
    fp = surf ? fopen(path, "wb") : NULL;
    TEST_MSG(fp && draw_put_png(fp, surf, why, sizeof why) == 0, why);
    if (fp)
        fclose(fp);
    SDL_FreeSurface(surf);
}

/* Draws the VM states at 1280x800 and 1920x1080 and checks pixels: a
 * frame in its owner's colour, the R and D chips, the hand, the last
 * victim's ring, the exam table's hit and fault cells, the chart's
 * points. */
static void check_vm(TTF_Font *font)
{
    static const int sizes[2][2] = {{1280, 800}, {1920, 1080}};
    static struct vm_snap snaps[VMS_N][VMS_SNAPS];
    struct status st[VMS_N];

    if (vms_build(st, snaps) == 0)
        for (int z = 0; z < 2; z++)
            for (int k = 0; k < VMS_N; k++) {
                int w = sizes[z][0], h = sizes[z][1];
                struct picture pic;
                TEST(TTF_SetFontSize(font, layout_font_px(w, h, 1, 1)) == 0);
                if (picture_draw(&pic, &st[k], vms_names[k], font, w, h) == 0) {
                    check_vm_pixels(&pic, &st[k]);
                    vm_shot(&pic, vms_names[k], w, h);
                }
                picture_free(&pic);
            }
    TEST(TTF_SetFontSize(font, font_px) == 0);
    vms_free(st);
}

/* Page tables in frames, drawn from the version 6 fuzz seeds at 1280x800
 * and 1920x1080: each table frame's cell shows both its shaded colour and
 * its process's own (the hatching) along a row low in it; each arrow of the
 * walk has its colour at its tip (the head) and at its foot. */
static void check_ptable(TTF_Font *font)
{
    static const int sizes[2][2] = {{1280, 800}, {1920, 1080}};
    static const char *const files[] = {"tests/fuzz/status/vm-ptable",
                                        "tests/fuzz/status/vm-ptable-linear"};

    for (size_t k = 0; k < sizeof files / sizeof files[0]; k++)
        for (int z = 0; z < 2; z++) {
            int w = sizes[z][0], h = sizes[z][1], tables = 0, arrows = 0;
            struct status st;
            struct picture pic;
            char err[512] = "";
            const char *name = strrchr(files[k], '/') + 1;
            TEST_MSG(status_parse_file(files[k], &st, STATUS_DISPLAY_ONLY, err, sizeof err) == 0,
                     err);
            TEST(TTF_SetFontSize(font, layout_font_px(w, h, 1, 1)) == 0);
            if (picture_draw(&pic, &st, name, font, w, h) == 0) {
                for (int i = 0; i < pic.lo.nboxes; i++) {
                    const struct lay_box *b = &pic.lo.boxes[i];
                    const struct lay_rect *r = &b->r;
                    if (b->kind == LAY_FRAME && b->c > 0) {
                        int dark = 0, own = 0;
                        for (int x = r->x + 2; x < r->x + r->w - 2; x++) {
                            uint32_t p = pixel(pic.surf, x, r->y + r->h - 3);
                            dark += p == b->colour;
                            own += p == (uint32_t)b->used;
                        }
                        tables++;
                        TEST_MSG(dark > own && own > 0, "a table frame: shaded and hatched");
                    } else if (b->kind == LAY_ARROW) {
                        int xt = b->fill ? r->x + r->w - 1 : r->x,
                            xb = b->fill ? r->x : r->x + r->w - 1;
                        arrows++;
                        TEST_MSG(pixel(pic.surf, xt, r->y + 1) == b->colour, "an arrow's head");
                        TEST_MSG(pixel(pic.surf, xb, r->y + r->h - 1) == b->colour,
                                 "an arrow's foot");
                    }
                }
                TEST_MSG(tables == (int)st.vm.table_frames, name);
                TEST_MSG(arrows == (st.vm.walk.levels ? 3 : 1), name);
                vm_shot(&pic, name, w, h);
            }
            picture_free(&pic);
            status_free(&st);
        }
    TEST(TTF_SetFontSize(font, font_px) == 0);
}

/* Counts the pixels of row y from x, w wide, of colour c. */
static int row_count(SDL_Surface *surf, int x, int y, int w, uint32_t c)
{
    int n = 0;

    for (int k = 0; k < w; k++)
        n += pixel(surf, x + k, y) == c;
    return n;
}

/* The pixels of a heap picture: a block in its colour low in its box
 * (away from its label), its header darker, its padding pale with lines
 * of the block's colour, free space hatched, a buddy tree's blocks and a
 * full slot in their colours. Returns how many boxes it looked at. */
static int check_heap_pixels(const struct picture *pic)
{
    int seen = 0;

    for (int i = 0; i < pic->lo.nboxes; i++) {
        const struct lay_box *b = &pic->lo.boxes[i];
        const struct lay_rect *r = &b->r;
        int low = r->y + r->h - 2, w = r->w - 2;
        if (w < 3 || r->h < 4)
            continue;
        if (b->kind == LAY_HBLOCK || (b->kind == LAY_HPART && b->c == 0) ||
            (b->kind == LAY_HNODE && b->fill == 1)) {
            seen++;
            TEST_MSG(row_count(pic->surf, r->x + 1, low, w, b->colour) > 0, "a block's colour");
        } else if (b->kind == LAY_HPART && w >= 8) {
            seen++;
            TEST_MSG(row_count(pic->surf, r->x + 1, low, w, b->colour) > 0 &&
                         row_count(pic->surf, r->x + 1, low, w, (uint32_t)b->used) > 0,
                     "padding: pale, hatched in the block's colour");
        } else if (((b->kind == LAY_HHOLE && b->fill == 0) ||
                    (b->kind == LAY_HNODE && b->fill == 2)) &&
                   w >= 12 && !b->text[0]) { /* A label sits on a patch of its own. */
            seen++;
            char what[LAY_TEXT_MAX + 96];
            snprintf(what, sizeof what, "free space hatched: kind %d at %d,%d %dx%d '%s'", b->kind,
                     r->x, r->y, r->w, r->h, b->text);
            TEST_MSG(row_count(pic->surf, r->x + 1, low, w, col_hole) > 0 &&
                         row_count(pic->surf, r->x + 1, low, w, col_hole_line) > 0,
                     what);
        } else if (b->kind == LAY_HSLOT && b->fill == r->h && r->w >= 5) {
            seen++;
            TEST_MSG(pixel(pic->surf, r->x + r->w / 2, low) == b->colour, "a used slot");
        }
    }
    return seen;
}

/* The heap's pictures from the fuzz seeds of each allocator, alone at
 * 1280x800 and 1920x1080 and the four stacked (compare mode), their pixels
 * checked; the pictures go to $MEMVIEW_VM_SHOTS when it is set. */
static void check_heap(TTF_Font *font)
{
    static const int sizes[2][2] = {{1280, 800}, {1920, 1080}};
    static const char *const files[] = {
        "tests/fuzz/status/heap-freelist", "tests/fuzz/status/heap-buddy",
        "tests/fuzz/status/heap-slab", "tests/fuzz/status/heap-pool"};
    enum { N = sizeof files / sizeof files[0] };
    struct status st[N];
    struct lay_view views[N];
    struct picture pic;
    char err[512] = "";
    int ok = 1;

    for (int k = 0; k < N; k++) {
        int r = status_parse_file(files[k], &st[k], STATUS_DISPLAY_ONLY, err, sizeof err);
        TEST_MSG(r == 0 && st[k].heap_on, err);
        ok &= r == 0;
        views[k] = (struct lay_view){&st[k], strrchr(files[k], '/') + 1, NULL, 0, -1};
    }
    for (int z = 0; ok && z < 2; z++) {
        int w = sizes[z][0], h = sizes[z][1];
        for (int k = 0; k < N; k++) {
            TEST(TTF_SetFontSize(font, layout_font_px(w, h, 1, 1)) == 0);
            if (picture_draw(&pic, &st[k], views[k].path, font, w, h) == 0) {
                TEST_MSG(check_heap_pixels(&pic) >= 4, views[k].path);
                vm_shot(&pic, views[k].path, w, h);
            }
            picture_free(&pic);
        }
        TEST(TTF_SetFontSize(font, layout_font_px(w, h, N, 1)) == 0);
        if (picture_draw_views(&pic, views, N, font, w, h) == 0) {
            TEST(check_heap_pixels(&pic) >= 4 * N);
            vm_shot(&pic, "heap-compare", w, h);
        }
        picture_free(&pic);
    }
    for (int k = 0; k < N; k++)
        status_free(&st[k]);
    TEST(TTF_SetFontSize(font, font_px) == 0);
}

int main(void)
{
    struct status st;
    char err[512], path[PATH_MAX];
    TTF_Font *font = NULL;
    int r = status_parse_file("memory_status.sample", &st, STATUS_DISPLAY_ONLY, err, sizeof err);

    TEST_MSG(r == 0, err);
    TEST_MSG(font_find(path, sizeof path, err, sizeof err) == 0, err);
    TEST(TTF_Init() == 0);
    font = TTF_OpenFont(path, font_px);
    TEST(font != NULL);
    if (r == 0 && font) {
        check_sample(&st, font, 1280, 800);
        check_sample(&st, font, 800, 600);
        check_sample(&st, font, 640, 480);
        check_caches(&st, font);
        check_owners(font);
        check_patterns(font);
        check_vm(font);
        check_ptable(font);
        check_heap(font);
    }
    if (font)
        check_narrow_segments(font);
    if (font)
        TTF_CloseFont(font);
    TTF_Quit();
    SDL_Quit();
    if (r == 0)
        status_free(&st);
    return TEST_DONE();
}
