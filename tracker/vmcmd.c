/* vmcmd.c: the virtual-memory actions (vm on/off, replace, access, refs,
 * trace, compare) and VM mode's views of pagetable, frames and stats. See
 * cmd.h; the model is common/vm.h, the words README.md's "Virtual memory".
 */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "num.h"
#include "vmtrace.h"

#define LIST_WIDTH      320  /* Longest memory list: a longer one becomes a count. */
#define LIST_MAX        24   /* Most resident pages an access line lists. */
#define TRACE_SHOW      1000 /* `trace` prints a line for each of its first this many accesses. */
#define RUN_WRITE_MS    100  /* A run rewrites the status file at most this often ... */
#define RUN_WRITE_SHARE 10   /* ... and spends at most 1 / this of its time writing it. */
#define RUN_CLOCK_GAP   64   /* A run looks at the clock every this many accesses. */

/* Returns the swap slots a memory of nframes frames gets. */
static uint64_t swap_for(const struct session *s, uint64_t nframes)
{
    return s->vmset.swap_set ? s->vmset.swap : VM_SWAP_DEFAULT(nframes);
}

/* Makes a fresh virtual memory in *vm by the session's settings. Returns 0,
 * or -1 with the reason in err and *vm untouched. */
static int fresh_vm(const struct session *s, struct vm *vm, uint64_t nframes, uint64_t page_size,
                    uint64_t nslots, char *err, size_t errlen)
{
    struct vm v;
    struct note n;

    if (vm_init(&v, nframes, page_size, nslots, err, errlen) < 0)
        return -1;
    if (vm_set_policy(&v, s->vmset.policy, s->vmset.seed, s->vmset.bits, &n) < 0) {
        snprintf(err, errlen, "%s", n.what);
        vm_free(&v);
        return -1;
    }
    if (vmprot_apply(s, &v, err, errlen) < 0 || vmpt_apply(s, &v, err, errlen) < 0 ||
        vmtlb_apply(s, &v, err, errlen) < 0) {
        vm_free(&v);
        return -1;
    }
    *vm = v;
    return 0;
}

/* Describes the policy with its arguments into buf ("random, seed 3"). */
static const char *policy_text(const struct vm_settings *v, char *buf, size_t len)
{
    if (v->policy == VM_RANDOM)
        snprintf(buf, len, "random, seed %llu", (unsigned long long)v->seed);
    else if (v->policy == VM_OSTEP_CLOCK)
        snprintf(buf, len, "ostep-clock, %u bits, seed %llu", v->bits, (unsigned long long)v->seed);
    else
        snprintf(buf, len, "%s", vm_policy_name(v->policy));
    return buf;
}

/* Appends the TLB of v, when it has one, to n's what. */
static void say_tlb(const struct vm *v, struct note *n)
{
    if (v->tlb)
        note_append(n->what, sizeof n->what,
                    "; TLB %u entr%s, %u way%s, address-space ids %s (empty)", v->tlb->entries,
                    v->tlb->entries == 1 ? "y" : "ies", v->tlb->ways, v->tlb->ways == 1 ? "" : "s",
                    v->tlb->asid ? "on" : "off");
}

/* Swaps nv in as the memory (VM mode on) and empties paging memory to the
 * same settings, all or nothing. Returns 0 with the note filled, or -1 with
 * the reason in the note and nv freed. */
static int switch_in(struct session *s, struct vm *nv, struct note *n)
{
    struct note pn;
    char pol[80];
    size_t freed = s->st.vm_on ? s->st.vm.nprocs : s->st.pg.nprocs;

    if (pg_reset(&s->st.pg, nv->nframes, nv->page_size, &pn) < 0) {
        *n = pn;
        vm_free(nv);
        return -1;
    }
    if (s->st.vm_on)
        vm_free(&s->st.vm);
    s->st.vm = *nv;
    s->st.vm_on = 1;
    note_clear(n);
    note_what(n, "virtual memory on: %u frame%s x %llu B, %u swap slot%s, policy %s", nv->nframes,
              nv->nframes == 1 ? "" : "s", (unsigned long long)nv->page_size, nv->nslots,
              nv->nslots == 1 ? "" : "s", policy_text(&s->vmset, pol, sizeof pol));
    say_tlb(nv, n);
    if (nv->as_bytes)
        note_append(n->what, sizeof n->what, "; address spaces of %llu B",
                    (unsigned long long)nv->as_bytes);
    note_why(n,
             "memory starts empty (%zu process%s freed): alloc reserves virtual "
             "pages, and each page is loaded on its first access",
             freed, freed == 1 ? "" : "es");
    return 0;
}

