/* menu.c: the numbered menu. Each entry is { number, label, handler }; the
 * handlers only prompt for values (ask_*: a value, ASK_BACK or ASK_EOF) and
 * call the same cmd_ actions the script language calls, so the two ways in
 * cannot drift apart. What the actions print is wrapped to 80 columns (ACT). */
#include "menu.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input.h"
#include "num.h"
#include "script.h"

#define ASK_EOF  -1 /* What the ask_ functions return at end of input. */
#define ASK_BACK -2 /* ... and for an empty line or `b`: back to the menu, nothing done. */

#define MENU_WIDTH 80 /* Widest line the menu prints. */

/* Prints line (without its newline) with its words wrapped at MENU_WIDTH
 * columns; the spaces between words are kept (tables stay aligned) except
 * where the line breaks, and continuation lines are indented two more than
 * the line. A word too long for a line gets a line of its own. */
static void put_wrapped(const char *line)
{
    size_t indent = strspn(line, " "), col = indent;
    const char *p = line + indent;

    if (strlen(line) <= MENU_WIDTH) {
        printf("%s\n", line);
        return;
    }
    printf("%.*s", (int)indent, line);
    while (*p) {
        size_t gap = strspn(p, " "), len = strcspn(p + gap, " ");
        if (len == 0)
            break; /* Trailing spaces. */
        if (col > indent && col + gap + len > MENU_WIDTH) {
            printf("\n%*s", (int)(indent + 2), "");
            col = indent + 2;
        } else {
            printf("%.*s", (int)gap, p);
            col += gap;
        }
        printf("%.*s", (int)len, p + gap);
        col += len;
        p += gap + len;
    }
    putchar('\n');
}

/* Prints the formatted message after two spaces, wrapped by put_wrapped. */
static void tell(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

static void tell(const char *fmt, ...)
{
    char text[600] = "  ";
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(text + 2, sizeof text - 2, fmt, ap);
    va_end(ap);
    put_wrapped(text);
}

/* What an action prints is caught in a temporary file while it runs, then
 * printed wrapped (put_wrapped), so that results, explanations and tables
 * fit in MENU_WIDTH columns too. Without a temporary file they go straight
 * through. Errors on stderr are not caught. */
struct catch
{
    FILE *tmp; /* Holds the output, or NULL. */
    int saved; /* The real standard output, duplicated. */
};

static struct catch catch_begin(void)
{
    struct catch c = {NULL, -1};

    fflush(stdout);
    c.tmp = tmpfile();
    if (!c.tmp)
        return c;
    c.saved = dup(STDOUT_FILENO);
    if (c.saved < 0 || dup2(fileno(c.tmp), STDOUT_FILENO) < 0) {
        if (c.saved >= 0)
            close(c.saved);
        fclose(c.tmp);
        c.tmp = NULL;
    }
    return c;
}

static void catch_end(struct catch c)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;

    if (!c.tmp)
        return;
    fflush(stdout);
    dup2(c.saved, STDOUT_FILENO);
    close(c.saved);
    rewind(c.tmp);
    while ((n = getline(&line, &cap, c.tmp)) > 0) {
        if (line[n - 1] == '\n')
            line[n - 1] = '\0';
        put_wrapped(line);
    }
    free(line);
    fclose(c.tmp);
    fflush(stdout);
}

/* Runs call, an action, with its output wrapped to MENU_WIDTH. */
#define ACT(call)                                                                                  \
    do {                                                                                           \
        struct catch c_ = catch_begin();                                                           \
        call;                                                                                      \
        catch_end(c_);                                                                             \
    } while (0)

/* Prompts until a line of text arrives. Returns 0 with the trimmed line in
 * buf, or ASK_EOF. Empty lines are returned (the caller decides). */
