/* test_vm_tlb.c: the TLB in virtual-memory mode (common/vm_tlb.c) and its
 * status records (common/status_tlb.c).
 *
 * Random traces (every policy, several shapes, ASIDs on and off, writes, a
 * small swap, releases) play against a reference TLB written here from the
 * rules of docs/translation.md (sets, LRU, flush on a switch without ASIDs,
 * the fault's victim invalidated, a released process's entries dropped):
 * every access's hit or miss and, at the end, every entry must match; after
 * every step vm_check (which runs vm_tlb_check) passes and each valid entry
 * is checked against the page table here too. Then the cases by hand: hit,
 * miss, LRU eviction within a set, invalidation of an evicted page, flush,
 * ASIDs, release, refusals that leave the TLB alone, the effective access
 * time, vm_tlb_check catching planted corruption. The status records: round
 * trips (written, parsed, written again byte for byte, and the parsed
 * memory plays on exactly as the original), version 3 exactly without a
 * TLB, and a table of malformed records, each with the line and message the
 * parser must give. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pyrand.h"
#include "status.h"
#include "test.h"
#include "test_status.h"

/* ------------------------------------------------------------------------ */
/* The reference TLB */

#define REF_MAX 64

struct ref_entry {
    int valid;
    int32_t pid;
    uint32_t page;
    uint64_t used;
};

struct ref_tlb {
    uint32_t entries, ways, sets;
    int asid;
    int32_t running; /* 0: nobody yet. */
    uint64_t clock;  /* Lookups so far. */
    struct ref_entry e[REF_MAX];
};

/* Drops (pid, page)'s entry, or with page UINT32_MAX all of pid's, or with
 * pid 0 everything. */
static void ref_drop(struct ref_tlb *r, int32_t pid, uint32_t page)
{
    for (uint32_t i = 0; i < r->entries; i++)
        if (pid == 0 || (r->e[i].pid == pid && (page == UINT32_MAX || r->e[i].page == page)))
            r->e[i].valid = 0;
}

/* One successful access of step s: returns 'h' or 'm' as the reference
 * TLB answers it. */
static char ref_access(struct ref_tlb *r, const struct vm_step *s)
{
    struct ref_entry *set = &r->e[(s->page % r->sets) * r->ways];
    uint32_t w, lru = 0;

    if (!r->asid && r->running && r->running != s->pid)
        ref_drop(r, 0, 0);
    r->running = s->pid;
    r->clock++;
    for (w = 0; w < r->ways; w++)
        if (set[w].valid && set[w].pid == s->pid && set[w].page == s->page) {
            set[w].used = r->clock;
            return 'h';
        }
    if (s->evict != VM_EVICT_NONE)
        ref_drop(r, s->victim_pid, s->victim_page);
    for (w = 0; w < r->ways && set[w].valid; w++)
        if (set[w].used < set[lru].used)
            lru = w;
    w = w < r->ways ? w : lru;
    set[w] = (struct ref_entry){1, s->pid, s->page, r->clock};
    return 'm';
}

/* Checks that vm's TLB holds exactly r's entries, way for way, and that
 * each agrees with the page table. Returns the number that differ. */
static int same_entries(const struct vm *vm, const struct ref_tlb *r)
{
    int bad = 0;

    for (uint32_t i = 0; i < r->entries; i++) {
        const struct tlb_entry *e = &vm->tlb->e[i];
        const struct ref_entry *x = &r->e[i];
        uint32_t where;
        if (e->valid != x->valid ||
            (x->valid && (e->pid != x->pid || e->vpn != x->page || e->used != x->used))) {
            bad++;
            continue;
        }
        if (e->valid &&
            (vm_page_state(vm_find(vm, e->pid), (uint32_t)e->vpn, &where) != VM_RESIDENT ||
             where != e->pfn))
            bad++;
    }
    return bad;
}

/* A random trace's recipe. */
struct trace {
    uint32_t frames, swap, entries, ways;
    int asid;
    enum vm_policy policy;
    unsigned nprocs;
    uint32_t pages;
    unsigned accesses;
    uint64_t seed;
};

