/* status_impl.h: what the files of the status module share. Not part of the
 * contract (status.h is); only common/status*.c include it.
 *
 * The module's files:
 *   status.c          the table of records (start there), the status-level
 *                     records (header, seq, time, event, why, translations,
 *                     caption, end), status_init/free/set_caption
 *   status_paging.c   the paging records: paging, process, map, cells
 *   status_segment.c  the segmentation records: segmentation, segment, hole
 *   status_write.c    the writer: text sinks, numbers, the writer's cache
 *   status_file.c     atomic replace: temporary files, status_write,
 *                     status_target, status_clean_temps
 *   status_parse.c    the parser: lines, words, fields, order, entry points
 *   status_vm.c, status_vm_cells.c   the virtual-memory records
 *   status_tlb.c      the TLB's records (version 4)
 *   status_prot.c     the address-space layer's records (version 5)
 *   status_ptable.c   the page-table layer's records (version 6)
 *   status_heap.c     the heap's records (version 7)
 *   status_quiz.c     the quiz's records (version 8)
 */
#ifndef MT_STATUS_IMPL_H
#define MT_STATUS_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "pg_restore.h"
#include "pyrand.h"
#include "status.h"

/* ---- Writing (status_write.c) -------------------------------------------- */

/* Where formatted text goes: a FILE (status_format) or a file descriptor
 * (status_write), through a buffer of SINK_CHUNK bytes; or memory (the
 * text a status_cache keeps), where the buffer grows and nothing is
 * written. Numbers are formatted by hand: a memory of a million scattered
 * frames is a million numbers, and printf would dominate every change. */
struct sink {
    FILE *fp;     /* Destination, or NULL. */
    int fd;       /* Destination when fp is NULL, or -1: memory. */
    int prealloc; /* fd: allocate the file's blocks before writing them. */
    off_t off;    /* fd: bytes written so far. */
    int err;      /* errno of the first failure, or 0. */
    char *buf;    /* Text not yet written; for memory, all of it. */
    size_t n;     /* Bytes in buf. */
    size_t cap;   /* buf's capacity. */
};

#define SINK_CHUNK (1 << 16) /* Buffer of a sink to a file. */

/* The slow path of status_room: a file sink writes out what it holds (need
 * is at most SINK_CHUNK), memory grows. When memory cannot grow, sets
 * s->err and empties buf, so that callers can go on writing (into nothing)
 * and check s->err at the end. */
void status_sink_grow(struct sink *s, size_t need);

/* Makes room for `need` more bytes in s->buf (see status_sink_grow). */
static inline void status_room(struct sink *s, size_t need)
{
    if (s->cap - s->n < need)
        status_sink_grow(s, need);
}

void status_put(struct sink *s, const char *p, size_t len);     /* Appends len bytes at p. */
void status_puts(struct sink *s, const char *str);              /* Appends str. */
void status_putu(struct sink *s, uint64_t v);                   /* Appends v in decimal. */
void status_putkv(struct sink *s, const char *key, uint64_t v); /* Appends "key=v". */
void status_sink_flush(struct sink *s); /* Writes out what buf holds (not memory). */

/* Writes v in decimal at p; returns the end. Digits go straight to their
 * place, back to front, two at a time (no temporary: copying one would
 * stall on store forwarding in the hottest loop of the writer). */
static inline char *status_dec(char *p, uint32_t v)
{
    int n = v < 10           ? 1
            : v < 100        ? 2
            : v < 1000       ? 3
            : v < 10000      ? 4
            : v < 100000     ? 5
            : v < 1000000    ? 6
            : v < 10000000   ? 7
            : v < 100000000  ? 8
            : v < 1000000000 ? 9
                             : 10;

    static const char pairs[201] = "00010203040506070809101112131415161718192021222324"
                                   "25262728293031323334353637383940414243444546474849"
                                   "50515253545556575859606162636465666768697071727374"
                                   "75767778798081828384858687888990919293949596979899";
    char *q = p + n;

    while (v >= 100) {
        unsigned r = v % 100;
        v /= 100;
        q -= 2;
        q[0] = pairs[2 * r];
        q[1] = pairs[2 * r + 1];
    }
    if (v >= 10) {
        q -= 2;
        q[0] = pairs[2 * v];
        q[1] = pairs[2 * v + 1];
    } else {
        *--q = (char)('0' + v);
    }
    return p + n;
}

