"""Articles out: JSON lines and one .txt per article, written atomically under the output folder."""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from io import FileIO
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from .articles import ARTICLE_KEYS, Article

if TYPE_CHECKING:  # only the sink's signature names them; writers depend on no stage
    from .inputs import Input
    from .pipeline import Result

MANIFEST = "articles.jsonl"
# Every run writes this file into its output folder: with articles.jsonl beside it, it tells a
# folder that holds a run's output, which a later run does not read as input (inputs.expand).
MARKER = ".cleaner-output"
# The .txt files an earlier run listed, while a run that will remove those it does not write
# again is under way (a stopped run keeps the list for --resume).
LEFTOVERS = ".cleaner-leftovers"
# How the .txt files of a run are named (txt_name), the stem apart: only such files are ever
# removed. And what a killed atomic_write of one left behind.
_TXT_NAME = re.compile(r"(.+)\.[0-9]{3,}\.txt")
_TMP_NAME = re.compile(r"\..+\.txt\..+\.tmp")

# A source name longer than this many bytes is cut to 100 bytes and given a 12-character hash.
_MAX_STEM_BYTES = 180


class OutputError(Exception):
    """The output folder cannot be made or written: one line for the user, naming it."""


def marker_text() -> str:
    from . import __version__  # at call time: the package imports this module

    return (f"cleaner {__version__}\nThis folder holds the output of a run of `clean`; "
            "`clean` does not read it as input.\n")


def output_problem(path: Path, exc: OSError) -> OutputError:
    """Why the output folder `path` cannot be written, in one line: a part of it that is a file,
    or the system's reason."""
    for part in (path, *path.parents):
        if part.exists() and not part.is_dir():
            what = "is a file" if part == path else f"cannot be made: {str(part)!r} is a file"
            return OutputError(f"output folder {str(path)!r} {what}, not a folder")
    return OutputError(f"cannot write the output folder {str(path)!r}: {exc.strerror or exc}")


def to_json(article: Article) -> str:
    """The article's line of articles.jsonl (without its newline): json.dumps of `to_dict`."""
    return "".join(json_pieces(article))


# A longer text is escaped this many characters at a time (see json_pieces).
_JSON_SLICE = 1 << 20


def json_pieces(article: Article) -> Iterator[str]:
    """The pieces of `to_json`, field by field, removal by removal, a long text a slice at a
    time: what json.dumps(article.to_dict()) gives, made without the whole line, or a dict of
    each removal, in memory at once. (A page of menus has hundreds of thousands of removals.)"""
    yield "{"
    for k, name in enumerate(ARTICLE_KEYS):
        yield f"{', ' if k else ''}{json.dumps(name)}: "
        if name == "text":
            yield from _json_string(article.text)
        elif name == "removed":
            yield "["
            for j, removal in enumerate(article.removed):
                yield f"{', ' if j else ''}{json.dumps(removal.to_dict(), ensure_ascii=False)}"
            yield "]"
        else:
            yield json.dumps(getattr(article, name), ensure_ascii=False)
    yield "}"


def _json_string(text: str) -> Iterator[str]:
    """json.dumps(text) in pieces: JSON escapes each character on its own, so the text can be
    escaped in slices."""
    if len(text) <= _JSON_SLICE:
        yield json.dumps(text, ensure_ascii=False)
        return
    yield '"'
    for start in range(0, len(text), _JSON_SLICE):
        yield json.dumps(text[start:start + _JSON_SLICE], ensure_ascii=False)[1:-1]
    yield '"'


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


