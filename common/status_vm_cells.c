/* status_vm_cells.c: the virtual-memory records of many entries a line,
 * read and written: `vm-rng` (the random generator's state), `vm-frames`
 * (the frames: page, slot, bits, times), `vm-swap` (the pages in swap and
 * not resident), `vm-run` and `vm-future` (the rest of a run's references
 * under opt). A million frames are a million entries: lines are built in
 * place and read without being split into words, like `cells`. See
 * docs/status-format.md, status_vm.c and the table in status.c. */
#include "status_impl.h"

#include <stdlib.h>
#include <string.h>

#include "paging.h"

#define VM_LINE  880 /* A line of entries is ended once it is this long, */
#define VM_GAP   8   /* or before a gap of more than this many unused entries. */
#define RNG_LINE 104 /* Generator words a vm-rng line: 6 lines hold its 624. */

/* Writes v in decimal at p; returns the end. */
static char *dec64(char *p, uint64_t v)
{
    char tmp[20];
    int i = sizeof tmp;

    if (v <= UINT32_MAX)
        return status_dec(p, (uint32_t)v);
    while (v) {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    }
    memcpy(p, tmp + i, sizeof tmp - (size_t)i);
    return p + (sizeof tmp - (size_t)i);
}

/* ---- Lines of entries: writing ------------------------------------------ */

/* A kind of line that lists frames or slots from `from=`, one entry each,
 * "-" for one it does not list. */
struct cells_kind {
    const char *head; /* "vm-frames from=" */
    size_t most;      /* Longest entry, in characters. */
    int (*used)(const struct vm *vm, uint32_t k);
    char *(*put)(char *p, const struct vm *vm, uint32_t k); /* Writes entry k; returns the end. */
};

/* Writes the lines of kind for entries 0..n-1. A line starts at a listed
 * entry and ends once it is VM_LINE characters long, at the end, or before
 * a gap of more than VM_GAP unlisted entries; a shorter gap stays in the
 * line as one "-" an entry. */
static void put_cells_lines(struct sink *s, const struct vm *vm, uint32_t n,
                            const struct cells_kind *kind)
{
    uint32_t f = 0;

    while (f < n && !kind->used(vm, f))
        f++;
    while (f < n) {
        char *line, *p;
        status_room(s, 32 + VM_LINE + 2 * VM_GAP + kind->most + 2);
        if (s->err)
            return;
        line = p = s->buf + s->n;
        memcpy(p, kind->head, strlen(kind->head));
        p = status_dec(p + strlen(kind->head), f);
        for (;;) {
            uint32_t g;
            *p++ = ' ';
            p = kind->put(p, vm, f);
            if (++f == n || p - line >= VM_LINE)
                break;
            for (g = f; g < n && g - f <= VM_GAP && !kind->used(vm, g); g++)
                ;
            if (g == n || !kind->used(vm, g)) {
                f = g;
                break;
            }
            p = status_dashes(p, g - f);
            f = g;
        }
        status_end_line(s, p);
        while (f < n && !kind->used(vm, f))
            f++;
    }
}

/* A frame is listed in vm-frames when it holds a data page: table frames
 * (the page-table layer) are in the vm-table records. */
static int frame_used(const struct vm *vm, uint32_t f)
{
    return vm->frames[f].pid != 0 && !vm->frames[f].table;
}

/* PID:PAGE:SLOT:R:D:LOADED:USED, SLOT "-" for none. */
static char *put_frame(char *p, const struct vm *vm, uint32_t f)
{
    const struct vm_frame *fr = &vm->frames[f];

    p = status_dec(p, (uint32_t)fr->pid);
    *p++ = ':';
    p = status_dec(p, fr->page);
    *p++ = ':';
    if (fr->slot == VM_NONE)
        *p++ = '-';
    else
        p = status_dec(p, fr->slot);
    *p++ = ':';
    p = status_dec(p, fr->ref);
    *p++ = ':';
    *p++ = fr->dirty ? '1' : '0';
    *p++ = ':';
    p = dec64(p, fr->loaded);
    *p++ = ':';
    return dec64(p, fr->used);
}

/* A slot is listed in vm-swap when its page is swapped, not resident (the
 * slot of a resident page is in its frame's entry). */
