"""Articles: one per story, assembled from the marks of its lines. The only place text is cut."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from typing import Any

from .document import Document, Field
from .features import normalise


@dataclass(frozen=True, slots=True)
class Removal:
    """One piece taken out of the text: where it was, what it was, which rule took it, where it went."""

    line: int
    rule: str
    text: str
    field: str | None  # the article field that keeps it (title, captions...), None when dropped
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The removal as a line of articles.jsonl holds it: its reason only when it has one."""
        if self.reason:
            return {"line": self.line, "rule": self.rule, "text": self.text, "field": self.field, "reason": self.reason}
        return {"line": self.line, "rule": self.rule, "text": self.text, "field": self.field}


@dataclass
class Article:
    """One clean story; the same fields as a line of articles.jsonl."""

    id: str
    source: str
    index: int
    title: str | None
    date: str | None
    dateline: str | None
    byline: str | None
    captions: list[str]
    text: str
    removed: list[Removal] = field(default_factory=list)
    path: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The article as a line of articles.jsonl holds it: a removal's reason only when it has one."""
        d = {name: getattr(self, name) for name in ARTICLE_KEYS}
        d["captions"] = list(self.captions)
        d["removed"] = [r.to_dict() for r in self.removed]
        return d


ARTICLE_KEYS = tuple(f.name for f in fields(Article))  # in the order a line of articles.jsonl holds them
_KEPT_IN = {f: None if f is Field.DROP else f.value for f in Field}  # a removal's field


def article_id(key: str, content: str, index: int) -> str:
    """The first 16 hex digits of SHA-256 over the input's key (its source, `~2`... when a run
    holds two of that name), the digest of its decoded text (Document.digest) and the article's
    index. Inputs of
    different content get different ids, whatever their names; the same input gets the same
    ids in every run, on any engine and whatever the rules, as they depend on where the story
    is and not on its text."""
    return hashlib.sha256(f"{key}\x00{content}\x00{index}".encode("utf-8", "surrogatepass")).hexdigest()[:16]


def assemble(doc: Document, start: int, stop: int, index: int, key: str, content: str) -> Article:
    """Build the article for doc.lines[start:stop] from the marks its lines carry; `key` names
    the input and `content` is its content's digest, for the article's id."""
    lines = doc.lines[start:stop]
    # Most lines are one piece kept in the text: their texts are stripped and joined in one go,
    # and only the others are taken apart, in their place.
    texts = [line.text for line in lines]
    values: dict[Field, list[str]] = {f: [] for f in Field}
    removed: list[Removal] = []
    for k in [k for k, line in enumerate(lines) if line.prefixes or line.mark.field is not Field.BODY]:
        line = lines[k]
        kept = []
        for piece, mark in line.pieces():
            if mark.field is Field.BODY:
                kept.append(piece)
                continue
            removed.append(Removal(line.number, mark.rule or "?", piece, _KEPT_IN[mark.field], mark.reason))
            values[mark.field].append(mark.value if mark.value is not None else piece)
        texts[k] = "\n".join(kept)
    if index == 0:
        # What the page states in its markup only fills what the text itself does not say.
        for field_, value in doc.meta.items():
            if not values[field_]:
                values[field_].append(value)
    return Article(
        id=article_id(key, content, index),
        source=doc.source,
        index=index,
        title=_first(values[Field.TITLE]),
        date=_first(values[Field.DATE]),
        dateline=_first(values[Field.DATELINE]),
        byline="; ".join(_unique(values[Field.BYLINE])) or None,
        captions=_unique(values[Field.CAPTIONS]),
        text="\n".join(filter(None, map(str.strip, texts))),
        removed=removed,
    )


def _first(items: list[str]) -> str | None:
    return items[0] if items else None


def _unique(items: list[str]) -> list[str]:
    """Items in first-seen order, each once (case and white space folded for the comparison)."""
    seen: set[str] = set()
    out = []
    for item in items:
        key = normalise(item)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out
