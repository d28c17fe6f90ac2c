"""Every rule against its own examples, then real lines from the seeds and the rule engine's contracts."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from cleaner import Cleaner, RuleFileError, RuleSet, clean_text
from cleaner.document import Document
from cleaner.features import headline_like
from cleaner.readers.html import html_document
from cleaner.rules import Context, PatternRule, builtin_rules, load_rule_file
from cleaner.rules.runs import RUN_RULES

ALL_RULES = builtin_rules()


def read_page(text: str) -> Document:
    """An example page as the cleaner reads it (rules whose examples are HTML need a reader)."""
    return html_document("example.html", text)


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_rule_does_what_its_examples_say(rule):
    assert rule.examples, "every rule documents at least one example"
    assert rule.description
    assert rule.self_test(read_page) == []


def test_rule_ids_are_unique_and_stable():
    ids = [r.id for r in ALL_RULES]
    assert len(ids) == len(set(ids))
    # Ids are a public interface (--disable, removed[].rule): renaming one breaks users' configs.
    assert {"widget-label", "photo-credit", "repeated-caption", "repeated-headline", "headline",
            "date-prefix", "dateline", "byline", "wire-footer"} <= set(ids)


def _rules_for(text: str) -> dict[str, list[str]]:
    """Which rule removed which pieces of `text`."""
    found: dict[str, list[str]] = {}
    for article in clean_text(text):
        for r in article.removed:
            found.setdefault(r.rule, []).append(r.text)
    return found


# Real lines from the seed files, each with the rule that must take it.
SEED_LINES = [
    ("TT", "widget-label"),
    ("Iranian Foreign Ministry spokesperson Esmail Baghaei (Archive photo – MEHR)", "photo-credit"),
    ("Bodies of victims of an Israeli airstrike at the Nuseirat refugee camp are prepared for the funeral prayer "
     "outside the Al-Aqsa Martyrs hospital in Deir al-Balah, Gaza Strip, Saturday, Dec. 21, 2024. "
     "(AP Photo/Abdel Kareem Hana)", "photo-credit"),
]


@pytest.mark.parametrize("line,rule", SEED_LINES)
def test_seed_lines_are_taken_by_their_rule(line, rule):
    body = "Israeli military strikes across the Gaza Strip killed at least 17 Palestinians, medics said."
    assert line in _rules_for(f"{body}\n{line}\n{body}").get(rule, [])


def test_date_prefix_from_seed_002():
    [a] = clean_text(" date 2024-12-20 Speaking to IRNA on Friday, Esmaeil Baghaei Hamaneh said that the presence "
                     "of Iranian advisers in Syria was aimed at helping the Syrian army.")
    assert a.date == "2024-12-20"
    assert a.text.startswith("Speaking to IRNA on Friday")
    assert [(r.rule, r.field) for r in a.removed] == [("date-prefix", "date")]


def test_date_prefix_and_dateline_from_seed_003():
    [a] = clean_text(" date 2024-12-21 TEHRAN – Iranian Foreign Ministry spokesperson Esmail Baqaei emphasized "
                     "Iran's \"responsible decision\" to withdraw advisors.")
    assert (a.date, a.dateline) == ("2024-12-21", "TEHRAN")
    assert a.text.startswith("Iranian Foreign Ministry spokesperson")
    assert [r.rule for r in a.removed] == ["date-prefix", "dateline"]


@pytest.mark.parametrize("opening,dateline", [
    ("WASHINGTON (Reuters) - ", "WASHINGTON (Reuters)"),
    ("LONDON, Dec 20 (Reuters) - ", "LONDON, Dec 20 (Reuters)"),
    ("KYIV, Ukraine (AP) — ", "KYIV, Ukraine (AP)"),
    ("NEW YORK – ", "NEW YORK"),
])
def test_dateline_forms(opening, dateline):
    [a] = clean_text(opening + "The central bank held interest rates steady on Thursday, citing inflation.")
    assert a.dateline == dateline
    assert a.text == "The central bank held interest rates steady on Thursday, citing inflation."


def test_bylines_and_wire_footers_become_byline():
    [a] = clean_text("Putin says Russia will keep its bases\nBy Guy Faulconbridge and Dmitry Antonov\n"
                     "Russian President Vladimir Putin said on Thursday that Moscow kept contact with all groups.\n"
                     "Reporting by Guy Faulconbridge; Editing by Andrew Osborn")
    assert a.title == "Putin says Russia will keep its bases"
    assert a.byline == "Guy Faulconbridge and Dmitry Antonov; Reporting by Guy Faulconbridge; Editing by Andrew Osborn"
    assert a.text == "Russian President Vladimir Putin said on Thursday that Moscow kept contact with all groups."


def test_a_caption_printed_twice_without_credit_is_kept_once():
    caption = "Iranian Foreign Ministry spokesperson Esmail Baghaei speaks to reporters in Tehran"
    body = "Baghaei said the decision to withdraw the advisors was a responsible measure, the ministry said."
    [a] = clean_text(f"{caption}\n{caption}\n\n{body}")
    assert a.captions == [caption]
    assert a.text == body
    assert [r.rule for r in a.removed] == ["repeated-caption", "repeated-caption"]


@pytest.mark.parametrize(("headline", "body"), [
    ("Do US businesses want Vista at last?",  # silicon.com
     "Take-up of Microsoft's Windows Vista operating system is starting pick up with US businesses."),
    ("A necessary war?",  # thebulletin.org
     "Not according to U.N. monitors--or to U.S. intelligence, which has watched the situation even more carefully."),
])
def test_a_headline_that_asks_printed_again_below_is_the_title(headline, body):
    """A question printed over the story and again below `TT` is its headline, as any other
    headline is (the one headline test), not an image's caption."""
    [a] = clean_text(f"{headline}\n\nTT\n\n{headline}\n\n{body}")
    assert a.title == headline and not a.captions
    assert a.text == body


