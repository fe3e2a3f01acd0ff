/* test_heap_alloc.c: unit tests for the buddy, slab and pool allocators
 * (heap_buddy.c, heap_slab.c, heap_pool.c) and their bitmaps (heap_bits.c).
 *
 * The allocators are driven through their heap_ops on a struct heap this
 * file keeps the blocks of (the core's share, done here in a few lines), so
 * every invariant can be checked after every step; the textbook examples
 * (the lecture example of a 1 MiB buddy heap, Wikipedia's "Buddy memory
 * allocation" table, Knuth's buddy addresses) are worked out in their
 * comments. Every refusal is checked to change nothing by comparing a
 * picture of the whole state taken before it. Random workloads are checked
 * against plain reference models (linear scans) address by address.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heap.h"
#include "heap_bits.h"
#include "heap_impl.h"
#include "note.h"
#include "test.h"

#define ERRLEN 256
#define PIC    8192

static uint64_t rng = 88172645463325252u;

/* xorshift64: the random workloads' numbers, the same every run. */
static uint64_t rnd(uint64_t below)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng % below;
}

static const struct heap_ops *ops_of(const struct heap *h)
{
    return h->cfg.kind == HEAP_BUDDY  ? &heap_buddy_ops
           : h->cfg.kind == HEAP_SLAB ? &heap_slab_ops
                                      : &heap_pool_ops;
}

/* ------------------------------------------------------------------------ */
/* The core's share: a heap, its blocks, malloc and free by name. */

/* Makes h an empty heap of kind k (buddy: min_block arg; slab: slab_bytes
 * arg). Returns 1 when usable. */
static int make(struct heap *h, enum heap_kind k, uint64_t bytes, uint64_t arg)
{
    char err[ERRLEN] = "";
    int rc;

    memset(h, 0, sizeof *h);
    h->bytes = bytes;
    h->cfg.kind = k;
    h->cfg.min_block = k == HEAP_BUDDY ? arg : 16;
    h->cfg.slab_bytes = k == HEAP_SLAB ? arg : 4096;
    rc = ops_of(h)->check_config(h, err, sizeof err);
    TEST_MSG(rc == 0, err);
    if (rc == 0) {
        rc = ops_of(h)->setup(h, err, sizeof err);
        TEST_MSG(rc == 0, err);
    }
    return rc == 0;
}

static void unmake(struct heap *h)
{
    ops_of(h)->teardown(h);
    free(h->blocks);
    memset(h, 0, sizeof *h);
}

static void add_cache(struct heap *h, const char *name, uint64_t object)
{
    struct heap_cache *c = &h->caches[h->ncaches++];

    snprintf(c->name, sizeof c->name, "%s", name);
    c->object = object;
    c->slot = (object + HEAP_SLAB_ALIGN - 1) / HEAP_SLAB_ALIGN * HEAP_SLAB_ALIGN;
    c->per_slab = (uint32_t)(h->cfg.slab_bytes / c->slot);
    TEST(heap_slab_ops.added(h, NULL, 0) == 0);
}

static void add_pool(struct heap *h, uint64_t block, uint64_t count)
{
    struct heap_pool *p = &h->pools[h->npools];

    p->base = h->npools ? p[-1].base + p[-1].block * p[-1].count : 0;
    p->block = block;
    p->count = count;
    h->npools++;
    TEST(heap_pool_ops.added(h, NULL, 0) == 0);
}

static long find(const struct heap *h, const char *name)
{
    for (size_t i = 0; i < h->nblocks; i++)
        if (!strcmp(h->blocks[i].name, name))
            return (long)i;
    return -1;
}

/* Appends block b named name to h->blocks. */
static void put(struct heap *h, const char *name, struct heap_block *b)
{
    if (h->nblocks == h->capblocks) {
        h->capblocks = h->capblocks ? h->capblocks * 2 : 64;
        h->blocks = realloc(h->blocks, h->capblocks * sizeof *h->blocks);
        if (!h->blocks)
            abort();
    }
    snprintf(b->name, sizeof b->name, "%s", name);
    h->blocks[h->nblocks++] = *b;
    h->used += b->span;
    h->asked += b->size;
}

/* Points *n and *st, when NULL, at scratch ones; empties both. */
static void fresh(struct note **n, struct heap_steps **st)
{
    static struct note n0;
    static struct heap_steps s0;

    *n = *n ? *n : &n0;
    *st = *st ? *st : &s0;
    memset(*st, 0, sizeof **st);
    note_clear(*n);
}

/* ops->alloc, and the block into h->blocks. Returns its address or -1. */
static int64_t amalloc(struct heap *h, const char *name, uint64_t bytes, uint32_t cache,
                       struct note *n, struct heap_steps *st)
{
    struct heap_block b;

    fresh(&n, &st);
    if (ops_of(h)->alloc(h, bytes, cache, &b, st, n) < 0)
        return -1;
    put(h, name, &b);
    return (int64_t)b.addr;
}

/* Takes block name out of h->blocks (swap-remove) and ops->release it. */
static void afree(struct heap *h, const char *name, struct note *n, struct heap_steps *st)
{
    long i = find(h, name);
    struct heap_block b;

    fresh(&n, &st);
    TEST(i >= 0);
    if (i < 0)
        return;
    b = h->blocks[i];
    h->blocks[i] = h->blocks[--h->nblocks];
    h->used -= b.span;
    h->asked -= b.size;
    ops_of(h)->release(h, &b, st, n);
}

/* ops->resize of block name. Returns its result. */
static int aresize(struct heap *h, const char *name, uint64_t bytes, struct note *n,
                   struct heap_steps *st)
{
    long i = find(h, name);
    struct heap_block was;
    int rc;

    memset(st, 0, sizeof *st);
    note_clear(n);
    if (i < 0)
        return -2;
    was = h->blocks[i];
    rc = ops_of(h)->resize(h, &h->blocks[i], bytes, st, n);
    if (rc == 0) {
        h->used += h->blocks[i].span - was.span;
        h->asked += h->blocks[i].size - was.size;
    }
    return rc;
}

/* Checks h's invariants, naming the caller's line and the reason. */
#define OK(h)                                                                                      \
    do {                                                                                           \
        char e_[ERRLEN] = "";                                                                      \
        TEST_MSG(ops_of(h)->check((h), e_, sizeof e_) == 0, e_);                                   \
    } while (0)

