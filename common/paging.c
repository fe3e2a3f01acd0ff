/* paging.c: frames, processes, page tables and the frame policies: the
 * textbook story of the frame policies, allocate, free and translate, with
 * the settings and figures around them. Which frames are free is asked
 * of the frame set (frameset.c), kept in step by every action. Beside it:
 * pg_check.c (the invariants), pg_split.c (an address's bits as text) and
 * pg_restore.c (building a memory from a saved file). See paging.h. */
#include "paging.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "num.h"
#include "paging_impl.h"

#define LIST_RANGES 6   /* Ranges of frames a note lists before "and N more". */
#define SPARSE_MAX  256 /* Random picks of up to this many frames skip the full pool. */

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

uint64_t pg_pages_for(const struct paging *pg, uint64_t bytes)
{
    return bytes / pg->page_size + (bytes % pg->page_size != 0);
}

/* Makes room for one more process. Returns 0 or -1 (out of memory). */
static int procs_reserve(struct paging *pg)
{
    struct pg_process *p = grow_array(pg->procs, &pg->capprocs, pg->nprocs + 1, sizeof *p);

    if (!p)
        return -1;
    pg->procs = p;
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
    struct frameset set;

    if (pg_check_settings(nframes, page_size, err, errlen) < 0)
        return -1;
    frames = calloc(nframes, sizeof *frames);
    if (!frames || fs_init(&set, (uint32_t)nframes) < 0) {
        free(frames);
        snprintf(err, errlen, "out of memory for %llu frames", (unsigned long long)nframes);
        return -1;
    }
    memset(pg, 0, sizeof *pg);
    pg->nframes = (uint32_t)nframes;
    pg->page_size = page_size;
    pg->policy = policy;
    pg->seed = seed;
    pg->rng = seed;
    pg->nfree = (uint32_t)nframes;
    pg->frames = frames;
    pg->set = set;
    return 0;
}

void pg_free(struct paging *pg)
{
    for (size_t i = 0; i < pg->nprocs; i++)
        free(pg->procs[i].frames);
    free(pg->procs);
    free(pg->frames);
    fs_free(&pg->set);
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
    e[*ne].frame = fs_nth_free(&pg->set, at);
    return (*ne)++;
}

/* The random policy's pick: a partial Fisher-Yates shuffle of the free
 * frames listed in increasing order (the pool), whose first `need` entries
 * are the frames taken. That is the textbook way to draw `need` distinct
 * frames uniformly, and the definition of which frames a seed gives. For a
 * small `need`, only the entries the shuffle touches are kept, in a small
 * table (pool entry -> frame), and an untouched entry r is the r-th free
 * frame, found through the frame set's counts per block: the same frames, without
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

    uint32_t *pool = malloc((size_t)pg->nfree * sizeof *pool);
    if (!pool)
        return -1;
    fs_list_free(&pg->set, pool, pg->nfree);
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

    fs_ranges(&pg->set, freebuf, usedbuf, sizeof freebuf, LIST_RANGES);
    if (pg->policy == PG_FIRST) {
        fs_list_free(&pg->set, out, need);
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

/* ranges_add_span for fs_sorted_runs: arg is the struct ranges. */
static void add_span(void *arg, uint32_t lo, uint32_t hi)
{
    ranges_add_span(arg, lo, hi);
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

/* Writes why a process holding old_bytes cannot get `bytes` more (none, or
 * past PG_MAX_BYTES in all). Returns -1, for pg_alloc to return. */
static int refuse_size(int64_t pid, uint64_t bytes, uint64_t old_bytes, struct note *n)
{
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
                  (unsigned long long)PG_MAX_BYTES, (unsigned long long)(PG_MAX_BYTES - old_bytes));
    else
        note_what(n, "cannot give P%lld %llu bytes: a size must be from 1 to %llu bytes in all",
                  (long long)pid, (unsigned long long)bytes, (unsigned long long)PG_MAX_BYTES);
    note_why(n, "nothing was changed");
    return -1;
}

/* Writes why `need` more frames for `bytes` more bytes cannot be had: fewer
 * are free. Returns -1, for pg_alloc to return. */
static int refuse_room(const struct paging *pg, int64_t pid, uint64_t bytes, uint64_t need,
                       struct note *n)
{
    char freebuf[160];

    fs_ranges(&pg->set, freebuf, NULL, sizeof freebuf, LIST_RANGES);
    note_what(n,
              "cannot allocate %llu B for P%lld: it needs %llu more frame%s of %llu B, only "
              "%u of %u frame%s %s free",
              (unsigned long long)bytes, (long long)pid, (unsigned long long)need,
              need == 1 ? "" : "s", (unsigned long long)pg->page_size, pg->nfree, pg->nframes,
              pg->nframes == 1 ? "" : "s", pg->nfree == 1 ? "is" : "are");
    note_why(n, "free frames: %s; nothing was changed", freebuf);
    return -1;
}

