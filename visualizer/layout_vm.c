/* layout_vm.c: the view of virtual memory (st->vm_on), boxes as layout.c
 * makes them (layout_impl.h): the frames with their R and D bits, the clock
 * hand and the last victim; the strips of virtual pages (layout_pages.c);
 * the hit/miss strip with the counters; the exam table when frames are few; the
 * compare chart. Pure; see layout.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "layout.h"
#include "layout_impl.h"
#include "num.h"

/* The owner of frame f of the struct vm mem, for a column bar (struct owners). */
static int32_t vm_owner(const void *mem, int64_t f)
{
    return ((const struct vm *)mem)->frames[f].pid;
}

/* Which parts a VM view shows, and their sizes (vm_plan). */
struct vm_plan {
    int fh;    /* Height of the frame bar. */
    int chips; /* 1: an R and a D chip under each frame; 0: summary rows. */
    int hand;  /* 1: the row of the clock hand. */
    int hits;  /* 1: the hit/miss strip and the counters. */
    int rows;  /* Rows of the pages part (0: no pages part). */
    int tlb;   /* Rows of TLB entries (0: no TLB part). */
    int split; /* 1: the split line of the last access's address. */
    int exam;  /* 1: the exam table. */
    int chart; /* 1: the compare chart. */
    int side;  /* 1: the exam table and the chart side by side. */
};

/* The exam table's data: the frames after each of the last accesses,
 * worked out backwards from the frames now (exam_history). */
struct exam {
    int npast;                             /* Accesses shown, oldest first. */
    const struct vm_step *step[VM_RECENT]; /* Each one. */
    int32_t pid[VM_RECENT][EXAM_FRAMES];   /* Frame f after step i: process, */
    uint32_t page[VM_RECENT][EXAM_FRAMES]; /* and page (pid 0: free). */
    size_t nfuture;                        /* References still to come (OPT). */
    int many;                              /* 1: more than one process: label pid:page. */
};

/* Returns the i-th most recent access (i < min(t, VM_RECENT)). */
static const struct vm_step *vm_recent(const struct vm *vm, uint64_t i)
{
    return &vm->recent[(vm->t - 1 - i) % VM_RECENT];
}

/* Undoes access s on the frames pid[], page[] (n of them): a fault put its
 * page in its frame, over its victim or a free frame; a hit changed
 * nothing. Returns 0, or -1 when the frames contradict s, which happens
 * only when something other than an access changed them since (a process
 * released): s was not done on these frames, or the frames before it break
 * a rule every access keeps (a free frame is the lowest one; there is a
 * victim only when no frame is free). */
static int exam_undo(const struct vm_step *s, int32_t *pid, uint32_t *page, uint32_t n)
{
    uint32_t low = 0;

    if (s->frame >= n || pid[s->frame] != s->pid || page[s->frame] != s->page)
        return -1;
    if (s->hit)
        return 0;
    pid[s->frame] = s->evict == VM_EVICT_NONE ? 0 : s->victim_pid;
    page[s->frame] = s->victim_page;
    while (low < n && pid[low])
        low++;
    return s->evict == VM_EVICT_NONE ? (low == s->frame ? 0 : -1) : (low == n ? 0 : -1);
}

/* 1 when the exam table of e has more than one process in it: then it
 * labels pages pid:page. */
static int exam_many(const struct vm *vm, const struct exam *e)
{
    int32_t pid0 = e->npast ? e->step[0]->pid : 0;

    for (int i = 0; i < e->npast; i++) {
        if (e->step[i]->pid != pid0)
            return 1;
        for (uint32_t f = 0; f < vm->nframes; f++)
            if (e->pid[i][f] && e->pid[i][f] != pid0)
                return 1;
    }
    for (size_t j = 0; j < e->nfuture; j++)
        if (vm->run.refs[vm->run.at + j].pid != (pid0 ? pid0 : vm->run.refs[vm->run.at].pid))
            return 1;
    return 0;
}

/* Fills e from vm: the last accesses whose frames can be worked out by
 * undoing them one by one from the frames now (exam_undo), back to the
 * first the frames contradict or the first at or before vm->epoch (the
 * frames changed then other than by an access: what came before it cannot
 * be undone from them, even when it looks consistent); and, under OPT in a run, how many
 * references are still to come. Returns the number of accesses (0: no
 * table). */
static int exam_history(const struct vm *vm, struct exam *e)
{
    int32_t pid[EXAM_FRAMES], p2[EXAM_FRAMES];
    uint32_t page[EXAM_FRAMES], g2[EXAM_FRAMES], n = vm->nframes;
    uint64_t nrec = vm->t < VM_RECENT ? vm->t : VM_RECENT;
    int k = 0;

    memset(e, 0, sizeof *e);
    if (n == 0 || n > EXAM_FRAMES || vm->table_frames)
        return 0; /* Table pages come with faults: undoing an access would not find them. */
    for (uint32_t f = 0; f < n; f++) {
        pid[f] = vm->frames[f].pid;
        page[f] = vm->frames[f].page;
    }
    /* Newest first, from the end of the arrays; moved to the front below. */
    for (uint64_t i = 0; i < nrec; i++, k++) {
        const struct vm_step *s = vm_recent(vm, i);
        int j = (int)VM_RECENT - 1 - k;
        memcpy(p2, pid, sizeof pid);
        memcpy(g2, page, sizeof page);
        if (s->t != vm->t - i || s->t <= vm->epoch || exam_undo(s, p2, g2, n) < 0)
            break;
        e->step[j] = s;
        memcpy(e->pid[j], pid, sizeof pid);
        memcpy(e->page[j], page, sizeof page);
        memcpy(pid, p2, sizeof pid);
        memcpy(page, g2, sizeof page);
    }
    memmove(e->step, e->step + VM_RECENT - k, (size_t)k * sizeof e->step[0]);
    memmove(e->pid, e->pid + VM_RECENT - k, (size_t)k * sizeof e->pid[0]);
    memmove(e->page, e->page + VM_RECENT - k, (size_t)k * sizeof e->page[0]);
    e->npast = k;
    /* A run under OPT, in the tracker (active) or as a parsed file left it
     * (inactive, its next references from at on, at least VM_RECENT of
     * them or all that are left: the file shows up to 256). */
    if (vm->policy == VM_OPT && vm->run.refs && vm->run.at < vm->run.n)
        e->nfuture = vm->run.n - vm->run.at < VM_RECENT ? vm->run.n - vm->run.at : VM_RECENT;
    e->many = exam_many(vm, e);
    return k;
}

