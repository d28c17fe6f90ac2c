"""Run rules: decisions about a stretch of lines that no single line's text could justify."""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator
from itertools import compress, count, repeat
from operator import attrgetter, is_, methodcaller
from typing import TypeVar

import regex

from ..document import Document, Field, Line, Mark
from ..features import body_like, ends_sentence, headline_like
from .base import DOCUMENT, Context, Rule

T = TypeVar("T")
_FIELD, _TEXT, _PREFIXES = attrgetter("mark.field"), attrgetter("text"), attrgetter("prefixes")


def per_input(ctx: Context, key: str, doc: Document, build: Callable[[Document, Context], T]) -> T:
    """What `build` reads off the input's lines, worked out once for it. The document rules run
    round after round, and again over each story, but a line's text and prefixes are fixed once
    the line rules ran, and a marked line stays marked: what is read off the lines that are text
    now holds for the lines that are text at any later call."""
    memo = ctx.memo.get(key)
    if memo is None or memo[0] is not doc:  # type: ignore[index]
        memo = ctx.memo[key] = (doc, build(doc, ctx))
    return memo[1]  # type: ignore[index]


def _stripped(doc: Document, ctx: Context) -> list[str]:
    lines = doc.lines
    texts = list(map(str.strip, map(_TEXT, lines)))
    for i in compress(count(), map(_PREFIXES, lines)):
        texts[i] = lines[i].rest.strip()
    return texts


def line_texts(doc: Document, ctx: Context) -> list[str]:
    """Each line's text past its prefixes, stripped, listed once per input: an empty one is
    never text."""
    return per_input(ctx, "line-texts", doc, _stripped)


def text_mask(doc: Document, start: int, stop: int) -> list[bool]:
    """For each line of doc.lines[start:stop], whether its mark leaves it in the text (its text
    may still be blank), read in one pass."""
    return list(map(is_, map(_FIELD, doc.lines[start:stop]), repeat(Field.BODY)))


def text_lines(doc: Document, ctx: Context, start: int, stop: int) -> Iterator[int]:
    """The indexes of doc.lines[start:stop] that keep something in the text, as
    `document.body_indexes` lists them, read off the marks and the texts listed once. Lazily:
    a rule may need only the first few."""
    texts = line_texts(doc, ctx)
    mask = map(is_, map(_FIELD, doc.lines[start:stop]), repeat(Field.BODY))
    return filter(texts.__getitem__, compress(range(start, stop), mask))


# A navigation item is a short link label: a few words, no sentence end.
ITEM_MAX_WORDS = 4
ITEM_MAX_CHARS = 40
# A menu has many items; a list in an article is shorter, or reads as part of the text
# around it (see NavigationRun.is_body_list).
RUN_MIN_ITEMS = 12
# A list set straight between two paragraphs is part of the article up to this length; a
# longer run there is a menu that happens to sit between the story and a footer note.
ENCLOSED_MAX_ITEMS = 30


def is_item(text: str) -> bool:
    """A stripped text reads as a navigation item."""
    return len(text) <= ITEM_MAX_CHARS and len(text.split()) <= ITEM_MAX_WORDS and not ends_sentence(text)


def _distinct_texts(doc: Document, ctx: Context) -> set[str]:
    texts = line_texts(doc, ctx)
    return set(compress(texts, text_mask(doc, 0, len(texts)))) - {""}


def texts_now(doc: Document, ctx: Context) -> set[str]:
    """The texts of the lines that are text at the first call, each once: no other line is
    text later."""
    return per_input(ctx, "distinct-texts", doc, _distinct_texts)


def _item_flags(doc: Document, ctx: Context) -> tuple[list[str], list[int]]:
    """Per line: "1" for an item, "0" for another text, "" for a blank or marked one, so that
    the text lines' flags joined read as a string in which runs of items are found by one
    search; and the items' indexes. Each text is judged once."""
    now = texts_now(doc, ctx)
    known = dict.fromkeys(now, "0")
    # Most texts are too long to be an item: they are settled without the full test.
    known.update((text, "1") for text in now if len(text) <= ITEM_MAX_CHARS and is_item(text))
    flags = list(map(known.get, line_texts(doc, ctx), repeat("")))
    return flags, list(compress(count(), map("1".__eq__, flags)))


