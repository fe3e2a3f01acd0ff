/* paging.c: frames, processes, page tables and the frame policies. See paging.h. */
#include "paging.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"

#define UNMAPPED    UINT32_MAX /* Page-table entry of a page not mapped yet (restoring). */
#define LIST_RANGES 6          /* Ranges of frames a note lists before "and N more". */
#define BLOCK_SHIFT 12         /* A block of blockfree[] is 4096 frames, 64 words of used[]. */
#define SPARSE_MAX  256        /* Random picks of up to this many frames skip the full pool. */

/* splitmix64: small, fast, and the same on every platform, so a seed means
 * the same frames everywhere. Advances *s and returns the next value. */
static uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));

    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* Returns a uniform value in [0, n), n > 0, without modulo bias. */
static uint64_t rng_below(uint64_t *s, uint64_t n)
{
    uint64_t limit = UINT64_MAX - UINT64_MAX % n, x;

    do
        x = rng_next(s);
    while (x >= limit);
    return x % n;
}

/* Returns the index where pid is or would be inserted in pg->procs. */
static size_t proc_index(const struct paging *pg, int64_t pid)
{
    const struct pg_process *base = pg->procs;
    size_t n = pg->nprocs;

    if (n == 0)
        return 0;
    /* Halves n each step whatever the comparisons say, so the loop has no
     * branch to mispredict: restoring a large random map looks up a pid
     * per frame, in no order. */
    while (n > 1) {
        size_t half = n / 2;
        base = base[half - 1].pid < pid ? base + half : base;
        n -= half;
    }
    return (size_t)(base - pg->procs) + (base->pid < pid);
}

static uint64_t pages_for(const struct paging *pg, uint64_t bytes)
{
    return bytes / pg->page_size + (bytes % pg->page_size != 0);
}

/* Makes room for one more process. Returns 0 or -1 (out of memory). */
static int procs_reserve(struct paging *pg)
{
    struct pg_process *p;
    size_t cap;

    if (pg->nprocs < pg->capprocs)
        return 0;
    cap = pg->capprocs ? pg->capprocs * 2 : 8;
    p = realloc(pg->procs, cap * sizeof *p);
    if (!p)
        return -1;
    pg->procs = p;
    pg->capprocs = cap;
    return 0;
}

/* Makes room for npages page-table entries in p. Returns 0 or -1. */
static int pages_reserve(struct pg_process *p, uint64_t npages)
{
    uint32_t *f;
    uint64_t cap;

    if (npages <= p->cap)
        return 0;
    cap = p->cap ? p->cap : 4;
    while (cap < npages)
        cap *= 2;
    if (cap > PG_MAX_FRAMES)
        cap = PG_MAX_FRAMES;
    f = realloc(p->frames, cap * sizeof *f);
    if (!f)
        return -1;
    p->frames = f;
    p->cap = (uint32_t)cap;
    return 0;
}

/* ---- The occupancy bitmap ---------------------------------------------
 * used[] holds one bit a frame, set when the frame is in use, and
 * blockfree[] the free frames of each block of 4096: searches, notes and
 * random picks read 64 frames a step instead of one, so their cost follows
 * the number of frames / 64 and not the number of frames. mark() and
 * unmark() change a frame and both tables together. */

static size_t words_for(uint64_t nframes)
{
    return (size_t)((nframes + 63) / 64);
}

static size_t blocks_for(uint64_t nframes)
{
    return (size_t)((nframes + (1u << BLOCK_SHIFT) - 1) >> BLOCK_SHIFT);
}

static unsigned ctz64(uint64_t x) /* x != 0 */
{
#if defined(__GNUC__)
    return (unsigned)__builtin_ctzll(x);
#else
    unsigned n = 0;
    while (!(x & 1)) {
        x >>= 1;
        n++;
    }
    return n;
#endif
}

/* Counts the bits set in x (SWAR: without a popcount instruction, which
 * the default x86-64 target lacks, GCC's builtin calls a slower libgcc). */
static unsigned popcount64(uint64_t x)
{
    x -= x >> 1 & UINT64_C(0x5555555555555555);
    x = (x & UINT64_C(0x3333333333333333)) + (x >> 2 & UINT64_C(0x3333333333333333));
    x = (x + (x >> 4)) & UINT64_C(0x0f0f0f0f0f0f0f0f);
    return (unsigned)((x * UINT64_C(0x0101010101010101)) >> 56);
}

static int is_used(const struct paging *pg, uint32_t f)
{
    return (int)(pg->used[f / 64] >> (f % 64) & 1);
}

/* Returns the bits of word w of used[] that stand for frames: all but,
 * in the last word, those past the last frame. */
static uint64_t frame_bits(const struct paging *pg, size_t w)
{
    if (w == words_for(pg->nframes) - 1 && pg->nframes % 64)
        return (UINT64_C(1) << (pg->nframes % 64)) - 1;
    return ~UINT64_C(0);
}

/* Returns the bits of word w of used[] that stand for free frames. */
static uint64_t free_bits(const struct paging *pg, size_t w)
{
    return ~pg->used[w] & frame_bits(pg, w);
}

/* Gives frame f (free) to page `page` of pid. The caller counts nfree and
 * has started the action's version (pg->version++). */
static void mark(struct paging *pg, uint32_t f, int32_t pid, uint32_t page)
{
    pg->frames[f].pid = pid;
    pg->frames[f].page = page;
    pg->used[f / 64] |= UINT64_C(1) << (f % 64);
    pg->blockfree[f >> BLOCK_SHIFT]--;
    pg->stamp[f / 64] = pg->version;
}

/* Marks frames f..g-1 in use in used[], blockfree[] and stamp[] (their
 * frames[] entries are the caller's), a word at a time: what mark does,
 * for a long run restored at once. */
