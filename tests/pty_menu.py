#!/usr/bin/env python3
"""pty_menu.py: drives memtrack's numbered menu through a pseudo-terminal, the
way a student types: good values, bad values that must be re-prompted, a
declined confirmation, an over-long line, and Ctrl-D to leave.

usage: tests/pty_menu.py path/to/memtrack    (ends with "N passed, N failed")
"""
import os
import pty
import re
import select
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tally import Tally  # noqa: E402

TIMEOUT = 10.0  # seconds to wait for any one prompt (sanitizer builds are slow)


class Session:
    def __init__(self, argv):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execv(argv[0], argv)
        self.buf = ""

    def expect(self, pattern):
        """Reads until pattern (a regex) appears; returns the text up to and
        including it, or None on timeout or end of output."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + TIMEOUT
        while True:
            m = rx.search(self.buf)
            if m:
                out, self.buf = self.buf[: m.end()], self.buf[m.end():]
                return out
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            r, _, _ = select.select([self.fd], [], [], left)
            if not r:
                return None
            try:
                data = os.read(self.fd, 4096)
            except OSError:
                return None
            if not data:
                return None
            self.buf += data.decode("utf-8", "replace")

    def send(self, text):
        os.write(self.fd, text.encode())

    def wait(self):
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
            self.expect(r"\Z(?!x)x")  # drain output for a moment
            time.sleep(0.05)
        os.kill(self.pid, 9)
        os.waitpid(self.pid, 0)
        return None


def main():
    binary = os.path.abspath(sys.argv[1])
    tally = Tally()
    check = tally.check

    with tempfile.TemporaryDirectory() as tmp:
        status = os.path.join(tmp, "ms")
        s = Session([binary, "--status", status, "--frames", "8", "--page-size", "1024"])
        check("menu appears", s.expect(r"Choice \(0-16\): ") is not None)

        # Allocate, with every kind of bad process id first.
        s.send("1\n")
        check("asks for a process id", s.expect(r"Process id \(1 or more\): ") is not None)
        for bad, why in [
            ("abc", r"'abc' is not a whole number"),
            ("-5", r"'-5' is negative"),
            ("0", r"0 is too small"),
            ("", r"Nothing typed"),
            ("99999999999999999999999", r"is too large"),
            ("1 2", r"just one number"),
        ]:
            s.send(bad + "\n")
            got = s.expect(r"Process id \(1 or more\): ")
            check("bad id %r explained and asked again" % bad,
                  got is not None and re.search(why, got) is not None)
        s.send("1\n")
        check("asks for a size", s.expect(r"Size in bytes.*: ") is not None)
        s.send("2500\n")
        got = s.expect(r"Choice \(0-16\): ")
        check("allocation reported", got is not None and "P1 gets 2500 B -> 3 pages" in got)
        check("explanation shown", got is not None and "why: first policy" in got)
        with open(status) as f:
            check("status file rewritten", "process pid=1 bytes=2500 pages=3" in f.read())

        # Bad menu choices.
        s.send("17\n")
        check("choice 17 refused", s.expect(r"too large \(at most 16\)") is not None)
        s.send("x" * 600 + "\n")
        check("over-long line refused", s.expect(r"too long") is not None)
        s.send("\x01\x02\n")
        check("control characters refused", s.expect(r"control characters") is not None)

        # A segment with a bad name first.
        s.send("8\n")
        s.expect(r"Segment name.*: ")
        s.send("1bad\n")
        check("bad segment name re-prompted",
              s.expect(r"not a segment name.*\n.*Segment name.*: ") is not None)
        s.send("code\n")
        s.expect(r"Size in bytes: ")
        s.send("300\n")
        got = s.expect(r"Choice \(0-16\): ")
        check("segment placed", got is not None and "segment 0 'code' (300 B) placed" in got)

        # Reset asks for confirmation when processes exist; "n" changes nothing.
        s.send("6\n")
        s.expect(r"TOTAL_FRAMES.*: ")
        s.send("16\n")
        s.expect(r"PAGE_SIZE.*: ")
        s.send("1000\n")
        check("page size 1000 refused", s.expect(r"PAGE_SIZE.*: ") is not None)
        s.send("512\n")
        check("confirmation asked", s.expect(r"Reset\? \[y/N\]: ") is not None)
        s.send("n\n")
        check("declined reset changes nothing", s.expect(r"Nothing was changed") is not None)
        s.expect(r"Choice \(0-16\): ")

        # Translate at the first invalid byte: past the last page (3 pages of 1024 B).
        s.send("5\n")
        s.expect(r"Process id.*: ")
        s.send("1\n")
        s.expect(r"Logical address.*: ")
        s.send("3072\n")
        got = s.expect(r"Choice \(0-16\): ")
        check("invalid address explained", got is not None and "invalid address 3072" in got)

        # Asked in hex, answered in hex: 0x400 is page 1, offset 0, in frame 1.
        s.send("5\n")
        s.expect(r"Process id.*: ")
        s.send("1\n")
        s.expect(r"Logical address.*: ")
        s.send("0x400\n")
        got = s.expect(r"Choice \(0-16\): ")
        check("hex question, hex answer", got is not None and
              "P1 logical 0x400 -> page 0x1, offset 0x0 -> frame 0x1 -> physical 0x400 (1024)"
              in got)

        # Ctrl-D at a value prompt leaves cleanly, after writing the status file.
        s.send("2\n")
        s.expect(r"Process id.*: ")
        s.send("\x04")
        got = s.expect(r"Bye\. The final state is in .*")
        check("Ctrl-D says goodbye", got is not None)
        check("exit status 0", s.wait() == 0)
        with open(status) as f:
            text = f.read()
        check("final status file has the process", "process pid=1 bytes=2500" in text)
        check("final status file has the segment", "name=code base=0 limit=300" in text)
        check("final status file is whole", text.endswith("end\n"))
        check("no temporary files left", not [n for n in os.listdir(tmp) if ".tmp." in n])

    print(tally.summary())
    return tally.exit_code()


if __name__ == "__main__":
    sys.exit(main())