def is_txt_name(rel: str) -> bool:
    """Whether a path is named as the .txt file of an article (`txt_name`)."""
    return _TXT_NAME.fullmatch(rel) is not None


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

    After a run the folder holds that run's articles: the .txt files an earlier run listed in
    articles.jsonl and this one did not write are removed when it closes. Until then their list
    is kept in the folder (LEFTOVERS), so a run stopped and resumed removes them too.
    """

    def __init__(self, root: Path, resume: bool = False) -> None:
        """Make the folder and write the marker of a run's output in it; raises OutputError when
        it cannot be written."""
        self.root = root
        try:
            root.mkdir(parents=True, exist_ok=True)
            atomic_write(root / MARKER, marker_text())
        except OSError as exc:
            raise output_problem(root, exc) from None
        self._resolved = root.resolve()
        self._resume = resume
        self._stems: dict[str, str] = {}  # input key → the stem of its .txt files
        self._folders: dict[str, Path] = {}  # stem → the folder its files go in, checked
        self._manifest: FileIO | None = None
        self._written: set[str] = set()  # the paths of the .txt files of this run
        self.removed: list[str] = []  # an earlier run's .txt files that `close` removed

    def __getstate__(self) -> dict[str, object]:
        # Worker processes that are not forked get the sink pickled, for `share`: the open
        # manifest and the list of the run's .txt files (a resumed run's can be long) are the
        # parent's alone.
        return {**self.__dict__, "_manifest": None, "_written": set()}

    def start(self, items: Sequence[Input]) -> int:
        """Name every input's .txt files, open articles.jsonl for the run over `items` and
        return how many of the first ones it holds already (none, unless resuming): the run
        cleans only the others (run.Sink). The .txt files an earlier run listed there are
        noted, for `close` to remove those this run does not write."""
        names = StemNames()
        self._stems = {item.key: names.stem_for(item.key) for item in items}
        path = self.root / MANIFEST
        if self._resume and path.is_file():
            done = self._recover(path, items)
        else:
            done = 0
            if path.is_file():
                with path.open("rb") as manifest:
                    self._note_leftovers(manifest_paths(manifest))
        self._manifest = FileIO(path, "a" if done else "w")
        return done

    def _note_leftovers(self, paths: Iterable[str]) -> None:
        """Add paths to the list of an earlier run's .txt files, kept in the folder so that a
        stopped run resumed still removes them."""
        with (self.root / LEFTOVERS).open("a", encoding="utf-8") as f:
            f.writelines(json.dumps(rel, ensure_ascii=False) + "\n" for rel in paths)

    def _recover(self, path: Path, items: Sequence[Input]) -> int:
        """Keep what a killed run over the same `items` wrote (see `kept`), and return how many
        inputs are done. The .txt files of the inputs cleaned again are removed: the last one's,
        and those that workers cleaning ahead of articles.jsonl wrote."""
        with path.open("rb") as manifest:
            done, size = kept(manifest, (item.source for item in items))
            manifest.seek(0)
            self._written.update(manifest_paths(manifest, size))
            # What is not kept was written by a run over other inputs, or is cleaned again: its
            # .txt files are leftovers, unless this run writes them again.
            manifest.seek(size)
            self._note_leftovers(manifest_paths(manifest))
        redo = {self._stems[item.key] for item in items[done:]}
        for folder, _, names in os.walk(self.root):  # links not followed: only files of the folder go
            below = PurePosixPath(Path(folder).relative_to(self.root).as_posix())
            for name in names:
                txt = _TXT_NAME.fullmatch(name)
                if (txt is not None and (below / txt[1]).as_posix() in redo) or _TMP_NAME.fullmatch(name):
                    os.unlink(os.path.join(folder, name))
        os.truncate(path, size)
        return done

    def write(self, article: Article, key: str) -> str:
        """Write the article's .txt and set its `path`, which it returns; `key` is its input's."""
        stem = self._stems[key]
        rel = txt_name(stem, article.index)
        article.path = rel
        atomic_write(self._folder_of(stem) / rel.rpartition("/")[2], *((article.text, "\n") if article.text else ()))
        return rel

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

    def share(self, item: Input, result: Result) -> tuple[bytearray, list[str]]:
        """Write one input's .txt files; its lines of articles.jsonl, encoded, and the paths of
        the files written, for the run's own process to note (run.Sink)."""
        paths = [self.write(article, item.key) for article in result.articles]
        lines = bytearray()  # encoded piece by piece: no article's line is whole in memory but here
        for article in result.articles:
            for piece in json_pieces(article):
                lines += piece.encode("utf-8")
            lines += b"\n"
        return lines, paths

    def add(self, item: Input, share: tuple[bytearray, list[str]]) -> None:
        """Write one input's lines to articles.jsonl, after its .txt files, and note those
        files as this run's (run.Sink)."""
        if self._manifest is None:
            raise RuntimeError("OutputFolder.start was not called")
        lines, paths = share
        self._written.update(paths)
        if lines:
            write_whole(self._manifest, lines)

    def close(self) -> None:
        """Close articles.jsonl and remove the .txt files an earlier run left that this run did
        not write (with the folders they leave empty): the folder holds this run's articles."""
        self._close()
        leftovers = self.root / LEFTOVERS
        if not leftovers.is_file():
            return
        with leftovers.open(encoding="utf-8") as f:
            for rel in dict.fromkeys(_listed(f)):
                if rel not in self._written and remove_txt(self._resolved, rel):
                    self.removed.append(rel)
        leftovers.unlink()

    def _close(self) -> None:
        if self._manifest is not None:
            self._manifest.close()

    def abort(self) -> None:
        """What is written stays, and so does the list of leftovers: a run stopped by an error
        can be resumed as a killed one."""
        self._close()


