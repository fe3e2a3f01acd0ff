/* lockfile.c: one writer per status file. See lockfile.h.
 *
 * flock(2) rather than fcntl(2) locks: an flock belongs to the open file,
 * not to the process, so closing some other descriptor of the same file
 * cannot drop it, and a second lock_take in the same process is refused as
 * one in another process is (which the unit test relies on). It is not in
 * POSIX; glibc declares it under _DEFAULT_SOURCE, the BSDs and macOS by
 * default. */
#if !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE
#endif

#include "lockfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define TRIES 10 /* Attempts when the lock file is removed under us. */

/* Returns the pid written at the start of the lock file fd, or 0 when it
 * holds none. */
static long read_pid(int fd)
{
    char buf[24];
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    long pid = 0;

    if (n <= 0)
        return 0;
    buf[n] = '\0';
    for (const char *p = buf; *p >= '0' && *p <= '9' && pid < 1000000000L; p++)
        pid = pid * 10 + (*p - '0');
    return pid;
}

/* Returns 1 when another user's lock file, which we may read but not
 * write, is locked, with the pid it holds in *holder; else 0 (errno is
 * then EACCES, for the caller's message). */
static int held_by_other(const char *name, long *holder)
{
    int fd = open(name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC), held = 0;

    if (fd >= 0) {
        held = flock(fd, LOCK_EX | LOCK_NB) < 0 && errno == EWOULDBLOCK;
        if (held)
            *holder = read_pid(fd);
        close(fd); /* Also drops the lock, if this took it. */
    }
    errno = EACCES;
    return held;
}

int lock_take(struct lockfile *lk, const char *path, long *holder, char *err, size_t errlen)
{
    char name[sizeof lk->path], pid[32];
    struct stat fsb, psb;
    int fd = -1, n;

    *holder = -1;
    if (strlen(path) + sizeof LOCK_SUFFIX > sizeof name) {
        snprintf(err, errlen, "the status path is too long for a lock file beside it");
        return -1;
    }
    snprintf(name, sizeof name, "%s%s", path, LOCK_SUFFIX);
    for (int attempt = 0; attempt < TRIES && fd < 0; attempt++) {
        /* O_NOFOLLOW: a symlink planted at the lock's name is not followed. */
        fd = open(name, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
        if (fd < 0 && errno == EACCES && held_by_other(name, holder)) {
            snprintf(err, errlen, "%s is locked by process %ld", name, *holder);
            return -1;
        }
        if (fd < 0) {
            snprintf(err, errlen, "cannot open the lock file %s: %s", name, strerror(errno));
            return -1;
        }
        if (fstat(fd, &fsb) < 0 || !S_ISREG(fsb.st_mode)) {
            snprintf(err, errlen, "the lock file %s is not a regular file", name);
            goto out_close;
        }
        if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
            if (errno == EWOULDBLOCK) {
                *holder = read_pid(fd);
                snprintf(err, errlen, "%s is locked by process %ld", name, *holder);
            } else {
                snprintf(err, errlen, "cannot lock %s: %s", name, strerror(errno));
            }
            goto out_close;
        }
        /* The holder before us may have removed the file between our open
         * and our flock: a lock on a file no one else can open is no lock.
         * Then open the new one. */
        if (stat(name, &psb) < 0 || psb.st_dev != fsb.st_dev || psb.st_ino != fsb.st_ino) {
            close(fd);
            fd = -1;
        }
    }
    if (fd < 0) {
        snprintf(err, errlen, "the lock file %s keeps being removed", name);
        return -1;
    }
    n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) < 0 || pwrite(fd, pid, (size_t)n, 0) != n) {
        snprintf(err, errlen, "cannot write the lock file %s: %s", name, strerror(errno));
        unlink(name);
        goto out_close;
    }
    lk->fd = fd;
    memcpy(lk->path, name, strlen(name) + 1);
    return 0;
out_close:
    close(fd);
    return -1;
}

void lock_release(struct lockfile *lk)
{
    if (lk->fd < 0)
        return;
    /* Remove first, then unlock: whoever opened the file meanwhile sees at
     * its flock that the name is gone, and tries again. */
    unlink(lk->path);
    close(lk->fd);
    lk->fd = -1;
}