_ITEM_RUN = regex.compile(f"1{{{RUN_MIN_ITEMS},}}")


class NavigationRun(Rule):
    id = "navigation-run"
    description = (f"A run of {RUN_MIN_ITEMS} or more short link-like lines in a row (menus, section lists, "
                   "footer links), unless a line ending in ':' introduces it or it sits straight between two "
                   "paragraphs; a headline-like last line that leads into the text stays.")
    field = Field.DROP
    phase = DOCUMENT
    # The story rules take lines out of a menu (a longer label, a teaser): the items left run on
    # as they will in the clean text.
    recheck = True
    examples = (
        "\n".join(["Sportsnet", "Video", "NHL", "NHL Home", "Scoreboard", "Standings", "Stats", "Players", "Teams",
                   "Trades & Signings", "Video", "Odds", "AHL", "NBA"]),
    )
    keeps = (
        # Lists inside article bodies: a product's features, a theatre's ticket prices.
        "\n\n".join(["BGR may receive a commission", "Buy Now", "Apple Watch Series 3", "GPS",
                     "Optical heart sensor", "Digital Crown", "S3 with dual-core processor",
                     "Accelerometer and gyroscope", "Swim proof", "watchOS", "Aluminum case"]),
        "\n".join(["Ticketing", "www.jeongdongtheater.com", "VIP : 60,000₩", "R : 50,000₩", "S : 40,000₩",
                   "Inquiry", "02-751-1500"]),
    )

    def apply(self, doc: Document, start: int, stop: int, ctx: Context) -> bool:
        # Only text lines count: blank and marked lines are gone from the clean text, so a run
        # is judged the same way when a clean article is cleaned again. The rule runs over the
        # same lines until nothing changes, and again over each story: each line is judged once
        # per input, and most calls find no run long enough.
        flags, items = per_input(ctx, self.id, doc, _item_flags)
        # Most stories hold too few items for a run, whatever their marks.
        if bisect_left(items, stop) - bisect_left(items, start) < RUN_MIN_ITEMS:
            return False
        mask = text_mask(doc, start, stop)
        runs = [m.span() for m in _ITEM_RUN.finditer("".join(compress(flags[start:stop], mask)))]
        if not runs:
            return False
        index = [i for i in compress(range(start, stop), mask) if flags[i]]  # the text lines
        texts = line_texts(doc, ctx)
        changed = False
        for j, end in runs:
            before = texts[index[j - 1]] if j > 0 else ""
            after = texts[index[end]] if end < len(index) else ""
            if not self.is_body_list(before, after, end - j):
                last = end
                if end < len(index) and headline_like(texts[index[end - 1]]):
                    last -= 1  # the story's headline, leading into its text
                # Marks are immutable: the run's lines share one.
                mark = Mark(self.field, self.id, f"one of {end - j} short lines in a row")
                for k in range(j, last):
                    doc.lines[index[k]].mark = mark
                changed = True
        return changed

    @staticmethod
    def is_body_list(before: str, after: str, items: int) -> bool:
        """True when a run of `items` lines between the texts `before` and `after` (empty at the
        ends) reads as a list inside the article."""
        if before.endswith(":"):
            return True
        return body_like(before) and body_like(after) and items <= ENCLOSED_MAX_ITEMS


# A comment's header: the commenter's name and "says:", as blog software prints it, over the
# time it was posted.
COMMENT_HEADER = regex.compile(r"(?i)\S.{0,40}?\s(?:says|said|wrote|writes|replied)\s*:")
# A thread has this many comments at least; a comment runs at most this many text lines, and
# the last one ends sooner at a line another rule took as chrome (the reply form).
THREAD_MIN_COMMENTS = 3
COMMENT_MAX_LINES = 12


def _header_lines(doc: Document, ctx: Context) -> list[int]:
    """The lines whose text reads as a comment's header, whatever their marks."""
    texts = line_texts(doc, ctx)
    return [i for i in compress(count(), map(_ENDS_COLON, texts)) if COMMENT_HEADER.fullmatch(texts[i])]


