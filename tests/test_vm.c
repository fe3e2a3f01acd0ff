/* test_vm.c: the virtual-memory model (common/vm*.c): every fault path,
 * segmentation faults, release, refusals that change nothing, vm_check after
 * every step of seeded random runs for every policy, the textbook classics,
 * compare and Belady's anomaly, and OSTEP's paging-policy.py replayed access
 * by access from its recorded outputs (tests/data/ostep/paging-policy/, or
 * the directory given as the first argument). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pyrand.h"
#include "test.h"
#include "vm.h"
#include "vm_restore.h"

#define PS 4096u /* Page size of the tests. */

static const char *data_dir = "tests/data/ostep/paging-policy";

/* Makes a memory of nframes frames and nslots slots with process 1 of
 * npages pages, policy p. */
static void setup(struct vm *vm, uint32_t nframes, uint32_t nslots, uint32_t npages,
                  enum vm_policy p)
{
    char err[200] = "";

    TEST_MSG(vm_init(vm, nframes, PS, nslots, err, sizeof err) == 0, err);
    TEST(vm_alloc(vm, 1, (uint64_t)npages * PS, NULL) == 0);
    TEST(vm_set_policy(vm, p, 0, 2, NULL) == 0);
}

/* One access of page `page` of pid; returns vm_access's result. */
static int touch(struct vm *vm, int pid, uint32_t page, int write, struct vm_step *s)
{
    struct note n;
    int rc = vm_access(vm, pid, (uint64_t)page * PS + 5, write, s, &n);

    TEST(n.what[0] != '\0' && n.why[0] != '\0');
    return rc;
}

#define VALID(vm) TEST_VALID(vm_check, (vm))

/* Frees, zero-fills, evictions of each kind, swap-in and swap full. */
static void test_fault_paths(void)
{
    struct vm vm;
    struct vm_step s;
    uint32_t where;
    struct vm_frame frames[2];
    struct vm_counts total;
    struct note n;

    setup(&vm, 2, 1, 4, VM_FIFO);
    TEST(vm_access(&vm, 1, 0, 0, &s, &n) == 0 && !s.hit && s.load == VM_LOAD_ZERO && s.frame == 0 &&
         s.evict == VM_EVICT_NONE && s.t == 1);
    TEST_MSG(strcmp(n.why, "frame 0 was the lowest free frame (2 free before)") == 0, n.why);
    TEST(touch(&vm, 1, 1, 1, &s) == 0 && s.frame == 1 && vm.frames[1].dirty);
    TEST(touch(&vm, 1, 1, 0, &s) == 0 && s.hit && s.frame == 1);
    /* Page 0 is clean and never written: back to untouched. */
    TEST(touch(&vm, 1, 2, 0, &s) == 0 && s.evict == VM_EVICT_ZERO && s.victim_page == 0 &&
         s.frame == 0);
    TEST(vm_page_state(vm_find(&vm, 1), 0, &where) == VM_UNTOUCHED && where == VM_NONE);
    /* Page 1 is dirty: written back to the free slot 0. */
    TEST(vm_access(&vm, 1, 3 * PS, 0, &s, &n) == 0 && s.evict == VM_EVICT_WRITEBACK &&
         s.victim_page == 1 && s.victim_slot == 0 && vm.slots_used == 1);
    TEST_MSG(strcmp(n.what, "P1 page 3 (0x3000, read): page fault, zero-filled into frame 1, "
                            "replacing P1 page 1 (dirty: written back to swap slot 0)") == 0,
             n.what);
    TEST_MSG(strcmp(n.why, "FIFO: frame 1 holds P1 page 1, loaded at t=2, the earliest "
                           "loaded") == 0,
             n.why);
    TEST(vm_page_state(vm_find(&vm, 1), 1, &where) == VM_SWAPPED && where == 0);
    /* Page 1 comes back from slot 0, clean, keeping its slot. */
    TEST(vm_access(&vm, 1, PS, 0, &s, &n) == 0 && s.load == VM_LOAD_SWAP && s.slot == 0 &&
         s.victim_page == 2 && s.evict == VM_EVICT_ZERO);
    TEST_MSG(strcmp(n.what, "P1 page 1 (0x1000, read): page fault, read from swap slot 0 into "
                            "frame 0, replacing P1 page 2 (clean, never written: untouched "
                            "again)") == 0,
             n.what);
    TEST(vm.frames[s.frame].slot == 0 && !vm.frames[s.frame].dirty);
    TEST(touch(&vm, 1, 0, 1, &s) == 0 && s.victim_page == 3 && s.load == VM_LOAD_ZERO);
    /* Page 1 is clean with a valid copy: dropped, its slot kept. */
    TEST(vm_access(&vm, 1, 2 * PS, 0, &s, &n) == 0 && s.evict == VM_EVICT_DROP &&
         s.victim_page == 1 && s.victim_slot == 0);
    TEST(strstr(n.what, "(clean: its copy in swap slot 0 stays)") != NULL);
    TEST(vm_page_state(vm_find(&vm, 1), 1, &where) == VM_SWAPPED && where == 0);
    VALID(&vm);
    /* Page 0 is dirty without a slot and swap is full: refused, nothing changed. */
    memcpy(frames, vm.frames, sizeof frames);
    total = vm.total;
    memset(&s, 0, sizeof s);
    TEST(vm_access(&vm, 1, 3 * PS, 0, &s, &n) == -1 && s.refused == VM_REFUSE_SWAP_FULL);
    TEST_MSG(strcmp(n.why, "fifo would evict P1 page 0 from frame 1, which is dirty and has no "
                           "swap slot; 1 of 1 swap slot is used; nothing was changed") == 0,
             n.why);
    TEST(memcmp(frames, vm.frames, sizeof frames) == 0 &&
         memcmp(&total, &vm.total, sizeof total) == 0 && vm.t == 8);
    TEST(vm.total.accesses == 8 && vm.total.hits == 1 && vm.total.faults == 7 &&
         vm.total.zerofills == 6 && vm.total.swapins == 1 && vm.total.evictions == 5 &&
         vm.total.writebacks == 1);
    TEST(vm.recent[(vm.t - 1) % VM_RECENT].t == 8 && vm.recent[0].t == 1);
    TEST(vm.victim_page == 1 && vm.victim_pid == 1);
    VALID(&vm);
    vm_free(&vm);
}

