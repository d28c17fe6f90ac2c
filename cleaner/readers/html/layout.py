"""Page layout: the visible blocks of a page's tree as lines with what the markup says about
them, the page's main content container, and its stories (`<article>` elements that hold one).

Only what a browser never shows is dropped (scripts, styles, the head, hidden elements).
Navigation, headers, footers, captions and the rest stay as lines with their `Structure`, so a
rule takes them out with a record.
"""
from __future__ import annotations

import sys
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields
from functools import lru_cache

import lxml.etree as etree
import regex

from ...document import Field, Line, Note, Structure
from ...features import ends_sentence
from ...settings import HtmlSettings
from ...vocabulary import (
    BYLINE_WORDS,
    CAPTION_WORDS,
    CHROME_LANDMARKS,
    COMMENT_PREFIXES,
    CONTENT_PREFIXES,
    DATE_WORDS,
    LANDMARK_ROLES,
    LANDMARK_TAGS,
    LEAD_PREFIXES,
    NOT_CHROME,
    STRONG,
    WEAK,
    chrome_kind,
    chrome_word,
)
from .parsing import BLOCK, DROP, Lines, hidden

_TOKEN_SPLIT = regex.compile(r"[^\p{L}\p{N}]+")
# A line whose pieces carry these hints, and no others, is cut where the hint changes.
_SPLIT_HINTS = frozenset({Field.BYLINE, Field.DATE, None})
_WORD = regex.compile(r"\w")
# An id of more words than this is an anchor made from a heading.
_ANCHOR_MAX_WORDS = 4
# How many of the chosen container's cues --explain names, those that weighed most.
_EXPLAINED_CUES = 4
# The headings that can open one of several stories on a page.
_STORY_HEADINGS = frozenset({"h1", "h2", "h3"})


@dataclass(slots=True)
class _Frame:
    """An open element during the walk, and the text counted inside it so far."""

    tag: str
    order: int                   # position in the walk: an element spans [order, end of its subtree)
    tokens: frozenset[str]
    landmarks: frozenset[str]
    article: int                 # the top-level <article> it is in, numbered in page order; -1 none
    hint: Field | None
    hint_from: int               # the order of the element that gave the hint
    in_link: bool
    block: bool
    pre: bool
    chrome: float                # the largest share of the text at which its class still names chrome
    own: frozenset[str]          # its own class and id words
    opens_article: bool = False
    chars: int = 0
    good: int = 0
    plain: int = 0
    paragraphs: int = 0


@dataclass(frozen=True, slots=True)
class _Element:
    """A closed block element: where it is in the walk and the text it holds."""

    start: int
    end: int
    article: int
    opens_article: bool
    good: int   # paragraph text, in characters
    plain: int  # text outside links and chrome landmarks, in characters
    paragraphs: int
    chrome: float
    tokens: frozenset[str]
    landmarks: frozenset[str]
    tag: str
    own: frozenset[str]
    chars: int  # all its text, in characters

    def text(self, key: str) -> int:
        return self.good if key == "good" else self.plain


# The columns of `_Elements`: one per field of `_Element`, named alike.
_COLUMNS = tuple(f.name for f in fields(_Element))


@dataclass(slots=True)
class _Elements:
    """The walk's closed block elements, held as columns and made an `_Element` when read. A
    page of deeply nested wrappers has millions of them (200 `<div>`s around each paragraph):
    an object each, with its counts as int objects, took about 280 bytes, most of such a
    page's memory; a row of these columns takes about 100. Rows come in the order elements
    close until `sort` puts them in page order."""

    start: array[int] = field(default_factory=lambda: array("q"))
    end: array[int] = field(default_factory=lambda: array("q"))
    article: array[int] = field(default_factory=lambda: array("q"))
    opens_article: array[int] = field(default_factory=lambda: array("b"))
    good: array[int] = field(default_factory=lambda: array("q"))
    plain: array[int] = field(default_factory=lambda: array("q"))
    paragraphs: array[int] = field(default_factory=lambda: array("q"))
    chrome: array[float] = field(default_factory=lambda: array("d"))
    tokens: list[frozenset[str]] = field(default_factory=list)  # sets and tags are shared, not copied
    landmarks: list[frozenset[str]] = field(default_factory=list)
    tag: list[str] = field(default_factory=list)
    own: list[frozenset[str]] = field(default_factory=list)
    chars: array[int] = field(default_factory=lambda: array("q"))

    def __len__(self) -> int:
        return len(self.start)

    def __getitem__(self, k: int) -> _Element:
        return _Element(self.start[k], self.end[k], self.article[k], bool(self.opens_article[k]), self.good[k],
                        self.plain[k], self.paragraphs[k], self.chrome[k], self.tokens[k], self.landmarks[k],
                        self.tag[k], self.own[k], self.chars[k])

    def append(self, e: _Element) -> None:
        for name in _COLUMNS:
            getattr(self, name).append(getattr(e, name))

    def text(self, k: int, key: str) -> int:
        return self.good[k] if key == "good" else self.plain[k]

    def sort(self, order: int) -> None:
        """Rows in page order, by start. Starts are distinct walk positions from -1 (the root)
        to below `order`, so each row is placed at its start: linear, and with no list of
        millions of int objects that sorting by a key would make."""
        row = array("q", [-1]) * (order + 1)
        for k, start in enumerate(self.start):
            row[start + 1] = k
        rows = array("q", (k for k in row if k >= 0))
        for name in _COLUMNS:
            column = getattr(self, name)
            setattr(self, name, array(column.typecode, (column[k] for k in rows)) if isinstance(column, array)
                    else [column[k] for k in rows])


