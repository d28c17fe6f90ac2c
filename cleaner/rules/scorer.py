"""The paragraph scorer: what no pattern names, judged from the text alone.

Each text line of a story gets a class from its own features (length in words, share of
stopwords for the document's language, a final stop, share of digits):
    good    a body paragraph: long, full of stopwords, ending like a sentence;
    bad     page chrome: a short line with no final stop and few stopwords (menus, tags, labels);
    short   too short to judge alone;
    medium  the rest.
The story's main text is then found as the densest run of body text: the stretch of lines
where good paragraphs outweigh chrome most (a maximum-sum run, each good paragraph counting
its words and each bad line a penalty, and, for where it ends, each line another rule dropped).
Whether that run is a main text at all is said by a fitted model (`python -m cleaner.training
main-text`, the `main-text` table of fitted.toml) that weighs the run against its story: its
good words and paragraphs, its share of the story's words and lines, the bad lines within it
and beside it (MAIN_TEXT_CUES). A list, a table, a gallery of captions or a schedule of results
has none; a short story's few paragraphs can be one.

Outside that run, a line that reads as chrome (a short line with no final stop and few
stopwords; a teaser's headline, a longer line without a final stop, unless it runs on from the
main text) is dropped; inside it, a line is dropped only when it is bad and both its neighbours
that can be judged are bad too (as jusText revises a paragraph's class by its neighbours), so
the short lines of an article's body (subheadings, list items, one-line quotes) stay, and so
does a list the text announces ("The tour dates:") wherever it lies. Every other text line of
the story is then weighed by a fitted logistic model (`python -m cleaner.training text`, the
`scorer` area of the settings, read from fitted.toml) over cues of the line and its place: its
own features and class, its judged neighbours' classes, the lines other rules dropped around it,
how far it lies from the main text and on which side, its length against the main text's
paragraphs, the prose of its block (the lines between two bad ones) against the story's largest
block, how much of the story the main text holds, and how much of the main text lies above
the last line before it that opens readers' comments or closes a story (a tag list, a wire
footer, a copyright notice): what follows those is rarely the story's. A line the model does
not find likely enough to be body goes: prose-like comments, teasers and link lists that the
rule leaves are judged relative to the page, not by a fixed length. The threshold is fitted to
keep about as much of the body as the rule alone kept (see cleaner/training/text.py).

A story with no main text of its own is left alone, unless the input's main text is in another
story and this one is mostly not prose: then it is page chrome the splitter cut off, and all of
it lies outside the main text; the scorer says so in InputState.without_main_text, and the
pipeline joins such a story to its neighbour and cleans the two again as one. A long line that
copies the story's other lines goes in any story with a main text.

Every drop records the features behind it, its body probability and the cues that weighed most
against it, and each story's first line notes whether it has a main text and why, so `--explain`
shows both.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, chain
from typing import NamedTuple

import regex

from .. import language
from ..document import Document, Field, Line, Mark, Note, body_indexes
from ..features import NON_ASCII, WORD, WordsOf, ends_sentence, headline_like, normalise, words
from ..fitted import LinearModel
from ..settings import ScorerSettings
from .base import STORY, Context, Rule

# The scorer's thresholds and its fitted model are the `scorer` area of the settings
# (cleaner/settings.py, ScorerSettings). What follows serves the search for copies of the text.
BAD_MAX_WORDS = 8
# A long line most of whose word 4-grams the story's shorter lines already hold is a copy of the
# text (a page that prints its article body again in one piece, as metadata does).
COPY_MIN_WORDS = 50
COPY_SHARE = 0.8


# Blogs end a sentence with a tilde or an emoji as often as with a stop.
_INFORMAL_END = regex.compile(r"[~～]|\p{Emoji_Presentation}")


class _Features(NamedTuple):
    words: int
    stopwords: float
    final_stop: bool
    digits: float

    def describe(self) -> str:
        return (f"{self.words} words, stopwords {self.stopwords:.2f}, "
                f"{'final stop' if self.final_stop else 'no final stop'}, digits {self.digits:.2f}")


def _features(text: str, stop: frozenset[str], s: ScorerSettings, words_of: WordsOf = words) -> _Features:
    """The features of a stripped line."""
    ws = words_of(text)
    n = max(len(ws), len(text) // s.chars_per_word if " " not in text else 0)
    share = sum(map(stop.__contains__, map(str.casefold, ws))) / len(ws) if ws and stop else 0.0
    digits = _digits(text) / max(1, len(text))
    final_stop = ends_sentence(text) or bool(_INFORMAL_END.fullmatch(text.rstrip()[-1:]))
    return _Features(n, share, final_stop, digits)


def _digits(text: str) -> int:
    """How many characters of the text are digits (str.isdigit), counted without a Python call
    per character: of the ASCII ones only 0-9 are."""
    # In UTF-8 the bytes of 0-9 stand for nothing else.
    encoded = text.encode("utf-8", "surrogatepass")
    ascii_digits = len(encoded) - len(encoded.translate(None, b"0123456789"))
    if text.isascii():
        return ascii_digits
    return ascii_digits + sum(map(str.isdigit, NON_ASCII.findall(text, concurrent=False)))  # see features.WORD


def classify(f: _Features, has_stopwords: bool, s: ScorerSettings) -> str:
    """good, bad, short or medium, from a line's own features."""
    enough_stopwords = f.stopwords >= s.good_min_stopwords or not has_stopwords
    if (f.words >= s.good_min_words and enough_stopwords and f.digits < s.digit_share
            and (f.final_stop or f.words >= 2 * s.good_min_words)):
        return "good"
    if (f.words <= s.bad_max_words and not f.final_stop
            and (f.stopwords <= s.bad_max_stopwords or f.digits >= s.digit_share)):
        return "bad"
    if f.words < s.bad_max_words:
        return "short"
    return "medium"


