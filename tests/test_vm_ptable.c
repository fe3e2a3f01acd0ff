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

/* A copy of what a refused access must leave as it was. */
struct snap {
    struct vm_frame frames[16];
    struct vm_slot slots[16];
    struct vm_counts total;
    struct vm_walk walk;
    struct vm_tpage tp[16];
    uint32_t ntp, nfree, slots_used, table_frames, hand, resident, swapped;
    uint64_t t, tables_made, draws, epoch;
    uint32_t victim_frame;
    size_t order;
    uint32_t mem[16];
};

static void take_snap(const struct vm *vm, struct snap *x)
{
    const struct vm_process *p = vm_find(vm, 1);

    memset(x, 0, sizeof *x);
    memcpy(x->frames, vm->frames, vm->nframes * sizeof *vm->frames);
    memcpy(x->slots, vm->slots, vm->nslots * sizeof *vm->slots);
    memcpy(x->tp, p->tpages, p->ntpages * sizeof *p->tpages);
    x->ntp = p->ntpages;
    x->resident = p->resident;
    x->swapped = p->swapped;
    x->total = vm->total;
    x->walk = vm->walk;
    x->nfree = vm->nfree;
    x->slots_used = vm->slots_used;
    x->table_frames = vm->table_frames;
    x->hand = vm->hand;
    x->t = vm->t;
    x->tables_made = vm->tables_made;
    x->draws = vm->draws;
    x->epoch = vm->epoch;
    x->victim_frame = vm->victim_frame;
    x->order = vm_memory_order(vm, x->mem);
}

/* Returns 1 when vm is as x saw it. */
static int same_snap(const struct vm *vm, const struct snap *x)
{
    struct snap y;

    take_snap(vm, &y);
    return memcmp(x, &y, sizeof y) == 0;
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

int main(void)
{
    test_names();
    test_set();
    test_ostep_two_levels();
    test_ostep_linear();
    test_x86_64_sparse();
    test_exhaustion();
    test_table_evicts();
    return TEST_DONE();
}
