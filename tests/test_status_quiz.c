/* test_status_quiz.c: the quiz's records in the status file (format version 8,
 * common/status_quiz.c): a state with a quiz taken part way (answers right,
 * wrong, revealed, open) for many seeds of every kind that builds, written,
 * read back (the problem made again from its flags, every answer checked)
 * and written again byte for byte; lines too long for the format carried on
 * in quiz-more records; a state without a quiz written as before; and a base
 * file broken one way at a time, each refused on its line with its reason.
 *
 *   test_status_quiz KIND ARGS... prints the status file of that quiz with
 *   its first three questions answered right, wrong and revealed (the fuzz
 *   seeds, tests/fuzz/status/quiz-*, and docs/status-format.md's example).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pyrand.h"
#include "quiz.h"
#include "status.h"
#include "quiz_answer.h"
#include "test.h"
#include "test_status.h"

/* Makes quiz kind from args into st (quiz_on). Returns 0 or -1. */
static int make(struct status *st, enum quiz_kind kind, int argc, char **argv)
{
    char err[256] = "";
    int r;

    TEST_MSG(status_init(st, 16, 4096, PG_FIRST, 0, 65536, SEG_FIRST, err, sizeof err) == 0, err);
    r = quiz_make(kind, argc, argv, &st->quiz, err, sizeof err);
    TEST_MSG(r == 0, err);
    st->quiz_on = r == 0;
    return r;
}

/* Compares what the quiz records carry of a and b. */
static void same_quiz(const char *name, const struct status *a, const struct status *b)
{
    const struct quiz *p = &a->quiz, *q = &b->quiz;
    size_t bad = 0;

    TEST_MSG(a->quiz_on == b->quiz_on && p->kind == q->kind && p->seed == q->seed, name);
    TEST_MSG(p->argc == q->argc && p->nq == q->nq, name);
    for (int i = 0; i < p->argc && p->argc == q->argc; i++)
        bad += strcmp(p->argv[i], q->argv[i]) != 0;
    for (size_t i = 0; i < p->nq && p->nq == q->nq; i++) {
        const struct quiz_question *x = &p->q[i], *y = &q->q[i];
        bad += x->state != y->state || x->type != y->type || x->step != y->step ||
               strcmp(x->prompt, y->prompt) != 0 || strcmp(x->explain, y->explain) != 0 ||
               !quiz_value_equal(x->type, &x->key, &y->key);
        if (x->state == QUIZ_RIGHT || x->state == QUIZ_WRONG)
            bad += x->given.word != y->given.word || x->given.n != y->given.n ||
                   memcmp(x->given.v, y->given.v, x->given.n * sizeof x->given.v[0]) != 0;
    }
    TEST_MSG(bad == 0, name);
}

/* st written, read back and compared (round_trip: the bytes again), and
 * its quiz compared. */
static void quiz_round_trip(const char *name, const struct status *st)
{
    struct status back;
    char err[ERRLEN] = "", *text;
    size_t len = 0;
    int r;

    round_trip(name, st);
    text = format_text(st, &len);
    if (!text)
        return;
    TEST_MSG(strncmp(text, "memtrack-status 8\n", 18) == 0, name);
    r = status_parse_string(text, len, &back, STATUS_DISPLAY_ONLY, err, sizeof err);
    TEST_MSG(r == 0, err);
    if (r == 0)
        same_quiz(name, st, &back);
    status_free(&back);
    free(text);
}

/* The kinds and flags taken part way, each for seeds 0 .. nseeds-1. */
static const struct {
    enum quiz_kind kind;
    const char *args; /* Space-separated; the seed is added. */
} takes[] = {
    {QUIZ_TRANSLATE, ""},
    {QUIZ_TRANSLATE, "-a 32k -P 1k -n 12 -u 75"},
    {QUIZ_TRANSLATE, "-a 1k -P 64 -p 4k -n 20 -u 100 -v"},
    {QUIZ_TRANSLATE, "-A 0,16383,4096,100"},
    {QUIZ_MULTILEVEL, ""},
    {QUIZ_SEGMENT, ""},
    {QUIZ_SEGMENT, "-a 1k -p 16k -n 8"},
    {QUIZ_MALLOC, ""},
    {QUIZ_MALLOC, "-n 20 -H 4 -a 4 -p WORST -C"},
    {QUIZ_POLICY, ""},
    {QUIZ_POLICY, "-p LRU -C 4 -n 20"},
    {QUIZ_POLICY, "-p CLOCK -b 2 -C 3 -a 1,2,3,4,1,2,5,1,2,3,4,5"},
    {QUIZ_FRAG, ""},
    {QUIZ_COMPACT, ""},
    {QUIZ_TLB, ""},
    {QUIZ_EXAM, ""},
};

