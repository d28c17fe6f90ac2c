"""Structural rules: decisions that depend on a line's neighbours, not on its text alone."""
from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice, takewhile

import regex

from ..document import Document, Field, Line, Mark
from ..features import INNER_SENTENCE_END, asks, ends_sentence, has_letter, normalise, table_row
from ..language import without_spaces
from ..settings import DEFAULT, StructuralSettings
from .base import STORY, Context, Rule
from .lines import mark_line
from .patterns import builtin_patterns
from .state import InputState

# How far apart two copies of a line may be (`repeat_window`) is counted in text lines (blank
# and removed lines do not count). Counting only text lines keeps the rule idempotent: cleaning
# removes blank and marked lines, so it can bring copies closer but never push them apart.
# The rules that run after the split bring them closer too, so repeated-text looks again once
# they have run. Short lines repeat by chance ("Yes.", "Reuters"), so they are never taken for
# repeats; and so do the cells of a table of statistics ("1 tackle (1 combined)."), whose numbers
# are no words.


@dataclass(frozen=True)
class _Repeat:
    """Copies of one text: their line indexes, and whether two of them sit back to back in the
    source (nothing but blank lines between), as an image's text and its caption do."""

    lines: list[int]
    adjacent: bool

    @property
    def text_index(self) -> int:
        return self.lines[0]


def _long_enough(key: str, state: InputState) -> bool:
    """Whether a text whose normalised form is `key` is long enough to count as a repeat."""
    settings = state.settings.structural
    return (len(key) >= settings.repeat_min_chars
            and sum(not w.isdigit() for w in state.words(key)) >= settings.repeat_min_words)


def _copies(state: InputState) -> tuple[list[int], list[str]]:
    """The text lines whose normalised text another one shares, in order, and those texts:
    whatever their marks later, no other line can be a copy."""
    known = {text: state.normal(text) for text in state.distinct_texts}
    keys = [known.get(text, "") for text in state.texts]
    shared = {key for key, n in Counter(keys).items() if n > 1 and _long_enough(key, state)}
    lines = [i for i, key in enumerate(keys) if key in shared]
    return lines, [keys[i] for i in lines]


def _near(lines: list[Line], a: int, b: int, window: int) -> bool:
    """True when fewer than `window` text lines stand between lines a and b, so that b is
    at most `window` text lines after a."""
    between = 0
    for k in range(a + 1, b):
        if lines[k].is_body:
            between += 1
            if between == window:
                return False
    return True


def _repeats(doc: Document, start: int, stop: int, ctx: Context) -> list[_Repeat]:
    """Texts printed more than once, each copy within `repeat_window` text lines of the one before."""
    state = ctx.state(doc)
    if state.copies is None:
        state.copies = _copies(state)
    candidates, keys = state.copies
    lo, hi = bisect_left(candidates, start), bisect_left(candidates, stop)
    lines = doc.lines
    by_text: dict[str, list[int]] = defaultdict(list)
    for i, key in zip(candidates[lo:hi], keys[lo:hi]):
        # A line with a key is never blank: it is text unless it is marked.
        if lines[i].mark.field is Field.BODY:
            by_text[key].append(i)
    repeats = []
    for copies in by_text.values():
        if len(copies) < 2:
            continue  # printed once
        run = [copies[0]]
        following: list[int | None] = [*copies[1:], None]
        for copy in following:
            if copy is not None and _near(lines, run[-1], copy, ctx.settings.structural.repeat_window):
                run.append(copy)
                continue
            if len(run) > 1:
                adjacent = any(all(lines[k].blank for k in range(a + 1, b)) for a, b in zip(run, run[1:]))
                repeats.append(_Repeat(run, adjacent))
            if copy is not None:
                run = [copy]
    return sorted(repeats, key=lambda r: r.lines)


def _body_between(state: InputState, lines: list[int]) -> bool:
    """True when a paragraph (not one of the copies) stands between the first and last copy."""
    copies = set(lines)
    doc = state.doc
    return any(
        doc.lines[k].is_body and state.body_like(doc.lines[k].rest)
        for k in range(lines[0] + 1, lines[-1])
        if k not in copies
    )