def _densest_run(values: list[int]) -> tuple[int, int]:
    """The start and end (inclusive) of the run with the largest sum; (0, -1) when none is positive."""
    best, best_run = 0, (0, -1)
    total, start = 0, 0
    for i, v in enumerate(values):
        if total <= 0:
            total, start = 0, i
        total += v
        if total > best:
            best, best_run = total, (start, i)
    return best_run


def _run_values(doc: Document, start: int, stop: int, text_lines: list[int], feats: list[_Features],
                classes: list[str], s: ScorerSettings) -> tuple[list[int], list[int]]:
    """The values the main text is located with, over the text lines and the lines other rules
    dropped between them, and for each value the position of its text line (-1 for a dropped one).

    A good line counts its words; a bad line, a line that reads neither as prose nor as chrome
    and a dropped line count against it, each as fitted (`ScorerSettings.end`). Lines kept as
    metadata (a caption, a date) count nothing: they belong to the story."""
    values: list[int] = []
    where: list[int] = []
    pos = 0
    drop = Field.DROP
    for i, line in zip(range(start, stop), doc.lines[start:stop]):
        if pos < len(text_lines) and text_lines[pos] == i:
            c, f = classes[pos], feats[pos]
            # A line of no words (a zero-width space, a rule of dashes) is no evidence either way.
            values.append(f.words if c == "good" else -(s.end.bad if c == "bad" else s.end.neutral) if f.words else 0)
            where.append(pos)
            pos += 1
        # Most lines between text lines are blank ones of the body: the mark tells them first.
        elif line.mark.field is drop and not line.blank:
            values.append(-s.end.dropped)
            where.append(-1)
    return values, where


def _stopwords_of(text_words: Iterable[str]) -> frozenset[str]:
    """The stopwords of the language these words are in; none for a script written without
    spaces, whose words cannot be looked up in a list."""
    lang = language.guess(text_words)
    return frozenset() if lang in language.NO_SPACES else language.stopwords(lang)


@dataclass
class _Judgements:
    """The features and class of each text an input's lines held when they were judged, for each
    set of stopwords they were judged with, kept while the input is cleaned: a line is judged in
    its own story, again for the input's main text, and again when a copy leaves its story."""

    doc: Document
    settings: ScorerSettings
    known: dict[frozenset[str], dict[str, tuple[_Features, str]]] = field(default_factory=dict)
    whole: _InputJudgement | None = None
    # The input's words, headline test and normalised texts, kept for each text (InputState).
    words_of: WordsOf = words
    headline_like_of: Callable[[str], bool] = headline_like
    normal_of: Callable[[str], str] = normalise
    # Each story's main text as it was judged, in turn (a story is judged again while the model
    # drops lines from it): what the training of the main-text model records.
    main_texts: list[MainText] = field(default_factory=list)

    def judge(self, text_lines: list[int]) -> tuple[list[str], list[_Features], list[str], bool]:
        """The stripped text, features and class of each text line, and whether the language's
        stopwords were usable."""
        texts = [self.doc.lines[i].rest.strip() for i in text_lines]
        # The guess reads only the words of the first lines.
        stop_words = _stopwords_of(chain.from_iterable(map(self.words_of, texts)))
        judged = [self.of(text, stop_words) for text in texts]
        return texts, [f for f, _ in judged], [c for _, c in judged], bool(stop_words)

    def of(self, text: str, stop_words: frozenset[str]) -> tuple[_Features, str]:
        """The features and class of a stripped text."""
        known = self.known.setdefault(stop_words, {})
        if text not in known:
            f = _features(text, stop_words, self.settings, self.words_of)
            known[text] = f, classify(f, bool(stop_words), self.settings)
        return known[text]


# The cues of a story's main text (its densest run of prose) that the fitted `main-text` model
# weighs to say whether the story has one (`python -m cleaner.training main-text`): how much
# prose the story holds and how much of it, and of the whole story, the run holds. A short
# story's few paragraphs can be its main text, and a long page of captions has none: the model
# judges the run against its story, not by a fixed number of words.
MAIN_TEXT_CUES = {
    "good-words": "log(1 + words of the story's good lines)",
    "run-words": "log(1 + words of the good lines of its densest run)",
    "run-share": "the run's good words over the story's",
    "run-story-share": "the run's good words over all the story's words",
    "good-share": "the story's good words over all its words",
    "run-good-lines": "the run's good lines over the story's text lines",
    "run-paragraphs": "log(1 + the run's good lines that end like a sentence)",
    "run-paragraph-share": "the run's good lines that end like a sentence over the story's",
    "bad-lines": "the story's bad lines over its text lines",
    "lines": "log(1 + the story's text lines)",
    "bad-digits": "the share of the story's bad lines that hold digits (a schedule's, a table's rows)",
    "bad-words": "log(1 + the mean words of the story's bad lines)",
    "run-bad-lines": "the run's bad lines over its lines (a schedule's results between its short reports)",
}


