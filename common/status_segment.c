/* status_segment.c: the segmentation records of the status file, read and
 * written: `segmentation` (the settings and counts), `segment` (one a live
 * segment, by id) and `hole` (the gaps the segments leave, in address
 * order). See docs/status-format.md and the table in status.c. */
#include "status_impl.h"

#include <stdio.h>
#include <string.h>

/* ---- Writing ------------------------------------------------------------- */

void status_write_segmentation(const struct status *st, struct status_cache *cache, struct sink *s)
{
    const struct segmem *sm = &st->sm;
    struct hole h[SEG_MAX_HOLES];
    unsigned nh = seg_holes(sm, h), nseg = 0;

    (void)cache;
    for (int id = 0; id < SEG_MAX; id++)
        nseg += sm->seg[id].used != 0;
    status_putkv(s, "segmentation memory", sm->size);
    status_puts(s, " fit=");
    status_puts(s, seg_fit_name(sm->fit));
    status_putkv(s, " next", sm->next);
    status_putkv(s, " segments", nseg);
    status_putkv(s, " holes", nh);
    status_put(s, "\n", 1);
}

void status_write_segments(const struct status *st, struct status_cache *cache, struct sink *s)
{
    const struct segmem *sm = &st->sm;

    (void)cache;
    for (int id = 0; id < SEG_MAX; id++)
        if (sm->seg[id].used) {
            status_putkv(s, "segment id", (uint64_t)id);
            status_puts(s, " name=");
            status_puts(s, sm->seg[id].name);
            status_putkv(s, " base", sm->seg[id].base);
            status_putkv(s, " limit", sm->seg[id].limit);
            status_put(s, "\n", 1);
        }
}

void status_write_holes(const struct status *st, struct status_cache *cache, struct sink *s)
{
    struct hole h[SEG_MAX_HOLES];
    unsigned nh = seg_holes(&st->sm, h);

    (void)cache;
    for (unsigned i = 0; i < nh; i++) {
        status_putkv(s, "hole base", h[i].base);
        status_putkv(s, " size", h[i].size);
        status_put(s, "\n", 1);
    }
}

/* ---- Reading ------------------------------------------------------------- */

int status_read_segmentation(struct status_parser *p, unsigned long *line)
{
    struct segmem *sm = &p->st->sm;
    uint64_t memory, next;
    enum seg_fit fit;
    const char *w;
    char why[256];

    if (status_num_field(p, 1, "memory", 0, UINT64_MAX, &memory) < 0 ||
        !(w = status_word_field(p, 2, "fit")))
        return -1;
    if (seg_fit_parse(w, &fit) < 0)
        return status_fail(p, "segmentation: fit must be first, best, worst or next, not '%.20s'",
                           w);
    if (status_num_field(p, 3, "next", 0, UINT64_MAX, &next) < 0 ||
        status_num_field(p, 4, "segments", 0, SEG_MAX, &p->seg.nsegs) < 0 ||
        status_num_field(p, 5, "holes", 0, SEG_MAX_HOLES, &p->seg.nholes) < 0)
        return -1;
    if (seg_init(sm, memory, fit, why, sizeof why) < 0)
        return status_fail(p, "segmentation: %s", why);
    if (next > memory)
        return status_fail(p, "segmentation: next=%llu is past the %llu bytes of memory",
                           (unsigned long long)next, (unsigned long long)memory);
    sm->next = next;
    p->seg.line = *line;
    p->seg.last_id = -1;
    return 0;
}

/* Checks that segment name, at base with limit bytes, fits in memory and
 * neither shares its name with a segment read before nor overlaps one.
 * Returns 0 or -1 with the error set. */
