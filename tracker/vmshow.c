/* vmshow.c: VM mode's tables: pagetable, frames, stats, and `compare`. See
 * cmd.h. */
#include "cmd.h"

#include <string.h>

#include "num.h"

#define ROWS_MAX 64 /* Most rows of pages or frames a VM table prints. */

/* Prints the row of page `page` of p, touched. */
static void page_row(const struct vm *vm, const struct vm_process *p, uint32_t page, char *a,
                     size_t alen)
{
    uint32_t where;

    if (vm_page_state(p, page, &where) == VM_SWAPPED) {
        printf("  %-15s %-10s slot %u\n", cmd_span(a, alen, page, page), "swapped", where);
        return;
    }
    printf("  %-15s %-10s frame %-8u R %u  D %u%s\n", cmd_span(a, alen, page, page), "resident",
           where, vm->frames[where].ref, vm->frames[where].dirty,
           vm->frames[where].slot != VM_NONE ? "  (keeps a swap slot)" : "");
}

/* Prints the untouched pages a..b of p (span the label of them). */
static void untouched_row(const struct vm *vm, const struct vm_process *p, uint32_t a,
                          const char *span)
{
    (void)vm;
    (void)p;
    (void)a;
    printf("  %-15s untouched (zeros: the first access zero-fills a frame)\n", span);
}

uint32_t vmshow_rows(const struct vm *vm, const struct vm_process *p, const struct vmshow_rows *r)
{
    uint32_t page = 0, rows = 0;
    char a[24];

    while (page < p->npages && rows < ROWS_MAX) {
        uint32_t next = vm_next_touched(p, page), end = r->run_end ? r->run_end(p, page) : next;
        if (next > page) {
            next = next < end ? next : end;
            r->untouched(vm, p, page, cmd_span(a, sizeof a, page, next - 1));
        } else {
            r->touched(vm, p, page, a, sizeof a);
            next = page + 1;
        }
        rows++;
        page = next;
    }
    if (page < p->npages)
        printf("  (pages %u-%u not shown: at most %d rows)\n", page, p->npages - 1, ROWS_MAX);
    return page;
}

int vmcmd_pagetable(struct session *s, int64_t pid)
{
    static const struct vmshow_rows rows = {untouched_row, page_row, NULL};
    const struct vm *vm = &s->st.vm;
    const struct vm_process *p = vm_find(vm, pid);

    if (!p)
        return cmd_no_process(s, pid);
    if (vm->as_bytes) {
        vmprot_pagetable(vm, p);
        vmpt_pagetable(vm, p);
        return 0;
    }
    printf("Page table of P%lld (virtual memory): %llu B in %u page%s of %llu B; %u resident, "
           "%u swapped, %u untouched\n",
           (long long)pid, (unsigned long long)p->bytes, p->npages, p->npages == 1 ? "" : "s",
           (unsigned long long)vm->page_size, p->resident, p->swapped,
           p->npages - p->resident - p->swapped);
    printf("  %-15s %-10s %s\n", "page", "state", "where");
    vmshow_rows(vm, p, &rows);
    return 0;
}

