/* quiz.c: the quiz core (quiz.h, quiz_impl.h): the text buffer, the kinds
 * by name, making a problem from a kind's flag table, the helpers the kinds
 * call to add questions and read OSTEP's numbers, grading and the score.
 * Reading and writing answers is quiz_answer.c; answer sheets quiz_sheet.c.
 */
#include "quiz.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "quiz_impl.h"

void qbuf_printf(struct qbuf *b, const char *fmt, ...)
{
    va_list ap;
    size_t cap = b->cap;
    char *s;
    int n;

    if (b->failed)
        return;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
        return;
    }
    s = grow_array(b->s, &cap, b->len + (size_t)n + 1, 1);
    if (!s) {
        b->failed = 1;
        return;
    }
    b->s = s;
    b->cap = cap;
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void qbuf_free(struct qbuf *b)
{
    free(b->s);
    memset(b, 0, sizeof *b);
}

const struct quiz_kind_def *quiz_def_find(const struct quiz_kind_def *const *defs, size_t n,
                                          const char *name)
{
    for (size_t k = 0; k < n; k++) {
        int hit = strcmp(defs[k]->name, name) == 0;

        for (int a = 0; !hit && a < 4 && defs[k]->aliases[a]; a++)
            hit = strcmp(defs[k]->aliases[a], name) == 0;
        if (!hit && defs[k]->script) /* OSTEP's name, with or without ".py". */
            hit = strcmp(defs[k]->script, name) == 0 ||
                  (strncmp(defs[k]->script, name, strlen(name)) == 0 &&
                   strcmp(defs[k]->script + strlen(name), ".py") == 0);
        if (hit)
            return defs[k];
    }
    return NULL;
}

int quiz_kind_from_name(const char *name, enum quiz_kind *kind)
{
    const struct quiz_kind_def *d = quiz_def_find(quiz_defs, QUIZ_NKINDS, name);

    for (int k = 0; k < QUIZ_NKINDS; k++)
        if (d == quiz_defs[k])
            *kind = (enum quiz_kind)k;
    return d ? 0 : -1;
}

/* The def of kind, or NULL when kind is out of range. */
static const struct quiz_kind_def *def_of(enum quiz_kind kind)
{
    return (unsigned)kind < QUIZ_NKINDS ? quiz_defs[kind] : NULL;
}

const char *quiz_kind_name(enum quiz_kind kind)
{
    return def_of(kind) ? def_of(kind)->name : NULL;
}

const char *quiz_kind_script(enum quiz_kind kind)
{
    return def_of(kind) ? def_of(kind)->script : NULL;
}

const char *quiz_kind_summary(enum quiz_kind kind)
{
    return def_of(kind) ? def_of(kind)->summary : NULL;
}

const struct opt *quiz_kind_flags(enum quiz_kind kind)
{
    return def_of(kind) ? def_of(kind)->flags : NULL;
}

/* The def that made q: its own, or its kind's. */
static const struct quiz_kind_def *def_of_quiz(const struct quiz *q)
{
    return q->def ? q->def : def_of(q->kind);
}

/* What opt_parse's handler fills: each row's value as given (a switch's "1"),
 * and the first value refused. */
struct given {
    const char *val[OPT_MAX];
    const char *bad;     /* A value with a space or a byte that is not printable. */
    const char *bad_row; /* Its row's name. */
};

static void store(void *user, const struct opt *o, const char *value)
{
    struct given *g = user;

    g->val[o->key] = value ? value : "1";
    for (const char *c = value; c && *c && !g->bad; c++) {
        if (!isprint((unsigned char)*c) || *c == ' ') {
            g->bad = value;
            g->bad_row = o->name;
        }
    }
}

/* Reads argv (without a program name) by def's table into g. Returns 0, or
 * -1 with why in err. */
static int read_flags(const struct quiz_kind_def *def, int argc, char **argv, struct given *g,
                      char *err, size_t errlen)
{
    struct opt rows[OPT_MAX + 1];
    char **args;
    int n = 0, end;

    for (; def->flags[n].name; n++) {
        if (n == OPT_MAX) {
            snprintf(err, errlen, "quiz %s has more than %d flags", def->name, OPT_MAX);
            return -1;
        }
        rows[n] = def->flags[n];
        rows[n].set = store;
        rows[n].key = n;
    }
    memset(&rows[n], 0, sizeof rows[n]);
    args = malloc(((size_t)argc + 2) * sizeof *args);
    if (!args) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    args[0] = "quiz";
    if (argc > 0) /* argv may be NULL when argc is 0. */
        memcpy(args + 1, argv, (size_t)argc * sizeof *args);
    args[argc + 1] = NULL;
    end = opt_parse(rows, argc + 1, args, OPT_STOP, NULL, g, err, errlen);
    if (end >= 0 && end < argc + 1)
        snprintf(err, errlen, "unexpected argument '%.40s'", args[end]);
    else if (end >= 0 && g->bad)
        snprintf(err, errlen, "--%s: a value may hold no spaces or unprintable bytes", g->bad_row);
    free(args);
    return end == argc + 1 && !g->bad ? 0 : -1;
}