static int by_addr(const void *a, const void *b)
{
    const struct heap_extent *x = a, *y = b;

    return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Writes a power-of-two-ish size as 1M, 64K or 48. */
static const char *ksize(char *buf, uint64_t v)
{
    if (v >= 1048576 && v % 1048576 == 0)
        sprintf(buf, "%lluM", (unsigned long long)(v / 1048576));
    else if (v >= 1024 && v % 1024 == 0)
        sprintf(buf, "%lluK", (unsigned long long)(v / 1024));
    else
        sprintf(buf, "%llu", (unsigned long long)v);
    return buf;
}

/* Writes the heap's layout by address into pic: "A:128K -:64K ...", a block
 * by its name, a free extent as "-". */
static const char *layout(const struct heap *h, char *pic)
{
    struct heap_extent *fr = NULL, *all;
    long nf = ops_of(h)->extents(h, &fr);
    size_t n = 0;
    char k[32];

    pic[0] = '\0';
    TEST(nf >= 0);
    all = malloc((h->nblocks + (size_t)(nf > 0 ? nf : 0) + 1) * sizeof *all);
    for (size_t i = 0; i < h->nblocks; i++) {
        all[n].addr = h->blocks[i].addr;
        all[n++].size = i;
    }
    for (long i = 0; i < nf; i++) {
        all[n].addr = fr[i].addr;
        all[n++].size = UINT64_MAX - (uint64_t)i;
    }
    qsort(all, n, sizeof *all, by_addr);
    for (size_t i = 0; i < n; i++) {
        int blk = all[i].size < h->nblocks;
        uint64_t sz = blk ? h->blocks[all[i].size].span : fr[UINT64_MAX - all[i].size].size;

        note_append(pic, PIC, "%s%s:%s", i ? " " : "", blk ? h->blocks[all[i].size].name : "-",
                    ksize(k, sz));
    }
    free(all);
    free(fr);
    return pic;
}

/* A picture of everything a refusal must leave alone: the layout, the
 * blocks in order, largest, slabs and pools. */
static void state(const struct heap *h, char *pic)
{
    char lay[PIC];

    layout(h, lay);
    pic[0] = '\0';
    note_append(pic, PIC, "%s | largest %llu used %llu asked %llu |", lay,
                (unsigned long long)ops_of(h)->largest(h), (unsigned long long)h->used,
                (unsigned long long)h->asked);
    for (size_t i = 0; i < h->nslabs; i++)
        note_append(pic, PIC, " slab %u@%llx:%u", h->slabs[i].cache,
                    (unsigned long long)h->slabs[i].addr, h->slabs[i].used);
    for (unsigned i = 0; i < h->npools; i++)
        note_append(pic, PIC, " pool %u:%llu", i, (unsigned long long)h->pools[i].used);
}

/* Checks that a malloc of bytes is refused, says why and changes nothing. */
static void refused(struct heap *h, uint64_t bytes, uint32_t cache, const char *what_has)
{
    char before[PIC], after[PIC];
    struct note n;
    struct heap_steps st;

    state(h, before);
    TEST(amalloc(h, "refused", bytes, cache, &n, &st) == -1);
    state(h, after);
    TEST_MSG(!strcmp(before, after), after);
    TEST_MSG(strstr(n.what, what_has) != NULL, n.what);
    TEST_MSG(n.why[0] != '\0', n.what);
    OK(h);
}

/* Rebuilds g (a fresh heap given h's blocks, caches, pools and slabs) and
 * checks that it has h's layout and invariants; frees both. */
static void rebuilt_same(struct heap *h, struct heap *g)
{
    char err[ERRLEN] = "", a[PIC], b[PIC];

    for (size_t i = 0; i < h->nblocks; i++)
        put(g, h->blocks[i].name, &h->blocks[i]);
    TEST_MSG(ops_of(g)->rebuild(g, err, sizeof err) == 0, err);
    TEST(!strcmp(layout(h, a), layout(g, b)));
    for (size_t i = 0; i < h->nslabs && i < g->nslabs; i++)
        TEST(g->slabs[i].used == h->slabs[i].used);
    for (unsigned i = 0; i < h->npools; i++)
        TEST(g->pools[i].used == h->pools[i].used);
    OK(g);
    unmake(g);
    unmake(h);
}

/* Checks that resizing block name in place to bytes is refused and changes
 * nothing. */
static void no_resize(struct heap *h, const char *name, uint64_t bytes)
{
    char before[PIC], after[PIC];
    struct note n;
    struct heap_steps st;

    state(h, before);
    TEST_MSG(aresize(h, name, bytes, &n, &st) == -1, name);
    state(h, after);
    TEST_MSG(!strcmp(before, after), after);
    OK(h);
}

/* Makes h of kind k (make's arg) and gives it its caches and slabs or
 * pools with furnish (NULL: none). Returns 1 when usable. */
static int make_with(struct heap *h, enum heap_kind k, uint64_t bytes, uint64_t arg,
                     void (*furnish)(struct heap *))
{
    if (!make(h, k, bytes, arg))
        return 0;
    if (furnish)
        furnish(h);
    return 1;
}

/* Checks that rebuild refuses each of bad[0 .. n-1] alone on a heap that
 * make_with gives, saying why. */
static void rebuild_refuses(enum heap_kind k, uint64_t bytes, uint64_t arg,
                            void (*furnish)(struct heap *), const struct heap_block *bad, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct heap h;
        struct heap_block b = bad[i];
        char err[ERRLEN] = "";

        if (!make_with(&h, k, bytes, arg, furnish))
            return;
        put(&h, "x", &b);
        TEST_MSG(ops_of(&h)->rebuild(&h, err, sizeof err) < 0 && err[0], b.name);
        unmake(&h);
    }
}

/* ------------------------------------------------------------------------ */
/* heap_bits.c */

/* Random sets, clears and fills against a plain array; every lowest set bit
 * at or after an index against a scan. */
static void test_bits(void)
{
    static const uint64_t sizes[] = {1, 63, 64, 65, 4097, 300000};

    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        uint64_t nb = sizes[s];
        struct hbits b;
        unsigned char *ref = calloc(nb, 1);
        int good = 1;

        TEST(hbits_init(&b, nb) == 0);
        for (int step = 0; step < 3000 && good; step++) {
            uint64_t i = rnd(nb), j = i + rnd(nb - i + 1), from = rnd(nb + 1), want = HBITS_NONE;
            int op = (int)rnd(10);

            if (op < 4) {
                hbits_set(&b, i);
                ref[i] = 1;
            } else if (op < 8) {
                hbits_clear(&b, i);
                ref[i] = 0;
            } else {
                hbits_fill(&b, i, j, op == 8);
                memset(ref + i, op == 8, j - i);
            }
            for (uint64_t k = from; k < nb; k++)
                if (ref[k]) {
                    want = k;
                    break;
                }
            good = hbits_next(&b, from) == want && hbits_test(&b, i) == ref[i] && hbits_ok(&b);
        }
        TEST(good);
        {
            uint64_t c = 0;

            for (uint64_t k = 0; k < nb; k++)
                c += ref[k];
            TEST(hbits_count(&b, 0, nb) == c);
        }
        hbits_free(&b);
        free(ref);
    }
}

/* hbits_runs gives the runs of set bits as extents; hbits_ok sees a bad
 * summary. */
static void test_bits_runs(void)
{
    struct hbits b;
    struct heap_extent *v = NULL;
    size_t n = 0, cap = 0;

    TEST(hbits_init(&b, 200) == 0);
    hbits_fill(&b, 3, 5, 1);
    hbits_fill(&b, 63, 130, 1);
    hbits_set(&b, 199);
    TEST(hbits_runs(&b, 1000, 16, &v, &n, &cap) == 0);
    TEST(n == 3);
    if (n == 3) {
        TEST(v[0].addr == 1000 + 3 * 16 && v[0].size == 2 * 16);
        TEST(v[1].addr == 1000 + 63 * 16 && v[1].size == 67 * 16);
        TEST(v[2].addr == 1000 + 199 * 16 && v[2].size == 16);
    }
    TEST(hbits_ok(&b));
    b.w[1][0] ^= 8; /* A summary bit for a word of zeros. */
    TEST(!hbits_ok(&b));
    free(v);
    hbits_free(&b);
}

/* ------------------------------------------------------------------------ */
/* buddy */

/* Plays a textbook sequence on h: "+NAME BYTES" mallocs, "-NAME" frees;
 * after each step the layout must be the next of want[]. */
static void play(struct heap *h, const char *const *steps, const char *const *want, size_t n)
{
    char pic[PIC], name[16];
    unsigned long long bytes;

    for (size_t i = 0; i < n; i++) {
        if (steps[i][0] == '+' && sscanf(steps[i] + 1, "%15s %llu", name, &bytes) == 2)
            TEST_MSG(amalloc(h, name, bytes, HEAP_NONE, NULL, NULL) >= 0, steps[i]);
        else
            afree(h, steps[i] + 1, NULL, NULL);
        layout(h, pic);
        if (strcmp(pic, want[i]))
            fprintf(stderr, "  after %s: %s, want %s\n", steps[i], pic, want[i]);
        TEST(!strcmp(pic, want[i]));
        OK(h);
    }
}

/* The lecture example on a 1 MiB heap (Tanenbaum's and many course notes'
 * figure): the layout after each step, by hand from the rules: the smallest
 * free block that fits, lowest address first, split keeping the low half. */
static void test_buddy_lecture(void)
{
    static const char *const steps[] = {"+A 71680", "+B 35840", "+C 81920", "-A",
                                        "+D 61440", "-B",       "-D",       "-C"};
    static const char *const want[] = {
        "A:128K -:128K -:256K -:512K",             /* A=70K: 1M -> 512K -> 256K -> 128K */
        "A:128K B:64K -:64K -:256K -:512K",        /* B=35K: the 128K at 128K split */
        "A:128K B:64K -:64K C:128K -:128K -:512K", /* C=80K: the 256K at 256K split */
        "-:128K B:64K -:64K C:128K -:128K -:512K", /* A freed: its buddy B's half is used */
        "-:128K B:64K D:64K C:128K -:128K -:512K", /* D=60K: the free 64K */
        "-:128K -:64K D:64K C:128K -:128K -:512K", /* B freed: buddy D in use */
        "-:256K C:128K -:128K -:512K",             /* D freed: 64K+64K, then +128K */
        "-:1M",                                    /* C freed: back to one block */
    };
    struct heap h;
    struct note n;
    struct heap_steps st;

    if (!make(&h, HEAP_BUDDY, 1 << 20, 16))
        return;
    TEST(amalloc(&h, "A", 71680, HEAP_NONE, &n, &st) == 0);
    TEST_MSG(strstr(n.why, "split 1M -> 512K -> 256K -> 128K, took 0x0 (128K): 71680 B rounds up "
                           "to 128K (padding 59392 B)") == n.why,
             n.why);
    TEST(st.splits == 3 && st.merges == 0 && st.searched == 4 && st.steps == 7);
    TEST(h.used - h.asked == 131072 - 71680); /* Internal fragmentation from rounding. */
    afree(&h, "A", &n, &st);
    TEST_MSG(strstr(n.why, "merged with buddy 0x20000 -> 256K at 0x0, with buddy 0x40000 -> 512K "
                           "at 0x0, with buddy 0x80000 -> 1M at 0x0") != NULL,
             n.why);
    TEST(st.merges == 3 && st.steps == 3);
    play(&h, steps, want, sizeof steps / sizeof steps[0]);
    unmake(&h);
}

