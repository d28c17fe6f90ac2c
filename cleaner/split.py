"""The splitter: candidate story boundaries, the evidence for each, then the decision.

A candidate is a line that could open a new story after the current one has body text: a line
that reads as a headline, a repeated headline, or a line carrying a date or dateline header.
Each candidate gets a dict of cue values (`CUES`: is it a headline, how many blank lines before
it, how much prose the story before it holds, how much the words change...), and a model
fitted on thousands of known story breaks (`python -m cleaner.training split`, table `split` of
fitted.toml: a step function of each cue's value, summed) turns them into the probability of a
break. `--explain` prints every cue with its fitted contribution. Each story is weighed again on
its own before the split is final, as its clean text would be, so a clean article is never cut
again.
"""
from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate
from operator import mul

import regex

from . import language
from .document import BODY, Document, Field
from .features import WordsOf, count_words, ends_sentence, words
from .fitted import CueModel
from .rules.state import InputState

# The cues of a candidate, in the order the model lists them. Each is a number read off the
# lines; what each says is in CUE_HELP.
CUE_HELP = {
    "headline": "the line reads as a headline (the title rule's test)",
    "opens-body": "a headline of three words or more that leads straight into body text",
    "one-blank": "one blank line before it",
    "blank-run": "two or more blank lines in a row between the story before's last paragraph and it",
    "rare-blank-run": "... divided by the runs of two or more blank lines the input holds",
    "spacing-differs": "the blank lines before it differ from those the document puts before its paragraphs",
    "unspaced-headline": "a headline with no blank line before it, where the input sets most headlines apart",
    "paragraph-start": "a paragraph that opens a story on its own (after a run of blank lines)",
    "repeated-headline": "the block's headline is printed again within it",
    "caption-block": "a caption or credit follows in its header block",
    "date-header": "a date prefix or date line in its header block",
    "dateline": "a dateline in its header block",
    "date-alone": "a date or dateline with no headline: the date cues again, to weigh them alone",
    "article-element": "the page's markup puts it in another <article> element",
    "script-change": "the text before and after is written in different scripts",
    "compared": "the text on both sides is long enough to compare its words",
    "similarity": "log(1 + 100 x cosine similarity of the words before and after), 0 when not compared",
    "story-similarity": "the same between the whole story before it (up to STORY_WINDOW words) and the text after",
    "sharper-than-sections": "the words change more than at the story's earlier subheadings",
    "headline-words": "share of the headline's words found below it less the share found before it",
    "story-end": "a footer (wire credit, author bio, tags...) closed the story before it",
    "prose-before": "log(1 + words of paragraphs in the story before it)",
    "section-before": "log(1 + words of paragraphs since the story's last subheading)",
    "prose-after": "log(1 + words of paragraphs after it, up to the next candidate)",
    "sections-before": "log(1 + subheadings the story had before it)",
    "repeated-elsewhere": "the line is printed elsewhere in the input, outside its header block (a list label)",
    "headline-length": "log(1 + words of the line), when it reads as a headline",
    "similarity-depth": ("how much more alike the words are at the paragraph breaks just before and after it "
                         "(the highest on each side)"),
    "similarity-rank": "the share of the paragraph breaks from the story's start on whose words change less than here",
}
CUES = tuple(CUE_HELP)
# The cues that compare the text on both sides of a candidate, most of the cost of weighing it,
# in the groups and order `_Lines.compare` works them out: the words of the windows around the
# gap, those of the whole story before it, the gap's change against the story's other breaks,
# and the scripts. A group is worked out only while the model could still say yes whatever the
# groups not yet worked out add, unless every cue is asked for (--explain, a report, training).
COMPARED_GROUPS = (
    frozenset({"compared", "similarity", "headline-words"}),
    frozenset({"story-similarity"}),
    frozenset({"sharper-than-sections", "similarity-rank", "similarity-depth"}),
    frozenset({"script-change"}),
)
# The cues of the groups from each one on: those not known before it is worked out.
_COMPARED_LEFT = tuple(frozenset().union(*COMPARED_GROUPS[k:]) for k in range(len(COMPARED_GROUPS)))
# The rules whose lines close a story: a wire footer, a contributor or author bio, a follow
# prompt, the tag list, the comments, a link to the next story. Teasers ("Related: …") and share
# or subscribe prompts are left out, as pages print those inside a story too; and so are the
# page's own footers (copyright, site links), which only chrome follows.
STORY_END_RULES = frozenset({"wire-footer", "contributor-credit", "author-bio", "follow-prompt", "tag-list",
                             "comment-prompt", "prev-next"})
