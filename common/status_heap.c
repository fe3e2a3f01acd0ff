/* status_heap.c: the heap's records (format version 7), written only when
 * the heap is on: heap (the allocator and its settings, the sums), heap-total
 * (the counters), heap-cache and heap-slab (slab), heap-pool (pool),
 * heap-block (the blocks by address), heap-free (the free list in list
 * order, freelist only) and heap-last (the last operation and its steps).
 * The reader rebuilds the heap through heap_init, heap_cache_add,
 * heap_pool_add and heap_restore_* (heap.h) and checks it all with
 * heap_restore_done (heap_check) when it leaves the records; what the
 * records say of each other (order, sums, the last operation's block) is
 * checked here. See status_impl.h and docs/status-format.md. */
#include "status_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"

/* The allocator's settings in the heap record, in file order, and the
 * allocator each belongs to: a setting of another allocator is written '-'. */
enum setting { SET_HEADER, SET_ALIGN, SET_FIT, SET_ORDER, SET_COALESCE, SET_MIN, SET_SLAB, NSET };
static const struct {
    const char *key;
    enum heap_kind kind;
} settings[NSET] = {
    /* key        allocator */
    {"header", HEAP_FREELIST}, {"align", HEAP_FREELIST},    {"fit", HEAP_FREELIST},
    {"order", HEAP_FREELIST},  {"coalesce", HEAP_FREELIST}, {"min", HEAP_BUDDY},
    {"slab", HEAP_SLAB},
};

/* The words of heap_op_kind in heap-last (none never written). */
static const char *const op_words[] = {"none", "malloc", "free", "realloc"};
#define NOPS (sizeof op_words / sizeof op_words[0])

/* ---- Writing ------------------------------------------------------------- */

/* Writes the value of setting k of c (its allocator's own) into buf. */
static void setting_text(const struct heap_config *c, enum setting k, char *buf, size_t len)
{
    switch (k) {
    case SET_FIT:
        snprintf(buf, len, "%s", heap_fit_name(c->fit));
        break;
    case SET_ORDER:
        snprintf(buf, len, "%s", heap_order_name(c->order));
        break;
    default: {
        const uint64_t v[NSET] = {c->header,    c->align,     0, 0, c->coalesce != 0,
                                  c->min_block, c->slab_bytes};
        snprintf(buf, len, "%llu", (unsigned long long)v[k]);
    }
    }
}

void status_write_heap(const struct status *st, struct status_cache *cache, struct sink *s)
{
    const struct heap *h = &st->heap;
    char v[32];

    (void)cache;
    if (!st->heap_on)
        return;
    status_puts(s, "heap kind=");
    status_puts(s, heap_kind_name(h->cfg.kind));
    status_putkv(s, " bytes", h->bytes);
    for (int k = 0; k < NSET; k++) {
        status_put(s, " ", 1);
        status_puts(s, settings[k].key);
        status_put(s, "=", 1);
        if (settings[k].kind != h->cfg.kind)
            snprintf(v, sizeof v, "-");
        else
            setting_text(&h->cfg, (enum setting)k, v, sizeof v);
        status_puts(s, v);
    }
    if (h->cfg.kind == HEAP_FREELIST)
        status_putkv(s, " next", h->next_at);
    else
        status_puts(s, " next=-");
    status_putkv(s, " used", h->used);
    status_putkv(s, " asked", h->asked);
    status_put(s, "\n", 1);
}

void status_write_heap_total(const struct status *st, struct status_cache *cache, struct sink *s)
{
    const struct heap_total *t = &st->heap.total;
    char v[32];

    (void)cache;
    if (!st->heap_on)
        return;
    status_putkv(s, "heap-total ops", t->ops);
    status_putkv(s, " refused", t->refused);
    status_putkv(s, " steps", t->steps);
    status_putkv(s, " max-steps", t->max_steps);
    status_putkv(s, " worst-internal", t->worst_internal);
    snprintf(v, sizeof v, " worst-external=%.6f", t->worst_external);
    status_puts(s, v);
    status_put(s, "\n", 1);
}

