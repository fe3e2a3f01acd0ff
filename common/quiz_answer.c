/* quiz_answer.c: a student's answer read by its question's type
 * (quiz_answer_parse), compared with the key (quiz_value_equal) and written
 * in the canonical form that reads back the same (quiz_value_text). The
 * accepted forms are quiz.h's head comment; this file is their one reader.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "quiz.h"

#define SHORT_MAX 256 /* Longest one-number answer, spaces removed. */
#define TOKEN_MAX 128 /* Longest number of a list, with its "(decimal)". */
#define BIT(t)    (1u << (t))

/* What a right answer of each type looks like, for the messages. */
static const char *const forms[] = {
    [QUIZ_A_ADDR] = "an address (14905, 0x3a39 or 3a39h), or fault",
    [QUIZ_A_PAIR] = "two numbers, the address and the value (0x3a1 0x1b), or fault",
    [QUIZ_A_NUMBER] = "a number (12, 0xc or ch)",
    [QUIZ_A_PTR] = "an address (1000), or null for a failed malloc",
    [QUIZ_A_HITMISS] = "hit or miss (h or m)",
    [QUIZ_A_LIST] = ("numbers in order, separated by spaces or commas (- for an empty slot, "
                     "none for no numbers)"),
    [QUIZ_A_SET] = "numbers in any order, separated by spaces or commas (none for no numbers)",
};

/* The words an answer may be, compared with spaces, '-', '_' and '.' removed and
 * in lower case. Columns: word, the types taking it, what it means (a word,
 * or n numbers: -1 for PTR's failure, none for the empty list). */
static const struct {
    const char *text;
    unsigned types;
    enum quiz_word word;
    size_t n;
} words[] = {
    {"invalid", BIT(QUIZ_A_ADDR) | BIT(QUIZ_A_PAIR), QUIZ_W_FAULT, 0},
    {"invalidaddress", BIT(QUIZ_A_ADDR) | BIT(QUIZ_A_PAIR), QUIZ_W_FAULT, 0},
    {"segfault", BIT(QUIZ_A_ADDR) | BIT(QUIZ_A_PAIR), QUIZ_W_FAULT, 0},
    {"segmentationfault", BIT(QUIZ_A_ADDR) | BIT(QUIZ_A_PAIR), QUIZ_W_FAULT, 0},
    {"segmentationviolation", BIT(QUIZ_A_ADDR) | BIT(QUIZ_A_PAIR), QUIZ_W_FAULT, 0},
    {"violation", BIT(QUIZ_A_ADDR) | BIT(QUIZ_A_PAIR), QUIZ_W_FAULT, 0},
    {"fault", BIT(QUIZ_A_ADDR) | BIT(QUIZ_A_PAIR), QUIZ_W_FAULT, 0},
    {"pagefault", BIT(QUIZ_A_ADDR) | BIT(QUIZ_A_PAIR), QUIZ_W_FAULT, 0},
    {"outofbounds", BIT(QUIZ_A_ADDR) | BIT(QUIZ_A_PAIR), QUIZ_W_FAULT, 0},
    {"hit", BIT(QUIZ_A_HITMISS), QUIZ_W_HIT, 0},
    {"h", BIT(QUIZ_A_HITMISS), QUIZ_W_HIT, 0},
    {"miss", BIT(QUIZ_A_HITMISS), QUIZ_W_MISS, 0},
    {"m", BIT(QUIZ_A_HITMISS), QUIZ_W_MISS, 0},
    {"null", BIT(QUIZ_A_PTR), QUIZ_W_NONE, 1},
    {"fail", BIT(QUIZ_A_PTR), QUIZ_W_NONE, 1},
    {"failed", BIT(QUIZ_A_PTR), QUIZ_W_NONE, 1},
    {"none", BIT(QUIZ_A_PTR), QUIZ_W_NONE, 1},
    {"none", BIT(QUIZ_A_LIST) | BIT(QUIZ_A_SET), QUIZ_W_NONE, 0},
    {"empty", BIT(QUIZ_A_LIST) | BIT(QUIZ_A_SET), QUIZ_W_NONE, 0},
};

/* The words a list skips (a copy of malloc.py's "[ addr:0 sz:12 ]" reads as
 * its numbers), compared in lower case. */
static const char *const skipped[] = {"addr", "sz", "size", "ptr", "page", "pages"};

/* Reads s[0..len) as a number without spaces: an optional sign, then
 * decimal digits, hex digits after 0x, or hex digits and a final h. Returns
 * 0 with *out; 1 when it is beyond int64 (INT64_MIN too: it is QUIZ_EMPTY);
 * 2 when decimal digits are mixed with hex ones (3a39: write 0x3a39);
 * -1 when it is no number. */
