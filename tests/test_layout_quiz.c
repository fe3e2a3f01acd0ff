/* test_layout_quiz.c: memview's view of a quiz (visualizer/layout_quiz.c)
 * through layout.h only, with test_layout.c's fake font (7 pixels a byte,
 * 16 high), on quizzes made by quiz_make and answered through quiz_grade:
 * every kind that builds, many seeds, answered at random, at window sizes
 * from tiny to 2560x1440, alone and stacked. What each layout must show is
 * worked out here from the quiz, not from layout_quiz.c: every box inside
 * the window; an answer slot a question, in order, not overlapping, in its
 * state's colour, "?" while open and never its key, the answer (and the
 * key when wrong) once answered, the key when revealed; its tooltip the
 * explanation once answered and nothing of it before; the first open
 * question in view; the page table's entries with their PFN (translate);
 * hit or miss and memory only for answered accesses (policy); the free
 * list of the last operation answered whole (malloc); the page directory's
 * page marked (multilevel); for memtrack's own kinds, the exam table's hit
 * or miss and frames (as the key says) only once answered (exam), the
 * TLB's entries never filled and each access's hit or miss only once
 * answered (tlb), a segment after compaction only at an answered base
 * (compact), a process's pages and unused bytes only once answered and
 * the segment memory after the operations only once its free bytes and
 * largest hole are, with the holes memtrack's segment memory has (frag).
 * That open answers are not drawn is also checked whole: a quiz whose open
 * answers (keys and the state they come from) are all changed lays out
 * the same, box for box. Also layout_wrap's line breaks, and a layout
 * that outlives its state (ASan).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "layout.h"
#include "pyrand.h"
#include "quiz.h"
#include "status.h"
#include "quiz_answer.h"
#include "test.h"

#define CHAR_W 7
#define LINE_H 16

static void fake_measure(void *ctx, const char *text, int *w, int *h)
{
    (void)ctx;
    *w = CHAR_W * (int)strlen(text);
    *h = LINE_H;
}

/* The box's tooltip, or "". */
static const char *tip_of(const struct layout *lo, const struct lay_box *b)
{
    return b->tip ? lo->tips + b->tip : "";
}

/* The first line of s into buf. */
static const char *first_line(const char *s, char *buf, size_t len)
{
    snprintf(buf, len, "%.*s", (int)strcspn(s, "\n"), s);
    return buf;
}

/* What every quiz layout must show (see the head of this file); name says
 * which. */
static void check_quiz(const char *name, const struct layout *lo, const struct quiz *q, int full)
{
    const uint32_t colours[] = {col_q_open, col_q_right, col_q_wrong, col_q_shown};
    int outside = 0, order = 0, leak = 0, text_bad = 0, tip_bad = 0, overlap = 0;
    int64_t last = -1, first_open = -1, open_seen = 0;
    const struct lay_box *prev = NULL;
    char key[512], given[512], line[1100];

    for (size_t i = 0; i < q->nq && first_open < 0; i++)
        if (q->q[i].state == QUIZ_OPEN)
            first_open = (int64_t)i;
    for (int i = 0; i < lo->nboxes; i++) {
        const struct lay_box *b = &lo->boxes[i];
        const char *tip = tip_of(lo, b);
        outside += b->r.x < 0 || b->r.y < 0 || b->r.w < 0 || b->r.h < 0 ||
                   b->r.x + b->r.w > lo->w || b->r.y + b->r.h > lo->h;
        if (b->kind != LAY_QSLOT || b->view != 0)
            continue;
        if (b->a < 0 || (size_t)b->a >= q->nq || b->a <= last) {
            order++;
            continue;
        }
        const struct quiz_question *qq = &q->q[b->a];
        last = b->a;
        open_seen += b->a == first_open;
        overlap += prev && b->r.x == prev->r.x && b->r.y < prev->r.y + prev->r.h;
        prev = b;
        order += b->b != qq->state || b->colour != colours[qq->state];
        quiz_value_text(qq->type, &qq->key, key, sizeof key);
        quiz_value_text(qq->type, &qq->given, given, sizeof given);
        first_line(qq->explain, line, sizeof line);
        if (qq->state == QUIZ_OPEN) {
            text_bad += strcmp(b->text, "?") != 0;
            const char *after = strstr(tip, qq->prompt);
            /* Nothing but the prompt and the word that it is open. */
            leak += !after || strncmp(after + strlen(qq->prompt), "\nOpen:", 6) != 0 ||
                    (line[0] && !strstr(qq->prompt, line) && strstr(tip, line) != NULL) ||
                    strstr(tip, "answer is") != NULL;
            tip_bad += strstr(tip, "Open") == NULL || strstr(tip, qq->prompt) == NULL;
            continue;
        }
        tip_bad += strstr(tip, line) == NULL || strstr(tip, key) == NULL;
        if (strstr(b->text, "...")) /* Cut to fit: the start must be right. */
            continue;
        if (qq->state == QUIZ_RIGHT)
            text_bad += strcmp(b->text, given) != 0;
        else if (qq->state == QUIZ_WRONG)
            text_bad += strstr(b->text, given) != b->text || strstr(b->text, key) == NULL;
        else
            text_bad += strncmp(b->text, "key ", 4) != 0 || strstr(b->text, key) == NULL;
    }
    TEST_MSG(outside == 0, name);
    TEST_MSG(order == 0, name);
    TEST_MSG(overlap == 0, name);
    TEST_MSG(leak == 0, name);
    TEST_MSG(text_bad == 0, name);
    TEST_MSG(tip_bad == 0, name);
    if (full) /* A window of 1280x800 or more: the first open question is in view. */
        TEST_MSG(first_open < 0 || open_seen == 1, name);
}

