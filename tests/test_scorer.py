"""The paragraph scorer: how lines are classed, where the main text is, and what it leaves alone."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from cleaner import Cleaner, clean_text
from cleaner.document import Document
from cleaner.explain import explain_lines
from cleaner.fitted import EndValues, LinearModel, StepModel, fitted_tables
from cleaner.pipeline import NO_MAIN_TEXT
from cleaner.rules import Context
from cleaner.rules.scorer import CUES, ParagraphScore, _densest_run, _features, _judgements, classify, story_cues
from cleaner.settings import DEFAULT

ROOT = Path(__file__).resolve().parent.parent
DEVDATA = ROOT.parent / "shared" / "devdata"
SCORER = DEFAULT.scorer
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
    # A blog's sentence that ends with a tilde ends like a sentence (jeongdongtheater.com).
    ("This is Daehak-ro Marronnier Park where the air is filled with the scent of fall~", "medium"),
])
def test_lines_are_classed_from_their_own_features(text, expected):
    assert classify(_features(text, EN_STOP, SCORER), has_stopwords=True, s=SCORER) == expected


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


def test_a_colon_above_the_main_text_announces_no_list():
    """A dateline ending in a colon over the story (ndtvprofit.com) does not protect the teaser
    headlines after the story."""
    teasers = ["Milk supply crunch in Kerala", "Bush urges OPEC boost supply", "Complete Stock List"]
    articles = clean_text("\n".join(["Monday, January 14, 2008 (Mumbai):", *PROSE, *teasers]))
    assert set(teasers) <= set(_dropped(articles))


def test_a_colon_far_below_the_main_text_announces_no_list():
    """A teaser box's label past a login box and an ad box (metimes.com) labels the page's
    chrome, not a list of the text."""
    box = ["[ Login ]", "[ Register Now ]", "Advertisement:", "Online Resources:",
           "Europe Accomodation · celebrity bio · Geldgeschenke Ideen · Golfurlaub · Hair Extensions"]
    articles = clean_text("\n".join([*PROSE, *box]))
    assert box[-1] in _dropped(articles)


def test_a_list_ends_where_the_text_takes_over_again():
    """Two paragraphs of prose in a row after a list end it: the teasers below the story are not
    the list's (a list of materials in a preschool activity page, then its instructions)."""
    teasers = ["Complete Stock List", "Disclaimer", "VAKRANGEE SOFTWARE"]  # ndtvprofit.com
    text = "\n".join([PROSE[0], "You will need:", "Large paper bags, tape, glue and craft paper", *PROSE[1:],
                      *teasers])
    articles = clean_text(text)
    assert "Large paper bags, tape, glue and craft paper" in articles[0].text
    assert set(teasers) <= set(_dropped(articles))


def test_a_label_that_runs_on_from_the_main_text_announces_its_list():
    """A score card under its heading right after the story (a New Zealand cricket report) is the
    story's own."""
    card = ["Tamim Iqbal c Styris b Mason 13", "Junaid Siddique b Mills 1", "Extras lb1, w3 4", "Total 93"]
    articles = clean_text("\n".join([*PROSE, "SCOREBOARD", "Bangladesh:", *card]))
    assert "\n".join(a.text for a in articles).endswith("\n".join(card))


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


def test_informal_sentence_ends_count_as_a_final_stop():
    assert _features("This is Daehak-ro Marronnier Park where the air is filled with the scent of fall~", EN_STOP, SCORER).final_stop
    assert _features("We will become the theater that makes Korean culture known to the world 🙂", EN_STOP, SCORER).final_stop
    assert not _features("Read more ▶", EN_STOP, SCORER).final_stop


# Teaser headlines of a real "latest" box (telegraph.co.uk), longer lines without a final stop.
TEASERS = ["Andy Murray hopes fans will get behind new-look Davis Cup finals as ticket sales struggle",
           "Stefanos Tsitsipas wins the ATP Finals becoming the youngest winner since 2001",
           "Unlucky Rafael Nadal goes out without playing a shot after victory for Alexander Zverev"]


