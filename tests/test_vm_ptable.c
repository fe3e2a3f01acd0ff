/* test_vm_ptable.c: the page-table layer of virtual-memory mode
 * (common/vm_ptable.c): shapes set and refused, OSTEP ch. 20's two-level
 * example (3 table pages against 16 linear), x86-64's sparse four-level use
 * (table pages grow with the pages touched, not with the space), the walk's
 * frames and indices, the linear table at the first allocation and its
 * refusal, exhaustion (VM_REFUSE_TABLES), table pages evicting data pages
 * (write-back), the swap pre-check, refusals changing nothing, release,
 * the TLB's walk and EAT, vm_check catching corruptions, the restore, compare,
 * and random workloads checked after every step against the table pages
 * pts_table_pages counts for the pages ever touched. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "note.h"
#include "pyrand.h"
#include "test.h"
#include "vm.h"
#include "vm_restore.h"

#define VALID(vm)   TEST_VALID(vm_check, (vm))
#define INVALID(vm) TEST_INVALID(vm_check, (vm))

#define OSTEP_AS   16384u /* OSTEP ch. 20: a 16 KiB space ... */
#define OSTEP_PAGE 64u    /* ... of 64-byte pages (256 pages), 4-byte entries. */

/* Makes a memory of nframes frames of page bytes, nslots slots, spaces of
 * as bytes and a table of `levels` levels with entry-byte entries, policy
 * pol. */
static void setup(struct vm *vm, uint32_t nframes, uint64_t page, uint32_t nslots, uint64_t as,
                  unsigned levels, unsigned entry, enum vm_policy pol)
{
    char err[200] = "";
    struct note n;

    TEST_MSG(vm_init(vm, nframes, page, nslots, err, sizeof err) == 0, err);
    TEST(vm_set_address_space(vm, as, NULL) == 0);
    TEST_MSG(vm_set_page_table(vm, levels, entry, &n) == 0, n.why);
    TEST(vm_set_policy(vm, pol, 7, 2, NULL) == 0);
}

/* The OSTEP shape with nframes frames and nslots slots, process 1 owning
 * the whole space. */
static void setup_ostep(struct vm *vm, uint32_t nframes, uint32_t nslots, unsigned levels)
{
    setup(vm, nframes, OSTEP_PAGE, nslots, OSTEP_AS, levels, 4, VM_FIFO);
    TEST(vm_alloc(vm, 1, OSTEP_AS, NULL) == 0);
}

/* Accesses VPN vpn of pid (a write when w), expecting success. */
static void touch(struct vm *vm, int64_t pid, uint64_t vpn, int w, struct vm_step *s)
{
    struct note n;
    int r = vm_access(vm, pid, vpn * vm->page_size, w, s, &n);

    TEST_MSG(r == 0, n.what);
}

#define SNAP_FRAMES 32 /* Most frames, slots and processes a snapshot keeps. */
#define SNAP_SLOTS  64
#define SNAP_PROCS  3

/* A copy of what a refused access must leave as it was: the frames, slots,
 * counters, walk, each process's table pages and counts, the policy's
 * order and generator. */
struct snap {
    struct vm_frame frames[SNAP_FRAMES];
    struct vm_slot slots[SNAP_SLOTS];
    struct vm_counts total;
    struct vm_walk walk;
    struct vm_tpage tp[SNAP_PROCS][SNAP_FRAMES];
    uint32_t ntp[SNAP_PROCS], resident[SNAP_PROCS], swapped[SNAP_PROCS];
    struct vm_counts counts[SNAP_PROCS];
    uint32_t nfree, slots_used, table_frames, hand, victim_frame, nmem;
    uint64_t t, tables_made, draws, epoch;
    uint32_t mem[SNAP_FRAMES];
    struct pyrand rng;
};

/* Copies walk w into *c field by field (no padding bytes). */
static void copy_walk(const struct vm_walk *w, struct vm_walk *c)
{
    c->t = w->t;
    c->levels = w->levels;
    c->ntables = w->ntables;
    for (unsigned k = 0; k < PTS_MAX_LEVELS; k++) {
        const struct vm_evicted *e = &w->tvictim[k];
        c->frame[k] = w->frame[k];
        c->index[k] = w->index[k];
        c->tvictim[k].frame = e->frame;
        c->tvictim[k].level = e->level;
        c->tvictim[k].evict = e->evict;
        c->tvictim[k].victim_pid = e->victim_pid;
        c->tvictim[k].victim_page = e->victim_page;
        c->tvictim[k].victim_slot = e->victim_slot;
    }
}

static void take_snap(const struct vm *vm, struct snap *x)
{
    memset(x, 0, sizeof *x);
    TEST(vm->nframes <= SNAP_FRAMES && vm->nslots <= SNAP_SLOTS);
    memcpy(x->frames, vm->frames, vm->nframes * sizeof *vm->frames);
    memcpy(x->slots, vm->slots, vm->nslots * sizeof *vm->slots);
    for (int i = 0; i < SNAP_PROCS; i++) {
        const struct vm_process *p = vm_find(vm, i + 1);
        if (!p)
            continue;
        for (uint32_t k = 0; k < p->ntpages && k < SNAP_FRAMES; k++) {
            x->tp[i][k].prefix = p->tpages[k].prefix;
            x->tp[i][k].level = p->tpages[k].level;
            x->tp[i][k].frame = p->tpages[k].frame;
        }
        x->ntp[i] = p->ntpages;
        x->resident[i] = p->resident;
        x->swapped[i] = p->swapped;
        x->counts[i] = p->counts;
    }
    x->total = vm->total;
    copy_walk(&vm->walk, &x->walk);
    x->nfree = vm->nfree;
    x->slots_used = vm->slots_used;
    x->table_frames = vm->table_frames;
    x->hand = vm->hand;
    x->t = vm->t;
    x->tables_made = vm->tables_made;
    x->draws = vm->draws;
    x->epoch = vm->epoch;
    x->victim_frame = vm->victim_frame;
    x->nmem = (uint32_t)vm_memory_order(vm, x->mem);
    if (vm->rng)
        x->rng = vm->rng[0];
}

/* Returns 1 when vm is as x saw it. */
static int same_snap(const struct vm *vm, const struct snap *x)
{
    struct snap y;

    take_snap(vm, &y);
    return memcmp(x, &y, sizeof y) == 0;
}