class MainText(NamedTuple):
    """A story's densest run of prose (positions in its text lines) and whether it is the
    story's main text, with the cues and the probability behind it."""

    first: int
    last: int
    cues: dict[str, float]
    probability: float
    found: bool
    span: tuple[int, int] | None = None  # the run's first and last source lines, when it has any

    def describe(self) -> str:
        return f"a main text at probability {self.probability:.2f}"

    def note(self, model: LinearModel) -> str:
        """What --explain says of the story: its main text, or why it has none, with the cues
        that weighed most."""
        terms = sorted(model.contributions(self.cues).items(), key=lambda item: -abs(item[1]))[:3]
        cues = ", ".join(f"{name} {value:+.2f}" for name, value in terms)
        run = f"lines {self.span[0]}-{self.span[1]}" if self.span else "no lines"
        if self.found:
            return f"main text: {run} (probability {self.probability:.2f} >= {model.threshold:.2f}; {cues})"
        return (f"no main text of its own: its densest run of prose ({run}) has probability "
                f"{self.probability:.2f} < {model.threshold:.2f} ({cues})")


def main_text(feats: list[_Features], classes: list[str], s: ScorerSettings) -> MainText:
    """Whether the story whose text lines have these features and classes has a main text: only
    one whose body reads as prose has one (a list, a table or a gallery of captions has none)."""
    values = [f.words if c == "good" else -s.bad_penalty if c == "bad" else 0 for f, c in zip(feats, classes)]
    first, last = _densest_run(values)
    good = [c == "good" for c in classes]
    run = range(first, last + 1)
    good_words = sum(f.words for f, g in zip(feats, good) if g)
    run_words = sum(feats[k].words for k in run if good[k])
    story_words = sum(f.words for f in feats) or 1
    paragraphs = sum(g and f.final_stop for f, g in zip(feats, good))
    run_paragraphs = sum(good[k] and feats[k].final_stop for k in run)
    lines = len(classes) or 1
    bad = [f for f, c in zip(feats, classes) if c == "bad"]
    cues = {
        "good-words": math.log1p(good_words),
        "run-words": math.log1p(run_words),
        "run-share": run_words / max(1, good_words),
        "run-story-share": run_words / story_words,
        "good-share": good_words / story_words,
        "run-good-lines": sum(good[k] for k in run) / lines,
        "run-paragraphs": math.log1p(run_paragraphs),
        "run-paragraph-share": run_paragraphs / max(1, paragraphs),
        "bad-lines": classes.count("bad") / lines,
        "lines": math.log1p(len(classes)),
        "bad-digits": sum(f.digits > 0 for f in bad) / max(1, len(bad)),
        "bad-words": math.log1p(sum(f.words for f in bad) / max(1, len(bad))),
        "run-bad-lines": sum(classes[k] == "bad" for k in run) / max(1, len(run)),
    }
    p = s.main_text.probability(cues)
    return MainText(first, last, cues, p, p >= s.main_text.threshold)


def _prose_share(feats: list[_Features], classes: list[str]) -> float:
    """The share of a story's words in lines that read as prose: good ones or ones ending like a sentence."""
    total = sum(f.words for f in feats)
    prose = sum(f.words for f, c in zip(feats, classes) if c == "good" or f.final_stop)
    return prose / total if total else 1.0


def _row_key(text: str) -> str:
    """A line's first token with its digits folded: the rows of a table or a calendar begin alike
    ("1a etapa:", "2a etapa:"), where the headlines of a teaser list do not."""
    token = text.split(maxsplit=1)[0] if text.strip() else ""
    return _DIGITS.sub("0", token)


_DIGITS = regex.compile(r"\d+")


def _has_table(texts: list[str], s: ScorerSettings) -> bool:
    """table_min_rows or more text lines in a row that begin alike."""
    keys = [_row_key(text) for text in texts]
    run = 0
    for k, key in enumerate(keys):
        run = run + 1 if k and key and key == keys[k - 1] else 1
        if run >= s.table_min_rows:
            return True
    return False


@dataclass
class _InputJudgement:
    """The lines of a whole input as the first story that asked found them, each judged once
    when it is first needed, with the language of the whole input."""

    judgements: _Judgements
    lines: list[int]
    stop_words: frozenset[str]
    judged: dict[int, tuple[int, str]]

    def value(self, i: int) -> int:
        """The line's weight in a densest run: a good line's words, or minus a bad line's penalty."""
        if i not in self.judged:
            f, c = self.judgements.of(self.judgements.doc.lines[i].rest.strip(), self.stop_words)
            self.judged[i] = (f.words, c)
        n, c = self.judged[i]
        return n if c == "good" else -self.judgements.settings.bad_penalty if c == "bad" else 0


def _judgements(doc: Document, ctx: Context) -> _Judgements:
    """The scorer's judgements of the input, kept in the context for its other stories."""
    state = ctx.state(doc)
    if state.paragraphs is None:
        state.paragraphs = _Judgements(doc, ctx.settings.scorer, words_of=state.words,
                                       headline_like_of=state.headline_like, normal_of=state.normal)
    return state.paragraphs


def _main_text_elsewhere(doc: Document, start: int, stop: int, judgements: _Judgements) -> bool:
    """Whether the input holds a main text outside doc.lines[start:stop]: a run of lines whose good
    words outweigh its bad lines by min_good_words."""
    whole = judgements.whole
    if whole is None:
        lines = body_indexes(doc.lines, 0, len(doc.lines))
        # The guess reads only the first words: a huge line is not split into all of its own.
        stop_words = _stopwords_of(m[0] for i in lines for m in WORD.finditer(doc.lines[i].rest, concurrent=False))
        whole = judgements.whole = _InputJudgement(judgements, lines, stop_words, {})
    total = 0
    for i in whole.lines:
        if start <= i < stop:
            continue
        total = max(total, 0) + whole.value(i)
        if total >= judgements.settings.min_good_words:
            return True
    return False


