/* status.c: writing and parsing the memory status file. See status.h and
 * docs/status-format.md, which documents every record. */
/* fallocate (Linux), to keep a rename from flushing the new file: see
 * preallocate below. */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE
#endif

#include "status.h"

#include <errno.h>
#include <dirent.h>
#include <limits.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "num.h"
#include "pg_restore.h"

#define MAX_FIELDS 12 /* Most space-separated words a record has. */

int status_init(struct status *st, uint64_t nframes, uint64_t page_size, enum pg_policy policy,
                uint64_t seed, uint64_t seg_memory, enum seg_fit fit, char *err, size_t errlen)
{
    struct status fresh;

    memset(&fresh, 0, sizeof fresh);
    if (seg_init(&fresh.sm, seg_memory, fit, err, errlen) < 0 ||
        pg_init(&fresh.pg, nframes, page_size, policy, seed, err, errlen) < 0)
        return -1;
    *st = fresh;
    return 0;
}

void status_free(struct status *st)
{
    pg_free(&st->pg);
    memset(st, 0, sizeof *st);
}

void status_set_caption(struct status *st, const char *text)
{
    st->caption[0] = '\0';
    note_append(st->caption, sizeof st->caption, "%s", text);
}

/* ---- Writing ---------------------------------------------------------- */

/* Where formatted text goes: a FILE (status_format) or a file descriptor
 * (status_write), through a buffer of SINK_CHUNK bytes; or memory (the
 * text a status_cache keeps), where the buffer grows and nothing is
 * written. Numbers are formatted by hand: a memory of a million scattered
 * frames is a million numbers, and printf would dominate every change. */
struct sink {
    FILE *fp;     /* Destination, or NULL. */
    int fd;       /* Destination when fp is NULL, or -1: memory. */
    int prealloc; /* fd: allocate the file's blocks before writing them. */
    off_t off;    /* fd: bytes written so far. */
    int err;      /* errno of the first failure, or 0. */
    char *buf;    /* Text not yet written; for memory, all of it. */
    size_t n;     /* Bytes in buf. */
    size_t cap;   /* buf's capacity. */
};

#define SINK_CHUNK (1 << 16) /* Buffer of a sink to a file. */

/* Allocates the blocks of fd's bytes off..off+len-1 before they are
 * written, where the system can (Linux; otherwise nothing). Without it,
 * ext4 (and others) allocate a file's blocks only when they write it back,
 * and renaming a new file over an old one forces that write-back to start
 * at once ("auto_da_alloc"): 0.14 ms of a 0.2 ms change at 16 frames, 6 ms
 * for a 7 MB file. With the blocks allocated, the data goes to disk later,
 * in the background. Used only under --no-sync, which asks for no disk
 * write on the way; a failure (a file system without it) changes nothing. */
static void preallocate(int fd, off_t off, size_t len)
{
#if defined(__linux__)
    (void)fallocate(fd, 0, off, (off_t)len);
#else
    (void)fd;
    (void)off;
    (void)len;
#endif
}

/* Writes len bytes at p to the sink's file (not memory), after what it
 * holds in buf. Records the first error in s->err. */
static void sink_write(struct sink *s, const char *p, size_t len)
{
    size_t off = 0;

    if (s->err || len == 0)
        return;
    if (s->fp) {
        if (fwrite(p, 1, len, s->fp) != len)
            s->err = errno ? errno : EIO;
        return;
    }
    if (s->prealloc)
        preallocate(s->fd, s->off, len);
    s->off += (off_t)len;
    while (off < len) {
        ssize_t w = write(s->fd, p + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            s->err = w < 0 ? errno : EIO;
            break;
        }
        off += (size_t)w;
    }
}

/* Writes out what buf holds (a file sink; nothing for memory). */
static void sink_flush(struct sink *s)
{
    if (s->fp || s->fd >= 0) {
        sink_write(s, s->buf, s->n);
        s->n = 0;
    }
}

/* Makes room for `need` more bytes in buf: a file sink writes out what it
 * holds (need is at most SINK_CHUNK), memory grows. When memory cannot
 * grow, sets s->err and empties buf, so that callers can go on writing
 * (into nothing) and check s->err at the end. */
static void sink_room(struct sink *s, size_t need)
{
    size_t cap;
    char *nb;

    if (s->cap - s->n >= need)
        return;
    if (s->fp || s->fd >= 0) {
        sink_flush(s);
        return;
    }
    for (cap = s->cap ? s->cap : SINK_CHUNK; cap - s->n < need; cap *= 2)
        ;
    nb = realloc(s->buf, cap);
    if (!nb) {
        s->err = ENOMEM;
        s->n = 0;
        return;
    }
    s->buf = nb;
    s->cap = cap;
}

static void put(struct sink *s, const char *p, size_t len)
{
    if (len == 0)
        return;
    if (len > SINK_CHUNK / 2 && (s->fp || s->fd >= 0)) {
        /* Large text (a cache's frame records) goes straight out. */
        sink_flush(s);
        sink_write(s, p, len);
        return;
    }
    sink_room(s, len);
    if (s->err)
        return;
    memcpy(s->buf + s->n, p, len);
    s->n += len;
}

static void puts_(struct sink *s, const char *str)
{
    put(s, str, strlen(str));
}

/* Appends v in decimal. */
static void putu(struct sink *s, uint64_t v)
{
    char tmp[24];
    int i = sizeof tmp;

    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    put(s, tmp + i, sizeof tmp - (size_t)i);
}

/* Appends "key=v". */
static void putkv(struct sink *s, const char *key, uint64_t v)
{
    puts_(s, key);
    put(s, "=", 1);
    putu(s, v);
}

/* Writes v in decimal at p; returns the end. Digits go straight to their
 * place, back to front, two at a time (no temporary: copying one would
 * stall on store forwarding in the hottest loop of the writer). */
static inline char *dec(char *p, uint32_t v)
{
    int n = v < 10           ? 1
            : v < 100        ? 2
            : v < 1000       ? 3
            : v < 10000      ? 4
            : v < 100000     ? 5
            : v < 1000000    ? 6
            : v < 10000000   ? 7
            : v < 100000000  ? 8
            : v < 1000000000 ? 9
                             : 10;

    static const char pairs[201] = "00010203040506070809101112131415161718192021222324"
                                   "25262728293031323334353637383940414243444546474849"
                                   "50515253545556575859606162636465666768697071727374"
                                   "75767778798081828384858687888990919293949596979899";
    char *q = p + n;

    while (v >= 100) {
        unsigned r = v % 100;
        v /= 100;
        q -= 2;
        q[0] = pairs[2 * r];
        q[1] = pairs[2 * r + 1];
    }
    if (v >= 10) {
        q -= 2;
        q[0] = pairs[2 * v];
        q[1] = pairs[2 * v + 1];
    } else {
        *--q = (char)('0' + v);
    }
    return p + n;
}

/* Memories larger than this write short runs as `cells` records. */
#define CELLS_ABOVE 4096
#define CELLS_RUN   4   /* Runs shorter than this go into `cells` lines. */
#define CELLS_GAP   8   /* Free gaps up to this long stay in a line as "-". */
#define CELLS_LINE  900 /* A `cells` line is ended past this many characters, */
#define CELLS_BLOCK 64  /* and before a frame whose number is a multiple of this. */

