/* quiz_translate.c: the "translate" quiz, OSTEP's
 * vm-paging/paging-linear-translate.py: a linear page table and virtual
 * addresses to translate.
 *
 * make draws what the script draws, in its order, with pyrand: for each
 * virtual page, random() * 100 > 100 - used says valid, and then
 * int(pages * random()) a free physical frame (drawing again while it is
 * taken); then -n addresses int(asize * random()), unless -A lists them.
 * ostep writes the script's output byte for byte, with and without -c.
 *
 * It also holds what the three OSTEP address kinds (translate, segment,
 * multilevel) share: quiz_arg, quiz_addrs (quiz_impl.h).
 *
 * Where memtrack refuses what the script takes (docs/quiz.md lists them):
 * a -A address outside 0 .. asize-1 (the script crashes with an IndexError
 * or translates a wrapped VPN with -c, and prints it without); a page size
 * below 1 (a ZeroDivisionError or a math domain error); more than
 * TR_MAX_VPAGES virtual pages or TR_MAX_FRAMES frames (the script makes
 * them; memtrack keeps quizzes small enough to draw and to hold in a
 * status file); more than QUIZ_MAX_QUESTIONS addresses.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quiz_impl.h"

#define TR_MAX_VPAGES 65536     /* Most virtual pages (page-table entries) of a quiz. */
#define TR_MAX_FRAMES (1 << 24) /* Most physical frames (the used map is one byte each). */

/* The flags, in the script's order; key = row index. */
enum { F_ADDRESSES, F_SEED, F_ASIZE, F_PHYSMEM, F_PAGESIZE, F_NUMADDRS, F_USED, F_VERBOSE };

static const struct opt flags[] = {
    {"addresses", 'A', "LIST",
     "a set of comma-separated pages to access; -1 means randomly generate", NULL, F_ADDRESSES},
    {"seed", 's', "N", "the random seed", NULL, F_SEED},
    {"asize", 'a', "SIZE", "address space size (e.g., 16, 64k, 32m, 1g)", NULL, F_ASIZE},
    {"physmem", 'p', "SIZE", "physical memory size (e.g., 16, 64k, 32m, 1g)", NULL, F_PHYSMEM},
    {"pagesize", 'P', "SIZE", "page size (e.g., 4k, 8k, whatever)", NULL, F_PAGESIZE},
    {"numaddrs", 'n', "N", "number of virtual addresses to generate", NULL, F_NUMADDRS},
    {"used", 'u', "PERCENT", "percent of virtual address space that is used", NULL, F_USED},
    {"verbose", 'v', NULL, "verbose mode: the VPN by each page-table entry (OSTEP's -v)", NULL,
     F_VERBOSE},
    {NULL, 0, NULL, NULL, NULL, 0}};

static const char *const defaults[] = {"-1", "0", "16k", "64k", "4k", "5", "50", NULL};

const char *quiz_arg(const struct quiz *q, const char *name)
{
    size_t len = strlen(name);
    int i;

    for (i = 0; i < q->argc; i++) {
        const char *a = q->argv[i];
        if (!a || strncmp(a, "--", 2) != 0 || strncmp(a + 2, name, len) != 0)
            continue;
        if (a[2 + len] == '=')
            return a + 3 + len;
        if (a[2 + len] == '\0')
            return a + 2 + len;
    }
    return NULL;
}

/* Reads -A's comma-separated list into addrs (room for QUIZ_MAX_QUESTIONS),
 * each checked against asize. Returns the count, or -1 with err. */
static long addr_list(const char *flag, const char *text, uint64_t asize, uint64_t *addrs,
                      char *err, size_t errlen)
{
    long n = 0;
    const char *p = text;

    for (;;) {
        char item[32];
        size_t len = strcspn(p, ","), sign = *p == '-' || *p == '+';
        int64_t v;

        if (n == QUIZ_MAX_QUESTIONS) {
            snprintf(err, errlen, "%s: more than %d addresses", flag, QUIZ_MAX_QUESTIONS);
            return -1;
        }
        /* int(item), base 10: quiz_size reads it when it has only a sign,
         * digits and '_' (no size suffix, no 0x). */
        if (len == 0 || len >= sizeof item || strspn(p + sign, "0123456789_") != len - sign ||
            (memcpy(item, p, len), item[len] = '\0', quiz_size(flag, item, &v, err, errlen))) {
            snprintf(err, errlen, "%s: '%.*s' is not an integer", flag, (int)(len > 40 ? 40 : len),
                     p);
            return -1;
        }
        if (v < 0 || (uint64_t)v >= asize) {
            snprintf(err, errlen,
                     "virtual address %" PRId64 " cannot be generated in an address space of "
                     "size %" PRIu64,
                     v, asize);
            return -1;
        }
        addrs[n++] = (uint64_t)v;
        if (p[len] == '\0')
            return n;
        p += len + 1;
    }
}

