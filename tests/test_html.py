"""HTML pages: what the reader keeps as lines and what the markup says about each, what the
markup rules take out and why, and the article bodies that come out of real pages."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner import Cleaner, InputError, clean_bytes, clean_text
from cleaner.document import Field
from cleaner.readers import read_document
from cleaner.readers.html import html_document
from cleaner.readers.html import parsing as html_parse
from cleaner.rules.markup import MARKUP_RULES
from cleaner.training import metric

DATA = Path(__file__).resolve().parent / "data"
REPO = Path(__file__).resolve().parents[1]
DEVDATA = REPO.parent / "shared" / "devdata" / "html"

STORY_BODY = [
    "Rescue teams in the Spanish region of Valencia searched flooded garages and underground car parks on "
    "Thursday for survivors of the worst floods in the country's recent history, officials said.",
    "At least 95 people have died since torrential rain fell on Tuesday, turning streets into rivers and "
    "sweeping away cars, bridges and a stretch of railway line.",
    "Warnings came too late, residents say",
    "Many residents of Paiporta said the regional alert reached their phones hours after the water had "
    "already entered their homes, and the opposition has called for an inquiry.",
    "The regional president defended the response, saying the weather agency's forecasts had changed "
    "quickly during the afternoon.",
]


def page(body: str, head: str = "") -> bytes:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>".encode()


def lines_of(raw: bytes) -> dict[str, object]:
    """Each text line of a page with its structure."""
    return {line.text: line.structure for line in read_document("page.html", raw).lines if line.text}


def removed(article) -> dict[str, tuple[str, str | None, str]]:
    return {r.text: (r.rule, r.field, r.reason) for r in article.removed}


P1 = ("The council voted on Tuesday to close the old bridge to traffic for two years while engineers "
      "rebuild its piers, the mayor told reporters.")
P2 = ("Residents will cross on a temporary footbridge that opens next month, and buses will take a detour "
      "through the industrial estate until the work is done.")
P3 = ("Shopkeepers on both banks said they feared losing customers, and the council promised a fund to help "
      "those whose takings fall by more than a fifth.")


# --- a whole news page: chrome around the story, metadata in the markup ----------------------------

def test_story_page_gives_the_body_and_its_metadata():
    [article] = clean_bytes((DATA / "html_story.html").read_bytes(), "html_story.html")
    assert article.text.split("\n") == STORY_BODY
    assert article.title == "Valencia floods: rescue teams search for survivors"
    assert article.date == "2024-10-31"
    assert article.byline == "Maria Lopez"
    # The image's alt text and its figcaption are both kept as captions, each once.
    assert article.captions == ["Cars piled up in a street of Paiporta after the flood",
                                "Cars piled up in a street of Paiporta on Wednesday. Photo: Ana Ruiz/Example"]


def test_story_page_chrome_is_removed_with_its_evidence():
    [article] = clean_bytes((DATA / "html_story.html").read_bytes(), "html_story.html")
    gone = removed(article)
    assert gone["Home"][0] == "markup-outside-main"
    assert "<nav>" in gone["Home"][2] and "link density 1.00" in gone["Home"][2]
    assert gone["Spain declares three days of mourning"][0] == "markup-landmark"
    assert "<aside>" in gone["Spain declares three days of mourning"][2]
    assert gone["Follow our live coverage of the floods"][:2] == ("markup-link-dense", None)
    assert gone["© 2024 The Daily Example. All rights reserved."][0] == "markup-outside-main"
    assert "<footer>" in gone["© 2024 The Daily Example. All rights reserved."][2]
    assert gone["Valencia floods: rescue teams search for survivors"][:2] == ("markup-headline", "title")
    assert gone["By Maria Lopez"][:2] == ("markup-byline", "byline")
    assert gone["31 October 2024"][:2] == ("markup-date", "date")
    # A class on <body> ("has-sidebar") encloses everything and is no evidence about any line.
    assert all("sidebar" not in reason for _, _, reason in gone.values())


def test_disabling_a_field_turns_off_its_text_and_markup_rules_and_stated_value():
    raw = (DATA / "html_story.html").read_bytes()
    [article] = Cleaner(disable=["field:byline"]).clean_data(raw, "html_story.html").articles
    assert article.byline is None
    assert not any(r.field == "byline" for r in article.removed)
    # Only the byline is off: the other fields are as before.
    assert (article.title, article.date) == ("Valencia floods: rescue teams search for survivors", "2024-10-31")
    [text] = Cleaner(disable=["field:byline"]).clean_text(f"Old bridge to close\n{P1}\nBy Jane Doe\n{P2}")
    assert text.byline is None and "By Jane Doe" in text.text.split("\n")


def test_every_piece_of_page_text_is_kept_or_recorded():
    raw = (DATA / "html_story.html").read_bytes()
    doc = read_document("html_story.html", raw)
    [article] = clean_bytes(raw, "html_story.html")
    accounted = "".join(article.text.split()) + "".join("".join(r.text.split()) for r in article.removed)
    for line in doc.lines:
        for word in line.text.split():
            assert word in accounted


# --- what never shows is never text ----------------------------------------------------------------

@pytest.mark.parametrize("hidden", [
    '<div hidden><p>SECRET draft paragraph the editors hid before publishing the story.</p></div>',
    '<div aria-hidden="true"><p>SECRET copy for screen readers only, never shown.</p></div>',
    '<div style="color: red; display : none"><p>SECRET schema copy of the article body.</p></div>',
    '<p style="visibility:hidden">SECRET placeholder paragraph.</p>',
    '<noscript><p>SECRET: please enable JavaScript to read comments.</p></noscript>',
    '<template><p>SECRET template of a comment.</p></template>',
    '<script>var SECRET = "tracking";</script><style>.SECRET { color: red }</style>',
    '<svg><text>SECRET chart label</text></svg>',
])
def test_hidden_elements_are_not_text(hidden):
    raw = page(f"<article><p>{P1}</p>{hidden}<p>{P2}</p></article>")
    [article] = clean_bytes(raw, "page.html")
    assert article.text == f"{P1}\n{P2}"
    assert not any("SECRET" in r.text for r in article.removed)


# --- structure the reader gives each line ----------------------------------------------------------

def test_headings_and_list_items_are_lines_of_their_own():
    raw = page(f"<main><h2>What changes</h2><p>{P1}</p><ul><li>Bridge closed to cars</li>"
               f"<li>Footbridge from <b>May</b></li></ul><p>{P2} {P3}</p></main>")
    structures = lines_of(raw)
    assert [text for text in structures] == ["What changes", P1, "Bridge closed to cars", "Footbridge from May",
                                             f"{P2} {P3}"]
    assert structures["What changes"].tag == "h2"
    assert structures["Footbridge from May"].tag == "li"
    assert all(s.main for s in structures.values())


def test_landmarks_link_density_and_tokens():
    raw = page("<header><nav class='site-menu'><a href='/'>Home</a></nav></header>"
               f"<div class='story-body'><p>{P1}</p><p>{P2} <a href='/b'>See the plans</a></p></div>"
               "<footer><p>Contact us</p></footer>")
    structures = lines_of(raw)
    home = structures["Home"]
    assert home.landmarks == {"header", "nav"} and home.link_density == 1.0 and "menu" in home.tokens
    assert not home.main
    body = structures[f"{P2} See the plans"]
    assert body.main and 0.05 < body.link_density < 0.15
    assert structures["Contact us"].landmarks == {"footer"} and not structures["Contact us"].main


def test_aria_roles_count_as_landmarks():
    raw = page(f"<div role='navigation'><a href='/'>Home</a></div><div role='main'><p>{P1}</p><p>{P2}</p></div>"
               "<div role='contentinfo'>Contact us</div>")
    structures = lines_of(raw)
    assert structures["Home"].landmarks == {"nav"}
    assert structures["Contact us"].landmarks == {"footer"}


def test_hints_name_captions_bylines_dates_and_the_headline():
    raw = page("<article><h1>Old bridge to close for two years</h1><span class='byline'>By Jane Doe</span>"
               "<figure><img src='a.jpg' alt='The old bridge seen from the river bank'>"
               "<figcaption>The bridge opened in 1932.</figcaption></figure>"
               f"<time datetime='2024-05-01'>May 1, 2024</time><p>{P1}</p><p>{P2}</p></article>",
               head="<title>Old bridge to close for two years | City News</title>")
    structures = lines_of(raw)
    assert structures["Old bridge to close for two years"].hint is Field.TITLE
    assert structures["By Jane Doe"].hint is Field.BYLINE
    assert structures["The old bridge seen from the river bank"].hint is Field.CAPTIONS
    assert structures["The old bridge seen from the river bank"].tag == "img"
    assert structures["The bridge opened in 1932."].hint is Field.CAPTIONS
    assert structures["May 1, 2024"].hint is Field.DATE
    assert structures[P1].hint is None


def test_a_class_that_names_a_date_on_a_whole_paragraph_is_no_hint():
    # A "date" class on an element holding a paragraph of text is a layout name, not a date.
    raw = page(f"<article><div class='date-section'><p>{P1}</p><p>{P2}</p></div></article>")
    assert lines_of(raw)[P1].hint is None


def test_logo_alt_text_is_not_a_caption_line():
    raw = page(f"<header><img src='logo.png' alt='City News'></header><article><p>{P1}</p><p>{P2}</p></article>")
    assert "City News" not in lines_of(raw)


def test_byline_and_date_sharing_a_line_become_a_line_each():
    raw = page("<article><div class='meta'><span class='author'>By Jane Doe</span> | "
               f"<time>May 1, 2024</time></div><p>{P1}</p><p>{P2}</p></article>")
    [article] = clean_bytes(raw, "page.html")
    assert (article.byline, article.date) == ("Jane Doe", "2024-05-01")
    assert article.text == f"{P1}\n{P2}"
    # The separator is recorded with the byline, not lost.
    assert [r.text for r in article.removed] == ["By Jane Doe |", "May 1, 2024"]


def test_preformatted_text_keeps_its_lines():
    raw = page(f"<article><p>{P1}</p><pre>Bridge   closes: 1 June\nFootbridge opens: 15 June</pre><p>{P2}</p></article>")
    assert "Bridge closes: 1 June" in lines_of(raw)
    assert "Footbridge opens: 15 June" in lines_of(raw)


# --- the main container --------------------------------------------------------------------------

def test_the_main_container_is_the_element_with_the_paragraph_text():
    teasers = "".join(f"<li><a href='/{i}'>Other story number {i} from the region</a></li>" for i in range(12))
    raw = page(f"<div class='page'><div class='col-a'><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>"
               f"<div class='col-b'><h3>Latest</h3><ul>{teasers}</ul></div></div>")
    structures = lines_of(raw)
    assert structures[P1].main and structures[P3].main
    assert not structures["Latest"].main
    assert not structures["Other story number 3 from the region"].main


def test_comments_do_not_make_the_main_container():
    # More paragraph text in the comments than in the story: a class naming comments is chrome.
    comments = "".join(f"<div class='comment'><p>Reader {i} wrote that the council should have acted years ago "
                       f"instead of waiting for the bridge to fail, and many agreed.</p></div>" for i in range(8))
    raw = page(f"<div class='wrap'><div class='story'><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>"
               f"<div id='comments'>{comments}</div></div>")
    structures = lines_of(raw)
    assert structures[P1].main
    assert not any(s.main for text, s in structures.items() if text.startswith("Reader"))


def test_a_page_without_paragraphs_measures_its_text_outside_links():
    # A calendar: short lines only, no paragraph text; the menu is all links.
    menu = "".join(f"<li><a href='/{m}'>Race calendar for {m}</a></li>" for m in ("May", "June", "July"))
    rows = "".join(f"<p>Round {i}: {d} March, Interlagos</p>" for i, d in enumerate(range(10, 22), 1))
    raw = page(f"<nav><ul>{menu}</ul></nav><div class='entry'><h2>Stock car 2018</h2>{rows}</div>")
    structures = lines_of(raw)
    assert structures["Round 3: 12 March, Interlagos"].main
    assert not structures["Race calendar for June"].main


def test_text_input_has_no_structure_and_markup_rules_leave_it_alone():
    text = f"Home\nWorld\n\n{P1}\n\n{P2}"
    [article] = clean_text(text)
    assert not any(r.rule.startswith("markup-") for r in article.removed)


@pytest.mark.parametrize("rule", MARKUP_RULES, ids=lambda r: r.id)
def test_markup_rules_ignore_lines_without_structure(rule):
    from cleaner.document import Document
    from cleaner.rules import Context

    doc = Document.from_text("story.txt", f"Home\n\n{P1}\n\nBy Jane Doe\n\nMay 1, 2024")
    assert rule.apply(doc, 0, len(doc.lines), Context("story.txt")) is False


def test_markup_rules_have_html_examples_and_stable_ids():
    ids = {rule.id for rule in MARKUP_RULES}
    assert {"markup-outside-main", "markup-landmark", "markup-caption", "markup-link-dense", "markup-class",
            "markup-headline", "markup-byline", "markup-date"} == ids
    for rule in MARKUP_RULES:
        assert all(example.lstrip().startswith("<") for example in rule.examples)
        assert rule.self_test(lambda page: html_document("example.html", page)) == []


# --- stories: <article> elements ---------------------------------------------------------------------

# The story-break model is fitted on text files: the second story's date header, one blank line
# below the first story, no longer reaches a break on its own.
@pytest.mark.xfail(reason="the fitted split model misses this one-blank-line break", strict=False)
def test_two_article_elements_give_two_stories_and_teaser_cards_none():
    doc = read_document("html_scroll.html", (DATA / "html_scroll.html").read_bytes())
    by_text = {line.text: line.structure for line in doc.lines if line.text}
    assert by_text["Markets had priced in a pause, and the currency barely moved after the announcement."].article == 0
    assert by_text["Chipmaker shares jump on record quarterly sales"].article == 1
    assert by_text["Chipmaker shares jump on record quarterly sales"].hint is Field.TITLE
    # The cards are <article> elements too, each with a line of text: no story.
    assert by_text["Brent crude fell for a second day."].article == -1
    assert not by_text["Brent crude fell for a second day."].main

    articles = clean_bytes((DATA / "html_scroll.html").read_bytes(), "html_scroll.html")
    assert len(articles) == 2
    assert articles[0].title == "Central bank holds rates as inflation lingers"
    assert articles[0].text.startswith("The central bank held its main interest rate")
    assert articles[0].text.endswith("barely moved after the announcement.")
    assert articles[1].text.startswith("Shares in the chipmaker rose nine percent")
    assert articles[1].text.endswith("concerns among analysts about delivery times.")
    assert "Brent crude" not in articles[1].text


def test_nested_article_elements_are_not_stories_of_their_own():
    raw = page(f"<article><p>{P1}</p><article class='quote'><p>{P2}</p><p>{P3}</p></article></article>"
               f"<article><p>{P3.upper()}</p><p>{P2.upper()}</p></article>")
    # Two stories: the outer <article>s. The one inside the first is part of it.
    assert [s.article for s in lines_of(raw).values()] == [0, 0, 0, 1, 1]


# --- metadata the page states ---------------------------------------------------------------------

def test_og_title_json_ld_date_and_author():
    head = ('<meta property="og:title" content="Old bridge to close">'
            '<script type="application/ld+json">[{"@type": "NewsArticle", "datePublished": "2024-05-01T10:00:00Z",'
            ' "author": {"@type": "Person", "name": "Jane Doe"}}]</script>')
    doc = read_document("page.html", page(f"<p>{P1}</p><p>{P2}</p>", head))
    assert doc.meta == {Field.TITLE: "Old bridge to close", Field.DATE: "2024-05-01", Field.BYLINE: "Jane Doe"}
    [article] = clean_bytes(page(f"<p>{P1}</p><p>{P2}</p>", head), "page.html")
    assert (article.title, article.date, article.byline) == ("Old bridge to close", "2024-05-01", "Jane Doe")


def test_meta_falls_back_to_title_and_published_time_and_skips_author_urls():
    head = ('<title>Old bridge to close | City News</title><meta name="author" content="https://x.test/jane">'
            '<meta property="article:published_time" content="2024-05-02">'
            '<script type="application/ld+json">{ not json</script>')
    doc = read_document("page.html", page(f"<p>{P1}</p>", head))
    assert doc.meta == {Field.TITLE: "Old bridge to close | City News", Field.DATE: "2024-05-02"}


@pytest.mark.parametrize("meta", [
    '<meta itemprop="datePublished dateCreated" content="2024-05-03T09:00:00+02:00">',
    '<meta itemprop="dateCreated  datePublished" content="2024-05-03">',
    '<meta property="og:type article:published_time" content="2024-05-03">',
    '<meta name="description" itemprop="datePublished" content="2024-05-03">',
])
def test_a_meta_tag_naming_several_properties_states_each(meta):
    # itemprop, property and name hold space-separated lists of names; each one counts.
    doc = read_document("page.html", page(f"<p>{P1}</p>", meta))
    assert doc.meta[Field.DATE] == "2024-05-03"


@pytest.mark.parametrize("script", ["{ not json", "[" * 100000 + "]" * 100000, '"just a string"', "null"])
def test_json_ld_that_says_nothing_is_ignored(script):
    head = f'<script type="application/ld+json">{script}</script>'
    doc = read_document("page.html", page(f"<p>{P1}</p>", head))
    assert doc.meta == {}
    assert [line.text for line in doc.lines] == [P1]


def test_the_visible_headline_is_the_title_when_it_matches_the_stated_one():
    head = '<meta property="og:title" content="Old bridge to close for two years - City News">'
    raw = page(f"<h1 class='logo'>City News</h1><h1>Old bridge to close for two years</h1><p>{P1}</p><p>{P2}</p>",
               head)
    assert read_document("page.html", raw).meta[Field.TITLE] == "Old bridge to close for two years"
    structures = lines_of(raw)
    assert structures["City News"].hint is None


# --- hard inputs --------------------------------------------------------------------------------

@pytest.mark.parametrize("depth", [300, 3000])
def test_deeply_nested_markup_keeps_its_text_and_structure(depth):
    # 300 levels: lxml's tree. 3000: past libxml2's limit, Python's parser, and past 512 levels
    # the markup is flattened, its blocks still lines of their own.
    raw = page("<nav><a href='/'>Home</a></nav>" + "<div class='wrap'>" * depth
               + f"<p>{P1}</p><aside><p>Related: the bridge in pictures</p></aside><p>{P2}</p>" + "</div>" * depth)
    structures = lines_of(raw)
    assert list(structures) == ["Home", P1, "Related: the bridge in pictures", P2]
    assert structures["Home"].landmarks == {"nav"} and structures["Home"].link_density == 1.0
    [article] = clean_bytes(raw, "deep.html")
    assert article.text == f"{P1}\n{P2}"
    assert [r.text for r in article.removed] == ["Home", "Related: the bridge in pictures"]


def test_unclosed_tags_piling_up_keep_their_text_and_lines():
    raw = page("\n".join(f"<div><p>Line {i} of a page whose tags were never closed." for i in range(3000)))
    lines = [(line.number, line.text) for line in read_document("-", raw).lines if line.text]
    assert lines == [(i + 1, f"Line {i} of a page whose tags were never closed.") for i in range(3000)]


def test_line_numbers_past_what_libxml2_counts():
    filler = "\n" * 70000
    raw = page(f"{filler}<p>{P1}</p>\n<p>{P2}</p>")
    numbers = {line.text: line.number for line in read_document("long.html", raw).lines if line.text}
    assert numbers == {P1: 70001, P2: 70002}


def test_control_characters_in_a_page_python_parses():
    raw = page("<div>" * 3000 + f"<p title='a\x01b'>{P1}\x0b</p>" + "</div>" * 3000)
    assert list(lines_of(raw)) == [P1]


def test_a_page_the_parser_cannot_read_is_an_input_error(monkeypatch):
    def broken(*args, **kwargs):
        raise html_parse.etree.ParserError("Document is empty")

    monkeypatch.setattr(html_parse.etree, "fromstring", broken)
    with pytest.raises(InputError):
        clean_bytes(page(f"<p>{P1}</p>"), "page.html")


# --- devdata: real pages, hand-made bodies ------------------------------------------------------------

@pytest.mark.skipif(not DEVDATA.is_dir(), reason="../shared/devdata is not here")
def test_devdata_html_f1():
    gold = json.loads((DEVDATA / "gold.json").read_text(encoding="utf-8"))
    cleaner = Cleaner()
    counts = []
    for name, body in sorted(gold.items()):
        articles = cleaner.clean_data((DEVDATA / "inputs" / name).read_bytes(), name).articles
        counts.append(metric.compare("\n".join(a.text for a in articles), body))
    scores = metric.score_documents(counts)
    # 0.984 (P 0.981, R 0.987) when this was written; trafilatura scores 0.965 on these pages.
    assert scores.f1 >= 0.97, scores
    assert scores.precision >= 0.96 and scores.recall >= 0.96, scores


@pytest.mark.skipif(not DEVDATA.is_dir(), reason="../shared/devdata is not here")
def test_devdata_page_lines_in_the_body():
    # A real page (sciencealert.com): the body's first and last paragraphs are kept (the first
    # without its wire dateline, which goes to `dateline`), the page's headline to the title.
    name = next(p.name for p in (DEVDATA / "inputs").iterdir() if p.name.startswith("359fee228518"))
    [article] = Cleaner().clean_data((DEVDATA / "inputs" / name).read_bytes(), name).articles
    gold = json.loads((DEVDATA / "gold.json").read_text(encoding="utf-8"))[name].split("\n\n")
    assert gold[0] == "WASHINGTON (Reuters) - " + article.text.split("\n")[0]
    # The page ends with a wire footer and "© Reuters", which the gold keeps and the cleaner does not.
    assert gold[-3] == article.text.split("\n")[-1]
    assert article.title == "The First Map of Saturn's Moon Titan Just Revealed Some Tantalising Features"
