/* ptshape.h: the shape of a page table: how a virtual address splits into
 * the index of each level and the offset, and how much memory the table
 * takes (docs/translation.md works the formulas through).
 *
 * A shape is an address space of 2^a bytes (a power of two larger than a
 * page, at most 2^PTS_MAX_AS_BITS = 2^48 bytes, x86-64's four-level space),
 * pages of 2^o bytes, page-table entries of 4 or 8 bytes, and 1 (a linear
 * table) to 4 levels:
 *     offset bits    o = log2(page size)
 *     VPN bits       v = a - o
 *     entries a table page   E = page size / entry size, b = log2(E)
 *     each level below the top indexes one table page: b bits;
 *     the top level takes the rest, v - (levels - 1) * b bits, which must be
 *     at least 1 (else there are too many levels) and, with 2 levels or
 *     more, at most b: the top table must fit a page too (else a level is
 *     missing, OSTEP's reason for adding one: ch. 20).
 * A linear table (levels 1) is one array of 2^v entries, whatever is used.
 * Levels are numbered from the top: level 0 is the page directory (the
 * table the page-directory base register points at), level levels-1 holds
 * the entries that name frames.
 */
#ifndef MT_PTSHAPE_H
#define MT_PTSHAPE_H

#include <stddef.h>
#include <stdint.h>

#define PTS_MAX_LEVELS  4  /* Most levels of a table. */
#define PTS_MAX_AS_BITS 48 /* Largest address space: 2^48 bytes. */
#define PTS_BITS_MAX    64 /* Room pts_format_bits needs at most, NUL included. */

struct pts {
    uint64_t as_bytes;              /* Address-space size, 2^va_bits. */
    uint64_t page_size;             /* 2^offset_bits. */
    unsigned entry_bytes;           /* 4 or 8. */
    unsigned levels;                /* 1 (linear) to PTS_MAX_LEVELS. */
    unsigned va_bits;               /* a: bits of a virtual address. */
    unsigned offset_bits;           /* o. */
    unsigned vpn_bits;              /* v = a - o. */
    unsigned index_bits;            /* b: log2 of the entries a table page holds. */
    uint64_t per_page;              /* E = 2^b entries a table page. */
    unsigned bits[PTS_MAX_LEVELS];  /* Index bits of each level, top first. */
    unsigned shift[PTS_MAX_LEVELS]; /* Where each level's index starts within the VPN. */
};

/* Makes the shape of an address space of as_bytes bytes, pages of
 * page_size bytes, entries of entry_bytes bytes and `levels` levels. Returns
 * 0, or -1 with the reason in err (s untouched): a size not a power of two,
 * an address space not larger than a page or above 2^48, an entry of other
 * than 4 or 8 bytes, levels outside 1..4, too many levels for the VPN's bits
 * (saying how many it allows), or a top table that would not fit a page
 * (saying how many levels it needs). */
int pts_make(struct pts *s, uint64_t as_bytes, uint64_t page_size, unsigned entry_bytes,
             unsigned levels, char *err, size_t errlen);

/* Splits vaddr into the index at each level, top first, in idx[0..levels-1]
 * (a linear table's one index is the VPN) and the offset in *offset. Returns
 * 0, or -1 when vaddr is outside the address space (idx and *offset untouched). */
int pts_split(const struct pts *s, uint64_t vaddr, uint64_t idx[PTS_MAX_LEVELS], uint64_t *offset);

/* Writes vaddr in binary, most significant bit first, one field a level
 * (top first) and the offset last, each field exactly its width and fields
 * separated by " | ": OSTEP's 0x3F80 in its 14-bit, two-level shape is
 * "1111 | 1110 | 000000". Returns 0, or -1 when vaddr is outside the address
 * space or buf (len bytes; PTS_BITS_MAX always suffices) is too small, with
 * buf empty. */
int pts_format_bits(const struct pts *s, uint64_t vaddr, char *buf, size_t len);

/* Writes one line describing the shape ("14-bit addresses: 8-bit VPN = 4 + 4,
 * 6-bit offset; 16 entries of 4 B a table page") into buf (cut to fit). */
void pts_describe(const struct pts *s, char *buf, size_t len);

/* Counts the table pages a table of shape s needs when the virtual pages
 * vpns[0..n-1] (ascending, repeats allowed) are in use: per_level[k] for
 * level k (top first; levels >= 2: the top is always one page, and a table
 * page below exists iff some page in use falls in its range; levels 1: the
 * whole linear table, pts_linear_pages) and their sum in *total. Returns 0,
 * or -1 with the reason in err (nothing written) when vpns is not ascending
 * or a page is outside the address space. */
int pts_table_pages(const struct pts *s, const uint64_t *vpns, size_t n,
                    uint64_t per_level[PTS_MAX_LEVELS], uint64_t *total, char *err, size_t errlen);

/* Returns the bytes a linear table of the space takes: 2^v entries. */
uint64_t pts_linear_bytes(const struct pts *s);

/* Returns the pages a linear table takes: ceil(pts_linear_bytes / page). */
uint64_t pts_linear_pages(const struct pts *s);

#endif
