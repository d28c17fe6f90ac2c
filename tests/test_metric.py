"""The benchmark's shingle metric, against values worked out by hand."""
from __future__ import annotations

import itertools
import random
from collections import Counter

import pytest

from cleaner.training import metric

Counts, StoryMatch = metric.Counts, metric.StoryMatch


def words(prefix: str, n: int) -> str:
    return " ".join(f"{prefix}{i}" for i in range(n))


def test_tokens_ignore_case_punctuation_and_whitespace():
    assert metric.tokens("The U.S.\n\n  “Senate” — votes; Привет, мир") == \
        ["the", "u", "s", "senate", "votes", "привет", "мир"]


def test_shingles_are_four_grams_of_consecutive_tokens():
    assert metric.shingles("a b c d e") == Counter({("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1})


@pytest.mark.parametrize(("text", "expected"), [
    ("", Counter()),
    ("  ...  ", Counter()),
    ("Hello", Counter({("hello",): 1})),
    ("Hello, world!", Counter({("hello", "world"): 1})),
    ("one two three", Counter({("one", "two", "three"): 1})),
])
def test_short_texts_give_one_shorter_shingle_and_empty_none(text, expected):
    assert metric.shingles(text) == expected


def test_identical_text_scores_one():
    counts = metric.compare("A B c d e.", "a b C D E")
    assert counts == Counts(tp=2, fp=0, fn=0)
    assert (counts.precision, counts.recall, counts.f1) == (1.0, 1.0, 1.0)
    scores = metric.score_documents([counts])
    assert (scores.precision, scores.recall, scores.f1, scores.files) == (1.0, 1.0, 1.0, 1)


def test_disjoint_text_scores_zero():
    counts = metric.compare("a b c d e", "v w x y z")
    assert counts == Counts(tp=0, fp=2, fn=2)
    assert (counts.precision, counts.recall, counts.f1) == (0.0, 0.0, 0.0)
    assert metric.score_documents([counts]).f1 == 0.0


def test_short_texts_match_only_whole():
    assert metric.compare("hello world", "Hello, World") == Counts(1, 0, 0)
    # "hello" is one shingle ("hello",), which is not the gold's ("hello", "world")
    assert metric.compare("hello", "hello world") == Counts(0, 1, 1)


def test_empty_prediction_has_no_precision_and_zero_recall():
    counts = metric.compare("", "a b c d")
    assert counts == Counts(0, 0, 1)
    assert counts.precision is None and counts.recall == 0.0


def test_shingles_count_as_multisets():
    gold = "a b c d a b c d"  # abcd twice, bcda, cdab, dabc once
    assert metric.compare("a b c d", gold) == Counts(tp=1, fp=0, fn=4)
    # abcd twice, plus bcdx cdxa dxab xabc that gold lacks
    assert metric.compare("a b c d x a b c d", gold) == Counts(tp=2, fp=4, fn=3)
    # the text printed twice (7 shingles) does not earn the gold's 2 shingles twice
    assert metric.compare("a b c d e a b c d e", "a b c d e") == Counts(tp=2, fp=5, fn=0)


def test_means_skip_files_without_prediction_or_gold():
    scores = metric.score_documents([Counts(1, 0, 3), Counts(0, 0, 2), Counts(3, 1, 0)])
    # precision over the 1st and 3rd file only: (1 + 0.75) / 2; recall over all three
    assert scores.precision == pytest.approx(0.875)
    assert scores.recall == pytest.approx((0.25 + 0.0 + 1.0) / 3)
    assert scores.f1 == pytest.approx(2 * 0.875 * (1.25 / 3) / (0.875 + 1.25 / 3))


def test_pair_f1_uses_raw_counts():
    assert Counts(tp=3, fp=1, fn=1).f1 == pytest.approx(6 / 8)


def test_matching_takes_pairs_above_threshold_before_summed_f1():
    # articles (rows) against stories (columns): the crossed pairs sum to more (1.58 > 0.9),
    # but only the straight pairs find a story
    f1 = [[0.9, 0.79],
          [0.79, 0.0]]
    assert metric.assign(f1, 2) == (0.9, 0.0)


def test_matching_then_maximises_summed_f1():
    f1 = [[0.85, 0.3],
          [0.9, 0.6]]
    # both assignments find one story; the straight one sums to more (1.45 > 1.2), though
    # taking the best single pair first would cross them
    assert metric.assign(f1, 2) == (0.85, 0.6)


def test_matching_is_one_to_one_with_surplus_articles():
    f1 = [[0.9, 0.0, 0.0], [0.95, 0.0, 0.0], [0.0, 0.0, 0.5]]
    assert metric.assign(f1, 3) == (0.95, 0.0, 0.5)
    assert metric.assign([], 2) == (0.0, 0.0)


def test_matching_agrees_with_exhaustive_search():
    rng = random.Random(7)
    for _ in range(200):
        gold, predicted = rng.randint(1, 4), rng.randint(0, 6)
        f1 = [[rng.choice([0.0, 0.5, 0.79, 0.8, 0.9, 1.0, rng.random()]) for _ in range(gold)]
              for _ in range(predicted)]

        def key(per_story):
            return (sum(v >= metric.FOUND_F1 for v in per_story), sum(per_story))

        options = []
        for articles in itertools.permutations([*range(predicted), *[None] * gold], gold):
            options.append(tuple(0.0 if j is None else f1[j][i] for i, j in enumerate(articles)))
        best = max(key(option) for option in options)
        got = metric.assign(f1, gold)
        assert key(got) == pytest.approx(best)
        assert got in options


def test_match_stories_on_text():
    a, b = words("a", 24), words("b", 14)  # 21 and 11 shingles
    split = metric.match_stories([a, b], [b, a])
    assert split == StoryMatch(gold=2, predicted=2, story_f1=(1.0, 1.0)) and split.found == 2
    # one merged article: 21 of its 35 shingles are a's (3 span the join), F1 = 42 / (42 + 14)
    merged = metric.match_stories([a, b], [a + "\n\n" + b])
    assert merged.story_f1 == pytest.approx((0.75, 0.0)) and merged.found == 0


def test_multi_scores():
    scores = metric.score_multi([StoryMatch(2, 2, (1.0, 0.9)), StoryMatch(3, 1, (0.5, 0.0, 0.0))])
    assert scores.count_accuracy == 0.5
    assert scores.precision == pytest.approx(2 / 3)
    assert scores.recall == pytest.approx(2 / 5)
    assert scores.f1 == pytest.approx(0.5)
    assert scores.mean_story_f1 == pytest.approx((1.0 + 0.9 + 0.5) / 5)
    assert scores.files == 2
