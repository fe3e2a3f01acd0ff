/* memtrack: an OS memory manager simulator for teaching paging and
 * segmentation.
 *
 * How it is put together (docs/architecture.md has the whole map): common/
 * holds the model (paging.c: frames, processes, page tables, frame policies,
 * over frameset.c's bitmap; segment.c: segments, holes, fit policies), the
 * status file (status*.c: one table of records, an atomic writer and a
 * validating parser), its lock (lockfile.c: one writer per status file) and
 * the option tables (opt.c: getopt_long and --help). This directory adds the
 * terminal: cmd.c holds one function per action a student can ask for (it
 * prints results and rewrites the status file after every change; vmcmd.c,
 * vmshow.c and vmtrace.c add virtual memory's actions), menu.c asks
 * for values through a numbered menu, script.c reads the same actions as a
 * command language, input.c reads bounded lines. main() below parses the flags
 * (the table flags[]), resolves the status path, opens and checks every input
 * and takes the status file's lock (all before anything is written), builds or
 * resumes the state, writes the status file once to prove it can, and hands
 * over to the menu or the script reader; at exit it writes the file once more
 * and checks that nothing was lost. The first operand `quiz` starts the quiz
 * subcommand instead (quizcmd.c). Start reading at cmd.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "lockfile.h"
#include "menu.h"
#include "num.h"
#include "opt.h"
#include "ptshape.h"
#include "quizcmd.h"
#include "script.h"
#include "version.h"

#define EXIT_STRICT                                                                                \
    1                /* A script line was an error under --strict (refusals are answers), or       \
                        quiz check could not grade a sheet. */
#define EXIT_USAGE 2 /* Bad flags, an input that cannot be read, or no state or status file. */
#define EXIT_LOST  3 /* Output was lost: the final status write, or standard output, failed. */

struct options {
    uint64_t frames, page_size, seed, seg_memory;
    uint64_t swap, replace_seed, clock_bits; /* --swap (when swap_set), --replace-seed, ... */
    int vm, swap_set;                        /* --vm; --swap was given. */
    uint64_t tlb, tlb_ways;                  /* --tlb (0: none), --tlb-ways (0: fully assoc.) */
    int tlb_asid;                            /* --tlb-asid */
    uint64_t as_bytes;                       /* --address-space (0: the layer off) */
    unsigned pt_levels;                      /* --page-table (0: the layer off) */
    uint64_t pte_bytes;                      /* --pte-size (0: the default for the space) */
    enum vm_policy replace;                  /* --replace */
    enum pg_policy policy;
    enum seg_fit fit;
    const char *status, *script;
    int nosync, resume, strict;
    int settings;          /* A setting (--frames ... --fit) was given, which --resume refuses. */
    uint64_t heap_bytes;   /* --heap (default HEAP_DEFAULT_BYTES) ... */
    const char *allocator; /* ... and --allocator KIND[:key=value,...], or NULL. */
    int heap;              /* --heap or --allocator was given: the heap is on. */
    struct heap_config heap_cfg; /* --allocator's, read by check_heap. */
    int quiz_at;                 /* argv's index of the operand `quiz`, or 0: none. */
};

/* The lock on the status file, held from start to exit (lockfile.h). */
static struct lockfile lock = {-1, ""};

/* Prints a fatal start-up error, releases the lock and exits with
 * EXIT_USAGE. Only main's helpers call it. */
static void die(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2), noreturn))
#endif
    ;

static void die(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "memtrack: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    lock_release(&lock);
    exit(EXIT_USAGE);
}

/* Flushes standard output. Returns 0, or -1 after saying on stderr that it
 * could not be written (a full disk, say): output the user asked for was
 * lost. */
static int stdout_ok(void)
{
    int failed = fflush(stdout) != 0, e = errno;

    if (!failed && !ferror(stdout))
        return 0;
    fprintf(stderr, "memtrack: cannot write standard output%s%s\n", failed ? ": " : "",
            failed ? strerror(e) : "");
    return -1;
}

/* The option handlers (struct opt's set). Each exits with EXIT_USAGE when
 * the value is bad, or with 0 (EXIT_LOST when standard output failed) after
 * --help and --version. */

