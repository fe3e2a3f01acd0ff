#!/usr/bin/env python3
"""pty_menu.py: drives memtrack's numbered menu through a pseudo-terminal, the
way a student types: good values, bad values that must be re-prompted, a
declined confirmation, an over-long line, Enter to keep a setting, an empty
line or b to go back, m for the menu, and Ctrl-D to leave. No line the menu
prints (the menu, prompts, messages, results and their explanations, tables,
the command list) may be wider than 80 columns.

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
PROMPT = r"memtrack \(m for the menu, 0 quits\)> "  # asked after each action
WIDTH = 80  # widest line the menu may print
SENT = set()  # every line typed: the terminal echoes it after a prompt


def width(line):
    """The columns a line takes, less the terminal's echo of what the user
    typed: after a prompt (": " or "> "), or on a line of its own (an echo
    may arrive in pieces)."""
    starts = [0] + [i + 2 for i in range(len(line) - 1) if line[i:i + 2] in (": ", "> ")]
    for c in starts:
        if line[c:] and any(line[c:] in typed for typed in SENT):
            return c
    return len(line)


class Session:
    def __init__(self, argv):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execv(argv[0], argv)
        self.buf = ""
        self.menu_lines = []  # every line the session printed

    def expect(self, pattern):
        """Reads until pattern (a regex) appears; returns the text up to and
        including it, or None on timeout or end of output. Its lines are kept
        in menu_lines."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + TIMEOUT
        while True:
            m = rx.search(self.buf)
            if m:
                out, self.buf = self.buf[: m.end()], self.buf[m.end():]
                lines = out.replace("\r", "").split("\n")
                self.menu_lines += lines
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
        SENT.update(x for x in text.split("\n") if x)

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


def answer(s, check, name, keys, want):
    """Types keys, each after the prompt the one before brings, and checks
    that the answer, up to the menu's prompt, matches the regex want."""
    for k in keys[:-1]:
        s.send(k + "\n")
        s.expect(r"[:>] $")  # the next prompt, before typing on
    s.send(keys[-1] + "\n")
    got = s.expect(PROMPT)
    check("%s answered" % name, got is not None and re.search(want, got) is not None, repr(got))


