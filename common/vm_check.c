/* vm_check.c: what must hold of a virtual memory, checked (vm_check, which
 * the tests ask after every step and the status reader after a restore),
 * and the restore itself: a saved memory rebuilt frame by frame and slot by
 * slot, then checked. See vm.h. */
#include <stdio.h>
#include <stdlib.h>

#include "pyrand.h"
#include "vm_impl.h"

/* Fails the check: formats the reason into err and returns -1. */
#define FAIL(...) return (snprintf(err, errlen, __VA_ARGS__), -1)

/* Checks the counters' sums. Returns 0 or -1 with who (P3, "in all") in err. */
static int check_counts(const struct vm_counts *c, const char *who, long pid, char *err,
                        size_t errlen)
{
    if (c->accesses != c->hits + c->faults)
        FAIL("%s%ld: %llu accesses are not %llu hits + %llu faults", who, pid,
             (unsigned long long)c->accesses, (unsigned long long)c->hits,
             (unsigned long long)c->faults);
    if (c->faults != c->zerofills + c->swapins)
        FAIL("%s%ld: %llu faults are not %llu zero-fills + %llu swap-ins", who, pid,
             (unsigned long long)c->faults, (unsigned long long)c->zerofills,
             (unsigned long long)c->swapins);
    if (c->writebacks > c->evictions)
        FAIL("%s%ld: %llu write-backs exceed %llu evictions", who, pid,
             (unsigned long long)c->writebacks, (unsigned long long)c->evictions);
    return 0;
}

/* Returns the process pid, or NULL. */
static const struct vm_process *owner(const struct vm *vm, int32_t pid)
{
    return vm_find(vm, pid);
}

/* Returns the page-table entry of page `page` of p, 0 when untouched. */
static uint32_t entry(const struct vm_process *p, uint32_t page)
{
    const uint32_t *e = vm_pte_at(p, page);

    return e ? *e : 0;
}

/* Checks each frame against its page's entry and its slot. */
static int check_frames(const struct vm *vm, char *err, size_t errlen)
{
    uint32_t nfree = 0, cap = vm->policy == VM_OSTEP_CLOCK && vm->bits > 1 ? vm->bits : 1;

    for (uint32_t f = 0; f < vm->nframes; f++) {
        const struct vm_frame *fr = &vm->frames[f];
        const struct vm_process *p = fr->pid ? owner(vm, fr->pid) : NULL;
        if (fr->pid == 0) {
            if (f < vm->free_lo)
                FAIL("frame %u is free, below the lowest free frame %u", f, vm->free_lo);
            nfree++;
            continue;
        }
        if (fr->table)
            continue; /* vm_ptable_check's. */
        if (!p || fr->page >= p->npages || entry(p, fr->page) != (PTE_FRAME | f))
            FAIL("frame %u holds P%ld page %u, whose page table does not map it there", f,
                 (long)fr->pid, fr->page);
        if (fr->slot != VM_NONE && (fr->slot >= vm->nslots || vm->slots[fr->slot].pid != fr->pid ||
                                    vm->slots[fr->slot].page != fr->page))
            FAIL("frame %u names swap slot %u, which does not hold its page", f, fr->slot);
        if (fr->ref > cap || fr->dirty > 1 || fr->loaded > fr->used || fr->used > vm->t)
            FAIL("frame %u: bits R=%u D=%u or times loaded %llu, used %llu (now %llu) wrong", f,
                 fr->ref, fr->dirty, (unsigned long long)fr->loaded, (unsigned long long)fr->used,
                 (unsigned long long)vm->t);
    }
    if (nfree != vm->nfree)
        FAIL("%u frames are free, not %u", nfree, vm->nfree);
    return 0;
}

/* Checks each swap slot against its page's entry. */
static int check_slots(const struct vm *vm, char *err, size_t errlen)
{
    uint32_t used = 0;

    for (uint32_t s = 0; s < vm->nslots; s++) {
        const struct vm_slot *sl = &vm->slots[s];
        const struct vm_process *p = sl->pid ? owner(vm, sl->pid) : NULL;
        uint32_t e;
        if (sl->pid == 0) {
            if (s < vm->slot_lo)
                FAIL("swap slot %u is free, below the lowest free slot %u", s, vm->slot_lo);
            continue;
        }
        used++;
        e = p && sl->page < p->npages ? entry(p, sl->page) : 0;
        if (e != (PTE_SLOT | s) && !((e & PTE_FRAME) && vm->frames[e & PTE_NUMBER].slot == s))
            FAIL("swap slot %u holds P%ld page %u, which does not name it", s, (long)sl->pid,
                 sl->page);
    }
    if (used != vm->slots_used)
        FAIL("%u swap slots are used, not %u", used, vm->slots_used);
    return 0;
}

/* Checks process i: its pid, sizes, touched pages and counters; adds its
 * counts to *sum. */
