/* test_status_parse.c: tests of the status parser (common/status_parse.c
 * and the records' readers).
 *
 * The base file (the example of docs/status-format.md) parses to the state
 * it describes and is written back byte for byte. The malformed-file table
 * edits it one small change at a time (by text, or by line: a line replaced,
 * inserted, made very long, the file cut); each case names the line the
 * parser must report and a word its message must contain, and checks that
 * the struct is left zeroed, read in full, for display only and through
 * status_parse_fp. Valid edits parse and are written back. A fuzz loop
 * overwrites every byte of the base file. Files on disk go to a fresh
 * directory under /tmp, removed at the end. Everything runs under
 * AddressSanitizer, so every parsed state is released with status_free.
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
#include "segment.h"
#include "status.h"
#include "test.h"
#include "test_status.h"

static char tmpdir[64]; /* The test's directory under /tmp. */

/* The example of docs/status-format.md: two processes, two maps, two
 * segments and the two holes they leave. Line numbers are in the comments;
 * the malformed cases below refer to them. */
static const char base_text[] =
    "memtrack-status 1\n"                                                             /* 1 */
    "seq 10\n"                                                                        /* 2 */
    "time 2026-11-18T11:06:40Z\n"                                                     /* 3 */
    "paging frames=16 page-size=4096 policy=first seed=1 rng=1 processes=2 free=12\n" /* 4 */
    "process pid=1 bytes=10000 pages=3\n"                                             /* 5 */
    "process pid=3 bytes=300 pages=1\n"                                               /* 6 */
    "map frames=0-2 pid=1 pages=0-2\n"                                                /* 7 */
    "map frames=5 pid=3 pages=0\n"                                                    /* 8 */
    "segmentation memory=65536 fit=first next=3500 segments=2 holes=2\n"              /* 9 */
    "segment id=0 name=code base=0 limit=1200\n"                                      /* 10 */
    "segment id=2 name=stack base=1500 limit=2000\n"                                  /* 11 */
    "hole base=1200 size=300\n"                                                       /* 12 */
    "hole base=3500 size=62036\n"                                                     /* 13 */
    "event ok segment 1 'heap' freed: 300 B at 1200-1499\n"                           /* 14 */
    "why no hole next to it, so it becomes a hole of its own: 1200-1499 (300 B)\n"    /* 15 */
    "end\n";                                                                          /* 16 */
#define BASE_LINES 16

/* ------------------------------------------------------------------------ */
/* Helpers */

/* Returns how many lines buf[0..len) has, counting a last unterminated one. */
static size_t count_lines(const char *buf, size_t len)
{
    size_t n = 0;

    for (size_t i = 0; i < len; i++)
        n += buf[i] == '\n';
    return n + (len > 0 && buf[len - 1] != '\n');
}

/* Returns a malloc'd copy of text with the first occurrence of find replaced
 * by repl, or NULL (with a failed check) when find does not occur. */
static char *edit(const char *text, const char *find, const char *repl)
{
    const char *at = strstr(text, find);
    size_t tl = strlen(text), fl = strlen(find), rl = strlen(repl);
    char *out;

    if (!at) {
        TEST_MSG(at != NULL, find);
        return NULL;
    }
    out = malloc(tl - fl + rl + 1);
    if (!out) {
        TEST(out != NULL);
        return NULL;
    }
    memcpy(out, text, (size_t)(at - text));
    memcpy(out + (at - text), repl, rl);
    memcpy(out + (at - text) + rl, at + fl, tl - (size_t)(at - text) - fl + 1);
    return out;
}

/* Parses buf[0..len) with status_parse_fp through a temporary file. Returns
 * what the parser returned; err gets its message. */
static int parse_via_fp(const char *buf, size_t len, struct status *st, char *err, size_t errlen)
{
    FILE *fp = tmpfile();
    int r;

    if (!fp) {
        TEST(fp != NULL);
        memset(st, 0, sizeof *st);
        return -2;
    }
    TEST(fwrite(buf, 1, len, fp) == len);
    rewind(fp);
    r = status_parse_fp(fp, st, 0, err, errlen);
    fclose(fp);
    return r;
}

/* Checks that parsing buf[0..len) fails on line `line` with a message that
 * contains msg and leaves the struct zeroed, both as a string and (for inputs
 * under 1 MiB) through status_parse_fp, which must agree. */
static void expect_bad(const char *name, const char *buf, size_t len, int line, const char *msg)
{
    struct status st;
    char err[ERRLEN] = "", err2[ERRLEN] = "", what[4 * ERRLEN];
    int r, r2;

    memset(&st, 0x5a, sizeof st); /* The parser must zero it, not us. */
    r = status_parse_string(buf, len, &st, 0, err, sizeof err);
    snprintf(what, sizeof what, "%s: returned %d, expected %d; message '%s', expected '%s'", name,
             r, line, err, msg);
    TEST_MSG(r == line, what);
    TEST_MSG(strstr(err, msg) != NULL, what);
    TEST_MSG(printable(err), what);
    TEST_MSG(is_zeroed(&st) && st.pg.frames == NULL, what);
    status_free(&st);

    /* Read for display only, the same line and message. */
    memset(&st, 0x5a, sizeof st);
    r2 = status_parse_string(buf, len, &st, STATUS_DISPLAY_ONLY, err2, sizeof err2);
    snprintf(what, sizeof what, "%s (display only): returned %d and '%s', full read gave %d '%s'",
             name, r2, err2, r, err);
    TEST_MSG(r2 == r && strcmp(err, err2) == 0, what);
    TEST_MSG(is_zeroed(&st), what);
    status_free(&st);

    if (len >= (1u << 20))
        return;
    memset(&st, 0x5a, sizeof st);
    r2 = parse_via_fp(buf, len, &st, err2, sizeof err2);
    snprintf(what, sizeof what, "%s (status_parse_fp): returned %d and '%s', string gave %d '%s'",
             name, r2, err2, r, err);
    TEST_MSG(r2 == r && strcmp(err, err2) == 0, what);
    TEST_MSG(is_zeroed(&st), what);
    status_free(&st);
}

/* As expect_bad, for a NUL-terminated text. */
static void expect_bad_text(const char *name, const char *text, int line, const char *msg)
{
    expect_bad(name, text, strlen(text), line, msg);
}

/* ------------------------------------------------------------------------ */
/* The base file itself */

