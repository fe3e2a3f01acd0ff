"""tally.py: the pass/fail counter the Python tests share.

    t = Tally()
    t.check("name", condition, "detail shown on failure")
    print(t.summary())        # "N passed, N failed"
    sys.exit(t.exit_code())
"""
import sys


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, cond, detail=""):
        """Counts one check; prints FAIL, the name and the detail when cond is false."""
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL: %s %s" % (name, detail), file=sys.stderr)
        return cond

    def summary(self):
        return "%d passed, %d failed" % (self.passed, self.failed)

    def exit_code(self):
        return 1 if self.failed else 0
