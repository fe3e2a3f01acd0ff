/* test_quiz_own.c: memtrack's own quiz kinds (common/quiz_frag.c,
 * quiz_compact.c, quiz_tlb.c, quiz_exam.c).
 *
 * Their answers come from memtrack's models (paging, segment, tlb, vm);
 * here every key is derived a second time, without those models: the
 * draws are replayed with pyrand as each kind's head comment tells them,
 * and small simulators of their own (a list of frames under each policy, a
 * TLB of sets and ways, holes under each fit, compaction as prefix sums)
 * compute what the answers must be. Then the invariants: the question
 * count, every prompt and explanation written, each key's text grading
 * right and a changed answer wrong, the same seed making the same problem
 * and other seeds other problems, the canonical flags making it again, and
 * bad flags refused with a reason. Known problems close it (the textbook's
 * reference string, OSTEP's array walk of ch. 19).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pyrand.h"
#include "quiz.h"
#include "test.h"

#define MAXV 512 /* Most items any problem here has. */

/* Makes a quiz of kind from the flags in args (split at spaces). Returns
 * 0, or -1 with why in err. */
static int make(enum quiz_kind kind, const char *args, struct quiz *q, char *err, size_t errlen)
{
    char buf[2048], *argv[QUIZ_MAX_ARGS + 8];
    int argc = 0;

    snprintf(buf, sizeof buf, "%s", args);
    for (char *t = strtok(buf, " "); t && argc < QUIZ_MAX_ARGS + 8; t = strtok(NULL, " "))
        argv[argc++] = t;
    return quiz_make(kind, argc, argv, q, err, errlen);
}

/* Makes it, failing the test (and returning -1) when it cannot. */
static int must_make(enum quiz_kind kind, const char *args, struct quiz *q)
{
    char err[256] = "";
    int rc = make(kind, args, q, err, sizeof err);

    TEST_MSG(rc == 0, err);
    if (rc < 0)
        fprintf(stderr, "  (quiz %s %s)\n", quiz_kind_name(kind), args);
    return rc;
}

/* The key of question i as one number (NUMBER), or 1/0 for hit/miss. */
static int64_t key_num(const struct quiz *q, size_t i)
{
    const struct quiz_value *k = &q->q[i].key;

    if (q->q[i].type == QUIZ_A_HITMISS)
        return k->word == QUIZ_W_HIT;
    return k->n == 1 ? k->v[0] : INT64_MIN;
}

/* Invariants of any quiz: prompts and explanations written, every key's
 * canonical text grading right, a changed answer wrong, the state text. */
static void check_common(struct quiz *q)
{
    struct qbuf b = {0};

    quiz_state_text(q, &b);
    TEST(b.s && b.len > 20 && !b.failed);
    qbuf_free(&b);
    TEST(quiz_ostep_text(q, 0, &b) < 0 && b.s == NULL);
    for (size_t i = 0; i < q->nq; i++) {
        struct quiz_question *qq = &q->q[i];
        char text[QUIZ_VALUE_TEXT], err[256];
        struct quiz_value v;
        TEST(qq->prompt[0] && qq->explain[0] && qq->state == QUIZ_OPEN);
        TEST(strchr(qq->prompt, '\n') == NULL && qq->explain[strlen(qq->explain) - 1] != '\n');
        quiz_value_text(qq->type, &qq->key, text, sizeof text);
        TEST_MSG(quiz_grade(q, i, text, err, sizeof err) == 1, text);
        TEST(qq->state == QUIZ_RIGHT);
        v = qq->key;
        if (qq->type == QUIZ_A_HITMISS)
            v.word = v.word == QUIZ_W_HIT ? QUIZ_W_MISS : QUIZ_W_HIT;
        else
            v.v[v.n - 1] = v.v[v.n - 1] == QUIZ_EMPTY ? 12345 : v.v[v.n - 1] + 1;
        quiz_value_text(qq->type, &v, text, sizeof text);
        TEST_MSG(quiz_grade(q, i, text, err, sizeof err) == 0, text);
        TEST(qq->state == QUIZ_WRONG);
        qq->state = QUIZ_OPEN;
    }
}

/* Makes the problem again from quiz_args_text's flags: the same questions. */
static void check_again(const struct quiz *q)
{
    struct qbuf b = {0};
    struct quiz r;

    quiz_args_text(q, &b);
    if (must_make(q->kind, b.s ? b.s : "", &r) == 0) {
        TEST(r.nq == q->nq);
        for (size_t i = 0; i < r.nq && i < q->nq; i++) {
            TEST(strcmp(r.q[i].prompt, q->q[i].prompt) == 0);
            TEST(strcmp(r.q[i].explain, q->q[i].explain) == 0);
            TEST(quiz_value_equal(r.q[i].type, &r.q[i].key, &q->q[i].key));
        }
        quiz_free(&r);
    }
    qbuf_free(&b);
}

/* ---- exam: a second simulator of the policies ---------------------------- */

