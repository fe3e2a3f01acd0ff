/* quiz_multilevel.c: SKELETON on main so that the build links while the kind is
 * written; the helper that builds it replaces this whole file. */
#include <stdio.h>

#include "quiz_impl.h"

static const struct opt flags[] = {{NULL, 0, NULL, NULL, NULL, 0}};
static const char *const defaults[] = {NULL};

static int make(struct quiz *q, const char *const *val, char *err, size_t errlen)
{
    (void)q, (void)val;
    snprintf(err, errlen, "quiz multilevel is not built yet");
    return -1;
}

const struct quiz_kind_def quiz_def_multilevel = {
    "multilevel",
    {"multi", NULL},
    "paging-multilevel-translate.py",
    "translation through a two-level page table in a memory dump (OSTEP)",
    flags,
    defaults,
    make,
    NULL,
    NULL,
    NULL};
