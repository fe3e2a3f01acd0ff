/* follow.c: one followed status file. See follow.h. */
#include "follow.h"

#include <stdio.h>
#include <string.h>

int follow_reload(struct follow *f, int force)
{
    struct status fresh;
    char err[NOTE_MAX + 300];
    char old_banner[sizeof f->banner];
    int r;

    if (!watch_changed(f->path, &f->id) && !force)
        return 0;
    snprintf(old_banner, sizeof old_banner, "%s", f->banner);
    if (!f->id.exists) {
        if (f->have)
            snprintf(f->banner, sizeof f->banner, "%s is gone; showing the last state it held",
                     f->path);
        else
            snprintf(f->banner, sizeof f->banner,
                     "waiting for memtrack to write %s (start it with: memtrack --status %s)",
                     f->path, f->path);
        f->banner_is_error = 0;
        return strcmp(old_banner, f->banner) != 0;
    }
    r = status_parse_file(f->path, &fresh, STATUS_DISPLAY_ONLY, err, sizeof err);
    if (r != 0) {
        if (r > 0)
            snprintf(f->banner, sizeof f->banner, "%s:%d: %s%s", f->path, r, err,
                     f->have ? " (showing the last good state)" : "");
        else
            snprintf(f->banner, sizeof f->banner, "%s%s", err,
                     f->have ? " (showing the last good state)" : "");
        f->banner_is_error = 1;
        return strcmp(old_banner, f->banner) != 0;
    }
    f->banner[0] = '\0';
    f->banner_is_error = 0;
    follow_free(f);
    f->st = fresh;
    f->have = 1;
    f->shown_mtime_ns = f->id.mtime_ns;
    return 1;
}

long follow_age(const struct follow *f, time_t now)
{
    long age;

    if (!f->have)
        return -1;
    age = (long)(now - (time_t)(f->shown_mtime_ns / 1000000000));
    return age < 0 ? 0 : age;
}

void follow_free(struct follow *f)
{
    if (f->have)
        status_free(&f->st);
    f->have = 0;
}
