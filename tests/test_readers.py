"""Input decoding: whatever encoding, newline convention or markup a scrape arrives in, the
articles that come out must be the ones its text holds, and data that is not text is refused
with a skippable InputError rather than cleaned into garbage."""
from __future__ import annotations

import codecs
import gzip
import random
from pathlib import Path

import pytest

from cleaner import InputError, clean_bytes
from cleaner.readers import decode, read_document


def read_lines(name: str, data: bytes) -> list[tuple[int, str]]:
    return [(line.number, line.text) for line in read_document(name, data).lines]

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
MULTI_STORY = SAMPLES / "001_7a3a63e451c8d701.txt"

# Non-ASCII on purpose: curly quotes, an apostrophe, an en dash and accented letters are what
# goes wrong first when an encoding is misread.
STORY = (
    "Syria’s New Leaders Seek Talks With Neighbours\n"
    "\n"
    "Officials in Damascus said on Friday that the interim government would open talks with "
    "Turkey, Jordan and Iraq on border security before the end of the month.\n"
    "\n"
    "The foreign minister called the meeting “a first step” toward rebuilding the country’s "
    "economy – and said the café owners of the old city had already reopened.\n"
    "\n"
    "Aid agencies warned that more than 300,000 people had been displaced since early December.\n"
)


def dicts(articles):
    return [a.to_dict() for a in articles]


@pytest.fixture(scope="module")
def reference():
    return dicts(clean_bytes(STORY.encode("utf-8"), "story.txt"))


def test_reference_story_is_one_article_with_its_paragraphs(reference):
    # Guards the other tests in this file: comparing against an empty result would prove nothing.
    assert len(reference) == 1
    text = reference[0]["text"]
    assert "“a first step”" in text
    assert "country’s economy – and said the café owners" in text
    assert "300,000 people had been displaced" in text


UNICODE_FORMS = [
    pytest.param(STORY.encode("utf-8"), id="utf-8"),
    pytest.param(codecs.BOM_UTF8 + STORY.encode("utf-8"), id="utf-8-bom"),
    pytest.param(codecs.BOM_UTF16_LE + STORY.encode("utf-16-le"), id="utf-16-le-bom"),
    pytest.param(codecs.BOM_UTF16_BE + STORY.encode("utf-16-be"), id="utf-16-be-bom"),
    pytest.param(STORY.encode("utf-16-le"), id="utf-16-le-no-bom"),
    pytest.param(STORY.encode("utf-16-be"), id="utf-16-be-no-bom"),
]


@pytest.mark.parametrize("encoded", UNICODE_FORMS)
def test_unicode_encodings_give_the_same_articles(encoded, reference):
    assert dicts(clean_bytes(encoded, "story.txt")) == reference


@pytest.mark.parametrize("encoded", UNICODE_FORMS)
def test_decode_strips_the_bom_and_keeps_every_character(encoded):
    # A BOM left in place would glue U+FEFF to the headline and defeat the headline rules.
    assert decode(encoded) == STORY


def test_cp1252_curly_quotes_and_accents():
    raw = (b"Caf\xe9 owners in Lyon said the \x93new rules\x94 would hurt business, "
           b"according to the r\xe9gion\x92s chamber of commerce \x96 which has asked for a delay.\n")
    text = decode(raw)
    assert text == ("Café owners in Lyon said the “new rules” would hurt business, "
                    "according to the région’s chamber of commerce – which has asked for a delay.\n")
    [article] = clean_bytes(raw, "lyon.txt")
    assert article.text == text.strip()


def test_latin1_text():
    original = ("Le ministre a déclaré à Genève que la réunion sur l’accord «\u00a0n’aurait pas lieu\u00a0» "
                "avant jeudi, où les délégués de Málaga et de Zürich sont attendus.\n").replace("’", "'")
    raw = original.encode("latin-1")
    assert decode(raw) == original
    [article] = clean_bytes(raw, "geneve.txt")
    assert "déclaré à Genève" in article.text
    assert "Málaga et de Zürich" in article.text