# A school sports roundup (floridatoday.com): results between one-line reports.
SCHEDULE = ["High School Roundup: Viera defeats Rockledge to remain undefeated", "Elliot Brownstein   Florida Today",
            "Published 2:16 AM EST Nov 20, 2019", "Soccer ball on grass", "GIRLS BASKETBALL",
            "Palm Bay d. Rockledge 70-44", "Rockledge 14 11 6 15 — 44", "Palm Bay 18 22 13 17 — 70",
            "Palm Bay (1-0): Tolivert 25 points. Davis 17 points. Burgher 10 points. Bozeman 10 points. "
            "Bean-Laing 5 points. Moore 3 points.",
            "Rockledge (0-1): Blakely 15 points. Devoe 2 points. Baker 6 points. Brown 4 points. Upshaw 3 points. "
            "Williams 6 points. Dquendo 4 points. Balmer 4 points.",
            "Heritage d. Titusville 53-9", "Heritage (1-0): Armani Sheffield 19 points and 3 steals. Kelli Howard 6 steals.",
            "Titusville (0-1): Storm Filsaimewith 4 points.", "Melbourne d. Space Coast 69-54",
            "Space Coast (0-1): Kairi Thomas-Brooks 18 points. Adrianna Knight 12 points. Syniah Johnson 6 points. "
            "Shaniya Fluellen 6 points. Ashley Cathon 6 points.",
            "Cocoa d. West Shore 61-21", "BOYS SOCCER", "Viera d. Rockledge 3-1",
            "Viera (4-0): K. Hupfer 1 goal. L. Patikas 1 goal. Z. Nielsen 1 goal. J. Anasa 1 assist. A. Sanger 2 saves.",
            "Rockledge (3-1): C. Martinez 1 goal. D. Robbins 1 save.", "Melbourne d. Cocoa 8-0"]


# Four paragraphs are too few for the fitted main-text model to be sure they are a page's main
# text; the tests of what happens around a main text tell it to find one.
FINDS_MAIN_TEXT = Cleaner(settings=replace(DEFAULT, scorer=replace(
    DEFAULT.scorer, main_text=LinearModel.constant("main-text", True))))


def _dropped(articles) -> dict[str, str]:
    return {r.text: r.reason for a in articles for r in a.removed if r.rule == "paragraph-score"}


def test_teaser_headlines_outside_the_main_text_go():
    articles = clean_text("\n".join([*PROSE, "Tennis latest", *TEASERS]))
    assert "\n".join(a.text for a in articles) == "\n".join(PROSE)
    assert "medium, 16 words" in _dropped(articles)[TEASERS[0]]


def test_a_line_that_runs_on_from_the_main_text_stays():
    """A closing note without a final stop right after the text is not a teaser (gold line of the
    Tennis Podcast page); the teasers after a label still go."""
    sponsor = ("This week's Tennis Podcast is sponsored by the Davis Cup by Rakuten Madrid Finals, which takes place "
               "18-24 November in Madrid")
    articles = clean_text("\n".join([*PROSE, sponsor, "Tennis latest", *TEASERS]))
    assert "\n".join(a.text for a in articles) == "\n".join([*PROSE, sponsor])


def test_the_main_text_ends_where_dropped_chrome_outweighs_what_follows():
    """A menu that another rule dropped counts against the main text, so a short footer note past it
    does not pull the teaser before it into the main text."""
    menu = ["Sportsnet", "Video", "NHL", "NHL Home", "Scoreboard", "Standings", "Stats", "Players", "Teams",
            "Trades & Signings", "Video", "Odds", "AHL", "NBA"]
    footer = ("Get Motor Cycle Monthly delivered through your letterbox every month, and read every issue online "
              "before it reaches the shops.")
    articles = FINDS_MAIN_TEXT.clean_text("\n".join([*PROSE, *menu, TEASERS[0], footer]))
    assert "outside the main text (lines 1-4), a main text at probability 1.00" in _dropped(articles)[TEASERS[0]]