static int read_plain(const char *s, size_t len, int64_t *out)
{
    uint64_t v = 0;
    size_t i = 0;
    int neg = 0, base = 10, hexdigit = 0, over = 0;

    if (len && (s[0] == '-' || s[0] == '+'))
        neg = s[0] == '-', i = 1;
    if (len - i > 2 && s[i] == '0' && tolower((unsigned char)s[i + 1]) == 'x')
        base = 16, i += 2;
    else if (len - i > 1 && tolower((unsigned char)s[len - 1]) == 'h')
        base = 16, len--;
    if (i >= len)
        return -1;
    for (; i < len; i++) {
        int c = tolower((unsigned char)s[i]);
        int d = isdigit(c) ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;

        if (d < 0)
            return -1;
        hexdigit |= d >= base;
        over |= v > (uint64_t)(INT64_MAX - d) / (uint64_t)base;
        if (!over)
            v = v * (uint64_t)base + (uint64_t)d;
    }
    if (hexdigit)
        return 2;
    if (over)
        return 1;
    *out = neg ? -(int64_t)v : (int64_t)v;
    return 0;
}

/* Reads tok[0..len) as a number, which may be followed by its decimal
 * value in parentheses, as quiz_value_text writes an address ("0x3a39(14905)":
 * the two must agree). Returns 0 with *out, or -1 with why in err. */
static int read_number(enum quiz_atype t, const char *tok, size_t len, int64_t *out, char *err,
                       size_t errlen)
{
    const char *paren = memchr(tok, '(', len);
    size_t main = paren ? (size_t)(paren - tok) : len;
    int64_t v, check = 0;
    int r = read_plain(tok, main, &v), shown = len > 40 ? 40 : (int)len;

    if (r == 0 && paren &&
        (tok[len - 1] != ')' || read_plain(paren + 1, len - main - 2, &check) != 0)) {
        r = -1;
    } else if (r == 0 && paren && check != v) {
        snprintf(err, errlen, "'%.*s': %.*s is %lld, not %lld", shown, tok, (int)main, tok,
                 (long long)v, (long long)check);
        return -1;
    }
    if (r == 2) { /* The hint keeps a sign in front: -3a is -0x3a. */
        int sign = tok[0] == '-' || tok[0] == '+', digits = (int)main - sign;

        digits = digits > 40 ? 40 : digits;
        snprintf(err, errlen, "'%.*s' has hex digits: write %.*s0x%.*s, or %.*sh", shown, tok, sign,
                 tok, digits, tok + sign, (int)main > 40 ? 40 : (int)main, tok);
    } else if (r == 1)
        snprintf(err, errlen, "'%.*s' is too large", shown, tok);
    else if (r < 0)
        snprintf(err, errlen, "'%.*s' is not a number: write %s", shown, tok, forms[t]);
    else
        *out = v;
    return r ? -1 : 0;
}

/* Copies text to buf (of size len) without the bytes in drop, in lower case
 * when lower. Returns 0, or -1 when it does not fit. */
static int squeeze(const char *text, const char *drop, int lower, char *buf, size_t len)
{
    size_t k = 0;

    for (; *text; text++) {
        if (strchr(drop, *text))
            continue;
        if (k + 1 >= len)
            return -1;
        buf[k++] = lower ? (char)tolower((unsigned char)*text) : *text;
    }
    buf[k] = '\0';
    return 0;
}

/* Reads text as one of t's words into *out. Returns 1 when it is one, else 0. */
static int read_word(enum quiz_atype t, const char *text, struct quiz_value *out)
{
    char w[32];

    if (squeeze(text, " \t\r\n\f\v-_.", 1, w, sizeof w) < 0)
        return 0;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if ((words[i].types & BIT(t)) && strcmp(words[i].text, w) == 0) {
            out->word = words[i].word;
            out->n = words[i].n;
            if (out->n) /* PTR's failure. */
                out->v[0] = -1;
            return 1;
        }
    }
    return 0;
}

/* Whether c separates the numbers of a list ("(" after a number starts its
 * "(decimal)" instead: next_token looks for it first). */
static int separator(int c)
{
    return isspace(c) || c == ',' || c == ':' || c == ';' || c == '[' || c == ']' || c == '(' ||
           c == ')';
}

/* Copies the next token of a list from *p into tok (TOKEN_MAX bytes): a run
 * of bytes that are not separators or '(', joined to the next run when it is
 * a lone "0x" (0x 3a39), with a "(...)" group after it (spaces removed).
 * Advances *p. Returns its length, 0 at the end, or -1 when it is too long. */
