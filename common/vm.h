/* vm.h: virtual memory: demand paging, page faults, swap and page
 * replacement, exact to OSTEP's paging-policy.py.
 *
 * The model. Physical memory is `nframes` frames of `page_size` bytes (the
 * limits of struct paging: pg_check_settings). Swap is `nslots` slots of one
 * page each; the default (VM_SWAP_DEFAULT) is 4 slots a frame, so a class can
 * write to a working set several times memory before swap runs out, and a
 * full swap is reached only on purpose (swap=SLOTS; 0 is allowed: then a
 * dirty page can never leave memory). vm_alloc gives a process virtual
 * pages, none resident. Each page is in one of three states:
 *   untouched  never loaded, or clean and never written: its contents are
 *              zeros, and its first touch zero-fills a frame;
 *   resident   in frame F (it may also keep a swap slot S from an earlier
 *              write-back: the frame names it in vm_frame.slot);
 *   swapped    not resident, its contents in swap slot S.
 * A page keeps its swap slot, once it has one, until its process is
 * released.
 *
 * An access (vm_access, or vm_run_step in a run) at time t = the access's
 * number (1 for the first) splits the address into page and offset. A page
 * past the process's last page is a segmentation fault, and an unknown
 * process an error: both refused, nothing changed (nor t). With a TLB on
 * (vm_set_tlb, below) the TLB is looked up first. A resident page
 * is a hit. Otherwise it is
 * a fault: the lowest free frame is taken if there is one; if not, the
 * policy chooses a victim among ALL resident pages (replacement is global
 * across processes) and evicts it:
 *   dirty                 written back to its swap slot, taking the lowest
 *                         free slot if it has none (a write-back);
 *   clean, with a slot    dropped: its swap copy is still valid;
 *   clean, without one    dropped back to untouched: it was never written,
 *                         so the next touch zero-fills it again.
 * A dirty victim without a slot when swap is full refuses the whole access
 * (all-or-nothing: the policy's choice, its generator, bits and hand are
 * left as they were) and the note says why. The page is then loaded: from
 * its swap slot (a swap-in) or zero-filled (a zero-fill); it is loaded clean.
 * Every access then sets the frame's last-used time, its reference bit (the
 * hardware's R; only clock clears it) and, for a write, its dirty bit.
 *
 * The policies. Each keeps OSTEP's `memory` list (in the order OSTEP prints
 * it; vm_memory_order) with O(1) or O(log n) work per access (clock's sweep
 * is O(1) amortized: each bit it clears was set by an access; so are the
 * compactions of the queue the policies but random and ostep-clock keep:
 * each entry dropped was written by a load or an access; ostep-clock's
 * search, like OSTEP's, draws until it finds a counter at 0):
 *   fifo         victim = the earliest loaded (hits do not move pages).
 *   lru          victim = the least recently used (a hit moves the page to
 *                the most recent end, as OSTEP's memory.remove/append).
 *   mru          victim = the most recently used, OSTEP's MRU: the end a
 *                hit or a load just put a page at.
 *   opt          victim = the page used farthest in the future (Belady).
 *                It needs the future, so it runs only in a run (vm_run_*);
 *                a lone vm_access is refused. Pages never used again are
 *                farthest of all; among them OSTEP's loop (its memory in load
 *                order, compared with >=) takes the LAST in load order, so
 *                memtrack takes the most recently loaded of them
 *                (tests/data/ostep/paging-policy/opt.txt has such ties).
 *   clock        the textbook clock: one reference bit a frame, frames in a
 *                circle in frame order, a hand that stays where it was
 *                between faults. On a fault with no free frame the hand
 *                sweeps from where it is, clearing set bits, and stops at the
 *                first frame whose bit is clear: the victim; the new page goes
 *                there and the hand moves one past it. A loaded page starts
 *                with its bit SET (the access that faulted references it).
 *                Free frames are taken lowest first without moving the hand.
 *                (7,0,1,2,0,3,0,4,2,3,0,3,2,1,2,0,1,7,0,1 with 3 frames: 14
 *                faults, worked by hand in tests/test_vm.c.)
 *   random       OSTEP's RAND: victim = memory[int(random() * count)] with
 *                memory in load order and Python's random seeded with SEED.
 *   ostep-clock  OSTEP's CLOCK, which is not the textbook clock: a counter
 *                per page (vm_frame.ref), set to 1 when the page is loaded
 *                (even with BITS 0, as OSTEP does), incremented on every
 *                later access and capped at BITS (OSTEP's -b); the victim
 *                search picks memory[int(random() * count)] (load order) again
 *                and again, decrementing counters of 1 or more, until it picks
 *                a page whose counter is 0. Seeded as random.
 * random() is Python's random.random() after random.seed(SEED) (pyrand.h),
 * so memtrack and `paging-policy.py -s SEED` choose the same victims.
 *
 * Every action is all-or-nothing: it returns 0, or -1 with the reason in the
 * note (or err) and nothing changed. A NULL note skips all text formatting
 * (a trace replays millions of accesses). struct vm owns every array it
 * points to (free with vm_free), except the references of a run, which the
 * caller keeps until vm_run_end. Callers read the structs; they change them
 * only through these functions (and the restore functions below). Nothing
 * here prints or exits.
 */
#ifndef MT_VM_H
#define MT_VM_H

