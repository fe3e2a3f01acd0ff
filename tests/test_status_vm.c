/* test_status_vm.c: tests of the virtual-memory records of the status file
 * (common/status_vm.c, status_vm_cells.c; format version 3).
 *
 * Round trips: states built with the vm API (seeded random accesses, reads
 * and writes, for every policy at 1 to 4,097 frames, swap filling up, some
 * processes released, opt in the middle of a run, a compare table) are
 * written, parsed and written again byte for byte, and the parsed memory
 * holds the same frames, slots, processes, counters and recent accesses.
 * A resumed session (a state parsed from its file) makes the same choices
 * as the one that wrote it, the random generator included. The file is
 * version 3 exactly when vm_on is set. A million-frame file stays small and
 * parses fast. The malformed-file table edits the example of
 * docs/status-format.md one change at a time; each case names the line the
 * parser must report and a part of its message. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pyrand.h"
#include "status.h"
#include "test.h"
#include "test_status.h"

/* ------------------------------------------------------------------------ */
/* Building states */

/* A random state's recipe. */
struct recipe {
    uint32_t frames;
    uint32_t swap;
    enum vm_policy policy;
    uint64_t seed; /* The policy's seed (random, ostep-clock). */
    unsigned bits;
    unsigned nprocs;   /* Processes 1, 3, 5, ...: pid 2k+1. */
    uint32_t pages;    /* Pages of each. */
    unsigned accesses; /* Accesses played (a run of them under opt). */
    unsigned writes;   /* Percent of them that write. */
    uint64_t draw;     /* Seed of the accesses' own generator. */
};

/* The references of an opt run, kept until the state is freed. */
static struct vm_ref run_refs[20000];

/* Fills st: paging as status_init makes it (empty), vm per r. Under opt the
 * accesses are a run stopped two thirds of the way; otherwise lone
 * accesses, and process 1 is released at the end when there are three or
 * more. Returns 0 or -1. */
static int build(struct status *st, const struct recipe *r)
{
    char err[256] = "";
    struct pyrand g;
    unsigned n = r->accesses < 20000 ? r->accesses : 20000;

    TEST_MSG(status_init(st, 16, 4096, PG_FIRST, 0, 65536, SEG_FIRST, err, sizeof err) == 0, err);
    TEST_MSG(vm_init(&st->vm, r->frames, 4096, r->swap, err, sizeof err) == 0, err);
    st->vm_on = 1;
    for (unsigned i = 0; i < r->nprocs; i++)
        TEST(vm_alloc(&st->vm, 2 * i + 1, (uint64_t)r->pages * 4096 - i, NULL) == 0);
    TEST(vm_set_policy(&st->vm, r->policy, r->seed, r->bits, NULL) == 0);
    pyrand_seed(&g, r->draw);
    for (unsigned i = 0; i < n; i++) {
        int32_t pid = 2 * (int32_t)pyrand_scaled(&g, r->nprocs) + 1;
        uint64_t page = pyrand_scaled(&g, r->pages);
        int write = pyrand_scaled(&g, 100) < r->writes;
        run_refs[i] =
            (struct vm_ref){page * 4096 + pyrand_scaled(&g, 4096), pid, (uint8_t)write, 0};
        if (r->policy != VM_OPT)
            vm_access(&st->vm, pid, run_refs[i].addr, write, NULL, NULL);
    }
    if (r->policy == VM_OPT) {
        TEST_MSG(vm_run_begin(&st->vm, run_refs, n, err, sizeof err) == 0, err);
        while (st->vm.run.at < 2 * n / 3)
            vm_run_step(&st->vm, NULL, NULL);
    } else if (r->nprocs >= 3) {
        TEST(vm_release(&st->vm, 1, NULL) == 0);
    }
    TEST_VALID(vm_check, &st->vm);
    return 0;
}

/* Adds a compare table of the first references to st. */
static void add_compare(struct status *st, uint32_t lo, uint32_t hi)
{
    static const enum vm_policy pols[3] = {VM_FIFO, VM_LRU, VM_OPT};
    struct status_compare *c = &st->compare;
    char err[256] = "";

    c->have = 1;
    c->frames_lo = lo;
    c->frames_hi = hi;
    c->npolicies = 3;
    c->nrefs = 40;
    memcpy(c->policies, pols, sizeof pols);
    TEST_MSG(vm_compare(&st->vm, run_refs, 40, lo, hi, pols, 3, 1, 2, c->faults, err, sizeof err) ==
                 0,
             err);
}

/* ------------------------------------------------------------------------ */
/* Round trips */