# How many lines after the candidate can belong to its header block (headline, captions, labels).
HEADER_MAX_LINES = 12
# Words on each side that the vocabulary comparison looks at; fewer terms than COHESION_MIN_TERMS
# on either side say too little to compare.
COHESION_WINDOW = 200
COHESION_MIN_TERMS = 15
# Words of the story before a gap and of the text after it that the story-wide comparison reads.
STORY_WINDOW = 1000
# How many of a story's earlier section breaks a vocabulary shift is measured against.
SECTIONS_COMPARED = 4
OPENS_BODY_MIN_WORDS = 3
OPENS_BODY_MIN_TEXT = 30
OPENS_BODY_MAX_HEADLINES = 2
OPENS_BODY_MIN_PARAGRAPH = 15
# A story after a footer has a body of its own; page chrome below the footer has a line or two.
STORY_END_MIN_TEXT = 80
# How many paragraph breaks on each side a gap's similarity is compared with.
DEPTH_BREAKS = 3
# How many windows' terms are kept counted, for the gaps weighed again. A news page has a few
# hundred windows; a file of thousands of stories would otherwise keep about 2 kB of counts for
# each of its paragraphs until it is split, where the windows its passes come back to lie near.
WINDOWS_KEPT = 4096


@dataclass
class Boundary:
    """One candidate break with its cues, the probability the model gives and the decision taken."""

    index: int  # position in Document.lines of the line that would open the story
    line: int   # its source line number
    cues: dict[str, float]
    model: CueModel = field(repr=False)
    probability: float = 0.0
    accepted: bool = False
    note: str = ""

    @property
    def threshold(self) -> float:
        return self.model.threshold

    @property
    def contributions(self) -> dict[str, float]:
        """Each cue's fitted contribution, worked out only when asked (--explain)."""
        return self.model.contributions(self.cues)

    @property
    def passes(self) -> bool:
        """The model says it is a break, whether or not it was taken (a gap takes one at most)."""
        return self.probability >= self.threshold

    def shown_cues(self) -> list[tuple[str, float, float]]:
        """The cues worth telling, each with its value and its contribution: those present, and
        absent ones that weigh against a break."""
        return [(name, self.cues.get(name, 0.0), value) for name, value in self.contributions.items()
                if self.cues.get(name) or abs(value) >= 0.05]

    def describe(self) -> str:
        shown = ", ".join(f"{name} {cue:g} ({value:+.2f})" for name, cue, value in self.shown_cues())
        verdict = "new story" if self.accepted else "no break"
        return (f"{verdict} (probability {self.probability:.2f}, threshold {self.threshold:.2f}: {shown or 'no cues'})"
                f"{self.note}")


def weigh(model: CueModel, index: int, line: int, cues: dict[str, float]) -> Boundary:
    """A candidate's Boundary: its cues weighed by the model. Where a page's markup opens another
    <article> element, the markup says so itself: the model, fitted on text files that have no
    markup, cannot weigh that cue, so it decides alone."""
    b = Boundary(index, line, cues, model, model.probability(cues))
    if cues.get("article-element"):
        b.probability, b.note = 1.0, "; the page's markup opens another <article> element here"
    elif len(cues) < len(CUES):
        b.note = "; ruled out before all its cues were worked out (the probability is without them)"
    return b


