"""Structural rules: decisions that depend on a line's neighbours, not on its text alone."""
from __future__ import annotations

from collections import defaultdict

from ..document import BODY, Document, Field, Mark
from ..features import body_like, headline_like, normalise, words
from .base import DOCUMENT, STORY, Context, Rule

# How far apart (in source lines) two copies of a line may be and still count as one repeat:
# scrapers print a caption or a headline again within a few lines, never pages later.
REPEAT_WINDOW = 12
# Shorter lines repeat by chance ("Yes.", "Reuters"), so they are never taken for repeats.
REPEAT_MIN_CHARS = 16
REPEAT_MIN_WORDS = 3


def _repeat_groups(doc: Document, start: int, stop: int) -> list[list[int]]:
    """Runs of identical, unmarked, long-enough lines, each copy within REPEAT_WINDOW of the last."""
    by_text: dict[str, list[int]] = defaultdict(list)
    for i in doc.nonblank(start, stop):
        line = doc.lines[i]
        if line.mark is not BODY or line.prefixes:
            continue
        key = normalise(line.text)
        if len(key) >= REPEAT_MIN_CHARS and len(words(key)) >= REPEAT_MIN_WORDS:
            by_text[key].append(i)
    groups = []
    for positions in by_text.values():
        run = [positions[0]]
        for i in positions[1:]:
            if doc.lines[i].number - doc.lines[run[-1]].number <= REPEAT_WINDOW:
                run.append(i)
            else:
                if len(run) > 1:
                    groups.append(run)
                run = [i]
        if len(run) > 1:
            groups.append(run)
    return sorted(groups)


def _adjacent(doc: Document, group: list[int]) -> bool:
    """True when two copies follow each other with nothing but blank lines between."""
    return any(all(doc.lines[k].blank for k in range(a + 1, b)) for a, b in zip(group, group[1:]))


def _body_between(doc: Document, group: list[int]) -> bool:
    return any(
        body_like(doc.lines[k].text) and doc.lines[k].mark.field is Field.BODY
        for k in range(group[0] + 1, group[-1])
        if k not in group
    )


class _RepeatRule(Rule):
    """A rule that takes whole groups of repeated lines when `accepts` says the group is its kind."""

    def accepts(self, doc: Document, group: list[int]) -> bool:
        raise NotImplementedError

    def reason(self, doc: Document, group: list[int], n: int) -> str:
        """Why the n-th copy of the group was taken."""
        raise NotImplementedError

    def apply(self, doc: Document, start: int, stop: int, ctx: Context) -> None:
        for group in _repeat_groups(doc, start, stop):
            if self.accepts(doc, group):
                for n, i in enumerate(group):
                    doc.lines[i].mark = Mark(self.field, self.id, self.reason(doc, group, n))


class RepeatedCaption(_RepeatRule):
    id = "repeated-caption"
    description = ("A line printed twice within a few lines, back to back, or apart with no paragraph "
                   "between and not reading as a headline or a paragraph: a photo caption shown as "
                   "image text and again as its caption.")
    field = Field.CAPTIONS
    examples = ("Bodies of victims are prepared for the funeral prayer in Deir al-Balah.\n"
                "Bodies of victims are prepared for the funeral prayer in Deir al-Balah.\n\n"
                "Israeli military strikes across the Gaza Strip killed at least 17 Palestinians, medics said.",)
    keeps = ("Yes.\nYes.\n\nThe minister answered every question with the same word, reporters said.",)

    def accepts(self, doc: Document, group: list[int]) -> bool:
        text = doc.lines[group[0]].text
        return _adjacent(doc, group) or not (headline_like(text) or body_like(text) or _body_between(doc, group))

    def reason(self, doc: Document, group: list[int], n: int) -> str:
        return "printed again" if n else f"printed {len(group)} times within {REPEAT_WINDOW} lines"


class RepeatedHeadline(_RepeatRule):
    id = "repeated-headline"
    description = ("A headline-like line printed again a few lines later with no body text "
                   "between: the page's headline; the first copy becomes the title.")
    field = Field.TITLE
    examples = ("Israeli Strikes Kill 17 Palestinians in Gaza\n\nTT\n\nIsraeli Strikes Kill 17 Palestinians in Gaza\n\n"
                "Israeli military strikes across the Gaza Strip killed at least 17 Palestinians, medics said.",)
    keeps = ("Staying in Syria for the long haul\nPutin suggested the military presence was not set to be upended.\n"
             "Staying in Syria for the long haul\nHe repeated the phrase twice in the interview.",)

    def accepts(self, doc: Document, group: list[int]) -> bool:
        return headline_like(doc.lines[group[0]].text) and not _body_between(doc, group)

    def reason(self, doc: Document, group: list[int], n: int) -> str:
        return f"repeats line {doc.lines[group[0]].number}" if n else "printed again below"


class Headline(Rule):
    id = "headline"
    description = ("The first line of a story when it is headline-like (short, no final stop) "
                   "and the next text line is a body paragraph: it becomes the title.")
    field = Field.TITLE
    phase = STORY
    examples = ("Russia airlifted 4,000 Iranian troops from Syria to Tehran, Putin says\n"
                "Moscow evacuated 4,000 Iranian soldiers from Syria to Tehran by air, Putin said on Thursday.",)
    keeps = ("Iranian advisors were deployed to Syria to support the Syrian army, the spokesperson said.\n"
             "He emphasized that the decision was a responsible measure.",
             "Staying in Syria\nA subheading followed by a line\nthat does not read as a body paragraph",)

    def apply(self, doc: Document, start: int, stop: int, ctx: Context) -> None:
        text_lines = [i for i in doc.nonblank(start, stop) if doc.lines[i].is_body]
        lines = doc.lines[start:stop]
        if len(text_lines) < 2 or any(line.mark.field is Field.TITLE for line in lines):
            return
        first, second = doc.lines[text_lines[0]], doc.lines[text_lines[1]]
        if headline_like(first.rest) and body_like(second.rest):
            first.mark = Mark(self.field, self.id, "headline-like line followed by a body paragraph")


STRUCTURAL_RULES: tuple[Rule, ...] = (RepeatedCaption(), RepeatedHeadline(), Headline())
