"""Score the cleaner side by side with baselines and other extractors on the devdata and corpus suites.

    python benchmarks/run.py [--suites region,page,html,multi] [--systems cleaner,raw,...]
                             [--collections devdata,corpus] [--datasets l3s-gn1,...] [--limit N]
                             [--repeat 3] [--cpu] [--markdown] [--per-file FILE.json] [--lowest N]

Every table gives the whole suite and, when it holds more than one, each dataset (devdata, and
the corpus's l3s-gn1, cleaneval and readability) on its own: their conventions differ.

Each system is one adapter: given a file's bytes and name, it does the untimed preparation
(wrapping text as HTML, choosing a stoplist) and returns the timed call, which gives the
file's articles. Throughput counts only that call: the best total of --repeat passes over a
suite, so a busy machine slows the comparison less. On a machine shared with other jobs, --cpu
times the calls by the process's CPU time rather than the clock, which counts no time spent
waiting for a core. Scoring is in cleaner/training/metric.py.
"""
from __future__ import annotations

import argparse
import html
import json
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from time import perf_counter, process_time

import regex

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # measure the working tree's cleaner, installed or not

from cleaner.training import data  # noqa: E402
from cleaner.training.metric import (  # noqa: E402
    Counts,
    StoryMatch,
    compare,
    harmonic_mean,
    match_stories,
    score_documents,
    score_multi,
    tokens,
)

SUITES = data.SUITES

Call = Callable[[], list[str]]
Adapter = Callable[[bytes, str], Call]

_BLANK_LINE = regex.compile(r"\n[ \t]*\n\s*")
_BLANK_RUN = regex.compile(r"\n(?:[ \t]*\n){2,}")  # a line end, then two or more blank lines
_INVISIBLE = ("script", "style", "noscript", "template", "head")


def is_html(name: str) -> bool:
    return name.endswith(".html")


