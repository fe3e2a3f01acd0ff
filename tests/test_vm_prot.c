/* test_vm_prot.c: the address-space layer of virtual-memory mode
 * (common/vm_prot.c): protection parsing, each kind of protection fault
 * (refused, counted, nothing else changed), a second allocation with other
 * protection, the address space's limits at the exact boundary, the layer
 * off leaving everything as it was, the TLB carrying a page's protection,
 * vm_check on broken runs, the restore of runs, and the status file's
 * version 5 records: round trips of random states and malformed records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pyrand.h"
#include "status.h"
#include "test.h"
#include "test_status.h"
#include "vm.h"

#define PS 4096u /* Page size of the tests. */

#define VALID(vm)   TEST_VALID(vm_check, (vm))
#define INVALID(vm) TEST_INVALID(vm_check, (vm))

/* Makes a memory of 4 frames and 16 swap slots with address spaces of
 * as_bytes (0: the layer off). */
static void setup(struct vm *vm, uint64_t as_bytes)
{
    char err[200] = "";

    TEST_MSG(vm_init(vm, 4, PS, 16, err, sizeof err) == 0, err);
    TEST(vm_set_address_space(vm, as_bytes, NULL) == 0);
}

static void test_parse(void)
{
    static const struct {
        const char *s;
        int ok;
        unsigned prot;
    } cases[] = {
        {"r", 1, TLB_R},
        {"w", 1, TLB_W},
        {"x", 1, TLB_X},
        {"rw", 1, TLB_R | TLB_W},
        {"wr", 1, TLB_R | TLB_W},
        {"rx", 1, TLB_R | TLB_X},
        {"xwr", 1, TLB_RWX},
        {"", 0, 0},
        {"rr", 0, 0},
        {"rwxw", 0, 0},
        {"q", 0, 0},
        {"r-x", 0, 0},
        {"R", 0, 0},
    };
    char buf[4];

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned p = 99;
        int r = vm_prot_parse(cases[i].s, &p);
        TEST_MSG(cases[i].ok ? r == 0 && p == cases[i].prot : r == -1 && p == 99, cases[i].s);
    }
    TEST(strcmp(tlb_prot_str(TLB_R | TLB_X, buf), "r-x") == 0);
    TEST(strcmp(tlb_prot_str(TLB_RWX, buf), "rwx") == 0);
    TEST(strcmp(tlb_prot_str(TLB_W, buf), "-w-") == 0);
}

/* Setting the space: sizes, and only with no processes. */
static void test_set(void)
{
    struct vm vm;
    struct note n;

    setup(&vm, 0);
    TEST(vm_set_address_space(&vm, PS, &n) == -1);         /* One page: too small. */
    TEST(vm_set_address_space(&vm, 3 * PS, &n) == -1);     /* Not a power of two. */
    TEST(vm_set_address_space(&vm, 1ull << 49, &n) == -1); /* Past 2^48. */
    TEST(vm.as_bytes == 0);
    TEST(vm_set_address_space(&vm, 2 * PS, &n) == 0 && vm.as_bytes == 2 * PS);
    TEST(vm_set_address_space(&vm, 1ull << 48, &n) == 0 && vm.as_bytes == 1ull << 48);
    TEST(vm_alloc(&vm, 1, PS, NULL) == 0);
    TEST(vm_set_address_space(&vm, 1ull << 20, &n) == -1 && vm.as_bytes == 1ull << 48);
    TEST(strstr(n.what, "only while there are no processes") != NULL);
    TEST(vm_set_address_space(&vm, 0, &n) == -1);
    VALID(&vm);
    vm_free(&vm);
}

/* Each access kind against each protection: allowed, or a protection fault
 * that changes nothing but the counters. */
