/* quiz_tlb.c: TLB hits and misses of an array walk (memtrack's own kind
 * "tlb").
 *
 * OSTEP's TLB chapter (ch. 19) walks an array of ints and counts the TLB's
 * hits: the first element of each page misses, the rest of the page hits.
 * This kind makes such a walk: an array of --elements elements of
 * --elemsize bytes at --base (drawn when -1), walked from a[0] one element
 * at a time, except that with --jump percent chance an access jumps to a
 * random element instead. The TLB has --entries entries in sets of --ways
 * ways (0: fully associative), LRU within a set, empty at the start. For
 * each access: hit or miss (HITMISS); then the hits in all (NUMBER). The
 * answers are memtrack's TLB's (tlb.h): each access is tlb_lookup, and a
 * miss tlb_insert, as the tracker's TLB does.
 *
 * The draws (pyrand.h, seeded with --seed as random.seed): a drawn base
 * takes int(8 * random()) for its page, then int(page / elemsize *
 * random()) for its element in the page; then each access after the first
 * takes random() for the jump (< jump / 100 jumps) and, when it jumps,
 * int(elements * random()) for the element.
 *
 * The state (struct quiz_own in quiz.h): unit = page size, slots = entries,
 * ways, policy "LRU", base, elem, nelems; items by access: item_a the
 * element, item_b the virtual address, item_c 1 for a hit.
 */
#include <stdio.h>
#include <string.h>

#include "paging.h"
#include "quiz_own.h"
#include "tlb.h"

#define TLB_Q_MAX_ACCESSES 500                /* Accesses asked, at most. */
#define TLB_Q_MAX_ELEMS    (INT64_C(1) << 20) /* Array elements, at most. */
#define TLB_Q_MAX_BASE     (INT64_C(1) << 48) /* Highest array base. */
#define TLB_Q_MAX_PAGE     (INT64_C(1) << 30) /* Largest page. */

enum { F_SEED, F_PAGESIZE, F_ENTRIES, F_WAYS, F_ELEMS, F_ELEMSIZE, F_BASE, F_ACCESSES, F_JUMP };

/* Rows: name, letter, value, help (set and key are quiz.c's). */
static const struct opt flags[] = {
    {"seed", 's', "N", "the random seed", NULL, 0},
    {"pagesize", 'P', "SIZE", "bytes a page, a power of two from 16", NULL, 0},
    {"entries", 'e', "N", "TLB entries, 1 to 4096", NULL, 0},
    {"ways", 'w', "N", "ways a set, dividing --entries; 0: fully associative", NULL, 0},
    {"elements", 'N', "N", "elements of the array", NULL, 0},
    {"elemsize", 'E', "SIZE", "bytes an element, 1 to 4096", NULL, 0},
    {"base", 'b', "ADDR", "the array's first virtual address; -1 draws one", NULL, 0},
    {"accesses", 'n', "N", "accesses asked, 1 to 500", NULL, 0},
    {"jump", 'j', "PERCENT", "chance that an access jumps to a random element", NULL, 0},
    {NULL, 0, NULL, NULL, NULL, 0}};
static const char *const defaults[] = {"0", "16", "4", "0", "24", "4", "-1", "8", "25"};

/* The flags, read. */
struct walk {
    int64_t page, entries, ways, elems, elemsize, base, accesses, jump;
};

/* Reads the flags into w (the base drawn when -1) and seeds r. Returns 0,
 * or -1 with why in err. */
