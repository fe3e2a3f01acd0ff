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
 * note and changes nothing. struct paging owns its arrays and its frame set
 * (frameset.h: which frames are in use, for searches 64 frames a step, and
 * when they changed); release them with pg_free. A saved memory is rebuilt
 * through pg_restore.h.
 */
#ifndef MT_PAGING_H
#define MT_PAGING_H

#include <stddef.h>
#include <stdint.h>

#include "frameset.h"
#include "note.h"

#define PG_MIN_FRAMES    1u
#define PG_MAX_FRAMES    4194304u            /* 2^22 frames. */
#define PG_MIN_PAGE_SIZE 16u                 /* Bytes. */
#define PG_MAX_PAGE_SIZE 1073741824u         /* 1 GiB. */
#define PG_MAX_PID       2147483647          /* Process ids are 1 .. this. */
#define PG_MAX_BYTES     (UINT64_C(1) << 52) /* Most bytes one process may hold. */
#define PG_UNMAPPED      UINT32_MAX          /* Page-table entry of a page not mapped yet. */

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
    uint32_t *frames; /* Page table: frames[page] is the frame of that page (PG_UNMAPPED
                         while a restore has not mapped it); NULL when display_only. */
};

struct paging {
    uint32_t nframes;         /* TOTAL_FRAMES. */
    uint64_t page_size;       /* PAGE_SIZE in bytes, a power of two. */
    enum pg_policy policy;    /* How frames are chosen. */
    uint64_t seed;            /* Seed PG_RANDOM started from. */
    uint64_t rng;             /* Generator state now (saved to resume). */
    uint32_t nfree;           /* Free frames. */
    struct pg_frame *frames;  /* The frame table: nframes entries. */
    struct pg_process *procs; /* Sorted by pid. */
    size_t nprocs, capprocs;  /* Processes held, capacity of procs. */
    struct frameset set;      /* Which frames are in use, and when they changed: kept with
                                 frames[] by every action, for fast searches (frameset.h). */
    int display_only;         /* A memory without page tables (procs[].frames NULL), restored
                                 for drawing (pg_restore.h): it can be drawn, not changed;
                                 pg_alloc, pg_release and pg_translate refuse. */
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

/* Returns k when v is 2^k, else -1. */
int pg_log2(uint64_t v);

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

/* Returns ceil(bytes / page_size): the pages that hold `bytes` bytes. */
uint64_t pg_pages_for(const struct paging *pg, uint64_t bytes);

#endif