static void test_names(void)
{
    static const char *const names[] = {"off", "linear", "2-level", "3-level", "4-level"};
    unsigned l = 99;

    for (unsigned i = 0; i < 5; i++) {
        TEST(strcmp(vm_page_table_name(i), names[i]) == 0);
        TEST(vm_page_table_parse(names[i], &l) == 0 && l == i);
    }
    l = 99;
    TEST(vm_page_table_parse("5-level", &l) == -1 && l == 99);
    TEST(vm_page_table_parse("Linear", &l) == -1 && vm_page_table_parse("", &l) == -1);
}

/* Turning the layer on and off: needs address spaces, no processes, a
 * shape pts_make accepts; the entry size's default. */
static void test_set(void)
{
    struct vm vm;
    struct note n;
    char err[200];

    TEST(vm_init(&vm, 8, OSTEP_PAGE, 8, err, sizeof err) == 0);
    TEST(vm_set_page_table(&vm, 2, 4, &n) == -1 && vm.pt_levels == 0);
    TEST(strstr(n.why, "address-space") != NULL);
    TEST(vm_set_address_space(&vm, OSTEP_AS, NULL) == 0);
    TEST(vm_set_page_table(&vm, 3, 4, &n) == -1 && vm.pt_levels == 0); /* Too many levels. */
    TEST(strstr(n.why, "too many levels") != NULL);
    TEST(vm_set_page_table(&vm, 2, 6, &n) == -1 && vm_set_page_table(&vm, 5, 4, &n) == -1);
    TEST(vm_set_page_table(&vm, 2, 0, &n) == 0 && vm.pt_levels == 2 && vm.pts.entry_bytes == 4);
    TEST(vm.pts.bits[0] == 4 && vm.pts.bits[1] == 4 && vm.pts.shift[0] == 4);
    VALID(&vm);
    TEST(vm_set_address_space(&vm, 0, &n) == -1 && vm.as_bytes == OSTEP_AS); /* Needed. */
    TEST(vm_set_address_space(&vm, 8192, &n) == 0 && vm.pts.vpn_bits == 7);
    VALID(&vm);
    TEST(vm_alloc(&vm, 1, 64, NULL) == 0);
    TEST(vm_set_page_table(&vm, 0, 0, &n) == -1 && vm.pt_levels == 2);
    TEST(vm_release(&vm, 1, NULL) == 0);
    TEST(vm_set_page_table(&vm, 0, 0, &n) == 0 && vm.pt_levels == 0);
    VALID(&vm);
    vm_free(&vm);
    TEST(vm_init(&vm, 8, 4096, 8, err, sizeof err) == 0);
    TEST(vm_set_address_space(&vm, UINT64_C(1) << 48, NULL) == 0);
    TEST(vm_set_page_table(&vm, 4, 0, &n) == 0 && vm.pts.entry_bytes == 8);
    vm_free(&vm);
}

/* Checks the walk of the last access s: frames and indices per level. */
static void same_walk(const struct vm *vm, const struct vm_step *s, unsigned levels,
                      const uint32_t *frames, const uint64_t *index)
{
    TEST(vm->walk.t == s->t && vm->walk.levels == levels && s->walked == levels);
    for (unsigned k = 0; k < levels; k++)
        TEST(vm->walk.frame[k] == frames[k] && vm->walk.index[k] == index[k]);
}

/* OSTEP ch. 20: code on VPNs 0-1, heap on 4-5, stack on 254-255: the page
 * directory and two page-table pages, frames taken top first, data last. */
static void test_ostep_two_levels(void)
{
    static const uint32_t vpns[] = {0, 1, 4, 5, 254, 255};
    struct vm vm;
    struct vm_step s;
    uint32_t per[PTS_MAX_LEVELS];
    char buf[200];
    const struct vm_process *p;

    setup_ostep(&vm, 16, 16, 2);
    p = vm_find(&vm, 1);
    TEST(p->ntpages == 0 && vm.table_frames == 0); /* Nothing before the first touch. */
    touch(&vm, 1, 0, 0, &s);
    TEST(s.ntables == 2 && s.frame == 2 && vm.walk.ntables == 2);
    TEST(vm.walk.tvictim[0].frame == 0 && vm.walk.tvictim[0].level == 0);
    TEST(vm.walk.tvictim[1].frame == 1 && vm.walk.tvictim[1].level == 1);
    TEST(vm.walk.tvictim[1].evict == VM_EVICT_NONE && vm.frames[0].table == 1);
    TEST(vm.frames[1].table == 2 && vm.frames[1].page == 0 && vm.frames[2].table == 0);
    same_walk(&vm, &s, 2, (const uint32_t[]){0, 1}, (const uint64_t[]){0, 0});
    for (size_t i = 1; i < sizeof vpns / sizeof *vpns; i++) {
        touch(&vm, 1, vpns[i], 0, &s);
        VALID(&vm);
    }
    /* VPN 255 = 1111 1111: PD[15] -> the stack's PT (made at VPN 254, frame 6). */
    same_walk(&vm, &s, 2, (const uint32_t[]){0, 6}, (const uint64_t[]){15, 15});
    TEST(s.ntables == 0 && s.frame == 8);
    TEST(vm_table_pages(&vm, p, per) == 3 && per[0] == 1 && per[1] == 2 && per[2] == 0);
    TEST(vm.table_frames == 3 && vm.tables_made == 3);
    TEST(vm_table_frame(p, 0, 0) == 0 && vm_table_frame(p, 1, 0) == 1);
    TEST(vm_table_frame(p, 1, 15) == 6 && vm_table_frame(p, 1, 1) == VM_NONE);
    /* OSTEP's 0x3F80: VPN 254, PD index 15, PT index 14. */
    TEST(vm_access(&vm, 1, 0x3F80, 0, &s, NULL) == 0 && s.hit && s.frame == 7);
    same_walk(&vm, &s, 2, (const uint32_t[]){0, 6}, (const uint64_t[]){15, 14});
    vm_walk_describe(&vm, &s, buf, sizeof buf);
    TEST_MSG(strcmp(buf, "PDBR -> frame 0; PD[15] -> PT at frame 6; PT[14] -> frame 7") == 0, buf);
    vm_free(&vm);
}