class _BuildsOnPatterns(Rule):
    """A rule that starts from lines some pattern rules marked (a label, a credit): its examples
    are marked by those rules before it runs on them."""

    builds_on: frozenset[str] = frozenset()

    def example(self, text: str, read_page: Callable[[str], Document] | None = None) -> Document:
        doc = super().example(text, read_page)
        rules = [rule for rule in builtin_patterns() if rule.id in self.builds_on]
        for line in doc.lines:
            mark_line(line, rules, Context(doc.source))
        return doc



def _marked_by(doc: Document, ctx: Context, start: int, stop: int, rules: frozenset[str]) -> list[int]:
    """The indexes of doc.lines[start:stop] that one of `rules`, line rules, marked. A marked line
    is never marked again, so they are listed once per input."""
    marked_by = ctx.state(doc).marked_by
    marked = marked_by.get(rules)
    if marked is None:
        marked = marked_by[rules] = [i for i, line in enumerate(doc.lines) if line.mark.rule in rules]
    return marked[bisect_left(marked, start):bisect_left(marked, stop)]


# The pattern rules that recognise a photo caption or credit by its words.
CAPTION_RULES = frozenset({"photo-credit"})


class _RepeatRule(Rule):
    """A rule that takes every copy of a repeated text when `accepts` says the repeat is its kind."""

    def accepts(self, state: InputState, repeat: _Repeat) -> bool:
        raise NotImplementedError

    def reason(self, state: InputState, repeat: _Repeat, n: int) -> str:
        """Why the n-th copy was taken."""
        raise NotImplementedError

    # Whether the first copy is taken too, or stays in the text.
    takes_first = True

    def apply(self, doc: Document, start: int, stop: int, ctx: Context) -> bool:
        changed = False
        state = ctx.state(doc)
        for repeat in _repeats(doc, start, stop, ctx):
            if self.accepts(state, repeat):
                for n, i in enumerate(repeat.lines[0 if self.takes_first else 1:], 0 if self.takes_first else 1):
                    doc.lines[i].mark = Mark(self.field, self.id, self.reason(state, repeat, n))
                changed = True
        return changed


class RepeatedCaption(_RepeatRule):
    id = "repeated-caption"
    description = ("A text printed twice within a few lines, back to back, or apart with no paragraph "
                   "between and reading neither as a headline nor as a paragraph, or printed three times or "
                   "more, paragraphs between, and reading as no paragraph: a photo caption shown as image "
                   "text and again as its caption. Kept once in `captions`. A table row (cells set apart "
                   "by runs of spaces) is no caption.")
    field = Field.CAPTIONS
    examples = ("Bodies of victims are prepared for the funeral prayer in Deir al-Balah.\n"
                "Bodies of victims are prepared for the funeral prayer in Deir al-Balah.\n\n"
                "Israeli military strikes across the Gaza Strip killed at least 17 Palestinians, medics said.",
                "Lexus wants you to drive topless with 2020 LC500 Convertible image\n\n"
                "Unsurprisingly, the LC 500 Convertible looks largely similar to the LC Convertible Concept.\n\n"
                "Lexus wants you to drive topless with 2020 LC500 Convertible image\n\n"
                "Styling-wise, the biggest difference would be the lack of a roof and a revised rear deck.\n\n"
                "Lexus wants you to drive topless with 2020 LC500 Convertible image")
    keeps = ("Yes.\nYes.\n\nThe minister answered every question with the same word, reporters said.",
             "Pos   Player   Plays   %   Stats\n\nPos   Player   Plays   %   Stats\n\n"
             "DL   Larry Ogunjobi   63   85%   1 tackle (1 combined). 1 sack, 1 TFL, 2 QH.")

    def accepts(self, state: InputState, repeat: _Repeat) -> bool:
        text = state.doc.lines[repeat.text_index].rest
        # A table's header row printed again above its body is no caption.
        if table_row(text, state.settings.lines):
            return False
        between = _body_between(state, repeat.lines)
        # An image's text printed with every copy of the image, paragraphs between: a subheading
        # or a headline is not printed three times over a story.
        if (len(repeat.lines) >= state.settings.structural.caption_min_copies_apart and between
                and not state.body_like(text)):
            return True
        return repeat.adjacent or not (state.reads_as_headline(text) or state.body_like(text) or between)

    def reason(self, state: InputState, repeat: _Repeat, n: int) -> str:
        window = state.settings.structural.repeat_window
        return "printed again" if n else f"printed {len(repeat.lines)} times within {window} text lines"