def main():
    binary = os.path.abspath(sys.argv[1])
    tally = Tally()
    check = tally.check

    with tempfile.TemporaryDirectory() as tmp:
        status = os.path.join(tmp, "ms")
        s = Session([binary, "--status", status, "--frames", "8", "--page-size", "1024"])
        got = s.expect(PROMPT)
        check("menu appears", got is not None and "16) Type a command" in got)
        check("the menu says how prompts work", got is not None and "b goes back" in got)

        # Allocate, with every kind of bad process id first.
        s.send("1\n")
        check("asks for a process id", s.expect(r"Process id \(1 or more\): ") is not None)
        for bad, why in [
            ("abc", r"'abc' is not a whole number"),
            ("-5", r"'-5' is negative"),
            ("0", r"0 is too small"),
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
        got = s.expect(PROMPT)
        check("allocation reported", got is not None and "P1 gets 2500 B -> 3 pages" in got)
        check("explanation shown", got is not None and "why: first policy" in got)
        check("after an action, one prompt line, not the whole menu",
              got is not None and "Allocate memory" not in got and "== memtrack" not in got)
        with open(status) as f:
            check("status file rewritten", "process pid=1 bytes=2500 pages=3" in f.read())

        # Bad menu choices.
        s.send("22\n")
        check("choice 22 refused", s.expect(r"too large \(at most 21\)") is not None)
        s.send("x" * 600 + "\n")
        check("over-long line refused", s.expect(r"too long") is not None)
        s.send("\x01\x02\n")
        check("control characters refused", s.expect(r"control characters") is not None)
        s.expect(PROMPT)

        # The whole menu on request, with the settings of the moment.
        s.send("m\n")
        got = s.expect(PROMPT)
        check("m shows the menu", got is not None and "1) Allocate memory" in got)
        check("the menu shows the settings now",
              got is not None and "paging 8 frames x 1024 B (5 free, first policy)" in got)
        s.send("\n")
        s.send("5\n")
        got = s.expect(r"Process id.*: ")
        check("an empty line at the choice prompt asks again, quietly",
              got is not None and got.count("memtrack (m for") == 1 and "menu" not in
              got.split("> ", 1)[-1])

        # An empty line or b at any sub-prompt goes back to the menu, and
        # nothing is done: the status file is not rewritten.
        with open(status) as f:
            before = f.read()
        s.send("\n")
        got = s.expect(PROMPT)
        check("empty line at a sub-prompt goes back", got is not None and "Back at the menu" in got)
        for choice, prompt in [("1", r"Process id.*: "), ("8", r"Segment name.*: "),
                               ("11", r"Segment id or name: "), ("16", r"Command.*: "),
                               ("6", r"TOTAL_FRAMES.*: "), ("7", r"Frame policy.*: "),
                               ("12", r"Fit policy.*: "), ("14", r"Segment memory.*: ")]:
            s.send(choice + "\n")
            s.expect(prompt)
            s.send("b\n")
            got = s.expect(PROMPT)
            check("b at the first prompt of %s goes back" % choice,
                  got is not None and "Back at the menu" in got)
        s.send("1\n")
        s.expect(r"Process id.*: ")
        s.send("2\n")
        s.expect(r"Size in bytes.*: ")
        s.send("b\n")
        got = s.expect(PROMPT)
        check("b at a second prompt goes back", got is not None and "Back at the menu" in got)
        s.send("6\n")
        s.expect(r"TOTAL_FRAMES.*: ")
        s.send("\n")
        s.expect(r"PAGE_SIZE.*: ")
        s.send("\n")
        s.expect(r"Reset\? \[y/N\]: ")
        s.send("\n")
        got = s.expect(PROMPT)
        check("Enter at a confirmation is no", got is not None and "Nothing was changed" in got)
        with open(status) as f:
            check("going back changed nothing", f.read() == before)

        # A segment with a bad name first.
        s.send("8\n")
        s.expect(r"Segment name.*: ")
        s.send("1bad\n")
        check("bad segment name re-prompted",
              s.expect(r"not a segment name[^:]*:[^:]*Try again \(b goes back\)\.\s*"
                       r"Segment name.*: ") is not None)
        s.send("code\n")
        s.expect(r"Size in bytes: ")
        s.send("300\n")
        got = s.expect(PROMPT)
        check("segment placed", got is not None and "segment 0 'code' (300 B) placed" in got)

        # Enter at a settings prompt keeps the value shown in [ ].
        s.send("12\n")
        got = s.expect(r"Fit policy.*: ")
        check("fit prompt shows the value now", got is not None and "[first]: " in got)
        s.send("best\n")
        s.expect(PROMPT)
        s.send("12\n")
        got = s.expect(r"Fit policy.*: ")
        check("fit prompt shows the new value", got is not None and "[best]: " in got)
        s.send("\n")
        got = s.expect(PROMPT)
        check("Enter keeps the fit policy", got is not None and "fit policy is now best" in got)
        s.send("7\n")
        s.expect(r"Frame policy.*\[first\]: ")
        s.send("random\n")
        got = s.expect(r"Seed.*: ")
        check("seed prompt shows the seed now", got is not None and "[1]: " in got)
        s.send("\n")
        got = s.expect(PROMPT)
        check("Enter keeps the seed", got is not None and "random, seed 1" in got)
        s.send("7\n")
        s.expect(r"Frame policy.*\[random\]: ")
        s.send("first\n")
        s.expect(PROMPT)
        s.send("14\n")
        got = s.expect(r"Segment memory.*: ")
        check("segment memory prompt shows the size now", got is not None and "[65536]: " in got)
        s.send("\n")
        s.expect(r"Reset\? \[y/N\]: ")
        s.send("n\n")
        s.expect(PROMPT)

        # The command list, through "Type a command", fits in 80 columns too.
        s.send("16\n")
        s.expect(r"Command.*: ")
        s.send("help\n")
        got = s.expect(PROMPT)
        check("help lists the commands", got is not None and "seg alloc NAME BYTES" in got)

        # Reset asks for confirmation when processes exist; "n" changes nothing.
        s.send("6\n")
        got = s.expect(r"TOTAL_FRAMES.*: ")
        check("frames prompt shows the value now", got is not None and "[8]: " in got)
        s.send("16\n")
        got = s.expect(r"PAGE_SIZE.*: ")
        check("page size prompt shows the value now", got is not None and "[1024]: " in got)
        s.send("1000\n")
        check("page size 1000 refused", s.expect(r"PAGE_SIZE.*: ") is not None)
        s.send("512\n")
        check("confirmation asked", s.expect(r"Reset\? \[y/N\]: ") is not None)
        s.send("n\n")
        check("declined reset changes nothing", s.expect(r"Nothing was changed") is not None)
        s.expect(PROMPT)

        # Translate at the first invalid byte: past the last page (3 pages of 1024 B).
        s.send("5\n")
        s.expect(r"Process id.*: ")
        s.send("1\n")
        s.expect(r"Logical address.*: ")
        s.send("3072\n")
        got = s.expect(PROMPT)
        check("invalid address explained", got is not None and "invalid address 3072" in got)

        # Asked in hex, answered in hex: 0x400 is page 1, offset 0, in frame 1.
        s.send("5\n")
        s.expect(r"Process id.*: ")
        s.send("1\n")
        s.expect(r"Logical address.*: ")
        s.send("0x400\n")
        got = s.expect(PROMPT)
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

        # Enter at both reset prompts keeps the settings (and empties memory).
        menu_lines = s.menu_lines
        s = Session([binary, "--status", status, "--resume"])
        s.expect(PROMPT)
        s.send("6\n")
        s.expect(r"TOTAL_FRAMES.*\[8\]: ")
        s.send("\n")
        s.expect(r"PAGE_SIZE.*\[1024\]: ")
        s.send("\n")
        s.expect(r"Reset\? \[y/N\]: ")
        s.send("y\n")
        got = s.expect(PROMPT)
        check("Enter keeps frames and page size",
              got is not None and "paging reset: 8 frames x 1024 B" in got)
        s.send("0\n")
        check("0 quits", s.wait() == 0)

        # Virtual memory through the menu: on, a policy, a reference string,
        # one access, compare, stats, ostep-clock's two values, a TLB (typed;
        # the menu then names it), off.
        menu_lines += s.menu_lines
        s = Session([binary, "--status", status, "--frames", "3"])
        got = s.expect(PROMPT)
        check("the menu shows virtual memory off",
              got is not None and "Virtual memory: off" in got and "21) Compare policies" in got)
        lru = r"Access: 1  HIT  LRU ->    \[7, 0, 1\] <- MRU Replaced:- \[Hits:8 Misses:12\]"
        for keys, want in [(["17", ""], r"virtual memory on: 3 frames x 4096 B, 12 swap slots"),
                           (["1", "1", "40K"], r"none resident"),
                           (["20", "lru"], r"replacement policy: lru"),
                           (["19", "1", "7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1 7 0 1"], lru),
                           (["18", "1", "0x3000", "w"], r"Access: 3w  MISS LRU"),
                           (["21", "1,2,3,4,1,2,5,1,2,3,4,5", "1-5"],
                            r"fifo faults more with 4 frames \(10\) than with 3 \(9\)"),
                           (["15"], r"21 accesses: 8 hits, 13 faults"),
                           (["m"], r"Virtual memory: on, 3 frames, 12 swap slots, lru"),
                           (["20", "ostep-clock", "", "7"], r"ostep-clock"),
                           (["16", "tlb 4096 ways=4096 asid=on"], r"TLB on: 4096 entries"),
                           (["m"], r"TLB: 4096 entries, 4096 ways \(type tlb, tlb flush"),
                           (["18", "1", "0x9000", "r"], r"TLB miss: P1 page 9 is not in set 0"),
                           (["16", "tlb"], r"0     0         P1 page 9"),
                           (["15"], r"EAT = h x \(t_tlb \+ t_mem\)"),
                           (["6", "", "", ""], r"^\s*Nothing was changed"),  # Asked first.
                           (["17", "y"], r"virtual memory off")]:
            answer(s, check, "VM " + keys[0], keys, want)
        s.send("0\n")
        check("0 quits the VM session", s.wait() == 0)

        # Page tables in frames: the menu's header names the layer and where
        # its commands are; an access prints its walk, frames the table
        # frames, stats the table memory (all within 80 columns).
        menu_lines += s.menu_lines
        s = Session([binary, "--status", status, "--vm", "--frames", "8", "--page-size", "64",
                     "--page-table", "2-level"])
        got = s.expect(PROMPT)
        check("the menu names the page-table layer",
              got is not None and
              "Page tables: 2-level, 4 B entries (type vm page-table, compare tables)" in got)
        check("the menu names the address spaces the layer turned on",
              got is not None and
              "Address spaces: 16384 B each, with protection (type alloc PID BYTES rwx)" in got)
        for keys, want in [(["16", "alloc 1 16K"], r"P1 now has 16384 B"),
                           (["18", "1", "0x3f80", "r"],
                            r"walk: PDBR -> frame 0; PD\[15\] -> PT at frame 1; PT\[14\] -> "
                            r"frame 2"),
                           (["4"], r"P1 PD "),
                           (["15"], r"Page tables: 2-level, 4 B entries"),
                           (["16", "compare tables 0,0x3f80 page-sizes=64,256 shapes=2-level"],
                            r"256 2-level  refused: 2 levels: too many for 6 VPN bits")]:
            answer(s, check, "page tables " + keys[0], keys, want)
        s.send("0\n")
        check("0 quits the page-table session", s.wait() == 0)

        # The heap: with it off the menu neither shows nor takes its entries
        # (the text as before the heap); turned on by a typed command, it
        # shows them (22-26) and each works.
        menu_lines += s.menu_lines
        s = Session([binary, "--status", status])
        got = s.expect(PROMPT)
        check("with the heap off the menu has no heap entries",
              got is not None and "Heap" not in got and "22)" not in got)
        s.send("22\n")
        got = s.expect(PROMPT)
        check("22 is no entry with the heap off",
              got is not None and "'22' is too large (at most 21)" in got)
        work = os.path.join(tmp, "work.txt")
        with open(work, "w") as f:
            f.write("malloc a 24\nmalloc b 500\nfree a\nmalloc c 1000\n")
        for keys, want in [(["16", "allocator freelist heap=1K fit=best"],
                            r"heap: freelist allocator, 1024 B, empty"),
                           (["m"], r"Heap: freelist, 1024 B, 0 blocks \(type realloc, cache, pool, "
                            r"heap\)\s+22\) Allocate a heap block\s+23\) Free a heap block"),
                           (["22", "9lives", "a", "100"], r"malloc a 100: 100 B at 0x0"),
                           (["22", "y", "2000"], r"refused: no room"),
                           (["22", "y", "50"], r"malloc y 50: 50 B at 0x64"),
                           (["23", "a"], r"free a: 100 B at 0x0"),
                           (["24"], r"free list, 2 entries"),
                           (["15"], r"Heap: freelist, 1024 B"),
                           (["26", work], r"compare heap .*work.txt: 4 operations"),
                           (["25", "buddy min=32"], r"heap: buddy allocator, 1024 B, empty"),
                           (["22", "c", "100"], r"malloc c 100: 128 B at 0x0"),
                           (["24"], r"free blocks by address"),
                           (["m"], r"Heap: buddy, 1024 B, 1 block \(type")]:
            answer(s, check, "heap " + keys[0], keys, want)
        s.send("0\n")
        check("0 quits the heap session", s.wait() == 0)

        # The widest settings there are: the menu still fits in 80 columns.
        menu_lines += s.menu_lines
        s = Session([binary, "--status", status, "--frames", "4194304", "--page-size", "1G",
                     "--seg-memory", "1024G", "--frame-policy", "random", "--seed",
                     "18446744073709551615", "--fit", "worst"])
        got = s.expect(PROMPT)
        check("menu at the widest settings",
              got is not None and "4194304 frames x 1073741824 B" in got)
        # Results, explanations and tables are wrapped at 80 columns too.
        for keys, want in [(["1", "1", "10000"], r"P1 gets 10000 B"),
                           (["8", "code", "300"], r"segment 0 'code'"),
                           (["8", "heap", "300"], r"segment 1 'heap'"),
                           (["9", "code"], r"freed"),
                           (["1", "2", "4194304G"], r"refused: cannot allocate"),
                           (["3", "1"], r"Page table of P1"), (["4"], r"Frame table"),
                           (["10"], r"Segment table"), (["15"], r"internal fragmentation"),
                           (["5", "1", "20000"], r"address 20000|logical 20000"),
                           (["16", "seg table"], r"holes:"),
                           (["17", "", "y"], r"virtual memory on: 4194304 frames"),
                           (["m"], r"== memtrack: virtual memory 4194304 frames x 1073741824 B "
                            r"\(4194304 free\)")]:
            answer(s, check, keys[0], keys, want)
        s.send("14\n")
        s.expect(r"Segment memory.*: ")
        s.send("\x04")
        got = s.expect(r"Bye\..*")
        check("the widest session ends", got is not None and s.wait() == 0)
        menu_lines += s.menu_lines
        wide = [x for x in menu_lines if width(x) > WIDTH]
        check("the menu printed lines (%d)" % len(menu_lines), len(menu_lines) > 100)
        check("no line the menu prints is wider than %d columns" % WIDTH, not wide,
              "\n    " + "\n    ".join(wide))

    print(tally.summary())
    return tally.exit_code()


if __name__ == "__main__":
    sys.exit(main())
