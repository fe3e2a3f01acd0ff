/* test_status.c: tests of the status file writer and parser (common/status.c).
 *
 * Round trips build states through the public model API (paging.h,
 * segment.h), format them, parse them back and compare every field, then
 * format the parsed state again and compare the bytes. The malformed-file
 * table edits a valid base file (the example of docs/status-format.md) one
 * small change at a time; each case names the line the parser must report
 * and a word its message must contain, and checks that the struct is left
 * zeroed. A fuzz loop overwrites every byte of the base file. Files on disk
 * go to a fresh directory under /tmp, removed at the end. Everything runs
 * under AddressSanitizer, so every parsed state is released with status_free.
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

#define ERRLEN 512

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

/* Returns 1 when st is all zero bytes (what a failed parse must leave). */
static int is_zeroed(const struct status *st)
{
    static const struct status zero;

    return memcmp(st, &zero, sizeof zero) == 0;
}

/* Returns 1 when s holds printable ASCII only. */
static int printable(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
            return 0;
    return 1;
}

/* Returns how many lines buf[0..len) has, counting a last unterminated one. */
static size_t count_lines(const char *buf, size_t len)
{
    size_t n = 0;

    for (size_t i = 0; i < len; i++)
        n += buf[i] == '\n';
    return n + (len > 0 && buf[len - 1] != '\n');
}

/* Returns how many times needle occurs in hay. */
static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;

    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
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

/* Formats st into a malloc'd buffer; *len gets its length. Returns NULL
 * (with a failed check) when that fails. */
static char *format_text(const struct status *st, size_t *len)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *fp = open_memstream(&buf, &n);

    if (!fp) {
        TEST(fp != NULL);
        return NULL;
    }
    TEST(status_format(st, fp) == 0);
    TEST(fclose(fp) == 0);
    *len = n;
    return buf;
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
    r = status_parse_fp(fp, st, err, errlen);
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
    r = status_parse_string(buf, len, &st, err, sizeof err);
    snprintf(what, sizeof what, "%s: returned %d, expected %d; message '%s', expected '%s'", name,
             r, line, err, msg);
    TEST_MSG(r == line, what);
    TEST_MSG(strstr(err, msg) != NULL, what);
    TEST_MSG(printable(err), what);
    TEST_MSG(is_zeroed(&st) && st.pg.frames == NULL, what);
    status_free(&st);

    /* Read for display only, the same line and message. */
    memset(&st, 0x5a, sizeof st);
    r2 = status_parse_string_flags(buf, len, &st, STATUS_DISPLAY_ONLY, err2, sizeof err2);
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

