/* test_quiz.c: the quiz core (common/quiz.c, quiz_answer.c, quiz_sheet.c):
 * OSTEP's numbers (quiz_int as optparse, quiz_size as convert(), the
 * expected values printed by python3), every answer form right and
 * malformed, canonical text reading back equal for thousands of random
 * values, grading, answer sheets (good ones, and each bad line with its
 * number), and quiz_make reading a test kind's flags.
 */
#include <stdlib.h>
#include <string.h>

#include "quiz.h"
#include "quiz_impl.h"
#include "test.h"

/* A small generator for the random values (xorshift64*). */
static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1du;
}

/* A random int64 of a random magnitude, never QUIZ_EMPTY; >= 0 when nonneg. */
static int64_t rnd_num(int nonneg)
{
    uint64_t bits = rnd() >> 1;
    int64_t v = (int64_t)(bits >> (rnd() % 63));

    return !nonneg && rnd() % 2 ? -v : v;
}

/* OSTEP's numbers. Expected values: python3's optparse._parse_num(s, int)
 * and the scripts' convert(s) ("ERR": they raise, or the value is beyond
 * int64). */
struct num_case {
    const char *text;
    int ok; /* 1: read as v; 0: refused. */
    int64_t v;
};

static const struct num_case ints[] = {
    {"0", 1, 0},
    {"7", 1, 7},
    {"-7", 1, -7},
    {"+7", 1, 7},
    {"010", 1, 8},
    {"0x1F", 1, 31},
    {"0X1f", 1, 31},
    {"0b101", 1, 5},
    {"0B11", 1, 3},
    {"0o17", 1, 15},
    {"08", 0, 0},
    {"00", 1, 0},
    {"0x", 0, 0},
    {"0b", 1, 0},
    {"1_000", 1, 1000},
    {"1__0", 0, 0},
    {"_1", 0, 0},
    {"1_", 0, 0},
    {"0x_1f", 1, 31},
    {"0b_1", 0, 0},
    {"-0x10", 0, 0},
    {"-010", 1, -10},
    {"12a", 0, 0},
    {"", 0, 0},
    {"9223372036854775807", 1, INT64_MAX},
    {"9223372036854775808", 0, 0},
    {"-9223372036854775807", 1, -INT64_MAX},
    {"-9223372036854775808", 1, INT64_MIN},
    {"-9223372036854775809", 0, 0},
    {"0x7fffffffffffffff", 1, INT64_MAX},
    {"0x8000000000000000", 0, 0},
    {"0b0b1", 1, 1},
    {"0xabcdef", 1, 11259375},
    {"077", 1, 63},
    {"0_7", 1, 7},
    {"1e3", 0, 0},
};

/* Python's int(s): python3 -c 'print(int(s))'. */
static const struct num_case ints10[] = {
    {"0", 1, 0},
    {"010", 1, 10},
    {"-010", 1, -10},
    {"+7", 1, 7},
    {"1_000", 1, 1000},
    {"1__0", 0, 0},
    {"_1", 0, 0},
    {"1_", 0, 0},
    {"0x10", 0, 0},
    {"0b1", 0, 0},
    {"", 0, 0},
    {"-", 0, 0},
    {"12a", 0, 0},
    {"9223372036854775807", 1, INT64_MAX},
    {"-9223372036854775808", 1, INT64_MIN},
    {"-9223372036854775809", 0, 0},
};

static const struct num_case sizes[] = {
    {"16k", 1, 16384},
    {"16K", 1, 16384},
    {"1m", 1, 1048576},
    {"1M", 1, 1048576},
    {"1g", 1, 1073741824},
    {"1G", 1, 1073741824},
    {"0", 1, 0},
    {"100", 1, 100},
    {"-1", 1, -1},
    {"-1k", 1, -1024},
    {"010", 1, 10},
    {"0k", 1, 0},
    {"1_0k", 1, 10240},
    {"k", 0, 0},
    {"", 0, 0},
    {"1.5k", 0, 0},
    {"16kb", 0, 0},
    {"8589934591g", 1, 9223372035781033984},
    {"8589934592g", 0, 0},
    {"9223372036854775807", 1, INT64_MAX},
    {"2147483647k", 1, 2199023254528},
    /* Not convert()'s (int(x) refuses them): memtrack's int(x, 0) forms. */
    {"0x10", 1, 16},
    {"0x10k", 1, 16384},
    {"0b11m", 1, 3145728},
    {"0o7", 1, 7},
};

/* Checks read (quiz_int, quiz_int10 or quiz_size) on n cases: each read
 * as its value, or refused with err naming flag and *out unchanged. */
static void check_cases(int (*read)(const char *, const char *, int64_t *, char *, size_t),
                        const char *flag, const struct num_case *c, size_t n)
{
    char err[256];

    for (size_t i = 0; i < n; i++) {
        int64_t v = 12345;
        int r = read(flag, c[i].text, &v, err, sizeof err);

        TEST_MSG(r == (c[i].ok ? 0 : -1), c[i].text);
        TEST_MSG(v == (c[i].ok ? c[i].v : 12345), c[i].text);
        TEST_MSG(c[i].ok || (strncmp(err, flag, strlen(flag)) == 0 && strstr(err, ": '")), err);
    }
}

static void test_numbers(void)
{
    char err[256];

    check_cases(quiz_int, "--seed", ints, sizeof ints / sizeof ints[0]);
    check_cases(quiz_int10, "--cachesize", ints10, sizeof ints10 / sizeof ints10[0]);
    check_cases(quiz_size, "-a", sizes, sizeof sizes / sizeof sizes[0]);
    TEST(quiz_int10("-n", "9223372036854775808", &(int64_t){0}, err, sizeof err) < 0 &&
         strcmp(err, "-n: '9223372036854775808' is not an integer memtrack can hold") == 0);
    TEST(quiz_int10("-n", "0x10", &(int64_t){0}, err, sizeof err) < 0 &&
         strcmp(err, "-n: '0x10' is not an integer") == 0);
    TEST(quiz_int("-n", "99999999999999999999", &(int64_t){0}, err, sizeof err) < 0 &&
         strstr(err, "too large"));
    TEST(quiz_size("-a", "9999999999g", &(int64_t){0}, err, sizeof err) < 0 &&
         strstr(err, "too large"));
    for (int i = 0; i < 3000; i++) { /* Every value in every base optparse reads. */
        int64_t x = rnd_num(0), got = 0;
        uint64_t m = x < 0 ? (uint64_t)-x : (uint64_t)x;
        char text[80], bin[70];
        int k = 0;

        snprintf(text, sizeof text, "%lld", (long long)x);
        TEST(quiz_int("-s", text, &got, err, sizeof err) == 0 && got == x);
        got = 0;
        TEST(quiz_size("-a", text, &got, err, sizeof err) == 0 && got == x);
        snprintf(text, sizeof text, "0x%llx", (unsigned long long)m);
        TEST(quiz_int("-s", text, &got, err, sizeof err) == 0 && got == (int64_t)m);
        snprintf(text, sizeof text, "0%llo", (unsigned long long)m);
        TEST(quiz_int("-s", text, &got, err, sizeof err) == 0 && got == (int64_t)m);
        for (int b = 63; b >= 0; b--)
            if (k || (m >> b & 1) || b == 0)
                bin[k++] = (char)('0' + (m >> b & 1));
        bin[k] = '\0';
        snprintf(text, sizeof text, "0b%s", bin);
        TEST(quiz_int("-s", text, &got, err, sizeof err) == 0 && got == (int64_t)m);
        if (m < ((uint64_t)1 << 50)) {
            snprintf(text, sizeof text, "%lldk", (long long)x);
            TEST(quiz_size("-a", text, &got, err, sizeof err) == 0 && got == x * 1024);
        }
    }
}

