/* quiz_segment.c: SKELETON on main so that the build links while the kind is
 * written; the helper that builds it replaces this whole file. */
#include <stdio.h>

#include "quiz_impl.h"

static const struct opt flags[] = {{NULL, 0, NULL, NULL, NULL, 0}};
static const char *const defaults[] = {NULL};

static int make(struct quiz *q, const char *const *val, char *err, size_t errlen)
{
    (void)q, (void)val;
    snprintf(err, errlen, "quiz segment is not built yet");
    return -1;
}

const struct quiz_kind_def quiz_def_segment = {"segment",
                                               {"segmentation", NULL},
                                               "segmentation.py",
                                               "segmentation: two segments, base and limit (OSTEP)",
                                               flags,
                                               defaults,
                                               make,
                                               NULL,
                                               NULL,
                                               NULL};
