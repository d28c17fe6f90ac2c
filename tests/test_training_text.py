"""The scorer's trainer: labels from gold, a model fitted with each page weighing the same, and a
threshold that keeps as much of the body as the unfitted rule did."""
from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.rules.scorer import CUES
from cleaner.training import data
from cleaner.training.__main__ import TRAINERS
from cleaner.training.text import PageSamples, Sample, _estimate, fit


def _page(name: str, samples: list[Sample]) -> PageSamples:
    page = data.Page(name, "devdata", "region", "devdata", name, "en", Path(name), "")
    return PageSamples(page, samples, sum(s.in_gold for s in samples))


def _sample(body: bool, bad: bool, words: float) -> Sample:
    cues = dict.fromkeys(CUES, 0.0)
    cues.update(bad=float(bad), words=words, stopwords=0.4 if body else 0.0)
    return Sample(cues, body, 10 if body else 0, 0 if body else 10)


def test_the_trainer_is_registered():
    assert "text" in TRAINERS


def test_the_estimate_counts_what_a_threshold_keeps_and_loses():
    page = _page("a", [_sample(True, False, 3.0), _sample(False, True, 1.0)])
    assert _estimate([page], [[0.9, 0.1]], 0.5) == (1.0, 1.0)
    assert _estimate([page], [[0.9, 0.9]], 0.5) == (0.5, 1.0)
    assert _estimate([page], [[0.1, 0.1]], 0.5) == (0.0, 0.0)


def test_a_fitted_model_drops_chrome_and_keeps_body():
    pytest.importorskip("sklearn")
    pages = [_page(f"p{k}", [_sample(True, False, 3.0 + k % 3), _sample(False, True, 1.0),
                             _sample(True, False, 2.5), _sample(False, True, 0.7)]) for k in range(20)]
    model = fit(pages, "test")
    body, chrome = pages[0].samples[0].cues, pages[0].samples[1].cues
    assert model.decide(body) and not model.decide(chrome)
