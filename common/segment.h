/* segment.h: a contiguous segment memory holding up to five segments.
 *
 * Segments have ids 0-4 (a new one takes the lowest free id), a name unique
 * among live segments, a base and a limit (its size in bytes). The space not
 * covered by segments forms the holes, always coalesced: the holes are simply
 * the gaps between segments, so freeing a segment merges it with the holes on
 * either side. A fit policy chooses the hole for a new segment, which is
 * carved from the low end of that hole:
 *   first  the lowest-addressed hole that fits;
 *   best   the smallest hole that fits, ties to the lowest address;
 *   worst  the largest hole, ties to the lowest address;
 *   next   first fit starting at the hole where the previous placement ended
 *          (the first hole whose end lies past that address), wrapping around.
 *
 * Every action is all-or-nothing: on failure it returns -1, says why in the
 * note and changes nothing. struct segmem owns no heap memory.
 */
#ifndef MT_SEGMENT_H
#define MT_SEGMENT_H

#include <stddef.h>
#include <stdint.h>

#include "note.h"

#define SEG_MAX        5                   /* Segments at once, ids 0..SEG_MAX-1. */
#define SEG_NAME_MAX   15                  /* Longest name in characters. */
#define SEG_MIN_MEMORY 16u                 /* Smallest segment memory in bytes. */
#define SEG_MAX_MEMORY (UINT64_C(1) << 40) /* Largest: 1 TiB. */
#define SEG_MAX_HOLES  (SEG_MAX + 1)       /* Gaps around five segments. */

enum seg_fit { SEG_FIRST, SEG_BEST, SEG_WORST, SEG_NEXT };

struct segment {
    int used;                    /* 1 when this id is live. */
    char name[SEG_NAME_MAX + 1]; /* Letter, then letters, digits, '_' or '-'. */
    uint64_t base;               /* First byte. */
    uint64_t limit;              /* Size in bytes; valid offsets 0 .. limit-1. */
};

struct hole {
    uint64_t base, size; /* Free bytes base .. base+size-1. */
};

struct segmem {
    uint64_t size;               /* Bytes of segment memory. */
    enum seg_fit fit;            /* Placement policy. */
    uint64_t next;               /* Next fit: where the previous placement ended. */
    struct segment seg[SEG_MAX]; /* Indexed by id. */
};

struct seg_stats {
    uint64_t used, free; /* Bytes in segments, bytes in holes. */
    unsigned nsegs;      /* Live segments. */
    unsigned nholes;     /* Holes. */
    uint64_t largest;    /* Largest hole, 0 when none. */
    double ext_frag;     /* 1 - largest / free; 0 when nothing is free. */
};

/* Checks a segment memory size: SEG_MIN_MEMORY .. SEG_MAX_MEMORY bytes.
 * Returns 0 or -1 with the reason. */
int seg_check_size(uint64_t size, char *err, size_t errlen);

/* Checks a segment name's spelling (not its uniqueness). Returns 0 or -1
 * with the reason. */
int seg_check_name(const char *name, char *err, size_t errlen);

/* Parses "first", "best", "worst" or "next". Returns 0 and sets *out, or -1. */
int seg_fit_parse(const char *s, enum seg_fit *out);
/* Returns the policy's name. */
const char *seg_fit_name(enum seg_fit f);

/* Makes an empty segment memory of `size` bytes. Returns 0, or -1 with the
 * reason and *sm untouched. */
int seg_init(struct segmem *sm, uint64_t size, enum seg_fit fit, char *err, size_t errlen);

/* Places a new segment of `limit` bytes named `name`. Returns its id (0-4) with
 * what/why in the note, or -1 (bad or duplicate name, bad size, five segments
 * live, no hole large enough) with the reason, and nothing changed. */
int seg_alloc(struct segmem *sm, const char *name, uint64_t limit, struct note *n);

/* Frees segment id. Returns 0, or -1 if it is not live. */
int seg_release(struct segmem *sm, int id, struct note *n);

/* Finds a live segment by id ("2") or name ("heap"). Returns its id, or -1
 * with the reason. */
int seg_lookup(const struct segmem *sm, const char *id_or_name, char *err, size_t errlen);

/* Translates offset within segment id. Returns 0 and sets *physical to
 * base + offset, or -1 (not live, or a segmentation fault: offset >= limit)
 * with *physical unchanged. The note gets the worked check either way, in
 * hexadecimal when hex is 1 (with the physical address in decimal too),
 * else in decimal. */
int seg_translate(const struct segmem *sm, int id, uint64_t offset, int hex, uint64_t *physical,
                  struct note *n);

/* Slides every segment down, in address order, to close all holes. Returns 0;
 * the note lists each move. */
int seg_compact(struct segmem *sm, struct note *n);

/* Sets the fit policy. Returns 0. */
int seg_set_fit(struct segmem *sm, enum seg_fit fit, struct note *n);

/* Empties the segment memory and sets its size. Returns 0, or -1 with sm
 * unchanged. */
int seg_reset(struct segmem *sm, uint64_t size, struct note *n);

/* Writes the holes in address order to h (room for SEG_MAX_HOLES). Returns
 * how many. */
unsigned seg_holes(const struct segmem *sm, struct hole *h);

/* Writes the ids of live segments in address order to ids (room for SEG_MAX).
 * Returns how many. */
unsigned seg_by_address(const struct segmem *sm, int *ids);

/* Fills *st with the usage figures. */
void seg_stats(const struct segmem *sm, struct seg_stats *st);

/* Checks every invariant: names valid and unique, segments inside memory and
 * not overlapping, limits positive, next within memory. Returns 0 or -1 with
 * what is wrong. */
int seg_check(const struct segmem *sm, char *err, size_t errlen);

#endif
