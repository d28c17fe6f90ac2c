"""A run killed at any moment and resumed with --resume gives the output of one uninterrupted run,
byte for byte: articles.jsonl and every .txt file."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
REPO = SAMPLES.parent

# Runs the command line in a process that kills itself (SIGKILL, as `kill -9` does) at the n-th
# call of a function of cleaner.writers: `write_whole` is killed after writing half of what it
# was given (a torn line), `atomic_write` before it writes the .txt (a source cut off between
# its .txt files and its lines). With -j 2 the .txt files are written by the worker processes,
# each counting its own calls: the one that reaches n kills the run's process, then itself.
KILLER = """
import multiprocessing, os, signal, sys
import cleaner.writers as writers
from cleaner.cli import main

where, n = sys.argv[1], int(sys.argv[2])
calls = 0
original = getattr(writers, where)

def dying(*args):
    global calls
    calls += 1
    if calls == n:
        if where == "write_whole":
            file, data = args
            file.write(data[: len(data) // 2])
        parent = multiprocessing.parent_process()
        if parent is not None:
            os.kill(parent.pid, signal.SIGKILL)
        os.kill(os.getpid(), signal.SIGKILL)
    return original(*args)

setattr(writers, where, dying)
main(sys.argv[3:])
"""


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def clean(*args: object) -> int:
    return cleaned(*args)[0]


def cleaned(*args: object) -> tuple[int, str]:
    """The exit status and standard output of a run."""
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of stories, a two-story file, inputs without articles, and two sources that would
    share a .txt name (x.txt and x.html)."""
    root = tmp_path_factory.mktemp("resume") / "in"
    for folder in ("a", "b/deeper"):
        shutil.copytree(SAMPLES, root / folder)
    (root / "c").mkdir()
    story = (SAMPLES / "004_2bbcec392b28b446.txt").read_text(encoding="utf-8")
    (root / "c" / "x.txt").write_text(story, encoding="utf-8")
    paragraphs = "".join(f"<p>{p}</p>" for p in story.splitlines() if p.strip())
    (root / "c" / "x.html").write_text(f"<html><body><article>{paragraphs}</article></body></html>", encoding="utf-8")
    (root / "c" / "empty.txt").write_text("\n")
    (root / "c" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    return root


@pytest.fixture(scope="module")
def whole(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The output of one uninterrupted run."""
    out = tmp_path_factory.mktemp("whole") / "out"
    assert clean(inputs, "-o", out) == 0
    return snapshot(out)


def test_the_inputs_make_a_run_worth_killing(whole: dict[str, bytes]) -> None:
    lines = whole["articles.jsonl"].splitlines()
    assert len(lines) >= 12
    sources = [json.loads(line)["source"] for line in lines]
    assert sources.count("a/001_7a3a63e451c8d701.txt") == 2
    assert {"c/x.000.txt", "c/x~2.000.txt"} <= set(whole)


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize(("where", "n"), [
    ("write_whole", 1), ("write_whole", 5), ("write_whole", 11),
    ("atomic_write", 1), ("atomic_write", 7), ("atomic_write", 13),
])
def test_killed_then_resumed_equals_uninterrupted(inputs: Path, whole: dict[str, bytes], tmp_path: Path,
                                                  where: str, n: int, jobs: int) -> None:
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    # Workers share the .txt files: the n-th file of the run is about the (n / jobs)-th of one.
    calls = n if where == "write_whole" else max(1, n // jobs)
    killed = subprocess.run([sys.executable, "-c", KILLER, where, str(calls), str(inputs), "-o", str(out),
                             "-j", str(jobs)], env=env, capture_output=True)
    assert killed.returncode == -9, killed.stderr.decode()
    assert snapshot(out) != whole
    if where == "write_whole":  # the last line is torn
        assert not (out / "articles.jsonl").read_bytes().endswith(b"\n")
    status, explained = cleaned(inputs, "-o", out, "--resume", "-j", jobs, "--explain")
    assert status == 0
    assert snapshot(out) == whole
    # What was written whole before the kill is not cleaned again (--explain tells what is).
    # (Workers writing .txt files run ahead of articles.jsonl by how far the other has got: with
    # -j 2, only a kill at the first .txt file tells for sure what was written whole.)
    if jobs == 1 or where == "write_whole" or n == 1:
        assert ("a/001_7a3a63e451c8d701.txt:" in explained) == (n == 1)


def _truncated_copies(whole: dict[str, bytes]) -> list[tuple[int, list[str]]]:
    """Where a killed run could have stopped: at each line end and inside each line of
    articles.jsonl, with the .txt files of the next source already written or not."""
    manifest = whole["articles.jsonl"]
    ends = [k + 1 for k, byte in enumerate(manifest) if byte == ord("\n")]
    cuts = []
    for start, end in zip([0, *ends], ends):
        cuts.append(start)
        cuts.append((start + end) // 2)
    lines = [json.loads(line) for line in manifest.splitlines()]
    written = [line["path"] for line in lines]
    return [(cut, written[: sum(e <= cut for e in ends) + extra]) for cut in cuts for extra in (0, 2)]


def test_resume_from_every_line_and_half_line(inputs: Path, whole: dict[str, bytes], tmp_path: Path) -> None:
    """The same, simulated: articles.jsonl cut at every line end and mid-line, the .txt files
    written so far (and a temporary file a killed atomic write left behind)."""
    for k, (cut, txts) in enumerate(_truncated_copies(whole)):
        out = tmp_path / f"out{k}"
        out.mkdir()
        (out / "articles.jsonl").write_bytes(whole["articles.jsonl"][:cut])
        for rel in txts:
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            (out / rel).write_bytes(whole[rel])  # written atomically: whole or not at all
        (out / ".x.000.txt.k2j4.tmp").write_text("half")
        assert clean(inputs, "-o", out, "--resume") == 0
        assert snapshot(out) == whole, f"cut at byte {cut} with {len(txts)} .txt files"


def test_a_plain_rerun_replaces_the_results(inputs: Path, whole: dict[str, bytes], tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "articles.jsonl").write_text('{"id": "0", "index": 0, "path": "old.txt"}\n')
    assert clean(inputs, "-o", out) == 0
    assert (out / "articles.jsonl").read_bytes() == whole["articles.jsonl"]


def test_resume_needs_an_output_folder(inputs: Path) -> None:
    assert clean(inputs, "--resume") == 2


def test_txt_files_written_ahead_of_articles_jsonl_are_redone(inputs: Path, whole: dict[str, bytes],
                                                              tmp_path: Path) -> None:
    """With -j N, workers write the .txt files of inputs whose lines articles.jsonl does not hold
    yet. A resumed run removes those of every input it cleans again, also one that would not be
    written again (here a .txt of an article index the inputs do not give)."""
    out = tmp_path / "out"
    for rel, data in whole.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    manifest = whole["articles.jsonl"]
    (out / "articles.jsonl").write_bytes(manifest[: manifest.index(b"\n") + 1])
    (out / "c" / "x~2.007.txt").write_text("left by a worker of a run that was stopped\n")
    assert clean(inputs, "-o", out, "--resume") == 0
    assert snapshot(out) == whole
