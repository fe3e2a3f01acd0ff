/* test_vmtrace.c: unit tests of the trace reader (tracker/vmtrace.c).
 *
 * The reader takes the file a block at a time, the usual lines by a fast
 * path and every other line by the general rules. The Makefile links this
 * test twice: build/test_vmtrace with the reader's own block (1 MiB; the
 * large files below cross it) and build/test_vmtrace_block7 with a block of
 * 7 bytes, so that every line of every case crosses a block's edge, lines
 * outgrow the buffer, and the array of accesses is reserved from the first
 * block. Each case is read from a file (vmtrace_read, which knows the
 * file's size) and from memory (vmtrace_read_fp on fmemopen, which does
 * not); both must give the same.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "../tracker/vmtrace.h"

/* The result of reading a trace. */
struct got {
    int r;
    struct vm_ref *v;
    size_t n;
    enum vmtrace_format f;
    char err[300];
};

/* Reads the len bytes of text as a trace file at path. Returns 0, or -1
 * when the file could not be written. */
static int read_file(const char *text, size_t len, int64_t pid, uint64_t page_size, struct got *g)
{
    char path[] = "/tmp/test_vmtrace.XXXXXX";
    int fd = mkstemp(path);
    FILE *fp = fd < 0 ? NULL : fdopen(fd, "w");

    if (!fp || fwrite(text, 1, len, fp) != len || fclose(fp) != 0) {
        if (fd >= 0)
            unlink(path);
        return -1;
    }
    g->err[0] = '\0';
    g->r = vmtrace_read(path, pid, page_size, &g->v, &g->n, &g->f, g->err, sizeof g->err);
    unlink(path);
    return 0;
}

/* Returns 1 when the n accesses at a and b are the same, else 0 (field by
 * field: struct vm_ref has padding). */
static int same_refs(const struct vm_ref *a, const struct vm_ref *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i].addr != b[i].addr || a[i].pid != b[i].pid || a[i].write != b[i].write)
            return 0;
    return 1;
}

/* Reads text both ways into *g (the file's result; the caller frees g->v)
 * and checks that reading it from memory gives the same. */
static void read_both(const char *text, size_t len, int64_t pid, uint64_t page_size, struct got *g)
{
    struct got m = {0};
    FILE *fp = fmemopen((void *)text, len, "r");

    TEST(read_file(text, len, pid, page_size, g) == 0);
    TEST(fp != NULL);
    if (!fp)
        return;
    m.r = vmtrace_read_fp(fp, pid, page_size, &m.v, &m.n, &m.f, m.err, sizeof m.err);
    fclose(fp);
    TEST_MSG(m.r == g->r && strcmp(m.err, g->err) == 0, m.err);
    TEST(g->r != 0 || (m.n == g->n && m.f == g->f && same_refs(m.v, g->v, m.n)));
    free(m.v);
}

/* One case: a trace, the PID given, the accesses it holds (as "ADDR:PID"
 * with w after a write, comma-separated), or the line and message of its
 * first error. */
struct tcase {
    const char *text;
    size_t len; /* 0: strlen(text). */
    int64_t pid;
    const char *want; /* The accesses when line is 0. */
    int line;         /* Returned: 0, the bad line, or -1. */
    const char *err;  /* The start of the message when line is not 0. */
};

/* Writes the accesses of g as a case's want string into buf. */
static const char *refs_text(const struct got *g, char *buf, size_t len)
{
    size_t at = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < g->n && at < len; i++)
        at += (size_t)snprintf(buf + at, len - at, "%s%llx:%d%s", i ? "," : "",
                               (unsigned long long)g->v[i].addr, (int)g->v[i].pid,
                               g->v[i].write ? "w" : "");
    return buf;
}

static const struct tcase cases[] = {
    {"1\n2w\n3r\n", 0, 1, "1000:1,2000:1w,3000:1", 0, NULL},
    /* The last line needs no '\n'; CR LF ends a line too. */
    {"1\n2w", 0, 1, "1000:1,2000:1w", 0, NULL},
    {"1\r\n2w\r\n\r\n", 0, 1, "1000:1,2000:1w", 0, NULL},
    /* Tabs, spaces, comments, valgrind's lines and blank lines. */
    {"# c\n\t5 \n==1== x\n\n   \n 06\n0000000000000000007w\n", 0, 2, "5000:2,6000:2,7000:2w", 0,
     NULL},
    /* A NUL ends what the line says: the rest of it is not read. */
    {"1\n2\0junk\n3\n", 11, 1, "1000:1,2000:1,3000:1", 0, NULL},
    {"1\n7\r\0\n", 6, 1, NULL, 2, "'7\r' is not a page number"},
    {"1\n2\nthree\n", 0, 1, NULL, 3, "'three' is not a page number"},
    {"4294967295\n4294967296\n", 0, 1, NULL, 2, "'4294967296' is not a page number"},
    {"1\n2\n1 0x10 r\n", 0, 1, NULL, 3, "not a one page a line line"},
    {"1\n", 0, 0, NULL, 1, "the one page a line format needs a process"},
    {"x y\n", 0, 1, NULL, 1, "not an access line of any trace format"},
    {"", 0, 1, "", 0, NULL},
    /* PID ADDRESS r|w. */
    {"1 0x10 r\n2 32 w\n3\t0XfF r\r\n", 0, 0, "10:1,20:2w,ff:3", 0, NULL},
    {"1 0x10 r\n2 0x w\n", 0, 0, NULL, 2, "address: '0x' is not a whole number"},
    {"1 0x10 r\n2147483648 1 r\n", 0, 0, NULL, 2, "process id: '2147483648' is too large"},
    {"1 0x10 r\n1 16 x\n", 0, 0, NULL, 2, "'x' is not r or w"},
    {"1 0x10 r\n", 0, 1, NULL, 1, "a PID ADDRESS r|w file names its processes"},
    /* Lackey: an access across a page boundary touches both pages; M reads,
     * then writes. */
    {"==1== x\nI  0400abcd,8\n L 0fff,2\n M 1000,4\n S  2ffe,4  \n", 0, 3,
     "400abcd:3,fff:3,1000:3,1000:3,1000:3w,2ffe:3w,3000:3w", 0, NULL},
    /* With a 7-byte block the third line starts at the block's last byte. */
    {"I  1,1\nI 1,1\n L 2,1\n", 0, 3, "1:3,1:3,2:3", 0, NULL},
    {" L 0fff,2\n L 0fff,4097\n", 0, 3, NULL, 2, "an access of 4097 bytes is larger than a page"},
    {" L 0fff,2\n L 0fff,0\n", 0, 3, NULL, 2, "not a lackey line"},
    {" L 0fff,2\n L ffffffffffffffff,2\n", 0, 3, NULL, 2, "not a lackey line"},
    {" L 0fff,2\n X 0fff,2\n", 0, 3, NULL, 2, "not a valgrind lackey line"},
};

