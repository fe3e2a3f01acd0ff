/* test_note_num.c: unit tests for notes (note.c) and numbers (num.c).
 *
 * Drives them through their public headers only: the what/why of a note,
 * appending to it, ranges of numbers, and parsing and printing sizes and
 * durations. Every expected text is worked out by hand next to it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "note.h"
#include "num.h"
#include "test.h"

#define ERRLEN 256

/* ------------------------------------------------------------------------ */
/* note.c */

static void test_note_text(void)
{
    struct note n;
    char big[1000];
    size_t len;

    note_clear(&n);
    TEST(n.what[0] == '\0');
    TEST(n.why[0] == '\0');

    note_what(&n, "alloc %d bytes", 5000);
    TEST(strcmp(n.what, "alloc 5000 bytes") == 0);
    TEST(n.why[0] == '\0');
    note_why(&n, "frames %s", "0-1");
    TEST(strcmp(n.why, "frames 0-1") == 0);
    TEST(strcmp(n.what, "alloc 5000 bytes") == 0);

    /* Each call replaces, never appends. */
    note_what(&n, "x");
    TEST(strcmp(n.what, "x") == 0);
    note_why(&n, "%s", "");
    TEST(n.why[0] == '\0');

    /* Control bytes become spaces. */
    note_what(&n, "a\tb\nc\rd%ce", 1);
    TEST(strcmp(n.what, "a b c d e") == 0);
    note_why(&n, "line\none");
    TEST(strcmp(n.why, "line one") == 0);

    /* Exactly NOTE_MAX - 1 characters fit whole. */
    memset(big, 'y', sizeof big);
    big[NOTE_MAX - 1] = '\0';
    note_what(&n, "%s", big);
    TEST(strlen(n.what) == NOTE_MAX - 1);
    TEST(strchr(n.what, '.') == NULL);

    /* Longer text is cut, ends in "...", stays terminated inside NOTE_MAX. */
    memset(big, 'x', sizeof big);
    big[sizeof big - 1] = '\0';
    note_what(&n, "%s", big);
    len = strlen(n.what);
    TEST(len < NOTE_MAX);
    TEST(len > NOTE_MAX / 2);
    TEST(len >= 3 && strcmp(n.what + len - 3, "...") == 0);
    TEST(strncmp(n.what, "xxxxxxxxxx", 10) == 0);
    note_why(&n, "why: %s", big);
    len = strlen(n.why);
    TEST(len < NOTE_MAX);
    TEST(len >= 3 && strcmp(n.why + len - 3, "...") == 0);
    TEST(strncmp(n.why, "why: xxx", 8) == 0);
}

static void test_note_append(void)
{
    char buf[16] = "ab";
    size_t len;

    TEST(note_append(buf, sizeof buf, "cd%d", 1) == 0);
    TEST(strcmp(buf, "abcd1") == 0);
    TEST(note_append(buf, sizeof buf, "%s", "") == 0);
    TEST(strcmp(buf, "abcd1") == 0);

    /* 5 + 30 characters do not fit in 15. */
    TEST(note_append(buf, sizeof buf, "%s", "123456789012345678901234567890") < 0);
    len = strlen(buf);
    TEST(len < sizeof buf);
    TEST(len >= 3 && strcmp(buf + len - 3, "...") == 0);
    TEST(strncmp(buf, "abcd1", 5) == 0);
}

static void test_ranges(void)
{
    char buf[64];
    struct ranges r;
    static const uint64_t vals[] = {0, 1, 2, 5, 9, 10, 11};
    size_t i;

    ranges_init(&r, buf, sizeof buf, 10);
    TEST(buf[0] == '\0');
    for (i = 0; i < sizeof vals / sizeof vals[0]; i++)
        ranges_add(&r, vals[i]);
    ranges_end(&r);
    TEST_MSG(strcmp(buf, "0-2, 5, 9-11") == 0, buf);

    /* Only two ranges written, the third summarised. */
    ranges_init(&r, buf, sizeof buf, 2);
    for (i = 0; i < sizeof vals / sizeof vals[0]; i++)
        ranges_add(&r, vals[i]);
    ranges_end(&r);
    TEST_MSG(strncmp(buf, "0-2, 5", 6) == 0, buf);
    TEST_MSG(strstr(buf, "more") != NULL, buf);
    TEST_MSG(strstr(buf, "9") == NULL, buf);

    /* Nothing fed: no number (the wording of "nothing" is free). */
    ranges_init(&r, buf, sizeof buf, 3);
    ranges_end(&r);
    TEST_MSG(strpbrk(buf, "0123456789") == NULL, buf);

    /* A single value and a pair; 64-bit values. */
    ranges_init(&r, buf, sizeof buf, 3);
    ranges_add(&r, 7);
    ranges_end(&r);
    TEST_MSG(strcmp(buf, "7") == 0, buf);
    ranges_init(&r, buf, sizeof buf, 3);
    ranges_add(&r, 3);
    ranges_add(&r, 4);
    ranges_add(&r, UINT64_C(4294967296));
    ranges_end(&r);
    TEST_MSG(strcmp(buf, "3-4, 4294967296") == 0, buf);

    /* A tiny buffer stays terminated within its capacity. */
    {
        char tiny[8];

        memset(tiny, 'z', sizeof tiny);
        ranges_init(&r, tiny, sizeof tiny, 10);
        for (i = 0; i < 20; i += 2)
            ranges_add(&r, 1000 + i);
        ranges_end(&r);
        TEST(memchr(tiny, '\0', sizeof tiny) != NULL);
    }
}

