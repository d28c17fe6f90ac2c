"""Which files a run reads: command-line paths expanded into (path, source) pairs, in order."""
from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

STDIN = "-"


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


def _walk(root: Path, out_dir: Path | None) -> list[Path]:
    """The files below `root`, hidden entries and the output folder left out, sorted by path."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        folder_path = Path(folder)
        dirs[:] = [d for d in dirs if not d.startswith(".") and not _inside((folder_path / d).resolve(), out_dir)]
        found.extend(folder_path / name for name in files if not name.startswith("."))
    return sorted(found, key=lambda p: p.relative_to(root).parts)


def expand(args: list[str], out_dir: Path | None) -> Iterator[Input]:
    """Files and folders (recursively) in command-line order, each folder's files sorted by path.

    An output folder inside an input folder is never read back as input. A path that does not
    exist is still yielded, so that reading it reports the failure in order with the rest.
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
            continue
        for path in _walk(root, out_resolved):
            yield keyed(path, path.relative_to(root).as_posix(), str(path))
