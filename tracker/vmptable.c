/* vmptable.c: the page-table layer in VM mode: `vm page-table SHAPE
 * [entry=4|8]` and `vm page-table off`, the walk and the table pages of an
 * access, the table pages of `pagetable`, the table frames of `frames` and
 * the layer's lines of stats. See cmd.h; the model is common/vm.h's
 * vm_set_page_table and vm_ptable.c, the words README.md's "Page tables in
 * frames" and docs/translation.md. `compare REFS tables` is vmptcmp.c. */
#include "cmd.h"

#include <string.h>

#include "paging.h"
#include "ptshape.h"

#define TABLE_ROWS 64 /* Most table pages `pagetable` lists. */

uint64_t vmpt_default_space(uint64_t page_size, unsigned levels, unsigned entry,
                            unsigned *entry_out)
{
    unsigned o = (unsigned)pg_log2(page_size), e = entry ? entry : 4, a;

    if (levels < 2)
        levels = 2;
    for (;;) {
        unsigned b = page_size > e ? (unsigned)pg_log2(page_size / e) : 0;
        a = o + levels * b;
        if (a > PTS_MAX_AS_BITS)
            a = PTS_MAX_AS_BITS;
        if (entry || e == 8 || a <= 32)
            break;
        e = 8; /* 4 B entries would map more than 4 GiB: x86-64's 8 B. */
    }
    if (a <= o)
        a = o + 1; /* At least 2 pages (a table page of one entry maps one page). */
    *entry_out = e;
    return 1ull << a;
}

/* Returns the bits of VPN a table page at level `level` of shape t maps. */
static unsigned span_bits(const struct pts *t, unsigned level)
{
    return t->levels == 1 ? t->index_bits : t->shift[level] + t->bits[level];
}

/* Sets *lo and *hi to the VPNs table page (level, prefix) of shape t maps. */
static void tpage_span(const struct pts *t, unsigned level, uint32_t prefix, uint64_t *lo,
                       uint64_t *hi)
{
    unsigned w = span_bits(t, level);
    uint64_t last = (1ull << t->vpn_bits) - 1;

    *lo = (uint64_t)prefix << w;
    *hi = *lo + ((1ull << w) - 1);
    if (*hi > last)
        *hi = last;
}

/* Writes "VPNs 0x40-0x7f" (or "VPN 0x40") for table page (level, prefix). */
static const char *span_text(const struct pts *t, unsigned level, uint32_t prefix, char *buf,
                             size_t len)
{
    uint64_t lo, hi;

    tpage_span(t, level, prefix, &lo, &hi);
    if (lo == hi)
        snprintf(buf, len, "VPN 0x%llx", (unsigned long long)lo);
    else
        snprintf(buf, len, "VPNs 0x%llx-0x%llx", (unsigned long long)lo, (unsigned long long)hi);
    return buf;
}

unsigned vmpt_walk_levels(const struct vm *vm)
{
    return vm->pt_levels ? vm->pt_levels : 1;
}

int vmpt_apply(const struct session *s, struct vm *vm, char *err, size_t errlen)
{
    const struct vm_settings *v = &s->vmset;
    unsigned entry = v->pte_bytes;
    struct note n;

    if (v->pt_levels == 0)
        return 0;
    if (v->as_auto &&
        vm_set_address_space(
            vm, vmpt_default_space(vm->page_size, v->pt_levels, v->pte_bytes, &entry), &n) < 0) {
        snprintf(err, errlen, "%s (%s)", n.what, n.why);
        return -1;
    }
    if (vm_set_page_table(vm, v->pt_levels, entry, &n) < 0) {
        snprintf(err, errlen, "%s (%s)", n.what, n.why);
        return -1;
    }
    return 0;
}

void vmpt_settings(struct session *s)
{
    const struct vm *vm = &s->st.vm;

    s->vmset.pt_levels = vm->pt_levels;
    s->vmset.pte_bytes = vm->pt_levels ? vm->pts.entry_bytes : 0;
    s->vmset.as_auto = 0;
}