/* Wikipedia's "Buddy memory allocation" example: 64K smallest blocks, 1 MiB;
 * A 34K, B 66K, C 35K, D 67K, then C, A, B, D released (its table). */
static void test_buddy_wikipedia(void)
{
    static const char *const steps[] = {"+A 34816", "+B 67584", "+C 35840", "+D 68608",
                                        "-C",       "-A",       "-B",       "-D"};
    static const char *const want[] = {
        "A:64K -:64K -:128K -:256K -:512K",
        "A:64K -:64K B:128K -:256K -:512K",
        "A:64K C:64K B:128K -:256K -:512K",
        "A:64K C:64K B:128K D:128K -:128K -:512K",
        "A:64K -:64K B:128K D:128K -:128K -:512K",
        "-:128K B:128K D:128K -:128K -:512K",
        "-:256K D:128K -:128K -:512K",
        "-:1M",
    };
    struct heap h;

    if (!make(&h, HEAP_BUDDY, 1 << 20, 65536))
        return;
    play(&h, steps, want, sizeof steps / sizeof steps[0]);
    unmake(&h);
}

/* Puts blocks named f0, f1, ... on every largest buddy block of [lo, hi)
 * outside [xlo, xhi) (all powers of two, aligned). */
static void fill_except(struct heap *h, uint64_t lo, uint64_t hi, uint64_t xlo, uint64_t xhi)
{
    struct heap_block b = {"", lo, hi - lo, 0, hi - lo, HEAP_NONE};
    char name[16];

    if (hi <= xlo || lo >= xhi) {
        snprintf(name, sizeof name, "f%zu", h->nblocks);
        put(h, name, &b);
    } else if (lo < xlo || hi > xhi) {
        fill_except(h, lo, lo + (hi - lo) / 2, xlo, xhi);
        fill_except(h, lo + (hi - lo) / 2, hi, xlo, xhi);
    }
}

/* Knuth (TAOCP 2.5, exercise 23): the buddy of the block of size 4 at binary
 * 011011110000 (0x6f0) is 011011110100 (0x6f4); of size 16, 011011100000
 * (0x6e0): buddy_k(x) = x xor 2^k. A heap of 4096 is filled but for the
 * block and its buddy; freeing the block merges it with exactly that one. */
static void test_buddy_knuth(void)
{
    static const struct {
        uint64_t size, buddy;
        const char *merged;
    } cases[] = {{4, 0x6f4, "merged with buddy 0x6f4 -> 8 at 0x6f0"},
                 {16, 0x6e0, "merged with buddy 0x6e0 -> 32 at 0x6e0"}};

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct heap h;
        struct heap_block x = {"", 0x6f0, cases[i].size, 0, 1, HEAP_NONE};
        uint64_t lo = 0x6f0 & ~(2 * cases[i].size - 1);
        struct heap_extent *fr = NULL;
        char err[ERRLEN] = "";
        struct note n;
        struct heap_steps st;

        if (!make(&h, HEAP_BUDDY, 4096, 4))
            return;
        fill_except(&h, 0, 4096, lo, lo + 2 * cases[i].size);
        put(&h, "X", &x);
        TEST_MSG(heap_buddy_ops.rebuild(&h, err, sizeof err) == 0, err);
        OK(&h);
        TEST(heap_buddy_ops.extents(&h, &fr) == 1 && fr[0].addr == cases[i].buddy &&
             fr[0].size == cases[i].size);
        afree(&h, "X", &n, &st);
        TEST_MSG(strstr(n.why, cases[i].merged) != NULL, n.why);
        TEST(st.merges == 1);
        OK(&h);
        free(fr);
        unmake(&h);
    }
}

/* Refusals: more than the heap, no room; bad settings. */
static void test_buddy_refusals(void)
{
    struct heap h;
    char err[ERRLEN];

    if (!make(&h, HEAP_BUDDY, 1024, 16))
        return;
    refused(&h, 1025, HEAP_NONE, "more than the whole heap");
    TEST(amalloc(&h, "a", 512, HEAP_NONE, NULL, NULL) == 0);
    TEST(amalloc(&h, "b", 200, HEAP_NONE, NULL, NULL) == 512);
    refused(&h, 300, HEAP_NONE, "no free block of 512 or larger");
    TEST(amalloc(&h, "c", 100, HEAP_NONE, NULL, NULL) == 768);
    TEST(amalloc(&h, "d", 1, HEAP_NONE, NULL, NULL) == 896); /* min_block: 16 */
    TEST(heap_buddy_ops.largest(&h) == 64);
    refused(&h, 65, HEAP_NONE, "no free block of 128 or larger");
    unmake(&h);
    memset(&h, 0, sizeof h);
    h.cfg.kind = HEAP_BUDDY;
    h.bytes = 1000;
    h.cfg.min_block = 16;
    TEST(heap_buddy_ops.check_config(&h, err, sizeof err) < 0 && strstr(err, "power of two"));
    h.bytes = 1024;
    h.cfg.min_block = 24;
    TEST(heap_buddy_ops.check_config(&h, err, sizeof err) < 0 && strstr(err, "min=24"));
    h.cfg.min_block = 2048;
    TEST(heap_buddy_ops.check_config(&h, err, sizeof err) < 0);
    h.cfg.min_block = 1024;
    TEST(heap_buddy_ops.check_config(&h, err, sizeof err) == 0);
}

/* realloc in place: inside the block, growing over free buddies after it,
 * shrinking by giving back upper halves; refused when a buddy is in use. */
static void test_buddy_resize(void)
{
    struct heap h;
    struct note n;
    struct heap_steps st;
    char pic[PIC];

    if (!make(&h, HEAP_BUDDY, 1024, 16))
        return;
    TEST(amalloc(&h, "A", 100, HEAP_NONE, NULL, NULL) == 0);
    TEST(aresize(&h, "A", 120, &n, &st) == 0 && st.steps == 0);
    TEST_MSG(!strcmp(layout(&h, pic), "A:128 -:128 -:256 -:512"), pic);
    TEST(aresize(&h, "A", 200, &n, &st) == 0 && st.merges == 1);
    TEST_MSG(strstr(n.why, "took its free buddy 0x80 (128)") != NULL, n.why);
    TEST_MSG(!strcmp(layout(&h, pic), "A:256 -:256 -:512"), pic);
    TEST(aresize(&h, "A", 1000, &n, &st) == 0 && st.merges == 2);
    TEST_MSG(!strcmp(layout(&h, pic), "A:1K"), pic);
    OK(&h);
    TEST(aresize(&h, "A", 10, &n, &st) == 0 && st.splits == 6);
    TEST_MSG(!strcmp(layout(&h, pic), "A:16 -:16 -:32 -:64 -:128 -:256 -:512"), pic);
    TEST(h.used == 16 && h.asked == 10);
    OK(&h);
    TEST(amalloc(&h, "B", 30, HEAP_NONE, NULL, NULL) == 32);
    no_resize(&h, "A", 40); /* Its buddy at 16 is free, 32's is B. */
    no_resize(&h, "B", 40); /* B at 32 is a high half: it cannot grow. */
    no_resize(&h, "A", 2000);
    unmake(&h);
    if (!make(&h, HEAP_BUDDY, 1024, 16))
        return;
    TEST(amalloc(&h, "a", 16, HEAP_NONE, NULL, NULL) == 0);
    TEST(amalloc(&h, "b", 16, HEAP_NONE, NULL, NULL) == 16);
    TEST(amalloc(&h, "c", 16, HEAP_NONE, NULL, NULL) == 32);
    TEST(amalloc(&h, "d", 16, HEAP_NONE, NULL, NULL) == 48);
    afree(&h, "c", NULL, NULL);
    no_resize(&h, "b", 32); /* 16..48 would not be a buddy block. */
    no_resize(&h, "d", 17); /* d is a high half too. */
    OK(&h);
    unmake(&h);
}

/* The reference buddy system: per order an unsorted array of free block
 * addresses, scanned for the lowest; Knuth's algorithms R and S as written. */
struct refbuddy {
    unsigned minlog, nord;
    uint64_t *list[40];
    size_t n[40];
};

static void ref_add(struct refbuddy *r, unsigned j, uint64_t a)
{
    r->list[j][r->n[j]++] = a;
}