/* Writes page of pid as the exam table labels it: the page, or pid:page
 * when the table has more than one process. Returns buf. */
static char *exam_label(const struct exam *e, int32_t pid, uint32_t page, char *buf, size_t len)
{
    if (e->many)
        snprintf(buf, len, "%ld:%u", (long)pid, page);
    else
        snprintf(buf, len, "%u", page);
    return buf;
}

/* Writes what access s did, for tooltips. Returns buf. */
static char *step_text(const struct vm_step *s, char *buf, size_t len)
{
    size_t n = (size_t)snprintf(buf, len, "t=%llu: P%ld %s page %u (address %llu): ",
                                (unsigned long long)s->t, (long)s->pid,
                                s->exec    ? "fetches from"
                                : s->write ? "writes"
                                           : "reads",
                                s->page, (unsigned long long)s->addr);

    if (n >= len)
        return buf;
    if (s->hit) {
        snprintf(buf + n, len - n, "hit in frame %u", s->frame);
        return buf;
    }
    n += (size_t)snprintf(buf + n, len - n, "fault, %s into frame %u",
                          s->load == VM_LOAD_SWAP ? "read from swap" : "zero-filled", s->frame);
    if (n >= len || s->evict == VM_EVICT_NONE)
        return buf;
    n += (size_t)snprintf(buf + n, len - n, "; evicted P%ld page %u, ", (long)s->victim_pid,
                          s->victim_page);
    if (n >= len)
        return buf;
    if (s->evict == VM_EVICT_WRITEBACK)
        snprintf(buf + n, len - n, "dirty: written back to swap slot %u", s->victim_slot);
    else if (s->evict == VM_EVICT_DROP)
        snprintf(buf + n, len - n, "clean: dropped (its copy in slot %u still valid)",
                 s->victim_slot);
    else
        snprintf(buf + n, len - n, "clean, never written: back to untouched");
    return buf;
}

/* The R chip's label of frame fr: "R", or OSTEP's counter under
 * ostep-clock ("R2"). */
static void r_label(const struct vm *vm, unsigned ref, char *buf, size_t len)
{
    if (vm->policy == VM_OSTEP_CLOCK)
        snprintf(buf, len, "R%u", ref);
    else
        snprintf(buf, len, "R");
}

/* The widest chip of vm: both chips of a frame fit in cells this wide. */
static int chips_w(struct lctx *c, const struct vm *vm)
{
    char lab[16];

    r_label(vm, vm->policy == VM_OSTEP_CLOCK ? (vm->bits > 9 ? 255 : 9) : 1, lab, sizeof lab);
    return 2 * (lx_text_w(c, lab) + 4) + 3;
}

/* The cells of vm's frames (x, y, w, h), one a frame, labelled as paging's,
 * each tooltip with the bits, the times and the last victim. */
static void vm_cells(struct lctx *c, int view, const struct vm *vm, int x, int y, int w, int h)
{
    int64_t n = vm->nframes;

    for (int64_t f = 0; f < n; f++) {
        const struct vm_frame *fr = &vm->frames[f];
        struct lay_box *b = lx_frame_cell(c, view, f, n, fr->pid, x, y, w, h);
        char victim[96] = "", slot[32] = "";
        if (!b)
            return;
        if (fr->pid && fr->table) { /* A page of a page table (the page-table layer). */
            lx_table_cell(c, b, vm, (uint32_t)f, h);
            continue;
        }
        if (vm->victim_frame == (uint64_t)f)
            snprintf(victim, sizeof victim, "; the last victim was here (P%ld page %u)",
                     (long)vm->victim_pid, vm->victim_page);
        if (fr->pid && fr->slot != VM_NONE)
            snprintf(slot, sizeof slot, ", keeps swap slot %u", fr->slot);
        if (fr->pid)
            lx_tip(c, b,
                   "frame %lld: P%ld page %u, R %u, D %u, loaded t=%llu, last used t=%llu%s%s",
                   (long long)f, (long)fr->pid, fr->page, fr->ref, fr->dirty,
                   (unsigned long long)fr->loaded, (unsigned long long)fr->used, slot, victim);
        else
            lx_tip(c, b, "frame %lld: free%s", (long long)f, victim);
        if (fr->pid)
            lx_cell_label(c, b, fr->pid, fr->page, h);
    }
}

/* The chips under frame f's cell (x0..x1) at y, h high: R at the left when
 * the reference bit (or counter) is set, D after it when dirty, both at the
 * cell's left so that they read as this frame's, not the next one's (D at
 * the right end only when the cell is too narrow for both). */
