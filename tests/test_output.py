"""The output folder as a user meets it: one that cannot be written, results of an earlier run
(left in it, or inside an input folder), Ctrl-C; and what identifies an article (its id), what
--explain says of a story break, and turning splitting off."""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

import cleaner.document
import cleaner.writers
from cleaner import Cleaner, clean_bytes, clean_record, clean_text
from cleaner.articles import Article, Removal
from cleaner.cli import main
from cleaner.document import Document, digest_of
from cleaner.inputs import expand
from cleaner.pipeline import Result
from cleaner.settings import DEFAULT
from cleaner.writers import MARKER, OutputFolder, to_json

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
REPO = SAMPLES.parent
S001 = SAMPLES / "001_7a3a63e451c8d701.txt"


def run(*args: object, stdin: bytes | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], input=stdin)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def records(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]


def errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


# An output folder that cannot be written: one line naming it, exit 2, nothing read.

def test_a_file_as_a_parent_of_out_is_one_line_and_exit_2(samples, tmp_path):
    (tmp_path / "afile").write_text("not a folder\n")
    result = run(samples, "-o", tmp_path / "afile" / "out")
    assert result.exit_code == 2
    [line] = errors(result)
    assert line.startswith("clean: ") and "afile" in line and "is a file" in line
    assert "Traceback" not in result.output


def test_out_that_is_a_file_is_one_line_and_exit_2(samples, tmp_path):
    (tmp_path / "afile").write_text("not a folder\n")
    result = run(samples, "-o", tmp_path / "afile")
    assert result.exit_code == 2
    [line] = errors(result)
    assert "afile" in line and "is a file" in line
    assert (tmp_path / "afile").read_text() == "not a folder\n"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root writes into a read-only folder: see the test below")
@pytest.mark.parametrize("below", ["", "sub"])
def test_an_unwritable_out_is_one_line_and_exit_2(samples, tmp_path, below):
    locked = tmp_path / "ro"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        out = locked / below if below else locked
        result = run(samples, "-o", out)
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 2
    [line] = errors(result)
    assert str(out) in line and "Permission denied" in line


def test_a_refused_write_into_out_is_one_line_and_exit_2(samples, tmp_path, monkeypatch):
    """As the test above, for any user (root writes into a read-only folder): the system refuses
    the first file written into OUT."""
    def refused(path: Path, *parts: str) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(cleaner.writers, "atomic_write", refused)
    result = run(samples, "-o", tmp_path / "out")
    assert result.exit_code == 2
    [line] = errors(result)
    assert line == f"clean: cannot write the output folder {str(tmp_path / 'out')!r}: Permission denied"


# Results of an earlier run.

def test_a_second_run_leaves_only_its_own_articles(samples, tmp_path):
    out = tmp_path / "out"
    assert run(samples, "-o", out).exit_code == 0
    (out / "notes.txt").write_text("the user's own\n")
    (out / "draft.001.txt").write_text("named like ours, but no run listed it\n")
    few = tmp_path / "few"
    few.mkdir()
    shutil.copy(S001, few)
    result = run(few, "-o", out)
    assert result.exit_code == 0, result.output
    recs = records(out)
    assert [r["path"] for r in recs] == ["001_7a3a63e451c8d701.000.txt", "001_7a3a63e451c8d701.001.txt"]
    assert sorted(snapshot(out)) == sorted([".cleaner-output", "articles.jsonl", "draft.001.txt", "notes.txt",
                                            *(r["path"] for r in recs)])
    [line] = errors(result)
    assert line.startswith(f"clean: removed 4 .txt files of an earlier run from {out}")


def test_leftovers_in_subfolders_go_with_the_folders_they_leave_empty(samples, tmp_path):
    (samples / "sub").mkdir()
    shutil.copy(S001, samples / "sub" / "x.txt")
    out = tmp_path / "out"
    assert run(samples, "-o", out).exit_code == 0
    assert (out / "sub" / "x.000.txt").is_file()
    (samples / "sub" / "x.txt").unlink()
    assert run(samples, "-o", out).exit_code == 0
    assert not (out / "sub").exists()