#include <stddef.h>
#include <stdint.h>

#include "note.h"
#include "ptshape.h"
#include "tlb.h"

#define VM_MAX_SWAP       16777216u   /* Most swap slots: 2^24, 4 x PG_MAX_FRAMES. */
#define VM_SWAP_PER_FRAME 4u          /* The default swap: this many slots a frame. */
#define VM_MAX_PAGES      4294967295u /* Most virtual pages of one process (pages fit uint32_t). */
#define VM_MAX_BITS       255u        /* Most ostep-clock BITS. */
#define VM_RECENT         32u         /* Accesses kept in vm.recent. */
#define VM_RUN_MAX        4294967294u /* Most references in one run. */
#define VM_NONE           UINT32_MAX  /* No frame, no slot. */
#define VM_CHUNK_BITS     12u         /* A page table is allocated 2^12 entries at a time. */
#define VM_TLB_NS         1u   /* Default TLB lookup time (ns), for the effective access time. */
#define VM_MEM_NS         100u /* Default memory access time (ns). */
#define VM_MAX_NS         1000000u /* Longest latency either may be set to (ns). */

/* Returns the default swap for nframes frames: VM_SWAP_PER_FRAME slots a
 * frame, at most VM_MAX_SWAP. */
#define VM_SWAP_DEFAULT(nframes)                                                                   \
    ((uint64_t)(nframes)*VM_SWAP_PER_FRAME > VM_MAX_SWAP ? (uint64_t)VM_MAX_SWAP                   \
                                                         : (uint64_t)(nframes)*VM_SWAP_PER_FRAME)

enum vm_policy { VM_FIFO, VM_LRU, VM_OPT, VM_MRU, VM_CLOCK, VM_RANDOM, VM_OSTEP_CLOCK };
#define VM_NPOLICIES 7

enum vm_page_state { VM_UNTOUCHED, VM_RESIDENT, VM_SWAPPED };

/* Where a faulting page came from. */
enum vm_load { VM_LOAD_NONE, VM_LOAD_ZERO, VM_LOAD_SWAP };

/* What happened to the victim of a fault. */
enum vm_evict {
    VM_EVICT_NONE,      /* No victim: a free frame was taken (or a hit). */
    VM_EVICT_WRITEBACK, /* Dirty: written back to swap slot victim_slot. */
    VM_EVICT_DROP,      /* Clean, its copy in swap slot victim_slot still valid. */
    VM_EVICT_ZERO       /* Clean and never written: back to untouched. */
};

/* Why an access was refused. */
enum vm_refusal {
    VM_OK,
    VM_REFUSE_PID,       /* Not a valid process id, or no such process. */
    VM_REFUSE_SEGV,      /* Page past the process's last page: a segmentation fault. */
    VM_REFUSE_SWAP_FULL, /* A dirty victim with no swap slot, and swap is full. */
    VM_REFUSE_OPT,       /* OPT outside a run: it needs the future. */
    VM_REFUSE_RUN,       /* A lone vm_access while a run is in progress. */
    VM_REFUSE_NOMEM,     /* Out of memory for the page table. */
    VM_REFUSE_RANGE,     /* At or past the end of the address space (vm_set_address_space). */
    VM_REFUSE_PROT,      /* The page's protection forbids the access: a protection fault. */
    VM_REFUSE_TABLES     /* Page-table layer: not enough frames that are not table frames
                            for the table pages and the page this access needs. */
};

/* The kind of an access: vm_access's `kind`. */
enum vm_kind {
    VM_READ = 0,  /* A load. */
    VM_WRITE = 1, /* A store: sets the dirty bit. */
    VM_EXEC = 2   /* An instruction fetch: a read of an executable page (address-space layer
                     on; with it off, a read). */
};

/* Counters, of one process or of all. accesses = hits + faults and faults =
 * zerofills + swapins always. A process counts the evictions and
 * write-backs of its own pages, whoever faulted. The totals (vm.total) keep
 * counting what released processes did. */
struct vm_counts {
    uint64_t accesses, hits, faults;
    uint64_t evictions;  /* Pages evicted from frames. */
    uint64_t writebacks; /* Evictions that wrote a dirty page to swap. */
    uint64_t zerofills;  /* Faults that zero-filled a frame. */
    uint64_t swapins;    /* Faults that read the page from swap. */
};

struct vm_frame {
    int32_t pid;     /* Owning process, 0 when free. */
    uint32_t page;   /* Its page held here; a table frame: its table page's prefix (below). */
    uint32_t slot;   /* Swap slot that page keeps, or VM_NONE. */
    uint8_t ref;     /* Reference bit (0/1); under ostep-clock OSTEP's counter. */
    uint8_t dirty;   /* Written since it was loaded. */
    uint8_t table;   /* 0: a data page; k + 1: a page of pid's page table at level k (the
                        page-table layer, below): pinned, never a victim, ref and dirty 0,
                        slot VM_NONE, loaded = used = when it was allocated. */
    uint64_t loaded; /* Time it was loaded. */
    uint64_t used;   /* Time it was last accessed. */
};

/* A swap slot. */
struct vm_slot {
    int32_t pid;   /* Owning process, 0 when free. */
    uint32_t page; /* Its page whose copy is here. */
};

