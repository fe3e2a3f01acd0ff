/* quiz_policy.c: the "policy" quiz, OSTEP's vm-beyondphys-policy/paging-policy.py.
 *
 * A reference string (given with -a, or drawn as the script draws it: after
 * random.seed(SEED), int(maxpage * random()) per page) played through a
 * cache of -C pages under -p: for each access, hit or miss (HITMISS) and the
 * pages in memory after it (SET). The answers come from memtrack's own
 * page replacement (vm.h, checked access by access against the script's
 * outputs by tests/test_vm.c): FIFO, LRU, OPT, MRU, RAND (vm's random) and
 * CLOCK (vm's ostep-clock, OSTEP's counters and random draws), with the
 * vm's generator drawing the same random() values as the script's. UNOPT
 * (the victim is the page used NEXT) is no policy of the vm: it is played
 * here (unopt_victim), as the script does it.
 *
 * Where memtrack refuses what the script takes (docs/quiz.md): -f (a file
 * of pages: give them with -a), a policy the script does not know (it would
 * print the problem, then "Policy X is not yet implemented" with -c), a
 * cache of less than 1 page (the script fails with an IndexError, or never
 * evicts), more than QUIZ_MAX_VALUES pages of cache, no references (its
 * hit rate divides by zero), pages below 0 or above POLICY_MAX_PAGE,
 * clock bits outside 0 .. VM_MAX_BITS.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quiz_impl.h"
#include "vm.h"

#define POLICY_MAX_PAGE 16777215 /* Highest page a quiz takes (2^24 - 1). */
#define POLICY_PS       16u      /* Page size of the vm that plays it (any would do). */

/* The flags, in the script's order. */
enum {
    F_ADDRESSES,
    F_ADDRESSFILE,
    F_NUMADDRS,
    F_POLICY,
    F_CLOCKBITS,
    F_CACHESIZE,
    F_MAXPAGE,
    F_SEED,
    F_NOTRACE
};

static const struct opt flags[] = {
    {"addresses", 'a', "PAGES",
     "a set of comma-separated pages to access; -1 means randomly generate", NULL, F_ADDRESSES},
    {"addressfile", 'f', "FILE",
     "a file with a bunch of addresses in it (memtrack refuses it: give the\npages with -a)", NULL,
     F_ADDRESSFILE},
    {"numaddrs", 'n', "N", "if -a (--addresses) is -1, this is the number of addrs to generate",
     NULL, F_NUMADDRS},
    {"policy", 'p', "POLICY", "replacement policy: FIFO, LRU, OPT, UNOPT, RAND, CLOCK, MRU", NULL,
     F_POLICY},
    {"clockbits", 'b', "BITS", "for CLOCK policy, how many clock bits to use", NULL, F_CLOCKBITS},
    {"cachesize", 'C', "PAGES", "size of the page cache, in pages", NULL, F_CACHESIZE},
    {"maxpage", 'm', "N", "if randomly generating page accesses, this is the max page number", NULL,
     F_MAXPAGE},
    {"seed", 's', "SEED", "random number seed", NULL, F_SEED},
    {"notrace", 'N', NULL, "do not print out a detailed trace (the OSTEP text only)", NULL,
     F_NOTRACE},
    {NULL, 0, NULL, NULL, NULL, 0}};
static const char *const defaults[] = {"-1", "", "10", "FIFO", "2", "3", "10", "0", NULL};

/* The script's policies: name, the labels of its memory list's two ends,
 * and the vm's policy playing it (-1: UNOPT, played here). */
static const struct {
    const char *name, *left, *right, *victim;
    int vm;
} policies[] = {
    {"FIFO", "FirstIn", "Lastin ", "the first in", VM_FIFO},
    {"LRU", "LRU", "MRU", "the least recently used", VM_LRU},
    {"MRU", "LRU", "MRU", "the most recently used", VM_MRU},
    {"OPT", "Left ", "Right", "the page used furthest in the future", VM_OPT},
    {"RAND", "Left ", "Right", "a page drawn at random", VM_RANDOM},
    {"UNOPT", "Left ", "Right", "the page used soonest", -1},
    {"CLOCK", "Left ", "Right", "a page drawn at random whose counter is 0", VM_OSTEP_CLOCK},
};
#define NPOLICIES (sizeof policies / sizeof *policies)

