/* font.h: finds a TrueType font file for the labels. No SDL here. */
#ifndef MV_FONT_H
#define MV_FONT_H

#include <stddef.h>

/* Writes to path the file of a sans-serif font: the one fontconfig matches
 * for "DejaVu Sans", else the usual DejaVu Sans locations. Returns 0, or -1
 * when none exists (err then says what to install). */
int font_find(char *path, size_t len, char *err, size_t errlen);

/* Checks that path names a readable regular file, so that opening it cannot
 * hang (a FIFO) or read a device. Returns 0, or -1 with the reason in err. */
int font_check(const char *path, char *err, size_t errlen);

#endif