static int slot_swapped(const struct vm *vm, uint32_t k)
{
    const struct vm_process *pr;
    uint32_t where;

    if (vm->slots[k].pid == 0 || !(pr = vm_find(vm, vm->slots[k].pid)) ||
        vm->slots[k].page >= pr->npages)
        return 0;
    return vm_page_state(pr, vm->slots[k].page, &where) == VM_SWAPPED && where == k;
}

/* PID:PAGE. */
static char *put_slot(char *p, const struct vm *vm, uint32_t k)
{
    p = status_dec(p, (uint32_t)vm->slots[k].pid);
    *p++ = ':';
    return status_dec(p, vm->slots[k].page);
}

void status_write_vm_frames(const struct status *st, struct status_cache *cache, struct sink *s)
{
    static const struct cells_kind frames = {"vm-frames from=", 80, frame_used, put_frame};

    (void)cache;
    if (st->vm_on)
        put_cells_lines(s, &st->vm, st->vm.nframes, &frames);
}

void status_write_vm_swap(const struct status *st, struct status_cache *cache, struct sink *s)
{
    static const struct cells_kind swap = {"vm-swap from=", 24, slot_swapped, put_slot};

    (void)cache;
    if (st->vm_on)
        put_cells_lines(s, &st->vm, st->vm.nslots, &swap);
}

/* ---- Lines of entries: reading ------------------------------------------ */

/* Reads entry k (the nth of its line) at *s and moves *s past it. Returns
 * 0 or -1 with the error set. */
typedef int (*entry_fn)(struct status_parser *p, const char **s, uint64_t k, int nth);

/* Reads a line "NAME from=K E E ..." of row's kind: entries for K, K+1, ...
 * (below n), "-" for an entry not listed, the first and last listed; lines
 * in increasing order, each entry once. Returns 0 or -1 with the error set. */
static int read_cells_line(struct status_parser *p, const struct status_record *row, const char *s,
                           unsigned long *line, uint64_t n, entry_fn entry)
{
    const char *name = row->name;
    uint64_t k, last = 0;
    int entries = 0, last_free = 0;

    if (p->last != row->place)
        p->vm.cells_seen = 0;
    if (status_check_version(p, row) < 0 || status_advance(p, row, line) < 0)
        return -1;
    s += strlen(name) + 1;
    if (strncmp(s, "from=", 5) != 0)
        return status_fail(p, "%s: field 1 should be from=NUMBER", name);
    s += 5;
    if (n == 0 || status_digits(&s, n - 1, &k) < 0)
        return status_fail(p, "%s: from= needs a number below %llu", name, (unsigned long long)n);
    if (p->vm.cells_seen && k <= p->vm.last_cell)
        return status_fail(p,
                           "%s: %llu is already covered or out of order (the previous line ends "
                           "at %llu); lines list each once, in increasing order",
                           name, (unsigned long long)k, (unsigned long long)p->vm.last_cell);
    for (; *s != '\0'; k++) {
        if (*s != ' ' || s[1] == ' ' || s[1] == '\0')
            return status_fail(p, "%s: entries are separated by single spaces", name);
        s++;
        if (++entries > 1 && k >= n)
            return status_fail(p, "%s: entry %d would be number %llu, past the last, %llu", name,
                               entries, (unsigned long long)k, (unsigned long long)n - 1);
        last_free = *s == '-' && (s[1] == ' ' || s[1] == '\0');
        if (last_free && entries == 1)
            return status_fail(p, "%s: the first entry must be listed, not '-'", name);
        if (last_free) {
            s++;
            continue;
        }
        if (entry(p, &s, k, entries) < 0)
            return -1;
        last = k;
    }
    if (entries == 0)
        return status_fail(p, "%s: no entries after from=", name);
    if (last_free)
        return status_fail(p, "%s: the last entry must be listed, not '-'", name);
    p->vm.cells_seen = 1;
    p->vm.last_cell = last;
    return 0;
}

/* Reads ":-" or ":SLOT" (below VM_NONE) at *s into *slot. Returns 0 or -1. */
static int slot_part(const char **s, uint64_t *slot)
{
    if (*(*s)++ != ':')
        return -1;
    *slot = VM_NONE;
    if (**s == '-') {
        (*s)++;
        return 0;
    }
    return status_digits(s, VM_NONE - 1, slot);
}

