"""Text features of a single line that rules and the splitter weigh: is it headline-like, body-like?

Headline-like and body-like exclude each other by construction (one requires sentence-final
punctuation, the other forbids it). That keeps cleaning idempotent: the line that follows a
removed headline can never itself be taken for a headline on a second pass.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import regex

from .settings import DEFAULT, LineSettings

WORD = regex.compile(r"\w+")
# The `regex` module lets go of the interpreter lock while it matches a str, and `findall` and
# `finditer` take it back after every match they find: on the short lines of a page, that costs
# about as much as the matching. The calls made for every line or word (the words of a line,
# the line rules' patterns, the scorer's counts) keep the lock (`concurrent=False`), which saves
# about 3 % of a warm pass over the text suites (callgrind, docs/benchmarks.md). Threads sharing
# a Cleaner then never match at the same time, as they never run its other Python code at the
# same time: cleaning runs in parallel in processes (`-j`).
# Sentence-final punctuation, optionally followed by closing quotes or brackets and white space
# (what the `regex` module calls white space: str.isspace also counts \x1c-\x1f; none lies
# above U+3000).
_FINAL = frozenset(".!?…。！？;:,")
_CLOSING = "'\"’”»)]"
_SPACE = "".join(regex.findall(r"\s", "".join(map(chr, range(0x3001)))))
_CASED_START = regex.compile(r"^['\"‘“«(\[]*\p{Ll}")
_HAS_LETTER = regex.compile(r"\p{L}")
# Most lines start with an ASCII letter or digit, which tells whether they start in lower case
# and hold a letter without a search.
_ASCII_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")
_ASCII_UPPER_OR_DIGIT = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_ASCII_LETTER = _ASCII_LOWER | frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
NON_ASCII = regex.compile(r"[^\x00-\x7f]")
_CELL_GAP = regex.compile(r"\S(?: {2,}|\t)(?=\S)")

WordsOf = Callable[[str], Sequence[str]]
"""How a caller splits a text into words: `words`, or a per-input cache of it (`InputState.words`)."""


def words(text: str) -> list[str]:
    """The text's words: runs of word characters."""
    found: list[str] = WORD.findall(text, concurrent=False)
    return found


def has_letter(text: str) -> bool:
    return text[:1] in _ASCII_LETTER or bool(_HAS_LETTER.search(text))


def starts_lower(text: str) -> bool:
    """The text starts in lower case, past any opening quotes or brackets: a line that runs on."""
    first = text[:1]
    if first in _ASCII_LOWER:
        return True
    return first not in _ASCII_UPPER_OR_DIGIT and bool(_CASED_START.match(text))


def ends_sentence(text: str) -> bool:
    # Two strips and a look at the last character: much less than a regex search, on every line.
    return text.rstrip(_SPACE).rstrip(_CLOSING)[-1:] in _FINAL


def title_case(text: str, ws: Sequence[str] | None = None, settings: LineSettings = DEFAULT.lines) -> bool:
    """Most longer words capitalised, as in "Is Football Violence a Crime?": a headline even
    when it ends like a sentence. Short words are left out (a, of, the are lower case in titles).
    `ws`: the text's words, when they are at hand."""
    long_words = [w for w in (words(text) if ws is None else ws) if len(w) > 3 and not w.isdigit()]
    if len(long_words) < settings.title_case_min_words:
        return False
    capitalised = sum(1 for w in long_words if w[0].isupper())
    return capitalised >= settings.title_case_share * len(long_words)


def headline_like(text: str, settings: LineSettings = DEFAULT.lines, words_of: WordsOf = words) -> bool:
    """Short, not starting in lower case, and either no sentence-final punctuation or title
    case: how headlines look. A table row (cells set apart by runs of spaces) is none."""
    text = text.strip()
    if not text or len(text) > settings.headline_max_chars or starts_lower(text) or not has_letter(text) \
            or table_row(text, settings):
        return False
    ws = words_of(text)
    n = len(ws)
    # One short token ("TT", "Share") is a label, not a headline; scripts written without
    # spaces make one long token of a whole headline, hence the length test.
    long_enough = n >= 2 or len(text) >= settings.headline_min_chars
    return (long_enough and 1 <= n <= settings.headline_max_words
            and (not ends_sentence(text) or title_case(text, ws, settings)))


