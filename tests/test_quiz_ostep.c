/* test_quiz_ostep.c: memtrack's quizzes against OSTEP's homework scripts.
 *
 * Each data file holds runs of one OSTEP script (tests/data/ostep/...,
 * README.md there): a line "RUN ARGS", then what the script printed for
 * those arguments, byte for byte. For every run this makes the quiz of the
 * same kind from the same arguments (less -c, which asks for the answers)
 * and checks:
 *   - quiz_ostep_text writes exactly what the script printed, the problem
 *     without -c and the answers with it;
 *   - the quiz made again from its canonical flags (quiz_args_text) writes
 *     the same text: the flags a status file or an answer sheet carries make
 *     the same problem;
 *   - every question's key, written in its canonical form, grades right,
 *     and grading the wrong answer of the next question's key (when it
 *     differs) grades wrong.
 *
 * Which files hold which kind: tests/data/ostep/quiz/manifest, lines "KIND
 * FILE" (FILE from the top of the repository; '#' comments). Arguments on
 * the command line ("KIND FILE...") replace the manifest.
 */
#include <stdlib.h>
#include <string.h>

#include "quiz.h"
#include "test.h"

#define MANIFEST "tests/data/ostep/quiz/manifest"
#define MAX_ARGV 64

static unsigned runs_total;

/* Reads the whole file at path into a NUL-terminated buffer the caller
 * frees. Returns NULL (with a failed check) when it cannot. */
static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    long n;

    TEST_MSG(fp != NULL, path);
    if (!fp)
        return NULL;
    if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 && fseek(fp, 0, SEEK_SET) == 0) {
        buf = malloc((size_t)n + 1);
        if (buf && fread(buf, 1, (size_t)n, fp) == (size_t)n) {
            buf[n] = '\0';
            *len = (size_t)n;
        } else {
            free(buf);
            buf = NULL;
        }
    }
    fclose(fp);
    TEST_MSG(buf != NULL, path);
    return buf;
}

/* Splits args (modified) at single spaces into argv; drops -c and its long
 * spellings, setting *solve. Returns the count, or -1 when there are too
 * many. */
static int split_args(char *args, char **argv, int *solve)
{
    int argc = 0;
    char *tok;

    *solve = 0;
    for (tok = strtok(args, " "); tok; tok = strtok(NULL, " ")) {
        if (!strcmp(tok, "-c") || !strcmp(tok, "--compute") || !strcmp(tok, "--solve")) {
            *solve = 1;
            continue;
        }
        if (argc == MAX_ARGV)
            return -1;
        argv[argc++] = tok;
    }
    return argc;
}

/* Reports where text and want first differ, as file, run and line. */
static void show_diff(const char *file, const char *run, const char *got, const char *want)
{
    unsigned line = 1;
    const char *g = got, *w = want, *ge, *we;

    while (*g && *w && *g == *w) {
        if (*g == '\n')
            line++;
        g++, w++;
    }
    while (g > got && g[-1] != '\n')
        g--, w--;
    ge = strchr(g, '\n');
    we = strchr(w, '\n');
    fprintf(stderr, "%s: RUN %s: output line %u differs\n  got:  %.*s\n  want: %.*s\n", file, run,
            line, ge ? (int)(ge - g) : (int)strlen(g), g, we ? (int)(we - w) : (int)strlen(w), w);
}

/* The checks of one question: its key's canonical text grades right; the
 * next question's key (when of the same type and different) grades wrong. */
static void check_keys(struct quiz *q, const char *file, const char *run)
{
    char text[8192], err[256];
    size_t i;

    for (i = 0; i < q->nq; i++) {
        struct quiz_question *qq = &q->q[i];

        quiz_value_text(qq->type, &qq->key, text, sizeof text);
        if (quiz_grade(q, i, text, err, sizeof err) != 1) {
            fprintf(stderr, "%s: RUN %s: question %zu: its key '%s' does not grade right (%s)\n",
                    file, run, i + 1, text, err);
            TEST(0);
        }
        TEST(qq->state == QUIZ_RIGHT);
        TEST(qq->prompt[0] != '\0' && qq->explain[0] != '\0');
        if (i + 1 < q->nq && q->q[i + 1].type == qq->type &&
            !quiz_value_equal(qq->type, &qq->key, &q->q[i + 1].key)) {
            quiz_value_text(qq->type, &q->q[i + 1].key, text, sizeof text);
            TEST(quiz_grade(q, i, text, err, sizeof err) == 0);
            TEST(qq->state == QUIZ_WRONG);
        }
    }
}

