"""The paragraph scorer: how lines are classed, where the main text is, and what it leaves alone."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner import Cleaner, clean_text
from cleaner.rules.scorer import _densest_run, _features, classify

ROOT = Path(__file__).resolve().parent.parent
DEVDATA = ROOT.parent / "shared" / "devdata"
EN_STOP = frozenset({"the", "a", "of", "and", "to", "in", "that", "was", "it", "he", "she", "said", "on", "for"})

# Three paragraphs of a real story shape (a council decision), long enough to be a main text.
PROSE = [
    "The council voted on Tuesday to close the library, saying that the building had become too costly to heat "
    "and that the number of visitors had fallen by a third since the new shopping centre opened in the town.",
    "Residents who had campaigned for months to keep it open said they were disappointed by the vote and that "
    "they would appeal against the decision, which they described as unfair to the older people who use it.",
    "The council said that it would look at other ways of keeping a library service in the town centre, such as "
    "a smaller room in the town hall, and that no member of staff would lose their job because of the closure.",
    "A spokesman for the campaign said that they had collected more than two thousand signatures in a week and "
    "that they would present the petition to the council at its next meeting in the town hall in March.",
]


@pytest.mark.parametrize(("text", "expected"), [
    (PROSE[0], "good"),
    ("NHL Home", "bad"),                       # a menu item: short, no stopword, no final stop
    ("Palm Bay 18 22 13 17 — 70", "bad"),      # a score line: digits
    ("He said no.", "short"),                 # a short sentence is not judged alone
    ("The mayor and the council in the town hall on the night of the vote", "medium"),
])
def test_lines_are_classed_from_their_own_features(text, expected):
    assert classify(_features(text, EN_STOP), has_stopwords=True) == expected


def test_the_densest_run_is_where_prose_outweighs_chrome():
    assert _densest_run([-2, -2, 40, 0, -2, 35, -2, -2]) == (2, 5)
    assert _densest_run([-2, -2]) == (0, -1)


def test_menus_above_and_below_a_story_go_with_their_features_in_the_record():
    text = "\n".join(["Home", "News", "Sport", "Weather", *PROSE, "Terms of Use", "Privacy Policy", "Cookies"])
    (article,) = clean_text(text)
    assert article.text == "\n".join(PROSE)
    dropped = {r.text: r.reason for r in article.removed if r.rule == "paragraph-score"}
    assert set(dropped) >= {"Sport", "Weather", "Cookies"}
    assert "outside the main text" in dropped["Cookies"] and "stopwords" in dropped["Cookies"]


def test_short_lines_inside_the_main_text_stay():
    """Subheadings, one-line quotes and list items between paragraphs are the article's own."""
    text = "\n".join([PROSE[0], "What happens next", PROSE[1], "“No.”", "Opening hours", "Monday", PROSE[2]])
    (article,) = clean_text(text)
    assert article.text == text


def test_a_list_the_text_announces_stays_even_after_the_main_text():
    dates = ["June 9 -- Coral Sky Amphitheatre, West Palm Beach, FL", "June 10 -- Credit Union Amphitheatre, Tampa, FL",
             "June 14 -- Ameris Bank Amphitheatre, Alpharetta, GA"]
    text = "\n".join([*PROSE, "The tour dates:", *dates])
    (article,) = clean_text(text)
    assert article.text.endswith("\n".join(dates))


def test_a_story_with_little_prose_is_left_alone():
    """A calendar or a results table has no main text to find; the scorer does not guess."""
    text = "\n".join(["Calendar 2018", "1st round: 10 March – Interlagos", "2nd round: 8 April – Curitiba",
                      "3rd round: 22 April – Velopark", "The calendar may change."])
    (article,) = clean_text(text)
    assert not [r for r in article.removed if r.rule == "paragraph-score"]


def test_the_headline_above_the_main_text_is_left_to_the_headline_rule():
    (article,) = clean_text("\n".join(["Home", "News", "Library To Close After Council Vote", *PROSE]))
    assert article.title == "Library To Close After Council Vote"
    assert article.text == "\n".join(PROSE)


def test_can_be_disabled_by_id():
    text = "\n".join([*PROSE, "Terms of Use", "Privacy Policy", "Cookies"])
    articles = Cleaner(disable=["paragraph-score"]).clean_text(text)
    assert not [r for a in articles for r in a.removed if r.rule == "paragraph-score"]


@pytest.mark.skipif(not DEVDATA.is_dir(), reason="needs ../shared/devdata")
def test_never_drops_a_line_of_a_gold_body_in_most_region_files():
    """The scorer's drops on devdata/region, checked against the gold bodies: it may err on a few
    odd pages (a theatre listing of zero-width lines, a deals page made of price widgets, a "___"
    rule line) but not widely."""
    gold = json.loads((DEVDATA / "region" / "gold.json").read_text(encoding="utf-8"))
    cleaner = Cleaner()
    files_hit = 0
    for name, body in gold.items():
        articles = cleaner.clean_data((DEVDATA / "region" / "inputs" / name).read_bytes(), name).articles
        body_lines = {line.strip() for line in body.split("\n") if line.strip()}
        if any(r.text in body_lines for a in articles for r in a.removed if r.rule == "paragraph-score"):
            files_hit += 1
    assert files_hit <= 5
