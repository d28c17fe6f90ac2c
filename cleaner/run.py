"""A whole run over many inputs: learn what recurs (with `learn`), clean each input, and hand
each input's result to the sinks, in input order.

    items = list(expand(["scrapes/"], Path("out")))
    report = run(items, Options(jobs=2), [OutputFolder(Path("out"))])

With `jobs` above one, inputs are read and cleaned in worker processes, and each sink's share of
a result is made there too (its .txt files written, its lines encoded): the parent only puts
the shares in place, in input order, so the output does not depend on the number of jobs. Bad input
never stops a run: it becomes a `Problem`, told to the observer when it happens and listed in
the `Report`.
"""
from __future__ import annotations

import multiprocessing
import queue
import signal
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from pathlib import Path
from typing import Any, Protocol, TypeVar

from .articles import Removal
from .explain import explain_lines
from .inputs import Input
from .learn import LearnedSource, Learner, LineTexts, PackUse, Survey, Surveyor, write_pack
from .limits import OverTime, over_time, time_limit
from .pipeline import Cleaner, Result
from .readers import InputError
from .rules import RuleSet
from .settings import DEFAULT, Settings
from .writers import to_json

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
# Seconds one input may take: several times what the largest input (DEFAULT_MAX_BYTES) takes on
# a slow machine, so only an input that makes some stage run away is stopped.
DEFAULT_TIMEOUT = 300.0
# Results waiting for their turn are held in memory: a few per worker keep every worker busy
# behind one slow input while memory stays bounded by a few inputs' results.
IN_FLIGHT_PER_WORKER = 4
# How often the parent looks whether a worker died while it waits for results, and an idle
# worker whether its parent did (seconds).
_WORKER_CHECK = 1.0

T = TypeVar("T")
Share = TypeVar("Share")
Job = tuple[Input, bytes | None]  # an input, with its bytes when they do not come from a file


@dataclass(frozen=True)
class Options:
    """How a run goes. `rules` are the rules in force (learned ones are put before them);
    `settings` the cleaner's thresholds (cleaner.settings)."""

    rules: RuleSet = field(default_factory=RuleSet.load)
    settings: Settings = DEFAULT
    jobs: int = 1
    max_bytes: int = DEFAULT_MAX_BYTES  # larger inputs fail without being read
    timeout: float = DEFAULT_TIMEOUT  # seconds an input may take to clean (0: no limit)
    learn: bool = False  # learn the lines that recur across a source's files first (learn.py)
    source_by: str = "folder"  # what makes files one source for learning (learn.SOURCE_BY)
    save_rules: Path | None = None  # write the learned rules here as a rule file; implies learn
    keep_lines: bool = False  # give each result its marked lines (Result.lines), for a report page
    explain: bool = False  # weigh every candidate break on all its cues (Cleaner), for --explain or a report


@dataclass(frozen=True)
class Problem:
    """Something to tell about one input (or the rule file written): it failed (`error`), was
    left out (`skipped`), or was cleaned with a `warning`."""

    display: str
    kind: str
    message: str

    def __str__(self) -> str:
        return f"{self.display}: {self.kind}: {self.message}"


class Observer:
    """What a run tells while it goes; this one tells nobody (the CLI's prints)."""

    def learned(self, source: LearnedSource) -> None:
        """A source learned its recurring lines (before any input is cleaned)."""

    def problem(self, problem: Problem) -> None:
        """An input failed, was skipped, or was cleaned with a warning."""

    def note(self, message: str) -> None:
        """Something to tell about the run as a whole (learning found nothing, a rule file's
        rules applied to no input)."""

    def progress(self, done: int, total: int | None) -> None:
        """`done` of the `total` inputs are cleaned and written; `total` is None while the inputs
        are still being listed (a run over a store lists them as it goes)."""


