/* status_paging.c: the paging records of the status file, read and
 * written: `paging` (the settings), `process` (one a process), and the frame
 * records, `map` (a run of frames) and `cells` (scattered frames). See
 * docs/status-format.md and the table in status.c. */
#include "status_impl.h"

#include <string.h>

#include "num.h"

/* ---- Writing ------------------------------------------------------------- */

void status_write_paging(const struct status *st, struct status_cache *cache, struct sink *s)
{
    const struct paging *pg = &st->pg;

    (void)cache;
    status_puts(s, "paging ");
    status_putkv(s, "frames", pg->nframes);
    status_putkv(s, " page-size", pg->page_size);
    status_puts(s, " policy=");
    status_puts(s, pg_policy_name(pg->policy));
    status_putkv(s, " seed", pg->seed);
    status_putkv(s, " rng", pg->rng);
    status_putkv(s, " processes", pg->nprocs);
    status_putkv(s, " free", pg->nfree);
    status_put(s, "\n", 1);
}

void status_write_processes(const struct status *st, struct status_cache *cache, struct sink *s)
{
    const struct paging *pg = &st->pg;

    (void)cache;
    for (size_t i = 0; i < pg->nprocs; i++) {
        status_putkv(s, "process pid", (uint64_t)pg->procs[i].pid);
        status_putkv(s, " bytes", pg->procs[i].bytes);
        status_putkv(s, " pages", pg->procs[i].npages);
        status_put(s, "\n", 1);
    }
}

/* Writes the frame records: `map` and `cells` lines, whichever fits a run
 * (status_put_record), through the cache when there is one. */
void status_write_frames(const struct status *st, struct status_cache *cache, struct sink *s)
{
    if (!cache || status_cache_frames(&st->pg, cache, s) < 0)
        status_put_frames(&st->pg, s);
}

/* Writes one `map` record (a run of frames) in place in the sink. */
static void put_map(struct sink *s, uint32_t f, uint32_t g, int32_t pid, uint32_t page)
{
    char *p;

    status_room(s, 96);
    if (s->err)
        return;
    p = s->buf + s->n;
    memcpy(p, "map frames=", 11);
    p = status_dec(p + 11, f);
    if (g - f > 1) {
        *p++ = '-';
        p = status_dec(p, g - 1);
    }
    memcpy(p, " pid=", 5);
    p = status_dec(p + 5, (uint32_t)pid);
    memcpy(p, " pages=", 7);
    p = status_dec(p + 7, page);
    if (g - f > 1) {
        *p++ = '-';
        p = status_dec(p, page + (g - f - 1));
    }
    *p++ = '\n';
    s->n = (size_t)(p - s->buf);
}

/* Returns the length of the run of frames from f (f in use): consecutive
 * frames holding consecutive pages of one process, counted up to `most`. */
static uint32_t run_length(const struct pg_frame *fr, uint32_t n, uint32_t f, uint32_t most)
{
    uint32_t g = f + 1;

    while (g < n && g - f < most && fr[g].pid == fr[f].pid && fr[g].page == fr[f].page + (g - f))
        g++;
    return g - f;
}

/* Writes one `cells` line from frame f, which is in use and does not start
 * a run of CELLS_RUN frames, and returns the frame after what it covered.
 * The line ends once it is CELLS_LINE characters long, before a frame whose
 * number is a multiple of CELLS_BLOCK, before a free gap of more than
 * CELLS_GAP frames (or one that reaches the end), and before a run of
 * CELLS_RUN frames, which becomes a `map` record; a shorter gap stays in
 * the line as one "-" a frame. The block boundaries keep where lines start
 * from depending on what comes before: a change moves the lines of its own
 * blocks only, and a status_cache copies the rest. The writer's hot loop
 * for a scattered memory: the line is built in place, with no check per
 * entry but these. */
