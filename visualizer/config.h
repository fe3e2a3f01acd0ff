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
static const uint32_t col_mark = 0x000000;        /* Ring and line of the last translation. */
static const uint32_t col_caption = 0x2d5f8a;     /* A script's echo caption. */
static const int mark_px = 3;                     /* Thickness of the translation's ring. */

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

static const int font_px = 14;        /* Text size in pixels. */
static const int margin = 12;         /* Space around and between parts. */
static const int frame_bar_max = 120; /* Tallest frame bar. */
static const int frame_bar_min = 22;  /* Shortest frame bar. */
static const int seg_bar_max = 90;    /* Tallest segment bar. */
static const int seg_bar_min = 20;    /* Shortest segment bar. */
static const int cell_min_px = 3;     /* Narrower cells become summary columns. */
static const int legend_rows_max = 4; /* Legend rows in a single view. */
static const int poll_ms = 1000;      /* stat() the status file this often. */
static const int stale_after_s = 5;   /* Say "last change N s ago" after this. */
static const int default_w = 1280;    /* Window size at start. */
static const int default_h = 800;

#endif
