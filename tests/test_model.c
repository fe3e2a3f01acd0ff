/* test_model.c: unit tests for the memory model in common/.
 *
 * Drives note.c, num.c, paging.c and segment.c through their public headers
 * only. Every expected number is worked out by hand in the comment next to
 * it; every state the tests build is also run through pg_check / seg_check.
 * Failed actions are checked to change nothing by comparing a deep copy of
 * the state taken before them. The tests run under AddressSanitizer, so each
 * struct paging is released with pg_free.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "note.h"
#include "num.h"
#include "paging.h"
#include "segment.h"
#include "test.h"

#define ERRLEN 256

/* Checks pg's invariants, naming the caller's line and pg_check's reason. */
#define PG_OK(pg)                                                                                  \
    do {                                                                                           \
        char e_[ERRLEN] = "";                                                                      \
        TEST_MSG(pg_check((pg), e_, sizeof e_) == 0, e_);                                          \
    } while (0)

/* Checks that pg breaks an invariant and that pg_check says what. */
#define PG_BAD(pg)                                                                                 \
    do {                                                                                           \
        char e_[ERRLEN] = "";                                                                      \
        TEST(pg_check((pg), e_, sizeof e_) < 0);                                                   \
        TEST(e_[0] != '\0');                                                                       \
    } while (0)

/* Checks sm's invariants, naming the caller's line and seg_check's reason. */
#define SEG_OK(sm)                                                                                 \
    do {                                                                                           \
        char e_[ERRLEN] = "";                                                                      \
        TEST_MSG(seg_check((sm), e_, sizeof e_) == 0, e_);                                         \
    } while (0)

/* Checks that sm breaks an invariant. */
#define SEG_BAD(sm)                                                                                \
    do {                                                                                           \
        char e_[ERRLEN] = "";                                                                      \
        TEST(seg_check((sm), e_, sizeof e_) < 0);                                                  \
        TEST(e_[0] != '\0');                                                                       \
    } while (0)

/* Returns 1 when a and b are within a millionth of each other. */
static int near(double a, double b)
{
    double d = a - b;

    return d < 1e-6 && d > -1e-6;
}

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

/* ------------------------------------------------------------------------ */
/* paging.c: helpers */

/* Makes pg with pg_init, counting a failure. Returns 1 when pg is usable. */
static int pg_make(struct paging *pg, uint64_t nframes, uint64_t page_size, enum pg_policy policy,
                   uint64_t seed)
{
    char err[ERRLEN] = "";
    int rc;

    memset(pg, 0, sizeof *pg);
    rc = pg_init(pg, nframes, page_size, policy, seed, err, sizeof err);
    TEST_MSG(rc == 0, err);
    return rc == 0;
}

/* pg_alloc with a throwaway note; returns what pg_alloc returns. */
static int alloc(struct paging *pg, int64_t pid, uint64_t bytes)
{
    struct note n;
    int rc;

    note_clear(&n);
    rc = pg_alloc(pg, pid, bytes, &n);
    if (n.what[0] == '\0')
        return -2; /* Every alloc must say what happened. */
    return rc;
}

/* pg_release with a throwaway note. */
static int release(struct paging *pg, int64_t pid)
{
    struct note n;
    int rc;

    note_clear(&n);
    rc = pg_release(pg, pid, &n);
    if (n.what[0] == '\0')
        return -2;
    return rc;
}

/* Returns 1 when pid holds exactly n pages, page i in frame want[i], and the
 * frame table agrees. */
static int frames_are(const struct paging *pg, int64_t pid, const uint32_t *want, uint32_t n)
{
    const struct pg_process *p = pg_find(pg, pid);
    uint32_t i;

    if (!p || p->npages != n)
        return 0;
    for (i = 0; i < n; i++) {
        if (p->frames[i] != want[i] || want[i] >= pg->nframes)
            return 0;
        if (pg->frames[want[i]].pid != pid || pg->frames[want[i]].page != i)
            return 0;
    }
    return 1;
}

/* Returns 1 when every page of pid sits in an in-range frame that names pid
 * and that page back (so no frame holds two pages). */
static int owns_its_frames(const struct paging *pg, int64_t pid)
{
    const struct pg_process *p = pg_find(pg, pid);
    uint32_t i, f;

    if (!p)
        return 0;
    for (i = 0; i < p->npages; i++) {
        f = p->frames[i];
        if (f >= pg->nframes || pg->frames[f].pid != pid || pg->frames[f].page != i)
            return 0;
    }
    return 1;
}

/* Deep-copies pg's state into s (free with snap_free). Returns 0 or -1. */
static int snap_take(const struct paging *pg, struct paging *s)
{
    size_t i;

    size_t nw = (pg->nframes + 63) / 64 + 1, nb = (pg->nframes + 4095) / 4096 + 1;

    *s = *pg;
    s->frames = malloc((pg->nframes ? pg->nframes : 1) * sizeof *s->frames);
    s->procs = calloc(pg->nprocs ? pg->nprocs : 1, sizeof *s->procs);
    s->used = calloc(nw, sizeof *s->used);
    s->blockfree = calloc(nb, sizeof *s->blockfree);
    s->scratch = s->stamp = NULL; /* Not compared: scratch is 0, stamps only grow. */
    if (!s->frames || !s->procs || !s->used || !s->blockfree)
        return -1;
    memcpy(s->frames, pg->frames, pg->nframes * sizeof *s->frames);
    if (pg->used) {
        memcpy(s->used, pg->used, (nw - 1) * sizeof *s->used);
        memcpy(s->blockfree, pg->blockfree, (nb - 1) * sizeof *s->blockfree);
    }
    for (i = 0; i < pg->nprocs; i++) {
        s->procs[i] = pg->procs[i];
        s->procs[i].frames = malloc((pg->procs[i].npages + 1) * sizeof(uint32_t));
        if (!s->procs[i].frames)
            return -1;
        memcpy(s->procs[i].frames, pg->procs[i].frames, pg->procs[i].npages * sizeof(uint32_t));
    }
    return 0;
}

static void snap_free(struct paging *s)
{
    size_t i;

    for (i = 0; s->procs && i < s->nprocs; i++)
        free(s->procs[i].frames);
    free(s->procs);
    free(s->frames);
    free(s->used);
    free(s->blockfree);
    memset(s, 0, sizeof *s);
}

/* Returns 1 when a and b hold the same settings, generator, frames and
 * processes (capacities aside). */
static int pg_same(const struct paging *a, const struct paging *b)
{
    size_t i;

    if (a->nframes != b->nframes || a->page_size != b->page_size || a->policy != b->policy ||
        a->seed != b->seed || a->rng != b->rng || a->nfree != b->nfree || a->nprocs != b->nprocs)
        return 0;
    if (memcmp(a->frames, b->frames, a->nframes * sizeof *a->frames) != 0)
        return 0;
    /* The frame bitmap and the free counts per block go with the frames. */
    if (memcmp(a->used, b->used, (a->nframes + 63) / 64 * sizeof *a->used) != 0 ||
        memcmp(a->blockfree, b->blockfree, (a->nframes + 4095) / 4096 * sizeof *a->blockfree))
        return 0;
    for (i = 0; i < a->nprocs; i++) {
        const struct pg_process *p = &a->procs[i], *q = &b->procs[i];

        if (p->pid != q->pid || p->bytes != q->bytes || p->npages != q->npages)
            return 0;
        if (memcmp(p->frames, q->frames, p->npages * sizeof(uint32_t)) != 0)
            return 0;
    }
    return 1;
}

/* ------------------------------------------------------------------------ */
/* paging.c: tests */

static void test_pg_settings(void)
{
    char err[ERRLEN];
    struct paging pg;
    enum pg_policy pol = PG_RANDOM;

    TEST(pg_check_settings(1, 16, err, sizeof err) == 0);
    TEST(pg_check_settings(4194304, 1073741824, err, sizeof err) == 0);
    TEST(pg_check_settings(64, 4096, err, sizeof err) == 0);
    TEST(pg_check_settings(100, 32, err, sizeof err) == 0);

    err[0] = '\0';
    TEST(pg_check_settings(0, 4096, err, sizeof err) < 0);
    TEST(err[0] != '\0');
    err[0] = '\0';
    TEST(pg_check_settings(4194305, 4096, err, sizeof err) < 0);
    TEST(err[0] != '\0');
    TEST(pg_check_settings(UINT64_MAX, 4096, err, sizeof err) < 0);
    TEST(pg_check_settings(64, 0, err, sizeof err) < 0);
    TEST(pg_check_settings(64, 8, err, sizeof err) < 0);
    TEST(pg_check_settings(64, 15, err, sizeof err) < 0);
    TEST(pg_check_settings(64, 24, err, sizeof err) < 0);
    TEST(pg_check_settings(64, 4097, err, sizeof err) < 0);
    TEST(pg_check_settings(64, UINT64_C(1) << 31, err, sizeof err) < 0);
    TEST(pg_check_settings(64, UINT64_C(1) << 63, err, sizeof err) < 0);

    /* pg_init rejects the same and leaves *pg alone. */
    memset(&pg, 0, sizeof pg);
    pg.nframes = 77;
    pg.page_size = 99;
    err[0] = '\0';
    TEST(pg_init(&pg, 0, 4096, PG_FIRST, 0, err, sizeof err) < 0);
    TEST(err[0] != '\0');
    TEST(pg_init(&pg, 4194305, 4096, PG_FIRST, 0, err, sizeof err) < 0);
    TEST(pg_init(&pg, 64, 0, PG_FIRST, 0, err, sizeof err) < 0);
    TEST(pg_init(&pg, 64, 15, PG_FIRST, 0, err, sizeof err) < 0);
    TEST(pg_init(&pg, 64, 24, PG_FIRST, 0, err, sizeof err) < 0);
    TEST(pg_init(&pg, 64, UINT64_C(1) << 31, PG_FIRST, 0, err, sizeof err) < 0);
    TEST(pg.nframes == 77 && pg.page_size == 99 && pg.frames == NULL && pg.procs == NULL);

    /* A good one: empty, everything free. */
    if (pg_make(&pg, 8, 4096, PG_RANDOM, 42)) {
        uint32_t i, owned = 0;

        TEST(pg.nframes == 8);
        TEST(pg.page_size == 4096);
        TEST(pg.policy == PG_RANDOM);
        TEST(pg.seed == 42);
        TEST(pg.nfree == 8);
        TEST(pg.nprocs == 0);
        for (i = 0; i < 8; i++)
            owned += pg.frames[i].pid != 0;
        TEST(owned == 0);
        TEST(pg_total_internal_frag(&pg) == 0);
        TEST(pg_find(&pg, 1) == NULL);
        PG_OK(&pg);
    }
    pg_free(&pg);
    TEST(pg.frames == NULL && pg.procs == NULL && pg.nprocs == 0);
    pg_free(&pg); /* Safe on a zeroed struct. */

    TEST(pg_policy_parse("first", &pol) == 0 && pol == PG_FIRST);
    TEST(pg_policy_parse("random", &pol) == 0 && pol == PG_RANDOM);
    TEST(pg_policy_parse("best", &pol) < 0);
    TEST(pg_policy_parse("", &pol) < 0);
    TEST(strcmp(pg_policy_name(PG_FIRST), "first") == 0);
    TEST(strcmp(pg_policy_name(PG_RANDOM), "random") == 0);
}

static void test_pg_bad_args(void)
{
    struct paging pg, before;

    if (!pg_make(&pg, 8, 16, PG_FIRST, 0))
        return;
    TEST(alloc(&pg, 3, 20) == 0); /* 2 pages in frames 0, 1. */
    TEST(snap_take(&pg, &before) == 0);

    TEST(alloc(&pg, 0, 16) == -1);
    TEST(alloc(&pg, -1, 16) == -1);
    TEST(alloc(&pg, INT64_C(2147483648), 16) == -1);
    TEST(alloc(&pg, INT64_MIN, 16) == -1);
    TEST(alloc(&pg, 5, 0) == -1);
    TEST(alloc(&pg, 3, 0) == -1);
    /* Far too large: also must not overflow the page count. */
    TEST(alloc(&pg, 5, UINT64_MAX) == -1);
    TEST(alloc(&pg, 5, PG_MAX_BYTES + 1) == -1);
    /* 20 + (2^64 - 6) wraps to 14 in 64 bits: still too much. */
    TEST(alloc(&pg, 3, UINT64_MAX - 5) == -1);
    TEST(alloc(&pg, 3, PG_MAX_BYTES) == -1);
    TEST(pg_same(&pg, &before));
    PG_OK(&pg);

    TEST(release(&pg, 0) == -1);
    TEST(release(&pg, 4) == -1);
    TEST(release(&pg, -3) == -1);
    TEST(pg_same(&pg, &before));

    /* The largest pid is fine. */
    TEST(alloc(&pg, PG_MAX_PID, 16) == 0);
    TEST(pg_find(&pg, PG_MAX_PID) != NULL);
    PG_OK(&pg);
    snap_free(&before);
    pg_free(&pg);
}

