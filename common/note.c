/* note.c: explanation lines and compact number ranges. See note.h. */
#include "note.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Formats into buf (capacity cap) starting at its current end; control bytes
 * become spaces, overflow is cut with "...". Returns 0, or -1 when cut. */
static int vappend(char *buf, size_t cap, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 0)))
#endif
    ;

static int vappend(char *buf, size_t cap, const char *fmt, va_list ap)
{
    size_t len = strlen(buf);
    int want, cut = 0;

    if (len + 1 >= cap)
        return -1;
    want = vsnprintf(buf + len, cap - len, fmt, ap);
    if (want < 0) {
        buf[len] = '\0';
        return -1;
    }
    if ((size_t)want >= cap - len) {
        cut = 1;
        if (cap >= 4)
            memcpy(buf + cap - 4, "...", 4);
    }
    for (char *p = buf + len; *p; p++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
            *p = ' ';
    return cut ? -1 : 0;
}

void note_clear(struct note *n)
{
    n->what[0] = '\0';
    n->why[0] = '\0';
}

void note_what(struct note *n, const char *fmt, ...)
{
    va_list ap;

    n->what[0] = '\0';
    va_start(ap, fmt);
    vappend(n->what, sizeof n->what, fmt, ap);
    va_end(ap);
}

void note_why(struct note *n, const char *fmt, ...)
{
    va_list ap;

    n->why[0] = '\0';
    va_start(ap, fmt);
    vappend(n->why, sizeof n->why, fmt, ap);
    va_end(ap);
}

int note_append(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = vappend(buf, cap, fmt, ap);
    va_end(ap);
    return r;
}

void ranges_init(struct ranges *r, char *buf, size_t cap, unsigned limit)
{
    memset(r, 0, sizeof *r);
    r->buf = buf;
    r->cap = cap;
    r->limit = limit;
    if (cap)
        buf[0] = '\0';
}

/* Writes the range in progress, or counts it as hidden past the limit. */
static void ranges_flush(struct ranges *r)
{
    if (!r->open)
        return;
    r->open = 0;
    if (r->shown >= r->limit) {
        r->hidden++;
        return;
    }
    if (r->lo == r->hi)
        note_append(r->buf, r->cap, "%s%llu", r->shown ? ", " : "", (unsigned long long)r->lo);
    else
        note_append(r->buf, r->cap, "%s%llu-%llu", r->shown ? ", " : "", (unsigned long long)r->lo,
                    (unsigned long long)r->hi);
    r->shown++;
}

void ranges_add(struct ranges *r, uint64_t v)
{
    if (r->open && v == r->hi + 1) {
        r->hi = v;
        return;
    }
    ranges_flush(r);
    r->open = 1;
    r->lo = r->hi = v;
}

void ranges_add_span(struct ranges *r, uint64_t lo, uint64_t hi)
{
    ranges_add(r, lo);
    r->hi = hi;
}

void ranges_end(struct ranges *r)
{
    ranges_flush(r);
    if (r->hidden)
        note_append(r->buf, r->cap, " and %llu more", (unsigned long long)r->hidden);
    else if (!r->shown)
        note_append(r->buf, r->cap, "none");
}
