/* script.c: the command language. Commands are a table of { words, argument
 * counts, usage, handler } (the way dwm binds keys); the handlers only parse
 * their arguments and call the cmd_ actions the menu calls too. */
#include "script.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "input.h"
#include "num.h"
#include "vmtrace.h"

#define MAX_SLEEP_MS 60000 /* Longest `sleep`. */

/* Parses argument `what` of a command as a number; prints the reason and
 * returns -1 when it is not one. */
static int arg_num(struct session *s, const char *arg, const char *what, int flags, uint64_t min,
                   uint64_t max, uint64_t *out)
{
    char err[160];

    if (num_parse(arg, flags, min, max, out, err, sizeof err) < 0) {
        cmd_error(s, "%s: %s", what, err);
        return -1;
    }
    return 0;
}

static int arg_pid(struct session *s, const char *arg, int64_t *pid)
{
    uint64_t v;

    if (arg_num(s, arg, "process id", NUM_PLAIN, 1, PG_MAX_PID, &v) < 0)
        return -1;
    *pid = (int64_t)v;
    return 0;
}

/* alloc PID BYTES [PROT] */
static int do_alloc(struct session *s, char **argv, int argc)
{
    int64_t pid;
    uint64_t bytes;
    unsigned prot;

    if (arg_pid(s, argv[0], &pid) < 0 ||
        arg_num(s, argv[1], "size in bytes", NUM_SUFFIX, 1, PG_MAX_BYTES, &bytes) < 0)
        return -1;
    if (argc < 3)
        return cmd_alloc(s, pid, bytes);
    if (!s->st.vm_on || !s->st.vm.as_bytes) { /* The layer off: no third word, as before it. */
        cmd_error(s, "usage: alloc PID BYTES");
        return -1;
    }
    if (vm_prot_parse(argv[2], &prot) < 0) {
        cmd_error(s, "a protection is r, w and x in any combination (rw, r, rx, ...), not '%.20s'",
                  argv[2]);
        return -1;
    }
    return cmd_alloc_prot(s, pid, bytes, prot);
}

static int do_pagetable(struct session *s, char **argv, int argc)
{
    int64_t pid;

    (void)argc;
    return arg_pid(s, argv[0], &pid) < 0 ? -1 : cmd_pagetable(s, pid);
}

static int do_frames(struct session *s, char **argv, int argc)
{
    (void)argv;
    (void)argc;
    return cmd_frames(s);
}

static int do_translate(struct session *s, char **argv, int argc)
{
    int64_t pid;
    uint64_t addr;

    (void)argc;
    if (arg_pid(s, argv[0], &pid) < 0 ||
        arg_num(s, argv[1], "logical address", NUM_HEX, 0, UINT64_MAX, &addr) < 0)
        return -1;
    return cmd_translate(s, pid, addr, num_is_hex(argv[1]));
}

/* Reads key=value arguments: each key in keys[] at most once. Returns 0 with
 * vals[] filled for the keys given, or -1. */
static int arg_keys(struct session *s, char **argv, int argc, const char **keys, int nkeys,
                    const uint64_t *min, const uint64_t *max, uint64_t *vals, int *given)
{
    for (int i = 0; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        int k;
        for (k = 0; k < nkeys; k++)
            if (eq && (size_t)(eq - argv[i]) == strlen(keys[k]) &&
                strncmp(argv[i], keys[k], strlen(keys[k])) == 0)
                break;
        if (k == nkeys) {
            cmd_error(s, "'%.40s' is not a setting here; expected %s=N%s%s%s", argv[i], keys[0],
                      nkeys > 1 ? " or " : "", nkeys > 1 ? keys[1] : "", nkeys > 1 ? "=N" : "");
            return -1;
        }
        if (given[k]) {
            cmd_error(s, "%s is given twice", keys[k]);
            return -1;
        }
        if (arg_num(s, eq + 1, keys[k], NUM_SUFFIX, min[k], max[k], &vals[k]) < 0)
            return -1;
        given[k] = 1;
    }
    return 0;
}

static int do_reset(struct session *s, char **argv, int argc)
{
    static const char *keys[] = {"frames", "page-size"};
    static const uint64_t min[] = {PG_MIN_FRAMES, PG_MIN_PAGE_SIZE};
    static const uint64_t max[] = {PG_MAX_FRAMES, PG_MAX_PAGE_SIZE};
    uint64_t v[2] = {s->st.pg.nframes, s->st.pg.page_size};
    int given[2] = {0, 0};
    char err[256];

    if (arg_keys(s, argv, argc, keys, 2, min, max, v, given) < 0)
        return -1;
    if (pg_check_settings(v[0], v[1], err, sizeof err) < 0) {
        cmd_error(s, "%s", err);
        return -1;
    }
    return cmd_reset(s, v[0], v[1]);
}

static int do_frame_policy(struct session *s, char **argv, int argc)
{
    enum pg_policy p;
    uint64_t seed = s->st.pg.seed;

    if (pg_policy_parse(argv[0], &p) < 0) {
        cmd_error(s, "frame policy must be first or random, not '%.40s'", argv[0]);
        return -1;
    }
    if (argc == 2) {
        if (p != PG_RANDOM) {
            cmd_error(s, "only the random policy takes a seed");
            return -1;
        }
        if (arg_num(s, argv[1], "seed", NUM_PLAIN, 0, UINT64_MAX, &seed) < 0)
            return -1;
    }
    return cmd_frame_policy(s, p, seed);
}

