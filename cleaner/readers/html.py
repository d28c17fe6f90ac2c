"""HTML to lines: block elements start their own lines, with the source line of their tag.

A first version: scripts, styles and other non-content elements are dropped and the block
structure is kept, so HTML goes through the same rules as text.
"""
from __future__ import annotations

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from ..document import Document

_DROP = frozenset({"script", "style", "noscript", "template", "head", "svg", "canvas", "iframe", "object"})
_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
})
_SKIPPED_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)


def html_document(source: str, markup: str) -> Document:
    """A page as a document: its visible blocks as lines."""
    return Document.from_lines(source, html_lines(markup))


def html_lines(markup: str) -> list[tuple[int, str]]:
    """The visible text of a page as (source line, text) pairs, blank lines between blocks."""
    soup = BeautifulSoup(markup, "html.parser")
    out: list[tuple[int, str]] = []
    buf: list[str] = []
    buf_line = 0

    def flush() -> None:
        nonlocal buf_line
        text = " ".join("".join(buf).split())
        buf.clear()
        if text:
            if out:
                out.append((buf_line, ""))
            out.append((buf_line, text))
        buf_line = 0

    # An explicit stack rather than recursion: scraped pages can nest deeper than Python recurses.
    stack: list[Tag | NavigableString | None] = [soup]
    while stack:
        node = stack.pop()
        if node is None:  # the end of a block element
            flush()
            continue
        if isinstance(node, NavigableString):
            if not isinstance(node, _SKIPPED_STRINGS):
                if not buf and node.strip():
                    parent = node.parent
                    buf_line = getattr(parent, "sourceline", None) or 0
                buf.append(str(node))
            continue
        if node.name in _DROP:
            continue
        if node.name == "br":
            flush()
            continue
        if node.name in _BLOCK:
            flush()
            stack.append(None)
        stack.extend(reversed(list(node.children)))
    flush()
    return out