static int ask_line(const char *prompt, char *buf, size_t cap, char **text)
{
    for (;;) {
        printf("%s", prompt);
        fflush(stdout);
        switch (input_line(stdin, buf, cap)) {
        case INPUT_EOF:
            printf("\n");
            return ASK_EOF;
        case INPUT_LONG:
            printf("  That line is too long (at most %zu characters). Try again.\n", cap - 1);
            continue;
        case INPUT_CONTROL:
            printf("  That line holds control characters; type plain text. Try again.\n");
            continue;
        case INPUT_OK:
            break;
        }
        *text = input_trim(buf);
        for (size_t n = strlen(*text); n > 0 && (*text)[n - 1] == ' '; n--)
            (*text)[n - 1] = '\0';
        return 0;
    }
}

/* Returns 1 when text asks to go back to the menu: `b` (or `back`). */
static int is_back(const char *text)
{
    return strcmp(text, "b") == 0 || strcmp(text, "B") == 0 || strcmp(text, "back") == 0;
}

/* Prompts for one whole number in [min, max]. An empty line takes *keep when
 * keep is not NULL (a setting keeps its value), else goes back; `b` goes
 * back. Returns 0 with *out set, ASK_BACK or ASK_EOF. */
static int ask_num(const char *prompt, int flags, uint64_t min, uint64_t max, const uint64_t *keep,
                   uint64_t *out)
{
    char buf[INPUT_MAX + 1], err[200], *text;

    for (;;) {
        if (ask_line(prompt, buf, sizeof buf, &text) == ASK_EOF)
            return ASK_EOF;
        if (*text == '\0' && keep) {
            *out = *keep;
            return 0;
        }
        if (*text == '\0' || is_back(text))
            return ASK_BACK;
        if (strchr(text, ' ')) {
            tell("Please type just one number (b goes back).");
            continue;
        }
        if (num_parse(text, flags, min, max, out, err, sizeof err) == 0)
            return 0;
        tell("%s. Try again (b goes back).", err);
    }
}

/* Prompts for one word accepted by ok(word) (a checker returning 0 or -1
 * with the reason in err). An empty line takes keep when it is not NULL,
 * else goes back; `b` goes back. Returns 0 with the word in out, ASK_BACK or
 * ASK_EOF. */
static int ask_word(const char *prompt, int (*ok)(const char *w, char *err, size_t errlen),
                    const char *keep, char *out, size_t cap)
{
    char buf[INPUT_MAX + 1], err[200], *text;

    for (;;) {
        if (ask_line(prompt, buf, sizeof buf, &text) == ASK_EOF)
            return ASK_EOF;
        if (*text == '\0' && keep) {
            snprintf(out, cap, "%s", keep);
            return 0;
        }
        if (*text == '\0' || is_back(text))
            return ASK_BACK;
        if (strchr(text, ' ')) {
            tell("Please type just one word (b goes back).");
            continue;
        }
        if (ok(text, err, sizeof err) < 0) {
            tell("%s. Try again (b goes back).", err);
            continue;
        }
        snprintf(out, cap, "%s", text);
        return 0;
    }
}

/* Asks a yes/no question; only y or yes is yes. Returns 1, 0, or ASK_EOF. */
static int ask_yes(const char *prompt)
{
    char buf[INPUT_MAX + 1], *text;

    if (ask_line(prompt, buf, sizeof buf, &text) == ASK_EOF)
        return ASK_EOF;
    return strcmp(text, "y") == 0 || strcmp(text, "Y") == 0 || strcmp(text, "yes") == 0;
}

static int ask_pid(uint64_t *pid)
{
    return ask_num("Process id (1 or more): ", NUM_PLAIN, 1, PG_MAX_PID, NULL, pid);
}

static int check_policy(const char *w, char *err, size_t errlen)
{
    enum pg_policy p;

    if (pg_policy_parse(w, &p) == 0)
        return 0;
    snprintf(err, errlen, "'%.40s' is not a frame policy: type first or random", w);
    return -1;
}

