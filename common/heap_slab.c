/* heap_slab.c: the slab allocator behind heap_slab_ops (heap.h tells the
 * rules). The heap is cut into slab pages of slab_bytes; h->slabs lists the
 * pages given to caches, by address, with their used counts. Bitmaps with
 * summary words (heap_bits.h) find in O(log64 pages) each thing a malloc
 * wants: a cache's lowest-addressed partial slab, its lowest empty slab, the
 * lowest free page, the lowest empty slab of any cache (to reclaim), and a
 * slab's lowest free slot. A free finds its slab by binary search. Memory:
 * one bit per 8 heap bytes for the slots, a few bits per page. */
#include "heap_bits.h"
#include "heap_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* h->priv. Bitmaps over pages have bit addr / slab_bytes; the slot bitmap
 * has bit page * maxslots + k for slot k of that page's slab. */
struct slabs {
    unsigned pagelog;      /* log2 slab_bytes. */
    uint64_t npages;       /* heap / slab_bytes. */
    uint64_t maxslots;     /* slab_bytes / HEAP_SLAB_ALIGN: slot bits a page. */
    struct hbits freepage; /* Pages no cache holds. */
    struct hbits emptyany; /* Empty slabs of any cache. */
    struct hbits slots;    /* Free slots of each slab. */
    /* Each cache's partial and empty slabs, made when it is added. */
    struct hbits partial[HEAP_MAX_CACHES], empty[HEAP_MAX_CACHES];
    uint64_t npartial[HEAP_MAX_CACHES], nempty[HEAP_MAX_CACHES], nfreepages, nemptyany;
};

/* A slab's state, by its used count. */
enum { SLAB_EMPTY, SLAB_PARTIAL, SLAB_FULL };

static int is_pow2(uint64_t v)
{
    return v && !(v & (v - 1));
}

static const char *state_name[] = {"empty", "partial", "full"};

static int state_of(uint64_t used, uint64_t per)
{
    return used == 0 ? SLAB_EMPTY : used == per ? SLAB_FULL : SLAB_PARTIAL;
}

static void slab_teardown(struct heap *h)
{
    struct slabs *sp = h->priv;

    if (sp) {
        hbits_free(&sp->freepage);
        hbits_free(&sp->emptyany);
        hbits_free(&sp->slots);
        for (unsigned c = 0; c < HEAP_MAX_CACHES; c++) {
            hbits_free(&sp->partial[c]);
            hbits_free(&sp->empty[c]);
        }
        free(sp);
    }
    h->priv = NULL;
    free(h->slabs);
    h->slabs = NULL;
    h->nslabs = h->capslabs = 0;
}

static int slab_check_config(const struct heap *h, char *err, size_t errlen)
{
    uint64_t s = h->cfg.slab_bytes;

    if (!is_pow2(s) || s < HEAP_SLAB_ALIGN || s > h->bytes) {
        snprintf(err, errlen, "slab=%llu must be a power of two from %u to the heap (%llu)",
                 (unsigned long long)s, HEAP_SLAB_ALIGN, (unsigned long long)h->bytes);
        return -1;
    }
    return 0;
}

/* Empties the free state: every page free, no slab, no slot. */
static void reset(struct slabs *sp)
{
    hbits_fill(&sp->freepage, 0, sp->npages, 1);
    hbits_fill(&sp->emptyany, 0, sp->npages, 0);
    hbits_fill(&sp->slots, 0, sp->slots.nbits, 0);
    for (unsigned c = 0; c < HEAP_MAX_CACHES; c++) {
        if (sp->partial[c].nlev) {
            hbits_fill(&sp->partial[c], 0, sp->npages, 0);
            hbits_fill(&sp->empty[c], 0, sp->npages, 0);
        }
        sp->npartial[c] = sp->nempty[c] = 0;
    }
    sp->nfreepages = sp->npages;
    sp->nemptyany = 0;
}

static int slab_setup(struct heap *h, char *err, size_t errlen)
{
    struct slabs *sp = calloc(1, sizeof *sp);

    if (!sp)
        goto out_oom;
    h->priv = sp;
    sp->pagelog = (unsigned)(63 - __builtin_clzll(h->cfg.slab_bytes));
    sp->npages = h->bytes >> sp->pagelog;
    sp->maxslots = h->cfg.slab_bytes / HEAP_SLAB_ALIGN;
    if (hbits_init(&sp->freepage, sp->npages) < 0 || hbits_init(&sp->emptyany, sp->npages) < 0 ||
        hbits_init(&sp->slots, sp->npages * sp->maxslots) < 0)
        goto out_free;
    reset(sp);
    return 0;
out_free:
    slab_teardown(h);
out_oom:
    snprintf(err, errlen, "out of memory for the slab bitmaps");
    return -1;
}

