/* status_vm.c: the virtual-memory records of the status file (format
 * version 3), read and written: `vm` (the settings, the clock hand, the
 * time, the last victim), `vm-total` (the counters of all), `vm-process`
 * (one a process, with its counters), `vm-access` (the last accesses,
 * newest first), `vm-compare` and `vm-compare-row` (the last compare
 * table). The records of many entries a line (vm-rng, vm-frames, vm-swap,
 * vm-run and vm-future) are in status_vm_cells.c. The parser rebuilds the
 * memory through vm_init, vm_set_policy, vm_alloc, vm_restore_frame,
 * vm_restore_swapped and vm_restore_done (vm.h), and checks every record on
 * its own line first. See docs/status-format.md and the table in status.c. */
#include "status_impl.h"

#include <stdlib.h>
#include <string.h>

#include "paging.h"

/* ---- Counters ------------------------------------------------------------- */

/* The counters' keys, in the order of struct vm_counts and of the file. */
static const char *const count_keys[7] = {"accesses",   "hits",      "faults", "evictions",
                                          "writebacks", "zerofills", "swapins"};

/* Returns the i-th counter of c, in count_keys' order. */
static uint64_t *count_at(struct vm_counts *c, int i)
{
    uint64_t *const at[7] = {&c->accesses,   &c->hits,      &c->faults, &c->evictions,
                             &c->writebacks, &c->zerofills, &c->swapins};
    return at[i];
}

/* Returns the value of the i-th counter of c (count_at for a const c). */
static uint64_t count_get(const struct vm_counts *c, int i)
{
    struct vm_counts copy = *c;

    return *count_at(&copy, i);
}

/* Writes " accesses=A hits=H ... swapins=S". */
static void put_counts(struct sink *s, const struct vm_counts *c)
{
    for (int i = 0; i < 7; i++) {
        status_put(s, " ", 1);
        status_putkv(s, count_keys[i], count_get(c, i));
    }
}

/* Reads the seven counters from field `first` on into *c and checks that
 * they add up. Returns 0 or -1 with the error set. */
static int read_counts(struct status_parser *p, int first, struct vm_counts *c)
{
    for (int i = 0; i < 7; i++)
        if (status_num_field(p, first + i, count_keys[i], 0, UINT64_MAX, count_at(c, i)) < 0)
            return -1;
    if (c->accesses != c->hits + c->faults || c->hits > c->accesses)
        return status_fail(p, "%s: accesses=%llu is not hits=%llu + faults=%llu", p->f[0],
                           (unsigned long long)c->accesses, (unsigned long long)c->hits,
                           (unsigned long long)c->faults);
    if (c->faults != c->zerofills + c->swapins || c->zerofills > c->faults)
        return status_fail(p, "%s: faults=%llu is not zerofills=%llu + swapins=%llu", p->f[0],
                           (unsigned long long)c->faults, (unsigned long long)c->zerofills,
                           (unsigned long long)c->swapins);
    if (c->writebacks > c->evictions)
        return status_fail(p, "%s: writebacks=%llu is more than evictions=%llu", p->f[0],
                           (unsigned long long)c->writebacks, (unsigned long long)c->evictions);
    return 0;
}

/* ---- The settings: vm ----------------------------------------------------- */

void status_write_vm(const struct status *st, struct status_cache *cache, struct sink *s)
{
    const struct vm *vm = &st->vm;

    (void)cache;
    if (!st->vm_on)
        return;
    status_putkv(s, "vm frames", vm->nframes);
    status_putkv(s, " page-size", vm->page_size);
    status_putkv(s, " swap", vm->nslots);
    status_puts(s, " policy=");
    status_puts(s, vm_policy_name(vm->policy));
    status_putkv(s, " seed", vm->seed);
    status_putkv(s, " bits", vm->bits);
    status_putkv(s, " draws", vm->draws);
    status_putkv(s, " rng", vm->rng ? (uint64_t)vm->rng[0].index : 0);
    status_putkv(s, " hand", vm->hand);
    status_putkv(s, " t", vm->t);
    status_putkv(s, " epoch", vm->epoch);
    if (vm->victim_frame == VM_NONE) {
        status_puts(s, " victim=-");
    } else {
        status_putkv(s, " victim", vm->victim_frame);
        status_put(s, ":", 1);
        status_putu(s, (uint64_t)vm->victim_pid);
        status_put(s, ":", 1);
        status_putu(s, vm->victim_page);
    }
    status_putkv(s, " processes", vm->nprocs);
    status_put(s, "\n", 1);
}

