/* vmptcmp.c: `compare tables REFS`: the same virtual addresses played at
 * several page sizes x page-table shapes, each on a fresh memory, side by
 * side: the table pages and their bytes, a linear table's bytes, faults and
 * the TLB's hit rate. See cmd.h; the lesson is labs/5-tlb-and-tables. */
#include "cmd.h"

#include <string.h>

#include "paging.h"
#include "ptshape.h"

/* What one cell (a page size and a shape) gave. */
struct cell {
    int refused; /* 1: the cell could not play; why says why. */
    char why[NOTE_MAX];
    uint32_t frames;              /* Frames of the memory. */
    uint32_t pages;               /* Table pages of P1 at the end, ... */
    uint32_t per[PTS_MAX_LEVELS]; /* ... per level. */
    uint64_t linear;              /* Bytes a linear table of the space takes. */
    uint64_t faults, evictions, refs_refused;
    double hit_rate; /* The TLB's, or -1 with no TLB. */
};

/* Writes the short reason a shape is impossible into c->why: too many
 * levels for the VPN's bits, too few for the top table to fit a page, or
 * pts_make's own reason (err). */
static void shape_refused(struct cell *c, uint64_t space, uint64_t ps, unsigned entry,
                          unsigned levels, const char *err)
{
    int a = pg_log2(space), o = pg_log2(ps), e = pg_log2(ps / entry);
    unsigned v = a > o ? (unsigned)(a - o) : 0, b = e > 0 ? (unsigned)e : 0;

    c->refused = 1;
    if (a <= o || levels < 2 || b == 0)
        snprintf(c->why, sizeof c->why, "%s", err);
    else if (v <= (levels - 1) * b)
        snprintf(c->why, sizeof c->why, "%u levels: too many for %u VPN bits (at most %u)", levels,
                 v, 1 + (v - 1) / b);
    else
        snprintf(c->why, sizeof c->why,
                 "%u levels: too few for %u VPN bits, the top table would not fit a page (%u "
                 "fit)",
                 levels, v, (v + b - 1) / b);
}

/* Makes the cell's memory: frames of ps bytes for g->memory, swap for
 * every page the nrefs references can touch (never full), the session's
 * policy and TLB, the space and the shape, and P1 with every page below
 * top. Returns 0, or -1 with c->why. */
static int cell_memory(const struct session *s, const struct vmpt_grid *g, uint64_t top,
                       size_t nrefs, uint64_t ps, unsigned levels, unsigned entry, struct vm *vm,
                       struct cell *c)
{
    uint64_t frames = g->memory / ps, pages = (top + ps - 1) / ps;
    uint64_t swap = pages < nrefs ? pages : nrefs;
    struct note n;
    char err[NOTE_MAX];

    if (frames == 0 || frames > PG_MAX_FRAMES) {
        snprintf(c->why, sizeof c->why, "%llu B of memory make %llu frames of %llu B (1-%u)",
                 (unsigned long long)g->memory, (unsigned long long)frames, (unsigned long long)ps,
                 PG_MAX_FRAMES);
        return -1;
    }
    c->frames = (uint32_t)frames;
    if (vm_init(vm, frames, ps, swap < VM_MAX_SWAP ? swap : VM_MAX_SWAP, err, sizeof err) < 0) {
        snprintf(c->why, sizeof c->why, "%s", err);
        return -1;
    }
    if (vm_set_policy(vm, s->vmset.policy, s->vmset.seed, s->vmset.bits, &n) < 0 ||
        vm_set_address_space(vm, g->space, &n) < 0 ||
        vm_set_page_table(vm, levels, entry, &n) < 0 ||
        (pages && vm_alloc(vm, 1, pages * ps, &n) < 0)) {
        cmd_bare_reason(&n);
        snprintf(c->why, sizeof c->why, "%s", n.what);
        vm_free(vm);
        return -1;
    }
    if (vmtlb_apply(s, vm, err, sizeof err) < 0) {
        snprintf(c->why, sizeof c->why, "%s", err);
        vm_free(vm);
        return -1;
    }
    return 0;
}

