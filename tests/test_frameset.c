/* test_frameset.c: unit tests for the frame set (frameset.c).
 *
 * Drives frameset.h directly, against a naive reference that keeps a byte a
 * frame and the last version that changed each group of 64 frames: seeded
 * random runs are taken, given back and touched, and after each step every
 * question the set answers (in use, next used and free, run ends, counts of
 * runs, the r-th free frame, the lowest free frames, what changed since a
 * version) is asked of both. The sizes are those where words and blocks
 * begin and end: 1, 63, 64, 65, 4095, 4096, 4097 frames, and a million.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frameset.h"
#include "test.h"

#define ERRLEN 256

/* The reference: what the set should say, the slow way. */
struct ref {
    uint32_t n;      /* Frames. */
    uint8_t *used;   /* used[f]: 1 when frame f is in use. */
    uint64_t *stamp; /* stamp[f / 64]: the version that last changed that group. */
    uint64_t version;
    uint32_t nfree;
};

/* A small seeded generator (an LCG's high bits): the same steps every run. */
static uint32_t next_rand(uint64_t *x, uint32_t below)
{
    *x = *x * 6364136223846793005u + 1442695040888963407u;
    return below ? (uint32_t)((*x >> 33) % below) : 0;
}

static int ref_init(struct ref *r, uint32_t n)
{
    r->n = n;
    r->used = calloc(n, 1);
    r->stamp = calloc((n + 63) / 64, sizeof *r->stamp);
    r->version = 0;
    r->nfree = n;
    return r->used && r->stamp ? 0 : -1;
}

static void ref_free(struct ref *r)
{
    free(r->used);
    free(r->stamp);
}

/* Sets frames f..g-1 to `to` (0 free, 1 used, 2 unchanged: a touch) in a
 * new version, as fs_take, fs_give and fs_touch do. */
static void ref_set(struct ref *r, uint32_t f, uint32_t g, int to)
{
    r->version++;
    for (uint32_t i = f; i < g; i++) {
        if (to != 2) {
            r->nfree += r->used[i] && !to;
            r->nfree -= !r->used[i] && to;
            r->used[i] = (uint8_t)to;
        }
        r->stamp[i / 64] = r->version;
    }
}

/* The first frame at or after f that is in use (used 1) or free (0). */
static uint32_t ref_next(const struct ref *r, uint32_t f, int used)
{
    while (f < r->n && r->used[f] != used)
        f++;
    return f < r->n ? f : r->n;
}

/* The end of f's run, the slow way. */
static uint32_t ref_run_end(const struct ref *r, uint32_t f)
{
    uint32_t g = f + 1;

    while (g < r->n && r->used[g] == r->used[f])
        g++;
    return g;
}

/* Whether a group of frames from..to-1 changed after version since. */
static int ref_changed(const struct ref *r, uint32_t from, uint32_t to, uint64_t since)
{
    for (uint32_t w = from / 64; w <= (to - 1) / 64; w++)
        if (r->stamp[w] > since)
            return 1;
    return 0;
}

/* One random step: a run from a random frame, as long as its frames are
 * all in the state of the first (at most `most`), is taken or given back,
 * or now and then only touched. Applied to both s and r. */
static void step(struct frameset *s, struct ref *r, uint64_t *x, uint32_t most)
{
    uint32_t f = next_rand(x, r->n), len = 1 + next_rand(x, most), g = f + 1;

    while (g < r->n && g - f < len && r->used[g] == r->used[f])
        g++;
    if (next_rand(x, 8) == 0) {
        fs_touch(s, f, g);
        ref_set(r, f, g, 2);
    } else if (r->used[f]) {
        fs_give(s, f, g);
        ref_set(r, f, g, 0);
    } else {
        fs_take(s, f, g);
        ref_set(r, f, g, 1);
    }
}

/* Asks s and r the same questions at `asks` random frames (at every frame
 * when asks is 0), and past the end. nu and nf (n + 1 entries each) get
 * the reference's next used and next free frame at or after each frame.
 * Returns the number of answers that differ. */