int status_vm_tuple(const char **s, int n, const uint64_t *max, uint64_t *out)
{
    for (int i = 0; i < n; i++) {
        if (i > 0 && *(*s)++ != ':')
            return -1;
        if (status_digits(s, max[i], &out[i]) < 0)
            return -1;
    }
    return 0;
}

/* Reads the vm record's victim=F:P:G (or victim=-) into the parser's
 * state. Returns 0 or -1 with the error set. */
static int read_victim(struct status_parser *p, const char *w, uint64_t frames)
{
    const uint64_t max[3] = {frames - 1, PG_MAX_PID, UINT32_MAX};
    uint64_t v[3];

    p->vm.victim_frame = VM_NONE;
    p->vm.victim_pid = 0;
    p->vm.victim_page = 0;
    if (strcmp(w, "-") == 0)
        return 0;
    if (status_vm_tuple(&w, 3, max, v) < 0 || *w != '\0' || v[1] < 1)
        return status_fail(p,
                           "vm: victim= must be '-' or FRAME:PID:PAGE with a frame below %llu "
                           "and a pid from 1 to %d",
                           (unsigned long long)frames, PG_MAX_PID);
    p->vm.victim_frame = (uint32_t)v[0];
    p->vm.victim_pid = (int32_t)v[1];
    p->vm.victim_page = (uint32_t)v[2];
    return 0;
}

/* Makes the empty memory the vm record describes: vm_init and
 * vm_set_policy. Returns 0 or -1 with the error set. */
static int vm_begin(struct status_parser *p, uint64_t frames, uint64_t size, uint64_t swap,
                    enum vm_policy pol, uint64_t seed, uint64_t bits)
{
    struct vm *vm = &p->st->vm;
    struct note n;
    char why[256];

    if (vm_init(vm, frames, size, swap, why, sizeof why) < 0)
        return status_fail(p, "vm: %s", why);
    memset(&n, 0, sizeof n);
    if (vm_set_policy(vm, pol, seed, (unsigned)bits, &n) < 0)
        return status_fail(p, "vm: %s", n.what);
    p->st->vm_on = 1;
    return 0;
}

