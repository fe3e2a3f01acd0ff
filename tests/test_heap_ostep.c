/* test_heap_ostep.c: the freelist allocator against OSTEP's malloc.py.
 *
 * tests/data/ostep/malloc/ holds malloc.py's own outputs (-c) over every
 * fit x order x coalesce x header x alignment, random and -A runs (its
 * README says how they were made). Each run is replayed on a heap set up as
 * its header lines say: random runs regenerate malloc.py's operations with
 * pyrand (the same seed, draws and rules), -A runs play the list. After
 * every operation the returned address, the searched count, the free call's
 * result and the whole free list must be malloc.py's, and heap_check must
 * pass. Run from the repository root (tests/run.sh does).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heap.h"
#include "pyrand.h"
#include "test.h"

#define DIR     "tests/data/ostep/malloc/"
#define MAX_IDX 4096

/* A run: its settings (malloc.py's header lines) and its output lines. */
struct run {
    const char *args; /* The RUN line's arguments. */
    long long seed, size, base, header, align, nops, range, pct;
    char policy[16], order[16], coalesce[8], list[512];
    char **line; /* Output lines after the header's blank line. */
    size_t nline, at;
    char why[300]; /* The first mismatch. */
};

/* malloc.py's names for memtrack's settings, in enum order. */
static const char *const policies[] = {"FIRST", "BEST", "WORST"};
static const char *const orders[] = {"ADDRSORT", "SIZESORT+", "SIZESORT-", "INSERT-FRONT",
                                     "INSERT-BACK"};

