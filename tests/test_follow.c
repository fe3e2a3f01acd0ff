/* test_follow.c: memview following one status file (visualizer/follow.c),
 * on real files in a temporary directory: the waiting banner, a new state,
 * a new file with the seq already shown (a second lab run into the same
 * file), a file that does not parse, and a file deleted under the viewer.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "follow.h"
#include "test.h"

#define PAGE 4096

/* Writes a state with one process (pid, frames) and the given seq to path,
 * its modification time set to mtime. Returns 0 or -1. */
static int write_state(const char *path, int64_t pid, uint64_t frames, uint64_t seq, time_t mtime)
{
    struct status st;
    struct note n;
    struct timespec ts[2] = {{mtime, 0}, {mtime, 0}};
    char err[256] = "";
    int r = status_init(&st, 16, PAGE, PG_FIRST, 1, 1000, SEG_FIRST, err, sizeof err);

    TEST_MSG(r == 0, err);
    if (r < 0)
        return -1;
    r = pg_alloc(&st.pg, pid, frames * PAGE, &n);
    TEST_MSG(r == 0, n.what);
    st.last = n;
    st.seq = seq;
    if (r == 0) {
        r = status_write(path, &st, 1, NULL, err, sizeof err);
        TEST_MSG(r == 0, err);
    }
    status_free(&st);
    if (r == 0 && utimensat(AT_FDCWD, path, ts, 0) < 0)
        r = -1;
    return r;
}

/* Returns the pid of frame 0 of the state shown, or -1 when none. */
static int owner0(const struct follow *f)
{
    return f->have && f->st.pg.nframes ? (int)f->st.pg.frames[0].pid : -1;
}

int main(void)
{
    char dir[] = "/tmp/test_follow.XXXXXX", path[64], bad[80];
    struct follow f;
    time_t now = time(NULL);

    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(path, sizeof path, "%s/ms", dir);
    memset(&f, 0, sizeof f);
    f.path = path;

    /* Before the file exists: the waiting banner, nothing shown (the first
     * look is forced, as memview's is). */
    TEST(follow_reload(&f, 1) == 1);
    TEST(!f.have && strstr(f.banner, "waiting") != NULL && !f.banner_is_error);
    TEST(follow_age(&f, now) == -1);
    TEST(follow_reload(&f, 0) == 0); /* Nothing changed. */

    /* The first state. */
    TEST(write_state(path, 1, 3, 5, now - 100) == 0);
    TEST(follow_reload(&f, 0) == 1);
    TEST(f.have && f.st.seq == 5 && owner0(&f) == 1 && f.banner[0] == '\0');
    TEST(follow_age(&f, now) == 100);
    TEST(follow_reload(&f, 0) == 0);

    /* A second run into the same file: the same seq, another state. It is
     * shown (memview used to keep the old picture until r). */
    TEST(write_state(path, 2, 4, 5, now - 50) == 0);
    TEST(follow_reload(&f, 0) == 1);
    TEST_MSG(owner0(&f) == 2, "the old state with the same seq is still shown");
    TEST(f.st.seq == 5 && f.st.pg.nprocs == 1);

    /* A file that does not parse: an error banner with its line, and the
     * last good state kept. */
    snprintf(bad, sizeof bad, "%s/bad", dir);
    {
        FILE *fp = fopen(bad, "w");
        TEST(fp != NULL);
        if (fp) {
            fputs("memtrack-status 1\nseq 6\nnot a record\n", fp);
            fclose(fp);
        }
        TEST(rename(bad, path) == 0);
    }
    TEST(follow_reload(&f, 0) == 1);
    TEST_MSG(f.banner_is_error && strstr(f.banner, ":3:") != NULL, f.banner);
    TEST(owner0(&f) == 2);

    /* A good file again clears the banner. */
    TEST(write_state(path, 3, 1, 7, now - 20) == 0);
    TEST(follow_reload(&f, 0) == 1);
    TEST(f.banner[0] == '\0' && !f.banner_is_error && owner0(&f) == 3);

    /* Deleted: "gone", the state kept, and its age still that of the file
     * it came from (not 56 years, from an mtime of 0). */
    TEST(unlink(path) == 0);
    TEST(follow_reload(&f, 0) == 1);
    TEST_MSG(strstr(f.banner, "gone") != NULL, f.banner);
    TEST(owner0(&f) == 3);
    TEST_MSG(follow_age(&f, now) == 20, f.banner);

    /* force reads again even when nothing changed: what is in memory is
     * replaced by what the file says. */
    TEST(write_state(path, 4, 2, 8, now) == 0);
    TEST(follow_reload(&f, 0) == 1);
    TEST(follow_reload(&f, 0) == 0);
    f.st.seq = 999;
    TEST(follow_reload(&f, 0) == 0 && f.st.seq == 999);
    TEST(follow_reload(&f, 1) == 1 && owner0(&f) == 4 && f.st.seq == 8);

    follow_free(&f);
    follow_free(&f);
    TEST(!f.have);
    unlink(path);
    rmdir(dir);
    return TEST_DONE();
}