class RepeatedHeadline(_RepeatRule):
    id = "repeated-headline"
    description = ("A headline-like line printed again a few lines later with no paragraph "
                   "between: the page's headline; the first copy becomes the title.")
    field = Field.TITLE
    examples = ("Israeli Strikes Kill 17 Palestinians in Gaza\n\nTT\n\nIsraeli Strikes Kill 17 Palestinians in Gaza\n\n"
                "Israeli military strikes across the Gaza Strip killed at least 17 Palestinians, medics said.",)
    keeps = ("Staying in Syria for the long haul\nPutin suggested the military presence was not set to be upended.\n"
             "Staying in Syria for the long haul\nHe repeated the phrase twice in the interview.",)

    def accepts(self, state: InputState, repeat: _Repeat) -> bool:
        return (not repeat.adjacent and state.reads_as_headline(state.doc.lines[repeat.text_index].rest)
                and not _body_between(state, repeat.lines))

    def reason(self, state: InputState, repeat: _Repeat, n: int) -> str:
        return f"repeats line {state.doc.lines[repeat.text_index].number}" if n else "printed again below"


class RepeatedText(_RepeatRule):
    id = "repeated-text"
    description = ("A text printed again a few lines later that no other repeat rule explains (a pull "
                   "quote, a scraping echo): the first copy stays in the text, the later ones are dropped.")
    field = Field.DROP
    takes_first = False
    # Copies that the story rules brought within the window (teasers taken out between two copies
    # of a form) would be found when the clean text is cleaned again. By then the story's title
    # and captions are chosen: the copy kept in the text is the conservative reading.
    recheck = True
    examples = ("Officials said the airbase would stay open for now.\nTT\n"
                "Officials said the airbase would stay open for now.",)
    keeps = ("Officials said the airbase would stay open for now.\nThe talks went on.",
             "Greedy Williams\n6 tackles, 1 assist (7 combined). 1 TFL.\nT.J. Carrie\n1 tackle (1 combined).\n"
             "Tavierre Thomas\nNo stats registered.\nS\nJuston Burris\n1 tackle (1 combined).")

    def accepts(self, state: InputState, repeat: _Repeat) -> bool:
        return True

    def reason(self, state: InputState, repeat: _Repeat, n: int) -> str:
        return f"repeats line {state.doc.lines[repeat.text_index].number}"


# An image's text above its caption is a few words (`Soccer ball on grass`); a longer line there
# may be a headline or a subheading over a picture.