/* Grows p by `bytes` that fit in the unused end of its last page. */
static void grow_in_last_page(const struct paging *pg, struct pg_process *p, uint64_t bytes,
                              struct note *n)
{
    uint64_t slack = p->npages * pg->page_size - p->bytes;

    note_what(n, "P%lld grows by %llu B to %llu B and still fits in its %u page%s: no new frame",
              (long long)p->pid, (unsigned long long)bytes, (unsigned long long)(p->bytes + bytes),
              p->npages, p->npages == 1 ? "" : "s");
    note_why(n, "its last page had %llu B unused (internal fragmentation), now %llu B",
             (unsigned long long)slack, (unsigned long long)(slack - bytes));
    p->bytes += bytes;
}

/* Puts process p (its pid not held) at index `at` of procs[], which has
 * room. Returns where it now is. */
static struct pg_process *insert_process(struct paging *pg, size_t at, const struct pg_process *p)
{
    memmove(&pg->procs[at + 1], &pg->procs[at], (pg->nprocs - at) * sizeof *pg->procs);
    pg->procs[at] = *p;
    pg->nprocs++;
    return &pg->procs[at];
}

/* Gives frames p->frames[from..to-1] (free) to those pages of p, in the
 * frame table and the frame set, and lists them in fr in page order. */
static void map_pages(struct paging *pg, const struct pg_process *p, uint32_t from, uint32_t to,
                      struct ranges *fr)
{
    for (uint32_t i = from; i < to; i++) {
        uint32_t f = p->frames[i];
        fs_take(&pg->set, f, f + 1);
        pg->frames[f].pid = p->pid;
        pg->frames[f].page = i;
        ranges_add(fr, f); /* In page order: page i -> the i-th frame listed. */
    }
    pg->nfree -= to - from;
}

/* Makes p's frames free in the frame table and the frame set. */
static void unmap_pages(struct paging *pg, const struct pg_process *p)
{
    for (uint32_t i = 0; i < p->npages; i++) {
        uint32_t f = p->frames[i];
        fs_give(&pg->set, f, f + 1);
        pg->frames[f].pid = 0;
        pg->frames[f].page = 0;
    }
    pg->nfree += p->npages;
}

/* Commits an allocation whose frames are chosen: p's pages npages..total-1
 * go to the frames in p->frames[npages..total-1], p grows by `bytes`, and
 * the note says which page went where. */
static void map_new_pages(struct paging *pg, struct pg_process *p, int is_new, uint64_t bytes,
                          uint32_t total, struct note *n)
{
    struct ranges fr;
    char frbuf[160];
    const char *verb = is_new ? "gets" : "grows by";

    ranges_init(&fr, frbuf, sizeof frbuf, LIST_RANGES);
    map_pages(pg, p, p->npages, total, &fr);
    ranges_end(&fr);
    if (total - p->npages == 1)
        note_what(n, "P%ld %s %llu B -> %u page%s of %llu B; page %u -> frame %s", (long)p->pid,
                  verb, (unsigned long long)bytes, total, total == 1 ? "" : "s",
                  (unsigned long long)pg->page_size, p->npages, frbuf);
    else
        note_what(n, "P%ld %s %llu B -> %u pages of %llu B; pages %u-%u -> frames %s", (long)p->pid,
                  verb, (unsigned long long)bytes, total, (unsigned long long)pg->page_size,
                  p->npages, total - 1, frbuf);
    p->npages = total;
    p->bytes += bytes;
}