def _shingles(text: str) -> list[tuple[str, ...]]:
    ws = [w.casefold() for w in words(text)]
    return [tuple(ws[k:k + 4]) for k in range(len(ws) - 3)]


def _copies(texts: list[str], feats: list[_Features], normal_of: Callable[[str], str] = normalise
            ) -> dict[int, float]:
    """Positions of lines that copy the story's shorter lines, with the share of their word
    4-grams found there. Only a long line that holds a shorter line word for word is weighed."""
    long_lines = [pos for pos, f in enumerate(feats) if f.words >= COPY_MIN_WORDS]
    if not long_lines:  # then no line needs folding or comparing
        return {}
    # Only lines of BAD_MAX_WORDS words or more are looked for in the long ones; the shorter
    # lines are folded only when a long line holds one.
    held = {pos: normal_of(text) for pos, text in enumerate(texts) if feats[pos].words >= BAD_MAX_WORDS}
    lines = _HeldLines(set(held.values()))
    # A text printed many times is looked at once.
    holding = {text: lines.hold_a_shorter_one(text) for text in {held[pos] for pos in long_lines}}
    candidates = [pos for pos in long_lines if holding[held[pos]]]
    if not candidates:
        return {}
    # A 4-gram is in a line with fewer 4-grams than a candidate when the fewest of the lines
    # that hold it has fewer: one pass over the lines, keeping each distinct 4-gram once.
    fewest: dict[tuple[str, ...], int] = {}
    for pos, text in enumerate(texts):
        grams = _shingles(held[pos] if pos in held else normal_of(text))
        for g in grams:
            if len(grams) < fewest.get(g, len(grams) + 1):
                fewest[g] = len(grams)
    copies = {}
    for pos in candidates:
        grams = _shingles(held[pos])
        share = sum(fewest[g] < len(grams) for g in grams) / len(grams) if grams else 0.0
        if share >= COPY_SHARE:
            copies[pos] = share
    return copies


class _HeldLines:
    """Finds whether a line holds, word for word, a shorter one of a set of normalised lines
    (single spaces), in time linear in its tokens rather than by searching for every line.

    Where a line of tokens w0 … wk lies inside another, its inner tokens w1 … w(k-1) are whole
    tokens there (only w0 and wk may be cut). So each line is indexed by its first inner tokens
    (up to three, its anchor), then by the length of its inner text (the inner tokens with the
    spaces between them) and that text's hash. The anchors of shorter lines that the longer
    line's inner tokens hold are found in one go (a set of its runs of tokens against the index:
    most lines hold none but their own); only where one lies is the hash of the text there
    looked up, which leaves only true matches, each checked character by character. Lines of
    fewer than three tokens (a script written without spaces) have no inner tokens and are
    searched for one by one."""

    def __init__(self, lines: set[str]) -> None:
        # anchor → length of the inner text → its hash → (line, length of w0)
        self._index: dict[tuple[str, ...], dict[int, dict[int, list[tuple[str, int]]]]] = {}
        self._shortest: dict[tuple[str, ...], int] = {}  # anchor → length of the shortest line it opens
        self._unspaced: list[str] = []
        for line in lines:
            head, tail = line.find(" "), line.rfind(" ")
            if head == tail:  # one token or two
                self._unspaced.append(line)
                continue
            inner = line[head + 1:tail]
            anchor = tuple(inner.split(" ", 3)[:3])
            by_length = self._index.setdefault(anchor, {})
            by_length.setdefault(len(inner), {}).setdefault(hash(inner), []).append((line, head))
            self._shortest[anchor] = min(len(line), self._shortest.get(anchor, len(line)))
        self._anchor_sizes = sorted({len(anchor) for anchor in self._index})

    def hold_a_shorter_one(self, text: str) -> bool:
        if any(len(line) < len(text) and line in text for line in self._unspaced):
            return True
        # Its first and last tokens are not inner ones.
        return any(self._held_in(text, offset, tokens, 0 if offset else 1, len(tokens) - 1 if last else len(tokens))
                   for offset, tokens, last in _stretches(text))

    def _held_in(self, text: str, offset: int, tokens: list[str], lo: int, hi: int) -> bool:
        """Whether a shorter line lies in `text` with its anchor among tokens[lo:hi], the tokens
        of the text from character `offset` on."""
        inner = tokens[lo:hi]
        starts = None
        for size in self._anchor_sizes:
            runs = list(zip(*(inner[k:] for k in range(size))))  # runs[j] starts at token lo + j
            anchors = {a for a in self._index.keys() & set(runs) if self._shortest[a] < len(text)}
            if not anchors:
                continue
            starts = starts or list(accumulate((len(token) + 1 for token in tokens), initial=offset))
            for i, anchor in enumerate(runs, lo):
                if anchor not in anchors:
                    continue
                for length, by_hash in self._index[anchor].items():
                    end = starts[i] + length
                    if end >= len(text):  # no token wk after it
                        continue
                    for line, head in by_hash.get(hash(text[starts[i]:end]), ()):
                        at = starts[i] - head - 1
                        if len(line) < len(text) and at >= 0 and text.startswith(line, at):
                            return True
        return False


# How many characters of a long line _HeldLines splits into tokens at a time.
_STRETCH = 1 << 16


