/* status_quiz.c: the quiz's records (format version 8), written only while a
 * quiz is being taken (st->quiz_on), after every other model's:
 *
 *   quiz KIND FLAGS...                 the kind and its canonical flags
 *                                      (quiz_args_text), which make the problem
 *   quiz-q i=N state=S given=G         question N: open, right, wrong or shown;
 *                                      G the student's answer (right, wrong),
 *                                      else '-'
 *   quiz-more TEXT                     the rest of the line before it, when that
 *                                      line would be longer than STATUS_MAX_LINE
 *
 * The file holds no question, key or explanation: the reader makes the
 * problem again with quiz_make from the quiz line, so a file cannot
 * disagree with itself, and checks each quiz-q against it (one for each
 * question, in order; the answer read by the question's type; right exactly
 * when it equals the key). A line too long for the format (a long -A list, a
 * long answer list) goes on in quiz-more records: their text is appended to
 * it as it is, with no separator, and the writer cuts only between two
 * characters that are not spaces. See status_impl.h and
 * docs/status-format.md. */
#include "status_impl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MORE_CHUNK 1000 /* Most text a line carries (the line limit less the record name). */

/* The words of enum quiz_qstate in quiz-q records. */
static const char *const state_words[] = {"open", "right", "wrong", "shown"};
#define NSTATES (sizeof state_words / sizeof state_words[0])

/* ---- Writing ------------------------------------------------------------- */

/* Writes name, a space and text, cut into a first line and quiz-more lines
 * of at most MORE_CHUNK characters each, never between a space and
 * another character (so no line ends in a space or has two in a row). */
static void put_long(struct sink *s, const char *name, const char *text)
{
    size_t len = strlen(text), at = 0;

    status_puts(s, name);
    for (;;) {
        size_t n = len - at;
        if (n > MORE_CHUNK) {
            n = MORE_CHUNK;
            while (n > 1 && (text[at + n - 1] == ' ' || text[at + n] == ' '))
                n--;
        }
        status_put(s, " ", 1);
        status_put(s, text + at, n);
        status_put(s, "\n", 1);
        at += n;
        if (at >= len)
            break;
        status_puts(s, "quiz-more");
    }
}

/* Appends v as quiz-q writes an answer of type t: the word (fault, hit,
 * miss), or the numbers in decimal separated by commas, '-' for an empty
 * slot, "[]" for an empty list. No spaces: quiz_answer_parse reads it
 * back. */
static void given_text(enum quiz_atype t, const struct quiz_value *v, struct qbuf *b)
{
    static const char *const words[] = {"", "fault", "hit", "miss"};

    if (v->word != QUIZ_W_NONE) {
        qbuf_printf(b, "%s", words[v->word]);
        return;
    }
    if (v->n == 0 && (t == QUIZ_A_LIST || t == QUIZ_A_SET)) {
        qbuf_printf(b, "[]");
        return;
    }
    for (size_t i = 0; i < v->n; i++) {
        if (v->v[i] == QUIZ_EMPTY)
            qbuf_printf(b, "%s-", i ? "," : "");
        else
            qbuf_printf(b, "%s%lld", i ? "," : "", (long long)v->v[i]);
    }
}

void status_write_quiz(const struct status *st, struct status_cache *cache, struct sink *s)
{
    struct qbuf b = {0};

    (void)cache;
    if (!st->quiz_on)
        return;
    qbuf_printf(&b, "%s", quiz_kind_name(st->quiz.kind));
    if (st->quiz.argc > 0)
        qbuf_printf(&b, " ");
    quiz_args_text(&st->quiz, &b);
    if (b.failed) {
        s->err = ENOMEM;
    } else {
        put_long(s, "quiz", b.s ? b.s : "");
    }
    qbuf_free(&b);
}

void status_write_quiz_qs(const struct status *st, struct status_cache *cache, struct sink *s)
{
    const struct quiz *q = &st->quiz;

    (void)cache;
    if (!st->quiz_on)
        return;
    for (size_t i = 0; i < q->nq; i++) {
        const struct quiz_question *qq = &q->q[i];
        int answered = qq->state == QUIZ_RIGHT || qq->state == QUIZ_WRONG;
        struct qbuf b = {0};

        qbuf_printf(&b, "i=%zu state=%s given=", i, state_words[qq->state % NSTATES]);
        if (answered)
            given_text(qq->type, &qq->given, &b);
        else
            qbuf_printf(&b, "-");
        if (b.failed)
            s->err = ENOMEM;
        else
            put_long(s, "quiz-q", b.s);
        qbuf_free(&b);
    }
}

