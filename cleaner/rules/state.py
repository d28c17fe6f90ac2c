"""What the document rules work out once per input and read on every pass.

The document rules run round after round until nothing changes, and again over each story, so
what they read off the lines is listed once per input, in an `InputState` that the input's
`Context` holds. Nothing of it outlives the input.

It rests on one invariant, which every rule keeps: **a marked line stays marked.** Rules only
ever mark a line that is text (give a body line another mark) and never give a marked line its
body mark back; a line's text and prefixes are fixed once the line rules ran. So what is read off
the lines that are text at the first call holds for the lines that are text at any later call:
a line not listed then can never be text again. `tests/test_rules.py` checks the invariant on
real inputs.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator
from functools import cached_property
from itertools import chain
from typing import TYPE_CHECKING

from ..document import Document, Field
from ..features import asks_or_exclaims, body_like, headline_like, normalise, white_space_slices, words
from ..settings import Settings

if TYPE_CHECKING:
    from .scorer import _Judgements


# How many words an input's lists keep as they were found before each is kept once (`shared`).
SHARED_AFTER = 200_000


class InputState:
    """The per-input lists the document rules share, each worked out on first use.

    The properties are views of the document every rule needs; the attributes that start as None
    belong to one rule each, which fills its own on first use."""

    def __init__(self, doc: Document, settings: Settings) -> None:
        self.doc = doc
        self.settings = settings
        self.navigation_items: list[int] | None = None
        """The indexes of the lines that read as navigation items (navigation-run)."""
        self.comment_headers: list[int] | None = None
        """The indexes of the lines that read as a comment's header (comment-thread)."""
        self.copies: tuple[list[int], list[str]] | None = None
        """The text lines whose normalised text another shares, and those texts (the repeat rules)."""
        self.marked_by: dict[frozenset[str], list[int]] = {}
        """For a set of line rules' ids, the indexes of the lines they marked."""
        self.paragraphs: _Judgements | None = None
        """The paragraph scorer's judgements of the input's lines."""
        self.without_main_text: set[tuple[int, int]] = set()
        """The stories (start and stop in doc.lines) the paragraph scorer found to have no main
        text of their own: chrome beside the page's main text."""
        self._words: dict[str, tuple[str, ...]] = {}
        self._vocabulary: dict[str, str] = {}
        self._kept = 0  # the words `shared` was given
        self._headline_like: dict[str, bool] = {}
        self._normal: dict[str, str] = {}

    def words(self, text: str) -> tuple[str, ...]:
        """`features.words`, kept for each text of the input: the rules and the scorer split the
        same lines into words on every pass."""
        found = self._words.get(text)
        if found is None:
            found = self._words[text] = tuple(chain.from_iterable(map(self.shared, map(words, white_space_slices(text)))))
        return found

    def shared(self, strings: list[str]) -> Iterable[str]:
        """The strings, each as the input's one copy of it once the input has kept SHARED_AFTER
        words: most lines use the same few thousand words, and each line's own copy of its words
        takes about 8 bytes per byte of text; but a news page holds far fewer, and making the one
        copy costs about 2 % of the time it takes to clean (callgrind)."""
        self._kept += len(strings)
        if self._kept <= SHARED_AFTER:
            return strings
        return map(self._vocabulary.setdefault, strings, strings)

    def headline_like(self, text: str) -> bool:
        """`features.headline_like` with the settings in force and the words kept, once for each
        text: the rules, the splitter and the scorer ask it of the same lines."""
        found = self._headline_like.get(text)
        if found is None:
            found = self._headline_like[text] = headline_like(text, self.settings.lines, self.words)
        return found

    def reads_as_headline(self, text: str) -> bool:
        """`features.reads_as_headline` (the title rule's and the splitter's headline test) with
        the settings in force, its headline-like half kept for each text."""
        return self.headline_like(text) or asks_or_exclaims(text, self.settings.lines, self.words)

    def normal(self, text: str) -> str:
        """`features.normalise`, once for each text: the repeat rules, the splitter and the
        scorer's search for copies compare the same lines."""
        found = self._normal.get(text)
        if found is None:
            found = self._normal[text] = normalise(text)
        return found

    def body_like(self, text: str) -> bool:
        """`features.body_like` with the settings in force and the words kept."""
        return body_like(text, self.settings.lines, self.words)

    @cached_property
    def texts(self) -> list[str]:
        """Each line's text past its prefixes, stripped: an empty one is never text."""
        lines = self.doc.lines
        return [line.rest.strip() if line.prefixes else line.text.strip() for line in lines]

    @cached_property
    def distinct_texts(self) -> set[str]:
        """The texts of the lines that are text at the first call, each once: no other line is
        text later."""
        lines = self.doc.lines
        return {text for line, text in zip(lines, self.texts) if text and line.mark.field is Field.BODY}

    @cached_property
    def _first_text_lines(self) -> list[int]:
        """The indexes of the lines that are text at the first call, in order: no other line is
        text later, so the rules' many passes over a range ask only these again."""
        return [i for i, line in enumerate(self.doc.lines) if line.is_body]

    def text_lines(self, start: int, stop: int) -> Iterator[int]:
        """The indexes of doc.lines[start:stop] that keep something in the text (what
        `Line.is_body` says), lazily: a rule may need only the first few."""
        lines, listed = self.doc.lines, self._first_text_lines
        return (i for i in listed[bisect_left(listed, start):bisect_left(listed, stop)] if lines[i].is_body)
