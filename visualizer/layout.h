/* layout.h: from status files and a window size to plain boxes and labels.
 *
 * Pure: no SDL, no I/O. The caller passes a text-measuring callback, so tests
 * check geometry with a fake font and draw.c with the real one. Each box has
 * a kind, a rectangle, a colour (0xRRGGBB) and maybe a label; draw.c paints
 * them in order, and layout_tip() answers "what is under the mouse".
 *
 * Lifetime: a layout owns everything it holds. It keeps no pointer to the
 * views, states or strings it was made from; every tooltip is written out
 * when the layout is made, into the layout's own text. So a layout may be
 * kept, hovered over and drawn after the caller's views are gone or its
 * states were reloaded and freed (memview once kept a pointer to a views[]
 * array on render()'s stack and crashed under the mouse).
 */
#ifndef MV_LAYOUT_H
#define MV_LAYOUT_H

#include <stdint.h>

#include "status.h"

#define LAY_TEXT_MAX  512  /* Longest label kept, including the NUL. */
#define LAY_LINE_MAX  2048 /* Longest line formatted before it is fitted. */
#define LAY_VIEWS_MAX 4    /* Status files shown at once. */
#define LAY_TIP_MAX   2048 /* Longest tooltip kept, including the NUL ('\n' breaks lines). */
#define LAY_TIP_LINES 24   /* Most lines a tooltip is drawn on. */

