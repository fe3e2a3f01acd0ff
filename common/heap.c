/* heap.c: the heap's core: names, settings, the blocks and their name
 * index, malloc/free/realloc with their notes, the counters. The allocators
 * (heap_freelist.c and the others) keep the free state behind struct
 * heap_ops; heap_check.c checks and restores, heap_compare.c compares. See
 * heap.h. */
#include "heap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "heap_impl.h"

static const char *kind_names[HEAP_NKINDS] = {"freelist", "buddy", "slab", "pool"};
static const char *fit_names[] = {"first", "best", "worst", "next"};
static const char *order_names[] = {"address", "size-up", "size-down", "front", "back"};

/* The allocators by kind. An allocator not built into this program is NULL:
 * heap_init refuses it. */
static const struct heap_ops *const kind_ops[HEAP_NKINDS] = {
    [HEAP_FREELIST] = &heap_freelist_ops,
    [HEAP_BUDDY] = &heap_buddy_ops,
    [HEAP_SLAB] = &heap_slab_ops,
    [HEAP_POOL] = &heap_pool_ops,
};

/* Returns the index of s in names[0 .. n-1], or -1. */
static int name_index(const char *const *names, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

const char *heap_kind_name(enum heap_kind k)
{
    return (unsigned)k < HEAP_NKINDS ? kind_names[k] : "?";
}

int heap_kind_parse(const char *s, enum heap_kind *out)
{
    int i = name_index(kind_names, HEAP_NKINDS, s);

    if (i < 0)
        return -1;
    *out = (enum heap_kind)i;
    return 0;
}

const char *heap_fit_name(enum heap_fit f)
{
    return (unsigned)f <= HEAP_NEXT ? fit_names[f] : "?";
}

int heap_fit_parse(const char *s, enum heap_fit *out)
{
    int i = name_index(fit_names, HEAP_NEXT + 1, s);

    if (i < 0)
        return -1;
    *out = (enum heap_fit)i;
    return 0;
}

const char *heap_order_name(enum heap_order o)
{
    return (unsigned)o <= HEAP_BACK ? order_names[o] : "?";
}

int heap_order_parse(const char *s, enum heap_order *out)
{
    int i = name_index(order_names, HEAP_BACK + 1, s);

    if (i < 0)
        return -1;
    *out = (enum heap_order)i;
    return 0;
}

void heap_config_default(struct heap_config *c, enum heap_kind kind)
{
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->fit = HEAP_FIRST;
    c->order = HEAP_ADDRSORT;
    c->coalesce = 1;
    c->min_block = 16;
    c->slab_bytes = 4096;
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int heap_check_name(const char *name, char *err, size_t errlen)
{
    size_t len = strlen(name);
    size_t bad = 0;

    if (len == 0 || len > HEAP_NAME_MAX || !is_alpha(name[0])) {
        snprintf(err, errlen,
                 "'%.20s%s' is not a name: a letter, then letters, digits, '_' or '-', at most "
                 "%d characters",
                 name, len > 20 ? "..." : "", HEAP_NAME_MAX);
        goto sanitize;
    }
    for (size_t i = 1; i < len && !bad; i++)
        if (!is_alpha(name[i]) && !(name[i] >= '0' && name[i] <= '9') && name[i] != '_' &&
            name[i] != '-')
            bad = i + 1;
    if (!bad)
        return 0;
    snprintf(err, errlen, "'%s' is not a name: character %zu is not a letter, digit, '_' or '-'",
             name, bad);
sanitize:
    /* The name was copied into the message; keep the message printable. */
    for (char *p = err; *p; p++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
            *p = '?';
    return -1;
}

const struct heap_ops *heap_ops_of(const struct heap *h)
{
    return (unsigned)h->cfg.kind < HEAP_NKINDS ? kind_ops[h->cfg.kind] : NULL;
}

uint64_t heap_slab_default(uint64_t bytes)
{
    uint64_t s = 4096;

    while (s > bytes && s > HEAP_SLAB_ALIGN)
        s >>= 1;
    return s;
}

int heap_init(struct heap *h, uint64_t bytes, const struct heap_config *c, char *err, size_t errlen)
{
    struct heap t;
    const struct heap_ops *ops;

    if (bytes < HEAP_MIN_BYTES || bytes > HEAP_MAX_BYTES) {
        snprintf(err, errlen, "a heap must be from %u to %llu bytes, not %llu", HEAP_MIN_BYTES,
                 (unsigned long long)HEAP_MAX_BYTES, (unsigned long long)bytes);
        return -1;
    }
    memset(&t, 0, sizeof t);
    t.bytes = bytes;
    t.cfg = *c;
    ops = heap_ops_of(&t);
    if (!ops) {
        snprintf(err, errlen, "no allocator '%s' in this program", heap_kind_name(c->kind));
        return -1;
    }
    if (ops->check_config(&t, err, errlen) < 0)
        return -1;
    if (heap_names_reserve(&t, 1) < 0) {
        snprintf(err, errlen, "out of memory for the heap's name index");
        return -1;
    }
    if (ops->setup(&t, err, errlen) < 0) {
        heap_free_all(&t);
        return -1;
    }
    *h = t;
    return 0;
}

void heap_free_all(struct heap *h)
{
    const struct heap_ops *ops = heap_ops_of(h);

    if (ops && h->priv)
        ops->teardown(h);
    heap_names_free(h);
    free(h->blocks);
    free(h->list);
    free(h->slabs);
    memset(h, 0, sizeof *h);
}

/* Appends the cache or pool the caller filled in and lets the allocator grow
 * for it; on failure takes it back. Returns 0 or -1 with the note's what. */
static int added(struct heap *h, unsigned *count, struct note *n)
{
    const struct heap_ops *ops = heap_ops_of(h);
    char err[200] = "";

    ++*count;
    if (ops && ops->added && ops->added(h, err, sizeof err) < 0) {
        --*count;
        if (n)
            note_what(n, "%s", err);
        return -1;
    }
    return 0;
}

/* A slab slot for objects of `object` bytes (1 .. 1 GiB): rounded up to
 * HEAP_SLAB_ALIGN. */
static uint64_t slot_of(uint64_t object)
{
    return (object + HEAP_SLAB_ALIGN - 1) / HEAP_SLAB_ALIGN * HEAP_SLAB_ALIGN;
}

/* Fills the note's what with why cache `name` cannot be added: returns -1,
 * or 0 when nothing is wrong. */
static int cache_refusal(const struct heap *h, const char *name, uint64_t object, struct note *n)
{
    char err[200] = "";

    if (h->cfg.kind != HEAP_SLAB)
        snprintf(err, sizeof err, "caches belong to the slab allocator, not %s",
                 heap_kind_name(h->cfg.kind));
    else if (heap_check_name(name, err, sizeof err) < 0)
        ;
    else if (h->ncaches >= HEAP_MAX_CACHES)
        snprintf(err, sizeof err, "already %u caches, the most there can be", HEAP_MAX_CACHES);
    else if (object < 1 || object > h->cfg.slab_bytes || slot_of(object) > h->cfg.slab_bytes)
        snprintf(err, sizeof err,
                 "an object must be from 1 byte to a slab (%llu B, with its slot rounded up to "
                 "%u B), not %llu",
                 (unsigned long long)h->cfg.slab_bytes, HEAP_SLAB_ALIGN,
                 (unsigned long long)object);
    else
        for (unsigned i = 0; i < h->ncaches && !err[0]; i++)
            if (strcmp(h->caches[i].name, name) == 0)
                snprintf(err, sizeof err, "there is already a cache '%s'", name);
    if (!err[0])
        return 0;
    if (n)
        note_what(n, "%s", err);
    return -1;
}

int heap_cache_add(struct heap *h, const char *name, uint64_t object, struct note *n)
{
    struct heap_cache *c;

    if (n)
        note_clear(n);
    if (cache_refusal(h, name, object, n) < 0)
        return -1;
    c = &h->caches[h->ncaches];
    memset(c, 0, sizeof *c);
    strcpy(c->name, name);
    c->object = object;
    c->slot = slot_of(object);
    c->per_slab = (uint32_t)(h->cfg.slab_bytes / c->slot);
    if (added(h, &h->ncaches, n) < 0)
        return -1;
    if (n)
        note_what(n, "cache %s: objects of %llu B in slots of %llu B, %u a slab", name,
                  (unsigned long long)object, (unsigned long long)c->slot, c->per_slab);
    return 0;
}

int heap_pool_add(struct heap *h, uint64_t block, uint64_t count, struct note *n)
{
    struct heap_pool *p;
    uint64_t base = 0;
    char err[200] = "";

    if (n)
        note_clear(n);
    if (h->npools)
        base = h->pools[h->npools - 1].base +
               h->pools[h->npools - 1].block * h->pools[h->npools - 1].count;
    if (h->cfg.kind != HEAP_POOL)
        snprintf(err, sizeof err, "pools belong to the pool allocator, not %s",
                 heap_kind_name(h->cfg.kind));
    else if (h->npools >= HEAP_MAX_POOLS)
        snprintf(err, sizeof err, "already %u pools, the most there can be", HEAP_MAX_POOLS);
    else if (block < 1 || count < 1 || block > h->bytes || count > h->bytes)
        snprintf(err, sizeof err, "a pool needs a block size and a count of at least 1");
    else if (block * count > h->bytes - base)
        snprintf(err, sizeof err,
                 "%llu blocks of %llu B do not fit: %llu B of the heap are left after the pools",
                 (unsigned long long)count, (unsigned long long)block,
                 (unsigned long long)(h->bytes - base));
    if (err[0]) {
        if (n)
            note_what(n, "%s", err);
        return -1;
    }
    p = &h->pools[h->npools];
    memset(p, 0, sizeof *p);
    p->block = block;
    p->count = count;
    p->base = base;
    if (added(h, &h->npools, n) < 0)
        return -1;
    if (n)
        note_what(n, "pool %u: %llu blocks of %llu B at 0x%llx", h->npools - 1,
                  (unsigned long long)count, (unsigned long long)block, (unsigned long long)base);
    return 0;
}

const struct heap_block *heap_find(const struct heap *h, const char *name)
{
    size_t i = heap_names_find(h, name);

    return i == SIZE_MAX ? NULL : &h->blocks[i];
}

/* The frag figures and the counters after an operation of cost st. */
static void count_op(struct heap *h, const struct heap_steps *st)
{
    struct heap_frag f;

    h->total.ops++;
    h->total.steps += st->steps;
    if (st->steps > h->total.max_steps)
        h->total.max_steps = st->steps;
    heap_frag_now(h, &f);
    if (f.internal > h->total.worst_internal)
        h->total.worst_internal = f.internal;
    if (f.external > h->total.worst_external)
        h->total.worst_external = f.external;
}

/* Records operation op on block name (b: what it made or freed, NULL when
 * refused) of cost st in h->last and h->total. */
static void record(struct heap *h, enum heap_op_kind op, const char *name, uint64_t size,
                   const struct heap_block *b, const struct heap_steps *st)
{
    memset(&h->last, 0, sizeof h->last);
    h->last.op = op;
    h->last.refused = b == NULL;
    snprintf(h->last.name, sizeof h->last.name, "%s", name);
    h->last.size = size;
    if (b) {
        h->last.addr = b->addr;
        h->last.span = b->span;
    } else {
        h->total.refused++;
    }
    h->last.st = *st;
    count_op(h, st);
}

/* Appends "searched N entries, split N, merged N" for st to buf, naming
 * what kind k searches: free-list entries, buddy sizes, slabs, pools. */
static void steps_text(char *buf, size_t cap, enum heap_kind k, const struct heap_steps *st)
{
    static const char *const what[HEAP_NKINDS][2] = {
        [HEAP_FREELIST] = {"entry", "entries"},
        [HEAP_BUDDY] = {"size", "sizes"},
        [HEAP_SLAB] = {"slab", "slabs"},
        [HEAP_POOL] = {"pool", "pools"},
    };

    note_append(buf, cap, "searched %llu %s", (unsigned long long)st->searched,
                what[k][st->searched != 1]);
    if (st->splits)
        note_append(buf, cap, ", split %u", st->splits);
    if (st->merges)
        note_append(buf, cap, ", merged %u", st->merges);
}

/* Writes the note's what for block b, made or freed by `verb` under kind k. */
static void block_what(struct note *n, enum heap_kind k, const char *verb,
                       const struct heap_block *b, const struct heap_steps *st)
{
    char buf[NOTE_MAX];

    if (!n)
        return;
    snprintf(buf, sizeof buf, "%s: %llu B at 0x%llx (header %llu, padding %llu); ", verb,
             (unsigned long long)b->span, (unsigned long long)b->addr,
             (unsigned long long)b->header, (unsigned long long)(b->span - b->header - b->size));
    steps_text(buf, sizeof buf, k, st);
    note_what(n, "%s", buf);
}

static void steps_add(struct heap_steps *to, const struct heap_steps *st)
{
    to->searched += st->searched;
    to->splits += st->splits;
    to->merges += st->merges;
    to->steps += st->steps;
}

/* Checks malloc's or realloc's size. Returns 0 or -1 with the note's what. */
static int check_size(uint64_t bytes, struct note *n)
{
    if (bytes >= 1 && bytes <= HEAP_MAX_BYTES)
        return 0;
    if (n)
        note_what(n, "a block must be from 1 to %llu bytes, not %llu",
                  (unsigned long long)HEAP_MAX_BYTES, (unsigned long long)bytes);
    return -1;
}

/* Resolves malloc's cache argument into *cache. Returns 0 or -1 with the
 * note's what. */
static int find_cache(const struct heap *h, const char *cache, uint32_t *out)
{
    *out = HEAP_NONE;
    if (!cache)
        return 0;
    for (unsigned i = 0; i < h->ncaches; i++)
        if (strcmp(h->caches[i].name, cache) == 0) {
            *out = i;
            return 0;
        }
    return -1;
}

/* The checks of heap_malloc before anything is taken. Returns 0 or -1. */
static int malloc_refusal(struct heap *h, const char *name, uint64_t bytes, const char *cache,
                          uint32_t *ci, struct note *n)
{
    char err[200] = "";

    if (!heap_ops_of(h) || !h->bytes)
        snprintf(err, sizeof err, "no heap: choose an allocator first");
    else if (heap_check_name(name, err, sizeof err) < 0)
        ;
    else if (heap_find(h, name))
        snprintf(err, sizeof err, "there is already a block '%s'", name);
    else if (check_size(bytes, n) < 0)
        return -1;
    else if (cache && h->cfg.kind != HEAP_SLAB)
        snprintf(err, sizeof err, "caches belong to the slab allocator, not %s",
                 heap_kind_name(h->cfg.kind));
    else if (find_cache(h, cache, ci) < 0)
        snprintf(err, sizeof err, "no cache '%s'", cache);
    else if (heap_blocks_reserve(h, 1) < 0)
        snprintf(err, sizeof err, "out of memory for one more block");
    if (!err[0])
        return 0;
    if (n)
        note_what(n, "%s", err);
    return -1;
}

int heap_malloc(struct heap *h, const char *name, uint64_t bytes, const char *cache, struct note *n)
{
    const struct heap_ops *ops = heap_ops_of(h);
    struct heap_steps st = {0, 0, 0, 0};
    struct heap_block b;
    uint32_t ci = HEAP_NONE;
    char verb[64];

    if (n)
        note_clear(n);
    if (malloc_refusal(h, name, bytes, cache, &ci, n) < 0)
        return -1;
    memset(&b, 0, sizeof b);
    if (ops->alloc(h, bytes, ci, &b, &st, n) < 0) {
        record(h, HEAP_OP_MALLOC, name, bytes, NULL, &st);
        return -1;
    }
    strcpy(b.name, name);
    b.size = bytes;
    heap_blocks_add(h, &b);
    record(h, HEAP_OP_MALLOC, name, bytes, &b, &st);
    snprintf(verb, sizeof verb, "malloc %s %llu", name, (unsigned long long)bytes);
    block_what(n, h->cfg.kind, verb, &b, &st);
    return 0;
}

/* Writes "no block NAME" into the note. Returns -1. */
static int no_block(const char *name, struct note *n)
{
    if (n)
        note_what(n, "no block '%.*s'", HEAP_NAME_MAX, name);
    return -1;
}

int heap_free(struct heap *h, const char *name, struct note *n)
{
    const struct heap_ops *ops = heap_ops_of(h);
    struct heap_steps st = {0, 0, 0, 0};
    struct heap_block b;
    size_t i;
    char verb[64];

    if (n)
        note_clear(n);
    i = heap_names_find(h, name);
    if (i == SIZE_MAX)
        return no_block(name, n);
    b = h->blocks[i];
    heap_blocks_remove(h, i);
    ops->release(h, &b, &st, n);
    record(h, HEAP_OP_FREE, b.name, b.size, &b, &st);
    snprintf(verb, sizeof verb, "free %s", b.name);
    block_what(n, h->cfg.kind, verb, &b, &st);
    return 0;
}

/* Replaces block i by b (same name), keeping used and asked. */
static void replace_block(struct heap *h, size_t i, const struct heap_block *b)
{
    h->used = h->used - h->blocks[i].span + b->span;
    h->asked = h->asked - h->blocks[i].size + b->size;
    h->blocks[i] = *b;
}

/* realloc when the block cannot grow in place: a new block, then the old
 * one freed. Returns 0, or -1 (refused, counted) with the block unchanged. */
static int realloc_move(struct heap *h, size_t i, uint64_t bytes, struct heap_steps *st,
                        struct note *n)
{
    const struct heap_ops *ops = heap_ops_of(h);
    struct heap_block old = h->blocks[i], b;
    struct heap_steps s2 = {0, 0, 0, 0}, s3 = {0, 0, 0, 0};
    struct note dropped; /* The release's text: the allocators write their notes. */
    char verb[96];

    memset(&b, 0, sizeof b);
    if (ops->alloc(h, bytes, HEAP_NONE, &b, &s2, n) < 0) {
        steps_add(st, &s2);
        record(h, HEAP_OP_REALLOC, old.name, bytes, NULL, st);
        return -1;
    }
    steps_add(st, &s2);
    strcpy(b.name, old.name);
    b.size = bytes;
    ops->release(h, &old, &s3, &dropped);
    steps_add(st, &s3);
    replace_block(h, i, &b);
    record(h, HEAP_OP_REALLOC, b.name, bytes, &b, st);
    snprintf(verb, sizeof verb, "realloc %s %llu: moved from 0x%llx", b.name,
             (unsigned long long)bytes, (unsigned long long)old.addr);
    block_what(n, h->cfg.kind, verb, &b, st);
    return 0;
}

int heap_realloc(struct heap *h, const char *name, uint64_t bytes, struct note *n)
{
    const struct heap_ops *ops = heap_ops_of(h);
    struct heap_steps st = {0, 0, 0, 0};
    struct heap_block b;
    size_t i;
    char verb[96];

    if (n)
        note_clear(n);
    i = heap_names_find(h, name);
    if (i == SIZE_MAX)
        return no_block(name, n);
    if (check_size(bytes, n) < 0)
        return -1;
    b = h->blocks[i];
    if (ops->resize(h, &b, bytes, &st, n) < 0)
        return realloc_move(h, i, bytes, &st, n);
    b.size = bytes;
    replace_block(h, i, &b);
    record(h, HEAP_OP_REALLOC, name, bytes, &b, &st);
    snprintf(verb, sizeof verb, "realloc %s %llu: in place", name, (unsigned long long)bytes);
    block_what(n, h->cfg.kind, verb, &b, &st);
    return 0;
}

void heap_frag_now(const struct heap *h, struct heap_frag *f)
{
    const struct heap_ops *ops = heap_ops_of(h);

    memset(f, 0, sizeof *f);
    f->used = h->used;
    f->asked = h->asked;
    f->internal = h->used - h->asked;
    f->free = h->bytes - h->used;
    f->largest = ops ? ops->largest(h) : 0;
    f->external = f->free ? 1.0 - (double)f->largest / (double)f->free : 0.0;
}

static int by_addr(const void *a, const void *b)
{
    const struct heap_block *x = *(const struct heap_block *const *)a;
    const struct heap_block *y = *(const struct heap_block *const *)b;

    return x->addr < y->addr ? -1 : x->addr > y->addr;
}

long heap_sorted(const struct heap *h, const struct heap_block ***out)
{
    const struct heap_block **v;

    *out = NULL;
    if (h->nblocks == 0)
        return 0;
    v = malloc(h->nblocks * sizeof *v);
    if (!v)
        return -1;
    for (size_t i = 0; i < h->nblocks; i++)
        v[i] = &h->blocks[i];
    qsort(v, h->nblocks, sizeof *v, by_addr);
    *out = v;
    return (long)h->nblocks;
}

long heap_free_extents(const struct heap *h, struct heap_extent **out)
{
    const struct heap_ops *ops = heap_ops_of(h);

    *out = NULL;
    return ops ? ops->extents(h, out) : 0;
}