int status_read_vm(struct status_parser *p, unsigned long *line)
{
    uint64_t frames, size, swap, seed, bits, draws, rng;
    enum vm_policy pol;
    const char *w, *victim;

    if (status_num_field(p, 1, "frames", 1, UINT64_MAX, &frames) < 0 ||
        status_num_field(p, 2, "page-size", 1, UINT64_MAX, &size) < 0 ||
        status_num_field(p, 3, "swap", 0, VM_MAX_SWAP, &swap) < 0 ||
        !(w = status_word_field(p, 4, "policy")))
        return -1;
    if (vm_policy_parse(w, &pol) < 0)
        return status_fail(p,
                           "vm: policy must be fifo, lru, opt, mru, clock, random or ostep-clock, "
                           "not '%.20s'",
                           w);
    if (status_num_field(p, 5, "seed", 0, UINT64_MAX, &seed) < 0 ||
        status_num_field(p, 6, "bits", 0, VM_MAX_BITS, &bits) < 0 ||
        status_num_field(p, 7, "draws", 0, UINT64_MAX, &draws) < 0 ||
        status_num_field(p, 8, "rng", 0, PYRAND_N, &rng) < 0 ||
        status_num_field(p, 9, "hand", 0, UINT64_MAX, &p->vm.hand) < 0 ||
        status_num_field(p, 10, "t", 0, UINT64_MAX, &p->vm.t) < 0 ||
        status_num_field(p, 11, "epoch", 0, UINT64_MAX, &p->vm.epoch) < 0 ||
        !(victim = status_word_field(p, 12, "victim")) ||
        status_num_field(p, 13, "processes", 0, PG_MAX_PID, &p->vm.nprocs) < 0)
        return -1;
    if (p->vm.epoch > p->vm.t)
        return status_fail(p, "vm: epoch=%llu is after t=%llu (frames change at a time passed)",
                           (unsigned long long)p->vm.epoch, (unsigned long long)p->vm.t);
    if (p->st->pg.nprocs > 0)
        return status_fail(p,
                           "vm: virtual-memory mode, but the paging memory holds %zu processes "
                           "(it must be empty)",
                           p->st->pg.nprocs);
    if ((rng != 0 || draws != 0) && pol != VM_RANDOM && pol != VM_OSTEP_CLOCK)
        return status_fail(p,
                           "vm: draws=%llu rng=%llu, but %s draws no random numbers (draws=0 "
                           "rng=0)",
                           (unsigned long long)draws, (unsigned long long)rng, w);
    if (frames <= PG_MAX_FRAMES && p->vm.hand >= frames)
        return status_fail(p, "vm: hand=%llu is outside the %llu frames",
                           (unsigned long long)p->vm.hand, (unsigned long long)frames);
    if (frames <= PG_MAX_FRAMES && read_victim(p, victim, frames) < 0)
        return -1;
    if (vm_begin(p, frames, size, swap, pol, seed, bits) < 0)
        return -1;
    p->vm.seen = 1;
    p->vm.line = *line;
    p->vm.rng_index = rng;
    p->vm.draws = draws;
    return 0;
}

/* Checks that a version 3 to 6 file has its vm record, when the parser
 * leaves the place of that record (version 7 is the heap's, with or
 * without virtual memory). */
int status_close_vm(struct status_parser *p, unsigned long *line)
{
    (void)line;
    if (p->version < STATUS_VERSION3 || p->version > STATUS_VERSION6 || p->vm.seen)
        return 0;
    return status_fail(p, "a version %d file has a 'vm' record (virtual memory) after the holes",
                       p->version);
}

/* ---- Counters of all: vm-total --------------------------------------------- */

void status_write_vm_total(const struct status *st, struct status_cache *cache, struct sink *s)
{
    (void)cache;
    if (!st->vm_on)
        return;
    status_puts(s, "vm-total");
    put_counts(s, &st->vm.total);
    status_put(s, "\n", 1);
}

int status_read_vm_total(struct status_parser *p, unsigned long *line)
{
    struct vm_counts *c = &p->st->vm.total;

    if (read_counts(p, 1, c) < 0)
        return -1;
    if (c->accesses != p->vm.t)
        return status_fail(p, "vm-total: accesses=%llu, but the vm record says t=%llu",
                           (unsigned long long)c->accesses, (unsigned long long)p->vm.t);
    p->vm.total_line = *line;
    return 0;
}

int status_close_vm_total(struct status_parser *p, unsigned long *line)
{
    (void)line;
    if (!p->vm.seen || p->vm.total_line)
        return 0;
    return status_fail(p, "the 'vm' record is followed by a 'vm-total' record");
}

/* ---- Processes: vm-process ------------------------------------------------- */

void status_write_vm_processes(const struct status *st, struct status_cache *cache, struct sink *s)
{
    const struct vm *vm = &st->vm;

    (void)cache;
    if (!st->vm_on)
        return;
    for (size_t i = 0; i < vm->nprocs; i++) {
        const struct vm_process *pr = &vm->procs[i];
        status_putkv(s, "vm-process pid", (uint64_t)pr->pid);
        status_putkv(s, " bytes", pr->bytes);
        status_putkv(s, " pages", pr->npages);
        status_putkv(s, " resident", pr->resident);
        status_putkv(s, " swapped", pr->swapped);
        put_counts(s, &pr->counts);
        status_put(s, "\n", 1);
    }
}

