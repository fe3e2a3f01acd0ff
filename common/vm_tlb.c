/* vm_tlb.c: the TLB in virtual-memory mode: turning it on and off, the
 * lookup every access makes (hit; or miss, walk, fault, insert), the
 * latencies and the effective access time, the words of the transcript,
 * the check that every entry agrees with the page table, and the restore.
 * The TLB itself (sets, ways, LRU, ASIDs) is tlb.c. See vm.h. */
#include <stdio.h>
#include <stdlib.h>

#include "vm_impl.h"

/* Fails the check: formats the reason into err and returns -1. */
#define FAIL(...) return (snprintf(err, errlen, __VA_ARGS__), -1)

/* Fills n (when not NULL) with a refusal and returns -1. */
static int refuse(struct note *n, const char *what, const char *why)
{
    if (n) {
        note_what(n, "%s", what);
        note_why(n, "%s; nothing was changed", why);
    }
    return -1;
}

int vm_set_tlb(struct vm *vm, uint32_t entries, uint32_t ways, int asid, struct note *n)
{
    struct tlb *t = malloc(sizeof *t);
    char err[NOTE_MAX];

    if (!t)
        return refuse(n, "out of memory for a TLB", "the system has no memory left for it");
    if (tlb_init(t, entries, ways ? ways : entries, asid, err, sizeof err) < 0) {
        free(t);
        return refuse(n, err, "a TLB has ENTRIES entries in sets of W ways (W divides ENTRIES)");
    }
    if (!vm->tlb) {
        vm->tlb_ns = VM_TLB_NS;
        vm->mem_ns = VM_MEM_NS;
    }
    vm_tlb_off(vm);
    vm->tlb = t;
    if (n) {
        note_what(n, "TLB on: %u entr%s, %u set%s of %u way%s (%s), address-space ids %s",
                  t->entries, t->entries == 1 ? "y" : "ies", t->sets, t->sets == 1 ? "" : "s",
                  t->ways, t->ways == 1 ? "" : "s",
                  t->sets == 1   ? "fully associative"
                  : t->ways == 1 ? "direct-mapped"
                                 : "LRU a set",
                  t->asid ? "on" : "off");
        note_why(n,
                 "it starts empty; each access looks its page up in set page mod %u before the "
                 "page table%s",
                 t->sets, t->asid ? "" : "; a switch of process flushes it (no address-space ids)");
    }
    return 0;
}

void vm_tlb_off(struct vm *vm)
{
    if (!vm->tlb)
        return;
    tlb_free(vm->tlb);
    free(vm->tlb);
    vm->tlb = NULL;
}

int vm_tlb_flush(struct vm *vm, struct note *n)
{
    uint32_t k;

    if (!vm->tlb)
        return refuse(n, "the TLB is off", "turn it on with tlb ENTRIES");
    k = tlb_flush(vm->tlb);
    if (n) {
        note_what(n, "TLB flushed: %u valid entr%s dropped", k, k == 1 ? "y" : "ies");
        note_why(n, "the next access of each page misses and walks the page table again");
    }
    return 0;
}

/* Returns the entries a walk reads: one a level, one for a linear table
 * (and without the page-table layer, whose table is linear). */
static unsigned walk_levels(const struct vm *vm)
{
    return vm->pt_levels > 1 ? vm->pt_levels : 1;
}

/* The entries a walk reads, in words. */
static const char *const level_words[PTS_MAX_LEVELS] = {"one", "two", "three", "four"};

int vm_set_latency(struct vm *vm, uint32_t tlb_ns, uint32_t mem_ns, struct note *n)
{
    if (!vm->tlb)
        return refuse(n, "the latencies are the TLB's, and it is off",
                      "turn it on with tlb ENTRIES first");
    if (tlb_ns > VM_MAX_NS || mem_ns < 1 || mem_ns > VM_MAX_NS) {
        if (n) {
            note_what(n, "latency tlb=%lu memory=%lu is out of range", (unsigned long)tlb_ns,
                      (unsigned long)mem_ns);
            note_why(n, "tlb is 0 to %u ns, memory 1 to %u ns; nothing was changed", VM_MAX_NS,
                     VM_MAX_NS);
        }
        return -1;
    }
    vm->tlb_ns = tlb_ns;
    vm->mem_ns = mem_ns;
    if (n) {
        note_what(n, "latencies: TLB lookup %u ns, memory access %u ns", tlb_ns, mem_ns);
        note_why(n,
                 "a TLB hit costs %u ns, a miss %u ns (the lookup, %s page-table entr%s read, "
                 "the data); stats gives the effective access time",
                 tlb_ns + mem_ns, tlb_ns + (walk_levels(vm) + 1) * mem_ns,
                 level_words[walk_levels(vm) - 1], walk_levels(vm) == 1 ? "y" : "ies");
    }
    return 0;
}

double vm_tlb_eat(const struct vm *vm)
{
    if (!vm->tlb)
        return 0.0;
    return tlb_eat(vm->tlb_ns, vm->mem_ns, walk_levels(vm), tlb_hit_rate(vm->tlb));
}

/* Returns the protection of page `page` of pid (a process of vm): rw- with
 * the address-space layer off. */
static unsigned page_prot(const struct vm *vm, int32_t pid, uint64_t page)
{
    const struct vm_process *p = vm->as_bytes ? vm_find(vm, pid) : NULL;

    return p && page < p->npages ? vm_page_prot(p, (uint32_t)page) : VM_PROT_DEFAULT;
}