def visible_text(page: bytes) -> str:
    """A page's text as a browser would show it, one line per text node."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    for element in soup(_INVISIBLE):
        element.decompose()
    return soup.get_text("\n")


def as_html(text: str) -> str:
    """Text as a minimal page for HTML extractors: each blank-line-separated block one <p>."""
    blocks = [block for block in _BLANK_LINE.split(text) if block.strip()]
    body = "\n".join(f"<p>{html.escape(block)}</p>" for block in blocks)
    return f'<html><head><meta charset="utf-8"></head><body>\n{body}\n</body></html>'


def cleaner_adapter() -> Adapter:
    from cleaner import Cleaner

    cleaner = Cleaner()
    return lambda data, name: lambda: [article.text for article in cleaner.clean_data(data, name).articles]


def raw_adapter() -> Adapter:
    def adapt(data: bytes, name: str) -> Call:
        if is_html(name):
            return lambda: [visible_text(data)]
        return lambda: [data.decode("utf-8")]
    return adapt


def blank_runs_adapter() -> Adapter:
    def adapt(data: bytes, name: str) -> Call:
        return lambda: [part for part in _BLANK_RUN.split(data.decode("utf-8")) if part.strip()]
    return adapt


def line_words_adapter() -> Adapter:
    """A floor, not a cleaner: decode, cut lines and split every line into words with the
    cleaner's own word pattern, the least a text cleaner that weighs its lines' words must do.
    Its text is the raw text, so it scores as raw; its speed bounds what pure Python can reach."""
    from cleaner.features import WORD

    def adapt(data: bytes, name: str) -> Call:
        def call() -> list[str]:
            text = data.decode("utf-8")
            for line in text.split("\n"):
                WORD.findall(line)
            return [text]
        return call
    return adapt


def justext_adapter() -> Adapter:
    import justext

    stoplists = {language: justext.get_stoplist(language) for language in sorted(justext.get_stoplists())}

    def adapt(data: bytes, name: str) -> Call:
        text = visible_text(data) if is_html(name) else data.decode("utf-8")
        page = data if is_html(name) else as_html(text).encode("utf-8")
        counts = Counter(tokens(text))
        # jusText needs the page's language; take the stoplist the text uses most
        language = max(stoplists, key=lambda lang: sum(counts[word] for word in stoplists[lang]))
        stoplist = stoplists[language]
        return lambda: ["\n\n".join(p.text for p in justext.justext(page, stoplist) if not p.is_boilerplate)]
    return adapt


def trafilatura_adapter(include_comments: bool = True) -> Adapter:
    import trafilatura

    def adapt(data: bytes, name: str) -> Call:
        page = data if is_html(name) else as_html(data.decode("utf-8"))
        # extract gives None when it finds no main text
        return lambda: [trafilatura.extract(page, include_comments=include_comments) or ""]
    return adapt


@dataclass(frozen=True)
class System:
    name: str
    make: Callable[[], Adapter]
    suites: tuple[str, ...] = SUITES


SYSTEMS = {system.name: system for system in (
    System("cleaner", cleaner_adapter),
    System("raw", raw_adapter),
    System("blank-runs", blank_runs_adapter, ("multi",)),
    System("line-words", line_words_adapter, ("region", "page", "multi")),
    System("justext", justext_adapter),
    System("trafilatura", trafilatura_adapter),
    System("trafilatura-nocomments", partial(trafilatura_adapter, include_comments=False), ("html",)),
)}


@dataclass
class Suite:
    """One suite over the collections asked for; a file is named by its collection and name
    (`corpus/l3s-gn1-12.txt`), and `datasets` tells which dataset each file is from."""

    name: str
    files: list[tuple[str, bytes]]
    gold: dict[str, str | tuple[str, ...]]
    datasets: dict[str, str]

    @property
    def size(self) -> int:
        return sum(len(data) for _, data in self.files)

    def by_dataset(self) -> dict[str, list[str]]:
        """The file names of each dataset, in the order the datasets first appear."""
        groups: dict[str, list[str]] = {}
        for name, _ in self.files:
            groups.setdefault(self.datasets[name], []).append(name)
        return groups


def load_suite(shared: Path, name: str, collections: list[str], datasets: list[str] | None = None,
               limit: int = 0) -> Suite:
    """A suite's pages from the collections; only the datasets named, when some are; and only
    the first `limit` pages of each dataset, when a limit is given (a quick look)."""
    pages = [page for page in data.load(name, collections, shared)
             if datasets is None or page.dataset in datasets]
    if limit:
        taken: Counter[str] = Counter()
        pages = [page for page in pages if (taken.update([page.dataset]) or taken[page.dataset]) <= limit]
    files = [(_name(page), page.read()) for page in pages]
    return Suite(name, files, {_name(page): page.gold for page in pages}, {_name(page): page.dataset for page in pages})


def _name(page: data.Page) -> str:
    return f"{page.collection}/{page.name}"


@dataclass
class Run:
    """One system over one suite: its articles per file, its best time and any failures."""

    articles: dict[str, list[str]]
    seconds: float
    errors: dict[str, str] = field(default_factory=dict)


def run_system(adapter: Adapter, suite: Suite, repeat: int, clock: Callable[[], float] = perf_counter) -> Run:
    calls = [(name, adapter(data, name)) for name, data in suite.files]
    best = float("inf")
    for _ in range(repeat):
        articles: dict[str, list[str]] = {}
        errors: dict[str, str] = {}
        total = 0.0
        for name, call in calls:
            start = clock()
            try:
                articles[name] = call()
            except Exception as exc:  # one failing file must not end the comparison
                articles[name] = []
                errors[name] = f"{type(exc).__name__}: {exc}"
            total += clock() - start
        best = min(best, total)
    return Run(articles, best, errors)


def score_run(suite: Suite, run: Run) -> dict[str, Counts | StoryMatch]:
    if suite.name == "multi":
        return {name: match_stories(suite.gold[name], run.articles[name]) for name, _ in suite.files}
    return {name: compare("\n\n".join(run.articles[name]), suite.gold[name]) for name, _ in suite.files}


def per_file_record(result: Counts | StoryMatch) -> dict:
    if isinstance(result, StoryMatch):
        return {"gold": result.gold, "predicted": result.predicted, "found": result.found,
                "story_f1": [round(f1, 4) for f1 in result.story_f1]}
    p, r = result.precision, result.recall
    f1 = harmonic_mean(p, r) if p is not None and r is not None else None
    return {"precision": p, "recall": r, "f1": f1}


def quality_columns(suite: Suite, results: dict[str, Counts | StoryMatch]) -> list[str]:
    if suite.name == "multi":
        s = score_multi([r for r in results.values() if isinstance(r, StoryMatch)])
        return [f"{s.count_accuracy:.3f}", f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}",
                f"{s.mean_story_f1:.3f}"]
    s = score_documents([r for r in results.values() if isinstance(r, Counts)])
    return [f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}"]


def headers(suite: Suite) -> list[str]:
    return ["system", *quality_headers(suite), "MB/s", "files/s", "speed vs cleaner"]


def quality_headers(suite: Suite) -> list[str]:
    return (["count acc", "story P", "story R", "story F1", "mean story F1"] if suite.name == "multi"
            else ["precision", "recall", "F1"])


def dataset_rows(suite: Suite, results: dict[str, dict[str, Counts | StoryMatch]]) -> list[list[str]]:
    """Each dataset's quality per system, when the suite holds more than one dataset."""
    groups = suite.by_dataset()
    if len(groups) < 2:
        return []
    return [[dataset, str(len(names)), system, *quality_columns(suite, {n: by_file[n] for n in names})]
            for dataset, names in groups.items() for system, by_file in results.items()]