/* Remembers what the vm-process record on `line` declares. Returns 0 or -1
 * (out of memory) with the error set. */
static int remember_process(struct status_parser *p, uint64_t resident, uint64_t swapped,
                            unsigned long line)
{
    size_t n = p->st->vm.nprocs;

    if (n > p->vm.capprocs) {
        size_t cap = p->vm.capprocs ? 2 * p->vm.capprocs : 16;
        struct status_parse_vm_proc *q = realloc(p->vm.procs, cap * sizeof *q);
        if (!q)
            return status_fail(p, "vm-process: out of memory");
        p->vm.procs = q;
        p->vm.capprocs = cap;
    }
    p->vm.procs[n - 1].resident = (uint32_t)resident;
    p->vm.procs[n - 1].swapped = (uint32_t)swapped;
    p->vm.procs[n - 1].line = line;
    return 0;
}

int status_read_vm_process(struct status_parser *p, unsigned long *line)
{
    struct vm *vm = &p->st->vm;
    uint64_t pid, bytes, pages, resident, swapped;
    struct vm_counts c;
    struct note n;

    if (status_num_field(p, 1, "pid", 1, PG_MAX_PID, &pid) < 0 ||
        status_num_field(p, 2, "bytes", 1, PG_MAX_BYTES, &bytes) < 0 ||
        status_num_field(p, 3, "pages", 1, VM_MAX_PAGES, &pages) < 0 ||
        status_num_field(p, 4, "resident", 0, vm->nframes, &resident) < 0 ||
        status_num_field(p, 5, "swapped", 0, vm->nslots, &swapped) < 0 || read_counts(p, 6, &c) < 0)
        return -1;
    if (vm->nprocs > 0 && (int64_t)pid <= vm->procs[vm->nprocs - 1].pid)
        return status_fail(p,
                           "vm-process: pid %llu is not above the previous one (%ld); processes "
                           "are listed once each, in increasing order",
                           (unsigned long long)pid, (long)vm->procs[vm->nprocs - 1].pid);
    if (resident + swapped > pages)
        return status_fail(p, "vm-process: resident=%llu + swapped=%llu is more than pages=%llu",
                           (unsigned long long)resident, (unsigned long long)swapped,
                           (unsigned long long)pages);
    memset(&n, 0, sizeof n);
    if (vm_alloc(vm, (int64_t)pid, bytes, &n) < 0)
        return status_fail(p, "vm-process: %s", n.what);
    vm->procs[vm->nprocs - 1].counts = c;
    if (vm->procs[vm->nprocs - 1].npages != pages)
        return status_fail(p, "vm-process: %llu B are %u pages of %llu B, not pages=%llu",
                           (unsigned long long)bytes, vm->procs[vm->nprocs - 1].npages,
                           (unsigned long long)vm->page_size, (unsigned long long)pages);
    return remember_process(p, resident, swapped, *line);
}

/* Checks the process count the vm record declared and that the processes'
 * counters add up to no more than vm-total's, when the parser leaves the
 * vm-process records. */
int status_close_vm_processes(struct status_parser *p, unsigned long *line)
{
    const struct vm *vm = &p->st->vm;
    struct vm_counts sum = {0};

    if (!p->vm.seen)
        return 0;
    if (vm->nprocs != p->vm.nprocs) {
        *line = p->vm.line;
        return status_fail(p, "vm: processes=%llu but %zu vm-process records follow",
                           (unsigned long long)p->vm.nprocs, vm->nprocs);
    }
    for (size_t i = 0; i < vm->nprocs; i++)
        for (int k = 0; k < 7; k++) {
            uint64_t *a = count_at(&sum, k), v = count_get(&vm->procs[i].counts, k);
            *a = *a + v < v ? UINT64_MAX : *a + v; /* Saturating: no sum wraps to look small. */
        }
    for (int k = 0; k < 7; k++)
        if (count_get(&sum, k) > count_get(&vm->total, k)) {
            *line = p->vm.total_line;
            return status_fail(p, "vm-total: the processes' %s add up to %llu, more than %s=%llu",
                               count_keys[k], (unsigned long long)count_get(&sum, k), count_keys[k],
                               (unsigned long long)count_get(&vm->total, k));
        }
    return 0;
}