/* The same pages with a linear table: 16 pages of table at the first
 * allocation, the walk's one level the table page holding the entry. */
static void test_ostep_linear(void)
{
    struct vm vm;
    struct vm_step s;
    struct note n;
    char buf[200];
    uint32_t per[PTS_MAX_LEVELS];

    setup(&vm, 20, OSTEP_PAGE, 16, OSTEP_AS, 1, 4, VM_FIFO);
    TEST(vm_alloc(&vm, 1, 64, &n) == 0 && vm.table_frames == 16 && vm.nfree == 4);
    TEST(strstr(n.why, "16 frames") != NULL);
    TEST(vm_table_pages(&vm, vm_find(&vm, 1), per) == 16 && per[0] == 16);
    TEST(vm.frames[15].table == 1 && vm.frames[15].page == 15 && vm.frames[16].pid == 0);
    TEST(vm_alloc(&vm, 1, 64, NULL) == 0 && vm.table_frames == 16); /* Not again. */
    touch(&vm, 1, 1, 0, &s);
    TEST(s.frame == 16 && s.ntables == 0);
    /* VPN 1's entry at byte 4: page 0 of the table, frame 0. */
    same_walk(&vm, &s, 1, (const uint32_t[]){0}, (const uint64_t[]){1});
    vm_walk_describe(&vm, &s, buf, sizeof buf);
    TEST_MSG(strcmp(buf, "PTBR -> linear table; PT[1] in its page 0 at frame 0 -> frame 16") == 0,
             buf);
    TEST(vm_alloc(&vm, 1, 16384 - 128, NULL) == 0);
    touch(&vm, 1, 254, 0, &s); /* Entry at byte 1016: page 15 of the table. */
    same_walk(&vm, &s, 1, (const uint32_t[]){15}, (const uint64_t[]){254});
    VALID(&vm);
    /* A second process: 16 frames more than the 3 left non-table frames. */
    TEST(vm_alloc(&vm, 2, 64, &n) == -1 && vm_find(&vm, 2) == NULL && vm.table_frames == 16);
    TEST_MSG(strstr(n.what, "P2's linear page table (1024 B) needs 16 frames") != NULL, n.what);
    TEST_MSG(strstr(n.why, "only 4 of the 20 frames") != NULL, n.why);
    VALID(&vm);
    vm_free(&vm);
}

/* A linear table placed by an allocation takes free frames, then victims
 * (written back when dirty): not an access, so the time and the last victim
 * stay, and the epoch moves; 2 evictions or more need a slot each, one is
 * refused exactly. Spaces of 4 KiB: 64 entries, 4 table pages. */
static void test_linear_alloc(void)
{
    struct vm vm;
    struct vm_step s;
    struct note n;
    struct snap x;

    setup(&vm, 8, OSTEP_PAGE, 8, 4096, 1, 4, VM_FIFO);
    TEST(vm_alloc(&vm, 1, 4096, NULL) == 0 && vm.table_frames == 4 && vm.epoch == 0);
    for (uint32_t v = 0; v < 4; v++)
        touch(&vm, 1, v, 1, &s); /* Frames 4-7. */
    TEST(vm_alloc(&vm, 2, 64, &n) == 0 && vm.table_frames == 8 && vm.t == 4 && vm.epoch == 4);
    TEST(vm.total.evictions == 4 && vm.total.writebacks == 4 && vm.slots_used == 4);
    TEST(vm.frames[4].table == 1 && vm.frames[4].pid == 2 && vm.frames[7].page == 3);
    TEST(vm.victim_frame == VM_NONE && vm.frames[4].loaded == 4);
    VALID(&vm);
    TEST_VALID(vm_check_victim, &vm);
    vm_free(&vm);

    setup(&vm, 8, OSTEP_PAGE, 3, 4096, 1, 4, VM_FIFO); /* 4 evictions, 3 slots. */
    TEST(vm_alloc(&vm, 1, 4096, NULL) == 0);
    for (uint32_t v = 0; v < 4; v++)
        touch(&vm, 1, v, 0, &s);
    take_snap(&vm, &x);
    TEST(vm_alloc(&vm, 2, 64, &n) == -1 && same_snap(&vm, &x) && !vm_find(&vm, 2));
    TEST_MSG(strstr(n.what, "4 evictions, and swap has 3 free slots") != NULL, n.what);
    VALID(&vm);
    vm_free(&vm);

    setup(&vm, 8, OSTEP_PAGE, 0, 4096, 1, 4, VM_FIFO); /* 3 free frames, 1 eviction. */
    TEST(vm_alloc(&vm, 1, 4096, NULL) == 0);
    touch(&vm, 1, 0, 1, &s); /* Dirty, and no swap at all: refused. */
    take_snap(&vm, &x);
    TEST(vm_alloc(&vm, 2, 64, &n) == -1 && same_snap(&vm, &x) && !vm_find(&vm, 2));
    TEST_MSG(strstr(n.what, "swap is full") != NULL, n.what);
    VALID(&vm);
    touch(&vm, 1, 0, 0, &s);
    vm_free(&vm);
    setup(&vm, 8, OSTEP_PAGE, 0, 4096, 1, 4, VM_FIFO);
    TEST(vm_alloc(&vm, 1, 4096, NULL) == 0);
    touch(&vm, 1, 0, 0, &s); /* Clean: it may go. */
    TEST(vm_alloc(&vm, 2, 64, &n) == 0 && vm.frames[4].table == 1 && vm.frames[4].pid == 2);
    TEST(vm.victim_frame == VM_NONE && vm.nfree == 0);
    VALID(&vm);
    vm_free(&vm);
}

/* x86-64 (2^48, 4 KiB pages, 8-byte entries, 4 levels), sparse: code at
 * 0x400000, 16 heap pages from 0x601000 and a stack page at the top of the
 * process's 2^32 - 1 pages: 8 table pages, as pts_table_pages counts, and
 * touching more pages in the same ranges adds none. */