static void test_base_parses(void)
{
    struct status st;
    char err[ERRLEN] = "", *text;
    size_t len = 0;
    const struct pg_process *p;
    int r;

    TEST(count_lines(base_text, strlen(base_text)) == BASE_LINES);
    r = status_parse_string(base_text, strlen(base_text), &st, 0, err, sizeof err);
    TEST_MSG(r == 0, err);
    if (r != 0)
        return;
    TEST(st.seq == 10);
    TEST(st.time == 1795000000); /* date -u -d 2026-11-18T11:06:40Z +%s */
    TEST(st.pg.nframes == 16);
    TEST(st.pg.page_size == 4096);
    TEST(st.pg.policy == PG_FIRST);
    TEST(st.pg.seed == 1 && st.pg.rng == 1);
    TEST(st.pg.nfree == 12);
    TEST(st.pg.nprocs == 2);
    p = pg_find(&st.pg, 1);
    TEST(p && p->bytes == 10000 && p->npages == 3 && p->frames[0] == 0 && p->frames[1] == 1 &&
         p->frames[2] == 2);
    p = pg_find(&st.pg, 3);
    TEST(p && p->bytes == 300 && p->npages == 1 && p->frames[0] == 5);
    TEST(st.pg.frames[5].pid == 3 && st.pg.frames[5].page == 0);
    TEST(st.pg.frames[2].pid == 1 && st.pg.frames[2].page == 2);
    TEST(st.pg.frames[3].pid == 0 && st.pg.frames[4].pid == 0 && st.pg.frames[15].pid == 0);
    TEST(st.sm.size == 65536);
    TEST(st.sm.fit == SEG_FIRST);
    TEST(st.sm.next == 3500);
    TEST(st.sm.seg[0].used && strcmp(st.sm.seg[0].name, "code") == 0 && st.sm.seg[0].base == 0 &&
         st.sm.seg[0].limit == 1200);
    TEST(!st.sm.seg[1].used && !st.sm.seg[3].used && !st.sm.seg[4].used);
    TEST(st.sm.seg[2].used && strcmp(st.sm.seg[2].name, "stack") == 0 &&
         st.sm.seg[2].base == 1500 && st.sm.seg[2].limit == 2000);
    TEST(st.refused == 0);
    TEST(strcmp(st.last.what, "segment 1 'heap' freed: 300 B at 1200-1499") == 0);
    TEST(strcmp(st.last.why,
                "no hole next to it, so it becomes a hole of its own: 1200-1499 (300 B)") == 0);
    TEST_MSG(pg_check(&st.pg, err, sizeof err) == 0, err);
    TEST_MSG(seg_check(&st.sm, err, sizeof err) == 0, err);

    /* The writer gives back the very same bytes. */
    text = format_text(&st, &len);
    TEST(text && len == strlen(base_text) && memcmp(text, base_text, len) == 0);
    free(text);
    status_free(&st);
    TEST(is_zeroed(&st));

    /* status_free is safe on a zeroed struct, twice. */
    status_free(&st);
    TEST(is_zeroed(&st));
}

/* Returns seconds on the monotonic clock. */
static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Parses path, expecting -1 with msg in the message and a zeroed struct. */
static void expect_unreadable(const char *path, const char *msg)
{
    struct status st;
    char err[ERRLEN] = "", what[4 * ERRLEN];
    int r;

    memset(&st, 0x5a, sizeof st);
    r = status_parse_file(path, &st, 0, err, sizeof err);
    snprintf(what, sizeof what, "%s: returned %d, message '%s', expected -1 and '%s'", path, r, err,
             msg);
    TEST_MSG(r == -1, what);
    TEST_MSG(strstr(err, msg) != NULL, what);
    TEST_MSG(is_zeroed(&st), what);
    status_free(&st);
}

static void test_parse_file(void)
{
    struct status st;
    char err[ERRLEN] = "", path[256], fifo[256];
    double t0;
    FILE *fp;
    int fd, r;

    snprintf(path, sizeof path, "%s/absent", tmpdir);
    expect_unreadable(path, "cannot open");
    expect_unreadable(tmpdir, "not a regular file");
    expect_unreadable("/dev/null", "not a regular file");

    /* A FIFO with no writer must not block the reader. The alarm kills the
     * test (and so fails it) if it does. */
    snprintf(fifo, sizeof fifo, "%s/fifo", tmpdir);
    TEST(mkfifo(fifo, 0600) == 0);
    alarm(20);
    t0 = now_s();
    expect_unreadable(fifo, "not a regular file");
    TEST(now_s() - t0 < 2.0);
    alarm(0);
    TEST(unlink(fifo) == 0);

    /* The good file, an empty one, a cut one, through a path. */
    snprintf(path, sizeof path, "%s/file", tmpdir);
    fp = fopen(path, "w");
    TEST(fp != NULL);
    if (fp) {
        TEST(fputs(base_text, fp) >= 0);
        TEST(fclose(fp) == 0);
        r = status_parse_file(path, &st, 0, err, sizeof err);
        TEST_MSG(r == 0 && st.seq == 10 && st.pg.nprocs == 2, err);
        status_free(&st);
    }
    fp = fopen(path, "w");
    TEST(fp != NULL);
    if (fp) {
        TEST(fclose(fp) == 0);
        r = status_parse_file(path, &st, 0, err, sizeof err);
        TEST_MSG(r == 1 && strstr(err, "empty") != NULL, err);
        TEST(is_zeroed(&st));
        status_free(&st);
    }
    fp = fopen(path, "w");
    TEST(fp != NULL);
    if (fp) {
        TEST(fwrite(base_text, 1, 100, fp) == 100); /* Into line 4. */
        TEST(fclose(fp) == 0);
        r = status_parse_file(path, &st, 0, err, sizeof err);
        TEST_MSG(r == 4 && strstr(err, "newline") != NULL, err);
        TEST(is_zeroed(&st));
        status_free(&st);
    }

    /* Larger than STATUS_MAX_FILE (sparse, so nothing is written). */
    fd = open(path, O_WRONLY | O_TRUNC);
    TEST(fd >= 0);
    if (fd >= 0) {
        TEST(ftruncate(fd, (off_t)STATUS_MAX_FILE + 1) == 0);
        TEST(close(fd) == 0);
        t0 = now_s();
        expect_unreadable(path, "larger than");
        TEST(now_s() - t0 < 2.0);
    }
    TEST(unlink(path) == 0);
}

/* ------------------------------------------------------------------------ */
/* Malformed files */

/* A case is base_text changed one of two ways: by text, `find` replaced by
 * `repl` (and then find2 by repl2, when given), where a NULL find makes the
 * text repl alone; or by line (op not BY_TEXT): a line made of `text` and
 * `count` copies of `fill` replaces line `at`, goes before it, or replaces
 * every line from it on (without a newline), or the file is cut after line
 * `at`; find/repl, when given too, then apply to the result. Columns: name,
 * the line the parser must name, a word its message must contain, the
 * edits. */
enum bad_op {
    BY_TEXT,    /* find/repl only. */
    BY_REPLACE, /* The made line replaces line at. */
    BY_INSERT,  /* The made line goes before line at. */
    BY_TAIL,    /* The made text (no newline) replaces lines at to the end. */
    BY_CUT,     /* Lines 1 to at are kept, nothing else. */
};

struct bad_case {
    const char *name;
    int line;
    const char *msg;
    const char *find, *repl;
    const char *find2, *repl2;
    enum bad_op op;
    int at;           /* The line op works on. */
    const char *text; /* The made line's start, */
    char fill;        /* then count copies of fill. */
    size_t count;
};