/* ---- Reading ------------------------------------------------------------- */

/* Starts the pending text of a line that quiz-more records may continue:
 * what (PENDING_QUIZ or PENDING_GIVEN), the text so far. Returns 0 or -1. */
static int pending_start(struct status_parser *p, int what, const char *text, size_t len,
                         unsigned long line)
{
    struct status_parse_quiz *z = &p->quiz;

    qbuf_free(&z->text);
    z->pending = what;
    z->pending_line = line;
    qbuf_printf(&z->text, "%.*s", (int)len, text);
    if (z->text.failed)
        return status_fail(p, "out of memory");
    return 0;
}

/* Splits the quiz line's text (KIND FLAGS...) and makes the problem into
 * st->quiz. Returns 0, or -1 with the error set (on the quiz line). */
static int make_quiz(struct status_parser *p, unsigned long *line)
{
    struct status_parse_quiz *z = &p->quiz;
    struct status *st = p->st;
    char *argv[QUIZ_MAX_ARGS + 1], *words = z->text.s, why[256];
    struct qbuf again = {0};
    enum quiz_kind kind;
    int argc = 0, same;

    *line = z->pending_line;
    if (!words || !*words)
        return status_fail(p, "quiz: no kind");
    for (char *t = words;;) {
        char *sp = strchr(t, ' ');
        if (argc == QUIZ_MAX_ARGS + 1)
            return status_fail(p, "quiz: more than %d flags", QUIZ_MAX_ARGS);
        argv[argc++] = t;
        if (!sp)
            break;
        *sp = '\0';
        t = sp + 1;
        if (*t == '\0' || *t == ' ')
            return status_fail(p, "quiz: two spaces in a row or a space at the end of the line");
    }
    if (quiz_kind_from_name(argv[0], &kind) < 0 || strcmp(quiz_kind_name(kind), argv[0]) != 0)
        return status_fail(p, "quiz: unknown kind '%.30s'", argv[0]);
    if (quiz_make(kind, argc - 1, argv + 1, &st->quiz, why, sizeof why) < 0)
        return status_fail(p, "quiz: %s", why);
    st->quiz_on = 1;
    /* Only the writer's canonical form: the flags quiz_make reads back. */
    quiz_args_text(&st->quiz, &again);
    same = !again.failed && argc - 1 == st->quiz.argc;
    for (int i = 0; same && i < st->quiz.argc; i++)
        same = strcmp(argv[i + 1], st->quiz.argv[i]) == 0;
    qbuf_free(&again);
    if (!same)
        return status_fail(p, "quiz: the flags are not in the canonical form (--name=value for "
                              "every flag of the kind, in its order)");
    return 0;
}

/* Checks the answer of the pending quiz-q against its question. Returns 0,
 * or -1 with the error set (on the quiz-q line). */
static int check_given(struct status_parser *p, unsigned long *line)
{
    struct status_parse_quiz *z = &p->quiz;
    struct quiz_question *qq = &p->st->quiz.q[z->nq_read - 1];
    const char *text = z->text.s ? z->text.s : "";
    struct quiz_value v;
    char why[256];
    int right;

    *line = z->pending_line;
    if (qq->state == QUIZ_OPEN || qq->state == QUIZ_SHOWN) {
        if (strcmp(text, "-") != 0)
            return status_fail(p, "quiz-q: a question %s has given=-", state_words[qq->state]);
        return 0;
    }
    if (strchr(text, ' ') || quiz_answer_parse(qq->type, text, &v, why, sizeof why) < 0)
        return status_fail(p, "quiz-q: given=%.40s%s is not an answer to question %zu", text,
                           strlen(text) > 40 ? "..." : "", z->nq_read - 1);
    right = quiz_value_equal(qq->type, &qq->key, &v);
    if (right != (qq->state == QUIZ_RIGHT))
        return status_fail(p, "quiz-q: question %zu is marked %s, but the answer given is %s",
                           z->nq_read - 1, state_words[qq->state], right ? "right" : "wrong");
    qq->given = v;
    return 0;
}