/* One answer form: type, text, then either the canonical text of the
 * value it reads as, or (malformed) NULL and a piece of the message. */
static const struct {
    enum quiz_atype t;
    const char *text;
    const char *canon;
    const char *why;
} forms[] = {
    {QUIZ_A_ADDR, "14905", "0x3a39 (14905)", NULL},
    {QUIZ_A_ADDR, "0x3a39", "0x3a39 (14905)", NULL},
    {QUIZ_A_ADDR, "0X3A39", "0x3a39 (14905)", NULL},
    {QUIZ_A_ADDR, "3a39h", "0x3a39 (14905)", NULL},
    {QUIZ_A_ADDR, "3A39H", "0x3a39 (14905)", NULL},
    {QUIZ_A_ADDR, "0x 3a39", "0x3a39 (14905)", NULL},
    {QUIZ_A_ADDR, "  0x3a39\t", "0x3a39 (14905)", NULL},
    {QUIZ_A_ADDR, "0x3a39 (14905)", "0x3a39 (14905)", NULL},
    {QUIZ_A_ADDR, "0x3a39(14905)", "0x3a39 (14905)", NULL},
    {QUIZ_A_ADDR, "14 905", "0x3a39 (14905)", NULL},
    {QUIZ_A_ADDR, "0", "0x0 (0)", NULL},
    {QUIZ_A_ADDR, "0x7fffffffffffffff", "0x7fffffffffffffff (9223372036854775807)", NULL},
    {QUIZ_A_ADDR, "-1", "-1", NULL},
    {QUIZ_A_ADDR, "invalid", "fault", NULL},
    {QUIZ_A_ADDR, "Invalid Address", "fault", NULL},
    {QUIZ_A_ADDR, "SEGFAULT", "fault", NULL},
    {QUIZ_A_ADDR, "seg fault", "fault", NULL},
    {QUIZ_A_ADDR, "Seg-Fault", "fault", NULL},
    {QUIZ_A_ADDR, "seg. fault", "fault", NULL},
    {QUIZ_A_ADDR, "Segfault.", "fault", NULL},
    {QUIZ_A_PAIR, "seg. fault", "fault", NULL},
    {QUIZ_A_HITMISS, "H.", "hit", NULL},
    {QUIZ_A_ADDR, "segmentation_fault", "fault", NULL},
    {QUIZ_A_ADDR, "Segmentation Violation", "fault", NULL},
    {QUIZ_A_ADDR, "violation", "fault", NULL},
    {QUIZ_A_ADDR, "fault", "fault", NULL},
    {QUIZ_A_ADDR, "page fault", "fault", NULL},
    {QUIZ_A_ADDR, "out of bounds", "fault", NULL},
    {QUIZ_A_ADDR, "OUT-OF-BOUNDS", "fault", NULL},
    {QUIZ_A_ADDR, "3a39", NULL, "'3a39' has hex digits: write 0x3a39, or 3a39h"},
    {QUIZ_A_ADDR, "1e3", NULL, "has hex digits"},
    {QUIZ_A_ADDR, "-3a", NULL, "'-3a' has hex digits: write -0x3a, or -3ah"},
    {QUIZ_A_ADDR, "3a(58)", NULL, "'3a(58)' has hex digits: write 0x3a, or 3ah"},
    {QUIZ_A_ADDR, "0x3a39 (14906)", NULL, "0x3a39 is 14905, not 14906"},
    {QUIZ_A_ADDR, "0x3a39 (", NULL, "not a number"},
    {QUIZ_A_ADDR, "0x", NULL, "not a number"},
    {QUIZ_A_ADDR, "h", NULL, "not a number"},
    {QUIZ_A_ADDR, "0xg", NULL, "not a number"},
    {QUIZ_A_ADDR, "0b101", NULL, "has hex digits"}, /* b is a hex digit. */
    {QUIZ_A_ADDR, "0o17", NULL, "not a number"},
    {QUIZ_A_ADDR, "0x3a39h", NULL, "not a number"},
    {QUIZ_A_ADDR, "99999999999999999999", NULL, "too large"},
    {QUIZ_A_ADDR, "0x8000000000000000", NULL, "too large"},
    {QUIZ_A_ADDR, "-9223372036854775808", NULL, "too large"},
    {QUIZ_A_ADDR, "hit", NULL, "or fault"},
    {QUIZ_A_ADDR, "faults", NULL, "not a number"},
    {QUIZ_A_ADDR, "?", NULL, "not a number"},
    {QUIZ_A_ADDR, "", NULL, "type an answer, or ? to see it"},
    {QUIZ_A_ADDR, " \t ", NULL, "type an answer, or ? to see it"},
    {QUIZ_A_PAIR, "0x3a1 0x1b", "0x3a1 (929), 0x1b (27)", NULL},
    {QUIZ_A_PAIR, "929, 27", "0x3a1 (929), 0x1b (27)", NULL},
    {QUIZ_A_PAIR, "[929, 27]", "0x3a1 (929), 0x1b (27)", NULL},
    {QUIZ_A_PAIR, "0x3a1(929) 0x1b(27)", "0x3a1 (929), 0x1b (27)", NULL},
    {QUIZ_A_PAIR, "0x 3a1 0x 1b", "0x3a1 (929), 0x1b (27)", NULL},
    {QUIZ_A_PAIR, "3a1h 1bh", "0x3a1 (929), 0x1b (27)", NULL},
    {QUIZ_A_PAIR, "invalid", "fault", NULL},
    {QUIZ_A_PAIR, "Page Fault", "fault", NULL},
    {QUIZ_A_PAIR, "929", NULL, "1 number: write two numbers"},
    {QUIZ_A_PAIR, "1 2 3", NULL, "3 numbers"},
    {QUIZ_A_PAIR, "[]", NULL, "0 numbers"},
    {QUIZ_A_PAIR, "0x3a1 -", NULL, "'-' is not a number"},
    {QUIZ_A_PAIR, "3a1 1b", NULL, "has hex digits"},
    {QUIZ_A_PAIR, "0x3a1 (930) 1", NULL, "is 929, not 930"},
    {QUIZ_A_PAIR, "", NULL, "type an answer"},
    {QUIZ_A_NUMBER, "12", "12", NULL},
    {QUIZ_A_NUMBER, "0xc", "12", NULL},
    {QUIZ_A_NUMBER, "ch", "12", NULL},
    {QUIZ_A_NUMBER, "C H", "12", NULL},
    {QUIZ_A_NUMBER, "-5", "-5", NULL},
    {QUIZ_A_NUMBER, "+5", "5", NULL},
    {QUIZ_A_NUMBER, "1 000", "1000", NULL},
    {QUIZ_A_NUMBER, "520 B", "520", NULL},
    {QUIZ_A_NUMBER, "151 bytes", "151", NULL},
    {QUIZ_A_NUMBER, "3 Pages", "3", NULL},
    {QUIZ_A_NUMBER, "4 frames ", "4", NULL},
    {QUIZ_A_NUMBER, "50%", "50", NULL},
    {QUIZ_A_NUMBER, "50 %", "50", NULL},
    {QUIZ_A_NUMBER, "0x1 B", "27", NULL},
    {QUIZ_A_NUMBER, "520B", NULL, "has hex digits"},
    {QUIZ_A_NUMBER, "B", NULL, "has hex digits"},
    {QUIZ_A_NUMBER, " pages", NULL, "not a number"},
    {QUIZ_A_NUMBER, "3a B", NULL, "has hex digits"},
    {QUIZ_A_NUMBER, "3 apples", NULL, "not a number"},
    {QUIZ_A_NUMBER, "fault", NULL, "'fault' is not a number: write a number"},
    {QUIZ_A_NUMBER, "null", NULL, "not a number"},
    {QUIZ_A_NUMBER, "twelve", NULL, "not a number"},
    {QUIZ_A_NUMBER, "", NULL, "type an answer"},
    {QUIZ_A_PTR, "1000", "1000", NULL},
    {QUIZ_A_PTR, "0x3e8", "1000", NULL},
    {QUIZ_A_PTR, "null", "-1", NULL},
    {QUIZ_A_PTR, "NULL", "-1", NULL},
    {QUIZ_A_PTR, "fail", "-1", NULL},
    {QUIZ_A_PTR, "Failed", "-1", NULL},
    {QUIZ_A_PTR, "none", "-1", NULL},
    {QUIZ_A_PTR, "-1", "-1", NULL},
    {QUIZ_A_PTR, "fault", NULL, "null for a failed malloc"},
    {QUIZ_A_PTR, "", NULL, "type an answer"},
    {QUIZ_A_HITMISS, "hit", "hit", NULL},
    {QUIZ_A_HITMISS, "HIT", "hit", NULL},
    {QUIZ_A_HITMISS, "h", "hit", NULL},
    {QUIZ_A_HITMISS, " Hit ", "hit", NULL},
    {QUIZ_A_HITMISS, "miss", "miss", NULL},
    {QUIZ_A_HITMISS, "M", "miss", NULL},
    {QUIZ_A_HITMISS, "Miss", "miss", NULL},
    {QUIZ_A_HITMISS, "hits", NULL, "'hits' is neither: write hit or miss"},
    {QUIZ_A_HITMISS, "0", NULL, "neither"},
    {QUIZ_A_HITMISS, "fault", NULL, "neither"},
    {QUIZ_A_HITMISS, "", NULL, "type an answer"},
    {QUIZ_A_LIST, "[ addr:0 sz:12 ][ addr:24 sz:76 ]", "[0, 12, 24, 76]", NULL},
    {QUIZ_A_LIST, "1,2,3", "[1, 2, 3]", NULL},
    {QUIZ_A_LIST, "1 2 3", "[1, 2, 3]", NULL},
    {QUIZ_A_LIST, "[1, 2, 3]", "[1, 2, 3]", NULL},
    {QUIZ_A_LIST, "1;2;3", "[1, 2, 3]", NULL},
    {QUIZ_A_LIST, "1:2:3", "[1, 2, 3]", NULL},
    {QUIZ_A_LIST, "Page 3 pages 4 SIZE 5 ptr 6 sz 7 addr 8", "[3, 4, 5, 6, 7, 8]", NULL},
    {QUIZ_A_LIST, "- _ 3", "[-, -, 3]", NULL},
    {QUIZ_A_LIST, "-5 -", "[-5, -]", NULL},
    {QUIZ_A_LIST, "0x10 (16) 5", "[16, 5]", NULL},
    {QUIZ_A_LIST, "0x 10, 1fh", "[16, 31]", NULL},
    {QUIZ_A_LIST, "empty", "[]", NULL},
    {QUIZ_A_LIST, "NONE", "[]", NULL},
    {QUIZ_A_LIST, "[]", "[]", NULL},
    {QUIZ_A_LIST, "[ ]", "[]", NULL},
    {QUIZ_A_LIST, "1 x", NULL, "'x' is not a number: write numbers in order"},
    {QUIZ_A_LIST, "1 3a", NULL, "'3a' has hex digits"},
    {QUIZ_A_LIST, "(16)", "[16]", NULL},
    {QUIZ_A_LIST, "1 )", "[1]", NULL},
    {QUIZ_A_LIST, "(1, 2) (3, 4)", "[1, 2, 3, 4]", NULL},
    {QUIZ_A_LIST, "1 -> 2", NULL, "not a number"},
    {QUIZ_A_PAIR, "(0x6da, 0xe)", "0x6da (1754), 0xe (14)", NULL},
    {QUIZ_A_PAIR, "0x6da --> 0x0e", "0x6da (1754), 0xe (14)", NULL},
    {QUIZ_A_PAIR, "PA 0x6da -> Value: 0x0e", "0x6da (1754), 0xe (14)", NULL},
    {QUIZ_A_PAIR, "0x6da => 0xe (14)", "0x6da (1754), 0xe (14)", NULL},
    {QUIZ_A_PAIR, "0x6da <- 0xe", NULL, "not a number"},
    {QUIZ_A_PAIR, "0x6da -> -> 0xe", "0x6da (1754), 0xe (14)", NULL},
    {QUIZ_A_LIST, "1 (2", NULL, "not a number"},
    {QUIZ_A_LIST, "1 2 99999999999999999999", NULL, "too large"},
    {QUIZ_A_LIST, "", NULL, "type an answer"},
    {QUIZ_A_SET, "3 1 2", "[3, 1, 2]", NULL},
    {QUIZ_A_SET, "[ 1, 2, 3 ]", "[1, 2, 3]", NULL},
    {QUIZ_A_SET, "none", "[]", NULL},
    {QUIZ_A_SET, "pages 7 8", "[7, 8]", NULL},
    {QUIZ_A_SET, "1 hit", NULL, "'hit' is not a number: write numbers in any order"},
    {QUIZ_A_SET, "", NULL, "type an answer"},
};