/* Removes a from order j's list. Returns 1 when it was there. */
static int ref_take(struct refbuddy *r, unsigned j, uint64_t a)
{
    for (size_t i = 0; i < r->n[j]; i++)
        if (r->list[j][i] == a) {
            r->list[j][i] = r->list[j][--r->n[j]];
            return 1;
        }
    return 0;
}

static int64_t ref_alloc(struct refbuddy *r, uint64_t bytes)
{
    unsigned want = 0, j;
    uint64_t a = UINT64_MAX;

    while ((UINT64_C(1) << (r->minlog + want)) < bytes)
        want++;
    for (j = want; j < r->nord && !r->n[j]; j++)
        ;
    if (j >= r->nord)
        return -1;
    for (size_t i = 0; i < r->n[j]; i++)
        a = r->list[j][i] < a ? r->list[j][i] : a;
    ref_take(r, j, a);
    while (j-- > want)
        ref_add(r, j, a + (UINT64_C(1) << (r->minlog + j)));
    return (int64_t)a;
}

static void ref_free(struct refbuddy *r, uint64_t a, uint64_t span)
{
    unsigned j = 0;

    while ((UINT64_C(1) << (r->minlog + j)) < span)
        j++;
    while (j + 1 < r->nord && ref_take(r, j, a ^ (UINT64_C(1) << (r->minlog + j)))) {
        a &= ~(UINT64_C(1) << (r->minlog + j));
        j++;
    }
    ref_add(r, j, a);
}

/* The reference's free blocks by address against the allocator's. */
static int ref_same(const struct refbuddy *r, const struct heap *h)
{
    struct heap_extent *fr = NULL, *v;
    long nf = heap_buddy_ops.extents(h, &fr);
    size_t n = 0;
    int same;

    for (unsigned j = 0; j < r->nord; j++)
        n += r->n[j];
    v = malloc((n + 1) * sizeof *v);
    n = 0;
    for (unsigned j = 0; j < r->nord; j++)
        for (size_t i = 0; i < r->n[j]; i++) {
            v[n].addr = r->list[j][i];
            v[n++].size = UINT64_C(1) << (r->minlog + j);
        }
    qsort(v, n, sizeof *v, by_addr);
    same = nf == (long)n && (n == 0 || !memcmp(v, fr, n * sizeof *v));
    free(v);
    free(fr);
    return same;
}

/* A random workload of mallocs (sizes up to maxreq) and frees against the
 * reference, address by address, free blocks and invariants after every
 * step; at the end the blocks are restored into a fresh heap and rebuild
 * must find the same free blocks. */
static void buddy_random(uint64_t bytes, uint64_t minb, uint64_t maxreq, int steps)
{
    struct heap h, g;
    struct refbuddy r;
    char name[16], err[ERRLEN] = "";
    int mismatch = 0, bad = 0, next = 0;
    uint64_t maxst = 0;

    if (!make(&h, HEAP_BUDDY, bytes, minb))
        return;
    memset(&r, 0, sizeof r);
    r.minlog = (unsigned)__builtin_ctzll(minb);
    r.nord = (unsigned)__builtin_ctzll(bytes) - r.minlog + 1;
    for (unsigned j = 0; j < r.nord; j++)
        r.list[j] = malloc((size_t)(bytes >> (r.minlog + j)) * sizeof(uint64_t) / 2 + 8);
    ref_add(&r, r.nord - 1, 0);
    for (int s = 0; s < steps; s++) {
        struct heap_steps st;

        if (h.nblocks && rnd(100) < 45) {
            size_t i = rnd(h.nblocks);
            struct heap_block blk = h.blocks[i];

            ref_free(&r, blk.addr, blk.span);
            afree(&h, blk.name, NULL, &st);
        } else {
            uint64_t sz = 1 + rnd(rnd(4) ? maxreq / 64 : maxreq);

            snprintf(name, sizeof name, "b%d", next++);
            mismatch += amalloc(&h, name, sz, HEAP_NONE, NULL, &st) != ref_alloc(&r, sz);
        }
        maxst = st.steps > maxst ? st.steps : maxst;
        mismatch += !ref_same(&r, &h);
        bad += ops_of(&h)->check(&h, err, sizeof err) < 0;
    }
    TEST(mismatch == 0);
    TEST_MSG(bad == 0, err);
    TEST(maxst <= 2 * r.nord); /* O(orders): looked at plus split or merged. */
    for (unsigned j = 0; j < r.nord; j++)
        free(r.list[j]);
    TEST(make(&g, HEAP_BUDDY, bytes, minb));
    rebuilt_same(&h, &g);
}

static void test_buddy_random(void)
{
    buddy_random(65536, 16, 4096, 3000);
    buddy_random(1024, 1, 300, 2000);
    buddy_random(UINT64_C(1) << 30, 16, UINT64_C(1) << 24, 60);
}

/* heap_buddy.c's h->priv, as its struct buddy lays it out: only to break an
 * invariant no operation can break (make checks minlog and nord). */
struct buddy_view {
    unsigned minlog, nord;
    struct hbits free[64];
    uint64_t nfree[64];
};

/* Two free buddies left unmerged (the bitmaps and counts otherwise right):
 * check names them. */
static void test_buddy_unmerged(void)
{
    struct heap h;
    struct buddy_view *v;
    char err[ERRLEN] = "";

    if (!make(&h, HEAP_BUDDY, 1024, 16))
        return;
    v = h.priv;
    TEST(v->minlog == 4 && v->nord == 7);
    TEST(amalloc(&h, "a", 512, HEAP_NONE, NULL, NULL) == 0);
    OK(&h);
    hbits_clear(&v->free[5], 1); /* 512 at 512 ... */
    v->nfree[5]--;
    hbits_set(&v->free[4], 2); /* ... as 256 at 512 and 256 at 768. */
    hbits_set(&v->free[4], 3);
    v->nfree[4] += 2;
    TEST(heap_buddy_ops.check(&h, err, sizeof err) < 0);
    TEST_MSG(strstr(err, "free buddies 0x200 and 0x300 (256 B) are not merged") != NULL, err);
    unmake(&h);
}

/* rebuild and check refuse what is not a buddy heap. */
static void test_buddy_bad(void)
{
    static const struct heap_block bad[] = {
        {"x", 32, 64, 0, 1, HEAP_NONE},   /* Not aligned to its size. */
        {"x", 0, 48, 0, 1, HEAP_NONE},    /* Not a power of two. */
        {"x", 0, 8, 0, 1, HEAP_NONE},     /* Below min_block. */
        {"x", 0, 2048, 0, 1, HEAP_NONE},  /* Above the heap. */
        {"x", 0, 64, 0, 65, HEAP_NONE},   /* Larger than its block. */
        {"x", 0, 64, 4, 1, HEAP_NONE},    /* A header. */
        {"x", 1024, 64, 0, 1, HEAP_NONE}, /* Outside. */
    };
    struct heap h;
    struct heap_block o1 = {"o1", 0, 64, 0, 1, HEAP_NONE}, o2 = {"o2", 32, 32, 0, 1, HEAP_NONE};
    char err[ERRLEN];

    rebuild_refuses(HEAP_BUDDY, 1024, 16, NULL, bad, sizeof bad / sizeof bad[0]);
    if (!make(&h, HEAP_BUDDY, 1024, 16))
        return;
    put(&h, "o1", &o1);
    put(&h, "o2", &o2);
    TEST(heap_buddy_ops.rebuild(&h, err, sizeof err) < 0 && strstr(err, "overlap"));
    h.nblocks = 0;
    TEST(heap_buddy_ops.rebuild(&h, err, sizeof err) == 0);
    OK(&h);
    TEST(amalloc(&h, "a", 64, HEAP_NONE, NULL, NULL) == 0);
    h.blocks[0].span = 128; /* The block now covers its free buddy. */
    TEST_INVALID(heap_buddy_ops.check, &h);
    h.blocks[0].span = 64;
    OK(&h);
    h.nblocks = 0; /* A block lost: a gap. */
    TEST_INVALID(heap_buddy_ops.check, &h);
    h.nblocks = 1;
    {
        struct heap_steps st;
        struct note n;
        struct heap_block b;

        TEST(amalloc(&h, "b", 64, HEAP_NONE, NULL, NULL) == 64);
        afree(&h, "a", NULL, NULL);
        OK(&h);
        b = h.blocks[0];
        b.addr = 0;
        memset(&st, 0, sizeof st);
        heap_buddy_ops.release(&h, &b, &st, &n); /* A double free: counted twice. */
        TEST_INVALID(heap_buddy_ops.check, &h);
    }
    unmake(&h);
}

/* ------------------------------------------------------------------------ */
/* pool */

/* Pools laid out in order; the smallest fitting block size first (whatever
 * the order the pools were added in), then larger ones, each pool tried a
 * step; the lowest free block; a request larger than the largest block
 * refused with the reason; all full refused; nothing changed by either. */
