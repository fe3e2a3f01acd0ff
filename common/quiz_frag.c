/* quiz_frag.c: internal and external fragmentation (memtrack's own kind
 * "frag", alias "fragmentation").
 *
 * Two parts, either of which may be left out (-n 0, -o 0):
 *   internal  --procs processes ask for random byte counts on pages of
 *             --pagesize bytes; for each, the pages it gets and the bytes of
 *             internal fragmentation (the unused end of its last page), then
 *             the internal fragmentation of all (with 2 processes or more).
 *             The answers are memtrack's paging's (paging.h): pg_alloc,
 *             pg_find's npages, pg_internal_frag, pg_total_internal_frag.
 *   external  a segment memory of --memory bytes, empty at the start, under
 *             a fit policy, after --ops random allocs and frees of segments
 *             (named a, b, c, ... in the order they are asked for); then the
 *             free bytes, the largest hole and the external fragmentation as
 *             memtrack defines it, 1 - largest / free, in whole percent
 *             rounded to the nearest (halves up). The answers are memtrack's
 *             segment memory's (segment.h): seg_alloc, seg_release,
 *             seg_stats, as the tracker's `seg`, `segfree` and `stats` do.
 *
 * The draws (pyrand.h, seeded with --seed as random.seed): each process's
 * bytes int(maxsize * random()) + 1, in pid order; then for each operation
 * random(): below alloc / 100 an alloc, else a free (an alloc when no
 * segment is live, a free when five are: memtrack's segment memory holds
 * five); an alloc's size (int(16 * random()) + 1) * max(1, memory / 64)
 * bytes; a free's segment int(live * random()), the live ones in the order
 * they were asked for.
 *
 * The state (struct quiz_own in quiz.h): see there, under frag.
 */
#include <stdio.h>
#include <string.h>

#include "paging.h"
#include "quiz_own.h"
#include "segment.h"

#define FRAG_MAX_PROCS 100  /* Processes asked about, at most. */
#define FRAG_MAX_OPS   26   /* Segment operations, at most (letters a-z name the allocs). */
#define FRAG_MAX_PAGES 4096 /* Pages one process may ask for, at most. */

enum { F_SEED, F_PROCS, F_PAGESIZE, F_MAXSIZE, F_MEMORY, F_OPS, F_FIT, F_ALLOC };

/* Rows: name, letter, value, help (set and key are quiz.c's). */
static const struct opt flags[] = {
    {"seed", 's', "N", "the random seed", NULL, 0},
    {"procs", 'n', "N", "processes of the internal part, 0 to 100", NULL, 0},
    {"pagesize", 'P', "SIZE", "bytes a page, a power of two from 16", NULL, 0},
    {"maxsize", 'm', "SIZE", "a process asks for 1 to SIZE bytes", NULL, 0},
    {"memory", 'M', "SIZE", "bytes of segment memory, 16 to 1g", NULL, 0},
    {"ops", 'o', "N", "segment operations of the external part, 0 to 26", NULL, 0},
    {"fit", 'f', "NAME", "the fit policy: first, best, worst or next", NULL, 0},
    {"alloc", 'a', "PERCENT", "chance that an operation is an alloc", NULL, 0},
    {NULL, 0, NULL, NULL, NULL, 0}};
static const char *const defaults[] = {"0", "3", "1k", "4k", "1k", "10", "first", "60"};

/* How each fit chooses, in enum seg_fit order. */
static const char *const fit_rule[] = {
    "the lowest-addressed hole that fits",
    "the smallest hole that fits, ties to the lowest address",
    "the largest hole, ties to the lowest address",
    "first fit from where the last placement ended, wrapping around",
};

/* The flags, read. */
struct frag {
    int64_t procs, page, maxsize, memory, ops, alloc;
    enum seg_fit fit;
};

