/* vm.c: virtual memory's processes, page tables and accesses: the fault
 * path as the textbook tells it (split, look up, take a free frame or evict
 * a victim, write back, load, set the bits). The policies live in
 * vm_policy.c, runs and compare in vm_run.c, the invariants and the restore
 * in vm_check.c. See vm.h. */
#include "vm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paging.h"
#include "pyrand.h"
#include "vm_impl.h"

/* Policy names, in enum vm_policy's order. */
static const char *const policy_names[VM_NPOLICIES] = {
    "fifo", "lru", "opt", "mru", "clock", "random", "ostep-clock",
};

int vm_policy_parse(const char *s, enum vm_policy *out)
{
    for (int i = 0; i < VM_NPOLICIES; i++)
        if (strcmp(s, policy_names[i]) == 0) {
            *out = (enum vm_policy)i;
            return 0;
        }
    return -1;
}

const char *vm_policy_name(enum vm_policy p)
{
    return (unsigned)p < VM_NPOLICIES ? policy_names[p] : "?";
}

int vm_init(struct vm *vm, uint64_t nframes, uint64_t page_size, uint64_t nslots, char *err,
            size_t errlen)
{
    struct vm v;

    if (pg_check_settings(nframes, page_size, err, errlen) < 0)
        return -1;
    if (nslots > VM_MAX_SWAP) {
        snprintf(err, errlen, "swap must be from 0 to %u slots, not %llu", VM_MAX_SWAP,
                 (unsigned long long)nslots);
        return -1;
    }
    memset(&v, 0, sizeof v);
    v.nframes = (uint32_t)nframes;
    v.page_size = page_size;
    v.page_shift = pg_log2(page_size);
    v.nslots = (uint32_t)nslots;
    v.nfree = v.nframes;
    v.policy = VM_FIFO;
    v.victim_frame = VM_NONE;
    v.frames = calloc(nframes, sizeof *v.frames);
    v.slots = calloc(nslots ? nslots : 1, sizeof *v.slots);
    if (!v.frames || !v.slots || vmp_alloc(&v, VM_FIFO, &v.order) < 0) {
        free(v.frames);
        free(v.slots);
        snprintf(err, errlen, "out of memory for %llu frames and %llu swap slots",
                 (unsigned long long)nframes, (unsigned long long)nslots);
        return -1;
    }
    *vm = v;
    return 0;
}

/* Frees the page table of p. */
static void free_table(struct vm_process *p)
{
    for (uint32_t i = 0; i < p->ndir; i++)
        free(p->dir[i]);
    free(p->dir);
}

void vm_free(struct vm *vm)
{
    vm_run_end(vm);
    for (size_t i = 0; i < vm->nprocs; i++) {
        free_table(&vm->procs[i]);
        free(vm->procs[i].prot);
        free(vm->procs[i].tpages);
    }
    free(vm->procs);
    free(vm->frames);
    free(vm->slots);
    free(vm->rng);
    vmp_free_order(&vm->order);
    vm_tlb_off(vm);
    memset(vm, 0, sizeof *vm);
}