static void vm_chips(struct lctx *c, int view, const struct vm *vm, int64_t f, int x0, int x1,
                     int y, int h)
{
    const struct vm_frame *fr = &vm->frames[f];
    char lab[16];
    struct lay_box *b;
    int dx = x0 + 1, dw = lx_text_w(c, "D") + 4;

    if (!fr->pid)
        return;
    if (fr->ref) {
        r_label(vm, fr->ref, lab, sizeof lab);
        b = lx_add(c, LAY_FLAG, view, x0 + 1, y, lx_text_w(c, lab) + 4, h, col_flag_r);
        if (b) {
            b->a = b->b = f;
            b->c = 'R';
            b->used = 1;
            b->text_colour = 0xffffff;
            memcpy(b->text, lab, strlen(lab) + 1);
        }
        dx += lx_text_w(c, lab) + 4 + 2;
        lx_tip(c, b, "frame %lld: reference bit %s%u (P%ld page %u was used%s)", (long long)f,
               vm->policy == VM_OSTEP_CLOCK ? "(OSTEP's counter) " : "", fr->ref, (long)fr->pid,
               fr->page, vm->policy == VM_CLOCK ? " since the hand last passed" : "");
    }
    if (fr->dirty) {
        if (dx + dw > x1 - 1)
            dx = x1 - 1 - dw;
        b = lx_add(c, LAY_FLAG, view, dx, y, dw, h, col_flag_d);
        if (b) {
            b->a = b->b = f;
            b->c = 'D';
            b->used = 1;
            b->text_colour = 0xffffff;
            memcpy(b->text, "D", 2);
        }
        lx_tip(c, b, "frame %lld: dirty (P%ld page %u was written: evicting it writes it back)",
               (long long)f, (long)fr->pid, fr->page);
    }
}

/* Two summary rows (x, y, w, h) over the frames in columns as the frame bar
 * has them: the share of each column's frames with R set (top) and dirty
 * (bottom). */
static void vm_flag_rows(struct lctx *c, int view, const struct vm *vm, int x, int y, int w, int h)
{
    int64_t n = vm->nframes, ncols = (int64_t)w >= n * cell_min_px || n < w ? n : w;
    int hh = h / 2 - 1;

    for (int64_t col = 0; col < ncols && hh > 0; col++) {
        int64_t f0 = col * n / ncols, f1 = (col + 1) * n / ncols - 1, nr = 0, nd = 0;
        int x0 = x + at(col, ncols, w), x1 = x + at(col + 1, ncols, w);
        for (int64_t f = f0; f <= f1; f++) {
            nr += vm->frames[f].pid && vm->frames[f].ref;
            nd += vm->frames[f].pid && vm->frames[f].dirty;
        }
        for (int k = 0; k < 2; k++) {
            int64_t cnt = k ? nd : nr;
            struct lay_box *b = lx_add(c, LAY_FLAG, view, x0, y + k * (hh + 2), x1 - x0, hh,
                                       k ? col_flag_d : col_flag_r);
            if (!b)
                return;
            b->a = f0;
            b->b = f1;
            b->c = k ? 'd' : 'r';
            b->used = cnt;
            b->fill = cnt ? column_fill(cnt, f1 - f0 + 1, hh) : 0;
            lx_tip(c, b, "frames %lld-%lld: %lld with R set (used lately), %lld dirty (D)",
                   (long long)f0, (long long)f1, (long long)nr, (long long)nd);
        }
    }
}

/* The clock hand in the row (x, y, w, h) under the frame bar: a triangle
 * under frame vm->hand (or the column that holds it), "hand" beside it. */
static void vm_hand(struct lctx *c, int view, const struct vm *vm, int x, int y, int w, int h)
{
    int64_t n = vm->nframes, ncols = (int64_t)w >= n * cell_min_px || n < w ? n : w;
    int64_t k = (int64_t)vm->hand * ncols / n;
    int tw;

    while (k + 1 < ncols && (k + 1) * n / ncols <= vm->hand)
        k++;
    while (k > 0 && k * n / ncols > vm->hand)
        k--;
    int x0 = x + at(k, ncols, w), x1 = x + at(k + 1, ncols, w), hw = x1 - x0 < h ? x1 - x0 : h;
    int hx = (x0 + x1) / 2 - hw / 2;
    if (hw < 3)
        hw = 3, hx = (x0 + x1) / 2 - 1;
    struct lay_box *b = lx_add(c, LAY_HAND, view, hx, y, hw, h, col_hand);
    if (b)
        b->a = vm->hand;
    lx_tip(c, b, "%s hand at frame %u: the next sweep for a victim starts here",
           vm->policy == VM_CLOCK ? "clock" : "ostep-clock", vm->hand);
    tw = lx_text_w(c, "hand");
    if (hx + hw + 2 + tw <= x + w)
        lx_text(c, view, hx + hw + 2, y, tw, col_dim, "hand");
    else if (hx - 2 - tw >= x)
        lx_text(c, view, hx - 2 - tw, y, tw, col_dim, "hand");
}

/* The VM frames part from y with the plan p: the title, the frame bar with
 * the last victim ringed, the R and D chips (or summary rows), the hand and
 * the frame numbers. Returns the y below it. */
static int vm_frames_part(struct lctx *c, int vi, const struct vm *vm, const struct vm_plan *p,
                          int x, int y, int w)
{
    struct owners ow = {vm, vm->nframes, vm_owner};
    int lh = c->lh, cells = (int64_t)w >= (int64_t)vm->nframes * cell_min_px;
    char tables[96] = "";

    if (vm->table_frames) /* The legend of table frames (page tables in frames). */
        snprintf(tables, sizeof tables, "   dark, hatched: %u page-table page%s%s",
                 vm->table_frames, vm->table_frames == 1 ? "" : "s",
                 !cells               ? ""
                 : vm->pt_levels == 1 ? " (PT#k: page k of a linear table)"
                                      : " (named as the walk names them)");
    lx_text(c, vi, x, y, w, col_text, "Frames (%u used, %u free)%s%s%s", vm->nframes - vm->nfree,
            vm->nfree, tables,
            p->chips ? "   under each: R referenced, D dirty"
                     : "   rows under the bar: "
                       "share with R set, dirty",
            vm->victim_frame != VM_NONE ? "   ringed: the last victim" : "");
    y += lh + mark_px + 1;
    if (p->fh < 1)
        return y + c->gap;
    if (cells) {
        vm_cells(c, vi, vm, x, y, w, p->fh);
    } else {
        int first = c->lo->nboxes;
        lx_column_bar(c, vi, &ow, x, y, w, p->fh);
        if (vm->table_frames)
            lx_table_columns(c, vi, vm, first);
    }
    if (vm->victim_frame != VM_NONE) {
        const struct lay_box *v = lx_find_box(c->lo, vi, LAY_FRAME, LAY_COLUMN, vm->victim_frame);
        struct lay_box *r = v ? lx_add(c, LAY_RING, vi, v->r.x - mark_px, v->r.y - mark_px,
                                       v->r.w + 2 * mark_px, v->r.h + 2 * mark_px, col_victim)
                              : NULL;
        if (r)
            r->a = vm->victim_frame;
    }
    y += p->fh + mark_px + 1;
    if (p->chips)
        for (int64_t f = 0; f < (int64_t)vm->nframes; f++)
            vm_chips(c, vi, vm, f, x + at(f, vm->nframes, w), x + at(f + 1, vm->nframes, w), y, lh);
    else
        vm_flag_rows(c, vi, vm, x, y, w, lh);
    y += lh + 2;
    if (p->hand) {
        vm_hand(c, vi, vm, x, y, w, lh);
        y += lh;
    }
    lx_frame_ticks(c, vi, vm->nframes, x, y, w);
    return y + lh + S(c, 4) + c->gap;
}