@dataclass(slots=True)
class _Block:
    """One line of text, before the main container is known."""

    line: int
    text: str
    tag: str
    order: int
    tokens: frozenset[str]
    landmarks: frozenset[str]
    link_density: float
    hint: Field | None
    hint_from: frozenset[int]
    article: int


@dataclass(slots=True)
class Walk:
    """One walk over a page's tree: its blocks, and the elements that may be its main container."""

    settings: HtmlSettings
    blocks: list[_Block] = field(default_factory=list)
    elements: _Elements = field(default_factory=_Elements)
    chrome: list[_Element] = field(default_factory=list)
    # Hinting elements (a "date" class...) that hold too much text to be what their class says.
    false_hints: set[int] = field(default_factory=set)
    chrome_starts: list[int] = field(default_factory=list)
    frames: list[_Frame] = field(default_factory=list)
    order: int = 0
    articles: int = 0
    # The line being gathered: its text pieces, and what the pieces holding text share.
    texts: list[str] = field(default_factory=list)
    line: int = 0
    size: int = 0
    linked: int = 0
    tokens: frozenset[str] | None = None
    hints: set[Field | None] = field(default_factory=set)
    hint_from: set[int] = field(default_factory=set)
    # Where the hint of the pieces changes: (hint, index in `texts`), so a byline and a date
    # that share a line ("By Jane Doe | May 1, 2024") become a line each.
    runs: list[tuple[Field | None, int]] = field(default_factory=list)

    def add(self, text: str | None, frame: _Frame, line: int | None) -> None:
        if not text:
            return
        if frame.pre and "\n" in text:
            first, *rest = text.split("\n")
            self.add(first, frame, line)
            for part in rest:
                self.flush()
                self.add(part, frame, line)
            return
        self.texts.append(text)
        if text.isspace():
            return
        size = len(text) - text.count(" ")
        self.size += size
        if frame.in_link:
            self.linked += size
        if self.tokens is None:
            self.line = line or self.line
            self.tokens = frame.tokens
        elif self.tokens is not frame.tokens:
            # What every piece of the line shares: a class on one inline piece is not the line's.
            self.tokens = self.tokens & frame.tokens
        self.hints.add(frame.hint)
        self.hint_from.add(frame.hint_from)
        if not self.runs or self.runs[-1][0] is not frame.hint:
            self.runs.append((frame.hint, len(self.texts) - 1))

    def flush(self) -> None:
        """End the current line: what was added since the last block boundary."""
        if self.tokens is not None:
            if len(self.hints) > 1 and self.hints <= _SPLIT_HINTS:
                for hint, text in self._meta_runs():
                    self._block(text, hint)
            else:
                self._block(" ".join("".join(self.texts).split()), next(iter(self.hints)) if len(self.hints) == 1 else None)
        self.texts.clear()
        self.size = self.linked = 0
        self.tokens = None
        self.hints.clear()
        self.hint_from.clear()
        self.runs.clear()

    def _meta_runs(self) -> list[tuple[Field | None, str]]:
        """The line cut where its pieces' hints change, when that leaves only metadata pieces and
        separators ("|", "·"): a separator goes with the piece before it."""
        ends = [start for _, start in self.runs[1:]] + [len(self.texts)]
        runs = [(hint, "".join(self.texts[start:end])) for (hint, start), end in zip(self.runs, ends)]
        runs[0] = (runs[0][0], "".join(self.texts[:self.runs[0][1]]) + runs[0][1])
        if any(hint is None and _WORD.search(text) for hint, text in runs):
            return [(None, " ".join("".join(self.texts).split()))]
        out: list[tuple[Field | None, str]] = []
        for hint, text in runs:
            if out and hint is None:
                out[-1] = (out[-1][0], out[-1][1] + text)
            elif out and out[-1][0] is None:
                out[-1] = (hint, out[-1][1] + text)
            else:
                out.append((hint, text))
        return [(hint, " ".join(text.split())) for hint, text in out]

    def paragraph_like(self, text: str, density: float) -> bool:
        s = self.settings
        return (len(text) >= s.paragraph_min_chars and density <= s.paragraph_max_link_density
                and (len(text) >= s.unstopped_min_chars or ends_sentence(text)))

    def _block(self, text: str, hint: Field | None) -> None:
        owner = self.frames[-1]
        density = self.linked / self.size if self.size else 0.0
        block_tag = next(f.tag for f in reversed(self.frames) if f.block)
        assert self.tokens is not None
        self.blocks.append(_Block(self.line, text, block_tag, owner.order, self.tokens, owner.landmarks, density,
                                  hint, frozenset(self.hint_from), owner.article))
        owner.chars += len(text)
        if hint is not Field.CAPTIONS and not owner.landmarks & CHROME_LANDMARKS:
            owner.plain += round(len(text) * (1 - density))
            if self.paragraph_like(text, density):
                owner.good += len(text)
                owner.paragraphs += 1

    def close(self) -> None:
        """The end of the innermost open element: its counts go to its parent."""
        frame = self.frames[-1]
        if frame.block:
            self.flush()
        self.frames.pop()
        parent = self.frames[-1]
        parent.chars += frame.chars
        parent.good += frame.good
        parent.plain += frame.plain
        parent.paragraphs += frame.paragraphs
        if frame.hint_from == frame.order and frame.chars > self.settings.max_chars(frame.hint):
            self.false_hints.add(frame.order)
        if frame.block and frame.plain:
            element = _Element(frame.order, self.order, frame.article, frame.opens_article,
                               frame.good, frame.plain, frame.paragraphs, frame.chrome, frame.tokens,
                               frame.landmarks, frame.tag, frame.own, frame.chars)
            self.elements.append(element)
            if frame.chrome:
                self.chrome.append(element)