class _Lines:
    """Per-line features of a marked document, computed once for all candidates."""

    def __init__(self, doc: Document, state: InputState, prune: CueModel | None = None) -> None:
        # The model a candidate is weighed with, when a candidate it says no to whatever the
        # words on either side say is not compared (COMPARED_GROUPS); None compares every one.
        self.prune = prune
        # The input's words and normalised texts, found once for all the rules and the splitter,
        # its one copy of each word, and its settings.
        self.words_of, self.normal_of, self.shared, self.settings = state.words, state.normal, state.shared, state.settings
        self.lines = lines = doc.lines
        n = len(lines)
        self._words: dict[int, int] = {}
        # Each line is read once for its rest, whether it can be a headline or a paragraph,
        # whether its marks give a cue, and whether it comes from markup.
        rest: list[str] = []  # every line's: a window's script is told from all the text it spans
        self.rest = rest
        # Only a line whose rest stays in the text, or a title, can be headline-like or a
        # paragraph: on a page, fewer than a third of the lines.
        live: list[int] = []
        cued: list[int] = []  # the lines whose marks give the evidence a cue, or close a story
        structured = False  # whether the lines come from markup
        for i, line in enumerate(lines):
            mark, prefixes = line.mark, line.prefixes
            rest.append(line.rest)
            if line.is_body or mark.field is _TITLE:
                live.append(i)
            if prefixes or (mark is not BODY and (mark.field in _CUE_FIELDS or mark.rule in _CUE_RULES)):
                cued.append(i)
            if line.structure is not None:
                structured = True
        self.headline = headline = [False] * n
        # A paragraph line: the kind of line a story must hold before another can start.
        self.paragraph = paragraph = [False] * n
        # The lines that could open a story: each pass of `split` asks of every line again.
        self.candidate = candidate = [False] * n
        for i in live:
            if state.reads_as_headline(rest[i]):
                headline[i], candidate[i] = True, not _QUESTION.match(rest[i])
            elif lines[i].mark.field is _BODY:
                paragraph[i] = True
        # Words of the paragraphs before each line, for the prose a story or section holds.
        self.prose = prose = [0] * (n + 1)
        for i in range(n):
            prose[i + 1] = prose[i] + (self.word_count(i) if paragraph[i] else 0)
        # What the evidence reads of each line's marks.
        self.repeated_headline = [False] * n
        self.caption = [False] * n
        self.date = [False] * n
        self.dateline = [False] * n
        headers: list[int] = []  # the lines that open a story's header: a title, a date, a dateline
        ends: list[int] = []  # the lines of a story footer
        for i in cued:
            line = lines[i]
            f = line.mark.field
            self.repeated_headline[i] = line.mark.rule == "repeated-headline"
            self.caption[i] = f is _CAPTIONS
            date = self.date[i] = f is _DATE or (bool(line.prefixes) and line.has_prefix(_DATE))
            dateline = self.dateline[i] = bool(line.prefixes) and line.has_prefix(_DATELINE)
            if date or dateline or f is _TITLE:
                headers.append(i)
            if line.mark.rule in STORY_END_RULES or any(m.rule in STORY_END_RULES for _, m in line.prefixes):
                ends.append(i)
        # Whether a story footer comes after the last paragraph before each line.
        self.after_end = [False] * n
        if ends:
            closed, end = False, set(ends)
            for i, para in enumerate(paragraph):
                self.after_end[i] = closed
                if para:
                    closed = False
                elif i in end:
                    closed = True
        # The <article> element of the last line before each line, for markup evidence: only the
        # first line of an element opens it, not every line of its header. Text input has none.
        self.article_before: list[int] = []
        if structured:
            last = -1
            for i, line in enumerate(lines):
                self.article_before.append(last)
                if line.structure is not None:
                    if self.new_article(i):
                        headers.append(i)
                    if not line.blank:
                        last = line.structure.article
        for i in headers:
            candidate[i] = candidate[i] or not lines[i].blank
        self.candidates = [i for i, c in enumerate(candidate) if c]
        # The blank lines before each text line, and how many a paragraph after a paragraph most
        # often has: a story joined on with other spacing than the page's stands out.
        self.blanks = blanks = [0] * n
        spacing: Counter[int] = Counter()
        run, after_paragraph = 0, False
        for i, line in enumerate(lines):
            if line.blank:
                run += 1
                continue
            blanks[i] = run
            if paragraph[i] and after_paragraph:
                spacing[min(run, 2)] += 1
            run, after_paragraph = 0, paragraph[i]
        self.spacing = spacing.most_common(1)[0][0] if spacing else 1
        self.blank_runs = max(1, sum(1 for i in live if blanks[i] >= 2))
        # How many lines before each line come after two or more blank lines: whether a stretch
        # of lines holds such a run is then one subtraction.
        self.after_blank_run = list(accumulate((run >= 2 for run in blanks), initial=0))
        spaced = [blanks[i] > 0 for i in live if headline[i]]
        self.spaced_headlines = 2 * sum(spaced) > len(spaced)
        # A story may open with a paragraph: one after a run of blank lines can open it.
        for i in live:
            if paragraph[i] and blanks[i] >= 2 and not candidate[i]:
                candidate[i] = True
                self.candidates.append(i)
        self.candidates.sort()
        # The only lines a pass can act on: every other line (a blank one, or a text line that
        # is neither candidate nor paragraph) leaves its state as it was.
        self.events = sorted({*live, *headers})
        self._terms: dict[int, list[str]] = {}
        self._paragraph_terms: tuple[list[str], list[int]] | None = None
        # The evidence of each gap weighed: (candidates, story start, opens, stop, sections) -> cues.
        self.gaps: dict[tuple[object, ...], list[dict[str, float]]] = {}
        self._window_terms: dict[tuple[int, int], Counter[str]] = {}
        self._window_script: dict[tuple[int, int], str | None] = {}
        self._similarity: dict[tuple[int, int, int, int], float | None] = {}
        self._breaks: dict[tuple[int, int], tuple[list[int], list[float], list[float]]] = {}
        self._stopwords: frozenset[str] | None = None
        self._body_end: dict[tuple[int, int], int | None] = {}
        self._copies: dict[str, list[int]] | None = None

    def word_count(self, i: int) -> int:
        """White-space words of line i's rest, counted once."""
        n = self._words.get(i)
        if n is None:
            n = self._words[i] = count_words(self.rest[i])
        return n

    def new_article(self, i: int) -> bool:
        """The line's markup puts it in another <article> element than the line before it."""
        here = self.lines[i].structure
        return here is not None and here.article >= 0 and self.article_before[i] not in (-1, here.article)

    def block_end(self, i: int, gap: list[int], opens: int) -> int:
        """Where the header block of candidate i ends: before the gap's next headline-like
        candidate, else after `opens`. A copy of line i belongs to its block (a repeated
        headline), and so does a date or dateline below it; below a line with no final stop, a
        headline's shape, so does a shorter headline-like line that metadata follows: a byline
        above the date, an image's text above its caption."""
        own, size = None, 0
        for k in gap[gap.index(i) + 1:]:
            if self.headline[k]:
                if own is None:  # read only when there is another headline: most gaps have one
                    own = self.normal(i)
                    size = 0 if ends_sentence(self.rest[i]) else self.word_count(i)
                if self.normal(k) != own and not (self.word_count(k) < size and self.metadata_follows(k)):
                    return k
        return opens + 1

    def normal(self, i: int) -> str:
        """normalise(rest) of line i: a long gap compares each candidate with the others."""
        return self.normal_of(self.rest[i])

    def printed_elsewhere(self, i: int, block_end: int) -> bool:
        """Line i's text is printed again outside its header block: a list's label, an embedded
        post's footer, a video's title, which a story repeats and a new story's headline is not."""
        if self._copies is None:
            copies: dict[str, list[int]] = {}
            for k in self.candidates:
                copies.setdefault(self.normal(k), []).append(k)
            self._copies = copies
        return any(k < i - HEADER_MAX_LINES or k >= block_end for k in self._copies.get(self.normal(i), ()))

    def metadata_follows(self, k: int) -> bool:
        """The next text line after k is a date, a dateline, a byline or a caption."""
        m = next((m for m in range(k + 1, len(self.lines)) if not self.lines[m].blank), None)
        if m is None:
            return False
        line = self.lines[m]
        return line.mark.field in _METADATA or any(mark.field in _METADATA for _, mark in line.prefixes)

    def opens_body(self, i: int, opens: int, stop: int) -> bool:
        """The headline at i leads into body text: its paragraph comes within the header block,
        past at most OPENS_BODY_MAX_HEADLINES other headline-like lines (a standfirst, a
        byline), and the text that follows
        runs OPENS_BODY_MIN_TEXT words before the next headline-like line (a list of teasers
        or tags does not)."""
        return opens - i <= HEADER_MAX_LINES and sum(self.headline[i + 1:opens]) <= OPENS_BODY_MAX_HEADLINES \
            and self.body_follows(opens, stop)

    def body_follows(self, opens: int, stop: int, least: int = OPENS_BODY_MIN_TEXT) -> bool:
        """Paragraphs from line `opens` on run `least` words before a headline-like line, or
        past it when a paragraph of OPENS_BODY_MIN_PARAGRAPH words came just before (a
        subheading after a short opening). Two headline-like lines in a row (a list of teasers
        or tags) always end the run, and so does one after short lines (a form, a URL)."""
        # The run does not depend on `stop`, only whether it ends before it: found once.
        key = (opens, least)
        if key not in self._body_end:
            self._body_end[key] = self._body_end_of(opens, least)
        end = self._body_end[key]
        return end is not None and end <= stop

    def _body_end_of(self, opens: int, least: int) -> int | None:
        """Where the run of `body_follows` from `opens` reaches `least` words, up to the end of
        the document; None when it breaks off or never does."""
        seen, k, opened = 0, opens, False
        while k < len(self.lines) and seen < least:
            if self.headline[k]:
                if not opened:
                    return None
                opened = False
            elif self.paragraph[k]:
                n = self.word_count(k)
                seen, opened = seen + n, opened or n >= OPENS_BODY_MIN_PARAGRAPH
            k += 1
        return k if seen >= least else None

    def terms(self, indexes: range) -> Counter[str]:
        """The terms of the paragraphs among these lines (not to be changed: the same window
        comes back when a break is weighed again). Paragraphs only: a story's headline is gone
        when its clean text is cleaned again, and the comparison must come out the same."""
        key = (indexes.start, indexes.stop)
        found = self._window_terms.get(key)
        if found is None:
            if self._paragraph_terms is None:
                # The terms of all paragraphs in a row, and where each line's start in it, found
                # once: a window's terms are then one slice of them, however many lines it
                # spans. The windows around the gaps cover most paragraphs of a document.
                flat: list[str] = []
                offsets = [0]
                for i, para in enumerate(self.paragraph):
                    if para:
                        flat.extend(self.line_terms(i))
                    offsets.append(len(flat))
                self._paragraph_terms = flat, offsets
            flat, offsets = self._paragraph_terms
            # Counted in one go: the order terms come in changes no count.
            found = self._window_terms[key] = Counter(flat[offsets[indexes.start]:offsets[indexes.stop]])
            if len(self._window_terms) > WINDOWS_KEPT:
                del self._window_terms[next(iter(self._window_terms))]  # the one counted first
        return found

    def similarity(self, before: range, after: range) -> float | None:
        """Cosine similarity of the terms of two windows; None when either is too short to tell.
        Each pass of `split` compares a story's sections again, with the same windows."""
        key = (before.start, before.stop, after.start, after.stop)
        if key not in self._similarity:
            a, b = self.terms(before), self.terms(after)
            self._similarity[key] = None if min(a.total(), b.total()) < COHESION_MIN_TERMS else _cosine(a, b)
        return self._similarity[key]

    def breaks(self, start: int, stop: int) -> tuple[list[int], list[float], list[float]]:
        """The paragraph breaks in lines start..stop-1 whose similarity can be told (the windows
        ending at start and stop): the paragraph after each, its similarity, and the
        similarities sorted. A gap's own similarity is weighed against them: a document whose
        paragraphs change subject often (a list, a digest) has low ones throughout."""
        key = (start, stop)
        found = self._breaks.get(key)
        if found is None:
            paragraph = self.paragraph
            at: list[int] = []
            values: list[float] = []
            seen = False
            for p in range(start, stop):
                if paragraph[p]:
                    if seen:
                        s = self.similarity(self.window(p - 1, start - 1, -1), self.window(p, stop, 1))
                        if s is not None:
                            at.append(p)
                            values.append(s)
                    seen = True
            found = self._breaks[key] = at, values, sorted(values)
        return found

    def script(self, indexes: range) -> str | None:
        """The script of the lines' text. `language.script` reads only its first
        SCRIPT_SAMPLE_CHARS characters: the lines past them are not joined, and windows that
        start alike and run past them (the text after a gap, pass after pass) share it."""
        size, end = 0, indexes.start
        while end < indexes.stop and size < language.SCRIPT_SAMPLE_CHARS:
            size += len(self.rest[end])
            end += 1
        key = (indexes.start, end)
        if key not in self._window_script:
            self._window_script[key] = language.script("".join(self.rest[indexes.start:end]))
        return self._window_script[key]

    def line_terms(self, i: int) -> list[str]:
        if i not in self._terms:
            if self._stopwords is None:
                # The document's language, guessed once and only when a comparison is needed.
                sample = (w for k, para in enumerate(self.paragraph) if para for w in self.words_of(self.rest[k]))
                self._stopwords = language.stopwords(language.guess(sample, self.settings.language))
            self._terms[i] = list(self.shared(cohesion_terms(self.rest[i], self._stopwords, self.words_of)))
        return self._terms[i]

    def window(self, start: int, stop: int, step: int, size: int = COHESION_WINDOW) -> range:
        """Lines from `start` towards `stop` (either direction) whose paragraphs hold about
        `size` words."""
        # Read off the running word counts: the window ends at the first line that brings its
        # paragraphs' words to `size`, or at `stop`.
        prose = self.prose
        if step > 0:
            if start >= stop:
                return range(start, start)
            return range(start, min(bisect_left(prose, prose[start] + size, start + 1, stop), stop))
        if start <= stop:
            return range(start + 1, start + 1)
        return range(max(bisect_right(prose, prose[start + 1] - size, stop + 1, start + 1) - 1, stop + 1), start + 1)

    def evidence(self, i: int, sides: _Sides, block_end: int) -> dict[str, float]:
        """The cue values for a story starting at line i of a gap; its header block ends before
        `block_end` (where the gap's next candidate starts its own)."""
        opens = sides.opens
        cues = dict.fromkeys(CUES, 0.0)
        blanks = self.blanks[i]
        block = slice(i, min(block_end, i + HEADER_MAX_LINES + 1))
        headline = self.headline[i]
        if headline:
            cues["headline"] = 1.0
            cues["headline-length"] = math.log1p(self.word_count(i))
            if self.word_count(i) >= OPENS_BODY_MIN_WORDS and self.opens_body(i, opens, sides.stop):
                cues["opens-body"] = 1.0
        if self.after_end[i] and self.body_follows(opens, sides.stop, STORY_END_MIN_TEXT):
            cues["story-end"] = 1.0
        cues["one-blank"] = float(blanks == 1)
        if self.after_blank_run[i + 1] > self.after_blank_run[sides.last_paragraph + 1]:
            cues["blank-run"] = 1.0
            cues["rare-blank-run"] = 1.0 / self.blank_runs
        cues["spacing-differs"] = float(min(blanks, 2) != self.spacing)
        cues["unspaced-headline"] = float(headline and blanks == 0 and self.spaced_headlines)
        cues["paragraph-start"] = float(self.paragraph[i])
        repeated = any(self.repeated_headline[block])
        cues["repeated-headline"] = float(repeated)
        cues["caption-block"] = float(any(self.caption[block]))
        date, dateline = any(self.date[block]), any(self.dateline[block])
        cues["date-header"], cues["dateline"] = float(date), float(dateline)
        cues["date-alone"] = float((date or dateline) and not headline and not repeated)
        cues["article-element"] = float(self.new_article(i))
        cues["repeated-elsewhere"] = float(headline and self.printed_elsewhere(i, block.stop))
        prose = self.prose
        cues["prose-before"] = math.log1p(prose[sides.first] - prose[sides.seg_start])
        cues["section-before"] = math.log1p(prose[sides.first] - prose[sides.section_start])
        cues["sections-before"] = math.log1p(sides.sections_seen)
        after = self.candidates[bisect_right(self.candidates, opens):bisect_right(self.candidates, opens) + 1]
        cues["prose-after"] = math.log1p(prose[min(after[0] if after else sides.stop, sides.stop)] - prose[opens])
        self.compare(cues, i, sides)
        return cues

    def compare(self, cues: dict[str, float], i: int, sides: _Sides) -> None:
        """The cues of COMPARED_GROUPS, set in `cues` group by group. Once the model (`prune`) says
        no whatever the groups left add, those are left out of `cues`."""
        steps = (self._compare_words, self._compare_story, self._compare_breaks, self._compare_scripts)
        for left, step in zip(_COMPARED_LEFT, steps):
            if self.prune is not None and not cues["article-element"] \
                    and self.prune.highest(cues, left) < self.prune.threshold:
                for name in left:
                    del cues[name]
                return
            step(cues, i, sides)

    def _compare_words(self, cues: dict[str, float], i: int, sides: _Sides) -> None:
        similarity = sides.similarity
        if similarity is None:
            return
        cues["compared"] = 1.0
        cues["similarity"] = math.log1p(100 * similarity)
        head = set(self.line_terms(i)) if cues["headline"] else None
        if head:
            cues["headline-words"] = (sum(t in sides.after for t in head) - sum(t in sides.before for t in head)) / len(head)

    @staticmethod
    def _compare_story(cues: dict[str, float], i: int, sides: _Sides) -> None:
        if sides.story_similarity is not None:
            cues["story-similarity"] = math.log1p(100 * sides.story_similarity)

    def _compare_breaks(self, cues: dict[str, float], i: int, sides: _Sides) -> None:
        similarity = sides.similarity
        if similarity is None:
            return
        base = sides.section_similarity if sides.sections else None
        cues["sharper-than-sections"] = float(base is None or similarity < base)
        at, values, ranked = self.breaks(sides.seg_start, sides.stop)  # this gap's among them
        cues["similarity-rank"] = 1.0 - bisect_right(ranked, similarity) / max(1, len(ranked))
        k = bisect_left(at, sides.opens)
        cues["similarity-depth"] = (max(values[max(0, k - DEPTH_BREAKS):k], default=similarity)
                                    + max(values[k + 1:k + 1 + DEPTH_BREAKS], default=similarity) - 2 * similarity)

    @staticmethod
    def _compare_scripts(cues: dict[str, float], i: int, sides: _Sides) -> None:
        cues["script-change"] = float(sides.script_changes)