def test_disabled_rule_keeps_its_lines():
    body = "Israeli military strikes across the Gaza Strip killed at least 17 Palestinians, medics said."
    more = "Palestinian medics said eight people, including children, were killed in the school."
    [a] = Cleaner(disable=["widget-label"]).clean_text(f"{body}\nTT\n{more}")
    assert a.text == f"{body}\nTT\n{more}"
    with pytest.raises(RuleFileError):
        RuleSet.load(disable=["no-such-rule"])


def _write_rules(tmp_path, body: str):
    path = tmp_path / "rules.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_user_rules_load_in_the_builtin_format_and_can_be_scoped(tmp_path):
    path = _write_rules(tmp_path, '''
[[rule]]
id = "tasnim-promo"
description = "Tasnim's app promotion line."
pattern = '(?i)download the tasnim app.*'
examples = ["Download the Tasnim app for Android"]
sources = ["tasnim/*"]
''')
    cleaner = Cleaner(rule_files=[path])
    body = "The spokesperson said the advisors had left Syria, IRNA reported."
    text = f"{body}\nDownload the Tasnim app for Android\nHe added that talks with Russia were going on."
    assert cleaner.clean_text(text, source="tasnim/a.txt")[0].removed[0].rule == "tasnim-promo"
    assert cleaner.clean_text(text, source="irna/a.txt")[0].removed == []


@pytest.mark.parametrize("body,complaint", [
    ('[[rule]]\nid = "x"\ndescription = "d"\npattern = "("\nexamples = ["a"]\n', "bad pattern"),
    ('[[rule]]\nid = "Bad Id"\ndescription = "d"\npattern = "a"\nexamples = ["a"]\n', "ids are"),
    ('[[rule]]\nid = "x"\ndescription = "d"\npattern = "a"\n', "missing 'examples'"),
    ('[[rule]]\nid = "x"\ndescription = "d"\npattern = "b"\nexamples = ["a"]\n', "example not marked"),
    ('rule = 3', "only [[rule]] tables"),
    ('[[rule]\n', "not valid TOML"),
])
def test_bad_rule_files_are_refused_with_a_reason(tmp_path, body, complaint):
    with pytest.raises(RuleFileError, match=complaint.replace("[", r"\[")):
        RuleSet.load([_write_rules(tmp_path, body)])


LONG = " ".join(["word"] * 70)


@pytest.mark.parametrize("body,complaint", [
    (f'[[rule]]\nid = "x"\ndescription = "d"\npattern = "(?:word ?)+"\nexamples = ["{LONG}"]\n',
     "example 'word word .*' has 70 words and 349 characters; a line rule skips lines of more than max_words = 60 "
     "words or 1200 characters"),
    (f'[[rule]]\nid = "x"\ndescription = "d"\nlines = ["{LONG}"]\nexamples = ["{LONG}"]\n',
     "line 'word word .*' has 70 words"),
    ('[[rule]]\nid = "x"\ndescription = "d"\npattern = "a"\nexamples = ["a"]\nmax_words = "ten"\n',
     "max_words must be a whole number"),
])
def test_a_limit_that_refuses_a_rule_is_named(tmp_path, body, complaint):
    with pytest.raises(RuleFileError, match=complaint):
        RuleSet.load([_write_rules(tmp_path, body)])
    # Raising the limit lets the long example through.
    if "max_words = 60" in complaint:
        RuleSet.load([_write_rules(tmp_path, body + "max_words = 80\n")])


