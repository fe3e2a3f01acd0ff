/* status_prot.c: the address-space layer's records (format version 5),
 * written only when virtual memory is on with the layer: vm-space (the size
 * of each address space and the protection faults of all), vm-prot (each
 * process's protection runs: first page, pages, rwx) and vm-prot-faults
 * (the protection faults of each process that made any). The reader
 * restores them through vm_set_address_space and vm_restore_prot (vm.h) and
 * checks every invariant: the space a valid size that holds each process,
 * runs of existing processes in order, each process's runs covering exactly
 * its pages from page 0, protections of r, w and x only, the processes'
 * faults adding up to no more than the total (vm_prot_check). See
 * status_impl.h and docs/status-format.md. */
#include "status_impl.h"

#include <stdio.h>
#include <string.h>

/* ---- Writing ------------------------------------------------------------- */

void status_write_vm_space(const struct status *st, struct status_cache *cache, struct sink *s)
{
    (void)cache;
    if (!st->vm_on || !st->vm.as_bytes)
        return;
    status_putkv(s, "vm-space bytes", st->vm.as_bytes);
    status_putkv(s, " protfaults", st->vm.protfaults);
    status_put(s, "\n", 1);
}

void status_write_vm_prot(const struct status *st, struct status_cache *cache, struct sink *s)
{
    const struct vm *vm = &st->vm;
    char pt[4];

    (void)cache;
    if (!st->vm_on || !vm->as_bytes)
        return;
    for (size_t i = 0; i < vm->nprocs; i++)
        for (uint32_t k = 0; k < vm->procs[i].nprot; k++) {
            const struct vm_prot_run *r = &vm->procs[i].prot[k];
            status_putkv(s, "vm-prot pid", (uint64_t)vm->procs[i].pid);
            status_putkv(s, " first", r->first);
            status_putkv(s, " pages", r->npages);
            status_puts(s, " prot=");
            status_puts(s, tlb_prot_str(r->prot, pt));
            status_put(s, "\n", 1);
        }
    for (size_t i = 0; i < vm->nprocs; i++)
        if (vm->procs[i].protfaults) {
            status_putkv(s, "vm-prot-faults pid", (uint64_t)vm->procs[i].pid);
            status_putkv(s, " faults", vm->procs[i].protfaults);
            status_put(s, "\n", 1);
        }
}

/* ---- Reading ------------------------------------------------------------- */

int status_read_vm_space(struct status_parser *p, unsigned long *line)
{
    struct vm *vm = &p->st->vm;
    uint64_t bytes, faults;
    struct note n;

    if (!p->vm.seen)
        return status_fail(p, "vm-space: an address space needs virtual memory (a 'vm' record)");
    if (status_num_field(p, 1, "bytes", 1, UINT64_MAX, &bytes) < 0 ||
        status_num_field(p, 2, "protfaults", 0, UINT64_MAX, &faults) < 0)
        return -1;
    if (vm_set_address_space(vm, bytes, &n) < 0)
        return status_fail(p, "vm-space: %s (%s)", n.what, n.why);
    vm->protfaults = faults;
    p->prot.seen = 1;
    p->prot.line = *line;
    return 0;
}

/* Reads a protection word "rwx" with '-' for each bit missing ("r-x"), at
 * least one set. Returns 0 with *prot, or -1. */
static int prot_word(const char *w, unsigned *prot)
{
    static const char letters[] = "rwx";
    unsigned v = 0;

    if (strlen(w) != 3)
        return -1;
    for (unsigned i = 0; i < 3; i++) {
        if (w[i] == letters[i])
            v |= 1u << i;
        else if (w[i] != '-')
            return -1;
    }
    *prot = v;
    return v ? 0 : -1;
}

/* Returns 1 when the process at index i of vm has had all its pages covered
 * by the runs read (next == its pages). */
static int covered(const struct status_parse_prot *q, const struct vm *vm)
{
    return q->index < vm->nprocs && q->next == vm->procs[q->index].npages;
}

