/* heapshow.c: the heap's views: `heap` (the blocks by address, the free
 * structure of the allocator, the fragmentation) and `compare heap FILE` (a
 * workload of malloc/free/realloc lines played under every allocator side
 * by side). See cmd.h and heapcmd.c. */
#include "cmd.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "num.h"

#define SHOW_ROWS 64 /* Most blocks, extents, slabs or pools `heap` lists. */

/* Says how many rows of `what` were left out of a list of n. */
static void more(size_t n, const char *what)
{
    if (n > SHOW_ROWS)
        printf("  ... and %zu more %s\n", n - SHOW_ROWS, what);
}

/* Prints the blocks by address. Returns 0, or -1 (out of memory, said). */
static int show_blocks(const struct heap *h)
{
    const struct heap_block **b;
    long n = heap_sorted(h, &b);

    if (n < 0) {
        printf("  (out of memory: the blocks cannot be listed)\n");
        return -1;
    }
    if (n == 0)
        printf("  no blocks\n");
    else
        printf("  %-16s %12s %10s %7s %10s %8s\n", "block", "address", "span", "header", "size",
               "padding");
    for (long i = 0; i < n && i < SHOW_ROWS; i++) {
        char addr[24];
        snprintf(addr, sizeof addr, "0x%llx", (unsigned long long)b[i]->addr);
        printf("  %-16s %12s %10llu %7llu %10llu %8llu\n", b[i]->name, addr,
               (unsigned long long)b[i]->span, (unsigned long long)b[i]->header,
               (unsigned long long)b[i]->size,
               (unsigned long long)(b[i]->span - b[i]->header - b[i]->size));
    }
    more((size_t)n, "blocks");
    free(b);
    return 0;
}

/* Prints the free list in list order, malloc.py's way ("[ addr:0 sz:100 ]"),
 * eight entries a line (malloc.py prints one line). */
static void show_list(const struct heap *h)
{
    printf("  free list, %zu entr%s in list order (%s), as malloc.py prints it (decimal):\n",
           h->nlist, h->nlist == 1 ? "y" : "ies", heap_order_name(h->cfg.order));
    for (size_t i = 0; i < h->nlist && i < SHOW_ROWS; i++)
        printf("%s[ addr:%llu sz:%llu ]%s", i % 8 == 0 ? "    " : "",
               (unsigned long long)h->list[i].addr, (unsigned long long)h->list[i].size,
               i % 8 == 7 || i + 1 == h->nlist || i + 1 == SHOW_ROWS ? "\n" : "");
    more(h->nlist, "entries");
}

/* Prints the free blocks (buddy) or the free extents by address. Returns 0
 * or -1 (out of memory, said). */
static int show_extents(const struct heap *h, const char *what)
{
    struct heap_extent *e;
    long n = heap_free_extents(h, &e);

    if (n < 0) {
        printf("  (out of memory: the free space cannot be listed)\n");
        return -1;
    }
    printf("  %s: %ld%s\n", what, n, n ? "" : " (none)");
    for (long i = 0; i < n && i < SHOW_ROWS; i++)
        printf("%s0x%llx %llu B%s", i % 6 == 0 ? "    " : "", (unsigned long long)e[i].addr,
               (unsigned long long)e[i].size,
               i % 6 == 5 || i + 1 == n || i + 1 == SHOW_ROWS ? "\n" : ", ");
    more((size_t)n, "free");
    free(e);
    return 0;
}

/* Prints the slabs of each cache with their fill. */
static void show_slabs(const struct heap *h)
{
    static const char *state[] = {"empty", "partial", "full"};

    for (unsigned c = 0; c < h->ncaches; c++) {
        const struct heap_cache *k = &h->caches[c];
        size_t shown = 0, count = 0;
        printf("  cache %s: %llu B objects in %llu B slots, %u a slab\n", k->name,
               (unsigned long long)k->object, (unsigned long long)k->slot, k->per_slab);
        for (size_t i = 0; i < h->nslabs; i++) {
            const struct heap_slab *sl = &h->slabs[i];
            if (sl->cache != c)
                continue;
            count++;
            if (shown++ < SHOW_ROWS)
                printf("    slab 0x%llx %-7s %u/%u used\n", (unsigned long long)sl->addr,
                       state[sl->used == 0            ? 0
                             : sl->used < k->per_slab ? 1
                                                      : 2],
                       sl->used, k->per_slab);
        }
        if (count == 0)
            printf("    no slabs yet\n");
        more(count, "slabs");
    }
    if (h->ncaches == 0)
        printf("  no caches: cache NAME OBJECT-BYTES adds one\n");
    printf("  slab pages in use: %zu of %llu\n", h->nslabs,
           (unsigned long long)(h->bytes / h->cfg.slab_bytes));
}

