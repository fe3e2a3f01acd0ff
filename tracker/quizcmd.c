/* quizcmd.c: `memtrack quiz` (quizcmd.h; docs/quiz.md): the subcommand's
 * flags (memtrack's switches merged with the kind's OSTEP flags), the
 * answer key, the worksheet, OSTEP's text, the list of kinds, the help, and
 * a quiz taken at a prompt. quizcheck.c grades answer sheets. */
#include "quizcmd.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "input.h"
#include "note.h"
#include "opt.h"

#define VALUE_TEXT (QUIZ_MAX_VALUES * 24) /* Room for any answer as text. */
#define WRAP       80                     /* Columns an explanation's lines are wrapped to. */
#define ANSWER_MAX                                                                                 \
    (QUIZ_VALUE_TEXT - 1) /* Longest answer line: any answer's text fits                           \
                             (a long free list does not in INPUT_MAX). */

/* The switches of `memtrack quiz KIND` (the rows of struct quizcmd's ints). */
enum { SW_SOLVE, SW_WORKSHEET, SW_OSTEP, SW_HELP };

static void set_switch(void *user, const struct opt *o, const char *v)
{
    struct quizcmd *qc = user;
    int *field[] = {&qc->solve, &qc->worksheet, &qc->ostep, &qc->help};

    (void)v;
    *field[o->key] = 1;
}

/* memtrack's own switches after KIND, which merge() puts after the kind's
 * flags in one table. Columns as main.c's flags[]. The rows --solve and
 * --compute are -c's other spellings, left out of the help. */
static const struct opt switches[] = {
    {"answers", 'c', NULL,
     "print the problem with its answer key and explanations,\n"
     "asking nothing (OSTEP's -c; also --solve, --compute)",
     set_switch, SW_SOLVE},
    {"worksheet", 0, NULL, "print the problem and its numbered questions, for paper", set_switch,
     SW_WORKSHEET},
    {"ostep", 0, NULL, "print exactly what the OSTEP script prints (with -c: its\nanswers)",
     set_switch, SW_OSTEP},
    {"help", 'h', NULL, "print this help and exit", set_switch, SW_HELP},
    {"solve", 0, NULL, "", set_switch, SW_SOLVE},
    {"compute", 0, NULL, "", set_switch, SW_SOLVE},
    {NULL, 0, NULL, NULL, NULL, 0},
};
#define SWITCHES_SHOWN 4 /* The first rows of switches[] the help lists. */

/* A flag of the kind: kept as "--name=value" (or "--name") for quiz_make. */
static void set_kind_flag(void *user, const struct opt *o, const char *v)
{
    struct quizcmd *qc = user;
    size_t len = strlen(o->name) + (v ? strlen(v) : 0) + 4;
    char *s;

    if (qc->nflags == QUIZ_MAX_ARGS) {
        qc->overflow = 1;
        return;
    }
    s = malloc(len);
    if (!s) {
        qc->overflow = 1;
        return;
    }
    snprintf(s, len, v ? "--%s=%s" : "--%s", o->name, v ? v : "");
    qc->flags[qc->nflags++] = s;
}

/* Fills t (OPT_MAX + 1 rows) with kind's flags (handled by set_kind_flag)
 * and then switches[]. Returns 0, or -1 with why in err when a flag of the
 * kind has the name or letter of one of memtrack's switches, or the table
 * would be too long. */
static int merge(enum quiz_kind kind, struct opt *t, char *err, size_t errlen)
{
    const struct opt *f = quiz_kind_flags(kind);
    size_t n = 0;

    for (size_t k = 0; f && f[k].name; k++, n++) {
        for (const struct opt *w = switches; w->name; w++)
            if (strcmp(w->name, f[k].name) == 0 || (w->letter && w->letter == f[k].letter)) {
                snprintf(err, errlen, "quiz %s: its flag --%s clashes with memtrack's --%s",
                         quiz_kind_name(kind), f[k].name, w->name);
                return -1;
            }
        if (n == OPT_MAX)
            break;
        t[n] = f[k];
        t[n].set = set_kind_flag;
        t[n].key = (int)k;
    }
    for (const struct opt *w = switches; w->name && n < OPT_MAX; w++)
        t[n++] = *w;
    if (n == OPT_MAX) {
        snprintf(err, errlen, "quiz %s: too many flags for one table", quiz_kind_name(kind));
        return -1;
    }
    memset(&t[n], 0, sizeof t[n]);
    return 0;
}

