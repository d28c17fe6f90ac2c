"""The cleaner's fitted parameters, read from `fitted.toml` beside this module.

Every weight and threshold that a decision weighs several cues with is fitted on data by a
training command (`python -m cleaner.training --help`) and written to `fitted.toml`, one table
per model. Nothing here fits: this module only reads the file and applies a model, with the
standard library, so cleaning needs no training dependency.

A model is additive: each cue adds a term to the bias, and the logistic function turns the sum
into a probability; the model says yes when it reaches the fitted threshold. `contributions`
gives each cue's term, which `--explain` prints, so every decision shows why it was taken. In a
`LinearModel` the term is a weight times the scaled cue (`(x - mean) / scale`, as fitted); in a
`StepModel` it is read off a step function of the cue's value, a table of the values the cue
changes at and the term between each (a sum of fitted one-split trees, so a count or a similarity
can weigh more in one range than another).
"""
from __future__ import annotations

import math
import tomllib
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from typing import Any

FITTED_FILE = "fitted.toml"


class CueModel:
    """What a fitted logistic model over named cues offers, linear or made of steps."""

    name: str
    features: tuple[str, ...]
    bias: float
    threshold: float  # a probability: the model says yes at or above it

    def terms(self, cues: Mapping[str, float]) -> list[float]:
        """Each cue's term in the sum, in the order of `features`; a cue that is absent counts as 0."""
        raise NotImplementedError

    def weighed_terms(self, cues: Mapping[str, float]) -> list[float]:
        """The terms of `terms` that the model can make other than 0, in the same order: a cue
        fitted a weight of 0 (or a step function that stays at 0) adds nothing to a sum, bit for
        bit. A decision sums only these: the splitter weighs every candidate and the scorer every
        line, and a fitted model leaves several cues at 0."""
        raise NotImplementedError

    def to_table(self, trained: str) -> dict[str, Any]:
        """The model as a table of fitted.toml, with `trained` saying what command and data
        fitted it."""
        raise NotImplementedError

    def spans(self) -> dict[str, float]:
        """How far each cue can move the sum: what a trainer prints of the model it wrote."""
        raise NotImplementedError

    def contributions(self, cues: Mapping[str, float]) -> dict[str, float]:
        """Each cue's term by name, for `--explain`."""
        return dict(zip(self.features, self.terms(cues)))

    def probability(self, cues: Mapping[str, float]) -> float:
        # A decision needs no dict of the terms, only --explain does.
        return _logistic(self.bias + sum(self.weighed_terms(cues)))

    def highest(self, cues: Mapping[str, float], unknown: frozenset[str]) -> float:
        """The highest probability the model can give these cues once the cues named in `unknown`
        (whose values in `cues` are not known yet) are: each of those at its most favourable term.
        Every term is at least the one `probability` adds, in the same order, so (rounding being
        monotonic) the sum and the probability are too: below the threshold, the model says no
        whatever the unknown cues turn out to be."""
        return _logistic(self.bias + sum(self.highest_terms(cues, unknown)))

    def highest_terms(self, cues: Mapping[str, float], unknown: frozenset[str]) -> list[float]:
        """The terms of `weighed_terms`, with each cue named in `unknown` at its highest."""
        raise NotImplementedError

    def decide(self, cues: Mapping[str, float]) -> bool:
        return self.probability(cues) >= self.threshold


@dataclass(frozen=True)
class LinearModel(CueModel):
    """A fitted logistic model over named cues."""

    name: str
    features: tuple[str, ...]
    weights: tuple[float, ...]
    means: tuple[float, ...]
    scales: tuple[float, ...]
    bias: float
    threshold: float  # a probability: the model says yes at or above it

    @classmethod
    def constant(cls, name: str, answer: bool) -> LinearModel:
        """A model of no cues that always says `answer`: what a decision is worth either way."""
        return cls(name, (), (), (), (), 50.0 if answer else -50.0, 0.5)

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

    @cached_property
    def _cues(self) -> tuple[tuple[str, float, float, float], ...]:
        """Each cue with its weight, mean and scale."""
        return tuple(zip(self.features, self.weights, self.means, self.scales))

    @cached_property
    def _weighed(self) -> tuple[tuple[str, float, float, float], ...]:
        """The same, of the cues with a weight."""
        return tuple(cue for cue in self._cues if cue[1])

    def terms(self, cues: Mapping[str, float]) -> list[float]:
        return _linear_terms(self._cues, cues)

    def weighed_terms(self, cues: Mapping[str, float]) -> list[float]:
        return _linear_terms(self._weighed, cues)

    def spans(self) -> dict[str, float]:
        return dict(zip(self.features, self.weights))

    def highest_terms(self, cues: Mapping[str, float], unknown: frozenset[str]) -> list[float]:
        # A cue's value has no bound: an unknown one with a weight can bring any sum to a yes.
        return [w * (cues.get(f, 0.0) - m) / s if f not in unknown else math.inf for f, w, m, s in self._weighed]


