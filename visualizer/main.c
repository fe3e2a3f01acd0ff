/* memview: draws what memtrack's status file says, live.
 *
 * How it is put together (docs/architecture.md has the whole map): parse ->
 * model -> layout -> draw. The status file is read only through common/'s
 * parser (status_parse.c) into a struct status (the model). layout.c (and
 * layout_vm.c for virtual memory) turns the models and the window size into
 * boxes and labels without touching SDL; draw.c paints them. watch.c notices
 * changes (stat every second, inotify in a helper thread that wakes the
 * event loop at once). This file holds the flags, the event loop and the
 * keys' handlers (the keys themselves are a table in config.h); the loop
 * sleeps in SDL_WaitEventTimeout and redraws only when a file changed, the
 * window was exposed or resized, or the user acted. `--once --screenshot`
 * renders to a memory surface with the software renderer, so it needs no
 * display at all; draw.c encodes pictures as PNG (SDL2_image) and save.c
 * writes them atomically. Start reading at run_live(): live_start, live_run,
 * live_stop.
 */
#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "draw.h"
#include "follow.h"
#include "font.h"
#include "layout.h"
#include "num.h"
#include "opt.h"
#include "save.h"
#include "status.h"
#include "version.h"
#include "watch.h"

struct viewer;
struct live;

/* A key binding (keys[] in config.h): up to three keycodes (0: none), how
 * the help names them, what they do, and the handler. */
struct key {
    SDL_Keycode code[3];
    const char *name, *help;
    void (*fn)(struct viewer *, struct live *);
};

/* The handlers keys[] names (defined below, before render). */
static void key_quit(struct viewer *v, struct live *l);
static void key_reload(struct viewer *v, struct live *l);
static void key_shot(struct viewer *v, struct live *l);
static void key_larger(struct viewer *v, struct live *l);
static void key_smaller(struct viewer *v, struct live *l);
static void key_auto(struct viewer *v, struct live *l);
static void key_help(struct viewer *v, struct live *l);

#define MV_CONFIG_KEYS /* config.h: the keys too, with the declarations above. */
#include "config.h"
#define NKEYS (sizeof keys / sizeof keys[0])

#define EXIT_BAD_FILE 1    /* --once: a status file is missing or invalid. */
#define EXIT_USAGE    2    /* Bad flags, no font, SDL could not start. */
#define MESSAGE_MS    4000 /* How long a message (screenshot saved) stays. */

/* One status file being followed, and its inotify helper. */
struct followed {
    struct follow fw;      /* The file and what was read from it. */
    SDL_Thread *thread;    /* inotify helper, or NULL. */
    int index;             /* Position in the viewer. */
    struct viewer *viewer; /* The viewer it belongs to (for the watch thread). */
    char ago[24];          /* The age text drawn last (layout_age). */
    int wake;              /* inotify said the file changed; reload it once. */
};

struct viewer {
    struct followed f[LAY_VIEWS_MAX];
    int n;
    const char *font_path;
    int w, h;     /* --size */
    double scale; /* --scale and the + - 0 keys: times the automatic text size. */
    int once, poll_only;
    const char *shot;  /* --screenshot */
    Uint32 wake_event; /* SDL user event the watch threads push. */
    SDL_atomic_t quit; /* Tells the watch threads to stop. */
};

/* Prints a fatal error and exits. Only main's helpers call it. */
static void die(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2), noreturn))
#endif
    ;

static void die(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "memview: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(EXIT_USAGE);
}

static void parse_size(const char *s, int *w, int *h)
{
    char a[32], err[128];
    const char *x = strchr(s, 'x');
    uint64_t vw, vh;

    if (!x)
        die("--size: '%.40s' is not WIDTHxHEIGHT, like 1280x800", s);
    if ((size_t)(x - s) >= sizeof a)
        die("--size: width '%.20s...' is too large (width 200-16384, height 150-16384)", s);
    memcpy(a, s, (size_t)(x - s));
    a[x - s] = '\0';
    if (num_parse(a, NUM_PLAIN, 200, 16384, &vw, err, sizeof err) < 0 ||
        num_parse(x + 1, NUM_PLAIN, 150, 16384, &vh, err, sizeof err) < 0)
        die("--size: %s (width 200-16384, height 150-16384)", err);
    *w = (int)vw;
    *h = (int)vh;
}