/* Policy: the exam table shows each access's page, and its hit or miss and
 * memory only once that question is answered or revealed. */
static void check_policy(const char *name, const struct layout *lo, const struct quiz *q)
{
    int bad = 0, cells = 0;

    for (int i = 0; i < lo->nboxes; i++) {
        const struct lay_box *b = &lo->boxes[i];
        if (b->kind != LAY_QCELL || b->view != 0)
            continue;
        const struct quiz_policy_step *st = &q->u.po.steps[b->a];
        const char *tip = tip_of(lo, b);
        int open_hm = 0, open_mem = 0;
        for (size_t k = 0; k < q->nq; k++)
            if (q->q[k].step == b->a && q->q[k].state == QUIZ_OPEN) {
                open_hm |= q->q[k].type == QUIZ_A_HITMISS;
                open_mem |= q->q[k].type == QUIZ_A_SET;
            }
        cells++;
        if (strstr(tip, "hit or miss?"))
            bad += !open_hm || strcmp(b->text, "?") != 0;
        else if (strstr(tip, " is a "))
            bad += open_hm || strcmp(b->text, st->hit ? "H" : "M") != 0;
        else if (strstr(tip, "which pages?"))
            bad += !open_mem || (b->text[0] && strcmp(b->text, "?") != 0);
        else if (strstr(tip, "Memory after"))
            bad += open_mem;
    }
    TEST_MSG(cells >= (int)(q->u.po.nrefs < 8 ? q->u.po.nrefs : 8) * 3, name);
    TEST_MSG(bad == 0, name);
}

/* Translate: at 1280x800, an entry a cell, valid ones labelled with their
 * PFN, the others hatched. */
static void check_translate(const char *name, const struct layout *lo, const struct quiz *q)
{
    const struct quiz_translate *t = &q->u.tr;
    int bad = 0;
    uint64_t n = 0;
    char want[64];

    for (int i = 0; i < lo->nboxes; i++) {
        const struct lay_box *b = &lo->boxes[i];
        if (b->kind != LAY_QCELL || b->view != 0)
            continue;
        bad += b->a != (int64_t)n || (uint64_t)b->a >= t->npages;
        if ((uint64_t)b->a < t->npages) {
            if (t->pt[b->a] >= 0)
                snprintf(want, sizeof want, "%lld: %lld", (long long)b->a, (long long)t->pt[b->a]);
            else
                snprintf(want, sizeof want, "%lld: -", (long long)b->a);
            bad += (b->text[0] && strcmp(b->text, want) != 0) || b->fill != (t->pt[b->a] < 0);
        }
        n++;
    }
    TEST_MSG(bad == 0, name);
    if (t->npages <= 64)
        TEST_MSG(n == t->npages, name);
}

/* Malloc: the hatched extents are the free list after the last operation
 * whose questions are all answered (the first free list before any). */