/* Writes n free entries " -" at p (lines of frames); returns the end. */
static inline char *status_dashes(char *p, uint32_t n)
{
    for (; n > 0; n--) {
        memcpy(p, " -", 2);
        p += 2;
    }
    return p;
}

/* Ends the line built in place in s->buf at p with a newline. */
static inline void status_end_line(struct sink *s, char *p)
{
    *p++ = '\n';
    s->n = (size_t)(p - s->buf);
}

/* Formats st into s, record by record as the table lists them (see
 * docs/status-format.md), the frame records through cache when it is not
 * NULL, and flushes s. Errors are left in s->err. */
void status_format_all(const struct status *st, struct status_cache *cache, struct sink *s);

/* Writes pg's frame records to s through the cache c: the same text, byte
 * for byte, as status_put_frames, but each record whose frames did not
 * change since the last write is copied. Returns 0, or -1 when out of
 * memory (then nothing was written to s and the cache is emptied). */
int status_cache_frames(const struct paging *pg, struct status_cache *c, struct sink *s);

/* Frame records (status_paging.c). Memories larger than CELLS_ABOVE frames
 * write short runs as `cells` records. */
#define CELLS_ABOVE 4096
#define CELLS_RUN   4   /* Runs shorter than this go into `cells` lines. */
#define CELLS_GAP   8   /* Free gaps up to this long stay in a line as "-". */
#define CELLS_LINE  900 /* A `cells` line is ended past this many characters, */
#define CELLS_BLOCK 64  /* and before a frame whose number is a multiple of this. */

/* Writes the frame record that starts at frame f (in use) of the n frames
 * fr; returns the frame after what it covered. */
uint32_t status_put_record(struct sink *s, const struct pg_frame *fr, uint32_t n, uint32_t f);

/* Writes all of pg's frame records, by increasing frame, without a cache. */
void status_put_frames(const struct paging *pg, struct sink *s);

/* ---- Parsing (status_parse.c) -------------------------------------------- */

#define STATUS_MAX_FIELDS 14 /* Most space-separated words a record has (vm). */

/* The places of the records in a file, in file order. Records that are
 * alternatives share a place (map and cells; translate and seg-translate). */
enum status_place {
    SP_MAGIC,
    SP_SEQ,
    SP_TIME,
    SP_PAGING,
    SP_PROCESS,
    SP_MAP,
    SP_SEGMENTATION,
    SP_SEGMENT,
    SP_HOLE,
    SP_VM,
    SP_VM_RNG,
    SP_VM_TOTAL,
    SP_VM_SPACE,
    SP_VM_PTABLE,
    SP_VM_PROCESS,
    SP_VM_TABLE,
    SP_VM_FRAMES,
    SP_VM_SWAP,
    SP_VM_PROT,
    SP_VM_PROT_FAULTS,
    SP_VM_ACCESS,
    SP_VM_RUN,
    SP_VM_FUTURE,
    SP_VM_COMPARE,
    SP_VM_COMPARE_ROW,
    SP_TLB,
    SP_TLB_TOTAL,
    SP_TLB_ENTRY,
    SP_TLB_LAST,
    SP_TLB_RECENT,
    SP_VM_WALK,
    SP_HEAP,
    SP_HEAP_TOTAL,
    SP_HEAP_CACHE,
    SP_HEAP_POOL,
    SP_HEAP_SLAB,
    SP_HEAP_BLOCK,
    SP_HEAP_FREE,
    SP_HEAP_LAST,
    SP_QUIZ,
    SP_QUIZ_Q,
    SP_EVENT,
    SP_WHY,
    SP_XLATE,
    SP_CAPTION,
    SP_END
};

