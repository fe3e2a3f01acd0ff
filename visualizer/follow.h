/* follow.h: one status file followed by the viewer. No SDL here.
 *
 * follow_reload() looks at the file (stat) and reads it again when it
 * changed; a file that does not parse leaves the last good state in place
 * and says why in the banner. The viewer's event loop (main.c) calls it when
 * inotify or the once-a-second poll says so; tests call it directly.
 */
#ifndef MV_FOLLOW_H
#define MV_FOLLOW_H

#include <stdint.h>
#include <time.h>

#include "note.h"
#include "status.h"
#include "watch.h"

/* What is known of one followed file. Zero it, set path, then call
 * follow_reload; release with follow_free. path must outlive it. */
struct follow {
    const char *path;            /* The status file. */
    struct status st;            /* Last good state (when have). */
    int have;                    /* st holds one. */
    struct watch_id id;          /* stat() at the last look. */
    int64_t shown_mtime_ns;      /* Modification time of the file st was read from. */
    char banner[NOTE_MAX + 600]; /* Error or waiting message, or "". */
    int banner_is_error;         /* 1: the banner is an error. */
};

/* Reads the file again when stat() says it changed (new inode, size or
 * time), or always when force. A file that parses replaces st, whatever its
 * seq: a second run into the same file starts at seq 1 again. One that does
 * not parse, or a file that is gone, keeps st and sets the banner. Returns 1
 * when what is to be shown (st or banner) changed, else 0. */
int follow_reload(struct follow *f, int force);

/* Returns the seconds from the modification time of the file st was read
 * from to now (0 when in the future), or -1 when nothing is shown yet. A
 * file deleted since keeps the age of the state still shown. */
long follow_age(const struct follow *f, time_t now);

/* Releases st. Safe to call twice. */
void follow_free(struct follow *f);

#endif
