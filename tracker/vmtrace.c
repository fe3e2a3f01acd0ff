/* vmtrace.c: trace files for `trace` and `compare @FILE`. See vmtrace.h. */
#include "vmtrace.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "num.h"
#include "paging.h"

/* The accesses read so far. */
struct refbuf {
    struct vm_ref *v;
    size_t n, cap;
};

/* Appends an access of kind (enum vm_kind). Returns 0, or -1 when out of
 * memory or past VM_RUN_MAX. */
static inline int push(struct refbuf *b, int64_t pid, uint64_t addr, int kind)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 1024;
        struct vm_ref *v;
        if (b->n >= VM_RUN_MAX || cap > SIZE_MAX / sizeof *v)
            return -1;
        v = realloc(b->v, cap * sizeof *v);
        if (!v)
            return -1;
        b->v = v;
        b->cap = cap;
    }
    b->v[b->n].addr = addr;
    b->v[b->n].pid = (int32_t)pid;
    b->v[b->n].write = kind == VM_WRITE;
    b->v[b->n].exec = kind == VM_EXEC;
    b->n++;
    return 0;
}

/* Reads digits in base 10 or 16 at *p, at least one, into *out (at most
 * max) and moves *p past them. Returns 0, or -1. */
static int digits(const char **p, int base, uint64_t max, uint64_t *out)
{
    const char *s = *p;
    uint64_t v = 0;

    for (;; s++) {
        unsigned d;
        if (*s >= '0' && *s <= '9')
            d = (unsigned)(*s - '0');
        else if (base == 16 && *s >= 'a' && *s <= 'f')
            d = (unsigned)(*s - 'a' + 10);
        else if (base == 16 && *s >= 'A' && *s <= 'F')
            d = (unsigned)(*s - 'A' + 10);
        else
            break;
        if (v > (max - d) / (unsigned)base)
            return -1;
        v = v * (unsigned)base + d;
    }
    if (s == *p)
        return -1;
    *p = s;
    *out = v;
    return 0;
}

const char *vmtrace_format_name(enum vmtrace_format f)
{
    static const char *names[] = {"one page a line", "PID ADDRESS r|w", "valgrind lackey"};

    return names[f];
}

int vmtrace_page(const char *w, uint32_t *page, int *kind, int exec_ok, char *err, size_t errlen)
{
    const char *p = w;
    uint64_t v;

    if (digits(&p, 10, UINT32_MAX, &v) < 0 ||
        (*p && strcmp(p, "r") && strcmp(p, "w") && (!exec_ok || strcmp(p, "x")))) {
        snprintf(err, errlen, "'%.40s' is not a page number (0-%u, w after it for a write%s)", w,
                 UINT32_MAX, exec_ok ? ", x for an instruction fetch" : "");
        return -1;
    }
    *page = (uint32_t)v;
    *kind = *p == 'w' ? VM_WRITE : *p == 'x' ? VM_EXEC : VM_READ;
    return 0;
}

/* Returns the format of an access line, or -1 when it has none. */
static int line_format(const char *line)
{
    int words = 0;

    if ((line[0] == 'I' && line[1] == ' ') ||
        (line[0] == ' ' && line[1] && strchr("LSM", line[1]) && line[2] == ' '))
        return VMTRACE_LACKEY;
    for (const char *p = line; *p; p++)
        words += *p != ' ' && (p == line || p[-1] == ' ');
    return words == 1 ? VMTRACE_PAGES : words == 3 ? VMTRACE_PID : -1;
}

/* Reads a pages line (one word) of pid. Returns 0, or -1 with err. */
static int pages_line(struct refbuf *b, char *line, int64_t pid, uint64_t page_size, char *err,
                      size_t errlen)
{
    char *w = line + strspn(line, " ");
    uint32_t page;
    int write;

    w[strcspn(w, " ")] = '\0';
    if (vmtrace_page(w, &page, &write, 0, err, errlen) < 0)
        return -1;
    return push(b, pid, (uint64_t)page * page_size, write);
}