struct vm_process {
    int32_t pid;                 /* 1 .. PG_MAX_PID. */
    uint64_t bytes;              /* Bytes asked for in all its allocations. */
    uint32_t npages;             /* ceil(bytes / page_size): virtual pages 0 .. npages-1. */
    uint32_t resident;           /* Of them, in frames now. */
    uint32_t swapped;            /* Of them, in swap and not resident. */
    struct vm_counts counts;     /* Its accesses, hits, faults, ... */
    uint32_t **dir;              /* Page table, in chunks of 2^VM_CHUNK_BITS entries, NULL until
                                    one is touched; read it with vm_page_state / vm_next_touched. */
    uint32_t ndir;               /* Entries in dir. */
    struct vm_prot_run *prot;    /* Address-space layer on: the protection of its pages, runs in
                                    page order covering exactly 0 .. npages-1 (owned); else NULL. */
    uint32_t nprot, capprot;     /* Runs held, capacity. */
    uint64_t protfaults;         /* Protection faults it made (refused accesses). */
    struct vm_tpage *tpages;     /* Page-table layer on: its table pages allocated so far, sorted
                                    by (level, prefix) (owned); else NULL. */
    uint32_t ntpages, captpages; /* Table pages held, capacity. */
};

/* A page of a process's page table (the page-table layer): the table page
 * at level `level` (0 the top, the page directory) that maps the virtual
 * pages whose VPN >> pts.shift[level] ... is `prefix`: prefix = VPN >>
 * (pts.shift[level] + pts.bits[level]) (0 for the top page and for every
 * page of a linear table, whose pages are numbered by `prefix` = 0, 1, ...
 * ceil(2^v * entry / page) - 1 instead). It lives in frame `frame`. */
struct vm_tpage {
    uint32_t prefix;
    uint8_t level;
    uint32_t frame;
};

/* A run of pages with one protection: pages first .. first+npages-1. */
struct vm_prot_run {
    uint32_t first;
    uint32_t npages;
    uint8_t prot; /* TLB_R | TLB_W | TLB_X bits (tlb.h). */
};

/* A frame taken for a table page, and what was in it (vm_step.tvictim). */
struct vm_evicted {
    uint32_t frame;     /* The frame the table page took. */
    uint8_t level;      /* The table page's level. */
    uint8_t evict;      /* enum vm_evict: VM_EVICT_NONE (it was free) or what happened to ... */
    int32_t victim_pid; /* ... the data page it evicted, ... */
    uint32_t victim_page;
    uint32_t victim_slot; /* ... and its slot (WRITEBACK, DROP), else VM_NONE. */
};

/* The page-table walk of the last access that was not refused (vm.walk):
 * kept once, not in every step, so that a step stays small. */
struct vm_walk {
    uint64_t t;                     /* The access's time; 0: none yet (or the layer off). */
    unsigned levels;                /* Levels read (vm_step.walked); 0: a TLB hit read none. */
    uint32_t frame[PTS_MAX_LEVELS]; /* The frame of the table page read at each level, top
                                       first (frame[0]: the page-directory base register); a
                                       linear table: frame[0], the table page holding the entry. */
    uint64_t index[PTS_MAX_LEVELS]; /* The index read in each (pts_split). */
    unsigned ntables;               /* Table pages the access allocated, top first: */
    struct vm_evicted tvictim[PTS_MAX_LEVELS]; /* their frames, and what each evicted. */
};

/* One access and what it did: vm_access's result, and vm.recent's entries. */
struct vm_step {
    uint64_t t;           /* Time: the access's number, 1 for the first. */
    int32_t pid;          /* Who accessed. */
    uint32_t page;        /* addr / page_size. */
    uint64_t addr;        /* The virtual address. */
    uint8_t write;        /* 1 for a write, 0 for a read. */
    uint8_t hit;          /* 1 for a hit, 0 for a fault. */
    uint8_t load;         /* enum vm_load: on a fault, zero-fill or swap-in. */
    uint8_t evict;        /* enum vm_evict: what happened to the victim. */
    uint8_t refused;      /* enum vm_refusal: VM_OK, or why vm_access returned -1. */
    uint8_t tlb;          /* enum tlb_result: TLB_NONE when the TLB is off (vm_tlb.c). */
    uint8_t tlb_switch;   /* 1: a context switch without ASIDs flushed the TLB first. */
    uint8_t exec;         /* 1 for an instruction fetch (VM_EXEC with the layer on). */
    uint32_t frame;       /* The frame that holds the page now. */
    uint32_t slot;        /* VM_LOAD_SWAP: the slot read; else VM_NONE. */
    int32_t victim_pid;   /* The victim's process, 0 when none. */
    uint32_t victim_page; /* The victim's page. */
    uint32_t victim_slot; /* WRITEBACK, DROP: the victim's slot; else VM_NONE. */
    uint32_t tlb_way;     /* The way of the page's set that hit or that the miss filled. */
    int32_t tlb_vpid;     /* A miss's insert evicted this process's ... */
    uint32_t tlb_vpage;   /* ... page's entry; tlb_vpid 0 when it evicted none. */
    uint8_t walked;       /* Page-table layer on and the walk made (no TLB, or a TLB miss):
                             the levels read, else 0 (vm.walk holds the last access's walk). */
    uint8_t ntables;      /* Table pages this access allocated (vm.walk.tvictim). */
};

