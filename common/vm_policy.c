/* vm_policy.c: the replacement policies, each O(1) or O(log n) an access
 * (amortized where a queue is compacted). Every policy keeps OSTEP's
 * `memory` list, in one of two ways. random and ostep-clock, which need "the
 * k-th resident page in load order", keep load sequence positions: a frame
 * per position (VM_NONE once it left), a bit per position and a Fenwick tree
 * over blocks of them, compacted when the positions run out. The others keep
 * a queue of frames with a time each: lru and mru append every access (a hit
 * writes one entry at the end of an array instead of relinking scattered
 * list nodes), fifo, opt and clock every load; an entry whose frame was used
 * or loaded again since, or freed, is stale, skipped and compacted away.
 * fifo and lru take the queue's front (fetching ahead the frames of the
 * victims to come), mru its back, random draws (in a large memory peeking
 * at the next draws to fetch the next victims ahead), opt keeps a 4-ary
 * max-heap of frames by (next use, load time), clock sweeps its hand over
 * the frames. See vm.h for what each policy does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pyrand.h"
#include "vm_impl.h"

/* The queue's room is USE_PER_FRAME entries a frame (one more under lru
 * and mru, whose hits append too) and USE_EXTRA more; fifo and lru fetch
 * the frame USE_AHEAD entries ahead. random looks ahead (random_ahead) from
 * AHEAD_MIN_FRAMES frames: smaller memories stay in cache, and the look
 * costs a search a fault. */
#define SEQ_BLOCK_BITS   9u /* Load order positions counted together: 512, a line of bits. */
#define SEQ_BLOCK        (1u << SEQ_BLOCK_BITS)
#define HEAP_ARITY       VM_HEAP_ARITY
#define HEAP_ALIGN       64u /* opt's heap: its children's line, ... */
#define HEAP_SHIFT       3u  /* ... when entry i sits at place i + 3 of an aligned block. */
#define USE_PER_FRAME    2u
#define USE_EXTRA        64u
#define USE_AHEAD        16u
#define AHEAD_MIN_FRAMES 65536u

/* Returns 1 when the policy keeps the load order's positions. */
static int uses_seq(enum vm_policy p)
{
    return p == VM_RANDOM || p == VM_OSTEP_CLOCK;
}

/* Returns 1 when the policy keeps a queue of frames (all but uses_seq). */
static int uses_queue(enum vm_policy p)
{
    return !uses_seq(p);
}

/* Returns 1 when the policy orders by last use (lru, mru), not load time. */
static int by_recency(enum vm_policy p)
{
    return p == VM_LRU || p == VM_MRU;
}

void vmp_free_order(struct vm_order *o)
{
    free(o->use);
    free(o->heap_mem);
    free(o->heap_at);
    free(o->bits);
    free(o->fen);
    free(o->seq_frame);
    free(o->frame_seq);
    free(o->undo);
    free(o->undo_val);
    free(o->undo_mark);
    memset(o, 0, sizeof *o);
}

int vmp_alloc(const struct vm *vm, enum vm_policy p, struct vm_order *o)
{
    size_t nf = vm->nframes;
    int ok;

    memset(o, 0, sizeof *o);
    ok = 1;
    if (uses_queue(p)) {
        o->ucap = (USE_PER_FRAME + (unsigned)by_recency(p)) * vm->nframes + USE_EXTRA;
        o->use = malloc(o->ucap * sizeof *o->use);
        ok = o->use != NULL;
    }
    if (p == VM_OPT) {
        /* Entry i at byte 16 * (i + HEAP_SHIFT) of a 64-byte aligned block:
         * the children of i, 4i+1 .. 4i+4, fill one 64-byte line. */
        size_t bytes = (nf + HEAP_SHIFT) * sizeof *o->heap;
        o->heap_mem = aligned_alloc(HEAP_ALIGN, (bytes + HEAP_ALIGN - 1) / HEAP_ALIGN * HEAP_ALIGN);
        o->heap = o->heap_mem ? (struct vm_heap *)o->heap_mem + HEAP_SHIFT : NULL;
        o->heap_at = malloc(nf * sizeof *o->heap_at);
        ok = ok && o->heap && o->heap_at;
    }
    if (uses_seq(p)) {
        o->nblk = (2 * vm->nframes + SEQ_BLOCK - 1) >> SEQ_BLOCK_BITS;
        o->capseq = o->nblk << SEQ_BLOCK_BITS;
        o->bits = calloc((size_t)o->capseq / 64, sizeof *o->bits);
        o->fen = calloc((size_t)o->nblk + 1, sizeof *o->fen);
        o->seq_frame = malloc(o->capseq * sizeof *o->seq_frame);
        o->frame_seq = malloc(nf * sizeof *o->frame_seq);
        ok = ok && o->bits && o->fen && o->seq_frame && o->frame_seq;
    }
    if (p == VM_OSTEP_CLOCK) {
        o->undo = malloc(nf * sizeof *o->undo);
        o->undo_val = malloc(nf);
        o->undo_mark = calloc(nf, 1);
        ok = ok && o->undo && o->undo_val && o->undo_mark;
    }
    if (!ok)
        vmp_free_order(o);
    return ok ? 0 : -1;
}

