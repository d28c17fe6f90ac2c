"""`python -m cleaner.training split`: fit the story-break model and write it to fitted.toml
(table `split`), or with --cv K only report its figures from cross-validation grouped by site.

The data is made in memory (`multi.py`): multi-story files joined from `region` dumps with their
known story starts, and every one-story `region` and `page` file as a file not to cut. Each
file's lines are marked by the cleaner's rules; the splitter then weighs every candidate break
as if the stories started where they do (`split.labelled_candidates`), which gives each
candidate's cues and whether it is a break. Boosted stumps on those (`steps.py`) give each cue a
step function of its value; the threshold is the probability that makes the fewest wrong
candidate decisions.

--cv K measures each file with a model fitted on the folds that hold none of its sites: the made
files, the one-story files, and the shipped multi files of ../shared (corpus and devdata); and
each one-story file's clean text (the cleaner's article of it kept whole), which cleaned again
must stay one story (the rows `region, clean` and `page, clean`: a second cleaning, measured
on sites the model was not fitted on).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..document import Document
from ..fitted import LinearModel, StepModel
from ..pipeline import Cleaner
from ..settings import DEFAULT
from ..split import CUES, labelled_candidates, split
from . import data, metric
from .fitted_file import write_model
from .multi import SEPARATORS, Made, training_files
from .steps import fit_steps

FILES = 1500
FOLDS = 5


@dataclass
class Sample:
    """One file's candidates: their cues and whether each opens a story."""

    file: Made
    cues: list[dict[str, float]]
    labels: list[bool]
    missed: int  # story starts no candidate could open


def collect(files: Iterable[Made], cleaner: Cleaner) -> list[Sample]:
    samples = []
    for made in files:
        doc = Document.from_text(made.name, made.text)
        ctx = cleaner.mark(doc)
        labelled, missed = labelled_candidates(doc, list(made.starts[1:]), ctx.state(doc))
        samples.append(Sample(made, [c for c, _ in labelled], [y for _, y in labelled], missed))
    return samples


def fit(samples: Sequence[Sample]) -> StepModel:
    """A model of the candidates' labels from their cues: boosted stumps, a step function per cue."""
    import numpy as np

    x = np.array([[cues[f] for f in CUES] for s in samples for cues in s.cues], dtype=float)
    y = np.array([label for s in samples for label in s.labels], dtype=bool)
    model, p = fit_steps("split", CUES, x, y.astype(float))
    # The threshold with the fewest wrong decisions over all candidates.
    order = np.argsort(-p)
    wrong = y.sum() - np.cumsum(y[order]) + np.cumsum(~y[order])  # yes for the first k, no for the rest
    best = int(np.argmin(wrong))
    return replace(model, threshold=round(float(p[order][best]), 6))


def trained(samples: Sequence[Sample], command: str) -> str:
    """What the model was fitted with, as fitted.toml records it."""
    candidates = sum(len(s.labels) for s in samples)
    breaks = sum(sum(s.labels) for s in samples)
    return f"{command}: {len(samples)} files, {candidates} candidates, {breaks} of them at or after a story start"


@dataclass(frozen=True)
class Outcome:
    """What the cleaner made of one file: the texts of its articles."""

    group: str  # made, corpus or devdata
    news: bool  # every story from a news dataset
    layout: str
    separator: str
    suite: str
    gold: tuple[str, ...]
    texts: tuple[str, ...]


def shipped_multi() -> list[Made]:
    """The multi files of ../shared (corpus and devdata) as Made files (their starts unknown)."""
    files = []
    for page in data.load("multi"):
        manifest = json.loads((page.path.parent.parent / "manifest.json").read_text(encoding="utf-8"))
        gold = page.gold if isinstance(page.gold, tuple) else (page.gold,)
        files.append(Made(page.key, page.read().decode("utf-8"), gold, (), manifest[page.name]["separator"],
                          page.collection, data.sites_of(page), frozenset(page.dataset.split("+"))))
    return files


def cleaned(files: Sequence[Made], cleaner: Cleaner) -> list[Made]:
    """Each one-story file of `files` as the cleaner gives it kept whole, written as the cleaner
    writes an article (one paragraph a line, no blank line, the headline moved out of it): a
    file not to cut, as a clean article cleaned again must stay one story."""
    whole = Cleaner(cleaner.rules, settings=replace(cleaner.settings, split=False))
    found = []
    for single in files:
        if single.separator == "single":
            text = "\n".join(a.text for a in whole.clean_text(single.text, single.name) if a.text)
            if text:
                found.append(replace(single, name=f"{single.name} (clean)", text=text + "\n",
                                     suite=f"{single.suite}, clean"))
    return found


def clean(made: Made, cleaner: Cleaner) -> Outcome:
    result = cleaner.clean_text(made.text, made.name)
    group = made.suite if made.suite in data.COLLECTIONS else "made"
    return Outcome(group, made.news, made.layout, made.separator, made.suite, made.gold, tuple(a.text for a in result))