static void test_pg_grow(void)
{
    struct paging pg;
    const struct pg_process *p;

    if (!pg_make(&pg, 8, 4096, PG_FIRST, 0))
        return;

    /* 5000 bytes: ceil(5000 / 4096) = 2 pages, frames 0 and 1. */
    TEST(alloc(&pg, 1, 5000) == 0);
    p = pg_find(&pg, 1);
    TEST(p && p->bytes == 5000 && p->npages == 2);
    TEST(frames_are(&pg, 1, (const uint32_t[]){0, 1}, 2));
    TEST(pg.nfree == 6);
    TEST(p && pg_internal_frag(&pg, p) == 8192 - 5000);
    PG_OK(&pg);

    /* +1000 = 6000 bytes still fits in 2 pages: no new frame. */
    TEST(alloc(&pg, 1, 1000) == 0);
    p = pg_find(&pg, 1);
    TEST(p && p->bytes == 6000 && p->npages == 2);
    TEST(pg.nfree == 6);
    TEST(pg.frames[2].pid == 0);
    TEST(p && pg_internal_frag(&pg, p) == 2192);
    PG_OK(&pg);

    /* +4000 = 10000 bytes: 3 pages, the new one in frame 2. */
    TEST(alloc(&pg, 1, 4000) == 0);
    p = pg_find(&pg, 1);
    TEST(p && p->bytes == 10000 && p->npages == 3);
    TEST(frames_are(&pg, 1, (const uint32_t[]){0, 1, 2}, 3));
    TEST(pg.nfree == 5);
    TEST(p && pg_internal_frag(&pg, p) == 12288 - 10000);
    PG_OK(&pg);

    /* A whole page has no slack; one more byte takes a new page. */
    TEST(alloc(&pg, 2, 4096) == 0);
    p = pg_find(&pg, 2);
    TEST(p && p->npages == 1 && pg_internal_frag(&pg, p) == 0);
    TEST(frames_are(&pg, 2, (const uint32_t[]){3}, 1));
    TEST(alloc(&pg, 2, 1) == 0);
    p = pg_find(&pg, 2);
    TEST(p && p->bytes == 4097 && p->npages == 2 && pg_internal_frag(&pg, p) == 4095);
    TEST(frames_are(&pg, 2, (const uint32_t[]){3, 4}, 2));
    PG_OK(&pg);

    /* Growing pid 1 again after pid 2 took frames 3-4: pages go to 5, 6.
     * 10000 + 8000 = 18000 bytes = 5 pages (20480), frag 2480. */
    TEST(alloc(&pg, 1, 8000) == 0);
    TEST(frames_are(&pg, 1, (const uint32_t[]){0, 1, 2, 5, 6}, 5));
    TEST(pg.nfree == 1);
    /* Total: 2480 + 4095. */
    TEST(pg_total_internal_frag(&pg) == 2480 + 4095);
    PG_OK(&pg);
    pg_free(&pg);
}

static void test_pg_first_fit(void)
{
    struct paging pg;
    const struct pg_process *p;

    if (!pg_make(&pg, 8, 16, PG_FIRST, 0))
        return;
    TEST(alloc(&pg, 1, 32) == 0); /* frames 0-1 */
    TEST(alloc(&pg, 2, 48) == 0); /* frames 2-4 */
    TEST(alloc(&pg, 3, 1) == 0);  /* frame 5, 15 bytes slack */
    TEST(frames_are(&pg, 2, (const uint32_t[]){2, 3, 4}, 3));
    TEST(frames_are(&pg, 3, (const uint32_t[]){5}, 1));
    TEST(pg.nfree == 2);
    TEST(pg_total_internal_frag(&pg) == 15);
    PG_OK(&pg);

    /* Release pid 2: frames 2-4 free again. */
    TEST(release(&pg, 2) == 0);
    TEST(pg_find(&pg, 2) == NULL);
    TEST(pg.nfree == 5);
    TEST(pg.frames[2].pid == 0 && pg.frames[3].pid == 0 && pg.frames[4].pid == 0);
    TEST(pg.frames[5].pid == 3);
    TEST(pg.nprocs == 2);
    TEST(release(&pg, 2) == -1);
    PG_OK(&pg);

    /* 4 pages take the lowest free frames 2, 3, 4, 6. */
    TEST(alloc(&pg, 4, 64) == 0);
    TEST(frames_are(&pg, 4, (const uint32_t[]){2, 3, 4, 6}, 4));
    TEST(pg.nfree == 1);
    PG_OK(&pg);

    /* Processes stay sorted by pid whatever the order they came in. */
    TEST(release(&pg, 1) == 0); /* frees 0, 1 */
    TEST(alloc(&pg, 9, 16) == 0);
    TEST(alloc(&pg, 7, 16) == 0);
    TEST(alloc(&pg, 8, 16) == 0);
    TEST(frames_are(&pg, 9, (const uint32_t[]){0}, 1));
    TEST(frames_are(&pg, 7, (const uint32_t[]){1}, 1));
    TEST(frames_are(&pg, 8, (const uint32_t[]){7}, 1));
    TEST(pg.nprocs == 5);
    if (pg.nprocs == 5) {
        TEST(pg.procs[0].pid == 3 && pg.procs[1].pid == 4 && pg.procs[2].pid == 7);
        TEST(pg.procs[3].pid == 8 && pg.procs[4].pid == 9);
    }
    TEST(pg.nfree == 0);
    p = pg_find(&pg, 4);
    TEST(p && p->bytes == 64 && pg_internal_frag(&pg, p) == 0);
    PG_OK(&pg);
    pg_free(&pg);
}

static void test_pg_full(void)
{
    struct paging pg, before;
    const struct pg_process *p;
    struct note n;

    if (!pg_make(&pg, 4, 16, PG_FIRST, 0))
        return;
    TEST(alloc(&pg, 1, 48) == 0); /* frames 0-2 */
    TEST(snap_take(&pg, &before) == 0);

    /* 2 pages wanted, 1 free. */
    note_clear(&n);
    TEST(pg_alloc(&pg, 2, 32, &n) == -1);
    TEST(n.what[0] != '\0');
    TEST(pg_find(&pg, 2) == NULL);
    TEST(pg_same(&pg, &before));

    /* Growing pid 1 by 17 bytes: 65 bytes = 5 pages, 2 more, 1 free. */
    TEST(alloc(&pg, 1, 17) == -1);
    p = pg_find(&pg, 1);
    TEST(p && p->bytes == 48 && p->npages == 3);
    TEST(pg.nfree == 1);
    TEST(pg_same(&pg, &before));
    PG_OK(&pg);
    snap_free(&before);

    /* Exactly the last frame. */
    TEST(alloc(&pg, 1, 16) == 0);
    TEST(frames_are(&pg, 1, (const uint32_t[]){0, 1, 2, 3}, 4));
    TEST(pg.nfree == 0);
    TEST(alloc(&pg, 1, 1) == -1);
    TEST(alloc(&pg, 2, 1) == -1);
    p = pg_find(&pg, 1);
    TEST(p && p->bytes == 64 && p->npages == 4);
    PG_OK(&pg);
    pg_free(&pg);

    /* With no frame free, growth inside the last page's slack still works. */
    if (!pg_make(&pg, 2, 16, PG_FIRST, 0))
        return;
    TEST(alloc(&pg, 1, 20) == 0); /* 2 pages, 12 bytes slack */
    TEST(pg.nfree == 0);
    TEST(alloc(&pg, 1, 12) == 0);
    p = pg_find(&pg, 1);
    TEST(p && p->bytes == 32 && p->npages == 2 && pg_internal_frag(&pg, p) == 0);
    TEST(alloc(&pg, 1, 1) == -1);
    p = pg_find(&pg, 1);
    TEST(p && p->bytes == 32 && p->npages == 2);
    PG_OK(&pg);
    pg_free(&pg);
}

static void test_pg_translate(void)
{
    struct paging pg;
    struct pg_xlate x;
    struct note n;

    if (!pg_make(&pg, 8, 4096, PG_FIRST, 0))
        return;
    TEST(alloc(&pg, 2, 4096) == 0); /* frame 0 */
    TEST(alloc(&pg, 1, 5000) == 0); /* frames 1, 2 */
    TEST(frames_are(&pg, 1, (const uint32_t[]){1, 2}, 2));

    /* Address 0: page 0, offset 0, frame 1, physical 4096. */
    memset(&x, 0, sizeof x);
    note_clear(&n);
    TEST(pg_translate(&pg, 1, 0, 0, &x, &n) == 0);
    TEST(x.page == 0 && x.offset == 0 && x.frame == 1 && x.physical == 4096);
    TEST(n.what[0] != '\0');

    /* 4095: last byte of page 0 -> 1 * 4096 + 4095 = 8191. */
    TEST(pg_translate(&pg, 1, 4095, 0, &x, &n) == 0);
    TEST(x.page == 0 && x.offset == 4095 && x.frame == 1 && x.physical == 8191);

    /* 4096: page 1 offset 0 in frame 2 -> 8192. */
    TEST(pg_translate(&pg, 1, 4096, 0, &x, &n) == 0);
    TEST(x.page == 1 && x.offset == 0 && x.frame == 2 && x.physical == 8192);

    /* 4999, the last byte asked for: page 1, offset 903 -> 8192 + 903 = 9095. */
    TEST(pg_translate(&pg, 1, 4999, 0, &x, &n) == 0);
    TEST(x.page == 1 && x.offset == 903 && x.frame == 2 && x.physical == 9095 && !x.unused);
    TEST(strstr(n.what, "unused") == NULL && strstr(n.why, "internal fragmentation") == NULL);

    /* Validity is per page, as the hardware's valid bit: 5000, the first byte
     * P1 did not ask for, is in its valid last page, so it translates, to
     * 8192 + 904 = 9096, and the note says it is internal fragmentation. */
    note_clear(&n);
    TEST(pg_translate(&pg, 1, 5000, 0, &x, &n) == 0);
    TEST(x.page == 1 && x.offset == 904 && x.frame == 2 && x.physical == 9096 && x.unused);
    TEST(strstr(n.what, "-> physical 9096, in the unused end of its last page") != NULL);
    TEST(strstr(n.why, "internal fragmentation") != NULL);
    TEST(strstr(n.why, "asked for 5000 B (addresses 0-4999)") != NULL);
    /* 8191, the last byte of the last page: offset 4095 -> 8192 + 4095 = 12287. */
    TEST(pg_translate(&pg, 1, 8191, 0, &x, &n) == 0);
    TEST(x.page == 1 && x.offset == 4095 && x.frame == 2 && x.physical == 12287 && x.unused);

    /* 8192, the first byte past the last page: page 2 does not exist, -1 and
     * *x untouched. */
    memset(&x, 0x5a, sizeof x);
    note_clear(&n);
    TEST(pg_translate(&pg, 1, 8192, 0, &x, &n) == -1);
    TEST(x.page == UINT64_C(0x5a5a5a5a5a5a5a5a) && x.frame == 0x5a5a5a5au);
    TEST(strstr(n.what, "invalid address 8192 for P1: page 2 is past its last page (page 1)") !=
         NULL);
    TEST(strstr(n.why, "page = 8192 / 4096 = 2, but P1 has pages 0-1 (addresses 0-8191)") != NULL);
    TEST(pg_translate(&pg, 1, UINT64_MAX, 0, &x, &n) == -1);

    /* Pid 2: frame 0, so physical == logical. */
    TEST(pg_translate(&pg, 2, 4095, 0, &x, &n) == 0);
    TEST(x.page == 0 && x.offset == 4095 && x.frame == 0 && x.physical == 4095 && !x.unused);
    TEST(pg_translate(&pg, 2, 4096, 0, &x, &n) == -1);
    TEST(strstr(n.why, "P2 has only page 0 (addresses 0-4095)") != NULL);

    /* Unknown or invalid pids. */
    note_clear(&n);
    TEST(pg_translate(&pg, 3, 0, 0, &x, &n) == -1);
    TEST(n.what[0] != '\0');
    TEST(pg_translate(&pg, 0, 0, 0, &x, &n) == -1);
    TEST(pg_translate(&pg, -1, 0, 0, &x, &n) == -1);

    /* After growing pid 1 by 4000 (9000 bytes, 3 pages, frame 3):
     * 5000 -> page 1 offset 904 -> 9096; 8999 -> page 2 offset 807 in frame 3 -> 13095. */
    TEST(alloc(&pg, 1, 4000) == 0);
    TEST(pg_translate(&pg, 1, 5000, 0, &x, &n) == 0);
    TEST(x.page == 1 && x.offset == 904 && x.physical == 9096 && !x.unused);
    TEST(pg_translate(&pg, 1, 8999, 0, &x, &n) == 0);
    TEST(x.page == 2 && x.offset == 807 && x.frame == 3 && x.physical == 3 * 4096 + 807);
    TEST(!x.unused);
    /* 9000 is now the first unused byte: page 2 offset 808 -> 3 * 4096 + 808. */
    TEST(pg_translate(&pg, 1, 9000, 0, &x, &n) == 0);
    TEST(x.page == 2 && x.offset == 808 && x.physical == 3 * 4096 + 808 && x.unused);
    TEST(pg_translate(&pg, 1, 12287, 0, &x, &n) == 0 && x.unused && x.physical == 16383);
    TEST(pg_translate(&pg, 1, 12288, 0, &x, &n) == -1);
    PG_OK(&pg);
    pg_free(&pg);
}