static int compare_at(const struct frameset *s, const struct ref *r, uint64_t *x, uint32_t asks,
                      uint32_t *nu, uint32_t *nf)
{
    uint32_t count = asks ? asks : r->n;
    int bad = 0;

    nu[r->n] = nf[r->n] = r->n;
    for (uint32_t f = r->n; f-- > 0;) {
        nu[f] = r->used[f] ? f : nu[f + 1];
        nf[f] = r->used[f] ? nf[f + 1] : f;
    }
    for (uint32_t k = 0; k < count; k++) {
        uint32_t f = asks ? next_rand(x, r->n) : k;
        bad += fs_used(s, f) != r->used[f];
        bad += fs_next_used(s, f) != nu[f] || fs_next_free(s, f) != nf[f];
        bad += fs_run_end(s, f) != (r->used[f] ? nf[f] : nu[f]);
    }
    bad += fs_next_used(s, r->n) != r->n || fs_next_free(s, r->n + 1) != r->n;
    return bad;
}

/* Compares the counts of runs from a frame, the r-th free frame and the
 * lowest free frames. Returns the number of answers that differ. */
static int compare_counts(const struct frameset *s, const struct ref *r, uint64_t *x, uint32_t *buf)
{
    uint32_t f = next_rand(x, r->n), want[2] = {0, 0}, max, k, nth, i;
    uint64_t used_runs, free_runs;
    int bad = 0;

    for (i = f; i < r->n; i = ref_run_end(r, i))
        want[r->used[i]]++;
    fs_count_runs(s, f, &used_runs, &free_runs);
    bad += used_runs != want[1] || free_runs != want[0];
    max = next_rand(x, r->nfree + 2);
    k = fs_list_free(s, buf, max);
    bad += k != (max < r->nfree ? max : r->nfree);
    for (i = 0, f = ref_next(r, 0, 0); i < k; i++, f = ref_next(r, f + 1, 0))
        bad += buf[i] != f;
    if (r->nfree > 0) {
        nth = next_rand(x, r->nfree);
        for (i = 0, f = ref_next(r, 0, 0); i < nth; i++)
            f = ref_next(r, f + 1, 0);
        bad += fs_nth_free(s, nth) != f;
        bad += fs_nth_free(s, 0) != ref_next(r, 0, 0);
        bad += k == r->nfree && fs_nth_free(s, r->nfree - 1) != buf[r->nfree - 1];
    }
    return bad;
}

/* Compares what changed since a random earlier version over random
 * frames and over all of them. Returns the number of answers that differ. */
static int compare_changes(const struct frameset *s, const struct ref *r, uint64_t *x)
{
    int bad = s->version != r->version;

    for (int k = 0; k < 8; k++) {
        uint32_t from = next_rand(x, r->n), to = from + 1 + next_rand(x, r->n - from);
        uint64_t since = next_rand(x, (uint32_t)r->version + 1);
        bad += fs_changed_since(s, from, to, since) != ref_changed(r, from, to, since);
        bad += fs_changed_since(s, 0, r->n, since) != ref_changed(r, 0, r->n, since);
    }
    bad += fs_changed_since(s, 0, r->n, r->version) != 0;
    return bad;
}

/* Many random steps on a set of n frames, compared after every step (for
 * large n, at a sample of frames, and everything every `full` steps). */
static void test_random_steps(uint32_t n, int steps, uint32_t most, uint64_t seed)
{
    struct frameset s;
    struct ref r = {0};
    uint32_t *buf = malloc(3 * ((size_t)n + 2) * sizeof *buf), *nu = buf + n + 2, *nf = nu + n + 2;
    char err[ERRLEN] = "", what[64];
    uint64_t x = seed;
    int bad = 0, checks = 0, small = n <= 10000, full = small ? 1 : steps / 4;

    snprintf(what, sizeof what, "%u frames, seed %llu", n, (unsigned long long)seed);
    if (!buf || ref_init(&r, n) < 0 || fs_init(&s, n) < 0) {
        TEST_MSG(0, what);
        free(buf);
        ref_free(&r);
        return;
    }
    TEST_MSG(s.serial != 0 && s.version == 0 && s.nframes == n, what);
    for (int i = 0; i < steps; i++) {
        step(&s, &r, &x, most);
        bad += compare_changes(&s, &r, &x);
        if (small || i % full == full - 1) {
            bad += compare_at(&s, &r, &x, small ? 0 : 4096, nu, nf);
            bad += compare_counts(&s, &r, &x, buf);
            checks += fs_check(&s, err, sizeof err) != 0;
        }
    }
    TEST_MSG(bad == 0, what);
    TEST_MSG(checks == 0, err);
    fs_free(&s);
    ref_free(&r);
    free(buf);
}

