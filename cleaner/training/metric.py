"""The devdata shingle metric (see ../shared/devdata/README.md), for single- and multi-story files.

Single-story files: each file's prediction is compared with its gold body as multisets of 4-gram
shingles; precision and recall are averaged over files, so every file weighs the same.

Multi-story files: gold stories and predicted articles are matched one to one; a story is found
when its article's shingle F1 is at least FOUND_F1.

Pure Python on purpose: it runs in the plain test environment, with no training extra.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex

SHINGLE_SIZE = 4
FOUND_F1 = 0.8

_TOKEN = regex.compile(r"\w+")

Shingle = tuple[str, ...]


def tokens(text: str) -> list[str]:
    """Every `\\w+` match, lower-cased: case, punctuation and whitespace do not matter."""
    found: list[str] = _TOKEN.findall(text.lower())
    return found


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[Shingle]:
    """The multiset of `size`-grams of consecutive tokens. A text with fewer tokens gives one
    shorter shingle of all of them, an empty text none."""
    words = tokens(text)
    if not words:
        return Counter()
    return Counter(tuple(words[i:i + size]) for i in range(max(1, len(words) - size + 1)))


@dataclass(frozen=True)
class Counts:
    """Raw shingle counts of one prediction against one gold text."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float | None:
        """None when nothing was predicted: such a file does not count towards mean precision."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        """None when the gold is empty: such a file does not count towards mean recall."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float:
        """2tp / (2tp + fp + fn); two empty texts agree fully."""
        total = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / total if total else 1.0


def compare(predicted: str | Counter[Shingle], gold: str | Counter[Shingle]) -> Counts:
    """Shingle counts of a prediction against gold; either may be given as text or shingles."""
    pred = shingles(predicted) if isinstance(predicted, str) else predicted
    true = shingles(gold) if isinstance(gold, str) else gold
    tp = sum((pred & true).values())
    return Counts(tp, sum(pred.values()) - tp, sum(true.values()) - tp)


def harmonic_mean(a: float, b: float) -> float:
    return 2 * a * b / (a + b) if a + b else 0.0


def _mean(values: list[float]) -> float:
    # A system that predicts nothing for every file has no precision to average: score it 0.
    return sum(values) / len(values) if values else 0.0


@dataclass(frozen=True)
class Scores:
    """Mean precision over files that predicted something, mean recall over files with gold,
    and F1 as the harmonic mean of the two means."""

    precision: float
    recall: float
    f1: float
    files: int


def score_documents(counts: Iterable[Counts]) -> Scores:
    counts = list(counts)
    precision = _mean([c.precision for c in counts if c.precision is not None])
    recall = _mean([c.recall for c in counts if c.recall is not None])
    return Scores(precision, recall, harmonic_mean(precision, recall), len(counts))


@dataclass(frozen=True)
class StoryMatch:
    """The optimal one-to-one matching of one multi-story file.

    `story_f1` holds, per gold story in file order, the shingle F1 of the article matched to it,
    0.0 when no article is.
    """

    gold: int
    predicted: int
    story_f1: tuple[float, ...]

    @property
    def found(self) -> int:
        return sum(f1 >= FOUND_F1 for f1 in self.story_f1)


def match_stories(gold: Sequence[str], predicted: Sequence[str]) -> StoryMatch:
    """Match a file's gold stories to its predicted articles one to one (see `assign`)."""
    gold_shingles = [shingles(text) for text in gold]
    f1 = [[compare(shingles(text), true).f1 for true in gold_shingles] for text in predicted]
    return StoryMatch(len(gold), len(predicted), assign(f1, len(gold)))


def assign(f1: Sequence[Sequence[float]], gold: int) -> tuple[float, ...]:
    """The optimal one-to-one matching of `gold` stories to predicted articles, where `f1[j][i]`
    is the F1 of article j against story i. It first maximises the number of pairs with
    F1 >= FOUND_F1, then the summed F1, and gives the matched F1 per story (0.0 if unmatched).

    Files hold a handful of gold stories but predictions may be many, so a dynamic programme
    over the articles, keyed by the set of stories already taken, is exact and costs
    len(f1) * 2**gold * gold.
    """
    # best[taken] = ((found, summed F1), F1 per story) over the articles seen so far
    best: dict[int, tuple[tuple[int, float], tuple[float, ...]]] = {0: ((0, 0.0), (0.0,) * gold)}
    for row in f1:
        step = dict(best)  # the article may stay unmatched
        for taken, ((found, total), per_story) in best.items():
            for i, value in enumerate(row):
                if taken >> i & 1 or value == 0.0:
                    continue
                key = (found + (value >= FOUND_F1), total + value)
                mask = taken | 1 << i
                if mask not in step or key > step[mask][0]:
                    step[mask] = (key, per_story[:i] + (value,) + per_story[i + 1:])
        best = step
    return max(best.values(), key=lambda entry: entry[0])[1]


@dataclass(frozen=True)
class MultiScores:
    """Scores of multi-story files.

    - count_accuracy: share of files whose article count equals their story count;
    - precision, recall: found stories / predicted articles and / gold stories, summed over
      files; f1 their harmonic mean;
    - mean_story_f1: mean over all gold stories of the shingle F1 of the article matched to
      each (0 when unmatched), which credits near misses that `found` does not.
    """

    count_accuracy: float
    precision: float
    recall: float
    f1: float
    mean_story_f1: float
    files: int


def score_multi(matches: Iterable[StoryMatch]) -> MultiScores:
    matches = list(matches)
    found = sum(m.found for m in matches)
    predicted = sum(m.predicted for m in matches)
    gold = sum(m.gold for m in matches)
    precision = found / predicted if predicted else 0.0
    recall = found / gold if gold else 0.0
    return MultiScores(
        count_accuracy=_mean([float(m.gold == m.predicted) for m in matches]),
        precision=precision,
        recall=recall,
        f1=harmonic_mean(precision, recall),
        mean_story_f1=_mean([f1 for m in matches for f1 in m.story_f1]),
        files=len(matches),
    )
