"""cleaner: strip source boilerplate from scraped news and split multi-story files into articles.

    >>> from cleaner import clean_text
    >>> [a.title for a in clean_text("Headline\\nThe first paragraph of the story, with its full stop.")]
    ['Headline']

The functions below use the built-in rules; build a `Cleaner` to add rule files or disable
rules. Neither keeps global state: both are safe to call from many threads or processes.
`clean_record` maps one input's bytes to its articles as dicts, for any engine (Dask, Spark,
Ray): see `cleaner.records`.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .articles import Article, Removal
from .pipeline import Cleaner, Result
from .readers import InputError
from .records import clean_record
from .rules import Rule, RuleFileError, RuleSet

__all__ = ["Article", "Cleaner", "InputError", "Removal", "Result", "Rule", "RuleFileError", "RuleSet",
           "clean_bytes", "clean_path", "clean_record", "clean_text"]
__version__ = "0.1.0"


@lru_cache(maxsize=1)
def _default() -> Cleaner:
    return Cleaner()


def clean_text(text: str, source: str = "-") -> list[Article]:
    """The articles in a decoded string."""
    return _default().clean_text(text, source)


def clean_bytes(data: bytes, source: str = "-") -> list[Article]:
    """The articles in raw bytes (encoding detected; HTML recognised by `source`'s suffix or content)."""
    return _default().clean_bytes(data, source)


def clean_path(path: str | Path, source: str | None = None) -> list[Article]:
    """The articles in one file."""
    return _default().clean_path(path, source)
