/* cmd.h: the tracker's actions, shared by the menu and the script reader.
 *
 * Each cmd_ function does one thing a student can ask for and prints the
 * result (and its explanation) on stdout. A request the memory cannot grant
 * (not enough frames, a sixth segment, no such process, an invalid address)
 * is refused: that is an answer too, printed on stdout as "refused: ..." with
 * its why line, and s->refused is set. When the memory changed, an address
 * was translated or a request was refused, the event is recorded and the
 * status file rewritten. All return 0 on success and -1 when refused; a
 * refused action leaves the memory unchanged. Malformed input is the
 * callers' to report, with cmd_error.
 */
#ifndef MT_CMD_H
#define MT_CMD_H

#include <stdint.h>
#include <stdio.h>

#include "status.h"
#include "vmtrace.h"

/* The virtual-memory settings a session keeps while VM mode is off too, so
 * that `vm on` (and `reset` in VM mode) builds the memory they describe:
 * --replace, --replace-seed, --clock-bits, --swap, and the language's
 * `replace` and `vm on swap=SLOTS`. */
struct vm_settings {
    enum vm_policy policy; /* Replacement policy (default fifo). */
    uint64_t seed;         /* random, ostep-clock: the seed (default 0, as OSTEP's -s). */
    unsigned bits;         /* ostep-clock: BITS (default 2, as OSTEP's -b). */
    uint64_t swap;         /* Swap slots, when swap_set. */
    int swap_set;          /* 0: VM_SWAP_DEFAULT(frames) at each vm on or reset. */
    uint32_t tlb_entries;  /* The TLB each vm on or reset makes: 0 none, ... */
    uint32_t tlb_ways;     /* ... its ways (0: fully associative), ... */
    int tlb_asid;          /* ... address-space ids, ... */
    uint32_t tlb_ns;       /* ... and the latencies (0: the defaults, VM_TLB_NS and ... */
    uint32_t mem_ns;       /* ... VM_MEM_NS). */
    uint64_t as_bytes;     /* The address space each vm on or reset sets: 0 none (the layer
                              off), else --address-space or `vm address-space`. */
    unsigned pt_levels;    /* The page-table layer each vm on or reset sets: 0 off, 1 linear,
                              2 .. 4 levels (--page-table, `vm page-table`), ... */
    unsigned pte_bytes;    /* ... its entries' size (0: the default for the space), ... */
    int as_auto;           /* ... and 1 when the layer turned address spaces on itself: then
                              their size is vmpt_default_space's for the page size, not
                              as_bytes. */
};

struct session {
    struct status st;           /* The memory being simulated. */
    const char *path;           /* Status file, or NULL for none. */
    int nosync;                 /* Skip fsync when writing it. */
    const char *where;          /* Prefix for messages ("file:line"), or NULL. */
    int write_failed;           /* The last status write failed (retried on the next change). */
    int refused;                /* Set by a cmd_ action that was refused; callers clear it. */
    int seq_full;               /* seq reached UINT64_MAX and stays there (warned once). */
    int no_sleep;               /* `sleep` returns at once (the script fuzzer). */
    FILE *trace;                /* MEMTRACK_TRACE: "wrote SEQ TIME" after each write, or NULL. */
    struct status_cache *cache; /* Kept between writes of the status file, or NULL. */
    struct vm_settings vmset;   /* Virtual-memory settings (vmcmd.c). */
};

/* Prints an error line: "where: text" (or "error: text") on stderr, after
 * flushing stdout so the two streams stay in order. */
