/* quiz_segment.c: the "segment" quiz, OSTEP's vm-segmentation/segmentation.py:
 * two segments (0 grows up from its base, 1 grows down from its base) and
 * virtual addresses to translate or to call violations.
 *
 * make draws what the script draws, in its order, with pyrand: each limit
 * not given, int(asize/4 + asize/4 * random()); each base not given,
 * int(psize * random()) again until the segment fits (and, for segment 1,
 * until it lies clear of segment 0); then -n addresses int(asize *
 * random()), unless -A lists them. ostep writes the script's output byte
 * for byte, with and without -c.
 *
 * Where memtrack refuses what the script takes (docs/quiz.md lists them):
 * a negative address-space size, a base or limit below -1 (-1 is "draw
 * it"), segment 1 reaching below physical address 0 (-B smaller than its
 * limit), values of 2^50 or more (the script's Python ints have no end;
 * memtrack's have), more than QUIZ_MAX_QUESTIONS addresses, and a base the
 * script would draw for ever: one that cannot fit (the script loops
 * forever) or would take more than SEG_MAX_DRAWS draws to.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quiz_impl.h"

#define SEG_MAX_DRAWS (1 << 24)          /* Most draws to place a segment. */
#define SEG_MAX_VALUE (INT64_C(1) << 50) /* Sizes, bases and limits stay below. */

/* The flags, in the script's order; key = row index. */
enum { F_SEED, F_ADDRESSES, F_ASIZE, F_PHYSMEM, F_NUMADDRS, F_B0, F_L0, F_B1, F_L1, F_N };

static const struct opt flags[] = {
    {"seed", 's', "N", "the random seed", NULL, F_SEED},
    {"addresses", 'A', "LIST",
     "a set of comma-separated pages to access; -1 means randomly generate", NULL, F_ADDRESSES},
    {"asize", 'a', "SIZE", "address space size (e.g., 16, 64k, 32m, 1g)", NULL, F_ASIZE},
    {"physmem", 'p', "SIZE", "physical memory size (e.g., 16, 64k, 32m, 1g)", NULL, F_PHYSMEM},
    {"numaddrs", 'n', "N", "number of virtual addresses to generate", NULL, F_NUMADDRS},
    {"b0", 'b', "SIZE", "value of segment 0 base register", NULL, F_B0},
    {"l0", 'l', "SIZE", "value of segment 0 limit register", NULL, F_L0},
    {"b1", 'B', "SIZE", "value of segment 1 base register", NULL, F_B1},
    {"l1", 'L', "SIZE", "value of segment 1 limit register", NULL, F_L1},
    {NULL, 0, NULL, NULL, NULL, 0}};

static const char *const defaults[] = {"0", "-1", "1k", "16k", "5", "-1", "-1", "-1", "-1"};

/* The registers while they are made; base1 is the bottom of segment 1
 * (base1 + len1 its top), as the script keeps it. */
struct regs {
    int64_t asize, psize, base0, len0, base1, len1;
};

/* Reads the sizes, bases and limits (-1: draw it) into g. Returns 0, or -1
 * with err. */
static int read_regs(const char *const *val, struct regs *g, char *err, size_t errlen)
{
    static const char *const names[] = {"--asize", "--physmem", "--b0", "--l0", "--b1", "--l1"};
    const int rows[] = {F_ASIZE, F_PHYSMEM, F_B0, F_L0, F_B1, F_L1};
    int64_t *dst[] = {&g->asize, &g->psize, &g->base0, &g->len0, &g->base1, &g->len1};
    int i;

    for (i = 0; i < 6; i++) {
        if (quiz_size(names[i], val[rows[i]], dst[i], err, errlen) < 0)
            return -1;
        if (*dst[i] >= SEG_MAX_VALUE || *dst[i] < -1) {
            snprintf(err, errlen, "%s: %s: memtrack takes %s from 0 to 2^50%s", names[i],
                     val[rows[i]], i < 2 ? "sizes" : "values", i < 2 ? "" : ", or -1 (draw it)");
            return -1;
        }
    }
    if (g->psize <= 4)
        snprintf(err, errlen, "Error: must specify a bigger physical memory size");
    else if (g->asize == 0)
        snprintf(err, errlen, "Error: must specify a non-zero address-space size");
    else if (g->psize <= g->asize)
        snprintf(err, errlen,
                 "Error: physical memory size > address space size (for this simulation)");
    else if (g->asize < 0)
        snprintf(err, errlen, "the address space size must be positive (memtrack)");
    else
        return 0;
    return -1;
}

