"""Articles out: JSON lines and one .txt per article, written atomically under the output folder."""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from io import FileIO
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from .articles import Article, article_id

if TYPE_CHECKING:  # only the sink's signature names them; writers depend on no stage
    from .inputs import Input
    from .pipeline import Result

MANIFEST = "articles.jsonl"
# A source name longer than this many bytes is cut to 100 bytes and given a 12-character hash.
_MAX_STEM_BYTES = 180


def to_json(article: Article) -> str:
    return json.dumps(article.to_dict(), ensure_ascii=False)


def atomic_write(path: Path, *parts: str) -> None:
    """Write the parts in turn through a temporary file in the same folder and rename it, so no
    reader ever sees half a file and an interrupted run leaves the old file whole. (Parts, so a
    long text need not be copied to add its last newline.)"""
    write_parts(path, parts)


def write_parts(path: Path, parts: Iterable[str]) -> None:
    """atomic_write for parts made as they are written, so that a large file is never whole in memory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            for part in parts:
                f.write(part)
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
    """Writes a run into one folder: each article's .txt, and a line of articles.jsonl for it.
    Names mirror the input tree (`a/b.txt` gives `a/b.000.txt`, `a/b.001.txt`...); two sources
    that would share a name (`b.txt` and `b.html`) get `b~2.000.txt` for the second.

    articles.jsonl grows as inputs finish: an input's .txt files are written first, each
    atomically, then all its lines in one write, so a killed run leaves whole lines of whole
    inputs, at worst followed by part of the last one. A plain run starts articles.jsonl empty;
    with `resume`, `start` keeps what a killed run wrote and the run goes on after it (`_recover`).
    """

    def __init__(self, root: Path, resume: bool = False) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self._resolved = root.resolve()
        self._resume = resume
        self._names = StemNames()
        self._folders: dict[str, Path] = {}  # stem → the folder its files go in, checked
        self._manifest: FileIO | None = None

    def start(self, items: Sequence[Input]) -> int:
        """Open articles.jsonl for the run over `items` and return how many of the first ones it
        holds already (none, unless resuming): the run cleans only the others (run.Sink)."""
        path = self.root / MANIFEST
        done = self._recover(path, items) if self._resume and path.is_file() else 0
        self._manifest = FileIO(path, "a" if done else "w")
        return done

    def _recover(self, path: Path, items: Sequence[Input]) -> int:
        """Keep what a killed run over the same `items` wrote, and return how many inputs are done.

        Inputs are written in input order, so every input before the last one found in
        articles.jsonl is done, with or without articles. That last one may have been cut off
        between its lines or its .txt files: its lines are cut from the file, its .txt files
        removed, and it is cleaned again, as is all after it. A torn line, or one no input of
        this run wrote, ends what is kept."""
        first_of = {article_id(item.key, 0): k for k, item in enumerate(items)}
        last, last_at, offset = -1, 0, 0
        last_paths: list[str] = []
        with path.open("rb") as manifest:
            for line in manifest:
                record = _record(line)
                k = first_of.get(record[0], -1) if record is not None and record[1] == 0 else -1
                if record is not None and k > last:
                    if last >= 0:
                        self._names.stem_for(items[last].key)  # as the killed run named them, in order
                    last, last_at, last_paths = k, offset, []
                elif record is None or last < 0 or record[0] != article_id(items[last].key, record[1]):
                    break
                last_paths.append(record[2])
                offset += len(line)
        for rel in last_paths:
            target = (self._resolved / rel).resolve()
            if self._resolved in target.parents:
                target.unlink(missing_ok=True)
        # What a killed atomic_write left behind.
        for tmp in self.root.rglob(".*.txt.*.tmp"):
            tmp.unlink(missing_ok=True)
        os.truncate(path, last_at)
        return max(last, 0)

    def write(self, article: Article, key: str | None = None) -> None:
        """Write the article's .txt and set its `path`. `key` tells apart inputs of one run that
        share a source name (default: the source)."""
        stem = self._names.stem_for(key or article.source)
        rel = txt_name(stem, article.index)
        article.path = rel
        atomic_write(self._folder_of(stem) / rel.rpartition("/")[2], *((article.text, "\n") if article.text else ()))

    def _folder_of(self, stem: str) -> Path:
        """The folder a stem's files go in, with links followed, checked once per stem: a link
        there must not lead outside the output folder. (A file is replaced, never written
        through, so a link in its place leads nowhere.)"""
        folder = self._folders.get(stem)
        if folder is None:
            folder = (self._resolved / stem).parent.resolve()
            if folder != self._resolved and self._resolved not in folder.parents:
                raise ValueError(f"refusing to write outside the output folder: {stem}")
            self._folders[stem] = folder
        return folder

    def add(self, item: Input, result: Result) -> None:
        """Write one input's articles: their .txt files, then their lines (run.Sink)."""
        if self._manifest is None:
            raise RuntimeError("OutputFolder.start was not called")
        for article in result.articles:
            self.write(article, item.key)
        lines = bytearray()  # encoded one by one: a long article's text is not held thrice
        for article in result.articles:
            lines += to_json(article).encode("utf-8")
            lines += b"\n"
        if lines:
            write_whole(self._manifest, lines)

    def close(self) -> None:
        if self._manifest is not None:
            self._manifest.close()

    def abort(self) -> None:
        """What is written stays: a run stopped by an error can be resumed as a killed one."""
        self.close()


def write_whole(file: FileIO, data: bytes | bytearray) -> None:
    """Write all of `data` at the file's end, in one system call unless the system writes less."""
    view = memoryview(data)
    while view:
        view = view[file.write(view) or 0:]


def _record(line: bytes) -> tuple[str, int, str] | None:
    """The id, index and path of a whole line of articles.jsonl; None for a torn or foreign one."""
    try:
        record = json.loads(line) if line.endswith(b"\n") else None
    except ValueError:
        return None
    if not isinstance(record, dict):
        return None
    key, index, path = record.get("id"), record.get("index"), record.get("path")
    if isinstance(key, str) and isinstance(index, int) and isinstance(path, str):
        return key, index, path
    return None
