#!/usr/bin/env python3
"""bench.py: memtrack's and memview's costs as the memory grows (make bench).

usage: xvfb-run -a -s "-screen 0 1280x800x24" tests/bench/bench.py BUILD_DIR [OUT.md]
       tests/bench/bench.py --self-test    (checks the latency matching; make test runs it)

For 16, 4096, 65536 and 1,048,576 frames of 4 KiB, each with the `first` and the
`random` frame policy, a realistic mix of processes fills three quarters of
the frames. Then it measures:
- memtrack: time per change (a small process allocated and freed in turn)
  including the status-file rewrite, with fsync and with --no-sync, from
  MEMTRACK_TRACE timestamps; the status file's size; peak RSS;
- the file system's floor: replacing a file of the status file's size the
  way the tracker does, with nothing to format (tests/bench/bench_write);
- memtrack: commands per second of a 100,000-line script (BENCH_SCRIPT_LINES)
  with --no-sync (half changes, half translations, each a rewrite);
  each memtrack figure is the median of BENCH_RUNS runs (default 3);
- memview: parse, layout and render (software renderer, 1280x800) as
  medians of repeated runs (tests/bench/bench_view);
- memview in a real window (Xvfb): time from start to the first frame on
  screen, peak RSS, CPU used while idle over 10 s (first policy);
- change-to-screen latency at 16 frames: from memtrack's rename to the first
  frame memview presents (MEMVIEW_TRACE) that shows the write's sequence
  number or a later one, over 100 changes, with inotify and with --poll-only.
Every figure is a median of several runs or events; random/first ratios are
taken in the same run. With OUT.md, the tables replace the part of OUT.md
between the "bench:begin" and "bench:end" markers.

The virtual-memory part (written between "bench-vm:begin" and "bench-vm:end"):
- the model alone: accesses a second of each replacement policy replaying a
  seeded 10-million-access string (BENCH_VM_ACCESSES) at 64, 4096 and
  1,048,576 frames with NULL notes, medians of BENCH_RUNS runs
  (tests/bench/bench_vm.c describes the string);
- end to end: the same string as a one-page-a-line file, replayed by
  `memtrack --vm --frames N --replace P --no-sync --script` (`alloc`, then
  `trace FILE 1`): wall time, including reading the file, the first 1000
  accesses printed and the status writes (at most every 100 ms);
- a lackey trace of a real program, if valgrind is installed: the time
  valgrind took to record `ls /usr/bin` and the time memtrack takes to
  replay it, and their ratio.
BENCH_PARTS=vm runs only this part, BENCH_PARTS=base only the rest (no
display needed for vm); the default runs all three.

The heap part (written between "bench-heap:begin" and "bench-heap:end"):
for heaps of 64 KiB, 1 MiB, 16 MiB, 256 MiB and 1 GiB, each allocator plays
the same seeded workload of BENCH_HEAP_OPS (default 1,000,000) malloc and
free operations (tests/bench/bench_heap.c describes it): steps per
operation (mean, max), nanoseconds per operation (the median of BENCH_RUNS
runs), and each allocator's time per operation over its 64 KiB one and over
the pool's at the same heap (ratios of figures of the same run).
BENCH_PARTS=heap runs only this part (no display needed).
"""
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time

SIZES = [16, 4096, 65536, 1 << 20]
POLICIES = ["first", "random"]
PAGE = 4096
RUNS = int(os.environ.get("BENCH_RUNS", "3"))  # runs of each tracker figure; the median is kept
SCRIPT_LINES = int(os.environ.get("BENCH_SCRIPT_LINES", "100000"))  # lines of the long script
PARTS = os.environ.get("BENCH_PARTS", "base,vm,heap").split(",")  # which parts to run
VM_FRAMES = [64, 4096, 1 << 20]
VM_POLICIES = ["fifo", "lru", "clock", "random", "opt", "mru", "ostep-clock"]
VM_ACCESSES = int(os.environ.get("BENCH_VM_ACCESSES", "10000000"))  # length of the string
HEAP_SIZES = [64 << 10, 1 << 20, 16 << 20, 256 << 20, 1 << 30]
HEAP_KINDS = ["freelist", "buddy", "slab", "pool"]
HEAP_OPS = int(os.environ.get("BENCH_HEAP_OPS", "1000000"))  # malloc and free operations
VM_TARGET = {"opt": 2e6, "mru": None, "ostep-clock": None}  # accesses/s asked; others 10M