/* The option handlers (struct opt's set) and the operand handler. Each
 * exits with EXIT_USAGE when the value is bad, or with 0 after --help and
 * --version. */

/* A status file to follow: an operand, or --status PATH. */
static void add_file(void *user, const char *path)
{
    struct viewer *v = user;

    if (v->n == LAY_VIEWS_MAX)
        die("at most %d status files at once", LAY_VIEWS_MAX);
    v->f[v->n++].fw.path = path;
}

/* Exits when the value of the option e is empty. */
static void need(const struct opt *e, const char *val)
{
    if (*val == '\0')
        die("--%s needs a value (see memview --help)", e->name);
}

static void set_status(void *user, const struct opt *e, const char *val)
{
    need(e, val);
    add_file(user, val);
}

static void set_size(void *user, const struct opt *e, const char *val)
{
    struct viewer *v = user;

    need(e, val);
    parse_size(val, &v->w, &v->h);
}

static void set_scale_arg(void *user, const struct opt *e, const char *val)
{
    struct viewer *v = user;
    char *end;

    need(e, val);
    errno = 0;
    v->scale = strtod(val, &end);
    if (errno || *end || end == val ||
        !(v->scale == 0 || (v->scale >= scale_min && v->scale <= scale_max)))
        die("--scale: '%.40s' is not 0 (automatic) or a number from %.1f to %.0f", val, scale_min,
            scale_max);
}

/* --font (key 0) and --screenshot (key 1): a path. */
static void set_path(void *user, const struct opt *e, const char *val)
{
    struct viewer *v = user;

    need(e, val);
    *(e->key ? &v->shot : &v->font_path) = val;
}

/* --once (key 0) and --poll-only (key 1). */
static void show_help(void *user, const struct opt *e, const char *val);

static void show_version(void *user, const struct opt *e, const char *val)
{
    (void)user, (void)e, (void)val;
    printf("memview %s (status format %d)\n", MT_VERSION, STATUS_VERSION);
    exit(0);
}

/* memview's options (opt.h), in the order --help lists them. Columns: long
 * name, short letter or 0, the value's name in the help or NULL for none,
 * help text, handler, and the key the handler is given. The numbers in the
 * help are config.h's default_w, default_h, scale_min and scale_max
 * (tests/bad_files.sh checks them). */
static const struct opt flags[] = {
    {"status", 0, "PATH", "the status file (default ./memory_status)", set_status, 0},
    {"size", 0, "WxH", "window or picture size (default 1280x800)", set_size, 0},
    {"scale", 0, "F",
     "text, bars and margins F times the automatic size\n"
     "(0.5-4; 0 = automatic: 14 px up to 1280x800, 24 px at\n"
     "1920x1080)",
     set_scale_arg, 0},
    {"font", 0, "FILE.ttf", "font for labels (default: DejaVu Sans via fontconfig)", set_path, 0},
    {"poll-only", 0, NULL, "do not use inotify; look at the file once a second", opt_set_flag,
     offsetof(struct viewer, poll_only)},
    {"once", 0, NULL, "render one picture without a display and exit", opt_set_flag,
     offsetof(struct viewer, once)},
    {"screenshot", 0, "OUT.png", "where --once writes its picture (with --once only)", set_path, 1},
    {"help", 'h', NULL, "print this help and exit", show_help, 0},
    {"version", 0, NULL, "print the version and exit", show_version, 0},
    {NULL, 0, NULL, NULL, NULL, 0},
};

static void usage(FILE *fp)
{
    fprintf(fp,
            "usage: memview [options] [FILE ...]\n"
            "Draws memtrack's memory status file live: frames, processes, segments, holes.\n"
            "With up to %d files, stacks their views to compare layouts.\n"
            "\n",
            LAY_VIEWS_MAX);
    opt_help(flags, fp);
    fprintf(fp, "\nKeys in the window:\n");
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        fprintf(fp, "  %-20s  %s\n", keys[i].name, keys[i].help);
    fprintf(fp, "Hover over a frame, column, segment, hole or legend entry for details.\n"
                "Exit status: 0 done; 1 (--once) a file is missing or invalid; 2 bad options,\n"
                "no font, or SDL could not start.\n");
}