static void check_malloc(const char *name, const struct layout *lo, const struct quiz *q)
{
    const struct quiz_malloc *m = &q->u.ma;
    size_t holes = 0, want = 1;
    int k = -1;

    for (int s = 0; s < (int)m->nops; s++) {
        int done = 1;
        for (size_t i = 0; i < q->nq; i++)
            done &= q->q[i].step > s || q->q[i].state != QUIZ_OPEN;
        if (!done)
            break;
        k = s;
    }
    if (k >= 0)
        want = m->ops[k].nfree;
    for (int i = 0; i < lo->nboxes; i++)
        holes += lo->boxes[i].kind == LAY_QCELL && lo->boxes[i].view == 0 &&
                 lo->boxes[i].fill == 1 && lo->boxes[i].text[0] == '#';
    TEST_MSG(holes <= want, name); /* A hole too narrow for its label has none. */
}

/* Multilevel: 128 pages, the page directory's in its own colour. */
static void check_multilevel(const char *name, const struct layout *lo, const struct quiz *q)
{
    int pages = 0, marked = 0;

    for (int i = 0; i < lo->nboxes; i++) {
        const struct lay_box *b = &lo->boxes[i];
        if (b->kind != LAY_QCELL || b->view != 0)
            continue;
        pages++;
        marked += b->colour == col_q_mark;
        TEST_MSG((b->colour == col_q_mark) == (b->a == (int64_t)q->u.ml.pdbr), name);
    }
    TEST_MSG(pages == 128 && marked == 1, name);
}

/* The index of the nth question (from 0) of type t at step `step` of q,
 * or -1. */
static long find_q(const struct quiz *q, int step, enum quiz_atype t, int nth)
{
    for (size_t i = 0; i < q->nq; i++)
        if (q->q[i].step == step && q->q[i].type == t && nth-- == 0)
            return (long)i;
    return -1;
}

/* 1 when question i of q is open (i >= 0). */
static int open_q(const struct quiz *q, long i)
{
    return i >= 0 && q->q[i].state == QUIZ_OPEN;
}

/* A picture cell's tooltip past its byte range ("0..9 (10 B): "), if any. */
static const char *tip_what(const char *tip)
{
    const char *p = strstr(tip, "): ");

    return p ? p + 3 : tip;
}

/* A total's line (title, then a number or "?"), if there is one, shows
 * its key only when question i is answered. */
static void check_total(const char *name, const struct layout *lo, const struct quiz *q, long i,
                        const char *title)
{
    for (int k = 0; k < lo->nboxes; k++)
        if (lo->boxes[k].kind == LAY_TEXT && lo->boxes[k].view == 0 &&
            strncmp(lo->boxes[k].text, title, strlen(title)) == 0)
            TEST_MSG((lo->boxes[k].text[strlen(title)] != '?') == !open_q(q, i), name);
}

/* Exam: a column a reference; hit or miss and the frames (as the key, frame
 * by frame) only once answered; a victim only with the frames before. */
static void check_exam(const char *name, const struct layout *lo, const struct quiz *q)
{
    const struct quiz_own *o = &q->u.own;
    int bad = 0, hm = 0, r;
    char want[32];

    for (int i = 0; i < lo->nboxes; i++) {
        const struct lay_box *b = &lo->boxes[i];
        if (b->kind != LAY_QCELL || b->view != 0)
            continue;
        const char *tip = tip_of(lo, b);
        int s = (int)b->a;
        long hq = find_q(q, s, QUIZ_A_HITMISS, 0), mq = find_q(q, s, QUIZ_A_LIST, 0);
        if (s < 0 || (size_t)s >= o->nitems || hq < 0 || mq < 0) {
            bad++;
            continue;
        }
        if (strstr(tip, "hit or miss? (open)"))
            bad += !open_q(q, hq) || strcmp(b->text, "?") != 0;
        else if (strstr(tip, " is a "))
            bad += open_q(q, hq) || strcmp(b->text, o->item_b[s] ? "H" : "M") != 0;
        else if (strstr(tip, "which pages? (open)"))
            bad += !open_q(q, mq) || (b->text[0] && strcmp(b->text, "?") != 0);
        else if (sscanf(tip, "Frame %d after reference", &r) == 1) {
            const struct quiz_value *k = &q->q[mq].key;
            bad += open_q(q, mq) || r < 0 || (size_t)r >= k->n;
            if (r >= 0 && (size_t)r < k->n)
                snprintf(want, sizeof want, k->v[r] == QUIZ_EMPTY ? "" : "%lld",
                         (long long)k->v[r]);
            bad += strcmp(b->text, want) != 0;
            bad += strstr(tip, "was replaced") &&
                   (s == 0 || open_q(q, find_q(q, s - 1, QUIZ_A_LIST, 0)) || o->item_c[s] < 0);
        } else {
            snprintf(want, sizeof want, "%lld", (long long)o->item_a[s]);
            bad += strcmp(b->text, want) != 0; /* The page row. */
        }
        hm += strstr(tip, "hit or miss? (open)") || strstr(tip, " is a ");
    }
    TEST_MSG(bad == 0, name);
    TEST_MSG(hm >= (int)(o->nitems < 8 ? o->nitems : 8), name);
    check_total(name, lo, q, find_q(q, (int)o->nitems, QUIZ_A_NUMBER, 0), "Page faults in all: ");
}