/* Asked in hex, the answer comes in hex, split the hardware's way: a shift
 * and a mask, and the frame bits put back in front of the offset bits. */
static void test_pg_translate_hex(void)
{
    struct paging pg;
    struct pg_xlate x;
    struct note n;

    if (!pg_make(&pg, 16, 4096, PG_FIRST, 0))
        return;
    TEST(alloc(&pg, 2, 4096) == 0);  /* frame 0 */
    TEST(alloc(&pg, 1, 10000) == 0); /* frames 1-3 */
    /* 0x1388 = 5000: page 1, offset 0x388 = 904, frame 2 -> 0x2388 = 9096. */
    TEST(pg_translate(&pg, 1, 0x1388, 1, &x, &n) == 0);
    TEST(x.page == 1 && x.offset == 0x388 && x.frame == 2 && x.physical == 0x2388);
    TEST(strcmp(n.what, "P1 logical 0x1388 -> page 0x1, offset 0x388 -> frame 0x2 -> physical "
                        "0x2388 (9096)") == 0);
    TEST(strcmp(n.why, "page = 0x1388 >> 12 = 0x1, offset = 0x1388 & 0xfff = 0x388; page 0x1 is "
                       "in frame 0x2, so physical = 0x2 << 12 | 0x388 = 0x2388") == 0);
    /* The same address in decimal: the same numbers, divided. */
    TEST(pg_translate(&pg, 1, 5000, 0, &x, &n) == 0 && x.physical == 9096);
    TEST(strcmp(n.what, "P1 logical 5000 -> page 1, offset 904 -> frame 2 -> physical 9096") == 0);
    TEST(strstr(n.why, "page = 5000 / 4096 = 1, offset = 5000 % 4096 = 904") == n.why);
    /* 0x2710 = 10000, the first unused byte of page 2 (frame 3): 0x3710. */
    TEST(pg_translate(&pg, 1, 0x2710, 1, &x, &n) == 0 && x.unused && x.physical == 0x3710);
    TEST(strstr(n.what, "-> physical 0x3710 (14096), in the unused end of its last page") != NULL);
    TEST(strstr(n.why, "asked for 10000 B (addresses 0x0-0x270f)") != NULL);
    /* 0x3000 = 12288, past the last page. */
    TEST(pg_translate(&pg, 1, 0x3000, 1, &x, &n) == -1);
    TEST(strcmp(n.what, "invalid address 0x3000 for P1: page 0x3 is past its last page (page "
                        "0x2)") == 0);
    TEST(strstr(n.why, "page = 0x3000 >> 12 = 0x3, but P1 has pages 0x0-0x2 (addresses "
                       "0x0-0x2fff)") == n.why);
    PG_OK(&pg);
    pg_free(&pg);
}

/* The split of an address into page (or frame) bits and offset bits. */
static void test_pg_split(void)
{
    char buf[200];

    TEST(strcmp(pg_split(4096, 5000, "page", buf, sizeof buf),
                "0x1388 = 0b1 | 001110001000 = page 0x1 | offset 0x388") == 0);
    TEST(strcmp(pg_split(4096, 0x2388, "frame", buf, sizeof buf),
                "0x2388 = 0b10 | 001110001000 = frame 0x2 | offset 0x388") == 0);
    /* Page 0: one 0 bit before the bar; the offset keeps all its k bits. */
    TEST(strcmp(pg_split(16, 3, "page", buf, sizeof buf),
                "0x3 = 0b0 | 0011 = page 0x0 | offset 0x3") == 0);
    /* The largest: 2^52 - 1 in pages of 2^30: 22 page bits, 30 offset bits. */
    TEST(strcmp(pg_split(PG_MAX_PAGE_SIZE, PG_MAX_BYTES - 1, "page", buf, sizeof buf),
                "0xfffffffffffff = 0b1111111111111111111111 | 111111111111111111111111111111 = "
                "page 0x3fffff | offset 0x3fffffff") == 0);
    /* Not a power of two (memtrack refuses such page sizes, but the split
     * says what it would be): a division, no bits. */
    TEST(strcmp(pg_split(4000, 5000, "page", buf, sizeof buf),
                "0x1388 = 1 * 4000 + 1000 = page 0x1 | offset 0x3e8 (a division)") == 0);
    TEST(strcmp(pg_split_rule(4096, buf, sizeof buf),
                "pages of 4096 = 2^12 B: offset = the low 12 bits, page = the bits above") == 0);
    TEST(strstr(pg_split_rule(4000, buf, sizeof buf), "not a power of two") != NULL);
    TEST(strstr(buf, "division") != NULL);
    /* A short buffer is cut, still a string. */
    TEST(strlen(pg_split(4096, 5000, "page", buf, 10)) < 10);
    buf[0] = 'x';
    TEST(pg_split(4096, 5000, "page", buf, 0) == buf && buf[0] == 'x');
    TEST(num_is_hex("0x1388") && num_is_hex("0X1") && !num_is_hex("0x") && !num_is_hex("5000") &&
         !num_is_hex("0") && !num_is_hex(""));
}

static void test_pg_huge(void)
{
    struct paging pg;
    struct pg_xlate x;
    struct note n;
    const struct pg_process *p;

    /* The largest memory: 2^22 frames of 1 GiB = 2^52 bytes. */
    if (!pg_make(&pg, PG_MAX_FRAMES, PG_MAX_PAGE_SIZE, PG_FIRST, 0))
        return;
    TEST(alloc(&pg, 1, PG_MAX_BYTES) == 0);
    p = pg_find(&pg, 1);
    TEST(p && p->npages == PG_MAX_FRAMES && p->bytes == PG_MAX_BYTES);
    TEST(pg.nfree == 0);
    TEST(pg_total_internal_frag(&pg) == 0);
    TEST(pg_translate(&pg, 1, PG_MAX_BYTES - 1, 0, &x, &n) == 0);
    TEST(x.page == PG_MAX_FRAMES - 1 && x.offset == PG_MAX_PAGE_SIZE - 1);
    TEST(x.frame == PG_MAX_FRAMES - 1 && x.physical == PG_MAX_BYTES - 1);
    TEST(pg_translate(&pg, 1, PG_MAX_BYTES, 0, &x, &n) == -1);
    TEST(alloc(&pg, 2, 1) == -1);
    /* More for a process that has the most there is: said truly, not "a
     * size must be from 1 to 0 bytes in all". */
    TEST(pg_alloc(&pg, 1, 1, &n) == -1);
    TEST_MSG(strstr(n.what, "from 1 to 0") == NULL, n.what);
    TEST_MSG(strstr(n.what, "it already has 4503599627370496 B, the most one process may have"),
             n.what);
    PG_OK(&pg);
    TEST(release(&pg, 1) == 0);
    TEST(pg.nfree == PG_MAX_FRAMES);
    TEST(alloc(&pg, 1, PG_MAX_BYTES - 10) == 0);
    TEST(pg_alloc(&pg, 1, 11, &n) == -1);
    TEST_MSG(strstr(n.what, "it has 4503599627370486 B and a process may have at most "
                            "4503599627370496 B in all, so at most 10 more"),
             n.what);
    TEST(alloc(&pg, 1, 10) == 0);
    pg_free(&pg);
}

/* The same random run: allocs, a release, growth. Returns 1 when each step
 * did what was asked. */
static int random_run(struct paging *pg, uint64_t seed)
{
    int ok = 1;

    if (!pg_make(pg, 1024, 16, PG_RANDOM, seed))
        return 0;
    ok &= alloc(pg, 1, 512 * 16) == 0;
    ok &= alloc(pg, 2, 100 * 16 - 5) == 0;
    ok &= release(pg, 1) == 0;
    ok &= alloc(pg, 3, 300 * 16) == 0;
    ok &= alloc(pg, 2, 50 * 16) == 0; /* 100 -> 150 pages */
    ok &= pg->nfree == 1024 - 150 - 300;
    ok &= owns_its_frames(pg, 2) && owns_its_frames(pg, 3);
    return ok;
}

static void test_pg_random(void)
{
    struct paging a, b;
    const struct pg_process *p, *q;
    uint32_t first[32], i;
    int ordered = 1;

    /* Same seed, same operations: the same frames. */
    TEST(random_run(&a, 2024));
    TEST(random_run(&b, 2024));
    PG_OK(&a);
    TEST(pg_same(&a, &b));
    p = pg_find(&a, 3);
    TEST(p && p->npages == 300);
    pg_free(&a);
    pg_free(&b);

    /* Different seeds: 512 of 1024 frames chosen alike is negligible. */
    memset(&b, 0, sizeof b);
    if (pg_make(&a, 1024, 16, PG_RANDOM, 1) && pg_make(&b, 1024, 16, PG_RANDOM, 2)) {
        TEST(alloc(&a, 1, 512 * 16) == 0);
        TEST(alloc(&b, 1, 512 * 16) == 0);
        p = pg_find(&a, 1);
        q = pg_find(&b, 1);
        TEST(p && q && p->npages == 512 && q->npages == 512);
        if (p && q && p->npages == 512 && q->npages == 512) {
            TEST(memcmp(p->frames, q->frames, 512 * sizeof(uint32_t)) != 0);
            /* Not simply the lowest frames in order (as first would be). */
            for (i = 0; i < 512; i++)
                ordered &= p->frames[i] == i;
            TEST(!ordered);
        }
        TEST(owns_its_frames(&a, 1) && owns_its_frames(&b, 1));
        TEST(a.nfree == 512 && b.nfree == 512);
        PG_OK(&a);
        PG_OK(&b);
    }
    pg_free(&a);
    pg_free(&b);

    /* The generator goes on between allocations: after a release, the same
     * request draws other frames (8 of 1024 alike again is negligible). */
    if (pg_make(&a, 1024, 16, PG_RANDOM, 5)) {
        TEST(alloc(&a, 1, 8 * 16) == 0);
        p = pg_find(&a, 1);
        if (p && p->npages == 8)
            memcpy(first, p->frames, 8 * sizeof(uint32_t));
        TEST(release(&a, 1) == 0);
        TEST(alloc(&a, 1, 8 * 16) == 0);
        p = pg_find(&a, 1);
        TEST(p && p->npages == 8 && memcmp(first, p->frames, 8 * sizeof(uint32_t)) != 0);
        TEST(owns_its_frames(&a, 1));
        PG_OK(&a);
    }
    pg_free(&a);

    /* Random fills everything; the last page gets the last free frame. */
    if (pg_make(&a, 16, 16, PG_RANDOM, 99)) {
        uint32_t seen = 0, last = 0;

        struct paging before;

        TEST(alloc(&a, 1, 15 * 16) == 0);
        TEST(a.nfree == 1);
        /* Two pages with one frame free: refused, generator untouched. */
        TEST(snap_take(&a, &before) == 0);
        TEST(alloc(&a, 2, 2 * 16) == -1);
        TEST(alloc(&a, 1, 17) == -1);
        TEST(pg_same(&a, &before));
        snap_free(&before);
        for (i = 0; i < 16; i++)
            if (a.frames[i].pid == 0) {
                last = i;
                seen++;
            }
        TEST(seen == 1);
        TEST(alloc(&a, 2, 1) == 0);
        TEST(frames_are(&a, 2, (const uint32_t[]){last}, 1));
        TEST(a.nfree == 0);
        TEST(alloc(&a, 3, 1) == -1);
        TEST(owns_its_frames(&a, 1));
        PG_OK(&a);
    }
    pg_free(&a);

    /* pg_set_policy(PG_RANDOM, seed) restarts the generator from seed, so it
     * matches a fresh pg_init with that seed. */
    memset(&b, 0, sizeof b);
    if (pg_make(&a, 64, 16, PG_FIRST, 0) && pg_make(&b, 64, 16, PG_RANDOM, 7)) {
        struct note n;

        TEST(alloc(&b, 1, 32 * 16) == 0);
        TEST(pg_set_policy(&a, PG_RANDOM, 7, &n) == 0);
        TEST(a.policy == PG_RANDOM && a.seed == 7);
        TEST(alloc(&a, 1, 32 * 16) == 0);
        p = pg_find(&a, 1);
        q = pg_find(&b, 1);
        TEST(p && q && p->npages == 32 && q->npages == 32);
        if (p && q && p->npages == 32 && q->npages == 32) {
            TEST(memcmp(p->frames, q->frames, 32 * sizeof(uint32_t)) == 0);
            memcpy(first, p->frames, sizeof first);
        }
        /* Again after a release and a second set_policy: same frames. */
        TEST(release(&a, 1) == 0);
        TEST(pg_set_policy(&a, PG_RANDOM, 7, &n) == 0);
        TEST(alloc(&a, 1, 32 * 16) == 0);
        TEST(frames_are(&a, 1, first, 32));
        PG_OK(&a);

        /* pg_reset keeps policy and seed and restarts the generator. */
        TEST(alloc(&a, 2, 5 * 16) == 0);
        TEST(pg_reset(&a, 64, 16, &n) == 0);
        TEST(a.policy == PG_RANDOM && a.seed == 7 && a.nprocs == 0 && a.nfree == 64);
        TEST(alloc(&a, 1, 32 * 16) == 0);
        TEST(frames_are(&a, 1, first, 32));
        PG_OK(&a);

        /* Back to first: lowest free frames. */
        TEST(pg_set_policy(&a, PG_FIRST, 0, &n) == 0);
        TEST(a.policy == PG_FIRST);
        TEST(release(&a, 1) == 0);
        TEST(alloc(&a, 5, 40) == 0);
        TEST(frames_are(&a, 5, (const uint32_t[]){0, 1, 2}, 3));
        PG_OK(&a);
    }
    pg_free(&a);
    pg_free(&b);
}

