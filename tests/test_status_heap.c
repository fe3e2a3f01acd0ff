/* test_status_heap.c: the heap's records in the status file (format version
 * 7, common/status_heap.c): states of every allocator (the free list under
 * every fit and order, with and without headers, alignment and coalescing;
 * buddy; slab; pool) built through the model by random workloads with
 * refusals, written, read back (compared field by field) and written again
 * byte for byte; a state without a heap stays in its old version; and small
 * files with each field and invariant broken, refused on the right line
 * with the right reason. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heap.h"
#include "pyrand.h"
#include "status.h"
#include "test.h"
#include "test_status.h"

/* Returns 1 when heaps a and b hold the same: settings, blocks (by name),
 * free list in order, caches, slabs, pools, counters and last operation. */
static int same_heap(const struct heap *a, const struct heap *b)
{
    int same = a->bytes == b->bytes && a->cfg.kind == b->cfg.kind && a->nblocks == b->nblocks &&
               a->used == b->used && a->asked == b->asked && a->nlist == b->nlist &&
               a->ncaches == b->ncaches && a->nslabs == b->nslabs && a->npools == b->npools &&
               memcmp(&a->total, &b->total, sizeof a->total - sizeof(double)) == 0 &&
               a->last.op == b->last.op;

    for (size_t i = 0; same && i < a->nblocks; i++) {
        const struct heap_block *x = &a->blocks[i], *y = heap_find(b, x->name);
        same = y && x->addr == y->addr && x->span == y->span && x->header == y->header &&
               x->size == y->size && x->where == y->where;
    }
    for (size_t i = 0; same && i < a->nlist; i++)
        same = a->list[i].addr == b->list[i].addr && a->list[i].size == b->list[i].size;
    if (same && a->cfg.kind == HEAP_FREELIST)
        same = a->next_at == b->next_at && a->cfg.header == b->cfg.header &&
               a->cfg.align == b->cfg.align && a->cfg.fit == b->cfg.fit &&
               a->cfg.order == b->cfg.order && a->cfg.coalesce == b->cfg.coalesce;
    for (unsigned i = 0; same && i < a->ncaches; i++)
        same = strcmp(a->caches[i].name, b->caches[i].name) == 0 &&
               a->caches[i].object == b->caches[i].object;
    for (size_t i = 0; same && i < a->nslabs; i++)
        same = a->slabs[i].addr == b->slabs[i].addr && a->slabs[i].cache == b->slabs[i].cache &&
               a->slabs[i].used == b->slabs[i].used;
    for (unsigned i = 0; same && i < a->npools; i++)
        same = a->pools[i].block == b->pools[i].block && a->pools[i].count == b->pools[i].count &&
               a->pools[i].used == b->pools[i].used;
    if (same && a->last.op != HEAP_OP_NONE)
        same = a->last.refused == b->last.refused && strcmp(a->last.name, b->last.name) == 0 &&
               a->last.size == b->last.size && a->last.addr == b->last.addr &&
               a->last.span == b->last.span &&
               memcmp(&a->last.st, &b->last.st, sizeof a->last.st) == 0;
    return same;
}

/* A random workload on h (by seed): n operations, mostly mallocs of up to
 * max bytes (slab: from a random cache or none), frees and reallocs of
 * live blocks; the heap fills up, so some are refused. */
static void workload(struct heap *h, uint64_t seed, int n, uint64_t max)
{
    struct pyrand g;
    char name[HEAP_NAME_MAX + 1];
    struct note note;

    pyrand_seed(&g, seed);
    for (int i = 0; i < n; i++) {
        uint64_t r = pyrand_scaled(&g, 10), size = 1 + pyrand_scaled(&g, max);
        if (h->nblocks && r < 3) {
            const struct heap_block *b = &h->blocks[pyrand_scaled(&g, h->nblocks)];
            snprintf(name, sizeof name, "%s", b->name);
            TEST(heap_free(h, name, &note) == 0);
        } else if (h->nblocks && r == 3) {
            const struct heap_block *b = &h->blocks[pyrand_scaled(&g, h->nblocks)];
            snprintf(name, sizeof name, "%s", b->name);
            heap_realloc(h, name, size, &note);
        } else {
            const char *cache = NULL;
            if (h->cfg.kind == HEAP_SLAB && h->ncaches && pyrand_scaled(&g, 2))
                cache = h->caches[pyrand_scaled(&g, h->ncaches)].name;
            snprintf(name, sizeof name, "b%d", i);
            heap_malloc(h, name, size, cache, &note);
        }
        TEST_VALID(heap_check, h);
    }
}

