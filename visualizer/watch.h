/* watch.h: noticing that a status file changed. No SDL here.
 *
 * The cheap test is stat(): a rename gives the file a new inode, a rewrite a
 * new size or modification time. inotify on the file's directory tells at
 * once that something happened there, so the viewer need not wait for its
 * next poll; the poll stays as the fallback.
 */
#ifndef MV_WATCH_H
#define MV_WATCH_H

#include <stdint.h>
#include <sys/types.h>

/* What stat() said about the file last time. */
struct watch_id {
    int exists;
    dev_t dev;
    ino_t ino;
    off_t size;
    int64_t mtime_ns;
};

/* Fills *id from stat(path). Returns 1 when it differs from *old (and then
 * *old is updated), else 0. */
int watch_changed(const char *path, struct watch_id *old);

/* Opens an inotify watch on the directory of path. Returns a descriptor,
 * or -1 when inotify is unavailable (the caller then polls only). */
int watch_open(const char *path);

/* Waits up to timeout_ms for an inotify event on fd that concerns the file
 * named like path's last component. Returns 1 for such an event, 0 on
 * timeout or an unrelated event, -1 on error. */
int watch_wait(int fd, const char *path, int timeout_ms);

#endif
