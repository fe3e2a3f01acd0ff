/* font.c: font lookup through fontconfig. See font.h. */
#include "font.h"

#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Where Debian and others put DejaVu Sans when fontconfig is not there. */
static const char *fallback[] = {
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
};

int font_find(char *path, size_t len, char *err, size_t errlen)
{
    FcPattern *pat, *match;
    FcResult res;
    FcChar8 *file;
    int found = 0;

    if (FcInit()) {
        pat = FcNameParse((const FcChar8 *)"DejaVu Sans");
        if (pat) {
            FcConfigSubstitute(NULL, pat, FcMatchPattern);
            FcDefaultSubstitute(pat);
            match = FcFontMatch(NULL, pat, &res);
            if (match && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch &&
                access((const char *)file, R_OK) == 0) {
                snprintf(path, len, "%s", (const char *)file);
                found = 1;
            }
            if (match)
                FcPatternDestroy(match);
            FcPatternDestroy(pat);
        }
        FcFini();
    }
    for (size_t i = 0; !found && i < sizeof fallback / sizeof fallback[0]; i++)
        if (access(fallback[i], R_OK) == 0) {
            snprintf(path, len, "%s", fallback[i]);
            found = 1;
        }
    if (!found) {
        snprintf(err, errlen,
                 "no font found; install one with: sudo apt-get install "
                 "fonts-dejavu-core fontconfig (or pass --font FILE.ttf)");
        return -1;
    }
    return 0;
}

int font_check(const char *path, char *err, size_t errlen)
{
    struct stat sb;

    if (stat(path, &sb) < 0) {
        snprintf(err, errlen, "cannot open font %s: %s", path, strerror(errno));
        return -1;
    }
    if (!S_ISREG(sb.st_mode)) {
        snprintf(err, errlen, "cannot open font %s: not a regular file", path);
        return -1;
    }
    if (access(path, R_OK) < 0) {
        snprintf(err, errlen, "cannot open font %s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}
