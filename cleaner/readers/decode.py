"""Bytes to text: byte-order marks, UTF-16 without a mark, UTF-8, then a detected 8-bit code page."""
from __future__ import annotations

import codecs

from bs4.dammit import UnicodeDammit

from .errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Signatures of common binary formats that can otherwise decode as 8-bit text.
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"BZh",
                 b"\x7fELF", b"MZ", b"\xfd7zXZ", b"7z\xbc\xaf", b"Rar!", b"OggS", b"ID3", b"RIFF")

# Share of control characters above which decoded text is taken for binary data.
_MAX_CONTROL_SHARE = 0.05
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v\x1b")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM shows as NUL bytes in every other position."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    for zeros, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros > 0.4 * half and min(even, odd) < 0.05 * half:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    controls = sum(1 for ch in sample if ch < " " and ch not in _ALLOWED_CONTROLS)
    return "\x00" in sample or controls > _MAX_CONTROL_SHARE * max(len(sample), 1)


def decode(data: bytes, *, is_html: bool = False) -> str:
    """Decode raw bytes to text with `\\n` newlines, or raise InputError for binary data."""
    if data.startswith(_BINARY_MAGIC):
        raise InputError("binary file (its signature is not text), skipped", skip=True)
    text = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(f"bad {encoding} after its byte-order mark: {exc.reason}") from None
            break
    if text is None and b"\x00" in data[:4096]:
        text = _utf16_without_bom(data)
        if text is None:
            raise InputError("binary file (NUL bytes), skipped", skip=True)
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            # Scrapes that are not UTF-8 are nearly always a Windows or ISO 8-bit code page;
            # UnicodeDammit reads an HTML meta charset first and falls back to windows-1252.
            dammit = UnicodeDammit(data, ["windows-1252"], is_html=is_html)
            text = dammit.unicode_markup
            if text is None:
                raise InputError("undecodable bytes in no known encoding") from None
    if _looks_binary(text):
        raise InputError("binary file (control characters), skipped", skip=True)
    return text.replace("\r\n", "\n").replace("\r", "\n")