static void show_help(void *user, const struct opt *e, const char *val)
{
    (void)user, (void)e, (void)val;
    usage(stdout);
    exit(0);
}

/* Reads the command line into *v, by the table flags[]: options and status
 * files in any order (the files are followed in the order given), "--" ends
 * the options. Exits with EXIT_USAGE when it is bad. */
static void parse_args(int argc, char **argv, struct viewer *v)
{
    char err[200];

    if (opt_parse(flags, argc, argv, OPT_ANYWHERE, add_file, v, err, sizeof err) < 0)
        die("%s (see memview --help)", err);
}

/* Checks the options against each other and fills in the defaults. Exits
 * with EXIT_USAGE when they do not go together. */
static void check_args(struct viewer *v)
{
    if (v->n == 0)
        v->f[v->n++].fw.path = "memory_status";
    if (v->once && !v->shot)
        die("--once needs --screenshot OUT.png");
    if (v->shot && !v->once)
        die("--screenshot goes with --once (press s in the window for a screenshot)");
    for (int i = 0; i < v->n; i++) {
        v->f[i].index = i;
        v->f[i].viewer = v;
    }
}

/* Returns the age shown in the header: -1 for a one-off picture (--once),
 * which should not depend on when it was taken. */
static long age_of(const struct viewer *v, const struct followed *f)
{
    return v->once ? -1 : follow_age(&f->fw, time(NULL));
}

/* Fills views[] for the layout from the followed files. */
static void make_views(struct viewer *v, struct lay_view *views)
{
    for (int i = 0; i < v->n; i++) {
        struct followed *f = &v->f[i];
        views[i].st = f->fw.have ? &f->fw.st : NULL;
        views[i].path = f->fw.path;
        views[i].banner = f->fw.banner[0] ? f->fw.banner : NULL;
        views[i].banner_is_error = f->fw.banner_is_error;
        views[i].age_s = age_of(v, f);
    }
}

/* The window of run_live and what the keys and events change in its loop. */
struct live {
    int running;              /* 0: quit. */
    int dirty;                /* Draw again. */
    int help;                 /* The help is shown. */
    int shot_wanted;          /* Screenshots to save, one a press, after the next drawing. */
    SDL_Window *win;          /* The window. */
    struct draw d;            /* Its renderer, the font and the label caches. */
    struct layout lo;         /* What was drawn last (for the tooltips). */
    int mx, my;               /* The pointer, or -1 when it is not over the window. */
    char tip[LAY_TIP_MAX];    /* The tooltip drawn last, or "". */
    char msg[PATH_MAX + 256]; /* The message line (screenshot saved). */
    Uint64 msg_until;         /* When the message goes; 0: there is none. */
    char draw_err[512];       /* Why drawing failed last, or "" (said once). */
    Uint64 next_poll;         /* When to look at the files again. */
};

/* Sets the scale (kept in scale_min .. scale_max); returns 1 when it changed. */
static int set_scale(struct viewer *v, double scale)
{
    double old = v->scale;

    v->scale = scale < scale_min ? scale_min : scale > scale_max ? scale_max : scale;
    return v->scale != old;
}

static void key_quit(struct viewer *v, struct live *l)
{
    (void)v;
    l->running = 0;
}

static void key_reload(struct viewer *v, struct live *l)
{
    for (int i = 0; i < v->n; i++)
        follow_reload(&v->f[i].fw, 1);
    l->dirty = 1;
}

static void key_shot(struct viewer *v, struct live *l)
{
    (void)v;
    l->shot_wanted++;
}

static void key_larger(struct viewer *v, struct live *l)
{
    l->dirty |= set_scale(v, v->scale * scale_step);
}

static void key_smaller(struct viewer *v, struct live *l)
{
    l->dirty |= set_scale(v, v->scale / scale_step);
}

static void key_auto(struct viewer *v, struct live *l)
{
    l->dirty |= set_scale(v, 1);
}

static void key_help(struct viewer *v, struct live *l)
{
    (void)v;
    l->help = !l->help;
    l->dirty = 1;
}

/* Lays out and paints everything, plus the overlays: the tooltip of what is
 * at (mx, my) (none when mx < 0), the help, the message. Writes the tooltip
 * drawn (or "") into shown_tip when it is not NULL, so that the caller knows
 * what the screen shows. Returns 0 or -1 (SDL_GetError() says why). */
