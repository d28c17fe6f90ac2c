"""The container model's trainer: the fit ranks each page's good containers first."""
from __future__ import annotations

import pytest

pytest.importorskip("scipy")

from cleaner.training.html import Example, explain, fit


def _page(name: str, good_share: float, wrapper_share: float) -> list[Example]:
    """A page with a good container, a wrapper around the whole page and a link list."""
    return [
        Example(name, 5, 40, {"share": good_share, "links": 0.05}, 0.98),
        Example(name, 0, 90, {"share": wrapper_share, "links": 0.40}, 0.70),
        Example(name, 50, 80, {"share": 0.15, "links": 0.90}, 0.05),
    ]


def test_the_fit_ranks_the_good_container_first():
    train = [ex for k in range(20) for ex in _page(f"p{k}", 0.7 + k / 100, 1.0)]
    model = fit(train)
    assert dict(zip(model.features, model.weights))["links"] < 0
    for k in range(3):
        page = _page(f"held{k}", 0.75, 1.0)
        best = max(page, key=lambda ex: model.probability(ex.cues))
        assert best.f1 == 0.98


def test_explain_shows_each_candidates_cues(tmp_path):
    story = "".join(f"<p>The council voted on Tuesday to close the old bridge for two years, number {k}.</p>"
                    for k in range(6))
    path = tmp_path / "page.html"
    path.write_text(f"<html><body><div class='story'>{story}</div></body></html>", encoding="utf-8")
    out: list[str] = []
    explain(path, out.append)
    assert out and "<div story>" in out[0] and "share" in out[0]