/* Turns the layer off (`vm page-table off`). Returns 0 or -1. */
static int table_off(struct session *s)
{
    struct vm *vm = &s->st.vm;
    struct note n;
    int r;

    if (!vm->pt_levels)
        return vmcmd_refuse(s, "the page-table layer is already off", "nothing was changed");
    r = vm_set_page_table(vm, 0, 0, &n);
    if (r == 0) {
        s->vmset.pt_levels = s->vmset.pte_bytes = 0;
        s->vmset.as_bytes = vm->as_bytes; /* The spaces stay, at the size they have. */
        s->vmset.as_auto = 0;
        note_append(n.why, sizeof n.why, "; address spaces of %llu B stay (vm address-space off)",
                    (unsigned long long)vm->as_bytes);
    }
    return cmd_finish(s, r, &n);
}

int cmd_page_table(struct session *s, unsigned levels, unsigned entry)
{
    struct vm *vm = &s->st.vm;
    struct note n;
    unsigned e = entry;
    uint64_t space = 0;
    int r;

    if (!s->st.vm_on)
        return vmcmd_refuse_off(s, "a page table in frames");
    if (vm->nprocs)
        return vmcmd_refuse(s, "the page-table layer changes only while there are no processes",
                            "their pages are mapped by the table they have; free them or reset "
                            "first (nothing was changed)");
    if (levels == 0)
        return table_off(s);
    if (!vm->as_bytes) { /* The shape follows from a space: the default for it. */
        space = vmpt_default_space(vm->page_size, levels, entry, &e);
        if (vm_set_address_space(vm, space, &n) < 0)
            return cmd_finish(s, -1, &n);
    }
    r = vm_set_page_table(vm, levels, e, &n);
    if (r < 0 && space) {
        struct note off;
        vm_set_address_space(vm, 0, &off); /* As it was: all or nothing. */
    }
    if (r == 0) {
        s->vmset.pt_levels = levels;
        s->vmset.pte_bytes = entry;
        s->vmset.as_auto = space != 0 || s->vmset.as_auto;
        if (space)
            note_append(n.why, sizeof n.why,
                        "; address spaces were off: on at %llu B, what the shape maps with "
                        "every table page full",
                        (unsigned long long)space);
    }
    return cmd_finish(s, r, &n);
}

/* Writes what became of the data page table page t evicted into buf. */
static const char *evicted_text(const struct vm *vm, const struct vm_evicted *t, char *buf,
                                size_t len)
{
    char who[80];

    snprintf(who, sizeof who, "evicting P%d page %u, the %s victim", (int)t->victim_pid,
             t->victim_page, vm_policy_name(vm->policy));
    switch (t->evict) {
    case VM_EVICT_WRITEBACK:
        snprintf(buf, len, "%s (dirty: written back to swap slot %u)", who, t->victim_slot);
        break;
    case VM_EVICT_DROP:
        snprintf(buf, len, "%s (clean: its copy in swap slot %u stays)", who, t->victim_slot);
        break;
    case VM_EVICT_ZERO:
        snprintf(buf, len, "%s (clean, never written: back to untouched)", who);
        break;
    default:
        snprintf(buf, len, "the lowest free frame");
        break;
    }
    return buf;
}

void vmpt_step(const struct vm *vm, const struct vm_step *st)
{
    char line[NOTE_MAX], span[48], ev[160];

    if (!vm->pt_levels || vm->walk.t != st->t)
        return;
    vm_walk_describe(vm, st, line, sizeof line);
    if (line[0])
        printf("  walk: %s\n", line);
    for (unsigned i = 0; i < st->ntables && i < PTS_MAX_LEVELS; i++) {
        const struct vm_evicted *t = &vm->walk.tvictim[i];
        uint32_t prefix = (uint32_t)((uint64_t)st->page >> span_bits(&vm->pts, t->level));
        printf("  P%d needs a page-table page at level %u (%s): frame %u, %s\n", (int)st->pid,
               t->level, span_text(&vm->pts, t->level, prefix, span, sizeof span), t->frame,
               evicted_text(vm, t, ev, sizeof ev));
    }
}