/* Whether the script's placing of segment 1 can ever end: some int b in
 * 0 .. psize-1 with b + len1 < psize and clear of segment 0. */
static int seg1_fits(const struct regs *g)
{
    int64_t hi = g->psize - g->len1 - 1;

    return hi >= 0 && (hi > g->base0 + g->len0 || g->len1 < g->base0);
}

/* Draws the bases not given, as the script does. Returns 0, or -1 with
 * err when the script would not end (or take too long). */
static int place(struct pyrand *r, struct regs *g, int draw1, char *err, size_t errlen)
{
    long n;

    if (g->base0 == -1) {
        g->base0 = g->psize; /* Until a draw fits. */
        for (n = 0; g->len0 < g->psize && n < SEG_MAX_DRAWS && g->base0 + g->len0 >= g->psize; n++)
            g->base0 = (int64_t)pyrand_scaled(r, (uint64_t)g->psize);
        if (g->base0 + g->len0 >= g->psize) {
            snprintf(err, errlen,
                     "segment 0 (limit %" PRId64 ") finds no place in %" PRId64
                     " bytes of physical memory (segmentation.py would draw for ever)",
                     g->len0, g->psize);
            return -1;
        }
    }
    if (!draw1)
        return 0;
    for (n = 0; seg1_fits(g) && n < SEG_MAX_DRAWS; n++) {
        int64_t b = (int64_t)pyrand_scaled(r, (uint64_t)g->psize);
        if (b + g->len1 < g->psize && (b > g->base0 + g->len0 || b + g->len1 < g->base0)) {
            g->base1 = b;
            return 0;
        }
    }
    snprintf(err, errlen,
             "segment 1 (limit %" PRId64 ") finds no place beside segment 0 in %" PRId64
             " bytes of physical memory (segmentation.py would draw for ever)",
             g->len1, g->psize);
    return -1;
}

/* The script's checks of the placed registers, with its messages. */
static int check_regs(const struct regs *g, char *err, size_t errlen)
{
    const char *why = NULL;

    if (g->base1 < 0)
        why = "segment 1 reaches below physical address 0: its base must be at least its limit "
              "(memtrack)";
    else if (g->psize < g->base0 + g->len0 - 1)
        why = "Error: seg0 is not in physical memory";
    else if (g->psize < g->base1)
        why = "Error: seg1 is not in physical memory";
    else if ((double)g->len0 > (double)g->asize / 2.0)
        why = "Error: length0 register is too large for this address space";
    else if ((double)g->len1 > (double)g->asize / 2.0)
        why = "Error: length1 register is too large for this address space";
    else if (g->len0 + g->base0 > g->base1 && g->base1 > g->base0)
        why = "Error: segments overlap in physical memory";
    if (why)
        snprintf(err, errlen, "%s", why);
    return why ? -1 : 0;
}

/* ": top bit 1" (bit) when asize is a power of 2, so that the half is the
 * top bit of an address; "" when not. */
static const char *top_bit(uint64_t asize, int bit)
{
    if (asize & (asize - 1))
        return "";
    return bit ? ": top bit 1" : ": top bit 0";
}

/* Adds the question of address i with its key and explanation. Returns 0,
 * or -1 with err. */