def test_a_chrome_story_beside_the_main_text_goes_but_not_alone():
    """A story the splitter cut off a page, with no main text of its own and little prose, is judged
    as outside the page's main text; on its own, the same story is left alone."""
    box = ["Tennis latest", "20 Nov 2019, 9:42am", *TEASERS, "Judy Murray", "Premium"]
    doc = Document.from_text("page.txt", "\n".join([*PROSE, *box]))
    assert ParagraphScore().apply(doc, len(PROSE), len(doc.lines), Context("page.txt"))
    reasons = {line.text: line.mark.reason for line in doc.lines[len(PROSE):]}
    assert "which another story of the page holds; this one is 0% prose" in reasons[TEASERS[1]]
    alone = Document.from_text("page.txt", "\n".join(box))
    assert not ParagraphScore().apply(alone, 0, len(alone.lines), Context("page.txt"))


# A splitter that cuts at every run of blank lines, whatever else it reads.
CUTS_AT_BLANK_RUNS = Cleaner(settings=replace(DEFAULT, split_model=StepModel(
    "split", ("blank-run",), ((0.5,),), ((-10.0, 10.0),), 0.0, 0.5)), explain=True)


@pytest.mark.parametrize("box", [
    # A science magazine's comment form and its teasers of other stories.
    ["Discuss this Article",
     "NOTE: You will be asked to sign in or register as a SciAm.com Community member upon submission of this "
     "article comment.", "Enter Your Comment Here.", "1000 characters remaining", "0 Comments",
     "E-noses Could Make Diseases Something to Sniff at 1/11/08", "Tumor Time Bombs Set Off by Stem Cells 1/11/08",
     "Embryos Survive Stem Cell Harvest 1/10/08"],
    # A security trade site's menus of its sections, whose long lines read as paragraphs to the splitter.
    ["Security Resources",
     "Directory GET LISTED! Jobs forum Classifieds Knowledge base White papers Research library Security "
     "books Special reports Security interviews Security companies Security events Security links Security "
     "market Company news",
     "Security Products",
     "Access Control Biometrics CCTV Intruder Alarms IT Security Manned Guarding Perimeter Protection "
     "Physical Security Remote Monitoring Security Services Fire, Health & Safety Security products",
     "Security Markets",
     "Bank and financial services security Corporate and enterprise security Education and school security "
     "Entertainment and events security Homeland and Government security Hospital and healthcare security "
     "Infrastructure and utilities security Manufacturing and industrial security Public sector security "
     "Residential and home security Retail security Small business security Sports and recreational "
     "security Transport and logistics security"],
])
def test_a_story_of_chrome_cut_off_below_a_story_joins_it(box):
    """What a break cuts off below a story that has no main text of its own, and reads as chrome
    beside the story's, is no story: it joins the story before, and the break says why."""
    text = "\n\n".join(PROSE) + "\n\n\n\n" + "\n".join(box)
    result = CUTS_AT_BLANK_RUNS.clean_data(text.encode(), "page.txt")
    [article] = result.articles
    assert article.text.startswith(PROSE[0])
    [cut] = [b for b in result.boundaries if b.probability >= b.threshold]
    assert not cut.accepted and f"has {NO_MAIN_TEXT}, so it joins the one before" in cut.note


def test_a_run_of_joins_is_cleaned_again_once(monkeypatch):
    """Many boxes of chrome cut off below a story all join it, and the story stage reads each
    line at most twice (the box alone, then the article it joined), however many boxes there
    are: a run of joins costs one more pass, not one per join."""
    box = ["Security Resources", "Directory GET LISTED! Jobs forum Classifieds Knowledge base White papers Research "
           "library Security books Special reports Security interviews Security companies Security events Security "
           "links Security market Company news", "Security Products"]
    text = "\n\n".join(PROSE) + "".join("\n\n\n\n" + "\n".join(f"{line} {k}" for line in box) for k in range(30))
    read: list[int] = []
    clean_story = Cleaner.clean_story
    monkeypatch.setattr(Cleaner, "clean_story", lambda self, doc, start, stop, *rest: (
        read.append(stop - start), clean_story(self, doc, start, stop, *rest))[1])
    result = CUTS_AT_BLANK_RUNS.clean_data(text.encode(), "page.txt")
    assert len(result.articles) == 1
    assert sum("joins the one before" in b.note for b in result.boundaries) == 30
    assert sum(read) <= 2 * len(text.split("\n"))


