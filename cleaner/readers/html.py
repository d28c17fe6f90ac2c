"""HTML to lines: each visible block becomes a line carrying what the markup says about it.

Only what a browser never shows is dropped here (scripts, styles, templates, the head, hidden
elements). Navigation, headers, footers, captions and the rest stay as lines with their
`Structure`, so a rule can take them out with a record. The reader also finds the page's main
content container and each story's `<article>`, and reads the metadata the page states outside
its text (title, date, author).
"""
from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field

import lxml.etree as etree
import regex
from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from ..dates import to_iso
from ..document import Document, Field, Line, Structure
from ..features import ends_sentence
from .errors import InputError

_DROP = frozenset({"script", "style", "noscript", "template", "head", "svg", "canvas", "iframe", "object",
                   "math", "title"})
_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "option", "p", "pre", "section", "summary",
    "table", "td", "th", "tr", "ul",
})
_LANDMARK_TAGS = {"nav": "nav", "menu": "nav", "header": "header", "footer": "footer", "aside": "aside",
                  "form": "form", "main": "main", "dialog": "dialog"}
_LANDMARK_ROLES = {"navigation": "nav", "menu": "nav", "menubar": "nav", "banner": "header",
                   "contentinfo": "footer", "complementary": "aside", "search": "form", "form": "form",
                   "main": "main", "dialog": "dialog", "alertdialog": "dialog"}
_TOKEN_SPLIT = regex.compile(r"[^\p{L}\p{N}]+")
_HIDDEN_STYLE = regex.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", regex.I)
_CAPTION_WORDS = frozenset({"caption", "figcaption", "credit", "credits", "wp-caption-text"})
_BYLINE_WORDS = frozenset({"byline", "author", "authors", "by-line"})
_DATE_WORDS = frozenset({"date", "timestamp", "published", "pubdate"})
# Class words that name a caption, byline or date are trusted only on an element this short.
_HINT_MAX_CHARS = {Field.CAPTIONS: 600, Field.DATE: 80, Field.BYLINE: 150, Field.TITLE: 300, None: 0}
# Class and id words of page chrome: a word that is one of these or starts with one.
_CHROME_EXACT = frozenset({"ad", "ads", "nav"})
_CHROME_PREFIXES = ("comment", "footer", "sidebar", "related", "recommend", "promo", "newsletter", "subscri",
                    "share", "sharing", "social", "outbrain", "taboola", "teaser", "trending", "popular", "widget",
                    "advert", "sponsor", "navbar", "navigation", "menu", "breadcrumb", "cookie", "popup", "modal",
                    "disqus", "signup")
# An image's alt text is kept as a caption line only when it describes something (not "logo").
_ALT_MIN_WORDS = 4
# A block counts as paragraph text for finding the main container when it is this long and
# mostly not links.
_PARAGRAPH_MIN_CHARS = 50
_PARAGRAPH_MAX_LINK_DENSITY = 0.3
_UNSTOPPED_MIN_CHARS = 150
# Below this much paragraph text, the main container is found by the page's text outside links.
_MIN_PARAGRAPH_TEXT = 400
# Landmarks whose text never counts towards the main container.
_CHROME_LANDMARKS = frozenset({"nav", "footer", "aside", "dialog", "header"})
# An element whose class names chrome counts as chrome only when it holds less than this share
# of the page's text.
_CHROME_MAX_SHARE = 0.8
# The main container is the smallest element holding this share of the page's paragraph text.
MAIN_SHARE = 0.7
# An <article> holds a story, not a teaser card, with this much paragraph text, and this share of
# the largest one's.
_STORY_MIN_TEXT = 500
_STORY_MIN_SHARE = 0.2
# A heading is the page's headline when it shares this share of its words with the stated title.
_TITLE_MIN_OVERLAP = 0.5


@dataclass
class _Frame:
    """An open element during the walk, and the text counted inside it so far."""

    tag: str
    order: int
    tokens: frozenset[str]
    landmarks: frozenset[str]
    article: int
    hint: Field | None
    hint_from: int      # the walk order of the element that gave the hint
    in_link: bool
    block: bool
    depth: int
    chars: int = 0
    good: int = 0
    plain: int = 0