/* The mode the switches ask for. Returns 0, or -1 with why in err when two
 * are given that do not go together. */
static int pick_mode(struct quizcmd *qc, char *err, size_t errlen)
{
    const char *name = quiz_kind_name(qc->kind);

    if (qc->worksheet && (qc->solve || qc->ostep)) {
        snprintf(err, errlen,
                 "quiz %s: --worksheet prints no answers: it goes with neither --answers (-c) "
                 "nor --ostep (see memtrack quiz %s --help)",
                 name, name);
        return -1;
    }
    if (qc->ostep && !quiz_kind_script(qc->kind)) {
        snprintf(err, errlen,
                 "quiz %s is memtrack's own: there is no OSTEP script to print (--ostep); "
                 "--worksheet and --answers print its problem",
                 name);
        return -1;
    }
    qc->mode = qc->ostep       ? QUIZCMD_OSTEP
               : qc->solve     ? QUIZCMD_ANSWERS
               : qc->worksheet ? QUIZCMD_WORKSHEET
                               : QUIZCMD_TAKE;
    return 0;
}

/* Reads `KIND FLAGS...` (argv[0] is the kind) into qc and makes the
 * problem. Returns 0, or -1 with why in err. */
static int parse_kind(int argc, char **argv, struct quizcmd *qc, char *err, size_t errlen)
{
    struct opt t[OPT_MAX + 1];
    const char *name = quiz_kind_name(qc->kind);
    char why[600];
    int first;

    if (merge(qc->kind, t, err, errlen) < 0)
        return -1;
    first = opt_parse(t, argc, argv, OPT_STOP, NULL, qc, why, sizeof why);
    if (first < 0 || first < argc || qc->overflow) {
        if (first >= 0 && first < argc)
            snprintf(why, sizeof why, "unexpected argument '%.40s'", argv[first]);
        else if (first >= 0)
            snprintf(why, sizeof why, "more than %d flags", QUIZ_MAX_ARGS);
        snprintf(err, errlen, "quiz %s: %s (see memtrack quiz %s --help)", name, why, name);
        return -1;
    }
    if (qc->help) {
        qc->mode = QUIZCMD_HELP;
        return 0;
    }
    if (pick_mode(qc, err, errlen) < 0)
        return -1;
    if (quiz_make(qc->kind, qc->nflags, qc->flags, &qc->quiz, why, sizeof why) < 0) {
        snprintf(err, errlen, "quiz %s: %s", name, why);
        return -1;
    }
    return 0;
}

int quizcmd_parse(int argc, char **argv, struct quizcmd *qc, char *err, size_t errlen)
{
    const char *w = argc > 1 ? argv[1] : "";

    memset(qc, 0, sizeof *qc);
    if (argc < 2) {
        snprintf(err, errlen,
                 "quiz needs a kind, list or check: memtrack quiz KIND [flags] "
                 "(see memtrack quiz --help)");
        return -1;
    }
    if (strcmp(w, "-h") == 0 || strcmp(w, "--help") == 0 || strcmp(w, "list") == 0) {
        qc->mode = w[0] == '-' ? QUIZCMD_HELP : QUIZCMD_LIST;
        if (argc == 2)
            return 0;
        snprintf(err, errlen, "quiz %s: unexpected argument '%.40s' (see memtrack quiz --help)", w,
                 argv[2]);
        return -1;
    }
    if (strcmp(w, "check") == 0) {
        qc->mode = QUIZCMD_CHECK;
        qc->nfiles = argc - 2;
        qc->files = argv + 2;
        if (argc > 2)
            return 0;
        snprintf(err, errlen, "quiz check needs answer sheets: memtrack quiz check FILE...");
        return -1;
    }
    if (quiz_kind_from_name(w, &qc->kind) < 0) {
        snprintf(err, errlen, "quiz: there is no kind '%.40s' (memtrack quiz list names them)", w);
        return -1;
    }
    qc->have_kind = 1;
    if (parse_kind(argc - 1, argv + 1, qc, err, errlen) < 0) {
        quizcmd_free(qc);
        return -1;
    }
    return 0;
}