enum { P_FIFO, P_LRU, P_OPT, P_MRU, P_CLOCK, P_RANDOM, P_OSTEP_CLOCK };
static const char *const pnames[] = {"fifo", "lru", "opt", "mru", "clock", "random", "ostep-clock"};

/* The exam's answers for refs[0..n-1]: hit[i], frames after each
 * (frames_after[i * nf + f], -1 empty), faults. mem is OSTEP's list: load
 * order, or use order for lru and mru. */
static uint64_t sim_exam(int policy, const int64_t *refs, int n, int nf, int64_t seed,
                         unsigned bits, int *hit, int64_t *frames_after)
{
    int64_t frame[256], mem[256];
    unsigned ref[256] = {0}; /* Per frame: clock's bit, ostep-clock's counter. */
    int nmem = 0, hand = 0;
    uint64_t faults = 0;
    struct pyrand r;

    pyrand_seed_signed(&r, seed);
    for (int f = 0; f < nf; f++)
        frame[f] = -1;
    for (int i = 0; i < n; i++) {
        int f = 0, at = 0;
        while (f < nf && frame[f] != refs[i])
            f++;
        hit[i] = f < nf;
        if (hit[i]) {
            ref[f] = policy == P_OSTEP_CLOCK ? (ref[f] + 1 > bits ? bits : ref[f] + 1) : 1;
            if (policy == P_LRU || policy == P_MRU) {
                while (mem[at] != refs[i])
                    at++;
                memmove(&mem[at], &mem[at + 1], (size_t)(nmem - at - 1) * sizeof mem[0]);
                mem[nmem - 1] = refs[i];
            }
        } else {
            faults++;
            for (f = 0; f < nf && frame[f] != -1; f++)
                ;
            if (f == nf) { /* A victim: its place in mem, at. */
                int64_t v = -1;
                if (policy == P_FIFO || policy == P_LRU)
                    at = 0;
                else if (policy == P_MRU)
                    at = nmem - 1;
                else if (policy == P_RANDOM)
                    at = (int)pyrand_scaled(&r, (uint64_t)nmem);
                else if (policy == P_OPT) {
                    int far = -1;
                    for (int k = 0; k < nmem; k++) {
                        int next = i + 1;
                        while (next < n && refs[next] != mem[k])
                            next++;
                        if (next >= far)
                            far = next, at = k;
                    }
                } else if (policy == P_OSTEP_CLOCK) {
                    for (;;) {
                        int g = 0;
                        at = (int)pyrand_scaled(&r, (uint64_t)nmem);
                        while (frame[g] != mem[at])
                            g++;
                        if (ref[g] == 0)
                            break;
                        ref[g]--;
                    }
                } else { /* clock */
                    while (ref[hand])
                        ref[hand] = 0, hand = (hand + 1) % nf;
                    for (at = 0; mem[at] != frame[hand]; at++)
                        ;
                    hand = (hand + 1) % nf;
                }
                v = mem[at];
                for (f = 0; frame[f] != v; f++)
                    ;
                memmove(&mem[at], &mem[at + 1], (size_t)(nmem - at - 1) * sizeof mem[0]);
                nmem--;
            }
            frame[f] = refs[i];
            ref[f] = 1;
            mem[nmem++] = refs[i];
        }
        memcpy(&frames_after[i * nf], frame, (size_t)nf * sizeof frame[0]);
    }
    return faults;
}

/* Checks one exam problem against sim_exam. */
static void check_exam(const char *args, int policy, int nf, unsigned bits, const int64_t *given,
                       int ngiven, int maxpage, int numrefs)
{
    static int64_t after[MAXV * 256];
    int64_t refs[MAXV];
    int hit[MAXV], n = ngiven ? ngiven : numrefs;
    struct quiz q;
    struct pyrand r;
    uint64_t faults;

    if (must_make(QUIZ_EXAM, args, &q) < 0)
        return;
    pyrand_seed_signed(&r, q.seed);
    for (int i = 0; i < n; i++)
        refs[i] = ngiven ? given[i] : (int64_t)pyrand_scaled(&r, (uint64_t)maxpage);
    faults = sim_exam(policy, refs, n, nf, q.seed, bits, hit, after);
    TEST(q.nq == (size_t)(2 * n + 1) && q.u.own.nitems == (size_t)n);
    TEST(q.u.own.slots == (unsigned)nf && strcmp(q.u.own.policy, pnames[policy]) == 0);
    for (int i = 0; i < n && q.nq == (size_t)(2 * n + 1); i++) {
        const struct quiz_value *k = &q.q[2 * i + 1].key;
        TEST(q.u.own.item_a[i] == refs[i] && q.u.own.item_b[i] == hit[i]);
        TEST(q.q[2 * i].type == QUIZ_A_HITMISS && key_num(&q, 2 * (size_t)i) == hit[i]);
        TEST(q.q[2 * i + 1].type == QUIZ_A_LIST && k->n == (size_t)nf);
        for (int f = 0; f < nf && k->n == (size_t)nf; f++)
            TEST(k->v[f] == (after[i * nf + f] < 0 ? QUIZ_EMPTY : after[i * nf + f]));
        TEST(q.q[2 * i].step == i && q.q[2 * i + 1].step == i);
        /* The hit-or-miss explanation, shown before the frames question is
         * asked, says nothing of where a faulting page goes, nor of a
         * process the problem does not have. */
        TEST(!strstr(q.q[2 * i].explain, "goes there") && !strstr(q.q[2 * i].explain, "leaves"));
        TEST(!strstr(q.q[2 * i].explain, "P1") && !strstr(q.q[2 * i + 1].explain, "P1"));
        if (!hit[i])
            TEST(strstr(q.q[2 * i + 1].explain, "goes there") ||
                 strstr(q.q[2 * i + 1].explain, "leaves"));
    }
    if (q.nq == (size_t)(2 * n + 1))
        TEST(key_num(&q, q.nq - 1) == (int64_t)faults);
    check_common(&q);
    quiz_free(&q);
}