static void test_pg_reset(void)
{
    struct paging pg, before;
    struct note n;

    if (!pg_make(&pg, 8, 16, PG_FIRST, 0))
        return;
    TEST(alloc(&pg, 1, 40) == 0);
    TEST(alloc(&pg, 2, 16) == 0);
    TEST(snap_take(&pg, &before) == 0);

    note_clear(&n);
    TEST(pg_reset(&pg, 0, 16, &n) == -1);
    TEST(n.what[0] != '\0');
    TEST(pg_reset(&pg, 4194305, 16, &n) == -1);
    TEST(pg_reset(&pg, 8, 24, &n) == -1);
    TEST(pg_reset(&pg, 8, 8, &n) == -1);
    TEST(pg_reset(&pg, 8, UINT64_C(1) << 31, &n) == -1);
    TEST(pg_same(&pg, &before));
    TEST(pg_find(&pg, 1) != NULL && pg_find(&pg, 2) != NULL);
    PG_OK(&pg);
    snap_free(&before);

    TEST(pg_reset(&pg, 16, 32, &n) == 0);
    TEST(pg.nframes == 16 && pg.page_size == 32 && pg.nfree == 16 && pg.nprocs == 0);
    TEST(pg_find(&pg, 1) == NULL);
    TEST(pg.policy == PG_FIRST);
    TEST(pg.frames[15].pid == 0);
    TEST(pg_total_internal_frag(&pg) == 0);
    PG_OK(&pg);

    /* 40 bytes of 32-byte pages: 2 pages, frag 24. */
    TEST(alloc(&pg, 1, 40) == 0);
    TEST(frames_are(&pg, 1, (const uint32_t[]){0, 1}, 2));
    TEST(pg_total_internal_frag(&pg) == 24);
    PG_OK(&pg);
    pg_free(&pg);
}

static void test_pg_restore(void)
{
    struct paging pg, before;
    char err[ERRLEN];
    struct pg_xlate x;
    struct note n;
    const struct pg_process *p;
    int rc;

    if (!pg_make(&pg, 8, 16, PG_FIRST, 0))
        return;

    /* Pid 1: 40 bytes = 3 pages, mapped to frames 5, 6 then 0. */
    TEST(pg_restore_process(&pg, 1, 40, 3, err, sizeof err) == 0);
    p = pg_find(&pg, 1);
    TEST(p && p->bytes == 40 && p->npages == 3);
    PG_BAD(&pg); /* Pages not mapped yet. */
    TEST(pg_restore_map(&pg, 5, 2, 1, 0, err, sizeof err) == 0);
    PG_BAD(&pg); /* Page 2 still unmapped. */
    TEST(pg_restore_map(&pg, 0, 1, 1, 2, err, sizeof err) == 0);
    PG_OK(&pg);
    TEST(frames_are(&pg, 1, (const uint32_t[]){5, 6, 0}, 3));
    TEST(pg.nfree == 5);

    /* Pid 2: 16 bytes, 1 page. */
    err[0] = '\0';
    TEST(pg_restore_map(&pg, 1, 1, 2, 0, err, sizeof err) == -1); /* no pid 2 yet */
    TEST(err[0] != '\0');
    TEST(pg_restore_process(&pg, 2, 16, 1, err, sizeof err) == 0);
    TEST(snap_take(&pg, &before) == 0);
    err[0] = '\0';
    TEST(pg_restore_map(&pg, 6, 1, 2, 0, err, sizeof err) == -1); /* frame 6 taken */
    TEST(err[0] != '\0');
    TEST(pg_restore_map(&pg, 8, 1, 2, 0, err, sizeof err) == -1); /* no frame 8 */
    TEST(pg_restore_map(&pg, 7, 2, 2, 0, err, sizeof err) == -1); /* frames 7-8 */
    TEST(pg_restore_map(&pg, UINT64_MAX, 2, 2, 0, err, sizeof err) == -1);
    TEST(pg_restore_map(&pg, 7, 1, 2, 1, err, sizeof err) == -1);   /* no page 1 */
    TEST(pg_restore_map(&pg, 1, 1, 1, 0, err, sizeof err) == -1);   /* page 0 mapped */
    TEST(pg_restore_map(&pg, 3, 2, 1, 2, err, sizeof err) == -1);   /* pages 2-3 */
    TEST(pg_restore_map(&pg, 1, 1, 9, 0, err, sizeof err) == -1);   /* no pid 9 */
    TEST(pg_restore_process(&pg, 2, 16, 1, err, sizeof err) == -1); /* duplicate */
    TEST(pg_restore_process(&pg, 0, 16, 1, err, sizeof err) == -1);
    TEST(pg_restore_process(&pg, -3, 16, 1, err, sizeof err) == -1);
    TEST(pg_restore_process(&pg, INT64_C(2147483648), 16, 1, err, sizeof err) == -1);
    TEST(pg_same(&pg, &before));
    snap_free(&before);
    TEST(pg_restore_map(&pg, 7, 1, 2, 0, err, sizeof err) == 0);
    PG_OK(&pg);
    TEST(pg.nfree == 4);

    /* Restored out of pid order: still sorted. */
    TEST(pg_restore_process(&pg, 4, 20, 2, err, sizeof err) == 0);
    TEST(pg_restore_process(&pg, 3, 16, 1, err, sizeof err) == 0);
    TEST(pg_restore_map(&pg, 1, 1, 3, 0, err, sizeof err) == 0);
    TEST(pg_restore_map(&pg, 3, 2, 4, 0, err, sizeof err) == 0);
    PG_OK(&pg);
    TEST(pg.nprocs == 4);
    if (pg.nprocs == 4)
        TEST(pg.procs[0].pid == 1 && pg.procs[1].pid == 2 && pg.procs[2].pid == 3 &&
             pg.procs[3].pid == 4);
    TEST(pg.nfree == 1);
    /* Pid 4: 20 bytes in 2 pages, frag 12. */
    TEST(pg_total_internal_frag(&pg) == 8 + 0 + 0 + 12);

    TEST_MSG(pg_restore_end(&pg, err, sizeof err) == 0, err);
    PG_OK(&pg);

    /* The restored state works like any other: translate, alloc, release.
     * Pid 1 address 33: page 2 offset 1 in frame 0 -> physical 1. */
    TEST(pg_translate(&pg, 1, 33, 0, &x, &n) == 0);
    TEST(x.page == 2 && x.offset == 1 && x.frame == 0 && x.physical == 1);
    /* 40 bytes in 3 pages of 16: 40-47 are the unused end, 48 is past it. */
    TEST(pg_translate(&pg, 1, 40, 0, &x, &n) == 0 && x.unused && x.physical == 8);
    TEST(pg_translate(&pg, 1, 48, 0, &x, &n) == -1);
    TEST(alloc(&pg, 5, 16) == 0);
    TEST(frames_are(&pg, 5, (const uint32_t[]){2}, 1));
    TEST(pg.nfree == 0);
    TEST(release(&pg, 1) == 0);
    TEST(pg.nfree == 3 && pg.frames[5].pid == 0 && pg.frames[0].pid == 0);
    PG_OK(&pg);
    pg_free(&pg);

    /* A page count that does not match the bytes is caught, by
     * pg_restore_process or by pg_check once mapped. */
    if (pg_make(&pg, 8, 16, PG_FIRST, 0)) {
        rc = pg_restore_process(&pg, 1, 40, 2, err, sizeof err);
        if (rc == 0)
            (void)pg_restore_map(&pg, 0, 2, 1, 0, err, sizeof err);
        TEST(rc < 0 || pg_check(&pg, err, sizeof err) < 0);
    }
    pg_free(&pg);
}

/* Restoring many processes named in no order, and frames mapped in no
 * order: every pid is found (through the restore's hash table), a page
 * mapped twice is refused at the map that does it, an unmapped page is
 * named by pg_restore_end, and a process restored after maps started is
 * found too. */
static void test_pg_restore_many(void)
{
    enum { NP = 300, NF = 1024 };
    struct paging pg;
    char err[ERRLEN];
    int32_t pids[NP];
    uint32_t order[NF];
    uint64_t x = 12345;
    int found = 0, absent = 0, mapped = 0;

    if (!pg_make(&pg, NF, 16, PG_RANDOM, 0))
        return;
    for (int i = 0; i < NP; i++)
        pids[i] = 7 * i + 3;
    for (int i = NP - 1; i > 0; i--) { /* Fisher-Yates with an LCG. */
        int j;
        int32_t t;
        x = x * 6364136223846793005u + 1442695040888963407u;
        j = (int)((x >> 33) % (uint64_t)(i + 1));
        t = pids[i];
        pids[i] = pids[j];
        pids[j] = t;
    }
    for (int i = 0; i < NP; i++)
        TEST(pg_restore_process(&pg, pids[i], 48, 3, err, sizeof err) == 0);
    for (int i = 0; i < NP; i++) {
        const struct pg_process *p = pg_find(&pg, 7 * i + 3);
        found += p && p->pid == 7 * i + 3;
        absent += pg_find(&pg, 7 * i + 4) == NULL;
    }
    TEST(found == NP && absent == NP);
    TEST(pg_find(&pg, 0) == NULL && pg_find(&pg, 2) == NULL && pg_find(&pg, 7 * NP + 3) == NULL);
    if (pg.nprocs != NP)
        goto out;
    for (int i = 1; i < NP; i++)
        TEST(pg.procs[i - 1].pid < pg.procs[i].pid);

    /* Pages 0 and 1 of every process to scattered frames. */
    for (uint32_t f = 0; f < NF; f++)
        order[f] = f;
    for (uint32_t f = NF - 1; f > 0; f--) {
        uint32_t j, t;
        x = x * 6364136223846793005u + 1442695040888963407u;
        j = (uint32_t)((x >> 33) % (f + 1));
        t = order[f];
        order[f] = order[j];
        order[j] = t;
    }
    for (int i = 0; i < NP; i++)
        for (uint64_t page = 0; page < 2; page++)
            mapped +=
                pg_restore_map(&pg, order[2 * i + page], 1, 7 * i + 3, page, err, sizeof err) == 0;
    TEST(mapped == 2 * NP);
    err[0] = '\0';
    TEST(pg_restore_map(&pg, order[2 * NP], 1, 10, 1, err, sizeof err) == -1);
    TEST_MSG(strstr(err, "page 1 of P10 is already in frame") != NULL, err);
    TEST(pg_restore_map(&pg, order[2 * NP], 1, 11, 0, err, sizeof err) == -1);
    TEST_MSG(strstr(err, "not listed") != NULL, err);
    TEST(pg.nfree == NF - 2 * NP);

    /* A process added now is found by the next map. */
    TEST(pg_restore_process(&pg, 11, 16, 1, err, sizeof err) == 0);
    TEST(pg_restore_map(&pg, order[2 * NP], 1, 11, 0, err, sizeof err) == 0);
    TEST(pg_restore_map(&pg, order[2 * NP + 1], 1, 3, 2, err, sizeof err) == 0);

    /* Page 2 of every other process is still unmapped; the first is named. */
    TEST(pg_restore_end(&pg, err, sizeof err) == -1);
    TEST_MSG(strcmp(err, "page 2 of P10 is not mapped to any frame") == 0, err);
out:
    pg_free(&pg);
}

/* A memory restored for display only has no page tables: it is checked
 * the same way (a page mapped twice is named with the frame that holds
 * it), and refuses to be changed or to translate. */