/* Checks each process's resident and swapped counts against the frames and
 * slots that hold its pages, then finishes the restore (vm_restore_done:
 * the policy's order and vm_check), when the parser leaves the vm-swap
 * records. */
int status_close_vm_swap(struct status_parser *p, unsigned long *line)
{
    struct vm *vm = &p->st->vm;
    char why[256];

    if (!p->vm.seen)
        return 0;
    for (size_t i = 0; i < vm->nprocs; i++) {
        const struct status_parse_vm_proc *d = &p->vm.procs[i];
        const struct vm_process *pr = &vm->procs[i];
        if (pr->resident != d->resident || pr->swapped != d->swapped) {
            *line = d->line;
            return status_fail(p,
                               "vm-process: pid=%ld declares resident=%u swapped=%u, but the "
                               "vm-frames and vm-swap records hold %u and %u of its pages",
                               (long)pr->pid, d->resident, d->swapped, pr->resident, pr->swapped);
        }
    }
    vm->t = p->vm.t;
    vm->epoch = p->vm.epoch;
    vm->hand = (uint32_t)p->vm.hand;
    vm->victim_frame = p->vm.victim_frame;
    vm->victim_pid = p->vm.victim_pid;
    vm->victim_page = p->vm.victim_page;
    if (vm_restore_done(vm, 0, why, sizeof why) < 0) {
        *line = p->vm.line;
        return status_fail(p, "vm: the records do not add up: %s", why);
    }
    status_vm_restore_rng(p);
    return 0;
}

/* ---- The last accesses: vm-access ------------------------------------------ */

/* What a fault did with the page loaded and the victim, as the file
 * writes it: load=zero|swap:S|-, evict=writeback:S|drop:S|zero|-. */
static const char *const load_words[] = {"-", "zero", "swap"};
const char *const status_evict_words[VM_NEVICT] = {"-", "writeback", "drop", "zero"};

/* Writes " key=WORD" or " key=WORD:SLOT". */
static void put_word_slot(struct sink *s, const char *key, const char *word, uint32_t slot)
{
    status_put(s, " ", 1);
    status_puts(s, key);
    status_put(s, "=", 1);
    status_puts(s, word);
    if (slot != VM_NONE) {
        status_put(s, ":", 1);
        status_putu(s, slot);
    }
}

static void put_access(struct sink *s, const struct vm_step *a)
{
    status_putkv(s, "vm-access t", a->t);
    status_putkv(s, " pid", (uint64_t)a->pid);
    status_putkv(s, " addr", a->addr);
    status_putkv(s, " page", a->page);
    status_puts(s, a->exec ? " rw=x" : a->write ? " rw=w" : " rw=r"); /* x: version 5. */
    status_putkv(s, " hit", a->hit);
    status_putkv(s, " frame", a->frame);
    put_word_slot(s, "load", load_words[a->load < 3 ? a->load : 0],
                  a->load == VM_LOAD_SWAP ? a->slot : VM_NONE);
    if (a->evict == VM_EVICT_NONE) {
        status_puts(s, " victim=-");
    } else {
        status_putkv(s, " victim", (uint64_t)a->victim_pid);
        status_put(s, ":", 1);
        status_putu(s, a->victim_page);
    }
    put_word_slot(s, "evict", status_evict_words[a->evict < VM_NEVICT ? a->evict : 0],
                  a->evict == VM_EVICT_WRITEBACK || a->evict == VM_EVICT_DROP ? a->victim_slot
                                                                              : VM_NONE);
    status_put(s, "\n", 1);
}