static void test_pool(void)
{
    struct heap h;
    struct note n;
    struct heap_steps st;
    char pic[PIC];

    if (!make(&h, HEAP_POOL, 1024, 0))
        return;
    refused(&h, 10, HEAP_NONE, "no pools");
    add_pool(&h, 64, 2);  /* 0x0 .. 0x80 */
    add_pool(&h, 16, 4);  /* 0x80 .. 0xc0 */
    add_pool(&h, 256, 1); /* 0xc0 .. 0x1c0; 0x1c0 .. 0x400 after the pools */
    TEST_MSG(!strcmp(layout(&h, pic), "-:128 -:64 -:256 -:576"), pic);
    TEST(heap_pool_ops.largest(&h) == 256);
    TEST(amalloc(&h, "a", 10, HEAP_NONE, &n, &st) == 0x80);
    TEST(st.searched == 1 && st.steps == 1);
    TEST_MSG(strstr(n.why, "block 0 of pool 1 (16 B blocks at 0x80), its lowest free, padding 6 B"),
             n.why);
    TEST(amalloc(&h, "b", 16, HEAP_NONE, NULL, NULL) == 0x90);
    TEST(amalloc(&h, "c", 1, HEAP_NONE, NULL, NULL) == 0xa0);
    TEST(amalloc(&h, "d", 2, HEAP_NONE, NULL, NULL) == 0xb0);
    TEST(amalloc(&h, "e", 3, HEAP_NONE, &n, &st) == 0x0); /* 16s full: the 64s. */
    TEST(st.searched == 2);
    TEST_MSG(strstr(n.why, "smaller blocks that fit were full"), n.why);
    TEST(h.pools[1].used == 4 && h.pools[0].used == 1);
    afree(&h, "b", &n, &st);
    TEST(st.steps == 1 && h.pools[1].used == 3);
    TEST(amalloc(&h, "f", 5, HEAP_NONE, NULL, NULL) == 0x90); /* The lowest free block. */
    TEST(amalloc(&h, "g", 17, HEAP_NONE, NULL, NULL) == 0x40);
    TEST(amalloc(&h, "h", 17, HEAP_NONE, &n, &st) == 0xc0);
    TEST(st.searched == 2); /* 16s do not fit: not tried. */
    OK(&h);
    refused(&h, 257, HEAP_NONE, "larger than the largest block (256 B)");
    refused(&h, 1, HEAP_NONE, "no free block of 1 B or more");
    TEST(heap_pool_ops.largest(&h) == 0);
    TEST_MSG(!strcmp(layout(&h, pic), "e:64 g:64 a:16 f:16 c:16 d:16 h:256 -:576"), pic);
    afree(&h, "a", NULL, NULL);
    afree(&h, "c", NULL, NULL);
    TEST_MSG(!strcmp(layout(&h, pic), "e:64 g:64 -:16 f:16 -:16 d:16 h:256 -:576"), pic);
    TEST(heap_pool_ops.largest(&h) == 16);
    OK(&h);
    unmake(&h);
}

/* realloc in place within the block; never across blocks. */
static void test_pool_resize(void)
{
    struct heap h;
    struct note n;
    struct heap_steps st;

    if (!make(&h, HEAP_POOL, 256, 0))
        return;
    add_pool(&h, 32, 4);
    TEST(amalloc(&h, "a", 10, HEAP_NONE, NULL, NULL) == 0);
    TEST(aresize(&h, "a", 32, &n, &st) == 0 && h.blocks[0].size == 32 && h.asked == 32);
    no_resize(&h, "a", 33);
    unmake(&h);
}

/* Random workloads over five pools against a reference (the lowest free
 * block by a scan); invariants after every step; rebuild at the end. */
static void test_pool_random(void)
{
    static const uint64_t blocks[] = {64, 16, 1024, 16, 256}, counts[] = {40, 100, 7, 30, 20};
    struct heap h, g;
    unsigned char used[5][100] = {{0}};
    int mismatch = 0, bad = 0, next = 0;
    char err[ERRLEN] = "", name[16];

    if (!make(&h, HEAP_POOL, 65536, 0))
        return;
    for (int i = 0; i < 5; i++)
        add_pool(&h, blocks[i], counts[i]);
    for (int s = 0; s < 4000; s++) {
        if (h.nblocks && rnd(100) < 45) {
            struct heap_block blk = h.blocks[rnd(h.nblocks)];

            used[blk.where][(blk.addr - h.pools[blk.where].base) / blk.span] = 0;
            afree(&h, blk.name, NULL, NULL);
        } else {
            uint64_t sz = 1 + rnd(1100);
            int64_t want = -1;

            for (uint64_t bs = 1; bs <= 1024 && want < 0; bs++) /* Sizes in order ... */
                for (int p = 0; p < 5 && want < 0; p++)         /* ... pools as added. */
                    for (uint64_t k = 0; blocks[p] == bs && bs >= sz && k < counts[p]; k++)
                        if (!used[p][k]) {
                            used[p][k] = 1;
                            want = (int64_t)(h.pools[p].base + k * bs);
                            break;
                        }
            snprintf(name, sizeof name, "p%d", next++);
            mismatch += amalloc(&h, name, sz, HEAP_NONE, NULL, NULL) != want;
        }
        bad += heap_pool_ops.check(&h, err, sizeof err) < 0;
    }
    TEST(mismatch == 0);
    TEST_MSG(bad == 0, err);
    TEST(make(&g, HEAP_POOL, 65536, 0));
    for (int i = 0; i < 5; i++)
        add_pool(&g, blocks[i], counts[i]);
    rebuilt_same(&h, &g);
}

/* Pools of 4 x 16 B at 0 and 2 x 32 B at 64. */
static void two_pools(struct heap *h)
{
    add_pool(h, 16, 4);
    add_pool(h, 32, 2);
}

/* rebuild and check refuse blocks that are not their pool's. */
static void test_pool_bad(void)
{
    static const struct heap_block bad[] = {
        {"x", 8, 16, 0, 1, 0},  /* Not on a block boundary. */
        {"x", 64, 16, 0, 1, 0}, /* Past its pool. */
        {"x", 0, 32, 0, 1, 0},  /* Wrong span. */
        {"x", 0, 16, 0, 1, 5},  /* No such pool. */
        {"x", 0, 16, 0, 17, 0}, /* Larger than its block. */
    };
    struct heap h;
    struct heap_block b1 = {"b1", 16, 16, 0, 1, 0};
    char err[ERRLEN];

    rebuild_refuses(HEAP_POOL, 256, 0, two_pools, bad, sizeof bad / sizeof bad[0]);
    if (!make_with(&h, HEAP_POOL, 256, 0, two_pools))
        return;
    put(&h, "b1", &b1);
    put(&h, "b2", &b1);
    TEST(heap_pool_ops.rebuild(&h, err, sizeof err) < 0 && strstr(err, "already taken"));
    h.nblocks = 1;
    TEST(heap_pool_ops.rebuild(&h, err, sizeof err) == 0 && h.pools[0].used == 1);
    OK(&h);
    h.pools[0].used = 2;
    TEST_INVALID(heap_pool_ops.check, &h);
    h.pools[0].used = 1;
    h.pools[1].base = 80; /* Not right after pool 0. */
    TEST_INVALID(heap_pool_ops.check, &h);
    h.pools[1].base = 64;
    h.pools[1].count = 7; /* Past the heap. */
    TEST_INVALID(heap_pool_ops.check, &h);
    h.pools[1].count = 2;
    OK(&h);
    unmake(&h);
}

/* ------------------------------------------------------------------------ */
/* slab */

/* A heap of four 256-byte slab pages and three caches: "big" of 100-byte
 * objects (slots of 104, 2 a slab), "mid" of 64 (4 a slab), "tiny" of 3
 * (slots of 8, 32 a slab). Worked by hand after each step. */