/* The key of each number's row. */
enum {
    FRAMES,
    PAGE_SIZE,
    SEED,
    SEG_MEMORY,
    SWAP,
    REPLACE_SEED,
    CLOCK_BITS,
    TLB,
    TLB_WAYS,
    ADDRESS_SPACE,
    PTE_SIZE,
    HEAP
};

/* --frames, --page-size, --seed, --seg-memory, --swap, --replace-seed,
 * --clock-bits, --tlb, --tlb-ways, --address-space, --pte-size: a number in
 * its range. */
static void set_number(void *user, const struct opt *e, const char *v)
{
    static const struct {
        int flags;         /* num_parse's */
        uint64_t min, max; /* Its range. */
    } range[] = {
        [FRAMES] = {NUM_SUFFIX, PG_MIN_FRAMES, PG_MAX_FRAMES},
        [PAGE_SIZE] = {NUM_SUFFIX, PG_MIN_PAGE_SIZE, PG_MAX_PAGE_SIZE},
        [SEED] = {NUM_PLAIN, 0, UINT64_MAX},
        [SEG_MEMORY] = {NUM_SUFFIX, SEG_MIN_MEMORY, SEG_MAX_MEMORY},
        [SWAP] = {NUM_SUFFIX, 0, VM_MAX_SWAP},
        [REPLACE_SEED] = {NUM_PLAIN, 0, UINT64_MAX},
        [CLOCK_BITS] = {NUM_PLAIN, 0, VM_MAX_BITS},
        [TLB] = {NUM_PLAIN, 1, TLB_MAX_ENTRIES},
        [TLB_WAYS] = {NUM_PLAIN, 1, TLB_MAX_ENTRIES},
        [ADDRESS_SPACE] = {NUM_SUFFIX, 2 * PG_MIN_PAGE_SIZE, 1ull << PTS_MAX_AS_BITS},
        [PTE_SIZE] = {NUM_PLAIN, 4, 8},
        [HEAP] = {NUM_SUFFIX, HEAP_MIN_BYTES, HEAP_MAX_BYTES},
    };
    struct options *o = user;
    uint64_t *field[] = {&o->frames,   &o->page_size,    &o->seed,       &o->seg_memory,
                         &o->swap,     &o->replace_seed, &o->clock_bits, &o->tlb,
                         &o->tlb_ways, &o->as_bytes,     &o->pte_bytes,  &o->heap_bytes};
    char err[200];

    if (num_parse(v, range[e->key].flags, range[e->key].min, range[e->key].max, field[e->key], err,
                  sizeof err) < 0)
        die("--%s: %s (see memtrack --help)", e->name, err);
    o->swap_set |= e->key == SWAP;
    o->heap |= e->key == HEAP;
    o->settings = 1;
}

/* --frame-policy (key 0), --fit (key 1) and --replace (key 2). */
static void set_policy(void *user, const struct opt *e, const char *v)
{
    static const char *choices[] = {"first or random", "first, best, worst or next",
                                    "fifo, lru, opt, mru, clock, random or ostep-clock"};
    struct options *o = user;
    int bad = e->key == 0   ? pg_policy_parse(v, &o->policy) < 0
              : e->key == 1 ? seg_fit_parse(v, &o->fit) < 0
                            : vm_policy_parse(v, &o->replace) < 0;

    if (bad)
        die("--%s: '%.40s' is not %s", e->name, v, choices[e->key]);
    o->settings = 1;
}

/* --status (key 0) and --script (key 1): a path, which may not be empty. */
static void set_path(void *user, const struct opt *e, const char *v)
{
    struct options *o = user;

    if (*v == '\0')
        die("--%s needs %s", e->name, e->key ? "a file name or -" : "a path");
    *(e->key ? &o->script : &o->status) = v;
}

/* --allocator KIND[:key=value,...]: read by check_heap, once --heap is known. */
static void set_allocator(void *user, const struct opt *e, const char *v)
{
    struct options *o = user;

    (void)e;
    o->allocator = v;
    o->heap = 1;
    o->settings = 1;
}

/* --page-table: linear, 2-level, 3-level or 4-level. */
static void set_shape(void *user, const struct opt *e, const char *v)
{
    struct options *o = user;

    if (vm_page_table_parse(v, &o->pt_levels) < 0 || o->pt_levels == 0)
        die("--%s: '%.40s' is not linear, 2-level, 3-level or 4-level", e->name, v);
    o->settings = 1;
}

