/* test_opt.c: the option tables of common/opt.c: getopt_long's syntax
 * (--flag value, --flag=value, abbreviations, bundled letters, --), the
 * order of operands, each refusal's message, and the --help lines.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "opt.h"
#include "test.h"

/* What the handlers saw, in order: "name=value " or "name " per option,
 * "[operand] " per operand. */
static char seen[512];

static void note(void *user, const struct opt *o, const char *value)
{
    size_t used = strlen(seen);

    (void)user;
    snprintf(seen + used, sizeof seen - used, "%s%s%s ", o->name, value ? "=" : "",
             value ? value : "");
}

static void operand(void *user, const char *arg)
{
    size_t used = strlen(seen);

    (void)user;
    snprintf(seen + used, sizeof seen - used, "[%s] ", arg);
}

/* Columns: long name, short letter or 0, value's name or NULL, help, handler, key. */
static const struct opt table[] = {
    {"frames", 0, "N", "how many frames", note, 0},
    {"frame-policy", 0, "P", "first or random", note, 0},
    {"fit", 0, "F", "a fit policy,\nfirst or best", note, 0},
    {"quiet", 'q', NULL, "say less", note, 0},
    {"verbose", 'v', NULL, "say more", note, 0},
    {"a-name-far-too-long", 0, "VALUE", "its help goes below", note, 0},
    {NULL, 0, NULL, NULL, NULL, 0},
};

/* Runs opt_parse on the words of line (split at spaces; "_" stands for an
 * empty word) after a program name. Returns its result; seen and err hold
 * what it did and said. */
static int parse(const char *line, enum opt_operands operands, char *err, size_t errlen)
{
    static char words[512];
    char *argv[32] = {"prog"};
    int argc = 1;

    snprintf(words, sizeof words, "%s", line);
    for (char *w = strtok(words, " "); w && argc < 31; w = strtok(NULL, " "))
        argv[argc++] = strcmp(w, "_") == 0 ? w + 1 : w;
    argv[argc] = NULL;
    seen[0] = '\0';
    err[0] = '\0';
    return opt_parse(table, argc, argv, operands, operand, NULL, err, errlen);
}

static void test_syntax(void)
{
    static const struct {
        const char *line;
        enum opt_operands operands;
        int next;         /* What opt_parse returns. */
        const char *seen; /* What the handlers saw. */
    } cases[] = {
        {"--frames 4 --fit=best -q", OPT_STOP, 5, "frames=4 fit=best quiet "},
        {"--frames=4 --frame-p random --fi best", OPT_STOP, 6,
         "frames=4 frame-policy=random fit=best "},
        {"-qv -vq --frames=", OPT_STOP, 4, "quiet verbose verbose quiet frames= "},
        /* A value that starts with a dash is still the value. */
        {"--frames -3 --fit --quiet", OPT_STOP, 5, "frames=-3 fit=--quiet "},
        /* POSIX order: the first operand ends the options; so does --. */
        {"-q quiz --frames 4", OPT_STOP, 2, "quiet "},
        {"-q -- -v", OPT_STOP, 3, "quiet "},
        {"", OPT_STOP, 1, ""},
        /* Anywhere: each operand in the order given, - and after -- too. */
        {"a -q b --frames 4 - c -- -v --fit", OPT_ANYWHERE, 11,
         "[a] quiet [b] frames=4 [-] [c] [-v] [--fit] "},
    };
    char err[200];

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        TEST_MSG(parse(cases[i].line, cases[i].operands, err, sizeof err) == cases[i].next,
                 cases[i].line);
        TEST_MSG(strcmp(seen, cases[i].seen) == 0, seen);
    }
}