int vmcmd_frames(struct session *s)
{
    const struct vm *vm = &s->st.vm;
    uint32_t f = 0, rows = 0;
    char a[24];

    printf("Frame table (virtual memory): %u frames of %llu B, %u used, %u free, policy %s",
           vm->nframes, (unsigned long long)vm->page_size, vm->nframes - vm->nfree, vm->nfree,
           vm_policy_name(vm->policy));
    if (vm->policy == VM_CLOCK)
        printf(", hand at %u", vm->hand);
    printf("\n  %-11s %-16s %s %s %8s %8s  %s\n", "frame", "holds", "R", "D", "loaded", "used",
           "slot");
    while (f < vm->nframes && rows < ROWS_MAX) {
        const struct vm_frame *x = &vm->frames[f];
        uint32_t g = f + 1;
        char holds[40], slot[16] = "-";
        if (x->pid == 0) {
            while (g < vm->nframes && vm->frames[g].pid == 0)
                g++;
            printf("  %-11s free\n", cmd_span(a, sizeof a, f, g - 1));
        } else {
            char table[80];
            if (x->table)
                snprintf(holds, sizeof holds, "P%d %s", (int)x->pid,
                         vm->pt_levels == 1 ? "PT" : vm_level_name(vm, x->table - 1u));
            else
                snprintf(holds, sizeof holds, "P%d page %u", (int)x->pid, x->page);
            if (x->slot != VM_NONE)
                snprintf(slot, sizeof slot, "%u", x->slot);
            vmpt_frame_text(vm, f, table, sizeof table);
            printf("  %-11u %-16s %u %u %8llu %8llu  %s%s%s\n", f, holds, x->ref, x->dirty,
                   (unsigned long long)x->loaded, (unsigned long long)x->used, slot,
                   table[0] ? "  " : "", table);
        }
        rows++;
        f = g;
    }
    if (f < vm->nframes)
        printf("  (frames %u-%u not shown: at most %d rows)\n", f, vm->nframes - 1, ROWS_MAX);
    return 0;
}

/* Prints counters c after label, on two lines. */
static void counts_rows(const char *label, const struct vm_counts *c)
{
    printf("  %-6s %llu access%s: %llu hit%s, %llu fault%s (%llu zero-fill%s, %llu swap-in%s)\n",
           label, (unsigned long long)c->accesses, c->accesses == 1 ? "" : "es",
           (unsigned long long)c->hits, c->hits == 1 ? "" : "s", (unsigned long long)c->faults,
           c->faults == 1 ? "" : "s", (unsigned long long)c->zerofills,
           c->zerofills == 1 ? "" : "s", (unsigned long long)c->swapins,
           c->swapins == 1 ? "" : "s");
    printf("  %-6s hit rate %.2f%%, %llu eviction%s, %llu write-back%s\n", "",
           c->accesses ? 100.0 * (double)c->hits / (double)c->accesses : 0.0,
           (unsigned long long)c->evictions, c->evictions == 1 ? "" : "s",
           (unsigned long long)c->writebacks, c->writebacks == 1 ? "" : "s");
}

void vmcmd_stats(const struct session *s)
{
    const struct vm *vm = &s->st.vm;
    char total[32];

    printf("Virtual memory: %u frames x %llu B = %s; %u used, %u free; policy %s\n", vm->nframes,
           (unsigned long long)vm->page_size,
           num_bytes((uint64_t)vm->nframes * vm->page_size, total, sizeof total),
           vm->nframes - vm->nfree, vm->nfree, vm_policy_name(vm->policy));
    printf("  swap %u slot%s, %u used; %zu process%s\n", vm->nslots, vm->nslots == 1 ? "" : "s",
           vm->slots_used, vm->nprocs, vm->nprocs == 1 ? "" : "es");
    counts_rows("all", &vm->total);
    for (size_t i = 0; i < vm->nprocs; i++) {
        const struct vm_process *p = &vm->procs[i];
        char label[16];
        snprintf(label, sizeof label, "P%d", (int)p->pid);
        printf("  %-6s %u pages: %u resident, %u swapped, %u untouched\n", label, p->npages,
               p->resident, p->swapped, p->npages - p->resident - p->swapped);
        counts_rows("", &p->counts);
    }
    vmprot_stats(vm);
    vmpt_stats(vm);
    vmtlb_stats(s);
}

/* Returns the width of policy p's column in the compare table. */
static int column(enum vm_policy p)
{
    int w = (int)strlen(vm_policy_name(p)) + 1;

    return w > 9 ? w : 9;
}

/* Prints line without its trailing spaces. */
static void put_trimmed(char *line)
{
    size_t len = strlen(line);

    while (len > 0 && line[len - 1] == ' ')
        line[--len] = '\0';
    printf("%s\n", line);
}

/* Prints the compare table c: a row per frame count, a column per policy;
 * a count that faults more than the one before it is marked with *. */
