"""What markup names: the landmark elements and roles, and the class and id words that say what an
element holds (page chrome, a caption, a byline, a date).

The HTML reader reads these words off the page and the markup rules cite them in their reasons;
both import them from here, so that neither depends on the other.
"""
from __future__ import annotations

from functools import lru_cache

# Landmarks: the elements, and the ARIA roles, that name a region of a page.
LANDMARK_TAGS = {"nav": "nav", "menu": "nav", "header": "header", "footer": "footer", "aside": "aside",
                 "form": "form", "main": "main", "dialog": "dialog"}
LANDMARK_ROLES = {"navigation": "nav", "menu": "nav", "menubar": "nav", "banner": "header",
                  "contentinfo": "footer", "complementary": "aside", "search": "form", "form": "form",
                  "main": "main", "dialog": "dialog", "alertdialog": "dialog"}
# Landmarks whose text never counts towards the main container.
CHROME_LANDMARKS = frozenset({"nav", "footer", "aside", "dialog", "header"})

# Class and id words that name what an element holds. Words such as "date" or "caption" are
# trusted only on an element short enough to be one (the reader's settings say how short).
CAPTION_WORDS = frozenset({"caption", "figcaption", "credit", "credits"})
BYLINE_WORDS = frozenset({"byline", "author", "authors"})
DATE_WORDS = frozenset({"date", "timestamp", "published", "pubdate"})

# Class and id words of page chrome: a word that is one of these or starts with one. The weak
# ones also name the state or layout of a wrapper around a whole page ("has-sidebar", "menu-open").
CHROME_EXACT = frozenset({"ad", "ads", "nav", "prev", "previous", "next", "pager"})
CHROME_PREFIXES = ("comment", "footer", "sidebar", "related", "recommend", "promo", "newsletter", "subscri",
                   "share", "sharing", "social", "outbrain", "taboola", "teaser", "trending", "popular",
                   "advert", "sponsor", "navbar", "navigation", "menu", "breadcrumb", "cookie", "popup", "modal",
                   "disqus", "signup", "pagination", "respond", "livefyre", "talkback", "wpdiscuz", "vuukle",
                   "viafoura", "giscus", "utterances", "gallery", "slideshow", "carousel", "scroller")
WEAK_CHROME = ("sidebar", "nav", "menu", "modal", "popup", "prev", "next")

# Class and id words of a readers' comment section: the common comment systems and themes.
COMMENT_PREFIXES = ("comment", "disqus", "respond", "livefyre", "talkback", "wpdiscuz", "vuukle", "viafoura",
                    "giscus", "utterances", "replies")
# Class and id words that name an article's body or a page's main content.
CONTENT_PREFIXES = ("content", "article", "story", "post", "entry", "body", "text", "main", "artikel",
                    "articulo", "contenu", "tresc", "inhalt", "cuerpo", "corps")
# Class and id words of a story's lead or standfirst, set apart above its body.
LEAD_PREFIXES = ("lead", "teaser", "intro", "standfirst", "summary", "excerpt", "deck", "dek", "subtitle",
                 "subheadline", "kicker", "chapo", "entradilla", "lid", "vorspann")

# How strongly a set of class and id words names chrome (see `chrome_kind`).
NOT_CHROME, WEAK, STRONG = 0, 1, 2


def chrome_word(word: str) -> bool:
    """A class or id word that names page chrome (share, related, comments, ads...)."""
    return word in CHROME_EXACT or word.startswith(CHROME_PREFIXES)


@lru_cache(maxsize=4096)
def chrome_words(tokens: frozenset[str]) -> tuple[str, ...]:
    """The chrome words among a line's class and id words (lines share their token sets)."""
    return tuple(sorted(w for w in tokens if chrome_word(w)))


@lru_cache(maxsize=8192)
def chrome_kind(own: frozenset[str]) -> int:
    """Whether an element's own class and id words name chrome: NOT_CHROME, WEAK when all the
    chrome words are ones a page-wide wrapper also carries, else STRONG."""
    chrome = [w for w in own if chrome_word(w)]
    if not chrome:
        return NOT_CHROME
    return WEAK if all(w.startswith(WEAK_CHROME) for w in chrome) else STRONG
