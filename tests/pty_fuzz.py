#!/usr/bin/env python3
"""pty_fuzz.py: a long random mix of good and bad keystrokes at memtrack's
menu, through a pseudo-terminal: digits and menu choices, letters, huge and
negative numbers, control characters, empty and very long lines, and at the
end Ctrl-D. After every line memtrack must answer with a prompt (no crash, no
endless loop; a "0" that quits is followed by a restart with --resume), and every status file it writes must parse: the parser checks
the model's invariants (no overlaps, free + used = total, each frame owned
once).

usage: tests/pty_fuzz.py path/to/memtrack [STEPS] [SEED]
Ends with "N passed, N failed"; prints the figures for docs/reliability.md.
"""
import os
import random
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tally import Tally  # noqa: E402
from pty_menu import Session  # noqa: E402

PROMPT = r"(memtrack \(m for the menu, 0 quits\)> |(Process id[^:]*|Size in bytes[^:]*|" \
         r"Logical address[^:]*|TOTAL_FRAMES[^:]*|PAGE_SIZE[^:]*|Reset\? \[y/N\]|" \
         r"Frame policy[^:]*|Seed[^:]*|Segment name[^:]*|Segment id or name|" \
         r"Offset in the segment|Fit policy[^:]*|Segment memory in bytes[^:]*|" \
         r"Command \(help lists them; b goes back\)): )$"


PLAIN_CONTROL = [c for c in range(1, 32) if c not in (3, 4, 10, 13, 15, 17, 18, 19, 21, 22, 23,
                                                       26, 28)]


def token(rng):
    """One random line a student (or a cat on the keyboard) might type."""
    kind = rng.randrange(14)
    if kind < 4:
        return str(rng.randrange(0, 17))                      # menu choices
    if kind == 4:
        return str(rng.randrange(1, 5))                       # small pids
    if kind == 5:
        return str(rng.choice([1, 100, 4096, 5000, 20000, 70000, 1 << 20]))
    if kind == 6:
        return rng.choice(["first", "best", "worst", "next", "random", "code", "heap", "s1"])
    if kind == 7:
        return rng.choice(["", " ", "   "])                   # empty lines
    if kind == 8:
        return "-" + str(rng.randrange(1, 10**6))             # negatives
    if kind == 9:
        return "9" * rng.randrange(15, 40)                    # overflow
    if kind == 10:
        return "".join(rng.choice("abcxyz!@#%&*()") for _ in range(rng.randrange(1, 8)))
    if kind == 11:
        # Control bytes that reach the program; the terminal itself acts on the
        # others (^C ^Z ^\\ signal, ^S ^Q flow, ^U ^W ^R ^V ^O edit, ^D EOF).
        return "".join(chr(rng.choice(PLAIN_CONTROL)) for _ in range(rng.randrange(1, 4)))
    if kind == 12:
        return "x" * rng.randrange(500, 800)                  # very long lines
    return rng.choice(["y", "n", "yes", "0x10", "4K", "1 2", "alloc 1 100", "seg table", "b",
                       "m", "q"])


def main():
    binary = os.path.abspath(sys.argv[1])
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 1500
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    reader = os.path.join(os.path.dirname(binary), "status_reader")
    rng = random.Random(seed)
    tally = Tally()
    hangs = bad_states = checks = quits = 0

    with tempfile.TemporaryDirectory() as tmp:
        status = os.path.join(tmp, "ms")
        s = Session([binary, "--status", status, "--frames", "8", "--page-size", "1024",
                     "--seg-memory", "4096"])
        ok = s.expect(PROMPT) is not None
        done = 0
        for i in range(steps):
            if not ok:
                break
            s.send(token(rng) + "\n")
            got = s.expect(PROMPT)
            if got is None and "Bye." in s.buf:
                # "0" at the menu quits: that is fine; carry on from the saved state.
                quits += 1
                if s.wait() != 0:
                    break
                s = Session([binary, "--status", status, "--resume"])
                got = s.expect(PROMPT)
            if got is None:
                hangs += 1
                print("FAIL: no prompt after step %d; the screen ends with: %r" %
                      (i, s.buf[-300:]), file=sys.stderr)
                break
            done += 1
            if i % 10 == 9:
                r = subprocess.run([reader, "--check", status], capture_output=True, text=True)
                checks += 1
                if r.returncode != 0:
                    bad_states += 1
                    print("FAIL: bad state after step %d: %s" % (i, r.stdout), file=sys.stderr)
        # Ctrl-D must end it cleanly, from whatever prompt it is at.
        s.send("\x04")
        rc = s.wait()
        r = subprocess.run([reader, "--check", status], capture_output=True, text=True)
        for name, cond in [
            ("every line was answered with a prompt (no crash, no hang)", done == steps),
            ("every status file parsed (model invariants held)", bad_states == 0),
            ("Ctrl-D exits with status 0", rc == 0),
            ("the final status file parses", r.returncode == 0),
            ("no temporary files left", not [n for n in os.listdir(tmp) if ".tmp." in n]),
        ]:
            tally.check(name, cond)
        print("pty_fuzz: %d of %d random lines answered, %d quits resumed with --resume, "
              "%d status checks, %d invalid states, %d hangs, exit %s (seed %d)" %
              (done, steps, quits, checks, bad_states, hangs, rc, seed))
    print(tally.summary())
    return tally.exit_code()


if __name__ == "__main__":
    sys.exit(main())
