"""`python -m cleaner.training text`: fit the paragraph scorer's model (see cleaner/rules/scorer.py).

Every text line the scorer weighs, on the one-story suites of ../shared (devdata and corpus), is
a sample: its cues as the scorer computes them while the whole cleaner runs, and its label from the
gold body (a line is body when at least half of its word 4-grams are in the page's gold, a line of
fewer words when they are in it in a row). The lines weighed are those the unfitted rule keeps. A
logistic model over the cues is fitted with each page weighing the same, as the metric weighs
pages. Its threshold gives the best F1 of mean precision and mean recall over the training pages'
weighed lines among those that keep as much of the body as the unfitted rule did, less at most
--recall-slack: little precision is bought by dropping body.

    python -m cleaner.training text            # fit on every page, write the `scorer` table
    python -m cleaner.training text --cv 5     # only report: grouped by site, fit on the other
                                               # folds, clean each held-out page with the whole
                                               # cleaner, and score it per dataset and suite
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..articles import Article
from ..document import Document
from ..fitted import LinearModel
from ..pipeline import Cleaner
from ..rules import Context, RuleSet
from ..rules.scorer import CUES, ParagraphScore, _judgements, story_cues
from ..settings import DEFAULT, Settings
from ..settings import SCORER_MODEL as MODEL
from . import data, metric
from .fitted_file import write_model

if TYPE_CHECKING:
    import numpy as np

BODY_SHARE = 0.5  # a line is body when this share of its 4-grams is in the gold body (a shorter
# line: when its words are, in a row)
THRESHOLDS = tuple(k / 100 for k in range(2, 99, 2))
# How much of the training pages' mean body recall the model may give up against the unfitted rule
# for precision: the model weighs every line the scorer judges, body too, and a little of the body
# (lists, schedules, table rows between paragraphs) reads as chrome however it is weighed.
RECALL_SLACK = 0.0
SUITES = ("region", "page")
T = TypeVar("T")


@dataclass
class Sample:
    """One judged line of a page: its cues, whether it is body, and its 4-grams in and out of gold."""

    cues: dict[str, float]
    body: bool
    in_gold: int
    out_of_gold: int


@dataclass
class PageSamples:
    page: data.Page
    samples: list[Sample]
    gold_shingles: int


class _Recorder(ParagraphScore):
    """The scorer, recording the cues of every line it judges before it decides."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, dict[str, float]]] = []

    def apply(self, doc: Document, start: int, stop: int, ctx: Context) -> bool:
        story = story_cues(doc, start, stop, _judgements(doc, ctx))
        if story is not None:
            self.seen += [(doc.lines[i].rest.strip(), cues) for i, cues in zip(story.lines, story.cues)]
        return super().apply(doc, start, stop, ctx)


def recording(recorder: ParagraphScore, settings: Settings = DEFAULT) -> Cleaner:
    """The cleaner with a scorer that records what it judges."""
    rules = RuleSet.load().rules
    return Cleaner(RuleSet(tuple(recorder if rule.id == ParagraphScore.id else rule for rule in rules)), settings=settings)


def collect(pages: Iterable[data.Page], settings: Settings = DEFAULT) -> list[PageSamples]:
    """The judged lines of each page, with their labels."""
    recorder = _Recorder()
    cleaner = recording(recorder, settings)
    collected = []
    for page in pages:
        recorder.seen = []
        cleaner.clean_data(page.read(), page.name)
        assert isinstance(page.gold, str)
        gold = metric.shingles(page.gold)
        gold_tokens = f" {' '.join(metric.tokens(page.gold))} "
        samples = [label_line(text, cues, gold, gold_tokens) for text, cues in recorder.seen]
        collected.append(PageSamples(page, samples, sum(gold.values())))
    return collected


def label_line(text: str, cues: dict[str, float], gold: Counter[metric.Shingle], gold_tokens: str) -> Sample:
    """A judged line, labelled by the gold body (`gold`, its shingles; `gold_tokens`, its tokens
    joined by spaces, with a space at each end)."""
    tokens = metric.tokens(text)
    if len(tokens) < metric.SHINGLE_SIZE:
        # A line shorter than a shingle has none of its own, but the shingles across it, in the
        # text it is part of, are lost or gained with it: one for each of its tokens.
        found = f" {' '.join(tokens)} " in gold_tokens
        return Sample(cues, bool(tokens) and found, len(tokens) if found else 0, 0 if found else len(tokens))
    grams = metric.shingles(text)
    total = sum(grams.values())
    found_grams = sum((grams & gold).values())
    return Sample(cues, found_grams >= BODY_SHARE * total, found_grams, total - found_grams)


