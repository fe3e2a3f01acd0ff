/* quiz_kinds.c: the table of quiz kinds, in enum quiz_kind order. */
#include "quiz_impl.h"

const struct quiz_kind_def *const quiz_defs[QUIZ_NKINDS] = {
    &quiz_def_translate, &quiz_def_multilevel, &quiz_def_segment,
    &quiz_def_malloc,    &quiz_def_policy,     &quiz_def_frag,
    &quiz_def_compact,   &quiz_def_tlb,        &quiz_def_exam,
};