/* Makes st a fresh state with the heap of bytes under c on, its caches or
 * pools added (slab: 24, 100 and 500 B; pool: 16 B x 32, 64 B x 16, 256 B x
 * 4) and the workload of seed played. Returns 0, or -1 (a failed check). */
static int build(struct status *st, uint64_t bytes, const struct heap_config *c, uint64_t seed,
                 int n, uint64_t max)
{
    char err[256] = "";
    struct note note;

    TEST_MSG(status_init(st, 16, 4096, PG_FIRST, 0, 65536, SEG_FIRST, err, sizeof err) == 0, err);
    if (heap_init(&st->heap, bytes, c, err, sizeof err) < 0) {
        TEST_MSG(!"heap_init", err);
        return -1;
    }
    st->heap_on = 1;
    if (c->kind == HEAP_SLAB) {
        TEST(heap_cache_add(&st->heap, "small", 24, &note) == 0);
        TEST(heap_cache_add(&st->heap, "inode", 100, &note) == 0);
        TEST(heap_cache_add(&st->heap, "page", 500, &note) == 0);
    } else if (c->kind == HEAP_POOL) {
        TEST(heap_pool_add(&st->heap, 16, 32, &note) == 0);
        TEST(heap_pool_add(&st->heap, 64, 16, &note) == 0);
        TEST(heap_pool_add(&st->heap, 256, 4, &note) == 0);
    }
    workload(&st->heap, seed, n, max);
    st->seq = (uint64_t)n;
    return 0;
}

/* Round trips (round_trip: field by field, byte for byte) of st, and its
 * heap compared whole. */
static void heap_round_trip(const char *name, const struct status *st)
{
    struct status back;
    char err[ERRLEN] = "", *text;
    size_t len = 0;

    round_trip(name, st);
    text = format_text(st, &len);
    if (!text)
        return;
    TEST_MSG(strncmp(text, "memtrack-status 7\n", 18) == 0, name);
    TEST_MSG(status_parse_string(text, len, &back, 0, err, sizeof err) == 0, err);
    TEST_MSG(back.heap_on && same_heap(&st->heap, &back.heap), name);
    TEST_VALID(heap_check, &back.heap);
    /* The allocator's own indexes rebuilt: the same largest free block. */
    struct heap_frag fa, fb;
    heap_frag_now(&st->heap, &fa);
    heap_frag_now(&back.heap, &fb);
    TEST_MSG(fa.largest == fb.largest && fa.free == fb.free && fa.internal == fb.internal, name);
    status_free(&back);
    free(text);
}

/* Every allocator: the free list under every fit and order, with and
 * without headers, alignment and coalescing, each at several seeds; buddy,
 * slab and pool at several seeds, and the state before any operation. */
static void test_round_trips(void)
{
    char name[96];

    for (int fit = HEAP_FIRST; fit <= HEAP_NEXT; fit++)
        for (int order = HEAP_ADDRSORT; order <= HEAP_BACK; order++)
            for (int v = 0; v < 4; v++) {
                struct heap_config c;
                struct status st;
                heap_config_default(&c, HEAP_FREELIST);
                c.fit = (enum heap_fit)fit;
                c.order = (enum heap_order)order;
                c.header = v & 1 ? 4 : 0;
                c.align = v & 2 ? 8 : 0;
                c.coalesce = v != 1;
                snprintf(name, sizeof name, "freelist fit %d order %d variant %d", fit, order, v);
                if (build(&st, 1000, &c, (uint64_t)(fit * 100 + order * 10 + v), 60, 120) == 0)
                    heap_round_trip(name, &st);
                status_free(&st);
            }
    for (int k = HEAP_BUDDY; k <= HEAP_POOL; k++)
        for (uint64_t seed = 0; seed < 8; seed++) {
            struct heap_config c;
            struct status st;
            heap_config_default(&c, (enum heap_kind)k);
            if (k == HEAP_SLAB)
                c.slab_bytes = 1024;
            snprintf(name, sizeof name, "%s seed %llu", heap_kind_name((enum heap_kind)k),
                     (unsigned long long)seed);
            if (build(&st, 8192, &c, seed, seed == 0 ? 0 : 80, k == HEAP_BUDDY ? 700 : 300) == 0)
                heap_round_trip(name, &st);
            status_free(&st);
        }
}

/* A state without a heap is written as before (version 1 here), and one
 * with a heap and virtual memory as version 7. */
