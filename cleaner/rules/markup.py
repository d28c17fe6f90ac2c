"""Markup rules: what an HTML page's structure says about a line, weighed before its text.

They read only `Line.structure`, so on text input (no structure) they do nothing. Each mark's
reason names the evidence (the tag, the landmark, the class words, the link density), so
`clean --explain page.html` shows why a line went. Their examples are HTML snippets.
"""
from __future__ import annotations

import regex

from ..dates import to_iso
from ..document import Field, Line, Mark, Structure
from ..features import words
from ..settings import MarkupSettings
from ..vocabulary import chrome_words
from .base import Context, Rule
from .lines import LineRule

_BY = regex.compile(r"^\s*(?:by|written by|words by)\s*:?\s+", regex.I)
# Separators a byline shares its line with ("By Jane Doe | May 1").
_TRAILING_SEPARATORS = regex.compile(r"[\s|·•,;:/–—-]+$")


class MarkupRule(LineRule):
    """A line rule that decides from the markup alone, at any length of line. It runs before the
    pattern rules, in the same per-line pass, so a line of page chrome is taken whole before any
    pattern reads it."""

    structure_only = True
    example_format = "html"

    def decide(self, line: Line, settings: MarkupSettings) -> Mark | None:
        """The mark for a line with structure, or None to leave it."""
        raise NotImplementedError

    def mark(self, line: Line, text: str, ctx: Context) -> bool:
        if line.structure is None or line.prefixes:
            return False
        mark = self.decide(line, ctx.settings.markup)
        if mark is not None:
            line.mark = mark
        return mark is not None



_STORY = ("<article><p>The regional council voted on Tuesday to close the old bridge to traffic for "
          "two years while engineers rebuild its piers, the mayor said.</p>"
          "<p>Residents will be able to cross on a temporary footbridge, which opens next month, "
          "and buses will take a detour through the industrial estate.</p></article>")


class Headline(MarkupRule):
    id = "markup-headline"
    description = "The page's headline: the <h1> (or itemprop=headline) that matches the title the page states."
    field = Field.TITLE
    examples = ("<h1>Old bridge to close for two years</h1>" + _STORY,)
    keeps = ("<h2>Old bridge to close for two years</h2>" + _STORY,)

    def decide(self, line: Line, settings: MarkupSettings) -> Mark | None:
        s = line.structure
        if s is None or s.hint is not Field.TITLE:
            return None
        return Mark(self.field, self.id, f"the page's headline <{s.tag}>")


class OutsideMain(MarkupRule):
    id = "markup-outside-main"
    description = ("A block outside the page's main content container (the element holding most of its "
                   "paragraph text): navigation, teasers, footers.")
    field = Field.DROP
    examples = ("<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>" + _STORY,)
    keeps = (_STORY,)

    def decide(self, line: Line, settings: MarkupSettings) -> Mark | None:
        s = line.structure
        if s is None or s.main:
            return None
        return Mark(self.field, self.id, "outside the main content; " + _evidence(line))


class Caption(MarkupRule):
    id = "markup-caption"
    description = "A photo caption or credit by its markup: <figcaption>, an image's alt text, a caption or credit class."
    field = Field.CAPTIONS
    examples = ("<article><figure><img src='a.jpg' alt='The old bridge seen from the river bank'>"
                "<figcaption>The bridge opened in 1932. Photo: J. Smith</figcaption></figure>" + _STORY[9:],)
    keeps = (_STORY, "<article><img src='logo.png' alt='Logo'>" + _STORY[9:])

    def decide(self, line: Line, settings: MarkupSettings) -> Mark | None:
        s = line.structure
        if s is None or s.hint is not Field.CAPTIONS or not _in_story(s):
            return None
        what = "image alt text" if s.tag == "img" else f"<{s.tag}>" if s.tag == "figcaption" else _evidence(line)
        return Mark(self.field, self.id, what)


class Byline(MarkupRule):
    id = "markup-byline"
    description = "A short line the markup names the author: rel=author, itemprop=author, a byline or author class."
    field = Field.BYLINE
    examples = ("<article><div class='byline'>By Jane Doe</div>" + _STORY[9:],)
    keeps = (_STORY,)

    def decide(self, line: Line, settings: MarkupSettings) -> Mark | None:
        s = line.structure
        if s is None or s.hint is not Field.BYLINE or not _in_story(s) or len(words(line.text)) > settings.meta_max_words:
            return None
        return Mark(self.field, self.id, _evidence(line), _TRAILING_SEPARATORS.sub("", _BY.sub("", line.text)))


