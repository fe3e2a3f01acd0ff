/* vm_access.c: one access, the way the textbook tells it: split the
 * address, look up the page table; on a hit set the bits; on a fault take
 * the lowest free frame or evict the policy's victim (writing it back when
 * dirty), load the page from swap or zero-fill it, and set the bits (with
 * the page-table layer on, vm_ptable.c places table pages first and fills
 * the walk). A NULL note skips every bit of text: a trace plays millions
 * of these. See vm.h. */
#include <stdio.h>
#include <stdlib.h>

#include "paging.h"
#include "vm_impl.h"

/* Fills *s for a refusal, says why in n, and returns -1. */
static int refuse(struct vm_step *s, enum vm_refusal why, struct note *n, const char *what,
                  const char *reason)
{
    if (s)
        s->refused = (uint8_t)why;
    if (n) {
        note_what(n, "%s", what);
        note_why(n, "%s; nothing was changed", reason);
    }
    return -1;
}

int vm_access(struct vm *vm, int64_t pid, uint64_t addr, int kind, struct vm_step *out,
              struct note *n)
{
    if (vm->run.active)
        return refuse(out, VM_REFUSE_RUN, n, "refused: a reference string is being played",
                      "one access at a time waits until it ends");
    if (vm->policy == VM_OPT)
        return refuse(out, VM_REFUSE_OPT, n, "refused: OPT needs to know the future",
                      "a lone access has none: play it in refs or trace, which know what "
                      "comes next");
    return vm_play(vm, pid, addr, kind, out, n);
}

/* Returns what access s did, in a word. */
static const char *kind_word(const struct vm_step *s)
{
    return s->exec ? "execute" : s->write ? "write" : "read";
}

/* Refuses an access to a page the process does not have: a segmentation
 * fault. Returns -1. */
static int refuse_segv(const struct vm *vm, const struct vm_process *p, uint64_t addr,
                       struct vm_step *s, struct note *n)
{
    if (s)
        s->refused = VM_REFUSE_SEGV;
    if (n) {
        note_what(n, "segmentation fault: P%ld has no page %llu (address 0x%llx)", (long)p->pid,
                  (unsigned long long)(addr >> vm->page_shift), (unsigned long long)addr);
        note_why(n, "its virtual pages are 0-%lu (%llu B); nothing was changed",
                 (unsigned long)p->npages - 1, (unsigned long long)p->bytes);
    }
    return -1;
}

/* Takes the lowest free frame. */
VM_HOT uint32_t take_frame(struct vm *vm)
{
    while (vm->frames[vm->free_lo].pid != 0)
        vm->free_lo++;
    vm->nfree--;
    return vm->free_lo++;
}

/* Takes the lowest free swap slot for page `page` of pid. */
static uint32_t take_slot(struct vm *vm, int32_t pid, uint32_t page)
{
    while (vm->slots[vm->slot_lo].pid != 0)
        vm->slot_lo++;
    vm->slots[vm->slot_lo].pid = pid;
    vm->slots[vm->slot_lo].page = page;
    vm->slots_used++;
    return vm->slot_lo++;
}

/* Evicts the page in frame f (the policy's victim): written back when
 * dirty, kept in its slot when it has one, untouched again otherwise. */
VM_HOT void evict(struct vm *vm, uint32_t f, struct vm_step *s)
{
    struct vm_frame *fr = &vm->frames[f];
    struct vm_process *v = &vm->procs[vm_proc_index(vm, fr->pid)];
    uint32_t *e = vm_pte_at(v, fr->page);

    s->victim_pid = fr->pid;
    s->victim_page = fr->page;
    if (fr->dirty) {
        if (fr->slot == VM_NONE)
            fr->slot = take_slot(vm, fr->pid, fr->page);
        s->evict = VM_EVICT_WRITEBACK;
        v->counts.writebacks++;
        vm->total.writebacks++;
    } else {
        s->evict = fr->slot == VM_NONE ? VM_EVICT_ZERO : VM_EVICT_DROP;
    }
    s->victim_slot = fr->slot;
    *e = fr->slot == VM_NONE ? 0 : PTE_SLOT | fr->slot;
    v->swapped += fr->slot != VM_NONE;
    v->resident--;
    v->counts.evictions++;
    vm->total.evictions++;
    vm->victim_frame = f;
    vm->victim_pid = fr->pid;
    vm->victim_page = fr->page;
    vmp_remove(vm, f);
}

/* Loads page `page` of p (entry *e, not resident) into frame f, empty now. */
VM_HOT void load(struct vm *vm, struct vm_process *p, uint32_t page, uint32_t *e, uint32_t f,
                 struct vm_step *s)
{
    struct vm_frame *fr = &vm->frames[f];