/* What the parser of the paging records keeps between lines (status_paging.c). */
struct status_parse_paging {
    uint64_t nprocs, nfree;    /* As the paging record declares. */
    unsigned long line;        /* Where it declared them. */
    int maps_seen;             /* A frame record was read; */
    uint64_t last_frame;       /* the last frame it covered. */
    struct pg_restore restore; /* From the paging record to the end of the maps. */
};

/* What the parser of the segmentation records keeps (status_segment.c). */
struct status_parse_segments {
    uint64_t nsegs, nholes; /* As the segmentation record declares. */
    unsigned long line;     /* Where it declared them. */
    unsigned segs_seen, holes_seen;
    int last_id; /* The id of the last segment record, or -1. */
    struct hole holes[SEG_MAX_HOLES];
    unsigned nh; /* Holes computed from the segments. */
};

/* What the parser of the virtual-memory records keeps (status_vm.c). */
struct status_parse_vm_proc {
    uint32_t resident, swapped; /* As its vm-process record declares. */
    unsigned long line;         /* Where. */
};

struct status_parse_vm {
    int seen;                           /* The vm record was read. */
    unsigned long line;                 /* Its line. */
    uint64_t nprocs;                    /* processes= it declared. */
    uint64_t rng_index;                 /* rng= it declared. */
    uint64_t draws;                     /* draws= it declared. */
    uint32_t rng_words;                 /* Generator words the vm-rng records gave so far. */
    struct pyrand rng;                  /* Those words. */
    unsigned long total_line;           /* Where vm-total was, 0 when it was not. */
    struct status_parse_vm_proc *procs; /* One a vm-process record (owned). */
    size_t capprocs;
    int cells_seen;     /* A vm-frames (or, in its place, vm-swap) line was read; */
    uint64_t last_cell; /* the last frame (slot) it covered. */
    unsigned naccess;   /* vm-access records read. */
    int run_seen;       /* A vm-run record was read; */
    unsigned long run_line;
    uint64_t shown, nfuture; /* the references it shows, and those read so far. */
    uint64_t nrows;          /* vm-compare: policies= it declared; */
    unsigned long compare_line;
    uint64_t t, epoch, hand; /* The vm record's, set after the frames and slots: */
    uint32_t victim_frame;   /* the last victim, VM_NONE for none; */
    int32_t victim_pid;
    uint32_t victim_page;
};

/* What the parser of the TLB records keeps (status_tlb.c). */
struct status_parse_tlb {
    int seen;            /* The tlb record was read; */
    unsigned long line;  /* its line; */
    uint64_t valid;      /* the valid= it declared. */
    int total_seen;      /* tlb-total was read. */
    uint64_t nentries;   /* tlb-entry records read; */
    uint64_t last_index; /* the last one's set * ways + way. */
    int last_seen;       /* tlb-last was read. */
    int recent_seen;     /* tlb-recent was read. */
};

/* What the parser of the address-space layer's records keeps
 * (status_prot.c). */
struct status_parse_prot {
    int seen;               /* The vm-space record was read; */
    unsigned long line;     /* its line. */
    uint64_t runs;          /* vm-prot records read; */
    size_t index;           /* the process (vm.procs index) of the last; */
    uint64_t next;          /* the page after its last run. */
    int64_t last_fault_pid; /* The pid of the last vm-prot-faults record, 0 before one. */
};

/* What the parser of the page-table layer's records keeps
 * (status_ptable.c). */
struct status_parse_ptable {
    int seen;           /* The vm-ptable record was read; */
    unsigned long line; /* its line; */
    uint64_t tables;    /* the tables= it declared. */
    uint64_t ntables;   /* vm-table records read; */
    int64_t pid;        /* the last one's pid, level and prefix. */
    unsigned level;
    uint32_t prefix;
    unsigned long walk_line; /* The vm-walk record's line, 0 when none. */
};