def test_a_form_that_reads_as_prose_cut_off_below_a_story_stays_apart():
    """Not yet: a form whose one long line ends like a sentence (a Boston paper's e-mail form) reads
    as prose, so the story it makes is not chrome beside the story before, and stays apart."""
    box = ["E-mail this article",
           "Your Name Your e-mail address (for return address purposes) E-mail address of recipients (separate "
           "multiple addresses with commas) Name and both e-mail fields are required.", "Message (optional)",
           "Advertisement", "Most popular", "E-Mailed", "Searched"]
    text = "\n\n".join(PROSE) + "\n\n\n\n" + "\n".join(box)
    assert len(CUTS_AT_BLANK_RUNS.clean_data(text.encode(), "page.txt").articles) == 2


def test_a_story_of_prose_cut_off_below_a_story_stays_apart():
    """A story of prose under its headline is a story, however short."""
    second = ["Library campaigners hand in petition", *PROSE[2:]]
    text = "\n\n".join(PROSE[:2]) + "\n\n\n\n" + "\n\n".join(second)
    assert len(CUTS_AT_BLANK_RUNS.clean_data(text.encode(), "page.txt").articles) == 2


def test_a_story_with_a_table_beside_the_main_text_stays():
    """A calendar (autoracing.com.br) is content, even with no prose."""
    calendar = ["Calendário da Stock Car 2018", "1a etapa: 10 de março – Interlagos", "2a etapa: 8 de abril – Curitiba",
                "3a etapa: 22 de abril – Velopark", "4a etapa: 06 de maio – Londrina",
                "5a etapa: 20 de maio – Santa Cruz do Sul"]
    doc = Document.from_text("multi.txt", "\n".join([*PROSE, *calendar]))
    assert not ParagraphScore().apply(doc, len(PROSE), len(doc.lines), Context("multi.txt"))


def test_the_lines_over_a_heading_at_the_top_of_a_clean_text_stay():
    """Lines without a final stop above the heading over the main text, with nothing above them that
    reads as chrome or was taken out, run on to it: the top of a clean text (a white paper's
    points on hp.com, a blog's "On this day" box on chuggnutt.com), which a page's markup keeps
    in its main content and which must stay when that text is cleaned again."""
    for top in (["Justin Murray,", "Need to balance support needs with new development",
                 "Detecting problems is often reactive and post-deployment", "Increased time to problem resolution"],
                ["On this day...", "The Night Before Christmas was first published, in 1823",
                 "Eddie Vedder was born in 1964"]):
        text = "\n".join([*top, *PROSE])
        (article,) = clean_text(text)
        assert article.text == text


def test_the_lines_over_a_heading_below_a_menu_are_teasers():
    """Below lines that read as chrome (a menu) the same lines are a teaser box's, and go."""
    teaser = "The Night Before Christmas was first published, in 1823"
    articles = clean_text("\n".join(["Home", "News", "Archives", teaser, "Eddie Vedder was born in 1964", *PROSE]))
    assert teaser in _dropped(articles)


def test_one_line_over_a_heading_is_left_to_the_headline_rules():
    """One line over the heading is the story's headline (madison.com, over its byline and date):
    it does not run on to the main text."""
    headline = "Film review: 'Diving' viewers see world through one eye"
    articles = FINDS_MAIN_TEXT.clean_text("\n".join([headline, "Rob Thomas  — 1/17/2008 10:58 am", *PROSE]))
    assert headline not in "\n".join(a.text for a in articles)