int vmcmd_start(struct session *s, char *err, size_t errlen)
{
    struct vm nv;
    struct note n;

    if (fresh_vm(s, &nv, s->st.pg.nframes, s->st.pg.page_size, swap_for(s, s->st.pg.nframes), err,
                 errlen) < 0)
        return -1;
    if (switch_in(s, &nv, &n) < 0) {
        snprintf(err, errlen, "%s", n.what);
        return -1;
    }
    return 0;
}

int vmcmd_refuse(struct session *s, const char *what, const char *why)
{
    struct note n;

    note_clear(&n);
    note_what(&n, "%s", what);
    note_why(&n, "%s", why);
    return cmd_finish(s, -1, &n);
}

int cmd_vm_on(struct session *s, int swap_given, uint64_t swap)
{
    struct vm nv;
    struct note n;
    char err[NOTE_MAX];
    uint64_t nframes = s->st.pg.nframes;

    if (fresh_vm(s, &nv, nframes, s->st.pg.page_size, swap_given ? swap : swap_for(s, nframes), err,
                 sizeof err) < 0)
        return vmcmd_refuse(s, err, "nothing was changed");
    if (switch_in(s, &nv, &n) < 0)
        return cmd_finish(s, -1, &n);
    if (swap_given) {
        s->vmset.swap = swap;
        s->vmset.swap_set = 1;
    }
    return cmd_finish(s, 0, &n);
}

int cmd_vm_off(struct session *s)
{
    struct note n, pn;
    size_t freed = s->st.vm.nprocs;

    if (!s->st.vm_on)
        return vmcmd_refuse(s, "virtual memory is already off", "nothing was changed");
    if (pg_reset(&s->st.pg, s->st.vm.nframes, s->st.vm.page_size, &pn) < 0)
        return cmd_finish(s, -1, &pn);
    vm_free(&s->st.vm);
    memset(&s->st.vm, 0, sizeof s->st.vm);
    s->st.vm_on = 0;
    note_clear(&n);
    note_what(&n, "virtual memory off: paging memory of %u frames x %llu B, empty",
              s->st.pg.nframes, (unsigned long long)s->st.pg.page_size);
    note_why(&n,
             "switching modes empties memory, like reset (%zu process%s freed): alloc again "
             "places every page in a frame at once",
             freed, freed == 1 ? "" : "es");
    return cmd_finish(s, 0, &n);
}

int vmcmd_reset(struct session *s, uint64_t frames, uint64_t page_size)
{
    struct vm nv;
    struct note n;
    char err[NOTE_MAX], pol[80];

    if (fresh_vm(s, &nv, frames, page_size, swap_for(s, frames), err, sizeof err) < 0)
        return vmcmd_refuse(s, err, "nothing was changed");
    if (switch_in(s, &nv, &n) < 0)
        return cmd_finish(s, -1, &n);
    note_what(&n, "virtual memory reset: %u frame%s x %llu B, %u swap slot%s, policy %s",
              s->st.vm.nframes, s->st.vm.nframes == 1 ? "" : "s",
              (unsigned long long)s->st.vm.page_size, s->st.vm.nslots,
              s->st.vm.nslots == 1 ? "" : "s", policy_text(&s->vmset, pol, sizeof pol));
    say_tlb(&s->st.vm, &n);
    return cmd_finish(s, 0, &n);
}

int vmcmd_refuse_paging(struct session *s, const char *what)
{
    char text[160];

    snprintf(text, sizeof text, "%s works on paging memory, and virtual memory is on", what);
    return vmcmd_refuse(s, text,
                        strcmp(what, "translate") == 0
                            ? "in virtual memory an address is translated by an access, which may "
                              "fault: access PID ADDRESS (or vm off)"
                            : "a fault takes the lowest free frame; choose what is evicted with "
                              "replace POLICY (or vm off)");
}

