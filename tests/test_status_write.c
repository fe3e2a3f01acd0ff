/* test_status_write.c: tests of the status writer (common/status_write.c,
 * status_file.c and the records' writers).
 *
 * Round trips build states through the public model API (paging.h,
 * segment.h), format them, parse them back and compare every field, then
 * format the parsed state again and compare the bytes. Then the file on
 * disk: the atomic replace, the lock, the temporary files, the target of a
 * symlink, the writer's cache (the same bytes with or without it), text a
 * user controls, numbers at every length. Files go to a fresh directory
 * under /tmp, removed at the end. Everything runs under AddressSanitizer.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lockfile.h"
#include "note.h"
#include "paging.h"
#include "pg_restore.h"
#include "segment.h"
#include "status.h"
#include "test.h"
#include "test_status.h"

/* ------------------------------------------------------------------------ */
/* Round trips */

/* Returns text with its first line replaced by first and the lines that
 * start with any of drop[] (NULL-terminated) removed; malloc'd. */
static char *strip_lines(const char *text, const char *first, const char *const *drop)
{
    size_t len = strlen(text);
    char *out = malloc(len + strlen(first) + 2), *o = out;
    const char *p = strchr(text, '\n');

    if (!out || !p)
        return out;
    o += sprintf(o, "%s\n", first);
    for (p++; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
        int keep = 1;
        for (const char *const *d = drop; *d; d++)
            if (strncmp(p, *d, strlen(*d)) == 0)
                keep = 0;
        if (keep) {
            memcpy(o, p, n);
            o += n;
        }
        p += n;
    }
    *o = '\0';
    return out;
}

/* The version 2 records: a translation (of a page or a segment) and a
 * caption round-trip, in full and for display only; the file says version 2
 * exactly when one of them is there, and without them it is, byte for byte,
 * the version 1 file. */
static void test_round_trip_translation(void)
{
    static const char *const drop[] = {"translate ", "seg-translate ", "caption ", NULL};
    struct status st;
    struct pg_xlate x;
    struct note n;
    uint64_t phys;
    char err[ERRLEN], *with, *without, *expect;
    size_t len;

    TEST(status_init(&st, 16, 4096, PG_FIRST, 1, 65536, SEG_FIRST, err, sizeof err) == 0);
    TEST(pg_alloc(&st.pg, 1, 10000, &n) == 0);
    TEST(seg_alloc(&st.sm, "code", 1200, &n) == 0);
    TEST(seg_alloc(&st.sm, "stack", 2000, &n) == 1);
    st.seq = 7;
    st.time = 1795000000;
    without = format_text(&st, &len);
    TEST(without && strncmp(without, "memtrack-status 1\n", 18) == 0);

    /* A page translation into the unused end, asked in hex. */
    TEST(pg_translate(&st.pg, 1, 10000, 1, &x, &st.last) == 0);
    st.xlate = (struct status_xlate){STATUS_XLATE_PAGE, 1,       1, 10000, x.page,
                                     x.offset,          x.frame, 1, 0,     x.physical};
    round_trip("page translation", &st);
    with = format_text(&st, &len);
    TEST(with && strncmp(with, "memtrack-status 2\n", 18) == 0);
    TEST(with && strstr(with, "\ntranslate pid=1 addr=10000 page=2 offset=1808 frame=2 phys=10000 "
                              "unused=1 hex=1\nend\n") != NULL);
    /* Without the record, the same bytes as version 1 (the event changed). */
    st.xlate.kind = STATUS_XLATE_NONE;
    free(without);
    without = format_text(&st, &len);
    expect = with ? strip_lines(with, "memtrack-status 1", drop) : NULL;
    TEST(without && expect && strcmp(without, expect) == 0);
    free(expect);
    free(with);

    /* A segment translation and a caption. */
    TEST(seg_translate(&st.sm, 1, 100, 0, &phys, &st.last) == 0);
    st.xlate = (struct status_xlate){
        .kind = STATUS_XLATE_SEGMENT, .seg = 1, .offset = 100, .physical = phys};
    status_set_caption(&st, "== Step 2: segments ==");
    round_trip("segment translation and caption", &st);
    with = format_text(&st, &len);
    TEST(with && strstr(with, "\nseg-translate id=1 offset=100 phys=1300 hex=0\ncaption == Step 2: "
                              "segments ==\nend\n") != NULL);
    free(with);

    /* A caption alone is version 2 too; removing it gives version 1 back. */
    st.xlate.kind = STATUS_XLATE_NONE;
    round_trip("caption alone", &st);
    with = format_text(&st, &len);
    TEST(with && strncmp(with, "memtrack-status 2\n", 18) == 0);
    status_set_caption(&st, "");
    TEST(st.caption[0] == '\0');
    free(without);
    without = format_text(&st, &len);
    expect = with ? strip_lines(with, "memtrack-status 1", drop) : NULL;
    TEST(without && expect && strcmp(without, expect) == 0);
    free(expect);
    free(with);
    free(without);
    status_free(&st);
}

/* Processes scattered by the random policy, grown and freed; segments
 * placed, freed and placed again by next fit; a refused request as the last
 * event. */