void cmd_error(const struct session *s, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Records an event (seq + 1, time, note; no translation record, as the
 * event is no translation) and rewrites the status file. A write failure is
 * reported and remembered; the state is kept. Returns 0, or -1 when the file
 * could not be written. */
int cmd_record(struct session *s, int refused, const struct note *n);

/* Records the first event and writes the status file, printing nothing. A
 * resumed state's translation and caption are dropped.
 * Returns 0, or -1 with the reason in err (the caller stops: a status file
 * that cannot be written at start is refused before anything happens). */
int cmd_start(struct session *s, const struct note *n, char *err, size_t errlen);

/* Rewrites the status file with the current state and no new event (at exit,
 * so a write that failed earlier is retried). Returns 0, or -1 with the
 * reason in err and nothing printed: there is no later change to retry at,
 * so the caller reports the lost state and fails. */
int cmd_flush(struct session *s, char *err, size_t errlen);

/* The shared tail of the actions, for cmd.c and vmcmd.c: cmd_say prints a
 * note, cmd_refuse prints a refused one ("refused: ...") and sets
 * s->refused, cmd_finish records the outcome r of a changing action (-1
 * refused) and then prints it. cmd_finish returns 0 or -1. */
void cmd_say(const struct note *n);
void cmd_refuse(struct session *s, const struct note *n);
int cmd_finish(struct session *s, int r, const struct note *n);
/* Refuses a table of process pid, which does not exist (not an event:
 * nothing is recorded). Returns -1. */
int cmd_no_process(struct session *s, int64_t pid);
/* Drops a leading "refused: " from a refused note of the VM model (an
 * access's, or an allocation's that the page-table layer refused): the
 * transcript says "refused: " itself, as for every refusal, and the status
 * file's event line is the bare reason, as for the other models. */
void cmd_bare_reason(struct note *n);
/* Prints "a" or "a-b" into buf (len bytes). Returns buf. */
const char *cmd_span(char *buf, size_t len, uint64_t a, uint64_t b);

/* In VM mode (s->st.vm_on), alloc and free go to vm_alloc / vm_release,
 * pagetable and frames show the virtual memory's view, reset makes a fresh
 * virtual memory, and translate and frame-policy are refused (README.md,
 * "Virtual memory"). */
int cmd_alloc(struct session *s, int64_t pid, uint64_t bytes);
int cmd_free(struct session *s, int64_t pid);
int cmd_pagetable(struct session *s, int64_t pid);
int cmd_frames(struct session *s);
/* hex: the address or offset was typed in hexadecimal, so the answer comes in
 * hexadecimal first (decimal after it). */
int cmd_translate(struct session *s, int64_t pid, uint64_t addr, int hex);
int cmd_reset(struct session *s, uint64_t frames, uint64_t page_size);
int cmd_frame_policy(struct session *s, enum pg_policy policy, uint64_t seed);
int cmd_seg_alloc(struct session *s, const char *name, uint64_t bytes);
int cmd_seg_free(struct session *s, const char *id_or_name);
int cmd_seg_table(struct session *s);
int cmd_seg_translate(struct session *s, const char *id_or_name, uint64_t offset, int hex);
/* Prints text and makes it the caption of the status file (a viewer shows
 * it) until the next echo; an empty text removes the caption. The last
 * event stays as it was. Returns 0 (a failed write is warned about). */
int cmd_echo(struct session *s, const char *text);
int cmd_fit(struct session *s, enum seg_fit fit);
int cmd_compact(struct session *s);
int cmd_seg_reset(struct session *s, uint64_t bytes);
int cmd_stats(struct session *s);

/* Virtual memory (vmcmd.c; README.md "Virtual memory"). */

/* Turns VM mode on at start (--vm), printing nothing. Returns 0, or -1 with
 * the reason in err. */
int vmcmd_start(struct session *s, char *err, size_t errlen);
/* `vm on [swap=SLOTS]` (swap_given 0: the session's swap) and `vm off`:
 * both empty paging memory, like reset. */
int cmd_vm_on(struct session *s, int swap_given, uint64_t swap);
int cmd_vm_off(struct session *s);
/* `replace`: with VM mode off it only keeps the choice for `vm on`. */
int cmd_replace(struct session *s, enum vm_policy p, uint64_t seed, unsigned bits);
/* `access PID ADDRESS [r|w|x]`: kind is enum vm_kind; x (VM_EXEC) is refused
 * with the address-space layer off. */
int cmd_access(struct session *s, int64_t pid, uint64_t addr, int kind);
/* Plays refs[0 .. n-1] (the caller's) as one run: a line per access, then
 * a summary. */
int cmd_refs(struct session *s, const struct vm_ref *refs, size_t n);
/* Reads the trace file path (vmtrace_read) and reports a bad line as an
 * error "FILE:LINE: reason" (cmd_error). Returns 0 with *refs (the
 * caller frees it) and *n, *f; or -1, said. */
int cmd_read_trace(struct session *s, const char *path, int64_t pid, uint64_t page_size,
                   struct vm_ref **refs, size_t *n, enum vmtrace_format *f);
/* Replays the trace file path (vmtrace.h); pid 0 when none was given. */
int cmd_trace(struct session *s, const char *path, int64_t pid);
/* Faults of each of policies[0 .. np-1] at frames lo..hi for the reference
 * string refs of P1 (on a private memory: nothing else changes but the
 * status file's compare table). */
int cmd_compare(struct session *s, const struct vm_ref *refs, size_t n, uint32_t lo, uint32_t hi,
                const enum vm_policy *policies, size_t np);

/* How the rows of a VM page table are printed (vmshow_rows): a row for a run
 * of untouched pages from a (span their label), a row for a touched page
 * (a, alen: room for a label), and where a run of untouched pages must end
 * besides (the end of a protection run; NULL: nowhere). */
struct vmshow_rows {
    void (*untouched)(const struct vm *vm, const struct vm_process *p, uint32_t a,
                      const char *span);
    void (*touched)(const struct vm *vm, const struct vm_process *p, uint32_t page, char *a,
                    size_t alen);
    uint32_t (*run_end)(const struct vm_process *p, uint32_t page);
};
/* Prints p's rows by r, at most 64, and says so when pages are left out.
 * Returns the first page not shown (p->npages when all were). */
uint32_t vmshow_rows(const struct vm *vm, const struct vm_process *p, const struct vmshow_rows *r);

/* cmd.c's hooks into vmcmd.c for VM mode. */
int vmcmd_pagetable(struct session *s, int64_t pid);
int vmcmd_frames(struct session *s);
int vmcmd_reset(struct session *s, uint64_t frames, uint64_t page_size);
/* Refuses an action with what (and why, may be ""): records it, prints
 * it. Returns -1. */
int vmcmd_refuse(struct session *s, const char *what, const char *why);
/* Refuses the paging-only command `what` with the reason. Returns -1. */
int vmcmd_refuse_paging(struct session *s, const char *what);
/* Refuses `what` with VM mode off (it needs virtual memory). Returns -1. */
int vmcmd_refuse_off(struct session *s, const char *what);
void vmcmd_stats(const struct session *s);

/* The TLB in VM mode (vmtlb.c; README.md "The TLB"). Each returns 0, or -1
 * when refused (with the reason printed), as when virtual memory is off. */
/* `tlb ENTRIES [ways=W] [asid=on|off]` (ways 0: fully associative): a new,
 * empty TLB, kept for vm on and reset. */
int cmd_tlb(struct session *s, uint32_t entries, uint32_t ways, int asid);
int cmd_tlb_off(struct session *s);
int cmd_tlb_flush(struct session *s);
/* `tlb`: the entries by set and way. */
int cmd_tlb_show(struct session *s);
/* `latency tlb=NS memory=NS`. */
int cmd_latency(struct session *s, uint32_t tlb_ns, uint32_t mem_ns);
/* Makes vm's TLB by the session's settings (none when tlb_entries is 0).
 * Returns 0, or -1 with the reason in err. */
int vmtlb_apply(const struct session *s, struct vm *vm, char *err, size_t errlen);
/* Takes the settings of a resumed memory's TLB into s->vmset. */
void vmtlb_settings(struct session *s);
/* Prints the TLB part of stats (nothing when the TLB is off). */
void vmtlb_stats(const struct session *s);
/* Prints the TLB line of access st (nothing when the TLB is off). */
void vmtlb_step(const struct vm *vm, const struct vm_step *st);

/* The address-space layer in VM mode (vmprot.c; README.md "Address spaces
 * and protection"). */
/* `vm address-space BYTES` (0: off): refused with VM mode off or while
 * processes exist; kept for vm on and reset. */
int cmd_address_space(struct session *s, uint64_t bytes);
/* `alloc PID BYTES PROT` in VM mode with the layer on (script.c refuses a
 * PROT otherwise, with alloc's usage as before the layer). */
int cmd_alloc_prot(struct session *s, int64_t pid, uint64_t bytes, unsigned prot);
/* Sets vm's address space by the session's settings (none when as_bytes is
 * 0). Returns 0, or -1 with the reason in err. */
int vmprot_apply(const struct session *s, struct vm *vm, char *err, size_t errlen);
/* Prints the split line of address addr (nothing with the layer off). */
void vmprot_split(const struct vm *vm, uint64_t addr);
/* Prints p's page table with every bit of each entry (the layer on). Returns 0. */
int vmprot_pagetable(const struct vm *vm, const struct vm_process *p);
/* Prints the layer's part of stats (nothing with it off). */
void vmprot_stats(const struct vm *vm);

/* The page-table layer in VM mode (vmptable.c, vmptcmp.c; README.md "Page
 * tables in frames"). */
/* Returns the address space the layer turns on when none was set: the
 * largest a table of `levels` levels (a linear one: as 2 levels) maps with
 * every table page full, page_size x (page_size / entry)^levels, at most
 * 2^PTS_MAX_AS_BITS bytes. entry 0: 4 B, or 8 B when 4 B would make the
 * space larger than 4 GiB; the entry size used goes to *entry_out. */
uint64_t vmpt_default_space(uint64_t page_size, unsigned levels, unsigned entry,
                            unsigned *entry_out);
/* `vm page-table SHAPE [entry=4|8]` (levels 1 .. 4) and `vm page-table off`
 * (levels 0): refused with VM mode off or while processes exist; turns
 * address spaces on (vmpt_default_space) when they are off; kept for vm on
 * and reset. */
int cmd_page_table(struct session *s, unsigned levels, unsigned entry);
/* Sets vm's address space (when the layer chose it) and page table by the
 * session's settings, after vmprot_apply. Returns 0, or -1 with the reason
 * in err. */
int vmpt_apply(const struct session *s, struct vm *vm, char *err, size_t errlen);
/* Takes the settings of a resumed memory's page table into s->vmset. */
void vmpt_settings(struct session *s);
/* Prints the walk of access st and the table pages it allocated (nothing
 * with the layer off). */
void vmpt_step(const struct vm *vm, const struct vm_step *st);
/* Prints p's table pages after its entries (nothing with the layer off). */
void vmpt_pagetable(const struct vm *vm, const struct vm_process *p);
/* Writes frame f's table page ("page table, level 1, VPNs 0x40-0x7f")
 * into buf; "" when f holds no table page. Returns buf. */
const char *vmpt_frame_text(const struct vm *vm, uint32_t f, char *buf, size_t len);
/* Prints the layer's part of stats (nothing with it off). */
void vmpt_stats(const struct vm *vm);
/* Returns the memory accesses of a walk: the levels, 1 with the layer off
 * (memtrack's own page table is linear). */
unsigned vmpt_walk_levels(const struct vm *vm);

/* What `compare REFS tables` plays: each of the page sizes by each of the
 * shapes, in address spaces of `space` bytes with `memory` bytes of frames. */
struct vmpt_grid {
    uint64_t page_sizes[8];
    unsigned npage_sizes;
    unsigned shapes[PTS_MAX_LEVELS]; /* Levels, 1 linear .. 4. */
    unsigned nshapes;
    unsigned entry;  /* 0: the default for the space. */
    uint64_t space;  /* Bytes of each address space. */
    uint64_t memory; /* Bytes of physical memory (frames = memory / page size). */
};
/* Plays refs (P1's virtual addresses) in a fresh memory for each cell of
 * g (the session's policy and TLB) and prints table pages, their bytes, a
 * linear table's, faults and the TLB hit rate side by side; a cell whose
 * shape or memory is impossible says why. Changes nothing but the status
 * file's last event. Returns 0, or -1 when every cell was refused. */
int cmd_compare_tables(struct session *s, const struct vm_ref *refs, size_t n,
                       const struct vmpt_grid *g);

/* The heap (heapcmd.c, heapshow.c; README.md "The heap"). Off until
 * --heap, --allocator, `allocator` or the first `malloc`. */
/* Reads an allocator: kind ("buddy") and its settings kv[0 .. n-1]
 * ("min=32", "heap=1M": keys of that kind only) into *c (the kind's defaults
 * for the rest) and *bytes (set by heap=, else left as it was). Returns 0, or
 * -1 with the reason in err. */
int heapcmd_parse(const char *kind, char **kv, int n, struct heap_config *c, uint64_t *bytes,
                  char *err, size_t errlen);
/* Turns the heap on at start (--heap, --allocator), printing nothing.
 * Returns 0, or -1 with the reason in err. */
int heapcmd_start(struct session *s, uint64_t bytes, const struct heap_config *c, char *err,
                  size_t errlen);
/* Returns the heap's size, or the default when it is off. */
uint64_t heapcmd_bytes(const struct session *s);
/* Describes allocator c on a heap of bytes into buf ("buddy, 65536 B:
 * power-of-two blocks of 16 B to 65536 B"). Returns buf. */
const char *heapcmd_config_text(const struct heap_config *c, uint64_t bytes, char *buf, size_t len);
/* `allocator KIND [settings]`: a new, empty heap (an impossible setting,
 * a buddy heap not a power of two say, is an error, said with cmd_error). */
int cmd_allocator(struct session *s, uint64_t bytes, const struct heap_config *c);
int cmd_cache(struct session *s, const char *name, uint64_t object);
int cmd_pool(struct session *s, uint64_t block, uint64_t count);
/* `malloc NAME BYTES [CACHE]` (cache NULL: none named): with the heap off it
 * turns it on with the defaults first and says so. */
int cmd_malloc(struct session *s, const char *name, uint64_t bytes, const char *cache);
/* `free NAME` (a name starts with a letter; `free PID` is paging's). */
int cmd_heap_free(struct session *s, const char *name);
int cmd_realloc(struct session *s, const char *name, uint64_t bytes);
/* `heap`: the blocks, the free structure and the fragmentation. */
int cmd_heap_show(struct session *s);
/* Prints the heap part of stats (nothing with the heap off). */
void heapcmd_stats(const struct session *s);
/* Prints the largest free block and the external fragmentation of f. */
void heapshow_external(const struct heap_frag *f);
/* Reads a workload (malloc NAME BYTES, free NAME, realloc NAME BYTES lines;
 * blank lines and # comments skipped) from fp into *ops (the caller frees)
 * and *n. Returns 0, or the number of the bad line with the reason in err
 * (and *ops NULL). */
int heapcmd_read_workload(FILE *fp, struct heap_workop **ops, size_t *n, char *err, size_t errlen);
/* `compare heap FILE [heap=BYTES]`: plays the workload on a fresh heap of
 * bytes under each allocator (the heap's settings for its own kind, the
 * defaults for the others) and prints them side by side. Changes nothing.
 * Returns 0, or -1 when the file is bad (said, with FILE:LINE). */
int cmd_compare_heap(struct session *s, const char *path, uint64_t bytes);

#endif