/* Fills q->argv canonically from the values val[] of def's rows: every
 * valued row "--name=value" in table order, a switch "--name" when given.
 * Returns 0, or -1 when out of memory. */
static int canonical_args(struct quiz *q, const struct quiz_kind_def *def, const char *const *val)
{
    for (int k = 0; def->flags[k].name && k < QUIZ_MAX_ARGS; k++) {
        const char *name = def->flags[k].name;
        size_t len;
        char *a;

        if (!val[k])
            continue;
        len = strlen(name) + strlen(val[k]) + 4;
        a = malloc(len);
        if (!a)
            return -1;
        if (def->flags[k].arg)
            snprintf(a, len, "--%s=%s", name, val[k]);
        else
            snprintf(a, len, "--%s", name);
        q->argv[q->argc++] = a;
    }
    return 0;
}

int quiz_make_def(const struct quiz_kind_def *def, int argc, char **argv, struct quiz *q, char *err,
                  size_t errlen)
{
    struct given g;
    int k = 0;

    memset(q, 0, sizeof *q);
    memset(&g, 0, sizeof g);
    if (argc < 0 || read_flags(def, argc, argv, &g, err, errlen) < 0)
        return -1;
    for (; def->flags[k].name; k++)
        if (!g.val[k] && def->flags[k].arg)
            g.val[k] = def->defaults[k];
    q->kind = QUIZ_NKINDS;
    for (int i = 0; i < QUIZ_NKINDS; i++)
        if (quiz_defs[i] == def)
            q->kind = (enum quiz_kind)i;
    q->def = def;
    if (canonical_args(q, def, g.val) < 0) {
        snprintf(err, errlen, "out of memory");
        quiz_free(q);
        return -1;
    }
    if (def->make(q, g.val, err, errlen) < 0) {
        quiz_free(q);
        return -1;
    }
    return 0;
}

int quiz_make(enum quiz_kind kind, int argc, char **argv, struct quiz *q, char *err, size_t errlen)
{
    if (!def_of(kind)) {
        memset(q, 0, sizeof *q);
        snprintf(err, errlen, "no quiz kind %d", (int)kind);
        return -1;
    }
    return quiz_make_def(def_of(kind), argc, argv, q, err, errlen);
}

void quiz_free(struct quiz *q)
{
    const struct quiz_kind_def *def = def_of_quiz(q);

    if (def && def->release)
        def->release(q);
    for (int i = 0; i < q->argc && i < QUIZ_MAX_ARGS; i++)
        free(q->argv[i]);
    free(q->q);
    memset(q, 0, sizeof *q);
}

void quiz_args_text(const struct quiz *q, struct qbuf *b)
{
    for (int i = 0; i < q->argc; i++)
        qbuf_printf(b, "%s%s", i ? " " : "", q->argv[i]);
}

int quiz_ostep_text(const struct quiz *q, int solve, struct qbuf *b)
{
    const struct quiz_kind_def *def = def_of_quiz(q);

    if (!def || !def->ostep)
        return -1;
    def->ostep(q, solve, b);
    return 0;
}

void quiz_state_text(const struct quiz *q, struct qbuf *b)
{
    const struct quiz_kind_def *def = def_of_quiz(q);

    if (def && def->state)
        def->state(q, b);
}

struct quiz_question *quiz_add(struct quiz *q, int step, enum quiz_atype type, char *err,
                               size_t errlen, const char *fmt, ...)
{
    struct quiz_question *qq;
    size_t cap = q->qcap;
    va_list ap;

    if (q->nq >= QUIZ_MAX_QUESTIONS) {
        snprintf(err, errlen, "more than %d questions: ask fewer", QUIZ_MAX_QUESTIONS);
        return NULL;
    }
    qq = grow_array(q->q, &cap, q->nq + 1, sizeof *q->q);
    if (!qq) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    q->q = qq;
    q->qcap = cap;
    qq = &q->q[q->nq++];
    memset(qq, 0, sizeof *qq);
    qq->step = step;
    qq->type = type;
    qq->state = QUIZ_OPEN;
    va_start(ap, fmt);
    vsnprintf(qq->prompt, sizeof qq->prompt, fmt, ap);
    va_end(ap);
    return qq;
}

void quiz_explain(struct quiz_question *qq, const char *fmt, ...)
{
    char line[QUIZ_EXPLAIN];
    size_t len = strlen(qq->explain), room = sizeof qq->explain - len;
    va_list ap;
    int n, full;

    va_start(ap, fmt);
    full = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (full < 0)
        return;
    n = snprintf(qq->explain + len, room, "%s%s", len ? "\n" : "", line);
    if ((size_t)n >= room || (size_t)full >= sizeof line) /* Cut: it ends in "...". */
        memcpy(qq->explain + sizeof qq->explain - 4, "...", 4);
}

/* Python's int(s, base) for base 2, 8, 10 or 16 (an optional sign, the
 * base's prefix 0b, 0o or 0x for 2, 8, 16, digits with single '_' between
 * them or after the prefix; no spaces: quiz_make refuses them). Returns 0
 * with *out, 1 when the value is beyond int64, -1 when s is no such number. */