static void test_round_trip_mixed(void)
{
    struct status st;
    struct note n;
    char err[ERRLEN] = "", *text;
    size_t len = 0;

    TEST_MSG(status_init(&st, 64, 256, PG_FIRST, 0, 10000, SEG_FIRST, err, sizeof err) == 0, err);
    TEST(st.seq == 0);
    TEST(pg_alloc(&st.pg, 7, 1000, &n) == 0); /* 4 pages, frames 0-3 (first). */
    TEST(pg_set_policy(&st.pg, PG_RANDOM, 12345, &n) == 0);
    TEST(pg_alloc(&st.pg, 3, 5000, &n) == 0);          /* 20 pages. */
    TEST(pg_alloc(&st.pg, 11, 1, &n) == 0);            /* 1 page. */
    TEST(pg_alloc(&st.pg, 7, 2000, &n) == 0);          /* 3000 B: 12 pages. */
    TEST(pg_alloc(&st.pg, PG_MAX_PID, 2560, &n) == 0); /* 10 pages. */
    TEST(pg_release(&st.pg, 3, &n) == 0);
    TEST(pg_alloc(&st.pg, 5, 7000, &n) == 0); /* 28 pages; 12+1+10+28 = 51 used. */
    TEST(st.pg.nprocs == 4 && st.pg.nfree == 13);
    TEST(st.pg.rng != st.pg.seed);

    TEST(seg_alloc(&st.sm, "code", 1200, &n) == 0);  /* 0-1199 */
    TEST(seg_alloc(&st.sm, "data", 800, &n) == 1);   /* 1200-1999 */
    TEST(seg_alloc(&st.sm, "heap", 3000, &n) == 2);  /* 2000-4999 */
    TEST(seg_alloc(&st.sm, "stack", 2000, &n) == 3); /* 5000-6999 */
    TEST(seg_release(&st.sm, 1, &n) == 0);           /* Hole 1200-1999. */
    TEST(seg_set_fit(&st.sm, SEG_NEXT, &n) == 0);
    TEST(seg_alloc(&st.sm, "bss", 300, &n) == 1); /* Next fit from 7000: 7000-7299. */
    TEST(st.sm.seg[1].base == 7000 && st.sm.next == 7300);
    TEST(seg_set_fit(&st.sm, SEG_WORST, &n) == 0);

    st.seq = 42;
    st.time = 1795000000;
    TEST(pg_alloc(&st.pg, 9, 64 * 256, &n) < 0); /* 64 frames wanted, 13 free. */
    st.refused = 1;
    st.last = n;
    TEST(st.last.what[0] != '\0' && st.last.why[0] != '\0');
    round_trip("mixed", &st);

    /* The random policy scattered the pages: more map runs than processes. */
    text = format_text(&st, &len);
    TEST(text && count_of(text, "\nmap ") > 4);
    TEST(text && strstr(text, "\nevent refused ") != NULL);
    TEST(text && strstr(text, "policy=random seed=12345 ") != NULL);
    TEST(text && strstr(text, " fit=worst next=7300 segments=4 holes=2\n") != NULL);
    free(text);
    status_free(&st);
}

/* The smallest memory, nothing in it, empty notes: checked against the exact
 * text the format prescribes. */
static void test_round_trip_empty(void)
{
    static const char want[] = "memtrack-status 1\n"
                               "seq 1\n"
                               "time 1970-01-01T00:00:00Z\n"
                               "paging frames=1 page-size=16 policy=first seed=0 rng=0 "
                               "processes=0 free=1\n"
                               "segmentation memory=16 fit=first next=0 segments=0 holes=1\n"
                               "hole base=0 size=16\n"
                               "event ok\n"
                               "why\n"
                               "end\n";
    struct status st;
    char err[ERRLEN] = "", *text;
    size_t len = 0;

    TEST_MSG(status_init(&st, 1, 16, PG_FIRST, 0, 16, SEG_FIRST, err, sizeof err) == 0, err);
    st.seq = 1;
    round_trip("empty", &st);
    text = format_text(&st, &len);
    TEST_MSG(text && len == strlen(want) && memcmp(text, want, len) == 0, text ? text : "");
    free(text);
    status_free(&st);

    /* A refused event with no text at all. */
    TEST_MSG(status_init(&st, 3, 32, PG_RANDOM, 5, 100, SEG_BEST, err, sizeof err) == 0, err);
    st.refused = 1;
    round_trip("empty, refused", &st);
    status_free(&st);
}

/* Every frame in use (random policy), one segment filling the memory. */
static void test_round_trip_full(void)
{
    struct status st;
    struct note n;
    char err[ERRLEN] = "", *text;
    size_t len = 0;

    TEST_MSG(status_init(&st, 32, 16, PG_RANDOM, 99, 4096, SEG_BEST, err, sizeof err) == 0, err);
    for (int pid = 1; pid <= 4; pid++)
        TEST(pg_alloc(&st.pg, pid * 10, 120, &n) == 0); /* 8 pages each, 8 B slack. */
    TEST(st.pg.nfree == 0);
    TEST(seg_alloc(&st.sm, "all", 4096, &n) == 0);
    TEST(pg_alloc(&st.pg, 50, 1, &n) < 0);
    st.refused = 1;
    st.last = n;
    st.seq = 7;
    st.time = 951782400; /* 2000-02-29T00:00:00Z */
    round_trip("full", &st);
    text = format_text(&st, &len);
    TEST(text && strstr(text, " processes=4 free=0\n") != NULL);
    TEST(text && strstr(text, " segments=1 holes=0\nsegment id=0 name=all base=0 limit=4096\n"
                              "event refused ") != NULL);
    TEST(text && strstr(text, "\ntime 2000-02-29T00:00:00Z\n") != NULL);
    free(text);
    status_free(&st);
}

/* 1,048,576 frames with a few processes under the first policy: a handful
 * of map lines. */
static void test_round_trip_big(void)
{
    struct status st;
    struct note n;
    char err[ERRLEN] = "", *text;
    size_t len = 0;

    TEST_MSG(status_init(&st, 1048576, 4096, PG_FIRST, 7, UINT64_C(1) << 30, SEG_FIRST, err,
                         sizeof err) == 0,
             err);
    TEST(pg_alloc(&st.pg, 1, UINT64_C(100000) * 4096 - 5, &n) == 0); /* Frames 0-99999. */
    TEST(pg_alloc(&st.pg, 2, 1, &n) == 0);                           /* Frame 100000. */
    TEST(pg_alloc(&st.pg, 3, UINT64_C(500000) * 4096, &n) == 0);     /* 100001-600000. */
    TEST(pg_release(&st.pg, 2, &n) == 0);
    TEST(pg_alloc(&st.pg, 4, 3 * 4096, &n) == 0); /* 100000, 600001-600002. */
    TEST(pg_alloc(&st.pg, 1, 4096, &n) == 0);     /* Page 100000 of P1 to 600003. */
    TEST(seg_alloc(&st.sm, "big", UINT64_C(1) << 29, &n) == 0);
    st.seq = 1000;
    st.time = 1795000000;
    round_trip("1048576 frames", &st);
    text = format_text(&st, &len);
    /* Above 4096 frames, runs shorter than 4 frames are written as cells. */
    TEST(text && count_of(text, "\nmap ") == 2 && count_of(text, "\ncells ") == 2);
    TEST(text && strstr(text, "\nmap frames=0-99999 pid=1 pages=0-99999\n"
                              "cells from=100000 4:0\n"
                              "map frames=100001-600000 pid=3 pages=0-499999\n"
                              "cells from=600001 4:1 4:2 1:100000\n") != NULL);
    TEST(len < 2048);
    free(text);
    status_free(&st);
}

