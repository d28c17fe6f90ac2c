"""Readers: raw bytes in, numbered lines of text out."""
from __future__ import annotations

from pathlib import PurePath

import regex

from ..document import Document
from ..settings import DEFAULT, HtmlSettings
from .decode import decode
from .errors import InputError
from .html import html_document

__all__ = ["InputError", "decode", "read_document"]

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_HTML_START = regex.compile(r"\A[\s\ufeff]*<(?:!doctype\s+html|html[\s>])", regex.I)


def read_document(name: str, data: bytes, html: HtmlSettings = DEFAULT.html, *, is_html: bool = False) -> Document:
    """Decode an input into a document of numbered lines (HTML: its blocks, with their structure).

    HTML is recognised by the file name, or (standard input, unnamed data) by how the decoded
    text starts, so a UTF-16 page is recognised too; `is_html` says so where the name cannot (a
    web archive's page named by its URL, its type given by the server).
    """
    by_name = is_html or PurePath(name).suffix.lower() in _HTML_SUFFIXES
    text = decode(data, is_html=by_name or bool(_HTML_START.match(data[:512].decode("latin-1"))))
    if by_name or _HTML_START.match(text[:512]):
        return html_document(name, text, html)
    return Document.from_text(name, text)
