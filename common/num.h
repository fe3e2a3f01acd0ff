/* num.h: strict parsing of the numbers people type and files hold.
 *
 * Used by the tracker's menu and script reader and by the status-file parser,
 * so every number in memtrack is read by the same rules.
 */
#ifndef MT_NUM_H
#define MT_NUM_H

#include <stddef.h>
#include <stdint.h>

/* Flags for num_parse. */
#define NUM_PLAIN  0 /* Decimal digits only (status files). */
#define NUM_HEX    1 /* Also 0x1f hexadecimal (addresses typed by people). */
#define NUM_SUFFIX 2 /* Also a K, M or G suffix: times 1024, 1024^2, 1024^3. */

/* Parses all of s as a whole number in [min, max]. Returns 0 and sets *out on
 * success; on failure returns -1, leaves *out unchanged and writes a short
 * reason ("not a whole number", "must be at least 1", "too large (at most
 * 4194304)") to err. No sign, no spaces, no empty string. */
int num_parse(const char *s, int flags, uint64_t min, uint64_t max, uint64_t *out, char *err,
              size_t errlen);

/* Returns 1 when num_parse with NUM_HEX reads s as hexadecimal (it starts
 * with 0x or 0X and has more after it), else 0. The tracker answers a
 * question asked in hex in hex. */
int num_is_hex(const char *s);

/* Parses a duration in seconds such as "2", "0.5" or "1.25" (at most three
 * decimals) into milliseconds in [0, max_ms]. Returns 0 or -1 with a reason. */
int num_parse_ms(const char *s, uint64_t max_ms, uint64_t *out_ms, char *err, size_t errlen);

/* Formats a byte count for people: "4096 B", "64 KiB", "1.5 MiB", "4 GiB"
 * (exact below 1 KiB or when not a multiple; one decimal otherwise). Returns buf. */
char *num_bytes(uint64_t v, char *buf, size_t len);

/* Writes v into buf in decimal, or in hexadecimal with 0x when hex (the
 * way an answer follows the radix of its question). Returns buf. */
const char *num_radix(char *buf, size_t len, uint64_t v, int hex);

#endif
