"""One input through the whole flow: lines → rules mark → splitter cuts → articles."""
from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .articles import Article, assemble
from .document import Document, Line, Location, Note
from .readers import InputError, read_document
from .rules import DOCUMENT, LATE, STORY, Context, Rule, RuleSet, mark_lines
from .settings import DEFAULT, Settings
from .sites import domain_of
from .split import Boundary, split


@dataclass
class Result:
    """What cleaning one input gave: its articles, the splitter's decisions and any warnings."""

    source: str
    articles: list[Article] = field(default_factory=list)
    boundaries: list[Boundary] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)  # the reader's and the rules', for --explain
    # The marked lines, each with the marks the rules left on it, when the cleaner was asked to
    # keep them (`keep_lines`): a report shows every line, kept ones too, in its place.
    lines: list[Line] | None = None
    split: bool = True  # whether the input was split into stories (Settings.split), for --explain


class Cleaner:
    """A configured cleaner. It holds only its immutable rule set and settings, so one instance
    can serve many threads, and it pickles for worker processes. `settings` overrides the
    default thresholds (see `cleaner.settings`); with `keep_lines`, each Result holds the marked
    lines too (Result.lines). With `explain`, every candidate story break in Result.boundaries
    is weighed on all its cues, as --explain and a report page show them; without it, the
    splitter stops working out a candidate's cues once the model rules a break out whatever the
    rest add (split.COMPARED_GROUPS), which saves most of their cost and decides the same."""

    def __init__(self, rules: RuleSet | None = None, *, rule_files: Iterable[str | Path] = (),
                 disable: Iterable[str] = (), settings: Settings | None = None, keep_lines: bool = False,
                 explain: bool = False) -> None:
        self.rules = rules if rules is not None else RuleSet.load(rule_files, disable)
        self.settings = settings if settings is not None else DEFAULT
        self.keep_lines = keep_lines
        self.explain = explain

    def clean_lines(self, source: str, lines: Iterable[tuple[int, str]], key: str | None = None) -> Result:
        """Clean numbered lines that came from `source`. Article ids derive from `key` (default:
        the source), which tells apart two inputs of one run that share a source name, and from
        the text of the lines."""
        return self.clean_document(Document.from_lines(source, lines), key)

    def clean_document(self, doc: Document, key: str | None = None) -> Result:
        """Clean a document a reader made; article ids derive from `key` (default: its source)
        and from its text (Document.digest)."""
        source = doc.source
        content = doc.digest()
        if self.rules.fields_off:
            doc.meta = {f: value for f, value in doc.meta.items() if f not in self.rules.fields_off}
        ctx = self.mark(doc)
        if not self.settings.split or _one_story(doc):
            # Splitting is off, or a page's markup holds one story: one article, however its text reads.
            segments, boundaries = [(0, len(doc.lines))], list[Boundary]()
        else:
            segments, boundaries = split(doc, self.settings.split_model, ctx.state(doc), self.explain)
        story_rules = self.rules.for_phase(STORY, source, doc.location)
        recheck_rules = [rule for rule in self.rules.for_phase(DOCUMENT, source, doc.location) if rule.recheck]
        articles: list[Article] = []
        opened = {b.index: b for b in boundaries if b.accepted}
        # No article without text, and none of chrome alone: a story with no text, or with no
        # main text of its own (the paragraph scorer found it chrome beside the page's main
        # text: a form, a comment policy, a teaser list the splitter cut off), joins the story
        # before it, or else the one after it. Each story is cleaned alone first; an article
        # that took in its neighbours is cleaned again as one once it is complete, so that the
        # scorer weighs the chrome against the main text (once: a run of joins costs one pass).
        spans: list[tuple[int, int]] = []  # each article's lines
        grown: list[bool] = []  # whether it took in a neighbour
        pending = ""  # why the stories before the first article joined it
        beside = ctx.state(doc).without_main_text
        for start, stop in segments:
            self.clean_story(doc, start, stop, ctx, story_rules, recheck_rules)
            article = assemble(doc, start, stop, len(articles), key or source, content)
            why = ""
            if not article.text:
                why = NO_TEXT
            elif len(segments) > 1 and (start, stop) in beside:
                why = NO_MAIN_TEXT
            if not why:
                note = pending and f"; the story before it has {pending}, so it joins this one"
                spans.append((0 if pending else start, stop))
                grown.append(bool(pending))
                articles.append(article)
                pending = ""
            elif articles:
                spans[-1], grown[-1] = (spans[-1][0], stop), True
                note = f"; the story it opens has {why}, so it joins the one before"
            else:
                pending = why
                continue
            if note and start in opened:
                opened[start].accepted = False
                opened[start].note += note
        for k, (first, end) in enumerate(spans):
            if grown[k]:
                self.clean_story(doc, first, end, ctx, story_rules, recheck_rules)
                articles[k] = assemble(doc, first, end, k, key or source, content)
        if not articles:
            article = assemble(doc, 0, len(doc.lines), 0, key or source, content)
            if article.removed:
                articles.append(article)
        if not any(article.text for article in articles) and _from_markup(doc):
            # The markup led every line out (no main content found, or the wrong one): the
            # page's visible text, cleaned as text, rather than nothing.
            result = self.clean_document(Document(source, [Line(line.number, line.text) for line in doc.lines],
                                                  doc.meta, location=doc.location, text_digest=content), key)
            result.warnings.insert(0, "no text kept by the page's markup: cleaned as plain text")
            return result
        ctx.release()
        return Result(source, articles, boundaries, ctx.warnings, doc.notes, doc.lines if self.keep_lines else None,
                      self.settings.split)

    def clean_story(self, doc: Document, start: int, stop: int, ctx: Context, story_rules: list[Rule],
                    recheck_rules: list[Rule]) -> None:
        """The story stage over doc.lines[start:stop]: the story rules, the document rules that
        look again once a story's lines are marked, and the late rules."""
        for rule in story_rules:
            rule.apply(doc, start, stop, ctx)
        _run_until_stable(doc, recheck_rules, start, stop, ctx)
        self.mark_late(doc, start, stop, ctx)

    def mark(self, doc: Document) -> Context:
        """The line and document stages: the lines of `doc` marked, ready to split. Returns the
        input's context, which the later stages carry on with."""
        ctx = self.mark_line_stage(doc)
        _run_until_stable(doc, self.rules.for_phase(DOCUMENT, doc.source, doc.location), 0, len(doc.lines), ctx)
        return ctx

    def mark_line_stage(self, doc: Document) -> Context:
        """The first stage alone: the line rules mark each line of `doc` from its own text.
        Returns the input's context, which the later stages carry on with."""
        ctx = Context(doc.source, self.settings)
        mark_lines(doc.lines, self.rules.line_pass(doc.source, doc.location), ctx)
        return ctx

    def mark_late(self, doc: Document, start: int, stop: int, ctx: Context) -> None:
        """The last stage, over doc.lines[start:stop]: the rules of order last (learned rules)
        mark what every other rule left in the text, so they only ever add removals."""
        late = self.rules.line_pass(doc.source, doc.location, LATE)
        if late.active:
            mark_lines(doc.lines[start:stop], late, ctx)

    def clean_text(self, text: str, source: str = "-") -> list[Article]:
        """Clean a decoded string (any newline convention) and return its articles."""
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        return self.clean_lines(source, enumerate(text.split("\n"), 1)).articles

    def clean_data(self, data: bytes, source: str = "-", key: str | None = None, *, is_html: bool = False,
                   path: str | Path | None = None) -> Result:
        """Clean raw bytes; the encoding is detected and HTML recognised (`is_html` says it is
        HTML where the source's name cannot). `path` is the file they were read from, for rules
        limited to some sources (see `read`). Raises InputError."""
        return self.clean_document(self.read(data, source, is_html=is_html, path=path), key)

    def read(self, data: bytes, source: str = "-", *, is_html: bool = False, path: str | Path | None = None) -> Document:
        """Raw bytes as a document, with its location for the rules limited to some sources:
        the folders of `path`, the file they were read from, and the site the input names when
        a rule is limited to some domains. Raises InputError."""
        doc = read_document(source, data, self.settings.html, is_html=is_html)
        folders = Path(os.path.abspath(path)).parent.parts[1:] if path is not None else ()
        domain = domain_of(data, doc) if self.rules.by_domain else None
        if folders or domain:
            doc.location = Location(folders, domain)
        return doc

    def clean_bytes(self, data: bytes, source: str = "-") -> list[Article]:
        return self.clean_data(data, source).articles

    def clean_path(self, path: str | Path, source: str | None = None) -> list[Article]:
        """Clean one file; `source` defaults to its name. Raises InputError or OSError."""
        path = Path(path)
        return self.clean_data(path.read_bytes(), source or path.name).articles