def _stretches(text: str) -> Iterator[tuple[int, list[str], bool]]:
    """A normalised text's tokens a stretch of about _STRETCH characters at a time (its tokens
    all in a list would take some 8 bytes per byte of text): where each stretch starts, its
    tokens, and whether it is the last. A stretch starts with the last two tokens of the one
    before, so that every run of up to three tokens (an anchor) lies whole in one of them."""
    start = 0
    while True:
        # Three tokens at least, for the stretch to hold a run beyond the two it shares.
        second = text.find(" ", text.find(" ", start) + 1)
        end = text.find(" ", max(start + _STRETCH, second + 1)) if second >= 0 else -1
        tokens = text[start:end].split(" ") if end >= 0 else text[start:].split(" ")
        yield start, tokens, end < 0
        if end < 0:
            return
        start += sum(len(token) + 1 for token in tokens[:max(1, len(tokens) - 2)])


def _in_main(line: Line) -> bool:
    """The markup puts the line in the page's main content container, which outweighs what its
    text alone suggests (HTML input only)."""
    return line.structure is not None and line.structure.main


def _is_chrome(c: str, f: _Features, has_stopwords: bool, s: ScorerSettings) -> bool:
    """What reads as prose is never chrome: a line ending like a sentence, or a longer one full of stopwords."""
    if c == "bad":
        return True
    if c == "good":
        return False
    prose = f.final_stop or (c == "medium" and (f.stopwords >= s.good_min_stopwords or not has_stopwords))
    return not prose


def _announced_lists(doc: Document, text_lines: list[int], texts: list[str], paragraphs: list[bool],
                     chrome: list[bool], first: int, last: int, s: ScorerSettings) -> set[int]:
    """Positions of lines that follow a line ending in a colon ("The tour dates:"), up to
    list_max_lines of them, up to a run of blank lines and up to two paragraphs of prose in a row
    (`paragraphs`: good lines that end like a sentence), where the text has taken over again: a
    list the text announces is body.

    Only the text announces a list: a line inside the main text (positions `first` to `last`),
    or after it where it runs on from it, with at most one line that reads as chrome (`chrome`)
    or that another rule dropped, a heading, between ("SCOREBOARD", then "Bangladesh:" over a
    score card). Above the main text, or further below it (past a menu), a colon ends the label
    of a menu, a form or a teaser box ("LATEST BREAKING NEWS:", "Password:", "Showing now on FOX
    SPORTS:"), or a dateline over the story ("Monday, January 14, 2008 (Mumbai):"). `texts`: the
    lines' stripped texts."""
    listed: set[int] = set()
    # Lines read as chrome and not in a list, from the end of the main text up to pos: a list
    # only ever adds lines past pos, so the count is final once pos is passed.
    chrome_below = 0
    for pos, text in enumerate(texts):
        if pos > max(last, 0):  # the lines other rules dropped (a menu) are chrome between too
            chrome_below += _dropped(doc, text_lines[pos - 1] + 1, text_lines[pos])
        # A line of a list that announces another ("Most active developers:") starts it: the
        # second list is then counted from its own label, as it is when blank lines (gone from
        # the clean text) end the first list before it.
        if text.endswith(":") and first <= pos and (pos <= last or chrome_below <= 1):
            for k in range(pos + 1, min(len(text_lines), pos + 1 + s.list_max_lines)):
                between = range(text_lines[k - 1] + 1, text_lines[k])
                if sum(doc.lines[j].blank for j in between) >= 2 or (paragraphs[k] and paragraphs[k - 1]):
                    break
                listed.add(k)
        chrome_below += last < pos and chrome[pos] and pos not in listed
    return listed


# Three paragraphs of prose, enough for a story to have a main text.
_STORY = (
    "The council voted on Tuesday to close the library, saying that the building had become too costly to heat "
    "and that the number of visitors had fallen by a third since the new shopping centre opened on the edge of "
    "the town, which now has its own reading room.",
    "Residents who had campaigned for months to keep it open said they were disappointed by the vote and that "
    "they would appeal against the decision, which they described as short-sighted and unfair to the older "
    "people and the children who use it every day of the week, and most of all in the school holidays.",
    "The council said that it would look at other ways of keeping a library service in the town centre, such as "
    "a smaller room in the town hall, and that no member of staff would lose their job as a result of the "
    "closure, which is planned for the spring of next year.",
)


@dataclass(frozen=True)
class StoryCues:
    """The cues of each text line of a story the scorer weighs, and what it says of the story.

    `cues` gives the cues of each text line of `lines` in turn, made as they are read (once: a
    story of many thousand lines would otherwise hold a dict of cues for each); `where[k]` says
    where `lines[k]` lies ("inside the main text (lines 3-12)", "outside ..."), for the record."""

    lines: list[int]
    cues: Iterator[dict[str, float]]
    where: list[str]
    copies: dict[int, float]
    chrome: list[int]  # the lines the unfitted rule takes, and where each lies
    chrome_where: list[str]
    beside: bool = False  # no main text of its own: chrome beside the page's main text


# The cues a line is judged by (see story_cues); the fitted model weighs them.
CUES = ("words", "stopwords", "digits", "punctuation", "capitals", "headline", "final_stop", "good", "bad",
        "short", "has_main", "in_run", "distance", "between_bad", "prev_good", "next_good",
        "dropped_near", "main_share", "relative_words", "block_share", "after_main", "position", "beside",
        "after_comments", "after_end")