/* Reads every case of cases[] and checks its accesses or error. */
static void test_cases(void)
{
    static char have[4096];

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct tcase *c = &cases[i];
        struct got g = {0};

        read_both(c->text, c->len ? c->len : strlen(c->text), c->pid, 4096, &g);
        if (c->line == 0) {
            TEST_MSG(g.r == 0, g.err);
            TEST_MSG(g.r != 0 || strcmp(refs_text(&g, have, sizeof have), c->want) == 0, have);
        } else {
            TEST_MSG(g.r == c->line, c->text);
            TEST_MSG(strncmp(g.err, c->err, strlen(c->err)) == 0, g.err);
            TEST(g.v == NULL);
        }
        free(g.v);
    }
}

/* A pages file of n lines, page i % 1000 written when i % 3 is 0, more
 * than a megabyte when n is large: its lines cross the reader's block at
 * every offset the line lengths give. Line bad (from 1; 0: none) reads
 * "bad". Returns the malloc'd text and its length in *len. */
static char *pages_text(size_t n, size_t bad, size_t *len)
{
    char *t = malloc(n * 8 + 1), *p = t;

    for (size_t i = 0; t && i < n; i++)
        p += i + 1 == bad ? sprintf(p, "bad\n") : sprintf(p, "%zu%s\n", i % 1000, i % 3 ? "" : "w");
    *len = t ? (size_t)(p - t) : 0;
    return t;
}

/* A file of 600000 lines (over 2 MiB): every access in order, then the
 * same file with a bad line past the first megabyte, found at its line. */
static void test_large(void)
{
    size_t n = 600000, len, ok = 1;
    char *t = pages_text(n, 0, &len);
    struct got g = {0};

    TEST(t != NULL && len > 2 * 1024 * 1024);
    if (!t)
        return;
    read_both(t, len, 1, 4096, &g);
    TEST_MSG(g.r == 0 && g.n == n, g.err);
    for (size_t i = 0; g.r == 0 && i < n && i < g.n; i++)
        ok &= g.v[i].addr == (i % 1000) * 4096 && g.v[i].write == (i % 3 == 0) && g.v[i].pid == 1;
    TEST(ok);
    free(g.v);
    free(t);
    t = pages_text(n, 300001, &len);
    TEST(t != NULL);
    if (!t)
        return;
    read_both(t, len, 1, 4096, &g);
    TEST_MSG(g.r == 300001, g.err);
    TEST(strncmp(g.err, "'bad' is not a page number", 26) == 0);
    free(g.v);
    free(t);
}

/* A line longer than the reader's block (3 MiB of spaces, then a page), the
 * last of its file without a '\n'. */
static void test_long_line(void)
{
    size_t len = 3 * 1024 * 1024 + 6;
    char *t = malloc(len);
    struct got g = {0};

    TEST(t != NULL);
    if (!t)
        return;
    memcpy(t, "4\n", 2);
    memset(t + 2, ' ', len - 6);
    memcpy(t + len - 4, "12w ", 4);
    read_both(t, len, 1, 4096, &g);
    TEST_MSG(g.r == 0 && g.n == 2, g.err);
    TEST(g.r != 0 ||
         (g.v[0].addr == 4 * 4096 && !g.v[0].write && g.v[1].addr == 12 * 4096 && g.v[1].write));
    free(g.v);
    free(t);
}

/* A stream that cannot be read (a directory) is a read error, not an empty
 * trace; a file that is not regular is refused. */
static void test_read_error(void)
{
    FILE *fp = fopen(".", "r");
    struct got g = {0};

    TEST(fp != NULL);
    if (!fp)
        return;
    g.r = vmtrace_read_fp(fp, 1, 4096, &g.v, &g.n, &g.f, g.err, sizeof g.err);
    fclose(fp);
    TEST_MSG(g.r == -1 && strcmp(g.err, "read error after line 0: Is a directory") == 0, g.err);
    TEST(g.v == NULL);
    g.r = vmtrace_read(".", 1, 4096, &g.v, &g.n, &g.f, g.err, sizeof g.err);
    TEST_MSG(g.r == -1 && strstr(g.err, "not a regular file") != NULL, g.err);
}

int main(void)
{
    test_cases();
    test_large();
    test_long_line();
    test_read_error();
    return TEST_DONE();
}
