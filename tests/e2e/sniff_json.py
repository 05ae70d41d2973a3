"""vhostsniff's -T json output as the e2e checks read it (check-rings.py,
check-ring-traffic.py): one JSON object per line, and how a check fails.
"""
import json
import sys


def fail(check, msg):
    """Print CHECK: FAIL: msg and exit 1."""
    print("%s: FAIL: %s" % (check, msg))
    sys.exit(1)


def read_lines(path, check):
    """The objects of path's lines in order; a line that is not JSON fails check."""
    objs = []
    with open(path) as f:
        for n, text in enumerate(f, 1):
            try:
                objs.append(json.loads(text))
            except ValueError as e:
                fail(check, "line %d is not JSON: %s" % (n, e))
    return objs
