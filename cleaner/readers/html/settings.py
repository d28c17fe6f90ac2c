"""The HTML reader's thresholds, in one settable object."""
from __future__ import annotations

from dataclasses import dataclass

from ...document import Field


@dataclass(frozen=True, slots=True)
class HtmlSettings:
    """How the HTML reader weighs a page's markup. The defaults are what the reader was measured
    with; override one with `dataclasses.replace(HtmlSettings(), main_share=0.6)` and pass it
    to `html_document`."""

    # Class words such as "date" or "caption" are trusted only on an element holding at most
    # this many characters: a longer one is not what its class says.
    title_max_chars: int = 300
    caption_max_chars: int = 600
    date_max_chars: int = 80
    byline_max_chars: int = 150
    # An image's alt text is a caption line only when it describes something (not "logo").
    alt_min_words: int = 4
    # Paragraph text, what finds the main container: a block this long, mostly not links, and a
    # sentence unless it is longer still (teasers under a headline often end without a stop).
    paragraph_min_chars: int = 50
    paragraph_max_link_density: float = 0.3
    unstopped_min_chars: int = 150
    # With less paragraph text than this, the main container is found by text outside links.
    min_paragraph_text: int = 400
    # The main container is the smallest element holding this share of the page's paragraph
    # text (measured over the 47 devdata pages: 0.6 and 0.8 both do worse).
    main_share: float = 0.7
    # A class that names chrome marks chrome only on an element holding less than this share of
    # the text: on a wrapper around the whole page ("has-sidebar") it says nothing. A footer can
    # hold more paragraph text than a short story; a sidebar or menu class on an element that
    # holds more than half of it is a layout name.
    chrome_max_share: float = 0.8
    weak_chrome_max_share: float = 0.5
    # An <article> holds a story, not a teaser card, with this many paragraphs, this much
    # paragraph text, and this share of the largest one's.
    story_min_paragraphs: int = 2
    story_min_text: int = 250
    story_min_share: float = 0.2
    # A heading is the page's headline when its words overlap the stated title this much (Jaccard).
    title_min_overlap: float = 0.5

    def max_chars(self, hint: Field | None) -> int:
        """The most text an element holds and still is what its class or markup calls it
        (asked only of an element that gave a hint)."""
        assert hint is not None
        return {Field.TITLE: self.title_max_chars, Field.CAPTIONS: self.caption_max_chars,
                Field.DATE: self.date_max_chars, Field.BYLINE: self.byline_max_chars}[hint]
