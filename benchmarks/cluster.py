"""Throughput of `clean --scheduler` on a Dask cluster of 1 and 2 worker processes on this
machine, and the web-archive check: a WARC of HTML pages gives each page what the page gives.

    python benchmarks/cluster.py [--workers 1,2] [--files 400] [--warc 1000] [--shared ../shared]

The inputs are the first --files pages of the shared corpus's html suite (copied nowhere: the
cluster reads them where they are). Each run is timed from the command's start to its exit,
the scheduler and workers already up, so it counts listing, sending, cleaning, writing and
the manifest; its output is compared with a local run's (`clean -j 1`). With --warc N, the first
N pages are written into one .warc.gz in a temporary folder, cleaned as an archive and as
.html files, and the records compared page by page (all fields but id, source and path).
Needs the `dask` and `warc` extras.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from time import perf_counter

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # measure the working tree's cleaner, installed or not

from distributed import LocalCluster  # noqa: E402

from cleaner.readers.warc import Page, write_pages  # noqa: E402
from cleaner.training.data import shared_folder  # noqa: E402


def clean(*args: str) -> float:
    """Run `clean` with the working tree on the path; its wall time in seconds."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    start = perf_counter()
    subprocess.run([sys.executable, "-m", "cleaner", *args], check=True, env=env, stderr=subprocess.DEVNULL)
    return perf_counter() - start


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


def records(out: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]


def throughput(pages: list[Path], workers: list[int], tmp: Path) -> None:
    inputs = tmp / "inputs"
    inputs.mkdir(parents=True)
    for page in pages:  # links, so the inputs are one folder that the runs list alike
        (inputs / page.name).symlink_to(page)
    size = sum(p.stat().st_size for p in pages)
    local = tmp / "local"
    seconds = clean(str(inputs), "-o", str(local))
    print(f"{len(pages)} files, {size / 1e6:.1f} MB; {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f} before the runs")
    print("| run | seconds | files/s | MB/s | output as local |")
    print("|---|---|---|---|---|")
    print(f"| local, -j 1 | {seconds:.1f} | {len(pages) / seconds:.1f} | {size / 1e6 / seconds:.2f} | - |")
    expected = files(local)
    for n in workers:
        with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            out = tmp / f"dask{n}"
            seconds = clean(str(inputs), "-o", str(out), "--scheduler", cluster.scheduler_address)
        same = "same" if files(out) == expected else "DIFFERENT"
        print(f"| Dask, {n} worker{'s' if n > 1 else ''} | {seconds:.1f} | {len(pages) / seconds:.1f} "
              f"| {size / 1e6 / seconds:.2f} | {same} |")


def archive_check(pages: list[Path], tmp: Path) -> None:
    crawl = tmp / "crawl.warc.gz"
    with crawl.open("wb") as f:
        write_pages(f, (Page(f"https://corpus.example/{p.name}", p.read_bytes()) for p in pages))
    folder = tmp / "pages"
    folder.mkdir()
    for page in pages:
        (folder / page.name).symlink_to(page)
    as_archive, as_files = tmp / "as-archive", tmp / "as-files"
    clean(str(crawl), "-o", str(as_archive), "-j", "2")
    clean(str(folder), "-o", str(as_files), "-j", "2")

    def per_page(out: Path, name: object) -> dict[object, list[dict[str, object]]]:
        found: dict[object, list[dict[str, object]]] = {}
        for r in records(out):
            found.setdefault(name(r), []).append({k: v for k, v in r.items() if k not in ("id", "source", "path")})
        return found

    got = per_page(as_archive, lambda r: str(r["source"]).rsplit("/", 1)[1])
    expected = per_page(as_files, lambda r: r["source"])
    same = sum(got.get(p.name) == expected.get(p.name) for p in pages)
    print(f"web archive of {len(pages)} HTML pages ({crawl.stat().st_size / 1e6:.1f} MB): "
          f"{same} of {len(pages)} pages give the same records as the .html files")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", default="1,2", help="worker counts to time, comma-separated")
    parser.add_argument("--files", type=int, default=400, help="pages to clean in each timed run (0: none)")
    parser.add_argument("--warc", type=int, default=0, metavar="N", help="check a web archive of N pages")
    parser.add_argument("--shared", help="the shared folder (default: ../shared)")
    args = parser.parse_args()
    pages = sorted((shared_folder(args.shared) / "corpus" / "html" / "inputs").glob("*.html"))
    if not pages:
        parser.error(f"no pages in {shared_folder(args.shared) / 'corpus' / 'html' / 'inputs'} (see --shared)")
    with tempfile.TemporaryDirectory() as tmp:
        if args.files:
            throughput(pages[:args.files], [int(n) for n in args.workers.split(",")], Path(tmp) / "speed")
        if args.warc:
            (Path(tmp) / "warc").mkdir()
            archive_check(pages[:args.warc], Path(tmp) / "warc")


if __name__ == "__main__":
    main()
