"""The language guess and the stopword lists it reads."""
from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from cleaner import language
from cleaner.features import words

DEVDATA = Path(__file__).resolve().parents[2] / "shared" / "devdata"

# Real lines of a high-school results roundup: mostly names and figures, in English.
BOX_SCORE = """GIRLS BASKETBALL
Palm Bay d. Rockledge 70-44
Rockledge 14 11 6 15 — 44
Palm Bay 18 22 13 17 — 70
Palm Bay (1-0): Tolivert 25 points. Davis 17 points. Burgher 10 points. Bozeman 10 points.
Rockledge (0-1): Blakely 15 points. Devoe 2 points. Baker 6 points. Brown 4 points.
Heritage (1-0): Armani Sheffield 19 points and 3 steals. Kelli Howard 6 steals.
Titusville (0-1): Storm Filsaimewith 4 points.
Viera (4-0): K. Hupfer 1 goal. L. Patikas 1 goal. Z. Nielsen 1 goal. J. Anasa 1 assist. A. Sanger 2 saves.
Melbourne (3-0): Osas Osaro 3 goals, 1 assist. Aden O'Hara 2 goals, 2 assists. Christian Watts 1 goal.
The Panthers are now undefeated and will play at home on Friday, the coach said after the game."""


def test_figures_are_no_language_evidence():
    # Spanish and Korean lists hold the digits; counted, they made this English roundup Spanish.
    assert language.guess(iter(words(BOX_SCORE))) == "en"


def test_stopwords_hold_letters_only():
    for lang in ("es", "ko", "en", "ru"):
        assert all(any(map(str.isalpha, w)) for w in language.stopwords(lang))
    assert "que" in language.stopwords("es") and "the" in language.stopwords("en")


def test_guess_by_stopwords_and_by_script():
    assert language.guess(iter(words("Это было в тот день, когда он сказал, что они не придут."))) == "ru"
    assert language.guess(iter(words("Der Minister sagte, dass die Gespräche in der nächsten Woche weitergehen."))) == "de"
    assert language.guess(iter(words("東京都は新しい計画を発表しました。市民の生活を守るための対策です。"))) == "ja"


WRITING_SYSTEMS = {name: regex.compile(rf"\p{{{name}}}") for name in language._WRITING_SYSTEMS}


def plain_script(text: str) -> str | None:
    """What language.script stands for: every letter of the sample looked up in every writing system."""
    counts = dict.fromkeys(WRITING_SYSTEMS, 0)
    for char in text[:language.SCRIPT_SAMPLE_CHARS]:
        for name, pattern in WRITING_SYSTEMS.items():
            if pattern.match(char):
                counts[name] += 1
    counts["Han"] += counts.pop("Hiragana") + counts.pop("Katakana")
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else None


@given(st.text())
def test_script_says_what_its_definition_says(text: str) -> None:
    assert language.script(text) == plain_script(text)


@given(st.text(alphabet="aZ1 .éЖλ中あアク한ไक\ud800", max_size=30))
def test_script_of_mixed_writing_says_what_its_definition_says(text: str) -> None:
    assert language.script(text) == plain_script(text)


def test_every_ascii_character_counts_for_the_script_as_its_definition_says() -> None:
    # One character against one Cyrillic letter: a tie that a miscounted character would break.
    for code in range(0x80):
        for text in (chr(code) + "Ж", chr(code) * 2 + "ЖЖЖ", chr(code) * 2 + "ЖЖ\ud800"):
            assert language.script(text) == plain_script(text), text


@pytest.mark.skipif(not DEVDATA.is_dir(), reason="../shared/devdata is not here")
def test_script_of_real_texts_says_what_its_definition_says() -> None:
    for path in sorted(DEVDATA.glob("*/inputs/*")):
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        for start in range(0, len(text), 5000):
            assert language.script(text[start:]) == plain_script(text[start:]), (path, start)