@dataclass(frozen=True)
class StepModel(CueModel):
    """A fitted logistic model whose cues each add a step function of their value: for cue k,
    `values[k][j]` where j is how many of `at[k]` (rising) the cue's value reaches."""

    name: str
    features: tuple[str, ...]
    at: tuple[tuple[float, ...], ...]
    values: tuple[tuple[float, ...], ...]  # one more than `at` per cue
    bias: float
    threshold: float

    @classmethod
    def from_table(cls, name: str, table: Mapping[str, Any]) -> StepModel:
        features = tuple(table["features"])
        steps = table["steps"]
        return cls(name, features, tuple(tuple(map(float, steps[f]["at"])) for f in features),
                   tuple(tuple(map(float, steps[f]["values"])) for f in features),
                   float(table["bias"]), float(table["threshold"]))

    def to_table(self, trained: str) -> dict[str, Any]:
        return {
            "trained": trained,
            "kind": "steps",
            "features": list(self.features),
            "bias": self.bias,
            "threshold": self.threshold,
            "steps": {f: {"at": list(at), "values": list(values)}
                      for f, at, values in zip(self.features, self.at, self.values)},
        }

    @cached_property
    def _cues(self) -> tuple[tuple[str, tuple[float, ...], tuple[float, ...]], ...]:
        """Each cue with the values it changes at and its terms."""
        return tuple(zip(self.features, self.at, self.values))

    @cached_property
    def _weighed(self) -> tuple[tuple[str, tuple[float, ...], tuple[float, ...], float], ...]:
        """The same, of the cues with a term other than 0, each with its highest term."""
        return tuple((f, at, values, max(values)) for f, at, values in self._cues if any(values))

    def terms(self, cues: Mapping[str, float]) -> list[float]:
        return [values[bisect_right(at, cues.get(f, 0.0))] for f, at, values in self._cues]

    def weighed_terms(self, cues: Mapping[str, float]) -> list[float]:
        return [values[bisect_right(at, cues.get(f, 0.0))] for f, at, values, _ in self._weighed]

    def spans(self) -> dict[str, float]:
        return {f: max(values) - min(values) for f, values in zip(self.features, self.values)}

    def highest_terms(self, cues: Mapping[str, float], unknown: frozenset[str]) -> list[float]:
        return [values[bisect_right(at, cues.get(f, 0.0))] if f not in unknown else top
                for f, at, values, top in self._weighed]


def _linear_terms(weighed: tuple[tuple[str, float, float, float], ...], cues: Mapping[str, float]) -> list[float]:
    """A linear model's terms of these cues (each with its weight, mean and scale)."""
    return [w * (cues.get(f, 0.0) - m) / s for f, w, m, s in weighed]


def _logistic(total: float) -> float:
    if total < -60:  # a deliberate floor: below it the probability is under 1e-26, taken as 0
        return 0.0
    return 1.0 / (1.0 + math.exp(-total))


def fitted_tables() -> dict[str, Any]:
    """The whole of `fitted.toml`, read afresh: `Settings()` reads its fitted models when it is
    made, and the Cleaner passes them along, so nothing here keeps state."""
    data = resources.files(__package__).joinpath(FITTED_FILE).read_text(encoding="utf-8")
    return tomllib.loads(data)


def linear_model(name: str) -> LinearModel:
    """The fitted linear model of that name (a table of `fitted.toml`)."""
    return LinearModel.from_table(name, fitted_tables()[name])


@dataclass(frozen=True)
class EndValues:
    """What each line counts when the scorer finds where a story's main text ends (its densest run
    of prose, `rules/scorer.py`): a good line counts its words, and each other kind of line counts
    against the run. Fitted by `python -m cleaner.training main-text-end`."""

    bad: int  # a line that reads as chrome (short, few stopwords, no final stop)
    neutral: int  # a line that reads neither as prose nor as chrome
    dropped: int  # a line another rule dropped

    @classmethod
    def from_table(cls, table: Mapping[str, Any]) -> EndValues:
        return cls(int(table["bad"]), int(table["neutral"]), int(table["dropped"]))


def end_values(name: str) -> EndValues:
    """The fitted values of that name (a table of `fitted.toml`)."""
    return EndValues.from_table(fitted_tables()[name])


def cue_model(name: str) -> CueModel:
    """The fitted model of that name, linear or made of steps as its table says (`kind`)."""
    table = fitted_tables()[name]
    return StepModel.from_table(name, table) if table.get("kind") == "steps" else LinearModel.from_table(name, table)
