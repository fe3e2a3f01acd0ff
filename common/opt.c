/* opt.c: getopt_long and the --help lines, both made from one table (opt.h). */
#include "opt.h"

#include <ctype.h>
#include <getopt.h>
#include <string.h>

#define HELP_COLUMN 24  /* Where the help text of each option starts. */
#define LONG_VAL    256 /* getopt_long's val for row i without a letter: LONG_VAL + i. */

/* Returns getopt_long's val for row i of t: its letter, or LONG_VAL + i. */
static int val_of(const struct opt *t, int i)
{
    return t[i].letter ? t[i].letter : LONG_VAL + i;
}

/* Returns the row of t whose val is val, or NULL. */
static const struct opt *row_of(const struct opt *t, int val)
{
    for (int i = 0; t[i].name; i++)
        if (val_of(t, i) == val)
            return &t[i];
    return NULL;
}

/* Fills longs (OPT_MAX + 1 entries) and shorts (2 * OPT_MAX + 3 bytes) from
 * t for getopt_long: "+:" or "-:" (the order of operands, and ':' to tell a
 * missing value from an unknown option), then each letter, with ':' when it
 * takes a value. Returns 0, or -1 when t has more than OPT_MAX rows. */
static int build(const struct opt *t, enum opt_operands operands, struct option *longs,
                 char *shorts)
{
    size_t k = 0;
    int i;

    shorts[k++] = operands == OPT_STOP ? '+' : '-';
    shorts[k++] = ':';
    for (i = 0; t[i].name; i++) {
        if (i == OPT_MAX)
            return -1;
        longs[i].name = t[i].name;
        longs[i].has_arg = t[i].arg ? required_argument : no_argument;
        longs[i].flag = NULL;
        longs[i].val = val_of(t, i);
        if (t[i].letter) {
            shorts[k++] = (char)t[i].letter;
            if (t[i].arg)
                shorts[k++] = ':';
        }
    }
    memset(&longs[i], 0, sizeof longs[i]);
    shorts[k] = '\0';
    return 0;
}

/* Appends s to the string in buf (of size len), cut to fit. */
static void append(char *buf, size_t len, const char *s)
{
    size_t used = strlen(buf);

    if (used + 1 < len)
        snprintf(buf + used, len - used, "%s", s);
}

/* Writes to err why the long option in arg ("--name" or "--name=value") was
 * refused: no row's name starts with name (unknown), or several do
 * (ambiguous, and which). */
static void unknown_long(const struct opt *t, const char *arg, char *err, size_t errlen)
{
    const char *name = arg + 2;
    size_t len = strcspn(name, "=");
    int shown = len > 40 ? 40 : (int)len, matches = 0;

    for (int i = 0; t[i].name; i++)
        matches += strncmp(t[i].name, name, len) == 0;
    if (matches < 2 || len == 0) { /* "--=x" names none. */
        snprintf(err, errlen, "unknown option '--%.*s'", shown, name);
        return;
    }
    snprintf(err, errlen, "option '--%.*s' is ambiguous (", shown, name);
    matches = 0;
    for (int i = 0; t[i].name; i++) {
        if (strncmp(t[i].name, name, len) != 0)
            continue;
        append(err, errlen, matches++ ? ", --" : "--");
        append(err, errlen, t[i].name);
    }
    append(err, errlen, ")");
}

/* Writes to err why getopt_long refused an argument: it returned c (':' or
 * '?') with optopt set, after reading arg. */
static void refused(const struct opt *t, int c, const char *arg, char *err, size_t errlen)
{
    const struct opt *o = row_of(t, optopt);

    if (c == ':' && o)
        snprintf(err, errlen, "--%s needs a value", o->name);
    else if (o) /* "--flag=value" for a flag that takes none. */
        snprintf(err, errlen, "--%s takes no value", o->name);
    else if (optopt) /* A short one; optind may still be at its bundle. */
        snprintf(err, errlen, "unknown option '-%c'",
                 isprint((unsigned char)optopt) ? optopt : '?');
    else if (strncmp(arg, "--", 2) == 0)
        unknown_long(t, arg, err, errlen);
    else
        snprintf(err, errlen, "unknown option '%.40s'", arg);
}

int opt_parse(const struct opt *table, int argc, char **argv, enum opt_operands operands,
              void (*operand)(void *user, const char *arg), void *user, char *err, size_t errlen)
{
    struct option longs[OPT_MAX + 1];
    char shorts[2 * OPT_MAX + 3];
    int c;

    if (build(table, operands, longs, shorts) < 0) {
        snprintf(err, errlen, "more than %d options in one table", OPT_MAX);
        return -1;
    }
    optind = 0; /* 0, not 1: glibc then reads the optstring's '+' or '-' again. */
    opterr = 0; /* The program says what went wrong, in its own words. */
    while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
        const struct opt *o = row_of(table, c);

        if (c == 1) { /* An operand, with OPT_ANYWHERE. */
            operand(user, optarg);
        } else if (c == '?' || c == ':' || !o) {
            refused(table, c, argv[optind - 1], err, errlen);
            return -1;
        } else {
            o->set(user, o, o->arg ? optarg : NULL);
        }
    }
    if (operands == OPT_ANYWHERE) { /* The operands after "--". */
        for (; optind < argc; optind++)
            operand(user, argv[optind]);
    }
    return optind;
}

int opt_help(const struct opt *table, FILE *fp)
{
    int failed = 0;

    for (const struct opt *o = table; o->name; o++) {
        char left[80] = "";
        const char *h = o->help;
        size_t len;

        if (o->letter)
            snprintf(left, sizeof left, "-%c, ", o->letter);
        append(left, sizeof left, "--");
        append(left, sizeof left, o->name);
        if (o->arg) {
            append(left, sizeof left, " ");
            append(left, sizeof left, o->arg);
        }
        if (strlen(left) + 4 > HELP_COLUMN) /* Too long: the help starts below it. */
            failed |= fprintf(fp, "  %s\n%*s", left, HELP_COLUMN, "") < 0;
        else
            failed |= fprintf(fp, "  %-*s", HELP_COLUMN - 2, left) < 0;
        for (;;) {
            len = strcspn(h, "\n");
            failed |= fprintf(fp, "%.*s\n", (int)len, h) < 0;
            if (!h[len])
                break;
            h += len + 1;
            failed |= fprintf(fp, "%*s", HELP_COLUMN, "") < 0;
        }
    }
    return failed ? -1 : 0;
}

void opt_set_flag(void *user, const struct opt *o, const char *value)
{
    (void)value;
    *(int *)(void *)((char *)user + o->key) = 1;
}
