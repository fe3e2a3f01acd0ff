/* test_status_ptable.c: the page-table layer's records in the status file
 * (format version 6, common/status_ptable.c): random states of every shape
 * (linear, 2-level, 3-level), with and without a TLB, under memory pressure
 * so that table pages evict data pages, written, read back and written
 * again byte for byte, and playing on after the round trip exactly as the
 * original; and a small file with each field and invariant broken, refused
 * on the right line with the right reason. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pyrand.h"
#include "status.h"
#include "test.h"
#include "test_status.h"
#include "vm.h"

#define PS 256u /* Page size: 64 entries of 4 B a table page. */

/* Address-space sizes for each shape (levels 1 to 3): a linear table of 4
 * pages; 2 levels of 6 + 6 bits; 3 levels of 2 + 6 + 6 bits. */
static const uint64_t space_of[4] = {0, 1u << 16, 1u << 20, 1u << 22};

/* Fills st: VM on with 6 to 13 frames of PS bytes, 24 slots, a policy by
 * seed, the address space of shape `levels`, a TLB when tlb, processes 1-3
 * with random sizes, and random accesses of every kind over their pages
 * (many refused: past a process, swap full, no room for tables). */
static void build(struct status *st, uint64_t seed, unsigned levels, int tlb)
{
    static const enum vm_policy pols[] = {VM_FIFO, VM_LRU, VM_CLOCK, VM_RANDOM, VM_OSTEP_CLOCK};
    uint64_t as = space_of[levels];
    char err[256] = "";
    struct pyrand g;
    struct note n;

    pyrand_seed(&g, seed);
    TEST_MSG(status_init(st, 16, PS, PG_FIRST, 0, 65536, SEG_FIRST, err, sizeof err) == 0, err);
    TEST_MSG(vm_init(&st->vm, 6 + (uint32_t)pyrand_scaled(&g, 8), PS, 24, err, sizeof err) == 0,
             err);
    st->vm_on = 1;
    TEST(vm_set_policy(&st->vm, pols[pyrand_scaled(&g, 5)], seed, 2, &n) == 0);
    TEST(vm_set_address_space(&st->vm, as, NULL) == 0);
    TEST_MSG(vm_set_page_table(&st->vm, levels, 0, &n) == 0, n.what);
    if (tlb)
        TEST(vm_set_tlb(&st->vm, 4, 2, 1, NULL) == 0);
    for (int i = 0; i < 4; i++)
        vm_alloc(&st->vm, 1 + (int64_t)pyrand_scaled(&g, 3), 1 + pyrand_scaled(&g, as / 3), NULL);
    for (int i = 0; i < 150; i++)
        vm_access(&st->vm, 1 + (int64_t)pyrand_scaled(&g, 3), pyrand_scaled(&g, as / 2),
                  (int)pyrand_scaled(&g, 2), NULL, NULL);
    TEST_VALID(vm_check, &st->vm);
}

/* Returns 1 when walks a and b hold the same (the levels read and the
 * table pages allocated, not what lies past them). */
static int same_walk(const struct vm_walk *a, const struct vm_walk *b)
{
    if (a->t != b->t || a->levels != b->levels || a->ntables != b->ntables)
        return 0;
    for (unsigned i = 0; i < a->levels && i < PTS_MAX_LEVELS; i++)
        if (a->frame[i] != b->frame[i] || a->index[i] != b->index[i])
            return 0;
    for (unsigned i = 0; i < a->ntables && i < PTS_MAX_LEVELS; i++) {
        const struct vm_evicted *x = &a->tvictim[i], *y = &b->tvictim[i];
        if (x->frame != y->frame || x->level != y->level || x->evict != y->evict ||
            x->victim_pid != y->victim_pid || x->victim_page != y->victim_page ||
            x->victim_slot != y->victim_slot)
            return 0;
    }
    return 1;
}