/* Checks that the parsed memory b holds what a holds. */
static void same_vm(const char *name, const struct vm *a, const struct vm *b)
{
    int same = a->nframes == b->nframes && a->nslots == b->nslots && a->policy == b->policy &&
               a->t == b->t && a->epoch == b->epoch && a->hand == b->hand &&
               a->nprocs == b->nprocs && a->victim_frame == b->victim_frame &&
               a->slots_used == b->slots_used && a->draws == b->draws &&
               memcmp(&a->total, &b->total, sizeof a->total) == 0 &&
               memcmp(a->frames, b->frames, a->nframes * sizeof *a->frames) == 0 &&
               memcmp(a->slots, b->slots, a->nslots * sizeof *a->slots) == 0;

    for (size_t i = 0; same && i < a->nprocs; i++)
        same = a->procs[i].pid == b->procs[i].pid && a->procs[i].bytes == b->procs[i].bytes &&
               a->procs[i].resident == b->procs[i].resident &&
               a->procs[i].swapped == b->procs[i].swapped &&
               memcmp(&a->procs[i].counts, &b->procs[i].counts, sizeof a->procs[i].counts) == 0;
    for (uint64_t i = 0; same && i < a->t && i < VM_RECENT; i++) {
        const struct vm_step *x = &a->recent[(a->t - 1 - i) % VM_RECENT],
                             *y = &b->recent[(a->t - 1 - i) % VM_RECENT];
        same = memcmp(x, y, sizeof *x) == 0;
    }
    if (same && a->rng)
        same = b->rng && memcmp(&a->rng[0], &b->rng[0], sizeof *a->rng) == 0;
    TEST_MSG(same, name);
}

/* Writes st, parses it, writes that again: the same text, the same memory.
 * Returns the text (free it), its length in *len. */
static char *vm_round_trip(const char *name, const struct status *st, size_t *len)
{
    struct status back;
    char err[ERRLEN] = "", *text = format_text(st, len), *again;
    size_t len2 = 0;
    int r;

    if (!text)
        return NULL;
    r = status_parse_string(text, *len, &back, 0, err, sizeof err);
    TEST_MSG(r == 0, err);
    if (r != 0) {
        fprintf(stderr, "%s: line %d of:\n%.3000s\n", name, r, text);
        return text;
    }
    TEST_MSG(back.vm_on == 1, name);
    same_vm(name, &st->vm, &back.vm);
    TEST_MSG(memcmp(&st->compare, &back.compare, sizeof st->compare) == 0, name);
    again = format_text(&back, &len2);
    TEST_MSG(again && len2 == *len && memcmp(text, again, *len) == 0, name);
    free(again);
    status_free(&back);
    return text;
}

/* Every policy at frame counts from 1 to 4,097, with swap from none to
 * plenty, some files filling it up. */
static void test_round_trips(void)
{
    static const uint32_t frames[] = {1, 2, 3, 4, 7, 64, 100, 4097};
    unsigned cases = 0;

    for (int p = 0; p < VM_NPOLICIES; p++)
        for (size_t f = 0; f < sizeof frames / sizeof frames[0]; f++)
            for (uint32_t swap = 0; swap <= 2 * frames[f] + 40; swap += frames[f] + 20) {
                struct recipe r = {frames[f], swap,      (enum vm_policy)p, 7 * f + 1,
                                   1 + f % 3, 1 + f % 4, frames[f] + 30,    300 + 40 * (unsigned)f,
                                   40,        f + 1};
                struct status st;
                char name[96], *text;
                size_t len;

                if (frames[f] > 1000)
                    r.accesses = 9000;
                snprintf(name, sizeof name, "%s, %u frames, %u slots", vm_policy_name(r.policy),
                         r.frames, r.swap);
                build(&st, &r);
                if (f % 2)
                    add_compare(&st, 1 + (uint32_t)f, 3 + 2 * (uint32_t)f);
                text = vm_round_trip(name, &st, &len);
                TEST_MSG(text && strncmp(text, "memtrack-status 3\n", 18) == 0, name);
                TEST_MSG(!text || (r.policy == VM_OPT) == (strstr(text, "\nvm-run ") != NULL),
                         name);
                free(text);
                status_free(&st);
                cases++;
            }
    TEST(cases >= 7 * 8 * 2);
}

/* Swap full: a state where every slot is used still round-trips, and a
 * state with untouched, resident and swapped pages lists each once. */
static void test_swap_full(void)
{
    struct recipe r = {4, 6, VM_LRU, 0, 0, 2, 20, 400, 70, 3};
    struct status st;
    size_t len;
    char *text;

    build(&st, &r);
    TEST(st.vm.slots_used == st.vm.nslots);
    text = vm_round_trip("swap full", &st, &len);
    TEST(text && count_of(text, "\nvm-swap from=") >= 1);
    free(text);
    status_free(&st);
}

