/* vmtlb.c: the TLB in VM mode: tlb ENTRIES [ways=W] [asid=on|off], tlb
 * off, tlb flush, tlb (the entries by set and way), latency, and the TLB's
 * lines of an access and of stats. See cmd.h; the model is common/vm.h's
 * vm_set_tlb and common/tlb.h, the words README.md's "The TLB" and
 * docs/translation.md. */
#include "cmd.h"

#include <string.h>

/* Refuses a TLB command with VM mode off, or records and prints the
 * outcome r of one with the note n. Returns 0 or -1. */
static int finish(struct session *s, const char *what, int r, const struct note *n)
{
    if (!s->st.vm_on)
        return vmcmd_refuse_off(s, what);
    return cmd_finish(s, r, n);
}

int vmtlb_apply(const struct session *s, struct vm *vm, char *err, size_t errlen)
{
    const struct vm_settings *v = &s->vmset;
    struct note n;

    if (v->tlb_entries == 0)
        return 0;
    if (vm_set_tlb(vm, v->tlb_entries, v->tlb_ways, v->tlb_asid, &n) < 0 ||
        ((v->tlb_ns || v->mem_ns) && vm_set_latency(vm, v->tlb_ns, v->mem_ns, &n) < 0)) {
        snprintf(err, errlen, "%s", n.what);
        return -1;
    }
    return 0;
}

void vmtlb_settings(struct session *s)
{
    const struct vm *vm = &s->st.vm;

    if (!vm->tlb)
        return;
    s->vmset.tlb_entries = vm->tlb->entries;
    s->vmset.tlb_ways = vm->tlb->ways;
    s->vmset.tlb_asid = vm->tlb->asid;
    s->vmset.tlb_ns = vm->tlb_ns;
    s->vmset.mem_ns = vm->mem_ns;
}

int cmd_tlb(struct session *s, uint32_t entries, uint32_t ways, int asid)
{
    struct vm *vm = &s->st.vm;
    struct note n;
    int r;

    if (!s->st.vm_on)
        return vmcmd_refuse_off(s, "a TLB");
    r = vm_set_tlb(vm, entries, ways, asid, &n);
    if (r == 0) {
        s->vmset.tlb_entries = entries;
        s->vmset.tlb_ways = vm->tlb->ways;
        s->vmset.tlb_asid = asid;
        s->vmset.tlb_ns = vm->tlb_ns;
        s->vmset.mem_ns = vm->mem_ns;
    }
    return finish(s, "a TLB", r, &n);
}

int cmd_tlb_off(struct session *s)
{
    struct note n;
    int on = s->st.vm_on && s->st.vm.tlb;

    note_clear(&n);
    if (on) {
        vm_tlb_off(&s->st.vm);
        s->vmset.tlb_entries = s->vmset.tlb_ways = s->vmset.tlb_ns = s->vmset.mem_ns = 0;
        s->vmset.tlb_asid = 0;
        note_what(&n, "TLB off");
        note_why(&n, "every access walks the page table again; tlb ENTRIES turns it back on");
    } else {
        note_what(&n, "the TLB is already off");
        note_why(&n, "nothing was changed");
    }
    return finish(s, "a TLB", on ? 0 : -1, &n);
}

int cmd_tlb_flush(struct session *s)
{
    struct note n;
    int r = s->st.vm_on ? vm_tlb_flush(&s->st.vm, &n) : -1;

    return finish(s, "a TLB", r, &n);
}

int cmd_latency(struct session *s, uint32_t tlb_ns, uint32_t mem_ns)
{
    struct note n;
    int r = s->st.vm_on ? vm_set_latency(&s->st.vm, tlb_ns, mem_ns, &n) : -1;

    if (r == 0) {
        s->vmset.tlb_ns = tlb_ns;
        s->vmset.mem_ns = mem_ns;
    }
    return finish(s, "latency", r, &n);
}

/* Prints the TLB's shape and fill on one line after label. */
static void shape_line(const struct tlb *t, const char *label)
{
    printf("%s: %u entr%s, %u set%s x %u way%s, address-space ids %s; %u valid", label, t->entries,
           t->entries == 1 ? "y" : "ies", t->sets, t->sets == 1 ? "" : "s", t->ways,
           t->ways == 1 ? "" : "s", t->asid ? "on" : "off", tlb_valid(t));
    if (!t->asid && t->running)
        printf(", running P%d", (int)t->running_pid);
    printf("\n");
}