class _Sides:
    """The text before a gap of candidates and after it, shared by all of the gap's candidates
    and compared only when one of them needs it."""

    def __init__(self, lines: _Lines, seg_start: int, after: int, first: int, opens: int, stop: int,
                 sections: list[tuple[int, int]]) -> None:
        self.lines, self.seg_start, self.first, self.opens, self.stop = lines, seg_start, first, opens, stop
        self.last_paragraph = after  # the paragraph before the gap
        # The story's latest gaps that did not break it (first candidate, paragraph after): its
        # sections, only as many as a vocabulary shift is measured against.
        self.sections = tuple(sections[-SECTIONS_COMPARED:])
        self.sections_seen = len(sections)
        self.section_start = sections[-1][1] if sections else seg_start

    @cached_property
    def _before_lines(self) -> range:
        return self.lines.window(self.first - 1, self.seg_start - 1, -1)

    @cached_property
    def _after_lines(self) -> range:
        return self.lines.window(self.opens, self.stop, 1)

    @cached_property
    def before(self) -> Counter[str]:
        return self.lines.terms(self._before_lines)

    @cached_property
    def after(self) -> Counter[str]:
        return self.lines.terms(self._after_lines)

    @cached_property
    def script_changes(self) -> bool:
        return self.lines.script(self._before_lines) != self.lines.script(self._after_lines)

    @cached_property
    def similarity(self) -> float | None:
        return self.lines.similarity(self._before_lines, self._after_lines)

    @cached_property
    def story_similarity(self) -> float | None:
        """The similarity of the story so far (up to STORY_WINDOW words of it) and the text after."""
        lines = self.lines
        return lines.similarity(lines.window(self.first - 1, self.seg_start - 1, -1, STORY_WINDOW),
                                lines.window(self.opens, self.stop, 1, STORY_WINDOW))

    @cached_property
    def section_similarity(self) -> float | None:
        """The lowest similarity across the story's recent section breaks, the text after each
        ending at this gap; None when the story has none to compare."""
        lines = self.lines
        found = [lines.similarity(lines.window(first - 1, self.seg_start - 1, -1),
                                  lines.window(opens, self.first, 1))
                 for first, opens in self.sections]
        return min((s for s in found if s is not None), default=None)


