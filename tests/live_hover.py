#!/usr/bin/env python3
"""live_hover.py: use memview's window the way an instructor does, and it holds.

Run under Xvfb with a screen larger than the window:
    xvfb-run -a -s "-screen 0 2000x1400x24" \\
        tests/live_hover.py build/memview build/memtrack

For eleven memories (memory_status.sample; ten processes with five segments;
1,048,576 frames given out by the random policy to four processes; virtual
memory with its exam table, compare chart, page strips and a release; a
sparse 160 GiB address space with folded page strips, a TLB grid, address
spaces with protection bands, the address split and segments; page tables
in frames with the walk's arrows, two levels and linear; the heap under
each allocator: free list, buddy, slab, pool; quizzes of all nine kinds) it starts
memview, then sweeps the pointer over every part of the window on a grid
(cells, legend, segments, holes, header, blank space), clicks, presses every
key memview knows and a few it does not, resizes the window (small, large,
tiny, back) and sweeps again after each, all while another process replaces
the status file with a different state every 50 ms. memview must still run
after each step, quit with status 0 on q, and print no sanitizer report. Run
with an ASan build and ASAN_OPTIONS=detect_stack_use_after_return=1 this is
the test that found the hover crash (a layout that kept a pointer into a dead
stack frame) and the reload crash (a layout pointing into a freed state).
Ends with "N passed, N failed".
"""
import ctypes
import ctypes.util
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tally import Tally  # noqa: E402
import xwd  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEYS = ["h", "h", "question", "slash", "slash", "r", "s", "plus", "minus", "minus", "0",
        "equal", "KP_Add", "KP_Subtract", "a", "space", "Return", "Left", "Right", "F1",
        "Tab", "BackSpace"]
SANITIZER = (b"ERROR: AddressSanitizer", b"runtime error:", b"ERROR: LeakSanitizer")


