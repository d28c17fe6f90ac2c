"""The labelled data the cleaner is fitted and measured on, grouped by site.

Two collections sit in `../shared`: `devdata` (47 pages, many languages) and `corpus` (1,212
pages from 945 sites in three datasets). Each has the suites `region`, `page`, `html` (one story
per file) and `multi` (several stories per file). A page's site (`domain`) is what folds group
by: a site never lies on both sides of a fold, so a cross-validated figure says how the cleaner
does on sites it was not fitted on.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

COLLECTIONS = ("devdata", "corpus")
SUITES = ("region", "page", "html", "multi")
NEWS_DATASETS = ("devdata", "l3s-gn1", "readability")  # cleaneval is general web pages


def shared_folder(given: str | Path | None = None) -> Path:
    """`../shared`: the folder given, else $CLEANER_SHARED, else the one beside the checkout
    this package sits in, else `../shared` from the working directory."""
    if given is not None:
        return Path(given)
    if "CLEANER_SHARED" in os.environ:
        return Path(os.environ["CLEANER_SHARED"])
    beside_checkout = Path(__file__).resolve().parents[3] / "shared"
    return beside_checkout if beside_checkout.is_dir() else Path("..", "shared")


@dataclass(frozen=True)
class Page:
    """One input file with its gold: a body (one-story suites) or a list of bodies (`multi`)."""

    name: str
    collection: str
    suite: str
    dataset: str  # devdata, or the corpus's l3s-gn1, cleaneval or readability
    domain: str
    lang: str
    path: Path
    gold: str | tuple[str, ...]

    @property
    def key(self) -> str:
        """Unique over both collections."""
        return f"{self.collection}/{self.suite}/{self.name}"

    def read(self) -> bytes:
        return self.path.read_bytes()


def site_of(url: str) -> str:
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def load_suite(collection: str, suite: str, shared: Path | None = None) -> list[Page]:
    """The pages of one suite of one collection, in file-name order; empty when it is absent."""
    folder = shared_folder(shared) / collection / suite
    if not (folder / "gold.json").is_file():
        return []
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    sites = _sites_by_id(folder.parent / "region") if suite == "multi" else {}
    pages = []
    for name in sorted(gold):
        meta = manifest.get(name, {})
        body = gold[name]
        pages.append(Page(
            name=name,
            collection=collection,
            suite=suite,
            dataset=_dataset(collection, meta),
            domain=_domain(meta, sites),
            lang=meta.get("lang") or _first(meta.get("langs")) or "",
            path=folder / "inputs" / name,
            gold=tuple(body) if isinstance(body, list) else body,
        ))
    return pages


def load(suite: str, collections: Iterable[str] = COLLECTIONS, shared: Path | None = None) -> list[Page]:
    """One suite from several collections, devdata first."""
    return [page for collection in collections for page in load_suite(collection, suite, shared)]


def _dataset(collection: str, meta: dict[str, object]) -> str:
    if collection == "devdata":
        return "devdata"
    datasets = meta.get("datasets")
    if isinstance(datasets, list):  # a multi file joins stories that may come from several datasets
        return "+".join(sorted(set(map(str, datasets))))
    return str(meta.get("dataset", collection))


def _domain(meta: dict[str, object], sites: dict[str, str]) -> str:
    """A page's site. A multi file joins several pages: its domain is their sites joined by
    `|` (see `sites_of`)."""
    if "domain" in meta:
        return str(meta["domain"])
    if "url" in meta:
        return site_of(str(meta["url"]))
    ids = meta.get("ids")
    if isinstance(ids, list):
        return "|".join(sites.get(str(i), str(i)) for i in ids)
    return ""


def _sites_by_id(region: Path) -> dict[str, str]:
    """Page id -> site, from a collection's region manifest (the multi files name pages by id)."""
    manifest = json.loads((region / "manifest.json").read_text(encoding="utf-8"))
    return {str(meta.get("id", name.rsplit(".", 1)[0])): _domain(meta, {}) for name, meta in manifest.items()}


def sites_of(page: Page) -> tuple[str, ...]:
    """The sites a page's text comes from: one, or one per story of a multi file."""
    return tuple(page.domain.split("|"))


def _first(values: object) -> str:
    return str(values[0]) if isinstance(values, list) and values else ""


def fold_of(domain: str, folds: int) -> int:
    """The fold a site falls in: a stable hash, so every command and every run agrees."""
    digest = hashlib.sha1(domain.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % folds


def grouped_folds(pages: list[Page], folds: int) -> Iterator[tuple[int, list[Page], list[Page]]]:
    """(fold, training pages, held-out pages) for each fold. A page is held out in the fold of
    its first site and trained on only in folds that hold none of its sites, so no site is on
    both sides of a fold (a multi file whose sites span folds is left out of some training sets)."""
    for k in range(folds):
        held = [p for p in pages if fold_of(sites_of(p)[0], folds) == k]
        kept = [p for p in pages if all(fold_of(site, folds) != k for site in sites_of(p))]
        yield k, kept, held