static uint32_t put_cells(struct sink *s, const struct pg_frame *fr, uint32_t n, uint32_t f)
{
    uint32_t block_end = f - f % CELLS_BLOCK + CELLS_BLOCK, stop = block_end < n ? block_end : n;
    char *line, *p;

    /* Header, CELLS_LINE, one more entry after its gap, newline. */
    status_room(s, 32 + CELLS_LINE + 2 * CELLS_GAP + 32 + 16);
    if (s->err)
        return n;
    line = p = s->buf + s->n;
    memcpy(p, "cells from=", 11);
    p = status_dec(p + 11, f);
    for (;;) {
        uint32_t g;

        *p++ = ' ';
        p = status_dec(p, (uint32_t)fr[f].pid);
        *p++ = ':';
        p = status_dec(p, fr[f].page);
        if (++f == stop || p - line >= CELLS_LINE)
            break;
        for (g = f; g < stop && fr[g].pid == 0; g++)
            ;
        if (g == stop || g - f > CELLS_GAP || run_length(fr, n, g, CELLS_RUN) == CELLS_RUN) {
            f = g;
            break;
        }
        p = status_dashes(p, g - f);
        f = g;
    }
    status_end_line(s, p);
    return f;
}

/* Writes the record that starts at frame f (in use): a `map` record for a
 * run of consecutive frames holding consecutive pages of one process, or,
 * in a memory of more than CELLS_ABOVE frames, a `cells` line when the run
 * is shorter than CELLS_RUN (about 8 bytes a frame rather than 27, which
 * keeps a scattered million-frame memory's file small). Returns the frame
 * after what the record covered. */
uint32_t status_put_record(struct sink *s, const struct pg_frame *fr, uint32_t n, uint32_t f)
{
    uint32_t g = f + run_length(fr, n, f, n > CELLS_ABOVE ? CELLS_RUN : 1);

    if (n > CELLS_ABOVE && g - f < CELLS_RUN)
        return put_cells(s, fr, n, f);
    while (g < n && fr[g].pid == fr[f].pid && fr[g].page == fr[f].page + (g - f))
        g++;
    put_map(s, f, g, fr[f].pid, fr[f].page);
    return g;
}

void status_put_frames(const struct paging *pg, struct sink *s)
{
    for (uint32_t f = fs_next_used(&pg->set, 0); f < pg->nframes;)
        f = fs_next_used(&pg->set, status_put_record(s, pg->frames, pg->nframes, f));
}

/* ---- Reading ------------------------------------------------------------- */

/* The parser's calls into paging's restore (pg_restore.h, through the
 * handle p->paging.restore, which the parser owns from the paging record
 * to the end of the maps; status_parse abandons it on an error): a fresh
 * memory with the settings of the `paging` record, a process, a run of
 * frames, and the final check. Each returns 0, or -1 with the reason in
 * why. */
static int restore_begin(struct status_parser *p, uint64_t frames, uint64_t page_size,
                         enum pg_policy pol, uint64_t seed, uint64_t rng, char *why, size_t len)
{
    if (pg_init(&p->st->pg, frames, page_size, pol, seed, why, len) < 0)
        return -1;
    p->st->pg.rng = rng;
    pg_restore_begin(&p->paging.restore, &p->st->pg,
                     p->flags & STATUS_DISPLAY_ONLY ? PG_RESTORE_NO_TABLES : 0);
    return 0;
}

static int restore_process(struct status_parser *p, uint64_t pid, uint64_t bytes, uint64_t pages,
                           char *why, size_t len)
{
    return pg_restore_process(&p->paging.restore, (int64_t)pid, bytes, pages, why, len);
}

static int restore_map(struct status_parser *p, uint64_t frame, uint64_t count, uint64_t pid,
                       uint64_t page, char *why, size_t len)
{
    return pg_restore_map(&p->paging.restore, frame, count, (int64_t)pid, page, why, len);
}

static int restore_end(struct status_parser *p, char *why, size_t len)
{
    return pg_restore_end(&p->paging.restore, why, len);
}

int status_read_paging(struct status_parser *p, unsigned long *line)
{
    uint64_t frames, size, seed, rng;
    enum pg_policy pol;
    const char *w;
    char why[256];

    if (status_num_field(p, 1, "frames", 1, UINT64_MAX, &frames) < 0 ||
        status_num_field(p, 2, "page-size", 1, UINT64_MAX, &size) < 0 ||
        !(w = status_word_field(p, 3, "policy")))
        return -1;
    if (pg_policy_parse(w, &pol) < 0)
        return status_fail(p, "paging: policy must be first or random, not '%.20s'", w);
    if (status_num_field(p, 4, "seed", 0, UINT64_MAX, &seed) < 0 ||
        status_num_field(p, 5, "rng", 0, UINT64_MAX, &rng) < 0 ||
        status_num_field(p, 6, "processes", 0, PG_MAX_FRAMES, &p->paging.nprocs) < 0 ||
        status_num_field(p, 7, "free", 0, PG_MAX_FRAMES, &p->paging.nfree) < 0)
        return -1;
    if (pg_check_settings(frames, size, why, sizeof why) < 0)
        return status_fail(p, "paging: %s", why);
    if (p->paging.nfree > frames)
        return status_fail(p, "paging: free=%llu is more than the %llu frames",
                           (unsigned long long)p->paging.nfree, (unsigned long long)frames);
    if (restore_begin(p, frames, size, pol, seed, rng, why, sizeof why) < 0)
        return status_fail(p, "paging: %s", why);
    p->paging.line = *line;
    return 0;
}