_ENDS_COLON = methodcaller("endswith", ":")


STAMP = regex.compile(r"(?i).*?(?:\b\d{4}\b|\b\d{1,2}:\d{2}\b|\bago\b)")
STAMP_MAX_WORDS = 8


def _stamped(line: Line) -> bool:
    """A date or a time stamp: what another rule took for one, or a short line with a year, a
    clock time or "ago" in it."""
    if line.mark.field is Field.DATE or line.mark.rule == "time-ago":
        return True
    text = line.rest.strip()
    return line.is_body and len(text.split()) <= STAMP_MAX_WORDS and bool(STAMP.match(text))


class CommentThread(Rule):
    id = "comment-thread"
    description = (f"A thread of {THREAD_MIN_COMMENTS} or more readers' comments: each a header line "
                   "`NAME says:` over a date or time stamp, and the text below it up to the next header.")
    field = Field.DROP
    phase = DOCUMENT
    examples = (
        "\n".join(["thelastchargersfan says:", "November 19, 2019 at 6:34 am",
                   "It’s a good thing we have no fans left because this is a dumpster fire.",
                   "joetoronto says:", "November 19, 2019 at 6:44 am",
                   "It’s time for both Chargers fans to come to grips with reality, it’s over yet again.",
                   "4hourelection says:", "November 19, 2019 at 7:06 am", "Feckless Chargers. Always the same.",
                   "Leave a Reply Cancel reply"]),
    )
    keeps = (
        # Quotes an article introduces with "says:", with no time stamp under them.
        "\n".join(["Lynn says:", "“We talked all along about everything we wanted was still in front of us.”",
                   "Rivers says:", "“I have to play better.”", "The coach says:", "“We needed to win this game.”"]),
    )

    def apply(self, doc: Document, start: int, stop: int, ctx: Context) -> bool:
        # A thread needs as many headers, and the text of few inputs has that many: most are
        # settled by the header lines listed once per input.
        candidates = per_input(ctx, self.id, doc, _header_lines)
        headed = candidates[bisect_left(candidates, start):bisect_left(candidates, stop)]
        if sum(doc.lines[i].is_body for i in headed) < THREAD_MIN_COMMENTS:
            return False
        index = [i for i in range(start, stop) if not doc.lines[i].blank]
        headers = [k for k, i in enumerate(index[:-1])
                   if doc.lines[i].is_body and COMMENT_HEADER.fullmatch(doc.lines[i].rest.strip())
                   and _stamped(doc.lines[index[k + 1]])]
        changed = False
        for thread in self._threads(doc, index, headers):
            if len(thread) < THREAD_MIN_COMMENTS:
                continue
            ends = [*thread[1:], self._last_end(doc, index, thread[-1])]
            span = f"lines {doc.lines[index[thread[0]]].number}-{doc.lines[index[ends[-1] - 1]].number}"
            mark = Mark(self.field, self.id, f"one of {len(thread)} comments ({span})")
            for begin, end in zip(thread, ends):
                for k in range(begin, end):
                    line = doc.lines[index[k]]
                    if line.is_body:
                        line.mark = mark
                        changed = True
        return changed

    @staticmethod
    def _threads(doc: Document, index: list[int], headers: list[int]) -> list[list[int]]:
        """Headers grouped into threads: a header more than COMMENT_MAX_LINES text lines after the
        one before it starts a new thread."""
        threads: list[list[int]] = []
        for k in headers:
            if threads and sum(doc.lines[index[j]].is_body for j in range(threads[-1][-1], k)) <= COMMENT_MAX_LINES:
                threads[-1].append(k)
            else:
                threads.append([k])
        return threads

    @staticmethod
    def _last_end(doc: Document, index: list[int], header: int) -> int:
        """Where the last comment of a thread ends: at the first line past its stamp that another
        rule dropped, or after COMMENT_MAX_LINES text lines."""
        text = 0
        for k in range(header + 2, len(index)):
            line = doc.lines[index[k]]
            if line.mark.field is Field.DROP or text == COMMENT_MAX_LINES:
                return k
            text += line.is_body
        return len(index)


RUN_RULES: tuple[Rule, ...] = (NavigationRun(), CommentThread())
