/* status.c: the status file's records, described once, in the table
 * records[] below; the status-level records (header, seq, time, event, why,
 * the translations, caption, end), read and written; status_init, _free and
 * _set_caption. The writer is in status_write.c and status_file.c, the
 * parser in status_parse.c, the records of each memory model in its own
 * file (status_paging.c, status_segment.c, status_vm.c,
 * status_vm_cells.c, status_tlb.c, status_prot.c, status_ptable.c,
 * status_heap.c and status_quiz.c). See status.h, status_impl.h
 * and docs/status-format.md, which documents every record. */
#include "status_impl.h"

#include <stdio.h>
#include <string.h>

#include "num.h"

int status_init(struct status *st, uint64_t nframes, uint64_t page_size, enum pg_policy policy,
                uint64_t seed, uint64_t seg_memory, enum seg_fit fit, char *err, size_t errlen)
{
    struct status fresh;

    memset(&fresh, 0, sizeof fresh);
    if (seg_init(&fresh.sm, seg_memory, fit, err, errlen) < 0 ||
        pg_init(&fresh.pg, nframes, page_size, policy, seed, err, errlen) < 0)
        return -1;
    *st = fresh;
    return 0;
}

void status_free(struct status *st)
{
    pg_free(&st->pg);
    vm_free(&st->vm);
    heap_free_all(&st->heap);
    quiz_free(&st->quiz);
    memset(st, 0, sizeof *st);
}

void status_set_caption(struct status *st, const char *text)
{
    st->caption[0] = '\0';
    note_append(st->caption, sizeof st->caption, "%s", text);
}

/* ---- The header, seq, time ---------------------------------------------- */

/* The format version st is written in: the newest version among the rows
 * of status_records[] it has records of (their present column), so 1 (byte
 * for byte what older trackers wrote) when it has none newer. */
static int version_of(const struct status *st)
{
    int v = STATUS_VERSION1;

    for (size_t i = 0; i < status_nrecords; i++) {
        const struct status_record *row = &status_records[i];
        if (row->version > v && row->present && row->present(st))
            v = row->version;
    }
    return v;
}

static void write_magic(const struct status *st, struct status_cache *cache, struct sink *s)
{
    (void)cache;
    status_puts(s, STATUS_MAGIC " ");
    status_putu(s, (uint64_t)version_of(st));
    status_put(s, "\n", 1);
}

static int read_magic(struct status_parser *p, unsigned long *line)
{
    (void)line;
    if (p->f[1][0] >= '1' && p->f[1][0] <= '0' + STATUS_VERSION && p->f[1][1] == '\0') {
        p->version = p->f[1][0] - '0';
        return 0;
    }
    return status_fail(p,
                       "format version %.20s is not supported (this memtrack reads versions "
                       "%d to %d)",
                       p->f[1], STATUS_VERSION1, STATUS_VERSION);
}

static void write_seq(const struct status *st, struct status_cache *cache, struct sink *s)
{
    (void)cache;
    status_puts(s, "seq ");
    status_putu(s, st->seq);
    status_put(s, "\n", 1);
}

static int read_seq(struct status_parser *p, unsigned long *line)
{
    char why[256];

    (void)line;
    if (num_parse(p->f[1], NUM_PLAIN, 0, UINT64_MAX, &p->st->seq, why, sizeof why) < 0)
        return status_fail(p, "seq: %s", why);
    return 0;
}

#define TIME_MIN INT64_C(-62167219200) /* 0000-01-01T00:00:00Z */
#define TIME_MAX INT64_C(253402300799) /* 9999-12-31T23:59:59Z */

/* Writes t as YYYY-MM-DDTHH:MM:SSZ (UTC), clamped to years 0000-9999, the
 * range the format can hold. Civil-from-days after Howard Hinnant. */