/* The largest values everywhere: 4194304 frames of 1 GiB all held by one
 * process of 2^52 bytes, 64-bit seed, rng and seq at their maximum, 1 TiB of
 * segment memory, the last second of year 9999. */
static void test_round_trip_max(void)
{
    struct status st;
    struct note n;
    char err[ERRLEN] = "", *text;
    size_t len = 0;

    TEST_MSG(status_init(&st, PG_MAX_FRAMES, PG_MAX_PAGE_SIZE, PG_FIRST, UINT64_MAX, SEG_MAX_MEMORY,
                         SEG_NEXT, err, sizeof err) == 0,
             err);
    TEST(pg_alloc(&st.pg, PG_MAX_PID, PG_MAX_BYTES, &n) == 0);
    TEST(st.pg.nfree == 0);
    TEST(seg_alloc(&st.sm, "whole", SEG_MAX_MEMORY - 1, &n) == 0);
    st.sm.next = SEG_MAX_MEMORY;
    st.pg.rng = UINT64_C(0x0123456789abcdef);
    st.seq = UINT64_MAX;
    st.time = INT64_C(253402300799); /* 9999-12-31T23:59:59Z */
    round_trip("maximum", &st);
    text = format_text(&st, &len);
    TEST(text && strstr(text, "\nseq 18446744073709551615\n") != NULL);
    TEST(text && strstr(text, "\ntime 9999-12-31T23:59:59Z\n") != NULL);
    TEST(text && strstr(text, "\nmap frames=0-4194303 pid=2147483647 pages=0-4194303\n") != NULL);
    free(text);
    status_free(&st);
}

/* All five segments and no hole; then two freed, compaction, and the two
 * ids reused, so ids and addresses are in different orders. */
static void test_round_trip_five_segments(void)
{
    struct status st;
    struct note n;
    struct hole h[SEG_MAX_HOLES];
    char err[ERRLEN] = "", *text;
    size_t len = 0;

    TEST_MSG(status_init(&st, 8, 64, PG_FIRST, 0, 1000, SEG_FIRST, err, sizeof err) == 0, err);
    TEST(seg_alloc(&st.sm, "a", 100, &n) == 0);    /* 0-99 */
    TEST(seg_alloc(&st.sm, "b", 200, &n) == 1);    /* 100-299 */
    TEST(seg_alloc(&st.sm, "c", 300, &n) == 2);    /* 300-599 */
    TEST(seg_alloc(&st.sm, "d", 150, &n) == 3);    /* 600-749 */
    TEST(seg_alloc(&st.sm, "e-_9", 250, &n) == 4); /* 750-999 */
    TEST(seg_holes(&st.sm, h) == 0);
    st.last = n;
    round_trip("five segments, no hole", &st);
    text = format_text(&st, &len);
    TEST(text && strstr(text, " segments=5 holes=0\n") != NULL);
    TEST(text && count_of(text, "\nhole ") == 0);
    free(text);

    TEST(seg_release(&st.sm, 1, &n) == 0);
    TEST(seg_release(&st.sm, 3, &n) == 0);
    round_trip("three segments, three holes", &st);
    TEST(seg_compact(&st.sm, &n) == 0); /* a 0-99, c 100-399, e 400-649, hole 650-999. */
    st.last = n;
    round_trip("compacted", &st);
    TEST(seg_set_fit(&st.sm, SEG_BEST, &n) == 0);
    TEST(seg_alloc(&st.sm, "abcdefghijklmno", 200, &n) == 1); /* 650-849, 15 characters. */
    TEST(seg_alloc(&st.sm, "Z", 150, &n) == 3);               /* 850-999 */
    TEST(seg_holes(&st.sm, h) == 0);
    st.seq = 5;
    st.last = n;
    round_trip("five segments again, ids out of address order", &st);
    status_free(&st);
}

/* Every policy and fit, several times, and awkward notes. */
static void test_round_trip_settings(void)
{
    static const int64_t times[] = {
        0, -1, 951782400, 1709164800, INT32_MAX, INT64_C(2147483648), INT64_C(4107542399)};
    struct status st;
    struct note n;
    char err[ERRLEN] = "", name[64];

    for (int pol = 0; pol < 2; pol++)
        for (int fit = 0; fit < 4; fit++) {
            snprintf(name, sizeof name, "policy %d fit %d", pol, fit);
            TEST_MSG(status_init(&st, 10, 1024, (enum pg_policy)pol, 3, 5000, (enum seg_fit)fit,
                                 err, sizeof err) == 0,
                     err);
            TEST(pg_alloc(&st.pg, 2, 3000, &n) == 0);
            TEST(seg_alloc(&st.sm, "x", 10, &n) == 0);
            st.last = n;
            round_trip(name, &st);
            status_free(&st);
        }

    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        snprintf(name, sizeof name, "time %lld", (long long)times[i]);
        TEST_MSG(status_init(&st, 2, 16, PG_FIRST, 0, 16, SEG_FIRST, err, sizeof err) == 0, err);
        st.time = times[i];
        round_trip(name, &st);
        status_free(&st);
    }

    /* Spaces at either end and doubled inside survive; so does a why of one
     * space, and texts of the longest length. */
    TEST_MSG(status_init(&st, 2, 16, PG_FIRST, 0, 16, SEG_FIRST, err, sizeof err) == 0, err);
    snprintf(st.last.what, sizeof st.last.what, " leading,  double  spaces, a=b 'q' \"q\" end ");
    snprintf(st.last.why, sizeof st.last.why, " ");
    round_trip("awkward notes", &st);
    st.last.what[0] = '\0';
    snprintf(st.last.why, sizeof st.last.why, "  ");
    round_trip("empty what, why of two spaces", &st);
    memset(st.last.what, 'w', NOTE_MAX - 1);
    st.last.what[NOTE_MAX - 1] = '\0';
    memset(st.last.why, 'y', NOTE_MAX - 1);
    st.last.why[NOTE_MAX - 1] = '\0';
    st.refused = 1;
    round_trip("longest notes", &st);
    status_free(&st);
}

