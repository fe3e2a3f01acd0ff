/* vm_states.h: virtual-memory states for test_layout and test_render, built
 * with the vm API (vm_init, vm_set_policy, vm_alloc, vm_access, vm_run_*,
 * vm_compare) the way the tracker builds them, in a struct status with
 * vm_on set. Include after test.h and status.h. */
#ifndef MT_VM_STATES_H
#define MT_VM_STATES_H

#include <stdlib.h>
#include <string.h>

#define VMS_PAGE   4096 /* Page size of every VM state here. */
#define VMS_FRAMES 8    /* Frames a snapshot keeps (the exam table's most). */

/* An access and the frames after it, for checking the exam table. */
struct vm_snap {
    int32_t pid[VMS_FRAMES];
    uint32_t page[VMS_FRAMES];
    int32_t ref_pid; /* What was accessed. */
    uint32_t ref_page;
};

/* Makes st a VM state of nframes frames, default swap, with policy pol.
 * Returns 0, or -1 (a failed TEST). Free with status_free. */
static int vms_new(struct status *st, uint32_t nframes, enum vm_policy pol, uint64_t seed,
                   unsigned bits)
{
    char err[256] = "";
    struct note n;
    int r = status_init(st, 16, VMS_PAGE, PG_FIRST, 1, 1000, SEG_FIRST, err, sizeof err);

    TEST_MSG(r == 0, err);
    if (r < 0)
        return -1;
    st->vm_on = 1;
    r = vm_init(&st->vm, nframes, VMS_PAGE, VM_SWAP_DEFAULT(nframes), err, sizeof err);
    TEST_MSG(r == 0, err);
    if (r == 0 && pol != VM_FIFO) {
        r = vm_set_policy(&st->vm, pol, seed, bits, &n);
        TEST_MSG(r == 0, n.what);
    }
    snprintf(st->last.what, sizeof st->last.what, "start");
    return r;
}

/* Gives process pid `pages` virtual pages. */
static void vms_alloc(struct status *st, int64_t pid, uint64_t pages)
{
    struct note n;
    int r = vm_alloc(&st->vm, pid, pages * VMS_PAGE, &n);

    TEST_MSG(r == 0, n.what);
}

/* Copies the frames of st (at most VMS_FRAMES) into *s. */
static void vms_snap(const struct status *st, struct vm_snap *s)
{
    memset(s, 0, sizeof *s);
    for (uint32_t f = 0; f < st->vm.nframes && f < VMS_FRAMES; f++) {
        s->pid[f] = st->vm.frames[f].pid;
        s->page[f] = st->vm.frames[f].page;
    }
}

/* Plays refs, page numbers of pid separated by spaces ("3w" a write),
 * one vm_access each (byte 100 of the page), as the tracker's `refs`
 * would outside OPT. After access t (from 1) the frames go to snaps[t - 1]
 * while t <= nsnaps. */
static void vms_play(struct status *st, int64_t pid, const char *refs, struct vm_snap *snaps,
                     size_t nsnaps)
{
    struct note n;
    struct vm_step s;

    for (const char *p = refs; *p;) {
        char *end;
        unsigned long page = strtoul(p, &end, 10);
        int write = *end == 'w';
        int r;
        if (end == p)
            break;
        r = vm_access(&st->vm, pid, page * VMS_PAGE + 100, write, &s, &n);
        TEST_MSG(r == 0, n.what);
        st->last = n;
        st->seq++;
        if (r == 0 && st->vm.t <= nsnaps) {
            vms_snap(st, &snaps[st->vm.t - 1]);
            snaps[st->vm.t - 1].ref_pid = (int32_t)pid;
            snaps[st->vm.t - 1].ref_page = (uint32_t)page;
        }
        p = end + write;
        while (*p == ' ')
            p++;
    }
}

/* Fills st->compare with vm_compare over refs (n of them) for frames
 * lo..hi and the given policies. */
static void vms_compare(struct status *st, const struct vm_ref *refs, size_t n, uint32_t lo,
                        uint32_t hi, const enum vm_policy *pols, unsigned npols)
{
    char err[256] = "";
    struct status_compare *c = &st->compare;
    int r = vm_compare(&st->vm, refs, n, lo, hi, pols, npols, 1, 1, c->faults, err, sizeof err);

    TEST_MSG(r == 0, err);
    c->have = r == 0;
    c->frames_lo = lo;
    c->frames_hi = hi;
    c->npolicies = npols;
    memcpy(c->policies, pols, npols * sizeof *pols);
    c->nrefs = n;
}

/* Writes the references of pid for page list pages (n of them) into refs. */
static void vms_refs(struct vm_ref *refs, int32_t pid, const unsigned *pages, size_t n)
{
    for (size_t i = 0; i < n; i++)
        refs[i] = (struct vm_ref){(uint64_t)pages[i] * VMS_PAGE, pid, 0, 0};
}