/* Plays t against the reference TLB. */
static void random_trace(const struct trace *t)
{
    struct vm vm;
    struct ref_tlb r = {t->entries, t->ways, t->entries / t->ways, t->asid, 0, 0, {{0}}};
    struct pyrand g;
    char err[256] = "", name[160];
    int bad = 0, bad_hit = 0, released = 0;
    static struct vm_ref refs[4000];

    snprintf(name, sizeof name, "%s frames=%u tlb=%u ways=%u asid=%d seed=%llu",
             vm_policy_name(t->policy), t->frames, t->entries, t->ways, t->asid,
             (unsigned long long)t->seed);
    TEST_MSG(vm_init(&vm, t->frames, 4096, t->swap, err, sizeof err) == 0, err);
    for (unsigned i = 0; i < t->nprocs; i++)
        TEST(vm_alloc(&vm, i + 1, (uint64_t)t->pages * 4096, NULL) == 0);
    TEST(vm_set_policy(&vm, t->policy, t->seed, 2, NULL) == 0);
    TEST(vm_set_tlb(&vm, t->entries, t->ways, t->asid, NULL) == 0);
    pyrand_seed(&g, t->seed);
    for (unsigned i = 0; i < t->accesses; i++) {
        int32_t pid = (int32_t)pyrand_scaled(&g, t->nprocs) + 1;
        refs[i] = (struct vm_ref){pyrand_scaled(&g, t->pages) * 4096 + 8, pid,
                                  (uint8_t)(pyrand_scaled(&g, 4) == 0), 0};
    }
    TEST_MSG(vm_run_begin(&vm, refs, t->accesses, err, sizeof err) == 0, err);
    for (unsigned i = 0; i < t->accesses; i++) {
        struct vm_step s;
        if (!released && t->nprocs > 2 && i == t->accesses / 2) {
            vm_run_end(&vm); /* A release needs no run; the rest plays as lone accesses. */
            TEST(vm_release(&vm, 2, NULL) == 0);
            ref_drop(&r, 2, UINT32_MAX);
            released = 1;
        }
        if (released ? vm_access(&vm, refs[i].pid, refs[i].addr, refs[i].write, &s, NULL) < 0
                     : vm_run_step(&vm, &s, NULL) < 0)
            continue; /* Refused: no TLB lookup. */
        bad += (s.tlb == TLB_HIT ? 'h' : 'm') != ref_access(&r, &s);
        bad_hit += s.tlb == TLB_HIT && !s.hit;
        TEST_VALID(vm_check, &vm);
    }
    vm_run_end(&vm);
    TEST_MSG(bad == 0, name);
    TEST_MSG(bad_hit == 0, name);
    TEST_MSG(same_entries(&vm, &r) == 0, name);
    TEST_MSG(vm.tlb->c.lookups == r.clock, name);
    vm_free(&vm);
}

static void test_random(void)
{
    static const struct trace traces[] = {
        {3, 12, 4, 4, 0, VM_FIFO, 1, 8, 3000, 1},
        {4, 16, 8, 2, 1, VM_LRU, 3, 6, 3000, 2},
        {5, 2, 8, 1, 0, VM_CLOCK, 3, 5, 3000, 3},
        {8, 32, 16, 4, 1, VM_RANDOM, 4, 12, 3000, 4},
        {6, 24, 6, 3, 0, VM_OSTEP_CLOCK, 2, 10, 3000, 5},
        {4, 16, 64, 64, 1, VM_MRU, 3, 9, 3000, 6},
        {7, 28, 12, 6, 1, VM_OPT, 2, 14, 3000, 7},
        {16, 64, 4, 2, 0, VM_LRU, 5, 40, 4000, 8},
    };

    for (size_t i = 0; i < sizeof traces / sizeof traces[0]; i++)
        random_trace(&traces[i]);
}

/* ------------------------------------------------------------------------ */
/* Cases by hand */

/* Makes vm: frames frames of 4 KiB, swap slots, fifo, P1 and P2 with 16
 * pages each, and a TLB of entries entries in ways ways. */
static void setup(struct vm *vm, uint32_t frames, uint32_t swap, uint32_t entries, uint32_t ways,
                  int asid)
{
    char err[256] = "";
    struct note n;

    TEST_MSG(vm_init(vm, frames, 4096, swap, err, sizeof err) == 0, err);
    TEST(vm_alloc(vm, 1, 16 * 4096, NULL) == 0);
    TEST(vm_alloc(vm, 2, 16 * 4096, NULL) == 0);
    TEST_MSG(vm_set_tlb(vm, entries, ways, asid, &n) == 0, n.what);
}

