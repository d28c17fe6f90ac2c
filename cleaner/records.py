"""One input's bytes to its articles: the step that any engine maps over a corpus.

`clean_record(data, source)` is a plain module-level function of its arguments: it pickles, keeps
nothing between calls, and gives the same dicts as the lines of articles.jsonl (without `path`,
which only a run that writes .txt files sets). A web archive (a source ending in `.warc` or
`.warc.gz`) gives the articles of each of its HTML pages, each page's URI as their source.

    >>> from cleaner.records import clean_record
    >>> [a["title"] for a in clean_record(b"Headline\\nThe first paragraph of the story, with its full stop.", "a.txt")]
    ['Headline']

The rest of the module is what `clean_record` and the distributed run share: the sources in an
input (one for a file, one per HTML page for an archive), each with the key its article ids
derive from and the stem of its .txt files.
"""
from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from .limits import OverTime, over_time, time_limit
from .pipeline import Cleaner, Result
from .readers import InputError
from .readers.warc import Archive, is_warc
from .writers import StemNames

# A file-name component keeps letters, digits and these; any other character becomes `_`.
_PLAIN = frozenset("._-")
_MAX_PART_BYTES = 100


@dataclass(frozen=True)
class Cleaned:
    """One source of an input, cleaned or not: `stem` names its .txt files below the input's own
    stem ("" for a plain file, which is its own source); `message` says why it was not cleaned."""

    source: str
    key: str
    stem: str
    result: Result | None
    message: str | None = None


def clean_record(data: bytes, source: str, cleaner: Cleaner | None = None) -> list[dict[str, Any]]:
    """The articles in one input's bytes, as the dicts of articles.jsonl, in order.

    `source` names the input (its suffix tells HTML and web archives apart, and the articles
    carry it); `cleaner` configures the rules (default: the built-in ones, as `clean_text` has
    them; a rule set is compiled once per Cleaner, so build yours once per worker or
    partition, not per call). Raises
    `cleaner.InputError` for bytes that cannot be read as text; a web archive's page that
    cannot be read is left out.
    """
    if cleaner is None:
        from . import _default  # the built-in rules, built once per process like clean_text's

        cleaner = _default()
    if not is_warc(source):
        return [article.to_dict() for article in cleaner.clean_data(data, source).articles]
    pages = clean_archive(cleaner, Archive(io.BytesIO(data)), source)
    return [article.to_dict() for page in pages if page.result is not None for article in page.result.articles]


def clean_archive(cleaner: Cleaner, archive: Archive, key: str, timeout: float = 0) -> Iterator[Cleaned]:
    """The HTML pages of a web archive, cleaned in record order, each within `timeout` seconds
    (0: no limit). A page's source is its URI; its key adds the archive's key, so that two
    archives of one run holding the same URI give articles of distinct ids; a URI the archive
    holds twice gets `~2` as files of one name do."""
    stems = StemNames()
    seen: dict[str, int] = {}
    for page in archive.pages():
        seen[page.uri] = n = seen.get(page.uri, 0) + 1
        page_key = f"{key}#{page.uri}" if n == 1 else f"{key}#{page.uri}~{n}"
        stem = stems.stem_for(page_key, uri_path(page.uri))
        try:
            with time_limit(timeout):
                result = cleaner.clean_data(page.data, page.uri, page_key, is_html=True)
            yield Cleaned(page.uri, page_key, stem, result)
        except OverTime:
            yield Cleaned(page.uri, page_key, stem, None, over_time(timeout))
        except InputError as exc:
            yield Cleaned(page.uri, page_key, stem, None, str(exc))
    for uri in archive.too_large:
        yield Cleaned(uri, f"{key}#{uri}", "", None, "too large (see --max-bytes)")


def uri_path(uri: str) -> str:
    """A safe relative path for a page's .txt files: host, then path segments, each made of plain
    characters; a query adds a short hash, so `?id=1` and `?id=2` stay apart."""
    try:
        parts = urlsplit(uri)
        host = parts.hostname or "host"
    except ValueError:  # not a URI after all (a bad IPv6 host, say)
        return f"host/{_safe_part(uri)}"
    segments = [unquote(s) for s in parts.path.split("/") if s not in ("", ".", "..")]
    name = PurePosixPath(segments.pop()).stem if segments and not parts.path.endswith("/") else "index"
    if parts.query:
        name = f"{name}_{hashlib.sha256(parts.query.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"
    return "/".join(_safe_part(s) for s in (host, *segments, name))


def _safe_part(text: str) -> str:
    part = "".join(ch if ch.isalnum() or ch in _PLAIN else "_" for ch in text).lstrip(".") or "_"
    raw = part.encode("utf-8")
    if len(raw) > _MAX_PART_BYTES:
        part = raw[:_MAX_PART_BYTES - 13].decode("utf-8", "ignore") + "-" + hashlib.sha256(raw).hexdigest()[:12]
    return part

