/* vmprot.c: the address-space layer in VM mode: `vm address-space
 * BYTES|off`, `alloc PID BYTES PROT`, the split of an access's address,
 * the page table with every bit of each entry, and the layer's lines of
 * stats. See cmd.h; the model is common/vm.h's vm_set_address_space and
 * vm_prot.c, the words README.md's "Address spaces and protection" and
 * docs/translation.md. */
#include "cmd.h"

#include <string.h>

#include "ptshape.h"

int vmprot_apply(const struct session *s, struct vm *vm, char *err, size_t errlen)
{
    struct note n;

    if (s->vmset.as_bytes && !s->vmset.as_auto &&
        vm_set_address_space(vm, s->vmset.as_bytes, &n) < 0) {
        snprintf(err, errlen, "%s (%s)", n.what, n.why);
        return -1;
    }
    return 0;
}

int cmd_address_space(struct session *s, uint64_t bytes)
{
    struct note n;
    int r;

    if (!s->st.vm_on)
        return vmcmd_refuse_off(s, "an address space");
    r = vm_set_address_space(&s->st.vm, bytes, &n);
    if (r == 0) { /* A size given: no longer the default the page-table layer chose. */
        s->vmset.as_bytes = bytes;
        s->vmset.as_auto = 0;
    }
    return cmd_finish(s, r, &n);
}

int cmd_alloc_prot(struct session *s, int64_t pid, uint64_t bytes, unsigned prot)
{
    struct note n;
    int r = vm_alloc_prot(&s->st.vm, pid, bytes, prot, &n);

    if (r < 0)
        cmd_bare_reason(&n);
    return cmd_finish(s, r, &n);
}

/* Makes the linear shape of vm's address space (entries of 4 B up to 2^32
 * bytes, else 8 B, as docs/translation.md says). Returns 0 or -1. */
static int linear_shape(const struct vm *vm, struct pts *shape)
{
    char err[160];

    return pts_make(shape, vm->as_bytes, vm->page_size, vm->as_bytes <= (1ull << 32) ? 4 : 8, 1,
                    err, sizeof err);
}

/* Prints the split of addr across the levels of a multi-level shape:
 * "split: PD 15 | PT 14 | offset 0 = 1111 | 1110 | 000000 (0xf | 0xe |
 * 0x00): 4 + 4-bit VPN, 6-bit offset". */
static void split_levels(const struct vm *vm, const uint64_t *idx, uint64_t off, const char *bits)
{
    const struct pts *sh = &vm->pts;

    printf("  split:");
    for (unsigned k = 0; k < sh->levels; k++)
        printf(" %s %llu |", vm_level_name(vm, k), (unsigned long long)idx[k]);
    printf(" offset %llu = %s (", (unsigned long long)off, bits);
    for (unsigned k = 0; k < sh->levels; k++)
        printf("0x%0*llx | ", (int)(sh->bits[k] + 3) / 4, (unsigned long long)idx[k]);
    printf("0x%0*llx): ", (int)(sh->offset_bits + 3) / 4, (unsigned long long)off);
    for (unsigned k = 0; k < sh->levels; k++)
        printf("%u%s", sh->bits[k], k + 1 < sh->levels ? " + " : "");
    printf("-bit VPN, %u-bit offset\n", sh->offset_bits);
}

void vmprot_split(const struct vm *vm, uint64_t addr)
{
    struct pts shape;
    char bits[PTS_BITS_MAX];
    uint64_t idx[PTS_MAX_LEVELS], off;

    if (!vm->as_bytes)
        return;
    if (vm->pt_levels)
        shape = vm->pts;
    else if (linear_shape(vm, &shape) < 0)
        return;
    if (pts_split(&shape, addr, idx, &off) < 0 ||
        pts_format_bits(&shape, addr, bits, sizeof bits) < 0)
        return;
    if (shape.levels > 1) {
        split_levels(vm, idx, off, bits);
        return;
    }
    printf("  split: VPN %llu | offset %llu = %s (0x%0*llx | 0x%0*llx): %u-bit VPN, %u-bit "
           "offset\n",
           (unsigned long long)idx[0], (unsigned long long)off, bits, (int)(shape.vpn_bits + 3) / 4,
           (unsigned long long)idx[0], (int)(shape.offset_bits + 3) / 4, (unsigned long long)off,
           shape.vpn_bits, shape.offset_bits);
}

