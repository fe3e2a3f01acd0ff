/* ptshape.c: the shape of a page table: the index bits of each level,
 * the split of an address, and the table pages a set of used pages needs.
 * See ptshape.h and docs/translation.md. */
#include <stdio.h>
#include <string.h>

#include "note.h"
#include "paging.h" /* pg_log2 */
#include "ptshape.h"

/* Fails: formats the reason into err and returns -1. */
#define FAIL(...) return (snprintf(err, errlen, __VA_ARGS__), -1)

/* Checks the sizes alone. Returns 0, or -1 with the reason in err. */
static int check_sizes(uint64_t as_bytes, uint64_t page_size, unsigned entry_bytes, unsigned levels,
                       char *err, size_t errlen)
{
    int a = pg_log2(as_bytes);

    if (a < 0)
        FAIL("the address space (%llu B) is not a power of two", (unsigned long long)as_bytes);
    if (a > PTS_MAX_AS_BITS)
        FAIL("the address space (2^%d B) is larger than 2^%d B", a, PTS_MAX_AS_BITS);
    if (pg_log2(page_size) < 0)
        FAIL("the page size (%llu B) is not a power of two", (unsigned long long)page_size);
    if (as_bytes <= page_size)
        FAIL("the address space (%llu B) is not larger than a page (%llu B)",
             (unsigned long long)as_bytes, (unsigned long long)page_size);
    if (entry_bytes != 4 && entry_bytes != 8)
        FAIL("a page-table entry has 4 or 8 bytes, not %u", entry_bytes);
    if (levels < 1 || levels > PTS_MAX_LEVELS)
        FAIL("a page table has 1 (linear) to %d levels, not %u", PTS_MAX_LEVELS, levels);
    if (page_size < entry_bytes)
        FAIL("a %llu-B page cannot hold one %u-B entry", (unsigned long long)page_size,
             entry_bytes);
    return 0;
}

/* Checks that `levels` (2 or more) levels of b bits each below the top
 * leave the top 1 to b of the v VPN bits. Returns 0, or -1 with the reason. */
static int check_levels(unsigned v, unsigned b, unsigned levels, uint64_t page_size,
                        unsigned entry_bytes, char *err, size_t errlen)
{
    unsigned below = (levels - 1) * b, most, need;

    if (b < 1)
        FAIL("a %llu-B table page holds one %u-B entry: a level below the top would index "
             "nothing",
             (unsigned long long)page_size, entry_bytes);
    most = 1 + (v - 1) / b;
    need = (v + b - 1) / b;
    if (v <= below)
        FAIL("too many levels: %u level%s below the top take%s %u x %u = %u bits of the %u-bit "
             "VPN, leaving none for the top; at most %u level%s",
             levels - 1, levels == 2 ? "" : "s", levels == 2 ? "s" : "", levels - 1, b, below, v,
             most, most == 1 ? " (linear)" : "s");
    if (v - below > b) {
        if (need > PTS_MAX_LEVELS)
            FAIL("the top table would not fit a page: it needs 2^%u entries x %u B > %llu B; "
                 "%u levels would fit, more than the %d modelled",
                 v - below, entry_bytes, (unsigned long long)page_size, need, PTS_MAX_LEVELS);
        FAIL("the top table would not fit a page: it needs 2^%u entries x %u B > %llu B; %u "
             "levels would fit",
             v - below, entry_bytes, (unsigned long long)page_size, need);
    }
    return 0;
}

int pts_make(struct pts *s, uint64_t as_bytes, uint64_t page_size, unsigned entry_bytes,
             unsigned levels, char *err, size_t errlen)
{
    struct pts t;

    if (check_sizes(as_bytes, page_size, entry_bytes, levels, err, errlen) < 0)
        return -1;
    memset(&t, 0, sizeof t);
    t.as_bytes = as_bytes;
    t.page_size = page_size;
    t.entry_bytes = entry_bytes;
    t.levels = levels;
    t.va_bits = (unsigned)pg_log2(as_bytes);
    t.offset_bits = (unsigned)pg_log2(page_size);
    t.vpn_bits = t.va_bits - t.offset_bits;
    t.per_page = page_size / entry_bytes;
    t.index_bits = (unsigned)pg_log2(t.per_page);
    if (levels > 1 &&
        check_levels(t.vpn_bits, t.index_bits, levels, page_size, entry_bytes, err, errlen) < 0)
        return -1;
    t.bits[0] = t.vpn_bits - (levels - 1) * t.index_bits;
    for (unsigned k = 1; k < levels; k++)
        t.bits[k] = t.index_bits;
    for (unsigned k = levels; k-- > 0;)
        t.shift[k] = k + 1 < levels ? t.shift[k + 1] + t.bits[k + 1] : 0;
    *s = t;
    return 0;
}