/* Plays k references of the run in progress in st, snapshots as vms_play. */
static void vms_run(struct status *st, size_t k, struct vm_snap *snaps, size_t nsnaps)
{
    struct vm_step s;
    struct note n;

    for (size_t i = 0; i < k; i++) {
        int r = vm_run_step(&st->vm, &s, &n);
        TEST_MSG(r == 0, n.what);
        if (r == 0 && st->vm.t <= nsnaps) {
            vms_snap(st, &snaps[st->vm.t - 1]);
            snaps[st->vm.t - 1].ref_pid = s.pid;
            snaps[st->vm.t - 1].ref_page = s.page;
        }
    }
}

/* Plays n accesses spread over processes 1..np (pages[i] pages each), one
 * in four a write, from a small fixed generator. */
static void vms_scatter(struct status *st, int np, const uint64_t *pages, int n)
{
    uint32_t x = 12345;
    struct vm_step s;
    struct note m;

    for (int i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        int pid = 1 + (int)((x >> 16) % (uint32_t)np);
        x = x * 1103515245u + 12345u;
        uint64_t page = ((uint64_t)x >> 8) % pages[pid - 1];
        int r = vm_access(&st->vm, pid, page * VMS_PAGE, (x >> 28 & 3) == 0, &s, &m);
        TEST_MSG(r == 0, m.what);
    }
}

/* The VM states of both tests. */
enum {
    VMS_CLOCK,  /* Belady's string with writes, clock, 4 frames; its compare table. */
    VMS_OPT,    /* The classic string under OPT, 3 frames, half played: the rest to come. */
    VMS_TWO,    /* Two processes under lru, 5 frames, writes. */
    VMS_ONE,    /* One frame, a dirty page. */
    VMS_OSTEP,  /* ostep-clock, 6 frames; a compare table of every policy. */
    VMS_MANY,   /* 1000 frames at random, three processes, one of 100000 pages. */
    VMS_BIG,    /* 65536 frames under lru, two processes of 70000 and 2^20 pages. */
    VMS_REL,    /* fifo, 4 frames: P2 released after 6 accesses (the last a hit), then 3
                   more of P1. */
    VMS_SPARSE, /* lru, 64 frames: P1 of 160 GiB (a lackey trace's space) touched in four
                   clusters (code, heap, libraries, stack), P2 of 20 pages all touched;
                   segments 0 and 1 in the segment memory. */
    VMS_N
};

static const char *const vms_names[VMS_N] = {"vm-clock", "vm-opt", "vm-two", "vm-one",   "vm-ostep",
                                             "vm-many",  "vm-big", "vm-rel", "vm-sparse"};

#define VMS_SNAPS 64 /* Accesses snapshotted in each state. */

static const unsigned vms_classic[20] = {7, 0, 1, 2, 0, 3, 0, 4, 2, 3,
                                         0, 3, 2, 1, 2, 0, 1, 7, 0, 1};
static struct vm_ref vms_classic_refs[20]; /* VMS_OPT's run: kept until status_free. */

/* The small states: VMS_CLOCK to VMS_OSTEP. */
static void vms_small(struct status *st, struct vm_snap (*snaps)[VMS_SNAPS])
{
    static const unsigned belady[12] = {1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5};
    static const enum vm_policy all[VM_NPOLICIES] = {VM_FIFO,  VM_LRU,    VM_OPT,        VM_MRU,
                                                     VM_CLOCK, VM_RANDOM, VM_OSTEP_CLOCK};
    struct vm_ref refs[24];
    char err[256] = "";
    struct note n;
    struct vm_snap rel;

    vms_alloc(&st[VMS_CLOCK], 1, 8);
    vms_play(&st[VMS_CLOCK], 1, "1 2w 3 4 1 2 5w 1 2 3 4 5", snaps[VMS_CLOCK], VMS_SNAPS);
    vms_refs(refs, 1, belady, 12);
    vms_compare(&st[VMS_CLOCK], refs, 12, 1, 7, all, 5);

    vms_alloc(&st[VMS_OPT], 1, 8);
    vms_refs(vms_classic_refs, 1, vms_classic, 20);
    TEST_MSG(vm_run_begin(&st[VMS_OPT].vm, vms_classic_refs, 20, err, sizeof err) == 0, err);
    vms_run(&st[VMS_OPT], 10, snaps[VMS_OPT], VMS_SNAPS);

    vms_alloc(&st[VMS_TWO], 1, 6);
    vms_alloc(&st[VMS_TWO], 2, 4);
    for (int i = 0; i < 4; i++) {
        vms_play(&st[VMS_TWO], 1, i % 2 ? "0 1w 2 3" : "4 5 0w", snaps[VMS_TWO], VMS_SNAPS);
        vms_play(&st[VMS_TWO], 2, i % 2 ? "3w 2" : "0 1 2w", snaps[VMS_TWO], VMS_SNAPS);
    }

    vms_alloc(&st[VMS_ONE], 1, 2);
    vms_play(&st[VMS_ONE], 1, "0 1 0w", snaps[VMS_ONE], VMS_SNAPS);

    vms_alloc(&st[VMS_REL], 1, 6);
    vms_alloc(&st[VMS_REL], 2, 4);
    vms_play(&st[VMS_REL], 1, "0 1", snaps[VMS_REL], VMS_SNAPS);
    vms_play(&st[VMS_REL], 2, "0 1", snaps[VMS_REL], VMS_SNAPS);
    vms_play(&st[VMS_REL], 1, "2 2", snaps[VMS_REL], VMS_SNAPS);
    TEST(vm_release(&st[VMS_REL].vm, 2, &n) == 0);
    /* The frames between t=6 and t=7 are the released ones, not t=6's. */
    rel = snaps[VMS_REL][5];
    vms_snap(&st[VMS_REL], &snaps[VMS_REL][5]);
    snaps[VMS_REL][5].ref_pid = rel.ref_pid;
    snaps[VMS_REL][5].ref_page = rel.ref_page;
    vms_play(&st[VMS_REL], 1, "3 4 5", snaps[VMS_REL], VMS_SNAPS);

    vms_alloc(&st[VMS_OSTEP], 1, 12);
    vms_play(&st[VMS_OSTEP], 1, "0 1 2 3 4 5 6 0 1 2 7 8 9 0 1 2 3 10 11 0w 1 2 3 4",
             snaps[VMS_OSTEP], VMS_SNAPS);
    for (int i = 0; i < 24; i++)
        refs[i] = (struct vm_ref){(uint64_t)(i * 7 % 12) * VMS_PAGE, 1, 0, 0};
    vms_compare(&st[VMS_OSTEP], refs, 24, 1, 8, all, VM_NPOLICIES);
}

