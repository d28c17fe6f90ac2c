"""Run rules: decisions about a stretch of lines that no single line's text could justify."""
from __future__ import annotations

from ..document import Document, Field, Mark, body_indexes
from ..features import body_like, ends_sentence, headline_like
from .base import DOCUMENT, Context, Rule

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
    text = text.strip()
    return len(text) <= ITEM_MAX_CHARS and len(text.split()) <= ITEM_MAX_WORDS and not ends_sentence(text)


class NavigationRun(Rule):
    id = "navigation-run"
    description = (f"A run of {RUN_MIN_ITEMS} or more short link-like lines in a row (menus, section lists, "
                   "footer links), unless a line ending in ':' introduces it or it sits straight between two "
                   "paragraphs; a headline-like last line that leads into the text stays.")
    field = Field.DROP
    phase = DOCUMENT
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
        # is judged the same way when a clean article is cleaned again.
        index = body_indexes(doc.lines, start, stop)
        texts = [doc.lines[i].rest.strip() for i in index]
        items = [is_item(t) for t in texts]
        changed = False
        j = 0
        while j < len(index):
            if not items[j]:
                j += 1
                continue
            end = j
            while end < len(index) and items[end]:
                end += 1
            if end - j >= RUN_MIN_ITEMS and not self.is_body_list(texts, j, end):
                last = end
                if end < len(texts) and headline_like(texts[end - 1]):
                    last -= 1  # the story's headline, leading into its text
                for k in range(j, last):
                    doc.lines[index[k]].mark = Mark(self.field, self.id, f"one of {end - j} short lines in a row")
                changed = True
            j = end
        return changed

    @staticmethod
    def is_body_list(texts: list[str], start: int, end: int) -> bool:
        """True when the run texts[start:end] reads as a list inside the article."""
        before = texts[start - 1] if start > 0 else ""
        if before.endswith(":"):
            return True
        after = texts[end] if end < len(texts) else ""
        return body_like(before) and body_like(after) and end - start <= ENCLOSED_MAX_ITEMS


RUN_RULES: tuple[Rule, ...] = (NavigationRun(),)
