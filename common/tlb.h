/* tlb.h: a translation lookaside buffer (TLB), the cache of translations
 * that the memory unit checks before it walks the page table.
 *
 * The shape. `entries` entries in `sets` sets of `ways` ways each (sets =
 * entries / ways): ways == entries is fully associative (one set), ways == 1
 * direct-mapped. A virtual page number (VPN) belongs to set VPN mod sets, and
 * its tag is VPN / sets, as OSTEP's TLB chapter (ch. 19) and the UW CSE351
 * VM simulator have it. An entry holds a valid bit, the process (its
 * address-space id, ASID, is its pid here), the VPN, the frame (PFN), the
 * protection bits (TLB_R, TLB_W, TLB_X) and the time it was last used.
 *
 * Time. The TLB's clock is its count of lookups: the first lookup is at time
 * 1. A hit stamps the entry with the lookup's time; an insert stamps it with
 * the current time (the time of the lookup that missed). Within a set the
 * least recently used entry is the one with the smallest stamp, the lowest
 * way among equal stamps.
 *
 * Address-space ids. With asid on, entries of several processes coexist and
 * a lookup matches on (pid, VPN). With asid off, the TLB holds the running
 * process's translations only: a lookup by a process other than the last one
 * is a context switch, which first flushes the whole TLB (counted in
 * `flushes`, and said in the lookup's note), and an insert for a process
 * other than the running one is refused.
 *
 * The life of a translation: tlb_lookup; on a miss the caller walks the page
 * table and calls tlb_insert, which takes the lowest invalid way of the set
 * or evicts the set's least recently used entry. When the page leaves its
 * frame (evicted, freed) the caller calls tlb_invalidate; a freed process
 * tlb_invalidate_pid; `tlb flush` tlb_flush.
 *
 * Notes: each action may fill a struct note (note.h) with what happened and
 * why; a NULL note skips all text formatting (a trace replays millions of
 * lookups). Nothing here prints. struct tlb owns its entry array (tlb_free).
 */
#ifndef MT_TLB_H
#define MT_TLB_H

#include <stddef.h>
#include <stdint.h>

#include "note.h"

#define TLB_MAX_ENTRIES 4096u      /* Most entries a TLB may have. */
#define TLB_NO_WAY      UINT32_MAX /* last_way of a miss: no way matched. */

/* Protection bits, of a TLB entry and of a page-table entry. */
enum {
    TLB_R = 1, /* Readable. */
    TLB_W = 2, /* Writable. */
    TLB_X = 4, /* Executable. */
    TLB_RWX = TLB_R | TLB_W | TLB_X
};

/* What the last lookup found. */
enum tlb_result {
    TLB_NONE, /* No lookup yet. */
    TLB_HIT,
    TLB_MISS
};

struct tlb_entry {
    uint8_t valid; /* 1: holds a translation. */
    uint8_t prot;  /* TLB_R | TLB_W | TLB_X bits. */
    int32_t pid;   /* The process (its ASID). */
    uint64_t vpn;  /* Virtual page number; the tag is vpn / sets. */
    uint64_t pfn;  /* Physical frame number. */
    uint64_t used; /* Time (lookup number) of the last use. */
};

struct tlb_counts {
    uint64_t lookups;       /* tlb_lookup calls: hits + misses. */
    uint64_t hits;          /* Lookups that found their translation. */
    uint64_t misses;        /* Lookups that did not. */
    uint64_t inserts;       /* Translations put in. */
    uint64_t evictions;     /* Valid entries an insert replaced. */
    uint64_t flushes;       /* Whole-TLB flushes: tlb_flush and context switches. */
    uint64_t flushed;       /* Valid entries those flushes dropped. */
    uint64_t invalidations; /* Valid entries tlb_invalidate(_pid) dropped. */
};

struct tlb {
    uint32_t entries;     /* sets * ways. */
    uint32_t ways;        /* Entries a set. */
    uint32_t sets;        /* entries / ways. */
    int asid;             /* 1: entries of several processes coexist. */
    struct tlb_entry *e;  /* Owned: set s is e[s * ways .. s * ways + ways - 1]. */
    struct tlb_counts c;  /* The counters. */
    int running;          /* 1 once a process has looked up or inserted. */
    int32_t running_pid;  /* That process: the last to look up (or insert first). */
    enum tlb_result last; /* The last lookup's result. */
    int32_t last_pid;     /* Its process, */
    uint64_t last_vpn;    /* VPN, */
    uint32_t last_set;    /* set, */
    uint32_t last_way;    /* and way: the hit's, the insert's after a miss, else (and once
                             that entry is dropped) TLB_NO_WAY. */
};