/* VMS_SPARSE: a real program's address space, as a lackey trace gives it:
 * clusters far apart in 160 GiB, each page touched twice, some written. */
static void vms_sparse(struct status *st)
{
    static const uint64_t cluster[4][2] = {
        {264, 40}, {16384, 120}, {20000, 90}, {33554000, 30}}; /* First page, pages. */
    struct vm_step s;
    struct note m;

    vms_alloc(st, 1, UINT64_C(160) << 30 >> 12);
    vms_alloc(st, 2, 20);
    for (int pass = 0; pass < 2; pass++)
        for (int k = 0; k < 4; k++)
            for (uint64_t g = 0; g < cluster[k][1]; g++)
                TEST_MSG(
                    vm_access(&st->vm, 1, (cluster[k][0] + g) * VMS_PAGE, g % 5 == 0, &s, &m) == 0,
                    m.what);
    for (uint64_t g = 0; g < 20; g++)
        TEST_MSG(vm_access(&st->vm, 2, g * VMS_PAGE, 0, &s, &m) == 0, m.what);
    TEST(seg_alloc(&st->sm, "code", 300, &m) == 0 && seg_alloc(&st->sm, "heap", 450, &m) == 1);
}

/* Builds every state of VMS_N into st (zeroed first), the frames after each
 * of the first VMS_SNAPS accesses of each into snaps. Returns 0, or -1 when
 * one could not be made. */
static int vms_build(struct status *st, struct vm_snap (*snaps)[VMS_SNAPS])
{
    static const uint64_t many[3] = {300, 900, 100000}, big[2] = {70000, 1048576};

    memset(st, 0, VMS_N * sizeof *st);
    memset(snaps, 0, VMS_N * sizeof *snaps);
    if (vms_new(&st[VMS_CLOCK], 4, VM_CLOCK, 0, 0) < 0 ||
        vms_new(&st[VMS_OPT], 3, VM_OPT, 0, 0) < 0 || vms_new(&st[VMS_TWO], 5, VM_LRU, 0, 0) < 0 ||
        vms_new(&st[VMS_ONE], 1, VM_FIFO, 0, 0) < 0 ||
        vms_new(&st[VMS_OSTEP], 6, VM_OSTEP_CLOCK, 5, 2) < 0 ||
        vms_new(&st[VMS_MANY], 1000, VM_RANDOM, 7, 0) < 0 ||
        vms_new(&st[VMS_BIG], 65536, VM_LRU, 0, 0) < 0 ||
        vms_new(&st[VMS_REL], 4, VM_FIFO, 0, 0) < 0 ||
        vms_new(&st[VMS_SPARSE], 64, VM_LRU, 0, 0) < 0)
        return -1;
    vms_small(st, snaps);
    vms_sparse(&st[VMS_SPARSE]);
    for (int p = 0; p < 3; p++)
        vms_alloc(&st[VMS_MANY], p + 1, many[p]);
    vms_scatter(&st[VMS_MANY], 3, many, 3000);
    for (int p = 0; p < 2; p++)
        vms_alloc(&st[VMS_BIG], p + 1, big[p]);
    vms_scatter(&st[VMS_BIG], 2, big, 70000);
    return 0;
}

static void vms_free(struct status *st)
{
    for (int i = 0; i < VMS_N; i++)
        status_free(&st[i]);
}

#endif