/* Makes cache c's partial and empty bitmaps if it has none. Returns 0 or -1
 * (out of memory). */
static int make_cache(struct slabs *sp, unsigned c)
{
    if (sp->partial[c].nlev)
        return 0;
    if (hbits_init(&sp->partial[c], sp->npages) < 0)
        return -1;
    if (hbits_init(&sp->empty[c], sp->npages) < 0) {
        hbits_free(&sp->partial[c]);
        return -1;
    }
    return 0;
}

/* Puts page pg of cache c in (on 1) or out of (on 0) the set of its state. */
static void file_slab(struct slabs *sp, unsigned c, uint64_t pg, int state, int on)
{
    struct hbits *set = state == SLAB_PARTIAL ? &sp->partial[c] : &sp->empty[c];
    uint64_t *count = state == SLAB_PARTIAL ? &sp->npartial[c] : &sp->nempty[c];

    if (state == SLAB_FULL)
        return;
    hbits_put(set, pg, on, count);
    if (state == SLAB_EMPTY)
        hbits_put(&sp->emptyany, pg, on, &sp->nemptyany);
}

/* Sets slab s's used count to `used`, moving it between its cache's sets. */
static void set_used(struct heap *h, struct heap_slab *s, uint32_t used)
{
    struct slabs *sp = h->priv;
    uint64_t per = h->caches[s->cache].per_slab, pg = s->addr >> sp->pagelog;
    int was = state_of(s->used, per), now = state_of(used, per);

    if (was != now) {
        file_slab(sp, s->cache, pg, was, 0);
        file_slab(sp, s->cache, pg, now, 1);
    }
    s->used = used;
}

/* Returns the index in h->slabs of the first slab at or after addr (nslabs
 * when none). */
