/* png.h: writes an RGB image as a PNG file (zlib-compressed, 8 bits per
 * channel). No SDL here: draw.c hands over the pixels. */
#ifndef MV_PNG_H
#define MV_PNG_H

#include <stddef.h>
#include <stdint.h>

/* Writes w x h pixels of rgb (3 bytes each, rows `pitch` bytes apart) to
 * path, replacing it atomically. Returns 0, or -1 with the reason in err. */
int png_write(const char *path, const uint8_t *rgb, int w, int h, int pitch, char *err,
              size_t errlen);

#endif
