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
 * page marked (multilevel). Also layout_wrap's line breaks, and a layout
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
    {QUIZ_COMPACT, ""},
    {QUIZ_TLB, ""},
    {QUIZ_EXAM, ""},
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
            if (!stacked && w >= 1280 && st->quiz.kind == QUIZ_POLICY)
                check_policy(what, &lo, &st->quiz);
            if (!stacked && w == 1280 && st->quiz.kind == QUIZ_TRANSLATE)
                check_translate(what, &lo, &st->quiz);
            if (!stacked && w >= 1280 && st->quiz.kind == QUIZ_MALLOC)
                check_malloc(what, &lo, &st->quiz);
            if (!stacked && w >= 1280 && st->quiz.kind == QUIZ_MULTILEVEL)
                check_multilevel(what, &lo, &st->quiz);
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
