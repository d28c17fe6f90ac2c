"""Count the instructions one warm pass of the cleaner takes over each devdata text suite.

    python benchmarks/instructions.py [--suites region,page,multi] [--tree PATH]

Wall-clock time on a shared machine varies by tens of percent from run to run; the number of
instructions the interpreter executes does not (with a fixed hash seed, which fixes the order
sets are walked in). This runs itself once under valgrind's callgrind: it cleans every suite
once to warm up (rule screens, stopword tables, fitted models), then each suite once more, and
callgrind writes its counts at the end of each pass. It prints the instructions of each suite's
warm pass and their sum.

`--tree` measures another checkout of the project (an older commit, to compare), whose
`Cleaner` has the same `clean_data(data, name)`. Takes a few minutes: callgrind runs the
interpreter some 50 times slower.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DEVDATA = REPO.parent / "shared" / "devdata"
TEXT_SUITES = ("region", "page", "multi")
# A C function the measured passes call only to mark their end: callgrind writes its counts
# (and starts them anew) each time it is entered. Nothing in the cleaner asks for it.
MARKER = "getppid"


def measure(suites: list[str], devdata: Path) -> None:
    """The measured process: a warm-up pass over every suite, then one pass per suite, each
    ended by the marker."""
    from cleaner import Cleaner

    inputs = {suite: [(p.name, p.read_bytes()) for p in sorted((devdata / suite / "inputs").iterdir())]
              for suite in suites}
    cleaner = Cleaner()
    for files in inputs.values():
        for name, data in files:
            cleaner.clean_data(data, name)
    os.getppid()
    for files in inputs.values():
        for name, data in files:
            cleaner.clean_data(data, name)
        os.getppid()


def dumped_instructions(folder: Path) -> list[int]:
    """The instructions of each part callgrind wrote, in the order it wrote them."""
    parts = []
    for path in folder.iterdir():
        text = path.read_text(encoding="utf-8", errors="replace")
        part = re.search(r"^part: (\d+)", text, re.M)
        total = re.search(r"^totals: (\d+)", text, re.M) or re.search(r"^summary: (\d+)", text, re.M)
        if total:
            parts.append((int(part.group(1)) if part else 0, int(total.group(1))))
    return [count for _, count in sorted(parts)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--suites", default=",".join(TEXT_SUITES), help="comma-separated suites")
    parser.add_argument("--devdata", type=Path, default=DEFAULT_DEVDATA)
    parser.add_argument("--tree", type=Path, default=REPO, help="the checkout whose cleaner is measured")
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    suites = args.suites.split(",")
    if args.inside:
        sys.path.insert(0, str(args.tree.resolve()))
        measure(suites, args.devdata)
        return 0
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(args.tree.resolve())}
        subprocess.run(["valgrind", "--tool=callgrind", f"--dump-before={MARKER}",
                        f"--callgrind-out-file={folder}/callgrind.out", sys.executable, __file__, "--inside",
                        "--suites", args.suites, "--devdata", str(args.devdata), "--tree", str(args.tree)],
                       env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        counts = dumped_instructions(Path(folder))
    # The parts: the start and warm-up pass, then one per suite, then what follows the last.
    passes = counts[1:1 + len(suites)]
    if len(passes) != len(suites):
        print(f"callgrind wrote {len(counts)} parts; expected {len(suites) + 2}", file=sys.stderr)
        return 1
    for suite, count in zip(suites, passes):
        print(f"{suite:8} {count / 1e9:7.3f} G instructions")
    print(f"{'total':8} {sum(passes) / 1e9:7.3f} G instructions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
