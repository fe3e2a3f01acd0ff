/* paging.h: physical frames, processes and their page tables.
 *
 * The paging memory is `nframes` frames of `page_size` bytes. A process asks
 * for bytes; it holds ceil(bytes / page_size) pages, page i mapped to one
 * frame. It asked for logical addresses 0 .. bytes-1; growing it (another
 * pg_alloc for the same pid) first uses the slack in its last page, then
 * appends pages. Translation checks validity per page, as the hardware's
 * valid bit does: addresses 0 .. npages * page_size - 1 translate, and those
 * from bytes on lie in the unused end of the last page (internal
 * fragmentation, never asked for); pages past the last are invalid. The frame policy picks frames:
 * PG_FIRST takes the lowest free frames, PG_RANDOM picks uniformly among the free frames with a
 * seeded generator, so a run is reproducible from its seed.
 *
 * Every action is all-or-nothing: on failure it returns -1, says why in the
 * note and changes nothing. struct paging owns its arrays; release them with
 * pg_free.
 */
#ifndef MT_PAGING_H
#define MT_PAGING_H

#include <stddef.h>
#include <stdint.h>

#include "note.h"

struct pg_index;

#define PG_MIN_FRAMES    1u
#define PG_MAX_FRAMES    4194304u            /* 2^22 frames. */
#define PG_MIN_PAGE_SIZE 16u                 /* Bytes. */
#define PG_MAX_PAGE_SIZE 1073741824u         /* 1 GiB. */
#define PG_MAX_PID       2147483647          /* Process ids are 1 .. this. */
#define PG_MAX_BYTES     (UINT64_C(1) << 52) /* Most bytes one process may hold. */

enum pg_policy { PG_FIRST, PG_RANDOM };

struct pg_frame {
    int32_t pid;   /* Owning process, 0 when free. */
    uint32_t page; /* Page of that process held here. */
};

struct pg_process {
    int32_t pid;      /* 1 .. PG_MAX_PID. */
    uint64_t bytes;   /* Bytes asked for in all its allocations. */
    uint32_t npages;  /* ceil(bytes / page_size). */
    uint32_t cap;     /* Capacity of frames[]. */
    uint32_t *frames; /* Page table: frames[page] is the frame of that page. */
    uint64_t *seen;   /* Restoring only: bit per page, set once it is mapped; else NULL. */
};

struct paging {
    uint32_t nframes;         /* TOTAL_FRAMES. */
    uint64_t page_size;       /* PAGE_SIZE in bytes, a power of two. */
    enum pg_policy policy;    /* How frames are chosen. */
    uint64_t seed;            /* Seed PG_RANDOM started from. */
    uint64_t rng;             /* Generator state now (saved to resume). */
    uint32_t nfree;           /* Free frames. */
    struct pg_frame *frames;  /* nframes entries. */
    struct pg_process *procs; /* Sorted by pid. */
    size_t nprocs, capprocs;  /* Processes held, capacity of procs. */
    uint64_t *used;           /* Bit f (word f / 64, bit f % 64) set when frame f is in use;
                                 the bits past nframes are 0. Kept with frames[] by every
                                 action, so a search skips 64 frames a step. */
    uint32_t *blockfree;      /* Free frames in each block of 4096 frames (random picks). */
    uint64_t *scratch;        /* As many bits as used[], all 0 between actions. */
    uint64_t serial;          /* Tells this memory from any other pg_init made. */
    uint64_t version;         /* Grows by one with each action that changes frames. */
    uint64_t *stamp;          /* stamp[w]: the version that last changed frames 64w..64w+63. */
    struct pg_index *index;   /* Restoring only: pids hashed to procs[] (paging.c); else NULL. */
    int display_only;         /* Restored without page tables (procs[].frames NULL): can be
                                 drawn, not changed; pg_alloc, pg_release, pg_translate refuse. */
};

/* A translated address. */
struct pg_xlate {
    uint64_t page, offset; /* Logical address split by page_size. */
    uint32_t frame;        /* Frame holding that page. */
    uint64_t physical;     /* frame * page_size + offset. */
    int unused;            /* 1 when the byte is past the bytes the process asked for: in
                              the unused end of its last page (internal fragmentation). */
};

/* Checks TOTAL_FRAMES and PAGE_SIZE: frames in [PG_MIN_FRAMES, PG_MAX_FRAMES],
 * page size a power of two in [PG_MIN_PAGE_SIZE, PG_MAX_PAGE_SIZE]. Returns 0,
 * or -1 with the reason in err. */
int pg_check_settings(uint64_t nframes, uint64_t page_size, char *err, size_t errlen);

/* Parses "first" or "random". Returns 0 and sets *out, or -1. */
int pg_policy_parse(const char *s, enum pg_policy *out);
/* Returns "first" or "random". */
const char *pg_policy_name(enum pg_policy p);

/* Makes an empty paging memory. Returns 0, or -1 with the reason in err (bad
 * settings, out of memory) and *pg untouched. Free with pg_free. */
int pg_init(struct paging *pg, uint64_t nframes, uint64_t page_size, enum pg_policy policy,
            uint64_t seed, char *err, size_t errlen);

/* Releases everything pg owns and zeroes it. Safe on a zeroed struct. */
void pg_free(struct paging *pg);

