#!/usr/bin/env python3
"""labs.py: runs every lab's answer key against the real programs.

usage: tests/labs.py BUILD_DIR     (ends with "N passed, N failed")

In labs/*/answers.md, an indented line "$ COMMAND" is a shell command run in
a fresh copy of the lab folder, with BUILD_DIR first on the PATH (so
`memtrack` and `memview` are the ones just built); the indented "> TEXT"
lines after it must each appear in what that command printed. Commands run
once each, in the order they first appear, so later ones see the status
files earlier ones wrote.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tally import Tally  # noqa: E402


def main():
    build = os.path.abspath(sys.argv[1])
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    tally = Tally()
    check = tally.check

    labs = sorted(glob.glob(os.path.join(root, "labs", "*", "")))
    check("there are at least seven labs", len(labs) >= 7)
    env = dict(os.environ, PATH=build + os.pathsep + os.environ.get("PATH", ""),
               SOURCE_DATE_EPOCH="1795000000")
    for lab in labs:
        name = os.path.basename(os.path.dirname(lab))
        for f in ("README.md", "answers.md"):
            check("%s has %s" % (name, f), os.path.isfile(os.path.join(lab, f)))
        check("%s has a command script" % name,
              bool(glob.glob(os.path.join(lab, "*.mt")) or glob.glob(os.path.join(lab, "*.sh"))))
        key = os.path.join(lab, "answers.md")
        if not os.path.isfile(key):
            continue
        with tempfile.TemporaryDirectory() as tmp:
            work = os.path.join(tmp, name)
            shutil.copytree(lab, work)
            outputs, current, nchecks = {}, None, 0
            with open(key) as fp:
                lines = fp.read().splitlines()
            for n, line in enumerate(lines, 1):
                text = line.strip()
                if line.startswith("    $ "):
                    current = text[2:]
                    if current not in outputs:
                        r = subprocess.run(current, shell=True, cwd=work, env=env,
                                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                           stdin=subprocess.DEVNULL, timeout=120)
                        outputs[current] = r.stdout.decode(errors="replace")
                        check("%s/answers.md:%d: '%s' ran (no crash)" % (name, n, current),
                              r.returncode in (0, 1), " (exit %d)" % r.returncode)
                        # A lab may refuse on purpose: that is an answer, not a failure.
                        bad = [x for x in outputs[current].splitlines()
                               if "failed" in x or "could not run" in x or
                               re.search(r": \d+ commands?: .*, [1-9]\d* errors?$", x)]
                        check("%s/answers.md:%d: '%s' reports no error" % (name, n, current),
                              not bad, "\n    " + "\n    ".join(bad))
                elif line.startswith("    > "):
                    nchecks += 1
                    want = line[6:]
                    check("%s/answers.md:%d: %s" % (name, n, want),
                          current is not None and want in outputs.get(current, ""),
                          "\n    not printed by: %s" % current)
            check("%s/answers.md checks something" % name, nchecks > 0)

    print(tally.summary())
    return tally.exit_code()


if __name__ == "__main__":
    sys.exit(main())
