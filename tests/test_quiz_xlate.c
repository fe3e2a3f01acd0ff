/* test_quiz_xlate.c: the OSTEP address quizzes (translate, segment,
 * multilevel) beyond the replay of OSTEP's outputs (test_quiz_ostep).
 *
 * For many seeds and flag settings every key is derived again here from
 * the problem's state by a second, plain computation (the page table, the
 * registers, the memory dump), and checked against its question: the type,
 * the explanation naming the answer, the page-table and memory invariants
 * the scripts keep. A problem rebuilt from its canonical flags
 * (quiz_args_text) is the same problem; the same seed gives the same
 * problem and other seeds others. Every refusal (the scripts' errors with
 * their messages, and memtrack's where a script would crash or loop) is
 * checked for its message and for leaving the quiz zeroed.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quiz.h"
#include "test.h"

#define MAX_ARGV 40

/* Splits a copy of args at spaces and makes the quiz. Returns quiz_make's
 * result; err gets its message. */
static int make(enum quiz_kind kind, const char *args, struct quiz *q, char *err, size_t errlen)
{
    char buf[8192], *argv[MAX_ARGV], *tok;
    int argc = 0;

    snprintf(buf, sizeof buf, "%s", args);
    for (tok = strtok(buf, " "); tok && argc < MAX_ARGV; tok = strtok(NULL, " "))
        argv[argc++] = tok;
    err[0] = '\0';
    return quiz_make(kind, argc, argv, q, err, errlen);
}

/* The OSTEP text of q (solve or not), malloc'd. */
static char *ostep_text(const struct quiz *q, int solve)
{
    struct qbuf b = {0};

    quiz_ostep_text(q, solve, &b);
    return b.s ? b.s : calloc(1, 1);
}

/* Checks that key k is the number pa (pa < 0: a fault). */
static int key_is(const struct quiz_value *k, int64_t pa)
{
    if (pa < 0)
        return k->word == QUIZ_W_FAULT && k->n == 0;
    return k->word == QUIZ_W_NONE && k->n == 1 && k->v[0] == pa;
}

/* Whether the explanation of question qq names its answer: "= PA" in hex
 * with width digits at least, or the fault. */
static int explains(const struct quiz_question *qq, int width)
{
    char hex[32];

    if (qq->key.word == QUIZ_W_FAULT)
        return strstr(qq->explain, "fault") || strstr(qq->explain, "violation");
    snprintf(hex, sizeof hex, "= 0x%0*" PRIx64, width, (uint64_t)qq->key.v[0]);
    return strstr(qq->explain, hex) != NULL;
}

/* translate: each key from the page table, and the table's invariants. */
static void check_translate(const struct quiz *q, int64_t used)
{
    const struct quiz_translate *t = &q->u.tr;
    uint64_t v, w, valid = 0;

    TEST(t->npages * t->page_size == t->asize);
    for (v = 0; v < t->npages; v++) {
        TEST(t->pt[v] >= -1 && t->pt[v] < (int64_t)(t->psize / t->page_size));
        valid += t->pt[v] >= 0;
        for (w = 0; w < v && t->pt[v] >= 0; w++)
            TEST(t->pt[w] != t->pt[v]);
    }
    if (used <= 0)
        TEST(valid == 0);
    if (used >= 100)
        TEST(valid == t->npages);
    TEST(q->nq == t->naddrs);
    for (size_t i = 0; i < q->nq; i++) {
        uint64_t va = t->addrs[i], vpn = va / t->page_size;
        int64_t pfn = t->pt[vpn];
        TEST(va < t->asize);
        TEST(q->q[i].type == QUIZ_A_ADDR && q->q[i].step == (int)i);
        TEST(key_is(&q->q[i].key,
                    pfn < 0 ? -1 : pfn * (int64_t)t->page_size + (int64_t)(va % t->page_size)));
        TEST(explains(&q->q[i], 1));
    }
}

