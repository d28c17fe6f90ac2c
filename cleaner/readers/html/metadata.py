"""What a page states about its story outside the text: title, date and author, from meta tags,
JSON-LD and <time>."""
from __future__ import annotations

import json

import lxml.etree as etree
import regex

from ...dates import to_iso
from ...document import Field

# Meta tags that state when a story was published, in the order they are trusted.
_META_DATES = ("article:published_time", "datepublished", "date", "pubdate", "publishdate", "publish-date",
               "parsely-pub-date", "dc.date", "dc.date.issued", "sailthru.date", "og:published_time")
_URL = regex.compile(r"https?://|www\.", regex.I)


def page_metadata(root: etree._Element) -> dict[Field, str]:
    """Title, date and author as the page states them in meta tags, JSON-LD and <time>."""
    metas: dict[str, str] = {}
    for el in root.iter("meta"):
        content = " ".join((el.get("content") or "").split())
        if not content:
            continue
        # Each of these attributes holds a space-separated list of names
        # (`itemprop="datePublished dateCreated"`): the content stands for every one of them.
        for attribute in ("property", "name", "itemprop"):
            for name in (el.get(attribute) or "").lower().split():
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

