/* test_heap.c: the heap's core (common/heap.c, heap_index.c, heap_check.c,
 * heap_compare.c) and the freelist allocator's own behaviour beyond
 * malloc.py (test_heap_ostep.c replays malloc.py): names and settings,
 * worked examples with their addresses, steps and notes, every refusal with
 * nothing changed, the counters recomputed independently, heap_check after
 * every step of random workloads under every setting (and catching each
 * kind of corruption), restore, compare, and a million live blocks.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heap.h"
#include "pyrand.h"
#include "test.h"

/* Writes everything observable about h into buf (blocks by address, the
 * list in order, counters, last operation): two heaps with the same text
 * are the same heap. */
static void snapshot(const struct heap *h, char *buf, size_t cap)
{
    const struct heap_block **v;
    long n = heap_sorted(h, &v);
    size_t len = 0;

#define PUT(...)                                                                                   \
    do {                                                                                           \
        if (len < cap)                                                                             \
            len += (size_t)snprintf(buf + len, cap - len, __VA_ARGS__);                            \
    } while (0)
    PUT("%llu %llu %llu %zu|", (unsigned long long)h->bytes, (unsigned long long)h->used,
        (unsigned long long)h->asked, h->next_at);
    for (long i = 0; i < n; i++)
        PUT("%s %llu %llu %llu %llu;", v[i]->name, (unsigned long long)v[i]->addr,
            (unsigned long long)v[i]->span, (unsigned long long)v[i]->header,
            (unsigned long long)v[i]->size);
    for (size_t i = 0; i < h->nlist; i++)
        PUT("[%llu %llu]", (unsigned long long)h->list[i].addr,
            (unsigned long long)h->list[i].size);
    PUT("|%llu %llu %llu %llu %llu %.17g|%d %d %s %llu %llu %llu %llu",
        (unsigned long long)h->total.ops, (unsigned long long)h->total.refused,
        (unsigned long long)h->total.steps, (unsigned long long)h->total.max_steps,
        (unsigned long long)h->total.worst_internal, h->total.worst_external, (int)h->last.op,
        h->last.refused, h->last.name, (unsigned long long)h->last.size,
        (unsigned long long)h->last.addr, (unsigned long long)h->last.span,
        (unsigned long long)h->last.st.steps);
#undef PUT
    free(v);
}

/* A freelist heap of `bytes` with the given settings. */
static void make(struct heap *h, uint64_t bytes, uint64_t header, uint64_t align, enum heap_fit fit,
                 enum heap_order order, int coalesce)
{
    struct heap_config c;
    char err[200] = "";

    heap_config_default(&c, HEAP_FREELIST);
    c.header = header;
    c.align = align;
    c.fit = fit;
    c.order = order;
    c.coalesce = coalesce;
    memset(h, 0, sizeof *h);
    TEST_MSG(heap_init(h, bytes, &c, err, sizeof err) == 0, err);
}

static void check_ok(const struct heap *h)
{
    TEST_VALID(heap_check, h);
}

static void test_names(void)
{
    enum heap_kind k;
    enum heap_fit f;
    enum heap_order o;
    char err[200];

    for (int i = 0; i < HEAP_NKINDS; i++)
        TEST(heap_kind_parse(heap_kind_name((enum heap_kind)i), &k) == 0 && (int)k == i);
    for (int i = 0; i <= HEAP_NEXT; i++)
        TEST(heap_fit_parse(heap_fit_name((enum heap_fit)i), &f) == 0 && (int)f == i);
    for (int i = 0; i <= HEAP_BACK; i++)
        TEST(heap_order_parse(heap_order_name((enum heap_order)i), &o) == 0 && (int)o == i);
    TEST(strcmp(heap_kind_name(HEAP_SLAB), "slab") == 0);
    TEST(strcmp(heap_fit_name(HEAP_NEXT), "next") == 0);
    TEST(strcmp(heap_order_name(HEAP_SIZE_DOWN), "size-down") == 0);
    TEST(heap_kind_parse("FREELIST", &k) < 0 && heap_fit_parse("", &f) < 0 &&
         heap_order_parse("addr", &o) < 0);
    TEST(strcmp(heap_kind_name((enum heap_kind)9), "?") == 0);
    TEST(heap_check_name("a", err, sizeof err) == 0);
    TEST(heap_check_name("Ab_9-z", err, sizeof err) == 0);
    TEST(heap_check_name("abcdefghijklmno", err, sizeof err) == 0);
    TEST(heap_check_name("abcdefghijklmnop", err, sizeof err) < 0 && err[0]);
    TEST(heap_check_name("", err, sizeof err) < 0);
    TEST(heap_check_name("9a", err, sizeof err) < 0);
    TEST(heap_check_name("_a", err, sizeof err) < 0);
    TEST(heap_check_name("a b", err, sizeof err) < 0 && strstr(err, "character 2"));
    TEST(heap_check_name("a\x01", err, sizeof err) < 0 && !strchr(err, '\x01'));
}