static void test_x86_64_sparse(void)
{
    struct vm vm;
    struct vm_step s;
    uint32_t per[PTS_MAX_LEVELS];
    uint64_t vpns[18], want[PTS_MAX_LEVELS], total;
    uint64_t stack = UINT64_C(0xfffffffe);
    size_t nv = 0;
    char err[200];
    const struct vm_process *p;

    setup(&vm, 64, 4096, 64, UINT64_C(1) << 48, 4, 8, VM_LRU);
    TEST(vm_alloc(&vm, 1, (uint64_t)0xffffffff * 4096, NULL) == 0);
    p = vm_find(&vm, 1);
    vpns[nv++] = 0x400;
    for (uint64_t v = 0x601; v <= 0x610; v++)
        vpns[nv++] = v;
    vpns[nv++] = stack;
    for (size_t i = 0; i < nv; i++)
        touch(&vm, 1, vpns[i], 1, &s);
    TEST(pts_table_pages(&vm.pts, vpns, nv, want, &total, err, sizeof err) == 0 && total == 8);
    TEST(vm_table_pages(&vm, p, per) == 8 && per[0] == 1 && per[1] == 2 && per[2] == 2 &&
         per[3] == 3);
    TEST(per[3] == want[3] && vm.table_frames == 8);
    /* The stack page: 9 | 9 | 9 | 9 indices of 0xfffffffe. */
    same_walk(&vm, &s, 4,
              (const uint32_t[]){0, vm_table_frame(p, 1, 0x1f), vm_table_frame(p, 2, 0x3fff),
                                 vm_table_frame(p, 3, 0x7fffff)},
              (const uint64_t[]){0x1f, 0x1ff, 0x1ff, 0x1fe});
    for (uint64_t v = 0x611; v < 0x640; v++) /* The rest of the heap's PT: no new table. */
        touch(&vm, 1, v, 0, &s);
    TEST(vm_table_pages(&vm, p, per) == 8 && vm.tables_made == 8);
    touch(&vm, 1, 0x800, 0, &s); /* A new PT (VPN >> 9 = 4), same PD. */
    TEST(s.ntables == 1 && vm.walk.tvictim[0].level == 3 && vm_table_pages(&vm, p, per) == 9);
    VALID(&vm);
    vm_free(&vm);
}

/* Every frame a table frame: an access is refused (VM_REFUSE_TABLES) and
 * changes nothing; so is one whose tables and page need more frames than
 * are not table frames. */
static void test_exhaustion(void)
{
    struct vm vm;
    struct vm_step s;
    struct note n;

    setup(&vm, 16, OSTEP_PAGE, 4, OSTEP_AS, 1, 4, VM_FIFO);
    TEST(vm_alloc(&vm, 1, 64, NULL) == 0 && vm.nfree == 0 && vm.table_frames == 16);
    TEST(vm_access(&vm, 1, 0, 0, &s, &n) == -1 && s.refused == VM_REFUSE_TABLES);
    TEST_MSG(strstr(n.why, "only 0 of the 16 frames") != NULL, n.why);
    TEST(vm.t == 0 && vm.walk.t == 0);
    VALID(&vm);
    vm_free(&vm);

    setup_ostep(&vm, 3, 4, 2);
    touch(&vm, 1, 0, 1, &s); /* PD, PT 0, page 0. */
    TEST(vm_access(&vm, 1, 16 * 64, 0, &s, &n) == -1 && s.refused == VM_REFUSE_TABLES);
    TEST(vm.table_frames == 2 && vm.frames[2].page == 0 && vm.t == 1 && vm.walk.t == 1);
    touch(&vm, 1, 3, 0, &s); /* Same PT: page 0 goes. */
    TEST(s.evict == VM_EVICT_WRITEBACK && s.frame == 2 && s.ntables == 0);
    VALID(&vm);
    vm_free(&vm);
}

/* A table page takes a data page's frame: the dirty page is written back;
 * with too little swap for two evictions the access is refused before
 * anything changes, even when one victim would have needed no slot (the
 * pre-check counts a slot for each). */
static void test_table_evicts(void)
{
    struct vm vm;
    struct vm_step s;
    struct note n;
    struct snap x;

    setup_ostep(&vm, 4, 2, 2);
    touch(&vm, 1, 0, 1, &s);
    touch(&vm, 1, 1, 1, &s);  /* 0: PD, 1: PT 0, 2: page 0, 3: page 1, both dirty. */
    touch(&vm, 1, 16, 0, &s); /* PT 1 evicts page 0, page 16 evicts page 1. */
    TEST(s.ntables == 1 && vm.walk.tvictim[0].frame == 2 && vm.walk.tvictim[0].level == 1);
    TEST(vm.walk.tvictim[0].evict == VM_EVICT_WRITEBACK && vm.walk.tvictim[0].victim_pid == 1);
    TEST(vm.walk.tvictim[0].victim_page == 0 && vm.walk.tvictim[0].victim_slot == 0);
    TEST(s.evict == VM_EVICT_WRITEBACK && s.victim_page == 1 && s.victim_slot == 1);
    TEST(s.frame == 3 && vm.frames[2].table == 2 && vm.frames[2].page == 1);
    TEST(vm.victim_frame == 3 && vm.victim_page == 1 && vm.total.evictions == 2);
    TEST(vm.total.writebacks == 2 && vm.slots_used == 2);
    VALID(&vm);
    TEST_VALID(vm_check_victim, &vm);
    vm_free(&vm);

    /* One slot: page 0 clean (no slot needed), page 1 dirty: 2 evictions,
     * 1 free slot: refused all the same. */
    setup_ostep(&vm, 4, 1, 2);
    touch(&vm, 1, 0, 0, &s);
    touch(&vm, 1, 1, 1, &s);
    take_snap(&vm, &x);
    TEST(vm_access(&vm, 1, 16 * 64, 0, &s, &n) == -1 && s.refused == VM_REFUSE_SWAP_FULL);
    TEST_MSG(strstr(n.what, "2 evictions, and swap has 1 free slot") != NULL, n.what);
    TEST(same_snap(&vm, &x));
    VALID(&vm);
    touch(&vm, 1, 2, 0, &s); /* One eviction (page 0, clean): the exact path, allowed. */
    TEST(s.evict == VM_EVICT_ZERO && s.frame == 2);
    vm_free(&vm);

    /* One eviction, the data page's, refused after its table took the last
     * free frame: the table goes again. */
    setup_ostep(&vm, 4, 0, 2);
    touch(&vm, 1, 0, 1, &s); /* 0: PD, 1: PT 0, 2: page 0 (dirty), 3 free. */
    take_snap(&vm, &x);
    TEST(vm_access(&vm, 1, 16 * 64, 0, &s, &n) == -1 && s.refused == VM_REFUSE_SWAP_FULL);
    TEST(same_snap(&vm, &x) && vm.frames[3].pid == 0);
    VALID(&vm);
    vm_free(&vm);
}

