/* test_tlb.c: the TLB (common/tlb.c): OSTEP's array example (ch. 19),
 * placement by set and way, LRU within a set, fully associative and
 * direct-mapped TLBs, address-space ids on and off, invalidation and flush,
 * the effective access time worked by hand, refusals that change nothing,
 * and tlb_check catching planted corruption. tlb_check runs after every
 * step. */
#include <stdio.h>
#include <string.h>

#include "test.h"
#include "tlb.h"

/* Returns 1 when a and b differ by less than 1e-9. */
static int near(double a, double b)
{
    return a - b < 1e-9 && b - a < 1e-9;
}

/* Makes a TLB; the test fails when tlb_init does. */
static void setup(struct tlb *t, uint32_t entries, uint32_t ways, int asid)
{
    char err[200] = "";

    TEST_MSG(tlb_init(t, entries, ways, asid, err, sizeof err) == 0, err);
}

/* One reference of (pid, vpn): a lookup and, on a miss, an insert of frame
 * vpn + 100 (rw-). Returns 1 on a hit, 0 on a miss; *ev (when not NULL)
 * gets what the insert evicted. */
static int ref(struct tlb *t, int32_t pid, uint64_t vpn, struct tlb_entry *ev)
{
    struct note n;
    struct tlb_entry e, old = {0};
    int hit = tlb_lookup(t, pid, vpn, &e, &n);

    TEST(n.what[0] != '\0' && n.why[0] != '\0');
    if (hit)
        TEST(e.valid && e.pid == pid && e.vpn == vpn && e.pfn == vpn + 100);
    else
        TEST(tlb_insert(t, pid, vpn, vpn + 100, TLB_R | TLB_W, &old, &n) == 0);
    if (ev)
        *ev = old;
    TEST_VALID(tlb_check, t);
    return hit;
}

/* Plays pages[0..n-1] of process pid and compares each hit or miss with
 * want ("MHH..."). Returns the number that differ. */
static int play(struct tlb *t, int32_t pid, const uint64_t *pages, size_t n, const char *want)
{
    int bad = 0;

    for (size_t i = 0; i < n; i++)
        bad += (ref(t, pid, pages[i], NULL) ? 'H' : 'M') != want[i];
    return bad;
}

/* OSTEP ch. 19, "Example: Accessing An Array": ten 4-byte ints from virtual
 * address 100, 8-bit addresses, 16-byte pages (4-bit VPN, 4-bit offset).
 * a[i] is at 100 + 4i: a[0..2] on page 6 (96-111), a[3..6] on page 7,
 * a[7..9] on page 8; miss, hit, hit, miss, hit, hit, hit, miss, hit, hit:
 * a hit rate of 70 %. A second pass hits every time (temporal locality). */
static void test_ostep_array(void)
{
    const uint64_t want_pages[10] = {6, 6, 6, 7, 7, 7, 7, 8, 8, 8};
    uint64_t pages[10];
    struct tlb t;

    for (unsigned i = 0; i < 10; i++) {
        uint64_t addr = 100 + 4 * i;
        pages[i] = addr >> 4;
        TEST(pages[i] == want_pages[i]);
        TEST(addr < 256);
    }
    setup(&t, 16, 16, 0);
    TEST(play(&t, 1, pages, 10, "MHHMHHHMHH") == 0);
    TEST(t.c.lookups == 10 && t.c.hits == 7 && t.c.misses == 3);
    TEST(near(tlb_hit_rate(&t), 0.70));
    TEST(play(&t, 1, pages, 10, "HHHHHHHHHH") == 0);
    TEST(t.c.hits == 17 && t.c.misses == 3 && near(tlb_hit_rate(&t), 0.85));
    tlb_free(&t);
}