# Closing quotes or brackets, then the end of the line: what may follow a headline's last mark.
_CLOSED = r"['\"’”»)\]」』]*\s*$"
# A question or exclamation mark ending a line, before any closing quotes or brackets.
_HEADLINE_END = regex.compile(r"[?!？！]" + _CLOSED)
# A sentence ending inside a line: a paragraph has these, a headline does not.
# Full-width stops need no space after them: Chinese and Japanese put none.
INNER_SENTENCE_END = regex.compile(r"\w[.!?。！？]['\"’”)]*\s+\S|[。！？]['\"’”)」』]*\w")


def reads_as_headline(text: str, settings: LineSettings = DEFAULT.lines, words_of: WordsOf = words) -> bool:
    """The one headline test of the title rule and the splitter: headline-like, or one short
    sentence that asks or exclaims ("Is the euro finished?", "商品の改造が商標法違反に！？"),
    whatever its case. (A line ending in a colon is left out: "The Latest on … (all times
    local):" opens a live blog's body, and taken for its headline when the clean text is
    cleaned again, it would break idempotence.)"""
    return headline_like(text, settings, words_of) or asks_or_exclaims(text, settings, words_of)


def asks_or_exclaims(text: str, settings: LineSettings = DEFAULT.lines, words_of: WordsOf = words) -> bool:
    """One short sentence that asks or exclaims, whatever its case: what `reads_as_headline`
    takes for a headline besides a headline-like line."""
    text = text.strip()
    return (len(text) <= settings.headline_max_chars and bool(_HEADLINE_END.search(text)) and has_letter(text)
            and not starts_lower(text) and len(words_of(text)) <= settings.headline_max_words
            and not INNER_SENTENCE_END.search(text) and not table_row(text, settings))


_QUESTION_END = regex.compile(r"[?？]" + _CLOSED)


def asks(text: str, settings: LineSettings = DEFAULT.lines, words_of: WordsOf = words) -> bool:
    """A short question standing alone, as headlines and the questions of an FAQ are."""
    return bool(_QUESTION_END.search(text)) and asks_or_exclaims(text, settings, words_of)


def table_row(text: str, settings: LineSettings = DEFAULT.lines) -> bool:
    """Cells set apart by runs of spaces or tabs, as a table's row comes out as text."""
    # Every gap holds two spaces or a tab, which most lines do not: they need no search.
    if "  " not in text and "\t" not in text:
        return False
    return len(_CELL_GAP.findall(text, concurrent=False)) >= settings.table_min_gaps


def body_like(text: str, settings: LineSettings = DEFAULT.lines, words_of: WordsOf = words) -> bool:
    """Long enough and ending like a sentence, and not a title-case headline: how body paragraphs look."""
    text = text.strip()
    return (ends_sentence(text)
            and (len(words_of(text)) >= settings.body_min_words or len(text) >= settings.body_min_chars)
            and not headline_like(text, settings, words_of))


# How long a slice of a long text is (white_space_slices), and what str.split splits at
# (str.isspace; none lies above U+3000).
_SLICE = 1 << 16
_WHITE_SPACE = regex.compile("[" + regex.escape("".join(c for c in map(chr, range(0x3001)) if c.isspace())) + "]")


def white_space_slices(text: str) -> Iterator[str]:
    """The text in slices of about _SLICE characters, each cut at white space, which no word
    spans and no folding of case crosses: a long text is split into its words a slice at a time,
    as the list of all of them would take some 8 bytes per byte of text. A shorter text is one
    slice, itself."""
    if len(text) <= _SLICE:
        yield text
        return
    start = 0
    while start < len(text):
        cut = _WHITE_SPACE.search(text, start + _SLICE)
        stop = cut.start() if cut else len(text)
        yield text[start:stop]
        start = stop


def count_words(text: str) -> int:
    """len(text.split()): the white-space words of a text."""
    if len(text) <= _SLICE:
        return len(text.split())
    return sum(len(piece.split()) for piece in white_space_slices(text))


def normalise(text: str) -> str:
    """A line's identity for repeat detection: case and runs of white space folded."""
    if len(text) <= _SLICE:
        return " ".join(text.split()).casefold()
    return " ".join(filter(None, (" ".join(piece.split()).casefold() for piece in white_space_slices(text))))