def test_a_reused_id_names_the_file_that_reuses_it(tmp_path):
    rule = '[[rule]]\nid = "{}"\ndescription = "d"\npattern = "a"\nexamples = ["a"]\n'
    (tmp_path / "bad4.toml").write_text(rule.format("widget-label"), encoding="utf-8")
    with pytest.raises(RuleFileError) as caught:
        RuleSet.load([tmp_path / "bad4.toml"])
    assert str(caught.value).startswith(f"{tmp_path / 'bad4.toml'}: rule id 'widget-label' is the id of a built-in rule")
    (tmp_path / "a.toml").write_text(rule.format("site-promo"), encoding="utf-8")
    (tmp_path / "b.toml").write_text(rule.format("site-promo"), encoding="utf-8")
    with pytest.raises(RuleFileError) as caught:
        RuleSet.load([tmp_path / "a.toml", tmp_path / "b.toml"])
    assert str(caught.value) == f"{tmp_path / 'b.toml'}: rule id 'site-promo' is already defined in {tmp_path / 'a.toml'}"


def test_a_catastrophic_user_regex_is_reported_and_skipped(tmp_path):
    path = _write_rules(tmp_path, '''
[[rule]]
id = "slow"
description = "Backtracks exponentially on a line of a's that ends in something else."
pattern = '(a|aa)+$'
examples = ["aaaa"]
''')
    [rule] = load_rule_file(path)
    doc = Document.from_text("s.txt", "a" * 40 + "!\n" + "a" * 40 + "!")
    ctx = Context("s.txt")
    started = time.monotonic()
    rule.apply(doc, 0, len(doc.lines), ctx)
    assert time.monotonic() - started < 10
    assert ctx.failed == {"slow"}
    assert len(ctx.warnings) == 1 and "slow" in ctx.warnings[0]


# ---------------------------------------------------------------------------------------------
# Generic boilerplate rules, pinned with real lines from the devdata scrapes (../shared/devdata).

DATA = Path(__file__).resolve().parent / "data"
DEVDATA = Path(__file__).resolve().parents[1].parent / "shared" / "devdata"
BODY = "Israeli military strikes across the Gaza Strip killed at least 17 Palestinians, medics said."

# Clutter lines of real pages, each with the rule that must take it. Where two rules could, the
# order of builtin.toml decides, and these pin it (an image's copyright is a credit, not a footer).
REAL_CLUTTER = [
    ("Share this:", "share-prompt"),
    ("Click to share on Twitter (Opens in new window)", "share-prompt"),
    ("Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.", "follow-prompt"),
    ("Continue reading the main story", "ad-label"),
    ("View all (23)", "gallery-widget"),
    ("Trump asked voters in Louisiana for a big win. He didn’t get it. Credit... Doug Mills/The New York Times",
     "photo-credit"),
    ("Spain's Rafael Nadal celebrates celebrates a point against Russia's Karen Khachanov during their Davis Cup "
     "tennis match in Madrid, Spain, Tuesday, Nov. 19, 2019. (Manu Fernandez/AP)", "photo-credit"),
    ("Image Copyright @BigMachine @BigMachine", "photo-credit"),
    ("SEE MORE: Hong Kong protests: 800 students under siege in university", "read-more"),
    ("604 COMMENTS", "comment-prompt"),
    ("Leave a Reply Cancel reply", "comment-prompt"),
    ("Subscribe to our rss feed", "subscribe-prompt"),
    ("Sign In / Sign Up", "account-prompt"),
    ("Hearst Newspapers © Copyright Hearst Communications, Inc.", "copyright"),
    ("Powered by WordPress.com VIP | Privacy Policy | Your Privacy Rights | Ad Choices | Privacy Preferences | "
     "Terms Of Use", "site-links"),
    ("We use cookies.", "cookie-notice"),
    ("« Previous Post Next Post »", "prev-next"),
    ("Tags: BGR Deals", "tag-list"),
    ("13 hours ago", "time-ago"),
    ("Write to Al Root at allen.root@dowjones.com", "author-bio"),
    ("34 responses to “ Anthony Lynn: “We needed to win this game” ”", "comment-prompt"),
    ("We've detected you are on Internet Explorer. For the best Barrons.com experience, please update to a modern "
     "browser.", "browser-notice"),
    ("We urge you to turn off your ad blocker for The Telegraph website so that you can continue to access our "
     "quality content in the future.", "adblock-notice"),
    ("This copy is for your personal, non-commercial use only. Distribution and use of this material are governed by "
     "our Subscriber Agreement and by copyright law.", "reuse-notice"),
    ("Data is a real-time snapshot *Data is delayed at least 15 minutes. Global Business and Financial News, Stock "
     "Quotes, and Market Data and Analysis.", "market-data-notice"),
    ("{* backButton *} {* createAccountButton *}", "template-placeholder"),
    ("Your email address will not be published. Required fields are marked *", "comment-prompt"),
    ("By clicking Confirm Account, I agree to the terms of service and privacy policy of Rogers Media.",
     "consent-notice"),
]