/* The counters and the hit/miss strip of the last accesses, oldest left,
 * from y. Returns the y below them. */
static int vm_hits_part(struct lctx *c, int vi, const struct vm *vm, int x, int y, int w)
{
    const struct vm_counts *t = &vm->total;
    int n = vm->t < VM_RECENT ? (int)vm->t : (int)VM_RECENT, rh = lx_row_h(c);
    int sw = n ? (w / n < S(c, 26) ? w / n : S(c, 26)) : 0;
    char tip[LAY_TEXT_MAX];

    lx_text(c, vi, x, y, w, col_text,
            "Accesses %llu: %llu hit%s, %llu fault%s, hit rate %.2f%%; %llu eviction%s, %llu "
            "write-back%s",
            (unsigned long long)t->accesses, (unsigned long long)t->hits, t->hits == 1 ? "" : "s",
            (unsigned long long)t->faults, t->faults == 1 ? "" : "s",
            t->accesses ? 100.0 * (double)t->hits / (double)t->accesses : 0.0,
            (unsigned long long)t->evictions, t->evictions == 1 ? "" : "s",
            (unsigned long long)t->writebacks, t->writebacks == 1 ? "" : "s");
    y += c->lh;
    for (int i = 0; i < n && sw > 0; i++) {
        const struct vm_step *s = vm_recent(vm, (uint64_t)(n - 1 - i));
        struct lay_box *b = lx_add(c, LAY_STEP, vi, x + i * sw, y, sw - 1, rh - S(c, 3),
                                   s->hit ? col_hit : col_fault);
        if (!b)
            break;
        b->a = (int64_t)s->t;
        b->b = s->hit;
        if (lx_text_w(c, "F") + 2 <= sw - 1 && c->lh <= rh - S(c, 3))
            memcpy(b->text, s->hit ? "H" : "F", 2);
        lx_tip(c, b, "%s", step_text(s, tip, sizeof tip));
    }
    if (n == 0)
        lx_text(c, vi, x, y + (rh - c->lh) / 2, w, col_dim, "No access yet.");
    else if (n * sw + S(c, 8) < w)
        lx_text(c, vi, x + n * sw + S(c, 8), y + (rh - c->lh) / 2, w - n * sw - S(c, 8), col_dim,
                "the last %d accesses, oldest first (H hit, F fault)", n);
    return y + rh + c->gap;
}

/* The exam table's columns: the past accesses shown (the latest ones) and
 * the references to come, in a table of cells cw wide after a header hw
 * wide. */
struct exam_cols {
    int first, npast; /* Past accesses first .. first + npast - 1 of e. */
    int nfuture;      /* References to come shown. */
    int hw, cw;       /* Widths of the header column and of a cell. */
};

/* Writes the reference label of past column i (or, future, reference
 * run.at + i) into buf: the page (or pid:page), "w" for a write, "x" for
 * an instruction fetch (address spaces on). */
static void exam_ref(const struct vm *vm, const struct exam *e, int i, int future, char *buf,
                     size_t len)
{
    char lab[32];

    if (future) {
        const struct vm_ref *r = &vm->run.refs[vm->run.at + (size_t)i];
        exam_label(e, r->pid, (uint32_t)(r->addr >> vm->page_shift), lab, sizeof lab);
        snprintf(buf, len, "%s%s", lab, r->exec && vm->as_bytes ? "x" : r->write ? "w" : "");
    } else {
        exam_label(e, e->step[i]->pid, e->step[i]->page, lab, sizeof lab);
        snprintf(buf, len, "%s%s", lab, e->step[i]->exec ? "x" : e->step[i]->write ? "w" : "");
    }
}

/* Chooses the columns of the exam table for width w: the cells as wide as
 * the widest label, as many as fit, the latest accesses and the next
 * references (a third of the room at least, when there are any). Returns
 * the width the table takes, 0 when not one column fits. */
static int exam_fit(struct lctx *c, const struct vm *vm, const struct exam *e, int w,
                    struct exam_cols *k)
{
    char lab[48];
    int widest = lx_text_w(c, "F");
    size_t fut = e->nfuture;

