/* png.c: a minimal PNG writer (IHDR, one IDAT, IEND). See png.h. */
#include "png.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* Writes one chunk: length, type, data, CRC of type and data. */
static int chunk(FILE *fp, const char *type, const uint8_t *data, uint32_t len)
{
    uint8_t head[8], crc[4];
    uLong c = crc32(0L, (const Bytef *)type, 4);

    put32(head, len);
    memcpy(head + 4, type, 4);
    if (len)
        c = crc32(c, data, len);
    put32(crc, (uint32_t)c);
    return fwrite(head, 1, 8, fp) == 8 && (len == 0 || fwrite(data, 1, len, fp) == len) &&
                   fwrite(crc, 1, 4, fp) == 4
               ? 0
               : -1;
}

int png_write(const char *path, const uint8_t *rgb, int w, int h, int pitch, int flags, char *err,
              size_t errlen)
{
    static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    size_t rowlen = (size_t)w * 3 + 1, rawlen = rowlen * (size_t)h;
    uLongf zlen = compressBound((uLong)rawlen);
    uint8_t ihdr[13], *raw = NULL, *z = NULL;
    char tmp[4096];
    FILE *fp = NULL;
    struct stat old;
    mode_t mode;
    int fd, werr, r = -1;

    if (w < 1 || h < 1) {
        snprintf(err, errlen, "empty image");
        return -1;
    }
    raw = malloc(rawlen);
    z = malloc(zlen);
    if (!raw || !z) {
        snprintf(err, errlen, "out of memory for a %dx%d image", w, h);
        goto out_free;
    }
    for (int y = 0; y < h; y++) {
        raw[rowlen * (size_t)y] = 0; /* Filter: none. */
        memcpy(raw + rowlen * (size_t)y + 1, rgb + (size_t)pitch * (size_t)y, (size_t)w * 3);
    }
    if (compress2(z, &zlen, raw, (uLong)rawlen, 6) != Z_OK) {
        snprintf(err, errlen, "zlib could not compress the image");
        goto out_free;
    }
    put32(ihdr, (uint32_t)w);
    put32(ihdr + 4, (uint32_t)h);
    ihdr[8] = 8;  /* Bit depth. */
    ihdr[9] = 2;  /* Colour type: RGB. */
    ihdr[10] = 0; /* Compression, filter, interlace: the defaults. */
    ihdr[11] = 0;
    ihdr[12] = 0;
    if (snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", path) >= (int)sizeof tmp) {
        snprintf(err, errlen, "path too long");
        goto out_free;
    }
    fd = mkstemp(tmp);
    /* mkstemp makes the file 0600; a screenshot is for sharing, and a
     * picture replaced keeps the mode it had. */
    mode = stat(path, &old) == 0 && S_ISREG(old.st_mode) ? old.st_mode & 07777 : 0644;
    if (fd < 0 || fchmod(fd, mode) < 0 || !(fp = fdopen(fd, "wb"))) {
        snprintf(err, errlen, "cannot create %s: %s", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        goto out_free;
    }
    /* fclose always runs, failed write or not: a full disk must not keep
     * the descriptor (and the file's blocks) held. */
    errno = 0;
    werr = fwrite(sig, 1, 8, fp) != 8 || chunk(fp, "IHDR", ihdr, 13) < 0 ||
                   chunk(fp, "IDAT", z, (uint32_t)zlen) < 0 || chunk(fp, "IEND", NULL, 0) < 0 ||
                   fflush(fp) != 0 || fsync(fileno(fp)) != 0
               ? (errno ? errno : EIO)
               : 0;
    if (fclose(fp) != 0 && !werr)
        werr = errno ? errno : EIO;
    if (werr) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(werr));
        unlink(tmp);
        goto out_free;
    }
    if (flags & PNG_NEW) {
        /* link() fails with EEXIST rather than replace. */
        if (link(tmp, path) < 0) {
            int e = errno;
            snprintf(err, errlen, "cannot write %s: %s", path, strerror(e));
            unlink(tmp);
            errno = e;
            goto out_free;
        }
        unlink(tmp);
    } else if (rename(tmp, path) < 0) {
        int e = errno;
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(e));
        unlink(tmp);
        errno = e;
        goto out_free;
    }
    r = 0;
out_free:
    free(raw);
    free(z);
    return r;
}