/* ------------------------------------------------------------------------ */
/* num.c */

/* Returns 1 when num_parse(s, flags, min, max) succeeds with want. */
static int parses(const char *s, int flags, uint64_t min, uint64_t max, uint64_t want)
{
    uint64_t v = 12345;
    char err[ERRLEN] = "";

    if (num_parse(s, flags, min, max, &v, err, sizeof err) != 0) {
        fprintf(stderr, "  num_parse(\"%s\") failed: %s\n", s, err);
        return 0;
    }
    return v == want;
}

/* Returns 1 when num_parse(s, ...) fails, leaves *out alone and says why. */
static int rejects(const char *s, int flags, uint64_t min, uint64_t max)
{
    uint64_t v = 12345;
    char err[ERRLEN] = "";

    if (num_parse(s, flags, min, max, &v, err, sizeof err) != -1) {
        fprintf(stderr, "  num_parse(\"%s\") accepted %llu\n", s, (unsigned long long)v);
        return 0;
    }
    return v == 12345 && err[0] != '\0';
}

static void test_num_parse(void)
{
    const int all = NUM_HEX | NUM_SUFFIX;

    TEST(parses("10", NUM_PLAIN, 0, 100, 10));
    TEST(parses("0", NUM_PLAIN, 0, 100, 0));
    TEST(parses("100", NUM_PLAIN, 0, 100, 100));
    TEST(parses("1", NUM_PLAIN, 1, 100, 1));
    TEST(parses("18446744073709551615", NUM_PLAIN, 0, UINT64_MAX, UINT64_MAX));

    /* Hexadecimal with NUM_HEX only. */
    TEST(parses("0x1f", NUM_HEX, 0, UINT64_MAX, 31));
    TEST(parses("0x10", all, 0, UINT64_MAX, 16));
    TEST(parses("0xffffffffffffffff", NUM_HEX, 0, UINT64_MAX, UINT64_MAX));
    TEST(rejects("0x1f", NUM_PLAIN, 0, UINT64_MAX));
    TEST(rejects("0x1f", NUM_SUFFIX, 0, UINT64_MAX));
    TEST(rejects("0x", NUM_HEX, 0, UINT64_MAX));
    TEST(rejects("0x1g", NUM_HEX, 0, UINT64_MAX));
    TEST(rejects("0x10000000000000000", NUM_HEX, 0, UINT64_MAX));

    /* K, M, G suffixes with NUM_SUFFIX only. */
    TEST(parses("4K", NUM_SUFFIX, 0, UINT64_MAX, 4096));
    TEST(parses("2M", NUM_SUFFIX, 0, UINT64_MAX, 2097152));
    TEST(parses("1G", NUM_SUFFIX, 0, UINT64_MAX, 1073741824));
    TEST(parses("16777216G", NUM_SUFFIX, 0, UINT64_MAX, UINT64_C(1) << 54));
    TEST(parses("4K", all, 0, UINT64_MAX, 4096));
    TEST(parses("512", NUM_SUFFIX, 0, UINT64_MAX, 512));
    TEST(rejects("4K", NUM_PLAIN, 0, UINT64_MAX));
    TEST(rejects("4K", NUM_HEX, 0, UINT64_MAX));
    TEST(rejects("1G", NUM_PLAIN, 0, UINT64_MAX));
    TEST(rejects("K", NUM_SUFFIX, 0, UINT64_MAX));
    TEST(rejects("4KK", NUM_SUFFIX, 0, UINT64_MAX));
    TEST(rejects("4T", NUM_SUFFIX, 0, UINT64_MAX));
    /* 2^34 G = 2^64 overflows. */
    TEST(rejects("17179869184G", NUM_SUFFIX, 0, UINT64_MAX));
    /* 4K = 4096 is past a max of 4000. */
    TEST(rejects("4K", NUM_SUFFIX, 0, 4000));

    /* Not numbers, signs, spaces, empty, overflow. */
    TEST(rejects("", NUM_PLAIN, 0, UINT64_MAX));
    TEST(rejects("", all, 0, UINT64_MAX));
    TEST(rejects("-1", NUM_PLAIN, 0, UINT64_MAX));
    TEST(rejects("-1", all, 0, UINT64_MAX));
    TEST(rejects("+1", NUM_PLAIN, 0, UINT64_MAX));
    TEST(rejects(" 1", NUM_PLAIN, 0, UINT64_MAX));
    TEST(rejects("1 ", NUM_PLAIN, 0, UINT64_MAX));
    TEST(rejects("1 ", all, 0, UINT64_MAX));
    TEST(rejects("abc", NUM_PLAIN, 0, UINT64_MAX));
    TEST(rejects("abc", all, 0, UINT64_MAX));
    TEST(rejects("12abc", NUM_PLAIN, 0, UINT64_MAX));
    TEST(rejects("12abc", all, 0, UINT64_MAX));
    TEST(rejects("1.5", NUM_PLAIN, 0, UINT64_MAX));
    TEST(rejects("99999999999999999999999", NUM_PLAIN, 0, UINT64_MAX));
    TEST(rejects("18446744073709551616", NUM_PLAIN, 0, UINT64_MAX));

    /* Outside [min, max]. */
    TEST(rejects("5", NUM_PLAIN, 10, 100));
    TEST(rejects("0", NUM_PLAIN, 1, 100));
    TEST(rejects("101", NUM_PLAIN, 10, 100));
    TEST(rejects("4194305", NUM_PLAIN, 1, 4194304));
    TEST(parses("4194304", NUM_PLAIN, 1, 4194304, 4194304));
}

