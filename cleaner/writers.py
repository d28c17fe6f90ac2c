"""Articles out: JSON lines and one .txt per article, written atomically under the output folder."""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING

from .articles import Article

if TYPE_CHECKING:  # only the sink's signature names them; writers depend on no stage
    from .inputs import Input
    from .pipeline import Result

MANIFEST = "articles.jsonl"
# File-name bytes kept from a source name; longer names are shortened and given a hash.
_MAX_STEM_BYTES = 180


def to_json(article: Article) -> str:
    return json.dumps(article.to_dict(), ensure_ascii=False)


def atomic_write(path: Path, data: str) -> None:
    """Write through a temporary file in the same folder and rename it, so no reader ever sees
    half a file and an interrupted run leaves the old file whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _safe_stem(source: str) -> PurePosixPath:
    """The source's path without its suffix, with only plain path components."""
    if source == "-":
        return PurePosixPath("stdin")
    parts = [p for p in PurePosixPath(source.replace("\\", "/")).parts if p not in ("", ".", "..", "/")]
    if not parts:
        parts = ["input"]
    stem = PurePosixPath(*parts)
    name = stem.stem if stem.suffix else stem.name
    if not name or name.startswith("."):
        name = stem.name.lstrip(".") or "input"
    if len(name.encode("utf-8", "surrogatepass")) > _MAX_STEM_BYTES:
        digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:12]
        name = name.encode("utf-8", "surrogatepass")[:100].decode("utf-8", "ignore") + "-" + digest
    return stem.with_name(name)


class StemNames:
    """The .txt stem of each input of a run, given in input order: its source's path made safe,
    `~2`, `~3`... for a stem already taken (case-folded, for case-insensitive file systems)."""

    def __init__(self) -> None:
        self._stems: dict[str, str] = {}  # input key → stem in use
        self._taken: set[str] = set()     # case-folded stems

    def stem_for(self, key: str, base: str | None = None) -> str:
        """The key's stem, made from `base` (a safe relative path) or else from the key."""
        if key not in self._stems:
            if base is None:
                base = _safe_stem(key).as_posix()
            if base.split("/", 1)[0].casefold() == MANIFEST:
                base = "_" + base  # a folder named like the manifest would take its place
            stem, n = base, 1
            while stem.casefold() in self._taken:
                n += 1
                stem = f"{base}~{n}"
            self._taken.add(stem.casefold())
            self._stems[key] = stem
        return self._stems[key]


def txt_name(stem: str, index: int) -> str:
    """The .txt file of an input's article, relative to the output folder."""
    return f"{stem}.{index:03d}.txt"


class OutputFolder:
    """Writes a run into one folder: each article's .txt, and articles.jsonl renamed into place
    at the end. Names mirror the input tree (`a/b.txt` gives `a/b.000.txt`, `a/b.001.txt`...);
    two sources that would share a name (`b.txt` and `b.html`) get `b~2.000.txt` for the second."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self._resolved = root.resolve()
        self._names = StemNames()
        fd, tmp = tempfile.mkstemp(dir=root, prefix=f".{MANIFEST}.", suffix=".tmp")
        self._tmp = Path(tmp)
        self._manifest: IO[str] = os.fdopen(fd, "w", encoding="utf-8", newline="\n")

    def write(self, article: Article, key: str | None = None) -> None:
        """Write the article's .txt and its manifest line. `key` tells apart inputs of one run
        that share a source name (default: the source)."""
        rel = txt_name(self._names.stem_for(key or article.source), article.index)
        target = (self._resolved / rel).resolve()
        if self._resolved not in target.parents:
            raise ValueError(f"refusing to write outside the output folder: {rel}")
        article.path = rel
        atomic_write(target, article.text + "\n" if article.text else "")
        self._manifest.write(to_json(article) + "\n")

    def add(self, item: Input, result: Result) -> None:
        """Write one input's articles (a run's sink, run.Sink)."""
        for article in result.articles:
            self.write(article, item.key)

    def close(self) -> None:
        self._manifest.close()
        os.replace(self._tmp, self.root / MANIFEST)

    def abort(self) -> None:
        self._manifest.close()
        self._tmp.unlink(missing_ok=True)
