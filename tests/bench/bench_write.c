/* bench_write: the least a status-file rewrite can cost on this disk. It
 * replaces DIR/floor with BYTES bytes the way status_write does under
 * --no-sync (create a temporary file with O_EXCL, allocate its blocks,
 * write, close, rename over the old file), with nothing to format, and
 * prints the median of REPS rewrites.
 *
 *   bench_write DIR BYTES REPS     prints "write_ms M"
 *
 * Used by tests/bench/bench.py (make bench) to say how much of a change is
 * the file system's; times only, no checks. */
#define _GNU_SOURCE /* fallocate */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench_time.h"

/* Writes all len bytes of p to fd. Returns 0 or -1. */
static int write_all(int fd, const char *p, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w <= 0)
            return -1;
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

int main(int argc, char **argv)
{
    char path[4096], tmp[4200];
    size_t len;
    int reps, fd;
    double *t;
    char *buf;

    if (argc != 4 || (len = strtoul(argv[2], NULL, 10)) == 0 || (reps = atoi(argv[3])) < 1) {
        fprintf(stderr, "usage: bench_write DIR BYTES REPS\n");
        return 2;
    }
    snprintf(path, sizeof path, "%s/floor", argv[1]);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    buf = malloc(len);
    t = calloc((size_t)reps, sizeof *t);
    if (!buf || !t)
        return 1;
    memset(buf, '7', len);
    for (int i = -1; i < reps; i++) { /* i = -1 makes the first file to replace */
        double t0 = now_ms();
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd < 0 || fallocate(fd, 0, 0, (off_t)len) < 0 || write_all(fd, buf, len) < 0 ||
            close(fd) < 0 || rename(tmp, path) < 0) {
            perror("bench_write");
            return 1;
        }
        if (i >= 0)
            t[i] = now_ms() - t0;
    }
    printf("write_ms %.3f\n", median(t, reps));
    unlink(path);
    free(buf);
    free(t);
    return 0;
}
