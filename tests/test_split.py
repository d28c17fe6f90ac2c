"""Story splitting on shapes written for these tests, none of which leans on the seeds' `TT` label."""
from __future__ import annotations

from pathlib import Path

from cleaner import Cleaner, clean_text
from cleaner.split import THRESHOLD

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

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


def test_two_stories_one_blank_line_apart_each_with_headline_and_caption():
    a, b = clean_text(ONE_BLANK)
    assert a.title == "Flooding Closes Main Roads Across Northern Italy"
    assert a.captions == ["Firefighters wade through a flooded street in Cesena, Italy, May 17, 2023. REUTERS/Claudia Greco"]
    assert a.text.startswith("Heavy rain flooded") and a.text.endswith("avoid travel.")
    assert b.title == "Central Bank Leaves Interest Rates Unchanged"
    assert b.captions == ["The bank's headquarters in Frankfurt, Germany. (AP Photo/Michael Probst)"]
    assert b.text.count("\n") == 1


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
    assert cut.score >= THRESHOLD and {"repeated-headline", "caption-block"} <= set(cut.evidence)


def test_subheading_inside_a_story_is_not_a_boundary():
    result = Cleaner().clean_data((SAMPLES / "004_2bbcec392b28b446.txt").read_bytes(), "004.txt")
    [article] = result.articles
    assert "\nStaying in Syria\n" in article.text
    [candidate] = result.boundaries
    assert candidate.line == 10 and not candidate.accepted and candidate.score < THRESHOLD


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
# ../shared/devdata): the wire footer closes the first story, and the next headline leads into a
# body of its own.
AFTER_FOOTER = """\
Titan Map Reveals Lakes, Dunes and Plains

Titan is the only Solar System object other than Earth boasting stable liquids on the surface, with lakes and seas of full of methane being major features at its polar regions.

"It is not only scientifically important but also really cool - a drone flying around on Titan," Lopes said. "It will be really exciting."

(Reporting by Will Dunham; Editing by Tom Brown)

Impeachment sham completely debunked: White House

US President Donald Trump has claimed victory as the Democratic Party-controlled House of Representatives concluded its third public hearing on the impeachment proceedings against him for allegedly abusing his office for political gain in the run-up to the 2020 presidential election.

The impeachment hearings are an effort by Democrats to establish whether Trump withheld US military aid to Ukraine to pressure the country's President Volodymyr Zelensky into announcing a corruption inquiry into Joe Biden, Trump's leading Democratic rival in the poll.
"""


def test_a_footer_closing_the_story_before_counts_for_the_next_headline():
    result = Cleaner().clean_data(AFTER_FOOTER.encode(), "footer.txt")
    assert [a.title for a in result.articles] == ["Titan Map Reveals Lakes, Dunes and Plains",
                                                 "Impeachment sham completely debunked: White House"]
    [cut] = [b for b in result.boundaries if b.accepted]
    assert "story-end" in cut.evidence
    # The footer belongs to the story it closes.
    assert result.articles[0].byline is not None