/* Prints the pools with their use. */
static void show_pools(const struct heap *h)
{
    for (unsigned i = 0; i < h->npools; i++) {
        const struct heap_pool *p = &h->pools[i];
        printf("  pool %u: %llu blocks of %llu B at 0x%llx: %llu used, %llu free\n", i,
               (unsigned long long)p->count, (unsigned long long)p->block,
               (unsigned long long)p->base, (unsigned long long)p->used,
               (unsigned long long)(p->count - p->used));
    }
    if (h->npools == 0)
        printf("  no pools: pool BLOCK-BYTES COUNT adds one\n");
}

void heapshow_external(const struct heap_frag *f)
{
    if (f->free)
        printf("  largest free block %llu B; external fragmentation 1 - %llu/%llu = %.1f%%\n",
               (unsigned long long)f->largest, (unsigned long long)f->largest,
               (unsigned long long)f->free, f->external * 100.0);
    else
        printf("  no free space, so no external fragmentation\n");
}

/* Prints the fragmentation now. */
static void show_frag(const struct heap *h)
{
    struct heap_frag f;

    heap_frag_now(h, &f);
    printf("  used %llu B (asked %llu B; internal fragmentation %llu B), free %llu B\n",
           (unsigned long long)f.used, (unsigned long long)f.asked, (unsigned long long)f.internal,
           (unsigned long long)f.free);
    heapshow_external(&f);
}

int cmd_heap_show(struct session *s)
{
    const struct heap *h = &s->st.heap;
    char text[200];
    int r;

    if (!s->st.heap_on) {
        printf("The heap is off: allocator KIND or malloc NAME BYTES turns it on.\n");
        return 0;
    }
    printf("Heap: %s\n", heapcmd_config_text(&h->cfg, h->bytes, text, sizeof text));
    r = show_blocks(h);
    if (h->cfg.kind == HEAP_FREELIST)
        show_list(h);
    else if (h->cfg.kind == HEAP_BUDDY)
        r |= show_extents(h, "free blocks by address");
    else if (h->cfg.kind == HEAP_SLAB)
        show_slabs(h);
    else
        show_pools(h);
    show_frag(h);
    return r < 0 ? -1 : 0;
}

/* Reads one workload line (split into argv[0 .. argc-1]) into op. Returns 0,
 * or -1 with the reason in err. */
static int read_op(char **argv, int argc, struct heap_workop *op, char *err, size_t errlen)
{
    static const char *words[] = {
        [HEAP_OP_MALLOC] = "malloc", [HEAP_OP_FREE] = "free", [HEAP_OP_REALLOC] = "realloc"};
    int k;
    char why[160];

    for (k = HEAP_OP_MALLOC; k <= HEAP_OP_REALLOC && strcmp(argv[0], words[k]) != 0; k++)
        ;
    if (k > HEAP_OP_REALLOC) {
        snprintf(err, errlen, "'%.40s' is not malloc, free or realloc", argv[0]);
        return -1;
    }
    if (argc != (k == HEAP_OP_FREE ? 2 : 3)) {
        snprintf(err, errlen, "usage: %s",
                 k == HEAP_OP_FREE     ? "free NAME"
                 : k == HEAP_OP_MALLOC ? "malloc NAME BYTES"
                                       : "realloc NAME BYTES");
        return -1;
    }
    if (heap_check_name(argv[1], err, errlen) < 0)
        return -1;
    op->op = (enum heap_op_kind)k;
    snprintf(op->name, sizeof op->name, "%s", argv[1]);
    op->size = 0;
    if (argc == 3 &&
        num_parse(argv[2], NUM_SUFFIX, 1, HEAP_MAX_BYTES, &op->size, why, sizeof why) < 0) {
        snprintf(err, errlen, "size: %s", why);
        return -1;
    }
    return 0;
}

/* Appends op to *ops (*n of them, room for *cap). Returns 0 or -1 (out of
 * memory). */
static int push(struct heap_workop **ops, size_t *n, size_t *cap, const struct heap_workop *op)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 64;
        struct heap_workop *p = realloc(*ops, c * sizeof *p);
        if (!p)
            return -1;
        *ops = p;
        *cap = c;
    }
    (*ops)[(*n)++] = *op;
    return 0;
}

