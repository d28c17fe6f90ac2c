"""HTML to lines: each visible block becomes a line carrying what the markup says about it.

Only what a browser never shows is dropped here (scripts, styles, templates, the head, hidden
elements). Navigation, headers, footers, captions and the rest stay as lines with their
`Structure`, so a rule takes them out with a record. The reader also finds the page's main
content container and its stories (`<article>` elements that hold one), and reads the metadata
the page states outside its text (title, date, author).
"""
from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser

import lxml.etree as etree
import regex

from ..dates import to_iso
from ..document import Document, Field, Line, Structure
from ..features import ends_sentence
from .errors import InputError

_DROP = frozenset({"script", "style", "noscript", "template", "head", "title", "svg", "math", "canvas",
                   "iframe", "object"})
_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "html", "legend", "li", "main", "menu", "nav", "ol", "option", "p", "pre", "section", "summary",
    "table", "td", "th", "tr", "ul",
})
_LANDMARK_TAGS = {"nav": "nav", "menu": "nav", "header": "header", "footer": "footer", "aside": "aside",
                  "form": "form", "main": "main", "dialog": "dialog"}
_LANDMARK_ROLES = {"navigation": "nav", "menu": "nav", "menubar": "nav", "banner": "header",
                   "contentinfo": "footer", "complementary": "aside", "search": "form", "form": "form",
                   "main": "main", "dialog": "dialog", "alertdialog": "dialog"}
# Landmarks whose text never counts towards the main container.
_CHROME_LANDMARKS = frozenset({"nav", "footer", "aside", "dialog", "header"})
_TOKEN_SPLIT = regex.compile(r"[^\p{L}\p{N}]+")
_HIDDEN_STYLE = regex.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", regex.I)

# Class and id words that name what an element holds. Words such as "date" or "caption" are
# trusted only on an element short enough to be one (_HINT_MAX_CHARS).
_CAPTION_WORDS = frozenset({"caption", "figcaption", "credit", "credits"})
_BYLINE_WORDS = frozenset({"byline", "author", "authors"})
_DATE_WORDS = frozenset({"date", "timestamp", "published", "pubdate"})
_HINT_MAX_CHARS = {Field.TITLE: 300, Field.CAPTIONS: 600, Field.DATE: 80, Field.BYLINE: 150}
# Class and id words of page chrome: a word that is one of these or starts with one. The weak
# ones also name the state or layout of a wrapper around a whole page ("has-sidebar", "menu-open").
_CHROME_EXACT = frozenset({"ad", "ads", "nav", "prev", "previous", "next", "pager"})
_CHROME_PREFIXES = ("comment", "footer", "sidebar", "related", "recommend", "promo", "newsletter", "subscri",
                    "share", "sharing", "social", "outbrain", "taboola", "teaser", "trending", "popular",
                    "advert", "sponsor", "navbar", "navigation", "menu", "breadcrumb", "cookie", "popup", "modal",
                    "disqus", "signup", "pagination")
_WEAK_CHROME = ("sidebar", "nav", "menu", "modal", "popup", "prev", "next")

