/* heapcmd.c: the heap's actions (allocator, cache, pool, malloc, free NAME,
 * realloc) and its part of stats; heapshow.c adds the `heap` view and
 * `compare heap`. See cmd.h; the model is common/heap.h, the words
 * README.md's "The heap". The heap is the status's (s->st.heap, on when
 * s->st.heap_on, so the status file holds it) and is off until --heap,
 * --allocator, `allocator` or the first `malloc` turns it on. */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

#include "num.h"

/* The allocator settings a key=value sets, and the kinds it belongs to. */
enum heap_key { K_HEADER, K_ALIGN, K_FIT, K_ORDER, K_COALESCE, K_MIN, K_SLAB, K_HEAP, NKEYS };

#define KIND_BIT(k) (1u << (k))
#define ALL_KINDS                                                                                  \
    (KIND_BIT(HEAP_FREELIST) | KIND_BIT(HEAP_BUDDY) | KIND_BIT(HEAP_SLAB) | KIND_BIT(HEAP_POOL))

/* Columns: the key, the kinds it belongs to, the smallest and largest number
 * it takes (words for fit, order and coalesce). */
static const struct {
    const char *name;
    unsigned kinds;
    uint64_t min, max;
} keys[NKEYS] = {
    [K_HEADER] = {"header", KIND_BIT(HEAP_FREELIST), 0, HEAP_MAX_BYTES},
    [K_ALIGN] = {"align", KIND_BIT(HEAP_FREELIST), 0, HEAP_MAX_BYTES},
    [K_FIT] = {"fit", KIND_BIT(HEAP_FREELIST), 0, 0},
    [K_ORDER] = {"order", KIND_BIT(HEAP_FREELIST), 0, 0},
    [K_COALESCE] = {"coalesce", KIND_BIT(HEAP_FREELIST), 0, 0},
    [K_MIN] = {"min", KIND_BIT(HEAP_BUDDY), 1, HEAP_MAX_BYTES},
    [K_SLAB] = {"slab", KIND_BIT(HEAP_SLAB), 1, HEAP_MAX_BYTES},
    [K_HEAP] = {"heap", ALL_KINDS, HEAP_MIN_BYTES, HEAP_MAX_BYTES},
};

/* The keys KIND takes, for messages ("header=B align=B ..."). */
static const char *kind_keys[HEAP_NKINDS] = {
    ("header=B, align=B, fit=first|best|worst|next, "
     "order=address|size-up|size-down|front|back, coalesce=on|off, heap=BYTES"),
    "min=B, heap=BYTES",
    "slab=B, heap=BYTES",
    "heap=BYTES",
};

/* Sets key k of c (or *bytes) from the text v. Returns 0, or -1 with the
 * reason in err. */
static int set_key(enum heap_key k, const char *v, struct heap_config *c, uint64_t *bytes,
                   char *err, size_t errlen)
{
    uint64_t x = 0;
    char why[160];

    if (k == K_FIT || k == K_ORDER || k == K_COALESCE) {
        int bad = k == K_FIT     ? heap_fit_parse(v, &c->fit) < 0
                  : k == K_ORDER ? heap_order_parse(v, &c->order) < 0
                                 : strcmp(v, "on") != 0 && strcmp(v, "off") != 0;
        static const char *want[] = {[K_FIT] = "first, best, worst or next",
                                     [K_ORDER] = "address, size-up, size-down, front or back",
                                     [K_COALESCE] = "on or off"};
        if (bad) {
            snprintf(err, errlen, "%s is %s, not '%.40s'", keys[k].name, want[k], v);
            return -1;
        }
        if (k == K_COALESCE)
            c->coalesce = strcmp(v, "on") == 0;
        return 0;
    }
    if (num_parse(v, NUM_SUFFIX, keys[k].min, keys[k].max, &x, why, sizeof why) < 0) {
        snprintf(err, errlen, "%s: %s", keys[k].name, why);
        return -1;
    }
    if (k == K_HEADER)
        c->header = x;
    else if (k == K_ALIGN)
        c->align = x;
    else if (k == K_MIN)
        c->min_block = x;
    else if (k == K_SLAB)
        c->slab_bytes = x;
    else
        *bytes = x;
    return 0;
}