/* A vm-frames entry PID:PAGE:SLOT:R:D:LOADED:USED for frame f. */
static int frame_entry(struct status_parser *p, const char **s, uint64_t f, int nth)
{
    struct vm *vm = &p->st->vm;
    const uint64_t max2[2] = {PG_MAX_PID, UINT32_MAX},
                   max4[4] = {VM_MAX_BITS, 1, UINT64_MAX, UINT64_MAX};
    uint64_t v[2], slot, b[4];
    unsigned cap = vm->policy == VM_OSTEP_CLOCK && vm->bits > 1 ? vm->bits : 1;
    char why[256];

    if (status_vm_tuple(s, 2, max2, v) < 0 || v[0] < 1 || slot_part(s, &slot) < 0 ||
        *(*s)++ != ':' || status_vm_tuple(s, 4, max4, b) < 0 || (**s != ' ' && **s != '\0'))
        return status_fail(p, "vm-frames: entry %d should be PID:PAGE:SLOT:R:D:LOADED:USED or -",
                           nth);
    if (b[0] > cap)
        return status_fail(p, "vm-frames: entry %d (frame %llu): R=%llu, but %s keeps at most %u",
                           nth, (unsigned long long)f, (unsigned long long)b[0],
                           vm_policy_name(vm->policy), cap);
    if (b[2] < 1 || b[2] > b[3] || b[3] > p->vm.t)
        return status_fail(p,
                           "vm-frames: entry %d (frame %llu): loaded at t=%llu and used at "
                           "t=%llu, not 1 <= loaded <= used <= t=%llu",
                           nth, (unsigned long long)f, (unsigned long long)b[2],
                           (unsigned long long)b[3], (unsigned long long)p->vm.t);
    if (vm_restore_frame(vm, (uint32_t)f, (int64_t)v[0], (uint32_t)v[1], (uint32_t)slot,
                         (unsigned)b[0], (int)b[1], b[2], b[3], why, sizeof why) < 0)
        return status_fail(p, "vm-frames: entry %d (frame %llu): %s", nth, (unsigned long long)f,
                           why);
    return 0;
}

/* A vm-swap entry PID:PAGE for slot k: a page swapped out, not resident. */
static int swap_entry(struct status_parser *p, const char **s, uint64_t k, int nth)
{
    const uint64_t max[2] = {PG_MAX_PID, UINT32_MAX};
    uint64_t v[2];
    char why[256];

    if (status_vm_tuple(s, 2, max, v) < 0 || v[0] < 1 || (**s != ' ' && **s != '\0'))
        return status_fail(p, "vm-swap: entry %d should be PID:PAGE or -", nth);
    if (vm_restore_swapped(&p->st->vm, (int64_t)v[0], (uint32_t)v[1], (uint32_t)k, why,
                           sizeof why) < 0)
        return status_fail(p, "vm-swap: entry %d (slot %llu): %s", nth, (unsigned long long)k, why);
    return 0;
}

int status_read_vm_frames_line(struct status_parser *p, const struct status_record *row,
                               const char *s, unsigned long *line)
{
    return read_cells_line(p, row, s, line, p->st->vm.nframes, frame_entry);
}

int status_read_vm_swap_line(struct status_parser *p, const struct status_record *row,
                             const char *s, unsigned long *line)
{
    return read_cells_line(p, row, s, line, p->st->vm.nslots, swap_entry);
}

/* ---- The generator: vm-rng -------------------------------------------------- */

void status_write_vm_rng(const struct status *st, struct status_cache *cache, struct sink *s)
{
    static const char hex[] = "0123456789abcdef";
    const struct pyrand *r = st->vm.rng;

    (void)cache;
    if (!st->vm_on || !r)
        return;
    for (int k = 0; k < PYRAND_N; k += RNG_LINE) {
        char *p;
        status_room(s, 32 + RNG_LINE * 9);
        if (s->err)
            return;
        p = s->buf + s->n;
        memcpy(p, "vm-rng from=", 12);
        p = status_dec(p + 12, (uint32_t)k);
        for (int i = k; i < k + RNG_LINE && i < PYRAND_N; i++) {
            *p++ = ' ';
            for (int sh = 28; sh >= 0; sh -= 4)
                *p++ = hex[(r->mt[i] >> sh) & 15];
        }
        status_end_line(s, p);
    }
}

