"""`python -m cleaner.training main-text`: fit the model that says whether a story has a main text.

The paragraph scorer finds a story's densest run of prose and asks this model whether it is the
story's main text (`main_text` in cleaner/rules/scorer.py). With one, the lines around it are
weighed and chrome goes; without one, the story is left as it is. Each one-story page of
../shared (devdata and corpus) on which the scorer judges one story is cleaned twice, once with
every story taken to have a main text and once with none, and each way is scored against the
gold. A sample is the story's cues, labelled by which way gives the better F1 and weighted by how
much better. The threshold gives the best F1 of mean precision and mean recall over the training
pages among those that keep as much of the body (mean recall) as the rule the model replaced,
less at most --recall-slack. That rule, kept here as the bar: a main text when the story has at
least REPLACED_MIN_WORDS good words and the run holds REPLACED_RUN_SHARE of them. Thresholds
within F1_TIE of the best are a tie, settled for a second cleaning: each story's text, cleaned
without a main text, is cleaned again, and the tie goes to the threshold that the fewest stories
cross between the two (none on the page, one in its clean text, which would lose lines again).

    python -m cleaner.training main-text          # fit on every page, write the `main-text` table
    python -m cleaner.training main-text --cv 5   # only report, grouped by site: each held-out
                                                  # page cleaned the way the model fitted on the
                                                  # other folds chooses, beside the replaced rule
"""
from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..document import Document
from ..fitted import LinearModel
from ..rules import Context
from ..rules.scorer import MAIN_TEXT_CUES, ParagraphScore, _judgements
from ..settings import DEFAULT, MAIN_TEXT_MODEL
from . import data, metric
from .fitted_file import write_model
from .text import RECALL_SLACK, SUITES, THRESHOLDS, add_page_arguments, logistic, recording, train_on_pages

REPLACED_MIN_WORDS = 150
REPLACED_RUN_SHARE = 0.6
F1_TIE = 0.001  # under a page's worth of F1 over the 2,459 pages the model is fitted on
CUES = tuple(MAIN_TEXT_CUES)


@dataclass(frozen=True)
class Outcome:
    """A page whose scorer judged one story: the story's cues, and the page cleaned each way."""

    page: data.Page
    cues: dict[str, float]
    with_main: metric.Counts
    without: metric.Counts
    # The story's cues when its text, cleaned without a main text, is cleaned again (None when
    # that text is not one story): a second cleaning finds fewer lines of chrome around its run.
    again: dict[str, float] | None

    def gain(self) -> float:
        """How much better the page's F1 is with the story's main text than without."""
        return self.with_main.f1 - self.without.f1

    def cleaned(self, main: bool) -> metric.Counts:
        return self.with_main if main else self.without


class _Recorder(ParagraphScore):
    """The scorer, recording the cues of each story's main text as it is first judged."""

    def __init__(self) -> None:
        self.seen: list[dict[str, float]] = []

    def apply(self, doc: Document, start: int, stop: int, ctx: Context) -> bool:
        judged = _judgements(doc, ctx).main_texts
        before = len(judged)
        changed = super().apply(doc, start, stop, ctx)
        if len(judged) > before:
            self.seen.append(judged[before].cues)
        return changed


def collect(pages: Iterable[data.Page]) -> list[Outcome]:
    """Each page on which the scorer judges one story, cleaned with and without its main text."""
    recorder = _Recorder()
    cleaners = {found: recording(recorder, replace(DEFAULT, scorer=replace(
                    DEFAULT.scorer, main_text=LinearModel.constant(MAIN_TEXT_MODEL, found))))
                for found in (True, False)}
    outcomes = []
    for page in pages:
        assert isinstance(page.gold, str)
        counts, seen, texts = {}, {}, {}
        for found, cleaner in cleaners.items():
            recorder.seen = []
            texts[found] = [a.text for a in cleaner.clean_data(page.read(), page.name).articles if a.text]
            counts[found] = metric.compare("\n\n".join(texts[found]), page.gold)
            seen[found] = recorder.seen
        if all(len(s) == 1 for s in seen.values()):
            recorder.seen = []
            if len(texts[False]) == 1:
                cleaners[False].clean_text(texts[False][0])
            again = recorder.seen[0] if len(recorder.seen) == 1 else None
            outcomes.append(Outcome(page, seen[True][0], counts[True], counts[False], again))
    return outcomes


def replaced_rule(cues: dict[str, float]) -> bool:
    """The hand-set rule the model replaced, read from the cues."""
    return (cues["good-words"] >= math.log1p(REPLACED_MIN_WORDS)
            and cues["run-share"] >= REPLACED_RUN_SHARE)


def _scores(outcomes: Sequence[Outcome], choices: Iterable[bool]) -> metric.Scores:
    """The pages' scores, each cleaned with or without its main text as `choices` say in turn."""
    return metric.score_documents(o.cleaned(main) for o, main in zip(outcomes, choices))