/* vm on [swap=SLOTS] */
static int do_vm_on(struct session *s, char **argv, int argc)
{
    static const char *keys[] = {"swap"};
    static const uint64_t min[] = {0};
    static const uint64_t max[] = {VM_MAX_SWAP};
    uint64_t v[1] = {0};
    int given[1] = {0};

    if (arg_keys(s, argv, argc, keys, 1, min, max, v, given) < 0)
        return -1;
    return cmd_vm_on(s, given[0], v[0]);
}

static int do_vm_off(struct session *s, char **argv, int argc)
{
    (void)argv;
    (void)argc;
    return cmd_vm_off(s);
}

/* tlb ENTRIES [ways=W] [asid=on|off]; tlb alone shows the entries. */
static int do_tlb(struct session *s, char **argv, int argc)
{
    static const char *keys[] = {"ways"};
    static const uint64_t min[] = {1};
    static const uint64_t max[] = {TLB_MAX_ENTRIES};
    char *rest[2];
    uint64_t entries, v[1] = {0};
    int given[1] = {0}, asid = 0, nrest = 0;

    if (argc == 0)
        return cmd_tlb_show(s);
    if (arg_num(s, argv[0], "TLB entries", NUM_PLAIN, 1, TLB_MAX_ENTRIES, &entries) < 0)
        return -1;
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "asid=", 5) != 0) {
            rest[nrest++] = argv[i];
        } else if (strcmp(argv[i] + 5, "on") == 0 || strcmp(argv[i] + 5, "off") == 0) {
            asid = argv[i][6] == 'n';
        } else {
            cmd_error(s, "asid is on or off, not '%.20s'", argv[i] + 5);
            return -1;
        }
    }
    if (arg_keys(s, rest, nrest, keys, 1, min, max, v, given) < 0)
        return -1;
    return cmd_tlb(s, (uint32_t)entries, (uint32_t)v[0], asid);
}

/* vm address-space BYTES|off */
static int do_address_space(struct session *s, char **argv, int argc)
{
    uint64_t bytes = 0;

    (void)argc;
    if (strcmp(argv[0], "off") != 0 &&
        arg_num(s, argv[0], "address-space size", NUM_SUFFIX, 1, UINT64_MAX, &bytes) < 0)
        return -1;
    return cmd_address_space(s, bytes);
}

/* vm page-table SHAPE [entry=4|8]; vm page-table off */
static int do_page_table(struct session *s, char **argv, int argc)
{
    static const char *keys[] = {"entry"};
    static const uint64_t min[] = {4};
    static const uint64_t max[] = {8};
    uint64_t v[1] = {0};
    int given[1] = {0};
    unsigned levels;

    if (vm_page_table_parse(argv[0], &levels) < 0) {
        cmd_error(s, "a page-table shape is linear, 2-level, 3-level, 4-level or off, not '%.40s'",
                  argv[0]);
        return -1;
    }
    if (arg_keys(s, argv + 1, argc - 1, keys, 1, min, max, v, given) < 0)
        return -1;
    if (given[0] && v[0] != 4 && v[0] != 8) {
        cmd_error(s, "entry: a page-table entry has 4 or 8 bytes, not %llu",
                  (unsigned long long)v[0]);
        return -1;
    }
    if (levels == 0 && given[0]) {
        cmd_error(s, "usage: vm page-table off (an entry size goes with a shape)");
        return -1;
    }
    return cmd_page_table(s, levels, (unsigned)v[0]);
}

static int do_tlb_off(struct session *s, char **argv, int argc)
{
    (void)argv;
    (void)argc;
    return cmd_tlb_off(s);
}

static int do_tlb_flush(struct session *s, char **argv, int argc)
{
    (void)argv;
    (void)argc;
    return cmd_tlb_flush(s);
}

/* latency [tlb=NS] [memory=NS]: a value not given keeps the TLB's. */
static int do_latency(struct session *s, char **argv, int argc)
{
    static const char *keys[] = {"tlb", "memory"};
    static const uint64_t min[] = {0, 1};
    static const uint64_t max[] = {VM_MAX_NS, VM_MAX_NS};
    uint64_t v[2] = {s->st.vm.tlb_ns, s->st.vm.mem_ns};
    int given[2] = {0, 0};

    if (arg_keys(s, argv, argc, keys, 2, min, max, v, given) < 0)
        return -1;
    return cmd_latency(s, (uint32_t)v[0], (uint32_t)v[1]);
}

/* replace POLICY; replace random [SEED]; replace ostep-clock [BITS [SEED]]
 * (the order of OSTEP's words; a value not given keeps the session's). */
static int do_replace(struct session *s, char **argv, int argc)
{
    enum vm_policy p;
    uint64_t seed = s->vmset.seed, bits = s->vmset.bits;

    if (vm_policy_parse(argv[0], &p) < 0) {
        cmd_error(s,
                  "replacement policy must be fifo, lru, opt, mru, clock, random or "
                  "ostep-clock, not '%.40s'",
                  argv[0]);
        return -1;
    }
    if (argc > (p == VM_RANDOM ? 2 : p == VM_OSTEP_CLOCK ? 3 : 1)) {
        cmd_error(s, "usage: replace fifo|lru|opt|mru|clock, replace random [SEED], replace "
                     "ostep-clock [BITS [SEED]]");
        return -1;
    }
    if (p == VM_OSTEP_CLOCK && argc > 1 &&
        arg_num(s, argv[1], "clock bits", NUM_PLAIN, 0, VM_MAX_BITS, &bits) < 0)
        return -1;
    if (argc == (p == VM_RANDOM ? 2 : 3) &&
        arg_num(s, argv[argc - 1], "seed", NUM_PLAIN, 0, UINT64_MAX, &seed) < 0)
        return -1;
    return cmd_replace(s, p, seed, (unsigned)bits);
}