int heapcmd_read_workload(FILE *fp, struct heap_workop **ops, size_t *n, char *err, size_t errlen)
{
    char line[INPUT_MAX + 1], *argv[4];
    size_t cap = 0;
    int lineno = 0;
    enum input_result r;

    *ops = NULL;
    *n = 0;
    while ((r = input_line(fp, line, sizeof line)) != INPUT_EOF) {
        struct heap_workop op;
        char *text;
        int argc;
        lineno++;
        if (r != INPUT_OK) {
            snprintf(err, errlen, "%s", r == INPUT_LONG ? "line too long" : "control character");
            goto out_bad;
        }
        text = input_trim(line);
        if (*text == '\0' || *text == '#')
            continue;
        argc = input_split(text, argv, 4);
        if (argc < 0)
            snprintf(err, errlen, "too many words");
        if (argc < 0 || read_op(argv, argc, &op, err, errlen) < 0)
            goto out_bad;
        if (push(ops, n, &cap, &op) < 0) {
            snprintf(err, errlen, "out of memory");
            goto out_bad;
        }
    }
    if (ferror(fp)) {
        snprintf(err, errlen, "%s", strerror(errno));
        goto out_bad;
    }
    if (*n == 0) {
        snprintf(err, errlen, "no malloc, free or realloc lines");
        goto out_bad;
    }
    return 0;
out_bad:
    free(*ops);
    *ops = NULL;
    *n = 0;
    return lineno ? lineno : 1;
}

/* The four allocators compare heap plays on a heap of bytes: the
 * session's settings for the allocator the heap has (when it is that
 * size), the defaults for the others (a slab no larger than the heap). */
static void compare_configs(const struct session *s, uint64_t bytes, struct heap_config *cfg)
{
    const struct heap *h = &s->st.heap;

    for (int k = 0; k < HEAP_NKINDS; k++) {
        if (s->st.heap_on && h->cfg.kind == (enum heap_kind)k && h->bytes == bytes)
            cfg[k] = h->cfg;
        else
            heap_config_default(&cfg[k], (enum heap_kind)k);
        if (cfg[k].kind == HEAP_SLAB && cfg[k].slab_bytes > bytes)
            cfg[k].slab_bytes = heap_slab_default(bytes);
    }
}

/* Prints the table of compare heap. */
static void compare_table(const struct heap_config *cfg, const struct heap_result *res)
{
    printf("  %-9s %7s %7s  %-15s %-15s %s\n", "allocator", "ops", "refused", "internal B",
           "external", "steps");
    printf("  %-9s %7s %7s  %-15s %-15s %s\n", "", "", "", "end / worst", "end / worst",
           "mean / max");
    for (int k = 0; k < HEAP_NKINDS; k++) {
        const struct heap_result *r = &res[k];
        char in[32], ex[32], st[32];
        if (r->failed) {
            printf("  %-9s cannot run: %s\n", heap_kind_name(cfg[k].kind), r->why);
            continue;
        }
        snprintf(in, sizeof in, "%llu / %llu", (unsigned long long)r->end.internal,
                 (unsigned long long)r->worst_internal);
        snprintf(ex, sizeof ex, "%.1f%% / %.1f%%", r->end.external * 100.0,
                 r->worst_external * 100.0);
        snprintf(st, sizeof st, "%.2f / %llu", r->mean_steps, (unsigned long long)r->max_steps);
        printf("  %-9s %7llu %7llu  %-15s %-15s %s\n", heap_kind_name(cfg[k].kind),
               (unsigned long long)r->ops, (unsigned long long)r->refused, in, ex, st);
    }
}

int cmd_compare_heap(struct session *s, const char *path, uint64_t bytes)
{
    struct heap_config cfg[HEAP_NKINDS], dflt;
    struct heap_result res[HEAP_NKINDS];
    struct heap_workop *ops;
    struct heap tmp, *h = &s->st.heap;
    size_t n;
    char err[300];
    FILE *fp = fopen(path, "r");
    int r;

    if (!fp) {
        cmd_error(s, "cannot open workload %.200s: %s", path, strerror(errno));
        return -1;
    }
    r = heapcmd_read_workload(fp, &ops, &n, err, sizeof err);
    fclose(fp);
    if (r > 0) {
        cmd_error(s, "%.200s:%d: %s (nothing was played)", path, r, err);
        return -1;
    }
    compare_configs(s, bytes, cfg);
    memset(&tmp, 0, sizeof tmp);
    if (!s->st.heap_on || bytes != h->bytes) { /* A heap of that size to hand heap_compare. */
        heap_config_default(&dflt, HEAP_FREELIST);
        if (heap_init(&tmp, bytes, &dflt, err, sizeof err) < 0) {
            free(ops);
            cmd_error(s, "compare heap: %s", err);
            return -1;
        }
        h = &tmp;
    }
    r = heap_compare(h, ops, n, cfg, HEAP_NKINDS, res, err, sizeof err);
    heap_free_all(&tmp);
    free(ops);
    if (r < 0) {
        cmd_error(s, "compare heap: %s", err);
        return -1;
    }
    printf("compare heap %.200s: %zu operation%s on a %llu B heap under each allocator\n", path, n,
           n == 1 ? "" : "s", (unsigned long long)bytes);
    compare_table(cfg, res);
    return 0;
}