static int lookup(const char *const *names, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

/* Reads the header lines (up to the first blank line) at lines[0..]. Returns
 * how many it took, or 0 when one is missing. */
static size_t read_header(struct run *r, char **lines, size_t n)
{
    size_t i;
    int seen = 0;

    r->list[0] = '\0';
    for (i = 0; i < n && lines[i][0]; i++) {
        const char *l = lines[i];

        seen += sscanf(l, "seed %lld", &r->seed) == 1;
        seen += sscanf(l, "size %lld", &r->size) == 1;
        seen += sscanf(l, "baseAddr %lld", &r->base) == 1;
        seen += sscanf(l, "headerSize %lld", &r->header) == 1;
        seen += sscanf(l, "alignment %lld", &r->align) == 1;
        seen += sscanf(l, "policy %15s", r->policy) == 1;
        seen += sscanf(l, "listOrder %15s", r->order) == 1;
        seen += sscanf(l, "coalesce %7s", r->coalesce) == 1;
        seen += sscanf(l, "numOps %lld", &r->nops) == 1;
        seen += sscanf(l, "range %lld", &r->range) == 1;
        seen += sscanf(l, "percentAlloc %lld", &r->pct) == 1;
        if (strncmp(l, "allocList ", 10) == 0 && ++seen)
            snprintf(r->list, sizeof r->list, "%s", l + 10);
    }
    return seen == 12 && i < n ? i + 1 : 0;
}

/* Sets up h as run r says. Returns 0 or -1. */
static int setup(struct heap *h, const struct run *r)
{
    struct heap_config c;
    char err[200];
    int fit = lookup(policies, 3, r->policy), order = lookup(orders, 5, r->order);

    heap_config_default(&c, HEAP_FREELIST);
    c.header = (uint64_t)r->header;
    c.align = r->align < 0 ? 0 : (uint64_t)r->align;
    c.fit = (enum heap_fit)fit;
    c.order = (enum heap_order)order;
    c.coalesce = strcmp(r->coalesce, "True") == 0;
    if (fit < 0 || order < 0 || heap_init(h, (uint64_t)r->size, &c, err, sizeof err) < 0)
        return -1;
    return 0;
}

/* The next output line, or "" past the end. */
static const char *next(struct run *r)
{
    return r->at < r->nline ? r->line[r->at++] : "";
}

/* Expects the next line to be want. Returns 0 or -1 with r->why. */
static int expect(struct run *r, const char *want)
{
    const char *got = next(r);

    if (strcmp(got, want) == 0)
        return 0;
    snprintf(r->why, sizeof r->why, "line %zu: malloc.py '%.60s', memtrack '%.60s'", r->at, got,
             want);
    return -1;
}

/* Expects the free-list dump of h and the blank line after it. */
static int expect_list(struct run *r, const struct heap *h)
{
    char want[8192];
    int len = snprintf(want, sizeof want, "Free List [ Size %zu ]: ", h->nlist);

    for (size_t i = 0; i < h->nlist && len < (int)sizeof want; i++)
        len += snprintf(want + len, sizeof want - (size_t)len, "[ addr:%lld sz:%llu ]",
                        (long long)h->list[i].addr + r->base, (unsigned long long)h->list[i].size);
    return expect(r, want) < 0 || expect(r, "") < 0 ? -1 : 0;
}

/* Runs heap_check. Returns 0 or -1 with r->why. */
static int checked(struct run *r, const struct heap *h)
{
    char err[200];

    if (heap_check(h, err, sizeof err) == 0)
        return 0;
    snprintf(r->why, sizeof r->why, "heap_check: %s", err);
    return -1;
}

/* Allocates ptr[c] of size bytes and expects malloc.py's line: in random
 * mode the pointer after the header (-1 + header on failure), with -A the
 * block's start (-1). Sets *addr (-1 when refused). */
static int alloc_step(struct run *r, struct heap *h, long long c, long long size, int random_mode,
                      long long *addr)
{
    char name[24], want[128];
    long long shown;

    snprintf(name, sizeof name, "p%lld", c);
    *addr = heap_malloc(h, name, (uint64_t)size, NULL, NULL) == 0 ? (long long)h->last.addr : -1;
    shown = *addr < 0 ? -1 : *addr + r->base;
    if (random_mode)
        shown += r->header;
    snprintf(want, sizeof want, "ptr[%lld] = Alloc(%lld) returned %lld (searched %llu elements)", c,
             size, shown, (unsigned long long)h->last.st.searched);
    if (checked(r, h) < 0)
        return -1;
    return expect(r, want);
}

/* Frees the block that starts at addr, as malloc.py's free(addr) does
 * (none there: returned -1, nothing changed), expecting its lines. */
static int free_step(struct run *r, struct heap *h, long long idx, long long addr)
{
    char want[64];
    int rc = -1;

    snprintf(want, sizeof want, "Free(ptr[%lld])", idx);
    if (expect(r, want) < 0)
        return -1;
    for (size_t i = 0; i < h->nblocks; i++)
        if ((long long)h->blocks[i].addr == addr) {
            char name[HEAP_NAME_MAX + 1];

            memcpy(name, h->blocks[i].name, sizeof name);
            rc = heap_free(h, name, NULL);
            break;
        }
    if (checked(r, h) < 0)
        return -1;
    return expect(r, rc == 0 ? "returned 0" : "returned -1");
}

/* malloc.py's random mode, draw for draw. */
static int replay_random(struct run *r, struct heap *h)
{
    static long long addr[MAX_IDX], live[MAX_IDX];
    struct pyrand g;
    long long c = 0, nlive = 0;

    pyrand_seed(&g, (uint64_t)r->seed);
    for (long long j = 0; j < r->nops;) {
        if (pyrand_random(&g) < (double)r->pct / 100.0) {
            long long size = (long long)pyrand_scaled(&g, (uint64_t)r->range) + 1;

            if (c >= MAX_IDX || alloc_step(r, h, c, size, 1, &addr[c]) < 0)
                return -1;
            if (addr[c] >= 0)
                live[nlive++] = c;
            c++;
        } else if (nlive > 0) {
            size_t d = (size_t)pyrand_scaled(&g, (uint64_t)nlive);

            if (free_step(r, h, live[d], addr[live[d]]) < 0)
                return -1;
            memmove(live + d, live + d + 1, (size_t)(nlive - (long long)d - 1) * sizeof *live);
            nlive--;
        } else {
            continue;
        }
        j++;
        if (expect_list(r, h) < 0)
            return -1;
    }
    return 0;
}

/* malloc.py's -A mode: +SIZE allocates, -INDEX frees what ptr[INDEX] was
 * given (a later block at the same address, or nothing: returned -1). */
static int replay_list(struct run *r, struct heap *h)
{
    static long long addr[MAX_IDX];
    long long c = 0, valid = 0;

    for (char *op = strtok(r->list, ","); op; op = strtok(NULL, ",")) {
        long long v = atoll(op + 1);

        if (op[0] == '+') {
            if (c >= MAX_IDX || alloc_step(r, h, c, v, 0, &addr[c]) < 0)
                return -1;
            valid += addr[c] >= 0;
            c++;
        } else if (v >= valid) {
            if (expect(r, "Invalid Free: Skipping") < 0)
                return -1;
            continue;
        } else if (v >= c || addr[v] < 0 || free_step(r, h, v, addr[v]) < 0) {
            if (!r->why[0])
                snprintf(r->why, sizeof r->why, "free of ptr[%lld], never given", v);
            return -1;
        }
        if (expect_list(r, h) < 0)
            return -1;
    }
    return 0;
}

/* Replays one run; returns 0 when every line agreed. */
static int replay(struct run *r)
{
    struct heap h;
    int rc;

    memset(&h, 0, sizeof h);
    if (setup(&h, r) < 0) {
        snprintf(r->why, sizeof r->why, "cannot set up the heap");
        return -1;
    }
    rc = r->list[0] ? replay_list(r, &h) : replay_random(r, &h);
    if (rc == 0 && r->at != r->nline)
        snprintf(r->why, sizeof r->why, "%zu lines left over", r->nline - r->at);
    heap_free_all(&h);
    return rc < 0 || r->at != r->nline ? -1 : 0;
}

/* Reads file into lines (NUL-terminated in place). Returns the count, or 0. */
static size_t read_lines(const char *path, char **text, char ***lines)
{
    FILE *f = fopen(path, "r");
    size_t len = 0, cap = 1 << 20, n = 0, got;

    *lines = NULL;
    *text = malloc(cap);
    if (!f || !*text) {
        if (f)
            fclose(f);
        return 0;
    }
    while ((got = fread(*text + len, 1, cap - len - 1, f)) > 0)
        if ((len += got) + 1 == cap && !(*text = realloc(*text, cap *= 2)))
            break;
    fclose(f);
    (*text)[len] = '\0';
    for (size_t i = 0; i < len; i++)
        n += (*text)[i] == '\n';
    *lines = malloc((n + 1) * sizeof **lines);
    n = 0;
    for (char *p = *text; *p; n++) {
        char *e = strchr(p, '\n');

        (*lines)[n] = p;
        if (!e)
            break;
        *e = '\0';
        p = e + 1;
    }
    return n;
}

/* Replays every run of one data file; returns how many there were. */
static int replay_file(const char *name, int *random_runs, int *list_runs)
{
    char path[128], *text, **lines;
    size_t n, i = 0;
    int runs = 0;

    snprintf(path, sizeof path, DIR "%s", name);
    n = read_lines(path, &text, &lines);
    TEST_MSG(n > 0, path);
    while (i < n) {
        struct run r;
        size_t end = i + 1, took;

        if (strncmp(lines[i], "RUN ", 4) != 0) {
            i++;
            continue;
        }
        while (end < n && strncmp(lines[end], "RUN ", 4) != 0)
            end++;
        memset(&r, 0, sizeof r);
        r.args = lines[i] + 4;
        took = read_header(&r, lines + i + 1, end - i - 1);
        TEST_MSG(took > 0, r.args);
        r.line = lines + i + 1 + took;
        r.nline = end - i - 1 - took;
        if (took > 0) {
            int ok = replay(&r) == 0;

            TEST_MSG(ok, r.args);
            if (!ok)
                fprintf(stderr, "  %s\n", r.why);
        }
        runs++;
        *(r.list[0] || strstr(r.args, "-A ") ? list_runs : random_runs) += 1;
        i = end;
    }
    free(lines);
    free(text);
    return runs;
}

int main(void)
{
    static const char *const files[] = {"first.txt", "best.txt", "worst.txt", "alloclist.txt"};
    int random_runs = 0, list_runs = 0;

    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        TEST_MSG(replay_file(files[i], &random_runs, &list_runs) > 0, files[i]);
    /* Every combination: 3 fits x 5 orders x 2 coalesce x 2 headers x 3 aligns. */
    TEST(random_runs == 180 * 3);
    TEST(list_runs == 180 * 2);
    printf("malloc.py runs replayed: %d random, %d -A\n", random_runs, list_runs);
    return TEST_DONE();
}
