/* tlb.c: the TLB: sets and ways, LRU within a set, address-space ids or a
 * flush on every context switch, invalidation, the counters, the effective
 * access time and the invariants. See tlb.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tlb.h"

/* Fails the check: formats the reason into err and returns -1. */
#define FAIL(...) return (snprintf(err, errlen, __VA_ARGS__), -1)

int tlb_init(struct tlb *t, uint32_t entries, uint32_t ways, int asid, char *err, size_t errlen)
{
    struct tlb_entry *e;

    if (entries < 1 || entries > TLB_MAX_ENTRIES)
        FAIL("a TLB has 1 to %u entries, not %lu", TLB_MAX_ENTRIES, (unsigned long)entries);
    if (ways < 1 || ways > entries || entries % ways != 0)
        FAIL("ways=%lu does not divide %lu entries into sets (fully associative: ways=%lu)",
             (unsigned long)ways, (unsigned long)entries, (unsigned long)entries);
    e = calloc(entries, sizeof *e);
    if (!e)
        FAIL("out of memory for %lu TLB entries", (unsigned long)entries);
    memset(t, 0, sizeof *t);
    t->entries = entries;
    t->ways = ways;
    t->sets = entries / ways;
    t->asid = asid != 0;
    t->e = e;
    t->last = TLB_NONE;
    t->last_way = TLB_NO_WAY;
    return 0;
}

void tlb_free(struct tlb *t)
{
    free(t->e);
    memset(t, 0, sizeof *t);
    t->last_way = TLB_NO_WAY;
}

uint32_t tlb_set_of(const struct tlb *t, uint64_t vpn)
{
    /* A mask when sets is a power of two (the usual TLB): a division costs
     * tens of cycles, and a trace's miss takes three of them. */
    return (uint32_t)((t->sets & (t->sets - 1)) == 0 ? vpn & (t->sets - 1) : vpn % t->sets);
}

/* Returns the first way of set `set`. */
static struct tlb_entry *set_at(const struct tlb *t, uint32_t set)
{
    return &t->e[(size_t)set * t->ways];
}

/* Returns the way of set `set` holding (pid, vpn), or TLB_NO_WAY. */
static uint32_t find(const struct tlb *t, uint32_t set, int32_t pid, uint64_t vpn)
{
    const struct tlb_entry *s = set_at(t, set);

    for (uint32_t w = 0; w < t->ways; w++)
        if (s[w].valid && s[w].vpn == vpn && s[w].pid == pid)
            return w;
    return TLB_NO_WAY;
}

/* Forgets the last lookup's way when entry i, its entry, is being dropped:
 * a viewer outlines no empty cell. */
static void forget_way(struct tlb *t, uint32_t i)
{
    if (t->last_way != TLB_NO_WAY && i == t->last_set * t->ways + t->last_way)
        t->last_way = TLB_NO_WAY;
}

/* Invalidates every valid entry for which pid_only is 0 or whose pid is
 * pid. Returns how many. */
static uint32_t drop(struct tlb *t, int pid_only, int32_t pid)
{
    uint32_t k = 0;

    for (uint32_t i = 0; i < t->entries; i++)
        if (t->e[i].valid && (!pid_only || t->e[i].pid == pid)) {
            forget_way(t, i);
            t->e[i].valid = 0;
            k++;
        }
    return k;
}

/* Returns "y" for one, "ies" for any other count (entr-y, entr-ies). */
static const char *ies(uint64_t k)
{
    return k == 1 ? "y" : "ies";
}

/* The context switch of a TLB without address-space ids: when pid is not
 * the running process, flushes everything and says so in sw (when not NULL). */
static void switch_to(struct tlb *t, int32_t pid, char *sw, size_t cap)
{
    if (!t->asid && t->running && t->running_pid != pid) {
        uint32_t k = drop(t, 0, 0);
        t->c.flushes++;
        t->c.flushed += k;
        if (sw)
            snprintf(sw, cap,
                     "context switch from P%ld to P%ld without ASIDs: flushed %lu valid entr%s; ",
                     (long)t->running_pid, (long)pid, (unsigned long)k, ies(k));
    }
    t->running = 1;
    t->running_pid = pid;
}