def test_a_label_in_a_list_announces_a_list_of_its_own():
    """A list's label inside another list (lwn.net: release dates, then the most active developers)
    counts its list from itself, as it does when the blank lines of the page end the first list."""
    dates = [f"{month} 2014" for month in ("April", "May", "June", "July", "August", "September", "October",
                                          "November", "December")] * 3
    people = [("Herbert Dürr", "63", "16.6%"), ("Jürgen Schmidt", "56", "14.7%"), ("Armin Le Grand", "56", "14.7%"),
              ("Oliver-Rainer Wittmann", "46", "12.1%"), ("Tsutomu Uchino", "33", "8.7%"), ("Kay Schenk", "27", "7.1%"),
              ("Pedro Giffuni", "23", "6.1%"), ("Ariel Constenla-Haile", "22", "5.8%")]
    rows = [cell for row in people for cell in row]
    text = "\n".join([*PROSE, "The release history for LibreOffice tells a slightly different story:", *dates,
                      "Most active OpenOffice developers:", *rows, *PROSE])
    (article,) = clean_text(text)
    assert article.text == text


def test_a_label_past_a_dropped_menu_announces_no_list():
    """Past a menu that another rule dropped, a label ending in a colon (smh.com.au's search box)
    does not run on from the main text: the teaser headlines after it go."""
    menu = ["Classifieds", "Place an Ad", "Adonline", "Announcements", "Notices", "Other Classifieds", "Jobs",
            "Find a Job", "Cars", "Cars For Sale", "Sell Your Car", "Real Estate", "Buy Property", "Sell Property"]
    teasers = ["Solomons want to play part", "Wounded soldier returning", "Bomb attack kills 23 in Sri Lanka"]
    articles = clean_text("\n".join([*PROSE, *menu, "RSVP.com.au", "Search smh:", *teasers]))
    assert set(teasers) <= set(_dropped(articles))


def test_a_copy_of_the_text_in_one_line_goes():
    """A page that prints its article body again in one piece (businessinsider.de's metadata)."""
    articles = clean_text("\n".join([*PROSE, "Tanza Loudenback", " ".join(PROSE)]))
    assert articles[0].text.split("\n")[:4] == PROSE
    copy = [r for a in articles for r in a.removed if r.text == " ".join(PROSE)]
    assert copy and copy[0].reason == "a copy of the story's text: 94% of its word 4-grams are in its shorter lines"


def test_can_be_disabled_by_id():
    text = "\n".join([*PROSE, "Terms of Use", "Privacy Policy", "Cookies"])
    articles = Cleaner(disable=["paragraph-score"]).clean_text(text)
    assert not [r for a in articles for r in a.removed if r.rule == "paragraph-score"]


@pytest.mark.skipif(not DEVDATA.is_dir(), reason="needs ../shared/devdata")
def test_never_drops_a_line_of_a_gold_body_in_most_region_files():
    """The scorer's drops on devdata/region, checked against the gold bodies: it may err on a few
    odd pages (a theatre listing of zero-width lines, a "___" rule line, a festival's name and
    dates under the captions of a gallery, a list's label beside a short story's prose, the label
    and header row of a table of stats above the story's first paragraph, which the fitted end
    values leave outside the main text) but not widely."""
    gold = json.loads((DEVDATA / "region" / "gold.json").read_text(encoding="utf-8"))
    cleaner = Cleaner()
    files_hit = 0
    for name, body in gold.items():
        articles = cleaner.clean_data((DEVDATA / "region" / "inputs" / name).read_bytes(), name).articles
        body_lines = {line.strip() for line in body.split("\n") if line.strip()}
        if any(r.text in body_lines for a in articles for r in a.removed if r.rule == "paragraph-score"):
            files_hit += 1
    assert files_hit <= 7


@pytest.mark.skipif(not DEVDATA.is_dir(), reason="needs ../shared/devdata")
@pytest.mark.parametrize("suite", ["page", "multi"])
def test_chrome_stories_and_copies_never_take_a_line_of_a_gold_body(suite):
    """The drops of a story beside the page's main text and of copies of the text, checked against
    the gold bodies: in the page dumps they take menus and teaser boxes; in the multi-story files,
    where every story is a real one, they take nothing of a story."""
    gold = json.loads((DEVDATA / suite / "gold.json").read_text(encoding="utf-8"))
    cleaner = Cleaner()
    taken = []
    for name, bodies in sorted(gold.items()):
        body = "\n".join(bodies) if isinstance(bodies, list) else bodies
        kept = {line.strip() for line in body.split("\n") if line.strip()}
        for article in cleaner.clean_data((DEVDATA / suite / "inputs" / name).read_bytes(), name).articles:
            taken += [(name[:12], r.text) for r in article.removed if r.rule == "paragraph-score"
                      and ("another story" in r.reason or "a copy of" in r.reason) and r.text in kept]
    assert taken == []


