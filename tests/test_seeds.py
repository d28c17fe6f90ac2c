"""The seed files in samples/, pinned field by field (tests/data/seeds_expected.json), and the
acceptance check from ../shared when it is beside the project."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner import clean_path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
EXPECTED = json.loads((ROOT / "tests" / "data" / "seeds_expected.json").read_text(encoding="utf-8"))
ACCEPTANCE = ROOT.parent / "shared" / "acceptance" / "check.py"
FIELDS = ("title", "date", "dateline", "byline", "captions", "text")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_gives_its_pinned_articles(name):
    got = [{k: a.to_dict()[k] for k in FIELDS} for a in clean_path(SAMPLES / name)]
    assert got == EXPECTED[name]


def test_the_clean_seed_comes_back_unchanged():
    raw = (SAMPLES / "000_283a963e37d9506a.txt").read_text(encoding="utf-8")
    [article] = clean_path(SAMPLES / "000_283a963e37d9506a.txt")
    assert article.text == raw.strip("\n")
    assert article.removed == []


def test_the_raw_dump_first_story_is_the_clean_seed():
    clean = (SAMPLES / "000_283a963e37d9506a.txt").read_text(encoding="utf-8").strip("\n")
    first, second = clean_path(SAMPLES / "001_7a3a63e451c8d701.txt")
    assert first.text == clean
    assert second.title.startswith("Israeli Strikes Kill 17 Palestinians")


@pytest.mark.skipif(not ACCEPTANCE.exists(), reason="../shared/acceptance is not beside the project")
def test_shared_acceptance_check_passes():
    # check.py runs `clean` from PATH; use this interpreter's so the installed package is the one tested.
    clean = shutil.which("clean", path=str(Path(sys.executable).parent)) or "clean"
    run = subprocess.run([sys.executable, str(ACCEPTANCE), "--clean", clean], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.strip().endswith(" 0 failed")


def _dicts(path: Path) -> list[dict]:
    return [a.to_dict() for a in clean_path(path)]


def test_the_api_gives_the_same_articles_from_threads_and_processes():
    from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

    paths = sorted(SAMPLES.glob("*.txt")) * 4
    alone = [_dicts(p) for p in paths]
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(_dicts, paths)) == alone
    with ProcessPoolExecutor(max_workers=2) as pool:
        assert list(pool.map(_dicts, paths)) == alone