class Observers(Observer):
    """Tells each of several observers in turn."""

    def __init__(self, *observers: Observer) -> None:
        self._observers = observers

    def learned(self, source: LearnedSource) -> None:
        for observer in self._observers:
            observer.learned(source)

    def problem(self, problem: Problem) -> None:
        for observer in self._observers:
            observer.problem(problem)

    def note(self, message: str) -> None:
        for observer in self._observers:
            observer.note(message)

    def progress(self, done: int, total: int | None) -> None:
        for observer in self._observers:
            observer.progress(done, total)


class Sink(Protocol[Share]):
    """Where each input's result goes, in input order; closed at the end, aborted on an error.

    A result reaches a sink in two steps: `share` makes what the sink keeps of it, where the
    input was cleaned (in a worker process with jobs above one, so that the work of writing
    is shared too; the sink goes there as it is after `start`, and must pickle), and `add`
    takes that share in the parent, in input order."""

    def start(self, items: Sequence[Input]) -> int:
        """Called once before any input is added: how many of the first `items` this sink holds
        already, from a run that was stopped (writers.OutputFolder with `resume`)."""
        ...

    def share(self, item: Input, result: Result) -> Share: ...

    def add(self, item: Input, share: Share) -> None: ...

    def close(self) -> None: ...

    def abort(self) -> None: ...


class JsonLines:
    """Each article as one JSON line, through `write` (a line without its newline)."""

    def __init__(self, write: Callable[[str], None]) -> None:
        self._write = write

    def start(self, items: Sequence[Input]) -> int:
        return 0

    def share(self, item: Input, result: Result) -> list[str]:
        return [to_json(article) for article in result.articles]

    def add(self, item: Input, share: list[str]) -> None:
        for line in share:
            self._write(line)

    def close(self) -> None:
        pass

    def abort(self) -> None:
        pass


class ExplainLines(JsonLines):
    """Each removal and each story break weighed, one line each (explain.py)."""

    def share(self, item: Input, result: Result) -> list[str]:
        return list(explain_lines(result))


@dataclass(frozen=True)
class Cleaned:
    """What the parent gets of one cleaned input: its warnings, each sink's share (in the order
    of the sinks), and the removals that the run's tallies want (LineTexts, PackUse)."""

    warnings: list[str]
    shares: list[Any]  # Any: each sink's own type
    removals: list[Removal]


@dataclass
class Report:
    """What a run did: the sources that learned lines, every problem, in input order, and the
    .txt files an earlier run left in the output folder that were removed."""

    learned: list[LearnedSource] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # .txt files of an earlier run removed from the output

    @property
    def failed(self) -> bool:
        """Some input (or the rule file) failed; skipped inputs and warnings do not count."""
        return any(problem.kind == "error" for problem in self.problems)


