/* config.h: memview's look, timing and keys, in one place (dwm's config.def.h).
 * Colours are 0xRRGGBB. Processes and segments have palettes of their own,
 * both safe for the common kinds of colour blindness (see below). */
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

/* Process colours: Paul Tol's 12-colour qualitative scheme (SRON technical
 * note SRON/EPS/TN/09-002, 2012), chosen to stay apart for protanopes,
 * deuteranopes and tritanopes. The order keeps neighbours (P1 and P2, P2 and
 * P3 ...) apart in lightness, and P1-P4 (the labs' processes) farthest apart
 * of all, also under simulated colour blindness. Process pid takes
 * palette[(pid - 1) % 12]; from pid 13 the colours come round again with
 * diagonal stripes, from pid 25 with cross-hatching (layout_pid_pattern), and
 * the cell label and the legend name each process. */
static const uint32_t palette[] = {
    0xddcc77, /* sand */
    0x661100, /* brown */
    0x88ccee, /* cyan */
    0x332288, /* indigo */
    0x999933, /* olive */
    0x117733, /* green */
    0xcc6677, /* rose */
    0x882255, /* wine */
    0x6699cc, /* blue */
    0xaa4466, /* raspberry */
    0x44aa99, /* teal */
    0xaa4499, /* purple */
};
#define PALETTE_N 12

/* Segment colours by id (0-4): a palette of their own, picked from Okabe and
 * Ito's and Tol's colour-blind-safe sets for being farthest (in CIELAB, also
 * under simulated protanopia, deuteranopia and tritanopia) from every process
 * colour above. Segment blocks and their swatches also get a dark frame
 * (col_seg_frame), which process cells never have. */
static const uint32_t seg_palette[] = {
    0xe69f00, /* orange (Okabe-Ito) */
    0x0077bb, /* blue (Tol vibrant) */
    0xbbcc33, /* pear (Tol light) */
    0xffaabb, /* pink (Tol light) */
    0xd55e00, /* vermillion (Okabe-Ito) */
};
#define SEG_PALETTE_N 5
static const uint32_t col_seg_frame = 0x1a1a1a; /* The frame of segment blocks and swatches. */

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

/* Virtual memory (the view of a status file with VM on). Paul Tol's pale
 * scheme for the cells of the hit/miss strip and the exam table, his bright
 * scheme for the policies' lines in the compare chart. */
static const uint32_t col_swapped = 0x9a9a9a;   /* A virtual page in swap. */
static const uint32_t col_hit = 0xccddaa;       /* A hit (pale green). */
static const uint32_t col_fault = 0xffcccc;     /* A fault (pale red). */
static const uint32_t col_future = 0xdddddd;    /* A reference still to come (OPT). */
static const uint32_t col_flag_r = 0x4477aa;    /* The R (reference) bit's chip. */
static const uint32_t col_flag_d = 0xcc3311;    /* The D (dirty) bit's chip. */
static const uint32_t col_victim = 0xcc3311;    /* The ring of the last victim. */
static const uint32_t col_hand = 0x1a1a1a;      /* The clock hand. */
static const uint32_t col_tlb_rim = 0x1a1a1a;   /* The ring of the TLB's last entry. */
static const int chart_min_lines = 7;           /* Shortest compare chart, in lines of text. */
static const int tlb_rows_max = 6;              /* Most rows of TLB entries a view shows. */
static const uint32_t col_prot_x = 0xee7733;    /* Band of an executable page (orange). */
static const uint32_t col_prot_ro = 0x0077bb;   /* Band of a read-only page (blue). */
static const uint32_t col_split_vpn = 0xbbccee; /* The VPN field of the split (pale blue). */
static const uint32_t col_split_off = 0xeeeebb; /* The offset field (pale yellow). */
static const int table_shade = 55;              /* A table frame: its process's colour at this
                                                   percent, hatched with the colour itself. */
/* Page tables in frames: the fields of the last walk's split, one a level
 * (top first; Tol's pale scheme), and the arrows from each to the table
 * frame it reads (the same hues, dark); the offset's arrow to the data
 * frame is col_walk_data. */
static const uint32_t col_walk_field[] = {0xbbccee, 0xcceeff, 0xccddaa, 0xffcccc};
static const uint32_t col_walk_arrow[] = {0x224488, 0x1177aa, 0x557711, 0xaa3333};
static const uint32_t col_walk_data = 0x1a1a1a;
/* The heap (layout_heap.c). */
static const unsigned heap_header_shade = 60; /* A block's header: its colour at this percent. */
static const unsigned heap_pad_tint = 60;     /* Its padding: this percent toward white, */
                                              /* hatched with the colour itself. */
static const int heap_tree_row_min = 6;       /* Shortest row of the buddy tree. */
static const int heap_slab_min_px = 16;       /* Narrowest slab in a cache's row. */
/* A quiz (layout_quiz.c): the answer slots by state (Tol's pale scheme, as
 * the hit/miss strip; the words in the slot tell them apart too: a wrong
 * one also shows the key), the picture's cells. */
static const uint32_t col_q_open = 0xffffff;  /* An open question: "?". */
static const uint32_t col_q_right = 0xccddaa; /* Answered right (pale green). */
static const uint32_t col_q_wrong = 0xffcccc; /* Answered wrong (pale red): yours, the key. */
static const uint32_t col_q_shown = 0xdddddd; /* Revealed without an answer (grey). */
static const uint32_t col_q_cell = 0xbbccee;  /* A valid entry, a used page (pale blue). */
static const uint32_t col_q_mark = 0x4477aa;  /* The page directory's page (multilevel). */
static const int quiz_slot_max = 40;          /* The answer column: at most this percent of */
                                              /* the width. */
#define EXAM_FRAMES 8 /* The exam table shows memories of this many frames or fewer. */
/* The policies' colours, by enum vm_policy: fifo, lru, opt, mru, clock,
 * random, ostep-clock. */
static const uint32_t policy_palette[] = {0x4477aa, 0xee6677, 0x228833, 0xccbb44,
                                          0x66ccee, 0xaa3377, 0x555555};

#ifdef MV_CONFIG_KEYS
/* The keys (dwm's keys[]), for main.c alone: it defines struct key and
 * declares the handlers before it includes this file with MV_CONFIG_KEYS.
 * A key press runs the handler of the row that has its keycode; the help
 * (h or ?) lists the rows as "  name: help". Keycodes are SDL's SDLK_*,
 * up to three a row (0: none). */
static const struct key keys[] = {
    /* {keycodes}, name, help, handler */
    {{SDLK_q, SDLK_ESCAPE, 0}, "q or Esc", "quit", key_quit},
    {{SDLK_r, 0, 0}, "r", "reload the status file now", key_reload},
    {{SDLK_s, 0, 0}, "s", "save a PNG next to the status file", key_shot},
    {{SDLK_PLUS, SDLK_EQUALS, SDLK_KP_PLUS}, "+ or =", "larger (also keypad +)", key_larger},
    {{SDLK_MINUS, SDLK_KP_MINUS, 0}, "-", "smaller (also keypad -)", key_smaller},
    {{SDLK_0, SDLK_KP_0, 0}, "0", "automatic size (follows the window)", key_auto},
    {{SDLK_h, SDLK_QUESTION, SDLK_SLASH}, "h or ?", "show or hide this help", key_help},
};
#endif

#endif
