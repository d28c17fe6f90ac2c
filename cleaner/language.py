"""Which language a text is in, told by its stopwords, and that language's stopwords.

The stopword lists come from the stopwords-iso collection (the `stopwordsiso` package, MIT),
which ships its data for 58 languages, so nothing is downloaded at run time. A language is
guessed by which list holds the most of the text's words; scripts written without spaces
(Chinese, Japanese, Thai) are told by their characters instead, as their words cannot be counted.
"""
from __future__ import annotations

import struct
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, filterfalse, islice
from operator import not_

import regex
import stopwordsiso

from .features import NON_ASCII
from .settings import DEFAULT, LanguageSettings

# The most words a language guess may look at (see _VoteTable).
MAX_SAMPLE_WORDS = 1000
# Languages written without spaces between words.
NO_SPACES = frozenset({"ja", "zh", "th"})
_SCRIPTS = (
    ("ja", regex.compile(r"[\p{Hiragana}\p{Katakana}]")),
    ("zh", regex.compile(r"\p{Han}")),
    ("th", regex.compile(r"\p{Thai}")),
    ("ko", regex.compile(r"\p{Hangul}")),
)


@dataclass(frozen=True)
class _VoteTable:
    """Every stopword of every language with its votes, as one number that holds a count for each
    language in a 16-bit field, so that one sum over a sample counts the votes of every language
    at once (a sum of Python ints in C). Counting each word's languages one by one instead adds
    about 8 % to the instructions a warm pass over the text suites takes (callgrind), so the
    packing stays."""

    languages: tuple[str, ...]  # in alphabetical order: the order of the fields
    of_word: dict[str, int]
    fields: struct.Struct

    def counts(self, votes: int) -> tuple[int, ...]:
        """The count of each language in a sum of votes."""
        return self.fields.unpack(votes.to_bytes(self.fields.size, "little"))


@lru_cache(maxsize=1)
def _vote_table() -> _VoteTable:
    """The table, built once from the stopword lists that ship with the package."""
    languages = tuple(sorted(stopwordsiso.langs()))
    of_word: dict[str, int] = {}
    most = 0
    for k, lang in enumerate(languages):
        # A list may hold a word twice (in two cases): it votes twice.
        for word, n in Counter(_words_of(lang)).items():
            of_word[word] = of_word.get(word, 0) + (n << 16 * k)
            most = max(most, n)
    # No count may carry over into the next field, however often a sample repeats a word.
    assert most * MAX_SAMPLE_WORDS < 1 << 16
    return _VoteTable(languages, of_word, struct.Struct(f"<{len(languages)}H"))


@lru_cache(maxsize=64)
def stopwords(lang: str | None) -> frozenset[str]:
    """The stopwords of a language (case-folded); empty for an unknown or missing language."""
    if not lang or not stopwordsiso.has_lang(lang):
        return frozenset()
    return frozenset(_words_of(lang))


def _words_of(lang: str) -> Iterable[str]:
    # Some lists (Spanish, Korean...) hold the digits: a box score full of numbers would pass
    # for Spanish, and a row of figures for prose. A stopword needs a letter.
    return (word.casefold() for word in stopwordsiso.stopwords(lang) if any(map(str.isalpha, word)))


def _script_of(word: str) -> str | None:
    """The first of the scripts written without spaces (or Korean) that the word uses."""
    for lang, script in _SCRIPTS:
        if script.search(word):
            return lang
    return None


def guess(words: Iterable[str], settings: LanguageSettings = DEFAULT.language) -> str | None:
    """The ISO 639-1 code of the language whose stopwords the words use most; None when no
    word is a stopword of any language. Words of scripts written without spaces count for
    their script's language instead, which wins when they are many enough."""
    table = _vote_table()
    sample = list(islice(words, min(settings.sample_words, MAX_SAMPLE_WORDS)))
    # Looked up and passed over without a Python step per word, which is most of the guess's time.
    found = list(map(table.of_word.get, map(str.casefold, sample)))
    no_spaces: Counter[str] = Counter()
    if not "".join(sample).isascii():  # scripts without spaces are never ASCII
        for word in filterfalse(str.isascii, compress(sample, map(not_, found))):
            if len(word) > 3:
                script_lang = _script_of(word)
                if script_lang:
                    no_spaces[script_lang] += 1
    votes = table.counts(sum(filter(None, found)))
    all_votes = sum(votes)
    if no_spaces and sum(no_spaces.values()) >= settings.no_space_share * all_votes:
        return no_spaces.most_common(1)[0][0]
    if not all_votes:
        return None
    # Ties go to the alphabetically first code, the first field of the most votes.
    return table.languages[votes.index(max(votes))]


# Letters of scripts written without spaces between words.
_NO_SPACE_LETTER = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]")
_WRITING_SYSTEMS = ("Latin", "Cyrillic", "Greek", "Arabic", "Hebrew", "Han", "Hiragana", "Katakana", "Hangul",
                    "Thai", "Devanagari")
_WRITING_SYSTEM_RE = {name: regex.compile(rf"\p{{{name}}}") for name in _WRITING_SYSTEMS}
_ASCII_LETTER = regex.compile(r"[A-Za-z]")
_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
# How much of a text `script` looks at.
SCRIPT_SAMPLE_CHARS = 600


def without_spaces(word: str) -> bool:
    """The word is written in a script that puts no spaces between words (Chinese, Japanese, Thai...)."""
    # Those letters are never ASCII; most words are.
    return not word.isascii() and bool(_NO_SPACE_LETTER.search(word))


def script(text: str) -> str | None:
    """The script most letters of the text's start are written in (Latin when it is all ASCII);
    None when it has no letters."""
    sample = text[:SCRIPT_SAMPLE_CHARS]
    if sample.isascii():
        return "Latin" if _ASCII_LETTER.search(sample) else None
    # Of the ASCII characters only the letters belong to one of the writing systems (Latin):
    # count those at once (no other character puts an ASCII byte into UTF-8), and look up each
    # other character once, however often it occurs. Most samples hold few of them (quotes,
    # dashes); searching the whole sample for every writing system instead costs about 14 % of
    # a warm pass over the text suites (callgrind).
    counts = dict.fromkeys(_WRITING_SYSTEM_RE, 0)
    encoded = sample.encode("utf-8", "surrogatepass")
    counts["Latin"] = len(encoded) - len(encoded.translate(None, _ASCII_LETTERS))
    others = NON_ASCII.findall(sample, concurrent=False)
    if counts["Latin"] >= len(others):
        # No other writing system can have more letters than there are non-ASCII characters,
        # and Latin wins a tie: most samples of European text are told without looking further.
        return "Latin"
    for char, n in Counter(others).items():
        for name, pattern in _WRITING_SYSTEM_RE.items():
            if pattern.match(char):
                counts[name] += n
    counts["Han"] += counts.pop("Hiragana") + counts.pop("Katakana")  # Japanese mixes the three
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else None