# A line whose pieces carry these hints, and no others, is cut where the hint changes.
_SPLIT_HINTS = frozenset({Field.BYLINE, Field.DATE, None})
_WORD = regex.compile(r"\w")
# An image's alt text is a caption line only when it describes something (not "logo").
_ALT_MIN_WORDS = 4
# Paragraph text, what finds the main container: a block this long, mostly not links, and a
# sentence unless it is longer still (teasers under a headline often end without a stop).
_PARAGRAPH_MIN_CHARS = 50
_PARAGRAPH_MAX_LINK_DENSITY = 0.3
_UNSTOPPED_MIN_CHARS = 150
# With less paragraph text than this, the main container is found by text outside links.
_MIN_PARAGRAPH_TEXT = 400
# The main container is the smallest element holding this share of the page's paragraph text
# (measured over the 47 devdata pages: 0.6 and 0.8 both do worse).
MAIN_SHARE = 0.7
# A class that names chrome marks chrome only on an element holding less than this share of
# the text: on a wrapper around the whole page ("has-sidebar") it says nothing. A footer can
# hold more paragraph text than a short story; a sidebar or menu class on an element that holds
# more than half of it is a layout name.
_CHROME_MAX_SHARE = 0.8
_WEAK_CHROME_MAX_SHARE = 0.5
# An <article> holds a story, not a teaser card, with this many paragraphs, this much paragraph
# text, and this share of the largest one's.
_STORY_MIN_PARAGRAPHS = 2
_STORY_MIN_TEXT = 250
_STORY_MIN_SHARE = 0.2
# The headings that can open one of several stories on a page.
_STORY_HEADINGS = frozenset({"h1", "h2", "h3"})
# A heading is the page's headline when its words overlap the stated title this much (Jaccard).
_TITLE_MIN_OVERLAP = 0.5
# libxml2 records source lines up to this; longer pages are parsed by Python's tokenizer.
_LIBXML_MAX_LINE = 65535


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

    def text(self, key: str) -> int:
        return self.good if key == "good" else self.plain


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
class _Walk:
    """One walk over a page's tree: its blocks, and the elements that may be its main container."""

    blocks: list[_Block] = field(default_factory=list)
    elements: list[_Element] = field(default_factory=list)
    chrome: list[_Element] = field(default_factory=list)
    # Hinting elements (a "date" class...) that hold too much text to be what their class says.
    false_hints: set[int] = field(default_factory=set)
    starts: list[int] = field(default_factory=list)         # of the elements, once sorted
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

    def _block(self, text: str, hint: Field | None) -> None:
        owner = self.frames[-1]
        density = self.linked / self.size if self.size else 0.0
        block_tag = next(f.tag for f in reversed(self.frames) if f.block)
        assert self.tokens is not None
        self.blocks.append(_Block(self.line, text, block_tag, owner.order, self.tokens, owner.landmarks, density,
                                  hint, frozenset(self.hint_from), owner.article))
        owner.chars += len(text)
        if hint is not Field.CAPTIONS and not owner.landmarks & _CHROME_LANDMARKS:
            owner.plain += round(len(text) * (1 - density))
            if _paragraph_like(text, density):
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
        if frame.hint_from == frame.order and frame.chars > _HINT_MAX_CHARS[frame.hint]:
            self.false_hints.add(frame.order)
        if frame.block and frame.plain:
            element = _Element(frame.order, self.order, frame.article, frame.opens_article,
                               frame.good, frame.plain, frame.paragraphs, frame.chrome, frame.tokens,
                               frame.landmarks)
            self.elements.append(element)
            if frame.chrome:
                self.chrome.append(element)


def _paragraph_like(text: str, density: float) -> bool:
    return (len(text) >= _PARAGRAPH_MIN_CHARS and density <= _PARAGRAPH_MAX_LINK_DENSITY
            and (len(text) >= _UNSTOPPED_MIN_CHARS or ends_sentence(text)))


def chrome_word(word: str) -> bool:
    """A class or id word that names page chrome (share, related, comments, ads...)."""
    return word in _CHROME_EXACT or word.startswith(_CHROME_PREFIXES)


@lru_cache(maxsize=8192)
def _own_words(classes: str | None, ident: str | None) -> frozenset[str]:
    """An element's class and id words (pages repeat their class attributes many times)."""
    return _words(classes) | _words(ident)


@lru_cache(maxsize=8192)
def _chrome_share(own: frozenset[str]) -> float:
    """Up to what share of the text an element with these class and id words is chrome."""
    chrome = [w for w in own if chrome_word(w)]
    if not chrome:
        return 0.0
    weak = all(w.startswith(_WEAK_CHROME) for w in chrome)
    return _WEAK_CHROME_MAX_SHARE if weak else _CHROME_MAX_SHARE


@lru_cache(maxsize=4096)
def chrome_words(tokens: frozenset[str]) -> tuple[str, ...]:
    """The chrome words among a line's class and id words (lines share their token sets)."""
    return tuple(sorted(w for w in tokens if chrome_word(w)))


@lru_cache(maxsize=8192)
def _words(value: str | None) -> frozenset[str]:
    return frozenset(w for w in _TOKEN_SPLIT.split(value.lower()) if w) if value else frozenset()


def _hidden(el: etree._Element | dict[str, str]) -> bool:
    get = el.get
    return (get("hidden") is not None or (get("aria-hidden") or "").strip().lower() == "true"
            or bool(_HIDDEN_STYLE.search(get("style") or "")))


def _hint(tag: str, el: etree._Element, own: frozenset[str]) -> Field | None:
    """What the markup calls an element: a headline, a caption, a date, a byline."""
    props = frozenset((el.get("itemprop") or "").lower().split())
    if tag == "h1" or "headline" in props:
        return Field.TITLE
    if tag == "figcaption" or "caption" in props or own & _CAPTION_WORDS:
        return Field.CAPTIONS
    if tag == "time" or props & {"datepublished", "datemodified"} or own & _DATE_WORDS:
        return Field.DATE
    if "author" in props or (el.get("rel") or "").lower() == "author" or own & _BYLINE_WORDS:
        return Field.BYLINE
    return None