static void test_pg_display_only(void)
{
    struct paging pg;
    struct note n;
    struct pg_xlate x;
    char err[ERRLEN];

    if (!pg_make(&pg, 64, 16, PG_FIRST, 0))
        return;
    pg.display_only = 1;
    TEST(pg_restore_process(&pg, 4, 48, 3, err, sizeof err) == 0);
    TEST(pg_find(&pg, 4) && pg_find(&pg, 4)->frames == NULL);
    TEST(pg_restore_map(&pg, 10, 2, 4, 0, err, sizeof err) == 0);
    TEST(pg_restore_map(&pg, 20, 1, 4, 1, err, sizeof err) == -1);
    TEST_MSG(strcmp(err, "page 1 of P4 is already in frame 11") == 0, err);
    TEST(pg_restore_end(&pg, err, sizeof err) == -1);
    TEST_MSG(strcmp(err, "page 2 of P4 is not mapped to any frame") == 0, err);
    pg_free(&pg);

    if (!pg_make(&pg, 64, 16, PG_FIRST, 0))
        return;
    pg.display_only = 1;
    TEST(pg_restore_process(&pg, 4, 48, 3, err, sizeof err) == 0);
    TEST(pg_restore_map(&pg, 10, 3, 4, 0, err, sizeof err) == 0);
    TEST_MSG(pg_restore_end(&pg, err, sizeof err) == 0, err);
    PG_OK(&pg);
    TEST(pg_internal_frag(&pg, pg_find(&pg, 4)) == 0);
    TEST(pg_alloc(&pg, 5, 16, &n) == -1 && strstr(n.what, "display only") != NULL);
    TEST(pg_release(&pg, 4, &n) == -1 && strstr(n.what, "display only") != NULL);
    TEST(pg_translate(&pg, 4, 0, 0, &x, &n) == -1 && strstr(n.what, "display only") != NULL);
    TEST(pg.nfree == 61 && pg.nprocs == 1);
    /* pg_check still sees a frame whose owner has no such page. */
    pg.frames[11].page = 7;
    PG_BAD(&pg);
    pg_free(&pg);
}

/* The random policy's definition, written out again apart from paging.c:
 * splitmix64, a draw below n without modulo bias, and a partial
 * Fisher-Yates shuffle of the free frames listed in increasing order. */
static uint64_t ref_next(uint64_t *s)
{
    uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));

    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static uint64_t ref_below(uint64_t *s, uint64_t n)
{
    uint64_t limit = UINT64_MAX - UINT64_MAX % n, x;

    do
        x = ref_next(s);
    while (x >= limit);
    return x % n;
}

/* Picks `need` of the free frames of owner[0..nframes-1] (0 = free) into
 * out, as the random policy defines it. Returns 0, or -1 out of memory. */
static int ref_pick(const int32_t *owner, uint32_t nframes, uint32_t need, uint64_t *rng,
                    uint32_t *out)
{
    uint32_t *pool = malloc((nframes + 1) * sizeof *pool), nfree = 0;

    if (!pool)
        return -1;
    for (uint32_t f = 0; f < nframes; f++)
        if (owner[f] == 0)
            pool[nfree++] = f;
    for (uint32_t i = 0; i < need; i++) {
        uint32_t j = i + (uint32_t)ref_below(rng, nfree - i), t = pool[i];
        pool[i] = pool[j];
        pool[j] = t;
        out[i] = pool[i];
    }
    free(pool);
    return 0;
}

/* pg_alloc under the random policy takes exactly the reference's frames:
 * small requests (which paging.c answers without listing the free frames)
 * and large ones, in memories of one block of 4096 frames and of several,
 * as frames are taken and given back. So a seed keeps meaning the same
 * frames whatever way paging.c finds them. */
static void test_pg_random_reference(void)
{
    static const uint32_t sizes[] = {100, 4096 + 37, 70000};
    static const uint32_t wants[] = {1, 3, 64, 255, 256, 257, 1000, 2, 5000, 17};

    for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
        uint32_t nf = sizes[si], *want = malloc(5000 * sizeof *want), steps = 0, same = 0;
        int32_t *owner = calloc(nf, sizeof *owner);
        uint64_t rng = 11;
        struct paging pg;
        int64_t pid = 1;

        if (!want || !owner || !pg_make(&pg, nf, 16, PG_RANDOM, 11)) {
            TEST(!"out of memory");
            free(want);
            free(owner);
            return;
        }
        for (unsigned step = 0; step < 60; step++) {
            uint32_t need = wants[step % 10];
            if (step % 4 == 3 && pid > 2) {
                /* Give back an earlier process: holes all over the memory. */
                int64_t gone = pid - 2 - step % 3;
                if (pg_find(&pg, gone)) {
                    TEST(release(&pg, gone) == 0);
                    for (uint32_t f = 0; f < nf; f++)
                        if (owner[f] == gone)
                            owner[f] = 0;
                }
                continue;
            }
            if (need > pg.nfree)
                continue;
            if (ref_pick(owner, nf, need, &rng, want) < 0)
                break;
            TEST(alloc(&pg, pid, (uint64_t)need * 16) == 0);
            steps++;
            same += frames_are(&pg, pid, want, need) && pg.rng == rng;
            for (uint32_t i = 0; i < need; i++)
                owner[want[i]] = (int32_t)pid;
            pid++;
        }
        TEST(steps >= 12);
        TEST_MSG(same == steps, "frames differ from the reference shuffle");
        PG_OK(&pg);
        pg_free(&pg);
        free(want);
        free(owner);
    }
}

/* The occupancy bitmap behind the searches: pg_next_used skips free
 * frames, pg_changed_since tells which groups of 64 frames an action
 * touched, a release lists its frames in order across words, and
 * pg_check notices a bitmap or a count that disagrees with the frames. */
static void test_pg_bitmap(void)
{
    struct paging pg;
    struct note n;
    char err[ERRLEN];
    uint64_t v;

    if (!pg_make(&pg, 200, 16, PG_FIRST, 0))
        return;
    TEST(pg_next_used(&pg, 0) == 200);
    TEST(alloc(&pg, 1, 63 * 16) == 0); /* frames 0-62 */
    TEST(alloc(&pg, 2, 2 * 16) == 0);  /* frames 63-64: across the first word's end */
    TEST(alloc(&pg, 3, 16) == 0);      /* frame 65 */
    TEST(pg_next_used(&pg, 0) == 0 && pg_next_used(&pg, 65) == 65);
    TEST(pg_next_used(&pg, 66) == 200 && pg_next_used(&pg, 199) == 200);
    TEST(pg_next_used(&pg, 200) == 200);

    v = pg.version;
    TEST(!pg_changed_since(&pg, 0, 200, v));
    note_clear(&n);
    TEST(pg_release(&pg, 2, &n) == 0);
    TEST_MSG(strstr(n.what, "2 frames (63-64) free again") != NULL, n.what);
    TEST(pg_changed_since(&pg, 63, 64, v) && pg_changed_since(&pg, 64, 65, v));
    TEST(pg_changed_since(&pg, 0, 1, v));      /* frame 63 shares frame 0's word */
    TEST(!pg_changed_since(&pg, 128, 200, v)); /* the third word was not touched */
    TEST(pg_next_used(&pg, 63) == 65);
    PG_OK(&pg);

    /* The next alloc fills the hole first, then goes on after frame 65. */
    note_clear(&n);
    TEST(pg_alloc(&pg, 4, 3 * 16, &n) == 0);
    TEST(frames_are(&pg, 4, (const uint32_t[]){63, 64, 66}, 3));
    TEST_MSG(strstr(n.why, "free were 63-64, 66-199 (136 of 200)") != NULL, n.why);
    PG_OK(&pg);

    pg.used[2] ^= 1; /* frame 128: free, marked used */
    PG_BAD(&pg);
    pg.used[2] ^= 1;
    pg.used[3] |= UINT64_C(1) << 10; /* past frame 199 */
    TEST(pg_check(&pg, err, sizeof err) < 0 && strstr(err, "past frame 199") != NULL);
    pg.used[3] &= ~(UINT64_C(1) << 10);
    pg.blockfree[0]++;
    TEST(pg_check(&pg, err, sizeof err) < 0 && strstr(err, "block 0 counts") != NULL);
    pg.blockfree[0]--;
    pg.scratch[1] = 1;
    TEST(pg_check(&pg, err, sizeof err) < 0 && strstr(err, "scratch bits") != NULL);
    pg.scratch[1] = 0;
    PG_OK(&pg);
    pg_free(&pg);
}

/* The notes list the first free and used ranges and count the rest. In a
 * memory where every other frame is used, that is 32 runs of each. */
static void test_pg_note_ranges(void)
{
    struct paging pg;
    struct note n;
    char err[ERRLEN];

    if (!pg_make(&pg, 64, 16, PG_FIRST, 0))
        return;
    TEST(pg_restore_process(&pg, 1, 32 * 16, 32, err, sizeof err) == 0);
    for (uint64_t page = 0; page < 32; page++)
        TEST(pg_restore_map(&pg, 2 * page, 1, 1, page, err, sizeof err) == 0);
    TEST_MSG(pg_restore_end(&pg, err, sizeof err) == 0, err);
    note_clear(&n);
    TEST(pg_alloc(&pg, 2, 16, &n) == 0);
    TEST_MSG(strstr(n.why, "free were 1, 3, 5, 7, 9, 11 and 26 more (32 of 64)") != NULL, n.why);
    TEST_MSG(strstr(n.why, "in use were 0, 2, 4, 6, 8, 10 and 26 more") != NULL, n.why);
    /* Frame 1 is now used: 0-2 is one run, 31 free and 31 used runs. */
    note_clear(&n);
    TEST(pg_alloc(&pg, 3, 16, &n) == 0);
    TEST_MSG(strstr(n.why, "free were 3, 5, 7, 9, 11, 13 and 25 more (31 of 64)") != NULL, n.why);
    TEST_MSG(strstr(n.why, "in use were 0-2, 4, 6, 8, 10, 12 and 25 more") != NULL, n.why);
    PG_OK(&pg);
    pg_free(&pg);
}

static void test_pg_check_catches(void)
{
    struct paging pg;
    struct pg_frame keep;
    uint32_t nfree;

    if (!pg_make(&pg, 4, 16, PG_FIRST, 0))
        return;
    TEST(alloc(&pg, 1, 32) == 0); /* frames 0-1 */
    TEST(alloc(&pg, 2, 16) == 0); /* frame 2 */
    PG_OK(&pg);

    /* A mapped frame marked free. */
    keep = pg.frames[1];
    pg.frames[1].pid = 0;
    pg.frames[1].page = 0;
    PG_BAD(&pg);
    pg.frames[1] = keep;

    /* A frame naming the wrong page. */
    pg.frames[0].page = 1;
    PG_BAD(&pg);
    pg.frames[0].page = 0;

    /* A free frame claiming a page already held elsewhere. */
    pg.frames[3].pid = 2;
    pg.frames[3].page = 0;
    pg.nfree = 0;
    PG_BAD(&pg);
    pg.frames[3].pid = 0;
    pg.frames[3].page = 0;
    pg.nfree = 1;

    /* The free count off by one. */
    nfree = pg.nfree;
    pg.nfree = nfree + 1;
    PG_BAD(&pg);
    pg.nfree = nfree;

    /* Bytes that need another page. */
    pg.procs[1].bytes = 17;
    PG_BAD(&pg);
    pg.procs[1].bytes = 16;

    PG_OK(&pg);
    pg_free(&pg);
}

/* ------------------------------------------------------------------------ */
/* segment.c: helpers */

/* Makes sm with seg_init, counting a failure. Returns 1 when usable. */
static int seg_make(struct segmem *sm, uint64_t size, enum seg_fit fit)
{
    char err[ERRLEN] = "";
    int rc;

    memset(sm, 0, sizeof *sm);
    rc = seg_init(sm, size, fit, err, sizeof err);
    TEST_MSG(rc == 0, err);
    return rc == 0;
}

/* Returns 1 when seg_alloc(name, limit) gives id want_id at base want_base,
 * says what it did and leaves sm consistent. */
static int placed(struct segmem *sm, const char *name, uint64_t limit, int want_id,
                  uint64_t want_base)
{
    struct note n;
    char err[ERRLEN] = "";
    int id;

    note_clear(&n);
    id = seg_alloc(sm, name, limit, &n);
    if (id != want_id || id < 0 || id >= SEG_MAX) {
        fprintf(stderr, "  seg_alloc(%s, %llu) gave %d, want %d (%s / %s)\n", name,
                (unsigned long long)limit, id, want_id, n.what, n.why);
        return 0;
    }
    if (sm->seg[id].base != want_base) {
        fprintf(stderr, "  seg_alloc(%s, %llu) placed at %llu, want %llu\n", name,
                (unsigned long long)limit, (unsigned long long)sm->seg[id].base,
                (unsigned long long)want_base);
        return 0;
    }
    if (!sm->seg[id].used || sm->seg[id].limit != limit || strcmp(sm->seg[id].name, name) != 0)
        return 0;
    if (n.what[0] == '\0' || seg_check(sm, err, sizeof err) != 0)
        return 0;
    return 1;
}

