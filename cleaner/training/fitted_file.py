"""Writes one model's table of `cleaner/fitted.toml`, keeping the other tables as they are.

The file is plain TOML (tomllib reads it; nothing in the standard library writes it), so the
writer handles only what fitted tables hold: numbers, strings, booleans, lists of those, and
nested tables of them. Every table records the command and data it was fitted with (`trained`).
"""
from __future__ import annotations

import json
import math
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .. import fitted
from ..fitted import CueModel
from ..writers import atomic_write

HEADER = """\
# The cleaner's fitted parameters, one table per model. Written by the training commands
# (python -m cleaner.training --help); do not edit by hand: rerun the command that wrote a table.
# cleaner/fitted.py reads this file; each table's `trained` says what command and data fitted it.
"""


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def fitted_path() -> Path:
    return Path(fitted.__file__).with_name(fitted.FITTED_FILE)


def write_table(name: str, table: Mapping[str, Any], path: Path | None = None) -> Path:
    """Replace (or add) the table `name` in fitted.toml; the others are written back unchanged."""
    path = path or fitted_path()
    tables: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    tables[name] = dict(table)
    chunks = [HEADER]
    for key in sorted(tables):
        chunks.append(_table([key], tables[key]))
    atomic_write(path, "\n".join(chunks))  # the shipped file is never left half written
    return path


def write_model(name: str, model: CueModel, trained: str, path: Path | None = None) -> Path:
    """Write a fitted model as the table `name`, with `trained` saying what command and data
    fitted it, and print what was written: the threshold and each cue's weight (for steps, how
    far it moves the sum), largest first."""
    written = write_table(name, model.to_table(trained), path)
    print(f"wrote table {name} of {written}: threshold {model.threshold:.3f}")
    for cue, weight in sorted(model.spans().items(), key=lambda item: -abs(item[1])):
        print(f"  {cue:24} {weight:+.3f}")
    return written


def _table(names: list[str], table: Mapping[str, Any]) -> str:
    plain = {k: v for k, v in table.items() if not isinstance(v, Mapping)}
    nested = {k: v for k, v in table.items() if isinstance(v, Mapping)}
    lines = [f"[{'.'.join(map(_key, names))}]"]
    lines += [f"{_key(k)} = {_value(v)}" for k, v in plain.items()]
    text = "\n".join(lines) + "\n"
    for key, sub in nested.items():
        text += "\n" + _table([*names, key], sub)
    return text


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else json.dumps(key, ensure_ascii=False)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot write {value} to fitted.toml")
        return repr(round(value, 6))
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write a {type(value).__name__} to fitted.toml")