void status_write_heap_caches(const struct status *st, struct status_cache *cache, struct sink *s)
{
    const struct heap *h = &st->heap;

    (void)cache;
    if (!st->heap_on)
        return;
    for (unsigned i = 0; i < h->ncaches; i++) {
        status_puts(s, "heap-cache name=");
        status_puts(s, h->caches[i].name);
        status_putkv(s, " object", h->caches[i].object);
        status_put(s, "\n", 1);
    }
    for (unsigned i = 0; i < h->npools; i++) {
        status_putkv(s, "heap-pool block", h->pools[i].block);
        status_putkv(s, " count", h->pools[i].count);
        status_put(s, "\n", 1);
    }
    for (size_t i = 0; i < h->nslabs; i++) {
        status_puts(s, "heap-slab cache=");
        status_puts(s, h->slabs[i].cache < h->ncaches ? h->caches[h->slabs[i].cache].name : "-");
        status_putkv(s, " addr", h->slabs[i].addr);
        status_put(s, "\n", 1);
    }
}

/* Writes where= of block b: '-', its cache's name (slab), its pool (pool). */
static void put_where(struct sink *s, const struct heap *h, const struct heap_block *b)
{
    status_puts(s, " where=");
    if (b->where == HEAP_NONE)
        status_put(s, "-", 1);
    else if (h->cfg.kind == HEAP_SLAB && b->where < h->ncaches)
        status_puts(s, h->caches[b->where].name);
    else
        status_putu(s, b->where);
}

void status_write_heap_blocks(const struct status *st, struct status_cache *cache, struct sink *s)
{
    const struct heap *h = &st->heap;
    const struct heap_block **by;
    long n;

    (void)cache;
    if (!st->heap_on)
        return;
    n = heap_sorted(h, &by);
    if (n < 0) {
        s->err = s->err ? s->err : 12; /* ENOMEM: the write fails, the file stays. */
        return;
    }
    for (long i = 0; i < n; i++) {
        status_puts(s, "heap-block name=");
        status_puts(s, by[i]->name);
        status_putkv(s, " addr", by[i]->addr);
        status_putkv(s, " span", by[i]->span);
        status_putkv(s, " header", by[i]->header);
        status_putkv(s, " size", by[i]->size);
        put_where(s, h, by[i]);
        status_put(s, "\n", 1);
    }
    free(by);
    for (size_t i = 0; h->cfg.kind == HEAP_FREELIST && i < h->nlist; i++) {
        status_putkv(s, "heap-free addr", h->list[i].addr);
        status_putkv(s, " size", h->list[i].size);
        status_put(s, "\n", 1);
    }
}

void status_write_heap_last(const struct status *st, struct status_cache *cache, struct sink *s)
{
    const struct heap_op *l = &st->heap.last;

    (void)cache;
    if (!st->heap_on || l->op == HEAP_OP_NONE || (size_t)l->op >= NOPS)
        return;
    status_puts(s, "heap-last op=");
    status_puts(s, op_words[l->op]);
    status_putkv(s, " refused", l->refused != 0);
    status_puts(s, " name=");
    status_puts(s, l->name);
    status_putkv(s, " size", l->size);
    status_putkv(s, " addr", l->addr);
    status_putkv(s, " span", l->span);
    status_putkv(s, " searched", l->st.searched);
    status_putkv(s, " splits", l->st.splits);
    status_putkv(s, " merges", l->st.merges);
    status_putkv(s, " steps", l->st.steps);
    status_put(s, "\n", 1);
}

/* ---- Reading: heap, heap-total -------------------------------------------- */

/* Reads setting k of the heap record (field 3 + k) into c, whose kind is
 * set: its allocator's own a value, another's '-'. Returns 0 or -1. */
static int read_setting(struct status_parser *p, enum setting k, uint64_t bytes,
                        struct heap_config *c)
{
    const char *w = status_word_field(p, 3 + (int)k, settings[k].key);
    uint64_t v, max[NSET] = {bytes - 1, bytes, 0, 0, 1, bytes, bytes};
    char why[128];