static void test_faults(void)
{
    static const char *const prots[] = {"r", "w", "x", "rw", "rx", "wx", "rwx"};
    static const unsigned need[] = {TLB_R, TLB_W, TLB_X}; /* By vm_kind. */
    struct vm vm;
    struct vm_step s;
    struct note n;
    uint64_t faults = 0;

    setup(&vm, 1ull << 20);
    for (unsigned i = 0; i < 7; i++) { /* Page i of P1 has prots[i]. */
        unsigned p;
        TEST(vm_prot_parse(prots[i], &p) == 0);
        TEST(vm_alloc_prot(&vm, 1, PS, p, &n) == 0);
    }
    TEST(vm.procs[0].nprot == 7 && vm.procs[0].npages == 7);
    for (unsigned i = 0; i < 7; i++) {
        unsigned p = vm_page_prot(&vm.procs[0], i);
        for (int k = VM_READ; k <= VM_EXEC; k++) {
            uint64_t t = vm.t, acc = vm.total.accesses;
            int r = vm_access(&vm, 1, (uint64_t)i * PS + 7, k, &s, &n);
            if (p & need[k]) {
                TEST(r == 0 && vm.t == t + 1 && s.exec == (k == VM_EXEC) && s.write == (k == 1));
            } else {
                faults++;
                TEST(r == -1 && s.refused == VM_REFUSE_PROT && vm.t == t &&
                     vm.total.accesses == acc);
                TEST(strstr(n.what, "protection fault") != NULL);
            }
            VALID(&vm);
        }
    }
    TEST(faults == 9 && vm.protfaults == 9 && vm.procs[0].protfaults == 9);
    /* The message names the page and its bits. */
    TEST(vm_access(&vm, 1, 4 * PS, VM_WRITE, &s, &n) == -1);
    TEST(strcmp(n.what, "refused: P1 page 4 is r-x: a write is a protection fault") == 0);
    /* A write to a read-only page that is resident leaves it clean. */
    TEST(vm_access(&vm, 1, 0, VM_WRITE, &s, &n) == -1);
    for (uint32_t f = 0; f < vm.nframes; f++)
        TEST(vm.frames[f].pid != 1 || vm.frames[f].page != 0 || !vm.frames[f].dirty);
    vm_free(&vm);
}

/* A second alloc appends pages with its own protection; one that fits in
 * the last page adds none and leaves that page's protection. */
static void test_second_alloc(void)
{
    struct vm vm;
    struct note n;

    setup(&vm, 1ull << 20);
    TEST(vm_alloc_prot(&vm, 1, 2 * PS, TLB_R | TLB_X, &n) == 0);
    TEST(strstr(n.what, "(r-x)") != NULL);
    TEST(vm_alloc(&vm, 1, PS + 10, &n) == 0); /* Pages 2-3, rw. */
    TEST(vm.procs[0].nprot == 2 && vm.procs[0].prot[1].first == 2 &&
         vm.procs[0].prot[1].npages == 2 && vm.procs[0].prot[1].prot == (TLB_R | TLB_W));
    TEST(vm_alloc_prot(&vm, 1, 10, TLB_R, &n) == 0); /* Fits in page 3. */
    TEST(vm.procs[0].npages == 4 && vm.procs[0].nprot == 2);
    TEST(strstr(n.what, "stays rw-") != NULL);
    TEST(vm_alloc_prot(&vm, 1, PS, TLB_R | TLB_W, &n) == 0); /* Merged into the rw run. */
    TEST(vm.procs[0].nprot == 2 && vm.procs[0].prot[1].npages == 3);
    TEST(vm_page_prot(&vm.procs[0], 0) == (TLB_R | TLB_X));
    TEST(vm_page_prot(&vm.procs[0], 1) == (TLB_R | TLB_X));
    TEST(vm_page_prot(&vm.procs[0], 4) == (TLB_R | TLB_W));
    TEST(vm_alloc_prot(&vm, 1, PS, 0, &n) == -1 && vm.procs[0].npages == 5);
    TEST(vm_alloc_prot(&vm, 1, PS, 8, &n) == -1 && vm.procs[0].npages == 5);
    VALID(&vm);
    TEST(vm_release(&vm, 1, NULL) == 0 && vm.nprocs == 0);
    VALID(&vm);
    vm_free(&vm);
}

/* The limits, byte-exact: an allocation up to the space, an access at its
 * last byte and at the first past it. */
