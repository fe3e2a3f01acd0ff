/* quiz_exam.c: the exam table of a reference string (memtrack's own kind
 * "exam", alias "table").
 *
 * A reference string of pages (-a, or -n pages drawn as paging-policy.py
 * draws them: int(maxpage * random()) each), a number of frames, empty at
 * the start, and a replacement policy. For each reference two questions:
 * hit or fault (HITMISS: hit means no fault), and the frames' pages after
 * it in frame order (LIST, "-" for an empty frame); then the faults in all.
 * The answers are what memtrack's virtual memory (vm.h) does with the
 * string as a run, so the quiz and the tracker's `refs` cannot disagree; a
 * fault takes the lowest free frame, and the victim is the policy's.
 * The same seed, --maxpage and --numrefs draw the string paging-policy.py
 * draws, and fifo, lru, opt and mru answer as it does (its CLOCK is
 * ostep-clock, its RAND random; tests/test_quiz_own.c replays its recorded
 * runs). random and ostep-clock draw from a generator of their own seeded
 * with --seed (as `vm replace random SEED` does): with -a they choose
 * OSTEP's victims, but on a drawn string OSTEP's victims come from the
 * generator that drew the string, so they differ.
 *
 * The state (struct quiz_own in quiz.h): slots = frames, policy = the
 * policy's name, items by reference: item_a the page, item_b 1 for a hit,
 * item_c the page evicted or -1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quiz_own.h"
#include "vm.h"

#define EXAM_MAX_REFS  400     /* 2 questions a reference: under QUIZ_MAX_QUESTIONS. */
#define EXAM_MAX_PAGES 1000000 /* Pages 0 .. this - 1. */
#define EXAM_PAGE      4096u   /* The page size of the memory played (not asked). */

enum { F_SEED, F_ADDRESSES, F_POLICY, F_FRAMES, F_MAXPAGE, F_NUMREFS, F_BITS };

/* Rows: name, letter, value, help (set and key are quiz.c's). */
static const struct opt flags[] = {
    {"seed", 's', "N", "the random seed", NULL, 0},
    {"addresses", 'a', "LIST",
     "the reference string: pages separated by commas (7,0,1,2);\n"
     "-1 draws --numrefs pages from 0 .. --maxpage - 1",
     NULL, 0},
    {"policy", 'p', "NAME",
     "the replacement policy: fifo, lru, opt, mru, clock,\nrandom or ostep-clock", NULL, 0},
    {"frames", 'f', "N", "frames of physical memory, 1 to 256", NULL, 0},
    {"maxpage", 'm', "N", "pages drawn are 0 .. N - 1", NULL, 0},
    {"numrefs", 'n', "N", "references drawn, 1 to 400", NULL, 0},
    {"clockbits", 'b', "N", "ostep-clock: the cap of a page's counter, as OSTEP's -b", NULL, 0},
    {NULL, 0, NULL, NULL, NULL, 0}};
static const char *const defaults[] = {"0", "-1", "fifo", "3", "5", "8", "2"};

/* How each policy picks its victim, in enum vm_policy order. */
static const char *const victim_rule[VM_NPOLICIES] = {
    "the page loaded earliest",
    "the page used least recently",
    "the page used farthest in the future (never again first; of those, the last loaded)",
    "the page used most recently",
    ("the textbook clock: the hand sweeps frames in order, clearing set reference bits, "
     "to the first clear one; a loaded page's bit starts set"),
    "a page drawn at random (Python's random() seeded with --seed)",
    "OSTEP's clock: random picks, decrementing counters, until one at 0",
};

/* Reads the reference string "7,0,1,2" into pages. Returns the count, or
 * -1 with why in err. */
static long read_list(const char *list, int64_t *pages, char *err, size_t errlen)
{
    const char *text = list;
    char buf[16];
    long n = 0;

    while (*text) {
        size_t len = strcspn(text, ",");
        if (len == 0 || len >= sizeof buf) {
            snprintf(err, errlen, "--addresses: '%.40s' is not a list of pages like 7,0,1,2", list);
            return -1;
        }
        if (n == EXAM_MAX_REFS) {
            snprintf(err, errlen, "--addresses: more than %d references", EXAM_MAX_REFS);
            return -1;
        }
        memcpy(buf, text, len);
        buf[len] = '\0';
        if (quiz_own_int("--addresses", buf, 0, EXAM_MAX_PAGES - 1, &pages[n++], err, errlen) < 0)
            return -1;
        text += len + (text[len] == ',');
    }
    if (n == 0)
        snprintf(err, errlen, "--addresses: the list is empty");
    return n ? n : -1;
}

/* Reads the flags and makes the reference string into pages (room for
 * EXAM_MAX_REFS). Returns the count, or -1 with why in err. */