    if (!w)
        return -1;
    if (settings[k].kind != c->kind)
        return strcmp(w, "-") == 0 ? 0
                                   : status_fail(p, "heap: %s= belongs to the %s allocator: '-'",
                                                 settings[k].key, heap_kind_name(settings[k].kind));
    if (k == SET_FIT)
        return heap_fit_parse(w, &c->fit) == 0
                   ? 0
                   : status_fail(p, "heap: fit=%.20s is not first, best, worst or next", w);
    if (k == SET_ORDER)
        return heap_order_parse(w, &c->order) == 0
                   ? 0
                   : status_fail(p,
                                 "heap: order=%.20s is not address, size-up, size-down, front "
                                 "or back",
                                 w);
    if (num_parse(w, NUM_PLAIN, k == SET_MIN || k == SET_SLAB, max[k], &v, why, sizeof why) < 0)
        return status_fail(p, "heap: %s: %s", settings[k].key, why);
    switch (k) {
    case SET_HEADER:
        c->header = v;
        break;
    case SET_ALIGN:
        c->align = v;
        break;
    case SET_COALESCE:
        c->coalesce = (int)v;
        break;
    case SET_MIN:
        c->min_block = v;
        break;
    default:
        c->slab_bytes = v;
        break;
    }
    return 0;
}

int status_read_heap(struct status_parser *p, unsigned long *line)
{
    struct status_parse_heap *q = &p->heap;
    struct heap_config c;
    enum heap_kind kind;
    uint64_t bytes;
    const char *w;
    char why[256];

    if (!(w = status_word_field(p, 1, "kind")))
        return -1;
    if (heap_kind_parse(w, &kind) < 0)
        return status_fail(p, "heap: kind=%.20s is not freelist, buddy, slab or pool", w);
    if (status_num_field(p, 2, "bytes", HEAP_MIN_BYTES, HEAP_MAX_BYTES, &bytes) < 0)
        return -1;
    heap_config_default(&c, kind);
    for (int k = 0; k < NSET; k++)
        if (read_setting(p, (enum setting)k, bytes, &c) < 0)
            return -1;
    if (!(w = status_word_field(p, 10, "next")))
        return -1;
    q->next = 0;
    if (kind != HEAP_FREELIST ? strcmp(w, "-") != 0
                              : num_parse(w, NUM_PLAIN, 0, bytes, &q->next, why, sizeof why) < 0)
        return status_fail(p, "heap: next= is the free list's index (freelist), else '-'");
    if (status_num_field(p, 11, "used", 0, bytes, &q->used) < 0 ||
        status_num_field(p, 12, "asked", 0, q->used, &q->asked) < 0)
        return -1;
    if (heap_init(&p->st->heap, bytes, &c, why, sizeof why) < 0)
        return status_fail(p, "heap: %s", why);
    p->st->heap.nlist = 0; /* The free list is the heap-free records', not a fresh heap's. */
    p->st->heap_on = 1;
    q->seen = 1;
    q->line = *line;
    return 0;
}

/* Reads worst-external=D.DDDDDD (0 to 1, six decimals as written) at field
 * i into *out. Returns 0 or -1 with the error set. */
static int read_fraction(struct status_parser *p, int i, double *out)
{
    const char *w = status_word_field(p, i, "worst-external");

    if (!w)
        return -1;
    if (strlen(w) != 8 || (w[0] != '0' && w[0] != '1') || w[1] != '.' ||
        strspn(w + 2, "0123456789") != 6 || (w[0] == '1' && strcmp(w + 2, "000000") != 0))
        return status_fail(p,
                           "heap-total: worst-external=%.20s is not a fraction 0.000000 to "
                           "1.000000 (six decimals)",
                           w);
    *out = strtod(w, NULL);
    return 0;
}

int status_read_heap_total(struct status_parser *p, unsigned long *line)
{
    struct status_parse_heap *q = &p->heap;
    struct heap_total *t = &q->total;

    (void)line;
    if (!q->seen)
        return status_fail(p, "heap-total: the heap's counters need a 'heap' record before them");
    if (status_num_field(p, 1, "ops", 0, UINT64_MAX, &t->ops) < 0 ||
        status_num_field(p, 2, "refused", 0, t->ops, &t->refused) < 0 ||
        status_num_field(p, 3, "steps", 0, UINT64_MAX, &t->steps) < 0 ||
        status_num_field(p, 4, "max-steps", 0, t->steps, &t->max_steps) < 0 ||
        status_num_field(p, 5, "worst-internal", 0, p->st->heap.bytes, &t->worst_internal) < 0 ||
        read_fraction(p, 6, &t->worst_external) < 0)
        return -1;
    if (t->ops == 0 && (t->worst_internal || t->worst_external > 0))
        return status_fail(p, "heap-total: no operation yet, but worst figures above 0");
    q->total_seen = 1;
    return 0;
}

