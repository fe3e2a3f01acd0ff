/* config.h: memview's look and timing, in one place (dwm's config.def.h).
 * Colours are 0xRRGGBB. The process and segment palettes are Okabe and Ito's
 * colour-blind-safe set, so neighbours stay distinguishable for every common
 * kind of colour blindness. */
#ifndef MV_CONFIG_H
#define MV_CONFIG_H

#include <stdint.h>

static const uint32_t col_bg = 0xf7f7f4;          /* Window background. */
static const uint32_t col_panel = 0xffffff;       /* Background of one view. */
static const uint32_t col_text = 0x1a1a1a;        /* Ordinary text. */
static const uint32_t col_dim = 0x5f5f5f;         /* Secondary text, ticks. */
static const uint32_t col_free = 0xe4e4e4;        /* A free frame. */
static const uint32_t col_hole = 0xf3f0e6;        /* A hole in segment memory. */
static const uint32_t col_hole_line = 0xb8b2a0;   /* Hatching of holes. */
static const uint32_t col_outline = 0x8a8a8a;     /* Cell and block borders. */
static const uint32_t col_error = 0xb3261e;       /* Error banner. */
static const uint32_t col_info = 0x2d5f8a;        /* Waiting banner. */
static const uint32_t col_banner_text = 0xffffff; /* Text on banners. */
static const uint32_t col_refused = 0xb3261e;     /* "refused" event text. */
static const uint32_t col_tip = 0xfffbe0;         /* Tooltip and help background. */

/* Process colours by pid % 7 and segment colours by id: Okabe-Ito. */
static const uint32_t palette[] = {
    0xe69f00, /* orange */
    0x56b4e9, /* sky blue */
    0x009e73, /* bluish green */
    0xf0e442, /* yellow */
    0x0072b2, /* blue */
    0xd55e00, /* vermillion */
    0xcc79a7, /* reddish purple */
};
#define PALETTE_N 7

/* Text size, from the window (layout_font_px). Let e = min(h, w * 5 / 8), the
 * height of a 16:10 window as wide as this one. Up to e = 800 (1280x800 and
 * smaller windows) the text is font_px; above, it grows by 1 px for every
 * font_grow_px pixels of e, so 1920x1080 gets 14 + 280 / 28 = 24 px and
 * 2560x1440 gets 36. With views stacked, each keeps room for view_lines lines
 * (but never below font_px_min). --scale F and the + - 0 keys multiply the
 * result (0: back to 1). */
static const int font_px = 14;         /* Text size at 1280x800 and below. */
static const int font_px_min = 10;     /* Smallest size stacked views shrink to. */
static const int font_px_max = 96;     /* Largest size, scaled or not. */
static const int font_grow_px = 28;    /* Above 800 px, 1 px more per this many. */
static const int view_lines = 14;      /* Lines of text a stacked view keeps room for. */
static const double scale_min = 0.5;   /* Smallest --scale. */
static const double scale_max = 4.0;   /* Largest --scale. */
static const double scale_step = 1.25; /* The + and - keys multiply or divide by this. */

/* Sizes in pixels for a line of text ref_line_h high (14 px text); the layout
 * scales them by its real line height, so margins and bars grow with the text. */
static const int ref_line_h = 16;     /* Line height the sizes below are meant for. */
static const int margin = 12;         /* Space around and between parts. */
static const int frame_bar_min = 22;  /* Shortest frame bar. */
static const int seg_bar_min = 20;    /* Shortest segment bar. */
static const int cell_min_px = 3;     /* Narrower cells become summary columns (not scaled). */
static const int legend_rows_max = 4; /* Legend rows in a single view. */
static const int poll_ms = 1000;      /* stat() the status file this often. */
static const int stale_after_s = 5;   /* Say "last change N s ago" after this. */
static const int default_w = 1280;    /* Window size at start. */
static const int default_h = 800;

#endif
