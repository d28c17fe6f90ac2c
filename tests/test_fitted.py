"""A fitted model decides from the plain sum of its cues' terms; --explain lists the same terms."""
from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from cleaner.fitted import LinearModel
from cleaner.settings import DEFAULT

MODELS = (DEFAULT.split_model, DEFAULT.scorer.model, DEFAULT.html.container)
VALUE = st.floats(min_value=-50, max_value=50, allow_nan=False) | st.booleans() | st.integers(-5, 5)


@given(st.sampled_from(MODELS), st.data())
def test_the_probability_is_the_logistic_of_the_bias_and_the_contributions(model: LinearModel,
                                                                            data: st.DataObject) -> None:
    # Some cues left out: an absent cue counts as 0.
    cues = data.draw(st.dictionaries(st.sampled_from(model.features), VALUE))
    contributions = model.contributions(cues)
    assert list(contributions) == list(model.features)
    total = model.bias + sum(contributions.values())
    expected = 0.0 if total < -60 else 1.0 / (1.0 + math.exp(-total))
    assert model.probability(cues) == expected  # bit for bit: the decisions do not move
    assert model.decide(cues) == (expected >= model.threshold)


@given(st.sampled_from(MODELS), st.data())
def test_the_highest_probability_bounds_every_value_of_the_unknown_cues(model: LinearModel,
                                                                          data: st.DataObject) -> None:
    # What the splitter relies on to leave a candidate's costly cues out: no value they take
    # brings the probability above `highest`.
    cues = data.draw(st.dictionaries(st.sampled_from(model.features), VALUE))
    unknown = frozenset(data.draw(st.sets(st.sampled_from(model.features))))
    bound = model.highest(cues, unknown)
    filled = {**cues, **data.draw(st.fixed_dictionaries({name: VALUE for name in unknown}))}
    assert model.probability(filled) <= bound
    assert model.highest(cues, frozenset()) == model.probability(cues)
