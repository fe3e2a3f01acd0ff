/* quiz_exam.c: SKELETON on main so that the build links while the kind is
 * written; the helper that builds it replaces this whole file. */
#include <stdio.h>

#include "quiz_impl.h"

static const struct opt flags[] = {{NULL, 0, NULL, NULL, NULL, 0}};
static const char *const defaults[] = {NULL};

static int make(struct quiz *q, const char *const *val, char *err, size_t errlen)
{
    (void)q, (void)val;
    snprintf(err, errlen, "quiz exam is not built yet");
    return -1;
}

const struct quiz_kind_def quiz_def_exam = {"exam", {"table", NULL},
                                            NULL,   "the exam table of a reference string",
                                            flags,  defaults,
                                            make,   NULL,
                                            NULL,   NULL};