/* Explains a lookup of (pid, vpn) in set `set`: a hit in way w, or a miss. */
static void explain_lookup(const struct tlb *t, int32_t pid, uint64_t vpn, uint32_t set,
                           const char *sw, struct note *n)
{
    char place[120], p[4];

    snprintf(place, sizeof place, "set = VPN mod %lu = %lu, tag = VPN / %lu = %llu",
             (unsigned long)t->sets, (unsigned long)set, (unsigned long)t->sets,
             (unsigned long long)(vpn / t->sets));
    if (t->last == TLB_HIT) {
        const struct tlb_entry *e = &set_at(t, set)[t->last_way];
        note_what(n, "TLB hit: P%ld VPN %llu -> PFN %llu (%s) in set %lu, way %lu", (long)pid,
                  (unsigned long long)vpn, (unsigned long long)e->pfn, tlb_prot_str(e->prot, p),
                  (unsigned long)set, (unsigned long)t->last_way);
        note_why(n, "%s%s; way %lu holds P%ld's tag: no page-table walk", sw, place,
                 (unsigned long)t->last_way, (long)pid);
    } else {
        note_what(n, "TLB miss: P%ld VPN %llu in set %lu", (long)pid, (unsigned long long)vpn,
                  (unsigned long)set);
        note_why(n, "%s%s; no valid way of set %lu holds P%ld's tag: the page table is walked", sw,
                 place, (unsigned long)set, (long)pid);
    }
}

int tlb_lookup(struct tlb *t, int32_t pid, uint64_t vpn, struct tlb_entry *out, struct note *n)
{
    char sw[160] = "";
    uint32_t set = tlb_set_of(t, vpn), w;

    switch_to(t, pid, n ? sw : NULL, sizeof sw);
    t->c.lookups++;
    w = find(t, set, pid, vpn);
    t->last = w == TLB_NO_WAY ? TLB_MISS : TLB_HIT;
    t->last_pid = pid;
    t->last_vpn = vpn;
    t->last_set = set;
    t->last_way = w;
    if (w == TLB_NO_WAY) {
        t->c.misses++;
    } else {
        struct tlb_entry *e = &set_at(t, set)[w];
        e->used = t->c.lookups;
        t->c.hits++;
        if (out)
            *out = *e;
    }
    if (n)
        explain_lookup(t, pid, vpn, set, sw, n);
    return t->last == TLB_HIT;
}

/* Refuses an insert: says why in n and returns -1. */
static int refuse(struct note *n, int32_t pid, uint64_t vpn, const char *why)
{
    if (n) {
        note_what(n, "refused: TLB insert of P%ld VPN %llu", (long)pid, (unsigned long long)vpn);
        note_why(n, "%s; nothing was changed", why);
    }
    return -1;
}

/* Returns the way an insert into set `set` takes: the lowest invalid one,
 * else the least recently used (the lowest of equal stamps). */
static uint32_t victim(const struct tlb *t, uint32_t set)
{
    const struct tlb_entry *s = set_at(t, set);
    uint32_t v = 0;

    for (uint32_t w = 0; w < t->ways; w++) {
        if (!s[w].valid)
            return w;
        if (s[w].used < s[v].used)
            v = w;
    }
    return v;
}

/* Explains an insert into way w of set `set`, which held `old`. */
static void explain_insert(const struct tlb *t, const struct tlb_entry *e, uint32_t set, uint32_t w,
                           const struct tlb_entry *old, struct note *n)
{
    char p[4];

    note_what(n, "TLB insert: P%ld VPN %llu -> PFN %llu (%s) in set %lu, way %lu", (long)e->pid,
              (unsigned long long)e->vpn, (unsigned long long)e->pfn, tlb_prot_str(e->prot, p),
              (unsigned long)set, (unsigned long)w);
    if (!old->valid)
        note_why(n, "way %lu was the lowest invalid way of set %lu (VPN mod %lu)", (unsigned long)w,
                 (unsigned long)set, (unsigned long)t->sets);
    else
        note_why(n,
                 "set %lu was full: evicted P%ld VPN %llu (PFN %llu) from way %lu, the least "
                 "recently used of its %lu ways (last used at lookup %llu)",
                 (unsigned long)set, (long)old->pid, (unsigned long long)old->vpn,
                 (unsigned long long)old->pfn, (unsigned long)w, (unsigned long)t->ways,
                 (unsigned long long)old->used);
}