static int render(struct viewer *v, struct draw *d, int w, int h, struct layout *lo, int help,
                  int mx, int my, const char *message, char *shown_tip, size_t tip_len)
{
    static const char *const about[] = {
        "Hover over a frame, column, segment, hole or legend entry.",
        "A colour per process: 12 colours (Paul Tol's, safe for",
        "colour blindness), then again with stripes (P13-P24),",
        "then cross-hatched (P25-P36); labels name each one.",
        "Segments: colours of their own, in a dark frame.",
        "Grey: a free frame. Hatched beige: a hole.",
        "A narrow column stands for several frames: its",
        "height is the share in use, split among every",
        "process holding some (lowest pid at the bottom).",
        "\"+N more\": hover over it for the rest.",
    };
    const char *help_lines[1 + NKEYS + sizeof about / sizeof *about];
    char key_lines[NKEYS][80];
    int nhelp = 0;
    struct lay_view views[LAY_VIEWS_MAX];
    char tip[LAY_TIP_MAX];

    /* The text size follows the window; a new size empties draw's caches. */
    if (draw_set_px(d, layout_font_px(w, h, v->n, v->scale)) < 0) {
        SDL_SetError("cannot set the font size: %s", TTF_GetError());
        return -1;
    }
    make_views(v, views);
    tip[0] = '\0';
    if (shown_tip && tip_len)
        shown_tip[0] = '\0';
    layout_free(lo);
    if (layout_compute(lo, views, v->n, w, h, draw_measure, d) < 0) {
        SDL_SetError("out of memory laying out the window");
        return -1;
    }
    if (draw_layout(d, lo) < 0)
        return -1;
    if (mx >= 0 && layout_tip(lo, mx, my, tip, sizeof tip)) {
        /* A long tooltip (a column's owners, a quiz's explanation) wraps to two
         * thirds of the window. */
        char lines[LAY_TIP_LINES][LAY_TEXT_MAX];
        const char *line[LAY_TIP_LINES];
        int n = layout_wrap(tip, w * 2 / 3, draw_measure, d, lines, LAY_TIP_LINES);
        if (shown_tip)
            snprintf(shown_tip, tip_len, "%s", tip);
        for (int i = 0; i < n; i++)
            line[i] = lines[i];
        if (draw_lines(d, mx + 14, my + 18, line, n, w, h) < 0)
            return -1;
    }
    if (help) {
        help_lines[nhelp++] = "memview keys";
        for (size_t i = 0; i < NKEYS; i++) {
            snprintf(key_lines[i], sizeof key_lines[i], "  %s: %s", keys[i].name, keys[i].help);
            help_lines[nhelp++] = key_lines[i];
        }
        for (size_t i = 0; i < sizeof about / sizeof *about; i++)
            help_lines[nhelp++] = about[i];
        if (draw_lines(d, 40, 40, help_lines, nhelp, w, h) < 0)
            return -1;
    }
    if (message && draw_lines(d, 0, h, &message, 1, w, h) < 0)
        return -1;
    return 0;
}

static TTF_Font *open_font(const struct viewer *v)
{
    char path[PATH_MAX], err[256];
    TTF_Font *font;

    if (v->font_path) {
        snprintf(path, sizeof path, "%s", v->font_path);
        if (font_check(path, err, sizeof err) < 0)
            die("%s", err);
    } else if (font_find(path, sizeof path, err, sizeof err) < 0)
        die("%s", err);
    font = TTF_OpenFont(path, font_px); /* render() sets the size for the window. */
    if (!font)
        die("cannot open font %s: %s", path, TTF_GetError());
    return font;
}

