"""Test-wide settings."""
from __future__ import annotations

import os

from hypothesis import settings

# `tox` (and so CI) runs with HYPOTHESIS_PROFILE=ci: the same examples every run, so a landing
# never fails on a rare draw that nobody can replay; a plain `pytest` keeps drawing new examples.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