/* Plays refs in the cell (page size ps, `levels` levels) into *c. */
static void play_cell(const struct session *s, const struct vm_ref *refs, size_t n,
                      const struct vmpt_grid *g, uint64_t ps, unsigned levels, struct cell *c)
{
    unsigned entry = g->entry ? g->entry : g->space <= (1ull << 32) ? 4 : 8;
    uint64_t top = 0;
    struct pts shape;
    struct vm vm;
    struct vm_step st;
    char err[NOTE_MAX];

    memset(c, 0, sizeof *c);
    if (pts_make(&shape, g->space, ps, entry, levels, err, sizeof err) < 0) {
        shape_refused(c, g->space, ps, entry, levels, err);
        return;
    }
    for (size_t i = 0; i < n; i++)
        if (refs[i].addr < g->space && refs[i].addr + 1 > top)
            top = refs[i].addr + 1; /* One past the space is refused, not allocated. */
    if (cell_memory(s, g, top, n, ps, levels, entry, &vm, c) < 0) {
        c->refused = 1;
        return;
    }
    if (vm_run_begin(&vm, refs, n, err, sizeof err) < 0) {
        snprintf(c->why, sizeof c->why, "%s", err);
        c->refused = 1;
        vm_free(&vm);
        return;
    }
    for (size_t i = 0; i < n; i++)
        c->refs_refused += vm_run_step(&vm, &st, NULL) < 0;
    vm_run_end(&vm);
    c->pages = vm.nprocs ? vm_table_pages(&vm, &vm.procs[0], c->per) : 0;
    c->linear = pts_linear_bytes(&vm.pts);
    c->faults = vm.total.faults;
    c->evictions = vm.total.evictions;
    c->hit_rate = vm.tlb ? tlb_hit_rate(vm.tlb) : -1.0;
    vm_free(&vm);
}

/* Writes the table pages of c ("3 = 1+2") into buf. */
static const char *pages_text(const struct cell *c, unsigned levels, char *buf, size_t len)
{
    snprintf(buf, len, "%u", c->pages);
    for (unsigned k = 0; levels > 1 && k < levels; k++)
        note_append(buf, len, "%s%u", k ? "+" : " = ", c->per[k]);
    return buf;
}

/* Prints the row of cell c. */
static void cell_row(const struct cell *c, uint64_t ps, unsigned levels)
{
    char pages[48], hits[16] = "-";

    if (c->refused) {
        printf("  %7llu %-8s refused: %s\n", (unsigned long long)ps, vm_page_table_name(levels),
               c->why);
        return;
    }
    if (c->hit_rate >= 0)
        snprintf(hits, sizeof hits, "%.2f%%", 100.0 * c->hit_rate);
    printf("  %7llu %-8s %6u  %-15s %9llu %10llu %7llu %8s %7llu\n", (unsigned long long)ps,
           vm_page_table_name(levels), c->frames, pages_text(c, levels, pages, sizeof pages),
           (unsigned long long)c->pages * ps, (unsigned long long)c->linear,
           (unsigned long long)c->faults, hits, (unsigned long long)c->refs_refused);
}

int cmd_compare_tables(struct session *s, const struct vm_ref *refs, size_t n,
                       const struct vmpt_grid *g)
{
    struct note nt;
    unsigned played = 0, cells = g->npage_sizes * g->nshapes;
    char tlb[64] = "no TLB";

    if (s->vmset.tlb_entries)
        snprintf(tlb, sizeof tlb, "TLB %u entr%s, %u way%s", s->vmset.tlb_entries,
                 s->vmset.tlb_entries == 1 ? "y" : "ies",
                 s->vmset.tlb_ways ? s->vmset.tlb_ways : s->vmset.tlb_entries,
                 (s->vmset.tlb_ways ? s->vmset.tlb_ways : s->vmset.tlb_entries) == 1 ? "" : "s");
    printf("Page tables of %zu reference%s of P1: address spaces of %llu B, memory of %llu B, "
           "%s, %s\n",
           n, n == 1 ? "" : "s", (unsigned long long)g->space, (unsigned long long)g->memory,
           vm_policy_name(s->vmset.policy), tlb);
    printf("  %7s %-8s %6s  %-15s %9s %10s %7s %8s %7s\n", "page B", "shape", "frames",
           "table pages", "table B", "linear B", "faults", "TLB hits", "refused");
    for (unsigned i = 0; i < g->npage_sizes; i++)
        for (unsigned k = 0; k < g->nshapes; k++) {
            struct cell c;
            play_cell(s, refs, n, g, g->page_sizes[i], g->shapes[k], &c);
            played += !c.refused;
            cell_row(&c, g->page_sizes[i], g->shapes[k]);
        }
    note_clear(&nt);
    note_what(&nt, "compare tables: %zu reference%s of P1 at %u page size%s x %u shape%s", n,
              n == 1 ? "" : "s", g->npage_sizes, g->npage_sizes == 1 ? "" : "s", g->nshapes,
              g->nshapes == 1 ? "" : "s");
    note_why(&nt,
             "%u of %u combinations played, each on a fresh memory; %u refused (their "
             "reasons above)",
             played, cells, cells - played);
    cmd_record(s, played == 0, &nt);
    if (played == 0) {
        cmd_refuse(s, &nt);
        return -1;
    }
    cmd_say(&nt);
    return 0;
}
