/* frameset.h: which frames are in use, and which changed when.
 *
 * A paging memory (paging.h) keeps, next to its frame table, this set of
 * its frames, for speed only: it adds nothing the frame table does not say.
 * used[] holds a bit a frame, so searches, runs and counts read 64 frames a
 * step and cost nframes / 64, not nframes; blockfree[] counts the free
 * frames of each block of 4096, so the r-th free frame (the random policy's
 * pick) is found without counting from frame 0.
 *
 * Every call that changes frames (fs_take, fs_give, fs_touch) starts a new
 * version and stamps the groups of 64 frames it touched with it. A reader
 * that kept something made from the frames at an earlier version (the
 * status writer's cache) asks fs_changed_since which groups changed since,
 * and serial tells it whether it is the same set at all.
 *
 * The struct owns its arrays: fs_init makes them, fs_free releases them.
 * Callers read the fields; only the fs_ functions change them.
 */
#ifndef MT_FRAMESET_H
#define MT_FRAMESET_H

#include <stddef.h>
#include <stdint.h>

#define FS_BLOCK_SHIFT 12 /* A block of blockfree[] is 2^12 = 4096 frames, 64 words. */

struct frameset {
    uint32_t nframes;    /* Frames 0 .. nframes-1. */
    uint64_t *used;      /* Bit f (word f / 64, bit f % 64) set when frame f is in use;
                            the bits past nframes are 0. */
    uint32_t *blockfree; /* Free frames in each block of 4096 frames. */
    uint64_t *scratch;   /* As many bits as used[], all 0 between calls (fs_sorted_runs). */
    uint64_t serial;     /* Tells this set from any other fs_init made (never 0). */
    uint64_t version;    /* Grows with each call that changes frames; 0 when none has. */
    uint64_t *stamp;     /* stamp[w]: the version that last changed frames 64w..64w+63. */
};

/* Makes a set of nframes (>= 1) free frames, with a new serial. Returns 0,
 * or -1 (out of memory) with *s untouched. Free with fs_free. */
int fs_init(struct frameset *s, uint32_t nframes);

/* Releases what s owns and zeroes it. Safe on a zeroed struct. */
void fs_free(struct frameset *s);

/* Returns 1 when frame f (< nframes) is in use, else 0. */
static inline int fs_used(const struct frameset *s, uint32_t f)
{
    return (int)(s->used[f / 64] >> (f % 64) & 1);
}

/* fs_take and fs_give for a run of more than one frame. */
void fs_take_run(struct frameset *s, uint32_t f, uint32_t g);
void fs_give_run(struct frameset *s, uint32_t f, uint32_t g);

/* Marks frames f..g-1 (f < g <= nframes, all free) in use, in a new
 * version. Always succeeds. Inline for one frame, the random policy's and
 * a scattered restore's case, done a million times for a large memory. */
static inline void fs_take(struct frameset *s, uint32_t f, uint32_t g)
{
    if (g != f + 1) {
        fs_take_run(s, f, g);
        return;
    }
    s->used[f / 64] |= UINT64_C(1) << (f % 64);
    s->blockfree[f >> FS_BLOCK_SHIFT]--;
    s->stamp[f / 64] = ++s->version;
}

/* Marks frames f..g-1 (f < g <= nframes, all in use) free, in a new
 * version. Always succeeds. Inline for one frame, as fs_take. */
static inline void fs_give(struct frameset *s, uint32_t f, uint32_t g)
{
    if (g != f + 1) {
        fs_give_run(s, f, g);
        return;
    }
    s->used[f / 64] &= ~(UINT64_C(1) << (f % 64));
    s->blockfree[f >> FS_BLOCK_SHIFT]++;
    s->stamp[f / 64] = ++s->version;
}

/* Records that frames f..g-1 (f < g <= nframes) changed in a way the set
 * does not hold (a used frame got another owner), in a new version. */
void fs_touch(struct frameset *s, uint32_t f, uint32_t g);

/* Returns the end of the run of frames from f (< nframes) that are all free
 * or all in use, as f is: the first frame after f of the other kind, or
 * nframes. */
uint32_t fs_run_end(const struct frameset *s, uint32_t f);

/* Return the first frame in use (fs_next_used) or free (fs_next_free) at or
 * after f, or nframes when there is none. Any f is allowed. */
uint32_t fs_next_used(const struct frameset *s, uint32_t f);
uint32_t fs_next_free(const struct frameset *s, uint32_t f);

/* Counts the runs of frames in use (*used_runs) and of free frames
 * (*free_runs) in f..nframes-1 (f < nframes): a run that starts before f
 * counts once, from f. */
void fs_count_runs(const struct frameset *s, uint32_t f, uint64_t *used_runs, uint64_t *free_runs);

/* Returns the r-th free frame (from 0) in increasing order; r must be less
 * than the number of free frames. */
uint32_t fs_nth_free(const struct frameset *s, uint32_t r);

/* Writes the lowest free frames, in increasing order, into out[0..max-1].
 * Returns how many it wrote: max, or fewer when fewer are free. */
uint32_t fs_list_free(const struct frameset *s, uint32_t *out, uint32_t max);

/* Calls fn(arg, lo, hi) for each run lo..hi of consecutive frames among
 * f[0..k-1] (distinct frames, in any order), by increasing frame. Uses
 * scratch[] and leaves it all 0; changes nothing else. */
void fs_sorted_runs(struct frameset *s, const uint32_t *f, uint32_t k,
                    void (*fn)(void *arg, uint32_t lo, uint32_t hi), void *arg);

/* Writes the free frames as ranges ("0-2, 5, 9-15", as note.h's ranges)
 * into freebuf and, when usedbuf is not NULL, the frames in use into
 * usedbuf, each of cap bytes: at most `limit` ranges each, then "and N
 * more". */
void fs_ranges(const struct frameset *s, char *freebuf, char *usedbuf, size_t cap, unsigned limit);

/* Returns 1 when a frame in from..to-1 (from < to <= nframes) may have
 * changed since the set's version was `since`, else 0. Changes are kept per
 * 64 frames, so a 1 can be a neighbour's change; a 0 is certain. */
int fs_changed_since(const struct frameset *s, uint32_t from, uint32_t to, uint64_t since);

/* Checks what the set can check alone: no bit set past the last frame,
 * scratch all 0, each block's free count right. Returns 0, or -1 with what
 * is wrong in err. */
int fs_check(const struct frameset *s, char *err, size_t errlen);

#endif