/* The sizes where words (64 frames) and blocks (4096) begin and end, with
 * short runs and with long ones, and a million frames. */
static void test_sizes(void)
{
    static const uint32_t sizes[] = {1, 2, 63, 64, 65, 127, 128, 129, 4095, 4096, 4097, 8193};

    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        test_random_steps(sizes[i], 400, 3, 1 + i);
        test_random_steps(sizes[i], 200, sizes[i], 100 + i);
    }
    test_random_steps(1000000, 200, 70000, 7);
    test_random_steps(1000000, 400, 2, 8);
}

/* Collects the runs fs_sorted_runs reports: lo and hi of each, in order. */
struct runs {
    uint32_t lo[64], hi[64];
    int n;
};

static void collect(void *arg, uint32_t lo, uint32_t hi)
{
    struct runs *r = arg;

    if (r->n < 64) {
        r->lo[r->n] = lo;
        r->hi[r->n] = hi;
    }
    r->n++;
}

/* fs_sorted_runs lists frames given in any order as increasing runs, across
 * words and blocks, and leaves scratch clean (fs_check says so); it changes
 * neither the bits nor the version. */
static void test_sorted_runs(void)
{
    static const uint32_t f[] = {4097, 63, 0, 64, 4095, 62, 4096, 65, 9999, 1};
    static const uint32_t lo[] = {0, 62, 4095, 9999}, hi[] = {1, 65, 4097, 9999};
    struct frameset s;
    struct runs r = {.n = 0};
    char err[ERRLEN] = "";
    int same = 1;

    if (fs_init(&s, 10000) < 0) {
        TEST(0);
        return;
    }
    fs_take(&s, 10, 20);
    fs_sorted_runs(&s, f, sizeof f / sizeof f[0], collect, &r);
    TEST(r.n == 4);
    for (int i = 0; i < 4 && i < r.n; i++)
        same &= r.lo[i] == lo[i] && r.hi[i] == hi[i];
    TEST(same);
    TEST_MSG(fs_check(&s, err, sizeof err) == 0, err);
    TEST(s.version == 1 && fs_next_used(&s, 0) == 10 && fs_run_end(&s, 10) == 20);
    r.n = 0;
    fs_sorted_runs(&s, f, 0, collect, &r);
    TEST(r.n == 0);
    fs_free(&s);
}

/* Each set gets its own serial; each change a new version, stamped on the
 * groups it touched only; a touch changes no bit. */
static void test_serial_version(void)
{
    struct frameset a, b;
    uint64_t v;

    if (fs_init(&a, 200) < 0 || fs_init(&b, 200) < 0) {
        TEST(0);
        return;
    }
    TEST(a.serial != 0 && b.serial != 0 && a.serial != b.serial);
    fs_take(&a, 60, 70); /* Groups 0 and 1. */
    TEST(a.version == 1 && b.version == 0);
    TEST(fs_changed_since(&a, 0, 1, 0) && fs_changed_since(&a, 127, 128, 0));
    TEST(!fs_changed_since(&a, 128, 200, 0) && !fs_changed_since(&a, 0, 200, 1));
    v = a.version;
    fs_touch(&a, 199, 200);
    TEST(a.version == v + 1 && fs_next_used(&a, 70) == 200);
    TEST(fs_changed_since(&a, 192, 193, v) && !fs_changed_since(&a, 0, 192, v));
    fs_give(&a, 60, 70);
    TEST(a.version == v + 2 && fs_next_used(&a, 0) == 200 && a.blockfree[0] == 200);
    fs_free(&a);
    fs_free(&b);
    TEST(a.used == NULL && a.serial == 0);
    fs_free(&a); /* Safe on a zeroed set. */
}