void quizcmd_free(struct quizcmd *qc)
{
    for (int i = 0; i < qc->nflags; i++)
        free(qc->flags[i]);
    qc->nflags = 0;
    quiz_free(&qc->quiz);
}

char *quizcmd_line(const struct quizcmd *qc, const char *what, char *buf, size_t len)
{
    size_t used;

    snprintf(buf, len, "memtrack quiz %s", quiz_kind_name(qc->kind));
    for (int i = 0; i < qc->nflags; i++) {
        used = strlen(buf);
        snprintf(buf + used, len - used, " %s", qc->flags[i]);
    }
    used = strlen(buf);
    if (what && what[0])
        snprintf(buf + used, len - used, " %s", what);
    return buf;
}

/* Prints the len bytes of text (one line) after indent, cut at spaces into
 * lines of WRAP columns, those after the first 2 columns further in. */
static void wrap_line(const char *indent, const char *text, size_t len)
{
    size_t room = WRAP > strlen(indent) + 20 ? WRAP - strlen(indent) : 20;
    int more = 0;

    while (len > room - (more ? 2 : 0)) {
        size_t max = room - (more ? 2 : 0), cut = max, skip;

        while (cut > max / 2 && text[cut] != ' ')
            cut--;
        if (text[cut] != ' ')
            cut = max;
        printf("%s%s%.*s\n", indent, more ? "  " : "", (int)cut, text);
        skip = cut + (text[cut] == ' ');
        text += skip;
        len -= skip;
        more = 1;
    }
    printf("%s%s%.*s\n", indent, more ? "  " : "", (int)len, text);
}

void quizcmd_indent(const char *text, const char *indent)
{
    while (*text) {
        size_t len = strcspn(text, "\n");

        wrap_line(indent, text, len);
        text += len + (text[len] == '\n');
    }
}

/* Prints question i of q: "3. PROMPT", wrapped. */
static void print_prompt(const struct quiz *q, size_t i)
{
    char line[QUIZ_PROMPT + 32];

    snprintf(line, sizeof line, "%zu. %s", i + 1, q->q[i].prompt);
    wrap_line("", line, strlen(line));
}

/* Prints the title of q's problem, its flags and its state (the page
 * table, the registers, ...), then a blank line; prose is wrapped, the rows
 * of tables (lines that start with a space) are not. */
static void print_problem(const struct quiz *q)
{
    struct qbuf b = {0};
    char line[512];

    snprintf(line, sizeof line, "Quiz %s: %s, %zu question%s.", quiz_kind_name(q->kind),
             quiz_kind_summary(q->kind), q->nq, q->nq == 1 ? "" : "s");
    wrap_line("", line, strlen(line));
    qbuf_printf(&b, "Flags: ");
    quiz_args_text(q, &b);
    qbuf_printf(&b, "\n\n");
    quiz_state_text(q, &b);
    for (const char *t = b.s ? b.s : ""; *t;) {
        size_t len = strcspn(t, "\n");

        if (*t == ' ') /* A row of a table (a memory dump, a page table): as it is. */
            printf("%.*s\n", (int)len, t);
        else
            wrap_line("", t, len);
        t += len + (t[len] == '\n');
    }
    if (b.failed)
        printf("(out of memory: the problem is cut short)\n");
    qbuf_free(&b);
    printf("\n");
}