/* A release frees the process's table frames (the epoch moves); another
 * process's pages then take them. */
static void test_release(void)
{
    struct vm vm;
    struct vm_step s;
    struct note n;

    setup(&vm, 8, OSTEP_PAGE, 8, OSTEP_AS, 2, 4, VM_CLOCK);
    TEST(vm_alloc(&vm, 1, OSTEP_AS, NULL) == 0 && vm_alloc(&vm, 2, OSTEP_AS, NULL) == 0);
    touch(&vm, 1, 0, 1, &s);
    touch(&vm, 1, 200, 0, &s);
    touch(&vm, 2, 5, 0, &s);  /* P1: 0 PD, 1 PT, 2 page 0, 3 PT, 4 page 200; P2: 5, 6, 7. */
    touch(&vm, 2, 40, 0, &s); /* A PT and its page: clock passes the table frames ... */
    TEST(vm.walk.tvictim[0].frame == 2 && vm.walk.tvictim[0].victim_page == 0);
    TEST(s.frame == 4 && s.victim_pid == 1 && s.victim_page == 200); /* ... to P1's pages. */
    TEST(vm.table_frames == 6 && vm.nfree == 0);
    VALID(&vm);
    TEST(vm_release(&vm, 1, &n) == 0 && vm.table_frames == 3 && vm.nfree == 3);
    TEST_MSG(strstr(n.what, "and 3 frames of its page table") != NULL, n.what);
    TEST(vm.epoch == vm.t && vm.frames[0].pid == 0 && vm.frames[1].pid == 0);
    VALID(&vm);
    touch(&vm, 2, 100, 0, &s); /* A PT of P2 and its page: the lowest free frames. */
    TEST(s.ntables == 1 && vm.walk.tvictim[0].frame == 0 && s.frame == 1);
    VALID(&vm);
    TEST(vm_release(&vm, 2, NULL) == 0 && vm.table_frames == 0 && vm.nfree == 8);
    VALID(&vm);
    vm_free(&vm);
}

/* With the TLB: a hit walks nothing, a miss reads one entry a level; a
 * table page's victim leaves the TLB; EAT counts the levels. */
static void test_tlb(void)
{
    struct vm vm;
    struct vm_step s;
    char buf[200];
    double h;

    setup_ostep(&vm, 4, 8, 2);
    TEST(vm_set_tlb(&vm, 4, 0, 1, NULL) == 0);
    touch(&vm, 1, 0, 1, &s);
    TEST(s.tlb == TLB_MISS && s.walked == 2 && vm.walk.levels == 2);
    touch(&vm, 1, 0, 0, &s);
    TEST(s.tlb == TLB_HIT && s.walked == 0 && vm.walk.levels == 0 && vm.walk.t == s.t);
    vm_walk_describe(&vm, &s, buf, sizeof buf);
    TEST(buf[0] == '\0');
    vm_tlb_describe(&vm, &s, buf, sizeof buf);
    TEST(strstr(buf, "TLB hit") != NULL);
    touch(&vm, 1, 1, 1, &s);
    vm_tlb_describe(&vm, &s, buf, sizeof buf);
    TEST_MSG(strstr(buf, "the page-table walk reads 2 entries") != NULL, buf);
    touch(&vm, 1, 16, 0, &s); /* PT 1 evicts page 0, whose entry leaves the TLB. */
    TEST(vm.walk.tvictim[0].victim_page == 0 && vm.walk.tvictim[0].evict == VM_EVICT_WRITEBACK);
    VALID(&vm); /* vm_tlb_check: no entry for page 0 any more. */
    TEST(vm_access(&vm, 1, 0, 0, &s, NULL) == 0 && s.tlb == TLB_MISS && s.load == VM_LOAD_SWAP);
    VALID(&vm);
    h = tlb_hit_rate(vm.tlb);
    TEST(vm_tlb_eat(&vm) == tlb_eat(1, 100, 2, h) && vm_tlb_eat(&vm) != tlb_eat(1, 100, 1, h));
    vm_free(&vm);
    setup_ostep(&vm, 20, 8, 1);
    TEST(vm_set_tlb(&vm, 4, 0, 1, NULL) == 0);
    touch(&vm, 1, 0, 1, &s);
    h = tlb_hit_rate(vm.tlb);
    TEST(vm_tlb_eat(&vm) == tlb_eat(1, 100, 1, h) && s.walked == 1);
    vm_free(&vm);
}

/* A state with two PTs: 0 PD, 1 PT 0, 2 page 0, 3 PT 1, 4 page 16. */
static void two_tables(struct vm *vm)
{
    struct vm_step s;

    setup_ostep(vm, 8, 8, 2);
    touch(vm, 1, 0, 1, &s);
    touch(vm, 1, 16, 0, &s);
    VALID(vm);
}