/* Plays the same k random accesses on a and b (by seed). */
static void play_on(struct status *a, struct status *b, uint64_t seed, int k)
{
    struct pyrand g;

    pyrand_seed(&g, seed);
    for (int i = 0; i < k; i++) {
        int64_t pid = 1 + (int64_t)pyrand_scaled(&g, 3);
        uint64_t addr = pyrand_scaled(&g, a->vm.as_bytes / 2);
        int kind = (int)pyrand_scaled(&g, 2);
        struct vm_step sa, sb;
        int ra = vm_access(&a->vm, pid, addr, kind, &sa, NULL),
            rb = vm_access(&b->vm, pid, addr, kind, &sb, NULL);
        TEST(ra == rb && sa.refused == sb.refused && sa.frame == sb.frame);
    }
}

/* Random states of each shape written, read back and written again: the
 * same text; then 60 more accesses on both: the same text again. Some of
 * them must have evicted a data page for a table page in their last walk,
 * some be TLB hits (walks of no level), and every file is version 6 with
 * one vm-table record a table frame and none of them in vm-frames. */
static void test_round_trips(void)
{
    int evicting = 0, hits = 0, states = 0;

    for (unsigned levels = 1; levels <= 3; levels++)
        for (uint64_t seed = 1; seed <= 30; seed++) {
            struct status a, b;
            char err[ERRLEN] = "", name[64];
            size_t la = 0, lb = 0;
            char *ta, *tb;

            build(&a, seed, levels, (int)(seed % 3 == 0));
            snprintf(name, sizeof name, "%u levels, seed %llu", levels, (unsigned long long)seed);
            ta = format_text(&a, &la);
            TEST_MSG(ta && strncmp(ta, "memtrack-status 6\n", 18) == 0, name);
            TEST_MSG(ta && count_of(ta, "\nvm-table ") == a.vm.table_frames, name);
            memset(&b, 0, sizeof b);
            TEST_MSG(ta && status_parse_string(ta, la, &b, 0, err, sizeof err) == 0, err);
            tb = format_text(&b, &lb);
            TEST_MSG(ta && tb && la == lb && memcmp(ta, tb, la) == 0, name);
            TEST_MSG(b.vm.table_frames == a.vm.table_frames &&
                         b.vm.tables_made == a.vm.tables_made && same_walk(&a.vm.walk, &b.vm.walk),
                     name);
            for (unsigned i = 0; i < a.vm.walk.ntables; i++)
                evicting += a.vm.walk.tvictim[i].evict != VM_EVICT_NONE;
            hits += a.vm.walk.t && a.vm.walk.levels == 0;
            states++;
            free(ta);
            free(tb);
            if (b.vm.nframes) {
                play_on(&a, &b, seed + 1000, 60);
                ta = format_text(&a, &la);
                tb = format_text(&b, &lb);
                TEST_MSG(ta && tb && la == lb && memcmp(ta, tb, la) == 0, name);
                free(ta);
                free(tb);
            }
            status_free(&a);
            status_free(&b);
        }
    TEST(states == 90);
    TEST(evicting > 0);
    TEST(hits > 0);
}

/* The file of tests/fuzz/status/vm-ptable (docs/status-format.md's
 * example): 10 frames of 256 B, 1 MiB spaces, a 2-level table of 4-byte
 * entries; P3's first touch took frames 2 and 4 for its table pages,
 * evicting P1 page 0 (never written) and P1 page 70 (written back). */
