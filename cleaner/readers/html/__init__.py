"""HTML to lines: each visible block becomes a line carrying what the markup says about it.

The job is split by what it reads: `parsing` turns markup into a tree, `layout` walks the tree
into lines and finds the main content container and the stories, `metadata` reads what the page
states outside its text (title, date, author). Their thresholds are `cleaner.settings.HtmlSettings`.
"""
from __future__ import annotations

from ...document import Document, Field, digest_of
from ...settings import DEFAULT, HtmlSettings
from .layout import container_notes, headlines, page_lines, regions, walk_page
from .metadata import page_metadata
from .parsing import parse


def html_document(source: str, markup: str, settings: HtmlSettings = DEFAULT.html) -> Document:
    """A page as a document: its visible blocks as lines with their structure, and the metadata
    its markup states. Raises InputError for markup the parser cannot read."""
    root, lines = parse(markup)
    if root is None:
        return Document(source, text_digest=digest_of(markup))
    walk = walk_page(root, settings, lines)
    meta = page_metadata(root)
    found = regions(walk)
    heads = headlines(walk, found, meta.get(Field.TITLE))
    if heads and len(found) <= 1:
        # The headline as the page shows it, rather than og:title's variant for sharing.
        meta[Field.TITLE] = walk.blocks[min(heads)].text
    return Document(source, list(page_lines(walk, found, heads)), meta, container_notes(walk, found),
                    text_digest=digest_of(markup))


__all__ = ["html_document"]
