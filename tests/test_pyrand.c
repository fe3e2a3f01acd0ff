/* test_pyrand.c: pyrand (common/pyrand.c) against CPython's random module.
 *
 * Most checks replay tests/data/pyrand/expected.txt, values python3 printed
 * (its README says how): each line seeds a fresh generator and lists the
 * values one call gives in a row; every value is compared, doubles bit for
 * bit. The rest are the contract's edges, checked directly: MT19937's
 * published reference output, seeds that must agree, and calls that must
 * draw nothing. Run from the repository root (tests/run.sh does).
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "pyrand.h"
#include "test.h"

#define DATA     "tests/data/pyrand/expected.txt"
#define MAX_ARGS 2
#define MAX_VALS 64

/* One line of the data file, cut into its fields (pointers into text). */
struct line {
    int no;               /* Line number in DATA. */
    const char *seed;     /* SEED: decimal, maybe negative. */
    const char *op;       /* OP: which call. */
    char *args[MAX_ARGS]; /* ARGS, nargs of them. */
    int nargs;
    char *vals[MAX_VALS]; /* VALUES after the colon, nvals of them. */
    int nvals;
    char msg[96]; /* "expected.txt:LINE OP" for failure messages. */
};

/* Parses all of s as a decimal uint64_t (no sign). Returns 0 or -1. */
static int parse_u64(const char *s, uint64_t *v)
{
    char *end;

    if (s[0] < '0' || s[0] > '9')
        return -1;
    *v = strtoull(s, &end, 10);
    return *end == '\0' ? 0 : -1;
}

/* Parses all of s as a decimal int64_t. Returns 0 or -1. */
static int parse_i64(const char *s, int64_t *v)
{
    char *end;

    *v = strtoll(s, &end, 10);
    return end != s && *end == '\0' ? 0 : -1;
}

/* 1 when token s is the double d exactly (same bits), else 0. */
static int same_double(const char *s, double d)
{
    char *end;
    double want = strtod(s, &end);

    return end != s && *end == '\0' && memcmp(&want, &d, sizeof d) == 0;
}

static int same_u64(const char *s, uint64_t got)
{
    uint64_t want;

    return parse_u64(s, &want) == 0 && want == got;
}

static int same_i64(const char *s, int64_t got)
{
    int64_t want;

    return parse_i64(s, &want) == 0 && want == got;
}

/* Argument i of ln as uint64_t / int64_t; a malformed one fails the test. */
static uint64_t arg_u64(const struct line *ln, int i)
{
    uint64_t v = 0;

    TEST_MSG(parse_u64(ln->args[i], &v) == 0, ln->msg);
    return v;
}

static int64_t arg_i64(const struct line *ln, int i)
{
    int64_t v = 0;

    TEST_MSG(parse_i64(ln->args[i], &v) == 0, ln->msg);
    return v;
}

/* ------------------------------------------------------------------------ */
/* One handler per OP: draws from r (seeded with the line's seed) and
 * compares each value of the line. */

static void op_random(struct pyrand *r, const struct line *ln)
{
    for (int i = 0; i < ln->nvals; i++)
        TEST_MSG(same_double(ln->vals[i], pyrand_random(r)), ln->msg);
}

static void op_getrandbits(struct pyrand *r, const struct line *ln)
{
    unsigned k = (unsigned)arg_u64(ln, 0);

    for (int i = 0; i < ln->nvals; i++)
        TEST_MSG(same_u64(ln->vals[i], pyrand_getrandbits(r, k)), ln->msg);
}

static void op_randbelow(struct pyrand *r, const struct line *ln)
{
    uint64_t n = arg_u64(ln, 0);

    for (int i = 0; i < ln->nvals; i++)
        TEST_MSG(same_u64(ln->vals[i], pyrand_randbelow(r, n)), ln->msg);
}

static void op_randrange(struct pyrand *r, const struct line *ln)
{
    int64_t a = arg_i64(ln, 0), b = arg_i64(ln, 1), v = 0;

    for (int i = 0; i < ln->nvals; i++) {
        TEST_MSG(pyrand_randrange(r, a, b, &v) == 0, ln->msg);
        TEST_MSG(same_i64(ln->vals[i], v), ln->msg);
    }
}

