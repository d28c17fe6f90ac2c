"""The line pass: the `LineRule` protocol, and running line rules over a document's lines.

A line rule decides from one line alone (its text, or its markup), so the line rules run first,
line by line, before any rule weighs a line against its neighbours. Pattern rules
(`patterns.py`) and markup rules (`markup.py`) are line rules. A `LinePass` holds an ordered
list of them with the screen (`screen.py`) that finds, for all of them at once, the lines each
could match: a line no rule can match costs no regex call.
"""
from __future__ import annotations

from abc import abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress

from ..document import BODY, Document, Line
from .base import LINE, Context, Rule
from .screen import Condition, Folding, Screen

ANY_LENGTH = 1 << 30  # the limits of a rule that looks at lines of any length


class LineRule(Rule):
    """A rule that marks one line from what that line alone shows: a whole line, or a prefix it
    cuts. The line pass tries the rules in order on each line (see `mark_line`)."""

    phase = LINE
    max_spaces: int = ANY_LENGTH
    """The rule skips a line (stripped, past its prefixes) that holds more spaces than this..."""
    max_chars: int = ANY_LENGTH
    """...or more characters than this."""
    timeout: float | None = None
    """Seconds one `mark` may take before it raises TimeoutError; None: no limit."""
    structure_only: bool = False
    """The rule reads only markup: a line without `Line.structure` (text input) is never marked."""

    @abstractmethod
    def mark(self, line: Line, text: str, ctx: Context) -> bool:
        """Mark the line whose unmarked rest is `text` (stripped), or cut a prefix from it; True
        when it did. Raises TimeoutError when it runs past `timeout`."""

    def condition(self, folding: Folding) -> Condition | None:
        """What a line must meet for `mark` to mark it, its literals folded with `folding`;
        None: any line may be marked."""
        return None

    def apply(self, doc: Document, start: int, stop: int, ctx: Context) -> bool:
        return any([mark_line(line, (self,), ctx) for line in doc.lines[start:stop]])


@dataclass(frozen=True)
class LinePass:
    """Line rules in the order they run, with the screen that finds the lines each could match.

    A screen is costly to build and serves every input: a `RuleSet` keeps one for its line
    rules, and an input leaves out (`off`) the rules that do not apply to its source."""

    rules: tuple[LineRule, ...]
    screen: Screen
    structure_only: int  # bit k: rules[k] reads only markup
    off: frozenset[int] = frozenset()  # positions of rules left out

    @classmethod
    def of(cls, rules: Sequence[LineRule]) -> LinePass:
        rules = tuple(rules)
        # One folding for the screen, so that the literals folded for one rule fit the text
        # folded for another.
        folding = Folding()
        screen = Screen([rule.condition(folding) for rule in rules], folding, [rule.max_spaces for rule in rules])
        return cls(rules, screen, sum(1 << k for k, rule in enumerate(rules) if rule.structure_only))

    def without(self, off: frozenset[int]) -> LinePass:
        """The same pass with the rules at the positions `off` left out."""
        return LinePass(self.rules, self.screen, self.structure_only, off)

    @property
    def active(self) -> tuple[LineRule, ...]:
        """The rules that run, in order."""
        if not self.off:
            return self.rules
        return tuple(rule for k, rule in enumerate(self.rules) if k not in self.off)


def mark_line(line: Line, rules: Sequence[LineRule], ctx: Context) -> bool:
    """Apply line rules to one line, in order, until none applies: a cut prefix (a date) can
    expose another (a dateline). The first rule that marks the whole line decides it. True when
    anything was marked."""
    changed = False
    failed = ctx.failed
    while line.mark is BODY:
        text = line.rest.strip()
        if not text:
            break
        spaces, chars = text.count(" "), len(text)
        for rule in rules:
            if spaces > rule.max_spaces or chars > rule.max_chars or (failed and rule.id in failed):
                continue
            if _mark(rule, line, text, ctx):
                changed = True
                break
        else:
            break
    return changed


def _mark(rule: LineRule, line: Line, text: str, ctx: Context) -> bool:
    """rule.mark(line, text, ctx); a rule that runs past its timeout is reported and skipped for the
    rest of the input."""
    try:
        return rule.mark(line, text, ctx)
    except TimeoutError:
        ctx.failed.add(rule.id)
        ctx.warnings.append(
            f"rule {rule.id} ({rule.origin}) took over {rule.timeout}s on line {line.number}; "
            "skipped for the rest of this input")
        return False


def mark_lines(lines: Sequence[Line], rules: LinePass | Sequence[LineRule], ctx: Context) -> bool:
    """mark_line for every line of a document, with the same result, but each rule is tried only
    on the lines its screen lets through (see screen.py): lines no rule can match cost no
    regex call. A sequence of rules gets a screen of its own. True when anything was marked."""
    line_pass = rules if isinstance(rules, LinePass) else LinePass.of(rules)
    active = line_pass.active
    screen = line_pass.screen
    off = sum(1 << k for k in line_pass.off)
    # Rules that read only markup never mark a line of a text input.
    structure_only = line_pass.structure_only
    skip = off | (0 if any(line.structure is not None for line in lines) else structure_only)
    masks = screen.candidates([line.rest for line in lines], skip) if lines else None
    if masks is None:
        return any([mark_line(line, active, ctx) for line in lines])
    changed = False
    for line, mask in compress(zip(lines, masks), masks):
        if off:
            mask &= ~off
        if structure_only and line.structure is None:
            mask &= ~structure_only
        if mask and line.mark is BODY and _mark_screened(line, line_pass.rules, active, mask, ctx):
            changed = True
    return changed


def _mark_screened(line: Line, rules: tuple[LineRule, ...], active: tuple[LineRule, ...], mask: int,
                   ctx: Context) -> bool:
    """mark_line's first round over the rules in `mask` (bit k: rules[k]); the rules left out
    cannot match the line. A cut prefix changes the line, so all active rules then look at the rest."""
    text = line.rest.strip()
    if not text:
        return False
    spaces, chars = text.count(" "), len(text)
    failed = ctx.failed
    while mask:
        low = mask & -mask
        mask ^= low
        rule = rules[low.bit_length() - 1]
        if not (spaces > rule.max_spaces or chars > rule.max_chars or (failed and rule.id in failed)) \
                and _mark(rule, line, text, ctx):
            if line.mark is BODY:
                mark_line(line, active, ctx)
            return True
    return False
