"""Story splitting on shapes written for these tests, none of which leans on the seeds' `TT` label."""
from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import Cleaner, clean_text
from cleaner.split import CUES

# Breaks one blank line (or none) apart that the fitted model misses today: cross-validated, it
# gets the story count right for about a third of such files. Kept as the cases to win.
MISSED = pytest.mark.xfail(reason="a break the fitted model misses (one blank line or none apart)", strict=False)
# Stories of under about 80 words, written short for these tests: the fitted model has seen few
# stories that short end at a break, and weighs what follows one as a section of it.
SHORT = pytest.mark.xfail(reason="the story before the break is under about 80 words", strict=False)
SAMPLES = Path(__file__).resolve().parent.parent / "samples"
DATA = Path(__file__).resolve().parent / "data"

# Two stories separated by a single blank line, exactly like a paragraph break; each opens
# with its headline and a caption with a credit.
ONE_BLANK = """\
Flooding Closes Main Roads Across Northern Italy

Firefighters wade through a flooded street in Cesena, Italy, May 17, 2023. REUTERS/Claudia Greco

Heavy rain flooded towns across the Emilia-Romagna region on Wednesday, forcing thousands of people from their homes.
Rescue teams used boats to reach residents trapped on the upper floors of buildings, the regional government said.
Officials warned that more rain was expected over the weekend and asked people to avoid travel.

Central Bank Leaves Interest Rates Unchanged

The bank's headquarters in Frankfurt, Germany. (AP Photo/Michael Probst)

The European Central Bank kept its key interest rates on hold on Thursday, saying inflation was easing.
Policymakers said they would watch wage growth closely before deciding on any cut next year.
"""

# Three stories with no headlines, each opening with a wire dateline, one blank line apart.
DATELINES = """\
WASHINGTON (Reuters) - The U.S. Senate passed a stopgap funding bill late on Friday, averting a government shutdown.
The measure keeps agencies funded until March and now goes to the president for his signature.

LONDON, Dec 20 (Reuters) - British retail sales rose less than expected in November, official data showed.
Shoppers held back on spending ahead of the holiday season, the statistics office said.

TOKYO (Reuters) - Japan's core consumer prices rose 2.7% in November from a year earlier, government data showed.
The figure keeps alive expectations that the central bank will raise interest rates again soon.
"""

# A caption printed once, not twice, between the next story's headline and its body.
SINGLE_CAPTION = """\
Wildfire Forces Evacuations Near Los Angeles
Flames from the fire burn through dry brush north of the city.
Firefighters battled a fast-moving wildfire in the hills north of Los Angeles on Tuesday, officials said.
Thousands of residents were ordered to leave their homes as strong winds pushed the fire towards the valley.


Storm Brings Heavy Snow to the Alps
A snowplough clears a mountain road in Austria. Photo: Georg Hochmuth/APA
A winter storm dropped more than a metre of snow on parts of the Alps over the weekend, closing several passes.
Avalanche warnings were raised to the highest level in parts of Switzerland and Austria, forecasters said.
"""


@SHORT
def test_two_stories_one_blank_line_apart_each_with_headline_and_caption():
    a, b = clean_text(ONE_BLANK)
    assert a.title == "Flooding Closes Main Roads Across Northern Italy"
    assert a.captions == ["Firefighters wade through a flooded street in Cesena, Italy, May 17, 2023. REUTERS/Claudia Greco"]
    assert a.text.startswith("Heavy rain flooded") and a.text.endswith("avoid travel.")
    assert b.title == "Central Bank Leaves Interest Rates Unchanged"
    assert b.captions == ["The bank's headquarters in Frankfurt, Germany. (AP Photo/Michael Probst)"]
    assert b.text.count("\n") == 1