/* Finishes the line quiz-more records may have continued: makes the quiz,
 * or checks the last answer. Returns 0 or -1 (then *line is that line's). */
static int pending_finish(struct status_parser *p, unsigned long *line)
{
    struct status_parse_quiz *z = &p->quiz;
    unsigned long at = *line;
    int what = z->pending, r;

    if (what == PENDING_NONE)
        return 0;
    z->pending = PENDING_NONE;
    r = what == PENDING_QUIZ ? make_quiz(p, line) : check_given(p, line);
    qbuf_free(&z->text);
    if (r == 0)
        *line = at;
    return r;
}

int status_read_quiz_line(struct status_parser *p, const struct status_record *row, const char *s,
                          unsigned long *line)
{
    if (status_check_version(p, row) < 0 || status_advance(p, row, line) < 0)
        return -1;
    p->quiz.seen = 1;
    p->quiz.line = *line;
    return pending_start(p, PENDING_QUIZ, s + 5, strlen(s + 5), *line);
}

int status_read_quiz_more_line(struct status_parser *p, const struct status_record *row,
                               const char *s, unsigned long *line)
{
    struct status_parse_quiz *z = &p->quiz;

    if (status_check_version(p, row) < 0 || status_advance(p, row, line) < 0)
        return -1;
    s += 10;
    if (z->pending == PENDING_NONE)
        return status_fail(p, "quiz-more: nothing to continue (it follows a quiz or quiz-q line)");
    if (*s == '\0' || *s == ' ' || s[strlen(s) - 1] == ' ')
        return status_fail(p, "quiz-more: no text, or a space at its start or end");
    if (z->text.len + strlen(s) > STATUS_QUIZ_TEXT)
        return status_fail(p, "quiz-more: the line it continues is longer than %d characters",
                           STATUS_QUIZ_TEXT);
    qbuf_printf(&z->text, "%s", s);
    if (z->text.failed)
        return status_fail(p, "out of memory");
    return 0;
}

int status_read_quiz_q(struct status_parser *p, unsigned long *line)
{
    struct status_parse_quiz *z = &p->quiz;
    struct quiz *q = &p->st->quiz;
    const char *word, *given;
    uint64_t i;
    size_t k;

    if (pending_finish(p, line) < 0)
        return -1;
    if (!p->st->quiz_on)
        return status_fail(p, "quiz-q: no quiz line before it");
    if (status_num_field(p, 1, "i", 0, UINT64_MAX, &i) < 0 ||
        !(word = status_word_field(p, 2, "state")) || !(given = status_word_field(p, 3, "given")))
        return -1;
    if (i != z->nq_read)
        return status_fail(p, "quiz-q: i=%llu, expected i=%zu (the questions in order)",
                           (unsigned long long)i, z->nq_read);
    if (z->nq_read >= q->nq)
        return status_fail(p, "quiz-q: the quiz has only %zu questions", q->nq);
    for (k = 0; k < NSTATES && strcmp(word, state_words[k]) != 0; k++)
        ;
    if (k == NSTATES)
        return status_fail(p, "quiz-q: state=%.20s is not open, right, wrong or shown", word);
    q->q[z->nq_read++].state = (enum quiz_qstate)k;
    return pending_start(p, PENDING_GIVEN, given, strlen(given), *line);
}

int status_close_quiz(struct status_parser *p, unsigned long *line)
{
    struct status_parse_quiz *z = &p->quiz;

    if (!z->seen)
        return p->version != STATUS_VERSION ? 0
                                            : status_fail(p,
                                                          "a version %d file has a 'quiz' record "
                                                          "after the other models' records",
                                                          p->version);
    if (pending_finish(p, line) < 0)
        return -1;
    if (z->nq_read != p->st->quiz.nq) {
        *line = z->line;
        return status_fail(p, "quiz: the quiz has %zu questions, but %zu quiz-q records follow",
                           p->st->quiz.nq, z->nq_read);
    }
    return 0;
}

void status_quiz_parse_free(struct status_parser *p)
{
    qbuf_free(&p->quiz.text);
}