/* One reference of a run: an access of addr by pid. */
struct vm_ref {
    uint64_t addr;
    int32_t pid;
    uint8_t write; /* 1 for a write. */
    uint8_t exec;  /* 1 for an instruction fetch (write then 0). */
};

/* A run in progress: references whose future is known (internal but readable:
 * the status file shows the rest of the string under OPT). */
struct vm_run {
    const struct vm_ref *refs; /* The caller's, borrowed until vm_run_end. */
    size_t n;                  /* Number of references. */
    size_t at;                 /* Index of the next reference vm_run_step plays. */
    uint32_t *next;            /* Owned, opt only (else NULL): next[i], the index of the next
                                  reference to the same page after i, or n if none. */
    int active;                /* 1 between vm_run_begin and vm_run_end. */
};

struct pyrand; /* Python's random generator (pyrand.h). */

/* An entry of a policy's queue: frame f, loaded (or, for lru and mru,
 * used) at time t. */
struct vm_use {
    uint64_t t;
    uint32_t f;
};

/* A frame in opt's heap with what orders it: its next use (a vm_run.next
 * index) and its load time. */
struct vm_heap {
    uint64_t loaded;
    uint32_t key;
    uint32_t f;
};

/* The policies' own bookkeeping: internal, kept by vm_policy.c. */
struct vm_order {
    struct vm_use *use;      /* All but random and ostep-clock: a queue, oldest first
                                (use[ulo .. uhi-1]), of every load (fifo, opt, clock) or every
                                access (lru, mru) since it was last compacted. An entry is live
                                while its frame holds a page loaded (used) at its t; the live
                                ones are the resident frames in OSTEP's list order. */
    uint32_t ulo, uhi, ucap; /* The queue's span and capacity (compacted when full). */
    struct vm_heap *heap;    /* opt: a 4-ary max-heap of frames by (next use, load time),
                                each sibling group of 4 in one cache line ... */
    void *heap_mem;          /* ... inside this allocation (owned); */
    uint32_t *heap_at;       /* opt: a frame's place in heap. */
    uint32_t nheap;
    uint64_t *bits;        /* random, ostep-clock: a bit per load sequence position, set
                              while its frame is resident ... */
    uint32_t *fen;         /* ... and a Fenwick tree of the bits set per block of 512
                              positions (one cache line of bits), to find the k-th. */
    uint32_t *seq_frame;   /* Sequence position -> frame (VM_NONE when gone): the resident
                              frames in load order, OSTEP's list. */
    uint32_t *frame_seq;   /* Frame -> its sequence position. */
    uint32_t nseq, capseq; /* Positions used, capacity (compacted when full). */
    uint32_t nblk;         /* Blocks of 512 positions: capseq / 512. */
    int ahead;             /* random: 1 when the next draw's place is known ... */
    uint32_t ahead_k;      /* ... for this draw, int(random() x count), ... */
    uint32_t ahead_pos;    /* ... at this position (until something is removed). */
    uint32_t *undo;        /* ostep-clock: frames whose counter a choice that may yet be
                              refused (swap full) decremented, to restore them ... */
    uint8_t *undo_val;     /* ... to these values; */
    uint8_t *undo_mark;    /* 1 for a frame in undo[]. */
    uint32_t nundo;
};

struct vm {
    uint32_t nframes;                 /* Frames. */
    uint64_t page_size;               /* Bytes a page, a power of two. */
    int page_shift;                   /* log2(page_size). */
    uint32_t nslots;                  /* Swap slots. */
    uint32_t slots_used;              /* Slots holding a page. */
    uint32_t nfree;                   /* Free frames. */
    enum vm_policy policy;            /* The replacement policy. */
    uint64_t seed;                    /* random, ostep-clock: the seed. */
    unsigned bits;                    /* ostep-clock: BITS, the counters' cap. */
    struct pyrand *rng;               /* random, ostep-clock: the generator and a copy to restore
                                         a refused choice (2, owned), else NULL. */
    uint64_t draws;                   /* random() calls since it was seeded: a saved memory
                                         resumes the generator by drawing as many. */
    struct vm_frame *frames;          /* nframes entries. */
    struct vm_slot *slots;            /* nslots entries. */
    struct vm_process *procs;         /* Sorted by pid. */
    size_t nprocs, capprocs;          /* Processes held, capacity of procs. */
    uint32_t hand;                    /* clock: the frame the hand points at (< nframes). */
    struct vm_counts total;           /* Counters of all processes, ever. */
    uint64_t t;                       /* Time of the last access (= total.accesses). */
    uint64_t epoch;                   /* t when frames last changed other than by an access
                                         (vm_release freed one, vm_set_policy capped a counter;
                                         0 if never): recent's steps with t > epoch alone
                                         took the frames to what they are now. */
    struct vm_step recent[VM_RECENT]; /* The last accesses: the i-th most recent (i from 0) is
                                         recent[(t - 1 - i) % VM_RECENT], for i < min(t, 32). */
    uint32_t victim_frame;            /* Frame of the last eviction, VM_NONE when none yet. */
    int32_t victim_pid;               /* Whose page it evicted, and which. */
    uint32_t victim_page;
    struct vm_run run;     /* The run in progress, if any. */
    struct vm_order order; /* The policy's bookkeeping (internal). */
    uint32_t free_lo;      /* Internal: every frame below it is in use. */
    uint32_t slot_lo;      /* Internal: every slot below it is in use. */
    size_t last_proc;      /* Internal: index of the process found last. */
    struct tlb *tlb;       /* The TLB (owned), NULL when off: vm_set_tlb, vm_tlb_off. */
    uint32_t tlb_ns;       /* With the TLB on: its lookup time and ... */
    uint32_t mem_ns;       /* ... a memory access's, in ns (vm_set_latency). */
    uint64_t as_bytes;     /* Address-space layer: each process's virtual address space, a
                              power of two (vm_set_address_space); 0 when the layer is off. */
    uint64_t protfaults;   /* Protection faults of all processes, ever. */
    unsigned pt_levels;    /* Page-table layer: 0 off (tables take no frames), 1 linear,
                              2 .. PTS_MAX_LEVELS levels (vm_set_page_table). */
    struct pts pts;        /* Page-table layer on: the tables' shape (ptshape.h). */
    uint32_t table_frames; /* Frames holding table pages now, of all processes. */
    uint64_t tables_made;  /* Table pages ever allocated (released ones counted). */
    struct vm_walk walk;   /* Page-table layer on: the last access's walk. */
    uint8_t restoring;     /* 1 from vm_restore_begin to vm_restore_done (internal). */
};