/* access PID ADDRESS [r|w|x] */
static int do_access(struct session *s, char **argv, int argc)
{
    static const char *const kinds[] = {[VM_READ] = "r", [VM_WRITE] = "w", [VM_EXEC] = "x"};
    int64_t pid;
    uint64_t addr;
    int kind = VM_READ;

    if (arg_pid(s, argv[0], &pid) < 0 ||
        arg_num(s, argv[1], "virtual address", NUM_HEX, 0, UINT64_MAX, &addr) < 0)
        return -1;
    if (argc == 3) {
        for (kind = VM_EXEC; kind >= VM_READ && strcmp(argv[2], kinds[kind]) != 0; kind--)
            ;
        if (kind < VM_READ) {
            int x = s->st.vm_on && s->st.vm.as_bytes;
            cmd_error(s, "an access is r (a read, the default)%s w (a write)%s, not '%.20s'",
                      x ? "," : " or", x ? " or x (an instruction fetch)" : "", argv[2]);
            return -1;
        }
    }
    return cmd_access(s, pid, addr, kind);
}

#define REFS_MAX (INPUT_MAX / 2 + 1) /* Most pages one line can name ("1,2,3,..."). */

/* Reads page words ("3", "3w", "7,0,1") of pid into out (room for
 * REFS_MAX), addresses for pages of page_size bytes. Returns how many, or
 * -1 after saying why. */
static long arg_refs(struct session *s, char **argv, int argc, int64_t pid, uint64_t page_size,
                     struct vm_ref *out)
{
    long n = 0;
    char err[160];

    for (int i = 0; i < argc; i++) {
        char *save = NULL;
        for (char *w = strtok_r(argv[i], ",", &save); w; w = strtok_r(NULL, ",", &save)) {
            uint32_t page;
            int kind;
            if (vmtrace_page(w, &page, &kind, s->st.vm_on && s->st.vm.as_bytes, err, sizeof err) <
                0) {
                cmd_error(s, "%s", err);
                return -1;
            }
            out[n].addr = (uint64_t)page * page_size;
            out[n].pid = (int32_t)pid;
            out[n].write = kind == VM_WRITE;
            out[n].exec = kind == VM_EXEC;
            n++;
        }
    }
    if (n == 0)
        cmd_error(s, "no pages given");
    return n ? n : -1;
}

/* The page size refs and compare use: the memory's. */
static uint64_t page_size(const struct session *s)
{
    return s->st.vm_on ? s->st.vm.page_size : s->st.pg.page_size;
}

/* refs PID PAGE PAGE ... */
static int do_refs(struct session *s, char **argv, int argc)
{
    struct vm_ref refs[REFS_MAX];
    int64_t pid;
    long n;

    if (arg_pid(s, argv[0], &pid) < 0 ||
        (n = arg_refs(s, argv + 1, argc - 1, pid, page_size(s), refs)) < 0)
        return -1;
    return cmd_refs(s, refs, (size_t)n);
}

/* trace FILE [PID] */
static int do_trace(struct session *s, char **argv, int argc)
{
    int64_t pid = 0;

    if (argc == 2 && arg_pid(s, argv[1], &pid) < 0)
        return -1;
    return cmd_trace(s, argv[0], pid);
}

/* Reads compare's frames=A-B (or frames=A) into *lo, *hi. Returns 0, or -1
 * after saying why. */
static int arg_frames(struct session *s, const char *v, uint32_t *lo, uint32_t *hi)
{
    char a[32], *dash;
    uint64_t x, y;

    snprintf(a, sizeof a, "%s", v);
    dash = strchr(a, '-');
    if (dash)
        *dash = '\0';
    if (arg_num(s, a, "frames", NUM_PLAIN, PG_MIN_FRAMES, PG_MAX_FRAMES, &x) < 0 ||
        arg_num(s, dash ? dash + 1 : a, "frames", NUM_PLAIN, PG_MIN_FRAMES, PG_MAX_FRAMES, &y) < 0)
        return -1;
    if (y < x) {
        cmd_error(s, "frames=%llu-%llu: the range is reversed (frames=%llu-%llu)",
                  (unsigned long long)x, (unsigned long long)y, (unsigned long long)y,
                  (unsigned long long)x);
        return -1;
    }
    if (y - x >= STATUS_COMPARE_MAX) {
        cmd_error(s, "frames=%llu-%llu: at most %d frame counts in one compare",
                  (unsigned long long)x, (unsigned long long)y, STATUS_COMPARE_MAX);
        return -1;
    }
    *lo = (uint32_t)x;
    *hi = (uint32_t)y;
    return 0;
}

/* Reads compare's policies=a,b,... into p. Returns how many, or -1 after
 * saying why. */