/* Writes the last min(t, VM_RECENT) accesses, newest first. */
void status_write_vm_access(const struct status *st, struct status_cache *cache, struct sink *s)
{
    const struct vm *vm = &st->vm;

    (void)cache;
    if (!st->vm_on)
        return;
    for (uint64_t i = 0; i < vm->t && i < VM_RECENT; i++)
        put_access(s, &vm->recent[(vm->t - 1 - i) % VM_RECENT]);
}

/* Reads field i as key=WORD or key=WORD:SLOT with WORD one of words[0..n)
 * and SLOT below the swap's slots; *which gets WORD's index, *slot the slot
 * or VM_NONE. Returns 0 or -1 with the error set. */
static int word_slot_field(struct status_parser *p, int i, const char *key,
                           const char *const *words, int n, int *which, uint32_t *slot)
{
    const char *w = status_word_field(p, i, key), *colon;
    size_t len;
    uint64_t v;

    if (!w)
        return -1;
    colon = strchr(w, ':');
    len = colon ? (size_t)(colon - w) : strlen(w);
    for (*which = 0; *which < n; (*which)++)
        if (strncmp(w, words[*which], len) == 0 && words[*which][len] == '\0')
            break;
    if (*which == n)
        return status_fail(p, "vm-access: %s=%.20s is not a known word", key, w);
    *slot = VM_NONE;
    if (!colon)
        return 0;
    colon++;
    if (p->st->vm.nslots == 0 || status_digits(&colon, p->st->vm.nslots - 1, &v) < 0 ||
        *colon != '\0')
        return status_fail(p, "vm-access: %s=%.30s: the slot must be below the %u swap slots", key,
                           w, p->st->vm.nslots);
    *slot = (uint32_t)v;
    return 0;
}

/* Checks that an access's load, victim and evict fields agree with each
 * other and with hit. Returns 0 or -1 with the error set. */
static int access_agrees(struct status_parser *p, const struct vm_step *a)
{
    int slot_load = a->load == VM_LOAD_SWAP,
        slot_evict = a->evict == VM_EVICT_WRITEBACK || a->evict == VM_EVICT_DROP;

    if (a->hit && (a->load != VM_LOAD_NONE || a->evict != VM_EVICT_NONE || a->victim_pid))
        return status_fail(p, "vm-access: a hit loads nothing and evicts nothing (load=- "
                              "victim=- evict=-)");
    if (!a->hit && a->load == VM_LOAD_NONE)
        return status_fail(p, "vm-access: a fault loads its page: load=zero or load=swap:SLOT");
    if (slot_load != (a->slot != VM_NONE) || slot_evict != (a->victim_slot != VM_NONE))
        return status_fail(p, "vm-access: load=swap, evict=writeback and evict=drop name a slot "
                              "(WORD:SLOT), the others none");
    if ((a->evict == VM_EVICT_NONE) != (a->victim_pid == 0))
        return status_fail(p, "vm-access: a victim=PID:PAGE goes with an evict other than '-', "
                              "and victim=- with evict=-");
    return 0;
}

/* Reads the fields of a vm-access record after t and pid into *a. Returns
 * 0 or -1 with the error set. */
