"""Web archives: the HTML pages of a WARC file (`.warc`, `.warc.gz`, as Common Crawl publishes them).

Each HTML response is one page, named by its record's WARC-Target-URI. Every other record
(requests, metadata, images, PDFs, redirects, errors) is counted, not cleaned, so a run can say
how many it left out. The archive is read as a stream: memory holds one record at a time.

Reading archives needs warcio (`pip install 'cleaner[warc]'`); plain files never import it.
"""
from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO

from .errors import InputError

WARC_SUFFIXES = (".warc", ".warc.gz")
# Records that hold a page as the server sent it (response) or as a tool saved it (resource).
_PAGE_RECORDS = frozenset({"response", "resource"})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def is_warc(name: str) -> bool:
    """Whether a file name says it is a web archive."""
    return name.lower().endswith(WARC_SUFFIXES)


@dataclass(frozen=True)
class Page:
    """One HTML page of an archive: its target URI and its body as the server sent it (transfer
    and content encodings undone)."""

    uri: str
    data: bytes


class Archive:
    """The HTML pages of one WARC stream, in record order; `skipped` counts the other records
    read so far, and `too_large` the HTML pages over the size limit, by URI."""

    def __init__(self, stream: IO[bytes], max_bytes: int | None = None) -> None:
        self._stream = stream
        self._max_bytes = max_bytes
        self.skipped = 0
        self.too_large: list[str] = []

    def pages(self) -> Iterator[Page]:
        try:
            from warcio.archiveiterator import ArchiveIterator
            from warcio.exceptions import ArchiveLoadFailed
        except ImportError:
            raise InputError("reading web archives needs warcio: pip install 'cleaner[warc]'") from None
        try:
            for record in ArchiveIterator(self._stream):
                uri = record.rec_headers.get_header("WARC-Target-URI")
                if record.rec_type not in _PAGE_RECORDS or not uri or not _is_html_page(record):
                    self.skipped += 1
                    continue
                body = record.content_stream()
                data = body.read(self._max_bytes + 1) if self._max_bytes is not None else body.read()
                if self._max_bytes is not None and len(data) > self._max_bytes:
                    self.too_large.append(uri)
                    continue
                yield Page(uri, data)
        except ArchiveLoadFailed as exc:
            raise InputError(f"not a readable web archive: {str(exc).splitlines()[0]}") from None


def _is_html_page(record: object) -> bool:
    """An HTML body that answered the request (2xx): redirects and error pages hold no article."""
    http = getattr(record, "http_headers", None)
    if http is not None:
        status = http.get_statuscode() or ""
        content_type = http.get_header("Content-Type") or ""
        if not status.startswith("2"):
            return False
    else:  # a resource record carries the type in its WARC header
        content_type = record.rec_headers.get_header("Content-Type") or ""  # type: ignore[attr-defined]
    return content_type.split(";", 1)[0].strip().lower() in _HTML_TYPES


def write_pages(stream: IO[bytes], pages: Iterable[Page], *, gzip: bool = True) -> None:
    """Write pages as HTML responses of a WARC archive: saved pages made one file that a run
    (or a cluster) reads as it reads a crawl's."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    writer = WARCWriter(stream, gzip=gzip)
    for page in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(page.data)))],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(page.uri, "response", payload=io.BytesIO(page.data),
                                                      http_headers=headers))
