/* cmd.c: the tracker's actions. See cmd.h. */
#include "cmd.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "num.h"

/* `pagetable` prints one row per page up to this many pages, a screenful;
 * past it, runs of pages in consecutive frames share a row (README.md). */
#define PAGETABLE_ROWS 24

/* Returns the time to stamp on the status file: SOURCE_DATE_EPOCH when set
 * (reproducible files for tests and the sample), else now. */
static int64_t now(void)
{
    const char *e = getenv("SOURCE_DATE_EPOCH");
    uint64_t v;
    char err[64];

    if (e && num_parse(e, NUM_PLAIN, 0, INT32_MAX, &v, err, sizeof err) == 0)
        return (int64_t)v;
    return (int64_t)time(NULL);
}

void cmd_error(const struct session *s, const char *fmt, ...)
{
    va_list ap;

    fflush(stdout);
    fprintf(stderr, "%s: ", s->where ? s->where : "error");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* MEMTRACK_TRACE: notes when a status write finished and how long it took
 * since t0 (CLOCK_MONOTONIC, taken before it), for make bench and tests. */
static void trace_write(struct session *s, const struct timespec *t0)
{
    struct timespec ts, mono;

    if (!s->trace)
        return;
    clock_gettime(CLOCK_REALTIME, &ts);
    clock_gettime(CLOCK_MONOTONIC, &mono);
    fprintf(s->trace, "wrote %llu %lld.%09ld %.6f\n", (unsigned long long)s->st.seq,
            (long long)ts.tv_sec, ts.tv_nsec,
            (double)(mono.tv_sec - t0->tv_sec) + (double)(mono.tv_nsec - t0->tv_nsec) / 1e9);
    fflush(s->trace);
}

/* Writes the status file (none for the script fuzzer); after a write that
 * failed before, says it is written again. Returns 0, or -1 with the reason
 * in err. */
static int write_file(struct session *s, char *err, size_t errlen)
{
    struct timespec t0;

    if (!s->path)
        return 0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (status_write(s->path, &s->st, s->nosync, s->cache, err, errlen) < 0)
        return -1;
    trace_write(s, &t0);
    if (s->write_failed) {
        printf("(the status file %s is being written again)\n", s->path);
        s->write_failed = 0;
    }
    return 0;
}

/* Writes the status file after a change; on failure warns and remembers it
 * (the next change or the exit writes again). Returns 0 or -1. */
static int write_status(struct session *s)
{
    char err[512];

    if (write_file(s, err, sizeof err) == 0)
        return 0;
    fflush(stdout);
    fprintf(stderr,
            "warning: the status file was not updated (%s); memtrack keeps its state "
            "and tries again after the next change and at exit\n",
            err);
    s->write_failed = 1;
    return -1;
}

/* Advances seq for a new event. At its largest, 2^64-1 (reachable only
 * from a resumed file near it), seq stays there rather than wrap to 0, and
 * the first time says so: a viewer that compares seq may miss changes. */
static void next_seq(struct session *s)
{
    if (s->st.seq < UINT64_MAX) {
        s->st.seq++;
        return;
    }
    if (!s->seq_full) {
        fflush(stdout);
        fprintf(stderr,
                "warning: seq is at its largest, %llu, and stays there; a viewer that "
                "compares seq may miss later changes (start afresh without --resume)\n",
                (unsigned long long)s->st.seq);
        s->seq_full = 1;
    }
}

/* Records an event with the translation it made (xl, or NULL for none: a
 * translation record lives exactly as long as its event) and rewrites the
 * status file. Returns 0 or -1. */
static int record(struct session *s, int refused, const struct note *n,
                  const struct status_xlate *xl)
{
    next_seq(s);
    s->st.time = now();
    s->st.refused = refused;
    s->st.last = *n;
    if (xl)
        s->st.xlate = *xl;
    else
        s->st.xlate.kind = STATUS_XLATE_NONE;
    return write_status(s);
}

int cmd_record(struct session *s, int refused, const struct note *n)
{
    return record(s, refused, n, NULL);
}

int cmd_start(struct session *s, const struct note *n, char *err, size_t errlen)
{
    struct timespec t0;

    next_seq(s);
    s->st.time = now();
    s->st.refused = 0;
    s->st.last = *n;
    /* A session starts without the translation or the caption a resumed
     * file may hold: they belonged to the session that wrote it. */
    s->st.xlate.kind = STATUS_XLATE_NONE;
    s->st.caption[0] = '\0';
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (status_write(s->path, &s->st, s->nosync, s->cache, err, errlen) < 0)
        return -1;
    trace_write(s, &t0);
    return 0;
}

int cmd_flush(struct session *s, char *err, size_t errlen)
{
    s->st.time = now();
    return write_file(s, err, errlen);
}

/* Prints a successful note on stdout. */
void cmd_say(const struct note *n)
{
    printf("%s\n", n->what);
    if (n->why[0])
        printf("  why: %s\n", n->why);
}

/* Prints a refused note on stdout (a refusal is an answer, so a transcript
 * keeps it) and marks the action refused. */
void cmd_refuse(struct session *s, const struct note *n)
{
    s->refused = 1;
    printf("refused: %s\n", n->what);
    if (n->why[0])
        printf("  why: %s\n", n->why);
}

/* Reports the outcome r of a changing action and records it. Returns r. */
int cmd_finish(struct session *s, int r, const struct note *n)
{
    /* Write first, then tell: a change the user has seen is on disk. */
    cmd_record(s, r < 0, n);
    if (r < 0)
        cmd_refuse(s, n);
    else
        cmd_say(n);
    return r < 0 ? -1 : 0;
}

int cmd_alloc(struct session *s, int64_t pid, uint64_t bytes)
{
    struct note n;

    if (s->st.vm_on) {
        int r = vm_alloc(&s->st.vm, pid, bytes, &n);
        if (r < 0)
            cmd_bare_reason(&n);
        return cmd_finish(s, r, &n);
    }
    return cmd_finish(s, pg_alloc(&s->st.pg, pid, bytes, &n), &n);
}

int cmd_free(struct session *s, int64_t pid)
{
    struct note n;

    if (s->st.vm_on)
        return cmd_finish(s, vm_release(&s->st.vm, pid, &n), &n);
    return cmd_finish(s, pg_release(&s->st.pg, pid, &n), &n);
}

int cmd_no_process(struct session *s, int64_t pid)
{
    struct note n;

    note_clear(&n);
    note_what(&n, "there is no process P%lld", (long long)pid);
    cmd_refuse(s, &n);
    return -1;
}

const char *cmd_span(char *buf, size_t len, uint64_t a, uint64_t b)
{
    if (a == b)
        snprintf(buf, len, "%llu", (unsigned long long)a);
    else
        snprintf(buf, len, "%llu-%llu", (unsigned long long)a, (unsigned long long)b);
    return buf;
}

int cmd_pagetable(struct session *s, int64_t pid)
{
    const struct paging *pg = &s->st.pg;
    const struct pg_process *p = pg_find(pg, pid);
    uint64_t ps = pg->page_size, last_used;
    char a[48], b[48], c[48];

    if (s->st.vm_on)
        return vmcmd_pagetable(s, pid);
    if (!p)
        return cmd_no_process(s, pid);
    last_used = p->bytes - (uint64_t)(p->npages - 1) * ps;
    printf("Page table of P%lld: %llu B in %u page%s of %llu B (last page: %llu B used, %llu B "
           "unused)\n",
           (long long)pid, (unsigned long long)p->bytes, p->npages, p->npages == 1 ? "" : "s",
           (unsigned long long)ps, (unsigned long long)last_used,
           (unsigned long long)(ps - last_used));
    if (p->npages > PAGETABLE_ROWS)
        printf("  (more than %d pages: pages in consecutive frames share a row)\n", PAGETABLE_ROWS);
    printf("  %-15s %-15s %s\n", "page", "frame", "physical bytes");
    for (uint32_t i = 0; i < p->npages;) {
        uint32_t j = i + 1;
        while (p->npages > PAGETABLE_ROWS && j < p->npages &&
               p->frames[j] == p->frames[i] + (j - i))
            j++;
        printf("  %-15s %-15s %s\n", cmd_span(a, sizeof a, i, j - 1),
               cmd_span(b, sizeof b, p->frames[i], p->frames[j - 1]),
               cmd_span(c, sizeof c, (uint64_t)p->frames[i] * ps,
                        ((uint64_t)p->frames[j - 1] + 1) * ps - 1));
        i = j;
    }
    return 0;
}

int cmd_frames(struct session *s)
{
    const struct paging *pg = &s->st.pg;
    char a[48], b[48];

    if (s->st.vm_on)
        return vmcmd_frames(s);
    printf("Frame table: %u frames of %llu B, %u used, %u free, policy %s\n", pg->nframes,
           (unsigned long long)pg->page_size, pg->nframes - pg->nfree, pg->nfree,
           pg_policy_name(pg->policy));
    printf("  %-15s %s\n", "frame", "holds");
    for (uint32_t f = 0; f < pg->nframes;) {
        const struct pg_frame *x = &pg->frames[f];
        uint32_t g = f + 1;
        if (x->pid == 0) {
            while (g < pg->nframes && pg->frames[g].pid == 0)
                g++;
            printf("  %-15s free\n", cmd_span(a, sizeof a, f, g - 1));
        } else {
            while (g < pg->nframes && pg->frames[g].pid == x->pid &&
                   pg->frames[g].page == x->page + (g - f))
                g++;
            printf("  %-15s P%ld page%s %s\n", cmd_span(a, sizeof a, f, g - 1), (long)x->pid,
                   g - f == 1 ? "" : "s", cmd_span(b, sizeof b, x->page, x->page + (g - f - 1)));
        }
        f = g;
    }
    return 0;
}

int cmd_translate(struct session *s, int64_t pid, uint64_t addr, int hex)
{
    struct pg_xlate x;
    struct status_xlate xl = {.kind = STATUS_XLATE_PAGE, .hex = hex, .addr = addr};
    struct note n;
    uint64_t ps = s->st.pg.page_size;
    char rule[160], lsplit[200], psplit[200], ldec[32] = "", pdec[32] = "";

    if (s->st.vm_on)
        return vmcmd_refuse_paging(s, "translate");
    /* A translation is an event (refused when invalid), so that a viewer
     * can show it: written first, then told, as every event. */
    if (pg_translate(&s->st.pg, pid, addr, hex, &x, &n) < 0) {
        record(s, 1, &n, NULL);
        cmd_refuse(s, &n);
        return -1;
    }
    xl.pid = (int32_t)pid; /* pg_translate checked it: 1 .. PG_MAX_PID. */
    xl.page = x.page;
    xl.offset = x.offset;
    xl.frame = x.frame;
    xl.unused = x.unused;
    xl.physical = x.physical;
    record(s, 0, &n, &xl);
    cmd_say(&n);
    /* The split as the hardware sees it: the page bits are replaced by the
     * frame bits, the offset bits pass through. */
    if (!hex) {
        snprintf(ldec, sizeof ldec, "%llu = ", (unsigned long long)addr);
        snprintf(pdec, sizeof pdec, "%llu = ", (unsigned long long)x.physical);
    }
    printf("  bits: %s\n", pg_split_rule(ps, rule, sizeof rule));
    printf("    logical  %s%s\n", ldec, pg_split(ps, addr, "page", lsplit, sizeof lsplit));
    printf("    physical %s%s\n", pdec, pg_split(ps, x.physical, "frame", psplit, sizeof psplit));
    return 0;
}

int cmd_reset(struct session *s, uint64_t frames, uint64_t page_size)
{
    struct note n;

    if (s->st.vm_on)
        return vmcmd_reset(s, frames, page_size);
    return cmd_finish(s, pg_reset(&s->st.pg, frames, page_size, &n), &n);
}

int cmd_frame_policy(struct session *s, enum pg_policy policy, uint64_t seed)
{
    struct note n;

    if (s->st.vm_on)
        return vmcmd_refuse_paging(s, "frame-policy");
    return cmd_finish(s, pg_set_policy(&s->st.pg, policy, seed, &n), &n);
}

int cmd_seg_alloc(struct session *s, const char *name, uint64_t bytes)
{
    struct note n;

    return cmd_finish(s, seg_alloc(&s->st.sm, name, bytes, &n), &n);
}

int cmd_seg_free(struct session *s, const char *id_or_name)
{
    struct note n;
    char err[256];
    int id = seg_lookup(&s->st.sm, id_or_name, err, sizeof err);

    if (id < 0) {
        note_what(&n, "cannot free: %s", err);
        note_why(&n, "nothing was changed");
        return cmd_finish(s, -1, &n);
    }
    return cmd_finish(s, seg_release(&s->st.sm, id, &n), &n);
}

int cmd_seg_table(struct session *s)
{
    const struct segmem *sm = &s->st.sm;
    struct hole h[SEG_MAX_HOLES];
    unsigned nh = seg_holes(sm, h), live = 0;

    for (int id = 0; id < SEG_MAX; id++)
        live += sm->seg[id].used != 0;
    printf("Segment table: %llu B of segment memory, %u of %d segments, fit %s\n",
           (unsigned long long)sm->size, live, SEG_MAX, seg_fit_name(sm->fit));
    if (live)
        printf("  %-3s %-16s %12s %12s %12s\n", "id", "name", "base", "limit", "last byte");
    for (int id = 0; id < SEG_MAX; id++) {
        const struct segment *g = &sm->seg[id];
        if (g->used)
            printf("  %-3d %-16s %12llu %12llu %12llu\n", id, g->name, (unsigned long long)g->base,
                   (unsigned long long)g->limit, (unsigned long long)(g->base + g->limit - 1));
    }
    printf("  holes:");
    for (unsigned i = 0; i < nh; i++)
        printf("%s %llu-%llu (%llu B)", i ? "," : "", (unsigned long long)h[i].base,
               (unsigned long long)(h[i].base + h[i].size - 1), (unsigned long long)h[i].size);
    printf("%s\n", nh ? "" : " none (memory full)");
    return 0;
}

int cmd_seg_translate(struct session *s, const char *id_or_name, uint64_t offset, int hex)
{
    struct status_xlate xl = {.kind = STATUS_XLATE_SEGMENT, .hex = hex};
    struct note n;
    char err[256];
    uint64_t phys;
    int id = seg_lookup(&s->st.sm, id_or_name, err, sizeof err);

    if (id < 0) {
        note_clear(&n);
        note_what(&n, "cannot translate: %s", err);
        return cmd_finish(s, -1, &n);
    }
    if (seg_translate(&s->st.sm, id, offset, hex, &phys, &n) < 0)
        return cmd_finish(s, -1, &n);
    xl.seg = id;
    xl.offset = offset;
    xl.physical = phys;
    record(s, 0, &n, &xl);
    cmd_say(&n);
    if (!hex)
        printf("  hex: base 0x%llx + offset 0x%llx = physical 0x%llx (an addition: no bits are "
               "split off)\n",
               (unsigned long long)s->st.sm.seg[id].base, (unsigned long long)offset,
               (unsigned long long)phys);
    return 0;
}

int cmd_echo(struct session *s, const char *text)
{
    printf("%s\n", text);
    /* Not an event: the last event and its translation stay. */
    status_set_caption(&s->st, text);
    next_seq(s);
    s->st.time = now();
    write_status(s);
    return 0;
}

int cmd_fit(struct session *s, enum seg_fit fit)
{
    struct note n;

    return cmd_finish(s, seg_set_fit(&s->st.sm, fit, &n), &n);
}

int cmd_compact(struct session *s)
{
    struct note n;

    return cmd_finish(s, seg_compact(&s->st.sm, &n), &n);
}

int cmd_seg_reset(struct session *s, uint64_t bytes)
{
    struct note n;

    return cmd_finish(s, seg_reset(&s->st.sm, bytes, &n), &n);
}

/* Prints the paging half of `stats`. */
static void paging_stats(const struct session *s)
{
    const struct paging *pg = &s->st.pg;
    uint64_t used = pg->nframes - pg->nfree, frag = pg_total_internal_frag(pg);
    char total[32];

    printf("Paging: %u frames x %llu B = %s; %llu used, %u free; %zu process%s\n", pg->nframes,
           (unsigned long long)pg->page_size,
           num_bytes((uint64_t)pg->nframes * pg->page_size, total, sizeof total),
           (unsigned long long)used, pg->nfree, pg->nprocs, pg->nprocs == 1 ? "" : "es");
    for (size_t i = 0; i < pg->nprocs; i++) {
        const struct pg_process *p = &pg->procs[i];
        printf("  P%-8ld asked %12llu B   pages %8u   internal fragmentation %llu B\n",
               (long)p->pid, (unsigned long long)p->bytes, p->npages,
               (unsigned long long)pg_internal_frag(pg, p));
    }
    if (used)
        printf("  internal fragmentation in all: %llu B of %llu B allocated (%.1f%%)\n",
               (unsigned long long)frag, (unsigned long long)(used * pg->page_size),
               100.0 * (double)frag / (double)(used * pg->page_size));
}

int cmd_stats(struct session *s)
{
    struct seg_stats ss;

    if (s->st.vm_on)
        vmcmd_stats(s);
    else
        paging_stats(s);
    seg_stats(&s->st.sm, &ss);
    printf("Segmentation: %llu B; %u segment%s %llu B, %llu B free in %u hole%s\n",
           (unsigned long long)s->st.sm.size, ss.nsegs, ss.nsegs == 1 ? " uses" : "s use",
           (unsigned long long)ss.used, (unsigned long long)ss.free, ss.nholes,
           ss.nholes == 1 ? "" : "s");
    if (ss.free)
        printf("  largest hole %llu B; external fragmentation 1 - %llu/%llu = %.1f%%\n",
               (unsigned long long)ss.largest, (unsigned long long)ss.largest,
               (unsigned long long)ss.free, ss.ext_frag * 100.0);
    else
        printf("  no free space, so no external fragmentation\n");
    heapcmd_stats(s);
    return 0;
}
