"""Test-wide settings."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# `tox` (and so CI) runs with HYPOTHESIS_PROFILE=ci: the same examples every run, so a landing
# never fails on a rare draw that nobody can replay; a plain `pytest` keeps drawing new examples.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture
def samples(tmp_path: Path) -> Path:
    """A copy of the seed files, for tests that write beside their inputs."""
    folder = tmp_path / "in"
    shutil.copytree(Path(__file__).resolve().parent.parent / "samples", folder)
    return folder
