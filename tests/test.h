/* test.h: the smallest test harness that names what failed.
 *
 * TEST(expr) counts a check and, when expr is false, prints file:line and the
 * expression. TEST_DONE() prints the closing "N passed, N failed" line and
 * yields main's exit status (1 when anything failed).
 */
#ifndef MT_TEST_H
#define MT_TEST_H

#include <stdio.h>

static int test_passed, test_failed;

#define TEST(expr)                                                                                 \
    do {                                                                                           \
        if (expr) {                                                                                \
            test_passed++;                                                                         \
        } else {                                                                                   \
            test_failed++;                                                                         \
            fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #expr);                     \
        }                                                                                          \
    } while (0)

/* TEST_MSG(expr, text): as TEST, also printing text (an error buffer, say). */
#define TEST_MSG(expr, text)                                                                       \
    do {                                                                                           \
        if (expr) {                                                                                \
            test_passed++;                                                                         \
        } else {                                                                                   \
            test_failed++;                                                                         \
            fprintf(stderr, "%s:%d: FAILED: %s (%s)\n", __FILE__, __LINE__, #expr, (text));        \
        }                                                                                          \
    } while (0)

/* TEST_VALID(check, x): check(x, err, errlen) (pg_check, seg_check, ...)
 * returns 0, naming its reason when it does not. TEST_INVALID(check, x):
 * it returns -1 and says why. */
#define TEST_VALID(check, x)                                                                       \
    do {                                                                                           \
        char e_[256] = "";                                                                         \
        TEST_MSG(check((x), e_, sizeof e_) == 0, e_);                                              \
    } while (0)

#define TEST_INVALID(check, x)                                                                     \
    do {                                                                                           \
        char e_[256] = "";                                                                         \
        TEST(check((x), e_, sizeof e_) < 0);                                                       \
        TEST(e_[0] != '\0');                                                                       \
    } while (0)

#define TEST_DONE()                                                                                \
    (printf("%d passed, %d failed\n", test_passed, test_failed), test_failed ? 1 : 0)

#endif