/* Checks, when the parser leaves heap-total's place, that a heap has one. */
int status_close_heap_total(struct status_parser *p, unsigned long *line)
{
    (void)line;
    if (p->heap.seen && !p->heap.total_seen)
        return status_fail(p, "a 'heap' record is followed by 'heap-total' (its counters)");
    return 0;
}

/* ---- Reading: caches, pools, slabs ---------------------------------------- */

/* Says the record needs allocator kind, when the heap is another (or
 * absent). Returns 0 when it is kind, else -1 with the error set. */
static int need_kind(struct status_parser *p, enum heap_kind kind)
{
    if (p->heap.seen && p->st->heap.cfg.kind == kind)
        return 0;
    return status_fail(p, "%s: only a heap of kind=%s has one", p->f[0], heap_kind_name(kind));
}

/* Puts note n's text as the current line's error. Returns -1. */
static int fail_note(struct status_parser *p, const struct note *n)
{
    return status_fail(p, "%s: %s%s%s", p->f[0], n->what, n->why[0] ? ": " : "", n->why);
}

int status_read_heap_cache(struct status_parser *p, unsigned long *line)
{
    const char *name;
    uint64_t object;
    struct note n;

    (void)line;
    if (need_kind(p, HEAP_SLAB) < 0 || !(name = status_word_field(p, 1, "name")) ||
        status_num_field(p, 2, "object", 1, p->st->heap.cfg.slab_bytes, &object) < 0)
        return -1;
    note_clear(&n);
    return heap_cache_add(&p->st->heap, name, object, &n) < 0 ? fail_note(p, &n) : 0;
}

int status_read_heap_pool(struct status_parser *p, unsigned long *line)
{
    uint64_t block, count;
    struct note n;

    (void)line;
    if (need_kind(p, HEAP_POOL) < 0 ||
        status_num_field(p, 1, "block", 1, p->st->heap.bytes, &block) < 0 ||
        status_num_field(p, 2, "count", 1, p->st->heap.bytes, &count) < 0)
        return -1;
    note_clear(&n);
    return heap_pool_add(&p->st->heap, block, count, &n) < 0 ? fail_note(p, &n) : 0;
}

/* Returns the index of h's cache named name, or HEAP_NONE. */
static uint32_t cache_index(const struct heap *h, const char *name)
{
    for (unsigned i = 0; i < h->ncaches; i++)
        if (strcmp(h->caches[i].name, name) == 0)
            return i;
    return HEAP_NONE;
}

int status_read_heap_slab(struct status_parser *p, unsigned long *line)
{
    struct status_parse_heap *q = &p->heap;
    struct heap *h = &p->st->heap;
    const char *name;
    uint64_t addr;
    uint32_t ci;
    char why[256];

    (void)line;
    if (need_kind(p, HEAP_SLAB) < 0 || !(name = status_word_field(p, 1, "cache")) ||
        status_num_field(p, 2, "addr", 0, h->bytes - 1, &addr) < 0)
        return -1;
    if ((ci = cache_index(h, name)) == HEAP_NONE)
        return status_fail(p, "heap-slab: there is no cache '%.20s' (a heap-cache record)", name);
    if (q->nslabs && addr <= q->slab_addr)
        return status_fail(p,
                           "heap-slab: addr=%llu is out of order: slabs go by address, each "
                           "once",
                           (unsigned long long)addr);
    if (heap_restore_slab(h, ci, addr, why, sizeof why) < 0)
        return status_fail(p, "heap-slab: %s", why);
    q->slab_addr = addr;
    q->nslabs++;
    return 0;
}

/* ---- Reading: blocks, the free list ---------------------------------------- */

