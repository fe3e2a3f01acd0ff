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

/* Appends an access. Returns 0, or -1 when out of memory or past
 * VM_RUN_MAX. */
static int push(struct refbuf *b, int64_t pid, uint64_t addr, int write)
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
    b->v[b->n].write = (uint8_t)(write != 0);
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

int vmtrace_page(const char *w, uint32_t *page, int *write, char *err, size_t errlen)
{
    const char *p = w;
    uint64_t v;

    if (digits(&p, 10, UINT32_MAX, &v) < 0 || (*p && strcmp(p, "r") && strcmp(p, "w"))) {
        snprintf(err, errlen, "'%.40s' is not a page number (0-%u, w after it for a write)", w,
                 UINT32_MAX);
        return -1;
    }
    *page = (uint32_t)v;
    *write = *p == 'w';
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
    if (vmtrace_page(w, &page, &write, err, errlen) < 0)
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

/* Reads a lackey line of pid. Returns 0, or -1 with err. */
static int lackey_line(struct refbuf *b, const char *line, int64_t pid, uint64_t page_size,
                       char *err, size_t errlen)
{
    char kind = line[0] == 'I' ? 'I' : line[1];
    const char *p = line + 2 + strspn(line + 2, " ");
    uint64_t addr, size, first, last;

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
    first = addr / page_size;
    last = (addr + size - 1) / page_size;
    for (int write = kind == 'S'; write <= (kind == 'S' || kind == 'M'); write++)
        for (uint64_t pg = first; pg <= last; pg++)
            if (push(b, pid, pg == first ? addr : pg * page_size, write) < 0)
                return -1;
    return 0;
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

/* Returns line number l as the int a reader returns, INT_MAX past it. */
static int line_no(unsigned long l)
{
    return l > INT_MAX ? INT_MAX : (int)l;
}

int vmtrace_read_fp(FILE *fp, int64_t pid, uint64_t page_size, struct vm_ref **refs, size_t *n,
                    enum vmtrace_format *fmt, char *err, size_t errlen)
{
    struct refbuf b = {NULL, 0, 0};
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    unsigned long lineno = 0;
    int f = -1, r = 0;

    *refs = NULL;
    while ((len = getline(&line, &cap, fp)) >= 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        for (char *t = line; *t; t++)
            *t = *t == '\t' ? ' ' : *t;
        if (line[strspn(line, " ")] == '\0' || line[0] == '#' || strncmp(line, "==", 2) == 0)
            continue;
        if (f < 0 && (f = line_format(line)) < 0) {
            snprintf(err, errlen, "not an access line of any trace format (README.md)");
            r = line_no(lineno);
            goto out_free;
        }
        if (check_pid((enum vmtrace_format)f, pid, err, errlen) < 0 ||
            read_line(&b, (enum vmtrace_format)f, line, pid, page_size, err, errlen) < 0) {
            r = strncmp(err, "out of memory", 13) == 0 ? -1 : line_no(lineno);
            goto out_free;
        }
    }
    if (ferror(fp)) {
        snprintf(err, errlen, "read error after line %lu: %s", lineno, strerror(errno));
        r = -1;
        goto out_free;
    }
    free(line);
    *refs = b.v;
    *n = b.n;
    *fmt = f < 0 ? VMTRACE_PAGES : (enum vmtrace_format)f;
    return 0;

out_free:
    free(line);
    free(b.v);
    return r;
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