/* Prints the shape of vm's tables after label: "2-level, 4 B entries
 * (14-bit addresses: ...)". */
static void shape_line(const struct vm *vm, const char *label)
{
    char d[200];

    pts_describe(&vm->pts, d, sizeof d);
    printf("%s: %s, %u B entries (%s)\n", label, vm_page_table_name(vm->pt_levels),
           vm->pts.entry_bytes, d);
}

/* Prints the table pages per level of p after label, with their bytes and
 * a linear table's. */
static void process_tables(const struct vm *vm, const struct vm_process *p, const char *label)
{
    uint32_t per[PTS_MAX_LEVELS];
    uint32_t total = vm_table_pages(vm, p, per);
    char levels[120] = "";

    for (unsigned k = 0; k < vm->pt_levels; k++)
        note_append(levels, sizeof levels, "%slevel %u: %u", k ? ", " : "", k, per[k]);
    printf("  %-6s %u table page%s (%s) = %llu B; a linear table: %llu B (%llu page%s)\n", label,
           total, total == 1 ? "" : "s", levels, (unsigned long long)total * vm->page_size,
           (unsigned long long)pts_linear_bytes(&vm->pts),
           (unsigned long long)pts_linear_pages(&vm->pts),
           pts_linear_pages(&vm->pts) == 1 ? "" : "s");
}

void vmpt_pagetable(const struct vm *vm, const struct vm_process *p)
{
    char span[48], label[16];
    uint32_t rows = 0;

    if (!vm->pt_levels)
        return;

    shape_line(vm, "Table pages of the page table");
    snprintf(label, sizeof label, "P%d", (int)p->pid);
    process_tables(vm, p, label);
    printf("  %-6s %-10s %-28s %s\n", "level", "prefix", "maps", "frame");
    for (; rows < p->ntpages && rows < TABLE_ROWS; rows++) {
        const struct vm_tpage *t = &p->tpages[rows];
        printf("  %-6u 0x%-8x %-28s %u\n", t->level, t->prefix,
               span_text(&vm->pts, t->level, t->prefix, span, sizeof span), t->frame);
    }
    if (rows < p->ntpages)
        printf("  (%u more table pages not shown: at most %d rows)\n", p->ntpages - rows,
               TABLE_ROWS);
}

const char *vmpt_frame_text(const struct vm *vm, uint32_t f, char *buf, size_t len)
{
    const struct vm_frame *x = &vm->frames[f];
    char span[48];

    buf[0] = '\0';
    if (x->pid && x->table)
        snprintf(buf, len, "page table, level %u, %s", x->table - 1u,
                 span_text(&vm->pts, x->table - 1u, x->page, span, sizeof span));
    return buf;
}

void vmpt_stats(const struct vm *vm)
{
    uint32_t all = 0;

    if (!vm->pt_levels)
        return;
    shape_line(vm, "Page tables");
    for (size_t i = 0; i < vm->nprocs; i++) {
        char label[16];
        snprintf(label, sizeof label, "P%d", (int)vm->procs[i].pid);
        process_tables(vm, &vm->procs[i], label);
        all += vm->procs[i].ntpages;
    }
    printf("  %-6s %u table page%s in frames = %llu B (%zu linear table%s: %llu B); %llu made "
           "in all\n",
           "all", all, all == 1 ? "" : "s", (unsigned long long)all * vm->page_size, vm->nprocs,
           vm->nprocs == 1 ? "" : "s",
           (unsigned long long)(pts_linear_bytes(&vm->pts) * vm->nprocs),
           (unsigned long long)vm->tables_made);
    if (!vm->tlb)
        printf("  without a TLB every access walks %u level%s: EAT = (%u + 1) x t_mem = %u x %u "
               "ns = %llu ns\n",
               vm->pt_levels, vm->pt_levels == 1 ? "" : "s", vm->pt_levels, vm->pt_levels + 1,
               VM_MEM_NS, (unsigned long long)(vm->pt_levels + 1) * VM_MEM_NS);
}