/* --once: renders all files into a memory surface and writes a PNG. */
static int run_once(struct viewer *v)
{
    struct draw d = {0};
    struct layout lo = {0};
    SDL_Surface *surf, *pic;
    char err[NOTE_MAX + 300], shot[4096];
    int bad = 0;

    for (int i = 0; i < v->n; i++) {
        struct followed *f = &v->f[i];
        int r = status_parse_file(f->fw.path, &f->fw.st, STATUS_DISPLAY_ONLY, err, sizeof err);
        if (r > 0)
            fprintf(stderr, "memview: %s:%d: %s\n", f->fw.path, r, err);
        else if (r < 0)
            fprintf(stderr, "memview: %s\n", err);
        f->fw.have = r == 0;
        bad |= r != 0;
    }
    if (bad) {
        for (int i = 0; i < v->n; i++)
            follow_free(&v->f[i].fw);
        return EXIT_BAD_FILE;
    }
    /* The same rules as the status file's path: a symlink is followed and
     * its target replaced (the link stays); a FIFO, a device or a directory
     * is refused, before anything is drawn. */
    if (status_target(v->shot, shot, sizeof shot, err, sizeof err) < 0)
        die("--screenshot %s: %s", v->shot, err);
    surf = SDL_CreateRGBSurfaceWithFormat(0, v->w, v->h, 32, SDL_PIXELFORMAT_RGB888);
    if (!surf)
        die("cannot make a %dx%d picture: %s", v->w, v->h, SDL_GetError());
    d.r = SDL_CreateSoftwareRenderer(surf);
    if (!d.r)
        die("cannot start the software renderer: %s", SDL_GetError());
    d.font = open_font(v);
    if (render(v, &d, v->w, v->h, &lo, 0, -1, -1, NULL, NULL, 0) < 0)
        die("drawing failed: %s", SDL_GetError());
    SDL_RenderPresent(d.r);
    pic = draw_read(&d, v->w, v->h);
    if (!pic)
        die("cannot read the picture back: %s", SDL_GetError());
    if (save_file(shot, 0, draw_put_png, pic, err, sizeof err) < 0)
        die("%s", err);
    printf("memview: wrote %s (%dx%d)\n", shot, v->w, v->h);
    SDL_FreeSurface(pic);
    layout_free(&lo);
    draw_free(&d);
    TTF_CloseFont(d.font);
    SDL_DestroyRenderer(d.r);
    SDL_FreeSurface(surf);
    for (int i = 0; i < v->n; i++)
        follow_free(&v->f[i].fw);
    return 0;
}

/* The inotify helper: wakes the event loop when the file's directory sees
 * an event about it. Ends when v->quit is set. */
static int watch_thread(void *arg)
{
    struct followed *f = arg;
    struct viewer *v = f->viewer;
    int fd = watch_open(f->fw.path);

    if (fd < 0)
        return 0; /* No inotify: the once-a-second poll still runs. */
    while (!SDL_AtomicGet(&v->quit)) {
        if (watch_wait(fd, f->fw.path, 200) == 1) {
            SDL_Event ev;
            SDL_zero(ev);
            ev.type = v->wake_event;
            ev.user.code = f->index;
            SDL_PushEvent(&ev);
        }
    }
    close(fd);
    return 0;
}

/* Writes a screenshot next to the first status file; says where in msg. */
static void screenshot(struct draw *d, int w, int h, const struct viewer *v, char *msg, size_t len)
{
    char path[PATH_MAX + 64], dir[PATH_MAX], stamp[32], err[300];
    const char *slash = strrchr(v->f[0].fw.path, '/');
    time_t t = time(NULL);
    struct tm tm;
    SDL_Surface *pic;
    int r;

    if (slash)
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - v->f[0].fw.path + 1), v->f[0].fw.path);
    else
        dir[0] = '\0';
    localtime_r(&t, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    pic = draw_read(d, w, h);
    if (!pic) {
        snprintf(msg, len, "screenshot failed: %s", SDL_GetError());
        fprintf(stderr, "memview: %s\n", msg);
        return;
    }
    /* Two presses in one second: -2, -3, ... rather than over the first;
     * save_file takes a name only when nobody has it. */
    snprintf(path, sizeof path, "%smemview-%s.png", dir, stamp);
    for (int k = 2; (r = save_file(path, SAVE_NEW, draw_put_png, pic, err, sizeof err)) < 0 &&
                    errno == EEXIST && k < 1000;
         k++)
        snprintf(path, sizeof path, "%smemview-%s-%d.png", dir, stamp, k);
    if (r < 0) {
        snprintf(msg, len, "screenshot failed: %s", err);
        fprintf(stderr, "memview: %s\n", msg);
    } else {
        snprintf(msg, len, "screenshot saved to %s", path);
        printf("memview: %s\n", msg);
        fflush(stdout);
    }
    SDL_FreeSurface(pic);
}

