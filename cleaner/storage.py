"""Files by fsspec URL (`s3://…`, `gs://…`, `file://…`, `memory://…`) or local path: inputs listed
as a stream, read by whoever cleans them, and .txt files written whole or not at all.

fsspec (in the `dask` extra) is imported only when a file is opened or listed: a run over local
paths needs it only to tell a URL from a path.
"""
from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import IO, Any

from .inputs import EARLIER_OUTPUT, ignore
from .writers import (
    MANIFEST,
    MARKER,
    OutputError,
    atomic_write,
    is_txt_name,
    manifest_paths,
    marker_text,
    output_problem,
    remove_txt,
)


def is_url(arg: str) -> bool:
    """Whether a command-line argument names a file by URL rather than a local path."""
    return "://" in arg


class StorageError(Exception):
    """A URL no installed file system can open: one line for the user, about `where`."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


def split(url: str) -> tuple[Any, str]:
    """The file system that holds a URL or local path, and the path within it. Raises
    StorageError when fsspec, or the package of the URL's protocol (s3fs, gcsfs...), is missing."""
    try:
        import fsspec
    except ImportError:
        raise StorageError(url, "reading and writing URLs needs fsspec: pip install 'cleaner[dask]'") from None
    try:
        fs, path = fsspec.core.url_to_fs(url)
        return fs, str(path)
    except (ImportError, ValueError) as exc:
        raise StorageError(url, str(exc).splitlines()[0]) from None


def listing(arg: str, skip: str | None = None,
            tell: Callable[[str, str], None] = ignore) -> Iterator[tuple[str, str]]:
    """(URL, source) of each file `arg` names: itself, or the files below it in path order
    (hidden entries and the folder `skip`, the run's output, left out; so are folders that hold
    an earlier run's output, told to `tell` as inputs.expand does), the source being the path
    below `arg`. One folder's entries are held at a time, never the whole tree: a store of
    millions of files starts cleaning after its first folder is listed."""
    fs, root = split(arg)
    root = root.rstrip("/") or "/"
    skip_path = split(skip)[1].rstrip("/") if skip is not None else None
    if not fs.isdir(root):
        yield fs.unstrip_protocol(root) if is_url(arg) else root, PurePosixPath(root).name
        return

    def told(path: str) -> None:
        tell(fs.unstrip_protocol(path) if is_url(arg) else path, EARLIER_OUTPUT)

    for path in _files_below(fs, root, skip_path, told):
        yield fs.unstrip_protocol(path) if is_url(arg) else path, posixpath.relpath(path, root)


def _files_below(fs: Any, folder: str, skip: str | None, told: Callable[[str], None]) -> Iterator[str]:
    # Entries sorted by name, each folder's files listed where its name falls: the order of
    # sorting every path by its parts, as local folders are read.
    entries = sorted(fs.ls(folder, detail=True), key=lambda e: PurePosixPath(e["name"]).name)
    names = {PurePosixPath(e["name"].rstrip("/")).name for e in entries if e["type"] != "directory"}
    if MANIFEST in names and MARKER in names:
        told(folder)
        return
    for entry in entries:
        path = entry["name"].rstrip("/")
        if PurePosixPath(path).name.startswith(".") or path == skip:
            continue
        if entry["type"] == "directory":
            yield from _files_below(fs, path, skip, told)
        else:
            yield path


def open_input(url: str) -> IO[bytes]:
    """The file at `url` opened for reading; raises OSError (FileNotFoundError...) as open does."""
    fs, path = split(url)
    if fs.isdir(path):
        raise IsADirectoryError(path)
    f: IO[bytes] = fs.open(path, "rb")
    return f


def input_size(url: str) -> int:
    fs, path = split(url)
    return int(fs.size(path))


class Folder:
    """An output folder by URL or path: files below it written whole or not at all. Writing one
    twice leaves one file with the same bytes, so a task run again after a lost worker does no
    harm."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._fs, root = split(url)
        self._root = root.rstrip("/")
        protocols = self._fs.protocol
        self._local = "file" in (protocols if isinstance(protocols, tuple) else (protocols,))

    def make(self) -> None:
        """Make the folder and write the marker of a run's output in it; raises OutputError when
        it cannot be written."""
        try:
            self._fs.makedirs(self._root, exist_ok=True)
            self.write_text(MARKER, marker_text())
        except OSError as exc:
            if self._local:
                raise output_problem(Path(self._root), exc) from None
            raise OutputError(f"cannot write the output folder {self.url!r}: {exc.strerror or exc}") from None

    def path(self, rel: str) -> str:
        parts = PurePosixPath(rel).parts
        if not parts or any(p in ("", ".", "..") for p in parts) or rel.startswith("/"):
            raise ValueError(f"refusing to write outside the output folder: {rel}")
        return f"{self._root}/{rel}"

    def write_text(self, rel: str, text: str) -> None:
        path = self.path(rel)
        if self._local:
            atomic_write(Path(path), text)  # a temporary file renamed into place
        else:
            # An object store stores an object whole with one put: no reader sees half of it.
            self._fs.pipe_file(path, text.encode("utf-8"))

    def listed(self) -> dict[str, None]:
        """The .txt files that the articles.jsonl in the folder lists (an earlier run's), in order."""
        path = self.path(MANIFEST)
        if not self._fs.isfile(path):
            return {}
        with self._fs.open(path, "rb") as manifest:
            return dict.fromkeys(manifest_paths(manifest))

    def remove(self, rels: Iterable[str]) -> list[str]:
        """Remove these .txt files of a run below the folder (on a file system, with the folders
        they leave empty: writers.remove_txt); returns those removed."""
        if self._local:
            root = Path(self._root).resolve()
            return [rel for rel in rels if remove_txt(root, rel)]
        removed = []
        for rel in rels:
            try:
                path = self.path(rel)
            except ValueError:  # a path that leads out of the folder
                continue
            if is_txt_name(rel) and self._fs.isfile(path):
                self._fs.rm(path)
                removed.append(rel)
        return removed

    def open_manifest(self) -> Manifest:
        return Manifest(self)

    def _open(self, rel: str) -> IO[str]:
        path = self.path(rel)
        self._fs.makedirs(posixpath.dirname(path), exist_ok=True)
        f: IO[str] = self._fs.open(path, "w", encoding="utf-8", newline="\n")
        return f

    def _rename(self, rel: str, to: str) -> None:
        self._fs.mv(self.path(rel), self.path(to))

    def _remove(self, rel: str) -> None:
        if self._fs.exists(self.path(rel)):
            self._fs.rm(self.path(rel))


class Manifest:
    """articles.jsonl of an output folder, written by the driver one input at a time, in input
    order. On a file system it grows as inputs finish, each input's lines in one write after
    its .txt files, so a stopped run keeps whole lines of whole inputs. An object store cannot
    append: the lines go to a hidden object, given its name when the run ends."""

    _TMP = f".{MANIFEST}.tmp"

    def __init__(self, folder: Folder) -> None:
        self._folder = folder
        self._name = MANIFEST if folder._local else self._TMP
        self._file = folder._open(self._name)

    def write(self, lines: list[str]) -> None:
        if lines:
            self._file.write("".join(line + "\n" for line in lines))
            self._file.flush()

    def close(self) -> None:
        self._file.close()
        if self._name != MANIFEST:
            self._folder._rename(self._name, MANIFEST)

    def abort(self) -> None:
        """What is written stays on a file system (as a stopped run's would); a store drops it."""
        self._file.close()
        if self._name != MANIFEST:
            self._folder._remove(self._name)