/* The queue. An entry goes stale when its frame is used again (lru, mru:
 * a later entry), evicted and loaded again, or freed. */

/* vmp_use_live, inlined in the loops over the queue. A table frame is never
 * live: a linear table placed by an allocation takes the time of the last
 * access, which may have loaded the frame. Each loop comes in two copies,
 * tables 0 (no table frame in memory: the test is left out) and 1. */
static inline int use_live(const struct vm *vm, const struct vm_use *u, const int tables)
{
    const struct vm_frame *fr = &vm->frames[u->f];

    return fr->pid != 0 && !(tables && fr->table) &&
           (by_recency(vm->policy) ? fr->used : fr->loaded) == u->t;
}

int vmp_use_live(const struct vm *vm, const struct vm_use *u)
{
    return use_live(vm, u, 1);
}

/* Keeps only the live entries, moved to the start. At most one entry a
 * frame is live, so this leaves room for at least one more. */
VM_HOT void compact(struct vm *vm, const int tables)
{
    struct vm_order *o = &vm->order;
    uint32_t k = 0;

    for (uint32_t i = o->ulo; i < o->uhi; i++) {
        if (i + USE_AHEAD < o->uhi)
            vm_prefetch(&vm->frames[o->use[i + USE_AHEAD].f]);
        if (use_live(vm, &o->use[i], tables))
            o->use[k++] = o->use[i];
    }
    o->ulo = 0;
    o->uhi = k;
}

static void use_compact(struct vm *vm)
{
    if (vm->table_frames)
        compact(vm, 1);
    else
        compact(vm, 0);
}

/* Frame f is loaded or used now (at vm->t; vm_play sets its used time
 * after). */
static void use_append(struct vm *vm, uint32_t f)
{
    struct vm_order *o = &vm->order;

    if (o->uhi == o->ucap)
        use_compact(vm);
    o->use[o->uhi].t = vm->t;
    o->use[o->uhi++].f = f;
}

/* fifo, lru: drops the stale entries at the front; returns the live one
 * there, the earliest loaded or least recently used frame (memory is full,
 * so there is one). */
VM_HOT uint32_t oldest(struct vm *vm, const int tables)
{
    struct vm_order *o = &vm->order;

    for (;; o->ulo++) {
        if (o->ulo + USE_AHEAD < o->uhi) /* The victims to come, and the stale entries. */
            vm_prefetch(&vm->frames[o->use[o->ulo + USE_AHEAD].f]);
        if (use_live(vm, &o->use[o->ulo], tables))
            return o->use[o->ulo].f;
    }
}

static uint32_t use_oldest(struct vm *vm)
{
    return vm->table_frames ? oldest(vm, 1) : oldest(vm, 0);
}

/* mru: the same at the back: the most recently used frame. */
static uint32_t use_newest(struct vm *vm)
{
    struct vm_order *o = &vm->order;

    while (!use_live(vm, &o->use[o->uhi - 1], 1))
        o->uhi--;
    return o->use[o->uhi - 1].f;
}

/* opt's heap: a goes above b when it is used later, or as late (never
 * again) and was loaded later: OSTEP's >= over load order. Keys and load
 * times sit in the entries, so comparing reads no other array. */

static int heap_above(const struct vm_heap *a, const struct vm_heap *b)
{
    if (a->key != b->key)
        return a->key > b->key;
    return a->loaded > b->loaded;
}

static void heap_put(struct vm_order *o, uint32_t i, const struct vm_heap *e)
{
    o->heap[i] = *e;
    o->heap_at[e->f] = i;
}

