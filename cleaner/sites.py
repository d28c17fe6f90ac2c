"""The site a file names, for rules and learning by domain: an HTML page's canonical link or
og:url, or a URL line near the top of a text file, without `www.` or `m.`."""
from __future__ import annotations

import regex

from .document import Document

_HEAD_BYTES = 256 * 1024  # where an HTML page's canonical link and og:url are looked for
_URL_LINES = 20           # how many of a text file's first non-blank lines may name its URL
_LINK_TAG = regex.compile(r"""<(?:link|meta)\b[^>]*?\b(?:rel\s*=\s*["']?canonical|property\s*=\s*["']?og:url)\b[^>]*>""",
                          regex.I)
_TAG_URL = regex.compile(r"""\b(?:href|content)\s*=\s*["']?(https?://[^"'\s>]+)""", regex.I)
_URL_LINE = regex.compile(r"(?i)(?:(?:url|source|link|canonical)\s*:\s*)?(https?://\S+)")
_HOST = regex.compile(r"(?i)https?://(?:[^/?#@\s]*@)?([^/?#:\s]+)")
_SITE_PREFIX = regex.compile(r"^(?:www\d*|m)\.")


def domain_of(data: bytes, doc: Document) -> str | None:
    """The site a file names: its canonical link or og:url, or a URL line near its top."""
    head = data[:_HEAD_BYTES].decode("latin-1")
    urls = [m.group(1) for tag in _LINK_TAG.finditer(head) for m in [_TAG_URL.search(tag.group(0))] if m]
    lines = (line.text.strip() for line in doc.lines if not line.blank)
    for _, text in zip(range(_URL_LINES), lines):
        m = _URL_LINE.fullmatch(text)
        if m:
            urls.append(m.group(1))
    for url in urls:
        host = _HOST.match(url)
        if host:
            return _SITE_PREFIX.sub("", host.group(1).lower().rstrip("."))
    return None