/* 8 entries, 2 ways: 4 sets; VPN v goes to set v mod 4 with tag v / 4. */
static void test_placement(void)
{
    struct tlb t;
    struct note n;

    setup(&t, 8, 2, 1);
    TEST(t.sets == 4 && tlb_set_of(&t, 13) == 1 && tlb_set_of(&t, 8) == 0);
    TEST(tlb_insert(&t, 1, 13, 7, TLB_R, NULL, &n) == 0);
    TEST(t.last_set == 1 && t.last_way == 0 && t.e[2].valid && t.e[2].vpn == 13);
    TEST(strstr(n.why, "lowest invalid way of set 1") != NULL);
    TEST(tlb_insert(&t, 1, 5, 8, TLB_R, NULL, NULL) == 0);
    TEST(t.last_set == 1 && t.last_way == 1 && t.e[3].vpn == 5);
    TEST(tlb_insert(&t, 1, 2, 9, TLB_R, NULL, NULL) == 0);
    TEST(t.last_set == 2 && t.last_way == 0 && t.e[4].vpn == 2);
    TEST(tlb_lookup(&t, 1, 5, NULL, &n) == 1);
    TEST(t.last == TLB_HIT && t.last_set == 1 && t.last_way == 1);
    TEST(strstr(n.why, "set = VPN mod 4 = 1, tag = VPN / 4 = 1") != NULL);
    TEST(tlb_lookup(&t, 1, 9, NULL, &n) == 0);
    TEST(t.last == TLB_MISS && t.last_set == 1 && t.last_way == TLB_NO_WAY);
    TEST(strstr(n.what, "TLB miss: P1 VPN 9 in set 1") != NULL);
    TEST_VALID(tlb_check, &t);
    tlb_free(&t);
}

/* 4 entries, 2 ways: pages 0, 2 and 4 all fall in set 0. Cycling through
 * the three misses every time under LRU; a hit in between saves a page. */
static void test_lru_set(void)
{
    const uint64_t cycle[9] = {0, 2, 4, 0, 2, 4, 0, 2, 4};
    const uint64_t saved[6] = {0, 2, 0, 4, 0, 2};
    struct tlb t;
    struct tlb_entry ev;
    struct note n;

    setup(&t, 4, 2, 0);
    TEST(play(&t, 1, cycle, 9, "MMMMMMMMM") == 0);
    TEST(t.c.evictions == 7 && tlb_valid(&t) == 2);
    tlb_free(&t);

    setup(&t, 4, 2, 0);
    TEST(play(&t, 1, saved, 3, "MMH") == 0);
    TEST(tlb_lookup(&t, 1, 4, NULL, NULL) == 0);
    TEST(tlb_insert(&t, 1, 4, 104, TLB_R, &ev, &n) == 0);
    TEST(ev.valid && ev.vpn == 2 && ev.used == 2);
    TEST(strstr(n.why, "evicted P1 VPN 2 (PFN 102) from way 1") != NULL);
    TEST(strstr(n.why, "last used at lookup 2") != NULL);
    TEST(play(&t, 1, saved + 4, 2, "HM") == 0);
    TEST(tlb_lookup(&t, 1, 0, NULL, NULL) == 1 && tlb_lookup(&t, 1, 4, NULL, NULL) == 0);
    TEST_VALID(tlb_check, &t);
    tlb_free(&t);
}

/* Fully associative (ways == entries) against direct-mapped (ways 1), both
 * of 4 entries: pages 0, 4, 8, 12 coexist in the first and collide in the
 * second; 0, 1, 2, 3 fit both. */
static void test_associativity(void)
{
    const uint64_t far[8] = {0, 4, 8, 12, 0, 4, 8, 12};
    const uint64_t near[8] = {0, 1, 2, 3, 0, 1, 2, 3};
    const uint64_t more[3] = {16, 0, 8};
    struct tlb t;

    setup(&t, 4, 4, 0);
    TEST(t.sets == 1);
    TEST(play(&t, 1, far, 8, "MMMMHHHH") == 0);
    TEST(play(&t, 1, more, 3, "MMH") == 0); /* 16 evicts 0 (LRU), 0 evicts 4; 8 stays */
    tlb_free(&t);

    setup(&t, 4, 1, 0);
    TEST(t.sets == 4);
    TEST(play(&t, 1, far, 8, "MMMMMMMM") == 0);
    TEST(t.c.evictions == 7);
    TEST(play(&t, 1, near, 8, "MMMMHHHH") == 0);
    tlb_free(&t);
}