def cross_validate(samples: Sequence[Sample], extra: Sequence[Made], folds: int, cleaner: Cleaner) -> list[Outcome]:
    """Every file cleaned with a model fitted on the folds that hold none of its sites."""
    def fold_set(made: Made) -> frozenset[int]:
        return frozenset(data.fold_of(site, folds) for site in made.sites)

    files = [s.file for s in samples] + list(extra)
    by_folds: dict[frozenset[int], list[Made]] = defaultdict(list)
    for made in files:
        by_folds[fold_set(made)].append(made)
    outcomes = []
    for held, group in sorted(by_folds.items(), key=lambda item: sorted(item[0])):
        model = fit([s for s in samples if not fold_set(s.file) & held])
        fold_cleaner = Cleaner(cleaner.rules, settings=replace(cleaner.settings, split_model=model))
        outcomes += [clean(made, fold_cleaner) for made in group]
        print(f"folds {sorted(held)}: {len(group)} files", file=sys.stderr)
    return outcomes


def report(outcomes: Sequence[Outcome]) -> str:
    """Story F1 and count accuracy per group and separator; single stories kept whole; empty articles."""
    rows = ["| files | separator | n | story F1 | count accuracy |", "|---|---|--:|--:|--:|"]
    multi: dict[tuple[str, str], list[metric.StoryMatch]] = defaultdict(list)
    for o in outcomes:
        if o.separator != "single":
            match = metric.match_stories(o.gold, o.texts)
            multi[(o.group, o.separator)].append(match)
            multi[(o.group, "all")].append(match)
            if o.news:
                multi[(o.group + ", news only", o.separator)].append(match)
                multi[(o.group + ", news only", "all")].append(match)
            if o.layout == "seed":
                multi[(o.group + ", seed-001 layout", "all")].append(match)
    for (group, separator), matches in sorted(multi.items(), key=lambda kv: (kv[0][0], _order(kv[0][1]))):
        s = metric.score_multi(matches)
        rows.append(f"| {group} multi | {separator} | {s.files} | {s.f1:.3f} | {s.count_accuracy:.3f} |")
    rows += ["", "| single-story files | n | kept whole | empty articles |", "|---|--:|--:|--:|"]
    singles: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        if o.separator == "single":
            singles[o.suite].append(o)
            if o.news:
                singles[o.suite + ", news only"].append(o)
    for suite, kept in sorted(singles.items()):
        whole = sum(len(o.texts) <= 1 for o in kept) / len(kept)
        empty = sum(not t.strip() for o in kept for t in o.texts)
        rows.append(f"| {suite} | {len(kept)} | {whole:.3f} | {empty} |")
    empty = sum(not t.strip() for o in outcomes for t in o.texts)
    rows.append(f"\nempty articles in all files: {empty}")
    return "\n".join(rows)


def _order(separator: str) -> int:
    return [*SEPARATORS, "all"].index(separator) if separator in (*SEPARATORS, "all") else 9


def explain(path: str, cleaner: Cleaner) -> str:
    """Each candidate of a file: its cues, their fitted contributions, the probability."""
    with open(path, encoding="utf-8") as handle:
        doc = Document.from_text(path, handle.read().replace("\r\n", "\n"))
    ctx = cleaner.mark(doc)
    _, boundaries = split(doc, cleaner.settings.split_model, ctx.state(doc), explain=True)
    return "\n".join(f"{path}:{b.line} {b.describe()}" for b in boundaries)


# Marks lines for the collection of candidates, which needs no model: one that never cuts.
UNFITTED = LinearModel("split", CUES, (0.0,) * len(CUES), (0.0,) * len(CUES), (1.0,) * len(CUES), 0.0, 1.0)


def run(args: argparse.Namespace) -> int:
    if args.explain:
        print(explain(args.explain, Cleaner()))
        return 0
    if not data.load_suite("devdata", "region"):
        print(f"no region pages in {data.shared_folder() / 'devdata'}", file=sys.stderr)
        return 1
    cleaner = Cleaner(settings=replace(DEFAULT, split_model=UNFITTED))
    files = training_files(args.files, args.seed, args.cv or FOLDS)
    samples = collect(files, cleaner)
    missed = sum(s.missed for s in samples)
    breaks = sum(len(s.file.starts) - 1 for s in samples)
    print(f"{len(samples)} files, {sum(len(s.labels) for s in samples)} candidates, {breaks} breaks, "
          f"{missed} of them with no candidate", file=sys.stderr)
    if args.cv:
        extra = shipped_multi() + cleaned(files, cleaner)
        print(report(cross_validate(samples, extra, args.cv, cleaner)))
        return 0
    model = fit(samples)
    command = f"python -m cleaner.training split --files {args.files} --seed {args.seed}"
    write_model("split", model, trained(samples, command))
    return 0


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("split", help="the story-break model", description=__doc__,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=FILES, help="multi-story files to make (default %(default)s)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the made files (default %(default)s)")
    parser.add_argument("--cv", type=int, metavar="K", help="report grouped K-fold figures; write nothing")
    parser.add_argument("--explain", metavar="FILE", help="print each candidate break of FILE with its cues")
    parser.set_defaults(run=run)
