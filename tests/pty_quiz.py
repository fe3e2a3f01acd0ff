#!/usr/bin/env python3
"""pty_quiz.py: takes `memtrack quiz` through a pseudo-terminal, the way a
student does: a malformed answer (asked again), right answers in several
forms, a wrong one, ? to see one, an over-long line (asked again), then the
score; a quiz left with Ctrl-D, one left with q, one with Quit (the rest
unanswered), and Ctrl-D after some text (read as an answer first).
The right answers come from OSTEP's own output (tests/data/ostep/quiz, the
runs of paging-linear-translate.py -c), not from memtrack. Checks the status
file after the answers (the quiz records, docs/status-format.md), that the
status file is locked while the quiz runs, and that no line is wider than
80 columns.

usage: tests/pty_quiz.py path/to/memtrack    (ends with "N passed, N failed")
"""
import glob
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pty_menu import Session, width  # noqa: E402
from tally import Tally  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
WIDTH = 80


def ostep_output(script, args):
    """OSTEP's recorded output of script for args (in any order), from the
    RUN blocks of tests/data/ostep/quiz/SCRIPT*.txt; None when not there."""
    want = sorted(args.split())
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "data", "ostep", "quiz",
                                              script + "*.txt"))):
        run, out = None, []
        with open(path, newline="") as f:
            for line in f.read().splitlines(keepends=True):
                if line.startswith("RUN "):
                    if run == want:
                        return "".join(out)
                    run, out = sorted(line[4:].split()), []
                elif run is not None:
                    out.append(line)
        if run == want:
            return "".join(out)
    return None


def translate_keys(out):
    """The answers in paging-linear-translate.py -c's output: the physical
    address of each virtual address, or None when it is invalid."""
    keys = []
    for line in (out or "").splitlines():
        m = re.search(r"VA 0x[0-9a-f]+ \(decimal: *\d+\) --> *(Invalid|[0-9a-f]+)", line)
        if m:
            keys.append(None if m.group(1) == "Invalid" else int(m.group(1), 16))
    return keys


def right(key, form):
    """A right answer to key in one of the forms students write."""
    if key is None:
        return ["invalid", "Seg Fault", "page-fault", "INVALID ADDRESS"][form % 4]
    return ["0x%x" % key, "%d" % key, "%Xh" % key, "0x %x" % key][form % 4]


def wrong(key):
    return "invalid" if key is not None else "0x10"


def prompt(n):
    return r"answer %d> $" % n


def quiz_records(path):
    """The quiz lines of the status file: its `quiz` line and the state of
    each `quiz-q` line, in order."""
    head, states = None, []
    try:
        with open(path) as f:
            for line in f:
                if line.startswith("quiz "):
                    head = line.strip()
                elif line.startswith("quiz-q "):
                    m = re.search(r" state=(\w+)", line)
                    states.append(m.group(1) if m else line)
    except OSError:
        pass
    return head, states