int cmd_replace(struct session *s, enum vm_policy p, uint64_t seed, unsigned bits)
{
    struct vm_settings v = s->vmset;
    struct note n;
    char pol[80];

    v.policy = p;
    v.seed = seed;
    v.bits = bits;
    if (s->st.vm_on) {
        if (vm_set_policy(&s->st.vm, p, seed, bits, &n) < 0)
            return cmd_finish(s, -1, &n);
        if (s->st.vm.tlb) /* The pages stay where they are: so do their translations. */
            note_append(n.why, sizeof n.why, "; the TLB keeps its entries");
        s->vmset = v;
        return cmd_finish(s, 0, &n);
    }
    s->vmset = v;
    note_clear(&n);
    note_what(&n, "replacement policy %s, for when virtual memory is on",
              policy_text(&v, pol, sizeof pol));
    note_why(&n, "virtual memory is off: vm on (or --vm) turns it on with this policy");
    return cmd_finish(s, 0, &n);
}

/* Writes the label of page `page` of pid into buf: the bare page number
 * when the memory has one process (OSTEP's shape), else P<pid>:<page>. */
static const char *page_label(const struct vm *vm, int32_t pid, uint32_t page, char *buf,
                              size_t len)
{
    if (vm->nprocs <= 1)
        snprintf(buf, len, "%u", page);
    else
        snprintf(buf, len, "P%d:%u", (int)pid, page);
    return buf;
}

/* Returns the frames that hold data pages (not free, not table frames). */
static uint32_t data_frames(const struct vm *vm)
{
    return vm->nframes - vm->nfree - vm->table_frames;
}

/* Writes "[N pages]", the memory list's short form, into buf. */
static void pages_count(const struct vm *vm, char *buf, size_t len)
{
    uint32_t used = data_frames(vm);

    snprintf(buf, len, "[%u page%s]", used, used == 1 ? "" : "s");
}

/* Writes memory as OSTEP prints it ("[7, 0, 1]", vm_memory_order) into buf,
 * or "[N pages]" when there are more than LIST_MAX or they do not fit in buf.
 * The list is the state of memory an exercise asks for, so it is kept even
 * when it makes the line wider than 80 columns, as OSTEP's lines are. */
static void memory_list(const struct vm *vm, char *buf, size_t len)
{
    uint32_t order[LIST_MAX];
    uint32_t used = data_frames(vm);
    char label[32];

    if (used > LIST_MAX) {
        pages_count(vm, buf, len);
        return;
    }
    used = (uint32_t)vm_memory_order(vm, order); /* Table frames are in no policy's order. */
    snprintf(buf, len, "[");
    for (uint32_t i = 0; i < used; i++) {
        const struct vm_frame *f = &vm->frames[order[i]];
        if (note_append(buf, len, "%s%s", i ? ", " : "",
                        page_label(vm, f->pid, f->page, label, sizeof label)) < 0) {
            pages_count(vm, buf, len);
            return;
        }
    }
    if (note_append(buf, len, "]") < 0)
        pages_count(vm, buf, len);
}

/* The words OSTEP prints left and right of the memory list. */
static void list_ends(enum vm_policy p, const char **left, const char **right)
{
    static const char *ends[VM_NPOLICIES][2] = {
        [VM_FIFO] = {"FirstIn", "Lastin "},    [VM_LRU] = {"LRU", "MRU"},
        [VM_OPT] = {"Left ", "Right"},         [VM_MRU] = {"LRU", "MRU"},
        [VM_CLOCK] = {"Left ", "Right"},       [VM_RANDOM] = {"Left ", "Right"},
        [VM_OSTEP_CLOCK] = {"Left ", "Right"},
    };

    *left = ends[p][0];
    *right = ends[p][1];
}

/* Prints the line of one access in the shape of paging-policy.py's
 * (README.md), then the why of its note, the split of its address when
 * split is 1 (an `access`), and its walk. */