/* --vm: a setting, so --resume refuses it. */
static void set_vm(void *user, const struct opt *e, const char *v)
{
    struct options *o = user;

    (void)e, (void)v;
    o->vm = 1;
    o->settings = 1;
}

static void show_help(void *user, const struct opt *e, const char *v);

static void show_version(void *user, const struct opt *e, const char *v)
{
    (void)user, (void)e, (void)v;
    printf("memtrack %s (status format %d)\n", MT_VERSION, STATUS_VERSION);
    exit(stdout_ok() < 0 ? EXIT_LOST : 0);
}

/* memtrack's options (opt.h), in the order --help lists them. Columns: long
 * name, short letter or 0, the value's name in the help or NULL for none,
 * help text, handler, and the key the handler is given. tests/cli.sh checks
 * that the ranges the help states are the ones the handlers take. */
static const struct opt flags[] = {
    {"frames", 0, "N", "TOTAL_FRAMES, 1-4194304 (default 16)", set_number, FRAMES},
    {"page-size", 0, "BYTES", "PAGE_SIZE, a power of two 16-1G (default 4096)", set_number,
     PAGE_SIZE},
    {"frame-policy", 0, "P", "first (lowest free frame, default) or random", set_policy, 0},
    {"seed", 0, "N", "seed of the random frame policy (default 1)", set_number, SEED},
    {"seg-memory", 0, "BYTES", "size of the segment memory, 16-1024G (default 65536)", set_number,
     SEG_MEMORY},
    {"fit", 0, "F", "first (default), best, worst or next", set_policy, 1},
    {"vm", 0, NULL, "start in virtual-memory mode (demand paging, swap)", set_vm, 0},
    {"swap", 0, "SLOTS", "swap slots, 0-16777216 (default 4 a frame)", set_number, SWAP},
    {"replace", 0, "POLICY",
     "page replacement: fifo (default), lru, opt, mru, clock,\n"
     "random or ostep-clock",
     set_policy, 2},
    {"replace-seed", 0, "N", "seed of random, ostep-clock (default 0, as OSTEP's -s)", set_number,
     REPLACE_SEED},
    {"clock-bits", 0, "N", "ostep-clock's BITS, 0-255 (default 2, as OSTEP's -b)", set_number,
     CLOCK_BITS},
    {"tlb", 0, "ENTRIES", "a TLB of 1-4096 entries (needs --vm; default none)", set_number, TLB},
    {"tlb-ways", 0, "W", "ways a TLB set has, 1-4096 (default: fully associative)", set_number,
     TLB_WAYS},
    {"tlb-asid", 0, NULL, "entries carry address-space ids (else a switch flushes)", opt_set_flag,
     offsetof(struct options, tlb_asid)},
    {"address-space", 0, "BYTES",
     "each process's address space (a power of two, 2 pages\n"
     "or more), pages with rwx protection (needs --vm)",
     set_number, ADDRESS_SPACE},
    {"page-table", 0, "SHAPE",
     "page tables in frames: linear, 2-level, 3-level or\n"
     "4-level (needs --vm; turns address spaces on)",
     set_shape, 0},
    {"pte-size", 0, "BYTES",
     "a page-table entry's size, 4 or 8 (default: 4 up to\n"
     "4 GiB spaces, else 8)",
     set_number, PTE_SIZE},
    {"heap", 0, "BYTES", "a heap for malloc and free, 16-1G (default 65536)", set_number, HEAP},
    {"allocator", 0, "KIND",
     "the heap's allocator: freelist (default), buddy, slab or\n"
     "pool, settings after a colon: freelist:fit=best,header=4",
     set_allocator, 0},
    {"status", 0, "PATH", "status file to keep up to date (default ./memory_status)", set_path, 0},
    {"no-sync", 0, NULL, "do not fsync the status file (fast scripts)", opt_set_flag,
     offsetof(struct options, nosync)},
    {"resume", 0, NULL, "start from the state in the status file", opt_set_flag,
     offsetof(struct options, resume)},
    {"script", 0, "FILE",
     "run commands from FILE ('-' for standard input);\n"
     "standard input that is not a terminal is a script too",
     set_path, 1},
    {"strict", 0, NULL,
     "stop a script at its first error (exit status 1);\n"
     "refused requests are answers and never stop it",
     opt_set_flag, offsetof(struct options, strict)},
    {"help", 'h', NULL, "print this help and exit", show_help, 0},
    {"version", 0, NULL, "print the version and exit", show_version, 0},
    {NULL, 0, NULL, NULL, NULL, 0},
};