static const char base[] =
    "memtrack-status 6\n"
    "seq 9\n"
    "time 2025-12-01T00:00:00Z\n"
    "paging frames=16 page-size=4096 policy=first seed=0 rng=0 processes=0 free=16\n"
    "segmentation memory=65536 fit=first next=0 segments=0 holes=1\n"
    "hole base=0 size=65536\n"
    "vm frames=10 page-size=256 swap=8 policy=fifo seed=0 bits=0 draws=0 rng=0 hand=0 t=6 epoch=0 "
    "victim=7:2:1 processes=3\n"
    "vm-total accesses=6 hits=0 faults=6 evictions=3 writebacks=1 zerofills=6 swapins=0\n"
    "vm-space bytes=1048576 protfaults=0\n"
    "vm-ptable levels=2 entry=4 tables=7 made=7\n"
    "vm-process pid=1 bytes=20480 pages=80 resident=2 swapped=1 accesses=4 hits=0 faults=4 "
    "evictions=2 writebacks=1 zerofills=4 swapins=0\n"
    "vm-process pid=2 bytes=1024 pages=4 resident=0 swapped=0 accesses=1 hits=0 faults=1 "
    "evictions=1 writebacks=0 zerofills=1 swapins=0\n"
    "vm-process pid=3 bytes=512 pages=2 resident=1 swapped=0 accesses=1 hits=0 faults=1 "
    "evictions=0 writebacks=0 zerofills=1 swapins=0\n"
    "vm-table pid=1 level=0 prefix=0 frame=0 t=1\n"
    "vm-table pid=1 level=1 prefix=0 frame=1 t=1\n"
    "vm-table pid=1 level=1 prefix=1 frame=3 t=2\n"
    "vm-table pid=2 level=0 prefix=0 frame=5 t=3\n"
    "vm-table pid=2 level=1 prefix=0 frame=6 t=3\n"
    "vm-table pid=3 level=0 prefix=0 frame=2 t=6\n"
    "vm-table pid=3 level=1 prefix=0 frame=4 t=6\n"
    "vm-frames from=7 3:1:-:1:1:6:6 1:5:-:1:0:4:4 1:65:-:1:1:5:5\n"
    "vm-swap from=0 1:70\n"
    "vm-prot pid=1 first=0 pages=80 prot=rw-\n"
    "vm-prot pid=2 first=0 pages=4 prot=rw-\n"
    "vm-prot pid=3 first=0 pages=2 prot=rw-\n"
    "vm-access t=6 pid=3 addr=288 page=1 rw=w hit=0 frame=7 load=zero victim=2:1 evict=zero\n"
    "vm-access t=5 pid=1 addr=16640 page=65 rw=w hit=0 frame=9 load=zero victim=- evict=-\n"
    "vm-access t=4 pid=1 addr=1280 page=5 rw=r hit=0 frame=8 load=zero victim=- evict=-\n"
    "vm-access t=3 pid=2 addr=256 page=1 rw=r hit=0 frame=7 load=zero victim=- evict=-\n"
    "vm-access t=2 pid=1 addr=17920 page=70 rw=w hit=0 frame=4 load=zero victim=- evict=-\n"
    "vm-access t=1 pid=1 addr=16 page=0 rw=r hit=0 frame=2 load=zero victim=- evict=-\n"
    "vm-walk t=6 levels=2 frame=2,4 index=0,1 tables=2:0:zero:1:0:-,4:1:writeback:1:70:0\n"
    "event ok P3 page 1 (0x120, write): page fault, zero-filled into frame 7, replacing P2 page 1 "
    "(clean, never written: untouched again)\n"
    "why FIFO: frame 7 holds P2 page 1, loaded at t=3, the earliest loaded; page-table pages: "
    "level 0 in frame 2, level 1 in frame 4\n"
    "end\n";

/* The base file broken one way each: the name, the text replaced and its
 * replacement, the reason the parser must give and the line it must name
 * (0: the line where the replacement is). */
