/* input.h: bounded line reading and splitting for the menu and scripts. */
#ifndef MT_INPUT_H
#define MT_INPUT_H

#include <stdio.h>

#define INPUT_MAX  512 /* Longest line the tracker accepts, without its newline. */
#define INPUT_ARGS 128 /* Most words on one line (a refs string of 126 pages). */

enum input_result {
    INPUT_OK,      /* A line is in buf. */
    INPUT_EOF,     /* End of input (Ctrl-D), nothing read. */
    INPUT_LONG,    /* Longer than the buffer; the whole line was read and dropped. */
    INPUT_CONTROL, /* Held a NUL or control byte; the whole line was read and dropped. */
};

/* Reads one line from fp into buf (capacity cap, at least 2) without its
 * newline; a trailing carriage return is dropped and tabs count as spaces.
 * Never reads past the line's end, whatever its length. */
enum input_result input_line(FILE *fp, char *buf, size_t cap);

/* Splits line in place at runs of spaces into at most max words. Returns the
 * number of words, or -1 when there are more than max. */
int input_split(char *line, char **argv, int max);

/* Returns line without its leading spaces. */
char *input_trim(char *line);

#endif