def test_a_stopped_run_resumed_still_removes_the_leftovers(samples, tmp_path):
    out = tmp_path / "out"
    assert run(samples, "-o", out).exit_code == 0
    few = tmp_path / "few"
    few.mkdir()
    for name in ("000_283a963e37d9506a.txt", "004_2bbcec392b28b446.txt"):
        shutil.copy(SAMPLES / name, few)
    # A second run stopped after its first input...
    items = list(expand([str(few)], out))
    folder = OutputFolder(out)
    assert folder.start(items) == 0
    result = Result(items[0].source, clean_bytes(items[0].path.read_bytes(), items[0].source))
    folder.add(items[0], folder.share(items[0], result))
    folder.abort()
    # ... and resumed: it gives the output of one uninterrupted run of its own.
    assert run(few, "-o", out, "--resume").exit_code == 0
    whole = tmp_path / "whole"
    assert run(few, "-o", whole).exit_code == 0
    assert snapshot(out) == snapshot(whole)


def test_resume_over_other_inputs_removes_what_it_does_not_keep(samples, tmp_path):
    out = tmp_path / "out"
    assert run(samples, "-o", out).exit_code == 0
    few = tmp_path / "few"
    few.mkdir()
    shutil.copy(SAMPLES / "000_283a963e37d9506a.txt", few)
    assert run(few, "-o", out, "--resume").exit_code == 0
    whole = tmp_path / "whole"
    assert run(few, "-o", whole).exit_code == 0
    assert snapshot(out) == snapshot(whole)


def test_an_earlier_out_inside_an_input_folder_is_skipped(samples):
    assert run(samples, "-o", samples / "out").exit_code == 0
    assert (samples / "out" / MARKER).is_file()
    result = run(samples)
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 6  # as before the earlier run: its articles are not read
    [line] = errors(result)
    assert line.startswith(f"clean: {samples / 'out'}: skipped: holds the output of a run")
    # Named directly, it is skipped too.
    result = run(samples / "out")
    assert result.exit_code == 0 and result.stdout == ""
    assert "skipped" in result.stderr


def test_a_folder_with_a_file_named_like_the_manifest_is_still_read(samples):
    """Without the marker of a run, articles.jsonl is someone else's file, and its folder input."""
    (samples / "data").mkdir()
    (samples / "data" / "articles.jsonl").write_text("Some of the user's own notes on the stories.\n")
    sources = [json.loads(line)["source"] for line in run(samples).stdout.splitlines()]
    assert "data/articles.jsonl" in sources


def test_the_output_folder_of_the_run_is_not_its_input(samples):
    result = run(samples / "out", samples, "-o", samples / "out")
    assert result.exit_code == 0
    assert "is the output folder of this run" in result.stderr
    assert len(records(samples / "out")) == 6


# Ctrl-C: exit 130, what was finished kept, and --resume goes on with it.

