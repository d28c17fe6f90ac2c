"""The document model: lines with their source line numbers and the mark each one carries.

Rules never edit text; they only mark. A line carries one mark for its whole text, or a
prefix mark for a leading piece (a metadata prefix or a dateline glued to a paragraph) and
a mark for the rest. Text is cut only when articles are assembled, from the marks, so
nothing can vanish without a record and nothing can be invented.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import count, starmap
from typing import NamedTuple


class Field(StrEnum):
    """Where a marked piece goes: the article body, a metadata field, or nowhere."""

    BODY = "text"
    TITLE = "title"
    CAPTIONS = "captions"
    DATE = "date"
    DATELINE = "dateline"
    BYLINE = "byline"
    DROP = "drop"


@dataclass(frozen=True, slots=True)
class Mark:
    """What a rule decided about a piece of a line, and why."""

    field: Field
    rule: str | None = None
    reason: str = ""
    # The metadata value the piece carries (an ISO date, a dateline without its dash...),
    # when it differs from the piece's own text.
    value: str | None = None


BODY = Mark(Field.BODY)
# Reading an enum member off its class goes through EnumType's attribute hook, which costs more
# than the rest of Line.is_body: the rules ask it of every line on every pass.
_BODY_FIELD = Field.BODY


@dataclass(frozen=True)
class Structure:
    """What the markup says about the block a line came from (HTML input only).

    Rules weigh it as evidence next to the text; it never changes the text itself.
    """

    tag: str                                  # the block's element: p, h1, li, figcaption...
    tokens: frozenset[str] = frozenset()      # class and id words of the block and its ancestors
    landmarks: frozenset[str] = frozenset()   # enclosing nav, header, footer, aside, form, main...
    link_density: float = 0.0                 # share of the block's characters inside links
    hint: Field | None = None                 # what the markup calls it: a caption, the title...
    article: int = -1                         # which <article> element of the page holds it, -1: none
    main: bool = True                         # inside the page's main content container


class Line:
    """One source line: `prefixes` mark leading pieces (each up to its end offset), `mark` the rest.

    What the rules read of every line on every pass is kept in plain attributes rather than
    worked out at each reading: `blank` (the whole text is), `rest` (the text after the
    prefixes) and whether that rest is blank. `cut` is the only way to add a prefix, so they stay
    in step with the prefixes."""

    __slots__ = ("_rest_blank", "blank", "mark", "number", "prefixes", "rest", "structure", "text")

    def __init__(self, number: int, text: str, mark: Mark = BODY, prefixes: Iterable[tuple[int, Mark]] = (),
                 structure: Structure | None = None) -> None:
        self.number = number
        self.text = text
        self.mark = mark
        self.structure = structure
        # Without copying the text, as strip() would.
        self.blank = self._rest_blank = not text or text.isspace()
        self.rest = text
        self.prefixes: tuple[tuple[int, Mark], ...] = ()
        if prefixes:
            for end, prefix in prefixes:
                self.cut(end, prefix)

    def __repr__(self) -> str:
        return f"Line({self.number}, {self.text!r}, {self.mark!r}, {self.prefixes!r})"

    def cut(self, end: int, mark: Mark) -> None:
        """Mark the text from the last prefix's end up to `end` as a prefix."""
        self.prefixes += ((end, mark),)
        self.rest = rest = self.text[end:]
        self._rest_blank = not rest or rest.isspace()

    @property
    def prefix_end(self) -> int:
        return self.prefixes[-1][0] if self.prefixes else 0

    @property
    def is_body(self) -> bool:
        """True when something of this line stays in the article text."""
        return self.mark.field is _BODY_FIELD and not self._rest_blank

    def has_prefix(self, field_: Field) -> bool:
        return any(mark.field is field_ for _, mark in self.prefixes)

    def pieces(self) -> Iterator[tuple[str, Mark]]:
        """The line's non-blank pieces with their marks, in reading order."""
        start = 0
        for end, mark in self.prefixes:
            if self.text[start:end].strip():
                yield self.text[start:end].strip(), mark
            start = end
        rest = self.rest.strip()
        if rest:
            yield rest, self.mark


def body_indexes(lines: list[Line], start: int, stop: int) -> list[int]:
    """The indexes of lines[start:stop] that keep something in the text (`Line.is_body`)."""
    return [i for i in range(start, stop) if lines[i].is_body]


@dataclass(frozen=True)
class Location:
    """Where an input lies, beyond its `source` name, for rules limited to some sources: the
    names of the folders that hold its file, outermost first, and the site (domain) it names.
    A rule file's `sources` and `domains` are matched against it, so a rule written (or
    learned) for one site's folder applies however a later run names the folder."""

    folders: tuple[str, ...] = ()
    domain: str | None = None


NOWHERE = Location()


class Note(NamedTuple):
    """A decision about an input as a whole, for --explain: at which source line, by whom (the
    reader, or a rule's id), and what."""

    line: int
    by: str
    text: str


@dataclass
class Document:
    """The lines of one input, in order, and the name of the source they came from."""

    source: str
    lines: list[Line] = field(default_factory=list)
    # Metadata the input states outside its text (an HTML page's meta tags): title, date,
    # byline. A story that names none of its own takes these.
    meta: dict[Field, str] = field(default_factory=dict)
    # What the reader and the rules decided about the input as a whole, for --explain: the main
    # content container an HTML page's reader chose and why, each story's main text.
    notes: list[Note] = field(default_factory=list)
    location: Location = NOWHERE
    # The digest of the input's text that its articles' ids carry (`digest`): set by a reader
    # whose lines are not that text (an HTML page: of its markup), and by `from_text`, which
    # has the text at hand and need not join its lines again.
    text_digest: str | None = None

    def digest(self) -> str:
        """The SHA-256 of the input's decoded text (newlines made `\n`), as hex: `text_digest`, or
        else that of the lines joined by newlines, which a text input's lines are."""
        if self.text_digest is not None:
            return self.text_digest
        return digest_of("\n".join(line.text for line in self.lines))

    @classmethod
    def from_lines(cls, source: str, lines: Iterable[tuple[int, str]]) -> Document:
        return cls(source, list(starmap(Line, lines)))

    @classmethod
    def from_text(cls, source: str, text: str) -> Document:
        """Split decoded text into lines numbered from 1 (newlines already normalised)."""
        return cls(source, list(map(Line, count(1), text.split("\n"))), text_digest=digest_of(text))


# A longer text is encoded for its digest this many characters at a time.
_DIGEST_SLICE = 1 << 20


def digest_of(text: str) -> str:
    """The SHA-256 of a text's UTF-8 bytes, as hex. UTF-8 encodes each character on its own, so
    a long text is encoded a slice at a time rather than held twice."""
    digest = hashlib.sha256()
    for start in range(0, len(text), _DIGEST_SLICE):
        digest.update(text[start:start + _DIGEST_SLICE].encode("utf-8", "surrogatepass"))
    return digest.hexdigest()
