"""The rule screens (cleaner/rules/screen.py) only ever turn away lines a pattern cannot match:
marking a document through them gives what marking it line by line, rule by rule, gives."""
from __future__ import annotations

from pathlib import Path

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.document import Document
from cleaner.rules import Context, PatternRule, RuleSet, builtin_rules, mark_line, mark_lines
from cleaner.rules.screen import Folding, Screen, condition, parse

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _marks(doc: Document) -> list[tuple]:
    return [(line.mark, tuple(line.prefixes)) for line in doc.lines]


def _both_ways(text: str, rules: list) -> tuple[list[tuple], list[tuple]]:
    one, other = Document.from_text("x", text), Document.from_text("x", text)
    for line in one.lines:
        mark_line(line, rules, Context("x"))
    mark_lines(other.lines, rules, Context("x"))
    return _marks(one), _marks(other)


def _passes(pattern: str, text: str) -> bool:
    folding = Folding()
    screen = Screen([condition(pattern, folding)], folding)
    return bool(screen.candidates([text])[0] & 1)


def test_screened_marks_equal_line_by_line_marks_on_examples_and_seeds() -> None:
    rules = RuleSet.load().for_phase("line", "x")
    texts = [t for r in builtin_rules() if isinstance(r, PatternRule) for t in (*r.examples, *r.keeps)]
    texts += [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    expected, got = _both_ways("\n".join(texts), rules)
    assert got == expected
    assert any(mark.rule for mark, _ in got)


def test_every_builtin_pattern_is_read() -> None:
    """A pattern the reader gives up on still works, but is tried on every line: keep the built-in
    ones readable."""
    unread = [r.id for r in builtin_rules() if isinstance(r, PatternRule) and r.pattern is not None
              and condition(r.pattern.pattern, Folding()).always]
    assert unread == []


def test_conditions_of_common_shapes() -> None:
    c = condition(r"(?i)share|print(?: this)? page|.{1,40}\sread more", Folding())
    assert c.starts == {"share", "print page", "print this page"} and c.holds == {"read more"}
    c = condition(r"(?x) (?= .*? (?: © | \(c\) ) ) .{0,300}", Folding())
    assert c.holds == {"©", "(c)"} and not c.starts
    assert condition(r"(?i)\d+ comments?", Folding()).holds == {" comment"}
    assert condition(r"(?:\w+ ){2}\d{4}", Folding()).always is False  # a digit is needed
    assert _passes(r".+(?:\\|\d)", "x7")  # a digit stays an alternative to the literal
    # A run of spaces inside a line (a byline's name and outlet) can be looked for; one space cannot.
    assert condition(r"\p{Lu}\w+  \s*\p{Lu}\w+", Folding()).holds == {"  "}
    assert condition(r"\p{Lu}\w+ \p{Lu}\w+", Folding()).always
    assert _passes(r"\p{Lu}\w+  \s*\p{Lu}\w+", "Elliot   Brownstein")
    # What the reader does not know exactly leaves the rule unscreened.
    for pattern in (r"(a)\1", r"a{e<=1}", r"(?r)abc", r"(?(1)a|b)", r"[[:alpha:]]x", r"a(?i)b", r"(?V1)a", r"(?f)ss"):
        assert condition(pattern, Folding()).always, pattern


def test_reader_follows_verbose_mode_and_classes() -> None:
    assert condition("(?x) share \\  this  # a comment\n", Folding()).starts == {"share this"}
    assert condition("(?x) [ ] ab", Folding()).starts == {" ab"}
    assert condition(r"[\]x]yz", Folding()).starts == {"]yz", "xyz"}
    assert condition(r"(?i:ab)(?-i:CD)", Folding()).starts == {"abcd"}
    parse(r"a{2,}b{,3}c{4}\p{Lu}\N{BULLET}\x41\u00e9")


def test_case_insensitive_literals_meet_every_case_the_engine_accepts() -> None:
    # The regex module matches a case-insensitive `i` with `İ`, and `I` with `ı`; casefold does not.
    for pattern, text in (("(?i)link", "LİNK"), ("(?i)LINK", "lınk"), ("(?i)straße", "STRASSE"),
                          ("(?i)straße", "STRAẞE"), ("(?i)kelvin", "\u212aelvin"), ("ı", "ı"), ("İ", "İ")):
        if regex.fullmatch(pattern, text, regex.V0):
            assert _passes(pattern, text), (pattern, text)


# The built-in patterns, and shapes they do not use yet.
_PATTERNS = [r.pattern.pattern for r in builtin_rules() if isinstance(r, PatternRule) and r.pattern is not None] + [
    r".+(?:\\|\d)", r"(?i)(?:straße|link)\s\d+", r"(?x) a \s* [b\]] ( c | \d ) + # x", r"(?:ab|cd)?ef.*",
    r"(?i:x+)?(?=.*\bİz)", r"(?:[«‹]\s*)?(?:next|prev)(?:ious)?\s+(?:post|page)s?", r"\w+ \d{1,2}(?:st|nd)?,? \d{4}"]
_PIECES = sorted({w for r in builtin_rules() if isinstance(r, PatternRule)
                  for t in r.examples for w in regex.findall(r"\w+|\W", t)}
                 | {"ab", "cd", "ef", "İz", "iz", "ı", "İ", "STRASSE", "Straße", "\\", "7", "«", "next", "Previous"})


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_PATTERNS), st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=3)), max_size=12))
def test_a_line_a_pattern_matches_is_never_screened_out(pattern: str, pieces: list[str]) -> None:
    text = "".join(pieces).replace("\n", " ")
    compiled = regex.compile(pattern, regex.V0)
    if compiled.fullmatch(text.strip()) or compiled.match(text):
        assert _passes(pattern, text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.sampled_from(["\n", "\n\n", " "])), max_size=40))
def test_screened_marks_equal_line_by_line_marks(pieces: list[str]) -> None:
    rules = RuleSet.load().for_phase("line", "x")
    expected, got = _both_ways("".join(pieces), rules)
    assert got == expected


def test_user_rules_of_every_kind_mark_alike_through_the_screen(tmp_path: Path) -> None:
    rules_file = tmp_path / "user.toml"
    rules_file.write_text(r"""
[[rule]]
id = "user-prefix"
description = "A source tag cut from the start of a line."
match = "prefix"
pattern = '(?i)\s*\[wire\]\s*'
examples = ["[WIRE] The talks resumed on Monday."]

[[rule]]
id = "user-backref"
description = "A word printed twice: the screen cannot read it, so it is tried on every line."
pattern = '(\w+) \1'
examples = ["again again"]

[[rule]]
id = "user-lines"
description = "Exact lines."
lines = ["Download our app", "Listen to the podcast"]
examples = ["download  our APP"]

[[rule]]
id = "user-verbose"
description = "A verbose pattern with a class and a lookahead."
pattern = '''(?x) (?= .* promo ) [Tt]ap \s+ here .*'''
examples = ["Tap here for the promo"]
sources = ["x", "other/*"]
""", encoding="utf-8")
    rules = RuleSet.load([rules_file]).for_phase("line", "x")
    text = "\n".join(["[WIRE] The talks resumed on Monday.", "[wire]  LONDON - Talks resumed.", "again again",
                      "Download our app", "tap here for the promo code", "Tap here", "Share",
                      "The ministry said again that talks would resume."])
    expected, got = _both_ways(text, rules)
    assert got == expected
    found = {mark.rule for mark, prefixes in got} | {m.rule for _, prefixes in got for _, m in prefixes}
    assert found >= {"user-prefix", "user-backref", "user-lines", "user-verbose"}
