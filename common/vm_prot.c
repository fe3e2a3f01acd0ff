/* vm_prot.c: the address-space layer of virtual-memory mode: the size of
 * each process's virtual address space, the protection (r, w, x) of its
 * pages kept as runs, the refusals of an access outside the space or
 * against a page's protection (a protection fault), the check and the
 * restore. See vm.h; the words are docs/translation.md's "Address spaces
 * and protection". */
#include <stdio.h>
#include <stdlib.h>

#include "paging.h"
#include "ptshape.h"
#include "vm_impl.h"

/* Fails the check: formats the reason into err and returns -1. */
#define FAIL(...) return (snprintf(err, errlen, __VA_ARGS__), -1)

int vm_prot_parse(const char *s, unsigned *prot)
{
    static const char letters[] = "rwx";
    unsigned p = 0;

    if (!s || !*s)
        return -1;
    for (; *s; s++) {
        unsigned bit = 0;
        for (unsigned i = 0; i < 3; i++)
            if (*s == letters[i])
                bit = 1u << i;
        if (!bit || (p & bit))
            return -1;
        p |= bit;
    }
    *prot = p;
    return 0;
}

/* Returns 1 when b is a valid address-space size for pages of page_size. */
static int as_valid(uint64_t b, uint64_t page_size)
{
    return b && (b & (b - 1)) == 0 && b / page_size >= VM_AS_MIN_PAGES &&
           b <= (uint64_t)1 << PTS_MAX_AS_BITS;
}

int vm_set_address_space(struct vm *vm, uint64_t as_bytes, struct note *n)
{
    if (vm->nprocs || vm->run.active) {
        if (n) {
            note_what(n, "the address space can change only while there are no processes");
            note_why(n,
                     "%zu process%s pages laid out in the old one; reset or free them "
                     "first; nothing was changed",
                     vm->nprocs, vm->nprocs == 1 ? " holds" : "es hold");
        }
        return -1;
    }
    if (as_bytes && !as_valid(as_bytes, vm->page_size)) {
        if (n) {
            note_what(n, "an address space of %llu B is not valid", (unsigned long long)as_bytes);
            note_why(n,
                     "it is a power of two from %u pages (%llu B) to 2^%d B; nothing was changed",
                     VM_AS_MIN_PAGES, (unsigned long long)(VM_AS_MIN_PAGES * vm->page_size),
                     PTS_MAX_AS_BITS);
        }
        return -1;
    }
    if (vm->pt_levels && vm_ptable_respace(vm, as_bytes, n) < 0)
        return -1;
    vm->as_bytes = as_bytes;
    for (uint32_t i = 0; !as_bytes && i < VM_RECENT; i++)
        vm->recent[i].exec = 0; /* Without the layer a fetch was a read. */
    if (n && as_bytes) {
        note_what(n, "address spaces of %llu B: virtual pages 0-%llu of %llu B, with protection",
                  (unsigned long long)as_bytes, (unsigned long long)(as_bytes / vm->page_size - 1),
                  (unsigned long long)vm->page_size);
        note_why(n, "alloc PID BYTES [rwx] sets its pages' protection (default rw); an access "
                    "its page forbids is a protection fault");
    } else if (n) {
        note_what(n, "address-space layer off");
        note_why(n, "no protection; a process may have up to %u pages again", VM_MAX_PAGES);
    }
    return 0;
}

/* Makes room for one more run in p. Returns 0 or -1 (out of memory). */
static int reserve_run(struct vm_process *p)
{
    struct vm_prot_run *r;
    uint32_t cap;

    if (p->nprot < p->capprot)
        return 0;
    cap = p->capprot ? p->capprot * 2 : 4;
    if (!(r = realloc(p->prot, cap * sizeof *r)))
        return -1;
    p->prot = r;
    p->capprot = cap;
    return 0;
}

/* Appends pages from .. to-1 of p with prot, merged into the last run when
 * it has the same protection. Room was reserved. */
static void append_run(struct vm_process *p, uint32_t from, uint32_t to, unsigned prot)
{
    struct vm_prot_run *last = p->nprot ? &p->prot[p->nprot - 1] : NULL;

    if (to <= from)
        return;
    if (last && last->prot == prot) {
        last->npages += to - from;
        return;
    }
    p->prot[p->nprot++] = (struct vm_prot_run){from, to - from, (uint8_t)prot};
}

/* Finishes a refused allocation's note (its what already written) with why.
 * Returns -1. */
static int refused(struct note *n, const char *why)
{
    if (n)
        note_why(n, "%s; nothing was changed", why);
    return -1;
}

/* Checks an allocation of bytes more (had already) with prot by pid with the
 * layer on. Returns 0, or -1 with its what and why in n. */