/* Prints question i of q's key, "the answer is KEY." after lead ("wrong:
 * "), and the explanation, each line after indent. */
static void print_key(const struct quiz *q, size_t i, const char *indent, const char *lead)
{
    static char key[VALUE_TEXT];

    quiz_value_text(q->q[i].type, &q->q[i].key, key, sizeof key);
    printf("%s%sthe answer is %s.\n", indent, lead, key);
    quizcmd_indent(q->q[i].explain, indent);
}

/* --answers and --worksheet (with an answer sheet to fill in for quiz
 * check after the questions). */
static void print_sheet(const struct quizcmd *qc, int answers)
{
    const struct quiz *q = &qc->quiz;
    struct qbuf b = {0};

    print_problem(q);
    for (size_t i = 0; i < q->nq; i++) {
        print_prompt(q, i);
        if (answers)
            print_key(q, i, "   ", "");
        else
            printf("   answer: ____________________\n");
    }
    if (answers)
        return;
    quiz_args_text(q, &b);
    printf("\nAn answer sheet for memtrack quiz check (docs/quiz.md): these lines, each\n"
           "answer after its number (? for none):\n\n"
           "quiz %s %s\n# name: YOUR NAME (remove the '#')\n",
           quiz_kind_name(q->kind), b.s ? b.s : "");
    qbuf_free(&b);
    for (size_t i = 0; i < q->nq; i++)
        printf("%zu:\n", i + 1);
}

/* --ostep [-c]. */
static void print_ostep(const struct quizcmd *qc)
{
    struct qbuf b = {0};

    quiz_ostep_text(&qc->quiz, qc->solve, &b);
    if (b.s)
        fputs(b.s, stdout);
    qbuf_free(&b);
}

/* `quiz list`: the kinds, one line each. */
static void print_list(void)
{
    for (int k = 0; k < QUIZ_NKINDS; k++) {
        const char *script = quiz_kind_script((enum quiz_kind)k);
        printf("%-11s %s%s%s%s\n", quiz_kind_name((enum quiz_kind)k),
               quiz_kind_summary((enum quiz_kind)k), script ? " [" : "", script ? script : "",
               script ? "]" : "");
    }
}

/* `quiz --help`. */
static void print_usage(void)
{
    struct opt shown[SWITCHES_SHOWN + 1];

    memcpy(shown, switches, sizeof shown[0] * SWITCHES_SHOWN);
    memset(&shown[SWITCHES_SHOWN], 0, sizeof shown[0]);
    printf("usage: memtrack [options] quiz KIND [flags] [-c | --worksheet | --ostep [-c]]\n"
           "       memtrack quiz check FILE...\n"
           "       memtrack quiz list\n"
           "Makes a problem of KIND from a seed and its flags (for OSTEP's kinds, the very\n"
           "problem its homework script makes), asks each question at a prompt, grades the\n"
           "answer with its explanation, and ends with the score. The status file holds\n"
           "the quiz while it runs, for memview to draw. quiz KIND --help lists KIND's\n"
           "flags (the OSTEP script's names and defaults).\n\nKinds:\n");
    print_list();
    printf("\nAfter KIND, besides its flags:\n");
    opt_help(shown, stdout);
    printf("\nAt the prompt: an answer, ? to see it (no point), q or Ctrl-D to stop.\n"
           "Numbers in decimal or hex (0x3a39, 3a39h); invalid or segfault for a fault;\n"
           "hit or miss; lists of numbers separated by spaces or commas.\n"
           "quiz check grades answer sheets: a line 'quiz KIND FLAGS...', then one answer\n"
           "a line in question order ('#' comments, '3:' prefixes and '?' allowed).\n\n"
           "Exit status: 0 done; 1 quiz check could not grade a sheet; 2 bad flags, or\n"
           "the status file could not be set up; 3 output was lost.\n");
}