/* Splits args (and "-s SEED") into argv (pointing into buf). */
static int split_args(const char *args, long seed, char *buf, size_t len, char **argv)
{
    int argc = 0;

    snprintf(buf, len, "%s%s-s %ld", args, args[0] ? " " : "", seed);
    for (char *t = strtok(buf, " "); t && argc < QUIZ_MAX_ARGS; t = strtok(NULL, " "))
        argv[argc++] = t;
    return argc;
}

/* Every kind that builds, for many seeds, answered at random. Returns
 * the kinds that made a quiz. */
static int test_round_trips(void)
{
    struct pyrand r;
    int kinds = 0;

    pyrand_seed(&r, 14);
    for (size_t k = 0; k < sizeof takes / sizeof takes[0]; k++) {
        int made = 0;
        for (long seed = 0; seed < 25; seed++) {
            char buf[512], *argv[QUIZ_MAX_ARGS], name[600], err[256];
            int argc = split_args(takes[k].args, seed, buf, sizeof buf, argv);
            struct status st;

            memset(&st, 0, sizeof st);
            TEST(status_init(&st, 16, 4096, PG_FIRST, 0, 65536, SEG_FIRST, err, sizeof err) == 0);
            if (quiz_make(takes[k].kind, argc, argv, &st.quiz, err, sizeof err) < 0) {
                status_free(&st); /* A kind not built in this tree. */
                break;
            }
            st.quiz_on = 1;
            made = 1;
            snprintf(name, sizeof name, "%s %s seed %ld", quiz_kind_name(takes[k].kind),
                     takes[k].args, seed);
            for (size_t i = 0; i < st.quiz.nq; i++)
                quiz_answer_as(&st.quiz, i,
                               seed == 0   ? 0
                               : seed == 1 ? 1
                                           : (int)pyrand_randbelow(&r, 4));
            quiz_round_trip(name, &st);
            status_free(&st);
        }
        kinds += made;
    }
    return kinds;
}

/* A -A list longer than a line, and a wrong answer longer than a line:
 * both go on in quiz-more records and come back whole. */
static void test_long_lines(void)
{
    char list[8192] = "", *argv[6] = {"-a", "1m", "-p", "4m", "-A", list}, *text,
         big[QUIZ_MAX_VALUES * 24];
    size_t len = 0, at = 0;
    struct status st;

    for (int i = 0; i < 700; i++)
        at += (size_t)snprintf(list + at, sizeof list - at, "%s%d", i ? "," : "", 1000000 + i);
    if (make(&st, QUIZ_TRANSLATE, 6, argv) < 0)
        return;
    TEST(st.quiz.nq >= 700);
    at = 0;
    for (int i = 0; i < QUIZ_MAX_VALUES; i++) /* Too many numbers for an address: malformed. */
        at += (size_t)snprintf(big + at, sizeof big - at, "%s%lld", i ? " " : "",
                               (long long)INT64_MAX - i);
    quiz_answer_as(&st.quiz, 0, 1);
    quiz_answer_as(&st.quiz, 1, 2);
    quiz_answer_as(&st.quiz, 2, 3);
    text = format_text(&st, &len);
    TEST(text && count_of(text, "\nquiz-more ") >= 5);
    for (const char *l = text; text && *l; l = strchr(l, '\n') + 1)
        TEST(strchr(l, '\n') - l <= STATUS_MAX_LINE);
    free(text);
    quiz_round_trip("700 addresses", &st);
    status_free(&st);
}

/* A state without a quiz is written as before: no quiz record, its old
 * version. */
static void test_versions(void)
{
    struct status st;
    char err[256] = "", *text;
    size_t len;

    TEST_MSG(status_init(&st, 16, 4096, PG_FIRST, 0, 65536, SEG_FIRST, err, sizeof err) == 0, err);
    text = format_text(&st, &len);
    TEST(text && strncmp(text, "memtrack-status 1\n", 18) == 0 && !strstr(text, "quiz"));
    status_free(&st);
    if (text) { /* Version 8 is the quiz's: a file of it without one is refused. */
        text[16] = '8';
        TEST(status_parse_string(text, len, &st, 0, err, sizeof err) == line_of(text, "event"));
        TEST_MSG(strstr(err, "a version 8 file has a 'quiz' record") != NULL, err);
    }
    free(text);
}

/* A translate quiz (seed 1) with its 5 questions: right, wrong, shown, open,
 * open: the base of the broken files below. */
