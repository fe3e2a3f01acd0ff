/* segment.c: segments, holes and the fit policies. See segment.h. */
#include "segment.h"

#include <stdio.h>
#include <string.h>

#include "num.h"

static const char *fit_names[] = {"first", "best", "worst", "next"};

int seg_check_size(uint64_t size, char *err, size_t errlen)
{
    if (size < SEG_MIN_MEMORY || size > SEG_MAX_MEMORY) {
        snprintf(err, errlen, "segment memory must be from %u to %llu bytes, not %llu",
                 SEG_MIN_MEMORY, (unsigned long long)SEG_MAX_MEMORY, (unsigned long long)size);
        return -1;
    }
    return 0;
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int seg_check_name(const char *name, char *err, size_t errlen)
{
    size_t len = strlen(name);

    if (len == 0 || len > SEG_NAME_MAX || !is_alpha(name[0])) {
        snprintf(err, errlen,
                 "'%.20s%s' is not a segment name: a letter, then letters, digits, '_' or '-', "
                 "at most %d characters",
                 name, len > 20 ? "..." : "", SEG_NAME_MAX);
        goto sanitize;
    }
    for (size_t i = 1; i < len; i++)
        if (!is_alpha(name[i]) && !(name[i] >= '0' && name[i] <= '9') && name[i] != '_' &&
            name[i] != '-') {
            snprintf(err, errlen,
                     "'%.20s' is not a segment name: character %zu is not a letter, digit, '_' "
                     "or '-'",
                     name, i + 1);
            goto sanitize;
        }
    return 0;
sanitize:
    /* The name was copied into the message; keep the message printable. */
    for (char *p = err; *p; p++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
            *p = '?';
    return -1;
}

int seg_fit_parse(const char *s, enum seg_fit *out)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(s, fit_names[i]) == 0) {
            *out = (enum seg_fit)i;
            return 0;
        }
    return -1;
}

const char *seg_fit_name(enum seg_fit f)
{
    return (unsigned)f < 4 ? fit_names[f] : "?";
}

int seg_init(struct segmem *sm, uint64_t size, enum seg_fit fit, char *err, size_t errlen)
{
    if (seg_check_size(size, err, errlen) < 0)
        return -1;
    memset(sm, 0, sizeof *sm);
    sm->size = size;
    sm->fit = fit;
    return 0;
}

unsigned seg_by_address(const struct segmem *sm, int *ids)
{
    unsigned n = 0;

    for (int id = 0; id < SEG_MAX; id++) {
        unsigned j;
        if (!sm->seg[id].used)
            continue;
        for (j = n; j > 0 && sm->seg[ids[j - 1]].base > sm->seg[id].base; j--)
            ids[j] = ids[j - 1];
        ids[j] = id;
        n++;
    }
    return n;
}

unsigned seg_holes(const struct segmem *sm, struct hole *h)
{
    int ids[SEG_MAX];
    unsigned n = seg_by_address(sm, ids), nh = 0;
    uint64_t at = 0;

    for (unsigned i = 0; i < n; i++) {
        const struct segment *s = &sm->seg[ids[i]];
        if (s->base > at) {
            h[nh].base = at;
            h[nh].size = s->base - at;
            nh++;
        }
        at = s->base + s->limit;
    }
    if (at < sm->size) {
        h[nh].base = at;
        h[nh].size = sm->size - at;
        nh++;
    }
    return nh;
}

void seg_stats(const struct segmem *sm, struct seg_stats *st)
{
    struct hole h[SEG_MAX_HOLES];

    memset(st, 0, sizeof *st);
    st->nholes = seg_holes(sm, h);
    for (unsigned i = 0; i < st->nholes; i++) {
        st->free += h[i].size;
        if (h[i].size > st->largest)
            st->largest = h[i].size;
    }
    for (int id = 0; id < SEG_MAX; id++)
        if (sm->seg[id].used) {
            st->nsegs++;
            st->used += sm->seg[id].limit;
        }
    st->ext_frag = st->free ? 1.0 - (double)st->largest / (double)st->free : 0.0;
}