def fit(outcomes: Sequence[Outcome], recall_slack: float = RECALL_SLACK) -> LinearModel:
    """A logistic model over the stories' cues, with the threshold of the best F1 on the training
    pages among those that keep as much of the body as the replaced rule, less `recall_slack`."""
    import numpy as np

    x = np.array([[o.cues[c] for c in CUES] for o in outcomes], dtype=float)
    y = np.array([o.gain() > 0 for o in outcomes], dtype=int)
    # A page weighs by how much its F1 turns on the choice: most pages come out the same either way.
    w = np.array([abs(o.gain()) + 1e-3 for o in outcomes], dtype=float)
    model = logistic(MAIN_TEXT_MODEL, CUES, x, y, w)
    probabilities = [model.probability(o.cues) for o in outcomes]
    bar = _scores(outcomes, (replaced_rule(o.cues) for o in outcomes)).recall - recall_slack
    estimates = {t: _scores(outcomes, (p >= t for p in probabilities)) for t in THRESHOLDS}
    allowed = [t for t in THRESHOLDS if estimates[t].recall >= bar] or [THRESHOLDS[-1]]
    best = max(estimates[t].f1 for t in allowed)
    again = [model.probability(o.again) if o.again is not None else None for o in outcomes]
    tied = [t for t in allowed if estimates[t].f1 >= best - F1_TIE]
    return replace(model, threshold=settle_tie(tied, probabilities, again))


def settle_tie(tied: Sequence[float], probabilities: Sequence[float], again: Sequence[float | None]) -> float:
    """Of thresholds tied on F1, the one that the fewest stories cross on a second cleaning, then
    the highest. `probabilities` are the stories' on their pages, `again` those of their texts
    cleaned without a main text and cleaned again (None where that text is not one story). A story
    under the threshold is left as it is; if its clean text reaches the threshold, the second
    cleaning drops lines. The highest keeps more body: it finds a main text in fewer stories."""
    def crossed(t: float) -> int:
        return sum(1 for p, q in zip(probabilities, again) if q is not None and p < t <= q)

    return min(tied, key=lambda t: (crossed(t), -t))


def cross_validate(outcomes: list[Outcome], folds: int, recall_slack: float = RECALL_SLACK
                   ) -> dict[tuple[str, str], dict[str, list[metric.Counts]]]:
    """Per (suite, dataset), each held-out page's counts the way the replaced rule and the model
    fitted on the other folds choose."""
    by_key = {o.page.key: o for o in outcomes}
    results: dict[tuple[str, str], dict[str, list[metric.Counts]]] = {}
    for k, training, held in data.grouped_folds([o.page for o in outcomes], folds):
        model = fit([by_key[p.key] for p in training], recall_slack=recall_slack)
        for page in held:
            o = by_key[page.key]
            got = results.setdefault((page.suite, page.dataset), {"rule": [], "model": []})
            got["rule"].append(o.cleaned(replaced_rule(o.cues)))
            got["model"].append(o.cleaned(model.decide(o.cues)))
        print(f"fold {k}: fitted on {len(training)} pages, threshold {model.threshold:.2f}", file=sys.stderr)
    return results


def report(results: dict[tuple[str, str], dict[str, list[metric.Counts]]]) -> str:
    lines = ["| suite | dataset | pages | rule P / R / F1 | model P / R / F1 |", "| --- | --- | --: | --- | --- |"]
    for suite in SUITES:
        groups = {dataset: ways for (s, dataset), ways in sorted(results.items()) if s == suite}
        news = {way: [c for dataset, ways in groups.items() if dataset in data.NEWS_DATASETS for c in ways[way]]
                for way in ("rule", "model")}
        for dataset, ways in [*groups.items(), ("news", news)]:
            shown = {way: metric.score_documents(counts) for way, counts in ways.items()}
            cells = [f"{s.precision:.3f} / {s.recall:.3f} / {s.f1:.3f}" for s in shown.values()]
            lines.append(f"| {suite} | {dataset} | {shown['rule'].files} | {' | '.join(cells)} |")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    def write(pages: list[data.Page], outcomes: list[Outcome]) -> None:
        trained = (f"python -m cleaner.training main-text --suites {args.suites} --recall-slack "
                   f"{args.recall_slack}: {len(outcomes)} pages of "
                   f"{', '.join(sorted({o.page.dataset for o in outcomes}))} whose scorer judged one story")
        write_model(MAIN_TEXT_MODEL, fit(outcomes, recall_slack=args.recall_slack), trained)

    return train_on_pages(args, collect, lambda outcomes: report(cross_validate(outcomes, args.cv, args.recall_slack)),
                          write)


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("main-text", help="the model of a story's main text", description=__doc__,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    add_page_arguments(parser, "the rule the model replaced")
    parser.set_defaults(run=run)