int heapcmd_parse(const char *kind, char **kv, int n, struct heap_config *c, uint64_t *bytes,
                  char *err, size_t errlen)
{
    enum heap_kind k;
    int given[NKEYS] = {0};

    if (heap_kind_parse(kind, &k) < 0) {
        snprintf(err, errlen, "an allocator is freelist, buddy, slab or pool, not '%.40s'", kind);
        return -1;
    }
    heap_config_default(c, k);
    for (int i = 0; i < n; i++) {
        const char *eq = strchr(kv[i], '=');
        int j;
        for (j = 0; j < NKEYS; j++)
            if (eq && (size_t)(eq - kv[i]) == strlen(keys[j].name) &&
                strncmp(kv[i], keys[j].name, strlen(keys[j].name)) == 0)
                break;
        if (j == NKEYS || !(keys[j].kinds & KIND_BIT(k))) {
            snprintf(err, errlen, "'%.40s' is not a setting of %s (it takes %s)", kv[i], kind,
                     kind_keys[k]);
            return -1;
        }
        if (given[j]) {
            snprintf(err, errlen, "%s is given twice", keys[j].name);
            return -1;
        }
        given[j] = 1;
        if (set_key((enum heap_key)j, eq + 1, c, bytes, err, errlen) < 0)
            return -1;
    }
    if (k == HEAP_SLAB && !given[K_SLAB]) /* 4096, or what fits a smaller heap. */
        c->slab_bytes = heap_slab_default(*bytes);
    return 0;
}

const char *heapcmd_config_text(const struct heap_config *c, uint64_t bytes, char *buf, size_t len)
{
    int at = snprintf(buf, len, "%s, %llu B: ", heap_kind_name(c->kind), (unsigned long long)bytes);

    if (at < 0 || (size_t)at >= len)
        return buf;
    if (c->kind == HEAP_FREELIST)
        snprintf(buf + at, len - (size_t)at,
                 "header %llu B, align %llu, %s fit, %s order, coalescing %s",
                 (unsigned long long)c->header, (unsigned long long)c->align, heap_fit_name(c->fit),
                 heap_order_name(c->order), c->coalesce ? "on" : "off");
    else if (c->kind == HEAP_BUDDY)
        snprintf(buf + at, len - (size_t)at, "power-of-two blocks of %llu B to %llu B",
                 (unsigned long long)c->min_block, (unsigned long long)bytes);
    else if (c->kind == HEAP_SLAB)
        snprintf(buf + at, len - (size_t)at, "slabs of %llu B (%llu slab page%s)",
                 (unsigned long long)c->slab_bytes, (unsigned long long)(bytes / c->slab_bytes),
                 bytes / c->slab_bytes == 1 ? "" : "s");
    else
        snprintf(buf + at, len - (size_t)at, "fixed-size blocks in pools");
    return buf;
}

/* What the next step is for an empty heap of kind k. */
static const char *next_step(enum heap_kind k)
{
    static const char *text[HEAP_NKINDS] = {
        "the heap is one free extent; malloc NAME BYTES takes from it",
        "the heap is one free block; malloc NAME BYTES splits it",
        "no caches yet: cache NAME OBJECT-BYTES adds one",
        "no pools yet: pool BLOCK-BYTES COUNT adds one"};
    return text[k];
}

/* Makes a fresh heap into *h. Returns 0, or -1 with the reason in err and *h
 * untouched. */
static int fresh(struct heap *h, uint64_t bytes, const struct heap_config *c, char *err,
                 size_t errlen)
{
    struct heap t;

    memset(&t, 0, sizeof t);
    if (heap_init(&t, bytes, c, err, errlen) < 0)
        return -1;
    *h = t;
    return 0;
}

int heapcmd_start(struct session *s, uint64_t bytes, const struct heap_config *c, char *err,
                  size_t errlen)
{
    if (fresh(&s->st.heap, bytes, c, err, errlen) < 0)
        return -1;
    s->st.heap_on = 1;
    return 0;
}

/* Frees the heap and turns it off. */
static void heap_off(struct session *s)
{
    if (s->st.heap_on)
        heap_free_all(&s->st.heap);
    s->st.heap_on = 0;
}

uint64_t heapcmd_bytes(const struct session *s)
{
    return s->st.heap_on ? s->st.heap.bytes : HEAP_DEFAULT_BYTES;
}

int cmd_allocator(struct session *s, uint64_t bytes, const struct heap_config *c)
{
    struct heap h;
    struct note n;
    char err[300], text[200];

    if (fresh(&h, bytes, c, err, sizeof err) < 0) {
        cmd_error(s, "allocator %s: %s", heap_kind_name(c->kind), err);
        return -1;
    }
    note_clear(&n);
    note_what(&n, "heap: %s allocator, %llu B, empty%s", heap_kind_name(c->kind),
              (unsigned long long)bytes, s->st.heap_on ? " (its blocks were dropped)" : "");
    note_why(&n, "%s; %s", heapcmd_config_text(c, bytes, text, sizeof text), next_step(c->kind));
    heap_off(s);
    s->st.heap = h;
    s->st.heap_on = 1;
    return cmd_finish(s, 0, &n);
}