static void test_config(void)
{
    struct heap_config c;
    struct heap h, before;
    char err[200];
    static const struct {
        uint64_t bytes, header, align;
    } bad[] = {{15, 0, 0}, {HEAP_MAX_BYTES + 1, 0, 0}, {100, 100, 0}, {100, 0, 3}, {100, 0, 128},
               {0, 0, 0}};

    heap_config_default(&c, HEAP_FREELIST);
    TEST(c.kind == HEAP_FREELIST && c.header == 0 && c.align == 0 && c.fit == HEAP_FIRST &&
         c.order == HEAP_ADDRSORT && c.coalesce == 1 && c.min_block == 16 && c.slab_bytes == 4096);
    heap_config_default(&c, HEAP_POOL);
    TEST(c.kind == HEAP_POOL);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        heap_config_default(&c, HEAP_FREELIST);
        c.header = bad[i].header;
        c.align = bad[i].align;
        memset(&h, 0xab, sizeof h);
        before = h;
        err[0] = '\0';
        TEST(heap_init(&h, bad[i].bytes, &c, err, sizeof err) < 0 && err[0]);
        TEST(memcmp(&h, &before, sizeof h) == 0);
    }
    heap_config_default(&c, HEAP_FREELIST);
    c.fit = (enum heap_fit)7;
    TEST(heap_init(&h, 100, &c, err, sizeof err) < 0);
    heap_config_default(&c, HEAP_FREELIST);
    c.header = 99;
    c.align = 64;
    TEST_MSG(heap_init(&h, 100, &c, err, sizeof err) == 0, err);
    TEST(h.nlist == 1 && h.list[0].addr == 0 && h.list[0].size == 100 && h.nblocks == 0);
    check_ok(&h);
    heap_free_all(&h);
    TEST(h.bytes == 0 && h.blocks == NULL && h.list == NULL && h.priv == NULL);
    heap_free_all(&h); /* Safe on a zeroed heap. */
}

/* malloc's note and block on a worked example: 4-byte headers, 8-byte
 * alignment, first fit on 64 bytes. */
static void test_example(void)
{
    struct heap h;
    struct note n;
    const struct heap_block *b;

    make(&h, 64, 4, 8, HEAP_FIRST, HEAP_ADDRSORT, 1);
    TEST(heap_malloc(&h, "a", 10, NULL, &n) == 0);
    b = heap_find(&h, "a");
    TEST(b && b->addr == 0 && b->span == 20 && b->header == 4 && b->size == 10);
    TEST(strcmp(n.what, "malloc a 10: 20 B at 0x0 (header 4, padding 6); searched 1 entry, "
                        "split 1") == 0);
    TEST(strstr(n.why, "first fit took entry 0") != NULL);
    TEST(h.nlist == 1 && h.list[0].addr == 20 && h.list[0].size == 44);
    TEST(heap_malloc(&h, "b", 40, NULL, &n) == 0 && heap_find(&h, "b")->addr == 20 &&
         heap_find(&h, "b")->span == 44);
    TEST(h.nlist == 0 && h.last.st.splits == 0 && h.last.st.searched == 1);
    TEST(heap_malloc(&h, "c", 1, NULL, &n) < 0 && strstr(n.what, "no room"));
    TEST(h.total.refused == 1 && h.last.refused == 1 && h.last.st.searched == 0);
    TEST(heap_free(&h, "a", &n) == 0 && strncmp(n.what, "free a: 20 B at 0x0", 19) == 0);
    TEST(h.nlist == 1 && h.list[0].addr == 0 && h.list[0].size == 20);
    TEST(heap_free(&h, "b", &n) == 0 && h.last.st.merges == 1 && strstr(n.what, "merged 1"));
    TEST(h.nlist == 1 && h.list[0].size == 64 && h.used == 0 && h.asked == 0);
    TEST(h.total.ops == 5 && h.total.refused == 1);
    TEST(h.total.worst_internal == 14); /* a's 10 B of header and padding and b's 4. */
    check_ok(&h);
    heap_free_all(&h);
}

/* Fits on the list [0,10] [20,30] [60,20] [90,10] (blocks between), wanting
 * 10 bytes: first and best (the first of the smallest) take 0, worst 20
 * (the largest), next the entry after the last one taken. */
static void holes(struct heap *h, enum heap_fit fit)
{
    static const uint64_t sz[] = {10, 10, 30, 10, 20, 10, 10};

    make(h, 100, 0, 0, fit, HEAP_ADDRSORT, 1);
    for (int i = 0; i < 7; i++) {
        char name[16];

        snprintf(name, sizeof name, "h%d", i);
        TEST(heap_malloc(h, name, sz[i], NULL, NULL) == 0);
    }
    TEST(heap_free(h, "h0", NULL) == 0 && heap_free(h, "h2", NULL) == 0);
    TEST(heap_free(h, "h4", NULL) == 0 && heap_free(h, "h6", NULL) == 0);
    TEST(h->nlist == 4 && h->list[1].addr == 20 && h->list[2].size == 20);
}

