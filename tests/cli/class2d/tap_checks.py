"""The CLI tests' line protocol for Python checks: `ok   - what` or `FAIL - what`, and a count of failures
(shared by check_score.py and check_simulation.py; tests/cli/lib.sh prints the same lines for shell tests)."""
import os
import sys

# The bench/class2d modules (em2d, score, simulate) are what these checks exercise.
sys.path.insert(0, os.path.join(os.environ.get("PLATEAU_SRC", "."), "bench", "class2d"))

failures = 0


def check(ok, what):
    global failures
    print(("ok   - " if ok else "FAIL - ") + what)
    failures += 0 if ok else 1


def status():
    """Exit status for the run so far: 1 if any check failed."""
    return 1 if failures else 0