static int add_question(struct quiz *q, size_t i, char *err, size_t errlen)
{
    const struct quiz_segment *s = &q->u.sg;
    uint64_t va = s->addrs[i];
    struct quiz_question *qq;

    qq = quiz_add(q, (int)i, QUIZ_A_ADDR, err, errlen,
                  "VA %zu: 0x%08" PRIx64 " (decimal: %" PRIu64
                  "): physical address, or segmentation violation?",
                  i, va, va);
    if (!qq)
        return -1;
    if (2 * va < s->asize) {
        quiz_explain(qq,
                     "%" PRIu64 " is in the lower half of the %" PRIu64
                     "-byte address space (below %g%s), so segment 0, which grows up: "
                     "offset %" PRIu64,
                     va, s->asize, (double)s->asize / 2.0, top_bit(s->asize, 0), va);
        if (va >= s->limit0) {
            qq->key.word = QUIZ_W_FAULT;
            quiz_explain(qq,
                         "offset %" PRIu64 " is not below the limit %" PRIu64
                         ": segmentation violation (SEG0)",
                         va, s->limit0);
            return 0;
        }
        qq->key.n = 1;
        qq->key.v[0] = (int64_t)(s->base0 + va);
        quiz_explain(qq,
                     "offset %" PRIu64 " < limit %" PRIu64 ", so PA = base 0x%" PRIx64 " + %" PRIu64
                     " = 0x%" PRIx64 " (%" PRId64 ")",
                     va, s->limit0, s->base0, va, (uint64_t)qq->key.v[0], qq->key.v[0]);
        return 0;
    }
    quiz_explain(qq,
                 "%" PRIu64 " is in the upper half of the %" PRIu64
                 "-byte address space (from %g%s), so segment 1, which grows down: "
                 "negative offset = %" PRIu64 " - %" PRIu64 " = -%" PRIu64,
                 va, s->asize, (double)s->asize / 2.0, top_bit(s->asize, 1), va, s->asize,
                 s->asize - va);
    if (s->asize - va > s->limit1) {
        qq->key.word = QUIZ_W_FAULT;
        quiz_explain(qq,
                     "%" PRIu64 " bytes below the base is past the limit %" PRIu64
                     ": segmentation violation (SEG1)",
                     s->asize - va, s->limit1);
        return 0;
    }
    qq->key.n = 1;
    qq->key.v[0] = (int64_t)(s->base1 - (s->asize - va));
    quiz_explain(qq,
                 "%" PRIu64 " <= limit %" PRIu64 ", so PA = base 0x%" PRIx64 " - %" PRIu64
                 " = 0x%" PRIx64 " (%" PRId64 ")",
                 s->asize - va, s->limit1, s->base1, s->asize - va, (uint64_t)qq->key.v[0],
                 qq->key.v[0]);
    return 0;
}

static int make(struct quiz *q, const char *const *val, char *err, size_t errlen)
{
    struct quiz_segment *s = &q->u.sg;
    struct regs g;
    struct pyrand r;
    int64_t num;

    if (quiz_int("--seed", val[F_SEED], &q->seed, err, errlen) < 0 ||
        quiz_int("--numaddrs", val[F_NUMADDRS], &num, err, errlen) < 0 ||
        read_regs(val, &g, err, errlen) < 0)
        return -1;
    pyrand_seed_signed(&r, q->seed);
    if (g.len0 == -1)
        g.len0 = (int64_t)((double)g.asize / 4.0 + (double)g.asize / 4.0 * pyrand_random(&r));
    if (g.len1 == -1)
        g.len1 = (int64_t)((double)g.asize / 4.0 + (double)g.asize / 4.0 * pyrand_random(&r));
    if ((g.base0 == -1 || g.base1 == -1) && g.psize <= 2 * g.asize) {
        snprintf(err, errlen,
                 "Error: physical memory must be 2x GREATER than address space size "
                 "(if randomly generating base registers)");
        return -1;
    }
    if (g.base1 != -1)
        g.base1 -= g.len1;
    if (place(&r, &g, g.base1 == -1, err, errlen) < 0 || check_regs(&g, err, errlen) < 0)
        return -1;
    s->asize = (uint64_t)g.asize;
    s->psize = (uint64_t)g.psize;
    s->base0 = (uint64_t)g.base0;
    s->limit0 = (uint64_t)g.len0;
    s->base1 = (uint64_t)(g.base1 + g.len1);
    s->limit1 = (uint64_t)g.len1;
    if (quiz_addrs(&r, val[F_ADDRESSES], num, s->asize, &s->addrs, &s->naddrs, err, errlen) < 0)
        return -1;
    return quiz_add_each(q, s->naddrs, add_question, err, errlen);
}