/* What the parser of the heap's records keeps (status_heap.c). */
struct status_parse_heap {
    int seen;           /* The heap record was read; */
    unsigned long line; /* its line; */
    uint64_t next;      /* the next=, used= and asked= it declared. */
    uint64_t used, asked;
    int total_seen;          /* heap-total was read: */
    struct heap_total total; /* its counters. */
    uint64_t nslabs;         /* heap-slab records read; */
    uint64_t slab_addr;      /* the last one's addr. */
    uint64_t nblocks;        /* heap-block records read; */
    uint64_t block_end;      /* the end of the last one (addr + span). */
    unsigned long last_line; /* heap-last's line, 0 when none; */
    struct heap_op last;     /* what it said. */
};

/* What the parser of the quiz's records keeps (status_quiz.c). */
#define STATUS_QUIZ_TEXT 65536 /* Longest quiz or quiz-q line with its quiz-more records. */
enum { PENDING_NONE, PENDING_QUIZ, PENDING_GIVEN };
struct status_parse_quiz {
    int seen;                   /* The quiz record was read; */
    unsigned long line;         /* its line. */
    size_t nq_read;             /* quiz-q records read. */
    int pending;                /* PENDING_QUIZ or _GIVEN: the line quiz-more records may */
    unsigned long pending_line; /* continue, read when the next record comes; its line */
    struct qbuf text;           /* and its text so far (quiz: KIND FLAGS; quiz-q: given). */
};

struct status_parser {
    struct status *st;
    enum status_place last;     /* The place of the record parsed last. */
    int started;                /* The first line has been read. */
    int version;                /* Its format version, 1 to STATUS_VERSION. */
    char *f[STATUS_MAX_FIELDS]; /* Words of the current line. */
    int nf;                     /* How many. */
    const char *rest;           /* Text after the first word (event, why, caption). */
    char *err;
    size_t errlen;
    unsigned flags; /* STATUS_DISPLAY_ONLY or 0. */
    struct status_parse_paging paging;
    struct status_parse_segments seg;
    struct status_parse_vm vm;
    struct status_parse_tlb tlb;
    struct status_parse_prot prot;
    struct status_parse_ptable pt;
    struct status_parse_heap heap;
    struct status_parse_quiz quiz;
};