int status_read_process(struct status_parser *p, unsigned long *line)
{
    const struct paging *pg = &p->st->pg;
    uint64_t pid, bytes, pages;
    char why[256];

    (void)line;
    if (status_num_field(p, 1, "pid", 1, PG_MAX_PID, &pid) < 0 ||
        status_num_field(p, 2, "bytes", 1, PG_MAX_BYTES, &bytes) < 0 ||
        status_num_field(p, 3, "pages", 1, PG_MAX_FRAMES, &pages) < 0)
        return -1;
    if (pg->nprocs > 0 && (int64_t)pid <= pg->procs[pg->nprocs - 1].pid)
        return status_fail(p,
                           "process: pid %llu is not above the previous one (%ld); processes "
                           "are listed once each, in increasing order",
                           (unsigned long long)pid, (long)pg->procs[pg->nprocs - 1].pid);
    if (restore_process(p, pid, bytes, pages, why, sizeof why) < 0)
        return status_fail(p, "process: %s", why);
    return 0;
}

/* Checks that a frame record starting at frame `first` comes after the
 * frames the previous one covered. Returns 0, or -1 with the error set. */
static int check_order(struct status_parser *p, const char *rec, uint64_t first)
{
    if (!p->paging.maps_seen || first > p->paging.last_frame)
        return 0;
    return status_fail(p,
                       "%s: frame %llu is already covered or out of order (the previous map "
                       "ends at frame %llu); maps list each frame once, by increasing frame",
                       rec, (unsigned long long)first, (unsigned long long)p->paging.last_frame);
}

/* Restores a `map` record of frames a..b, pid, pages d..; remembers b.
 * Returns 0 or -1 with the error set. */
static int map_run(struct status_parser *p, uint64_t a, uint64_t b, uint64_t pid, uint64_t d)
{
    char why[256];

    if (restore_map(p, a, b - a + 1, pid, d, why, sizeof why) < 0)
        return status_fail(p, "map: %s", why);
    p->paging.maps_seen = 1;
    p->paging.last_frame = b;
    return 0;
}

int status_read_map(struct status_parser *p, unsigned long *line)
{
    uint64_t a, b, pid, d, e;

    (void)line;
    if (status_range_field(p, 1, "frames", PG_MAX_FRAMES, &a, &b) < 0 ||
        status_num_field(p, 2, "pid", 1, PG_MAX_PID, &pid) < 0 ||
        status_range_field(p, 3, "pages", PG_MAX_FRAMES, &d, &e) < 0)
        return -1;
    if (check_order(p, "map", a) < 0)
        return -1;
    if (b - a != e - d)
        return status_fail(p, "map: %llu frames but %llu pages", (unsigned long long)(b - a + 1),
                           (unsigned long long)(e - d + 1));
    return map_run(p, a, b, pid, d);
}

int status_digits(const char **s, uint64_t max, uint64_t *v)
{
    const char *p = *s;
    uint64_t x = 0;

    if (*p < '0' || *p > '9')
        return -1;
    for (; *p >= '0' && *p <= '9'; p++) {
        uint64_t d = (uint64_t)(*p - '0');
        if (x > max / 10 || d > max - x * 10)
            return -1;
        x = x * 10 + d;
    }
    *s = p;
    *v = x;
    return 0;
}

/* Reads "A" or "A-B" (B > A) at *s. Returns 0 or -1. */
static int span(const char **s, uint64_t max, uint64_t *a, uint64_t *b)
{
    if (status_digits(s, max, a) < 0)
        return -1;
    if (**s != '-') {
        *b = *a;
        return 0;
    }
    (*s)++;
    return status_digits(s, max, b) < 0 || *b <= *a ? -1 : 0;
}