class Date(MarkupRule):
    id = "markup-date"
    description = ("A short line the markup names a date: <time>, itemprop=datePublished, a date class. Kept as "
                   "`date` when it reads as a calendar date, dropped otherwise (\"2 hours ago\").")
    field = Field.DATE
    examples = ("<article><time datetime='2019-11-19'>November 19, 2019</time>" + _STORY[9:],
                "<article><span class='timestamp'>2 hours ago</span>" + _STORY[9:])
    keeps = (_STORY,)

    def decide(self, line: Line, settings: MarkupSettings) -> Mark | None:
        s = line.structure
        if s is None or s.hint is not Field.DATE or not _in_story(s) or len(words(line.text)) > settings.meta_max_words:
            return None
        iso = to_iso(line.text)
        return Mark(self.field if iso else Field.DROP, self.id, _evidence(line), iso)


class Landmark(MarkupRule):
    id = "markup-landmark"
    description = ("A block inside a navigation, header, footer, aside, form or dialog landmark within the main "
                   "content (a share bar, a story's tag list, a comment form).")
    field = Field.DROP
    examples = ("<article><header><p>Local news</p></header>" + _STORY[9:],)
    keeps = (_STORY,)

    def decide(self, line: Line, settings: MarkupSettings) -> Mark | None:
        s = line.structure
        if s is None or not s.landmarks & _CHROME_LANDMARKS:
            return None
        return Mark(self.field, self.id, _evidence(line))


class LinkDense(MarkupRule):
    id = "markup-link-dense"
    description = "A block whose text is mostly links: related stories, tag lists, \"read more\" lines."
    field = Field.DROP
    examples = ("<article><p><a href='/a'>Council approves budget</a> | <a href='/b'>Bus fares to rise</a></p>"
                + _STORY[9:],)
    keeps = (_STORY,)

    def decide(self, line: Line, settings: MarkupSettings) -> Mark | None:
        s = line.structure
        if s is None or s.link_density < settings.link_dense:
            return None
        return Mark(self.field, self.id, _evidence(line))


class ChromeClass(MarkupRule):
    id = "markup-class"
    description = ("A block whose class or id names page chrome (share, related, newsletter, comments, ads, "
                   "promo...) within the main content.")
    field = Field.DROP
    examples = ("<article><div class='share-tools'>Share this story</div>" + _STORY[9:],)
    keeps = (_STORY, "<article><div class='story-body'>" + _STORY[9:-10] + "</div></article>")

    def decide(self, line: Line, settings: MarkupSettings) -> Mark | None:
        s = line.structure
        if s is None or not chrome_words(s.tokens):
            return None
        return Mark(self.field, self.id, _evidence(line))


_CHROME_LANDMARKS = frozenset({"nav", "header", "footer", "aside", "form", "dialog"})


def _evidence(line: Line) -> str:
    """What the markup says about a line, for a mark's reason."""
    s = line.structure
    assert s is not None
    parts = [f"<{s.tag}>"]
    landmarks = sorted(s.landmarks & _CHROME_LANDMARKS)
    if landmarks:
        parts.append("in " + ", ".join(f"<{name}>" for name in landmarks))
    chrome = chrome_words(s.tokens)
    if chrome:
        parts.append("class " + " ".join(chrome[:4]))
    if s.hint in (Field.BYLINE, Field.DATE, Field.CAPTIONS):
        parts.append(f"marked up as {s.hint.value}")
    if s.link_density:
        parts.append(f"link density {s.link_density:.2f}")
    return ", ".join(parts)


def _in_story(s: Structure) -> bool:
    """Inside the main content, or in the <article> that holds it (its header, its lead photo):
    where a caption, byline or date belongs to the story and not to a teaser beside it."""
    return s.main or s.article >= 0


# Order matters: the headline and the story's metadata go to their fields before the page's
# chrome is dropped.
MARKUP_RULES: tuple[Rule, ...] = (Headline(), Caption(), Byline(), Date(), OutsideMain(), Landmark(),
                                  LinkDense(), ChromeClass())