static int access_fields(struct status_parser *p, struct vm_step *a)
{
    const struct vm *vm = &p->st->vm;
    uint64_t page, frame, v[2];
    const uint64_t max[2] = {PG_MAX_PID, UINT32_MAX};
    const char *rw, *w;
    int hit, load, evict;

    if (status_num_field(p, 3, "addr", 0, UINT64_MAX, &a->addr) < 0 ||
        status_num_field(p, 4, "page", 0, UINT32_MAX, &page) < 0 ||
        !(rw = status_word_field(p, 5, "rw")) || status_flag_field(p, 6, "hit", &hit) < 0 ||
        status_num_field(p, 7, "frame", 0, vm->nframes - 1, &frame) < 0 ||
        word_slot_field(p, 8, "load", load_words, 3, &load, &a->slot) < 0 ||
        !(w = status_word_field(p, 9, "victim")) ||
        word_slot_field(p, 10, "evict", status_evict_words, VM_NEVICT, &evict, &a->victim_slot) < 0)
        return -1;
    if (page != a->addr >> vm->page_shift)
        return status_fail(p, "vm-access: addr=%llu is in page %llu of %llu B, not page=%llu",
                           (unsigned long long)a->addr,
                           (unsigned long long)(a->addr >> vm->page_shift),
                           (unsigned long long)vm->page_size, (unsigned long long)page);
    if (status_vm_rw(p, rw, a) < 0)
        return -1;
    v[0] = v[1] = 0;
    if (strcmp(w, "-") != 0 && (status_vm_tuple(&w, 2, max, v) < 0 || *w != '\0' || v[0] < 1))
        return status_fail(p, "vm-access: victim= must be '-' or PID:PAGE");
    a->page = (uint32_t)page;
    a->hit = (uint8_t)hit;
    a->frame = (uint32_t)frame;
    a->load = (uint8_t)load;
    a->evict = (uint8_t)evict;
    a->victim_pid = (int32_t)v[0];
    a->victim_page = (uint32_t)v[1];
    return access_agrees(p, a);
}

int status_read_vm_access(struct status_parser *p, unsigned long *line)
{
    uint64_t want = p->vm.t - p->vm.naccess, t, pid;
    struct vm_step a;

    (void)line;
    if (p->vm.naccess >= VM_RECENT || p->vm.naccess >= p->vm.t)
        return status_fail(p, "vm-access: only the last %u accesses are kept (at most t=%llu)",
                           VM_RECENT, (unsigned long long)p->vm.t);
    memset(&a, 0, sizeof a);
    if (status_num_field(p, 1, "t", 0, UINT64_MAX, &t) < 0 ||
        status_num_field(p, 2, "pid", 1, PG_MAX_PID, &pid) < 0)
        return -1;
    if (t != want)
        return status_fail(p, "vm-access: t=%llu, expected t=%llu (newest first, one a tick)",
                           (unsigned long long)t, (unsigned long long)want);
    a.t = t;
    a.pid = (int32_t)pid;
    if (access_fields(p, &a) < 0)
        return -1;
    p->st->vm.recent[(t - 1) % VM_RECENT] = a;
    p->vm.naccess++;
    return 0;
}

/* Checks that the last min(t, VM_RECENT) accesses were all listed and that
 * the vm record's victim agrees with them (vm_check_victim), when the
 * parser leaves the vm-access records. */
int status_close_vm_access(struct status_parser *p, unsigned long *line)
{
    uint64_t want = p->vm.t < VM_RECENT ? p->vm.t : VM_RECENT;
    char why[256];

    if (!p->vm.seen)
        return 0;
    if (p->vm.naccess != want) {
        *line = p->vm.line;
        return status_fail(p, "vm: t=%llu, so the last %llu accesses follow, not %u",
                           (unsigned long long)p->vm.t, (unsigned long long)want, p->vm.naccess);
    }
    if (vm_check_victim(&p->st->vm, why, sizeof why) < 0) {
        *line = p->vm.line;
        return status_fail(p, "vm: victim= does not agree with the vm-access records: %s", why);
    }
    return 0;
}

/* ---- The last compare table: vm-compare, vm-compare-row --------------------- */

void status_write_vm_compare(const struct status *st, struct status_cache *cache, struct sink *s)
{
    const struct status_compare *c = &st->compare;
    uint32_t cols = c->frames_hi - c->frames_lo + 1;

    (void)cache;
    if (!st->vm_on || !c->have)
        return;
    status_putkv(s, "vm-compare frames", c->frames_lo);
    if (c->frames_hi > c->frames_lo) {
        status_put(s, "-", 1);
        status_putu(s, c->frames_hi);
    }
    status_putkv(s, " refs", c->nrefs);
    status_putkv(s, " policies", c->npolicies);
    status_put(s, "\n", 1);
    for (unsigned r = 0; r < c->npolicies; r++) {
        status_puts(s, "vm-compare-row policy=");
        status_puts(s, vm_policy_name(c->policies[r]));
        status_puts(s, " faults=");
        for (uint32_t k = 0; k < cols; k++) {
            if (k)
                status_put(s, ",", 1);
            status_putu(s, c->faults[r * cols + k]);
        }
        status_put(s, "\n", 1);
    }
}

