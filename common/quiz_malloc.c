/* quiz_malloc.c: the "malloc" quiz, OSTEP's vm-freespace/malloc.py.
 *
 * A heap of -S bytes at -b with a free list searched under -p (BEST, WORST,
 * FIRST), freed blocks going back by -l and merged with -C, and a run of
 * operations: random (after random.seed(SEED), each step draws random():
 * below P/100 an Alloc of int(random() * range) + 1 bytes, else a Free of a
 * live pointer drawn the same way; with none live it draws again) or the -A
 * list (+SIZE allocates, -K frees ptr[K]). For each operation two
 * questions: what it returns (Alloc: PTR, -1 when it fails; Free: NUMBER, 0
 * or -1) and the free list after it (LIST of addr size pairs in list order).
 * The heap is memtrack's freelist allocator (heap.h), which is malloc.py in
 * full (tests/test_heap_ostep.c replays every malloc.py output of
 * tests/data/ostep/malloc on it): the answers come from it.
 *
 * What malloc.py prints is kept as it is: in random mode Alloc returns the
 * pointer after the header (the block's start + -H), in -A mode the block's
 * start; -A's -K frees whatever block starts at ptr[K]'s address (so a
 * second free returns -1, or frees the block that took the address since).
 * The one change: a failed Alloc's answer is -1, where random mode prints
 * -1 + the header size (the explanation says so).
 *
 * Where memtrack refuses what the script takes (docs/quiz.md): a heap below
 * HEAP_MIN_BYTES or above HEAP_MAX_BYTES, a header as large as the heap, an
 * alignment that is not a power of two (the heap's limits), a base address
 * below 0 (a block at -1 would read as a failure), -P 0 or less
 * (malloc.py's assert fails), a negative range (sizes of 0 or less), no
 * operation or more than QUIZ_MAX_QUESTIONS / 2, an -A item that is not
 * +SIZE (SIZE 1 or more) or -INDEX, an -A free of the index of a failed
 * Alloc (malloc.py stops with a KeyError), a free list of more than
 * QUIZ_MAX_VALUES / 2 entries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heap.h"
#include "quiz_impl.h"

#define MALLOC_MAX_OPS (QUIZ_MAX_QUESTIONS / 2) /* Two questions an operation. */

enum {
    F_SEED,
    F_SIZE,
    F_BASE,
    F_HEADER,
    F_ALIGN,
    F_POLICY,
    F_ORDER,
    F_COALESCE,
    F_NUMOPS,
    F_RANGE,
    F_PERCENT,
    F_LIST
};

static const struct opt flags[] = {
    {"seed", 's', "SEED", "the random seed", NULL, F_SEED},
    {"size", 'S', "BYTES", "size of the heap", NULL, F_SIZE},
    {"baseAddr", 'b', "ADDR", "base address of heap", NULL, F_BASE},
    {"headerSize", 'H', "BYTES", "size of the header", NULL, F_HEADER},
    {"alignment", 'a', "BYTES", "align allocated units to size; -1->no align", NULL, F_ALIGN},
    {"policy", 'p', "POLICY", "list search (BEST, WORST, FIRST)", NULL, F_POLICY},
    {"listOrder", 'l', "ORDER",
     "list order (ADDRSORT, SIZESORT+, SIZESORT-, INSERT-FRONT, INSERT-BACK)", NULL, F_ORDER},
    {"coalesce", 'C', NULL, "coalesce the free list?", NULL, F_COALESCE},
    {"numOps", 'n', "N", "number of random ops to generate", NULL, F_NUMOPS},
    {"range", 'r', "BYTES", "max alloc size", NULL, F_RANGE},
    {"percentAlloc", 'P', "PERCENT", "percent of ops that are allocs", NULL, F_PERCENT},
    {"allocList", 'A', "OPS", "instead of random, list of ops (+10,-0,etc)", NULL, F_LIST},
    {NULL, 0, NULL, NULL, NULL, 0}};