def run(items: Sequence[Input], options: Options, sinks: Sequence[Sink[Any]], observer: Observer | None = None,
        stdin: bytes | None = None) -> Report:
    """Clean `items` (their bytes read from their paths, or `stdin` for standard input) into the
    sinks. Inputs that a sink holds already from a stopped run are not cleaned again (learning
    still reads them all). Raises only for what is no input's fault (an output that cannot be
    written)."""
    observer = observer or Observer()
    report = Report()
    jobs = [(item, stdin if item.is_stdin else None) for item in items]
    if options.learn or options.save_rules is not None:
        report.learned = _learn(options, jobs, observer)
    # Learned rules (order last) run after all others, before the rule files' own last rules,
    # as those of a saved pack given first with --rules would.
    cleaner = Cleaner(options.rules.first(source.rule() for source in report.learned), settings=options.settings,
                      keep_lines=options.keep_lines, explain=options.explain)
    texts = LineTexts(report.learned)
    packs = PackUse(options.rules.rules)

    def tell(problem: Problem) -> None:
        report.problems.append(problem)
        observer.problem(problem)

    try:
        written = max([sink.start(items) for sink in sinks], default=0)
        # Only the rule file needs the learned lines' texts. It lists them by the text first met
        # in input order, so the inputs written already are cleaned again for it (and not
        # written again: no sink is given them).
        saving = options.save_rules is not None
        tallies = (packs, texts) if saving else (packs,)
        first = 0 if saving else written
        todo = jobs[first:]
        outcomes = chain(_outcomes(partial(_clean, cleaner, (), tallies, options), jobs[first:written], options),
                         _outcomes(partial(_clean, cleaner, sinks, tallies, options), jobs[max(first, written):],
                                   options))
        for done, (item, outcome) in enumerate(outcomes, 1):
            if isinstance(outcome, Problem):
                tell(outcome)
            else:
                for tally in tallies:
                    tally.add(outcome.removals)
                for warning in outcome.warnings:
                    tell(Problem(item.display, "warning", warning))
                for sink, share in zip(sinks, outcome.shares):
                    sink.add(item, share)
            observer.progress(done, len(todo))
    except BaseException:
        for sink in sinks:
            sink.abort()
        raise
    for sink in sinks:
        sink.close()
    if not first:  # only when this run cleaned every input
        for note in packs.unused():
            observer.note(note)
    if options.save_rules is not None:
        try:
            write_pack(options.save_rules, report.learned, texts)
        except OSError as exc:
            tell(Problem(str(options.save_rules), "error", f"cannot write the rules: {exc.strerror or exc}"))
    return report


def _learn(options: Options, jobs: list[Job], observer: Observer) -> list[LearnedSource]:
    """Pass 1: survey every input and learn each source's recurring lines. Inputs that cannot be
    read are left out here; cleaning reports them."""
    learner = Learner(options.source_by, [(item.source, item.path) for item, _ in jobs])
    surveyor = Surveyor(Cleaner(options.rules, settings=options.settings), options.source_by)
    survey = partial(_run_one, partial(_survey, surveyor), options.max_bytes, options.timeout)
    for item, outcome in _outcomes(survey, jobs, options):
        if isinstance(outcome, Problem):
            learner.skip(item.source, item.path)
        else:
            learner.add(item.source, outcome)
    learned = learner.learned(rule.id for rule in options.rules.rules)
    for source in learned:
        observer.learned(source)
    if not learned:
        observer.note(f"learned nothing: {learner.why_nothing()}")
    return learned


def _clean(cleaner: Cleaner, sinks: Sequence[Sink[Any]], tallies: Sequence[LineTexts | PackUse], options: Options,
           job: Job) -> tuple[Input, Cleaned | Problem]:
    """Clean one input, then make each sink's share of it (outside the input's time limit, and
    where an error is no input's fault: it stops the run)."""
    item, result = _run_one(partial(_clean_data, cleaner), options.max_bytes, options.timeout, job)
    if isinstance(result, Problem):
        return item, result
    removals = [r for article in result.articles for r in article.removed if any(t.wants(r) for t in tallies)]
    return item, Cleaned(result.warnings, [sink.share(item, result) for sink in sinks], removals)


def _clean_data(cleaner: Cleaner, item: Input, data: bytes) -> Result:
    return cleaner.clean_data(data, item.source, item.key, path=item.path)


def _survey(surveyor: Surveyor, item: Input, data: bytes) -> Survey:
    return surveyor.survey(item.source, data, item.path)


def _outcomes(work: Callable[[Job], T], jobs: list[Job], options: Options) -> Iterator[T]:
    """The work's outcome for each job, in job order, computed in `options.jobs` processes."""
    if options.jobs <= 1 or len(jobs) <= 1:
        yield from map(work, jobs)
    else:
        yield from _in_workers(work, jobs, options.jobs)