/* ------------------------------------------------------------------------ */
/* Files on disk */

static char tmpdir[64]; /* The test's directory under /tmp. */

/* Returns how many entries dir holds besides . and .., and sets *tmps to how
 * many of them contain ".tmp.". */
static int dir_entries(const char *dir, int *tmps)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    *tmps = 0;
    if (!d)
        return -1;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        n++;
        if (strstr(e->d_name, ".tmp.") != NULL)
            (*tmps)++;
    }
    closedir(d);
    return n;
}

/* A small state with a process and two segments. */
static int make_small(struct status *st)
{
    struct note n;
    char err[ERRLEN];

    if (status_init(st, 16, 4096, PG_RANDOM, 77, 65536, SEG_FIRST, err, sizeof err) < 0)
        return -1;
    if (pg_alloc(&st->pg, 4, 9000, &n) < 0 || pg_alloc(&st->pg, 2, 100, &n) < 0 ||
        seg_alloc(&st->sm, "code", 1000, &n) < 0 || seg_alloc(&st->sm, "heap", 500, &n) < 0) {
        status_free(st);
        return -1;
    }
    st->seq = 3;
    st->time = 1795000000;
    st->last = n;
    return 0;
}

static void test_write(void)
{
    struct status st, back;
    struct stat sb;
    char err[ERRLEN] = "", path[256], missing[256], parent[256], asdir[256], what[4 * ERRLEN];
    char *longpath;
    int tmps = 0, r;

    if (make_small(&st) < 0) {
        TEST(!"make_small");
        return;
    }
    snprintf(path, sizeof path, "%s/memory_status", tmpdir);
    TEST_MSG(status_write(path, &st, 0, NULL, err, sizeof err) == 0, err);
    TEST(stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && (sb.st_mode & 07777) == 0644);
    r = status_parse_file(path, &back, 0, err, sizeof err);
    TEST_MSG(r == 0, err);
    if (r == 0)
        same_status("written file", &st, &back);
    status_free(&back);
    TEST(dir_entries(tmpdir, &tmps) == 1 && tmps == 0);

    /* Replacing it (no fsync this time) gives the new state. */
    st.seq++;
    TEST(pg_release(&st.pg, 2, &st.last) == 0);
    TEST_MSG(status_write(path, &st, 1, NULL, err, sizeof err) == 0, err);
    TEST(stat(path, &sb) == 0 && (sb.st_mode & 07777) == 0644);
    r = status_parse_file(path, &back, 0, err, sizeof err);
    TEST_MSG(r == 0, err);
    if (r == 0) {
        same_status("rewritten file", &st, &back);
        TEST(back.seq == 4 && back.pg.nprocs == 1);
    }
    status_free(&back);
    TEST(dir_entries(tmpdir, &tmps) == 1 && tmps == 0);

    /* A missing directory: -1, a reason, nothing created. */
    snprintf(parent, sizeof parent, "%s/nope", tmpdir);
    snprintf(missing, sizeof missing, "%s/nope/memory_status", tmpdir);
    err[0] = '\0';
    TEST(status_write(missing, &st, 0, NULL, err, sizeof err) == -1);
    TEST(err[0] != '\0');
    TEST(stat(parent, &sb) < 0 && errno == ENOENT);
    TEST(dir_entries(tmpdir, &tmps) == 1 && tmps == 0);

    /* The rename fails (a directory is in the way): the temporary file is
     * removed and the directory left alone. */
    snprintf(asdir, sizeof asdir, "%s/adir", tmpdir);
    TEST(mkdir(asdir, 0755) == 0);
    err[0] = '\0';
    TEST(status_write(asdir, &st, 1, NULL, err, sizeof err) == -1);
    snprintf(what, sizeof what, "rename over a directory: %s", err);
    TEST_MSG(strstr(err, "rename") != NULL, what);
    TEST(stat(asdir, &sb) == 0 && S_ISDIR(sb.st_mode));
    TEST(dir_entries(tmpdir, &tmps) == 2 && tmps == 0);
    TEST(rmdir(asdir) == 0);

    /* The old file is still the one written last. */
    r = status_parse_file(path, &back, 0, err, sizeof err);
    TEST_MSG(r == 0 && back.seq == 4, err);
    status_free(&back);

    /* A path too long for the temporary name. */
    longpath = malloc(5000);
    if (longpath) {
        memset(longpath, 'a', 4999);
        longpath[0] = '/';
        longpath[4999] = '\0';
        err[0] = '\0';
        TEST(status_write(longpath, &st, 1, NULL, err, sizeof err) == -1);
        TEST_MSG(strstr(err, "too long") != NULL, err);
        free(longpath);
    }

    TEST(unlink(path) == 0);
    status_free(&st);
}

/* Removes dir/name. */
static void unlink_in(const char *dir, const char *name)
{
    char p[512];

    snprintf(p, sizeof p, "%s/%s", dir, name);
    TEST_MSG(unlink(p) == 0, p);
}

/* One writer per status file: the lock is taken once, refused while held
 * (naming the holder's pid), and its file removed when it is released. */