static void test_versions(void)
{
    struct heap_config c;
    struct status st;
    char err[256] = "", *text;
    size_t len;

    TEST_MSG(status_init(&st, 16, 4096, PG_FIRST, 0, 65536, SEG_FIRST, err, sizeof err) == 0, err);
    text = format_text(&st, &len);
    TEST(text && strncmp(text, "memtrack-status 1\n", 18) == 0 && !strstr(text, "heap"));
    free(text);
    TEST_MSG(vm_init(&st.vm, 8, 4096, 8, err, sizeof err) == 0, err);
    st.vm_on = 1;
    text = format_text(&st, &len);
    TEST(text && strncmp(text, "memtrack-status 3\n", 18) == 0);
    free(text);
    heap_config_default(&c, HEAP_BUDDY);
    TEST_MSG(heap_init(&st.heap, 4096, &c, err, sizeof err) == 0, err);
    st.heap_on = 1;
    heap_round_trip("vm and heap", &st);
    status_free(&st);
}

/* A free-list heap of 200 B (header 4, align 4) after 8 operations, the
 * last a refused malloc: the base of the broken files below. */
static const char base[] =
    "memtrack-status 7\n"
    "seq 8\n"
    "time 1970-01-01T00:00:00Z\n"
    "paging frames=16 page-size=4096 policy=first seed=0 rng=0 processes=0 free=16\n"
    "segmentation memory=65536 fit=first next=0 segments=0 holes=1\n"
    "hole base=0 size=65536\n"
    "heap kind=freelist bytes=200 header=4 align=4 fit=first order=address coalesce=1 min=- "
    "slab=- next=0 used=144 asked=122\n"
    "heap-total ops=8 refused=1 steps=14 max-steps=2 worst-internal=22 worst-external=0.500000\n"
    "heap-block name=b3 addr=0 span=28 header=4 size=22 where=-\n"
    "heap-block name=b4 addr=28 span=48 header=4 size=43 where=-\n"
    "heap-block name=b5 addr=76 span=48 header=4 size=43 where=-\n"
    "heap-block name=b6 addr=124 span=20 header=4 size=14 where=-\n"
    "heap-free addr=144 size=56\n"
    "heap-last op=malloc refused=1 name=b7 size=79 addr=0 span=0 searched=1 splits=0 merges=0 "
    "steps=1\n"
    "event ok\n"
    "why\n"
    "end\n";

/* The base file broken one way each: the name, the text replaced and its
 * replacement, the reason the parser must give and the line it must name
 * (0: the line where the replacement is; 7: the heap record's, for what
 * only the whole heap shows). */