class ImageText(_BuildsOnPatterns):
    id = "image-text"
    description = ("A line without a final stop directly above a photo caption or credit, of at most "
                   f"{DEFAULT.structural.image_text_max_words} words or repeated within the caption, and not "
                   "the story's first line: the image's own text. Kept in `captions`.")
    field = Field.CAPTIONS
    builds_on = CAPTION_RULES
    # After the split: the first line of a story is its headline, even over a picture.
    phase = STORY
    examples = ("Police said the demonstrators had no option but to come out and surrender.\n\n"
                "Hong Kong protester\n\n"
                "China has warned they will cease control of Hong Kong (Image: GETTY )\n\n"
                "Many of the protesters wear masks to shield their identities for protection.",
                "The Portuguese boss had been out of work since December 2018.\n\n"
                ", left, has replaced Mauricio Pochettino as manager of Tottenham\n\n"
                "Image: Jose Mourinho, left, has replaced Mauricio Pochettino as manager of Tottenham")
    keeps = ("Police said the demonstrators had no option but to come out and surrender.\n\n"
             "Hong Kong protester\n\n"
             "Many of the protesters wear masks to shield their identities for protection.",
             "The Impeachment Clock\n\nHouse Intelligence Committee chairman Rep. Adam Schiff speaks during a "
             "media briefing. (AP Photo/Andrew Harnik)\n\nTime is not on Adam Schiff’s side.",
             "Anthony Lynn\n\nGetty Images\n\nChargers coach Anthony Lynn recognizes that his team’s playoff "
             "hopes are slim.")

    def apply(self, doc: Document, start: int, stop: int, ctx: Context) -> bool:
        changed = False
        lines = doc.lines
        state = ctx.state(doc)
        words = state.words
        first = None
        # Each caption has one line above it, the first line before it that is not blank; a
        # story holds few captions, so they are found first.
        for k in _marked_by(doc, ctx, start, stop, CAPTION_RULES):
            i = k - 1
            while i >= start and lines[i].blank:
                i -= 1
            if i < start or not lines[i].is_body:
                continue
            # The first text line is the headline's place, not an image's. Marking a line above
            # a caption never makes another line the first.
            if first is None:
                first = next(j for j in range(start, stop) if lines[j].is_body)
            if i == first:
                continue
            line = lines[i]
            text = line.rest.strip()
            if ends_sentence(text) or not has_letter(text):
                continue
            # A longer line is the image's text when the caption repeats it.
            if (len(words(text)) <= ctx.settings.structural.image_text_max_words
                    or normalise(" ".join(words(text))) in normalise(" ".join(words(lines[k].rest)))):
                line.mark = Mark(self.field, self.id, f"above the caption on line {lines[k].number}")
                changed = True
        return changed


# An image's text and its caption back to back often say the same in other words ("Amsterdam
# Light Festival 2018 2019 Portam Civitatis Peter Snijder" over "Portam Civitatis by Peter
# Snijder"): most content words of the shorter recur in the longer. Menu items share only their
# template's short words ("… da Fórmula 1"), so only longer words count (`content_word_min_chars`),
# split at underscores, as an image's file name joins them.
_PIECE = regex.compile(r"[^\W_]+")


def _content_words(text: str, settings: StructuralSettings) -> list[str]:
    pieces = _PIECE.findall(text, concurrent=False)  # concurrent: see features.WORD
    return [w.casefold() for w in pieces if len(w) >= settings.content_word_min_chars and has_letter(w)]


class CaptionPair(Rule):
    id = "caption-pair"
    description = (f"Two short lines back to back, without a final stop, the shorter's content words mostly "
                   f"({DEFAULT.structural.pair_shared:.0%}) found in the longer, neither the story's first line: "
                   "an image's text and its caption. Both kept in `captions`.")
    field = Field.CAPTIONS
    # After the split: a headline and its deck may share their words too.
    phase = STORY
    examples = ("A selection of the participating artists and artworks:\n\n"
                "Amsterdam Light Festival 2018 2019 Portam Civitatis Peter Snijder\n\n"
                "Portam Civitatis by Peter Snijder",)
    keeps = ("Horários da Fórmula 1\nPilotos e Equipes da Fórmula 1\nGênios da Fórmula 1",
             "Below, we analyze the snap counts and stats on defense.\n\nApple AirPods\n\n"
             "Apple AirPods with Charging Case (Latest Model)",
             "Below, we analyze the snap counts and stats on defense.\n\nRockledge 14 11 6 15 — 44\n\n"
             "Palm Bay 18 22 13 17 — 70")

    def apply(self, doc: Document, start: int, stop: int, ctx: Context) -> bool:
        # Back to back means no text line between, whatever was taken out there: the clean text,
        # cleaned again, holds the same pairs. Taking a pair brings its neighbours together, so
        # the rule looks again until it finds none, from the pair that those neighbours make:
        # the pairs before it were looked at already and have not changed.
        state = ctx.state(doc)
        index = list(state.text_lines(start, stop))
        every = state.texts
        texts = [every[i] for i in index]
        # The cheap tests first, once per line: most lines are long, or end like a sentence.
        settings = ctx.settings.structural
        short = [not ends_sentence(text) and len(state.words(text)) <= settings.pair_max_words for text in texts]
        changed = False
        begin = 1
        mark = Mark(self.field, self.id, "an image's text and its caption, back to back")
        while (n := self._pair(texts, short, begin, settings)) is not None:
            for i in index[n:n + 2]:
                doc.lines[i].mark = mark
            del index[n:n + 2], texts[n:n + 2], short[n:n + 2]
            begin = max(1, n - 1)
            changed = True
        return changed

    @staticmethod
    def _pair(texts: list[str], short: list[bool], begin: int, settings: StructuralSettings) -> int | None:
        """Where the first pair of text lines from texts[begin] on is, past the story's first line."""
        for n in range(begin, len(texts) - 1):
            if not (short[n] and short[n + 1]):
                continue
            shorter, longer = sorted((_content_words(texts[n], settings), _content_words(texts[n + 1], settings)),
                                     key=len)
            if len(shorter) < settings.pair_min_words:
                continue
            if sum(w in longer for w in shorter) >= settings.pair_shared * len(shorter):
                return n
        return None