int quiz_addrs(struct pyrand *r, const char *list, int64_t num, uint64_t asize, uint64_t **addrs,
               size_t *n, char *err, size_t errlen)
{
    long i, count;

    *addrs = NULL;
    *n = 0;
    if (strcmp(list, "-1") == 0 && num > QUIZ_MAX_QUESTIONS) {
        snprintf(err, errlen, "--numaddrs: %" PRId64 " addresses, more than memtrack asks (%d)",
                 num, QUIZ_MAX_QUESTIONS);
        return -1;
    }
    *addrs = malloc(QUIZ_MAX_QUESTIONS * sizeof **addrs);
    if (!*addrs) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (strcmp(list, "-1") != 0) {
        count = addr_list("--addresses", list, asize, *addrs, err, errlen);
        if (count < 0)
            return -1;
    } else {
        count = num < 0 ? 0 : (long)num;
        for (i = 0; i < count; i++)
            (*addrs)[i] = pyrand_scaled(r, asize);
    }
    *n = (size_t)count;
    return 0;
}

int quiz_add_each(struct quiz *q, size_t n, int (*add)(struct quiz *, size_t, char *, size_t),
                  char *err, size_t errlen)
{
    for (size_t i = 0; i < n; i++)
        if (add(q, i, err, errlen) < 0)
            return -1;
    return 0;
}

/* The script's vabits / pagebits with its power-of-2 check:
 * int(math.log(float(x)) / math.log(2.0)), then math.pow(2, bits) != x is
 * an error. For x = 2^k, k < 64, that int is k (python3 printed it for
 * every k), and for any other x the check fails, so this is "x is a power
 * of 2, and which". Returns the bits, or -1 when x is not a power of 2. */
static int py_log2(int64_t x)
{
    int bits = 0;

    if (x < 1 || (x & (x - 1)) != 0)
        return -1;
    while ((INT64_C(1) << bits) != x)
        bits++;
    return bits;
}

/* The script's checks of the sizes, in its order, with its messages.
 * Returns 0, or -1 with err. */
static int check_sizes(int64_t asize, int64_t psize, int64_t page, char *err, size_t errlen)
{
    const char *why = NULL;

    if (psize <= 1)
        why = "Error: must specify a non-zero physical memory size.";
    else if (asize < 1)
        why = "Error: must specify a non-zero address-space size.";
    else if (psize <= asize)
        why = "Error: physical memory size must be GREATER than address space size (for this "
              "simulation)";
    else if (psize >= 1024 * 1024 * 1024 || asize >= 1024 * 1024 * 1024)
        why = "Error: must use smaller sizes (less than 1 GB) for this simulation.";
    else if (page < 1)
        why = "the page size must be at least 1 (memtrack; the script fails on it)";
    else if (asize % page != 0)
        why = "Error in argument: address space must be a multiple of the pagesize";
    else if (psize % page != 0)
        why = "Error in argument: physical memory must be a multiple of the pagesize";
    else if (py_log2(asize) < 0)
        why = "Error in argument: address space must be a power of 2";
    else if (py_log2(page) < 0)
        why = "Error in argument: page size must be a power of 2";
    else if (asize / page > TR_MAX_VPAGES)
        why = "more than 65536 virtual pages: memtrack's quizzes stay below that (a larger page "
              "size, or a smaller address space)";
    else if (psize / page > TR_MAX_FRAMES)
        why = "more than 16777216 physical frames: memtrack's quizzes stay below that";
    if (why)
        snprintf(err, errlen, "%s", why);
    return why ? -1 : 0;
}

/* Draws the page table as the script does: pt[v] the PFN or -1. Returns 0,
 * or -1 out of memory. */
