/* quizcheck.c: `memtrack quiz check FILE...` (quizcmd.h; docs/quiz.md,
 * "Answer sheets"): each sheet's problem made again from its quiz line,
 * every answer graded, the score, and each answer that was not right with
 * the key and its explanation. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "quizcmd.h"

#define SHEET_MAX  (1 << 20)              /* Largest sheet read, in bytes. */
#define VALUE_TEXT (QUIZ_MAX_VALUES * 24) /* Room for any answer as text. */

/* Reads the file path whole into *text (the caller frees it) and *len.
 * Returns 0, or -1 with why in err. */
static int read_sheet(const char *path, char **text, size_t *len, char *err, size_t errlen)
{
    FILE *fp = fopen(path, "r");
    char *buf;
    size_t n;

    if (!fp) {
        snprintf(err, errlen, "%s", strerror(errno));
        return -1;
    }
    buf = malloc(SHEET_MAX + 1);
    if (!buf) {
        fclose(fp);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    n = fread(buf, 1, SHEET_MAX + 1, fp);
    if (ferror(fp) || n > SHEET_MAX) {
        if (ferror(fp))
            snprintf(err, errlen, "cannot be read: %s", strerror(errno));
        else
            snprintf(err, errlen, "larger than %d bytes: no answer sheet", SHEET_MAX);
        free(buf);
        fclose(fp);
        return -1;
    }
    fclose(fp);
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return 0;
}

/* 1 when a sheet's answer text stands for no answer (quiz_sheet_parse
 * keeps "?", "-" and a bare number as ""). */
static int no_answer(const char *text)
{
    return text[0] == '\0';
}

/* Grades the answers of s and prints the score line and what was not
 * right, each line starting with path. */
static void grade(const char *path, struct quiz_sheet *s)
{
    struct quiz *q = &s->quiz;
    size_t n = s->nanswers; /* At most q->nq: the parser refuses more. */
    char **why = calloc(q->nq ? q->nq : 1, sizeof *why);
    static char key[VALUE_TEXT];
    char err[600];

    for (size_t i = 0; i < n; i++)
        if (!no_answer(s->answers[i]) && quiz_grade(q, i, s->answers[i], err, sizeof err) < 0 &&
            why)
            why[i] = strdup(err);
    printf("%s: %s%s%zu of %zu right\n", path, s->name, s->name[0] ? ": " : "", quiz_score(q),
           q->nq);
    for (size_t i = 0; i < q->nq; i++) {
        const struct quiz_question *qq = &q->q[i];

        if (qq->state == QUIZ_RIGHT)
            continue;
        quiz_value_text(qq->type, &qq->key, key, sizeof key);
        if (i < n && s->lines[i]) /* 0: skipped by a number further on. */
            printf("%s:%u: question %zu: ", path, s->lines[i], i + 1);
        else
            printf("%s: question %zu: ", path, i + 1);
        if (i >= n || no_answer(s->answers[i]))
            printf("no answer; ");
        else if (qq->state == QUIZ_WRONG)
            printf("wrong: your answer %s; ", s->answers[i]);
        else
            printf("your answer '%s' cannot be read (%s); ", s->answers[i],
                   why && why[i] ? why[i] : "malformed");
        printf("the answer is %s\n", key);
        quizcmd_indent(qq->explain, "    ");
    }
    for (size_t i = 0; why && i < q->nq; i++)
        free(why[i]);
    free(why);
}

/* Grades the sheet in path. Returns 0, or -1 when it could not be (said on
 * stderr). */
static int check_one(const char *path)
{
    struct quiz_sheet s;
    char *text = NULL, err[600];
    size_t len = 0;
    int line;

    if (read_sheet(path, &text, &len, err, sizeof err) < 0) {
        fflush(stdout);
        fprintf(stderr, "memtrack: quiz check: %s: %s\n", path, err);
        return -1;
    }
    line = quiz_sheet_parse(text, len, &s, err, sizeof err);
    free(text);
    if (line != 0) {
        fflush(stdout);
        fprintf(stderr, "%s:%d: %s\n", path, line, err);
        return -1;
    }
    grade(path, &s);
    quiz_sheet_free(&s);
    return 0;
}

int quizcheck_files(int nfiles, char **files)
{
    int graded = 0;

    for (int i = 0; i < nfiles; i++)
        graded += check_one(files[i]) == 0;
    if (nfiles > 1)
        printf("%d of %d sheets graded.\n", graded, nfiles);
    return graded == nfiles ? 0 : 1;
}