static void test_forms(void)
{
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        struct quiz_value v, before;
        char err[256] = "", text[QUIZ_VALUE_TEXT];
        int r;

        memset(&v, 0x5a, sizeof v);
        before = v;
        r = quiz_answer_parse(forms[i].t, forms[i].text, &v, err, sizeof err);
        if (forms[i].canon) {
            TEST_MSG(r == 0, forms[i].text);
            TEST_MSG(r == 0 && strcmp(quiz_value_text(forms[i].t, &v, text, sizeof text),
                                      forms[i].canon) == 0,
                     forms[i].text);
        } else {
            TEST_MSG(r == -1, forms[i].text);
            TEST_MSG(strstr(err, forms[i].why) != NULL, err);
            TEST_MSG(memcmp(&v, &before, sizeof v) == 0, forms[i].text); /* Unchanged. */
        }
    }
}

/* Lists at the edges: the most numbers, one more, a number too long. */
static void test_list_limits(void)
{
    static char text[QUIZ_MAX_VALUES * 8 + 300];
    struct quiz_value v;
    char err[256];
    size_t len = 0;

    for (int i = 0; i < QUIZ_MAX_VALUES; i++)
        len += (size_t)snprintf(text + len, sizeof text - len, "%d ", i * 3);
    TEST(quiz_answer_parse(QUIZ_A_LIST, text, &v, err, sizeof err) == 0 && v.n == QUIZ_MAX_VALUES &&
         v.v[QUIZ_MAX_VALUES - 1] == 3 * (QUIZ_MAX_VALUES - 1));
    snprintf(text + len, sizeof text - len, "7");
    TEST(quiz_answer_parse(QUIZ_A_SET, text, &v, err, sizeof err) < 0 &&
         strstr(err, "more than 256 numbers"));
    memset(text, '1', 300);
    text[300] = '\0';
    TEST(quiz_answer_parse(QUIZ_A_LIST, text, &v, err, sizeof err) < 0 && strstr(err, "too long"));
    TEST(quiz_answer_parse(QUIZ_A_NUMBER, text, &v, err, sizeof err) < 0 &&
         strstr(err, "too long"));
    TEST(quiz_answer_parse(QUIZ_A_HITMISS, text, &v, err, sizeof err) < 0);
    memset(text, ' ', 300); /* Blank, however long. */
    TEST(quiz_answer_parse(QUIZ_A_ADDR, text, &v, err, sizeof err) < 0 &&
         strstr(err, "type an answer"));
    TEST(quiz_answer_parse((enum quiz_atype)99, "1", &v, err, sizeof err) < 0);
}

