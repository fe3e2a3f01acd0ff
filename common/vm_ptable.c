/* vm_ptable.c: the page-table layer of virtual-memory mode: each process's
 * page table made of table pages that live in frames of the same memory as
 * the data pages. Multi-level tables get a table page at the first touch of
 * a page whose path lacks it (top level first, the data page last); a
 * linear table gets all its pages at the process's first allocation. Table
 * frames are taken like a data page's (the lowest free frame, else the
 * policy's victim) and then pinned: never a victim, not in the policy's
 * order. A walk reads one entry per level (vm.walk). The check and the
 * restore are vm_ptable_check.c's. See vm.h; the words are
 * docs/translation.md's "Page tables in frames". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm_impl.h"

/* Shape names, by levels. */
static const char *const shape_names[PTS_MAX_LEVELS + 1] = {
    "off", "linear", "2-level", "3-level", "4-level",
};

/* Table names by distance from the bottom level (x86-64's). */
static const char *const table_names[PTS_MAX_LEVELS] = {"PT", "PD", "PDPT", "PML4"};

const char *vm_level_name(const struct vm *vm, unsigned level)
{
    unsigned L = vm->pt_levels ? vm->pt_levels : 1;

    return level < L ? table_names[L - 1 - level] : "?";
}

const char *vm_page_table_name(unsigned levels)
{
    return levels <= PTS_MAX_LEVELS ? shape_names[levels] : "?";
}

int vm_page_table_parse(const char *s, unsigned *levels)
{
    for (unsigned i = 0; i <= PTS_MAX_LEVELS; i++)
        if (strcmp(s, shape_names[i]) == 0) {
            *levels = i;
            return 0;
        }
    return -1;
}

/* Fills n (when not NULL) with a refusal and returns -1. */
static int refuse(struct note *n, const char *why)
{
    if (n)
        note_why(n, "%s; nothing was changed", why);
    return -1;
}

int vm_set_page_table(struct vm *vm, unsigned levels, unsigned entry_bytes, struct note *n)
{
    struct pts s;
    char err[NOTE_MAX], d[NOTE_MAX];

    memset(&s, 0, sizeof s);
    if (n)
        note_what(n, "cannot make the page table %s", vm_page_table_name(levels));
    if (vm->nprocs || vm->run.active)
        return refuse(n, "its shape can change only while there are no processes (free them or "
                         "reset first)");
    if (levels > PTS_MAX_LEVELS)
        return refuse(n, "a page table is off, linear or 2- to 4-level");
    if (levels && !vm->as_bytes)
        return refuse(n, "page tables need the address-space layer (vm address-space BYTES)");
    if (levels && !entry_bytes)
        entry_bytes = vm->as_bytes <= (UINT64_C(1) << 32) ? 4 : 8;
    if (levels &&
        pts_make(&s, vm->as_bytes, vm->page_size, entry_bytes, levels, err, sizeof err) < 0)
        return refuse(n, err);
    vm->pt_levels = levels;
    vm->pts = s;
    vm->tables_made = 0;
    memset(&vm->walk, 0, sizeof vm->walk);
    for (uint32_t i = 0; i < VM_RECENT; i++)
        vm->recent[i].walked = vm->recent[i].ntables = 0;
    if (!n)
        return 0;
    if (!levels) {
        note_what(n, "page-table layer off");
        note_why(n, "page tables take no frames again");
        return 0;
    }
    pts_describe(&s, d, sizeof d);
    note_what(n, "page tables: %s, in frames", vm_page_table_name(levels));
    note_why(n, "%s", d);
    return 0;
}

int vm_ptable_respace(struct vm *vm, uint64_t as_bytes, struct note *n)
{
    struct pts s;
    char err[NOTE_MAX];

    if (n)
        note_what(n, "cannot change the address space under a %s page table",
                  vm_page_table_name(vm->pt_levels));
    if (!as_bytes)
        return refuse(n, "page tables need the address-space layer: vm page-table off first");
    if (pts_make(&s, as_bytes, vm->page_size, vm->pts.entry_bytes, vm->pt_levels, err, sizeof err) <
        0)
        return refuse(n, err);
    vm->pts = s;
    return 0;
}