/* With vm_on the file is version 3; with it off, what it was. */
static void test_versions(void)
{
    struct status st;
    char err[256] = "", *text;
    size_t len;

    TEST_MSG(status_init(&st, 16, 4096, PG_FIRST, 0, 65536, SEG_FIRST, err, sizeof err) == 0, err);
    text = format_text(&st, &len);
    TEST(text && strncmp(text, "memtrack-status 1\n", 18) == 0 && !strstr(text, "\nvm"));
    free(text);
    status_set_caption(&st, "hello");
    text = format_text(&st, &len);
    TEST(text && strncmp(text, "memtrack-status 2\n", 18) == 0 && !strstr(text, "\nvm"));
    free(text);
    TEST_MSG(vm_init(&st.vm, 3, 4096, 4, err, sizeof err) == 0, err);
    st.vm_on = 1;
    text = vm_round_trip("vm on, empty", &st, &len);
    TEST(text && strncmp(text, "memtrack-status 3\n", 18) == 0 && strstr(text, "\nvm frames=3 "));
    TEST(text && strstr(text, "\ncaption hello\n"));
    free(text);
    status_free(&st);
}

/* A session resumed from its file plays on exactly as the one that wrote
 * it: the same victims, bits, hand, generator; the same file after. */
static void test_resume(void)
{
    for (int p = 0; p < VM_NPOLICIES; p++) {
        struct recipe r = {5, 40, (enum vm_policy)p, 11, 3, 2, 12, 200, 30, 9};
        struct status a, b;
        struct pyrand g;
        char err[ERRLEN] = "", name[64], *text, *ta, *tb;
        size_t len = 0, la = 0, lb = 0;
        int same = 1;

        if (r.policy == VM_OPT)
            continue;
        snprintf(name, sizeof name, "resume under %s", vm_policy_name(r.policy));
        build(&a, &r);
        text = format_text(&a, &len);
        TEST_MSG(text && status_parse_string(text, len, &b, 0, err, sizeof err) == 0, err);
        pyrand_seed(&g, 77);
        for (int i = 0; i < 300; i++) {
            int32_t pid = 2 * (int32_t)pyrand_scaled(&g, 2) + 1;
            uint64_t addr = pyrand_scaled(&g, 12 * 4096);
            int w = pyrand_scaled(&g, 3) == 0;
            struct vm_step sa, sb;
            int ra = vm_access(&a.vm, pid, addr, w, &sa, NULL);
            int rb = vm_access(&b.vm, pid, addr, w, &sb, NULL);
            same &= ra == rb && (ra < 0 || memcmp(&sa, &sb, sizeof sa) == 0);
        }
        TEST_MSG(same, name);
        ta = format_text(&a, &la);
        tb = format_text(&b, &lb);
        TEST_MSG(ta && tb && la == lb && memcmp(ta, tb, la) == 0, name);
        free(text);
        free(ta);
        free(tb);
        status_free(&a);
        status_free(&b);
    }
}

/* A full million-frame memory: a few tens of MB, parsed in well under a
 * second (plain build). */
static void test_million(void)
{
    struct status st, back;
    char err[ERRLEN] = "", *text;
    size_t len;
    clock_t t0;
    double secs;

    TEST_MSG(status_init(&st, 16, 4096, PG_FIRST, 0, 65536, SEG_FIRST, err, sizeof err) == 0, err);
    TEST_MSG(vm_init(&st.vm, 1u << 20, 4096, 1u << 21, err, sizeof err) == 0, err);
    st.vm_on = 1;
    TEST(vm_alloc(&st.vm, 1, (uint64_t)3 << 32, NULL) == 0);
    TEST(vm_set_policy(&st.vm, VM_CLOCK, 0, 0, NULL) == 0);
    for (uint64_t i = 0; i < (3u << 20) / 2; i++)
        vm_access(&st.vm, 1, (i * 2654435761u % (3u << 20)) * 4096, (int)(i & 1), NULL, NULL);
    text = format_text(&st, &len);
    TEST(text != NULL);
    printf("a full 1M-frame vm file: %.1f MB\n", len / 1e6);
    TEST(len < 48u << 20);
    t0 = clock();
    TEST_MSG(text && status_parse_string(text, len, &back, 0, err, sizeof err) == 0, err);
    secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    printf("parsed in %.2f s\n", secs);
    same_vm("1M frames", &st.vm, &back.vm);
    free(text);
    status_free(&back);
    status_free(&st);
}

/* ------------------------------------------------------------------------ */
/* Malformed files */

/* The example of docs/status-format.md (virtual memory): 3 frames under
 * clock, 6 swap slots, two processes, 12 accesses, a compare table. The
 * malformed cases below refer to its line numbers. */