@dataclass(frozen=True)
class _Element:
    """A closed element the main container may be: its span of the walk order and its text."""

    start: int
    end: int
    tag: str
    depth: int
    chars: int
    good: int
    plain: int
    label: str
    tokens: frozenset[str]
    landmarks: frozenset[str]


@dataclass
class _Block:
    """One line of text before the main container is known."""

    line: int
    text: str
    tag: str
    order: int
    tokens: frozenset[str]
    landmarks: frozenset[str]
    link_density: float
    hint: Field | None
    hint_from: int
    article: int


@dataclass
class _Walk:
    """State of one walk over a page's tree."""

    blocks: list[_Block] = field(default_factory=list)
    elements: list[_Element] = field(default_factory=list)
    # Elements whose class or id names page chrome (comments, related links, share bars...).
    chrome: list[_Element] = field(default_factory=list)
    frames: list[_Frame] = field(default_factory=list)
    pieces: list[tuple[str, _Frame]] = field(default_factory=list)
    # Elements whose class names a caption, byline or date but that hold too much text to be one.
    false_hints: set[int] = field(default_factory=set)
    line: int = 0
    has_text: bool = False
    order: int = 0
    articles: int = 0
    good: int = 0   # the page's paragraph text, in characters
    plain: int = 0  # and its text outside links, navigation and footers

    def add(self, text: str | None, frame: _Frame, line: int | None) -> None:
        if text:
            if not self.has_text and not text.isspace():
                self.line = line or self.line
                self.has_text = True
            self.pieces.append((text, frame))

    def flush(self) -> None:
        if not self.has_text:
            self.pieces.clear()
            return
        text = " ".join("".join(t for t, _ in self.pieces).split())
        owner = self.frames[-1]
        frames = [f for t, f in self.pieces if not t.isspace()]
        # What every piece of the line shares: a class on one inline piece is not the line's.
        tokens = frozenset.intersection(*(f.tokens for f in frames))
        hinted = {(f.hint, f.hint_from) for f in frames}
        hint, hint_from = hinted.pop() if len(hinted) == 1 else (None, -1)
        size = sum(len(t) - t.count(" ") for t, _ in self.pieces)
        linked = sum(len(t) - t.count(" ") for t, f in self.pieces if f.in_link)
        density = linked / size if size else 0.0
        block_tag = next(f.tag for f in reversed(self.frames) if f.block)
        self.blocks.append(_Block(self.line, text, block_tag, owner.order, tokens, owner.landmarks,
                                  density, hint, hint_from, owner.article))
        owner.chars += len(text)
        if hint is not Field.CAPTIONS and not owner.landmarks & _CHROME_LANDMARKS:
            owner.plain += round(len(text) * (1 - density))
            if _paragraph_like(text, density):
                owner.good += len(text)
        self.pieces.clear()
        self.has_text = False

    def close(self, el: etree._Element) -> None:
        """The end of the innermost open element: its counts go to its parent."""
        frame = self.frames[-1]
        if frame.block:
            self.flush()
        self.frames.pop()
        parent = self.frames[-1]
        parent.chars += frame.chars
        parent.good += frame.good
        parent.plain += frame.plain
        if frame.hint_from == frame.order and frame.chars > _HINT_MAX_CHARS[frame.hint]:
            self.false_hints.add(frame.order)
        if frame.block and frame.plain:
            own = _words(el.get("class")) | _words(el.get("id"))
            element = _Element(frame.order, self.order, frame.tag, frame.depth, frame.chars, frame.good,
                               frame.plain, _label(frame.tag, el), frame.tokens, frame.landmarks)
            self.elements.append(element)
            if any(chrome_word(w) for w in own):
                self.chrome.append(element)


def _paragraph_like(text: str, density: float) -> bool:
    """Text that reads as a paragraph of an article: long, few links, a sentence (teasers under
    a headline often end without a stop)."""
    return (len(text) >= _PARAGRAPH_MIN_CHARS and density <= _PARAGRAPH_MAX_LINK_DENSITY
            and (len(text) >= _UNSTOPPED_MIN_CHARS or ends_sentence(text)))


def chrome_word(word: str) -> bool:
    return word in _CHROME_EXACT or word.startswith(_CHROME_PREFIXES)


def _words(value: str | None) -> frozenset[str]:
    return frozenset(w for w in _TOKEN_SPLIT.split(value.lower()) if w) if value else frozenset()


