/* status_ptable.c: the page-table layer's records (format version 6),
 * written only when virtual memory is on with the layer: vm-ptable (the
 * shape and the counts of table pages), vm-table (each table page of each
 * process: level, prefix, frame, time) and vm-walk (the last access's
 * page-table walk). Table frames are not in the vm-frames records: the
 * vm-table records restore them (vm_restore_table_page, vm.h) before the
 * data pages, and the layer's invariants are checked with the rest of the
 * memory (vm_ptable_check through vm_check). The walk is checked against the
 * last access, the table pages and the TLB's answer. See status_impl.h and
 * docs/status-format.md. */
#include "status_impl.h"

#include <stdio.h>
#include <string.h>

#include "ptshape.h"

/* ---- Writing ------------------------------------------------------------- */

void status_write_vm_ptable(const struct status *st, struct status_cache *cache, struct sink *s)
{
    const struct vm *vm = &st->vm;

    (void)cache;
    if (!st->vm_on || !vm->pt_levels)
        return;
    status_putkv(s, "vm-ptable levels", vm->pt_levels);
    status_putkv(s, " entry", vm->pts.entry_bytes);
    status_putkv(s, " tables", vm->table_frames);
    status_putkv(s, " made", vm->tables_made);
    status_put(s, "\n", 1);
}

void status_write_vm_tables(const struct status *st, struct status_cache *cache, struct sink *s)
{
    const struct vm *vm = &st->vm;

    (void)cache;
    if (!st->vm_on || !vm->pt_levels)
        return;
    for (size_t i = 0; i < vm->nprocs; i++)
        for (uint32_t k = 0; k < vm->procs[i].ntpages; k++) {
            const struct vm_tpage *tp = &vm->procs[i].tpages[k];
            status_putkv(s, "vm-table pid", (uint64_t)vm->procs[i].pid);
            status_putkv(s, " level", tp->level);
            status_putkv(s, " prefix", tp->prefix);
            status_putkv(s, " frame", tp->frame);
            status_putkv(s, " t", tp->frame < vm->nframes ? vm->frames[tp->frame].loaded : 0);
            status_put(s, "\n", 1);
        }
}

/* Writes " key=a,b,..." of the n values v (key=- when n is 0). */
static void put_list(struct sink *s, const char *key, const uint64_t *v, unsigned n)
{
    status_put(s, " ", 1);
    status_puts(s, key);
    status_put(s, "=", 1);
    if (n == 0)
        status_put(s, "-", 1);
    for (unsigned i = 0; i < n; i++) {
        if (i)
            status_put(s, ",", 1);
        status_putu(s, v[i]);
    }
}

/* Writes a table page's frame and what it evicted: F:K:EVICT:PID:PAGE:SLOT
 * (PID and PAGE 0, SLOT '-' when none). */
static void put_tvictim(struct sink *s, const struct vm_evicted *e)
{
    status_putu(s, e->frame);
    status_put(s, ":", 1);
    status_putu(s, e->level);
    status_put(s, ":", 1);
    status_puts(s, status_evict_words[e->evict < VM_NEVICT ? e->evict : 0]);
    status_put(s, ":", 1);
    status_putu(s, (uint64_t)(e->victim_pid > 0 ? e->victim_pid : 0));
    status_put(s, ":", 1);
    status_putu(s, e->victim_page);
    status_put(s, ":", 1);
    if (e->victim_slot == VM_NONE)
        status_put(s, "-", 1);
    else
        status_putu(s, e->victim_slot);
}

void status_write_vm_walk(const struct status *st, struct status_cache *cache, struct sink *s)
{
    const struct vm_walk *w = &st->vm.walk;
    uint64_t v[PTS_MAX_LEVELS];
    unsigned n = w->levels < PTS_MAX_LEVELS ? w->levels : PTS_MAX_LEVELS;

    (void)cache;
    if (!st->vm_on || !st->vm.pt_levels || w->t == 0)
        return;
    status_putkv(s, "vm-walk t", w->t);
    status_putkv(s, " levels", w->levels);
    for (unsigned i = 0; i < n; i++)
        v[i] = w->frame[i];
    put_list(s, "frame", v, n);
    put_list(s, "index", w->index, n);
    status_puts(s, " tables=");
    if (w->ntables == 0)
        status_put(s, "-", 1);
    for (unsigned i = 0; i < w->ntables && i < PTS_MAX_LEVELS; i++) {
        if (i)
            status_put(s, ",", 1);
        put_tvictim(s, &w->tvictim[i]);
    }
    status_put(s, "\n", 1);
}

/* ---- Reading: vm-ptable, vm-table ---------------------------------------- */