def make_states(memtrack, tmp):
    """Writes two states of each memory with memtrack; returns
    [(name, first, second, flags)]."""
    def run(name, flags, lines):
        path = os.path.join(tmp, name)
        script = path + ".mt"
        with open(script, "w") as f:
            f.write("\n".join(lines) + "\n")
        subprocess.run([memtrack, "--no-sync", "--status", path, "--script", script] + flags,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        return path

    out = []
    small_b = run("small-b", [], ["alloc 1 10000", "alloc 2 20000", "seg alloc code 4000",
                                  "seg alloc heap 100", "translate 1 5000"])
    small_a = os.path.join(tmp, "small-a")
    shutil.copy(os.path.join(ROOT, "memory_status.sample"), small_a)
    out.append(("sample", small_a, small_b))

    ten = ["alloc %d %d" % (p, 3000 * p + 500) for p in range(1, 11)]
    ten += ["seg alloc %s %d" % (n, s) for n, s in
            (("code", 5000), ("data", 900), ("heap", 12000), ("stack", 64), ("bss", 3))]
    ten_a = run("ten-a", ["--frames", "64"], ten)
    ten_b = run("ten-b", ["--frames", "64"],
                ten + ["free 3", "free 7", "seg free heap", "alloc 11 7000", "seg alloc x 20"])
    out.append(("ten processes, five segments", ten_a, ten_b))

    big = ["alloc 1 1G", "alloc 2 1G", "alloc 3 512M", "alloc 4 256M"]
    flags = ["--frames", "1048576", "--page-size", "4096", "--frame-policy", "random"]
    big_a = run("million-a", flags, big)
    big_b = run("million-b", flags, big + ["free 2", "alloc 5 300M"])
    out.append(("1,048,576 random frames", big_a, big_b))

    # Virtual memory: frames with R/D marks and the clock hand, page strips,
    # the exam table, the hit/miss strip and the compare chart (a); two
    # processes with writes, swap and a release under lru (b).
    vm_a = run("vm-a", ["--vm", "--frames", "4", "--replace", "clock"],
               ["alloc 1 40K", "refs 1 1 2 3 4 1 2 5 1 2 3 4 5",
                "compare 1,2,3,4,1,2,5,1,2,3,4,5 frames=1-6"])
    vm_b = run("vm-b", ["--vm", "--frames", "6", "--swap", "8", "--replace", "lru"],
               ["alloc 1 64K", "alloc 2 32K", "refs 1 0w 1 2w 3 4 5w 6 0 1 7w",
                "refs 2 0 1w 2 3w 0", "free 2", "refs 1 8 9w 10 0"])
    out.append(("virtual memory", vm_a, vm_b))

    # Translation hardware: a sparse 160 GiB process (its strip folds the
    # untouched runs), a 2-way TLB, protection bands, the last address split
    # and a segment bar below (a); a protection fault, an instruction fetch
    # and a TLB flush (b).
    flags = ["--vm", "--frames", "16", "--tlb", "8", "--tlb-ways", "2",
             "--address-space", "256G", "--replace", "lru"]
    sparse = ["alloc 1 160G rwx", "alloc 2 16K rx", "seg alloc code 3000", "seg alloc heap 900"]
    sparse += ["refs 1 " + " ".join("%d%s" % (a + g, "w" if g % 3 == 0 else "")
                                    for g in range(8))
               for a in (264, 16384, 20000, 33554000)]
    tr_a = run("tlb-a", flags, sparse + ["access 1 0x108000 x", "access 2 0x1000 x"])
    tr_b = run("tlb-b", flags, sparse + ["access 2 0x1000 w", "tlb flush", "access 1 0x4000000 r"])
    out.append(("TLB, address spaces, a sparse strip", tr_a, tr_b))

    # Page tables in frames (status format 6, the fuzz seeds): table frames
    # hatched and labelled, the walk's split and its arrows; two levels with
    # table pages just allocated over data pages (a), a linear table with a
    # TLB whose last access hit (b).
    out.append(("page tables in frames", os.path.join(ROOT, "tests/fuzz/status/vm-ptable"),
                os.path.join(ROOT, "tests/fuzz/status/vm-ptable-linear")))

    # The heap (status format 7, the fuzz seeds): a free list with headers,
    # padding and holes numbered in list order flipped with a buddy heap and
    # its tree (a, b); slab caches' rows flipped with pools' rows.
    seeds = os.path.join(ROOT, "tests/fuzz/status")
    out.append(("heap: free list and buddy", os.path.join(seeds, "heap-freelist"),
                os.path.join(seeds, "heap-buddy")))
    out.append(("heap: slab and pool", os.path.join(seeds, "heap-slab"),
                os.path.join(seeds, "heap-pool")))
    # A quiz (status format 8, the fuzz seeds): the page table and answer
    # slots of a translation quiz flipped with a policy's exam table; a
    # segmentation quiz's bars flipped with a free list's heap; memory's
    # 128 pages flipped with a long -A list (quiz-more); tooltips with the
    # explanations of answered questions, many lines each.
    out.append(("quiz: translate and policy", os.path.join(seeds, "quiz-translate"),
                os.path.join(seeds, "quiz-policy")))
    out.append(("quiz: segment and malloc", os.path.join(seeds, "quiz-segment"),
                os.path.join(seeds, "quiz-malloc")))
    out.append(("quiz: multilevel and a long list", os.path.join(seeds, "quiz-multilevel"),
                os.path.join(seeds, "quiz-long")))
    # memtrack's own kinds: an exam table flipped with a TLB walk (2 ways, 4
    # sets); fragmentation's pages and segment memory flipped with
    # compaction's two bars.
    out.append(("quiz: exam and tlb", os.path.join(seeds, "quiz-exam"),
                os.path.join(seeds, "quiz-tlb")))
    out.append(("quiz: frag and compact", os.path.join(seeds, "quiz-frag"),
                os.path.join(seeds, "quiz-compact")))
    return out


class Flipper(threading.Thread):
    """Replaces status with a copy of a or b in turn, every 50 ms, atomically."""

    def __init__(self, status, a, b):
        super().__init__(daemon=True)
        self.status, self.src, self.stop = status, (a, b), threading.Event()
        self.count = 0

    def run(self):
        tmp = self.status + ".flip"
        while not self.stop.is_set():
            shutil.copy(self.src[self.count % 2], tmp)
            os.replace(tmp, self.status)
            self.count += 1
            self.stop.wait(0.05)


def xdo(*args):
    return subprocess.run(["xdotool"] + [str(a) for a in args], capture_output=True, text=True)


def geometry(wid):
    """The window's (x, y, w, h) on the screen, or None."""
    r = xdo("getwindowgeometry", "--shell", wid)
    vals = dict(line.split("=", 1) for line in r.stdout.split() if "=" in line)
    try:
        return tuple(int(vals[k]) for k in ("X", "Y", "WIDTH", "HEIGHT"))
    except (KeyError, ValueError):
        return None


class Pointer:
    """The X pointer, moved and clicked through the XTEST extension (what
    xdotool uses), from this process: one xdotool call per point would take
    minutes for a sweep."""

    def __init__(self):
        self.x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
        self.xtst = ctypes.CDLL(ctypes.util.find_library("Xtst") or "libXtst.so.6")
        self.x11.XOpenDisplay.restype = ctypes.c_void_p
        self.x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self.x11.XFlush.argtypes = [ctypes.c_void_p]
        self.x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self.x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self.xtst.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int,
                                                   ctypes.c_int, ctypes.c_ulong]
        self.xtst.XTestFakeButtonEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int,
                                                   ctypes.c_ulong]
        self.dpy = self.x11.XOpenDisplay(None)
        if not self.dpy:
            raise RuntimeError("cannot open the X display")

    def move(self, x, y):
        self.xtst.XTestFakeMotionEvent(self.dpy, -1, int(x), int(y), 0)

    def click(self, button):
        self.xtst.XTestFakeButtonEvent(self.dpy, button, 1, 0)
        self.xtst.XTestFakeButtonEvent(self.dpy, button, 0, 0)

    def sync(self):
        self.x11.XSync(self.dpy, 0)

    def close(self):
        self.x11.XCloseDisplay(self.dpy)


