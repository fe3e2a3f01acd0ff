/* quiz_compact.c: where compaction moves each segment (memtrack's own kind
 * "compact", alias "compaction").
 *
 * A segment memory of --memory bytes holds --segments segments (1 to 5,
 * ids 0 .. n-1 named code, data, heap, stack, bss) with holes between
 * them. Compaction slides every segment down, in address order, to close
 * the holes. Questions: each segment's base after compaction (NUMBER, by
 * id), the bytes moved in all (the sizes of the segments that move), and
 * the size of the one hole left. The answers are memtrack's segment
 * memory's (segment.h): seg_compact, as the tracker's `compact` does.
 *
 * The draws (pyrand.h, seeded with --seed as random.seed): the memory is
 * cut in 64 units of memory / 64 bytes (a memory under 64 B: units of 1 B;
 * the bytes left over lie at the top); each segment in address order takes
 * int(most * random()) + 1 units, most = max(1, units / (2 * n)); each
 * unit left free goes to one of the n + 1 gaps around them by int((n + 1) *
 * random()), lowest unit first; then random.shuffle of the ids 0 .. n-1
 * gives the k-th segment in address order its id.
 *
 * The state (struct quiz_own in quiz.h): memory, slots = segments; items
 * by id: item_a the base before, item_b the limit, item_c the base after.
 */
#include <stdio.h>
#include <string.h>

#include "quiz_own.h"
#include "segment.h"

enum { F_SEED, F_SEGMENTS, F_MEMORY };

/* Rows: name, letter, value, help (set and key are quiz.c's). */
static const struct opt flags[] = {
    {"seed", 's', "N", "the random seed", NULL, 0},
    {"segments", 'n', "N", "segments, 1 to 5", NULL, 0},
    {"memory", 'M', "SIZE", "bytes of segment memory, 16 to 1g", NULL, 0},
    {NULL, 0, NULL, NULL, NULL, 0}};
static const char *const defaults[] = {"0", "4", "1k"};

/* Segment names by id. */
static const char *const names[SEG_MAX] = {"code", "data", "heap", "stack", "bss"};

/* Draws the layout of n segments into sm (empty, of its size): bases and
 * limits by the draws above, ids shuffled. */
static void draw_layout(struct segmem *sm, int n, struct pyrand *r)
{
    uint64_t unit = sm->size >= 64 ? sm->size / 64 : 1, units = sm->size / unit;
    uint64_t most = units / (2 * (uint64_t)n) ? units / (2 * (uint64_t)n) : 1;
    uint64_t size[SEG_MAX], gap[SEG_MAX + 1] = {0}, used = 0, at;
    int ids[SEG_MAX];

    for (int k = 0; k < n; k++) {
        size[k] = pyrand_scaled(r, most) + 1;
        used += size[k];
    }
    for (uint64_t u = used; u < units; u++)
        gap[pyrand_scaled(r, (uint64_t)n + 1)]++;
    for (int k = 0; k < n; k++)
        ids[k] = k;
    pyrand_shuffle(r, ids, (size_t)n, sizeof ids[0]);
    at = gap[0] * unit;
    for (int k = 0; k < n; k++) {
        struct segment *s = &sm->seg[ids[k]];
        s->used = 1;
        snprintf(s->name, sizeof s->name, "%s", names[ids[k]]);
        s->base = at;
        s->limit = size[k] * unit;
        at += s->limit + gap[k + 1] * unit;
    }
}

const char *quiz_compact_name(int id)
{
    return id >= 0 && id < SEG_MAX ? names[id] : "?";
}

/* Explains segment id's new base: the segments below it in address order
 * (ids by address in order[0 .. nseg-1], bases before compaction). */
static void explain_base(struct quiz_question *qq, const struct segmem *sm, const int *order,
                         unsigned nseg, int id)
{
    char below[QUIZ_PROMPT] = "";
    unsigned k = 0;

    for (; order[k] != id; k++)
        note_append(below, 200, "%s%llu", k ? " + " : "",
                    (unsigned long long)sm->seg[order[k]].limit);
    quiz_explain(qq,
                 "Segments slide down in address order; '%s' is number %u of %u from the "
                 "bottom.",
                 sm->seg[id].name, k + 1, nseg);
    if (k == 0)
        quiz_explain(qq, "No segment lies below it: its new base is 0.");
    else
        quiz_explain(qq, "Below it come the sizes of the %u segment%s under it: %s.", k,
                     k == 1 ? "" : "s", below);
}