/* TLB: its entries empty (what they hold is never drawn); a column an
 * access with its element and VA, hit or miss only once answered. */
static void check_tlb(const char *name, const struct layout *lo, const struct quiz *q)
{
    const struct quiz_own *o = &q->u.own;
    int bad = 0, hm = 0, entries = 0;
    unsigned long long va;
    long long el;
    size_t k;

    for (int i = 0; i < lo->nboxes; i++) {
        const struct lay_box *b = &lo->boxes[i];
        if (b->kind != LAY_QCELL || b->view != 0)
            continue;
        const char *tip = tip_of(lo, b);
        long hq = find_q(q, (int)b->a, QUIZ_A_HITMISS, 0);
        if (strncmp(tip, "Set ", 4) == 0) {
            entries++;
            bad += strncmp(b->text, "set ", 4) != 0 && strncmp(b->text, "way ", 4) != 0;
        } else if (b->a < 0 || (size_t)b->a >= o->nitems || hq < 0) {
            bad++;
        } else if (strstr(tip, "hit or miss? (open)")) {
            bad += !open_q(q, hq) || strcmp(b->text, "?") != 0;
            hm++;
        } else if (strstr(tip, " is a TLB ")) {
            bad += open_q(q, hq) || strcmp(b->text, o->item_c[b->a] ? "H" : "M") != 0 ||
                   !strstr(tip, o->item_c[b->a] ? "TLB hit" : "TLB miss");
            hm++;
        } else if (sscanf(tip, "Access %zu: a[%lld] at VA 0x%llx", &k, &el, &va) == 3) {
            bad +=
                k != (size_t)b->a + 1 || el != o->item_a[b->a] || va != (uint64_t)o->item_b[b->a];
        } else {
            bad++;
        }
    }
    TEST_MSG(bad == 0, name);
    TEST_MSG(hm >= (int)(o->nitems < 8 ? o->nitems : 8), name);
    TEST_MSG(entries >= 1 && entries <= (int)o->slots, name);
    check_total(name, lo, q, find_q(q, (int)o->nitems, QUIZ_A_NUMBER, 0), "TLB hits in all: ");
}

/* Compact: every segment before, with its base and limit; after, only the
 * segments whose base is answered, at it, and the hole once answered. */
static void check_compact(const char *name, const struct layout *lo, const struct quiz *q)
{
    const struct quiz_own *o = &q->u.own;
    int before[8] = {0}, after[8] = {0}, bad = 0, id;
    long long base, limit, used = 0;
    unsigned long long lo_b, hi_b;
    long moved = find_q(q, (int)o->nitems, QUIZ_A_NUMBER, 0);
    long hole = find_q(q, (int)o->nitems, QUIZ_A_NUMBER, 1);

    for (size_t s = 0; s < o->nitems; s++)
        used += o->item_b[s];
    for (int i = 0; i < lo->nboxes; i++) {
        const struct lay_box *b = &lo->boxes[i];
        const char *what = tip_what(tip_of(lo, b));
        if (b->kind != LAY_QCELL || b->view != 0)
            continue;
        if (sscanf(what, "segment %d '%*[^']' after compaction: base %lld", &id, &base) == 2 &&
            id >= 0 && (size_t)id < o->nitems) {
            bad += open_q(q, find_q(q, id, QUIZ_A_NUMBER, 0)) || base != o->item_c[id];
            after[id]++;
        } else if (sscanf(what, "segment %d '%*[^']': base %lld, limit %lld", &id, &base, &limit) ==
                       3 &&
                   id >= 0 && (size_t)id < o->nitems) {
            bad += base != o->item_a[id] || limit != o->item_b[id];
            before[id]++;
        } else if (strcmp(what, "the one hole left") == 0) {
            bad += open_q(q, hole) || sscanf(tip_of(lo, b), "%llu..%llu", &lo_b, &hi_b) != 2 ||
                   lo_b != (unsigned long long)used || hi_b != o->memory - 1;
        }
    }
    for (size_t s = 0; s < o->nitems; s++)
        bad += before[s] != 1 || after[s] != !open_q(q, find_q(q, (int)s, QUIZ_A_NUMBER, 0));
    TEST_MSG(bad == 0, name);
    check_total(name, lo, q, moved, "Bytes moved in all: ");
    check_total(name, lo, q, hole, "The hole left: ");
}