def test_a_long_line_of_a_script_without_spaces_is_weighed_without_word_4grams():
    """A Japanese line counts its characters as words but has no word 4-grams to compare."""
    line = "商標には、同じ商標が付された商品は同じ提供元のものであるという、商品の出所を表示する機能があります。" * 8
    text = "\n".join([*PROSE, line, "商品の改造が商標法違反に"])
    assert [a.text for a in clean_text(text)]


def test_the_fitted_model_weighs_every_cue_and_says_why_in_the_record():
    """The scorer's model is read from fitted.toml; a drop's reason names where the line lies, its
    features, its body probability and the cues that weighed most against it."""
    model = SCORER.model
    assert set(model.features) == set(CUES)
    assert 0 < model.threshold < 1
    text = "\n".join(["Home", "News", "Sport", "Weather", *PROSE, "Terms of Use", "Privacy Policy", "Cookies"])
    assert "reads as chrome" in _dropped(clean_text(text))["Cookies"]
    # With a threshold no line reaches, every line the model weighs goes, and says why.
    strict = replace(DEFAULT, scorer=replace(SCORER, model=replace(model, threshold=1.0)))
    reason = _dropped(Cleaner(settings=strict).clean_text(text))[PROSE[1]]
    assert "body probability" in reason and "< 1.00" in reason
    assert any(f"{cue} " in reason for cue in CUES)


def test_story_cues_take_the_chrome_of_the_unfitted_rule_and_weigh_the_rest():
    """Outside the main text, the lines that read as chrome; inside it, a bad line between bad
    lines only: they go. Its prose and short lines are weighed by the model, with their place."""
    lines = ["Home", "Sport", PROSE[0], PROSE[1], "Opening hours", "Share", "Print", "Email", PROSE[2], PROSE[3],
             "Cookies"]
    doc = Document.from_text("page.txt", "\n".join(lines))
    story = story_cues(doc, 0, len(doc.lines), _judgements(doc, Context("page.txt")))
    assert story is not None
    assert [doc.lines[i].text for i in story.chrome] == ["Home", "Sport", "Print", "Cookies"]
    judged = [doc.lines[i].text for i in story.lines]
    assert judged == [PROSE[0], PROSE[1], "Opening hours", "Share", "Email", PROSE[2], PROSE[3]]
    cues = dict(zip(judged, story.cues))
    assert cues["Share"]["in_run"] == 1.0 and cues["Share"]["block_share"] == 0.0
    assert cues[PROSE[0]]["position"] == 2 / 11 and cues[PROSE[3]]["block_share"] == 1.0


def test_a_long_story_of_prose_has_a_main_text_and_says_how_sure():
    """The fitted main-text model finds the run of prose of a long story; --explain gives its
    probability with every line the scorer drops."""
    articles = clean_text("\n".join(["Home", "News", "Sport", *PROSE, *PROSE[::-1], "Terms of Use", "Privacy Policy"]))
    reasons = [r.reason for a in articles for r in a.removed if r.rule == "paragraph-score"]
    assert reasons and all("a main text at probability" in reason for reason in reasons)


def test_a_schedule_of_results_between_short_reports_is_no_chrome():
    """A school sports roundup (floridatoday.com): results between one-line reports. The densest
    run of prose is full of result lines, so it is no main text the results lie outside of."""
    assert not _dropped(clean_text("\n".join(SCHEDULE)))


