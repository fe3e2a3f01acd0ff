/* layout_impl.h: what layout.c and layout_vm.c share, private to them
 * (layout.h is the public header). layout.c makes a layout: the context of
 * one layout being made (struct lctx), the boxes, labels and tooltips, the
 * frame bars, the header of each view; layout_vm.c lays out a view of
 * virtual memory (lx_vm_view) with them. Nothing here is for other files. */
#ifndef MV_LAYOUT_IMPL_H
#define MV_LAYOUT_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "layout.h"

/* What every helper needs while one layout is being made. */
struct lctx {
    struct layout *lo;
    lay_measure measure;
    void *mctx;
    int lh;              /* Line height. */
    int failed;          /* Out of memory. */
    int dry;             /* 1: only measuring; lx_add() adds nothing. */
    int seg_first;       /* Stacked views differ in their segments, not their frames. */
    int gap;             /* Space between the parts of the view being laid out. */
    uint64_t heap_scale; /* Bytes a heap bar's full width spans: the largest heap of
                            the views, so that stacked heaps share one scale. */
};

/* The frames of a bar, paging's or virtual memory's: n frames, frame f
 * held by process pid(mem, f) (0: free). */
struct owners {
    const void *mem;
    int64_t n;
    int32_t (*pid)(const void *mem, int64_t f);
};

/* A size from config.h (given for a ref_line_h line), scaled to this text. */
static inline int S(const struct lctx *c, int px)
{
    return px * c->lh / ref_line_h;
}

/* Pixel offset of item i of n spread over width w. */
static inline int at(int64_t i, int64_t n, int w)
{
    return (int)(i * w / n);
}

/* Returns the height showing `used` of `count` frames in a column h pixels
 * tall; at least 1 when anything is used, so nothing hides. */
static inline int column_fill(int64_t used, int64_t count, int h)
{
    int f = (int)(used * h / count);

    return used && f == 0 ? 1 : f;
}

/* ---- In layout.c ---------------------------------------------------------- */

/* Appends a box; returns it (zeroed but for the given fields), or NULL. */
struct lay_box *lx_add(struct lctx *c, enum lay_kind kind, int view, int x, int y, int w, int h,
                       uint32_t colour);

/* Gives box b (the one lx_add() returned last) a tooltip, copied into the
 * layout's own tips. On out of memory marks the layout failed. */