static void test_exam(void)
{
    static const int64_t book[] = {7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2, 1, 2, 0, 1, 7, 0, 1};
    static const int64_t book_faults[] = {15, 12, 9, -1, 14}; /* fifo lru opt - clock, 3 frames */
    char args[256];
    struct quiz q;

    for (int seed = 0; seed < 300; seed++) {
        int policy = seed % 7, nf = 1 + seed % 5, maxpage = 2 + seed % 9, n = 1 + seed % 30;
        unsigned bits = (unsigned)(seed % 4);
        snprintf(args, sizeof args, "-s %d -p %s -f %d -m %d -n %d -b %u", seed - 20,
                 pnames[policy], nf, maxpage, n, bits);
        check_exam(args, policy, nf, bits, NULL, 0, maxpage, n);
    }
    check_exam("--seed=7", P_FIFO, 3, 2, NULL, 0, 5, 8); /* The defaults. */
    if (must_make(QUIZ_EXAM, "-a 3,3 -f 2", &q) == 0) {  /* Singular counts. */
        TEST(strcmp(q.q[q.nq - 1].explain, "1 fault and 1 hit: 2 references.") == 0);
        quiz_free(&q);
    }
    for (int p = 0; p < 7; p++) {
        snprintf(args, sizeof args,
                 "-a 7,0,1,2,0,3,0,4,2,3,0,3,2,1,2,0,1,7,0,1 --policy %s -f3 -s 11", pnames[p]);
        check_exam(args, p, 3, 2, book, 20, 0, 0);
        if (p < 5 && book_faults[p] >= 0 && must_make(QUIZ_EXAM, args, &q) == 0) {
            TEST(key_num(&q, q.nq - 1) == book_faults[p]);
            quiz_free(&q);
        }
    }
}

/* ---- tlb: a second TLB ---------------------------------------------------- */

/* Checks one tlb problem: replays the walk's draws and a TLB of sets and
 * ways with LRU. */
static void check_tlb(int64_t seed, int64_t page, int entries, int ways, int64_t elems,
                      int64_t esize, int64_t base, int accesses, int jump)
{
    int64_t vpn_of[4096], used[4096], i = 0, t = 0, hits = 0;
    char args[256];
    struct quiz q;
    struct pyrand r;
    int w = ways ? ways : entries, sets = entries / w;

    snprintf(args, sizeof args, "-s %lld -P %lld -e %d -w %d -N %lld -E %lld -b %lld -n %d -j %d",
             (long long)seed, (long long)page, entries, ways, (long long)elems, (long long)esize,
             (long long)base, accesses, jump);
    if (must_make(QUIZ_TLB, args, &q) < 0)
        return;
    pyrand_seed_signed(&r, seed);
    if (base < 0) {
        int64_t pg = (int64_t)pyrand_scaled(&r, 8);
        base = pg * page + (int64_t)pyrand_scaled(&r, (uint64_t)(page / esize)) * esize;
    }
    for (int k = 0; k < entries; k++)
        vpn_of[k] = -1, used[k] = 0;
    TEST(q.nq == (size_t)accesses + 1 && q.u.own.base == (uint64_t)base);
    TEST(q.u.own.slots == (unsigned)entries && q.u.own.ways == (unsigned)w);
    for (int k = 0; k < accesses && q.nq == (size_t)accesses + 1; k++) {
        int64_t va, vpn, *set, *u, hit = 0, way;
        if (k > 0 && pyrand_random(&r) * 100.0 < jump)
            i = (int64_t)pyrand_scaled(&r, (uint64_t)elems);
        else if (k > 0)
            i = (i + 1) % elems;
        va = base + i * esize;
        vpn = va / page;
        set = &vpn_of[(vpn % sets) * w];
        u = &used[(vpn % sets) * w];
        t++;
        for (int x = 0; x < w; x++)
            if (set[x] == vpn)
                hit = 1, u[x] = t;
        if (!hit) { /* The lowest invalid way, else the least recently used (lowest of ties). */
            int inv = -1, lru = 0;
            for (int x = 0; x < w; x++) {
                if (set[x] < 0 && inv < 0)
                    inv = x;
                if (u[x] < u[lru])
                    lru = x;
            }
            way = inv >= 0 ? inv : lru;
            set[way] = vpn, u[way] = t;
        }
        hits += hit;
        TEST(q.u.own.item_a[k] == i && q.u.own.item_b[k] == va);
        TEST(q.q[k].type == QUIZ_A_HITMISS && key_num(&q, (size_t)k) == hit);
        TEST(strstr(q.q[k].prompt, "TLB hit or miss") != NULL);
    }
    if (q.nq == (size_t)accesses + 1)
        TEST(key_num(&q, q.nq - 1) == hits);
    check_common(&q);
    quiz_free(&q);
}