/* Plays pages of pid (writes when write) and returns the TLB's answers
 * ("mmh..."), or "refused" at the first refusal. */
static const char *play(struct vm *vm, int32_t pid, const uint32_t *pages, size_t n, int write)
{
    static char out[64];

    for (size_t i = 0; i < n && i < sizeof out - 1; i++) {
        struct vm_step s;
        if (vm_access(vm, pid, (uint64_t)pages[i] * 4096, write, &s, NULL) < 0)
            return "refused";
        out[i] = s.tlb == TLB_HIT ? 'h' : s.tlb == TLB_MISS ? 'm' : '?';
        out[i + 1] = '\0';
        TEST_VALID(vm_check, vm);
    }
    return out;
}

#define PLAY(vm, pid, want, ...)                                                                   \
    do {                                                                                           \
        static const uint32_t p_[] = {__VA_ARGS__};                                                \
        const char *got_ = play((vm), (pid), p_, sizeof p_ / sizeof p_[0], 0);                     \
        TEST_MSG(strcmp(got_, (want)) == 0, got_);                                                 \
    } while (0)

static void test_hit_miss_lru(void)
{
    struct vm vm;

    /* Fully associative, 4 entries, 8 frames: the fifth page evicts the LRU. */
    setup(&vm, 8, 32, 4, 0, 0);
    TEST(vm.tlb->ways == 4 && vm.tlb->sets == 1);
    PLAY(&vm, 1, "mmhh", 0, 1, 0, 1);
    PLAY(&vm, 1, "mmm", 2, 3, 4); /* 4 evicts page 0, last used at lookup 3. */
    TEST(vm.tlb->c.evictions == 1);
    PLAY(&vm, 1, "hm", 1, 0); /* 0 evicts page 2, the LRU now. */
    PLAY(&vm, 1, "m", 2);
    vm_free(&vm);

    /* Direct-mapped, 2 sets of 1 way: pages 0 and 2 fight over set 0. */
    setup(&vm, 8, 32, 2, 1, 0);
    PLAY(&vm, 1, "mmmmh", 0, 2, 0, 1, 1);
    TEST(vm.tlb->c.evictions == 2);
    vm_free(&vm);
}

static void test_evicted_page_invalidated(void)
{
    struct vm vm;
    struct vm_step s;
    char line[NOTE_MAX];

    /* 2 frames, fifo, a TLB bigger than memory: page 0's frame goes to page
     * 2, so page 0's entry must go too, or the next access would hit a page
     * that is not resident. */
    setup(&vm, 2, 8, 8, 0, 0);
    PLAY(&vm, 1, "mmh", 0, 1, 1);
    TEST(vm_access(&vm, 1, 2 * 4096, 0, &s, NULL) == 0);
    TEST(s.evict != VM_EVICT_NONE && s.victim_page == 0 && s.tlb == TLB_MISS);
    TEST(vm.tlb->c.invalidations == 1 && tlb_valid(vm.tlb) == 2);
    TEST(vm_access(&vm, 1, 0, 0, &s, NULL) == 0);
    TEST(s.tlb == TLB_MISS && !s.hit);
    vm_tlb_describe(&vm, &s, line, sizeof line);
    TEST_MSG(strstr(line, "TLB miss: P1 page 0 is not in set 0") != NULL, line);
    vm_free(&vm);

    /* A set-associative insert that evicts: the line names the victim. */
    setup(&vm, 8, 32, 2, 1, 0);
    PLAY(&vm, 1, "m", 0);
    TEST(vm_access(&vm, 1, 2 * 4096, 0, &s, NULL) == 0);
    TEST(s.tlb_vpid == 1 && s.tlb_vpage == 0);
    vm_tlb_describe(&vm, &s, line, sizeof line);
    TEST_MSG(strstr(line, "evicting P1 page 0") != NULL, line);
    TEST(vm_access(&vm, 1, 2 * 4096, 0, &s, NULL) == 0);
    vm_tlb_describe(&vm, &s, line, sizeof line);
    TEST_MSG(strcmp(line, "TLB hit: set 0 way 0 maps P1 page 2 to frame 1") == 0, line);
    vm_free(&vm);
}

