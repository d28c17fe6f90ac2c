"""Patterns made faster must match exactly what they matched before.

A line rule that opens with a lookahead `(?=.*?X)` searches for X first and then matches the
rest of its pattern alone (cleaner/rules/patterns.py): on every text of one line that must
decide exactly as the whole pattern does, with the same groups. And a built-in pattern
rewritten for speed must accept the texts its earlier form accepted, and only those."""
from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from cleaner.document import Document
from cleaner.rules import Context, PatternRule, builtin_rules, mark_lines

DEVDATA = Path(__file__).resolve().parents[1].parent / "shared" / "devdata"
RULES = {r.id: r for r in builtin_rules() if isinstance(r, PatternRule)}
SCREENED = [r for r in RULES.values() if r.screen is not None]
EXAMPLES = [t for r in RULES.values() for t in (*r.examples, *r.keeps)]

# Built-in patterns as they were before they were rewritten for speed, by rule id.
EARLIER = {
    "photo-credit": r'''(?x)
  (?= .*? (?: / | Getty | Shutterstock | \s via \s | (?i: photo | image | picture | credit | file ) ) )   # a quick exit
  (?:
  (?: .* [\s(] )?                                      # the caption, when the line has one
  (?:
      \( (?: \p{Lu}[\w.&-]* \s+ )?
         (?i: photo | photograph | image | picture | archive\ photo | file\ photo | file )
         (?: \s* (?: / | : | – | — | - | by ) \s* [^()]{1,80} )? \)           # (AP Photo/Name), (Archive photo – MEHR)
    | (?: REUTERS | Reuters | AFP | AP | EPA (?:-EFE)? | Xinhua | ANADOLU | Anadolu )
         \s* / \s* \p{L} [\p{L}\ .'’-]{1,60}                                  # REUTERS/Name
    | (?: (?: AFP | AP | Reuters | EPA | Bloomberg | NurPhoto | Anadolu (?:\ Agency)? | SOPA\ Images
            | LightRocket | Corbis ) (?: \s+ via \s+ | / ) )? Getty\ Images
         (?: \s* / \s* \p{Lu} [\p{L}\ ]{1,30} )?                              # Getty Images/Creatas RF
    | \p{Lu} [\p{L}.'’\ -]{1,60} / (?: (?: AFP | AP | Reuters | EPA ) / )? Getty (?:\ Images)?   # Name/AFP/Getty Images
    | Shutterstock
    | (?i: photo | photograph | image | picture | credit | photo\ credit | image\ credit ) s?
         \s* (?: : | \.{3} | … ) \s*
         \p{Lu} [\p{L}\ .'’&-]{1,60} (?: / \s* \p{Lu} [\p{L}\ .'’&-]{1,40} )?   # Photo: Name/Agency, Credit... Name/Paper
  )
  \s* \)? \.?
  | .* \s \( \p{Lu} [\p{L}\d\ .'’&-]{0,60} (?: \s* / \s* \p{Lu} [\p{L}\d\ .'’&-]{0,60} )+ \)   # … (Manu Fernandez/AP)
  | .* \s \( [^()]{1,60} \s via \s (?: AP | AFP | Reuters | Getty\ Images ) \)              # … (ITV via AP)
  | (?i: image | photo | picture ) \s+ (?i: caption | copyright ) \s*:? \s* \S.{0,400}      # Image caption …
  | (?i: image | photo | picture | photograph ) \s* : \s* \S.{0,400}                      # Image: …
  | (?i: photo | photograph | picture | image ) s? \s+ (?i: by | courtesy (?:\ of)? ) \s+ \p{Lu}.{0,120}   # Photo by …
  | Getty
  )''',
}


def _whole(rule: PatternRule, text: str) -> tuple | None:
    return _groups(rule.pattern.fullmatch(text))


def _split(rule: PatternRule, text: str) -> tuple | None:
    return _groups(rule.after_screen.fullmatch(text) if rule.screen.search(text) else None)


def _groups(m: regex.Match | None) -> tuple | None:
    return None if m is None else (m.group(0), m.groupdict())


def _check(texts: list[str]) -> None:
    for rule in SCREENED:
        for text in texts:
            if "\n" not in text:
                assert _split(rule, text) == _whole(rule, text), (rule.id, text)
    for rule_id, pattern in EARLIER.items():
        earlier, rule = regex.compile(pattern, regex.V0), RULES[rule_id]
        for text in texts:
            assert _groups(rule.pattern.fullmatch(text)) == _groups(earlier.fullmatch(text)), (rule_id, text)


def test_the_photo_credit_rule_and_others_drop_their_lookahead_after_the_search() -> None:
    ids = {r.id for r in SCREENED if r.after_screen is not r.pattern}
    assert {"photo-credit", "subscribe-prompt", "player-prompt"} <= ids


def test_a_lookahead_with_branches_of_its_own_is_kept() -> None:
    # `(?=.*?foo|bar)` finds foo anywhere but bar only at the start: "see bar" passes the
    # screen's search and still must not match.
    rule = PatternRule({"id": "user-rule", "description": "d", "pattern": "(?=.*?foo|bar)[a-z ]+",
                        "examples": ["bar stool"]}, "rules.toml")
    assert rule.after_screen is rule.pattern
    assert rule.pattern.fullmatch("see bar") is None
    doc = Document.from_text("x", "see bar\nbar stool\nthe foo")
    mark_lines(doc.lines, [rule], Context("x"))
    assert [line.mark.rule for line in doc.lines] == [None, "user-rule", "user-rule"]


def test_examples_and_keeps_decide_alike() -> None:
    _check(EXAMPLES)


@pytest.mark.skipif(not DEVDATA.is_dir(), reason="../shared/devdata is not here")
def test_every_devdata_line_decides_alike() -> None:
    lines = {line.strip() for path in sorted(DEVDATA.glob("*/inputs/*"))
             for line in path.read_text(encoding="utf-8", errors="replace").splitlines()}
    assert sum(bool(RULES["photo-credit"].pattern.fullmatch(line)) for line in lines) > 20
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
    lambda words: st.lists(st.sampled_from(["", " ", "  ", "\n"]), min_size=len(words), max_size=len(words))
    .map(lambda gaps: "".join(w + g for w, g in zip(words, gaps)).strip()))


@given(st.lists(_LINES, min_size=1, max_size=20))
def test_generated_lines_decide_alike(texts: list[str]) -> None:
    _check(texts)


@given(st.lists(st.sampled_from(EXAMPLES), min_size=1, max_size=3), st.lists(_LINES, max_size=2))
def test_examples_joined_with_generated_lines_decide_alike(examples: list[str], texts: list[str]) -> None:
    _check([" ".join(examples + texts), " ".join(texts + examples)])