static int check_process(const struct vm *vm, size_t i, struct vm_counts *sum, char *err,
                         size_t errlen)
{
    const struct vm_process *p = &vm->procs[i];
    uint64_t pages = (p->bytes >> vm->page_shift) + ((p->bytes & (vm->page_size - 1)) != 0);
    uint32_t resident = 0, swapped = 0;

    if (p->pid < 1 || (i > 0 && p->pid <= vm->procs[i - 1].pid))
        FAIL("process ids not positive, sorted and unique at P%ld", (long)p->pid);
    if (p->bytes < 1 || pages != p->npages ||
        p->ndir != ((uint64_t)p->npages + VM_CHUNK - 1) >> VM_CHUNK_BITS)
        FAIL("P%ld: %llu B are not %u pages of %llu B", (long)p->pid, (unsigned long long)p->bytes,
             p->npages, (unsigned long long)vm->page_size);
    for (uint32_t pg = vm_next_touched(p, 0); pg < p->npages; pg = vm_next_touched(p, pg + 1)) {
        uint32_t e = entry(p, pg), x = e & PTE_NUMBER;
        if ((e & PTE_FRAME) && x < vm->nframes && vm->frames[x].pid == p->pid &&
            vm->frames[x].page == pg && !vm->frames[x].table)
            resident++;
        else if (e == (PTE_SLOT | x) && x < vm->nslots && vm->slots[x].pid == p->pid &&
                 vm->slots[x].page == pg)
            swapped++;
        else
            FAIL("P%ld page %u: entry 0x%x names a frame or slot that does not hold it",
                 (long)p->pid, pg, e);
    }
    if (resident != p->resident || swapped != p->swapped)
        FAIL("P%ld has %u resident and %u swapped pages, not %u and %u", (long)p->pid, resident,
             swapped, p->resident, p->swapped);
    sum->accesses += p->counts.accesses;
    sum->hits += p->counts.hits;
    sum->evictions += p->counts.evictions;
    sum->writebacks += p->counts.writebacks;
    return check_counts(&p->counts, "P", p->pid, err, errlen);
}

/* Checks that the queue (all but random and ostep-clock) is in time order
 * and that its live entries are exactly the resident frames. */
static int check_queue(const struct vm *vm, char *err, size_t errlen)
{
    const struct vm_order *o = &vm->order;
    uint32_t k = 0, resident = vm->nframes - vm->nfree - vm->table_frames;

    if (o->ulo > o->uhi || o->uhi > o->ucap)
        FAIL("the policy's queue spans %u to %u of %u", o->ulo, o->uhi, o->ucap);
    for (uint32_t i = o->ulo; i < o->uhi; i++) {
        if (o->use[i].f >= vm->nframes)
            FAIL("the policy's queue names frame %u at %u", o->use[i].f, i);
        if (i > o->ulo && o->use[i].t <= o->use[i - 1].t)
            FAIL("the policy's queue is out of time order at frame %u", o->use[i].f);
        k += (uint32_t)vmp_use_live(vm, &o->use[i]);
    }
    if (k != resident)
        FAIL("the policy's queue holds %u frames, not the %u resident", k, resident);
    return 0;
}

/* random, ostep-clock: checks that the load order's positions hold exactly
 * the resident frames, in load order, and that the counts find each. */
static int check_seq(const struct vm *vm, char *err, size_t errlen)
{
    const struct vm_order *o = &vm->order;
    uint32_t k = 0, resident = vm->nframes - vm->nfree - vm->table_frames;
    uint64_t last = 0;

    if (o->nseq > o->capseq)
        FAIL("the load order uses %u of %u positions", o->nseq, o->capseq);
    for (uint32_t i = 0; i < o->nseq; i++) {
        uint32_t f = o->seq_frame[i];
        if (f == VM_NONE)
            continue;
        if (f >= vm->nframes || vm->frames[f].pid == 0 || vm->frames[f].table ||
            o->frame_seq[f] != i || k >= resident)
            FAIL("the load order's positions are broken at frame %u", f);
        if (k > 0 && vm->frames[f].loaded <= last)
            FAIL("the load order is out of load order at frame %u", f);
        if (vmp_kth(o, k) != i)
            FAIL("the load order's counts do not find frame %u at place %u", f, k);
        last = vm->frames[f].loaded;
        k++;
    }
    if (k != resident || vmp_kth(o, resident) != o->capseq)
        FAIL("the load order holds %u frames, not %u", k, resident);
    return 0;
}

