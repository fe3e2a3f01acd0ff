/* script.h: the command language, one command a line (docs/commands.md). */
#ifndef MT_SCRIPT_H
#define MT_SCRIPT_H

#include <stdio.h>

#include "cmd.h"

/* Runs one command line (without its newline; it may be modified). Blank
 * lines and # comments do nothing. Returns 0, -1 when the command was refused
 * or malformed (the reason is printed), or 1 for `quit`. */
int script_line(struct session *s, char *line);

/* Runs every line of fp; `name` names it in messages ("lab.mt:3: ...").
 * Each command is echoed as "> command" before its output. Under strict the
 * first failing line stops the run. A read error stops it too, without
 * running a line it cut short, and is reported on stderr; the caller tells
 * it from the end of the script with ferror(fp). Returns 0 when every line
 * succeeded, or the number of failing lines (under strict: 1). */
unsigned script_run(struct session *s, FILE *fp, const char *name, int strict);

/* Prints the list of commands with their usage. */
void script_help(FILE *fp);

#endif
