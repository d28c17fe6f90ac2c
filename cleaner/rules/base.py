"""What every rule is: an id, a description, examples, a phase, and a way to mark lines."""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field

from ..document import NOWHERE, Document, Field, Location
from ..settings import DEFAULT, Settings
from .state import InputState

LINE = "line"          # decides from one line's text; runs first, line by line
DOCUMENT = "document"  # weighs a line against its neighbours; runs over the whole input until
                       # nothing changes, so removing one piece cannot expose another on a 2nd pass
STORY = "story"        # runs over each story the splitter cut
LATE = "late"          # a line rule of order last (a learned rule): it runs over each story after all
                       # the others, on what they left in the text, so the other rules see every line
                       # as they would without it


@dataclass
class Context:
    """What the rules share while they clean one input: the settings in force, what they report,
    and the input's state. One per cleaned input, never shared."""

    source: str
    settings: Settings = DEFAULT
    warnings: list[str] = field(default_factory=list)
    # Rules that failed on this input (a regex that timed out) and are skipped for the rest of it.
    failed: set[str] = field(default_factory=set)
    _state: InputState | None = field(default=None, repr=False)

    def state(self, doc: Document) -> InputState:
        """What the document rules work out once about `doc`, the input this context serves
        (see `InputState`); a new one should a rule be run on another document."""
        if self._state is None or self._state.doc is not doc:
            self._state = InputState(doc, self.settings)
        return self._state

    def release(self) -> None:
        """Let the input's state go once its articles are made. The scorer's judgements call back
        into the state (its caches of words and headlines), a cycle that only the cycle collector
        would free, at some later time: a large input's caches would still be held while its
        output is written."""
        if self._state is not None:
            self._state.paragraphs = None
            self._state = None


class Rule(ABC):
    """A rule marks pieces of lines; it never edits text.

    `examples` are inputs the rule must mark, `keeps` inputs it must leave alone: one
    parametrised test runs them for every rule, built-in or loaded from a file.
    """

    id: str
    description: str
    field: Field
    phase: str = DOCUMENT
    examples: tuple[str, ...] = ()
    keeps: tuple[str, ...] = ()
    origin: str = "built-in"  # or the rule file it came from
    # A document rule that looks again over each story once the story rules have run: what they
    # took out brings lines together, as they will be when the clean text is cleaned again.
    recheck: bool = False

    def applies_to(self, source: str, location: Location = NOWHERE) -> bool:
        """Whether the rule runs on the input named `source`, lying at `location`."""
        return True

    # What the examples are written as: "text" (lines) or "html" (pages). Pages are read by the
    # caller's `read_page`, since rules know nothing of readers.
    example_format: str = "text"

    def self_test(self, read_page: Callable[[str], Document] | None = None) -> list[str]:
        """What is wrong with the rule's own examples: each example must be marked by it, each
        keep left alone. Empty when the rule does what it documents. `read_page` reads an
        example page, for rules whose examples are HTML."""
        problems = []
        for text, wanted in [(e, True) for e in self.examples] + [(k, False) for k in self.keeps]:
            doc = self.example(text, read_page)
            self.apply(doc, 0, len(doc.lines), Context(doc.source))
            marked = any(mark.rule == self.id for line in doc.lines for _, mark in line.pieces())
            if marked != wanted:
                problems.append(f"{self.id}: {'example not marked' if wanted else 'keep marked'}: {text!r}")
        return problems

    def example(self, text: str, read_page: Callable[[str], Document] | None = None) -> Document:
        """The document an example or keep stands for, as the rule finds it when it runs: the
        text's lines by default, a page read by `read_page` for a rule whose examples are HTML.
        A rule that builds on other rules' marks gets them marked first."""
        if self.example_format == "html":
            if read_page is None:
                raise ValueError(f"{self.id}: its examples are HTML pages; give self_test a page reader")
            return read_page(text)
        return Document.from_text("example", text)

    @abstractmethod
    def apply(self, doc: Document, start: int, stop: int, ctx: Context) -> bool:
        """Mark lines doc.lines[start:stop]; True when anything was marked. A piece another
        rule marked is left as it is."""