static void format_time(int64_t t, char *buf, size_t len)
{
    int64_t days, secs, z, era, y;
    unsigned doe, yoe, doy, mp, d, m;

    if (t < TIME_MIN)
        t = TIME_MIN;
    if (t > TIME_MAX)
        t = TIME_MAX;
    days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    secs = t - days * 86400;
    z = days + 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = (unsigned)(z - era * 146097);
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = (int64_t)yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    snprintf(buf, len, "%04u-%02u-%02uT%02u:%02u:%02uZ", (unsigned)y % 10000u, m % 100u, d % 100u,
             (unsigned)(secs / 3600) % 100u, (unsigned)(secs / 60 % 60), (unsigned)(secs % 60));
}

static void write_time(const struct status *st, struct status_cache *cache, struct sink *s)
{
    char when[64];

    (void)cache;
    format_time(st->time, when, sizeof when);
    status_puts(s, "time ");
    status_puts(s, when);
    status_put(s, "\n", 1);
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

/* Parses YYYY-MM-DDTHH:MM:SSZ. Returns 0 or -1. */
static int parse_time(const char *s, int64_t *out)
{
    static const unsigned mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned v[6] = {0};
    static const int width[6] = {4, 2, 2, 2, 2, 2};
    static const char sep[6] = {'-', '-', 'T', ':', ':', 'Z'};
    const char *c = s;

    for (int i = 0; i < 6; i++) {
        for (int k = 0; k < width[i]; k++, c++) {
            if (*c < '0' || *c > '9')
                return -1;
            v[i] = v[i] * 10 + (unsigned)(*c - '0');
        }
        if (*c++ != sep[i])
            return -1;
    }
    if (*c != '\0' || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > mdays[v[1] - 1] || v[3] > 23 ||
        v[4] > 59 || v[5] > 60)
        return -1;
    if (v[1] == 2 && v[2] == 29 && !((v[0] % 4 == 0 && v[0] % 100 != 0) || v[0] % 400 == 0))
        return -1;
    *out = days_from_civil(v[0], v[1], v[2]) * 86400 + v[3] * 3600 + v[4] * 60 + v[5];
    return 0;
}

static int read_time(struct status_parser *p, unsigned long *line)
{
    (void)line;
    if (parse_time(p->f[1], &p->st->time) < 0)
        return status_fail(p, "time: '%.30s' is not a UTC time like 2026-11-22T09:30:00Z", p->f[1]);
    return 0;
}

/* ---- The last event ------------------------------------------------------ */

static void write_event(const struct status *st, struct status_cache *cache, struct sink *s)
{
    (void)cache;
    status_puts(s, st->refused ? "event refused" : "event ok");
    if (st->last.what[0]) {
        status_put(s, " ", 1);
        status_puts(s, st->last.what);
    }
    status_put(s, "\n", 1);
}

static int read_event(struct status_parser *p, unsigned long *line)
{
    struct status *st = p->st;

    (void)line;
    if (p->nf < 2)
        return status_fail(p, "event: expected 'ok' or 'refused' and a text");
    if (strcmp(p->f[1], "ok") == 0)
        st->refused = 0;
    else if (strcmp(p->f[1], "refused") == 0)
        st->refused = 1;
    else
        return status_fail(p, "event: expected 'ok' or 'refused', not '%.20s'", p->f[1]);
    if (strlen(p->rest) >= NOTE_MAX)
        return status_fail(p, "event: text longer than %d characters", NOTE_MAX - 1);
    snprintf(st->last.what, sizeof st->last.what, "%s", p->rest);
    return 0;
}

static void write_why(const struct status *st, struct status_cache *cache, struct sink *s)
{
    (void)cache;
    status_puts(s, "why");
    if (st->last.why[0]) {
        status_put(s, " ", 1);
        status_puts(s, st->last.why);
    }
    status_put(s, "\n", 1);
}

static int read_why(struct status_parser *p, unsigned long *line)
{
    (void)line;
    if (strlen(p->rest) >= NOTE_MAX)
        return status_fail(p, "why: text longer than %d characters", NOTE_MAX - 1);
    snprintf(p->st->last.why, sizeof p->st->last.why, "%s", p->rest);
    return 0;
}

/* ---- Translations (version 2) -------------------------------------------- */

static void write_translate(const struct status *st, struct status_cache *cache, struct sink *s)
{
    const struct status_xlate *x = &st->xlate;

    (void)cache;
    if (x->kind != STATUS_XLATE_PAGE)
        return;
    status_putkv(s, "translate pid", (uint64_t)x->pid);
    status_putkv(s, " addr", x->addr);
    status_putkv(s, " page", x->page);
    status_putkv(s, " offset", x->offset);
    status_putkv(s, " frame", x->frame);
    status_putkv(s, " phys", x->physical);
    status_putkv(s, " unused", x->unused != 0);
    status_putkv(s, " hex", x->hex != 0);
    status_put(s, "\n", 1);
}

static void write_seg_translate(const struct status *st, struct status_cache *cache, struct sink *s)
{
    const struct status_xlate *x = &st->xlate;

    (void)cache;
    if (x->kind != STATUS_XLATE_SEGMENT)
        return;
    status_putkv(s, "seg-translate id", (uint64_t)x->seg);
    status_putkv(s, " offset", x->offset);
    status_putkv(s, " phys", x->physical);
    status_putkv(s, " hex", x->hex != 0);
    status_put(s, "\n", 1);
}

/* Reads a `translate` record (its fields in p) into st->xlate and checks it
 * against the memory: the process, its page, the frame holding it, the
 * physical address and the unused flag must all agree. Returns 0 or -1. */
static int read_translate(struct status_parser *p, unsigned long *line)
{
    struct status_xlate *x = &p->st->xlate;
    const struct paging *pg = &p->st->pg;
    const struct pg_process *pr;
    uint64_t pid, addr, page, off, frame, phys;

    (void)line;
    if (status_num_field(p, 1, "pid", 1, PG_MAX_PID, &pid) < 0 ||
        status_num_field(p, 2, "addr", 0, UINT64_MAX, &addr) < 0 ||
        status_num_field(p, 3, "page", 0, UINT64_MAX, &page) < 0 ||
        status_num_field(p, 4, "offset", 0, UINT64_MAX, &off) < 0 ||
        status_num_field(p, 5, "frame", 0, UINT64_MAX, &frame) < 0 ||
        status_num_field(p, 6, "phys", 0, UINT64_MAX, &phys) < 0 ||
        status_flag_field(p, 7, "unused", &x->unused) < 0 ||
        status_flag_field(p, 8, "hex", &x->hex) < 0)
        return -1;
    pr = pg_find(pg, (int64_t)pid);
    if (!pr)
        return status_fail(p, "translate: there is no process %llu", (unsigned long long)pid);
    if (page != addr / pg->page_size || off != addr % pg->page_size)
        return status_fail(p,
                           "translate: addr=%llu is page %llu offset %llu in pages of %llu B, not "
                           "page=%llu offset=%llu",
                           (unsigned long long)addr, (unsigned long long)(addr / pg->page_size),
                           (unsigned long long)(addr % pg->page_size),
                           (unsigned long long)pg->page_size, (unsigned long long)page,
                           (unsigned long long)off);
    if (page >= pr->npages)
        return status_fail(p, "translate: page %llu is past the %u pages of process %llu",
                           (unsigned long long)page, pr->npages, (unsigned long long)pid);
    if (frame >= pg->nframes || pg->frames[frame].pid != (int32_t)pid ||
        pg->frames[frame].page != page)
        return status_fail(p, "translate: frame %llu does not hold page %llu of process %llu",
                           (unsigned long long)frame, (unsigned long long)page,
                           (unsigned long long)pid);
    if (phys != frame * pg->page_size + off)
        return status_fail(p, "translate: phys=%llu, but frame %llu offset %llu is physical %llu",
                           (unsigned long long)phys, (unsigned long long)frame,
                           (unsigned long long)off,
                           (unsigned long long)(frame * pg->page_size + off));
    if (x->unused != (addr >= pr->bytes))
        return status_fail(p, "translate: unused=%d, but process %llu asked for %llu B", x->unused,
                           (unsigned long long)pid, (unsigned long long)pr->bytes);
    x->kind = STATUS_XLATE_PAGE;
    x->pid = (int32_t)pid;
    x->addr = addr;
    x->page = page;
    x->offset = off;
    x->frame = (uint32_t)frame;
    x->physical = phys;
    return 0;
}

/* Reads a `seg-translate` record into st->xlate and checks it against the
 * segment it names. Returns 0 or -1. */
static int read_seg_translate(struct status_parser *p, unsigned long *line)
{
    struct status_xlate *x = &p->st->xlate;
    const struct segment *g;
    uint64_t id, off, phys;

    (void)line;
    if (status_num_field(p, 1, "id", 0, SEG_MAX - 1, &id) < 0 ||
        status_num_field(p, 2, "offset", 0, UINT64_MAX, &off) < 0 ||
        status_num_field(p, 3, "phys", 0, UINT64_MAX, &phys) < 0 ||
        status_flag_field(p, 4, "hex", &x->hex) < 0)
        return -1;
    g = &p->st->sm.seg[id];
    if (!g->used)
        return status_fail(p, "seg-translate: segment %llu is not in use", (unsigned long long)id);
    if (off >= g->limit)
        return status_fail(
            p, "seg-translate: offset %llu is not below the limit %llu of segment %llu",
            (unsigned long long)off, (unsigned long long)g->limit, (unsigned long long)id);
    if (phys != g->base + off)
        return status_fail(p, "seg-translate: phys=%llu, but base %llu + offset %llu is %llu",
                           (unsigned long long)phys, (unsigned long long)g->base,
                           (unsigned long long)off, (unsigned long long)(g->base + off));
    x->kind = STATUS_XLATE_SEGMENT;
    x->seg = (int)id;
    x->offset = off;
    x->physical = phys;
    return 0;
}

/* ---- Caption, end -------------------------------------------------------- */

static void write_caption(const struct status *st, struct status_cache *cache, struct sink *s)
{
    (void)cache;
    if (!st->caption[0])
        return;
    status_puts(s, "caption ");
    status_puts(s, st->caption);
    status_put(s, "\n", 1);
}

static int read_caption(struct status_parser *p, unsigned long *line)
{
    (void)line;
    if (p->rest[0] == '\0')
        return status_fail(p, "caption: no text (a file without a caption has no caption record)");
    if (strlen(p->rest) >= NOTE_MAX)
        return status_fail(p, "caption: text longer than %d characters", NOTE_MAX - 1);
    snprintf(p->st->caption, sizeof p->st->caption, "%s", p->rest);
    return 0;
}

static void write_end(const struct status *st, struct status_cache *cache, struct sink *s)
{
    (void)st;
    (void)cache;
    status_puts(s, "end\n");
}

static int read_end(struct status_parser *p, unsigned long *line)
{
    (void)p;
    (void)line;
    return 0;
}

/* The present column of the version-2 rows. */
static int has_translate(const struct status *st)
{
    return st->xlate.kind == STATUS_XLATE_PAGE;
}

static int has_seg_translate(const struct status *st)
{
    return st->xlate.kind == STATUS_XLATE_SEGMENT;
}

static int has_caption(const struct status *st)
{
    return st->caption[0] != '\0';
}

/* The virtual-memory records (version 3, status_vm.c) are written exactly
 * when vm_on is set. */
static int has_vm(const struct status *st)
{
    return st->vm_on;
}

/* The TLB's records (version 4, status_tlb.c) are written exactly when
 * virtual memory is on with a TLB. */
static int has_tlb(const struct status *st)
{
    return st->vm_on && st->vm.tlb;
}

/* The address-space layer's records (version 5, status_prot.c) are written
 * exactly when virtual memory is on with the layer. */
static int has_space(const struct status *st)
{
    return st->vm_on && st->vm.as_bytes;
}

/* The page-table layer's records (version 6, status_ptable.c) are written
 * exactly when virtual memory is on with the layer. */
static int has_ptable(const struct status *st)
{
    return st->vm_on && st->vm.pt_levels;
}

/* The heap's records (version 7, status_heap.c) are written exactly when
 * the heap is on. */
static int has_heap(const struct status *st)
{
    return st->heap_on;
}

/* The quiz's records (version 8, status_quiz.c) are written exactly when a
 * quiz is being taken. */
static int has_quiz(const struct status *st)
{
    return st->quiz_on;
}

/* ---- The records ---------------------------------------------------------- */

/* Every record of the status file, in file order: the parser dispatches
 * through this table and checks the order against it, and the writer walks
 * it. Columns: name (its line's first word); place (where it sits; records
 * that are alternatives share one); fields (key=value words after the name,
 * checked before its reader runs, or STATUS_TEXT, STATUS_WORD_TEXT,
 * STATUS_LINE); how many (of its place); the oldest format version that has
 * it; its reader; its whole-line reader (fast paths, tried before the line
 * is split); the check run when the parser leaves its section; its writer
 * (NULL for cells, which the map writer emits: a frame record is a map or a
 * cells line, whichever is shorter); whether st has one (rows newer than
 * version 1 only: the file's version is the newest among the rows present).
 *
 * Adding a record kind for a new model: the model's state as a field of
 * struct status (status.h); its place in enum status_place (status_impl.h)
 * where it sits in the file; one row here, with a present function when its
 * version is above 1 (raise STATUS_VERSION and read_magic's versions for a
 * new version); its reader and writer (and, if it declares counts, a close
 * check) in that model's own status_*.c file, declared in status_impl.h;
 * its parser state in a struct of its own in struct status_parser. Document
 * it in docs/status-format.md and man/memory_status.5. */
/* clang-format off */
const struct status_record status_records[] = {
    /* name           place            fields            how many     ver  read
       read_line               close                  write                  present */
    {STATUS_MAGIC,    SP_MAGIC,        1,                SC_ONCE,     1,   read_magic,
     NULL,                   NULL,                  write_magic,            NULL},
    {"seq",           SP_SEQ,          1,                SC_ONCE,     1,   read_seq,
     NULL,                   NULL,                  write_seq,              NULL},
    {"time",          SP_TIME,         1,                SC_ONCE,     1,   read_time,
     NULL,                   NULL,                  write_time,             NULL},
    {"paging",        SP_PAGING,       7,                SC_ONCE,     1,   status_read_paging,
     NULL,                   NULL,                  status_write_paging,    NULL},
    {"process",       SP_PROCESS,      3,                SC_REPEATS,  1,   status_read_process,
     NULL,                   NULL,                  status_write_processes, NULL},
    {"map",           SP_MAP,          3,                SC_REPEATS,  1,   status_read_map,
     status_read_map_line,   status_close_paging,   status_write_frames,    NULL},
    {"cells",         SP_MAP,          STATUS_LINE,      SC_REPEATS,  1,   NULL,
     status_read_cells_line, NULL,                  NULL,                   NULL},
    {"segmentation",  SP_SEGMENTATION, 5,                SC_ONCE,     1,   status_read_segmentation,
     NULL,                   NULL,                  status_write_segmentation, NULL},
    {"segment",       SP_SEGMENT,      4,                SC_REPEATS,  1,   status_read_segment,
     NULL,                   status_close_segments, status_write_segments,  NULL},
    {"hole",          SP_HOLE,         2,                SC_REPEATS,  1,   status_read_hole,
     NULL,                   status_close_holes,    status_write_holes,     NULL},
    {"vm",            SP_VM,           13,               SC_OPTIONAL, 3,   status_read_vm,
     NULL,                   status_close_vm,       status_write_vm, has_vm},
    {"vm-rng",        SP_VM_RNG,       STATUS_LINE,      SC_REPEATS,  3,   NULL,
     status_read_vm_rng_line, status_close_vm_rng,  status_write_vm_rng, has_vm},
    {"vm-total",      SP_VM_TOTAL,     7,                SC_OPTIONAL, 3,   status_read_vm_total,
     NULL,                   status_close_vm_total, status_write_vm_total, has_vm},
    {"vm-space",      SP_VM_SPACE,     2,                SC_OPTIONAL, 5,   status_read_vm_space,
     NULL,                   NULL,                  status_write_vm_space,  has_space},
    {"vm-ptable",     SP_VM_PTABLE,    4,                SC_OPTIONAL, 6,   status_read_vm_ptable,
     NULL,                   NULL,                  status_write_vm_ptable, has_ptable},
    {"vm-process",    SP_VM_PROCESS,   12,               SC_REPEATS,  3,   status_read_vm_process,
     NULL,                   status_close_vm_processes, status_write_vm_processes, has_vm},
    {"vm-table",      SP_VM_TABLE,     5,                SC_REPEATS,  6,   status_read_vm_table,
     NULL,                   status_close_vm_tables, status_write_vm_tables, has_ptable},
    {"vm-frames",     SP_VM_FRAMES,    STATUS_LINE,      SC_REPEATS,  3,   NULL,
     status_read_vm_frames_line, NULL,              status_write_vm_frames, has_vm},
    {"vm-swap",       SP_VM_SWAP,      STATUS_LINE,      SC_REPEATS,  3,   NULL,
     status_read_vm_swap_line, status_close_vm_swap, status_write_vm_swap, has_vm},
    {"vm-prot",       SP_VM_PROT,      4,                SC_REPEATS,  5,   status_read_vm_prot,
     NULL,                   NULL,                  status_write_vm_prot,   has_space},
    {"vm-prot-faults", SP_VM_PROT_FAULTS, 2,             SC_REPEATS,  5,   status_read_vm_prot_faults,
     NULL,                   status_close_vm_prot,  NULL,                   has_space},
    {"vm-access",     SP_VM_ACCESS,    10,               SC_REPEATS,  3,   status_read_vm_access,
     NULL,                   status_close_vm_access, status_write_vm_access, has_vm},
    {"vm-run",        SP_VM_RUN,       2,                SC_OPTIONAL, 3,   status_read_vm_run,
     NULL,                   NULL,                  status_write_vm_run, has_vm},
    {"vm-future",     SP_VM_FUTURE,    STATUS_LINE,      SC_REPEATS,  3,   NULL,
     status_read_vm_future_line, status_close_vm_future, NULL, has_vm},
    {"vm-compare",    SP_VM_COMPARE,   3,                SC_OPTIONAL, 3,   status_read_vm_compare,
     NULL,                   NULL,                  status_write_vm_compare, has_vm},
    {"vm-compare-row", SP_VM_COMPARE_ROW, 2,             SC_REPEATS,  3,   status_read_vm_compare_row,
     NULL,                   status_close_vm_compare, NULL, has_vm},
    {"tlb",           SP_TLB,          7,                SC_OPTIONAL, 4,   status_read_tlb,
     NULL,                   NULL,                  status_write_tlb,       has_tlb},
    {"tlb-total",     SP_TLB_TOTAL,    8,                SC_OPTIONAL, 4,   status_read_tlb_total,
     NULL,                   NULL,                  NULL,                   has_tlb},
    {"tlb-entry",     SP_TLB_ENTRY,    6,                SC_REPEATS,  4,   status_read_tlb_entry,
     NULL,                   NULL,                  NULL,                   has_tlb},
    {"tlb-last",      SP_TLB_LAST,     5,                SC_OPTIONAL, 4,   status_read_tlb_last,
     NULL,                   NULL,                  status_write_tlb_last,  has_tlb},
    {"tlb-recent",    SP_TLB_RECENT,   1,                SC_OPTIONAL, 4,   status_read_tlb_recent,
     NULL,                   status_close_tlb,      NULL,                   has_tlb},
    {"vm-walk",       SP_VM_WALK,      5,                SC_OPTIONAL, 6,   status_read_vm_walk,
     NULL,                   status_close_vm_walk,  status_write_vm_walk,   has_ptable},
    {"heap",          SP_HEAP,         12,               SC_OPTIONAL, 7,   status_read_heap,
     NULL,                   NULL,                  status_write_heap,      has_heap},
    {"heap-total",    SP_HEAP_TOTAL,   6,                SC_OPTIONAL, 7,   status_read_heap_total,
     NULL,                   status_close_heap_total, status_write_heap_total, has_heap},
    {"heap-cache",    SP_HEAP_CACHE,   2,                SC_REPEATS,  7,   status_read_heap_cache,
     NULL,                   NULL,                  status_write_heap_caches, has_heap},
    {"heap-pool",     SP_HEAP_POOL,    2,                SC_REPEATS,  7,   status_read_heap_pool,
     NULL,                   NULL,                  NULL,                   has_heap},
    {"heap-slab",     SP_HEAP_SLAB,    2,                SC_REPEATS,  7,   status_read_heap_slab,
     NULL,                   NULL,                  NULL,                   has_heap},
    {"heap-block",    SP_HEAP_BLOCK,   6,                SC_REPEATS,  7,   status_read_heap_block,
     NULL,                   NULL,                  status_write_heap_blocks, has_heap},
    {"heap-free",     SP_HEAP_FREE,    2,                SC_REPEATS,  7,   status_read_heap_free,
     NULL,                   NULL,                  NULL,                   has_heap},
    {"heap-last",     SP_HEAP_LAST,    10,               SC_OPTIONAL, 7,   status_read_heap_last,
     NULL,                   status_close_heap,     status_write_heap_last, has_heap},
    {"quiz",          SP_QUIZ,         STATUS_LINE,      SC_OPTIONAL, 8,   NULL,
     status_read_quiz_line,  NULL,                  status_write_quiz,      has_quiz},
    {"quiz-q",        SP_QUIZ_Q,       3,                SC_REPEATS,  8,   status_read_quiz_q,
     NULL,                   status_close_quiz,     status_write_quiz_qs,   has_quiz},
    {"quiz-more",     SP_QUIZ_Q,       STATUS_LINE,      SC_REPEATS,  8,   NULL,
     status_read_quiz_more_line, NULL,              NULL,                   has_quiz},
    {"event",         SP_EVENT,        STATUS_WORD_TEXT, SC_ONCE,     1,   read_event,
     NULL,                   NULL,                  write_event,            NULL},
    {"why",           SP_WHY,          STATUS_TEXT,      SC_ONCE,     1,   read_why,
     NULL,                   NULL,                  write_why,              NULL},
    {"translate",     SP_XLATE,        8,                SC_OPTIONAL, 2,   read_translate,
     NULL,                   NULL,                  write_translate,        has_translate},
    {"seg-translate", SP_XLATE,        4,                SC_OPTIONAL, 2,   read_seg_translate,
     NULL,                   NULL,                  write_seg_translate,    has_seg_translate},
    {"caption",       SP_CAPTION,      STATUS_TEXT,      SC_OPTIONAL, 2,   read_caption,
     NULL,                   NULL,                  write_caption,          has_caption},
    {"end",           SP_END,          0,                SC_ONCE,     1,   read_end,
     NULL,                   NULL,                  write_end,              NULL},
};
/* clang-format on */

const size_t status_nrecords = sizeof status_records / sizeof status_records[0];

const struct status_record *status_place_row(enum status_place pl)
{
    const struct status_record *row = status_records;

    while (row->place != pl)
        row++;
    return row;
}
