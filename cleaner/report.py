"""The audit page of a run, OUT/report.html: every source's lines with what was kept, what each rule
took and where it went, every story break weighed, and an overview; one file that loads nothing.

    page = ReportPage(Path("out"), rules)
    run(items, Options(rules, keep_lines=True, explain=True), [OutputFolder(Path("out")), page], Observers(page))

The page is a run's sink (each input's result, in input order) and its observer (the inputs that
failed or were skipped, the rules learned). It keeps no document: each input becomes one line of
JSON in a part file beside the page as it comes, and the page is put together from that file when
the run closes. The browser parses each source's line only when it shows it (report.js), so the
page stays quick at tens of thousands of sources.

A stopped run leaves its part file; `resume` keeps the sources it holds, so the page of a resumed
run shows every source, as one uninterrupted run's would.
"""
from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from importlib.resources import files
from io import TextIOWrapper
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .document import Field, Line
from .learn import LearnedSource
from .rules import RuleSet
from .run import Observer, Problem
from .writers import write_parts

if TYPE_CHECKING:
    from .inputs import Input
    from .pipeline import Result
    from .split import Boundary

PAGE = "report.html"
PART = ".report.jsonl.part"  # the page's data while the run goes (hidden: inputs never read it back)
# The article fields the overview counts (the body is not one).
FIELDS = tuple(f.value for f in Field if f not in (Field.BODY, Field.DROP))


def script_json(value: object) -> str:
    """`value` as JSON that can stand inside a <script> element: a `<` only ever appears inside a
    JSON string, where \\u003c reads the same, so no `</script>` or `<!--` can end the element; and
    the line and paragraph separators, which some readers take for newlines, are escaped too."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def source_record(position: int, name: str, result: Result, warnings: Sequence[str]) -> dict[str, Any]:
    """What the page shows of one cleaned input: its lines, each with its pieces (a kept one as
    its text, a removed one as [text, rule, field or null, reason]), its articles, its story
    breaks (at a position in `lines`), the reader's and the rules' notes and the run's warnings."""
    if result.lines is None:
        raise ValueError("a report page needs each result's lines: run with Options(keep_lines=True)")
    rules: Counter[str] = Counter()
    fields: Counter[str] = Counter()
    for article in result.articles:
        rules.update(r.rule for r in article.removed)
        fields.update(f for f in FIELDS if getattr(article, f))
    return {
        "p": position,
        "name": name,
        "rules": dict(rules),
        "fields": dict(fields),
        "articles": [[a.index, a.title, a.date, a.dateline, a.byline, a.captions, a.path] for a in result.articles],
        "lines": [_line(line) for line in result.lines],
        "breaks": [_break(b) for b in result.boundaries],
        "notes": [[note.line, note.by, note.text] for note in result.notes],
        "warnings": list(warnings),
    }


def _line(line: Line) -> list[Any]:
    """[number, piece...]: a kept piece is its text; a blank line has no piece."""
    entry: list[Any] = [line.number]
    for text, mark in line.pieces():
        if mark.field is Field.BODY:
            entry.append(text)
        else:
            entry.append([text, mark.rule or "?", None if mark.field is Field.DROP else mark.field.value, mark.reason])
    return entry


def _break(b: Boundary) -> list[Any]:
    return [b.index, b.line, b.accepted, round(b.probability, 3), b.threshold, b.note,
            [[name, round(cue, 3), round(value, 3)] for name, cue, value in b.shown_cues()]]


