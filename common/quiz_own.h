/* quiz_own.h: what memtrack's own quiz kinds share (quiz_frag.c,
 * quiz_compact.c, quiz_tlb.c, quiz_exam.c): reading their flags in range,
 * the seed, the item arrays of struct quiz_own, and questions whose key is
 * one number or a word. Only those four files include it.
 */
#ifndef MT_QUIZ_OWN_H
#define MT_QUIZ_OWN_H

#include "note.h"
#include "quiz_impl.h"

/* Reads text, the value of flag ("--frames"), as an integer (quiz_int's
 * spellings) from lo to hi. Returns 0 with *out, or -1 with why in err. */
int quiz_own_int(const char *flag, const char *text, int64_t lo, int64_t hi, int64_t *out,
                 char *err, size_t errlen);

/* As quiz_own_int for a size ("16k", quiz_size's spellings). */
int quiz_own_size(const char *flag, const char *text, int64_t lo, int64_t hi, int64_t *out,
                  char *err, size_t errlen);

/* Reads the seed (--seed, any integer), sets q->seed and seeds r with it
 * as random.seed does. Returns 0, or -1 with why in err. */
int quiz_own_seed(struct quiz *q, const char *text, struct pyrand *r, char *err, size_t errlen);

/* Gives q->u.own n items (item_a, item_b, item_c zeroed). Returns 0, or -1
 * when out of memory (err says so). quiz_own_release frees them. */
int quiz_own_items(struct quiz *q, size_t n, char *err, size_t errlen);

/* Frees the items of q->u.own (safe on a half-made quiz): every own kind's
 * release. */
void quiz_own_release(struct quiz *q);

/* Adds a question of type t (NUMBER, or HITMISS with key 1 for hit and 0
 * for miss) whose key is the one number key, with the prompt's printf
 * format. Returns it, or NULL as quiz_add does (err says why). */
struct quiz_question *quiz_own_ask(struct quiz *q, int step, enum quiz_atype t, int64_t key,
                                   char *err, size_t errlen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;

/* Appends a model's note (what, then why when there is one) to qq's
 * explanation. */
void quiz_own_note(struct quiz_question *qq, const struct note *n);

#endif