static void show_step(const struct vm *vm, const struct vm_step *st, const struct note *n,
                      int split)
{
    char page[32], victim[32], list[LIST_WIDTH + 1], line[LIST_WIDTH + 160];
    const char *left, *right;

    list_ends(vm->policy, &left, &right);
    page_label(vm, st->pid, st->page, page, sizeof page);
    if (st->evict != VM_EVICT_NONE)
        page_label(vm, st->victim_pid, st->victim_page, victim, sizeof victim);
    else
        snprintf(victim, sizeof victim, "-");
    memory_list(vm, list, sizeof list);
    snprintf(line, sizeof line,
             "Access: %s%s  %s %s -> %12s <- %s Replaced:%s [Hits:%llu Misses:%llu]", page,
             st->exec    ? "x"
             : st->write ? "w"
                         : "",
             st->hit ? "HIT " : "MISS", left, list, right, victim,
             (unsigned long long)vm->total.hits, (unsigned long long)vm->total.faults);
    printf("%s\n", line);
    vmtlb_step(vm, st);
    if (!st->hit) /* The fault's path: zero-fill or swap-in, the victim written back or not. */
        printf("  %s\n", n->what);
    if (n->why[0])
        printf("  why: %s\n", n->why);
    if (split)
        vmprot_split(vm, st->addr);
    vmpt_step(vm, st);
}

void cmd_bare_reason(struct note *n)
{
    static const char prefix[] = "refused: ";

    if (strncmp(n->what, prefix, sizeof prefix - 1) == 0)
        memmove(n->what, n->what + sizeof prefix - 1, strlen(n->what) - (sizeof prefix - 2));
}

int vmcmd_refuse_off(struct session *s, const char *what)
{
    char text[120];

    snprintf(text, sizeof text, "%s needs virtual memory, which is off", what);
    return vmcmd_refuse(s, text, "turn it on with vm on (or start with --vm)");
}

int cmd_access(struct session *s, int64_t pid, uint64_t addr, int kind)
{
    struct vm_step st;
    struct note n;
    int r;

    if (!s->st.vm_on)
        return vmcmd_refuse_off(s, "access");
    if (kind == VM_EXEC && !s->st.vm.as_bytes)
        return vmcmd_refuse(
            s, "an instruction fetch (x) needs the address-space layer, which is off",
            "turn it on with vm address-space BYTES (or start with --address-space)");
    note_clear(&n); /* The model may append to a note it did not start (a table page's). */
    r = vm_access(&s->st.vm, pid, addr, kind, &st, &n);
    if (r < 0)
        cmd_bare_reason(&n);
    cmd_record(s, r < 0, &n);
    if (r < 0) {
        cmd_refuse(s, &n);
        return -1;
    }
    show_step(&s->st.vm, &st, &n, 1);
    return 0;
}

/* Returns a monotonic time in milliseconds. */
static uint64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Fills n with how far the run `what` has come: i of total accesses, and
 * with the TLB on (t0 its counters when the run began), its hits. */
static void run_note(const struct vm *vm, const struct vm_counts *c0, const struct tlb_counts *t0,
                     const char *what, size_t i, size_t total, size_t refused, struct note *n)
{
    uint64_t hits = vm->total.hits - c0->hits, faults = vm->total.faults - c0->faults;
    uint64_t ev = vm->total.evictions - c0->evictions, wb = vm->total.writebacks - c0->writebacks;

    note_clear(n);
    note_what(n, "%s: %zu of %zu access%s played: %llu hit%s, %llu fault%s, %zu refused", what, i,
              total, total == 1 ? "" : "es", (unsigned long long)hits, hits == 1 ? "" : "s",
              (unsigned long long)faults, faults == 1 ? "" : "s", refused);
    note_why(n, "hit rate %.2f%%; %llu eviction%s, %llu write-back%s, policy %s",
             hits + faults ? 100.0 * (double)hits / (double)(hits + faults) : 0.0,
             (unsigned long long)ev, ev == 1 ? "" : "s", (unsigned long long)wb, wb == 1 ? "" : "s",
             vm_policy_name(vm->policy));
    if (vm->tlb) {
        uint64_t look = vm->tlb->c.lookups - t0->lookups, th = vm->tlb->c.hits - t0->hits;
        note_append(n->why, sizeof n->why, "; TLB: %llu of %llu lookup%s hit (%.2f%%)",
                    (unsigned long long)th, (unsigned long long)look, look == 1 ? "" : "s",
                    look ? 100.0 * (double)th / (double)look : 0.0);
    }
}