def take_first(check, binary, status, keys):
    """The quiz of seed 3: every kind of answer, then the score."""
    s = Session([binary, "--status", status, "quiz", "translate", "-s", "3"])
    got = s.expect(prompt(1))
    check("the quiz shows the page table", got is not None and "0x80000005" in got, repr(got))
    check("... and the first question", got is not None and "1. " in got)
    other = subprocess.run([binary, "--status", status, "--script", "/dev/null"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    check("the status file is locked while the quiz runs",
          other.returncode == 2 and b"in use by another memtrack" in other.stdout, other.stdout)

    s.send("d7\n")
    got = s.expect(prompt(1))
    check("bare hex digits are malformed and asked again",
          got is not None and "0xd7" in got and "wrong" not in got, repr(got))
    s.send(right(keys[0], 0) + "\n")
    got = s.expect(prompt(2))
    check("a right answer is right", got is not None and "right." in got, repr(got))
    check("... with the explanation", got is not None and "VPN" in got, repr(got))
    s.send(wrong(keys[1]) + "\n")
    got = s.expect(prompt(3))
    check("a wrong answer is wrong, with the key",
          got is not None and "wrong: the answer is" in got, repr(got))
    s.send("?\n")
    got = s.expect(prompt(4))
    check("? shows the answer", got is not None and "the answer is" in got and
          "wrong" not in got and "right." not in got, repr(got))
    s.send(right(keys[3], 1) + "\n")
    got = s.expect(prompt(5))
    check("a right answer in another form", got is not None and "right." in got, repr(got))
    s.send("x" * 600 + "\n")
    got = s.expect(prompt(5))
    check("an over-long line is refused and asked again",
          got is not None and "too long" in got, repr(got))
    s.send(right(keys[4], 2) + "\n")
    got = s.expect(r"Score: .*\n.*\n")
    check("the score counts right, wrong and revealed",
          got is not None and "Score: 3 of 5 right (1 wrong, 1 revealed)." in got, repr(got))
    check("... and names the key's command", got is not None and
          "memtrack quiz translate --seed=3 --answers" in got, repr(got))
    check("the quiz exits 0", s.wait() == 0)
    head, states = quiz_records(status)
    check("the status file holds the quiz", head is not None and "--seed=3" in head, head)
    check("... and where each question stands",
          states == ["right", "wrong", "shown", "right", "right"], states)
    return s


def take_stopped(check, binary, status, keys, stop):
    """The quiz of seed 4, left after one answer with stop (Ctrl-D, q, Quit)."""
    s = Session([binary, "--status", status, "quiz", "linear", "--seed", "4"])
    s.expect(prompt(1))
    s.send(right(keys[0], 3) + "\n")
    got = s.expect(prompt(2))
    check("seed 4: the first answer is right", got is not None and "right." in got, repr(got))
    s.send(stop)
    got = s.expect(r"Score: .*\n")
    name = "Ctrl-D" if stop == "\x04" else stop.strip()
    check("%s stops the quiz; the rest are unanswered" % name,
          got is not None and "Score: 1 of 5 right (0 wrong, 0 revealed, 4 unanswered)." in got,
          repr(got))
    check("%s: exit status 0" % name, s.wait() == 0)
    head, states = quiz_records(status)
    check("%s: the status file keeps the open questions open" % name,
          states == ["right", "open", "open", "open", "open"], states)
    return s


def take_partial(check, binary, status):
    """Ctrl-D after some text: the text is read as an answer on a line of
    its own, then the next Ctrl-D stops the quiz."""
    s = Session([binary, "--status", status, "quiz", "policy", "--seed", "5", "-n", "2"])
    s.expect(prompt(1))
    s.send("mi\x04\x04")
    got = s.expect(r"Score: .*\n")
    check("Ctrl-D after 'mi': it is read as an answer, its message on a line of its own",
          got is not None and re.match(r"mi\r?\n'mi' is neither", got), repr(got))
    check("... then Ctrl-D stops the quiz", s.wait() == 0)
    return s


def main():
    binary = os.path.abspath(sys.argv[1])
    tally = Tally()
    check = tally.check
    keys3 = translate_keys(ostep_output("paging-linear-translate", "-s 3 -c"))
    keys4 = translate_keys(ostep_output("paging-linear-translate", "-s 4 -c"))
    check("OSTEP's answers for seeds 3 and 4 are in tests/data/ostep/quiz",
          len(keys3) == 5 and len(keys4) == 5, (keys3, keys4))
    if len(keys3) != 5 or len(keys4) != 5:
        print(tally.summary())
        return tally.exit_code()

    with tempfile.TemporaryDirectory() as tmp:
        sessions = [take_first(check, binary, os.path.join(tmp, "q3"), keys3),
                    take_stopped(check, binary, os.path.join(tmp, "q4"), keys4, "\x04"),
                    take_stopped(check, binary, os.path.join(tmp, "q4q"), keys4, "q\n"),
                    take_stopped(check, binary, os.path.join(tmp, "q4Q"), keys4, "Quit\n"),
                    take_partial(check, binary, os.path.join(tmp, "q5"))]
    wide = [line for s in sessions for line in s.menu_lines if width(line) > WIDTH]
    check("no line is wider than %d columns" % WIDTH, not wide, "\n".join(wide[:5]))
    print(tally.summary())
    return tally.exit_code()


if __name__ == "__main__":
    sys.exit(main())