#define E1(name_, line_, msg_, find_, repl_)                                                       \
    {                                                                                              \
        .name = name_, .line = line_, .msg = msg_, .find = find_, .repl = repl_                    \
    }
#define E2(name_, line_, msg_, find_, repl_, find2_, repl2_)                                       \
    {                                                                                              \
        .name = name_, .line = line_, .msg = msg_, .find = find_, .repl = repl_, .find2 = find2_,  \
        .repl2 = repl2_                                                                            \
    }
#define BY(name_, line_, msg_, op_, at_, text_, fill_, count_)                                     \
    {                                                                                              \
        .name = name_, .line = line_, .msg = msg_, .op = op_, .at = at_, .text = text_,            \
        .fill = fill_, .count = count_                                                             \
    }
#define CUT(n) BY("cut after line " #n, n + 1, "end", BY_CUT, n, NULL, 0, 0)

static const struct bad_case bad_cases[] = {
    /* The file as a whole. */
    E1("empty file", 1, "empty", NULL, ""),
    E1("only the first line", 2, "end", NULL, "memtrack-status 1\n"),
    E1("last line without newline", 16, "newline", "end\n", "end"),
    E1("missing end", 16, "without 'end'", "end\n", ""),
    E1("text after end", 17, "after 'end'", "end\n", "end\nseq 11\n"),
    E1("end twice", 17, "after 'end'", "end\n", "end\nend\n"),
    E1("empty line", 3, "empty line", "seq 10\n", "seq 10\n\n"),
    E1("empty first line", 1, "empty line", "memtrack-status 1\n", "\nmemtrack-status 1\n"),
    E1("wrong magic", 1, "not a memtrack status file", "memtrack-status 1", "memtrak-status 1"),
    E1("version 9", 1, "version 9 is not supported", "memtrack-status 1", "memtrack-status 9"),
    E1("version 01", 1, "not supported", "memtrack-status 1", "memtrack-status 01"),
    E1("magic without version", 1, "expected 1 field", "memtrack-status 1\n", "memtrack-status\n"),
    E1("magic again on line 2", 2, "out of place", "seq 10\n", "memtrack-status 1\nseq 10\n"),
    E1("unknown record", 4, "unknown record", "paging ", "frobnicate x=1\npaging "),
    E1("record name in capitals", 2, "unknown record", "seq 10", "SEQ 10"),
    E1("leading space", 2, "unknown record", "seq 10\n", " seq 10\n"),
    E1("duplicated seq", 3, "out of place", "seq 10\n", "seq 10\nseq 10\n"),
    E1("segment before paging", 4, "expected 'paging'", "paging ",
       "segment id=0 name=code base=0 limit=1200\npaging "),
    E1("time before seq", 2, "out of place", "seq 10\ntime 2026-11-18T11:06:40Z\n",
       "time 2026-11-18T11:06:40Z\nseq 10\n"),
    E1("missing segmentation", 9, "expected 'segmentation'",
       "segmentation memory=65536 fit=first next=3500 segments=2 holes=2\n", ""),
    E1("missing why", 15, "expected 'why'",
       "why no hole next to it, so it becomes a hole of its own: 1200-1499 (300 B)\n", ""),
    E1("missing event", 14, "expected 'event'",
       "event ok segment 1 'heap' freed: 300 B at 1200-1499\n", ""),
    E1("hole before the segments", 9, "segments=2 but 0", "segment id=0",
       "hole base=1200 size=300\nsegment id=0"),

    /* Fields. */
    E1("seq with two numbers", 2, "expected 1 field", "seq 10", "seq 10 11"),
    E1("seq without number", 2, "expected 1 field", "seq 10\n", "seq\n"),
    E1("paging without free", 4, "expected 7 fields", " processes=2 free=12", " processes=2"),
    E1("paging with an extra field", 4, "expected 7 fields", "free=12", "free=12 extra=1"),
    E1("wrong key name", 4, "should be page-size=", "page-size=4096", "pagesize=4096"),
    E1("fields swapped", 4, "should be seed=", "seed=1 rng=1", "rng=1 seed=1"),
    E1("key with a colon", 5, "should be bytes=", "bytes=10000", "bytes:10000"),
    E1("two spaces", 5, "two spaces", "process pid=1 bytes", "process pid=1  bytes"),
    E1("trailing space", 2, "space at the end", "seq 10\n", "seq 10 \n"),
    E1("tab between fields", 2, "byte 0x09", "seq 10", "seq\t10"),
    E1("too many fields", 2, "too many fields", "seq 10", "seq 1 2 3 4 5 6 7 8 9 10 11 12 13 14"),
    E1("end with a field", 16, "expected 0 fields", "end\n", "end now\n"),

    /* Numbers. */
    E1("negative number", 2, "negative", "seq 10", "seq -10"),
    E1("plus sign", 2, "not a whole number", "seq 10", "seq +10"),
    E1("hexadecimal", 2, "not a whole number", "seq 10", "seq 0x10"),
    E1("huge number", 2, "too large", "seq 10", "seq 99999999999999999999999"),
    E1("seed of 2^64", 4, "too large", "seed=1", "seed=18446744073709551616"),
    E1("empty value", 4, "no number", "rng=1", "rng="),
    E1("number with a letter", 5, "not a whole number", "bytes=10000", "bytes=10000x"),
    E1("number with a K suffix", 5, "not a whole number", "bytes=10000", "bytes=10K"),

    /* Paging settings. */
    E1("frames=0", 4, "too small", "frames=16", "frames=0"),
    E1("frames=4194305", 4, "frames must be", "frames=16", "frames=4194305"),
    E1("page size 1000", 4, "power of two", "page-size=4096", "page-size=1000"),
    E1("page size 8", 4, "power of two", "page-size=4096", "page-size=8"),
    E1("page size 2^31", 4, "power of two", "page-size=4096", "page-size=2147483648"),
    E1("page size 0", 4, "too small", "page-size=4096", "page-size=0"),
    E1("unknown policy", 4, "policy must be", "policy=first", "policy=lru"),
    E1("policy in capitals", 4, "policy must be", "policy=first", "policy=First"),
    E1("free above frames", 4, "more than the 16 frames", "free=12", "free=17"),

    /* Time. */
    E1("month 13", 3, "not a UTC time", "2026-11-18T11:06:40Z", "2026-13-01T00:00:00Z"),
    E1("Feb 29 2027", 3, "not a UTC time", "2026-11-18T11:06:40Z", "2027-02-29T00:00:00Z"),
    E1("Feb 29 2100", 3, "not a UTC time", "2026-11-18T11:06:40Z", "2100-02-29T00:00:00Z"),
    E1("April 31", 3, "not a UTC time", "2026-11-18T11:06:40Z", "2026-04-31T00:00:00Z"),
    E1("day 0", 3, "not a UTC time", "2026-11-18T11:06:40Z", "2026-11-00T00:00:00Z"),
    E1("hour 24", 3, "not a UTC time", "2026-11-18T11:06:40Z", "2026-11-18T24:00:00Z"),
    E1("minute 60", 3, "not a UTC time", "2026-11-18T11:06:40Z", "2026-11-18T11:60:00Z"),
    E1("time without Z", 3, "not a UTC time", "2026-11-18T11:06:40Z", "2026-11-18T11:06:40"),
    E1("time with offset", 3, "not a UTC time", "2026-11-18T11:06:40Z",
       "2026-11-18T11:06:40+01:00"),
    E1("time in seconds", 3, "not a UTC time", "time 2026-11-18T11:06:40Z", "time 1795000000"),

    /* Processes. */
    E1("pages not matching bytes", 5, "need 3 pages", "bytes=10000 pages=3", "bytes=10000 pages=2"),
    E1("one page too many", 6, "300 bytes need", "bytes=300 pages=1", "bytes=300 pages=2"),
    E1("pid 0", 5, "too small", "process pid=1 ", "process pid=0 "),
    E1("pid 2^31", 6, "too large", "process pid=3 ", "process pid=2147483648 "),
    E1("bytes 0", 6, "too small", "bytes=300", "bytes=0"),
    E1("more pages than frames", 6, "only 16 frames", "process pid=3 bytes=300 pages=1",
       "process pid=3 bytes=100000 pages=25"),
    E1("processes out of order", 6, "not above",
       "process pid=1 bytes=10000 pages=3\nprocess pid=3 bytes=300 pages=1\n",
       "process pid=3 bytes=300 pages=1\nprocess pid=1 bytes=10000 pages=3\n"),
    E1("duplicated process", 7, "not above", "process pid=3 bytes=300 pages=1\n",
       "process pid=3 bytes=300 pages=1\nprocess pid=3 bytes=300 pages=1\n"),
    E1("processes= too many", 4, "processes=3 but 2", "processes=2", "processes=3"),
    E1("processes= too few", 4, "processes=1 but 2", "processes=2", "processes=1"),
    E1("free= count wrong", 4, "free=11 but the maps leave 12", "free=12", "free=11"),

    /* Maps. */
    E1("map to an unknown pid", 8, "not listed", "map frames=5 pid=3", "map frames=5 pid=2"),
    E2("map before its process", 5, "not listed", "process pid=1",
       "map frames=5 pid=3 pages=0\nprocess pid=1", "map frames=5 pid=3 pages=0\nsegmentation",
       "segmentation"),
    E1("map frame beyond frames", 8, "outside the 16 frames", "map frames=5 pid=3",
       "map frames=16 pid=3"),
    E1("map range beyond frames", 7, "outside the 16 frames", "map frames=0-2", "map frames=14-16"),
    E1("map frame number too large", 8, "too large", "map frames=5 pid=3",
       "map frames=4194305 pid=3"),
    E1("same frame twice", 8, "already covered", "map frames=5 pid=3", "map frames=2 pid=3"),
    E1("page mapped twice", 8, "already in frame", "map frames=5 pid=3 pages=0",
       "map frames=5 pid=1 pages=2"),
    E1("a page not mapped", 8, "not mapped", "map frames=5 pid=3 pages=0\n", ""),
    E2("a page not mapped, free= adjusted", 8, "not mapped", "map frames=5 pid=3 pages=0\n", "",
       "free=12", "free=13"),
    E1("page beyond the process", 8, "outside P3", "map frames=5 pid=3 pages=0",
       "map frames=5 pid=3 pages=1"),
    E1("frames count != pages count", 7, "3 frames but 2 pages", "pages=0-2", "pages=0-1"),
    E1("decreasing range", 8, "not an increasing range", "map frames=5 pid=3",
       "map frames=5-3 pid=3"),
    E1("range of one with a dash", 8, "not an increasing range", "map frames=5 pid=3",
       "map frames=5-5 pid=3"),
    E1("range without its end", 7, "no number", "map frames=0-2", "map frames=0-"),
    E1("map pid 0", 8, "too small", "map frames=5 pid=3", "map frames=5 pid=0"),

    /* Segmentation. */
    E1("unknown fit", 9, "fit must be", "fit=first", "fit=fastest"),
    E1("memory below 16", 9, "segment memory must be", "memory=65536", "memory=8"),
    E1("memory above 1 TiB", 9, "segment memory must be", "memory=65536", "memory=1099511627777"),
    E1("next beyond memory", 9, "past the 65536 bytes", "next=3500", "next=65537"),
    E1("segments=6", 9, "too large", "segments=2", "segments=6"),
    E1("holes=7", 9, "too large", "holes=2", "holes=7"),
    E1("segments= too many", 9, "segments=3 but 2", "segments=2", "segments=3"),
    E1("segments= too few", 9, "segments=1 but 2", "segments=2", "segments=1"),
    E1("holes= too many", 9, "holes=3 but the segments leave 2", "holes=2", "holes=3"),
    E1("holes= too few", 9, "holes=1 but the segments leave 2", "holes=2", "holes=1"),

    /* Segments. */
    E1("segment id 5", 11, "too large", "segment id=2", "segment id=5"),
    E1("segments out of order", 11, "not above",
       "segment id=0 name=code base=0 limit=1200\nsegment id=2 name=stack base=1500 limit=2000\n",
       "segment id=2 name=stack base=1500 limit=2000\nsegment id=0 name=code base=0 limit=1200\n"),
    E1("duplicated segment id", 11, "not above", "segment id=2", "segment id=0"),
    E1("segment outside memory", 11, "does not fit", "base=1500 limit=2000",
       "base=64000 limit=2000"),
    E1("segment at the end of memory", 11, "does not fit", "base=1500 limit=2000",
       "base=65536 limit=1"),
    E1("segment limit 0", 11, "too small", "limit=2000", "limit=0"),
    E1("overlapping segments", 11, "overlaps", "base=1500", "base=1000"),
    E1("duplicate names", 11, "already used", "name=stack", "name=code"),
    E1("name with a space", 11, "expected 4 fields", "name=stack", "name=st ack"),
    E1("name with a control byte", 11, "byte 0x01", "name=stack",
       "name=st\x01"
       "ack"),
    E1("name starting with a digit", 11, "not a segment name", "name=stack", "name=9stack"),
    E1("name of 16 characters", 11, "not a segment name", "name=stack", "name=abcdefghijklmnop"),
    E1("name with a dot", 11, "not a segment name", "name=stack", "name=st.ack"),
    E1("empty name", 11, "not a segment name", "name=stack", "name="),

    /* Holes. */
    E1("hole not matching the gap", 12, "not the gap", "size=300", "size=299"),
    E1("hole at a wrong base", 12, "not the gap", "hole base=1200", "hole base=1201"),
    E1("holes out of order", 12, "not the gap",
       "hole base=1200 size=300\nhole base=3500 size=62036\n",
       "hole base=3500 size=62036\nhole base=1200 size=300\n"),
    /* holes=2 is a count of hole records that does not add up: the spec
     * names the line that declared it. */
    E1("a hole record missing", 9, "hole", "hole base=3500 size=62036\n", ""),
    E1("an extra hole", 14, "only 2 holes", "hole base=3500 size=62036\n",
       "hole base=3500 size=62036\nhole base=65000 size=1\n"),
    E1("hole size 0", 12, "too small", "size=300", "size=0"),

    /* Event and why. */
    E1("event kind done", 14, "expected 'ok' or 'refused'", "event ok", "event done"),
    E1("event kind in capitals", 14, "expected 'ok' or 'refused'", "event ok", "event OK"),
    E1("event without kind", 14, "expected 'ok' or 'refused'",
       "event ok segment 1 'heap' freed: 300 B at 1200-1499\n", "event\n"),
    E1("byte above 0x7e", 15, "byte 0xc3", "why no hole", "why n\xc3\xb6 hole"),
    E1("DEL byte", 14, "byte 0x7f", "'heap'",
       "'he\x7f"
       "p'"),

/* Version 2: the translate, seg-translate and caption records. They
 * come after `why`, in that order, at most one translation and one
 * caption, and only in a version 2 file. */
#define V2(name, line, msg, rec)                                                                   \
    E2(name, line, msg, "memtrack-status 1", "memtrack-status 2", "\nend\n", "\n" rec "end\n")
    E1("translate in a version 1 file", 16, "in a version 1 file", "\nend\n",
       "\ntranslate pid=1 addr=5000 page=1 offset=904 frame=1 phys=5000 unused=0 hex=0\nend\n"),
    E1("seg-translate in a version 1 file", 16, "in a version 1 file", "\nend\n",
       "\nseg-translate id=0 offset=5 phys=5 hex=0\nend\n"),
    E1("caption in a version 1 file", 16, "'caption' record in a version 1 file", "\nend\n",
       "\ncaption hello\nend\n"),
    V2("translate: no such process", 16, "there is no process 2",
       "translate pid=2 addr=5000 page=1 offset=904 frame=1 phys=5000 unused=0 hex=0\n"),
    V2("translate: page is not addr / page-size", 16, "is page 1 offset 904",
       "translate pid=1 addr=5000 page=2 offset=904 frame=1 phys=5000 unused=0 hex=0\n"),
    V2("translate: offset is not addr % page-size", 16, "not page=1 offset=905",
       "translate pid=1 addr=5000 page=1 offset=905 frame=1 phys=5001 unused=0 hex=0\n"),
    V2("translate: page past the last page", 16, "past the 3 pages",
       "translate pid=1 addr=12288 page=3 offset=0 frame=3 phys=12288 unused=1 hex=0\n"),
    V2("translate: frame does not hold the page", 16, "frame 2 does not hold page 1",
       "translate pid=1 addr=5000 page=1 offset=904 frame=2 phys=9096 unused=0 hex=0\n"),
    V2("translate: frame past the memory", 16, "frame 99 does not hold",
       "translate pid=1 addr=5000 page=1 offset=904 frame=99 phys=5000 unused=0 hex=0\n"),
    V2("translate: wrong physical address", 16,
       "phys=5001, but frame 1 offset 904 is physical 5000",
       "translate pid=1 addr=5000 page=1 offset=904 frame=1 phys=5001 unused=0 hex=0\n"),
    V2("translate: unused but asked for", 16, "unused=1, but process 1 asked for 10000 B",
       "translate pid=1 addr=5000 page=1 offset=904 frame=1 phys=5000 unused=1 hex=0\n"),
    V2("translate: asked for but unused", 16, "unused=0",
       "translate pid=1 addr=10000 page=2 offset=1808 frame=2 phys=10000 unused=0 hex=0\n"),
    V2("translate: hex=2", 16, "hex: '2' is too large",
       "translate pid=1 addr=5000 page=1 offset=904 frame=1 phys=5000 unused=0 hex=2\n"),
    V2("translate: a field missing", 16, "expected 8 fields",
       "translate pid=1 addr=5000 page=1 offset=904 frame=1 phys=5000 unused=0\n"),
    V2("translate: fields out of order", 16, "field 1 should be pid=NUMBER",
       "translate addr=5000 pid=1 page=1 offset=904 frame=1 phys=5000 unused=0 hex=0\n"),
    V2("translate: pid 0", 16, "pid: 0 is too small",
       "translate pid=0 addr=5000 page=1 offset=904 frame=1 phys=5000 unused=0 hex=0\n"),
    V2("translate: two spaces", 16, "two spaces",
       "translate pid=1  addr=5000 page=1 offset=904 frame=1 phys=5000 unused=0 hex=0\n"),
    V2("seg-translate: segment not in use", 16, "segment 1 is not in use",
       "seg-translate id=1 offset=5 phys=1205 hex=0\n"),
    V2("seg-translate: id 5", 16, "id: '5' is too large",
       "seg-translate id=5 offset=5 phys=5 hex=0\n"),
    V2("seg-translate: offset at the limit", 16, "offset 1200 is not below the limit 1200",
       "seg-translate id=0 offset=1200 phys=1200 hex=0\n"),
    V2("seg-translate: wrong physical address", 16, "base 1500 + offset 10 is 1510",
       "seg-translate id=2 offset=10 phys=1500 hex=0\n"),
    V2("seg-translate: a field missing", 16, "expected 4 fields",
       "seg-translate id=2 offset=10 phys=1510\n"),
    V2("caption without text", 16, "caption: no text", "caption\n"),
    V2("caption with only a space", 16, "caption: no text", "caption \n"),
    V2("caption before translate", 17, "'translate' record out of place",
       "caption hi\ntranslate pid=1 addr=5000 page=1 offset=904 frame=1 phys=5000 unused=0 "
       "hex=0\n"),
    V2("two translations", 17, "'seg-translate' record out of place",
       "translate pid=1 addr=5000 page=1 offset=904 frame=1 phys=5000 unused=0 hex=0\n"
       "seg-translate id=2 offset=10 phys=1510 hex=0\n"),
    V2("two captions", 17, "'caption' record out of place", "caption a\ncaption b\n"),
    E2("translate before why", 15, "'translate' record out of place", "memtrack-status 1",
       "memtrack-status 2", "\nwhy ",
       "\ntranslate pid=1 addr=5000 page=1 offset=904 frame=1 phys=5000 unused=0 hex=0\nwhy "),
    E2("caption after end", 17, "after 'end'", "memtrack-status 1", "memtrack-status 2", "\nend\n",
       "\nend\ncaption late\n"),
    E2("caption with a byte above 0x7e", 16, "byte 0xc3", "memtrack-status 1", "memtrack-status 2",
       "\nend\n", "\ncaption caf\xc3\xa9\nend\n"),
#undef V2

    /* Bytes and lines. */
    E1("carriage return", 2, "carriage return", "seq 10\n", "seq 10\r\n"),
    E1("carriage return on line 1", 1, "carriage return", "memtrack-status 1\n",
       "memtrack-status 1\r\n"),
    BY("NUL byte", 2, "NUL", BY_REPLACE, 2, "seq 1", '\0', 1),

    /* Line length: 1024 characters are read (and refused as a record);
     * 1025 are not read at all; nor are 2000, nor 100 MB after the first
     * three lines (refused on line 4, fast). */
    BY("line of 1024 characters", 2, "unknown record", BY_INSERT, 2, "", 'x', 1024),
    BY("line of 1025 characters", 2, "longer than 1024", BY_INSERT, 2, "", 'x', 1025),
    BY("line of 2000 characters", 15, "longer than 1024", BY_REPLACE, 15, "why ", 'y', 1996),
    BY("100 MB line", 4, "longer than 1024", BY_TAIL, 4, "", 'a', (size_t)100 << 20),

    /* Texts of 400 characters: one too many for event, why and caption. */
    BY("event text of 400", 14, "longer than 399", BY_REPLACE, 14, "event ok ", 'e', 400),
    BY("why text of 400", 15, "longer than 399", BY_REPLACE, 15, "why ", 'y', 400),
    {.name = "caption text of 400",
     .line = 16,
     .msg = "caption: text longer than 399",
     .find = "memtrack-status 1",
     .repl = "memtrack-status 2",
     .op = BY_INSERT,
     .at = 16,
     .text = "caption ",
     .fill = 'c',
     .count = 400},

    /* Every cut at a line boundary: the end is missing on the next line. */
    CUT(1),
    CUT(2),
    CUT(3),
    CUT(4),
    CUT(5),
    CUT(6),
    CUT(7),
    CUT(8),
    CUT(9),
    CUT(10),
    CUT(11),
    CUT(12),
    CUT(13),
    CUT(14),
    CUT(15),
};

