"""Where the precision of the one-story dumps goes: the kept text outside the gold body, by what
the paragraph scorer decided about the lines that kept it.

    python benchmarks/precision_breakdown.py [--suite page] [--datasets devdata,l3s-gn1,readability]
                                             [--examples CATEGORY] [--limit N]

Every page of the datasets (the news ones by default) in one suite of ../shared is cleaned with
the shipped models: these are training figures, for finding where the clutter lies, not for
scoring the cleaner (`python -m cleaner.training text --cv 5` does that). Each line the article
keeps, in a story the scorer judged, falls in one of these categories:

- `weighed above`, `weighed inside`, `weighed below`: the fitted model weighed it (against the
  story's main text, its densest run of prose) and kept it;
- `unweighed above`, `unweighed inside`, `unweighed below`: no model weighed it (the lines
  above the main text are left to the headline rules; inside and below it, a list the text
  announces or a table's rows);
- `beside`: its story has no main text of its own and reads as chrome beside the page's;
- `no main text`: its story has no main text and is left alone;

and any other line the article keeps is `not judged`. Each line is labelled as
the text trainer labels it (`cleaner.training.text.label_line`). The table gives, per category,
the mean over pages of the share of the page's kept word 4-grams that lie outside its gold and
in that category (the precision the category costs), and the pages where it costs any. The
categories count each line's own 4-grams: the rest of the precision lost is in the 4-grams that
span two kept lines, outside the gold when either line is.
`--examples CATEGORY` prints a sample of that category's lines outside the gold.
"""
from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # measure the working tree's cleaner, installed or not

from cleaner.document import Document, Line, body_indexes  # noqa: E402
from cleaner.rules import Context  # noqa: E402
from cleaner.rules.scorer import ParagraphScore, _judgements, story_cues  # noqa: E402
from cleaner.training import data, metric  # noqa: E402
from cleaner.training.text import label_line, recording  # noqa: E402

NOT_JUDGED = "not judged"


class _Placing(ParagraphScore):
    """The scorer, noting for each line of a story it judged where the line lies and whether the
    model weighed it, once the story is judged."""

    def __init__(self) -> None:
        self.placed: list[tuple[Line, str]] = []
        self.doc: Document | None = None

    def apply(self, doc: Document, start: int, stop: int, ctx: Context) -> bool:
        self.doc = doc
        judgements = _judgements(doc, ctx)
        judged = len(judgements.main_texts)
        beside = (start, stop)
        changed = super().apply(doc, start, stop, ctx)
        main = judgements.main_texts[judged] if len(judgements.main_texts) > judged else None
        # The lines the model weighs on the story as it is now: the ones it kept.
        story = story_cues(doc, start, stop, judgements) if main is not None and main.found else None
        weighed = set(story.lines) if story is not None else set()
        for i in body_indexes(doc.lines, start, stop):
            line = doc.lines[i]
            if main is None:
                place = NOT_JUDGED
            elif not main.found or main.span is None:
                place = "beside" if beside in ctx.state(doc).without_main_text else "no main text"
            else:
                where = "above" if line.number < main.span[0] else "inside" if line.number <= main.span[1] else "below"
                place = f"{'weighed' if i in weighed else 'unweighed'} {where}"
            self.placed.append((line, place))
        return changed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--suite", default="page", help="a one-story suite: region or page")
    parser.add_argument("--datasets", default=",".join(sorted(data.NEWS_DATASETS)), help="comma-separated datasets")
    parser.add_argument("--examples", metavar="CATEGORY", help="print lines outside the gold of this category")
    parser.add_argument("--limit", type=int, default=0, metavar="N", help="only the first N pages")
    args = parser.parse_args()
    wanted = set(args.datasets.split(","))
    pages = [page for page in data.load(args.suite) if page.dataset in wanted]
    if args.limit:
        pages = pages[:args.limit]
    if not pages:
        raise SystemExit(f"no {args.suite} pages of {args.datasets} in {data.shared_folder()}")
    placing = _Placing()
    cleaner = recording(placing)
    cost: defaultdict[str, float] = defaultdict(float)
    touched: Counter[str] = Counter()
    examples: list[tuple[str, str]] = []
    for page in pages:
        placing.placed, placing.doc = [], None
        cleaner.clean_data(page.read(), page.name)
        # A story the scorer was never asked about (a page cut into stories before it) keeps
        # its lines too; a story is judged again when it joins its neighbour, so a line's last
        # place is the one that counts.
        places = {id(line): (line, place) for line, place in placing.placed}
        if placing.doc is not None:
            for line in placing.doc.lines:
                places.setdefault(id(line), (line, NOT_JUDGED))
        assert isinstance(page.gold, str)
        gold = metric.shingles(page.gold)
        gold_tokens = f" {' '.join(metric.tokens(page.gold))} "
        outside: Counter[str] = Counter()
        kept = 0
        # A line another rule took after the scorer (a title, a caption) is not in the text.
        for line, place in places.values():
            if not line.is_body:
                continue
            text = line.rest.strip()
            labelled = label_line(text, {}, gold, gold_tokens)
            outside[place] += labelled.out_of_gold
            kept += labelled.in_gold + labelled.out_of_gold
            if place == args.examples and labelled.out_of_gold:
                examples.append((page.name, text))
        for place, count in outside.items():
            cost[place] += count / kept if kept else 0.0
            touched[place] += count > 0
    print(f"{args.suite}: {len(pages)} pages of {args.datasets}\n")
    print("| category | precision lost | pages |\n| --- | --: | --: |")
    for place, total in sorted(cost.items(), key=lambda item: -item[1]):
        print(f"| {place} | {total / len(pages):.3f} | {touched[place]} |")
    if args.examples:
        print()
        for name, text in random.Random(0).sample(examples, min(40, len(examples))):
            print(f"{name}: {text[:140]}")


if __name__ == "__main__":
    main()