static int draw_table(struct pyrand *r, struct quiz_translate *t, int64_t used)
{
    uint64_t v, pages = t->psize / t->page_size;
    unsigned char *taken = calloc(pages, 1);

    if (!taken)
        return -1;
    for (v = 0; v < t->npages; v++) {
        t->pt[v] = -1;
        while (pyrand_random(r) * 100.0 > 100.0 - (double)used) {
            uint64_t u = pyrand_scaled(r, pages);
            if (!taken[u]) {
                taken[u] = 1;
                t->pt[v] = (int64_t)u;
                break;
            }
        }
    }
    free(taken);
    return 0;
}

/* Adds the question of address i with its key and explanation. Returns 0,
 * or -1 with err. */
static int add_question(struct quiz *q, size_t i, char *err, size_t errlen)
{
    const struct quiz_translate *t = &q->u.tr;
    int pbits = py_log2((int64_t)t->page_size), vbits = py_log2((int64_t)t->asize);
    uint64_t va = t->addrs[i], vpn = va >> pbits, off = va & (t->page_size - 1);
    struct quiz_question *qq;

    qq = quiz_add(q, (int)i, QUIZ_A_ADDR, err, errlen,
                  "VA 0x%08" PRIx64 " (decimal: %" PRIu64 "): physical address, or invalid?", va,
                  va);
    if (!qq)
        return -1;
    quiz_explain(qq,
                 "split: %d-bit addresses, %" PRIu64 "-byte pages, so a %d-bit VPN and a %d-bit "
                 "offset: VPN = 0x%" PRIx64 " >> %d = %" PRIu64 ", offset = 0x%" PRIx64
                 " & 0x%" PRIx64 " = 0x%" PRIx64,
                 vbits, t->page_size, vbits - pbits, pbits, va, pbits, vpn, va, t->page_size - 1,
                 off);
    if (t->pt[vpn] < 0) {
        qq->key.word = QUIZ_W_FAULT;
        quiz_explain(qq,
                     "PTE %" PRIu64
                     " = 0x00000000: its valid bit (the top one) is 0, so VPN %" PRIu64
                     " is not valid: the access faults (invalid)",
                     vpn, vpn);
        return 0;
    }
    qq->key.n = 1;
    qq->key.v[0] = (t->pt[vpn] << pbits) | (int64_t)off;
    quiz_explain(qq,
                 "PTE %" PRIu64 " = 0x%08" PRIx64 ": valid (the top bit), PFN = the rest = %" PRId64
                 " (0x%" PRIx64 ")",
                 vpn, (uint64_t)0x80000000 | (uint64_t)t->pt[vpn], t->pt[vpn],
                 (uint64_t)t->pt[vpn]);
    quiz_explain(qq,
                 "PA = PFN << %d | offset = 0x%" PRIx64 " << %d | 0x%" PRIx64 " = 0x%" PRIx64
                 " (%" PRId64 ")",
                 pbits, (uint64_t)t->pt[vpn], pbits, off, (uint64_t)qq->key.v[0], qq->key.v[0]);
    return 0;
}

static int make(struct quiz *q, const char *const *val, char *err, size_t errlen)
{
    struct quiz_translate *t = &q->u.tr;
    int64_t asize, psize, page, num, used;
    struct pyrand r;

    if (quiz_int("--seed", val[F_SEED], &q->seed, err, errlen) ||
        quiz_size("--asize", val[F_ASIZE], &asize, err, errlen) ||
        quiz_size("--physmem", val[F_PHYSMEM], &psize, err, errlen) ||
        quiz_size("--pagesize", val[F_PAGESIZE], &page, err, errlen) ||
        quiz_int("--numaddrs", val[F_NUMADDRS], &num, err, errlen) ||
        quiz_int("--used", val[F_USED], &used, err, errlen) ||
        check_sizes(asize, psize, page, err, errlen))
        return -1;
    t->asize = (uint64_t)asize;
    t->psize = (uint64_t)psize;
    t->page_size = (uint64_t)page;
    t->npages = t->asize / t->page_size;
    t->pt = malloc(t->npages * sizeof *t->pt);
    pyrand_seed_signed(&r, q->seed);
    if (!t->pt || draw_table(&r, t, used) < 0) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (quiz_addrs(&r, val[F_ADDRESSES], num, t->asize, &t->addrs, &t->naddrs, err, errlen) < 0)
        return -1;
    return quiz_add_each(q, t->naddrs, add_question, err, errlen);
}

