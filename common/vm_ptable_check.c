/* vm_ptable_check.c: what must hold of the page-table layer (vm_ptable_check,
 * part of vm_check) and the restore of a saved table page. See vm.h and
 * vm_ptable.c. */
#include <stdio.h>
#include <string.h>

#include "vm_impl.h"

/* Fails the check: formats the reason into err and returns -1. */
#define FAIL(...) return (snprintf(err, errlen, __VA_ARGS__), -1)

/* The layer off: nothing of it anywhere. */
static int check_off(const struct vm *vm, char *err, size_t errlen)
{
    for (uint32_t f = 0; f < vm->nframes; f++)
        if (vm->frames[f].table)
            FAIL("frame %u holds a page table, and the page-table layer is off", f);
    for (size_t i = 0; i < vm->nprocs; i++)
        if (vm->procs[i].ntpages)
            FAIL("P%ld has table pages, and the page-table layer is off", (long)vm->procs[i].pid);
    for (uint32_t i = 0; i < VM_RECENT; i++)
        if (vm->recent[i].walked || vm->recent[i].ntables)
            FAIL("a kept access walked a page table, and the page-table layer is off");
    if (vm->table_frames || vm->tables_made || vm->walk.t || vm->walk.levels || vm->walk.ntables)
        FAIL("table frames, table pages made or a walk, and the page-table layer is off");
    return 0;
}

/* Returns 1 when prefix is a table page's at level k of shape s. */
static int prefix_valid(const struct pts *s, unsigned k, uint32_t prefix)
{
    if (s->levels == 1)
        return prefix < pts_linear_pages(s);
    return k == 0 ? prefix == 0 : prefix >> (s->vpn_bits - s->shift[k - 1]) == 0;
}

/* Checks table frame f: its process has the table page and names f. */
static int check_frame(const struct vm *vm, uint32_t f, char *err, size_t errlen)
{
    const struct vm_frame *fr = &vm->frames[f];
    const struct vm_process *p = vm_find(vm, fr->pid);
    unsigned level = fr->table - 1u;

    if (!p || level >= vm->pt_levels || vm_table_frame(p, level, fr->page) != f)
        FAIL("frame %u holds P%ld's table page (level %u, prefix 0x%x), which it does not name", f,
             (long)fr->pid, level, fr->page);
    if (fr->ref || fr->dirty || fr->slot != VM_NONE || fr->loaded != fr->used || fr->used > vm->t)
        FAIL("table frame %u: bits R=%u D=%u, slot %u or times %llu, %llu (now %llu) wrong", f,
             fr->ref, fr->dirty, fr->slot, (unsigned long long)fr->loaded,
             (unsigned long long)fr->used, (unsigned long long)vm->t);
    return 0;
}

/* Checks that each resident or swapped page of p (multi-level) has its
 * bottom table page (its parents then exist: check_tpages). */
static int check_paths(const struct vm *vm, const struct vm_process *p, char *err, size_t errlen)
{
    unsigned bottom = vm->pt_levels - 1;
    uint32_t last = VM_NONE;

    for (uint32_t pg = vm_next_touched(p, 0); pg < p->npages; pg = vm_next_touched(p, pg + 1)) {
        uint32_t x = vm_ptable_prefix(&vm->pts, bottom, pg);
        if (x == last)
            continue;
        if (vm_table_frame(p, bottom, x) == VM_NONE)
            FAIL("P%ld page %u is in memory or swap without its table page (level %u)",
                 (long)p->pid, pg, bottom);
        last = x;
    }
    return 0;
}

/* Checks table page i of p: order, shape, frame, parent, and pages below. */
static int check_tpage(const struct vm *vm, const struct vm_process *p, uint32_t i, char *err,
                       size_t errlen)
{
    const struct vm_tpage *t = &p->tpages[i], *u = i ? &p->tpages[i - 1] : NULL;
    const struct vm_frame *fr = t->frame < vm->nframes ? &vm->frames[t->frame] : NULL;
    unsigned k = t->level;

    if (u && (u->level > k || (u->level == k && u->prefix >= t->prefix)))
        FAIL("P%ld's table pages are not in (level, prefix) order at %u", (long)p->pid, i);
    if (k >= vm->pt_levels || !prefix_valid(&vm->pts, k, t->prefix))
        FAIL("P%ld's table page (level %u, prefix 0x%x) is outside the %s shape", (long)p->pid, k,
             t->prefix, vm_page_table_name(vm->pt_levels));
    if (!fr || fr->pid != p->pid || fr->table != k + 1 || fr->page != t->prefix)
        FAIL("P%ld's table page (level %u, prefix 0x%x) names frame %u, which does not hold it",
             (long)p->pid, k, t->prefix, t->frame);
    if (vm->pt_levels == 1) {
        if (k != 0 || t->prefix != i || p->ntpages != pts_linear_pages(&vm->pts))
            FAIL("P%ld has %u pages of its linear table, not pages 0-%llu", (long)p->pid,
                 p->ntpages, (unsigned long long)pts_linear_pages(&vm->pts) - 1);
        return 0;
    }
    if (k > 0 && vm_table_frame(p, k - 1, t->prefix >> vm->pts.bits[k - 1]) == VM_NONE)
        FAIL("P%ld's table page (level %u, prefix 0x%x) has no parent", (long)p->pid, k, t->prefix);
    if (k > 0 && ((uint64_t)t->prefix << vm->pts.shift[k - 1]) >= p->npages)
        FAIL("P%ld's table page (level %u, prefix 0x%x) maps none of its %u pages", (long)p->pid, k,
             t->prefix, p->npages);
    return 0;
}

