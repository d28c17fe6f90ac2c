"""How the report page (`clean --report`) grows with the number of sources, and how fast it opens.

    python benchmarks/report.py [--sources 10000] [--inputs samples/] [--jobs 1] [--keep FOLDER] [--no-plain]

Makes --sources inputs by copying the files of --inputs round and round under distinct names (a
thousand to a folder), cleans them once with `clean IN -o OUT` and once with `--report` added,
each in a process of its own (--no-plain: only the second), and gives the time and peak memory of both, the size of
report.html, and what headless Chromium takes to open it (from navigation to the load event, with
the first page of sources drawn), to filter by the rule that removed the most and to search, and
its JavaScript heap. The browser is the system's (apt-get install chromium chromium-driver),
driven by Selenium (the `test` extra).
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from itertools import cycle
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from browser import chromium, missing  # noqa: E402

PER_FOLDER = 1000


def make_inputs(source: Path, n: int, folder: Path) -> None:
    files = sorted(p for p in source.rglob("*") if p.is_file() and not p.name.startswith("."))
    if not files:
        sys.exit(f"no input files in {source}")
    for k, path in zip(range(n), cycle(files)):
        target = folder / f"{k // PER_FOLDER:03d}" / f"{k:05d}-{path.name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)


def clean(inputs: Path, out: Path, jobs: int, *extra: str) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one `clean` process."""
    start = time.perf_counter()
    # A process of its own per run, so its peak memory is its own (the children's maximum).
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", "cleaner", str(inputs), "-o", str(out),
                           "-j", str(jobs), *extra], capture_output=True, text=True, check=True, cwd=REPO)
    return time.perf_counter() - start, int(done.stdout.split()[-1]) / 1024


def browse(page: Path) -> dict[str, Any]:
    """Open the page in headless Chromium and time what a reader does first."""
    with chromium() as driver:
        driver.get(page.as_uri())
        loaded = driver.execute_script(
            "const n = performance.getEntriesByType('navigation')[0]; return [n.responseEnd, n.loadEventEnd];")
        errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        rule = driver.execute_script("return document.querySelector('#filter option[value^=\"rule:\"]').value")
        filtered = driver.execute_script(
            "const s = document.getElementById('filter'); const t = performance.now(); s.value = arguments[0];"
            "s.dispatchEvent(new Event('change')); return performance.now() - t;", rule)
        # The search waits 250 ms for typing to stop; the time given is what comes after.
        searched = driver.execute_async_script(
            "const done = arguments[arguments.length - 1]; const box = document.getElementById('search');"
            "const t = performance.now();"
            "new MutationObserver(() => done(performance.now() - t - 250))"
            ".observe(document.getElementById('sources'), {childList: true});"
            "box.value = 'Baghaei'; box.dispatchEvent(new Event('input'));")
        heap = driver.execute_script("return performance.memory ? performance.memory.usedJSHeapSize : null")
        nodes = driver.execute_script("return document.getElementsByTagName('*').length")
    return {"read_ms": loaded[0], "load_ms": loaded[1], "filter_ms": filtered, "search_ms": searched,
            "heap_mb": heap / 2**20 if heap else None, "elements": nodes, "errors": errors, "rule": rule}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=10_000)
    parser.add_argument("--inputs", type=Path, default=REPO / "samples", help="the files to copy round and round")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="make the inputs and outputs in this folder and keep them")
    parser.add_argument("--no-plain", action="store_true", help="do not time the run without --report")
    args = parser.parse_args()
    if (why := missing()) is not None:
        sys.exit(f"cannot open the page: {why}")
    work = args.keep or Path(tempfile.mkdtemp(prefix="cleaner-report-"))
    try:
        inputs = work / "in"
        if not inputs.exists():
            make_inputs(args.inputs, args.sources, inputs)
        plain = None if args.no_plain else clean(inputs, work / "plain", args.jobs)
        reported = clean(inputs, work / "out", args.jobs, "--report")
        page = work / "out" / "report.html"
        html = page.read_text(encoding="utf-8")
        records = re.search(r'<script id="records" type="text/plain">(.*?)</script>', html, re.S)
        assert records is not None
        opened = browse(page)
    finally:
        if args.keep is None:
            shutil.rmtree(work)
    size = len(html.encode("utf-8"))
    print(f"{args.sources} sources from {args.inputs} ({sum(1 for _ in records.group(1).splitlines())} records), "
          f"-j {args.jobs}")
    if plain is not None:
        print(f"clean:          {plain[0]:7.1f} s, peak {plain[1]:6.0f} MB")
    print(f"clean --report: {reported[0]:7.1f} s, peak {reported[1]:6.0f} MB")
    print(f"report.html:    {size / 2**20:7.1f} MB ({size / args.sources / 1024:.1f} KB per source)")
    print(f"Chromium:       page read in {opened['read_ms']:.0f} ms, loaded and drawn in {opened['load_ms']:.0f} ms; "
          f"filter by {opened['rule']} {opened['filter_ms']:.0f} ms; search {opened['search_ms']:.0f} ms; "
          f"JS heap {opened['heap_mb']:.0f} MB; {opened['elements']} elements; console errors: {len(opened['errors'])}")
    print(json.dumps({"sources": args.sources, "clean_s": plain and plain[0], "report_s": reported[0],
                      "clean_mb": plain and plain[1], "report_mb": reported[1], "page_mb": size / 2**20, **opened}))


if __name__ == "__main__":
    main()
