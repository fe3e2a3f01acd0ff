/* watch.c: stat() comparison and inotify. See watch.h. */
#include "watch.h"

#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef __linux__
#include <sys/inotify.h>
#endif

int watch_changed(const char *path, struct watch_id *old)
{
    struct watch_id now;
    struct stat sb;

    memset(&now, 0, sizeof now);
    if (stat(path, &sb) == 0) {
        now.exists = 1;
        now.dev = sb.st_dev;
        now.ino = sb.st_ino;
        now.size = sb.st_size;
        now.mtime_ns = (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
    }
    if (memcmp(&now, old, sizeof now) == 0)
        return 0;
    *old = now;
    return 1;
}

/* Splits path into its directory (written to dir) and returns its last part. */
static const char *split(const char *path, char *dir, size_t len)
{
    const char *slash = strrchr(path, '/');

    if (!slash) {
        snprintf(dir, len, ".");
        return path;
    }
    if (slash == path)
        snprintf(dir, len, "/");
    else
        snprintf(dir, len, "%.*s", (int)(slash - path), path);
    return slash + 1;
}

int watch_open(const char *path)
{
#ifdef __linux__
    char dir[PATH_MAX];
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);

    if (fd < 0)
        return -1;
    split(path, dir, sizeof dir);
    if (inotify_add_watch(fd, dir,
                          IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MOVED_FROM |
                              IN_ATTRIB) < 0) {
        close(fd);
        return -1;
    }
    return fd;
#else
    (void)path;
    return -1;
#endif
}

int watch_wait(int fd, const char *path, int timeout_ms)
{
#ifdef __linux__
    char dir[PATH_MAX], buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
    const char *name = split(path, dir, sizeof dir);
    struct pollfd p = {fd, POLLIN, 0};
    int r = poll(&p, 1, timeout_ms), hit = 0;
    ssize_t n;

    if (r <= 0)
        return r < 0 ? -1 : 0;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        for (char *q = buf; q < buf + n;) {
            const struct inotify_event *ev = (const struct inotify_event *)q;
            if (ev->len && strcmp(ev->name, name) == 0)
                hit = 1;
            q += sizeof *ev + ev->len;
        }
    }
    return hit;
#else
    (void)fd;
    (void)path;
    (void)timeout_ms;
    return -1;
#endif
}
