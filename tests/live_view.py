#!/usr/bin/env python3
"""live_view.py: memview in a real X window follows the status file.

Run under Xvfb:  xvfb-run -a -s "-screen 0 1280x800x24" \\
                     tests/live_view.py build/memview build/memtrack
For inotify and then for --poll-only: memview starts before the file exists
and shows the waiting banner; memtrack then allocates P1 and the window must
show P1's colour within 2 seconds (screenshots with xwd); a file that does not
parse brings up the error banner while the last good state stays; SIGTERM
closes memview cleanly. Ends with "N passed, N failed".
"""
import os
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tally import Tally  # noqa: E402
import xwd  # noqa: E402

P1 = 0xDDCC77      # palette[0], process 1 (visualizer/config.h)
INFO = 0x2D5F8A    # col_info: the waiting banner
ERROR = 0xB3261E   # col_error: the error banner
MIN_PIXELS = 200   # enough pixels of a colour to count as "shown"


def shot(tmp):
    path = os.path.join(tmp, "shot.xwd")
    subprocess.run(["xwd", "-root", "-silent", "-out", path], check=True)
    return xwd.Image(path)


def tail(path, n=2000):
    """The last n characters of a log file."""
    with open(path, "rb") as f:
        return f.read().decode(errors="replace")[-n:]


def seen(tmp):
    """What the screen shows now, for a failure's message."""
    im = shot(tmp)
    return "(screen now: %d px of P1, %d of the waiting banner, %d of the error banner)" % (
        im.count(P1), im.count(INFO), im.count(ERROR))