static int py_int(const char *s, int base, int64_t *out)
{
    static const char prefix[17] = {[2] = 'b', [8] = 'o', [16] = 'x'};
    int neg = *s == '-', digits = 0, over = 0;
    uint64_t v = 0, max = (uint64_t)INT64_MAX + (uint64_t)neg; /* -2^63 fits. */

    s += *s == '-' || *s == '+';
    if (prefix[base] && s[0] == '0' && tolower((unsigned char)s[1]) == prefix[base]) {
        s += 2;
        s += *s == '_';
    }
    for (; *s; s++) {
        int c = tolower((unsigned char)*s), d;

        if (c == '_' && digits && s[1] && s[1] != '_')
            continue;
        d = isdigit(c) ? c - '0' : c >= 'a' && c <= 'z' ? c - 'a' + 10 : 99;
        if (d >= base)
            return -1;
        over |= v > (max - (uint64_t)d) / (uint64_t)base;
        v = over ? 0 : v * (uint64_t)base + (uint64_t)d;
        digits++;
    }
    if (!digits)
        return -1;
    if (over)
        return 1;
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return 0;
}

int quiz_int10(const char *what, const char *text, int64_t *out, char *err, size_t errlen)
{
    int r = py_int(text, 10, out);

    if (r)
        snprintf(err, errlen, "%s: '%.40s' is not an integer%s", what, text,
                 r > 0 ? " memtrack can hold" : "");
    return r ? -1 : 0;
}

int quiz_int(const char *flag, const char *text, int64_t *out, char *err, size_t errlen)
{
    const char *digits = text;
    int base = 10, r;

    /* optparse's _parse_num: int(text, 16) after 0x, int(text[2:] or "0", 2)
     * after 0b, int(text, 8) after another 0 (so 0o17 is 15, 08 an error). */
    if (text[0] == '0' && tolower((unsigned char)text[1]) == 'x')
        base = 16;
    else if (text[0] == '0' && tolower((unsigned char)text[1]) == 'b')
        base = 2, digits += 2;
    else if (text[0] == '0')
        base = 8;
    r = py_int(*digits || base != 2 ? digits : "0", base, out);
    if (r < 0)
        snprintf(err, errlen, "%s: '%.40s' is not an integer", flag, text);
    else if (r > 0)
        snprintf(err, errlen, "%s: '%.40s' is too large", flag, text);
    return r ? -1 : 0;
}

/* The multiplier of a size suffix c (k, m, g in any case), or 1. */
static int64_t suffix_of(int c)
{
    switch (tolower(c)) {
    case 'k':
        return 1024;
    case 'm':
        return 1024 * 1024;
    case 'g':
        return 1024 * 1024 * 1024;
    default:
        return 1;
    }
}

int quiz_size(const char *flag, const char *text, int64_t *out, char *err, size_t errlen)
{
    size_t len = strlen(text);
    int64_t mult = len ? suffix_of((unsigned char)text[len - 1]) : 1, v;
    char num[64];
    const char *d;
    int base = 10, r = -1;

    if (len - (mult > 1) < sizeof num) {
        memcpy(num, text, len - (mult > 1));
        num[len - (mult > 1)] = '\0';
        /* convert() reads int(x); memtrack also takes int(x, 0)'s 0x, 0o, 0b. */
        d = num + (num[0] == '-' || num[0] == '+');
        if (d[0] == '0' && strchr("xob", tolower((unsigned char)d[1])))
            base = tolower((unsigned char)d[1]) == 'x' ? 16 : d[1] == 'o' || d[1] == 'O' ? 8 : 2;
        r = py_int(num, base, &v);
    }
    if (r == 0 && mult > 1 && (v > INT64_MAX / mult || v < -(INT64_MAX / mult)))
        r = 1;
    if (r < 0)
        snprintf(err, errlen, "%s: '%.40s' is not a size (a number, or one with k, m or g: 16k)",
                 flag, text);
    else if (r > 0)
        snprintf(err, errlen, "%s: '%.40s' is too large", flag, text);
    else
        *out = v * mult;
    return r ? -1 : 0;
}

int quiz_grade(struct quiz *q, size_t i, const char *text, char *err, size_t errlen)
{
    struct quiz_value v;
    struct quiz_question *qq;

    if (i >= q->nq) {
        snprintf(err, errlen, "there is no question %zu", i + 1);
        return -1;
    }
    qq = &q->q[i];
    if (quiz_answer_parse(qq->type, text, &v, err, errlen) < 0)
        return -1;
    qq->given = v;
    qq->state = quiz_value_equal(qq->type, &qq->key, &v) ? QUIZ_RIGHT : QUIZ_WRONG;
    return qq->state == QUIZ_RIGHT;
}

size_t quiz_score(const struct quiz *q)
{
    size_t n = 0;

    for (size_t i = 0; i < q->nq; i++)
        n += q->q[i].state == QUIZ_RIGHT;
    return n;
}