static void test_tlb(void)
{
    static const int shapes[][2] = {{4, 0}, {4, 1}, {4, 2},  {8, 2},
                                    {8, 4}, {1, 0}, {16, 0}, {6, 3}};
    struct quiz q;

    for (int seed = 0; seed < 300; seed++) {
        const int *sh = shapes[seed % 8];
        int64_t page = 16 << (seed % 4), esize = (int64_t[]){4, 8, 1, 2, 16}[seed % 5];
        check_tlb(seed * 7 - 100, page, sh[0], sh[1], 1 + seed % 40, esize,
                  seed % 3 ? -1 : seed * 5, 1 + seed % 25, (seed * 13) % 101);
    }
    check_tlb(0, 16, 4, 0, 24, 4, -1, 8, 25); /* The defaults. */
    /* OSTEP ch. 19 (Figure 19.2): ten ints at VA 100, 16-byte pages: miss, hit, hit, miss,
     * hit, hit, hit, miss, hit, hit: 7 hits. */
    if (must_make(QUIZ_TLB, "-b 100 -N 10 -j 0 -n 10", &q) == 0) {
        static const int want[] = {0, 1, 1, 0, 1, 1, 1, 0, 1, 1};
        for (int k = 0; k < 10; k++)
            TEST(key_num(&q, (size_t)k) == want[k]);
        TEST(key_num(&q, 10) == 7);
        quiz_free(&q);
    }
}

/* ---- compact: prefix sums ------------------------------------------------ */

static void check_compact(int64_t seed, int n, int64_t memory)
{
    int64_t base[5], limit[5], size[5], gap[6] = {0}, used = 0, after, moved = 0;
    uint64_t unit = memory >= 64 ? (uint64_t)memory / 64 : 1, units = (uint64_t)memory / unit;
    uint64_t most = units / (2 * (uint64_t)n) ? units / (2 * (uint64_t)n) : 1;
    int ids[5], order[5];
    char args[128];
    struct quiz q;
    struct pyrand r;

    snprintf(args, sizeof args, "--seed %lld --segments %d --memory %lld", (long long)seed, n,
             (long long)memory);
    if (must_make(QUIZ_COMPACT, args, &q) < 0)
        return;
    pyrand_seed_signed(&r, seed);
    for (int k = 0; k < n; k++)
        size[k] = (int64_t)(pyrand_scaled(&r, most) + 1), used += size[k];
    for (uint64_t u = (uint64_t)used; u < units; u++)
        gap[pyrand_scaled(&r, (uint64_t)n + 1)]++;
    for (int k = 0; k < n; k++)
        ids[k] = k;
    pyrand_shuffle(&r, ids, (size_t)n, sizeof ids[0]);
    after = gap[0] * (int64_t)unit;
    for (int k = 0; k < n; k++) { /* k-th in address order */
        base[ids[k]] = after;
        limit[ids[k]] = size[k] * (int64_t)unit;
        order[k] = ids[k];
        after += limit[ids[k]] + gap[k + 1] * (int64_t)unit;
    }
    TEST(q.nq == (size_t)n + 2 && q.u.own.nitems == (size_t)n &&
         q.u.own.memory == (uint64_t)memory);
    after = 0;
    for (int k = 0; k < n && q.nq == (size_t)n + 2; k++) {
        int id = order[k];
        TEST(q.u.own.item_a[id] == base[id] && q.u.own.item_b[id] == limit[id]);
        TEST(key_num(&q, (size_t)id) == after && q.u.own.item_c[id] == after);
        TEST(base[id] + limit[id] <= memory && (k == 0 || base[id] > base[order[k - 1]]));
        moved += after != base[id] ? limit[id] : 0;
        after += limit[id];
    }
    if (q.nq == (size_t)n + 2) {
        TEST(key_num(&q, (size_t)n) == moved);
        TEST(key_num(&q, (size_t)n + 1) == memory - after);
    }
    check_common(&q);
    quiz_free(&q);
}

