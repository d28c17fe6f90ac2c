"""The cleaner's thresholds, gathered in one immutable, documented object.

`Settings()` holds the values the cleaner uses by default. Each area of the cleaner reads its own
sub-object (`settings.lines`, `settings.runs`...), and any value can be overridden from the API
with `dataclasses.replace`:

    >>> from dataclasses import replace
    >>> from cleaner import Cleaner
    >>> from cleaner.settings import Settings
    >>> settings = Settings()
    >>> strict = replace(settings, runs=replace(settings.runs, run_min_items=6))
    >>> cleaner = Cleaner(settings=strict)

Settings are frozen and made of plain values (the HTML and scorer areas and `split_model`
hold fitted models, read from fitted.toml when the settings are made), so one object can serve many threads and pickles
for worker processes. A value that weighs several cues is meant to be fitted on data rather than
set here (see `cleaner.fitted`); the values below are single-cue limits.

To add a value, add a field with its default and a docstring to the area's class; to add an
area, add a frozen dataclass and a field of that type to `Settings`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .document import Field
from .fitted import CueModel, EndValues, LinearModel, cue_model, end_values, linear_model

SCORER_MODEL = "scorer"
"""The table of fitted.toml that holds the paragraph scorer's model."""
MAIN_TEXT_MODEL = "main-text"
"""The table of fitted.toml that holds the model of a story's main text."""
MAIN_TEXT_END = "main-text-end"
"""The table of fitted.toml that holds what each kind of line counts where a main text ends."""
# The fitted model that rates an element as an HTML page's main content container.
CONTAINER_MODEL = "html-container"


@dataclass(frozen=True)
class LineSettings:
    """How one line's text reads: as a headline, as a body paragraph, as a table row."""

    headline_max_words: int = 25
    """A headline has at most this many words..."""
    headline_max_chars: int = 200
    """...and at most this many characters."""
    headline_min_chars: int = 8
    """A one-word line shorter than this is a label ("TT", "Share"), not a headline; scripts
    written without spaces make one long word of a whole headline."""
    title_case_min_words: int = 3
    """Title case ("Is Football Violence a Crime?") is judged on at least this many words of
    more than three letters."""
    title_case_share: float = 0.75
    """The share of those words that must be capitalised for a line to be in title case."""
    body_min_words: int = 8
    """A body paragraph has at least this many words..."""
    body_min_chars: int = 40
    """...or at least this many characters."""
    table_min_gaps: int = 2
    """A table row has at least this many gaps of two spaces or a tab between its cells."""


@dataclass(frozen=True)
class MarkupSettings:
    """Markup rules: what an HTML page's structure says about a line."""

    meta_max_words: int = 12
    """A byline or date line has at most this many words: a longer line with a byline or date
    class is a paragraph about them."""
    link_dense: float = 0.5
    """A block with at least this share of its characters inside links is mostly links."""


@dataclass(frozen=True)
class RunSettings:
    """Run rules: navigation menus and comment threads, told by a stretch of lines."""

    item_max_words: int = 4
    """A navigation item is a short link label of at most this many words..."""
    item_max_chars: int = 40
    """...and at most this many characters, with no sentence end."""
    run_min_items: int = 12
    """A menu has at least this many items in a row; a list in an article is shorter."""
    enclosed_max_items: int = 30
    """A list set straight between two paragraphs is part of the article up to this length; a
    longer run there is a menu between the story and a footer note."""
    thread_min_comments: int = 3
    """A comment thread has at least this many comments."""
    comment_max_lines: int = 12
    """A comment runs at most this many text lines."""
    stamp_max_words: int = 8
    """A comment's time stamp line has at most this many words."""


