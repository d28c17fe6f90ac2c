"""Fits a `StepModel`: boosted one-split trees (stumps), each on one cue, summed per cue.

Every round fits one stump to the logistic loss's gradient (a Newton step) at the cue and split
that lower the loss most, and adds a small share of it. Stumps on one cue add up to a step
function of that cue, so the model stays a sum of per-cue terms, which `--explain` prints, while
a cue can weigh more in one range of values than in another (a story's first hundred words of
prose say much more than its next thousand). Each cue's steps are centred on the training mean,
the rest going to the bias, so a term says how much the cue moves the decision from the usual.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..fitted import StepModel

if TYPE_CHECKING:
    import numpy as np

ROUNDS = 300
RATE = 0.1
# The smallest share of the rows a stump's side may hold (a step fitted to a handful of
# candidates is noise), and the ridge on each side's value.
MIN_SIDE = 0.002
RIDGE = 1.0
# At most this many split points per cue, at quantiles of its values.
BINS = 48


def split_points(column: np.ndarray) -> np.ndarray:
    """Where a cue can be split: midway between the values it takes, or between quantiles of
    them when it takes many."""
    import numpy as np

    values = np.unique(column)
    if len(values) > BINS:
        values = np.unique(np.quantile(column, np.linspace(0, 1, BINS + 1)))
    midpoints: np.ndarray = (values[1:] + values[:-1]) / 2
    return midpoints


def fit_steps(name: str, features: Sequence[str], x: np.ndarray, y: np.ndarray,
              rounds: int = ROUNDS, rate: float = RATE) -> tuple[StepModel, np.ndarray]:
    """The model, with threshold 0.5, and its probability of each row."""
    import numpy as np

    n, k = x.shape
    points = [split_points(x[:, j]) for j in range(k)]
    bins = [np.searchsorted(p, x[:, j], side="right") for j, p in enumerate(points)]
    terms = [np.zeros(len(p) + 1) for p in points]  # each cue's value per bin
    share = float(np.clip(y.mean(), 1e-6, 1 - 1e-6))
    bias = float(np.log(share / (1 - share)))
    total = np.full(n, bias)
    least = MIN_SIDE * n
    for _ in range(rounds):
        p = 1 / (1 + np.exp(-total))
        g, h = p - y, p * (1 - p)
        best: tuple[float, int, int, float, float] | None = None
        for j in range(k):
            if not len(points[j]):
                continue
            gs = np.bincount(bins[j], g, len(points[j]) + 1).cumsum()
            hs = np.bincount(bins[j], h, len(points[j]) + 1).cumsum()
            rows = np.bincount(bins[j], None, len(points[j]) + 1).cumsum()
            gl, hl, gr, hr = gs[:-1], hs[:-1], gs[-1] - gs[:-1], hs[-1] - hs[:-1]
            gain = gl ** 2 / (hl + RIDGE) + gr ** 2 / (hr + RIDGE)
            gain[(rows[:-1] < least) | (rows[-1] - rows[:-1] < least)] = -np.inf
            s = int(np.argmax(gain))
            if best is None or gain[s] > best[0]:
                best = (float(gain[s]), j, s, float(-gl[s] / (hl[s] + RIDGE)), float(-gr[s] / (hr[s] + RIDGE)))
        if best is None or not np.isfinite(best[0]):
            break
        _, j, s, left, right = best
        terms[j][:s + 1] += rate * left
        terms[j][s + 1:] += rate * right
        total += rate * np.where(bins[j] <= s, left, right)
    at: list[tuple[float, ...]] = []
    values: list[tuple[float, ...]] = []
    for j in range(k):
        mean = float(terms[j][bins[j]].mean())
        bias += mean
        # Only the points where the term changes are kept: a readable table per cue.
        term = terms[j] - mean
        keep = [s for s in range(len(points[j])) if term[s + 1] != term[s]]
        at.append(tuple(round(float(points[j][s]), 6) for s in keep))
        values.append(tuple(round(float(v), 6) for v in [term[0], *(term[s + 1] for s in keep)]))
    model = StepModel(name, tuple(features), tuple(at), tuple(values), round(bias, 6), 0.5)
    return model, 1 / (1 + np.exp(-total))