static void mark_span(struct paging *pg, uint32_t f, uint32_t g)
{
    for (uint32_t b = f >> BLOCK_SHIFT; b <= (g - 1) >> BLOCK_SHIFT; b++) {
        uint32_t lo = b << BLOCK_SHIFT > f ? b << BLOCK_SHIFT : f;
        uint32_t hi = (b + 1) << BLOCK_SHIFT < g ? (b + 1) << BLOCK_SHIFT : g;
        pg->blockfree[b] -= hi - lo;
    }
    for (size_t w = f / 64; w <= (size_t)(g - 1) / 64; w++) {
        uint64_t bits = ~UINT64_C(0);
        if (w == f / 64)
            bits &= ~UINT64_C(0) << (f % 64);
        if (w == (g - 1) / 64 && g % 64)
            bits &= (UINT64_C(1) << (g % 64)) - 1;
        pg->used[w] |= bits;
        pg->stamp[w] = pg->version;
    }
}

/* Makes frame f (in use) free. As for mark. */
static void unmark(struct paging *pg, uint32_t f)
{
    pg->frames[f].pid = 0;
    pg->frames[f].page = 0;
    pg->used[f / 64] &= ~(UINT64_C(1) << (f % 64));
    pg->blockfree[f >> BLOCK_SHIFT]++;
    pg->stamp[f / 64] = pg->version;
}

/* Returns the end of the run of frames from f that are all free or all in
 * use, as f is: the first frame after f of the other kind, or nframes. */
static uint32_t run_end(const struct paging *pg, uint32_t f)
{
    uint64_t flip = is_used(pg, f) ? ~UINT64_C(0) : 0, x;
    size_t w = f / 64, nw = words_for(pg->nframes);
    uint64_t g;

    x = (pg->used[w] ^ flip) & (~UINT64_C(0) << (f % 64));
    while (!x && ++w < nw)
        x = pg->used[w] ^ flip;
    if (!x)
        return pg->nframes;
    g = (uint64_t)w * 64 + ctz64(x);
    return g < pg->nframes ? (uint32_t)g : pg->nframes;
}

uint32_t pg_next_used(const struct paging *pg, uint32_t f)
{
    if (f >= pg->nframes)
        return pg->nframes;
    return is_used(pg, f) ? f : run_end(pg, f);
}

int pg_changed_since(const struct paging *pg, uint32_t from, uint32_t to, uint64_t since)
{
    for (size_t w = from / 64; w <= (size_t)(to - 1) / 64; w++)
        if (pg->stamp[w] > since)
            return 1;
    return 0;
}

/* Counts the frames g in f+1 .. nframes-1 whose state differs from frame
 * g-1's: *changes gets all of them, *to_used those where a used run starts. */
static void count_changes(const struct paging *pg, uint32_t f, uint64_t *changes, uint64_t *to_used)
{
    size_t nw = words_for(pg->nframes), w0 = (size_t)(f + 1) / 64;
    uint64_t c = 0, u = 0;

    for (size_t w = w0; w < nw; w++) {
        uint64_t cur = pg->used[w], prev = cur << 1 | (w ? pg->used[w - 1] >> 63 : 0);
        uint64_t t = cur ^ prev;
        if (w == w0)
            t &= ~UINT64_C(0) << ((f + 1) % 64);
        t &= frame_bits(pg, w);
        c += popcount64(t);
        u += popcount64(t & cur);
    }
    *changes = c;
    *to_used = u;
}

/* Returns the r-th free frame (from 0) in increasing order; r < nfree. */
static uint32_t nth_free(const struct paging *pg, uint32_t r)
{
    size_t b = 0, w;
    uint64_t x;
    unsigned c;

    while (r >= pg->blockfree[b])
        r -= pg->blockfree[b++];
    for (w = b << (BLOCK_SHIFT - 6);; w++) {
        x = free_bits(pg, w);
        c = popcount64(x);
        if (r < c)
            break;
        r -= c;
    }
    while (r--)
        x &= x - 1;
    return (uint32_t)(w * 64 + ctz64(x));
}

/* Writes the free frames as ranges into freebuf and, when usedbuf is not
 * NULL, the frames in use into usedbuf. Runs are found a word of used[] at
 * a time; once every list is past what a note shows, the further runs are
 * only counted, 64 frames a step. */
static void list_frames(const struct paging *pg, char *freebuf, char *usedbuf, size_t cap)
{
    struct ranges r[2];
    uint64_t more[2] = {0, 0};
    uint32_t f = 0, g;

    ranges_init(&r[0], freebuf, cap, LIST_RANGES);
    if (usedbuf)
        ranges_init(&r[1], usedbuf, cap, LIST_RANGES);
    for (; f < pg->nframes; f = g) {
        int used = is_used(pg, f);
        int full0 = r[0].shown + r[0].open > r[0].limit;
        int full1 = !usedbuf || r[1].shown + r[1].open > r[1].limit;
        if (full0 && full1)
            break;
        g = run_end(pg, f);
        if (used && !usedbuf)
            continue;
        if (used ? full1 : full0)
            more[used]++;
        else
            ranges_add_span(&r[used], f, g - 1);
    }
    if (f < pg->nframes) {
        /* f starts a run; count it and every later change of state. */
        uint64_t changes, to_used;
        count_changes(pg, f, &changes, &to_used);
        more[1] += to_used + (uint64_t)is_used(pg, f);
        more[0] += changes - to_used + (uint64_t)!is_used(pg, f);
    }
    r[0].hidden += more[0];
    ranges_end(&r[0]);
    if (usedbuf) {
        r[1].hidden += more[1];
        ranges_end(&r[1]);
    }
}

int pg_check_settings(uint64_t nframes, uint64_t page_size, char *err, size_t errlen)
{
    if (nframes < PG_MIN_FRAMES || nframes > PG_MAX_FRAMES) {
        snprintf(err, errlen, "frames must be from %u to %u, not %llu", PG_MIN_FRAMES,
                 PG_MAX_FRAMES, (unsigned long long)nframes);
        return -1;
    }
    if (page_size < PG_MIN_PAGE_SIZE || page_size > PG_MAX_PAGE_SIZE ||
        (page_size & (page_size - 1)) != 0) {
        snprintf(err, errlen,
                 "page size must be a power of two from %u to %u bytes (16, 32, ..., 4096, ...), "
                 "not %llu",
                 PG_MIN_PAGE_SIZE, PG_MAX_PAGE_SIZE, (unsigned long long)page_size);
        return -1;
    }
    return 0;
}