@dataclass(frozen=True)
class StructuralSettings:
    """Structural rules: repeats, captions, teasers, tags and headlines, told by a line's neighbours."""

    repeat_window: int = 8
    """How far apart two copies of a line may be, in text lines, and still be one repeat:
    scrapers print a caption or a headline again within a few lines, never pages later."""
    repeat_min_chars: int = 16
    """Shorter lines repeat by chance ("Yes.", "Reuters"): they are never repeats..."""
    repeat_min_words: int = 3
    """...nor are lines of fewer words (not counting numbers), such as a table's cells."""
    caption_min_copies_apart: int = 3
    """A text printed this many times or more, paragraphs between, is an image's text when it
    reads as no paragraph."""
    image_text_max_words: int = 5
    """An image's text above its caption has at most this many words (unless the caption
    repeats it)."""
    pair_min_words: int = 3
    """An image's text and its caption back to back: the shorter has at least this many content
    words..."""
    pair_max_words: int = 12
    """...each has at most this many words..."""
    pair_shared: float = 0.7
    """...and at least this share of the shorter's content words recur in the longer."""
    content_word_min_chars: int = 4
    """A content word has at least this many characters."""
    teaser_label_max_words: int = 5
    """A teaser label ("Related articles") has at most this many words."""
    teaser_min_words: int = 5
    """A teaser below a label has at least this many words..."""
    teaser_min_chars_unspaced: int = 8
    """...or, in a script written without spaces, this many characters."""
    tag_label_max_words: int = 2
    """A tag label ("Tags", "Topics:") has at most this many words."""
    tag_min_separators: int = 2
    """A line of tags has at least this many separators (commas, pipes, bullets)."""
    header_max_between: int = 3
    """The headline rule looks this many text lines past the first line for a paragraph..."""
    header_between_max_words: int = 6
    """...and takes the headline-like lines between when they have at most this many words."""
    faq_min_questions: int = 3
    """A question opening a story that holds this many distinct short questions on lines of
    their own (dialogue in quotes aside) heads a section of an FAQ, not the story."""


@dataclass(frozen=True)
class ScorerSettings:
    """The paragraph scorer: how a line's own features class it (as jusText does), where a story's
    main text is, and the fitted model that weighs a line's cues against it."""

    good_min_words: int = 15
    """A good line (a body paragraph) has at least this many words..."""
    good_min_stopwords: float = 0.2
    """...at least this share of stopwords..."""
    digit_share: float = 0.3
    """...and less than this share of digits (more makes a table row or a listing)."""
    chars_per_word: int = 4
    """Scripts written without spaces make one "word" of a whole clause: their lines count this
    many characters as a word."""
    bad_max_words: int = 8
    """A bad line (chrome: menus, tags, labels) has at most this many words, no final stop..."""
    bad_max_stopwords: float = 0.2
    """...and at most this share of stopwords (or many digits). Shorter lines that are not bad
    are too short to judge alone."""
    bad_penalty: int = 2
    """What a bad line counts against a run of good lines' words when the main text is located."""
    end: EndValues = field(default_factory=lambda: end_values(MAIN_TEXT_END))
    """What each kind of line counts when where the main text ends is found again, with the lines
    other rules dropped counted too: fitted (`python -m cleaner.training main-text-end`), so that a
    menu or a teaser box is not bridged by the prose-like lines beyond it, and a subheading or a
    list inside the story is."""
    main_text: LinearModel = field(default_factory=lambda: linear_model(MAIN_TEXT_MODEL))
    """The fitted model that says whether a story's densest run of prose is its main text
    (`python -m cleaner.training main-text`)."""
    list_max_lines: int = 40
    """A list the text announces (a line ending in a colon) runs at most this many lines."""
    beside_max_prose: float = 0.5
    """A story with no main text, on a page whose main text is in another story, is chrome the
    splitter cut off when less than this share of its words is prose..."""
    beside_min_lines: int = 3
    """...and it has at least this many text lines (a wire's name alone is too little)..."""
    table_min_rows: int = 4
    """...unless it holds a table: this many lines in a row that begin alike."""
    min_good_words: int = 150
    """The page's main text lies in another story when a stretch of the input's other lines has
    this many more good words than bad lines."""
    dropped_near: int = 2
    """How far around a line (in source lines) the lines other rules dropped count as its cue."""
    model: LinearModel = field(default_factory=lambda: linear_model(SCORER_MODEL))
    """The fitted model of the lines around the main text (`python -m cleaner.training text`)."""


@dataclass(frozen=True)
class LanguageSettings:
    """Telling a text's language and script."""

    sample_words: int = 400
    """How many words of a text the language guess looks at: enough to be sure, few enough to
    stay cheap (at most 1000, which its vote table counts without overflow)."""
    no_space_share: float = 0.25
    """Words of a script written without spaces (Chinese, Japanese, Thai) decide the language
    when they are at least this share of the stopword votes."""


