"""The paragraph scorer: what no pattern names, judged from the text alone.

Each text line of a story gets a class from its own features (length in words, share of
stopwords for the document's language, a final stop, share of digits):
    good    a body paragraph: long, full of stopwords, ending like a sentence;
    bad     page chrome: a short line with no final stop and few stopwords (menus, tags, labels);
    short   too short to judge alone;
    medium  the rest.
The story's main text is then found as the densest run of body text: the stretch of lines
where good paragraphs outweigh chrome most (a maximum-sum run, each good paragraph counting
its words and each bad line a penalty). Lines outside that run are dropped unless they are good
themselves; inside it, a line is dropped only when it is bad and both its neighbours that can
be judged are bad too (as jusText revises a paragraph's class by its neighbours), so the short
lines of an article's body (subheadings, list items, one-line quotes) stay.

Every drop records the features behind it, so `--explain` shows why.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

import regex

from .. import language
from ..document import Document, Field, Mark, body_indexes
from ..features import ends_sentence, headline_like, words
from .base import STORY, Context, Rule

GOOD_MIN_WORDS = 15
GOOD_MIN_STOPWORDS = 0.2
# Scripts written without spaces make one "word" of a whole clause: count characters instead.
CHARS_PER_WORD = 4
BAD_MAX_WORDS = 8
BAD_MAX_STOPWORDS = 0.2
BAD_PENALTY = 2
# The least prose a story needs before its main text is looked for, and the share of it the
# main text must hold.
MIN_GOOD_WORDS = 150
RUN_SHARE = 0.6
LIST_MAX_LINES = 40
# A line with more digits than this share of its characters is a table row or a listing.
DIGIT_SHARE = 0.3


@dataclass(frozen=True)
class _Features:
    words: int
    stopwords: float
    final_stop: bool
    digits: float

    def describe(self) -> str:
        return (f"{self.words} words, stopwords {self.stopwords:.2f}, "
                f"{'final stop' if self.final_stop else 'no final stop'}, digits {self.digits:.2f}")


def _features(text: str, stop: frozenset[str], ws: list[str] | None = None) -> _Features:
    """The features of a stripped line; `ws`: its words, when they are at hand."""
    if ws is None:
        ws = words(text)
    n = max(len(ws), len(text) // CHARS_PER_WORD if " " not in text else 0)
    share = sum(map(stop.__contains__, map(str.casefold, ws))) / len(ws) if ws and stop else 0.0
    digits = _digits(text) / max(1, len(text))
    return _Features(n, share, ends_sentence(text), digits)


_NON_ASCII = regex.compile(r"[^\x00-\x7f]")


def _digits(text: str) -> int:
    """How many characters of the text are digits (str.isdigit), counted without a Python call
    per character: of the ASCII ones only 0-9 are."""
    # In UTF-8 the bytes of 0-9 stand for nothing else.
    encoded = text.encode("utf-8", "surrogatepass")
    ascii_digits = len(encoded) - len(encoded.translate(None, b"0123456789"))
    return ascii_digits if text.isascii() else ascii_digits + sum(map(str.isdigit, _NON_ASCII.findall(text)))


def classify(f: _Features, has_stopwords: bool) -> str:
    """good, bad, short or medium, from a line's own features."""
    enough_stopwords = f.stopwords >= GOOD_MIN_STOPWORDS or not has_stopwords
    if f.words >= GOOD_MIN_WORDS and enough_stopwords and f.digits < DIGIT_SHARE and (f.final_stop or f.words >= 2 * GOOD_MIN_WORDS):
        return "good"
    if f.words <= BAD_MAX_WORDS and not f.final_stop and (f.stopwords <= BAD_MAX_STOPWORDS or f.digits >= DIGIT_SHARE):
        return "bad"
    if f.words < BAD_MAX_WORDS:
        return "short"
    return "medium"


def _densest_run(values: list[int]) -> tuple[int, int]:
    """The start and end (inclusive) of the run with the largest sum; (0, -1) when none is positive."""
    best, best_run = 0, (0, -1)
    total, start = 0, 0
    for i, v in enumerate(values):
        if total <= 0:
            total, start = 0, i
        total += v
        if total > best:
            best, best_run = total, (start, i)
    return best_run


def _judge(doc: Document, text_lines: list[int]) -> tuple[list[_Features], list[str], bool]:
    """Features and class of each text line, and whether the language's stopwords were usable."""
    texts = [doc.lines[i].rest.strip() for i in text_lines]
    line_words = [words(text) for text in texts]
    lang = language.guess(chain.from_iterable(line_words))
    # Words of scripts written without spaces cannot be looked up in a stopword list.
    stop_words = frozenset() if lang in language.NO_SPACES else language.stopwords(lang)
    feats = [_features(text, stop_words, ws) for text, ws in zip(texts, line_words)]
    return feats, [classify(f, bool(stop_words)) for f in feats], bool(stop_words)


