"""The report page (`--report`) read as data, without a browser: the index and the records embedded
in OUT/report.html name every source and every rule that removed something, hold every removal of
articles.jsonl, survive any text, and are the same with -j 2 and after --resume."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from cleaner.cli import main
from cleaner.inputs import expand
from cleaner.pipeline import Result
from cleaner.report import PART, ReportPage, script_json
from cleaner.rules import RuleSet
from cleaner.run import Observers, Options, run
from cleaner.writers import OutputFolder

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
S001 = "001_7a3a63e451c8d701.txt"


def clean(*args: object) -> Any:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result


def page_data(out: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The index and the per-source records of OUT/report.html, as the page's script reads them."""
    html = (out / "report.html").read_text(encoding="utf-8")
    summary = re.search(r'<script id="summary" type="application/json">(.*?)</script>', html, re.S)
    records = re.search(r'<script id="records" type="text/plain">(.*?)</script>', html, re.S)
    assert summary and records
    return json.loads(summary.group(1)), [json.loads(line) for line in records.group(1).splitlines()]


def test_names_every_source_and_every_rule_that_removed_something(samples: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert clean(samples, "-o", out, "--report").exit_code == 0
    summary, records = page_data(out)
    assert [s[0] for s in summary["sources"]] == sorted(p.name for p in SAMPLES.iterdir())
    assert [r["name"] for r in records] == [s[0] for s in summary["sources"]]
    articles = [json.loads(line) for line in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    used = {r["rule"] for a in articles for r in a["removed"]}
    descriptions = {rule.id: rule.description for rule in RuleSet.load().rules}
    assert set(summary["rules"]) == used
    for rule, (count, description, _field, _origin) in summary["rules"].items():
        assert description == descriptions[rule]
        assert count == sum(r["rule"] == rule for a in articles for r in a["removed"])
    assert summary["totals"] == {"sources": 5, "articles": len(articles), "failed": 0, "skipped": 0}
    assert summary["fields"]["title"] == sum(bool(a["title"]) for a in articles)
    assert not (out / PART).exists()


def test_every_removal_is_on_its_line(samples: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    clean(samples, "-o", out, "--report")
    _, records = page_data(out)
    articles = [json.loads(line) for line in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    shown = {(r["name"], line[0], piece[0], piece[1], piece[2])
             for r in records for line in r["lines"] for piece in line[1:] if isinstance(piece, list)}
    removed = {(a["source"], r["line"], r["text"], r["rule"], r["field"]) for a in articles for r in a["removed"]}
    assert shown == removed
    kept = {piece for r in records for line in r["lines"] for piece in line[1:] if isinstance(piece, str)}
    assert {p for a in articles for p in a["text"].split("\n")} <= kept


def test_seed_001_lines_breaks_and_articles(samples: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    clean(samples, "-o", out, "--report")
    _, records = page_data(out)
    record = next(r for r in records if r["name"] == S001)
    lines = {line[0]: line[1:] for line in record["lines"]}
    assert lines[5] == [["TT", "widget-label", None, ""]]
    assert lines[1][0][1:3] == ["repeated-headline", "title"]
    assert lines[3][0][1:3] == lines[4][0][1:3] == ["photo-credit", "captions"]
    assert lines[2] == []  # a blank line
    assert isinstance(lines[12][0], str)  # the body, kept
    breaks = {b[1]: b for b in record["breaks"]}
    assert breaks[32][2] is True and breaks[38][2] is False  # the Gaza story; its repeated headline weighed
    assert any(name == "blank-run" for name, _, _ in breaks[32][6])
    assert record["lines"][breaks[32][0]][0] == 32
    assert [a[1] for a in record["articles"]] == [lines[1][0][0], lines[32][0][0]]
    assert [a[6] for a in record["articles"]] == ["001_7a3a63e451c8d701.000.txt", "001_7a3a63e451c8d701.001.txt"]


def test_any_text_stays_inside_its_script_block(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    nasty = ("</script><script>alert(1)</script> <!-- <script> \u2028 \u2029 {{SOURCES}} {{SCRIPT}} "
             "and a sentence long enough to stay in the text of the story.")
    (folder / "<!--<script>.txt").write_text(f"Share\n{nasty}\n", encoding="utf-8")
    out = tmp_path / "out"
    assert clean(folder, "-o", out, "--report").exit_code == 0
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count("</script>") == 3  # the index's, the records' and the script's own
    summary, records = page_data(out)
    assert summary["sources"][0][0] == "<!--<script>.txt"
    piece = records[0]["lines"][1][1]
    assert (piece if isinstance(piece, str) else piece[0]) == nasty
    assert "<" not in script_json(["</script>", "<!--"])


@given(st.recursive(st.text() | st.integers() | st.none(), lambda inner: st.lists(inner, max_size=4), max_leaves=8))
def test_script_json_reads_back_and_cannot_end_its_element(value: object) -> None:
    text = script_json(value)
    assert json.loads(text) == value
    assert "<" not in text and "\n" not in text and "\u2028" not in text and "\u2029" not in text


def test_the_page_loads_nothing(samples: Path, tmp_path: Path) -> None:
    clean(samples, "-o", tmp_path / "out", "--report")
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    head = html[:html.index('<script id="summary"')]
    assert "default-src 'none'" in head  # the browser itself refuses any fetch
    assert not re.search(r"\b(src|href)=\"(?!#|data:)", html) and "url(" not in head and "@import" not in head


def test_failed_and_skipped_sources_are_shown(samples: Path, tmp_path: Path) -> None:
    (samples / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    result = clean(samples, samples / "nowhere.txt", "-o", out, "--report")
    assert result.exit_code == 1
    summary, records = page_data(out)
    status = {s[0]: s[1] for s in summary["sources"]}
    assert status["empty.txt"] == "skipped" and status["nowhere.txt"] == "error"
    assert summary["totals"]["failed"] == 1 and summary["totals"]["skipped"] == 1
    assert len(records) == len(summary["sources"]) == 7


def test_the_same_with_jobs(samples: Path, tmp_path: Path) -> None:
    clean(samples, "-o", tmp_path / "one", "--report")
    clean(samples, "-o", tmp_path / "two", "--report", "-j", "2")
    assert (tmp_path / "one" / "report.html").read_bytes() == (tmp_path / "two" / "report.html").read_bytes()


class _Stop(Exception):
    pass


class _StopAfter:
    """A sink that stops the run after `n` inputs, as a kill would between two inputs."""

    def __init__(self, n: int) -> None:
        self.n = n

    def start(self, items: object) -> int:
        return 0

    def share(self, item: object, result: Result) -> Result:
        return result

    def add(self, item: object, result: Result) -> None:
        self.n -= 1
        if self.n == 0:
            raise _Stop

    def close(self) -> None:
        pass

    def abort(self) -> None:
        pass


@pytest.mark.parametrize("report_before", [True, False])
def test_resume_shows_every_source(samples: Path, tmp_path: Path, report_before: bool) -> None:
    whole = tmp_path / "whole"
    clean(samples, "-o", whole, "--report")
    out = tmp_path / "out"
    items = list(expand([str(samples)], out))
    page = ReportPage(out, RuleSet.load())
    sinks = [OutputFolder(out), page, _StopAfter(3)] if report_before else [OutputFolder(out), _StopAfter(3)]
    with pytest.raises(_Stop):
        run(items, Options(keep_lines=report_before), sinks, Observers(page) if report_before else None)
    assert not (out / "report.html").exists()
    assert clean(samples, "-o", out, "--resume", "--report").exit_code == 0
    summary, _ = page_data(out)
    expected, _ = page_data(whole)
    if report_before:
        assert (out / "report.html").read_bytes() == (whole / "report.html").read_bytes()
    else:  # the stopped run kept no report of the sources it wrote: the page says which
        assert summary["missing"] == [s[0] for s in expected["sources"][:2]]
        assert [s[0] for s in summary["sources"]] == [s[0] for s in expected["sources"][2:]]


def test_needs_a_local_output_folder(tmp_path: Path) -> None:
    result = clean(SAMPLES / S001, "--report")
    assert result.exit_code == 2 and "--report needs" in result.output
    result = clean("memory://in/a.txt", "-o", tmp_path / "out", "--report")
    assert result.exit_code == 2 and "--report" in result.output