/* Writes the reason for the current line's error to p->err. Returns -1. */
int status_fail(struct status_parser *p, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Field readers: each returns 0 (or the word), or -1 (NULL) with the error
 * set. Field i is key=N with N in [min, max]; key=WORD; key=A or key=A-B
 * (B > A); key=0 or key=1. status_want_fields checks that the line has n
 * words, the record's name included. */
int status_num_field(struct status_parser *p, int i, const char *key, uint64_t min, uint64_t max,
                     uint64_t *out);
const char *status_word_field(struct status_parser *p, int i, const char *key);
int status_range_field(struct status_parser *p, int i, const char *key, uint64_t max, uint64_t *lo,
                       uint64_t *hi);
int status_flag_field(struct status_parser *p, int i, const char *key, int *out);
int status_want_fields(struct status_parser *p, int n);

/* Reads decimal digits at *s (at least one, the value at most max) into *v
 * and moves *s past them. Returns 0, or -1 when there are none or the value
 * is too large. */
int status_digits(const char **s, uint64_t max, uint64_t *v);

/* ---- The records (status.c) ---------------------------------------------- */

/* The field pattern of a record: how many key=value words follow its name
 * (0 or more, checked before its reader runs), or one of these. */
#define STATUS_TEXT      (-1) /* Free text (any spaces) follows the name. */
#define STATUS_WORD_TEXT (-2) /* One word, then free text (event). */
#define STATUS_LINE      (-3) /* Its reader reads the whole line, not split into words. */

/* How many times a record's place may appear. */
enum status_count {
    SC_ONCE,     /* Exactly once. */
    SC_OPTIONAL, /* Once or not at all. */
    SC_REPEATS,  /* Any number of times, zero included. */
};

struct status_record {
    const char *name;        /* First word of its line. */
    enum status_place place; /* Where it sits in a file. */
    int fields;              /* Words after the name, or STATUS_TEXT/WORD_TEXT/LINE. */
    enum status_count count; /* How many times its place appears. */
    int version;             /* The oldest format version that has it. */
    /* Reads the record (its words in p). Returns 0, or -1 with the error
     * set; *line may be moved to the line a count was declared on. */
    int (*read)(struct status_parser *p, unsigned long *line);
    /* Or NULL: reads the whole line s (it starts with the name and a space)
     * before it is split; returns 0 or -1 as read does, or 1 when s is not
     * in the form it reads and the general parser should split it. */
    int (*read_line)(struct status_parser *p, const struct status_record *row, const char *s,
                     unsigned long *line);
    /* Or NULL: checks the section that ends with this place, when the
     * parser moves past it (counts declared earlier). Returns 0 or -1. */
    int (*close)(struct status_parser *p, unsigned long *line);
    /* Or NULL: writes every record of this kind st has (none, one, or
     * more), cached frame records through cache (may be NULL). */
    void (*write)(const struct status *st, struct status_cache *cache, struct sink *s);
    /* Or NULL (always, if at all): returns 1 when st has a record of this
     * kind to write, else 0. A row newer than version 1 needs it: the file
     * is written in the newest version among the rows present, so a state
     * without them stays version 1, byte for byte. */
    int (*present)(const struct status *st);
};

extern const struct status_record status_records[]; /* In file order. */
extern const size_t status_nrecords;

/* Checks that record row may appear in the file's version. Returns 0 or -1
 * with the error set. */
int status_check_version(struct status_parser *p, const struct status_record *row);

/* Returns the first record of the table at place pl. */
const struct status_record *status_place_row(enum status_place pl);

/* Moves the parser from its last record to the record row, closing the
 * sections it passes. Returns 0, or -1 if row is out of place or a section
 * does not add up (then *line may name the line that declared a count). */
int status_advance(struct status_parser *p, const struct status_record *row, unsigned long *line);

/* The records' functions, by model. */
int status_read_paging(struct status_parser *p, unsigned long *line);
int status_read_process(struct status_parser *p, unsigned long *line);
int status_read_map(struct status_parser *p, unsigned long *line);
int status_read_map_line(struct status_parser *p, const struct status_record *row, const char *s,
                         unsigned long *line);
int status_read_cells_line(struct status_parser *p, const struct status_record *row, const char *s,
                           unsigned long *line);
int status_close_paging(struct status_parser *p, unsigned long *line);
void status_write_paging(const struct status *st, struct status_cache *cache, struct sink *s);
void status_write_processes(const struct status *st, struct status_cache *cache, struct sink *s);
void status_write_frames(const struct status *st, struct status_cache *cache, struct sink *s);

int status_read_segmentation(struct status_parser *p, unsigned long *line);
int status_read_segment(struct status_parser *p, unsigned long *line);
int status_read_hole(struct status_parser *p, unsigned long *line);
int status_close_segments(struct status_parser *p, unsigned long *line);
int status_close_holes(struct status_parser *p, unsigned long *line);
void status_write_segmentation(const struct status *st, struct status_cache *cache, struct sink *s);
void status_write_segments(const struct status *st, struct status_cache *cache, struct sink *s);
void status_write_holes(const struct status *st, struct status_cache *cache, struct sink *s);

int status_read_vm(struct status_parser *p, unsigned long *line);
int status_read_vm_rng_line(struct status_parser *p, const struct status_record *row, const char *s,
                            unsigned long *line);
int status_read_vm_total(struct status_parser *p, unsigned long *line);
int status_read_vm_process(struct status_parser *p, unsigned long *line);
int status_read_vm_frames_line(struct status_parser *p, const struct status_record *row,
                               const char *s, unsigned long *line);
int status_read_vm_swap_line(struct status_parser *p, const struct status_record *row,
                             const char *s, unsigned long *line);
int status_read_vm_access(struct status_parser *p, unsigned long *line);
int status_read_vm_run(struct status_parser *p, unsigned long *line);
int status_read_vm_future_line(struct status_parser *p, const struct status_record *row,
                               const char *s, unsigned long *line);
int status_read_vm_compare(struct status_parser *p, unsigned long *line);
int status_read_vm_compare_row(struct status_parser *p, unsigned long *line);
int status_close_vm(struct status_parser *p, unsigned long *line);
int status_close_vm_rng(struct status_parser *p, unsigned long *line);
int status_close_vm_total(struct status_parser *p, unsigned long *line);
int status_close_vm_processes(struct status_parser *p, unsigned long *line);
int status_close_vm_swap(struct status_parser *p, unsigned long *line);
int status_close_vm_access(struct status_parser *p, unsigned long *line);
int status_close_vm_future(struct status_parser *p, unsigned long *line);
int status_close_vm_compare(struct status_parser *p, unsigned long *line);
/* Reads n numbers separated by ':' at *s, the i-th at most max[i], into out
 * and moves *s past them. Returns 0 or -1. */
int status_vm_tuple(const char **s, int n, const uint64_t *max, uint64_t *out);
/* Puts the generator the vm-rng records gave, and the vm record's draws,
 * into the memory (after vm_restore_done, which reseeds it: the state is
 * restored at once instead of replaying the draws). */
void status_vm_restore_rng(struct status_parser *p);
/* Releases what the parser of the vm records holds (not st's). */
void status_vm_parse_free(struct status_parser *p);
void status_write_vm(const struct status *st, struct status_cache *cache, struct sink *s);
void status_write_vm_rng(const struct status *st, struct status_cache *cache, struct sink *s);
void status_write_vm_total(const struct status *st, struct status_cache *cache, struct sink *s);
void status_write_vm_processes(const struct status *st, struct status_cache *cache, struct sink *s);
void status_write_vm_frames(const struct status *st, struct status_cache *cache, struct sink *s);
void status_write_vm_swap(const struct status *st, struct status_cache *cache, struct sink *s);
void status_write_vm_access(const struct status *st, struct status_cache *cache, struct sink *s);
void status_write_vm_run(const struct status *st, struct status_cache *cache, struct sink *s);
void status_write_vm_compare(const struct status *st, struct status_cache *cache, struct sink *s);

/* The TLB's records (status_tlb.c). status_write_tlb writes tlb, tlb-total
 * and the tlb-entry records; status_write_tlb_last tlb-last and tlb-recent;
 * status_close_tlb checks them all, leaving tlb-recent. */
/* The address-space layer's records (status_prot.c). */
int status_read_vm_space(struct status_parser *p, unsigned long *line);
int status_read_vm_prot(struct status_parser *p, unsigned long *line);
int status_read_vm_prot_faults(struct status_parser *p, unsigned long *line);
int status_close_vm_prot(struct status_parser *p, unsigned long *line);
/* Reads the rw word of a vm-access record into a->write and a->exec: r, w,
 * or x after a vm-space record (version 5). Returns 0, or -1 with the error. */
int status_vm_rw(struct status_parser *p, const char *rw, struct vm_step *a);
void status_write_vm_space(const struct status *st, struct status_cache *cache, struct sink *s);
/* The words of enum vm_evict as vm-access and vm-walk write them
 * (status_vm.c): -, writeback, drop, zero. */
#define VM_NEVICT 4
extern const char *const status_evict_words[VM_NEVICT];
void status_write_vm_prot(const struct status *st, struct status_cache *cache, struct sink *s);

int status_read_tlb(struct status_parser *p, unsigned long *line);
int status_read_tlb_total(struct status_parser *p, unsigned long *line);
int status_read_tlb_entry(struct status_parser *p, unsigned long *line);
int status_read_tlb_last(struct status_parser *p, unsigned long *line);
int status_read_tlb_recent(struct status_parser *p, unsigned long *line);
int status_close_tlb(struct status_parser *p, unsigned long *line);
void status_write_tlb(const struct status *st, struct status_cache *cache, struct sink *s);
void status_write_tlb_last(const struct status *st, struct status_cache *cache, struct sink *s);

/* The page-table layer's records (status_ptable.c): vm-ptable after
 * vm-space, vm-table after vm-process (before vm-frames: the table frames
 * are taken before the data pages are placed), vm-walk after the TLB's
 * records (its levels depend on the TLB's answer). */
int status_read_vm_ptable(struct status_parser *p, unsigned long *line);
int status_read_vm_table(struct status_parser *p, unsigned long *line);
int status_read_vm_walk(struct status_parser *p, unsigned long *line);
int status_close_vm_tables(struct status_parser *p, unsigned long *line);
int status_close_vm_walk(struct status_parser *p, unsigned long *line);
void status_write_vm_ptable(const struct status *st, struct status_cache *cache, struct sink *s);
void status_write_vm_tables(const struct status *st, struct status_cache *cache, struct sink *s);
void status_write_vm_walk(const struct status *st, struct status_cache *cache, struct sink *s);

/* The heap's records (status_heap.c, version 7): heap, heap-total,
 * heap-cache, heap-pool, heap-slab, heap-block, heap-free, heap-last, after
 * every other model's. status_write_heap_caches writes the heap-cache,
 * heap-pool and heap-slab records, status_write_heap_blocks heap-block and
 * heap-free; status_close_heap puts the heap together and checks it. */
int status_read_heap(struct status_parser *p, unsigned long *line);
int status_read_heap_total(struct status_parser *p, unsigned long *line);
int status_read_heap_cache(struct status_parser *p, unsigned long *line);
int status_read_heap_pool(struct status_parser *p, unsigned long *line);
int status_read_heap_slab(struct status_parser *p, unsigned long *line);
int status_read_heap_block(struct status_parser *p, unsigned long *line);
int status_read_heap_free(struct status_parser *p, unsigned long *line);
int status_read_heap_last(struct status_parser *p, unsigned long *line);
int status_close_heap_total(struct status_parser *p, unsigned long *line);
int status_close_heap(struct status_parser *p, unsigned long *line);
void status_write_heap(const struct status *st, struct status_cache *cache, struct sink *s);
void status_write_heap_total(const struct status *st, struct status_cache *cache, struct sink *s);
void status_write_heap_caches(const struct status *st, struct status_cache *cache, struct sink *s);
void status_write_heap_blocks(const struct status *st, struct status_cache *cache, struct sink *s);
void status_write_heap_last(const struct status *st, struct status_cache *cache, struct sink *s);

/* The quiz's records (status_quiz.c, version 8): quiz (read whole: its
 * flags may be more words than a line is split into), quiz-q, and
 * quiz-more, which continues either, after every other model's.
 * status_close_quiz makes the problem and checks the answers when the
 * parser leaves them; status_quiz_parse_free releases what the parser of
 * them holds (not st's). */
int status_read_quiz_line(struct status_parser *p, const struct status_record *row, const char *s,
                          unsigned long *line);
int status_read_quiz_more_line(struct status_parser *p, const struct status_record *row,
                               const char *s, unsigned long *line);
int status_read_quiz_q(struct status_parser *p, unsigned long *line);
int status_close_quiz(struct status_parser *p, unsigned long *line);
void status_quiz_parse_free(struct status_parser *p);
void status_write_quiz(const struct status *st, struct status_cache *cache, struct sink *s);
void status_write_quiz_qs(const struct status *st, struct status_cache *cache, struct sink *s);

#endif