static void test_limits(void)
{
    struct vm vm;
    struct vm_step s;
    struct note n;
    uint64_t as = 4 * PS;

    setup(&vm, as);
    TEST(vm_alloc(&vm, 1, as + 1, &n) == -1 && vm.nprocs == 0);
    TEST(strstr(n.what, "past its address space of 16384 B") != NULL);
    TEST(vm_alloc(&vm, 1, as - 1, &n) == 0);
    TEST(vm_alloc(&vm, 1, 2, &n) == -1 && vm.procs[0].bytes == as - 1);
    TEST(vm_alloc(&vm, 1, 1, &n) == 0 && vm.procs[0].bytes == as);
    TEST(vm_access(&vm, 1, as - 1, VM_READ, &s, &n) == 0);
    TEST(vm_access(&vm, 1, as, VM_READ, &s, &n) == -1 && s.refused == VM_REFUSE_RANGE);
    TEST(strstr(n.what, "outside P1's address space") != NULL);
    TEST(vm.protfaults == 0);
    /* Inside the space, past the process's pages: a segmentation fault. */
    TEST(vm_alloc(&vm, 2, PS, &n) == 0);
    TEST(vm_access(&vm, 2, PS, VM_READ, &s, &n) == -1 && s.refused == VM_REFUSE_SEGV);
    TEST(vm_access(&vm, 2, as, VM_READ, &s, &n) == -1 && s.refused == VM_REFUSE_RANGE);
    VALID(&vm);
    vm_free(&vm);
}

/* The layer off: an execute is a read, protection is refused, nothing is
 * kept. */
static void test_off(void)
{
    struct vm vm;
    struct vm_step s;
    struct note n;

    setup(&vm, 0);
    TEST(vm_alloc_prot(&vm, 1, PS, TLB_R, &n) == -1 && vm.nprocs == 0);
    TEST(strstr(n.why, "vm address-space") != NULL);
    TEST(vm_alloc(&vm, 1, 64 * PS, &n) == 0 && vm.procs[0].nprot == 0 && !vm.procs[0].prot);
    TEST(vm_access(&vm, 1, 0, VM_EXEC, &s, &n) == 0 && !s.exec && !s.write);
    TEST(strstr(n.what, "read") != NULL);
    TEST(vm_access(&vm, 1, 1ull << 40, VM_READ, &s, &n) == -1 && s.refused == VM_REFUSE_SEGV);
    VALID(&vm);
    vm_free(&vm);
}

/* The TLB's entries carry their page's protection; the check sees a
 * mismatch. */
static void test_tlb(void)
{
    struct vm vm;
    struct vm_step s;
    char err[200];

    setup(&vm, 1ull << 20);
    TEST(vm_set_tlb(&vm, 4, 0, 1, NULL) == 0);
    TEST(vm_alloc_prot(&vm, 1, PS, TLB_R | TLB_X, NULL) == 0);
    TEST(vm_access(&vm, 1, 0, VM_EXEC, &s, NULL) == 0 && s.tlb == TLB_MISS);
    TEST(vm.tlb->e[s.tlb_way].prot == (TLB_R | TLB_X));
    TEST(vm_access(&vm, 1, 0, VM_WRITE, &s, NULL) == -1 && s.refused == VM_REFUSE_PROT);
    TEST(vm_access(&vm, 1, 0, VM_READ, &s, NULL) == 0 && s.tlb == TLB_HIT);
    VALID(&vm);
    vm.tlb->e[s.tlb_way].prot = TLB_R | TLB_W;
    TEST(vm_check(&vm, err, sizeof err) == -1 && strstr(err, "protection") != NULL);
    vm_free(&vm);
}