static void op_randint(struct pyrand *r, const struct line *ln)
{
    int64_t a = arg_i64(ln, 0), b = arg_i64(ln, 1), v = 0;

    for (int i = 0; i < ln->nvals; i++) {
        TEST_MSG(pyrand_randint(r, a, b, &v) == 0, ln->msg);
        TEST_MSG(same_i64(ln->vals[i], v), ln->msg);
    }
}

static void op_choice(struct pyrand *r, const struct line *ln)
{
    size_t n = (size_t)arg_u64(ln, 0), idx = 0;

    for (int i = 0; i < ln->nvals; i++) {
        TEST_MSG(pyrand_choice(r, n, &idx) == 0, ln->msg);
        TEST_MSG(same_u64(ln->vals[i], idx), ln->msg);
    }
}

/* shuffle N: list(range(N)) after one shuffle, checked on items of 8 bytes
 * and, from an equally seeded copy of r, on items of 1 byte. */
static void op_shuffle(struct pyrand *r, const struct line *ln)
{
    uint64_t n = arg_u64(ln, 0);
    struct pyrand copy = *r;
    int64_t wide[MAX_VALS];
    unsigned char narrow[MAX_VALS];

    TEST_MSG(n == (uint64_t)ln->nvals, ln->msg);
    if (n != (uint64_t)ln->nvals)
        return;
    for (int i = 0; i < ln->nvals; i++) {
        wide[i] = i;
        narrow[i] = (unsigned char)i;
    }
    pyrand_shuffle(r, wide, (size_t)n, sizeof wide[0]);
    pyrand_shuffle(&copy, narrow, (size_t)n, 1);
    for (int i = 0; i < ln->nvals; i++) {
        TEST_MSG(same_i64(ln->vals[i], wide[i]), ln->msg);
        TEST_MSG(same_u64(ln->vals[i], narrow[i]), ln->msg);
    }
}

static void op_scaled(struct pyrand *r, const struct line *ln)
{
    uint64_t n = arg_u64(ln, 0);

    for (int i = 0; i < ln->nvals; i++)
        TEST_MSG(same_u64(ln->vals[i], pyrand_scaled(r, n)), ln->msg);
}

/* after SKIP: SKIP calls of getrandbits(32), then random() values (crossing
 * the state's regeneration every 624 words). */
static void op_after(struct pyrand *r, const struct line *ln)
{
    uint64_t skip = arg_u64(ln, 0);

    for (uint64_t i = 0; i < skip; i++)
        pyrand_uint32(r);
    op_random(r, ln);
}

/* mixed: groups of random(), getrandbits(40), _randbelow(1000),
 * randint(-3, 3), int(7 * random()), one generator throughout. */
static void op_mixed(struct pyrand *r, const struct line *ln)
{
    TEST_MSG(ln->nvals > 0 && ln->nvals % 5 == 0, ln->msg);
    for (int i = 0; i + 5 <= ln->nvals; i += 5) {
        int64_t v = 0;
        TEST_MSG(same_double(ln->vals[i], pyrand_random(r)), ln->msg);
        TEST_MSG(same_u64(ln->vals[i + 1], pyrand_getrandbits(r, 40)), ln->msg);
        TEST_MSG(same_u64(ln->vals[i + 2], pyrand_randbelow(r, 1000)), ln->msg);
        TEST_MSG(pyrand_randint(r, -3, 3, &v) == 0, ln->msg);
        TEST_MSG(same_i64(ln->vals[i + 3], v), ln->msg);
        TEST_MSG(same_u64(ln->vals[i + 4], pyrand_scaled(r, 7)), ln->msg);
    }
}

/* The OPs: name, number of ARGS, handler; seen counts the lines of each. */
static struct {
    const char *name;
    int nargs;
    void (*check)(struct pyrand *r, const struct line *ln);
    int seen;
} ops[] = {
    {"random", 0, op_random, 0},       {"getrandbits", 1, op_getrandbits, 0},
    {"randbelow", 1, op_randbelow, 0}, {"randrange", 2, op_randrange, 0},
    {"randint", 2, op_randint, 0},     {"choice", 1, op_choice, 0},
    {"shuffle", 1, op_shuffle, 0},     {"scaled", 1, op_scaled, 0},
    {"after", 1, op_after, 0},         {"mixed", 0, op_mixed, 0},
};