def _is_chrome(c: str, f: _Features, has_stopwords: bool) -> bool:
    """What reads as prose is never chrome: a line ending like a sentence, or a longer one full of stopwords."""
    if c == "bad":
        return True
    if c == "good":
        return False
    prose = f.final_stop or (c == "medium" and (f.stopwords >= GOOD_MIN_STOPWORDS or not has_stopwords))
    return not prose


def _announced_lists(doc: Document, text_lines: list[int]) -> set[int]:
    """Positions of lines that follow a line ending in a colon ("The tour dates:"), up to
    LIST_MAX_LINES of them and up to a run of blank lines: a list the text announces is body."""
    listed: set[int] = set()
    for pos, i in enumerate(text_lines):
        if not doc.lines[i].rest.rstrip().endswith(":"):
            continue
        for k in range(pos + 1, min(len(text_lines), pos + 1 + LIST_MAX_LINES)):
            between = range(text_lines[k - 1] + 1, text_lines[k])
            if sum(doc.lines[j].blank for j in between) >= 2:
                break
            listed.add(k)
    return listed


# Three paragraphs of prose, enough for a story to have a main text.
_STORY = (
    "The council voted on Tuesday to close the library, saying that the building had become too costly to heat "
    "and that the number of visitors had fallen by a third since the new shopping centre opened on the edge of "
    "the town, which now has its own reading room.",
    "Residents who had campaigned for months to keep it open said they were disappointed by the vote and that "
    "they would appeal against the decision, which they described as short-sighted and unfair to the older "
    "people and the children who use it every day of the week, and most of all in the school holidays.",
    "The council said that it would look at other ways of keeping a library service in the town centre, such as "
    "a smaller room in the town hall, and that no member of staff would lose their job as a result of the "
    "closure, which is planned for the spring of next year.",
)


class ParagraphScore(Rule):
    id = "paragraph-score"
    description = ("A text line outside the story's main text, or chrome inside it between chrome, judged "
                   "from its length, stopwords, final stop and digits and from its neighbours.")
    field = Field.DROP
    phase = STORY
    examples = (f"Home\nNews\nSport\nWeather\n{_STORY[0]}\n{_STORY[1]}\n{_STORY[2]}",)
    keeps = (f"{_STORY[0]}\nWhat happens next\n{_STORY[1]}\n{_STORY[2]}",)

    def apply(self, doc: Document, start: int, stop: int, ctx: Context) -> bool:
        text_lines = body_indexes(doc.lines, start, stop)
        if not text_lines:
            return False
        feats, classes, has_stopwords = _judge(doc, text_lines)
        values = [f.words if c == "good" else -BAD_PENALTY if c == "bad" else 0 for f, c in zip(feats, classes)]
        first, last = _densest_run(values)
        # Only a story whose body reads as prose has a main text to find: a list, a table or a
        # gallery of captions is left to the other rules.
        good_words = sum(f.words for f, c in zip(feats, classes) if c == "good")
        run_words = sum(f.words for f, c in zip(feats[first:last + 1], classes[first:last + 1]) if c == "good")
        if good_words < MIN_GOOD_WORDS or run_words < RUN_SHARE * good_words:
            return False
        run = f"lines {doc.lines[text_lines[first]].number}-{doc.lines[text_lines[last]].number}"
        changed = False
        listed = _announced_lists(doc, text_lines)
        chrome = [_is_chrome(c, f, has_stopwords) for c, f in zip(classes, feats)]
        # The last chrome line above the main text: a headline there, with nothing but prose
        # between it and the main text, opens it and is left to the headline rules.
        opener = max((k for k in range(first) if chrome[k]), default=-1)
        for pos, i in enumerate(text_lines):
            c = classes[pos]
            if c == "good" or pos in listed:
                continue
            if (pos < first or pos > last) and chrome[pos]:
                if pos == opener and headline_like(doc.lines[i].rest):
                    continue
                reason = f"outside the main text ({run}): {c}, {feats[pos].describe()}"
            # Headlines and subheadings are judged by the rules made for them, not as chrome.
            elif c == "bad" and not headline_like(doc.lines[i].rest) and self._between_bad(classes, pos, first, last):
                reason = f"chrome between chrome inside the main text: {feats[pos].describe()}"
            else:
                continue
            doc.lines[i].mark = Mark(self.field, self.id, reason)
            changed = True
        return changed

    @staticmethod
    def _between_bad(classes: list[str], pos: int, first: int, last: int) -> bool:
        """The nearest judged (good or bad) lines on both sides within the run are bad."""
        before = next((classes[k] for k in range(pos - 1, first - 1, -1) if classes[k] in ("good", "bad")), "bad")
        after = next((classes[k] for k in range(pos + 1, last + 1) if classes[k] in ("good", "bad")), "bad")
        return before == "bad" and after == "bad"