    for (int i = 0; i < e->npast; i++) {
        exam_ref(vm, e, i, 0, lab, sizeof lab);
        widest = lx_text_w(c, lab) > widest ? lx_text_w(c, lab) : widest;
        for (uint32_t f = 0; f < vm->nframes; f++)
            if (e->pid[i][f]) {
                exam_label(e, e->pid[i][f], e->page[i][f], lab, sizeof lab);
                widest = lx_text_w(c, lab) > widest ? lx_text_w(c, lab) : widest;
            }
    }
    for (size_t i = 0; i < fut; i++) {
        exam_ref(vm, e, (int)i, 1, lab, sizeof lab);
        widest = lx_text_w(c, lab) > widest ? lx_text_w(c, lab) : widest;
    }
    snprintf(lab, sizeof lab, "frame %u", vm->nframes - 1);
    k->hw = lx_text_w(c, lab) + S(c, 8);
    k->cw = widest + S(c, 8) > c->lh + S(c, 6) ? widest + S(c, 8) : c->lh + S(c, 6);
    int room = (w - k->hw) / k->cw;
    if (room < 1)
        return 0;
    k->nfuture = (int)fut < room / 3 ? (int)fut : room / 3;
    if (e->npast + k->nfuture > room || (int)fut > k->nfuture) {
        k->npast = e->npast < room - k->nfuture ? e->npast : room - k->nfuture;
        k->nfuture = room - k->npast < (int)fut ? room - k->npast : (int)fut;
    } else {
        k->npast = e->npast;
    }
    k->first = e->npast - k->npast;
    return k->hw + (k->npast + k->nfuture) * k->cw;
}

/* Adds cell (col, row) of the exam table, of the access at time t (0: a
 * reference to come), at (x, y), cw x rh. Returns it. */
static struct lay_box *exam_cell(struct lctx *c, int view, int col, int row, uint64_t t, int x,
                                 int y, int cw, int rh, uint32_t colour, const char *lab)
{
    struct lay_box *b = lx_add(c, LAY_CELL, view, x, y, cw, rh, colour);

    if (!b)
        return NULL;
    b->a = col;
    b->b = row;
    b->used = (int64_t)t;
    if (lx_text_w(c, lab) + 4 <= cw && c->lh <= rh)
        snprintf(b->text, sizeof b->text, "%s", lab);
    return b;
}

/* Past column i of e at x: the reference, the frames after it (the page
 * it touched on pale green for a hit, pale red for a fault), H or F, and
 * the victim struck through. */
static void exam_past(struct lctx *c, int view, const struct vm *vm, const struct exam *e, int i,
                      int col, int x, int y, int cw, int rh)
{
    const struct vm_step *s = e->step[i];
    char lab[48], tip[LAY_TEXT_MAX];
    uint32_t n = vm->nframes;
    struct lay_box *b;

    step_text(s, tip, sizeof tip);
    exam_ref(vm, e, i, 0, lab, sizeof lab);
    b = exam_cell(c, view, col, -1, s->t, x, y, cw, rh, col_panel, lab);
    lx_tip(c, b, "%s", tip);
    for (uint32_t f = 0; f < n; f++) {
        int mine = f == s->frame;
        lab[0] = '\0';
        if (e->pid[i][f])
            exam_label(e, e->pid[i][f], e->page[i][f], lab, sizeof lab);
        b = exam_cell(c, view, col, (int)f, s->t, x, y + (int)(f + 1) * rh, cw, rh,
                      mine ? (s->hit ? col_hit : col_fault) : col_panel, lab);
        if (e->pid[i][f])
            lx_tip(c, b, "after t=%llu, frame %u holds P%ld page %u%s", (unsigned long long)s->t, f,
                   (long)e->pid[i][f], e->page[i][f],
                   mine ? (s->hit ? " (a hit)" : " (just loaded)") : "");
        else
            lx_tip(c, b, "after t=%llu, frame %u is free", (unsigned long long)s->t, f);
    }
    b = exam_cell(c, view, col, (int)n, s->t, x, y + (int)(n + 1) * rh, cw, rh,
                  s->hit ? col_hit : col_fault, s->hit ? "H" : "F");
    lx_tip(c, b, "%s", tip);
    lab[0] = '\0';
    if (s->evict != VM_EVICT_NONE)
        exam_label(e, s->victim_pid, s->victim_page, lab, sizeof lab);
    b = exam_cell(c, view, col, (int)n + 1, s->t, x, y + (int)(n + 2) * rh, cw, rh, col_panel, lab);
    if (b && lab[0])
        b->fill = 1;
    if (lab[0])
        lx_tip(c, b, "t=%llu evicted P%ld page %u from frame %u", (unsigned long long)s->t,
               (long)s->victim_pid, s->victim_page, s->frame);
    else
        lx_tip(c, b, "t=%llu evicted nothing", (unsigned long long)s->t);
}

/* Future column i (reference run.at + i, still to come under OPT) at x:
 * the reference greyed, the rest of the column empty and grey. */
static void exam_future(struct lctx *c, int view, const struct vm *vm, const struct exam *e, int i,
                        int col, int x, int y, int cw, int rh)
{
    const struct vm_ref *r = &vm->run.refs[vm->run.at + (size_t)i];
    char lab[48];

    exam_ref(vm, e, i, 1, lab, sizeof lab);
    for (int row = -1; row <= (int)vm->nframes + 1; row++) {
        struct lay_box *b = exam_cell(c, view, col, row, 0, x, y + (row + 1) * rh, cw, rh,
                                      col_future, row == -1 ? lab : "");
        if (!b)
            return;
        b->c = 1;
        b->text_colour = col_dim;
        lx_tip(c, b, "reference %zu, still to come: P%ld %s page %llu (OPT looks ahead to it)",
               vm->run.at + (size_t)i + 1, (long)r->pid, r->write ? "writes" : "reads",
               (unsigned long long)(r->addr >> vm->page_shift));
    }
}

/* The exam table from (x, y): a title, then the references across and the
 * frames down. Returns its height. */
