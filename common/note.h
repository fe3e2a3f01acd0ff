/* note.h: the two-line explanation every model operation leaves behind.
 *
 * Each action in paging.c and segment.c fills a struct note: `what` says what
 * happened (or, on failure, what went wrong), `why` says why it happened there
 * (which frames were free, which holes the fit policy looked at). The tracker
 * prints both; the status file stores them as its `event` and `why` lines, so
 * the visualizer shows the same words. Text is printable ASCII only, one line
 * each, cut (with "...") to fit.
 */
#ifndef MT_NOTE_H
#define MT_NOTE_H

#include <stddef.h>
#include <stdint.h>

#define NOTE_MAX 400 /* Longest `what` or `why`, including the NUL. */

struct note {
    char what[NOTE_MAX]; /* What happened; on failure the error. */
    char why[NOTE_MAX];  /* Why there / why not; may be empty. */
};

/* Empties both lines. */
void note_clear(struct note *n);

/* Replaces n->what (note_what) or n->why (note_why) with the formatted text.
 * Control bytes become spaces; text too long is cut and ends in "...". */
void note_what(struct note *n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void note_why(struct note *n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Appends formatted text to the NUL-terminated string buf of capacity cap,
 * cutting with "..." when it does not fit. Returns 0, or -1 once cut. */
int note_append(char *buf, size_t cap, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Collects increasing numbers into compact ranges ("0-2, 5, 9-15") for
 * notes. Start with ranges_init, feed with ranges_add in increasing order,
 * finish with ranges_end. At most `limit` ranges are written; the rest are
 * counted and summarised as "and N more". Nothing is allocated. */
struct ranges {
    char *buf;       /* Destination (NUL-terminated at all times). */
    size_t cap;      /* Its capacity. */
    unsigned limit;  /* Ranges to write before summarising. */
    unsigned shown;  /* Ranges written so far. */
    uint64_t hidden; /* Ranges not written. */
    int open;        /* A range is in progress. */
    uint64_t lo, hi; /* The range in progress. */
};

void ranges_init(struct ranges *r, char *buf, size_t cap, unsigned limit);
void ranges_add(struct ranges *r, uint64_t v);
/* Feeds lo, lo+1, ..., hi (lo <= hi) at once. */
void ranges_add_span(struct ranges *r, uint64_t lo, uint64_t hi);
void ranges_end(struct ranges *r);

#endif
