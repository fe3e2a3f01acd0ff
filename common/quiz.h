/* quiz.h: generated problems with hidden answers (memtrack quiz).
 *
 * A quiz is one problem made from a kind, a seed and the kind's flags: the
 * state it shows (a page table, segment registers, a free list, a reference
 * string...) and numbered questions, each with its answer key and the
 * explanation memtrack gives. The kinds with an OSTEP counterpart make the
 * very problem OSTEP's homework script makes for the same seed and flags
 * (the same random draws, with pyrand.h), and quiz_ostep_text writes that
 * script's output byte for byte; the others are memtrack's own. docs/quiz.md
 * tells each kind and where memtrack differs from OSTEP on purpose.
 *
 *   kind        OSTEP script (ostep-homework)                memtrack's own
 *   translate   vm-paging/paging-linear-translate.py
 *   multilevel  vm-smalltables/paging-multilevel-translate.py
 *   segment     vm-segmentation/segmentation.py
 *   malloc      vm-freespace/malloc.py
 *   policy      vm-beyondphys-policy/paging-policy.py
 *   frag                                                     internal and external fragmentation
 *   compact                                                  compaction moves
 *   tlb                                                      TLB hit or miss sequences
 *   exam                                                     the exam table of a reference string
 *
 * The flags are the script's, under its names, short and long, with its
 * defaults (quiz_make reads them by the kind's table, opt.h). A quiz owns
 * its arrays; quiz_free releases them. Like the rest of common/, nothing
 * here prints or exits: text goes to a struct qbuf the caller owns.
 *
 * Answers. A student's answer is text; quiz_answer_parse reads it by the
 * question's type into a struct quiz_value, or says it is malformed (the
 * tracker then asks again; `quiz check` reports it). Accepted forms:
 *   numbers    decimal (14905, -1) or hex with 0x or a trailing h (0x3a39,
 *              3a39h), any case, spaces inside ignored (0x 3a39). Hex digits
 *              without 0x or h (3a39) are malformed, not read as decimal.
 *              A number may be followed by its decimal value in parentheses,
 *              as quiz_value_text writes an address ("0x3a39 (14905)"); the
 *              two must agree. Beyond int64 is malformed. A QUIZ_A_NUMBER
 *              may end with a unit after a space: B, byte(s), page(s),
 *              frame(s), percent or % (also "50%"), when the text is no
 *              number with it ("520 B" is 520, "0x1 B" is 0x1b).
 *   fault      QUIZ_A_ADDR and QUIZ_A_PAIR: invalid, invalid address,
 *              segfault, seg fault, segmentation fault, segmentation
 *              violation, violation, fault, page fault, out of bounds: any
 *              case, spaces, '-', '_' and '.' ignored (seg. fault). Which fault (the PDE or
 *              the PTE, SEG0 or SEG1) is not asked; the explanation says.
 *   hit/miss   hit, h, miss, m (any case).
 *   failure    QUIZ_A_PTR: null, fail, failed, none (any case) for -1.
 *   lists      numbers separated by spaces, commas, ':' or brackets; the
 *              words addr, sz, size, ptr, page, pages are skipped (so a copy
 *              of "[ addr:0 sz:12 ][ addr:24 sz:76 ]" reads as 0 12 24 76);
 *              "-" or "_" alone is an empty slot (QUIZ_EMPTY); "empty",
 *              "none" or "[]" is the empty list. A QUIZ_A_PAIR is read as
 *              a list of exactly two numbers ("0x3a1, 0x1b", "(0x3a1,
 *              0x1b)"), arrows (->, -->, =>) and the words PA and value
 *              skipped ("0x3a1 --> Value: 0x1b", as the script prints it).
 *   nothing    an empty or blank line is malformed ("type an answer, or ?
 *              to see it"); "?" is the tracker's, not an answer.
 */
#ifndef MT_QUIZ_H
#define MT_QUIZ_H