/* Compacts sm and asks the questions. Returns 0, or -1 with why in err. */
static int ask(struct quiz *q, struct segmem *sm, char *err, size_t errlen)
{
    struct quiz_own *o = &q->u.own;
    int order[SEG_MAX];
    unsigned nseg = seg_by_address(sm, order);
    struct segmem before = *sm;
    struct quiz_question *qq;
    struct seg_stats st;
    struct note note;
    uint64_t moved = 0;

    seg_compact(sm, &note);
    seg_stats(sm, &st);
    for (int id = 0; id < (int)nseg; id++) {
        const struct segment *s = &sm->seg[id], *was = &before.seg[id];
        o->item_a[id] = (int64_t)was->base;
        o->item_b[id] = (int64_t)was->limit;
        o->item_c[id] = (int64_t)s->base;
        moved += s->base != was->base ? s->limit : 0;
        qq = quiz_own_ask(q, id, QUIZ_A_NUMBER, (int64_t)s->base, err, errlen,
                          "Segment %d '%s' (base %llu, %llu B): its base after compaction?", id,
                          s->name, (unsigned long long)was->base, (unsigned long long)was->limit);
        if (!qq)
            return -1;
        explain_base(qq, &before, order, nseg, id);
        quiz_explain(qq, "New base %llu (%s).", (unsigned long long)s->base,
                     s->base == was->base ? "it stays" : "it moves down");
    }
    qq = quiz_own_ask(q, (int)nseg, QUIZ_A_NUMBER, (int64_t)moved, err, errlen,
                      "Bytes moved in all (the sizes of the segments that move)?");
    if (!qq)
        return -1;
    quiz_own_note(qq, &note);
    qq = quiz_own_ask(q, (int)nseg, QUIZ_A_NUMBER, (int64_t)st.largest, err, errlen,
                      "After compaction: the size of the hole left, in bytes?");
    if (!qq)
        return -1;
    quiz_explain(qq,
                 "The segments fill bytes 0-%llu (%llu B); the hole is the rest, %llu-%llu: "
                 "%llu - %llu = %llu B.",
                 (unsigned long long)st.used - 1, (unsigned long long)st.used,
                 (unsigned long long)st.used, (unsigned long long)sm->size - 1,
                 (unsigned long long)sm->size, (unsigned long long)st.used,
                 (unsigned long long)st.largest);
    return 0;
}

static int make(struct quiz *q, const char *const *val, char *err, size_t errlen)
{
    int64_t nseg, memory;
    struct segmem sm;
    struct pyrand r;

    if (quiz_own_seed(q, val[F_SEED], &r, err, errlen) < 0 ||
        quiz_own_int("--segments", val[F_SEGMENTS], 1, SEG_MAX, &nseg, err, errlen) < 0 ||
        quiz_own_size("--memory", val[F_MEMORY], SEG_MIN_MEMORY, INT64_C(1) << 30, &memory, err,
                      errlen) < 0 ||
        seg_init(&sm, (uint64_t)memory, SEG_FIRST, err, errlen) < 0 ||
        quiz_own_items(q, (size_t)nseg, err, errlen) < 0)
        return -1;
    q->u.own.memory = (uint64_t)memory;
    q->u.own.slots = (unsigned)nseg;
    draw_layout(&sm, (int)nseg, &r);
    if (seg_check(&sm, err, errlen) < 0)
        return -1;
    return ask(q, &sm, err, errlen);
}

static void state(const struct quiz *q, struct qbuf *b)
{
    const struct quiz_own *o = &q->u.own;

    qbuf_printf(b, "Segment memory of %llu B with %zu segment%s:\n", (unsigned long long)o->memory,
                o->nitems, o->nitems == 1 ? "" : "s");
    qbuf_printf(b, "  id  name   base       limit      bytes\n");
    for (size_t id = 0; id < o->nitems; id++)
        qbuf_printf(b, "  %-3zu %-6s %-10lld %-10lld %lld-%lld\n", id, names[id],
                    (long long)o->item_a[id], (long long)o->item_b[id], (long long)o->item_a[id],
                    (long long)(o->item_a[id] + o->item_b[id] - 1));
    qbuf_printf(b, "Compaction slides every segment down, in address order, to close the holes.\n");
}

const struct quiz_kind_def quiz_def_compact = {"compact", {"compaction", NULL},
                                               NULL,      "compaction: where each segment moves",
                                               flags,     defaults,
                                               make,      NULL,
                                               state,     quiz_own_release};