/* The script's text (solve: with -c). */
static void ostep(const struct quiz *q, int solve, struct qbuf *b)
{
    const struct quiz_translate *t = &q->u.tr;
    const char *verbose = quiz_arg(q, "verbose");
    size_t i;
    uint64_t v;

    qbuf_printf(b, "ARG seed %" PRId64 "\nARG address space size %s\nARG phys mem size %s\n",
                q->seed, quiz_arg(q, "asize"), quiz_arg(q, "physmem"));
    qbuf_printf(b, "ARG page size %s\nARG verbose %s\nARG addresses %s\n\n\n",
                quiz_arg(q, "pagesize"), verbose ? "True" : "False", quiz_arg(q, "addresses"));
    qbuf_printf(b, "The format of the page table is simple:\n"
                   "The high-order (left-most) bit is the VALID bit.\n"
                   "  If the bit is 1, the rest of the entry is the PFN.\n"
                   "  If the bit is 0, the page is not valid.\n"
                   "Use verbose mode (-v) if you want to print the VPN # by\n"
                   "each entry of the page table.\n\n"
                   "Page Table (from entry 0 down to the max size)\n");
    for (v = 0; v < t->npages; v++) {
        if (verbose)
            qbuf_printf(b, "  [%8" PRIu64 "]  ", v);
        else
            qbuf_printf(b, "  ");
        qbuf_printf(b, "0x%08" PRIx64 "\n",
                    t->pt[v] < 0 ? 0 : (uint64_t)0x80000000 | (uint64_t)t->pt[v]);
    }
    qbuf_printf(b, "\nVirtual Address Trace\n");
    for (i = 0; i < t->naddrs; i++) {
        uint64_t va = t->addrs[i], vpn = va / t->page_size;
        const struct quiz_value *k = &q->q[i].key;
        qbuf_printf(b, "  VA 0x%08" PRIx64 " (decimal: %8" PRIu64 ") --> ", va, va);
        if (!solve)
            qbuf_printf(b, "PA or invalid address?\n");
        else if (k->word == QUIZ_W_FAULT)
            qbuf_printf(b, " Invalid (VPN %" PRIu64 " not valid)\n", vpn);
        else
            qbuf_printf(b, "%08" PRIx64 " (decimal %8" PRId64 ") [VPN %" PRIu64 "]\n",
                        (uint64_t)k->v[0], k->v[0], vpn);
    }
    qbuf_printf(b, "\n");
    if (!solve)
        qbuf_printf(b, "For each virtual address, write down the physical address it translates "
                       "to\nOR write down that it is an out-of-bounds address (e.g., "
                       "segfault).\n\n");
}

/* memtrack's own picture: the sizes, the address split and the table. */
static void state(const struct quiz *q, struct qbuf *b)
{
    const struct quiz_translate *t = &q->u.tr;
    int pbits = py_log2((int64_t)t->page_size), vbits = py_log2((int64_t)t->asize);
    uint64_t v;

    qbuf_printf(b,
                "Address space %" PRIu64 " B, physical memory %" PRIu64 " B, pages of %" PRIu64
                " B: %" PRIu64 " virtual pages, %" PRIu64 " frames.\n",
                t->asize, t->psize, t->page_size, t->npages, t->psize / t->page_size);
    qbuf_printf(b, "A virtual address is VPN (%d bits) | offset (%d bits).\n", vbits - pbits,
                pbits);
    qbuf_printf(b, "Page table (a PTE's top bit is the valid bit, the rest the PFN):\n");
    for (v = 0; v < t->npages; v++) {
        if (t->pt[v] < 0)
            qbuf_printf(b, "  VPN %4" PRIu64 ": 0x00000000  not valid\n", v);
        else
            qbuf_printf(b, "  VPN %4" PRIu64 ": 0x%08" PRIx64 "  valid, PFN %" PRId64 "\n", v,
                        (uint64_t)0x80000000 | (uint64_t)t->pt[v], t->pt[v]);
    }
}

static void release(struct quiz *q)
{
    free(q->u.tr.pt);
    free(q->u.tr.addrs);
    q->u.tr.pt = NULL;
    q->u.tr.addrs = NULL;
}

const struct quiz_kind_def quiz_def_translate = {
    "translate",
    {"linear", "paging", NULL},
    "paging-linear-translate.py",
    "address translation through a linear page table (OSTEP)",
    flags,
    defaults,
    make,
    ostep,
    state,
    release};