static int next_token(const char **p, char *tok)
{
    const char *s = *p;
    size_t k = 0;

    for (;;) {
        size_t start = k;

        while (*s && separator((unsigned char)*s))
            s++;
        while (*s && !separator((unsigned char)*s) && *s != '(' && k + 1 < TOKEN_MAX)
            tok[k++] = *s++;
        if (k == start || !(k == 2 && tok[0] == '0' && tolower((unsigned char)tok[1]) == 'x'))
            break;
    }
    while (isspace((unsigned char)*s))
        s++;
    if (*s == '(' || k == 0) {
        while (*s && *s != ')' && k + 1 < TOKEN_MAX) {
            if (!isspace((unsigned char)*s))
                tok[k++] = *s;
            s++;
        }
        if (*s == ')' && k + 1 < TOKEN_MAX)
            tok[k++] = *s++;
    }
    tok[k] = '\0';
    *p = s;
    if (k + 1 >= TOKEN_MAX)
        return -1;
    return (int)k;
}

/* Whether tok is what a PAIR skips: an arrow (->, -->, =>) or the words of
 * paging-multilevel-translate.py's "0x6da --> Value: 0x0e" and "PA". */
static int pair_skipped(const char *tok)
{
    return (tok[strspn(tok, "-=>")] == '\0' && strchr(tok, '>')) || strcasecmp(tok, "value") == 0 ||
           strcasecmp(tok, "pa") == 0;
}

/* Whether tok is a word a list skips. */
static int is_skipped(const char *tok)
{
    char w[8];

    if (squeeze(tok, "", 1, w, sizeof w) < 0)
        return 0;
    for (size_t i = 0; i < sizeof skipped / sizeof skipped[0]; i++)
        if (strcmp(w, skipped[i]) == 0)
            return 1;
    return 0;
}

/* Reads text as numbers (a LIST, a SET or a PAIR) into *out. Returns 0, or
 * -1 with why in err. */
static int read_numbers(enum quiz_atype t, const char *text, struct quiz_value *out, char *err,
                        size_t errlen)
{
    char tok[TOKEN_MAX];
    int len;

    out->word = QUIZ_W_NONE;
    out->n = 0;
    while ((len = next_token(&text, tok)) > 0) {
        int64_t v = QUIZ_EMPTY;

        if (t != QUIZ_A_PAIR ? is_skipped(tok) : pair_skipped(tok))
            continue;
        if (t != QUIZ_A_PAIR && (strcmp(tok, "-") == 0 || strcmp(tok, "_") == 0))
            v = QUIZ_EMPTY;
        else if (read_number(t, tok, (size_t)len, &v, err, errlen) < 0)
            return -1;
        if (out->n == QUIZ_MAX_VALUES) {
            snprintf(err, errlen, "more than %d numbers", QUIZ_MAX_VALUES);
            return -1;
        }
        out->v[out->n++] = v;
    }
    if (len < 0) {
        snprintf(err, errlen, "'%.40s...' is too long for a number", tok);
        return -1;
    }
    if (t == QUIZ_A_PAIR && out->n != 2) {
        snprintf(err, errlen, "%zu number%s: write %s", out->n, out->n == 1 ? "" : "s", forms[t]);
        return -1;
    }
    return 0;
}

/* The units a NUMBER answer may end with, in lower case: after a space
 * ("520 B", "3 pages"), or '%' right after the number too ("50%"). */
static const char *const units[] = {"b",     "byte",   "bytes", "page",   "pages",
                                    "frame", "frames", "%",     "percent"};

/* Returns how much of text (of length len) is left without its unit: len
 * when it has none, or nothing but a unit. */
static size_t unit_cut(const char *text, size_t len)
{
    size_t end = len, start;
    char w[8];

    while (end && isspace((unsigned char)text[end - 1]))
        end--;
    start = end;
    while (start && (isalpha((unsigned char)text[start - 1]) || text[start - 1] == '%'))
        start--;
    if (start == end || end - start >= sizeof w || !start)
        return len;
    for (size_t i = 0; i < end - start; i++)
        w[i] = (char)tolower((unsigned char)text[start + i]);
    w[end - start] = '\0';
    if (!isspace((unsigned char)text[start - 1]) && strcmp(w, "%") != 0)
        return len;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcmp(w, units[i]) == 0)
            return strspn(text, " \t\r\n\f\v") < start ? start : len;
    return len;
}

