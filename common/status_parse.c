/* status_parse.c: the status parser: lines (length, bytes, the final
 * newline), words, fields, the order of records and the format version; the
 * records themselves are read by the functions the table in status.c names.
 * Layered path -> FILE* -> string (status_parse_file, status_parse_fp,
 * status_parse_string). See status.h and docs/status-format.md. */
#include "status_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "num.h"

int status_fail(struct status_parser *p, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(p->err, p->errlen, fmt, ap);
    va_end(ap);
    return -1;
}

/* Reads field i as key=N with N in [min, max]. Returns 0 or -1 (error set). */
int status_num_field(struct status_parser *p, int i, const char *key, uint64_t min, uint64_t max,
                     uint64_t *out)
{
    size_t klen = strlen(key);
    char why[128];

    if (i >= p->nf || strncmp(p->f[i], key, klen) != 0 || p->f[i][klen] != '=')
        return status_fail(p, "%s: field %d should be %s=NUMBER", p->f[0], i, key);
    if (num_parse(p->f[i] + klen + 1, NUM_PLAIN, min, max, out, why, sizeof why) < 0)
        return status_fail(p, "%s: %s: %s", p->f[0], key, why);
    return 0;
}

/* Reads field i as key=WORD. Returns the word or NULL (error set). */
const char *status_word_field(struct status_parser *p, int i, const char *key)
{
    size_t klen = strlen(key);

    if (i >= p->nf || strncmp(p->f[i], key, klen) != 0 || p->f[i][klen] != '=') {
        status_fail(p, "%s: field %d should be %s=...", p->f[0], i, key);
        return NULL;
    }
    return p->f[i] + klen + 1;
}

/* Reads field i as key=A or key=A-B into *lo, *hi. Returns 0 or -1. */
int status_range_field(struct status_parser *p, int i, const char *key, uint64_t max, uint64_t *lo,
                       uint64_t *hi)
{
    const char *v = status_word_field(p, i, key);
    char a[32], why[128];
    const char *dash;

    if (!v)
        return -1;
    dash = strchr(v, '-');
    if (!dash) {
        if (num_parse(v, NUM_PLAIN, 0, max, lo, why, sizeof why) < 0)
            return status_fail(p, "%s: %s: %s", p->f[0], key, why);
        *hi = *lo;
        return 0;
    }
    if ((size_t)(dash - v) >= sizeof a)
        return status_fail(p, "%s: %s: first number too long", p->f[0], key);
    memcpy(a, v, (size_t)(dash - v));
    a[dash - v] = '\0';
    if (num_parse(a, NUM_PLAIN, 0, max, lo, why, sizeof why) < 0 ||
        num_parse(dash + 1, NUM_PLAIN, 0, max, hi, why, sizeof why) < 0)
        return status_fail(p, "%s: %s: %s", p->f[0], key, why);
    if (*hi <= *lo)
        return status_fail(p, "%s: %s=%s is not an increasing range", p->f[0], key, v);
    return 0;
}

int status_want_fields(struct status_parser *p, int n)
{
    if (p->nf != n)
        return status_fail(p, "%s: expected %d field%s after the record name, found %d", p->f[0],
                           n - 1, n == 2 ? "" : "s", p->nf - 1);
    return 0;
}

int status_flag_field(struct status_parser *p, int i, const char *key, int *out)
{
    uint64_t v;

    if (status_num_field(p, i, key, 0, 1, &v) < 0)
        return -1;
    *out = (int)v;
    return 0;
}

/* ---- Order --------------------------------------------------------------- */

/* Returns 1 when the records at place pl may be left out. */
static int optional(enum status_place pl)
{
    return status_place_row(pl)->count != SC_ONCE;
}

/* Says that row is out of place here, and what was expected. A record read
 * whole (cells) is named after its place's first record (map). Returns -1. */
