"""The `clean` command end to end: what lands in OUT, what goes to stdout and stderr, and the
exit status, as a user or a shell script sees them (PRODUCT.md, "Output contract")."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.cli import main
from cleaner.rules import RuleSet

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
S001 = SAMPLES / "001_7a3a63e451c8d701.txt"

FIELDS = {"id", "source", "index", "title", "date", "dateline", "byline", "captions", "text", "path", "removed"}
REMOVED_FIELDS = {"line", "rule", "text", "field"}
EXPLAIN = re.compile(r"^(?P<source>\S+):(?P<line>\d+) (?P<rule>[a-z][a-z0-9]*(?:-[a-z0-9]+)*): (?P<text>.*)$")

KYIV = ("Officials in Kyiv said on Tuesday that talks on grain exports through the Black Sea "
        "had ended without agreement.\n")
VALENCIA = ("Rescue teams in Valencia searched for survivors on Thursday after flash floods swept "
            "through towns south of the city.\n")
BERLIN = ("The German parliament voted on Monday to hold an early election in February after the "
          "collapse of the governing coalition.\n")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"


def run(*args, stdin: bytes | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], input=stdin)


def records(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def stderr_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def test_folder_to_out(samples, tmp_path):
    out = tmp_path / "out"
    result = run(samples, "-o", out)
    assert result.exit_code == 0, result.output
    # With -o, stdout carries no JSON: a script can pipe stdout without it mixing in.
    assert result.stdout == ""
    recs = records(out)
    assert [r["source"] for r in recs] == [
        "000_283a963e37d9506a.txt", "001_7a3a63e451c8d701.txt", "001_7a3a63e451c8d701.txt",
        "002_02dd03580792acdc.txt", "003_67592a9a00efab8d.txt", "004_2bbcec392b28b446.txt"]
    assert [r["index"] for r in recs] == [0, 0, 1, 0, 0, 0]
    for rec in recs:
        assert set(rec) >= FIELDS
        assert isinstance(rec["captions"], list)
        assert rec["byline"] is None or isinstance(rec["byline"], str)
        assert rec["text"]
        for removed in rec["removed"]:
            assert set(removed) >= REMOVED_FIELDS
            assert isinstance(removed["line"], int) and removed["line"] >= 1
            assert removed["rule"] and isinstance(removed["text"], str)
        txt = out / rec["path"]
        assert txt.is_file()
        assert txt.read_text(encoding="utf-8").rstrip("\n") == rec["text"]
    assert len({r["id"] for r in recs}) == len(recs)
    assert len({r["path"] for r in recs}) == len(recs)
    # One .txt per article and nothing else beside the manifest and the marker of a run's output
    # (no leftover temporary files).
    assert sorted(snapshot(out)) == sorted([r["path"] for r in recs] + ["articles.jsonl", ".cleaner-output"])
    tt = [r for r in recs[1]["removed"] if r["line"] == 5]
    assert tt == [{"line": 5, "rule": "widget-label", "text": "TT", "field": None}]


def test_nested_source_is_relative_and_slash_separated(tmp_path):
    src = tmp_path / "scrapes"
    (src / "2024" / "december").mkdir(parents=True)
    (src / "2024" / "december" / "kyiv.txt").write_text(KYIV)
    (src / "top.txt").write_text(BERLIN)
    out = tmp_path / "out"
    assert run(src, "-o", out).exit_code == 0
    by_source = {r["source"]: r for r in records(out)}
    assert set(by_source) == {"2024/december/kyiv.txt", "top.txt"}
    nested = by_source["2024/december/kyiv.txt"]
    # The .txt tree mirrors the input tree.
    assert nested["path"].startswith("2024/december/")
    assert (out / nested["path"]).read_text().rstrip("\n") == KYIV.strip()


def test_file_given_directly_has_its_name_as_source(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    story = tmp_path / "a" / "b" / "valencia.txt"
    story.write_text(VALENCIA)
    out = tmp_path / "out"
    assert run(story, "-o", out).exit_code == 0
    [rec] = records(out)
    assert rec["source"] == "valencia.txt"
    assert rec["text"] == VALENCIA.strip()


def test_stdin_with_out(tmp_path):
    out = tmp_path / "out"
    result = run("-", "-o", out, stdin=KYIV.encode())
    assert result.exit_code == 0, result.output
    [rec] = records(out)
    assert rec["source"] == "-"
    assert (out / rec["path"]).read_text().rstrip("\n") == KYIV.strip()


def test_without_out_json_lines_go_to_stdout(tmp_path):
    (tmp_path / "berlin.txt").write_text(BERLIN)
    result = run(tmp_path / "berlin.txt", "-", stdin=KYIV.encode())
    assert result.exit_code == 0, result.output
    recs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["source"], r["text"]) for r in recs] == [("berlin.txt", BERLIN.strip()), ("-", KYIV.strip())]
    for rec in recs:
        assert set(rec) >= FIELDS
    assert not list(tmp_path.glob("*.jsonl"))


def test_python_m_cleaner_reads_stdin(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "cleaner", "-"], input=S001.read_bytes(),
                          capture_output=True, timeout=60, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    recs = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    assert [(r["source"], r["index"]) for r in recs] == [("-", 0), ("-", 1)]
    assert recs[0]["text"] == (SAMPLES / "000_283a963e37d9506a.txt").read_text(encoding="utf-8").strip()


def test_python_m_cleaner_exit_status_for_a_missing_input(tmp_path):
    (tmp_path / "berlin.txt").write_text(BERLIN)
    proc = subprocess.run([sys.executable, "-m", "cleaner", "berlin.txt", "nowhere.txt", "-o", "out"],
                          capture_output=True, timeout=60, cwd=tmp_path, text=True)
    assert proc.returncode == 1
    [message] = [line for line in proc.stderr.splitlines() if line.strip()]
    assert "nowhere.txt" in message
    assert [r["source"] for r in records(tmp_path / "out")] == ["berlin.txt"]


def test_missing_input_fails_but_the_rest_is_written(tmp_path):
    (tmp_path / "kyiv.txt").write_text(KYIV)
    (tmp_path / "berlin.txt").write_text(BERLIN)
    out = tmp_path / "out"
    result = run(tmp_path / "kyiv.txt", tmp_path / "missing.txt", tmp_path / "berlin.txt", "-o", out)
    assert result.exit_code == 1
    [message] = stderr_lines(result)
    assert "missing.txt" in message
    recs = records(out)
    assert [r["source"] for r in recs] == ["kyiv.txt", "berlin.txt"]
    assert all((out / r["path"]).is_file() for r in recs)


def _dangling(path: Path) -> None:
    path.symlink_to(path.parent.parent / "deleted-long-ago.txt")


# A bad file between two good ones: (name, how to make it, exit status, stderr lines naming it).
# A folder of scrapes often holds images and empty files; meeting one is not a failure of the
# run, while a file that cannot be read is.
BAD_NEIGHBOURS = [
    pytest.param("b-dangling.txt", _dangling, 1, 1, id="broken-symlink"),
    pytest.param("b-photo.jpg", lambda p: p.write_bytes(PNG), 0, 1, id="binary"),
    pytest.param("b-empty.txt", lambda p: p.write_bytes(b""), 0, 1, id="empty"),
    pytest.param("b-blank.txt", lambda p: p.write_bytes(b"  \r\n\n\t\n"), 0, 1, id="blank"),
]


@pytest.mark.parametrize("name,make,status,messages", BAD_NEIGHBOURS)
def test_a_bad_file_in_a_folder_is_reported_and_the_rest_written(tmp_path, name, make, status, messages):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(KYIV)
    make(src / name)
    (src / "c.txt").write_text(BERLIN)
    out = tmp_path / "out"
    result = run(src, "-o", out)
    assert result.exit_code == status, result.output
    lines = stderr_lines(result)
    assert len(lines) == messages and all(name in line for line in lines)
    assert [r["source"] for r in records(out)] == ["a.txt", "c.txt"]


def test_input_over_max_bytes_fails_cleanly(tmp_path):
    (tmp_path / "small.txt").write_text("Short item.\n")
    (tmp_path / "big.txt").write_text(KYIV * 50)
    out = tmp_path / "out"
    result = run(tmp_path / "big.txt", tmp_path / "small.txt", "--max-bytes", 1000, "-o", out)
    assert result.exit_code == 1
    [message] = stderr_lines(result)
    assert "big.txt" in message
    assert [r["source"] for r in records(out)] == ["small.txt"]


RULE = """
[[rule]]
id = "{id}"
description = "A test rule."
pattern = '''{pattern}'''
examples = ["Follow us"]
{extra}
"""



def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("args", [
    pytest.param([], id="no-inputs"),
    pytest.param(["--disable", "no-such-rule", "IN"], id="unknown-disable"),
    pytest.param(["--rules", "BAD_TOML", "IN"], id="rules-not-toml"),
    pytest.param(["--rules", "UNKNOWN_KEY", "IN"], id="rules-unknown-key"),
    pytest.param(["--rules", "BAD_EXAMPLE", "IN"], id="rules-example-not-matched"),
    pytest.param(["--rules", "BAD_REGEX", "IN"], id="rules-bad-regex"),
    pytest.param(["--rules", "NO_FILE", "IN"], id="rules-missing-file"),
    pytest.param(["--jobs", "0", "IN"], id="jobs-zero"),
    pytest.param(["-", "-", "-o", "OUT"], id="stdin-twice"),
])
def test_usage_errors_exit_2(tmp_path, args):
    files = {
        "IN": _write(tmp_path / "kyiv.txt", KYIV),
        "BAD_TOML": _write(tmp_path / "bad.toml", "[[rule]\nid = 'x'\n"),
        "UNKNOWN_KEY": _write(tmp_path / "key.toml", RULE.format(id="x-rule", pattern="Follow us", extra="colour = 'red'")),
        "BAD_EXAMPLE": _write(tmp_path / "ex.toml", RULE.format(id="x-rule", pattern="Nothing like it", extra="")),
        "BAD_REGEX": _write(tmp_path / "re.toml", RULE.format(id="x-rule", pattern="(Follow us", extra="")),
        "NO_FILE": tmp_path / "absent.toml",
        "OUT": tmp_path / "out",
    }
    result = run(*[files.get(a, a) for a in args], stdin=b"")
    assert result.exit_code == 2, result.output
    assert result.stderr.strip()
    # A usage error is caught before any work: nothing is written.
    assert not (tmp_path / "out").exists()


def test_explain_lists_removals_in_source_order():
    result = run("--explain", S001)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines
    parsed = [EXPLAIN.match(line) for line in lines]
    assert all(parsed), [line for line, m in zip(lines, parsed) if not m]
    assert {m["source"] for m in parsed} == {S001.name}
    numbers = [int(m["line"]) for m in parsed]
    assert numbers == sorted(numbers)
    assert f"{S001.name}:5 widget-label: TT" in lines
    # Every removal of the JSON output is accounted for: nothing disappears silently.
    recs = [json.loads(line) for line in run(S001).stdout.splitlines()]
    removed = {(r["line"], r["rule"]) for rec in recs for r in rec["removed"]}
    assert removed <= {(int(m["line"]), m["rule"]) for m in parsed}
    # Instead of the JSON lines, not besides them.
    assert not any(line.startswith("{") for line in lines)


def test_explain_with_out_still_writes_the_articles(tmp_path):
    out = tmp_path / "out"
    result = run("--explain", S001, "-o", out)
    assert result.exit_code == 0, result.output
    assert f"{S001.name}:5 widget-label: TT" in result.stdout.splitlines()
    assert len(records(out)) == 2


def test_list_rules_shows_ids_and_descriptions(tmp_path):
    rules = _write(tmp_path / "mine.toml", RULE.format(id="follow-us", pattern="Follow us", extra=""))
    result = run("--list-rules", "--rules", rules)
    assert result.exit_code == 0, result.output
    for rule in RuleSet.load().rules:
        line = next((line for line in result.stdout.splitlines() if line.split()[:1] == [rule.id]), None)
        assert line is not None, rule.id
        assert rule.description in line
    assert any(line.split()[:1] == ["follow-us"] and "A test rule." in line for line in result.stdout.splitlines())


def test_disable_widget_label_leaves_tt_to_the_other_rules():
    default = [json.loads(line) for line in run(S001).stdout.splitlines()]
    assert "TT" not in default[0]["text"].split("\n")
    assert any(r["rule"] == "widget-label" for rec in default for r in rec["removed"])
    result = run("--disable", "widget-label", S001)
    assert result.exit_code == 0, result.output
    recs = [json.loads(line) for line in result.stdout.splitlines()]
    # Still two stories; TT, short and outside the main text, is then the paragraph scorer's.
    assert len(recs) == 2
    assert not any(r["rule"] == "widget-label" for rec in recs for r in rec["removed"])


USER_RULES = """
[[rule]]
id = "telegram-prompt"
description = "A prompt to follow the outlet on Telegram."
pattern = '''Follow (?:us|our live coverage) on Telegram\\.?'''
examples = ["Follow us on Telegram."]
keeps = ["Officials said they would follow us on Telegram updates closely, the minister added."]