/* With ASIDs two processes' VPN 3 coexist; without, a switch flushes. */
static void test_asid(void)
{
    struct tlb t;
    struct tlb_entry e;
    struct note n;
    const uint64_t three[3] = {1, 2, 3};

    setup(&t, 8, 8, 1);
    TEST(tlb_lookup(&t, 1, 3, NULL, NULL) == 0 && tlb_insert(&t, 1, 3, 30, TLB_R, NULL, NULL) == 0);
    TEST(tlb_lookup(&t, 2, 3, NULL, NULL) == 0 && tlb_insert(&t, 2, 3, 40, TLB_R, NULL, NULL) == 0);
    TEST(tlb_lookup(&t, 1, 3, &e, NULL) == 1 && e.pfn == 30);
    TEST(tlb_lookup(&t, 2, 3, &e, NULL) == 1 && e.pfn == 40);
    TEST(t.c.flushes == 0 && tlb_valid(&t) == 2);
    TEST_VALID(tlb_check, &t);
    tlb_free(&t);

    setup(&t, 8, 8, 0);
    TEST(play(&t, 1, three, 3, "MMM") == 0);
    TEST(tlb_lookup(&t, 2, 3, NULL, &n) == 0);
    TEST_MSG(strstr(n.why, "context switch from P1 to P2 without ASIDs: flushed 3 valid "
                           "entries") != NULL,
             n.why);
    TEST(t.c.flushes == 1 && t.c.flushed == 3 && tlb_valid(&t) == 0);
    TEST(tlb_insert(&t, 1, 3, 30, TLB_R, NULL, &n) < 0);
    TEST(strstr(n.why, "nothing was changed") != NULL && tlb_valid(&t) == 0);
    TEST(tlb_insert(&t, 2, 3, 40, TLB_R, NULL, NULL) == 0);
    TEST(tlb_lookup(&t, 2, 3, &e, NULL) == 1 && e.pfn == 40 && t.c.flushes == 1);
    TEST(tlb_lookup(&t, 1, 3, NULL, &n) == 0);
    TEST(strstr(n.why, "flushed 1 valid entry;") != NULL && t.c.flushes == 2);
    TEST_VALID(tlb_check, &t);
    tlb_free(&t);
}

/* Invalidation of one page and of a process, a flush, and refusals. */
static void test_invalidate_flush(void)
{
    struct tlb t;
    struct tlb_counts before;
    struct note n;

    setup(&t, 8, 2, 1);
    for (int32_t pid = 1; pid <= 2; pid++)
        for (uint64_t v = 0; v < 3; v++)
            TEST(tlb_insert(&t, pid, v, 10 * pid + v, TLB_R | TLB_X, NULL, NULL) == 0);
    TEST(tlb_valid(&t) == 6);
    TEST(tlb_invalidate(&t, 1, 1) == 1 && tlb_invalidate(&t, 1, 1) == 0);
    TEST(tlb_invalidate(&t, 3, 0) == 0 && tlb_lookup(&t, 1, 1, NULL, NULL) == 0);
    TEST(tlb_lookup(&t, 2, 1, NULL, NULL) == 1 && t.last_way != TLB_NO_WAY);
    TEST_VALID(tlb_check, &t);
    /* Dropping the entry the last lookup used forgets its way: none is
     * outlined empty, and tlb_check holds. */
    TEST(tlb_invalidate_pid(&t, 2) == 3 && tlb_valid(&t) == 2 && t.last_way == TLB_NO_WAY);
    TEST(t.c.invalidations == 4);
    TEST_VALID(tlb_check, &t);
    before = t.c;
    TEST(tlb_insert(&t, 1, 0, 99, TLB_R, NULL, &n) < 0); /* already there */
    TEST(strstr(n.why, "already holds") != NULL);
    TEST(tlb_insert(&t, 1, 7, 99, 8, NULL, &n) < 0); /* an unknown bit */
    TEST(memcmp(&before, &t.c, sizeof before) == 0 && tlb_valid(&t) == 2);
    TEST(tlb_lookup(&t, 1, 0, NULL, NULL) == 1 && t.last_way != TLB_NO_WAY);
    TEST(tlb_flush(&t) == 2 && tlb_valid(&t) == 0 && t.c.flushes == 1 && t.c.flushed == 2);
    TEST(t.last == TLB_HIT && t.last_way == TLB_NO_WAY);
    TEST(tlb_flush(&t) == 0 && t.c.flushes == 2);
    TEST_VALID(tlb_check, &t);
    tlb_free(&t);
}

