#!/usr/bin/env python3
"""crash.py: the status file survives SIGKILL and loses nothing.

usage: tests/crash.py BUILD_DIR [KILLS] [CHANGES_PER_RUN]
                                   (ends with "N passed, N failed")

memtrack reads commands from a pipe, one at a time; a command counts as
acknowledged once memtrack has printed its result (memtrack writes the status
file before it prints). Each change grows P1 by one byte, so the file's P1
size counts the changes it holds. Meanwhile status_reader parses the file as
fast as it can. memtrack is killed with SIGKILL at a random moment, usually
with a command in flight, then restarted with --resume, several times; at the
end it exits normally. Checked: no read ever fails to parse, no acknowledged
change is lost, the restart removes the temporary file a kill left behind,
and a normal exit leaves none. Whether a kill leaves a temporary file is
chance, so before every start one more is planted (named as memtrack names
them): every run checks the clean-up, and the number of checks is the same
on every run of the test. Figures go to stdout for docs/reliability.md.
"""
import glob
import os
import random
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tally import Tally  # noqa: E402



TEMP_SET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def temp_suffix(five):
    """The suffix memtrack gives its temporary files (common/status_file.c,
    temp_check): five characters of TEMP_SET and their check character, the
    weighted sum of their places mod 62. Its clean-up removes no other name."""
    total = sum((i + 1) * TEMP_SET.index(c) for i, c in enumerate(five))
    return five + TEMP_SET[total % 62]

def main():
    build = os.path.abspath(sys.argv[1])
    kills = int(sys.argv[2]) if len(sys.argv) > 2 else 6
    per_run = int(sys.argv[3]) if len(sys.argv) > 3 else 500
    rng = random.Random(int(os.environ.get("CRASH_SEED", "1")))
    tally = Tally()
    check = tally.check

    with tempfile.TemporaryDirectory() as tmp:
        status = os.path.join(tmp, "ms")
        reader = subprocess.Popen([os.path.join(build, "status_reader"), status, "600"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        acked = lost = changes = temps_left = temps_cleaned = 0
        t0 = time.monotonic()
        for run in range(kills + 1):
            args = [os.path.join(build, "memtrack"), "--status", status]
            args += ["--resume"] if run else ["--frames", "64"]
            before = glob.glob(status + ".tmp.*")
            planted = "%s.tmp.%s" % (status, temp_suffix("pl%03d" % (run % 1000)))
            with open(planted, "w") as f:
                f.write("memtrack-status 2\nseq 1\nhalf a st")
            tr = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, bufsize=0)
            last = run == kills
            n = per_run if last else rng.randint(per_run // 2, per_run)
            for i in range(n):
                if i % 25 == 24:
                    # Some segment traffic too; not counted.
                    cmd = b"seg alloc s 10\n" if (i // 25) % 2 == 0 else b"seg free s\n"
                    tr.stdin.write(cmd)
                    continue
                tr.stdin.write(b"alloc 1 1\n")
                while True:
                    line = tr.stdout.readline()
                    if not line or line.startswith(b"P1 "):
                        break
                if line.startswith(b"P1 "):
                    acked += 1
                    changes += 1
            # The start must have removed what the kill left behind, and the planted one.
            check("run %d: stale temporary files removed at start" % run,
                  not [p for p in before + [planted] if os.path.exists(p)])
            temps_cleaned += len(before)
            if last:
                tr.stdin.close()
                rc = tr.wait(30)
                check("normal exit", rc == 0, "(exit %s)" % rc)
                check("no temporary file after a normal exit",
                      not glob.glob(status + ".tmp.*"))
            else:
                # Kill with one more change in flight, at a random moment.
                tr.stdin.write(b"alloc 1 1\n")
                time.sleep(rng.random() * 0.002)
                tr.send_signal(signal.SIGKILL)
                tr.wait()
                temps_left += len(glob.glob(status + ".tmp.*"))
            for f in (tr.stdin, tr.stdout, tr.stderr):
                if f and not f.closed:
                    f.close()
            r = subprocess.run([os.path.join(build, "status_reader"), "--check", status],
                               capture_output=True, text=True)
            check("run %d: the file parses after %s" % (run, "exit" if last else "SIGKILL"),
                  r.returncode == 0, r.stdout)
            held = int(r.stdout.split()[3]) if r.returncode == 0 else 0
            # The change in flight may or may not have made it; none acknowledged may be lost.
            lost += max(0, acked - held)
            check("run %d: every acknowledged change is in the file" % run,
                  held in (acked, acked + 1), "(acknowledged %d, file holds %d)" % (acked, held))
            acked = held
        elapsed = time.monotonic() - t0
        reader.send_signal(signal.SIGTERM)
        out, err = reader.communicate(30)
        fields = out.decode().split()
        reads, bad = int(fields[1]), int(fields[3])
        check("the reader made reads", reads > 1000, "(%d)" % reads)
        check("no read failed to parse", bad == 0, err.decode()[-1500:])
        check("no acknowledged change lost", lost == 0, "(%d)" % lost)
        print("crash: %d changes over %d runs, %d SIGKILLs, %.1f s; reader: %d reads, "
              "%d failed to parse; changes lost: %d; temporary files left by kills: %d, "
              "removed at the next start: %d" % (changes, kills + 1, kills, elapsed, reads, bad,
                                                  lost, temps_left, temps_cleaned))
    print(tally.summary())
    return tally.exit_code()


if __name__ == "__main__":
    sys.exit(main())