def _hidden(el: etree._Element) -> bool:
    get = el.get
    return (get("hidden") is not None or (get("aria-hidden") or "").strip().lower() == "true"
            or bool(_HIDDEN_STYLE.search(get("style") or "")))


def _hint(tag: str, el: etree._Element, own: frozenset[str]) -> Field | None:
    itemprop = (el.get("itemprop") or "").lower()
    if tag == "h1" or itemprop == "headline":
        return Field.TITLE
    if tag == "figcaption" or itemprop == "caption" or own & _CAPTION_WORDS:
        return Field.CAPTIONS
    if tag == "time" or itemprop in ("datepublished", "datemodified") or own & _DATE_WORDS:
        return Field.DATE
    if itemprop == "author" or (el.get("rel") or "").lower() == "author" or own & _BYLINE_WORDS:
        return Field.BYLINE
    return None


def _label(tag: str, el: etree._Element) -> str:
    """How a reason names an element: tag, id and classes, as a CSS selector would."""
    ident = el.get("id")
    classes = ".".join((el.get("class") or "").split()[:3])
    return tag + (f"#{ident}" if ident else "") + (f".{classes}" if classes else "")


def _walk(root: etree._Element) -> _Walk:
    """Visible blocks in document order, and every element's paragraph text. An explicit stack
    rather than recursion: scraped pages can nest deeper than Python recurses."""
    walk = _Walk()
    top = _Frame("#root", -1, frozenset(), frozenset(), -1, None, -1, False, True, 0)
    walk.frames.append(top)
    stack: list[tuple[etree._Element, bool]] = [(root, True)]
    while stack:
        el, entering = stack.pop()
        if not entering:
            walk.close(el)
            walk.add(el.tail, walk.frames[-1], el.sourceline)
            continue
        parent = walk.frames[-1]
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if not tag or tag in _DROP or _hidden(el):
            walk.add(el.tail, parent, el.sourceline)
            continue
        if tag == "br" or tag == "hr":
            walk.flush()
            walk.add(el.tail, parent, el.sourceline)
            continue
        own = _words(el.get("class")) | _words(el.get("id"))
        block = tag in _BLOCK
        article = parent.article
        if tag == "article" and parent.article < 0:
            article = walk.articles
            walk.articles += 1
        landmark = _LANDMARK_TAGS.get(tag) or _LANDMARK_ROLES.get((el.get("role") or "").lower())
        hint = _hint(tag, el, own)
        frame = _Frame(
            tag, walk.order, parent.tokens | own if own else parent.tokens,
            parent.landmarks | {landmark} if landmark else parent.landmarks, article,
            hint or parent.hint, walk.order if hint else parent.hint_from,
            parent.in_link or tag == "a", block, parent.depth + 1)
        walk.order += 1
        if tag == "img":
            alt = " ".join((el.get("alt") or "").split())
            if len(alt.split()) >= _ALT_MIN_WORDS:
                walk.flush()
                frame.hint, frame.hint_from = Field.CAPTIONS, frame.order
                walk.frames.append(frame)
                walk.add(alt, frame, el.sourceline)
                walk.flush()
                walk.frames.pop()
            walk.add(el.tail, parent, el.sourceline)
            continue
        if block:
            walk.flush()
        walk.frames.append(frame)
        walk.add(el.text, frame, el.sourceline)
        stack.append((el, False))
        stack.extend((child, True) for child in reversed(el))
    walk.flush()
    walk.good, walk.plain = top.good, top.plain
    return walk