/* vm_check on broken runs, and the restore. */
static void test_check_restore(void)
{
    struct vm vm;
    char err[200];

    setup(&vm, 1ull << 20);
    TEST(vm_alloc(&vm, 1, 4 * PS, NULL) == 0);
    vm.procs[0].prot[0].npages = 3;
    INVALID(&vm);
    vm.procs[0].prot[0].npages = 4;
    vm.procs[0].prot[0].prot = 8;
    INVALID(&vm);
    vm.procs[0].prot[0].prot = TLB_R;
    VALID(&vm);
    vm.procs[0].protfaults = 1;
    INVALID(&vm); /* More than the total. */
    vm.protfaults = 1;
    VALID(&vm);
    TEST(vm_restore_prot(&vm, 1, 1, 1, TLB_R, err, sizeof err) == -1); /* Not from 0. */
    TEST(vm_restore_prot(&vm, 1, 0, 5, TLB_R, err, sizeof err) == -1); /* Past its pages. */
    TEST(vm.procs[0].nprot == 1 && vm.procs[0].prot[0].prot == TLB_R);
    TEST(vm_restore_prot(&vm, 1, 0, 1, TLB_X, err, sizeof err) == 0);
    INVALID(&vm);                                                      /* Covers 1 of 4 pages. */
    TEST(vm_restore_prot(&vm, 1, 2, 3, TLB_R, err, sizeof err) == -1); /* A gap. */
    TEST(vm_restore_prot(&vm, 1, 1, 3, TLB_R | TLB_W, err, sizeof err) == 0);
    VALID(&vm);
    TEST(vm_page_prot(&vm.procs[0], 0) == TLB_X && vm_page_prot(&vm.procs[0], 3) == 3);
    TEST(vm_restore_prot(&vm, 2, 0, 1, TLB_R, err, sizeof err) == -1); /* No process 2. */
    vm_free(&vm);
    setup(&vm, 0);
    TEST(vm_alloc(&vm, 1, PS, NULL) == 0);
    TEST(vm_restore_prot(&vm, 1, 0, 1, TLB_R, err, sizeof err) == -1); /* Layer off. */
    vm.recent[3].exec = 1;
    INVALID(&vm); /* A fetch without the layer. */
    vm.recent[3].exec = 0;
    vm.procs[0].protfaults = 1;
    vm.protfaults = 1;
    INVALID(&vm);
    vm_free(&vm);
}

/* A run plays an exec reference as an instruction fetch. */
static void test_run(void)
{
    struct vm vm;
    struct vm_step s;
    struct vm_ref refs[3] = {{0, 1, 0, 1}, {0, 1, 1, 0}, {PS, 1, 1, 0}};
    char err[200];

    setup(&vm, 1ull << 20);
    TEST(vm_alloc_prot(&vm, 1, PS, TLB_R | TLB_X, NULL) == 0);
    TEST(vm_alloc(&vm, 1, PS, NULL) == 0);
    TEST_MSG(vm_run_begin(&vm, refs, 3, err, sizeof err) == 0, err);
    TEST(vm_run_step(&vm, &s, NULL) == 0 && s.exec);
    TEST(vm_run_step(&vm, &s, NULL) == -1 && s.refused == VM_REFUSE_PROT);
    TEST(vm_run_step(&vm, &s, NULL) == 0 && s.write && !s.exec);
    vm_run_end(&vm);
    TEST(vm.protfaults == 1 && vm.total.accesses == 2);
    VALID(&vm);
    vm_free(&vm);
}

/* Fills st: VM on with 64 KiB... 1 MiB spaces, a TLB when tlb, processes
 * 1-3 with allocations of random protection and random accesses of every
 * kind, by seed. */