/* Adds each value's default to the help of kind's rows t[0 .. n-1] that do
 * not tell it (into texts, n strings of 320 bytes): the values of the
 * problem made with no flag, as its canonical flags write them. */
static void add_defaults(enum quiz_kind kind, struct opt *t, size_t n, char (*texts)[320])
{
    struct quiz q;
    char err[300], *none[1] = {NULL};

    if (quiz_make(kind, 0, none, &q, err, sizeof err) < 0)
        return;
    for (size_t k = 0; k < n; k++) {
        size_t len = strlen(t[k].name);

        for (int i = 0; t[k].arg && !strstr(t[k].help, "default") && i < q.argc; i++) {
            const char *a = q.argv[i] + 2;
            if (strncmp(a, t[k].name, len) != 0 || a[len] != '=')
                continue;
            snprintf(texts[k], sizeof texts[k], "%s (default %s)", t[k].help,
                     a[len + 1] ? a + len + 1 : "none");
            t[k].help = texts[k];
        }
    }
    quiz_free(&q);
}

/* `quiz KIND --help`. */
static void print_kind_help(enum quiz_kind kind)
{
    static char texts[OPT_MAX][320];
    struct opt t[OPT_MAX + 1];
    const char *script = quiz_kind_script(kind);
    char err[200];
    size_t n = 0;

    printf("usage: memtrack [options] quiz %s [flags] [-c | --worksheet%s]\n", quiz_kind_name(kind),
           script ? " | --ostep [-c]" : "");
    printf("%s.\n", quiz_kind_summary(kind));
    if (script)
        printf("The flags are %s's, short and long, with its defaults.\n", script);
    printf("\nFlags of the problem:\n");
    if (merge(kind, t, err, sizeof err) == 0) {
        while (t[n].name && t[n].set == set_kind_flag)
            n++;
        memset(&t[n], 0, sizeof t[n]);
        add_defaults(kind, t, n, texts);
        opt_help(t, stdout);
    }
    printf("\nWhat to print instead of asking:\n");
    memcpy(t, switches, sizeof t[0] * SWITCHES_SHOWN);
    memset(&t[SWITCHES_SHOWN], 0, sizeof t[0]);
    opt_help(t, stdout);
}

int quizcmd_print(struct quizcmd *qc)
{
    switch (qc->mode) {
    case QUIZCMD_ANSWERS:
    case QUIZCMD_WORKSHEET:
        print_sheet(qc, qc->mode == QUIZCMD_ANSWERS);
        return 0;
    case QUIZCMD_OSTEP:
        print_ostep(qc);
        return 0;
    case QUIZCMD_CHECK:
        return quizcheck_files(qc->nfiles, qc->files);
    case QUIZCMD_LIST:
        print_list();
        return 0;
    case QUIZCMD_HELP:
        if (qc->have_kind)
            print_kind_help(qc->kind);
        else
            print_usage();
        return 0;
    case QUIZCMD_TAKE:
        break;
    }
    return 0;
}

/* What one question's prompt came to. */
enum asked { ASKED_NEXT, ASKED_STOP, ASKED_FAILED };

/* Records question i's answer as the last event and rewrites the status
 * file. */
static void record_answer(struct session *s, size_t i)
{
    static const char *const said[] = {"is open", "was answered right", "was answered wrong",
                                       "was shown"};
    const struct quiz_question *qq = &s->st.quiz.q[i];
    char key[200];
    struct note n;

    note_clear(&n);
    note_what(&n, "quiz %s: question %zu of %zu %s", quiz_kind_name(s->st.quiz.kind), i + 1,
              s->st.quiz.nq, said[qq->state]);
    if (qq->state == QUIZ_WRONG || qq->state == QUIZ_SHOWN)
        note_why(&n, "the answer is %s", quiz_value_text(qq->type, &qq->key, key, sizeof key));
    cmd_record(s, 0, &n);
}