static int vm_exam_part(struct lctx *c, int vi, const struct vm *vm, const struct exam *e, int x,
                        int y, int w)
{
    struct exam_cols k;
    int rh = lx_row_h(c), width = exam_fit(c, vm, e, w, &k), ty;
    static const char *const tail[] = {"H/F", "out"};

    if (width == 0)
        return 0;
    lx_text(c, vi, x, y, w, col_text, "Exam table: references across, frames down%s",
            k.nfuture ? "; grey: still to come (OPT)" : "");
    y += c->lh;
    ty = y + (rh - c->lh) / 2;
    lx_text(c, vi, x, ty, k.hw - S(c, 4), col_dim, "ref");
    for (uint32_t f = 0; f <= vm->nframes + 1; f++) {
        char lab[24];
        if (f < vm->nframes)
            snprintf(lab, sizeof lab, "frame %u", f);
        else
            snprintf(lab, sizeof lab, "%s", tail[f - vm->nframes]);
        lx_text(c, vi, x, ty + (int)(f + 1) * rh, k.hw - S(c, 4), col_dim, "%s", lab);
    }
    for (int i = 0; i < k.npast; i++)
        exam_past(c, vi, vm, e, k.first + i, i, x + k.hw + i * k.cw, y, k.cw, rh);
    for (int i = 0; i < k.nfuture; i++)
        exam_future(c, vi, vm, e, i, k.npast + i, x + k.hw + (k.npast + i) * k.cw, y, k.cw, rh);
    return c->lh + (int)(vm->nframes + 3) * rh + c->gap;
}

/* The compare chart's geometry: the plot area and its scale. */
struct chart {
    int px, py, pw, ph; /* The plot area. */
    uint64_t ymax;      /* Faults at its top. */
    unsigned counts;    /* Frame counts (columns). */
};

/* The point of row p at count k of cmp in ch: sets *x and *y. */
static void chart_xy(const struct chart *ch, const struct status_compare *cmp, unsigned p,
                     unsigned k, int *x, int *y)
{
    uint64_t f = cmp->faults[p * ch->counts + k];

    *x = ch->px +
         (ch->counts > 1 ? (int)((int64_t)k * (ch->pw - 1) / (ch->counts - 1)) : ch->pw / 2);
    *y = ch->py + ch->ph - 1 - (int)((double)f * (ch->ph - 1) / (double)ch->ymax);
}

/* Row p of the chart: its lines, its points with tooltips, and a ring
 * round the point where it rises (Belady's anomaly). */
static void chart_row(struct lctx *c, int view, const struct status_compare *cmp,
                      const struct chart *ch, unsigned p)
{
    uint32_t colour = policy_palette[(unsigned)cmp->policies[p] % VM_NPOLICIES];
    const char *name = vm_policy_name(cmp->policies[p]);
    const uint64_t *row = &cmp->faults[p * ch->counts];
    long bel = vm_belady(row, ch->counts);
    int ps = S(c, 7) | 1;

    for (unsigned k = 0; k + 1 < ch->counts; k++) {
        int x0, y0, x1, y1;
        chart_xy(ch, cmp, p, k, &x0, &y0);
        chart_xy(ch, cmp, p, k + 1, &x1, &y1);
        struct lay_box *b = lx_add(c, LAY_LINE, view, x0, y0 < y1 ? y0 : y1, x1 - x0 + 1,
                                   (y0 < y1 ? y1 - y0 : y0 - y1) + 1, colour);
        if (b) {
            b->a = p;
            b->fill = y1 < y0;
        }
    }
    for (unsigned k = 0; k < ch->counts; k++) {
        int x0, y0;
        uint32_t frames = cmp->frames_lo + k;
        chart_xy(ch, cmp, p, k, &x0, &y0);
        struct lay_box *b = lx_add(c, LAY_POINT, view, x0 - ps / 2, y0 - ps / 2, ps, ps, colour);
        if (!b)
            return;
        b->a = p;
        b->b = frames;
        b->used = (int64_t)row[k];
        if (bel >= 0 && k == (unsigned)bel + 1)
            lx_tip(c, b,
                   "%s, %u frames: %llu faults, MORE than the %llu with %u (Belady's anomaly)",
                   name, frames, (unsigned long long)row[k], (unsigned long long)row[k - 1],
                   frames - 1);
        else
            lx_tip(c, b, "%s, %u frames: %llu faults of %llu references", name, frames,
                   (unsigned long long)row[k], (unsigned long long)cmp->nrefs);
    }
    if (bel >= 0) {
        int x0, y0, r = ps + S(c, 4);
        chart_xy(ch, cmp, p, (unsigned)bel + 1, &x0, &y0);
        struct lay_box *b =
            lx_add(c, LAY_RING, view, x0 - r / 2 - 2, y0 - r / 2 - 2, r + 4, r + 4, col_victim);
        if (b) {
            b->a = p;
            b->b = 1;
        }
    }
}

/* The chart's legend at (x, y), one line a policy: its colour, its name,
 * the faults at the ends and where it rises. Returns its width. */
static int chart_legend(struct lctx *c, int view, const struct status_compare *cmp, unsigned counts,
                        int x, int y, int w, int dry)
{
    int widest = 0, ps = S(c, 7) | 1;
    char line[LAY_TEXT_MAX];

    for (unsigned p = 0; p < cmp->npolicies; p++) {
        const uint64_t *row = &cmp->faults[p * counts];
        long bel = vm_belady(row, counts);
        int n =
            snprintf(line, sizeof line, "%s: %llu to %llu faults", vm_policy_name(cmp->policies[p]),
                     (unsigned long long)row[0], (unsigned long long)row[counts - 1]);
        if (bel >= 0 && n > 0 && (size_t)n < sizeof line)
            n += snprintf(line + n, sizeof line - (size_t)n, ", Belady at %u->%u frames",
                          cmp->frames_lo + (unsigned)bel, cmp->frames_lo + (unsigned)bel + 1);
        /* A row equal to an earlier one hides under it: say so. */
        for (unsigned q = 0; q < p && n > 0 && (size_t)n < sizeof line; q++)
            if (memcmp(row, &cmp->faults[q * counts], counts * sizeof *row) == 0) {
                snprintf(line + n, sizeof line - (size_t)n, " (as %s)",
                         vm_policy_name(cmp->policies[q]));
                break;
            }
        widest = lx_text_w(c, line) > widest ? lx_text_w(c, line) : widest;
        if (dry)
            continue;
        struct lay_box *b = lx_add(c, LAY_POINT, view, x, y + (int)p * c->lh + (c->lh - ps) / 2, ps,
                                   ps, policy_palette[(unsigned)cmp->policies[p] % VM_NPOLICIES]);
        if (b) {
            b->a = p;
            b->b = -1; /* A legend's sample, no point of the chart. */
        }
        lx_tip(c, b, "%s: faults from %llu to %llu", vm_policy_name(cmp->policies[p]),
               (unsigned long long)row[0], (unsigned long long)row[counts - 1]);
        lx_text(c, view, x + ps + S(c, 6), y + (int)p * c->lh, w - ps - S(c, 6), col_text, "%s",
                line);
    }
    return widest + ps + S(c, 6);
}