static void usage(FILE *fp)
{
    fprintf(fp, "usage: memtrack [options]\n"
                "       memtrack [options] quiz KIND [flags]   (see memtrack quiz --help)\n"
                "Simulates an OS memory manager (paging and segmentation) and keeps a status\n"
                "file up to date for memview to draw.\n"
                "\n");
    opt_help(flags, fp);
    fprintf(fp, "Sizes take K, M or G (4K = 4096). Without a script, a numbered menu runs.\n"
                "\n"
                "Exit status: 0 done (refusals are answers); 1 a script line was an error under\n"
                "--strict, or quiz check could not grade a sheet; 2 bad options, a script that\n"
                "cannot be read, or the state or the status file could not be set up (another\n"
                "memtrack writes it, say); 3 output was lost: the final state could not be\n"
                "written to the status file, or standard output could not be written.\n"
                "\n");
    script_help(fp);
}

static void show_help(void *user, const struct opt *e, const char *v)
{
    (void)user, (void)e, (void)v;
    usage(stdout);
    exit(stdout_ok() < 0 ? EXIT_LOST : 0);
}

/* Reads the command line into *o, by the table flags[]. Exits with
 * EXIT_USAGE when it is bad. */
static void parse_args(int argc, char **argv, struct options *o)
{
    char err[200];
    int first = opt_parse(flags, argc, argv, OPT_STOP, NULL, o, err, sizeof err);

    if (first < 0)
        die("%s (see memtrack --help)", err);
    /* Options stop at the first operand: a subcommand's name (memtrack quiz
     * ...), which reads argv + first by its own table. */
    if (first < argc && strcmp(argv[first], "quiz") == 0)
        o->quiz_at = first;
    else if (first < argc)
        die("unknown argument '%.40s' (see memtrack --help)", argv[first]);
}

/* Checks --page-table and --pte-size against the other options: the shape
 * must fit the address space (--address-space, or the default the layer
 * takes) and the page size. Exits with EXIT_USAGE when it does not. */
static void check_table(const struct options *o)
{
    struct pts shape;
    unsigned entry = (unsigned)o->pte_bytes;
    uint64_t space = o->as_bytes;
    char err[300];

    if (o->pte_bytes && !o->pt_levels)
        die("--pte-size sizes the entries of the table that --page-table SHAPE turns on");
    if (o->pte_bytes != 0 && o->pte_bytes != 4 && o->pte_bytes != 8)
        die("--pte-size: a page-table entry has 4 or 8 bytes, not %llu",
            (unsigned long long)o->pte_bytes);
    if (!o->pt_levels)
        return;
    if (!o->vm)
        die("--page-table needs --vm: page tables in frames are virtual memory's (add --vm)");
    if (!space)
        space = vmpt_default_space(o->page_size, o->pt_levels, entry, &entry);
    else if (!entry)
        entry = space <= (1ull << 32) ? 4 : 8;
    if (pts_make(&shape, space, o->page_size, entry, o->pt_levels, err, sizeof err) < 0)
        die("--page-table %s with %llu B pages, %u B entries and %llu B address spaces: %s",
            vm_page_table_name(o->pt_levels), (unsigned long long)o->page_size, entry,
            (unsigned long long)space, err);
}

/* Reads --allocator into o->heap_cfg (freelist's defaults without it) and
 * checks that it can manage a heap of --heap bytes. Exits with EXIT_USAGE
 * when it cannot. */
