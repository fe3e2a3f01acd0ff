/* pg_split.c: how an address splits into a page (or frame) number and an
 * offset, written out bit by bit for the tracker's translations. See
 * paging.h. */
#include <stdio.h>
#include <string.h>

#include "note.h"
#include "paging.h"

int pg_log2(uint64_t v)
{
    int k = 0;

    if (v == 0 || (v & (v - 1)) != 0)
        return -1;
    while (v >>= 1)
        k++;
    return k;
}

char *pg_split_rule(uint64_t page_size, char *buf, size_t len)
{
    int k = pg_log2(page_size);

    if (k >= 0)
        snprintf(buf, len,
                 "pages of %llu = 2^%d B: offset = the low %d bits, page = the bits above",
                 (unsigned long long)page_size, k, k);
    else
        snprintf(buf, len,
                 "pages of %llu B, not a power of two: no bits split an address, the split is a "
                 "division: page = address / %llu, offset = address %% %llu",
                 (unsigned long long)page_size, (unsigned long long)page_size,
                 (unsigned long long)page_size);
    return buf;
}

char *pg_split(uint64_t page_size, uint64_t addr, const char *unit, char *buf, size_t len)
{
    int k = pg_log2(page_size);
    uint64_t num = addr / page_size, off = addr % page_size;
    char bits[72];
    size_t b = 0;

    if (len == 0)
        return buf;
    if (k < 0) {
        snprintf(buf, len, "0x%llx = %llu * %llu + %llu = %s 0x%llx | offset 0x%llx (a division)",
                 (unsigned long long)addr, (unsigned long long)num, (unsigned long long)page_size,
                 (unsigned long long)off, unit, (unsigned long long)num, (unsigned long long)off);
        return buf;
    }
    /* The number's bits without leading zeros (at least one), a bar, then
     * the offset's k bits in full. */
    if (num == 0)
        bits[b++] = '0';
    for (int i = 63 - k; i >= 0; i--)
        if (num >> i && b < sizeof bits - 1)
            bits[b++] = (char)('0' + ((num >> i) & 1));
    bits[b] = '\0';
    snprintf(buf, len, "0x%llx = 0b%s | ", (unsigned long long)addr, bits);
    b = strlen(buf);
    for (int i = k - 1; i >= 0 && b + 1 < len; i--)
        buf[b++] = (char)('0' + ((off >> i) & 1));
    buf[b] = '\0';
    note_append(buf, len, " = %s 0x%llx | offset 0x%llx", unit, (unsigned long long)num,
                (unsigned long long)off);
    return buf;
}
