/* layout_prot.c: the address-space layer in a VM view (st->vm.as_bytes
 * nonzero): the protection mark of a page in the strips of virtual pages
 * (a band along its bottom: amber for an executable page, blue for a
 * read-only one, none for rw-) and the split line of the last access's
 * address, its VPN and offset as two coloured fields in binary and hex
 * (ptshape's linear shape), or, with page tables in frames, a field a level
 * of the table's shape and the offset, with the walk's arrows
 * (layout_ptable.c). Pure, like layout.c (layout_impl.h's lx_
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

/* What one field of the split shows: its name, value, bits, colour and
 * the level it indexes (-1: the VPN or the offset). */
struct field {
    const char *name;
    uint64_t v;
    unsigned bits;
    uint32_t colour;
    int level;   /* The level it indexes, or -1 (the VPN, the offset). */
    int offset;  /* 1 for the offset. */
    int compact; /* 1: its label in hex alone (the bits in its tooltip). */
};

/* Writes field f's label, in binary and hex (compact: hex alone), into lab
 * (LAY_TEXT_MAX) and its bits into bin (PTS_BITS_MAX). */
static void field_label(const struct field *f, char *lab, char *bin)
{
    for (unsigned i = 0; i < f->bits && i < PTS_BITS_MAX - 1; i++)
        bin[i] = (char)('0' + ((f->v >> (f->bits - 1 - i)) & 1));
    bin[f->bits < PTS_BITS_MAX - 1 ? f->bits : PTS_BITS_MAX - 1] = '\0';
    if (f->compact)
        snprintf(lab, LAY_TEXT_MAX, "%s 0x%0*llx", f->name, (int)(f->bits + 3) / 4,
                 (unsigned long long)f->v);
    else
        snprintf(lab, LAY_TEXT_MAX, "%s %s = 0x%0*llx", f->name, bin, (int)(f->bits + 3) / 4,
                 (unsigned long long)f->v);
}

/* Returns the width of field f's box. */
static int field_w(struct lctx *c, const struct field *f)
{
    char lab[LAY_TEXT_MAX], bin[PTS_BITS_MAX];

    field_label(f, lab, bin);
    return lx_text_w(c, lab) + S(c, 10);
}

/* Adds field f at x (y, h), cut at maxx: its label in binary and hex.
 * Returns the x after it. */
static int split_field(struct lctx *c, int view, const struct field *f, int x, int y, int h,
                       int maxx)
{
    char lab[LAY_TEXT_MAX], bin[PTS_BITS_MAX];
    struct lay_box *b;
    int w = field_w(c, f);

    field_label(f, lab, bin);
    if (x + w > maxx)
        w = maxx - x;
    if (w < 1 || !(b = lx_add(c, LAY_FIELD, view, x, y, w, h, f->colour)))
        return x;
    b->a = f->offset;
    b->b = (int64_t)f->v;
    b->c = f->bits;
    b->used = f->level + 1;
    if (lx_text_w(c, lab) + 4 <= w) /* A field cut at the edge keeps its tooltip alone. */
        memcpy(b->text, lab, strlen(lab) + 1);
    lx_tip(c, b, "%s: %u bit%s, %s = %llu (0x%llx)", f->name, f->bits, f->bits == 1 ? "" : "s", bin,
           (unsigned long long)f->v, (unsigned long long)f->v);
    return x + w;
}

/* Fills fl with the fields of address addr in shape (one a level with the
 * page-table layer on, else the VPN; the offset last). Returns how many,
 * or 0 when addr is outside the shape. */
static int split_fields(const struct vm *vm, const struct pts *shape, uint64_t addr,
                        struct field *fl, char (*names)[8])
{
    uint64_t idx[PTS_MAX_LEVELS], off;
    unsigned n = vm->pt_levels ? shape->levels : 1;

    if (pts_split(shape, addr, idx, &off) < 0)
        return 0;
    for (unsigned k = 0; k < n; k++) {
        fl[k].name = vm->pt_levels ? lx_level_name(vm, k, names[k], sizeof names[k]) : "VPN";
        fl[k].v = vm->pt_levels ? idx[k] : addr >> shape->offset_bits;
        fl[k].bits = vm->pt_levels ? shape->bits[k] : shape->vpn_bits;
        fl[k].colour = vm->pt_levels ? col_walk_field[k] : col_split_vpn;
        fl[k].level = vm->pt_levels ? (int)k : -1;
        fl[k].offset = 0;
        fl[k].compact = 0;
    }
    fl[n] = (struct field){"offset", off, shape->offset_bits, col_split_off, -1, 1, 0};
    return (int)n + 1;
}

/* Writes what the last access s was into lab (len bytes). */
static void split_title(const struct vm *vm, const struct vm_step *s, char *lab, size_t len)
{
    const struct vm_process *p = vm_find(vm, s->pid);
    const char *kind = s->exec ? "an instruction fetch" : s->write ? "a write" : "a read";
    char pt[4];

    if (!vm->pt_levels) {
        snprintf(lab, len, "Last access: P%ld 0x%llx, %s of a %s page:", (long)s->pid,
                 (unsigned long long)s->addr, kind,
                 tlb_prot_str(p && s->page < p->npages ? vm_page_prot(p, s->page) : VM_PROT_DEFAULT,
                              pt));
        return;
    }
    snprintf(lab, len, "Last access: P%ld 0x%llx, %s%s:", (long)s->pid, (unsigned long long)s->addr,
             kind,
             vm->walk.t == vm->t && vm->walk.levels == 0 ? " (TLB hit: no walk)"
             : vm->walk.t == vm->t                       ? ", its walk"
                                                         : "");
}

int lx_vm_split(struct lctx *c, int vi, const struct vm *vm, int x, int y, int w)
{
    const struct vm_step *s;
    struct pts shape;
    struct field fl[PTS_MAX_LEVELS + 1];
    char names[PTS_MAX_LEVELS][8], lab[128];
    int h = lx_row_h(c) - S(c, 3), end = x + w, tw, n, fw = 0, first = c->lo->nboxes;

    if (!lx_split_h(c, vm))
        return y;
    s = &vm->recent[(vm->t - 1) % VM_RECENT];
    if (vm->pt_levels)
        shape = vm->pts;
    else if (linear_shape(vm, &shape) < 0)
        return y + lx_split_h(c, vm);
    if (!(n = split_fields(vm, &shape, s->addr, fl, names)))
        return y + lx_split_h(c, vm);
    split_title(vm, s, lab, sizeof lab);
    for (int k = 0; k < n; k++)
        fw += field_w(c, &fl[k]);
    if (vm->pt_levels && fw > w - w / 5) { /* Too wide in binary: hex alone. */
        fw = 0;
        for (int k = 0; k < n; k++) {
            fl[k].compact = 1;
            fw += field_w(c, &fl[k]);
        }
    }
    tw = lx_text_w(c, lab) + S(c, 8);
    tw = tw < w / 2 ? tw : w / 2;
    if (vm->pt_levels && tw > w - fw) /* The fields first: the title is cut. */
        tw = w - fw > w / 5 ? w - fw : w / 5;
    lx_text(c, vi, x, y + (h - c->lh) / 2, tw, col_text, "%s", lab);
    x += tw;
    for (int k = 0; k < n; k++)
        x = split_field(c, vi, &fl[k], x, y, h, end);
    lx_walk_arrows(c, vi, vm, first);
    return y + lx_split_h(c, vm);
}