static void test_asid_flush_release(void)
{
    struct vm vm;
    struct note n;
    struct vm_step s;

    /* Without ASIDs every switch flushes. */
    setup(&vm, 8, 32, 8, 0, 0);
    PLAY(&vm, 1, "mm", 0, 1);
    PLAY(&vm, 2, "m", 0);
    TEST(vm.tlb->c.flushes == 1 && vm.tlb->c.flushed == 2);
    TEST(vm_access(&vm, 1, 0, 0, &s, NULL) == 0);
    TEST(s.tlb == TLB_MISS && s.tlb_switch == 1 && s.hit == 1);
    vm_free(&vm);

    /* With ASIDs both processes' entries stay; a release drops its own. */
    setup(&vm, 8, 32, 8, 0, 1);
    PLAY(&vm, 1, "mm", 0, 1);
    PLAY(&vm, 2, "mh", 0, 0);
    PLAY(&vm, 1, "hh", 0, 1);
    TEST(vm.tlb->c.flushes == 0);
    TEST(vm_release(&vm, 2, NULL) == 0);
    TEST(tlb_valid(vm.tlb) == 2 && vm.tlb->c.invalidations == 1);
    TEST_VALID(vm_check, &vm);

    /* tlb flush empties it; the next accesses miss. */
    TEST(vm_tlb_flush(&vm, &n) == 0);
    TEST_MSG(strstr(n.what, "2 valid entries dropped") != NULL, n.what);
    PLAY(&vm, 1, "mh", 0, 0);
    vm_tlb_off(&vm);
    TEST(vm.tlb == NULL);
    TEST(vm_tlb_flush(&vm, &n) < 0);
    TEST(vm_access(&vm, 1, 0, 0, &s, NULL) == 0 && s.tlb == TLB_NONE);
    vm_free(&vm);
}

static void test_refusals(void)
{
    struct vm vm;
    struct vm_step s;
    struct note n;
    struct tlb_counts c;
    char err[256] = "";

    /* A segmentation fault and a full swap reach no TLB. */
    setup(&vm, 1, 0, 4, 0, 0);
    TEST(vm_access(&vm, 1, 0, 1, &s, NULL) == 0); /* Dirty, and swap has no slot. */
    c = vm.tlb->c;
    TEST(vm_access(&vm, 1, 99 * 4096, 0, &s, NULL) < 0 && s.refused == VM_REFUSE_SEGV);
    TEST(vm_access(&vm, 1, 4096, 0, &s, NULL) < 0 && s.refused == VM_REFUSE_SWAP_FULL);
    TEST(memcmp(&c, &vm.tlb->c, sizeof c) == 0);
    TEST_VALID(vm_check, &vm);

    /* Bad shapes and latencies change nothing. */
    TEST(vm_set_tlb(&vm, 6, 4, 0, &n) < 0);
    TEST_MSG(strstr(n.what, "does not divide") != NULL, n.what);
    TEST(vm_set_tlb(&vm, 0, 0, 0, &n) < 0 && vm_set_tlb(&vm, 4097, 0, 0, &n) < 0);
    TEST(vm.tlb->entries == 4 && tlb_valid(vm.tlb) == 1);
    TEST(vm_set_latency(&vm, 1000001, 100, &n) < 0 && vm_set_latency(&vm, 1, 0, &n) < 0);
    TEST(vm.tlb_ns == VM_TLB_NS && vm.mem_ns == VM_MEM_NS);
    TEST(vm_set_latency(&vm, 3, 60, &n) == 0);
    TEST(vm_set_tlb(&vm, 8, 2, 1, &n) == 0); /* A new TLB keeps the latencies. */
    TEST(vm.tlb_ns == 3 && vm.mem_ns == 60 && tlb_valid(vm.tlb) == 0);
    vm_tlb_off(&vm);
    TEST(vm_set_latency(&vm, 3, 60, &n) < 0);
    TEST(vm_set_tlb(&vm, 8, 2, 1, &n) == 0); /* After off, the defaults again. */
    TEST(vm.tlb_ns == VM_TLB_NS && vm.mem_ns == VM_MEM_NS);
    TEST_MSG(vm_restore_tlb_entry(&vm, 0, 0, 1, 1, 0, 1, err, sizeof err) < 0, err);
    vm_free(&vm);
}

/* Returns 1 when a and b differ by less than 1e-9. */
static int near(double a, double b)
{
    return a - b < 1e-9 && b - a < 1e-9;
}

