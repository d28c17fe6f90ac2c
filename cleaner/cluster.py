"""A run whose inputs are cleaned elsewhere: on a Dask cluster (`--scheduler ADDRESS`), or in local
processes when inputs or output are URLs or web archives.

The driver lists the inputs as a stream and sends them in batches, a bounded number in flight,
so it never holds the corpus. Each batch names its inputs (URL, source, key, and the stem of
their .txt files, given out by the driver in input order so names match a local run); the worker
reads them, cleans them, writes their .txt files and sends back the manifest lines. The driver
writes the lines in input order: the result is that of a local run.

A task that runs twice (its worker was lost after it wrote some files) writes the same files
with the same bytes, each whole, and only its one result reaches the manifest: nothing is lost
and nothing is written twice.
"""
from __future__ import annotations

import socket
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Protocol

import click

from .inputs import expand, ignore
from .pipeline import Cleaner
from .readers import InputError
from .readers.warc import Archive, is_warc
from .records import Cleaned, clean_archive
from .run import Observer, Options, Problem, Report
from .storage import Folder, StorageError, input_size, is_url, listing, open_input, split
from .writers import StemNames, to_json, txt_name

BATCH_SIZE = 8
BATCHES_PER_THREAD = 2


@dataclass(frozen=True)
class Job:
    """One input sent to a worker; `stem` is None when the run writes no .txt files."""

    url: str
    source: str
    display: str
    key: str
    stem: str | None


@dataclass(frozen=True)
class TaskSettings:
    """What every task needs, sent to each worker once."""

    cleaner: Cleaner
    out: str | None  # the output folder's URL or path
    max_bytes: int


@dataclass
class Outcome:
    """What cleaning one input gave: the manifest lines of its articles, in order, the .txt
    files written, what to tell about it (errors, skips, warnings), and for a web archive how
    many records were no page."""

    job: Job
    lines: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped_records: int = 0

    def tell(self, kind: str, message: str, page: str | None = None) -> None:
        display = self.job.display if page is None else f"{self.job.display}: {page}"
        self.problems.append(Problem(display, kind, message))


class Pending(Protocol):
    """A batch sent to an engine (a local or a Dask future)."""

    def result(self) -> list[Outcome]: ...


class SchedulerError(Exception):
    """The scheduler cannot be reached or named: one line for the user, about `where`."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


def list_jobs(args: Iterable[str], out: str | None, skip: Callable[[str, str], None] = ignore) -> Iterator[Job]:
    """The inputs the arguments name, in order, each with its key and the stem of its .txt files.
    Local paths are expanded as a local run expands them, URLs listed as a stream; `skip` is
    told the folders of a run's output left out."""
    stems = StemNames() if out is not None else None
    out_path = None if out is None or is_url(out) else Path(out)
    seen: dict[str, int] = {}
    for arg in args:
        if is_url(arg):
            found: Iterable[tuple[str, str, str]] = ((url, source, url) for url, source in listing(arg, out, skip))
        else:
            # Absolute, for workers whose working folder is not the driver's.
            found = ((str(item.path.absolute()), item.source, item.display) for item in expand([arg], out_path, skip)
                     if item.path is not None)
        for url, source, display in found:
            seen[source] = n = seen.get(source, 0) + 1
            key = source if n == 1 else f"{source}~{n}"
            yield Job(url, source, display, key, stems.stem_for(key) if stems is not None else None)


def clean_batch(settings: TaskSettings, batch: list[Job]) -> list[Outcome]:
    """Run on a worker: read, clean and write each input of the batch. Never raises for bad input."""
    folder = Folder(settings.out) if settings.out is not None else None
    return [_clean_job(settings, folder, job) for job in batch]