/* fs_check names what is wrong: a bit past the last frame, a block's free
 * count, scratch left set. */
static void test_check_catches(void)
{
    struct frameset s;
    char err[ERRLEN] = "";

    if (fs_init(&s, 65) < 0) {
        TEST(0);
        return;
    }
    fs_take(&s, 64, 65);
    TEST_MSG(fs_check(&s, err, sizeof err) == 0, err);
    s.used[1] |= 2; /* Frame 65: there is none. */
    TEST(fs_check(&s, err, sizeof err) < 0 && strstr(err, "past frame 64") != NULL);
    s.used[1] &= ~UINT64_C(2);
    s.blockfree[0]++;
    TEST(fs_check(&s, err, sizeof err) < 0 && strstr(err, "block 0 counts 65 free") != NULL);
    s.blockfree[0]--;
    s.scratch[0] = 8;
    TEST(fs_check(&s, err, sizeof err) < 0 && strstr(err, "scratch bits") != NULL);
    s.scratch[0] = 0;
    TEST_MSG(fs_check(&s, err, sizeof err) == 0, err);
    fs_free(&s);
}

/* The smallest set, and runs that fill a whole set or a whole block. */
static void test_edges(void)
{
    struct frameset s;
    uint32_t out[2] = {7, 7};
    uint64_t u, f;

    if (fs_init(&s, 1) == 0) {
        TEST(fs_next_free(&s, 0) == 0 && fs_nth_free(&s, 0) == 0 && fs_run_end(&s, 0) == 1);
        fs_take(&s, 0, 1);
        TEST(fs_used(&s, 0) && fs_next_free(&s, 0) == 1 && fs_list_free(&s, out, 2) == 0);
        fs_count_runs(&s, 0, &u, &f);
        TEST(u == 1 && f == 0 && s.blockfree[0] == 0);
        fs_free(&s);
    }
    if (fs_init(&s, 8192) == 0) {
        fs_take(&s, 0, 8192);
        TEST(s.blockfree[0] == 0 && s.blockfree[1] == 0 && fs_next_free(&s, 0) == 8192);
        fs_give(&s, 4095, 4097);
        TEST(s.blockfree[0] == 1 && s.blockfree[1] == 1);
        TEST(fs_nth_free(&s, 0) == 4095 && fs_nth_free(&s, 1) == 4096);
        TEST(fs_list_free(&s, out, 2) == 2 && out[0] == 4095 && out[1] == 4096);
        fs_count_runs(&s, 0, &u, &f);
        TEST(u == 2 && f == 1);
        fs_count_runs(&s, 4096, &u, &f);
        TEST(u == 1 && f == 1);
        fs_free(&s);
    }
}

/* fs_ranges lists the free and the used frames as ranges, the first
 * `limit` of each, and counts the runs past them. */
static void test_ranges(void)
{
    struct frameset s;
    char fb[80], ub[80];

    if (fs_init(&s, 20) < 0) {
        TEST(0);
        return;
    }
    fs_take(&s, 0, 3);
    fs_take(&s, 5, 6);
    fs_take(&s, 9, 16);
    fs_ranges(&s, fb, ub, sizeof fb, 6);
    TEST_MSG(strcmp(fb, "3-4, 6-8, 16-19") == 0, fb);
    TEST_MSG(strcmp(ub, "0-2, 5, 9-15") == 0, ub);
    fs_ranges(&s, fb, NULL, sizeof fb, 1);
    TEST_MSG(strcmp(fb, "3-4 and 2 more") == 0, fb);
    fs_ranges(&s, fb, ub, sizeof fb, 2);
    TEST_MSG(strcmp(ub, "0-2, 5 and 1 more") == 0, ub);
    fs_free(&s);
}

int main(void)
{
    test_edges();
    test_serial_version();
    test_sorted_runs();
    test_check_catches();
    test_ranges();
    test_sizes();

    return TEST_DONE();
}