/* Returns the offset in base_text where line n (1-based) starts; n past
 * the last line gives its length. */
static size_t line_start(int n)
{
    const char *p = base_text;

    for (int i = 1; i < n && *p; i++)
        p = strchr(p, '\n') + 1;
    return (size_t)(p - base_text);
}

/* Makes the text of a case given by line (see struct bad_case): a malloc'd
 * buffer, *len its length (it may hold a NUL byte), or NULL. */
static char *by_line(const struct bad_case *c, size_t *len)
{
    size_t head = line_start(c->op == BY_CUT ? c->at + 1 : c->at),
           tl = c->text ? strlen(c->text) : 0;
    size_t from = c->op == BY_REPLACE ? line_start(c->at + 1) : head;
    size_t rest = c->op == BY_TAIL || c->op == BY_CUT ? 0 : strlen(base_text) - from;
    size_t nl = c->op == BY_REPLACE || c->op == BY_INSERT,
           made = c->op == BY_CUT ? 0 : tl + c->count;
    char *out = malloc(head + made + nl + rest + 1), *p = out;

    TEST(out != NULL);
    if (!out)
        return NULL;
    memcpy(p, base_text, head);
    p += head;
    if (made) {
        memcpy(p, c->text, tl);
        memset(p + tl, c->fill, c->count);
        p += made;
    }
    if (nl)
        *p++ = '\n';
    memcpy(p, base_text + from, rest);
    p += rest;
    *p = '\0';
    *len = (size_t)(p - out);
    return out;
}