/* Reads the flags into f and seeds r. Returns 0, or -1 with why in err. */
static int read_frag(struct quiz *q, const char *const *val, struct frag *f, struct pyrand *r,
                     char *err, size_t errlen)
{
    if (quiz_own_seed(q, val[F_SEED], r, err, errlen) < 0 ||
        quiz_own_int("--procs", val[F_PROCS], 0, FRAG_MAX_PROCS, &f->procs, err, errlen) < 0 ||
        quiz_own_size("--pagesize", val[F_PAGESIZE], PG_MIN_PAGE_SIZE, INT64_C(1) << 30, &f->page,
                      err, errlen) < 0 ||
        quiz_own_size("--maxsize", val[F_MAXSIZE], 1, f->page * FRAG_MAX_PAGES, &f->maxsize, err,
                      errlen) < 0 ||
        quiz_own_size("--memory", val[F_MEMORY], SEG_MIN_MEMORY, INT64_C(1) << 30, &f->memory, err,
                      errlen) < 0 ||
        quiz_own_int("--ops", val[F_OPS], 0, FRAG_MAX_OPS, &f->ops, err, errlen) < 0 ||
        quiz_own_int("--alloc", val[F_ALLOC], 0, 100, &f->alloc, err, errlen) < 0)
        return -1;
    if (pg_log2((uint64_t)f->page) < 0) {
        snprintf(err, errlen, "--pagesize: %lld is not a power of two", (long long)f->page);
        return -1;
    }
    if (seg_fit_parse(val[F_FIT], &f->fit) < 0) {
        snprintf(err, errlen, "--fit: '%s' is not a fit (first, best, worst, next)", val[F_FIT]);
        return -1;
    }
    if (f->procs == 0 && f->ops == 0) {
        snprintf(err, errlen, "--procs and --ops are both 0: nothing to ask");
        return -1;
    }
    return 0;
}

/* Asks process i's two questions. Returns 0, or -1 with why in err. */
static int ask_process(struct quiz *q, const struct paging *pg, int i, const struct note *note,
                       char *err, size_t errlen)
{
    const struct pg_process *p = pg_find(pg, i + 1);
    uint64_t frag = pg_internal_frag(pg, p), held = (uint64_t)p->npages * pg->page_size;
    struct quiz_question *qq;

    qq = quiz_own_ask(q, i, QUIZ_A_NUMBER, p->npages, err, errlen,
                      "P%d asks for %llu B: how many pages of %llu B does it get?", i + 1,
                      (unsigned long long)p->bytes, (unsigned long long)pg->page_size);
    if (!qq)
        return -1;
    quiz_explain(qq, "Whole pages only: ceil(%llu / %llu) = %u.", (unsigned long long)p->bytes,
                 (unsigned long long)pg->page_size, p->npages);
    quiz_explain(qq, "%s.", note->what);
    qq = quiz_own_ask(q, i, QUIZ_A_NUMBER, (int64_t)frag, err, errlen,
                      "P%d: bytes of internal fragmentation (held but not asked for)?", i + 1);
    if (!qq)
        return -1;
    quiz_explain(qq,
                 "%u page%s x %llu B = %llu B held, %llu B asked: %llu - %llu = %llu B unused "
                 "at the end of its last page.",
                 p->npages, p->npages == 1 ? "" : "s", (unsigned long long)pg->page_size,
                 (unsigned long long)held, (unsigned long long)p->bytes, (unsigned long long)held,
                 (unsigned long long)p->bytes, (unsigned long long)frag);
    return 0;
}

/* The internal part: draws the processes, gives them their bytes in a
 * paging memory just large enough, asks. Returns 0, or -1 with err. */
static int internal(struct quiz *q, const struct frag *f, struct pyrand *r, char *err,
                    size_t errlen)
{
    struct quiz_own *o = &q->u.own;
    uint64_t frames = 0, page = (uint64_t)f->page;
    struct quiz_question *qq;
    struct paging pg;
    struct note note;
    char sum[QUIZ_PROMPT] = "";

    for (int i = 0; i < f->procs; i++) {
        o->item_a[i] = i + 1;
        o->item_b[i] = (int64_t)pyrand_scaled(r, (uint64_t)f->maxsize) + 1;
        frames += ((uint64_t)o->item_b[i] + page - 1) / page;
    }
    if (f->procs == 0)
        return 0;
    if (pg_init(&pg, frames, page, PG_FIRST, 0, err, errlen) < 0)
        return -1;
    for (int i = 0; i < f->procs; i++) {
        if (pg_alloc(&pg, i + 1, (uint64_t)o->item_b[i], &note) < 0) {
            snprintf(err, errlen, "%s", note.what);
            goto out_free;
        }
        if (ask_process(q, &pg, i, &note, err, errlen) < 0)
            goto out_free;
    }
    if (f->procs > 1) {
        for (int i = 0; i < f->procs; i++)
            note_append(sum, 200, "%s%llu", i ? " + " : "",
                        (unsigned long long)pg_internal_frag(&pg, pg_find(&pg, i + 1)));
        qq = quiz_own_ask(q, (int)f->procs, QUIZ_A_NUMBER, (int64_t)pg_total_internal_frag(&pg),
                          err, errlen, "All %lld processes: internal fragmentation in all (B)?",
                          (long long)f->procs);
        if (!qq)
            goto out_free;
        quiz_explain(qq, "The sum of each process's: %s = %llu B.", sum,
                     (unsigned long long)pg_total_internal_frag(&pg));
    }
    pg_free(&pg);
    return 0;
out_free:
    pg_free(&pg);
    return -1;
}

