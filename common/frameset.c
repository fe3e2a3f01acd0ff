/* frameset.c: the occupancy bitmap and change stamps of a paging memory's
 * frames. See frameset.h. */
#include "frameset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "note.h"

#define BLOCK_FRAMES (UINT32_C(1) << FS_BLOCK_SHIFT)
#define BLOCK_WORDS  (BLOCK_FRAMES / 64)

static size_t words_for(uint64_t nframes)
{
    return (size_t)((nframes + 63) / 64);
}

static size_t blocks_for(uint64_t nframes)
{
    return (size_t)((nframes + BLOCK_FRAMES - 1) >> FS_BLOCK_SHIFT);
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

/* Returns the bits of word w of used[] that stand for frames: all but,
 * in the last word, those past the last frame. */
static uint64_t frame_bits(const struct frameset *s, size_t w)
{
    if (w == words_for(s->nframes) - 1 && s->nframes % 64)
        return (UINT64_C(1) << (s->nframes % 64)) - 1;
    return ~UINT64_C(0);
}

/* Returns the bits of word w of used[] that stand for free frames. */
static uint64_t free_bits(const struct frameset *s, size_t w)
{
    return ~s->used[w] & frame_bits(s, w);
}

/* Returns the bits of word w that stand for frames f..g-1 (f < g). */
static uint64_t span_bits(size_t w, uint32_t f, uint32_t g)
{
    uint64_t bits = ~UINT64_C(0);

    if (w == f / 64)
        bits &= ~UINT64_C(0) << (f % 64);
    if (w == (g - 1) / 64 && g % 64)
        bits &= (UINT64_C(1) << (g % 64)) - 1;
    return bits;
}

int fs_init(struct frameset *s, uint32_t nframes)
{
    static uint64_t serials; /* Not shared between threads: one memory model per program. */
    size_t nw = words_for(nframes), nb = blocks_for(nframes);
    uint64_t *used = calloc(nw, sizeof *used), *scratch = calloc(nw, sizeof *scratch);
    uint64_t *stamp = calloc(nw, sizeof *stamp);
    uint32_t *blockfree = malloc(nb * sizeof *blockfree);

    if (!used || !scratch || !stamp || !blockfree) {
        free(used);
        free(scratch);
        free(stamp);
        free(blockfree);
        return -1;
    }
    for (size_t b = 0; b < nb; b++)
        blockfree[b] = b + 1 < nb ? BLOCK_FRAMES : nframes - (uint32_t)(b << FS_BLOCK_SHIFT);
    memset(s, 0, sizeof *s);
    s->nframes = nframes;
    s->used = used;
    s->blockfree = blockfree;
    s->scratch = scratch;
    s->stamp = stamp;
    s->serial = ++serials;
    return 0;
}

void fs_free(struct frameset *s)
{
    free(s->used);
    free(s->blockfree);
    free(s->scratch);
    free(s->stamp);
    memset(s, 0, sizeof *s);
}

/* Sets (take 1) or clears (take 0) the bits of frames f..g-1, counts them
 * in blockfree[] and stamps their words, in a new version: a block and a
 * word at a time, for a run (fs_take and fs_give do one frame inline). */
static void set_span(struct frameset *s, uint32_t f, uint32_t g, int take)
{
    uint64_t v = ++s->version;

    for (uint32_t b = f >> FS_BLOCK_SHIFT; b <= (g - 1) >> FS_BLOCK_SHIFT; b++) {
        uint32_t lo = b << FS_BLOCK_SHIFT > f ? b << FS_BLOCK_SHIFT : f;
        uint32_t hi = (b + 1) << FS_BLOCK_SHIFT < g ? (b + 1) << FS_BLOCK_SHIFT : g;
        if (take)
            s->blockfree[b] -= hi - lo;
        else
            s->blockfree[b] += hi - lo;
    }
    for (size_t w = f / 64; w <= (size_t)(g - 1) / 64; w++) {
        uint64_t bits = span_bits(w, f, g);
        s->used[w] = take ? s->used[w] | bits : s->used[w] & ~bits;
        s->stamp[w] = v;
    }
}

void fs_take_run(struct frameset *s, uint32_t f, uint32_t g)
{
    set_span(s, f, g, 1);
}

void fs_give_run(struct frameset *s, uint32_t f, uint32_t g)
{
    set_span(s, f, g, 0);
}

void fs_touch(struct frameset *s, uint32_t f, uint32_t g)
{
    uint64_t v = ++s->version;

    for (size_t w = f / 64; w <= (size_t)(g - 1) / 64; w++)
        s->stamp[w] = v;
}

uint32_t fs_run_end(const struct frameset *s, uint32_t f)
{
    uint64_t flip = fs_used(s, f) ? ~UINT64_C(0) : 0, x;
    size_t w = f / 64, nw = words_for(s->nframes);
    uint64_t g;

    x = (s->used[w] ^ flip) & (~UINT64_C(0) << (f % 64));
    while (!x && ++w < nw)
        x = s->used[w] ^ flip;
    if (!x)
        return s->nframes;
    g = (uint64_t)w * 64 + ctz64(x);
    return g < s->nframes ? (uint32_t)g : s->nframes;
}

uint32_t fs_next_used(const struct frameset *s, uint32_t f)
{
    if (f >= s->nframes)
        return s->nframes;
    return fs_used(s, f) ? f : fs_run_end(s, f);
}

uint32_t fs_next_free(const struct frameset *s, uint32_t f)
{
    if (f >= s->nframes)
        return s->nframes;
    return fs_used(s, f) ? fs_run_end(s, f) : f;
}

void fs_count_runs(const struct frameset *s, uint32_t f, uint64_t *used_runs, uint64_t *free_runs)
{
    size_t nw = words_for(s->nframes), w0 = (size_t)(f + 1) / 64;
    uint64_t c = 0, u = 0;

    /* Counts the frames g in f+1 .. nframes-1 whose state differs from
     * frame g-1's (c), and those where a used run starts (u). */
    for (size_t w = w0; w < nw; w++) {
        uint64_t cur = s->used[w], prev = cur << 1 | (w ? s->used[w - 1] >> 63 : 0);
        uint64_t t = cur ^ prev;
        if (w == w0)
            t &= ~UINT64_C(0) << ((f + 1) % 64);
        t &= frame_bits(s, w);
        c += popcount64(t);
        u += popcount64(t & cur);
    }
    *used_runs = u + (uint64_t)fs_used(s, f);
    *free_runs = c - u + (uint64_t)!fs_used(s, f);
}

uint32_t fs_nth_free(const struct frameset *s, uint32_t r)
{
    size_t b = 0, w;
    uint64_t x;
    unsigned c;

    while (r >= s->blockfree[b])
        r -= s->blockfree[b++];
    for (w = b * BLOCK_WORDS;; w++) {
        x = free_bits(s, w);
        c = popcount64(x);
        if (r < c)
            break;
        r -= c;
    }
    while (r--)
        x &= x - 1;
    return (uint32_t)(w * 64 + ctz64(x));
}

uint32_t fs_list_free(const struct frameset *s, uint32_t *out, uint32_t max)
{
    size_t nw = words_for(s->nframes);
    uint32_t k = 0;

    for (size_t w = 0; k < max && w < nw; w++) {
        uint64_t x = free_bits(s, w);
        if (max - k >= 64) /* Room for the whole word: no count to check per frame. */
            for (; x; x &= x - 1)
                out[k++] = (uint32_t)(w * 64 + ctz64(x));
        else
            for (; x && k < max; x &= x - 1)
                out[k++] = (uint32_t)(w * 64 + ctz64(x));
    }
    return k;
}

void fs_sorted_runs(struct frameset *s, const uint32_t *f, uint32_t k,
                    void (*fn)(void *arg, uint32_t lo, uint32_t hi), void *arg)
{
    uint64_t *mk = s->scratch;
    uint32_t lo = 0, hi = 0; /* The run found last, when open: not reported yet. */
    int open = 0;

    for (uint32_t i = 0; i < k; i++)
        mk[f[i] / 64] |= UINT64_C(1) << (f[i] % 64);
    for (size_t w = 0; w < words_for(s->nframes); w++) {
        uint64_t x = mk[w];
        mk[w] = 0;
        while (x) {
            unsigned a = ctz64(x), b;
            uint64_t rest = ~x & (~UINT64_C(0) << a);
            b = rest ? ctz64(rest) : 64;
            if (!open || w * 64 + a != (uint64_t)hi + 1) { /* A run apart from the last. */
                if (open)
                    fn(arg, lo, hi);
                lo = (uint32_t)(w * 64 + a);
                open = 1;
            }
            hi = (uint32_t)(w * 64 + b - 1);
            x = b < 64 ? x & (~UINT64_C(0) << b) : 0;
        }
    }
    if (open)
        fn(arg, lo, hi);
}

/* Runs are found a word of used[] at a time; once every list is past what
 * it shows, the further runs are only counted, 64 frames a step. */
void fs_ranges(const struct frameset *s, char *freebuf, char *usedbuf, size_t cap, unsigned limit)
{
    struct ranges r[2];
    uint64_t more[2] = {0, 0};
    uint32_t f = 0, g;

    ranges_init(&r[0], freebuf, cap, limit);
    if (usedbuf)
        ranges_init(&r[1], usedbuf, cap, limit);
    for (; f < s->nframes; f = g) {
        int used = fs_used(s, f);
        int full0 = r[0].shown + r[0].open > r[0].limit;
        int full1 = !usedbuf || r[1].shown + r[1].open > r[1].limit;
        if (full0 && full1)
            break;
        g = fs_run_end(s, f);
        if (used && !usedbuf)
            continue;
        if (used ? full1 : full0)
            more[used]++;
        else
            ranges_add_span(&r[used], f, g - 1);
    }
    if (f < s->nframes) {
        /* f starts a run; count it and every later run. */
        uint64_t used_runs, free_runs;
        fs_count_runs(s, f, &used_runs, &free_runs);
        more[1] += used_runs;
        more[0] += free_runs;
    }
    r[0].hidden += more[0];
    ranges_end(&r[0]);
    if (usedbuf) {
        r[1].hidden += more[1];
        ranges_end(&r[1]);
    }
}

int fs_changed_since(const struct frameset *s, uint32_t from, uint32_t to, uint64_t since)
{
    for (size_t w = from / 64; w <= (size_t)(to - 1) / 64; w++)
        if (s->stamp[w] > since)
            return 1;
    return 0;
}

int fs_check(const struct frameset *s, char *err, size_t errlen)
{
    for (size_t w = 0; w < words_for(s->nframes); w++) {
        if (s->used[w] & ~frame_bits(s, w)) {
            snprintf(err, errlen, "the frame bitmap marks frames past frame %u", s->nframes - 1);
            return -1;
        }
        if (s->scratch[w]) {
            snprintf(err, errlen, "scratch bits left set at frames %zu-%zu", w * 64, w * 64 + 63);
            return -1;
        }
    }
    for (size_t b = 0; b < blocks_for(s->nframes); b++) {
        uint32_t nf = 0;
        for (size_t w = b * BLOCK_WORDS; w < words_for(s->nframes) && w < (b + 1) * BLOCK_WORDS;
             w++)
            nf += popcount64(free_bits(s, w));
        if (nf != s->blockfree[b]) {
            snprintf(err, errlen, "block %zu counts %u free frames, not %u", b, s->blockfree[b],
                     nf);
            return -1;
        }
    }
    return 0;
}
