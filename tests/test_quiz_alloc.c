/* test_quiz_alloc.c: the malloc and policy quiz kinds (common/quiz_malloc.c,
 * common/quiz_policy.c) beyond what OSTEP's outputs check
 * (tests/test_quiz_ostep.c): every refusal with its reason and a zeroed
 * quiz; for many seeds and settings, invariants of the keys (malloc: the free
 * list and the live blocks cover the heap exactly, pointers inside it;
 * policy: memory within the cache, distinct pages, the page accessed in
 * memory after it, hits counted), wrong answers graded wrong, the canonical
 * flags making the same problem again, a seed making the same problem and
 * seeds making different ones. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quiz.h"
#include "test.h"

/* Makes a quiz of kind from a command line split at spaces. Returns what
 * quiz_make returns. */
static int make(enum quiz_kind kind, const char *line, struct quiz *q, char *err, size_t errlen)
{
    char buf[2048], *argv[64], *save = NULL;
    int argc = 0;

    snprintf(buf, sizeof buf, "%s", line);
    for (char *t = strtok_r(buf, " ", &save); t && argc < 64; t = strtok_r(NULL, " ", &save))
        argv[argc++] = t;
    return quiz_make(kind, argc, argv, q, err, errlen);
}

/* Each refusal: the kind, the flags, a piece of the reason. */
static void test_refusals(void)
{
    static const struct {
        enum quiz_kind kind;
        const char *args, *why;
    } cases[] = {
        {QUIZ_POLICY, "-p LFU", "not one of"},
        {QUIZ_POLICY, "-p lru", "not one of"},
        {QUIZ_POLICY, "-f pages.txt", "--addressfile"},
        {QUIZ_POLICY, "-C 0", "--cachesize"},
        {QUIZ_POLICY, "-C -2", "--cachesize"},
        {QUIZ_POLICY, "-C 257", "--cachesize"},
        {QUIZ_POLICY, "-C 3k", "not an integer"},
        {QUIZ_POLICY, "-C 0x3", "not an integer"},
        {QUIZ_POLICY, "-n 0", "references"},
        {QUIZ_POLICY, "-n -4", "references"},
        {QUIZ_POLICY, "-n 501", "references"},
        {QUIZ_POLICY, "-n ten", "not an integer"},
        {QUIZ_POLICY, "-m -1", "--maxpage"},
        {QUIZ_POLICY, "-s 1.5", "not an integer"},
        {QUIZ_POLICY, "-s 99999999999999999999", "memtrack can hold"},
        {QUIZ_POLICY, "-b -1 -p CLOCK", "--clockbits"},
        {QUIZ_POLICY, "-b 256 -p CLOCK", "--clockbits"},
        {QUIZ_POLICY, "-a 1,,2", "not an integer"},
        {QUIZ_POLICY, "-a 1,2,", "not an integer"},
        {QUIZ_POLICY, "-a 1,-2,3", "pages 0 to"},
        {QUIZ_POLICY, "-a 16777216", "pages 0 to"},
        {QUIZ_POLICY, "-a 1__2", "not an integer"},
        {QUIZ_MALLOC, "-p best", "BEST, WORST or FIRST"},
        {QUIZ_MALLOC, "-l SIZESORT", "--listOrder"},
        {QUIZ_MALLOC, "-S 15", "--size"},
        {QUIZ_MALLOC, "-S 2g", "not an integer"},
        {QUIZ_MALLOC, "-H 100", "--headerSize"},
        {QUIZ_MALLOC, "-H -1", "--headerSize"},
        {QUIZ_MALLOC, "-a 0", "--alignment"},
        {QUIZ_MALLOC, "-a 3", "--alignment"},
        {QUIZ_MALLOC, "-a -2", "--alignment"},
        {QUIZ_MALLOC, "-a 128", "--alignment"},
        {QUIZ_MALLOC, "-b -1", "--baseAddr"},
        {QUIZ_MALLOC, "-P 0", "--percentAlloc"},
        {QUIZ_MALLOC, "-r -1", "--range"},
        {QUIZ_MALLOC, "-n 0", "--numOps"},
        {QUIZ_MALLOC, "-n 501", "--numOps"},
        {QUIZ_MALLOC, "-A 10", "not +SIZE or -INDEX"},
        {QUIZ_MALLOC, "-A +10,,-0", "not +SIZE or -INDEX"},
        {QUIZ_MALLOC, "-A +0", "1 byte or more"},
        {QUIZ_MALLOC, "-A +-5", "1 byte or more"},
        {QUIZ_MALLOC, "-A +x", "not an integer"},
        {QUIZ_MALLOC, "-A --1", "not an integer"},
        {QUIZ_MALLOC, "-A -0", "no operation"},
        {QUIZ_MALLOC, "-A +10,+200,+10,-1", "KeyError"},
        {QUIZ_MALLOC, "-S 1000 -r 1 -P 60 -n 500 -p WORST", "free list"},
    };

    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct quiz q, zero;
        char err[300] = "";

        memset(&q, 0x5a, sizeof q);
        memset(&zero, 0, sizeof zero);
        TEST_MSG(make(cases[i].kind, cases[i].args, &q, err, sizeof err) == -1, cases[i].args);
        TEST_MSG(strstr(err, cases[i].why) != NULL, err);
        TEST_MSG(memcmp(&q, &zero, sizeof q) == 0, cases[i].args);
    }
}