void lx_tip(struct lctx *c, struct lay_box *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Writes into dst (LAY_TEXT_MAX bytes; it may be src) the longest start of
 * src that fits in maxw pixels, ending in "..." when anything was cut.
 * Returns its width (0, with dst "", when nothing fits). */
int lx_fit(struct lctx *c, char *dst, const char *src, int maxw);

/* Returns the width of s in the layout's font. */
int lx_text_w(struct lctx *c, const char *s);

/* Adds a line of text at (x, y), cut to maxw; a cut line's tooltip is the
 * whole text. Returns its width. */
int lx_text(struct lctx *c, int view, int x, int y, int maxw, uint32_t colour, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;

/* Gives cell b of frame pid:page (h high) its label where it fits:
 * process:page, else the pid. */
void lx_cell_label(struct lctx *c, struct lay_box *b, int32_t pid, uint32_t page, int h);

/* Adds the cell of frame f of n, held by pid (0: free), in a bar (x, y,
 * w, h). Returns it, or NULL. */
struct lay_box *lx_frame_cell(struct lctx *c, int view, int64_t f, int64_t n, int32_t pid, int x,
                              int y, int w, int h);

/* A bar of columns (x, y, w, h) over the frames of ow, as many as it has
 * pixels, each summarising a range of frames. */
void lx_column_bar(struct lctx *c, int view, const struct owners *ow, int x, int y, int w, int h);

/* Frame numbers under the bar, as many as fit without touching. */
void lx_frame_ticks(struct lctx *c, int view, int64_t n, int x, int y, int w);

/* Adds a ring round r (a = what it rings) and, when line and r is at least
 * 8 px wide, a line at the fraction frac (0..1) of its width. */
void lx_ring(struct lctx *c, int view, struct lay_rect r, int64_t a, int line, double frac);

/* Returns the first box of view of kind k (or, when k2 is not k, of kind k2)
 * whose range a..b holds x, or NULL. */
const struct lay_box *lx_find_box(const struct layout *lo, int view, enum lay_kind k,
                                  enum lay_kind k2, int64_t x);

/* The row height of the VM view's strips and exam table. */
static inline int lx_row_h(const struct lctx *c)
{
    return c->lh + S(c, 4);
}

/* ---- In layout_vm.c ------------------------------------------------------- */

/* Lays out the VM view vi of st (st->vm_on) from y (below the header) to
 * bottom, w wide from x: the frames, the pages, the hits, the exam table
 * and the compare chart, as many as fit; single: the only view. Returns
 * the y below what it laid out (bottom at most). */
int lx_vm_view(struct lctx *c, int vi, const struct status *st, int single, int x, int y, int w,
               int bottom);

/* Writes the settings of virtual memory vm for a view's header. */
void lx_vm_settings(const struct vm *vm, char *buf, size_t len);

/* ---- In layout_tlb.c ------------------------------------------------------ */

/* Returns the rows of entries the TLB part of vm needs w pixels wide to
 * show them all (0 when vm has no TLB). */
int lx_tlb_rows(struct lctx *c, const struct vm *vm, int w);

/* The TLB part of VM view vi from y, w wide from x: a title line and rows
 * rows of the grid (the last lookup's entry among them). Returns the y
 * below it. */
int lx_vm_tlb(struct lctx *c, int vi, const struct vm *vm, int rows, int x, int y, int w);

/* ---- In layout_prot.c ----------------------------------------------------- */

/* With vm's address-space layer on: the protection mark of page `page` of p
 * over its cell (x0..x1, y, h): a LAY_PROT band along the bottom, for an
 * executable or a read-only page; nothing for rw- or with the layer off. */
void lx_prot_mark(struct lctx *c, int view, const struct vm *vm, const struct vm_process *p,
                  uint32_t page, int x0, int x1, int y, int h);

/* Returns the height of the split line of vm's last access: 0 with the
 * layer off or before any access. */
int lx_split_h(struct lctx *c, const struct vm *vm);

/* The split line of vm's last access from y, w wide from x: what it was,
 * then its VPN and offset as two LAY_FIELD boxes (page tables in frames: a
 * field a level, then the offset, and the walk's arrows up to the frames,
 * which must be laid out before). Returns the y below it (y when
 * lx_split_h is 0). */
int lx_vm_split(struct lctx *c, int vi, const struct vm *vm, int x, int y, int w);

/* ---- In layout_ptable.c --------------------------------------------------- */

/* The virtual pages the table page (level, prefix) of vm's shape maps:
 * *lo .. *hi. */
void lx_table_vpns(const struct vm *vm, unsigned level, uint32_t prefix, uint64_t *lo,
                   uint64_t *hi);

/* Writes the name of level `level` of vm's table as the split shows it
 * into buf: VPN for a linear table, else vm_level_name's (PML4, PDPT, PD,
 * PT, the tracker's words too). Returns buf. */
const char *lx_level_name(const struct vm *vm, unsigned level, char *buf, size_t len);

/* Makes b, the cell of table frame f of vm (h high), a table frame's: the
 * process's colour darkened and hatched with it, c = its level + 1, label
 * P<pid> PT<level> (or PT<level>; a linear table's page k: PT#k) where
 * it fits, and its tooltip. */
void lx_table_cell(struct lctx *c, struct lay_box *b, const struct vm *vm, uint32_t f, int h);

/* Over each LAY_COLUMN box of view vi from box first on (vm's frame bar
 * as columns) that holds table frames: a LAY_TABLES band. */
void lx_table_columns(struct lctx *c, int vi, const struct vm *vm, int first);

/* The arrows of vm's last walk in view vi: from the LAY_FIELD boxes from
 * box first_field on (the split line's, one a level, then the offset) up
 * to the table frame each level read, and from the offset to the data
 * frame; none when the walk is not the last access's, a release changed
 * the frames since, or the TLB hit (then only the offset's). */
void lx_walk_arrows(struct lctx *c, int vi, const struct vm *vm, int first_field);

/* ---- In layout_pages.c ---------------------------------------------------- */

/* The pages part of VM view vi from y, w wide from x: its title (which
 * counts the processes when not all fit) and a row for each of the first
 * rows processes of vm. Returns the y below it. */
int lx_vm_pages(struct lctx *c, int vi, const struct vm *vm, int rows, int x, int y, int w);

/* ---- In layout_heap.c ------------------------------------------------------ */

/* Returns the height the heap part of st needs at its shortest (0 with the
 * heap off); single: the only view. */
int lx_heap_need(struct lctx *c, const struct status *st, int single);

/* The heap part of view vi from y to bottom, w wide from x: the title, the
 * buddy tree (buddy), the bar (c->heap_scale bytes across w), the slabs
 * or pools, the last operation. Returns the y below it. */
int lx_heap_view(struct lctx *c, int vi, const struct status *st, int single, int x, int y, int w,
                 int bottom);

/* ---- In layout_quiz.c ------------------------------------------------------ */

/* Lays out view vi of a quiz (v->st->quiz_on) from y to bottom, w wide
 * from x: the file, the title with the score, the problem's picture (the
 * kind's), and the questions with their answer slots and tooltips. */
void lx_quiz_view(struct lctx *c, int vi, const struct lay_view *v, int single, int x, int y, int w,
                  int bottom);

/* What the pictures of layout_quiz.c and layout_quiz_own.c share. A
 * picture of a quiz's problem draws from y, w wide from x, at most h high,
 * and returns the y below it; it never shows the key of an open question,
 * nor what would give it away. */

/* Adds a cell of a picture (a LAY_QCELL, a = a): its colour, hatched
 * (fill 1) or not, its label where it fits. Returns it, or NULL. */
struct lay_box *lx_qcell(struct lctx *c, int vi, int64_t a, int x, int y, int w, int h,
                         uint32_t colour, int hatched, const char *label);

/* An extent of a bar: bytes lo..hi-1, its colour, hatched or not, label
 * and tooltip. */
struct qext {
    uint64_t lo, hi;
    uint32_t colour;
    int hatched;
    char label[32];
    char tip[160];
};

/* A bar of span bytes from base, w wide at (x, y), h high: the extents e
 * (by address, not overlapping) and, between them, gaps in gap's colour
 * and look, named gap->label with gap->tip before their range (none when
 * gap is NULL). */
void lx_ext_bar(struct lctx *c, int vi, int x, int y, int w, int h, uint64_t base, uint64_t span,
                const struct qext *e, size_t n, const struct qext *gap);

/* A bar's height in a picture h high with `bars` bars and `lines` lines of
 * text. */
int lx_bar_h(const struct lctx *c, int h, int bars, int lines);

/* 1 when every question of q whose step is at most `step` is answered or
 * revealed. */
int lx_q_done(const struct quiz *q, int step);

/* The question of type t at step `step` of q: its index, or -1. */
long lx_q_at(const struct quiz *q, int step, enum quiz_atype t);

/* 1 when question i of q is answered or revealed, or i is -1 (none). */
int lx_q_known(const struct quiz *q, long i);

/* The first step of q with an open question, or nsteps when none is. */
int lx_q_first_open(const struct quiz *q, int nsteps);

/* The first of cols columns to show of n steps of q, so that the first
 * open step is in view, a third of the way in. */
int lx_q_window(const struct quiz *q, int n, int cols);

/* A column of an exam table: an access and what of it is shown. */
struct qcol {
    int64_t page;       /* The page accessed. */
    int hit;            /* 1: a hit; 0: a miss. */
    int hit_shown;      /* 1: its hit or miss is answered or revealed. */
    const int64_t *mem; /* The memory after it, nmem pages (QUIZ_EMPTY: an empty frame), */
    size_t nmem;
    int mem_shown;  /* shown when 1. */
    int64_t victim; /* The page it replaced, or -1 (shown with the memory before it). */
};

/* An exam table: n columns, rows rows of memory. */
struct qtable {
    const char *step, *step_lc; /* "Access" and "access", or "Reference"... */
    int frames;                 /* 1: a row a frame ("frame 0"...), 0: the policy's list. */
    unsigned rows;
    size_t n;
    struct qcol *cols;
};

/* n zeroed columns of an exam table (the caller frees them), or NULL
 * with the layout marked failed. */
struct qcol *lx_qcols(struct lctx *c, size_t n);

/* The exam table t of q from y, w wide from x, at most h high: the page
 * row, the H/M row, the memory rows, a column an access, a window round
 * the first open step when they do not all fit (then a line says so).
 * Returns the y below it. */
int lx_exam_table(struct lctx *c, int vi, const struct quiz *q, const struct qtable *t, int x,
                  int y, int w, int h);

/* ---- In layout_quiz_own.c ------------------------------------------------- */

/* The pictures of memtrack's own kinds (struct quiz_own): frag's pages
 * and segment memory, compact's memory before and after, tlb's walk and
 * TLB, exam's table. */
int lx_pic_frag(struct lctx *c, int vi, const struct quiz *q, int x, int y, int w, int h);
int lx_pic_compact(struct lctx *c, int vi, const struct quiz *q, int x, int y, int w, int h);
int lx_pic_tlb(struct lctx *c, int vi, const struct quiz *q, int x, int y, int w, int h);
int lx_pic_exam(struct lctx *c, int vi, const struct quiz *q, int x, int y, int w, int h);

#endif