def story_cues(doc: Document, start: int, stop: int, judgements: _Judgements) -> StoryCues | None:
    """The cues of the text lines of doc.lines[start:stop] that the scorer judges, or None when it
    leaves the story alone (no text, or no main text while the page's main text is not elsewhere)."""
    text_lines = body_indexes(doc.lines, start, stop)
    if not text_lines:
        return None
    s = judgements.settings
    texts, feats, classes, has_stopwords = judgements.judge(text_lines)
    # The main text is found without the lines that copy it, as cleaning the clean text again
    # finds it: counted as prose, a copy could carry the main text across a line of chrome
    # that the second pass, without the copy, would leave outside and drop.
    copies = {text_lines[pos]: share for pos, share in _copies(texts, feats, judgements.normal_of).items()}
    if copies:
        text_lines = [i for i in text_lines if i not in copies]
        texts, feats, classes, has_stopwords = judgements.judge(text_lines)
    chrome = [_is_chrome(c, f, has_stopwords, s) for c, f in zip(classes, feats)]
    main = main_text(feats, classes, s)
    if main.first <= main.last:
        main = main._replace(span=(doc.lines[text_lines[main.first]].number, doc.lines[text_lines[main.last]].number))
    judgements.main_texts.append(main)
    has_main = main.found
    beside = False
    if has_main:
        # Where it ends is judged again with the chrome around it counted (see _run_values).
        values, where = _run_values(doc, start, stop, text_lines, feats, classes, s)
        a, b = _densest_run(values)
        first, last = where[a], where[b]
        span = (f"(lines {doc.lines[text_lines[first]].number}-{doc.lines[text_lines[last]].number}), "
                f"{main.describe()}")
        inside, outside = f"inside the main text {span}", f"outside the main text {span}"
    else:
        share = _prose_share(feats, classes)
        beside = not (len(text_lines) < s.beside_min_lines or share >= s.beside_max_prose or _has_table(texts, s)
                      or not _main_text_elsewhere(doc, start, stop, judgements))
        if not beside:
            return StoryCues([], iter(()), [], copies, [], []) if copies else None
        first, last = len(text_lines), -1
        # The markup's word (the page's main content container) outweighs the text's.
        chrome = [ch and not _in_main(doc.lines[i]) for ch, i in zip(chrome, text_lines)]
        inside = outside = (f"outside the main text, which another story of the page holds; this one is {share:.0%} "
                            f"prose and has {main.describe()}")
    ParagraphScore.teasers(doc, text_lines, classes, feats, chrome, first, last, start, judgements.headline_like_of)
    if first <= last:
        # The last chrome line above the main text: a headline there, with nothing but
        # prose between it and the main text, opens it and is left to the headline rules.
        openers = {max((k for k in range(first) if chrome[k]), default=-1)}
    else:
        # A headline over prose opens a story of its own, and is left to the headline rules.
        openers = {k for k in range(len(chrome) - 1) if chrome[k] and not chrome[k + 1]}
    paragraphs = [c == "good" and f.final_stop for c, f in zip(classes, feats)]
    listed = _announced_lists(doc, text_lines, texts, paragraphs, chrome, first, last, s)
    story_words = sum(f.words for f in feats) or 1
    run_words = sum(f.words for f, c in zip(feats[first:last + 1], classes[first:last + 1]) if c == "good")
    run_good = [f.words for f, c in zip(feats[first:last + 1], classes[first:last + 1]) if c == "good"]
    run_paragraph = math.log1p(sum(run_good) / len(run_good)) if run_good else math.log1p(s.good_min_words)
    before, beyond = _nearest_judged(classes)
    blocks = _block_shares(feats, classes)
    keys = [_row_key(text) for text in texts]
    kept_lines: list[int] = []
    wheres: list[str] = []
    weighed: list[int] = []  # the positions in text_lines of kept_lines
    # The lines dropped near each, read now: the rule marks lines while it reads the cues.
    dropped: list[int] = []
    chrome_lines: list[int] = []
    chrome_wheres: list[str] = []
    n = len(text_lines)
    below_comments = _shares_above_taken(doc, text_lines, feats, classes, first, last, run_words, COMMENT_RULES)
    below_end = _shares_above_taken(doc, text_lines, feats, classes, first, last, run_words, END_RULES)
    for pos, i in enumerate(text_lines):
        f, c, text = feats[pos], classes[pos], texts[pos]
        # A line of no words (a zero-width space, a rule of dashes) is no evidence of chrome
        # either: where the main text ends may move when the clean text is cleaned again.
        if not f.words:
            continue
        in_run = first <= pos <= last
        # The headline that opens the main text (or, in a story with none, prose) is left to
        # the headline rules.
        headline = judgements.headline_like_of(text)
        if headline and not in_run and chrome[pos] and pos in openers:
            continue
        # A list the text announces is body.
        if pos in listed:
            continue
        # What the unfitted rule takes goes: outside the main text, a line that reads as chrome;
        # inside it, a bad line between bad lines (as jusText revises a paragraph's class by its
        # neighbours), so its short lines (subheadings, list items, one-line quotes) stay.
        # The rest from where the main text starts is weighed by the model; above it is where the
        # headline rules look for the title, and a line dropped there would make another one the
        # first line when the clean text is cleaned again.
        if (c == "bad" and not headline and _between_bad(classes, pos, first, last)) if in_run else chrome[pos]:
            chrome_lines.append(i)
            chrome_wheres.append(f"{inside if in_run else outside}: {c}, {f.describe()}")
            continue
        # Nor are the rows of a table (lines that begin alike beside each other) weighed: their
        # words say little, and the table is body as a whole.
        if pos < first or _row_alike(keys, pos):
            continue
        weighed.append(pos)
        # The lines other rules dropped within dropped_near of this one, in the story.
        dropped.append(_dropped(doc, max(start, i - s.dropped_near), min(stop, i + s.dropped_near + 1)))
        kept_lines.append(i)
        wheres.append(f"{inside if in_run else outside}: {c}, {f.describe()}")

    def cues_of(pos: int, dropped_near: int) -> dict[str, float]:
        f, c, text = feats[pos], classes[pos], texts[pos]
        in_run = first <= pos <= last
        prev, after = before[pos], beyond[pos]
        distance = 0 if in_run else first - pos if pos < first else pos - last if last >= first else n
        return {
            "words": math.log1p(f.words),
            "stopwords": f.stopwords,
            "digits": f.digits,
            "punctuation": _punctuation_share(text),
            "capitals": _capital_share(judgements.words_of(text)),
            "headline": float(judgements.headline_like_of(text)),
            "final_stop": float(f.final_stop),
            "good": float(c == "good"),
            "bad": float(c == "bad"),
            "short": float(c == "short"),
            "has_main": float(has_main),
            "in_run": float(in_run),
            "distance": math.log1p(distance),
            "between_bad": float(prev != "good" and after != "good"),
            "prev_good": float(prev == "good"),
            "next_good": float(after == "good"),
            "dropped_near": float(dropped_near),
            "main_share": run_words / story_words,
            # The line's length against the main text's paragraphs: what is short on one page
            # is a paragraph on another.
            "relative_words": math.log1p(f.words) - run_paragraph,
            "block_share": blocks[pos],
            "after_main": float(first <= last < pos),
            "position": pos / n,
            "beside": float(beside),
            # How much of the main text lies above the comments' heading, or the story's end,
            # that this line follows.
            "after_comments": below_comments[pos],
            "after_end": below_end[pos],
        }

    return StoryCues(kept_lines, map(cues_of, weighed, dropped), wheres, copies, chrome_lines, chrome_wheres, beside)


