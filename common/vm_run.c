/* vm_run.c: runs (reference strings whose future is known, the only way OPT
 * plays) and compare (faults for each policy and frame count, Belady's
 * anomaly). Under opt, vm_run_begin finds each reference's next use in one
 * pass backwards over the string, with a hash table of the pages seen. See
 * vm.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paging.h"
#include "vm_impl.h"

/* A page of a process and the index of its reference seen last. */
struct seen {
    uint64_t page;
    int32_t pid; /* 0: an empty entry. */
    uint32_t at;
};

/* Open addressing, linear probing, at most half full. */
struct seen_table {
    struct seen *e;
    size_t cap, used; /* cap a power of two. */
    size_t n;         /* References in the run: a page's "never used". */
};

static size_t seen_hash(int32_t pid, uint64_t page, size_t cap)
{
    uint64_t h = (page ^ ((uint64_t)(uint32_t)pid << 40)) * UINT64_C(0x9e3779b97f4a7c15);

    return (size_t)(h >> 20) & (cap - 1);
}

/* Returns the entry of (pid, page): found, or the empty one it would take. */
static struct seen *seen_find(const struct seen_table *t, int32_t pid, uint64_t page)
{
    size_t i = seen_hash(pid, page, t->cap);

    while (t->e[i].pid && (t->e[i].pid != pid || t->e[i].page != page))
        i = (i + 1) & (t->cap - 1);
    return &t->e[i];
}

/* Doubles the table. Returns 0 or -1 (out of memory), t unchanged. */
static int seen_grow(struct seen_table *t)
{
    struct seen_table g = {calloc(t->cap * 2, sizeof *t->e), t->cap * 2, t->used, t->n};

    if (!g.e)
        return -1;
    for (size_t i = 0; i < t->cap; i++)
        if (t->e[i].pid)
            *seen_find(&g, t->e[i].pid, t->e[i].page) = t->e[i];
    free(t->e);
    *t = g;
    return 0;
}

/* The first reference to a page in the run, for vmp_opt_begin. */
static uint32_t first_use(void *ctx, int32_t pid, uint32_t page)
{
    const struct seen_table *t = ctx;
    const struct seen *s = seen_find(t, pid, page);

    return s->pid ? s->at : (uint32_t)t->n;
}

/* Fills next[] for refs (see struct vm_run) and leaves in t each page's
 * first reference. Returns 0 or -1 (out of memory). */
static int find_next(const struct vm *vm, const struct vm_ref *refs, size_t n, uint32_t *next,
                     struct seen_table *t)
{
    for (size_t i = n; i-- > 0;) {
        uint64_t page = refs[i].addr >> vm->page_shift;
        struct seen *s;
        next[i] = (uint32_t)n;
        if (refs[i].pid < 1)
            continue;
        if (2 * (t->used + 1) > t->cap && seen_grow(t) < 0)
            return -1;
        s = seen_find(t, refs[i].pid, page);
        if (s->pid) {
            next[i] = s->at;
        } else {
            s->pid = refs[i].pid;
            s->page = page;
            t->used++;
        }
        s->at = (uint32_t)i;
    }
    return 0;
}

int vm_run_begin(struct vm *vm, const struct vm_ref *refs, size_t n, char *err, size_t errlen)
{
    int opt = vm->policy == VM_OPT; /* Only opt reads the next uses. */
    struct seen_table t = {opt ? calloc(1024, sizeof *t.e) : NULL, 1024, 0, n};
    uint32_t *next = opt ? malloc((n ? n : 1) * sizeof *next) : NULL;

    if (vm->run.active || n > VM_RUN_MAX) {
        if (vm->run.active)
            snprintf(err, errlen, "a reference string is already being played");
        else
            snprintf(err, errlen, "a run holds at most %u references", VM_RUN_MAX);
        goto out_free;
    }
    if (opt && (!t.e || !next || find_next(vm, refs, n, next, &t) < 0)) {
        snprintf(err, errlen, "out of memory for the next uses of %zu references", n);
        goto out_free;
    }
    vm_run_end(vm); /* What a parsed file showed of an earlier run, if anything. */
    vm->run.refs = refs;
    vm->run.n = n;
    vm->run.at = 0;
    vm->run.next = next;
    vm->run.active = 1;
    if (opt)
        vmp_opt_begin(vm, first_use, &t);
    free(t.e);
    return 0;
out_free:
    free(t.e);
    free(next);
    return -1;
}

#define AHEAD 6 /* Steps between the stages of fetching ahead. */

/* Asks the processor to fetch, for the reference 3 * AHEAD ahead, its
 * page-table entry; 2 * AHEAD ahead (its entry fetched by now), its frame
 * and, under opt, its place in the heap; AHEAD ahead, under opt, its heap
 * entry. A run knows its future, and a large memory's accesses are
 * otherwise one cache miss after another. Only for the process accessed
 * last (no search). Changes nothing. */