static int check_fit(const char *w, char *err, size_t errlen)
{
    enum seg_fit f;

    if (seg_fit_parse(w, &f) == 0)
        return 0;
    snprintf(err, errlen, "'%.40s' is not a fit policy: type first, best, worst or next", w);
    return -1;
}

/* Accepts a segment id (0-4) or any well-spelled name; seg_lookup says more. */
static int check_seg_ref(const char *w, char *err, size_t errlen)
{
    if (w[0] < '0' || w[0] > '9')
        return seg_check_name(w, err, errlen);
    if (w[1] == '\0' && w[0] - '0' < SEG_MAX)
        return 0;
    snprintf(err, errlen, "'%.20s' is not a segment id (0-%d)", w, SEG_MAX - 1);
    return -1;
}

/* Runs step, a call to an ask_ function, and returns from the handler
 * unless it gave a value (ASK_BACK or ASK_EOF go up to the menu loop). */
#define ASK(step)                                                                                  \
    do {                                                                                           \
        int ask_r_ = (step);                                                                       \
        if (ask_r_ < 0)                                                                            \
            return ask_r_;                                                                         \
    } while (0)

static int m_alloc(struct session *s)
{
    uint64_t pid, bytes;

    ASK(ask_pid(&pid));
    ASK(ask_num("Size in bytes (e.g. 10000 or 8K): ", NUM_SUFFIX, 1, PG_MAX_BYTES, NULL, &bytes));
    ACT(cmd_alloc(s, (int64_t)pid, bytes));
    return 0;
}

static int m_free(struct session *s)
{
    uint64_t pid;

    ASK(ask_pid(&pid));
    ACT(cmd_free(s, (int64_t)pid));
    return 0;
}

static int m_pagetable(struct session *s)
{
    uint64_t pid;

    ASK(ask_pid(&pid));
    ACT(cmd_pagetable(s, (int64_t)pid));
    return 0;
}

static int m_frames(struct session *s)
{
    ACT(cmd_frames(s));
    return 0;
}

/* Accepts an address or offset: decimal, or 0x and hex digits. */
static int check_addr(const char *w, char *err, size_t errlen)
{
    uint64_t v;

    return num_parse(w, NUM_HEX, 0, UINT64_MAX, &v, err, errlen);
}

/* Asks for an address as a word (check_addr), so that the answer can come in
 * the radix it was typed in. Returns 0 with *addr and *hex set, ASK_BACK for
 * an empty line or b, or ASK_EOF. */
static int ask_addr(const char *prompt, uint64_t *addr, int *hex)
{
    char w[INPUT_MAX + 1], err[200];
    int r = ask_word(prompt, check_addr, NULL, w, sizeof w);

    if (r < 0)
        return r; /* ASK_EOF or ASK_BACK. */
    *hex = num_is_hex(w);
    return num_parse(w, NUM_HEX, 0, UINT64_MAX, addr, err, sizeof err);
}

static int m_translate(struct session *s)
{
    uint64_t pid, addr;
    int hex;

    ASK(ask_pid(&pid));
    ASK(ask_addr("Logical address (e.g. 5000 or 0x1388): ", &addr, &hex));
    ACT(cmd_translate(s, (int64_t)pid, addr, hex));
    return 0;
}

/* Asks to confirm a reset that throws away what lives in memory. Returns 1 to
 * go on, 0 when declined (said so), or ASK_EOF. */
static int confirm(const char *prompt)
{
    int yes = ask_yes(prompt);

    if (yes == 0)
        printf("Nothing was changed.\n");
    return yes;
}

