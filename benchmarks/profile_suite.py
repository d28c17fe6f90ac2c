"""Profile the cleaner on one devdata suite: where the time of a warm pass goes.

    python benchmarks/profile_suite.py [--suite page] [--sort tottime] [--top 40]

Every input is read as bytes and cleaned once to warm up (rule screens, stopword lists), then a
second pass runs under cProfile and the functions that took most are printed.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
from pathlib import Path
from time import perf_counter

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # profile the working tree's cleaner, installed or not

from cleaner import Cleaner  # noqa: E402

DEFAULT_DEVDATA = REPO.parent / "shared" / "devdata"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--suite", default="page")
    parser.add_argument("--devdata", type=Path, default=DEFAULT_DEVDATA)
    parser.add_argument("--sort", default="tottime", help="a pstats sort key: tottime, cumulative, ncalls...")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    files = [(p.name, p.read_bytes()) for p in sorted((args.devdata / args.suite / "inputs").iterdir())]
    cleaner = Cleaner()
    for name, data in files:
        cleaner.clean_data(data, name)
    start = perf_counter()
    for name, data in files:
        cleaner.clean_data(data, name)
    seconds = perf_counter() - start
    size = sum(len(data) for _, data in files)
    print(f"{args.suite}: {len(files)} files, {size / 1e6:.2f} MB, {seconds:.3f} s unprofiled, {size / seconds / 1e6:.2f} MB/s")
    profile = cProfile.Profile()
    profile.enable()
    for name, data in files:
        cleaner.clean_data(data, name)
    profile.disable()
    pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