/* MEMVIEW_TRACE=FILE, for benchmarks: "presented SEQ TIME" after each frame
 * put on screen (SEQ of the first file, 0 before it exists; CLOCK_REALTIME). */
static void trace_present(const struct viewer *v)
{
    static FILE *fp;
    static int tried;
    struct timespec ts;

    if (!tried) {
        tried = 1;
        if (getenv("MEMVIEW_TRACE"))
            fp = fopen(getenv("MEMVIEW_TRACE"), "a");
    }
    if (!fp)
        return;
    clock_gettime(CLOCK_REALTIME, &ts);
    fprintf(fp, "presented %llu %lld.%09ld\n",
            (unsigned long long)(v->f[0].fw.have ? v->f[0].fw.st.seq : 0), (long long)ts.tv_sec,
            ts.tv_nsec);
    fflush(fp);
}

/* A frame could not be drawn (SDL_GetError() says why; a window of
 * 32767x32767 pixels is more than the software renderer can hold). Says so
 * on stderr once per reason and tries to put just that sentence on the
 * screen; the viewer goes on following the files either way. last keeps the
 * reason said last. */
static void drawing_failed(struct draw *d, int w, int h, char *last, size_t len)
{
    char why[512];
    const char *line = why;

    snprintf(why, sizeof why, "drawing failed at %dx%d: %s (make the window smaller)", w, h,
             SDL_GetError());
    if (strcmp(why, last) != 0) {
        fprintf(stderr, "memview: %s\n", why);
        snprintf(last, len, "%s", why);
    }
    if (SDL_SetRenderDrawColor(d->r, 255, 255, 255, 255) == 0 && SDL_RenderClear(d->r) == 0 &&
        draw_lines(d, 0, 0, &line, 1, w < 1 ? 1 : w, h < 1 ? 1 : h) == 0)
        SDL_RenderPresent(d->r);
}

/* Starts SDL's video and SDL_ttf. Dies when SDL cannot start, or reached no
 * display: then it falls back to its offscreen or dummy driver and the
 * window is drawn where nobody sees it (only a driver asked for in
 * SDL_VIDEODRIVER may be one of those). */
static void start_sdl(void)
{
    const char *driver;

    /* A flat 2-D picture: SDL's software renderer draws it in about 2 ms and
     * needs no OpenGL, which would cost ~50 MB and most of the start-up time
     * (Mesa and LLVM). SDL_RENDER_DRIVER and SDL_FRAMEBUFFER_ACCELERATION in
     * the environment still win. */
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    if (SDL_Init(SDL_INIT_VIDEO) < 0)
        die("cannot start SDL video (%s). Without a display, use --once --screenshot OUT.png, "
            "or run under xvfb-run",
            SDL_GetError());
    driver = SDL_GetCurrentVideoDriver();
    if (driver && !getenv("SDL_VIDEODRIVER") &&
        (strcmp(driver, "offscreen") == 0 || strcmp(driver, "dummy") == 0 ||
         strcmp(driver, "evdev") == 0)) {
        char name[32];
        snprintf(name, sizeof name, "%s", driver);
        SDL_Quit();
        die("cannot reach a display (DISPLAY=%s; SDL could only start its %s driver). Without "
            "a display, use --once --screenshot OUT.png, or run under xvfb-run",
            getenv("DISPLAY") ? getenv("DISPLAY") : "unset", name);
    }
    if (TTF_Init() < 0)
        die("cannot start SDL_ttf: %s", TTF_GetError());
}

/* Sets up the live viewer in l: SDL, the window, its renderer, the font and
 * the wake event; reads the files and starts their inotify helpers. Dies
 * (exit 2) when the window cannot be had; live_stop undoes the rest. */