def test_explain_says_at_each_story_whether_it_has_a_main_text():
    """At a story's first line, --explain gives the main-text model's decision, its probability
    and threshold and the cues that weighed most, whether or not any line was dropped."""
    long_story = "\n".join(["Home", "News", "Sport", *PROSE, *PROSE[::-1], "Terms of Use"])
    [found] = [n for n in Cleaner().clean_data(long_story.encode(), "-").notes if n.by == "paragraph-score"]
    assert found.line == 1 and found.text.startswith("main text: lines 4-")
    results = [r for r in SCHEDULE if r.endswith(("-44", "— 70"))]
    [none] = [n for n in Cleaner().clean_data("\n".join(results).encode(), "-").notes if n.by == "paragraph-score"]
    assert none.text.startswith("no main text of its own: its densest run of prose (no lines) has probability ")
    assert any(line.startswith(f"-:1 paragraph-score: {found.text}")
               for line in explain_lines(Cleaner().clean_data(long_story.encode(), "-")))


# Readers' comments below a story, each under a heading the comment rules take: signed by a name
# alone (a Canadian paper's "Comments are now closed for this story") and by name and town
# (a British paper's "Reader views (5)").
COMMENTS_BY_NAME = [
    "The time has come for the tax and spend Liberals of Ontario to start cutting some of the fat from government "
    "instead of raising our taxes again.",
    "Stephen B",
    "Agreed, that debt is a drain on provincial revenue resources.",
    "puddin and pie",
    "I have to chuckle at the media headline - imagine federal government spending being linked to a budget; how "
    "strange can it get.",
    "Tim T",
]
COMMENTS_BY_TOWN = [
    "I've always been an avid fan of BB but this series has totally put me off. How I can relate to 18-21 year olds "
    "when I'm nowhere near their age! What about throwing in a few older ones?",
    "- Louise, Lancaster, UK",
    "I've watched every series of Big Brother since the beginning 8 years ago. In my opinion Celebrity Hijack is "
    "the best series so far.",
    "- Daniella C., Stanmore",
    "Obviously it was going to drop dramatically when they put it on E4.",
]


@pytest.mark.parametrize(("heading", "comments"), [
    ("Comments are now closed for this story", COMMENTS_BY_NAME),
    ("Reader views (5)", COMMENTS_BY_TOWN),
])
def test_what_follows_a_comment_heading_below_the_story_is_weighed_as_readers_text(heading, comments):
    """Below a comment section's heading, after the whole story, the lines carry the share of the
    main text's prose above the heading (`after_comments`); the model drops most of the thread
    (short comments and signatures) that, without the heading, reads as more of the story."""
    doc = Document.from_text("page.txt", "\n".join([*PROSE, heading, *comments]))
    ctx = FINDS_MAIN_TEXT.mark(doc)
    story = story_cues(doc, 0, len(doc.lines), _judgements(doc, ctx))
    assert story is not None
    cues = {doc.lines[i].text: c for i, c in zip(story.lines, story.cues)}
    assert all(cues[line]["after_comments"] == 0.0 for line in PROSE)
    # The comments are prose too, so the densest run takes them in: most of it, not all, lies above.
    shares = {cues[line]["after_comments"] for line in comments if line in cues}
    assert len(shares) == 1 and 0.5 < shares.pop() < 1.0
    (article,) = clean_text("\n".join([*PROSE, heading, *comments]))
    (unheaded,) = clean_text("\n".join([*PROSE, *comments]))
    assert article.text.startswith("\n".join(PROSE)) and unheaded.text.startswith("\n".join(PROSE))
    dropped = [line for line in comments if line not in article.text]
    assert len(dropped) > len(comments) / 2
    assert len(dropped) > len([line for line in comments if line not in unheaded.text])


def test_a_comment_link_above_the_story_closes_none_of_it():
    """A "Post comment" link in the tool bar over a story (a Florida paper's) is no heading of a
    section below it: the story's lines under it carry a share of 0."""
    lines = ["Print", "Post comment", *PROSE]
    doc = Document.from_text("page.txt", "\n".join(lines))
    ctx = FINDS_MAIN_TEXT.mark(doc)
    story = story_cues(doc, 0, len(doc.lines), _judgements(doc, ctx))
    assert story is not None
    assert [doc.lines[i].text for i in story.lines] == PROSE
    assert all(c["after_comments"] == 0.0 for c in story.cues)
    assert clean_text("\n".join(lines))[0].text == "\n".join(PROSE)