static int policy_index(const char *name)
{
    for (size_t i = 0; i < NPOLICIES; i++)
        if (strcmp(policies[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* Writes mem[0..n-1] as Python prints a list: "[3, 0, 4]". */
static void list_text(const int64_t *mem, size_t n, char *buf, size_t len)
{
    size_t at = (size_t)snprintf(buf, len, "[");

    for (size_t i = 0; i < n && at < len; i++)
        at += (size_t)snprintf(buf + at, len - at, "%s%lld", i ? ", " : "", (long long)mem[i]);
    if (at < len)
        snprintf(buf + at, len - at, "]");
}

/* The next access at or after `from` of page, or n when none. */
static size_t next_use(const int64_t *pages, size_t n, size_t from, int64_t page)
{
    while (from < n && pages[from] != page)
        from++;
    return from;
}

/* The last access before `before` of page (its last use), or n when none. */
static size_t last_use(const int64_t *pages, size_t n, size_t before, int64_t page)
{
    while (before-- > 0)
        if (pages[before] == page)
            return before;
    return n;
}

/* UNOPT's victim, as the script finds it: the index in mem of the first
 * page whose next use after access i is the nearest ("never" counting as n). */
static size_t unopt_victim(const int64_t *mem, size_t count, const int64_t *pages, size_t n,
                           size_t i)
{
    size_t best = 0, min = n + 1;

    for (size_t k = 0; k < count; k++) {
        size_t when = next_use(pages, n, i + 1, mem[k]);
        if (when < min)
            best = k, min = when;
    }
    return best;
}

/* Sets step i's memory to mem[0..n-1] (a copy). Returns 0, or -1. */
static int set_memory(struct quiz_policy_step *st, const int64_t *mem, size_t n, char *err,
                      size_t errlen)
{
    st->mem = malloc((n ? n : 1) * sizeof *st->mem);
    if (!st->mem) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    memcpy(st->mem, mem, n * sizeof *mem);
    st->nmem = n;
    return 0;
}

/* Plays the string under UNOPT, as paging-policy.py does: a miss appends the
 * page on the right, evicting unopt_victim's when memory is full. */
static int play_unopt(struct quiz_policy *po, const int64_t *pages, char *err, size_t errlen)
{
    int64_t mem[QUIZ_MAX_VALUES];
    size_t count = 0;

    for (size_t i = 0; i < po->nrefs; i++) {
        struct quiz_policy_step *st = &po->steps[i];
        size_t k = 0;

        while (k < count && mem[k] != pages[i])
            k++;
        st->page = pages[i], st->hit = k < count, st->victim = -1;
        if (!st->hit && count > 0 && count == po->cache) {
            k = unopt_victim(mem, count, pages, po->nrefs, i);
            st->victim = mem[k];
            for (count--; k < count; k++)
                mem[k] = mem[k + 1];
        }
        if (!st->hit)
            mem[count++] = pages[i];
        if (set_memory(st, mem, count, err, errlen) < 0)
            return -1;
    }
    return 0;
}

/* Writes OSTEP CLOCK's counters of memory now ("3:2 0:1 4:0") to buf. */
static void clock_counters(const struct vm *vm, char *buf, size_t len)
{
    uint32_t order[QUIZ_MAX_VALUES];
    size_t k = vm_memory_order(vm, order), at = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < k && at < len; i++)
        at += (size_t)snprintf(buf + at, len - at, "%s%u:%u", i ? " " : "",
                               vm->frames[order[i]].page, vm->frames[order[i]].ref);
}

/* Sets up vm to play refs[0..n-1] under policy p. Returns 0, or -1. */
static int vm_setup(struct vm *vm, const struct quiz_policy *po, int p, const struct vm_ref *refs,
                    int64_t maxpage, uint64_t seed, char *err, size_t errlen)
{
    if (vm_init(vm, po->cache, POLICY_PS, 0, err, errlen) < 0)
        return -1;
    if (vm_alloc(vm, 1, (uint64_t)(maxpage + 1) * POLICY_PS, NULL) < 0 ||
        vm_set_policy(vm, (enum vm_policy)p, seed, po->clockbits, NULL) < 0 ||
        vm_run_begin(vm, refs, po->nrefs, err, errlen) < 0) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

/* Plays the string on memtrack's vm under policy p (drawn: the script drew
 * that many random() values for the pages first). why[i] gets CLOCK's
 * counters before a miss that evicts, and the draws it took. Returns 0, or -1. */
static int play_vm(struct quiz_policy *po, int p, const int64_t *pages, size_t drawn, uint64_t seed,
                   char (*why)[160], char *err, size_t errlen)
{
    struct vm vm = {0};
    struct vm_ref *refs = calloc(po->nrefs, sizeof *refs);
    int64_t maxpage = 0, mem[QUIZ_MAX_VALUES];
    int rc = -1;

    for (size_t i = 0; refs && i < po->nrefs; i++) {
        refs[i].pid = 1, refs[i].addr = (uint64_t)pages[i] * POLICY_PS;
        maxpage = pages[i] > maxpage ? pages[i] : maxpage;
    }
    if (!refs || vm_setup(&vm, po, p, refs, maxpage, seed, err, errlen) < 0)
        goto out_free;
    for (size_t i = 0; vm.rng && i < drawn; i++)
        pyrand_random(vm.rng); /* The script drew the pages first. */
    for (size_t i = 0; i < po->nrefs; i++) {
        struct quiz_policy_step *st = &po->steps[i];
        uint32_t order[QUIZ_MAX_VALUES];
        uint64_t draws = vm.draws;
        struct vm_step s;
        size_t k;

        clock_counters(&vm, why[i], sizeof why[i]);
        if (vm_run_step(&vm, &s, NULL) < 0) {
            snprintf(err, errlen, "access %zu refused by the model", i + 1);
            goto out_free;
        }
        if (p == VM_OSTEP_CLOCK && s.victim_pid)
            snprintf(why[i] + strlen(why[i]), sizeof why[i] - strlen(why[i]), ";%llu",
                     (unsigned long long)(vm.draws - draws));
        st->page = pages[i], st->hit = s.hit;
        st->victim = s.victim_pid ? (int64_t)s.victim_page : -1;
        k = vm_memory_order(&vm, order);
        for (size_t j = 0; j < k; j++)
            mem[j] = vm.frames[order[j]].page;
        if (set_memory(st, mem, k, err, errlen) < 0)
            goto out_free;
    }
    rc = 0;
out_free:
    vm_free(&vm);
    free(refs);
    return rc;
}

/* When the page at step i's victim was last loaded (its last miss before i). */
static size_t loaded_at(const struct quiz_policy *po, size_t i, int64_t page)
{
    size_t j = i;

    while (j-- > 0)
        if (po->steps[j].page == page && !po->steps[j].hit)
            return j;
    return i;
}

/* Writes why policy p chose step i's victim, after "replaces page V" (why:
 * CLOCK's "counters;draws"). */
static void victim_reason(const struct quiz_policy *po, int p, const int64_t *pages, size_t i,
                          const char *why, char *buf, size_t len)
{
    const struct quiz_policy_step *st = &po->steps[i], *prev = &po->steps[i - 1];
    size_t n = po->nrefs, next = next_use(pages, n, i + 1, st->victim), k = 0;
    const char *draws = strchr(why, ';');

    size_t never = 0;

    for (size_t j = 0; j < prev->nmem; j++)
        never += next_use(pages, n, i + 1, prev->mem[j]) == n;
    while (k < prev->nmem && prev->mem[k] != st->victim)
        k++;
    if (policies[p].vm == VM_FIFO)
        snprintf(buf, len, "loaded at access %zu", loaded_at(po, i, st->victim) + 1);
    else if (policies[p].vm == VM_LRU || policies[p].vm == VM_MRU)
        snprintf(buf, len, "last used at access %zu", last_use(pages, n, i, st->victim) + 1);
    else if (policies[p].vm == VM_RANDOM)
        snprintf(buf, len, "int(random() * %zu) = %zu: memory[%zu]", prev->nmem, k, k);
    else if (policies[p].vm == VM_OSTEP_CLOCK)
        snprintf(buf, len,
                 "%s random draw%s of memory[int(random() * %zu)], each counter above 0 "
                 "counted down; counters (page:count) before: %.*s",
                 draws ? draws + 1 : "?", draws && strcmp(draws + 1, "1") == 0 ? "" : "s",
                 prev->nmem, (int)(draws ? draws - why : 0), why);
    else if (next < n)
        snprintf(buf, len, "next used at access %zu", next + 1);
    else
        snprintf(buf, len, "never used again%s",
                 policies[p].vm == VM_OPT && never > 1
                     ? "; of the pages never used again the script takes the rightmost"
                     : "");
}

/* Adds access i's two questions: hit or miss, and memory after it. */
static int add_step(struct quiz *q, int p, const int64_t *pages, size_t i, const char *why,
                    char *err, size_t errlen)
{
    const struct quiz_policy *po = &q->u.po;
    const struct quiz_policy_step *st = &po->steps[i];
    char before[QUIZ_EXPLAIN / 2], after[QUIZ_EXPLAIN / 2], reason[QUIZ_EXPLAIN / 2];
    struct quiz_question *qq;

    list_text(i ? po->steps[i - 1].mem : NULL, i ? po->steps[i - 1].nmem : 0, before,
              sizeof before);
    list_text(st->mem, st->nmem, after, sizeof after);
    qq = quiz_add(q, (int)i, QUIZ_A_HITMISS, err, errlen, "Access %zu, page %lld: hit or miss?",
                  i + 1, (long long)st->page);
    if (!qq)
        return -1;
    qq->key.word = st->hit ? QUIZ_W_HIT : QUIZ_W_MISS;
    quiz_explain(qq, "Page %lld is %sin memory %s: a %s.", (long long)st->page,
                 st->hit ? "" : "not ", before, st->hit ? "hit" : "miss");
    qq = quiz_add(q, (int)i, QUIZ_A_SET, err, errlen,
                  "Access %zu, page %lld: the pages in memory after it?", i + 1,
                  (long long)st->page);
    if (!qq)
        return -1;
    qq->key.n = st->nmem;
    memcpy(qq->key.v, st->mem, st->nmem * sizeof *st->mem);
    if (st->hit)
        quiz_explain(qq, "A hit: nothing is replaced%s.",
                     policies[p].vm == VM_LRU || policies[p].vm == VM_MRU
                         ? "; the page moves to the most recently used end (the right)"
                     : policies[p].vm == VM_OSTEP_CLOCK ? "; the page's counter goes up by one "
                                                          "(to at most the clock bits)"
                                                        : "");
    else if (st->victim < 0)
        quiz_explain(qq,
                     "A miss with %zu of %u pages in use: the page is loaded on the right, "
                     "nothing is replaced.",
                     i ? po->steps[i - 1].nmem : 0, po->cache);
    else {
        victim_reason(po, p, pages, i, why, reason, sizeof reason);
        quiz_explain(qq, "A miss with memory full: %s replaces %s, page %lld (%s).",
                     policies[p].name, policies[p].victim, (long long)st->victim, reason);
        quiz_explain(qq, "The new page goes on the right.");
    }
    quiz_explain(qq, "Memory after: %.*s -> %s <- %.*s.", (int)strcspn(policies[p].left, " "),
                 policies[p].left, after, (int)strcspn(policies[p].right, " "), policies[p].right);
    return 0;
}

/* The settings, read and checked. */
struct settings {
    int policy; /* Index in policies[]. */
    int64_t numaddrs, cache, maxpage, seed, bits;
};

/* Reads val into *s. Returns 0, or -1 with why in err. */
static int read_settings(const char *const *val, struct settings *s, char *err, size_t errlen)
{
    s->policy = policy_index(val[F_POLICY]);
    if (quiz_int10("--numaddrs", val[F_NUMADDRS], &s->numaddrs, err, errlen) < 0 ||
        quiz_int10("--cachesize", val[F_CACHESIZE], &s->cache, err, errlen) < 0 ||
        quiz_int10("--maxpage", val[F_MAXPAGE], &s->maxpage, err, errlen) < 0 ||
        quiz_int10("--seed", val[F_SEED], &s->seed, err, errlen) < 0 ||
        quiz_int("--clockbits", val[F_CLOCKBITS], &s->bits, err, errlen) < 0)
        return -1;
    if (s->policy < 0)
        snprintf(err, errlen,
                 "--policy: '%s' is not one of FIFO, LRU, OPT, UNOPT, RAND, CLOCK, MRU",
                 val[F_POLICY]);
    else if (val[F_ADDRESSFILE][0])
        snprintf(err, errlen,
                 "--addressfile: memtrack does not read a file of pages: give them "
                 "with -a (--addresses)");
    else if (s->cache < 1 || s->cache > QUIZ_MAX_VALUES)
        snprintf(err, errlen, "--cachesize: %lld pages: give 1 to %d", (long long)s->cache,
                 QUIZ_MAX_VALUES);
    else if (s->bits < 0 || s->bits > VM_MAX_BITS)
        snprintf(err, errlen, "--clockbits: %lld: give 0 to %u", (long long)s->bits, VM_MAX_BITS);
    else if (s->maxpage < 0 || s->maxpage > POLICY_MAX_PAGE + 1)
        snprintf(err, errlen, "--maxpage: %lld: give 0 to %d", (long long)s->maxpage,
                 POLICY_MAX_PAGE + 1);
    else
        return 0;
    return -1;
}

/* The pages of the string into *out (malloc'd) and their count into *n:
 * -a's list, or drawn as the script draws them (then *drawn = *n). Returns
 * 0, or -1 with why in err. */
static int read_pages(const char *addresses, const struct settings *s, int64_t **out, size_t *n,
                      size_t *drawn, char *err, size_t errlen)
{
    const size_t most = QUIZ_MAX_QUESTIONS / 2;
    int gen = strcmp(addresses, "-1") == 0;
    size_t count = gen ? (size_t)(s->numaddrs > 0 ? s->numaddrs : 0) : 1;
    struct pyrand g;

    for (const char *c = addresses; !gen && *c; c++)
        count += *c == ',';
    if (count < 1 || count > most) {
        snprintf(err, errlen, "%zu references: a quiz takes 1 to %zu (two questions each)", count,
                 most);
        return -1;
    }
    *out = malloc(count * sizeof **out);
    if (!*out) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    pyrand_seed_signed(&g, s->seed);
    for (size_t i = 0; i < count; i++) {
        char piece[64];
        size_t len = strcspn(addresses, ",");

        if (gen) {
            (*out)[i] = (int64_t)pyrand_scaled(&g, (uint64_t)s->maxpage);
            continue;
        }
        snprintf(piece, sizeof piece, "%.*s", (int)(len < 63 ? len : 63), addresses);
        addresses += len + (addresses[len] == ',');
        if (quiz_int10("--addresses", piece, &(*out)[i], err, errlen) < 0)
            goto out_free;
        if ((*out)[i] < 0 || (*out)[i] > POLICY_MAX_PAGE) {
            snprintf(err, errlen, "--addresses: page %lld: memtrack takes pages 0 to %d",
                     (long long)(*out)[i], POLICY_MAX_PAGE);
            goto out_free;
        }
    }
    *n = count, *drawn = gen ? count : 0;
    return 0;
out_free:
    free(*out);
    *out = NULL;
    return -1;
}

static int make(struct quiz *q, const char *const *val, char *err, size_t errlen)
{
    struct quiz_policy *po = &q->u.po;
    struct settings s;
    int64_t *pages = NULL;
    char(*why)[160] = NULL;
    size_t drawn = 0;
    int rc = -1;

    if (read_settings(val, &s, err, errlen) < 0 ||
        read_pages(val[F_ADDRESSES], &s, &pages, &po->nrefs, &drawn, err, errlen) < 0)
        return -1;
    q->seed = s.seed;
    snprintf(po->policy, sizeof po->policy, "%s", policies[s.policy].name);
    po->cache = (unsigned)s.cache, po->clockbits = (unsigned)s.bits;
    po->steps = calloc(po->nrefs, sizeof *po->steps);
    why = calloc(po->nrefs, sizeof *why);
    if (!po->steps || !why) {
        snprintf(err, errlen, "out of memory");
        goto out_free;
    }
    if (policies[s.policy].vm < 0
            ? play_unopt(po, pages, err, errlen)
            : play_vm(po, policies[s.policy].vm, pages, drawn,
                      s.seed < 0 ? 0 - (uint64_t)s.seed : (uint64_t)s.seed, why, err, errlen))
        goto out_free;
    for (size_t i = 0; i < po->nrefs; i++) {
        po->hits += (uint64_t)po->steps[i].hit;
        if (add_step(q, s.policy, pages, i, why[i], err, errlen) < 0)
            goto out_free;
    }
    po->misses = po->nrefs - po->hits;
    rc = 0;
out_free:
    free(pages);
    free(why);
    return rc;
}

static void release(struct quiz *q)
{
    for (size_t i = 0; q->u.po.steps && i < q->u.po.nrefs; i++)
        free(q->u.po.steps[i].mem);
    free(q->u.po.steps);
    q->u.po.steps = NULL;
    q->u.po.nrefs = 0;
}

/* Flag name's text as given (q->argv), or "" for a quiz not made by
 * quiz_make. */
static const char *given(const struct quiz *q, const char *name)
{
    const char *v = quiz_arg(q, name);

    return v ? v : "";
}

/* paging-policy.py's output: its ARG lines (the flags as given), then the
 * problem, or with solve the trace and FINALSTATS (-N: FINALSTATS only). */
static void ostep(const struct quiz *q, int solve, struct qbuf *b)
{
    static const char *const names[] = {"addresses", "addressfile", "numaddrs", "policy"};
    static const char *const names2[] = {"cachesize", "maxpage", "seed"};
    const struct quiz_policy *po = &q->u.po;
    const char *notrace = quiz_arg(q, "notrace");
    char mem[QUIZ_MAX_VALUES * 24];
    int p = policy_index(po->policy);

    for (size_t i = 0; i < 4; i++)
        qbuf_printf(b, "ARG %s %s\n", names[i], given(q, names[i]));
    qbuf_printf(b, "ARG clockbits %u\n", po->clockbits);
    for (size_t i = 0; i < 3; i++)
        qbuf_printf(b, "ARG %s %s\n", names2[i], given(q, names2[i]));
    qbuf_printf(b, "ARG notrace %s\n\n", notrace ? "True" : "False");
    if (!solve) {
        qbuf_printf(b,
                    "Assuming a replacement policy of %s, and a cache of size %u pages,\n"
                    "figure out whether each of the following page references hit or miss\n"
                    "in the page cache.\n\n",
                    po->policy, po->cache);
        for (size_t i = 0; i < po->nrefs; i++)
            qbuf_printf(b, "Access: %lld  Hit/Miss?  State of Memory?\n",
                        (long long)po->steps[i].page);
        qbuf_printf(b, "\n");
        return;
    }
    if (!notrace)
        qbuf_printf(b, "Solving...\n\n");
    for (size_t i = 0, hits = 0; !notrace && i < po->nrefs; i++) {
        const struct quiz_policy_step *st = &po->steps[i];
        char victim[24] = "-";

        hits += (size_t)st->hit;
        list_text(st->mem, st->nmem, mem, sizeof mem);
        if (st->victim >= 0)
            snprintf(victim, sizeof victim, "%lld", (long long)st->victim);
        qbuf_printf(b, "Access: %lld  %s %s -> %12s <- %s Replaced:%s [Hits:%zu Misses:%zu]\n",
                    (long long)st->page, st->hit ? "HIT " : "MISS", policies[p].left, mem,
                    policies[p].right, victim, hits, i + 1 - hits);
    }
    qbuf_printf(b, "\nFINALSTATS hits %llu   misses %llu   hitrate %.2f\n\n",
                (unsigned long long)po->hits, (unsigned long long)po->misses,
                100.0 * (double)po->hits / ((double)po->hits + (double)po->misses));
}

/* The problem as memtrack shows it: the policy, the cache, the string. */
static void state(const struct quiz *q, struct qbuf *b)
{
    const struct quiz_policy *po = &q->u.po;

    qbuf_printf(b, "Page replacement: %s, a cache of %u page%s", po->policy, po->cache,
                po->cache == 1 ? "" : "s");
    if (strcmp(po->policy, "CLOCK") == 0)
        qbuf_printf(b, ", %u clock bit%s (OSTEP's counters)", po->clockbits,
                    po->clockbits == 1 ? "" : "s");
    qbuf_printf(b, "; memory starts empty.\nReference string (%zu accesses):", po->nrefs);
    for (size_t i = 0; i < po->nrefs; i++)
        qbuf_printf(b, "%s%lld", i % 20 ? " " : "\n  ", (long long)po->steps[i].page);
    qbuf_printf(b, "\n");
}

const struct quiz_kind_def quiz_def_policy = {"policy",
                                              {"replace", "paging-policy", NULL},
                                              "paging-policy.py",
                                              "page replacement of a reference string (OSTEP)",
                                              flags,
                                              defaults,
                                              make,
                                              ostep,
                                              state,
                                              release};
