/* quiz_sheet.c: a class's answer sheets (memtrack quiz check), read into
 * the problem they answer and their answers' text (quiz.h, struct
 * quiz_sheet). Grading them is the caller's, with quiz_grade.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "grow.h"
#include "quiz_impl.h"

#define SHEET_LINE  QUIZ_VALUE_TEXT         /* Longest line, with its NUL: any answer's text. */
#define SHEET_WORDS (2 * QUIZ_MAX_ARGS + 4) /* Most words of the quiz line. */

/* The switches a quiz line may carry that do not shape the problem (the
 * line may be a copy of the command that printed the worksheet). */
static const char *const ignored[] = {"-c",        "--answers",   "--solve",
                                      "--compute", "--worksheet", "--ostep"};

/* Whether word is one of ignored[]. */
static int is_ignored(const char *word)
{
    for (size_t i = 0; i < sizeof ignored / sizeof ignored[0]; i++)
        if (strcmp(word, ignored[i]) == 0)
            return 1;
    return 0;
}

/* The kinds a sheet may name. */
struct kinds {
    const struct quiz_kind_def *const *defs; /* Where the quiz line's kind is looked up. */
    size_t n;
};

/* Makes s->quiz from the quiz line ("[memtrack] quiz KIND FLAGS..."), which
 * it splits in place, with KIND one of k's. Returns 0, or -1 with why in err. */