static void test_compact(void)
{
    for (int seed = 0; seed < 400; seed++)
        check_compact(seed - 50, 1 + (seed / 5) % 5,
                      (int64_t[]){1024, 16, 100, 65536, 4000}[seed % 5]);
    check_compact(0, 4, 1024); /* The defaults. */
}

/* ---- frag: pages by division, holes of a segment memory ------------------- */

/* A segment of the second simulator: number k, base, size; live or not. */
struct sseg {
    int64_t base, size;
    int live;
};

/* The holes of segs[0..n-1] in address order into hb/hs. Returns how many. */
static int holes(const struct sseg *segs, int n, int64_t memory, int64_t *hb, int64_t *hs)
{
    int64_t at = 0;
    int nh = 0;

    for (;;) {
        int next = -1;
        for (int k = 0; k < n; k++)
            if (segs[k].live && segs[k].base >= at && (next < 0 || segs[k].base < segs[next].base))
                next = k;
        int64_t end = next < 0 ? memory : segs[next].base;
        if (end > at)
            hb[nh] = at, hs[nh++] = end - at;
        if (next < 0)
            return nh;
        at = segs[next].base + segs[next].size;
    }
}

/* Places size bytes by fit (0 first, 1 best, 2 worst, 3 next). Returns the
 * base, or -1. */
static int64_t place(const struct sseg *segs, int n, int64_t memory, int fit, int64_t size,
                     int64_t *next)
{
    int64_t hb[8], hs[8];
    int nh = holes(segs, n, memory, hb, hs), pick = -1, start = 0;

    if (fit == 3) {
        while (start < nh && hb[start] + hs[start] <= *next)
            start++;
        start = start == nh ? 0 : start;
    }
    for (int k = 0; k < nh; k++) {
        int h = fit == 3 ? (start + k) % nh : k;
        if (fit == 2) {
            if (pick < 0 || hs[h] > hs[pick])
                pick = h;
        } else if (hs[h] >= size && (pick < 0 || (fit == 1 && hs[h] < hs[pick]))) {
            pick = h;
            if (fit != 1)
                break;
        }
    }
    if (pick < 0 || hs[pick] < size)
        return -1;
    *next = hb[pick] + size;
    return hb[pick];
}

static void check_frag(int64_t seed, int procs, int64_t page, int64_t maxsize, int64_t memory,
                       int ops, int fit, int alloc)
{
    static const char *const fits[] = {"first", "best", "worst", "next"};
    int64_t total = 0, next = 0, hb[8], hs[8], free_b = 0, largest = 0, pct;
    int live[5], nlive = 0, nalloc = 0, nh;
    struct sseg segs[26] = {{0, 0, 0}};
    char args[256];
    size_t want = (size_t)(2 * procs + (procs > 1) + (ops ? 3 : 0)), qi = 0;
    struct quiz q;
    struct pyrand r;

    snprintf(args, sizeof args, "-s %lld -n %d -P %lld -m %lld -M %lld -o %d -f %s -a %d",
             (long long)seed, procs, (long long)page, (long long)maxsize, (long long)memory, ops,
             fits[fit], alloc);
    if (must_make(QUIZ_FRAG, args, &q) < 0)
        return;
    TEST(q.nq == want && q.u.own.nitems == (size_t)(procs + ops));
    pyrand_seed_signed(&r, seed);
    for (int i = 0; i < procs && q.nq == want; i++) {
        int64_t bytes = (int64_t)pyrand_scaled(&r, (uint64_t)maxsize) + 1;
        int64_t pages = (bytes + page - 1) / page;
        TEST(q.u.own.item_b[i] == bytes && bytes >= 1 && bytes <= maxsize);
        TEST(key_num(&q, qi++) == pages);
        TEST(key_num(&q, qi++) == pages * page - bytes);
        total += pages * page - bytes;
    }
    if (procs > 1 && q.nq == want)
        TEST(key_num(&q, qi++) == total);
    for (int k = 0; k < ops; k++) {
        int64_t unit = memory >= 64 ? memory / 64 : 1;
        int is_alloc = pyrand_random(&r) * 100.0 < alloc;
        if (nlive == 0 || nlive == 5)
            is_alloc = nlive == 0;
        if (is_alloc) {
            int64_t size = ((int64_t)pyrand_scaled(&r, 16) + 1) * unit;
            segs[nalloc] = (struct sseg){place(segs, nalloc, memory, fit, size, &next), size, 0};
            segs[nalloc].live = segs[nalloc].base >= 0;
            if (segs[nalloc].live)
                live[nlive++] = nalloc;
            TEST(q.u.own.item_a[procs + k] == nalloc && q.u.own.item_b[procs + k] == size);
            TEST(q.u.own.item_c[procs + k] == segs[nalloc].base);
            nalloc++;
        } else {
            int j = (int)pyrand_scaled(&r, (uint64_t)nlive);
            TEST(q.u.own.item_a[procs + k] == live[j] && q.u.own.item_b[procs + k] == -1);
            segs[live[j]].live = 0;
            memmove(&live[j], &live[j + 1], (size_t)(nlive - j - 1) * sizeof live[0]);
            nlive--;
        }
    }
    nh = holes(segs, nalloc, memory, hb, hs);
    for (int h = 0; h < nh; h++)
        free_b += hs[h], largest = hs[h] > largest ? hs[h] : largest;
    pct = free_b ? (200 * (free_b - largest) + free_b) / (2 * free_b) : 0;
    if (ops && q.nq == want) {
        TEST(key_num(&q, qi++) == free_b);
        TEST(key_num(&q, qi++) == largest);
        TEST(key_num(&q, qi++) == pct && pct >= 0 && pct <= 100);
    }
    TEST(qi == (q.nq == want ? want : qi));
    check_common(&q);
    quiz_free(&q);
}