/* Plays refs[0 .. n-1] as one run named what, printing a line for each of
 * the first `show` accesses (notes are formatted for those only), then a
 * summary; rewrites the status file at the end and, during the run, at most
 * every RUN_WRITE_MS, or longer after a slow write: the pause after a write
 * is RUN_WRITE_SHARE - 1 times what it took (a memory of a million frames
 * writes tens of megabytes). Returns 0, or -1 when the run could not start
 * or every access was refused. */
static int play(struct session *s, const char *what, const struct vm_ref *refs, size_t n,
                size_t show)
{
    struct vm *vm = &s->st.vm;
    struct vm_counts c0 = vm->total;
    struct tlb_counts tc0 = vm->tlb ? vm->tlb->c : (struct tlb_counts){0};
    struct vm_step st;
    struct note nt, sum;
    char err[NOTE_MAX];
    size_t refused = 0;
    uint64_t last = now_ms(), gap = RUN_WRITE_MS;

    if (vm_run_begin(vm, refs, n, err, sizeof err) < 0)
        return vmcmd_refuse(s, err, "nothing was played");
    if (show && data_frames(vm)) /* An exercise's count assumes a cold start. */
        printf("(%u page%s resident from before: this run starts warm; reset first to start "
               "from empty frames)\n",
               data_frames(vm), data_frames(vm) == 1 ? " is" : "s are");
    for (size_t i = 0; i < n; i++) {
        struct note *np = i < show ? &nt : NULL;
        int r;
        if (np)
            note_clear(np); /* As in cmd_access. */
        r = vm_run_step(vm, &st, np);
        if (r < 0) {
            refused++;
            if (np) {
                cmd_bare_reason(np);
                cmd_refuse(s, np);
            }
        } else if (np) {
            show_step(vm, &st, np, 0);
        }
        if ((i + 1) % RUN_CLOCK_GAP == 0 && now_ms() - last >= gap) {
            uint64_t t0 = now_ms(), took;
            run_note(vm, &c0, &tc0, what, i + 1, n, refused, &sum);
            /* The shown access's own note (a refusal as such), else the run so far. */
            cmd_record(s, np && r < 0, np ? np : &sum);
            last = now_ms();
            took = last - t0;
            gap = took * (RUN_WRITE_SHARE - 1) > RUN_WRITE_MS ? took * (RUN_WRITE_SHARE - 1)
                                                              : RUN_WRITE_MS;
        }
    }
    vm_run_end(vm);
    if (n > show)
        printf("(%zu more accesses not shown)\n", n - show);
    run_note(vm, &c0, &tc0, what, n, n, refused, &sum);
    cmd_record(s, n && refused == n, &sum);
    cmd_say(&sum);
    if (refused)
        s->refused = 1;
    return n && refused == n ? -1 : 0;
}

int cmd_refs(struct session *s, const struct vm_ref *refs, size_t n)
{
    if (!s->st.vm_on)
        return vmcmd_refuse_off(s, "refs");
    return play(s, "refs", refs, n, n);
}

int cmd_read_trace(struct session *s, const char *path, int64_t pid, uint64_t page_size,
                   struct vm_ref **refs, size_t *n, enum vmtrace_format *f)
{
    char err[300];
    int r = vmtrace_read(path, pid, page_size, refs, n, f, err, sizeof err);

    if (r > 0)
        cmd_error(s, "%.200s:%d: %s (nothing was played)", path, r, err);
    else if (r < 0)
        cmd_error(s, "%s", err);
    return r == 0 ? 0 : -1;
}

int cmd_trace(struct session *s, const char *path, int64_t pid)
{
    struct vm_ref *refs;
    size_t n;
    enum vmtrace_format f;
    char what[300];
    int r;

    if (!s->st.vm_on)
        return vmcmd_refuse_off(s, "trace");
    if (cmd_read_trace(s, path, pid, s->st.vm.page_size, &refs, &n, &f) < 0)
        return -1;
    snprintf(what, sizeof what, "trace %.200s (%s)", path, vmtrace_format_name(f));
    r = play(s, what, refs, n, TRACE_SHOW);
    free(refs);
    return r;
}
