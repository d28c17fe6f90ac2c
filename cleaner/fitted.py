"""The cleaner's fitted parameters, read from `fitted.toml` beside this module.

Every weight and threshold that a decision weighs several cues with is fitted on data by a
training command (`python -m cleaner.training --help`) and written to `fitted.toml`, one table
per model. Nothing here fits: this module only reads the file and applies a model, with the
standard library, so cleaning needs no training dependency.

A model is linear: each cue is scaled (`(x - mean) / scale`, as fitted), weighted and summed with
the bias; the logistic function turns the sum into a probability, and the model says yes when it
reaches the fitted threshold. `contributions` gives each cue's share of the sum, which `--explain`
prints, so every decision shows why it was taken.
"""
from __future__ import annotations

import math
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

FITTED_FILE = "fitted.toml"


@dataclass(frozen=True)
class LinearModel:
    """A fitted logistic model over named cues."""

    name: str
    features: tuple[str, ...]
    weights: tuple[float, ...]
    means: tuple[float, ...]
    scales: tuple[float, ...]
    bias: float
    threshold: float  # a probability: the model says yes at or above it

    @classmethod
    def from_table(cls, name: str, table: Mapping[str, Any]) -> LinearModel:
        features = tuple(table["features"])
        weights = table["weights"]
        means = table.get("means", {})
        scales = table.get("scales", {})
        return cls(
            name=name,
            features=features,
            weights=tuple(float(weights[f]) for f in features),
            means=tuple(float(means.get(f, 0.0)) for f in features),
            scales=tuple(float(scales.get(f, 1.0)) or 1.0 for f in features),
            bias=float(table["bias"]),
            threshold=float(table["threshold"]),
        )

    def to_table(self, trained: str) -> dict[str, Any]:
        """The model as a table of fitted.toml (what `from_table` reads), with `trained` saying
        what command and data fitted it."""
        return {
            "trained": trained,
            "features": list(self.features),
            "weights": dict(zip(self.features, self.weights)),
            "means": dict(zip(self.features, self.means)),
            "scales": dict(zip(self.features, self.scales)),
            "bias": self.bias,
            "threshold": self.threshold,
        }

    def contributions(self, cues: Mapping[str, float]) -> dict[str, float]:
        """Each cue's term in the sum, for `--explain`; a cue that is absent counts as 0."""
        return dict(zip(self.features, self._terms(cues)))

    def probability(self, cues: Mapping[str, float]) -> float:
        # The terms are summed as they come: a decision needs no dict of them, only --explain does.
        total = self.bias + sum(self._terms(cues))
        if total < -60:  # a deliberate floor: below it the probability is under 1e-26, taken as 0
            return 0.0
        return 1.0 / (1.0 + math.exp(-total))

    def _terms(self, cues: Mapping[str, float]) -> Iterator[float]:
        """Each cue's term, in the order of `features`."""
        return (w * (float(cues.get(f, 0.0)) - m) / s
                for f, w, m, s in zip(self.features, self.weights, self.means, self.scales))

    def decide(self, cues: Mapping[str, float]) -> bool:
        return self.probability(cues) >= self.threshold


def fitted_tables() -> dict[str, Any]:
    """The whole of `fitted.toml`, read afresh: `Settings()` reads its fitted models when it is
    made, and the Cleaner passes them along, so nothing here keeps state."""
    data = resources.files(__package__).joinpath(FITTED_FILE).read_text(encoding="utf-8")
    return tomllib.loads(data)


def linear_model(name: str) -> LinearModel:
    """The fitted model of that name (a table of `fitted.toml`)."""
    return LinearModel.from_table(name, fitted_tables()[name])
