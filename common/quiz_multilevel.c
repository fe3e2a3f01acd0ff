/* quiz_multilevel.c: the "multilevel" quiz, OSTEP's
 * vm-smalltables/paging-multilevel-translate.py: a two-level page table
 * inside a dump of its 4 KiB physical memory (128 pages of 32 bytes), and
 * 15-bit virtual addresses to follow through it to a byte.
 *
 * The machine is the script's: a virtual address is PD index (5 bits) |
 * PT index (5 bits) | offset (5 bits); a PDE or PTE is one byte, the top
 * bit valid and the low 7 the page; 0x7f fills an unused directory or
 * table. make draws what the script's OS class draws, in its order, with
 * pyrand: the directory's page (findFree: int(random() * 128) again while
 * taken), then for each of -a pages a free virtual page (int(random() *
 * 1024) again while used), its physical page, the page-table page when its
 * PDE was not valid yet, and the 32 bytes int(random() * 31) that fill it;
 * then for each of -n addresses random() * 100 > 50 (or past the pages
 * allocated) picks int(random() * 1024 * 32), otherwise an allocated page
 * with the offset int(random() * 32). ostep writes the script's output
 * byte for byte, with and without -c.
 *
 * Where memtrack refuses what the script takes: -a larger than memory
 * holds (the script stops with an AssertionError in findFree once its 128
 * pages are used), more than QUIZ_MAX_QUESTIONS addresses.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quiz_impl.h"

#define ML_PAGE   32   /* Bytes a page. */
#define ML_PAGES  128  /* Physical pages. */
#define ML_VPAGES 1024 /* Virtual pages. */
#define ML_UNUSED 0x7f /* The byte of an unused PDE or PTE. */

enum { F_SEED, F_ALLOCATED, F_ADDRESSES };

static const struct opt flags[] = {
    {"seed", 's', "N", "the random seed", NULL, F_SEED},
    {"allocated", 'a', "N", "number of virtual pages allocated", NULL, F_ALLOCATED},
    {"addresses", 'n', "N", "number of virtual addresses to generate", NULL, F_ADDRESSES},
    {NULL, 0, NULL, NULL, NULL, 0}};

static const char *const defaults[] = {"0", "64", "10"};

/* The script's OS while it allocates: which physical pages are taken. */
struct os {
    struct quiz_multilevel *m;
    struct pyrand *r;
    unsigned char used[ML_PAGES];
    unsigned nused;
};

/* findFree: a free page drawn, or -1 when all are used (the script's
 * assertion). */
static int find_free(struct os *os)
{
    unsigned look;

    if (os->nused >= ML_PAGES)
        return -1;
    do
        look = (unsigned)pyrand_scaled(os->r, ML_PAGES);
    while (os->used[look]);
    os->used[look] = 1;
    os->nused++;
    return (int)look;
}

/* allocVirtualPage and fillPage of one virtual page vp on page pp.
 * Returns 0, or -1 when memory ran out. */
static int map_page(struct os *os, unsigned vp, unsigned pp)
{
    uint8_t *mem = os->m->memory;
    unsigned pde = os->m->pdbr * ML_PAGE + (vp >> 5), pt, j;
    int page;

    if (!(mem[pde] & 0x80)) {
        if ((page = find_free(os)) < 0)
            return -1;
        mem[pde] = (uint8_t)(0x80 | page);
        memset(mem + page * ML_PAGE, ML_UNUSED, ML_PAGE);
    }
    pt = (unsigned)(mem[pde] & 0x7f) * ML_PAGE + (vp & 31);
    mem[pt] = (uint8_t)(0x80 | pp);
    for (j = 0; j < ML_PAGE; j++)
        mem[pp * ML_PAGE + j] = (uint8_t)pyrand_scaled(os->r, 31);
    return 0;
}

/* procAlloc: the directory and n pages; vps gets the virtual pages in
 * order (room for ML_PAGES: more never fit). Returns how many, or -1 with
 * err when memory runs out first. */
static int64_t alloc_pages(struct os *os, int64_t n, unsigned *vps, char *err, size_t errlen)
{
    unsigned char vused[ML_VPAGES] = {0};
    int64_t i;
    int page;

    page = find_free(os);
    os->m->pdbr = (unsigned)page;
    memset(os->m->memory + page * ML_PAGE, ML_UNUSED, ML_PAGE);
    for (i = 0; i < n; i++) {
        unsigned vp;
        do
            vp = (unsigned)pyrand_scaled(os->r, ML_VPAGES);
        while (vused[vp]);
        vused[vp] = 1;
        page = find_free(os);
        if (page < 0 || map_page(os, vp, (unsigned)page) < 0) {
            snprintf(err, errlen,
                     "--allocated: memory is full after %" PRId64 " of %" PRId64
                     " pages (the script stops there with an AssertionError)",
                     i, n);
            return -1;
        }
        vps[i] = vp;
    }
    return n < 0 ? 0 : n;
}