/* Parses a policy name: "fifo", "lru", "opt", "mru", "clock", "random",
 * "ostep-clock". Returns 0 and sets *out, or -1. */
int vm_policy_parse(const char *s, enum vm_policy *out);
/* Returns the policy's name, as vm_policy_parse reads it. */
const char *vm_policy_name(enum vm_policy p);

/* Makes an empty virtual memory of nframes frames of page_size bytes
 * (pg_check_settings' limits) and nslots swap slots (0 .. VM_MAX_SWAP; see
 * VM_SWAP_DEFAULT), policy fifo. Returns 0, or -1 with the reason in err and
 * *vm untouched. Free with vm_free. */
int vm_init(struct vm *vm, uint64_t nframes, uint64_t page_size, uint64_t nslots, char *err,
            size_t errlen);

/* Releases everything vm owns and zeroes it. Safe on a zeroed struct. */
void vm_free(struct vm *vm);

/* Sets the replacement policy. seed is used by random and ostep-clock (the
 * generator restarts from it), bits (0 .. VM_MAX_BITS) by ostep-clock. The
 * resident pages stay, with their bits; the policy's order is rebuilt from
 * the frames' times (load order, or last use for lru and mru; ostep-clock
 * counters above bits are capped, and when one is, vm.epoch becomes vm.t).
 * Returns 0, or -1 (bits out of range, a
 * run in progress, out of memory) with nothing changed. */
int vm_set_policy(struct vm *vm, enum vm_policy policy, uint64_t seed, unsigned bits,
                  struct note *n);

/* Gives process pid `bytes` more bytes of virtual memory (a new process
 * when pid is unknown): ceil(bytes / page_size) pages in all, the new ones
 * untouched, none resident. Returns 0, or -1 (bad pid or size, more than
 * VM_MAX_PAGES pages, a run in progress, out of memory) with nothing
 * changed. */
int vm_alloc(struct vm *vm, int64_t pid, uint64_t bytes, struct note *n);

/* Frees every frame and swap slot of process pid and forgets it (vm.total
 * keeps its counts); when it freed a frame, vm.epoch becomes vm.t. Returns 0, or -1 (no such
 * process, a run in progress). */
int vm_release(struct vm *vm, int64_t pid, struct note *n);

/* One access of virtual address addr by process pid, of kind `kind` (enum
 * vm_kind; 0 a read, 1 a write). With the address-space layer on it is
 * refused (and nothing changed but the protection-fault counters) at or past
 * the end of the address space, or as a protection fault when the page's
 * protection forbids it (vm_prot.c). Returns 0 with what happened in *out (if not NULL) and the
 * note, or -1 with out->refused saying why (segmentation fault, swap full, OPT outside a run, a run
 * in progress) and nothing else changed. */
int vm_access(struct vm *vm, int64_t pid, uint64_t addr, int kind, struct vm_step *out,
              struct note *n);

/* A run: references whose future is known, for refs and trace, and the only
 * way OPT runs. Under opt (the policy is set before a run and cannot change
 * during one), vm_run_begin computes, for each reference, when its page is
 * used next (O(n), memory for n + the distinct pages); the other policies
 * need no future and skip it (vm_run.next stays NULL). refs must stay valid
 * and unchanged until vm_run_end. Returns 0, or -1 (n over VM_RUN_MAX, a run
 * already in progress, out of memory) with nothing changed. */
int vm_run_begin(struct vm *vm, const struct vm_ref *refs, size_t n, char *err, size_t errlen);

/* Plays reference vm->run.at and moves past it, whatever the outcome.
 * Returns what vm_access returns for it (a refused reference changes nothing
 * but vm->run.at), or -1 with out->refused = VM_REFUSE_RUN when no run is in
 * progress or every reference was played. */
int vm_run_step(struct vm *vm, struct vm_step *out, struct note *n);

/* Ends the run (played to the end or not), freeing what vm_run_begin made.
 * Safe when no run is in progress. */
void vm_run_end(struct vm *vm);

/* Returns the process with this pid, or NULL. */
const struct vm_process *vm_find(const struct vm *vm, int64_t pid);