def test_html_meta_charset_is_honoured():
    raw = ('<html><head><meta charset="windows-1252"></head><body>'
           '<p>The caf\xe9 owner told reporters he had said \x93no\x94 to the offer.</p>'
           '</body></html>').encode("latin-1")
    assert read_lines("page.html", raw) == [(1, "The café owner told reporters he had said “no” to the offer.")]


@pytest.mark.parametrize("convert", [
    pytest.param(lambda b: b.replace(b"\n", b"\r\n"), id="crlf"),
    pytest.param(lambda b: b.replace(b"\n", b"\r"), id="cr"),
])
def test_newline_conventions_give_the_same_articles(convert):
    # The multi-story sample exercises splitting and line numbers, not just paragraph text.
    lf = MULTI_STORY.read_bytes()
    assert b"\r" not in lf
    expected = dicts(clean_bytes(lf, MULTI_STORY.name))
    assert len(expected) == 2
    assert dicts(clean_bytes(convert(lf), MULTI_STORY.name)) == expected


def test_read_lines_numbers_lines_from_one_whatever_the_newlines():
    assert read_lines("a.txt", b"Headline\r\nFirst line.\rSecond line.\nThird line.") == [
        (1, "Headline"), (2, "First line."), (3, "Second line."), (4, "Third line.")]


@pytest.mark.parametrize("raw", [
    pytest.param(b"", id="empty"),
    pytest.param(b" ", id="space"),
    pytest.param(b"\n\n\n", id="newlines"),
    pytest.param(b" \t\r\n  \r\n\t", id="mixed-whitespace"),
    pytest.param(codecs.BOM_UTF8, id="utf-8-bom-only"),
    pytest.param(codecs.BOM_UTF16_LE, id="utf-16-bom-only"),
    pytest.param(codecs.BOM_UTF16_LE + "  \r\n\t\n".encode("utf-16-le"), id="utf-16-whitespace"),
    pytest.param("\u00a0\n\u3000\n".encode("utf-8"), id="unicode-spaces"),
])
@pytest.mark.parametrize("name", ["story.txt", "page.html"])
def test_empty_or_blank_input_gives_no_article(raw, name):
    assert clean_bytes(raw, name) == []


def _random_with_nuls(seed: int) -> bytes:
    data = bytearray(random.Random(seed).randbytes(4000))
    data[10] = data[2000] = 0
    # Start past every known signature and BOM, so the NUL check itself is what is tested.
    data[:4] = b"Xq7z"
    return bytes(data)


BINARY = {
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(1).randbytes(500),
    "gzip": gzip.compress(STORY.encode("utf-8") * 20),
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + random.Random(2).randbytes(500),
    "random-nuls-1": _random_with_nuls(1),
    "random-nuls-2": _random_with_nuls(2),
    "random-nuls-3": _random_with_nuls(3),
}


@pytest.mark.parametrize("kind", sorted(BINARY))
@pytest.mark.parametrize("name", ["story.txt", "page.html", "-"])
def test_binary_data_is_skipped_not_cleaned(kind, name):
    with pytest.raises(InputError) as info:
        clean_bytes(BINARY[kind], name)
    # skip=True is what lets a run over a folder carry on with exit status 0.
    assert info.value.skip is True
    assert str(info.value)


def test_binary_signature_is_refused_by_decode_too():
    with pytest.raises(InputError) as info:
        decode(BINARY["png"])
    assert info.value.skip is True


PAGE = """<!doctype html>
<html lang="en">
<head>
  <title>Gaza talks | Example News</title>
  <style>p { font-size: 18px } .share { display: none }</style>
  <script>window.dataLayer = []; function share() { return "Share this article"; }</script>
</head>
<body>
  <h1>Ceasefire Talks Resume in Doha</h1>
  <p>Negotiators from Israel and Hamas returned to Doha on Monday for a new round of talks
     on a ceasefire and the release of hostages, officials said.</p>
  <p>Qatari mediators said the <b>gaps had narrowed</b> but that several issues remained
     open, including the sequencing of a withdrawal.</p>
  <script>trackPageView("gaza-talks");</script>
  <noscript>Please enable JavaScript to read comments.</noscript>
  <p>TT</p>
  <div>Aid groups say fuel shortages have forced two hospitals in the north to close.<br>
  The United Nations has called for more crossings to open.</div>
  <style>.footer { color: grey }</style>
</body>
</html>
"""