int tlb_insert(struct tlb *t, int32_t pid, uint64_t vpn, uint64_t pfn, unsigned prot,
               struct tlb_entry *evicted, struct note *n)
{
    uint32_t set = tlb_set_of(t, vpn), w;
    struct tlb_entry *e, old;

    if (prot & ~(unsigned)TLB_RWX)
        return refuse(n, pid, vpn, "protection has bits other than r, w and x");
    if (!t->asid && t->running && pid != t->running_pid)
        return refuse(n, pid, vpn,
                      "without ASIDs the TLB holds the running process's "
                      "translations only, and that process is another");
    if (find(t, set, pid, vpn) != TLB_NO_WAY)
        return refuse(n, pid, vpn, "the TLB already holds that translation");
    w = victim(t, set);
    e = &set_at(t, set)[w];
    old = *e;
    if (old.valid)
        t->c.evictions++;
    *e = (struct tlb_entry){1, (uint8_t)prot, pid, vpn, pfn, t->c.lookups};
    t->c.inserts++;
    if (!t->running) {
        t->running = 1;
        t->running_pid = pid;
    }
    t->last_set = set;
    t->last_way = w;
    if (evicted)
        *evicted = old;
    if (n)
        explain_insert(t, e, set, w, &old, n);
    return 0;
}

uint32_t tlb_invalidate(struct tlb *t, int32_t pid, uint64_t vpn)
{
    uint32_t set = tlb_set_of(t, vpn), w = find(t, set, pid, vpn);

    if (w == TLB_NO_WAY)
        return 0;
    forget_way(t, set * t->ways + w);
    set_at(t, set)[w].valid = 0;
    t->c.invalidations++;
    return 1;
}

uint32_t tlb_invalidate_pid(struct tlb *t, int32_t pid)
{
    uint32_t k = drop(t, 1, pid);

    t->c.invalidations += k;
    return k;
}

uint32_t tlb_flush(struct tlb *t)
{
    uint32_t k = drop(t, 0, 0);

    t->c.flushes++;
    t->c.flushed += k;
    return k;
}

uint32_t tlb_valid(const struct tlb *t)
{
    uint32_t k = 0;

    for (uint32_t i = 0; i < t->entries; i++)
        k += t->e[i].valid;
    return k;
}

double tlb_hit_rate(const struct tlb *t)
{
    return t->c.lookups ? (double)t->c.hits / (double)t->c.lookups : 0.0;
}

double tlb_eat(double t_tlb, double t_mem, unsigned levels, double hit_rate)
{
    return hit_rate * (t_tlb + t_mem) + (1.0 - hit_rate) * (t_tlb + (levels + 1.0) * t_mem);
}

const char *tlb_prot_str(unsigned prot, char buf[4])
{
    buf[0] = prot & TLB_R ? 'r' : '-';
    buf[1] = prot & TLB_W ? 'w' : '-';
    buf[2] = prot & TLB_X ? 'x' : '-';
    buf[3] = '\0';
    return buf;
}

/* Checks set `set`'s valid entries: placement, bits, stamps, duplicates,
 * and without ASIDs their process. */