@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough files that a run is still going when it is interrupted."""
    folder = tmp_path_factory.mktemp("many") / "in"
    folder.mkdir()
    seeds = sorted(SAMPLES.glob("*.txt"))
    for k in range(1200):
        shutil.copy(seeds[k % len(seeds)], folder / f"f{k:04d}.txt")
    return folder


@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_exits_130_and_resume_finishes_the_run(many, tmp_path, jobs):
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    process = subprocess.Popen([sys.executable, "-m", "cleaner", str(many), "-o", str(out), "-j", str(jobs)],
                               env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    manifest = out / "articles.jsonl"
    while process.poll() is None and not (manifest.is_file() and manifest.stat().st_size):
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr.decode()
    assert stderr.decode().splitlines() == [
        f"clean: interrupted; what was finished is in {out}, and --resume goes on with it"]
    assert 0 < len(manifest.read_bytes().splitlines()) < 1200
    assert run(many, "-o", out, "--resume", "-j", jobs).exit_code == 0
    whole = tmp_path / "whole"
    assert run(many, "-o", whole).exit_code == 0
    assert snapshot(out) == snapshot(whole)


# Ids.

def test_ids_from_standard_input_differ_with_the_content():
    first = [json.loads(line) for line in run("-", stdin=b"Alpha story text about the harbour.\n").stdout.splitlines()]
    second = [json.loads(line) for line in run("-", stdin=b"Beta story text about the airport.\n").stdout.splitlines()]
    again = [json.loads(line) for line in run("-", stdin=b"Alpha story text about the harbour.\n").stdout.splitlines()]
    assert first[0]["source"] == second[0]["source"] == "-"
    assert first[0]["id"] != second[0]["id"]
    assert first[0]["id"] == again[0]["id"]


def test_ids_of_the_api_differ_with_the_content_and_agree_across_its_functions():
    text = S001.read_text(encoding="utf-8")
    ids = [a.id for a in clean_text(text)]
    assert len(set(ids)) == 2
    assert clean_text("Another story, about the harbour.\n")[0].id not in ids
    assert [a.id for a in clean_bytes(text.encode("utf-8"))] == ids
    assert [r["id"] for r in clean_record(text.encode("utf-8"), "-")] == ids
    # The command line reads the same bytes from a file and from standard input.
    assert [json.loads(line)["id"] for line in run("-", stdin=S001.read_bytes()).stdout.splitlines()] == ids


def test_ids_do_not_depend_on_the_number_of_jobs(samples):
    one = [r["id"] for r in map(json.loads, run(samples).stdout.splitlines())]
    two = [r["id"] for r in map(json.loads, run(samples, "-j", 2).stdout.splitlines())]
    assert one == two and len(set(one)) == len(one)


# --explain and --no-split.

def test_explain_gives_a_breaks_probability_and_threshold():
    lines = run("--explain", S001).stdout.splitlines()
    assert any(re.match(rf"{S001.name}:32 split: new story \(probability 1\.00, threshold 0\.\d\d: ", line)
               for line in lines), lines


def test_a_binary_file_is_told_as_skipped_once(tmp_path):
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10")
    result = run(tmp_path / "photo.txt")
    [line] = errors(result)
    assert line.count("skipped") == 1, line
    assert re.fullmatch(r"clean: \S+photo\.txt: skipped: binary file \(.+\)", line)


def test_no_split_makes_each_input_one_article():
    recs = [json.loads(line) for line in run("--no-split", S001).stdout.splitlines()]
    assert len(recs) == 1
    assert "TT" not in recs[0]["text"].splitlines()  # still cleaned
    explained = run("--no-split", "--explain", S001).stdout.splitlines()
    assert f"{S001.name}:1 split: off (--no-split): the input is one article" in explained
    assert not any(" split: new story" in line or " split: no break" in line for line in explained)
    unsplit = Cleaner(settings=replace(DEFAULT, split=False))
    assert [a.to_dict() for a in unsplit.clean_path(S001)] == recs


def test_a_run_elsewhere_leaves_only_its_own_articles_too(samples, tmp_path):
    """The same for a run whose inputs are cleaned elsewhere (here a URL in, a folder out)."""
    out = tmp_path / "out"
    assert run(samples.as_uri(), "-o", out).exit_code == 0
    few = tmp_path / "few"
    few.mkdir()
    shutil.copy(S001, few)
    result = run(few.as_uri(), "-o", out)
    assert result.exit_code == 0, result.output
    recs = records(out)
    assert sorted(snapshot(out)) == sorted([".cleaner-output", "articles.jsonl", *(r["path"] for r in recs)])
    assert "clean: removed 4 .txt files of an earlier run" in result.stderr


def test_an_earlier_out_inside_an_input_url_is_skipped(samples, tmp_path):
    assert run(samples, "-o", samples / "out").exit_code == 0
    result = run(samples.as_uri(), "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert len(records(tmp_path / "out")) == 6
    [line] = errors(result)
    assert line.startswith(f"clean: {(samples / 'out').as_uri()}: skipped: holds the output of a run")


def test_a_line_of_articles_jsonl_is_made_in_pieces_as_json_dumps_makes_it_whole(monkeypatch):
    # A long text is escaped a slice at a time, and each removal on its own (writers.json_pieces).
    text = "Quotes \" and \\ back\nslashes, \u00e9 and \U0001F600 and a tab\t" * 20
    article = Article("0123456789abcdef", "a/b.txt", 0, "A title", None, "PARIS", None, ["One", "Two"], text,
                      [Removal(3, "menu", "Home", None), Removal(4, "byline", "By A \"B\"", "byline", "a reason")])
    whole = json.dumps(article.to_dict(), ensure_ascii=False)
    assert to_json(article) == whole
    monkeypatch.setattr(cleaner.writers, "_JSON_SLICE", 7)
    assert to_json(article) == whole


def test_a_long_text_is_digested_a_slice_at_a_time_as_its_bytes_whole(monkeypatch):
    # Article ids carry the input's digest (Document.digest): encoded a slice at a time, the same.
    text = "ab\u00e9\U0001F600\n" * 50
    monkeypatch.setattr(cleaner.document, "_DIGEST_SLICE", 7)
    assert digest_of(text) == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert Document.from_text("x", text).digest() == Document.from_lines("x", enumerate(text.split("\n"), 1)).digest()