# Looked up once: reading an enum member off its class costs more than most per-line tests.
_BODY, _TITLE, _CAPTIONS, _DATE, _DATELINE = Field.BODY, Field.TITLE, Field.CAPTIONS, Field.DATE, Field.DATELINE
# The fields and rules of the marks that give the evidence a cue or close a story; a line
# with a marked prefix is always read.
_CUE_FIELDS = frozenset({Field.TITLE, Field.CAPTIONS, Field.DATE})
_CUE_RULES = STORY_END_RULES | {"repeated-headline"}
# The fields of the lines a header block holds below its headline.
_METADATA = frozenset({Field.DATE, Field.DATELINE, Field.BYLINE, Field.CAPTIONS})
# An interview's question opens an answer, not a story.
_QUESTION = regex.compile(r"\s*(?:Q|Question|F|Frage)\s*[:.]\s", regex.I)


def cohesion_terms(text: str, stop: frozenset[str] = frozenset(), words_of: WordsOf = words) -> list[str]:
    """The words a vocabulary comparison counts, in text order: content words (not stopwords,
    not numbers) cut to a common stem length, and character pairs for scripts written without
    spaces."""
    text_words = words_of(text)
    # Whether any word is written without spaces, asked once of them all (not of the text, whose
    # quotes and dashes are no word's and no such letter, but rarely ASCII).
    if not language.without_spaces("".join(text_words)):
        return [folded[:6] for folded in map(str.casefold, text_words)
                if len(folded) > 2 and folded not in stop and not folded.isdigit()]
    terms: list[str] = []
    for word in text_words:
        if language.without_spaces(word):
            terms.extend(word[k:k + 2] for k in range(len(word) - 1))
        else:
            folded = word.casefold()
            if len(folded) > 2 and folded not in stop and not folded.isdigit():
                terms.append(folded[:6])
    return terms


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    # Counts are whole numbers: their products sum exactly in any order, without a Python step each.
    common = a.keys() & b.keys()
    dot = sum(map(mul, map(a.__getitem__, common), map(b.__getitem__, common)))
    norm = math.sqrt(sum(map(mul, a.values(), a.values()))) * math.sqrt(sum(map(mul, b.values(), b.values())))
    return dot / norm if norm else 1.0