/* Checks the policy's order (queue or positions) and opt's heap. */
static int check_structures(const struct vm *vm, char *err, size_t errlen)
{
    const struct vm_order *o = &vm->order;
    uint32_t resident = vm->nframes - vm->nfree - vm->table_frames;

    if (vm->policy == VM_OPT) {
        if (o->nheap != resident)
            FAIL("opt's heap holds %u frames, not %u", o->nheap, resident);
        for (uint32_t i = 0; i < o->nheap; i++) {
            const struct vm_heap *e = &o->heap[i], *up = &o->heap[i ? (i - 1) / VM_HEAP_ARITY : 0];
            uint32_t f = e->f;
            if (f >= vm->nframes || !vm->frames[f].pid || vm->frames[f].table ||
                o->heap_at[f] != i || e->loaded != vm->frames[f].loaded || up->key < e->key ||
                (up->key == e->key && up->loaded < e->loaded))
                FAIL("opt's heap is broken at %u (frame %u)", i, f);
        }
    }
    if (vm->policy == VM_RANDOM || vm->policy == VM_OSTEP_CLOCK)
        return check_seq(vm, err, errlen);
    return check_queue(vm, err, errlen);
}

int vm_check_victim(const struct vm *vm, char *err, size_t errlen)
{
    uint64_t nrec = vm->t < VM_RECENT ? vm->t : VM_RECENT;

    for (uint64_t i = 0; i < nrec; i++) {
        const struct vm_step *s = &vm->recent[(vm->t - 1 - i) % VM_RECENT];
        if (s->evict == VM_EVICT_NONE)
            continue;
        if (vm->victim_frame != s->frame || vm->victim_pid != s->victim_pid ||
            vm->victim_page != s->victim_page)
            FAIL("the last victim is not %u:%ld:%u, the frame, process and page of the eviction "
                 "at t=%llu, the latest",
                 s->frame, (long)s->victim_pid, s->victim_page, (unsigned long long)s->t);
        return 0;
    }
    if (vm->t <= VM_RECENT && vm->victim_frame != VM_NONE)
        FAIL("a last victim in frame %u, but none of the %llu accesses evicted a page",
             vm->victim_frame, (unsigned long long)vm->t);
    return 0;
}

int vm_check(const struct vm *vm, char *err, size_t errlen)
{
    struct vm_counts sum = {0};

    if (vm->nframes < 1 || vm->hand >= vm->nframes || vm->nfree > vm->nframes ||
        vm->slots_used > vm->nslots)
        FAIL("hand %u, %u free frames or %u used slots out of range", vm->hand, vm->nfree,
             vm->slots_used);
    if (vm->t != vm->total.accesses)
        FAIL("the time %llu is not the %llu accesses", (unsigned long long)vm->t,
             (unsigned long long)vm->total.accesses);
    if (vm->epoch > vm->t)
        FAIL("the epoch %llu is after the time %llu", (unsigned long long)vm->epoch,
             (unsigned long long)vm->t);
    if (vm->victim_frame != VM_NONE && vm->victim_frame >= vm->nframes)
        FAIL("the last victim's frame %u is outside memory", vm->victim_frame);
    if (check_frames(vm, err, errlen) < 0 || check_slots(vm, err, errlen) < 0)
        return -1;
    if (vm_prot_check(vm, err, errlen) < 0 || vm_tlb_check(vm, err, errlen) < 0 ||
        vm_ptable_check(vm, err, errlen) < 0)
        return -1; /* The TLB's entries against the frames just checked and the protection. */
    for (size_t i = 0; i < vm->nprocs; i++)
        if (check_process(vm, i, &sum, err, errlen) < 0)
            return -1;
    if (check_counts(&vm->total, "in all", 0, err, errlen) < 0)
        return -1;
    if (sum.accesses > vm->total.accesses || sum.hits > vm->total.hits ||
        sum.evictions > vm->total.evictions || sum.writebacks > vm->total.writebacks)
        FAIL("the processes' counts add up to more than the totals");
    return check_structures(vm, err, errlen);
}

/* Finds page `page` of pid for a restore, untouched so far, with its chunk
 * made. Returns its entry, or NULL with the reason in err. */
static uint32_t *restore_entry(struct vm *vm, int64_t pid, uint32_t page, char *err, size_t errlen)
{
    size_t at = vm_proc_index(vm, pid);
    struct vm_process *p = &vm->procs[at];
    uint32_t **c;

    if (at == vm->nprocs || page >= p->npages)
        return snprintf(err, errlen, "P%lld has no page %u", (long long)pid, page), NULL;
    c = &p->dir[page >> VM_CHUNK_BITS];
    if (!*c && !(*c = calloc(VM_CHUNK, sizeof **c)))
        return snprintf(err, errlen, "out of memory for P%lld's page table", (long long)pid), NULL;
    if ((*c)[page & VM_CHUNK_MASK])
        return snprintf(err, errlen, "P%lld page %u placed twice", (long long)pid, page), NULL;
    return &(*c)[page & VM_CHUNK_MASK];
}