# The rules whose lines open or hold readers' comments: a thread's heading or counter, its form,
# its rules, a thread of comments. Below them comes readers' text, however it is signed.
COMMENT_RULES = frozenset({"comment-prompt", "comment-policy", "comment-thread"})
# The rules whose lines close a story's text: a wire footer, a contributor or author bio, a follow
# prompt, the tag list, a link to the next story, the copyright and reuse notices, the share bar.
# Below them come teasers, link lists and the page's footers.
END_RULES = frozenset({"wire-footer", "contributor-credit", "author-bio", "follow-prompt", "tag-list", "prev-next",
                       "copyright", "reuse-notice", "share-prompt"})


def _shares_above_taken(doc: Document, text_lines: list[int], feats: list[_Features], classes: list[str],
                        first: int, last: int, run_words: int, rules: frozenset[str]) -> list[float]:
    """For each text line from the main text's start on, the share of the main text's good words
    (text lines `first` to `last`, `run_words` in all) above the last line before it that one of
    `rules` took (0 with none there, or no main text). How much of the main text such a line
    closes says how surely it ends the story: a "Post comment" link or a share bar over the
    story closes none of it."""
    shares = [0.0] * len(text_lines)
    if not run_words:  # no main text, or no prose in it
        return shares
    # One pass over the lines from the main text's start: text lines take the share so far, and
    # a line one of `rules` took sets it to the good words above it.
    above, share, pos = 0, 0.0, first
    for k in range(text_lines[first], text_lines[-1] + 1):
        if k == text_lines[pos]:
            shares[pos] = share
            if classes[pos] == "good" and pos <= last:
                above += feats[pos].words
            pos += 1
        elif doc.lines[k].mark.rule in rules:
            share = above / run_words
    return shares


def _row_alike(keys: list[str], pos: int) -> bool:
    """The line begins like the line before or after it (see _row_key)."""
    key = keys[pos]
    return bool(key) and ((pos > 0 and keys[pos - 1] == key) or (pos + 1 < len(keys) and keys[pos + 1] == key))


def _nearest_judged(classes: list[str]) -> tuple[list[str], list[str]]:
    """For each line, the class of the nearest judged (good or bad) line before it and after it
    ("" where there is none), in one pass each way."""
    before, after = [""] * len(classes), [""] * len(classes)
    last = ""
    for k, c in enumerate(classes):
        before[k] = last
        if c in ("good", "bad"):
            last = c
    last = ""
    for k in range(len(classes) - 1, -1, -1):
        after[k] = last
        if classes[k] in ("good", "bad"):
            last = classes[k]
    return before, after


def _block_shares(feats: list[_Features], classes: list[str]) -> list[float]:
    """For each line, the good words of its block (the lines between two bad ones) as a share of
    the story's largest block: an article's body runs on unbroken, where comments, teasers and
    link lists come in small blocks between their bylines, headlines and labels. 0 for a bad line."""
    block_of: list[int] = []
    totals = [0]
    for f, c in zip(feats, classes):
        if c == "bad" and f.words:
            block_of.append(-1)
            if totals[-1]:
                totals.append(0)
            continue
        block_of.append(len(totals) - 1)
        totals[-1] += f.words if c == "good" else 0
    largest = max(totals) or 1
    return [totals[b] / largest if b >= 0 else 0.0 for b in block_of]


def _between_bad(classes: list[str], pos: int, first: int, last: int) -> bool:
    """The nearest judged (good or bad) lines on both sides within the main text are bad."""
    before = next((classes[k] for k in range(pos - 1, first - 1, -1) if classes[k] in ("good", "bad")), "bad")
    after = next((classes[k] for k in range(pos + 1, last + 1) if classes[k] in ("good", "bad")), "bad")
    return before == "bad" and after == "bad"