/* Plays operation k (item at of q's items) on sm: draws it, allocs or
 * frees. live[0 .. *nlive-1] are the live segments' numbers in the order
 * asked for, id_of[] their ids; *nalloc counts the allocs. */
static void play_op(struct quiz *q, size_t at, struct segmem *sm, const struct frag *f,
                    struct pyrand *r, int *live, int *nlive, int *id_of, int *nalloc)
{
    struct quiz_own *o = &q->u.own;
    uint64_t unit = f->memory >= 64 ? (uint64_t)f->memory / 64 : 1;
    int is_alloc = pyrand_random(r) * 100.0 < (double)f->alloc;
    struct note note;

    if (*nlive == 0 || *nlive == SEG_MAX)
        is_alloc = *nlive == 0;
    if (is_alloc) {
        char name[2] = {(char)('a' + *nalloc), '\0'};
        uint64_t size = (pyrand_scaled(r, 16) + 1) * unit;
        int id = seg_alloc(sm, name, size, &note);
        o->item_a[at] = *nalloc;
        o->item_b[at] = (int64_t)size;
        o->item_c[at] = id < 0 ? -1 : (int64_t)sm->seg[id].base;
        id_of[*nalloc] = id;
        if (id >= 0)
            live[(*nlive)++] = *nalloc;
        (*nalloc)++;
    } else {
        int j = (int)pyrand_scaled(r, (uint64_t)*nlive), k = live[j];
        o->item_a[at] = k;
        o->item_b[at] = -1;
        o->item_c[at] = (int64_t)sm->seg[id_of[k]].base;
        seg_release(sm, id_of[k], &note);
        memmove(&live[j], &live[j + 1], (size_t)(*nlive - j - 1) * sizeof live[0]);
        (*nlive)--;
    }
}

/* Writes sm's segments and holes in address order to buf. */
static void layout_text(const struct segmem *sm, char *buf, size_t cap)
{
    struct hole h[SEG_MAX_HOLES];
    unsigned nh = seg_holes(sm, h);
    int ids[SEG_MAX];
    unsigned ns = seg_by_address(sm, ids);

    buf[0] = '\0';
    note_append(buf, cap, "segments:");
    for (unsigned i = 0; i < ns; i++)
        note_append(buf, cap, "%s %s %llu-%llu", i ? "," : "", sm->seg[ids[i]].name,
                    (unsigned long long)sm->seg[ids[i]].base,
                    (unsigned long long)(sm->seg[ids[i]].base + sm->seg[ids[i]].limit - 1));
    note_append(buf, cap, "%s; holes:", ns ? "" : " none");
    for (unsigned i = 0; i < nh; i++)
        note_append(buf, cap, "%s %llu-%llu (%llu B)", i ? "," : "", (unsigned long long)h[i].base,
                    (unsigned long long)(h[i].base + h[i].size - 1), (unsigned long long)h[i].size);
    note_append(buf, cap, "%s.", nh ? "" : " none");
}