int pg_policy_parse(const char *s, enum pg_policy *out)
{
    if (strcmp(s, "first") == 0)
        *out = PG_FIRST;
    else if (strcmp(s, "random") == 0)
        *out = PG_RANDOM;
    else
        return -1;
    return 0;
}

const char *pg_policy_name(enum pg_policy p)
{
    return p == PG_RANDOM ? "random" : "first";
}

int pg_init(struct paging *pg, uint64_t nframes, uint64_t page_size, enum pg_policy policy,
            uint64_t seed, char *err, size_t errlen)
{
    struct pg_frame *frames;
    static uint64_t serials; /* Not shared between threads: one memory model per program. */
    uint64_t *used, *scratch, *stamp;
    uint32_t *blockfree;
    size_t nb;

    if (pg_check_settings(nframes, page_size, err, errlen) < 0)
        return -1;
    nb = blocks_for(nframes);
    frames = calloc(nframes, sizeof *frames);
    used = calloc(words_for(nframes), sizeof *used);
    scratch = calloc(words_for(nframes), sizeof *scratch);
    stamp = calloc(words_for(nframes), sizeof *stamp);
    blockfree = malloc(nb * sizeof *blockfree);
    if (!frames || !used || !scratch || !stamp || !blockfree) {
        free(frames);
        free(used);
        free(scratch);
        free(stamp);
        free(blockfree);
        snprintf(err, errlen, "out of memory for %llu frames", (unsigned long long)nframes);
        return -1;
    }
    for (size_t b = 0; b < nb; b++)
        blockfree[b] =
            b + 1 < nb ? 1u << BLOCK_SHIFT : (uint32_t)(nframes - ((uint64_t)b << BLOCK_SHIFT));
    memset(pg, 0, sizeof *pg);
    pg->nframes = (uint32_t)nframes;
    pg->page_size = page_size;
    pg->policy = policy;
    pg->seed = seed;
    pg->rng = seed;
    pg->nfree = (uint32_t)nframes;
    pg->frames = frames;
    pg->used = used;
    pg->blockfree = blockfree;
    pg->scratch = scratch;
    pg->stamp = stamp;
    pg->serial = ++serials;
    return 0;
}

void pg_free(struct paging *pg)
{
    for (size_t i = 0; i < pg->nprocs; i++) {
        free(pg->procs[i].frames);
        free(pg->procs[i].seen);
    }
    free(pg->procs);
    free(pg->frames);
    free(pg->used);
    free(pg->blockfree);
    free(pg->scratch);
    free(pg->stamp);
    free(pg->index);
    memset(pg, 0, sizeof *pg);
}

const struct pg_process *pg_find(const struct paging *pg, int64_t pid)
{
    size_t i = proc_index(pg, pid);

    return i < pg->nprocs && pg->procs[i].pid == pid ? &pg->procs[i] : NULL;
}

/* Checks a pid typed by someone. Returns 0 or -1 with the reason in n. */
static int check_pid(int64_t pid, struct note *n)
{
    if (pid < 1 || pid > PG_MAX_PID) {
        note_what(n, "process id %lld is not valid: it must be from 1 to %d", (long long)pid,
                  PG_MAX_PID);
        note_why(n, "nothing was changed");
        return -1;
    }
    return 0;
}

/* An entry of the pool that the shuffle below has touched. */
struct pool_entry {
    uint32_t at;    /* Position in the pool. */
    uint32_t frame; /* The frame there now. */
};

/* Returns the index in e[0..*ne-1] of pool position `at`, adding it with
 * the frame that is there before any swap (the at-th free frame). */
static unsigned pool_slot(const struct paging *pg, struct pool_entry *e, unsigned *ne, uint32_t at)
{
    for (unsigned k = 0; k < *ne; k++)
        if (e[k].at == at)
            return k;
    e[*ne].at = at;
    e[*ne].frame = nth_free(pg, at);
    return (*ne)++;
}

/* The random policy's pick: a partial Fisher-Yates shuffle of the free
 * frames listed in increasing order (the pool), whose first `need` entries
 * are the frames taken. That is the textbook way to draw `need` distinct
 * frames uniformly, and the definition of which frames a seed gives. For a
 * small `need`, only the entries the shuffle touches are kept, in a small
 * table (pool entry -> frame), and an untouched entry r is the r-th free
 * frame, found through blockfree[] and used[]: the same frames, without
 * listing every free frame. Returns 0 or -1 (out of memory). */
static int pick_random(const struct paging *pg, uint32_t need, uint32_t *out, uint64_t *rng)
{
    if (need <= SPARSE_MAX) {
        struct pool_entry e[2 * SPARSE_MAX];
        unsigned ne = 0;
        for (uint32_t i = 0; i < need; i++) {
            uint32_t j = i + (uint32_t)rng_below(rng, pg->nfree - i), t;
            unsigned ki = pool_slot(pg, e, &ne, i), kj = pool_slot(pg, e, &ne, j);
            t = e[ki].frame;
            e[ki].frame = e[kj].frame;
            e[kj].frame = t;
            out[i] = e[ki].frame;
        }
        return 0;
    }

    uint32_t *pool = malloc((size_t)pg->nfree * sizeof *pool), k = 0;
    if (!pool)
        return -1;
    for (size_t w = 0; w < words_for(pg->nframes); w++)
        for (uint64_t x = free_bits(pg, w); x; x &= x - 1)
            pool[k++] = (uint32_t)(w * 64 + ctz64(x));
    for (uint32_t i = 0; i < need; i++) {
        uint32_t j = i + (uint32_t)rng_below(rng, pg->nfree - i), t = pool[i];
        pool[i] = pool[j];
        pool[j] = t;
        out[i] = pool[i];
    }
    free(pool);
    return 0;
}

/* Chooses `need` free frames by the policy into out[0..need-1], in page
 * order, and writes the policy's reasoning to n->why. The generator state
 * advances in *rng only (the caller commits it). Returns 0 or -1 (out of
 * memory). */