def _punctuation_share(text: str) -> float:
    """The share of a line's non-space characters that are neither letters nor digits: the
    separators of menus, bread crumbs and tickers ("Home | News | Sport")."""
    chars = len(text) - text.count(" ")
    return len(_PUNCTUATION.findall(text, concurrent=False)) / chars if chars else 0.0


_PUNCTUATION = regex.compile(r"[^\w\s]")


def _capital_share(ws: Sequence[str]) -> float:
    """The share of a line's words that start with a capital: names, titles and labels."""
    return sum(w[:1].isupper() for w in ws) / len(ws) if ws else 0.0


def _dropped(doc: Document, lo: int, hi: int) -> int:
    """How many of lines lo to hi (not included) other rules dropped."""
    drop = Field.DROP
    return sum(1 for line in doc.lines[lo:hi] if line.mark.field is drop and not line.blank)


class ParagraphScore(Rule):
    id = "paragraph-score"
    description = ("A text line outside the story's main text (or the page's, in a story of chrome the "
                   "splitter cut off) or chrome between chrome inside it, judged from its length, stopwords, "
                   "final stop and digits and from its neighbours; any other line of such a story that the "
                   "fitted model, weighing those and its place against the main text, does not find likely to "
                   "be body; or a long line copying the story's text.")
    field = Field.DROP
    phase = STORY
    examples = (f"Home\nNews\nSport\nWeather\n{_STORY[0]}\n{_STORY[1]}\n{_STORY[2]}",)
    keeps = (f"{_STORY[0]}\nWhat happens next\n{_STORY[1]}\n{_STORY[2]}",
             f"\u200b\n{_STORY[0]}\n{_STORY[1]}\n{_STORY[2]}")

    def apply(self, doc: Document, start: int, stop: int, ctx: Context) -> bool:
        judgements = _judgements(doc, ctx)
        model = ctx.settings.scorer.model
        judged = len(judgements.main_texts)
        changed = False
        beside: bool | None = None  # whether the story, as first judged, is chrome beside the page's main text
        # A line the model drops is gone from its neighbours' cues when the clean text is cleaned
        # again; so the story is weighed again without it until the model drops nothing more.
        while (story := story_cues(doc, start, stop, judgements)) is not None:
            for i, share in story.copies.items():
                reason = f"a copy of the story's text: {share:.0%} of its word 4-grams are in its shorter lines"
                doc.lines[i].mark = Mark(self.field, self.id, reason)
            for i, where in zip(story.chrome, story.chrome_where):
                doc.lines[i].mark = Mark(self.field, self.id, f"{where}: reads as chrome")
            changed |= bool(story.copies or story.chrome)
            beside = story.beside if beside is None else beside
            weighed = False
            for i, cues, where in zip(story.lines, story.cues, story.where):
                p = model.probability(cues)
                if p >= model.threshold:
                    continue
                contributions = sorted(model.contributions(cues).items(), key=lambda item: item[1])
                against = ", ".join(f"{name} {value:+.2f}" for name, value in contributions[:3])
                reason = f"{where}; body probability {p:.2f} < {model.threshold:.2f} ({against})"
                doc.lines[i].mark = Mark(self.field, self.id, reason)
                weighed = True
            changed |= weighed
            if not weighed:
                break
        if len(judgements.main_texts) > judged:  # the story was judged: say what of
            main = judgements.main_texts[judged]
            doc.notes.append(Note(doc.lines[start].number, self.id, main.note(ctx.settings.scorer.main_text)))
            if beside:
                ctx.state(doc).without_main_text.add((start, stop))
        return changed

    @staticmethod
    def teasers(doc: Document, text_lines: list[int], classes: list[str], feats: list[_Features],
                chrome: list[bool], first: int, last: int, start: int, headline_like: Callable[[str], bool]) -> None:
        """Outside the main text, a longer line without a final stop is a teaser's headline or
        summary, unless it runs on from the main text: only prose, and nothing another rule
        dropped, lies between them (a closing note, a sponsor line). Marks them in `chrome`.

        The heading right above the main text (the first line met going up that reads as
        chrome, when it reads as a headline) is no break at the top of a clean text: when the
        story's lines above it are all text, none reads as chrome, and they are more than one
        (one line over it is the story's headline, for the headline rules). A page's markup
        keeps such lines in its main content (a paper's "Increased time to problem resolution"
        under the points it lists), so the clean text, cleaned again, keeps them too."""
        for outward in (range(last + 1, len(text_lines)), range(first - 1, -1, -1)):
            if first > last:  # no main text in this story: nothing runs on from it
                near, prev = False, text_lines[0]
            else:
                near, prev = True, text_lines[last] if outward.start > last else text_lines[first]
            heading = outward.start < first  # above the main text, its heading is still to be met
            for pos in outward:
                i = text_lines[pos]
                lo, hi = min(prev, i), max(prev, i)
                if near and any(doc.lines[j].mark.field is Field.DROP for j in range(lo + 1, hi)):
                    near = False
                weak = classes[pos] == "medium" and not feats[pos].final_stop and not _in_main(doc.lines[i])
                if weak and not near:
                    chrome[pos] = True
                elif chrome[pos] and feats[pos].words:
                    near = (near and heading and pos >= 2 and headline_like(doc.lines[i].rest.strip())
                            and all(line.is_body or line.blank for line in doc.lines[start:i])
                            and not any(chrome[k] and feats[k].words for k in range(pos)))
                    heading = False
                prev = i