@lru_cache(maxsize=8192)
def _own_words(classes: str | None, ident: str | None) -> frozenset[str]:
    """An element's class and id words (pages repeat their class attributes many times). An id
    of many words is an anchor made from a heading ("sharing-with-a-single-developer"): it
    names the section's subject, not what kind of block it is."""
    named = _words(ident)
    return _words(classes) | named if len(named) <= _ANCHOR_MAX_WORDS else _words(classes)


@lru_cache(maxsize=8192)
def _words(value: str | None) -> frozenset[str]:
    return frozenset(w for w in _TOKEN_SPLIT.split(value.lower()) if w) if value else frozenset()


def _hint(tag: str, el: etree._Element, own: frozenset[str]) -> Field | None:
    """What the markup calls an element: a headline, a caption, a date, a byline."""
    props = frozenset((el.get("itemprop") or "").lower().split())
    if tag == "h1" or "headline" in props:
        return Field.TITLE
    if tag == "figcaption" or "caption" in props or own & CAPTION_WORDS:
        return Field.CAPTIONS
    if tag == "time" or props & {"datepublished", "datemodified"} or own & DATE_WORDS:
        return Field.DATE
    if "author" in props or (el.get("rel") or "").lower() == "author" or own & BYLINE_WORDS:
        return Field.BYLINE
    return None