/* Returns the low `bits` bits of x. */
static uint64_t low(uint64_t x, unsigned bits)
{
    return bits >= 64 ? x : x & (((uint64_t)1 << bits) - 1);
}

int pts_split(const struct pts *s, uint64_t vaddr, uint64_t idx[PTS_MAX_LEVELS], uint64_t *offset)
{
    uint64_t vpn = vaddr >> s->offset_bits;

    if (vaddr >= s->as_bytes)
        return -1;
    for (unsigned k = 0; k < s->levels; k++)
        idx[k] = low(vpn >> s->shift[k], s->bits[k]);
    *offset = low(vaddr, s->offset_bits);
    return 0;
}

/* Appends the `bits` low bits of x, most significant first, then `sep`, at
 * buf + *at (len bytes in all). Returns 0, or -1 when they do not fit. */
static int put_bits(char *buf, size_t len, size_t *at, uint64_t x, unsigned bits, const char *sep)
{
    size_t n = strlen(sep);

    if (*at + bits + n >= len)
        return -1;
    for (unsigned i = bits; i-- > 0;)
        buf[(*at)++] = (char)('0' + ((x >> i) & 1));
    memcpy(buf + *at, sep, n + 1);
    *at += n;
    return 0;
}

int pts_format_bits(const struct pts *s, uint64_t vaddr, char *buf, size_t len)
{
    uint64_t idx[PTS_MAX_LEVELS], offset;
    size_t at = 0;

    if (len == 0)
        return -1;
    buf[0] = '\0';
    if (pts_split(s, vaddr, idx, &offset) < 0)
        return -1;
    for (unsigned k = 0; k <= s->levels; k++) {
        int last = k == s->levels;
        if (put_bits(buf, len, &at, last ? offset : idx[k], last ? s->offset_bits : s->bits[k],
                     last ? "" : " | ") < 0) {
            buf[0] = '\0';
            return -1;
        }
    }
    return 0;
}

void pts_describe(const struct pts *s, char *buf, size_t len)
{
    if (len == 0)
        return;
    buf[0] = '\0';
    note_append(buf, len, "%u-bit addresses: %u-bit VPN", s->va_bits, s->vpn_bits);
    if (s->levels == 1)
        note_append(buf, len, " (linear: one table of %llu entries, %llu page%s)",
                    (unsigned long long)((uint64_t)1 << s->vpn_bits),
                    (unsigned long long)pts_linear_pages(s), pts_linear_pages(s) == 1 ? "" : "s");
    for (unsigned k = 0; k < s->levels && s->levels > 1; k++)
        note_append(buf, len, "%s%u", k ? " + " : " = ", s->bits[k]);
    note_append(buf, len, ", %u-bit offset; %llu entries of %u B a table page", s->offset_bits,
                (unsigned long long)s->per_page, s->entry_bytes);
}

int pts_table_pages(const struct pts *s, const uint64_t *vpns, size_t n,
                    uint64_t per_level[PTS_MAX_LEVELS], uint64_t *total, char *err, size_t errlen)
{
    uint64_t count[PTS_MAX_LEVELS] = {0}, sum = 0;

    for (size_t i = 0; i < n; i++) {
        if (vpns[i] >> s->vpn_bits)
            FAIL("page %llu is outside the %u-bit VPN space", (unsigned long long)vpns[i],
                 s->vpn_bits);
        if (i > 0 && vpns[i] < vpns[i - 1])
            FAIL("pages are not ascending: %llu after %llu", (unsigned long long)vpns[i],
                 (unsigned long long)vpns[i - 1]);
    }
    count[0] = s->levels == 1 ? pts_linear_pages(s) : 1;
    /* A table page at level k >= 1 is the one the entries above select:
     * pages in use share it iff they agree on vpn >> shift[k - 1]. */
    for (unsigned k = 1; k < s->levels; k++)
        for (size_t i = 0; i < n; i++)
            if (i == 0 || vpns[i] >> s->shift[k - 1] != vpns[i - 1] >> s->shift[k - 1])
                count[k]++;
    for (unsigned k = 0; k < PTS_MAX_LEVELS; k++) {
        per_level[k] = count[k];
        sum += count[k];
    }
    *total = sum;
    return 0;
}

uint64_t pts_linear_bytes(const struct pts *s)
{
    return ((uint64_t)1 << s->vpn_bits) * s->entry_bytes;
}

uint64_t pts_linear_pages(const struct pts *s)
{
    return (pts_linear_bytes(s) + s->page_size - 1) / s->page_size;
}