/* Segmentation faults and bad processes are refused with nothing changed. */
static void test_segv(void)
{
    struct vm vm;
    struct vm_step s;
    struct note n;
    char err[200];

    TEST(vm_init(&vm, 4, PS, 8, err, sizeof err) == 0);
    TEST(vm_alloc(&vm, 1, 10000, &n) == 0 && vm_find(&vm, 1)->npages == 3);
    TEST(vm_access(&vm, 1, 3 * PS - 1, 0, &s, &n) == 0);
    TEST(vm_access(&vm, 1, 3 * PS, 0, &s, &n) == -1 && s.refused == VM_REFUSE_SEGV);
    TEST(strstr(n.what, "segmentation fault") != NULL);
    TEST(vm_access(&vm, 2, 0, 0, &s, &n) == -1 && s.refused == VM_REFUSE_PID);
    TEST(vm_access(&vm, -1, 0, 0, &s, NULL) == -1 && s.refused == VM_REFUSE_PID);
    TEST(vm.t == 1 && vm.total.accesses == 1);
    TEST(vm_alloc(&vm, 1, 5000, &n) == 0 && vm_find(&vm, 1)->npages == 4);
    TEST(vm_access(&vm, 1, 3 * PS, 0, &s, NULL) == 0);
    TEST(vm_alloc(&vm, 0, 5, &n) == -1 && vm_alloc(&vm, 3, 0, &n) == -1);
    TEST(vm_alloc(&vm, 3, (uint64_t)VM_MAX_PAGES * PS + 1, &n) == -1 && vm.nprocs == 1);
    VALID(&vm);
    vm_free(&vm);
}

/* Release frees frames and slots; freed frames are taken lowest first. */
static void test_release(void)
{
    struct vm vm;
    struct vm_step s;
    struct note n;
    char err[200];

    TEST(vm_init(&vm, 3, PS, 8, err, sizeof err) == 0);
    TEST(vm_alloc(&vm, 2, 4 * PS, NULL) == 0 && vm_alloc(&vm, 1, 4 * PS, NULL) == 0);
    TEST(vm.procs[0].pid == 1 && vm.procs[1].pid == 2);
    TEST(touch(&vm, 1, 0, 1, &s) == 0 && touch(&vm, 2, 0, 1, &s) == 0);
    TEST(touch(&vm, 1, 1, 1, &s) == 0 && touch(&vm, 2, 1, 0, &s) == 0);
    TEST(s.victim_pid == 1 && s.victim_page == 0 && s.evict == VM_EVICT_WRITEBACK);
    TEST(vm.slots_used == 1 && vm.nfree == 0 && vm.epoch == 0);
    VALID(&vm);
    TEST(vm_release(&vm, 1, &n) == 0 && strstr(n.what, "1 frame and 1 swap slot freed") != NULL);
    TEST(vm.slots_used == 0 && vm.nfree == 1 && vm.frames[2].pid == 0 && vm.nprocs == 1);
    /* The frames changed at t=4 without an access; the last victim stays
     * that of the eviction at t=4 (P1 page 0 out of frame 0). */
    TEST(vm.epoch == 4 && vm.victim_frame == 0 && vm.victim_pid == 1 && vm.victim_page == 0);
    VALID(&vm);
    TEST_VALID(vm_check_victim, &vm);
    TEST(vm_release(&vm, 1, &n) == -1);
    TEST(touch(&vm, 2, 2, 0, &s) == 0 && s.frame == 2 && s.evict == VM_EVICT_NONE);
    TEST(vm_release(&vm, 2, NULL) == 0 && vm.nfree == 3 && vm.nprocs == 0);
    TEST(vm.total.accesses == 5 && vm.epoch == 5);
    VALID(&vm);
    TEST_VALID(vm_check_victim, &vm);
    /* A last victim that is not the latest eviction's, or none. */
    vm.victim_page = 1;
    TEST(vm_check_victim(&vm, err, sizeof err) == -1 &&
         strcmp(err, "the last victim is not 0:1:0, the frame, process and page of the eviction "
                     "at t=4, the latest") == 0);
    vm.victim_frame = VM_NONE;
    TEST(vm_check_victim(&vm, err, sizeof err) == -1);
    vm_free(&vm);
    /* A release that frees no frame leaves the epoch; a victim where no
     * access evicted is wrong; an epoch after the time too. */
    TEST(vm_init(&vm, 3, PS, 8, err, sizeof err) == 0);
    TEST(vm_alloc(&vm, 1, 4 * PS, NULL) == 0 && vm_alloc(&vm, 2, PS, NULL) == 0);
    TEST(touch(&vm, 1, 0, 0, &s) == 0 && vm_release(&vm, 2, NULL) == 0 && vm.epoch == 0);
    TEST_VALID(vm_check_victim, &vm);
    vm.victim_frame = 2;
    TEST(vm_check_victim(&vm, err, sizeof err) == -1 &&
         strcmp(err, "a last victim in frame 2, but none of the 1 accesses evicted a page") == 0);
    vm.victim_frame = VM_NONE;
    vm.epoch = 2;
    TEST(vm_check(&vm, err, sizeof err) == -1 &&
         strcmp(err, "the epoch 2 is after the time 1") == 0);
    vm_free(&vm);
}

/* vm_set_policy moves the epoch only when it caps a counter (ostep-clock's
 * counters above the new BITS): then the frames changed. */