def walk_page(root: etree._Element, settings: HtmlSettings, lines: Lines | None = None) -> Walk:
    """Visible blocks in document order, and every block element's text. lxml's iterwalk rather
    than recursion: scraped pages nest deeper than Python recurses. Source lines come from
    `lines` when given (a tree copied from another parser), else from lxml."""
    walk = Walk(settings)
    # Up to what share of the text an element is chrome, by how strongly its class names chrome.
    shares = (0.0, settings.weak_chrome_max_share, settings.chrome_max_share)
    top = _Frame("#root", -1, frozenset(), frozenset(), -1, None, -1, False, True, False, 0.0, frozenset())
    walk.frames.append(top)
    events = etree.iterwalk(root, events=("start", "end"))
    skipped = False  # the element just started is not walked: its end event comes next
    for event, el in events:
        if event == "end":
            if skipped:
                skipped = False
            else:
                walk.close()
            walk.add(el.tail, walk.frames[-1], lines.get(el) if lines is not None else el.sourceline)
            continue
        parent = walk.frames[-1]
        # One string per tag name, not one per element: the elements' rows keep their tags.
        tag = sys.intern(el.tag.lower()) if isinstance(el.tag, str) else ""
        if not tag or tag in DROP or hidden(el):
            events.skip_subtree()
            skipped = True
            continue
        if tag == "br" or tag == "hr":
            walk.flush()
            skipped = True
            continue
        own = _own_words(el.get("class"), el.get("id"))
        landmark = LANDMARK_TAGS.get(tag) or LANDMARK_ROLES.get((el.get("role") or "").lower())
        hint = _hint(tag, el, own)
        frame = _Frame(
            tag, walk.order, parent.tokens | own if own else parent.tokens,
            parent.landmarks | {landmark} if landmark else parent.landmarks, parent.article,
            hint or parent.hint, walk.order if hint else parent.hint_from,
            parent.in_link or tag == "a", tag in BLOCK, parent.pre or tag == "pre",
            shares[chrome_kind(own)], own)
        if tag == "article" and parent.article < 0:
            frame.article, frame.opens_article = walk.articles, True
            walk.articles += 1
        walk.order += 1
        if tag == "img":
            alt = " ".join((el.get("alt") or "").split())
            if len(alt.split()) >= settings.alt_min_words:
                walk.flush()
                frame.hint, frame.hint_from, frame.block = Field.CAPTIONS, frame.order, True
                walk.frames.append(frame)
                walk.add(alt, frame, lines.get(el) if lines is not None else el.sourceline)
                walk.flush()
                walk.frames.pop()
            events.skip_subtree()
            skipped = True
            continue
        if frame.block:
            walk.flush()
        walk.frames.append(frame)
        walk.add(el.text, frame, lines.get(el) if lines is not None else el.sourceline)
    walk.flush()
    walk.elements.append(_Element(-1, walk.order, -1, False, top.good, top.plain, top.paragraphs, 0.0,
                                  frozenset(), frozenset(), "#root", frozenset(), top.chars))
    walk.elements.sort(walk.order)
    walk.chrome.sort(key=lambda e: e.start)
    walk.chrome_starts = [e.start for e in walk.chrome]
    return walk


def _within(starts: Sequence[int], scope: _Element) -> range:
    """Where the elements (sorted by start, at `starts`) inside `scope`, itself included, are."""
    return range(bisect_left(starts, scope.start), bisect_left(starts, scope.end))


@dataclass(frozen=True, slots=True)
class Candidate:
    """An element that may be the main content container, with the cues the fitted model weighs."""

    element: _Element
    cues: dict[str, float]


def candidates(walk: Walk, scope: _Element) -> list[Candidate]:
    """The elements within `scope` holding a fair share of its paragraph text (chrome not
    counted), each with its cues. Where there is little paragraph text (a list, a table, a
    calendar), text outside links is measured instead."""
    settings, elements = walk.settings, walk.elements
    key = "good" if scope.good >= settings.min_paragraph_text else "plain"
    total = scope.text(key)
    # Chrome is only what is small next to the whole: a class that names a sidebar on a wrapper
    # around the whole page says nothing. Chrome inside chrome is counted once.
    outer: list[_Element] = []
    for c in (walk.chrome[k] for k in _within(walk.chrome_starts, scope)):
        if c.text(key) < c.chrome * total and (not outer or c.start >= outer[-1].end):
            outer.append(c)
    starts = [c.start for c in outer]
    sums = [0]
    for c in outer:
        sums.append(sums[-1] + c.text(key))

    def clean(n: int) -> int:
        """The element's text less the chrome inside it; none when it is inside chrome."""
        start, end = elements.start[n], elements.end[n]
        k = bisect_right(starts, start) - 1
        if k >= 0 and start < outer[k].end:
            return 0
        return elements.text(n, key) - (sums[bisect_left(starts, end)] - sums[bisect_left(starts, start)])

    total -= sums[-1]
    if total <= 0:
        return []
    span = max(scope.end - scope.start, 1)
    found = []
    for n in _within(elements.start, scope):
        text = clean(n)
        if text < settings.candidate_min_share * total:
            continue  # too little of the text
        e = elements[n]
        if _commentary(e):
            continue  # readers' comments however long they run
        found.append(Candidate(e, {
            "share": text / total,
            "purity": min(text / e.chars, 1.0) if e.chars else 0.0,
            "paragraphs": e.paragraphs / scope.paragraphs if scope.paragraphs else 0.0,
            "links": 1.0 - min(e.plain / e.chars, 1.0) if e.chars else 0.0,
            "position": (e.start - scope.start) / span,
            "by_links": float(key == "plain"),
            "content_class": float(any(w.startswith(CONTENT_PREFIXES) for w in e.own)),
            "chrome_class": float(chrome_kind(e.own) != NOT_CHROME),
            "article_tag": float(e.tag in ("article", "main") or "main" in e.landmarks),
            "cell_tag": float(e.tag == "td"),
            "table_tag": float(e.tag == "table"),
            "list_tag": float(e.tag in ("ul", "ol", "dl")),
        }))
    for candidate in found:
        # The share of its text outside the largest candidate inside it: a wrapper around the
        # same text adds nothing, a container whose text lies in several children most of it;
        # a single paragraph spreads over nothing.
        e = candidate.element
        inner = max((d.cues["share"] for d in found if e.start < d.element.start and d.element.end <= e.end),
                    default=0.0)
        candidate.cues["spread"] = 1.0 - inner / candidate.cues["share"] if e.paragraphs > 1 else 0.0
    return found