/* Reads where= of a heap-block (field 6) of heap h into *where: '-' for a
 * freelist or buddy heap, a cache's name for slab, a pool's index for pool.
 * Returns 0 or -1 with the error set. */
static int read_where(struct status_parser *p, const struct heap *h, uint32_t *where)
{
    const char *w = status_word_field(p, 6, "where");
    uint64_t v;
    char why[128];

    if (!w)
        return -1;
    *where = HEAP_NONE;
    if (h->cfg.kind == HEAP_SLAB)
        *where = cache_index(h, w);
    else if (h->cfg.kind == HEAP_POOL &&
             num_parse(w, NUM_PLAIN, 0, h->npools ? h->npools - 1 : 0, &v, why, sizeof why) == 0 &&
             h->npools)
        *where = (uint32_t)v;
    else if (strcmp(w, "-") == 0 && h->cfg.kind != HEAP_POOL)
        return 0;
    if (*where == HEAP_NONE)
        return status_fail(p,
                           "heap-block: where=%.20s: a slab block names its cache, a pool block "
                           "its pool (0 to %u), any other '-'",
                           w, h->npools ? h->npools - 1 : 0);
    return 0;
}

int status_read_heap_block(struct status_parser *p, unsigned long *line)
{
    struct status_parse_heap *q = &p->heap;
    struct heap *h = &p->st->heap;
    uint64_t addr, span, header, size;
    const char *name;
    uint32_t where;
    char why[256];

    (void)line;
    if (!q->seen)
        return status_fail(p, "heap-block: a block needs a 'heap' record before it");
    if (!(name = status_word_field(p, 1, "name")) ||
        status_num_field(p, 2, "addr", 0, h->bytes - 1, &addr) < 0 ||
        status_num_field(p, 3, "span", 1, h->bytes - addr, &span) < 0 ||
        status_num_field(p, 4, "header", 0, span, &header) < 0 ||
        status_num_field(p, 5, "size", 1, span - header, &size) < 0 || read_where(p, h, &where) < 0)
        return -1;
    if (heap_check_name(name, why, sizeof why) < 0)
        return status_fail(p, "heap-block: name=%.20s: %s", name, why);
    if (q->nblocks && addr < q->block_end)
        return status_fail(p,
                           "heap-block: addr=%llu is out of order or overlaps the block before "
                           "(it ends at %llu): blocks go by address",
                           (unsigned long long)addr, (unsigned long long)q->block_end);
    if (heap_restore_block(h, name, addr, span, header, size, where, why, sizeof why) < 0)
        return status_fail(p, "heap-block: %s", why);
    q->block_end = addr + span;
    q->nblocks++;
    return 0;
}

int status_read_heap_free(struct status_parser *p, unsigned long *line)
{
    struct heap *h = &p->st->heap;
    uint64_t addr, size;
    char why[256];

    (void)line;
    if (need_kind(p, HEAP_FREELIST) < 0 ||
        status_num_field(p, 1, "addr", 0, h->bytes - 1, &addr) < 0 ||
        status_num_field(p, 2, "size", 1, h->bytes - addr, &size) < 0)
        return -1;
    if (heap_restore_extent(h, addr, size, why, sizeof why) < 0)
        return status_fail(p, "heap-free: %s", why);
    return 0;
}

/* ---- Reading: heap-last, and the checks at the end ---------------------------- */

