"""How cleaning time and memory grow with the size of one input, on inputs made to be hard.

    python benchmarks/scaling.py [--sizes 1,4,16,64] [--kinds repeated,near-duplicates,...]
                                 [--budget SECONDS] [--jobs N] [--keep FOLDER]

Each generator writes one input of each size (MB, 10^6 bytes) from the seed stories in
samples/; each input is cleaned by `clean FILE -o OUT` in a process of its own, and the table
gives its wall and CPU seconds per MB and the process's peak resident memory. Cleaning is
linear when seconds per MB stay flat as the size grows. An input that takes longer than
--budget seconds is stopped and shown as such.

Kinds:
  repeated          one story's paragraphs over and over, ending with a long paragraph cut short
  near-duplicates   the story's paragraphs, each copy with a few words changed
  appended          stories appended one after another in the layout of seed 001 (headline,
                    caption twice, TT, headline again, body; three blank lines)
  menu              short menu-like lines, with a paragraph now and then
  one-line          the story's paragraphs run together into one huge line
  nested-html       an HTML page of deeply nested blocks around paragraphs
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from itertools import count, cycle
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
MB = 1_000_000

Generator = Callable[[int], Iterator[str]]  # size in bytes → pieces of text, up to about that size


def _story() -> list[str]:
    """The body paragraphs of seed 000 (a clean story)."""
    text = (SAMPLES / "000_283a963e37d9506a.txt").read_text(encoding="utf-8")
    return [p for p in text.splitlines() if len(p.split()) > 8]


def repeated(size: int) -> Iterator[str]:
    paragraphs = _story()
    made = 0
    for paragraph in cycle(paragraphs):
        if made > size:
            break
        yield paragraph + "\n\n"
        made += len(paragraph) + 2
    longest = max(paragraphs, key=len)
    yield longest[: len(longest) * 2 // 3] + "\n"


def near_duplicates(size: int) -> Iterator[str]:
    paragraphs = _story()
    made = 0
    for k in count():
        words = paragraphs[k % len(paragraphs)].split()
        for j in range(k % 3 + 1):  # a different few words in each copy
            at = (k * 7 + j * 13) % len(words)
            words[at] = f"{words[at]}{k % 97}"
        paragraph = " ".join(words) + "\n\n"
        yield paragraph
        made += len(paragraph)
        if made > size:
            break


def appended(size: int) -> Iterator[str]:
    paragraphs = _story()
    made = 0
    for k in count():
        headline = f"Story {k}: officials say talks on the region will go on"
        caption = f"Officials meet in the capital on day {k} (Archive photo – AGENCY)"
        body = "\n\n".join(paragraphs[(k + j) % len(paragraphs)] for j in range(4))
        story = f"{headline}\n\n{caption}\n{caption}\nTT\n\n{headline}\n\n{caption}\n{caption}\n\n{body}\n\n\n\n"
        yield story
        made += len(story)
        if made > size:
            break


def menu(size: int) -> Iterator[str]:
    items = ["Home", "News", "World", "Business", "Sport", "Weather", "Live TV", "Opinion", "More"]
    paragraphs = _story()
    made = 0
    for k in count():
        piece = "\n".join(f"{items[(k + j) % len(items)]} {j}" for j in range(20)) + "\n"
        if k % 10 == 0:
            piece += paragraphs[k % len(paragraphs)] + "\n"
        yield piece
        made += len(piece)
        if made > size:
            break


def one_line(size: int) -> Iterator[str]:
    made = 0
    for paragraph in cycle(_story()):
        if made > size:
            break
        yield paragraph + " "
        made += len(paragraph) + 1
    yield "\n"


def nested_html(size: int) -> Iterator[str]:
    paragraphs = _story()
    yield "<!DOCTYPE html><html><head><title>A page</title></head><body>"
    made = 0
    depth = 200
    for k in count():
        block = "<div>" * depth + f"<p>{paragraphs[k % len(paragraphs)]}</p>" + "</div>" * depth
        yield block
        made += len(block)
        if made > size:
            break
    yield "</body></html>\n"


KINDS: dict[str, tuple[Generator, str]] = {
    "repeated": (repeated, "txt"),
    "near-duplicates": (near_duplicates, "txt"),
    "appended": (appended, "txt"),
    "menu": (menu, "txt"),
    "one-line": (one_line, "txt"),
    "nested-html": (nested_html, "html"),
}


def write_input(folder: Path, kind: str, megabytes: float) -> Path:
    generate, suffix = KINDS[kind]
    path = folder / f"{kind}-{megabytes:g}mb.{suffix}"
    if not path.exists():
        with path.open("w", encoding="utf-8") as f:
            for piece in generate(int(megabytes * MB)):
                f.write(piece)
    return path


def measure(path: Path, out: Path, budget: float, jobs: int) -> tuple[float | None, float, int]:
    """Clean one input in a process of its own: wall seconds (None when over budget), CPU
    seconds and peak resident memory in bytes."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    command = [sys.executable, "-m", "cleaner", str(path), "-o", str(out), "-j", str(jobs),
               "--max-bytes", str(1 << 40), "--timeout", "0"]
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = start + budget
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            process.kill()
            pid, status, usage = os.wait4(process.pid, 0)
            return None, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024
        time.sleep(0.05)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{path.name}: clean exited with {process.returncode}")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,4,16,64", help="sizes in MB, comma-separated")
    parser.add_argument("--kinds", default=",".join(KINDS), help="generators, comma-separated")
    parser.add_argument("--budget", type=float, default=600, help="stop an input after this many seconds")
    parser.add_argument("--jobs", type=int, default=1, help="-j for clean (one input uses one process)")
    parser.add_argument("--keep", type=Path, help="write the inputs here and keep them (default: a temporary folder)")
    args = parser.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    kinds = args.kinds.split(",")
    unknown = set(kinds) - set(KINDS)
    if unknown:
        parser.error(f"unknown kinds: {', '.join(sorted(unknown))}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        print("| input | MB | wall s/MB | CPU s/MB | peak RSS MB | RSS / input |\n|---|---|---|---|---|---|")
        for kind in kinds:
            for megabytes in sizes:
                path = write_input(folder, kind, megabytes)
                real = path.stat().st_size / MB
                # A fresh output folder for each input: cleaning into one that holds an earlier
                # run's output reads that run's articles.jsonl first, which is not what is measured.
                out = Path(tmp) / "out"
                shutil.rmtree(out, ignore_errors=True)
                wall, cpu, rss = measure(path, out, args.budget, args.jobs)
                shown = f"> {args.budget / real:.2f}" if wall is None else f"{wall / real:.2f}"
                print(f"| {kind} | {real:.1f} | {shown} | {cpu / real:.2f} | {rss / MB:.0f} | "
                      f"{rss / (real * MB):.1f}× |", flush=True)
                if not args.keep:
                    path.unlink()


if __name__ == "__main__":
    main()
