/* layout_prot.c: the address-space layer in a VM view (st->vm.as_bytes
 * nonzero): the protection mark of a page in the strips of virtual pages
 * (a band along its bottom: amber for an executable page, blue for a
 * read-only one, none for rw-) and the split line of the last access's
 * address, its VPN and offset as two coloured fields in binary and hex
 * (ptshape's linear shape). Pure, like layout.c (layout_impl.h's lx_
 * helpers). */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "layout_impl.h"
#include "ptshape.h"

/* Returns the mark's colour for protection prot, or 0 for none (rw-, or
 * -w-: a writable page without x needs no warning). */
static uint32_t mark_colour(unsigned prot)
{
    if (prot & TLB_X)
        return col_prot_x;
    return prot & TLB_W ? 0 : col_prot_ro;
}

void lx_prot_mark(struct lctx *c, int view, const struct vm *vm, const struct vm_process *p,
                  uint32_t page, int x0, int x1, int y, int h)
{
    unsigned prot;
    uint32_t colour;
    int bh = h / 5 > S(c, 3) ? h / 5 : S(c, 3);
    struct lay_box *b;

    if (!vm->as_bytes || !(colour = mark_colour(prot = vm_page_prot(p, page))) || x1 - x0 < 3)
        return;
    bh = bh < h - 2 ? bh : h - 2;
    /* Along the bottom, under the label's digits (a band on top cut into them). */
    b = lx_add(c, LAY_PROT, view, x0 + 1, y + h - 1 - bh, x1 - x0 - 2, bh, colour);
    if (!b)
        return;
    b->a = page;
    b->b = prot;
    b->c = p->pid;
}

/* The linear shape of vm's address space (4-byte entries up to 2^32 bytes,
 * else 8, as the tracker's split). Returns 0 or -1. */
static int linear_shape(const struct vm *vm, struct pts *shape)
{
    char err[160];

    return pts_make(shape, vm->as_bytes, vm->page_size, vm->as_bytes <= (1ull << 32) ? 4 : 8, 1,
                    err, sizeof err);
}

int lx_split_h(struct lctx *c, const struct vm *vm)
{
    return vm->as_bytes && vm->t ? lx_row_h(c) + c->gap : 0;
}

/* Adds field k (0 the VPN, 1 the offset) with value v of `bits` bits at x
 * (y, h): its label in binary and hex. Returns the x after it. */
static int split_field(struct lctx *c, int view, int k, uint64_t v, unsigned bits, int x, int y,
                       int h, int maxx)
{
    static const char *const names[] = {"VPN", "offset"};
    const uint32_t colours[] = {col_split_vpn, col_split_off};
    char lab[LAY_TEXT_MAX], bin[PTS_BITS_MAX];
    struct lay_box *b;
    int w;

    for (unsigned i = 0; i < bits && i < sizeof bin - 1; i++)
        bin[i] = (char)('0' + ((v >> (bits - 1 - i)) & 1));
    bin[bits < sizeof bin - 1 ? bits : sizeof bin - 1] = '\0';
    snprintf(lab, sizeof lab, "%s %s = 0x%0*llx", names[k], bin, (int)(bits + 3) / 4,
             (unsigned long long)v);
    w = lx_text_w(c, lab) + S(c, 10);
    if (x + w > maxx)
        w = maxx - x;
    if (w < 1 || !(b = lx_add(c, LAY_FIELD, view, x, y, w, h, colours[k])))
        return x;
    b->a = k;
    b->b = (int64_t)v;
    b->c = bits;
    memcpy(b->text, lab, strlen(lab) + 1);
    lx_tip(c, b, "%s: %u bit%s, %s = %llu (0x%llx)", names[k], bits, bits == 1 ? "" : "s", bin,
           (unsigned long long)v, (unsigned long long)v);
    return x + w;
}

int lx_vm_split(struct lctx *c, int vi, const struct vm *vm, int x, int y, int w)
{
    const struct vm_step *s;
    const struct vm_process *p;
    struct pts shape;
    uint64_t idx[PTS_MAX_LEVELS], off;
    int h = lx_row_h(c) - S(c, 3), end = x + w, tw;
    char pt[4], lab[128];

    if (!lx_split_h(c, vm))
        return y;
    s = &vm->recent[(vm->t - 1) % VM_RECENT];
    if (linear_shape(vm, &shape) < 0 || pts_split(&shape, s->addr, idx, &off) < 0)
        return y + lx_split_h(c, vm);
    p = vm_find(vm, s->pid);
    snprintf(
        lab, sizeof lab, "Last access: P%ld 0x%llx, %s of a %s page:", (long)s->pid,
        (unsigned long long)s->addr,
        s->exec    ? "an instruction fetch"
        : s->write ? "a write"
                   : "a read",
        tlb_prot_str(p && s->page < p->npages ? vm_page_prot(p, s->page) : VM_PROT_DEFAULT, pt));
    tw = lx_text_w(c, lab) + S(c, 8);
    tw = tw < w / 2 ? tw : w / 2;
    lx_text(c, vi, x, y + (h - c->lh) / 2, tw, col_text, "%s", lab);
    x = split_field(c, vi, 0, idx[0], shape.vpn_bits, x + tw, y, h, end);
    split_field(c, vi, 1, off, shape.offset_bits, x, y, h, end);
    return y + lx_split_h(c, vm);
}