int pg_alloc(struct paging *pg, int64_t pid, uint64_t bytes, struct note *n)
{
    struct pg_process fresh = {0}, *p;
    uint64_t total, need, rng = pg->rng;
    size_t at;
    int is_new;

    note_clear(n);
    if (display_only(pg, n) || check_pid(pid, n) < 0)
        return -1;
    at = proc_index(pg, pid);
    is_new = !(at < pg->nprocs && pg->procs[at].pid == pid);
    fresh.pid = (int32_t)pid;
    p = is_new ? &fresh : &pg->procs[at];
    if (bytes < 1 || bytes > PG_MAX_BYTES - p->bytes)
        return refuse_size(pid, bytes, p->bytes, n);
    total = pg_pages_for(pg, p->bytes + bytes);
    need = total - p->npages;
    if (need > pg->nfree)
        return refuse_room(pg, pid, bytes, need, n);
    if (need == 0) {
        grow_in_last_page(pg, p, bytes, n);
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
    if (is_new)
        p = insert_process(pg, at, &fresh);
    pg->rng = rng;
    map_new_pages(pg, p, is_new, bytes, (uint32_t)total, n);
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
    fs_sorted_runs(&pg->set, p->frames, p->npages, add_span, &fr);
    ranges_end(&fr);
    unmap_pages(pg, p);
    note_what(n, "P%lld freed: %u frame%s (%s) free again, %llu B returned", (long long)pid,
              p->npages, p->npages == 1 ? "" : "s", frbuf, (unsigned long long)p->bytes);
    free(p->frames);
    memmove(&pg->procs[at], &pg->procs[at + 1], (pg->nprocs - at - 1) * sizeof *pg->procs);
    pg->nprocs--;
    fs_ranges(&pg->set, freebuf, NULL, sizeof freebuf, LIST_RANGES);
    note_why(n, "free frames now: %s (%u of %u)", freebuf, pg->nfree, pg->nframes);
    return 0;
}

/* Writes why `page` (split from address a as `split` says) is past p's
 * last page: the page table has no valid entry for it. Returns -1, for
 * pg_translate to return. Numbers in hex when hex is 1. */
static int refuse_page(const struct paging *pg, const struct pg_process *p, const char *a,
                       const char *pa, const char *split, int hex, struct note *n)
{
    char pages[64], last[24], lo[24], hi[24];

    num_radix(last, sizeof last, p->npages - 1, hex);
    num_radix(lo, sizeof lo, 0, hex);
    if (p->npages == 1)
        snprintf(pages, sizeof pages, "only page %s", lo);
    else
        snprintf(pages, sizeof pages, "pages %s-%s", lo, last);
    note_what(n, "invalid address %s for P%ld: page %s is past its last page (page %s)", a,
              (long)p->pid, pa, last);
    note_why(n,
             "%s, but P%ld has %s (addresses %s-%s): its page table has no valid entry for "
             "page %s",
             split, (long)p->pid, pages, lo,
             num_radix(hi, sizeof hi, (uint64_t)p->npages * pg->page_size - 1, hex), pa);
    return -1;
}

/* Writes the worked arithmetic of a translation that found x->frame (and
 * filled *x): the split of address a (its page pa, as `split` says), the
 * offset, and the physical address, by shifts when shift is 1 (page size
 * 2^k) or by division; and whether the byte is in the unused end of the
 * last page. */
static void explain_translation(const struct paging *pg, const struct pg_process *p,
                                const struct pg_xlate *x, const char *a, const char *pa,
                                const char *split, int hex, struct note *n)
{
    char o[24], f[24], ph[24], sz[24], mask[24], lo[24], hi[24];
    int k = pg_log2(pg->page_size), shift = hex && k >= 0;

    num_radix(o, sizeof o, x->offset, hex);
    num_radix(f, sizeof f, x->frame, hex);
    num_radix(ph, sizeof ph, x->physical, hex);
    num_radix(sz, sizeof sz, pg->page_size, hex);
    num_radix(mask, sizeof mask, pg->page_size - 1, hex);
    note_what(n, "P%ld logical %s -> page %s, offset %s -> frame %s -> physical %s", (long)p->pid,
              a, pa, o, f, ph);
    if (hex)
        note_append(n->what, sizeof n->what, " (%llu)", (unsigned long long)x->physical);
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
                    "; page %s is valid, so the hardware translates it, but P%ld asked for "
                    "%llu B (addresses %s-%s): this byte is internal fragmentation, which the "
                    "process never asked for",
                    pa, (long)p->pid, (unsigned long long)p->bytes,
                    num_radix(lo, sizeof lo, 0, hex), num_radix(hi, sizeof hi, p->bytes - 1, hex));
}

int pg_translate(const struct paging *pg, int64_t pid, uint64_t addr, int hex, struct pg_xlate *x,
                 struct note *n)
{
    const struct pg_process *p;
    uint64_t page, ps = pg->page_size;
    int k = pg_log2(ps);
    char a[24], pa[24], sz[24], split[96];

    note_clear(n);
    if (display_only(pg, n) || check_pid(pid, n) < 0)
        return -1;
    p = pg_find(pg, pid);
    if (!p) {
        note_what(n, "cannot translate: there is no process P%lld", (long long)pid);
        return -1;
    }
    page = addr / ps;
    num_radix(a, sizeof a, addr, hex);
    num_radix(pa, sizeof pa, page, hex);
    num_radix(sz, sizeof sz, ps, hex);
    /* The split as the hardware does it (a shift) or as people do (a division). */
    if (hex && k >= 0)
        snprintf(split, sizeof split, "page = %s >> %d = %s", a, k, pa);
    else
        snprintf(split, sizeof split, "page = %s / %s = %s", a, sz, pa);
    if (page >= p->npages)
        return refuse_page(pg, p, a, pa, split, hex, n);
    x->page = page;
    x->offset = addr % ps;
    x->frame = p->frames[page];
    x->physical = (uint64_t)x->frame * ps + x->offset;
    x->unused = addr >= p->bytes;
    explain_translation(pg, p, x, a, pa, split, hex, n);
    return 0;
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

int pg_add_process(struct paging *pg, int64_t pid, uint64_t bytes, uint32_t npages, size_t *at)
{
    struct pg_process p = {0};

    if (procs_reserve(pg) < 0 || (!pg->display_only && pages_reserve(&p, npages) < 0))
        return -1;
    for (uint32_t i = 0; p.frames && i < npages; i++)
        p.frames[i] = PG_UNMAPPED;
    p.pid = (int32_t)pid;
    p.bytes = bytes;
    p.npages = npages;
    *at = proc_index(pg, pid);
    insert_process(pg, *at, &p);
    return 0;
}