/* Compares every field a status file carries; name says which test. */
static void same_status(const char *name, const struct status *a, const struct status *b)
{
    const struct paging *pa = &a->pg, *pb = &b->pg;
    const struct segmem *sa = &a->sm, *sb = &b->sm;
    uint64_t bad_frames = 0, bad_procs = 0, bad_segs = 0;

    TEST_MSG(a->seq == b->seq, name);
    TEST_MSG(a->time == b->time, name);
    TEST_MSG(a->refused == b->refused, name);
    TEST_MSG(strcmp(a->last.what, b->last.what) == 0, name);
    TEST_MSG(strcmp(a->last.why, b->last.why) == 0, name);
    TEST_MSG(a->xlate.kind == b->xlate.kind, name);
    if (a->xlate.kind == b->xlate.kind && a->xlate.kind != STATUS_XLATE_NONE)
        TEST_MSG(a->xlate.hex == b->xlate.hex && a->xlate.pid == b->xlate.pid &&
                     a->xlate.addr == b->xlate.addr && a->xlate.page == b->xlate.page &&
                     a->xlate.offset == b->xlate.offset && a->xlate.frame == b->xlate.frame &&
                     a->xlate.unused == b->xlate.unused && a->xlate.seg == b->xlate.seg &&
                     a->xlate.physical == b->xlate.physical,
                 name);
    TEST_MSG(strcmp(a->caption, b->caption) == 0, name);

    TEST_MSG(pa->nframes == pb->nframes, name);
    TEST_MSG(pa->page_size == pb->page_size, name);
    TEST_MSG(pa->policy == pb->policy, name);
    TEST_MSG(pa->seed == pb->seed, name);
    TEST_MSG(pa->rng == pb->rng, name);
    TEST_MSG(pa->nfree == pb->nfree, name);
    TEST_MSG(pa->nprocs == pb->nprocs, name);
    if (pa->nframes == pb->nframes)
        for (uint32_t f = 0; f < pa->nframes; f++)
            if (pa->frames[f].pid != pb->frames[f].pid ||
                (pa->frames[f].pid != 0 && pa->frames[f].page != pb->frames[f].page))
                bad_frames++;
    TEST_MSG(bad_frames == 0, name);
    if (pa->nprocs == pb->nprocs)
        for (size_t i = 0; i < pa->nprocs; i++) {
            const struct pg_process *p = &pa->procs[i], *q = &pb->procs[i];
            if (p->pid != q->pid || p->bytes != q->bytes || p->npages != q->npages ||
                (p->npages > 0 &&
                 memcmp(p->frames, q->frames, (size_t)p->npages * sizeof *p->frames) != 0))
                bad_procs++;
        }
    TEST_MSG(bad_procs == 0, name);

    TEST_MSG(sa->size == sb->size, name);
    TEST_MSG(sa->fit == sb->fit, name);
    TEST_MSG(sa->next == sb->next, name);
    for (int id = 0; id < SEG_MAX; id++) {
        const struct segment *s = &sa->seg[id], *t = &sb->seg[id];
        if (!s->used != !t->used)
            bad_segs++;
        else if (s->used &&
                 (strcmp(s->name, t->name) != 0 || s->base != t->base || s->limit != t->limit))
            bad_segs++;
    }
    TEST_MSG(bad_segs == 0, name);
}

/* Formats st, parses the text back, compares every field, formats the parsed
 * state and compares the bytes. */
static void round_trip(const char *name, const struct status *st)
{
    struct status back;
    char err[ERRLEN] = "", what[4 * ERRLEN], *text, *again;
    size_t len = 0, len2 = 0;
    int r;

    snprintf(what, sizeof what, "%s", name);
    TEST_MSG(pg_check(&st->pg, err, sizeof err) == 0, err);
    TEST_MSG(seg_check(&st->sm, err, sizeof err) == 0, err);
    text = format_text(st, &len);
    if (!text)
        return;
    TEST_MSG(len == strlen(text), name);
    r = status_parse_string(text, len, &back, err, sizeof err);
    snprintf(what, sizeof what, "%s: line %d: %s", name, r, err);
    TEST_MSG(r == 0, what);
    if (r == 0) {
        same_status(name, st, &back);
        TEST_MSG(pg_check(&back.pg, err, sizeof err) == 0, err);
        TEST_MSG(seg_check(&back.sm, err, sizeof err) == 0, err);
        again = format_text(&back, &len2);
        TEST_MSG(again && len2 == len && memcmp(text, again, len) == 0, name);
        free(again);
    }
    status_free(&back);
    /* For display only: everything but the page tables, and the same text. */
    r = status_parse_string_flags(text, len, &back, STATUS_DISPLAY_ONLY, err, sizeof err);
    snprintf(what, sizeof what, "%s (display only): line %d: %s", name, r, err);
    TEST_MSG(r == 0, what);
    if (r == 0) {
        size_t tables = 0;
        for (size_t i = 0; i < back.pg.nprocs; i++)
            tables += back.pg.procs[i].frames != NULL;
        TEST_MSG(back.pg.display_only && tables == 0, name);
        TEST_MSG(pg_check(&back.pg, err, sizeof err) == 0, err);
        again = format_text(&back, &len2);
        TEST_MSG(again && len2 == len && memcmp(text, again, len) == 0, name);
        free(again);
    }
    status_free(&back);
    free(text);
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
    r = status_parse_string(base_text, strlen(base_text), &st, err, sizeof err);
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
    r = status_parse_file(path, &back, err, sizeof err);
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
    r = status_parse_file(path, &back, err, sizeof err);
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
    r = status_parse_file(path, &back, err, sizeof err);
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

/* Returns seconds on the monotonic clock. */
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
    r = status_parse_file(path, &st, err, sizeof err);
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
        r = status_parse_file(path, &st, err, sizeof err);
        TEST_MSG(r == 0 && st.seq == 10 && st.pg.nprocs == 2, err);
        status_free(&st);
    }
    fp = fopen(path, "w");
    TEST(fp != NULL);
    if (fp) {
        TEST(fclose(fp) == 0);
        r = status_parse_file(path, &st, err, sizeof err);
        TEST_MSG(r == 1 && strstr(err, "empty") != NULL, err);
        TEST(is_zeroed(&st));
        status_free(&st);
    }
    fp = fopen(path, "w");
    TEST(fp != NULL);
    if (fp) {
        TEST(fwrite(base_text, 1, 100, fp) == 100); /* Into line 4. */
        TEST(fclose(fp) == 0);
        r = status_parse_file(path, &st, err, sizeof err);
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

/* A case is base_text with `find` replaced by `repl` (and then find2 by
 * repl2, when given); a NULL find makes the text repl alone. Columns: name,
 * the line the parser must name, a word its message must contain, the
 * edits. */
struct bad_case {
    const char *name;
    int line;
    const char *msg;
    const char *find, *repl;
    const char *find2, *repl2;
};

#define E1(name, line, msg, find, repl)                                                            \
    {                                                                                              \
        name, line, msg, find, repl, NULL, NULL                                                    \
    }
#define E2(name, line, msg, find, repl, find2, repl2)                                              \
    {                                                                                              \
        name, line, msg, find, repl, find2, repl2                                                  \
    }

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
    E1("version 3", 1, "version 3 is not supported", "memtrack-status 1", "memtrack-status 3"),
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
    E1("too many fields", 2, "too many fields", "seq 10", "seq 1 2 3 4 5 6 7 8 9 10 11 12"),
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
};

