"""A line rule that opens with a lookahead `(?=.*?X)` searches for X first and then matches the
rest of its pattern alone (cleaner/rules/patterns.py): on every text of one line that must
decide exactly as the whole pattern does, with the same groups."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner.rules import PatternRule, builtin_rules

DEVDATA = Path(__file__).resolve().parents[1].parent / "shared" / "devdata"
SCREENED = [r for r in builtin_rules() if isinstance(r, PatternRule) and r.screen is not None]


def _whole(rule: PatternRule, text: str) -> tuple | None:
    m = rule.pattern.fullmatch(text)
    return None if m is None else (m.group(0), m.groupdict())


def _split(rule: PatternRule, text: str) -> tuple | None:
    m = rule.after_screen.fullmatch(text) if rule.screen.search(text) else None
    return None if m is None else (m.group(0), m.groupdict())


def _check(texts: list[str]) -> None:
    for rule in SCREENED:
        for text in texts:
            if "\n" not in text:
                assert _split(rule, text) == _whole(rule, text), (rule.id, text)


def test_the_photo_credit_rule_and_others_drop_their_lookahead_after_the_search() -> None:
    ids = {r.id for r in SCREENED if r.after_screen is not r.pattern}
    assert {"photo-credit", "subscribe-prompt", "player-prompt"} <= ids


def test_examples_and_keeps_decide_alike() -> None:
    _check([t for r in builtin_rules() if isinstance(r, PatternRule) for t in (*r.examples, *r.keeps)])


@pytest.mark.skipif(not DEVDATA.is_dir(), reason="../shared/devdata is not here")
def test_every_devdata_line_decides_alike() -> None:
    lines = {line.strip() for path in sorted(DEVDATA.glob("*/inputs/*"))
             for line in path.read_text(encoding="utf-8", errors="replace").splitlines()}
    assert len(lines) > 1000
    _check(sorted(line for line in lines if line and line.count(" ") < 200))


# The vocabulary of the screened rules: credits, agencies, parentheses, slashes, prompts.
_WORDS = ["Photo", "photo", "PHOTO", "Image", "image", "Picture", "picture", "credit", "Credit", "file",
          "File", "Archive photo", "caption", "Copyright", "by", "By", "courtesy of", "via", "AP", "AFP",
          "Reuters", "REUTERS", "EPA-EFE", "Getty", "Getty Images", "Shutterstock", "Xinhua", "Anadolu",
          "Manu Fernandez", "NASA", "JPL-Caltech", "Jane", "Doe", "the", "said", "(", ")", "/", " / ", ":",
          "...", "…", "–", "-", ".", ",", "'", "’", "&", "subscribe", "sign up", "newsletter", "inbox",
          "register", "join", "watching", "listen", "live", "or listen back here", "ad blocker", "you",
          "rely on", "issues", "delivered", "enjoyed", "{{", "}}", "{*", "*}", "{%", "%}", "2024", "12"]
_LINES = st.lists(st.sampled_from(_WORDS), max_size=14).flatmap(
    lambda words: st.lists(st.sampled_from(["", " ", "  "]), min_size=len(words), max_size=len(words))
    .map(lambda gaps: "".join(w + g for w, g in zip(words, gaps)).strip()))


@given(st.lists(_LINES, min_size=1, max_size=20))
def test_generated_lines_decide_alike(texts: list[str]) -> None:
    _check(texts)