/* seg_release with a throwaway note. */
static int seg_free_id(struct segmem *sm, int id)
{
    struct note n;
    int rc;

    note_clear(&n);
    rc = seg_release(sm, id, &n);
    if (n.what[0] == '\0')
        return -2;
    return rc;
}

/* Returns 1 when seg_holes gives exactly n holes, hole i at bs[2i] of size
 * bs[2i+1]. */
static int holes_are(const struct segmem *sm, unsigned n, const uint64_t *bs)
{
    struct hole h[SEG_MAX_HOLES + 1];
    unsigned got, i;

    got = seg_holes(sm, h);
    if (got != n) {
        fprintf(stderr, "  %u holes, want %u\n", got, n);
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (h[i].base != bs[2 * i] || h[i].size != bs[2 * i + 1]) {
            fprintf(stderr, "  hole %u is %llu+%llu, want %llu+%llu\n", i,
                    (unsigned long long)h[i].base, (unsigned long long)h[i].size,
                    (unsigned long long)bs[2 * i], (unsigned long long)bs[2 * i + 1]);
            return 0;
        }
    }
    return 1;
}

/* Returns 1 when a and b hold the same size, policy, pointer and segments. */
static int seg_same(const struct segmem *a, const struct segmem *b)
{
    int i;

    if (a->size != b->size || a->fit != b->fit || a->next != b->next)
        return 0;
    for (i = 0; i < SEG_MAX; i++) {
        if (a->seg[i].used != b->seg[i].used)
            return 0;
        if (a->seg[i].used &&
            (a->seg[i].base != b->seg[i].base || a->seg[i].limit != b->seg[i].limit ||
             strcmp(a->seg[i].name, b->seg[i].name) != 0))
            return 0;
    }
    return 1;
}

/* Returns 1 when seg_by_address gives exactly the n ids in want. */
static int order_is(const struct segmem *sm, unsigned n, const int *want)
{
    int ids[SEG_MAX + 1];
    unsigned got, i;

    got = seg_by_address(sm, ids);
    if (got != n)
        return 0;
    for (i = 0; i < n; i++)
        if (ids[i] != want[i])
            return 0;
    return 1;
}

/* ------------------------------------------------------------------------ */
/* segment.c: tests */

static void test_seg_basics(void)
{
    char err[ERRLEN];
    struct segmem sm;
    struct seg_stats st;
    enum seg_fit f = SEG_NEXT;

    TEST(seg_check_size(16, err, sizeof err) == 0);
    TEST(seg_check_size(1000, err, sizeof err) == 0);
    TEST(seg_check_size(SEG_MAX_MEMORY, err, sizeof err) == 0);
    err[0] = '\0';
    TEST(seg_check_size(15, err, sizeof err) < 0);
    TEST(err[0] != '\0');
    TEST(seg_check_size(0, err, sizeof err) < 0);
    TEST(seg_check_size(SEG_MAX_MEMORY + 1, err, sizeof err) < 0);
    TEST(seg_check_size(UINT64_MAX, err, sizeof err) < 0);

    TEST(seg_check_name("a", err, sizeof err) == 0);
    TEST(seg_check_name("heap", err, sizeof err) == 0);
    TEST(seg_check_name("Z9_-x", err, sizeof err) == 0);
    TEST(seg_check_name("abcdefghijklmno", err, sizeof err) == 0); /* 15 */
    err[0] = '\0';
    TEST(seg_check_name("abcdefghijklmnop", err, sizeof err) < 0); /* 16 */
    TEST(err[0] != '\0');
    TEST(seg_check_name("", err, sizeof err) < 0);
    TEST(seg_check_name("1abc", err, sizeof err) < 0);
    TEST(seg_check_name("_a", err, sizeof err) < 0);
    TEST(seg_check_name("-a", err, sizeof err) < 0);
    TEST(seg_check_name("a b", err, sizeof err) < 0);
    TEST(seg_check_name("a.b", err, sizeof err) < 0);
    TEST(seg_check_name("h\xc3\xa9llo", err, sizeof err) < 0);
    TEST(seg_check_name("a\n", err, sizeof err) < 0);

    TEST(seg_fit_parse("first", &f) == 0 && f == SEG_FIRST);
    TEST(seg_fit_parse("best", &f) == 0 && f == SEG_BEST);
    TEST(seg_fit_parse("worst", &f) == 0 && f == SEG_WORST);
    TEST(seg_fit_parse("next", &f) == 0 && f == SEG_NEXT);
    TEST(seg_fit_parse("random", &f) < 0);
    TEST(seg_fit_parse("", &f) < 0);
    TEST(strcmp(seg_fit_name(SEG_FIRST), "first") == 0);
    TEST(strcmp(seg_fit_name(SEG_BEST), "best") == 0);
    TEST(strcmp(seg_fit_name(SEG_WORST), "worst") == 0);
    TEST(strcmp(seg_fit_name(SEG_NEXT), "next") == 0);

    /* seg_init rejects bad sizes and leaves *sm alone. */
    memset(&sm, 0, sizeof sm);
    sm.size = 12345;
    err[0] = '\0';
    TEST(seg_init(&sm, 15, SEG_FIRST, err, sizeof err) < 0);
    TEST(err[0] != '\0');
    TEST(seg_init(&sm, SEG_MAX_MEMORY + 1, SEG_FIRST, err, sizeof err) < 0);
    TEST(sm.size == 12345);

    /* Empty: one hole, the whole memory. */
    if (seg_make(&sm, 1000, SEG_BEST)) {
        int i, live = 0;

        TEST(sm.size == 1000 && sm.fit == SEG_BEST);
        for (i = 0; i < SEG_MAX; i++)
            live += sm.seg[i].used != 0;
        TEST(live == 0);
        TEST(holes_are(&sm, 1, (const uint64_t[]){0, 1000}));
        TEST(order_is(&sm, 0, NULL));
        seg_stats(&sm, &st);
        TEST(st.used == 0 && st.free == 1000 && st.nsegs == 0 && st.nholes == 1);
        TEST(st.largest == 1000 && near(st.ext_frag, 0.0));
        SEG_OK(&sm);
    }

    /* The largest memory, filled by one segment: no hole. */
    if (seg_make(&sm, SEG_MAX_MEMORY, SEG_FIRST)) {
        TEST(placed(&sm, "all", SEG_MAX_MEMORY, 0, 0));
        TEST(holes_are(&sm, 0, NULL));
        seg_stats(&sm, &st);
        TEST(st.used == SEG_MAX_MEMORY && st.free == 0 && st.nholes == 0 && st.largest == 0);
        TEST(st.nsegs == 1 && near(st.ext_frag, 0.0));
        SEG_OK(&sm);
    }
}

static void test_seg_alloc(void)
{
    struct segmem sm, before;
    struct seg_stats st;
    struct note n;
    int i;

    if (!seg_make(&sm, 1000, SEG_FIRST))
        return;
    TEST(placed(&sm, "code", 100, 0, 0));
    TEST(placed(&sm, "data", 200, 1, 100));
    TEST(placed(&sm, "heap", 300, 2, 300));
    TEST(holes_are(&sm, 1, (const uint64_t[]){600, 400}));
    TEST(order_is(&sm, 3, (const int[]){0, 1, 2}));
    seg_stats(&sm, &st);
    TEST(st.used == 600 && st.free == 400 && st.nsegs == 3 && st.nholes == 1);
    TEST(st.largest == 400 && near(st.ext_frag, 0.0));

    /* Bad requests change nothing. */
    before = sm;
    note_clear(&n);
    TEST(seg_alloc(&sm, "code", 10, &n) == -1); /* duplicate */
    TEST(n.what[0] != '\0');
    TEST(seg_alloc(&sm, "1abc", 10, &n) == -1);
    TEST(seg_alloc(&sm, "", 10, &n) == -1);
    TEST(seg_alloc(&sm, "a b", 10, &n) == -1);
    TEST(seg_alloc(&sm, "abcdefghijklmnop", 10, &n) == -1);
    TEST(seg_alloc(&sm, "h\xc3\xa9llo", 10, &n) == -1);
    TEST(seg_alloc(&sm, "stack", 0, &n) == -1);
    TEST(seg_alloc(&sm, "stack", 401, &n) == -1);
    TEST(seg_alloc(&sm, "stack", 1001, &n) == -1);
    TEST(seg_alloc(&sm, "stack", UINT64_MAX, &n) == -1);
    TEST(seg_same(&sm, &before));
    SEG_OK(&sm);

    /* A freed id is reused first; the name is free again too. */
    TEST(seg_free_id(&sm, 1) == 0);
    TEST(!sm.seg[1].used);
    TEST(seg_free_id(&sm, 1) == -1);
    TEST(seg_free_id(&sm, -1) == -1);
    TEST(seg_free_id(&sm, 5) == -1);
    TEST(holes_are(&sm, 2, (const uint64_t[]){100, 200, 600, 400}));
    TEST(placed(&sm, "data", 50, 1, 100));
    TEST(placed(&sm, "abcdefghijklmno", 400, 3, 600)); /* exact fit, 15 chars */
    TEST(holes_are(&sm, 1, (const uint64_t[]){150, 150}));
    TEST(placed(&sm, "s4", 150, 4, 150));
    TEST(holes_are(&sm, 0, NULL));
    seg_stats(&sm, &st);
    TEST(st.used == 1000 && st.free == 0 && st.nholes == 0 && st.largest == 0);
    TEST(st.nsegs == 5 && near(st.ext_frag, 0.0));

    /* A sixth segment is refused while five are live, though s4 now leaves
     * a 140-byte hole; nothing changes. */
    TEST(seg_free_id(&sm, 4) == 0);
    TEST(placed(&sm, "s4", 10, 4, 150));
    before = sm;
    note_clear(&n);
    TEST(seg_alloc(&sm, "sixth", 1, &n) == -1);
    TEST(n.what[0] != '\0');
    TEST(seg_same(&sm, &before));
    SEG_OK(&sm);

    /* Memory with room for a sixth but all ids taken. */
    if (seg_make(&sm, 1000, SEG_FIRST)) {
        for (i = 0; i < SEG_MAX; i++) {
            char name[16];

            snprintf(name, sizeof name, "s%d", i);
            TEST(placed(&sm, name, 10, i, (uint64_t)i * 10));
        }
        before = sm;
        TEST(seg_alloc(&sm, "f", 10, &n) == -1);
        TEST(seg_same(&sm, &before));
        TEST(holes_are(&sm, 1, (const uint64_t[]){50, 950}));
    }
}

/* Counts in notes agree with their nouns and verbs: "only 1 of 4 frames is
 * free", "1 B is free", plural otherwise. */
static void test_grammar(void)
{
    struct paging pg;
    struct segmem sm;
    struct note n;

    if (pg_make(&pg, 4, 16, PG_FIRST, 0)) {
        TEST(alloc(&pg, 1, 48) == 0);
        note_clear(&n);
        TEST(pg_alloc(&pg, 2, 32, &n) == -1);
        TEST_MSG(strstr(n.what, "it needs 2 more frames of 16 B, only 1 of 4 frames is free"),
                 n.what);
        TEST(alloc(&pg, 1, 16) == 0);
        note_clear(&n);
        TEST(pg_alloc(&pg, 2, 1, &n) == -1);
        TEST_MSG(strstr(n.what, "it needs 1 more frame of 16 B, only 0 of 4 frames are free"),
                 n.what);
        pg_free(&pg);
    }
    if (seg_make(&sm, 16, SEG_FIRST)) {
        TEST(placed(&sm, "a", 15, 0, 0));
        note_clear(&n);
        TEST(seg_alloc(&sm, "b", 2, &n) == -1);
        TEST_MSG(strstr(n.why, "only 1 B is free in all"), n.why);
    }
    if (seg_make(&sm, 16, SEG_FIRST)) {
        TEST(placed(&sm, "a", 10, 0, 0));
        note_clear(&n);
        TEST(seg_alloc(&sm, "b", 7, &n) == -1);
        TEST_MSG(strstr(n.why, "only 6 B are free in all"), n.why);
    }
}