static int arg_policies(struct session *s, char *v, enum vm_policy *p)
{
    int n = 0, seen[VM_NPOLICIES] = {0};
    char *save = NULL;

    for (char *w = strtok_r(v, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        enum vm_policy q;

        /* A policy given twice is refused, so at most VM_NPOLICIES reach p. */
        if (vm_policy_parse(w, &q) < 0 || seen[q]) {
            cmd_error(s,
                      "policies: '%.40s' is not a policy, or given twice (fifo, lru, opt, mru, "
                      "clock, random, ostep-clock)",
                      w);
            return -1;
        }
        seen[q] = 1;
        p[n++] = q;
    }
    if (n == 0)
        cmd_error(s, "policies: none given");
    return n ? n : -1;
}

/* Reads virtual addresses ("100", "0x64w", "100,104") of P1 into out (room
 * for REFS_MAX). Returns how many, or -1 after saying why. */
static long arg_addrs(struct session *s, char **argv, int argc, struct vm_ref *out)
{
    long n = 0;

    for (int i = 0; i < argc; i++) {
        char *save = NULL;
        for (char *w = strtok_r(argv[i], ",", &save); w; w = strtok_r(NULL, ",", &save)) {
            size_t len = strlen(w);
            int write = len > 1 && w[len - 1] == 'w';
            if (write)
                w[len - 1] = '\0';
            if (arg_num(s, w, "virtual address", NUM_HEX, 0, UINT64_MAX, &out[n].addr) < 0)
                return -1;
            out[n].pid = 1;
            out[n].write = (uint8_t)write;
            out[n].exec = 0;
            n++;
        }
    }
    if (n == 0)
        cmd_error(s, "no addresses given");
    return n ? n : -1;
}

/* Reads compare's references of P1 from its nwords words: @FILE alone, a
 * trace file read as `trace FILE 1` (into *file, which the caller frees),
 * else page words (addrs 0) or virtual addresses (addrs 1) into inl (room
 * for REFS_MAX). Returns how many with *refs set, or -1 after saying why. */
static long compare_refs(struct session *s, char **argv, int nwords, int addrs, struct vm_ref *inl,
                         struct vm_ref **refs, struct vm_ref **file)
{
    enum vmtrace_format f;
    size_t m;

    *refs = inl;
    if (argv[0][0] != '@' || nwords != 1)
        return addrs ? arg_addrs(s, argv, nwords, inl)
                     : arg_refs(s, argv, nwords, 1, page_size(s), inl);
    if (cmd_read_trace(s, argv[0] + 1, 1, page_size(s), file, &m, &f) < 0)
        return -1;
    *refs = *file;
    return (long)m;
}

/* compare REFS frames=A-B [policies=P,P,...]: REFS are page words of P1,
 * or @FILE, a trace file read as `trace FILE 1`. */
static int do_compare(struct session *s, char **argv, int argc)
{
    struct vm_ref inline_refs[REFS_MAX], *refs = inline_refs, *file = NULL;
    enum vm_policy pol[VM_NPOLICIES] = {VM_FIFO,  VM_LRU,    VM_OPT,        VM_MRU,
                                        VM_CLOCK, VM_RANDOM, VM_OSTEP_CLOCK};
    int np = VM_NPOLICIES, nwords = 0, have_frames = 0, r = -1;
    uint32_t lo = 0, hi = 0;
    long n = 0;

    for (int i = 0; i < argc; i++) {
        if (strncmp(argv[i], "frames=", 7) == 0) {
            if (arg_frames(s, argv[i] + 7, &lo, &hi) < 0)
                return -1;
            have_frames = 1;
        } else if (strncmp(argv[i], "policies=", 9) == 0) {
            if ((np = arg_policies(s, argv[i] + 9, pol)) < 0)
                return -1;
        } else {
            argv[nwords++] = argv[i];
        }
    }
    if (!have_frames || nwords == 0) {
        cmd_error(s, "usage: compare REFS|@FILE frames=A-B [policies=P,P,...]");
        return -1;
    }
    if ((n = compare_refs(s, argv, nwords, 0, inline_refs, &refs, &file)) < 0)
        return -1;
    r = cmd_compare(s, refs, (size_t)n, lo, hi, pol, (size_t)np);
    free(file);
    return r;
}

#define TABLES_USAGE                                                                               \
    "usage: compare tables ADDRESS,ADDRESS,...|@FILE [page-sizes=B,B,..] "                         \
    "[shapes=linear,2-level,..] [entry=4|8] [space=BYTES] [memory=BYTES]"

/* Reads compare tables' page-sizes=B,B,... (powers of two) into g. Returns
 * 0, or -1 after saying why. */
static int arg_page_sizes(struct session *s, char *v, struct vmpt_grid *g)
{
    char *save = NULL, err[256];

    g->npage_sizes = 0;
    for (char *w = strtok_r(v, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        uint64_t ps;
        if (g->npage_sizes == sizeof g->page_sizes / sizeof g->page_sizes[0]) {
            cmd_error(s, "page-sizes: at most %zu", sizeof g->page_sizes / sizeof g->page_sizes[0]);
            return -1;
        }
        if (arg_num(s, w, "page-sizes", NUM_SUFFIX, PG_MIN_PAGE_SIZE, PG_MAX_PAGE_SIZE, &ps) < 0)
            return -1;
        if (pg_check_settings(1, ps, err, sizeof err) < 0) {
            cmd_error(s, "page-sizes: %s", err);
            return -1;
        }
        g->page_sizes[g->npage_sizes++] = ps;
    }
    if (g->npage_sizes == 0)
        cmd_error(s, "page-sizes: none given");
    return g->npage_sizes ? 0 : -1;
}

/* Reads compare tables' shapes=S,S,... into g. Returns 0, or -1 after
 * saying why. */
static int arg_shapes(struct session *s, char *v, struct vmpt_grid *g)
{
    char *save = NULL;
    int seen[PTS_MAX_LEVELS + 1] = {0};

    g->nshapes = 0;
    for (char *w = strtok_r(v, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        unsigned levels;
        /* A shape given twice is refused, so at most PTS_MAX_LEVELS reach g. */
        if (vm_page_table_parse(w, &levels) < 0 || levels == 0 || seen[levels]) {
            cmd_error(s,
                      "shapes: '%.40s' is not a shape, or given twice (linear, 2-level, "
                      "3-level, 4-level)",
                      w);
            return -1;
        }
        seen[levels] = 1;
        g->shapes[g->nshapes++] = levels;
    }
    if (g->nshapes == 0)
        cmd_error(s, "shapes: none given");
    return g->nshapes ? 0 : -1;
}

/* Reads one key=value of compare tables into g. Returns 1 when arg was
 * one, 0 when it is no key, -1 after saying why it is a bad one. */
static int arg_grid_key(struct session *s, char *arg, struct vmpt_grid *g)
{
    uint64_t v;

    if (strncmp(arg, "page-sizes=", 11) == 0)
        return arg_page_sizes(s, arg + 11, g) < 0 ? -1 : 1;
    if (strncmp(arg, "shapes=", 7) == 0)
        return arg_shapes(s, arg + 7, g) < 0 ? -1 : 1;
    if (strncmp(arg, "entry=", 6) == 0) {
        if (arg_num(s, arg + 6, "entry", NUM_PLAIN, 4, 8, &v) < 0)
            return -1;
        if (v != 4 && v != 8) {
            cmd_error(s, "entry: a page-table entry has 4 or 8 bytes, not %llu",
                      (unsigned long long)v);
            return -1;
        }
        g->entry = (unsigned)v;
        return 1;
    }
    if (strncmp(arg, "space=", 6) == 0)
        return arg_num(s, arg + 6, "space", NUM_SUFFIX, 2 * PG_MIN_PAGE_SIZE,
                       1ull << PTS_MAX_AS_BITS, &g->space) < 0
                   ? -1
                   : 1;
    if (strncmp(arg, "memory=", 7) == 0)
        return arg_num(s, arg + 7, "memory", NUM_SUFFIX, PG_MIN_PAGE_SIZE, UINT64_MAX, &g->memory) <
                       0
                   ? -1
                   : 1;
    return 0;
}

/* compare tables ADDRESSES|@FILE [page-sizes=..] [shapes=..] [entry=4|8]
 * [space=BYTES] [memory=BYTES]: the defaults are the session's page size,
 * every shape, its entry size, address space and memory. */
static int do_compare_tables(struct session *s, char **argv, int argc)
{
    struct vm_ref inline_refs[REFS_MAX], *refs = inline_refs, *file = NULL;
    const struct vm *vm = &s->st.vm;
    struct vmpt_grid g = {.page_sizes = {page_size(s)},
                          .npage_sizes = 1,
                          .shapes = {1, 2, 3, 4},
                          .nshapes = 4,
                          .entry = s->vmset.pte_bytes,
                          .space = s->st.vm_on ? vm->as_bytes : s->vmset.as_bytes,
                          .memory = page_size(s) * (s->st.vm_on ? vm->nframes : s->st.pg.nframes)};
    int nwords = 0, r;
    long n;

    for (int i = 0; i < argc; i++) {
        if ((r = arg_grid_key(s, argv[i], &g)) < 0)
            return -1;
        if (r == 0)
            argv[nwords++] = argv[i];
    }
    if (nwords == 0) {
        cmd_error(s, TABLES_USAGE);
        return -1;
    }
    if (g.space == 0) {
        cmd_error(s, "compare tables needs the size of the address spaces: space=BYTES, or turn "
                     "them on (vm address-space BYTES, vm page-table SHAPE)");
        return -1;
    }
    if ((n = compare_refs(s, argv, nwords, 1, inline_refs, &refs, &file)) < 0)
        return -1;
    r = cmd_compare_tables(s, refs, (size_t)n, &g);
    free(file);
    return r;
}

/* Checks a heap block or cache name as written. Prints the reason and
 * returns -1 when it is misspelt. */
static int arg_name(struct session *s, const char *arg)
{
    char err[160];

    if (heap_check_name(arg, err, sizeof err) == 0)
        return 0;
    cmd_error(s, "%s", err);
    return -1;
}

/* free PID (paging), free NAME (the heap: a name starts with a letter; with
 * the heap off a word is a bad process id, as before the heap). */
static int do_free(struct session *s, char **argv, int argc)
{
    int64_t pid;

    (void)argc;
    if (s->st.heap_on &&
        ((argv[0][0] >= 'a' && argv[0][0] <= 'z') || (argv[0][0] >= 'A' && argv[0][0] <= 'Z')))
        return arg_name(s, argv[0]) < 0 ? -1 : cmd_heap_free(s, argv[0]);
    return arg_pid(s, argv[0], &pid) < 0 ? -1 : cmd_free(s, pid);
}

/* allocator KIND [key=value ...] */
static int do_allocator(struct session *s, char **argv, int argc)
{
    struct heap_config c;
    uint64_t bytes = heapcmd_bytes(s);
    char err[400];

    if (heapcmd_parse(argv[0], argv + 1, argc - 1, &c, &bytes, err, sizeof err) < 0) {
        cmd_error(s, "%s", err);
        return -1;
    }
    return cmd_allocator(s, bytes, &c);
}

/* cache NAME OBJECT-BYTES */
static int do_cache(struct session *s, char **argv, int argc)
{
    uint64_t object;

    (void)argc;
    if (arg_name(s, argv[0]) < 0 ||
        arg_num(s, argv[1], "object size", NUM_SUFFIX, 1, HEAP_MAX_BYTES, &object) < 0)
        return -1;
    return cmd_cache(s, argv[0], object);
}

/* pool BLOCK-BYTES COUNT */
static int do_pool(struct session *s, char **argv, int argc)
{
    uint64_t block, count;

    (void)argc;
    if (arg_num(s, argv[0], "block size", NUM_SUFFIX, 1, HEAP_MAX_BYTES, &block) < 0 ||
        arg_num(s, argv[1], "block count", NUM_SUFFIX, 1, HEAP_MAX_BYTES, &count) < 0)
        return -1;
    return cmd_pool(s, block, count);
}

/* malloc NAME BYTES [CACHE] and realloc NAME BYTES: reads the name and the
 * size. Returns 0, or -1 after saying why. */
static int arg_block(struct session *s, char **argv, uint64_t *bytes)
{
    if (arg_name(s, argv[0]) < 0 ||
        arg_num(s, argv[1], "size in bytes", NUM_SUFFIX, 1, HEAP_MAX_BYTES, bytes) < 0)
        return -1;
    return 0;
}

static int do_malloc(struct session *s, char **argv, int argc)
{
    uint64_t bytes;

    if (arg_block(s, argv, &bytes) < 0 || (argc == 3 && arg_name(s, argv[2]) < 0))
        return -1;
    return cmd_malloc(s, argv[0], bytes, argc == 3 ? argv[2] : NULL);
}

static int do_realloc(struct session *s, char **argv, int argc)
{
    uint64_t bytes;

    (void)argc;
    return arg_block(s, argv, &bytes) < 0 ? -1 : cmd_realloc(s, argv[0], bytes);
}

static int do_heap(struct session *s, char **argv, int argc)
{
    (void)argv;
    (void)argc;
    return cmd_heap_show(s);
}

/* compare heap FILE [heap=BYTES] */
static int do_compare_heap(struct session *s, char **argv, int argc)
{
    static const char *keys[] = {"heap"};
    static const uint64_t min[] = {HEAP_MIN_BYTES};
    static const uint64_t max[] = {HEAP_MAX_BYTES};
    uint64_t v[1] = {heapcmd_bytes(s)};
    int given[1] = {0};

    if (arg_keys(s, argv + 1, argc - 1, keys, 1, min, max, v, given) < 0)
        return -1;
    return cmd_compare_heap(s, argv[0], v[0]);
}

static int do_seg_alloc(struct session *s, char **argv, int argc)
{
    uint64_t bytes;
    char err[256];

    (void)argc;
    if (seg_check_name(argv[0], err, sizeof err) < 0) {
        cmd_error(s, "%s", err);
        return -1;
    }
    if (arg_num(s, argv[1], "segment size in bytes", NUM_SUFFIX, 1, SEG_MAX_MEMORY, &bytes) < 0)
        return -1;
    return cmd_seg_alloc(s, argv[0], bytes);
}

/* Checks a segment reference as written: an id 0-4 or a well-formed name
 * (whether such a segment exists is the memory's answer). Prints the reason
 * and returns -1 when it is neither. */
static int arg_seg_ref(struct session *s, const char *arg)
{
    char err[256];

    if (arg[0] >= '0' && arg[0] <= '9') {
        if (arg[1] == '\0' && arg[0] - '0' < SEG_MAX)
            return 0;
        cmd_error(s, "'%.20s' is not a segment id (0-%d)", arg, SEG_MAX - 1);
        return -1;
    }
    if (seg_check_name(arg, err, sizeof err) < 0) {
        cmd_error(s, "%s", err);
        return -1;
    }
    return 0;
}

static int do_seg_free(struct session *s, char **argv, int argc)
{
    (void)argc;
    return arg_seg_ref(s, argv[0]) < 0 ? -1 : cmd_seg_free(s, argv[0]);
}

static int do_seg_table(struct session *s, char **argv, int argc)
{
    (void)argv;
    (void)argc;
    return cmd_seg_table(s);
}

static int do_seg_translate(struct session *s, char **argv, int argc)
{
    uint64_t off;

    (void)argc;
    if (arg_seg_ref(s, argv[0]) < 0 ||
        arg_num(s, argv[1], "offset", NUM_HEX, 0, UINT64_MAX, &off) < 0)
        return -1;
    return cmd_seg_translate(s, argv[0], off, num_is_hex(argv[1]));
}

static int do_seg_reset(struct session *s, char **argv, int argc)
{
    static const char *keys[] = {"memory"};
    static const uint64_t min[] = {SEG_MIN_MEMORY};
    static const uint64_t max[] = {SEG_MAX_MEMORY};
    uint64_t v[1] = {s->st.sm.size};
    int given[1] = {0};

    if (arg_keys(s, argv, argc, keys, 1, min, max, v, given) < 0)
        return -1;
    return cmd_seg_reset(s, v[0]);
}

static int do_fit(struct session *s, char **argv, int argc)
{
    enum seg_fit f;

    (void)argc;
    if (seg_fit_parse(argv[0], &f) < 0) {
        cmd_error(s, "fit policy must be first, best, worst or next, not '%.40s'", argv[0]);
        return -1;
    }
    return cmd_fit(s, f);
}

static int do_compact(struct session *s, char **argv, int argc)
{
    (void)argv;
    (void)argc;
    return cmd_compact(s);
}

static int do_stats(struct session *s, char **argv, int argc)
{
    (void)argv;
    (void)argc;
    return cmd_stats(s);
}

static int do_sleep(struct session *s, char **argv, int argc)
{
    uint64_t ms;
    char err[160];
    struct timespec ts;

    (void)argc;
    if (num_parse_ms(argv[0], MAX_SLEEP_MS, &ms, err, sizeof err) < 0) {
        cmd_error(s, "sleep: %s", err);
        return -1;
    }
    if (s->no_sleep)
        return 0;
    fflush(stdout);
    ts.tv_sec = (time_t)(ms / 1000);
    ts.tv_nsec = (long)(ms % 1000) * 1000000L;
    while (nanosleep(&ts, &ts) < 0)
        ;
    return 0;
}

static int do_help(struct session *s, char **argv, int argc)
{
    (void)s;
    (void)argv;
    (void)argc;
    script_help(stdout);
    return 0;
}

struct command {
    const char *name; /* First word. */
    const char *sub;  /* Second word, or NULL. */
    int min, max;     /* Arguments after the command words. */
    const char *args; /* Their usage. */
    const char *help; /* One line of help. */
    int (*run)(struct session *s, char **argv, int argc);
};

/* name, sub, min args, max args, usage, help, handler */
static const struct command commands[] = {
    {"alloc", NULL, 2, 3, "PID BYTES", "give PID BYTES more bytes (pages; VM: rwx)", do_alloc},
    {"free", NULL, 1, 1, "PID|NAME", "free PID's frames, or heap block NAME", do_free},
    {"pagetable", NULL, 1, 1, "PID", "show the page table of process PID", do_pagetable},
    {"frames", NULL, 0, 0, "", "show the frame table", do_frames},
    {"translate", NULL, 2, 2, "PID ADDRESS", "translate a logical address of PID", do_translate},
    {"reset", NULL, 0, 2, "[frames=N] [page-size=BYTES]",
     "empty paging memory (new settings optional)", do_reset},
    {"frame-policy", NULL, 1, 2, "first|random [SEED]", "choose how frames are picked",
     do_frame_policy},
    {"seg", "alloc", 2, 2, "NAME BYTES", "place a new segment by the fit policy", do_seg_alloc},
    {"seg", "free", 1, 1, "ID|NAME", "free a segment", do_seg_free},
    {"seg", "table", 0, 0, "", "show the segment table and the holes", do_seg_table},
    {"seg", "translate", 2, 2, "ID|NAME OFFSET", "translate segment:offset", do_seg_translate},
    {"seg", "reset", 0, 1, "[memory=BYTES]", "empty segment memory (new size optional)",
     do_seg_reset},
    {"fit", NULL, 1, 1, "first|best|worst|next", "choose the segment fit policy", do_fit},
    {"compact", NULL, 0, 0, "", "slide segments down to close the holes", do_compact},
    {"stats", NULL, 0, 0, "", "fragmentation and usage figures", do_stats},
    {"vm", "on", 0, 1, "[swap=SLOTS]", "virtual memory on: demand paging (empties)", do_vm_on},
    {"vm", "off", 0, 0, "", "virtual memory off (empties paging memory)", do_vm_off},
    {"vm", "address-space", 1, 1, "BYTES|off", "address spaces, with protection (VM mode)",
     do_address_space},
    {"vm", "page-table", 1, 2, "SHAPE|off [entry=4|8]", "page tables in frames (VM mode)",
     do_page_table},
    {"replace", NULL, 1, 3, "POLICY [SEED]", "replacement policy (ostep-clock: BITS SEED)",
     do_replace},
    {"tlb", "off", 0, 0, "", "TLB off (VM mode)", do_tlb_off},
    {"tlb", "flush", 0, 0, "", "empty the TLB", do_tlb_flush},
    {"tlb", NULL, 0, 3, "ENTRIES [ways=W] [asid=on|off]", "TLB on, empty (tlb alone: show it)",
     do_tlb},
    {"latency", NULL, 1, 2, "tlb=NS memory=NS", "TLB and memory times (default 1, 100)",
     do_latency},
    {"access", NULL, 2, 3, "PID ADDRESS [r|w|x]", "one access of a virtual address", do_access},
    {"refs", NULL, 2, INPUT_ARGS - 1, "PID PAGE PAGE ...", "play a reference string (3w: write)",
     do_refs},
    {"trace", NULL, 1, 2, "FILE [PID]", "replay a file of accesses (README.md)", do_trace},
    {"compare", "heap", 1, 2, "FILE [heap=BYTES]", "a heap workload under each allocator",
     do_compare_heap},
    {"compare", "tables", 1, INPUT_ARGS - 2, "ADDRS [page-sizes=..]",
     "table memory by page size and shape", do_compare_tables},
    {"compare", NULL, 2, INPUT_ARGS - 1, "REFS frames=A-B [policies=P,..]",
     "faults by policy and frame count", do_compare},
    {"allocator", NULL, 1, 9, "KIND [key=value ...]", "heap on, empty: freelist, buddy, slab, pool",
     do_allocator},
    {"cache", NULL, 2, 2, "NAME OBJECT-BYTES", "a slab cache (slab heap)", do_cache},
    {"pool", NULL, 2, 2, "BLOCK-BYTES COUNT", "a pool of fixed-size blocks (pool heap)", do_pool},
    {"malloc", NULL, 2, 3, "NAME BYTES [CACHE]", "allocate heap block NAME (slab: from CACHE)",
     do_malloc},
    {"realloc", NULL, 2, 2, "NAME BYTES", "resize heap block NAME", do_realloc},
    {"heap", NULL, 0, 0, "", "heap blocks, free space and fragmentation", do_heap},
    {"sleep", NULL, 1, 1, "SECONDS", "pause (up to 60 s, e.g. 0.5) for a viewer", do_sleep},
    {"echo", NULL, 0, INPUT_ARGS, "TEXT", "print TEXT (memview shows it as a caption)", NULL},
    {"help", NULL, 0, 0, "", "list the commands", do_help},
    {"quit", NULL, 0, 0, "", "stop reading commands", NULL},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

void script_help(FILE *fp)
{
    fprintf(fp, "Commands, one a line (# starts a comment; sizes take K, M or G; addresses\n"
                "may be 0x hex):\n");
    for (size_t i = 0; i < NCOMMANDS; i++) {
        char usage[64];
        const struct command *c = &commands[i];
        snprintf(usage, sizeof usage, "%s%s%s%s%s", c->name, c->sub ? " " : "",
                 c->sub ? c->sub : "", c->args[0] ? " " : "", c->args);
        fprintf(fp, "  %-34s %s\n", usage, c->help); /* At most 80 columns. */
    }
}

/* Says that word starts no command; for a word with subcommands ("seg"),
 * lists them. */
static void unknown(struct session *s, const char *word)
{
    char subs[160] = "";

    for (size_t i = 0; i < NCOMMANDS; i++)
        if (commands[i].sub && strcmp(commands[i].name, word) == 0)
            note_append(subs, sizeof subs, "%s%s", subs[0] ? ", " : "", commands[i].sub);
    if (subs[0])
        cmd_error(s, "'%s' needs one of: %s", word, subs);
    else
        cmd_error(s, "unknown command '%.40s' (try 'help')", word);
}

/* Returns 1 when text is an echo command, whose text is printed as it is. */
static int is_echo(const char *text)
{
    return strncmp(text, "echo", 4) == 0 && (text[4] == '\0' || text[4] == ' ');
}

enum script_result script_line(struct session *s, char *line)
{
    char *argv[INPUT_ARGS];
    char *text = input_trim(line);
    int argc;
    const struct command *c = NULL;

    if (*text == '\0' || *text == '#')
        return SCRIPT_DONE;
    if (is_echo(text)) {
        cmd_echo(s, text[4] ? input_trim(text + 5) : "");
        return SCRIPT_DONE;
    }
    /* A comment may also end a command: "alloc 1 100   # the shell". */
    for (char *h = strchr(text, '#'); h; h = strchr(h + 1, '#'))
        if (h[-1] == ' ') {
            *h = '\0';
            break;
        }
    argc = input_split(text, argv, INPUT_ARGS);
    if (argc < 0) {
        cmd_error(s, "too many words on one line (at most %d)", INPUT_ARGS);
        return SCRIPT_ERROR;
    }
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, argv[0]) == 0 &&
            (!commands[i].sub || (argc > 1 && strcmp(commands[i].sub, argv[1]) == 0))) {
            c = &commands[i];
            break;
        }
    if (!c) {
        unknown(s, argv[0]);
        return SCRIPT_ERROR;
    }
    argc -= c->sub ? 2 : 1;
    if (argc < c->min || argc > c->max) {
        cmd_error(s, "usage: %s%s%s%s%s", c->name, c->sub ? " " : "", c->sub ? c->sub : "",
                  c->args[0] ? " " : "", c->args);
        return SCRIPT_ERROR;
    }
    if (!c->run)
        return SCRIPT_QUIT;
    s->refused = 0;
    if (c->run(s, argv + (c->sub ? 2 : 1), argc) == 0)
        return SCRIPT_DONE;
    /* The handlers report bad arguments with cmd_error; the cmd_ actions
     * mark what the memory refused. */
    return s->refused ? SCRIPT_REFUSED : SCRIPT_ERROR;
}

/* Returns 1 when the line counts as a command (not blank, not a comment). */
static int is_command(char *line)
{
    const char *text = input_trim(line);

    return *text != '\0' && *text != '#';
}

int script_run(struct session *s, FILE *fp, const char *name, int strict, struct script_tally *t)
{
    char line[INPUT_MAX + 1], where[300];
    unsigned long lineno = 0;
    enum input_result r;

    memset(t, 0, sizeof *t);
    while ((r = input_line(fp, line, sizeof line)) != INPUT_EOF) {
        enum script_result rc = SCRIPT_ERROR;
        if (ferror(fp))
            break; /* A line cut short by a read error is not run. */
        lineno++;
        snprintf(where, sizeof where, "%s:%lu", name, lineno);
        s->where = where;
        if (r == INPUT_LONG) {
            cmd_error(s, "line longer than %d characters", INPUT_MAX);
        } else if (r == INPUT_CONTROL) {
            cmd_error(s, "line holds a control character or NUL byte");
        } else if (!is_command(line)) {
            continue;
        } else {
            char *text = input_trim(line);
            if (!is_echo(text))
                printf("> %s\n", text);
            rc = script_line(s, line);
        }
        fflush(stdout); /* Whoever reads a pipe sees each answer as it comes. */
        if (rc == SCRIPT_REFUSED)
            t->refused++;
        else if (rc == SCRIPT_ERROR)
            t->errors++;
        else
            t->done++;
        if (rc == SCRIPT_QUIT || (rc == SCRIPT_ERROR && strict))
            break;
    }
    s->where = NULL;
    return ferror(fp) ? -1 : 0;
}

void script_summary(FILE *fp, const char *name, const struct script_tally *t)
{
    unsigned n = t->done + t->refused + t->errors;

    fprintf(fp, "%s: %u command%s: %u done, %u refused, %u error%s\n", name, n, n == 1 ? "" : "s",
            t->done, t->refused, t->errors, t->errors == 1 ? "" : "s");
}