def split(doc: Document, model: CueModel, state: InputState, explain: bool = False
          ) -> tuple[list[tuple[int, int]], list[Boundary]]:
    """Cut a marked document into stories: (start, stop) line ranges and every candidate weighed.
    With `explain`, every candidate is weighed on all its cues; without it, a candidate that
    the model rules out on its other cues alone is not compared (COMPARED_GROUPS): its Boundary
    lacks those cues, and its probability is the model's without them.

    Candidates come in gaps: the lines between two paragraphs. A story needs a paragraph of its
    own, so a gap holds at most one break: its most probable candidate (the first on a tie: a
    headline comes before the byline and labels of its header block), when the model says it is
    one.

    A first pass looks past the end of the story it is in (where that story ends is not known
    yet). Each break it found is then weighed again with the text after it ending where the next
    story starts, and dropped if it no longer holds. Each story is then weighed again on its own,
    as its clean text would be if cleaned again, until no story splits further. That keeps
    cleaning idempotent.
    """
    f = _Lines(doc, state, None if explain else model)
    weighed: dict[int, Boundary] = {}
    first = _split_range(f, model, 0, len(doc.lines), weighed)
    found = _confirmed(f, model, first, len(doc.lines))
    for index in set(first) - set(found):
        del weighed[index]  # weighed again below, with the decision that holds
    starts = [0, *found]
    bounds = [*starts, len(doc.lines)]
    # With no break found, the one story is the whole input, which the first pass weighed
    # just so: weighed again, it would find what it found.
    ranges = list(zip(bounds, bounds[1:])) if first else []
    while ranges:
        start, stop = ranges.pop()
        more = _split_range(f, model, start, stop, weighed)
        if more:
            starts.extend(more)
            bounds = [start, *more, stop]
            ranges.extend(zip(bounds, bounds[1:]))
    starts.sort()
    for index in set(first) - set(starts):
        if index in weighed:
            weighed[index].note += DROPPED_NOTE
    boundaries = sorted(weighed.values(), key=lambda b: b.index)
    stops = starts[1:] + [len(doc.lines)]
    return list(zip(starts, stops)), boundaries