class ReportPage(Observer):
    """Writes OUT/report.html for a run: a run.Sink for the cleaned inputs and a run.Observer for
    the others. Give the run Options(keep_lines=True), so that results hold their lines, and
    explain=True, so that every story break shows all its cues."""

    def __init__(self, folder: Path, rules: RuleSet, resume: bool = False) -> None:
        self.path = folder / PAGE
        self._part_path = folder / PART
        self._resume = resume
        self._rules = {r.id: (r.description, r.field.value, r.origin) for r in rules.rules}
        self._names: list[str] = []  # each input's name on the page, by position
        self._positions: dict[str, int] = {}  # input key → position
        self._at: dict[str, int] = {}  # input display → position (a Problem names its input so)
        self._warnings: dict[str, list[str]] = {}  # display → the warnings told before its result
        self._part: TextIOWrapper | None = None
        self._recorded = -1  # the last position recorded

    def start(self, items: Sequence[Input]) -> int:
        """Open the part file; with `resume`, keep what a stopped run recorded. Claims none of the
        inputs: the output folder says which are done (run.Sink)."""
        self._names = [item.key for item in items]
        for k, item in enumerate(items):
            self._positions[item.key] = k
            self._at.setdefault(item.display, k)
        kept = self._recover() if self._resume and self._part_path.is_file() else 0
        self._part = self._part_path.open("a" if kept else "w", encoding="utf-8", newline="\n")
        return 0

    def _recover(self) -> int:
        """Keep the whole records a stopped run wrote, in input order, and return their bytes; a
        torn or foreign record ends them. The inputs they tell of are not recorded again: those
        that the resumed run cleans again give the same result."""
        offset = 0
        with self._part_path.open("rb") as part:
            for line in part:
                try:
                    record = json.loads(line) if line.endswith(b"\n") else None
                except ValueError:
                    break
                if not isinstance(record, dict):
                    break
                position = record.get("p")
                if (not isinstance(position, int) or not self._recorded < position < len(self._names)
                        or record.get("name") != self._names[position]):
                    break
                offset += len(line)
                self._recorded = position
        os.truncate(self._part_path, offset)
        return offset

    def _record(self, position: int, record: dict[str, Any]) -> None:
        if self._part is None:
            raise RuntimeError("ReportPage.start was not called")
        if position <= self._recorded:
            return
        self._recorded = position
        # One write of a whole line, flushed, so a stopped run leaves whole records.
        self._part.write(script_json(record) + "\n")
        self._part.flush()

    def __getstate__(self) -> dict[str, object]:
        # Worker processes that are not forked get the sink pickled, for `share`: the open part
        # file is the parent's alone.
        return {**self.__dict__, "_part": None}

    def share(self, item: Input, result: Result) -> Result:
        """The whole result, lines and all, goes to the parent: the page is written there."""
        return result

    def add(self, item: Input, result: Result) -> None:
        position = self._positions[item.key]
        self._record(position, source_record(position, self._names[position], result,
                                             self._warnings.pop(item.display, [])))

    def problem(self, problem: Problem) -> None:
        if problem.kind == "warning":  # told before its input's result comes
            self._warnings.setdefault(problem.display, []).append(problem.message)
            return
        position = self._at.get(problem.display)
        if position is not None:  # else not an input: the rule file of --save-rules
            self._record(position, {"p": position, "name": self._names[position], "problem": problem.kind,
                                    "message": problem.message})

    def learned(self, source: LearnedSource) -> None:
        rule = source.rule()
        self._rules[rule.id] = (rule.description, rule.field.value, rule.origin)

    def close(self) -> None:
        """Put the page together from the part file, then remove that."""
        if self._part is None:
            return
        self._part.close()
        self._part = None
        summary = self._summary()
        write_parts(self.path, _page(summary, self._part_path))
        self._part_path.unlink()

    def abort(self) -> None:
        """A stopped run keeps its part file, for `resume`."""
        if self._part is not None:
            self._part.close()
            self._part = None

    def _summary(self) -> dict[str, Any]:
        """The page's index, read from the part file: one short entry per source (its name, what
        happened to it, the rules and fields it has), the totals, and each rule that took
        something, with its description."""
        sources: list[list[Any]] = []
        rules: Counter[str] = Counter()
        fields: Counter[str] = Counter()
        articles = 0
        recorded: set[int] = set()
        with self._part_path.open(encoding="utf-8") as part:
            for line in part:
                record = json.loads(line)
                recorded.add(record["p"])
                if "problem" in record:
                    sources.append([record["name"], record["problem"], record["message"], {}, {}, 0])
                    continue
                rules.update(record["rules"])
                fields.update(record["fields"])
                articles += len(record["articles"])
                sources.append([record["name"], "cleaned", "; ".join(record["warnings"]), record["rules"],
                                record["fields"], len(record["articles"])])
        missing = [name for k, name in enumerate(self._names) if k not in recorded]
        return {
            "version": __version__,
            "totals": {"sources": len(self._names), "articles": articles,
                       "failed": sum(1 for s in sources if s[1] == "error"),
                       "skipped": sum(1 for s in sources if s[1] == "skipped")},
            "rules": {rule: [n, *self._rules.get(rule, ("", "", ""))] for rule, n in rules.most_common()},
            "fields": {f: fields[f] for f in FIELDS},
            "sources": sources,
            "missing": missing,
        }


def _page(summary: dict[str, Any], part: Path) -> Iterator[str]:
    """The page's text in parts: the template with its style, script and index filled in, and
    each source's record as one line of the sources block, read from the part file as it goes."""
    template = _asset("report.html")
    head, _, tail = template.partition("{{SOURCES}}")
    yield head.replace("{{STYLE}}", _asset("report.css")).replace("{{SUMMARY}}", script_json(summary))
    with part.open(encoding="utf-8") as records:
        yield from records
    yield tail.replace("{{SCRIPT}}", _asset("report.js"))


def _asset(name: str) -> str:
    return files(__package__ or "cleaner").joinpath(name).read_text(encoding="utf-8")