static const struct bad_edit cases[] = {
    {"in a version 5 file", "memtrack-status 6", "memtrack-status 5", "version 5", 10},
    {"levels past 4", "levels=2 entry", "levels=5 entry", "levels", 0},
    {"levels 0", "levels=2 entry", "levels=0 entry", "levels", 0},
    {"entry of 6 B", "entry=4 tables", "entry=6 tables", "4 or 8 bytes", 0},
    {"a shape the space cannot have", "entry=4 tables", "entry=8 tables", "vm-ptable: ", 0},
    {"made below tables", "tables=7 made=7", "tables=7 made=6", "made", 0},
    {"fewer tables declared", "tables=7 made=7", "tables=6 made=7", "more than the tables=6", 20},
    {"more tables declared", "tables=7 made=7", "tables=8 made=8", "tables=8 but 7", 10},
    {"vm-table without vm-ptable", "vm-ptable levels=2 entry=4 tables=7 made=7\n", "",
     "need a 'vm-ptable'", 13},
    {"vm-ptable without vm-space", "vm-space bytes=1048576 protfaults=0\n", "",
     "need an address space", 9},
    {"table pages out of order", "pid=1 level=1 prefix=1 frame=3", "pid=1 level=1 prefix=0 frame=3",
     "out of order", 0},
    {"a table page twice", "pid=3 level=0 prefix=0 frame=2", "pid=2 level=1 prefix=0 frame=2",
     "out of order", 0},
    {"level out of the shape", "pid=2 level=1 prefix=0", "pid=2 level=2 prefix=0", "level", 0},
    {"prefix out of the shape", "pid=1 level=1 prefix=1", "pid=1 level=1 prefix=64",
     "vm-table: ", 0},
    {"prefix of the top", "pid=2 level=0 prefix=0", "pid=2 level=0 prefix=1", "vm-table: ", 0},
    {"frame outside memory", "prefix=1 frame=3 t=2", "prefix=1 frame=10 t=2", "frame", 0},
    {"a table page in a table frame", "pid=2 level=0 prefix=0 frame=5",
     "pid=2 level=0 prefix=0 frame=0", "vm-table: ", 0},
    {"a data page in a table frame", "vm-frames from=7 3:1:-:1:1:6:6",
     "vm-frames from=6 3:1:-:1:1:6:6", "vm-frames: entry 1 (frame 6)", 0},
    {"allocated after t", "frame=4 t=6", "frame=4 t=7", "t: '7' is too large", 0},
    {"a table page of no process", "vm-table pid=3 level=0", "vm-table pid=4 level=0",
     "vm-table: ", 0},
    {"a path without its table page", "vm-table pid=1 level=1 prefix=1 frame=3 t=2\n", "",
     "vm-ptable: tables=7 but 6", 10},
    {"walk of another access", "vm-walk t=6", "vm-walk t=5", "not the last access's", 0},
    {"walk of one level of two", "levels=2 frame=2,4 index=0,1", "levels=1 frame=2 index=0",
     "reads every level", 0},
    {"walk of no level on a miss",
     "levels=2 frame=2,4 index=0,1 tables=2:0:zero:1:0:-,4:1:writeback:1:70:0",
     "levels=0 frame=- index=- tables=-", "reads every level", 0},
    {"too few frames", "frame=2,4 index", "frame=2 index", "frame= lists levels=2", 0},
    {"a frame outside memory", "frame=2,4 index", "frame=2,10 index", "frame= lists", 0},
    {"frames not a list", "frame=2,4 index", "frame=2;4 index", "frame= lists", 0},
    {"an index not the address's", "index=0,1", "index=0,2", "index 2 is 2", 0},
    {"too many indices", "index=0,1", "index=0,1,1", "index= lists levels=2", 0},
    {"a frame off the path", "frame=2,4 index", "frame=2,3 index", "not the table page", 0},
    {"a table page above the lowest", "tables=2:0:zero:1:0:-,4:1:writeback:1:70:0",
     "tables=4:0:writeback:1:70:0", "is at level 0, not 1", 0},
    {"a table page in another frame", "4:1:writeback:1:70:0", "3:1:writeback:1:70:0",
     "took frame 3", 0},
    {"an eviction word", "4:1:writeback:1:70:0", "4:1:overwrite:1:70:0", "tables= is '-'", 0},
    {"a slot without write-back", "2:0:zero:1:0:-", "2:0:zero:1:0:3", "a victim PID:PAGE", 0},
    {"a victim without eviction", "2:0:zero:1:0:-", "2:0:-:1:0:-", "a victim PID:PAGE", 0},
    {"a slot outside swap", "4:1:writeback:1:70:0", "4:1:writeback:1:70:8", "tables= is '-'", 0},
    {"tables not separated", "zero:1:0:-,4:1", "zero:1:0:-;4:1", "separated by commas", 0},
};

/* The base file without P1's table page for VPNs 64-127 (and tables=6):
 * P1 page 65 is resident without it on its path, which the model's check
 * (vm_ptable_check through vm_check) finds when the memory is rebuilt; the
 * error names the vm record. */