def _walk(root: etree._Element, lines: dict[etree._Element, int] | None = None) -> _Walk:
    """Visible blocks in document order, and every block element's text. lxml's iterwalk rather
    than recursion: scraped pages nest deeper than Python recurses. Source lines come from
    `lines` when given (a tree copied from another parser), else from lxml."""
    walk = _Walk()
    top = _Frame("#root", -1, frozenset(), frozenset(), -1, None, -1, False, True, False, 0.0)
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
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if not tag or tag in _DROP or _hidden(el):
            events.skip_subtree()
            skipped = True
            continue
        if tag == "br" or tag == "hr":
            walk.flush()
            skipped = True
            continue
        own = _own_words(el.get("class"), el.get("id"))
        landmark = _LANDMARK_TAGS.get(tag) or _LANDMARK_ROLES.get((el.get("role") or "").lower())
        hint = _hint(tag, el, own)
        frame = _Frame(
            tag, walk.order, parent.tokens | own if own else parent.tokens,
            parent.landmarks | {landmark} if landmark else parent.landmarks, parent.article,
            hint or parent.hint, walk.order if hint else parent.hint_from,
            parent.in_link or tag == "a", tag in _BLOCK, parent.pre or tag == "pre",
            _chrome_share(own))
        if tag == "article" and parent.article < 0:
            frame.article, frame.opens_article = walk.articles, True
            walk.articles += 1
        walk.order += 1
        if tag == "img":
            alt = " ".join((el.get("alt") or "").split())
            if len(alt.split()) >= _ALT_MIN_WORDS:
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
                                  frozenset(), frozenset()))
    walk.elements.sort(key=lambda e: e.start)
    walk.chrome.sort(key=lambda e: e.start)
    walk.starts = [e.start for e in walk.elements]
    walk.chrome_starts = [e.start for e in walk.chrome]
    return walk


def _within(elements: list[_Element], starts: list[int], scope: _Element) -> list[_Element]:
    """The elements (sorted by start, at `starts`) inside `scope`, itself included."""
    return elements[bisect_left(starts, scope.start):bisect_left(starts, scope.end)]


def main_container(walk: _Walk, scope: _Element) -> _Element | None:
    """The smallest element within `scope` holding most of its paragraph text, chrome not
    counted. Where there is little paragraph text (a list, a table, a calendar), text outside
    links is measured instead."""
    key = "good" if scope.good >= _MIN_PARAGRAPH_TEXT else "plain"
    total = scope.text(key)
    # Chrome is only what is small next to the whole: a class that names a sidebar on a wrapper
    # around the whole page says nothing. Chrome inside chrome is counted once.
    outer: list[_Element] = []
    for c in _within(walk.chrome, walk.chrome_starts, scope):
        if c.text(key) < c.chrome * total and (not outer or c.start >= outer[-1].end):
            outer.append(c)
    starts = [c.start for c in outer]
    sums = [0]
    for c in outer:
        sums.append(sums[-1] + c.text(key))

    def clean(e: _Element) -> int:
        """The element's text less the chrome inside it; none when it is inside chrome."""
        k = bisect_right(starts, e.start) - 1
        if k >= 0 and e.start < outer[k].end:
            return 0
        return e.text(key) - (sums[bisect_left(starts, e.end)] - sums[bisect_left(starts, e.start)])

    total -= sums[-1]
    if total <= 0:
        return None
    fits = [e for e in _within(walk.elements, walk.starts, scope) if clean(e) >= MAIN_SHARE * total]
    return min(fits, key=lambda e: e.end - e.start) if fits else None


def _stories(walk: _Walk) -> list[_Element]:
    """The page's top-level <article> elements that hold a story, not a teaser card."""
    tops = [e for e in walk.elements if e.opens_article]
    largest = max((a.good for a in tops), default=0)
    return [a for a in tops if a.paragraphs >= _STORY_MIN_PARAGRAPHS
            and a.good >= max(_STORY_MIN_TEXT, _STORY_MIN_SHARE * largest)]


@dataclass(frozen=True, slots=True)
class _Region:
    """Where a story's text is: its main container, and which story it is."""

    container: _Element
    article: int  # the walk's number of its <article>, -1 for a page without one
    index: int    # its position among the page's stories


def _regions(walk: _Walk) -> list[_Region]:
    """One main container per story on a page of several <article> stories, else one."""
    stories = _stories(walk)
    if len(stories) > 1:
        return [_Region(main_container(walk, a) or a, a.article, n) for n, a in enumerate(stories)]
    main = main_container(walk, walk.elements[0])
    if main is None:
        return []
    return [_Region(main, stories[0].article if stories else -1, 0)]


