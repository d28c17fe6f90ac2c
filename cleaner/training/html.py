"""`python -m cleaner.training html`: fit the model that chooses an HTML page's main content
container, on the `html` pages of ../shared (devdata and corpus), and write it to fitted.toml.

Every element holding a fair share of a page's paragraph text is a candidate, with the cues
`cleaner.readers.html.layout.candidates` reads (its share of the text, how much of its own text
that is, its links, its class words...). A candidate is a good container when the text of its
blocks matches the page's gold body nearly as well (shingle F1) as the best candidate's. The
model is a conditional logit: its weights give the good containers of each page the most of the
page's softmax, which is how it is used: at run time the candidate it rates highest is taken.

    --cv K        report grouped cross-validation (by site) per dataset, the cleaner with the
                  fold's model next to trafilatura's defaults in the same run; fitted.toml untouched
    --explain F   the candidates of one page with each cue's contribution, best first
"""
from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..fitted import LinearModel
from ..readers.decode import decode
from ..readers.html import html_document
from ..readers.html.layout import candidates, element_label, walk_page
from ..readers.html.parsing import parse
from ..settings import CONTAINER_MODEL, HtmlSettings
from . import data
from .fitted_file import write_model
from .metric import Counts, compare, score_documents, shingles

# A candidate within this much F1 of the page's best one is a good container: nested wrappers
# around the same text are equally right.
GOOD_MARGIN = 0.02
# Pages whose best candidate matches the gold less than this teach nothing about containers.
MIN_BEST_F1 = 0.3
# The L2 penalty on the weights of the fit.
REGULARISATION = 1.0


@dataclass(frozen=True)
class Example:
    """One candidate of one page: its cues and how well its text matches the gold."""

    page: str
    start: int
    end: int
    cues: dict[str, float]
    f1: float


def page_examples(page: data.Page, settings: HtmlSettings) -> list[Example]:
    """The page's candidates for its main container (over the whole page), each with the F1 of
    its blocks' text against the gold body."""
    root, lines = parse(decode(page.read(), is_html=True))
    if root is None or not isinstance(page.gold, str):
        return []
    walk = walk_page(root, settings, lines)
    gold = shingles(page.gold)
    gold_total = sum(gold.values())
    counted = []  # (order, shingles in the gold, shingles) of each block
    for b in walk.blocks:
        own = shingles(b.text)
        counted.append((b.order, sum((own & gold).values()), sum(own.values())))
    found = []
    for c in candidates(walk, walk.elements[0]):
        e = c.element
        inside = [(hit, size) for order, hit, size in counted if e.start <= order < e.end]
        tp, total = sum(hit for hit, _ in inside), sum(size for _, size in inside)
        f1 = 2 * tp / (total + gold_total) if total + gold_total else 0.0
        found.append(Example(page.key, e.start, e.end, c.cues, f1))
    return found


def examples(pages: list[data.Page], settings: HtmlSettings) -> list[Example]:
    return [ex for page in pages for ex in page_examples(page, settings)]


def fit(train: list[Example]) -> LinearModel:
    """A conditional logit over each page's candidates: the weights that give the good
    containers (within GOOD_MARGIN of the page's best F1) the most of the page's softmax, with an
    L2 penalty. Only the ranking within a page counts, as at run time; the bias is 0."""
    import numpy as np
    from scipy.optimize import minimize

    pages: dict[str, list[Example]] = {}
    for ex in train:
        pages.setdefault(ex.page, []).append(ex)
    names = tuple(sorted(train[0].cues))
    x = np.array([[ex.cues[n] for n in names] for ex in train])
    means, scales = x.mean(axis=0), x.std(axis=0)
    scales[scales == 0] = 1.0
    groups = []
    for found in pages.values():
        best = max(ex.f1 for ex in found)
        if best < MIN_BEST_F1 or len(found) < 2:
            continue
        z = (np.array([[ex.cues[n] for n in names] for ex in found]) - means) / scales
        good = np.array([ex.f1 >= best - GOOD_MARGIN for ex in found])
        if not good.all():
            groups.append((z, good))

    def loss(w: Any) -> tuple[float, Any]:
        total, grad = REGULARISATION * float(w @ w) / 2, REGULARISATION * w
        for z, good in groups:
            score = z @ w
            score -= score.max()
            p = np.exp(score)
            all_mass, good_mass = p.sum(), p[good].sum()
            total -= float(np.log(good_mass) - np.log(all_mass))
            grad = grad - (p[good] @ z[good]) / good_mass + (p @ z) / all_mass
        return total, grad

    w = minimize(loss, np.zeros(len(names)), jac=True, method="L-BFGS-B").x
    return LinearModel(CONTAINER_MODEL, names, tuple(float(v) for v in w), tuple(float(m) for m in means),
                       tuple(float(v) for v in scales), 0.0, 0.5)