int status_read_vm_ptable(struct status_parser *p, unsigned long *line)
{
    struct vm *vm = &p->st->vm;
    uint64_t levels, entry, tables, made;
    struct note n;

    if (!p->prot.seen)
        return status_fail(p, "vm-ptable: page tables in frames need an address space (a "
                              "'vm-space' record before it)");
    if (status_num_field(p, 1, "levels", 1, PTS_MAX_LEVELS, &levels) < 0 ||
        status_num_field(p, 2, "entry", 4, 8, &entry) < 0 ||
        status_num_field(p, 3, "tables", 0, vm->nframes, &tables) < 0 ||
        status_num_field(p, 4, "made", tables, UINT64_MAX, &made) < 0)
        return -1;
    if (entry != 4 && entry != 8)
        return status_fail(p, "vm-ptable: entry=%llu: an entry is 4 or 8 bytes",
                           (unsigned long long)entry);
    memset(&n, 0, sizeof n);
    if (vm_set_page_table(vm, (unsigned)levels, (unsigned)entry, &n) < 0)
        return status_fail(p, "vm-ptable: %s%s%s", n.what, n.why[0] ? ": " : "", n.why);
    vm_restore_begin(vm); /* A linear table comes from vm-table, not from vm_alloc. */
    vm->tables_made = made;
    p->pt.seen = 1;
    p->pt.line = *line;
    p->pt.tables = tables;
    return 0;
}

int status_read_vm_table(struct status_parser *p, unsigned long *line)
{
    struct vm *vm = &p->st->vm;
    struct status_parse_ptable *q = &p->pt;
    uint64_t pid, level, prefix, frame, t;
    char why[256];

    (void)line;
    if (!q->seen)
        return status_fail(p, "vm-table: table pages need a 'vm-ptable' record before them");
    if (q->ntables == q->tables)
        return status_fail(p, "vm-table: more than the tables=%llu vm-ptable declares",
                           (unsigned long long)q->tables);
    if (status_num_field(p, 1, "pid", 1, PG_MAX_PID, &pid) < 0 ||
        status_num_field(p, 2, "level", 0, vm->pt_levels - 1, &level) < 0 ||
        status_num_field(p, 3, "prefix", 0, UINT32_MAX, &prefix) < 0 ||
        status_num_field(p, 4, "frame", 0, vm->nframes - 1, &frame) < 0 ||
        status_num_field(p, 5, "t", 0, p->vm.t, &t) < 0)
        return -1;
    if (q->ntables && ((int64_t)pid < q->pid || ((int64_t)pid == q->pid && level < q->level) ||
                       ((int64_t)pid == q->pid && level == q->level && prefix <= q->prefix)))
        return status_fail(p,
                           "vm-table: pid=%llu level=%llu prefix=%llu is out of order: table "
                           "pages go by pid, then level, then prefix, each once",
                           (unsigned long long)pid, (unsigned long long)level,
                           (unsigned long long)prefix);
    if (vm_restore_table_page(vm, (int64_t)pid, (unsigned)level, (uint32_t)prefix, (uint32_t)frame,
                              t, why, sizeof why) < 0)
        return status_fail(p, "vm-table: %s", why);
    q->pid = (int64_t)pid;
    q->level = (unsigned)level;
    q->prefix = (uint32_t)prefix;
    q->ntables++;
    return 0;
}

/* Checks, when the parser leaves the vm-table records, that vm-ptable's
 * tables= counted them. */
int status_close_vm_tables(struct status_parser *p, unsigned long *line)
{
    if (!p->pt.seen || p->pt.ntables == p->pt.tables)
        return 0;
    *line = p->pt.line;
    return status_fail(p, "vm-ptable: tables=%llu but %llu vm-table records follow",
                       (unsigned long long)p->pt.tables, (unsigned long long)p->pt.ntables);
}

/* ---- Reading: vm-walk ------------------------------------------------------ */

/* Reads "a,b,..." (n values, each at most max) or "-" for none (*n 0) from
 * w into v (room for PTS_MAX_LEVELS). Returns 0 or -1. */
static int read_list(const char *w, uint64_t max, uint64_t *v, unsigned *n)
{
    *n = 0;
    if (strcmp(w, "-") == 0)
        return 0;
    for (;;) {
        if (*n == PTS_MAX_LEVELS || status_digits(&w, max, &v[*n]) < 0)
            return -1;
        ++*n;
        if (*w == '\0')
            return 0;
        if (*w++ != ',')
            return -1;
    }
}

/* Reads one table page of vm-walk's tables=, F:K:EVICT:PID:PAGE:SLOT, at
 * *s into e and moves *s past it. Returns 0 or -1. */