[[rule]]
id = "other-site-footer"
description = "A footer line that only one outlet prints."
pattern = '''All rights reserved by Other Site\\.?'''
examples = ["All rights reserved by Other Site."]
sources = ["other*"]
"""

STORY_WITH_PROMPTS = (
    "Officials in Kyiv said on Tuesday that talks on grain exports through the Black Sea had ended "
    "without agreement.\n\n"
    "Follow us on Telegram.\n\n"
    "The ministry said a new round could be held in Istanbul next month.\n\n"
    "All rights reserved by Other Site.\n"
)


def test_user_rules_apply_and_respect_sources(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    _write(src / "kyiv.txt", STORY_WITH_PROMPTS)
    _write(src / "sub" / "other-site.txt", STORY_WITH_PROMPTS)
    rules = _write(tmp_path / "mine.toml", USER_RULES)
    out = tmp_path / "out"
    result = run(src, "--rules", rules, "-o", out)
    assert result.exit_code == 0, result.output
    by_source = {r["source"]: r for r in records(out)}
    assert set(by_source) == {"kyiv.txt", "sub/other-site.txt"}

    plain = by_source["kyiv.txt"]
    assert "Follow us on Telegram." not in plain["text"]
    assert {"line": 3, "rule": "telegram-prompt", "text": "Follow us on Telegram.", "field": None} in plain["removed"]
    # The footer rule is limited to other* sources, so this source keeps the line.
    assert "All rights reserved by Other Site." in plain["text"].split("\n")
    assert not any(r["rule"] == "other-site-footer" for r in plain["removed"])

    other = by_source["sub/other-site.txt"]
    assert "All rights reserved by Other Site." not in other["text"]
    assert any(r["rule"] == "other-site-footer" and r["line"] == 7 for r in other["removed"])


CATASTROPHIC = """
[[rule]]
id = "run-of-a"
description = "A line of a's (a pattern that backtracks on purpose)."
pattern = '''{pattern}'''
examples = ["aaaa"]
"""


# `(a+)+$` is the textbook case, but the regex module defuses it; `(a|aa)+$` still takes
# exponential time there, so only it is bound to hit the match timeout and be reported.
@pytest.mark.parametrize("pattern, warns", [("(a+)+$", False), ("(a|aa)+$", True)])
def test_catastrophic_user_regex_does_not_hang(tmp_path, pattern, warns):
    _write(tmp_path / "rules.toml", CATASTROPHIC.format(pattern=pattern))
    story = ("Officials said on Friday that talks would resume next week in Geneva.\n\n"
             + "a" * 40 + "!\n\n"
             "The minister added that the delegations had agreed on an agenda.\n")
    _write(tmp_path / "geneva.txt", story)
    proc = subprocess.run([sys.executable, "-m", "cleaner", "--rules", "rules.toml", "geneva.txt", "-o", "out"],
                          capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    [rec] = records(tmp_path / "out")
    assert "a" * 40 + "!" in rec["text"].split("\n")
    assert "talks would resume next week in Geneva" in rec["text"]
    if warns:
        [warning] = [line for line in proc.stderr.splitlines() if line.strip()]
        assert "geneva.txt" in warning and "warning" in warning and "run-of-a" in warning


def test_out_inside_input_is_not_read_back(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    _write(src / "kyiv.txt", KYIV)
    _write(src / "berlin.txt", BERLIN)
    out = src / "out"
    first = run(src, "-o", out)
    assert first.exit_code == 0, first.output
    files = snapshot(out)
    second = run(src, "-o", out)
    assert second.exit_code == 0, second.output
    assert [r["source"] for r in records(out)] == ["berlin.txt", "kyiv.txt"]
    assert snapshot(out) == files


def test_out_inside_input_given_relatively(tmp_path, monkeypatch):
    src = tmp_path / "in"
    src.mkdir()
    _write(src / "kyiv.txt", KYIV)
    monkeypatch.chdir(tmp_path)
    assert run("in", "-o", "in/out").exit_code == 0
    assert run(str(src), "-o", "in/../in/out").exit_code == 0
    assert [r["source"] for r in records(src / "out")] == ["kyiv.txt"]


def test_two_runs_into_the_same_out_are_byte_identical(samples, tmp_path):
    out = tmp_path / "out"
    assert run(samples, "-o", out).exit_code == 0
    first = snapshot(out)
    assert run(samples, "-o", out).exit_code == 0
    assert snapshot(out) == first


def test_jobs_do_not_change_the_output(samples, tmp_path):
    extra = samples / "more"
    extra.mkdir()
    for name, text in (("kyiv.txt", KYIV), ("valencia.txt", VALENCIA), ("berlin.txt", BERLIN)):
        _write(extra / name, text)
    (samples / "zz-photo.png").write_bytes(PNG)
    one, two = tmp_path / "one", tmp_path / "two"
    r1 = run(samples, "-o", one, "--jobs", 1)
    r2 = run(samples, "-o", two, "--jobs", 2)
    assert (r1.exit_code, r2.exit_code) == (0, 0)
    assert r1.stderr == r2.stderr
    assert len(records(one)) == 9
    assert snapshot(one) == snapshot(two)


TRICKY_NAMES = [
    "a..b.txt",
    "report....txt",
    "x\\..\\..\\escape.txt",
    "%2e%2e%2fescape.txt",
    "x" * 250 + ".txt",
    "é" * 120 + ".txt",
    "日本語のニュース" * 10 + ".html",
    "no-suffix",
    "  spaced  .txt",
    "new\nline.txt",
    "articles.jsonl",
    "stdin.txt",
]


def test_tricky_names_stay_inside_out_and_do_not_collide(tmp_path):
    src = tmp_path / "deep" / "in"
    src.mkdir(parents=True)
    for i, name in enumerate(TRICKY_NAMES):
        _write(src / name, f"Story number {i} from the wires said the talks had resumed in Geneva on Friday.\n")
    hidden = tmp_path / "deep" / "in" / "..hidden.txt"
    _write(hidden, VALENCIA)
    out = tmp_path / "deep" / "out"
    before = snapshot(tmp_path)
    result = run(src, hidden, "-", "-o", out, stdin=KYIV.encode())
    assert result.exit_code == 0, result.output
    after = snapshot(tmp_path)
    assert {k for k in after if not k.startswith("deep/out/")} == set(before)
    recs = records(out)
    assert len(recs) == len(TRICKY_NAMES) + 2
    assert len({r["path"] for r in recs}) == len(recs)
    assert len({r["id"] for r in recs}) == len(recs)
    root = out.resolve()
    for rec in recs:
        target = (out / rec["path"]).resolve()
        assert root in target.parents
        assert target.read_text(encoding="utf-8").rstrip("\n") == rec["text"]
    assert sorted(k for k in after if k.startswith("deep/out/")) == sorted(
        ["deep/out/articles.jsonl", "deep/out/.cleaner-output"] + [f"deep/out/{r['path']}" for r in recs])


def test_same_stem_different_suffix_do_not_collide(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    _write(src / "b.txt", KYIV)
    _write(src / "b.html", "<!doctype html><html><body><p>" + BERLIN.strip() + "</p></body></html>")
    out = tmp_path / "out"
    assert run(src, "-o", out).exit_code == 0
    recs = records(out)
    assert [r["source"] for r in recs] == ["b.html", "b.txt"]
    assert recs[0]["path"] != recs[1]["path"]
    assert (out / recs[0]["path"]).read_text().rstrip("\n") == BERLIN.strip()
    assert (out / recs[1]["path"]).read_text().rstrip("\n") == KYIV.strip()


def test_same_file_name_in_two_input_folders_do_not_collide(tmp_path):
    # Daily scrape folders reuse names (001.txt every day); both days must survive in OUT.
    for day, text in (("day1", KYIV), ("day2", VALENCIA)):
        (tmp_path / day).mkdir()
        _write(tmp_path / day / "001.txt", text)
    out = tmp_path / "out"
    assert run(tmp_path / "day1", tmp_path / "day2", "-o", out).exit_code == 0
    recs = records(out)
    assert [r["text"] for r in recs] == [KYIV.strip(), VALENCIA.strip()]
    assert recs[0]["path"] != recs[1]["path"]
    assert recs[0]["id"] != recs[1]["id"]
    assert [(out / r["path"]).read_text().rstrip("\n") for r in recs] == [KYIV.strip(), VALENCIA.strip()]


def test_input_subfolder_named_like_the_manifest(tmp_path):
    src = tmp_path / "in"
    (src / "articles.jsonl").mkdir(parents=True)
    _write(src / "articles.jsonl" / "kyiv.txt", KYIV)
    out = tmp_path / "out"
    result = run(src, "-o", out)
    assert result.exit_code == 0, result.output
    [rec] = records(out)
    assert rec["source"] == "articles.jsonl/kyiv.txt"
    assert (out / rec["path"]).read_text().rstrip("\n") == KYIV.strip()