static const char vm_text[] =
    "memtrack-status 3\n"                                                             /* 1 */
    "seq 12\n"                                                                        /* 2 */
    "time 2026-11-18T11:06:40Z\n"                                                     /* 3 */
    "paging frames=16 page-size=4096 policy=first seed=0 rng=0 processes=0 free=16\n" /* 4 */
    "segmentation memory=65536 fit=first next=0 segments=0 holes=1\n"                 /* 5 */
    "hole base=0 size=65536\n"                                                        /* 6 */
    "vm frames=3 page-size=4096 swap=6 policy=clock seed=7 bits=2 draws=0 rng=0 hand=1 t=12 "
    "epoch=0 victim=0:1:0 "
    "processes=2\n"                                                                          /* 7 */
    "vm-total accesses=12 hits=2 faults=10 evictions=7 writebacks=3 zerofills=7 swapins=3\n" /* 8 */
    "vm-process pid=1 bytes=20480 pages=5 resident=2 swapped=0 accesses=9 hits=1 faults=8 "
    "evictions=6 writebacks=2 zerofills=5 swapins=3\n" /* 9 */
    "vm-process pid=2 bytes=12188 pages=3 resident=1 swapped=1 accesses=3 hits=1 faults=2 "
    "evictions=1 writebacks=1 zerofills=2 swapins=0\n"                   /* 10 */
    "vm-frames from=0 1:1:0:1:1:12:12 2:1:-:0:0:10:10 1:2:2:1:0:11:11\n" /* 11 */
    "vm-swap from=1 2:0\n"                                               /* 12 */
    "vm-access t=12 pid=1 addr=4272 page=1 rw=w hit=0 frame=0 load=swap:0 victim=1:0 evict=zero\n"
    "vm-access t=11 pid=1 addr=8352 page=2 rw=r hit=0 frame=2 load=swap:2 victim=1:1 "
    "evict=drop:0\n"
    "vm-access t=10 pid=2 addr=4240 page=1 rw=r hit=0 frame=1 load=zero victim=1:3 evict=zero\n"
    "vm-access t=9 pid=1 addr=128 page=0 rw=r hit=0 frame=0 load=zero victim=1:2 "
    "evict=writeback:2\n"
    "vm-access t=8 pid=1 addr=4208 page=1 rw=r hit=0 frame=2 load=swap:0 victim=2:0 "
    "evict=writeback:1\n"
    "vm-access t=7 pid=1 addr=12384 page=3 rw=r hit=0 frame=1 load=zero victim=1:1 "
    "evict=writeback:0\n"
    "vm-access t=6 pid=2 addr=80 page=0 rw=w hit=1 frame=2 load=- victim=- evict=-\n"
    "vm-access t=5 pid=1 addr=8256 page=2 rw=w hit=0 frame=0 load=zero victim=1:0 evict=zero\n"
    "vm-access t=4 pid=1 addr=48 page=0 rw=r hit=1 frame=0 load=- victim=- evict=-\n"
    "vm-access t=3 pid=2 addr=32 page=0 rw=r hit=0 frame=2 load=zero victim=- evict=-\n"
    "vm-access t=2 pid=1 addr=4112 page=1 rw=w hit=0 frame=1 load=zero victim=- evict=-\n"
    "vm-access t=1 pid=1 addr=0 page=0 rw=r hit=0 frame=0 load=zero victim=- evict=-\n" /* 24 */
    "vm-compare frames=1-5 refs=12 policies=3\n"                                        /* 25 */
    "vm-compare-row policy=fifo faults=12,12,10,8,6\n"                                  /* 26 */
    "vm-compare-row policy=lru faults=12,12,10,9,7\n"                                   /* 27 */
    "vm-compare-row policy=opt faults=12,9,7,6,6\n"                                     /* 28 */
    "event ok P1 page 1 (0x10b0, write): page fault, read from swap slot 0 into frame 0, "
    "replacing P1 page 0 (clean, never written: untouched again)\n" /* 29 */
    "why clock: the hand swept from frame 0, clearing 0 reference bits, to frame 0 (P1 page 0), "
    "whose bit was clear; the hand moves to frame 1\n" /* 30 */
    "end\n";                                           /* 31 */

/* Returns a copy of text with the first find replaced by repl (NULL when
 * find is not there: a broken case). */
static char *edit(const char *text, const char *find, const char *repl)
{
    const char *at = strstr(text, find);
    size_t n = strlen(text), f = strlen(find), r = strlen(repl);
    char *out;

    if (!at || !(out = malloc(n - f + r + 1)))
        return NULL;
    memcpy(out, text, (size_t)(at - text));
    memcpy(out + (at - text), repl, r);
    memcpy(out + (at - text) + r, at + f, n - (size_t)(at - text) - f + 1);
    return out;
}

/* Returns a copy of text without the line where find starts (NULL when
 * find is not there). */
static char *cut_line(const char *text, const char *find)
{
    const char *at = strstr(text, find), *end = at ? strchr(at, '\n') : NULL;
    char *line, *out;

    if (!end || !(line = strndup(at, (size_t)(end - at + 1))))
        return NULL;
    out = edit(text, line, "");
    free(line);
    return out;
}