@dataclass(frozen=True)
class HtmlSettings:
    """The HTML reader: which blocks are paragraphs, which classes name chrome, which element is
    the main content (the fitted model chooses among candidates), which <article> is a story."""

    title_max_chars: int = 300
    """An element the markup calls a headline holds at most this many characters..."""
    caption_max_chars: int = 600
    """...one it calls a caption (a "caption" or "credit" class, <figcaption>) this many..."""
    date_max_chars: int = 80
    """...a date this many...."""
    byline_max_chars: int = 150
    """...and a byline this many: a longer element is not what its class says."""
    alt_min_words: int = 4
    """An image's alt text is a caption line when it has this many words (not "logo")."""
    paragraph_min_chars: int = 50
    """Paragraph text, which finds the main container: a block of at least this many characters..."""
    paragraph_max_link_density: float = 0.3
    """...with at most this share of them inside links..."""
    unstopped_min_chars: int = 150
    """...ending as a sentence does unless it has this many (teasers under a headline often
    end without a stop)."""
    min_paragraph_text: int = 400
    """With less paragraph text than this on a page, its main container is found by the text
    outside links instead (a list, a table, a calendar)."""
    candidate_min_share: float = 0.1
    """An element is a candidate for the main container when it holds this share of the page's
    paragraph text (chrome not counted); the fitted model chooses among the candidates."""
    chrome_max_share: float = 0.8
    """A class that names chrome marks chrome only on an element holding less than this share
    of the text: a footer can hold more paragraph text than a short story, but a wrapper around
    the whole page ("has-sidebar") says nothing..."""
    weak_chrome_max_share: float = 0.5
    """...and a sidebar or menu class on an element holding more than this share is a layout name."""
    story_min_paragraphs: int = 2
    """An <article> holds a story, not a teaser card, with at least this many paragraphs..."""
    story_min_text: int = 250
    """...this many characters of paragraph text..."""
    story_min_share: float = 0.2
    """...and this share of the largest <article>'s."""
    title_min_overlap: float = 0.5
    """A heading is the page's headline when its words overlap the title the page states this
    much (Jaccard)."""
    container: LinearModel = field(default_factory=lambda: linear_model(CONTAINER_MODEL))
    """The fitted model that rates each candidate as the main container
    (`python -m cleaner.training html`; read from fitted.toml)."""

    def max_chars(self, hint: Field | None) -> int:
        """The most text an element holds and still is what its class or markup calls it
        (asked only of an element that gave a hint)."""
        assert hint is not None
        return {Field.TITLE: self.title_max_chars, Field.CAPTIONS: self.caption_max_chars,
                Field.DATE: self.date_max_chars, Field.BYLINE: self.byline_max_chars}[hint]


@dataclass(frozen=True)
class Settings:
    """Every threshold of the cleaner, by area. `Settings()` gives the defaults."""

    lines: LineSettings = field(default_factory=LineSettings)
    """How one line's text reads (headline-like, body-like)."""
    markup: MarkupSettings = field(default_factory=MarkupSettings)
    """Markup rules (HTML input)."""
    runs: RunSettings = field(default_factory=RunSettings)
    """Navigation runs and comment threads."""
    structural: StructuralSettings = field(default_factory=StructuralSettings)
    """Structural rules."""
    language: LanguageSettings = field(default_factory=LanguageSettings)
    """Language and script guesses."""
    scorer: ScorerSettings = field(default_factory=ScorerSettings)
    """The paragraph scorer."""
    html: HtmlSettings = field(default_factory=HtmlSettings)
    """The HTML reader."""
    split: bool = True
    """Split an input that holds several stories into one article each; False: every input is
    one article (`clean --no-split`), for inputs known to hold one story each."""
    split_model: CueModel = field(default_factory=lambda: cue_model("split"))
    """The story-break model: fitted.toml's table `split` (`python -m cleaner.training split`);
    another one, to measure it on held-out sites."""


DEFAULT = Settings()
"""The default settings: one immutable object, shared."""