static void test_seg_no_fit(void)
{
    struct segmem sm, before, copy;
    struct seg_stats st;
    struct note n;
    int f;

    if (!seg_make(&sm, 2000, SEG_FIRST))
        return;
    TEST(placed(&sm, "a", 300, 0, 0));
    TEST(placed(&sm, "b", 200, 1, 300));
    TEST(placed(&sm, "c", 400, 2, 500));
    TEST(placed(&sm, "d", 300, 3, 900));
    TEST(seg_free_id(&sm, 0) == 0);
    TEST(seg_free_id(&sm, 2) == 0);
    TEST(holes_are(&sm, 3, (const uint64_t[]){0, 300, 500, 400, 1200, 800}));

    /* used 500, free 1500, largest 800: ext_frag = 1 - 800/1500 = 7/15. */
    seg_stats(&sm, &st);
    TEST(st.used == 500 && st.free == 1500 && st.nsegs == 2 && st.nholes == 3);
    TEST(st.largest == 800);
    TEST(near(st.ext_frag, 7.0 / 15.0));

    /* 900 bytes: free bytes would do, no single hole does, for any policy. */
    for (f = SEG_FIRST; f <= SEG_NEXT; f++) {
        copy = sm;
        TEST(seg_set_fit(&copy, (enum seg_fit)f, &n) == 0);
        TEST(copy.fit == (enum seg_fit)f);
        before = copy;
        note_clear(&n);
        TEST(seg_alloc(&copy, "big", 900, &n) == -1);
        TEST(n.what[0] != '\0');
        TEST_MSG(strstr(n.why, "800") != NULL, n.why);
        TEST(seg_same(&copy, &before));
        SEG_OK(&copy);
    }

    /* 800 fits exactly in the top hole. */
    TEST(placed(&sm, "big", 800, 0, 1200));
    seg_stats(&sm, &st);
    TEST(st.free == 700 && st.largest == 400 && st.nholes == 2);
    TEST(near(st.ext_frag, 1.0 - 400.0 / 700.0));
}

/* Builds the layout the fit policies disagree on, under next fit, in 1500
 * bytes: holes A 0+300, B 400+150, C 650+500, D 1300+200 and segments x (id
 * 1) at 300+100, y (id 3) at 550+100, z (id 0) at 1150+150; the previous
 * placement (z) ended at 1300. Returns 1 when built as planned. */
static int fit_layout(struct segmem *sm)
{
    int ok = 1;

    if (!seg_make(sm, 1500, SEG_NEXT))
        return 0;
    ok &= placed(sm, "a", 300, 0, 0);
    ok &= placed(sm, "x", 100, 1, 300);
    ok &= placed(sm, "b", 150, 2, 400);
    ok &= placed(sm, "y", 100, 3, 550);
    ok &= placed(sm, "c", 500, 4, 650);
    ok &= sm->next == 1150;
    ok &= seg_free_id(sm, 0) == 0;
    ok &= seg_free_id(sm, 2) == 0;
    /* Next fit from 1150: the top hole 1150+350. */
    ok &= placed(sm, "z", 150, 0, 1150);
    ok &= sm->next == 1300;
    ok &= seg_free_id(sm, 4) == 0;
    ok &= holes_are(sm, 4, (const uint64_t[]){0, 300, 400, 150, 650, 500, 1300, 200});
    ok &= order_is(sm, 3, (const int[]){1, 3, 0});
    return ok;
}

static void test_seg_fits(void)
{
    struct segmem sm, c;
    struct seg_stats st;
    struct note n;

    if (!fit_layout(&sm)) {
        TEST(!"fit layout built");
        return;
    }
    seg_stats(&sm, &st);
    TEST(st.used == 350 && st.free == 1150 && st.nholes == 4 && st.largest == 500);
    TEST(near(st.ext_frag, 1.0 - 500.0 / 1150.0));
    SEG_OK(&sm);

    /* 120 bytes: each policy picks a different hole; new id is 2. */
    c = sm;
    TEST(seg_set_fit(&c, SEG_FIRST, &n) == 0);
    TEST(placed(&c, "new", 120, 2, 0));
    TEST(holes_are(&c, 4, (const uint64_t[]){120, 180, 400, 150, 650, 500, 1300, 200}));
    c = sm;
    TEST(seg_set_fit(&c, SEG_BEST, &n) == 0);
    TEST(placed(&c, "new", 120, 2, 400));
    TEST(holes_are(&c, 4, (const uint64_t[]){0, 300, 520, 30, 650, 500, 1300, 200}));
    c = sm;
    TEST(seg_set_fit(&c, SEG_WORST, &n) == 0);
    TEST(placed(&c, "new", 120, 2, 650));
    TEST(holes_are(&c, 4, (const uint64_t[]){0, 300, 400, 150, 770, 380, 1300, 200}));
    c = sm;
    TEST(placed(&c, "new", 120, 2, 1300));
    TEST(c.next == 1420);
    TEST(order_is(&c, 4, (const int[]){1, 3, 0, 2}));

    /* Next fit goes on from 1420 in the rest of D (1420+80), then... */
    TEST(placed(&c, "more", 50, 4, 1420));
    TEST(c.next == 1470);
    TEST(holes_are(&c, 4, (const uint64_t[]){0, 300, 400, 150, 650, 500, 1470, 30}));
    /* ...with z freed (C grows to 650+650) 40 bytes do not fit in 1470+30,
     * so it wraps around to A at 0. */
    TEST(seg_free_id(&c, 0) == 0);
    TEST(holes_are(&c, 4, (const uint64_t[]){0, 300, 400, 150, 650, 650, 1470, 30}));
    TEST(placed(&c, "wrap", 40, 0, 0));
    TEST(c.next == 40);
    /* With wrap freed, the pointer (40) lies inside A again: A is chosen
     * and carved from its low end. */
    TEST(seg_free_id(&c, 0) == 0);
    TEST(placed(&c, "w2", 30, 0, 0));
    TEST(c.next == 30);

    /* Wrap-around from D (too small for 250) to A. */
    c = sm;
    TEST(placed(&c, "new", 250, 2, 0));
    TEST(c.next == 250);
    /* Wrap-around past A and B to C for 400 bytes. */
    c = sm;
    TEST(placed(&c, "new", 400, 2, 650));
    TEST(c.next == 1050);
    /* Next fit from 1050: the rest of C (1050+100) is the first hole ending
     * past 1050, but 150 bytes fit only in D at 1300. */
    TEST(placed(&c, "n2", 150, 4, 1300));

    /* Next fit does not restart at 0: 60 bytes would fit in A, but the
     * pointer (1300) sends it to D. First fit on the same state: A. */
    c = sm;
    TEST(placed(&c, "new", 60, 2, 1300));
    c = sm;
    TEST(seg_set_fit(&c, SEG_FIRST, &n) == 0);
    TEST(placed(&c, "new", 60, 2, 0));

    /* Worst fit takes the largest hole even for a tiny request. */
    c = sm;
    TEST(seg_set_fit(&c, SEG_WORST, &n) == 0);
    TEST(placed(&c, "tiny", 1, 2, 650));
    /* Best fit with an exact fit: B. */
    c = sm;
    TEST(seg_set_fit(&c, SEG_BEST, &n) == 0);
    TEST(placed(&c, "exact", 150, 2, 400));
    TEST(holes_are(&c, 3, (const uint64_t[]){0, 300, 650, 500, 1300, 200}));
    /* Best fit for 160: D (200) is smaller than A (300) and C (500). */
    c = sm;
    TEST(seg_set_fit(&c, SEG_BEST, &n) == 0);
    TEST(placed(&c, "mid", 160, 2, 1300));
}

static void test_seg_next_in_hole(void)
{
    struct segmem sm;
    struct note n;

    /* The pointer inside a hole: the segment goes to the hole's low end. */
    if (!seg_make(&sm, 1000, SEG_NEXT))
        return;
    TEST(placed(&sm, "a", 100, 0, 0));
    TEST(placed(&sm, "b", 100, 1, 100));
    TEST(sm.next == 200);
    TEST(seg_free_id(&sm, 1) == 0);
    TEST(holes_are(&sm, 1, (const uint64_t[]){100, 900}));
    TEST(placed(&sm, "c", 50, 1, 100));
    TEST(sm.next == 150);
    SEG_OK(&sm);

    /* Filling to the very end, then wrapping to the start: the why line
     * says it wrapped, since no hole lies after the last placement. */
    TEST(placed(&sm, "d", 850, 2, 150));
    TEST(holes_are(&sm, 0, NULL));
    SEG_OK(&sm);
    TEST(seg_free_id(&sm, 0) == 0);
    note_clear(&n);
    TEST(seg_alloc(&sm, "e", 60, &n) == 0 && sm.seg[0].base == 0);
    TEST_MSG(strstr(n.why, "(address 1000): no hole lies after it, so it wraps to the start: "
                           "0-99 (100 B) fits"),
             n.why);
    TEST(sm.next == 60);
    SEG_OK(&sm);
}

static void test_seg_ties(void)
{
    struct segmem sm;
    struct note n;

    /* Best fit tie: holes 0+500, 600+100, 900+100 -> 600, the lower of the
     * two smallest. */
    if (!seg_make(&sm, 1000, SEG_FIRST))
        return;
    TEST(placed(&sm, "a", 500, 0, 0));
    TEST(placed(&sm, "b", 100, 1, 500));
    TEST(placed(&sm, "c", 100, 2, 600));
    TEST(placed(&sm, "d", 100, 3, 700));
    TEST(placed(&sm, "e", 100, 4, 800));
    TEST(seg_free_id(&sm, 0) == 0);
    TEST(seg_free_id(&sm, 2) == 0);
    TEST(holes_are(&sm, 3, (const uint64_t[]){0, 500, 600, 100, 900, 100}));
    TEST(seg_set_fit(&sm, SEG_BEST, &n) == 0);
    TEST(placed(&sm, "t1", 60, 0, 600));
    TEST(holes_are(&sm, 3, (const uint64_t[]){0, 500, 660, 40, 900, 100}));
    TEST(seg_free_id(&sm, 0) == 0);
    TEST(placed(&sm, "t2", 100, 0, 600)); /* exact fits tie too */
    TEST(holes_are(&sm, 2, (const uint64_t[]){0, 500, 900, 100}));

    /* Worst fit tie: holes 0+100, 200+300, 700+300 -> 200. */
    if (!seg_make(&sm, 1000, SEG_FIRST))
        return;
    TEST(placed(&sm, "a", 100, 0, 0));
    TEST(placed(&sm, "b", 100, 1, 100));
    TEST(placed(&sm, "c", 300, 2, 200));
    TEST(placed(&sm, "d", 100, 3, 500));
    TEST(placed(&sm, "e", 100, 4, 600));
    TEST(seg_free_id(&sm, 0) == 0);
    TEST(seg_free_id(&sm, 2) == 0);
    TEST(holes_are(&sm, 3, (const uint64_t[]){0, 100, 200, 300, 700, 300}));
    TEST(seg_set_fit(&sm, SEG_WORST, &n) == 0);
    TEST(placed(&sm, "w1", 50, 0, 200));
    /* Now 700+300 is the largest alone. */
    TEST(placed(&sm, "w2", 50, 2, 700));
    TEST(holes_are(&sm, 3, (const uint64_t[]){0, 100, 250, 250, 750, 250}));
    SEG_OK(&sm);
}

static void test_seg_coalesce(void)
{
    struct segmem sm;
    struct seg_stats st;
    int i;

    /* 1000 bytes, five segments of 100 at 0..400, top hole 500+500. */
    if (!seg_make(&sm, 1000, SEG_FIRST))
        return;
    for (i = 0; i < SEG_MAX; i++) {
        char name[16];

        snprintf(name, sizeof name, "s%d", i);
        TEST(placed(&sm, name, 100, i, (uint64_t)i * 100));
    }
    TEST(holes_are(&sm, 1, (const uint64_t[]){500, 500}));

    /* s2 between two segments: a new hole on its own. */
    TEST(seg_free_id(&sm, 2) == 0);
    TEST(holes_are(&sm, 2, (const uint64_t[]){200, 100, 500, 500}));
    SEG_OK(&sm);
    /* s3: hole on the left only. */
    TEST(seg_free_id(&sm, 3) == 0);
    TEST(holes_are(&sm, 2, (const uint64_t[]){200, 200, 500, 500}));
    SEG_OK(&sm);
    /* s0 at the memory start, segment on the right. */
    TEST(seg_free_id(&sm, 0) == 0);
    TEST(holes_are(&sm, 3, (const uint64_t[]){0, 100, 200, 200, 500, 500}));
    seg_stats(&sm, &st);
    TEST(st.used == 200 && st.free == 800 && st.nholes == 3 && st.largest == 500);
    TEST(near(st.ext_frag, 1.0 - 500.0 / 800.0));
    SEG_OK(&sm);
    /* s4: holes on both sides merge into one. */
    TEST(seg_free_id(&sm, 4) == 0);
    TEST(holes_are(&sm, 2, (const uint64_t[]){0, 100, 200, 800}));
    SEG_OK(&sm);
    /* s1: both sides again; the whole memory is one hole. */
    TEST(seg_free_id(&sm, 1) == 0);
    TEST(holes_are(&sm, 1, (const uint64_t[]){0, 1000}));
    seg_stats(&sm, &st);
    TEST(st.used == 0 && st.free == 1000 && st.nholes == 1 && st.nsegs == 0);
    TEST(near(st.ext_frag, 0.0));
    SEG_OK(&sm);

    /* 500 bytes, full: no holes at all. */
    if (!seg_make(&sm, 500, SEG_FIRST))
        return;
    for (i = 0; i < SEG_MAX; i++) {
        char name[16];

        snprintf(name, sizeof name, "s%d", i);
        TEST(placed(&sm, name, 100, i, (uint64_t)i * 100));
    }
    TEST(holes_are(&sm, 0, NULL));
    seg_stats(&sm, &st);
    TEST(st.free == 0 && st.nholes == 0 && st.largest == 0 && near(st.ext_frag, 0.0));
    /* s4 at the memory end. */
    TEST(seg_free_id(&sm, 4) == 0);
    TEST(holes_are(&sm, 1, (const uint64_t[]){400, 100}));
    SEG_OK(&sm);
    /* s1 between two segments. */
    TEST(seg_free_id(&sm, 1) == 0);
    TEST(holes_are(&sm, 2, (const uint64_t[]){100, 100, 400, 100}));
    /* s0 at the start with a hole on the right only. */
    TEST(seg_free_id(&sm, 0) == 0);
    TEST(holes_are(&sm, 2, (const uint64_t[]){0, 200, 400, 100}));
    /* s3: hole on the right only. */
    TEST(seg_free_id(&sm, 3) == 0);
    TEST(holes_are(&sm, 2, (const uint64_t[]){0, 200, 300, 200}));
    seg_stats(&sm, &st);
    TEST(st.used == 100 && st.free == 400 && st.largest == 200 && near(st.ext_frag, 0.5));
    SEG_OK(&sm);
    TEST(order_is(&sm, 1, (const int[]){2}));
}