def main_container(walk: _Walk, scope: _Element | None = None) -> _Element | None:
    """The smallest element (within `scope`, by default the page) that holds most of its
    paragraph text, chrome not counted. Where there is little paragraph text (a list, a table,
    a calendar), text outside links is measured instead."""
    good, plain = (scope.good, scope.plain) if scope else (walk.good, walk.plain)
    key = "good" if good >= _MIN_PARAGRAPH_TEXT else "plain"
    total = good if key == "good" else plain
    start, end = (scope.start, scope.end) if scope else (-1, walk.order + 1)
    inside = [e for e in walk.elements if start <= e.start and e.end <= end]
    # Chrome is only what is small next to the whole: a class that names a sidebar on a wrapper
    # around the whole page says nothing.
    small = sorted((c for c in walk.chrome if start <= c.start and c.end <= end
                    and getattr(c, key) < _CHROME_MAX_SHARE * total), key=lambda c: (c.start, -c.end))
    outer: list[_Element] = []
    for c in small:
        if not outer or c.start >= outer[-1].end:
            outer.append(c)
    starts = [c.start for c in outer]
    sums = [0]
    for c in outer:
        sums.append(sums[-1] + getattr(c, key))

    def clean(e: _Element) -> int:
        """The element's text less the chrome inside it; none when it is inside chrome."""
        k = bisect_left(starts, e.start + 1) - 1
        if k >= 0 and outer[k].start < e.start < outer[k].end:
            return 0
        return getattr(e, key) - (sums[bisect_left(starts, e.end)] - sums[bisect_left(starts, e.start)])

    total -= sums[-1]
    if total <= 0:
        return None
    fits = [e for e in inside if clean(e) >= MAIN_SHARE * total]
    return min(fits, key=lambda e: e.end - e.start) if fits else None


def _stories(walk: _Walk) -> list[_Element]:
    """The page's top-level <article> elements that hold a story, not a teaser card."""
    articles = [e for e in walk.elements if e.tag == "article"]
    top = [a for a in articles if not any(b.start < a.start < b.end for b in articles)]
    largest = max((a.good for a in top), default=0)
    return [a for a in top if a.good >= max(_STORY_MIN_TEXT, _STORY_MIN_SHARE * largest)]


def _parse(markup: str) -> etree._Element | None:
    """The page's tree. libxml2 stops at a nesting depth it will not go past, and the markup
    beyond it is lost; such pages are rebuilt from Python's parser, which has no such limit."""
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True)
    try:
        root = etree.fromstring(markup.encode("utf-8", "surrogatepass"), parser=parser)
    except (etree.Error, ValueError) as exc:
        raise InputError(f"cannot parse HTML: {exc}") from None
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        return _from_soup(BeautifulSoup(markup, "html.parser"))
    return root


_SKIPPED_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)


def _from_soup(soup: BeautifulSoup) -> etree._Element:
    """An lxml tree copied from BeautifulSoup's, with the source lines it recorded."""
    root = etree.Element("html")
    stack: list[tuple[Tag, etree._Element]] = [(soup, root)]
    while stack:
        node, out = stack.pop()
        last: etree._Element | None = None
        children: list[tuple[Tag, etree._Element]] = []
        for child in node.children:
            if isinstance(child, NavigableString):
                if isinstance(child, _SKIPPED_STRINGS):
                    continue
                if last is None:
                    out.text = (out.text or "") + str(child)
                else:
                    last.tail = (last.tail or "") + str(child)
                continue
            if not isinstance(child, Tag):
                continue
            attrs = {k: " ".join(v) if isinstance(v, list) else str(v) for k, v in child.attrs.items()
                     if _XML_NAME.fullmatch(k)}
            last = etree.SubElement(out, child.name if _XML_NAME.fullmatch(child.name) else "span", attrs)
            if child.sourceline:
                last.sourceline = child.sourceline
            children.append((child, last))
        stack.extend(reversed(children))
    return root


_XML_NAME = regex.compile(r"[A-Za-z_][\w.-]*")


@dataclass(frozen=True)
class _Region:
    """Where a story's text is: its main container, and its index among the page's stories."""

    container: _Element
    article: int


def _regions(walk: _Walk) -> list[_Region]:
    """One main container per story on a page of several <article> stories, else one."""
    stories = _stories(walk)
    if len(stories) > 1:
        return [_Region(main_container(walk, a) or a, n) for n, a in enumerate(stories)]
    main = main_container(walk)
    if main is None:
        return []
    return [_Region(main, 0 if stories else -1)]


def _headline(walk: _Walk, regions: list[_Region], title: str | None) -> set[int]:
    """The blocks that are headlines: per story, the heading that matches the page's stated title
    or, failing that, the last one before (or the first one in) its main container."""
    heads = [k for k, b in enumerate(walk.blocks) if b.hint is Field.TITLE]
    if not heads:
        return set()
    if len(regions) > 1:
        # Each story of several: the first heading inside its <article>.
        found = set()
        for region in regions:
            found.update(next(([k] for k in heads if walk.blocks[k].article == region.article), []))
        return found
    if title:
        wanted = _words(title)
        scores = [(len(wanted & _words(walk.blocks[k].text)) / len(wanted | _words(walk.blocks[k].text)), -k)
                  for k in heads]
        best, k = max(scores)
        if best >= _TITLE_MIN_OVERLAP:
            return {-k}
    if not regions:
        return {heads[0]}
    start = regions[0].container.start
    before = [k for k in heads if walk.blocks[k].order < start]
    return {before[-1] if before else heads[0]}