/* A wrong answer of question qq's type: its key changed. Returns 0, or -1
 * when there is none to make (an empty list). */
static int wrong_answer(const struct quiz_question *qq, struct quiz_value *v)
{
    *v = qq->key;
    if (qq->type == QUIZ_A_HITMISS) {
        v->word = v->word == QUIZ_W_HIT ? QUIZ_W_MISS : QUIZ_W_HIT;
        return 0;
    }
    if (v->n == 0)
        return -1;
    if (qq->type == QUIZ_A_SET)
        v->n--; /* One page missing. */
    else
        v->v[v->n - 1] += v->v[v->n - 1] == -1 ? 2 : 1;
    return 0;
}

/* Grades each question's key right and a changed key wrong. */
static void check_grading(struct quiz *q, const char *what)
{
    for (size_t i = 0; i < q->nq; i++) {
        struct quiz_question *qq = &q->q[i];
        char text[4096], err[200] = "";
        struct quiz_value v;

        TEST_MSG(qq->prompt[0] && qq->explain[0] && strlen(qq->explain) < QUIZ_EXPLAIN, what);
        TEST_MSG(!strstr(qq->explain, " 1 bytes") && !strstr(qq->explain, "(1 random draws"),
                 qq->explain); /* Singular counts. */
        if (wrong_answer(qq, &v) == 0) {
            quiz_value_text(qq->type, &v, text, sizeof text);
            TEST_MSG(quiz_grade(q, i, text, err, sizeof err) == 0, text);
            TEST(qq->state == QUIZ_WRONG);
        }
        quiz_value_text(qq->type, &qq->key, text, sizeof text);
        TEST_MSG(quiz_grade(q, i, text, err, sizeof err) == 1, text);
    }
    TEST(quiz_score(q) == q->nq);
}

/* Remakes q from its canonical flags: the same OSTEP text and questions. */
static void check_remake(const struct quiz *q, enum quiz_kind kind)
{
    struct qbuf args = {0}, a = {0}, b = {0};
    struct quiz r;
    char err[300] = "";

    quiz_args_text(q, &args);
    TEST_MSG(args.s && make(kind, args.s, &r, err, sizeof err) == 0, err);
    if (!args.s || r.nq == 0) {
        qbuf_free(&args);
        return;
    }
    TEST(quiz_ostep_text(q, 1, &a) == 0 && quiz_ostep_text(&r, 1, &b) == 0);
    TEST_MSG(a.s && b.s && strcmp(a.s, b.s) == 0, args.s);
    TEST(r.nq == q->nq && strcmp(r.q[r.nq - 1].explain, q->q[q->nq - 1].explain) == 0);
    quiz_free(&r);
    qbuf_free(&args), qbuf_free(&a), qbuf_free(&b);
}

/* An extent of the heap: a live block or a free-list entry. */
struct ext {
    int64_t at, len;
};

static int by_at(const void *a, const void *b)
{
    const struct ext *x = a, *y = b;

    return (x->at > y->at) - (x->at < y->at);
}

/* 1 when the extents e[0..n-1] cover [from, from + len) exactly. */
static int covers(struct ext *e, size_t n, int64_t from, int64_t len)
{
    qsort(e, n, sizeof *e, by_at);
    for (size_t i = 0; i < n; i++) {
        if (e[i].at != from || e[i].len <= 0)
            return 0;
        from += e[i].len, len -= e[i].len;
    }
    return len == 0;
}

/* malloc: after every operation the live blocks (each Alloc's size rounded
 * up to the alignment plus the header, freed by start address as malloc.py
 * does) and the free list cover [base, base + size) exactly; two questions
 * per operation not skipped, their keys the operation's results. */