static int choose_frames(const struct paging *pg, uint32_t need, uint32_t *out, uint64_t *rng,
                         struct note *n)
{
    char freebuf[160], usedbuf[160];

    list_frames(pg, freebuf, usedbuf, sizeof freebuf);
    if (pg->policy == PG_FIRST) {
        uint32_t k = 0;
        for (size_t w = 0; k < need; w++)
            for (uint64_t x = free_bits(pg, w); x && k < need; x &= x - 1)
                out[k++] = (uint32_t)(w * 64 + ctz64(x));
        note_why(n,
                 "first policy takes the lowest-numbered free frames; free were %s (%u of %u), "
                 "in use were %s",
                 freebuf, pg->nfree, pg->nframes, usedbuf);
        return 0;
    }
    if (pick_random(pg, need, out, rng) < 0)
        return -1;
    note_why(n,
             "random policy (seed %llu) picks uniformly among the free frames; free were %s "
             "(%u of %u), in use were %s",
             (unsigned long long)pg->seed, freebuf, pg->nfree, pg->nframes, usedbuf);
    return 0;
}

/* Feeds the k frames f[0..k-1] (distinct, in any order) to r in increasing
 * order: they are marked in scratch[], which is read a word at a time and
 * left all 0 again. */
static void frame_ranges(const struct paging *pg, const uint32_t *f, uint32_t k, struct ranges *r)
{
    uint64_t *mk = pg->scratch;

    for (uint32_t i = 0; i < k; i++)
        mk[f[i] / 64] |= UINT64_C(1) << (f[i] % 64);
    for (size_t w = 0; w < words_for(pg->nframes); w++) {
        uint64_t x = mk[w];
        mk[w] = 0;
        while (x) {
            unsigned lo = ctz64(x), hi;
            uint64_t rest = ~x & (~UINT64_C(0) << lo);
            hi = rest ? ctz64(rest) : 64;
            ranges_add_span(r, (uint64_t)w * 64 + lo, (uint64_t)w * 64 + hi - 1);
            x = hi < 64 ? x & (~UINT64_C(0) << hi) : 0;
        }
    }
}

/* Refuses a request on a memory restored for display only. Returns 1 (with
 * the note written) when pg is one, else 0. */
static int display_only(const struct paging *pg, struct note *n)
{
    if (!pg->display_only)
        return 0;
    note_what(n, "this memory was read for display only, without page tables");
    note_why(n, "nothing was changed");
    return 1;
}

int pg_alloc(struct paging *pg, int64_t pid, uint64_t bytes, struct note *n)
{
    struct pg_process fresh = {0}, *p;
    uint64_t old_bytes, new_bytes, total, need, rng = pg->rng;
    size_t at;
    int is_new;

    note_clear(n);
    if (display_only(pg, n) || check_pid(pid, n) < 0)
        return -1;
    at = proc_index(pg, pid);
    is_new = !(at < pg->nprocs && pg->procs[at].pid == pid);
    p = is_new ? &fresh : &pg->procs[at];
    old_bytes = p->bytes;
    if (bytes < 1 || bytes > PG_MAX_BYTES - old_bytes) {
        if (old_bytes == PG_MAX_BYTES)
            note_what(n,
                      "cannot give P%lld %llu more bytes: it already has %llu B, the most one "
                      "process may have",
                      (long long)pid, (unsigned long long)bytes, (unsigned long long)old_bytes);
        else if (old_bytes > 0)
            note_what(n,
                      "cannot give P%lld %llu more bytes: it has %llu B and a process may have "
                      "at most %llu B in all, so at most %llu more",
                      (long long)pid, (unsigned long long)bytes, (unsigned long long)old_bytes,
                      (unsigned long long)PG_MAX_BYTES,
                      (unsigned long long)(PG_MAX_BYTES - old_bytes));
        else
            note_what(n, "cannot give P%lld %llu bytes: a size must be from 1 to %llu bytes in all",
                      (long long)pid, (unsigned long long)bytes, (unsigned long long)PG_MAX_BYTES);
        note_why(n, "nothing was changed");
        return -1;
    }
    new_bytes = old_bytes + bytes;
    total = pages_for(pg, new_bytes);
    need = total - p->npages;
    if (need > pg->nfree) {
        char freebuf[160];
        list_frames(pg, freebuf, NULL, sizeof freebuf);
        note_what(n,
                  "cannot allocate %llu B for P%lld: it needs %llu more frame%s of %llu B, only "
                  "%u of %u frame%s %s free",
                  (unsigned long long)bytes, (long long)pid, (unsigned long long)need,
                  need == 1 ? "" : "s", (unsigned long long)pg->page_size, pg->nfree, pg->nframes,
                  pg->nframes == 1 ? "" : "s", pg->nfree == 1 ? "is" : "are");
        note_why(n, "free frames: %s; nothing was changed", freebuf);
        return -1;
    }
    if (need == 0) {
        uint64_t slack = p->npages * pg->page_size - old_bytes;
        note_what(n,
                  "P%lld grows by %llu B to %llu B and still fits in its %u page%s: no new frame",
                  (long long)pid, (unsigned long long)bytes, (unsigned long long)new_bytes,
                  p->npages, p->npages == 1 ? "" : "s");
        note_why(n, "its last page had %llu B unused (internal fragmentation), now %llu B",
                 (unsigned long long)slack, (unsigned long long)(slack - bytes));
        p->bytes = new_bytes;
        return 0;
    }
    /* Reserve everything first so nothing can fail after the change starts. */
    if ((is_new && procs_reserve(pg) < 0) || pages_reserve(p, total) < 0 ||
        choose_frames(pg, (uint32_t)need, p->frames + p->npages, &rng, n) < 0) {
        if (is_new)
            free(fresh.frames);
        note_what(n, "cannot allocate %llu B for P%lld: out of memory", (unsigned long long)bytes,
                  (long long)pid);
        note_why(n, "nothing was changed");
        return -1;
    }
    if (is_new) {
        memmove(&pg->procs[at + 1], &pg->procs[at], (pg->nprocs - at) * sizeof *pg->procs);
        fresh.pid = (int32_t)pid;
        pg->procs[at] = fresh;
        pg->nprocs++;
        p = &pg->procs[at];
    }

    struct ranges fr;
    char frbuf[160];
    ranges_init(&fr, frbuf, sizeof frbuf, LIST_RANGES);
    pg->version++;
    for (uint32_t i = p->npages; i < total; i++) {
        mark(pg, p->frames[i], (int32_t)pid, i);
        ranges_add(&fr, p->frames[i]); /* In page order: page i -> the i-th frame listed. */
    }
    ranges_end(&fr);
    pg->nfree -= (uint32_t)need;
    pg->rng = rng;
    if (need == 1)
        note_what(n, "P%lld %s %llu B -> %llu page%s of %llu B; page %u -> frame %s",
                  (long long)pid, is_new ? "gets" : "grows by", (unsigned long long)bytes,
                  (unsigned long long)total, total == 1 ? "" : "s",
                  (unsigned long long)pg->page_size, p->npages, frbuf);
    else
        note_what(n, "P%lld %s %llu B -> %llu pages of %llu B; pages %u-%llu -> frames %s",
                  (long long)pid, is_new ? "gets" : "grows by", (unsigned long long)bytes,
                  (unsigned long long)total, (unsigned long long)pg->page_size, p->npages,
                  (unsigned long long)(total - 1), frbuf);
    p->npages = (uint32_t)total;
    p->bytes = new_bytes;
    return 0;
}

