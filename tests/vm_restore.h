/* vm_restore.h: rebuilds a memory through the restore functions, as the
 * status file's reader does, for the tests of virtual memory (test_vm,
 * test_vm_ptable). Include after vm.h and string.h. */
#ifndef MT_VM_RESTORE_H
#define MT_VM_RESTORE_H

/* Restores a's table pages into b (the page-table layer). Returns 0 or -1
 * with err. */
static int vmr_tables(const struct vm *a, struct vm *b, char *err, size_t len)
{
    for (size_t i = 0; i < a->nprocs; i++)
        for (uint32_t k = 0; k < a->procs[i].ntpages; k++) {
            const struct vm_tpage *t = &a->procs[i].tpages[k];
            if (vm_restore_table_page(b, a->procs[i].pid, t->level, t->prefix, t->frame,
                                      a->frames[t->frame].loaded, err, len) < 0)
                return -1;
        }
    return 0;
}

/* Restores a's data frames and swapped pages into b. Returns 0 or -1 with
 * err. */
static int vmr_pages(const struct vm *a, struct vm *b, char *err, size_t len)
{
    for (uint32_t f = 0; f < a->nframes; f++) {
        const struct vm_frame *fr = &a->frames[f];
        if (fr->pid && !fr->table &&
            vm_restore_frame(b, f, fr->pid, fr->page, fr->slot, fr->ref, fr->dirty, fr->loaded,
                             fr->used, err, len) < 0)
            return -1;
    }
    for (uint32_t s = 0; s < a->nslots; s++) {
        const struct vm_slot *sl = &a->slots[s];
        uint32_t where;
        if (sl->pid && vm_page_state(vm_find(a, sl->pid), sl->page, &where) == VM_SWAPPED &&
            vm_restore_swapped(b, sl->pid, sl->page, s, err, len) < 0)
            return -1;
    }
    return 0;
}

/* Rebuilds a's memory into b: settings (with the page-table layer, the
 * address space and the shape), processes (their bytes, default
 * protection), table pages, frames, swapped pages, counters, the walk,
 * then vm_restore_done. Returns what the restore returns. */
static int vmr_copy(const struct vm *a, struct vm *b, char *err, size_t len)
{
    if (vm_init(b, a->nframes, a->page_size, a->nslots, err, len) < 0 ||
        vm_set_policy(b, a->policy, a->seed, a->bits, NULL) < 0 ||
        (a->pt_levels && (vm_set_address_space(b, a->as_bytes, NULL) < 0 ||
                          vm_set_page_table(b, a->pt_levels, a->pts.entry_bytes, NULL) < 0)))
        return -1;
    vm_restore_begin(b);
    for (size_t i = 0; i < a->nprocs; i++)
        if (vm_alloc(b, a->procs[i].pid, a->procs[i].bytes, NULL) < 0)
            return -1;
    if (vmr_tables(a, b, err, len) < 0 || vmr_pages(a, b, err, len) < 0)
        return -1;
    for (size_t i = 0; i < a->nprocs; i++)
        b->procs[i].counts = a->procs[i].counts;
    b->total = a->total;
    b->t = a->t;
    b->epoch = a->epoch;
    memcpy(b->recent, a->recent, sizeof a->recent);
    b->hand = a->hand;
    b->victim_frame = a->victim_frame;
    b->victim_pid = a->victim_pid;
    b->victim_page = a->victim_page;
    b->tables_made = a->tables_made;
    b->walk = a->walk;
    return vm_restore_done(b, a->draws, err, len);
}

#endif
