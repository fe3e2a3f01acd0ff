/* heap_index.c: the heap's blocks array and its name index, a hash table
 * with linear probing whose slots hold a block's index + 1 (0: empty). The
 * table is a power of two at most half full, so a lookup reads a few slots;
 * removal shifts the following run back (no tombstones). See heap_impl.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "heap_impl.h"

struct heap_names {
    uint32_t *slot; /* Block index + 1, or 0. */
    size_t cap;     /* Slots: a power of two, or 0. */
};

/* FNV-1a of the name. */
static size_t hash_name(const char *s)
{
    uint64_t x = 14695981039346656037ull;

    for (; *s; s++) {
        x ^= (unsigned char)*s;
        x *= 1099511628211ull;
    }
    return (size_t)(x ^ (x >> 29));
}

/* The slot holding name, or the empty slot where it would go. */
static size_t probe(const struct heap_names *t, const struct heap *h, const char *name)
{
    size_t mask = t->cap - 1, i = hash_name(name) & mask;

    while (t->slot[i] && strcmp(h->blocks[t->slot[i] - 1].name, name) != 0)
        i = (i + 1) & mask;
    return i;
}

size_t heap_names_find(const struct heap *h, const char *name)
{
    const struct heap_names *t = h->names;
    size_t i;

    if (!t || !t->cap)
        return SIZE_MAX;
    i = probe(t, h, name);
    return t->slot[i] ? (size_t)t->slot[i] - 1 : SIZE_MAX;
}

int heap_names_reserve(struct heap *h, size_t more)
{
    struct heap_names *t = h->names;
    size_t want = h->nblocks + more, cap;
    uint32_t *slot;

    if (!t) {
        t = calloc(1, sizeof *t);
        if (!t)
            return -1;
        h->names = t;
    }
    if (want > UINT32_MAX - 1)
        return -1;
    if (t->cap && want <= t->cap / 2)
        return 0;
    for (cap = 16; cap / 2 < want; cap *= 2)
        ;
    slot = calloc(cap, sizeof *slot);
    if (!slot)
        return -1;
    free(t->slot);
    t->slot = slot;
    t->cap = cap;
    for (size_t b = 0; b < h->nblocks; b++)
        t->slot[probe(t, h, h->blocks[b].name)] = (uint32_t)(b + 1);
    return 0;
}

void heap_names_free(struct heap *h)
{
    struct heap_names *t = h->names;

    if (t)
        free(t->slot);
    free(t);
    h->names = NULL;
}

int heap_blocks_reserve(struct heap *h, size_t more)
{
    struct heap_block *v = grow_array(h->blocks, &h->capblocks, h->nblocks + more, sizeof *v);

    if (!v)
        return -1;
    h->blocks = v;
    return heap_names_reserve(h, more);
}

void heap_blocks_add(struct heap *h, const struct heap_block *b)
{
    struct heap_names *t = h->names;

    h->blocks[h->nblocks] = *b;
    t->slot[probe(t, h, b->name)] = (uint32_t)(h->nblocks + 1);
    h->nblocks++;
    h->used += b->span;
    h->asked += b->size;
}

/* Empties slot i and moves back the entries after it that probed past it. */
static void unslot(struct heap_names *t, const struct heap *h, size_t i)
{
    size_t mask = t->cap - 1, j = i;

    t->slot[i] = 0;
    for (;;) {
        size_t home;

        j = (j + 1) & mask;
        if (!t->slot[j])
            return;
        home = hash_name(h->blocks[t->slot[j] - 1].name) & mask;
        /* The entry at j may fill the hole at i when its home is not in (i, j]. */
        if ((i <= j) ? (home <= i || home > j) : (home <= i && home > j)) {
            t->slot[i] = t->slot[j];
            t->slot[j] = 0;
            i = j;
        }
    }
}

void heap_blocks_remove(struct heap *h, size_t i)
{
    struct heap_names *t = h->names;
    size_t last = h->nblocks - 1;

    h->used -= h->blocks[i].span;
    h->asked -= h->blocks[i].size;
    unslot(t, h, probe(t, h, h->blocks[i].name));
    if (i != last) {
        t->slot[probe(t, h, h->blocks[last].name)] = (uint32_t)(i + 1);
        h->blocks[i] = h->blocks[last];
    }
    h->nblocks--;
}

int heap_names_check(const struct heap *h, char *err, size_t errlen)
{
    const struct heap_names *t = h->names;
    size_t full = 0;

    if (!t || !t->cap || h->nblocks > t->cap / 2) {
        snprintf(err, errlen, "the name index is missing or too small for %zu blocks", h->nblocks);
        return -1;
    }
    for (size_t i = 0; i < t->cap; i++)
        if (t->slot[i] && ++full && t->slot[i] > h->nblocks) {
            snprintf(err, errlen, "the name index holds block %u of %zu", t->slot[i], h->nblocks);
            return -1;
        }
    for (size_t b = 0; b < h->nblocks; b++)
        if (heap_names_find(h, h->blocks[b].name) != b) {
            snprintf(err, errlen, "the name index does not find block '%s' at %zu",
                     h->blocks[b].name, b);
            return -1;
        }
    if (full != h->nblocks) {
        snprintf(err, errlen, "the name index holds %zu names for %zu blocks", full, h->nblocks);
        return -1;
    }
    return 0;
}