static void check_heap(struct options *o)
{
    char spec[200], *kv[16], *colon, err[400];
    int n = 0;
    uint64_t bytes = o->heap_bytes;
    struct heap h;

    snprintf(spec, sizeof spec, "%s", o->allocator ? o->allocator : "freelist");
    colon = strchr(spec, ':');
    if (colon) {
        char *save = NULL;
        *colon = '\0';
        for (char *w = strtok_r(colon + 1, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
            if (n == (int)(sizeof kv / sizeof kv[0]))
                die("--allocator %s: too many settings", spec);
            kv[n++] = w;
        }
        if (n == 0)
            die("--allocator %s: no settings after the colon", spec);
    }
    for (int i = 0; i < n; i++)
        if (strncmp(kv[i], "heap=", 5) == 0)
            die("--allocator: the heap's size is --heap BYTES, not a setting of the allocator");
    if (heapcmd_parse(spec, kv, n, &o->heap_cfg, &bytes, err, sizeof err) < 0)
        die("--allocator: %s", err);
    memset(&h, 0, sizeof h);
    if (heap_init(&h, o->heap_bytes, &o->heap_cfg, err, sizeof err) < 0)
        die("--allocator %s with --heap %llu: %s", spec, (unsigned long long)o->heap_bytes, err);
    heap_free_all(&h);
}

/* Checks the options against each other. Exits with EXIT_USAGE when they
 * do not go together. */
static void check_args(struct options *o)
{
    if (o->resume && o->settings)
        die("--resume takes every setting from the status file; change them after resuming "
            "(reset, frame-policy, fit, seg reset, vm on, replace)");
    if (o->resume && o->tlb_asid)
        die("--resume takes every setting from the status file; change them after resuming "
            "(tlb ENTRIES asid=on)");
    if ((o->tlb_ways || o->tlb_asid) && !o->tlb)
        die("--tlb-ways and --tlb-asid shape the TLB that --tlb ENTRIES turns on");
    if (o->as_bytes && !o->vm)
        die("--address-space needs --vm: address spaces and protection are virtual memory's");
    if (o->as_bytes && ((o->as_bytes & (o->as_bytes - 1)) || o->as_bytes / o->page_size < 2))
        die("--address-space %llu is not a power of two of 2 pages (%llu B) or more",
            (unsigned long long)o->as_bytes, (unsigned long long)(2 * o->page_size));
    if (o->tlb && !o->vm)
        die("--tlb needs --vm: the TLB caches the translations of virtual memory");
    check_table(o);
    if (o->heap && !o->resume)
        check_heap(o);
    if (o->tlb && o->tlb_ways && o->tlb % o->tlb_ways != 0)
        die("--tlb-ways %llu does not divide --tlb %llu entries into sets",
            (unsigned long long)o->tlb_ways, (unsigned long long)o->tlb);
}

/* Decides which file the status path names (status_target): a symlink's
 * target, so the link stays; a path that exists and is not a regular file,
 * or a name too long for the temporary file, exits with EXIT_USAGE before
 * anything is written. o->status then names that file. */
static void resolve_status(struct options *o)
{
    static char target[4096];
    char err[600];

    if (status_target(o->status, target, sizeof target, err, sizeof err) < 0)
        die("cannot use the status file %s: %s", o->status, err);
    o->status = target;
}

/* Takes the lock on the status file path: one tracker per status file. Exits
 * with EXIT_USAGE, before anything is written or removed, when another
 * tracker holds it or the lock file cannot be made. */
static void take_lock(const char *path)
{
    char err[600];
    long holder;

    if (lock_take(&lock, path, &holder, err, sizeof err) == 0)
        return;
    if (holder > 0)
        die("%s is in use by another memtrack (pid %ld); stop that one first, or choose "
            "another file with --status PATH",
            path, holder);
    if (holder == 0)
        die("%s is in use by another memtrack that is just starting; stop that one first, or "
            "choose another file with --status PATH",
            path);
    die("cannot write the status file %s (%s); choose a writable place with --status PATH", path,
        err);
}

/* Turns the heap on at start when --heap or --allocator asked for it, and
 * says so in the first event's note n. Exits with EXIT_USAGE when that
 * fails. */
static void start_heap(struct session *s, const struct options *o, struct note *n)
{
    char err[400];

    if (!o->heap)
        return;
    if (heapcmd_start(s, o->heap_bytes, &o->heap_cfg, err, sizeof err) < 0) {
        status_free(&s->st);
        die("--heap: %s", err);
    }
    note_append(n->why, sizeof n->why, "; heap %llu B, %s allocator",
                (unsigned long long)o->heap_bytes, heap_kind_name(o->heap_cfg.kind));
}

/* Builds the starting state, fresh from the options or resumed from the
 * status file, and the note for the first event in *n. Exits with EXIT_USAGE
 * when that fails. */
static void start_state(struct session *s, const struct options *o, struct note *n)
{
    char err[512], total[32];
    int r;

    if (o->resume) {
        r = status_parse_file(o->status, &s->st, 0, err, sizeof err);
        if (r < 0)
            die("cannot resume: %s", err);
        if (r > 0)
            die("cannot resume from %s:%d: %s", o->status, r, err);
        if (s->st.seq == UINT64_MAX)
            die("cannot resume from %s: its seq is %llu, the largest there is, so a later state "
                "could not be told apart from it; start afresh without --resume",
                o->status, (unsigned long long)s->st.seq);
        note_what(n, "memtrack resumed from %s at seq %llu", o->status,
                  (unsigned long long)s->st.seq);
        note_why(n, "the state was read back from the status file, so nothing was lost");
        if (s->st.vm_on) /* The resumed memory's settings, for vm on and reset. */
            s->vmset = (struct vm_settings){.policy = s->st.vm.policy,
                                            .seed = s->st.vm.seed,
                                            .bits = s->st.vm.bits,
                                            .swap = s->st.vm.nslots,
                                            .swap_set = 1};
        vmtlb_settings(s);
        s->vmset.as_bytes = s->st.vm.as_bytes; /* The address space, for vm on and reset. */
        vmpt_settings(s);
        /* A run the file showed (the rest of an opt run) is not continued:
         * the references it had were never all in the file. */
        vm_run_end(&s->st.vm);
        return;
    }
    if (status_init(&s->st, o->frames, o->page_size, o->policy, o->seed, o->seg_memory, o->fit, err,
                    sizeof err) < 0)
        die("%s", err);
    s->vmset = (struct vm_settings){o->replace,
                                    o->replace_seed,
                                    (unsigned)o->clock_bits,
                                    o->swap,
                                    o->swap_set,
                                    (uint32_t)o->tlb,
                                    (uint32_t)o->tlb_ways,
                                    o->tlb_asid,
                                    0,
                                    0,
                                    o->as_bytes,
                                    o->pt_levels,
                                    (unsigned)o->pte_bytes,
                                    o->pt_levels && !o->as_bytes};
    note_what(n, "memtrack started: %llu frames x %llu B = %s, segment memory %llu B",
              (unsigned long long)o->frames, (unsigned long long)o->page_size,
              num_bytes(o->frames * o->page_size, total, sizeof total),
              (unsigned long long)o->seg_memory);
    note_why(n, "frame policy %s, fit policy %s", pg_policy_name(o->policy), seg_fit_name(o->fit));
    if (o->vm && vmcmd_start(s, err, sizeof err) < 0) {
        status_free(&s->st);
        die("--vm: %s", err);
    }
    if (o->vm)
        note_why(n,
                 "frame policy %s, fit policy %s; virtual memory on: %u swap slot%s, "
                 "replacement policy %s",
                 pg_policy_name(o->policy), seg_fit_name(o->fit), s->st.vm.nslots,
                 s->st.vm.nslots == 1 ? "" : "s", vm_policy_name(s->st.vm.policy));
    if (s->st.vm.as_bytes)
        note_append(n->why, sizeof n->why, "; address spaces of %llu B",
                    (unsigned long long)s->st.vm.as_bytes);
    if (s->st.vm.pt_levels)
        note_append(n->why, sizeof n->why, "; page tables %s, %u B entries",
                    vm_page_table_name(s->st.vm.pt_levels), s->st.vm.pts.entry_bytes);
    if (s->st.vm.tlb)
        note_append(n->why, sizeof n->why, "; TLB %u entr%s, %u way%s, address-space ids %s",
                    s->st.vm.tlb->entries, s->st.vm.tlb->entries == 1 ? "y" : "ies",
                    s->st.vm.tlb->ways, s->st.vm.tlb->ways == 1 ? "" : "s",
                    s->st.vm.tlb->asid ? "on" : "off");
    start_heap(s, o, n);
}

/* Takes the script named by --script, or standard input, into *in and *name,
 * and checks that it can be read as a script: it opens, it is not a
 * directory, and it is not the status file, by path or by device and inode
 * (the first status write would replace it). Called before anything is
 * written, so a run refused here leaves every file as it was. Exits with
 * EXIT_USAGE on failure. */
static void open_script(const struct options *o, FILE **in, const char **name)
{
    struct stat sst, tst;

    *in = stdin;
    *name = "stdin";
    if (o->script && strcmp(o->script, "-") != 0) {
        if (strcmp(o->script, o->status) == 0)
            die("--script %s is also the status file, which memtrack rewrites; name the status "
                "file apart with --status PATH",
                o->script);
        *in = fopen(o->script, "r");
        if (!*in)
            die("cannot open script %s: %s", o->script, strerror(errno));
        *name = o->script;
    }
    if (fstat(fileno(*in), &sst) < 0)
        die("cannot read script %s: %s", *name, strerror(errno));
    if (S_ISDIR(sst.st_mode))
        die("cannot read script %s: %s", *name, strerror(EISDIR));
    if (S_ISREG(sst.st_mode)) { /* Read a byte (reading a file does not block). */
        int c = getc(*in);
        if (c == EOF && ferror(*in))
            die("cannot read script %s: %s", *name, strerror(errno));
        if (c != EOF)
            ungetc(c, *in);
    }
    if (stat(o->status, &tst) == 0 && tst.st_dev == sst.st_dev && tst.st_ino == sst.st_ino)
        die("the script (%s) is the status file %s, which memtrack rewrites; name the status "
            "file apart with --status PATH",
            *name, o->status);
}

/* Puts the quiz qc made into s's state (qc keeps nothing of it) and says
 * so in the first event's note n. */
static void start_quiz(struct session *s, struct quizcmd *qc, struct note *n)
{
    struct qbuf b = {0};

    s->st.quiz = qc->quiz;
    s->st.quiz_on = 1;
    memset(&qc->quiz, 0, sizeof qc->quiz);
    quiz_args_text(&s->st.quiz, &b);
    note_what(n, "quiz %s started: %zu question%s", quiz_kind_name(s->st.quiz.kind), s->st.quiz.nq,
              s->st.quiz.nq == 1 ? "" : "s");
    note_why(n, "memtrack quiz %s %.300s; each answer stays hidden until given or shown",
             quiz_kind_name(s->st.quiz.kind), b.s ? b.s : "");
    qbuf_free(&b);
}

/* Sets up the session *s for the options: the starting state (with qc's
 * quiz when qc is not NULL), the trace (MEMTRACK_TRACE), the clean-up of
 * stale temporary files and the first status write, which proves the file
 * can be written. Exits with EXIT_USAGE when one of them fails. */
static void start_session(struct session *s, const struct options *o, struct quizcmd *qc)
{
    struct note n;
    char err[600];
    int stale;

    memset(s, 0, sizeof *s);
    s->path = o->status;
    s->nosync = o->nosync;
    s->cache = status_cache_new(); /* Without one (no memory), every write formats it all. */
    start_state(s, o, &n);
    if (qc)
        start_quiz(s, qc, &n);
    /* For benchmarks: when each status write finished (CLOCK_REALTIME). */
    if (getenv("MEMTRACK_TRACE") && !(s->trace = fopen(getenv("MEMTRACK_TRACE"), "a")))
        die("MEMTRACK_TRACE: cannot open %s: %s", getenv("MEMTRACK_TRACE"), strerror(errno));
    stale = status_clean_temps(o->status);
    if (stale > 0)
        fprintf(stderr,
                "memtrack: removed %d stale temporary file%s left by a memtrack that was "
                "killed while writing %s\n",
                stale, stale == 1 ? "" : "s", o->status);
    if (cmd_start(s, &n, err, sizeof err) < 0) {
        status_free(&s->st);
        status_cache_free(s->cache);
        die("cannot write the status file %s (%s); choose a writable place with --status PATH",
            o->status, err);
    }
}

/* Runs the script in (named name) and says how it went. Returns 0, or -1
 * when it could not be read to its end (said on stderr). */
static int run_script(struct session *s, const struct options *o, FILE *in, const char *name,
                      struct script_tally *t)
{
    int rc = 0;

    if (script_run(s, in, name, o->strict, t) < 0) {
        int e = errno;
        fflush(stdout);
        fprintf(stderr, "memtrack: cannot read script %s to its end: %s\n", name, strerror(e));
        rc = -1;
    }
    if (in != stdin)
        fclose(in);
    script_summary(stdout, name, t);
    fflush(stdout);
    if (t->errors && o->strict)
        fprintf(stderr, "memtrack: %s: stopped at the first error (--strict)\n", name);
    else if (t->errors)
        fprintf(stderr, "memtrack: %s: %u line%s could not run (see above)\n", name, t->errors,
                t->errors == 1 ? "" : "s");
    return rc;
}

/* Writes the final state of s, releases the session and the lock, and
 * flushes standard output; says "Bye" when bye is 1. Returns 0, or
 * EXIT_LOST when the final state or standard output was lost (said). */
static int end_session(struct session *s, const struct options *o, int bye)
{
    char err[600];
    int rc = 0;

    /* The last write has no later change to be retried at: a failure loses
     * the final state, and says so. */
    if (cmd_flush(s, err, sizeof err) < 0) {
        fflush(stdout);
        fprintf(stderr,
                "memtrack: the final state (seq %llu) was not written (%s); %s does not hold "
                "it\n",
                (unsigned long long)s->st.seq, err, o->status);
        rc = EXIT_LOST;
    } else if (bye) {
        printf("Bye. The final state is in %s.\n", o->status);
    }
    status_free(&s->st);
    status_cache_free(s->cache);
    if (s->trace)
        fclose(s->trace);
    lock_release(&lock);
    if (stdout_ok() < 0)
        rc = EXIT_LOST;
    return rc;
}

/* `memtrack [options] quiz ...` (argv[0] is "quiz"; quizcmd.h): what prints
 * and ends at once (--answers, --worksheet, --ostep, check, list, --help)
 * touches no status file; a quiz taken at the prompt runs in a session of
 * its own, with the lock and the status file as the menu's. Returns the
 * exit status. */
static int quiz_main(struct options *o, int argc, char **argv)
{
    struct quizcmd qc;
    struct session s;
    char err[800];
    int rc;

    if (quizcmd_parse(argc, argv, &qc, err, sizeof err) < 0)
        die("%s", err);
    if (qc.mode != QUIZCMD_TAKE) {
        rc = quizcmd_print(&qc);
        quizcmd_free(&qc);
        return stdout_ok() < 0 ? EXIT_LOST : rc;
    }
    if (o->script || o->resume) {
        quizcmd_free(&qc);
        die("a quiz reads its answers from standard input, from a fresh start: --%s is not "
            "for it",
            o->script ? "script" : "resume");
    }
    check_args(o);
    resolve_status(o);
    take_lock(o->status); /* Before anything is written or removed. */
    start_session(&s, o, &qc);
    rc = quizcmd_take(&s, &qc, stdin, !isatty(STDIN_FILENO)) < 0 ? EXIT_USAGE : 0;
    quizcmd_free(&qc);
    return end_session(&s, o, 0) ? EXIT_LOST : rc;
}

int main(int argc, char **argv)
{
    struct options o = {.frames = 16,
                        .page_size = 4096,
                        .seed = 1,
                        .seg_memory = 65536,
                        .policy = PG_FIRST,
                        .fit = SEG_FIRST,
                        .replace = VM_FIFO,
                        .clock_bits = 2,
                        .heap_bytes = HEAP_DEFAULT_BYTES,
                        .status = "memory_status"};
    struct session s;
    FILE *in = stdin;
    const char *name = "stdin";
    struct script_tally t = {0, 0, 0};
    int interactive, read_failed = 0, rc = 0;

    /* Every input is opened and checked before the first write (the trace,
     * the clean-up of temporary files, the status file): a run that fails
     * here leaves the files as they were. */
    parse_args(argc, argv, &o);
    if (o.quiz_at)
        return quiz_main(&o, argc - o.quiz_at, argv + o.quiz_at);
    check_args(&o);
    resolve_status(&o);
    interactive = !o.script && isatty(STDIN_FILENO);
    if (!interactive)
        open_script(&o, &in, &name);
    take_lock(o.status); /* Before anything is written or removed. */
    start_session(&s, &o, NULL);

    if (interactive) {
        printf("memtrack %s: paging and segmentation, explained. The status file is\n"
               "rewritten after every change; run memview in another terminal to watch it.\n"
               "Status file: %s\n",
               MT_VERSION, o.status);
        menu_run(&s);
    } else {
        read_failed = run_script(&s, &o, in, name, &t) < 0;
    }

    rc = end_session(&s, &o, interactive);
    if (!rc && read_failed)
        rc = EXIT_USAGE;
    if (!rc && o.strict && t.errors)
        rc = EXIT_STRICT;
    return rc;
}