static void test_slab(void)
{
    struct heap h;
    struct note n;
    struct heap_steps st;
    char pic[PIC];

    if (!make(&h, HEAP_SLAB, 1024 + 40, 256)) /* 40 bytes after the last page. */
        return;
    refused(&h, 10, HEAP_NONE, "no cache holds 10 B");
    add_cache(&h, "big", 100);
    add_cache(&h, "mid", 64);
    add_cache(&h, "tiny", 3);
    TEST(h.caches[0].slot == 104 && h.caches[0].per_slab == 2 && h.caches[2].per_slab == 32);
    TEST_MSG(!strcmp(layout(&h, pic), "-:1K -:40"), pic);
    TEST(amalloc(&h, "b1", 100, 0, &n, &st) == 0); /* A new slab on page 0. */
    TEST(st.steps == 1 && st.searched == 0);
    TEST_MSG(strstr(n.why, "big has no partial or empty slab: a new slab on the lowest free page"),
             n.why);
    TEST_MSG(strstr(n.why, "slot 0 of big's slab at 0x0 (104 B slots), padding 4 B"), n.why);
    TEST(amalloc(&h, "b2", 90, 0, &n, &st) == 104); /* The partial slab, slot 1. */
    TEST(st.searched == 1 && st.steps == 1);
    TEST_MSG(strstr(n.why, "the lowest-addressed partial slab of big"), n.why);
    TEST_MSG(strstr(n.why, "now full (2 of 2 used)"), n.why);
    TEST(amalloc(&h, "m1", 50, HEAP_NONE, &n, &st) == 256); /* kmalloc: mid fits 50. */
    TEST_MSG(strstr(n.why, "no cache named, the smallest objects that fit"), n.why);
    TEST(h.blocks[2].where == 1);
    TEST(amalloc(&h, "b3", 65, HEAP_NONE, NULL, NULL) == 512); /* 65: big; page 0 full. */
    TEST(amalloc(&h, "b4", 1, 0, NULL, NULL) == 616);
    TEST(amalloc(&h, "b5", 1, 0, NULL, NULL) == 768); /* Pages 0 and 2 full: page 3. */
    afree(&h, "b1", &n, &st);
    TEST_MSG(strstr(n.why, "slot 0 of big's slab at 0x0 is free; the slab is partial (1 of 2"),
             n.why);
    afree(&h, "b4", NULL, NULL);
    /* Partial: pages 0, 2 and 3 (1 of 2 each); the lowest-addressed first. */
    TEST(amalloc(&h, "b6", 1, 0, NULL, NULL) == 0);
    TEST(amalloc(&h, "b7", 1, 0, NULL, NULL) == 616);
    OK(&h);
    afree(&h, "m1", &n, &st); /* mid's slab is empty and stays with mid. */
    TEST_MSG(strstr(n.why, "the slab is empty and stays with mid"), n.why);
    TEST(h.nslabs == 4 && h.slabs[1].cache == 1 && h.slabs[1].used == 0);
    TEST(amalloc(&h, "m2", 64, 1, &n, &st) == 256); /* mid's own empty slab. */
    TEST_MSG(strstr(n.why, "mid has no partial slab: its lowest empty slab"), n.why);
    afree(&h, "m2", NULL, NULL);
    TEST(amalloc(&h, "t1", 3, 2, &n, &st) == 256); /* No free page: mid's empty slab reclaimed. */
    TEST_MSG(strstr(n.why,
                    "no page is free: reclaimed mid's empty slab at 0x100, the lowest empty slab"),
             n.why);
    TEST(st.steps == 2 && h.slabs[1].cache == 2);
    TEST_MSG(!strcmp(layout(&h, pic), "b6:104 b2:104 t1:8 b3:104 b7:104 b5:104 -:40"), pic);
    OK(&h);
    refused(&h, 64, 1, "no room in cache mid"); /* Nothing free, nothing empty. */
    refused(&h, 101, 0, "101 B does not fit cache big");
    refused(&h, 101, HEAP_NONE, "no cache holds 101 B");
    refused(&h, 1, 7, "no cache 7");
    TEST(heap_slab_ops.largest(&h) == 104); /* big has room in page 3; tiny too, but small. */
    unmake(&h);
}

/* A partial slab before an empty one, even when the empty one is lower. */
static void test_slab_partial_first(void)
{
    struct heap h;
    struct note n;

    if (!make(&h, HEAP_SLAB, 1024, 256))
        return;
    add_cache(&h, "x", 128);
    TEST(amalloc(&h, "x1", 128, 0, NULL, NULL) == 0);
    TEST(amalloc(&h, "x2", 128, 0, NULL, NULL) == 128);
    TEST(amalloc(&h, "x3", 128, 0, NULL, NULL) == 256);
    afree(&h, "x1", NULL, NULL);
    afree(&h, "x2", NULL, NULL); /* Page 0 empty, page 1 partial. */
    TEST(amalloc(&h, "x4", 1, 0, &n, NULL) == 384);
    TEST_MSG(strstr(n.why, "the lowest-addressed partial slab of x"), n.why);
    TEST(amalloc(&h, "x5", 1, 0, &n, NULL) == 0); /* No partial: the empty one. */
    OK(&h);
    unmake(&h);
}

/* realloc in place inside the slot; settings. */
static void test_slab_resize(void)
{
    struct heap h;
    struct note n;
    struct heap_steps st;
    char err[ERRLEN];

    if (!make(&h, HEAP_SLAB, 4096, 4096))
        return;
    add_cache(&h, "c", 20);
    TEST(amalloc(&h, "a", 10, 0, NULL, NULL) == 0);
    TEST(aresize(&h, "a", 24, &n, &st) == 0 && h.asked == 24);
    no_resize(&h, "a", 25);
    h.cfg.slab_bytes = 4;
    TEST(heap_slab_ops.check_config(&h, err, sizeof err) < 0 && strstr(err, "slab=4"));
    h.cfg.slab_bytes = 8192;
    TEST(heap_slab_ops.check_config(&h, err, sizeof err) < 0);
    h.cfg.slab_bytes = 1000;
    TEST(heap_slab_ops.check_config(&h, err, sizeof err) < 0);
    h.cfg.slab_bytes = 4096;
    unmake(&h);
}

/* Random workloads over four caches (named and kmalloc-style), invariants
 * after every step, no slab page shared; rebuild from blocks and slabs. */
static void test_slab_random(void)
{
    struct heap h, g;
    int bad = 0, next = 0, done = 0;
    char err[ERRLEN] = "", name[16];

    if (!make(&h, HEAP_SLAB, 16384, 512))
        return;
    add_cache(&h, "s16", 16);
    add_cache(&h, "s40", 40);
    add_cache(&h, "s200", 200);
    add_cache(&h, "s512", 512);
    for (int s = 0; s < 5000; s++) {
        if (h.nblocks && rnd(100) < 47) {
            afree(&h, h.blocks[rnd(h.nblocks)].name, NULL, NULL);
        } else {
            uint32_t c = rnd(2) ? (uint32_t)rnd(4) : HEAP_NONE;
            uint64_t sz = 1 + rnd(c == HEAP_NONE ? 512 : h.caches[c].object);

            snprintf(name, sizeof name, "s%d", next++);
            done += amalloc(&h, name, sz, c, NULL, NULL) >= 0;
        }
        bad += heap_slab_ops.check(&h, err, sizeof err) < 0;
    }
    TEST(done > 1000);
    TEST_MSG(bad == 0, err);
    TEST(make(&g, HEAP_SLAB, 16384, 512));
    memcpy(g.caches, h.caches, sizeof h.caches);
    g.ncaches = h.ncaches;
    g.slabs = malloc(h.nslabs * sizeof *g.slabs + 1);
    for (size_t i = 0; i < h.nslabs; i++) {
        g.slabs[i] = h.slabs[i];
        g.slabs[i].used = 99; /* Restored slabs say no used count: rebuild counts. */
    }
    g.nslabs = g.capslabs = h.nslabs;
    rebuilt_same(&h, &g);
}

/* Caches c8 and c24 with a slab each: c8's on page 0, c24's on page 1. */
static void two_slabs(struct heap *h)
{
    add_cache(h, "c8", 8);
    add_cache(h, "c24", 24);
    h->slabs = malloc(2 * sizeof *h->slabs);
    h->slabs[0] = (struct heap_slab){0, 0, 0};
    h->slabs[1] = (struct heap_slab){1, 256, 0};
    h->nslabs = h->capslabs = 2;
}

/* rebuild and check refuse blocks outside their cache's slots and slabs out
 * of place. */