/* The script's text (solve: with -c). */
static void ostep(const struct quiz *q, int solve, struct qbuf *b)
{
    const struct quiz_segment *s = &q->u.sg;
    size_t i;

    qbuf_printf(b, "ARG seed %" PRId64 "\nARG address space size %s\nARG phys mem size %s\n\n",
                q->seed, quiz_arg(q, "asize"), quiz_arg(q, "physmem"));
    qbuf_printf(b,
                "Segment register information:\n\n"
                "  Segment 0 base  (grows positive) : 0x%08" PRIx64 " (decimal %" PRIu64 ")\n"
                "  Segment 0 limit                  : %" PRIu64 "\n\n",
                s->base0, s->base0, s->limit0);
    qbuf_printf(b,
                "  Segment 1 base  (grows negative) : 0x%08" PRIx64 " (decimal %" PRIu64 ")\n"
                "  Segment 1 limit                  : %" PRIu64 "\n\nVirtual Address Trace\n",
                s->base1, s->base1, s->limit1);
    for (i = 0; i < s->naddrs; i++) {
        const struct quiz_value *k = &q->q[i].key;
        int seg = 2 * s->addrs[i] >= s->asize;
        qbuf_printf(b, "  VA %2zu: 0x%08" PRIx64 " (decimal: %4" PRIu64 ") --> ", i, s->addrs[i],
                    s->addrs[i]);
        if (!solve)
            qbuf_printf(b, "PA or segmentation violation?\n");
        else if (k->word == QUIZ_W_FAULT)
            qbuf_printf(b, "SEGMENTATION VIOLATION (SEG%d)\n", seg);
        else
            qbuf_printf(b, "VALID in SEG%d: 0x%08" PRIx64 " (decimal: %4" PRId64 ")\n", seg,
                        (uint64_t)k->v[0], k->v[0]);
    }
    qbuf_printf(b, "\n");
    if (!solve)
        qbuf_printf(
            b, "For each virtual address, either write down the physical address it translates "
               "to\nOR write down that it is an out-of-bounds address (a segmentation violation). "
               "For\nthis problem, you should assume a simple address space with two segments: "
               "the top\nbit of the virtual address can thus be used to check whether the "
               "virtual address\nis in segment 0 (topbit=0) or segment 1 (topbit=1). Note that "
               "the base/limit pairs\ngiven to you grow in different directions, depending on "
               "the segment, i.e., segment 0\ngrows in the positive direction, whereas segment 1 "
               "in the negative. \n\n");
}

/* memtrack's own picture: the sizes and the two registers. */
static void state(const struct quiz *q, struct qbuf *b)
{
    const struct quiz_segment *s = &q->u.sg;

    qbuf_printf(b,
                "Address space %" PRIu64 " B, physical memory %" PRIu64
                " B. A virtual address below %g is in segment 0, from %g in segment 1.\n",
                s->asize, s->psize, (double)s->asize / 2.0, (double)s->asize / 2.0);
    qbuf_printf(b,
                "Segment 0 (grows up):   base 0x%08" PRIx64 " (%" PRIu64 "), limit %" PRIu64 "\n",
                s->base0, s->base0, s->limit0);
    qbuf_printf(b,
                "Segment 1 (grows down): base 0x%08" PRIx64 " (%" PRIu64 "), limit %" PRIu64 "\n",
                s->base1, s->base1, s->limit1);
}

static void release(struct quiz *q)
{
    free(q->u.sg.addrs);
    q->u.sg.addrs = NULL;
}

const struct quiz_kind_def quiz_def_segment = {"segment",
                                               {"segmentation", NULL},
                                               "segmentation.py",
                                               "segmentation: two segments, base and limit (OSTEP)",
                                               flags,
                                               defaults,
                                               make,
                                               ostep,
                                               state,
                                               release};