static void test_policy_epoch(void)
{
    struct vm vm;
    struct vm_step s;
    char err[200];

    TEST(vm_init(&vm, 2, PS, 8, err, sizeof err) == 0);
    TEST(vm_set_policy(&vm, VM_OSTEP_CLOCK, 1, 3, NULL) == 0);
    TEST(vm_alloc(&vm, 1, 4 * PS, NULL) == 0);
    for (int i = 0; i < 3; i++)
        TEST(touch(&vm, 1, 0, 0, &s) == 0);
    TEST(vm.frames[0].ref == 3 && vm.epoch == 0);
    TEST(vm_set_policy(&vm, VM_OSTEP_CLOCK, 1, 3, NULL) == 0 && vm.epoch == 0);
    TEST(vm_set_policy(&vm, VM_OSTEP_CLOCK, 1, 2, NULL) == 0 && vm.frames[0].ref == 2);
    TEST(vm.epoch == 3);
    VALID(&vm);
    vm_free(&vm);
}

/* Parses "7,0,1,2w" into refs of process 1 (w: a write). Returns how many. */
static size_t parse_refs(const char *s, struct vm_ref *refs, size_t max)
{
    size_t k = 0;

    while (*s && k < max) {
        char *end;
        refs[k].pid = 1;
        refs[k].addr = strtoull(s, &end, 10) * PS;
        refs[k].write = *end == 'w';
        end += *end == 'w';
        s = *end == ',' ? end + 1 : end;
        k++;
    }
    return k;
}

/* Plays refs under policy p with nframes frames; returns the faults and
 * fills victims[i] with the page replaced at reference i (-1 for none). */
static uint64_t play(const char *str, enum vm_policy p, uint32_t nframes, long *victims)
{
    struct vm_ref refs[64];
    size_t n = parse_refs(str, refs, 64);
    struct vm vm;
    struct vm_step s;
    char err[200] = "";
    uint64_t faults;

    setup(&vm, nframes, 64, 16, p);
    TEST_MSG(vm_run_begin(&vm, refs, n, err, sizeof err) == 0, err);
    for (size_t i = 0; i < n; i++) {
        TEST(vm_run_step(&vm, &s, NULL) == 0);
        if (victims)
            victims[i] = s.victim_pid ? (long)s.victim_page : -1;
        VALID(&vm);
    }
    TEST(vm_run_step(&vm, &s, NULL) == -1 && s.refused == VM_REFUSE_RUN);
    vm_run_end(&vm);
    faults = vm.total.faults;
    vm_free(&vm);
    return faults;
}

#define CLASSIC "7,0,1,2,0,3,0,4,2,3,0,3,2,1,2,0,1,7,0,1"
#define BELADY  "1,2,3,4,1,2,5,1,2,3,4,5"

/* The textbook's numbers, and the textbook clock worked by hand. */
static void test_classics(void)
{
    /* Clock, 3 frames, bit set on load, hand one past the victim (worked
     * in the commit that added this test): 14 faults, these victims. */
    static const long clock_victims[20] = {-1, -1, -1, 7, -1, 1, -1, 2, 0,  -1,
                                           3,  4,  -1, 2, 0,  3, -1, 1, -1, 2};
    long v[20];

    TEST(play(CLASSIC, VM_FIFO, 3, NULL) == 15);
    TEST(play(CLASSIC, VM_LRU, 3, NULL) == 12);
    TEST(play(CLASSIC, VM_OPT, 3, NULL) == 9);
    TEST(play(BELADY, VM_FIFO, 3, NULL) == 9);
    TEST(play(BELADY, VM_FIFO, 4, NULL) == 10);
    TEST(play(BELADY, VM_LRU, 4, NULL) == 8);
    TEST(play(CLASSIC, VM_CLOCK, 3, v) == 14);
    TEST(memcmp(v, clock_victims, sizeof v) == 0);
    TEST(play(CLASSIC, VM_OPT, 20, NULL) == 6); /* Only the cold misses. */
}

/* OPT refuses a lone access; nothing runs during a run but the run. */
static void test_opt_and_runs(void)
{
    struct vm vm;
    struct vm_step s;
    struct note n;
    struct vm_ref refs[4];
    char err[200];
    size_t k = parse_refs("0,1,0,5", refs, 4);

    setup(&vm, 2, 4, 4, VM_OPT);
    TEST(vm_access(&vm, 1, 0, 0, &s, &n) == -1 && s.refused == VM_REFUSE_OPT);
    TEST(vm_run_begin(&vm, refs, k, err, sizeof err) == 0);
    TEST(vm_run_begin(&vm, refs, k, err, sizeof err) == -1);
    TEST(vm_access(&vm, 1, 0, 0, &s, &n) == -1 && s.refused == VM_REFUSE_RUN);
    TEST(vm_alloc(&vm, 2, 10, &n) == -1 && vm_release(&vm, 1, &n) == -1);
    TEST(vm_set_policy(&vm, VM_LRU, 0, 0, &n) == -1);
    TEST(vm_run_step(&vm, &s, &n) == 0 && vm_run_step(&vm, &s, &n) == 0);
    TEST(vm_run_step(&vm, &s, &n) == 0 && s.hit);
    TEST(vm_run_step(&vm, &s, &n) == -1 && s.refused == VM_REFUSE_SEGV && vm.run.at == 4);
    vm_run_end(&vm);
    TEST(vm.total.accesses == 3 && !vm.run.active);
    VALID(&vm);
    vm_free(&vm);
}