static void build(struct status *st, uint64_t seed, int tlb)
{
    static const unsigned prots[] = {TLB_R, TLB_R | TLB_W, TLB_R | TLB_X, TLB_RWX, TLB_X, TLB_W};
    char err[256] = "";
    struct pyrand g;

    pyrand_seed(&g, seed);
    TEST_MSG(status_init(st, 16, PS, PG_FIRST, 0, 65536, SEG_FIRST, err, sizeof err) == 0, err);
    TEST_MSG(vm_init(&st->vm, 4 + (uint32_t)pyrand_scaled(&g, 5), PS, 8, err, sizeof err) == 0,
             err);
    st->vm_on = 1;
    TEST(vm_set_address_space(&st->vm, (uint64_t)PS << (4 + pyrand_scaled(&g, 5)), NULL) == 0);
    if (tlb)
        TEST(vm_set_tlb(&st->vm, 4, 2, 1, NULL) == 0);
    for (int i = 0; i < 9; i++)
        vm_alloc_prot(&st->vm, 1 + (int64_t)pyrand_scaled(&g, 3), 1 + pyrand_scaled(&g, 3 * PS),
                      prots[pyrand_scaled(&g, 6)], NULL);
    for (int i = 0; i < 200; i++)
        vm_access(&st->vm, 1 + (int64_t)pyrand_scaled(&g, 3), pyrand_scaled(&g, 12 * PS),
                  (int)pyrand_scaled(&g, 3), NULL, NULL);
    VALID(&st->vm);
}

/* Random states written, read back and written again: the same text, the
 * same layer. */
static void test_round_trip(void)
{
    for (uint64_t seed = 1; seed <= 40; seed++) {
        struct status a, b;
        char err[ERRLEN] = "", name[32];
        size_t la = 0, lb = 0;
        char *ta, *tb;

        build(&a, seed, (int)(seed & 1));
        snprintf(name, sizeof name, "seed %llu", (unsigned long long)seed);
        ta = format_text(&a, &la);
        TEST(ta && strncmp(ta, "memtrack-status 5\n", 18) == 0);
        TEST_MSG(ta && status_parse_string(ta, la, &b, 0, err, sizeof err) == 0, err);
        tb = format_text(&b, &lb);
        TEST_MSG(ta && tb && la == lb && memcmp(ta, tb, la) == 0, name);
        TEST(b.vm.as_bytes == a.vm.as_bytes && b.vm.protfaults == a.vm.protfaults &&
             b.vm.nprocs == a.vm.nprocs);
        for (size_t i = 0; i < a.vm.nprocs && i < b.vm.nprocs; i++) {
            const struct vm_process *p = &a.vm.procs[i], *q = &b.vm.procs[i];
            int same = p->nprot == q->nprot && p->protfaults == q->protfaults;
            for (uint32_t k = 0; same && k < p->nprot; k++)
                same = p->prot[k].first == q->prot[k].first &&
                       p->prot[k].npages == q->prot[k].npages && p->prot[k].prot == q->prot[k].prot;
            TEST_MSG(same, name);
        }
        free(ta);
        free(tb);
        status_free(&a);
        status_free(&b);
    }
}

/* base without the layer's records (a version 3 file): an instruction
 * fetch there has no rw. */
static void test_no_space(const char *base)
{
    char a[4096], b[4096], text[4096], err[ERRLEN];
    const char *at = strstr(base, "vm-space"), *end = strstr(base, "vm-process");
    struct status st;

    snprintf(a, sizeof a, "%.*s%s", (int)(at - base), base, end);
    at = strstr(a, "vm-prot");
    end = strstr(a, "vm-access");
    snprintf(b, sizeof b, "%.*s%s", (int)(at - a), a, end);
    replace_text(b, "memtrack-status 5", "memtrack-status 3", text, sizeof text);
    TEST(status_parse_string(text, strlen(text), &st, 0, err, sizeof err) == 12);
    TEST_MSG(strstr(err, "rw must be r or w, not 'x'") != NULL, err);
    status_free(&st);
}

/* A file of the e2e test's shape with each invariant broken: the parse
 * fails on the named line (0: the line of `to`) with msg. */
