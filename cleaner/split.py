"""The splitter: candidate story boundaries, the evidence for each, then the decision.

A candidate is a line that could open a new story after the current one has body text: a
headline-like line, a repeated headline, or a line carrying a date or dateline header. Each
piece of evidence adds a weight; a candidate whose score reaches THRESHOLD starts a story.
No single weak cue reaches it, and the cues that survive cleaning (headline-likeness and a
change of vocabulary) cannot reach it together, so a clean article is never cut again.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from .document import Document, Field
from .features import headline_like, words

THRESHOLD = 3.0
WEIGHTS = {
    "headline-like": 1.0,     # a short line with no final stop opens the block
    "blank-run": 1.0,         # two or more blank lines before it
    "repeated-headline": 2.0,  # the block's headline is printed again within it
    "caption-block": 1.5,     # a caption or credit follows the headline (images inside a story have them too)
    "date-header": 3.0,       # a date prefix or date line opens the block
    "dateline": 3.0,          # the block's first paragraph opens with a dateline
    "vocabulary-shift": 0.5,  # the words before and after have little in common (tie-breaker)
    "article-element": 3.0,   # the page's markup puts it in another <article> element
}
# How many lines after the candidate can belong to its header block (headline, captions, labels).
HEADER_MAX_LINES = 12
# Words on each side that the vocabulary comparison looks at, and the similarity below which
# the two sides count as different stories.
COHESION_WINDOW = 200
COHESION_MIN = 0.12


@dataclass
class Boundary:
    """One candidate break with its evidence and the decision taken."""

    index: int  # position in Document.lines of the line that would open the story
    line: int   # its source line number
    evidence: dict[str, float] = field(default_factory=dict)
    accepted: bool = False
    note: str = ""

    @property
    def score(self) -> float:
        return sum(self.evidence.values())

    def describe(self) -> str:
        cues = ", ".join(f"{name} +{weight:g}" for name, weight in self.evidence.items())
        verdict = "new story" if self.accepted else "no break"
        return f"{verdict} (score {self.score:g} of {THRESHOLD:g}: {cues or 'no cues'}){self.note}"


class _Lines:
    """Per-line features of a marked document, computed once for all candidates."""

    def __init__(self, doc: Document) -> None:
        self.lines = doc.lines
        self.body = [line.is_body for line in doc.lines]
        self.headline = [
            (body or line.mark.field is Field.TITLE) and headline_like(line.rest)
            for line, body in zip(doc.lines, self.body)
        ]
        # A paragraph line: the kind of line a story must hold before another can start.
        self.paragraph = [body and not head for body, head in zip(self.body, self.headline)]
        self._words: dict[int, Counter[str]] = {}

    def is_candidate(self, i: int) -> bool:
        line = self.lines[i]
        return (
            self.headline[i]
            or self.new_article(i)
            or line.mark.field in (Field.TITLE, Field.DATE)
            or line.has_prefix(Field.DATE)
            or line.has_prefix(Field.DATELINE)
        )

    def new_article(self, i: int) -> bool:
        """The line's markup puts it in another <article> element than the body line before it."""
        here = self.lines[i].structure
        if here is None or here.article < 0:
            return False
        before = next((line for line in reversed(self.lines[:i]) if line.is_body), None)
        return before is not None and before.structure is not None and before.structure.article != here.article

    def content_words(self, indexes: range) -> Counter[str]:
        counts: Counter[str] = Counter()
        for i in indexes:
            if self.body[i]:
                if i not in self._words:
                    self._words[i] = Counter(
                        w.casefold() for w in words(self.lines[i].rest) if len(w) > 3 and not w.isdigit())
                counts.update(self._words[i])
        return counts

    def window(self, start: int, stop: int, step: int) -> range:
        """Lines from `start` towards `stop` (either direction) holding about COHESION_WINDOW words."""
        seen, i = 0, start
        while i != stop and seen < COHESION_WINDOW:
            seen += len(self.lines[i].text.split())
            i += step
        return range(i + 1, start + 1) if step < 0 else range(start, i)

    def evidence(self, i: int, seg_start: int) -> dict[str, float]:
        lines = self.lines
        evidence: dict[str, float] = {}
        blanks, k = 0, i - 1
        while k >= 0 and lines[k].blank:
            blanks, k = blanks + 1, k - 1
        block_end = i
        while block_end < len(lines) and block_end - i < HEADER_MAX_LINES and not self.paragraph[block_end]:
            block_end += 1
        block = lines[i:block_end + 1]  # the header block and the paragraph that follows it
        if self.headline[i]:
            evidence["headline-like"] = WEIGHTS["headline-like"]
        if blanks >= 2:
            evidence["blank-run"] = WEIGHTS["blank-run"]
        if any(line.mark.rule == "repeated-headline" for line in block):
            evidence["repeated-headline"] = WEIGHTS["repeated-headline"]
        if any(line.mark.field is Field.CAPTIONS for line in block):
            evidence["caption-block"] = WEIGHTS["caption-block"]
        if any(line.mark.field is Field.DATE or line.has_prefix(Field.DATE) for line in block):
            evidence["date-header"] = WEIGHTS["date-header"]
        if any(line.has_prefix(Field.DATELINE) for line in block):
            evidence["dateline"] = WEIGHTS["dateline"]
        if self.new_article(i):
            evidence["article-element"] = WEIGHTS["article-element"]
        # The vocabulary comparison is the costly cue and only a tie-breaker: weigh it only where
        # it can change the decision.
        score = sum(evidence.values())
        if score < THRESHOLD <= score + WEIGHTS["vocabulary-shift"]:
            before = self.content_words(self.window(i - 1, seg_start - 1, -1))
            after = self.content_words(self.window(block_end, len(lines), 1))
            if before and after and _cosine(before, after) < COHESION_MIN:
                evidence["vocabulary-shift"] = WEIGHTS["vocabulary-shift"]
        return evidence


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    dot = sum(n * b[w] for w, n in a.items() if w in b)
    norm = math.sqrt(sum(n * n for n in a.values())) * math.sqrt(sum(n * n for n in b.values()))
    return dot / norm if norm else 1.0


def split(doc: Document) -> tuple[list[tuple[int, int]], list[Boundary]]:
    """Cut a marked document into stories: (start, stop) line ranges and every candidate weighed."""
    f = _Lines(doc)
    starts = [0]
    boundaries: list[Boundary] = []
    has_body = False
    for i, line in enumerate(doc.lines):
        if line.blank:
            continue
        if has_body and f.is_candidate(i):
            b = Boundary(i, line.number, f.evidence(i, starts[-1]))
            b.accepted = b.score >= THRESHOLD
            boundaries.append(b)
            if b.accepted:
                starts.append(i)
                has_body = False
        if f.paragraph[i]:
            has_body = True
    # A story needs a paragraph of its own: a block that opens no body text (a teaser headline
    # with its caption at the end of a page) stays with the story before it.
    for b in boundaries:
        if b.accepted:
            nxt = next((s for s in starts if s > b.index), len(doc.lines))
            if not any(f.paragraph[b.index:nxt]):
                b.accepted = False
                b.note = "; no paragraph follows, kept with the story before"
                starts.remove(b.index)
    stops = starts[1:] + [len(doc.lines)]
    return list(zip(starts, stops)), boundaries
