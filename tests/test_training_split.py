"""The story-break model: a step function per cue, fitted by boosted stumps, read back from its
fitted.toml table with the standard library, and explained cue by cue."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from cleaner.fitted import StepModel, cue_model
from cleaner.split import CUES
from cleaner.training.__main__ import TRAINERS, main
from cleaner.training.fitted_file import write_model

MODEL = StepModel("split", ("headline", "prose-before"), ((0.5,), (2.0, 4.0)), ((-1.0, 0.5), (-2.0, 0.0, 1.0)),
                  -1.0, 0.4)


def test_the_trainer_is_registered():
    assert "split" in TRAINERS


def test_each_cue_adds_the_step_its_value_reaches():
    assert MODEL.contributions({"headline": 1.0, "prose-before": 3.0}) == {"headline": 0.5, "prose-before": 0.0}
    # A value on a step's edge is past it; an absent cue counts as 0.
    assert MODEL.contributions({"prose-before": 4.0}) == {"headline": -1.0, "prose-before": 1.0}
    assert MODEL.probability({"headline": 1.0, "prose-before": 5.0}) == pytest.approx(1 / (1 + 2.718281828 ** -0.5))
    assert MODEL.decide({"headline": 1.0, "prose-before": 5.0}) and not MODEL.decide({"prose-before": 5.0})


def test_a_step_model_comes_back_from_its_table(tmp_path: Path):
    path = write_model("split", MODEL, "a test", tmp_path / "fitted.toml")
    table = tomllib.loads(path.read_text(encoding="utf-8"))["split"]
    assert table["kind"] == "steps" and table["steps"]["prose-before"] == {"at": [2.0, 4.0], "values": [-2.0, 0.0, 1.0]}
    assert StepModel.from_table("split", table) == MODEL


def test_the_shipped_split_model_weighs_every_cue():
    model = cue_model("split")
    assert set(model.features) == set(CUES)
    assert 0 < model.threshold < 1


def test_stumps_fit_a_step_where_the_labels_change():
    np = pytest.importorskip("numpy")
    from cleaner.training.steps import fit_steps

    rng = np.random.default_rng(0)
    x = np.column_stack([rng.uniform(0, 10, 4000), rng.uniform(0, 10, 4000)])
    y = ((x[:, 0] > 6) ^ (rng.uniform(size=4000) < 0.05)).astype(float)  # the second cue is noise
    model, p = fit_steps("toy", ("signal", "noise"), x, y)
    low, high = model.contributions({"signal": 2.0}), model.contributions({"signal": 8.0})
    assert high["signal"] - low["signal"] > 3
    assert max(model.values[1]) - min(model.values[1]) < (high["signal"] - low["signal"]) / 4
    assert any(5.5 < edge < 6.5 for edge in model.at[0])
    assert ((p >= 0.5) == (x[:, 0] > 6)).mean() > 0.9


@pytest.mark.parametrize("trainer", TRAINERS)
def test_each_trainer_says_in_one_line_that_the_data_is_absent(trainer: str, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("CLEANER_SHARED", str(tmp_path / "absent"))
    assert main([trainer.replace("_", "-"), "--cv", "2"]) == 1  # the module main_text is `main-text`
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "absent" in error