static int segment_fits(struct status_parser *p, const char *name, uint64_t base, uint64_t limit)
{
    const struct segmem *sm = &p->st->sm;

    if (base >= sm->size || limit > sm->size - base)
        return status_fail(p,
                           "segment: %s (base %llu, limit %llu) does not fit in the %llu bytes "
                           "of segment memory",
                           name, (unsigned long long)base, (unsigned long long)limit,
                           (unsigned long long)sm->size);
    for (int id = 0; id < SEG_MAX; id++) {
        const struct segment *o = &sm->seg[id];
        if (!o->used)
            continue;
        if (strcmp(o->name, name) == 0)
            return status_fail(p, "segment: name '%s' is already used by segment %d", name, id);
        if (base < o->base + o->limit && o->base < base + limit)
            return status_fail(
                p, "segment: %s (%llu-%llu) overlaps segment %d %s (%llu-%llu)", name,
                (unsigned long long)base, (unsigned long long)(base + limit - 1), id, o->name,
                (unsigned long long)o->base, (unsigned long long)(o->base + o->limit - 1));
    }
    return 0;
}

int status_read_segment(struct status_parser *p, unsigned long *line)
{
    uint64_t id, base, limit;
    struct segment *sg;
    const char *w;
    char why[256];

    (void)line;
    if (status_num_field(p, 1, "id", 0, SEG_MAX - 1, &id) < 0 ||
        !(w = status_word_field(p, 2, "name")) ||
        status_num_field(p, 3, "base", 0, UINT64_MAX, &base) < 0 ||
        status_num_field(p, 4, "limit", 1, UINT64_MAX, &limit) < 0)
        return -1;
    if ((int)id <= p->seg.last_id)
        return status_fail(p,
                           "segment: id %llu is not above the previous one; segments are listed "
                           "once each, by id",
                           (unsigned long long)id);
    if (seg_check_name(w, why, sizeof why) < 0)
        return status_fail(p, "segment: %s", why);
    if (segment_fits(p, w, base, limit) < 0)
        return -1;
    sg = &p->st->sm.seg[id];
    sg->used = 1;
    snprintf(sg->name, sizeof sg->name, "%s", w);
    sg->base = base;
    sg->limit = limit;
    p->seg.last_id = (int)id;
    p->seg.segs_seen++;
    return 0;
}

int status_read_hole(struct status_parser *p, unsigned long *line)
{
    const struct hole *want;
    uint64_t base, size;

    (void)line;
    if (status_num_field(p, 1, "base", 0, UINT64_MAX, &base) < 0 ||
        status_num_field(p, 2, "size", 1, UINT64_MAX, &size) < 0)
        return -1;
    if (p->seg.holes_seen >= p->seg.nh)
        return status_fail(p, "hole: the segments leave only %u hole%s", p->seg.nh,
                           p->seg.nh == 1 ? "" : "s");
    want = &p->seg.holes[p->seg.holes_seen];
    if (base != want->base || size != want->size)
        return status_fail(p,
                           "hole: base=%llu size=%llu is not the gap the segments leave "
                           "(base=%llu size=%llu)",
                           (unsigned long long)base, (unsigned long long)size,
                           (unsigned long long)want->base, (unsigned long long)want->size);
    p->seg.holes_seen++;
    return 0;
}

/* Checks the segment count and computes the holes the segments leave, when
 * the parser leaves the segment records. */
int status_close_segments(struct status_parser *p, unsigned long *line)
{
    if (p->seg.segs_seen != p->seg.nsegs) {
        *line = p->seg.line;
        return status_fail(p, "segmentation: segments=%llu but %u segment records follow",
                           (unsigned long long)p->seg.nsegs, p->seg.segs_seen);
    }
    p->seg.nh = seg_holes(&p->st->sm, p->seg.holes);
    if (p->seg.nh != p->seg.nholes) {
        *line = p->seg.line;
        return status_fail(p, "segmentation: holes=%llu but the segments leave %u hole%s",
                           (unsigned long long)p->seg.nholes, p->seg.nh, p->seg.nh == 1 ? "" : "s");
    }
    return 0;
}

/* Checks that the hole records listed every hole, when the parser leaves
 * them. */
int status_close_holes(struct status_parser *p, unsigned long *line)
{
    if (p->seg.holes_seen == p->seg.nh)
        return 0;
    *line = p->seg.line;
    return status_fail(p, "%u hole record%s, but the segments leave %u hole%s", p->seg.holes_seen,
                       p->seg.holes_seen == 1 ? "" : "s", p->seg.nh, p->seg.nh == 1 ? "" : "s");
}