uint32_t vm_ptable_prefix(const struct pts *s, unsigned level, uint64_t vpn)
{
    if (s->levels == 1)
        return (uint32_t)(vpn >> s->index_bits); /* The table page holding vpn's entry. */
    return level == 0 ? 0 : (uint32_t)(vpn >> s->shift[level - 1]);
}

/* Returns the index in p->tpages of the first table page at or after
 * (level, prefix). */
static uint32_t tp_lower(const struct vm_process *p, unsigned level, uint32_t prefix)
{
    uint32_t lo = 0, hi = p->ntpages;

    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const struct vm_tpage *t = &p->tpages[mid];
        if (t->level < level || (t->level == level && t->prefix < prefix))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

uint32_t vm_table_frame(const struct vm_process *p, unsigned level, uint32_t prefix)
{
    uint32_t i = tp_lower(p, level, prefix);

    if (i < p->ntpages && p->tpages[i].level == level && p->tpages[i].prefix == prefix)
        return p->tpages[i].frame;
    return VM_NONE;
}

uint32_t vm_table_pages(const struct vm *vm, const struct vm_process *p,
                        uint32_t per_level[PTS_MAX_LEVELS])
{
    memset(per_level, 0, PTS_MAX_LEVELS * sizeof *per_level);
    for (uint32_t i = 0; i < p->ntpages; i++)
        if (p->tpages[i].level < vm->pt_levels)
            per_level[p->tpages[i].level]++;
    return p->ntpages;
}

int vm_ptable_reserve(struct vm_process *p, uint32_t more)
{
    struct vm_tpage *t;
    uint32_t cap = p->captpages ? p->captpages : 4;

    if (p->ntpages + more <= p->captpages)
        return 0;
    while (cap < p->ntpages + more)
        cap *= 2;
    if (!(t = realloc(p->tpages, cap * sizeof *t)))
        return -1;
    p->tpages = t;
    p->captpages = cap;
    return 0;
}

void vm_ptable_put(struct vm *vm, struct vm_process *p, unsigned level, uint32_t prefix, uint32_t f,
                   uint64_t t)
{
    struct vm_frame *fr = &vm->frames[f];
    uint32_t i = tp_lower(p, level, prefix);

    memmove(&p->tpages[i + 1], &p->tpages[i], (p->ntpages - i) * sizeof *p->tpages);
    p->tpages[i] = (struct vm_tpage){prefix, (uint8_t)level, f};
    p->ntpages++;
    memset(fr, 0, sizeof *fr);
    fr->pid = p->pid;
    fr->page = prefix;
    fr->slot = VM_NONE;
    fr->table = (uint8_t)(level + 1);
    fr->loaded = fr->used = t;
    vm->table_frames++;
}

/* Takes table page (level, prefix) of p out of frame f, which it took from
 * the free frames: f is free again. */
static void unput(struct vm *vm, struct vm_process *p, unsigned level, uint32_t prefix, uint32_t f)
{
    uint32_t i = tp_lower(p, level, prefix);

    memmove(&p->tpages[i], &p->tpages[i + 1], (p->ntpages - i - 1) * sizeof *p->tpages);
    p->ntpages--;
    memset(&vm->frames[f], 0, sizeof vm->frames[f]);
    vm->table_frames--;
    vm->nfree++;
    if (f < vm->free_lo)
        vm->free_lo = f;
}

/* The table pages an operation needs: levels and prefixes, top first. */
struct need {
    unsigned k;                      /* How many. */
    uint8_t level[PTS_MAX_LEVELS];   /* Multi-level: their levels; ... */
    uint32_t prefix[PTS_MAX_LEVELS]; /* ... and prefixes. */
    uint32_t linear;                 /* Linear: pages 0 .. linear-1 (k = linear). */
};

/* Returns the level of need item i (0 for a linear table). */
static unsigned need_level(const struct need *w, unsigned i)
{
    return w->linear ? 0 : w->level[i];
}

static uint32_t need_prefix(const struct need *w, unsigned i)
{
    return w->linear ? i : w->prefix[i];
}

/* Frees the first k table pages of w, which took free frames. */
static void unplace(struct vm *vm, struct vm_process *p, const struct need *w, unsigned k)
{
    for (unsigned i = k; i-- > 0;) {
        unsigned level = need_level(w, i);
        uint32_t prefix = need_prefix(w, i);
        unput(vm, p, level, prefix, vm_table_frame(p, level, prefix));
        vm->tables_made--;
    }
}

/* Evicts the page in frame f, the policy's victim, for a table page at
 * level `level` (the swap's room known) and its TLB entry; records it in
 * *ev. */
static void evict_for(struct vm *vm, uint32_t f, unsigned level, struct vm_evicted *ev)
{
    struct vm_step s;

    memset(&s, 0, sizeof s);
    s.victim_slot = VM_NONE;
    vm_evict(vm, f, &s);
    if (vm->tlb)
        tlb_invalidate(vm->tlb, s.victim_pid, s.victim_page);
    ev->frame = f;
    ev->level = (uint8_t)level;
    ev->evict = s.evict;
    ev->victim_pid = s.victim_pid;
    ev->victim_page = s.victim_page;
    ev->victim_slot = s.victim_slot;
}

/* Says in n that victim frame f, dirty and without a slot, cannot go to a
 * full swap (who needed it: `what`). */
static void explain_full(const struct vm *vm, uint32_t f, const char *what, struct note *n)
{
    const struct vm_frame *v = &vm->frames[f];

    if (!n)
        return;
    note_what(n, "refused: %s, and swap is full", what);
    note_why(n,
             "%s would evict P%ld page %u from frame %u, which is dirty and has no swap slot; "
             "%u of %u swap slots are used; nothing was changed",
             vm_policy_name(vm->policy), (long)v->pid, v->page, f, vm->nslots, vm->nslots);
}

/* Takes frames for the table pages w of p, top first, at time t: the lowest
 * free frame, else the policy's victim, recorded in ev[]. The caller checked
 * that enough frames are not table frames and, for 2 or more evictions, the
 * swap's room. Returns 0, or -1 (the one eviction refused: its victim dirty
 * without a slot and swap full; `what` names who needed it) with nothing
 * changed. */
static int place(struct vm *vm, struct vm_process *p, const struct need *w, uint64_t t,
                 struct vm_evicted *ev, const char *what, struct note *n)
{
    unsigned evictions = w->k > vm->nfree ? w->k - vm->nfree : 0;

    for (unsigned i = 0; i < w->k; i++) {
        unsigned level = need_level(w, i);
        struct vm_evicted e = {0, (uint8_t)level, VM_EVICT_NONE, 0, 0, VM_NONE};
        uint32_t f;
        if (vm->nfree) {
            e.frame = f = vm_take_frame(vm);
        } else {
            struct vm_choice c = {0};
            c.undoable = evictions == 1 && vm->slots_used == vm->nslots;
            vmp_choose(vm, &c);
            f = c.frame;
            if (c.undoable && vm->frames[f].dirty && vm->frames[f].slot == VM_NONE) {
                explain_full(vm, f, what, n);
                vmp_undo(vm, &c);
                unplace(vm, p, w, i);
                return -1;
            }
            evict_for(vm, f, level, &e);
        }
        if (ev)
            ev[i] = e;
        vm_ptable_put(vm, p, level, need_prefix(w, i), f, t);
        vm->tables_made++;
    }
    return 0;
}

/* Refuses (in s and n) an operation that needs `frames` frames, `tables` of
 * them for table pages, when fewer frames than that are not table frames.
 * Returns 0 when there are enough, else -1. */
static int check_room(const struct vm *vm, uint64_t frames, uint64_t tables, const char *what,
                      struct vm_step *s, struct note *n)
{
    uint32_t data = vm->nframes - vm->table_frames;

    if (frames <= data)
        return 0;
    if (s)
        s->refused = VM_REFUSE_TABLES;
    if (n) {
        note_what(n, "refused: %s", what);
        note_why(n,
                 "%llu frame%s (%llu for page-table pages), and only %u of the %u frames are "
                 "free or hold data pages (%u hold page tables, pinned); nothing was changed",
                 (unsigned long long)frames, frames == 1 ? " is needed" : "s are needed",
                 (unsigned long long)tables, data, vm->nframes, vm->table_frames);
    }
    return -1;
}

/* Refuses (in s and n) an operation that takes `frames` frames when it must
 * evict 2 or more pages and swap has fewer free slots than that: each might
 * need one, and a refusal after the first eviction could not be taken back.
 * Returns 0 when it may go on, else -1. */
static int check_swap(const struct vm *vm, uint64_t frames, const char *what, struct vm_step *s,
                      struct note *n)
{
    uint64_t evictions = frames > vm->nfree ? frames - vm->nfree : 0;
    uint32_t free_slots = vm->nslots - vm->slots_used;

    if (evictions < 2 || free_slots >= evictions)
        return 0;
    if (s)
        s->refused = VM_REFUSE_SWAP_FULL;
    if (n) {
        note_what(n, "refused: %s: %llu evictions, and swap has %u free slot%s", what,
                  (unsigned long long)evictions, free_slots, free_slots == 1 ? "" : "s");
        note_why(n,
                 "with page tables one access may evict several pages; it goes ahead only "
                 "when swap has a slot for each (%u free frame%s, %u of %u slots used); "
                 "nothing was changed",
                 vm->nfree, vm->nfree == 1 ? "" : "s", vm->slots_used, vm->nslots);
    }
    return -1;
}

/* Fills w with the table pages page `page` of p lacks (multi-level). */
static void find_missing(const struct vm *vm, const struct vm_process *p, uint32_t page,
                         struct need *w)
{
    memset(w, 0, sizeof *w);
    for (unsigned k = 0; k < vm->pt_levels; k++) {
        uint32_t x = vm_ptable_prefix(&vm->pts, k, page);
        if (vm_table_frame(p, k, x) == VM_NONE) {
            w->level[w->k] = (uint8_t)k;
            w->prefix[w->k++] = x;
        }
    }
}

int vm_ptable_fault(struct vm *vm, struct vm_process *p, uint32_t page, uint32_t *e,
                    struct vm_step *s, struct note *n)
{
    struct need w;
    struct vm_evicted ev[PTS_MAX_LEVELS];
    char what[120];

    memset(&w, 0, sizeof w);
    if (vm->pt_levels >= 2 && *e == 0)
        find_missing(vm, p, page, &w);
    snprintf(what, sizeof what, "P%ld page %u needs %u page-table page%s and a frame", (long)p->pid,
             page, w.k, w.k == 1 ? "" : "s");
    if (check_room(vm, w.k + 1u, w.k, what, s, n) < 0 || check_swap(vm, w.k + 1u, what, s, n) < 0)
        return -1;
    if (vm_ptable_reserve(p, w.k) < 0) {
        s->refused = VM_REFUSE_NOMEM;
        if (n)
            note_what(n, "refused: out of memory for P%ld's table pages", (long)p->pid);
        return refuse(n, "the system has no memory left for them");
    }
    /* place() cannot refuse here: the tables take the free frames first, so
     * one eviction is the data page's, and check_swap made room for more.
     * vm_fault may refuse that one (swap full): then the tables go again. */
    place(vm, p, &w, vm->t + 1, ev, what, NULL);
    if (vm_fault(vm, p, page, e, s, n) < 0) {
        unplace(vm, p, &w, w.k);
        return -1;
    }
    s->ntables = (uint8_t)w.k;
    memcpy(vm->walk.tvictim, ev, w.k * sizeof *ev);
    return 0; /* vm_play's note names the table pages (vm->walk.tvictim). */
}

void vm_ptable_walk(struct vm *vm, const struct vm_process *p, struct vm_step *s)
{
    struct vm_walk w;
    uint64_t offset;

    memset(&w, 0, sizeof w);
    w.t = s->t;
    w.ntables = s->ntables;
    memcpy(w.tvictim, vm->walk.tvictim, s->ntables * sizeof *w.tvictim);
    if (s->tlb != TLB_HIT && pts_split(&vm->pts, s->addr, w.index, &offset) == 0) {
        w.levels = vm->pt_levels;
        for (unsigned k = 0; k < w.levels; k++)
            w.frame[k] = vm_table_frame(p, k, vm_ptable_prefix(&vm->pts, k, s->page));
    }
    s->walked = (uint8_t)w.levels;
    vm->walk = w;
}

int vm_ptable_linear(struct vm *vm, struct vm_process *p, struct note *n)
{
    uint64_t pages = pts_linear_pages(&vm->pts);
    struct need w;
    uint32_t vf = vm->victim_frame, vpage = vm->victim_page;
    int32_t vpid = vm->victim_pid;
    char what[160];

    memset(&w, 0, sizeof w);
    snprintf(what, sizeof what, "P%ld's linear page table (%llu B) needs %llu frame%s",
             (long)p->pid, (unsigned long long)pts_linear_bytes(&vm->pts),
             (unsigned long long)pages, pages == 1 ? "" : "s");
    if (check_room(vm, pages, pages, what, NULL, n) < 0 || check_swap(vm, pages, what, NULL, n) < 0)
        return -1;
    if (vm_ptable_reserve(p, (uint32_t)pages) < 0) {
        if (n)
            note_what(n, "out of memory for P%ld's table pages", (long)p->pid);
        return refuse(n, "the system has no memory left for them");
    }
    w.k = w.linear = (uint32_t)pages;
    if (place(vm, p, &w, vm->t, NULL, what, n) < 0)
        return -1;
    /* Not an access: the last victim stays the last access's. */
    vm->victim_frame = vf;
    vm->victim_pid = vpid;
    vm->victim_page = vpage;
    vm->epoch = vm->t;
    if (n)
        note_append(n->why, sizeof n->why, "; its linear page table takes %llu frame%s now",
                    (unsigned long long)pages, pages == 1 ? "" : "s");
    return 0;
}

uint32_t vm_ptable_release(struct vm *vm, struct vm_process *p)
{
    uint32_t k = p->ntpages;

    for (uint32_t i = 0; i < p->ntpages; i++) {
        uint32_t f = p->tpages[i].frame;
        memset(&vm->frames[f], 0, sizeof vm->frames[f]);
        vm->nfree++;
        if (f < vm->free_lo)
            vm->free_lo = f;
    }
    vm->table_frames -= k;
    free(p->tpages);
    p->tpages = NULL;
    p->ntpages = p->captpages = 0;
    return k;
}

void vm_walk_describe(const struct vm *vm, const struct vm_step *s, char *buf, size_t len)
{
    const struct vm_walk *w = &vm->walk;
    unsigned L = w->levels;

    if (len == 0)
        return;
    buf[0] = '\0';
    if (!vm->pt_levels || L == 0 || w->t != s->t)
        return;
    if (L == 1) {
        note_append(buf, len,
                    "PTBR -> linear table; PT[%llu] in its page %u at frame %u -> frame %u",
                    (unsigned long long)w->index[0], vm_ptable_prefix(&vm->pts, 0, s->page),
                    w->frame[0], s->frame);
        return;
    }
    note_append(buf, len, "PDBR -> frame %u", w->frame[0]);
    for (unsigned k = 0; k < L; k++) {
        note_append(buf, len, "; %s[%llu] -> ", table_names[L - 1 - k],
                    (unsigned long long)w->index[k]);
        if (k + 1 < L)
            note_append(buf, len, "%s at frame %u", table_names[L - 2 - k], w->frame[k + 1]);
        else
            note_append(buf, len, "frame %u", s->frame);
    }
}