/* vm_check catches a broken layer. */
static void test_check(void)
{
    struct vm vm;
    struct vm_process *p;
    char err[200];

    two_tables(&vm); /* A free frame marked a table frame that no table page names. */
    vm.frames[6] = (struct vm_frame){1, 2, VM_NONE, 0, 0, 2, 0, 0};
    vm.nfree--;
    vm.table_frames++;
    TEST(vm_check(&vm, err, sizeof err) < 0 && strstr(err, "does not name") != NULL);
    vm_free(&vm);

    two_tables(&vm); /* Page 16 without its table page (PT 1 gone, its frame free). */
    p = &vm.procs[0];
    p->ntpages--; /* PT 1 is the last: (1, 1) after (0, 0) and (1, 0). */
    memset(&vm.frames[3], 0, sizeof vm.frames[3]);
    vm.nfree++;
    vm.table_frames--;
    vm.free_lo = 3;
    TEST(vm_check(&vm, err, sizeof err) < 0 && strstr(err, "without its table page") != NULL);
    vm_free(&vm);

    two_tables(&vm); /* A table frame with its reference bit set. */
    vm.frames[1].ref = 1;
    INVALID(&vm);
    vm_free(&vm);

    two_tables(&vm); /* A table page naming a frame that holds a data page. */
    vm.procs[0].tpages[1].frame = 2;
    INVALID(&vm);
    vm_free(&vm);

    two_tables(&vm); /* A count off. */
    vm.table_frames++;
    INVALID(&vm);
    vm_free(&vm);

    two_tables(&vm); /* A walk of the wrong number of levels. */
    vm.walk.levels = 1;
    INVALID(&vm);
    vm_free(&vm);

    two_tables(&vm); /* A table page whose parent is gone. */
    vm.procs[0].tpages[0].level = 1;
    INVALID(&vm);
    vm_free(&vm);

    two_tables(&vm); /* The layer off, its frames still there. */
    vm.pt_levels = 0;
    TEST(vm_check(&vm, err, sizeof err) < 0 && strstr(err, "layer is off") != NULL);
    vm.pt_levels = 2;
    vm_free(&vm);

    two_tables(&vm); /* A data page's entry naming a table frame. */
    vm.frames[2] = vm.frames[1];
    vm.frames[2].page = 0;
    INVALID(&vm);
    vm_free(&vm);
}

/* The random workloads' shapes, all with 64-byte pages. */
static const struct shape {
    uint64_t as;
    unsigned levels, entry;
} shapes[] = {
    {4096, 1, 4},  /* Linear: 64 entries, 4 table pages a process. */
    {16384, 2, 4}, /* OSTEP's: 4 | 4 | 6. */
    {16384, 3, 8}, /* 2 | 3 | 3 | 6. */
    {65536, 4, 8}, /* 1 | 3 | 3 | 3 | 6. */
};

#define MAXV 1024 /* VPNs of the largest shape. */

/* What the random workloads know: the pages each process touched since it
 * was made (its table pages are exactly those pts_table_pages counts for
 * them), and what they saw happen. */
struct model {
    uint8_t touched[SNAP_PROCS][MAXV];
    uint32_t refused_tables, refused_swap, table_victims, table_writebacks, table_pages;
};

static uint64_t rnd(uint64_t *s)
{
    *s = *s * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    return *s >> 33;
}

/* Checks process pid's table pages, level by level, against the pages it
 * touched. */
static void tables_match(const struct vm *vm, const struct model *m, int64_t pid)
{
    const struct vm_process *p = vm_find(vm, pid);
    uint64_t vpns[MAXV], want[PTS_MAX_LEVELS], total;
    uint32_t per[PTS_MAX_LEVELS];
    size_t n = 0;
    char err[200];

    if (!p)
        return;
    for (uint32_t v = 0; v < p->npages; v++)
        if (m->touched[pid - 1][v])
            vpns[n++] = v;
    TEST_MSG(pts_table_pages(&vm->pts, vpns, n, want, &total, err, sizeof err) == 0, err);
    if (vm->pt_levels > 1 && n == 0)
        total = want[0] = 0; /* No directory before the first touch. */
    TEST(vm_table_pages(vm, p, per) == total);
    for (unsigned k = 0; k < vm->pt_levels; k++)
        TEST(per[k] == want[k]);
}

/* Checks what access s by p did to the walk. */
static void walk_match(const struct vm *vm, const struct vm_process *p, const struct vm_step *s,
                       uint32_t tables_before)
{
    uint64_t idx[PTS_MAX_LEVELS], off;

    TEST(vm->walk.t == s->t && s->ntables == p->ntpages - tables_before);
    TEST(vm->frames[s->frame].table == 0 && vm->walk.ntables == s->ntables);
    if (s->tlb == TLB_HIT) {
        TEST(s->walked == 0 && vm->walk.levels == 0);
        return;
    }
    TEST(s->walked == vm->pt_levels && pts_split(&vm->pts, s->addr, idx, &off) == 0);
    for (unsigned k = 0; k < vm->pt_levels; k++) {
        uint32_t f = vm->walk.frame[k];
        TEST(vm->walk.index[k] == idx[k] && vm->frames[f].table == k + 1 &&
             vm->frames[f].pid == p->pid);
    }
}

/* Counts the table pages access (pid, page) lacks, as the layer sees it. */
static unsigned missing(const struct vm *vm, int64_t pid, uint32_t page)
{
    const struct vm_process *p = vm_find(vm, pid);
    unsigned k = 0;
    uint32_t where;

    if (vm->pt_levels < 2 || vm_page_state(p, page, &where) != VM_UNTOUCHED)
        return 0;
    for (unsigned l = 0; l < vm->pt_levels; l++)
        k += vm_table_frame(p, l, l ? page >> vm->pts.shift[l - 1] : 0) == VM_NONE;
    return k;
}

/* Checks one step: rc and s of an access of addr by pid, the state before
 * in x; updates the model. */
static void check_step(const struct vm *vm, struct model *m, const struct snap *x, int rc,
                       const struct vm_step *s, int64_t pid, uint64_t addr, unsigned lacked)
{
    const struct vm_process *p = vm_find(vm, pid);

    if (rc < 0) {
        TEST(same_snap(vm, x));
        if (s->refused == VM_REFUSE_TABLES) {
            TEST(lacked + 1 > vm->nframes - vm->table_frames);
            m->refused_tables++;
        }
        m->refused_swap += s->refused == VM_REFUSE_SWAP_FULL;
        return;
    }
    m->touched[pid - 1][addr / vm->page_size] = 1;
    walk_match(vm, p, s, x->ntp[pid - 1]);
    for (unsigned i = 0; i < s->ntables; i++) {
        m->table_victims += vm->walk.tvictim[i].evict != VM_EVICT_NONE;
        m->table_writebacks += vm->walk.tvictim[i].evict == VM_EVICT_WRITEBACK;
    }
    m->table_pages += s->ntables;
    VALID(vm);
    tables_match(vm, m, pid);
}

/* Picks an address of process pid in a space of `as` bytes: near one of a
 * few places most of the time (tables shared), anywhere else. */
