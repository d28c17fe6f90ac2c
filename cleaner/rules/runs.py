"""Run rules: decisions about a stretch of lines that no single line's text could justify."""
from __future__ import annotations

from bisect import bisect_left

import regex

from ..document import Document, Field, Line, Mark
from ..features import body_like, ends_sentence, headline_like
from ..settings import DEFAULT, RunSettings
from .base import DOCUMENT, Context, Rule
from .state import InputState


def is_item(text: str, settings: RunSettings) -> bool:
    """A stripped text reads as a navigation item: a short link label, a few words, no sentence end."""
    return (len(text) <= settings.item_max_chars and len(text.split()) <= settings.item_max_words
            and not ends_sentence(text))


def _navigation_items(state: InputState, settings: RunSettings) -> list[int]:
    """The indexes of the text lines that read as navigation items, whatever their marks later."""
    lines = state.doc.lines
    return [i for i, text in enumerate(state.texts)
            if text and lines[i].mark.field is Field.BODY and is_item(text, settings)]


def _runs(flags: list[bool], least: int) -> list[tuple[int, int]]:
    """The spans of the runs of at least `least` true flags in a row."""
    runs = []
    begin = None
    for k, flag in enumerate([*flags, False]):
        if flag and begin is None:
            begin = k
        elif not flag and begin is not None:
            if k - begin >= least:
                runs.append((begin, k))
            begin = None
    return runs


class NavigationRun(Rule):
    id = "navigation-run"
    description = (f"A run of {DEFAULT.runs.run_min_items} or more short link-like lines in a row (menus, section lists, "
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
        settings = ctx.settings.runs
        state = ctx.state(doc)
        if state.navigation_items is None:
            state.navigation_items = _navigation_items(state, settings)
        items = state.navigation_items
        # Most stories hold too few items for a run, whatever their marks.
        if bisect_left(items, stop) - bisect_left(items, start) < settings.run_min_items:
            return False
        index = list(state.text_lines(start, stop))
        listed = set(items[bisect_left(items, start):bisect_left(items, stop)])
        runs = _runs([i in listed for i in index], settings.run_min_items)
        texts = state.texts
        changed = False
        for j, end in runs:
            before = texts[index[j - 1]] if j > 0 else ""
            after = texts[index[end]] if end < len(index) else ""
            if not self.is_body_list(before, after, end - j, settings):
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
    def is_body_list(before: str, after: str, items: int, settings: RunSettings) -> bool:
        """True when a run of `items` lines between the texts `before` and `after` (empty at the
        ends) reads as a list inside the article."""
        if before.endswith(":"):
            return True
        return body_like(before) and body_like(after) and items <= settings.enclosed_max_items


# A comment's header: the commenter's name and "says:", as blog software prints it, over the
# time it was posted. A comment runs at most `comment_max_lines` text lines, and the last one
# ends sooner at a line another rule took as chrome (the reply form).
COMMENT_HEADER = regex.compile(r"(?i)\S.{0,40}?\s(?:says|said|wrote|writes|replied)\s*:")


def _header_lines(texts: list[str]) -> list[int]:
    """The lines whose text reads as a comment's header, whatever their marks."""
    return [i for i, text in enumerate(texts) if text.endswith(":") and COMMENT_HEADER.fullmatch(text)]


STAMP = regex.compile(r"(?i).*?(?:\b\d{4}\b|\b\d{1,2}:\d{2}\b|\bago\b)")


def _stamped(line: Line, settings: RunSettings) -> bool:
    """A date or a time stamp: what another rule took for one, or a short line with a year, a
    clock time or "ago" in it."""
    if line.mark.field is Field.DATE or line.mark.rule == "time-ago":
        return True
    text = line.rest.strip()
    return line.is_body and len(text.split()) <= settings.stamp_max_words and bool(STAMP.match(text))


class CommentThread(Rule):
    id = "comment-thread"
    description = (f"A thread of {DEFAULT.runs.thread_min_comments} or more readers' comments: each a header line "
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
        settings = ctx.settings.runs
        state = ctx.state(doc)
        if state.comment_headers is None:
            state.comment_headers = _header_lines(state.texts)
        candidates = state.comment_headers
        headed = candidates[bisect_left(candidates, start):bisect_left(candidates, stop)]
        if sum(doc.lines[i].is_body for i in headed) < settings.thread_min_comments:
            return False
        index = [i for i in range(start, stop) if not doc.lines[i].blank]
        headers = [k for k, i in enumerate(index[:-1])
                   if doc.lines[i].is_body and COMMENT_HEADER.fullmatch(doc.lines[i].rest.strip())
                   and _stamped(doc.lines[index[k + 1]], settings)]
        changed = False
        for thread in self._threads(doc, index, headers, settings):
            if len(thread) < settings.thread_min_comments:
                continue
            ends = [*thread[1:], self._last_end(doc, index, thread[-1], settings)]
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
    def _threads(doc: Document, index: list[int], headers: list[int], settings: RunSettings) -> list[list[int]]:
        """Headers grouped into threads: a header more than `comment_max_lines` text lines after the
        one before it starts a new thread."""
        threads: list[list[int]] = []
        for k in headers:
            if threads and sum(doc.lines[index[j]].is_body for j in range(threads[-1][-1], k)) <= settings.comment_max_lines:
                threads[-1].append(k)
            else:
                threads.append([k])
        return threads

    @staticmethod
    def _last_end(doc: Document, index: list[int], header: int, settings: RunSettings) -> int:
        """Where the last comment of a thread ends: at the first line past its stamp that another
        rule dropped, or after `comment_max_lines` text lines."""
        text = 0
        for k in range(header + 2, len(index)):
            line = doc.lines[index[k]]
            if line.mark.field is Field.DROP or text == settings.comment_max_lines:
                return k
            text += line.is_body
        return len(index)


RUN_RULES: tuple[Rule, ...] = (NavigationRun(), CommentThread())