enum lay_kind {
    LAY_PANEL,   /* Background of one view. */
    LAY_BANNER,  /* Error or waiting banner (text inside). */
    LAY_TEXT,    /* A line of text at r.x, r.y. */
    LAY_FRAME,   /* One frame: a = frame; label pid:page when it fits. A VM table
                    frame (page tables in frames): c = its level + 1 (0 for any
                    other frame), colour its process's darkened, used the
                    process's own colour (hatching), label P<pid> PT<level>. */
    LAY_COLUMN,  /* Frames a..b summarised in one column; fill = used height,
                    colour = the process holding most of them. */
    LAY_SHARE,   /* Over the column before it: process a's b frames of it, a slice
                    of its filled height in proportion (at least 1 px). */
    LAY_TICK,    /* A frame index mark (a), with its number as label. */
    LAY_SWATCH,  /* A legend colour: process a (a > 0) or segment -1-a (a < 0). */
    LAY_SEGMENT, /* Segment a (id); label when it fits. */
    LAY_HOLE,    /* Hole a..b-1 (bytes); label when it fits. */
    LAY_MARK,    /* The last translation: a frame or segment (a = frame or segment id)
                    ringed, or (b = 1) the byte's position, a thin line. Drawn over
                    its bar. */
    /* Virtual memory (st->vm_on). Its frame bar is LAY_FRAME (a = b = frame)
     * or LAY_COLUMN and LAY_SHARE boxes, as paging's. */
    LAY_FLAG,   /* A chip under frame a == b whose bit c is set ('R' reference, 'D'
                   dirty), used 1; or frames a..b's share with bit c set ('r', 'd'),
                   used = how many, a summary column filled `fill` px from the bottom. */
    LAY_HAND,   /* The clock hand under frame a: a triangle pointing up at it. */
    LAY_RING,   /* A ring round something drawn before it: the last victim, frame a
                   (b = 0), a Belady rise in the compare chart (b = 1, a = row), or
                   the TLB's last entry (b = 2, a = set, c = way). */
    LAY_PAGE,   /* Virtual pages a..b of process c: one page (a == b, fill 0, or 2
                   when its stretch is too narrow to outline), coloured by its
                   state (used = enum vm_page_state); or a column (fill 1, used =
                   its pages touched), its LAY_SHARE boxes after it (their a = a
                   page state, b = its pages in that state); or a fold (fill 3):
                   a long untouched run left out, a narrow mark in the strip. */
    LAY_STEP,   /* Access at time a in the hit/miss strip: b = 1 for a hit. */
    LAY_CELL,   /* Exam table cell, column a, row b: -1 the reference, 0.. the frames,
                   nframes the H or F, nframes + 1 the victim (fill = 1: struck
                   through); used = the access's time; c = 1 for a reference
                   still to come (OPT), greyed, used 0. */
    LAY_CHART,  /* The compare chart's plot area. */
    LAY_LINE,   /* A line of the chart across its rectangle: falling (fill 0, from
                   top-left to bottom-right) or rising (fill 1); a = row. */
    LAY_POINT,  /* A point of the chart: row a, b frames, used = faults. */
    LAY_TLB,    /* A TLB entry: set a, way b; used 1 when valid (its label
                   P<pid>:<page> -> <frame>, its process's colour), fill 1 for the
                   last lookup's entry, which a LAY_RING (b = 2, a = set, c = way)
                   outlines. */
    LAY_PROT,   /* The protection mark over page a of process c: b = its TLB_R |
                   TLB_W | TLB_X bits; a band along the cell's top (address spaces
                   on: executable or read-only pages). */
    LAY_FIELD,  /* A field of the last access's address split: a = 0 the VPN, 1
                   the offset; b = its value, c = its bits; label in binary and hex.
                   Page tables in frames: a field a level (a = 0, used = the
                   level + 1, top first), then the offset (a = 1, used = 0). */
    LAY_TABLES, /* Over column box a..b of a VM frame bar (page tables in frames): its
                   frames that hold table pages, used = how many; a dark band at the
                   top of the column's filled part, in proportion (at least 1 px);
                   colour the column's darkened, c the column's own (hatching). */
    LAY_ARROW,  /* An arrow of the last walk (page tables in frames), from the top of a
                   LAY_FIELD up to a frame's cell: a = the level whose entry was read in
                   frame b (a table frame), or a = -1 from the offset to the data page's
                   frame b. r is its bounding box; fill 1 when it rises to the right
                   (from bottom-left to top-right), 0 to the left; its head at the top. */
    /* The heap (st->heap_on; layout_heap.c). Addresses count from the heap's
     * start; a and b are the first and last byte a box covers. */
    LAY_HBLOCK, /* A block in the heap bar: bytes a..b, colour its name's
                   (layout_name_colour), label the name where it fits; used = its
                   index among the blocks by address. */
    LAY_HPART,  /* Over the block before it: its header (c = 0, the colour darker)
                   or its padding (c = 1, pale, hatched with the block's colour,
                   used). */
    LAY_HHOLE,  /* Free bytes a..b in the heap bar, hatched; c = its position in the
                   free list (1 ..; 0: not a free-list entry). fill 1: a slab's
                   unused slots (plain: free to their cache only). */
    LAY_HNODE,  /* A node of the buddy tree, level c (0: the whole heap), bytes a..b:
                   fill 0 split in two, 1 a block (its colour), 2 free (hatched). */
    LAY_HSLAB,  /* A slab of a cache's row: bytes a..b, c = 0 empty, 1 partial, 2
                   full; used = its slots in use; its LAY_HSLOT boxes follow. */
    LAY_HSLOT,  /* Slab slots or pool blocks at bytes a..b: used = how many in use,
                   fill = the height that shows it (a whole cell for one item);
                   colour the first used one's name's (else col_free). */
    /* A quiz (st->quiz_on; layout_quiz.c). */
    LAY_QSLOT, /* The answer slot of question a (from 0): b = its enum quiz_qstate,
                  colour by it, label "?" (open), the answer given (right), the
                  answer given and the key (wrong) or the key (shown). */
    LAY_QCELL, /* A cell of the problem's picture (a page-table entry, a segment, a
                  heap extent, a memory page, an exam-table cell): a = its index;
                  fill 1: hatched (not valid, free, outside every segment). */
};

enum lay_pattern {
    LAY_PLAIN,   /* The colour alone. */
    LAY_STRIPES, /* Diagonal stripes over it. */
    LAY_CROSS,   /* Cross-hatching over it. */
};

struct lay_rect {
    int x, y, w, h;
};

