/* test_status.h: what the tests of the status writer (test_status_write.c)
 * and parser (test_status_parse.c) share: comparing states, formatting to
 * memory, the round trip. Static inline, so each test binary counts its own
 * checks (test.h) and compiles only what it uses. */
#ifndef MT_TEST_STATUS_H
#define MT_TEST_STATUS_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paging.h"
#include "segment.h"
#include "status.h"
#include "test.h"

#define ERRLEN 512

/* Returns 1 when st is all zero bytes (what a failed parse must leave). */
static inline int is_zeroed(const struct status *st)
{
    static const struct status zero;

    return memcmp(st, &zero, sizeof zero) == 0;
}

/* Returns 1 when s holds printable ASCII only. */
static inline int printable(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
            return 0;
    return 1;
}

/* Returns how many times needle occurs in hay. */
static inline size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;

    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

/* Returns the number of the line of text where needle starts (1 for the
 * first), 0 when it is not there. */
static inline int line_of(const char *text, const char *needle)
{
    const char *at = strstr(text, needle);
    int n = 1;

    if (!at)
        return 0;
    for (const char *c = text; c < at; c++)
        n += *c == '\n';
    return n;
}

/* Formats st into a malloc'd buffer; *len gets its length. Returns NULL
 * (with a failed check) when that fails. */
static inline char *format_text(const struct status *st, size_t *len)
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

/* Compares every field a status file carries; name says which test. */
static inline void same_status(const char *name, const struct status *a, const struct status *b)
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

/* Replaces the first `from` in text with `to` into out (room for len); a
 * failed check, and text unchanged, when from is not there. */
static inline void replace_text(const char *text, const char *from, const char *to, char *out,
                                size_t len)
{
    const char *at = strstr(text, from);

    TEST_MSG(at != NULL, from);
    if (!at) {
        snprintf(out, len, "%s", text);
        return;
    }
    snprintf(out, len, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
}

/* A valid file broken one way: the first `from` replaced with `to`; the
 * parser must fail on `line` (0: the line where `to` is, or, when `to` is
 * empty, the caller's fallback) with a reason that holds msg. */
struct bad_edit {
    const char *name, *from, *to, *msg;
    int line;
};

/* Parses base with each of the n edits applied and checks each refusal:
 * its line, its reason (printable), and the state left zeroed. fallback
 * names the line of an edit that removes text and gives no line. */
static inline void check_bad_edits(const char *base, const struct bad_edit *cases, size_t n,
                                   const char *fallback)
{
    static char text[16384];
    char err[ERRLEN], what[2 * ERRLEN];
    struct status st;

    for (size_t i = 0; i < n; i++) {
        int line = cases[i].line, r;
        replace_text(base, cases[i].from, cases[i].to, text, sizeof text);
        if (!line)
            line = line_of(text, cases[i].to[0] ? cases[i].to : fallback);
        memset(err, 0, sizeof err);
        r = status_parse_string(text, strlen(text), &st, 0, err, sizeof err);
        snprintf(what, sizeof what, "%s: returned %d, expected %d; '%s', expected '%s'",
                 cases[i].name, r, line, err, cases[i].msg);
        TEST_MSG(r > 0 && strstr(err, cases[i].msg) != NULL && printable(err), what);
        TEST_MSG(r == line, what);
        TEST_MSG(is_zeroed(&st), what);
        status_free(&st);
    }
}

/* Formats st, parses the text back, compares every field, formats the parsed
 * state and compares the bytes. */
static inline void round_trip(const char *name, const struct status *st)
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
    r = status_parse_string(text, len, &back, 0, err, sizeof err);
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
    r = status_parse_string(text, len, &back, STATUS_DISPLAY_ONLY, err, sizeof err);
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

#endif