/* Returns the state of page `page` of p (page < p->npages) and sets *where
 * to its frame (VM_RESIDENT), its slot (VM_SWAPPED) or VM_NONE. */
enum vm_page_state vm_page_state(const struct vm_process *p, uint32_t page, uint32_t *where);

/* Returns the first page >= from of p that is not untouched, or p->npages
 * if none; skips untouched chunks at once (large sparse address spaces). */
uint32_t vm_next_touched(const struct vm_process *p, uint32_t from);

/* Writes the resident frames into out (room for vm->nframes) in OSTEP's
 * memory order, left to right as paging-policy.py prints it: fifo, opt,
 * random, ostep-clock and clock in load order; lru and mru from least to
 * most recently used. Returns how many. */
size_t vm_memory_order(const struct vm *vm, uint32_t *out);

/* Checks every invariant: frames and page tables agree (each resident page
 * in exactly one frame and that frame names it), free frames and nfree,
 * swap slots held by exactly the pages that name them and slots_used, the
 * hand inside memory, the epoch not after the time, the policy's order
 * holding exactly the resident frames, per-process resident and swapped counts, and the counters
 * adding up (accesses = hits + faults = ..., per process and in all, totals at least the sum of the
 * processes'). Returns 0, or -1 with what is wrong in err. O(frames + slots + touched pages). */
int vm_check(const struct vm *vm, char *err, size_t errlen);

/* Checks the last victim (vm.victim_*) against vm.recent: the latest of
 * the kept accesses that evicted a page names it (the frame it took, the
 * process and page it evicted); when none of them evicted and every access
 * is kept (t <= VM_RECENT), there is none (victim_frame VM_NONE). Only an
 * access sets it; a release or a policy change leaves it as it was.
 * Separate from vm_check because a restore sets vm.recent after
 * vm_restore_done. Returns 0, or -1 with what is wrong in err. O(VM_RECENT). */
int vm_check_victim(const struct vm *vm, char *err, size_t errlen);

/* Faults of each policy at each frame count from frames_lo to frames_hi,
 * each from an empty memory with vm's page size, swap size and processes
 * (their sizes, none of their pages touched), playing refs as a run.
 * random and ostep-clock start from seed, ostep-clock with bits. Writes
 * faults[p * (frames_hi - frames_lo + 1) + (frames - frames_lo)] for the
 * p-th of policies[0 .. npolicies-1]; refused references are not faults.
 * vm is not changed. Returns 0, or -1 (bad range or bits, out of memory)
 * with the reason in err. */
int vm_compare(const struct vm *vm, const struct vm_ref *refs, size_t n, uint32_t frames_lo,
               uint32_t frames_hi, const enum vm_policy *policies, size_t npolicies, uint64_t seed,
               unsigned bits, uint64_t *faults, char *err, size_t errlen);

/* Belady's anomaly in one row of a compare table: returns the index k of the
 * first count with faults[k + 1] > faults[k] (more frames, more faults), or
 * -1 when the row never rises. */
long vm_belady(const uint64_t *faults, size_t ncounts);

/* Rebuilding a saved memory (for the status file's reader), after vm_init,
 * vm_set_policy and vm_alloc of each process. vm_restore_frame puts page
 * `page` of pid, resident, in free frame `frame` with its slot (VM_NONE or a
 * free slot), bits and times; vm_restore_swapped puts a non-resident page in
 * free slot `slot`. Each returns 0, or -1 with the reason in err (no such
 * process or page, frame or slot taken or out of range, page already
 * placed) and nothing changed. Then set vm->total, each process's counts,
 * vm->t, vm->epoch, vm->recent, vm->hand and the last victim directly, and call
 * vm_restore_done with the generator's draws (vm->draws when saved; 0 for
 * a policy without one): it reseeds the generator and draws that many
 * times, rebuilds the policy's order from the frames' times and runs
 * vm_check. Returns 0, or -1 with the reason in err (then the memory is
 * unusable: free it). A memory saved and restored so plays on exactly as
 * the original would. */
int vm_restore_frame(struct vm *vm, uint32_t frame, int64_t pid, uint32_t page, uint32_t slot,
                     unsigned ref, int dirty, uint64_t loaded, uint64_t used, char *err,
                     size_t errlen);
int vm_restore_swapped(struct vm *vm, int64_t pid, uint32_t page, uint32_t slot, char *err,
                       size_t errlen);
int vm_restore_done(struct vm *vm, uint64_t draws, char *err, size_t errlen);

/* The TLB (vm_tlb.c; the model is tlb.h, the words docs/translation.md).
 * Off (vm.tlb NULL) unless vm_set_tlb turns it on; then every access that
 * is not refused looks its page up in the TLB. A hit: the page is resident
 * (an evicted or released page's entry is invalidated, so a valid entry
 * always agrees with the page table). A miss: the page-table walk (one
 * memory access a level: max(1, vm.pt_levels)), the fault if the page is
 * not resident, then the translation is inserted (frame, rw-). The step
 * says which (vm_step.tlb ...). A refused access does not reach the TLB. */

/* Turns the TLB on with `entries` entries (1 .. TLB_MAX_ENTRIES), `ways`
 * ways a set (0: fully associative, ways = entries; else it divides
 * entries) and address-space ids when asid is nonzero; it starts empty,
 * replacing any TLB vm had. The latencies stay when a TLB was on, else
 * they are VM_TLB_NS and VM_MEM_NS. Returns 0, or -1 with the reason in n
 * and nothing changed. */