def setup_script(n, policy, seed=1):
    """Processes of random sizes filling three quarters of n frames."""
    rng = random.Random(seed)
    lines = ["frame-policy random 7"] if policy == "random" else []
    used, pid, target = 0, 1, max(1, n * 3 // 4)
    while used < target:
        pages = min(rng.randint(1, max(1, n // 16)), target - used)
        lines.append("alloc %d %d" % (pid, pages * PAGE - rng.randint(0, PAGE - 1)))
        used += pages
        pid += 1
    return "\n".join(lines) + "\n"


def vm_hwm(pid):
    """The peak RSS in KiB of a running process (VmHWM), or 0 once it is gone."""
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run(args, env=None, stdin=None, rss=False):
    """Runs args; returns (seconds, peak RSS in KiB or 0). The peak is read
    from /proc every 20 ms while it runs (rusage's ru_maxrss would count
    the Python process it was forked from); stdin should then end with a
    `sleep` so that the last state is seen."""
    t0 = time.monotonic()
    p = subprocess.Popen(args, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    if stdin:
        p.stdin.write(stdin.encode())
        p.stdin.close()
    peak = 0
    while rss and p.poll() is None:
        peak = max(peak, vm_hwm(p.pid))
        time.sleep(0.02)
    p.wait()
    return time.monotonic() - t0, peak


def trace_deltas(path, skip):
    ts = [float(l.split()[2]) for l in open(path)]
    return [b - a for a, b in zip(ts[skip:], ts[skip + 1:])]


def med(v):
    return statistics.median(v) if v else float("nan")


def tracker_figures(build, tmp, n, policy):
    memtrack = os.path.join(build, "memtrack")
    base = os.path.join(tmp, "base-%d-%s" % (n, policy))
    with open(base + ".mt", "w") as f:
        f.write(setup_script(n, policy))
    run([memtrack, "--frames", str(n), "--no-sync", "--status", base, "--script", base + ".mt"])
    size = os.path.getsize(base)
    k = {16: 400, 4096: 200, 65536: 100, 1 << 20: 20}[n]
    changes = "".join("alloc 999999 10000\n" if i % 2 == 0 else "free 999999\n" for i in range(k))
    changes += "sleep 0.1\n"  # for the last reading of the peak RSS
    out = {"size": size}
    work = os.path.join(tmp, "work")
    rss = []
    for sync in (False, True):
        per_run = []
        for _ in range(RUNS):
            subprocess.run(["cp", base, work], check=True)
            trace = os.path.join(tmp, "trace")
            if os.path.exists(trace):
                os.unlink(trace)
            env = dict(os.environ, MEMTRACK_TRACE=trace)
            args = [memtrack, "--resume", "--status", work] + ([] if sync else ["--no-sync"])
            _, r = run(args, env=env, stdin=changes, rss=True)
            rss.append(r)
            # Skip the first write (resume) and the last (exit): changes only.
            per_run.append(med(trace_deltas(trace, 1)[:-1]) * 1e3)
        out["sync" if sync else "nosync"] = med(per_run)
    out["rss"] = med(rss)
    # Half changes (an alloc or a free, each a rewrite), half translations.
    rng = random.Random(2)
    script = []
    for i in range(SCRIPT_LINES):
        if i % 2 == 0:
            script.append("alloc 999999 10000" if i % 4 == 0 else "free 999999")
        else:
            script.append("translate 1 %d" % rng.randrange(0, PAGE))
    with open(os.path.join(tmp, "long.mt"), "w") as f:
        f.write("\n".join(script) + "\n")
    cps = []
    for _ in range(RUNS):
        subprocess.run(["cp", base, work], check=True)
        secs, _ = run([memtrack, "--resume", "--no-sync", "--status", work, "--script",
                       os.path.join(tmp, "long.mt")])
        cps.append(SCRIPT_LINES / secs)
    out["cps"] = med(cps)
    # The file system's part: replacing a file of this size, nothing formatted.
    r = subprocess.run([os.path.join(build, "bench_write"), tmp, str(size), str(k)],
                       capture_output=True, text=True, check=True).stdout.split()
    out["floor"] = float(r[1])
    return base, out


def viewer_figures(build, base, n):
    reps = 5 if n >= 65536 else 15
    r = subprocess.run([os.path.join(build, "bench_view"), base, str(reps)], capture_output=True,
                       text=True, check=True).stdout.split()
    return {"parse": float(r[1]), "layout": float(r[3]), "render": float(r[5])}


def window_figures(build, tmp, base, idle):
    """First frame, peak RSS and (optionally) idle CPU of memview in a window."""
    firsts, rss, cpu = [], [], None
    for i in range(3):
        trace = os.path.join(tmp, "vtrace")
        if os.path.exists(trace):
            os.unlink(trace)
        env = dict(os.environ, MEMVIEW_TRACE=trace)
        t0 = time.time()
        p = subprocess.Popen([os.path.join(build, "memview"), "--status", base],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        first = None
        deadline = time.monotonic() + 20
        while first is None and time.monotonic() < deadline:
            time.sleep(0.005)
            if os.path.exists(trace):
                for line in open(trace):
                    if line.startswith("presented") and int(line.split()[1]) > 0:
                        first = float(line.split()[2]) - t0
                        break
        if first is not None:
            firsts.append(first)
        if idle and i == 0:
            time.sleep(3)  # let start-up settle
            def ticks():
                f = open("/proc/%d/stat" % p.pid).read().rsplit(")", 1)[1].split()
                return int(f[11]) + int(f[12])
            a, ta = ticks(), time.monotonic()
            time.sleep(10)
            b, tb = ticks(), time.monotonic()
            cpu = 100.0 * (b - a) / os.sysconf("SC_CLK_TCK") / (tb - ta)
        for line in open("/proc/%d/status" % p.pid):
            if line.startswith("VmHWM:"):
                rss.append(int(line.split()[1]))
        p.terminate()
        p.wait(10)
    return {"first": med(firsts) * 1e3, "vrss": med(rss), "idle": cpu}


def latency(build, tmp, poll_only):
    status = os.path.join(tmp, "lat")
    vtrace, ttrace = os.path.join(tmp, "lat.v"), os.path.join(tmp, "lat.t")
    for f in (status, vtrace, ttrace):
        if os.path.exists(f):
            os.unlink(f)
    subprocess.run([os.path.join(build, "memtrack"), "--status", status, "--script",
                    "/dev/null"], check=True, stdout=subprocess.DEVNULL)
    args = [os.path.join(build, "memview"), "--status", status] + (
        ["--poll-only"] if poll_only else [])
    v = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         env=dict(os.environ, MEMVIEW_TRACE=vtrace))
    time.sleep(1.5)
    rng = random.Random(3)
    script = "".join("%s\nsleep %.2f\n" % ("alloc 1 100" if i % 2 == 0 else "free 1",
                                           0.2 + rng.random() * 0.2) for i in range(100))
    # --no-sync: MEMTRACK_TRACE stamps the end of a write, which with fsync
    # comes after the directory's fsync, up to 0.1 s after the rename the
    # viewer reacts to; without it, the stamp follows the rename at once.
    run([os.path.join(build, "memtrack"), "--resume", "--no-sync", "--status", status],
        env=dict(os.environ, MEMTRACK_TRACE=ttrace), stdin=script)
    time.sleep(1.5)
    v.terminate()
    v.wait(10)
    wrote = [(int(l.split()[1]), float(l.split()[2])) for l in open(ttrace)]
    shown = [(int(l.split()[1]), float(l.split()[2])) for l in open(vtrace)]
    lat = match_latencies(wrote[1:-1], shown)  # the 100 changes
    return {"median": med(lat) * 1e3, "max": max(lat) * 1e3 if lat else float("nan"),
            "n": len(lat)}


def match_latencies(wrote, shown):
    """Change-to-screen latency of each write, in seconds. wrote holds the
    tracker's writes as (seq, time) (MEMTRACK_TRACE "wrote SEQ TIME SECONDS"), shown
    memview's frames as (seq, time) in the order presented (MEMVIEW_TRACE
    "presented SEQ TIME", SEQ being the file's seq in that frame).

    A write is matched by sequence number alone: its frame is the first one
    presented that shows its seq or a later one (memview may skip a version
    replaced before it looked). Not by time: memtrack stamps a write after
    its rename, and inotify can wake memview first, so the frame may be
    stamped a fraction of a millisecond before the write. Such a frame is the
    write's own, counted as 0; taking the first frame stamped after the write
    instead picked the next change's frame, 200-400 ms later. A write no
    frame shows (the run ended first) gets no figure."""
    lat = []
    for seq, t in wrote:
        frame = next((ts for s, ts in shown if s >= seq), None)
        if frame is not None:
            lat.append(max(0.0, frame - t))
    return lat


def self_test():
    """Checks match_latencies on small synthetic traces; prints "N passed, N failed"."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    from tally import Tally
    tally = Tally()

    def near(got, want):
        return len(got) == len(want) and all(abs(a - b) < 1e-9 for a, b in zip(got, want))

    # Seq 2's frame is stamped 0.3 ms before memtrack's own stamp of the write.
    wrote = [(2, 10.0), (3, 10.3)]
    shown = [(1, 9.0), (2, 9.9997), (3, 10.302)]
    got = match_latencies(wrote, shown)
    tally.check("a frame stamped just before its write is that write's, 0 ms",
                near(got, [0.0, 0.002]), "(got %s)" % got)
    # Redraws of a seq (expose, resize) do not count; the first frame does.
    got = match_latencies([(5, 1.0)], [(4, 0.5), (5, 1.004), (5, 1.2), (6, 1.5)])
    tally.check("the first frame showing the seq counts", near(got, [0.004]), "(got %s)" % got)
    # memview skipped seq 7 (replaced by 8 before it looked): 8's frame shows both.
    got = match_latencies([(7, 2.0), (8, 2.001)], [(6, 1.0), (8, 2.005)])
    tally.check("a skipped version is shown by the next frame", near(got, [0.005, 0.004]),
                "(got %s)" % got)
    # The last write was never shown: no figure, rather than a wrong one.
    got = match_latencies([(9, 3.0), (10, 3.3)], [(9, 3.002)])
    tally.check("a write never shown gets no figure", near(got, [0.002]), "(got %s)" % got)
    # Frames are matched by seq, not time: an earlier frame of an older seq does not count.
    got = match_latencies([(11, 4.0)], [(10, 4.1), (11, 4.3)])
    tally.check("a frame of an older seq is not the write's", near(got, [0.3]), "(got %s)" % got)
    print(tally.summary())
    return tally.exit_code()


def vm_model(build):
    """Accesses a second of the model alone, {(frames, policy): (rate, faults)}."""
    out = {}
    for n in VM_FRAMES:
        r = subprocess.run([os.path.join(build, "bench_vm"), str(n), str(VM_ACCESSES), str(RUNS)],
                           capture_output=True, text=True, check=True).stdout
        for line in r.splitlines():
            w = line.split()
            out[(n, w[0])] = (float(w[2]), int(w[4]))
        print("vm model %8d %s" % (n, r.replace("\n", "; ")), flush=True)
    return out


def vm_replay(build, tmp, frames, policy, trace, alloc, summary=False):
    """Seconds memtrack takes to replay trace (and the trace's summary line
    if summary), median of RUNS runs: --vm, --no-sync, a script of `alloc 1
    ALLOC` and `trace TRACE 1`."""
    script = os.path.join(tmp, "vm.mt")
    with open(script, "w") as f:
        f.write("alloc 1 %s\ntrace %s 1\n" % (alloc, trace))
    args = [os.path.join(build, "memtrack"), "--vm", "--frames", str(frames), "--replace",
            policy, "--no-sync", "--status", os.path.join(tmp, "vm.status"), "--script", script]
    secs, last = [], ""
    for _ in range(RUNS):
        t0 = time.monotonic()
        r = subprocess.run(args, capture_output=True, text=True, check=True)
        secs.append(time.monotonic() - t0)
        last = next((l for l in r.stdout.splitlines() if l.startswith("trace ")), "")
    return (med(secs), last) if summary else med(secs)


def vm_end_to_end(build, tmp):
    """Accesses a second of memtrack replaying the string from a file,
    {(frames, policy): rate}."""
    out = {}
    trace = os.path.join(tmp, "vm.pages")
    for n in VM_FRAMES:
        subprocess.run([os.path.join(build, "bench_vm"), str(n), str(VM_ACCESSES), "0", trace],
                       check=True)
        for p in VM_POLICIES:
            out[(n, p)] = VM_ACCESSES / vm_replay(build, tmp, n, p, trace, 2 * n * PAGE)
            print("vm trace %8d %-11s %.0f/s" % (n, p, out[(n, p)]), flush=True)
        os.unlink(trace)
    return out


def vm_lackey(build, tmp):
    """valgrind lackey recording `ls /usr/bin`, and memtrack's replay of it
    (lru, 64 frames: the program touches a few hundred pages); None without
    valgrind."""
    if subprocess.run(["sh", "-c", "command -v valgrind"], capture_output=True).returncode:
        return None
    trace = os.path.join(tmp, "ls.lackey")
    rec = []
    for _ in range(RUNS):
        t0 = time.monotonic()
        with open(trace, "w") as f:
            subprocess.run(["valgrind", "--tool=lackey", "--trace-mem=yes", "ls", "/usr/bin"],
                           stdout=subprocess.DEVNULL, stderr=f, check=True)
        rec.append(time.monotonic() - t0)
    lines = sum(1 for _ in open(trace))
    replay, last = vm_replay(build, tmp, 64, "lru", trace, "160G", summary=True)
    return {"valgrind": med(rec), "replay": replay, "lines": lines,
            "bytes": os.path.getsize(trace), "summary": last.replace(trace, "ls.lackey")}


def machine():
    cpu = "unknown CPU"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = int(open("/proc/meminfo").readline().split()[1]) // 1024 // 1024
    return "%s, %d cores, %d GiB, Linux %s, Python %s" % (
        cpu, os.cpu_count(), mem, platform.release(), platform.python_version())


def fmt(v, digits=2):
    return "%.*f" % (digits, v) if v == v else "-"


def base_part(build):
    """The tracker and viewer tables (make bench's first part), as Markdown."""
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in SIZES:
            for policy in POLICIES:
                base, t = tracker_figures(build, tmp, n, policy)
                t.update(viewer_figures(build, base, n))
                t.update(window_figures(build, tmp, base, idle=policy == "first"))
                rows[(n, policy)] = t
                print("%8d %-6s %s" % (n, policy, {k: round(v, 3) if isinstance(v, float)
                                                   else v for k, v in t.items()}), flush=True)
        lat_i = latency(build, tmp, False)
        lat_p = latency(build, tmp, True)
    md = []
    md.append("Machine: %s. Run on %s." % (machine(), time.strftime("%Y-%m-%d")))
    md.append("")
    md.append("memtrack (medians of %d runs; per change = the median over one run's `alloc`s "
              "and `free`s of a small process, including the status-file rewrite):" % RUNS)
    md.append("")
    md.append("| frames | policy | change, --no-sync (ms) | change, fsync (ms) | status file (bytes) "
              "| replacing a file that size (ms) | peak RSS (KiB) "
              "| %d-line script, --no-sync (commands/s) |" % SCRIPT_LINES)
    md.append("|---|---|---|---|---|---|---|---|")
    for (n, p), t in rows.items():
        md.append("| %d | %s | %s | %s | %d | %s | %d | %.0f |" % (
            n, p, fmt(t["nosync"], 3), fmt(t["sync"], 3), t["size"], fmt(t["floor"], 3),
            t["rss"], t["cps"]))
    md.append("")
    md.append("memview (medians; parse + layout + render at 1280x800 with the software "
              "renderer; window figures under Xvfb):")
    md.append("")
    md.append("| frames | policy | parse (ms) | layout (ms) | render (ms) | total (ms) "
              "| first frame (ms) | peak RSS (KiB) | idle CPU over 10 s (%) |")
    md.append("|---|---|---|---|---|---|---|---|---|")
    for (n, p), t in rows.items():
        total = t["parse"] + t["layout"] + t["render"]
        md.append("| %d | %s | %s | %s | %s | %s | %s | %d | %s |" % (
            n, p, fmt(t["parse"], 3), fmt(t["layout"], 3), fmt(t["render"], 3), fmt(total, 3),
            fmt(t["first"], 1), t["vrss"], fmt(t["idle"], 2) if t["idle"] is not None else "-"))
    md.append("")
    md.append("random / first, same run:")
    md.append("")
    md.append("| frames | change, --no-sync | parse + layout + render | status file |")
    md.append("|---|---|---|---|")
    for n in SIZES:
        f, r = rows[(n, "first")], rows[(n, "random")]
        tf = f["parse"] + f["layout"] + f["render"]
        tr = r["parse"] + r["layout"] + r["render"]
        md.append("| %d | %.1fx | %.1fx | %.1fx |" % (n, r["nosync"] / f["nosync"], tr / tf,
                                                     r["size"] / f["size"]))
    md.append("")
    md.append("Change-to-screen latency, 16 frames, %d and %d changes: with inotify median %s ms, "
              "max %s ms; with --poll-only median %s ms, max %s ms." % (
                  lat_i["n"], lat_p["n"], fmt(lat_i["median"], 1), fmt(lat_i["max"], 1),
                  fmt(lat_p["median"], 1), fmt(lat_p["max"], 1)))
    return "\n".join(md) + "\n"


def vm_part(build):
    """The virtual-memory tables, as Markdown."""
    with tempfile.TemporaryDirectory() as tmp:
        model = vm_model(build)
        e2e = vm_end_to_end(build, tmp)
        lackey = vm_lackey(build, tmp)
    md = ["Machine: %s. Run on %s." % (machine(), time.strftime("%Y-%m-%d")), ""]
    md.append("Replaying a %d-access string (tests/bench/bench_vm.c), millions of accesses a "
              "second, medians of %d runs; the model alone with NULL notes, and memtrack "
              "end to end from a one-page-a-line file:" % (VM_ACCESSES, RUNS))
    md.append("")
    md.append("| frames | policy | faults (%) | model (M/s) | memtrack from a file (M/s) "
              "| target (M/s) | model | from a file |")
    md.append("|---|---|---|---|---|---|---|---|")
    for n in VM_FRAMES:
        for p in VM_POLICIES:
            rate, faults = model[(n, p)]
            target = VM_TARGET.get(p, 10e6)
            verdict = (lambda v: "-" if target is None else "met" if v >= target
                       else "**missed**")
            md.append("| %d | %s | %.1f | %.2f | %.2f | %s | %s | %s |" % (
                n, p, 100.0 * faults / VM_ACCESSES, rate / 1e6, e2e[(n, p)] / 1e6,
                "-" if target is None else "%.0f" % (target / 1e6), verdict(rate),
                verdict(e2e[(n, p)])))
    md.append("")
    md.append("The same string under lru with a TLB of 64 entries in 4 ways on (the model alone; "
              "the issue's target: within 2x of the rate without it):")
    md.append("")
    md.append("| frames | with the TLB (M/s) | without (M/s) | ratio | target |")
    md.append("|---|---|---|---|---|")
    for n in VM_FRAMES:
        on, off = model[(n, "lru+tlb")][0], model[(n, "lru")][0]
        md.append("| %d | %.2f | %.2f | %.2fx | %s |" % (
            n, on / 1e6, off / 1e6, off / on, "met" if 2 * on >= off else "**missed**"))
    md.append("")
    if lackey is None:
        md.append("valgrind is not installed: no lackey figures.")
    else:
        md.append("A lackey trace of `ls /usr/bin` (%d lines, %.0f MB), replayed with `alloc 1 "
                  "160G` under lru at 64 frames: valgrind took %.2f s to record it, memtrack "
                  "%.2f s to replay it (%.2fx valgrind's time). memtrack's summary: `%s`." % (
                      lackey["lines"], lackey["bytes"] / 1e6, lackey["valgrind"],
                      lackey["replay"], lackey["replay"] / lackey["valgrind"],
                      lackey["summary"]))
    return "\n".join(md) + "\n"


def heap_model(build):
    """{(bytes, kind): (mean steps, max steps, ns per op, refused, list entries)}."""
    out = {}
    for n in HEAP_SIZES:
        for k in HEAP_KINDS:
            r = subprocess.run([os.path.join(build, "bench_heap"), k, str(n), str(HEAP_OPS),
                                str(RUNS)], capture_output=True, text=True, check=True).stdout
            w = r.split()
            out[(n, k)] = (float(w[3]), int(w[5]), float(w[7]), int(w[9]), int(w[11]))
            print("heap %10d %s" % (n, r.strip()), flush=True)
    return out


def heap_part(build):
    """The heap tables, as Markdown."""
    got = heap_model(build)
    md = ["Machine: %s. Run on %s." % (machine(), time.strftime("%Y-%m-%d")), ""]
    md.append("%d malloc and free operations on one seeded workload (tests/bench/bench_heap.c: "
              "requests of 16-256 B, up to 250,000 blocks live, so the same workload from "
              "256 MiB on), the model alone with NULL notes; steps per operation (entries searched, splits, merges, "
              "slabs or pools looked at) and nanoseconds per operation, the median of %d runs; "
              "the ratios are of figures of the same run:" % (HEAP_OPS, RUNS))
    md.append("")
    md.append("| heap | allocator | steps mean | steps max | ns/op | ns/op / its 64 KiB "
              "| ns/op / pool's | refused | free-list entries |")
    md.append("|---|---|---|---|---|---|---|---|---|")
    for n in HEAP_SIZES:
        for k in HEAP_KINDS:
            mean, mx, ns, refused, lst = got[(n, k)]
            md.append("| %s | %s | %.2f | %d | %.0f | %.2fx | %.2fx | %d | %s |" % (
                num_size(n), k, mean, mx, ns, ns / got[(HEAP_SIZES[0], k)][2],
                ns / got[(n, "pool")][2], refused, lst if k == "freelist" else "-"))
    md.append("")
    return "\n".join(md) + "\n"


def num_size(n):
    """64 KiB, 1 MiB, 1 GiB."""
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if n >= 1 << shift and n % (1 << shift) == 0:
            return "%d %s" % (n >> shift, unit)
    return "%d B" % n


def write_between(out_md, tag, text):
    """Replaces the part of out_md between the markers TAG:begin and TAG:end."""
    doc = open(out_md).read()
    a, b = doc.index("<!-- %s:begin -->" % tag), doc.index("<!-- %s:end -->" % tag)
    doc = doc[:a] + "<!-- %s:begin -->\n" % tag + text + doc[b:]
    open(out_md, "w").write(doc)
    print("wrote the %s tables to %s" % (tag, out_md))


def main():
    build = os.path.abspath(sys.argv[1])
    out_md = sys.argv[2] if len(sys.argv) > 2 else None
    for part, tag, fn in (("base", "bench", base_part), ("vm", "bench-vm", vm_part),
                          ("heap", "bench-heap", heap_part)):
        if part in PARTS:
            text = fn(build)
            print(text)
            if out_md:
                write_between(out_md, tag, text)


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        sys.exit(self_test())
    main()
