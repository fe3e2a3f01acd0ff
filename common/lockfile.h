/* lockfile.h: one writer per status file.
 *
 * A tracker holds an exclusive flock(2) on PATH.lock, beside the status
 * file PATH, for as long as it runs; the file holds the holder's pid, so a
 * second tracker can say which one is running. The kernel drops the lock
 * when the holder exits, however it exits (even SIGKILL), so a lock is never
 * stale; a lock file left by a killed tracker is locked again by the next
 * one. The lock file is removed when the lock is released.
 */
#ifndef MT_LOCKFILE_H
#define MT_LOCKFILE_H

#include <stddef.h>

#define LOCK_SUFFIX ".lock" /* Added to the status path for the lock file's name. */

/* A lock held on PATH.lock. fd is -1 when nothing is held. */
struct lockfile {
    int fd;          /* The locked file, open. */
    char path[4096]; /* Its name. */
};

/* Takes the lock on path.lock for this process, creating the file (mode 0644
 * less the umask) when missing, and writes the pid into it. Returns 0 with
 * the lock held in *lk; or -1 with the reason in err and nothing held. When
 * another process holds the lock, *holder gets its pid as written in the
 * lock file (0 when it has not written one yet); on any other failure
 * *holder is -1. lk is set only on success; on failure no file is left that
 * was not there before. */
int lock_take(struct lockfile *lk, const char *path, long *holder, char *err, size_t errlen);

/* Removes the lock file and releases the lock. Safe when nothing is held. */
void lock_release(struct lockfile *lk);

#endif
