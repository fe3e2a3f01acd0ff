/* status_tlb.c: the TLB's records (format version 4), written only when
 * virtual memory is on with a TLB: tlb (the settings), tlb-total (the
 * counters), tlb-entry (each valid entry), tlb-last (the last lookup) and
 * tlb-recent (the TLB's answer to each of the last accesses). The reader
 * rebuilds the TLB through vm_set_tlb, vm_set_latency and
 * vm_restore_tlb_entry (vm.h) and checks every invariant: entries in their
 * set, no duplicates, each agreeing with the page table and the frames
 * (vm_tlb_check), the counters adding up (tlb_check). See status_impl.h and
 * docs/status-format.md. */
#include "status_impl.h"

#include <stdio.h>
#include <string.h>

/* The words of enum tlb_result, as the file writes them. */
static const char *const result_words[] = {"none", "hit", "miss"};
/* The letters of tlb-recent: an access without the TLB, a hit, a miss. */
static const char result_letters[] = "-hm";

/* The counters in file order: their keys and where they are. */
static const char *const count_keys[] = {"lookups",   "hits",    "misses",  "inserts",
                                         "evictions", "flushes", "flushed", "invalidations"};
#define NCOUNTS (sizeof count_keys / sizeof count_keys[0])

/* Returns the address of the i-th counter of c, in count_keys' order. */
static uint64_t *count_at(struct tlb_counts *c, size_t i)
{
    uint64_t *f[NCOUNTS] = {&c->lookups,   &c->hits,    &c->misses,  &c->inserts,
                            &c->evictions, &c->flushes, &c->flushed, &c->invalidations};

    return f[i];
}

/* ---- Writing ------------------------------------------------------------- */

void status_write_tlb(const struct status *st, struct status_cache *cache, struct sink *s)
{
    const struct vm *vm = &st->vm;
    const struct tlb *t = vm->tlb;

    (void)cache;
    if (!st->vm_on || !t)
        return;
    status_putkv(s, "tlb entries", t->entries);
    status_putkv(s, " ways", t->ways);
    status_putkv(s, " asid", (uint64_t)t->asid);
    status_putkv(s, " tlb-ns", vm->tlb_ns);
    status_putkv(s, " mem-ns", vm->mem_ns);
    status_putkv(s, " running", t->running ? (uint64_t)t->running_pid : 0);
    status_putkv(s, " valid", tlb_valid(t));
    struct tlb_counts c = t->c; /* A copy: count_at gives writable places. */
    status_puts(s, "\ntlb-total");
    for (size_t i = 0; i < NCOUNTS; i++) {
        status_put(s, " ", 1);
        status_putkv(s, count_keys[i], *count_at(&c, i));
    }
    status_put(s, "\n", 1);
    for (uint32_t i = 0; i < t->entries; i++) {
        const struct tlb_entry *e = &t->e[i];
        if (!e->valid)
            continue;
        status_putkv(s, "tlb-entry set", i / t->ways);
        status_putkv(s, " way", i % t->ways);
        status_putkv(s, " pid", (uint64_t)e->pid);
        status_putkv(s, " vpn", e->vpn);
        status_putkv(s, " frame", e->pfn);
        status_putkv(s, " used", e->used);
        status_put(s, "\n", 1);
    }
}

void status_write_tlb_last(const struct status *st, struct status_cache *cache, struct sink *s)
{
    const struct vm *vm = &st->vm;
    const struct tlb *t = vm->tlb;

    (void)cache;
    if (!st->vm_on || !t)
        return;
    status_puts(s, "tlb-last result=");
    status_puts(s, result_words[t->last]);
    status_putkv(s, " pid", t->last == TLB_NONE ? 0 : (uint64_t)t->last_pid);
    status_putkv(s, " vpn", t->last == TLB_NONE ? 0 : t->last_vpn);
    status_putkv(s, " set", t->last == TLB_NONE ? 0 : t->last_set);
    if (t->last_way == TLB_NO_WAY)
        status_puts(s, " way=-");
    else
        status_putkv(s, " way", t->last_way);
    status_puts(s, "\ntlb-recent results=");
    for (uint64_t i = 0; i < vm->t && i < VM_RECENT; i++)
        status_put(s, &result_letters[vm->recent[(vm->t - 1 - i) % VM_RECENT].tlb], 1);
    if (vm->t == 0)
        status_put(s, "-", 1);
    status_put(s, "\n", 1);
}

/* ---- Reading ------------------------------------------------------------- */

