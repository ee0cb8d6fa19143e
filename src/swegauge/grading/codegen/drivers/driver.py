"""swegauge's function-level driver (runs inside the judge's sandbox, never on the host).

    python driver.py PROGRAM ENTRY < args.json

Runs the candidate's program, calls ENTRY (a function, or a method of a `Solution` class as LeetCode
writes them) with the JSON list read from stdin, and prints one line: the marker, then the JSON result.
The program's own prints go to stderr. Only the arguments are here: the expected value stays on the host.
"""

import json
import os
import sys

MARK = "@@swegauge-result@@ "
PRELUDE = (
    "from typing import *\nimport math, heapq, bisect, itertools, functools, collections, string, re, sys\n"
    "from collections import *\nfrom functools import *\nfrom itertools import *\nfrom heapq import *\n"
    "from bisect import *\n"
)


def _encode(value):
    if isinstance(value, (set, frozenset)):
        try:
            return sorted(value)
        except TypeError:
            return list(value)
    raise TypeError(f"the result holds a {type(value).__name__}, which has no JSON form")


def main():
    path, entry = sys.argv[1], sys.argv[2]
    args = json.loads(sys.stdin.read() or "[]")
    result_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    namespace = {"__name__": "__candidate__", "__file__": path}
    exec(compile(PRELUDE, "<prelude>", "exec"), namespace)
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    exec(compile(source, path, "exec"), namespace)
    function = namespace.get(entry)
    if function is None and isinstance(namespace.get("Solution"), type):
        function = getattr(namespace["Solution"](), entry, None)
    if not callable(function):
        print(f"swegauge driver: the program defines no function {entry!r}", file=sys.stderr)
        sys.exit(3)
    result = function(*args)
    text = json.dumps(result, default=_encode)
    sys.stderr.flush()
    os.write(result_fd, (MARK + text + "\n").encode("utf-8"))
    os._exit(0)


if __name__ == "__main__":
    main()
