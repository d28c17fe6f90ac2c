"""Multi-story files made in memory from one-story pages, with the lines their stories start on:
the data the story-break model is fitted and measured on.

A file joins 2 to 4 `region` dumps by one of the separators the shipped multi files use (three
blank lines, one blank line, a bare newline), some of them in the seed-001 layout (the headline,
a caption twice, `TT`, the headline again, the caption twice more, then the body). Every one-story
`region` and `page` file is also kept alone, as a file that must not be cut: listicles, galleries,
live blogs and full-page dumps with their chrome are all among them. The stories of one made
file come from the sites of one fold only, so a grouped cross-validation holds them out whole.
Nothing is written: the files are rebuilt, identically for a seed, whenever they are needed.
"""
from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

from ..features import reads_as_headline, words
from .data import NEWS_DATASETS, Page, fold_of, load, sites_of
from .metric import tokens

SEPARATORS = {"3blank": "\n\n\n\n", "1blank": "\n\n", "newline": "\n"}
STORY_COUNTS = (2, 3, 4)
# One made file in SEED_LAYOUT_EVERY has its stories in the seed-001 layout.
SEED_LAYOUT_EVERY = 4
# A caption for the seed layout: a line of the page that is not in its gold body, this long.
CAPTION_WORDS = (5, 30)


@dataclass(frozen=True)
class Made:
    """One file to split, with its gold: the text of each story and the line each starts on."""

    name: str
    text: str
    gold: tuple[str, ...]
    starts: tuple[int, ...]  # 0-based line indexes; the first story starts on line 0
    separator: str  # a key of SEPARATORS, or "single" for a one-story file
    suite: str  # the suite the stories come from: region or page
    sites: tuple[str, ...]
    datasets: frozenset[str]  # of its stories: devdata, l3s-gn1, cleaneval, readability
    layout: str = "plain"  # or "seed"

    @property
    def news(self) -> bool:
        """Every story comes from a news dataset (cleaneval's general web pages are not)."""
        return self.datasets <= set(NEWS_DATASETS)


def story_text(page: Page) -> str:
    return page.read().decode("utf-8").rstrip("\n")


def seed_layout(page: Page, text: str) -> str | None:
    """The story in the seed-001 layout, or None when its first line is no headline."""
    lines = text.split("\n")
    head = lines[0].strip()
    if not reads_as_headline(head):
        return None
    gold = " ".join(tokens(str(page.gold)))
    captions = [line.strip() for line in lines[1:]
                if CAPTION_WORDS[0] <= len(words(line)) <= CAPTION_WORDS[1] and " ".join(tokens(line)) not in gold]
    block = [captions[0]] * 2 if captions else []
    rest = "\n".join(lines[1:]).lstrip("\n")
    return "\n".join([head, "", *block, "TT", "", head, "", *block, "", rest])


def make_multi(pages: list[Page], files: int, seed: int, folds: int) -> list[Made]:
    """`files` multi-story files from one-story pages; file n draws its stories from the sites
    of fold n % folds, and uses separator n // folds % 3."""
    rng = random.Random(seed)
    by_fold: dict[int, list[Page]] = {}
    for page in pages:
        by_fold.setdefault(fold_of(sites_of(page)[0], folds), []).append(page)
    kinds = list(SEPARATORS)
    made = []
    for n in range(files):
        pool = by_fold[n % folds]
        stories = rng.sample(pool, min(rng.choice(STORY_COUNTS), len(pool)))
        separator = kinds[n // folds % len(kinds)]
        seeded = n % SEED_LAYOUT_EVERY == SEED_LAYOUT_EVERY - 1
        texts = []
        for page in stories:
            text = story_text(page)
            texts.append(seed_layout(page, text) or text if seeded else text)
        made.append(_joined(f"made_{n:05d}.txt", stories, texts, separator, "seed" if seeded else "plain"))
    return made


def singles(pages: Iterable[Page]) -> list[Made]:
    """Each one-story page alone: a file no break may cut."""
    return [Made(page.key, story_text(page) + "\n", (str(page.gold),), (0,), "single", page.suite,
                 sites_of(page), frozenset({page.dataset})) for page in pages]


def _joined(name: str, pages: list[Page], texts: list[str], separator: str, layout: str) -> Made:
    glue = SEPARATORS[separator]
    starts, offset = [], 0
    for text in texts:
        starts.append(offset)
        offset += text.count("\n") + glue.count("\n")
    return Made(name, glue.join(texts) + "\n", tuple(str(p.gold) for p in pages), tuple(starts), separator,
                "region", tuple(site for p in pages for site in sites_of(p)), frozenset(p.dataset for p in pages),
                layout)


def training_files(files: int = 1500, seed: int = 0, folds: int = 5) -> list[Made]:
    """The made multi-story files and every one-story region and page file of ../shared."""
    region = load("region")
    return make_multi(region, files, seed, folds) + singles(region) + singles(load("page"))