/* Appends "A-B (S B)" for hole h to buf. */
static void put_hole(char *buf, size_t cap, const struct hole *h)
{
    note_append(buf, cap, "%llu-%llu (%llu B)", (unsigned long long)h->base,
                (unsigned long long)(h->base + h->size - 1), (unsigned long long)h->size);
}

/* Picks the hole for `limit` bytes by the fit policy and explains the choice
 * in why. Returns the hole's index in h, or -1 when none fits. */
static int choose_hole(const struct segmem *sm, const struct hole *h, unsigned nh, uint64_t limit,
                       char *why, size_t cap)
{
    int pick = -1;
    unsigned start = 0;

    why[0] = '\0';
    switch (sm->fit) {
    case SEG_FIRST:
    case SEG_NEXT:
        if (sm->fit == SEG_NEXT) {
            while (start < nh && h[start].base + h[start].size <= sm->next)
                start++;
            note_append(why, cap,
                        "next fit starts at the hole where the last placement ended "
                        "(address %llu): ",
                        (unsigned long long)sm->next);
            if (start == nh && nh > 0) {
                start = 0;
                note_append(why, cap, "no hole lies after it, so it wraps to the start: ");
            }
        } else {
            note_append(why, cap, "first fit takes the first hole in address order that fits: ");
        }
        for (unsigned k = 0; k < nh; k++) {
            unsigned i = (start + k) % nh;
            if (k > 0)
                note_append(why, cap, i == 0 && start > 0 ? ", wraps to " : ", ");
            put_hole(why, cap, &h[i]);
            if (h[i].size >= limit) {
                note_append(why, cap, " fits");
                pick = (int)i;
                break;
            }
            note_append(why, cap, " too small");
        }
        break;
    case SEG_BEST:
    case SEG_WORST:
        note_append(why, cap, "%s fit takes the %s hole%s (ties to the lowest address); holes: ",
                    sm->fit == SEG_BEST ? "best" : "worst",
                    sm->fit == SEG_BEST ? "smallest" : "largest",
                    sm->fit == SEG_BEST ? " that fits" : "");
        for (unsigned i = 0; i < nh; i++) {
            if (i > 0)
                note_append(why, cap, ", ");
            put_hole(why, cap, &h[i]);
            if (h[i].size < limit) {
                note_append(why, cap, " too small");
                continue;
            }
            if (pick < 0 || (sm->fit == SEG_BEST && h[i].size < h[pick].size) ||
                (sm->fit == SEG_WORST && h[i].size > h[pick].size))
                pick = (int)i;
        }
        if (sm->fit == SEG_WORST && pick >= 0) {
            /* The largest hole overall, which fits if any does. */
            note_append(why, cap, "; largest: ");
            put_hole(why, cap, &h[pick]);
        } else if (pick >= 0) {
            note_append(why, cap, "; smallest that fits: ");
            put_hole(why, cap, &h[pick]);
        }
        break;
    }
    if (nh == 0)
        note_append(why, cap, "there are no holes: the memory is full");
    return pick;
}

