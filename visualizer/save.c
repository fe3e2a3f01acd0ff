/* save.c: writes a file through a temporary beside it. See save.h. */
#include "save.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Writes the contents with put, flushes them to disk and closes fp, which
 * it always does, failed write or not: a full disk must not keep the
 * descriptor (and the file's blocks) held. Returns 0, an errno value, or
 * -1 when put failed for a reason of its own (then in why). */
static int put_and_close(FILE *fp, save_put put, void *ctx, char *why, size_t whylen)
{
    int werr = 0;

    errno = 0;
    if (put(fp, ctx, why, whylen) < 0 && !ferror(fp))
        werr = -1;
    else if (ferror(fp) || fflush(fp) != 0 || fsync(fileno(fp)) != 0)
        werr = errno ? errno : EIO;
    if (fclose(fp) != 0 && !werr)
        werr = errno ? errno : EIO;
    return werr;
}

int save_file(const char *path, int flags, save_put put, void *ctx, char *err, size_t errlen)
{
    char tmp[4096], why[256] = "";
    struct stat old;
    mode_t mode;
    FILE *fp = NULL;
    int fd, e;

    if (snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", path) >= (int)sizeof tmp) {
        snprintf(err, errlen, "path too long");
        errno = ENAMETOOLONG;
        return -1;
    }
    fd = mkstemp(tmp);
    /* mkstemp makes the file 0600; a screenshot is for sharing, and a
     * picture replaced keeps the mode it had. */
    mode = stat(path, &old) == 0 && S_ISREG(old.st_mode) ? old.st_mode & 07777 : 0644;
    if (fd < 0 || fchmod(fd, mode) < 0 || !(fp = fdopen(fd, "wb"))) {
        e = errno;
        snprintf(err, errlen, "cannot create %s: %s", path, strerror(e));
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        errno = e;
        return -1;
    }
    e = put_and_close(fp, put, ctx, why, sizeof why);
    if (e)
        goto out_unlink;
    /* SAVE_NEW: link() fails with EEXIST rather than replace. */
    if ((flags & SAVE_NEW) ? link(tmp, path) < 0 : rename(tmp, path) < 0) {
        e = errno;
        goto out_unlink;
    }
    if (flags & SAVE_NEW)
        unlink(tmp);
    return 0;
out_unlink:
    snprintf(err, errlen, "cannot write %s: %s", path, e > 0 ? strerror(e) : why);
    unlink(tmp);
    errno = e > 0 ? e : EIO;
    return -1;
}