def labelled_candidates(doc: Document, starts: list[int], state: InputState
                        ) -> tuple[list[tuple[dict[str, float], bool]], int]:
    """Every candidate's cues when the stories are known to start at the lines `starts` (the
    training data of the model), each with whether it opens a story, and how many of the starts
    no candidate could open. A gap holding a start is cut there: the candidates at or after the
    start are breaks, the ones before it (the story before's last lines) are not."""
    f = _Lines(doc, state)
    truth = _Truth(sorted(starts))
    _split_range(f, None, 0, len(doc.lines), {}, truth=truth)
    return truth.labelled, truth.missed


DROPPED_NOTE = "; the first pass took it, but weighed again up to the next story's start it falls short"


@dataclass
class _Truth:
    """Known story starts, and what the candidates weighed against them gave."""

    starts: list[int]
    labelled: list[tuple[dict[str, float], bool]] = field(default_factory=list)
    missed: int = 0

    def decide(self, gap: list[tuple[int, dict[str, float]]], after: int, opens: int) -> int | None:
        """The candidate of the gap (lines after..opens) that opens a story, labelling them all."""
        k = bisect_right(self.starts, after)
        start = self.starts[k] if k < len(self.starts) and self.starts[k] <= opens else None
        chosen = None
        for index, cues in gap:
            label = start is not None and index >= start
            self.labelled.append((cues, label))
            if label and chosen is None:
                chosen = index
        if start is not None and chosen is None:
            self.missed += 1
        return chosen


