/* opt.h: a program's command-line options described once, in a table, from
 * which getopt_long's option array and its --help lines are both made.
 *
 * Each program (and, later, each subcommand: memtrack quiz ...) keeps one
 * static const table of struct opt. opt_parse reads a command line with
 * getopt_long by that table, calling each option's handler in the order the
 * options stand; opt_help writes the option lines of --help. Like the rest
 * of common/, this module never prints to the terminal on its own and never
 * exits: a bad command line comes back as -1 and a message, and what to say
 * around it (and the exit status) is the program's.
 */
#ifndef MT_OPT_H
#define MT_OPT_H

#include <stddef.h>
#include <stdio.h>

#define OPT_MAX 32 /* Most entries a table may have. */

/* One command-line option: a row of a program's table, which ends with a
 * row whose name is NULL. */
struct opt {
    const char *name; /* Long name without the dashes: "frames" for --frames. */
    int letter;       /* Short letter ('h' for -h), or 0 for none. */
    const char *arg;  /* Name of its value in the help ("N"), or NULL: it takes none. */
    const char *help; /* Help text; a '\n' continues it on the next line. */
    /* Called for the option, with value NULL when it takes none. */
    void (*set)(void *user, const struct opt *o, const char *value);
    int key; /* For set: which option (one handler serves several), or for
                opt_set_flag the byte offset of the flag. */
};

/* What opt_parse does with an operand (an argument that is not an option). */
enum opt_operands {
    OPT_STOP,    /* Stop at the first one (POSIX order): a subcommand's name, say. */
    OPT_ANYWHERE /* Take them anywhere, and hand each to operand() in order. */
};

/* Reads argv[1] .. argv[argc - 1] with getopt_long by table, calling each
 * option's set(user, row, value) as the option is met. "--flag value" and
 * "--flag=value" are the same; an unambiguous start of a long name stands for
 * it (--fr for --frames); short letters that take no value may be bundled
 * (-ab for -a -b); "--" ends the options. With OPT_ANYWHERE every operand, wherever it
 * stands and after "--" too, goes to operand(user, arg) in the order given.
 * Returns the index in argv of the first argument it did not read (argc when
 * it read them all; with OPT_STOP, the first operand). On a bad command line
 * returns -1 and writes why to err: "unknown option '--bogus'", "option
 * '--s' is ambiguous (--seed, --status)", "--frames needs a value", "--resume
 * takes no value"; the handlers of the options before it have been called.
 * Resets getopt's state (optind) first, so it may be called again, on the
 * arguments after a subcommand's name, say. */
int opt_parse(const struct opt *table, int argc, char **argv, enum opt_operands operands,
              void (*operand)(void *user, const char *arg), void *user, char *err, size_t errlen);

/* Writes the table's option lines for --help to fp: "  --frames N", or
 * "  -h, --help", padded to a column, then the help text, whose further
 * lines start at that column. Returns 0, or -1 on a write error. */
int opt_help(const struct opt *table, FILE *fp);

/* A handler for an option that takes no value and sets an int flag: the
 * int at byte offset o->key of *user (write the row's key as
 * offsetof(struct ..., field)) becomes 1. */
void opt_set_flag(void *user, const struct opt *o, const char *value);

#endif