int status_read_vm_compare(struct status_parser *p, unsigned long *line)
{
    struct status_compare *c = &p->st->compare;
    uint64_t lo, hi, refs;

    if (status_range_field(p, 1, "frames", PG_MAX_FRAMES, &lo, &hi) < 0 ||
        status_num_field(p, 2, "refs", 0, VM_RUN_MAX, &refs) < 0 ||
        status_num_field(p, 3, "policies", 1, VM_NPOLICIES, &p->vm.nrows) < 0)
        return -1;
    if (lo < PG_MIN_FRAMES || hi - lo + 1 > STATUS_COMPARE_MAX)
        return status_fail(p, "vm-compare: frames=%llu-%llu: at least %u frames, at most %u counts",
                           (unsigned long long)lo, (unsigned long long)hi, PG_MIN_FRAMES,
                           STATUS_COMPARE_MAX);
    c->have = 1;
    c->frames_lo = (uint32_t)lo;
    c->frames_hi = (uint32_t)hi;
    c->nrefs = refs;
    p->vm.compare_line = *line;
    return 0;
}

/* Reads faults=A,B,... : one count a frame count, each at most refs. */
static int read_faults(struct status_parser *p, const char *w, uint64_t *row)
{
    const struct status_compare *c = &p->st->compare;
    uint32_t cols = c->frames_hi - c->frames_lo + 1, k = 0;

    for (;; k++) {
        if (k == cols || status_digits(&w, c->nrefs, &row[k]) < 0)
            return status_fail(p,
                               "vm-compare-row: faults= needs %u counts (frames %u-%u), each at "
                               "most refs=%llu, separated by commas",
                               cols, c->frames_lo, c->frames_hi, (unsigned long long)c->nrefs);
        if (*w == '\0')
            break;
        if (*w++ != ',')
            return status_fail(p, "vm-compare-row: faults= counts are separated by commas");
    }
    if (k + 1 != cols)
        return status_fail(p, "vm-compare-row: faults= has %u counts, not %u (frames %u-%u)", k + 1,
                           cols, c->frames_lo, c->frames_hi);
    return 0;
}

int status_read_vm_compare_row(struct status_parser *p, unsigned long *line)
{
    struct status_compare *c = &p->st->compare;
    uint32_t cols = c->frames_hi - c->frames_lo + 1;
    enum vm_policy pol;
    const char *w, *f;

    (void)line;
    if (!c->have)
        return status_fail(p, "vm-compare-row: no 'vm-compare' record before it");
    if (c->npolicies == p->vm.nrows)
        return status_fail(p, "vm-compare-row: vm-compare declares policies=%llu rows",
                           (unsigned long long)p->vm.nrows);
    if (!(w = status_word_field(p, 1, "policy")) || !(f = status_word_field(p, 2, "faults")))
        return -1;
    if (vm_policy_parse(w, &pol) < 0)
        return status_fail(p, "vm-compare-row: policy '%.20s' is not a policy", w);
    for (unsigned r = 0; r < c->npolicies; r++)
        if (c->policies[r] == pol)
            return status_fail(p, "vm-compare-row: policy %s has a row already", w);
    if (read_faults(p, f, &c->faults[c->npolicies * cols]) < 0)
        return -1;
    c->policies[c->npolicies++] = pol;
    return 0;
}

/* Checks that the compare table has the rows it declared. */
int status_close_vm_compare(struct status_parser *p, unsigned long *line)
{
    const struct status_compare *c = &p->st->compare;

    if (!c->have || c->npolicies == p->vm.nrows)
        return 0;
    *line = p->vm.compare_line;
    return status_fail(p, "vm-compare: policies=%llu but %u vm-compare-row records follow",
                       (unsigned long long)p->vm.nrows, c->npolicies);
}
