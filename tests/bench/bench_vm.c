/* bench_vm: how fast the virtual-memory model replays a reference string,
 * without the tracker (no parsing, no notes, no status file).
 *
 *   bench_vm FRAMES N RUNS          for each policy, prints
 *                                   "POLICY accesses_per_s R faults F",
 *                                   then the same for "lru+tlb": lru with
 *                                   a TLB of 64 entries, 4 ways, on
 *   bench_vm FRAMES N 0 FILE        writes the same string to FILE, one page
 *                                   a line ("3", or "3w" for a write)
 *
 * The string (seeded, the same for every policy and run) is N accesses of
 * one process with 2 x FRAMES virtual pages of 4 KiB. 90 % fall in a
 * working set of 1.25 x FRAMES pages, skewed towards its start (offset =
 * u^2 x its size, u uniform in [0, 1)), whose start drifts steadily across
 * the whole address space once over the string (wrapping around); 10 % fall
 * uniformly anywhere in the address space. A quarter of the accesses are
 * writes. The working set is larger than memory, so every policy keeps
 * replacing pages.
 *
 * R is the median over RUNS runs of N / (the time of vm_run_begin, N calls
 * of vm_run_step with a NULL note, and vm_run_end), each run on a fresh
 * memory (vm_init and vm_alloc are not timed). Used by tests/bench/bench.py
 * (make bench); times only, no checks. */
#include <stdio.h>
#include <stdlib.h>

#include "bench_time.h"
#include "vm.h"

#define PAGE 4096u

/* splitmix64: the next pseudo-random number of state *s. */
static uint64_t next_rand(uint64_t *s)
{
    uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));

    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* Fills refs[0..n-1] with the string described above for `frames` frames. */
static void make_string(struct vm_ref *refs, size_t n, uint64_t frames)
{
    uint64_t s = 12, npages = 2 * frames, ws = frames + frames / 4;

    for (size_t i = 0; i < n; i++) {
        uint64_t r = next_rand(&s), base = (uint64_t)((double)i / (double)n * (double)npages);
        double u = (double)(r >> 11) / 9007199254740992.0; /* [0, 1) */
        uint64_t page =
            r % 10 ? (base + (uint64_t)(u * u * (double)ws)) % npages : (r >> 8) % npages;
        refs[i] = (struct vm_ref){page * PAGE, 1, (uint8_t)((r >> 4) % 4 == 0), 0};
    }
}

/* Writes refs as one page a line. Returns 0 or -1. */
static int write_string(const char *path, const struct vm_ref *refs, size_t n)
{
    FILE *f = fopen(path, "w");
    int bad;

    if (!f)
        return -1;
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%llu%s\n", (unsigned long long)(refs[i].addr / PAGE), refs[i].write ? "w" : "");
    bad = ferror(f);
    return fclose(f) != 0 || bad ? -1 : 0;
}

#define TLB_ENTRIES 64u /* The TLB of the lru+tlb row ... */
#define TLB_WAYS    4u  /* ... and its ways. */

/* Replays refs once under policy p, with the TLB of the lru+tlb row when
 * tlb is nonzero. Returns the seconds taken and sets *faults, or returns -1. */
static double replay(const struct vm_ref *refs, size_t n, uint64_t frames, enum vm_policy p,
                     int tlb, uint64_t *faults)
{
    struct vm vm;
    struct vm_step st;
    char err[256] = "out of memory";
    double t0;

    if (vm_init(&vm, frames, PAGE, VM_SWAP_DEFAULT(frames), err, sizeof err) < 0 ||
        vm_set_policy(&vm, p, 0, 0, NULL) < 0 || vm_alloc(&vm, 1, 2 * frames * PAGE, NULL) < 0 ||
        (tlb && vm_set_tlb(&vm, TLB_ENTRIES, TLB_WAYS, 0, NULL) < 0)) {
        fprintf(stderr, "bench_vm: %s\n", err);
        return -1;
    }
    t0 = now_ms();
    if (vm_run_begin(&vm, refs, n, err, sizeof err) < 0) {
        fprintf(stderr, "bench_vm: %s\n", err);
        vm_free(&vm);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        vm_run_step(&vm, &st, NULL);
    vm_run_end(&vm);
    t0 = (now_ms() - t0) / 1e3;
    *faults = vm.total.faults;
    vm_free(&vm);
    return t0;
}

int main(int argc, char **argv)
{
    static const enum vm_policy pol[] = {VM_FIFO, VM_LRU, VM_CLOCK,      VM_RANDOM,
                                         VM_OPT,  VM_MRU, VM_OSTEP_CLOCK};
    uint64_t frames = argc > 3 ? strtoull(argv[1], NULL, 10) : 0;
    size_t n = argc > 3 ? strtoull(argv[2], NULL, 10) : 0;
    int runs = argc > 3 ? atoi(argv[3]) : -1;
    struct vm_ref *refs;
    double *rate;

    if (frames < 1 || n < 1 || runs < 0 || (runs == 0) != (argc == 5)) {
        fprintf(stderr, "usage: bench_vm FRAMES N RUNS | bench_vm FRAMES N 0 FILE\n");
        return 2;
    }
    refs = malloc(n * sizeof *refs);
    rate = calloc((size_t)runs + 1, sizeof *rate);
    if (!refs || !rate)
        return 1;
    make_string(refs, n, frames);
    if (runs == 0)
        return write_string(argv[4], refs, n) < 0 ? 1 : 0;
    for (size_t p = 0; p <= sizeof pol / sizeof *pol; p++) {
        int tlb = p == sizeof pol / sizeof *pol; /* The last row: lru with the TLB. */
        uint64_t faults = 0;
        for (int r = 0; r < runs; r++) {
            double secs = replay(refs, n, frames, tlb ? VM_LRU : pol[p], tlb, &faults);
            if (secs < 0)
                return 1;
            rate[r] = (double)n / secs;
        }
        printf("%s accesses_per_s %.0f faults %llu\n", tlb ? "lru+tlb" : vm_policy_name(pol[p]),
               median(rate, runs), (unsigned long long)faults);
        fflush(stdout);
    }
    free(rate);
    free(refs);
    return 0;
}