int vm_set_tlb(struct vm *vm, uint32_t entries, uint32_t ways, int asid, struct note *n);

/* Turns the TLB off and frees it. Safe when it is off. */
void vm_tlb_off(struct vm *vm);

/* Empties the TLB (one flush). Returns 0, or -1 (the TLB is off) with the
 * reason in n. */
int vm_tlb_flush(struct vm *vm, struct note *n);

/* Sets the latencies of the effective access time, in ns: tlb_ns 0 ..
 * VM_MAX_NS, mem_ns 1 .. VM_MAX_NS. Returns 0, or -1 (the TLB is off, a
 * latency out of range) with the reason in n and nothing changed. */
int vm_set_latency(struct vm *vm, uint32_t tlb_ns, uint32_t mem_ns, struct note *n);

/* Returns the effective access time in ns (tlb_eat with max(1, pt_levels)
 * levels: a walk reads an entry a level), 0 when the TLB is off. */
double vm_tlb_eat(const struct vm *vm);

/* Writes what the TLB did in access s into buf ("TLB hit: ..." or "TLB
 * miss: ..."), "" when s did not look the TLB up. */
void vm_tlb_describe(const struct vm *vm, const struct vm_step *s, char *buf, size_t len);

/* Checks the TLB (tlb_check) and that each valid entry agrees with the page
 * table: its process exists and its page is resident in its frame. Returns
 * 0 (also when the TLB is off), or -1 with what is wrong in err. vm_check
 * calls it. */
int vm_tlb_check(const struct vm *vm, char *err, size_t errlen);

/* Restores a saved TLB entry (after vm_set_tlb and vm_restore_done): page
 * vpn of pid in frame pfn, last used at `used`, in way `way` of set `set`.
 * Returns 0, or -1 with the reason in err (way taken or out of range, set
 * not the page's, the page not resident in that frame, already in the TLB)
 * and nothing changed. Then set vm->tlb's counters and last_* directly and
 * run vm_tlb_check. */
int vm_restore_tlb_entry(struct vm *vm, uint32_t set, uint32_t way, int64_t pid, uint64_t vpn,
                         uint64_t pfn, uint64_t used, char *err, size_t errlen);

/* The address-space layer (vm_prot.c; the words docs/translation.md).
 * Off (vm.as_bytes 0) unless vm_set_address_space turns it on; then each
 * process has a virtual address space of as_bytes bytes, an allocation
 * past it is refused, an access at or past it is refused (VM_REFUSE_RANGE,
 * before the segmentation fault past the process's pages), every page has
 * a protection (r, w, x: the allocation that made it says which) and an
 * access its page's protection forbids is a protection fault
 * (VM_REFUSE_PROT): refused, counted (vm_process.protfaults and
 * vm.protfaults), nothing else changed. Protection is checked before the
 * TLB and the page table: hardware checks the entry's valid, present and
 * protection bits together, and memtrack, which has no entry to read
 * before a fault, checks protection first. */

#define VM_PROT_DEFAULT (TLB_R | TLB_W) /* An allocation's protection when none is given. */
#define VM_AS_MIN_PAGES 2u              /* The smallest address space: 2 pages. */

/* Parses a protection: the letters r, w and x, each at most once, in any
 * order ("rw", "xr", "rwx"), one at least. Returns 0 and sets *prot
 * (TLB_R | TLB_W | TLB_X bits; tlb_prot_str writes them back), or -1. */
int vm_prot_parse(const char *s, unsigned *prot);

/* Turns the address-space layer on with spaces of as_bytes bytes (a power of
 * two, VM_AS_MIN_PAGES pages to 2^48 bytes), or off with as_bytes 0. Only
 * while there are no processes (their pages would have no protection or be
 * outside the space); turning it off makes the instruction fetches of
 * vm.recent reads. Returns 0, or -1 with the reason in n and nothing
 * changed. */
int vm_set_address_space(struct vm *vm, uint64_t as_bytes, struct note *n);

/* vm_alloc with protection prot (TLB_R | TLB_W | TLB_X bits): the pages the
 * allocation adds get prot (bytes that fit in the process's last page keep
 * that page's). With the layer off, prot must be VM_PROT_DEFAULT and this is
 * vm_alloc. With it on, the process's bytes must fit the address space.
 * Returns 0, or -1 with the reason in n and nothing changed. */
int vm_alloc_prot(struct vm *vm, int64_t pid, uint64_t bytes, unsigned prot, struct note *n);

/* Returns the protection of page `page` of p (page < p->npages):
 * VM_PROT_DEFAULT when the layer is off. O(log runs). */
unsigned vm_page_prot(const struct vm_process *p, uint32_t page);

/* Checks the layer: off, no process has runs, no protection fault is
 * counted in a process and no kept access is an instruction fetch; on,
 * as_bytes a valid size, and each process's bytes fit it and its runs
 * cover exactly pages 0 .. npages-1 in order, each with at least one page
 * and a protection of r, w and x bits only. Returns 0, or
 * -1 with what is wrong in err. vm_check calls it. */
int vm_prot_check(const struct vm *vm, char *err, size_t errlen);

/* Restores a saved protection run of pid (after vm_alloc of its bytes with
 * the layer on): pages first .. first+npages-1 with prot, first the end of
 * the runs restored so far. Returns 0, or -1 with the reason in err and
 * nothing changed. */