static void test_fits(void)
{
    struct heap h;

    holes(&h, HEAP_FIRST);
    TEST(heap_malloc(&h, "x", 10, NULL, NULL) == 0 && h.last.addr == 0 && h.last.st.searched == 1);
    heap_free_all(&h);
    holes(&h, HEAP_BEST);
    TEST(heap_malloc(&h, "x", 10, NULL, NULL) == 0 && h.last.addr == 0 && h.last.st.searched == 4);
    TEST(heap_malloc(&h, "y", 10, NULL, NULL) == 0 && h.last.addr == 90);
    heap_free_all(&h);
    holes(&h, HEAP_WORST);
    TEST(heap_malloc(&h, "x", 10, NULL, NULL) == 0 && h.last.addr == 20 && h.last.st.searched == 4);
    TEST(heap_malloc(&h, "y", 10, NULL, NULL) == 0 && h.last.addr == 30);
    TEST(heap_malloc(&h, "z", 15, NULL, NULL) == 0 && h.last.addr == 60);
    heap_free_all(&h);
    holes(&h, HEAP_NEXT);
    TEST(h.next_at == 0);
    /* Takes [20,30] split: the next search starts after it, at [60,20]. */
    TEST(heap_malloc(&h, "x", 25, NULL, NULL) == 0 && h.last.addr == 20 && h.next_at == 2);
    TEST(heap_malloc(&h, "y", 5, NULL, NULL) == 0 && h.last.addr == 60 && h.last.st.searched == 1);
    TEST(h.next_at == 3);
    /* [90,10] exactly: it leaves the list and the search wraps to entry 0. */
    TEST(heap_malloc(&h, "z", 10, NULL, NULL) == 0 && h.last.addr == 90 && h.next_at == 0);
    TEST(heap_malloc(&h, "w", 6, NULL, NULL) == 0 && h.last.addr == 0 && h.next_at == 1);
    /* A free keeps the search at the same extent, [45,5], wherever it moves. */
    TEST(heap_free(&h, "h1", NULL) == 0 && h.nlist == 3 && h.list[0].size == 14);
    TEST(h.next_at == 1 && h.list[1].addr == 45);
    check_ok(&h);
    heap_free_all(&h);
}

static void test_orders(void)
{
    struct heap h;

    /* Without coalescing, a free puts the extent where the order says. */
    holes(&h, HEAP_FIRST);
    heap_free_all(&h);
    make(&h, 100, 0, 0, HEAP_FIRST, HEAP_FRONT, 0);
    TEST(heap_malloc(&h, "a", 10, NULL, NULL) == 0 && heap_malloc(&h, "b", 30, NULL, NULL) == 0);
    TEST(heap_free(&h, "b", NULL) == 0 && h.list[0].addr == 10 && h.list[1].addr == 40);
    TEST(heap_free(&h, "a", NULL) == 0 && h.list[0].addr == 0 && h.nlist == 3);
    TEST(h.last.st.merges == 0);
    heap_free_all(&h);
    make(&h, 100, 0, 0, HEAP_FIRST, HEAP_SIZE_DOWN, 1);
    TEST(heap_malloc(&h, "a", 10, NULL, NULL) == 0 && heap_malloc(&h, "b", 30, NULL, NULL) == 0);
    TEST(heap_malloc(&h, "c", 5, NULL, NULL) == 0);
    TEST(heap_free(&h, "b", NULL) == 0 && h.list[0].size == 55 && h.list[1].size == 30);
    /* a (10 B at 0) goes after b's 30: it touches b's start but comes after
     * it in the list, so malloc.py's pass does not merge them. */
    TEST(heap_free(&h, "a", NULL) == 0 && h.nlist == 3 && h.list[2].addr == 0);
    TEST(h.last.st.merges == 0);
    check_ok(&h);
    heap_free_all(&h);
}