/* A random value of type t. */
static void rnd_value(enum quiz_atype t, struct quiz_value *v)
{
    memset(v, 0, sizeof *v);
    if ((t == QUIZ_A_ADDR || t == QUIZ_A_PAIR) && rnd() % 5 == 0) {
        v->word = QUIZ_W_FAULT;
    } else if (t == QUIZ_A_HITMISS) {
        v->word = rnd() % 2 ? QUIZ_W_HIT : QUIZ_W_MISS;
    } else if (t == QUIZ_A_LIST || t == QUIZ_A_SET) {
        v->n = rnd() % 4 ? rnd() % 12 : rnd() % (QUIZ_MAX_VALUES + 1);
        for (size_t i = 0; i < v->n; i++)
            v->v[i] = t == QUIZ_A_LIST && rnd() % 6 == 0 ? QUIZ_EMPTY : rnd_num(0);
    } else {
        v->n = t == QUIZ_A_PAIR ? 2 : 1;
        for (size_t i = 0; i < v->n; i++)
            v->v[i] = rnd_num(t != QUIZ_A_NUMBER && rnd() % 8);
        if (t == QUIZ_A_PTR && rnd() % 4 == 0)
            v->v[0] = -1;
    }
}

/* Writes v, then checks the text reads back equal, also without spaces
 * (as the status file keeps a given answer), and that a changed value is
 * not equal. */
static void round_trip(enum quiz_atype t, const struct quiz_value *v)
{
    static struct quiz_value back, other;
    char text[QUIZ_VALUE_TEXT], packed[QUIZ_VALUE_TEXT], err[256] = "";
    size_t k = 0;

    quiz_value_text(t, v, text, sizeof text);
    TEST_MSG(strlen(text) + 1 < sizeof text, text);
    TEST_MSG(quiz_answer_parse(t, text, &back, err, sizeof err) == 0, err);
    TEST_MSG(quiz_value_equal(t, v, &back) && quiz_value_equal(t, &back, v), text);
    for (const char *c = text; *c; c++)
        if (*c != ' ')
            packed[k++] = *c;
    packed[k] = '\0';
    TEST_MSG(quiz_answer_parse(t, packed, &back, err, sizeof err) == 0, err);
    TEST_MSG(quiz_value_equal(t, v, &back), packed);
    other = *v;
    if (v->word != QUIZ_W_NONE) {
        other.word = v->word == QUIZ_W_HIT ? QUIZ_W_MISS : QUIZ_W_NONE;
        other.n = other.word == QUIZ_W_NONE;
    } else if (v->n) {
        size_t i = rnd() % v->n;

        other.v[i] = v->v[i] == QUIZ_EMPTY ? 0 : v->v[i] == INT64_MAX ? 0 : v->v[i] + 1;
    } else {
        other.n = 1;
    }
    TEST_MSG(!quiz_value_equal(t, v, &other) && !quiz_value_equal(t, &other, v), text);
}

/* Order: a SET's does not count, a LIST's does. */
static void reorder(enum quiz_atype t, const struct quiz_value *v)
{
    static struct quiz_value r;
    size_t i, j;

    if (v->n < 2)
        return;
    r = *v;
    i = rnd() % v->n;
    j = (i + 1 + rnd() % (v->n - 1)) % v->n;
    r.v[i] = v->v[j];
    r.v[j] = v->v[i];
    TEST(quiz_value_equal(t, v, &r) == (t == QUIZ_A_SET || v->v[i] == v->v[j]));
}

static void test_round_trips(void)
{
    static struct quiz_value v;

    for (int t = QUIZ_A_ADDR; t <= QUIZ_A_SET; t++) {
        for (int i = 0; i < 700; i++) {
            rnd_value((enum quiz_atype)t, &v);
            round_trip((enum quiz_atype)t, &v);
            reorder((enum quiz_atype)t, &v);
        }
    }
}

static void test_equal_text(void)
{
    static struct quiz_value a, b;
    char buf[QUIZ_VALUE_TEXT];

    a.n = 3, a.v[0] = 1, a.v[1] = 1, a.v[2] = 2;
    b.n = 3, b.v[0] = 1, b.v[1] = 2, b.v[2] = 2;
    TEST(!quiz_value_equal(QUIZ_A_SET, &a, &b)); /* The same numbers, not the same counts. */
    b.v[2] = 1;
    TEST(quiz_value_equal(QUIZ_A_SET, &a, &b) && !quiz_value_equal(QUIZ_A_LIST, &a, &b));
    a.word = b.word = QUIZ_W_FAULT; /* A word: its numbers do not count. */
    b.n = 0;
    TEST(quiz_value_equal(QUIZ_A_ADDR, &a, &b));
    b.word = QUIZ_W_NONE;
    TEST(!quiz_value_equal(QUIZ_A_ADDR, &a, &b));
    a.word = QUIZ_W_NONE, a.n = 1, a.v[0] = -1;
    b.n = 1, b.v[0] = -1;
    TEST(quiz_value_equal(QUIZ_A_PTR, &a, &b));
    a.n = QUIZ_MAX_VALUES + 1; /* A corrupt count is equal to nothing. */
    b.n = QUIZ_MAX_VALUES + 1;
    TEST(!quiz_value_equal(QUIZ_A_LIST, &a, &b));
    a.n = 4, a.v[0] = 100, a.v[1] = 200, a.v[2] = 300, a.v[3] = 400;
    for (size_t len = 1; len < 24; len++) { /* Cut to fit, always ended. */
        memset(buf, 'x', sizeof buf);
        quiz_value_text(QUIZ_A_LIST, &a, buf, len);
        TEST(strlen(buf) < len && strncmp(buf, "[100, 200, 300, 400]", strlen(buf)) == 0);
    }
    TEST(strcmp(quiz_value_text(QUIZ_A_LIST, &a, buf, sizeof buf), "[100, 200, 300, 400]") == 0);
    a.n = 2;
    TEST(strcmp(quiz_value_text(QUIZ_A_PAIR, &a, buf, sizeof buf), "0x64 (100), 0xc8 (200)") == 0);
    a.n = 3; /* Not a pair's shape: written as a list, which a pair refuses. */
    TEST(strcmp(quiz_value_text(QUIZ_A_PAIR, &a, buf, sizeof buf),
                "[0x64 (100), 0xc8 (200), 0x12c (300)]") == 0);
    a.word = QUIZ_W_MISS;
    TEST(strcmp(quiz_value_text(QUIZ_A_HITMISS, &a, buf, sizeof buf), "miss") == 0);
}