def _run_one(task: Callable[[Input, bytes], T], max_bytes: int, timeout: float, job: Job) -> tuple[Input, T | Problem]:
    """Read one input and run the task on it, within `timeout` seconds. Bad input gives a
    Problem, never an exception."""
    item, data = job

    def problem(message: str, skipped: bool = False) -> tuple[Input, Problem]:
        return item, Problem(item.display, "skipped" if skipped else "error", message)

    try:
        if data is None:
            assert item.path is not None  # only standard input comes as bytes
            size = item.path.stat().st_size
            if size > max_bytes:
                return problem(f"too large ({size} bytes; the limit is {max_bytes}, see --max-bytes)")
            data = item.path.read_bytes()
        if not data or data.isspace():  # (not data.strip(), which copies it)
            return problem("empty, no article", skipped=True)
        with time_limit(timeout):
            return item, task(item, data)
    except OverTime:
        return problem(over_time(timeout))
    except InputError as exc:
        return problem(str(exc), exc.skip)
    except IsADirectoryError:
        return problem("is a folder that could not be listed")
    except OSError as exc:
        return problem(f"cannot read: {exc.strerror or exc}")


def _in_workers(work: Callable[[Job], T], jobs: list[Job], workers: int) -> Iterator[T]:
    """`work` on every job in `workers` processes, the results yielded in job order.

    A window of jobs is in flight at a time, so results that finished early wait behind a slow
    one only a few at a time. A worker that dies (killed, out of memory) stops the run with an
    error instead of leaving it waiting forever; an exception `work` raised in a worker is
    raised here in its job's turn, as it would be in one process."""
    context = multiprocessing.get_context()
    todo: Queue[tuple[int, Job] | None] = context.Queue()
    done: Queue[tuple[int, T | _Raised]] = context.Queue()
    processes = [context.Process(target=_serve, args=(work, todo, done), daemon=True) for _ in range(workers)]
    for process in processes:
        process.start()
    window = IN_FLIGHT_PER_WORKER * workers
    ready: dict[int, T | _Raised] = {}
    sent = 0
    finished = False
    try:
        for k in range(len(jobs)):
            while sent < len(jobs) and sent < k + window:
                todo.put((sent, jobs[sent]))
                sent += 1
            while k not in ready:
                seq, outcome = _next_result(done, processes)
                ready[seq] = outcome
            outcome = ready.pop(k)
            if isinstance(outcome, _Raised):
                raise outcome.error
            yield outcome
        finished = True
    finally:
        if finished:
            for _ in processes:
                todo.put(None)
        for process in processes:
            if not finished:
                process.terminate()
            process.join()
        if not finished:
            # Stopped (Ctrl-C may have struck inside a put): what is still queued is dropped
            # rather than waited for when the process exits.
            todo.cancel_join_thread()
            done.cancel_join_thread()
        todo.close()
        done.close()


@dataclass(frozen=True)
class _Raised:
    """What a worker sends for a job whose work raised (an output that cannot be written)."""

    error: Exception


def _next_result(done: Queue[tuple[int, T | _Raised]], processes: Sequence[BaseProcess]) -> tuple[int, T | _Raised]:
    while True:
        try:
            return done.get(timeout=_WORKER_CHECK)
        except queue.Empty:
            dead = [p.exitcode for p in processes if p.exitcode is not None]
            if dead:
                raise RuntimeError(f"a worker process stopped (exit code {dead[0]})") from None


def _serve(work: Callable[[Job], T], todo: Queue[tuple[int, Job] | None], done: Queue[tuple[int, T | _Raised]]) -> None:
    """A worker's loop: jobs in, outcomes out, until it is sent None or its parent is gone (killed
    with no chance to send it: an orphaned worker would wait forever, holding its memory, or
    clean the jobs sent already and write their files while a resumed run writes them)."""
    # Ctrl-C is the parent's to handle: it stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    while parent is None or parent.is_alive():
        try:
            task = todo.get(timeout=_WORKER_CHECK)
        except queue.Empty:
            continue
        if task is None:
            return
        seq, job = task
        try:
            outcome: T | _Raised = work(job)
        except Exception as exc:
            outcome = _Raised(exc)
        done.put((seq, outcome))