/* compare: the table, the Belady flag, and no state changed. */
static void test_compare(void)
{
    static const enum vm_policy pols[] = {VM_FIFO,   VM_LRU,         VM_OPT, VM_CLOCK,
                                          VM_RANDOM, VM_OSTEP_CLOCK, VM_MRU};
    struct vm_ref refs[16];
    size_t n = parse_refs(BELADY, refs, 16);
    uint64_t faults[7 * 5];
    struct vm vm;
    char err[200] = "";

    setup(&vm, 2, 8, 8, VM_LRU);
    TEST(vm_access(&vm, 1, 0, 1, NULL, NULL) == 0);
    TEST_MSG(vm_compare(&vm, refs, n, 1, 5, pols, 7, 3, 2, faults, err, sizeof err) == 0, err);
    TEST(faults[2] == 9 && faults[3] == 10 && faults[4] == 5);
    TEST(vm_belady(faults, 5) == 2);
    TEST(vm_belady(faults + 5, 5) == -1 && vm_belady(faults + 10, 5) == -1);
    TEST(faults[0] == 12 && faults[5 + 3] == 8 && faults[10 + 2] == 7);
    for (int f = 1; f <= 5; f++) {
        TEST(faults[f - 1] == play(BELADY, VM_FIFO, (uint32_t)f, NULL));
        TEST(faults[5 + f - 1] == play(BELADY, VM_LRU, (uint32_t)f, NULL));
        TEST(faults[15 + f - 1] == play(BELADY, VM_CLOCK, (uint32_t)f, NULL));
        TEST(faults[30 + f - 1] == play(BELADY, VM_MRU, (uint32_t)f, NULL));
    }
    TEST(vm.t == 1 && vm.total.faults == 1 && vm.nfree == 1 && vm.policy == VM_LRU);
    TEST(vm_compare(&vm, refs, n, 3, 2, pols, 1, 0, 2, faults, err, sizeof err) == -1);
    TEST(vm_compare(&vm, refs, n, 0, 2, pols, 1, 0, 2, faults, err, sizeof err) == -1);
    VALID(&vm);
    vm_free(&vm);
}

/* The why of each kind of step, as a student checks it by hand. */
static void test_notes(void)
{
    struct vm vm;
    struct vm_step s;
    struct note n;
    struct vm_ref refs[8];
    size_t k = parse_refs("0,1,2,3", refs, 8);
    char err[200];
    static const char *const first[] = {"FIFO: frame 0 holds P1 page 0, loaded at t=1",
                                        "LRU: frame 1 holds P1 page 1, last used at t=2, the",
                                        "OPT: frame 2 holds P1 page 2, never used again",
                                        "MRU: frame 2 holds P1 page 2, last used at t=5",
                                        "clock: the hand swept from frame 0, clearing 3",
                                        "random: int(",
                                        "ostep-clock: "};

    for (int p = 0; p < VM_NPOLICIES; p++) {
        setup(&vm, 3, 4, 8, (enum vm_policy)p);
        if (p != VM_OPT) {
            TEST(touch(&vm, 1, 0, 0, &s) == 0);
            TEST(touch(&vm, 1, 1, 0, &s) == 0 && touch(&vm, 1, 2, 0, &s) == 0);
            TEST(vm_access(&vm, 1, 0, 0, &s, &n) == 0 && strstr(n.what, "hit in frame 0"));
            TEST(p != VM_MRU || vm_access(&vm, 1, 2 * PS, 0, &s, &n) == 0);
            TEST(vm_access(&vm, 1, 3 * PS, 1, &s, &n) == 0 && !s.hit);
        } else {
            TEST(vm_run_begin(&vm, refs, k, err, sizeof err) == 0);
            for (size_t i = 0; i < k; i++)
                TEST(vm_run_step(&vm, &s, &n) == 0);
            vm_run_end(&vm);
        }
        TEST_MSG(strncmp(n.why, first[p], strlen(first[p])) == 0, n.why);
        TEST_MSG(strstr(n.what, "P1 page 3 (0x3000") && strstr(n.what, "page fault, zero-filled"),
                 n.what);
        vm_free(&vm);
    }
}

/* A small generator for the tests' own choices. */
static uint32_t rnd(uint64_t *s)
{
    *s = *s * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    return (uint32_t)(*s >> 33);
}

/* Fills refs with n references to processes 1 .. 4 (4 is never made) with
 * a hot set, writes, and now and then a page past the end. */
static void make_refs(const struct vm *vm, struct vm_ref *refs, size_t n, uint64_t *r)
{
    for (size_t i = 0; i < n; i++) {
        const struct vm_process *p;
        uint32_t pid = 1 + rnd(r) % 3, pages;
        pid = rnd(r) % 50 == 0 ? 4 : pid;
        p = vm_find(vm, pid);
        pages = p ? p->npages : 4;
        refs[i].pid = (int32_t)pid;
        refs[i].write = rnd(r) % 3 == 0;
        refs[i].addr =
            (uint64_t)(rnd(r) % 4 ? rnd(r) % (pages / 4 + 1) : rnd(r) % pages) * PS + rnd(r) % PS;
        if (rnd(r) % 40 == 0)
            refs[i].addr = (uint64_t)(pages + rnd(r) % 3) * PS;
    }
}

/* Whether step i of a round with nframes frames is checked: every step up
 * to 64 frames; beyond (vm_check is O(frames + slots)), the steps around
 * memory filling up and every 200th. */
static int checked(uint32_t nframes, size_t i)
{
    return nframes <= 64 || i % 200 == 0 || (i + 16 > nframes && i < (size_t)nframes + 100);
}

/* One seeded random run: rounds of references, played through runs or
 * one access at a time, with releases, allocations and policy switches
 * between rounds, vm_check after the steps. */