int status_read_tlb(struct status_parser *p, unsigned long *line)
{
    struct vm *vm = &p->st->vm;
    uint64_t entries, ways, tns, mns, running, valid;
    int asid;
    struct note n;

    if (!p->vm.seen)
        return status_fail(p, "tlb: a TLB needs virtual memory (a 'vm' record)");
    if (status_num_field(p, 1, "entries", 1, TLB_MAX_ENTRIES, &entries) < 0 ||
        status_num_field(p, 2, "ways", 1, entries, &ways) < 0 ||
        status_flag_field(p, 3, "asid", &asid) < 0 ||
        status_num_field(p, 4, "tlb-ns", 0, VM_MAX_NS, &tns) < 0 ||
        status_num_field(p, 5, "mem-ns", 1, VM_MAX_NS, &mns) < 0 ||
        status_num_field(p, 6, "running", 0, PG_MAX_PID, &running) < 0 ||
        status_num_field(p, 7, "valid", 0, entries, &valid) < 0)
        return -1;
    if (vm_set_tlb(vm, (uint32_t)entries, (uint32_t)ways, asid, &n) < 0 ||
        vm_set_latency(vm, (uint32_t)tns, (uint32_t)mns, &n) < 0)
        return status_fail(p, "tlb: %s", n.what);
    vm->tlb->running = running != 0;
    vm->tlb->running_pid = (int32_t)running;
    p->tlb.seen = 1;
    p->tlb.line = *line;
    p->tlb.valid = valid;
    return 0;
}

int status_read_tlb_total(struct status_parser *p, unsigned long *line)
{
    struct tlb_counts c;

    (void)line;
    if (!p->tlb.seen)
        return status_fail(p, "tlb-total: no 'tlb' record before it");
    for (size_t i = 0; i < NCOUNTS; i++)
        if (status_num_field(p, (int)i + 1, count_keys[i], 0, UINT64_MAX, count_at(&c, i)) < 0)
            return -1;
    if (c.lookups != c.hits + c.misses || c.hits > c.lookups)
        return status_fail(p, "tlb-total: lookups=%llu is not hits=%llu + misses=%llu",
                           (unsigned long long)c.lookups, (unsigned long long)c.hits,
                           (unsigned long long)c.misses);
    p->st->vm.tlb->c = c;
    p->tlb.total_seen = 1;
    return 0;
}

int status_read_tlb_entry(struct status_parser *p, unsigned long *line)
{
    struct vm *vm = &p->st->vm;
    uint64_t set, way, pid, vpn, frame, used;
    char why[256];

    (void)line;
    if (!p->tlb.total_seen)
        return status_fail(p, "tlb-entry: no 'tlb' and 'tlb-total' records before it");
    if (p->tlb.nentries >= p->tlb.valid)
        return status_fail(p, "tlb-entry: more than the valid=%llu the tlb record declares",
                           (unsigned long long)p->tlb.valid);
    if (status_num_field(p, 1, "set", 0, vm->tlb->sets - 1, &set) < 0 ||
        status_num_field(p, 2, "way", 0, vm->tlb->ways - 1, &way) < 0 ||
        status_num_field(p, 3, "pid", 1, PG_MAX_PID, &pid) < 0 ||
        status_num_field(p, 4, "vpn", 0, VM_MAX_PAGES - 1, &vpn) < 0 ||
        status_num_field(p, 5, "frame", 0, vm->nframes - 1, &frame) < 0 ||
        status_num_field(p, 6, "used", 1, vm->tlb->c.lookups, &used) < 0)
        return -1;
    if (p->tlb.nentries && set * vm->tlb->ways + way <= p->tlb.last_index)
        return status_fail(p, "tlb-entry: entries go by set, then way, each once");
    if (vm_restore_tlb_entry(vm, (uint32_t)set, (uint32_t)way, (int64_t)pid, vpn, frame, used, why,
                             sizeof why) < 0)
        return status_fail(p, "tlb-entry: %s", why);
    p->tlb.last_index = set * vm->tlb->ways + way;
    p->tlb.nentries++;
    return 0;
}

/* Reads field i as key=N (N below lim) or key=- (TLB_NO_WAY) into *out.
 * Returns 0 or -1 with the error set. */
static int way_field(struct status_parser *p, int i, const char *key, uint32_t lim, uint32_t *out)
{
    const char *w = status_word_field(p, i, key);
    uint64_t v;

    if (!w)
        return -1;
    *out = TLB_NO_WAY;
    if (strcmp(w, "-") == 0)
        return 0;
    if (status_digits(&w, lim - 1, &v) < 0 || *w != '\0')
        return status_fail(p, "%s: %s= is '-' or a way below %u", p->f[0], key, lim);
    *out = (uint32_t)v;
    return 0;
}