#include <stddef.h>
#include <stdint.h>

struct opt;           /* opt.h */
struct quiz_kind_def; /* quiz_impl.h */

#define QUIZ_MAX_VALUES    256       /* Most numbers in one answer (a list). */
#define QUIZ_MAX_QUESTIONS 1000      /* Most questions in one quiz; more is refused. */
#define QUIZ_MAX_ARGS      32        /* Most flags a quiz's command line has. */
#define QUIZ_PROMPT        256       /* Longest prompt, with its NUL. */
#define QUIZ_EXPLAIN       1024      /* Longest explanation, with its NUL. */
#define QUIZ_EMPTY         INT64_MIN /* An empty slot in a list ("-"). */
#define QUIZ_VALUE_TEXT    6144      /* A buffer this long holds any value's text. */

enum quiz_kind {
    QUIZ_TRANSLATE,  /* "translate": a linear page table. */
    QUIZ_MULTILEVEL, /* "multilevel": OSTEP's 2-level table in a memory dump. */
    QUIZ_SEGMENT,    /* "segment": two segments, base and limit. */
    QUIZ_MALLOC,     /* "malloc": a free list under a fit policy. */
    QUIZ_POLICY,     /* "policy": page replacement of a reference string. */
    QUIZ_FRAG,       /* "frag": internal and external fragmentation. */
    QUIZ_COMPACT,    /* "compact": where compaction moves each segment. */
    QUIZ_TLB,        /* "tlb": hit or miss of each access through a TLB. */
    QUIZ_EXAM,       /* "exam": the exam table (frames x references) of a string. */
    QUIZ_NKINDS
};

/* How an answer is read and compared (quiz_answer_parse, quiz_value_equal). */
enum quiz_atype {
    QUIZ_A_ADDR,    /* One number, or the fault word. */
    QUIZ_A_PAIR,    /* Two numbers (address and value: "0x3a1 0x1b"), or the fault word. */
    QUIZ_A_NUMBER,  /* One number (a count, a size, a base). */
    QUIZ_A_PTR,     /* One number, or null/fail/failed/none for -1 (malloc's failure). */
    QUIZ_A_HITMISS, /* hit or miss. */
    QUIZ_A_LIST,    /* Numbers in order (a free list as addr size pairs, frames in order). */
    QUIZ_A_SET      /* Numbers in any order, each once (the pages in memory). */
};

enum quiz_word { QUIZ_W_NONE, QUIZ_W_FAULT, QUIZ_W_HIT, QUIZ_W_MISS };

/* One answer, the key's or a student's. */
struct quiz_value {
    enum quiz_word word;        /* FAULT, HIT or MISS; NONE when it is numbers. */
    size_t n;                   /* Numbers in v (0 with a word; a list may be empty). */
    int64_t v[QUIZ_MAX_VALUES]; /* The numbers; QUIZ_EMPTY for an empty slot. */
};

/* Where a question stands while a student takes the quiz. */
enum quiz_qstate {
    QUIZ_OPEN,  /* Not answered yet: its key is hidden. */
    QUIZ_RIGHT, /* Answered right. */
    QUIZ_WRONG, /* Answered wrong (the key and explanation are shown). */
    QUIZ_SHOWN  /* Revealed without an answer (--answers, or given up). */
};

struct quiz_question {
    int step;                   /* The step of the problem it belongs to (an address,
                                   an access, an operation), from 0; several questions
                                   may share one. */
    enum quiz_atype type;       /* How its answer is read. */
    char prompt[QUIZ_PROMPT];   /* The question, one line without a newline:
                                   "VA 0x00003a39 (decimal: 14905): physical address, or invalid?" */
    struct quiz_value key;      /* The right answer. */
    char explain[QUIZ_EXPLAIN]; /* Why: lines joined by '\n', no newline at the end. */
    enum quiz_qstate state;     /* OPEN until answered or shown. */
    struct quiz_value given;    /* The student's answer when RIGHT or WRONG. */
};