/* The holes of frag quiz q's segment memory after its operations, played
 * again on memtrack's segment memory (segment.h), which must agree with
 * the bases q keeps. Returns how many, into h. */
static unsigned frag_holes(const struct quiz *q, struct hole *h)
{
    const struct quiz_own *o = &q->u.own;
    int id_of[26];
    enum seg_fit fit;
    struct segmem sm;
    struct note note;
    char err[128];

    if (seg_fit_parse(o->policy, &fit) < 0 || seg_init(&sm, o->memory, fit, err, sizeof err) < 0) {
        TEST(0);
        return 0;
    }
    for (size_t k = o->slots; k < o->nitems; k++) {
        int s = (int)o->item_a[k];
        char seg_name[2] = {(char)('a' + s), '\0'};
        if (s < 0 || s >= 26) {
            TEST(0);
            return 0;
        }
        if (o->item_b[k] >= 0) {
            id_of[s] = seg_alloc(&sm, seg_name, (uint64_t)o->item_b[k], &note);
            TEST(id_of[s] < 0 ? o->item_c[k] == -1
                              : (int64_t)sm.seg[id_of[s]].base == o->item_c[k]);
        } else if (id_of[s] >= 0) {
            seg_release(&sm, id_of[s], &note);
        }
    }
    return seg_holes(&sm, h);
}

/* Process p's cells of a frag picture, by what their tooltips say. */
struct frag_row {
    int asks, last_open, used, unused;
    uint64_t full; /* Bytes of its full pages. */
};

/* Frag: each process's bytes; its pages once their number is answered,
 * the unused end of its last page once that is; the memory after the
 * operations only once the free bytes and the largest hole are answered,
 * its holes then where memtrack's segment memory has them. */
static void check_frag(const char *name, const struct layout *lo, const struct quiz *q)
{
    const struct quiz_own *o = &q->u.own;
    struct frag_row rows[101] = {{0}};
    long fq = find_q(q, (int)o->slots + 1, QUIZ_A_NUMBER, 0);
    int shown =
        fq >= 0 && !open_q(q, fq) && !open_q(q, find_q(q, (int)o->slots + 1, QUIZ_A_NUMBER, 1));
    struct hole h[SEG_MAX_HOLES];
    unsigned nh = shown ? frag_holes(q, h) : 0;
    int bad = 0, p, holes = 0, segs = 0, mem_open = 0;
    unsigned long long a, z;

    for (int i = 0; i < lo->nboxes; i++) {
        const struct lay_box *b = &lo->boxes[i];
        const char *tip = tip_of(lo, b), *what = tip_what(tip);
        if (b->kind != LAY_QCELL || b->view != 0)
            continue;
        if (sscanf(what, "P%d", &p) == 1 && p >= 1 && p <= (int)o->slots && p <= 100) {
            struct frag_row *r = &rows[p];
            r->asks += strstr(what, "asks for") != NULL;
            r->last_open += strstr(what, "its last page") != NULL;
            r->used += strstr(what, "used part") != NULL;
            r->unused += strstr(what, "unused:") != NULL;
            if (strstr(what, "a full page") && sscanf(tip, "%llu..%llu", &a, &z) == 2)
                r->full += z - a + 1;
        } else if (strcmp(what, "a hole") == 0) {
            int found = 0;
            holes++;
            for (unsigned k = 0; sscanf(tip, "%llu..%llu", &a, &z) == 2 && k < nh; k++)
                found += h[k].base == a && h[k].base + h[k].size - 1 == z;
            bad += !shown || found != 1;
        } else if (strncmp(what, "segment ", 8) == 0) {
            segs++;
            bad += !shown;
        } else if (b->a == -1) {
            mem_open += strcmp(b->text, "?") == 0;
        } else if (strncmp(tip, "Operation", 9) == 0 && b->a >= 0 && (size_t)b->a < o->nitems) {
            bad += (strstr(tip, "failed") != NULL) !=
                   (shown && o->item_b[b->a] >= 0 && o->item_c[b->a] < 0);
        }
    }
    for (int i = 0; i < (int)o->slots && i < 100; i++) {
        const struct frag_row *r = &rows[i + 1];
        long pq = find_q(q, i, QUIZ_A_NUMBER, 0), wq = find_q(q, i, QUIZ_A_NUMBER, 1);
        uint64_t pages = pq >= 0 ? (uint64_t)q->q[pq].key.v[0] : 0;
        uint64_t held = pages * o->unit, full = pages ? (pages - 1) * o->unit : 0;
        if (open_q(q, pq))
            bad += r->asks != 1 || r->full || r->last_open || r->used || r->unused;
        else if (open_q(q, wq))
            bad += r->asks || r->full != full || r->last_open != 1 || r->used || r->unused;
        else
            bad += r->asks || r->full != full || r->last_open || r->used != 1 ||
                   r->unused != (held > (uint64_t)o->item_b[i]);
    }
    if (o->nitems > o->slots)
        bad += shown ? holes != (int)nh || mem_open != 0 : holes || segs || mem_open != 1;
    TEST_MSG(bad == 0, name);
    check_total(name, lo, q, o->slots > 1 ? find_q(q, (int)o->slots, QUIZ_A_NUMBER, 0) : -1,
                "Internal fragmentation in all: ");
}