static int m_reset(struct session *s)
{
    uint64_t frames, ps, now_frames = s->st.pg.nframes, now_ps = s->st.pg.page_size;
    char prompt[160], err[256];
    int yes;

    snprintf(prompt, sizeof prompt, "TOTAL_FRAMES, 1-%u [%u]: ", PG_MAX_FRAMES, s->st.pg.nframes);
    ASK(ask_num(prompt, NUM_SUFFIX, PG_MIN_FRAMES, PG_MAX_FRAMES, &now_frames, &frames));
    snprintf(prompt, sizeof prompt,
             "PAGE_SIZE in bytes, a power of two 16-1G [%llu]: ", (unsigned long long)now_ps);
    for (;;) {
        ASK(ask_num(prompt, NUM_SUFFIX, PG_MIN_PAGE_SIZE, PG_MAX_PAGE_SIZE, &now_ps, &ps));
        if (pg_check_settings(frames, ps, err, sizeof err) == 0)
            break;
        tell("%s. Try again (b goes back).", err);
    }
    size_t live = s->st.vm_on ? s->st.vm.nprocs : s->st.pg.nprocs; /* Whichever is drawn. */
    if (live > 0) {
        snprintf(prompt, sizeof prompt,
                 "This frees all %zu process%s and empties every frame. Reset? [y/N]: ", live,
                 live == 1 ? "" : "es");
        if ((yes = confirm(prompt)) <= 0)
            return yes;
    }
    ACT(cmd_reset(s, frames, ps));
    return 0;
}

static int m_frame_policy(struct session *s)
{
    char w[16], prompt[160];
    uint64_t seed, now_seed = s->st.pg.seed;
    enum pg_policy p;

    snprintf(prompt, sizeof prompt,
             "Frame policy, first or random [%s]: ", pg_policy_name(s->st.pg.policy));
    ASK(ask_word(prompt, check_policy, pg_policy_name(s->st.pg.policy), w, sizeof w));
    pg_policy_parse(w, &p);
    seed = now_seed;
    if (p == PG_RANDOM) {
        snprintf(prompt, sizeof prompt, "Seed (the same seed gives the same frames) [%llu]: ",
                 (unsigned long long)now_seed);
        ASK(ask_num(prompt, NUM_PLAIN, 0, UINT64_MAX, &now_seed, &seed));
    }
    ACT(cmd_frame_policy(s, p, seed));
    return 0;
}

static int m_seg_alloc(struct session *s)
{
    char name[SEG_NAME_MAX + 1];
    uint64_t bytes;

    ASK(ask_word("Segment name (e.g. code, heap, stack): ", seg_check_name, NULL, name,
                 sizeof name));
    ASK(ask_num("Size in bytes: ", NUM_SUFFIX, 1, SEG_MAX_MEMORY, NULL, &bytes));
    ACT(cmd_seg_alloc(s, name, bytes));
    return 0;
}

static int m_seg_free(struct session *s)
{
    char ref[SEG_NAME_MAX + 1];

    ASK(ask_word("Segment id or name: ", check_seg_ref, NULL, ref, sizeof ref));
    ACT(cmd_seg_free(s, ref));
    return 0;
}

static int m_seg_table(struct session *s)
{
    ACT(cmd_seg_table(s));
    return 0;
}

static int m_seg_translate(struct session *s)
{
    char ref[SEG_NAME_MAX + 1];
    uint64_t off;
    int hex;

    ASK(ask_word("Segment id or name: ", check_seg_ref, NULL, ref, sizeof ref));
    ASK(ask_addr("Offset in the segment: ", &off, &hex));
    ACT(cmd_seg_translate(s, ref, off, hex));
    return 0;
}

static int m_fit(struct session *s)
{
    char w[16], prompt[160];
    enum seg_fit f;

    snprintf(prompt, sizeof prompt,
             "Fit policy, first, best, worst or next [%s]: ", seg_fit_name(s->st.sm.fit));
    ASK(ask_word(prompt, check_fit, seg_fit_name(s->st.sm.fit), w, sizeof w));
    seg_fit_parse(w, &f);
    ACT(cmd_fit(s, f));
    return 0;
}

static int m_compact(struct session *s)
{
    ACT(cmd_compact(s));
    return 0;
}