def _confirmed(f: _Lines, model: CueModel, found: list[int], end: int) -> list[int]:
    """The breaks of `found` that still hold when each is weighed again between the story
    starts on either side of it. The first pass compared the words after a break with text
    that may belong to the story after the next one, which makes a section of a story look new."""
    found = list(found)
    j = 0
    while j < len(found):
        bounds = [0, *found, end]
        if found[j] in _split_range(f, model, bounds[j], bounds[j + 2], {}, until=found[j]):
            j += 1
            continue
        del found[j]
        j = max(j - 1, 0)  # the break before it now reaches further
    return found


def _gap_key(pending: list[int], sides: _Sides, opens: int) -> tuple[object, ...]:
    """All that a gap's cues depend on: the passes of `split` weigh many gaps again between the
    same story starts, and each such gap is weighed once."""
    return tuple(pending), sides.seg_start, opens, sides.stop, sides.sections, sides.sections_seen


def _weigh_gap(f: _Lines, pending: list[int], sides: _Sides, opens: int) -> list[dict[str, float]]:
    """The cues of the gap's candidates. A candidate inside the header block of an earlier one
    (its byline, its date) has only its own line for a header: the block's evidence goes to the
    line that opens it."""
    key = _gap_key(pending, sides, opens)
    found = f.gaps.get(key)
    if found is None:
        found, reach = [], -1  # how far the header blocks of the candidates weighed so far reach
        for k in pending:
            end = f.block_end(k, pending, opens)
            found.append(f.evidence(k, sides, k + 1 if k < reach else end))
            reach = max(reach, end)
        f.gaps[key] = found
    return found


def _weigh_boundaries(f: _Lines, model: CueModel, pending: list[int], sides: _Sides, opens: int
                      ) -> list[Boundary]:
    """The gap's candidates weighed by the model, each a new Boundary (its decision and note are
    taken anew)."""
    cues = _weigh_gap(f, pending, sides, opens)
    return [weigh(model, k, f.lines[k].number, c) for k, c in zip(pending, cues)]


def _split_range(f: _Lines, model: CueModel | None, start: int, stop: int, weighed: dict[int, Boundary],
                 until: int | None = None, truth: _Truth | None = None) -> list[int]:
    """The story starts found in lines start..stop-1 (a story already starts at `start`); every
    candidate weighed goes into `weighed`, an earlier accepted decision never overwritten.
    With `until`, only the starts up to the first paragraph past that line are looked for: the
    lines after it cannot change whether it starts a story. With `truth` (and no model), the
    known starts decide, and the candidates are labelled."""
    starts = [start]
    pending: list[int] = []
    sections: list[tuple[int, int]] = []  # the current story's gaps that did not break it
    has_body = False
    after = start - 1  # the last paragraph so far

    def record(b: Boundary) -> None:
        if not (b.index in weighed and weighed[b.index].accepted):
            weighed[b.index] = b

    candidate, events = f.candidate, f.events
    for i in events[bisect_left(events, start):bisect_left(events, stop)]:
        if has_body and candidate[i]:
            pending.append(i)
        if f.paragraph[i]:
            if pending:
                sides = _Sides(f, starts[-1], after, pending[0], i, stop, sections)
                if truth is not None:
                    chosen = truth.decide(list(zip(pending, _weigh_gap(f, pending, sides, i))), after, i)
                else:
                    assert model is not None
                    gap = _weigh_boundaries(f, model, pending, sides, i)
                    best = max(gap, key=lambda b: b.probability)  # the first on a tie
                    # A headline printed twice opens its story at its first copy, which the
                    # captions and labels between the copies belong to.
                    best = next(b for b in gap if b.passes and f.normal(b.index) == f.normal(best.index)) \
                        if best.passes else best
                    chosen = best.index if best.passes else None
                    if chosen is not None:
                        best.accepted = True
                        for b in gap:
                            if b is not best and b.passes:
                                b.note = f"; line {best.line} opens the story more strongly"
                    for b in gap:
                        record(b)
                if chosen is not None:
                    starts.append(chosen)
                    sections = []
                else:
                    sections.append((pending[0], i))
                pending = []
            has_body, after = True, i
            if until is not None and i > until:
                return starts[1:]
    if model is not None:
        # Candidates after the last paragraph (teasers at the end of a page) open no body text.
        sides = _Sides(f, starts[-1], after, pending[0] if pending else stop, stop, stop, sections)
        for b in _weigh_boundaries(f, model, pending, sides, stop):
            if b.passes:
                b.note = "; no paragraph follows, kept with the story before"
            record(b)
    return starts[1:]