/* segment: each key from the registers. */
static void check_segment(const struct quiz *q)
{
    const struct quiz_segment *s = &q->u.sg;

    TEST(s->limit0 * 2 <= s->asize && s->limit1 * 2 <= s->asize);
    TEST(s->base1 >= s->limit1);
    TEST(q->nq == s->naddrs);
    for (size_t i = 0; i < q->nq; i++) {
        uint64_t va = s->addrs[i];
        int64_t pa = -1;
        if (va * 2 < s->asize && va < s->limit0)
            pa = (int64_t)(s->base0 + va);
        else if (va * 2 >= s->asize && s->asize - va <= s->limit1)
            pa = (int64_t)s->base1 - (int64_t)(s->asize - va);
        TEST(va < s->asize);
        TEST(pa < (int64_t)s->psize + 1);
        TEST(q->q[i].type == QUIZ_A_ADDR);
        TEST(key_is(&q->q[i].key, pa));
        TEST(explains(&q->q[i], 1));
    }
}

/* multilevel: each key by reading the dump, and the tables' invariants
 * (valid PTEs = pages allocated, each on its own page). */
static void check_multilevel(const struct quiz *q, int64_t allocated)
{
    const struct quiz_multilevel *m = &q->u.ml;
    const uint8_t *pd = m->memory + 32 * m->pdbr;
    int64_t valid = 0;

    TEST(m->pdbr < 128);
    for (int d = 0; d < 32; d++) {
        if (pd[d] == 0x7f)
            continue;
        TEST(pd[d] & 0x80);
        for (int e = 0; e < 32; e++) {
            uint8_t pte = m->memory[32 * (pd[d] & 0x7f) + e];
            TEST(pte == 0x7f || (pte & 0x80));
            valid += pte != 0x7f;
        }
    }
    TEST(valid == (allocated < 0 ? 0 : allocated));
    TEST(q->nq == m->naddrs);
    for (size_t i = 0; i < q->nq; i++) {
        unsigned va = (unsigned)m->addrs[i], pde = pd[va >> 10], pte;
        const struct quiz_value *k = &q->q[i].key;
        TEST(va < 32768 && q->q[i].type == QUIZ_A_PAIR);
        pte = (pde & 0x80) ? m->memory[32 * (pde & 0x7f) + ((va >> 5) & 31)] : 0;
        if (!(pte & 0x80)) {
            TEST(k->word == QUIZ_W_FAULT && k->n == 0);
            continue;
        }
        unsigned pa = 32 * (pte & 0x7f) + (va & 31);
        TEST(k->word == QUIZ_W_NONE && k->n == 2 && k->v[0] == pa && k->v[1] == m->memory[pa]);
        TEST(m->memory[pa] < 31);
        TEST(explains(&q->q[i], 3));
    }
}

/* The problem rebuilt from q's canonical flags is q's: the same text with
 * the answers, the same keys. */
static void check_round_trip(const struct quiz *q)
{
    struct qbuf args = {0};
    struct quiz r;
    char err[256];
    char *a, *b;

    quiz_args_text(q, &args);
    TEST_MSG(make(q->kind, args.s ? args.s : "", &r, err, sizeof err) == 0, err);
    a = ostep_text(q, 1);
    b = ostep_text(&r, 1);
    TEST(strcmp(a, b) == 0);
    TEST(r.nq == q->nq);
    for (size_t i = 0; i < q->nq && i < r.nq; i++)
        TEST(quiz_value_equal(q->q[i].type, &q->q[i].key, &r.q[i].key));
    free(a);
    free(b);
    qbuf_free(&args);
    quiz_free(&r);
}

