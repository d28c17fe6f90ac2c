"""How often the cleaner finds a story's title and captions when the story is laid out as the seeds are.

    python benchmarks/titles.py [--collections devdata,corpus] [--suites region] [--show N]

Each one-story dump whose first line reads as a headline is laid out as seed 001 lays a story out
(the headline, a caption twice, `TT`, the headline again, the caption twice more, then the body;
`cleaner/training/multi.py`, `seed_layout`), the caption being a line of the page that is not in
its gold body. The file is cleaned alone, and the table gives, per dataset, the share of files
cut into exactly one article, whose article's title is the headline, and (of the files that have
a caption) whose article's captions hold it. The caption line is often a page's chrome (a follow
prompt, a "Read more" link) that a rule rightly drops instead, so that share is a floor. The
headline is the page's first line whenever it reads as one, a site's name or a date now and then,
so some misses are right. `--show N` prints N files whose
title was missed, with the titles found instead.
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # measure the working tree's cleaner, installed or not

from cleaner import Cleaner  # noqa: E402
from cleaner.training import data  # noqa: E402
from cleaner.training.multi import seed_layout, story_text  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--collections", default=",".join(data.COLLECTIONS))
    parser.add_argument("--suites", default="region")
    parser.add_argument("--show", type=int, default=0, metavar="N", help="print N files whose title was missed")
    args = parser.parse_args()
    cleaner = Cleaner()
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])  # files, whole, title, with caption, caption
    missed = []
    for suite in args.suites.split(","):
        for page in data.load(suite, args.collections.split(",")):
            text = story_text(page)
            laid_out = seed_layout(page, text)
            if laid_out is None:
                continue
            lines = laid_out.split("\n")
            headline, caption = lines[0], lines[2] if lines[2] != "TT" else None
            articles = [a for a in cleaner.clean_text(laid_out, page.name) if a.text]
            for dataset in (page.dataset, "all"):
                row = counts[dataset]
                row[0] += 1
                if len(articles) == 1:
                    row[1] += 1
                    row[2] += articles[0].title == headline
                    if caption is not None:
                        row[3] += 1
                        row[4] += caption in articles[0].captions
            if len(articles) != 1 or articles[0].title != headline:
                missed.append((page.name, headline, [a.title for a in articles]))
    if not counts:
        print(f"no pages in {data.shared_folder()}", file=sys.stderr)
        return 1
    print("| dataset | files | one article | title right | files with a caption | caption taken |")
    print("| --- | --: | --: | --: | --: | --: |")
    for dataset, (files, whole, title, with_caption, caption) in sorted(counts.items(), key=lambda kv: kv[0] == "all"):
        print(f"| {dataset} | {files} | {whole / files:.3f} | {title / files:.3f} | {with_caption} | "
              f"{caption / max(1, with_caption):.3f} |")
    for name, headline, titles in missed[:args.show]:
        print(f"{name}: {headline!r} -> {titles}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