# Boxes below a story on two news sites' pages (thestar.com, baynews9.com): headlines of other
# stories, a label or two, and a blurb that reads as prose.
STAR_BOX = ["More in Sports", "MOST POPULAR ON THESTAR.COM", "Most Read", "Most Emailed", "The truth about MSG",
            "Blackhawks offer Leafs fans hope", "Descent into darkness enlightening for Sydney",
            "Leafs continued fortune a theory in revolution?", "Horoscopes for Sunday, January 20", "SPECIAL",
            "The Linebacker: NFL picks", "NFL selections for conference finals.", "Doug Smith's Raptors blog",
            "Sam Mitchell cracks a smile when things go right Friday night.", "Damien Cox: The Spin",
            "Two wins and already you can feel the impetus for change fading. This is, after all, the Maple Leafs."]
BAY_BOX = ["More Local & State", "Remains discovered in shallow grave are those of missing mother",
           "Creditors seek millions from companies owned by Salvadoran elite", "One dead in crash off Skyway",
           "Tax relief amendment may not have support necessary to pass",
           "Panhandle woman dies in blaze; firefighters blame cigarette",
           "Gas prices fall nationwide; Fla. still above average", "Tampa Spartans double up in hoops",
           "Grandmother arrested at McDonald's drive-thru", "Pastor says no storm will stop his sermon.",
           "Update: Denise Amber Lee's body has been found", "Motorcycle accident injures driver",
           "Tornado storm reports", "Motorcyclist killed in hit-and-run",
           "Storms cause damage in Pasco and Pinellas Counties", "Update: Man arrested for DUI Manslaughter released",
           "National & World", "U.S. and Afghan troops kill or wound more than two dozen Taliban fighters",
           "Pakistan announces 2 arrests in Bhutto assassination plot",
           "Chavez threatens to seize Venezuelan banks that ignore farm loan laws",
           "Snow makes roads slippery, cancels flights in part of south",
           "Voting machine problems hinder SC GOP primary", "Romney touts his national campaign strategy",
           "Clinton, Obama split winning in Nevada, while Romney takes GOP vote",
           "Suspects arrested in Spain may have been planning attack", "Most Popular", "1",
           "Update: Denise Amber Lee's body has been found",
           "An emotional press conference was held Sunday morning to confirm that the body found Saturday is that "
           "of Denise Amber Lee."]


@pytest.mark.parametrize("box", [STAR_BOX, BAY_BOX], ids=["thestar", "baynews9"])
def test_a_teaser_box_below_the_story_is_not_bridged_by_the_blurb_beyond_it(box):
    """Where the main text ends is found with the box's lines counting against it as fitted, so
    the blurb below the box that reads as prose does not pull the box into the main text, and
    its headlines go; with them counting nothing (the values before they were fitted), the
    box was kept as part of the story."""
    text = "\n".join([*PROSE, *box])
    dropped = _dropped(FINDS_MAIN_TEXT.clean_text(text))
    headlines = [line for line in box if line in dropped]
    assert len(headlines) >= 5
    assert all("outside the main text (lines 1-4)" in dropped[line] for line in headlines)
    unfitted = replace(FINDS_MAIN_TEXT.settings.scorer, end=EndValues(bad=2, neutral=0, dropped=2))
    kept = "\n".join(a.text for a in Cleaner(settings=replace(FINDS_MAIN_TEXT.settings, scorer=unfitted)).clean_text(text))
    # All but a lone label between labels, which goes as chrome inside the main text too.
    assert sum(line not in kept for line in headlines) <= 1


def test_the_fitted_end_values_are_read_from_the_fitted_file():
    table = fitted_tables()["main-text-end"]
    assert DEFAULT.scorer.end == EndValues(table["bad"], table["neutral"], table["dropped"])
    assert "python -m cleaner.training main-text-end" in table["trained"]