static void test_slab_bad(void)
{
    static const struct heap_block bad[] = {
        {"x", 4, 8, 0, 1, 0},          /* Not on a slot boundary. */
        {"x", 512, 8, 0, 1, 0},        /* On a page no slab holds. */
        {"x", 256, 8, 0, 1, 0},        /* In the other cache's slab. */
        {"x", 0, 16, 0, 1, 0},         /* Wrong span. */
        {"x", 0, 8, 0, 1, 9},          /* No such cache. */
        {"x", 256 + 240, 24, 0, 1, 1}, /* Past the slab's last slot (10 of 24). */
    };
    struct heap h;
    struct heap_block t = {"t", 8, 8, 0, 1, 0};
    char err[ERRLEN];

    rebuild_refuses(HEAP_SLAB, 1024, 256, two_slabs, bad, sizeof bad / sizeof bad[0]);
    if (!make_with(&h, HEAP_SLAB, 1024, 256, two_slabs))
        return;
    TEST(heap_slab_ops.rebuild(&h, err, sizeof err) == 0);
    OK(&h);
    put(&h, "t", &t);
    put(&h, "u", &t);
    TEST(heap_slab_ops.rebuild(&h, err, sizeof err) < 0 && strstr(err, "already taken"));
    h.nblocks = 1;
    TEST(heap_slab_ops.rebuild(&h, err, sizeof err) == 0);
    h.slabs[0].used = 2;
    TEST_INVALID(heap_slab_ops.check, &h);
    h.slabs[0].used = 1;
    OK(&h);
    h.slabs[1].addr = 0; /* Two slabs on one page. */
    TEST(heap_slab_ops.rebuild(&h, err, sizeof err) < 0);
    TEST_INVALID(heap_slab_ops.check, &h);
    h.slabs[1].addr = 300; /* Not on a page boundary. */
    TEST(heap_slab_ops.rebuild(&h, err, sizeof err) < 0);
    h.slabs[1].addr = 1024; /* Outside. */
    TEST(heap_slab_ops.rebuild(&h, err, sizeof err) < 0);
    h.slabs[1].addr = 256;
    unmake(&h);
}

/* ------------------------------------------------------------------------ */
/* Through heap.c: heap_init, heap_malloc, heap_free, heap_realloc, the
 * restore functions and heap_compare on the three allocators. */

/* Checks every invariant through heap_check (the core's and the kind's). */
#define HOK(h) TEST_VALID(heap_check, h)

/* Makes h with heap_init (buddy: min_block arg; slab: slab_bytes arg). */
static int hmake(struct heap *h, enum heap_kind k, uint64_t bytes, uint64_t arg)
{
    struct heap_config c;
    char err[ERRLEN] = "";
    int rc;

    heap_config_default(&c, k);
    if (k == HEAP_BUDDY)
        c.min_block = arg;
    if (k == HEAP_SLAB)
        c.slab_bytes = arg;
    memset(h, 0, sizeof *h);
    rc = heap_init(h, bytes, &c, err, sizeof err);
    TEST_MSG(rc == 0, err);
    return rc == 0;
}

/* The lecture example through heap_malloc and heap_free: the core's what,
 * the buddy's why, the fragmentation, the counters. */
static void test_core_buddy(void)
{
    struct heap h;
    struct note n;
    struct heap_frag f;
    char pic[PIC];

    if (!hmake(&h, HEAP_BUDDY, 1 << 20, 16))
        return;
    TEST(heap_malloc(&h, "A", 71680, NULL, &n) == 0);
    TEST_MSG(!strcmp(n.what, "malloc A 71680: 131072 B at 0x0 (header 0, padding 59392); "
                             "searched 4 sizes, split 3"),
             n.what);
    TEST_MSG(strstr(n.why, "split 1M -> 512K -> 256K -> 128K, took 0x0 (128K)") == n.why, n.why);
    heap_frag_now(&h, &f);
    TEST(f.internal == 59392 && f.free == 917504 && f.largest == 524288);
    TEST(f.external > 0.428 && f.external < 0.429); /* 1 - 512K / 896K = 3/7 */
    TEST(heap_malloc(&h, "B", 35840, NULL, NULL) == 0);
    TEST(heap_malloc(&h, "C", 81920, NULL, &n) == 0);
    TEST(heap_free(&h, "A", NULL) == 0);
    TEST(heap_malloc(&h, "D", 61440, NULL, &n) == 0);
    TEST(heap_free(&h, "B", &n) == 0);
    TEST(heap_free(&h, "D", &n) == 0);
    TEST_MSG(strstr(n.why, "merged with buddy 0x80 -> 128K at 0x20000") == NULL, n.why);
    TEST_MSG(strstr(n.why, "merged with buddy 0x20000 -> 128K at 0x20000, with buddy 0x0 -> "
                           "256K at 0x0; buddy 0x40000 (256K) is not free"),
             n.why);
    TEST_MSG(!strcmp(layout(&h, pic), "-:256K C:128K -:128K -:512K"), pic);
    TEST(h.total.ops == 7 && h.total.refused == 0 && h.total.max_steps == 7);
    HOK(&h);
    TEST(heap_malloc(&h, "E", 2 << 20, NULL, &n) < 0); /* Refused: counted. */
    TEST_MSG(strstr(n.what, "more than the whole heap"), n.what);
    TEST(h.total.ops == 8 && h.total.refused == 1 && h.last.refused == 1);
    TEST(heap_realloc(&h, "C", 200000, &n) == 0); /* 256K: its buddy is free. */
    TEST_MSG(strstr(n.what, "in place"), n.what);
    TEST_MSG(!strcmp(layout(&h, pic), "-:256K C:256K -:512K"), pic);
    TEST(heap_realloc(&h, "C", 600000, &n) < 0); /* 1M: not while C holds part of it. */
    TEST(h.total.refused == 2);
    TEST(heap_realloc(&h, "C", 400000, &n) == 0); /* 512K: C is a high half: moved. */
    TEST_MSG(strstr(n.what, "moved from 0x40000"), n.what);
    TEST_MSG(!strcmp(layout(&h, pic), "-:512K C:512K"), pic);
    TEST(heap_realloc(&h, "C", 100, NULL) == 0);
    HOK(&h);
    heap_free_all(&h);
}

/* Through the core: caches, kmalloc's choice, a realloc that moves to a
 * larger cache, pools added by heap_pool_add, NULL notes everywhere. */
static void test_core_slab_pool(void)
{
    struct heap h;
    struct note n;
    char pic[PIC];

    if (!hmake(&h, HEAP_SLAB, 8192, 4096))
        return;
    TEST(heap_cache_add(&h, "small", 24, NULL) == 0);
    TEST(heap_cache_add(&h, "large", 200, &n) == 0);
    TEST(heap_malloc(&h, "a", 20, NULL, NULL) == 0);
    TEST(heap_malloc(&h, "b", 20, "large", NULL) == 0 && heap_find(&h, "b")->addr == 4096);
    TEST(heap_malloc(&h, "c", 300, NULL, &n) < 0 && strstr(n.what, "no cache holds 300 B"));
    TEST(heap_realloc(&h, "a", 24, NULL) == 0 && heap_find(&h, "a")->addr == 0);
    TEST(heap_realloc(&h, "a", 100, &n) == 0); /* Moves to large, after b. */
    TEST(heap_find(&h, "a")->addr == 4096 + 200 && heap_find(&h, "a")->where == 1);
    TEST(heap_free(&h, "b", NULL) == 0);
    TEST(h.nslabs == 2 && h.slabs[0].used == 0 && h.slabs[1].used == 1);
    TEST_MSG(!strcmp(layout(&h, pic), "a:200"), pic);
    HOK(&h);
    heap_free_all(&h);

    if (!hmake(&h, HEAP_POOL, 4096, 0))
        return;
    TEST(heap_pool_add(&h, 32, 8, NULL) == 0);
    TEST(heap_pool_add(&h, 128, 4, NULL) == 0);
    TEST(h.pools[1].base == 256);
    TEST(heap_malloc(&h, "p", 30, NULL, NULL) == 0 && heap_find(&h, "p")->where == 0);
    TEST(heap_realloc(&h, "p", 32, NULL) == 0 && heap_find(&h, "p")->addr == 0);
    TEST(heap_realloc(&h, "p", 33, NULL) == 0 && heap_find(&h, "p")->addr == 256);
    TEST(heap_malloc(&h, "q", 129, NULL, &n) < 0);
    TEST_MSG(strstr(n.what, "larger than the largest block (128 B)"), n.what);
    TEST(h.total.refused == 1);
    TEST_MSG(!strcmp(layout(&h, pic), "-:256 p:128 -:384 -:3328"), pic);
    HOK(&h);
    heap_free_all(&h);
}

/* Restores h's blocks (and slabs, caches, pools) into a fresh heap through
 * heap_restore_*; the layout must come back. */
static void restore_same(const struct heap *h)
{
    struct heap g;
    char err[ERRLEN] = "", a[PIC], b[PIC];
    int rc = 0;

    g = *h;
    memset(&g, 0, sizeof g);
    if (heap_init(&g, h->bytes, &h->cfg, err, sizeof err) < 0) {
        TEST_MSG(0, err);
        return;
    }
    for (unsigned i = 0; i < h->ncaches; i++)
        rc |= heap_cache_add(&g, h->caches[i].name, h->caches[i].object, NULL);
    for (unsigned i = 0; i < h->npools; i++)
        rc |= heap_pool_add(&g, h->pools[i].block, h->pools[i].count, NULL);
    for (size_t i = 0; i < h->nslabs && !rc; i++)
        rc |= heap_restore_slab(&g, h->slabs[i].cache, h->slabs[i].addr, err, sizeof err);
    for (size_t i = 0; i < h->nblocks && !rc; i++) {
        const struct heap_block *bl = &h->blocks[i];

        rc |= heap_restore_block(&g, bl->name, bl->addr, bl->span, bl->header, bl->size, bl->where,
                                 err, sizeof err);
    }
    g.total = h->total;
    TEST_MSG(rc == 0 && heap_restore_done(&g, err, sizeof err) == 0, err);
    TEST(!strcmp(layout(h, a), layout(&g, b)));
    TEST(ops_of(h)->largest(h) == ops_of(&g)->largest(&g));
    heap_free_all(&g);
}