static void random_run(enum vm_policy p, uint32_t nframes, uint64_t seed)
{
    struct vm vm;
    char err[256] = "";
    uint64_t r = seed * 7919 + nframes;
    size_t per = nframes <= 64 ? 150 : (size_t)nframes + 500;
    struct vm_ref *refs = malloc(per * sizeof *refs);
    uint32_t slots = rnd(&r) % (2 * nframes + 3);

    TEST_MSG(vm_init(&vm, nframes, PS, slots, err, sizeof err) == 0, err);
    TEST(vm_set_policy(&vm, p, seed, rnd(&r) % 4, NULL) == 0);
    for (int pid = 1; pid <= 3; pid++)
        TEST(vm_alloc(&vm, pid, (uint64_t)(nframes / 2 + 1 + rnd(&r) % (nframes + 3)) * PS - 7,
                      NULL) == 0);
    for (int round = 0; round < 4; round++) {
        int as_run = p == VM_OPT || round % 2;
        make_refs(&vm, refs, per, &r);
        TEST_MSG(!as_run || vm_run_begin(&vm, refs, per, err, sizeof err) == 0, err);
        for (size_t i = 0; i < per; i++) {
            if (as_run)
                vm_run_step(&vm, NULL, NULL);
            else
                vm_access(&vm, refs[i].pid, refs[i].addr, refs[i].write, NULL, NULL);
            if (checked(nframes, i))
                TEST_MSG(vm_check(&vm, err, sizeof err) == 0 &&
                             vm_check_victim(&vm, err, sizeof err) == 0,
                         err);
        }
        vm_run_end(&vm);
        TEST(vm_release(&vm, 1 + rnd(&r) % 3, NULL) == 0 || round > 0);
        TEST_MSG(vm_check_victim(&vm, err, sizeof err) == 0, err);
        TEST(vm_alloc(&vm, 1 + rnd(&r) % 3, 1 + rnd(&r) % (4 * PS), NULL) == 0);
        TEST(vm_set_policy(&vm, (enum vm_policy)(rnd(&r) % VM_NPOLICIES), seed, 3, NULL) == 0);
        TEST_MSG(vm_check(&vm, err, sizeof err) == 0, err);
        TEST_MSG(vm_check_victim(&vm, err, sizeof err) == 0, err);
        TEST(vm_set_policy(&vm, p, seed + 1, 2, NULL) == 0);
        TEST_MSG(vm_check(&vm, err, sizeof err) == 0, err);
        TEST_MSG(vm_check_victim(&vm, err, sizeof err) == 0, err);
    }
    TEST(vm.total.faults > 0 && (vm.total.evictions > 0 || nframes > 4000));
    free(refs);
    vm_free(&vm);
}

/* random and ostep-clock run out of load order positions and renumber
 * them: many faults in few frames, checked at every step. */
static void test_renumber(void)
{
    for (int p = VM_RANDOM; p <= VM_OSTEP_CLOCK; p++) {
        struct vm vm;
        uint64_t r = 5;
        char err[200] = "";
        setup(&vm, 3, 16, 10, (enum vm_policy)p);
        for (int i = 0; i < 3000; i++) {
            TEST(vm_access(&vm, 1, (uint64_t)(rnd(&r) % 10) * PS, 0, NULL, NULL) == 0);
            TEST_MSG(vm_check(&vm, err, sizeof err) == 0, err);
        }
        TEST(vm.total.faults > 2 * vm.order.capseq && vm.order.nseq < vm.order.capseq);
        vm_free(&vm);
    }
}

/* The frame a fifo, lru or mru fault must evict, from the frames' times
 * alone: the earliest loaded, the least or the most recently used. */
static uint32_t expected_victim(const struct vm *vm)
{
    uint32_t best = VM_NONE;

    for (uint32_t f = 0; f < vm->nframes; f++) {
        const struct vm_frame *fr = &vm->frames[f];
        uint64_t t = vm->policy == VM_FIFO ? fr->loaded : fr->used;
        uint64_t b = best == VM_NONE         ? 0
                     : vm->policy == VM_FIFO ? vm->frames[best].loaded
                                             : vm->frames[best].used;
        if (best == VM_NONE || (vm->policy == VM_MRU ? t > b : t < b))
            best = f;
    }
    return best;
}

/* fifo, lru, mru and clock keep their order in a queue that fills up and is
 * compacted, many times over here: every victim checked against the
 * frames' times, a second process released now and then (its frames'
 * entries go stale in the middle of the queue), vm_check after each step. */
static void test_queue(void)
{
    static const enum vm_policy pols[] = {VM_FIFO, VM_LRU, VM_MRU, VM_CLOCK};

    for (size_t k = 0; k < sizeof pols / sizeof *pols; k++) {
        struct vm vm;
        struct vm_step s;
        uint64_t r = 17;
        char err[200] = "";
        setup(&vm, 4, 64, 12, pols[k]);
        TEST(vm_alloc(&vm, 2, 6 * PS, NULL) == 0);
        for (int i = 0; i < 4000; i++) {
            int pid = rnd(&r) % 3 ? 1 : 2;
            uint32_t want = vm.nfree ? VM_NONE : expected_victim(&vm);
            TEST(vm_access(&vm, pid, (uint64_t)(rnd(&r) % (pid == 1 ? 12 : 6)) * PS,
                           rnd(&r) % 4 == 0, &s, NULL) == 0);
            TEST(s.hit || want == VM_NONE || pols[k] == VM_CLOCK || s.frame == want);
            TEST_MSG(vm_check(&vm, err, sizeof err) == 0, err);
            if (i % 700 == 699) {
                TEST(vm_release(&vm, 2, NULL) == 0 && vm_alloc(&vm, 2, 6 * PS, NULL) == 0);
                TEST_MSG(vm_check(&vm, err, sizeof err) == 0, err);
            }
        }
        TEST(vm.t > 4 * (uint64_t)vm.order.ucap && vm.order.uhi <= vm.order.ucap);
        vm_free(&vm);
    }
}

/* random in a memory large enough to look ahead (65536 frames; see
 * random_ahead in vm_policy.c): every victim is memory[int(random() *
 * count)] in load order, as OSTEP picks it, kept here by hand, through
 * releases of a second process's frames between faults. */