def _matrix(pages: Sequence[PageSamples]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    import numpy as np

    rows = [s for p in pages for s in p.samples]
    x = np.array([[s.cues[c] for c in CUES] for s in rows], dtype=float)
    y = np.array([s.body for s in rows], dtype=int)
    # Each page weighs the same, as in the metric; within it a line weighs its 4-grams.
    w = np.array([max(1, s.in_gold + s.out_of_gold) / max(1, sum(t.in_gold + t.out_of_gold for t in p.samples))
                  for p in pages for s in p.samples], dtype=float)
    return x, y, w


def logistic(name: str, features: Sequence[str], x: np.ndarray, y: np.ndarray, w: np.ndarray) -> LinearModel:
    """A logistic regression of `y` on the cues `x` (columns in the order of `features`), each
    cue standardised and each row weighing `w`: the model, with threshold 0.5."""
    from sklearn.linear_model import LogisticRegression

    means = x.mean(axis=0)
    scales = x.std(axis=0)
    scales[scales == 0] = 1.0
    regression = LogisticRegression(C=1.0, max_iter=2000)
    regression.fit((x - means) / scales, y, sample_weight=w)
    return LinearModel(name, tuple(features), tuple(map(float, regression.coef_[0])), tuple(map(float, means)),
                       tuple(map(float, scales)), float(regression.intercept_[0]), 0.5)


def fit(pages: Sequence[PageSamples], recall_slack: float = RECALL_SLACK) -> LinearModel:
    """A logistic model over the cues of the pages' judged lines, with the threshold of the best
    F1 on them."""
    model = logistic(MODEL, CUES, *_matrix(pages))
    probabilities = [[model.probability(s.cues) for s in p.samples] for p in pages]
    # Little precision is bought by dropping body: the threshold keeps as much of the body as the
    # unfitted rule kept (every judged line), less at most `recall_slack`, and gives the best F1
    # among those.
    rule_recall = _estimate(pages, probabilities, 0.0)[1]
    estimates = {t: _estimate(pages, probabilities, t) for t in THRESHOLDS}
    allowed = [t for t in THRESHOLDS if estimates[t][1] >= rule_recall - recall_slack] or [THRESHOLDS[0]]
    return replace(model, threshold=max(allowed, key=lambda t: (metric.harmonic_mean(*estimates[t]), -t)))


def _estimate(pages: Sequence[PageSamples], probabilities: list[list[float]], threshold: float) -> tuple[float, float]:
    """Mean precision and mean recall over the pages' judged lines at a threshold, with the lines
    the scorer does not judge taken as kept and right."""
    precisions, recalls = [], []
    for page, ps in zip(pages, probabilities):
        kept_in = sum(s.in_gold for s, p in zip(page.samples, ps) if p >= threshold)
        kept_out = sum(s.out_of_gold for s, p in zip(page.samples, ps) if p >= threshold)
        lost = sum(s.in_gold for s, p in zip(page.samples, ps) if p < threshold)
        judged_in = sum(s.in_gold for s in page.samples)
        rest = max(0, page.gold_shingles - judged_in)  # gold the scorer does not judge, taken as kept
        if kept_in + kept_out + rest:
            precisions.append((kept_in + rest) / (kept_in + kept_out + rest))
        if page.gold_shingles:
            recalls.append(1 - lost / page.gold_shingles)
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    return p, r


def cleaned_again(cleaner: Cleaner, article: Article) -> list[Article] | None:
    """What `cleaner` makes of the article's text cleaned again, when that is not the article
    back (one article, the same text); None when it is."""
    again = cleaner.clean_text(article.text)
    return None if len(again) == 1 and again[0].text == article.text else again


def cross_validate(collected: list[PageSamples], folds: int, recall_slack: float = RECALL_SLACK,
                   settings: Settings = DEFAULT, seen: Callable[[Cleaner, list[Article]], None] | None = None
                   ) -> dict[tuple[str, str], list[metric.Counts]]:
    """Per (suite, dataset), the counts of each page cleaned by a model fitted on the other folds;
    `seen`, when given, is shown each page's articles and the cleaner that made them."""
    by_key = {p.page.key: p for p in collected}
    results: dict[tuple[str, str], list[metric.Counts]] = {}
    for k, training, held in data.grouped_folds([p.page for p in collected], folds):
        model = fit([by_key[p.key] for p in training], recall_slack=recall_slack)
        cleaner = Cleaner(settings=replace(settings, scorer=replace(settings.scorer, model=model)))
        for page in held:
            articles = cleaner.clean_data(page.read(), page.name).articles
            if seen is not None:
                seen(cleaner, articles)
            text = "\n\n".join(a.text for a in articles)
            assert isinstance(page.gold, str)
            results.setdefault((page.suite, page.dataset), []).append(metric.compare(text, page.gold))
        print(f"fold {k}: fitted on {len(training)} pages, cleaned {len(held)}", file=sys.stderr)
    return results


def report(results: dict[tuple[str, str], list[metric.Counts]]) -> str:
    lines = ["| suite | dataset | pages | precision | recall | F1 |", "| --- | --- | --: | --: | --: | --: |"]
    for suite in SUITES:
        groups = {dataset: counts for (s, dataset), counts in sorted(results.items()) if s == suite}
        news = [c for dataset, counts in groups.items() if dataset in data.NEWS_DATASETS for c in counts]
        for dataset, counts in [*groups.items(), ("news", news)]:
            if counts:
                s = metric.score_documents(counts)
                lines.append(f"| {suite} | {dataset} | {s.files} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} |")
    return "\n".join(lines)


def load_pages(shared: Path | None, suites: Sequence[str], limit: int) -> list[data.Page]:
    pages = [page for suite in suites for page in data.load(suite, shared=shared)]
    if limit:  # a quick look: the first pages of each dataset and suite
        taken: Counter[tuple[str, str]] = Counter()
        kept = []
        for page in pages:
            taken[page.suite, page.dataset] += 1
            if taken[page.suite, page.dataset] <= limit:
                kept.append(page)
        pages = kept
    return pages


def run(args: argparse.Namespace) -> int:
    def write(pages: list[data.Page], collected: list[PageSamples]) -> None:
        trained = (f"python -m cleaner.training text --suites {args.suites} --recall-slack {args.recall_slack}: "
                   f"{len(pages)} pages of {', '.join(sorted({p.dataset for p in pages}))}, "
                   f"{sum(len(p.samples) for p in collected)} lines")
        write_model(MODEL, fit(collected, args.recall_slack), trained)

    return train_on_pages(args, collect, lambda collected: report(cross_validate(collected, args.cv, args.recall_slack)),
                          write)


def train_on_pages(args: argparse.Namespace, collect: Callable[[list[data.Page]], list[T]],
                   cross_validated: Callable[[list[T]], str], write: Callable[[list[data.Page], list[T]], None]) -> int:
    """The run of a trainer on the one-story pages (the options of `add_page_arguments`): what
    `collect` gathers of them is reported cross-validated (--cv) or fitted and written."""
    pages = load_pages(args.shared, args.suites.split(","), args.limit)
    if not pages:
        print(f"no pages in {data.shared_folder(args.shared)}", file=sys.stderr)
        return 1
    collected = collect(pages)
    if args.cv:
        print(cross_validated(collected))
    else:
        write(pages, collected)
    return 0


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("text", help="the paragraph scorer's model", description=__doc__,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    add_page_arguments(parser, "the unfitted rule")
    parser.set_defaults(run=run)


def add_page_arguments(parser: argparse.ArgumentParser, bar: str) -> None:
    """The options of a model fitted on the one-story pages, whose threshold keeps as much of the
    body as `bar` did."""
    parser.add_argument("--cv", type=int, default=0, metavar="K",
                        help="only report K-fold cross-validation grouped by site; write nothing")
    parser.add_argument("--shared", type=Path, default=None, help="the folder holding devdata and corpus")
    parser.add_argument("--suites", default=",".join(SUITES), help="comma-separated one-story suites")
    parser.add_argument("--recall-slack", type=float, default=RECALL_SLACK, metavar="R",
                        help=f"how much mean body recall the threshold may give up against {bar} "
                             f"(default {RECALL_SLACK})")
    parser.add_argument("--limit", type=int, default=0, metavar="N",
                        help="only the first N pages of each dataset and suite (a quick look)")