@pytest.mark.parametrize("line,rule", REAL_CLUTTER)
def test_real_clutter_lines_are_taken_by_their_rule(line, rule):
    assert line in _rules_for(f"{BODY}\n\n{line}\n\n{BODY.replace('17', '18')}").get(rule, [])


@pytest.mark.parametrize("line,field,value", [
    ("Published 11:11 PM EST Nov 19, 2019", "date", "2019-11-19"),
    ("PUBLISHED: 10:48, Tue, Nov 19, 2019 | UPDATED: 11:05, Tue, Nov 19, 2019", "date", "2019-11-19"),
    ("By Maren Estrada 2 days ago", "byline", "Maren Estrada"),
    ("By Chris Pokorny @DawgsByNature Nov 18, 2019, 11:47am EST", "byline", "Chris Pokorny"),
    ("Keris Lahiff @kerisalison", "byline", "Keris Lahiff"),
    ("Elliot Brownstein   Florida Today", "byline", "Elliot Brownstein"),
    ("segunda-feira, 22 de janeiro de 2018 às 0:13", "date", "2018-01-22"),
    ("Keith Bradsher contributed reporting from Hong Kong.", "byline",
     "Keith Bradsher contributed reporting from Hong Kong."),
])
def test_real_metadata_lines_fill_their_field(line, field, value):
    [article] = clean_text(f"{BODY}\n\n{line}")
    assert getattr(article, field) == value
    assert article.text == BODY


def test_a_real_page_menu_is_one_navigation_run_and_the_story_stays():
    data = (DATA / "real_page_menu_sportsnet.txt").read_bytes()
    articles = Cleaner().clean_data(data, "real_page_menu_sportsnet.txt").articles
    text = "\n".join(a.text for a in articles).split("\n")
    by_rule = {r.text for a in articles for r in a.removed if r.rule == "navigation-run"}
    assert {"Scoreboard", "Trades & Signings", "Hometown Hockey", "SN Big Reads", "WTA Odds"} <= by_rule
    assert not {"Scoreboard", "Standings", "NHL Home", "Podcasts"} & set(text)
    assert "Nadal keeps Spain alive against Russia in Davis Cup Finals" not in by_rule
    assert any(line.startswith("Rafael Nadal kept Spain’s hopes alive") for line in text)
    # A clean article cleaned again comes back unchanged.
    for article in articles:
        assert [a.text for a in clean_text(article.text)] == [article.text]


# Real menu items (Sportsnet's top menu) and a real first paragraph, arranged to pin each limit.
MENU = ["Sportsnet", "Video", "NHL", "NHL Home", "Scoreboard", "Standings", "Stats", "Players", "Teams",
        "Trades & Signings", "Video", "Odds", "AHL", "NBA"]
PARAGRAPH = ("Granollers and Lopez defeated Karen Khachanov and Andrey Rublev 6-4, 7-6 (5) to seal the victory "
             "for Spain in a marathon series that ended close to 2 a.m. local time (0100 GMT) on Wednesday.")


def _navigation(text: str) -> list[str]:
    return [r.text for a in clean_text(text) for r in a.removed if r.rule == "navigation-run"]


def test_a_short_run_is_not_navigation():
    assert _navigation("\n".join([*MENU[:11], PARAGRAPH])) == []
    # A one-word label ("Odds") is no headline, so the whole run goes.
    assert _navigation("\n".join([*MENU[:12], PARAGRAPH])) == MENU[:12]