static int read_walk(struct quiz *q, const char *const *val, struct walk *w, struct pyrand *r,
                     char *err, size_t errlen)
{
    if (quiz_own_seed(q, val[F_SEED], r, err, errlen) < 0 ||
        quiz_own_size("--pagesize", val[F_PAGESIZE], 16, TLB_Q_MAX_PAGE, &w->page, err, errlen) <
            0 ||
        quiz_own_int("--entries", val[F_ENTRIES], 1, TLB_MAX_ENTRIES, &w->entries, err, errlen) <
            0 ||
        quiz_own_int("--ways", val[F_WAYS], 0, w->entries, &w->ways, err, errlen) < 0 ||
        quiz_own_size("--elements", val[F_ELEMS], 1, TLB_Q_MAX_ELEMS, &w->elems, err, errlen) < 0 ||
        quiz_own_size("--elemsize", val[F_ELEMSIZE], 1, 4096, &w->elemsize, err, errlen) < 0 ||
        (strcmp(val[F_BASE], "-1") != 0 &&
         quiz_own_size("--base", val[F_BASE], 0, TLB_Q_MAX_BASE, &w->base, err, errlen) < 0) ||
        quiz_own_int("--accesses", val[F_ACCESSES], 1, TLB_Q_MAX_ACCESSES, &w->accesses, err,
                     errlen) < 0 ||
        quiz_own_int("--jump", val[F_JUMP], 0, 100, &w->jump, err, errlen) < 0)
        return -1;
    if (pg_log2((uint64_t)w->page) < 0) {
        snprintf(err, errlen, "--pagesize: %lld is not a power of two", (long long)w->page);
        return -1;
    }
    if (w->ways == 0)
        w->ways = w->entries;
    if (strcmp(val[F_BASE], "-1") == 0) {
        uint64_t pg = pyrand_scaled(r, 8);
        uint64_t el = pyrand_scaled(r, (uint64_t)(w->page / w->elemsize));
        w->base = (int64_t)(pg * (uint64_t)w->page + el * (uint64_t)w->elemsize);
    }
    return 0;
}

/* Asks access k's question: a[i] at va, looked up (and on a miss put) in
 * t. Returns 1 for a hit, 0 for a miss, -1 with why in err. */
static int ask_access(struct quiz *q, struct tlb *t, const struct walk *w, int64_t k, int64_t i,
                      uint64_t va, char *err, size_t errlen)
{
    uint64_t vpn = va / (uint64_t)w->page;
    struct quiz_question *qq;
    struct note look, put;
    int hit = tlb_lookup(t, 1, vpn, NULL, &look);

    if (!hit && tlb_insert(t, 1, vpn, vpn, TLB_R | TLB_W, NULL, &put) < 0) {
        snprintf(err, errlen, "%s: %s", put.what, put.why);
        return -1;
    }
    qq =
        quiz_own_ask(q, (int)k, QUIZ_A_HITMISS, hit, err, errlen,
                     "Access %lld: a[%lld] at VA 0x%llx (%llu): TLB hit or miss?", (long long)k + 1,
                     (long long)i, (unsigned long long)va, (unsigned long long)va);
    if (!qq)
        return -1;
    quiz_explain(qq, "VPN = 0x%llx / %lld = %llu (offset %llu); %s.", (unsigned long long)va,
                 (long long)w->page, (unsigned long long)vpn,
                 (unsigned long long)(va % (uint64_t)w->page),
                 hit ? "the TLB holds it: a hit" : "the TLB does not hold it: a miss");
    quiz_own_note(qq, &look);
    if (!hit)
        quiz_own_note(qq, &put);
    return hit;
}

/* Walks the array and asks a question an access. Returns 0, or -1 with err. */
static int walk(struct quiz *q, struct tlb *t, const struct walk *w, struct pyrand *r, char *err,
                size_t errlen)
{
    struct quiz_own *o = &q->u.own;
    int64_t i = 0;

    for (int64_t k = 0; k < w->accesses; k++) {
        uint64_t va;
        int hit;
        if (k > 0 && pyrand_random(r) * 100.0 < (double)w->jump)
            i = (int64_t)pyrand_scaled(r, (uint64_t)w->elems);
        else if (k > 0)
            i = (i + 1) % w->elems;
        va = (uint64_t)w->base + (uint64_t)i * (uint64_t)w->elemsize;
        hit = ask_access(q, t, w, k, i, va, err, errlen);
        if (hit < 0)
            return -1;
        o->item_a[k] = i;
        o->item_b[k] = (int64_t)va;
        o->item_c[k] = hit;
    }
    return 0;
}

