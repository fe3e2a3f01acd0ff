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
        run_refs[i] = (struct vm_ref){page * 4096 + pyrand_scaled(&g, 4096), pid, (uint8_t)write};
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
    TEST_MSG(vm_compare(&st->vm, run_refs, 40, lo, hi, pols, 3, 1, 2, c->faults, err,
                        sizeof err) == 0,
             err);
}

/* ------------------------------------------------------------------------ */
/* Round trips */

/* Checks that the parsed memory b holds what a holds. */
static void same_vm(const char *name, const struct vm *a, const struct vm *b)
{
    int same = a->nframes == b->nframes && a->nslots == b->nslots && a->policy == b->policy &&
               a->t == b->t && a->hand == b->hand && a->nprocs == b->nprocs &&
               a->victim_frame == b->victim_frame && a->slots_used == b->slots_used &&
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
                struct recipe r = {frames[f], swap, (enum vm_policy)p, 7 * f + 1, 1 + f % 3,
                                   1 + f % 4, frames[f] + 30, 300 + 40 * (unsigned)f, 40, f + 1};
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

int main(void)
{
    test_versions();
    test_round_trips();
    test_swap_full();
    test_resume();
    test_million();
    return TEST_DONE();
}