@MISSED
def test_three_stories_each_opening_with_a_dateline():
    articles = clean_text(DATELINES)
    assert [a.dateline for a in articles] == ["WASHINGTON (Reuters)", "LONDON, Dec 20 (Reuters)", "TOKYO (Reuters)"]
    assert [a.text.split(" ", 1)[0] for a in articles] == ["The", "British", "Japan's"]
    assert all(a.text.count("\n") == 1 for a in articles)


def test_a_story_whose_caption_is_not_duplicated():
    a, b = clean_text(SINGLE_CAPTION)
    assert a.title == "Wildfire Forces Evacuations Near Los Angeles"
    # The first story's caption has no credit and is printed once: too weak to remove, so it stays.
    assert a.text.startswith("Flames from the fire")
    assert b.title == "Storm Brings Heavy Snow to the Alps"
    assert b.captions == ["A snowplough clears a mountain road in Austria. Photo: Georg Hochmuth/APA"]
    assert b.text.startswith("A winter storm dropped")


def test_seed_001_splits_in_two_and_says_why():
    result = Cleaner().clean_data((SAMPLES / "001_7a3a63e451c8d701.txt").read_bytes(), "001.txt")
    assert len(result.articles) == 2
    [cut] = [b for b in result.boundaries if b.accepted]
    assert cut.line == 32
    assert cut.passes and cut.cues["repeated-headline"] and cut.cues["caption-block"]
    assert set(cut.cues) == set(cut.contributions) == set(CUES)


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.txt")))
def test_candidates_ruled_out_early_split_as_when_every_cue_is_weighed(name):
    # Without explain, a candidate the model rules out on its cheaper cues is not compared;
    # the articles are the same, and every candidate weighed in full is weighed alike.
    data = (SAMPLES / name).read_bytes()
    quick, full = Cleaner().clean_data(data, name), Cleaner(explain=True).clean_data(data, name)
    assert quick.articles == full.articles
    assert [(b.index, b.accepted) for b in quick.boundaries] == [(b.index, b.accepted) for b in full.boundaries]
    assert all(set(b.cues) == set(CUES) for b in full.boundaries)
    for q, f in zip(quick.boundaries, full.boundaries):
        if set(q.cues) == set(CUES):
            assert (q.cues, q.probability) == (f.cues, f.probability)
        else:
            assert q.probability < q.threshold and not f.passes


def test_subheading_inside_a_story_is_not_a_boundary():
    result = Cleaner().clean_data((SAMPLES / "004_2bbcec392b28b446.txt").read_bytes(), "004.txt")
    [article] = result.articles
    assert "\nStaying in Syria\n" in article.text
    [candidate] = result.boundaries
    assert candidate.line == 10 and not candidate.accepted and not candidate.passes


def test_quotes_lists_and_short_lines_do_not_cut():
    text = """\
Parliament Approves Budget After Long Debate
Lawmakers approved the budget on Monday after a debate that lasted more than twelve hours.
The main measures include:
Higher spending on schools and hospitals
A new tax on large fortunes
Cuts to fuel subsidies
"This budget protects families," the finance minister told reporters after the vote.
The opposition said it would challenge parts of the law in the constitutional court.
"""
    [a] = clean_text(text)
    assert a.title == "Parliament Approves Budget After Long Debate"
    assert "Higher spending on schools and hospitals" in a.text


def test_a_trailing_teaser_without_a_paragraph_stays_with_its_story():
    text = """\
Lawmakers approved the budget on Monday after a debate that lasted more than twelve hours.
The opposition said it would challenge parts of the law in the constitutional court.


Most Read Stories This Week
A crowd gathers outside parliament. (AP Photo/Jane Doe)
"""
    result = Cleaner().clean_data(text.encode(), "teaser.txt")
    assert len(result.articles) == 1
    assert any(not b.accepted and "no paragraph follows" in b.note for b in result.boundaries)