int seg_alloc(struct segmem *sm, const char *name, uint64_t limit, struct note *n)
{
    struct hole h[SEG_MAX_HOLES];
    struct seg_stats st;
    char err[NOTE_MAX];
    unsigned nh;
    int id = -1, pick;

    note_clear(n);
    if (seg_check_name(name, err, sizeof err) < 0) {
        note_what(n, "cannot allocate a segment: %s", err);
        note_why(n, "nothing was changed");
        return -1;
    }
    for (int i = SEG_MAX - 1; i >= 0; i--) {
        if (!sm->seg[i].used)
            id = i;
        else if (strcmp(sm->seg[i].name, name) == 0) {
            note_what(n, "cannot allocate segment '%s': segment %d already has that name", name, i);
            note_why(n, "names must be unique among live segments; nothing was changed");
            return -1;
        }
    }
    if (id < 0) {
        note_what(n, "cannot allocate segment '%s': all %d segment ids (0-%d) are in use", name,
                  SEG_MAX, SEG_MAX - 1);
        note_why(n, "free a segment first; nothing was changed");
        return -1;
    }
    if (limit < 1 || limit > sm->size) {
        note_what(n,
                  "cannot allocate segment '%s' of %llu B: a segment's size must be from 1 to "
                  "%llu bytes (the whole segment memory)",
                  name, (unsigned long long)limit, (unsigned long long)sm->size);
        note_why(n, "nothing was changed");
        return -1;
    }
    nh = seg_holes(sm, h);
    pick = choose_hole(sm, h, nh, limit, n->why, sizeof n->why);
    if (pick < 0) {
        seg_stats(sm, &st);
        note_what(n, "cannot allocate segment '%s' (%llu B): no hole is large enough", name,
                  (unsigned long long)limit);
        if (st.free >= limit)
            note_why(n,
                     "external fragmentation: %llu B %s free in all, but split into %u holes "
                     "and the largest is %llu B (%.1f%% fragmented); compaction would join them; "
                     "nothing was changed",
                     (unsigned long long)st.free, st.free == 1 ? "is" : "are", st.nholes,
                     (unsigned long long)st.largest, st.ext_frag * 100.0);
        else
            note_why(n, "only %llu B %s free in all (largest hole %llu B); nothing was changed",
                     (unsigned long long)st.free, st.free == 1 ? "is" : "are",
                     (unsigned long long)st.largest);
        return -1;
    }
    sm->seg[id].used = 1;
    snprintf(sm->seg[id].name, sizeof sm->seg[id].name, "%s", name);
    sm->seg[id].base = h[pick].base;
    sm->seg[id].limit = limit;
    sm->next = h[pick].base + limit;
    note_what(n, "segment %d '%s' (%llu B) placed at base %llu: bytes %llu-%llu", id, name,
              (unsigned long long)limit, (unsigned long long)h[pick].base,
              (unsigned long long)h[pick].base, (unsigned long long)(h[pick].base + limit - 1));
    return id;
}

int seg_release(struct segmem *sm, int id, struct note *n)
{
    struct hole h[SEG_MAX_HOLES];
    const struct hole *below = NULL, *above = NULL;
    struct segment *s;
    uint64_t lo, hi;
    unsigned nh;

    note_clear(n);
    if (id < 0 || id >= SEG_MAX || !sm->seg[id].used) {
        note_what(n, "there is no segment %d to free", id);
        note_why(n, "nothing was changed");
        return -1;
    }
    s = &sm->seg[id];
    nh = seg_holes(sm, h);
    for (unsigned i = 0; i < nh; i++) {
        if (h[i].base + h[i].size == s->base)
            below = &h[i];
        if (h[i].base == s->base + s->limit)
            above = &h[i];
    }
    lo = below ? below->base : s->base;
    hi = above ? above->base + above->size : s->base + s->limit;
    note_what(n, "segment %d '%s' freed: %llu B at %llu-%llu", id, s->name,
              (unsigned long long)s->limit, (unsigned long long)s->base,
              (unsigned long long)(s->base + s->limit - 1));
    if (below && above)
        note_why(n,
                 "coalesced with the hole below and the hole above into one hole %llu-%llu "
                 "(%llu B)",
                 (unsigned long long)lo, (unsigned long long)(hi - 1),
                 (unsigned long long)(hi - lo));
    else if (below || above)
        note_why(n, "coalesced with the hole %s into one hole %llu-%llu (%llu B)",
                 below ? "below" : "above", (unsigned long long)lo, (unsigned long long)(hi - 1),
                 (unsigned long long)(hi - lo));
    else
        note_why(n, "no hole next to it, so it becomes a hole of its own: %llu-%llu (%llu B)",
                 (unsigned long long)lo, (unsigned long long)(hi - 1),
                 (unsigned long long)(hi - lo));
    memset(s, 0, sizeof *s);
    return 0;
}