static const char *const defaults[] = {"0",        "100", "1000", "0",  "-1", "BEST",
                                       "ADDRSORT", NULL,  "10",   "10", "50", ""};

/* malloc.py's names of heap.h's fits and orders, in enum order, and what
 * each does, for the explanations. */
static const char *const fits[] = {"FIRST", "BEST", "WORST"};
static const char *const fit_rule[] = {"takes the first entry that fits",
                                       "takes the smallest entry that fits (the first of equals)",
                                       "takes the largest entry (the first of equals)"};
static const char *const orders[] = {"ADDRSORT", "SIZESORT+", "SIZESORT-", "INSERT-FRONT",
                                     "INSERT-BACK"};
static const char *const order_rule[] = {
    "appended and the list sorted by address",
    "appended and the list sorted by size, smallest first (stable)",
    "appended and the list sorted by size, largest first (stable)", "put at the front",
    "put at the back"};

/* "s" after a count of n, but for 1. */
static const char *plural(uint64_t n)
{
    return n == 1 ? "" : "s";
}

static int lookup(const char *const *names, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

/* The settings, read and checked. */
struct settings {
    int64_t seed, size, base, header, align, nops, range, pct;
    int fit, order, coalesce;
};

/* Reads the numbers of val into *s. Returns 0, or -1 with why in err. */
static int read_numbers(const char *const *val, struct settings *s, char *err, size_t errlen)
{
    static const int rows[] = {F_SEED,  F_SIZE,   F_BASE,  F_HEADER,
                               F_ALIGN, F_NUMOPS, F_RANGE, F_PERCENT};
    int64_t *out[] = {&s->seed,  &s->size, &s->base,  &s->header,
                      &s->align, &s->nops, &s->range, &s->pct};

    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        char flag[24];

        snprintf(flag, sizeof flag, "--%s", flags[rows[i]].name);
        if (quiz_int(flag, val[rows[i]], out[i], err, errlen) < 0)
            return -1;
    }
    return 0;
}

/* Reads and checks val into *s. Returns 0, or -1 with why in err. */
static int read_settings(const char *const *val, struct settings *s, char *err, size_t errlen)
{
    if (read_numbers(val, s, err, errlen) < 0)
        return -1;
    s->fit = lookup(fits, 3, val[F_POLICY]);
    s->order = lookup(orders, 5, val[F_ORDER]);
    s->coalesce = val[F_COALESCE] != NULL;
    if (s->fit < 0)
        snprintf(err, errlen, "--policy: '%s' is not BEST, WORST or FIRST", val[F_POLICY]);
    else if (s->order < 0)
        snprintf(err, errlen,
                 "--listOrder: '%s' is not ADDRSORT, SIZESORT+, SIZESORT-, INSERT-FRONT or "
                 "INSERT-BACK",
                 val[F_ORDER]);
    else if (s->size < HEAP_MIN_BYTES || (uint64_t)s->size > HEAP_MAX_BYTES)
        snprintf(err, errlen, "--size: %lld bytes: memtrack's heap takes %u to %llu",
                 (long long)s->size, HEAP_MIN_BYTES, (unsigned long long)HEAP_MAX_BYTES);
    else if (s->header < 0 || s->header >= s->size)
        snprintf(err, errlen, "--headerSize: %lld: give 0 to the heap's size - 1",
                 (long long)s->header);
    else if (s->align != -1 && (s->align < 1 || (s->align & (s->align - 1)) || s->align > s->size))
        snprintf(err, errlen, "--alignment: %lld: give -1 (none) or a power of two up to the heap",
                 (long long)s->align);
    else if (s->base < 0 || s->base > (INT64_C(1) << 60))
        snprintf(err, errlen,
                 "--baseAddr: %lld: give 0 to 2^60 (below 0, an address could read as "
                 "malloc.py's -1 for a failure)",
                 (long long)s->base);
    else if (s->pct <= 0)
        snprintf(err, errlen, "--percentAlloc: %lld: malloc.py needs more than 0",
                 (long long)s->pct);
    else if (s->range < 0)
        snprintf(err, errlen, "--range: %lld: give 0 or more (sizes are int(random() * range) + 1)",
                 (long long)s->range);
    else if (!val[F_LIST][0] && (s->nops < 1 || s->nops > MALLOC_MAX_OPS))
        snprintf(err, errlen, "--numOps: %lld: a quiz takes 1 to %d operations", (long long)s->nops,
                 MALLOC_MAX_OPS);
    else
        return 0;
    return -1;
}