static void test_random_ahead(void)
{
    const uint32_t n = 65536, pages = n + n / 2;
    struct vm vm;
    struct vm_step s;
    struct pyrand r;
    uint64_t g = 3;
    uint32_t *order = malloc(n * sizeof *order), len = 0;
    char err[200] = "";

    setup(&vm, n, 4 * n, pages, VM_RANDOM); /* Seeded with 0. */
    TEST(vm_alloc(&vm, 2, 64 * PS, NULL) == 0);
    pyrand_seed(&r, 0);
    for (uint32_t i = 0; order && i < n + 15000; i++) {
        int pid = i >= n && i % 1000 < 50 ? 2 : 1;
        uint32_t page = i < n ? i : rnd(&g) % (pid == 1 ? pages : 64), k = 0, want = VM_NONE;
        uint32_t where;
        if (vm.nfree == 0 && vm_page_state(vm_find(&vm, pid), page, &where) != VM_RESIDENT) {
            k = (uint32_t)(pyrand_random(&r) * (double)len);
            k = k < len ? k : len - 1;
            want = order[k];
        }
        TEST(vm_access(&vm, pid, (uint64_t)page * PS, (int)(i % 5 == 0), &s, NULL) == 0);
        if (!s.hit && want != VM_NONE) {
            TEST(s.frame == want);
            memmove(&order[k], &order[k + 1], (len - k - 1) * sizeof *order);
            len--;
        }
        if (!s.hit)
            order[len++] = s.frame;
        if (i > n && i % 1000 == 999) {
            uint32_t kept = 0;
            for (uint32_t j = 0; j < len; j++)
                if (vm.frames[order[j]].pid != 2)
                    order[kept++] = order[j];
            len = kept;
            TEST(vm_release(&vm, 2, NULL) == 0 && vm_alloc(&vm, 2, 64 * PS, NULL) == 0);
        }
    }
    TEST_MSG(vm_check(&vm, err, sizeof err) == 0, err);
    TEST(vm.total.evictions > 3000 && vm.order.ahead_k < n);
    free(order);
    vm_free(&vm);
}

/* A sparse address space, as a lackey trace has: a stack 128 GiB up costs
 * one chunk of page table, and release walks only what was touched. */
static void test_sparse(void)
{
    struct vm vm;
    struct vm_step s;
    char err[200];
    const struct vm_process *p;
    uint64_t stack = UINT64_C(0x1ffefff000);

    TEST(vm_init(&vm, 2, PS, 4, err, sizeof err) == 0);
    TEST(vm_alloc(&vm, 1, UINT64_C(1) << 37, NULL) == 0);
    p = vm_find(&vm, 1);
    TEST(p->npages == (UINT64_C(1) << 25) && p->ndir == 8192);
    TEST(vm_access(&vm, 1, stack + 8, 1, &s, NULL) == 0 && s.page == stack / PS);
    TEST(vm_access(&vm, 1, 0x400000, 0, &s, NULL) == 0 && s.frame == 1);
    TEST(vm_next_touched(p, 0) == 0x400000 / PS);
    TEST(vm_next_touched(p, 0x400000 / PS + 1) == stack / PS);
    TEST(vm_next_touched(p, stack / PS + 1) == p->npages);
    TEST(vm_access(&vm, 1, 0, 0, &s, NULL) == 0 && s.evict == VM_EVICT_WRITEBACK);
    VALID(&vm);
    TEST(vm_release(&vm, 1, NULL) == 0 && vm.slots_used == 0 && vm.nfree == 2);
    vm_free(&vm);
}

static void test_random_runs(void)
{
    static const uint32_t sizes[] = {1, 2, 3, 4, 5, 7, 8, 16, 33, 64, 4097};

    for (int p = 0; p < VM_NPOLICIES; p++)
        for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
            random_run((enum vm_policy)p, sizes[i], 11 + i);
}

/* Returns 1 when a and b are the same memory, as far as one can see. */
static int same(const struct vm *a, const struct vm *b)
{
    const struct vm_process *p = &a->procs[0], *q = &b->procs[0];

    for (uint32_t page = 0; page < p->npages; page++) {
        uint32_t x, y;
        if (vm_page_state(p, page, &x) != vm_page_state(q, page, &y) || x != y)
            return 0;
    }
    return memcmp(a->frames, b->frames, a->nframes * sizeof *a->frames) == 0 &&
           memcmp(a->slots, b->slots, a->nslots * sizeof *a->slots) == 0 &&
           memcmp(&a->total, &b->total, sizeof a->total) == 0 && a->hand == b->hand &&
           a->t == b->t && a->slots_used == b->slots_used && a->draws == b->draws &&
           (!a->rng || memcmp(a->rng, b->rng, sizeof *a->rng) == 0);
}

/* A memory that was refused accesses (swap full) and its twin that never
 * saw them stay the same: the policies' generators, counters, bits and
 * hand are restored. */
static void test_refusals_change_nothing(void)
{
    for (int p = 0; p < VM_NPOLICIES; p++) {
        struct vm a, b;
        uint64_t r = 99;
        int refused = 0, diverged = 0;
        if (p == VM_OPT)
            continue; /* Its choice changes nothing: a heap's top. */
        setup(&a, 5, 2, 16, (enum vm_policy)p);
        setup(&b, 5, 2, 16, (enum vm_policy)p);
        for (int i = 0; i < 800; i++) {
            uint64_t addr = (uint64_t)(rnd(&r) % 16) * PS;
            int w = rnd(&r) % 2;
            if (vm_access(&a, 1, addr, w, NULL, NULL) < 0)
                refused++;
            else if (vm_access(&b, 1, addr, w, NULL, NULL) < 0)
                diverged++;
            diverged += !same(&a, &b);
        }
        TEST_MSG(refused > 0 && diverged == 0, vm_policy_name((enum vm_policy)p));
        VALID(&a);
        vm_free(&a);
        vm_free(&b);
    }
}