int pg_release(struct paging *pg, int64_t pid, struct note *n)
{
    size_t at = proc_index(pg, pid);
    struct pg_process *p;
    struct ranges fr;
    char frbuf[160], freebuf[160];

    note_clear(n);
    if (display_only(pg, n) || check_pid(pid, n) < 0)
        return -1;
    if (!(at < pg->nprocs && pg->procs[at].pid == pid)) {
        note_what(n, "there is no process P%lld to free", (long long)pid);
        note_why(n, "nothing was changed");
        return -1;
    }
    p = &pg->procs[at];
    ranges_init(&fr, frbuf, sizeof frbuf, LIST_RANGES);
    frame_ranges(pg, p->frames, p->npages, &fr);
    ranges_end(&fr);
    pg->version++;
    for (uint32_t i = 0; i < p->npages; i++)
        unmark(pg, p->frames[i]);
    pg->nfree += p->npages;
    note_what(n, "P%lld freed: %u frame%s (%s) free again, %llu B returned", (long long)pid,
              p->npages, p->npages == 1 ? "" : "s", frbuf, (unsigned long long)p->bytes);
    free(p->frames);
    memmove(&pg->procs[at], &pg->procs[at + 1], (pg->nprocs - at - 1) * sizeof *pg->procs);
    pg->nprocs--;
    list_frames(pg, freebuf, NULL, sizeof freebuf);
    note_why(n, "free frames now: %s (%u of %u)", freebuf, pg->nfree, pg->nframes);
    return 0;
}

/* Returns k when v is 2^k, else -1. */
static int log2_exact(uint64_t v)
{
    int k = 0;

    if (v == 0 || (v & (v - 1)) != 0)
        return -1;
    while (v >>= 1)
        k++;
    return k;
}

int pg_translate(const struct paging *pg, int64_t pid, uint64_t addr, int hex, struct pg_xlate *x,
                 struct note *n)
{
    const struct pg_process *p;
    uint64_t page, off, ps = pg->page_size, phys;
    uint32_t frame;
    int k = log2_exact(ps), shift = hex && k >= 0;
    char a[24], pa[24], o[24], f[24], ph[24], sz[24], mask[24], lo[24], hi[24], split[96];

    note_clear(n);
    if (display_only(pg, n) || check_pid(pid, n) < 0)
        return -1;
    p = pg_find(pg, pid);
    if (!p) {
        note_what(n, "cannot translate: there is no process P%lld", (long long)pid);
        return -1;
    }
    page = addr / ps;
    off = addr % ps;
    num_radix(a, sizeof a, addr, hex);
    num_radix(pa, sizeof pa, page, hex);
    num_radix(sz, sizeof sz, ps, hex);
    num_radix(mask, sizeof mask, ps - 1, hex);
    /* The split as the hardware does it (a shift) or as people do (a division). */
    if (shift)
        snprintf(split, sizeof split, "page = %s >> %d = %s", a, k, pa);
    else
        snprintf(split, sizeof split, "page = %s / %s = %s", a, sz, pa);
    if (page >= p->npages) {
        char pages[64], last[24];
        num_radix(last, sizeof last, p->npages - 1, hex);
        if (p->npages == 1)
            snprintf(pages, sizeof pages, "only page %s", num_radix(lo, sizeof lo, 0, hex));
        else
            snprintf(pages, sizeof pages, "pages %s-%s", num_radix(lo, sizeof lo, 0, hex), last);
        note_what(n, "invalid address %s for P%lld: page %s is past its last page (page %s)", a,
                  (long long)pid, pa, last);
        note_why(n,
                 "%s, but P%lld has %s (addresses %s-%s): its page table has no valid entry for "
                 "page %s",
                 split, (long long)pid, pages, num_radix(lo, sizeof lo, 0, hex),
                 num_radix(hi, sizeof hi, (uint64_t)p->npages * ps - 1, hex), pa);
        return -1;
    }
    frame = p->frames[page];
    phys = (uint64_t)frame * ps + off;
    num_radix(o, sizeof o, off, hex);
    num_radix(f, sizeof f, frame, hex);
    num_radix(ph, sizeof ph, phys, hex);
    x->page = page;
    x->offset = off;
    x->frame = frame;
    x->physical = phys;
    x->unused = addr >= p->bytes;
    note_what(n, "P%lld logical %s -> page %s, offset %s -> frame %s -> physical %s",
              (long long)pid, a, pa, o, f, ph);
    if (hex)
        note_append(n->what, sizeof n->what, " (%llu)", (unsigned long long)phys);
    if (x->unused)
        note_append(n->what, sizeof n->what, ", in the unused end of its last page");
    if (shift)
        note_why(n,
                 "%s, offset = %s & %s = %s; page %s is in frame %s, so physical = %s << %d | %s "
                 "= %s",
                 split, a, mask, o, pa, f, f, k, o, ph);
    else
        note_why(
            n,
            "%s, offset = %s %% %s = %s; page %s is in frame %s, so physical = %s * %s + %s = %s",
            split, a, sz, o, pa, f, f, sz, o, ph);
    if (x->unused)
        note_append(n->why, sizeof n->why,
                    "; page %s is valid, so the hardware translates it, but P%lld asked for "
                    "%llu B (addresses %s-%s): this byte is internal fragmentation, which the "
                    "process never asked for",
                    pa, (long long)pid, (unsigned long long)p->bytes,
                    num_radix(lo, sizeof lo, 0, hex), num_radix(hi, sizeof hi, p->bytes - 1, hex));
    return 0;
}

