/* vm_impl.h: what the vm*.c files share and nothing else includes: the page
 * table's encoding, the access every entry point plays, and the policies'
 * interface (vm_policy.c). See vm.h. */
#ifndef MT_VM_IMPL_H
#define MT_VM_IMPL_H

#include "vm.h"

#define VM_CHUNK      (1u << VM_CHUNK_BITS)
#define VM_CHUNK_MASK (VM_CHUNK - 1u)

/* A page-table entry: 0 untouched, PTE_FRAME | frame resident, PTE_SLOT |
 * slot swapped. */
#define PTE_FRAME  0x80000000u
#define PTE_SLOT   0x40000000u
#define PTE_NUMBER 0x3fffffffu

#define VM_HEAP_ARITY 4u /* opt's heap: children a node (4 entries of 16 B, a cache line). */

/* VM_HOT marks a function of the access's path that must stay inlined in
 * it even when another caller (the page-table layer) calls it too; VM_COLD
 * one that must not be inlined into the path of the layer off. */
#if defined(__GNUC__)
#define VM_HOT  static inline __attribute__((always_inline))
#define VM_COLD static __attribute__((noinline))
#else
#define VM_HOT  static inline
#define VM_COLD static
#endif

/* A victim chosen, with what it takes to take the choice back. */
struct vm_choice {
    uint32_t frame;    /* The victim. */
    int undoable;      /* 1: the choice may be refused; the state below restores it. */
    uint32_t hand;     /* clock: the hand before the sweep ... */
    uint32_t cleared;  /* ... and the bits the sweep cleared from there. */
    double draw;       /* random: the random() drawn; ostep-clock: the last one. */
    uint32_t position; /* random, ostep-clock: the victim's place in load order. */
    uint64_t picks;    /* ostep-clock: pages picked (each a draw) ... */
    uint64_t decs;     /* ... and counters decremented. */
    uint64_t draws;    /* vm->draws before the choice. */
};

/* Returns a pointer to the entry of page `page` of p, or NULL when its
 * chunk was never touched (the entry is then 0, untouched). */
static inline uint32_t *vm_pte_at(const struct vm_process *p, uint32_t page)
{
    uint32_t *c = p->dir[page >> VM_CHUNK_BITS];

    return c ? &c[page & VM_CHUNK_MASK] : NULL;
}

/* Asks the processor to fetch the cache line at p; changes nothing. */
static inline void vm_prefetch(const void *p)
{
#if defined(__GNUC__)
    __builtin_prefetch(p);
#else
    (void)p;
#endif
}

/* Returns the index of process pid in vm->procs, or vm->nprocs. */
size_t vm_proc_index(const struct vm *vm, int64_t pid);

/* vm_alloc without the address-space layer's protection runs: the pages and
 * the note only (vm.c). vm_alloc and vm_alloc_prot (vm_prot.c) call it. */
int vm_alloc_raw(struct vm *vm, int64_t pid, uint64_t bytes, struct note *n);

/* With the address-space layer on: refuses an access of kind `kind` to addr by
 * p (page `page`, below p->npages unless the address is outside the space)
 * that is outside the address space or that the page's protection forbids,
 * counting a protection fault; fills s->refused and n. Returns 0 when the
 * access may go on, -1 when refused (vm_prot.c). */
int vm_prot_refuse(struct vm *vm, struct vm_process *p, uint64_t addr, int kind, struct vm_step *s,
                   struct note *n);

/* Plays one access (vm_access's contract, without its run and OPT checks);
 * in a run, vm->run.at is the reference played. */
int vm_play(struct vm *vm, int64_t pid, uint64_t addr, int kind, struct vm_step *out,
            struct note *n);

/* With the TLB on: looks up the page of access s (its pid, page and frame
 * set; a fault already played), and on a miss invalidates the fault's
 * victim's entry and inserts the page's; fills s->tlb ... (vm_tlb.c). */
void vm_tlb_play(struct vm *vm, struct vm_step *s);

/* The fault path's parts (vm_access.c), for the page-table layer:
 * vm_take_frame takes the lowest free frame (vm->nfree > 0); vm_evict evicts
 * the page in frame f, the policy's victim (written back when dirty), into
 * s's victim fields and vm's last victim; vm_fault plays a fault on page
 * `page` of p (entry *e, not resident): returns 0, or -1 (swap full) with
 * nothing changed. */