size_t vm_proc_index(const struct vm *vm, int64_t pid)
{
    size_t lo = 0, hi = vm->nprocs;

    if (vm->last_proc < vm->nprocs && vm->procs[vm->last_proc].pid == pid)
        return vm->last_proc;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (vm->procs[mid].pid < pid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < vm->nprocs && vm->procs[lo].pid == pid ? lo : vm->nprocs;
}

const struct vm_process *vm_find(const struct vm *vm, int64_t pid)
{
    size_t i = vm_proc_index(vm, pid);

    return i < vm->nprocs ? &vm->procs[i] : NULL;
}

enum vm_page_state vm_page_state(const struct vm_process *p, uint32_t page, uint32_t *where)
{
    const uint32_t *e = page < p->npages ? vm_pte_at(p, page) : NULL;

    *where = e && *e ? *e & PTE_NUMBER : VM_NONE;
    if (!e || *e == 0)
        return VM_UNTOUCHED;
    return *e & PTE_FRAME ? VM_RESIDENT : VM_SWAPPED;
}

uint32_t vm_next_touched(const struct vm_process *p, uint32_t from)
{
    for (uint32_t page = from; page < p->npages;) {
        const uint32_t *c = p->dir[page >> VM_CHUNK_BITS];
        uint64_t chunk_end = (uint64_t)(page | VM_CHUNK_MASK) + 1;
        uint32_t end = chunk_end < p->npages ? (uint32_t)chunk_end : p->npages;
        if (!c) {
            page = end;
            continue;
        }
        for (; page < end; page++)
            if (c[page & VM_CHUNK_MASK])
                return page;
    }
    return p->npages;
}

size_t vm_memory_order(const struct vm *vm, uint32_t *out)
{
    return vmp_walk(vm, out);
}

/* Checks a pid typed by someone. Returns 0 or -1 with the reason in n. */
static int check_pid(int64_t pid, struct note *n)
{
    if (pid >= 1 && pid <= PG_MAX_PID)
        return 0;
    if (n) {
        note_what(n, "process id %lld is not valid: it must be from 1 to %d", (long long)pid,
                  PG_MAX_PID);
        note_why(n, "nothing was changed");
    }
    return -1;
}

/* Refuses an action while a run is in progress. Returns 0 or -1. */
static int check_no_run(const struct vm *vm, struct note *n)
{
    if (!vm->run.active)
        return 0;
    if (n) {
        note_what(n, "refused: a reference string is being played");
        note_why(n, "processes and the policy stay as they are until it ends");
    }
    return -1;
}

/* Inserts process pid (not held) at index at with an empty page table. */
static int insert_process(struct vm *vm, int64_t pid, size_t at)
{
    if (vm->nprocs == vm->capprocs) {
        size_t cap = vm->capprocs ? vm->capprocs * 2 : 8;
        struct vm_process *p = realloc(vm->procs, cap * sizeof *p);
        if (!p)
            return -1;
        vm->procs = p;
        vm->capprocs = cap;
    }
    memmove(&vm->procs[at + 1], &vm->procs[at], (vm->nprocs - at) * sizeof *vm->procs);
    memset(&vm->procs[at], 0, sizeof *vm->procs);
    vm->procs[at].pid = (int32_t)pid;
    vm->nprocs++;
    vm->last_proc = 0;
    return 0;
}

/* Returns where process pid is or would be inserted in vm->procs. */
static size_t insert_index(const struct vm *vm, int64_t pid)
{
    size_t i = 0;

    while (i < vm->nprocs && vm->procs[i].pid < pid)
        i++;
    return i;
}

int vm_alloc_raw(struct vm *vm, int64_t pid, uint64_t bytes, struct note *n)
{
    size_t at;
    struct vm_process *p;
    uint64_t total, pages, ndir;
    uint32_t **dir;

    if (check_pid(pid, n) < 0 || check_no_run(vm, n) < 0)
        return -1;
    at = vm_proc_index(vm, pid);
    total = bytes + (at < vm->nprocs ? vm->procs[at].bytes : 0);
    pages = (total >> vm->page_shift) + ((total & (vm->page_size - 1)) != 0);
    if (bytes < 1 || bytes > PG_MAX_BYTES || total > PG_MAX_BYTES || pages > VM_MAX_PAGES) {
        if (n) {
            note_what(n, "cannot give P%lld %llu more bytes", (long long)pid,
                      (unsigned long long)bytes);
            note_why(n, "a process holds 1 byte to %u pages of %llu B; nothing was changed",
                     VM_MAX_PAGES, (unsigned long long)vm->page_size);
        }
        return -1;
    }
    ndir = (pages + VM_CHUNK - 1) >> VM_CHUNK_BITS;
    if (at == vm->nprocs) {
        at = insert_index(vm, pid);
        if (insert_process(vm, pid, at) < 0)
            goto out_nomem;
    }
    p = &vm->procs[at];
    dir = ndir > p->ndir ? realloc(p->dir, ndir * sizeof *dir) : p->dir;
    if (!dir) {
        if (p->ndir == 0 && p->bytes == 0) /* Just inserted: take it out again. */
            memmove(p, p + 1, (--vm->nprocs - at) * sizeof *p);
        goto out_nomem;
    }
    for (uint64_t i = p->ndir; i < ndir; i++)
        dir[i] = NULL;
    p->dir = dir;
    p->ndir = (uint32_t)ndir;
    if (n) {
        note_what(n,
                  "P%lld now has %llu B of virtual memory: pages 0-%llu, %llu new, none "
                  "resident",
                  (long long)pid, (unsigned long long)total, (unsigned long long)pages - 1,
                  (unsigned long long)(pages - p->npages));
        note_why(n, "demand paging: a page gets a frame only when it is first touched");
    }
    p->bytes = total;
    p->npages = (uint32_t)pages;
    return 0;
out_nomem:
    if (n) {
        note_what(n, "out of memory for the page table of P%lld", (long long)pid);
        note_why(n, "nothing was changed");
    }
    return -1;
}

/* Frees frame f. */
static void free_frame(struct vm *vm, uint32_t f)
{
    vmp_remove(vm, f);
    memset(&vm->frames[f], 0, sizeof vm->frames[f]);
    vm->nfree++;
    if (f < vm->free_lo)
        vm->free_lo = f;
}

/* Frees swap slot s. */
static void free_slot(struct vm *vm, uint32_t s)
{
    vm->slots[s].pid = 0;
    vm->slots[s].page = 0;
    vm->slots_used--;
    if (s < vm->slot_lo)
        vm->slot_lo = s;
}

int vm_release(struct vm *vm, int64_t pid, struct note *n)
{
    size_t at = vm_proc_index(vm, pid);
    struct vm_process *p;
    uint32_t frames = 0, slots = 0, tables;

    if (check_no_run(vm, n) < 0)
        return -1;
    if (at == vm->nprocs) {
        if (n) {
            note_what(n, "there is no process %lld", (long long)pid);
            note_why(n, "nothing was changed");
        }
        return -1;
    }
    p = &vm->procs[at];
    for (uint32_t page = vm_next_touched(p, 0); page < p->npages;
         page = vm_next_touched(p, page + 1)) {
        uint32_t e = *vm_pte_at(p, page), x = e & PTE_NUMBER;
        if (e & PTE_FRAME) {
            if (vm->frames[x].slot != VM_NONE) {
                free_slot(vm, vm->frames[x].slot);
                slots++;
            }
            free_frame(vm, x);
            frames++;
        } else {
            free_slot(vm, x);
            slots++;
        }
    }
    tables = vm_ptable_release(vm, p); /* Frees its table pages too (held or not). */
    if (n) {
        note_what(n, "released P%lld: %u frame%s and %u swap slot%s freed", (long long)pid, frames,
                  frames == 1 ? "" : "s", slots, slots == 1 ? "" : "s");
        if (tables)
            note_append(n->what, sizeof n->what, ", and %u frame%s of its page table", tables,
                        tables == 1 ? "" : "s");
        note_why(n, "its %u virtual pages are gone with it", p->npages);
    }
    if (frames || tables)
        vm->epoch = vm->t;
    if (vm->tlb)
        tlb_invalidate_pid(vm->tlb, (int32_t)pid);
    free_table(p);
    free(p->prot);
    memmove(p, p + 1, (vm->nprocs - at - 1) * sizeof *p);
    vm->nprocs--;
    vm->last_proc = 0;
    return 0;
}

int vm_set_policy(struct vm *vm, enum vm_policy policy, uint64_t seed, unsigned bits,
                  struct note *n)
{
    struct vm_order o, old = vm->order;
    struct pyrand *rng = NULL;
    enum vm_policy oldp = vm->policy;
    int seeded = policy == VM_RANDOM || policy == VM_OSTEP_CLOCK;

    if (check_no_run(vm, n) < 0)
        return -1;
    if ((unsigned)policy >= VM_NPOLICIES || bits > VM_MAX_BITS) {
        if (n) {
            note_what(n, "cannot use that policy with %u bits", bits);
            note_why(n, "ostep-clock counts to BITS from 0 to %u; nothing was changed",
                     VM_MAX_BITS);
        }
        return -1;
    }
    if (vmp_alloc(vm, policy, &o) < 0 || (seeded && !(rng = calloc(2, sizeof *rng))))
        goto out_nomem;
    vm->order = o;
    vm->policy = policy;
    if (vmp_rebuild(vm) < 0) {
        vm->order = old;
        vm->policy = oldp;
        vmp_free_order(&o);
        goto out_nomem;
    }
    vmp_free_order(&old);
    free(vm->rng);
    vm->rng = rng;
    vm->seed = seed;
    vm->bits = bits;
    vm->draws = 0;
    if (rng)
        pyrand_seed(rng, seed);
    for (uint32_t f = 0; f < vm->nframes; f++) {
        uint8_t cap = policy == VM_OSTEP_CLOCK ? (uint8_t)(bits > 1 ? bits : 1) : 1;
        if (vm->frames[f].ref > cap) {
            vm->frames[f].ref = cap;
            vm->epoch = vm->t;
        }
    }
    if (n) {
        note_what(n, "replacement policy: %s", vm_policy_name(policy));
        note_why(n,
                 "the %u resident pages stay; the policy's order comes from when each was "
                 "loaded or last used",
                 vm->nframes - vm->nfree);
    }
    return 0;
out_nomem:
    free(rng);
    if (n) {
        note_what(n, "out of memory for the policy %s", vm_policy_name(policy));
        note_why(n, "nothing was changed");
    }
    return -1;
}