static void live_start(struct viewer *v, struct live *l)
{
    char title[PATH_MAX + 32];

    start_sdl();
    snprintf(title, sizeof title, "memview - %s%s", v->f[0].fw.path, v->n > 1 ? " ..." : "");
    l->win = SDL_CreateWindow(title, SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, v->w, v->h,
                              SDL_WINDOW_RESIZABLE);
    if (!l->win)
        die("cannot open a window: %s", SDL_GetError());
    SDL_SetWindowMinimumSize(l->win, 480, 320);
    l->d.r = SDL_CreateRenderer(l->win, -1, 0);
    if (!l->d.r)
        l->d.r = SDL_CreateRenderer(l->win, -1, SDL_RENDERER_SOFTWARE);
    if (!l->d.r)
        die("cannot create a renderer: %s", SDL_GetError());
    l->d.font = open_font(v);
    v->wake_event = SDL_RegisterEvents(1);
    if (v->wake_event == (Uint32)-1)
        die("cannot register an SDL event: %s", SDL_GetError());
    for (int i = 0; i < v->n; i++) {
        follow_reload(&v->f[i].fw, 1);
        if (!v->poll_only) {
            v->f[i].thread = SDL_CreateThread(watch_thread, "watch", &v->f[i]);
            if (!v->f[i].thread)
                fprintf(stderr, "memview: no inotify thread (%s); polling once a second\n",
                        SDL_GetError());
        }
    }
    l->next_poll = SDL_GetTicks64() + (Uint64)poll_ms;
}

/* Draws the window (l->dirty or l->shot_wanted is set; now is the time of
 * this pass), or saves one screenshot. Returns 0 when the picture is on the
 * screen, 1 when the loop should come round again before it waits: a
 * screenshot was saved (the window is drawn again with its message), or
 * drawing failed (the next change or resize tries again). */
static int live_draw(struct viewer *v, struct live *l, Uint64 now)
{
    /* The picture saved by s is what the window shows, without the message
     * line of an earlier s. */
    const char *m = l->msg_until > now && !l->shot_wanted ? l->msg : NULL;
    int w = 0, h = 0;

    if (SDL_GetRendererOutputSize(l->d.r, &w, &h) < 0 ||
        render(v, &l->d, w, h, &l->lo, l->help, l->mx, l->my, m, l->tip, sizeof l->tip) < 0) {
        drawing_failed(&l->d, w, h, l->draw_err, sizeof l->draw_err);
        if (l->shot_wanted)
            fprintf(stderr, "memview: screenshot failed: nothing could be drawn\n");
        l->shot_wanted = 0;
        l->dirty = 0;
        return 1; /* Keep following. */
    }
    l->draw_err[0] = '\0';
    if (l->shot_wanted) {
        /* One picture per press, each under its own name. */
        screenshot(&l->d, w, h, v, l->msg, sizeof l->msg);
        l->msg_until = SDL_GetTicks64() + MESSAGE_MS;
        l->shot_wanted--;
        l->dirty = 1;
        return 1; /* Draw again, now with the message. */
    }
    SDL_RenderPresent(l->d.r);
    trace_present(v);
    l->dirty = 0;
    return 0;
}

/* The key's row in keys[] (config.h), or NULL. */
static const struct key *key_find(SDL_Keycode k)
{
    for (size_t i = 0; i < NKEYS; i++)
        for (int j = 0; j < 3 && keys[i].code[j]; j++)
            if (k == keys[i].code[j])
                return &keys[i];
    return NULL;
}

/* Does what one event asks: quit, note a woken file, run a key's handler,
 * redraw for the window or for a tooltip that changed. */
static void live_event(struct viewer *v, struct live *l, const SDL_Event *ev)
{
    if (ev->type == SDL_QUIT) {
        l->running = 0;
    } else if (ev->type == v->wake_event) {
        /* Only noted here: a file rewritten every 100 ms sends wakes faster
         * than a large one parses. */
        if (ev->user.code >= 0 && ev->user.code < v->n)
            v->f[ev->user.code].wake = 1;
    } else if (ev->type == SDL_KEYDOWN) {
        const struct key *key = key_find(ev->key.keysym.sym);
        if (key)
            key->fn(v, l);
    } else if (ev->type == SDL_WINDOWEVENT) {
        if (ev->window.event == SDL_WINDOWEVENT_LEAVE)
            l->mx = l->my = -1; /* No tooltip for a pointer gone elsewhere. */
        l->dirty = 1;
    } else if (ev->type == SDL_MOUSEMOTION) {
        char now_tip[LAY_TIP_MAX];
        l->mx = ev->motion.x;
        l->my = ev->motion.y;
        layout_tip(&l->lo, l->mx, l->my, now_tip, sizeof now_tip);
        if (strcmp(now_tip, l->tip) != 0) {
            snprintf(l->tip, sizeof l->tip, "%s", now_tip);
            l->dirty = 1;
        }
    }
}