int status_read_tlb_last(struct status_parser *p, unsigned long *line)
{
    struct tlb *t = p->st->vm.tlb;
    const char *w;
    uint64_t pid, vpn, set;
    uint32_t way;
    int r = 0;

    (void)line;
    if (!p->tlb.total_seen)
        return status_fail(p, "tlb-last: no 'tlb' and 'tlb-total' records before it");
    if (!(w = status_word_field(p, 1, "result")))
        return -1;
    while (r < 3 && strcmp(w, result_words[r]) != 0)
        r++;
    if (r == 3)
        return status_fail(p, "tlb-last: result= is none, hit or miss, not %.20s", w);
    if (status_num_field(p, 2, "pid", 0, PG_MAX_PID, &pid) < 0 ||
        status_num_field(p, 3, "vpn", 0, VM_MAX_PAGES - 1, &vpn) < 0 ||
        status_num_field(p, 4, "set", 0, t->sets - 1, &set) < 0 ||
        way_field(p, 5, "way", t->ways, &way) < 0)
        return -1;
    if (r == TLB_NONE ? pid || vpn || set || way != TLB_NO_WAY || t->c.lookups
                      : pid == 0 || set != tlb_set_of(t, vpn) || t->c.lookups == 0)
        return status_fail(p,
                           "tlb-last: result=%s does not go with pid=%llu vpn=%llu set=%llu "
                           "and %llu lookups (none: all 0 and way=-; else the page's set)",
                           w, (unsigned long long)pid, (unsigned long long)vpn,
                           (unsigned long long)set, (unsigned long long)t->c.lookups);
    t->last = (enum tlb_result)r;
    t->last_pid = (int32_t)pid;
    t->last_vpn = vpn;
    t->last_set = (uint32_t)set;
    t->last_way = way;
    p->tlb.last_seen = 1;
    return 0;
}

int status_read_tlb_recent(struct status_parser *p, unsigned long *line)
{
    struct vm *vm = &p->st->vm;
    uint64_t want = vm->t < VM_RECENT ? vm->t : VM_RECENT;
    const char *w;

    (void)line;
    if (!p->tlb.last_seen)
        return status_fail(p, "tlb-recent: no 'tlb-last' record before it");
    if (!(w = status_word_field(p, 1, "results")))
        return -1;
    if (want == 0 ? strcmp(w, "-") != 0 : strlen(w) != want)
        return status_fail(p,
                           "tlb-recent: results= has a letter for each of the last %llu "
                           "accesses (- when there are none)",
                           (unsigned long long)want);
    for (uint64_t i = 0; i < want; i++) {
        struct vm_step *a = &vm->recent[(vm->t - 1 - i) % VM_RECENT];
        const char *c = strchr(result_letters, w[i]);
        if (!c || w[i] == '\0')
            return status_fail(p, "tlb-recent: results= letters are h, m or -, not '%c'", w[i]);
        a->tlb = (uint8_t)(c - result_letters);
        if (a->tlb == TLB_HIT && !a->hit)
            return status_fail(p,
                               "tlb-recent: the access at t=%llu is a TLB hit but a page "
                               "fault (a TLB hit means the page is resident)",
                               (unsigned long long)a->t);
    }
    p->tlb.recent_seen = 1;
    return 0;
}

/* Returns 1 when vm's TLB made a lookup (tlb-last) but the last access has
 * another TLB result than that lookup's, else 0: each access looks up once,
 * and a new TLB starts with no lookup. */
static int newest_disagrees(const struct vm *vm)
{
    const struct tlb *t = vm->tlb;

    return t->last != TLB_NONE &&
           (vm->t == 0 || vm->recent[(vm->t - 1) % VM_RECENT].tlb != t->last);
}

/* Checks that a TLB's records are all there and add up, when the parser
 * leaves the last of them. */
int status_close_tlb(struct status_parser *p, unsigned long *line)
{
    unsigned long here = *line; /* The parser's count of lines: put back on success. */
    char why[256];

    if (!p->tlb.seen)
        return 0;
    *line = p->tlb.line;
    if (!p->tlb.recent_seen)
        return status_fail(p, "tlb: a 'tlb' record is followed by tlb-total, tlb-entry, tlb-last "
                              "and tlb-recent records");
    if (p->tlb.nentries != p->tlb.valid)
        return status_fail(p, "tlb: valid=%llu, but %llu tlb-entry records follow",
                           (unsigned long long)p->tlb.valid, (unsigned long long)p->tlb.nentries);
    if (vm_tlb_check(&p->st->vm, why, sizeof why) < 0)
        return status_fail(p, "tlb: the records do not add up: %s", why);
    if (newest_disagrees(&p->st->vm))
        return status_fail(p, "tlb: tlb-last's result is not the newest letter of tlb-recent "
                              "(the last lookup was the last access's)");
    *line = here;
    return 0;
}
