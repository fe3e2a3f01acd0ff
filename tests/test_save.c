/* test_save.c: visualizer/save.c, the atomic file write behind memview's
 * screenshots: contents, the mode of a new and of a replaced file, SAVE_NEW
 * never replacing (EEXIST), and no temporary file left after any failure.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "save.h"
#include "test.h"

static char dir[] = "/tmp/test_save.XXXXXX";

/* A put that writes ctx (a string), or fails with its own reason when ctx
 * is NULL. */
static int put_text(FILE *fp, void *ctx, char *why, size_t whylen)
{
    if (!ctx) {
        snprintf(why, whylen, "nothing to write");
        return -1;
    }
    fputs(ctx, fp);
    return 0;
}

/* Returns the number of entries in dir besides . and .. */
static int entries(void)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    while (d && (e = readdir(d)))
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    if (d)
        closedir(d);
    return n;
}

/* Returns 1 when path holds exactly text. */
static int holds(const char *path, const char *text)
{
    char buf[256] = "";
    FILE *fp = fopen(path, "rb");
    size_t n = fp ? fread(buf, 1, sizeof buf - 1, fp) : 0;

    if (fp)
        fclose(fp);
    return fp && n == strlen(text) && memcmp(buf, text, n) == 0;
}

static mode_t mode_of(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 ? st.st_mode & 07777 : 0;
}

static void test_write_and_replace(const char *path)
{
    char err[512] = "";

    umask(077);
    TEST_MSG(save_file(path, 0, put_text, "first", err, sizeof err) == 0, err);
    TEST(holds(path, "first"));
    TEST(mode_of(path) == 0644); /* A picture is for sharing, whatever the umask. */
    TEST(chmod(path, 0640) == 0);
    TEST_MSG(save_file(path, 0, put_text, "second", err, sizeof err) == 0, err);
    TEST(holds(path, "second"));
    TEST(mode_of(path) == 0640); /* A file replaced keeps its mode. */
    TEST(entries() == 1);
}

static void test_new_only(const char *path)
{
    char err[512] = "", other[300];

    errno = 0;
    TEST(save_file(path, SAVE_NEW, put_text, "third", err, sizeof err) < 0);
    TEST(errno == EEXIST);
    TEST(strstr(err, path) != NULL);
    TEST(holds(path, "second"));
    TEST(entries() == 1);
    snprintf(other, sizeof other, "%s/other.png", dir);
    TEST_MSG(save_file(other, SAVE_NEW, put_text, "new", err, sizeof err) == 0, err);
    TEST(holds(other, "new"));
    TEST(entries() == 2);
    TEST(unlink(other) == 0);
}

static void test_failures(const char *path)
{
    char err[512] = "", missing[300];

    TEST(save_file(path, 0, put_text, NULL, err, sizeof err) < 0);
    TEST(strstr(err, "nothing to write") != NULL);
    TEST(holds(path, "second")); /* Untouched, */
    TEST(entries() == 1);        /* and no temporary file left. */
    snprintf(missing, sizeof missing, "%s/no/such/dir.png", dir);
    TEST(save_file(missing, 0, put_text, "x", err, sizeof err) < 0);
    TEST(strstr(err, "cannot create") != NULL);
    TEST(entries() == 1);
}

int main(void)
{
    char path[300];

    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(path, sizeof path, "%s/shot.png", dir);
    test_write_and_replace(path);
    test_new_only(path);
    test_failures(path);
    unlink(path);
    TEST(rmdir(dir) == 0);
    return TEST_DONE();
}
