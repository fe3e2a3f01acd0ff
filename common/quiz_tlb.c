/* quiz_tlb.c: SKELETON on main so that the build links while the kind is
 * written; the helper that builds it replaces this whole file. */
#include <stdio.h>

#include "quiz_impl.h"

static const struct opt flags[] = {{NULL, 0, NULL, NULL, NULL, 0}};
static const char *const defaults[] = {NULL};

static int make(struct quiz *q, const char *const *val, char *err, size_t errlen)
{
    (void)q, (void)val;
    snprintf(err, errlen, "quiz tlb is not built yet");
    return -1;
}

const struct quiz_kind_def quiz_def_tlb = {
    "tlb", {NULL}, NULL, "TLB hits and misses of an access sequence", flags, defaults, make,
    NULL,  NULL,   NULL};