static void sift_up(struct vm_order *o, uint32_t i)
{
    struct vm_heap e = o->heap[i];

    while (i > 0 && heap_above(&e, &o->heap[(i - 1) / HEAP_ARITY])) {
        heap_put(o, i, &o->heap[(i - 1) / HEAP_ARITY]);
        i = (i - 1) / HEAP_ARITY;
    }
    heap_put(o, i, &e);
}

static void sift_down(struct vm_order *o, uint32_t i)
{
    struct vm_heap e = o->heap[i];

    for (;;) {
        uint32_t c = HEAP_ARITY * i + 1, best = c;
        if (c >= o->nheap)
            break;
        for (uint32_t k = c + 1; k < c + HEAP_ARITY && k < o->nheap; k++)
            if (heap_above(&o->heap[k], &o->heap[best]))
                best = k;
        if (!heap_above(&o->heap[best], &e))
            break;
        heap_put(o, i, &o->heap[best]);
        i = best;
    }
    heap_put(o, i, &e);
}

/* Makes a heap of heap[0 .. nheap-1]. */
static void heapify(struct vm_order *o)
{
    for (uint32_t i = 0; i < o->nheap; i++)
        o->heap_at[o->heap[i].f] = i;
    for (uint32_t i = o->nheap / HEAP_ARITY + 1; i-- > 0;)
        if (i < o->nheap)
            sift_down(o, i);
}

/* The load order's positions 0 .. capseq-1: a bit each, set while its
 * frame is resident, and a Fenwick tree of the bits set per block of
 * SEQ_BLOCK positions. Finding the k-th resident frame descends the small
 * tree (it stays in cache) and then counts bits in one cache line. */

static unsigned popcount64(uint64_t x)
{
#if defined(__GNUC__)
    return (unsigned)__builtin_popcountll(x);
#else
    unsigned n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
#endif
}

static unsigned ctz64(uint64_t x) /* x != 0 */
{
#if defined(__GNUC__)
    return (unsigned)__builtin_ctzll(x);
#else
    unsigned n = 0;
    for (; !(x & 1); x >>= 1)
        n++;
    return n;
#endif
}

/* Sets (on) or clears the bit of position pos, which is the other way. */
static void seq_set(struct vm_order *o, uint32_t pos, int on)
{
    uint64_t m = UINT64_C(1) << (pos & 63);

    o->bits[pos >> 6] = on ? o->bits[pos >> 6] | m : o->bits[pos >> 6] & ~m;
    for (uint32_t i = (pos >> SEQ_BLOCK_BITS) + 1; i <= o->nblk; i += i & (0u - i))
        o->fen[i] += on ? 1u : UINT32_MAX;
}

uint32_t vmp_kth(const struct vm_order *o, uint32_t k)
{
    uint32_t blk = 0, rem = k + 1, step = 1;

    while (step * 2 <= o->nblk)
        step *= 2;
    for (; step; step /= 2)
        if (blk + step <= o->nblk && o->fen[blk + step] < rem) {
            blk += step;
            rem -= o->fen[blk];
        }
    if (blk == o->nblk)
        return o->capseq;
    rem--; /* Now the rem-th (from 0) bit set in block blk. */
    for (uint32_t w = blk << (SEQ_BLOCK_BITS - 6);; w++) {
        uint64_t x = o->bits[w];
        unsigned c = popcount64(x);
        if (rem < c) {
            for (; rem; rem--)
                x &= x - 1;
            return w * 64 + ctz64(x);
        }
        rem -= c;
    }
}

/* Rebuilds the bits and the tree from seq_frame[0 .. nseq-1] and marks
 * the positions after them unused, in O(capseq). */
static void seq_count(struct vm_order *o)
{
    memset(o->bits, 0, ((size_t)o->capseq / 64) * sizeof *o->bits);
    memset(o->fen, 0, ((size_t)o->nblk + 1) * sizeof *o->fen);
    for (uint32_t k = 0; k < o->nseq; k++)
        if (o->seq_frame[k] != VM_NONE) {
            o->bits[k >> 6] |= UINT64_C(1) << (k & 63);
            o->fen[(k >> SEQ_BLOCK_BITS) + 1]++;
        }
    for (uint32_t i = o->nseq; i < o->capseq; i++)
        o->seq_frame[i] = VM_NONE;
    for (uint32_t i = 1; i <= o->nblk; i++) {
        uint32_t j = i + (i & (0u - i));
        if (j <= o->nblk)
            o->fen[j] += o->fen[i];
    }
}