/* Returns src with find replaced by repl, then find2 by repl2 (when
 * given); malloc'd, or NULL. */
static char *by_text(const char *src, const struct bad_case *c)
{
    char *text = edit(src, c->find, c->repl), *text2;

    if (!text || !c->find2)
        return text;
    text2 = edit(text, c->find2, c->repl2);
    free(text);
    return text2;
}

/* Runs one table case. A text of a MiB or more must be refused in under two
 * seconds. */
static void run_bad_case(const struct bad_case *c)
{
    char *text;
    size_t len = 0;
    double t0;

    if (c->op == BY_TEXT && !c->find) {
        expect_bad_text(c->name, c->repl, c->line, c->msg);
        return;
    }
    if (c->op == BY_TEXT) {
        text = by_text(base_text, c);
        len = text ? strlen(text) : 0;
    } else {
        text = by_line(c, &len);
        if (text && c->find) {
            char *t2 = by_text(text, c);
            free(text);
            text = t2;
            len = text ? strlen(text) : 0;
        }
    }
    if (!text)
        return;
    t0 = now_s();
    expect_bad(c->name, text, len, c->line, c->msg);
    if (len >= (1u << 20))
        TEST(now_s() - t0 < 2.0);
    free(text);
}

/* Every cut inside a line: that line has no newline. Checked together. */
static void test_cuts_inside_lines(void)
{
    size_t blen = strlen(base_text), wrong = 0, lines = 0;
    struct status st;
    char err[ERRLEN];

    for (size_t at = 1; at < blen; at++) {
        int r;
        if (base_text[at - 1] == '\n') {
            lines++;
            continue;
        }
        err[0] = '\0';
        r = status_parse_string(base_text, at, &st, 0, err, sizeof err);
        if (r != (int)lines + 1 || !strstr(err, "newline") || !is_zeroed(&st)) {
            if (wrong++ < 5)
                fprintf(stderr, "cut at byte %zu: returned %d (expected %zu): %s\n", at, r,
                        lines + 1, err);
        }
        status_free(&st);
    }
    TEST(wrong == 0);
}