/* The walk of va: what the script's translate finds. */
struct walk {
    unsigned pdi, pti, off; /* The three fields of va. */
    unsigned pde_addr, pde; /* Where the PDE is and its byte. */
    unsigned pte_addr, pte; /* The same for the PTE (when the PDE is valid). */
    int fault;              /* 0, 1: the PDE is not valid, 2: the PTE. */
    unsigned pa;            /* The physical address when no fault. */
};

static void walk(const struct quiz_multilevel *m, unsigned va, struct walk *w)
{
    memset(w, 0, sizeof *w);
    w->pdi = (va & 0x7c00) >> 10;
    w->pti = (va & 0x03e0) >> 5;
    w->off = va & 0x1f;
    w->pde_addr = m->pdbr * ML_PAGE + w->pdi;
    w->pde = m->memory[w->pde_addr];
    if (!(w->pde & 0x80)) {
        w->fault = 1;
        return;
    }
    w->pte_addr = (w->pde & 0x7f) * ML_PAGE + w->pti;
    w->pte = m->memory[w->pte_addr];
    if (!(w->pte & 0x80)) {
        w->fault = 2;
        return;
    }
    w->pa = (w->pte & 0x7f) * ML_PAGE + w->off;
}

/* Adds the question of address i with its key and explanation. Returns 0,
 * or -1 with err. */
static int add_question(struct quiz *q, size_t i, char *err, size_t errlen)
{
    const struct quiz_multilevel *m = &q->u.ml;
    unsigned va = (unsigned)m->addrs[i];
    struct quiz_question *qq;
    struct walk w;

    walk(m, va, &w);
    qq = quiz_add(q, (int)i, QUIZ_A_PAIR, err, errlen,
                  "VA 0x%04x: physical address and the value there, or fault?", va);
    if (!qq)
        return -1;
    quiz_explain(qq,
                 "split: VA 0x%04x = PD index 0x%x (%u) | PT index 0x%x (%u) | offset 0x%x (%u), "
                 "5 bits each",
                 va, w.pdi, w.pdi, w.pti, w.pti, w.off, w.off);
    quiz_explain(qq, "PDE: page %u (the PDBR), byte %u (address 0x%03x) = 0x%02x: %s", m->pdbr,
                 w.pdi, w.pde_addr, w.pde, w.fault == 1 ? "not valid" : "valid");
    if (w.fault != 1)
        quiz_explain(qq,
                     "the page table is in page 0x%02x (%u); PTE: its byte %u (address 0x%03x) "
                     "= 0x%02x: %s",
                     w.pde & 0x7f, w.pde & 0x7f, w.pti, w.pte_addr, w.pte,
                     w.fault ? "not valid" : "valid");
    if (!w.fault)
        quiz_explain(qq, "the page is PFN 0x%02x (%u)", w.pte & 0x7f, w.pte & 0x7f);
    if (w.fault) {
        qq->key.word = QUIZ_W_FAULT;
        quiz_explain(qq, "the %s is not valid (top bit 0): a fault",
                     w.fault == 1 ? "page directory entry" : "page table entry");
        return 0;
    }
    qq->key.n = 2;
    qq->key.v[0] = w.pa;
    qq->key.v[1] = m->memory[w.pa];
    quiz_explain(qq, "PA = PFN 0x%02x << 5 | offset 0x%02x = 0x%03x; the byte there is 0x%02x",
                 w.pte & 0x7f, w.off, w.pa, m->memory[w.pa]);
    return 0;
}

/* Draws the -n addresses as the script does, into m->addrs. Returns 0, or
 * -1 with err. */
static int draw_addrs(struct quiz_multilevel *m, struct pyrand *r, int64_t num, const unsigned *vps,
                      int64_t nvps, char *err, size_t errlen)
{
    int64_t i;

    if (num > QUIZ_MAX_QUESTIONS) {
        snprintf(err, errlen, "--addresses: %" PRId64 " addresses, more than memtrack asks (%d)",
                 num, QUIZ_MAX_QUESTIONS);
        return -1;
    }
    m->naddrs = num < 0 ? 0 : (size_t)num;
    m->addrs = malloc((m->naddrs ? m->naddrs : 1) * sizeof *m->addrs);
    if (!m->addrs) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (i = 0; i < num; i++) {
        if (pyrand_random(r) * 100 > 50.0 || i >= nvps)
            m->addrs[i] = pyrand_scaled(r, ML_VPAGES * ML_PAGE);
        else
            m->addrs[i] = (uint64_t)vps[i] << 5 | pyrand_scaled(r, ML_PAGE);
    }
    return 0;
}