/* The compare chart in (x, y, w, h): a title, faults up, frames across, a
 * line a policy, and the legend at the right. Returns 0, or -1 when it
 * does not fit. */
static int vm_chart_part(struct lctx *c, int vi, const struct status_compare *cmp, int x, int y,
                         int w, int h)
{
    struct chart ch = {0};
    char lab[32];
    unsigned counts = cmp->frames_hi - cmp->frames_lo + 1;
    int lh = c->lh, lgw;

    if (cmp->npolicies == 0 || cmp->frames_hi < cmp->frames_lo || counts > STATUS_COMPARE_MAX)
        return -1;
    ch.counts = counts;
    ch.ymax = 1;
    for (unsigned i = 0; i < cmp->npolicies * counts; i++)
        ch.ymax = cmp->faults[i] > ch.ymax ? cmp->faults[i] : ch.ymax;
    snprintf(lab, sizeof lab, "%llu", (unsigned long long)ch.ymax);
    lgw = chart_legend(c, vi, cmp, counts, 0, 0, 0, 1);
    ch.px = x + lx_text_w(c, lab) + S(c, 8);
    ch.py = y + lh + S(c, 6);
    ch.pw = w - (ch.px - x) - lgw - S(c, 16);
    ch.ph = h - lh - S(c, 6) - lh - S(c, 4);
    if (ch.pw < 6 * lh || ch.ph < 3 * lh || (int)cmp->npolicies * lh > h - lh)
        return -1;
    lx_text(c, vi, x, y, w, col_text, "Compare: faults of %llu references with %u to %u frames",
            (unsigned long long)cmp->nrefs, cmp->frames_lo, cmp->frames_hi);
    struct lay_box *b = lx_add(c, LAY_CHART, vi, ch.px, ch.py, ch.pw, ch.ph, col_panel);
    lx_tip(c, b, "faults (up) for each frame count (across); a rise is Belady's anomaly");
    lx_text(c, vi, x, ch.py, ch.px - x - S(c, 6), col_dim, "%s", lab);
    lx_text(c, vi, x, ch.py + ch.ph - lh, ch.px - x - S(c, 6), col_dim, "0");
    /* Frame counts under the plot, as many as fit apart. */
    int last_end = -1;
    for (unsigned k = 0; k < counts; k++) {
        int tx, ty;
        snprintf(lab, sizeof lab, "%u", cmp->frames_lo + k);
        chart_xy(&ch, cmp, 0, k, &tx, &ty);
        tx -= lx_text_w(c, lab) / 2;
        if (tx > last_end + S(c, 6) && tx + lx_text_w(c, lab) <= x + w) {
            lx_text(c, vi, tx, ch.py + ch.ph + S(c, 4), lx_text_w(c, lab), col_dim, "%s", lab);
            last_end = tx + lx_text_w(c, lab);
        }
    }
    for (unsigned p = 0; p < cmp->npolicies; p++)
        chart_row(c, vi, cmp, &ch, p);
    chart_legend(c, vi, cmp, counts, ch.px + ch.pw + S(c, 16), ch.py, lgw, 0);
    return 0;
}

/* Decides what a VM view of st shows in room pixels w wide (vm_plan's
 * fields), in this order of need: the frames (the bar at its shortest),
 * the hit/miss strip, the exam table and the compare chart (side by side
 * when both fit so, else one above the other, else the table alone, else
 * the chart) with a row of pages, else without it; then the frame bar
 * grows to three lines (five with nothing below), and the pages take the
 * rows left. The chart takes what remains below. */
