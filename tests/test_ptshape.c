/* test_ptshape.c: the shape of a page table (common/ptshape.c): OSTEP's
 * 16-KiB two-level example (ch. 20), x86-32 and x86-64, refusals, every
 * boundary of the split, the binary notation, and the table pages of sparse
 * address spaces against a linear table. */
#include <stdio.h>
#include <string.h>

#include "ptshape.h"
#include "test.h"

#define KiB 1024ull
#define GiB (1024ull * 1024 * 1024)

/* Makes a shape; the test fails when pts_make does. */
static void make(struct pts *s, uint64_t as, uint64_t page, unsigned entry, unsigned levels)
{
    char err[300] = "";

    TEST_MSG(pts_make(s, as, page, entry, levels, err, sizeof err) == 0, err);
}

/* Checks that pts_make refuses the shape with a reason containing `says`. */
static void refused(uint64_t as, uint64_t page, unsigned entry, unsigned levels, const char *says)
{
    struct pts s;
    char err[300] = "";

    memset(&s, 0x5a, sizeof s);
    TEST(pts_make(&s, as, page, entry, levels, err, sizeof err) < 0);
    TEST_MSG(strstr(err, says) != NULL, err);
    TEST(s.levels == 0x5a5a5a5au); /* untouched */
}

/* Returns 1 when the index bits of s, top first, are want[0..levels-1] and
 * the offset has `offset` bits. */
static int fields(const struct pts *s, const unsigned *want, unsigned offset)
{
    for (unsigned k = 0; k < s->levels; k++)
        if (s->bits[k] != want[k])
            return 0;
    return s->offset_bits == offset;
}

/* Splits vaddr and compares with want[0..levels-1] and the offset. */
static int split_is(const struct pts *s, uint64_t vaddr, const uint64_t *want, uint64_t offset)
{
    uint64_t idx[PTS_MAX_LEVELS], off;

    if (pts_split(s, vaddr, idx, &off) < 0 || off != offset)
        return 0;
    for (unsigned k = 0; k < s->levels; k++)
        if (idx[k] != want[k])
            return 0;
    return 1;
}

/* Returns 1 when vaddr is written in binary as want. */
static int bits_are(const struct pts *s, uint64_t vaddr, const char *want)
{
    char buf[PTS_BITS_MAX];

    if (pts_format_bits(s, vaddr, buf, sizeof buf) < 0) {
        fprintf(stderr, "pts_format_bits refused 0x%llx\n", (unsigned long long)vaddr);
        return 0;
    }
    if (strcmp(buf, want) != 0)
        fprintf(stderr, "0x%llx: got \"%s\", want \"%s\"\n", (unsigned long long)vaddr, buf, want);
    return strcmp(buf, want) == 0;
}

/* OSTEP ch. 20: a 16-KiB space, 64-byte pages and 4-byte entries: 14-bit
 * addresses, an 8-bit VPN, a 6-bit offset. Linear: 256 entries = 1 KiB = 16
 * pages. Two levels: 16 entries a page, so a 4-bit page-directory index and
 * a 4-bit page-table index; VPN 254 (address 0x3F80) is PD 15, PT 14. Code
 * on VPNs 0-1, heap on 4-5 and stack on 254-255 (the chapter's figure) need
 * the directory and two page-table pages: 3 pages against 16. */
static void test_ostep(void)
{
    const unsigned two[2] = {4, 4}, one[1] = {8};
    const uint64_t pd15pt14[2] = {15, 14}, used[6] = {0, 1, 4, 5, 254, 255};
    uint64_t per[PTS_MAX_LEVELS], total;
    char err[200] = "", line[200];
    struct pts s;

    make(&s, 16 * KiB, 64, 4, 1);
    TEST(s.va_bits == 14 && s.vpn_bits == 8 && fields(&s, one, 6));
    TEST(pts_linear_bytes(&s) == 1 * KiB && pts_linear_pages(&s) == 16);
    TEST(pts_table_pages(&s, used, 6, per, &total, err, sizeof err) == 0);
    TEST(per[0] == 16 && total == 16);
    TEST(bits_are(&s, 0x3F80, "11111110 | 000000"));
    pts_describe(&s, line, sizeof line);
    TEST_MSG(strcmp(line, "14-bit addresses: 8-bit VPN (linear: one table of 256 entries, 16 "
                          "pages), 6-bit offset; 16 entries of 4 B a table page") == 0,
             line);

    make(&s, 16 * KiB, 64, 4, 2);
    TEST(s.per_page == 16 && s.index_bits == 4 && fields(&s, two, 6));
    TEST(split_is(&s, 0x3F80, pd15pt14, 0));
    TEST(0x3F80 >> 6 == 254);
    TEST(bits_are(&s, 0x3F80, "1111 | 1110 | 000000"));
    TEST_MSG(pts_table_pages(&s, used, 6, per, &total, err, sizeof err) == 0, err);
    TEST(per[0] == 1 && per[1] == 2 && per[2] == 0 && total == 3);
    pts_describe(&s, line, sizeof line);
    TEST_MSG(strcmp(line, "14-bit addresses: 8-bit VPN = 4 + 4, 6-bit offset; 16 entries of "
                          "4 B a table page") == 0,
             line);
    refused(16 * KiB, 64, 4, 3, "too many levels");
    refused(16 * KiB, 64, 4, 3, "at most 2 levels");
    refused(16 * KiB, 64, 4, 4, "at most 2 levels");
}