static int make(struct quiz *q, const char *const *val, char *err, size_t errlen)
{
    struct quiz_multilevel *m = &q->u.ml;
    unsigned vps[ML_PAGES];
    int64_t nalloc, num, nvps;
    struct pyrand r;
    struct os os;

    if (quiz_int("--seed", val[F_SEED], &q->seed, err, errlen) < 0 ||
        quiz_int("--allocated", val[F_ALLOCATED], &nalloc, err, errlen) < 0 ||
        quiz_int("--addresses", val[F_ADDRESSES], &num, err, errlen) < 0)
        return -1;
    pyrand_seed_signed(&r, q->seed);
    memset(&os, 0, sizeof os);
    memset(m->memory, 0, sizeof m->memory);
    os.m = m;
    os.r = &r;
    nvps = alloc_pages(&os, nalloc, vps, err, errlen);
    if (nvps < 0 || draw_addrs(m, &r, num, vps, nvps, err, errlen) < 0)
        return -1;
    return quiz_add_each(q, m->naddrs, add_question, err, errlen);
}

/* The script's text (solve: with -c). */
static void ostep(const struct quiz *q, int solve, struct qbuf *b)
{
    const struct quiz_multilevel *m = &q->u.ml;
    int64_t nalloc = 0, num = 0;
    unsigned p, j;
    size_t i;
    char err[8];

    /* make read them already: they parse. */
    quiz_int("--allocated", quiz_arg(q, "allocated"), &nalloc, err, sizeof err);
    quiz_int("--addresses", quiz_arg(q, "addresses"), &num, err, sizeof err);
    qbuf_printf(b, "ARG seed %" PRId64 "\nARG allocated %" PRId64 "\nARG num %" PRId64 "\n\n",
                q->seed, nalloc, num);
    for (p = 0; p < ML_PAGES; p++) {
        qbuf_printf(b, "page %3u:", p);
        for (j = 0; j < ML_PAGE; j++)
            qbuf_printf(b, "%02x", m->memory[p * ML_PAGE + j]);
        qbuf_printf(b, "\n");
    }
    qbuf_printf(b, "\nPDBR: %u  (decimal) [This means the page directory is held in this page]\n\n",
                m->pdbr);
    for (i = 0; i < m->naddrs; i++) {
        unsigned va = (unsigned)m->addrs[i];
        struct walk w;
        if (!solve) {
            qbuf_printf(b,
                        "Virtual Address %04x: Translates To What Physical Address (And Fetches "
                        "what Value)? Or Fault?\n",
                        va);
            continue;
        }
        walk(m, va, &w);
        qbuf_printf(b,
                    "Virtual Address 0x%04x:\n  --> pde index:0x%x [decimal %u] pde "
                    "contents:0x%x (valid %u, pfn 0x%02x [decimal %u])\n",
                    va, w.pdi, w.pdi, w.pde, w.pde >> 7, w.pde & 0x7f, w.pde & 0x7f);
        if (w.fault != 1)
            qbuf_printf(b,
                        "    --> pte index:0x%x [decimal %u] pte contents:0x%x (valid %u, pfn "
                        "0x%02x [decimal %u])\n",
                        w.pti, w.pti, w.pte, w.pte >> 7, w.pte & 0x7f, w.pte & 0x7f);
        if (!w.fault)
            qbuf_printf(b, "      --> Translates to Physical Address 0x%03x --> Value: 0x%02x\n",
                        w.pa, m->memory[w.pa]);
        else
            qbuf_printf(b, "      --> Fault (page %s entry not valid)\n",
                        w.fault == 1 ? "directory" : "table");
    }
    qbuf_printf(b, "\n");
}

/* memtrack's own picture: the machine, the PDBR and the memory. */
static void state(const struct quiz *q, struct qbuf *b)
{
    const struct quiz_multilevel *m = &q->u.ml;
    unsigned p, j;

    qbuf_printf(b, "A 15-bit virtual address is PD index (5 bits) | PT index (5 bits) | offset "
                   "(5 bits).\nA PDE or PTE is one byte: the top bit valid, the low 7 bits the "
                   "PFN (0x7f: unused).\n");
    qbuf_printf(b, "PDBR: page %u holds the page directory.\n", m->pdbr);
    qbuf_printf(b, "Physical memory: 128 pages of 32 bytes, in hex (byte 0 first):\n");
    for (p = 0; p < ML_PAGES; p++) {
        qbuf_printf(b, "  page %3u:", p);
        for (j = 0; j < ML_PAGE; j++)
            qbuf_printf(b, "%s%02x", j % 8 ? "" : " ", m->memory[p * ML_PAGE + j]);
        qbuf_printf(b, "%s\n", p == m->pdbr ? "  <- PDBR" : "");
    }
}

static void release(struct quiz *q)
{
    free(q->u.ml.addrs);
    q->u.ml.addrs = NULL;
}

const struct quiz_kind_def quiz_def_multilevel = {
    "multilevel",
    {"multi", NULL},
    "paging-multilevel-translate.py",
    "translation through a two-level page table in a memory dump (OSTEP)",
    flags,
    defaults,
    make,
    ostep,
    state,
    release};