static void test_malformed(void)
{
    static const char base[] =
        "memtrack-status 5\nseq 1\ntime 2026-12-01T00:00:00Z\n"
        "paging frames=4 page-size=4096 policy=first seed=1 rng=1 processes=0 free=4\n"
        "segmentation memory=65536 fit=first next=0 segments=0 holes=1\n"
        "hole base=0 size=65536\n"
        "vm frames=4 page-size=4096 swap=16 policy=fifo seed=0 bits=2 draws=0 rng=0 hand=0 t=1 "
        "epoch=0 victim=- processes=2\n"
        "vm-total accesses=1 hits=0 faults=1 evictions=0 writebacks=0 zerofills=1 swapins=0\n"
        "vm-space bytes=65536 protfaults=3\n"
        "vm-process pid=1 bytes=12288 pages=3 resident=1 swapped=0 accesses=1 hits=0 faults=1 "
        "evictions=0 writebacks=0 zerofills=1 swapins=0\n"
        "vm-process pid=2 bytes=4096 pages=1 resident=0 swapped=0 accesses=0 hits=0 faults=0 "
        "evictions=0 writebacks=0 zerofills=0 swapins=0\n"
        "vm-frames from=0 1:0:-:1:0:1:1\n"
        "vm-prot pid=1 first=0 pages=2 prot=r-x\n"
        "vm-prot pid=1 first=2 pages=1 prot=rw-\n"
        "vm-prot pid=2 first=0 pages=1 prot=r--\n"
        "vm-prot-faults pid=1 faults=1\n"
        "vm-prot-faults pid=2 faults=1\n"
        "vm-access t=1 pid=1 addr=0 page=0 rw=x hit=0 frame=0 load=zero victim=- evict=-\n"
        "event refused x\nwhy y\nend\n";
    static const struct bad_edit cases[] = {
        {"size not a power of two", "bytes=65536", "bytes=65535", "not valid", 0},
        {"space of one page", "bytes=65536", "bytes=4096", "not valid", 0},
        {"space past 2^48", "bytes=65536", "bytes=562949953421312", "not valid", 0},
        {"process past its space", "bytes=65536", "bytes=8192", "past its address space", 10},
        {"bad prot letter", "prot=r-x", "prot=r-q", "is not r, w and x", 0},
        {"prot out of order", "prot=r-x", "prot=x-r", "is not r, w and x", 0},
        {"prot none", "prot=r-x", "prot=---", "is not r, w and x", 0},
        {"run not from 0", "pid=1 first=0 pages=2", "pid=1 first=1 pages=2", "from page 0", 0},
        {"gap between runs", "pid=1 first=2 pages=1", "pid=1 first=3 pages=1", "follow", 0},
        {"run past the pages", "pid=1 first=2 pages=1", "pid=1 first=2 pages=2", "runs follow", 0},
        {"runs short", "vm-prot pid=1 first=2 pages=1 prot=rw-\n", "", "follow one another", 14},
        {"process without runs", "vm-prot pid=2 first=0 pages=1 prot=r--\n", "", "stop short", 9},
        {"runs of no process", "vm-prot pid=2", "vm-prot pid=3", "processes in vm-process order",
         0},
        {"processes out of order", "vm-prot pid=1 first=0 pages=2 prot=r-x\n", "", "order", 13},
        {"faults of no process", "vm-prot-faults pid=2", "vm-prot-faults pid=4", "no process", 0},
        {"faults repeated", "vm-prot-faults pid=2", "vm-prot-faults pid=1", "increasing", 17},
        {"faults of 0", "pid=1 faults=1", "pid=1 faults=0", "faults", 0},
        {"faults above the total", "protfaults=3", "protfaults=1", "exceed the total", 9},
        {"prot without space", "vm-space bytes=65536 protfaults=3\n", "", "vm-space", 12},
        {"space in a version 4 file", "memtrack-status 5", "memtrack-status 4", "version 4", 9},
    };
    char err[ERRLEN];
    struct status st;

    TEST_MSG(status_parse_string(base, strlen(base), &st, 0, err, sizeof err) == 0, err);
    TEST(st.vm.as_bytes == 65536 && st.vm.procs[0].nprot == 2 && st.vm.procs[1].protfaults == 1);
    TEST(st.vm.recent[0].exec == 1);
    status_free(&st);
    check_bad_edits(base, cases, sizeof cases / sizeof cases[0], "vm-access");
    test_no_space(base);
}

int main(void)
{
    test_parse();
    test_set();
    test_faults();
    test_second_alloc();
    test_limits();
    test_off();
    test_tlb();
    test_check_restore();
    test_run();
    test_round_trip();
    test_malformed();
    return TEST_DONE();
}