/* Reads a "PID ADDRESS r|w" line. Returns 0, or -1 with err. */
static int pid_line(struct refbuf *b, char *line, char *err, size_t errlen)
{
    char *w[3], *save = NULL;
    uint64_t pid, addr;
    char why[160];

    w[0] = strtok_r(line, " ", &save);
    w[1] = strtok_r(NULL, " ", &save);
    w[2] = strtok_r(NULL, " ", &save);
    if (num_parse(w[0], NUM_PLAIN, 1, PG_MAX_PID, &pid, why, sizeof why) < 0) {
        snprintf(err, errlen, "process id: %s", why);
        return -1;
    }
    if (num_parse(w[1], NUM_HEX, 0, UINT64_MAX, &addr, why, sizeof why) < 0) {
        snprintf(err, errlen, "address: %s", why);
        return -1;
    }
    if (strcmp(w[2], "r") != 0 && strcmp(w[2], "w") != 0) {
        snprintf(err, errlen, "'%.20s' is not r or w", w[2]);
        return -1;
    }
    return push(b, (int64_t)pid, addr, w[2][0] == 'w');
}

/* Appends the accesses of a lackey access of kind (I, L, S or M) of size
 * bytes at addr (checked: size in 1 .. page_size, addr + size - 1 in range).
 * Returns 0, or -1 when a push failed (some may have been made). */
static int lackey_push(struct refbuf *b, char kind, uint64_t addr, uint64_t size, int64_t pid,
                       uint64_t page_size)
{
    uint64_t first = addr / page_size, last = (addr + size - 1) / page_size;

    for (int write = kind == 'S'; write <= (kind == 'S' || kind == 'M'); write++)
        for (uint64_t pg = first; pg <= last; pg++)
            if (push(b, pid, pg == first ? addr : pg * page_size, kind == 'I' ? VM_EXEC : write) <
                0)
                return -1;
    return 0;
}

/* Reads a lackey line of pid. Returns 0, or -1 with err. */
static int lackey_line(struct refbuf *b, const char *line, int64_t pid, uint64_t page_size,
                       char *err, size_t errlen)
{
    char kind = line[0] == 'I' ? 'I' : line[1];
    const char *p = line + 2 + strspn(line + 2, " ");
    uint64_t addr, size;

    if (digits(&p, 16, UINT64_MAX, &addr) < 0 || *p++ != ',' ||
        digits(&p, 10, UINT64_MAX, &size) < 0 || size == 0 || p[strspn(p, " ")] != '\0' ||
        size - 1 > UINT64_MAX - addr) {
        snprintf(err, errlen, "not a lackey line (%c ADDRESS,SIZE with ADDRESS in hex)", kind);
        return -1;
    }
    /* Lackey's accesses are at most a few cache lines: one larger than a
     * page is no lackey output (and would expand into millions of pages). */
    if (size > page_size) {
        snprintf(err, errlen, "an access of %llu bytes is larger than a page (%llu B)",
                 (unsigned long long)size, (unsigned long long)page_size);
        return -1;
    }
    return lackey_push(b, kind, addr, size, pid, page_size);
}

/* Checks that pid suits format f. Returns 0, or -1 with err. */
static int check_pid(enum vmtrace_format f, int64_t pid, char *err, size_t errlen)
{
    if (f == VMTRACE_PID && pid)
        snprintf(err, errlen, "a PID ADDRESS r|w file names its processes: give no PID");
    else if (f != VMTRACE_PID && !pid)
        snprintf(err, errlen, "the %s format needs a process: trace FILE PID",
                 vmtrace_format_name(f));
    else
        return 0;
    return -1;
}

/* Reads one access line of format f. Returns 0, or -1 with err (a push
 * that failed says so). */
static int read_line(struct refbuf *b, enum vmtrace_format f, char *line, int64_t pid,
                     uint64_t page_size, char *err, size_t errlen)
{
    int r;

    err[0] = '\0';
    if (line_format(line) != (int)f) {
        snprintf(err, errlen, "not a %s line (the file's first access line set its format)",
                 vmtrace_format_name(f));
        return -1;
    }
    if (f == VMTRACE_PAGES)
        r = pages_line(b, line, pid, page_size, err, errlen);
    else if (f == VMTRACE_PID)
        r = pid_line(b, line, err, errlen);
    else
        r = lackey_line(b, line, pid, page_size, err, errlen);
    if (r < 0 && !err[0])
        snprintf(err, errlen, "out of memory after %zu accesses", b->n);
    return r;
}

