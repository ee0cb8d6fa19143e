"""python -m kvline [--typed] [--skip-bad] [FILE ...]: logfmt lines in, JSON lines out."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TextIO

from kvline.decode import KvlineError
from kvline.stream import iter_records


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kvline", description="Convert logfmt lines to JSON lines.")
    parser.add_argument("files", nargs="*", help="log files (default: standard input)")
    parser.add_argument("--typed", action="store_true", help="numbers, booleans and empty values as JSON types")
    parser.add_argument("--skip-bad", action="store_true", help="leave malformed lines out")
    args = parser.parse_args(argv)
    stdin = stdin if stdin is not None else sys.stdin
    stdout = stdout if stdout is not None else sys.stdout
    errors = "skip" if args.skip_bad else "raise"
    sources = args.files or ["-"]
    for source in sources:
        handle = stdin if source == "-" else open(source, encoding="utf-8")
        try:
            for record in iter_records(handle, convert=args.typed, errors=errors):
                stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        except KvlineError as err:
            print(f"{source}: {err}", file=sys.stderr)
            return 1
        finally:
            if handle is not stdin:
                handle.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