static void compare_table(const struct status_compare *c)
{
    uint32_t counts = c->frames_hi - c->frames_lo + 1;
    char line[160];

    snprintf(line, sizeof line, "  %6s", "frames");
    for (unsigned p = 0; p < c->npolicies; p++)
        note_append(line, sizeof line, " %*s ", column(c->policies[p]) - 1,
                    vm_policy_name(c->policies[p]));
    put_trimmed(line);
    for (uint32_t k = 0; k < counts; k++) {
        snprintf(line, sizeof line, "  %6u", c->frames_lo + k);
        for (unsigned p = 0; p < c->npolicies; p++) {
            const uint64_t *row = c->faults + (size_t)p * counts;
            note_append(line, sizeof line, " %*llu%c", column(c->policies[p]) - 1,
                        (unsigned long long)row[k], k > 0 && row[k] > row[k - 1] ? '*' : ' ');
        }
        put_trimmed(line);
    }
}

/* Fills n's why with the Belady verdicts of c. */
static void compare_why(const struct status_compare *c, struct note *n)
{
    uint32_t counts = c->frames_hi - c->frames_lo + 1;
    char why[NOTE_MAX] = "";

    for (unsigned p = 0; p < c->npolicies; p++) {
        const uint64_t *row = c->faults + (size_t)p * counts;
        long k = vm_belady(row, counts);
        if (k >= 0)
            note_append(why, sizeof why,
                        "%sBelady's anomaly: %s faults more with %u frames (%llu) than with %u "
                        "(%llu)",
                        why[0] ? "; " : "", vm_policy_name(c->policies[p]),
                        c->frames_lo + (uint32_t)k + 1, (unsigned long long)row[k + 1],
                        c->frames_lo + (uint32_t)k, (unsigned long long)row[k]);
    }
    if (!why[0])
        snprintf(why, sizeof why, "no policy faults more with more frames (no Belady's anomaly)");
    note_why(n, "%s", why);
}

/* Makes the private memory compare plays on: P1 with every page refs
 * name, swap for each of them (never full), the session's page size.
 * Returns 0, or -1 with the reason in err. */
static int compare_memory(const struct session *s, const struct vm_ref *refs, size_t n,
                          struct vm *vm, char *err, size_t errlen)
{
    uint64_t ps = s->st.vm_on ? s->st.vm.page_size : s->st.pg.page_size, top = 0;
    struct note nt;

    for (size_t i = 0; i < n; i++)
        if (refs[i].addr / ps + 1 > top)
            top = refs[i].addr / ps + 1;
    if (vm_init(vm, 1, ps, top < VM_MAX_SWAP ? top : VM_MAX_SWAP, err, errlen) < 0)
        return -1;
    if (top && vm_alloc(vm, 1, top * ps, &nt) < 0) {
        snprintf(err, errlen, "%s", nt.what);
        vm_free(vm);
        return -1;
    }
    return 0;
}

int cmd_compare(struct session *s, const struct vm_ref *refs, size_t n, uint32_t lo, uint32_t hi,
                const enum vm_policy *policies, size_t np)
{
    struct status_compare c = {.have = 1, .frames_lo = lo, .frames_hi = hi};
    struct vm vm;
    struct note nt;
    char err[NOTE_MAX];
    int r = compare_memory(s, refs, n, &vm, err, sizeof err);

    if (r == 0) {
        r = vm_compare(&vm, refs, n, lo, hi, policies, np, s->vmset.seed, s->vmset.bits, c.faults,
                       err, sizeof err);
        vm_free(&vm);
    }
    if (r < 0) {
        note_clear(&nt);
        note_what(&nt, "cannot compare: %s", err);
        note_why(&nt, "nothing was changed");
        return cmd_finish(s, -1, &nt);
    }
    c.npolicies = (unsigned)np;
    memcpy(c.policies, policies, np * sizeof *policies);
    c.nrefs = n;
    s->st.compare = c;
    note_clear(&nt);
    note_what(&nt, "compare: faults of %zu references of P1 with %u-%u frames, %zu polic%s", n, lo,
              hi, np, np == 1 ? "y" : "ies");
    compare_why(&c, &nt);
    cmd_record(s, 0, &nt);
    cmd_say(&nt);
    compare_table(&c);
    return 0;
}