static void test_lock(void)
{
    struct lockfile a = {-1, ""}, b = {-1, ""};
    char err[ERRLEN] = "", path[256], name[300], text[32];
    long holder = 99;
    struct stat sb;
    FILE *fp;

    snprintf(path, sizeof path, "%s/locked_status", tmpdir);
    snprintf(name, sizeof name, "%s.lock", path);
    TEST_MSG(lock_take(&a, path, &holder, err, sizeof err) == 0, err);
    TEST(a.fd >= 0 && strcmp(a.path, name) == 0);
    TEST(stat(name, &sb) == 0 && S_ISREG(sb.st_mode) && (sb.st_mode & 0777) == 0644);
    fp = fopen(name, "r");
    TEST(fp && fgets(text, sizeof text, fp) && atol(text) == (long)getpid());
    if (fp)
        fclose(fp);
    /* A second take is refused, even in this process (flock is per open file). */
    err[0] = '\0';
    TEST(lock_take(&b, path, &holder, err, sizeof err) == -1);
    TEST(holder == (long)getpid());
    TEST_MSG(strstr(err, "locked") != NULL, err);
    TEST(b.fd == -1);
    lock_release(&a);
    TEST(a.fd == -1);
    TEST(stat(name, &sb) < 0 && errno == ENOENT);
    lock_release(&a); /* Twice is harmless. */
    /* Free again: taken again; a lock file left by a killed holder is reused. */
    TEST_MSG(lock_take(&b, path, &holder, err, sizeof err) == 0, err);
    close(b.fd); /* As a kill would: the file stays, unlocked. */
    TEST(stat(name, &sb) == 0);
    TEST_MSG(lock_take(&a, path, &holder, err, sizeof err) == 0, err);
    lock_release(&a);
    /* A lock file that is not a regular file is refused, not followed. */
    TEST(symlink("/dev/null", name) == 0);
    err[0] = '\0';
    TEST(lock_take(&a, path, &holder, err, sizeof err) == -1 && holder == -1);
    TEST(err[0] != '\0');
    TEST(unlink(name) == 0);
}

/* Creates an empty file at dir/name; returns 0 or -1. */
static int touch(const char *dir, const char *name)
{
    char p[512];
    int fd;

    snprintf(p, sizeof p, "%s/%s", dir, name);
    fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    return fd < 0 ? -1 : close(fd);
}

/* Returns 1 when dir/name exists (a symlink counts, even dangling). */
static int exists(const char *dir, const char *name)
{
    char p[512];
    struct stat sb;

    snprintf(p, sizeof p, "%s/%s", dir, name);
    return lstat(p, &sb) == 0;
}

/* Writes text to dir/name; returns 0 or -1. */
static int put_file(const char *dir, const char *name, const char *text)
{
    char p[512];
    FILE *fp;

    snprintf(p, sizeof p, "%s/%s", dir, name);
    fp = fopen(p, "w");
    if (!fp)
        return -1;
    fputs(text, fp);
    return fclose(fp) == 0 ? 0 : -1;
}

/* The clean-up removes only what status_write could have left: the exact
 * name pattern with its check character, a regular file of ours, empty or
 * starting as a status file; not the user's own files. */
static void test_clean_temps(void)
{
    /* Names that are not memtrack's ("abc12a" and "00000k" are valid suffixes). */
    static const char *keep[] = {"ms.tmp.before", "ms.tmp.a b-c!",    "ms.tmp.abc123",
                                 "ms.tmp.abc12",  "ms.tmp.abc12a0",   "ms.tmp.abc-1a",
                                 "ms.tmpXabc12a", "other.tmp.abc12a", "ms.tmp.00000k.x"};
    char dir[256], path[300], target[300], link[300];
    size_t nkeep = sizeof keep / sizeof keep[0];
    int mine;

    snprintf(dir, sizeof dir, "%s/clean", tmpdir);
    snprintf(path, sizeof path, "%s/ms", dir);
    TEST(mkdir(dir, 0755) == 0);
    for (size_t i = 0; i < nkeep; i++)
        TEST(put_file(dir, keep[i], "memtrack-status 1\n") == 0);
    /* Left by a killed memtrack: empty, part written, blocks allocated. */
    TEST(touch(dir, "ms.tmp.Ab3xYn") == 0);
    TEST(put_file(dir, "ms.tmp.00000k", "memtrack-status 1\nseq 4\ntime") == 0);
    TEST(put_file(dir, "ms.tmp.abc12a", "memtr") == 0);
    TEST(touch(dir, "ms.tmp.DiR00g") == 0);
    snprintf(target, sizeof target, "%s/ms.tmp.DiR00g", dir);
    TEST(truncate(target, 4096) == 0); /* NUL bytes, as fallocate leaves them. */
    /* The right name, but not memtrack's content: the user's. */
    TEST(put_file(dir, "ms.tmp.LiNk0a", "my notes\n") == 0);
    /* The right name, but a symlink or a directory. */
    TEST(touch(dir, "target") == 0);
    snprintf(target, sizeof target, "%s/target", dir);
    snprintf(link, sizeof link, "%s/ms.tmp.Xyz00A", dir);
    TEST(symlink(target, link) == 0);
    snprintf(link, sizeof link, "%s/ms.tmp.FFFFFN", dir);
    TEST(mkdir(link, 0755) == 0);

    mine = status_clean_temps(path);
    TEST_MSG(mine == 4, "4 removed");
    TEST(!exists(dir, "ms.tmp.Ab3xYn") && !exists(dir, "ms.tmp.00000k"));
    TEST(!exists(dir, "ms.tmp.abc12a") && !exists(dir, "ms.tmp.DiR00g"));
    for (size_t i = 0; i < nkeep; i++) {
        TEST_MSG(exists(dir, keep[i]), keep[i]);
        unlink_in(dir, keep[i]);
    }
    TEST(exists(dir, "ms.tmp.LiNk0a") && exists(dir, "ms.tmp.Xyz00A") && exists(dir, "target"));
    unlink_in(dir, "ms.tmp.LiNk0a");
    unlink_in(dir, "ms.tmp.Xyz00A");
    unlink_in(dir, "target");
    TEST(rmdir(link) == 0);
    TEST(rmdir(dir) == 0);
}

/* Where a status path leads: a file stays itself, a link leads to its
 * target (made or not), anything else is refused; the mode is kept. */