struct lay_box {
    enum lay_kind kind;
    struct lay_rect r;
    int view;                /* Index of the view it belongs to. */
    uint32_t colour;         /* Fill (or text) colour, 0xRRGGBB. */
    uint32_t text_colour;    /* Colour of the label. */
    int pattern;             /* enum lay_pattern over the colour (a process's). */
    int64_t a, b, c;         /* What it shows; see enum lay_kind. */
    int fill;                /* LAY_COLUMN: height of the used part; */
    int64_t used;            /* the frames of a..b in use. */
    size_t tip;              /* Offset of its tooltip in layout.tips; 0: none. */
    char text[LAY_TEXT_MAX]; /* Label, or "". */
};

/* One status file to show. */
struct lay_view {
    const struct status *st; /* Last good state, or NULL when none yet. */
    const char *path;        /* The file, for titles and messages. */
    const char *banner;      /* Error or waiting message, or NULL. */
    int banner_is_error;     /* 1: draw the banner as an error. */
    long age_s;              /* Seconds since the file last changed, or -1. */
};

/* Measures text in the font: sets *w and *h in pixels. */
typedef void (*lay_measure)(void *ctx, const char *text, int *w, int *h);

/* A layout owns boxes and tips (freed by layout_free) and points to
 * nothing else. */
struct layout {
    int w, h;              /* Window size it was made for. */
    struct lay_box *boxes; /* In drawing order. */
    int nboxes, cap;
    int line_h; /* Height of a line of text. */
    int nviews;
    char *tips;                /* Tooltip texts, NUL-terminated, one after another; */
    size_t tips_len, tips_cap; /* tips[0] is "" (a box's tip 0: none). */
};

/* Lays out nviews (1..LAY_VIEWS_MAX) views stacked in a w x h window. Every
 * box lies inside the window and has non-negative size; boxes of one bar do
 * not overlap. Returns 0, or -1 when out of memory (lo then holds nothing).
 * lo is zeroed first, not freed: layout_free an old one before. Release
 * with layout_free. lo keeps nothing of views: the views, their
 * states and strings may change or go away as soon as this returns. */
int layout_compute(struct layout *lo, const struct lay_view *views, int nviews, int w, int h,
                   lay_measure measure, void *ctx);

/* Releases the boxes. Safe on a zeroed struct. */
void layout_free(struct layout *lo);

/* Writes into buf (cut to len, always terminated) a description of what is
 * at (x, y) (frame, column of frames, segment, hole, legend entry) for a
 * tooltip. Reads only lo itself. Returns 1 when something is there, else 0
 * with buf empty. */
int layout_tip(const struct layout *lo, int x, int y, char *buf, size_t len);

/* Splits s between words into at most maxlines lines of at most maxw
 * pixels (a word wider than that gets a line of its own) as measured by
 * measure, for tooltips; a '\n' in s always ends a line. Returns the lines
 * written. */
int layout_wrap(const char *s, int maxw, lay_measure measure, void *ctx,
                char (*lines)[LAY_TEXT_MAX], int maxlines);

/* Writes how long ago a file changed, as the header shows it ("", "10 s",
 * "3 min", "2 h": seconds in steps of 5 in the first minute only, so an idle
 * window is redrawn every 5 s at most, then once a minute). Returns buf. */
char *layout_age(long age_s, char *buf, size_t len);

/* Returns the text colour that reads better on background bg: dark or white. */
uint32_t layout_ink_on(uint32_t bg);

/* Returns the text size in pixels for a w x h window showing nviews views,
 * by the rule in config.h, multiplied by scale (clamped to scale_min ..
 * scale_max; 0 or less means 1, the automatic size). */
int layout_font_px(int w, int h, int nviews, double scale);

/* Returns the colour of process pid, stable across runs. */
uint32_t layout_pid_colour(int64_t pid);

/* Returns how process pid's colour is drawn, the second cue once colours
 * repeat: LAY_PLAIN for pids 1-12, LAY_STRIPES for 13-24, LAY_CROSS for
 * 25-36, then round again (the labels still tell those apart). */
int layout_pid_pattern(int64_t pid);

/* Returns the colour of a heap block named name: a hash of the name into
 * the process palette, the same in every run and every view. */
uint32_t layout_name_colour(const char *name);

/* Returns the colour of segment id (a palette apart from the processes'). */
uint32_t layout_seg_colour(int id);

#endif
