"""Structural rules: decisions that depend on a line's neighbours, not on its text alone."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from operator import attrgetter

from ..document import Document, Field, Mark, body_indexes
from ..features import body_like, headline_like, normalise, words
from .base import STORY, Context, Rule

# How far apart two copies of a line may be, in text lines (blank and removed lines do not
# count), and still be one repeat: scrapers print a caption or a headline again within a few
# lines, never pages later. Counting only text lines keeps the rule idempotent: cleaning
# removes blank and marked lines, so it can bring copies closer but never push them apart.
REPEAT_WINDOW = 8
# Shorter lines repeat by chance ("Yes.", "Reuters"), so they are never taken for repeats.
REPEAT_MIN_CHARS = 16
REPEAT_MIN_WORDS = 3


@dataclass(frozen=True)
class _Repeat:
    """Copies of one text: their line indexes, and whether two of them sit back to back in the
    source (nothing but blank lines between), as an image's text and its caption do."""

    lines: list[int]
    adjacent: bool

    @property
    def text_index(self) -> int:
        return self.lines[0]


@lru_cache(maxsize=1 << 16)
def _repeat_key(text: str) -> str | None:
    """What copies of a text share, or None for a text too short to count as a repeat. Memoised:
    the repeat rules run over the same lines until nothing changes."""
    key = normalise(text)
    return key if len(key) >= REPEAT_MIN_CHARS and len(words(key)) >= REPEAT_MIN_WORDS else None


# The last answer of _repeats, with the document, range and marks it was found for: the repeat
# rules run one after the other over the same lines, mostly without changing them.
_last_repeats: tuple = ()
_MARK, _PREFIXES = attrgetter("mark"), attrgetter("prefixes")


def _repeats(doc: Document, start: int, stop: int) -> list[_Repeat]:
    """Texts printed more than once, each copy within REPEAT_WINDOW text lines of the one before."""
    global _last_repeats
    span = doc.lines[start:stop]
    state = (doc, start, stop, tuple(map(_MARK, span)), tuple(map(len, map(_PREFIXES, span))))
    last = _last_repeats
    if last and last[0] is doc and last[1:-1] == state[1:]:
        return last[-1]
    found = _find_repeats(doc, start, stop)
    _last_repeats = (*state, found)
    return found


def _find_repeats(doc: Document, start: int, stop: int) -> list[_Repeat]:
    text_lines = body_indexes(doc.lines, start, stop)
    by_text: dict[str, list[int]] = defaultdict(list)
    for pos, key in enumerate(map(_repeat_key, [doc.lines[i].rest for i in text_lines])):
        if key is not None:
            by_text[key].append(pos)
    repeats = []
    for positions in by_text.values():
        if len(positions) < 2:
            continue  # printed once
        run = [positions[0]]
        for pos in [*positions[1:], None]:
            if pos is not None and pos - run[-1] <= REPEAT_WINDOW:
                run.append(pos)
                continue
            if len(run) > 1:
                lines = [text_lines[p] for p in run]
                adjacent = any(all(doc.lines[k].blank for k in range(a + 1, b)) for a, b in zip(lines, lines[1:]))
                repeats.append(_Repeat(lines, adjacent))
            if pos is not None:
                run = [pos]
    return sorted(repeats, key=lambda r: r.lines)


def _body_between(doc: Document, lines: list[int]) -> bool:
    """True when a paragraph (not one of the copies) stands between the first and last copy."""
    copies = set(lines)
    return any(
        doc.lines[k].is_body and body_like(doc.lines[k].rest)
        for k in range(lines[0] + 1, lines[-1])
        if k not in copies
    )


class _RepeatRule(Rule):
    """A rule that takes every copy of a repeated text when `accepts` says the repeat is its kind."""

    def accepts(self, doc: Document, repeat: _Repeat) -> bool:
        raise NotImplementedError

    def reason(self, doc: Document, repeat: _Repeat, n: int) -> str:
        """Why the n-th copy was taken."""
        raise NotImplementedError

    # Whether the first copy is taken too, or stays in the text.
    takes_first = True

    def apply(self, doc: Document, start: int, stop: int, ctx: Context) -> bool:
        changed = False
        for repeat in _repeats(doc, start, stop):
            if self.accepts(doc, repeat):
                for n, i in enumerate(repeat.lines[0 if self.takes_first else 1:], 0 if self.takes_first else 1):
                    doc.lines[i].mark = Mark(self.field, self.id, self.reason(doc, repeat, n))
                changed = True
        return changed


