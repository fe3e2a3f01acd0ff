/* quiz_own.c: the helpers memtrack's own quiz kinds share (quiz_own.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "note.h"
#include "quiz_own.h"

/* Checks *v against lo..hi for flag. Returns 0, or -1 with why in err. */
static int in_range(const char *flag, int64_t v, int64_t lo, int64_t hi, char *err, size_t errlen)
{
    if (v >= lo && v <= hi)
        return 0;
    snprintf(err, errlen, "%s: %lld is out of range: it must be from %lld to %lld", flag,
             (long long)v, (long long)lo, (long long)hi);
    return -1;
}

/* Reads text with read (quiz_int or quiz_size) and checks it against lo..hi. */
static int read_in(int (*read)(const char *, const char *, int64_t *, char *, size_t),
                   const char *flag, const char *text, int64_t lo, int64_t hi, int64_t *out,
                   char *err, size_t errlen)
{
    int64_t v;

    if (read(flag, text, &v, err, errlen) < 0 || in_range(flag, v, lo, hi, err, errlen) < 0)
        return -1;
    *out = v;
    return 0;
}

int quiz_own_int(const char *flag, const char *text, int64_t lo, int64_t hi, int64_t *out,
                 char *err, size_t errlen)
{
    return read_in(quiz_int, flag, text, lo, hi, out, err, errlen);
}

int quiz_own_size(const char *flag, const char *text, int64_t lo, int64_t hi, int64_t *out,
                  char *err, size_t errlen)
{
    return read_in(quiz_size, flag, text, lo, hi, out, err, errlen);
}

int quiz_own_seed(struct quiz *q, const char *text, struct pyrand *r, char *err, size_t errlen)
{
    if (quiz_int("--seed", text, &q->seed, err, errlen) < 0)
        return -1;
    pyrand_seed_signed(r, q->seed);
    return 0;
}

int quiz_own_items(struct quiz *q, size_t n, char *err, size_t errlen)
{
    struct quiz_own *o = &q->u.own;
    size_t k = n ? n : 1;

    o->item_a = calloc(k, sizeof *o->item_a);
    o->item_b = calloc(k, sizeof *o->item_b);
    o->item_c = calloc(k, sizeof *o->item_c);
    if (!o->item_a || !o->item_b || !o->item_c) {
        quiz_own_release(q);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    o->nitems = n;
    return 0;
}

void quiz_own_release(struct quiz *q)
{
    struct quiz_own *o = &q->u.own;

    free(o->item_a);
    free(o->item_b);
    free(o->item_c);
    o->item_a = o->item_b = o->item_c = NULL;
    o->nitems = 0;
}

struct quiz_question *quiz_own_ask(struct quiz *q, int step, enum quiz_atype t, int64_t key,
                                   char *err, size_t errlen, const char *fmt, ...)
{
    struct quiz_question *qq;
    char prompt[QUIZ_PROMPT];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(prompt, sizeof prompt, fmt, ap);
    va_end(ap);
    qq = quiz_add(q, step, t, err, errlen, "%s", prompt);
    if (!qq)
        return NULL;
    if (t == QUIZ_A_HITMISS) {
        qq->key.word = key ? QUIZ_W_HIT : QUIZ_W_MISS;
        qq->key.n = 0;
    } else {
        qq->key.word = QUIZ_W_NONE;
        qq->key.n = 1;
        qq->key.v[0] = key;
    }
    return qq;
}

void quiz_own_note(struct quiz_question *qq, const struct note *n)
{
    quiz_explain(qq, "%s", n->what);
    if (n->why[0])
        quiz_explain(qq, "%s", n->why);
}
