/* save.h: writes a file atomically (memview's screenshots). No SDL here:
 * the bytes come from a callback (draw.c's PNG writer, through SDL2_image);
 * this module owns the file: the temporary beside it, the flush to disk,
 * the mode and the rename. */
#ifndef MV_SAVE_H
#define MV_SAVE_H

#include <stddef.h>
#include <stdio.h>

#define SAVE_NEW 1 /* save_file: never replace a file that exists. */

/* What save_file calls to write the contents: writes them to fp (which it
 * must leave open) and returns 0, or -1 with the reason in why. ctx is
 * save_file's. Write errors of fp itself need no reporting: save_file
 * checks the stream. */
typedef int (*save_put)(FILE *fp, void *ctx, char *why, size_t whylen);

/* Writes path with put(fp, ctx, ...) through a temporary file beside it,
 * flushed to disk first, so path is never half written (a file replaced
 * keeps its mode; a new one is 0644): replacing path atomically, or with
 * SAVE_NEW in flags only when path does not exist yet (checked and created
 * in one step, so two writers cannot both take a name). Returns 0, or -1
 * with the reason in err and errno set (EEXIST: SAVE_NEW and path exists);
 * path is then as it was and no temporary file is left. */
int save_file(const char *path, int flags, save_put put, void *ctx, char *err, size_t errlen);

#endif