def test_a_list_the_text_introduces_or_encloses_stays():
    introduced = "\n".join(["The squads named for the finals in Madrid:", *MENU, PARAGRAPH])
    assert _navigation(introduced) == []
    enclosed = "\n".join([PARAGRAPH, *MENU, PARAGRAPH.replace("Wednesday", "Thursday")])
    assert _navigation(enclosed) == []
    # Between two paragraphs, a run far longer than a list is a menu before a footer note.
    assert len(_navigation("\n".join([PARAGRAPH, *MENU * 3, PARAGRAPH.replace("Wednesday", "Thursday")]))) == 42


def test_a_headline_that_ends_a_menu_and_leads_into_the_text_stays():
    [article] = clean_text("\n".join([*MENU, "Nadal keeps Spain alive", PARAGRAPH]))
    assert article.title == "Nadal keeps Spain alive"
    assert article.text == PARAGRAPH


def test_a_comment_thread_after_the_story_goes_and_the_story_stays():
    """Readers' comments as blog software prints them (real lines from profootballtalk.nbcsports.com):
    each a `NAME says:` header over its time stamp, then the comment."""
    story = [PARAGRAPH, PARAGRAPH.replace("Wednesday", "Thursday")]
    thread = ["thelastchargersfan says:", "November 19, 2019 at 6:34 am",
              "It’s a good thing we have no fans left because this is a dumpster fire.",
              "joetoronto says:", "November 19, 2019 at 6:44 am",
              "It’s time for both Chargers fans to come to grips with reality, it’s over yet again.",
              "theprocess12 says:", "November 19, 2019 at 6:58 am",
              "As usual too many mistakes by Rivers. As good as the class of 2004 QBs have been one of them always "
              "leads in INTs every year.",
              "Leave a Reply Cancel reply"]
    articles = clean_text("\n\n".join([*story, *thread]))
    assert "\n".join(a.text for a in articles) == "\n".join(story)
    reasons = {r.text: r.reason for a in articles for r in a.removed if r.rule == "comment-thread"}
    assert reasons["joetoronto says:"] == "one of 3 comments (lines 5-21)"
    assert thread[8] in reasons


# Lines the benchmark's annotators kept although the product takes them out on purpose
# (PRODUCT.md: wire footers go to `byline`, credits to `captions`, copyright lines are dropped).
POLICY = {
    ("wire-footer", "(Reporting by Will Dunham; Editing by Tom Brown)"),
    ("copyright", "© Reuters"),
    ("photo-credit", "Main image credit: Getty"),
}
# Prefix rules cut a dateline off the paragraph it opens; gold keeps "WASHINGTON (AP) — …" whole.
PREFIX_RULES = {"dateline", "date-prefix"}


@pytest.mark.skipif(not DEVDATA.is_dir(), reason="needs ../shared/devdata")
@pytest.mark.parametrize("suite", ["region", "page"])
def test_line_and_run_rules_never_take_a_line_of_a_gold_body(suite):
    ids = {r.id for r in ALL_RULES if isinstance(r, PatternRule)} | {r.id for r in RUN_RULES}
    gold = json.loads((DEVDATA / suite / "gold.json").read_text(encoding="utf-8"))
    cleaner = Cleaner()
    taken = []
    for name, body in sorted(gold.items()):
        kept = {line.strip() for line in body.split("\n") if line.strip()}
        data = (DEVDATA / suite / "inputs" / name).read_bytes()
        lines = data.decode("utf-8").split("\n")
        for article in cleaner.clean_data(data, name).articles:
            taken += [(name[:12], r.rule, r.text) for r in article.removed
                      if r.rule in ids - PREFIX_RULES and lines[r.line - 1].strip() in kept
                      and (r.rule, r.text) not in POLICY]
    assert taken == []


# Lines built to make a backtracking pattern blow up: long runs of the tokens the patterns look for.
ADVERSARIAL_TOKENS = ["A", "A/", "(A", "A /", "Share", "Follow", "on", "©", "Privacy", "Terms of", "John,",
                      "x.", "newsletter", "sign up", "Read more", "1", "/", "@a", "Published", "contributed"]


def test_built_in_patterns_stay_fast_on_adversarial_lines():
    rules = [r for r in ALL_RULES if isinstance(r, PatternRule)]
    started = time.monotonic()
    for rule in rules:
        for token in ADVERSARIAL_TOKENS:
            words = " ".join([token] * 200).split(" ")[:rule.max_spaces + 1]
            for text in (" ".join(words), " ".join(words) + " !", "x " + " ".join(words) + "."):
                text = text[:rule.max_chars].strip()
                if rule.match == "line":
                    rule.pattern.fullmatch(text)
                else:
                    rule.pattern.match(text)
    assert time.monotonic() - started < 2