static void test_frag(void)
{
    for (int seed = 0; seed < 400; seed++) {
        int procs = seed % 6, ops = (seed / 6) % 27;
        check_frag(seed * 3 - 7, procs, 16 << (seed % 7), 1 + seed * 37 % 5000,
                   (int64_t[]){1024, 16, 1000, 4096, 300}[seed % 5], procs || ops ? ops : 5,
                   seed % 4, (seed * 11) % 101);
    }
    check_frag(0, 3, 1024, 4096, 1024, 10, 0, 60); /* The defaults. */
}

/* ---- every kind: determinism, bad flags ----------------------------------- */

/* The state text and every prompt and key of q, as one string (owned by b). */
static const char *fingerprint(const struct quiz *q, struct qbuf *b)
{
    quiz_state_text(q, b);
    for (size_t i = 0; i < q->nq; i++) {
        char t[QUIZ_VALUE_TEXT];
        qbuf_printf(b, "%s=%s\n", q->q[i].prompt,
                    quiz_value_text(q->q[i].type, &q->q[i].key, t, sizeof t));
    }
    return b->s ? b->s : "";
}

static void test_seeds(void)
{
    static const enum quiz_kind kinds[] = {QUIZ_FRAG, QUIZ_COMPACT, QUIZ_TLB, QUIZ_EXAM};

    for (size_t k = 0; k < 4; k++) {
        char *seen[100];
        int distinct = 0;
        for (int seed = 0; seed < 100; seed++) {
            struct quiz a, b;
            struct qbuf fa = {0}, fb = {0};
            char args[32];
            snprintf(args, sizeof args, "-s %d", seed);
            seen[seed] = NULL;
            if (must_make(kinds[k], args, &a) < 0)
                continue;
            if (must_make(kinds[k], args, &b) == 0) {
                TEST(strcmp(fingerprint(&a, &fa), fingerprint(&b, &fb)) == 0);
                quiz_free(&b);
            }
            TEST(a.nq >= 5 && a.nq <= 17);
            check_again(&a);
            seen[seed] = strdup(fingerprint(&a, &fb));
            distinct++;
            for (int o = 0; o < seed && seen[seed]; o++)
                if (seen[o] && strcmp(seen[o], seen[seed]) == 0) {
                    distinct--;
                    break;
                }
            quiz_free(&a);
            qbuf_free(&fa);
            qbuf_free(&fb);
        }
        /* Different seeds make different problems (a few may repeat by chance). */
        TEST_MSG(distinct >= 90, quiz_kind_name(kinds[k]));
        for (int seed = 0; seed < 100; seed++)
            free(seen[seed]);
    }
}

static void test_bad_flags(void)
{
    static const struct {
        enum quiz_kind kind;
        const char *args;
    } bad[] = {
        {QUIZ_EXAM, "--bogus"},
        {QUIZ_EXAM, "-s x"},
        {QUIZ_EXAM, "-f 0"},
        {QUIZ_EXAM, "-f 257"},
        {QUIZ_EXAM, "-n 0"},
        {QUIZ_EXAM, "-n 401"},
        {QUIZ_EXAM, "-m 0"},
        {QUIZ_EXAM, "-p belady"},
        {QUIZ_EXAM, "-p FIFO"},
        {QUIZ_EXAM, "-b 256"},
        {QUIZ_EXAM, "-a 1,,2"},
        {QUIZ_EXAM, "-a 1,x"},
        {QUIZ_EXAM, "-a ,"},
        {QUIZ_EXAM, "-a 1,-2"},
        {QUIZ_EXAM, "-a 1000000"},
        {QUIZ_EXAM, "operand"},
        {QUIZ_TLB, "-P 24"},
        {QUIZ_TLB, "-P 8"},
        {QUIZ_TLB, "-e 0"},
        {QUIZ_TLB, "-e 4097"},
        {QUIZ_TLB, "-e 4 -w 3"},
        {QUIZ_TLB, "-e 4 -w 5"},
        {QUIZ_TLB, "-N 0"},
        {QUIZ_TLB, "-E 0"},
        {QUIZ_TLB, "-E 5k"},
        {QUIZ_TLB, "-b -2"},
        {QUIZ_TLB, "-n 0"},
        {QUIZ_TLB, "-n 501"},
        {QUIZ_TLB, "-j 101"},
        {QUIZ_TLB, "-j -1"},
        {QUIZ_COMPACT, "-n 0"},
        {QUIZ_COMPACT, "-n 6"},
        {QUIZ_COMPACT, "-M 15"},
        {QUIZ_COMPACT, "-M 2g"},
        {QUIZ_COMPACT, "-M lots"},
        {QUIZ_FRAG, "-n 0 -o 0"},
        {QUIZ_FRAG, "-n 101"},
        {QUIZ_FRAG, "-P 1000"},
        {QUIZ_FRAG, "-P 8"},
        {QUIZ_FRAG, "-m 0"},
        {QUIZ_FRAG, "-P 16 -m 65537"},
        {QUIZ_FRAG, "-o 27"},
        {QUIZ_FRAG, "-f fastest"},
        {QUIZ_FRAG, "-a 101"},
        {QUIZ_FRAG, "-M 15"},
    };

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct quiz q, zero;
        char err[256] = "";
        memset(&q, 0x5a, sizeof q);
        memset(&zero, 0, sizeof zero);
        TEST_MSG(make(bad[i].kind, bad[i].args, &q, err, sizeof err) < 0, bad[i].args);
        TEST_MSG(err[0] != '\0', bad[i].args);
        TEST_MSG(memcmp(&q, &zero, sizeof q) == 0, bad[i].args);
    }
}