/* Numbers the resident frames 0, 1, ... in load order, closing the gaps. */
static void seq_compact(struct vm_order *o)
{
    uint32_t k = 0;

    o->ahead = 0;
    for (uint32_t i = 0; i < o->nseq; i++)
        if (o->seq_frame[i] != VM_NONE) {
            o->seq_frame[k] = o->seq_frame[i];
            o->frame_seq[o->seq_frame[k]] = k;
            k++;
        }
    o->nseq = k;
    seq_count(o);
}

/* Frame f was just loaded: gives it the next position. */
static void seq_append(struct vm_order *o, uint32_t f)
{
    if (o->nseq == o->capseq) /* Fewer than nframes are left: room for 2 x nframes. */
        seq_compact(o);
    o->seq_frame[o->nseq] = f;
    o->frame_seq[f] = o->nseq;
    seq_set(o, o->nseq++, 1);
}

/* int(r * count) as OSTEP computes a place, for r in [0, 1); kept below
 * count as the double product could round up to it. */
static uint32_t scaled(double r, uint32_t count)
{
    uint32_t k = (uint32_t)(r * (double)count);

    return k < count ? k : count - 1;
}

/* random, memory full: what the next two faults will draw, if nothing but
 * faults comes first. Keeps the next one's place in load order for draw
 * (the same draw finds the same place while nothing is removed), and asks
 * the processor to fetch its frame and the next-but-one's position: a
 * random victim is otherwise three misses in a row. Changes no answer. */
static void random_ahead(struct vm *vm)
{
    struct vm_order *o = &vm->order;
    uint32_t n = vm->nframes - vm->table_frames, k1, k2;
    double r;

    if (vm->nfree || pyrand_peek_random(vm->rng, 0, &r) < 0)
        return;
    k1 = scaled(r, n);
    o->ahead_k = k1;
    o->ahead_pos = vmp_kth(o, k1);
    o->ahead = 1;
    vm_prefetch(&vm->frames[o->seq_frame[o->ahead_pos]]);
    /* The next fault removes the k1-th and appends its page at the end. */
    if (pyrand_peek_random(vm->rng, 1, &r) < 0 || (k2 = scaled(r, n)) + 1 >= n)
        return;
    vm_prefetch(&o->seq_frame[vmp_kth(o, k2 >= k1 ? k2 + 1 : k2)]);
}

void vmp_load(struct vm *vm, uint32_t f)
{
    struct vm_order *o = &vm->order;

    if (uses_queue(vm->policy))
        use_append(vm, f);
    if (vm->policy == VM_OPT) {
        struct vm_heap e = {vm->frames[f].loaded, 0, f};
        e.key = vm->run.active ? vm->run.next[vm->run.at] : VM_RUN_MAX;
        heap_put(o, o->nheap, &e);
        sift_up(o, o->nheap++);
    } else if (uses_seq(vm->policy)) {
        seq_append(o, f);
        if (vm->policy == VM_RANDOM && vm->nframes >= AHEAD_MIN_FRAMES)
            random_ahead(vm);
    }
}

void vmp_hit(struct vm *vm, uint32_t f)
{
    struct vm_order *o = &vm->order;

    if (by_recency(vm->policy)) {
        use_append(vm, f);
    } else if (vm->policy == VM_OPT) {
        uint32_t i = o->heap_at[f];
        o->heap[i].key = vm->run.next[vm->run.at]; /* Later than it was: it rises. */
        sift_up(o, i);
    }
}

void vmp_remove(struct vm *vm, uint32_t f)
{
    struct vm_order *o = &vm->order;

    /* A queue's entry goes stale once the frame is loaded again or freed. */
    if (vm->policy == VM_OPT) {
        uint32_t i = o->heap_at[f];
        struct vm_heap last = o->heap[--o->nheap];
        if (i < o->nheap) {
            heap_put(o, i, &last);
            sift_down(o, i);
            sift_up(o, o->heap_at[last.f]);
        }
    } else if (uses_seq(vm->policy)) {
        o->ahead = 0;
        o->seq_frame[o->frame_seq[f]] = VM_NONE;
        seq_set(o, o->frame_seq[f], 0);
    }
}

/* The textbook clock: sweep from the hand, clearing set bits, to the first
 * frame whose bit is clear; the hand moves one past it. Table frames (the
 * page-table layer, tables 1) are passed by. */