static int out_of_place(struct status_parser *p, const struct status_record *row)
{
    enum status_place want = p->last + 1;
    const char *name = row->fields == STATUS_LINE ? status_place_row(row->place)->name : row->name;

    while (optional(want) && want < SP_END)
        want++;
    return status_fail(p, "'%s' record out of place: expected %s'%s' here", name,
                       status_place_row(p->last + 1)->count == SC_REPEATS ? "more records or " : "",
                       status_place_row(want)->name);
}

int status_advance(struct status_parser *p, const struct status_record *row, unsigned long *line)
{
    enum status_place r = row->place;

    if (p->last == SP_END)
        return status_fail(p, "text after 'end'");
    if (r == p->last) {
        if (row->count != SC_REPEATS)
            return out_of_place(p, row);
        return 0;
    }
    if (r < p->last)
        return out_of_place(p, row);
    for (enum status_place k = p->last + 1; k < r; k++)
        if (!optional(k))
            return out_of_place(p, row);
    for (enum status_place k = p->last; k < r; k++) {
        const struct status_record *c = status_place_row(k);
        if (c->close && c->close(p, line) < 0)
            return -1;
    }
    p->last = r;
    return 0;
}

/* ---- Lines --------------------------------------------------------------- */

/* Returns the record named by the n bytes at name, or NULL. Records read
 * whole (STATUS_LINE) are found by status_parse_line's first look only. */
static const struct status_record *find_record(const char *name, size_t n)
{
    for (size_t i = 0; i < status_nrecords; i++) {
        const struct status_record *row = &status_records[i];
        if (row->fields != STATUS_LINE && strncmp(row->name, name, n) == 0 && row->name[n] == '\0')
            return row;
    }
    return NULL;
}

/* Splits s into words at single spaces (p->f, p->nf), after row's pattern:
 * a record with free text (row->fields STATUS_TEXT or STATUS_WORD_TEXT)
 * keeps it whole in p->rest. Returns 0 or -1 with the error set. */
static int split(struct status_parser *p, char *s, const struct status_record *row)
{
    int text = row && (row->fields == STATUS_TEXT || row->fields == STATUS_WORD_TEXT);

    p->nf = 0;
    p->rest = "";
    if (*s == '\0')
        return status_fail(p, "empty line");
    for (char *t = s;;) {
        char *sp = strchr(t, ' ');
        if (p->nf == STATUS_MAX_FIELDS)
            return status_fail(p, "too many fields");
        p->f[p->nf++] = t;
        if (!sp)
            break;
        *sp = '\0';
        if (p->nf == 1)
            p->rest = sp + 1;
        t = sp + 1;
        if (*t == '\0' || *t == ' ') {
            if (text)
                break;
            return status_fail(p, "%s: two spaces in a row or a space at the end of the line",
                               p->f[0]);
        }
        if (p->nf == 1 && text) {
            /* Free text follows; only the kind word of `event` is a field. */
            if (row->fields == STATUS_WORD_TEXT) {
                sp = strchr(t, ' ');
                p->f[p->nf++] = t;
                p->rest = sp ? sp + 1 : "";
                if (sp)
                    *sp = '\0';
            }
            break;
        }
    }
    return 0;
}

/* Reads the first line, the header (its record is the table's first).
 * Returns 0 or -1 with the error set. */
static int parse_first(struct status_parser *p, const struct status_record *row,
                       unsigned long *line)
{
    if (row != &status_records[0])
        return status_fail(p, "not a memtrack status file: it must start with '%s %d'",
                           STATUS_MAGIC, STATUS_VERSION);
    if (status_want_fields(p, row->fields + 1) < 0 || row->read(p, line) < 0)
        return -1;
    p->started = 1;
    p->last = row->place;
    return 0;
}

int status_check_version(struct status_parser *p, const struct status_record *row)
{
    if (row->version <= p->version)
        return 0;
    return status_fail(p, "'%s' record in a version %d file: it needs '%s %d'", row->name,
                       p->version, STATUS_MAGIC, row->version);
}

/* Returns 1 when s starts with the word name and a space, else 0. */
static int starts_word(const char *s, const char *name)
{
    while (*name && *s == *name) {
        s++;
        name++;
    }
    return *name == '\0' && *s == ' ';
}