#define NOPS (sizeof ops / sizeof ops[0])

/* Cuts text (one line, no newline) into ln. Returns 0, or -1 when it does
 * not read SEED OP [ARGS] : VALUES. */
static int split_line(char *text, struct line *ln)
{
    char *save = NULL, *tok;
    int after_colon = 0;

    ln->seed = strtok_r(text, " ", &save);
    ln->op = strtok_r(NULL, " ", &save);
    ln->nargs = ln->nvals = 0;
    if (!ln->seed || !ln->op)
        return -1;
    snprintf(ln->msg, sizeof ln->msg, "expected.txt:%d %s", ln->no, ln->op);
    while ((tok = strtok_r(NULL, " ", &save)) != NULL) {
        if (!after_colon && strcmp(tok, ":") == 0)
            after_colon = 1;
        else if (!after_colon && ln->nargs < MAX_ARGS)
            ln->args[ln->nargs++] = tok;
        else if (after_colon && ln->nvals < MAX_VALS)
            ln->vals[ln->nvals++] = tok;
        else
            return -1;
    }
    return after_colon && ln->nvals > 0 ? 0 : -1;
}

/* Seeds r with the line's SEED (negative ones as Python does). Returns 0 or -1. */
static int seed_line(struct pyrand *r, const struct line *ln)
{
    uint64_t u;
    int64_t s;

    if (ln->seed[0] == '-') {
        if (parse_i64(ln->seed, &s) < 0)
            return -1;
        pyrand_seed_signed(r, s);
        return 0;
    }
    if (parse_u64(ln->seed, &u) < 0)
        return -1;
    pyrand_seed(r, u);
    return 0;
}

/* Checks one line of the data file. */
static void check_line(char *text, int no)
{
    struct line ln = {.no = no};
    struct pyrand r;
    size_t i;
    int seeded;

    if (text[0] == '#' || text[0] == '\0')
        return;
    snprintf(ln.msg, sizeof ln.msg, "expected.txt:%d does not parse", no);
    TEST_MSG(split_line(text, &ln) == 0, ln.msg);
    if (ln.op == NULL || ln.nvals == 0)
        return;
    for (i = 0; i < NOPS && strcmp(ops[i].name, ln.op) != 0; i++)
        ;
    TEST_MSG(i < NOPS, ln.msg);
    if (i == NOPS)
        return;
    seeded = seed_line(&r, &ln);
    TEST_MSG(seeded == 0, ln.msg);
    if (seeded < 0)
        return;
    TEST_MSG(ln.nargs == ops[i].nargs, ln.msg);
    if (ln.nargs != ops[i].nargs)
        return;
    ops[i].seen++;
    ops[i].check(&r, &ln);
}

/* Replays every line of DATA; the file must be there and hold every OP, and
 * random for at least 60 seeds. */
static void test_data_file(void)
{
    FILE *f = fopen(DATA, "r");
    char *text = NULL;
    size_t cap = 0;
    ssize_t len;
    int no = 0;

    TEST_MSG(f != NULL, DATA " is missing (run from the repository root)");
    if (f == NULL)
        return;
    while ((len = getline(&text, &cap, f)) >= 0) {
        no++;
        if (len > 0 && text[len - 1] == '\n')
            text[len - 1] = '\0';
        check_line(text, no);
    }
    free(text);
    TEST(ferror(f) == 0);
    fclose(f);
    for (size_t i = 0; i < NOPS; i++)
        TEST_MSG(ops[i].seen > 0, ops[i].name);
    TEST(ops[0].seen >= 60);
}

/* ------------------------------------------------------------------------ */
/* The contract's edges. */

/* mt19937ar.c's own check: init_by_array({0x123, 0x234, 0x345, 0x456})
 * starts 1067595299 955945823 477289528 4107218783 4228976476 (its published
 * mt19937ar.out); Python's seed 0x456_00000345_00000234_00000123 is that key. */