def _commentary(e: _Element) -> bool:
    """In a readers' comment section, by its or its ancestors' class and id words."""
    return any(w.startswith(COMMENT_PREFIXES) for w in e.tokens)


def main_container(walk: Walk, scope: _Element) -> Candidate | None:
    """The candidate the fitted container model rates highest (the smallest on a tie)."""
    model = walk.settings.container
    found = candidates(walk, scope)
    if not found:
        return None
    return max(found, key=lambda c: (model.probability(c.cues), c.element.start - c.element.end))


def _stories(walk: Walk) -> list[_Element]:
    """The page's top-level <article> elements that hold a story, not a teaser card nor a
    reader's comment (themes mark up each comment as an <article> in a comment list)."""
    elements = walk.elements
    opening = (elements[k] for k, opens in enumerate(elements.opens_article) if opens)
    tops = [e for e in opening if not _commentary(e) and chrome_kind(e.own) != STRONG]
    largest = max((a.good for a in tops), default=0)
    s = walk.settings
    return [a for a in tops if a.paragraphs >= s.story_min_paragraphs
            and a.good >= max(s.story_min_text, s.story_min_share * largest)]


@dataclass(frozen=True, slots=True)
class Region:
    """Where a story's text is: its main container, and which story it is."""

    container: _Element
    article: int  # the walk's number of its <article>, -1 for a page without one
    index: int    # its position among the page's stories
    why: str      # how the container was chosen, for --explain


def regions(walk: Walk) -> list[Region]:
    """One main container per story on a page of several <article> stories, else one."""
    stories = _stories(walk)
    if len(stories) > 1:
        found = []
        for n, a in enumerate(stories):
            main = main_container(walk, a)
            found.append(Region(main.element, a.article, n, _why(walk, main)) if main is not None
                         else Region(a, a.article, n, f"{element_label(a)}, a story's <article> with no candidate inside"))
        return found
    main = main_container(walk, walk.elements[0])
    if main is None:
        return []
    return [Region(main.element, stories[0].article if stories else -1, 0, _why(walk, main))]


def element_label(e: _Element) -> str:
    """An element as --explain names it: its tag and (some of) its class and id words."""
    words = " ".join(sorted(e.own)[:4])
    return f"<{e.tag} {words}>" if words else f"<{e.tag}>"


def _why(walk: Walk, chosen: Candidate) -> str:
    """The chosen container, its rating and the cues that weighed most in it."""
    model = walk.settings.container
    terms = sorted(model.contributions(chosen.cues).items(), key=lambda kv: -abs(kv[1]))[:_EXPLAINED_CUES]
    cues = ", ".join(f"{name} {value:+.2f}" for name, value in terms)
    return f"{element_label(chosen.element)} rated {model.probability(chosen.cues):.2f} ({cues})"


def container_notes(walk: Walk, regions: list[Region]) -> list[Note]:
    """For --explain: each story's main container, at the source line of its first block."""
    notes = []
    for region in regions:
        e = region.container
        line = next((b.line for b in walk.blocks if e.start <= b.order < e.end), 0)
        notes.append(Note(line, "reader", f"main content {region.why}"))
    return notes


