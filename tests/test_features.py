"""The shared line features: written without regular expressions where that is cheaper, and
still saying what the patterns they stand for say."""
from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from cleaner import features
from cleaner.features import asks_or_exclaims, count_words, ends_sentence, has_letter, normalise, reads_as_headline, starts_lower

DEVDATA = Path(__file__).resolve().parents[2] / "shared" / "devdata"

# What ends_sentence stands for: final punctuation, closing quotes or brackets, white space.
SENTENCE_END = regex.compile(r"[.!?…。！？;:,]['\"’”»)\]]*\s*$")
TRICKY = ".!?…;:,'\"’”»)] \t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u2028\u3000xA"


def test_every_white_space_character_ends_a_sentence_as_the_pattern_says() -> None:
    for code in range(0x110000):
        c = chr(code)
        if c.isspace() or SENTENCE_END.search("a." + c):
            assert ends_sentence("a." + c) == bool(SENTENCE_END.search("a." + c)), hex(code)
            assert ends_sentence("a" + c) == bool(SENTENCE_END.search("a" + c)), hex(code)


@given(st.text(alphabet=TRICKY, max_size=8))
def test_ends_sentence_says_what_the_pattern_says(text: str) -> None:
    assert ends_sentence(text) == bool(SENTENCE_END.search(text))


# What starts_lower and has_letter stand for.
CASED_START = regex.compile(r"^['\"‘“«(\[]*\p{Ll}")
LETTER = regex.compile(r"\p{L}")


def says_what_the_patterns_say(text: str) -> None:
    assert starts_lower(text) == bool(CASED_START.match(text)), text
    assert has_letter(text) == bool(LETTER.search(text)), text


def test_every_first_character_starts_lines_as_the_patterns_say() -> None:
    for code in range(0x110000):
        c = chr(code)
        for text in (c, c + "a"):
            says_what_the_patterns_say(text)


@given(st.text())
def test_starts_lower_and_has_letter_say_what_the_patterns_say(text: str) -> None:
    says_what_the_patterns_say(text)


@given(st.text(alphabet="aZ5 '\"‘“«([é\u4e00-", max_size=6))
def test_openings_start_lines_as_the_patterns_say(text: str) -> None:
    says_what_the_patterns_say(text)


@pytest.mark.skipif(not DEVDATA.is_dir(), reason="../shared/devdata is not here")
def test_real_lines_start_as_the_patterns_say() -> None:
    for path in sorted(DEVDATA.glob("*/inputs/*")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            says_what_the_patterns_say(line)
            says_what_the_patterns_say(line.strip())


@given(st.lists(st.sampled_from(["ab", "Straße", " ", "\u00a0", "\x1c", "İ", "\u3000", "\t", "\n", "ΣΑΣ"])).map("".join),
       st.integers(1, 12))
def test_a_long_text_is_normalised_as_a_short_one(text: str, size: int) -> None:
    # A text longer than a slice is read a slice at a time, each cut at white space.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(features, "_SLICE", size)
        assert normalise(text) == " ".join(text.split()).casefold()
        assert count_words(text) == len(text.split())
        assert [w for piece in features.white_space_slices(text) for w in features.words(piece)] == features.words(text)


def test_sentences_run_on_after_a_full_width_stop_so_the_line_is_no_headline() -> None:
    """Real lines of a Chinese news page: its opening paragraph ends with a question after two
    sentences with no space between them; its headline is one question."""
    paragraph = ("翱翔于距地球数千公里的太空中，进入广袤漆黑的未知领域，是一项艰苦卓绝的工作。"
                 "这让人感到巨大压力和极度恐慌。那么，为什么不能让宇航员来一杯“地球末日”鸡尾酒来放松一下？")
    assert not asks_or_exclaims(paragraph) and not reads_as_headline(paragraph)
    assert reads_as_headline("宇航员在太空中喝酒会怎么样？后果很严重")
    assert asks_or_exclaims("商品の改造が商標法違反に！？")