/* ---- exam against OSTEP's paging-policy.py -------------------------------- */

/* The exam's flags for a run of paging-policy.py from its ARG lines (at
 * text), into args. Returns 1, or 0 for a run the exam does not replay:
 * UNOPT, and RAND or CLOCK on drawn addresses (OSTEP draws the string and
 * the victims from one generator, memtrack's policy from its own). */
static int ostep_args(const char *text, char *args, size_t len)
{
    static const char *const keys[] = {"addresses", "numaddrs", "policy", "clockbits",
                                       "cachesize", "maxpage",  "seed"};
    static const char *const pol[][2] = {{"FIFO", "fifo"},   {"LRU", "lru"},
                                         {"OPT", "opt"},     {"MRU", "mru"},
                                         {"RAND", "random"}, {"CLOCK", "ostep-clock"}};
    char addrs[1024], val[7][32], *p;
    size_t i, k;

    for (k = 0; k < 7; k++) {
        char key[32];
        snprintf(key, sizeof key, "ARG %s ", keys[k]);
        if (!(p = strstr(text, key)) ||
            sscanf(p + strlen(key), k ? "%31s" : "%1023s", k ? val[k] : addrs) != 1)
            return 0;
    }
    for (i = 0; i < 6 && strcmp(pol[i][0], val[2]) != 0; i++)
        ;
    if (i == 6 || (i >= 4 && strcmp(addrs, "-1") == 0))
        return 0;
    snprintf(args, len, "-a %s -n %s -p %s -b %s -f %s -m %s -s %s", addrs, val[1], pol[i][1],
             val[3], val[4], val[5], val[6]);
    return 1;
}

/* Checks the exam of one run (text: its output) against its Access lines:
 * the page, hit or miss, the pages in memory (as a set: OSTEP lists them in
 * its order, the exam in frame order) and the misses in all. Returns 1, or
 * 0 for a run the exam does not replay. */
static int check_ostep_run(const char *text)
{
    char args[1300];
    const char *p = text;
    size_t i = 0;
    struct quiz q;
    long misses = -1;

    if (!ostep_args(text, args, sizeof args) || must_make(QUIZ_EXAM, args, &q) < 0)
        return 0;
    for (; (p = strstr(p, "\nAccess: ")) != NULL; p++, i++) {
        long page, v;
        char hm[8];
        const char *m = strchr(p, '[');
        struct quiz_value set = {QUIZ_W_NONE, 0, {0}};
        if (sscanf(p, "\nAccess: %ld %7s", &page, hm) != 2 || !m || 2 * i + 1 >= q.nq) {
            TEST_MSG(0, args);
            break;
        }
        for (m++; *m != ']' && sscanf(m, "%ld", &v) == 1; m += strcspn(m, ",]"), m += *m == ',')
            set.v[set.n++] = v;
        TEST_MSG(q.u.own.item_a[i] == page, args);
        TEST_MSG(key_num(&q, 2 * i) == (strcmp(hm, "HIT") == 0), args);
        for (size_t f = 0; f < q.q[2 * i + 1].key.n; f++)
            if (q.q[2 * i + 1].key.v[f] == QUIZ_EMPTY)
                set.v[set.n++] = QUIZ_EMPTY;
        TEST_MSG(quiz_value_equal(QUIZ_A_SET, &set, &q.q[2 * i + 1].key), args);
    }
    if ((p = strstr(text, "FINALSTATS")) && sscanf(p, "FINALSTATS hits %*d misses %ld", &misses))
        TEST_MSG(q.nq == 2 * i + 1 && key_num(&q, q.nq - 1) == misses, args);
    quiz_free(&q);
    return 1;
}