/* The test kind: its flags, defaults, and a make that asks -n questions
 * (question i's key is seed + i) and keeps what it was given. */
static const struct opt tflags[] = {
    {"seed", 's', "SEED", "the random seed", NULL, 0},
    {"asize", 'a', "SIZE", "the address space", NULL, 0},
    {"numaddrs", 'n', "N", "how many questions", NULL, 0},
    {"addresses", 'A', "LIST", "a list", NULL, 0},
    {"verbose", 'v', NULL, "a switch", NULL, 0},
    {"solve-not", 0, "X", "long only, and --s is ambiguous", NULL, 0},
    {NULL, 0, NULL, NULL, NULL, 0},
};
static const char *const tdefaults[] = {"0", "16k", "5", "-1", NULL, "x"};
static char tseen[6][64]; /* What make got, "(null)" for NULL. */
static int64_t tasize;
static int treleases;

static int tmake(struct quiz *q, const char *const *val, char *err, size_t errlen)
{
    int64_t seed, n;

    for (int k = 0; k < 6; k++)
        snprintf(tseen[k], sizeof tseen[k], "%s", val[k] ? val[k] : "(null)");
    if (quiz_int("-s", val[0], &seed, err, errlen) < 0 ||
        quiz_size("-a", val[1], &tasize, err, errlen) < 0 ||
        quiz_int("-n", val[2], &n, err, errlen) < 0)
        return -1;
    if (n < 0 || n > 5000) {
        snprintf(err, errlen, "-n: from 0 to 5000");
        return -1;
    }
    q->seed = seed;
    q->u.own.nitems = (size_t)n;
    q->u.own.item_a = malloc(((size_t)n + 1) * sizeof *q->u.own.item_a);
    if (!q->u.own.item_a)
        return -1;
    for (int64_t i = 0; i < n; i++) {
        struct quiz_question *qq = quiz_add(q, (int)i, QUIZ_A_NUMBER, err, errlen,
                                            "question %lld of %lld", (long long)i, (long long)n);

        if (!qq)
            return -1;
        qq->key.n = 1;
        qq->key.v[0] = seed + i;
        quiz_explain(qq, "the seed, %lld,", (long long)seed);
        quiz_explain(qq, "plus %lld", (long long)i);
        q->u.own.item_a[i] = seed + i;
    }
    return 0;
}

static void trelease(struct quiz *q)
{
    treleases++;
    free(q->u.own.item_a);
    q->u.own.item_a = NULL;
}

static void tstate(const struct quiz *q, struct qbuf *b)
{
    qbuf_printf(b, "seed %lld, %zu questions\n", (long long)q->seed, q->nq);
}

static void tostep(const struct quiz *q, int solve, struct qbuf *b)
{
    qbuf_printf(b, "ostep seed %lld solve %d\n", (long long)q->seed, solve);
}

static const struct quiz_kind_def tdef = {"testkind", {"tk", NULL}, "test.py", "a test kind",
                                          tflags,     tdefaults,    tmake,     tostep,
                                          tstate,     trelease};
static const struct quiz_kind_def tdef_own = {"ownkind", {NULL}, NULL, "no script", tflags,
                                              tdefaults, tmake,  NULL, NULL,        trelease};

/* quiz_make_def of kind def on the words of line (split at spaces; "_"
 * stands for an empty word). */
static int tmk(const struct quiz_kind_def *def, const char *line, struct quiz *q, char *err)
{
    static char words[512];
    char *argv[64];
    int argc = 0;

    snprintf(words, sizeof words, "%s", line);
    for (char *w = strtok(words, " "); w && argc < 63; w = strtok(NULL, " "))
        argv[argc++] = strcmp(w, "_") == 0 ? w + 1 : w;
    argv[argc] = NULL;
    err[0] = '\0';
    return quiz_make_def(def, argc, argv, q, err, 256);
}

/* q's canonical flags, joined. */
static const char *args_of(const struct quiz *q)
{
    static char text[512];
    struct qbuf b = {0};

    quiz_args_text(q, &b);
    snprintf(text, sizeof text, "%s", b.s ? b.s : "");
    qbuf_free(&b);
    return text;
}

static void test_make_spellings(void)
{
    static const char *const seed3[] = {"-s 3",     "-s3",         "--seed=3",  "--seed 3",
                                        "--se=3",   "--see 3",     "-s 1 -s 3", "-s 0x3",
                                        "-s 03 --", "--seed=+3 --"};
    struct quiz q;
    char err[256];

    for (size_t i = 0; i < sizeof seed3 / sizeof seed3[0]; i++) {
        TEST_MSG(tmk(&tdef, seed3[i], &q, err) == 0, err);
        TEST_MSG(q.seed == 3 && q.nq == 5 && q.kind == QUIZ_NKINDS && q.def == &tdef, seed3[i]);
        quiz_free(&q);
    }
    TEST(tmk(&tdef, "", &q, err) == 0);
    TEST(strcmp(tseen[0], "0") == 0 && strcmp(tseen[1], "16k") == 0 && strcmp(tseen[2], "5") == 0 &&
         strcmp(tseen[3], "-1") == 0 && strcmp(tseen[4], "(null)") == 0 &&
         strcmp(tseen[5], "x") == 0);
    TEST(strcmp(args_of(&q), "--seed=0 --asize=16k --numaddrs=5 --addresses=-1 --solve-not=x") ==
         0);
    TEST(q.argc == 5 && strcmp(q.argv[4], "--solve-not=x") == 0);
    quiz_free(&q);
    TEST(tmk(&tdef, "-v -a 1m -A 1,2,3 --solve-not y -n 2 -s 7", &q, err) == 0);
    TEST(strcmp(tseen[4], "1") == 0 && tasize == 1048576 && q.nq == 2);
    TEST(strcmp(args_of(&q), "--seed=7 --asize=1m --numaddrs=2 --addresses=1,2,3 --verbose "
                             "--solve-not=y") == 0);
    quiz_free(&q);
    TEST(tmk(&tdef, "-vs 9 -n0", &q, err) == 0 && q.seed == 9 && q.nq == 0 && !q.q);
    TEST(strstr(args_of(&q), "--verbose") != NULL);
    quiz_free(&q);
    TEST(tmk(&tdef, "-s -5", &q, err) == 0 && q.seed == -5 && strcmp(q.argv[0], "--seed=-5") == 0);
    quiz_free(&q);
    TEST(tmk(&tdef, "--seed=-0x5", &q, err) < 0 && strstr(err, "'-0x5' is not an integer"));
    TEST(tmk(&tdef, "--seed=", &q, err) < 0 && strcmp(err, "-s: '' is not an integer") == 0);
}

