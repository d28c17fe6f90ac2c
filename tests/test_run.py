"""A whole run as a library call: inputs, options and sinks in, a report out."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from cleaner.inputs import Input, expand
from cleaner.pipeline import Cleaner, Result
from cleaner.run import Observer, Options, Problem, run

STORY = ("Headline of the story\nThe council voted on Tuesday to close the library, saying that the "
         "building had become too costly to heat and that visitors had fallen by a third.\n")


class Collect:
    """A sink that keeps what it is given."""

    def __init__(self) -> None:
        self.added: list[tuple[str, Result]] = []
        self.closed = self.aborted = False

    def start(self, items: Sequence[Input]) -> int:
        return 0

    def add(self, item: Input, result: Result) -> None:
        self.added.append((item.key, result))

    def close(self) -> None:
        self.closed = True

    def abort(self) -> None:
        self.aborted = True


class Told(Observer):
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.progress_seen: list[tuple[int, int]] = []

    def problem(self, problem: Problem) -> None:
        self.problems.append(problem)

    def progress(self, done: int, total: int) -> None:
        self.progress_seen.append((done, total))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "b").mkdir(parents=True)
    (root / "a.txt").write_text(STORY)
    (root / "b" / "c.txt").write_text(STORY.replace("library", "swimming pool"))
    (root / "empty.txt").write_text("  \n")
    (root / "huge.txt").write_text(STORY * 20)
    return root


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_run_gives_each_input_to_the_sinks_in_order_and_reports_problems(folder: Path, jobs: int) -> None:
    items = list(expand([str(folder)], None))
    sink, told = Collect(), Told()
    report = run(items, Options(jobs=jobs, max_bytes=2000), [sink], told)
    assert [key for key, _ in sink.added] == ["a.txt", "b/c.txt"]
    assert "swimming pool" in sink.added[1][1].articles[0].text
    assert sink.closed and not sink.aborted
    assert [(p.display.rsplit("/", 1)[-1], p.kind) for p in report.problems] == [("empty.txt", "skipped"), ("huge.txt", "error")]
    assert report.problems == told.problems
    assert report.failed
    assert told.progress_seen == [(k, 4) for k in range(1, 5)]


def test_standard_input_comes_as_bytes(tmp_path: Path) -> None:
    sink = Collect()
    report = run(list(expand(["-"], None)), Options(), [sink], stdin=STORY.encode())
    assert not report.failed
    assert [a.title for a in sink.added[0][1].articles] == ["Headline of the story"]


def test_a_sink_that_fails_aborts_every_sink(folder: Path) -> None:
    class Broken(Collect):
        def add(self, item: Input, result: Result) -> None:
            raise OSError("disk full")

    other = Collect()
    with pytest.raises(OSError):
        run(list(expand([str(folder)], None)), Options(jobs=2), [other, Broken()])
    assert other.aborted and not other.closed


def test_an_input_over_its_time_fails_alone(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The time limit stops a runaway input (here one that would sleep for a minute) and the run
    goes on with the next."""
    import time

    import cleaner.run

    clean = cleaner.run._clean

    def slow_for_a(cleaner_: Cleaner, item: Input, data: bytes) -> Result:
        if item.key == "a.txt":
            time.sleep(60)
        return clean(cleaner_, item, data)

    monkeypatch.setattr(cleaner.run, "_clean", slow_for_a)
    # The package's models are read on first use: read them before the clock runs, and leave
    # the other inputs time enough on a busy machine.
    Cleaner().clean_text(STORY)
    sink = Collect()
    report = run(list(expand([str(folder)], None)), Options(timeout=3), [sink])
    assert [key for key, _ in sink.added] == ["b/c.txt", "huge.txt"]
    first = report.problems[0]
    assert (first.display.rsplit("/", 1)[-1], first.kind) == ("a.txt", "error")
    assert "--timeout" in first.message