int cmd_tlb_show(struct session *s)
{
    const struct tlb *t = s->st.vm.tlb;
    char a[24];

    if (!s->st.vm_on)
        return vmcmd_refuse_off(s, "a TLB");
    if (!t) {
        struct note n;
        note_clear(&n);
        note_what(&n, "the TLB is off");
        note_why(&n, "turn it on with tlb ENTRIES [ways=W] [asid=on|off]");
        cmd_refuse(s, &n);
        return -1;
    }
    shape_line(t, "TLB");
    printf("  %-5s %-9s %-16s %6s %8s\n", "set", "way", "holds", "frame", "used");
    for (uint32_t set = 0; set < t->sets; set++) {
        const struct tlb_entry *e = &t->e[(size_t)set * t->ways];
        for (uint32_t w = 0, g; w < t->ways; w = g) {
            char holds[40];
            g = w + 1;
            if (!e[w].valid) {
                while (g < t->ways && !e[g].valid)
                    g++;
                printf("  %-5u %-9s empty\n", set, cmd_span(a, sizeof a, w, g - 1));
                continue;
            }
            snprintf(holds, sizeof holds, "P%d page %llu", (int)e[w].pid,
                     (unsigned long long)e[w].vpn);
            printf("  %-5u %-9u %-16s %6llu %8llu%s\n", set, w, holds, (unsigned long long)e[w].pfn,
                   (unsigned long long)e[w].used,
                   t->last != TLB_NONE && t->last_set == set && t->last_way == w ? "  <- last"
                                                                                 : "");
        }
    }
    return 0;
}

void vmtlb_stats(const struct session *s)
{
    const struct vm *vm = &s->st.vm;
    const struct tlb *t = vm->tlb;
    const struct tlb_counts *c;
    double hit_ns, miss_ns;
    unsigned levels = vmpt_walk_levels(vm);
    char shape[40] = "a linear table";

    if (!t)
        return;
    c = &t->c;
    hit_ns = (double)vm->tlb_ns + vm->mem_ns;
    miss_ns = (double)vm->tlb_ns + (levels + 1.0) * vm->mem_ns;
    shape_line(t, "TLB");
    printf("  %llu lookup%s: %llu hit%s, %llu miss%s, hit rate h = %.2f%%\n",
           (unsigned long long)c->lookups, c->lookups == 1 ? "" : "s", (unsigned long long)c->hits,
           c->hits == 1 ? "" : "s", (unsigned long long)c->misses, c->misses == 1 ? "" : "es",
           100.0 * tlb_hit_rate(t));
    printf("  %llu eviction%s, %llu flush%s (%llu entr%s dropped), %llu invalidation%s\n",
           (unsigned long long)c->evictions, c->evictions == 1 ? "" : "s",
           (unsigned long long)c->flushes, c->flushes == 1 ? "" : "es",
           (unsigned long long)c->flushed, c->flushed == 1 ? "y" : "ies",
           (unsigned long long)c->invalidations, c->invalidations == 1 ? "" : "s");
    if (vm->pt_levels > 1)
        snprintf(shape, sizeof shape, "a %s table", vm_page_table_name(vm->pt_levels));
    printf("  effective access time, TLB %u ns, memory %u ns, %s (%u level%s),\n"
           "  page faults' service not counted:\n",
           vm->tlb_ns, vm->mem_ns, shape, levels, levels == 1 ? "" : "s");
    printf("    EAT = h x (t_tlb + t_mem) + (1 - h) x (t_tlb + %u x t_mem)\n", levels + 1);
    if (c->lookups == 0) {
        printf("        = %.0f ns with no lookup yet (h = 0: a miss)\n", miss_ns);
        return;
    }
    /* h = hits / lookups: the sum is exact in whole ns over lookups. */
    printf("        = (%llu x %.0f + %llu x %.0f) / %llu = %.0f / %llu = %.2f ns\n",
           (unsigned long long)c->hits, hit_ns, (unsigned long long)c->misses, miss_ns,
           (unsigned long long)c->lookups, (double)c->hits * hit_ns + (double)c->misses * miss_ns,
           (unsigned long long)c->lookups,
           tlb_eat(vm->tlb_ns, vm->mem_ns, levels, tlb_hit_rate(t)));
}

void vmtlb_step(const struct vm *vm, const struct vm_step *st)
{
    char line[NOTE_MAX];

    vm_tlb_describe(vm, st, line, sizeof line);
    if (line[0])
        printf("  %s\n", line);
}
