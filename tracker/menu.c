/* menu.c: the numbered menu. Each entry is { number, label, handler }; the
 * handlers only prompt for values and call the same cmd_ actions the script
 * language calls, so the two ways in cannot drift apart. */
#include "menu.h"

#include <string.h>

#include "input.h"
#include "num.h"
#include "script.h"

#define ASK_EOF -1 /* What the ask_ functions return at end of input. */

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

/* Prompts for one whole number in [min, max]. Returns 0 with *out set, or
 * ASK_EOF. */
static int ask_num(const char *prompt, int flags, uint64_t min, uint64_t max, uint64_t *out)
{
    char buf[INPUT_MAX + 1], err[200], *text;

    for (;;) {
        if (ask_line(prompt, buf, sizeof buf, &text) == ASK_EOF)
            return ASK_EOF;
        if (*text == '\0') {
            printf("  Nothing typed: please type a number (Ctrl-D quits).\n");
            continue;
        }
        if (strchr(text, ' ')) {
            printf("  Please type just one number.\n");
            continue;
        }
        if (num_parse(text, flags, min, max, out, err, sizeof err) == 0)
            return 0;
        printf("  %s. Try again.\n", err);
    }
}

/* Prompts for one word accepted by ok(word) (a checker returning 0 or -1
 * with the reason in err). Returns 0 with the word in out, or ASK_EOF. */
