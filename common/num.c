/* num.c: strict number parsing and byte formatting. See num.h. */
#include "num.h"

#include <stdio.h>
#include <string.h>

int num_parse(const char *s, int flags, uint64_t min, uint64_t max, uint64_t *out, char *err,
              size_t errlen)
{
    uint64_t v = 0, mul = 1, base = 10;
    const char *p = s, *end = s + strlen(s);

    if (*s == '\0') {
        snprintf(err, errlen, "no number given");
        return -1;
    }
    if (*s == '-' && s[1] >= '0' && s[1] <= '9') {
        snprintf(err, errlen, "'%.40s' is negative; a whole number >= %llu is needed", s,
                 (unsigned long long)min);
        return -1;
    }
    if ((flags & NUM_SUFFIX) && end - s >= 2) {
        switch (end[-1]) {
        case 'k':
        case 'K':
            mul = UINT64_C(1) << 10;
            end--;
            break;
        case 'm':
        case 'M':
            mul = UINT64_C(1) << 20;
            end--;
            break;
        case 'g':
        case 'G':
            mul = UINT64_C(1) << 30;
            end--;
            break;
        default:
            break;
        }
    }
    if ((flags & NUM_HEX) && end - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        base = 16;
        p += 2;
    }
    if (p == end)
        goto bad;
    for (; p < end; p++) {
        unsigned d;
        if (*p >= '0' && *p <= '9')
            d = (unsigned)(*p - '0');
        else if (base == 16 && *p >= 'a' && *p <= 'f')
            d = (unsigned)(*p - 'a' + 10);
        else if (base == 16 && *p >= 'A' && *p <= 'F')
            d = (unsigned)(*p - 'A' + 10);
        else
            goto bad;
        if (v > (UINT64_MAX - d) / base)
            goto too_big;
        v = v * base + d;
    }
    if (v > UINT64_MAX / mul)
        goto too_big;
    v *= mul;
    if (v > max)
        goto too_big;
    if (v < min) {
        snprintf(err, errlen, "%llu is too small (at least %llu)", (unsigned long long)v,
                 (unsigned long long)min);
        return -1;
    }
    *out = v;
    return 0;
bad:
    snprintf(err, errlen, "'%.40s%s' is not a whole number%s", s, strlen(s) > 40 ? "..." : "",
             (flags & NUM_SUFFIX) ? " (digits, optionally ending in K, M or G)"
             : (flags & NUM_HEX)  ? " (decimal digits, or 0x and hex digits)"
                                  : "");
    return -1;
too_big:
    snprintf(err, errlen, "'%.40s%s' is too large (at most %llu)", s, strlen(s) > 40 ? "..." : "",
             (unsigned long long)max);
    return -1;
}

int num_parse_ms(const char *s, uint64_t max_ms, uint64_t *out_ms, char *err, size_t errlen)
{
    uint64_t whole = 0, frac = 0;
    int ndig = 0, nfrac = 0, dot = 0;

    for (const char *p = s; *p; p++) {
        if (*p == '.' && !dot) {
            dot = 1;
        } else if (*p >= '0' && *p <= '9') {
            if (dot) {
                if (++nfrac > 3)
                    goto bad;
                frac = frac * 10 + (uint64_t)(*p - '0');
            } else {
                if (whole > UINT64_MAX / 10000)
                    goto too_big;
                whole = whole * 10 + (uint64_t)(*p - '0');
                ndig++;
            }
        } else {
            goto bad;
        }
    }
    if (ndig == 0 && nfrac == 0)
        goto bad;
    while (nfrac < 3) {
        frac *= 10;
        nfrac++;
    }
    if (whole > max_ms / 1000 || whole * 1000 + frac > max_ms)
        goto too_big;
    *out_ms = whole * 1000 + frac;
    return 0;
bad:
    snprintf(err, errlen, "'%.40s' is not a number of seconds (like 2 or 0.5)", s);
    return -1;
too_big:
    snprintf(err, errlen, "'%.40s' is too long (at most %llu seconds)", s,
             (unsigned long long)(max_ms / 1000));
    return -1;
}

int num_is_hex(const char *s)
{
    return s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && s[2] != '\0';
}

char *num_bytes(uint64_t v, char *buf, size_t len)
{
    static const char *unit[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    unsigned u = 0;
    uint64_t scale = 1;

    while (u + 1 < sizeof unit / sizeof unit[0] && v / scale >= 1024) {
        scale <<= 10;
        u++;
    }
    if (u == 0)
        snprintf(buf, len, "%llu B", (unsigned long long)v);
    else if (v % scale == 0)
        snprintf(buf, len, "%llu %s", (unsigned long long)(v / scale), unit[u]);
    else
        snprintf(buf, len, "%.1f %s", (double)v / (double)scale, unit[u]);
    return buf;
}

const char *num_radix(char *buf, size_t len, uint64_t v, int hex)
{
    if (hex)
        snprintf(buf, len, "0x%llx", (unsigned long long)v);
    else
        snprintf(buf, len, "%llu", (unsigned long long)v);
    return buf;
}