/* Asks the external part's three questions about sm. Returns 0, or -1. */
static int ask_external(struct quiz *q, int step, const struct segmem *sm, char *err, size_t errlen)
{
    struct quiz_question *qq;
    struct seg_stats st;
    char lay[QUIZ_EXPLAIN / 2];
    int64_t pct;

    seg_stats(sm, &st);
    pct = st.free ? (int64_t)((200 * (st.free - st.largest) + st.free) / (2 * st.free)) : 0;
    layout_text(sm, lay, sizeof lay);
    /* Each question is explained before the next is added: quiz_add may move them. */
    if (!(qq = quiz_own_ask(q, step, QUIZ_A_NUMBER, (int64_t)st.free, err, errlen,
                            "After the operations: free bytes in all?")))
        return -1;
    quiz_explain(qq, "After the operations, %s", lay);
    quiz_explain(qq, "Free: the holes' sizes added: %llu B of %llu B (%llu B in segments).",
                 (unsigned long long)st.free, (unsigned long long)sm->size,
                 (unsigned long long)st.used);
    if (!(qq = quiz_own_ask(q, step, QUIZ_A_NUMBER, (int64_t)st.largest, err, errlen,
                            "The largest hole, in bytes?")))
        return -1;
    quiz_explain(qq, "After the operations, %s", lay);
    quiz_explain(qq, "The largest of the %u hole%s: %llu B.", st.nholes, st.nholes == 1 ? "" : "s",
                 (unsigned long long)st.largest);
    if (!(qq = quiz_own_ask(q, step, QUIZ_A_NUMBER, pct, err, errlen,
                            "External fragmentation, 1 - largest / free, in whole percent (to "
                            "the nearest, halves up)?")))
        return -1;
    quiz_explain(qq, "After the operations, %s", lay);
    if (st.free)
        quiz_explain(qq, "1 - %llu / %llu = %.2f%%, to the nearest whole percent: %lld.",
                     (unsigned long long)st.largest, (unsigned long long)st.free,
                     st.ext_frag * 100.0, (long long)pct);
    else
        quiz_explain(qq, "Nothing is free: no external fragmentation, 0.");
    return 0;
}

/* The external part: plays the operations on a segment memory and asks.
 * Returns 0, or -1 with why in err. */
static int external(struct quiz *q, const struct frag *f, struct pyrand *r, char *err,
                    size_t errlen)
{
    int live[SEG_MAX], id_of[FRAG_MAX_OPS], nlive = 0, nalloc = 0;
    struct segmem sm;

    if (f->ops == 0)
        return 0;
    if (seg_init(&sm, (uint64_t)f->memory, f->fit, err, errlen) < 0)
        return -1;
    for (int64_t k = 0; k < f->ops; k++)
        play_op(q, (size_t)(f->procs + k), &sm, f, r, live, &nlive, id_of, &nalloc);
    return ask_external(q, (int)(f->procs + 1), &sm, err, errlen);
}

static int make(struct quiz *q, const char *const *val, char *err, size_t errlen)
{
    struct quiz_own *o = &q->u.own;
    struct pyrand r;
    struct frag f;

    if (read_frag(q, val, &f, &r, err, errlen) < 0 ||
        quiz_own_items(q, (size_t)(f.procs + f.ops), err, errlen) < 0)
        return -1;
    o->memory = (uint64_t)f.memory;
    o->unit = (uint64_t)f.page;
    o->slots = (unsigned)f.procs;
    snprintf(o->policy, sizeof o->policy, "%s", seg_fit_name(f.fit));
    if (internal(q, &f, &r, err, errlen) < 0)
        return -1;
    return external(q, &f, &r, err, errlen);
}

static void state(const struct quiz *q, struct qbuf *b)
{
    const struct quiz_own *o = &q->u.own;
    enum seg_fit fit = SEG_FIRST;

    if (o->slots) {
        qbuf_printf(b,
                    "Internal fragmentation: pages of %llu B; a process gets whole pages for "
                    "the bytes it asks for.\n",
                    (unsigned long long)o->unit);
        for (unsigned i = 0; i < o->slots; i++)
            qbuf_printf(b, "  P%lld asks for %lld B\n", (long long)o->item_a[i],
                        (long long)o->item_b[i]);
    }
    if (o->nitems == o->slots)
        return;
    seg_fit_parse(o->policy, &fit);
    qbuf_printf(b,
                "External fragmentation: a segment memory of %llu B, empty at the start; %s "
                "fit takes %s, a segment is carved from the hole's low end, and a free joins "
                "the holes around it.\n",
                (unsigned long long)o->memory, o->policy, fit_rule[fit]);
    qbuf_printf(b, "Operations, in order:");
    for (size_t i = o->slots; i < o->nitems; i++) {
        if (o->item_b[i] >= 0)
            qbuf_printf(b, "%s alloc %c %lld B", i > o->slots ? ";" : "",
                        (char)('a' + o->item_a[i]), (long long)o->item_b[i]);
        else
            qbuf_printf(b, "%s free %c", i > o->slots ? ";" : "", (char)('a' + o->item_a[i]));
    }
    qbuf_printf(b, ".\nAn alloc that no hole can hold fails and changes nothing.\n");
}

const struct quiz_kind_def quiz_def_frag = {"frag", {"fragmentation", NULL},
                                            NULL,   "internal and external fragmentation",
                                            flags,  defaults,
                                            make,   NULL,
                                            state,  quiz_own_release};