/* Edits that stay valid: each must parse, and the parsed state must be
 * written with `check` in its text. Columns: name, find, repl, find2, repl2,
 * check. */
struct good_case {
    const char *name;
    const char *find, *repl, *find2, *repl2;
    const char *check;
};

static const struct good_case good_cases[] = {
    {"name of 15 characters", "name=stack", "name=abcdefghijklmno", NULL, NULL,
     " name=abcdefghijklmno "},
    {"name with _ and -", "name=stack", "name=s_t-4", NULL, NULL, " name=s_t-4 "},
    {"Feb 29 2024", "2026-11-18T11:06:40Z", "2024-02-29T00:00:00Z", NULL, NULL,
     "time 2024-02-29T00:00:00Z"},
    /* The writer must keep the four digits of a year the parser accepts. */
    {"year 999", "2026-11-18T11:06:40Z", "0999-12-31T23:59:59Z", NULL, NULL,
     "time 0999-12-31T23:59:59Z"},
    {"Feb 29 2000", "2026-11-18T11:06:40Z", "2000-02-29T23:59:59Z", NULL, NULL,
     "time 2000-02-29T23:59:59Z"},
    {"seed and rng at 2^64-1", "seed=1 rng=1", "seed=18446744073709551615 rng=18446744073709551615",
     NULL, NULL, "seed=18446744073709551615 rng=18446744073709551615"},
    {"seq 0", "seq 10", "seq 0", NULL, NULL, "\nseq 0\n"},
    {"refused, no text", "event ok segment 1 'heap' freed: 300 B at 1200-1499\n", "event refused\n",
     NULL, NULL, "\nevent refused\nwhy no hole"},
    {"empty why", "why no hole next to it, so it becomes a hole of its own: 1200-1499 (300 B)\n",
     "why\n", NULL, NULL, "\nwhy\nend\n"},
    {"event text with spaces at the ends", "event ok segment 1 'heap' freed: 300 B at 1200-1499\n",
     "event ok  two  spaces \n", NULL, NULL, "\nevent ok  two  spaces \n"},
    {"4194304 frames", "frames=16", "frames=4194304", "free=12", "free=4194300", "frames=4194304 "},
    {"1 TiB of segment memory", "memory=65536", "memory=1099511627776", "hole base=3500 size=62036",
     "hole base=3500 size=1099511624276", "hole base=3500 size=1099511624276\n"},
    {"next at the end of memory", "next=3500", "next=65536", NULL, NULL, " next=65536 "},
    {"pid 2^31-1", "process pid=3 ", "process pid=2147483647 ", "map frames=5 pid=3",
     "map frames=5 pid=2147483647", "map frames=5 pid=2147483647 pages=0\n"},
    {"no process",
     "processes=2 free=12\nprocess pid=1 bytes=10000 pages=3\n"
     "process pid=3 bytes=300 pages=1\nmap frames=0-2 pid=1 pages=0-2\n"
     "map frames=5 pid=3 pages=0\n",
     "processes=0 free=16\n", NULL, NULL, "processes=0 free=16\nsegmentation "},
    {"no segment",
     "next=3500 segments=2 holes=2\nsegment id=0 name=code base=0 limit=1200\n"
     "segment id=2 name=stack base=1500 limit=2000\nhole base=1200 size=300\n"
     "hole base=3500 size=62036\n",
     "next=0 segments=0 holes=1\nhole base=0 size=65536\n", NULL, NULL,
     "segments=0 holes=1\nhole base=0 size=65536\nevent "},
    /* Version 2 records, written back as read. */
    {"translate into the unused end, in hex", "memtrack-status 1", "memtrack-status 2", "\nend\n",
     "\ntranslate pid=1 addr=10000 page=2 offset=1808 frame=2 phys=10000 unused=1 hex=1\nend\n",
     "(300 B)\ntranslate pid=1 addr=10000 page=2 offset=1808 frame=2 phys=10000 unused=1 "
     "hex=1\nend\n"},
    {"translate of P3", "memtrack-status 1", "memtrack-status 2", "\nend\n",
     "\ntranslate pid=3 addr=299 page=0 offset=299 frame=5 phys=20779 unused=0 hex=0\nend\n",
     "\ntranslate pid=3 addr=299 page=0 offset=299 frame=5 phys=20779 unused=0 hex=0\nend\n"},
    {"seg-translate", "memtrack-status 1", "memtrack-status 2", "\nend\n",
     "\nseg-translate id=2 offset=1999 phys=3499 hex=1\nend\n", "memtrack-status 2\n"},
    {"caption with spaces", "memtrack-status 1", "memtrack-status 2", "\nend\n",
     "\ncaption  two  spaces \nend\n", "(300 B)\ncaption  two  spaces \nend\n"},
    {"translation and caption", "memtrack-status 1", "memtrack-status 2", "\nend\n",
     "\nseg-translate id=0 offset=0 phys=0 hex=0\ncaption == Step 2 ==\nend\n",
     "\nseg-translate id=0 offset=0 phys=0 hex=0\ncaption == Step 2 ==\nend\n"},
    /* A version 2 file need not use its records; it is written back as 1. */
    {"version 2 without new records", "memtrack-status 1", "memtrack-status 2", NULL, NULL,
     "memtrack-status 1\nseq 10\n"},
    {"a map split in two", "map frames=0-2 pid=1 pages=0-2\n",
     "map frames=0 pid=1 pages=0\nmap frames=1-2 pid=1 pages=1-2\n", NULL, NULL,
     "\nmap frames=0-2 pid=1 pages=0-2\n"},
};

