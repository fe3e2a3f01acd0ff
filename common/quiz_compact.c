/* quiz_compact.c: SKELETON on main so that the build links while the kind is
 * written; the helper that builds it replaces this whole file. */
#include <stdio.h>

#include "quiz_impl.h"

static const struct opt flags[] = {{NULL, 0, NULL, NULL, NULL, 0}};
static const char *const defaults[] = {NULL};

static int make(struct quiz *q, const char *const *val, char *err, size_t errlen)
{
    (void)q, (void)val;
    snprintf(err, errlen, "quiz compact is not built yet");
    return -1;
}

const struct quiz_kind_def quiz_def_compact = {"compact", {"compaction", NULL},
                                               NULL,      "compaction: where each segment moves",
                                               flags,     defaults,
                                               make,      NULL,
                                               NULL,      NULL};
