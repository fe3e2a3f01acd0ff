/* quiz_impl.h: what quiz.c asks of each kind (quiz_translate.c, ...).
 *
 * Each kind's file defines one const struct quiz_kind_def, quiz_def_NAME,
 * listed in quiz_kinds.c. quiz.c reads the command line by the def's table
 * (the value of row k, or its default, is val[k]), then calls make; the
 * kind fills q->u, q->seed and q->q/q->nq. Nothing else of quiz.c knows a
 * kind.
 */
#ifndef MT_QUIZ_IMPL_H
#define MT_QUIZ_IMPL_H

#include <string.h>

#include "opt.h"
#include "pyrand.h"
#include "quiz.h"

struct quiz_kind_def {
    const char *name;            /* "translate" */
    const char *aliases[4];      /* Other names quiz_kind_from_name takes; NULL ends. */
    const char *script;          /* OSTEP's script, or NULL for memtrack's own kinds. */
    const char *summary;         /* One line for --help. */
    const struct opt *flags;     /* The flags (opt.h rows, key = the row's index; set is
                                    quiz.c's, which any row may name as NULL), NULL name ends. */
    const char *const *defaults; /* defaults[k]: row k's value when not given (the
                                   script's default, as it would print it). A row
                                   without a value (a switch, arg NULL) ignores its
                                   default: its val[k] is "1" when given, else NULL. */
    /* Makes the problem from val[k] (row k's text). Returns 0, or -1 with
     * why in err; on -1 quiz_make calls release and zeroes q. */
    int (*make)(struct quiz *q, const char *const *val, char *err, size_t errlen);
    /* Appends the OSTEP script's output (solve: with -c). NULL for own kinds. */
    void (*ostep)(const struct quiz *q, int solve, struct qbuf *b);
    /* Appends the state as memtrack shows it (quiz_state_text). */
    void (*state)(const struct quiz *q, struct qbuf *b);
    /* Frees what make allocated in q->u (safe on a half-made quiz). */
    void (*release)(struct quiz *q);
};

extern const struct quiz_kind_def quiz_def_translate, quiz_def_multilevel, quiz_def_segment,
    quiz_def_malloc, quiz_def_policy, quiz_def_frag, quiz_def_compact, quiz_def_tlb, quiz_def_exam;

/* quiz_defs[kind]: every kind's def, in enum quiz_kind order (quiz_kinds.c). */
extern const struct quiz_kind_def *const quiz_defs[QUIZ_NKINDS];

/* quiz_make for any def (tests make problems of a test kind): reads argv by
 * def's table and calls def->make. q->kind is the def's index in quiz_defs,
 * or QUIZ_NKINDS for a def not there. Returns and leaves as quiz_make. */
int quiz_make_def(const struct quiz_kind_def *def, int argc, char **argv, struct quiz *q, char *err,
                  size_t errlen);

/* The def among defs[0..n-1] named name, or with it among its aliases, or
 * whose OSTEP script it names ("segmentation.py", "paging-linear-translate");
 * NULL when none is. */
const struct quiz_kind_def *quiz_def_find(const struct quiz_kind_def *const *defs, size_t n,
                                          const char *name);

/* quiz_sheet_parse with the quiz line's kind looked up among defs[0..n-1]
 * (quiz_sheet_parse passes quiz_defs; tests, a test kind). */
int quiz_sheet_parse_defs(const char *text, size_t len, const struct quiz_kind_def *const *defs,
                          size_t n, struct quiz_sheet *s, char *err, size_t errlen);

/* Helpers for the kinds (quiz.c). */

/* Adds a question to q (growing q->q): step, type, the prompt (printf
 * format, cut at QUIZ_PROMPT), with key and explain empty and state OPEN.
 * Returns the new question (valid until the next quiz_add: fill it
 * first), or NULL when out of memory or q has QUIZ_MAX_QUESTIONS already
 * (err says which; q unchanged). */
struct quiz_question *quiz_add(struct quiz *q, int step, enum quiz_atype type, char *err,
                               size_t errlen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* Appends a printf line to a question's explanation (joined by '\n'; cut
 * at QUIZ_EXPLAIN with "..."). */
void quiz_explain(struct quiz_question *qq, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* OSTEP's convert(): "16k", "64K", "1m", "1g" (times 1024, 1024^2,
 * 1024^3), or a plain int, each int as Python's int(x) reads it (a sign,
 * decimal digits, leading zeros, '_' between digits); memtrack also takes
 * 0x, 0o and 0b, which the scripts refuse. Returns 0 with *out, or -1 with
 * why in err naming flag (not a size, or beyond int64). */
int quiz_size(const char *flag, const char *text, int64_t *out, char *err, size_t errlen);

/* Python's int(text) (base 10, as the scripts apply it to their string
 * flags and to the items of a list: a sign, digits, '_' between digits;
 * "010" is 10, "0x10" an error), within int64_t. Returns 0 with *out, or -1
 * with why in err naming what ("--cachesize: 'x' is not an integer", "...
 * is not an integer memtrack can hold" beyond int64). */
int quiz_int10(const char *what, const char *text, int64_t *out, char *err, size_t errlen);

/* optparse's type='int', as its _parse_num reads it: int(text, 16) after
 * 0x, int(text[2:] or "0", 2) after 0b, int(text, 8) after another leading
 * 0 (010 is 8, 0o17 is 15, 08 is refused), else int(text, 10); a sign
 * and '_' between digits as Python takes them. Returns 0 with *out, or -1
 * with why in err naming flag ("--seed: 'x' is not an integer", or "too
 * large" beyond int64). */
int quiz_int(const char *flag, const char *text, int64_t *out, char *err, size_t errlen);

/* Shared by the kinds; written in quiz_translate.c, whose three OSTEP
 * address kinds use them all. */

/* The value of flag name in q's canonical argv: the text after "--name=",
 * "" for a bare "--name" (a flag without a value, given), NULL when it is
 * not there. Points into q->argv. */
const char *quiz_arg(const struct quiz *q, const char *name);

/* Calls add(q, i, err, errlen) for i from 0 to n-1 (a kind's adding of
 * question i). Returns 0, or -1 at the first add that fails. */
int quiz_add_each(struct quiz *q, size_t n, int (*add)(struct quiz *, size_t, char *, size_t),
                  char *err, size_t errlen);

/* The virtual addresses of a quiz, as paging-linear-translate.py and
 * segmentation.py make them: when list is "-1", num (none when negative)
 * draws of int(asize * random()) from r; otherwise list's comma-separated
 * Python ints, each in 0 .. asize-1 (refused otherwise, with
 * segmentation.py's message). Returns 0 with *addrs (malloc'd, the
 * caller's to free, also on -1) and *n, or -1 with why in err (not an
 * integer, out of the space, more than QUIZ_MAX_QUESTIONS). */
int quiz_addrs(struct pyrand *r, const char *list, int64_t num, uint64_t asize, uint64_t **addrs,
               size_t *n, char *err, size_t errlen);

#endif