static void test_good_edits(void)
{
    for (size_t i = 0; i < sizeof good_cases / sizeof good_cases[0]; i++) {
        const struct good_case *c = &good_cases[i];
        struct status st;
        char err[ERRLEN] = "", what[4 * ERRLEN], *text, *t2, *out;
        size_t len = 0;
        int r;

        text = edit(base_text, c->find, c->repl);
        if (text && c->find2) {
            t2 = edit(text, c->find2, c->repl2);
            free(text);
            text = t2;
        }
        if (!text)
            continue;
        r = status_parse_string(text, strlen(text), &st, 0, err, sizeof err);
        snprintf(what, sizeof what, "%s: line %d: %s", c->name, r, err);
        TEST_MSG(r == 0, what);
        if (r == 0) {
            TEST_MSG(pg_check(&st.pg, err, sizeof err) == 0, c->name);
            TEST_MSG(seg_check(&st.sm, err, sizeof err) == 0, c->name);
            out = format_text(&st, &len);
            snprintf(what, sizeof what, "%s: the text written back lacks '%s'", c->name, c->check);
            TEST_MSG(out && strstr(out, c->check) != NULL, what);
            free(out);
        }
        status_free(&st);
        free(text);
    }
}

static void test_malformed(void)
{
    size_t ntable = sizeof bad_cases / sizeof bad_cases[0];

    for (size_t i = 0; i < ntable; i++)
        run_bad_case(&bad_cases[i]);
    printf("malformed files: %zu table cases\n", ntable);
    TEST(ntable >= 45);
    test_cuts_inside_lines();
}

/* ------------------------------------------------------------------------ */
/* Fuzz */

/* Parses buf[0..len): whatever it says, it must not crash; a success must
 * pass pg_check and seg_check and be written back in a form that parses; a
 * failure must name a line of the input (or the one after) and leave the
 * struct zeroed. Returns 1 when all holds, 0 after printing what did not. */
static int fuzz_one(const char *buf, size_t len, const char *how, size_t pos, unsigned *accepted)
{
    struct status st, back;
    char err[ERRLEN] = "", err2[ERRLEN] = "", *out;
    size_t olen = 0, lines = count_lines(buf, len);
    int r, ok = 1;

    r = status_parse_string(buf, len, &st, 0, err, sizeof err);
    if (r == 0) {
        (*accepted)++;
        if (pg_check(&st.pg, err2, sizeof err2) < 0 || seg_check(&st.sm, err2, sizeof err2) < 0)
            ok = 0;
        out = format_text(&st, &olen);
        if (!out || status_parse_string(out, olen, &back, 0, err2, sizeof err2) != 0)
            ok = 0;
        status_free(&back);
        free(out);
    } else if (r < 1 || (size_t)r > lines + 1 || err[0] == '\0' || !printable(err) ||
               !is_zeroed(&st)) {
        ok = 0;
    }
    if (!ok)
        fprintf(stderr, "fuzz %s at byte %zu: returned %d (%s) (%s)\n", how, pos, r, err, err2);
    status_free(&st);
    return ok;
}