int seg_lookup(const struct segmem *sm, const char *id_or_name, char *err, size_t errlen)
{
    if (id_or_name[0] >= '0' && id_or_name[0] <= '9') {
        if (id_or_name[1] == '\0' && id_or_name[0] - '0' < SEG_MAX) {
            int id = id_or_name[0] - '0';
            if (sm->seg[id].used)
                return id;
            snprintf(err, errlen, "segment %d is not in use", id);
            return -1;
        }
        snprintf(err, errlen, "'%.20s' is not a segment id (0-%d)", id_or_name, SEG_MAX - 1);
        return -1;
    }
    for (int id = 0; id < SEG_MAX; id++)
        if (sm->seg[id].used && strcmp(sm->seg[id].name, id_or_name) == 0)
            return id;
    if (seg_check_name(id_or_name, err, errlen) == 0)
        snprintf(err, errlen, "there is no segment named '%s'", id_or_name);
    return -1;
}

int seg_translate(const struct segmem *sm, int id, uint64_t offset, int hex, uint64_t *physical,
                  struct note *n)
{
    const struct segment *s;
    uint64_t phys;
    char o[24], l[24], z[32], lm[24], b[24], p[24];

    note_clear(n);
    if (id < 0 || id >= SEG_MAX || !sm->seg[id].used) {
        note_what(n, "cannot translate: segment %d is not in use", id);
        return -1;
    }
    s = &sm->seg[id];
    if (offset >= s->limit) {
        note_what(n, "segmentation fault: offset %s is not below the limit %s of segment %d '%s'",
                  num_radix(o, sizeof o, offset, hex), num_radix(l, sizeof l, s->limit, hex), id,
                  s->name);
        note_why(n, "valid offsets are %s-%s (physical %s-%s)", num_radix(z, sizeof z, 0, hex),
                 num_radix(lm, sizeof lm, s->limit - 1, hex), num_radix(b, sizeof b, s->base, hex),
                 num_radix(p, sizeof p, s->base + s->limit - 1, hex));
        return -1;
    }
    phys = s->base + offset;
    *physical = phys;
    num_radix(o, sizeof o, offset, hex);
    num_radix(p, sizeof p, phys, hex);
    if (hex)
        snprintf(z, sizeof z, " (%llu)", (unsigned long long)phys);
    else
        z[0] = '\0';
    note_what(n, "segment %d '%s' offset %s -> physical %s%s", id, s->name, o, p, z);
    note_why(n, "offset %s < limit %s, so physical = base %s + %s = %s%s", o,
             num_radix(l, sizeof l, s->limit, hex), num_radix(b, sizeof b, s->base, hex), o, p,
             hex ? ": an addition, as a segment may start at any byte" : "");
    return 0;
}

int seg_compact(struct segmem *sm, struct note *n)
{
    int ids[SEG_MAX];
    unsigned nseg = seg_by_address(sm, ids), moved = 0;
    struct seg_stats before, after;
    uint64_t at = 0;

    note_clear(n);
    seg_stats(sm, &before);
    for (unsigned i = 0; i < nseg; i++) {
        struct segment *s = &sm->seg[ids[i]];
        if (s->base != at) {
            note_append(n->what, sizeof n->what, "%ssegment %d '%s' from %llu to %llu",
                        moved ? ", " : "", ids[i], s->name, (unsigned long long)s->base,
                        (unsigned long long)at);
            s->base = at;
            moved++;
        }
        at += s->limit;
    }
    sm->next = at;
    seg_stats(sm, &after);
    if (moved) {
        char list[NOTE_MAX];
        snprintf(list, sizeof list, "%s", n->what);
        note_what(n, "compacted: %u segment%s moved (%s)", moved, moved == 1 ? "" : "s", list);
    } else {
        note_what(n, "compacted: nothing to move, the segments were already packed at the bottom");
    }
    note_why(n,
             "segments slide down in address order to close the gaps: %u hole%s (largest %llu "
             "B) became %u (largest %llu B)",
             before.nholes, before.nholes == 1 ? "" : "s", (unsigned long long)before.largest,
             after.nholes, (unsigned long long)after.largest);
    return 0;
}