static void test_target(void)
{
    char err[ERRLEN] = "", dir[256], file[300], link[300], out[4096], want[4096], name[300];
    struct status st;
    struct stat sb;

    if (make_small(&st) < 0) {
        TEST(!"make_small");
        return;
    }
    snprintf(dir, sizeof dir, "%s/target", tmpdir);
    TEST(mkdir(dir, 0755) == 0);
    snprintf(file, sizeof file, "%s/st", dir);
    TEST_MSG(status_target(file, out, sizeof out, err, sizeof err) == 0, err);
    TEST(strcmp(out, file) == 0); /* Not made yet, not a link: as given. */
    TEST_MSG(status_write(file, &st, 1, NULL, err, sizeof err) == 0, err);
    TEST(chmod(file, 0600) == 0);
    TEST_MSG(status_write(file, &st, 1, NULL, err, sizeof err) == 0, err);
    TEST(stat(file, &sb) == 0 && (sb.st_mode & 0777) == 0600);

    /* A chain of two links, relative: the target, absolute. */
    snprintf(link, sizeof link, "%s/l1", dir);
    TEST(symlink("st", link) == 0);
    snprintf(link, sizeof link, "%s/l2", dir);
    TEST(symlink("l1", link) == 0);
    TEST_MSG(status_target(link, out, sizeof out, err, sizeof err) == 0, err);
    snprintf(want, sizeof want, "%s/st", strrchr(dir, '/'));
    TEST_MSG(out[0] == '/' && strlen(out) > strlen(want) &&
                 strcmp(out + strlen(out) - strlen(want), want) == 0,
             out);
    /* Dangling, into a directory that exists: the target to make. */
    snprintf(link, sizeof link, "%s/l3", dir);
    TEST(symlink("new", link) == 0);
    TEST_MSG(status_target(link, out, sizeof out, err, sizeof err) == 0, err);
    TEST_MSG(strlen(out) > 4 && strcmp(out + strlen(out) - 4, "/new") == 0, out);
    /* Dangling, into a missing directory; a link to a FIFO, to a device. */
    snprintf(link, sizeof link, "%s/l4", dir);
    TEST(symlink("nodir/new", link) == 0);
    TEST(status_target(link, out, sizeof out, err, sizeof err) == -1);
    snprintf(name, sizeof name, "%s/fifo", dir);
    TEST(mkfifo(name, 0644) == 0);
    err[0] = '\0';
    TEST(status_target(name, out, sizeof out, err, sizeof err) == -1);
    TEST_MSG(strstr(err, "is a FIFO") != NULL, err);
    snprintf(link, sizeof link, "%s/l5", dir);
    TEST(symlink("/dev/null", link) == 0);
    TEST(status_target(link, out, sizeof out, err, sizeof err) == -1);
    TEST_MSG(strstr(err, "/dev/null is a character device") != NULL, err);
    TEST(status_target(dir, out, sizeof out, err, sizeof err) == -1);
    TEST_MSG(strstr(err, "is a directory") != NULL, err);
    /* A name of 244 bytes is the longest. */
    snprintf(name, sizeof name, "%s/", dir);
    memset(name + strlen(name), 'n', STATUS_MAX_NAME);
    name[strlen(dir) + 1 + STATUS_MAX_NAME] = '\0';
    TEST_MSG(status_target(name, out, sizeof out, err, sizeof err) == 0, err);
    strcat(name, "n");
    TEST(status_target(name, out, sizeof out, err, sizeof err) == -1);
    TEST_MSG(strstr(err, "245 bytes long; at most 244") != NULL, err);

    for (int i = 1; i <= 5; i++) {
        snprintf(link, sizeof link, "%s/l%d", dir, i);
        TEST(unlink(link) == 0);
    }
    snprintf(name, sizeof name, "%s/fifo", dir);
    TEST(unlink(name) == 0);
    TEST(unlink(file) == 0);
    TEST(rmdir(dir) == 0);
    status_free(&st);
}

/* Reads the file at path into a malloc'd buffer; *len gets its length.
 * Returns NULL when it cannot. */
static char *read_all(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    long n;

    if (fp && fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 && fseek(fp, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)n + 1)) != NULL && fread(buf, 1, (size_t)n, fp) == (size_t)n) {
        *len = (size_t)n;
    } else {
        free(buf);
        buf = NULL;
    }
    if (fp)
        fclose(fp);
    return buf;
}

/* Writes st to path through cache and checks that the file is the one
 * status_format makes. Returns 1 when it is. */
static int cached_same(const char *path, const struct status *st, struct status_cache *cache)
{
    char err[ERRLEN] = "", *want, *got;
    size_t wl = 0, gl = 0;
    int same;

    TEST_MSG(status_write(path, st, 1, cache, err, sizeof err) == 0, err);
    want = format_text(st, &wl);
    got = read_all(path, &gl);
    same = want && got && wl == gl && memcmp(want, got, wl) == 0;
    free(want);
    free(got);
    return same;
}

/* A status_cache changes nothing in the file: after each of a few hundred
 * random changes (allocations, frees, policy changes, resets to other
 * sizes, in memories from 16 to 70000 frames, scattered and not), the file
 * status_write makes with the cache is the one status_format makes. And it
 * does save work: in 70000 scattered frames (thousands of records), taking
 * or freeing one frame formats no more than 8 records again: the memory
 * tracks changes per 64 frames, and only the records that reach into the
 * changed group are formatted (5 at most here). */
