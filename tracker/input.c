/* input.c: bounded line reading. See input.h. */
#include "input.h"

#include <string.h>

enum input_result input_line(FILE *fp, char *buf, size_t cap)
{
    size_t n = 0;
    int c, any = 0, bad = 0, long_ = 0;

    while ((c = getc(fp)) != EOF) {
        any = 1;
        if (c == '\n')
            break;
        if (c == '\t')
            c = ' ';
        if (c == '\0' || (c < 0x20 && c != '\r') || c == 0x7f)
            bad = 1;
        if (n + 1 < cap)
            buf[n++] = (char)c;
        else
            long_ = 1;
    }
    buf[n] = '\0';
    if (!any)
        return INPUT_EOF;
    if (long_)
        return INPUT_LONG;
    if (n > 0 && buf[n - 1] == '\r')
        buf[--n] = '\0';
    if (bad || strchr(buf, '\r'))
        return INPUT_CONTROL;
    return INPUT_OK;
}

int input_split(char *line, char **argv, int max)
{
    int n = 0;
    char *p = line;

    for (;;) {
        while (*p == ' ')
            p++;
        if (*p == '\0')
            return n;
        if (n == max)
            return -1;
        argv[n++] = p;
        while (*p && *p != ' ')
            p++;
        if (*p)
            *p++ = '\0';
    }
}

char *input_trim(char *line)
{
    while (*line == ' ' || *line == '\t')
        line++;
    return line;
}
