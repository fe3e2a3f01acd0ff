/* png.h: writes an RGB image as a PNG file (zlib-compressed, 8 bits per
 * channel). No SDL here: draw.c hands over the pixels. */
#ifndef MV_PNG_H
#define MV_PNG_H

#include <stddef.h>
#include <stdint.h>

#define PNG_NEW 1 /* png_write: never replace a file that exists. */

/* Writes w x h pixels of rgb (3 bytes each, rows `pitch` bytes apart) to
 * path through a temporary file beside it, flushed to disk first, so path
 * is never half written (a file replaced keeps its mode; a new one is
 * 0644): replacing path atomically, or with PNG_NEW in
 * flags only when path does not exist yet (checked and created in one
 * step, so two writers cannot both take a name). Returns 0, or -1 with the
 * reason in err and errno set (EEXIST: PNG_NEW and path exists); path is
 * then as it was and no temporary file is left. */
int png_write(const char *path, const uint8_t *rgb, int w, int h, int pitch, int flags, char *err,
              size_t errlen);

#endif