VM_HOT void clock_sweep(struct vm *vm, struct vm_choice *c, const int tables)
{
    uint32_t h = vm->hand;

    c->hand = h;
    while (vm->frames[h].ref || (tables && vm->frames[h].table)) {
        if (!tables || !vm->frames[h].table) {
            vm->frames[h].ref = 0;
            c->cleared++;
        }
        h = h + 1 == vm->nframes ? 0 : h + 1;
    }
    c->frame = h;
    vm->hand = h + 1 == vm->nframes ? 0 : h + 1;
}

static void choose_clock(struct vm *vm, struct vm_choice *c)
{
    if (vm->table_frames)
        clock_sweep(vm, c, 1);
    else
        clock_sweep(vm, c, 0);
}

/* OSTEP's draw: memory[int(random.random() * count)], count the resident
 * pages (all frames but the table frames: a victim is chosen only when
 * memory is full). */
static uint32_t draw(struct vm *vm, struct vm_choice *c)
{
    struct vm_order *o = &vm->order;
    uint32_t count = vm->nframes - vm->nfree - vm->table_frames, pos;

    c->draw = pyrand_random(vm->rng);
    vm->draws++;
    c->position = scaled(c->draw, count);
    pos = o->ahead && o->ahead_k == c->position ? o->ahead_pos : vmp_kth(o, c->position);
    o->ahead = 0;
    return o->seq_frame[pos];
}

/* OSTEP's CLOCK: draw pages until one has counter 0, decrementing the
 * others; logs the first value of each decremented counter when the
 * choice may be refused. */
static void choose_ostep_clock(struct vm *vm, struct vm_choice *c)
{
    struct vm_order *o = &vm->order;

    for (uint32_t i = 0; i < o->nundo; i++)
        o->undo_mark[o->undo[i]] = 0;
    o->nundo = 0;
    for (;;) {
        uint32_t f = draw(vm, c);
        c->picks++;
        if (vm->frames[f].ref == 0) {
            c->frame = f;
            return;
        }
        if (c->undoable && !o->undo_mark[f]) {
            o->undo_mark[f] = 1;
            o->undo_val[o->nundo] = vm->frames[f].ref;
            o->undo[o->nundo++] = f;
        }
        vm->frames[f].ref--;
        c->decs++;
    }
}

void vmp_choose(struct vm *vm, struct vm_choice *c)
{
    struct vm_order *o = &vm->order;

    c->draws = vm->draws;
    if (c->undoable && vm->rng)
        memcpy(&vm->rng[1], &vm->rng[0], sizeof *vm->rng);
    switch (vm->policy) {
    case VM_FIFO:
    case VM_LRU:
        c->frame = use_oldest(vm);
        break;
    case VM_MRU:
        c->frame = use_newest(vm);
        break;
    case VM_OPT:
        c->frame = o->heap[0].f;
        break;
    case VM_CLOCK:
        choose_clock(vm, c);
        break;
    case VM_RANDOM:
        c->frame = draw(vm, c);
        break;
    case VM_OSTEP_CLOCK:
        choose_ostep_clock(vm, c);
        break;
    }
}

void vmp_undo(struct vm *vm, const struct vm_choice *c)
{
    struct vm_order *o = &vm->order;

    if (vm->rng)
        memcpy(&vm->rng[0], &vm->rng[1], sizeof *vm->rng);
    vm->draws = c->draws;
    if (vm->policy == VM_CLOCK) {
        uint32_t h = c->hand;
        for (uint32_t i = 0; i < c->cleared; h = h + 1 == vm->nframes ? 0 : h + 1)
            if (!vm->frames[h].table) {
                vm->frames[h].ref = 1;
                i++;
            }
        vm->hand = c->hand;
    }
    for (uint32_t i = 0; vm->policy == VM_OSTEP_CLOCK && i < o->nundo; i++) {
        vm->frames[o->undo[i]].ref = o->undo_val[i];
        o->undo_mark[o->undo[i]] = 0;
    }
    o->nundo = 0;
}