# The end of one story and the start of the next, one blank line apart (multi_028 in
# ../shared/devdata), both about the impeachment inquiry, so their words say little: the follow
# prompt closes the first story, and the next headline leads into a body of its own.
AFTER_FOOTER = """\
I don’t see the downside. A long inquiry keeps impeachment out of Mitch McConnell’s hands until there’s a comprehensive case against the president. Yes, there’s the chance of a late campaign acquittal, but if the past month is any prediction, Trump will have sustained a large amount of political damage over the course of a long investigation. It would keep him off-balance, especially if further investigation uncovers even more corruption. It would also allow the six Democratic presidential candidates in the Senate to campaign through the primary season instead of returning to Washington for a trial. But most important it would show a commitment to getting to the full truth of what’s been happening in the White House under the guise of making America great again.

The Times is committed to publishing a diversity of letters to the editor. We’d like to hear what you think about this or any of our articles. Here are some tips. And here's our email: letters@nytimes.com.

Follow The New York Times Opinion section on Facebook, Twitter (@NYTopinion) and Instagram.

The Impeachment Clock

House Intelligence Committee chairman Rep. Adam Schiff speaks during a media briefing after a House vote approving rules for an impeachment inquiry into President Trump, October 31, 2019. (Joshua Roberts/Reuters)

Time is not on Adam Schiff’s side.

Adam Schiff’s impeachment inquiry is incoherent. Given the impossibility of a senatorial conviction, the only strategy is to taint the president with the brand of impeachment and weaken him in the 2020 election.

Yet Schiff seems to have no sense that the worm has already turned. Far from tormenting Trump and the Republicans by a long-drawn-out Schiff extravaganza, Trump’s supporters are beginning to feel that the longer the farce, the better the optics. Polls show that Trump is almost back to where he was in popularity when Schiff unleashed his late-September Ukrainian caper. And the point, after all, was again to drive down Trump’s popularity and render him politically inert.
"""


@MISSED
def test_a_footer_closing_the_story_before_counts_for_the_next_headline():
    result = Cleaner().clean_data(AFTER_FOOTER.encode(), "footer.txt")
    [cut] = [b for b in result.boundaries if b.accepted]
    assert cut.line == 7 and cut.cues["story-end"]
    first, second = result.articles
    # The letters page's invitation is a footer of its own (subscription-offer), not the story's text.
    assert first.text.endswith("under the guise of making America great again.")
    assert "subscription-offer" in {r.rule for r in first.removed}
    assert second.text.startswith("The Impeachment Clock\nTime is not on Adam Schiff’s side.")


# The end of one story and the start of the next on the following line (multi_017): the
# headline, a byline and a date, an image's text and its credit, then the body.
BYLINE_BELOW_HEADLINE = """\
The safety depth was tested against the Steelers, as Damarious Randall was ejected mid-way through the game for a hit to the head, and Morgan Burnett was lost to a season-ending Achilles’ injury. Safety depth has been shaky all season due to injury, and whatever that Jermaine Whitehead experiment was.

Juston Burris and Sheldrick Redwine both stepped up to the plate and did a good job. But that was against Mason Rudolph, a below average quarterback.
Tuesday's college football: Eastern Michigan routs Northern Illinois to become bowl eligible

Detroit News wire services

Published 11:11 PM EST Nov 19, 2019

Eastern Michigan quarterback Mike Glass III

Al Goldis, Associated Press

Dekalb, Ill. — Mike Glass threw for three touchdowns and ran for another and Eastern Michigan rolled past Northern Illinois, 45-17, on Tuesday night.

Eastern Michigan also became bowl-eligible for the second straight season, a program first.
"""


@MISSED
def test_the_headline_above_a_byline_and_date_opens_the_story():
    result = Cleaner().clean_data(BYLINE_BELOW_HEADLINE.encode(), "byline.txt")
    [cut] = [b for b in result.boundaries if b.accepted]
    assert cut.line == 4 and cut.cues["date-header"]
    # The byline is inside the headline's header block: the block's date is not its evidence.
    [byline] = [b for b in result.boundaries if b.line == 6]
    assert not byline.cues["date-header"]
    [date] = [b for b in result.boundaries if b.line == 8]
    assert date.cues["date-header"] and not date.accepted
    first, second = result.articles
    assert first.text.endswith("a below average quarterback.")
    # The headline becomes the title, and the image's text and credit under it go with it.
    assert second.title.startswith("Tuesday's college football:") and second.date == "2019-11-19"
    assert second.text.startswith("Dekalb, Ill. — Mike Glass threw for three touchdowns")