int vm_restore_prot(struct vm *vm, int64_t pid, uint32_t first, uint32_t npages, unsigned prot,
                    char *err, size_t errlen);

/* The page-table layer (vm_ptable.c; the words docs/translation.md, "Page
 * tables in frames"). Off (vm.pt_levels 0) unless vm_set_page_table turns
 * it on; it needs the address-space layer (the shape follows from its size).
 * On, each process's page table is made of table pages of shape vm.pts
 * that live in frames of the same memory as the data pages:
 *   multi-level (2 .. 4 levels): a table page is allocated when an entry in
 *       it is first needed: at the first touch of a page in its range (a
 *       fault: the OS fills the table in as pages come in, as Linux does).
 *       The top page (the page directory) comes with the first touch. Table
 *       pages stay until the process is released, even when the pages they
 *       map are evicted (their entries then name swap slots, or nothing).
 *   linear (1 level): the whole table, pts_linear_pages frames, at the
 *       process's first allocation; refused when fewer frames than that are
 *       free or evictable (the lesson: a linear table of a 4 GiB space with
 *       4 KiB pages takes 1,024 frames).
 * Frames for table pages are taken like a data page's, top level first and
 * the data page last: the lowest free frame, else the policy's victim
 * (evicted as in a fault). Table frames are pinned: never a victim, not in
 * the policy's order; an access refused because every frame that is not a
 * table frame cannot make room is VM_REFUSE_TABLES. One access may
 * evict up to levels + 1 pages; when it must evict 2 or more and swap has
 * fewer free slots than the pages it evicts, it is refused (swap full)
 * before anything changes, so that every access stays all-or-nothing (with
 * one eviction the refusal is exact, as without the layer). A walk (no TLB,
 * or a TLB miss) reads one entry per level, top first (vm.walk). A release frees the process's
 * table frames (vm.epoch = vm.t). */

/* Turns the page-table layer on with `levels` levels (1 linear .. 4) and
 * entries of entry_bytes bytes (4 or 8; 0: 4 when the address space is at
 * most 2^32 bytes, else 8), or off with levels 0. Only while there are no
 * processes and with the address-space layer on (else refused); the shape
 * must be valid (pts_make's reasons). Returns 0, or -1 with the reason in n
 * and nothing changed. */
int vm_set_page_table(struct vm *vm, unsigned levels, unsigned entry_bytes, struct note *n);

/* Returns the name of a shape: "off", "linear", "2-level", "3-level",
 * "4-level"; vm_page_table_parse reads it back into *levels (0 .. 4).
 * vm_page_table_parse returns 0, or -1 for any other word. */
const char *vm_page_table_name(unsigned levels);
int vm_page_table_parse(const char *s, unsigned *levels);

/* Returns the frame of pid's table page (level, prefix), or VM_NONE when
 * it has none. O(log table pages). */
uint32_t vm_table_frame(const struct vm_process *p, unsigned level, uint32_t prefix);

/* Counts p's table pages at each level (per_level[0 .. levels-1]) and
 * returns their sum. */
uint32_t vm_table_pages(const struct vm *vm, const struct vm_process *p,
                        uint32_t per_level[PTS_MAX_LEVELS]);

/* Writes the last access's walk (vm.walk, for access s: its page and
 * frame) in words into buf: "PDBR -> frame 7; PD[15] -> PT at frame 12;
 * PT[14] -> frame 3" (cut to fit); "" when it walked nothing. */
void vm_walk_describe(const struct vm *vm, const struct vm_step *s, char *buf, size_t len);

/* Returns the name of the table at level `level` (0 the top) of vm's
 * shape, x86-64's names counted from the bottom: PT (the level whose
 * entries name frames), PD, PDPT, PML4; a linear table's one level is PT.
 * "?" past the shape. */
const char *vm_level_name(const struct vm *vm, unsigned level);

/* Checks the layer: off, no frame is a table frame and no process has table
 * pages; on, the address-space layer on and vm.pts its shape; each table
 * frame named by exactly one table page of its process (same level and
 * prefix) and each table page in such a frame; multi-level: every resident
 * or swapped page has every table page on its path, and every table page
 * maps some page below the process's npages (table pages stay when their
 * pages go back to untouched); linear: every process has exactly its
 * pts_linear_pages pages; table_frames their count. Returns 0, or -1 with
 * what is wrong in err. vm_check calls it. */
int vm_ptable_check(const struct vm *vm, char *err, size_t errlen);

/* Starts a restore (before the processes' vm_alloc): until vm_restore_done,
 * vm_alloc places no linear table; vm_restore_table_page restores it. */
void vm_restore_begin(struct vm *vm);

/* Restores a saved table page of pid (after vm_restore_begin,
 * vm_set_page_table, vm_alloc and before vm_restore_done): table page
 * (level, prefix) in free frame `frame`, allocated at time t. vm.tables_made
 * is not counted: set it directly. Returns 0, or -1 with the reason in err
 * (frame taken or out of range, level or prefix out of the shape, the page
 * already there) and nothing changed. */
int vm_restore_table_page(struct vm *vm, int64_t pid, unsigned level, uint32_t prefix,
                          uint32_t frame, uint64_t t, char *err, size_t errlen);

#endif