/* Every refusal leaves q zeroed, with its message. */
static void test_make_refusals(void)
{
    static const struct {
        const char *line, *why;
        int made; /* 1: the flags were read and make refused (and was released). */
    } bad[] = {
        {"--bogus", "unknown option '--bogus'", 0},
        {"-x", "unknown option '-x'", 0},
        {"-s", "--seed needs a value", 0},
        {"--verbose=1", "--verbose takes no value", 0},
        {"--s=3", "option '--s' is ambiguous (--seed, --solve-not)", 0},
        {"3", "unexpected argument '3'", 0},
        {"-s 3 extra", "unexpected argument 'extra'", 0},
        {"-s 3 -- 4", "unexpected argument '4'", 0},
        {"-s x", "-s: 'x' is not an integer", 1},
        {"-a 16q", "-a: '16q' is not a size", 1},
        {"-n -1", "-n: from 0 to 5000", 1},
        {"-n 1001", "more than 1000 questions", 1},
    };
    static const char *const unprintable[] = {"1 2", "1\t2", "a\x01", "caf\xc3\xa9", "\x7f"};
    static struct quiz zero;
    struct quiz q;
    char err[256], *argv[2];

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int before = treleases;

        memset(&q, 0x5a, sizeof q);
        TEST_MSG(tmk(&tdef, bad[i].line, &q, err) < 0, bad[i].line);
        TEST_MSG(strstr(err, bad[i].why) != NULL, err);
        TEST_MSG(memcmp(&q, &zero, sizeof q) == 0, bad[i].line);
        TEST_MSG(treleases == before + bad[i].made,
                 bad[i].line); /* make's half-made quiz released. */
    }
    for (size_t i = 0; i < sizeof unprintable / sizeof unprintable[0]; i++) {
        argv[0] = "-A";
        argv[1] = (char *)unprintable[i];
        memset(&q, 0x5a, sizeof q);
        TEST(quiz_make_def(&tdef, 2, argv, &q, err, sizeof err) < 0);
        TEST_MSG(strcmp(err, "--addresses: a value may hold no spaces or unprintable bytes") == 0,
                 err);
        TEST(memcmp(&q, &zero, sizeof q) == 0);
    }
    TEST(quiz_make((enum quiz_kind)QUIZ_NKINDS, 0, NULL, &q, err, sizeof err) < 0 &&
         memcmp(&q, &zero, sizeof q) == 0);
    TEST(quiz_make((enum quiz_kind) - 1, 0, NULL, &q, err, sizeof err) < 0);
    quiz_free(&zero); /* Safe on a zeroed quiz. */
    TEST(memcmp(&q, &zero, sizeof q) == 0);
}

/* The canonical flags make the same problem; the texts dispatch to the kind. */
static void test_make_canonical(void)
{
    struct quiz q, again;
    struct qbuf b = {0};
    char err[256], line[512];

    for (int i = 0; i < 200; i++) {
        long long seed = (long long)rnd_num(0);
        int n = (int)(rnd() % 20), kib = (int)(rnd() % 64), v = (int)(rnd() % 2);
        int a0 = (int)(rnd() % 9), a1 = (int)(rnd() % 9);

        snprintf(line, sizeof line, "-s %lld -n %d -a %dk%s -A %d,%d", seed, n, kib, v ? " -v" : "",
                 a0, a1);
        TEST_MSG(tmk(&tdef, line, &q, err) == 0, err);
        snprintf(line, sizeof line, "%s", args_of(&q));
        TEST_MSG(tmk(&tdef, line, &again, err) == 0, err);
        TEST_MSG(strcmp(args_of(&again), line) == 0, line);
        TEST(again.seed == q.seed && again.nq == q.nq && again.argc == q.argc);
        for (size_t k = 0; k < q.nq && k < again.nq; k++)
            TEST(quiz_value_equal(QUIZ_A_NUMBER, &q.q[k].key, &again.q[k].key));
        quiz_free(&again);
        quiz_free(&q);
    }
    TEST(tmk(&tdef, "-s 4 -n 2", &q, err) == 0);
    TEST(quiz_ostep_text(&q, 1, &b) == 0 && strcmp(b.s, "ostep seed 4 solve 1\n") == 0);
    quiz_state_text(&q, &b);
    TEST(strcmp(b.s, "ostep seed 4 solve 1\nseed 4, 2 questions\n") == 0);
    qbuf_free(&b);
    TEST(strcmp(q.q[1].prompt, "question 1 of 2") == 0 && q.q[1].step == 1 &&
         q.q[1].type == QUIZ_A_NUMBER && q.q[1].state == QUIZ_OPEN);
    TEST(strcmp(q.q[1].explain, "the seed, 4,\nplus 1") == 0);
    quiz_free(&q);
    TEST(tmk(&tdef_own, "-s 4", &q, err) == 0);
    TEST(quiz_ostep_text(&q, 0, &b) == -1 && b.s == NULL && b.len == 0);
    quiz_state_text(&q, &b); /* No state function: nothing. */
    TEST(b.s == NULL);
    quiz_free(&q);
}

static void test_add_explain(void)
{
    struct quiz q;
    struct quiz_question *qq = NULL;
    char err[256] = "", big[2000];

    memset(&q, 0, sizeof q);
    for (int i = 0; i < QUIZ_MAX_QUESTIONS; i++) {
        qq = quiz_add(&q, i, QUIZ_A_SET, err, sizeof err, "q%d %s", i, "x");
        if (!qq)
            break;
    }
    TEST(qq && q.nq == QUIZ_MAX_QUESTIONS && q.qcap >= q.nq);
    TEST(strcmp(q.q[999].prompt, "q999 x") == 0 && q.q[999].type == QUIZ_A_SET &&
         q.q[0].step == 0 && strcmp(q.q[0].prompt, "q0 x") == 0);
    TEST(quiz_add(&q, 0, QUIZ_A_SET, err, sizeof err, "one more") == NULL &&
         strstr(err, "more than 1000 questions") && q.nq == QUIZ_MAX_QUESTIONS);
    qq = &q.q[0];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    quiz_add(&q, 0, QUIZ_A_ADDR, err, sizeof err, "%s", big);
    quiz_explain(qq, "%.1000s", big);
    TEST(strlen(qq->explain) == 1000);
    quiz_explain(qq, "%s", "bcd"); /* Fits: 1000 + '\n' + 3. */
    TEST(strlen(qq->explain) == 1004 && strcmp(qq->explain + 1000, "\nbcd") == 0);
    quiz_explain(qq, "%s", "0123456789012345678901234567890123456789");
    TEST(strlen(qq->explain) == QUIZ_EXPLAIN - 1 &&
         strcmp(qq->explain + QUIZ_EXPLAIN - 4, "...") == 0 &&
         strncmp(qq->explain + 1004, "\n0123456789", 11) == 0);
    quiz_explain(qq, "more");
    TEST(strlen(qq->explain) == QUIZ_EXPLAIN - 1);
    qq = &q.q[1];
    quiz_explain(qq, "%s", big); /* One line longer than the whole. */
    TEST(strlen(qq->explain) == QUIZ_EXPLAIN - 1 &&
         strcmp(qq->explain + QUIZ_EXPLAIN - 4, "...") == 0);
    quiz_free(&q);
    TEST(q.q == NULL && q.nq == 0 && q.qcap == 0);
}