/* Makes the quiz again from q's canonical flags and checks it writes text. */
static void check_canonical(const struct quiz *q, int solve, const char *text, const char *file,
                            const char *run)
{
    struct qbuf args = {0}, again = {0};
    struct quiz q2;
    char *argv[QUIZ_MAX_ARGS + 1], *tok, err[512];
    int argc = 0;

    quiz_args_text(q, &args);
    for (tok = args.s ? strtok(args.s, " ") : NULL; tok && argc <= QUIZ_MAX_ARGS;
         tok = strtok(NULL, " "))
        argv[argc++] = tok;
    if (quiz_make(q->kind, argc, argv, &q2, err, sizeof err) < 0) {
        fprintf(stderr, "%s: RUN %s: its canonical flags do not make a quiz: %s\n", file, run, err);
        TEST(0);
    } else {
        TEST(quiz_ostep_text(&q2, solve, &again) == 0);
        TEST_MSG(again.s && !strcmp(again.s, text), run);
        quiz_free(&q2);
    }
    qbuf_free(&args);
    qbuf_free(&again);
}

/* Checks one run: ARGS in args (modified), the script's output out[0..len). */
static void check_run(enum quiz_kind kind, const char *file, char *args, const char *out,
                      size_t len)
{
    char run[600], *argv[MAX_ARGV], err[512];
    struct quiz q;
    struct qbuf text = {0};
    int argc, solve;

    snprintf(run, sizeof run, "%s", args);
    argc = split_args(args, argv, &solve);
    TEST_MSG(argc >= 0, run);
    if (argc < 0)
        return;
    runs_total++;
    if (quiz_make(kind, argc, argv, &q, err, sizeof err) < 0) {
        fprintf(stderr, "%s: RUN %s: quiz_make refused it: %s\n", file, run, err);
        TEST(0);
        return;
    }
    TEST(quiz_ostep_text(&q, solve, &text) == 0);
    TEST(!text.failed);
    if (text.s && text.len == len && !memcmp(text.s, out, len)) {
        TEST(1);
        check_canonical(&q, solve, text.s, file, run);
    } else {
        show_diff(file, run, text.s ? text.s : "", out);
        TEST(0);
    }
    check_keys(&q, file, run);
    qbuf_free(&text);
    quiz_free(&q);
}

/* Checks every run of the data file at path, of kind. */
static void check_file(enum quiz_kind kind, const char *path)
{
    size_t len = 0;
    char *buf = slurp(path, &len), *p, *end;
    unsigned runs = 0;

    if (!buf)
        return;
    end = buf + len;
    p = buf;
    while (p < end && *p == '#') { /* The file's header comment. */
        char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
    while (p < end) {
        char *args, *out, *next, *nl;

        TEST_MSG(!strncmp(p, "RUN ", 4), path);
        if (strncmp(p, "RUN ", 4))
            break;
        nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            break;
        *nl = '\0';
        args = p + 4;
        out = nl + 1;
        for (next = out; next < end; next = nl + 1) {
            if (!strncmp(next, "RUN ", 4))
                break;
            nl = memchr(next, '\n', (size_t)(end - next));
            if (!nl) {
                next = end;
                break;
            }
        }
        check_run(kind, path, args, out, (size_t)(next - out));
        runs++;
        p = next;
    }
    TEST_MSG(runs > 0, path);
    printf("%s: %u runs\n", path, runs);
    free(buf);
}

/* Reads the manifest and checks each file it names. */
static void check_manifest(void)
{
    size_t len = 0;
    char *buf = slurp(MANIFEST, &len), *line, *save = NULL;

    if (!buf)
        return;
    for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char kname[32], path[400];
        enum quiz_kind kind;

        if (line[0] == '#' || line[0] == '\0')
            continue;
        if (sscanf(line, "%31s %399s", kname, path) != 2 || quiz_kind_from_name(kname, &kind) < 0) {
            fprintf(stderr, "%s: bad line '%s'\n", MANIFEST, line);
            TEST(0);
            continue;
        }
        check_file(kind, path);
    }
    free(buf);
}

int main(int argc, char **argv)
{
    if (argc > 2) {
        enum quiz_kind kind;
        int i;

        TEST_MSG(quiz_kind_from_name(argv[1], &kind) == 0, argv[1]);
        for (i = 2; i < argc; i++)
            check_file(kind, argv[i]);
    } else {
        check_manifest();
    }
    printf("%u OSTEP runs\n", runs_total);
    return TEST_DONE();
}