int status_read_heap_last(struct status_parser *p, unsigned long *line)
{
    struct status_parse_heap *q = &p->heap;
    struct heap_op *l = &q->last;
    const uint64_t bytes = p->st->heap.bytes;
    uint64_t v[8];
    const char *op, *name;
    size_t k;
    char why[128];

    if (!q->seen)
        return status_fail(p, "heap-last: the last operation needs a 'heap' record before it");
    memset(l, 0, sizeof *l);
    if (!(op = status_word_field(p, 1, "op")) || status_flag_field(p, 2, "refused", &l->refused) ||
        !(name = status_word_field(p, 3, "name")) ||
        status_num_field(p, 4, "size", 0, HEAP_MAX_BYTES, &v[0]) < 0 ||
        status_num_field(p, 5, "addr", 0, bytes, &v[1]) < 0 ||
        status_num_field(p, 6, "span", 0, bytes - v[1], &v[2]) < 0 ||
        status_num_field(p, 7, "searched", 0, UINT64_MAX, &v[3]) < 0 ||
        status_num_field(p, 8, "splits", 0, UINT32_MAX, &v[4]) < 0 ||
        status_num_field(p, 9, "merges", 0, UINT32_MAX, &v[5]) < 0 ||
        status_num_field(p, 10, "steps", 0, q->total.max_steps, &v[6]) < 0)
        return -1;
    for (k = 1; k < NOPS && strcmp(op, op_words[k]) != 0; k++)
        ;
    if (k == NOPS)
        return status_fail(p, "heap-last: op=%.20s is not malloc, free or realloc", op);
    if (heap_check_name(name, why, sizeof why) < 0)
        return status_fail(p, "heap-last: name=%.20s: %s", name, why);
    if (v[6] < v[3] + v[4] + v[5])
        return status_fail(p, "heap-last: steps=%llu is less than searched + splits + merges",
                           (unsigned long long)v[6]);
    if (q->total.ops == 0)
        return status_fail(p, "heap-last: heap-total counts no operation");
    l->op = (enum heap_op_kind)k;
    snprintf(l->name, sizeof l->name, "%s", name);
    l->size = v[0];
    l->addr = v[1];
    l->span = v[2];
    l->st = (struct heap_steps){v[3], (uint32_t)v[4], (uint32_t)v[5], v[6]};
    q->last_line = *line;
    return 0;
}

/* Checks the last operation against the blocks: a malloc or realloc done
 * made (or moved) its block to addr, span; a refused one leaves none made;
 * a free leaves none. Returns 0, or -1 with the error set. */
static int last_agrees(struct status_parser *p, const struct heap_op *l)
{
    const struct heap_block *b = heap_find(&p->st->heap, l->name);
    int made = (l->op == HEAP_OP_MALLOC || l->op == HEAP_OP_REALLOC) && !l->refused;

    if (made && (!b || b->addr != l->addr || b->span != l->span))
        return status_fail(p, "heap-last: block %s is not at addr=%llu span=%llu", l->name,
                           (unsigned long long)l->addr, (unsigned long long)l->span);
    if (l->op == HEAP_OP_MALLOC && l->refused && (b || l->addr || l->span))
        return status_fail(p, "heap-last: a refused malloc makes no block (addr=0 span=0)");
    if (l->op == HEAP_OP_FREE && b)
        return status_fail(p, "heap-last: block %s was freed but is still there", l->name);
    return 0;
}

/* Leaves the heap's records: puts the counters and the last operation in,
 * rebuilds and checks the heap (heap_restore_done, on the heap record's
 * line), the sums the heap record declared, and the last operation. */
int status_close_heap(struct status_parser *p, unsigned long *line)
{
    struct status_parse_heap *q = &p->heap;
    struct heap *h = &p->st->heap;
    unsigned long here = *line;
    char why[256];

    if (!q->seen)
        return p->version != STATUS_VERSION7 ? 0
                                             : status_fail(p,
                                                           "a version %d file has a 'heap' record "
                                                           "after the other models' records",
                                                           p->version);
    *line = q->line;
    if (h->cfg.kind == HEAP_FREELIST && q->next > (h->nlist ? h->nlist - 1 : 0))
        return status_fail(p, "heap: next=%llu is past the free list's %zu entries",
                           (unsigned long long)q->next, h->nlist);
    h->next_at = (size_t)q->next;
    h->total = q->total;
    h->last = q->last;
    if (heap_restore_done(h, why, sizeof why) < 0)
        return status_fail(p, "heap: %s", why);
    if (h->used != q->used || h->asked != q->asked)
        return status_fail(p, "heap: used=%llu asked=%llu, but the blocks add up to %llu and %llu",
                           (unsigned long long)q->used, (unsigned long long)q->asked,
                           (unsigned long long)h->used, (unsigned long long)h->asked);
    if (q->last_line) {
        *line = q->last_line;
        if (last_agrees(p, &h->last) < 0)
            return -1;
    }
    *line = here;
    return 0;
}