uint32_t vm_take_frame(struct vm *vm);
void vm_evict(struct vm *vm, uint32_t f, struct vm_step *s);
int vm_fault(struct vm *vm, struct vm_process *p, uint32_t page, uint32_t *e, struct vm_step *s,
             struct note *n);

/* The page-table layer (vm_ptable.c). vm_ptable_fault is vm_fault with the
 * layer on: the table pages page `page` lacks, then the page (refused with
 * VM_REFUSE_TABLES, swap full or out of memory, nothing changed; s->ntables
 * and vm->walk.tvictim set). vm_ptable_walk fills vm->walk and s->walked for
 * access s (played, TLB looked up). vm_ptable_linear places the linear table
 * of new process p at its first allocation: 0, or -1 with the reason in n
 * and nothing changed. vm_ptable_release frees p's table frames and its
 * table-page array (which may be allocated and empty) and returns how many
 * frames. vm_ptable_respace remakes the shape for an address space of
 * as_bytes: 0, or -1 (0 bytes, a shape pts_make refuses) with n, unchanged. */
int vm_ptable_fault(struct vm *vm, struct vm_process *p, uint32_t page, uint32_t *e,
                    struct vm_step *s, struct note *n);
void vm_ptable_walk(struct vm *vm, const struct vm_process *p, struct vm_step *s);
int vm_ptable_linear(struct vm *vm, struct vm_process *p, struct note *n);
uint32_t vm_ptable_release(struct vm *vm, struct vm_process *p);
int vm_ptable_respace(struct vm *vm, uint64_t as_bytes, struct note *n);

/* Returns the prefix of the table page at `level` on vpn's path (shape s;
 * a linear table: the table page holding vpn's entry). */
uint32_t vm_ptable_prefix(const struct pts *s, unsigned level, uint64_t vpn);

/* Makes room in p->tpages for `more` table pages. Returns 0 or -1 (out of
 * memory), p unchanged. */
int vm_ptable_reserve(struct vm_process *p, uint32_t more);

/* Puts table page (level, prefix) of p in frame f (free, not yet counted
 * out of vm->nfree), allocated at t; room reserved. */
void vm_ptable_put(struct vm *vm, struct vm_process *p, unsigned level, uint32_t prefix, uint32_t f,
                   uint64_t t);

/* The policies (vm_policy.c). vmp_alloc makes the arrays policy p needs for
 * vm's frames into o (zeroed first). Returns 0 or -1 (out of memory) with o
 * empty. vmp_free_order frees them. */
int vmp_alloc(const struct vm *vm, enum vm_policy p, struct vm_order *o);
void vmp_free_order(struct vm_order *o);

/* Rebuilds the order of the resident frames from their times (load order,
 * or last use for lru and mru) and, under opt, the heap with every next use
 * unknown (VM_RUN_MAX). Returns 0 or -1 (out of memory) with nothing
 * changed. */
int vmp_rebuild(struct vm *vm);

/* Frame f was just loaded / hit / is leaving memory (evicted or freed). */
void vmp_load(struct vm *vm, uint32_t f);
void vmp_hit(struct vm *vm, uint32_t f);
void vmp_remove(struct vm *vm, uint32_t f);

/* Chooses a victim among the full memory into c (c->undoable set by the
 * caller when the choice may be refused); vmp_undo takes it back. */
void vmp_choose(struct vm *vm, struct vm_choice *c);
void vmp_undo(struct vm *vm, const struct vm_choice *c);

/* lru, mru: returns 1 when entry u of the queue of uses is live (its frame
 * holds a page last used at u->t), 0 when stale. */
int vmp_use_live(const struct vm *vm, const struct vm_use *u);

/* Writes the resident frames into out in OSTEP's memory order (see
 * vm_memory_order). Returns how many. */
size_t vmp_walk(const struct vm *vm, uint32_t *out);

/* random, ostep-clock: returns the load sequence position of the k-th
 * (from 0) resident frame in load order; capseq when k >= the resident. */
uint32_t vmp_kth(const struct vm_order *o, uint32_t k);

/* Writes why c->frame is the victim into n->why (n not NULL). */
void vmp_explain(const struct vm *vm, const struct vm_choice *c, struct note *n);

/* opt: sets the frames' next uses from the run's first references and
 * rebuilds the heap. first(pid, page) gives the first reference to a page in
 * the run, or run.n. */
void vmp_opt_begin(struct vm *vm, uint32_t (*first)(void *ctx, int32_t pid, uint32_t page),
                   void *ctx);

#endif