static int read_quiz_line(char *line, const struct kinds *k, struct quiz_sheet *s, char *err,
                          size_t errlen)
{
    char *w[SHEET_WORDS], *flags[SHEET_WORDS], *save = NULL, msg[256];
    int n = 0, nflags = 0, i;
    const struct quiz_kind_def *def;

    for (char *t = strtok_r(line, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
        if (n == SHEET_WORDS) {
            snprintf(err, errlen, "more than %d words on the quiz line", SHEET_WORDS);
            return -1;
        }
        w[n++] = t;
    }
    i = n && strcmp(w[0], "memtrack") == 0;
    if (i >= n || strcmp(w[i], "quiz") != 0 || i + 1 >= n) {
        snprintf(err, errlen,
                 "the first line must name the quiz: 'quiz KIND FLAGS...' "
                 "(quiz translate --seed 3)");
        return -1;
    }
    def = quiz_def_find(k->defs, k->n, w[i + 1]);
    if (!def) {
        snprintf(err, errlen, "no quiz kind '%.40s' (memtrack quiz list names them)", w[i + 1]);
        return -1;
    }
    for (i += 2; i < n; i++)
        if (!is_ignored(w[i]))
            flags[nflags++] = w[i];
    if (quiz_make_def(def, nflags, flags, &s->quiz, msg, sizeof msg) < 0) {
        snprintf(err, errlen, "quiz %s: %s", def->name, msg);
        return -1;
    }
    return 0;
}

/* Adds the answer text (copied) of file line lineno to s. Returns 0, or -1
 * when out of memory. */
static int add_answer(struct quiz_sheet *s, size_t *cap, const char *text, unsigned lineno)
{
    size_t c = *cap;
    char **a = grow_array(s->answers, &c, s->nanswers + 1, sizeof *a);
    unsigned *l;

    if (!a)
        return -1;
    s->answers = a;
    c = *cap;
    l = grow_array(s->lines, &c, s->nanswers + 1, sizeof *l);
    if (!l)
        return -1;
    s->lines = l;
    *cap = c;
    s->lines[s->nanswers] = lineno;
    s->answers[s->nanswers] = strdup(text);
    if (!s->answers[s->nanswers])
        return -1;
    s->nanswers++;
    return 0;
}

/* Reads an answer line (trimmed): an optional number and ':', '.' or ')',
 * not one already passed (a number further on leaves the answers between
 * empty: no answer), then the answer; "?" or "-" alone is no answer, kept
 * as "". Returns 0, or -1 with why in err. */
static int read_answer(struct quiz_sheet *s, size_t *cap, char *line, unsigned lineno, char *err,
                       size_t errlen)
{
    char *p = line;
    unsigned long num = 0;

    while (isdigit((unsigned char)*p) && num < 100000)
        num = num * 10 + (unsigned long)(*p++ - '0');
    if (p > line && (*p == ':' || *p == '.' || *p == ')')) {
        if (num < s->nanswers + 1) {
            snprintf(err, errlen, "answer %lu stands where answer %zu should", num,
                     s->nanswers + 1);
            return -1;
        }
        while (s->nanswers + 1 < num && s->nanswers < s->quiz.nq) /* Skipped: no answer. */
            if (add_answer(s, cap, "", 0) < 0) {
                snprintf(err, errlen, "out of memory");
                return -1;
            }
        if (num > s->quiz.nq) {
            snprintf(err, errlen, "an answer %lu, but the quiz has %zu question%s", num, s->quiz.nq,
                     s->quiz.nq == 1 ? "" : "s");
            return -1;
        }
        for (p++; isspace((unsigned char)*p); p++)
            ;
        line = p;
    }
    if (s->nanswers >= s->quiz.nq) {
        snprintf(err, errlen, "an answer %zu, but the quiz has %zu question%s", s->nanswers + 1,
                 s->quiz.nq, s->quiz.nq == 1 ? "" : "s");
        return -1;
    }
    if (strcmp(line, "?") == 0 || strcmp(line, "-") == 0)
        line = "";
    if (add_answer(s, cap, line, lineno) < 0) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

/* Copies the line of text[0..len) that starts at *pos to buf (SHEET_LINE
 * bytes) without its '\r', newline and outer white space, and moves *pos
 * past it. Returns 0, or -1 with why in err (too long, a NUL byte). */
static int next_line(const char *text, size_t len, size_t *pos, char *buf, char *err, size_t errlen)
{
    const char *start = text + *pos, *nl = memchr(start, '\n', len - *pos);
    size_t n = nl ? (size_t)(nl - start) : len - *pos;

    *pos += n + (nl != NULL);
    if (n >= SHEET_LINE) {
        snprintf(err, errlen, "a line longer than %d bytes", SHEET_LINE - 1);
        return -1;
    }
    if (memchr(start, '\0', n)) {
        snprintf(err, errlen, "a NUL byte in the line");
        return -1;
    }
    while (n && isspace((unsigned char)start[n - 1]))
        n--;
    while (n && isspace((unsigned char)*start))
        start++, n--;
    memcpy(buf, start, n);
    buf[n] = '\0';
    return 0;
}

/* Reads a "name: TEXT" line into s->name. Returns 1 when line is one (0
 * when not), -1 with why in err when it is a bad one. */
static int read_name(struct quiz_sheet *s, const char *line, char *err, size_t errlen)
{
    const char *p = line + 5;

    if (strncasecmp(line, "name:", 5) != 0)
        return 0;
    while (isspace((unsigned char)*p))
        p++;
    if (s->name[0] || s->nanswers) {
        snprintf(err, errlen, "%s",
                 s->name[0] ? "a second name line" : "the name line must stand before the answers");
        return -1;
    }
    if (!*p || strlen(p) >= sizeof s->name) {
        snprintf(err, errlen, "a name of 1 to %zu bytes, please", sizeof s->name - 1);
        return -1;
    }
    memcpy(s->name, p, strlen(p) + 1); /* It fits: checked above. */
    return 1;
}

/* The sheet's format, as docs/quiz.md tells it:
 *   - Lines end in '\n' (a '\r' before it is dropped); white space around a
 *     line does not count; a line may hold at most 6143 bytes. A UTF-8 BOM
 *     at the start is skipped.
 *   - Blank lines and lines starting with '#' are skipped anywhere.
 *   - The first other line names the problem: "quiz KIND FLAGS...", as on
 *     memtrack's command line (a leading "memtrack" is allowed; -c,
 *     --answers, --solve, --compute, --worksheet and --ostep are ignored).
 *   - Optionally, before the first answer, "name: TEXT" (1 to 255 bytes):
 *     whose sheet it is.
 *   - Then one answer a line, in question order. An answer may start with
 *     its number and ':', '.' or ')' ("3: 0x3a39", "3. hit", "3) 7"); a
 *     number further on than the next leaves the ones skipped unanswered
 *     (line 0: on no line), a number already passed is an error. "?" or
 *     "-" alone (or nothing after the number) is no answer, kept as "".
 *     Hence a list of one empty slot is "[-]" here.
 *   - Fewer answers than questions is fine (the rest are missing); more is
 *     an error.
 */
int quiz_sheet_parse(const char *text, size_t len, struct quiz_sheet *s, char *err, size_t errlen)
{
    return quiz_sheet_parse_defs(text, len, quiz_defs, QUIZ_NKINDS, s, err, errlen);
}

int quiz_sheet_parse_defs(const char *text, size_t len, const struct quiz_kind_def *const *defs,
                          size_t n, struct quiz_sheet *s, char *err, size_t errlen)
{
    const struct kinds k = {defs, n};
    char line[SHEET_LINE];
    size_t pos = 0, cap = 0;
    unsigned lineno = 0;
    int have_quiz = 0, r = 0;

    memset(s, 0, sizeof *s);
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) /* A UTF-8 BOM (Notepad's). */
        pos = 3;
    while (pos < len && r >= 0) {
        lineno++;
        r = next_line(text, len, &pos, line, err, errlen);
        if (r < 0 || !line[0] || line[0] == '#')
            continue;
        r = read_name(s, line, err, errlen);
        if (r != 0)
            continue;
        if (!have_quiz)
            r = read_quiz_line(line, &k, s, err, errlen), have_quiz = 1;
        else
            r = read_answer(s, &cap, line, lineno, err, errlen);
    }
    if (r >= 0 && !have_quiz) {
        lineno++;
        snprintf(err, errlen, "no 'quiz KIND FLAGS...' line");
        r = -1;
    }
    if (r < 0) {
        quiz_sheet_free(s);
        return (int)lineno;
    }
    return 0;
}

void quiz_sheet_free(struct quiz_sheet *s)
{
    for (size_t i = 0; i < s->nanswers; i++)
        free(s->answers[i]);
    free(s->answers);
    free(s->lines);
    quiz_free(&s->quiz);
    memset(s, 0, sizeof *s);
}