/* Makes kind from args and runs every check on it. */
static void check_one(enum quiz_kind kind, const char *args, int64_t level)
{
    struct quiz q;
    struct qbuf st = {0};
    char err[256];

    if (make(kind, args, &q, err, sizeof err) < 0) {
        TEST_MSG(0, err);
        return;
    }
    if (kind == QUIZ_TRANSLATE)
        check_translate(&q, level);
    else if (kind == QUIZ_SEGMENT)
        check_segment(&q);
    else
        check_multilevel(&q, level);
    quiz_state_text(&q, &st);
    TEST(st.s && strlen(st.s) > 40 && st.s[st.len - 1] == '\n' && !st.failed);
    for (size_t i = 0; i < q.nq; i++) {
        char key[128];
        quiz_value_text(q.q[i].type, &q.q[i].key, key, sizeof key);
        TEST(quiz_grade(&q, i, key, err, sizeof err) == 1);
        TEST(q.q[i].prompt[0] && !strchr(q.q[i].prompt, '\n'));
    }
    check_round_trip(&q);
    qbuf_free(&st);
    quiz_free(&q);
}

/* Many seeds and flag settings of the three kinds. */
static void test_many(void)
{
    static const char *const tr[] = {"",
                                     "-a 32k -P 1k -n 10 -u 75",
                                     "-a 1m -p 4m -P 16k -n 30",
                                     "-a 64 -p 1k -P 1 -n 20 -u 90",
                                     "-u 0 -n 8",
                                     "-u 100 -n 8",
                                     "-a 8k -p 16k -P 512 -u 95 -n 12 -v"};
    static const int64_t tr_used[] = {50, 75, 50, 90, 0, 100, 95};
    static const char *const sg[] = {"", "-a 16k -p 128k -n 20", "-a 100 -p 1000 -n 20",
                                     "-b 0 -l 300 -B 16k -L 300 -n 30", "-a 1m -p 3m -n 10"};
    static const char *const ml[] = {"", "-a 0 -n 5", "-a 1 -n 12", "-a 30 -n 40"};
    static const int64_t ml_alloc[] = {64, 0, 1, 30};
    char args[256];

    for (int seed = 0; seed < 120; seed++) {
        for (size_t i = 0; i < sizeof tr / sizeof *tr; i++) {
            snprintf(args, sizeof args, "-s %d %s", seed, tr[i]);
            check_one(QUIZ_TRANSLATE, args, tr_used[i]);
        }
        for (size_t i = 0; i < sizeof sg / sizeof *sg; i++) {
            snprintf(args, sizeof args, "-s %d %s", seed, sg[i]);
            check_one(QUIZ_SEGMENT, args, 0);
        }
        for (size_t i = 0; i < sizeof ml / sizeof *ml; i++) {
            snprintf(args, sizeof args, "-s %d %s", seed, ml[i]);
            check_one(QUIZ_MULTILEVEL, args, ml_alloc[i]);
        }
    }
}

/* The same seed makes the same problem; the next seed another; a negative
 * seed the problem of its absolute value. */
static void test_seeds(void)
{
    static const enum quiz_kind kinds[] = {QUIZ_TRANSLATE, QUIZ_SEGMENT, QUIZ_MULTILEVEL};
    char err[256], args[64];

    for (size_t k = 0; k < 3; k++) {
        for (int seed = 0; seed < 30; seed++) {
            struct quiz a, b, c, n;
            char *ta, *tb, *tc, *tn;
            snprintf(args, sizeof args, "-s %d -n 10", seed);
            TEST(make(kinds[k], args, &a, err, sizeof err) == 0);
            TEST(make(kinds[k], args, &b, err, sizeof err) == 0);
            snprintf(args, sizeof args, "-s %d -n 10", seed + 1);
            TEST(make(kinds[k], args, &c, err, sizeof err) == 0);
            snprintf(args, sizeof args, "-s -%d -n 10", seed);
            TEST(make(kinds[k], args, &n, err, sizeof err) == 0);
            ta = ostep_text(&a, 1), tb = ostep_text(&b, 1), tc = ostep_text(&c, 1);
            tn = ostep_text(&n, 1);
            TEST(strcmp(ta, tb) == 0);
            TEST(strcmp(ta, tc) != 0);
            /* Only the ARG seed line differs (none for seed 0). */
            TEST(strcmp(strchr(ta, '\n'), strchr(tn, '\n')) == 0);
            TEST((seed == 0) == (strcmp(ta, tn) == 0));
            free(ta), free(tb), free(tc), free(tn);
            quiz_free(&a), quiz_free(&b), quiz_free(&c), quiz_free(&n);
        }
    }
}