static void test_fuzz(void)
{
    static const char vals[] = {'\0', '\n', ' ', '9', '-', 'x', '=', '0'};
    size_t len = strlen(base_text), bad = 0, runs = 0;
    unsigned accepted = 0;
    char *buf = malloc(len + 1), how[32];

    if (!buf) {
        TEST(buf != NULL);
        return;
    }
    for (size_t pos = 0; pos < len; pos++)
        for (size_t v = 0; v < sizeof vals; v++) {
            if (base_text[pos] == vals[v])
                continue;
            memcpy(buf, base_text, len);
            buf[pos] = vals[v];
            snprintf(how, sizeof how, "byte 0x%02x", (unsigned char)vals[v]);
            bad += !fuzz_one(buf, len, how, pos, &accepted);
            runs++;
        }
    /* Each byte removed, and each byte doubled. */
    for (size_t pos = 0; pos < len; pos++) {
        memcpy(buf, base_text, pos);
        memcpy(buf + pos, base_text + pos + 1, len - pos - 1);
        bad += !fuzz_one(buf, len - 1, "removal", pos, &accepted);
        runs++;
    }
    for (size_t pos = 0; pos < len; pos++) {
        memcpy(buf, base_text, pos + 1);
        memcpy(buf + pos + 1, base_text + pos, len - pos);
        bad += !fuzz_one(buf, len + 1, "doubling", pos, &accepted);
        runs++;
    }
    free(buf);
    TEST(bad == 0);
    TEST(accepted > 0 && accepted < runs); /* Some edits are harmless, most are not. */
    printf("fuzz: %zu inputs, %u accepted\n", runs, accepted);
}

/* A byte that is not printable ASCII is reported at its line and column,
 * wherever it falls in a line (the check reads eight bytes at a time). */
static void test_bad_byte_columns(void)
{
    static const unsigned char vals[] = {0x00, 0x01, 0x09, 0x1f, 0x7f,
                                         0x80, 0xa0, 0xc3, 0xfe, 0xff};
    const char *why = strstr(base_text, "\nwhy ") + 1;
    size_t len = strlen(base_text), col_max = (size_t)(strchr(why, '\n') - why), bad = 0;
    char *buf = malloc(len + 1), err[ERRLEN], want[64];

    if (!buf) {
        TEST(buf != NULL);
        return;
    }
    for (size_t v = 0; v < sizeof vals; v++)
        for (size_t col = 1; col <= col_max; col++) {
            struct status st;
            int r;
            memcpy(buf, base_text, len + 1);
            buf[(size_t)(why - base_text) + col - 1] = (char)vals[v];
            r = status_parse_string(buf, len, &st, 0, err, sizeof err);
            snprintf(want, sizeof want, "byte 0x%02x at column %zu ", vals[v], col);
            if (r != 15 || strstr(err, want) == NULL) {
                if (bad++ < 5)
                    fprintf(stderr, "want line 15 '%s', got line %d '%s'\n", want, r, err);
            }
            status_free(&st);
        }
    TEST(bad == 0);
    free(buf);
}

static void test_cells(void)
{
    static const char head[] = "memtrack-status 1\nseq 1\ntime 2026-11-22T00:00:00Z\n"
                               "paging frames=8192 page-size=4096 policy=random seed=1 rng=1 "
                               "processes=2 free=8187\n"
                               "process pid=1 bytes=8192 pages=2\n"
                               "process pid=2 bytes=12288 pages=3\n";
    static const char tail[] = "segmentation memory=65536 fit=first next=0 segments=0 holes=1\n"
                               "hole base=0 size=65536\nevent ok x\nwhy\nend\n";
    static const struct {
        const char *maps; /* The frame records between head and tail. */
        int line;         /* Expected result: 0 or the bad line. */
        const char *msg;  /* A word of the expected message. */
    } cases[] = {
        {"cells from=10 1:0 - - 2:0 1:1\nmap frames=20-21 pid=2 pages=1-2\n", 0, ""},
        {"cells from=10 1:0 1:1\ncells from=12 2:0 2:1 2:2\n", 0, ""},
        {"cells from=10 - 1:0\ncells from=12 2:0 2:1 2:2 1:1\n", 7, "first entry"},
        {"cells from=10 1:0 1:1 -\ncells from=13 2:0 2:1 2:2\n", 7, "last entry"},
        {"cells from=10\n", 7, "no entries"},
        {"cells from=10  1:0\n", 7, "single spaces"},
        {"cells from=10 1:0 1:0\n", 7, "already"},
        {"cells from=10 1:0 3:0\n", 7, "not listed"},
        {"cells from=8191 1:0 1:1\n", 7, "outside"},
        {"cells from=10 1:0 1:x\n", 7, "PID:PAGE"},
        {"cells from=x 1:0\n", 7, "from="},
        {"cells to=10 1:0\n", 7, "from="},
        {"map frames=10-11 pid=1 pages=0-1\ncells from=11 2:0 2:1 2:2\n", 8, "already covered"},
        {"cells from=10 1:0 1:1\ncells from=5 2:0 2:1 2:2\n", 8, "out of order"},
    };
    char text[2048], err[ERRLEN], *out;
    struct status st;
    struct note n;
    size_t len;

    /* A scattered memory above 4096 frames is written with cells and comes
     * back the same, frame by frame. */
    TEST(status_init(&st, 8192, 4096, PG_RANDOM, 5, 65536, SEG_FIRST, err, sizeof err) == 0);
    for (int pid = 1; pid <= 40; pid++)
        TEST(pg_alloc(&st.pg, pid, (uint64_t)(pid % 7 + 1) * 40 * 4096 - 100, &n) == 0);
    TEST(pg_release(&st.pg, 3, &n) == 0);
    out = format_text(&st, &len);
    TEST(out && count_of(out, "\ncells from=") > 10);
    free(out);
    round_trip("8192 scattered frames (cells)", &st);
    status_free(&st);

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int r;
        snprintf(text, sizeof text, "%s%s%s", head, cases[i].maps, tail);
        r = status_parse_string(text, strlen(text), &st, 0, err, sizeof err);
        TEST_MSG(r == cases[i].line, cases[i].maps);
        TEST_MSG(cases[i].line == 0 || strstr(err, cases[i].msg) != NULL, err);
        if (r == 0) {
            TEST(pg_find(&st.pg, 1)->frames[0] == 10);
            status_free(&st);
        }
    }
}

int main(void)
{
    strcpy(tmpdir, "/tmp/test_status_parse.XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }

    test_base_parses();
    test_parse_file();
    test_malformed();
    test_good_edits();
    test_fuzz();

    TEST(rmdir(tmpdir) == 0);
    test_cells();
    test_bad_byte_columns();
    return TEST_DONE();
}
