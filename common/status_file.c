/* status_file.c: replacing the status file atomically (a temporary file in
 * the same directory, written, fsynced and renamed over the target), deciding
 * which file that replaces (status_target), and removing the temporary files
 * a killed writer left (status_clean_temps). See status.h. */
/* realpath, as status.c always had it (_GNU_SOURCE on Linux). */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE
#endif

#include "status_impl.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Writes the directory holding path to dir: "." for a bare name, "/" for a
 * file in the root. */
static void dir_of(const char *path, char *dir, size_t len)
{
    const char *slash = strrchr(path, '/');

    if (!slash)
        snprintf(dir, len, ".");
    else if (slash == path)
        snprintf(dir, len, "/");
    else
        snprintf(dir, len, "%.*s", (int)(slash - path), path);
}

/* fsyncs the directory holding path, so the rename itself is durable.
 * Returns 0 or -1. */
static int sync_dir(const char *path)
{
    char dir[4096];
    int fd, r;

    dir_of(path, dir, sizeof dir);
    fd = open(dir, O_RDONLY);
    if (fd < 0)
        return -1;
    r = fsync(fd);
    close(fd);
    return r;
}

/* The characters of a temporary file's six-character suffix. */
static const char temp_set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/* Returns the check character of a suffix whose first five characters are
 * s (all from temp_set): the weighted sum of their places in temp_set, mod
 * 62. It tells memtrack's own temporary files from a user's file of the same
 * shape: "before" is six letters too, but its check character would be '7'. */
static char temp_check(const char *s)
{
    unsigned sum = 0;

    for (int i = 0; i < 5; i++)
        sum += (unsigned)(i + 1) * (unsigned)(strchr(temp_set, s[i]) - temp_set);
    return temp_set[sum % 62];
}

/* Creates path.tmp.XXXXXX (five random letters and digits, as mkstemp would
 * make them, and their check character) with mode 0644 less the umask.
 * Returns the descriptor and the name in tmp, or -1. */
static int make_temp(const char *path, char *tmp, size_t len)
{
    const char *set = temp_set;
    static uint64_t counter;
    struct timespec ts;

    for (int attempt = 0; attempt < 100; attempt++) {
        uint64_t x;
        char suffix[7];
        int fd;
        clock_gettime(CLOCK_REALTIME, &ts);
        x = (uint64_t)ts.tv_nsec * UINT64_C(0x9e3779b97f4a7c15) ^ (uint64_t)getpid() << 32 ^
            ++counter * UINT64_C(0xbf58476d1ce4e5b9);
        for (int i = 0; i < 5; i++, x /= 62)
            suffix[i] = set[x % 62];
        suffix[5] = temp_check(suffix);
        suffix[6] = '\0';
        if (snprintf(tmp, len, "%s.tmp.%s", path, suffix) >= (int)len) {
            errno = ENAMETOOLONG;
            return -1;
        }
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1;
}

int status_write(const char *path, const struct status *st, int nosync, struct status_cache *cache,
                 char *err, size_t errlen)
{
    char tmp[4096];
    struct sink s = {NULL, -1, nosync, 0, 0, NULL, 0, SINK_CHUNK};
    struct stat old;

    if (strlen(path) + sizeof ".tmp.XXXXXX" > sizeof tmp) {
        snprintf(err, errlen, "status path is too long");
        return -1;
    }
    s.buf = malloc(SINK_CHUNK);
    if (!s.buf) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    s.fd = make_temp(path, tmp, sizeof tmp);
    if (s.fd < 0) {
        snprintf(err, errlen, "cannot create a temporary file next to %s: %s", path,
                 strerror(errno));
        free(s.buf);
        return -1;
    }
    /* The new file keeps the old one's mode, and its owner and group when
     * we may set them (root; or a group of ours): only root can give a file
     * away, so for anyone else that part is best effort. */
    if (stat(path, &old) == 0 && S_ISREG(old.st_mode)) {
        if (fchmod(s.fd, old.st_mode & 0777) < 0) {
            snprintf(err, errlen, "cannot give %s the mode of %s: %s", tmp, path, strerror(errno));
            close(s.fd);
            goto out_unlink;
        }
        if ((old.st_uid != geteuid() || old.st_gid != getegid()) &&
            fchown(s.fd, old.st_uid, old.st_gid) < 0) {
            /* Best effort, see above. */
        }
    }
    status_format_all(st, cache, &s);
    if (s.err || (!nosync && fsync(s.fd) < 0)) {
        snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(s.err ? s.err : errno));
        close(s.fd);
        goto out_unlink;
    }
    if (close(s.fd) < 0) {
        snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(errno));
        goto out_unlink;
    }
    if (rename(tmp, path) < 0) {
        snprintf(err, errlen, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
        goto out_unlink;
    }
    /* Best effort: the new file is in place whatever this says; syncing the
     * directory only makes the rename itself survive a power cut. */
    if (!nosync)
        sync_dir(path);
    free(s.buf);
    return 0;
out_unlink:
    unlink(tmp);
    free(s.buf);
    return -1;
}