/* Refuses `what` with the heap off. Returns -1. */
static int refuse_off(struct session *s, const char *what, const char *hint)
{
    struct note n;

    note_clear(&n);
    note_what(&n, "%s: the heap is off", what);
    note_why(&n, "%s", hint);
    return cmd_finish(s, -1, &n);
}

int cmd_cache(struct session *s, const char *name, uint64_t object)
{
    struct note n;

    note_clear(&n); /* The model may leave why alone. */
    if (!s->st.heap_on)
        return refuse_off(s, "a slab cache", "allocator slab turns a slab heap on");
    return cmd_finish(s, heap_cache_add(&s->st.heap, name, object, &n), &n);
}

int cmd_pool(struct session *s, uint64_t block, uint64_t count)
{
    struct note n;

    note_clear(&n); /* The model may leave why alone. */
    if (!s->st.heap_on)
        return refuse_off(s, "a pool", "allocator pool turns a pool heap on");
    return cmd_finish(s, heap_pool_add(&s->st.heap, block, count, &n), &n);
}

int cmd_malloc(struct session *s, const char *name, uint64_t bytes, const char *cache)
{
    struct heap h;
    struct heap_config c;
    struct note n, on;
    char err[300], text[200];

    note_clear(&n); /* The model may leave why alone. */
    if (s->st.heap_on)
        return cmd_finish(s, heap_malloc(&s->st.heap, name, bytes, cache, &n), &n);
    /* The heap off: the first malloc turns it on with the defaults, and
     * keeps it on only when it was granted (all-or-nothing). */
    heap_config_default(&c, HEAP_FREELIST);
    if (fresh(&h, HEAP_DEFAULT_BYTES, &c, err, sizeof err) < 0) {
        cmd_error(s, "malloc: %s", err);
        return -1;
    }
    if (heap_malloc(&h, name, bytes, cache, &n) < 0) {
        heap_free_all(&h);
        return cmd_finish(s, -1, &n);
    }
    note_clear(&on);
    note_what(&on, "heap on: the defaults, a %s allocator", heap_kind_name(c.kind));
    note_why(&on, "%s; allocator KIND [settings] chooses another",
             heapcmd_config_text(&c, HEAP_DEFAULT_BYTES, text, sizeof text));
    cmd_say(&on);
    s->st.heap = h;
    s->st.heap_on = 1;
    return cmd_finish(s, 0, &n);
}

int cmd_heap_free(struct session *s, const char *name)
{
    struct note n;

    note_clear(&n); /* The model may leave why alone. */
    if (!s->st.heap_on)
        return refuse_off(s, "free", "there are no heap blocks; malloc NAME BYTES makes one");
    return cmd_finish(s, heap_free(&s->st.heap, name, &n), &n);
}

int cmd_realloc(struct session *s, const char *name, uint64_t bytes)
{
    struct note n;

    note_clear(&n); /* The model may leave why alone. */
    if (!s->st.heap_on)
        return refuse_off(s, "realloc", "there are no heap blocks; malloc NAME BYTES makes one");
    return cmd_finish(s, heap_realloc(&s->st.heap, name, bytes, &n), &n);
}

void heapcmd_stats(const struct session *s)
{
    const struct heap *h = &s->st.heap;
    const struct heap_total *t = &h->total;
    struct heap_frag f;
    char text[200];

    if (!s->st.heap_on)
        return;
    heap_frag_now(h, &f);
    printf("Heap: %s\n", heapcmd_config_text(&h->cfg, h->bytes, text, sizeof text));
    printf("  %zu block%s %llu B (asked %llu B, internal fragmentation %llu B); %llu B free\n",
           h->nblocks, h->nblocks == 1 ? " uses" : "s use", (unsigned long long)f.used,
           (unsigned long long)f.asked, (unsigned long long)f.internal, (unsigned long long)f.free);
    heapshow_external(&f);
    printf("  %llu operation%s (%llu refused): steps mean %.2f, max %llu; worst internal "
           "%llu B, worst external %.1f%%\n",
           (unsigned long long)t->ops, t->ops == 1 ? "" : "s", (unsigned long long)t->refused,
           t->ops ? (double)t->steps / (double)t->ops : 0.0, (unsigned long long)t->max_steps,
           (unsigned long long)t->worst_internal, t->worst_external * 100.0);
}