static void test_grade(void)
{
    struct quiz q;
    char err[256];

    TEST(tmk(&tdef, "-s 10 -n 4", &q, err) == 0);
    TEST(quiz_score(&q) == 0);
    TEST(quiz_grade(&q, 0, "10", err, sizeof err) == 1 && q.q[0].state == QUIZ_RIGHT &&
         q.q[0].given.v[0] == 10);
    TEST(quiz_grade(&q, 1, "0xb", err, sizeof err) == 1);
    TEST(quiz_grade(&q, 2, "13", err, sizeof err) == 0 && q.q[2].state == QUIZ_WRONG &&
         q.q[2].given.n == 1 && q.q[2].given.v[0] == 13);
    TEST(quiz_grade(&q, 3, "c", err, sizeof err) == -1 && q.q[3].state == QUIZ_OPEN &&
         q.q[3].given.n == 0 && strstr(err, "has hex digits"));
    TEST(quiz_grade(&q, 3, "", err, sizeof err) == -1 && strstr(err, "? to see it"));
    TEST(quiz_grade(&q, 4, "1", err, sizeof err) == -1 && strstr(err, "no question 5"));
    TEST(quiz_score(&q) == 2);
    TEST(quiz_grade(&q, 2, "12", err, sizeof err) == 1 && quiz_score(&q) == 3);
    TEST(quiz_grade(&q, 0, "1", err, sizeof err) == 0 && quiz_score(&q) == 2);
    q.q[3].state = QUIZ_SHOWN;
    TEST(quiz_score(&q) == 2);
    quiz_free(&q);
}

static const struct quiz_kind_def *const tdefs[] = {&tdef};

/* Parses sheet text with the test kind. */
static int sheet(const char *text, struct quiz_sheet *s, char *err)
{
    err[0] = '\0';
    return quiz_sheet_parse_defs(text, strlen(text), tdefs, 1, s, err, 256);
}

static void test_sheet_good(void)
{
    struct quiz_sheet s;
    char err[256];
    static const char *const texts[] = {
        "# a comment\nmemtrack quiz testkind -s 3 -n 5 --answers\nname: Alice Liddell\n\n"
        "1: 3\n2. 0x4\n?\n  # skipped\n4:\n  -  \n",
        "# a comment\r\nquiz tk -c -s 3 --worksheet -n 5 --ostep --solve --compute\r\n"
        "NAME:   Alice Liddell  \r\n\r\n3\r\n4 \r\n3: ?\r\n#\r\n4: -\r\n5: -",
    };

    for (size_t i = 0; i < 2; i++) {
        TEST_MSG(sheet(texts[i], &s, err) == 0, err);
        TEST(strcmp(s.name, "Alice Liddell") == 0 && s.quiz.seed == 3 && s.quiz.nq == 5);
        TEST(s.nanswers == 5 && strcmp(s.answers[0], "3") == 0 &&
             strcmp(s.answers[1], i ? "4" : "0x4") == 0 && strcmp(s.answers[2], "") == 0 &&
             strcmp(s.answers[3], "") == 0 && strcmp(s.answers[4], "") == 0);
        TEST(s.lines[0] == 5 && s.lines[1] == 6 && s.lines[2] == 7 && s.lines[3] == 9 &&
             s.lines[4] == 10);
        TEST(quiz_grade(&s.quiz, 0, s.answers[0], err, sizeof err) == 1);
        TEST(quiz_grade(&s.quiz, 1, s.answers[1], err, sizeof err) == 1);
        TEST(quiz_grade(&s.quiz, 2, s.answers[2], err, sizeof err) == -1);
        quiz_sheet_free(&s);
        TEST(s.answers == NULL && s.nanswers == 0 && s.quiz.q == NULL && !s.name[0]);
    }
    TEST(sheet("quiz testkind -n 2\n1 2 3\n", &s, err) == 0 && !s.name[0] &&
         strcmp(s.answers[0], "1 2 3") == 0 && s.nanswers == 1); /* Fewer answers: fine. */
    quiz_sheet_free(&s);
    TEST(sheet("quiz testkind", &s, err) == 0 && s.nanswers == 0 && s.quiz.nq == 5);
    quiz_sheet_free(&s);
    /* A BOM, "N)" numbers, and a number further on skipping two (line 0). */
    TEST_MSG(sheet("\xef\xbb\xbfquiz testkind\r\n1) 3\r\n4) 0x4\r\n5. 2\r\n", &s, err) == 0, err);
    TEST(s.nanswers == 5 && strcmp(s.answers[0], "3") == 0 && strcmp(s.answers[1], "") == 0 &&
         strcmp(s.answers[2], "") == 0 && strcmp(s.answers[3], "0x4") == 0 &&
         strcmp(s.answers[4], "2") == 0);
    TEST(s.lines[0] == 2 && s.lines[1] == 0 && s.lines[2] == 0 && s.lines[3] == 3 &&
         s.lines[4] == 4);
    quiz_sheet_free(&s);
    TEST(quiz_sheet_parse("quiz nosuchkind\n", 16, &s, err, sizeof err) == 1 &&
         strstr(err, "no quiz kind 'nosuchkind'"));
}