/* Parses one line (already checked for length and bytes) into p->st:
 * first by the records read whole (a fast path for frame records), then
 * split into words and read by the record its first word names. Returns 0
 * or -1 with the error set; *line may be moved to the line a count was
 * declared on. */
static int parse_line(struct status_parser *p, char *s, unsigned long *line)
{
    const struct status_record *row;
    int r;

    for (row = status_records; row < status_records + status_nrecords; row++)
        if (row->read_line && starts_word(s, row->name) &&
            (r = row->read_line(p, row, s, line)) <= 0)
            return r;
    row = find_record(s, strcspn(s, " "));
    if (split(p, s, row) < 0)
        return -1;
    if (!p->started)
        return parse_first(p, row, line);
    if (!row)
        return status_fail(p, "unknown record '%.30s'", p->f[0]);
    if (row == &status_records[0])
        return status_fail(p, "'%s' record out of place: only the first line", STATUS_MAGIC);
    if (status_check_version(p, row) < 0)
        return -1;
    if (status_advance(p, row, line) < 0)
        return -1;
    if (row->fields >= 0 && status_want_fields(p, row->fields + 1) < 0)
        return -1;
    return row->read(p, line);
}

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

/* Checks the line at start (avail bytes to the end of the input): its
 * bytes, its length, its newline. Returns its length, or -1 with the error
 * set. */
static long check_line(struct status_parser *p, const char *start, size_t avail)
{
    size_t scan = avail < STATUS_MAX_LINE + 1 ? avail : STATUS_MAX_LINE + 1, n, check;
    const char *nl = memchr(start, '\n', scan);

    n = nl ? (size_t)(nl - start) : scan;
    check = n < STATUS_MAX_LINE ? n : STATUS_MAX_LINE;
    if (!printable(start, check)) {
        size_t i = 0;
        unsigned char c;
        while (c = (unsigned char)start[i], c >= 0x20 && c <= 0x7e)
            i++;
        return status_fail(p, "%s byte 0x%02x at column %zu (only printable ASCII is allowed)",
                           c == 0      ? "NUL"
                           : c == '\r' ? "carriage return"
                                       : "forbidden",
                           c, i + 1);
    }
    if (n > STATUS_MAX_LINE)
        return status_fail(p, "line longer than %d characters", STATUS_MAX_LINE);
    if (!nl)
        return status_fail(p, "last line has no newline: the file was cut short");
    return (long)n;
}

int status_parse_string(const char *buf, size_t len, struct status *st, unsigned flags, char *err,
                        size_t errlen)
{
    struct status_parser p;
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
        long n;

        lineno++;
        n = check_line(&p, buf + at, len - at);
        if (n < 0)
            goto out_fail;
        memcpy(line, buf + at, (size_t)n);
        line[n] = '\0';
        at += (size_t)n + 1;
        if (parse_line(&p, line, &lineno) < 0)
            goto out_fail;
    }
    if (p.last != SP_END) {
        lineno++;
        status_fail(&p, len == 0 ? "empty file" : "the file ends without 'end': it was cut short");
        goto out_fail;
    }
    status_vm_parse_free(&p);
    status_quiz_parse_free(&p);
    return 0;
out_fail:
    status_vm_parse_free(&p);
    status_quiz_parse_free(&p);
    pg_restore_abandon(&p.paging.restore);
    status_free(st);
    return lineno ? (int)(lineno > INT32_MAX ? INT32_MAX : lineno) : 1;
}

int status_parse_fp(FILE *fp, struct status *st, unsigned flags, char *err, size_t errlen)
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
    r = status_parse_string(buf, len, st, flags, err, errlen);
    free(buf);
    return r;
}

int status_parse_file(const char *path, struct status *st, unsigned flags, char *err, size_t errlen)
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
    r = status_parse_fp(fp, st, flags, err, errlen);
    fclose(fp);
    return r;
}