static void test_eat(void)
{
    struct vm vm;

    /* Two lookups, one hit: EAT = 0.5 x (1 + 100) + 0.5 x (1 + 2 x 100) =
     * 50.5 + 100.5 = 151 ns. With 2 ns and 50 ns: 0.5 x 52 + 0.5 x 102 = 77. */
    setup(&vm, 4, 16, 4, 0, 0);
    TEST(near(vm_tlb_eat(&vm), 0.0 * 101 + 1.0 * 201)); /* No lookup yet: h = 0. */
    PLAY(&vm, 1, "mh", 3, 3);
    TEST(near(vm_tlb_eat(&vm), 151.0));
    TEST(vm_set_latency(&vm, 2, 50, NULL) == 0);
    TEST(near(vm_tlb_eat(&vm), 77.0));
    vm_tlb_off(&vm);
    TEST(near(vm_tlb_eat(&vm), 0.0));
    vm_free(&vm);
}

static void test_check_catches(void)
{
    struct vm vm;

    setup(&vm, 4, 16, 4, 2, 0);
    PLAY(&vm, 1, "mm", 0, 1);
    vm.tlb->e[0].pfn = 3; /* Page 0 is in frame 0. */
    TEST_INVALID(vm_tlb_check, &vm);
    TEST_INVALID(vm_check, &vm);
    vm.tlb->e[0].pfn = 0;
    TEST_VALID(vm_check, &vm);
    vm.tlb->e[0].vpn = 5; /* Page 5 of P1 is not resident (and not in set 0's place). */
    TEST_INVALID(vm_tlb_check, &vm);
    vm.tlb->e[0].vpn = 0;
    vm.tlb->e[0].prot = TLB_RWX;
    TEST_INVALID(vm_tlb_check, &vm);
    vm.tlb->e[0].prot = TLB_R | TLB_W;
    vm.tlb_ns = VM_MAX_NS + 1;
    TEST_INVALID(vm_tlb_check, &vm);
    vm.tlb_ns = 1;
    TEST_VALID(vm_tlb_check, &vm);
    vm_free(&vm);
}

/* ------------------------------------------------------------------------ */
/* The status records */

/* Builds st: VM mode with 4 frames (lru, swap 8), P1 and P2, a TLB of 4
 * entries in 2 ways (asid per asid), accesses. */
static void build(struct status *st, int asid, int with_tlb)
{
    char err[256] = "";
    static const uint32_t pages[] = {0, 1, 0, 2, 1, 0, 2, 3, 0, 1, 1, 3, 0, 2, 1};

    TEST_MSG(status_init(st, 16, 4096, PG_FIRST, 0, 65536, SEG_FIRST, err, sizeof err) == 0, err);
    TEST_MSG(vm_init(&st->vm, 4, 4096, 8, err, sizeof err) == 0, err);
    st->vm_on = 1;
    TEST(vm_alloc(&st->vm, 1, 16 * 4096, NULL) == 0 && vm_alloc(&st->vm, 2, 8 * 4096, NULL) == 0);
    TEST(vm_set_policy(&st->vm, VM_LRU, 0, 2, NULL) == 0);
    if (with_tlb) {
        TEST(vm_set_tlb(&st->vm, 4, 2, asid, NULL) == 0);
        TEST(vm_set_latency(&st->vm, 2, 80, NULL) == 0);
    }
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        TEST(vm_access(&st->vm, i % 3 == 2 ? 2 : 1, (uint64_t)pages[i] * 4096, i % 4 == 1, NULL,
                       NULL) == 0);
    }
    TEST_VALID(vm_check, &st->vm);
}

/* Checks that a's TLB and b's are the same, and that both play the same
 * next accesses. */