/* The common case of a large file, a `map` record in its usual form, read
 * without splitting the line into words; any other form (and a map where
 * no map may be) goes to the general parser (returns 1). */
int status_read_map_line(struct status_parser *p, const struct status_record *row, const char *s,
                         unsigned long *line)
{
    uint64_t a, b, pid, d, e;

    if (strncmp(s, "map frames=", 11) != 0 ||
        (p->last != SP_MAP && p->last != SP_PROCESS && p->last != SP_PAGING))
        return 1;
    s += 11;
    if (span(&s, PG_MAX_FRAMES, &a, &b) < 0 || strncmp(s, " pid=", 5) != 0)
        return 1;
    s += 5;
    if (status_digits(&s, PG_MAX_PID, &pid) < 0 || pid < 1 || strncmp(s, " pages=", 7) != 0)
        return 1;
    s += 7;
    if (span(&s, PG_MAX_FRAMES, &d, &e) < 0 || *s != '\0' || b - a != e - d)
        return 1;
    if (status_advance(p, row, line) < 0 || check_order(p, "map", a) < 0)
        return -1;
    return map_run(p, a, b, pid, d);
}

/* Reads the entries of a `cells` line after its from=F: each " PID:PAGE"
 * (frame F, then F+1, ...) or " -" (a free frame). Returns 0 or -1 with the
 * error set. */
static int cells_entries(struct status_parser *p, const char *s, uint64_t f)
{
    uint64_t pid, page, last = 0;
    char why[256];
    int entries = 0, last_free = 0;

    for (;; f++) {
        if (*s == '\0')
            break;
        if (*s != ' ' || s[1] == ' ' || s[1] == '\0')
            return status_fail(p, "cells: entries are separated by single spaces");
        s++;
        entries++;
        if (*s == '-') {
            s++;
            last_free = 1;
            if (entries == 1)
                return status_fail(p, "cells: the first entry must be a frame in use, not '-'");
            continue;
        }
        last_free = 0;
        if (status_digits(&s, PG_MAX_PID, &pid) < 0 || pid < 1 || *s++ != ':' ||
            status_digits(&s, PG_MAX_FRAMES, &page) < 0)
            return status_fail(p, "cells: entry %d should be PID:PAGE or -", entries);
        if (restore_map(p, f, 1, pid, page, why, sizeof why) < 0)
            return status_fail(p, "cells: entry %d (frame %llu): %s", entries,
                               (unsigned long long)f, why);
        last = f;
    }
    if (entries == 0)
        return status_fail(p, "cells: no entries after from=");
    if (last_free)
        return status_fail(p, "cells: the last entry must be a frame in use, not '-'");
    p->paging.maps_seen = 1;
    p->paging.last_frame = last;
    return 0;
}

/* Reads a `cells` record: "cells from=F E E ...". It is not split into
 * words first: a line holds up to a hundred entries. */
int status_read_cells_line(struct status_parser *p, const struct status_record *row, const char *s,
                           unsigned long *line)
{
    uint64_t f;

    if (status_advance(p, row, line) < 0)
        return -1;
    s += 6; /* "cells " */
    if (strncmp(s, "from=", 5) != 0)
        return status_fail(p, "cells: field 1 should be from=NUMBER");
    s += 5;
    if (status_digits(&s, PG_MAX_FRAMES, &f) < 0)
        return status_fail(p, "cells: from= needs a frame number up to %u", PG_MAX_FRAMES);
    if (check_order(p, "cells", f) < 0)
        return -1;
    return cells_entries(p, s, f);
}

/* Checks the process and free counts the paging record declared, when the
 * parser leaves the paging records. */
int status_close_paging(struct status_parser *p, unsigned long *line)
{
    char why[256];

    if (p->st->pg.nprocs != p->paging.nprocs) {
        *line = p->paging.line;
        return status_fail(p, "paging: processes=%llu but %zu process records follow",
                           (unsigned long long)p->paging.nprocs, p->st->pg.nprocs);
    }
    if (restore_end(p, why, sizeof why) < 0)
        return status_fail(p, "the map records do not add up: %s", why);
    if (p->st->pg.nfree != p->paging.nfree) {
        *line = p->paging.line;
        return status_fail(p, "paging: free=%llu but the maps leave %u frames free",
                           (unsigned long long)p->paging.nfree, p->st->pg.nfree);
    }
    return 0;
}