/* Changes every answer of q's open questions: its key, and what of the
 * problem's state gives it (a policy's or exam's hit and memory, a TLB's
 * hit, a new base, the segment memory after the operations). */
static void scramble(struct quiz *q)
{
    struct quiz_own *o = &q->u.own;
    long fq = q->kind == QUIZ_FRAG ? find_q(q, (int)o->slots + 1, QUIZ_A_NUMBER, 0) : -1;
    int memory_open = 0;

    for (size_t i = 0; i < q->nq; i++) {
        struct quiz_question *qq = &q->q[i];
        size_t s = (size_t)qq->step;
        int hm = qq->type == QUIZ_A_HITMISS;
        if (qq->state != QUIZ_OPEN)
            continue;
        quiz_wrong_value(qq, &qq->key);
        if (q->kind == QUIZ_POLICY && s < q->u.po.nrefs) {
            struct quiz_policy_step *st = &q->u.po.steps[s];
            st->hit = hm ? !st->hit : st->hit;
            for (size_t m = 0; !hm && m < st->nmem; m++)
                st->mem[m]++;
            st->victim += !hm;
        } else if (q->kind == QUIZ_EXAM && s < o->nitems) {
            o->item_b[s] = hm ? !o->item_b[s] : o->item_b[s];
            o->item_c[s] += !hm;
        } else if (q->kind == QUIZ_TLB && s < o->nitems) {
            o->item_c[s] = !o->item_c[s];
        } else if (q->kind == QUIZ_COMPACT && s < o->nitems) {
            o->item_c[s] += 8;
        }
        memory_open |= fq >= 0 && ((long)i == fq || (long)i == fq + 1);
    }
    for (size_t k = o->slots; memory_open && k < o->nitems; k++)
        o->item_c[k] = o->item_c[k] < 0 ? 0 : -1;
}

/* 1 when layouts a and b are the same, box for box. */
static int same_layout(const struct layout *a, const struct layout *b)
{
    if (a->nboxes != b->nboxes)
        return 0;
    for (int i = 0; i < a->nboxes; i++) {
        const struct lay_box *x = &a->boxes[i], *y = &b->boxes[i];
        if (x->kind != y->kind || x->r.x != y->r.x || x->r.y != y->r.y || x->r.w != y->r.w ||
            x->r.h != y->r.h || x->colour != y->colour || x->fill != y->fill || x->a != y->a ||
            x->b != y->b || strcmp(x->text, y->text) != 0 ||
            strcmp(tip_of(a, x), tip_of(b, y)) != 0)
            return 0;
    }
    return 1;
}

/* Open answers are not drawn: st's quiz lays out the same, at three sizes,
 * once every open answer is changed (scramble). Changes st's quiz. */