int status_read_vm_prot(struct status_parser *p, unsigned long *line)
{
    struct vm *vm = &p->st->vm;
    struct status_parse_prot *q = &p->prot;
    uint64_t pid, first, pages;
    const char *w;
    unsigned prot;
    char why[256];

    (void)line;
    if (!q->seen)
        return status_fail(p, "vm-prot: protection needs an address space (a 'vm-space' record)");
    if (status_num_field(p, 1, "pid", 1, PG_MAX_PID, &pid) < 0 ||
        status_num_field(p, 2, "first", 0, VM_MAX_PAGES, &first) < 0 ||
        status_num_field(p, 3, "pages", 1, VM_MAX_PAGES, &pages) < 0 ||
        !(w = status_word_field(p, 4, "prot")))
        return -1;
    if (prot_word(w, &prot) < 0)
        return status_fail(p,
                           "vm-prot: prot=%.20s is not r, w and x with '-' for each missing "
                           "(r-x), one set at least",
                           w);
    if (q->runs && covered(q, vm)) { /* The next process's runs start. */
        q->index++;
        q->next = 0;
    }
    if (q->index >= vm->nprocs || vm->procs[q->index].pid != (int32_t)pid || first != q->next)
        return status_fail(p,
                           "vm-prot: pid=%llu first=%llu: each process's runs follow one another "
                           "from page 0, processes in vm-process order",
                           (unsigned long long)pid, (unsigned long long)first);
    if (vm_restore_prot(vm, (int64_t)pid, (uint32_t)first, (uint32_t)pages, prot, why, sizeof why) <
        0)
        return status_fail(p, "vm-prot: %s", why);
    q->next = first + pages;
    q->runs++;
    return 0;
}

int status_read_vm_prot_faults(struct status_parser *p, unsigned long *line)
{
    struct vm *vm = &p->st->vm;
    struct status_parse_prot *q = &p->prot;
    uint64_t pid, faults;
    const struct vm_process *pr;

    (void)line;
    if (!q->seen)
        return status_fail(p, "vm-prot-faults: protection needs a 'vm-space' record");
    if (status_num_field(p, 1, "pid", 1, PG_MAX_PID, &pid) < 0 ||
        status_num_field(p, 2, "faults", 1, UINT64_MAX, &faults) < 0)
        return -1;
    if ((int64_t)pid <= q->last_fault_pid)
        return status_fail(p,
                           "vm-prot-faults: pid=%llu is not above the previous one; "
                           "processes are listed once each, in increasing order",
                           (unsigned long long)pid);
    if (!(pr = vm_find(vm, (int64_t)pid)))
        return status_fail(p, "vm-prot-faults: there is no process %llu", (unsigned long long)pid);
    vm->procs[pr - vm->procs].protfaults = faults;
    q->last_fault_pid = (int64_t)pid;
    return 0;
}

/* Checks, when the parser leaves the layer's records, that every process
 * had its runs, to its last page, and the layer as a whole (vm_prot_check). */
int status_close_vm_prot(struct status_parser *p, unsigned long *line)
{
    const struct vm *vm = &p->st->vm;
    const struct status_parse_prot *q = &p->prot;
    char why[256];

    if (!q->seen)
        return 0;
    if (vm->nprocs && (!q->runs || q->index + 1 != vm->nprocs || !covered(q, vm))) {
        size_t i = q->runs ? q->index + covered(q, vm) : 0;
        *line = q->line;
        return status_fail(p, "vm-prot: the runs of P%ld stop short of its %u pages",
                           (long)vm->procs[i < vm->nprocs ? i : vm->nprocs - 1].pid,
                           vm->procs[i < vm->nprocs ? i : vm->nprocs - 1].npages);
    }
    if (vm_prot_check(vm, why, sizeof why) < 0) {
        *line = q->line;
        return status_fail(p, "vm-space: %s", why);
    }
    return 0;
}

int status_vm_rw(struct status_parser *p, const char *rw, struct vm_step *a)
{
    if (strcmp(rw, "r") != 0 && strcmp(rw, "w") != 0 && (!p->prot.seen || strcmp(rw, "x") != 0))
        return status_fail(p, "vm-access: rw must be r or w%s, not '%.20s'",
                           p->prot.seen ? " or x" : "", rw);
    a->write = rw[0] == 'w';
    a->exec = rw[0] == 'x';
    return 0;
}