/* tlb_init's limits. */
static void test_init_refusals(void)
{
    char err[200];
    struct tlb t;

    TEST(tlb_init(&t, 0, 1, 0, err, sizeof err) < 0 && strstr(err, "1 to 4096") != NULL);
    TEST(tlb_init(&t, 4097, 1, 0, err, sizeof err) < 0);
    TEST(tlb_init(&t, 12, 5, 0, err, sizeof err) < 0 && strstr(err, "ways=5") != NULL);
    TEST(tlb_init(&t, 12, 0, 0, err, sizeof err) < 0);
    TEST(tlb_init(&t, 12, 24, 0, err, sizeof err) < 0);
    setup(&t, 4096, 4096, 1);
    TEST(t.sets == 1);
    tlb_free(&t);
    setup(&t, 12, 3, 0);
    TEST(t.sets == 4);
    tlb_free(&t);
}

/* The effective access time, worked by hand: a hit costs 1 + 100 = 101 ns,
 * a miss with a 2-level walk 1 + 2 * 100 + 100 = 301 ns, so 98 % hits give
 * 0.98 * 101 + 0.02 * 301 = 98.98 + 6.02 = 105 ns. */
static void test_eat(void)
{
    TEST(near(tlb_eat(1, 100, 2, 0.98), 105.0));
    TEST(near(tlb_eat(1, 100, 2, 1.0), 101.0));
    TEST(near(tlb_eat(1, 100, 2, 0.0), 301.0));
    TEST(near(tlb_eat(1, 100, 1, 0.0), 201.0)); /* linear: one walk access */
    TEST(near(tlb_eat(0.5, 50, 4, 0.5), (0.5 * 50.5 + 0.5 * 250.5)));
}

/* Each corruption planted in a good TLB makes tlb_check fail. */
static void test_check_catches(void)
{
    struct tlb t;
    struct tlb_entry *e;

    setup(&t, 8, 2, 0);
    TEST(ref(&t, 1, 1, NULL) == 0 && ref(&t, 1, 5, NULL) == 0 && ref(&t, 1, 2, NULL) == 0);
    TEST_VALID(tlb_check, &t);
    e = &t.e[2]; /* set 1, way 0: VPN 1 */
    TEST(e->valid && e->vpn == 1);
    e->vpn = 2; /* VPN 2 belongs in set 2 */
    TEST_INVALID(tlb_check, &t);
    e->vpn = 5; /* same VPN as way 1 */
    TEST_INVALID(tlb_check, &t);
    e->vpn = 1;
    e->pid = 2; /* not the running process, without ASIDs */
    TEST_INVALID(tlb_check, &t);
    t.asid = 1; /* with them it may stay */
    TEST_VALID(tlb_check, &t);
    t.asid = 0;
    e->pid = 1;
    e->used = 99; /* a use in the future */
    TEST_INVALID(tlb_check, &t);
    e->used = 1;
    e->prot = 8;
    TEST_INVALID(tlb_check, &t);
    e->prot = TLB_R;
    t.c.hits++;
    TEST_INVALID(tlb_check, &t);
    t.c.hits--;
    t.c.inserts++;
    TEST_INVALID(tlb_check, &t);
    t.c.inserts--;
    t.last_way = 2;
    TEST_INVALID(tlb_check, &t);
    t.last_way = 0;
    t.sets = 3;
    TEST_INVALID(tlb_check, &t);
    t.sets = 4;
    TEST_VALID(tlb_check, &t);
    tlb_free(&t);
}

int main(void)
{
    test_ostep_array();
    test_placement();
    test_lru_set();
    test_associativity();
    test_asid();
    test_invalidate_flush();
    test_init_refusals();
    test_eat();
    test_check_catches();
    return TEST_DONE();
}