static size_t slab_from(const struct heap *h, uint64_t addr)
{
    size_t lo = 0, hi = h->nslabs;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (h->slabs[mid].addr < addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Returns the index in h->slabs of the slab on page addr, or h->nslabs. */
static size_t find_slab(const struct heap *h, uint64_t addr)
{
    size_t i = slab_from(h, addr);

    return i < h->nslabs && h->slabs[i].addr == addr ? i : h->nslabs;
}

/* Chooses the cache for `bytes`: *c when named (the request must fit its
 * objects), else (*c HEAP_NONE) the cache of the smallest object that fits,
 * the first added of equals, as kmalloc's size classes. Returns 0, or -1
 * with the reason in n. */
static int choose_cache(const struct heap *h, uint64_t bytes, uint32_t *c, struct note *n)
{
    uint32_t best = HEAP_NONE;

    if (*c != HEAP_NONE) {
        if (*c >= h->ncaches) {
            note_what(n, "no cache %u", *c);
            note_why(n, "there are %u caches", h->ncaches);
            return -1;
        }
        if (bytes <= h->caches[*c].object)
            return 0;
        note_what(n, "%llu B does not fit cache %s", (unsigned long long)bytes, h->caches[*c].name);
        note_why(n, "its objects are %llu B", (unsigned long long)h->caches[*c].object);
        return -1;
    }
    for (uint32_t i = 0; i < h->ncaches; i++)
        if (h->caches[i].object >= bytes &&
            (best == HEAP_NONE || h->caches[i].object < h->caches[best].object))
            best = i;
    if (best == HEAP_NONE) {
        note_what(n, "no cache holds %llu B", (unsigned long long)bytes);
        note_why(n, h->ncaches ? "it is larger than every cache's objects"
                               : "there are no caches: add one with cache NAME OBJECT-BYTES");
        return -1;
    }
    *c = best;
    return 0;
}

/* Makes page pg (free) a new empty slab of cache c in h->slabs (room made
 * before). Returns its index. */
static size_t new_slab(struct heap *h, uint32_t c, uint64_t pg)
{
    struct slabs *sp = h->priv;
    uint64_t addr = pg << sp->pagelog;
    size_t i = slab_from(h, addr);

    memmove(&h->slabs[i + 1], &h->slabs[i], (h->nslabs - i) * sizeof *h->slabs);
    h->nslabs++;
    h->slabs[i].cache = c;
    h->slabs[i].addr = addr;
    h->slabs[i].used = 0;
    hbits_clear(&sp->freepage, pg);
    sp->nfreepages--;
    hbits_fill(&sp->slots, pg * sp->maxslots, pg * sp->maxslots + h->caches[c].per_slab, 1);
    file_slab(sp, c, pg, SLAB_EMPTY, 1);
    return i;
}

/* Gives the empty slab h->slabs[i] of another cache to cache c. */
static void reclaim(struct heap *h, size_t i, uint32_t c)
{
    struct slabs *sp = h->priv;
    struct heap_slab *s = &h->slabs[i];
    uint64_t pg = s->addr >> sp->pagelog, lo = pg * sp->maxslots;

    file_slab(sp, s->cache, pg, SLAB_EMPTY, 0);
    hbits_fill(&sp->slots, lo, lo + h->caches[s->cache].per_slab, 0);
    s->cache = c;
    hbits_fill(&sp->slots, lo, lo + h->caches[c].per_slab, 1);
    file_slab(sp, c, pg, SLAB_EMPTY, 1);
}

/* Makes room for one more slab in h->slabs. Returns 0 or -1 (out of memory). */
static int slab_room(struct heap *h)
{
    size_t nc = h->capslabs ? h->capslabs * 2 : 16;
    struct heap_slab *v;

    if (h->nslabs < h->capslabs)
        return 0;
    v = realloc(h->slabs, nc * sizeof *v);
    if (!v)
        return -1;
    h->slabs = v;
    h->capslabs = nc;
    return 0;
}

/* Where pick_slab found a slab, or why it found none. */
enum pick { PICK_PARTIAL, PICK_EMPTY, PICK_NEW, PICK_RECLAIM, PICK_FULL, PICK_NOMEM };

/* The words for each pick: before and after the cache's name. */
static const struct {
    const char *before, *after;
} pick_words[] = {
    [PICK_PARTIAL] = {"the lowest-addressed partial slab of ", ""},
    [PICK_EMPTY] = {"", " has no partial slab: its lowest empty slab"},
    [PICK_NEW] = {"", " has no partial or empty slab: a new slab on the lowest free page"},
    [PICK_RECLAIM] = {"", " has no slab with room and no page is free: reclaimed "},
    [PICK_FULL] = {"every slab of ", " is full and every slab page is in use"},
    [PICK_NOMEM] = {"out of memory for ", "'s slabs"},
};

/* Finds cache c's slab for a malloc: its lowest-addressed partial slab, its
 * lowest empty one, a new slab on the lowest free page, or the lowest empty
 * slab of any cache reclaimed (each slab looked at searched, a new slab a
 * step). Sets *i to its index and (reclaim) *from to the cache it took the
 * slab from. Returns the pick; PICK_FULL and PICK_NOMEM change nothing. */
static enum pick pick_slab(struct heap *h, uint32_t c, size_t *i, uint32_t *from,
                           struct heap_steps *st)
{
    struct slabs *sp = h->priv;

    if (sp->npartial[c] || sp->nempty[c]) {
        int part = sp->npartial[c] != 0;
        uint64_t pg = hbits_next(part ? &sp->partial[c] : &sp->empty[c], 0);

        *i = find_slab(h, pg << sp->pagelog);
        st->searched++;
        return part ? PICK_PARTIAL : PICK_EMPTY;
    }
    if (!sp->nfreepages && !sp->nemptyany)
        return PICK_FULL;
    if (sp->nfreepages) {
        if (slab_room(h) < 0)
            return PICK_NOMEM;
        *i = new_slab(h, c, hbits_next(&sp->freepage, 0));
        st->steps++;
        return PICK_NEW;
    }
    *i = find_slab(h, hbits_next(&sp->emptyany, 0) << sp->pagelog);
    *from = h->slabs[*i].cache;
    reclaim(h, *i, c);
    st->searched++;
    st->steps++;
    return PICK_RECLAIM;
}

/* Writes pick p's words for cache c into why (len). */
static void pick_why(const struct heap *h, enum pick p, uint32_t c, uint32_t from, uint64_t addr,
                     char *why, size_t len)
{
    why[0] = '\0';
    note_append(why, len, "%s%s%s", pick_words[p].before, h->caches[c].name, pick_words[p].after);
    if (p == PICK_RECLAIM)
        note_append(why, len, "%s's empty slab at 0x%llx, the lowest empty slab",
                    h->caches[from].name, (unsigned long long)addr);
}

/* Takes the lowest free slot of the slab pick_slab finds in the cache
 * choose_cache names. */
static int slab_alloc(struct heap *h, uint64_t bytes, uint32_t cache, struct heap_block *b,
                      struct heap_steps *st, struct note *n)
{
    struct slabs *sp = h->priv;
    char why[NOTE_MAX];
    uint32_t c = cache, from = HEAP_NONE;
    size_t i = 0;
    uint64_t pg, k;
    const struct heap_cache *hc;
    struct note scratch;
    enum pick p;

    if (choose_cache(h, bytes, &c, n ? n : &scratch) < 0)
        return -1;
    hc = &h->caches[c];
    p = make_cache(sp, c) < 0 ? PICK_NOMEM : pick_slab(h, c, &i, &from, st);
    st->steps += st->searched;
    if (p >= PICK_FULL) {
        if (n) {
            note_what(n, "no room in cache %s for %llu B", hc->name, (unsigned long long)bytes);
            pick_why(h, p, c, from, 0, n->why, sizeof n->why);
        }
        return -1;
    }
    pg = h->slabs[i].addr >> sp->pagelog;
    k = hbits_next(&sp->slots, pg * sp->maxslots) - pg * sp->maxslots;
    hbits_clear(&sp->slots, pg * sp->maxslots + k);
    set_used(h, &h->slabs[i], h->slabs[i].used + 1);
    memset(b, 0, sizeof *b);
    b->addr = h->slabs[i].addr + k * hc->slot;
    b->span = hc->slot;
    b->size = bytes;
    b->where = c;
    if (!n)
        return 0;
    pick_why(h, p, c, from, h->slabs[i].addr, why, sizeof why);
    note_why(n,
             "slot %llu of %s's slab at 0x%llx (%llu B slots), padding %llu B: %s%s, slot "
             "%llu its lowest free; the slab is now %s (%u of %u used)",
             (unsigned long long)k, hc->name, (unsigned long long)h->slabs[i].addr,
             (unsigned long long)hc->slot, (unsigned long long)(hc->slot - bytes),
             cache == HEAP_NONE ? "no cache named, the smallest objects that fit; " : "", why,
             (unsigned long long)k, state_name[state_of(h->slabs[i].used, hc->per_slab)],
             h->slabs[i].used, hc->per_slab);
    return 0;
}

/* Frees block b's slot; its slab stays with its cache even when empty. */
static void slab_release(struct heap *h, const struct heap_block *b, struct heap_steps *st,
                         struct note *n)
{
    struct slabs *sp = h->priv;
    uint64_t page = b->addr >> sp->pagelog << sp->pagelog, k = (b->addr - page) / b->span;
    struct heap_slab *s = &h->slabs[find_slab(h, page)];
    const struct heap_cache *hc = &h->caches[s->cache];

    hbits_set(&sp->slots, (page >> sp->pagelog) * sp->maxslots + k);
    set_used(h, s, s->used - 1);
    st->searched = st->steps = 1;
    if (!n)
        return;
    if (s->used)
        note_why(n, "slot %llu of %s's slab at 0x%llx is free; the slab is %s (%u of %u used)",
                 (unsigned long long)k, hc->name, (unsigned long long)page,
                 state_name[state_of(s->used, hc->per_slab)], s->used, hc->per_slab);
    else
        note_why(n,
                 "slot %llu of %s's slab at 0x%llx is free; the slab is empty and stays with %s "
                 "until a cache needs a page and none is free",
                 (unsigned long long)k, hc->name, (unsigned long long)page, hc->name);
}

/* The largest slot a cache could hand out now (one with a partial or empty
 * slab, or any cache when a page is free or an empty slab can be
 * reclaimed): O(caches). */
static uint64_t slab_largest(const struct heap *h)
{
    const struct slabs *sp = h->priv;
    uint64_t big = 0;

    for (unsigned c = 0; c < h->ncaches; c++)
        if ((sp->npartial[c] || sp->nempty[c] || sp->nfreepages || sp->nemptyany) &&
            h->caches[c].slot > big)
            big = h->caches[c].slot;
    return big;
}

/* The runs of slab pages no cache holds, then the bytes after the last
 * page (when the heap is not a whole number of pages), by address. */
static long slab_extents(const struct heap *h, struct heap_extent **out)
{
    const struct slabs *sp = h->priv;
    size_t n = 0, cap = 0;
    uint64_t end = sp->npages << sp->pagelog;

    *out = NULL;
    if (hbits_runs(&sp->freepage, 0, h->cfg.slab_bytes, out, &n, &cap) < 0 ||
        (end < h->bytes && hbits_push(out, &n, &cap, end, h->bytes - end) < 0)) {
        free(*out);
        *out = NULL;
        return -1;
    }
    return (long)n;
}

/* Checks each cache's sizes and each slab: by address on its own page inside
 * the heap, of a cache, (with used) its used count within the slab. Returns
 * 0 or -1 with the reason in err. */
static int check_slabs(const struct heap *h, int used, char *err, size_t errlen)
{
    const struct slabs *sp = h->priv;

    for (unsigned c = 0; c < h->ncaches; c++) {
        const struct heap_cache *hc = &h->caches[c];

        if (!hc->object || hc->object > h->cfg.slab_bytes ||
            hc->slot != (hc->object + HEAP_SLAB_ALIGN - 1) / HEAP_SLAB_ALIGN * HEAP_SLAB_ALIGN ||
            hc->per_slab != h->cfg.slab_bytes / hc->slot) {
            snprintf(err, errlen, "cache %s: object %llu B, slot %llu B, %u a slab do not agree",
                     hc->name, (unsigned long long)hc->object, (unsigned long long)hc->slot,
                     hc->per_slab);
            return -1;
        }
    }
    for (size_t i = 0; i < h->nslabs; i++) {
        const struct heap_slab *s = &h->slabs[i];

        if ((i && s->addr <= h->slabs[i - 1].addr) || s->addr & (h->cfg.slab_bytes - 1) ||
            s->addr >> sp->pagelog >= sp->npages || s->cache >= h->ncaches ||
            (used && s->used > h->caches[s->cache].per_slab)) {
            snprintf(err, errlen, "slab %zu (cache %u at 0x%llx, %u used) is out of place", i,
                     s->cache, (unsigned long long)s->addr, s->used);
            return -1;
        }
    }
    return 0;
}

/* Checks that block b is in a slot of a slab of its cache and sets *si to
 * that slab's index and *bit to the slot's bit. Returns 0 or -1 with the
 * reason in err. */
static int block_slot(const struct heap *h, const struct heap_block *b, size_t *si, uint64_t *bit,
                      char *err, size_t errlen)
{
    const struct slabs *sp = h->priv;
    uint64_t page = b->addr >> sp->pagelog << sp->pagelog;
    const struct heap_cache *hc = &h->caches[b->where < h->ncaches ? b->where : 0];

    *si = find_slab(h, page);
    if (b->where >= h->ncaches || *si == h->nslabs || h->slabs[*si].cache != b->where ||
        b->span != hc->slot || (b->addr - page) % hc->slot ||
        (b->addr - page) / hc->slot >= hc->per_slab || b->header || b->size > b->span) {
        snprintf(err, errlen, "block %s (0x%llx, %llu B) is not in a slot of a slab of cache %u",
                 b->name, (unsigned long long)b->addr, (unsigned long long)b->span, b->where);
        return -1;
    }
    *bit = (page >> sp->pagelog) * sp->maxslots + (b->addr - page) / hc->slot;
    return 0;
}

/* Checks slab s (of n blocks) against the bitmaps. Returns 0 or -1. */
static int check_one(const struct heap *h, const struct heap_slab *s, uint32_t n, char *err,
                     size_t errlen)
{
    const struct slabs *sp = h->priv;
    uint64_t pg = s->addr >> sp->pagelog, per = h->caches[s->cache].per_slab;
    uint64_t lo = pg * sp->maxslots;
    int st = state_of(s->used, per);

    if (n != s->used || hbits_count(&sp->slots, lo, lo + per) != per - s->used ||
        hbits_count(&sp->slots, lo + per, lo + sp->maxslots) || hbits_test(&sp->freepage, pg) ||
        !sp->partial[s->cache].nlev ||
        hbits_test(&sp->partial[s->cache], pg) != (st == SLAB_PARTIAL) ||
        hbits_test(&sp->empty[s->cache], pg) != (st == SLAB_EMPTY) ||
        hbits_test(&sp->emptyany, pg) != (st == SLAB_EMPTY)) {
        snprintf(err, errlen, "slab at 0x%llx: %u blocks, used %u, its slots or sets disagree",
                 (unsigned long long)s->addr, n, s->used);
        return -1;
    }
    return 0;
}

/* Checks the counts and the bitmaps' summaries: each set matches its count. */
static int check_counts(const struct heap *h, char *err, size_t errlen)
{
    const struct slabs *sp = h->priv;
    uint64_t slots = 0, empties = 0;
    int ok = hbits_ok(&sp->freepage) && hbits_ok(&sp->emptyany) && hbits_ok(&sp->slots) &&
             sp->nfreepages == sp->npages - h->nslabs &&
             hbits_count(&sp->freepage, 0, sp->npages) == sp->nfreepages &&
             hbits_count(&sp->emptyany, 0, sp->npages) == sp->nemptyany;

    for (size_t i = 0; i < h->nslabs; i++)
        slots += h->caches[h->slabs[i].cache].per_slab - h->slabs[i].used;
    ok = ok && hbits_count(&sp->slots, 0, sp->slots.nbits) == slots;
    for (unsigned c = 0; c < HEAP_MAX_CACHES && ok; c++) {
        const struct hbits *p = &sp->partial[c], *e = &sp->empty[c];

        empties += sp->nempty[c];
        if (!p->nlev)
            ok = !sp->npartial[c] && !sp->nempty[c];
        else
            ok = hbits_ok(p) && hbits_ok(e) && hbits_count(p, 0, sp->npages) == sp->npartial[c] &&
                 hbits_count(e, 0, sp->npages) == sp->nempty[c];
    }
    if (!ok || empties != sp->nemptyany) {
        snprintf(err, errlen, "the slab bitmaps and their counts disagree");
        return -1;
    }
    return 0;
}

/* Every invariant: caches and slabs in place, each block in a used slot of
 * a slab of its cache, used counts, state sets, free pages, bitmaps. */
static int slab_check(const struct heap *h, char *err, size_t errlen)
{
    const struct slabs *sp = h->priv;
    uint32_t *n;
    size_t si;
    uint64_t bit;
    int r = -1;

    if (check_slabs(h, 1, err, errlen) < 0)
        return -1;
    n = calloc(h->nslabs + 1, sizeof *n);
    if (!n) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < h->nblocks; i++) {
        if (block_slot(h, &h->blocks[i], &si, &bit, err, errlen) < 0)
            goto out_free;
        if (hbits_test(&sp->slots, bit)) {
            snprintf(err, errlen, "block %s's slot is free in the slot bitmap", h->blocks[i].name);
            goto out_free;
        }
        n[si]++;
    }
    for (size_t i = 0; i < h->nslabs; i++)
        if (check_one(h, &h->slabs[i], n[i], err, errlen) < 0)
            goto out_free;
    r = check_counts(h, err, errlen);
out_free:
    free(n);
    return r;
}

/* After a restore: the bitmaps and used counts from h->slabs and the blocks. */
static int slab_rebuild(struct heap *h, char *err, size_t errlen)
{
    struct slabs *sp = h->priv;
    size_t si;
    uint64_t bit;

    if (check_slabs(h, 0, err, errlen) < 0)
        return -1;
    reset(sp);
    for (size_t i = 0; i < h->nslabs; i++) {
        struct heap_slab *s = &h->slabs[i];
        uint64_t pg = s->addr >> sp->pagelog;

        if (make_cache(sp, s->cache) < 0) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        hbits_clear(&sp->freepage, pg);
        sp->nfreepages--;
        hbits_fill(&sp->slots, pg * sp->maxslots, pg * sp->maxslots + h->caches[s->cache].per_slab,
                   1);
        s->used = 0;
        file_slab(sp, s->cache, pg, SLAB_EMPTY, 1);
    }
    for (size_t i = 0; i < h->nblocks; i++) {
        if (block_slot(h, &h->blocks[i], &si, &bit, err, errlen) < 0)
            return -1;
        if (!hbits_test(&sp->slots, bit)) {
            snprintf(err, errlen, "block %s takes a slot already taken", h->blocks[i].name);
            return -1;
        }
        hbits_clear(&sp->slots, bit);
        set_used(h, &h->slabs[si], h->slabs[si].used + 1);
    }
    return 0;
}

/* heap_cache_add appended a cache: its partial and empty sets. */
static int slab_added(struct heap *h, char *err, size_t errlen)
{
    if (make_cache(h->priv, h->ncaches - 1) < 0) {
        snprintf(err, errlen, "out of memory for the cache's bitmaps");
        return -1;
    }
    return 0;
}

const struct heap_ops heap_slab_ops = {
    slab_setup,   slab_teardown, slab_check_config, slab_alloc,   slab_release, hbits_resize_fixed,
    slab_largest, slab_extents,  slab_check,        slab_rebuild, slab_added,
};