def _clean_job(settings: TaskSettings, folder: Folder | None, job: Job) -> Outcome:
    outcome = Outcome(job)
    try:
        if is_warc(job.source):
            with open_input(job.url) as stream:
                archive = Archive(stream, settings.max_bytes)
                for page in clean_archive(settings.cleaner, archive, job.key):
                    _add(outcome, folder, page)
                outcome.skipped_records = archive.skipped
            if archive.skipped:
                outcome.tell("skipped", f"{archive.skipped} records that are not HTML pages")
            return outcome
        size = input_size(job.url)
        if size > settings.max_bytes:
            outcome.tell("error", f"too large ({size} bytes; the limit is {settings.max_bytes}, see --max-bytes)")
            return outcome
        with open_input(job.url) as f:
            data = f.read()
        if not data.strip():
            outcome.tell("skipped", "empty, no article")
            return outcome
        _add(outcome, folder, Cleaned(job.source, job.key, "", settings.cleaner.clean_data(data, job.source, job.key)))
    except InputError as exc:
        outcome.tell("skipped" if exc.skip else "error", str(exc))
    except IsADirectoryError:
        outcome.tell("error", "is a folder that could not be listed")
    except OSError as exc:
        outcome.tell("error", f"cannot read: {exc.strerror or exc}")
    return outcome


def _add(outcome: Outcome, folder: Folder | None, cleaned: Cleaned) -> None:
    """One source's articles into the outcome, their .txt files written."""
    page = cleaned.source if cleaned.source != outcome.job.source else None  # a page of an archive
    if cleaned.result is None:
        outcome.tell("error", cleaned.message or "", page)
        return
    for warning in cleaned.result.warnings:
        outcome.tell("warning", warning, page)
    stem = outcome.job.stem
    for article in cleaned.result.articles:
        if folder is not None and stem is not None:
            article.path = txt_name(f"{stem}/{cleaned.stem}" if cleaned.stem else stem, article.index)
            folder.write_text(article.path, article.text + "\n" if article.text else "")
            outcome.paths.append(article.path)
        outcome.lines.append(to_json(article))


class Engine:
    """Where batches run: `submit` sends one and gives its future; `threads` is how many can run
    at once. This one runs them in local processes (or, with one job, in this process: the only
    way to read `memory://` files)."""

    def __init__(self, settings: TaskSettings, jobs: int) -> None:
        self.threads = jobs
        self._settings = settings
        self._pool = ProcessPoolExecutor(jobs) if jobs > 1 else None

    def submit(self, batch: list[Job]) -> Pending:
        if self._pool is not None:
            return self._pool.submit(clean_batch, self._settings, batch)
        future: Future[list[Outcome]] = Future()
        future.set_result(clean_batch(self._settings, batch))
        return future

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)


class DaskEngine(Engine):
    """Batches on a Dask cluster. The settings (the rules, some 100 KB) go to every worker once,
    not with every batch. Raises SchedulerError, with one line, when there is no scheduler at
    `address`."""

    def __init__(self, settings: TaskSettings, address: str, timeout: float = 10.0) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise SchedulerError("--scheduler", "needs Dask: pip install 'cleaner[dask]'") from None
        try:
            _knock(address, timeout)
            self._client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError, TypeError) as exc:
            reason = getattr(exc, "strerror", None) or (str(exc).splitlines() or [type(exc).__name__])[0]
            raise SchedulerError(address, f"cannot reach the Dask scheduler: {reason}") from None
        self.threads = max(1, sum(self._client.nthreads().values()))
        self._settings_ref = self._client.scatter(settings, broadcast=True, hash=False)

    def submit(self, batch: list[Job]) -> Pending:
        future: Pending = self._client.submit(clean_batch, self._settings_ref, batch, pure=False)
        return future

    def close(self) -> None:
        self._client.close()


def _knock(address: str, timeout: float) -> None:
    """Raise ValueError for an address Dask cannot parse, OSError when nothing listens at a TCP
    one: at once, where the client would retry until its time-out, and before a client exists
    (a client that never connected complains again when it is collected)."""
    from distributed.comm.addressing import parse_address, parse_host_port
    from distributed.comm.registry import get_backend

    scheme, location = parse_address(address)
    get_backend(scheme)  # an unknown scheme
    if scheme in ("tcp", "tls"):
        host, port = parse_host_port(location)
        socket.create_connection((host, port), timeout=timeout).close()