/* Writes one `map` record (a run of frames) in place in the sink. */
static void put_map(struct sink *s, uint32_t f, uint32_t g, int32_t pid, uint32_t page)
{
    char *p;

    sink_room(s, 96);
    if (s->err)
        return;
    p = s->buf + s->n;
    memcpy(p, "map frames=", 11);
    p = dec(p + 11, f);
    if (g - f > 1) {
        *p++ = '-';
        p = dec(p, g - 1);
    }
    memcpy(p, " pid=", 5);
    p = dec(p + 5, (uint32_t)pid);
    memcpy(p, " pages=", 7);
    p = dec(p + 7, page);
    if (g - f > 1) {
        *p++ = '-';
        p = dec(p, page + (g - f - 1));
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
    sink_room(s, 32 + CELLS_LINE + 2 * CELLS_GAP + 32 + 16);
    if (s->err)
        return n;
    line = p = s->buf + s->n;
    memcpy(p, "cells from=", 11);
    p = dec(p + 11, f);
    for (;;) {
        uint32_t g;

        *p++ = ' ';
        p = dec(p, (uint32_t)fr[f].pid);
        *p++ = ':';
        p = dec(p, fr[f].page);
        if (++f == stop || p - line >= CELLS_LINE)
            break;
        for (g = f; g < stop && fr[g].pid == 0; g++)
            ;
        if (g == stop || g - f > CELLS_GAP || run_length(fr, n, g, CELLS_RUN) == CELLS_RUN) {
            f = g;
            break;
        }
        for (; f < g; f++) {
            memcpy(p, " -", 2);
            p += 2;
        }
    }
    *p++ = '\n';
    s->n = (size_t)(p - s->buf);
    return f;
}

/* Writes the record that starts at frame f (in use): a `map` record for a
 * run of consecutive frames holding consecutive pages of one process, or,
 * in a memory of more than CELLS_ABOVE frames, a `cells` line when the run
 * is shorter than CELLS_RUN (about 8 bytes a frame rather than 27, which
 * keeps a scattered million-frame memory's file small). Returns the frame
 * after what the record covered. */
static uint32_t put_record(struct sink *s, const struct pg_frame *fr, uint32_t n, uint32_t f)
{
    uint32_t g = f + run_length(fr, n, f, n > CELLS_ABOVE ? CELLS_RUN : 1);

    if (n > CELLS_ABOVE && g - f < CELLS_RUN)
        return put_cells(s, fr, n, f);
    while (g < n && fr[g].pid == fr[f].pid && fr[g].page == fr[f].page + (g - f))
        g++;
    put_map(s, f, g, fr[f].pid, fr[f].page);
    return g;
}

/* Writes the frame table, record by record, by increasing frame. */
static void format_maps(const struct paging *pg, struct sink *s)
{
    for (uint32_t f = fs_next_used(&pg->set, 0); f < pg->nframes;)
        f = fs_next_used(&pg->set, put_record(s, pg->frames, pg->nframes, f));
}

/* Where a frame record of the text a cache keeps starts. */
struct status_line {
    uint32_t from; /* Its first frame. */
    size_t at;     /* Its offset in the text. */
};

/* The frame records last written for one memory, and which memory and
 * version they were written from. Each record's text depends only on the
 * frames from its first to the first of the next record, and CELLS_RUN - 1
 * frames past that (whether they start a run); when the memory says none
 * of those changed since (fs_changed_since), the record is copied instead
 * of formatted again. text and lines have a second buffer each, for the
 * next write. */
struct status_cache {
    uint64_t serial;     /* The frame set the records are of (pg->set.serial); 0: none. */
    uint64_t version;    /* Its version when they were written. */
    struct sink text[2]; /* Memory sinks: text[cur] holds the records. */
    struct status_line *lines[2];
    size_t nlines, caplines[2];
    int cur;
    size_t copied; /* Records the last write copied from the cache. */
};

struct status_cache *status_cache_new(void)
{
    struct status_cache *c = calloc(1, sizeof *c);

    if (c)
        for (int i = 0; i < 2; i++)
            c->text[i].fd = -1;
    return c;
}

size_t status_cache_copied(const struct status_cache *c, size_t *records)
{
    *records = c->nlines;
    return c->copied;
}

void status_cache_free(struct status_cache *c)
{
    if (!c)
        return;
    for (int i = 0; i < 2; i++) {
        free(c->text[i].buf);
        free(c->lines[i]);
    }
    free(c);
}

/* Appends a record starting at frame `from`, at offset `at`, to the lines
 * being built. Returns 0 or -1 (out of memory). */
static int add_line(struct status_cache *c, size_t *n, uint32_t from, size_t at)
{
    int k = !c->cur;

    if (*n == c->caplines[k]) {
        size_t cap = c->caplines[k] ? 2 * c->caplines[k] : 256;
        struct status_line *l = realloc(c->lines[k], cap * sizeof *l);
        if (!l)
            return -1;
        c->lines[k] = l;
        c->caplines[k] = cap;
    }
    c->lines[k][*n].from = from;
    c->lines[k][*n].at = at;
    (*n)++;
    return 0;
}

/* format_maps, through a cache: the same text, byte for byte, but each
 * record whose frames did not change since the last write is copied from
 * it. Formats into the cache's spare buffer, writes that to s and makes it
 * the cache's text. Returns 0, or -1 when out of memory (then nothing was
 * written to s and the cache is emptied). */
static int format_maps_cached(const struct paging *pg, struct status_cache *c, struct sink *s)
{
    const struct pg_frame *fr = pg->frames;
    uint32_t n = pg->nframes, f;
    const struct status_line *old = c->lines[c->cur];
    const struct sink *oldtext = &c->text[c->cur];
    struct sink *m = &c->text[!c->cur];
    size_t nold = c->serial == pg->set.serial ? c->nlines : 0, i = 0, nnew = 0, copied = 0;

    c->serial = 0; /* Until the records match the memory again. */
    m->n = 0;
    m->err = 0;
    for (f = fs_next_used(&pg->set, 0); f < n && !m->err; f = fs_next_used(&pg->set, f)) {
        if (add_line(c, &nnew, f, m->n) < 0)
            goto fail;
        while (i < nold && old[i].from < f)
            i++;
        if (i < nold && old[i].from == f) {
            uint32_t end = i + 1 < nold ? old[i + 1].from : n;
            uint32_t upto = n - end > CELLS_RUN ? end + CELLS_RUN : n;
            size_t len = (i + 1 < nold ? old[i + 1].at : oldtext->n) - old[i].at;
            if (!fs_changed_since(&pg->set, f, upto, c->version)) {
                put(m, oldtext->buf + old[i].at, len);
                copied++;
                f = end;
                continue;
            }
        }
        f = put_record(m, fr, n, f);
    }
    if (m->err)
        goto fail;
    put(s, m->buf, m->n);
    c->cur = !c->cur;
    c->nlines = nnew;
    c->serial = pg->set.serial;
    c->version = pg->set.version;
    c->copied = copied;
    return 0;
fail:
    c->nlines = 0;
    c->copied = 0;
    return -1;
}

#define TIME_MIN INT64_C(-62167219200) /* 0000-01-01T00:00:00Z */
#define TIME_MAX INT64_C(253402300799) /* 9999-12-31T23:59:59Z */

/* Writes t as YYYY-MM-DDTHH:MM:SSZ (UTC), clamped to years 0000-9999, the
 * range the format can hold. Civil-from-days after Howard Hinnant. */
static void format_time(int64_t t, char *buf, size_t len)
{
    int64_t days, secs, z, era, y;
    unsigned doe, yoe, doy, mp, d, m;

    if (t < TIME_MIN)
        t = TIME_MIN;
    if (t > TIME_MAX)
        t = TIME_MAX;
    days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    secs = t - days * 86400;
    z = days + 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = (unsigned)(z - era * 146097);
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = (int64_t)yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    snprintf(buf, len, "%04u-%02u-%02uT%02u:%02u:%02uZ", (unsigned)y % 10000u, m % 100u, d % 100u,
             (unsigned)(secs / 3600) % 100u, (unsigned)(secs / 60 % 60), (unsigned)(secs % 60));
}

/* Formats st into s (see docs/status-format.md), the frame records through
 * cache when it is not NULL. */
static void format_all(const struct status *st, struct status_cache *cache, struct sink *s)
{
    const struct paging *pg = &st->pg;
    const struct segmem *sm = &st->sm;
    struct hole h[SEG_MAX_HOLES];
    unsigned nh = seg_holes(sm, h), nseg = 0;
    char when[64];

    format_time(st->time, when, sizeof when);
    for (int id = 0; id < SEG_MAX; id++)
        nseg += sm->seg[id].used != 0;

    if (st->xlate.kind == STATUS_XLATE_NONE && !st->caption[0])
        puts_(s, STATUS_MAGIC " 1\nseq ");
    else
        puts_(s, STATUS_MAGIC " 2\nseq ");
    putu(s, st->seq);
    puts_(s, "\ntime ");
    puts_(s, when);
    puts_(s, "\npaging ");
    putkv(s, "frames", pg->nframes);
    putkv(s, " page-size", pg->page_size);
    puts_(s, " policy=");
    puts_(s, pg_policy_name(pg->policy));
    putkv(s, " seed", pg->seed);
    putkv(s, " rng", pg->rng);
    putkv(s, " processes", pg->nprocs);
    putkv(s, " free", pg->nfree);
    put(s, "\n", 1);
    for (size_t i = 0; i < pg->nprocs; i++) {
        putkv(s, "process pid", (uint64_t)pg->procs[i].pid);
        putkv(s, " bytes", pg->procs[i].bytes);
        putkv(s, " pages", pg->procs[i].npages);
        put(s, "\n", 1);
    }
    if (!cache || format_maps_cached(pg, cache, s) < 0)
        format_maps(pg, s);
    putkv(s, "segmentation memory", sm->size);
    puts_(s, " fit=");
    puts_(s, seg_fit_name(sm->fit));
    putkv(s, " next", sm->next);
    putkv(s, " segments", nseg);
    putkv(s, " holes", nh);
    put(s, "\n", 1);
    for (int id = 0; id < SEG_MAX; id++)
        if (sm->seg[id].used) {
            putkv(s, "segment id", (uint64_t)id);
            puts_(s, " name=");
            puts_(s, sm->seg[id].name);
            putkv(s, " base", sm->seg[id].base);
            putkv(s, " limit", sm->seg[id].limit);
            put(s, "\n", 1);
        }
    for (unsigned i = 0; i < nh; i++) {
        putkv(s, "hole base", h[i].base);
        putkv(s, " size", h[i].size);
        put(s, "\n", 1);
    }
    puts_(s, st->refused ? "event refused" : "event ok");
    if (st->last.what[0]) {
        put(s, " ", 1);
        puts_(s, st->last.what);
    }
    puts_(s, "\nwhy");
    if (st->last.why[0]) {
        put(s, " ", 1);
        puts_(s, st->last.why);
    }
    put(s, "\n", 1);
    if (st->xlate.kind == STATUS_XLATE_PAGE) {
        putkv(s, "translate pid", (uint64_t)st->xlate.pid);
        putkv(s, " addr", st->xlate.addr);
        putkv(s, " page", st->xlate.page);
        putkv(s, " offset", st->xlate.offset);
        putkv(s, " frame", st->xlate.frame);
        putkv(s, " phys", st->xlate.physical);
        putkv(s, " unused", st->xlate.unused != 0);
        putkv(s, " hex", st->xlate.hex != 0);
        put(s, "\n", 1);
    } else if (st->xlate.kind == STATUS_XLATE_SEGMENT) {
        putkv(s, "seg-translate id", (uint64_t)st->xlate.seg);
        putkv(s, " offset", st->xlate.offset);
        putkv(s, " phys", st->xlate.physical);
        putkv(s, " hex", st->xlate.hex != 0);
        put(s, "\n", 1);
    }
    if (st->caption[0]) {
        puts_(s, "caption ");
        puts_(s, st->caption);
        put(s, "\n", 1);
    }
    puts_(s, "end\n");
    sink_flush(s);
}

int status_format(const struct status *st, FILE *fp)
{
    struct sink s = {fp, -1, 0, 0, 0, malloc(SINK_CHUNK), 0, SINK_CHUNK};

    if (!s.buf)
        return -1;
    format_all(st, NULL, &s);
    free(s.buf);
    return s.err || ferror(fp) ? -1 : 0;
}

/* Writes the directory holding path to dir: "." for a bare name, "/" for a
 * file in the root. */
static void dir_of(const char *path, char *dir, size_t len)
{
    const char *slash = strrchr(path, '/');

    if (!slash)
        snprintf(dir, len, ".");
    else if (slash == path)
        snprintf(dir, len, "/");
    else
        snprintf(dir, len, "%.*s", (int)(slash - path), path);
}

/* fsyncs the directory holding path, so the rename itself is durable.
 * Returns 0 or -1. */
static int sync_dir(const char *path)
{
    char dir[4096];
    int fd, r;

    dir_of(path, dir, sizeof dir);
    fd = open(dir, O_RDONLY);
    if (fd < 0)
        return -1;
    r = fsync(fd);
    close(fd);
    return r;
}

/* The characters of a temporary file's six-character suffix. */
static const char temp_set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/* Returns the check character of a suffix whose first five characters are
 * s (all from temp_set): the weighted sum of their places in temp_set, mod
 * 62. It tells memtrack's own temporary files from a user's file of the same
 * shape: "before" is six letters too, but its check character would be '7'. */
static char temp_check(const char *s)
{
    unsigned sum = 0;

    for (int i = 0; i < 5; i++)
        sum += (unsigned)(i + 1) * (unsigned)(strchr(temp_set, s[i]) - temp_set);
    return temp_set[sum % 62];
}

/* Creates path.tmp.XXXXXX (five random letters and digits, as mkstemp would
 * make them, and their check character) with mode 0644 less the umask.
 * Returns the descriptor and the name in tmp, or -1. */
static int make_temp(const char *path, char *tmp, size_t len)
{
    const char *set = temp_set;
    static uint64_t counter;
    struct timespec ts;

    for (int attempt = 0; attempt < 100; attempt++) {
        uint64_t x;
        char suffix[7];
        int fd;
        clock_gettime(CLOCK_REALTIME, &ts);
        x = (uint64_t)ts.tv_nsec * UINT64_C(0x9e3779b97f4a7c15) ^ (uint64_t)getpid() << 32 ^
            ++counter * UINT64_C(0xbf58476d1ce4e5b9);
        for (int i = 0; i < 5; i++, x /= 62)
            suffix[i] = set[x % 62];
        suffix[5] = temp_check(suffix);
        suffix[6] = '\0';
        if (snprintf(tmp, len, "%s.tmp.%s", path, suffix) >= (int)len) {
            errno = ENAMETOOLONG;
            return -1;
        }
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1;
}

int status_write(const char *path, const struct status *st, int nosync, struct status_cache *cache,
                 char *err, size_t errlen)
{
    char tmp[4096];
    struct sink s = {NULL, -1, nosync, 0, 0, NULL, 0, SINK_CHUNK};
    struct stat old;

    if (strlen(path) + sizeof ".tmp.XXXXXX" > sizeof tmp) {
        snprintf(err, errlen, "status path is too long");
        return -1;
    }
    s.buf = malloc(SINK_CHUNK);
    if (!s.buf) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    s.fd = make_temp(path, tmp, sizeof tmp);
    if (s.fd < 0) {
        snprintf(err, errlen, "cannot create a temporary file next to %s: %s", path,
                 strerror(errno));
        free(s.buf);
        return -1;
    }
    /* The new file keeps the old one's mode, and its owner and group when
     * we may set them (root; or a group of ours): only root can give a file
     * away, so for anyone else that part is best effort. */
    if (stat(path, &old) == 0 && S_ISREG(old.st_mode)) {
        if (fchmod(s.fd, old.st_mode & 0777) < 0) {
            snprintf(err, errlen, "cannot give %s the mode of %s: %s", tmp, path, strerror(errno));
            close(s.fd);
            goto out_unlink;
        }
        if ((old.st_uid != geteuid() || old.st_gid != getegid()) &&
            fchown(s.fd, old.st_uid, old.st_gid) < 0) {
            /* Best effort, see above. */
        }
    }
    format_all(st, cache, &s);
    if (s.err || (!nosync && fsync(s.fd) < 0)) {
        snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(s.err ? s.err : errno));
        close(s.fd);
        goto out_unlink;
    }
    if (close(s.fd) < 0) {
        snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(errno));
        goto out_unlink;
    }
    if (rename(tmp, path) < 0) {
        snprintf(err, errlen, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
        goto out_unlink;
    }
    /* Best effort: the new file is in place whatever this says; syncing the
     * directory only makes the rename itself survive a power cut. */
    if (!nosync)
        sync_dir(path);
    free(s.buf);
    return 0;
out_unlink:
    unlink(tmp);
    free(s.buf);
    return -1;
}

/* Names the kind of a file that is not a regular file, for messages. */
static const char *kind_of(mode_t m)
{
    return S_ISDIR(m)    ? "a directory"
           : S_ISFIFO(m) ? "a FIFO"
           : S_ISCHR(m)  ? "a character device"
           : S_ISBLK(m)  ? "a block device"
           : S_ISSOCK(m) ? "a socket"
                         : "not a regular file";
}

int status_target(const char *path, char *out, size_t outlen, char *err, size_t errlen)
{
    char cur[4096], link[4096], dir[4096], real[PATH_MAX];
    const char *slash, *base;
    struct stat sb;
    size_t n;
    int hops = 0, exists;

    if (strlen(path) >= sizeof cur) {
        snprintf(err, errlen, "the status path is longer than %zu bytes", sizeof cur - 1);
        return -1;
    }
    memcpy(cur, path, strlen(path) + 1);
    /* Follow the links one by one: the last one may point nowhere yet. */
    while ((exists = lstat(cur, &sb) == 0) && S_ISLNK(sb.st_mode)) {
        ssize_t got = readlink(cur, link, sizeof link - 1);
        if (++hops > 40 || got < 0) {
            snprintf(err, errlen, "cannot follow the symbolic link %s: %s", cur,
                     got < 0 ? strerror(errno) : strerror(ELOOP));
            return -1;
        }
        link[got] = '\0';
        dir_of(cur, dir, sizeof dir);
        if (link[0] != '/' && strchr(cur, '/')) {
            n = strlen(dir);
            if (n + 1 + (size_t)got >= sizeof cur) {
                snprintf(err, errlen, "the target of the symbolic link %s is too long", cur);
                return -1;
            }
            memcpy(cur, dir, n);
            cur[n] = '/';
            memcpy(cur + n + 1, link, (size_t)got + 1);
        } else {
            memcpy(cur, link, (size_t)got + 1);
        }
    }
    if (exists && !S_ISREG(sb.st_mode)) {
        snprintf(err, errlen,
                 "%s is %s; memtrack replaces the status file whole, so give it a regular "
                 "file or a new name",
                 cur, kind_of(sb.st_mode));
        return -1;
    }
    if (hops > 0) {
        /* A link: the file to replace is its target, named absolutely so
         * that the lock and the temporary files sit beside it. */
        if (exists) {
            if (!realpath(cur, real)) {
                snprintf(err, errlen, "cannot resolve %s: %s", cur, strerror(errno));
                return -1;
            }
        } else {
            dir_of(cur, dir, sizeof dir);
            slash = strrchr(cur, '/');
            if (!realpath(dir, real)) {
                snprintf(err, errlen,
                         "the symbolic link %s points to %s, whose directory %s cannot be used: "
                         "%s",
                         path, cur, dir, strerror(errno));
                return -1;
            }
            base = slash ? slash + 1 : cur;
            n = strlen(real);
            if (n + 1 + strlen(base) >= sizeof real) {
                snprintf(err, errlen, "the target of the symbolic link %s is too long", path);
                return -1;
            }
            if (real[n - 1] != '/')
                real[n++] = '/';
            memcpy(real + n, base, strlen(base) + 1);
        }
        memcpy(cur, real, strlen(real) + 1);
    }
    slash = strrchr(cur, '/');
    base = slash ? slash + 1 : cur;
    if (strlen(base) > STATUS_MAX_NAME) {
        snprintf(err, errlen,
                 "the status file's name is %zu bytes long; at most %d, since its temporary file "
                 "adds %zu (.tmp.XXXXXX) and a file system allows 255",
                 strlen(base), STATUS_MAX_NAME, sizeof ".tmp.XXXXXX" - 1);
        return -1;
    }
    if (strlen(cur) + sizeof ".tmp.XXXXXX" > sizeof cur || strlen(cur) >= outlen) {
        snprintf(err, errlen, "the status path is %zu bytes long; at most %zu", strlen(cur),
                 sizeof cur - sizeof ".tmp.XXXXXX");
        return -1;
    }
    memcpy(out, cur, strlen(cur) + 1);
    return 0;
}

/* Returns 1 when name is prefix followed by a suffix make_temp could have
 * made: six characters of temp_set, the last the check character of the
 * others; else 0. */
static int temp_name(const char *name, const char *prefix, size_t plen)
{
    const char *suffix = name + plen;

    if (strncmp(name, prefix, plen) != 0 || strlen(name) != plen + 6)
        return 0;
    for (const char *p = suffix; *p; p++)
        if (!strchr(temp_set, *p))
            return 0;
    return suffix[5] == temp_check(suffix);
}

/* Returns 1 when the file name in directory d is a temporary file this user's
 * memtrack could have left: a regular file (not followed when a symlink)
 * owned by us, empty or starting as a status file does (or with the NUL
 * bytes of blocks allocated but not yet written); else 0. */
static int temp_file(DIR *d, const char *name)
{
    static const char magic[] = STATUS_MAGIC " ";
    char head[sizeof magic - 1];
    struct stat sb;
    ssize_t n;
    int fd, ok;

    fd = openat(dirfd(d), name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return 0;
    ok = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_uid == geteuid();
    n = ok ? read(fd, head, sizeof head) : -1;
    close(fd);
    if (n < 0)
        return 0;
    if (memcmp(head, magic, (size_t)n) == 0)
        return 1;
    for (ssize_t i = 0; i < n; i++)
        if (head[i] != '\0')
            return 0;
    return 1;
}

int status_clean_temps(const char *path)
{
    char dir[4096], prefix[4096 + 8];
    const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
    struct dirent *de;
    size_t plen;
    DIR *d;
    int removed = 0;

    dir_of(path, dir, sizeof dir);
    snprintf(prefix, sizeof prefix, "%s.tmp.", base);
    plen = strlen(prefix);
    d = opendir(dir);
    if (!d)
        return -1;
    while ((de = readdir(d)) != NULL) {
        if (!temp_name(de->d_name, prefix, plen) || !temp_file(d, de->d_name))
            continue;
        if (unlinkat(dirfd(d), de->d_name, 0) == 0)
            removed++;
    }
    closedir(d);
    return removed;
}

/* ---- Parsing ---------------------------------------------------------- */

/* The records in the order a file holds them. */
enum rec {
    R_MAGIC,
    R_SEQ,
    R_TIME,
    R_PAGING,
    R_PROCESS,
    R_MAP,
    R_SEGMENTATION,
    R_SEGMENT,
    R_HOLE,
    R_EVENT,
    R_WHY,
    R_XLATE,   /* translate or seg-translate, version 2 only, optional */
    R_CAPTION, /* version 2 only, optional */
    R_END
};

struct parser {
    struct status *st;
    enum rec last;       /* The record parsed last. */
    int started;         /* The first line has been read. */
    int version;         /* Its format version, 1 or 2. */
    char *f[MAX_FIELDS]; /* Words of the current line. */
    int nf;              /* How many. */
    const char *rest;    /* Text after the first word (event, why). */
    char *err;
    size_t errlen;
    uint64_t nprocs, nfree;    /* As the paging record declares. */
    unsigned long paging_line; /* Where it declared them. */
    uint64_t nsegs, nholes;    /* As the segmentation record declares. */
    unsigned long seg_line;
    int maps_seen;       /* A map record was read; */
    uint64_t last_frame; /* the last frame it covered. */
    unsigned segs_seen, holes_seen;
    int last_seg_id;
    struct hole holes[SEG_MAX_HOLES];
    unsigned nh;               /* Holes computed from the segments. */
    unsigned flags;            /* STATUS_DISPLAY_ONLY or 0. */
    struct pg_restore restore; /* From the paging record to the end of the maps. */
};

static int fail(struct parser *p, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Writes the reason for the current line's error. Returns -1. */
static int fail(struct parser *p, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(p->err, p->errlen, fmt, ap);
    va_end(ap);
    return -1;
}

/* Reads field i as key=N with N in [min, max]. Returns 0 or -1 (error set). */
static int num_field(struct parser *p, int i, const char *key, uint64_t min, uint64_t max,
                     uint64_t *out)
{
    size_t klen = strlen(key);
    char why[128];

    if (i >= p->nf || strncmp(p->f[i], key, klen) != 0 || p->f[i][klen] != '=')
        return fail(p, "%s: field %d should be %s=NUMBER", p->f[0], i, key);
    if (num_parse(p->f[i] + klen + 1, NUM_PLAIN, min, max, out, why, sizeof why) < 0)
        return fail(p, "%s: %s: %s", p->f[0], key, why);
    return 0;
}

/* Reads field i as key=WORD. Returns the word or NULL (error set). */
static const char *word_field(struct parser *p, int i, const char *key)
{
    size_t klen = strlen(key);

    if (i >= p->nf || strncmp(p->f[i], key, klen) != 0 || p->f[i][klen] != '=') {
        fail(p, "%s: field %d should be %s=...", p->f[0], i, key);
        return NULL;
    }
    return p->f[i] + klen + 1;
}

/* Reads field i as key=A or key=A-B into *lo, *hi. Returns 0 or -1. */
static int range_field(struct parser *p, int i, const char *key, uint64_t max, uint64_t *lo,
                       uint64_t *hi)
{
    const char *v = word_field(p, i, key);
    char a[32], why[128];
    const char *dash;

    if (!v)
        return -1;
    dash = strchr(v, '-');
    if (!dash) {
        if (num_parse(v, NUM_PLAIN, 0, max, lo, why, sizeof why) < 0)
            return fail(p, "%s: %s: %s", p->f[0], key, why);
        *hi = *lo;
        return 0;
    }
    if ((size_t)(dash - v) >= sizeof a)
        return fail(p, "%s: %s: first number too long", p->f[0], key);
    memcpy(a, v, (size_t)(dash - v));
    a[dash - v] = '\0';
    if (num_parse(a, NUM_PLAIN, 0, max, lo, why, sizeof why) < 0 ||
        num_parse(dash + 1, NUM_PLAIN, 0, max, hi, why, sizeof why) < 0)
        return fail(p, "%s: %s: %s", p->f[0], key, why);
    if (*hi <= *lo)
        return fail(p, "%s: %s=%s is not an increasing range", p->f[0], key, v);
    return 0;
}

static int want_fields(struct parser *p, int n)
{
    if (p->nf != n)
        return fail(p, "%s: expected %d field%s after the record name, found %d", p->f[0], n - 1,
                    n == 2 ? "" : "s", p->nf - 1);
    return 0;
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

/* Parses YYYY-MM-DDTHH:MM:SSZ. Returns 0 or -1. */
static int parse_time(const char *s, int64_t *out)
{
    static const unsigned mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned v[6] = {0};
    static const int width[6] = {4, 2, 2, 2, 2, 2};
    static const char sep[6] = {'-', '-', 'T', ':', ':', 'Z'};
    const char *c = s;

    for (int i = 0; i < 6; i++) {
        for (int k = 0; k < width[i]; k++, c++) {
            if (*c < '0' || *c > '9')
                return -1;
            v[i] = v[i] * 10 + (unsigned)(*c - '0');
        }
        if (*c++ != sep[i])
            return -1;
    }
    if (*c != '\0' || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > mdays[v[1] - 1] || v[3] > 23 ||
        v[4] > 59 || v[5] > 60)
        return -1;
    if (v[1] == 2 && v[2] == 29 && !((v[0] % 4 == 0 && v[0] % 100 != 0) || v[0] % 400 == 0))
        return -1;
    *out = days_from_civil(v[0], v[1], v[2]) * 86400 + v[3] * 3600 + v[4] * 60 + v[5];
    return 0;
}

/* Checks the process and free counts the paging record declared. */
static int close_paging(struct parser *p, unsigned long *line)
{
    char why[256];

    if (p->st->pg.nprocs != p->nprocs) {
        *line = p->paging_line;
        return fail(p, "paging: processes=%llu but %zu process records follow",
                    (unsigned long long)p->nprocs, p->st->pg.nprocs);
    }
    if (pg_restore_end(&p->restore, why, sizeof why) < 0)
        return fail(p, "the map records do not add up: %s", why);
    if (p->st->pg.nfree != p->nfree) {
        *line = p->paging_line;
        return fail(p, "paging: free=%llu but the maps leave %u frames free",
                    (unsigned long long)p->nfree, p->st->pg.nfree);
    }
    return 0;
}

/* Checks the segment count and computes the holes the segments leave. */
static int close_segments(struct parser *p, unsigned long *line)
{
    if (p->segs_seen != p->nsegs) {
        *line = p->seg_line;
        return fail(p, "segmentation: segments=%llu but %u segment records follow",
                    (unsigned long long)p->nsegs, p->segs_seen);
    }
    p->nh = seg_holes(&p->st->sm, p->holes);
    if (p->nh != p->nholes) {
        *line = p->seg_line;
        return fail(p, "segmentation: holes=%llu but the segments leave %u hole%s",
                    (unsigned long long)p->nholes, p->nh, p->nh == 1 ? "" : "s");
    }
    return 0;
}

/* Returns 1 when record r may appear any number of times (zero included). */
static int repeats(enum rec r)
{
    return r == R_PROCESS || r == R_MAP || r == R_SEGMENT || r == R_HOLE;
}

/* Returns 1 when record r may be left out. */
static int optional(enum rec r)
{
    return repeats(r) || r == R_XLATE || r == R_CAPTION;
}

/* Moves the parser from its last record to record r, closing the sections it
 * passes. Returns 0, or -1 if r is out of place or a section does not add up. */
static int advance(struct parser *p, enum rec r, unsigned long *line)
{
    static const char *names[] = {
        "memtrack-status", "seq",  "time",  "paging", "process",   "map",     "segmentation",
        "segment",         "hole", "event", "why",    "translate", "caption", "end"};
    enum rec want = p->last + 1;
    int ok = r == p->last ? repeats(r) : r > p->last;

    for (enum rec k = p->last + 1; ok && k < r; k++)
        if (!optional(k))
            ok = 0;
    while (optional(want) && want < R_END)
        want++;
    if (p->last == R_END)
        return fail(p, "text after 'end'");
    if (!ok)
        return fail(p, "'%s' record out of place: expected %s'%s' here",
                    r == R_XLATE ? p->f[0] : names[r],
                    repeats(p->last + 1) ? "more records or " : "", names[want]);
    if (p->last < R_SEGMENTATION && r >= R_SEGMENTATION && close_paging(p, line) < 0)
        return -1;
    if (p->last < R_HOLE && r >= R_HOLE && close_segments(p, line) < 0)
        return -1;
    if (p->last < R_EVENT && r >= R_EVENT && p->holes_seen != p->nh) {
        *line = p->seg_line;
        return fail(p, "%u hole record%s, but the segments leave %u hole%s", p->holes_seen,
                    p->holes_seen == 1 ? "" : "s", p->nh, p->nh == 1 ? "" : "s");
    }
    p->last = r;
    return 0;
}

/* Reads decimal digits at *s (at least one, at most `max`) into *v and
 * moves *s past them. Returns 0, or -1 when there are none or too many. */
static int digits(const char **s, uint64_t max, uint64_t *v)
{
    const char *p = *s;
    uint64_t x = 0;

    if (*p < '0' || *p > '9')
        return -1;
    for (; *p >= '0' && *p <= '9'; p++) {
        x = x * 10 + (uint64_t)(*p - '0');
        if (x > max)
            return -1;
    }
    *s = p;
    *v = x;
    return 0;
}

/* Reads "A" or "A-B" (B > A) at *s. Returns 0 or -1. */
static int span(const char **s, uint64_t max, uint64_t *a, uint64_t *b)
{
    if (digits(s, max, a) < 0)
        return -1;
    if (**s != '-') {
        *b = *a;
        return 0;
    }
    (*s)++;
    return digits(s, max, b) < 0 || *b <= *a ? -1 : 0;
}

/* Checks that a frame record starting at frame `first` comes after the
 * frames the previous one covered. Returns 0, or -1 with the error set. */
static int check_order(struct parser *p, const char *rec, uint64_t first)
{
    if (!p->maps_seen || first > p->last_frame)
        return 0;
    return fail(p,
                "%s: frame %llu is already covered or out of order (the previous map ends at "
                "frame %llu); maps list each frame once, by increasing frame",
                rec, (unsigned long long)first, (unsigned long long)p->last_frame);
}

/* The common case of a large file, a `map` record in its usual form, read
 * without splitting the line into words. Returns 1 when it was handled (0
 * done, or the error set and -1 returned through *r), 0 when the line is not
 * in the usual form and the general parser should look at it. */
static int fast_map(struct parser *p, const char *s, unsigned long *line, int *r)
{
    uint64_t a, b, pid, d, e;
    char why[256];

    if (strncmp(s, "map frames=", 11) != 0 ||
        (p->last != R_MAP && p->last != R_PROCESS && p->last != R_PAGING))
        return 0;
    s += 11;
    if (span(&s, PG_MAX_FRAMES, &a, &b) < 0 || strncmp(s, " pid=", 5) != 0)
        return 0;
    s += 5;
    if (digits(&s, PG_MAX_PID, &pid) < 0 || pid < 1 || strncmp(s, " pages=", 7) != 0)
        return 0;
    s += 7;
    if (span(&s, PG_MAX_FRAMES, &d, &e) < 0 || *s != '\0' || b - a != e - d)
        return 0;
    *r = 0;
    if (advance(p, R_MAP, line) < 0) {
        *r = -1;
        return 1;
    }
    if (check_order(p, "map", a) < 0) {
        *r = -1;
        return 1;
    }
    if (pg_restore_map(&p->restore, a, b - a + 1, (int64_t)pid, d, why, sizeof why) < 0) {
        *r = -1;
        fail(p, "map: %s", why);
        return 1;
    }
    p->maps_seen = 1;
    p->last_frame = b;
    return 1;
}

/* Parses a `cells` record: "cells from=F E E ...", where each entry E is
 * "PID:PAGE" (frame F, then F+1, ...) or "-" (a free frame). It is not split
 * into words first: a line holds up to a hundred entries. Returns 0 or -1
 * with the error set. */
static int parse_cells(struct parser *p, const char *s, unsigned long *line)
{
    uint64_t f, pid, page, last = 0;
    char why[256];
    int entries = 0, last_free = 0;

    if (advance(p, R_MAP, line) < 0)
        return -1;
    s += 6; /* "cells " */
    if (strncmp(s, "from=", 5) != 0)
        return fail(p, "cells: field 1 should be from=NUMBER");
    s += 5;
    if (digits(&s, PG_MAX_FRAMES, &f) < 0)
        return fail(p, "cells: from= needs a frame number up to %u", PG_MAX_FRAMES);
    if (check_order(p, "cells", f) < 0)
        return -1;
    for (;; f++) {
        if (*s == '\0')
            break;
        if (*s != ' ' || s[1] == ' ' || s[1] == '\0')
            return fail(p, "cells: entries are separated by single spaces");
        s++;
        entries++;
        if (*s == '-') {
            s++;
            last_free = 1;
            if (entries == 1)
                return fail(p, "cells: the first entry must be a frame in use, not '-'");
            continue;
        }
        last_free = 0;
        if (digits(&s, PG_MAX_PID, &pid) < 0 || pid < 1 || *s++ != ':' ||
            digits(&s, PG_MAX_FRAMES, &page) < 0)
            return fail(p, "cells: entry %d should be PID:PAGE or -", entries);
        if (pg_restore_map(&p->restore, f, 1, (int64_t)pid, page, why, sizeof why) < 0)
            return fail(p, "cells: entry %d (frame %llu): %s", entries, (unsigned long long)f, why);
        last = f;
    }
    if (entries == 0)
        return fail(p, "cells: no entries after from=");
    if (last_free)
        return fail(p, "cells: the last entry must be a frame in use, not '-'");
    p->maps_seen = 1;
    p->last_frame = last;
    return 0;
}

/* Parses one line (already checked for length and bytes) into p->st.
 * Returns 0 or -1 with the error set; *line may be moved to the line a count
 * was declared on. */
/* Returns 1 when the record named name ends in free text (event, why,
 * caption), where any spaces may appear. */
static int free_text(const char *name)
{
    return strcmp(name, "event") == 0 || strcmp(name, "why") == 0 || strcmp(name, "caption") == 0;
}

/* Reads field i as key=0 or key=1. Returns 0 with *out set, or -1. */
static int flag_field(struct parser *p, int i, const char *key, int *out)
{
    uint64_t v;

    if (num_field(p, i, key, 0, 1, &v) < 0)
        return -1;
    *out = (int)v;
    return 0;
}

/* Reads a `translate` record (its fields in p) into st->xlate and checks it
 * against the memory: the process, its page, the frame holding it, the
 * physical address and the unused flag must all agree. Returns 0 or -1. */
static int parse_translate(struct parser *p)
{
    struct status_xlate *x = &p->st->xlate;
    const struct paging *pg = &p->st->pg;
    const struct pg_process *pr;
    uint64_t pid, addr, page, off, frame, phys;

    if (want_fields(p, 9) < 0 || num_field(p, 1, "pid", 1, PG_MAX_PID, &pid) < 0 ||
        num_field(p, 2, "addr", 0, UINT64_MAX, &addr) < 0 ||
        num_field(p, 3, "page", 0, UINT64_MAX, &page) < 0 ||
        num_field(p, 4, "offset", 0, UINT64_MAX, &off) < 0 ||
        num_field(p, 5, "frame", 0, UINT64_MAX, &frame) < 0 ||
        num_field(p, 6, "phys", 0, UINT64_MAX, &phys) < 0 ||
        flag_field(p, 7, "unused", &x->unused) < 0 || flag_field(p, 8, "hex", &x->hex) < 0)
        return -1;
    pr = pg_find(pg, (int64_t)pid);
    if (!pr)
        return fail(p, "translate: there is no process %llu", (unsigned long long)pid);
    if (page != addr / pg->page_size || off != addr % pg->page_size)
        return fail(p,
                    "translate: addr=%llu is page %llu offset %llu in pages of %llu B, not "
                    "page=%llu offset=%llu",
                    (unsigned long long)addr, (unsigned long long)(addr / pg->page_size),
                    (unsigned long long)(addr % pg->page_size), (unsigned long long)pg->page_size,
                    (unsigned long long)page, (unsigned long long)off);
    if (page >= pr->npages)
        return fail(p, "translate: page %llu is past the %u pages of process %llu",
                    (unsigned long long)page, pr->npages, (unsigned long long)pid);
    if (frame >= pg->nframes || pg->frames[frame].pid != (int32_t)pid ||
        pg->frames[frame].page != page)
        return fail(p, "translate: frame %llu does not hold page %llu of process %llu",
                    (unsigned long long)frame, (unsigned long long)page, (unsigned long long)pid);
    if (phys != frame * pg->page_size + off)
        return fail(p, "translate: phys=%llu, but frame %llu offset %llu is physical %llu",
                    (unsigned long long)phys, (unsigned long long)frame, (unsigned long long)off,
                    (unsigned long long)(frame * pg->page_size + off));
    if (x->unused != (addr >= pr->bytes))
        return fail(p, "translate: unused=%d, but process %llu asked for %llu B", x->unused,
                    (unsigned long long)pid, (unsigned long long)pr->bytes);
    x->kind = STATUS_XLATE_PAGE;
    x->pid = (int32_t)pid;
    x->addr = addr;
    x->page = page;
    x->offset = off;
    x->frame = (uint32_t)frame;
    x->physical = phys;
    return 0;
}

/* Reads a `seg-translate` record into st->xlate and checks it against the
 * segment it names. Returns 0 or -1. */
static int parse_seg_translate(struct parser *p)
{
    struct status_xlate *x = &p->st->xlate;
    const struct segment *g;
    uint64_t id, off, phys;

    if (want_fields(p, 5) < 0 || num_field(p, 1, "id", 0, SEG_MAX - 1, &id) < 0 ||
        num_field(p, 2, "offset", 0, UINT64_MAX, &off) < 0 ||
        num_field(p, 3, "phys", 0, UINT64_MAX, &phys) < 0 || flag_field(p, 4, "hex", &x->hex) < 0)
        return -1;
    g = &p->st->sm.seg[id];
    if (!g->used)
        return fail(p, "seg-translate: segment %llu is not in use", (unsigned long long)id);
    if (off >= g->limit)
        return fail(p, "seg-translate: offset %llu is not below the limit %llu of segment %llu",
                    (unsigned long long)off, (unsigned long long)g->limit, (unsigned long long)id);
    if (phys != g->base + off)
        return fail(p, "seg-translate: phys=%llu, but base %llu + offset %llu is %llu",
                    (unsigned long long)phys, (unsigned long long)g->base, (unsigned long long)off,
                    (unsigned long long)(g->base + off));
    x->kind = STATUS_XLATE_SEGMENT;
    x->seg = (int)id;
    x->offset = off;
    x->physical = phys;
    return 0;
}

static int parse_line(struct parser *p, char *s, unsigned long *line)
{
    struct status *st = p->st;
    uint64_t a, b, c, d, e, f2;
    const char *w;
    char why[256];
    enum rec r;

    int fast_r;

    if (fast_map(p, s, line, &fast_r))
        return fast_r;
    if (strncmp(s, "cells ", 6) == 0)
        return parse_cells(p, s, line);
    p->nf = 0;
    p->rest = "";
    if (*s == '\0')
        return fail(p, "empty line");
    for (char *t = s;;) {
        char *sp = strchr(t, ' ');
        if (p->nf == MAX_FIELDS)
            return fail(p, "too many fields");
        p->f[p->nf++] = t;
        if (!sp)
            break;
        *sp = '\0';
        if (p->nf == 1)
            p->rest = sp + 1;
        t = sp + 1;
        if (*t == '\0' || *t == ' ') {
            if (free_text(p->f[0]))
                break;
            return fail(p, "%s: two spaces in a row or a space at the end of the line", p->f[0]);
        }
        if (p->nf == 1 && free_text(p->f[0])) {
            /* Free text follows; only the kind word of `event` is a field. */
            if (strcmp(p->f[0], "event") == 0) {
                sp = strchr(t, ' ');
                p->f[p->nf++] = t;
                p->rest = sp ? sp + 1 : "";
                if (sp)
                    *sp = '\0';
            }
            break;
        }
    }

    if (!p->started) {
        if (strcmp(p->f[0], STATUS_MAGIC) != 0)
            return fail(p, "not a memtrack status file: it must start with '%s %d'", STATUS_MAGIC,
                        STATUS_VERSION);
        if (want_fields(p, 2) < 0)
            return -1;
        if (strcmp(p->f[1], "1") == 0)
            p->version = 1;
        else if (strcmp(p->f[1], "2") == 0)
            p->version = 2;
        else
            return fail(p,
                        "format version %.20s is not supported (this memtrack reads versions "
                        "%d and %d)",
                        p->f[1], STATUS_VERSION1, STATUS_VERSION);
        p->started = 1;
        p->last = R_MAGIC;
        return 0;
    }

    if (strcmp(p->f[0], "seq") == 0)
        r = R_SEQ;
    else if (strcmp(p->f[0], "time") == 0)
        r = R_TIME;
    else if (strcmp(p->f[0], "paging") == 0)
        r = R_PAGING;
    else if (strcmp(p->f[0], "process") == 0)
        r = R_PROCESS;
    else if (strcmp(p->f[0], "map") == 0)
        r = R_MAP;
    else if (strcmp(p->f[0], "segmentation") == 0)
        r = R_SEGMENTATION;
    else if (strcmp(p->f[0], "segment") == 0)
        r = R_SEGMENT;
    else if (strcmp(p->f[0], "hole") == 0)
        r = R_HOLE;
    else if (strcmp(p->f[0], "event") == 0)
        r = R_EVENT;
    else if (strcmp(p->f[0], "why") == 0)
        r = R_WHY;
    else if (strcmp(p->f[0], "translate") == 0 || strcmp(p->f[0], "seg-translate") == 0)
        r = R_XLATE;
    else if (strcmp(p->f[0], "caption") == 0)
        r = R_CAPTION;
    else if (strcmp(p->f[0], "end") == 0)
        r = R_END;
    else if (strcmp(p->f[0], STATUS_MAGIC) == 0)
        return fail(p, "'%s' record out of place: only the first line", STATUS_MAGIC);
    else
        return fail(p, "unknown record '%.30s'", p->f[0]);
    if ((r == R_XLATE || r == R_CAPTION) && p->version < 2)
        return fail(p, "'%s' record in a version %d file: it needs '%s %d'", p->f[0], p->version,
                    STATUS_MAGIC, STATUS_VERSION);
    if (advance(p, r, line) < 0)
        return -1;

    switch (r) {
    case R_SEQ:
        if (want_fields(p, 2) < 0 ||
            num_parse(p->f[1], NUM_PLAIN, 0, UINT64_MAX, &st->seq, why, sizeof why) < 0)
            return p->nf == 2 ? fail(p, "seq: %s", why) : -1;
        break;
    case R_TIME:
        if (want_fields(p, 2) < 0)
            return -1;
        if (parse_time(p->f[1], &st->time) < 0)
            return fail(p, "time: '%.30s' is not a UTC time like 2026-11-22T09:30:00Z", p->f[1]);
        break;
    case R_PAGING: {
        enum pg_policy pol;
        if (want_fields(p, 8) < 0 || num_field(p, 1, "frames", 1, UINT64_MAX, &a) < 0 ||
            num_field(p, 2, "page-size", 1, UINT64_MAX, &b) < 0 ||
            !(w = word_field(p, 3, "policy")))
            return -1;
        if (pg_policy_parse(w, &pol) < 0)
            return fail(p, "paging: policy must be first or random, not '%.20s'", w);
        if (num_field(p, 4, "seed", 0, UINT64_MAX, &c) < 0 ||
            num_field(p, 5, "rng", 0, UINT64_MAX, &d) < 0 ||
            num_field(p, 6, "processes", 0, PG_MAX_FRAMES, &p->nprocs) < 0 ||
            num_field(p, 7, "free", 0, PG_MAX_FRAMES, &p->nfree) < 0)
            return -1;
        if (pg_check_settings(a, b, why, sizeof why) < 0)
            return fail(p, "paging: %s", why);
        if (p->nfree > a)
            return fail(p, "paging: free=%llu is more than the %llu frames",
                        (unsigned long long)p->nfree, (unsigned long long)a);
        if (pg_init(&st->pg, a, b, pol, c, why, sizeof why) < 0)
            return fail(p, "paging: %s", why);
        st->pg.rng = d;
        pg_restore_begin(&p->restore, &st->pg,
                         p->flags & STATUS_DISPLAY_ONLY ? PG_RESTORE_NO_TABLES : 0);
        p->paging_line = *line;
        break;
    }
    case R_PROCESS:
        if (want_fields(p, 4) < 0 || num_field(p, 1, "pid", 1, PG_MAX_PID, &a) < 0 ||
            num_field(p, 2, "bytes", 1, PG_MAX_BYTES, &b) < 0 ||
            num_field(p, 3, "pages", 1, PG_MAX_FRAMES, &c) < 0)
            return -1;
        if (st->pg.nprocs > 0 && (int64_t)a <= st->pg.procs[st->pg.nprocs - 1].pid)
            return fail(p,
                        "process: pid %llu is not above the previous one (%ld); processes "
                        "are listed once each, in increasing order",
                        (unsigned long long)a, (long)st->pg.procs[st->pg.nprocs - 1].pid);
        if (pg_restore_process(&p->restore, (int64_t)a, b, c, why, sizeof why) < 0)
            return fail(p, "process: %s", why);
        break;
    case R_MAP:
        if (want_fields(p, 4) < 0 || range_field(p, 1, "frames", PG_MAX_FRAMES, &a, &b) < 0 ||
            num_field(p, 2, "pid", 1, PG_MAX_PID, &c) < 0 ||
            range_field(p, 3, "pages", PG_MAX_FRAMES, &d, &e) < 0)
            return -1;
        if (check_order(p, "map", a) < 0)
            return -1;
        if (b - a != e - d)
            return fail(p, "map: %llu frames but %llu pages", (unsigned long long)(b - a + 1),
                        (unsigned long long)(e - d + 1));
        if (pg_restore_map(&p->restore, a, b - a + 1, (int64_t)c, d, why, sizeof why) < 0)
            return fail(p, "map: %s", why);
        p->maps_seen = 1;
        p->last_frame = b;
        break;
    case R_SEGMENTATION: {
        enum seg_fit fit;
        if (want_fields(p, 6) < 0 || num_field(p, 1, "memory", 0, UINT64_MAX, &a) < 0 ||
            !(w = word_field(p, 2, "fit")))
            return -1;
        if (seg_fit_parse(w, &fit) < 0)
            return fail(p, "segmentation: fit must be first, best, worst or next, not '%.20s'", w);
        if (num_field(p, 3, "next", 0, UINT64_MAX, &b) < 0 ||
            num_field(p, 4, "segments", 0, SEG_MAX, &p->nsegs) < 0 ||
            num_field(p, 5, "holes", 0, SEG_MAX_HOLES, &p->nholes) < 0)
            return -1;
        if (seg_init(&st->sm, a, fit, why, sizeof why) < 0)
            return fail(p, "segmentation: %s", why);
        if (b > a)
            return fail(p, "segmentation: next=%llu is past the %llu bytes of memory",
                        (unsigned long long)b, (unsigned long long)a);
        st->sm.next = b;
        p->seg_line = *line;
        p->last_seg_id = -1;
        break;
    }
    case R_SEGMENT: {
        struct segment *sg;
        if (want_fields(p, 5) < 0 || num_field(p, 1, "id", 0, SEG_MAX - 1, &a) < 0 ||
            !(w = word_field(p, 2, "name")) || num_field(p, 3, "base", 0, UINT64_MAX, &b) < 0 ||
            num_field(p, 4, "limit", 1, UINT64_MAX, &c) < 0)
            return -1;
        if ((int)a <= p->last_seg_id)
            return fail(p,
                        "segment: id %llu is not above the previous one; segments are listed "
                        "once each, by id",
                        (unsigned long long)a);
        if (seg_check_name(w, why, sizeof why) < 0)
            return fail(p, "segment: %s", why);
        if (b >= st->sm.size || c > st->sm.size - b)
            return fail(p,
                        "segment: %s (base %llu, limit %llu) does not fit in the %llu bytes "
                        "of segment memory",
                        w, (unsigned long long)b, (unsigned long long)c,
                        (unsigned long long)st->sm.size);
        for (int id = 0; id < SEG_MAX; id++) {
            const struct segment *o = &st->sm.seg[id];
            if (!o->used)
                continue;
            if (strcmp(o->name, w) == 0)
                return fail(p, "segment: name '%s' is already used by segment %d", w, id);
            if (b < o->base + o->limit && o->base < b + c)
                return fail(p, "segment: %s (%llu-%llu) overlaps segment %d %s (%llu-%llu)", w,
                            (unsigned long long)b, (unsigned long long)(b + c - 1), id, o->name,
                            (unsigned long long)o->base,
                            (unsigned long long)(o->base + o->limit - 1));
        }
        sg = &st->sm.seg[a];
        sg->used = 1;
        snprintf(sg->name, sizeof sg->name, "%s", w);
        sg->base = b;
        sg->limit = c;
        p->last_seg_id = (int)a;
        p->segs_seen++;
        break;
    }
    case R_HOLE:
        if (want_fields(p, 3) < 0 || num_field(p, 1, "base", 0, UINT64_MAX, &a) < 0 ||
            num_field(p, 2, "size", 1, UINT64_MAX, &f2) < 0)
            return -1;
        if (p->holes_seen >= p->nh)
            return fail(p, "hole: the segments leave only %u hole%s", p->nh, p->nh == 1 ? "" : "s");
        if (a != p->holes[p->holes_seen].base || f2 != p->holes[p->holes_seen].size)
            return fail(p,
                        "hole: base=%llu size=%llu is not the gap the segments leave "
                        "(base=%llu size=%llu)",
                        (unsigned long long)a, (unsigned long long)f2,
                        (unsigned long long)p->holes[p->holes_seen].base,
                        (unsigned long long)p->holes[p->holes_seen].size);
        p->holes_seen++;
        break;
    case R_EVENT:
        if (p->nf < 2)
            return fail(p, "event: expected 'ok' or 'refused' and a text");
        if (strcmp(p->f[1], "ok") == 0)
            st->refused = 0;
        else if (strcmp(p->f[1], "refused") == 0)
            st->refused = 1;
        else
            return fail(p, "event: expected 'ok' or 'refused', not '%.20s'", p->f[1]);
        if (strlen(p->rest) >= NOTE_MAX)
            return fail(p, "event: text longer than %d characters", NOTE_MAX - 1);
        snprintf(st->last.what, sizeof st->last.what, "%s", p->rest);
        break;
    case R_WHY:
        if (strlen(p->rest) >= NOTE_MAX)
            return fail(p, "why: text longer than %d characters", NOTE_MAX - 1);
        snprintf(st->last.why, sizeof st->last.why, "%s", p->rest);
        break;
    case R_XLATE:
        return strcmp(p->f[0], "translate") == 0 ? parse_translate(p) : parse_seg_translate(p);
    case R_CAPTION:
        if (p->rest[0] == '\0')
            return fail(p, "caption: no text (a file without a caption has no caption record)");
        if (strlen(p->rest) >= NOTE_MAX)
            return fail(p, "caption: text longer than %d characters", NOTE_MAX - 1);
        snprintf(st->caption, sizeof st->caption, "%s", p->rest);
        break;
    case R_END:
        if (want_fields(p, 1) < 0)
            return -1;
        break;
    default:
        break;
    }
    return 0;
}

/* Returns 1 when s[0..n) is all printable ASCII (0x20-0x7e), else 0. The
 * caller looks for the first bad byte only when there is one. Eight bytes
 * are tested at a time ("hasless" and "hasmore" from Bit Twiddling Hacks):
 * in w - 0x20 per byte, the top bit of a byte is set, with the byte's own
 * top bit clear, when some byte is below 0x20; in w + 0x01 per byte, or w
 * itself, the top bit of a byte is set when some byte is above 0x7e. A
 * borrow or carry can mark a later byte too, but only when some byte is
 * bad, so the answer is exact. */
static int printable(const char *s, size_t n)
{
    const uint64_t ones = UINT64_C(0x0101010101010101), tops = UINT64_C(0x8080808080808080);
    uint64_t bad = 0, w;
    size_t i = 0;

    for (; i + 8 <= n; i += 8) {
        memcpy(&w, s + i, 8);
        bad |= ((w - ones * 0x20) & ~w) | (w + ones * 0x01) | w;
    }
    if (bad & tops)
        return 0;
    for (; i < n; i++)
        if ((unsigned char)(s[i] - 0x20) > 0x5e)
            return 0;
    return 1;
}

int status_parse_string(const char *buf, size_t len, struct status *st, char *err, size_t errlen)
{
    return status_parse_string_flags(buf, len, st, 0, err, errlen);
}

int status_parse_string_flags(const char *buf, size_t len, struct status *st, unsigned flags,
                              char *err, size_t errlen)
{
    struct parser p;
    char line[STATUS_MAX_LINE + 1];
    unsigned long lineno = 0;
    size_t at = 0;

    memset(st, 0, sizeof *st);
    memset(&p, 0, sizeof p);
    p.st = st;
    p.flags = flags;
    p.err = err;
    p.errlen = errlen;
    if (len > STATUS_MAX_FILE) {
        snprintf(err, errlen, "file is larger than %llu bytes",
                 (unsigned long long)STATUS_MAX_FILE);
        return -1;
    }
    while (at < len) {
        const char *start = buf + at, *nl;
        size_t avail = len - at, scan = avail < STATUS_MAX_LINE + 1 ? avail : STATUS_MAX_LINE + 1;
        size_t n, check;

        lineno++;
        nl = memchr(start, '\n', scan);
        n = nl ? (size_t)(nl - start) : scan;
        check = n < STATUS_MAX_LINE ? n : STATUS_MAX_LINE;
        if (!printable(start, check)) {
            size_t i = 0;
            unsigned char c;
            while (c = (unsigned char)start[i], c >= 0x20 && c <= 0x7e)
                i++;
            fail(&p, "%s byte 0x%02x at column %zu (only printable ASCII is allowed)",
                 c == 0      ? "NUL"
                 : c == '\r' ? "carriage return"
                             : "forbidden",
                 c, i + 1);
            goto out_fail;
        }
        if (n > STATUS_MAX_LINE) {
            fail(&p, "line longer than %d characters", STATUS_MAX_LINE);
            goto out_fail;
        }
        if (!nl) {
            fail(&p, "last line has no newline: the file was cut short");
            goto out_fail;
        }
        memcpy(line, start, n);
        line[n] = '\0';
        at += n + 1;
        if (parse_line(&p, line, &lineno) < 0)
            goto out_fail;
    }
    if (p.last != R_END) {
        lineno++;
        fail(&p, len == 0 ? "empty file" : "the file ends without 'end': it was cut short");
        goto out_fail;
    }
    return 0;
out_fail:
    pg_restore_abandon(&p.restore);
    status_free(st);
    return lineno ? (int)(lineno > INT32_MAX ? INT32_MAX : lineno) : 1;
}

static int parse_fp(FILE *fp, struct status *st, unsigned flags, char *err, size_t errlen);

int status_parse_fp(FILE *fp, struct status *st, char *err, size_t errlen)
{
    return parse_fp(fp, st, 0, err, errlen);
}

/* status_parse_fp with flags. */
static int parse_fp(FILE *fp, struct status *st, unsigned flags, char *err, size_t errlen)
{
    char *buf = NULL, *nbuf;
    size_t len = 0, cap = 0, got;
    int r;

    memset(st, 0, sizeof *st);
    for (;;) {
        if (len == cap) {
            if (cap > STATUS_MAX_FILE) {
                snprintf(err, errlen, "file is larger than %llu bytes",
                         (unsigned long long)STATUS_MAX_FILE);
                free(buf);
                return -1;
            }
            cap = cap ? cap * 2 : 65536;
            nbuf = realloc(buf, cap);
            if (!nbuf) {
                snprintf(err, errlen, "out of memory reading the file");
                free(buf);
                return -1;
            }
            buf = nbuf;
        }
        got = fread(buf + len, 1, cap - len, fp);
        len += got;
        if (got == 0)
            break;
    }
    if (ferror(fp)) {
        snprintf(err, errlen, "read error: %s", strerror(errno));
        free(buf);
        return -1;
    }
    r = status_parse_string_flags(buf, len, st, flags, err, errlen);
    free(buf);
    return r;
}

int status_parse_file(const char *path, struct status *st, char *err, size_t errlen)
{
    return status_parse_file_flags(path, st, 0, err, errlen);
}

int status_parse_file_flags(const char *path, struct status *st, unsigned flags, char *err,
                            size_t errlen)
{
    struct stat sb;
    FILE *fp;
    int fd, r;

    memset(st, 0, sizeof *st);
    /* O_NONBLOCK so that a FIFO planted at path cannot hang the reader. */
    fd = open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
        snprintf(err, errlen, "%s is not a regular file", path);
        close(fd);
        return -1;
    }
    if ((uint64_t)sb.st_size > STATUS_MAX_FILE) {
        snprintf(err, errlen, "%s is larger than %llu bytes", path,
                 (unsigned long long)STATUS_MAX_FILE);
        close(fd);
        return -1;
    }
    fp = fdopen(fd, "r");
    if (!fp) {
        snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    r = parse_fp(fp, st, flags, err, errlen);
    fclose(fp);
    return r;
}