def _headlines(walk: _Walk, regions: list[_Region], title: str | None) -> set[int]:
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
        if best >= _TITLE_MIN_OVERLAP:
            return {-k}
    before = [k for k in heads if regions and walk.blocks[k].order < regions[0].container.start]
    return {before[-1] if before else heads[0]}


def _lines(walk: _Walk, regions: list[_Region], headlines: set[int]) -> Iterator[Line]:
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

    for n, b in enumerate(walk.blocks):
        if n:
            yield Line(b.line, "")
        k = bisect_right(starts, b.order) - 1
        region = regions[k] if k >= 0 and b.order < regions[k].container.end else None
        tokens, landmarks = b.tokens, b.landmarks
        if regions:
            around = regions[max(k, 0)].container
            tokens, landmarks = trim(tokens, around.tokens), trim(landmarks, around.landmarks)
        hint = b.hint
        if n in headlines:
            hint = Field.TITLE
        elif hint is Field.TITLE or b.hint_from <= walk.false_hints:
            hint = None
        yield Line(b.line, b.text, structure=Structure(
            b.tag, tokens, landmarks, round(b.link_density, 2), hint, stories.get(b.article, -1),
            region is not None or not regions))


def html_document(source: str, markup: str) -> Document:
    """A page as a document: its visible blocks as lines with their structure, and the metadata
    its markup states. Raises InputError for markup the parser cannot read."""
    root, lines = _parse(markup)
    if root is None:
        return Document(source)
    walk = _walk(root, lines)
    meta = _meta(root)
    regions = _regions(walk)
    headlines = _headlines(walk, regions, meta.get(Field.TITLE))
    if headlines and len(regions) <= 1:
        # The headline as the page shows it, rather than og:title's variant for sharing.
        meta[Field.TITLE] = walk.blocks[min(headlines)].text
    return Document(source, list(_lines(walk, regions, headlines)), meta)


_Lines = dict[etree._Element, int]


def _parse(markup: str) -> tuple[etree._Element | None, _Lines | None]:
    """The page's tree (None for a page without markup or text), and its elements' source lines
    when lxml does not hold them. libxml2 stops at a nesting depth and loses the markup beyond
    it, and it stops counting lines at 65535; such pages are parsed by Python's tokenizer
    instead (several times slower, but without either limit)."""
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True)
    try:
        root = etree.fromstring(markup.encode("utf-8", "ignore"), parser=parser)
    except (etree.Error, ValueError) as exc:
        raise InputError(f"cannot parse HTML: {exc}") from None
    if root is None:
        return None, None
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log) or markup.count("\n") >= _LIBXML_MAX_LINE:
        return _python_parse(markup)
    return root, None


_XML_NAME = regex.compile(r"[A-Za-z_][\w.-]*")
# Characters an lxml tree cannot hold (XML 1.0 excludes them); a browser shows none of them.
_NOT_XML = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\p{Cs}]")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"})
# Open elements a start tag closes, as browsers do: a block closes an open <p>, an <li> an <li>...
_IMPLIED_END = {"p": _BLOCK, "li": frozenset({"li"}), "dt": frozenset({"dt", "dd"}), "dd": frozenset({"dt", "dd"}),
                "option": frozenset({"option"}), "tr": frozenset({"tr"}), "td": frozenset({"td", "th", "tr"}),
                "th": frozenset({"td", "th", "tr"})}
# How deep the fallback's tree goes: deeper markup is unclosed tags piling up, flattened (its
# blocks become line breaks) so that time stays linear in the page.
_MAX_TREE_DEPTH = 512
# How far back an end tag looks for the element it closes; one without a match is ignored.
_END_TAG_REACH = 64


