"""The scorer's trainer: labels from gold, a model fitted with each page weighing the same, and a
threshold that keeps as much of the body as the unfitted rule did."""
from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.rules.scorer import CUES
from cleaner.training import data, metric
from cleaner.training.__main__ import TRAINERS
from cleaner.training.text import PageSamples, Sample, _estimate, fit, label_line


def _page(name: str, samples: list[Sample]) -> PageSamples:
    page = data.Page(name, "devdata", "region", "devdata", name, "en", Path(name), "")
    return PageSamples(page, samples, sum(s.in_gold for s in samples))


def _labelled(body: bool, bad: bool, words: float) -> Sample:
    cues = dict.fromkeys(CUES, 0.0)
    cues.update(bad=float(bad), words=words, stopwords=0.4 if body else 0.0)
    return Sample(cues, body, 10 if body else 0, 0 if body else 10)


def test_the_trainer_is_registered():
    assert "text" in TRAINERS


def test_the_estimate_counts_what_a_threshold_keeps_and_loses():
    page = _page("a", [_labelled(True, False, 3.0), _labelled(False, True, 1.0)])
    assert _estimate([page], [[0.9, 0.1]], 0.5) == (1.0, 1.0)
    assert _estimate([page], [[0.9, 0.9]], 0.5) == (0.5, 1.0)
    assert _estimate([page], [[0.1, 0.1]], 0.5) == (0.0, 0.0)


def test_a_fitted_model_drops_chrome_and_keeps_body():
    pytest.importorskip("sklearn")
    pages = [_page(f"p{k}", [_labelled(True, False, 3.0 + k % 3), _labelled(False, True, 1.0),
                             _labelled(True, False, 2.5), _labelled(False, True, 0.7)]) for k in range(20)]
    model = fit(pages)
    body, chrome = pages[0].samples[0].cues, pages[0].samples[1].cues
    assert model.decide(body) and not model.decide(chrome)


def test_a_line_shorter_than_a_shingle_is_body_when_its_words_are_in_the_gold_in_a_row():
    """A subheading or a list item has no 4-gram of its own, but the 4-grams across it are lost
    with it: it counts one for each of its words."""
    gold_text = "Council votes to close the library\nThe tour dates:\nJune 9\nWest Palm Beach"
    gold, tokens = metric.shingles(gold_text), f" {' '.join(metric.tokens(gold_text))} "
    cues = dict.fromkeys(CUES, 0.0)
    item = label_line("June 9", cues, gold, tokens)
    assert item.body and (item.in_gold, item.out_of_gold) == (2, 0)
    menu = label_line("Home | Sport", cues, gold, tokens)
    assert not menu.body and (menu.in_gold, menu.out_of_gold) == (0, 2)
    assert label_line("Council votes to close the library", cues, gold, tokens).body


def test_a_tie_on_f1_goes_to_the_threshold_fewest_stories_cross_on_a_second_cleaning():
    """A story at 0.79 on its page and 0.83 in its clean text is left whole at 0.80 and 0.82, but
    cleaned again it would lose lines; 0.78 finds its main text the first time. Where no story
    crosses, the highest threshold of the tie."""
    from cleaner.training.main_text import settle_tie

    assert settle_tie([0.78, 0.80, 0.82], [0.79, 0.5], [0.83, None]) == 0.78
    assert settle_tie([0.78, 0.80, 0.82], [0.5, 0.9], [0.6, 0.95]) == 0.82


def test_the_end_values_tied_on_f1_are_chosen_by_a_second_cleaning():
    """Of the values within TIE of the best F1, those whose articles change least when cleaned
    again win; a clearly worse F1 never does, however steady."""
    from cleaner.fitted import EndValues
    from cleaner.training.main_text_end import TIE, choose

    best, steadier, steadiest_but_worse = EndValues(2, 2, 8), EndValues(2, 2, 2), EndValues(2, 0, 2)
    scored = [(best, (0.9267, 30)), (steadier, (0.9267 - TIE / 2, 27)), (steadiest_but_worse, (0.9254, 20))]
    assert choose(scored) == steadier
    # On a tie on both, the smaller values: the ones that move the run least.
    assert choose([(EndValues(4, 2, 8), (0.9267, 27)), (EndValues(2, 2, 8), (0.9267, 27))]) == EndValues(2, 2, 8)
    assert "main_text_end" in TRAINERS