static int read_tvictim(const struct vm *vm, const char **s, struct vm_evicted *e)
{
    const uint64_t max2[2] = {vm->nframes - 1, PTS_MAX_LEVELS - 1},
                   max3[2] = {PG_MAX_PID, UINT32_MAX};
    uint64_t a[2], b[2], slot = VM_NONE;
    size_t len;
    int k;

    if (status_vm_tuple(s, 2, max2, a) < 0 || *(*s)++ != ':')
        return -1;
    len = strcspn(*s, ":");
    for (k = 0; k < VM_NEVICT; k++)
        if (strncmp(*s, status_evict_words[k], len) == 0 && status_evict_words[k][len] == '\0')
            break;
    if (k == VM_NEVICT)
        return -1;
    *s += len;
    if (*(*s)++ != ':' || status_vm_tuple(s, 2, max3, b) < 0 || *(*s)++ != ':')
        return -1;
    if (**s == '-')
        (*s)++;
    else if (status_digits(s, vm->nslots ? vm->nslots - 1 : 0, &slot) < 0 || vm->nslots == 0)
        return -1;
    e->frame = (uint32_t)a[0];
    e->level = (uint8_t)a[1];
    e->evict = (uint8_t)k;
    e->victim_pid = (int32_t)b[0];
    e->victim_page = (uint32_t)b[1];
    e->victim_slot = (uint32_t)slot;
    return 0;
}

/* Checks that table page e agrees with itself: a victim with an eviction,
 * a slot with writeback and drop only. Returns 0 or -1. */
static int tvictim_agrees(const struct vm_evicted *e)
{
    int slot = e->evict == VM_EVICT_WRITEBACK || e->evict == VM_EVICT_DROP;

    if ((e->evict == VM_EVICT_NONE) != (e->victim_pid == 0))
        return -1;
    if (e->evict == VM_EVICT_NONE && e->victim_page != 0)
        return -1;
    return slot == (e->victim_slot != VM_NONE) ? 0 : -1;
}

/* Reads tables= into w->tvictim, w->ntables. Returns 0 or -1 with the error. */
static int read_tables(struct status_parser *p, const char *s, struct vm_walk *w)
{
    const struct vm *vm = &p->st->vm;

    w->ntables = 0;
    if (strcmp(s, "-") == 0)
        return 0;
    for (;;) {
        struct vm_evicted *e = &w->tvictim[w->ntables];
        if (w->ntables == PTS_MAX_LEVELS || read_tvictim(vm, &s, e) < 0)
            return status_fail(p,
                               "vm-walk: tables= is '-' or up to %d table pages "
                               "FRAME:LEVEL:EVICT:PID:PAGE:SLOT separated by commas (EVICT -, "
                               "writeback, drop or zero; PID:PAGE 0:0 and SLOT - for none)",
                               PTS_MAX_LEVELS);
        if (tvictim_agrees(e) < 0)
            return status_fail(p,
                               "vm-walk: table page %u of tables=: a victim PID:PAGE goes with "
                               "an EVICT other than '-', a SLOT with writeback and drop only",
                               w->ntables + 1);
        w->ntables++;
        if (*s == '\0')
            return 0;
        if (*s++ != ',')
            return status_fail(p, "vm-walk: tables= entries are separated by commas");
    }
}

int status_read_vm_walk(struct status_parser *p, unsigned long *line)
{
    struct vm *vm = &p->st->vm;
    struct vm_walk w;
    uint64_t fr[PTS_MAX_LEVELS], levels;
    const char *wf, *wi, *wt;
    unsigned nf, ni;

    if (!p->pt.seen)
        return status_fail(p, "vm-walk: a walk needs page tables in frames (a 'vm-ptable' "
                              "record)");
    memset(&w, 0, sizeof w);
    if (status_num_field(p, 1, "t", 1, p->vm.t ? p->vm.t : 1, &w.t) < 0 ||
        status_num_field(p, 2, "levels", 0, vm->pt_levels, &levels) < 0 ||
        !(wf = status_word_field(p, 3, "frame")) || !(wi = status_word_field(p, 4, "index")) ||
        !(wt = status_word_field(p, 5, "tables")))
        return -1;
    if (read_list(wf, vm->nframes - 1, fr, &nf) < 0 || nf != levels)
        return status_fail(p,
                           "vm-walk: frame= lists levels=%llu frames below %u, separated by "
                           "commas ('-' for none)",
                           (unsigned long long)levels, vm->nframes);
    if (read_list(wi, UINT64_MAX, w.index, &ni) < 0 || ni != levels)
        return status_fail(p,
                           "vm-walk: index= lists levels=%llu indices, separated by commas "
                           "('-' for none)",
                           (unsigned long long)levels);
    if (read_tables(p, wt, &w) < 0)
        return -1;
    w.levels = (unsigned)levels;
    for (unsigned i = 0; i < nf; i++)
        w.frame[i] = (uint32_t)fr[i];
    vm->walk = w;
    p->pt.walk_line = *line;
    return 0;
}

