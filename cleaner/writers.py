"""Articles out: JSON lines and one .txt per article, written atomically under the output folder."""
from __future__ import annotations

import hashlib
import json
import os
import re
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
# An article's .txt file (txt_name), and what a killed atomic_write of one left behind.
_TXT_NAME = re.compile(r"(.+)\.[0-9]{3,}\.txt")
_TMP_NAME = re.compile(r"\..+\.txt\..+\.tmp")
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
    """The .txt stem of each input of a run, given in input order (whether or not it has
    articles, so that a name never depends on how cleaning went): its source's path made safe,
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
    atomically (by `share`, where the input was cleaned), then all its lines in one write (by
    `add`, in input order), so a killed run leaves whole lines of whole inputs, at worst
    followed by part of the last one. A plain run starts articles.jsonl empty; with `resume`,
    `start` keeps what a killed run wrote and the run goes on after it (`_recover`).
    """

    def __init__(self, root: Path, resume: bool = False) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self._resolved = root.resolve()
        self._resume = resume
        self._stems: dict[str, str] = {}  # input key → the stem of its .txt files
        self._folders: dict[str, Path] = {}  # stem → the folder its files go in, checked
        self._manifest: FileIO | None = None

    def __getstate__(self) -> dict[str, object]:
        # Worker processes that are not forked get the sink pickled, for `share`: the open
        # manifest is the parent's alone.
        return {**self.__dict__, "_manifest": None}

    def start(self, items: Sequence[Input]) -> int:
        """Name every input's .txt files, open articles.jsonl for the run over `items` and
        return how many of the first ones it holds already (none, unless resuming): the run
        cleans only the others (run.Sink)."""
        names = StemNames()
        self._stems = {item.key: names.stem_for(item.key) for item in items}
        path = self.root / MANIFEST
        done = self._recover(path, items) if self._resume and path.is_file() else 0
        self._manifest = FileIO(path, "a" if done else "w")
        return done

    def _recover(self, path: Path, items: Sequence[Input]) -> int:
        """Keep what a killed run over the same `items` wrote (see `kept`), and return how many
        inputs are done. The .txt files of the inputs cleaned again are removed: the last one's,
        and those that workers cleaning ahead of articles.jsonl wrote."""
        with path.open("rb") as manifest:
            done, size = kept(manifest, (item.key for item in items))
        redo = {self._stems[item.key] for item in items[done:]}
        for folder, _, names in os.walk(self.root):  # links not followed: only files of the folder go
            below = PurePosixPath(Path(folder).relative_to(self.root).as_posix())
            for name in names:
                txt = _TXT_NAME.fullmatch(name)
                if (txt is not None and (below / txt[1]).as_posix() in redo) or _TMP_NAME.fullmatch(name):
                    os.unlink(os.path.join(folder, name))
        os.truncate(path, size)
        return done

    def write(self, article: Article, key: str) -> None:
        """Write the article's .txt and set its `path`; `key` is its input's."""
        stem = self._stems[key]
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

    def share(self, item: Input, result: Result) -> bytearray:
        """Write one input's .txt files; its lines of articles.jsonl, encoded (run.Sink)."""
        for article in result.articles:
            self.write(article, item.key)
        lines = bytearray()  # encoded one by one: a long article's text is not held thrice
        for article in result.articles:
            lines += to_json(article).encode("utf-8")
            lines += b"\n"
        return lines

    def add(self, item: Input, share: bytearray) -> None:
        """Write one input's lines to articles.jsonl, after its .txt files (run.Sink)."""
        if self._manifest is None:
            raise RuntimeError("OutputFolder.start was not called")
        if share:
            write_whole(self._manifest, share)

    def close(self) -> None:
        if self._manifest is not None:
            self._manifest.close()

    def abort(self) -> None:
        """What is written stays: a run stopped by an error can be resumed as a killed one."""
        self.close()


def kept(manifest: Iterable[bytes], keys: Iterable[str]) -> tuple[int, int]:
    """What a run over inputs with these `keys`, in order, keeps of the articles.jsonl (its
    lines) of a stopped run over the same inputs: how many of the first inputs are done, and the
    size in bytes of the lines kept. Reads both as streams.

    Inputs are written in input order, so every input before the last one found in
    articles.jsonl is done, with or without articles. That last one may have been cut off
    between its lines or its .txt files: its lines are not kept, and it is cleaned again, as is
    all after it. A torn line, or one no input of this run wrote, ends what is kept."""
    keys = iter(keys)
    listed = 0  # keys read so far
    last, last_key, last_at, offset = -1, "", 0, 0
    for line in manifest:
        record = _record(line)
        if record is None:
            break
        if record[1] == 0:  # the first line of an input: one of the inputs after the last one
            for key in keys:
                listed += 1
                if article_id(key, 0) == record[0]:
                    last, last_key, last_at = listed - 1, key, offset
                    break
            else:
                break
        elif last < 0 or record[0] != article_id(last_key, record[1]):
            break
        offset += len(line)
    return max(last, 0), last_at


def write_whole(file: FileIO, data: bytes | bytearray) -> None:
    """Write all of `data` at the file's end, in one system call unless the system writes less."""
    view = memoryview(data)
    while view:
        view = view[file.write(view) or 0:]


def _record(line: bytes) -> tuple[str, int] | None:
    """The id and index of a whole line of articles.jsonl; None for a torn or foreign one."""
    try:
        record = json.loads(line) if line.endswith(b"\n") else None
    except ValueError:
        return None
    if not isinstance(record, dict):
        return None
    key, index = record.get("id"), record.get("index")
    if isinstance(key, str) and isinstance(index, int):
        return key, index
    return None