def run(engine: Engine, work: Iterable[Job], batch_size: int = BATCH_SIZE) -> Iterator[Outcome]:
    """The outcome of every job, in order, with a bounded number of batches sent and not yet
    consumed, so that neither the inputs listed nor the results waiting pile up. A batch whose
    task failed past the engine's retries fails each of its inputs."""
    in_flight = BATCHES_PER_THREAD * engine.threads
    pending: deque[tuple[list[Job], Pending]] = deque()
    work_iter = iter(work)
    for batch in iter(lambda: list(islice(work_iter, batch_size)), []):
        pending.append((batch, engine.submit(batch)))
        if len(pending) >= in_flight:
            yield from _outcomes(*pending.popleft())
    while pending:
        yield from _outcomes(*pending.popleft())


def _outcomes(batch: list[Job], future: Pending) -> list[Outcome]:
    try:
        return future.result()
    except Exception as exc:  # the engine gave up on the task (say, its workers kept dying)
        problem = f"the cluster could not clean it: {type(exc).__name__}: {exc}"
        return [Outcome(job, problems=[Problem(job.display, "error", problem)]) for job in batch]


def handles(args: Iterable[str], out: str | None) -> bool:
    """Whether this module runs `clean` over these arguments even without --scheduler: they read
    or write URLs, or name a web archive (the CLI also sends here a folder that holds one)."""
    return (out is not None and is_url(out)) or any(is_url(arg) or is_warc(arg) for arg in args)


def clean_all(args: list[str], out: str | None, engine: Engine, observer: Observer) -> Report:
    """Clean every input the arguments name on the engine: the manifest (or, without an output
    folder, standard output) gets the articles in input order, the observer each problem and
    the progress."""
    report = Report()

    def tell(problem: Problem) -> None:
        report.problems.append(problem)
        observer.problem(problem)

    skipped_records = archives = done = 0
    manifest = None
    try:
        # Inside the try: if the output cannot be made, the engine is still closed.
        folder = Folder(out) if out is not None else None
        if folder is not None:
            folder.make()
        # The .txt files an earlier run listed: those this run does not write are removed at its end.
        earlier = folder.listed() if folder is not None else {}
        manifest = folder.open_manifest() if folder is not None else None
        jobs = list_jobs(args, out, lambda display, why: tell(Problem(display, "skipped", why)))
        for done, outcome in enumerate(run(engine, jobs), 1):
            for problem in outcome.problems:
                tell(problem)
            if is_warc(outcome.job.source):
                archives += 1
                skipped_records += outcome.skipped_records
            if manifest is not None:
                manifest.write(outcome.lines)
                for rel in outcome.paths:
                    earlier.pop(rel, None)
            else:
                for line in outcome.lines:
                    click.echo(line)
            observer.progress(done, None)
    except BaseException:
        if manifest is not None:
            manifest.abort()
        raise
    finally:
        engine.close()
    if manifest is not None:
        manifest.close()
    if folder is not None:
        report.removed = folder.remove(earlier)
    observer.progress(done, done)
    if archives > 1:
        tell(Problem(f"{archives} web archives", "skipped", f"{skipped_records} records that are not HTML pages"))
    return report


def main(args: list[str], out: str | None, options: Options, scheduler: str | None, observer: Observer) -> Report:
    """The run of `clean` on a cluster (or, without a scheduler, in `options.jobs` local
    processes), with the options' rules, settings and size limit. A scheduler or URL that
    cannot be used is one problem, told without a traceback; an output folder that cannot be
    written raises OutputError."""
    cleaner = Cleaner(options.rules, settings=options.settings)
    # Cleaning an empty text builds the rule set's passes, which pickle with it: each batch (or,
    # on a cluster, each worker) gets them built instead of building them again.
    cleaner.clean_text("")
    if out is not None and not is_url(out):
        out = str(Path(out).absolute())
    settings = TaskSettings(cleaner, out, options.max_bytes)
    try:
        for url in (*args, *([out] if out is not None else [])):
            if is_url(url):
                split(url)  # a protocol with no file system installed fails here, before any work
        engine = DaskEngine(settings, scheduler) if scheduler is not None else Engine(settings, options.jobs)
        return clean_all(args, out, engine, observer)
    except (SchedulerError, StorageError) as exc:
        problem = Problem(exc.where, "error", exc.message)
        observer.problem(problem)
        return Report(problems=[problem])
