"""The index that tells whether a long line holds a shorter one finds exactly what a search of
every line in every other would."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner.features import normalise
from cleaner.rules import scorer
from cleaner.rules.scorer import _HeldLines

# Few and short words, so that lines often hold one another, also cut inside a word.
WORD = st.sampled_from(["the", "he", "a", "cat", "cats", "at", "said", "id", "东京都", "京都"])
LINE = st.lists(WORD, min_size=1, max_size=10).map(" ".join)


@st.composite
def line_sets(draw: st.DrawFn) -> set[str]:
    lines = draw(st.lists(LINE, min_size=1, max_size=8))
    for a, b, cut_start, cut_end in draw(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 20),
                                                            st.integers(0, 4), st.integers(0, 4)), max_size=4)):
        joined = f"{lines[a % len(lines)]} {lines[b % len(lines)]}"
        lines.append(joined[cut_start:len(joined) - cut_end])
    return {normalise(line) for line in lines if normalise(line)}


@given(line_sets())
def test_the_index_finds_what_a_search_of_every_line_finds(lines: set[str]) -> None:
    held = _HeldLines(lines)
    for text in lines:
        assert held.hold_a_shorter_one(text) == any(len(t) < len(text) and t in text for t in lines)


def test_a_line_holds_a_shorter_one_cut_at_both_ends() -> None:
    held = _HeldLines({"he council voted on tuesday to clo", "the council voted on tuesday to close the library"})
    assert held.hold_a_shorter_one("the council voted on tuesday to close the library")
    assert not held.hold_a_shorter_one("he council voted on tuesday to clo")


@given(line_sets(), st.integers(1, 12))
def test_a_long_line_read_a_stretch_at_a_time_gives_the_same(lines: set[str], stretch: int) -> None:
    # A line longer than a stretch is split into tokens a stretch at a time (scorer._stretches).
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(scorer, "_STRETCH", stretch)
        held = _HeldLines(lines)
        for text in lines:
            assert held.hold_a_shorter_one(text) == any(len(t) < len(text) and t in text for t in lines)
