"""Bytes to text: byte-order marks, UTF-16 without a mark, UTF-8, then a detected 8-bit code page."""
from __future__ import annotations

import codecs
import re

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
# The characters below a space that _ALLOWED_CONTROLS leaves out.
_CONTROLS = re.compile("[" + "".join(re.escape(chr(c)) for c in range(32) if chr(c) not in _ALLOWED_CONTROLS) + "]")


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


def _windows_1252_bytes(err: UnicodeError) -> tuple[str, int]:
    """Decode bytes that are not UTF-8 as Windows-1252 (Latin-1 where it leaves a byte undefined).

    Scrapes that are not UTF-8 are nearly always Windows-1252 or Latin-1, and a UTF-8 file with a
    few stray Windows-1252 bytes (a curly quote pasted in) is a common accident: decoding byte by
    byte keeps the UTF-8 parts right instead of turning the whole file into mojibake.
    """
    assert isinstance(err, UnicodeDecodeError)
    out = []
    for byte in err.object[err.start:err.end]:
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out), err.end


_FALLBACK = "cleaner-windows-1252"
codecs.register_error(_FALLBACK, _windows_1252_bytes)


def _declared_html(data: bytes) -> str | None:
    """A page in the encoding its meta charset declares, when that decodes it."""
    dammit = UnicodeDammit(data, is_html=True)
    declared = dammit.declared_html_encoding
    if declared and dammit.original_encoding == declared:
        return dammit.unicode_markup
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    controls = len(_CONTROLS.findall(sample))
    return "\x00" in sample or controls > _MAX_CONTROL_SHARE * max(len(sample), 1)


def decode(data: bytes, *, is_html: bool = False) -> str:
    """Decode raw bytes to text with `\\n` newlines, or raise InputError for binary data."""
    if data.startswith(_BINARY_MAGIC):
        raise InputError("binary file (its signature is not text)", skip=True)
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
            raise InputError("binary file (NUL bytes)", skip=True)
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _declared_html(data) if is_html else None
            if text is None:
                text = data.decode("utf-8", errors=_FALLBACK)
    if _looks_binary(text):
        raise InputError("binary file (control characters)", skip=True)
    return text.replace("\r\n", "\n").replace("\r", "\n")