void vmp_explain(const struct vm *vm, const struct vm_choice *c, struct note *n)
{
    const struct vm_frame *v = &vm->frames[c->frame];
    uint32_t k = c->frame;
    uint32_t key = vm->policy == VM_OPT ? vm->order.heap[vm->order.heap_at[k]].key : 0;
    long pid = (long)v->pid;

    switch (vm->policy) {
    case VM_FIFO:
        note_why(n, "FIFO: frame %u holds P%ld page %u, loaded at t=%llu, the earliest loaded", k,
                 pid, v->page, (unsigned long long)v->loaded);
        break;
    case VM_LRU:
    case VM_MRU:
        note_why(n, "%s: frame %u holds P%ld page %u, last used at t=%llu, the %s",
                 vm->policy == VM_LRU ? "LRU" : "MRU", k, pid, v->page, (unsigned long long)v->used,
                 vm->policy == VM_LRU ? "oldest" : "most recent");
        break;
    case VM_OPT:
        if (key >= vm->run.n)
            note_why(n,
                     "OPT: frame %u holds P%ld page %u, never used again; of such pages the "
                     "last loaded goes (t=%llu), as OSTEP breaks ties",
                     k, pid, v->page, (unsigned long long)v->loaded);
        else
            note_why(n,
                     "OPT: frame %u holds P%ld page %u, next used at reference %u, the "
                     "farthest in the future",
                     k, pid, v->page, key + 1);
        break;
    case VM_CLOCK:
        note_why(n,
                 "clock: the hand swept from frame %u, clearing %u reference bit%s, to frame "
                 "%u (P%ld page %u), whose bit was clear; the hand moves to frame %u",
                 c->hand, c->cleared, c->cleared == 1 ? "" : "s", k, pid, v->page, vm->hand);
        break;
    case VM_RANDOM:
        note_why(n,
                 "random: int(%.6f x %u) = %u, the page at that place in load order: "
                 "P%ld page %u in frame %u",
                 c->draw, vm->nframes - vm->nfree - vm->table_frames, c->position, pid, v->page, k);
        break;
    case VM_OSTEP_CLOCK:
        note_why(n,
                 "ostep-clock: %llu random picks, %llu counters decremented, until P%ld "
                 "page %u (frame %u, place %u in load order) came up with counter 0",
                 (unsigned long long)c->picks, (unsigned long long)c->decs, pid, v->page, k,
                 c->position);
        break;
    }
}

/* A frame and the time it is ordered by. */
struct timed {
    uint64_t t;
    uint32_t f;
};

static int by_time(const void *a, const void *b)
{
    const struct timed *x = a, *y = b;

    return x->t < y->t ? -1 : x->t > y->t;
}

int vmp_rebuild(struct vm *vm)
{
    struct vm_order *o = &vm->order;
    uint32_t k = 0, used = vm->nframes - vm->nfree;
    struct timed *t = malloc((used ? used : 1) * sizeof *t);
    int recency = by_recency(vm->policy);

    if (!t)
        return -1;
    for (uint32_t f = 0; f < vm->nframes; f++)
        if (vm->frames[f].pid && !vm->frames[f].table) { /* Table frames are pinned. */
            t[k].t = recency ? vm->frames[f].used : vm->frames[f].loaded;
            t[k++].f = f;
        }
    qsort(t, k, sizeof *t, by_time);
    o->nheap = o->ulo = o->uhi = o->nseq = 0;
    o->ahead = 0;
    for (uint32_t i = 0; i < k; i++) {
        if (uses_queue(vm->policy)) {
            o->use[o->uhi].t = t[i].t;
            o->use[o->uhi++].f = t[i].f;
        } else {
            o->frame_seq[t[i].f] = o->nseq;
            o->seq_frame[o->nseq++] = t[i].f;
        }
        if (vm->policy == VM_OPT) {
            struct vm_heap e = {vm->frames[t[i].f].loaded, VM_RUN_MAX, t[i].f};
            o->heap[o->nheap++] = e;
        }
    }
    free(t);
    if (vm->policy == VM_OPT)
        heapify(o);
    if (uses_seq(vm->policy))
        seq_count(o);
    return 0;
}

void vmp_opt_begin(struct vm *vm, uint32_t (*first)(void *ctx, int32_t pid, uint32_t page),
                   void *ctx)
{
    struct vm_order *o = &vm->order;

    for (uint32_t i = 0; i < o->nheap; i++) {
        uint32_t f = o->heap[i].f;
        o->heap[i].key = first(ctx, vm->frames[f].pid, vm->frames[f].page);
    }
    heapify(o);
}

size_t vmp_walk(const struct vm *vm, uint32_t *out)
{
    const struct vm_order *o = &vm->order;
    size_t k = 0;

    if (uses_queue(vm->policy)) {
        for (uint32_t i = o->ulo; i < o->uhi; i++)
            if (vmp_use_live(vm, &o->use[i]))
                out[k++] = o->use[i].f;
        return k;
    }
    for (uint32_t i = 0; i < o->nseq; i++)
        if (o->seq_frame[i] != VM_NONE)
            out[k++] = o->seq_frame[i];
    return k;
}