# A teaser label alone on its line ("Related articles", "More from UK", "DON'T MISS", "Next Auto
# News"): short, and nothing after a colon. "Read more: <headline>" names one story and is taken
# whole by read-more.
TEASER_LABEL_RULES = frozenset({"read-more", "prev-next"})
# A teaser names another story: a headline of some words. A list that opens with a shorter line
# (`Apple AirPods`) lists products or points, which a label may announce as well. Below the first
# teaser, shorter lines (an author, a section) belong to the teasers' cards.


def _teaser_label(line: Line, state: InputState) -> bool:
    text = line.text.strip()
    return (line.mark.rule in TEASER_LABEL_RULES
            and len(state.words(text)) <= state.settings.structural.teaser_label_max_words
            and (":" not in text or text.endswith(":")))


def _teaser(text: str, state: InputState) -> bool:
    settings = state.settings.structural
    long_enough = (len(text.strip()) >= settings.teaser_min_chars_unspaced if without_spaces(text)
                   else len(state.words(text)) >= settings.teaser_min_words)
    return long_enough and state.reads_as_headline(text)


class TeaserList(_BuildsOnPatterns):
    id = "teaser-list"
    description = ("The headlines listed under a teaser label (`Related articles`, `More from UK`, `DON'T "
                   "MISS`, `Trending`): links to other stories, up to the first line that does not read as a "
                   "headline or the end of the story.")
    field = Field.DROP
    builds_on = TEASER_LABEL_RULES
    # After the split, so that the list ends with its story: the next story's headline may follow it.
    phase = STORY
    examples = ("Related articles\n\nHong Kong uprising: Protestors send defiant warning to China\n\n"
                "Hong Kong protests: 800 students under siege in university",
                "More from UK\n\nPrince Andrew: BT and three universities abandon ties with duke after Epstein "
                "TV interview\n\nEuroMillions: UK ticket holder wins £105m jackpot prize\n\n"
                "Negotiations between the London side and Mourinho's representatives intensified over the last "
                "few days.",
                "More:\n\nChina invites Taliban, Afghan officials for two-day talks\n\n"
                "The Taliban said they freed two hostages in exchange for three of their commanders.")
    keeps = ("Don't Miss:\n\nApple AirPods\n\nAutomatically on, automatically connected\n\n"
             "Easy setup for all your Apple devices",
             "Read more: Alibaba poised to launch record-breaking $13.4bn Hong Kong listing\n\n"
             "The Chinese e-commerce giant is set to officially announce the terms of the deal later on "
             "Wednesday.",
             "Related articles\n\nStaying in Syria\n\nHong Kong uprising: Protestors send defiant warning to China")

    def apply(self, doc: Document, start: int, stop: int, ctx: Context) -> bool:
        changed = False
        lines = doc.lines
        state = ctx.state(doc)
        for label in _marked_by(doc, ctx, start, stop, TEASER_LABEL_RULES):
            if not _teaser_label(lines[label], state):
                continue
            # Read lazily, up to the first line that is no headline: the rest of the story is
            # not looked at for each label.
            below = state.text_lines(label + 1, stop)
            first = next(below, None)
            if first is None or not _teaser(lines[first].rest, state):
                continue
            run = [first, *takewhile(lambda i: state.reads_as_headline(lines[i].rest), below)]
            mark = Mark(self.field, self.id, f"listed under the teaser label on line {lines[label].number}")
            for i in run:
                lines[i].mark = mark
            changed = changed or bool(run)
        return changed