# Why a story joins its neighbour, for the note on the break it opened.
NO_TEXT = "no text"
NO_MAIN_TEXT = "no main text of its own"


def _from_markup(doc: Document) -> bool:
    return any(line.structure is not None for line in doc.lines)


def _one_story(doc: Document) -> bool:
    """An HTML page whose reader found one story (several are numbered by their <article>)."""
    return _from_markup(doc) and all(line.structure is None or line.structure.article <= 0 for line in doc.lines)


def _run_until_stable(doc: Document, rules: list[Rule], start: int, stop: int, ctx: Context) -> None:
    """Apply the rules to doc.lines[start:stop] in turn, round after round, until a round
    changes nothing.

    A rule decides from the marks alone, so one that found nothing finds nothing again while no
    rule has marked anything since: it is not asked again then. That skips most of the last
    round, which only confirms that nothing changes."""
    calls = last_change = 0
    quiet: dict[int, int] = {}  # rule position -> the call at which it last found nothing
    changed = True
    while changed:
        changed = False
        for k, rule in enumerate(rules):
            if quiet.get(k, -1) > last_change:
                continue
            calls += 1
            if rule.apply(doc, start, stop, ctx):
                changed, last_change = True, calls
                quiet.pop(k, None)
            else:
                quiet[k] = calls


__all__ = ["Cleaner", "InputError", "Result"]