static const struct bad_edit cases[] = {
    {"in a version 6 file", "memtrack-status 7", "memtrack-status 6", "version 6", 7},
    {"no heap in version 7",
     "heap kind=freelist bytes=200 header=4 align=4 fit=first order=address coalesce=1 min=- "
     "slab=- next=0 used=144 asked=122\n",
     "", "heap-total: the heap's counters need a 'heap' record", 7},
    {"an unknown kind", "kind=freelist", "kind=fancy", "kind=fancy", 0},
    {"a heap too small", "bytes=200", "bytes=8", "bytes", 0},
    {"a heap too large", "bytes=200", "bytes=2147483648", "bytes", 0},
    {"a header as large as the heap", "header=4", "header=200", "header", 0},
    {"an alignment not a power of two", "align=4", "align=6", "heap: ", 0},
    {"a buddy setting in a free list", "min=-", "min=16", "belongs to the buddy", 0},
    {"a slab setting in a free list", "slab=-", "slab=4096", "belongs to the slab", 0},
    {"an unknown fit", "fit=first order", "fit=fastest order", "fit=fastest", 0},
    {"an unknown order", "order=address", "order=random", "order=random", 0},
    {"coalesce not 0 or 1", "coalesce=1", "coalesce=2", "coalesce", 0},
    {"next not a number", "slab=- next=0", "slab=- next=-", "next=", 0},
    {"next past the list", "slab=- next=0", "slab=- next=3", "next=3 is past", 7},
    {"used not the blocks'", "used=144", "used=140", "add up to 144", 7},
    {"asked above used", "asked=122", "asked=150", "asked", 0},
    {"asked not the blocks'", "asked=122", "asked=120", "add up to 144 and 122", 7},
    {"the counters missing",
     "heap-total ops=8 refused=1 steps=14 max-steps=2 worst-internal=22 "
     "worst-external=0.500000\n",
     "", "followed by 'heap-total'", 8},
    {"more refused than ops", "refused=1 steps", "refused=9 steps", "refused", 0},
    {"max-steps above steps", "max-steps=2", "max-steps=15", "max-steps", 0},
    {"worst internal below now", "worst-internal=22", "worst-internal=10",
     "worst internal fragmentation 10 is below", 7},
    {"worst internal above the heap", "worst-internal=22", "worst-internal=201", "worst-internal",
     0},
    {"worst external above 1", "worst-external=0.500000", "worst-external=1.500000", "fraction", 0},
    {"worst external not six decimals", "worst-external=0.500000", "worst-external=0.5", "fraction",
     0},
    {"worst figures before any op", "ops=8 refused=1 steps=14 max-steps=2",
     "ops=0 refused=0 steps=0 max-steps=0", "no operation yet", 0},
    {"blocks overlapping", "name=b4 addr=28", "name=b4 addr=20", "overlaps", 0},
    {"blocks out of order", "name=b5 addr=76", "name=b5 addr=0", "out of order", 0},
    {"a block past the heap", "name=b6 addr=124 span=20", "name=b6 addr=124 span=80", "span", 0},
    {"a name not well spelt", "name=b4", "name=4b", "name=4b", 0},
    {"a name twice", "name=b5", "name=b3", "already a block 'b3'", 11},
    {"size past the span", "header=4 size=14", "header=4 size=17", "size", 0},
    {"a header past the span", "span=20 header=4", "span=20 header=21", "header", 0},
    {"where of a free list", "size=22 where=-", "size=22 where=0", "where=0", 0},
    {"a gap in the free list", "heap-free addr=144 size=56", "heap-free addr=144 size=50",
     "heap: ", 7},
    {"a free extent over a block", "heap-free addr=144 size=56", "heap-free addr=140 size=56",
     "heap: ", 7},
    {"a free extent past the heap", "heap-free addr=144 size=56", "heap-free addr=144 size=57",
     "size", 0},
    {"an unknown operation", "op=malloc", "op=calloc", "op=calloc", 0},
    {"a refused malloc with a block", "addr=0 span=0 searched", "addr=144 span=20 searched",
     "a refused malloc makes no block", 0},
    {"steps below their parts", "steps=1\n", "steps=0\n", "less than searched", 0},
    {"steps above the costliest", "steps=1\n", "steps=5\n", "steps", 0},
    {"a malloc without its block", "op=malloc refused=1 name=b7", "op=malloc refused=0 name=b7",
     "is not at", 0},
    {"a free of a block still there", "op=malloc refused=1 name=b7", "op=free refused=0 name=b3",
     "still there", 0},
    {"a last name not well spelt", "name=b7", "name=7b", "name=7b", 0},
    {"a cache in a free list", "heap-block name=b3",
     "heap-cache name=x object=8\nheap-block name=b3", "only a heap of kind=slab", 9},
    {"a pool in a free list", "heap-block name=b3", "heap-pool block=8 count=2\nheap-block name=b3",
     "only a heap of kind=pool", 9},
    {"a slab in a free list", "heap-block name=b3", "heap-slab cache=x addr=0\nheap-block name=b3",
     "only a heap of kind=slab", 9},
    {"a record out of place", "heap-free addr=144 size=56\n",
     "heap-free addr=144 size=56\nheap-block name=b8 addr=190 span=8 header=4 size=4 where=-\n",
     "out of place", 14},
};

/* The base file read and broken one way each (cases[]). */
static void test_malformed(void)
{
    char err[ERRLEN] = "";
    struct status st;

    TEST_MSG(status_parse_string(base, strlen(base), &st, 0, err, sizeof err) == 0, err);
    TEST(st.heap_on && st.heap.nblocks == 4 && st.heap.nlist == 1 && st.heap.last.refused);
    status_free(&st);
    check_bad_edits(base, cases, sizeof cases / sizeof cases[0], "");
}

int main(int argc, char **argv)
{
    if (argc == 3) {          /* Prints the state of allocator argv[1] after argv[2] operations: */
        struct heap_config c; /* the seeds: test_status_heap KIND 40 >tests/fuzz/status/heap-KIND */
        struct status st;
        enum heap_kind k = HEAP_FREELIST;
        heap_kind_parse(argv[1], &k);
        heap_config_default(&c, k);
        if (k == HEAP_FREELIST) {
            c.header = 8;
            c.align = 8;
            c.fit = HEAP_BEST;
            c.order = HEAP_SIZE_UP;
        }
        c.slab_bytes = k == HEAP_SLAB ? 1024 : c.slab_bytes;
        if (build(&st, k == HEAP_FREELIST || k == HEAP_BUDDY ? 1024 : 8192, &c, 3, atoi(argv[2]),
                  k == HEAP_FREELIST ? 90 : 200) == 0)
            status_format(&st, stdout);
        status_free(&st);
        return 0;
    }
    test_round_trips();
    test_versions();
    test_malformed();
    return TEST_DONE();
}