static void vm_plan(struct lctx *c, const struct status *st, const struct exam *e, int single,
                    int w, int room, struct vm_plan *p)
{
    /* What goes below, in order of preference: exam table, chart, a row of
     * pages (the last taken when more room is left). */
    static const int opts[7][3] = {{1, 1, 1}, {1, 0, 1}, {0, 1, 1}, {1, 1, 0},
                                   {1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    const struct vm *vm = &st->vm;
    int lh = c->lh, rh = lx_row_h(c), gap = c->gap, m = S(c, margin), i, lower = 0;
    int fmin = single ? S(c, frame_bar_min) : lh + 2, chart_w = 32 * lh;
    int pages_min = vm->nprocs ? lh + rh + gap : 0;
    struct exam_cols k;

    memset(p, 0, sizeof *p);
    p->hand = vm->policy == VM_CLOCK || vm->policy == VM_OSTEP_CLOCK;
    p->chips =
        (int64_t)w >= (int64_t)vm->nframes * cell_min_px && w / (int)vm->nframes >= chips_w(c, vm);
    int need = lh + 2 * (mark_px + 1) + fmin + lh + 2 + (p->hand ? lh : 0) + lh + S(c, 4) + gap;
    int exam_h = e->npast && exam_fit(c, vm, e, w, &k) ? lh + (int)(vm->nframes + 3) * rh + gap : 0;
    int chart_h = st->compare.have ? chart_min_lines * lh : 0;
    if (exam_h && chart_h && exam_fit(c, vm, e, w - chart_w - m, &k) > 0) {
        int total = e->npast + (int)e->nfuture;
        p->side = k.npast + k.nfuture >= (total < 12 ? total : 12);
    }
    if (need + lh + rh + gap <= room) {
        p->hits = 1;
        need += lh + rh + gap;
    }
    if (lx_split_h(c, vm) && need + lx_split_h(c, vm) <= room) {
        p->split = 1; /* The last access's address split (address spaces on). */
        need += lx_split_h(c, vm);
    }
    int tlb_all = lx_tlb_rows(c, vm, w);
    for (p->tlb = tlb_all < tlb_rows_max ? tlb_all : tlb_rows_max;
         p->tlb && need + lh + 2 * mark_px + p->tlb * rh + gap > room;)
        p->tlb--; /* As many rows of the TLB as fit, tlb_rows_max at first. */
    need += p->tlb ? lh + 2 * mark_px + p->tlb * rh + gap : 0;
    for (i = 0; i < 7; i++) {
        int ex = opts[i][0], ch = opts[i][1];
        if ((ex && !exam_h) || (ch && !chart_h))
            continue; /* Not there to show. */
        lower = ex && ch ? (p->side ? (exam_h > chart_h ? exam_h : chart_h) : exam_h + chart_h)
                : ex     ? exam_h
                : ch     ? chart_h
                         : 0;
        if (need + (opts[i][2] ? pages_min : 0) + lower <= room || i == 6) {
            p->exam = ex;
            p->chart = ch;
            p->side &= ex && ch;
            break;
        }
    }
    need += lower;
    /* Taller with nothing below it. */
    int fmax = (p->exam || p->chart ? 3 : 5) * lh;
    p->fh = fmin + (room - need - pages_min > 0 ? room - need - pages_min : 0);
    if (p->fh > fmax && fmax > fmin)
        p->fh = fmax;
    need += p->fh - fmin;
    if (need > room) /* Too short for the bar: cut it, or leave it out (fh 0). */
        p->fh = p->fh - (need - room) > 0 ? p->fh - (need - room) : 0;
    int rows = vm->nprocs ? (room - need - lh - gap) / rh : 0;
    p->rows = rows < 1 ? 0 : (size_t)rows > vm->nprocs ? (int)vm->nprocs : rows;
    /* Room left below everything: more rows of the TLB, up to all of them. */
    int left = (room - need - (p->rows ? lh + p->rows * rh + gap : 0)) / rh;
    if (p->tlb && left > 0)
        p->tlb += tlb_all - p->tlb < left ? tlb_all - p->tlb : left;
}

/* The lower part of a VM view from y to bottom: the exam table and the
 * compare chart, side by side or one above the other, as planned. Returns
 * the y below it: bottom when the chart is there (it takes what is left). */
static int vm_lower(struct lctx *c, int vi, const struct status *st, const struct exam *e,
                    const struct vm_plan *p, int x, int y, int w, int bottom)
{
    int m = S(c, margin), ew = w, end = y;
    struct exam_cols k;

    if (p->exam) {
        if (p->side)
            ew = exam_fit(c, &st->vm, e, w - 32 * c->lh - m, &k);
        int h = vm_exam_part(c, vi, &st->vm, e, x, y, ew);
        end = y + h;
        if (p->side) {
            x += ew + m;
            w -= ew + m;
        } else {
            y += h;
        }
    }
    if (p->chart && vm_chart_part(c, vi, &st->compare, x, y, w, bottom - y) == 0)
        end = bottom;
    return end;
}

/* Lays out a VM view from y (below the header) to bottom: the frames,
 * the pages, the hits, the exam table and the compare chart, as many as
 * fit (vm_plan). Returns the y below what it laid out. */
int lx_vm_view(struct lctx *c, int vi, const struct status *st, int single, int x, int y, int w,
               int bottom)
{
    const struct vm *vm = &st->vm;
    struct exam e;
    struct vm_plan p;

    if (vm->nframes == 0 || w < 1)
        return y;
    exam_history(vm, &e);
    vm_plan(c, st, &e, single, w, bottom - y, &p);
    y = vm_frames_part(c, vi, vm, &p, x, y, w);
    if (p.split && vm->pt_levels) /* The walk's arrows reach up to the frames. */
        y = lx_vm_split(c, vi, vm, x, y, w);
    if (p.rows)
        y = lx_vm_pages(c, vi, vm, p.rows, x, y, w);
    if (p.hits)
        y = vm_hits_part(c, vi, vm, x, y, w);
    if (p.split && !vm->pt_levels)
        y = lx_vm_split(c, vi, vm, x, y, w);
    if (p.tlb)
        y = lx_vm_tlb(c, vi, vm, p.tlb, x, y, w);
    return vm_lower(c, vi, st, &e, &p, x, y, w, bottom);
}

/* Writes the settings of virtual memory vm for a view's header. */
void lx_vm_settings(const struct vm *vm, char *buf, size_t len)
{
    char total[32], extra[160] = "", space[32];

    if (vm->policy == VM_RANDOM)
        snprintf(extra, sizeof extra, " seed %llu", (unsigned long long)vm->seed);
    else if (vm->policy == VM_OSTEP_CLOCK)
        snprintf(extra, sizeof extra, " bits %u seed %llu", vm->bits, (unsigned long long)vm->seed);
    if (vm->as_bytes) /* Only with the layer on: the header stays as it was without. */
        snprintf(extra + strlen(extra), sizeof extra - strlen(extra), ", address spaces %s",
                 num_bytes(vm->as_bytes, space, sizeof space));
    if (vm->pt_levels)
        snprintf(extra + strlen(extra), sizeof extra - strlen(extra), ", %s page table (%u B PTEs)",
                 vm_page_table_name(vm->pt_levels), vm->pts.entry_bytes);
    snprintf(buf, len,
             "Virtual memory: %u frames x %llu B = %s, swap %u slot%s (%u used), policy %s%s",
             vm->nframes, (unsigned long long)vm->page_size,
             num_bytes((uint64_t)vm->nframes * vm->page_size, total, sizeof total), vm->nslots,
             vm->nslots == 1 ? "" : "s", vm->slots_used, vm_policy_name(vm->policy), extra);
}