static uint64_t pick_addr(uint64_t as, uint64_t *r)
{
    static const uint64_t places[] = {0, 5, 17, 300, 1000, 63};
    uint64_t pages = as / 64, v;

    if (rnd(r) % 4 == 0)
        v = rnd(r) % pages;
    else
        v = (places[rnd(r) % 6] + rnd(r) % 4) % pages;
    return v * 64 + rnd(r) % 64;
}

/* A workload of n steps (allocations, releases, accesses) on a memory of
 * shape sh, checked after each. */
static void random_workload(struct vm *vm, struct model *m, const struct shape *sh, size_t n,
                            uint64_t *r)
{
    for (size_t i = 0; i < n; i++) {
        int64_t pid = 1 + (int64_t)(rnd(r) % SNAP_PROCS);
        uint32_t c = (uint32_t)(rnd(r) % 100);
        struct snap x;
        struct vm_step s;
        uint64_t addr = pick_addr(sh->as, r);
        const struct vm_process *p = vm_find(vm, pid);
        take_snap(vm, &x);
        if (c < 2 && p) {
            TEST(vm_release(vm, pid, NULL) == 0);
            memset(m->touched[pid - 1], 0, sizeof m->touched[pid - 1]);
        } else if (c < 8) {
            uint64_t had = p ? p->bytes : 0, more = 1 + rnd(r) % (sh->as / 2);
            if (had + more <= sh->as && vm_alloc(vm, pid, more, NULL) < 0)
                TEST(same_snap(vm, &x) && (p || !vm_find(vm, pid)));
        } else if (p && addr / 64 < p->npages) {
            unsigned lacked = missing(vm, pid, (uint32_t)(addr / 64));
            int rc = vm_access(vm, pid, addr, rnd(r) % 3 == 0, &s, NULL);
            check_step(vm, m, &x, rc, &s, pid, addr, lacked);
            continue;
        }
        VALID(vm);
    }
}

/* Opt, whose future must be known: allocations first, then a run of
 * accesses, each checked. */
static void opt_workload(struct vm *vm, struct model *m, const struct shape *sh, size_t n,
                         uint64_t *r)
{
    struct vm_ref *refs = calloc(n, sizeof *refs);
    char err[200] = "";

    for (int64_t pid = 1; pid <= SNAP_PROCS; pid++)
        if (vm_alloc(vm, pid, sh->as / (uint64_t)pid, NULL) < 0)
            TEST(!vm_find(vm, pid));
    for (size_t i = 0; i < n; i++) {
        refs[i].pid = 1 + (int32_t)(rnd(r) % SNAP_PROCS);
        refs[i].addr = pick_addr(sh->as, r);
        refs[i].write = rnd(r) % 3 == 0;
    }
    TEST_MSG(vm_run_begin(vm, refs, n, err, sizeof err) == 0, err);
    while (vm->run.at < n) {
        const struct vm_ref *f = &refs[vm->run.at];
        const struct vm_process *p = vm_find(vm, f->pid);
        struct snap x;
        struct vm_step s;
        unsigned lacked =
            p && f->addr / 64 < p->npages ? missing(vm, f->pid, (uint32_t)(f->addr / 64)) : 0;
        int rc;
        take_snap(vm, &x);
        rc = vm_run_step(vm, &s, NULL);
        if (p && f->addr / 64 < p->npages)
            check_step(vm, m, &x, rc, &s, f->pid, f->addr, lacked);
    }
    vm_run_end(vm);
    free(refs);
}

/* Every policy, every shape, small memories (table pages crowd them), small
 * swap (refusals), the TLB on and off: checked after every step. */
static void test_random(void)
{
    struct model m;
    uint64_t r = 2026;

    memset(&m, 0, sizeof m);
    for (int pol = 0; pol < VM_NPOLICIES; pol++)
        for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++)
            for (int run = 0; run < 4; run++) {
                const struct shape *sh = &shapes[i];
                struct vm vm;
                uint32_t frames = 4 + (uint32_t)(rnd(&r) % 20);
                uint32_t slots = run % 2 ? 64 : (uint32_t)(rnd(&r) % 6);
                memset(m.touched, 0, sizeof m.touched);
                setup(&vm, frames, 64, slots, sh->as, sh->levels, sh->entry, (enum vm_policy)pol);
                if (run >= 2)
                    TEST(vm_set_tlb(&vm, 4, 2, run == 3, NULL) == 0);
                if (pol == VM_OPT)
                    opt_workload(&vm, &m, sh, 300, &r);
                else
                    random_workload(&vm, &m, sh, 400, &r);
                vm_free(&vm);
            }
    TEST(m.refused_tables > 0 && m.refused_swap > 0 && m.table_pages > 100);
    TEST(m.table_victims > 0 && m.table_writebacks > 0);
    printf("random workloads: %u table pages, %u of them evicting (%u written back), %u refused "
           "for tables, %u for swap\n",
           m.table_pages, m.table_victims, m.table_writebacks, m.refused_tables, m.refused_swap);
}

/* A memory rebuilt through the restore plays on exactly as the original:
 * every shape, every policy but opt (no run to restore). */
static void test_restore(void)
{
    uint64_t r = 77;

    for (int pol = 0; pol < VM_NPOLICIES; pol++)
        for (size_t i = 0; pol != VM_OPT && i < sizeof shapes / sizeof *shapes; i++) {
            const struct shape *sh = &shapes[i];
            struct vm a, b;
            struct model m;
            struct snap x, y;
            char err[200] = "";
            int diverged = 0;
            memset(&m, 0, sizeof m);
            setup(&a, 12, 64, 32, sh->as, sh->levels, sh->entry, (enum vm_policy)pol);
            random_workload(&a, &m, sh, 150, &r);
            TEST_MSG(vmr_copy(&a, &b, err, sizeof err) == 0, err);
            take_snap(&a, &x);
            take_snap(&b, &y);
            TEST(memcmp(&x, &y, sizeof x) == 0);
            for (int k = 0; k < 200; k++) {
                int64_t pid = 1 + (int64_t)(rnd(&r) % SNAP_PROCS);
                uint64_t addr = pick_addr(sh->as, &r);
                int w = rnd(&r) % 2;
                struct vm_step s, t;
                int ra = vm_access(&a, pid, addr, w, &s, NULL);
                int rb = vm_access(&b, pid, addr, w, &t, NULL);
                take_snap(&a, &x);
                take_snap(&b, &y);
                diverged += ra != rb || memcmp(&x, &y, sizeof x) != 0;
            }
            TEST_MSG(diverged == 0, vm_policy_name((enum vm_policy)pol));
            VALID(&b);
            vm_free(&a);
            vm_free(&b);
        }
}