/* Plays n random references of process 1 (pages 0-15) as a run. */
static void play_random(struct vm *vm, struct vm_ref *refs, size_t n, uint64_t seed)
{
    char err[200] = "";

    for (size_t i = 0; i < n; i++) {
        refs[i].pid = 1;
        refs[i].addr = (uint64_t)(rnd(&seed) % 16) * PS;
        refs[i].write = rnd(&seed) % 4 == 0;
    }
    TEST_MSG(vm_run_begin(vm, refs, n, err, sizeof err) == 0, err);
    while (vm->run.at < vm->run.n)
        vm_run_step(vm, NULL, NULL);
    vm_run_end(vm);
}

/* A memory rebuilt through the restore functions plays on exactly as the
 * original: every policy, with its order, bits, hand and generator. */
static void test_restore(void)
{
    static struct vm_ref refs[400], again[400];
    char err[200] = "";

    for (int p = 0; p < VM_NPOLICIES; p++) {
        struct vm a, b;
        setup(&a, 5, 16, 16, (enum vm_policy)p);
        play_random(&a, refs, 400, 3 + (uint64_t)p);
        TEST_MSG(vmr_copy(&a, &b, err, sizeof err) == 0, err);
        TEST(same(&a, &b) && a.draws == b.draws && (a.draws > 0) == (a.rng != NULL));
        play_random(&a, refs, 400, 77);
        play_random(&b, again, 400, 77);
        TEST_MSG(same(&a, &b) && a.draws == b.draws && a.total.evictions > 100,
                 vm_policy_name((enum vm_policy)p));
        VALID(&b);
        vm_free(&a);
        vm_free(&b);
    }
}

/* The restore refuses what cannot be, and changes nothing then. */
static void test_restore_refusals(void)
{
    struct vm vm;
    char err[200];

    setup(&vm, 3, 2, 4, VM_FIFO);
    TEST(vm_restore_frame(&vm, 0, 1, 0, VM_NONE, 1, 0, 1, 2, err, sizeof err) == 0);
    TEST(vm_restore_frame(&vm, 0, 1, 1, VM_NONE, 1, 0, 3, 3, err, sizeof err) == -1);
    TEST(vm_restore_frame(&vm, 3, 1, 1, VM_NONE, 1, 0, 3, 3, err, sizeof err) == -1);
    TEST(vm_restore_frame(&vm, 1, 1, 0, VM_NONE, 1, 0, 3, 3, err, sizeof err) == -1);
    TEST(vm_restore_frame(&vm, 1, 2, 0, VM_NONE, 1, 0, 3, 3, err, sizeof err) == -1);
    TEST(vm_restore_frame(&vm, 1, 1, 4, VM_NONE, 1, 0, 3, 3, err, sizeof err) == -1);
    TEST(vm_restore_frame(&vm, 1, 1, 1, VM_NONE, 1, 0, 4, 3, err, sizeof err) == -1);
    TEST(vm_restore_frame(&vm, 1, 1, 1, 0, 1, 1, 3, 4, err, sizeof err) == 0);
    TEST(vm_restore_swapped(&vm, 1, 2, 0, err, sizeof err) == -1);
    TEST(vm_restore_swapped(&vm, 1, 2, 2, err, sizeof err) == -1);
    TEST(vm_restore_swapped(&vm, 1, 1, 1, err, sizeof err) == -1);
    TEST(vm_restore_swapped(&vm, 1, 2, 1, err, sizeof err) == 0);
    TEST(vm.nfree == 1 && vm.slots_used == 2 && vm.procs[0].resident == 2);
    TEST(vm_restore_done(&vm, 5, err, sizeof err) == -1);
    vm.t = vm.total.accesses = vm.total.faults = vm.total.zerofills = 4;
    TEST_MSG(vm_restore_done(&vm, 0, err, sizeof err) == 0, err);
    vm.total.hits = 1; /* The counts no longer add up. */
    TEST(vm_restore_done(&vm, 0, err, sizeof err) == -1 && strstr(err, "hits") != NULL);
    vm_free(&vm);
}

/* One run of paging-policy.py, as its output recorded it. */
struct ostep_run {
    char args[8192];          /* The RUN line's arguments. */
    enum vm_policy policy;    /* What memtrack calls its -p. */
    int ok;                   /* Its -p is one memtrack shares. */
    uint32_t cache, numaddrs; /* -C, -n. */
    unsigned bits;            /* -b. */
    uint64_t seed;            /* -s. */
    int given;                /* -a was given: no pages drawn first. */
    size_t n;                 /* Access lines. */
    long page[1024], victim[1024];
    int hit[1024];
    long hits[1024], misses[1024];
    char memory[1024][128]; /* The list OSTEP printed, "7, 0, 1". */
    long final_hits, final_misses;
};

/* Reads the RUN line's arguments into r. */
static void ostep_args(struct ostep_run *r, const char *line)
{
    static const char *const names[] = {"FIFO", "LRU", "OPT", "MRU", "RAND", "CLOCK"};
    static const enum vm_policy ours[] = {VM_FIFO, VM_LRU,    VM_OPT,
                                          VM_MRU,  VM_RANDOM, VM_OSTEP_CLOCK};
    char buf[8192], *save = NULL, *tok;

    memset(r, 0, sizeof *r);
    snprintf(r->args, sizeof r->args, "%s", line);
    snprintf(buf, sizeof buf, "%s", line);
    r->cache = 3, r->numaddrs = 10, r->bits = 2, r->policy = VM_FIFO, r->ok = 1;
    for (tok = strtok_r(buf, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save)) {
        char *v = strcmp(tok, "-c") ? strtok_r(NULL, " \n", &save) : NULL;
        if (!strcmp(tok, "-p")) {
            r->ok = 0;
            for (int i = 0; i < 6; i++)
                if (v && !strcmp(v, names[i]))
                    r->policy = ours[i], r->ok = 1;
        }
        r->cache = !strcmp(tok, "-C") && v ? (uint32_t)atoi(v) : r->cache;
        r->numaddrs = !strcmp(tok, "-n") && v ? (uint32_t)atoi(v) : r->numaddrs;
        r->bits = !strcmp(tok, "-b") && v ? (unsigned)atoi(v) : r->bits;
        r->seed = !strcmp(tok, "-s") && v ? strtoull(v, NULL, 10) : r->seed;
        r->given |= !strcmp(tok, "-a");
    }
}

