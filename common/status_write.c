/* status_write.c: the status writer's text: sinks (a FILE, a file
 * descriptor or memory), numbers, the whole file record by record as the
 * table in status.c lists them, and the writer's cache of frame records.
 * See status.h and status_impl.h. */
/* fallocate (Linux), to keep a rename from flushing the new file: see
 * preallocate below. */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE
#endif

#include "status_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

void status_sink_flush(struct sink *s)
{
    if (s->fp || s->fd >= 0) {
        sink_write(s, s->buf, s->n);
        s->n = 0;
    }
}

void status_sink_grow(struct sink *s, size_t need)
{
    size_t cap;
    char *nb;

    if (s->fp || s->fd >= 0) {
        status_sink_flush(s);
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

void status_put(struct sink *s, const char *p, size_t len)
{
    if (len == 0)
        return;
    if (len > SINK_CHUNK / 2 && (s->fp || s->fd >= 0)) {
        /* Large text (a cache's frame records) goes straight out. */
        status_sink_flush(s);
        sink_write(s, p, len);
        return;
    }
    status_room(s, len);
    if (s->err)
        return;
    memcpy(s->buf + s->n, p, len);
    s->n += len;
}

void status_puts(struct sink *s, const char *str)
{
    status_put(s, str, strlen(str));
}

void status_putu(struct sink *s, uint64_t v)
{
    char tmp[24];
    int i = sizeof tmp;

    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    status_put(s, tmp + i, sizeof tmp - (size_t)i);
}

void status_putkv(struct sink *s, const char *key, uint64_t v)
{
    status_puts(s, key);
    status_put(s, "=", 1);
    status_putu(s, v);
}

void status_format_all(const struct status *st, struct status_cache *cache, struct sink *s)
{
    for (size_t i = 0; i < status_nrecords; i++)
        if (status_records[i].write)
            status_records[i].write(st, cache, s);
    status_sink_flush(s);
}

int status_format(const struct status *st, FILE *fp)
{
    struct sink s = {fp, -1, 0, 0, 0, malloc(SINK_CHUNK), 0, SINK_CHUNK};

    if (!s.buf)
        return -1;
    status_format_all(st, NULL, &s);
    free(s.buf);
    return s.err || ferror(fp) ? -1 : 0;
}

/* ---- The writer's cache ---------------------------------------------------- */

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

/* The cache's questions to the memory: whether its records are of pg
 * (pg->set.serial), whether frames from..to-1 changed since they were
 * written (fs_changed_since), and remembering which memory and version a write
 * made them from. */
static int cache_of(const struct status_cache *c, const struct paging *pg)
{
    return c->serial == pg->set.serial;
}

static int cache_unchanged(const struct status_cache *c, const struct paging *pg, uint32_t from,
                           uint32_t to)
{
    return !fs_changed_since(&pg->set, from, to, c->version);
}

static void cache_remember(struct status_cache *c, const struct paging *pg)
{
    c->serial = pg->set.serial;
    c->version = pg->set.version;
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

/* Formats into the cache's spare buffer, writes that to s and makes it the
 * cache's text. */
int status_cache_frames(const struct paging *pg, struct status_cache *c, struct sink *s)
{
    const struct pg_frame *fr = pg->frames;
    uint32_t n = pg->nframes, f;
    const struct status_line *old = c->lines[c->cur];
    const struct sink *oldtext = &c->text[c->cur];
    struct sink *m = &c->text[!c->cur];
    size_t nold = cache_of(c, pg) ? c->nlines : 0, i = 0, nnew = 0, copied = 0;

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
            if (cache_unchanged(c, pg, f, upto)) {
                status_put(m, oldtext->buf + old[i].at, len);
                copied++;
                f = end;
                continue;
            }
        }
        f = status_put_record(m, fr, n, f);
    }
    if (m->err)
        goto fail;
    status_put(s, m->buf, m->n);
    c->cur = !c->cur;
    c->nlines = nnew;
    cache_remember(c, pg);
    c->copied = copied;
    return 0;
fail:
    c->nlines = 0;
    c->copied = 0;
    return -1;
}