char *pg_split_rule(uint64_t page_size, char *buf, size_t len)
{
    int k = log2_exact(page_size);

    if (k >= 0)
        snprintf(buf, len,
                 "pages of %llu = 2^%d B: offset = the low %d bits, page = the bits above",
                 (unsigned long long)page_size, k, k);
    else
        snprintf(buf, len,
                 "pages of %llu B, not a power of two: no bits split an address, the split is a "
                 "division: page = address / %llu, offset = address %% %llu",
                 (unsigned long long)page_size, (unsigned long long)page_size,
                 (unsigned long long)page_size);
    return buf;
}

char *pg_split(uint64_t page_size, uint64_t addr, const char *unit, char *buf, size_t len)
{
    int k = log2_exact(page_size);
    uint64_t num = addr / page_size, off = addr % page_size;
    char bits[72];
    size_t b = 0;

    if (len == 0)
        return buf;
    if (k < 0) {
        snprintf(buf, len, "0x%llx = %llu * %llu + %llu = %s 0x%llx | offset 0x%llx (a division)",
                 (unsigned long long)addr, (unsigned long long)num, (unsigned long long)page_size,
                 (unsigned long long)off, unit, (unsigned long long)num, (unsigned long long)off);
        return buf;
    }
    /* The number's bits without leading zeros (at least one), a bar, then
     * the offset's k bits in full. */
    if (num == 0)
        bits[b++] = '0';
    for (int i = 63 - k; i >= 0; i--)
        if (num >> i && b < sizeof bits - 1)
            bits[b++] = (char)('0' + ((num >> i) & 1));
    bits[b] = '\0';
    snprintf(buf, len, "0x%llx = 0b%s | ", (unsigned long long)addr, bits);
    b = strlen(buf);
    for (int i = k - 1; i >= 0 && b + 1 < len; i--)
        buf[b++] = (char)('0' + ((off >> i) & 1));
    buf[b] = '\0';
    note_append(buf, len, " = %s 0x%llx | offset 0x%llx", unit, (unsigned long long)num,
                (unsigned long long)off);
    return buf;
}

int pg_reset(struct paging *pg, uint64_t nframes, uint64_t page_size, struct note *n)
{
    struct paging fresh;
    char err[NOTE_MAX], total[32];
    size_t nprocs = pg->nprocs;
    uint32_t used = pg->nframes - pg->nfree;

    note_clear(n);
    if (pg_init(&fresh, nframes, page_size, pg->policy, pg->seed, err, sizeof err) < 0) {
        note_what(n, "cannot reset paging: %s", err);
        note_why(n, "nothing was changed");
        return -1;
    }
    pg_free(pg);
    *pg = fresh;
    note_what(n, "paging reset: %llu frames x %llu B = %s of physical memory",
              (unsigned long long)nframes, (unsigned long long)page_size,
              num_bytes(nframes * page_size, total, sizeof total));
    note_why(n,
             "a new frame count or page size starts an empty memory: %zu process%s and %u "
             "frame%s freed; frame policy %s kept",
             nprocs, nprocs == 1 ? "" : "es", used, used == 1 ? "" : "s",
             pg_policy_name(pg->policy));
    return 0;
}

int pg_set_policy(struct paging *pg, enum pg_policy policy, uint64_t seed, struct note *n)
{
    note_clear(n);
    pg->policy = policy;
    if (policy == PG_RANDOM) {
        pg->seed = seed;
        pg->rng = seed;
        note_what(n, "frame policy is now random, seed %llu", (unsigned long long)seed);
        note_why(n, "new pages go to frames picked uniformly among the free ones; the same seed "
                    "and commands give the same frames");
    } else {
        note_what(n, "frame policy is now first");
        note_why(n, "new pages go to the lowest-numbered free frames");
    }
    return 0;
}

uint64_t pg_internal_frag(const struct paging *pg, const struct pg_process *p)
{
    return (uint64_t)p->npages * pg->page_size - p->bytes;
}

uint64_t pg_total_internal_frag(const struct paging *pg)
{
    uint64_t sum = 0;

    for (size_t i = 0; i < pg->nprocs; i++)
        sum += pg_internal_frag(pg, &pg->procs[i]);
    return sum;
}