/* Returns the first page after the protection run that holds page `page`. */
static uint32_t run_end(const struct vm_process *p, uint32_t page)
{
    for (uint32_t i = 0; i < p->nprot; i++)
        if (page < p->prot[i].first + p->prot[i].npages)
            return p->prot[i].first + p->prot[i].npages;
    return p->npages;
}

/* Prints the entry of page `page` of p (not untouched) with every bit. */
static void entry_row(const struct vm *vm, const struct vm_process *p, uint32_t page, char *a,
                      size_t alen)
{
    uint32_t where;
    char pt[4];
    const char *prot = tlb_prot_str(vm_page_prot(p, page), pt);

    if (vm_page_state(p, page, &where) == VM_SWAPPED) {
        printf("  %-15s 1 0 %s 0 0   swap slot %u\n", cmd_span(a, alen, page, page), prot, where);
        return;
    }
    printf("  %-15s 1 1 %s %u %u   frame %u%s\n", cmd_span(a, alen, page, page), prot,
           vm->frames[where].ref, vm->frames[where].dirty, where,
           vm->frames[where].slot != VM_NONE ? " (keeps a swap slot)" : "");
}

/* Prints the entries of untouched pages from a (span their label), all of
 * one protection run. */
static void untouched_entry(const struct vm *vm, const struct vm_process *p, uint32_t a,
                            const char *span)
{
    char pt[4];

    (void)vm;
    printf("  %-15s 1 0 %s 0 0   - (untouched: zeros)\n", span,
           tlb_prot_str(vm_page_prot(p, a), pt));
}

int vmprot_pagetable(const struct vm *vm, const struct vm_process *p)
{
    static const struct vmshow_rows rows = {untouched_entry, entry_row, run_end};
    uint64_t space = vm->as_bytes >> vm->page_shift;
    uint32_t page;
    char a[24];

    printf("Page table of P%ld (virtual memory): %llu B in %u page%s of %llu B; address space "
           "%llu B (pages 0-%llu); %u resident, %u swapped, %u untouched\n",
           (long)p->pid, (unsigned long long)p->bytes, p->npages, p->npages == 1 ? "" : "s",
           (unsigned long long)vm->page_size, (unsigned long long)vm->as_bytes,
           (unsigned long long)space - 1, p->resident, p->swapped,
           p->npages - p->resident - p->swapped);
    printf("  %-15s V P rwx R D   frame or slot\n", "page");
    page = vmshow_rows(vm, p, &rows);
    if (page == p->npages && page < space)
        printf("  %-15s 0 - --- - -   - (not allocated: an access is a segmentation fault)\n",
               cmd_span(a, sizeof a, page, space - 1));
    printf("  V valid (the page exists), P present (resident), rwx protection, R referenced, "
           "D dirty\n");
    return 0;
}

void vmprot_stats(const struct vm *vm)
{
    if (!vm->as_bytes)
        return;
    printf("Address spaces of %llu B (pages 0-%llu); %llu protection fault%s in all",
           (unsigned long long)vm->as_bytes,
           (unsigned long long)(vm->as_bytes >> vm->page_shift) - 1,
           (unsigned long long)vm->protfaults, vm->protfaults == 1 ? "" : "s");
    for (size_t i = 0; i < vm->nprocs; i++)
        printf("%s P%d %llu", i ? "," : ":", (int)vm->procs[i].pid,
               (unsigned long long)vm->procs[i].protfaults);
    printf("\n");
}