def _lines(walk: _Walk, regions: list[_Region], headlines: set[int]) -> Iterator[Line]:
    stories = {r.article: r for r in regions}
    for n, b in enumerate(walk.blocks):
        if n:
            yield Line(b.line, "")
        region = next((r for r in regions if r.container.start <= b.order < r.container.end), None)
        tokens, landmarks = b.tokens, b.landmarks
        if region is not None:
            # What encloses the whole main container says nothing about one block inside it.
            tokens, landmarks = tokens - region.container.tokens, landmarks - region.container.landmarks
        hint = b.hint
        if hint is Field.TITLE and n not in headlines or b.hint_from in walk.false_hints:
            hint = None
        yield Line(b.line, b.text, structure=Structure(
            b.tag, tokens, landmarks, round(b.link_density, 2), hint,
            b.article if b.article in stories else -1, region is not None or not regions))


def html_document(source: str, markup: str) -> Document:
    """A page as a document: its visible blocks as lines, with their structure, and the
    metadata its markup states."""
    root = _parse(markup)
    if root is None:
        return Document(source)
    walk = _walk(root)
    meta = _meta(root)
    regions = _regions(walk)
    headlines = _headline(walk, regions, meta.get(Field.TITLE))
    if headlines and len(regions) <= 1:
        meta[Field.TITLE] = walk.blocks[min(headlines)].text
    return Document(source, list(_lines(walk, regions, headlines)), meta)


_META_DATES = ("article:published_time", "datepublished", "date", "pubdate", "publishdate", "publish-date",
               "parsely-pub-date", "dc.date", "dc.date.issued", "sailthru.date", "og:published_time")


def _meta(root: etree._Element) -> dict[Field, str]:
    """Title, date and author as the page states them in meta tags and JSON-LD."""
    metas: dict[str, str] = {}
    for el in root.iter("meta"):
        name = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = " ".join((el.get("content") or "").split())
        if name and content and name not in metas:
            metas[name] = content
    linked = _json_ld(root)
    out: dict[Field, str] = {}
    title = metas.get("og:title") or metas.get("twitter:title") or linked.get("headline")
    if not title:
        found = root.find(".//title")
        title = " ".join((found.text or "").split()) if found is not None else ""
    if title:
        out[Field.TITLE] = title
    dates = [linked.get("datePublished")] + [metas.get(k) for k in _META_DATES]
    dates += [el.get("datetime") for el in root.iter("time")]
    iso = next((d for d in map(to_iso, filter(None, dates)) if d), None)
    if iso:
        out[Field.DATE] = iso
    author = linked.get("author") or metas.get("author") or metas.get("article:author")
    if author and not _URL.match(author):
        out[Field.BYLINE] = author
    return out


_URL = regex.compile(r"https?://|www\.", regex.I)


def _json_ld(root: etree._Element) -> dict[str, str]:
    """headline, datePublished and author (names joined) of the first JSON-LD object that has them."""
    out: dict[str, str] = {}
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        todo = [data]
        while todo:
            item = todo.pop()
            if isinstance(item, list):
                todo.extend(reversed(item))
                continue
            if not isinstance(item, dict):
                continue
            todo.extend(reversed([v for k, v in item.items() if k == "@graph"]))
            for key in ("headline", "datePublished"):
                if isinstance(item.get(key), str) and key not in out:
                    out[key] = " ".join(item[key].split())
            names = _names(item.get("author"))
            if names and "author" not in out:
                out["author"] = ", ".join(names)
    return out


def _names(author: object) -> list[str]:
    items = author if isinstance(author, list) else [author]
    names = [a if isinstance(a, str) else a.get("name") if isinstance(a, dict) else None for a in items]
    return [" ".join(n.split()) for n in names if isinstance(n, str) and n.strip() and not _URL.match(n)]


__all__ = ["html_document", "main_container", "chrome_word", "InputError"]