static void test_no_path(void)
{
    char a[8192], b[8192], err[ERRLEN];
    struct status st;
    int r;

    replace_text(base, "vm-table pid=1 level=1 prefix=1 frame=3 t=2\n", "", a, sizeof a);
    replace_text(a, "tables=7 made=7", "tables=6 made=7", b, sizeof b);
    memset(&st, 0, sizeof st);
    r = status_parse_string(b, strlen(b), &st, 0, err, sizeof err);
    TEST_MSG(r == line_of(b, "vm frames=") && strstr(err, "do not add up") != NULL, err);
    TEST(is_zeroed(&st));
    status_free(&st);
}

/* The base file with each field and invariant of the layer's records
 * broken: the parse fails on the named line (0: the line of `to`) with
 * msg, and leaves the state zeroed. */
static void test_malformed(void)
{
    char err[ERRLEN];
    struct status st;

    memset(&st, 0, sizeof st);
    TEST_MSG(status_parse_string(base, strlen(base), &st, 0, err, sizeof err) == 0, err);
    TEST(st.vm.pt_levels == 2 && st.vm.table_frames == 7 && st.vm.walk.ntables == 2 &&
         st.vm.recent[5].walked == 2 && st.vm.recent[5].ntables == 2);
    status_free(&st);
    check_bad_edits(base, cases, sizeof cases / sizeof cases[0], "");
    test_no_path();
}

/* Reads the file at path with its `event` line broken: the error names
 * that line. The TLB's and the walk's checks, run when the parser leaves
 * their records, once set the parser's count of lines to 0 (the TLB's
 * since version 4), so that every later error named line 1 or so, and the
 * walk's record was taken for absent and not checked at all. */
static void event_line(const char *path)
{
    static char text[1 << 16];
    char err[ERRLEN] = "";
    struct status st;
    FILE *fp = fopen(path, "r");
    size_t n = fp ? fread(text, 1, sizeof text - 1, fp) : 0;
    int r;

    TEST_MSG(fp != NULL, path);
    if (fp)
        fclose(fp);
    text[n] = '\0';
    char *ev = strstr(text, "\nevent ");
    TEST_MSG(ev != NULL, path);
    if (!ev)
        return;
    memcpy(ev + 7, "no", 2); /* event no... (or nofused): neither ok nor refused. */
    r = status_parse_string(text, n, &st, 0, err, sizeof err);
    TEST_MSG(r == line_of(text, "\nevent no") + 1 && strstr(err, "event:") != NULL, err);
    status_free(&st);
}

/* A walk of an earlier access is refused behind a TLB's records too, and
 * errors after those records name their own lines. */
static void test_after_tlb(void)
{
    static const char *const files[] = {"tests/fuzz/status/vm-tlb", "tests/fuzz/status/vm-prot",
                                        "tests/fuzz/status/vm-ptable",
                                        "tests/fuzz/status/vm-ptable-linear"};
    static char text[1 << 16], bad[1 << 16];
    char err[ERRLEN] = "";
    struct status st;
    FILE *fp = fopen(files[3], "r");
    size_t n = fp ? fread(text, 1, sizeof text - 1, fp) : 0;

    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        event_line(files[i]);
    TEST(fp != NULL);
    if (fp)
        fclose(fp);
    text[n] = '\0';
    replace_text(text, "vm-walk t=7 ", "vm-walk t=3 ", bad, sizeof bad);
    TEST_MSG(status_parse_string(bad, strlen(bad), &st, 0, err, sizeof err) ==
                     line_of(bad, "vm-walk") &&
                 strstr(err, "is not the last access's") != NULL,
             err);
    status_free(&st);
}

int main(int argc, char **argv)
{
    if (argc == 4) { /* Prints the state of shape argv[1], seed argv[2], TLB argv[3]. */
        struct status st;
        build(&st, strtoull(argv[2], NULL, 10), (unsigned)atoi(argv[1]), atoi(argv[3]));
        status_format(&st, stdout);
        status_free(&st);
        return 0;
    }
    test_round_trips();
    test_malformed();
    test_after_tlb();
    return TEST_DONE();
}