static int check_set(const struct tlb *t, uint32_t set, char *err, size_t errlen)
{
    const struct tlb_entry *s = set_at(t, set);

    for (uint32_t w = 0; w < t->ways; w++) {
        if (!s[w].valid)
            continue;
        if (s[w].vpn % t->sets != set)
            FAIL("set %lu way %lu holds VPN %llu, whose set is %lu", (unsigned long)set,
                 (unsigned long)w, (unsigned long long)s[w].vpn,
                 (unsigned long)tlb_set_of(t, s[w].vpn));
        if (s[w].valid != 1 || (s[w].prot & ~(unsigned)TLB_RWX) || s[w].used > t->c.lookups)
            FAIL("set %lu way %lu: valid %u, protection 0x%x or last use %llu (now %llu) wrong",
                 (unsigned long)set, (unsigned long)w, s[w].valid, s[w].prot,
                 (unsigned long long)s[w].used, (unsigned long long)t->c.lookups);
        if (!t->asid && (!t->running || s[w].pid != t->running_pid))
            FAIL("set %lu way %lu holds P%ld's VPN %llu, but without ASIDs only the running "
                 "process's translations may stay",
                 (unsigned long)set, (unsigned long)w, (long)s[w].pid,
                 (unsigned long long)s[w].vpn);
        for (uint32_t x = w + 1; x < t->ways; x++)
            if (s[x].valid && s[x].vpn == s[w].vpn && (s[x].pid == s[w].pid || !t->asid))
                FAIL("set %lu: ways %lu and %lu both hold VPN %llu of P%ld", (unsigned long)set,
                     (unsigned long)w, (unsigned long)x, (unsigned long long)s[w].vpn,
                     (long)s[w].pid);
    }
    return 0;
}

int tlb_check(const struct tlb *t, char *err, size_t errlen)
{
    const struct tlb_counts *c = &t->c;
    uint64_t valid;

    if (!t->e || t->ways < 1 || t->sets < 1 || (uint64_t)t->sets * t->ways != t->entries ||
        t->entries > TLB_MAX_ENTRIES)
        FAIL("%lu entries are not %lu sets of %lu ways", (unsigned long)t->entries,
             (unsigned long)t->sets, (unsigned long)t->ways);
    for (uint32_t set = 0; set < t->sets; set++)
        if (check_set(t, set, err, errlen) < 0)
            return -1;
    /* Differences, not sums: a counter near 2^64 must not wrap into a match. */
    if (c->hits > c->lookups || c->misses != c->lookups - c->hits)
        FAIL("%llu lookups are not %llu hits + %llu misses", (unsigned long long)c->lookups,
             (unsigned long long)c->hits, (unsigned long long)c->misses);
    valid = tlb_valid(t);
    if (c->evictions > c->inserts || c->invalidations > c->inserts - c->evictions ||
        c->flushed > c->inserts - c->evictions - c->invalidations ||
        valid != c->inserts - c->evictions - c->invalidations - c->flushed)
        FAIL("%llu valid entries are not %llu inserts - %llu evictions - %llu invalidations - "
             "%llu flushed",
             (unsigned long long)valid, (unsigned long long)c->inserts,
             (unsigned long long)c->evictions, (unsigned long long)c->invalidations,
             (unsigned long long)c->flushed);
    if ((t->last != TLB_NONE && t->last_set >= t->sets) ||
        (t->last_way != TLB_NO_WAY && t->last_way >= t->ways))
        FAIL("the last lookup's set %lu or way %lu is out of range", (unsigned long)t->last_set,
             (unsigned long)t->last_way);
    if (t->last_way != TLB_NO_WAY) {
        const struct tlb_entry *e = &t->e[t->last_set * t->ways + t->last_way];
        if (t->last == TLB_NONE || !e->valid || e->pid != t->last_pid || e->vpn != t->last_vpn)
            FAIL("the last lookup's entry, set %lu way %lu, does not hold P%ld page %llu",
                 (unsigned long)t->last_set, (unsigned long)t->last_way, (long)t->last_pid,
                 (unsigned long long)t->last_vpn);
    }
    if (t->last != TLB_NONE && !t->asid && (!t->running || t->running_pid != t->last_pid))
        FAIL("without ASIDs the last lookup's P%ld must be the running process", (long)t->last_pid);
    return 0;
}