static int check_alloc(const struct vm *vm, int64_t pid, uint64_t had, uint64_t bytes,
                       unsigned prot, struct note *n)
{
    if (prot == 0 || (prot & ~(unsigned)TLB_RWX)) {
        if (n)
            note_what(n, "protection %u is not made of r, w and x", prot);
        return refused(n, "give r, w and x in any combination, rw by default");
    }
    if (bytes <= PG_MAX_BYTES && had + bytes > vm->as_bytes) {
        if (n)
            note_what(n, "P%lld would have %llu B, past its address space of %llu B",
                      (long long)pid, (unsigned long long)(had + bytes),
                      (unsigned long long)vm->as_bytes);
        return refused(n, "the address space is the most virtual memory a process can have");
    }
    return 0;
}

int vm_alloc_prot(struct vm *vm, int64_t pid, uint64_t bytes, unsigned prot, struct note *n)
{
    size_t at = vm_proc_index(vm, pid);
    uint64_t had = at < vm->nprocs ? vm->procs[at].bytes : 0;
    uint32_t before = at < vm->nprocs ? vm->procs[at].npages : 0;
    struct vm_prot_run *fresh = NULL; /* A new process's first runs. */
    struct vm_process *p;
    char pt[4];

    if (!vm->as_bytes && prot == VM_PROT_DEFAULT)
        return vm_alloc_raw(vm, pid, bytes, n);
    if (!vm->as_bytes) {
        if (n)
            note_what(n, "protection %s for P%lld, and the address-space layer is off",
                      tlb_prot_str(prot, pt), (long long)pid);
        return refused(n, "protection needs vm address-space BYTES (or --address-space)");
    }
    if (check_alloc(vm, pid, had, bytes, prot, n) < 0)
        return -1;
    if ((at < vm->nprocs && reserve_run(&vm->procs[at]) < 0) ||
        (at == vm->nprocs && !(fresh = malloc(4 * sizeof *fresh)))) {
        if (n)
            note_what(n, "out of memory for the protection of P%lld", (long long)pid);
        return refused(n, "the system has no memory left");
    }
    if (vm_alloc_raw(vm, pid, bytes, n) < 0) {
        free(fresh);
        return -1;
    }
    p = &vm->procs[vm_proc_index(vm, pid)];
    if (fresh) {
        p->prot = fresh;
        p->capprot = 4;
    }
    append_run(p, before, p->npages, prot);
    if (n && p->npages > before)
        note_append(n->what, sizeof n->what, " (%s)", tlb_prot_str(prot, pt));
    else if (n)
        note_append(n->what, sizeof n->what, " (the bytes fit in page %lu, which stays %s)",
                    (unsigned long)before - 1, tlb_prot_str(vm_page_prot(p, before - 1), pt));
    if (fresh && vm->pt_levels == 1 && !vm->restoring && vm_ptable_linear(vm, p, n) < 0) {
        vm_release(vm, pid, NULL); /* A new process without its table: gone again. */
        return -1;
    }
    return 0;
}

unsigned vm_page_prot(const struct vm_process *p, uint32_t page)
{
    uint32_t lo = 0, hi = p->nprot;

    if (!p->nprot)
        return VM_PROT_DEFAULT;
    while (hi - lo > 1) { /* The last run with first <= page. */
        uint32_t mid = lo + (hi - lo) / 2;
        if (p->prot[mid].first <= page)
            lo = mid;
        else
            hi = mid;
    }
    return p->prot[lo].prot;
}

/* The bit an access of kind needs and its name. */
static const struct {
    unsigned bit;
    const char *name;
} kinds[] = {
    [VM_READ] = {TLB_R, "a read"},
    [VM_WRITE] = {TLB_W, "a write"},
    [VM_EXEC] = {TLB_X, "an instruction fetch"},
};

int vm_prot_refuse(struct vm *vm, struct vm_process *p, uint64_t addr, int kind, struct vm_step *s,
                   struct note *n)
{
    uint64_t page = addr >> vm->page_shift;
    unsigned prot;
    char pt[4];