static int m_seg_reset(struct session *s)
{
    char prompt[160];
    uint64_t bytes, now = s->st.sm.size;
    int yes, live = 0;

    snprintf(prompt, sizeof prompt,
             "Segment memory in bytes, 16-1024G [%llu]: ", (unsigned long long)now);
    ASK(ask_num(prompt, NUM_SUFFIX, SEG_MIN_MEMORY, SEG_MAX_MEMORY, &now, &bytes));
    for (int id = 0; id < SEG_MAX; id++)
        live += s->st.sm.seg[id].used != 0;
    if (live) {
        snprintf(prompt, sizeof prompt, "This frees all %d segment%s. Reset? [y/N]: ", live,
                 live == 1 ? "" : "s");
        if ((yes = confirm(prompt)) <= 0)
            return yes;
    }
    ACT(cmd_seg_reset(s, bytes));
    return 0;
}

static int m_stats(struct session *s)
{
    ACT(cmd_stats(s));
    return 0;
}

/* Asks for a line of words (at least one); `b` or an empty line goes
 * back. Returns 0 with the trimmed text in buf, ASK_BACK or ASK_EOF. */
static int ask_words(const char *prompt, char *buf, size_t cap)
{
    char line[INPUT_MAX + 1], *text;

    ASK(ask_line(prompt, line, sizeof line, &text));
    if (*text == '\0' || is_back(text))
        return ASK_BACK;
    snprintf(buf, cap, "%s", text);
    return 0;
}

/* Runs a command line built from fmt through the script language (the
 * same parsing as typed commands), its output wrapped. */