static void test_refusals(void)
{
    static const struct {
        const char *line, *err, *seen;
    } cases[] = {
        {"--bogus", "unknown option '--bogus'", ""},
        {"-q --bogus=1", "unknown option '--bogus'", "quiet "},
        {"-x", "unknown option '-x'", ""},
        {"-qx", "unknown option '-x'", "quiet "},
        {"--frames", "--frames needs a value", ""},
        {"--frame-p", "--frame-policy needs a value", ""},
        {"--quiet=1", "--quiet takes no value", ""},
        {"--fr 4", "option '--fr' is ambiguous (--frames, --frame-policy)", ""},
        {"--f=4", "option '--f' is ambiguous (--frames, --frame-policy, --fit)", ""},
        {"--frames 4 --x", "unknown option '--x'", "frames=4 "},
        {"--=4", "unknown option '--'", ""},
    };
    char err[200];

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        TEST_MSG(parse(cases[i].line, OPT_STOP, err, sizeof err) == -1, cases[i].line);
        TEST_MSG(strcmp(err, cases[i].err) == 0, err);
        TEST_MSG(strcmp(seen, cases[i].seen) == 0, seen);
        TEST_MSG(parse(cases[i].line, OPT_ANYWHERE, err, sizeof err) == -1, cases[i].line);
        TEST_MSG(strcmp(err, cases[i].err) == 0, err);
    }
    /* A short err buffer gets the start of the message. */
    TEST(parse("--f", OPT_STOP, err, 12) == -1 && strcmp(err, "option '--f") == 0);
}

/* A table with more rows than OPT_MAX is refused, not overrun. */
static void test_too_many(void)
{
    static struct opt big[OPT_MAX + 2];
    char *argv[] = {"prog", NULL}, err[100];

    for (int i = 0; i <= OPT_MAX; i++)
        big[i] = (struct opt){"x", 0, NULL, "x", note, 0};
    TEST(opt_parse(big, 1, argv, OPT_STOP, NULL, NULL, err, sizeof err) == -1);
    TEST(strstr(err, "more than") != NULL);
}

/* opt_set_flag sets the one int its row's key names, and only when the
 * option is given (-q and --loud bundled or apart). */
static void test_set_flag(void)
{
    struct flags {
        int quiet, loud, other;
    } f = {0, 0, 0};
    static const struct opt flags[] = {
        {"quiet", 'q', NULL, "q", opt_set_flag, offsetof(struct flags, quiet)},
        {"loud", 'l', NULL, "l", opt_set_flag, offsetof(struct flags, loud)},
        {NULL, 0, NULL, NULL, NULL, 0},
    };
    char *argv[] = {"prog", "-q", "--", "x", NULL}, *argv2[] = {"prog", "-lq", NULL}, err[100];

    TEST(opt_parse(flags, 4, argv, OPT_STOP, NULL, &f, err, sizeof err) == 3);
    TEST(f.quiet == 1 && f.loud == 0 && f.other == 0);
    TEST(opt_parse(flags, 2, argv2, OPT_STOP, NULL, &f, err, sizeof err) == 2);
    TEST(f.quiet == 1 && f.loud == 1 && f.other == 0);
}

static void test_help(void)
{
    static const char want[] = "  --frames N            how many frames\n"
                               "  --frame-policy P      first or random\n"
                               "  --fit F               a fit policy,\n"
                               "                        first or best\n"
                               "  -q, --quiet           say less\n"
                               "  -v, --verbose         say more\n"
                               "  --a-name-far-too-long VALUE\n"
                               "                        its help goes below\n";
    char got[1024] = "";
    FILE *fp = tmpfile();
    size_t n = 0;

    TEST(fp != NULL);
    if (!fp)
        return;
    TEST(opt_help(table, fp) == 0);
    rewind(fp);
    n = fread(got, 1, sizeof got - 1, fp);
    got[n] = '\0';
    TEST_MSG(strcmp(got, want) == 0, got);
    fclose(fp);
}

int main(void)
{
    test_syntax();
    test_refusals();
    test_too_many();
    test_set_flag();
    test_help();
    return TEST_DONE();
}