/* Every run of tests/data/ostep/paging-policy/ that the exam can replay. */
static void test_ostep(void)
{
    static const char *const files[] = {"fifo", "lru", "opt", "mru", "rand", "clock", "generated"};
    static char text[1 << 21];
    int runs = 0, replayed = 0;

    for (size_t k = 0; k < 7; k++) {
        char path[128];
        FILE *fp;
        size_t len;
        snprintf(path, sizeof path, "tests/data/ostep/paging-policy/%s.txt", files[k]);
        fp = fopen(path, "r");
        TEST_MSG(fp != NULL, path);
        if (!fp)
            continue;
        len = fread(text, 1, sizeof text - 1, fp);
        fclose(fp);
        TEST(len > 0 && len < sizeof text - 1);
        text[len] = '\0';
        for (char *run = strstr(text, "\nRUN "); run && run++; runs++) {
            char *next = strstr(run + 4, "\nRUN ");
            if (next)
                *next = '\0';
            replayed += check_ostep_run(run);
            run = next;
        }
    }
    TEST(runs == 976);     /* README.md's count of runs. */
    TEST(replayed == 946); /* All but generated.txt's 15 RAND and 15 CLOCK runs. */
}

/* No flags make the problem of the documented defaults, of a 5-17 question size. */
static void test_defaults(void)
{
    static const struct {
        enum quiz_kind kind;
        const char *flags;
        size_t nq;
    } def[] = {
        {QUIZ_FRAG, "-s 0 -n 3 -P 1k -m 4k -M 1k -o 10 -f first -a 60", 10},
        {QUIZ_COMPACT, "-s 0 -n 4 -M 1k", 6},
        {QUIZ_TLB, "-s 0 -P 16 -e 4 -w 0 -N 24 -E 4 -b -1 -n 8 -j 25", 9},
        {QUIZ_EXAM, "-s 0 -a -1 -p fifo -f 3 -m 5 -n 8 -b 2", 17},
    };

    for (size_t i = 0; i < sizeof def / sizeof def[0]; i++) {
        struct quiz a, b;
        struct qbuf fa = {0}, fb = {0};
        if (must_make(def[i].kind, "", &a) < 0)
            continue;
        if (must_make(def[i].kind, def[i].flags, &b) == 0) {
            TEST_MSG(strcmp(fingerprint(&a, &fa), fingerprint(&b, &fb)) == 0, def[i].flags);
            quiz_free(&b);
        }
        TEST_MSG(a.nq == def[i].nq, def[i].flags);
        quiz_free(&a);
        qbuf_free(&fa);
        qbuf_free(&fb);
    }
}

/* A student's sheet for `quiz exam -s 3`, answers in the forms students
 * write. The string (1 2 1 3 3 0 0 4) and the FIFO answers are what
 * paging-policy.py -s 3 -m 5 -n 8 -c prints (MISS MISS HIT MISS HIT MISS
 * HIT MISS; its memory lists, in load order, put in frame order here). */
static void test_sheet(void)
{
    static const char sheet[] = "# exam, seed 3\n"
                                "memtrack quiz exam -s 3 --answers\n"
                                "name: Ada\n"
                                "1: miss\n2: 1 - -\n3. M\n4: [1, 2, _]\n"
                                "Hit\n1,2,-\nMISS\n1 2 3\nh\n[1,2,3]\n\n"
                                "miss\n0 2 3\nhit\n0, 2, 3\nmiss\n0 4 3\n%s\n";
    static const char *const last[] = {"5", "6", "five"};
    static const int want[] = {17, 16, 16};

    for (int k = 0; k < 3; k++) {
        char text[512], err[256] = "";
        struct quiz_sheet sh;
        size_t right = 0;
        int bad = 0;
        snprintf(text, sizeof text, sheet, last[k]);
        TEST_MSG(quiz_sheet_parse(text, strlen(text), &sh, err, sizeof err) == 0, err);
        TEST(sh.quiz.kind == QUIZ_EXAM && sh.quiz.nq == 17 && sh.nanswers == 17);
        TEST(strcmp(sh.name, "Ada") == 0);
        for (size_t i = 0; i < sh.nanswers && i < sh.quiz.nq; i++) {
            int g = quiz_grade(&sh.quiz, i, sh.answers[i], err, sizeof err);
            right += g == 1;
            bad += g < 0;
        }
        TEST(right == quiz_score(&sh.quiz));
        TEST_MSG((int)right == want[k] && bad == (k == 2), last[k]);
        quiz_sheet_free(&sh);
    }
}

int main(void)
{
    test_ostep();
    test_sheet();
    test_defaults();
    test_exam();
    test_tlb();
    test_compact();
    test_frag();
    test_seeds();
    test_bad_flags();
    return TEST_DONE();
}
