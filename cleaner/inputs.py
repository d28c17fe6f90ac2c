"""Which files a run reads: command-line paths expanded into (path, source) pairs, in order."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .writers import MANIFEST, MARKER

STDIN = "-"
EARLIER_OUTPUT = f"holds the output of a run ({MANIFEST}, {MARKER}), not read as input"
THIS_OUTPUT = "is the output folder of this run, not read as input"


@dataclass(frozen=True)
class Input:
    """One input: where to read it and the `source` name its articles carry."""

    path: Path | None  # None for standard input
    source: str
    display: str  # how messages name it: the path as the user would type it
    # Unique within a run: the source, with `~2`, `~3`... when two folders hold the same name.
    key: str = ""

    @property
    def is_stdin(self) -> bool:
        return self.path is None


def _inside(path: Path, folder: Path | None) -> bool:
    return folder is not None and (path == folder or folder in path.parents)


def _holds_output(folder: Path) -> bool:
    """Whether a folder holds a run's output: its articles.jsonl and the marker every run writes."""
    return (folder / MANIFEST).is_file() and (folder / MARKER).is_file()


def _walk(root: Path, out_dir: Path | None, skip: Callable[[str, str], None]) -> list[Path]:
    """The files below `root`, sorted by path; hidden entries, the output folder and folders
    that hold an earlier run's output left out (the latter told to `skip`)."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        folder_path = Path(folder)
        kept = []
        for d in dirs:
            if d.startswith(".") or _inside((folder_path / d).resolve(), out_dir):
                continue
            if _holds_output(folder_path / d):
                skip(str(folder_path / d), EARLIER_OUTPUT)
                continue
            kept.append(d)
        dirs[:] = kept
        found.extend(folder_path / name for name in files if not name.startswith("."))
    return sorted(found, key=lambda p: p.relative_to(root).parts)


def ignore(display: str, why: str) -> None:
    pass


def expand(args: list[str], out_dir: Path | None, skip: Callable[[str, str], None] = ignore) -> Iterator[Input]:
    """Files and folders (recursively) in command-line order, each folder's files sorted by path.

    The run's output folder, and a folder that holds an earlier run's output (both given or
    met inside an input folder), are never read as input: `skip` is told each such folder, and
    why. A path that does not exist is still yielded, so that reading it reports the failure in
    order with the rest.
    """
    out_resolved = out_dir.resolve() if out_dir is not None else None
    seen: dict[str, int] = {}

    def keyed(path: Path | None, source: str, display: str) -> Input:
        seen[source] = seen.get(source, 0) + 1
        key = source if seen[source] == 1 else f"{source}~{seen[source]}"
        return Input(path, source, display, key)

    for arg in args:
        if arg == STDIN:
            yield keyed(None, STDIN, "<stdin>")
            continue
        root = Path(arg)
        if not root.is_dir():
            yield keyed(root, root.name, arg)
        elif _inside(root.resolve(), out_resolved):
            skip(arg, THIS_OUTPUT)
        elif _holds_output(root):
            skip(arg, EARLIER_OUTPUT)
        else:
            for path in _walk(root, out_resolved, skip):
                yield keyed(path, path.relative_to(root).as_posix(), str(path))