static long read_problem(struct quiz *q, const char *const *val, int64_t *pages,
                         enum vm_policy *policy, int64_t *frames, int64_t *bits, char *err,
                         size_t errlen)
{
    int64_t maxpage, numrefs;
    struct pyrand r;

    if (quiz_own_seed(q, val[F_SEED], &r, err, errlen) < 0 ||
        quiz_own_int("--frames", val[F_FRAMES], 1, QUIZ_MAX_VALUES, frames, err, errlen) < 0 ||
        quiz_own_int("--maxpage", val[F_MAXPAGE], 1, EXAM_MAX_PAGES, &maxpage, err, errlen) < 0 ||
        quiz_own_int("--numrefs", val[F_NUMREFS], 1, EXAM_MAX_REFS, &numrefs, err, errlen) < 0 ||
        quiz_own_int("--clockbits", val[F_BITS], 0, VM_MAX_BITS, bits, err, errlen) < 0)
        return -1;
    if (vm_policy_parse(val[F_POLICY], policy) < 0) {
        snprintf(err, errlen,
                 "--policy: '%s' is not a policy (fifo, lru, opt, mru, clock, random, "
                 "ostep-clock)",
                 val[F_POLICY]);
        return -1;
    }
    if (strcmp(val[F_ADDRESSES], "-1") != 0)
        return read_list(val[F_ADDRESSES], pages, err, errlen);
    for (int64_t i = 0; i < numrefs; i++)
        pages[i] = (int64_t)pyrand_scaled(&r, (uint64_t)maxpage);
    return (long)numrefs;
}

/* Makes vm: frames empty, the policy, one process (P1) with every page of
 * the string. Returns 0, or -1 with why in err (vm freed). */
static int setup(struct vm *vm, const struct quiz *q, enum vm_policy policy, int64_t frames,
                 int64_t bits, const int64_t *pages, long n, char *err, size_t errlen)
{
    uint64_t seed = q->seed < 0 ? (uint64_t)(-(q->seed + 1)) + 1 : (uint64_t)q->seed;
    int64_t top = 0;
    struct note note;

    for (long i = 0; i < n; i++)
        top = pages[i] > top ? pages[i] : top;
    if (vm_init(vm, (uint64_t)frames, EXAM_PAGE, VM_SWAP_DEFAULT(frames), err, errlen) < 0)
        return -1;
    if (vm_set_policy(vm, policy, seed, (unsigned)bits, &note) < 0 ||
        vm_alloc(vm, 1, (uint64_t)(top + 1) * EXAM_PAGE, &note) < 0) {
        snprintf(err, errlen, "%s", note.what);
        vm_free(vm);
        return -1;
    }
    return 0;
}

/* Appends the model's reason for a victim to qq, without its process:
 * the string has one, so "P1 page 2" is said "page 2". */
static void explain_why(struct quiz_question *qq, const struct note *note)
{
    char why[sizeof note->why];
    const char *from = note->why;
    size_t len = 0;

    while (*from && len + 1 < sizeof why) {
        if (!strncmp(from, "P1 ", 3)) {
            from += 3;
            continue;
        }
        why[len++] = *from++;
    }
    why[len] = '\0';
    quiz_explain(qq, "%s%s.", why, strstr(why, "t=") ? " (t is the reference's number)" : "");
}

/* Explains step s in qq: hit or fault, and with where (a frames question)
 * the frame the page went to, the victim and the policy's reason (from the
 * model's note). A hit-or-miss question is not told where a faulting page
 * goes: that is the next question's answer. */
static void explain_step(struct quiz_question *qq, const struct vm_step *s, const struct note *note,
                         int where)
{
    if (s->hit)
        quiz_explain(qq, "Page %u is in frame %u already: a hit; no frame changes.", s->page,
                     s->frame);
    else if (!where)
        quiz_explain(qq, "Page %u is in no frame: a page fault.", s->page);
    else if (!s->victim_pid)
        quiz_explain(qq,
                     "Page %u is in no frame: a page fault; frame %u is the lowest free "
                     "frame, so page %u goes there.",
                     s->page, s->frame, s->page);
    else
        quiz_explain(qq,
                     "Page %u is in no frame: a page fault; no frame is free, so the policy "
                     "picks a victim: page %u leaves frame %u for page %u.",
                     s->page, s->victim_page, s->frame, s->page);
    if (where && s->victim_pid)
        explain_why(qq, note);
}

/* After a hit under a clock policy, says what the hit did to the page's
 * bit or counter (vm holds the frame after the step). */
static void explain_hit_bits(struct quiz_question *qq, const struct vm *vm, const struct vm_step *s)
{
    if (!s->hit)
        return;
    if (vm->policy == VM_CLOCK)
        quiz_explain(qq, "Clock sets its reference bit (to 1) on the hit.");
    else if (vm->policy == VM_OSTEP_CLOCK)
        quiz_explain(qq, "OSTEP's clock adds 1 to its counter on the hit, to at most %u: now %u.",
                     vm->bits, (unsigned)vm->frames[s->frame].ref);
}

/* Asks reference i's two questions from the step vm just played. Returns
 * 0, or -1 with why in err. */