static void test_cache(void)
{
    static const uint32_t sizes[] = {5000, 70000, 16, 4097, 4097, 3000, 70000};
    struct status_cache *cache = status_cache_new();
    struct status st;
    struct note n;
    char err[ERRLEN] = "", path[256];
    uint64_t x = 99;
    size_t records = 0, copied, most = 0;
    int steps = 0, same = 0;

    TEST(cache != NULL);
    snprintf(path, sizeof path, "%s/cached", tmpdir);
    if (status_init(&st, sizes[0], 4096, PG_RANDOM, 3, 65536, SEG_FIRST, err, sizeof err) < 0) {
        TEST_MSG(0, err);
        status_cache_free(cache);
        return;
    }
    same += cached_same(path, &st, cache); /* An empty memory: no records at all. */
    steps++;
    for (int round = 0; round < 7; round++) {
        if (round > 0)
            TEST(pg_reset(&st.pg, sizes[round], 4096, &n) == 0);
        for (int i = 0; i < 60; i++) {
            uint64_t r, pid;
            x = x * 6364136223846793005u + 1442695040888963407u;
            r = x >> 33;
            pid = 1 + r % 40;
            if (r % 10 < 6)
                (void)pg_alloc(&st.pg, (int64_t)pid, 1 + (r >> 8) % (st.pg.nframes / 8 * 4096 + 1),
                               &n);
            else if (r % 10 < 9)
                (void)pg_release(&st.pg, (int64_t)pid, &n);
            else
                TEST(pg_set_policy(&st.pg, r % 20 < 19 ? PG_RANDOM : PG_FIRST, r, &n) == 0);
            st.seq++;
            same += cached_same(path, &st, cache);
            steps++;
        }
    }
    /* One frame at a time, in the scattered 70000 frames. */
    TEST(st.pg.nframes == 70000 && st.pg.nfree > 100);
    TEST(pg_set_policy(&st.pg, PG_RANDOM, 5, &n) == 0);
    for (int i = 0; i < 40; i++) {
        if (i % 2 == 0)
            TEST(pg_alloc(&st.pg, 1000, 1, &n) == 0);
        else
            TEST(pg_release(&st.pg, 1000, &n) == 0);
        st.seq++;
        same += cached_same(path, &st, cache);
        steps++;
        copied = status_cache_copied(cache, &records);
        most = records - copied > most ? records - copied : most;
    }
    TEST(steps == 461);
    TEST_MSG(same == steps, "a file written through the cache differs from status_format's");
    TEST(records > 1000);
    TEST_MSG(most <= 8, "one frame changed, more than 8 records formatted again");

    /* One cache, two memories of the same size written in turn: each write
     * is of the memory it is given, not of the cache's last one. */
    struct status other;
    if (status_init(&other, 70000, 4096, PG_RANDOM, 8, 65536, SEG_FIRST, err, sizeof err) == 0) {
        int turns = 0;
        same = 0;
        for (int i = 0; i < 10; i++) {
            struct status *w = i % 2 ? &other : &st;
            TEST(pg_alloc(&w->pg, 2000 + i, 4096 * (1 + i), &n) == 0);
            same += cached_same(path, w, cache);
            turns++;
        }
        TEST_MSG(same == turns, "a cache shared by two memories wrote the wrong one");
        status_free(&other);
    }
    TEST(unlink(path) == 0);
    status_free(&st);
    status_cache_free(cache);
    status_cache_free(NULL);
}

/* Sets frame f of pg directly, as paging.c's actions do: the frame, and
 * in the frame set its bit, its block's free count and its group's stamp.
 * The writer reads all of these. */
static void set_frame(struct paging *pg, uint32_t f, int32_t pid, uint32_t page)
{
    if (fs_used(&pg->set, f) && !pid)
        fs_give(&pg->set, f, f + 1);
    else if (!fs_used(&pg->set, f) && pid)
        fs_take(&pg->set, f, f + 1);
    else
        fs_touch(&pg->set, f, f + 1);
    pg->frames[f].pid = pid;
    pg->frames[f].page = page;
}

/* The cache again, with the frame table changed directly, a few frames at
 * a time, in ways the model's operations rarely produce in one step: runs
 * of 4 made and broken next to `cells` lines, gaps opened and closed,
 * runs extended by the frame after them. The writer reads only the frame
 * table here, so the states need not be consistent otherwise. */
static void test_cache_any_change(void)
{
    enum { N = 5000, STEPS = 1500 };
    struct status_cache *cache = status_cache_new();
    struct status st;
    struct pg_frame *fr;
    char err[ERRLEN] = "", path[256];
    uint64_t x = 7;
    size_t records = 0, copied;
    int same = 0;

    snprintf(path, sizeof path, "%s/any", tmpdir);
    if (!cache || status_init(&st, N, 4096, PG_RANDOM, 1, 65536, SEG_FIRST, err, sizeof err) < 0) {
        TEST_MSG(0, err);
        status_cache_free(cache);
        return;
    }
    fr = st.pg.frames;
    for (int step = 0; step < STEPS; step++) {
        int edits = step == 0 ? N : 1 + (int)(x % 3);
        for (int e = 0; e < edits; e++) {
            uint32_t f, kind, len;
            x = x * 6364136223846793005u + 1442695040888963407u;
            f = (uint32_t)(x >> 33) % N;
            kind = (uint32_t)(x >> 20) % 4;
            len = 1 + (uint32_t)(x >> 10) % 5;
            for (uint32_t k = 0; k < len && f + k < N; k++) {
                if (kind == 0) /* Free. */
                    set_frame(&st.pg, f + k, 0, 0);
                else if (kind == 1 && f + k > 0 && fr[f + k - 1].pid) /* Continue a run. */
                    set_frame(&st.pg, f + k, fr[f + k - 1].pid, fr[f + k - 1].page + 1);
                else /* Anything. */
                    set_frame(&st.pg, f + k, 1 + (int32_t)((x >> 40) + k) % 3,
                              (uint32_t)(x >> 45) % 7 + k * (kind == 3));
            }
        }
        same += cached_same(path, &st, cache);
    }
    TEST_MSG(same == STEPS, "a file written through the cache differs from status_format's");
    copied = status_cache_copied(cache, &records);
    TEST(records > 100 && copied > records / 2); /* The last write did copy records. */
    TEST(unlink(path) == 0);
    status_free(&st);
    status_cache_free(cache);
}

/* ------------------------------------------------------------------------ */

/* Text a user controls (event text, segment names) can never add a line or
 * a record to the status file. */