# A tag label alone on its line ("Tags", "Topics:") and the tags below it, when they read as a
# list: items set apart by commas, pipes or bullets, with no final stop.
TAG_LABEL_RULES = frozenset({"tag-list"})
_LIST_SEPARATOR = regex.compile(r"\s*[,|•·]\s*")


class TagValues(_BuildsOnPatterns):
    id = "tag-values"
    description = ("The line under a lone tag label (`Tags`, `Topics:`) when it is a list of tags: items set "
                   "apart by commas, pipes or bullets, without a final stop.")
    field = Field.DROP
    builds_on = TAG_LABEL_RULES
    # After the split: a story with little prose of its own may need the tags' words to be told
    # apart from the next.
    phase = STORY
    examples = ("Tags\ncalendario stock car 2018, stock car brasil, stock car cascavel, stock car interlagos",)
    keeps = ("Tags\nThe tags on the bags were checked, counted, and sorted by hand at the airport.",)

    def apply(self, doc: Document, start: int, stop: int, ctx: Context) -> bool:
        changed = False
        lines = doc.lines
        settings = ctx.settings.structural
        words = ctx.state(doc).words
        for label in _marked_by(doc, ctx, start, stop, TAG_LABEL_RULES):
            line = lines[label]
            if len(words(line.text)) > settings.tag_label_max_words:
                continue
            below = next((i for i in range(label + 1, stop) if not lines[i].blank), None)
            if below is None or not lines[below].is_body:
                continue
            text = lines[below].rest.strip()
            if len(_LIST_SEPARATOR.findall(text, concurrent=False)) >= settings.tag_min_separators and not ends_sentence(text):
                lines[below].mark = Mark(self.field, self.id, f"the tags under the label on line {line.number}")
                changed = True
        return changed


# The headline rule looks a few text lines past the first for the first paragraph, and takes
# the headline-like lines between (an image's text, a credit, a byline, a second headline) when
# they are short. Longer ones may be the story's own opening lines, so it then takes nothing.


def _opens_text(text: str, state: InputState) -> bool:
    """A body paragraph, or a line of sentences too long to be anything else (a paragraph that
    lost its final stop). Never a line that reads as a headline (a short question is both),
    which the rule would take for the headline once the lines above it are gone."""
    settings = state.settings.lines
    if state.reads_as_headline(text):
        return False
    return state.body_like(text) or (len(text.strip()) > settings.headline_max_chars
                                     and len(state.words(text)) >= settings.body_min_words
                                     and bool(INNER_SENTENCE_END.search(text)))


# Marks that open a quotation: a question in quotes is a line of dialogue or a quoted headline.
QUOTES = ('"', "'", "“", "‘", "„", "«", "「", "『")