/* Checks the last walk and the kept steps' walks. */
static int check_walk(const struct vm *vm, char *err, size_t errlen)
{
    const struct vm_walk *w = &vm->walk;
    unsigned most = vm->pt_levels >= 2 ? vm->pt_levels : 0;
    const struct vm_step *last = vm->t ? &vm->recent[(vm->t - 1) % VM_RECENT] : NULL;

    for (uint32_t i = 0; i < VM_RECENT; i++)
        if ((vm->recent[i].walked && vm->recent[i].walked != vm->pt_levels) ||
            vm->recent[i].ntables > most)
            FAIL("a kept access walked %u levels or made %u table pages in a %s table",
                 vm->recent[i].walked, vm->recent[i].ntables, vm_page_table_name(vm->pt_levels));
    if (w->t == 0) {
        struct vm_walk zero;
        memset(&zero, 0, sizeof zero);
        if (memcmp(w, &zero, sizeof zero) != 0)
            FAIL("a walk without an access");
        return 0;
    }
    if (w->t != vm->t || (w->levels && w->levels != vm->pt_levels) || w->ntables > most ||
        w->levels != last->walked || w->ntables != last->ntables)
        FAIL("the last walk (t=%llu, %u levels, %u table pages) is not the last access's",
             (unsigned long long)w->t, w->levels, w->ntables);
    for (unsigned k = 0; k < w->levels; k++)
        if (w->frame[k] >= vm->nframes)
            FAIL("the last walk reads frame %u, outside memory", w->frame[k]);
    for (unsigned i = 0; i < w->ntables; i++)
        if (w->tvictim[i].frame >= vm->nframes || w->tvictim[i].level >= vm->pt_levels ||
            w->tvictim[i].evict > VM_EVICT_ZERO)
            FAIL("the last walk's table page %u (frame %u, level %u) is wrong", i,
                 w->tvictim[i].frame, w->tvictim[i].level);
    return 0;
}

int vm_ptable_check(const struct vm *vm, char *err, size_t errlen)
{
    struct pts s;
    uint32_t frames = 0, pages = 0;

    if (!vm->pt_levels)
        return check_off(vm, err, errlen);
    if (!vm->as_bytes || vm->pt_levels > PTS_MAX_LEVELS ||
        pts_make(&s, vm->as_bytes, vm->page_size, vm->pts.entry_bytes, vm->pt_levels, err, errlen) <
            0 ||
        memcmp(&s, &vm->pts, sizeof s) != 0)
        FAIL("the page table's shape is not %s of the address space",
             vm_page_table_name(vm->pt_levels));
    for (uint32_t f = 0; f < vm->nframes; f++)
        if (vm->frames[f].table) {
            if (check_frame(vm, f, err, errlen) < 0)
                return -1;
            frames++;
        }
    for (size_t i = 0; i < vm->nprocs; i++) {
        const struct vm_process *p = &vm->procs[i];
        for (uint32_t k = 0; k < p->ntpages; k++)
            if (check_tpage(vm, p, k, err, errlen) < 0)
                return -1;
        if (vm->pt_levels == 1 && p->ntpages != pts_linear_pages(&vm->pts))
            FAIL("P%ld has %u pages of its linear table, not %llu", (long)p->pid, p->ntpages,
                 (unsigned long long)pts_linear_pages(&vm->pts));
        if (vm->pt_levels > 1 && check_paths(vm, p, err, errlen) < 0)
            return -1;
        pages += p->ntpages;
    }
    if (frames != vm->table_frames || pages != frames || vm->tables_made < frames)
        FAIL("%u table frames and %u table pages, not %u (%llu made)", frames, pages,
             vm->table_frames, (unsigned long long)vm->tables_made);
    return check_walk(vm, err, errlen);
}

int vm_restore_table_page(struct vm *vm, int64_t pid, unsigned level, uint32_t prefix,
                          uint32_t frame, uint64_t t, char *err, size_t errlen)
{
    size_t at = vm_proc_index(vm, pid);
    struct vm_process *p;

    if (!vm->pt_levels)
        FAIL("a table page, and the page-table layer is off");
    if (at == vm->nprocs)
        FAIL("no process %lld", (long long)pid);
    p = &vm->procs[at];
    if (level >= vm->pt_levels || !prefix_valid(&vm->pts, level, prefix))
        FAIL("P%lld's table page (level %u, prefix 0x%x) is outside the %s shape", (long long)pid,
             level, prefix, vm_page_table_name(vm->pt_levels));
    if (frame >= vm->nframes || vm->frames[frame].pid)
        FAIL("frame %u is outside memory or taken", frame);
    if (vm_table_frame(p, level, prefix) != VM_NONE)
        FAIL("P%lld's table page (level %u, prefix 0x%x) placed twice", (long long)pid, level,
             prefix);
    if (vm_ptable_reserve(p, 1) < 0)
        FAIL("out of memory for P%lld's table pages", (long long)pid);
    vm_ptable_put(vm, p, level, prefix, frame, t);
    vm->nfree--;
    return 0;
}

void vm_restore_begin(struct vm *vm)
{
    vm->restoring = 1;
}