def _trafilatura() -> Callable[[bytes], str]:
    import trafilatura

    def extract(raw: bytes) -> str:
        return trafilatura.extract(raw) or ""
    return extract


def cross_validate(pages: list[data.Page], folds: int, out: Callable[[str], None]) -> None:
    """Grouped CV: each page cleaned with a model fitted on the other folds' sites only; the
    cleaner and trafilatura timed on the same pages in the same run."""
    from ..pipeline import Cleaner

    settings = HtmlSettings()
    found = examples(pages, settings)
    by_page: dict[str, list[Example]] = {}
    for ex in found:
        by_page.setdefault(ex.page, []).append(ex)
    cleaner = Cleaner()
    extract = _trafilatura()
    ours: dict[str, Counts] = {}
    theirs: dict[str, Counts] = {}
    empty: dict[str, int] = {}
    spent = {"cleaner": 0.0, "trafilatura": 0.0}
    for _, train, held in data.grouped_folds(pages, folds):
        model = fit([ex for p in train for ex in by_page.get(p.key, [])])
        fold_settings = replace(settings, container=model)
        for page in held:
            raw = page.read()
            start = time.perf_counter()
            doc = html_document(page.name, decode(raw, is_html=True), fold_settings)
            text = "\n\n".join(a.text for a in cleaner.clean_document(doc, page.key).articles)
            spent["cleaner"] += time.perf_counter() - start
            start = time.perf_counter()
            other = extract(raw)
            spent["trafilatura"] += time.perf_counter() - start
            assert isinstance(page.gold, str)
            ours[page.key], theirs[page.key] = compare(text, page.gold), compare(other, page.gold)
            if page.gold.strip() and not text.strip():
                empty[page.dataset] = empty.get(page.dataset, 0) + 1
    out(f"grouped {folds}-fold cross-validation by site, {len(pages)} html pages\n")
    out("| dataset | pages | cleaner P | R | F1 | empty | trafilatura P | R | F1 |")
    out("|---|--:|--:|--:|--:|--:|--:|--:|--:|")
    groups: dict[str, list[data.Page]] = {}
    for page in pages:
        groups.setdefault(page.dataset, []).append(page)
    groups["news (devdata, l3s-gn1, readability)"] = [p for p in pages if p.dataset in data.NEWS_DATASETS]
    for name, group in groups.items():
        a = score_documents(ours[p.key] for p in group)
        b = score_documents(theirs[p.key] for p in group)
        blank = sum(empty.get(d, 0) for d in {p.dataset for p in group})
        out(f"| {name} | {len(group)} | {a.precision:.3f} | {a.recall:.3f} | **{a.f1:.3f}** | {blank} "
            f"| {b.precision:.3f} | {b.recall:.3f} | {b.f1:.3f} |")
    out(f"\npages/s: cleaner {len(pages) / spent['cleaner']:.1f}, trafilatura {len(pages) / spent['trafilatura']:.1f}")


def explain(path: Path, out: Callable[[str], None]) -> None:
    """The candidates of one page, best first, with each cue's contribution to the score."""
    settings = HtmlSettings()
    root, lines = parse(decode(path.read_bytes(), is_html=True))
    if root is None:
        out("no markup")
        return
    walk = walk_page(root, settings, lines)
    found = candidates(walk, walk.elements[0])
    model = settings.container
    for c in sorted(found, key=lambda c: -model.probability(c.cues)):
        e = c.element
        parts = ", ".join(f"{k} {v:+.2f}" for k, v in sorted(model.contributions(c.cues).items(),
                                                                 key=lambda kv: -abs(kv[1])))
        out(f"{model.probability(c.cues):.3f} {element_label(e)} [{e.start},{e.end}): {parts}")


def run(args: argparse.Namespace) -> int:
    if args.explain:
        explain(Path(args.explain), print)
        return 0
    shared = data.shared_folder(args.shared)
    pages = [p for p in data.load("html", shared=shared) if isinstance(p.gold, str)]
    if not pages:
        print(f"no html pages under {shared}", file=sys.stderr)
        return 1
    if args.cv:
        cross_validate(pages, args.cv, print)
        return 0
    found = examples(pages, HtmlSettings())
    model = fit(found)
    write_model(CONTAINER_MODEL, model, f"python -m cleaner.training html: {len(pages)} html pages of devdata "
                                        f"and corpus, {len(found)} candidate containers")
    for name, weight in zip(model.features, model.weights):
        print(f"  {name:14s} {weight:+.3f}")
    return 0


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("html", help="the main content container of HTML pages",
                                   description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cv", type=int, metavar="K", help="report grouped K-fold cross-validation only")
    parser.add_argument("--explain", metavar="PAGE", help="show one page's candidates and their cues")
    parser.add_argument("--shared", help="the shared data folder (default: ../shared)")
    parser.set_defaults(run=run)


__all__ = ["add_parser", "run"]