/* Names the kind of a file that is not a regular file, for messages. */
static const char *kind_of(mode_t m)
{
    return S_ISDIR(m)    ? "a directory"
           : S_ISFIFO(m) ? "a FIFO"
           : S_ISCHR(m)  ? "a character device"
           : S_ISBLK(m)  ? "a block device"
           : S_ISSOCK(m) ? "a socket"
                         : "not a regular file";
}

/* Follows the symbolic links at cur (4096 bytes), every link in a chain, to
 * the first name that is not a link (or does not exist), left in cur.
 * Returns how many links were followed, or -1 with the reason in err; *sb
 * gets the lstat of the name and *exists whether it exists. */
static int follow_links(char *cur, struct stat *sb, int *exists, char *err, size_t errlen)
{
    char link[4096], dir[4096];
    size_t n;
    int hops = 0;

    /* Follow the links one by one: the last one may point nowhere yet. */
    while ((*exists = lstat(cur, sb) == 0) && S_ISLNK(sb->st_mode)) {
        ssize_t got = readlink(cur, link, sizeof link - 1);
        if (++hops > 40 || got < 0) {
            snprintf(err, errlen, "cannot follow the symbolic link %s: %s", cur,
                     got < 0 ? strerror(errno) : strerror(ELOOP));
            return -1;
        }
        link[got] = '\0';
        dir_of(cur, dir, sizeof dir);
        if (link[0] != '/' && strchr(cur, '/')) {
            n = strlen(dir);
            if (n + 1 + (size_t)got >= 4096) {
                snprintf(err, errlen, "the target of the symbolic link %s is too long", cur);
                return -1;
            }
            memcpy(cur, dir, n);
            cur[n] = '/';
            memcpy(cur + n + 1, link, (size_t)got + 1);
        } else {
            memcpy(cur, link, (size_t)got + 1);
        }
    }
    return hops;
}

/* Names the target cur of the symbolic link path absolutely, in cur (4096
 * bytes), so that the lock and the temporary files sit beside it: cur
 * resolved when it exists, else its directory resolved and its name. Returns
 * 0, or -1 with the reason in err. */
static int absolute_target(const char *path, char *cur, int exists, char *err, size_t errlen)
{
    char dir[4096], real[PATH_MAX];
    const char *slash, *base;
    size_t n;

    if (exists) {
        if (!realpath(cur, real)) {
            snprintf(err, errlen, "cannot resolve %s: %s", cur, strerror(errno));
            return -1;
        }
    } else {
        dir_of(cur, dir, sizeof dir);
        slash = strrchr(cur, '/');
        if (!realpath(dir, real)) {
            snprintf(err, errlen,
                     "the symbolic link %s points to %s, whose directory %s cannot be used: "
                     "%s",
                     path, cur, dir, strerror(errno));
            return -1;
        }
        base = slash ? slash + 1 : cur;
        n = strlen(real);
        if (n + 1 + strlen(base) >= sizeof real) {
            snprintf(err, errlen, "the target of the symbolic link %s is too long", path);
            return -1;
        }
        if (real[n - 1] != '/')
            real[n++] = '/';
        memcpy(real + n, base, strlen(base) + 1);
    }
    memcpy(cur, real, strlen(real) + 1);
    return 0;
}