def render(header: list[str], rows: list[list[str]], markdown: bool) -> str:
    if markdown:
        lines = [header, ["---"] + ["--:"] * (len(header) - 1), *rows]
        return "\n".join("| " + " | ".join(row) + " |" for row in lines)
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return "\n".join("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in
                               enumerate(zip(row, widths))) for row in [header, *rows])


def lowest_recall(suite: Suite, results: dict[str, Counts | StoryMatch], n: int) -> list[str]:
    counts = [(name, c) for name, c in results.items() if isinstance(c, Counts) and c.recall is not None]
    worst = sorted(counts, key=lambda item: (item[1].recall or 0.0, item[0]))[:n]
    return [f"  {name} ({suite.datasets[name]})  P={c.precision or 0.0:.3f} R={c.recall or 0.0:.3f}"
            for name, c in worst]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=None,
                        help="the folder holding devdata and corpus (default: ../shared beside the project, "
                             "or $CLEANER_SHARED)")
    parser.add_argument("--collections", default="devdata", help="comma-separated: devdata, corpus")
    parser.add_argument("--datasets", default=None,
                        help="comma-separated datasets to keep (devdata, l3s-gn1, cleaneval, readability)")
    parser.add_argument("--limit", type=int, default=0, metavar="N", help="only the first N pages of each dataset")
    parser.add_argument("--suites", default=",".join(SUITES), help="comma-separated suites")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated systems")
    parser.add_argument("--repeat", type=int, default=3, help="passes per system and suite; the best total counts")
    parser.add_argument("--cpu", action="store_true", help="time by CPU time, not the clock (a shared machine)")
    parser.add_argument("--markdown", action="store_true", help="print markdown tables")
    parser.add_argument("--per-file", type=Path, metavar="FILE.json", help="write per-file scores here")
    parser.add_argument("--lowest", type=int, default=0, metavar="N",
                        help="list the N files with the lowest cleaner recall per suite")
    args = parser.parse_args(argv)
    args.suites = args.suites.split(",")
    args.systems = args.systems.split(",")
    args.collections = args.collections.split(",")
    args.datasets = args.datasets.split(",") if args.datasets else None
    for value, known in ((args.suites, SUITES), (args.systems, SYSTEMS), (args.collections, data.COLLECTIONS)):
        unknown = [v for v in value if v not in known]
        if unknown:
            parser.error(f"unknown: {', '.join(unknown)} (known: {', '.join(known)})")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    args.shared = data.shared_folder(args.shared)
    missing = [c for c in args.collections if not (args.shared / c).is_dir()]
    if missing:
        parser.error(f"no {', '.join(missing)} folder in {args.shared}")
    return args


def load_adapters(names: list[str]) -> dict[str, Adapter]:
    adapters = {}
    for name in names:
        try:
            adapters[name] = SYSTEMS[name].make()
        except ImportError as exc:
            print(f"skipped {name}: {exc}\n")
    return adapters


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    adapters = load_adapters(args.systems)
    per_file: dict[str, dict[str, dict]] = {}
    for suite_name in args.suites:
        suite = load_suite(args.shared, suite_name, args.collections, args.datasets, args.limit)
        megabytes = suite.size / 1e6
        clock = process_time if args.cpu else perf_counter
        runs = {name: run_system(adapter, suite, args.repeat, clock) for name, adapter in adapters.items()
                if suite_name in SYSTEMS[name].suites}
        results = {name: score_run(suite, run) for name, run in runs.items()}
        cleaner_speed = megabytes / runs["cleaner"].seconds if "cleaner" in runs else None
        rows = []
        for name, run in runs.items():
            speed = megabytes / run.seconds
            ratio = f"{speed / cleaner_speed:.2f}x" if cleaner_speed else "-"
            rows.append([name, *quality_columns(suite, results[name]), f"{speed:.2f}",
                         f"{len(suite.files) / run.seconds:.1f}", ratio])
            for file_name, error in run.errors.items():
                print(f"{suite_name}: {name} failed on {file_name}: {error}", file=sys.stderr)
        heading = f"{suite_name}: {len(suite.files)} files, {megabytes:.2f} MB"
        print(f"### {heading}\n" if args.markdown else heading)
        print(render(headers(suite), rows, args.markdown))
        print()
        breakdown = dataset_rows(suite, results)
        if breakdown:
            print(f"{suite_name} per dataset:\n" if args.markdown else f"{suite_name} per dataset:")
            print(render(["dataset", "files", "system", *quality_headers(suite)], breakdown, args.markdown))
            print()
        if args.lowest and suite_name != "multi" and "cleaner" in results:
            print(f"lowest cleaner recall in {suite_name}:")
            print("\n".join(lowest_recall(suite, results["cleaner"], args.lowest)))
            print()
        per_file[suite_name] = {name: {file_name: per_file_record(result) for file_name, result in by_file.items()}
                                for name, by_file in results.items()}
    if args.per_file:
        args.per_file.write_text(json.dumps(per_file, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