/* Bytes read from the file at a time; a line longer than the buffer grows
 * it. test_vmtrace builds this file with a block of a few bytes, so that
 * lines cross its edges everywhere. */
#ifndef VMTRACE_BLOCK
#define VMTRACE_BLOCK (1u << 20)
#endif

/* A trace file being read. */
struct reader {
    struct refbuf b;        /* The accesses read so far. */
    FILE *fp;               /* Borrowed from vmtrace_read_fp's caller. */
    char *buf;              /* Owned: cap bytes and one for a '\0' after the last. */
    size_t cap, start, end; /* buf[start .. end) is read but not yet taken; buf[end] is '\0'. */
    unsigned long lineno;   /* Lines taken so far. */
    int f;                  /* The file's format, -1 before its first access line. */
    int read_errno;         /* errno of a read that failed. */
    int64_t pid;
    uint64_t page_size;
    char *err;
    size_t errlen;
};

/* Returns line number l as the int a reader returns, INT_MAX past it. */
static int line_no(unsigned long l)
{
    return l > INT_MAX ? INT_MAX : (int)l;
}

/* Takes a line of len bytes (its '\n' dropped, a '\0' after it) by the
 * general rules, which read every line the fast readers below leave.
 * Returns 0, or vmtrace_read_fp's result: the line's number with err, or -1
 * when memory ran out. */
static int take_line(struct reader *r, char *line, size_t len)
{
    r->lineno++;
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        line[--len] = '\0';
    for (char *t = line; *t; t++)
        *t = *t == '\t' ? ' ' : *t;
    if (line[strspn(line, " ")] == '\0' || line[0] == '#' || strncmp(line, "==", 2) == 0)
        return 0;
    if (r->f < 0 && (r->f = line_format(line)) < 0) {
        snprintf(r->err, r->errlen, "not an access line of any trace format (README.md)");
        return line_no(r->lineno);
    }
    if (check_pid((enum vmtrace_format)r->f, r->pid, r->err, r->errlen) < 0 ||
        read_line(&r->b, (enum vmtrace_format)r->f, line, r->pid, r->page_size, r->err, r->errlen) <
            0)
        return strncmp(r->err, "out of memory", 13) == 0 ? -1 : line_no(r->lineno);
    return 0;
}

/* The fast readers. Each takes the line that starts at line when it has
 * the usual shape of its format (once the file's first access line set
 * that format, so its pid was checked) and reads it exactly as take_line
 * would: it returns the line's length with its '\n'. A line of any other shape (tabs, CR,
 * comments, an error, the block's end, which its '\0' marks) or a push that
 * failed returns 0 and changes nothing: take_line reads that line. */

/* Reads at most maxd decimal digits at p, at least one, into *v. Returns
 * the byte after them, or NULL. */
static const char *fast_dec(const char *p, int maxd, uint64_t *v)
{
    const char *s = p;
    uint64_t x = 0;

    for (; (unsigned)(*p - '0') < 10u; p++) {
        if (p - s == maxd)
            return NULL;
        x = x * 10 + (uint64_t)(*p - '0');
    }
    *v = x;
    return p == s ? NULL : p;
}

/* As fast_dec for hex digits (either case). */
static const char *fast_hex(const char *p, int maxd, uint64_t *v)
{
    const char *s = p;
    uint64_t x = 0;

    for (;; p++) {
        unsigned d = (unsigned)(*p - '0');
        if (d >= 10u) {
            d = (unsigned)((*p | 0x20) - 'a');
            if (d >= 6u)
                break;
            d += 10;
        }
        if (p - s == maxd)
            return NULL;
        x = x << 4 | d;
    }
    *v = x;
    return p == s ? NULL : p;
}