static void test_reference_output(void)
{
    static const uint32_t key[] = {0x123, 0x234, 0x345, 0x456};
    static const uint32_t want[] = {1067595299u, 955945823u, 477289528u, 4107218783u, 4228976476u};
    struct pyrand r;

    pyrand_seed_words(&r, key, 4);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        TEST(pyrand_uint32(&r) == want[i]);
}

/* Seeds that name the same int give the same state. */
static void test_seeds_agree(void)
{
    static const uint32_t five[] = {5, 0, 0}, big[] = {7, 1};
    struct pyrand a, b;

    pyrand_seed(&a, 5);
    pyrand_seed_words(&b, five, 3);
    TEST(memcmp(&a, &b, sizeof a) == 0);
    pyrand_seed_signed(&b, -5);
    TEST(memcmp(&a, &b, sizeof a) == 0);
    pyrand_seed(&a, 0);
    pyrand_seed_words(&b, five, 0);
    TEST(memcmp(&a, &b, sizeof a) == 0);
    pyrand_seed(&a, ((uint64_t)1 << 32) + 7);
    pyrand_seed_words(&b, big, 2);
    TEST(memcmp(&a, &b, sizeof a) == 0);
    pyrand_seed(&a, (uint64_t)1 << 63);
    pyrand_seed_signed(&b, INT64_MIN);
    TEST(memcmp(&a, &b, sizeof a) == 0);
    /* 2^32 is two words, not the word 0 of seed 0. */
    pyrand_seed(&a, (uint64_t)1 << 32);
    pyrand_seed(&b, 0);
    TEST(memcmp(&a, &b, sizeof a) != 0);
}

/* Calls outside a range, or with nothing to choose, draw nothing. */
static void test_draws_nothing(void)
{
    struct pyrand r, before;
    int64_t v = 42;
    size_t idx = 7;
    int one[1] = {9};

    pyrand_seed(&r, 3);
    pyrand_random(&r);
    before = r;
    TEST(pyrand_getrandbits(&r, 0) == 0);
    TEST(pyrand_getrandbits(&r, 65) == 0);
    TEST(pyrand_randbelow(&r, 0) == 0);
    TEST(pyrand_randrange(&r, 5, 5, &v) < 0);
    TEST(pyrand_randrange(&r, 5, -5, &v) < 0);
    TEST(pyrand_randint(&r, 3, 2, &v) < 0);
    TEST(pyrand_randint(&r, INT64_MAX, INT64_MIN, &v) < 0);
    TEST(v == 42);
    TEST(pyrand_choice(&r, 0, &idx) < 0);
    TEST(idx == 7);
    pyrand_shuffle(&r, one, 0, sizeof one[0]);
    pyrand_shuffle(&r, one, 1, sizeof one[0]);
    TEST(one[0] == 9);
    TEST(memcmp(&r, &before, sizeof r) == 0);
    /* A range of one value still draws, as Python's getrandbits(1) does. */
    TEST(pyrand_randint(&r, 5, 5, &v) == 0);
    TEST(v == 5);
    TEST(memcmp(&r, &before, sizeof r) != 0);
}

/* pyrand_peek_random sees the draws to come without drawing, up to the
 * state's next twist, and says when it cannot. */
static void test_peek(void)
{
    struct pyrand r, copy;
    double seen = -1, ahead[3];
    int peeked = 0, refused = 0;

    pyrand_seed(&r, 5);
    TEST(pyrand_peek_random(&r, 0, &seen) < 0 && seen == -1); /* Not twisted yet. */
    for (int i = 0; i < 1000; i++) {
        copy = r;
        for (unsigned k = 0; k < 3; k++) {
            int ok = pyrand_peek_random(&r, k, &ahead[k]) == 0;
            peeked += ok;
            refused += !ok;
            if (!ok)
                ahead[k] = -1;
        }
        TEST(memcmp(&r, &copy, sizeof r) == 0);
        for (unsigned k = 0; k < 3; k++) {
            double v = pyrand_random(&copy);
            TEST(ahead[k] == -1 || memcmp(&ahead[k], &v, sizeof v) == 0);
        }
        pyrand_random(&r);
    }
    TEST(peeked > 2900 && refused > 0);
}

int main(void)
{
    test_reference_output();
    test_seeds_agree();
    test_draws_nothing();
    test_peek();
    test_data_file();
    return TEST_DONE();
}
