"""HTML pages whose main content is hard to find: the fitted container choice, the plain-text
fallback, comment sections, leads set apart above the body, anchors that look like chrome.
Each page is short and hand-written around real lines from real sites."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, clean_bytes
from cleaner.explain import explain_lines
from cleaner.readers import read_document
from cleaner.readers.html.layout import candidates, walk_page
from cleaner.readers.html.parsing import parse
from cleaner.settings import HtmlSettings
from cleaner.vocabulary import STRONG, WEAK, chrome_kind, chrome_word


def page(body: str, head: str = "") -> bytes:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>".encode()


def text_of(raw: bytes) -> str:
    return "\n".join(article.text for article in clean_bytes(raw, "page.html"))


# Lines of a WordPress news post and of two readers' comments under it (wptavern.com).
POST = [
    "Stack Overflow published its 2017 developer hiring landscape report, which highlights the most in-demand "
    "technologies among employers and the technologies with the most developers available.",
    "WordPress’ code base is currently 59% PHP and 27% JavaScript. The percentage of PHP has grown over time, "
    "but newer features and improvements to core are also being built in JavaScript.",
    "These are both highly portable skills that are in demand on the web, and several of them are listed "
    "independently of WordPress in the data.",
]
COMMENTS = [
    "Why doesn’t WordPress have some kind of certification system when it comes to working with WordPress? "
    "Make it something similar to CompTIA A+ certification.",
    "Currently, it’s so hit or miss when it comes to hiring someone to provide help with WordPress, and the "
    "customer ends up paying far more than they really need to.",
    "To the best of my knowledge, however, everything done by WordPress.org is handled by volunteers. In the "
    "spirit of open source, if there’s something you want to see happen, you need to get it started.",
    "An idea like certification would actually need much broader support throughout the WordPress community "
    "than a choice of what to focus development on for the next release.",
]


def test_comments_marked_up_as_articles_are_not_stories():
    comments = "".join(
        f"<li class='comment'><article id='div-comment-{n}' class='comment-body'><footer class='comment-meta'>"
        f"<b class='fn'>Reader {n}</b></footer><div class='comment-content'><p>{a}</p><p>{b}</p></div></article></li>"
        for n, (a, b) in enumerate([COMMENTS[:2], COMMENTS[2:]]))
    raw = page(f"<div id='content'><article class='post'><h1>Stack Overflow Survey</h1>"
               f"<div class='entry-content'>{''.join(f'<p>{p}</p>' for p in POST)}</div></article>"
               f"<div id='comments'><ol class='comment-list'>{comments}</ol></div></div>")
    articles = clean_bytes(raw, "page.html")
    assert len(articles) == 1
    assert articles[0].text.split("\n") == POST


def test_a_comment_system_inside_the_story_is_left_out():
    raw = page(f"<article>{''.join(f'<p>{p}</p>' for p in POST)}"
               f"<div id='wpdiscuz'><div class='wpd-thread'><p>{COMMENTS[0]}</p></div></div></article>")
    assert text_of(raw).split("\n") == POST


# A Sphinx page (mercurial-scm.org): section ids are anchors made from the headings.
SPHINX = [
    "Code review is a good use case for sharing mutable history across multiple developers: Alice commits a "
    "draft changeset, submits it for review, and amends her changeset until her reviewer is satisfied.",
    "We’ll work through an example with three local repositories, although in the real world they’d most "
    "likely be on three different computers. First, the public repository is where tested changesets live.",
    "Keep in mind that in real life, these repositories would probably be on separate computers, so you’d "
    "have to login to each one to configure each repository.",
]


def test_an_anchor_made_from_a_heading_does_not_name_chrome():
    raw = page(f"<div class='body'><div class='section' id='sharing-mutable-history'><h1>Evolve: Shared "
               f"Mutable History</h1><p>{SPHINX[0]}</p><div class='section' id='sharing-with-a-single-developer'>"
               f"<h2>Sharing with a single developer</h2><p>{SPHINX[1]}</p><p>{SPHINX[2]}</p></div></div></div>")
    text = text_of(raw)
    assert all(line in text for line in SPHINX)


def test_a_short_id_still_names_chrome():
    raw = page(f"<article>{''.join(f'<p>{p}</p>' for p in POST)}"
               "<div id='share-tools'><p>Share this article on Twitter, Facebook or by email.</p></div></article>")
    assert "Share this article" not in text_of(raw)


# --- never an empty page ------------------------------------------------------------------------------

# Lines of a 2008 trade-press story (wirelessweek.com), whose ASP.NET page sits in one <form>.
WIRELESS = [
    "According to a report on USA Today's Website, a California-based software company plans to unveil the "
    "first set of mobile applications for Google's open mobile phone platform Android today.",
    "A La Mobile reportedly is running the prototype apps on an older HTC handset, the Qtek 9090. The suite "
    "includes a Google browser, phone dialer, audio player, Google mapping application and camera.",
]


def test_a_page_whose_markup_keeps_nothing_is_cleaned_as_text():
    # The story sits in an <aside> (a theme's layout): the markup rules take every line out.
    raw = page(f"<aside class='col'><h2>Android apps unveiled</h2><p>{WIRELESS[0]}</p><p>{WIRELESS[1]}</p></aside>")
    result = Cleaner().clean_data(raw, "page.html")
    text = "\n".join(article.text for article in result.articles)
    assert all(line in text for line in WIRELESS)
    assert any("plain text" in warning for warning in result.warnings)


def test_a_title_never_closed_does_not_swallow_the_page():
    # A page cut short in its head (koreatimes.co.kr, 2008): the <title> has no end tag.
    raw = ("<html><head><title>Korean Golfer Choi Kyung-ju Wins 7th US PGA Title(The Korea Times)"
           "<script>function goPrint() { window.open('/print.asp'); }</script></head><body>"
           "<p>HONOLULU _ South Korean golfer Choi Kyung-ju Sunday won the PGA Tour Sony Open, beating South "
           "African Rory Sabbatini by three shots and clinching his seventh career U.S. PGA title.</p></body></html>")
    assert "Choi Kyung-ju Sunday won the PGA Tour Sony Open" in text_of(raw.encode())


# --- leads set apart above the body -------------------------------------------------------------------

LEADS = [
    # (lang, headline, lead markup, body paragraphs)
    ("de", "Hochwasser: Pegel in Passau steigt weiter",
     "<header>{h}<p class='teaser'>Die Lage in Niederbayern spitzt sich zu: Der Pegel der Donau in Passau hat am "
     "Morgen die Marke von zehn Metern überschritten.</p></header>",
     ["Die Stadt hat den Katastrophenfall ausgerufen, mehrere hundert Anwohner der Altstadt mussten ihre "
      "Wohnungen verlassen, wie ein Sprecher mitteilte.",
      "Nach Angaben des Hochwassernachrichtendienstes wird der Scheitel erst am Dienstagabend erwartet, Helfer "
      "füllen weiterhin Sandsäcke."]),
    ("es", "El Gobierno aprueba el nuevo bono de transporte",
     "{h}<p class='entradilla'>El Consejo de Ministros ha aprobado este martes un abono único para viajar en "
     "trenes de Cercanías y autobuses estatales durante todo el año.</p>",
     ["El precio será de 60 euros al mes para los adultos y de 30 euros para los jóvenes menores de 26 años, "
      "según ha explicado el ministro en rueda de prensa.",
      "Las comunidades autónomas podrán sumarse al sistema a partir de enero, aunque varias de ellas ya han "
      "anunciado que esperarán a conocer los detalles."]),
    ("fr", "La SNCF annonce de nouvelles lignes de TGV",
     "{h}<p class='chapo'>La compagnie ferroviaire veut relier Bordeaux à Toulouse en une heure d'ici à 2032, "
     "a annoncé son président mardi lors d'une conférence de presse.</p>",
     ["Le projet, estimé à 14 milliards d'euros, doit encore être validé par le gouvernement et les régions "
      "concernées, qui financeront une partie des travaux.",
      "Les associations de riverains, de leur côté, dénoncent un chantier qui menace plusieurs zones "
      "naturelles protégées le long de la Garonne."]),
    ("pl", "Sejm przyjął ustawę o ochronie sygnalistów",
     "<header>{h}<p class='lead'>Posłowie przyjęli w piątek ustawę, która ma chronić pracowników zgłaszających "
     "nieprawidłowości w firmach i urzędach przed zwolnieniem.</p></header>",
     ["Za ustawą głosowało 420 posłów, nikt nie był przeciw, a trzech wstrzymało się od głosu, poinformował "
      "marszałek Sejmu po zakończeniu posiedzenia.",
      "Nowe przepisy mają wejść w życie po trzech miesiącach od ogłoszenia, a firmy zatrudniające ponad "
      "pięćdziesiąt osób będą musiały wprowadzić procedury zgłoszeń."]),
]


@pytest.mark.parametrize(("lang", "headline", "lead", "body"), LEADS, ids=[lang for lang, *_ in LEADS])
def test_a_lead_above_the_main_container_is_kept(lang, headline, lead, body):
    raw = page("<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article>"
               + lead.format(h=f"<h1>{headline}</h1>")
               + f"<div class='article-body'>{''.join(f'<p>{p}</p>' for p in body)}</div></article>"
               + "<aside class='related'><p>Read more: the pictures of the day</p></aside>",
               head=f"<meta property='og:title' content='{headline}'>")
    [article] = clean_bytes(raw, "page.html")
    lines = article.text.split("\n")
    assert len(lines) == 3 and lines[1:] == body
    assert article.title == headline


# --- the container model ------------------------------------------------------------------------------

def test_candidates_carry_the_cues_of_the_fitted_model():
    raw = page(f"<div class='page'><div class='story-body'>{''.join(f'<p>{p}</p>' for p in POST)}</div>"
               "<ul class='teasers'><li><a href='/a'>Council approves budget</a></li></ul></div>")
    root, lines = parse(raw.decode())
    assert root is not None
    settings = HtmlSettings()
    walk = walk_page(root, settings, lines)
    found = candidates(walk, walk.elements[0])
    assert found and all(set(c.cues) == set(settings.container.features) for c in found)
    best = max(found, key=lambda c: settings.container.probability(c.cues))
    assert "story" in best.element.own


def test_the_story_not_the_comment_thread_is_the_main_content():
    # The thread holds more text than the story: it is still never the main content.
    thread = "".join(f"<p>{c}</p><p>{c}</p><p>{c}</p>" for c in COMMENTS)
    raw = page(f"<div class='main'><div class='article-text'><p>{POST[0]}</p><p>{POST[1]}</p></div>"
               f"<div class='comments-area'>{thread}</div></div>")
    doc = read_document("page.html", raw)
    main = {line.text for line in doc.lines if line.structure is not None and line.structure.main}
    assert POST[0] in main and POST[1] in main


def test_chrome_words_and_how_strongly_they_name_chrome():
    assert chrome_word("comments") and chrome_word("sidebar-left") and not chrome_word("story")
    assert chrome_kind(frozenset({"has", "sidebar"})) == WEAK
    assert chrome_kind(frozenset({"related", "stories"})) == STRONG


def test_a_gallery_inside_the_story_is_left_out():
    # The Independent's business pages carry a 50-picture slideshow inside the <article>.
    slides = "".join(f"<li><h2>{n}/50 {h}</h2><p>{p}</p></li>" for n, (h, p) in enumerate([
        ("City for sale", "London City Airport was put up for sale by the American hedge fund Global Infrastructure "
                          "Partners, which also owns Gatwick and Edinburgh airports."),
        ("Natalie Massenet Leaves Net-a-Porter", "The Net-a-Porter founder decided to quit the online fashion "
                                                 "retailer during a summer of reflection."),
    ], 1))
    raw = page(f"<article class='full-article'><div class='text-wrapper'>{''.join(f'<p>{p}</p>' for p in POST)}"
               f"</div><div class='widget scroller'><ul class='legends'>{slides}</ul></div></article>")
    assert text_of(raw).split("\n") == POST


def test_a_page_of_one_story_is_one_article():
    # A subheading, a byline and a date mid-story read like the start of a second story in text;
    # the markup holds one story (lines from BBC News on the Valencia floods).
    body = ("<h1>Valencia floods: rescuers search garages for survivors</h1>"
            "<p>Rescue teams in the Spanish region of Valencia searched flooded garages and underground car parks "
            "on Thursday for survivors of the worst floods in the country's recent history, officials said.</p>"
            "<p>At least 95 people have died since torrential rain fell on Tuesday, turning streets into rivers and "
            "sweeping away cars, bridges and a stretch of railway line.</p>"
            "<h2>Warnings came too late, residents say</h2><p>By Maria Lopez</p><p>October 31, 2024</p>"
            "<p>Many residents of Paiporta said the regional alert reached their phones hours after the water had "
            "already entered their homes, and the opposition has called for an inquiry.</p>"
            "<p>The regional president defended the response, saying the weather agency's forecasts had changed "
            "quickly during the afternoon.</p>")
    articles = clean_bytes(page(f"<div class='story'>{body}</div>"), "page.html")
    assert len(articles) == 1
    assert "Many residents of Paiporta" in articles[0].text


# --- never empty, whatever the markup around the story ------------------------------------------------

_WRAPPERS = ["div", "section", "aside", "header", "footer", "nav", "article", "main", "form", "td"]
_CLASSES = ["", "content", "sidebar", "has-sidebar", "related", "teaser", "promo", "share", "comments",
            "article-body", "widget", "col-8", "ads", "menu-open", "footer-wrap"]
_wrapper = st.tuples(st.sampled_from(_WRAPPERS), st.sampled_from(_CLASSES))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(outer=st.lists(_wrapper, max_size=4), inner=st.lists(_wrapper, max_size=3),
       chrome=st.lists(st.tuples(_wrapper, st.sampled_from(COMMENTS)), max_size=3))
def test_a_page_holding_a_story_never_comes_out_empty(outer, inner, chrome):
    # Which text is the story can be unclear here (a "related" box may hold most of the page);
    # that some text comes out never is.
    story = "".join(f"<p>{p}</p>" for p in POST)
    for tag, cls in reversed(inner):
        story = f"<{tag} class='{cls}'>{story}</{tag}>"
    beside = "".join(f"<{tag} class='{cls}'><p>{text}</p></{tag}>" for (tag, cls), text in chrome)
    body = story + beside
    for tag, cls in reversed(outer):
        body = f"<{tag} class='{cls}'>{body}</{tag}>"
    assert text_of(page(body)).strip()


def test_a_story_in_a_column_named_sidebar_is_kept():
    # A theme's layout names the column that holds the story "sidebar"; a note sits beside it.
    raw = page(f"<div class='sidebar'>{''.join(f'<p>{p}</p>' for p in POST)}</div><div><p>{COMMENTS[0]}</p></div>")
    assert all(p in text_of(raw) for p in POST)


def test_explain_names_the_main_container_and_its_weightiest_cues():
    raw = page(f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
               f"<div class='story-body'>{''.join(f'<p>{p}</p>' for p in POST)}</div>")
    result = Cleaner().clean_data(raw, "page.html")
    [note] = [n.text for n in result.notes if n.by == "reader"]
    assert note.startswith("main content <div body story> rated ") and "share" in note
    assert any(line.startswith("page.html:1 reader: main content") for line in explain_lines(result))
