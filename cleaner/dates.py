"""Dates found in metadata prefixes and date lines, turned into ISO 8601 (YYYY-MM-DD)."""
from __future__ import annotations

import datetime as dt

import regex

_MONTHS = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")),
        1,
    )
    for name in names
}
# Month names in Portuguese, Spanish, French, German and Italian, for pages in those languages.
_MONTHS.update({
    name: number
    for number, names in enumerate(
        (("janeiro", "enero", "janvier", "januar", "jänner", "gennaio"),
         ("fevereiro", "febrero", "février", "februar", "febbraio"),
         ("março", "marzo", "mars", "märz"),
         ("abril", "avril", "aprile"),
         ("maio", "mayo", "mai", "maggio"),
         ("junho", "junio", "juin", "juni", "giugno"),
         ("julho", "julio", "juillet", "juli", "luglio"),
         ("agosto", "août"),
         ("setembro", "septiembre", "septembre", "settembre"),
         ("outubro", "octubre", "octobre", "oktober", "ottobre"),
         ("novembro", "noviembre", "novembre"),
         ("dezembro", "diciembre", "décembre", "dezember", "dicembre")),
        1,
    )
    for name in names
})
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_PATTERNS = (
    # Digits around, not word boundaries: a machine-readable stamp glues its time on ("2024-10-31T08:15").
    regex.compile(r"(?<!\d)(?P<year>\d{4})[-/.](?P<num>\d{1,2})[-/.](?P<day>\d{1,2})(?!\d)"),
    regex.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b", regex.I),
    # "20 November 2019", "20. November 2019", "22 de janeiro de 2018".
    regex.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th|\.)?\s+(?:of\s+|de\s+)?" + _MONTH
                  + r",?\s+(?:de\s+)?(?P<year>\d{4})\b", regex.I),
)


def to_iso(text: str) -> str | None:
    """The first complete calendar date in `text` as YYYY-MM-DD, or None when there is none."""
    for pattern in _PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        month = int(m["num"]) if "num" in m.groupdict() and m["num"] else _MONTHS[m["month"].lower()]
        try:
            return dt.date(int(m["year"]), month, int(m["day"])).isoformat()
        except ValueError:
            continue
    return None