def test_a_table_row_is_no_headline_and_its_header_printed_twice_keeps_one_copy():
    assert not headline_like("Pos   Player   Plays   %   Stats")
    assert headline_like("Defensive Line")
    text = ("Defensive Line\n\nPos   Player   Plays   %   Stats\n\nPos   Player   Plays   %   Stats\n\n"
            "DL   Larry Ogunjobi   63   85%   1 tackle (1 combined). 1 sack, 1 TFL, 2 QH.")
    [article] = clean_text(text)
    assert article.text.split("\n").count("Pos   Player   Plays   %   Stats") == 1


def test_rules_never_import_readers():
    # Data flows one way: readers make documents, rules mark them. A rule whose examples are
    # pages is given a page reader by its caller (`self_test(read_page)`).
    import ast

    import cleaner.rules

    for path in Path(cleaner.rules.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert "readers" not in (node.module or "").split("."), f"{path.name} imports {node.module}"


# Real lines of FAQ pages from three sites (a soft drinks association, a college, a volunteer
# programme) and of a news page whose headline is a question.
FAQ = ["Is the packaging used for soft drinks recyclable?",
       "All packaging used by the soft drinks industry can be recycled and/or re-used to make other useful products.",
       "What do soft drinks companies do to reduce the amount of materials they use to contain their products?",
       "The soft drinks industry is at the forefront of packaging innovations and is constantly looking at ways "
       "to reduce the amount of raw materials used in various types of packaging.",
       "What are the most popular types of packaging used to make soft drinks?",
       "The main forms of packaging used by the soft drinks industry are glass bottles, plastic and cans."]
FAQ_OTHERS = (["Is it better to live on or off campus during the freshman year?",
               "On campus living has a number of benefits for new college students that off campus living does not.",
               "Can I have guests visit me if I live on campus?",
               "Yes! Youre certainly welcome to have friends, classmates, and family members visit you in your "
               "residence hall on campus.",
               "Why do textbooks cost so much?",
               "Are most college campuses safe?"],
              ["How can you be sure you are really making a difference?",
               "What types of people volunteer in country?",
               "How many volunteers are on each team?",
               "Teaching conversational English to elementary, high school, and adult students is the service "
               "project in the town."])


@pytest.mark.parametrize("lines", [FAQ, *FAQ_OTHERS], ids=["drinks", "campus", "volunteers"])
def test_a_question_of_an_faq_is_no_title_and_its_text_comes_back_unchanged(lines):
    [article] = clean_text("\n".join(lines))
    assert article.title is None
    assert article.text == "\n".join(lines)
    assert [a.text for a in clean_text(article.text)] == [article.text]


def test_a_question_with_a_subhead_or_two_still_heads_its_story():
    """Real lines of a news page, and of an essay whose subheads are questions."""
    news = ["How many lives can you save in 2008?",
            "Brampton - Can you spare six hours in the upcoming year? By donating blood every 56 days "
            "(six times per year), you will help up to 18 patients during 2008."]
    essay = ["Pelvic floor exercises: a new solution for impotence?",
             "Pelvic floor exercises have long been considered a useful way for women to restore their muscle "
             "tone after giving birth, but increasing evidence is emerging that men can also benefit.",
             "An alternative to drugs?",
             "The benefits of such exercises cannot be endorsed enough by Dr Grace Dorey, a specialist continence "
             "physiotherapist."]
    for lines in (news, essay):
        [article] = clean_text("\n".join(lines))
        assert article.title == lines[0]


def test_a_question_that_reads_as_a_headline_never_opens_the_text_below_a_headline():
    """Real lines of a news page: an author's name, the headline (a question), the standfirst.
    Were the question taken for the first paragraph, the name would be the title and the
    question would become it when the clean text is cleaned again."""
    lines = ["Justine Brian", "Who gives a cluck about a broiler chicken?",
             "Ignore the posh fooderati on Channel 4 moaning about the factory-farming of chickens: we should "
             "celebrate the freedom provided by mass food production."]
    [article] = clean_text("\n".join(lines))
    assert article.title != "Justine Brian"
    assert [(a.title, a.text) for a in clean_text(article.text)] == [(None, article.text)]