static void same_tlb(const char *name, struct vm *a, struct vm *b)
{
    TEST_MSG(!a->tlb == !b->tlb, name);
    if (!a->tlb || !b->tlb)
        return;
    TEST_MSG(a->tlb_ns == b->tlb_ns && a->mem_ns == b->mem_ns, name);
    TEST_MSG(a->tlb->entries == b->tlb->entries && a->tlb->ways == b->tlb->ways &&
                 a->tlb->asid == b->tlb->asid && a->tlb->running == b->tlb->running &&
                 a->tlb->running_pid == b->tlb->running_pid && a->tlb->last == b->tlb->last &&
                 a->tlb->last_set == b->tlb->last_set && a->tlb->last_way == b->tlb->last_way,
             name);
    TEST_MSG(memcmp(&a->tlb->c, &b->tlb->c, sizeof a->tlb->c) == 0, name);
    for (uint32_t i = 0; i < a->tlb->entries; i++) {
        const struct tlb_entry *x = &a->tlb->e[i], *y = &b->tlb->e[i];
        TEST_MSG(x->valid == y->valid &&
                     (!x->valid || (x->pid == y->pid && x->vpn == y->vpn && x->pfn == y->pfn &&
                                    x->used == y->used && x->prot == y->prot)),
                 name);
    }
    for (uint32_t i = 0; i < VM_RECENT && i < a->t; i++)
        TEST_MSG(a->recent[i].tlb == b->recent[i].tlb, name);
    for (uint32_t page = 0; page < 8; page++) {
        struct vm_step x, y;
        TEST(vm_access(a, 1 + page % 2, (uint64_t)page * 4096, 0, &x, NULL) == 0);
        TEST(vm_access(b, 1 + page % 2, (uint64_t)page * 4096, 0, &y, NULL) == 0);
        TEST_MSG(x.tlb == y.tlb && x.tlb_way == y.tlb_way && x.frame == y.frame, name);
    }
}

static void test_round_trip(void)
{
    for (int asid = 0; asid < 2; asid++) {
        struct status st, back;
        char err[ERRLEN] = "", *text;
        size_t len = 0;

        build(&st, asid, 1);
        round_trip(asid ? "tlb asid" : "tlb", &st);
        text = format_text(&st, &len);
        TEST(text && strncmp(text, "memtrack-status 4\n", 18) == 0);
        TEST(text && count_of(text, "\ntlb-entry ") == tlb_valid(st.vm.tlb));
        TEST_MSG(text && status_parse_string(text, len, &back, 0, err, sizeof err) == 0, err);
        same_tlb(asid ? "tlb asid" : "tlb", &st.vm, &back.vm);
        free(text);
        status_free(&back);
        status_free(&st);
    }
    {
        struct status st;
        char *text;
        size_t len = 0;

        build(&st, 0, 0); /* Without a TLB: version 3, no tlb record. */
        text = format_text(&st, &len);
        TEST(text && strncmp(text, "memtrack-status 3\n", 18) == 0 && !strstr(text, "\ntlb"));
        free(text);
        status_free(&st);
    }
}

/* The file every malformed case edits. */
static char *sample_text(void)
{
    struct status st;
    char *text;
    size_t len = 0;

    build(&st, 1, 1);
    text = format_text(&st, &len);
    status_free(&st);
    return text;
}

struct bad_case {
    const char *name;
    const char *at;   /* The line the parser must report starts with this. */
    const char *msg;  /* A part of its message. */
    const char *find; /* The text changed ... */
    const char *repl; /* ... into this. */
};

