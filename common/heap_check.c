/* heap_check.c: the heap's invariants (the core's part; each allocator
 * checks its own through heap_ops.check) and restoring a saved heap. See
 * heap.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "heap_impl.h"

/* Checks one block's own fields. Returns 0 or -1 with err. */
static int block_fields(const struct heap *h, const struct heap_block *b, char *err, size_t errlen)
{
    char why[160];

    if (heap_check_name(b->name, why, sizeof why) < 0) {
        snprintf(err, errlen, "block: %s", why);
        return -1;
    }
    if (b->size < 1 || b->span < b->header || b->span - b->header < b->size) {
        snprintf(err, errlen, "block '%s': span %llu cannot hold header %llu and size %llu",
                 b->name, (unsigned long long)b->span, (unsigned long long)b->header,
                 (unsigned long long)b->size);
        return -1;
    }
    if (b->addr > h->bytes || b->span > h->bytes - b->addr) {
        snprintf(err, errlen, "block '%s' at 0x%llx (%llu B) is outside the heap of %llu B",
                 b->name, (unsigned long long)b->addr, (unsigned long long)b->span,
                 (unsigned long long)h->bytes);
        return -1;
    }
    return 0;
}

/* Checks the blocks: fields, no overlaps (by address), the sums. */
static int blocks_check(const struct heap *h, char *err, size_t errlen)
{
    const struct heap_block **v = NULL;
    uint64_t used = 0, asked = 0;
    long n = heap_sorted(h, &v);
    int rc = 0;

    if (n < 0) {
        snprintf(err, errlen, "out of memory checking the blocks");
        return -1;
    }
    for (long i = 0; i < n && rc == 0; i++) {
        rc = block_fields(h, v[i], err, errlen);
        if (rc == 0 && i > 0 && v[i - 1]->addr + v[i - 1]->span > v[i]->addr) {
            snprintf(err, errlen, "blocks '%s' and '%s' overlap", v[i - 1]->name, v[i]->name);
            rc = -1;
        }
        used += v[i]->span;
        asked += v[i]->size;
    }
    free(v);
    if (rc == 0 && (used != h->used || asked != h->asked)) {
        snprintf(err, errlen, "used %llu and asked %llu, but the blocks add up to %llu and %llu",
                 (unsigned long long)h->used, (unsigned long long)h->asked,
                 (unsigned long long)used, (unsigned long long)asked);
        rc = -1;
    }
    return rc;
}

/* Checks the counters and the last operation. */
static int totals_check(const struct heap *h, char *err, size_t errlen)
{
    const struct heap_total *t = &h->total;
    const struct heap_op *l = &h->last;
    const struct heap_steps *s = &l->st;

    if (t->refused > t->ops || t->max_steps > t->steps || t->worst_external < 0 ||
        t->worst_external > 1 || (t->ops == 0 && (t->steps || l->op != HEAP_OP_NONE))) {
        snprintf(err, errlen,
                 "the totals do not add up (ops %llu, refused %llu, steps %llu, "
                 "max %llu)",
                 (unsigned long long)t->ops, (unsigned long long)t->refused,
                 (unsigned long long)t->steps, (unsigned long long)t->max_steps);
        return -1;
    }
    if (t->worst_internal < h->used - h->asked) {
        snprintf(err, errlen, "worst internal fragmentation %llu is below the %llu B now",
                 (unsigned long long)t->worst_internal, (unsigned long long)(h->used - h->asked));
        return -1;
    }
    if ((unsigned)l->op > HEAP_OP_REALLOC || (l->refused != 0 && l->refused != 1) ||
        s->steps < s->searched + s->splits + s->merges || s->steps > t->max_steps) {
        snprintf(err, errlen, "the last operation does not add up");
        return -1;
    }
    return 0;
}