static void check_hidden(const char *name, struct status *st)
{
    static const int at[3][2] = {{1280, 800}, {1920, 1080}, {640, 400}};
    struct lay_view v = {st, "quiz.st", NULL, 0, -1};
    struct layout before[3], after;
    int ok[3];

    for (int k = 0; k < 3; k++)
        ok[k] = layout_compute(&before[k], &v, 1, at[k][0], at[k][1], fake_measure, NULL) == 0;
    scramble(&st->quiz);
    for (int k = 0; k < 3; k++) {
        TEST_MSG(ok[k] &&
                     layout_compute(&after, &v, 1, at[k][0], at[k][1], fake_measure, NULL) == 0,
                 name);
        TEST_MSG(same_layout(&before[k], &after), name);
        layout_free(&after);
        layout_free(&before[k]);
    }
}

static const struct {
    enum quiz_kind kind;
    const char *args;
} takes[] = {
    {QUIZ_TRANSLATE, ""},
    {QUIZ_TRANSLATE, "-a 32k -P 1k -n 12 -u 75"},
    {QUIZ_TRANSLATE, "-a 1m -p 4m -P 256 -n 200"},
    {QUIZ_MULTILEVEL, ""},
    {QUIZ_SEGMENT, ""},
    {QUIZ_MALLOC, ""},
    {QUIZ_MALLOC, "-n 20"},
    {QUIZ_POLICY, ""},
    {QUIZ_POLICY, "-n 60 -C 5 -p LRU"},
    {QUIZ_FRAG, ""},
    {QUIZ_FRAG, "-n 6 -o 20 -f best"},
    {QUIZ_FRAG, "-n 0 -o 26 -a 80"},
    {QUIZ_FRAG, "-n 1 -o 0 -P 16 -m 4k"},
    {QUIZ_COMPACT, ""},
    {QUIZ_COMPACT, "-n 5 -M 4k"},
    {QUIZ_TLB, ""},
    {QUIZ_TLB, "-e 8 -w 2 -n 30"},
    {QUIZ_TLB, "-e 64 -w 1 -n 60 -P 64"},
    {QUIZ_EXAM, ""},
    {QUIZ_EXAM, "-f 4 -n 20 -p lru"},
    {QUIZ_EXAM, "-f 12 -n 40 -m 30 -p opt"},
};

/* Each kind's picture checks, at a window as wide as exact_w, or (0) at
 * 1280 pixels or more, alone. */
static const struct {
    enum quiz_kind kind;
    int exact_w;
    void (*check)(const char *name, const struct layout *lo, const struct quiz *q);
} pictures[] = {
    {QUIZ_TRANSLATE, 1280, check_translate},
    {QUIZ_MULTILEVEL, 0, check_multilevel},
    {QUIZ_MALLOC, 0, check_malloc},
    {QUIZ_POLICY, 0, check_policy},
    {QUIZ_FRAG, 0, check_frag},
    {QUIZ_COMPACT, 0, check_compact},
    {QUIZ_TLB, 0, check_tlb},
    {QUIZ_EXAM, 0, check_exam},
};

static const int sizes[][2] = {{1280, 800}, {1920, 1080}, {2560, 1440}, {800, 600},
                               {640, 400},  {320, 200},   {100, 60},    {1, 1}};

/* One quiz at every size, alone and stacked over a plain state. */
static void check_sizes(const char *name, const struct status *st, const struct status *plain)
{
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
        for (int stacked = 0; stacked < 2; stacked++) {
            struct lay_view v[2] = {{st, "quiz.st", NULL, 0, -1}, {plain, "plain", NULL, 0, 9}};
            struct layout lo;
            char what[400];
            int w = sizes[s][0], h = sizes[s][1];

            snprintf(what, sizeof what, "%s at %dx%d%s", name, w, h, stacked ? " stacked" : "");
            TEST_MSG(layout_compute(&lo, v, 1 + stacked, w, h, fake_measure, NULL) == 0, what);
            check_quiz(what, &lo, &st->quiz, !stacked && w >= 1280);
            for (size_t k = 0; !stacked && k < sizeof pictures / sizeof pictures[0]; k++)
                if (pictures[k].kind == st->quiz.kind &&
                    (pictures[k].exact_w ? w == pictures[k].exact_w : w >= 1280))
                    pictures[k].check(what, &lo, &st->quiz);
            layout_free(&lo);
        }
}

/* Every kind that builds, seeds 0..11 (seed 0 open, 1 all right, others at
 * random). Returns the kinds that made a quiz. */