/* Makes an empty TLB of `entries` entries (1..TLB_MAX_ENTRIES) with `ways`
 * ways a set (ways divides entries), address-space ids on when asid is
 * nonzero. Returns 0, or -1 with the reason in err (t untouched). The caller
 * frees t with tlb_free. */
int tlb_init(struct tlb *t, uint32_t entries, uint32_t ways, int asid, char *err, size_t errlen);

/* Frees t's entries and empties t (tlb_free of an emptied TLB does nothing). */
void tlb_free(struct tlb *t);

/* Returns the set of virtual page vpn: vpn mod sets. */
uint32_t tlb_set_of(const struct tlb *t, uint64_t vpn);

/* Looks up (pid, vpn) at time lookups + 1, first flushing the TLB when asid
 * is off and pid is not the running process. Returns 1 on a hit (the entry's
 * stamp refreshed, a copy in *out when out is not NULL), 0 on a miss (*out
 * untouched). Records the result in last_*. Cannot fail. */
int tlb_lookup(struct tlb *t, int32_t pid, uint64_t vpn, struct tlb_entry *out, struct note *n);

/* Puts the translation (pid, vpn) -> pfn with protection prot (TLB_RWX bits)
 * in vpn's set: its lowest invalid way, else its least recently used way,
 * whose translation is evicted (the note says which and when it was last
 * used; a copy in *evicted when evicted is not NULL, else its valid is 0).
 * Sets last_set and last_way. Returns 0, or -1 with the reason in n and
 * nothing changed: prot has other bits, (pid, vpn) is already in the TLB, or
 * asid is off and pid is not the running process. */
int tlb_insert(struct tlb *t, int32_t pid, uint64_t vpn, uint64_t pfn, unsigned prot,
               struct tlb_entry *evicted, struct note *n);

/* Drops the translation of (pid, vpn), if the TLB holds it (its page was
 * evicted or freed). Returns the number of entries dropped, 0 or 1. */
uint32_t tlb_invalidate(struct tlb *t, int32_t pid, uint64_t vpn);

/* Drops every translation of process pid (freed). Returns how many. */
uint32_t tlb_invalidate_pid(struct tlb *t, int32_t pid);

/* Drops every translation; counts one flush. Returns how many were valid. */
uint32_t tlb_flush(struct tlb *t);

/* Returns the number of valid entries. */
uint32_t tlb_valid(const struct tlb *t);

/* Returns hits / lookups, 0 before the first lookup. */
double tlb_hit_rate(const struct tlb *t);

/* Effective access time of one memory reference, in the unit of t_tlb and
 * t_mem, for a TLB hit rate h (0..1) and a page table of `levels` levels
 * (1 = linear):
 *     EAT = h * (t_tlb + t_mem) + (1 - h) * (t_tlb + (levels + 1) * t_mem)
 * A hit costs the TLB lookup and the data access; a miss the lookup, one
 * memory access per level of the walk, and the data access (docs/translation.md). */
double tlb_eat(double t_tlb, double t_mem, unsigned levels, double hit_rate);

/* Writes "rwx" with '-' for each bit of prot not set into buf (4 bytes) and
 * returns buf. */
const char *tlb_prot_str(unsigned prot, char buf[4]);

/* Checks the invariants: the shape (sets * ways == entries); each valid
 * entry in its VPN's set, with known protection bits and a stamp not in the
 * future; no two valid entries for the same (pid, VPN), with asid off for
 * the same VPN, and with asid off only the running process's entries; the
 * counters (lookups = hits + misses; valid entries = inserts - evictions -
 * invalidations - flushed, none wrapping past 2^64); last_set and last_way
 * in range, the entry at last_way (when there is one) holding the last
 * lookup's page, and with asid off the last lookup the running process's.
 * Returns 0, or -1 with the first broken one in err. */
int tlb_check(const struct tlb *t, char *err, size_t errlen);

#endif