static void test_no_injection(void)
{
    struct status st, back;
    struct note n;
    char err[ERRLEN], *text = NULL;
    size_t len = 0, lines = 0;
    FILE *fp;

    TEST(status_init(&st, 16, 4096, PG_FIRST, 1, 65536, SEG_FIRST, err, sizeof err) == 0);
    /* A name with a newline or a space is refused before it gets anywhere. */
    TEST(seg_alloc(&st.sm, "a\nend", 10, &n) == -1);
    TEST(seg_alloc(&st.sm, "a b", 10, &n) == -1);
    TEST(seg_alloc(&st.sm, "a=b", 10, &n) == -1);
    TEST(st.sm.seg[0].used == 0);
    /* Notes turn control bytes into spaces, so an event stays one line. */
    note_what(&st.last, "evil\nend\nprocess pid=9 bytes=1 pages=1\r\n");
    note_why(&st.last, "x\nhole base=0 size=1");
    fp = open_memstream(&text, &len);
    TEST(fp && status_format(&st, fp) == 0 && fclose(fp) == 0);
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    TEST(lines == 9); /* magic seq time paging segmentation hole event why end */
    TEST(strstr(text, "\nend\n") == text + len - 5);
    TEST(status_parse_string(text, len, &back, 0, err, sizeof err) == 0);
    TEST(back.pg.nprocs == 0);
    TEST(strchr(back.last.what, '\n') == NULL);
    free(text);
    status_free(&back);

    /* So does a caption (an echo line of a script), cut to 399 characters. */
    char big[1000];
    memset(big, 'z', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    memcpy(big, "cap\nend\ncaption x\r\xc3\xa9", 20);
    status_set_caption(&st, big);
    TEST(strlen(st.caption) == NOTE_MAX - 1 &&
         strncmp(st.caption, "cap end caption x   zz", 22) == 0);
    TEST(strcmp(st.caption + NOTE_MAX - 4, "...") == 0);
    text = NULL;
    fp = open_memstream(&text, &len);
    TEST(fp && status_format(&st, fp) == 0 && fclose(fp) == 0);
    lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    TEST(lines == 10); /* the nine above and the caption */
    TEST(status_parse_string(text, len, &back, 0, err, sizeof err) == 0);
    TEST(strcmp(back.caption, st.caption) == 0);
    free(text);
    status_free(&back);
    status_free(&st);
}

/* The cells record: what it accepts and what it refuses, with line numbers.
 * A memory above 4096 frames writes scattered frames this way. */
/* Every number the writer can meet comes out in full, at every length: pids
 * from 1 to 2^31 - 1 in `cells` entries, and pages and frames on both sides
 * of each power of ten up to the largest memory, in `cells` entries and
 * `map` records. */
static void test_number_lengths(void)
{
    static const int32_t pids[] = {1,         9,         10,         99,         100,
                                   999999,    1000000,   9999999,    10000000,   99999999,
                                   100000000, 999999999, 1000000000, 2147483646, 2147483647};
    static const uint32_t tens[] = {10, 100, 1000, 10000, 100000, 1000000};
    enum { NPID = sizeof pids / sizeof pids[0], NTEN = sizeof tens / sizeof tens[0], AT = 64 };
    const uint32_t npages = PG_MAX_FRAMES - AT - 1; /* Pid 5's, in frames 64 to the last but one. */
    char err[ERRLEN] = "", want[1024], *text;
    struct status st;
    struct pg_restore r;
    size_t len = 0, at;
    uint32_t from = 0;
    int ok = 1;

    if (status_init(&st, PG_MAX_FRAMES, 16, PG_RANDOM, 1, 65536, SEG_FIRST, err, sizeof err) < 0) {
        TEST_MSG(0, err);
        return;
    }
    /* One page each, in frames 1, 3, ..., 29: one `cells` line. */
    pg_restore_begin(&r, &st.pg, 0);
    at = (size_t)snprintf(want, sizeof want, "\ncells from=1");
    for (int i = 0; i < NPID && ok; i++) {
        ok = pg_restore_process(&r, pids[i], 16, 1, err, sizeof err) == 0 &&
             pg_restore_map(&r, 2 * (uint64_t)i + 1, 1, pids[i], 0, err, sizeof err) == 0;
        at += (size_t)snprintf(want + at, sizeof want - at, "%s %d:0", i ? " -" : "", pids[i]);
    }
    snprintf(want + at, sizeof want - at, "\n");
    /* Pid 5: page k in frame 64 + k, but around each power of ten b, pages
     * b and b + 1 swap frames, which makes them a `cells` line of two
     * between two `map` records. */
    ok = ok && pg_restore_process(&r, 5, (uint64_t)npages * 16, npages, err, sizeof err) == 0;
    for (int i = 0; i <= NTEN && ok; i++) {
        uint32_t b = i < NTEN ? tens[i] : npages;
        ok = pg_restore_map(&r, AT + from, b - from, 5, from, err, sizeof err) == 0 &&
             (i == NTEN || (pg_restore_map(&r, AT + b, 1, 5, b + 1, err, sizeof err) == 0 &&
                            pg_restore_map(&r, AT + b + 1, 1, 5, b, err, sizeof err) == 0));
        from = b + 2;
    }
    ok = ok && pg_restore_end(&r, err, sizeof err) == 0;
    pg_restore_abandon(&r); /* After a failure; nothing to do after pg_restore_end. */
    TEST_MSG(ok, err);
    text = ok ? format_text(&st, &len) : NULL;
    if (text) {
        TEST_MSG(strstr(text, want) != NULL, want);
        from = 0;
        for (int i = 0; i <= NTEN; i++) {
            uint32_t b = i < NTEN ? tens[i] : npages;
            snprintf(want, sizeof want, "\nmap frames=%u-%u pid=5 pages=%u-%u\n", AT + from,
                     AT + b - 1, from, b - 1);
            TEST_MSG(strstr(text, want) != NULL, want);
            snprintf(want, sizeof want, "\ncells from=%u 5:%u 5:%u\n", AT + b, b + 1, b);
            TEST_MSG(i == NTEN || strstr(text, want) != NULL, want);
            from = b + 2;
        }
        round_trip("numbers of every length", &st);
    }
    free(text);
    status_free(&st);
}

int main(void)
{
    strcpy(tmpdir, "/tmp/test_status_write.XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }

    test_round_trip_mixed();
    test_round_trip_empty();
    test_round_trip_full();
    test_round_trip_big();
    test_round_trip_max();
    test_round_trip_five_segments();
    test_round_trip_settings();
    test_round_trip_translation();
    test_write();
    test_lock();
    test_clean_temps();
    test_target();
    test_cache();
    test_cache_any_change();

    TEST(rmdir(tmpdir) == 0);
    test_no_injection();
    test_number_lengths();
    return TEST_DONE();
}