void vm_tlb_play(struct vm *vm, struct vm_step *s)
{
    struct tlb *t = vm->tlb;
    struct tlb_entry old;
    uint64_t flushes = t->c.flushes;

    if (tlb_lookup(t, s->pid, s->page, NULL, NULL)) {
        s->tlb = TLB_HIT;
    } else {
        s->tlb = TLB_MISS;
        if (s->evict != VM_EVICT_NONE)
            tlb_invalidate(t, s->victim_pid, s->victim_page);
        tlb_insert(t, s->pid, s->page, s->frame, page_prot(vm, s->pid, s->page), &old, NULL);
        s->tlb_vpid = old.valid ? old.pid : 0;
        s->tlb_vpage = old.valid ? (uint32_t)old.vpn : 0;
    }
    s->tlb_switch = t->c.flushes != flushes;
    s->tlb_way = t->last_way;
}

void vm_tlb_describe(const struct vm *vm, const struct vm_step *s, char *buf, size_t len)
{
    const struct tlb *t = vm->tlb;
    uint32_t set;

    buf[0] = '\0';
    if (!t || s->tlb == TLB_NONE)
        return;
    set = tlb_set_of(t, s->page);
    if (s->tlb_switch)
        note_append(buf, len, "context switch to P%ld without ASIDs: TLB flushed; ", (long)s->pid);
    if (s->tlb == TLB_HIT) {
        note_append(buf, len, "TLB hit: set %u way %u maps P%ld page %u to frame %u", set,
                    s->tlb_way, (long)s->pid, s->page, s->frame);
        return;
    }
    note_append(buf, len,
                "TLB miss: P%ld page %u is not in set %u; the page-table walk reads %u entr%s; "
                "inserted in way %u",
                (long)s->pid, s->page, set, walk_levels(vm), walk_levels(vm) == 1 ? "y" : "ies",
                s->tlb_way);
    if (s->tlb_vpid)
        note_append(buf, len, ", evicting P%ld page %u (LRU of the set)", (long)s->tlb_vpid,
                    s->tlb_vpage);
}

/* Checks that entry e agrees with the page table: its page resident in its
 * frame, the frame naming it. Returns 0, or -1 with err. */
static int check_entry(const struct vm *vm, const struct tlb_entry *e, char *err, size_t errlen)
{
    const struct vm_process *p = vm_find(vm, e->pid);
    uint32_t where;

    if (!p || e->vpn >= p->npages)
        FAIL("TLB entry P%ld page %llu: no such page", (long)e->pid, (unsigned long long)e->vpn);
    if (vm_page_state(p, (uint32_t)e->vpn, &where) != VM_RESIDENT || where != e->pfn ||
        e->pfn >= vm->nframes || vm->frames[where].pid != e->pid ||
        vm->frames[where].page != e->vpn)
        FAIL("TLB entry P%ld page %llu -> frame %llu: the page table does not map it there",
             (long)e->pid, (unsigned long long)e->vpn, (unsigned long long)e->pfn);
    if (e->prot != page_prot(vm, e->pid, e->vpn))
        FAIL("TLB entry P%ld page %llu: protection is not its page's", (long)e->pid,
             (unsigned long long)e->vpn);
    return 0;
}

int vm_tlb_check(const struct vm *vm, char *err, size_t errlen)
{
    const struct tlb *t = vm->tlb;

    if (!t)
        return 0;
    if (tlb_check(t, err, errlen) < 0)
        return -1;
    if (vm->tlb_ns > VM_MAX_NS || vm->mem_ns < 1 || vm->mem_ns > VM_MAX_NS)
        FAIL("latencies tlb=%lu memory=%lu out of range", (unsigned long)vm->tlb_ns,
             (unsigned long)vm->mem_ns);
    for (uint32_t i = 0; i < t->entries; i++)
        if (t->e[i].valid && check_entry(vm, &t->e[i], err, errlen) < 0)
            return -1;
    return 0;
}

int vm_restore_tlb_entry(struct vm *vm, uint32_t set, uint32_t way, int64_t pid, uint64_t vpn,
                         uint64_t pfn, uint64_t used, char *err, size_t errlen)
{
    struct tlb *t = vm->tlb;
    struct tlb_entry e = {1, 0, (int32_t)pid, vpn, pfn, used};

    if (!t)
        FAIL("the TLB is off");
    if (set >= t->sets || way >= t->ways || t->e[(size_t)set * t->ways + way].valid)
        FAIL("TLB set %u way %u is outside the TLB or taken", set, way);
    if (pid < 1 || pid > INT32_MAX || tlb_set_of(t, vpn) != set)
        FAIL("P%lld page %llu does not belong in set %u", (long long)pid, (unsigned long long)vpn,
             set);
    for (uint32_t i = 0; i < t->entries; i++)
        if (t->e[i].valid && t->e[i].pid == pid && t->e[i].vpn == vpn)
            FAIL("P%lld page %llu is in the TLB twice", (long long)pid, (unsigned long long)vpn);
    e.prot = (uint8_t)page_prot(vm, e.pid, vpn);
    if (check_entry(vm, &e, err, errlen) < 0)
        return -1;
    t->e[(size_t)set * t->ways + way] = e;
    return 0;
}
