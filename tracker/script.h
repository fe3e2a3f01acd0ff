/* script.h: the command language, one command a line (docs/commands.md). */
#ifndef MT_SCRIPT_H
#define MT_SCRIPT_H

#include <stdio.h>

#include "cmd.h"

/* How one script line ended. */
enum script_result {
    SCRIPT_DONE,    /* Ran (or was blank, a comment or echo). */
    SCRIPT_REFUSED, /* A well-formed request the memory refused: an answer, on stdout. */
    SCRIPT_ERROR,   /* Could not run as written (syntax, a bad value): on stderr. */
    SCRIPT_QUIT,    /* `quit`. */
};

/* What script_run counted: every line that is not blank or a comment. */
struct script_tally {
    unsigned done, refused, errors;
};

/* Runs one command line (without its newline; it may be modified). Blank
 * lines and # comments do nothing. Returns how the line ended; a refusal or
 * an error has been printed. */
enum script_result script_line(struct session *s, char *line);

/* Runs every line of fp; `name` names it in messages ("lab.mt:3: ...").
 * Each command is echoed as "> command" before its answer. Errors are
 * printed on stderr and, under strict, stop the run at the first one;
 * refusals are answers and never stop it. Fills *t (zeroed first). Returns
 * 0, or -1 when fp could not be read to its end (errno says why). */
int script_run(struct session *s, FILE *fp, const char *name, int strict, struct script_tally *t);

/* Prints the one-line summary of a run on fp, for example
 * "lab.mt: 12 commands: 10 done, 2 refused, 0 errors". */
void script_summary(FILE *fp, const char *name, const struct script_tally *t);

/* Prints the list of commands with their usage. */
void script_help(FILE *fp);

#endif