def headlines(walk: Walk, regions: list[Region], title: str | None) -> set[int]:
    """Which blocks are headlines. On a page of several stories, the first top-level heading of
    each; otherwise the heading that matches the page's stated title or, failing that, the last
    one before the main container (or the first one on the page)."""
    if len(regions) > 1:
        firsts: dict[int, int] = {}
        for k, b in enumerate(walk.blocks):
            if b.hint is Field.TITLE or b.tag in _STORY_HEADINGS:
                firsts.setdefault(b.article, k)
        return {firsts[r.article] for r in regions if r.article in firsts}
    heads = [k for k, b in enumerate(walk.blocks) if b.hint is Field.TITLE]
    if not heads:
        return set()
    if title:
        wanted = _words(title)
        best, k = max((len(wanted & _words(walk.blocks[k].text)) / len(wanted | _words(walk.blocks[k].text)), -k)
                      for k in heads)
        if best >= walk.settings.title_min_overlap:
            return {-k}
    before = [k for k in heads if regions and walk.blocks[k].order < regions[0].container.start]
    return {before[-1] if before else heads[0]}


def _leads(walk: Walk, regions: list[Region], headlines: set[int]) -> set[int]:
    """The blocks of a single story's lead: paragraphs between its headline and its main
    container under a lead or teaser class (a standfirst set apart from the body, often in the
    story's <header>). Only the class says so: a paragraph there without one is, on the pages
    measured, more often a summary the body does not hold."""
    if len(regions) != 1 or len(headlines) != 1:
        return set()
    [head] = headlines
    start = regions[0].container.start
    found = set()
    for n in range(head + 1, len(walk.blocks)):
        b = walk.blocks[n]
        if b.order >= start:
            break
        if b.hint is None and walk.paragraph_like(b.text, b.link_density) and any(
                w.startswith(LEAD_PREFIXES) for w in b.tokens):
            found.add(n)
    return found


def _layout_names(walk: Walk) -> list[tuple[int, int, frozenset[str]]]:
    """The chrome words of elements too large to be what they name ("sidebar" on a column that
    holds most of the page's text): layout names, which say nothing about the blocks inside.
    As (start, end, words) of each such element. Only the words that also name layout
    ("sidebar", "menu"...) are read so: a "related" or "scroller" box holding most of a page's
    text is still one (a gallery of long captions), as measured on the corpus."""
    top = walk.elements[0]
    key = "good" if top.good >= walk.settings.min_paragraph_text else "plain"
    total = top.text(key)
    return [(c.start, c.end, frozenset(w for w in c.own if chrome_word(w)))
            for c in walk.chrome if c.text(key) >= c.chrome * total and chrome_kind(c.own) == WEAK]


def page_lines(walk: Walk, regions: list[Region], headlines: set[int]) -> Iterator[Line]:
    starts = [r.container.start for r in regions]
    stories = {r.article: r.index for r in regions if r.article >= 0}
    # What encloses the whole main container (a "has-sidebar" class on <body>) says nothing
    # about one block, inside it or not. Lines share their sets, so each is trimmed once.
    trimmed: dict[tuple[int, frozenset[str]], frozenset[str]] = {}

    def trim(words: frozenset[str], around: frozenset[str]) -> frozenset[str]:
        key = (id(around), words)
        if key not in trimmed:
            trimmed[key] = words - around
        return trimmed[key]

    leads = _leads(walk, regions, headlines)
    wrappers = _layout_names(walk)
    for n, b in enumerate(walk.blocks):
        if n:
            yield Line(b.line, "")
        k = bisect_right(starts, b.order) - 1
        region = regions[k] if k >= 0 and b.order < regions[k].container.end else None
        tokens, landmarks = b.tokens, b.landmarks
        if regions:
            around = regions[max(k, 0)].container
            tokens, landmarks = trim(tokens, around.tokens), trim(landmarks, around.landmarks)
        for start, end, names in wrappers:
            if start <= b.order < end:
                tokens = trim(tokens, names)
        if n in leads:
            region = regions[0]
            tokens = frozenset(w for w in tokens if not chrome_word(w))
            landmarks = landmarks - CHROME_LANDMARKS
        hint = b.hint
        if n in headlines:
            hint = Field.TITLE
        elif hint is Field.TITLE or b.hint_from <= walk.false_hints:
            hint = None
        yield Line(b.line, b.text, structure=Structure(
            b.tag, tokens, landmarks, round(b.link_density, 2), hint, stories.get(b.article, -1),
            region is not None or not regions))