static int ask_step(struct quiz *q, const struct vm *vm, long i, const struct vm_step *s,
                    const struct note *note, char *err, size_t errlen)
{
    struct quiz_question *qq;
    char now[QUIZ_VALUE_TEXT];

    qq = quiz_own_ask(q, (int)i, QUIZ_A_HITMISS, s->hit, err, errlen,
                      "Reference %ld: page %u: hit or miss (a page fault)?", i + 1, s->page);
    if (!qq)
        return -1;
    explain_step(qq, s, note, 0);
    explain_hit_bits(qq, vm, s);
    qq = quiz_add(q, (int)i, QUIZ_A_LIST, err, errlen,
                  "Reference %ld: the pages in frames 0-%u after it, in frame order (- for an "
                  "empty frame)?",
                  i + 1, vm->nframes - 1);
    if (!qq)
        return -1;
    qq->key.n = vm->nframes;
    for (uint32_t f = 0; f < vm->nframes; f++)
        qq->key.v[f] = vm->frames[f].pid ? (int64_t)vm->frames[f].page : QUIZ_EMPTY;
    explain_step(qq, s, note, 1);
    explain_hit_bits(qq, vm, s);
    quiz_explain(qq, "Frames 0-%u now: %s.", vm->nframes - 1,
                 quiz_value_text(QUIZ_A_LIST, &qq->key, now, sizeof now));
    return 0;
}

/* Plays the string and asks its questions. Returns 0, or -1 with err. */
static int play(struct quiz *q, struct vm *vm, const int64_t *pages, long n, char *err,
                size_t errlen)
{
    struct vm_ref *refs = calloc((size_t)n, sizeof *refs);
    struct quiz_own *o = &q->u.own;
    struct quiz_question *qq;
    struct vm_step s;
    struct note note;
    int rc = -1;

    if (!refs) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (long i = 0; i < n; i++)
        refs[i] = (struct vm_ref){(uint64_t)pages[i] * EXAM_PAGE, 1, 0, 0};
    if (vm_run_begin(vm, refs, (size_t)n, err, errlen) < 0)
        goto out_free;
    for (long i = 0; i < n; i++) {
        if (vm_run_step(vm, &s, &note) < 0) {
            snprintf(err, errlen, "reference %ld: %s", i + 1, note.what);
            goto out_end;
        }
        o->item_a[i] = pages[i];
        o->item_b[i] = s.hit;
        o->item_c[i] = s.victim_pid ? (int64_t)s.victim_page : -1;
        if (ask_step(q, vm, i, &s, &note, err, errlen) < 0)
            goto out_end;
    }
    qq = quiz_own_ask(q, (int)n, QUIZ_A_NUMBER, (int64_t)vm->total.faults, err, errlen,
                      "Page faults in all, of the %ld references?", n);
    if (!qq)
        goto out_end;
    quiz_explain(qq, "%llu fault%s and %llu hit%s: %llu reference%s.",
                 (unsigned long long)vm->total.faults, vm->total.faults == 1 ? "" : "s",
                 (unsigned long long)vm->total.hits, vm->total.hits == 1 ? "" : "s",
                 (unsigned long long)vm->total.accesses, vm->total.accesses == 1 ? "" : "s");
    rc = 0;
out_end:
    vm_run_end(vm);
out_free:
    free(refs);
    return rc;
}

static int make(struct quiz *q, const char *const *val, char *err, size_t errlen)
{
    int64_t pages[EXAM_MAX_REFS], frames, bits;
    enum vm_policy policy;
    struct vm vm;
    long n = read_problem(q, val, pages, &policy, &frames, &bits, err, errlen);
    int rc;

    if (n < 0 || quiz_own_items(q, (size_t)n, err, errlen) < 0)
        return -1;
    q->u.own.slots = (unsigned)frames;
    snprintf(q->u.own.policy, sizeof q->u.own.policy, "%s", vm_policy_name(policy));
    if (setup(&vm, q, policy, frames, bits, pages, n, err, errlen) < 0)
        return -1;
    rc = play(q, &vm, pages, n, err, errlen);
    vm_free(&vm);
    return rc;
}

static void state(const struct quiz *q, struct qbuf *b)
{
    const struct quiz_own *o = &q->u.own;
    enum vm_policy p = VM_FIFO;

    vm_policy_parse(o->policy, &p);
    qbuf_printf(b, "The exam table: %u frame%s, empty at the start; policy %s.\n", o->slots,
                o->slots == 1 ? "" : "s", o->policy);
    qbuf_printf(b, "A fault takes the lowest free frame; with none free, the victim is %s.\n",
                victim_rule[p]);
    qbuf_printf(b, "Reference string (%zu pages):", o->nitems);
    for (size_t i = 0; i < o->nitems; i++)
        qbuf_printf(b, " %lld", (long long)o->item_a[i]);
    qbuf_printf(b, "\nFor each reference: hit or miss, then the frames' pages in frame order "
                   "(frame 0 first, - for an empty frame).\n");
}

const struct quiz_kind_def quiz_def_exam = {
    "exam", {"table", NULL}, NULL, "the exam table of a reference string",
    flags,  defaults,        make, NULL,
    state,  quiz_own_release};