/* A restore refuses a table page outside the shape, in a taken frame, or
 * twice; a linear table's pages are all restored or the check fails. */
static void test_restore_refusals(void)
{
    struct vm b;
    char err[200];

    setup(&b, 8, 64, 8, OSTEP_AS, 2, 4, VM_FIFO);
    vm_restore_begin(&b);
    TEST(vm_alloc(&b, 1, OSTEP_AS, NULL) == 0);
    TEST(vm_restore_table_page(&b, 2, 0, 0, 0, 0, err, sizeof err) == -1);  /* No P2. */
    TEST(vm_restore_table_page(&b, 1, 2, 0, 0, 0, err, sizeof err) == -1);  /* Level. */
    TEST(vm_restore_table_page(&b, 1, 0, 1, 0, 0, err, sizeof err) == -1);  /* Prefix. */
    TEST(vm_restore_table_page(&b, 1, 1, 16, 0, 0, err, sizeof err) == -1); /* Prefix. */
    TEST(vm_restore_table_page(&b, 1, 0, 0, 8, 0, err, sizeof err) == -1);  /* Frame. */
    TEST(vm_restore_table_page(&b, 1, 0, 0, 3, 0, err, sizeof err) == 0);
    TEST(vm_restore_table_page(&b, 1, 0, 0, 4, 0, err, sizeof err) == -1);  /* Twice. */
    TEST(vm_restore_table_page(&b, 1, 1, 15, 3, 0, err, sizeof err) == -1); /* Taken. */
    TEST(vm_restore_table_page(&b, 1, 1, 15, 5, 0, err, sizeof err) == 0);
    TEST(vm_restore_frame(&b, 5, 1, 255, VM_NONE, 1, 0, 1, 1, err, sizeof err) == -1);
    TEST(vm_restore_frame(&b, 6, 1, 255, VM_NONE, 1, 0, 1, 1, err, sizeof err) == 0);
    TEST(vm_restore_frame(&b, 7, 1, 3, VM_NONE, 1, 0, 2, 2, err, sizeof err) == 0);
    b.total.accesses = b.total.faults = b.total.zerofills = b.t = 2;
    b.procs[0].counts = b.total;
    /* Page 3 has no table page (PT 0): the check refuses. */
    TEST(vm_restore_done(&b, 0, err, sizeof err) == -1 && strstr(err, "without its table") != NULL);
    vm_free(&b);

    setup(&b, 20, 64, 8, OSTEP_AS, 1, 4, VM_FIFO);
    vm_restore_begin(&b);
    TEST(vm_alloc(&b, 1, 64, NULL) == 0 && b.table_frames == 0); /* Not placed. */
    for (uint32_t k = 0; k < 15; k++)
        TEST(vm_restore_table_page(&b, 1, 0, k, 19 - k, 0, err, sizeof err) == 0);
    TEST(vm_restore_table_page(&b, 1, 0, 16, 2, 0, err, sizeof err) == -1);
    TEST(vm_restore_done(&b, 0, err, sizeof err) == -1 && strstr(err, "linear") != NULL);
    vm_free(&b);
}

/* compare plays in private memories with the same shape: its faults are a
 * fresh memory's with the layer, not without it. */
static void test_compare(void)
{
    static const uint32_t vpns[] = {0, 1, 16, 17, 32, 0, 1, 48, 16, 2, 33, 0, 64, 1, 17};
    const enum vm_policy pols[] = {VM_FIFO, VM_LRU, VM_OPT};
    struct vm_ref refs[sizeof vpns / sizeof *vpns];
    uint64_t faults[3 * 5], plain[3 * 5];
    size_t n = sizeof vpns / sizeof *vpns;
    struct vm vm, off;
    char err[200] = "";
    int differs = 0;

    for (size_t i = 0; i < n; i++)
        refs[i] = (struct vm_ref){vpns[i] * 64, 1, 0, 0};
    setup_ostep(&vm, 8, 16, 2);
    TEST_MSG(vm_compare(&vm, refs, n, 4, 8, pols, 3, 1, 0, faults, err, sizeof err) == 0, err);
    TEST(vm_init(&off, 8, 64, 16, err, sizeof err) == 0 && vm_alloc(&off, 1, OSTEP_AS, NULL) == 0);
    TEST(vm_compare(&off, refs, n, 4, 8, pols, 3, 1, 0, plain, err, sizeof err) == 0);
    for (size_t p = 0; p < 3; p++)
        for (uint32_t f = 4; f <= 8; f++) {
            struct vm c;
            setup(&c, f, 64, 16, OSTEP_AS, 2, 4, pols[p]);
            TEST(vm_alloc_prot(&c, 1, OSTEP_AS, TLB_RWX, NULL) == 0);
            TEST(vm_run_begin(&c, refs, n, err, sizeof err) == 0);
            while (c.run.at < n)
                vm_run_step(&c, NULL, NULL);
            TEST(faults[p * 5 + (f - 4)] == c.total.faults);
            differs += faults[p * 5 + (f - 4)] != plain[p * 5 + (f - 4)];
            vm_free(&c);
        }
    TEST(differs > 0);
    vm_free(&vm);
    vm_free(&off);
    setup(&vm, 20, 64, 16, OSTEP_AS, 1, 4, VM_FIFO);
    TEST(vm_alloc(&vm, 1, 64, NULL) == 0);
    TEST(vm_compare(&vm, refs, n, 4, 8, pols, 1, 1, 0, faults, err, sizeof err) == -1);
    TEST_MSG(strstr(err, "linear page table") != NULL, err);
    vm_free(&vm);
}

int main(void)
{
    test_names();
    test_set();
    test_ostep_two_levels();
    test_ostep_linear();
    test_linear_alloc();
    test_x86_64_sparse();
    test_exhaustion();
    test_table_evicts();
    test_release();
    test_tlb();
    test_check();
    test_random();
    test_restore();
    test_restore_refusals();
    test_compare();
    return TEST_DONE();
}