def wait_for(tmp, cond, limit):
    """Takes screenshots until cond(image) holds; returns seconds taken or None."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < limit:
        if cond(shot(tmp)):
            return time.monotonic() - t0
        time.sleep(0.03)
    return None


def keys(tmp, view, check):
    """Types at the window the way a person would (xdotool): s saves a PNG
    next to the status file, h shows the help, + - 0 change the size, a
    resize keeps the picture, q quits with status 0."""
    TIP = 0xFFFBE0  # col_tip: help and tooltip background
    wid, t0, why = [], time.monotonic(), ""
    while not wid and time.monotonic() - t0 < 5 and view.poll() is None:
        r = subprocess.run(["xdotool", "search", "--name", "^memview"], capture_output=True,
                           text=True)
        wid, why = r.stdout.split(), "xdotool exit %d: %s" % (r.returncode, r.stderr.strip())
        if not wid:
            time.sleep(0.2)
    if view.poll() is not None:
        why = "memview exited with %s: %s" % (view.returncode, tail(view.errlog))
    check("window found by its title", len(wid) > 0, "(%s)" % why)
    if not wid:
        view.kill()
        view.wait()
        return
    subprocess.run(["xdotool", "windowfocus", "--sync", wid[0]], check=False)
    subprocess.run(["xdotool", "mousemove", "1200", "790"], check=False)  # off the window
    before = shot(tmp).count(TIP)
    subprocess.run(["xdotool", "key", "s"], check=False)
    t0 = time.monotonic()
    pngs = []
    while time.monotonic() - t0 < 3 and not pngs:
        pngs = [n for n in os.listdir(tmp) if n.startswith("memview-") and n.endswith(".png")]
        time.sleep(0.05)
    check("s saves a screenshot next to the status file", len(pngs) == 1)
    if pngs:
        with open(os.path.join(tmp, pngs[0]), "rb") as f:
            check("the screenshot is a PNG", f.read(8) == b"\x89PNG\r\n\x1a\n")
    time.sleep(4.2)  # let the "saved" message go
    subprocess.run(["xdotool", "key", "h"], check=False)
    t = wait_for(tmp, lambda im: im.count(TIP) > before + 5000, 3)
    check("h shows the help", t is not None)
    subprocess.run(["xdotool", "key", "h"], check=False)
    t = wait_for(tmp, lambda im: im.count(TIP) <= before + 100, 3)
    check("h again hides it", t is not None)
    # + makes text and bars larger (the bars lose height to the text, so P1's
    # pixels change); 0 goes back to the automatic size, the same picture.
    p1 = shot(tmp).count(P1)
    subprocess.run(["xdotool", "key", "plus"], check=False)
    t = wait_for(tmp, lambda im: im.count(P1) != p1, 3)
    check("+ makes everything larger", t is not None, "(P1 had %d px)" % p1)
    subprocess.run(["xdotool", "key", "0"], check=False)
    t = wait_for(tmp, lambda im: im.count(P1) == p1, 3)
    check("0 goes back to the automatic size", t is not None)
    subprocess.run(["xdotool", "key", "KP_Subtract"], check=False)
    t = wait_for(tmp, lambda im: im.count(P1) != p1, 3)
    check("keypad - makes everything smaller", t is not None)
    subprocess.run(["xdotool", "key", "0"], check=False)
    wait_for(tmp, lambda im: im.count(P1) == p1, 3)
    subprocess.run(["xdotool", "windowsize", "--sync", wid[0], "600", "420"], check=False)
    t = wait_for(tmp, lambda im: im.count(P1) > MIN_PIXELS, 3)
    check("after a resize the frames are drawn again", t is not None)
    subprocess.run(["xdotool", "key", "q"], check=False)
    try:
        rc = view.wait(5)
    except subprocess.TimeoutExpired:
        view.kill()
        rc = None
    check("q quits with status 0", rc == 0, "(exit %s)" % rc)


def main():
    memview, memtrack = (os.path.abspath(p) for p in sys.argv[1:3])
    tally = Tally()
    check = tally.check

    for mode in ("inotify", "poll-only"):
        with tempfile.TemporaryDirectory() as tmp:
            status = os.path.join(tmp, "ms")
            args = [memview, "--status", status, "--size", "900x600"]
            if mode == "poll-only":
                args.append("--poll-only")
            # stderr to a file: a pipe nobody reads until the end could fill and stop it.
            view = xwd.start_memview(args, os.path.join(tmp, "memview.err"))
            view.errlog = view.errpath
            # How fast memview starts is make bench's business; a first start on a
            # fresh machine can be slow, so this waits long and says how long it took.
            t = wait_for(tmp, lambda im: im.count(INFO) > MIN_PIXELS, 30)
            check(mode + ": waiting banner before the file exists", t is not None,
                  "" if t is not None else "%s memview %s: %s" % (
                      seen(tmp), "exited with %s" % view.returncode
                      if view.poll() is not None else "still runs", tail(view.errlog)))
            print("%s: waiting banner after %s" % (mode, "%.2f s" % t if t else "never"))

            script = os.path.join(tmp, "s.mt")
            with open(script, "w") as f:
                f.write("alloc 1 10000\nseg alloc code 300\n")
            subprocess.run([memtrack, "--no-sync", "--status", status, "--script", script],
                           stdout=subprocess.DEVNULL, check=True)
            t = wait_for(tmp, lambda im: im.count(P1) > MIN_PIXELS, 5)
            limit = 2.0
            check(mode + ": change shown within %.1f s" % limit, t is not None and t <= limit,
                  "(took %s) %s" % ("%.2f s" % t if t is not None else "over 5 s", seen(tmp)))
            print("%s: change shown after %s" % (mode, "%.2f s" % t if t else "never"))

            bad = os.path.join(tmp, "bad")
            with open(bad, "w") as f:
                f.write("memtrack-status 1\nseq 99\nthis is not a record\n")
            os.rename(bad, status)
            t = wait_for(tmp, lambda im: im.count(ERROR) > MIN_PIXELS, 5)
            check(mode + ": error banner for a bad file", t is not None and t <= 2.0, seen(tmp))
            check(mode + ": last good state still shown", shot(tmp).count(P1) > MIN_PIXELS,
                  seen(tmp))

            if mode == "inotify":
                keys(tmp, view, check)
                continue
            view.send_signal(signal.SIGTERM)
            try:
                rc = view.wait(5)
            except subprocess.TimeoutExpired:
                view.kill()
                rc = None
            err = tail(view.errlog)
            check(mode + ": memview exits cleanly", rc == 0, "(exit %s) %s" % (rc, err[-2000:]))

    print(tally.summary())
    return tally.exit_code()


if __name__ == "__main__":
    sys.exit(main())