    fr->pid = p->pid;
    fr->page = page;
    fr->dirty = 0;
    fr->ref = 1;
    fr->loaded = vm->t;
    if (*e & PTE_SLOT) {
        fr->slot = *e & PTE_NUMBER;
        s->load = VM_LOAD_SWAP;
        s->slot = fr->slot;
        p->swapped--;
        p->counts.swapins++;
        vm->total.swapins++;
    } else {
        fr->slot = VM_NONE;
        s->load = VM_LOAD_ZERO;
        p->counts.zerofills++;
        vm->total.zerofills++;
    }
    *e = PTE_FRAME | f;
    p->resident++;
    p->counts.faults++;
    vm->total.faults++;
    s->frame = f;
    vmp_load(vm, f);
}

/* Says in n what the fault in *s did. */
static void explain_fault(const struct vm *vm, const struct vm_step *s, struct note *n)
{
    static const char *const how[] = {"", "zero-filled", "read from swap slot"};
    char slot[24] = "";

    if (s->load == VM_LOAD_SWAP)
        snprintf(slot, sizeof slot, " %u", s->slot);
    note_what(n, "P%ld page %u (0x%llx, %s): page fault, %s%s into frame %u", (long)s->pid, s->page,
              (unsigned long long)s->addr, kind_word(s), how[s->load], slot, s->frame);
    if (s->evict == VM_EVICT_NONE) {
        note_why(n, "frame %u was the lowest free frame (%u free before)", s->frame, vm->nfree + 1);
        return;
    }
    note_append(n->what, sizeof n->what, ", replacing P%ld page %u", (long)s->victim_pid,
                s->victim_page);
    if (s->evict == VM_EVICT_WRITEBACK)
        note_append(n->what, sizeof n->what, " (dirty: written back to swap slot %u)",
                    s->victim_slot);
    else if (s->evict == VM_EVICT_DROP)
        note_append(n->what, sizeof n->what, " (clean: its copy in swap slot %u stays)",
                    s->victim_slot);
    else
        note_append(n->what, sizeof n->what, " (clean, never written: untouched again)");
}

/* A fault on page `page` of p. Returns 0, or -1 (swap full) with nothing
 * changed. */
VM_HOT int fault(struct vm *vm, struct vm_process *p, uint32_t page, uint32_t *e, struct vm_step *s,
                 struct note *n)
{
    struct vm_choice c = {0};
    uint32_t f;

    if (vm->nfree) {
        vm->t++;
        f = take_frame(vm);
    } else {
        c.undoable = vm->slots_used == vm->nslots;
        vmp_choose(vm, &c);
        f = c.frame;
        if (c.undoable && vm->frames[f].dirty && vm->frames[f].slot == VM_NONE) {
            const struct vm_frame *v = &vm->frames[f];
            vmp_undo(vm, &c);
            s->refused = VM_REFUSE_SWAP_FULL;
            if (n) {
                note_what(n, "refused: P%ld page %u needs a frame, and swap is full", (long)p->pid,
                          page);
                note_why(n,
                         "%s would evict P%ld page %u from frame %u, which is dirty and "
                         "has no swap slot; %u of %u swap slot%s used; nothing was changed",
                         vm_policy_name(vm->policy), (long)v->pid, v->page, f, vm->nslots,
                         vm->nslots, vm->nslots == 1 ? " is" : "s are");
            }
            return -1;
        }
        if (n)
            vmp_explain(vm, &c, n);
        vm->t++;
        evict(vm, f, s);
    }
    load(vm, p, page, e, f, s);
    return 0;
}

uint32_t vm_take_frame(struct vm *vm)
{
    return take_frame(vm);
}

void vm_evict(struct vm *vm, uint32_t f, struct vm_step *s)
{
    evict(vm, f, s);
}

int vm_fault(struct vm *vm, struct vm_process *p, uint32_t page, uint32_t *e, struct vm_step *s,
             struct note *n)
{
    return fault(vm, p, page, e, s, n);
}

/* Records a hit on frame f. */
VM_HOT void hit(struct vm *vm, struct vm_process *p, uint32_t f, struct vm_step *s)
{
    struct vm_frame *fr = &vm->frames[f];

    vm->t++;
    if (vm->policy == VM_OSTEP_CLOCK) {
        unsigned c = fr->ref + 1u;
        fr->ref = (uint8_t)(c > vm->bits ? vm->bits : c);
    } else {
        fr->ref = 1;
    }
    s->hit = 1;
    s->frame = f;
    p->counts.hits++;
    vm->total.hits++;
    vmp_hit(vm, f);
}