/* The state each kind shows, for memview and the text. Arrays are owned by
 * the quiz. */
struct quiz_translate {               /* translate */
    uint64_t asize, psize, page_size; /* Address space, physical memory, page: bytes. */
    uint64_t npages;                  /* Virtual pages: asize / page_size. */
    int64_t *pt;                      /* npages entries: the PFN, or -1 when not valid. */
    size_t naddrs;                    /* Virtual addresses asked. */
    uint64_t *addrs;                  /* Them. */
};

struct quiz_multilevel {  /* multilevel: OSTEP's fixed machine */
    uint8_t memory[4096]; /* 128 pages of 32 bytes, as memoryDump prints them. */
    unsigned pdbr;        /* The page directory's page. */
    size_t naddrs;
    uint64_t *addrs; /* 15-bit virtual addresses asked. */
};

struct quiz_segment { /* segment */
    uint64_t asize, psize;
    uint64_t base0, limit0; /* Segment 0 grows up from base0. */
    uint64_t base1, limit1; /* Segment 1 grows down from base1 (as OSTEP prints it:
                               the top, base1 - limit1 .. base1 - 1 are its bytes). */
    size_t naddrs;
    uint64_t *addrs;
};

struct quiz_mop {                    /* One malloc.py operation and what it did. */
    int alloc;                       /* 1: ptr[index] = Alloc(size); 0: Free(ptr[index]). */
    int skipped;                     /* -A mode: an invalid free malloc.py skipped. */
    uint64_t size;                   /* Alloc: bytes asked. */
    int index;                       /* The ptr index. */
    int64_t ret;                     /* Alloc: the address returned (-1: failed); Free: 0 or -1. */
    unsigned searched;               /* Alloc: elements searched. */
    size_t nfree;                    /* The free list after it: entries, */
    uint64_t *free_addr, *free_size; /* in list order. */
};

struct quiz_malloc {             /* malloc */
    uint64_t size, base, header; /* Heap bytes, base address, header bytes. */
    int64_t align;               /* -1: none. */
    int policy, order, coalesce; /* As heap.h's freelist names them (see quiz_malloc.c). */
    size_t nops;
    struct quiz_mop *ops;
};

struct quiz_policy_step { /* One access of paging-policy.py. */
    int64_t page;
    int hit;
    int64_t victim; /* -1 for none. */
    size_t nmem;    /* Memory after it, in the script's list order. */
    int64_t *mem;
};

struct quiz_policy { /* policy */
    char policy[8];  /* FIFO, LRU, OPT, UNOPT, RAND, CLOCK or MRU. */
    unsigned cache, clockbits;
    size_t nrefs;
    struct quiz_policy_step *steps;
    uint64_t hits, misses;
};

/* memtrack's own kinds keep their state here: fixed-size fields and three
 * arrays of nitems numbers the quiz owns (quiz_own.c allocates them). What
 * each field holds, by kind (unused fields 0, unused items' arrays 0):
 *   frag     memory: the segment memory's bytes; unit: the page size; policy:
 *            the fit; slots: processes, items 0 .. slots-1, each item_a the
 *            pid, item_b the bytes it asks; items slots .. nitems-1 the segment
 *            operations in order: item_a the segment's number k (named by
 *            the k-th letter, 'a' first), item_b the bytes of an alloc or -1
 *            for a free of it, item_c the base it got (alloc), had (free),
 *            or -1 when the alloc failed.
 *   compact  memory: bytes; slots: segments; items by segment id: item_a the
 *            base before, item_b the limit, item_c the base after compaction.
 *   tlb      unit: the page size; slots: TLB entries; ways: ways a set;
 *            policy "LRU"; base, elem, nelems: the array walked; items by
 *            access: item_a the element's index, item_b the virtual address,
 *            item_c 1 for a TLB hit, 0 for a miss.
 *   exam     slots: frames; policy: memtrack's name (vm_policy_name); items
 *            by reference: item_a the page, item_b 1 for a hit, 0 for a
 *            fault, item_c the page evicted or -1. */