static int ask_word(const char *prompt, int (*ok)(const char *w, char *err, size_t errlen),
                    char *out, size_t cap)
{
    char buf[INPUT_MAX + 1], err[200], *text;

    for (;;) {
        if (ask_line(prompt, buf, sizeof buf, &text) == ASK_EOF)
            return ASK_EOF;
        if (*text == '\0') {
            printf("  Nothing typed: please type a value (Ctrl-D quits).\n");
            continue;
        }
        if (strchr(text, ' ')) {
            printf("  Please type just one word.\n");
            continue;
        }
        if (ok(text, err, sizeof err) < 0) {
            printf("  %s. Try again.\n", err);
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
    return ask_num("Process id (1 or more): ", NUM_PLAIN, 1, PG_MAX_PID, pid);
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

static int m_alloc(struct session *s)
{
    uint64_t pid, bytes;

    if (ask_pid(&pid) == ASK_EOF || ask_num("Size in bytes (e.g. 10000 or 8K): ", NUM_SUFFIX, 1,
                                            PG_MAX_BYTES, &bytes) == ASK_EOF)
        return ASK_EOF;
    cmd_alloc(s, (int64_t)pid, bytes);
    return 0;
}

static int m_free(struct session *s)
{
    uint64_t pid;

    if (ask_pid(&pid) == ASK_EOF)
        return ASK_EOF;
    cmd_free(s, (int64_t)pid);
    return 0;
}

static int m_pagetable(struct session *s)
{
    uint64_t pid;

    if (ask_pid(&pid) == ASK_EOF)
        return ASK_EOF;
    cmd_pagetable(s, (int64_t)pid);
    return 0;
}

static int m_frames(struct session *s)
{
    cmd_frames(s);
    return 0;
}

static int m_translate(struct session *s)
{
    uint64_t pid, addr;

    if (ask_pid(&pid) == ASK_EOF || ask_num("Logical address (e.g. 5000 or 0x1388): ", NUM_HEX, 0,
                                            UINT64_MAX, &addr) == ASK_EOF)
        return ASK_EOF;
    cmd_translate(s, (int64_t)pid, addr);
    return 0;
}

static int m_reset(struct session *s)
{
    uint64_t frames, ps;
    char prompt[160], err[256];
    int yes;

    snprintf(prompt, sizeof prompt, "TOTAL_FRAMES (1-%u, now %u): ", PG_MAX_FRAMES,
             s->st.pg.nframes);
    if (ask_num(prompt, NUM_SUFFIX, PG_MIN_FRAMES, PG_MAX_FRAMES, &frames) == ASK_EOF)
        return ASK_EOF;
    snprintf(prompt, sizeof prompt, "PAGE_SIZE in bytes (a power of two, 16-1G, now %llu): ",
             (unsigned long long)s->st.pg.page_size);
    for (;;) {
        if (ask_num(prompt, NUM_SUFFIX, PG_MIN_PAGE_SIZE, PG_MAX_PAGE_SIZE, &ps) == ASK_EOF)
            return ASK_EOF;
        if (pg_check_settings(frames, ps, err, sizeof err) == 0)
            break;
        printf("  %s. Try again.\n", err);
    }
    if (s->st.pg.nprocs > 0) {
        snprintf(prompt, sizeof prompt,
                 "This frees all %zu process%s and empties every frame. Reset? [y/N]: ",
                 s->st.pg.nprocs, s->st.pg.nprocs == 1 ? "" : "es");
        if ((yes = ask_yes(prompt)) == ASK_EOF)
            return ASK_EOF;
        if (!yes) {
            printf("Nothing was changed.\n");
            return 0;
        }
    }
    cmd_reset(s, frames, ps);
    return 0;
}

static int m_frame_policy(struct session *s)
{
    char w[16];
    uint64_t seed = s->st.pg.seed;
    enum pg_policy p;

    if (ask_word("Frame policy (first or random): ", check_policy, w, sizeof w) == ASK_EOF)
        return ASK_EOF;
    pg_policy_parse(w, &p);
    if (p == PG_RANDOM && ask_num("Seed (a whole number; the same seed gives the same frames): ",
                                  NUM_PLAIN, 0, UINT64_MAX, &seed) == ASK_EOF)
        return ASK_EOF;
    cmd_frame_policy(s, p, seed);
    return 0;
}

static int m_seg_alloc(struct session *s)
{
    char name[SEG_NAME_MAX + 1];
    uint64_t bytes;

    if (ask_word("Segment name (e.g. code, heap, stack): ", seg_check_name, name, sizeof name) ==
            ASK_EOF ||
        ask_num("Size in bytes: ", NUM_SUFFIX, 1, SEG_MAX_MEMORY, &bytes) == ASK_EOF)
        return ASK_EOF;
    cmd_seg_alloc(s, name, bytes);
    return 0;
}

static int m_seg_free(struct session *s)
{
    char ref[SEG_NAME_MAX + 1];

    if (ask_word("Segment id or name: ", check_seg_ref, ref, sizeof ref) == ASK_EOF)
        return ASK_EOF;
    cmd_seg_free(s, ref);
    return 0;
}

static int m_seg_table(struct session *s)
{
    cmd_seg_table(s);
    return 0;
}

static int m_seg_translate(struct session *s)
{
    char ref[SEG_NAME_MAX + 1];
    uint64_t off;

    if (ask_word("Segment id or name: ", check_seg_ref, ref, sizeof ref) == ASK_EOF ||
        ask_num("Offset in the segment: ", NUM_HEX, 0, UINT64_MAX, &off) == ASK_EOF)
        return ASK_EOF;
    cmd_seg_translate(s, ref, off);
    return 0;
}

static int m_fit(struct session *s)
{
    char w[16];
    enum seg_fit f;

    if (ask_word("Fit policy (first, best, worst or next): ", check_fit, w, sizeof w) == ASK_EOF)
        return ASK_EOF;
    seg_fit_parse(w, &f);
    cmd_fit(s, f);
    return 0;
}

static int m_compact(struct session *s)
{
    cmd_compact(s);
    return 0;
}

static int m_seg_reset(struct session *s)
{
    char prompt[160];
    uint64_t bytes;
    int yes, live = 0;

    snprintf(prompt, sizeof prompt,
             "Segment memory in bytes (16-1T, now %llu): ", (unsigned long long)s->st.sm.size);
    if (ask_num(prompt, NUM_SUFFIX, SEG_MIN_MEMORY, SEG_MAX_MEMORY, &bytes) == ASK_EOF)
        return ASK_EOF;
    for (int id = 0; id < SEG_MAX; id++)
        live += s->st.sm.seg[id].used != 0;
    if (live) {
        snprintf(prompt, sizeof prompt, "This frees all %d segment%s. Reset? [y/N]: ", live,
                 live == 1 ? "" : "s");
        if ((yes = ask_yes(prompt)) == ASK_EOF)
            return ASK_EOF;
        if (!yes) {
            printf("Nothing was changed.\n");
            return 0;
        }
    }
    cmd_seg_reset(s, bytes);
    return 0;
}

static int m_stats(struct session *s)
{
    cmd_stats(s);
    return 0;
}

static int m_command(struct session *s)
{
    char buf[INPUT_MAX + 1], *text;

    if (ask_line("Command (type help for the list): ", buf, sizeof buf, &text) == ASK_EOF)
        return ASK_EOF;
    return script_line(s, text) == SCRIPT_QUIT ? ASK_EOF : 0;
}

struct item {
    const char *label;             /* What the entry does. */
    int (*run)(struct session *s); /* Returns 0, or ASK_EOF to quit. */
};

/* Entries 1-7 are paging (left column), 8-14 segmentation (right column),
 * then the rest. Index = the number the user types. */
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
};

#define NITEMS (sizeof items / sizeof items[0])

static void show_menu(const struct session *s)
{
    const struct paging *pg = &s->st.pg;
    struct seg_stats ss;

    seg_stats(&s->st.sm, &ss);
    printf("\n== memtrack == paging: %u frames x %llu B, %u free, %s policy | segments: %llu B, "
           "%u of %d used, %s fit\n",
           pg->nframes, (unsigned long long)pg->page_size, pg->nfree, pg_policy_name(pg->policy),
           (unsigned long long)s->st.sm.size, ss.nsegs, SEG_MAX, seg_fit_name(s->st.sm.fit));
    printf("  Paging                              Segmentation\n");
    for (int i = 1; i <= 7; i++)
        printf("  %2d) %-31s %2d) %s\n", i, items[i].label, i + 7, items[i + 7].label);
    printf("  %2d) %-31s %2d) %s\n", 15, items[15].label, 16, items[16].label);
    printf("   0) Quit\n");
}

int menu_run(struct session *s)
{
    uint64_t choice;
    char prompt[32];

    snprintf(prompt, sizeof prompt, "Choice (0-%zu): ", NITEMS - 1);
    for (;;) {
        show_menu(s);
        if (ask_num(prompt, NUM_PLAIN, 0, NITEMS - 1, &choice) == ASK_EOF || choice == 0)
            return 0;
        if (items[choice].run(s) == ASK_EOF)
            return 0;
    }
}
