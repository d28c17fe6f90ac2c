"""`python -m cleaner.training main-text-end`: fit what each kind of line counts when the scorer
finds where a story's main text ends, and write it to fitted.toml (table `main-text-end`).

The scorer takes a story's densest run of prose as its main text: good lines count their words,
and bad lines (chrome), lines that read as neither and lines other rules dropped count against
the run (`ScorerSettings.end`). Counted too lightly, a teaser box or a footer of link lists below
the story is bridged by the one prose-like blurb beyond it, and kept as part of the story; too
heavily, a story's subheadings and lists cut it short. The values change the cues of every line
the paragraph scorer's model weighs, so each set of values on the grid is scored as the text
trainer's --cv scores its model: the model fitted again on the folds that hold none of a page's
sites, every page cleaned with it. Of the values within TIE of the best F1 over every held-out
page of both one-story suites, the ones written are those whose articles, cleaned again, change
the fewest times (then the best F1, then the smaller values): the lines other rules dropped are
gone from a clean text, so the values that weigh them most part the two cleanings most.

    python -m cleaner.training main-text-end           # score the grid (5 folds), write the best values
    python -m cleaner.training main-text-end --cv 5    # only print the grid's scores; write nothing

Run `python -m cleaner.training text` after it: the scorer's model is fitted on the cues these
values give.
"""
from __future__ import annotations

import argparse
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from functools import partial
from itertools import product
from pathlib import Path
from typing import Any

from ..articles import Article
from ..fitted import EndValues
from ..pipeline import Cleaner
from ..settings import DEFAULT, MAIN_TEXT_END
from . import data, metric
from .fitted_file import write_table
from .text import SUITES, cleaned_again, collect, cross_validate, load_pages

TIE = 0.0005  # F1 within this of the best is as good: the grid's surface is that flat
BAD = (2, 4, 8)
NEUTRAL = (0, 2, 4)
DROPPED = (2, 8)
FOLDS = 5


def score(values: EndValues, shared: Path | None, suites: tuple[str, ...], limit: int, folds: int
          ) -> tuple[float, int]:
    """The F1 of every page of the suites, each cleaned by a scorer fitted on the folds that hold
    none of its sites, when the main text's end is found with `values`; and how many of their
    articles change when cleaned again."""
    settings = replace(DEFAULT, scorer=replace(DEFAULT.scorer, end=values))
    collected = collect(load_pages(shared, suites, limit), settings)
    changed = 0

    def again(cleaner: Cleaner, articles: list[Article]) -> None:
        nonlocal changed
        for article in articles:
            if article.text and cleaned_again(cleaner, article) is not None:
                changed += 1

    results = cross_validate(collected, folds, settings=settings, seen=again)
    return metric.score_documents([c for counts in results.values() for c in counts]).f1, changed


def choose(scored: list[tuple[EndValues, tuple[float, int]]]) -> EndValues:
    """Of the values with an F1 within TIE of the best, those with the fewest articles changed by
    a second cleaning; then the best F1; then the smaller values."""
    top = max(f1 for _, (f1, _) in scored)
    tied = [(changed, -f1, values.bad, values.neutral, values.dropped)
            for values, (f1, changed) in scored if f1 >= top - TIE]
    _, _, bad, neutral, dropped = min(tied)
    return EndValues(bad, neutral, dropped)


def grid() -> list[EndValues]:
    return [EndValues(bad, neutral, dropped) for bad, neutral, dropped in product(BAD, NEUTRAL, DROPPED)]


def run(args: argparse.Namespace) -> int:
    suites = tuple(args.suites.split(","))
    if not load_pages(args.shared, suites, 1):
        print(f"no pages in {data.shared_folder(args.shared)}", file=sys.stderr)
        return 1
    folds = args.cv or FOLDS
    points = grid()
    with ProcessPoolExecutor(args.jobs) as pool:
        scores = list(pool.map(partial(score, shared=args.shared, suites=suites, limit=args.limit, folds=folds),
                               points))
    print("| bad | neutral | dropped | F1 | changed again |\n| --: | --: | --: | --: | --: |")
    for values, (f1, changed) in zip(points, scores):
        print(f"| {values.bad} | {values.neutral} | {values.dropped} | {f1:.4f} | {changed} |")
    best = choose(list(zip(points, scores)))
    f1, changed = scores[points.index(best)]
    print(f"best: bad {best.bad}, neutral {best.neutral}, dropped {best.dropped} "
          f"(F1 {f1:.4f}, {changed} articles changed again)")
    if not args.cv:
        trained = (f"python -m cleaner.training main-text-end --suites {args.suites}: "
                   f"of {len(points)} values, the best F1 (within {TIE}) on {folds}-fold cross-validation "
                   "grouped by site, then the fewest articles changed by a second cleaning")
        path = write_table(MAIN_TEXT_END, {"trained": trained, "bad": best.bad, "neutral": best.neutral,
                                           "dropped": best.dropped})
        print(f"wrote [{MAIN_TEXT_END}] to {path}", file=sys.stderr)
    return 0


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("main-text-end", help="what each kind of line counts where a main text ends",
                                   description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cv", type=int, default=0, metavar="K",
                        help=f"only print the grid's scores from K folds grouped by site; write nothing "
                             f"(without it: {FOLDS} folds, and the best values written)")
    parser.add_argument("--shared", type=Path, default=None, help="the folder holding devdata and corpus")
    parser.add_argument("--suites", default=",".join(SUITES), help="comma-separated one-story suites")
    parser.add_argument("--limit", type=int, default=0, metavar="N",
                        help="only the first N pages of each dataset and suite (a quick look)")
    parser.add_argument("--jobs", type=int, default=2, help="grid points scored at once (default %(default)s)")
    parser.set_defaults(run=run)