static void test_seg_translate_lookup(void)
{
    struct segmem sm;
    struct note n;
    char err[ERRLEN];
    uint64_t phys;

    if (!seg_make(&sm, 1000, SEG_FIRST))
        return;
    TEST(placed(&sm, "code", 100, 0, 0));
    TEST(placed(&sm, "data", 200, 1, 100));
    TEST(placed(&sm, "heap", 300, 2, 300));

    phys = 777;
    note_clear(&n);
    TEST(seg_translate(&sm, 1, 0, 0, &phys, &n) == 0);
    TEST(phys == 100);
    TEST(n.what[0] != '\0');
    TEST(seg_translate(&sm, 1, 199, 0, &phys, &n) == 0);
    TEST(phys == 299);
    TEST(seg_translate(&sm, 2, 299, 0, &phys, &n) == 0);
    TEST(phys == 599);
    TEST(seg_translate(&sm, 0, 42, 0, &phys, &n) == 0);
    TEST(phys == 42);
    /* In hex: 0x64 in data (base 100 = 0x64) -> 0xc8 = 200. */
    TEST(seg_translate(&sm, 1, 0x64, 1, &phys, &n) == 0 && phys == 200);
    TEST(strcmp(n.what, "segment 1 'data' offset 0x64 -> physical 0xc8 (200)") == 0);
    TEST(strstr(n.why, "physical = base 0x64 + 0x64 = 0xc8") != NULL);
    TEST(seg_translate(&sm, 1, 0xc8, 1, &phys, &n) == -1 && phys == 200);
    TEST(strstr(n.what, "offset 0xc8 is not below the limit 0xc8") != NULL);

    /* Segmentation faults and dead ids: -1, *physical untouched. */
    phys = 777;
    note_clear(&n);
    TEST(seg_translate(&sm, 1, 200, 0, &phys, &n) == -1);
    TEST(n.what[0] != '\0');
    TEST(seg_translate(&sm, 1, UINT64_MAX, 0, &phys, &n) == -1);
    TEST(seg_translate(&sm, 2, 300, 0, &phys, &n) == -1);
    TEST(seg_translate(&sm, 3, 0, 0, &phys, &n) == -1);
    TEST(seg_translate(&sm, -1, 0, 0, &phys, &n) == -1);
    TEST(seg_translate(&sm, 5, 0, 0, &phys, &n) == -1);
    TEST(phys == 777);

    TEST(seg_lookup(&sm, "2", err, sizeof err) == 2);
    TEST(seg_lookup(&sm, "heap", err, sizeof err) == 2);
    TEST(seg_lookup(&sm, "0", err, sizeof err) == 0);
    TEST(seg_lookup(&sm, "code", err, sizeof err) == 0);
    TEST(seg_lookup(&sm, "data", err, sizeof err) == 1);
    err[0] = '\0';
    TEST(seg_lookup(&sm, "3", err, sizeof err) == -1);
    TEST(err[0] != '\0');
    err[0] = '\0';
    TEST(seg_lookup(&sm, "nosuch", err, sizeof err) == -1);
    TEST(err[0] != '\0');
    TEST(seg_lookup(&sm, "5", err, sizeof err) == -1);
    TEST(seg_lookup(&sm, "-1", err, sizeof err) == -1);
    TEST(seg_lookup(&sm, "", err, sizeof err) == -1);
    TEST(seg_lookup(&sm, "Heap", err, sizeof err) == -1);

    /* Freed: neither its id nor its name finds it. */
    TEST(seg_free_id(&sm, 2) == 0);
    TEST(seg_lookup(&sm, "2", err, sizeof err) == -1);
    TEST(seg_lookup(&sm, "heap", err, sizeof err) == -1);
    TEST(seg_translate(&sm, 2, 0, 0, &phys, &n) == -1);
}

static void test_seg_compact(void)
{
    struct segmem sm, before;
    struct seg_stats st;
    struct note n;

    if (!seg_make(&sm, 1000, SEG_FIRST))
        return;
    TEST(placed(&sm, "a", 100, 0, 0));
    TEST(placed(&sm, "b", 200, 1, 100));
    TEST(placed(&sm, "c", 100, 2, 300));
    TEST(placed(&sm, "d", 150, 3, 400));
    TEST(placed(&sm, "e", 50, 4, 550));
    TEST(seg_free_id(&sm, 0) == 0);
    TEST(seg_free_id(&sm, 2) == 0);
    TEST(holes_are(&sm, 3, (const uint64_t[]){0, 100, 300, 100, 600, 400}));

    /* b 0+200, d 200+150, e 350+50, one hole 400+600. */
    note_clear(&n);
    TEST(seg_compact(&sm, &n) == 0);
    TEST(n.what[0] != '\0');
    TEST(sm.seg[1].base == 0 && sm.seg[1].limit == 200 && strcmp(sm.seg[1].name, "b") == 0);
    TEST(sm.seg[3].base == 200 && sm.seg[3].limit == 150 && strcmp(sm.seg[3].name, "d") == 0);
    TEST(sm.seg[4].base == 350 && sm.seg[4].limit == 50 && strcmp(sm.seg[4].name, "e") == 0);
    TEST(!sm.seg[0].used && !sm.seg[2].used);
    TEST(holes_are(&sm, 1, (const uint64_t[]){400, 600}));
    TEST(order_is(&sm, 3, (const int[]){1, 3, 4}));
    seg_stats(&sm, &st);
    TEST(st.used == 400 && st.free == 600 && st.nholes == 1 && st.largest == 600);
    TEST(near(st.ext_frag, 0.0));
    SEG_OK(&sm);

    /* Compacting again moves nothing. */
    before = sm;
    TEST(seg_compact(&sm, &n) == 0);
    TEST(sm.seg[1].base == 0 && sm.seg[3].base == 200 && sm.seg[4].base == 350);
    TEST(holes_are(&sm, 1, (const uint64_t[]){400, 600}));
    TEST(sm.size == before.size && sm.fit == before.fit);
    SEG_OK(&sm);

    /* Ids out of address order: the fit layout's x (1), y (3), z (0). */
    if (fit_layout(&sm)) {
        TEST(seg_compact(&sm, &n) == 0);
        TEST(sm.seg[1].base == 0 && sm.seg[1].limit == 100);
        TEST(sm.seg[3].base == 100 && sm.seg[3].limit == 100);
        TEST(sm.seg[0].base == 200 && sm.seg[0].limit == 150);
        TEST(order_is(&sm, 3, (const int[]){1, 3, 0}));
        TEST(holes_are(&sm, 1, (const uint64_t[]){350, 1150}));
        SEG_OK(&sm);
        /* Memory still works: next fit places in the one hole. */
        TEST(placed(&sm, "after", 1000, 2, 350));
    } else {
        TEST(!"fit layout built");
    }

    /* A full memory compacts to no hole. */
    if (seg_make(&sm, 300, SEG_FIRST)) {
        TEST(placed(&sm, "a", 100, 0, 0));
        TEST(placed(&sm, "b", 200, 1, 100));
        TEST(seg_compact(&sm, &n) == 0);
        TEST(sm.seg[0].base == 0 && sm.seg[1].base == 100);
        TEST(holes_are(&sm, 0, NULL));
        SEG_OK(&sm);
    }

    /* Only a hole at the start: everything slides down by it. */
    if (seg_make(&sm, 300, SEG_FIRST)) {
        TEST(placed(&sm, "a", 100, 0, 0));
        TEST(placed(&sm, "b", 200, 1, 100));
        TEST(seg_free_id(&sm, 0) == 0);
        TEST(seg_compact(&sm, &n) == 0);
        TEST(sm.seg[1].base == 0 && sm.seg[1].limit == 200);
        TEST(holes_are(&sm, 1, (const uint64_t[]){200, 100}));
        SEG_OK(&sm);
    }
}

static void test_seg_reset(void)
{
    struct segmem sm, before;
    struct note n;
    int i, live = 0;

    if (!seg_make(&sm, 1000, SEG_NEXT))
        return;
    TEST(placed(&sm, "code", 100, 0, 0));
    TEST(placed(&sm, "data", 500, 1, 100));
    TEST(sm.next == 600);
    before = sm;

    note_clear(&n);
    TEST(seg_reset(&sm, 8, &n) == -1);
    TEST(n.what[0] != '\0');
    TEST(seg_reset(&sm, 15, &n) == -1);
    TEST(seg_reset(&sm, 0, &n) == -1);
    TEST(seg_reset(&sm, SEG_MAX_MEMORY + 1, &n) == -1);
    TEST(seg_same(&sm, &before));
    SEG_OK(&sm);

    /* Smaller than the old pointer: still consistent, and empty. */
    TEST(seg_reset(&sm, 64, &n) == 0);
    TEST(sm.size == 64);
    for (i = 0; i < SEG_MAX; i++)
        live += sm.seg[i].used != 0;
    TEST(live == 0);
    TEST(holes_are(&sm, 1, (const uint64_t[]){0, 64}));
    SEG_OK(&sm);
    TEST(placed(&sm, "code", 64, 0, 0));
    TEST(holes_are(&sm, 0, NULL));

    TEST(seg_set_fit(&sm, SEG_WORST, &n) == 0);
    TEST(sm.fit == SEG_WORST);
    SEG_OK(&sm);
}

static void test_seg_check_catches(void)
{
    struct segmem sm, c;

    if (!seg_make(&sm, 1000, SEG_FIRST))
        return;
    TEST(placed(&sm, "code", 100, 0, 0));
    TEST(placed(&sm, "data", 200, 1, 100));
    TEST(placed(&sm, "heap", 300, 2, 300));
    SEG_OK(&sm);

    c = sm;
    c.seg[1].base = 50; /* overlaps code */
    SEG_BAD(&c);
    c = sm;
    c.seg[2].base = 900; /* runs past 1000 */
    SEG_BAD(&c);
    c = sm;
    c.seg[2].limit = 0;
    SEG_BAD(&c);
    c = sm;
    strcpy(c.seg[1].name, "code"); /* duplicate */
    SEG_BAD(&c);
    c = sm;
    strcpy(c.seg[1].name, "9x");
    SEG_BAD(&c);
    c = sm;
    c.next = 1001;
    SEG_BAD(&c);
    c = sm;
    c.seg[2].base = UINT64_MAX - 100; /* base + limit overflows */
    SEG_BAD(&c);
}

int main(void)
{
    test_note_text();
    test_note_append();
    test_ranges();

    test_num_parse();
    test_num_ms();
    test_num_bytes();

    test_pg_settings();
    test_pg_bad_args();
    test_pg_grow();
    test_pg_first_fit();
    test_pg_full();
    test_pg_translate();
    test_pg_translate_hex();
    test_pg_split();
    test_pg_huge();
    test_pg_random();
    test_pg_reset();
    test_pg_restore();
    test_pg_restore_many();
    test_pg_note_ranges();
    test_pg_random_reference();
    test_pg_bitmap();
    test_pg_display_only();
    test_pg_check_catches();

    test_seg_basics();
    test_seg_alloc();
    test_seg_no_fit();
    test_seg_fits();
    test_seg_next_in_hole();
    test_seg_ties();
    test_seg_coalesce();
    test_seg_translate_lookup();
    test_seg_compact();
    test_seg_reset();
    test_seg_check_catches();
    test_grammar();

    return TEST_DONE();
}