/* The run being made: the heap and malloc.py's pointers. */
struct run {
    struct heap h;
    const struct settings *s;
    int list_mode; /* -A. */
    int64_t *addr; /* addr[c]: ptr[c]'s block start (heap address), -1 when it failed. */
    size_t nptr;   /* Allocs made (c). */
    size_t nok;    /* Of them, successful (len(p)). */
    size_t *live;  /* Random mode: the live indexes, in allocation order (L). */
    size_t nlive;
    struct quiz_mop first;           /* The free list before the first operation: */
    uint64_t first_addr, first_size; /* one entry, the whole heap. */
    char *err;
    size_t errlen;
};

/* Writes entries [from, to) of a free list as malloc.py dumps them:
 * "[ addr:1000 sz:12 ][ addr:1024 sz:76 ]" (cut to fit len). */
static void list_text(const uint64_t *addr, const uint64_t *size, size_t from, size_t to, char *buf,
                      size_t len)
{
    size_t at = 0;

    buf[0] = '\0';
    for (size_t i = from; i < to && at < len; i++)
        at += (size_t)snprintf(buf + at, len - at, "[ addr:%lld sz:%llu ]", (long long)addr[i],
                               (unsigned long long)size[i]);
}

/* Copies the heap's free list (at base) into op. Returns 0, or -1. */
static int snapshot(struct run *r, struct quiz_mop *op)
{
    size_t n = r->h.nlist;

    if (2 * n > QUIZ_MAX_VALUES) {
        snprintf(r->err, r->errlen, "the free list has %zu entries: a quiz answer holds %d", n,
                 QUIZ_MAX_VALUES / 2);
        return -1;
    }
    op->free_addr = malloc((n ? n : 1) * sizeof *op->free_addr);
    op->free_size = malloc((n ? n : 1) * sizeof *op->free_size);
    if (!op->free_addr || !op->free_size) {
        snprintf(r->err, r->errlen, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        op->free_addr[i] = r->h.list[i].addr + (uint64_t)r->s->base;
        op->free_size[i] = r->h.list[i].size;
    }
    op->nfree = n;
    return 0;
}

/* Adds the question on op's free list after it, with `why` as its first
 * explanation line. Returns 0, or -1. */
static int ask_list(struct quiz *q, struct run *r, size_t i, const char *what, const char *why)
{
    const struct quiz_mop *op = &q->u.ma.ops[i];
    struct quiz_question *qq = quiz_add(q, (int)i, QUIZ_A_LIST, r->err, r->errlen,
                                        "%s: the free list after it (addr size pairs, in list "
                                        "order)?",
                                        what);
    char text[QUIZ_EXPLAIN];

    if (!qq)
        return -1;
    for (size_t k = 0; k < op->nfree; k++) {
        qq->key.v[2 * k] = (int64_t)op->free_addr[k];
        qq->key.v[2 * k + 1] = (int64_t)op->free_size[k];
    }
    qq->key.n = 2 * op->nfree;
    list_text(op->free_addr, op->free_size, 0, op->nfree, text, sizeof text);
    quiz_explain(qq, "%s", why);
    quiz_explain(qq, "Free list after: %s", op->nfree ? text : "empty");
    return 0;
}

/* The free list before operation i: the one after i - 1, or the first. */
static const struct quiz_mop *before(const struct quiz *q, const struct run *r, size_t i)
{
    return i ? &q->u.ma.ops[i - 1] : &r->first;
}

/* Explains Alloc i's search: what it needs, the entries it looked at. */
static void explain_search(struct quiz_question *qq, const struct quiz *q, const struct run *r,
                           size_t i, uint64_t need)
{
    const struct quiz_mop *op = &q->u.ma.ops[i], *pre = before(q, r, i);
    const struct settings *s = r->s;
    char line[QUIZ_EXPLAIN] = "", entry[80];
    size_t at = 0;

    if (s->align > 0 && op->size % (uint64_t)s->align)
        at +=
            (size_t)snprintf(line, sizeof line, ", rounded up to the alignment of %lld: %llu",
                             (long long)s->align, (unsigned long long)(need - (uint64_t)s->header));
    if (s->header > 0)
        snprintf(line + at, sizeof line - at, ", plus the %lld-byte header", (long long)s->header);
    if (line[0])
        quiz_explain(qq, "Alloc(%llu): %llu byte%s%s: %llu byte%s to find.",
                     (unsigned long long)op->size, (unsigned long long)op->size, plural(op->size),
                     line, (unsigned long long)need, plural(need));
    else
        quiz_explain(qq, "Alloc(%llu): %llu byte%s to find.", (unsigned long long)op->size,
                     (unsigned long long)need, plural(need));
    at = 0, line[0] = '\0';
    for (size_t k = 0; k < op->searched && k < pre->nfree && at < sizeof line; k++) {
        list_text(pre->free_addr, pre->free_size, k, k + 1, entry, sizeof entry);
        at += (size_t)snprintf(line + at, sizeof line - at, "%s%s %s", k ? ", " : "", entry,
                               pre->free_size[k] >= need ? "fits" : "too small");
    }
    quiz_explain(qq, "%s %s, looking at %u entr%s: %s.", fits[s->fit], fit_rule[s->fit],
                 op->searched, op->searched == 1 ? "y" : "ies", op->searched ? line : "none");
}

/* Alloc i's two questions. */
static int ask_alloc(struct quiz *q, struct run *r, size_t i, uint64_t need)
{
    const struct quiz_mop *op = &q->u.ma.ops[i];
    const int64_t header = r->list_mode ? 0 : r->s->header;
    char what[64], why[QUIZ_EXPLAIN / 2] = "It failed: the list is unchanged.";
    struct quiz_question *qq;

    snprintf(what, sizeof what, "ptr[%d] = Alloc(%llu)", op->index, (unsigned long long)op->size);
    qq = quiz_add(q, (int)i, QUIZ_A_PTR, r->err, r->errlen, "%s: the address returned%s, or -1?",
                  what,
                  header                         ? " (the pointer after the header)"
                  : r->list_mode && r->s->header ? " (-A: the block's start, header included)"
                                                 : "");
    if (!qq)
        return -1;
    qq->key.n = 1, qq->key.v[0] = op->ret < 0 ? -1 : op->ret + header;
    explain_search(qq, q, r, i, need);
    if (op->ret < 0)
        quiz_explain(qq, "No entry has %llu byte%s: it fails and returns -1%s.",
                     (unsigned long long)need, plural(need),
                     header ? " (malloc.py prints -1 plus the header size)" : "");
    else
        quiz_explain(qq, "The block is %lld .. %lld; it returns %lld%s.", (long long)op->ret,
                     (long long)(op->ret + (int64_t)need - 1), (long long)(op->ret + header),
                     header                         ? ", the pointer after the header"
                     : r->list_mode && r->s->header ? ", the block's start (malloc.py's -A mode)"
                                                    : "");
    if (op->ret >= 0) {
        const struct quiz_mop *pre = before(q, r, i);
        size_t k = 0;

        while (k < pre->nfree && (int64_t)pre->free_addr[k] != op->ret)
            k++;
        if (k < pre->nfree && pre->free_size[k] == need)
            snprintf(why, sizeof why,
                     "The entry [ addr:%lld sz:%llu ] fits exactly and leaves "
                     "the list.",
                     (long long)op->ret, (unsigned long long)need);
        else if (k < pre->nfree)
            snprintf(why, sizeof why,
                     "The entry [ addr:%lld sz:%llu ] gives its first %llu "
                     "byte%s and stays as [ addr:%lld sz:%llu ].",
                     (long long)op->ret, (unsigned long long)pre->free_size[k],
                     (unsigned long long)need, plural(need), (long long)(op->ret + (int64_t)need),
                     (unsigned long long)(pre->free_size[k] - need));
    }
    return ask_list(q, r, i, what, why);
}

/* Appends an operation to q (its free list after it taken from the heap).
 * Returns it, or NULL. */
static struct quiz_mop *add_op(struct quiz *q, struct run *r, int alloc, int index)
{
    struct quiz_mop *op = &q->u.ma.ops[q->u.ma.nops++];

    op->alloc = alloc, op->index = index;
    return snapshot(r, op) < 0 ? NULL : op;
}

/* Allocates ptr[c] of size bytes and asks about it. Returns 0, or -1. */
static int do_alloc(struct quiz *q, struct run *r, uint64_t size)
{
    const int64_t align = r->s->align > 0 ? r->s->align : 1;
    const uint64_t need =
        (size + (uint64_t)align - 1) / (uint64_t)align * (uint64_t)align + (uint64_t)r->s->header;
    char name[24];
    size_t c = r->nptr++;
    struct quiz_mop *op;
    int rc;

    snprintf(name, sizeof name, "p%zu", c);
    rc = heap_malloc(&r->h, name, size, NULL, NULL);
    r->addr[c] = rc == 0 ? (int64_t)r->h.last.addr : -1;
    r->nok += rc == 0;
    if (rc == 0 && !r->list_mode)
        r->live[r->nlive++] = c;
    op = add_op(q, r, 1, (int)c);
    if (!op)
        return -1;
    op->size = size, op->searched = (unsigned)r->h.last.st.searched;
    op->ret = rc == 0 ? r->addr[c] + r->s->base : -1;
    return ask_alloc(q, r, q->u.ma.nops - 1, need);
}

/* Free i's two questions: block names the block freed ("" none), span its
 * bytes, merges the coalescing's. */
static int ask_free(struct quiz *q, struct run *r, size_t i, const char *block, uint64_t span,
                    unsigned merges)
{
    const struct quiz_mop *op = &q->u.ma.ops[i];
    const long long at = (long long)(r->addr[op->index] + r->s->base);
    char what[64], why[QUIZ_EXPLAIN / 2] = "Nothing was freed: the list is unchanged.";
    struct quiz_question *qq;

    snprintf(what, sizeof what, "Free(ptr[%d])", op->index);
    qq = quiz_add(q, (int)i, QUIZ_A_NUMBER, r->err, r->errlen, "%s: returned 0 or -1?", what);
    if (!qq)
        return -1;
    qq->key.n = 1, qq->key.v[0] = op->ret;
    if (op->ret < 0)
        quiz_explain(qq,
                     "No block starts at ptr[%d]'s address %lld any more (it was freed): free "
                     "returns -1 and changes nothing.",
                     op->index, at);
    else if (atoi(block + 1) != op->index)
        quiz_explain(qq,
                     "ptr[%d]'s address %lld is now the start of ptr[%s]'s block (%llu "
                     "bytes): malloc.py frees whatever block starts there, and returns 0.",
                     op->index, at, block + 1, (unsigned long long)span);
    else
        quiz_explain(qq,
                     "ptr[%d] is the block at %lld of %llu byte%s (header included): free "
                     "returns 0.",
                     op->index, at, (unsigned long long)span, plural(span));
    if (op->ret == 0 && r->s->coalesce)
        snprintf(why, sizeof why,
                 "The %llu byte%s at %lld %s %s; then coalescing merges each "
                 "entry with the one before it in the list when their addresses touch: %u "
                 "merge%s.",
                 (unsigned long long)span, plural(span), at, span == 1 ? "is" : "are",
                 order_rule[r->s->order], merges, merges == 1 ? "" : "s");
    else if (op->ret == 0)
        snprintf(why, sizeof why, "The %llu byte%s at %lld %s %s (no coalescing: -C is off).",
                 (unsigned long long)span, plural(span), at, span == 1 ? "is" : "are",
                 order_rule[r->s->order]);
    return ask_list(q, r, i, what, why);
}

/* Frees ptr[idx] as malloc.py does: the block that starts at its address,
 * if any. Returns 0, or -1. */
static int do_free(struct quiz *q, struct run *r, size_t idx)
{
    char name[HEAP_NAME_MAX + 1] = "";
    uint64_t span = 0;
    unsigned merges = 0;
    struct quiz_mop *op;
    int rc = -1;

    for (size_t i = 0; r->addr[idx] >= 0 && i < r->h.nblocks; i++)
        if ((int64_t)r->h.blocks[i].addr == r->addr[idx]) {
            memcpy(name, r->h.blocks[i].name, sizeof name);
            span = r->h.blocks[i].span;
            break;
        }
    if (name[0]) {
        rc = heap_free(&r->h, name, NULL);
        merges = r->h.last.st.merges;
    }
    op = add_op(q, r, 0, (int)idx);
    if (!op)
        return -1;
    op->ret = rc;
    return ask_free(q, r, q->u.ma.nops - 1, name, span, merges);
}

/* malloc.py's random mode, draw for draw. Returns 0, or -1. */
static int play_random(struct quiz *q, struct run *r)
{
    const double percent = (double)r->s->pct / 100.0;
    struct pyrand g;

    pyrand_seed_signed(&g, r->s->seed);
    for (int64_t j = 0; j < r->s->nops;) {
        if (pyrand_random(&g) < percent) {
            if (do_alloc(q, r, pyrand_scaled(&g, (uint64_t)r->s->range) + 1) < 0)
                return -1;
            j++;
        } else if (r->nlive > 0) {
            size_t d = (size_t)pyrand_scaled(&g, r->nlive), idx = r->live[d];

            memmove(r->live + d, r->live + d + 1, (r->nlive - d - 1) * sizeof *r->live);
            r->nlive--;
            if (do_free(q, r, idx) < 0)
                return -1;
            j++;
        }
    }
    return 0;
}

/* Reads an -A item ("+SIZE" or "-INDEX") as malloc.py does: the text after
 * its sign up to the next same sign, as Python's int(). Returns 0 with *v,
 * or -1 with why in r->err. */
static int list_item(struct run *r, const char *item, size_t len, int64_t *v)
{
    char text[64];
    size_t end = 1;

    while (end < len && item[end] != item[0])
        end++;
    snprintf(text, sizeof text, "%.*s", (int)(end - 1 < 63 ? end - 1 : 63), item + 1);
    if (len == 0 || (item[0] != '+' && item[0] != '-')) {
        snprintf(r->err, r->errlen, "--allocList: '%.*s' is not +SIZE or -INDEX", (int)len, item);
        return -1;
    }
    if (quiz_int10("--allocList", text, v, r->err, r->errlen) < 0)
        return -1;
    if (*v < (item[0] == '+') || (item[0] == '+' && (uint64_t)*v > HEAP_MAX_BYTES)) {
        snprintf(r->err, r->errlen, "--allocList: '%.*s': %s", (int)len, item,
                 item[0] == '+' ? "memtrack allocates 1 byte or more, up to 1 GiB"
                                : "an index is 0 or more");
        return -1;
    }
    return 0;
}

/* malloc.py's -A mode. Returns 0, or -1. */
static int play_list(struct quiz *q, struct run *r, const char *list)
{
    for (const char *item = list;; item++) {
        size_t len = strcspn(item, ",");
        int64_t v;

        if (list_item(r, item, len, &v) < 0)
            return -1;
        if (item[0] == '+' && do_alloc(q, r, (uint64_t)v) < 0)
            return -1;
        if (item[0] == '-' && (uint64_t)v >= r->nok) {
            struct quiz_mop *op = add_op(q, r, 0, v > 1000000 ? 1000000 : (int)v);

            if (!op)
                return -1;
            op->skipped = 1;
        } else if (item[0] == '-' && r->addr[v] < 0) {
            snprintf(r->err, r->errlen,
                     "--allocList: -%lld frees ptr[%lld], whose Alloc failed "
                     "(malloc.py stops there with a KeyError)",
                     (long long)v, (long long)v);
            return -1;
        } else if (item[0] == '-' && do_free(q, r, (size_t)v) < 0)
            return -1;
        item += len;
        if (!*item)
            return 0;
    }
}

/* Sets up r and q's arrays for the run: count operations at most. */
static int setup(struct quiz *q, struct run *r, const struct settings *s, size_t count)
{
    struct quiz_malloc *ma = &q->u.ma;
    struct heap_config c;

    heap_config_default(&c, HEAP_FREELIST);
    c.header = (uint64_t)s->header, c.align = s->align < 0 ? 0 : (uint64_t)s->align;
    c.fit = (enum heap_fit)s->fit, c.order = (enum heap_order)s->order, c.coalesce = s->coalesce;
    if (heap_init(&r->h, (uint64_t)s->size, &c, r->err, r->errlen) < 0)
        return -1;
    ma->size = (uint64_t)s->size, ma->base = (uint64_t)s->base, ma->header = (uint64_t)s->header;
    ma->align = s->align, ma->policy = s->fit, ma->order = s->order, ma->coalesce = s->coalesce;
    ma->ops = calloc(count, sizeof *ma->ops);
    r->addr = malloc(count * sizeof *r->addr);
    r->live = malloc(count * sizeof *r->live);
    if (!ma->ops || !r->addr || !r->live) {
        snprintf(r->err, r->errlen, "out of memory");
        return -1;
    }
    r->first_addr = (uint64_t)s->base, r->first_size = (uint64_t)s->size;
    r->first.free_addr = &r->first_addr, r->first.free_size = &r->first_size, r->first.nfree = 1;
    return 0;
}

static int make(struct quiz *q, const char *const *val, char *err, size_t errlen)
{
    struct settings s;
    struct run r = {0};
    size_t count = 1;
    int rc = -1;

    if (read_settings(val, &s, err, errlen) < 0)
        return -1;
    for (const char *c = val[F_LIST]; *c; c++)
        count += *c == ',';
    if (val[F_LIST][0] && count > MALLOC_MAX_OPS) {
        snprintf(err, errlen, "--allocList: %zu operations: a quiz takes at most %d", count,
                 MALLOC_MAX_OPS);
        return -1;
    }
    q->seed = s.seed;
    r.s = &s, r.err = err, r.errlen = errlen, r.list_mode = val[F_LIST][0] != '\0';
    if (setup(q, &r, &s, r.list_mode ? count : (size_t)s.nops) == 0)
        rc = r.list_mode ? play_list(q, &r, val[F_LIST]) : play_random(q, &r);
    if (rc == 0 && q->nq == 0) {
        snprintf(err, errlen, "--allocList: no operation to ask about (every free was skipped)");
        rc = -1;
    }
    heap_free_all(&r.h);
    free(r.addr);
    free(r.live);
    return rc;
}

static void release(struct quiz *q)
{
    struct quiz_malloc *ma = &q->u.ma;

    for (size_t i = 0; ma->ops && i < ma->nops; i++) {
        free(ma->ops[i].free_addr);
        free(ma->ops[i].free_size);
    }
    free(ma->ops);
    ma->ops = NULL;
    ma->nops = 0;
}

/* malloc.py's output: its settings, then each operation with its answers
 * (solve) or question marks. */
static void ostep(const struct quiz *q, int solve, struct qbuf *b)
{
    static const char *const names[] = {"numOps", "range", "percentAlloc"};
    const struct quiz_malloc *ma = &q->u.ma;
    const char *list = quiz_arg(q, "allocList");
    const int list_mode = list && list[0];
    const int64_t shown = list_mode ? 0 : (int64_t)ma->header;

    qbuf_printf(b, "seed %lld\nsize %llu\nbaseAddr %lld\nheaderSize %llu\nalignment %lld\n",
                (long long)q->seed, (unsigned long long)ma->size, (long long)ma->base,
                (unsigned long long)ma->header, (long long)ma->align);
    qbuf_printf(b, "policy %s\nlistOrder %s\ncoalesce %s\n", fits[ma->policy], orders[ma->order],
                ma->coalesce ? "True" : "False");
    for (size_t i = 0; i < 3; i++) {
        const char *text = quiz_arg(q, names[i]);
        int64_t v = 0;
        char err[80];

        quiz_int(names[i], text ? text : "0", &v, err, sizeof err); /* make read it. */
        qbuf_printf(b, "%s %lld\n", names[i], (long long)v);
    }
    qbuf_printf(b, "allocList %s\ncompute %s\n\n", list ? list : "", solve ? "True" : "False");
    for (size_t i = 0; i < ma->nops; i++) {
        const struct quiz_mop *op = &ma->ops[i];
        char text[QUIZ_MAX_VALUES * 40];

        if (op->skipped) {
            qbuf_printf(b, "Invalid Free: Skipping\n");
            continue;
        }
        if (op->alloc)
            qbuf_printf(b, "ptr[%d] = Alloc(%llu)", op->index, (unsigned long long)op->size);
        else
            qbuf_printf(b, "Free(ptr[%d])\n", op->index);
        if (solve && op->alloc)
            qbuf_printf(b, " returned %lld (searched %u elements)\n", (long long)(op->ret + shown),
                        op->searched);
        else if (solve)
            qbuf_printf(b, "returned %lld\n", (long long)op->ret);
        else
            qbuf_printf(b, "%sreturned ?\n", op->alloc ? " " : "");
        list_text(op->free_addr, op->free_size, 0, op->nfree, text, sizeof text);
        if (solve)
            qbuf_printf(b, "Free List [ Size %zu ]: %s\n\n", op->nfree, text);
        else
            qbuf_printf(b, "List?%s\n\n", list_mode ? "" : " ");
    }
}

/* The problem as memtrack shows it: the heap's settings, its free list,
 * the operations. */
static void state(const struct quiz *q, struct qbuf *b)
{
    const struct quiz_malloc *ma = &q->u.ma;

    qbuf_printf(b, "Heap: %llu bytes at address %lld; %llu-byte headers; ",
                (unsigned long long)ma->size, (long long)ma->base, (unsigned long long)ma->header);
    if (ma->align > 0)
        qbuf_printf(b, "sizes rounded up to a multiple of %lld", (long long)ma->align);
    else
        qbuf_printf(b, "no alignment");
    qbuf_printf(b, ".\nSearch: %s (%s). A freed block is %s; coalescing %s.\n", fits[ma->policy],
                fit_rule[ma->policy], order_rule[ma->order], ma->coalesce ? "on" : "off");
    qbuf_printf(b, "Free list: [ addr:%lld sz:%llu ]\nOperations (%zu):\n", (long long)ma->base,
                (unsigned long long)ma->size, ma->nops);
    for (size_t i = 0; i < ma->nops; i++) {
        const struct quiz_mop *op = &ma->ops[i];

        if (op->skipped)
            qbuf_printf(b, "  Free(ptr[%d]): no such pointer, skipped\n", op->index);
        else if (op->alloc)
            qbuf_printf(b, "  ptr[%d] = Alloc(%llu)\n", op->index, (unsigned long long)op->size);
        else
            qbuf_printf(b, "  Free(ptr[%d])\n", op->index);
    }
}

const struct quiz_kind_def quiz_def_malloc = {
    "malloc",    {"freespace", "free", NULL},
    "malloc.py", "free-space management: a free list under a fit policy (OSTEP)",
    flags,       defaults,
    make,        ostep,
    state,       release};
