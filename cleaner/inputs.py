"""Which files a run reads: command-line paths expanded into (path, source) pairs, in order."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

STDIN = "-"


@dataclass(frozen=True)
class Input:
    """One input: where to read it and the `source` name its articles carry."""

    path: Path | None  # None for standard input
    source: str
    display: str  # how messages name it: the path as the user would type it

    @property
    def is_stdin(self) -> bool:
        return self.path is None


def _inside(path: Path, folder: Path | None) -> bool:
    return folder is not None and (path == folder or folder in path.parents)


def expand(args: list[str], out_dir: Path | None) -> Iterator[Input]:
    """Files and folders (recursively, sorted, hidden entries skipped) in command-line order.

    An output folder inside an input folder is never read back as input. A path that does not
    exist is still yielded, so that reading it reports the failure in order with the rest.
    """
    out_resolved = out_dir.resolve() if out_dir is not None else None
    for arg in args:
        if arg == STDIN:
            yield Input(None, STDIN, "<stdin>")
            continue
        root = Path(arg)
        if not root.is_dir():
            yield Input(root, root.name, arg)
            continue
        for folder, dirs, files in os.walk(root):
            folder_path = Path(folder)
            dirs[:] = sorted(
                d for d in dirs
                if not d.startswith(".") and not _inside((folder_path / d).resolve(), out_resolved)
            )
            for name in sorted(files):
                if name.startswith("."):
                    continue
                path = folder_path / name
                yield Input(path, path.relative_to(root).as_posix(), str(path))
