/* grow.h: room for one more element in a caller's array, by doubling.
 *
 * The arrays of common/ that grow one element at a time (paging's
 * processes, the restore's seen bits) share this; it keeps no state.
 */
#ifndef MT_GROW_H
#define MT_GROW_H

#include <stdint.h>
#include <stdlib.h>

/* Makes room for at least `want` elements of `size` bytes in the array p
 * of *cap elements. Returns p itself when *cap is enough; otherwise a block
 * of twice the capacity (from 8, doubled until it holds want) as realloc
 * returns it, with *cap set; NULL when out of memory, with p and *cap
 * unchanged (p is still the caller's to free). */
static inline void *grow_array(void *p, size_t *cap, size_t want, size_t size)
{
    size_t n = *cap ? *cap : 8;
    void *q;

    if (want <= *cap)
        return p;
    while (n < want)
        n = n > SIZE_MAX / 2 ? want : n * 2;
    if (n > SIZE_MAX / size)
        return NULL;
    q = realloc(p, n * size);
    if (q)
        *cap = n;
    return q;
}

#endif