/* Reads one Access line into r. Returns 0 or -1 (malformed). */
static int ostep_access(struct ostep_run *r, const char *line)
{
    const char *open = strchr(line, '['), *close = strchr(line, ']');
    const char *rep = strstr(line, "Replaced:"), *counts = strstr(line, "[Hits:");
    size_t k = r->n;

    if (k >= 1024 || !open || !close || !rep || !counts || close - open - 1 >= 128 ||
        sscanf(line, "Access: %ld", &r->page[k]) != 1 ||
        sscanf(counts, "[Hits:%ld Misses:%ld]", &r->hits[k], &r->misses[k]) != 2)
        return -1;
    r->hit[k] = strstr(line, " HIT ") != NULL;
    r->victim[k] = rep[9] == '-' ? -1 : atol(rep + 9);
    memcpy(r->memory[k], open + 1, (size_t)(close - open - 1));
    r->memory[k][close - open - 1] = '\0';
    r->n++;
    return 0;
}

/* Writes the pages of vm's memory, in OSTEP's order, as OSTEP prints them. */
static void memory_text(const struct vm *vm, char *buf, size_t len)
{
    uint32_t order[64];
    size_t k = vm->nframes <= 64 ? vm_memory_order(vm, order) : 0;

    buf[0] = '\0';
    for (size_t i = 0; i < k; i++)
        snprintf(buf + strlen(buf), len - strlen(buf), "%s%u", i ? ", " : "",
                 vm->frames[order[i]].page);
}

/* Replays r in memtrack. Returns 1 when every access agrees. */
static int ostep_replay(const struct ostep_run *r)
{
    struct vm vm;
    struct vm_ref refs[1024];
    struct vm_step s;
    char err[200], mem[256];
    long maxpage = 0;
    int ok = r->n > 0;

    for (size_t i = 0; i < r->n; i++) {
        refs[i].pid = 1, refs[i].addr = (uint64_t)r->page[i] * PS, refs[i].write = 0;
        maxpage = r->page[i] > maxpage ? r->page[i] : maxpage;
    }
    if (vm_init(&vm, r->cache, PS, 16, err, sizeof err) < 0 ||
        vm_alloc(&vm, 1, (uint64_t)(maxpage + 1) * PS, NULL) < 0 ||
        vm_set_policy(&vm, r->policy, r->seed, r->bits, NULL) < 0 ||
        vm_run_begin(&vm, refs, r->n, err, sizeof err) < 0)
        return 0;
    for (uint32_t i = 0; vm.rng && !r->given && i < r->numaddrs; i++)
        pyrand_random(vm.rng); /* OSTEP drew the pages first. */
    for (size_t i = 0; ok && i < r->n; i++) {
        ok = vm_run_step(&vm, &s, NULL) == 0 && s.hit == r->hit[i] &&
             (s.victim_pid ? (long)s.victim_page : -1) == r->victim[i] &&
             (long)vm.total.hits == r->hits[i] && (long)vm.total.faults == r->misses[i];
        memory_text(&vm, mem, sizeof mem);
        ok = ok && strcmp(mem, r->memory[i]) == 0;
        if (!ok)
            fprintf(stderr, "access %zu (page %ld): memory [%s], OSTEP [%s]\n", i + 1, r->page[i],
                    mem, r->memory[i]);
    }
    ok = ok && (long)vm.total.hits == r->final_hits && (long)vm.total.faults == r->final_misses;
    TEST_VALID(vm_check, &vm);
    vm_free(&vm);
    return ok;
}

/* Replays every run of one data file. Returns the runs replayed. */
static int ostep_file(const char *name)
{
    char path[512], line[8192];
    static struct ostep_run r;
    int runs = 0, open_run = 0;
    FILE *fp;

    snprintf(path, sizeof path, "%s/%s", data_dir, name);
    fp = fopen(path, "r");
    TEST_MSG(fp != NULL, path);
    if (!fp)
        return 0;
    for (int more = 1; more;) {
        more = fgets(line, sizeof line, fp) != NULL;
        if (open_run && (!more || strncmp(line, "RUN ", 4) == 0)) {
            TEST_MSG(r.ok && ostep_replay(&r), r.args);
            runs++;
        }
        if (!more)
            break;
        if (strncmp(line, "RUN ", 4) == 0) {
            ostep_args(&r, line + 4);
            open_run = 1;
        } else if (open_run && strncmp(line, "Access: ", 8) == 0) {
            TEST_MSG(ostep_access(&r, line) == 0, line);
        } else if (open_run && strncmp(line, "FINALSTATS ", 11) == 0) {
            TEST(sscanf(line, "FINALSTATS hits %ld misses %ld", &r.final_hits, &r.final_misses) ==
                 2);
        }
    }
    fclose(fp);
    return runs;
}

/* OSTEP's paging-policy.py, access by access, for every policy it shares. */
static void test_ostep(void)
{
    static const char *const files[] = {"fifo.txt", "lru.txt",   "opt.txt",      "mru.txt",
                                        "rand.txt", "clock.txt", "generated.txt"};

    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        int runs = ostep_file(files[i]);
        TEST_MSG(runs >= 8, files[i]);
        printf("OSTEP %s: %d runs replayed\n", files[i], runs);
    }
}

int main(int argc, char **argv)
{
    if (argc > 1)
        data_dir = argv[1];
    test_fault_paths();
    test_segv();
    test_release();
    test_policy_epoch();
    test_classics();
    test_opt_and_runs();
    test_compare();
    test_notes();
    test_random_runs();
    test_renumber();
    test_queue();
    test_random_ahead();
    test_sparse();
    test_refusals_change_nothing();
    test_restore();
    test_restore_refusals();
    test_ostep();
    return TEST_DONE();
}
