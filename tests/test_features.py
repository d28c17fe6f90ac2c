"""The shared line features: written without regular expressions where that is cheaper, and
still saying what the patterns they stand for say."""
from __future__ import annotations

import regex
from hypothesis import given, strategies as st

from cleaner.features import ends_sentence

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