/* Checks that text fails on line `line` with msg in its message, and leaves
 * the state zeroed. */
static void expect_bad(const char *name, const char *text, int line, const char *msg)
{
    struct status st;
    char err[ERRLEN] = "", what[2 * ERRLEN];
    int r;

    memset(&st, 0x5a, sizeof st);
    r = status_parse_string(text, strlen(text), &st, 0, err, sizeof err);
    snprintf(what, sizeof what, "%s: returned %d, expected %d; message '%s', expected '%s'", name,
             r, line, err, msg);
    TEST_MSG(r == line && strstr(err, msg) != NULL && printable(err), what);
    TEST_MSG(is_zeroed(&st), what);
    status_free(&st);
}

struct bad_case {
    const char *name;
    int line;
    const char *msg, *find, *repl;
};

/* clang-format off */
static const struct bad_case bad_cases[] = {
    /* Versions, order, presence. */
    {"vm in a version 2 file", 7, "'vm' record in a version 2 file: it needs 'memtrack-status 3'",
     "memtrack-status 3", "memtrack-status 2"},
    {"version 9", 1, "version 9 is not supported (this memtrack reads versions 1 to 8)",
     "memtrack-status 3", "memtrack-status 9"},
    {"vm-total before vm", 7, "a version 3 file has a 'vm' record", "vm frames=3", "vm-total accesses=0 hits=0 faults=0 "
     "evictions=0 writebacks=0 zerofills=0 swapins=0\nvm frames=3"},
    {"vm after the event", 31, "'vm' record out of place", "end\n", "vm frames=3 page-size=4096 "
     "swap=6 policy=clock seed=7 bits=2 draws=0 rng=0 hand=1 t=12 epoch=0 victim=0:1:0 processes=2\nend\n"},
    {"vm-rng under clock", 8, "vm-rng: policy clock draws no random numbers", "vm-total",
     "vm-rng from=0 00000000\nvm-total"},
    {"vm-run under clock", 25, "vm-run: the rest of a run is shown under opt only, not clock",
     "vm-compare ", "vm-run left=1 shown=1\nvm-future 1:0\nvm-compare "},
    {"no vm-total", 8, "followed by a 'vm-total' record",
     "vm-total accesses=12 hits=2 faults=10 evictions=7 writebacks=3 zerofills=7 swapins=3\n", ""},
    {"paging memory not empty", 9, "the paging memory holds 1 processes (it must be empty)",
     "processes=0 free=16\n", "processes=1 free=15\nprocess pid=1 bytes=10 pages=1\n"
     "map frames=0 pid=1 pages=0\n"},
    {"vm twice", 8, "out of place", "vm-total", "vm frames=3 page-size=4096 swap=6 policy=clock "
     "seed=7 bits=2 draws=0 rng=0 hand=1 t=12 epoch=0 victim=0:1:0 processes=2\nvm-total"},

    /* The settings. */
    {"unknown policy", 7, "policy must be fifo, lru", "policy=clock", "policy=nru"},
    {"frames=0", 7, "too small", "vm frames=3", "vm frames=0"},
    {"page size 1000", 7, "power of two", "page-size=4096 swap", "page-size=1000 swap"},
    {"swap past the most", 7, "too large", "swap=6", "swap=16777217"},
    {"bits past the most", 7, "too large", "bits=2", "bits=256"},
    {"rng under clock", 7, "draws=0 rng=5, but clock draws no random numbers", "rng=0 hand",
     "rng=5 hand"},
    {"draws under clock", 7, "draws=3 rng=0, but clock draws no random numbers", "draws=0",
     "draws=3"},
    {"rng past the state", 7, "too large", "rng=0 hand", "rng=625 hand"},
    {"epoch after t", 7, "epoch=13 is after t=12 (frames change at a time passed)", "epoch=0",
     "epoch=13"},
    {"hand outside memory", 7, "hand=3 is outside the 3 frames", "hand=1", "hand=3"},
    {"victim outside memory", 7, "victim= must be", "victim=0:1:0", "victim=3:1:0"},
    {"victim of pid 0", 7, "victim= must be", "victim=0:1:0", "victim=0:0:0"},
    {"victim not the last eviction", 7, "vm: victim= does not agree with the vm-access records: "
     "the last victim is not 0:1:0, the frame, process and page of the eviction at t=12, the "
     "latest", "victim=0:1:0", "victim=1:1:0"},
    {"no victim after an eviction", 7, "the last victim is not 0:1:0", "victim=0:1:0",
     "victim=-"},
    {"processes not listed", 7, "processes=3 but 2 vm-process records follow", "processes=2",
     "processes=3"},
    {"fields swapped", 7, "field 5 should be seed=", "seed=7 bits=2", "bits=2 seed=7"},

    /* Counters. */
    {"total: accesses not hits + faults", 8, "accesses=12 is not hits=3 + faults=10",
     "hits=2 faults=10", "hits=3 faults=10"},
    {"total: faults not zerofills + swapins", 8, "faults=10 is not zerofills=6 + swapins=3",
     "zerofills=7 swapins=3", "zerofills=6 swapins=3"},
    {"total: more write-backs than evictions", 8, "writebacks=3 is more than evictions=2",
     "evictions=7 writebacks=3", "evictions=2 writebacks=3"},
    {"total: accesses not t", 8, "accesses=13, but the vm record says t=12",
     "vm-total accesses=12 hits=2", "vm-total accesses=13 hits=3"},
    {"processes add up to more than the total", 8, "the processes' accesses add up to 13",
     "accesses=9 hits=1 faults=8", "accesses=10 hits=2 faults=8"},
    {"processes' counts that wrap around", 8,
     "the processes' accesses add up to 18446744073709551615, more than accesses=12",
     "accesses=9 hits=1 faults=8", "accesses=18446744073709551615 hits=18446744073709551607 "
     "faults=8"},
    {"process: accesses not hits + faults", 10, "accesses=3 is not hits=1 + faults=3",
     "accesses=3 hits=1 faults=2", "accesses=3 hits=1 faults=3"},

    /* Processes. */
    {"process ids not increasing", 10, "pid 1 is not above the previous one",
     "vm-process pid=2", "vm-process pid=1"},
    {"resident + swapped above the pages", 10, "resident=2 + swapped=2 is more than pages=3",
     "resident=1 swapped=1", "resident=2 swapped=2"},
    {"pages not bytes / page size", 9, "20480 B are 5 pages of 4096 B, not pages=6",
     "bytes=20480 pages=5", "bytes=20480 pages=6"},
    {"resident count wrong", 9, "declares resident=1 swapped=0, but the vm-frames and vm-swap "
     "records hold 2 and 0", "resident=2 swapped=0", "resident=1 swapped=0"},
    {"swapped count wrong", 10, "declares resident=1 swapped=1, but the vm-frames and vm-swap "
     "records hold 1 and 0", "vm-swap from=1 2:0\n", ""},

    /* Frames. */
    {"frame entry cut short", 11, "entry 1 should be PID:PAGE:SLOT:R:D:LOADED:USED or -",
     "1:1:0:1:1:12:12", "1:1:0:1:1:12"},
    {"page in two frames", 11, "entry 2 (frame 1): P1 page 1 placed twice", "2:1:-:0:0:10:10",
     "1:1:-:0:0:10:10"},
    {"slot named by two frames", 11, "entry 3 (frame 2): swap slot 0 is outside swap or taken",
     "1:2:2:1:0:11:11", "1:2:0:1:0:11:11"},
    {"slot outside swap", 11, "swap slot 6 is outside swap or taken", "1:2:2:1:0:11:11",
     "1:2:6:1:0:11:11"},
    {"R above 1 under clock", 11, "entry 2 (frame 1): R=2, but clock keeps at most 1",
     "2:1:-:0:0:10:10", "2:1:-:2:0:10:10"},
    {"D of 2", 11, "entry 1 should be", "1:1:0:1:1:12:12", "1:1:0:1:2:12:12"},
    {"used after t", 11, "loaded at t=11 and used at t=13, not 1 <= loaded <= used <= t=12",
     "1:2:2:1:0:11:11", "1:2:2:1:0:11:13"},
    {"loaded after used", 11, "loaded at t=12 and used at t=11", "1:2:2:1:0:11:11",
     "1:2:2:1:0:12:11"},
    {"loaded at t=0", 11, "loaded at t=0", "1:2:2:1:0:11:11", "1:2:2:1:0:0:11"},
    {"page past the process", 11, "entry 2 (frame 1): P2 has no page 3", "2:1:-:0:0:10:10",
     "2:3:-:0:0:10:10"},
    {"no such process", 11, "P4 has no page 1", "2:1:-:0:0:10:10", "4:1:-:0:0:10:10"},
    {"from= past memory", 11, "from= needs a number below 3", "vm-frames from=0",
     "vm-frames from=3"},
    {"entry past memory", 11, "entry 4 would be number 3, past the last, 2", "1:2:2:1:0:11:11\n",
     "1:2:2:1:0:11:11 1:4:-:1:0:9:9\n"},
    {"first entry free", 11, "the first entry must be listed", "vm-frames from=0 ",
     "vm-frames from=0 - "},
    {"last entry free", 11, "the last entry must be listed", " 1:2:2:1:0:11:11\n", " -\n"},
    {"frame lines out of order", 12, "0 is already covered or out of order",
     "vm-frames from=0 1:1:0:1:1:12:12 2:1:-:0:0:10:10 1:2:2:1:0:11:11\n",
     "vm-frames from=1 2:1:-:0:0:10:10 1:2:2:1:0:11:11\nvm-frames from=0 1:1:0:1:1:12:12\n"},
    {"two spaces between frames", 11, "separated by single spaces", "12:12 2:1", "12:12  2:1"},
    {"two frames loaded at once", 7, "the records do not add up", "2:1:-:0:0:10:10",
     "2:1:-:0:0:11:11"},
    /* Under clock (loaded times), a tie of last uses breaks lru after a replace. */
    {"two frames used at once", 7, "two frames were last used at t=11", "2:1:-:0:0:10:10",
     "2:1:-:0:0:10:11"},

    /* Swap. */
    {"slot of a frame's page in vm-swap", 12, "entry 1 (slot 0): swap slot 0 is outside swap or "
     "taken", "vm-swap from=1 2:0", "vm-swap from=0 2:0"},
    {"resident page in vm-swap", 12, "P1 page 1 placed twice", "vm-swap from=1 2:0",
     "vm-swap from=1 1:1"},
    {"slot past swap", 12, "from= needs a number below 6", "vm-swap from=1", "vm-swap from=6"},
    {"swap entry malformed", 12, "entry 1 should be PID:PAGE or -", "vm-swap from=1 2:0",
     "vm-swap from=1 2-0"},

    /* The last accesses. */
    {"access t out of order", 13, "t=13, expected t=12 (newest first, one a tick)",
     "vm-access t=12", "vm-access t=13"},
    {"access page not addr / page size", 13, "addr=4272 is in page 1 of 4096 B, not page=2",
     "addr=4272 page=1", "addr=4272 page=2"},
    {"access rw", 13, "rw must be r or w, not 'x'", "rw=w hit=0 frame=0 load=swap:0",
     "rw=x hit=0 frame=0 load=swap:0"},
    {"a hit that loads", 19, "a hit loads nothing", "hit=1 frame=2 load=-",
     "hit=1 frame=2 load=zero"},
    {"a fault that loads nothing", 15, "a fault loads its page",
     "frame=1 load=zero victim=1:3", "frame=1 load=- victim=1:3"},
    {"swap-in without its slot", 13, "name a slot", "load=swap:0", "load=swap"},
    {"zero-fill with a slot", 15, "name a slot", "frame=1 load=zero victim=1:3",
     "frame=1 load=zero:1 victim=1:3"},
    {"victim without eviction", 15, "a victim=PID:PAGE goes with an evict", "victim=1:3 evict=zero",
     "victim=1:3 evict=-"},
    {"eviction without victim", 23, "a victim=PID:PAGE goes with an evict",
     "frame=1 load=zero victim=- evict=-", "frame=1 load=zero victim=- evict=zero"},
    {"unknown evict word", 13, "evict=gone is not a known word", "evict=zero", "evict=gone"},
    {"access slot outside swap", 13, "the slot must be below the 6 swap slots", "load=swap:0",
     "load=swap:6"},
    {"access frame outside memory", 13, "too large", "frame=0 load=swap:0",
     "frame=3 load=swap:0"},
    {"more accesses than t", 25, "only the last 32 accesses are kept (at most t=12)",
     "vm-compare ", "vm-access t=0 pid=1 addr=0 page=0 rw=r hit=0 frame=0 load=zero victim=- "
     "evict=-\nvm-compare "},
    {"an access missing", 7, "t=12, so the last 12 accesses follow, not 11",
     "vm-access t=1 pid=1 addr=0 page=0 rw=r hit=0 frame=0 load=zero victim=- evict=-\n", ""},
    {"access of pid 0", 13, "too small", "vm-access t=12 pid=1", "vm-access t=12 pid=0"},

    /* The compare table. */
    {"compare: too many counts", 25, "at most 64 counts", "frames=1-5 refs", "frames=1-65 refs"},
    {"compare: 0 frames", 25, "at least 1 frames", "frames=1-5 refs", "frames=0-5 refs"},
    {"compare: a row too short", 26, "has 4 counts, not 5", "faults=12,12,10,8,6",
     "faults=12,12,10,8"},
    {"compare: a row too long", 26, "needs 5 counts", "faults=12,12,10,8,6",
     "faults=12,12,10,8,6,5"},
    {"compare: more faults than references", 28, "each at most refs=12", "faults=12,9,7,6,6",
     "faults=13,9,7,6,6"},
    {"compare: a policy twice", 27, "policy fifo has a row already", "policy=lru",
     "policy=fifo"},
    {"compare: unknown policy", 27, "policy 'nru' is not a policy", "policy=lru", "policy=nru"},
    {"compare: a row missing", 25, "policies=3 but 2 vm-compare-row records follow",
     "vm-compare-row policy=opt faults=12,9,7,6,6\n", ""},
    {"compare: a row too many", 29, "declares policies=3 rows", "event ok",
     "vm-compare-row policy=mru faults=1,1,1,1,1\nevent ok"},
    {"compare: rows without the table", 25, "no 'vm-compare' record before it",
     "vm-compare frames=1-5 refs=12 policies=3\n", ""},
    {"compare: a space in the counts", 26, "expected 2 fields", "faults=12,12,10,8,6",
     "faults=12,12, 10,8,6"},
};
/* clang-format on */