/* A refusal: kind with args fails with want in its message and q zeroed. */
struct refusal {
    enum quiz_kind kind;
    const char *args;
    const char *want;
};

static const struct refusal refusals[] = {
    /* paging-linear-translate.py's own errors. */
    {QUIZ_TRANSLATE, "-p 1", "non-zero physical memory size"},
    {QUIZ_TRANSLATE, "-a 0", "non-zero address-space size"},
    {QUIZ_TRANSLATE, "-a 64k -p 64k", "GREATER than address space"},
    {QUIZ_TRANSLATE, "-a 512m -p 1g", "less than 1 GB"},
    {QUIZ_TRANSLATE, "-P 3k", "address space must be a multiple of the pagesize"},
    {QUIZ_TRANSLATE, "-p 66k", "physical memory must be a multiple of the pagesize"},
    {QUIZ_TRANSLATE, "-a 12k -p 64k", "address space must be a power of 2"},
    {QUIZ_TRANSLATE, "-s x", "'x' is not an integer"},
    /* memtrack's, where the script crashes, or makes too much. */
    {QUIZ_TRANSLATE, "-P 0", "at least 1"},
    {QUIZ_TRANSLATE, "-P -4k", "at least 1"},
    {QUIZ_TRANSLATE, "-a 1m -p 2m -P 1", "65536 virtual pages"},
    {QUIZ_TRANSLATE, "-a 64 -p 512m -P 16", "16777216 physical frames"},
    {QUIZ_TRANSLATE, "-A 16384", "cannot be generated in an address space of size 16384"},
    {QUIZ_TRANSLATE, "-A 5,-1", "virtual address -1 cannot be generated"},
    {QUIZ_TRANSLATE, "-A 1,,2", "'' is not an integer"},
    {QUIZ_TRANSLATE, "-A 0x10", "'0x10' is not an integer"},
    {QUIZ_TRANSLATE, "-A 1k", "'1k' is not an integer"},
    {QUIZ_TRANSLATE, "-A 99999999999999999999", "is not an integer"},
    {QUIZ_TRANSLATE, "-n 1001", "more than memtrack asks (1000)"},
    {QUIZ_TRANSLATE, "--bogus 3", "bogus"},
    /* segmentation.py's own errors. */
    {QUIZ_SEGMENT, "-p 4", "bigger physical memory size"},
    {QUIZ_SEGMENT, "-a 0", "non-zero address-space size"},
    {QUIZ_SEGMENT, "-a 16k", "physical memory size > address space size"},
    {QUIZ_SEGMENT, "-a 1k -p 2k", "2x GREATER"},
    {QUIZ_SEGMENT, "-b 16000 -l 500 -B 2000 -L 100", "seg0 is not in physical memory"},
    {QUIZ_SEGMENT, "-b 0 -l 100 -B 20000 -L 100", "seg1 is not in physical memory"},
    {QUIZ_SEGMENT, "-l 600", "length0 register is too large"},
    {QUIZ_SEGMENT, "-L 513", "length1 register is too large"},
    {QUIZ_SEGMENT, "-b 100 -l 200 -B 310 -L 100 -p 4k", "segments overlap"},
    {QUIZ_SEGMENT, "-A 1024", "virtual address 1024 cannot be generated"},
    /* memtrack's: the script would loop, go below 0, or print "0x-...". */
    {QUIZ_SEGMENT, "-l 20000", "segment 0 (limit 20000) finds no place"},
    {QUIZ_SEGMENT, "-L 20000", "segment 1 (limit 20000) finds no place"},
    {QUIZ_SEGMENT, "-b 0 -l 16k", "segment 1 (limit"},
    {QUIZ_SEGMENT, "-p 1g -l 1073741823", "segment 0 (limit 1073741823) finds no place"},
    {QUIZ_SEGMENT, "-B 100 -L 300", "below physical address 0"},
    {QUIZ_SEGMENT, "-b -2", "or -1 (draw it)"},
    {QUIZ_SEGMENT, "-a -5", "sizes from 0"},
    {QUIZ_SEGMENT, "-p 2000000g", "2^50"},
    {QUIZ_SEGMENT, "-n 1001", "more than memtrack asks"},
    /* paging-multilevel-translate.py: its AssertionError, and too many. */
    {QUIZ_MULTILEVEL, "-a 200", "memory is full after"},
    {QUIZ_MULTILEVEL, "-s 4 -a 100", "memory is full after"},
    {QUIZ_MULTILEVEL, "-n 1001", "more than memtrack asks"},
    {QUIZ_MULTILEVEL, "-a x", "'x' is not an integer"},
};

