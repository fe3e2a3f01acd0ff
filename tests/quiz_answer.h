/* quiz_answer.h: how the quiz's tests (test_status_quiz.c, test_layout_quiz.c)
 * answer a question the way a student does, through quiz_grade with the text
 * a student could type: right (the key), wrong (the key changed in one
 * place), revealed, or left open. Static inline, so each test binary counts
 * its own checks (test.h). */
#ifndef MT_QUIZ_ANSWER_H
#define MT_QUIZ_ANSWER_H

#include "quiz.h"
#include "test.h"

/* A wrong answer to question qq: its key changed in one place. */
static inline void quiz_wrong_value(const struct quiz_question *qq, struct quiz_value *v)
{
    *v = qq->key;
    if (v->word == QUIZ_W_HIT || v->word == QUIZ_W_MISS) {
        v->word = v->word == QUIZ_W_HIT ? QUIZ_W_MISS : QUIZ_W_HIT;
    } else if (v->word == QUIZ_W_FAULT) {
        v->word = QUIZ_W_NONE;
        v->n = qq->type == QUIZ_A_PAIR ? 2 : 1;
        v->v[0] = v->v[1] = 1;
    } else if (v->n == 0) {
        v->n = 1;
        v->v[0] = 7;
    } else {
        v->v[0] = v->v[0] == QUIZ_EMPTY ? 0 : v->v[0] + 1;
    }
}

/* Answers question i of q by how: 0 leaves it open, 1 right, 2 wrong, 3
 * revealed; checks that quiz_grade grades it so. */
static inline void quiz_answer_as(struct quiz *q, size_t i, int how)
{
    struct quiz_question *qq = &q->q[i];
    struct quiz_value v;
    char text[4096], err[256] = "";

    if (how == 0)
        return;
    if (how == 3) {
        qq->state = QUIZ_SHOWN;
        return;
    }
    if (how == 1)
        v = qq->key;
    else
        quiz_wrong_value(qq, &v);
    quiz_value_text(qq->type, &v, text, sizeof text);
    TEST_MSG(quiz_grade(q, i, text, err, sizeof err) == (how == 1), text);
}

#endif