static void test_sheet_bad(void)
{
    static const struct {
        const char *text;
        int line;
        const char *why;
    } bad[] = {
        {"", 1, "no 'quiz KIND FLAGS...' line"},
        {"# only\n\n", 3, "no 'quiz KIND"},
        {"hello\n", 1, "the first line must name the quiz"},
        {"quiz\n", 1, "the first line must name the quiz"},
        {"memtrack\n", 1, "the first line must name the quiz"},
        {"\n\nquiz nosuch -s 1\n", 3, "no quiz kind 'nosuch'"},
        {"quiz testkind -s x\n", 1, "quiz testkind: -s: 'x' is not an integer"},
        {"quiz testkind 3\n", 1, "quiz testkind: unexpected argument '3'"},
        {"quiz testkind -n 2\n1\n2\n3\n", 4, "an answer 3, but the quiz has 2 questions"},
        {"quiz testkind -n 1\n1\n2\n", 3, "has 1 question"},
        {"quiz testkind\n1: 1\n2: 2\n2: 3\n", 4, "answer 2 stands where answer 3 should"},
        {"quiz testkind\n0. 1\n", 2, "answer 0 stands where answer 1 should"},
        {"quiz testkind\n1: 1\n6) 2\n", 3, "an answer 6, but the quiz has 5 questions"},
        {"quiz testkind -n 1\n99999: 2\n", 2, "an answer 99999, but the quiz has 1 question"},
        {"\xef\xbb\xbf\xef\xbb\xbfquiz testkind\n", 1, "the first line must name the quiz"},
        {"quiz testkind\nname: a\n# x\nname: b\n", 4, "a second name line"},
        {"quiz testkind\n1\nname: a\n", 3, "before the answers"},
        {"quiz testkind\nname:\n", 2, "a name of 1 to 255 bytes"},
        {"quiz testkind\nname:    \n", 2, "a name of 1 to 255 bytes"},
        {"quiz testkind\n1\n2\n\n\n1\n2\n7\n8\n", 9, "an answer 6, but the quiz has 5"},
    };
    static char text[8192];
    struct quiz_sheet s;
    static struct quiz_sheet zero;
    char err[256];

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(&s, 0x5a, sizeof s);
        TEST_MSG(sheet(bad[i].text, &s, err) == bad[i].line, bad[i].text);
        TEST_MSG(strstr(err, bad[i].why) != NULL, err);
        TEST(memcmp(&s, &zero, sizeof s) == 0);
    }
    snprintf(text, sizeof text, "quiz testkind\nname: %0255d\n", 7); /* The longest name. */
    TEST(sheet(text, &s, err) == 0 && strlen(s.name) == 255);
    quiz_sheet_free(&s);
    snprintf(text, sizeof text, "quiz testkind\nname: %0256d\n", 7);
    TEST(sheet(text, &s, err) == 2 && strstr(err, "1 to 255 bytes"));
    snprintf(text, sizeof text, "quiz testkind\n1\n%06143d\n", 0); /* The longest line. */
    TEST(sheet(text, &s, err) == 0 && s.nanswers == 2 && strlen(s.answers[1]) == 6143);
    quiz_sheet_free(&s);
    snprintf(text, sizeof text, "quiz testkind\n1\n%06144d\n", 0);
    TEST(sheet(text, &s, err) == 3 && strstr(err, "longer than 6143 bytes"));
    memcpy(text, "quiz testkind\n1\n2\0\n", 19); /* A NUL inside the text. */
    TEST(quiz_sheet_parse_defs(text, 19, tdefs, 1, &s, err, sizeof err) == 3 && strstr(err, "NUL"));
    TEST(quiz_sheet_parse_defs(text, 16, tdefs, 1, &s, err, sizeof err) == 0 &&
         s.nanswers == 1); /* len counts, not the NUL. */
    quiz_sheet_free(&s);
    TEST(quiz_sheet_parse_defs(text, 17, tdefs, 1, &s, err, sizeof err) == 0 && s.nanswers == 2 &&
         strcmp(s.answers[1], "2") == 0); /* No newline at the end. */
    quiz_sheet_free(&s);
    text[0] = '\0';
    for (int i = 0; i < 80; i++) /* More words on the quiz line than any flags need. */
        strcat(text, "-v ");
    memmove(text + 14, text, strlen(text) + 1);
    memcpy(text, "quiz testkind ", 14);
    TEST(sheet(text, &s, err) == 1 && strstr(err, "more than 68 words"));
}

static void test_kinds(void)
{
    static const struct {
        const char *name;
        enum quiz_kind kind;
    } names[] = {
        {"linear", QUIZ_TRANSLATE},
        {"paging", QUIZ_TRANSLATE},
        {"multi", QUIZ_MULTILEVEL},
        {"segmentation", QUIZ_SEGMENT},
        {"freespace", QUIZ_MALLOC},
        {"free", QUIZ_MALLOC},
        {"replace", QUIZ_POLICY},
        {"paging-policy", QUIZ_POLICY},
        {"paging-linear-translate.py", QUIZ_TRANSLATE},
        {"paging-linear-translate", QUIZ_TRANSLATE},
        {"paging-multilevel-translate", QUIZ_MULTILEVEL},
        {"segmentation.py", QUIZ_SEGMENT},
        {"malloc.py", QUIZ_MALLOC},
        {"paging-policy.py", QUIZ_POLICY},
    };
    enum quiz_kind k;

    for (int i = 0; i < QUIZ_NKINDS; i++) {
        const char *name = quiz_kind_name((enum quiz_kind)i);

        TEST(name && quiz_kind_from_name(name, &k) == 0 && k == (enum quiz_kind)i);
        TEST(quiz_kind_summary((enum quiz_kind)i) && quiz_kind_flags((enum quiz_kind)i));
        TEST((quiz_kind_script((enum quiz_kind)i) != NULL) == (i < QUIZ_FRAG));
    }
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        TEST_MSG(quiz_kind_from_name(names[i].name, &k) == 0 && k == names[i].kind, names[i].name);
    k = QUIZ_EXAM;
    TEST(quiz_kind_from_name("Translate", &k) < 0 && quiz_kind_from_name("", &k) < 0 &&
         quiz_kind_from_name("trans", &k) < 0 && quiz_kind_from_name("paging-linear", &k) < 0 &&
         quiz_kind_from_name("malloc.p", &k) < 0 && quiz_kind_from_name(".py", &k) < 0 &&
         k == QUIZ_EXAM);
    TEST(strcmp(quiz_kind_name(QUIZ_TRANSLATE), "translate") == 0 &&
         strcmp(quiz_kind_name(QUIZ_EXAM), "exam") == 0);
    TEST(quiz_kind_name(QUIZ_NKINDS) == NULL && quiz_kind_script(QUIZ_NKINDS) == NULL &&
         quiz_kind_summary(QUIZ_NKINDS) == NULL && quiz_kind_flags(QUIZ_NKINDS) == NULL);
    TEST(quiz_def_find(tdefs, 1, "tk") == &tdef && quiz_def_find(tdefs, 1, "translate") == NULL);
}

static void test_qbuf(void)
{
    struct qbuf b = {0};
    size_t want = 0;

    qbuf_printf(&b, "%s", "");
    TEST(b.s && b.len == 0 && b.s[0] == '\0');
    for (int i = 0; i < 5000; i++) {
        qbuf_printf(&b, "%d,", i);
        want += (size_t)snprintf(NULL, 0, "%d,", i);
    }
    TEST(b.len == want && strlen(b.s) == want && !b.failed && b.cap > b.len);
    TEST(strncmp(b.s, "0,1,2,", 6) == 0 && strcmp(b.s + want - 5, "4999,") == 0);
    qbuf_free(&b);
    TEST(b.s == NULL && b.len == 0 && b.cap == 0);
    b.failed = 1; /* After a failure nothing more is appended. */
    qbuf_printf(&b, "x");
    TEST(b.s == NULL && b.len == 0);
}

int main(void)
{
    test_numbers();
    test_forms();
    test_list_limits();
    test_round_trips();
    test_equal_text();
    test_make_spellings();
    test_make_refusals();
    test_make_canonical();
    test_add_explain();
    test_grade();
    test_sheet_good();
    test_sheet_bad();
    test_kinds();
    test_qbuf();
    return TEST_DONE();
}