/* A pages line: "PAGE\n", "PAGEw\n" or "PAGEr\n". */
static size_t fast_page(struct reader *r, const char *line)
{
    const char *p;
    uint64_t page;
    int write;

    if (!(p = fast_dec(line, 10, &page)) || page > UINT32_MAX)
        return 0;
    write = *p == 'w';
    p += *p == 'w' || *p == 'r';
    if (*p != '\n' || push(&r->b, r->pid, page * r->page_size, write) < 0)
        return 0;
    return (size_t)(p + 1 - line);
}

/* A pid line: "PID ADDRESS r\n" (or w), ADDRESS in decimal or 0x hex. */
static size_t fast_pid(struct reader *r, const char *line)
{
    const char *p;
    uint64_t pid, addr;

    if (!(p = fast_dec(line, 10, &pid)) || pid < 1 || pid > PG_MAX_PID || *p++ != ' ')
        return 0;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
        p = fast_hex(p + 2, 16, &addr);
    else
        p = fast_dec(p, 19, &addr);
    if (!p || p[0] != ' ' || (p[1] != 'r' && p[1] != 'w') || p[2] != '\n' ||
        push(&r->b, (int64_t)pid, addr, p[1] == 'w') < 0)
        return 0;
    return (size_t)(p + 3 - line);
}

/* A lackey line: "I  ADDR,SIZE\n" or " L ADDR,SIZE\n" (S, M), SIZE at most
 * a page. */
static size_t fast_lackey(struct reader *r, const char *line)
{
    const char *p = line + 2;
    size_t n = r->b.n;
    uint64_t addr, size;
    char kind;

    /* Reads line[2] only when line[1] is no '\0': line may be the block's end. */
    if (line[0] == 'I' && line[1] == ' ')
        kind = 'I';
    else if (line[0] == ' ' && (line[1] == 'L' || line[1] == 'S' || line[1] == 'M') &&
             line[2] == ' ')
        kind = line[1];
    else
        return 0;
    while (*p == ' ')
        p++;
    if (!(p = fast_hex(p, 16, &addr)) || *p++ != ',' || !(p = fast_dec(p, 19, &size)))
        return 0;
    while (*p == ' ')
        p++;
    if (*p != '\n' || size == 0 || size > r->page_size || size - 1 > UINT64_MAX - addr)
        return 0;
    if (lackey_push(&r->b, kind, addr, size, r->pid, r->page_size) < 0) {
        r->b.n = n;
        return 0;
    }
    return (size_t)(p + 1 - line);
}

/* The fast reader of each format, by enum vmtrace_format. */
static size_t (*const fast_reader[])(struct reader *, const char *) = {fast_page, fast_pid,
                                                                       fast_lackey};

/* Takes every whole line of buf[start .. end) and leaves start at the line
 * the block ends inside of. Returns 0, or vmtrace_read_fp's result. */
static int scan(struct reader *r)
{
    char *p = r->buf + r->start, *end = r->buf + r->end, *nl;
    size_t len;
    int res;

    while (p < end) {
        if (r->f >= 0 && (len = fast_reader[r->f](r, p)) > 0) {
            r->lineno++;
            p += len;
            continue;
        }
        if (!(nl = memchr(p, '\n', (size_t)(end - p))))
            break;
        *nl = '\0';
        if ((res = take_line(r, p, (size_t)(nl - p))) != 0)
            return res;
        p = nl + 1;
    }
    r->start = (size_t)(p - r->buf);
    return 0;
}

/* Moves the bytes not yet taken to the front of buf (doubling it when they
 * fill it) and reads more after them. Returns 1, 0 at the end of the file
 * or when a read failed (ferror tells, read_errno says why), or -1 when out
 * of memory (reason in err). */
static int fill(struct reader *r)
{
    size_t keep = r->end - r->start, got;
    char *buf;

    memmove(r->buf, r->buf + r->start, keep);
    r->start = 0;
    r->end = keep;
    if (keep == r->cap) {
        if (r->cap > (SIZE_MAX - 1) / 2 || !(buf = realloc(r->buf, r->cap * 2 + 1))) {
            snprintf(r->err, r->errlen, "out of memory reading line %lu", r->lineno + 1);
            return -1;
        }
        r->buf = buf;
        r->cap *= 2;
    }
    got = fread(r->buf + keep, 1, r->cap - keep, r->fp);
    r->read_errno = errno;
    r->end = keep + got;
    r->buf[r->end] = '\0';
    return got > 0;
}