static void check_malloc(const struct quiz *q, const char *what)
{
    const struct quiz_malloc *ma = &q->u.ma;
    const int64_t align = ma->align > 0 ? ma->align : 1;
    static struct ext live[1000], all[1200];
    static int64_t ptr[1000];
    size_t nlive = 0, nq = 0;

    for (size_t i = 0; i < ma->nops; i++) {
        const struct quiz_mop *op = &ma->ops[i];
        size_t n = 0;

        if (!op->skipped) {
            TEST_MSG(nq + 2 <= q->nq && q->q[nq].step == (int)i, what);
            TEST(q->q[nq].type == (op->alloc ? QUIZ_A_PTR : QUIZ_A_NUMBER));
            TEST(q->q[nq + 1].type == QUIZ_A_LIST && q->q[nq + 1].key.n == 2 * op->nfree);
            nq += 2;
        }
        if (op->alloc && op->index < 1000)
            ptr[op->index] = op->ret;
        if (op->alloc && op->ret >= 0) {
            live[nlive].at = op->ret;
            live[nlive++].len =
                ((int64_t)op->size + align - 1) / align * align + (int64_t)ma->header;
        }
        for (size_t k = 0; !op->alloc && !op->skipped && k < nlive; k++)
            if (live[k].at == ptr[op->index]) {
                TEST(op->ret == 0);
                live[k] = live[--nlive];
                break;
            }
        TEST(op->ret == -1 || op->alloc || op->ret == 0);
        memcpy(all, live, nlive * sizeof *live);
        for (size_t k = 0; k < op->nfree; k++)
            all[nlive + n].at = (int64_t)op->free_addr[k],
                        all[nlive + n++].len = (int64_t)op->free_size[k];
        TEST_MSG(covers(all, nlive + n, (int64_t)ma->base, (int64_t)ma->size), what);
    }
    TEST_MSG(nq == q->nq, what);
}

/* policy: memory holds distinct pages, at most the cache, the page just
 * accessed among them; a hit leaves the same pages; the counts add up. */
static void check_policy(const struct quiz *q, const char *what)
{
    const struct quiz_policy *po = &q->u.po;
    uint64_t hits = 0;

    TEST_MSG(q->nq == 2 * po->nrefs, what);
    for (size_t i = 0; i < po->nrefs && 2 * i + 1 < q->nq; i++) {
        const struct quiz_policy_step *st = &po->steps[i];
        const struct quiz_question *hq = &q->q[2 * i], *mq = &q->q[2 * i + 1];
        int found = 0;

        hits += (uint64_t)st->hit;
        TEST(st->nmem >= 1 && st->nmem <= po->cache);
        for (size_t k = 0; k < st->nmem; k++) {
            found |= st->mem[k] == st->page;
            for (size_t j = 0; j < k; j++)
                TEST(st->mem[j] != st->mem[k]);
        }
        TEST_MSG(found, what);
        TEST(hq->type == QUIZ_A_HITMISS && hq->key.word == (st->hit ? QUIZ_W_HIT : QUIZ_W_MISS));
        TEST(mq->type == QUIZ_A_SET && mq->key.n == st->nmem);
        TEST(i == 0 || !st->hit || st->nmem == po->steps[i - 1].nmem);
        TEST(st->hit || i == 0 || st->nmem == po->steps[i - 1].nmem + (st->victim < 0));
    }
    TEST(hits == po->hits && po->hits + po->misses == po->nrefs);
}

/* Many seeds and settings of both kinds. */
static void test_seeds(void)
{
    static const char *const malloc_shapes[] = {
        "", "-p FIRST -l INSERT-FRONT -C -H 4 -a 4 -S 200 -n 40 -r 30 -P 60",
        "-p WORST -l SIZESORT- -b 0 -n 30", "-p BEST -l SIZESORT+ -C -S 64 -n 50 -r 20 -P 70",
        "-p FIRST -l INSERT-BACK -C -b 50 -a 8 -S 1000 -n 60 -r 100"};
    static const char *const policies[] = {"FIFO", "LRU", "OPT", "UNOPT", "MRU", "RAND", "CLOCK"};
    char line[300], err[300] = "", prev[4096] = "";

    for (int seed = 0; seed < 200; seed++) {
        for (size_t k = 0; k < 5 + 7; k++) {
            enum quiz_kind kind = k < 5 ? QUIZ_MALLOC : QUIZ_POLICY;
            struct quiz q;
            struct qbuf b = {0};

            if (k < 5)
                snprintf(line, sizeof line, "-s %d %s", seed, malloc_shapes[k]);
            else
                snprintf(line, sizeof line, "-s %d -p %s -n 30 -m %d -C %d -b %d", seed,
                         policies[k - 5], 4 + seed % 9, 1 + seed % 5, seed % 4);
            if (make(kind, line, &q, err, sizeof err) < 0) {
                TEST_MSG(0, err);
                continue;
            }
            if (kind == QUIZ_MALLOC)
                check_malloc(&q, line);
            else
                check_policy(&q, line);
            if (seed % 10 == 0)
                check_remake(&q, kind);
            check_grading(&q, line);
            quiz_state_text(&q, &b);
            TEST(b.s && !b.failed && strstr(b.s, "returned") == NULL);
            if (k == 5 + 0 || k == 0) { /* The same seed twice: the same; the next: not. */
                struct qbuf o = {0};
                TEST(quiz_ostep_text(&q, 1, &o) == 0 && o.s);
                TEST(o.s && strcmp(o.s, prev) != 0);
                snprintf(prev, sizeof prev, "%s", o.s ? o.s : "");
                qbuf_free(&o);
            }
            qbuf_free(&b);
            quiz_free(&q);
        }
    }
}

int main(void)
{
    test_refusals();
    test_seeds();
    return TEST_DONE();
}