class _TreeBuilder(HTMLParser):
    """Python's HTML tokenizer building an lxml tree, with each element's source line: for
    pages libxml2 cannot take. It does what browsers do that matters for text (void elements,
    implied ends, stray end tags ignored), not all of HTML's tree construction."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = etree.Element("html")
        self.lines: _Lines = {}
        self.open: list[etree._Element] = [self.root]
        self.last: dict[etree._Element, etree._Element] = {}  # each element's last child so far
        self.flat: list[tuple[str, bool]] = []  # open tags past the depth cap, and whether they hide text
        self.hiding = 0

    def _child(self, tag: str, attrs: dict[str, str]) -> etree._Element:
        parent = self.open[-1]
        element = etree.SubElement(parent, tag, attrs)
        self.last[parent] = element
        self.lines[element] = self.getpos()[0]
        return element

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: _NOT_XML.sub("", v or "") for k, v in attrs if _XML_NAME.fullmatch(k)}
        tag = tag if _XML_NAME.fullmatch(tag) else "span"
        if self.flat or len(self.open) > _MAX_TREE_DEPTH:
            if tag not in _VOID:
                hides = tag in _DROP or _hidden(values)
                self.flat.append((tag, hides))
                self.hiding += hides
            if not self.hiding and (tag in _BLOCK or tag in _VOID):
                self._child(tag if tag in _VOID else "br", values)
            return
        while len(self.open) > 1 and tag in _IMPLIED_END.get(self.open[-1].tag, ()):
            self.open.pop()
        element = self._child(tag, values)
        if tag not in _VOID:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        if self.flat:
            for k in range(len(self.flat) - 1, max(len(self.flat) - _END_TAG_REACH, 0) - 1, -1):
                if self.flat[k][0] == tag:
                    self.hiding -= sum(hides for _, hides in self.flat[k:])
                    del self.flat[k:]
                    if not self.hiding and tag in _BLOCK:
                        self._child("br", {})
                    return
            return
        for k in range(len(self.open) - 1, max(len(self.open) - _END_TAG_REACH, 1) - 1, -1):
            if self.open[k].tag == tag:
                del self.open[k:]
                return

    def handle_data(self, data: str) -> None:
        if self.hiding:
            return
        parent = self.open[-1]
        data = _NOT_XML.sub("", data)
        before = self.last.get(parent)
        if before is None:
            parent.text = (parent.text or "") + data
        else:
            before.tail = (before.tail or "") + data


def _python_parse(markup: str) -> tuple[etree._Element, _Lines]:
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    return builder.root, builder.lines


# Meta tags that state when a story was published, in the order they are trusted.
_META_DATES = ("article:published_time", "datepublished", "date", "pubdate", "publishdate", "publish-date",
               "parsely-pub-date", "dc.date", "dc.date.issued", "sailthru.date", "og:published_time")
_URL = regex.compile(r"https?://|www\.", regex.I)


def _meta(root: etree._Element) -> dict[Field, str]:
    """Title, date and author as the page states them in meta tags, JSON-LD and <time>."""
    metas: dict[str, str] = {}
    for el in root.iter("meta"):
        name = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = " ".join((el.get("content") or "").split())
        if name and content:
            metas.setdefault(name, content)
    linked = _json_ld(root)
    out: dict[Field, str] = {}
    title = metas.get("og:title") or metas.get("twitter:title") or linked.get("headline")
    if not title:
        found = next(root.iter("title"), None)
        title = " ".join((found.text or "").split()) if found is not None else ""
    if title:
        out[Field.TITLE] = title
    dates = [linked.get("datePublished")] + [metas.get(k) for k in _META_DATES]
    dates += [el.get("datetime") for el in root.iter("time")]
    iso = next(filter(None, map(_iso_date, filter(None, dates))), None)
    if iso:
        out[Field.DATE] = iso
    author = linked.get("author") or metas.get("author") or metas.get("article:author")
    if author and not _URL.match(author):
        out[Field.BYLINE] = author
    return out


_MACHINE_DATE = regex.compile(r"\s*(\d{4}-\d{2}-\d{2})(?:[T ]|$)")


def _iso_date(value: str) -> str | None:
    """The calendar date of a machine-readable value (2024-10-31T08:15:00+01:00) or of a date
    written out (October 31, 2024)."""
    m = _MACHINE_DATE.match(value)
    return to_iso(m[1] if m else value)


def _json_ld(root: etree._Element) -> dict[str, str]:
    """headline, datePublished and author (names joined) as the page's JSON-LD states them first."""
    out: dict[str, str] = {}
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            todo = [json.loads(script.text)]
        except (ValueError, RecursionError):
            continue
        while todo:
            item = todo.pop()
            if isinstance(item, list):
                todo.extend(reversed(item))
            elif isinstance(item, dict):
                if isinstance(item.get("@graph"), list):
                    todo.extend(reversed(item["@graph"]))
                for key in ("headline", "datePublished"):
                    if isinstance(item.get(key), str):
                        out.setdefault(key, " ".join(item[key].split()))
                names = _names(item.get("author"))
                if names:
                    out.setdefault("author", ", ".join(names))
    return out


def _names(author: object) -> list[str]:
    """The names a JSON-LD author value holds: a string, a Person, or a list of either."""
    items = author if isinstance(author, list) else [author]
    names = [a.get("name") if isinstance(a, dict) else a for a in items]
    return [" ".join(n.split()) for n in names if isinstance(n, str) and n.strip() and not _URL.match(n)]


__all__ = ["chrome_word", "chrome_words", "html_document"]