/* Every refusal of bad input leaves h exactly as it was, with a reason. */
static void test_refusals(void)
{
    struct heap h;
    struct note n;
    char before[4096], after[4096], err[200];

    make(&h, 64, 0, 0, HEAP_FIRST, HEAP_ADDRSORT, 1);
    TEST(heap_malloc(&h, "a", 20, NULL, NULL) == 0 && heap_malloc(&h, "b", 20, NULL, NULL) == 0);
    snapshot(&h, before, sizeof before);
#define REFUSED(call)                                                                              \
    do {                                                                                           \
        note_clear(&n);                                                                            \
        TEST((call) < 0 && n.what[0]);                                                             \
        snapshot(&h, after, sizeof after);                                                         \
        TEST_MSG(strcmp(before, after) == 0, #call);                                               \
    } while (0)
    REFUSED(heap_malloc(&h, "9x", 4, NULL, &n));
    REFUSED(heap_malloc(&h, "", 4, NULL, &n));
    REFUSED(heap_malloc(&h, "a", 4, NULL, &n));
    REFUSED(heap_malloc(&h, "c", 0, NULL, &n));
    REFUSED(heap_malloc(&h, "c", HEAP_MAX_BYTES + 1, NULL, &n));
    REFUSED(heap_malloc(&h, "c", 4, "size-16", &n));
    REFUSED(heap_free(&h, "c", &n));
    REFUSED(heap_free(&h, "no such block at all", &n));
    REFUSED(heap_realloc(&h, "c", 4, &n));
    REFUSED(heap_realloc(&h, "a", 0, &n));
    REFUSED(heap_cache_add(&h, "k", 16, &n));
    REFUSED(heap_pool_add(&h, 16, 2, &n));
    TEST(heap_restore_extent(&h, 70, 1, err, sizeof err) < 0);
    TEST(heap_restore_slab(&h, 0, 0, err, sizeof err) < 0);
    TEST(heap_restore_block(&h, "a", 40, 4, 0, 4, HEAP_NONE, err, sizeof err) < 0);
    snapshot(&h, after, sizeof after);
    TEST(strcmp(before, after) == 0);
    /* No room: refused and counted, the blocks and the list unchanged. */
    note_clear(&n);
    TEST(heap_malloc(&h, "c", 25, NULL, &n) < 0 && strstr(n.what, "no room"));
    TEST(strncmp(n.what, "no room", 7) == 0 && strstr(n.why, "searched 1"));
    TEST(h.total.ops == 3 && h.total.refused == 1 && h.last.refused && h.last.op == HEAP_OP_MALLOC);
    TEST(strcmp(h.last.name, "c") == 0 && h.last.size == 25 && h.last.st.searched == 1);
    TEST(heap_realloc(&h, "a", 45, &n) < 0 && h.total.refused == 2);
    TEST(strncmp(n.what, "no room", 7) == 0);
    TEST(h.last.op == HEAP_OP_REALLOC && h.last.refused);
    snapshot(&h, after, sizeof after);
    TEST(strncmp(before, after, (size_t)(strchr(before, '|') - before)) == 0);
    TEST(strcmp(strchr(strchr(before, '|') + 1, '|'), strchr(strchr(after, '|') + 1, '|')) != 0);
    TEST(heap_find(&h, "a")->span == 20 && heap_find(&h, "a")->addr == 0);
    check_ok(&h);
#undef REFUSED
    heap_free_all(&h);
    /* A zeroed heap refuses everything. */
    memset(&h, 0, sizeof h);
    TEST(heap_malloc(&h, "a", 1, NULL, &n) < 0 && heap_free(&h, "a", &n) < 0);
    TEST(heap_check(&h, err, sizeof err) < 0);
}

/* What the test expects of the counters, kept apart from the heap's. */
struct shadow {
    uint64_t ops, refused, steps, max_steps, worst_internal;
    double worst_external;
};

/* Recomputes the fragmentation from the blocks and the free extents and
 * checks it, heap_frag_now and the counters after an operation. */
static void check_counters(const struct heap *h, struct shadow *sh)
{
    struct heap_extent *e;
    struct heap_frag f;
    long ne = heap_free_extents(h, &e);
    uint64_t used = 0, asked = 0, largest = 0, free_sum = 0;
    double ext;

    for (size_t i = 0; i < h->nblocks; i++) {
        used += h->blocks[i].span;
        asked += h->blocks[i].size;
    }
    for (long i = 0; i < ne; i++) {
        free_sum += e[i].size;
        if (e[i].size > largest)
            largest = e[i].size;
        TEST(i == 0 || e[i - 1].addr < e[i].addr);
    }
    free(e);
    ext = free_sum ? 1.0 - (double)largest / (double)free_sum : 0.0;
    heap_frag_now(h, &f);
    TEST(f.used == used && f.asked == asked && f.internal == used - asked);
    TEST(f.free == h->bytes - used && free_sum == f.free && f.largest == largest);
    TEST(f.external == ext);
    sh->ops++;
    sh->refused += h->last.refused;
    sh->steps += h->last.st.steps;
    if (h->last.st.steps > sh->max_steps)
        sh->max_steps = h->last.st.steps;
    if (used - asked > sh->worst_internal)
        sh->worst_internal = used - asked;
    if (ext > sh->worst_external)
        sh->worst_external = ext;
    TEST(h->last.st.steps == h->last.st.searched + h->last.st.splits + h->last.st.merges);
    TEST(h->total.ops == sh->ops && h->total.refused == sh->refused);
    TEST(h->total.steps == sh->steps && h->total.max_steps == sh->max_steps);
    TEST(h->total.worst_internal == sh->worst_internal);
    TEST(h->total.worst_external == sh->worst_external);
}

/* Bytes a request of `bytes` takes under h's settings. */
static uint64_t need_of(const struct heap *h, uint64_t bytes)
{
    uint64_t a = h->cfg.align;

    return (a ? (bytes + a - 1) / a * a : bytes) + h->cfg.header;
}

/* One random operation on h: malloc (60%), free or realloc of a live block.
 * Checks what it did against the request; a refusal must be for room. */
static void random_op(struct heap *h, struct pyrand *g, unsigned *serial, struct shadow *sh)
{
    char name[16];
    uint64_t bytes = pyrand_scaled(g, h->bytes / 8) + 1, largest;
    struct heap_frag f;
    double r = pyrand_random(g);

    heap_frag_now(h, &f);
    largest = f.largest;
    if (r < 0.6 || h->nblocks == 0) {
        snprintf(name, sizeof name, "b%u", (*serial)++);
        if (heap_malloc(h, name, bytes, NULL, NULL) == 0) {
            const struct heap_block *b = heap_find(h, name);

            TEST(b && b->size == bytes && b->span == need_of(h, bytes));
        } else {
            TEST(h->last.refused && largest < need_of(h, bytes) && !heap_find(h, name));
        }
    } else {
        const struct heap_block **v;
        long nb = heap_sorted(h, &v);
        struct heap_block b = *v[pyrand_scaled(g, (uint64_t)nb)];

        free(v);

        if (r < 0.85) {
            TEST(heap_free(h, b.name, NULL) == 0 && !heap_find(h, b.name));
        } else if (heap_realloc(h, b.name, bytes, NULL) == 0) {
            TEST(heap_find(h, b.name)->size == bytes);
            TEST(heap_find(h, b.name)->span >= need_of(h, bytes));
        } else {
            TEST(h->last.refused && memcmp(heap_find(h, b.name), &b, sizeof b) == 0);
        }
    }
    check_counters(h, sh);
    check_ok(h);
}

/* Random workloads under every setting, heap_check after every step. */
static void test_random(void)
{
    static const uint64_t headers[] = {0, 4}, aligns[] = {0, 8};
    struct pyrand g;
    unsigned serial = 0, configs = 0;

    pyrand_seed(&g, 15);
    for (int fit = 0; fit <= HEAP_NEXT; fit++)
        for (int order = 0; order <= HEAP_BACK; order++)
            for (int co = 0; co < 2; co++)
                for (int hd = 0; hd < 2; hd++)
                    for (int al = 0; al < 2; al++) {
                        struct heap h;
                        struct shadow sh = {0, 0, 0, 0, 0, 0};

                        make(&h, 512, headers[hd], aligns[al], (enum heap_fit)fit,
                             (enum heap_order)order, co);
                        for (int i = 0; i < 150; i++)
                            random_op(&h, &g, &serial, &sh);
                        TEST(sh.refused > 0 && h.total.ops == 150);
                        heap_free_all(&h);
                        configs++;
                    }
    TEST(configs == 4 * 5 * 2 * 2 * 2);
}

/* realloc: in place within the span, into the extent after it, moved, or
 * refused with the block unchanged. */
static void test_realloc(void)
{
    struct heap h;
    struct note n;

    make(&h, 100, 4, 4, HEAP_FIRST, HEAP_ADDRSORT, 1);
    TEST(heap_malloc(&h, "a", 10, NULL, NULL) == 0 && heap_find(&h, "a")->span == 16);
    TEST(heap_malloc(&h, "b", 10, NULL, NULL) == 0 && heap_find(&h, "b")->addr == 16);
    TEST(heap_realloc(&h, "a", 3, &n) == 0 && strstr(n.what, "in place"));
    TEST(heap_find(&h, "a")->span == 16 && heap_find(&h, "a")->size == 3 && h.asked == 13);
    TEST(h.last.op == HEAP_OP_REALLOC && h.last.st.steps == 0);
    /* b grows into the free extent right after it: [32, 68] shrinks. */
    TEST(heap_realloc(&h, "b", 30, &n) == 0 && heap_find(&h, "b")->addr == 16);
    TEST(heap_find(&h, "b")->span == 36 && h.list[0].addr == 52 && h.list[0].size == 48);
    TEST(h.last.st.searched == 1 && h.last.st.splits == 1);
    /* a cannot grow in place (b follows): it moves to 52, 0..16 is free. */
    TEST(heap_realloc(&h, "a", 20, &n) == 0 && strstr(n.what, "moved from 0x0"));
    TEST(heap_find(&h, "a")->addr == 52 && heap_find(&h, "a")->span == 24);
    TEST(h.nlist == 2 && h.list[0].addr == 0 && h.list[0].size == 16 && h.list[1].addr == 76);
    TEST(h.used == 60 && h.asked == 50);
    /* Exactly the rest after it: the extent leaves the list. */
    TEST(heap_realloc(&h, "a", 44, &n) == 0 && heap_find(&h, "a")->span == 48 && h.nlist == 1);
    TEST(heap_realloc(&h, "a", 100, &n) < 0 && heap_find(&h, "a")->span == 48);
    TEST(h.total.refused == 1 && h.used == 84);
    check_ok(&h);
    heap_free_all(&h);
}

/* heap_check catches each kind of damage (and passes once it is undone). */
static void test_check_catches(void)
{
    struct heap h;
    char err[200];
    uint64_t keep;
    size_t keepn;
    char name[HEAP_NAME_MAX + 1];

    make(&h, 100, 4, 0, HEAP_NEXT, HEAP_ADDRSORT, 1);
    TEST(heap_malloc(&h, "a", 10, NULL, NULL) == 0 && heap_malloc(&h, "b", 10, NULL, NULL) == 0);
    TEST(heap_malloc(&h, "c", 10, NULL, NULL) == 0 && heap_free(&h, "b", NULL) == 0);
    check_ok(&h);
#define DAMAGE(field, bad)                                                                         \
    do {                                                                                           \
        keep = (uint64_t)(field);                                                                  \
        field = bad;                                                                               \
        err[0] = '\0';                                                                             \
        TEST_MSG(heap_check(&h, err, sizeof err) < 0 && err[0], #field);                           \
        field = keep;                                                                              \
        check_ok(&h);                                                                              \
    } while (0)
    DAMAGE(h.used, h.used + 1);
    DAMAGE(h.asked, h.asked - 1);
    DAMAGE(h.blocks[0].addr, h.blocks[1].addr);
    DAMAGE(h.blocks[0].span, h.blocks[0].span - 1);
    DAMAGE(h.blocks[0].span, h.blocks[0].span + 1);
    DAMAGE(h.blocks[1].header, 3);
    DAMAGE(h.blocks[1].size, 0);
    DAMAGE(h.blocks[1].addr, 200);
    DAMAGE(h.blocks[0].where, 0);
    DAMAGE(h.list[0].size, h.list[0].size + 1);
    DAMAGE(h.list[1].addr, h.list[0].addr);
    DAMAGE(h.next_at, h.nlist);
    DAMAGE(h.total.refused, h.total.ops + 1);
    DAMAGE(h.total.max_steps, h.total.steps + 1);
    DAMAGE(h.total.worst_internal, h.used - h.asked - 1);
    DAMAGE(h.last.st.steps, h.last.st.searched + h.last.st.splits + h.last.st.merges - 1);
    DAMAGE(h.cfg.header, 100);
    DAMAGE(h.bytes, 8);
    keepn = h.nblocks;
    DAMAGE(h.nblocks, keepn - 1);
    memcpy(name, h.blocks[0].name, sizeof name);
    /* Two blocks of one name: the index cannot find both. */
    strcpy(h.blocks[0].name, h.blocks[1].name);
    TEST_MSG(heap_check(&h, err, sizeof err) < 0 && strstr(err, "name index"), err);
    memcpy(h.blocks[0].name, name, sizeof name);
    strcpy(h.blocks[0].name, "9");
    TEST(heap_check(&h, err, sizeof err) < 0);
    memcpy(h.blocks[0].name, name, sizeof name);
    check_ok(&h);
    /* Two free extents that touch in address order: not coalesced. */
    TEST(heap_free(&h, "a", NULL) == 0 && h.nlist == 2 && h.list[0].size == 28);
    h.list[2] = h.list[1];
    h.list[1].addr = 14;
    h.list[1].size = 14;
    h.list[0].size = 14;
    h.nlist = 3;
    TEST(heap_check(&h, err, sizeof err) < 0 && strstr(err, "coalesced"));
    h.cfg.coalesce = 0;
    check_ok(&h);
#undef DAMAGE
    heap_free_all(&h);
}

/* Rebuilds h in a fresh heap through the restore functions (as the status
 * file's reader does). Returns 0 or -1. */
static int restore_copy(const struct heap *h, struct heap *r)
{
    const struct heap_block **v;
    long n = heap_sorted(h, &v);
    char err[200] = "";
    int rc = 0;

    memset(r, 0, sizeof *r);
    if (n < 0 || heap_init(r, h->bytes, &h->cfg, err, sizeof err) < 0)
        rc = -1;
    r->nlist = 0; /* The saved list replaces the new heap's. */
    for (long i = 0; i < n && rc == 0; i++)
        rc = heap_restore_block(r, v[i]->name, v[i]->addr, v[i]->span, v[i]->header, v[i]->size,
                                v[i]->where, err, sizeof err);
    for (size_t i = 0; i < h->nlist && rc == 0; i++)
        rc = heap_restore_extent(r, h->list[i].addr, h->list[i].size, err, sizeof err);
    free(v);
    if (rc < 0)
        return -1;
    r->next_at = h->next_at;
    r->last = h->last;
    r->total = h->total;
    rc = heap_restore_done(r, err, sizeof err);
    TEST_MSG(rc == 0, err);
    return rc;
}

/* A restored heap is the same heap and goes on the same way. */
static void test_restore(void)
{
    static const enum heap_order orders[] = {HEAP_ADDRSORT, HEAP_SIZE_UP, HEAP_BACK};
    char a[8192], b[8192], err[200];
    struct pyrand g;
    unsigned serial = 0;

    pyrand_seed(&g, 1515);
    for (int i = 0; i < 3; i++) {
        struct heap h, r;
        struct shadow sh = {0, 0, 0, 0, 0, 0}, sr;
        struct pyrand g2;
        unsigned serial2;

        make(&h, 1024, 4, 8, i == 1 ? HEAP_BEST : HEAP_NEXT, orders[i], i != 2);
        for (int k = 0; k < 120; k++)
            random_op(&h, &g, &serial, &sh);
        TEST(restore_copy(&h, &r) == 0);
        snapshot(&h, a, sizeof a);
        snapshot(&r, b, sizeof b);
        TEST(strcmp(a, b) == 0);
        g2 = g;
        serial2 = serial;
        sr = sh;
        for (int k = 0; k < 120; k++) {
            random_op(&h, &g, &serial, &sh);
            random_op(&r, &g2, &serial2, &sr);
        }
        snapshot(&h, a, sizeof a);
        snapshot(&r, b, sizeof b);
        TEST(strcmp(a, b) == 0 && h.total.ops == 240);
        heap_free_all(&h);
        heap_free_all(&r);
    }
    /* What restore refuses, and what restore_done's check catches. */
    {
        struct heap r;

        make(&r, 100, 0, 0, HEAP_FIRST, HEAP_ADDRSORT, 1);
        r.nlist = 0;
        TEST(heap_restore_block(&r, "a", 0, 10, 0, 10, HEAP_NONE, err, sizeof err) == 0);
        TEST(heap_restore_block(&r, "a", 20, 10, 0, 10, HEAP_NONE, err, sizeof err) < 0);
        TEST(heap_restore_block(&r, "1a", 20, 10, 0, 10, HEAP_NONE, err, sizeof err) < 0);
        TEST(heap_restore_block(&r, "b", 20, 10, 4, 7, HEAP_NONE, err, sizeof err) < 0);
        TEST(heap_restore_block(&r, "b", 20, 10, 0, 0, HEAP_NONE, err, sizeof err) < 0);
        TEST(heap_restore_block(&r, "b", 95, 10, 0, 10, HEAP_NONE, err, sizeof err) < 0);
        TEST(heap_restore_extent(&r, 95, 10, err, sizeof err) < 0);
        TEST(heap_restore_extent(&r, 10, 0, err, sizeof err) < 0);
        TEST(r.nblocks == 1 && r.nlist == 0 && r.used == 10);
        TEST(heap_restore_extent(&r, 10, 80, err, sizeof err) == 0);
        TEST(heap_restore_done(&r, err, sizeof err) < 0 && strstr(err, "end at")); /* 90..100 */
        TEST(heap_restore_block(&r, "b", 5, 10, 0, 10, HEAP_NONE, err, sizeof err) == 0);
        TEST(heap_restore_done(&r, err, sizeof err) < 0 && strstr(err, "overlap"));
        heap_free_all(&r);
    }
}

/* heap_compare plays the workload on fresh heaps: the same figures as
 * playing it directly, a free of a refused block skipped, h unchanged. */
static void test_compare(void)
{
    static const struct {
        enum heap_op_kind op;
        const char *name;
        uint64_t size;
    } w[] = {{HEAP_OP_MALLOC, "a", 30}, {HEAP_OP_MALLOC, "b", 20},  {HEAP_OP_MALLOC, "c", 40},
             {HEAP_OP_FREE, "b", 0},    {HEAP_OP_MALLOC, "d", 10},  {HEAP_OP_MALLOC, "e", 90},
             {HEAP_OP_FREE, "e", 0},    {HEAP_OP_REALLOC, "a", 45}, {HEAP_OP_FREE, "a", 0},
             {HEAP_OP_MALLOC, "f", 25}, {HEAP_OP_FREE, "nope", 0},  {HEAP_OP_MALLOC, "9", 5}};
    struct heap_workop ops[sizeof w / sizeof *w];
    struct heap_config cfgs[5];
    struct heap_result res[5];
    struct heap h;
    char before[4096], after[4096], err[200];
    size_t n = sizeof w / sizeof *w;

    for (size_t i = 0; i < n; i++) {
        ops[i].op = w[i].op;
        snprintf(ops[i].name, sizeof ops[i].name, "%s", w[i].name);
        ops[i].size = w[i].size;
    }
    for (int i = 0; i < 5; i++) {
        heap_config_default(&cfgs[i], HEAP_FREELIST);
        cfgs[i].fit = (enum heap_fit)(i % 4);
        cfgs[i].header = 4;
    }
    cfgs[4].header = 128; /* More than the heap: this one cannot be set up. */
    make(&h, 128, 0, 0, HEAP_FIRST, HEAP_ADDRSORT, 1);
    TEST(heap_malloc(&h, "x", 7, NULL, NULL) == 0);
    snapshot(&h, before, sizeof before);
    TEST_MSG(heap_compare(&h, ops, n, cfgs, 5, res, err, sizeof err) == 0, err);
    snapshot(&h, after, sizeof after);
    TEST(strcmp(before, after) == 0);
    TEST(res[4].failed && strstr(res[4].why, "header"));
    for (int i = 0; i < 4; i++) {
        struct heap t;
        struct heap_frag f;

        memset(&t, 0, sizeof t);
        TEST(heap_init(&t, 128, &cfgs[i], err, sizeof err) == 0);
        TEST(heap_malloc(&t, "a", 30, NULL, NULL) == 0 &&
             heap_malloc(&t, "b", 20, NULL, NULL) == 0);
        TEST(heap_malloc(&t, "c", 40, NULL, NULL) == 0 && heap_free(&t, "b", NULL) == 0);
        TEST(heap_malloc(&t, "d", 10, NULL, NULL) == 0 && heap_malloc(&t, "e", 90, NULL, NULL) < 0);
        heap_realloc(&t, "a", 45, NULL);
        TEST(heap_free(&t, "a", NULL) == 0 && heap_malloc(&t, "f", 25, NULL, NULL) == 0);
        heap_frag_now(&t, &f);
        /* Played: 10 (e's free, nope's free and the bad name are skipped). */
        TEST(!res[i].failed && res[i].ops == 9 && t.total.ops == 9);
        TEST(res[i].refused == t.total.refused && res[i].refused >= 1);
        TEST(memcmp(&res[i].end, &f, sizeof f) == 0);
        TEST(res[i].worst_internal == t.total.worst_internal);
        TEST(res[i].worst_external == t.total.worst_external);
        TEST(res[i].max_steps == t.total.max_steps);
        TEST(res[i].mean_steps == (double)t.total.steps / 9.0);
        heap_free_all(&t);
    }
    heap_free_all(&h);
}

/* A million live blocks: the name index finds each, frees take each out
 * (swap-remove moving the last block into its place). */
static void test_million(void)
{
    enum { N = 1000000 };
    struct heap h;
    char name[16];
    int ok = 1;

    make(&h, (uint64_t)N * 16, 0, 0, HEAP_FIRST, HEAP_ADDRSORT, 1);
    for (unsigned i = 0; i < N && ok; i++) {
        snprintf(name, sizeof name, "m%u", i);
        ok = heap_malloc(&h, name, 16, NULL, NULL) == 0 && h.last.addr == (uint64_t)i * 16;
    }
    TEST(ok && h.nblocks == N && h.nlist == 0 && h.used == (uint64_t)N * 16);
    check_ok(&h);
    for (unsigned i = 0; i < N && ok; i += 7) {
        const struct heap_block *b;

        snprintf(name, sizeof name, "m%u", i);
        b = heap_find(&h, name);
        ok = b && b->addr == (uint64_t)i * 16 && strcmp(b->name, name) == 0;
    }
    TEST(ok && heap_find(&h, "m1000000") == NULL);
    /* Every other block first (the list grows to N/2 extents), then the rest
     * from the top, each merging with both neighbours. */
    for (unsigned pass = 0; pass < 2 && ok; pass++)
        for (unsigned k = 0; k < N / 2 && ok; k++) {
            unsigned i = pass == 0 ? 2 * k : N - 1 - 2 * k;

            snprintf(name, sizeof name, "m%u", i);
            ok = heap_free(&h, name, NULL) == 0 && heap_find(&h, name) == NULL;
            if (ok && pass == 0 && i == N / 2) {
                TEST(h.nlist == N / 4 + 1);
                check_ok(&h);
            }
        }
    TEST(ok && h.nblocks == 0 && h.nlist == 1 && h.list[0].size == (uint64_t)N * 16);
    TEST(h.total.ops == 2u * N && h.last.st.merges == 2 && h.total.max_steps >= 2);
    check_ok(&h);
    heap_free_all(&h);
}

int main(void)
{
    test_names();
    test_config();
    test_example();
    test_fits();
    test_orders();
    test_refusals();
    test_random();
    test_realloc();
    test_check_catches();
    test_restore();
    test_compare();
    test_million();
    return TEST_DONE();
}