static void prefetch(const struct vm *vm)
{
    const struct vm_process *p = vm->last_proc < vm->nprocs ? &vm->procs[vm->last_proc] : NULL;
    int opt = vm->policy == VM_OPT;

    for (size_t k = 1; p && k <= 3 && vm->run.at + k * AHEAD < vm->run.n; k++) {
        const struct vm_ref *r = &vm->run.refs[vm->run.at + k * AHEAD];
        uint64_t page = r->addr >> vm->page_shift;
        const uint32_t *e;
        uint32_t f;
        if (r->pid != p->pid || page >= p->npages || !(e = vm_pte_at(p, (uint32_t)page)))
            continue;
        if (k == 3 || !(*e & PTE_FRAME)) {
            vm_prefetch(e);
            continue;
        }
        f = *e & PTE_NUMBER;
        if (k == 2) {
            vm_prefetch(&vm->frames[f]);
            if (opt)
                vm_prefetch(&vm->order.heap_at[f]);
        } else if (opt) {
            vm_prefetch(&vm->order.heap[vm->order.heap_at[f]]);
        }
    }
}

int vm_run_step(struct vm *vm, struct vm_step *out, struct note *n)
{
    const struct vm_ref *r;
    int rc;

    if (!vm->run.active || vm->run.at >= vm->run.n) {
        if (out)
            out->refused = VM_REFUSE_RUN;
        if (n) {
            note_what(n, "no reference left to play");
            note_why(n, "nothing was changed");
        }
        return -1;
    }
    r = &vm->run.refs[vm->run.at];
    prefetch(vm);
    rc = vm_play(vm, r->pid, r->addr, r->exec ? VM_EXEC : r->write, out, n);
    vm->run.at++;
    return rc;
}

void vm_run_end(struct vm *vm)
{
    free(vm->run.next);
    memset(&vm->run, 0, sizeof vm->run);
}

/* Gives c, an empty memory, vm's address spaces and page-table shape.
 * Returns 0, or -1 with err. */
static int replicate_tables(const struct vm *vm, struct vm *c, char *err, size_t errlen)
{
    struct note nt;

    if (vm_set_address_space(c, vm->as_bytes, &nt) < 0 ||
        vm_set_page_table(c, vm->pt_levels, vm->pts.entry_bytes, &nt) < 0) {
        snprintf(err, errlen, "%s: %s", nt.what, nt.why);
        return -1;
    }
    return 0;
}

/* Plays refs from an empty memory shaped like vm with `frames` frames and
 * policy p (with the page-table layer on, its shape too, and every page
 * rwx: compare refuses nothing for protection, as without the layer).
 * Returns its faults in *faults, 0, or -1 with err. */
static int compare_one(const struct vm *vm, const struct vm_ref *refs, size_t n, uint32_t frames,
                       enum vm_policy p, uint64_t seed, unsigned bits, uint64_t *faults, char *err,
                       size_t errlen)
{
    struct vm c;
    struct note nt;
    int rc = -1;

    if (vm_init(&c, frames, vm->page_size, vm->nslots, err, errlen) < 0)
        return -1;
    if (vm->pt_levels && replicate_tables(vm, &c, err, errlen) < 0)
        goto out_free;
    for (size_t i = 0; i < vm->nprocs; i++)
        if (vm_alloc_prot(&c, vm->procs[i].pid, vm->procs[i].bytes,
                          vm->pt_levels ? TLB_RWX : VM_PROT_DEFAULT, &nt) < 0) {
            snprintf(err, errlen, "%u frames: %s", frames, nt.what);
            goto out_free;
        }
    if (vm_set_policy(&c, p, seed, bits, NULL) < 0 || vm_run_begin(&c, refs, n, err, errlen) < 0)
        goto out_free;
    while (c.run.at < c.run.n)
        vm_run_step(&c, NULL, NULL);
    *faults = c.total.faults;
    rc = 0;
out_free:
    if (rc < 0 && err[0] == '\0')
        snprintf(err, errlen, "out of memory for a memory of %u frames", frames);
    vm_free(&c);
    return rc;
}

int vm_compare(const struct vm *vm, const struct vm_ref *refs, size_t n, uint32_t frames_lo,
               uint32_t frames_hi, const enum vm_policy *policies, size_t npolicies, uint64_t seed,
               unsigned bits, uint64_t *faults, char *err, size_t errlen)
{
    size_t cols = (size_t)frames_hi - frames_lo + 1;

    if (errlen)
        err[0] = '\0';
    if (frames_lo < PG_MIN_FRAMES || frames_lo > frames_hi || frames_hi > PG_MAX_FRAMES ||
        bits > VM_MAX_BITS) {
        snprintf(err, errlen, "frames must be a range A-B with %u <= A <= B <= %u, bits at most %u",
                 PG_MIN_FRAMES, PG_MAX_FRAMES, VM_MAX_BITS);
        return -1;
    }
    for (size_t p = 0; p < npolicies; p++)
        for (uint32_t f = frames_lo; f <= frames_hi; f++)
            if (compare_one(vm, refs, n, f, policies[p], seed, bits,
                            &faults[p * cols + (f - frames_lo)], err, errlen) < 0)
                return -1;
    return 0;
}

long vm_belady(const uint64_t *faults, size_t ncounts)
{
    for (size_t k = 0; k + 1 < ncounts; k++)
        if (faults[k + 1] > faults[k])
            return (long)k;
    return -1;
}