int heap_check(const struct heap *h, char *err, size_t errlen)
{
    const struct heap_ops *ops = heap_ops_of(h);

    if (!ops || h->bytes < HEAP_MIN_BYTES || h->bytes > HEAP_MAX_BYTES) {
        snprintf(err, errlen, "no heap: size %llu, allocator %s", (unsigned long long)h->bytes,
                 heap_kind_name(h->cfg.kind));
        return -1;
    }
    if (ops->check_config(h, err, errlen) < 0 || blocks_check(h, err, errlen) < 0 ||
        heap_names_check(h, err, errlen) < 0 || totals_check(h, err, errlen) < 0)
        return -1;
    return ops->check(h, err, errlen);
}

int heap_restore_block(struct heap *h, const char *name, uint64_t addr, uint64_t span,
                       uint64_t header, uint64_t size, uint32_t where, char *err, size_t errlen)
{
    struct heap_block b;

    memset(&b, 0, sizeof b);
    if (heap_check_name(name, err, errlen) < 0)
        return -1;
    strcpy(b.name, name);
    b.addr = addr;
    b.span = span;
    b.header = header;
    b.size = size;
    b.where = where;
    if (block_fields(h, &b, err, errlen) < 0)
        return -1;
    if (heap_names_find(h, name) != SIZE_MAX) {
        snprintf(err, errlen, "there is already a block '%s'", name);
        return -1;
    }
    if (heap_blocks_reserve(h, 1) < 0) {
        snprintf(err, errlen, "out of memory for block '%s'", name);
        return -1;
    }
    heap_blocks_add(h, &b);
    return 0;
}

int heap_restore_extent(struct heap *h, uint64_t addr, uint64_t size, char *err, size_t errlen)
{
    struct heap_extent *v;

    if (h->cfg.kind != HEAP_FREELIST) {
        snprintf(err, errlen, "a free-list extent in a %s heap", heap_kind_name(h->cfg.kind));
        return -1;
    }
    if (size == 0 || addr > h->bytes || size > h->bytes - addr) {
        snprintf(err, errlen, "free extent at 0x%llx (%llu B) is outside the heap",
                 (unsigned long long)addr, (unsigned long long)size);
        return -1;
    }
    v = grow_array(h->list, &h->caplist, h->nlist + 1, sizeof *v);
    if (!v) {
        snprintf(err, errlen, "out of memory for the free list");
        return -1;
    }
    h->list = v;
    h->list[h->nlist].addr = addr;
    h->list[h->nlist].size = size;
    h->nlist++;
    return 0;
}

int heap_restore_slab(struct heap *h, uint32_t cache, uint64_t addr, char *err, size_t errlen)
{
    struct heap_slab *v;
    uint64_t sb = h->cfg.slab_bytes;

    if (h->cfg.kind != HEAP_SLAB) {
        snprintf(err, errlen, "a slab in a %s heap", heap_kind_name(h->cfg.kind));
        return -1;
    }
    if (cache >= h->ncaches || addr % sb != 0 || addr > h->bytes - sb ||
        (h->nslabs && h->slabs[h->nslabs - 1].addr >= addr)) {
        snprintf(err, errlen,
                 "slab of cache %u at 0x%llx: no such cache, not a slab page, or not after the "
                 "last slab",
                 cache, (unsigned long long)addr);
        return -1;
    }
    v = grow_array(h->slabs, &h->capslabs, h->nslabs + 1, sizeof *v);
    if (!v) {
        snprintf(err, errlen, "out of memory for the slabs");
        return -1;
    }
    h->slabs = v;
    memset(&h->slabs[h->nslabs], 0, sizeof *h->slabs);
    h->slabs[h->nslabs].cache = cache;
    h->slabs[h->nslabs].addr = addr;
    h->nslabs++;
    return 0;
}

int heap_restore_done(struct heap *h, char *err, size_t errlen)
{
    const struct heap_ops *ops = heap_ops_of(h);

    if (!ops) {
        snprintf(err, errlen, "no heap to restore");
        return -1;
    }
    if (ops->rebuild(h, err, errlen) < 0)
        return -1;
    return heap_check(h, err, errlen);
}
