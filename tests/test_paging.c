/* test_paging.c: unit tests for paging (paging.c, pg_restore.c).
 *
 * Drives paging through its public headers only. Every expected number is
 * worked out by hand in the comment next to it; every state the tests build
 * is also run through pg_check. Failed actions are checked to change nothing
 * by comparing a deep copy of the state taken before them. The tests run
 * under AddressSanitizer, so each struct paging is released with pg_free.
 * The frame set inside has its own tests (test_frameset.c).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "note.h"
#include "num.h"
#include "paging.h"
#include "pg_restore.h"
#include "test.h"

#define ERRLEN 256

/* Checks pg's invariants, naming the caller's line and pg_check's reason. */
#define PG_OK(pg) TEST_VALID(pg_check, pg)

/* Checks that pg breaks an invariant and that pg_check says what. */
#define PG_BAD(pg) TEST_INVALID(pg_check, pg)

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

/* Deep-copies pg's state into s (free with snap_free): the frames, the
 * processes and, of the frame set, the bitmap and the free counts (its
 * scratch is all 0 and its stamps only grow, so they are not compared).
 * Returns 0 or -1. */
static int snap_take(const struct paging *pg, struct paging *s)
{
    size_t nw = (pg->nframes + 63) / 64 + 1, nb = (pg->nframes + 4095) / 4096 + 1;

    *s = *pg;
    s->frames = malloc((pg->nframes ? pg->nframes : 1) * sizeof *s->frames);
    s->procs = calloc(pg->nprocs ? pg->nprocs : 1, sizeof *s->procs);
    s->set.used = calloc(nw, sizeof *s->set.used);
    s->set.blockfree = calloc(nb, sizeof *s->set.blockfree);
    s->set.scratch = s->set.stamp = NULL;
    if (!s->frames || !s->procs || !s->set.used || !s->set.blockfree)
        return -1;
    memcpy(s->frames, pg->frames, pg->nframes * sizeof *s->frames);
    if (pg->set.used) {
        memcpy(s->set.used, pg->set.used, (nw - 1) * sizeof *s->set.used);
        memcpy(s->set.blockfree, pg->set.blockfree, (nb - 1) * sizeof *s->set.blockfree);
    }
    for (size_t i = 0; i < pg->nprocs; i++) {
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
    for (size_t i = 0; s->procs && i < s->nprocs; i++)
        free(s->procs[i].frames);
    free(s->procs);
    free(s->frames);
    free(s->set.used);
    free(s->set.blockfree);
    memset(s, 0, sizeof *s);
}

/* Returns 1 when a and b hold the same settings, generator, frames and
 * processes (capacities aside). */
static int pg_same(const struct paging *a, const struct paging *b)
{
    const struct frameset *sa = &a->set, *sb = &b->set;

    if (a->nframes != b->nframes || a->page_size != b->page_size || a->policy != b->policy ||
        a->seed != b->seed || a->rng != b->rng || a->nfree != b->nfree || a->nprocs != b->nprocs)
        return 0;
    if (memcmp(a->frames, b->frames, a->nframes * sizeof *a->frames) != 0)
        return 0;
    /* The frame bitmap and the free counts per block go with the frames. */
    if (memcmp(sa->used, sb->used, (a->nframes + 63) / 64 * sizeof *sa->used) != 0 ||
        memcmp(sa->blockfree, sb->blockfree, (a->nframes + 4095) / 4096 * sizeof *sa->blockfree))
        return 0;
    for (size_t i = 0; i < a->nprocs; i++) {
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

/* The rest of test_pg_translate: P2 (1 page in frame 0), pids that are not
 * there, and P1 after growing to 9000 B in frames 1, 2 and 3. */
static void translate_more(struct paging *pg)
{
    struct pg_xlate x;
    struct note n;

    /* Pid 2: frame 0, so physical == logical. */
    TEST(pg_translate(pg, 2, 4095, 0, &x, &n) == 0);
    TEST(x.page == 0 && x.offset == 4095 && x.frame == 0 && x.physical == 4095 && !x.unused);
    TEST(pg_translate(pg, 2, 4096, 0, &x, &n) == -1);
    TEST(strstr(n.why, "P2 has only page 0 (addresses 0-4095)") != NULL);

    /* Unknown or invalid pids. */
    note_clear(&n);
    TEST(pg_translate(pg, 3, 0, 0, &x, &n) == -1);
    TEST(n.what[0] != '\0');
    TEST(pg_translate(pg, 0, 0, 0, &x, &n) == -1);
    TEST(pg_translate(pg, -1, 0, 0, &x, &n) == -1);

    /* After growing pid 1 by 4000 (9000 bytes, 3 pages, frame 3):
     * 5000 -> page 1 offset 904 -> 9096; 8999 -> page 2 offset 807 in frame 3 -> 13095. */
    TEST(alloc(pg, 1, 4000) == 0);
    TEST(pg_translate(pg, 1, 5000, 0, &x, &n) == 0);
    TEST(x.page == 1 && x.offset == 904 && x.physical == 9096 && !x.unused);
    TEST(pg_translate(pg, 1, 8999, 0, &x, &n) == 0);
    TEST(x.page == 2 && x.offset == 807 && x.frame == 3 && x.physical == 3 * 4096 + 807);
    TEST(!x.unused);
    /* 9000 is now the first unused byte: page 2 offset 808 -> 3 * 4096 + 808. */
    TEST(pg_translate(pg, 1, 9000, 0, &x, &n) == 0);
    TEST(x.page == 2 && x.offset == 808 && x.physical == 3 * 4096 + 808 && x.unused);
    TEST(pg_translate(pg, 1, 12287, 0, &x, &n) == 0 && x.unused && x.physical == 16383);
    TEST(pg_translate(pg, 1, 12288, 0, &x, &n) == -1);
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

    translate_more(&pg);
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
    uint32_t i;
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
}

/* The random policy goes on drawing: after a release the same request draws
 * other frames, and the last free frame is the one the last page gets. */
static void test_pg_random_draws(void)
{
    struct paging a;
    const struct pg_process *p;
    uint32_t first[8], i;

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
}

/* pg_set_policy and pg_reset restart the random generator from its seed. */
static void test_pg_random_restart(void)
{
    struct paging a, b;
    const struct pg_process *p, *q;
    uint32_t first[32];

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

/* Pid 2 of test_pg_restore (16 bytes, 1 page), listed but not mapped: maps
 * and processes that must be refused, each changing nothing. */
static void restore_refusals(struct pg_restore *r, struct paging *pg)
{
    struct paging before;
    char err[ERRLEN];

    /* Pid 2: 16 bytes, 1 page. */
    err[0] = '\0';
    TEST(pg_restore_map(r, 1, 1, 2, 0, err, sizeof err) == -1); /* no pid 2 yet */
    TEST(err[0] != '\0');
    TEST(pg_restore_process(r, 2, 16, 1, err, sizeof err) == 0);
    TEST(snap_take(pg, &before) == 0);
    err[0] = '\0';
    TEST(pg_restore_map(r, 6, 1, 2, 0, err, sizeof err) == -1); /* frame 6 taken */
    TEST(err[0] != '\0');
    TEST(pg_restore_map(r, 8, 1, 2, 0, err, sizeof err) == -1); /* no frame 8 */
    TEST(pg_restore_map(r, 7, 2, 2, 0, err, sizeof err) == -1); /* frames 7-8 */
    TEST(pg_restore_map(r, UINT64_MAX, 2, 2, 0, err, sizeof err) == -1);
    TEST(pg_restore_map(r, 7, 1, 2, 1, err, sizeof err) == -1);   /* no page 1 */
    TEST(pg_restore_map(r, 1, 1, 1, 0, err, sizeof err) == -1);   /* page 0 mapped */
    TEST(pg_restore_map(r, 3, 2, 1, 2, err, sizeof err) == -1);   /* pages 2-3 */
    TEST(pg_restore_map(r, 1, 1, 9, 0, err, sizeof err) == -1);   /* no pid 9 */
    TEST(pg_restore_process(r, 2, 16, 1, err, sizeof err) == -1); /* duplicate */
    TEST(pg_restore_process(r, 0, 16, 1, err, sizeof err) == -1);
    TEST(pg_restore_process(r, -3, 16, 1, err, sizeof err) == -1);
    TEST(pg_restore_process(r, INT64_C(2147483648), 16, 1, err, sizeof err) == -1);
    TEST(pg_same(pg, &before));
    snap_free(&before);
}

/* A page count that does not match the bytes is caught, by
 * pg_restore_process or by pg_check once mapped. */
static void restore_bad_count(void)
{
    struct paging pg;
    struct pg_restore r;
    char err[ERRLEN];
    int rc;

    if (!pg_make(&pg, 8, 16, PG_FIRST, 0))
        return;
    pg_restore_begin(&r, &pg, 0);
    rc = pg_restore_process(&r, 1, 40, 2, err, sizeof err);
    if (rc == 0)
        (void)pg_restore_map(&r, 0, 2, 1, 0, err, sizeof err);
    TEST(rc < 0 || pg_check(&pg, err, sizeof err) < 0);
    pg_restore_abandon(&r);
    pg_free(&pg);
}

static void test_pg_restore(void)
{
    struct paging pg;
    struct pg_restore r;
    char err[ERRLEN];
    struct pg_xlate x;
    struct note n;
    const struct pg_process *p;

    if (!pg_make(&pg, 8, 16, PG_FIRST, 0))
        return;
    pg_restore_begin(&r, &pg, 0);

    /* Pid 1: 40 bytes = 3 pages, mapped to frames 5, 6 then 0. */
    TEST(pg_restore_process(&r, 1, 40, 3, err, sizeof err) == 0);
    p = pg_find(&pg, 1);
    TEST(p && p->bytes == 40 && p->npages == 3);
    PG_BAD(&pg); /* Pages not mapped yet. */
    TEST(pg_restore_map(&r, 5, 2, 1, 0, err, sizeof err) == 0);
    PG_BAD(&pg); /* Page 2 still unmapped. */
    TEST(pg_restore_map(&r, 0, 1, 1, 2, err, sizeof err) == 0);
    PG_OK(&pg);
    TEST(frames_are(&pg, 1, (const uint32_t[]){5, 6, 0}, 3));
    TEST(pg.nfree == 5);

    restore_refusals(&r, &pg);
    TEST(pg_restore_map(&r, 7, 1, 2, 0, err, sizeof err) == 0);
    PG_OK(&pg);
    TEST(pg.nfree == 4);

    /* Restored out of pid order: still sorted. */
    TEST(pg_restore_process(&r, 4, 20, 2, err, sizeof err) == 0);
    TEST(pg_restore_process(&r, 3, 16, 1, err, sizeof err) == 0);
    TEST(pg_restore_map(&r, 1, 1, 3, 0, err, sizeof err) == 0);
    TEST(pg_restore_map(&r, 3, 2, 4, 0, err, sizeof err) == 0);
    PG_OK(&pg);
    TEST(pg.nprocs == 4);
    if (pg.nprocs == 4)
        TEST(pg.procs[0].pid == 1 && pg.procs[1].pid == 2 && pg.procs[2].pid == 3 &&
             pg.procs[3].pid == 4);
    TEST(pg.nfree == 1);
    /* Pid 4: 20 bytes in 2 pages, frag 12. */
    TEST(pg_total_internal_frag(&pg) == 8 + 0 + 0 + 12);

    TEST_MSG(pg_restore_end(&r, err, sizeof err) == 0, err);
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

    restore_bad_count();
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
    struct pg_restore r;
    char err[ERRLEN];
    int32_t pids[NP];
    uint32_t order[NF];
    uint64_t x = 12345;
    int found = 0, absent = 0, mapped = 0;

    if (!pg_make(&pg, NF, 16, PG_RANDOM, 0))
        return;
    pg_restore_begin(&r, &pg, 0);
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
        TEST(pg_restore_process(&r, pids[i], 48, 3, err, sizeof err) == 0);
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
                pg_restore_map(&r, order[2 * i + page], 1, 7 * i + 3, page, err, sizeof err) == 0;
    TEST(mapped == 2 * NP);
    err[0] = '\0';
    TEST(pg_restore_map(&r, order[2 * NP], 1, 10, 1, err, sizeof err) == -1);
    TEST_MSG(strstr(err, "page 1 of P10 is already in frame") != NULL, err);
    TEST(pg_restore_map(&r, order[2 * NP], 1, 11, 0, err, sizeof err) == -1);
    TEST_MSG(strstr(err, "not listed") != NULL, err);
    TEST(pg.nfree == NF - 2 * NP);

    /* A process added now is found by the next map. */
    TEST(pg_restore_process(&r, 11, 16, 1, err, sizeof err) == 0);
    TEST(pg_restore_map(&r, order[2 * NP], 1, 11, 0, err, sizeof err) == 0);
    TEST(pg_restore_map(&r, order[2 * NP + 1], 1, 3, 2, err, sizeof err) == 0);

    /* Page 2 of every other process is still unmapped; the first is named. */
    TEST(pg_restore_end(&r, err, sizeof err) == -1);
    TEST_MSG(strcmp(err, "page 2 of P10 is not mapped to any frame") == 0, err);
out:
    pg_restore_abandon(&r);
    pg_free(&pg);
}

/* A memory restored for display only has no page tables: it is checked
 * the same way (a page mapped twice is named with the frame that holds
 * it), and refuses to be changed or to translate. */
static void test_pg_display_only(void)
{
    struct paging pg;
    struct pg_restore r;
    struct note n;
    struct pg_xlate x;
    char err[ERRLEN];

    if (!pg_make(&pg, 64, 16, PG_FIRST, 0))
        return;
    pg_restore_begin(&r, &pg, PG_RESTORE_NO_TABLES);
    TEST(pg_restore_process(&r, 4, 48, 3, err, sizeof err) == 0);
    TEST(pg_find(&pg, 4) && pg_find(&pg, 4)->frames == NULL);
    TEST(pg_restore_map(&r, 10, 2, 4, 0, err, sizeof err) == 0);
    TEST(pg_restore_map(&r, 20, 1, 4, 1, err, sizeof err) == -1);
    TEST_MSG(strcmp(err, "page 1 of P4 is already in frame 11") == 0, err);
    TEST(pg_restore_end(&r, err, sizeof err) == -1);
    TEST_MSG(strcmp(err, "page 2 of P4 is not mapped to any frame") == 0, err);
    pg_free(&pg);

    if (!pg_make(&pg, 64, 16, PG_FIRST, 0))
        return;
    pg_restore_begin(&r, &pg, PG_RESTORE_NO_TABLES);
    TEST(pg_restore_process(&r, 4, 48, 3, err, sizeof err) == 0);
    TEST(pg_restore_map(&r, 10, 3, 4, 0, err, sizeof err) == 0);
    TEST_MSG(pg_restore_end(&r, err, sizeof err) == 0, err);
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

/* The frame set behind the searches, as paging keeps it: fs_next_used skips
 * free frames, fs_changed_since tells which groups of 64 frames an action
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
    TEST(fs_next_used(&pg.set, 0) == 200);
    TEST(alloc(&pg, 1, 63 * 16) == 0); /* frames 0-62 */
    TEST(alloc(&pg, 2, 2 * 16) == 0);  /* frames 63-64: across the first word's end */
    TEST(alloc(&pg, 3, 16) == 0);      /* frame 65 */
    TEST(fs_next_used(&pg.set, 0) == 0 && fs_next_used(&pg.set, 65) == 65);
    TEST(fs_next_used(&pg.set, 66) == 200 && fs_next_used(&pg.set, 199) == 200);
    TEST(fs_next_used(&pg.set, 200) == 200);

    v = pg.set.version;
    TEST(!fs_changed_since(&pg.set, 0, 200, v));
    note_clear(&n);
    TEST(pg_release(&pg, 2, &n) == 0);
    TEST_MSG(strstr(n.what, "2 frames (63-64) free again") != NULL, n.what);
    TEST(fs_changed_since(&pg.set, 63, 64, v) && fs_changed_since(&pg.set, 64, 65, v));
    TEST(fs_changed_since(&pg.set, 0, 1, v));      /* frame 63 shares frame 0's word */
    TEST(!fs_changed_since(&pg.set, 128, 200, v)); /* the third word was not touched */
    TEST(fs_next_used(&pg.set, 63) == 65);
    PG_OK(&pg);

    /* The next alloc fills the hole first, then goes on after frame 65. */
    note_clear(&n);
    TEST(pg_alloc(&pg, 4, 3 * 16, &n) == 0);
    TEST(frames_are(&pg, 4, (const uint32_t[]){63, 64, 66}, 3));
    TEST_MSG(strstr(n.why, "free were 63-64, 66-199 (136 of 200)") != NULL, n.why);
    PG_OK(&pg);

    pg.set.used[2] ^= 1; /* frame 128: free, marked used */
    PG_BAD(&pg);
    pg.set.used[2] ^= 1;
    pg.set.used[3] |= UINT64_C(1) << 10; /* past frame 199 */
    TEST(pg_check(&pg, err, sizeof err) < 0 && strstr(err, "past frame 199") != NULL);
    pg.set.used[3] &= ~(UINT64_C(1) << 10);
    pg.set.blockfree[0]++;
    TEST(pg_check(&pg, err, sizeof err) < 0 && strstr(err, "block 0 counts") != NULL);
    pg.set.blockfree[0]--;
    pg.set.scratch[1] = 1;
    TEST(pg_check(&pg, err, sizeof err) < 0 && strstr(err, "scratch bits") != NULL);
    pg.set.scratch[1] = 0;
    PG_OK(&pg);
    pg_free(&pg);
}

/* The notes list the first free and used ranges and count the rest. In a
 * memory where every other frame is used, that is 32 runs of each. */
static void test_pg_note_ranges(void)
{
    struct paging pg;
    struct pg_restore r;
    struct note n;
    char err[ERRLEN];

    if (!pg_make(&pg, 64, 16, PG_FIRST, 0))
        return;
    pg_restore_begin(&r, &pg, 0);
    TEST(pg_restore_process(&r, 1, 32 * 16, 32, err, sizeof err) == 0);
    for (uint64_t page = 0; page < 32; page++)
        TEST(pg_restore_map(&r, 2 * page, 1, 1, page, err, sizeof err) == 0);
    TEST_MSG(pg_restore_end(&r, err, sizeof err) == 0, err);
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

/* Counts in notes agree with their nouns and verbs: "only 1 of 4 frames is
 * free", plural otherwise. */
static void test_pg_grammar(void)
{
    struct paging pg;
    struct note n;

    if (!pg_make(&pg, 4, 16, PG_FIRST, 0))
        return;
    TEST(alloc(&pg, 1, 48) == 0);
    note_clear(&n);
    TEST(pg_alloc(&pg, 2, 32, &n) == -1);
    TEST_MSG(strstr(n.what, "it needs 2 more frames of 16 B, only 1 of 4 frames is free"), n.what);
    TEST(alloc(&pg, 1, 16) == 0);
    note_clear(&n);
    TEST(pg_alloc(&pg, 2, 1, &n) == -1);
    TEST_MSG(strstr(n.what, "it needs 1 more frame of 16 B, only 0 of 4 frames are free"), n.what);
    pg_free(&pg);
}

int main(void)
{
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
    test_pg_random_draws();
    test_pg_random_restart();
    test_pg_reset();
    test_pg_restore();
    test_pg_restore_many();
    test_pg_note_ranges();
    test_pg_random_reference();
    test_pg_bitmap();
    test_pg_display_only();
    test_pg_check_catches();
    test_pg_grammar();

    return TEST_DONE();
}