def remove_txt(root: Path, rel: str) -> bool:
    """Remove the .txt file of an article at `rel` below the folder `root` (resolved), and the
    folders it leaves empty; whether it did. A path named otherwise, or one that leads out of
    the folder, is left alone."""
    target = root / rel
    if not is_txt_name(rel) or root not in target.resolve().parents or not target.is_file():
        return False
    target.unlink()
    for folder in target.parents:
        if folder == root or any(folder.iterdir()):
            break
        folder.rmdir()
    return True


def kept(manifest: Iterable[bytes], sources: Iterable[str]) -> tuple[int, int]:
    """What a run over inputs with these `sources`, in order, keeps of the articles.jsonl (its
    lines) of a stopped run over the same inputs: how many of the first inputs are done, and the
    size in bytes of the lines kept. Reads both as streams.

    Inputs are written in input order, so every input before the last one found in
    articles.jsonl is done, with or without articles. That last one may have been cut off
    between its lines or its .txt files: its lines are not kept, and it is cleaned again, as is
    all after it. A line opens an input's articles when its index is 0: the next input of that
    source; then the input's indexes follow in turn. A torn line, or one no input of this run
    wrote, ends what is kept."""
    # An id derives from the input's content too, which only reading it again would give:
    # lines are matched to inputs by their source, in order.
    sources = iter(sources)
    listed = 0  # sources read so far
    last, last_source, last_at, offset, following = -1, "", 0, 0, 0
    for line in manifest:
        record = _record(line)
        if record is None:
            break
        source, index, _ = record
        if index == 0:  # the first line of an input: one of the inputs after the last one
            for candidate in sources:
                listed += 1
                if candidate == source:
                    last, last_source, last_at = listed - 1, source, offset
                    break
            else:
                break
        elif last < 0 or source != last_source or index != following:
            break
        following = index + 1
        offset += len(line)
    return max(last, 0), last_at


def write_whole(file: FileIO, data: bytes | bytearray) -> None:
    """Write all of `data` at the file's end, in one system call unless the system writes less."""
    view = memoryview(data)
    while view:
        view = view[file.write(view) or 0:]


def manifest_paths(manifest: Iterable[bytes], size: int | None = None) -> Iterator[str]:
    """The paths of the whole lines of articles.jsonl (of its first `size` bytes, if given)."""
    offset = 0
    for line in manifest:
        offset += len(line)
        if size is not None and offset > size:
            return
        record = _record(line)
        if record is not None:
            yield record[2]


def _listed(lines: Iterable[str]) -> Iterator[str]:
    """The paths of the list of leftovers (JSON strings, one a line); a torn line ends it."""
    for line in lines:
        try:
            rel = json.loads(line)
        except ValueError:
            return
        if isinstance(rel, str):
            yield rel


def _record(line: bytes) -> tuple[str, int, str] | None:
    """The source, index and path of a whole line of articles.jsonl; None for a torn or foreign one."""
    try:
        record = json.loads(line) if line.endswith(b"\n") else None
    except ValueError:
        return None
    if not isinstance(record, dict):
        return None
    source, index, path = record.get("source"), record.get("index"), record.get("path")
    if isinstance(source, str) and isinstance(index, int) and isinstance(path, str):
        return source, index, path
    return None
