"""HTML parsing: markup to an lxml tree with each element's source line, by libxml2 or, for
the pages it cannot take, by Python's tokenizer; and which elements a browser never shows."""
from __future__ import annotations

from html.parser import HTMLParser

import lxml.etree as etree
import regex

from ..errors import InputError

# Elements whose content a browser never shows as text.
DROP = frozenset({"script", "style", "noscript", "template", "head", "title", "svg", "math", "canvas",
                  "iframe", "object"})
BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "html", "legend", "li", "main", "menu", "nav", "ol", "option", "p", "pre", "section", "summary",
    "table", "td", "th", "tr", "ul",
})
_HIDDEN_STYLE = regex.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", regex.I)
# libxml2 records source lines up to this; longer pages are parsed by Python's tokenizer.
_LIBXML_MAX_LINE = 65535

_TITLE_START = regex.compile(r"<title\b[^>]*>", regex.I)
_TITLE_END = regex.compile(r"</title\s*>", regex.I)

Lines = dict[etree._Element, int]


def hidden(el: etree._Element | dict[str, str]) -> bool:
    """An element (or a start tag's attributes) that a browser does not show."""
    get = el.get
    return (get("hidden") is not None or (get("aria-hidden") or "").strip().lower() == "true"
            or bool(_HIDDEN_STYLE.search(get("style") or "")))


def parse(markup: str) -> tuple[etree._Element | None, Lines | None]:
    """The page's tree (None for a page without markup or text), and its elements' source lines
    when lxml does not hold them. libxml2 stops at a nesting depth and loses the markup beyond
    it, and it stops counting lines at 65535; such pages are parsed by Python's tokenizer
    instead (several times slower, but without either limit)."""
    if _TITLE_START.search(markup) and not _TITLE_END.search(markup):
        # A <title> never closed holds the rest of the page as its text, in a browser as in
        # libxml2: a page cut short in the middle of its head. An empty title keeps the body.
        markup = _TITLE_START.sub("<title></title>", markup, count=1)
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
_IMPLIED_END = {"p": BLOCK, "li": frozenset({"li"}), "dt": frozenset({"dt", "dd"}), "dd": frozenset({"dt", "dd"}),
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
        self.lines: Lines = {}
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
                hides = tag in DROP or hidden(values)
                self.flat.append((tag, hides))
                self.hiding += hides
            if not self.hiding and (tag in BLOCK or tag in _VOID):
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
                    if not self.hiding and tag in BLOCK:
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


def _python_parse(markup: str) -> tuple[etree._Element, Lines]:
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    return builder.root, builder.lines