/* Reads 8 lowercase hex digits at *s into *w. Returns 0 or -1. */
static int hex8(const char **s, uint32_t *w)
{
    uint32_t v = 0;

    for (int i = 0; i < 8; i++, (*s)++) {
        char c = **s;
        if (c >= '0' && c <= '9')
            v = v << 4 | (uint32_t)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v = v << 4 | (uint32_t)(c - 'a' + 10);
        else
            return -1;
    }
    *w = v;
    return 0;
}

int status_read_vm_rng_line(struct status_parser *p, const struct status_record *row, const char *s,
                            unsigned long *line)
{
    uint64_t k;
    int i;

    if (status_check_version(p, row) < 0 || status_advance(p, row, line) < 0)
        return -1;
    if (!p->st->vm.rng)
        return status_fail(p, "vm-rng: policy %s draws no random numbers",
                           vm_policy_name(p->st->vm.policy));
    s += 7;
    if (strncmp(s, "from=", 5) != 0)
        return status_fail(p, "vm-rng: field 1 should be from=NUMBER");
    s += 5;
    if (status_digits(&s, PYRAND_N, &k) < 0 || k != p->vm.rng_words)
        return status_fail(p, "vm-rng: from= should be %u (the generator's words, in order)",
                           p->vm.rng_words);
    for (i = 0; i < RNG_LINE && k + (uint64_t)i < PYRAND_N; i++)
        if (*s++ != ' ' || hex8(&s, &p->vm.rng.mt[k + (uint64_t)i]) < 0 ||
            (*s != ' ' && *s != '\0'))
            return status_fail(p, "vm-rng: word %d should be 8 lowercase hex digits after a space",
                               i + 1);
    if (*s != '\0')
        return status_fail(p, "vm-rng: more than %d words on a line", i);
    p->vm.rng_words = (uint32_t)k + (uint32_t)i;
    return 0;
}

/* Checks that the vm-rng records gave the whole generator (all PYRAND_N
 * words) under random and ostep-clock, when the parser leaves them. */
int status_close_vm_rng(struct status_parser *p, unsigned long *line)
{
    const struct vm *vm = &p->st->vm;

    if (!p->vm.seen || !vm->rng || p->vm.rng_words == PYRAND_N)
        return 0;
    *line = p->vm.line;
    return status_fail(p,
                       "vm: policy %s keeps its generator in vm-rng records of %d words, %d in "
                       "all; found %u",
                       vm_policy_name(vm->policy), RNG_LINE, PYRAND_N, p->vm.rng_words);
}

void status_vm_restore_rng(struct status_parser *p)
{
    struct vm *vm = &p->st->vm;

    vm->draws = p->vm.draws;
    if (!vm->rng)
        return;
    memcpy(vm->rng[0].mt, p->vm.rng.mt, sizeof vm->rng[0].mt);
    vm->rng[0].index = (int)p->vm.rng_index;
    vm->rng[1] = vm->rng[0];
}

/* ---- The rest of a run under opt: vm-run, vm-future ------------------------- */

/* What a parsed file's run holds: vm_run_end frees run.next, the block's
 * first member, and with it the references. */
struct future_block {
    uint32_t next[STATUS_VM_FUTURE]; /* Next uses, unknown: run.n each. */
    struct vm_ref refs[STATUS_VM_FUTURE];
};

void status_write_vm_run(const struct status *st, struct status_cache *cache, struct sink *s)
{
    const struct vm_run *r = &st->vm.run;
    uint64_t left, shown;

    (void)cache;
    if (!st->vm_on || st->vm.policy != VM_OPT || !r->refs || r->at >= r->n)
        return;
    left = r->n - r->at;
    shown = left < STATUS_VM_FUTURE ? left : STATUS_VM_FUTURE;
    status_putkv(s, "vm-run left", left);
    status_putkv(s, " shown", shown);
    status_put(s, "\n", 1);
    for (uint64_t i = 0; i < shown;) {
        char *line, *p;
        status_room(s, VM_LINE + 64);
        if (s->err)
            return;
        line = p = s->buf + s->n;
        memcpy(p, "vm-future", 9);
        p += 9;
        for (; i < shown && p - line < VM_LINE; i++) {
            const struct vm_ref *f = &r->refs[r->at + i];
            *p++ = ' ';
            p = status_dec(p, f->pid >= 1 && f->pid <= PG_MAX_PID ? (uint32_t)f->pid : 0);
            *p++ = ':';
            p = dec64(p, f->addr >> st->vm.page_shift);
            if (f->write)
                *p++ = 'w';
        }
        status_end_line(s, p);
    }
}