/* Gives process pid `bytes` more bytes (a new process when pid is unknown).
 * Returns 0 with what/why in the note, or -1 (bad pid or size, not enough free
 * frames, out of memory) with the reason, and nothing changed. */
int pg_alloc(struct paging *pg, int64_t pid, uint64_t bytes, struct note *n);

/* Frees every frame of process pid and forgets it. Returns 0, or -1 if there
 * is no such process. */
int pg_release(struct paging *pg, int64_t pid, struct note *n);

/* Translates logical address addr of process pid. Returns 0 and fills *x
 * (x->unused says whether the byte lies in the unused end of the last page),
 * or -1 with the reason (bad pid, no such process, page past its last page)
 * and *x unchanged. The note gets the worked arithmetic either way: with hex
 * 0 in decimal (page = addr / page_size, offset = addr % page_size), with hex
 * 1 in hexadecimal the way the hardware does it (page = addr >> k, offset =
 * addr & (page_size - 1), physical = frame << k | offset, page_size = 2^k),
 * with the physical address in decimal too. */
int pg_translate(const struct paging *pg, int64_t pid, uint64_t addr, int hex, struct pg_xlate *x,
                 struct note *n);

/* Writes into buf (of len bytes; 160 are always enough) how pages of
 * page_size bytes split an address, one line without a newline. For a power
 * of two 2^k: "pages of 4096 = 2^12 B: offset = the low 12 bits, page = the
 * bits above". Otherwise the split is a division, and the line says so.
 * Returns buf. */
char *pg_split_rule(uint64_t page_size, char *buf, size_t len);

/* Writes into buf (of len bytes; 200 are always enough) the split of addr
 * into a number (called `unit`: "page" for a logical address, "frame" for a
 * physical one) and an offset, in hex and in binary with a bar between the
 * number's bits and the offset's k bits: "0x1388 = 0b1 | 001110001000 = page
 * 0x1 | offset 0x388". When page_size is not a power of two there are no
 * such bits: "0x1388 = 1 * 4000 + 1000 = page 0x1 | offset 0x3e8 (a
 * division)". A text too long for buf is cut (len 0 writes nothing).
 * Returns buf. */
char *pg_split(uint64_t page_size, uint64_t addr, const char *unit, char *buf, size_t len);

/* Replaces the paging memory with an empty one of new settings (all
 * processes freed); policy and seed are kept and the generator restarts from
 * the seed. Returns 0, or -1 with pg unchanged. */
int pg_reset(struct paging *pg, uint64_t nframes, uint64_t page_size, struct note *n);

/* Sets the frame policy; for PG_RANDOM the generator restarts from seed.
 * Always succeeds (returns 0). */
int pg_set_policy(struct paging *pg, enum pg_policy policy, uint64_t seed, struct note *n);

/* Returns the process with this pid, or NULL. */
const struct pg_process *pg_find(const struct paging *pg, int64_t pid);

/* Returns the internal fragmentation of p: npages * page_size - bytes. */
uint64_t pg_internal_frag(const struct paging *pg, const struct pg_process *p);

/* Returns the internal fragmentation of all processes together. */
uint64_t pg_total_internal_frag(const struct paging *pg);

/* Checks every invariant: each frame owned at most once and by a known
 * process's matching page, each page of each process mapped exactly once,
 * npages == ceil(bytes / page_size), nfree right, processes sorted and
 * unique. Without page tables (display_only), that a page is mapped once
 * is left to the restore, which checked it. Returns 0, or -1 with what is
 * wrong in err. */
int pg_check(const struct paging *pg, char *err, size_t errlen);

/* Returns the first frame in use at or after f, or nframes when none is. */
uint32_t pg_next_used(const struct paging *pg, uint32_t f);

/* Returns 1 when a frame in from..to-1 (from < to <= nframes) may have
 * changed since pg->version was `since`, else 0. Changes are kept per 64
 * frames, so a 1 can be a neighbour's change; a 0 is certain. */
int pg_changed_since(const struct paging *pg, uint32_t from, uint32_t to, uint64_t since);

/* Restoring a saved state (status.c): pg_restore_process adds a process with
 * its size and page count and no frames yet; pg_restore_map maps pages
 * page..page+count-1 of pid to frames frame..frame+count-1. Both check ranges
 * and overlaps and return 0, or -1 with the reason. pg_restore_end checks
 * that every page is mapped and returns 0, or -1 with the first page that is
 * not; it also frees what the restore kept to find a page mapped twice
 * (without reading the page tables, which large random maps fill in random
 * order), so call it before any other change. */
/* With pg->display_only set before the first pg_restore_process, processes
 * get no page table: everything is checked the same (a page mapped twice
 * included), but a scattered million-frame memory is restored in half the
 * time, as the random order of its page-table writes is most of the cost. */
int pg_restore_process(struct paging *pg, int64_t pid, uint64_t bytes, uint64_t npages, char *err,
                       size_t errlen);
int pg_restore_map(struct paging *pg, uint64_t frame, uint64_t count, int64_t pid, uint64_t page,
                   char *err, size_t errlen);
int pg_restore_end(struct paging *pg, char *err, size_t errlen);

#endif