/* Returns the bytes left to read in fp when it is a regular file, else 0. */
static uint64_t bytes_left(FILE *fp)
{
    struct stat st;
    off_t at;
    int fd = fileno(fp);

    if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (at = ftello(fp)) < 0 ||
        st.st_size <= at)
        return 0;
    return (uint64_t)(st.st_size - at);
}

/* Once the first done bytes of a file of total bytes gave b->n accesses:
 * makes room for as many a byte in the whole file, and a sixteenth more
 * (at most VM_RUN_MAX), so the array is not copied as it grows. When that
 * fails nothing changes: the array grows as it goes. */
static void reserve(struct refbuf *b, uint64_t total, uint64_t done)
{
    double want = (double)b->n * ((double)total / (double)(done ? done : 1)) * 1.0625 + 1024;
    struct vm_ref *v;

    if (total <= done || !b->n)
        return;
    if (want > (double)VM_RUN_MAX)
        want = (double)VM_RUN_MAX;
    if ((size_t)want <= b->cap || (size_t)want > SIZE_MAX / sizeof *v)
        return;
    if ((v = realloc(b->v, (size_t)want * sizeof *v))) {
        b->v = v;
        b->cap = (size_t)want;
    }
}

/* Gives back the room at the end of the array when over an eighth of it is
 * unused. */
static void trim(struct refbuf *b)
{
    struct vm_ref *v;

    if (b->n && b->cap - b->n > b->n / 8 && (v = realloc(b->v, b->n * sizeof *v))) {
        b->v = v;
        b->cap = b->n;
    }
}

int vmtrace_read_fp(FILE *fp, int64_t pid, uint64_t page_size, struct vm_ref **refs, size_t *n,
                    enum vmtrace_format *fmt, char *err, size_t errlen)
{
    struct reader r = {.fp = fp,
                       .cap = VMTRACE_BLOCK,
                       .f = -1,
                       .pid = pid,
                       .page_size = page_size,
                       .err = err,
                       .errlen = errlen};
    uint64_t total = bytes_left(fp);
    int got, res = 0, first = 1;

    *refs = NULL;
    if (!(r.buf = malloc(r.cap + 1))) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    while ((got = fill(&r)) > 0) {
        if ((res = scan(&r)) != 0)
            goto out_free;
        if (first)
            reserve(&r.b, total, r.start);
        first = 0;
    }
    res = got < 0 ? -1 : 0;
    /* The last line, without a '\n' (or cut short by a read error). */
    if (got < 0 || (r.end > r.start && (res = take_line(&r, r.buf + r.start, r.end - r.start))))
        goto out_free;
    if (ferror(fp)) {
        snprintf(err, errlen, "read error after line %lu: %s", r.lineno, strerror(r.read_errno));
        res = -1;
        goto out_free;
    }
    free(r.buf);
    trim(&r.b);
    *refs = r.b.v;
    *n = r.b.n;
    *fmt = r.f < 0 ? VMTRACE_PAGES : (enum vmtrace_format)r.f;
    return 0;

out_free:
    free(r.buf);
    free(r.b.v);
    return res;
}

int vmtrace_read(const char *path, int64_t pid, uint64_t page_size, struct vm_ref **refs, size_t *n,
                 enum vmtrace_format *fmt, char *err, size_t errlen)
{
    FILE *fp = fopen(path, "r");
    struct stat st;
    int r;

    *refs = NULL;
    if (!fp) {
        snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    if (fstat(fileno(fp), &st) < 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "cannot read %s: not a regular file", path);
        fclose(fp);
        return -1;
    }
    r = vmtrace_read_fp(fp, pid, page_size, refs, n, fmt, err, errlen);
    fclose(fp);
    return r;
}
