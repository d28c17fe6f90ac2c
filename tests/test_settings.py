"""Settings override the cleaner's thresholds from the API, and the per-input state's invariant."""
from __future__ import annotations

import pickle
from dataclasses import replace
from pathlib import Path

import pytest

from cleaner import Cleaner
from cleaner.document import NOWHERE, Document, Field, Location
from cleaner.rules import LINE, Context, Rule, RuleSet, builtin_rules
from cleaner.rules.lines import LineRule
from cleaner.rules.markup import MARKUP_RULES
from cleaner.rules.patterns import builtin_patterns
from cleaner.settings import DEFAULT, Settings
from cleaner.training.data import shared_folder

ROOT = Path(__file__).resolve().parent.parent
STORY = ("The regional council voted on Tuesday to close the old bridge to traffic for two years, "
         "the mayor said.\n\nResidents will cross on a temporary footbridge, which opens next month.")
MENU = "\n".join(["Home", "World", "Business", "Sport", "Culture", "Travel", "Weather", "Video"])


def _with(**runs: int) -> Settings:
    return replace(DEFAULT, runs=replace(DEFAULT.runs, **runs))


def test_settings_default_to_todays_values_and_pickle():
    assert Settings() == DEFAULT
    assert DEFAULT.runs.run_min_items == 12
    assert pickle.loads(pickle.dumps(_with(run_min_items=6))) == _with(run_min_items=6)
    assert pickle.loads(pickle.dumps(Cleaner(settings=_with(run_min_items=6)))).settings == _with(run_min_items=6)


def test_overriding_a_threshold_changes_what_is_removed():
    text = MENU + "\n\n" + STORY
    # The paragraph scorer, which would drop the menu around the story's main text, is off.
    [kept] = Cleaner(disable=["paragraph-score"]).clean_text(text)
    assert kept.text.startswith("Home")  # eight items are too few for a menu by default
    [cut] = Cleaner(settings=_with(run_min_items=6), disable=["paragraph-score"]).clean_text(text)
    assert cut.text.startswith("The regional council")
    assert {r.rule for r in cut.removed} == {"navigation-run"}


class _Watched(Rule):
    """A document or story rule run as it is, then checked: no line it saw marked is text
    again, and no line's text changed."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.id, self.description, self.field, self.phase = rule.id, rule.description, rule.field, rule.phase
        self.recheck = rule.recheck

    def applies_to(self, source: str, location: Location = NOWHERE) -> bool:
        return self.rule.applies_to(source, location)

    def apply(self, doc: Document, start: int, stop: int, ctx: Context) -> bool:
        before = [(line.mark.field is Field.BODY, line.rest) for line in doc.lines]
        changed = self.rule.apply(doc, start, stop, ctx)
        for line, (was_text, rest) in zip(doc.lines, before):
            assert was_text or line.mark.field is not Field.BODY, f"{self.id} unmarked {line!r}"
            assert line.rest == rest, f"{self.id} changed the text of {line!r}"
        return changed


def _devdata(suite: str, n: int) -> list[Path]:
    folder = shared_folder() / "devdata" / suite / "inputs"
    return sorted(folder.iterdir())[:n] if folder.is_dir() else []


INPUTS = [*sorted((ROOT / "samples").iterdir()), *sorted((ROOT / "tests" / "data").glob("*.txt")),
          *_devdata("page", 8), *_devdata("multi", 8), *_devdata("html", 4)]


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name[:24])
def test_a_marked_line_stays_marked(path):
    """What `InputState` lists once per input rests on this: no document or story rule gives a
    marked line its body mark back or changes a line's text."""
    rules = RuleSet(tuple(rule if rule.phase == LINE else _Watched(rule) for rule in builtin_rules()))
    assert Cleaner(rules).clean_path(path) == Cleaner().clean_path(path)


def test_overriding_a_structural_threshold_changes_what_is_removed():
    text = "Officials said the airbase would stay open.\nTT\nOfficials said the airbase would stay open."
    assert "repeated-text" in {r.rule for r in Cleaner().clean_text(text)[0].removed}
    settings = replace(DEFAULT, structural=replace(DEFAULT.structural, repeat_min_chars=60))
    assert "repeated-text" not in {r.rule for r in Cleaner(settings=settings).clean_text(text)[0].removed}


def test_pattern_and_markup_rules_are_line_rules_and_the_line_phase_holds_nothing_else():
    assert all(isinstance(rule, LineRule) for rule in (*builtin_patterns(), *MARKUP_RULES))
    assert all(isinstance(rule, LineRule) for rule in builtin_rules() if rule.phase == LINE)
    stray = _Watched(builtin_rules()[-1])
    stray.phase = LINE
    with pytest.raises(TypeError):
        RuleSet((stray,)).line_pass("x.txt")