struct quiz_own {
    uint64_t memory;                   /* Bytes of the memory (frag, compact). */
    uint64_t unit;                     /* Page size (frag, tlb), or 0. */
    unsigned slots;                    /* Frames (exam), TLB entries (tlb). */
    char policy[16];                   /* The policy or fit, by memtrack's name. */
    size_t nitems;                     /* Items of the problem: requests, segments, accesses. */
    int64_t *item_a, *item_b, *item_c; /* Per item, as the kind's file says. */
    unsigned ways;                     /* tlb: ways a set (slots: fully associative). */
    uint64_t base, elem, nelems;       /* tlb: the array's first address, element bytes, count. */
};

/* One problem. Fill it with quiz_make; release it with quiz_free. */
struct quiz {
    enum quiz_kind kind;
    int64_t seed;              /* The seed (-s/--seed); as Python, -5 seeds as 5. */
    int argc;                  /* The flags that made it, canonical: every flag of the */
    char *argv[QUIZ_MAX_ARGS]; /* kind's table written "--name=value" in table order
                                  (quiz_args_text joins them), owned. */
    size_t nq;
    struct quiz_question *q; /* nq questions, owned. */
    size_t qcap;             /* Room in q (quiz_add grows it). */
    /* The def that made it (quiz_make sets it; NULL stands for quiz_defs[kind]). */
    const struct quiz_kind_def *def;
    union {
        struct quiz_translate tr;
        struct quiz_multilevel ml;
        struct quiz_segment sg;
        struct quiz_malloc ma;
        struct quiz_policy po;
        struct quiz_own own;
    } u;
};

/* A growing string: text the quiz writes. Start it zeroed; qbuf_free
 * releases it. On out of memory it keeps what it had and sets failed. */
struct qbuf {
    char *s; /* NUL-terminated, or NULL while empty. */
    size_t len, cap;
    int failed; /* 1 after an append ran out of memory. */
};

