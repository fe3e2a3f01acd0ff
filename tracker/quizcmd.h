/* quizcmd.h: `memtrack quiz`, the quiz subcommand (quizcmd.c, quizcheck.c;
 * docs/quiz.md).
 *
 * main.c hands the arguments from the operand `quiz` on to quizcmd_parse.
 * What writes no status file (--answers, --worksheet, --ostep, list, check,
 * --help) is quizcmd_print's; a quiz a student takes runs in a session of
 * its own, which main.c sets up (the lock, the status file) before calling
 * quizcmd_take.
 */
#ifndef MT_QUIZCMD_H
#define MT_QUIZCMD_H

#include <stdio.h>

#include "cmd.h"
#include "quiz.h"

enum quizcmd_mode {
    QUIZCMD_TAKE,      /* Ask the questions at a prompt (no switch). */
    QUIZCMD_ANSWERS,   /* -c, --answers, --solve, --compute: the problem and its key. */
    QUIZCMD_WORKSHEET, /* --worksheet: the problem and blank questions, for paper. */
    QUIZCMD_OSTEP,     /* --ostep [-c]: what the OSTEP script prints. */
    QUIZCMD_CHECK,     /* quiz check FILE...: grade answer sheets. */
    QUIZCMD_LIST,      /* quiz list: the kinds. */
    QUIZCMD_HELP       /* quiz --help, quiz KIND --help. */
};

/* A quiz command line, read. */
struct quizcmd {
    enum quizcmd_mode mode;
    int solve, worksheet, ostep, help; /* The switches given (-c and its aliases: solve). */
    int have_kind;                     /* A KIND was named (kind is valid). */
    enum quiz_kind kind;
    int nflags;                 /* The kind's flags given, as "--name=value" or "--name", */
    char *flags[QUIZ_MAX_ARGS]; /* in the order given; owned. */
    int overflow;               /* More than QUIZ_MAX_ARGS were given. */
    struct quiz quiz;           /* The problem (not for CHECK, LIST, HELP); owned. */
    int nfiles;                 /* CHECK: the sheets, */
    char **files;               /* argv's (borrowed: they outlive the command). */
};

/* Reads the quiz subcommand's arguments argv[0 .. argc-1] (argv[0] is
 * "quiz") into *qc and makes the problem. Returns 0, or -1 with why in err
 * (a bad flag or value, no kind, two modes at once: exit status 2); *qc then
 * owns nothing. */
int quizcmd_parse(int argc, char **argv, struct quizcmd *qc, char *err, size_t errlen);

/* Does what qc asks that writes no status file (every mode but TAKE) on
 * stdout. Returns the exit status: 0, or 1 when quiz check could not grade
 * a sheet (said on stderr). */
int quizcmd_print(struct quizcmd *qc);

/* Asks each question of s->st.quiz (qc's problem, moved there by the
 * caller), reading answers from in (echoed when echo is 1: in is no
 * terminal), grades them, rewrites the status file after each, and prints
 * the score. Returns 0, or -1 when in could not be read to its end (said on
 * stderr). */
int quizcmd_take(struct session *s, const struct quizcmd *qc, FILE *in, int echo);

/* The command that reprints qc's problem in mode what ("--answers"):
 * "memtrack quiz translate --seed=3 --answers", into buf. Returns buf. */
char *quizcmd_line(const struct quizcmd *qc, const char *what, char *buf, size_t len);

/* Prints text's lines (an explanation), each after indent. */
void quizcmd_indent(const char *text, const char *indent);

/* Releases what qc owns. */
void quizcmd_free(struct quizcmd *qc);

/* quizcheck.c: `quiz check FILE...`. Grades each sheet and prints its score
 * and the answers that were not right, with their explanations. Returns 0
 * when every file was graded, 1 when one could not be (said on stderr, with
 * FILE:LINE). */
int quizcheck_files(int nfiles, char **files);

#endif