/* Asks the hits in all, naming the accesses that hit. Returns 0, or -1. */
static int ask_hits(struct quiz *q, const struct tlb *t, char *err, size_t errlen)
{
    const struct quiz_own *o = &q->u.own;
    struct quiz_question *qq;
    char list[QUIZ_EXPLAIN] = "";

    qq = quiz_own_ask(q, (int)o->nitems, QUIZ_A_NUMBER, (int64_t)t->c.hits, err, errlen,
                      "TLB hits in all, of the %zu accesses?", o->nitems);
    if (!qq)
        return -1;
    for (size_t k = 0; k < o->nitems; k++)
        if (o->item_c[k])
            note_append(list, 200, "%s%zu", list[0] ? ", " : "", k + 1);
    quiz_explain(qq, "%llu hit%s (%s%s) and %llu miss%s: a hit rate of %.1f%%.",
                 (unsigned long long)t->c.hits, t->c.hits == 1 ? "" : "s",
                 t->c.hits ? "accesses " : "none", list, (unsigned long long)t->c.misses,
                 t->c.misses == 1 ? "" : "es", 100.0 * tlb_hit_rate(t));
    return 0;
}

static int make(struct quiz *q, const char *const *val, char *err, size_t errlen)
{
    struct quiz_own *o = &q->u.own;
    char why[200];
    struct pyrand r;
    struct walk w;
    struct tlb t;
    int rc;

    if (read_walk(q, val, &w, &r, err, errlen) < 0)
        return -1;
    if (tlb_init(&t, (uint32_t)w.entries, (uint32_t)w.ways, 1, why, sizeof why) < 0) {
        snprintf(err, errlen, "--ways: %s", why);
        return -1;
    }
    if (quiz_own_items(q, (size_t)w.accesses, err, errlen) < 0) {
        tlb_free(&t);
        return -1;
    }
    o->unit = (uint64_t)w.page;
    o->slots = t.entries;
    o->ways = t.ways;
    snprintf(o->policy, sizeof o->policy, "LRU");
    o->base = (uint64_t)w.base;
    o->elem = (uint64_t)w.elemsize;
    o->nelems = (uint64_t)w.elems;
    rc = walk(q, &t, &w, &r, err, errlen);
    if (rc == 0)
        rc = ask_hits(q, &t, err, errlen);
    tlb_free(&t);
    return rc;
}

static void state(const struct quiz *q, struct qbuf *b)
{
    const struct quiz_own *o = &q->u.own;
    unsigned sets = o->ways ? o->slots / o->ways : 1;

    qbuf_printf(b, "TLB: %u entr%s, ", o->slots, o->slots == 1 ? "y" : "ies");
    if (sets == 1)
        qbuf_printf(b, "fully associative (1 set of %u ways)", o->ways);
    else if (o->ways == 1)
        qbuf_printf(b, "direct-mapped (%u sets of 1 way: set = VPN mod %u)", sets, sets);
    else
        qbuf_printf(b, "%u-way set associative (%u sets: set = VPN mod %u)", o->ways, sets, sets);
    qbuf_printf(b, ", LRU within a set, empty at the start.\n");
    qbuf_printf(b, "Pages of %llu B: VPN = virtual address / %llu.\n", (unsigned long long)o->unit,
                (unsigned long long)o->unit);
    qbuf_printf(b,
                "Array a of %llu elements of %llu B at VA 0x%llx (%llu): a[i] is at %llu + %llu "
                "* i.\n",
                (unsigned long long)o->nelems, (unsigned long long)o->elem,
                (unsigned long long)o->base, (unsigned long long)o->base,
                (unsigned long long)o->base, (unsigned long long)o->elem);
    qbuf_printf(b, "Accesses, in order:");
    for (size_t k = 0; k < o->nitems; k++)
        qbuf_printf(b, " a[%lld]", (long long)o->item_a[k]);
    qbuf_printf(b, "\nA miss puts the translation in the lowest invalid way of its set, or in "
                   "place of the set's least recently used entry.\n");
}

const struct quiz_kind_def quiz_def_tlb = {
    "tlb", {NULL},          NULL, "TLB hits and misses of an array walk",
    flags, defaults,        make, NULL,
    state, quiz_own_release};
