/* bench_heap: what a malloc or free costs under each allocator as the heap
 * grows, the model alone (no tracker, no notes, no status file).
 *
 *   bench_heap KIND BYTES OPS RUNS   prints "KIND BYTES mean M max X ns N
 *                                     refused R list L"
 *
 * The workload (seeded, the same for every allocator and run) is OPS
 * operations on a heap of BYTES bytes: a malloc while fewer than target / 2
 * blocks are live, then a malloc or a free of a random live block with
 * equal odds (a free when target are live), so the heap holds between a
 * quarter and a half of its bytes in blocks once it has filled. target is
 * BYTES / 2 / 136 (136 B being the mean request) but at most OPS / 4, so a
 * small heap churns from the start and a large one grows a long free list.
 * Requests are 16 + (u^2 x 241) bytes (u uniform in [0, 1)): mostly small,
 * up to 256 B. Blocks are named b0, b1, ... (a name is reused once its block
 * is freed). The allocators run with their defaults (freelist: first fit,
 * address order, coalescing); slab with caches of 16, 32, ..., 256 B; pool
 * with pools of 16, 64 and 256 B sharing the heap equally.
 *
 * M and X are the steps an operation took (heap.total: mean, max) of the
 * last run; N is the median over RUNS runs of the time of the OPS
 * operations (heap_init and the caches or pools not timed) over OPS, in
 * nanoseconds; R the mallocs refused for room; L the free list's entries at
 * the end (freelist; 0 for the others). Used by tests/bench/bench.py (make
 * bench); times only, no checks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_time.h"
#include "heap.h"

#define MEAN_REQUEST 136u
#define MAX_RUNS     15

/* splitmix64: the next pseudo-random number of state *s. */
static uint64_t next_rand(uint64_t *s)
{
    uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));

    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* Makes h a heap of bytes under kind, with the caches or pools above.
 * Returns 0 or -1 (said). */
static int setup(struct heap *h, enum heap_kind kind, uint64_t bytes)
{
    static const uint64_t pools[] = {16, 64, 256};
    struct heap_config c;
    char err[300], name[HEAP_NAME_MAX + 1];

    heap_config_default(&c, kind);
    if (kind == HEAP_SLAB && c.slab_bytes > bytes)
        c.slab_bytes = bytes;
    memset(h, 0, sizeof *h);
    if (heap_init(h, bytes, &c, err, sizeof err) < 0) {
        fprintf(stderr, "bench_heap: %s\n", err);
        return -1;
    }
    for (uint64_t o = 16; kind == HEAP_SLAB && o <= 256 && o <= c.slab_bytes; o *= 2) {
        snprintf(name, sizeof name, "size-%llu", (unsigned long long)o);
        if (heap_cache_add(h, name, o, NULL) < 0)
            goto out_free;
    }
    for (size_t i = 0; kind == HEAP_POOL && i < sizeof pools / sizeof pools[0]; i++)
        if (heap_pool_add(h, pools[i], bytes / 3 / pools[i], NULL) < 0)
            goto out_free;
    return 0;
out_free:
    fprintf(stderr, "bench_heap: cannot set up the %s caches or pools\n", heap_kind_name(kind));
    heap_free_all(h);
    return -1;
}

/* The live blocks: slot numbers, and the names of every slot. */
struct live {
    uint32_t *ids, n;      /* Live slots. */
    uint32_t *idle, nidle; /* Slots free to name a new block. */
    char (*names)[12];
};

/* Plays the workload on h. Returns the mallocs refused. */
static uint64_t play(struct heap *h, struct live *l, uint64_t ops, uint64_t target)
{
    uint64_t s = 7, refused = 0;

    for (uint64_t i = 0; i < ops; i++) {
        uint64_t r = next_rand(&s);
        if (l->n < target && (l->n == 0 || (r & 1) || l->n < target / 2)) {
            double u = (double)(r >> 11) / 9007199254740992.0;
            uint32_t id = l->idle[--l->nidle];
            if (heap_malloc(h, l->names[id], 16 + (uint64_t)(u * u * 241.0), NULL, NULL) == 0)
                l->ids[l->n++] = id;
            else {
                l->idle[l->nidle++] = id;
                refused++;
            }
        } else {
            uint32_t k = (uint32_t)((r >> 16) % l->n), id = l->ids[k];
            heap_free(h, l->names[id], NULL);
            l->ids[k] = l->ids[--l->n];
            l->idle[l->nidle++] = id;
        }
    }
    return refused;
}

int main(int argc, char **argv)
{
    enum heap_kind kind;
    uint64_t bytes, ops, target, refused = 0;
    int runs;
    double ns[MAX_RUNS];
    struct heap h;
    struct live l;

    if (argc != 5 || heap_kind_parse(argv[1], &kind) < 0) {
        fprintf(stderr, "usage: bench_heap freelist|buddy|slab|pool BYTES OPS RUNS\n");
        return 2;
    }
    bytes = strtoull(argv[2], NULL, 10);
    ops = strtoull(argv[3], NULL, 10);
    runs = atoi(argv[4]);
    if (runs < 1 || runs > MAX_RUNS || ops < 4)
        return 2;
    target = bytes / 2 / MEAN_REQUEST < ops / 4 ? bytes / 2 / MEAN_REQUEST : ops / 4;
    l.ids = malloc(target * sizeof *l.ids);
    l.idle = malloc(target * sizeof *l.idle);
    l.names = malloc(target * sizeof *l.names);
    if (!l.ids || !l.idle || !l.names)
        return 1;
    for (uint32_t i = 0; i < target; i++)
        snprintf(l.names[i], sizeof l.names[i], "b%u", (unsigned)i);
    for (int run = 0; run < runs; run++) {
        double t0;
        l.n = 0;
        l.nidle = (uint32_t)target;
        for (uint32_t i = 0; i < target; i++)
            l.idle[i] = (uint32_t)(target - 1 - i);
        if (setup(&h, kind, bytes) < 0)
            return 1;
        t0 = now_ms();
        refused = play(&h, &l, ops, target);
        ns[run] = (now_ms() - t0) * 1e6 / (double)ops;
        if (run + 1 < runs)
            heap_free_all(&h);
    }
    printf("%s %llu mean %.3f max %llu ns %.1f refused %llu list %zu\n", argv[1],
           (unsigned long long)bytes, (double)h.total.steps / (double)h.total.ops,
           (unsigned long long)h.total.max_steps, median(ns, runs), (unsigned long long)refused,
           h.nlist);
    heap_free_all(&h);
    free(l.ids);
    free(l.idle);
    free(l.names);
    return 0;
}