int status_read_vm_run(struct status_parser *p, unsigned long *line)
{
    struct vm *vm = &p->st->vm;
    struct future_block *b;
    uint64_t left;

    if (status_num_field(p, 1, "left", 1, VM_RUN_MAX, &left) < 0 ||
        status_num_field(p, 2, "shown", 1, STATUS_VM_FUTURE, &p->vm.shown) < 0)
        return -1;
    if (vm->policy != VM_OPT)
        return status_fail(p, "vm-run: the rest of a run is shown under opt only, not %s",
                           vm_policy_name(vm->policy));
    if (p->vm.shown != (left < STATUS_VM_FUTURE ? left : STATUS_VM_FUTURE))
        return status_fail(p,
                           "vm-run: shown=%llu, but a file shows the next %u references of "
                           "the %llu left, or all of them",
                           (unsigned long long)p->vm.shown, STATUS_VM_FUTURE,
                           (unsigned long long)left);
    b = calloc(1, sizeof *b);
    if (!b)
        return status_fail(p, "vm-run: out of memory");
    for (int i = 0; i < STATUS_VM_FUTURE; i++)
        b->next[i] = (uint32_t)left;
    vm->run.next = b->next;
    vm->run.refs = b->refs;
    vm->run.n = left;
    vm->run.at = 0;
    vm->run.active = 0;
    p->vm.run_seen = 1;
    p->vm.run_line = *line;
    return 0;
}

/* Reads one reference PID:PAGE or PID:PAGEw at *s into r. Returns 0 or -1. */
static int future_ref(const struct vm *vm, const char **s, struct vm_ref *r)
{
    const uint64_t max[2] = {PG_MAX_PID, UINT64_MAX >> vm->page_shift};
    uint64_t v[2];

    if (status_vm_tuple(s, 2, max, v) < 0)
        return -1;
    r->pid = (int32_t)v[0];
    r->addr = v[1] << vm->page_shift;
    r->write = **s == 'w';
    *s += r->write;
    return **s == ' ' || **s == '\0' ? 0 : -1;
}

int status_read_vm_future_line(struct status_parser *p, const struct status_record *row,
                               const char *s, unsigned long *line)
{
    struct vm_ref *refs = (struct vm_ref *)p->st->vm.run.refs;
    int entries = 0;

    if (status_check_version(p, row) < 0 || status_advance(p, row, line) < 0)
        return -1;
    if (!p->vm.run_seen)
        return status_fail(p, "vm-future: no 'vm-run' record before it");
    for (s += 9; *s != '\0';) {
        if (*s++ != ' ' || *s == ' ' || *s == '\0')
            return status_fail(p, "vm-future: entries are separated by single spaces");
        if (p->vm.nfuture == p->vm.shown)
            return status_fail(p, "vm-future: more references than vm-run's shown=%llu",
                               (unsigned long long)p->vm.shown);
        if (future_ref(&p->st->vm, &s, &refs[p->vm.nfuture]) < 0)
            return status_fail(p, "vm-future: entry %d should be PID:PAGE or PID:PAGEw",
                               entries + 1);
        p->vm.nfuture++;
        entries++;
    }
    if (entries == 0)
        return status_fail(p, "vm-future: no references");
    return 0;
}

/* Checks that the vm-future records gave the references vm-run shows. */
int status_close_vm_future(struct status_parser *p, unsigned long *line)
{
    if (!p->vm.run_seen || p->vm.nfuture == p->vm.shown)
        return 0;
    *line = p->vm.run_line;
    return status_fail(p, "vm-run: shown=%llu but the vm-future records give %llu references",
                       (unsigned long long)p->vm.shown, (unsigned long long)p->vm.nfuture);
}

void status_vm_parse_free(struct status_parser *p)
{
    free(p->vm.procs);
    p->vm.procs = NULL;
}