/* Random mallocs, frees and reallocs through the core on each allocator:
 * heap_check after every step; restored at the end. */
static void core_random(enum heap_kind k, uint64_t bytes, uint64_t arg, uint64_t maxreq)
{
    struct heap h;
    char err[ERRLEN] = "", name[16];
    int bad = 0;

    if (!hmake(&h, k, bytes, arg))
        return;
    if (k == HEAP_SLAB)
        for (uint64_t o = 8; o <= 1024; o *= 2) {
            snprintf(name, sizeof name, "k%llu", (unsigned long long)o);
            TEST(heap_cache_add(&h, name, o - 3, NULL) == 0);
        }
    if (k == HEAP_POOL)
        for (uint64_t b = 16; b <= 1024; b *= 4)
            TEST(heap_pool_add(&h, b, bytes / 4 / b, NULL) == 0);
    for (int s = 0; s < 3000; s++) {
        int op = (int)rnd(10);

        snprintf(name, sizeof name, "n%llu", (unsigned long long)rnd(200));
        if (op < 5)
            heap_malloc(&h, name, 1 + rnd(rnd(5) ? maxreq / 16 : maxreq), NULL, NULL);
        else if (op < 8)
            heap_free(&h, name, NULL);
        else
            heap_realloc(&h, name, 1 + rnd(maxreq / 4), NULL);
        bad += heap_check(&h, err, sizeof err) < 0;
    }
    TEST_MSG(bad == 0, err);
    TEST(h.total.refused > 0 && h.nblocks > 10);
    restore_same(&h);
    heap_free_all(&h);
}

static void test_core_random(void)
{
    core_random(HEAP_BUDDY, 65536, 16, 8192);
    core_random(HEAP_SLAB, 65536 + 100, 2048, 1024);
    core_random(HEAP_POOL, 65536, 0, 1024);
}

/* heap_restore_done refuses what the allocators cannot rebuild. */
static void test_core_restore_bad(void)
{
    struct heap h;
    char err[ERRLEN] = "";

    if (!hmake(&h, HEAP_BUDDY, 1024, 16))
        return;
    TEST(heap_restore_block(&h, "a", 32, 64, 0, 10, HEAP_NONE, err, sizeof err) == 0);
    TEST(heap_restore_done(&h, err, sizeof err) < 0 && strstr(err, "not a buddy block"));
    heap_free_all(&h);
    if (!hmake(&h, HEAP_SLAB, 1024, 256))
        return;
    TEST(heap_cache_add(&h, "c", 16, NULL) == 0);
    TEST(heap_restore_block(&h, "a", 256, 16, 0, 10, 0, err, sizeof err) == 0);
    TEST(heap_restore_done(&h, err, sizeof err) < 0 && strstr(err, "not in a slot"));
    heap_free_all(&h);
    if (!hmake(&h, HEAP_POOL, 1024, 0))
        return;
    TEST(heap_pool_add(&h, 16, 4, NULL) == 0);
    TEST(heap_restore_block(&h, "a", 8, 16, 0, 10, 0, err, sizeof err) == 0);
    TEST(heap_restore_done(&h, err, sizeof err) < 0 && strstr(err, "not a block of pool 0"));
    heap_free_all(&h);
}

/* Restores random blocks (and slabs) that may break any rule: heap_restore_done
 * either refuses, or gives a heap that checks and works on (under ASan in
 * make test: no read or write out of place either way). */
static void garbage_restore(enum heap_kind k, uint64_t arg, int *ok, int *no)
{
    static const uint64_t spans[] = {8, 16, 24, 32, 64, 100, 128, 256};
    static const uint32_t wheres[] = {0, 1, 2, HEAP_NONE};
    struct heap h;
    char err[ERRLEN], name[16];

    if (!hmake(&h, k, 1024, arg))
        return;
    if (k == HEAP_SLAB) {
        TEST(heap_cache_add(&h, "a", 16, NULL) == 0 && heap_cache_add(&h, "b", 100, NULL) == 0);
        for (uint64_t pg = 0; pg < 4; pg++)
            if (rnd(2))
                heap_restore_slab(&h, (uint32_t)rnd(3), pg * 256, err, sizeof err);
    }
    if (k == HEAP_POOL)
        TEST(heap_pool_add(&h, 16, 8, NULL) == 0 && heap_pool_add(&h, 100, 3, NULL) == 0);
    for (int b = (int)rnd(5); b >= 0; b--) {
        uint64_t span = spans[rnd(8)];

        snprintf(name, sizeof name, "g%d", b);
        heap_restore_block(&h, name, rnd(1024 / 8) * 8, span, 0, 1 + rnd(span),
                           k == HEAP_BUDDY && rnd(4) ? HEAP_NONE : wheres[rnd(4)], err, sizeof err);
    }
    if (heap_restore_done(&h, err, sizeof err) == 0) {
        ++*ok;
        HOK(&h);
        heap_malloc(&h, "new", 1 + rnd(100), NULL, NULL);
        heap_free(&h, "g0", NULL);
        HOK(&h);
    } else {
        ++*no;
    }
    heap_free_all(&h);
}

static void test_core_garbage(void)
{
    static const struct {
        enum heap_kind k;
        uint64_t arg;
    } kinds[] = {{HEAP_BUDDY, 8}, {HEAP_SLAB, 256}, {HEAP_POOL, 0}};

    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        int ok = 0, no = 0;

        for (int t = 0; t < 2000; t++)
            garbage_restore(kinds[i].k, kinds[i].arg, &ok, &no);
        TEST(ok > 20 && no > 20);
    }
}

/* heap_compare plays a workload as heap_malloc and heap_free would. */
static void test_core_compare(void)
{
    struct heap_workop ops[64];
    struct heap_config cfg[3];
    struct heap_result res[3];
    struct heap h, t;
    char err[ERRLEN] = "";
    size_t n = 0;

    for (int i = 0; i < 40; i++) {
        ops[n].op = HEAP_OP_MALLOC;
        snprintf(ops[n].name, sizeof ops[n].name, "w%d", i);
        ops[n++].size = 1 + rnd(3000);
        if (i % 3 == 2) {
            ops[n] = ops[n - 2];
            ops[n++].op = HEAP_OP_FREE;
        }
    }
    heap_config_default(&cfg[0], HEAP_BUDDY);
    heap_config_default(&cfg[1], HEAP_SLAB);
    heap_config_default(&cfg[2], HEAP_POOL);
    if (!hmake(&h, HEAP_FREELIST, 32768, 0))
        return;
    TEST_MSG(heap_compare(&h, ops, n, cfg, 3, res, err, sizeof err) == 0, err);
    TEST(hmake(&t, HEAP_BUDDY, 32768, 16));
    for (size_t i = 0; i < n; i++)
        if (ops[i].op == HEAP_OP_MALLOC)
            heap_malloc(&t, ops[i].name, ops[i].size, NULL, NULL);
        else if (heap_find(&t, ops[i].name))
            heap_free(&t, ops[i].name, NULL);
    TEST(!res[0].failed && res[0].ops == t.total.ops && res[0].refused == t.total.refused);
    TEST(res[0].refused > 0 && res[0].max_steps == t.total.max_steps);
    TEST(res[0].end.used == t.used && res[0].end.largest == heap_buddy_ops.largest(&t));
    TEST(!res[1].failed && !res[2].failed && res[1].ops > 0 && res[2].ops > 0);
    heap_free_all(&t);
    heap_free_all(&h);
}

int main(void)
{
    test_bits();
    test_bits_runs();
    test_buddy_lecture();
    test_buddy_wikipedia();
    test_buddy_knuth();
    test_buddy_refusals();
    test_buddy_resize();
    test_buddy_random();
    test_buddy_bad();
    test_buddy_unmerged();
    test_pool();
    test_pool_resize();
    test_pool_random();
    test_pool_bad();
    test_slab();
    test_slab_partial_first();
    test_slab_resize();
    test_slab_random();
    test_slab_bad();
    test_core_buddy();
    test_core_slab_pool();
    test_core_random();
    test_core_restore_bad();
    test_core_compare();
    test_core_garbage();
    return TEST_DONE();
}