int pg_check(const struct paging *pg, char *err, size_t errlen)
{
    uint64_t mapped = 0, owned = 0;

    if (pg_check_settings(pg->nframes, pg->page_size, err, errlen) < 0)
        return -1;
    for (size_t i = 0; i < pg->nprocs; i++) {
        const struct pg_process *p = &pg->procs[i];
        if (p->pid < 1 || (i > 0 && p->pid <= pg->procs[i - 1].pid)) {
            snprintf(err, errlen, "process ids not positive, sorted and unique at P%ld",
                     (long)p->pid);
            return -1;
        }
        if (p->bytes < 1 || p->npages != pages_for(pg, p->bytes)) {
            snprintf(err, errlen, "P%ld has %llu B in %u pages; %llu B need %llu pages of %llu B",
                     (long)p->pid, (unsigned long long)p->bytes, p->npages,
                     (unsigned long long)p->bytes,
                     (unsigned long long)pages_for(pg, p->bytes ? p->bytes : 1),
                     (unsigned long long)pg->page_size);
            return -1;
        }
        if (pg->display_only != (p->frames == NULL)) {
            snprintf(err, errlen, "P%ld %s a page table", (long)p->pid,
                     p->frames ? "has" : "lacks");
            return -1;
        }
        for (uint32_t pgno = 0; p->frames && pgno < p->npages; pgno++) {
            uint32_t f = p->frames[pgno];
            if (f == UNMAPPED) {
                snprintf(err, errlen, "page %u of P%ld is not mapped to any frame", pgno,
                         (long)p->pid);
                return -1;
            }
            if (f >= pg->nframes || pg->frames[f].pid != p->pid || pg->frames[f].page != pgno) {
                snprintf(err, errlen, "page %u of P%ld maps to frame %u, which does not hold it",
                         pgno, (long)p->pid, f);
                return -1;
            }
        }
        mapped += p->npages;
    }
    for (uint32_t f = 0; f < pg->nframes; f++) {
        const struct pg_process *p;
        if (is_used(pg, f) != (pg->frames[f].pid != 0)) {
            snprintf(err, errlen, "frame %u is %s but marked %s in the bitmap", f,
                     pg->frames[f].pid ? "held" : "free", pg->frames[f].pid ? "free" : "used");
            return -1;
        }
        if (pg->frames[f].pid == 0)
            continue;
        owned++;
        /* Without page tables, each frame's owner is checked from this side. */
        if (pg->display_only &&
            (!(p = pg_find(pg, pg->frames[f].pid)) || pg->frames[f].page >= p->npages)) {
            snprintf(err, errlen, "frame %u holds P%ld page %u, which does not exist", f,
                     (long)pg->frames[f].pid, pg->frames[f].page);
            return -1;
        }
    }
    if (owned != mapped || pg->nfree != pg->nframes - owned) {
        snprintf(err, errlen, "%llu frames owned, %llu pages mapped, %u counted free of %u",
                 (unsigned long long)owned, (unsigned long long)mapped, pg->nfree, pg->nframes);
        return -1;
    }
    /* The frames' bits were checked one by one above; past the last frame
     * there are no frames, and scratch is all 0 between actions. */
    for (size_t w = 0; w < words_for(pg->nframes); w++) {
        if (pg->used[w] & ~frame_bits(pg, w)) {
            snprintf(err, errlen, "the frame bitmap marks frames past frame %u", pg->nframes - 1);
            return -1;
        }
        if (pg->scratch[w]) {
            snprintf(err, errlen, "scratch bits left set at frames %zu-%zu", w * 64, w * 64 + 63);
            return -1;
        }
    }
    for (size_t b = 0; b < blocks_for(pg->nframes); b++) {
        uint32_t nf = 0;
        for (size_t w = b << (BLOCK_SHIFT - 6);
             w < words_for(pg->nframes) && w < (b + 1) << (BLOCK_SHIFT - 6); w++)
            nf += popcount64(free_bits(pg, w));
        if (nf != pg->blockfree[b]) {
            snprintf(err, errlen, "block %zu counts %u free frames, not %u", b, pg->blockfree[b],
                     nf);
            return -1;
        }
    }
    return 0;
}