static void test_refusals(void)
{
    char err[256], many[8192];
    struct quiz q;
    size_t i, len = 0;

    for (i = 0; i < sizeof refusals / sizeof *refusals; i++) {
        const struct refusal *r = &refusals[i];
        memset(&q, 0xa5, sizeof q);
        TEST_MSG(make(r->kind, r->args, &q, err, sizeof err) < 0, r->args);
        TEST_MSG(strstr(err, r->want) != NULL, err);
        TEST(q.nq == 0 && q.q == NULL && q.argc == 0);
    }
    /* -A with more addresses than a quiz asks. */
    len = (size_t)snprintf(many, sizeof many, "-A 0");
    for (i = 1; i <= QUIZ_MAX_QUESTIONS; i++)
        len += (size_t)snprintf(many + len, sizeof many - len, ",%zu", i % 10);
    TEST(make(QUIZ_TRANSLATE, many, &q, err, sizeof err) < 0);
    TEST_MSG(strstr(err, "more than 1000 addresses") != NULL, err);
    /* ... and exactly as many is taken. */
    many[len - 2] = '\0';
    TEST_MSG(make(QUIZ_TRANSLATE, many, &q, err, sizeof err) == 0, err);
    TEST(q.nq == QUIZ_MAX_QUESTIONS);
    quiz_free(&q);
}

/* Edges the scripts take: the largest sizes, a physical memory that is not
 * a power of 2, a 1-byte page, -n 0. */
static void test_edges(void)
{
    char err[256];
    struct quiz q;

    TEST_MSG(make(QUIZ_TRANSLATE, "-a 16k -p 100k -n 20", &q, err, sizeof err) == 0, err);
    TEST(q.u.tr.psize == 100 * 1024 && q.nq == 20);
    check_translate(&q, 50);
    quiz_free(&q);
    TEST_MSG(make(QUIZ_TRANSLATE, "-a 32k -p 1m -P 1 -n 5", &q, err, sizeof err) == 0, err);
    TEST(q.u.tr.npages == 32768);
    quiz_free(&q);
    TEST_MSG(make(QUIZ_TRANSLATE, "-n 0", &q, err, sizeof err) == 0, err);
    TEST(q.nq == 0);
    quiz_free(&q);
    TEST_MSG(make(QUIZ_TRANSLATE, "-n -3", &q, err, sizeof err) == 0, err);
    TEST(q.nq == 0);
    quiz_free(&q);
    TEST_MSG(make(QUIZ_SEGMENT, "-a 1000 -p 5000 -n 40", &q, err, sizeof err) == 0, err);
    check_segment(&q);
    quiz_free(&q);
    TEST_MSG(make(QUIZ_MULTILEVEL, "-s 4 -a 95", &q, err, sizeof err) == 0, err);
    check_multilevel(&q, 95);
    quiz_free(&q);
}

int main(void)
{
    test_refusals();
    test_edges();
    test_seeds();
    test_many();
    return TEST_DONE();
}
