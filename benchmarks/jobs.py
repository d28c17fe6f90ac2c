"""How `-j 2` compares with `-j 1` on a folder of many small files.

    python benchmarks/jobs.py [--files 1200] [--suites region,page,multi] [--rounds 3]
                              [--jobs 1,2] [--shared ../shared]

The folder is made of links to --files inputs of the shared corpus's text suites, taken evenly
from each suite. Each round runs `clean FOLDER -o OUT -j N` once for each N, in turn, so that
load from elsewhere on the machine falls on every N alike; the table gives each run's wall
seconds, the parent's CPU seconds and the workers' CPU seconds, and the speed-up of each N
over the first. The last line is the median speed-up over the rounds. Every run's output is
checked to be the first run's.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the working tree's cleaner, installed or not

from cleaner.training.data import shared_folder  # noqa: E402


def make_folder(shared: Path, suites: list[str], files: int, folder: Path) -> int:
    """Links to `files` inputs taken evenly from the suites; their total size in bytes."""
    inputs = [sorted((shared / "corpus" / suite / "inputs").iterdir()) for suite in suites]
    every = sum(len(paths) for paths in inputs) / files
    size = 0
    for suite, paths in zip(suites, inputs):
        for path in (paths[int(k * every)] for k in range(round(len(paths) / every))):
            (folder / f"{suite}-{path.name}").symlink_to(path)
            size += path.stat().st_size
    return size


# `clean` that writes its own CPU seconds to the file named by $CLEANER_CPU when it exits: what
# wait4 tells of a process counts its workers too.
_CLEAN = """
import os, resource, sys
from cleaner.cli import main
try:
    main(sys.argv[1:], prog_name="clean")
finally:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    with open(os.environ["CLEANER_CPU"], "w") as f:
        f.write(str(usage.ru_utime + usage.ru_stime))
"""


def clean(folder: Path, out: Path, jobs: int) -> tuple[float, float, float]:
    """Run `clean` in a process of its own: wall seconds, its own CPU seconds and its workers'."""
    cpu_file = out.with_suffix(".cpu")
    env = {**os.environ, "PYTHONPATH": str(REPO), "CLEANER_CPU": str(cpu_file)}
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", _CLEAN, str(folder), "-o", str(out), "-j", str(jobs)],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # 1: some input failed, which is its own business
        raise SystemExit(f"clean -j {jobs} exited with {os.waitstatus_to_exitcode(status)}")
    own = float(cpu_file.read_text())
    return wall, own, usage.ru_utime + usage.ru_stime - own


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=1200, help="about how many inputs the folder holds")
    parser.add_argument("--suites", default="region,page,multi", help="text suites of the corpus, comma-separated")
    parser.add_argument("--rounds", type=int, default=3, help="how many times each -j runs, in turn")
    parser.add_argument("--jobs", default="1,2", help="values of -j, comma-separated")
    parser.add_argument("--shared", type=Path, help="the shared data folder (default: ../shared)")
    args = parser.parse_args()
    jobs = [int(j) for j in args.jobs.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "inputs")
        folder.mkdir()
        size = make_folder(shared_folder(args.shared), args.suites.split(","), args.files, folder)
        count = len(list(folder.iterdir()))
        print(f"{count} files, {size / 1e6:.1f} MB; {os.cpu_count()} cores, load average "
              f"{os.getloadavg()[0]:.1f} before the runs")
        print("| round | -j | wall s | parent CPU s | workers CPU s | speed-up |\n|---|---|---|---|---|---|")
        expected: dict[str, bytes] | None = None
        speedups: dict[int, list[float]] = {j: [] for j in jobs[1:]}
        for round_ in range(1, args.rounds + 1):
            first = 0.0
            for j in jobs:
                out = Path(tmp, f"out-{j}")
                wall, own, workers = clean(folder, out, j)
                first = first or wall
                if j in speedups:
                    speedups[j].append(first / wall)
                print(f"| {round_} | {j} | {wall:.2f} | {own:.2f} | {workers:.2f} | {first / wall:.2f}× |", flush=True)
                result = tree(out)
                if expected is None:
                    expected = result
                elif result != expected:
                    raise SystemExit(f"clean -j {j} wrote other output than clean -j {jobs[0]}")
        for j, ratios in speedups.items():
            print(f"median speed-up of -j {j} over -j {jobs[0]}: {statistics.median(ratios):.2f}× "
                  f"({', '.join(f'{r:.2f}' for r in ratios)})")


if __name__ == "__main__":
    main()