    if (addr >= vm->as_bytes) {
        s->refused = VM_REFUSE_RANGE;
        if (n) {
            note_what(n, "refused: address 0x%llx is outside P%ld's address space",
                      (unsigned long long)addr, (long)p->pid);
            note_why(n,
                     "its addresses are 0x0-0x%llx (%llu B, virtual pages 0-%llu); nothing "
                     "was changed",
                     (unsigned long long)(vm->as_bytes - 1), (unsigned long long)vm->as_bytes,
                     (unsigned long long)(vm->as_bytes >> vm->page_shift) - 1);
        }
        return -1;
    }
    if (page >= p->npages)
        return 0; /* The segmentation fault's, after. */
    prot = vm_page_prot(p, (uint32_t)page);
    if (prot & kinds[kind].bit)
        return 0;
    s->refused = VM_REFUSE_PROT;
    p->protfaults++;
    vm->protfaults++;
    if (n) {
        note_what(n, "refused: P%ld page %llu is %s: %s is a protection fault", (long)p->pid,
                  (unsigned long long)page, tlb_prot_str(prot, pt), kinds[kind].name);
        note_why(n,
                 "address 0x%llx; the page's entry forbids it; counted (P%ld: %llu, all: "
                 "%llu), nothing else was changed",
                 (unsigned long long)addr, (long)p->pid, (unsigned long long)p->protfaults,
                 (unsigned long long)vm->protfaults);
    }
    return -1;
}

/* Checks p's runs against its pages. Returns 0, or -1 with err. */
static int check_runs(const struct vm *vm, const struct vm_process *p, char *err, size_t errlen)
{
    uint64_t next = 0;

    if (p->bytes > vm->as_bytes)
        FAIL("P%ld has %llu B, past its address space of %llu B", (long)p->pid,
             (unsigned long long)p->bytes, (unsigned long long)vm->as_bytes);
    for (uint32_t i = 0; i < p->nprot; i++) {
        const struct vm_prot_run *r = &p->prot[i];
        if (r->first != next || r->npages == 0 || r->prot == 0 || (r->prot & ~(unsigned)TLB_RWX))
            FAIL("P%ld protection run %u (pages %lu+%lu, prot %u) does not follow page %llu",
                 (long)p->pid, i, (unsigned long)r->first, (unsigned long)r->npages,
                 (unsigned)r->prot, (unsigned long long)next);
        next += r->npages;
    }
    if (next != p->npages)
        FAIL("P%ld protection runs cover %llu pages, not its %lu", (long)p->pid,
             (unsigned long long)next, (unsigned long)p->npages);
    return 0;
}

int vm_prot_check(const struct vm *vm, char *err, size_t errlen)
{
    uint64_t sum = 0;

    if (vm->as_bytes && !as_valid(vm->as_bytes, vm->page_size))
        FAIL("address space of %llu B is not valid", (unsigned long long)vm->as_bytes);
    for (uint32_t i = 0; !vm->as_bytes && i < VM_RECENT; i++)
        if (vm->recent[i].exec)
            FAIL("an instruction fetch among the last accesses, and the layer is off");
    for (size_t i = 0; i < vm->nprocs; i++) {
        const struct vm_process *p = &vm->procs[i];
        if (!vm->as_bytes && (p->nprot || p->protfaults))
            FAIL("P%ld has protection, and the address-space layer is off", (long)p->pid);
        if (vm->as_bytes && check_runs(vm, p, err, errlen) < 0)
            return -1;
        sum += p->protfaults;
    }
    if (sum > vm->protfaults)
        FAIL("protection faults: the processes' %llu exceed the total %llu",
             (unsigned long long)sum, (unsigned long long)vm->protfaults);
    return 0;
}

int vm_restore_prot(struct vm *vm, int64_t pid, uint32_t first, uint32_t npages, unsigned prot,
                    char *err, size_t errlen)
{
    size_t at = vm_proc_index(vm, pid);
    struct vm_process *p;
    uint64_t end;

    if (!vm->as_bytes)
        FAIL("protection with the address-space layer off");
    if (at == vm->nprocs)
        FAIL("no process %lld", (long long)pid);
    p = &vm->procs[at];
    /* vm_alloc gave it a default run: the saved ones, from page 0, replace it. */
    end = first == 0 || !p->nprot
              ? 0
              : (uint64_t)p->prot[p->nprot - 1].first + p->prot[p->nprot - 1].npages;
    if (first != end || npages == 0 || (uint64_t)first + npages > p->npages || prot == 0 ||
        (prot & ~(unsigned)TLB_RWX))
        FAIL("P%lld protection run at page %lu (%lu pages, prot %u): runs follow one another "
             "from page 0 within its %lu pages",
             (long long)pid, (unsigned long)first, (unsigned long)npages, prot,
             (unsigned long)p->npages);
    if (reserve_run(p) < 0)
        FAIL("out of memory");
    if (first == 0)
        p->nprot = 0;
    p->prot[p->nprot++] = (struct vm_prot_run){first, npages, (uint8_t)prot};
    return 0;
}

int vm_alloc(struct vm *vm, int64_t pid, uint64_t bytes, struct note *n)
{
    return vm_alloc_prot(vm, pid, bytes, VM_PROT_DEFAULT, n);
}