/* Runs one table case. */
static void run_bad_case(const struct bad_case *c)
{
    char *text, *text2;

    if (!c->find) {
        expect_bad_text(c->name, c->repl, c->line, c->msg);
        return;
    }
    text = edit(base_text, c->find, c->repl);
    if (!text)
        return;
    if (c->find2) {
        text2 = edit(text, c->find2, c->repl2);
        free(text);
        if (!text2)
            return;
        text = text2;
    }
    expect_bad_text(c->name, text, c->line, c->msg);
    free(text);
}

/* Cases whose text is built in code. Returns how many it ran. */
static int run_built_cases(void)
{
    const size_t big = (size_t)100 << 20;
    const char *nul_text = "memtrack-status 1\nseq 1\0"
                           "0\n";
    size_t blen = strlen(base_text), prefix;
    char line[2100], *text, *text2, *huge;
    double t0;
    int n = 0;

    /* A NUL byte in the middle of line 2. */
    expect_bad("NUL byte", nul_text, 26, 2, "NUL");
    n++;

    /* Line length: 1024 characters are read (and refused as a record);
     * 1025 are not read at all. */
    memset(line, 'x', 1024);
    line[1024] = '\0';
    snprintf(line + 1024, sizeof line - 1024, "\nseq 10\n");
    text = edit(base_text, "seq 10\n", line);
    if (text) {
        expect_bad_text("line of 1024 characters", text, 2, "unknown record");
        free(text);
    }
    n++;
    memset(line, 'x', 1025);
    snprintf(line + 1025, sizeof line - 1025, "\nseq 10\n");
    text = edit(base_text, "seq 10\n", line);
    if (text) {
        expect_bad_text("line of 1025 characters", text, 2, "longer than 1024");
        free(text);
    }
    n++;

    /* A why of 2000 characters. */
    memcpy(line, "why ", 4);
    memset(line + 4, 'y', 1996);
    snprintf(line + 2000, sizeof line - 2000, "\n");
    text =
        edit(base_text,
             "why no hole next to it, so it becomes a hole of its own: 1200-1499 (300 B)\n", line);
    if (text) {
        expect_bad_text("line of 2000 characters", text, 15, "longer than 1024");
        free(text);
    }
    n++;

    /* Texts of 400 characters: one too many for event and why. */
    memcpy(line, "event ok ", 9);
    memset(line + 9, 'e', 400);
    snprintf(line + 409, sizeof line - 409, "\n");
    text = edit(base_text, "event ok segment 1 'heap' freed: 300 B at 1200-1499\n", line);
    if (text) {
        expect_bad_text("event text of 400", text, 14, "longer than 399");
        free(text);
    }
    n++;
    memcpy(line, "why ", 4);
    memset(line + 4, 'y', 400);
    snprintf(line + 404, sizeof line - 404, "\n");
    text =
        edit(base_text,
             "why no hole next to it, so it becomes a hole of its own: 1200-1499 (300 B)\n", line);
    if (text) {
        expect_bad_text("why text of 400", text, 15, "longer than 399");
        free(text);
    }
    n++;

    /* A caption of 400 characters, one too many. */
    memcpy(line, "\ncaption ", 9);
    memset(line + 9, 'c', 400);
    snprintf(line + 409, sizeof line - 409, "\nend\n");
    text = edit(base_text, "\nend\n", line);
    text2 = text ? edit(text, "memtrack-status 1", "memtrack-status 2") : NULL;
    if (text2)
        expect_bad_text("caption text of 400", text2, 16, "caption: text longer than 399");
    free(text);
    free(text2);
    n++;

    /* A 100 MB line after the first three lines: refused on line 4, fast. */
    prefix = (size_t)(strstr(base_text, "paging ") - base_text);
    huge = malloc(prefix + big);
    TEST(huge != NULL);
    if (huge) {
        memcpy(huge, base_text, prefix);
        memset(huge + prefix, 'a', big);
        t0 = now_s();
        expect_bad("100 MB line", huge, prefix + big, 4, "longer than 1024");
        TEST(now_s() - t0 < 2.0);
        free(huge);
    }
    n++;

    /* Every cut at a line boundary: the end is missing on the next line. */
    for (size_t at = 1, lines = 1; at <= blen; at++) {
        char name[64];
        if (base_text[at - 1] != '\n' || at == blen)
            continue;
        snprintf(name, sizeof name, "cut after line %zu", lines);
        expect_bad(name, base_text, at, (int)lines + 1, "end");
        lines++;
        n++;
    }
    return n;
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
        r = status_parse_string(base_text, at, &st, err, sizeof err);
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
        r = status_parse_string(text, strlen(text), &st, err, sizeof err);
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
    int nbuilt;

    for (size_t i = 0; i < ntable; i++)
        run_bad_case(&bad_cases[i]);
    nbuilt = run_built_cases();
    printf("malformed files: %zu table cases, %d built cases\n", ntable, nbuilt);
    TEST(ntable + (size_t)nbuilt >= 45);
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

    r = status_parse_string(buf, len, &st, err, sizeof err);
    if (r == 0) {
        (*accepted)++;
        if (pg_check(&st.pg, err2, sizeof err2) < 0 || seg_check(&st.sm, err2, sizeof err2) < 0)
            ok = 0;
        out = format_text(&st, &olen);
        if (!out || status_parse_string(out, olen, &back, err2, sizeof err2) != 0)
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
    TEST(status_parse_string(text, len, &back, err, sizeof err) == 0);
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
    TEST(status_parse_string(text, len, &back, err, sizeof err) == 0);
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
            r = status_parse_string(buf, len, &st, err, sizeof err);
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
        r = status_parse_string(text, strlen(text), &st, err, sizeof err);
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
    strcpy(tmpdir, "/tmp/test_status.XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }

    test_base_parses();
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
    test_parse_file();
    test_malformed();
    test_good_edits();
    test_fuzz();

    TEST(rmdir(tmpdir) == 0);
    test_no_injection();
    test_cells();
    test_number_lengths();
    test_bad_byte_columns();
    return TEST_DONE();
}