static int test_kinds(void)
{
    struct status plain;
    struct pyrand r;
    char err[256];
    int kinds = 0;

    pyrand_seed(&r, 5);
    TEST(status_init(&plain, 16, 4096, PG_FIRST, 0, 65536, SEG_FIRST, err, sizeof err) == 0);
    for (size_t k = 0; k < sizeof takes / sizeof takes[0]; k++) {
        int made = 0;
        for (long seed = 0; seed < 12; seed++) {
            char buf[256], *argv[QUIZ_MAX_ARGS], name[300];
            int argc = 0;
            struct status st;

            snprintf(buf, sizeof buf, "%s%s-s %ld", takes[k].args, takes[k].args[0] ? " " : "",
                     seed);
            for (char *t = strtok(buf, " "); t && argc < QUIZ_MAX_ARGS; t = strtok(NULL, " "))
                argv[argc++] = t;
            TEST(status_init(&st, 16, 4096, PG_FIRST, 0, 65536, SEG_FIRST, err, sizeof err) == 0);
            if (quiz_make(takes[k].kind, argc, argv, &st.quiz, err, sizeof err) < 0) {
                status_free(&st); /* A kind not built in this tree. */
                break;
            }
            made = 1;
            st.quiz_on = 1;
            for (size_t i = 0; i < st.quiz.nq; i++)
                quiz_answer_as(&st.quiz, i,
                               seed == 0   ? 0
                               : seed == 1 ? 1
                                           : (int)pyrand_randbelow(&r, 4));
            snprintf(name, sizeof name, "%s %s seed %ld", quiz_kind_name(takes[k].kind),
                     takes[k].args, seed);
            check_sizes(name, &st, &plain);
            if (takes[k].kind >= QUIZ_POLICY) /* The kinds whose pictures hold answers. */
                check_hidden(name, &st);
            status_free(&st);
        }
        kinds += made;
    }
    status_free(&plain);
    return kinds;
}

/* A layout keeps its tooltips after its state is gone (ASan checks). */
static void test_outlives(void)
{
    char *argv[2] = {"-s", "3"}, err[256], tip[LAY_TIP_MAX];
    struct status *st = calloc(1, sizeof *st);
    struct layout lo;
    struct lay_view v = {NULL, "quiz.st", NULL, 0, -1};
    int found = 0;

    if (!st || status_init(st, 16, 4096, PG_FIRST, 0, 65536, SEG_FIRST, err, sizeof err) < 0 ||
        quiz_make(QUIZ_TRANSLATE, 2, argv, &st->quiz, err, sizeof err) < 0) {
        TEST(0);
        free(st);
        return;
    }
    st->quiz_on = 1;
    quiz_answer_as(&st->quiz, 0, 2);
    v.st = st;
    TEST(layout_compute(&lo, &v, 1, 1280, 800, fake_measure, NULL) == 0);
    status_free(st);
    free(st);
    for (int i = 0; i < lo.nboxes; i++) {
        const struct lay_box *b = &lo.boxes[i];
        if (b->kind == LAY_QSLOT && b->a == 0)
            found = layout_tip(&lo, b->r.x + 1, b->r.y + 1, tip, sizeof tip) == 1 &&
                    strstr(tip, "Wrong: you answered") != NULL && strchr(tip, '\n') != NULL;
    }
    TEST(found);
    layout_free(&lo);
}

/* layout_wrap breaks at '\n' as well as between words. */
static void test_wrap(void)
{
    char lines[8][LAY_TEXT_MAX];

    TEST(layout_wrap("a b\nc", 1000, fake_measure, NULL, lines, 8) == 2);
    TEST(strcmp(lines[0], "a b") == 0 && strcmp(lines[1], "c") == 0);
    TEST(layout_wrap("x\n\ny", 1000, fake_measure, NULL, lines, 8) == 3);
    TEST(strcmp(lines[1], "") == 0 && strcmp(lines[2], "y") == 0);
    TEST(layout_wrap("one two three\nfour", 9 * CHAR_W, fake_measure, NULL, lines, 8) == 3);
    TEST(strcmp(lines[0], "one two") == 0 && strcmp(lines[1], "three") == 0 &&
         strcmp(lines[2], "four") == 0);
    TEST(layout_wrap("end\n", 1000, fake_measure, NULL, lines, 8) == 1);
}

int main(void)
{
    TEST(test_kinds() >= 2);
    test_outlives();
    test_wrap();
    return TEST_DONE();
}