/* Returns 1 when num_parse_ms(s, max) succeeds with want milliseconds. */
static int parses_ms(const char *s, uint64_t max, uint64_t want)
{
    uint64_t v = 12345;
    char err[ERRLEN] = "";

    if (num_parse_ms(s, max, &v, err, sizeof err) != 0) {
        fprintf(stderr, "  num_parse_ms(\"%s\") failed: %s\n", s, err);
        return 0;
    }
    return v == want;
}

/* Returns 1 when num_parse_ms(s, max) fails, leaves *out alone, says why. */
static int rejects_ms(const char *s, uint64_t max)
{
    uint64_t v = 12345;
    char err[ERRLEN] = "";

    if (num_parse_ms(s, max, &v, err, sizeof err) != -1)
        return 0;
    return v == 12345 && err[0] != '\0';
}

static void test_num_ms(void)
{
    TEST(parses_ms("2", 60000, 2000));
    TEST(parses_ms("0", 60000, 0));
    TEST(parses_ms("0.5", 60000, 500));
    TEST(parses_ms("1.25", 60000, 1250));
    TEST(parses_ms("1.125", 60000, 1125));
    TEST(parses_ms("0.001", 60000, 1));
    TEST(parses_ms("60", 60000, 60000));

    TEST(rejects_ms("1.2345", 60000));
    TEST(rejects_ms("-1", 60000));
    TEST(rejects_ms("+1", 60000));
    TEST(rejects_ms("abc", 60000));
    TEST(rejects_ms(".", 60000));
    TEST(rejects_ms("", 60000));
    TEST(rejects_ms("1.2.3", 60000));
    TEST(rejects_ms(" 1", 60000));
    TEST(rejects_ms("60.001", 60000));
    TEST(rejects_ms("61", 60000));
    TEST(rejects_ms("99999999999999999999999", 60000));
    /* Seconds whose milliseconds pass 2^64 (18446744073709551616) are far
     * above the max; they must not wrap around to a small value. */
    TEST(rejects_ms("18446744073709552", 60000));
    TEST(rejects_ms("18446744073709559", 60000));
    TEST(rejects_ms("18446744073709551616", UINT64_MAX));
}

static void test_num_bytes(void)
{
    char buf[64];
    char tiny[4];

    TEST(num_bytes(4096, buf, sizeof buf) == buf);
    TEST_MSG(strchr(buf, '4') != NULL, buf);
    num_bytes(0, buf, sizeof buf);
    TEST(buf[0] != '\0');
    num_bytes(512, buf, sizeof buf);
    TEST_MSG(strstr(buf, "512") != NULL, buf);
    num_bytes(65536, buf, sizeof buf);
    TEST_MSG(strstr(buf, "64") != NULL, buf);
    num_bytes(UINT64_MAX, buf, sizeof buf);
    TEST(buf[0] != '\0' && strlen(buf) < sizeof buf);
    memset(tiny, 'z', sizeof tiny);
    num_bytes(UINT64_C(1) << 40, tiny, sizeof tiny);
    TEST(memchr(tiny, '\0', sizeof tiny) != NULL);
}

int main(void)
{
    test_note_text();
    test_note_append();
    test_ranges();
    test_num_parse();
    test_num_ms();
    test_num_bytes();

    return TEST_DONE();
}