/* Gives free slot s (or VM_NONE) to page `page` of pid. Returns 0 or -1. */
static int restore_slot(struct vm *vm, int64_t pid, uint32_t page, uint32_t s, char *err,
                        size_t errlen)
{
    if (s == VM_NONE)
        return 0;
    if (s >= vm->nslots || vm->slots[s].pid)
        FAIL("swap slot %u is outside swap or taken", s);
    vm->slots[s].pid = (int32_t)pid;
    vm->slots[s].page = page;
    vm->slots_used++;
    return 0;
}

int vm_restore_frame(struct vm *vm, uint32_t frame, int64_t pid, uint32_t page, uint32_t slot,
                     unsigned ref, int dirty, uint64_t loaded, uint64_t used, char *err,
                     size_t errlen)
{
    uint32_t *e;
    struct vm_frame *fr;

    if (frame >= vm->nframes || vm->frames[frame].pid)
        FAIL("frame %u is outside memory or taken", frame);
    fr = &vm->frames[frame];
    if (ref > VM_MAX_BITS || (unsigned)dirty > 1 || loaded > used)
        FAIL("frame %u: bits R=%u D=%d or times %llu > %llu wrong", frame, ref, dirty,
             (unsigned long long)loaded, (unsigned long long)used);
    if (slot != VM_NONE && (slot >= vm->nslots || vm->slots[slot].pid))
        FAIL("swap slot %u is outside swap or taken", slot);
    if (!(e = restore_entry(vm, pid, page, err, errlen)))
        return -1;
    restore_slot(vm, pid, page, slot, err, errlen);
    *e = PTE_FRAME | frame;
    fr->pid = (int32_t)pid;
    fr->page = page;
    fr->slot = slot;
    fr->ref = (uint8_t)ref;
    fr->dirty = (uint8_t)dirty;
    fr->loaded = loaded;
    fr->used = used;
    vm->nfree--;
    vm->procs[vm_proc_index(vm, pid)].resident++;
    return 0;
}

int vm_restore_swapped(struct vm *vm, int64_t pid, uint32_t page, uint32_t slot, char *err,
                       size_t errlen)
{
    uint32_t *e;

    if (slot >= vm->nslots || vm->slots[slot].pid)
        FAIL("swap slot %u is outside swap or taken", slot);
    if (!(e = restore_entry(vm, pid, page, err, errlen)))
        return -1;
    restore_slot(vm, pid, page, slot, err, errlen);
    *e = PTE_SLOT | slot;
    vm->procs[vm_proc_index(vm, pid)].swapped++;
    return 0;
}

static int by_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return (x > y) - (x < y);
}

/* Checks that no two resident frames were loaded, or last used, at the same
 * time: an access takes one tick, so the model never makes a tie, and every
 * policy's order (a later `replace` included) needs none. Sorts a copy:
 * O(n log n), for a restore only. Returns 0, or -1 with err. */
static int check_distinct_times(const struct vm *vm, char *err, size_t errlen)
{
    uint32_t n = vm->nframes - vm->nfree, k;
    uint64_t *t = malloc((n ? n : 1) * sizeof *t);

    for (int pass = 0; t && pass < 2; pass++) {
        k = 0;
        for (uint32_t f = 0; f < vm->nframes; f++)
            if (vm->frames[f].pid && !vm->frames[f].table) /* Table frames share times. */
                t[k++] = pass ? vm->frames[f].used : vm->frames[f].loaded;
        qsort(t, k, sizeof *t, by_u64);
        for (uint32_t i = 1; i < k; i++)
            if (t[i] == t[i - 1]) {
                snprintf(err, errlen, "two frames were %s at t=%llu: an access takes one tick",
                         pass ? "last used" : "loaded", (unsigned long long)t[i]);
                free(t);
                return -1;
            }
    }
    if (!t)
        FAIL("out of memory for the frames' times");
    free(t);
    return 0;
}

int vm_restore_done(struct vm *vm, uint64_t draws, char *err, size_t errlen)
{
    vm->restoring = 0;
    if (draws && !vm->rng)
        FAIL("%llu random draws, but %s draws none", (unsigned long long)draws,
             vm_policy_name(vm->policy));
    if (vm->rng) {
        pyrand_seed(vm->rng, vm->seed);
        for (vm->draws = 0; vm->draws < draws; vm->draws++)
            pyrand_random(vm->rng);
    }
    vm->free_lo = 0;
    while (vm->free_lo < vm->nframes && vm->frames[vm->free_lo].pid)
        vm->free_lo++;
    vm->slot_lo = 0;
    while (vm->slot_lo < vm->nslots && vm->slots[vm->slot_lo].pid)
        vm->slot_lo++;
    if (check_distinct_times(vm, err, errlen) < 0)
        return -1;
    if (vmp_rebuild(vm) < 0)
        FAIL("out of memory for the policy's order");
    return vm_check(vm, err, errlen);
}