class Headline(Rule):
    id = "headline"
    description = ("The first line of a story when it reads as a headline (short, no final stop, or a "
                   "short question or exclamation) and a body paragraph follows, at most "
                   f"{DEFAULT.structural.header_max_between} text lines further on: it becomes the title. Headline-like "
                   f"lines of up to {DEFAULT.structural.header_between_max_words} words between the two (an image's text, "
                   "a credit, a byline) are dropped with it. A question in a story that holds "
                   f"{DEFAULT.structural.faq_min_questions} or more short questions on lines of their own "
                   "heads a section of an FAQ, not the story.")
    field = Field.TITLE
    phase = STORY
    examples = ("Russia airlifted 4,000 Iranian troops from Syria to Tehran, Putin says\n"
                "Moscow evacuated 4,000 Iranian soldiers from Syria to Tehran by air, Putin said on Thursday.",
                "Taylor Swift is allowed to play her music at the AMAs after all\n\nTaylor Swift\n\n"
                "A row involving Taylor Swift, her former record label and a couple of big name US politicians "
                "looks like it's coming to an end.",
                "Tuesday's college football: Eastern Michigan routs Northern Illinois to become bowl eligible\n\n"
                "Al Goldis, Associated Press\n\n"
                "Dekalb, Ill. — Mike Glass threw for three touchdowns and ran for another and Eastern Michigan "
                "rolled past Northern Illinois, 45-17, on Tuesday night.",
                "商品の改造が商標法違反に！？\n\n先日、不正に改造したiPhoneを販売したとして、商標法違反の疑いで"
                "20代の男性が逮捕されたというニュースを耳にしました。")
    keeps = ("Iranian advisors were deployed to Syria to support the Syrian army, the spokesperson said.\n"
             "He emphasized that the decision was a responsible measure.",
             "Staying in Syria\nA subheading followed by a line\nthat does not read as a body paragraph",
             "GIRLS BASKETBALL\n\nPalm Bay d. Rockledge 70-44\n\nRockledge 14 11 6 15 — 44\n\n"
             "Palm Bay 18 22 13 17 — 70\n\n"
             "Palm Bay (1-0): Tolivert 25 points. Davis 17 points. Burgher 10 points. Bozeman 10 points.",
             "Is it better to live on or off campus during the freshman year?\n"
             "On campus living has a number of benefits for new college students that off campus living does not.\n"
             "Can I have guests visit me if I live on campus?\n"
             "Yes! Youre certainly welcome to have friends, classmates, and family members visit you.\n"
             "Why do textbooks cost so much?")

    def apply(self, doc: Document, start: int, stop: int, ctx: Context) -> bool:
        # It looks at the first text line even when a repeated headline already gave the story
        # its title: a kicker between the headline's copies would otherwise open the text, and
        # be taken for the headline when the clean article is cleaned again.
        settings = ctx.settings.structural
        state = ctx.state(doc)
        first = list(islice(state.text_lines(start, stop), settings.header_max_between + 2))
        if len(first) < 2 or not state.reads_as_headline(doc.lines[first[0]].rest):
            return False
        if self._one_of_several_questions(doc, first[0], stop, state):
            return False
        opens = next((n for n, i in enumerate(first[1:], 1) if _opens_text(doc.lines[i].rest, state)), None)
        if opens is None:
            return False
        # Between the headline and the paragraph: lines that read as headlines go with it, and
        # must be short; the others (a short sentence) stay, and cannot be a headline when the
        # clean text is cleaned again.
        between = [i for i in first[1:opens] if state.reads_as_headline(doc.lines[i].rest)]
        if any(len(state.words(doc.lines[i].rest)) > settings.header_between_max_words for i in between):
            return False
        doc.lines[first[0]].mark = Mark(self.field, self.id, "reads as a headline and a body paragraph follows")
        for i in between:
            doc.lines[i].mark = Mark(Field.DROP, self.id, "short line between the headline and the first paragraph")
        return True

    @staticmethod
    def _one_of_several_questions(doc: Document, first: int, stop: int, state: InputState) -> bool:
        """A question that opens a story holding faq_min_questions distinct short questions on
        lines of their own (itself among them) heads one section of an FAQ: it is no title.
        Taking it would also make the clean text change when cleaned again, as the next question
        would open it then. Fewer are an essay's subheads; quoted ones are dialogue."""
        def question(i: int) -> bool:
            text = doc.lines[i].rest.strip()
            return not text.startswith(QUOTES) and asks(text, state.settings.lines, state.words)
        if not question(first):
            return False
        wanted = state.settings.structural.faq_min_questions
        questions = {state.normal(doc.lines[i].rest) for i in state.text_lines(first, stop) if question(i)}
        return len(questions) >= wanted


# Order matters: repeated-text takes whatever repeat the two before it leave.
STRUCTURAL_RULES: tuple[Rule, ...] = (RepeatedCaption(), RepeatedHeadline(), RepeatedText(), ImageText(),
                                      TeaserList(), TagValues(), CaptionPair(), Headline())