/* x86-32: 4 GiB, 4-KiB pages, 4-byte entries, 2 levels: 10 | 10 | 12. */
static void test_x86_32(void)
{
    const unsigned want[2] = {10, 10};
    const uint64_t idx[2] = {0x302, 0x001};
    char line[200];
    struct pts s;

    make(&s, 4 * GiB, 4096, 4, 2);
    TEST(s.va_bits == 32 && s.per_page == 1024 && fields(&s, want, 12));
    TEST(split_is(&s, 0xC0801234, idx, 0x234));
    TEST(bits_are(&s, 0xC0801234, "1100000010 | 0000000001 | 001000110100"));
    TEST(pts_linear_bytes(&s) == 4 * KiB * KiB && pts_linear_pages(&s) == 1024);
    pts_describe(&s, line, sizeof line);
    TEST_MSG(strstr(line, "32-bit addresses: 20-bit VPN = 10 + 10, 12-bit offset") != NULL, line);
    refused(4 * GiB, 4096, 4, 3, "at most 2 levels");
}

/* x86-64: 48 bits, 4-KiB pages, 8-byte entries, 4 levels: 9 | 9 | 9 | 9 | 12.
 * In use: code at 0x400000 (VPN 0x400), 16 heap pages from 0x601000 (VPNs
 * 0x601-0x610) and the stack page at 0x7ffffffff000 (VPN 0x7ffffffff).
 * Level 3 (page tables, one a 2^9-page run): VPN >> 9 is 2, 3 and 0x3ffffff:
 * 3 pages. Level 2 (VPN >> 18: 0 and 0x1ffff): 2. Level 1 (VPN >> 27: 0 and
 * 0xff): 2. The top: 1. 8 pages = 32 KiB, where a linear table needs 2^36
 * entries x 8 B = 512 GiB (2^27 pages). */
static void test_x86_64(void)
{
    const unsigned want[4] = {9, 9, 9, 9};
    const uint64_t code[4] = {0, 0, 2, 0}, top[4] = {255, 511, 511, 511};
    uint64_t used[18], per[PTS_MAX_LEVELS], total;
    char err[200] = "";
    struct pts s;
    size_t n = 0;

    make(&s, 1ull << 48, 4096, 8, 4);
    TEST(s.vpn_bits == 36 && s.per_page == 512 && fields(&s, want, 12));
    TEST(split_is(&s, 0x400000, code, 0));
    TEST(split_is(&s, 0x7ffffffff123, top, 0x123));
    TEST(bits_are(&s, 0x400000, "000000000 | 000000000 | 000000010 | 000000000 | 000000000000"));
    used[n++] = 0x400;
    for (uint64_t v = 0x601; v <= 0x610; v++)
        used[n++] = v;
    used[n++] = 0x7ffffffff;
    TEST_MSG(pts_table_pages(&s, used, n, per, &total, err, sizeof err) == 0, err);
    TEST(per[0] == 1 && per[1] == 2 && per[2] == 2 && per[3] == 3 && total == 8);
    TEST(total * s.page_size == 32 * KiB);
    TEST(pts_linear_bytes(&s) == 512 * GiB && pts_linear_pages(&s) == 1ull << 27);
    refused(1ull << 48, 4096, 8, 3, "the top table would not fit a page");
    refused(1ull << 48, 4096, 8, 3, "4 levels would fit");
    refused(1ull << 48, 4096, 8, 2, "4 levels would fit");
    refused(1ull << 48, 512, 8, 4, "7 levels would fit, more than the 4 modelled");
}

