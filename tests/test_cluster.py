"""Past one machine: `clean --scheduler` on a Dask cluster of two worker processes (one of them
killed mid-run), inputs and output by fsspec URL, web archives, and `clean_record` for other
engines. Every run is held to a local run of the same inputs: the same records, the same .txt
files."""
from __future__ import annotations

import io
import json
import os
import pickle
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner import cluster as cluster_module
from cleaner.cli import main
from cleaner.limits import OverTime, time_limit
from cleaner.records import clean_record, uri_path

distributed = pytest.importorskip("distributed")
fsspec = pytest.importorskip("fsspec")
pytest.importorskip("warcio")

from cleaner.readers.warc import Page, write_pages  # noqa: E402  (needs warcio)

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent / "samples"
HTML = [HERE / "data" / "html_story.html", HERE / "data" / "html_scroll.html"]
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below a folder by its path, hidden files (a run's leftovers) excepted."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Folders of the seeds and HTML pages, with names that collide once made stems, a binary
    file, an empty one and a file and a folder whose names sort between each other."""
    root = tmp_path_factory.mktemp("corpus")
    for n in range(10):
        folder = root / f"site{n}"
        folder.mkdir()
        for sample in SAMPLES.glob("*.txt"):
            shutil.copy(sample, folder / sample.name)
        for page in HTML:
            shutil.copy(page, folder / page.name)
    shutil.copy(SAMPLES / "000_283a963e37d9506a.txt", root / "site1.txt")
    (root / "site1" / "000_283a963e37d9506a.html").write_bytes(HTML[0].read_bytes())
    (root / "site2" / "logo.png").write_bytes(PNG)
    (root / "site3" / "blank.txt").write_text("\n\n")
    return root


@pytest.fixture(scope="module")
def local(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("local") / "out"
    result = run(corpus, "-o", out)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def dask_cluster() -> Iterator[object]:
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, scheduler_port=0)
    yield cluster
    cluster.close()


def test_a_cluster_gives_what_a_local_run_gives(dask_cluster, corpus, local, tmp_path):
    out = tmp_path / "out"
    result = run(corpus, "-o", out, "--scheduler", dask_cluster.scheduler_address)
    assert result.exit_code == 0, result.output
    assert tree(out) == tree(local)


def test_a_worker_killed_mid_run_loses_nothing_and_writes_nothing_twice(dask_cluster, corpus, local, tmp_path,
                                                                        monkeypatch):
    with distributed.Client(dask_cluster.scheduler_address) as client:
        pids = client.run(os.getpid)
    victim = min(pids.values())
    killed = []
    listed = cluster_module.list_jobs

    def jobs_then_kill(*args):
        # Past the first batches the driver has a window of batches running on both workers:
        # kill one of them then, from the driver, where it lists the next inputs.
        for n, job in enumerate(listed(*args)):
            if n == 5 * cluster_module.BATCH_SIZE:
                os.kill(victim, signal.SIGKILL)
                killed.append(n)
            yield job

    monkeypatch.setattr(cluster_module, "list_jobs", jobs_then_kill)
    out = tmp_path / "out"
    result = run(corpus, "-o", out, "--scheduler", dask_cluster.scheduler_address)
    assert killed, "the corpus is too small to kill a worker mid-run"
    assert result.exit_code == 0, (result.output, result.exception)
    assert tree(out) == tree(local)
    manifest = (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    assert len({json.loads(line)["id"] for line in manifest}) == len(manifest)


def test_an_address_with_no_scheduler_is_one_line_and_a_failure(corpus, tmp_path):
    with socket.socket() as s:  # a port that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    for address in (f"tcp://127.0.0.1:{port}", "no-port-here", "nosuch://host:1"):
        result = run(corpus, "-o", tmp_path / "out", "--scheduler", address)
        assert result.exit_code == 1
        lines = result.output.splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"clean: {address}: error: cannot reach the Dask scheduler: ")
        assert "Traceback" not in result.output


def test_urls_in_and_out_give_what_paths_give(corpus, local):
    fs = fsspec.filesystem("memory")
    try:
        for path in corpus.rglob("*"):
            if path.is_file():
                fs.pipe_file(f"/corpus/{path.relative_to(corpus).as_posix()}", path.read_bytes())
        result = run("memory://corpus", "-o", "memory://out")
        assert result.exit_code == 0, result.output
        written = {path[len("/out/"):]: fs.cat_file(path) for path in fs.find("/out")}
        assert written.pop(".cleaner-output").startswith(b"cleaner ")  # the marker of a run's output
        assert written == tree(local)
    finally:
        fs.rm("/", recursive=True)


def test_file_urls_are_listed_in_the_order_of_a_local_run(corpus, local, tmp_path):
    out = tmp_path / "out"
    assert run(corpus.as_uri(), "-o", out.as_uri(), "-j", "2").exit_code == 0
    assert tree(out) == tree(local)


def _pages(paths: list[Path]) -> list[Page]:
    return [Page(f"https://news.example/{n}/{p.name}?from=home", p.read_bytes()) for n, p in enumerate(paths)]


def _archive(pages: list[Page], path: Path) -> None:
    with path.open("wb") as f:
        write_pages(f, pages)
        # Records that are no page: a request, an image, a redirect.
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter

        writer = WARCWriter(f, gzip=True)
        writer.write_record(writer.create_warc_record("https://news.example/", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
        png = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://news.example/logo.png", "response", payload=io.BytesIO(PNG), http_headers=png))
        moved = StatusAndHeaders("301 Moved Permanently", [("Content-Type", "text/html"), ("Location", "/")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://news.example/old", "response", payload=io.BytesIO(b"<html>moved</html>"), http_headers=moved))


def _per_page(records: list[dict]) -> list[dict]:
    """What a page gives, without where it came from (its source, id and file)."""
    return [{k: v for k, v in r.items() if k not in ("id", "source", "path")} for r in records]


def test_a_web_archive_gives_each_page_what_the_page_gives(tmp_path, dask_cluster):
    files = HTML * 3
    pages = _pages(files)
    _archive(pages, tmp_path / "crawl.warc.gz")
    expected = [r for p in files for r in _per_page(clean_record(p.read_bytes(), p.name))]
    for extra in ((), ("--scheduler", dask_cluster.scheduler_address)):
        out = tmp_path / f"out{len(extra)}"
        result = run(tmp_path / "crawl.warc.gz", "-o", out, *extra)
        assert result.exit_code == 0, result.output
        assert result.output.endswith("crawl.warc.gz: skipped: 3 records that are not HTML pages\n")
        records = [json.loads(line) for line in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
        assert _per_page(records) == expected
        assert [r["source"] for r in records if r["index"] == 0] == [p.uri for p in pages]
        assert len({r["id"] for r in records}) == len(records)
        for r in records:
            assert (out / r["path"]).read_text(encoding="utf-8") == r["text"] + "\n"
        # Pages of one URI path but another query keep apart; every name stays below the archive's.
        assert records[0]["path"] == "crawl.warc/news.example/0/html_story_" + records[0]["path"].rsplit("_", 1)[1]


@given(st.text())
def test_a_uri_becomes_a_safe_relative_path(uri):
    path = uri_path(uri)
    assert all(part not in ("", ".", "..") and not part.startswith(".") for part in path.split("/"))
    assert all(ch.isalnum() or ch in "._-/" for ch in path)
    assert all(len(part.encode("utf-8")) <= 100 for part in path.split("/"))


def test_clean_record_pickles_and_gives_the_lines_of_a_run(local):
    mapped = pickle.loads(pickle.dumps(partial(clean_record, cleaner=Cleaner())))
    records = [json.loads(line) for line in (local / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    sample = SAMPLES / "001_7a3a63e451c8d701.txt"
    expected = [{**r, "path": None} for r in records if r["source"] == f"site0/{sample.name}"]
    got = mapped(sample.read_bytes(), f"site0/{sample.name}")
    assert got == expected
    assert len(got) == 2


def test_clean_record_maps_a_dask_bag(dask_cluster):
    import dask.bag as db

    with distributed.Client(dask_cluster.scheduler_address):
        pairs = [(p.read_bytes(), p.name) for p in sorted(SAMPLES.glob("*.txt"))]
        bag = db.from_sequence(pairs, npartitions=2).map(lambda pair: clean_record(*pair)).flatten()
        titles = [a["title"] for a in bag.compute()]
    assert titles == [a["title"] for data, name in pairs for a in clean_record(data, name)]


def test_a_url_no_file_system_reads_is_one_line_and_a_failure(tmp_path):
    result = run("nosuch://bucket/scrapes", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.output.startswith("clean: nosuch://bucket/scrapes: error: ")
    assert len(result.output.splitlines()) == 1 and "Traceback" not in result.output


def test_a_missing_url_fails_in_its_place_and_the_rest_is_written(tmp_path):
    sample = SAMPLES / "000_283a963e37d9506a.txt"
    result = run(tmp_path.as_uri() + "/absent.txt", sample.as_uri(), "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.output.startswith(f"clean: {tmp_path.as_uri()}/absent.txt: error: cannot read")
    assert (tmp_path / "out" / "000_283a963e37d9506a.000.txt").read_text(encoding="utf-8") == sample.read_text(encoding="utf-8").rstrip("\n") + "\n"


def test_a_folder_holding_a_web_archive_reads_it_as_one(tmp_path):
    folder = tmp_path / "crawl"
    folder.mkdir()
    _archive(_pages(HTML), folder / "b.warc.gz")
    shutil.copy(SAMPLES / "000_283a963e37d9506a.txt", folder / "a.txt")
    result = run(folder, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in (tmp_path / "out" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["source"] for r in records if r["index"] == 0] == ["a.txt", *(p.uri for p in _pages(HTML))]


# Runs the command line in a process that kills itself (SIGKILL) at its n-th write to the
# manifest (of an input with articles), after writing half of it: a driver killed mid-run,
# with a torn last line.
KILL_DRIVER = """
import os, signal, sys
import cleaner.storage as storage
from cleaner.cli import main

n, calls = int(sys.argv[1]), 0
original = storage.Manifest.write

def dying(self, lines):
    global calls
    calls += bool(lines)
    if lines and calls == n:
        data = "".join(line + "\\n" for line in lines)
        self._file.write(data[: len(data) // 2])
        self._file.flush()
        os.kill(os.getpid(), signal.SIGKILL)
    original(self, lines)

storage.Manifest.write = dying
main(sys.argv[2:])
"""


def test_a_killed_cluster_run_resumed_gives_what_a_local_run_gives(dask_cluster, corpus, local, tmp_path,
                                                                   monkeypatch):
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE.parent), os.environ.get("PYTHONPATH", "")])}
    killed = subprocess.run([sys.executable, "-c", KILL_DRIVER, "30", str(corpus), "-o", str(out),
                             "--scheduler", dask_cluster.scheduler_address], env=env, capture_output=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
    assert not (out / "articles.jsonl").read_bytes().endswith(b"\n")  # a torn line
    sent = []
    listed = cluster_module.list_jobs

    def counted(*args):
        for job in listed(*args):
            sent.append(job.key)
            yield job

    monkeypatch.setattr(cluster_module, "list_jobs", counted)
    result = run(corpus, "-o", out, "--scheduler", dask_cluster.scheduler_address, "--resume")
    assert result.exit_code == 0, result.output
    assert tree(out) == tree(local)
    # Listed twice (to find what the manifest holds whole, then to clean), but the first pass
    # stops at the last input the manifest holds: fewer than two listings of every input.
    total = sum(1 for path in corpus.rglob("*") if path.is_file())
    assert total < len(sent) < 2 * total


def test_a_resumed_run_into_a_store_keeps_the_lines_written(corpus, local):
    """An object store cannot append: the lines kept are written again into the new manifest."""
    fs = fsspec.filesystem("memory")
    try:
        manifest = (local / "articles.jsonl").read_bytes()
        lines = manifest.splitlines(keepends=True)
        fs.pipe_file("/out/articles.jsonl", b"".join(lines[:20]) + lines[20][:30])
        for rel, data in tree(local).items():
            if rel != "articles.jsonl":
                fs.pipe_file(f"/out/{rel}", data)
        result = run(corpus.as_uri(), "-o", "memory://out", "--resume")
        assert result.exit_code == 0, result.output
        assert fs.cat_file("/out/articles.jsonl") == manifest
    finally:
        fs.rm("/", recursive=True)


def _big_story(path: Path) -> None:
    """A story long enough to take far more than a tenth of a second to clean (about a second
    warm, as text or as an HTML page: at a tenth of that, a fast machine finished it in time)."""
    story = (SAMPLES / "000_283a963e37d9506a.txt").read_text(encoding="utf-8")
    path.write_text("\n\n".join(f"Part {k}. {story}" for k in range(3000)), encoding="utf-8")


def test_the_time_limit_holds_on_a_cluster(dask_cluster, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _big_story(folder / "big.txt")
    result = run(folder, "-o", tmp_path / "out", "--scheduler", dask_cluster.scheduler_address, "--timeout", "0.1")
    assert result.exit_code == 1
    assert f"clean: {folder / 'big.txt'}: error: stopped after 0.1 s" in result.output


def test_the_time_limit_holds_for_each_page_of_a_web_archive(tmp_path):
    big = tmp_path / "big.html"
    _big_story(tmp_path / "big.txt")
    paragraphs = "".join(f"<p>{p}</p>" for p in (tmp_path / "big.txt").read_text(encoding="utf-8").split("\n\n"))
    big.write_text(f"<html><body><article>{paragraphs}</article></body></html>", encoding="utf-8")
    pages = _pages([HTML[0], big, HTML[1]])
    _archive(pages, tmp_path / "crawl.warc.gz")
    result = run(tmp_path / "crawl.warc.gz", "-o", tmp_path / "out", "--timeout", "0.1")
    assert result.exit_code == 1
    assert f"crawl.warc.gz: {pages[1].uri}: error: stopped after 0.1 s" in result.output
    records = [json.loads(line) for line in (tmp_path / "out" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["source"] for r in records} == {pages[0].uri, pages[2].uri}


def test_a_time_limit_stops_work_in_a_thread_that_is_not_the_main_one():
    """Where a Dask worker runs its tasks: no signal reaches the thread, an exception does."""
    def work() -> None:
        with time_limit(0.1):
            while True:
                pass

    assert _stopped_in_a_thread(work)


def _stopped_in_a_thread(work: Callable[[], None]) -> bool:
    """Whether `work`, run in a thread that is not the main one, ended in OverTime."""
    stopped = []

    def run() -> None:
        try:
            work()
        except OverTime:
            stopped.append(True)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(10)
    return stopped == [True]


def _outrun_and_swallow(limit: float) -> None:
    """Work that outruns its limit where the stop lands in code that catches everything (as in
    a finaliser the garbage collector runs), then ends normally."""
    with time_limit(limit):
        until = time.monotonic() + 10 * limit
        while time.monotonic() < until:
            try:
                while time.monotonic() < until:
                    pass
            except OverTime:
                pass


def test_work_that_outran_its_limit_is_over_time_even_when_the_stop_was_swallowed():
    with pytest.raises(OverTime):
        _outrun_and_swallow(0.05)


def test_the_same_in_a_thread_that_is_not_the_main_one():
    assert _stopped_in_a_thread(partial(_outrun_and_swallow, 0.05))