def sweep(ptr, wid, step_x, step_y, clicks):
    """Moves the pointer over the whole window on a grid, row by row, and
    clicks (left, middle, right, wheel up and down) every few points when
    clicks is set. Returns the number of points visited."""
    g = geometry(wid)
    if not g:
        return 0
    x0, y0, w, h = g
    n = 0
    for y in list(range(0, h, step_y)) + [h - 1]:
        for x in list(range(0, w, step_x)) + [w - 1]:
            ptr.move(x0 + x, y0 + y)
            n += 1
            if clicks and n % 23 == 5:
                ptr.click(1 + (n // 23) % 5)
        ptr.sync()
        time.sleep(0.002)
    ptr.move(x0 + w + 20, y0 + h + 20)  # and off the window
    ptr.sync()
    return n


def alive(view):
    return view.poll() is None


def one(memview, ptr, name, a, b, tmp, check):
    status = os.path.join(tmp, "status")
    shutil.copy(a, status)
    errpath = os.path.join(tmp, "memview.err")
    view = xwd.start_memview([memview, "--status", status, "--size", "1280x800"], errpath,
                             cwd=tmp)
    wid, t0 = [], time.monotonic()
    while not wid and time.monotonic() - t0 < 30 and alive(view):
        wid = xdo("search", "--name", "^memview").stdout.split()
        if not wid:
            time.sleep(0.2)
    if not check(name + ": window found", len(wid) > 0, "(memview exit %s)" % view.poll()):
        view.kill()
        view.wait()
        return
    wid = wid[0]
    xdo("windowmove", "--sync", wid, 0, 0)
    xdo("windowfocus", "--sync", wid)
    flip = Flipper(status, a, b)
    flip.start()

    steps = [("sweep at 1280x800", None)]
    steps += [("keys", None)]
    for size in ((480, 320), (1900, 1300), (40, 30), (1, 1), (700, 500), (1280, 800)):
        steps.append(("resize to %dx%d and sweep" % size, size))
    for what, size in steps:
        if what == "keys":
            g = geometry(wid) or (0, 0, 1, 1)
            ptr.move(g[0] + g[2] // 3, g[1] + g[3] // 3)
            ptr.sync()
            for k in KEYS:
                xdo("key", k)
                time.sleep(0.02)
        else:
            if size:
                xdo("windowsize", "--sync", wid, size[0], size[1])
                time.sleep(0.1)
            g = geometry(wid)
            small = g and (g[2] < 100 or g[3] < 100)
            n = sweep(ptr, wid, 1 if small else 5, 1 if small else 4, clicks=True)
            print("%s: %s: %d points" % (name, what, n))
        time.sleep(0.2)
        check("%s: memview runs after %s" % (name, what), alive(view),
              "(exit %s)" % view.poll())
        if not alive(view):
            break
    flip.stop.set()
    flip.join()
    check(name + ": the file was replaced under it", flip.count >= 10,
          "(%d times)" % flip.count)
    # q, with the pointer inside and the focus on the window (without a window
    # manager the focus follows the pointer); again if the first was lost.
    rc = None
    for _ in range(3):
        if not alive(view):
            break
        g = geometry(wid) or (0, 0, 1, 1)
        ptr.move(g[0] + g[2] // 2, g[1] + g[3] // 2)
        ptr.sync()
        xdo("windowfocus", "--sync", wid)
        xdo("key", "q")
        try:
            rc = view.wait(10)
        except subprocess.TimeoutExpired:
            pass
    if rc is None and alive(view):
        view.kill()
        view.wait()
    rc = view.returncode
    with open(errpath, "rb") as f:
        log = f.read()
    check(name + ": q quits with status 0", rc == 0, "(exit %s)" % rc)
    bad = [s for s in SANITIZER if s in log]
    check(name + ": no sanitizer report", not bad, log[-3000:].decode(errors="replace"))
    print("%s: %d file replacements while it ran; exit %s" % (name, flip.count, rc))


def main():
    memview, memtrack = (os.path.abspath(p) for p in sys.argv[1:3])
    tally = Tally()
    ptr = Pointer()
    with tempfile.TemporaryDirectory() as tmp:
        for name, a, b in make_states(memtrack, tmp):
            with tempfile.TemporaryDirectory() as run_dir:
                one(memview, ptr, name, a, b, run_dir, tally.check)
    ptr.close()
    print(tally.summary())
    return tally.exit_code()


if __name__ == "__main__":
    sys.exit(main())