static char base[4096];

static const struct bad_edit cases[] = {
    {"in a version 7 file", "memtrack-status 8", "memtrack-status 7", "version 7", 7},
    {"an unknown kind", "quiz translate ", "quiz fancy ", "unknown kind 'fancy'", 0},
    {"an alias for the kind", "quiz translate ", "quiz linear ", "unknown kind 'linear'", 0},
    {"no kind", "quiz translate --addresses=-1 ", "quiz ", "", 7},
    {"a flag not canonical", "--seed=1", "-s 1", "canonical", 7},
    {"a bad flag value", "--seed=1", "--seed=x", "seed", 7},
    {"an unknown flag", "--seed=1", "--sand=1", "quiz: ", 7},
    {"two spaces", " --seed=1", "  --seed=1", "two spaces", 7},
    {"a space at the end", "--used=50\n", "--used=50 \n", "two spaces", 7},
    {"a question out of order", "quiz-q i=1 ", "quiz-q i=2 ", "expected i=1", 0},
    {"a question missing", "quiz-q i=4 state=open given=-\n", "", "5 questions, but 4", 7},
    {"a question too many", "quiz-q i=4 state=open given=-\n",
     "quiz-q i=4 state=open given=-\nquiz-q i=5 state=open given=-\n", "only 5 questions", 13},
    {"an unknown state", "i=3 state=open", "i=3 state=ajar", "state=ajar", 0},
    {"an open one with an answer", "i=3 state=open given=-", "i=3 state=open given=5", "given=-",
     0},
    {"a shown one with an answer", "state=shown given=-", "state=shown given=5", "given=-", 0},
    {"right but wrong", "state=right", "state=wrong", "the answer given is right", 0},
    {"wrong but right", "state=wrong", "state=right", "the answer given is wrong", 9},
    {"an answer malformed", "i=0 state=right given=", "i=0 state=right given=zz", "not an answer",
     0},
    {"a question before the quiz", "quiz translate",
     "quiz-q i=0 state=open given=-\nquiz translate", "no quiz line", 7},
    {"quiz-more first", "quiz translate", "quiz-more x\nquiz translate", "nothing to continue", 7},
    {"quiz-more empty", "quiz-q i=1", "quiz-more \nquiz-q i=1", "no text", 0},
    {"the quiz after the event", "event ok", "event ok\nquiz translate", "out of place", 14},
    {"a second quiz", "quiz-q i=0", "quiz translate\nquiz-q i=0", "out of place", 0},
    {"a missing field", "i=4 state=open given=-", "i=4 state=open", "expected 3 fields", 0},
};

/* The base file read, then broken one way each (cases[]). */
static void test_malformed(void)
{
    char *argv[2] = {"-s", "1"}, err[ERRLEN] = "", *text;
    size_t len = 0;
    struct status st, back;

    if (make(&st, QUIZ_TRANSLATE, 2, argv) < 0)
        return;
    TEST(st.quiz.nq == 5);
    quiz_answer_as(&st.quiz, 0, 1);
    quiz_answer_as(&st.quiz, 1, 2);
    quiz_answer_as(&st.quiz, 2, 3);
    text = format_text(&st, &len);
    status_free(&st);
    if (!text || len >= sizeof base) {
        free(text);
        return;
    }
    memcpy(base, text, len + 1);
    free(text);
    TEST_MSG(status_parse_string(base, strlen(base), &back, 0, err, sizeof err) == 0, err);
    TEST(back.quiz_on && back.quiz.nq == 5 && quiz_score(&back.quiz) == 1 &&
         back.quiz.q[2].state == QUIZ_SHOWN && back.quiz.q[3].state == QUIZ_OPEN);
    status_free(&back);
    check_bad_edits(base, cases, sizeof cases / sizeof cases[0], "quiz translate");
}

int main(int argc, char **argv)
{
    if (argc >= 2) { /* test_status_quiz KIND ARGS...: a fuzz seed on stdout. */
        enum quiz_kind kind;
        struct status st;

        memset(&st, 0, sizeof st);
        if (quiz_kind_from_name(argv[1], &kind) < 0 || make(&st, kind, argc - 2, argv + 2) < 0)
            return 1;
        for (size_t i = 0; i < st.quiz.nq && i < 3; i++) /* Right, wrong, shown, as base. */
            quiz_answer_as(&st.quiz, i, (int)i + 1);
        status_format(&st, stdout);
        status_free(&st);
        return 0;
    }
    TEST(test_round_trips() >= 2);
    test_long_lines();
    test_versions();
    test_malformed();
    return TEST_DONE();
}