void qbuf_printf(struct qbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void qbuf_free(struct qbuf *b);

/* The kind named name ("translate", or an alias: "linear", "paging" for
 * translate; "multi" for multilevel; "segmentation" for segment; "freespace",
 * "free" for malloc; "replace", "paging-policy" for policy). Returns 0 and
 * sets *kind, or -1 when none is. */
int quiz_kind_from_name(const char *name, enum quiz_kind *kind);
const char *quiz_kind_name(enum quiz_kind kind);    /* "translate" */
const char *quiz_kind_script(enum quiz_kind kind);  /* "paging-linear-translate.py", or NULL */
const char *quiz_kind_summary(enum quiz_kind kind); /* One line for --help. */

/* The name of segment id of a compact quiz (0 .. 4: "code", "data", "heap",
 * "stack", "bss"), as its prompts name it; "?" for another id. */
const char *quiz_compact_name(int id);

/* The kind's flags as opt.h rows (the option table quiz_make reads), so
 * the tracker can merge them into its help. Ends with a NULL name. The
 * OSTEP switches that do not shape the problem (-c, -v, -N) are not in it:
 * the tracker handles them. */
const struct opt *quiz_kind_flags(enum quiz_kind kind);

/* Makes the problem of kind from its flags argv[0..argc-1] (argv may be
 * NULL when argc is 0; no program or kind name first; OSTEP's spellings:
 * "-s 3", "-s3", "--seed=3", "--seed 3", an unambiguous start of a long
 * name), each unset flag taking the script's
 * default. Returns 0 with *q filled (quiz_free it), or -1 with why in err
 * (a bad flag, a value out of range, what the OSTEP script would refuse,
 * with its message, or what memtrack cannot hold: more than
 * QUIZ_MAX_QUESTIONS questions, a list longer than QUIZ_MAX_VALUES) and *q
 * zeroed. */
int quiz_make(enum quiz_kind kind, int argc, char **argv, struct quiz *q, char *err, size_t errlen);

/* Releases what q owns and zeroes it. Safe on a zeroed quiz. */
void quiz_free(struct quiz *q);

/* Appends q's canonical flags, space-separated ("--seed=3 --asize=16k ..."),
 * to b: quiz_make of them (split at spaces) makes the same problem. */
void quiz_args_text(const struct quiz *q, struct qbuf *b);

/* Appends to b exactly what the OSTEP script prints for q's flags: with
 * solve 0 the problem (the script without -c), with 1 the answers (-c).
 * Returns 0, or -1 when q's kind has no OSTEP script (b unchanged). */
int quiz_ostep_text(const struct quiz *q, int solve, struct qbuf *b);

/* Appends the problem's state as memtrack shows it, before the questions
 * (the page table, the registers, the heap, the string), lines ending in
 * '\n'. The answers are not in it. */
void quiz_state_text(const struct quiz *q, struct qbuf *b);

/* Reads text as an answer of type t into *out. Returns 0, or -1 when it is
 * malformed, with why and what forms are taken in err ("'3a39' has hex
 * digits: write 0x3a39, or 3a39h") and *out unchanged. */
int quiz_answer_parse(enum quiz_atype t, const char *text, struct quiz_value *out, char *err,
                      size_t errlen);

/* 1 when a and b are the same answer of type t (SET: the same numbers in any
 * order), 0 when not. */
int quiz_value_equal(enum quiz_atype t, const struct quiz_value *a, const struct quiz_value *b);

/* Writes v as an answer of type t in its canonical form to buf (len >= 16;
 * cut to fit, always NUL-terminated): "0x3a39 (14905)" for an address,
 * "fault", "hit", "12", "[0, 12, 24, 76]". Returns buf. */
char *quiz_value_text(enum quiz_atype t, const struct quiz_value *v, char *buf, size_t len);

/* Grades answer text for question i of q: on a well-formed answer sets its
 * state (RIGHT or WRONG) and given, and returns 1 when right, 0 when wrong;
 * returns -1 when it is malformed, with why in err and the question as it
 * was. */
int quiz_grade(struct quiz *q, size_t i, const char *text, char *err, size_t errlen);

/* Right answers among q's questions. */
size_t quiz_score(const struct quiz *q);

/* A class's answer file (`memtrack quiz check FILE`; quiz_sheet.c has the
 * format in full, docs/quiz.md tells it): a first line "quiz KIND FLAGS...",
 * an optional "name: TEXT" line, then one answer a line in question order;
 * '#' starts a comment line, blank lines are skipped, an answer may start
 * with its number ("3:", "3." or "3)"; one further on skips some), and "?"
 * or "-" alone is no answer (its text is then ""). */
struct quiz_sheet {
    struct quiz quiz; /* The problem of its first line. */
    char name[256];   /* The "name:" line's text, or "" when it has none. */
    size_t nanswers;  /* Answer lines read (may differ from quiz.nq). */
    char **answers;   /* Their text (number prefix removed; "" for no answer), owned. */
    unsigned *lines;  /* The file line of each (0: skipped, "1: x" then "3: y"). */
};

/* Parses a sheet from len bytes at text. Returns 0 with *s filled
 * (quiz_sheet_free it; nanswers <= quiz.nq), or the 1-based number of the
 * first bad line with why in err (a missing or bad quiz line, an answer
 * number out of order, more answers than questions, a bad name line, a
 * line too long, a NUL byte) and *s zeroed. A malformed answer is not an
 * error here: grading says which. */
int quiz_sheet_parse(const char *text, size_t len, struct quiz_sheet *s, char *err, size_t errlen);
void quiz_sheet_free(struct quiz_sheet *s);

#endif