/* Reads an answer line into line (ANSWER_MAX + 1 bytes) after the prompt,
 * echoing it when echo. Returns 1 with a line to read, 0 to ask again (said
 * why), -1 at the end of input (or -2 when it failed). */
static int read_answer(size_t i, FILE *in, int echo, char *line)
{
    enum input_result r;

    printf("answer %zu> ", i + 1);
    fflush(stdout);
    r = input_line(in, line, ANSWER_MAX + 1);
    if (r == INPUT_EOF) {
        printf("\n");
        return ferror(in) ? -2 : -1;
    }
    if (echo)
        printf("%s\n", r == INPUT_OK ? line : "(a line that cannot be read)");
    else if (feof(in)) /* Ctrl-D after some text: the cursor stands after it. */
        printf("\n");
    if (r == INPUT_LONG) {
        printf("That line is longer than %d characters; answer again.\n", ANSWER_MAX);
        return 0;
    }
    if (r == INPUT_CONTROL) {
        printf("That line holds control characters; answer again.\n");
        return 0;
    }
    return 1;
}

/* Asks question i of s->st.quiz until it is answered, shown or the student
 * stops. */
static enum asked ask(struct session *s, size_t i, FILE *in, int echo)
{
    struct quiz *q = &s->st.quiz;
    static char line[ANSWER_MAX + 1];
    char err[600];

    printf("\n");
    print_prompt(q, i);
    for (;;) {
        int r = read_answer(i, in, echo, line), g;
        char *text = input_trim(line);
        size_t len = strlen(text);

        if (r < 0)
            return r == -1 ? ASKED_STOP : ASKED_FAILED;
        if (r == 0)
            continue;
        while (len > 0 && text[len - 1] == ' ')
            text[--len] = '\0';
        if (strcasecmp(text, "q") == 0 || strcasecmp(text, "quit") == 0) /* Q, Quit too. */
            return ASKED_STOP;
        if (strcmp(text, "?") == 0) {
            q->q[i].state = QUIZ_SHOWN;
            print_key(q, i, "  ", "");
            record_answer(s, i);
            return ASKED_NEXT;
        }
        g = quiz_grade(q, i, text, err, sizeof err);
        if (g < 0) {
            quizcmd_indent(err, ""); /* Wrapped: it quotes the answer. */
            continue;
        }
        if (g == 1) {
            printf("  right.\n");
            quizcmd_indent(q->q[i].explain, "  ");
        } else {
            print_key(q, i, "  ", "wrong: ");
        }
        record_answer(s, i);
        return ASKED_NEXT;
    }
}

/* Prints the score of q: "Score: 7 of 10 right (2 wrong, 1 revealed)." */
static void print_score(const struct quiz *q)
{
    size_t count[4] = {0, 0, 0, 0};

    for (size_t i = 0; i < q->nq; i++)
        count[q->q[i].state]++;
    printf("\nScore: %zu of %zu right (%zu wrong, %zu revealed", count[QUIZ_RIGHT], q->nq,
           count[QUIZ_WRONG], count[QUIZ_SHOWN]);
    if (count[QUIZ_OPEN])
        printf(", %zu unanswered", count[QUIZ_OPEN]);
    printf(").\n");
}

int quizcmd_take(struct session *s, const struct quizcmd *qc, FILE *in, int echo)
{
    char line[1024];
    enum asked a = ASKED_NEXT;

    print_problem(&s->st.quiz);
    printf("Answer each question at its prompt: ? shows the answer (no point), q stops.\n");
    for (size_t i = 0; i < s->st.quiz.nq && a == ASKED_NEXT; i++)
        a = ask(s, i, in, echo);
    print_score(&s->st.quiz);
    printf("The answer key: %s\n", quizcmd_line(qc, "--answers", line, sizeof line));
    if (a != ASKED_FAILED)
        return 0;
    fflush(stdout);
    fprintf(stderr, "memtrack: cannot read the answers to their end\n");
    return -1;
}