int status_target(const char *path, char *out, size_t outlen, char *err, size_t errlen)
{
    char cur[4096];
    const char *slash, *base;
    struct stat sb;
    int hops, exists;

    if (strlen(path) >= sizeof cur) {
        snprintf(err, errlen, "the status path is longer than %zu bytes", sizeof cur - 1);
        return -1;
    }
    memcpy(cur, path, strlen(path) + 1);
    hops = follow_links(cur, &sb, &exists, err, errlen);
    if (hops < 0)
        return -1;
    if (exists && !S_ISREG(sb.st_mode)) {
        snprintf(err, errlen,
                 "%s is %s; memtrack replaces the status file whole, so give it a regular "
                 "file or a new name",
                 cur, kind_of(sb.st_mode));
        return -1;
    }
    if (hops > 0 && absolute_target(path, cur, exists, err, errlen) < 0)
        return -1;
    slash = strrchr(cur, '/');
    base = slash ? slash + 1 : cur;
    if (strlen(base) > STATUS_MAX_NAME) {
        snprintf(err, errlen,
                 "the status file's name is %zu bytes long; at most %d, since its temporary file "
                 "adds %zu (.tmp.XXXXXX) and a file system allows 255",
                 strlen(base), STATUS_MAX_NAME, sizeof ".tmp.XXXXXX" - 1);
        return -1;
    }
    if (strlen(cur) + sizeof ".tmp.XXXXXX" > sizeof cur || strlen(cur) >= outlen) {
        snprintf(err, errlen, "the status path is %zu bytes long; at most %zu", strlen(cur),
                 sizeof cur - sizeof ".tmp.XXXXXX");
        return -1;
    }
    memcpy(out, cur, strlen(cur) + 1);
    return 0;
}

/* Returns 1 when name is prefix followed by a suffix make_temp could have
 * made: six characters of temp_set, the last the check character of the
 * others; else 0. */
static int temp_name(const char *name, const char *prefix, size_t plen)
{
    const char *suffix = name + plen;

    if (strncmp(name, prefix, plen) != 0 || strlen(name) != plen + 6)
        return 0;
    for (const char *p = suffix; *p; p++)
        if (!strchr(temp_set, *p))
            return 0;
    return suffix[5] == temp_check(suffix);
}

/* Returns 1 when the file name in directory d is a temporary file this user's
 * memtrack could have left: a regular file (not followed when a symlink)
 * owned by us, empty or starting as a status file does (or with the NUL
 * bytes of blocks allocated but not yet written); else 0. */
static int temp_file(DIR *d, const char *name)
{
    static const char magic[] = STATUS_MAGIC " ";
    char head[sizeof magic - 1];
    struct stat sb;
    ssize_t n;
    int fd, ok;

    fd = openat(dirfd(d), name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return 0;
    ok = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_uid == geteuid();
    n = ok ? read(fd, head, sizeof head) : -1;
    close(fd);
    if (n < 0)
        return 0;
    if (memcmp(head, magic, (size_t)n) == 0)
        return 1;
    for (ssize_t i = 0; i < n; i++)
        if (head[i] != '\0')
            return 0;
    return 1;
}

int status_clean_temps(const char *path)
{
    char dir[4096], prefix[4096 + 8];
    const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
    struct dirent *de;
    size_t plen;
    DIR *d;
    int removed = 0;

    dir_of(path, dir, sizeof dir);
    snprintf(prefix, sizeof prefix, "%s.tmp.", base);
    plen = strlen(prefix);
    d = opendir(dir);
    if (!d)
        return -1;
    while ((de = readdir(d)) != NULL) {
        if (!temp_name(de->d_name, prefix, plen) || !temp_file(d, de->d_name))
            continue;
        if (unlinkat(dirfd(d), de->d_name, 0) == 0)
            removed++;
    }
    closedir(d);
    return removed;
}