PARAGRAPHS = [
    "Negotiators from Israel and Hamas returned to Doha on Monday for a new round of talks "
    "on a ceasefire and the release of hostages, officials said.",
    "Qatari mediators said the gaps had narrowed but that several issues remained open, "
    "including the sequencing of a withdrawal.",
    "Aid groups say fuel shortages have forced two hospitals in the north to close.",
    "The United Nations has called for more crossings to open.",
]


def _check_page(articles):
    assert len(articles) == 1
    text = articles[0].text
    everything = text + " ".join(r.text for r in articles[0].removed) + (articles[0].title or "")
    for leaked in ("dataLayer", "trackPageView", "font-size", "color: grey", "<p>", "</div>", "enable JavaScript"):
        assert leaked not in everything
    # Each block is its own line of text, with the inline <b> and the source line breaks folded in.
    lines = text.split("\n")
    for paragraph in PARAGRAPHS:
        assert paragraph in lines
    assert lines.index(PARAGRAPHS[0]) < lines.index(PARAGRAPHS[1]) < lines.index(PARAGRAPHS[3])
    assert "Ceasefire Talks Resume in Doha" in lines or articles[0].title == "Ceasefire Talks Resume in Doha"


def test_html_by_name():
    _check_page(clean_bytes(PAGE.encode("utf-8"), "gaza/talks.html"))


@pytest.mark.parametrize("raw", [
    pytest.param(PAGE.encode("utf-8"), id="doctype"),
    pytest.param(codecs.BOM_UTF8 + b"\r\n  " + PAGE.replace("<!doctype html>", "<!DOCTYPE HTML>").encode(), id="bom-upper"),
    pytest.param(PAGE.replace("<!doctype html>\n", "").encode("utf-8"), id="html-tag"),
])
def test_html_by_content_on_stdin(raw):
    _check_page(clean_bytes(raw, "-"))


def test_utf16_html_on_stdin_is_recognised_as_html():
    # A page saved by a Windows browser as "Unicode" is UTF-16 with a BOM; piped into `clean -`
    # it has no name, so only its content can tell it is HTML.
    _check_page(clean_bytes(codecs.BOM_UTF16_LE + PAGE.encode("utf-16-le"), "-"))


def test_html_removals_point_at_the_source_line():
    # `--explain` is only useful if the line it names is where the piece is in the page.
    [article] = clean_bytes(PAGE.encode("utf-8"), "talks.html")
    tt_line = PAGE.split("\n").index("  <p>TT</p>") + 1
    assert [(r.line, r.text) for r in article.removed if r.rule == "widget-label"] == [(tt_line, "TT")]
    assert "TT" not in article.text.split("\n")


def test_angle_brackets_in_plain_text_are_not_parsed_as_html():
    raw = (b"Analysts expect growth of <2% this year, and the <b> tag-like note below is verbatim.\n"
           b"The central bank said inflation would stay <p> steady until spring.\n")
    [article] = clean_bytes(raw, "markets.txt")
    assert article.text == raw.decode().strip()


@pytest.mark.parametrize("markup", [
    pytest.param("<div>" * 5000 + "<p>Rescue teams in Valencia searched for survivors.</p>" + "</div>" * 5000,
                 id="5000-closed-divs"),
    pytest.param("<div>" * 5000 + "Rescue teams in Valencia searched for survivors.", id="5000-unclosed-divs"),
    pytest.param("<span><b>" * 3000 + "Rescue teams in Valencia searched for survivors." + "</b></span>" * 3000,
                 id="6000-inline"),
])
def test_deep_nesting_does_not_crash(markup):
    raw = ("<!doctype html><html><body>" + markup + "</body></html>").encode("utf-8")
    assert read_lines("-", raw) == [(1, "Rescue teams in Valencia searched for survivors.")]
    [article] = clean_bytes(raw, "deep.html")
    assert article.text == "Rescue teams in Valencia searched for survivors."