# A story whose opening paragraph is short, with a subheading and a table right after it, one
# line below the story before (multi_005).
SHORT_OPENING = """\
The utilities commission is frustrated with both communications and utilities companies, saying they failed to share detailed information in real time.

Businesses and residents also have complained of poor communications and say that the outages were overly broad and carried out thoughtlessly.
Browns’ defensive snap counts, stats, and notes: Week 11

Below, we analyze the snap counts and stats on defense for the Cleveland Browns’ Week 11 game against the Pittsburgh Steelers.

Defensive Line

DL   Larry Ogunjobi   63   85%   1 tackle (1 combined). 1 sack, 1 TFL, 2 QH.

DL   Myles Garrett   57   77%   1 tackle (1 combined). 3 QH.

DL   Chad Thomas   57   77%   3 tackles (3 combined). 1 sack, 1 TFL, 1 QH, 1 pass defended.

DL   Sheldon Richardson   49   66%   2 tackles, 1 assist (3 combined). 1 QH.
"""


@SHORT
def test_a_short_opening_paragraph_before_a_subheading_still_opens_a_body():
    result = Cleaner().clean_data(SHORT_OPENING.encode(), "short.txt")
    [cut] = [b for b in result.boundaries if b.accepted]
    assert cut.line == 4 and cut.cues["opens-body"]
    assert result.articles[1].text.startswith("Below, we analyze the snap counts")
    assert "Defensive Line" in result.articles[1].text


def test_a_results_listing_in_sections_stays_one_story():
    # Game results under sport subheadings (multi_000): the names change from one section to
    # the next as much as from one story to another, and the story's earlier sections show it.
    result = Cleaner().clean_data((DATA / "results_listing_then_story.txt").read_bytes(), "results.txt")
    assert len(result.articles) == 2
    first, second = result.articles
    assert "BOYS SOCCER" in first.text and "Viera d. Rockledge 3-1" in first.text
    assert second.title == "Hong Kong chaos: China deploys troops and warns SURRENDER is only option"


def test_a_section_is_weighed_again_up_to_the_next_story():
    # A subheading late in a story (multi_022): measured against text that reaches into the next
    # story, its words look new; up to where that story starts, they do not.
    result = Cleaner().clean_data((DATA / "section_then_next_story.txt").read_bytes(), "sections.txt")
    assert [b.line for b in result.boundaries if b.accepted] == [44]
    [section] = [b for b in result.boundaries if b.line == 19]
    assert not section.accepted and not section.passes
    assert "Light as a medium, and remarkable stories about Amsterdam" in result.articles[0].text


def test_a_date_line_alone_between_paragraphs_does_not_cut():
    text = """\
Council Approves New Budget for Schools and Roads

The city council approved a budget on Monday that raises spending on schools and repairs to roads across the city.

December 3, 2024

Councillors said the money would pay for new teachers and for fixing potholes before the winter sets in.
"""
    result = Cleaner().clean_data(text.encode(), "date.txt")
    assert len(result.articles) == 1
    assert all(not b.accepted for b in result.boundaries)


def test_a_label_repeated_for_every_item_of_a_list_does_not_cut():
    items = ["The first phone has a bright screen and a battery that lasts two full days of use.",
             "The second phone is cheaper, with a good camera and a screen that is easy to read.",
             "The third phone folds in half, which makes it small enough for any pocket or bag."]
    text = "Best Phones to Buy This Year\n\n" + "\n\n".join(f"Buy Now\n\n{item}" for item in items) + "\n"
    assert len(clean_text(text)) == 1

