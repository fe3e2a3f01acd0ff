/* test_segment.c: unit tests for segmentation (segment.c).
 *
 * Drives segment.c through its public header only. Every expected number is
 * worked out by hand in the comment next to it; every state the tests build
 * is also run through seg_check. Failed actions are checked to change
 * nothing by comparing a copy of the state taken before them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "note.h"
#include "segment.h"
#include "test.h"

#define ERRLEN 256

/* Checks sm's invariants, naming the caller's line and seg_check's reason. */
#define SEG_OK(sm) TEST_VALID(seg_check, sm)

/* Checks that sm breaks an invariant and that seg_check says what. */
#define SEG_BAD(sm) TEST_INVALID(seg_check, sm)

/* Returns 1 when a and b are within a millionth of each other. */
static int near(double a, double b)
{
    double d = a - b;

    return d < 1e-6 && d > -1e-6;
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

/* Counts in notes agree with their nouns and verbs: "1 B is free", plural
 * otherwise. */
static void test_seg_grammar(void)
{
    struct segmem sm;
    struct note n;

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
}

/* More of test_seg_fits' layout: next fit wrapping around and not
 * restarting at 0, worst fit for a tiny request, best fit exact and not. */
static void test_seg_fits_more(void)
{
    struct segmem sm, c;
    struct note n;

    if (!fit_layout(&sm)) {
        TEST(!"fit layout built");
        return;
    }
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
    test_seg_basics();
    test_seg_alloc();
    test_seg_no_fit();
    test_seg_fits();
    test_seg_fits_more();
    test_seg_next_in_hole();
    test_seg_ties();
    test_seg_coalesce();
    test_seg_translate_lookup();
    test_seg_compact();
    test_seg_reset();
    test_seg_check_catches();
    test_seg_grammar();

    return TEST_DONE();
}