int pg_restore_process(struct paging *pg, int64_t pid, uint64_t bytes, uint64_t npages, char *err,
                       size_t errlen)
{
    struct pg_process p = {0};
    size_t at;

    if (pid < 1 || pid > PG_MAX_PID) {
        snprintf(err, errlen, "process id %lld is not from 1 to %d", (long long)pid, PG_MAX_PID);
        return -1;
    }
    at = proc_index(pg, pid);
    if (at < pg->nprocs && pg->procs[at].pid == pid) {
        snprintf(err, errlen, "process %lld appears twice", (long long)pid);
        return -1;
    }
    if (bytes < 1 || bytes > PG_MAX_BYTES) {
        snprintf(err, errlen, "process %lld has %llu bytes; from 1 to %llu allowed", (long long)pid,
                 (unsigned long long)bytes, (unsigned long long)PG_MAX_BYTES);
        return -1;
    }
    if (npages != pages_for(pg, bytes)) {
        snprintf(err, errlen, "process %lld: %llu bytes need %llu pages of %llu B, not %llu",
                 (long long)pid, (unsigned long long)bytes,
                 (unsigned long long)pages_for(pg, bytes), (unsigned long long)pg->page_size,
                 (unsigned long long)npages);
        return -1;
    }
    if (npages > pg->nframes) {
        snprintf(err, errlen, "process %lld has %llu pages but there %s only %u frame%s",
                 (long long)pid, (unsigned long long)npages, pg->nframes == 1 ? "is" : "are",
                 pg->nframes, pg->nframes == 1 ? "" : "s");
        return -1;
    }
    p.seen = calloc((size_t)(npages + 63) / 64, sizeof *p.seen);
    if (!p.seen || procs_reserve(pg) < 0 || (!pg->display_only && pages_reserve(&p, npages) < 0)) {
        free(p.frames);
        free(p.seen);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (uint64_t i = 0; p.frames && i < npages; i++)
        p.frames[i] = UNMAPPED;
    p.pid = (int32_t)pid;
    p.bytes = bytes;
    p.npages = (uint32_t)npages;
    memmove(&pg->procs[at + 1], &pg->procs[at], (pg->nprocs - at) * sizeof *pg->procs);
    pg->procs[at] = p;
    pg->nprocs++;
    free(pg->index); /* The indexes moved: index_find builds it again. */
    pg->index = NULL;
    return 0;
}

/* A hash table from pid to index in procs[], for pg_restore_map: a large
 * random map names a process per frame, in no order, and a binary search
 * for each costs more than the rest of restoring the frame. Open addressing
 * with linear probing; slot holds index + 1, 0 when empty. */
struct pg_index {
    uint32_t shift;  /* 32 - log2 of the number of slots. */
    uint32_t mask;   /* Number of slots - 1. */
    uint32_t slot[]; /* Twice as many slots as processes, at least. */
};

static uint32_t index_hash(const struct pg_index *ix, int32_t pid)
{
    return (uint32_t)pid * UINT32_C(2654435769) >> ix->shift; /* Fibonacci hashing. */
}

/* Returns pid's process, or NULL when it is not listed or there is no
 * memory for the table (then the binary search answers). */
static struct pg_process *index_find(struct paging *pg, int64_t pid)
{
    struct pg_index *ix = pg->index;
    uint32_t h, bits = 1;

    if (pid < 1 || pid > PG_MAX_PID)
        return NULL;
    if (!ix) {
        while (bits < 31 && (UINT64_C(1) << bits) < 2 * (uint64_t)pg->nprocs)
            bits++;
        ix = malloc(sizeof *ix + (sizeof ix->slot[0] << bits));
        if (!ix) {
            size_t at = proc_index(pg, pid);
            return at < pg->nprocs && pg->procs[at].pid == pid ? &pg->procs[at] : NULL;
        }
        ix->shift = 32 - bits;
        ix->mask = (UINT32_C(1) << bits) - 1;
        memset(ix->slot, 0, sizeof ix->slot[0] << bits);
        for (size_t i = 0; i < pg->nprocs; i++) {
            for (h = index_hash(ix, pg->procs[i].pid); ix->slot[h]; h = (h + 1) & ix->mask)
                ;
            ix->slot[h] = (uint32_t)i + 1;
        }
        pg->index = ix;
    }
    for (h = index_hash(ix, (int32_t)pid); ix->slot[h]; h = (h + 1) & ix->mask)
        if (pg->procs[ix->slot[h] - 1].pid == pid)
            return &pg->procs[ix->slot[h] - 1];
    return NULL;
}

/* Returns the frame that holds page `page` of p (a page known to be
 * mapped): from the page table, or, without one, by looking for it. */
static uint32_t frame_of(const struct paging *pg, const struct pg_process *p, uint32_t page)
{
    if (p->frames)
        return p->frames[page];
    for (uint32_t f = 0; f < pg->nframes; f++)
        if (pg->frames[f].pid == p->pid && pg->frames[f].page == page)
            return f;
    return UNMAPPED;
}

int pg_restore_map(struct paging *pg, uint64_t frame, uint64_t count, int64_t pid, uint64_t page,
                   char *err, size_t errlen)
{
    struct pg_process *p = index_find(pg, pid);

    if (!p) {
        snprintf(err, errlen, "frames mapped to process %lld, which is not listed", (long long)pid);
        return -1;
    }
    if (count < 1 || frame >= pg->nframes || count > pg->nframes - frame) {
        snprintf(err, errlen, "frames %llu-%llu fall outside the %u frames (0-%u)",
                 (unsigned long long)frame, (unsigned long long)(frame + count - 1), pg->nframes,
                 pg->nframes - 1);
        return -1;
    }
    if (page >= p->npages || count > p->npages - page) {
        snprintf(err, errlen, "pages %llu-%llu are outside P%lld's %u pages",
                 (unsigned long long)page, (unsigned long long)(page + count - 1), (long long)pid,
                 p->npages);
        return -1;
    }
    for (uint64_t i = 0; i < count; i++) {
        if (pg->frames[frame + i].pid != 0) {
            snprintf(err, errlen, "frame %llu is already held by P%ld page %u",
                     (unsigned long long)(frame + i), (long)pg->frames[frame + i].pid,
                     pg->frames[frame + i].page);
            return -1;
        }
        if (p->seen[(page + i) / 64] >> (page + i) % 64 & 1) {
            snprintf(err, errlen, "page %llu of P%lld is already in frame %u",
                     (unsigned long long)(page + i), (long long)pid,
                     frame_of(pg, p, (uint32_t)(page + i)));
            return -1;
        }
    }
    pg->version++;
    if (count == 1) {
        p->seen[page / 64] |= UINT64_C(1) << page % 64;
        mark(pg, (uint32_t)frame, (int32_t)pid, (uint32_t)page);
        if (p->frames)
            p->frames[page] = (uint32_t)frame;
    } else {
        for (uint64_t i = 0; i < count; i++) {
            p->seen[(page + i) / 64] |= UINT64_C(1) << (page + i) % 64;
            pg->frames[frame + i].pid = (int32_t)pid;
            pg->frames[frame + i].page = (uint32_t)(page + i);
            if (p->frames)
                p->frames[page + i] = (uint32_t)(frame + i);
        }
        mark_span(pg, (uint32_t)frame, (uint32_t)(frame + count));
    }
    pg->nfree -= (uint32_t)count;
    return 0;
}

/* Writes into err which page of which process is not mapped, when one is not.
 * Returns 1 when one was found, else 0. */
static int find_unmapped(const struct paging *pg, char *err, size_t errlen)
{
    for (size_t i = 0; i < pg->nprocs; i++) {
        const struct pg_process *p = &pg->procs[i];
        for (uint32_t pgno = 0; pgno < p->npages; pgno++)
            if (!(p->seen[pgno / 64] >> pgno % 64 & 1)) {
                snprintf(err, errlen, "page %u of P%ld is not mapped to any frame", pgno,
                         (long)p->pid);
                return 1;
            }
    }
    return 0;
}

int pg_restore_end(struct paging *pg, char *err, size_t errlen)
{
    uint64_t pages = 0;
    int r = 0;

    for (size_t i = 0; i < pg->nprocs; i++)
        pages += pg->procs[i].npages;
    /* Each map checked that its pages were not mapped before: when as many
     * frames are held as there are pages, every page is mapped once. */
    if (pages != (uint64_t)(pg->nframes - pg->nfree)) {
        r = -1;
        if (!find_unmapped(pg, err, errlen))
            snprintf(err, errlen, "%llu pages but %u frames in use", (unsigned long long)pages,
                     pg->nframes - pg->nfree);
    }
    for (size_t i = 0; i < pg->nprocs; i++) {
        free(pg->procs[i].seen);
        pg->procs[i].seen = NULL;
    }
    free(pg->index);
    pg->index = NULL;
    return r;
}