/* quiz_answer_parse without the units. */
static int parse_answer(enum quiz_atype t, const char *text, struct quiz_value *out, char *err,
                        size_t errlen)
{
    struct quiz_value v;
    char one[SHORT_MAX];
    int long_one;

    if ((unsigned)t > QUIZ_A_SET) {
        snprintf(err, errlen, "no answer type %d", (int)t);
        return -1;
    }
    memset(&v, 0, sizeof v);
    long_one = squeeze(text, " \t\r\n\f\v", 0, one, sizeof one) < 0;
    if (!text[strspn(text, " \t\r\n\f\v")]) {
        snprintf(err, errlen, "type an answer, or ? to see it");
        return -1;
    }
    if (read_word(t, text, &v)) {
        /* v is set. */
    } else if (t == QUIZ_A_HITMISS) {
        snprintf(err, errlen, "'%.40s' is neither: write %s", text, forms[t]);
        return -1;
    } else if (t == QUIZ_A_PAIR || t == QUIZ_A_LIST || t == QUIZ_A_SET) {
        if (read_numbers(t, text, &v, err, errlen) < 0)
            return -1;
    } else if (long_one) {
        snprintf(err, errlen, "'%.40s...' is too long: write %s", text, forms[t]);
        return -1;
    } else if (read_number(t, one, strlen(one), &v.v[0], err, errlen) < 0) {
        return -1;
    } else {
        v.n = 1;
    }
    *out = v;
    return 0;
}

int quiz_answer_parse(enum quiz_atype t, const char *text, struct quiz_value *out, char *err,
                      size_t errlen)
{
    char cut[SHORT_MAX];
    size_t len = strlen(text), keep = t == QUIZ_A_NUMBER ? unit_cut(text, len) : len;

    if (parse_answer(t, text, out, err, errlen) == 0)
        return 0;
    if (keep == len || keep >= sizeof cut) /* No unit, or too long anyway. */
        return -1;
    memcpy(cut, text, keep); /* "520 B" is 520 (but "0x1 B" is 0x1b, read above). */
    cut[keep] = '\0';
    return parse_answer(t, cut, out, err, errlen);
}

/* qsort's order of int64_t. */
static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return (x > y) - (x < y);
}

int quiz_value_equal(enum quiz_atype t, const struct quiz_value *a, const struct quiz_value *b)
{
    int64_t x[QUIZ_MAX_VALUES], y[QUIZ_MAX_VALUES];

    if (a->word != b->word)
        return 0;
    if (a->word != QUIZ_W_NONE) /* fault, hit, miss: the numbers do not count. */
        return 1;
    if (a->n != b->n || a->n > QUIZ_MAX_VALUES)
        return 0;
    if (t != QUIZ_A_SET)
        return memcmp(a->v, b->v, a->n * sizeof a->v[0]) == 0;
    memcpy(x, a->v, a->n * sizeof x[0]);
    memcpy(y, b->v, b->n * sizeof y[0]);
    qsort(x, a->n, sizeof x[0], cmp_i64);
    qsort(y, b->n, sizeof y[0], cmp_i64);
    return memcmp(x, y, a->n * sizeof x[0]) == 0;
}

/* Appends a printf text to the string in buf (of size len), cut to fit. */
static void cat(char *buf, size_t len, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void cat(char *buf, size_t len, const char *fmt, ...)
{
    size_t used = strlen(buf);
    va_list ap;

    if (used + 1 >= len)
        return;
    va_start(ap, fmt);
    vsnprintf(buf + used, len - used, fmt, ap);
    va_end(ap);
}

/* Appends number v as type t writes it: an address in hex with its decimal
 * value, anything else (and a negative address) in decimal, "-" for an
 * empty slot. */
static void cat_number(enum quiz_atype t, int64_t v, char *buf, size_t len)
{
    if (v == QUIZ_EMPTY)
        cat(buf, len, "-");
    else if ((t == QUIZ_A_ADDR || t == QUIZ_A_PAIR) && v >= 0)
        cat(buf, len, "0x%llx (%lld)", (unsigned long long)v, (long long)v);
    else
        cat(buf, len, "%lld", (long long)v);
}

char *quiz_value_text(enum quiz_atype t, const struct quiz_value *v, char *buf, size_t len)
{
    static const char *const word[] = {"", "fault", "hit", "miss"};
    int list = t == QUIZ_A_LIST || t == QUIZ_A_SET || v->n != 1 + (t == QUIZ_A_PAIR);

    if (!len)
        return buf;
    buf[0] = '\0';
    if ((unsigned)v->word <= QUIZ_W_MISS && v->word != QUIZ_W_NONE) {
        cat(buf, len, "%s", word[v->word]);
        return buf;
    }
    if (list)
        cat(buf, len, "[");
    for (size_t i = 0; i < v->n && i < QUIZ_MAX_VALUES; i++) {
        if (i)
            cat(buf, len, ", ");
        cat_number(t, v->v[i], buf, len);
    }
    if (list)
        cat(buf, len, "]");
    return buf;
}