/* Returns the prefix of the table page at `level` on the path of virtual
 * page vpn in shape s (a linear table: the page that holds its entry). */
static uint32_t path_prefix(const struct pts *s, uint64_t vpn, unsigned level)
{
    if (s->levels == 1)
        return (uint32_t)(vpn / s->per_page);
    return (uint32_t)(vpn >> (s->shift[level] + s->bits[level]));
}

/* Checks walk w against the last access a (whose walk it is): the levels
 * read (none on a TLB hit, all of them else), the indices of a's address,
 * the table pages allocated (the lowest levels, only on a fault, never for
 * a linear table) and, when no release freed frames since, the frames: each
 * level's the table page on a's path, each table page allocated in its
 * level's frame. Returns 0, or -1 with the error set. */
static int walk_agrees(struct status_parser *p, const struct vm_walk *w, const struct vm_step *a)
{
    const struct vm *vm = &p->st->vm;
    const struct vm_process *pr = vm_find(vm, a->pid);
    uint64_t idx[PTS_MAX_LEVELS], off;
    unsigned top = w->levels - w->ntables;

    if (w->levels != (a->tlb == TLB_HIT ? 0 : vm->pt_levels))
        return status_fail(p, "vm-walk: levels=%u: a walk reads %s", w->levels,
                           a->tlb == TLB_HIT ? "nothing on a TLB hit (levels=0)"
                                             : "every level (the TLB is off or missed)");
    if (pts_split(&vm->pts, a->addr, idx, &off) < 0)
        return status_fail(p, "vm-walk: the address is outside the address space"), -1;
    for (unsigned i = 0; i < w->levels; i++)
        if (w->index[i] != idx[i])
            return status_fail(p, "vm-walk: index %u is %llu, but address %llu indexes %llu there",
                               i + 1, (unsigned long long)w->index[i], (unsigned long long)a->addr,
                               (unsigned long long)idx[i]);
    if (w->ntables > w->levels || (w->ntables && (a->hit || vm->pt_levels == 1)))
        return status_fail(p,
                           "vm-walk: tables=: table pages are allocated by a fault, at the lowest "
                           "levels, and never for a linear table");
    for (unsigned j = 0; j < w->ntables; j++)
        if (w->tvictim[j].level != top + j)
            return status_fail(p,
                               "vm-walk: tables=: table page %u is at level %u, not %u (the "
                               "allocated ones are the lowest levels, top first)",
                               j + 1, w->tvictim[j].level, top + j);
    if (w->t <= vm->epoch)
        return 0; /* A release since: the frames read may be free or another's. */
    for (unsigned i = 0; i < w->levels; i++)
        if (!pr || w->frame[i] != vm_table_frame(pr, i, path_prefix(&vm->pts, a->page, i)))
            return status_fail(p,
                               "vm-walk: frame %u (level %u) is not the table page on P%ld page "
                               "%u's path",
                               w->frame[i], i, (long)a->pid, a->page);
    for (unsigned j = 0; j < w->ntables; j++)
        if (w->tvictim[j].frame != w->frame[w->tvictim[j].level])
            return status_fail(p,
                               "vm-walk: tables=: table page %u took frame %u, but the walk read "
                               "frame %u at its level",
                               j + 1, w->tvictim[j].frame, w->frame[w->tvictim[j].level]);
    return 0;
}

/* Checks the walk, when the parser leaves its place (after the TLB's
 * records, whose answer it depends on): it is the last access's, and agrees
 * with it (walk_agrees); that access's step gets its levels and tables. */
int status_close_vm_walk(struct status_parser *p, unsigned long *line)
{
    struct vm *vm = &p->st->vm;
    unsigned long here = *line; /* The parser's count of lines: put back on success. */
    struct vm_step *a;

    if (!p->pt.walk_line)
        return 0;
    *line = p->pt.walk_line;
    if (vm->walk.t != vm->t)
        return status_fail(p, "vm-walk: t=%llu is not the last access's, t=%llu",
                           (unsigned long long)vm->walk.t, (unsigned long long)vm->t);
    a = &vm->recent[(vm->t - 1) % VM_RECENT];
    if (walk_agrees(p, &vm->walk, a) < 0)
        return -1;
    a->walked = (uint8_t)vm->walk.levels;
    a->ntables = (uint8_t)vm->walk.ntables;
    *line = here;
    return 0;
}