/* Finds pid's process for an access of kind and its page's entry, making the
 * entry's chunk when it has none. Returns 0, or -1 refused (in s and n): no
 * such process, outside the address space, a protection fault (the layer
 * on: vm_prot.c), a segmentation fault. */
VM_HOT int look_up(struct vm *vm, int64_t pid, uint64_t addr, int kind, struct vm_process **pp,
                   uint32_t **ep, struct vm_step *s, struct note *n)
{
    size_t at = pid >= 1 && pid <= PG_MAX_PID ? vm_proc_index(vm, pid) : vm->nprocs;
    struct vm_process *p;
    uint64_t page = addr >> vm->page_shift;

    if (at == vm->nprocs)
        return refuse(s, VM_REFUSE_PID, n, "refused: no such process",
                      "an access needs a process: alloc PID BYTES makes one");
    p = &vm->procs[at];
    vm->last_proc = at;
    if (vm->as_bytes && vm_prot_refuse(vm, p, addr, kind, s, n) < 0)
        return -1;
    if (page >= p->npages)
        return refuse_segv(vm, p, addr, s, n);
    *pp = p;
    *ep = vm_pte_at(p, (uint32_t)page);
    if (*ep)
        return 0;
    p->dir[page >> VM_CHUNK_BITS] = calloc(VM_CHUNK, sizeof **ep);
    if (!p->dir[page >> VM_CHUNK_BITS])
        return refuse(s, VM_REFUSE_NOMEM, n, "refused: out of memory for the page table",
                      "the system has no memory left for it");
    *ep = vm_pte_at(p, (uint32_t)page);
    return 0;
}

/* vm_play, with the page-table layer off (tables 0: the path of old, which
 * the layer does not slow down) or on (tables 1: its table pages before a
 * fault, its walk after the TLB). */
VM_HOT int play(struct vm *vm, int64_t pid, uint64_t addr, int kind, struct vm_step *out,
                struct note *n, const int tables)
{
    struct vm_step s = {0};
    struct vm_process *p;
    uint32_t *e;

    s.slot = s.victim_slot = VM_NONE;
    s.write = kind == VM_WRITE;
    s.exec = kind == VM_EXEC && vm->as_bytes;
    if (look_up(vm, pid, addr, kind, &p, &e, &s, n) < 0 ||
        (!(*e & PTE_FRAME) &&
         (tables ? vm_ptable_fault(vm, p, (uint32_t)(addr >> vm->page_shift), e, &s, n)
                 : fault(vm, p, (uint32_t)(addr >> vm->page_shift), e, &s, n)) < 0)) {
        if (out)
            out->refused = s.refused;
        return -1;
    }
    if (s.load == VM_LOAD_NONE)
        hit(vm, p, *e & PTE_NUMBER, &s);
    s.t = vm->t;
    s.pid = p->pid;
    s.page = (uint32_t)(addr >> vm->page_shift);
    s.addr = addr;
    if (vm->tlb)
        vm_tlb_play(vm, &s);
    if (tables)
        vm_ptable_walk(vm, p, &s);
    vm->frames[s.frame].used = vm->t;
    vm->frames[s.frame].dirty |= s.write;
    p->counts.accesses++;
    vm->total.accesses++;
    vm->recent[(vm->t - 1) % VM_RECENT] = s;
    if (out)
        *out = s;
    if (n && s.hit) {
        note_what(n, "P%ld page %u (0x%llx, %s): hit in frame %u", (long)s.pid, s.page,
                  (unsigned long long)addr, kind_word(&s), s.frame);
        note_why(n, "P%ld's page table maps page %u to frame %u: resident, no fault%s", (long)s.pid,
                 s.page, s.frame, s.write ? "; the write sets its dirty bit" : "");
    } else if (n) {
        explain_fault(vm, &s, n);
        for (unsigned i = 0; i < s.ntables; i++) /* Only with the page-table layer on. */
            note_append(n->why, sizeof n->why, "%s level %u in frame %u",
                        i ? "," : "; page-table pages:", vm->walk.tvictim[i].level,
                        vm->walk.tvictim[i].frame);
    }
    return 0;
}

/* play with the page-table layer on, out of the way of the path without. */
VM_COLD int play_tables(struct vm *vm, int64_t pid, uint64_t addr, int kind, struct vm_step *out,
                        struct note *n)
{
    return play(vm, pid, addr, kind, out, n, 1);
}

int vm_play(struct vm *vm, int64_t pid, uint64_t addr, int kind, struct vm_step *out,
            struct note *n)
{
    if (vm->pt_levels)
        return play_tables(vm, pid, addr, kind, out, n);
    return play(vm, pid, addr, kind, out, n, 0);
}