/* Reads what changed: each woken file once, at its newest, after the whole
 * batch of events (the loop then draws before it reads again), and when the
 * poll is due, every file this pass has not read, the "ago" texts and the
 * message's time. inotify saw a write or a rename, so a woken file is read
 * even when stat() looks the same: a file system may give a new file the
 * inode, size and (coarse) time of the one it replaced. */
static void live_read(struct viewer *v, struct live *l)
{
    int read_now[LAY_VIEWS_MAX] = {0};
    Uint64 now;

    for (int i = 0; i < v->n; i++)
        if (v->f[i].wake) {
            v->f[i].wake = 0;
            read_now[i] = 1;
            l->dirty |= follow_reload(&v->f[i].fw, 1);
        }
    now = SDL_GetTicks64();
    if (now < l->next_poll)
        return;
    for (int i = 0; i < v->n; i++) {
        char ago[24];
        if (!read_now[i])
            l->dirty |= follow_reload(&v->f[i].fw, 0);
        /* Redraw when the "last change ... ago" text changes. */
        layout_age(age_of(v, &v->f[i]), ago, sizeof ago);
        if (strcmp(ago, v->f[i].ago) != 0) {
            snprintf(v->f[i].ago, sizeof v->f[i].ago, "%s", ago);
            l->dirty = 1;
        }
    }
    if (l->msg_until && now >= l->msg_until) {
        l->msg_until = 0;
        l->dirty = 1;
    }
    l->next_poll = now + (Uint64)poll_ms;
}

/* The event loop: draws when something changed, sleeps in
 * SDL_WaitEventTimeout until the next poll is due, handles the batch of
 * events, reads what changed. Returns when l->running is 0. */
static void live_run(struct viewer *v, struct live *l)
{
    while (l->running) {
        SDL_Event ev;
        Uint64 now = SDL_GetTicks64();
        int timeout = now >= l->next_poll ? 0 : (int)(l->next_poll - now);

        if ((l->dirty || l->shot_wanted) && live_draw(v, l, now))
            continue;
        /* A return of 0 means the timeout passed (or an error: poll anyway). */
        if (SDL_WaitEventTimeout(&ev, timeout)) {
            do
                live_event(v, l, &ev);
            while (SDL_PollEvent(&ev));
        }
        if (!l->running)
            break; /* q: no more reading of large files. */
        live_read(v, l);
    }
}

/* Undoes live_start: stops the inotify helpers, frees the files, the
 * layout, the caches, the font, the renderer and the window, and quits
 * SDL. The one way out of the live viewer that does not die. */
static void live_stop(struct viewer *v, struct live *l)
{
    SDL_AtomicSet(&v->quit, 1);
    for (int i = 0; i < v->n; i++) {
        if (v->f[i].thread)
            SDL_WaitThread(v->f[i].thread, NULL);
        follow_free(&v->f[i].fw);
    }
    layout_free(&l->lo);
    draw_free(&l->d);
    TTF_CloseFont(l->d.font);
    SDL_DestroyRenderer(l->d.r);
    SDL_DestroyWindow(l->win);
    IMG_Quit();
    TTF_Quit();
    SDL_Quit();
}

/* The live viewer: a window that follows the files until q, Esc or the
 * window is closed. Returns 0 (what cannot start dies with exit 2). */
static int run_live(struct viewer *v)
{
    /* Running, to draw, no help, no screenshot, no pointer. */
    struct live l = {.running = 1, .dirty = 1, .mx = -1, .my = -1};

    live_start(v, &l);
    live_run(v, &l);
    live_stop(v, &l);
    return 0;
}

int main(int argc, char **argv)
{
    static struct viewer v;
    int r;

    v.w = default_w;
    v.h = default_h;
    v.scale = 1;
    parse_args(argc, argv, &v);
    check_args(&v);
    if (v.scale == 0)
        v.scale = 1; /* --scale 0: automatic. */
    if (v.once) {
        if (TTF_Init() < 0)
            die("cannot start SDL_ttf: %s", TTF_GetError());
        r = run_once(&v);
        IMG_Quit();
        TTF_Quit();
        SDL_Quit();
        return r;
    }
    return run_live(&v);
}