int seg_set_fit(struct segmem *sm, enum seg_fit fit, struct note *n)
{
    static const char *how[] = {
        "the first hole in address order that fits",
        "the smallest hole that fits, ties to the lowest address",
        "the largest hole, ties to the lowest address",
        "the first hole that fits, starting where the last placement ended and wrapping around",
    };

    note_clear(n);
    sm->fit = fit;
    note_what(n, "fit policy is now %s", seg_fit_name(fit));
    note_why(n, "a new segment goes into %s", how[fit]);
    return 0;
}

int seg_reset(struct segmem *sm, uint64_t size, struct note *n)
{
    char err[NOTE_MAX];
    unsigned live = 0;

    note_clear(n);
    if (seg_check_size(size, err, sizeof err) < 0) {
        note_what(n, "cannot reset segment memory: %s", err);
        note_why(n, "nothing was changed");
        return -1;
    }
    for (int id = 0; id < SEG_MAX; id++)
        live += sm->seg[id].used != 0;
    memset(sm->seg, 0, sizeof sm->seg);
    sm->size = size;
    sm->next = 0;
    note_what(n, "segment memory reset: %llu B, empty", (unsigned long long)size);
    note_why(n, "%u segment%s freed; fit policy %s kept", live, live == 1 ? "" : "s",
             seg_fit_name(sm->fit));
    return 0;
}

int seg_check(const struct segmem *sm, char *err, size_t errlen)
{
    int ids[SEG_MAX];
    unsigned n;

    if (seg_check_size(sm->size, err, errlen) < 0)
        return -1;
    if ((unsigned)sm->fit > SEG_NEXT) {
        snprintf(err, errlen, "unknown fit policy");
        return -1;
    }
    if (sm->next > sm->size) {
        snprintf(err, errlen, "next-fit position %llu is past the memory's %llu bytes",
                 (unsigned long long)sm->next, (unsigned long long)sm->size);
        return -1;
    }
    for (int id = 0; id < SEG_MAX; id++) {
        const struct segment *s = &sm->seg[id];
        if (!s->used)
            continue;
        if (memchr(s->name, '\0', sizeof s->name) == NULL ||
            seg_check_name(s->name, err, errlen) < 0)
            return -1;
        for (int j = 0; j < id; j++)
            if (sm->seg[j].used && strcmp(sm->seg[j].name, s->name) == 0) {
                snprintf(err, errlen, "segments %d and %d are both named '%s'", j, id, s->name);
                return -1;
            }
        if (s->limit < 1 || s->base >= sm->size || s->limit > sm->size - s->base) {
            snprintf(err, errlen,
                     "segment %d (base %llu, limit %llu) does not lie inside the "
                     "%llu bytes of segment memory",
                     id, (unsigned long long)s->base, (unsigned long long)s->limit,
                     (unsigned long long)sm->size);
            return -1;
        }
    }
    n = seg_by_address(sm, ids);
    for (unsigned i = 1; i < n; i++) {
        const struct segment *a = &sm->seg[ids[i - 1]], *b = &sm->seg[ids[i]];
        if (a->base + a->limit > b->base) {
            snprintf(err, errlen, "segments %d and %d overlap", ids[i - 1], ids[i]);
            return -1;
        }
    }
    return 0;
}