class RepeatedCaption(_RepeatRule):
    id = "repeated-caption"
    description = ("A text printed twice within a few lines, back to back, or apart with no paragraph "
                   "between and reading neither as a headline nor as a paragraph: a photo caption shown "
                   "as image text and again as its caption. Kept once in `captions`.")
    field = Field.CAPTIONS
    examples = ("Bodies of victims are prepared for the funeral prayer in Deir al-Balah.\n"
                "Bodies of victims are prepared for the funeral prayer in Deir al-Balah.\n\n"
                "Israeli military strikes across the Gaza Strip killed at least 17 Palestinians, medics said.",)
    keeps = ("Yes.\nYes.\n\nThe minister answered every question with the same word, reporters said.",)

    def accepts(self, doc: Document, repeat: _Repeat) -> bool:
        text = doc.lines[repeat.text_index].rest
        return repeat.adjacent or not (headline_like(text) or body_like(text) or _body_between(doc, repeat.lines))

    def reason(self, doc: Document, repeat: _Repeat, n: int) -> str:
        return "printed again" if n else f"printed {len(repeat.lines)} times within {REPEAT_WINDOW} text lines"


class RepeatedHeadline(_RepeatRule):
    id = "repeated-headline"
    description = ("A headline-like line printed again a few lines later with no paragraph "
                   "between: the page's headline; the first copy becomes the title.")
    field = Field.TITLE
    examples = ("Israeli Strikes Kill 17 Palestinians in Gaza\n\nTT\n\nIsraeli Strikes Kill 17 Palestinians in Gaza\n\n"
                "Israeli military strikes across the Gaza Strip killed at least 17 Palestinians, medics said.",)
    keeps = ("Staying in Syria for the long haul\nPutin suggested the military presence was not set to be upended.\n"
             "Staying in Syria for the long haul\nHe repeated the phrase twice in the interview.",)

    def accepts(self, doc: Document, repeat: _Repeat) -> bool:
        return (not repeat.adjacent and headline_like(doc.lines[repeat.text_index].rest)
                and not _body_between(doc, repeat.lines))

    def reason(self, doc: Document, repeat: _Repeat, n: int) -> str:
        return f"repeats line {doc.lines[repeat.text_index].number}" if n else "printed again below"


class RepeatedText(_RepeatRule):
    id = "repeated-text"
    description = ("A text printed again a few lines later that no other repeat rule explains (a pull "
                   "quote, a scraping echo): the first copy stays in the text, the later ones are dropped.")
    field = Field.DROP
    takes_first = False
    examples = ("Officials said the airbase would stay open for now.\nTT\n"
                "Officials said the airbase would stay open for now.",)
    keeps = ("Officials said the airbase would stay open for now.\nThe talks went on.",)

    def accepts(self, doc: Document, repeat: _Repeat) -> bool:
        return True

    def reason(self, doc: Document, repeat: _Repeat, n: int) -> str:
        return f"repeats line {doc.lines[repeat.text_index].number}"


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

    def apply(self, doc: Document, start: int, stop: int, ctx: Context) -> bool:
        # It looks at the first text line even when a repeated headline already gave the story
        # its title: a kicker between the headline's copies would otherwise open the text, and
        # be taken for the headline when the clean article is cleaned again.
        text_lines = list(islice((line for line in doc.lines[start:stop] if line.is_body), 2))
        if len(text_lines) < 2:
            return False
        first, second = text_lines
        if not (headline_like(first.rest) and body_like(second.rest)):
            return False
        first.mark = Mark(self.field, self.id, "headline-like line followed by a body paragraph")
        return True


# Order matters: repeated-text takes whatever repeat the two before it leave.
STRUCTURAL_RULES: tuple[Rule, ...] = (RepeatedCaption(), RepeatedHeadline(), RepeatedText(), Headline())
