/* heap_compare.c: one workload under several allocators, each on a fresh
 * heap, side by side (heap.h's heap_compare). */
#include <stdio.h>
#include <string.h>

#include "heap_impl.h"

/* The default pools' block sizes (heap_compare on a heap without pools). */
static const uint64_t default_pools[] = {16, 64, 256, 1024};

/* Gives t the caches (slab) or pools (pool) heap_compare plays with: h's
 * own, or the defaults. Returns 0 or -1 with the reason in why. */
static int furnish(struct heap *t, const struct heap *h, char *why, size_t cap)
{
    struct note n;
    int rc = 0;

    note_clear(&n);
    if (t->cfg.kind == HEAP_SLAB && h->cfg.kind == HEAP_SLAB && h->ncaches) {
        for (unsigned i = 0; i < h->ncaches && rc == 0; i++)
            rc = heap_cache_add(t, h->caches[i].name, h->caches[i].object, &n);
    } else if (t->cfg.kind == HEAP_SLAB) {
        for (uint64_t o = 16; o <= t->cfg.slab_bytes / 8 && t->ncaches < HEAP_MAX_CACHES && !rc;
             o *= 2) {
            char name[32];

            snprintf(name, sizeof name, "size-%llu", (unsigned long long)o);
            rc = heap_cache_add(t, name, o, &n);
        }
    } else if (t->cfg.kind == HEAP_POOL && h->cfg.kind == HEAP_POOL && h->npools) {
        for (unsigned i = 0; i < h->npools && rc == 0; i++)
            rc = heap_pool_add(t, h->pools[i].block, h->pools[i].count, &n);
    } else if (t->cfg.kind == HEAP_POOL) {
        for (size_t i = 0; i < sizeof default_pools / sizeof *default_pools && rc == 0; i++)
            if (t->bytes / 4 / default_pools[i])
                rc = heap_pool_add(t, default_pools[i], t->bytes / 4 / default_pools[i], &n);
        if (rc == 0 && t->npools == 0) {
            snprintf(n.what, sizeof n.what, "a heap of %llu B holds none of the default pools",
                     (unsigned long long)t->bytes);
            rc = -1;
        }
    }
    if (rc < 0)
        note_append(why, cap, "%s", n.what);
    return rc;
}

/* Plays op on t. A free or realloc of a block that does not exist (its
 * malloc was refused) and an op with a bad name or size are skipped.
 * Returns 0, or -1 when a valid operation failed uncounted (out of memory). */
static int play(struct heap *t, const struct heap_workop *op)
{
    uint64_t before = t->total.ops;
    char err[160];
    int rc;

    if (heap_check_name(op->name, err, sizeof err) < 0)
        return 0;
    if (op->op == HEAP_OP_MALLOC) {
        if (heap_find(t, op->name) || op->size < 1 || op->size > HEAP_MAX_BYTES)
            return 0;
        rc = heap_malloc(t, op->name, op->size, NULL, NULL);
    } else if (!heap_find(t, op->name)) {
        return 0;
    } else if (op->op == HEAP_OP_FREE) {
        rc = heap_free(t, op->name, NULL);
    } else if (op->op == HEAP_OP_REALLOC) {
        if (op->size < 1 || op->size > HEAP_MAX_BYTES)
            return 0;
        rc = heap_realloc(t, op->name, op->size, NULL);
    } else {
        return 0;
    }
    return rc < 0 && t->total.ops == before ? -1 : 0;
}

/* Plays the workload under c into *r. Returns 0, or -1 (out of memory). */
static int compare_one(const struct heap *h, const struct heap_workop *ops, size_t n,
                       const struct heap_config *c, struct heap_result *r)
{
    struct heap t;
    int rc = 0;

    memset(r, 0, sizeof *r);
    memset(&t, 0, sizeof t);
    if (heap_init(&t, h->bytes, c, r->why, sizeof r->why) < 0 ||
        furnish(&t, h, r->why, sizeof r->why) < 0) {
        r->failed = 1;
        heap_free_all(&t);
        return 0;
    }
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = play(&t, &ops[i]);
    r->ops = t.total.ops;
    r->refused = t.total.refused;
    heap_frag_now(&t, &r->end);
    r->worst_internal = t.total.worst_internal;
    r->worst_external = t.total.worst_external;
    r->mean_steps = t.total.ops ? (double)t.total.steps / (double)t.total.ops : 0.0;
    r->max_steps = t.total.max_steps;
    heap_free_all(&t);
    return rc;
}

int heap_compare(const struct heap *h, const struct heap_workop *ops, size_t n,
                 const struct heap_config *cfgs, size_t ncfg, struct heap_result *res, char *err,
                 size_t errlen)
{
    for (size_t i = 0; i < ncfg; i++)
        if (compare_one(h, ops, n, &cfgs[i], &res[i]) < 0) {
            snprintf(err, errlen, "out of memory playing the workload under %s",
                     heap_kind_name(cfgs[i].kind));
            return -1;
        }
    return 0;
}