/* Shapes refused, each with its reason. */
static void test_refusals(void)
{
    refused(4 * GiB, 4096, 8, 2, "the top table would not fit a page");
    refused(4 * GiB, 4096, 8, 2, "2^11 entries x 8 B > 4096 B; 3 levels would fit");
    refused(3000, 64, 4, 1, "not a power of two");
    refused(16 * KiB, 100, 4, 1, "page size (100 B) is not a power of two");
    refused(16 * KiB, 64, 6, 1, "4 or 8 bytes");
    refused(16 * KiB, 64, 4, 0, "1 (linear) to 4 levels");
    refused(16 * KiB, 64, 4, 5, "1 (linear) to 4 levels");
    refused(1ull << 49, 4096, 8, 4, "larger than 2^48");
    refused(4096, 4096, 4, 1, "not larger than a page");
    refused(0, 4096, 4, 1, "not a power of two");
    refused(1024, 4, 8, 1, "cannot hold one 8-B entry");
    refused(1024, 8, 8, 2, "would index nothing");
}

/* Every boundary of the split: the first and last address, each field all
 * ones with the others zero, and the first address outside. */
static void test_boundaries(void)
{
    const uint64_t shapes[][4] = {{16 * KiB, 64, 4, 2},     {16 * KiB, 64, 4, 1},
                                  {4 * GiB, 4096, 4, 2},    {1ull << 48, 4096, 8, 4},
                                  {1ull << 39, 4096, 8, 3}, {1ull << 12, 16, 4, 4}};
    uint64_t zero[PTS_MAX_LEVELS] = {0}, want[PTS_MAX_LEVELS], idx[PTS_MAX_LEVELS], off = 7;
    char buf[PTS_BITS_MAX];

    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        struct pts s;
        uint64_t mask;
        make(&s, shapes[i][0], shapes[i][1], (unsigned)shapes[i][2], (unsigned)shapes[i][3]);
        TEST(split_is(&s, 0, zero, 0));
        for (unsigned k = 0; k < s.levels; k++)
            want[k] = (1ull << s.bits[k]) - 1;
        TEST(split_is(&s, s.as_bytes - 1, want, s.page_size - 1));
        TEST(split_is(&s, s.page_size - 1, zero, s.page_size - 1));
        for (unsigned k = 0; k < s.levels; k++) {
            mask = (1ull << s.bits[k]) - 1;
            memset(want, 0, sizeof want);
            want[k] = mask;
            TEST(split_is(&s, mask << (s.shift[k] + s.offset_bits), want, 0));
        }
        TEST(pts_split(&s, s.as_bytes, idx, &off) < 0 && off == 7);
        TEST(pts_format_bits(&s, s.as_bytes, buf, sizeof buf) < 0 && buf[0] == '\0');
        TEST(pts_format_bits(&s, s.as_bytes - 1, buf, sizeof buf) == 0);
        TEST(strlen(buf) == s.va_bits + 3 * s.levels && strchr(buf, '0') == NULL);
        TEST(pts_format_bits(&s, 0, buf, s.va_bits + 3 * s.levels) < 0 && buf[0] == '\0');
        TEST(pts_format_bits(&s, 0, buf, s.va_bits + 3 * s.levels + 1) == 0);
    }
}

/* pts_table_pages's input checks, an empty set, and a dense run. */
static void test_table_pages(void)
{
    const uint64_t unsorted[3] = {5, 4, 9}, outside[2] = {1, 256}, dense[1] = {0};
    uint64_t run[300], per[PTS_MAX_LEVELS] = {9, 9, 9, 9}, total = 9;
    char err[200] = "";
    struct pts s;

    make(&s, 16 * KiB, 64, 4, 2);
    TEST(pts_table_pages(&s, unsorted, 3, per, &total, err, sizeof err) < 0);
    TEST(strstr(err, "not ascending") != NULL && total == 9 && per[0] == 9);
    TEST(pts_table_pages(&s, outside, 2, per, &total, err, sizeof err) < 0);
    TEST(strstr(err, "outside the 8-bit VPN space") != NULL);
    TEST(pts_table_pages(&s, dense, 0, per, &total, err, sizeof err) == 0);
    TEST(per[0] == 1 && per[1] == 0 && total == 1);
    for (uint64_t v = 0; v < 256; v++)
        run[v] = v;
    TEST(pts_table_pages(&s, run, 256, per, &total, err, sizeof err) == 0);
    TEST(per[1] == 16 && total == 17); /* every page: one more than linear's 16 */

    make(&s, 1ull << 48, 4096, 8, 4);
    for (uint64_t v = 0; v < 300; v++)
        run[v] = 1000 + v; /* VPNs 1000-1299: page tables 1 (512-1023) and 2 (1024-1535) */
    TEST(pts_table_pages(&s, run, 300, per, &total, err, sizeof err) == 0);
    TEST(per[0] == 1 && per[1] == 1 && per[2] == 1 && per[3] == 2 && total == 5);
}

int main(void)
{
    test_ostep();
    test_x86_32();
    test_x86_64();
    test_refusals();
    test_boundaries();
    test_table_pages();
    return TEST_DONE();
}
