"""Readers: raw bytes in, numbered lines of text out."""
from __future__ import annotations

from pathlib import PurePath

from .decode import decode
from .errors import InputError
from .html import html_lines

__all__ = ["InputError", "decode", "read_lines", "looks_like_html"]

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})


def looks_like_html(name: str, data: bytes) -> bool:
    """HTML by file name, or, for standard input and unnamed data, by how it starts."""
    if PurePath(name).suffix.lower() in _HTML_SUFFIXES:
        return True
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))


def read_lines(name: str, data: bytes) -> list[tuple[int, str]]:
    """Decode an input and return its (source line number, text) pairs."""
    html = looks_like_html(name, data)
    text = decode(data, is_html=html)
    if html:
        return html_lines(text)
    return list(enumerate(text.split("\n"), 1))