static void run_line(struct session *s, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void run_line(struct session *s, const char *fmt, ...)
{
    char line[2 * INPUT_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (strlen(line) > INPUT_MAX) {
        tell("That is too long for one command (at most %d characters).", INPUT_MAX);
        return;
    }
    ACT(script_line(s, line));
}

static int m_vm(struct session *s)
{
    char prompt[160];
    uint64_t slots, keep = s->vmset.swap_set ? s->vmset.swap : VM_SWAP_DEFAULT(s->st.pg.nframes);
    size_t live = s->st.vm_on ? s->st.vm.nprocs : s->st.pg.nprocs;
    int yes;

    if (!s->st.vm_on) {
        snprintf(prompt, sizeof prompt, "Swap slots, 0-%u [%llu]: ", VM_MAX_SWAP,
                 (unsigned long long)keep);
        ASK(ask_num(prompt, NUM_SUFFIX, 0, VM_MAX_SWAP, &keep, &slots));
    }
    if (live > 0) {
        snprintf(prompt, sizeof prompt,
                 "Switching frees all %zu process%s and empties memory. Switch? [y/N]: ", live,
                 live == 1 ? "" : "es");
        if ((yes = confirm(prompt)) <= 0)
            return yes;
    }
    if (s->st.vm_on)
        ACT(cmd_vm_off(s));
    else
        ACT(cmd_vm_on(s, slots != keep || s->vmset.swap_set, slots));
    return 0;
}

static int check_rw(const char *w, char *err, size_t errlen)
{
    if (strcmp(w, "r") == 0 || strcmp(w, "w") == 0)
        return 0;
    snprintf(err, errlen, "'%.20s' is neither r nor w", w);
    return -1;
}

static int m_access(struct session *s)
{
    uint64_t pid, addr;
    int hex;
    char rw[4];

    ASK(ask_pid(&pid));
    ASK(ask_addr("Virtual address (e.g. 5000 or 0x1388): ", &addr, &hex));
    ASK(ask_word("Read or write, r or w [r]: ", check_rw, "r", rw, sizeof rw));
    ACT(cmd_access(s, (int64_t)pid, addr, rw[0] == 'w'));
    return 0;
}

static int m_refs(struct session *s)
{
    uint64_t pid;
    char pages[INPUT_MAX + 1];

    ASK(ask_pid(&pid));
    ASK(ask_words("Pages (e.g. 7 0 1 2 0 3, or 7,0,1; 3w is a write): ", pages, sizeof pages));
    run_line(s, "refs %llu %s", (unsigned long long)pid, pages);
    return 0;
}

static int check_vm_policy(const char *w, char *err, size_t errlen)
{
    enum vm_policy p;

    if (vm_policy_parse(w, &p) == 0)
        return 0;
    snprintf(err, errlen,
             "'%.40s' is not a replacement policy: fifo, lru, opt, mru, clock, random or "
             "ostep-clock",
             w);
    return -1;
}

static int m_replace(struct session *s)
{
    char w[16], prompt[160];
    uint64_t seed = s->vmset.seed, bits = s->vmset.bits, now_seed = seed, now_bits = bits;
    enum vm_policy p;

    snprintf(prompt, sizeof prompt,
             "Policy: fifo, lru, opt, mru, clock, random, ostep-clock [%s]: ",
             vm_policy_name(s->vmset.policy));
    ASK(ask_word(prompt, check_vm_policy, vm_policy_name(s->vmset.policy), w, sizeof w));
    vm_policy_parse(w, &p);
    if (p == VM_OSTEP_CLOCK) {
        snprintf(prompt, sizeof prompt, "Clock bits, 0-%u [%llu]: ", VM_MAX_BITS,
                 (unsigned long long)now_bits);
        ASK(ask_num(prompt, NUM_PLAIN, 0, VM_MAX_BITS, &now_bits, &bits));
    }
    if (p == VM_RANDOM || p == VM_OSTEP_CLOCK) {
        snprintf(prompt, sizeof prompt,
                 "Seed (as paging-policy.py -s) [%llu]: ", (unsigned long long)now_seed);
        ASK(ask_num(prompt, NUM_PLAIN, 0, UINT64_MAX, &now_seed, &seed));
    }
    ACT(cmd_replace(s, p, seed, (unsigned)bits));
    return 0;
}

static int m_compare(struct session *s)
{
    char pages[INPUT_MAX + 1], frames[INPUT_MAX + 1];

    ASK(ask_words("Pages of P1 (e.g. 1,2,3,4,1,2,5,1,2,3,4,5) or @FILE: ", pages, sizeof pages));
    ASK(ask_words("Frame counts (e.g. 1-5): ", frames, sizeof frames));
    run_line(s, "compare %s frames=%s", pages, frames);
    return 0;
}

/* Accepts a heap block name (heap_check_name). */
static int check_block(const char *w, char *err, size_t errlen)
{
    return heap_check_name(w, err, errlen);
}

static int m_malloc(struct session *s)
{
    char name[HEAP_NAME_MAX + 1];
    uint64_t bytes;

    ASK(ask_word("Block name (a letter, then letters, digits, _ or -): ", check_block, NULL, name,
                 sizeof name));
    ASK(ask_num("Size in bytes (e.g. 100 or 2K): ", NUM_SUFFIX, 1, HEAP_MAX_BYTES, NULL, &bytes));
    ACT(cmd_malloc(s, name, bytes, NULL));
    return 0;
}

static int m_heap_free(struct session *s)
{
    char name[HEAP_NAME_MAX + 1];

    ASK(ask_word("Block name: ", check_block, NULL, name, sizeof name));
    ACT(cmd_heap_free(s, name));
    return 0;
}

static int m_heap(struct session *s)
{
    ACT(cmd_heap_show(s));
    return 0;
}

static int m_allocator(struct session *s)
{
    char words[INPUT_MAX + 1];

    ASK(ask_words("Allocator and settings (e.g. buddy, or freelist fit=best header=4): ", words,
                  sizeof words));
    run_line(s, "allocator %s", words);
    return 0;
}

static int m_compare_heap(struct session *s)
{
    char file[INPUT_MAX + 1];

    ASK(ask_words("Workload file (malloc NAME BYTES, free NAME lines): ", file, sizeof file));
    run_line(s, "compare heap %s", file);
    return 0;
}

static int m_command(struct session *s)
{
    char buf[INPUT_MAX + 1], *text;
    enum script_result r;

    ASK(ask_line("Command (help lists them; b goes back): ", buf, sizeof buf, &text));
    if (*text == '\0' || is_back(text))
        return ASK_BACK;
    ACT(r = script_line(s, text));
    return r == SCRIPT_QUIT ? ASK_EOF : 0;
}

struct item {
    const char *label;             /* What the entry does. */
    int (*run)(struct session *s); /* Returns 0, ASK_BACK, or ASK_EOF to quit. */
};

/* Entries 1-7 are paging (left column), 8-14 segmentation (right column),
 * 15-16 the rest, 17-21 virtual memory, 22-26 the heap (shown and taken
 * only with the heap on). Index = the number the user types. */
static const struct item items[] = {
    {"Quit", NULL},
    {"Allocate memory for a process", m_alloc},
    {"Free a process", m_free},
    {"Page table of a process", m_pagetable},
    {"Frame table", m_frames},
    {"Translate a logical address", m_translate},
    {"Change frames / page size", m_reset},
    {"Set the frame policy", m_frame_policy},
    {"Allocate a segment", m_seg_alloc},
    {"Free a segment", m_seg_free},
    {"Segment table", m_seg_table},
    {"Translate segment + offset", m_seg_translate},
    {"Set the fit policy", m_fit},
    {"Compact segment memory", m_compact},
    {"Resize segment memory", m_seg_reset},
    {"Statistics", m_stats},
    {"Type a command", m_command},
    {"Virtual memory on / off", m_vm},
    {"Access a virtual address", m_access},
    {"Play a reference string", m_refs},
    {"Set the replacement policy", m_replace},
    {"Compare policies (Belady)", m_compare},
    {"Allocate a heap block", m_malloc},
    {"Free a heap block", m_heap_free},
    {"Heap blocks and free space", m_heap},
    {"Choose the allocator", m_allocator},
    {"Compare allocators", m_compare_heap},
};

#define NITEMS    (sizeof items / sizeof items[0])
#define VM_LAST   21 /* The last virtual-memory entry; the heap's follow. */
#define HEAP_LAST 26
_Static_assert(NITEMS == HEAP_LAST + 1, "the heap entries end the menu");

/* Returns the last entry the menu shows and takes. */
static int last_item(const struct session *s)
{
    return s->st.heap_on ? HEAP_LAST : VM_LAST;
}

/* Prints entries from .. to two a line. */
static void show_items(int from, int to)
{
    for (int i = from; i <= to; i += 2)
        if (i + 1 <= to)
            printf("  %2d) %-31s %2d) %s\n", i, items[i].label, i + 1, items[i + 1].label);
        else
            printf("  %2d) %s\n", i, items[i].label);
}

/* Prints the heap's line and entries (nothing with the heap off). */
static void show_heap(const struct session *s)
{
    const struct heap *h = &s->st.heap;

    if (!s->st.heap_on)
        return;
    printf("  Heap: %s, %llu B, %zu block%s (type realloc, cache, pool, heap)\n",
           heap_kind_name(h->cfg.kind), (unsigned long long)h->bytes, h->nblocks,
           h->nblocks == 1 ? "" : "s");
    show_items(VM_LAST + 1, HEAP_LAST);
}

/* Prints the whole menu: the settings, the entries and how prompts work. No
 * line is wider than MENU_WIDTH columns, whatever the settings. */
static void show_menu(const struct session *s)
{
    const struct paging *pg = &s->st.pg;
    struct seg_stats ss;

    seg_stats(&s->st.sm, &ss);
    if (s->st.vm_on) /* Virtual memory is the paging memory now. */
        printf("\n== memtrack: virtual memory %u frames x %llu B (%u free)\n", s->st.vm.nframes,
               (unsigned long long)s->st.vm.page_size, s->st.vm.nfree);
    else
        printf("\n== memtrack: paging %u frames x %llu B (%u free, %s policy)\n", pg->nframes,
               (unsigned long long)pg->page_size, pg->nfree, pg_policy_name(pg->policy));
    printf("             segments %llu B (%u of %d used, %s fit)\n",
           (unsigned long long)s->st.sm.size, ss.nsegs, SEG_MAX, seg_fit_name(s->st.sm.fit));
    printf("  Paging                              Segmentation\n");
    for (int i = 1; i <= 7; i++)
        printf("  %2d) %-31s %2d) %s\n", i, items[i].label, i + 7, items[i + 7].label);
    printf("  %2d) %-31s %2d) %s\n", 15, items[15].label, 16, items[16].label);
    if (s->st.vm_on)
        printf("  Virtual memory: on, %u frame%s, %u swap slot%s, %s replacement\n",
               s->st.vm.nframes, s->st.vm.nframes == 1 ? "" : "s", s->st.vm.nslots,
               s->st.vm.nslots == 1 ? "" : "s", vm_policy_name(s->st.vm.policy));
    else
        printf("  Virtual memory: off (%s replacement when on)\n", vm_policy_name(s->vmset.policy));
    if (s->st.vm_on && s->st.vm.tlb) /* Its commands are typed (16) Type a command). */
        printf("  TLB: %u entr%s, %u way%s (type tlb, tlb flush, tlb off, latency)\n",
               s->st.vm.tlb->entries, s->st.vm.tlb->entries == 1 ? "y" : "ies", s->st.vm.tlb->ways,
               s->st.vm.tlb->ways == 1 ? "" : "s");
    if (s->st.vm_on && s->st.vm.as_bytes) /* Typed too: alloc PID BYTES rwx, access ... x. */
        printf("  Address spaces: %llu B each, with protection (type alloc PID BYTES rwx)\n",
               (unsigned long long)s->st.vm.as_bytes);
    if (s->st.vm_on && s->st.vm.pt_levels) /* Typed too; pagetable and frames show them. */
        printf("  Page tables: %s, %u B entries (type vm page-table, compare tables)\n",
               vm_page_table_name(s->st.vm.pt_levels), s->st.vm.pts.entry_bytes);
    show_items(17, VM_LAST);
    show_heap(s);
    printf("   0) Quit\n");
    printf("At a prompt, Enter takes the [value] shown (if none, goes back); b goes back.\n");
}

/* The one line asked after each action (the whole menu comes on request). */
#define MENU_PROMPT "memtrack (m for the menu, 0 quits)> "

/* Reads a choice at MENU_PROMPT: a number, m (or ? or menu or help) for the
 * menu, q or quit to quit. Returns 0 with *choice set, or ASK_EOF. */
static int ask_choice(const struct session *s, uint64_t *choice)
{
    char buf[INPUT_MAX + 1], err[200], *text;

    for (;;) {
        if (ask_line(MENU_PROMPT, buf, sizeof buf, &text) == ASK_EOF)
            return ASK_EOF;
        if (*text == '\0')
            continue;
        if (strcmp(text, "m") == 0 || strcmp(text, "M") == 0 || strcmp(text, "?") == 0 ||
            strcmp(text, "menu") == 0 || strcmp(text, "help") == 0) {
            show_menu(s);
            continue;
        }
        if (strcmp(text, "q") == 0 || strcmp(text, "quit") == 0) {
            *choice = 0;
            return 0;
        }
        if (num_parse(text, NUM_PLAIN, 0, (uint64_t)last_item(s), choice, err, sizeof err) == 0)
            return 0;
        tell("%s. Type a number from the menu (m shows it).", err);
    }
}

int menu_run(struct session *s)
{
    uint64_t choice;

    show_menu(s);
    for (;;) {
        int r;
        if (ask_choice(s, &choice) == ASK_EOF || choice == 0)
            return 0;
        r = items[choice].run(s);
        if (r == ASK_EOF)
            return 0;
        if (r == ASK_BACK)
            printf("  Back at the menu; nothing was done.\n");
    }
}