/* A case of a file made from a built state: find replaced by repl (NULL:
 * the line where find starts removed); the
 * error is on the line where at starts in the file before the edit, plus
 * shift. */
struct built_case {
    const char *name, *msg, *find, *repl, *at;
    int shift;
};

/* Runs the cases on the file of the state r builds. */
static void built_cases(const struct recipe *r, const struct built_case *cases, size_t n)
{
    struct status st;
    size_t len;
    char *text;

    build(&st, r);
    text = format_text(&st, &len);
    for (size_t i = 0; text && i < n; i++) {
        const struct built_case *c = &cases[i];
        char *bad = c->repl ? edit(text, c->find, c->repl) : cut_line(text, c->find);
        int line = line_of(text, c->at);
        TEST_MSG(bad != NULL && line > 0, c->name);
        if (bad && line > 0)
            expect_bad(c->name, bad, line + c->shift, c->msg);
        free(bad);
    }
    free(text);
    status_free(&st);
}

/* The generator's records (random) and the rest of a run (opt). */
static void test_malformed_built(void)
{
    static const struct built_case rng[] = {
        {"a vm-rng line missing", "found 520", "vm-rng from=520 ", NULL, "\nvm ", 1},
        {"vm-rng: a word not hex", "word 1 should be 8 lowercase hex digits", "vm-rng from=104 ",
         "vm-rng from=104 x", "vm-rng from=104", 0},
        {"vm-rng: a short word", "word 1 should be", "vm-rng from=104 ", "vm-rng from=104 1 ",
         "vm-rng from=104", 0},
        {"vm-rng: lines out of order", "from= should be 104", "vm-rng from=104", "vm-rng from=105",
         "vm-rng from=104", 0},
        {"vm-rng: a word too many", "more than 104 words", "\nvm-total", " 00000000\nvm-total",
         "vm-rng from=520", 0},
    };
    static const struct built_case run[] = {
        {"vm-run: shown not the rest", "shown=99, but a file shows the next 256", "shown=100",
         "shown=99", "vm-run ", 0},
        {"vm-run: fewer references than shown", "shown=101 but the vm-future records give 100",
         "left=100 shown=100", "left=101 shown=101", "vm-run ", 0},
        {"vm-future: more references than shown", "more references than vm-run's shown=99",
         "left=100 shown=100", "left=99 shown=99", "vm-future ", 0},
        {"vm-future: an entry malformed", "entry 1 should be PID:PAGE or PID:PAGEw", "vm-future ",
         "vm-future x", "vm-future ", 0},
        {"vm-future without vm-run", "no 'vm-run' record before it", "vm-run left=100 shown=100\n",
         "", "vm-run ", 0},
        {"vm-run: nothing left", "too small", "left=100 shown=100", "left=0 shown=100", "vm-run ",
         0},
    };
    struct recipe r1 = {3, 6, VM_RANDOM, 5, 0, 2, 8, 30, 30, 4};
    struct recipe r2 = {4, 20, VM_OPT, 0, 0, 2, 10, 300, 30, 6};

    built_cases(&r1, rng, sizeof rng / sizeof rng[0]);
    built_cases(&r2, run, sizeof run / sizeof run[0]);
}

static void test_malformed(void)
{
    struct status st;
    char err[ERRLEN] = "";

    /* The example itself parses and is written back byte for byte. */
    TEST_MSG(status_parse_string(vm_text, strlen(vm_text), &st, 0, err, sizeof err) == 0, err);
    if (err[0] == '\0') {
        size_t len;
        char *text = format_text(&st, &len);
        TEST(text && len == strlen(vm_text) && memcmp(text, vm_text, len) == 0);
        free(text);
    }
    status_free(&st);
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const struct bad_case *c = &bad_cases[i];
        char *text = edit(vm_text, c->find, c->repl);
        TEST_MSG(text != NULL, c->name);
        if (text)
            expect_bad(c->name, text, c->line, c->msg);
        free(text);
    }
}

int main(void)
{
    test_versions();
    test_round_trips();
    test_swap_full();
    test_resume();
    test_malformed();
    test_malformed_built();
    test_million();
    return TEST_DONE();
}