/* clang-format off */
static const struct bad_case bad_cases[] = {
    {"tlb in a version 3 file", "tlb entries", "'tlb' record in a version 3 file",
     "memtrack-status 4", "memtrack-status 3"},
    {"ways do not divide", "tlb entries", "does not divide", "entries=4 ways=2", "entries=4 ways=3"},
    {"too many entries", "tlb entries", "entries", "entries=4 ways=2", "entries=4097 ways=2"},
    {"asid not a flag", "tlb entries", "asid", "asid=1", "asid=2"},
    {"memory latency 0", "tlb entries", "mem-ns", "mem-ns=80", "mem-ns=0"},
    {"valid too large", "tlb entries", "valid", "valid=4", "valid=5"},
    {"fewer entries than valid", "tlb entries", "valid=4, but 3 tlb-entry records follow",
     "tlb-entry set=1 way=1", "x"},
    {"no tlb record", "tlb-total", "no 'tlb' record before it", "tlb entries", "x"},
    {"no tlb-total", "tlb-entry", "no 'tlb' and 'tlb-total' records before it", "tlb-total ", "x"},
    {"lookups do not add up", "tlb-total", "is not hits=", "lookups=", "lookups=1"},
    {"counters do not add up", "tlb entries", "do not add up", "inserts=9", "inserts=1"},
    {"entry in the wrong set", "tlb-entry set=0 way=0", "does not belong in set",
     "pid=1 vpn=0 frame=0", "pid=1 vpn=1 frame=0"},
    {"entry twice", "tlb-entry set=0 way=1", "is in the TLB twice", "pid=1 vpn=2 frame=2",
     "pid=1 vpn=0 frame=0"},
    {"way out of range", "tlb-entry set=0 way=2", "way", "tlb-entry set=0 way=1",
     "tlb-entry set=0 way=2"},
    {"entry disagrees with the frame", "tlb-entry set=0 way=0", "the page table does not map it there",
     "pid=1 vpn=0 frame=0", "pid=1 vpn=0 frame=3"},
    {"entry of a page not resident", "tlb-entry set=1 way=1", "does not map it there",
     "pid=2 vpn=3 frame=3", "pid=2 vpn=5 frame=3"},
    {"entry used in the future", "tlb-entry set=0 way=0", "used", "used=13", "used=99"},
    {"entries out of order", "tlb-entry set=0 way=0", "by set, then way", "tlb-entry set=0 way=0",
     "tlb-entry set=1 way=1 pid=2 vpn=3 frame=3 used=12\ntlb-entry set=0 way=0"},
    {"last result unknown", "tlb-last", "none, hit or miss", "result=miss", "result=maybe"},
    {"last in the wrong set", "tlb-last", "does not go with", "vpn=1 set=1 way=0", "vpn=1 set=0 way=0"},
    {"last none with a way", "tlb-last", "does not go with", "result=miss", "result=none"},
    {"recent too short", "tlb-recent", "a letter for each of the last", "results=", "results=h"},
    {"recent hit on a fault", "tlb-recent", "is a TLB hit but a page fault", "results=m", "results=h"},
    {"recent letter unknown", "tlb-recent", "letters are h, m or -", "results=m", "results=x"},
    {"no tlb-recent", "tlb entries", "followed by tlb-total, tlb-entry, tlb-last and tlb-recent",
     "tlb-recent ", "x"},
    /* 4 valid + 2^64 - 1 evictions + 3 invalidations wraps to 6 inserts. */
    {"counters that wrap", "tlb entries", "do not add up", "inserts=9 evictions=2",
     "inserts=6 evictions=18446744073709551615"},
    {"last entry holds another page", "tlb entries", "does not hold P2 page 3",
     "result=miss pid=2 vpn=1 set=1 way=0", "result=miss pid=2 vpn=3 set=1 way=0"},
    {"last result not the last access's", "tlb entries", "not the newest letter of tlb-recent",
     "result=miss pid=2", "result=hit pid=2"},
};
/* clang-format on */

/* Replaces the line of text that holds find (its whole line when repl is
 * "x": the line is dropped) or the first find with repl, into out. */
static void edit(const char *text, const char *find, const char *repl, char *out, size_t cap)
{
    const char *at = strstr(text, find);
    const char *end;

    snprintf(out, cap, "%s", text);
    if (!at)
        return;
    if (strcmp(repl, "x") == 0) {
        while (at > text && at[-1] != '\n')
            at--;
        end = strchr(at, '\n');
        snprintf(out, cap, "%.*s%s", (int)(at - text), text, end ? end + 1 : "");
        return;
    }
    snprintf(out, cap, "%.*s%s%s", (int)(at - text), text, repl, at + strlen(find));
}

static void test_bad_records(void)
{
    char *text = sample_text();
    static char bad[1 << 16];

    if (!text)
        return;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const struct bad_case *c = &bad_cases[i];
        struct status st;
        char err[ERRLEN] = "", what[3 * ERRLEN];
        int want, r;
        TEST_MSG(strstr(text, c->find) != NULL, c->name);
        edit(text, c->find, c->repl, bad, sizeof bad);
        want = line_of(bad, c->at);
        memset(&st, 0x5a, sizeof st);
        r = status_parse_string(bad, strlen(bad), &st, 0, err, sizeof err);
        snprintf(what, sizeof what, "%s: returned %d, expected %d; message '%s', expected '%s'",
                 c->name, r, want, err, c->msg);
        TEST_MSG(want > 0 && r == want && strstr(err, c->msg) != NULL && printable(err), what);
        TEST_MSG(is_zeroed(&st), what);
        status_free(&st);
    }
    free(text);
}

int main(void)
{
    test_random();
    test_hit_miss_lru();
    test_evicted_page_invalidated();
    test_asid_flush_release();
    test_refusals();
    test_eat();
    test_check_catches();
    test_round_trip();
    test_bad_records();
    return TEST_DONE();
}
