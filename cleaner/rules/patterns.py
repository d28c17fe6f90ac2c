"""Pattern rules: a regular expression, or a set of exact lines, and where a match goes, loaded
from TOML data.

The built-in rules live in builtin.toml; users add their own in the same format with
`--rules FILE.toml`, and `clean --learn --save-rules FILE.toml` writes one. Each rule is a
`[[rule]]` table:

    id          stable id, lower-case words joined by dashes        (required)
    description one line: what the rule removes and why             (required)
    pattern     a `regex`-module pattern                            (this or `lines`)
    lines       exact lines: a line matches when it equals one of them once case and runs of
                white space are folded (a set lookup, no regex)     (this or `pattern`)
    field       drop | captions | title | date | dateline | byline  (default: drop)
    match       line: the pattern must match the whole line (stripped);
                prefix: it matches at the start of the line and the matched piece is cut
                (default: line)
    max_words   a line rule skips lines with more white-space-separated
                words than this (or 20 times as many characters)    (default: 60)
    examples    lines the rule must mark                            (required, at least one)
    keeps       lines it must leave alone                           (optional)
    sources     globs of source paths the rule is limited to; a glob of k parts is also
                tried on the last k parts of the file's own path    (optional: every source)
    domains     sites the rule is limited to: a file naming one of them (sites.domain_of)
                matches, whatever its path                           (optional)
    reason      why a piece was taken, shown with each removal      (optional)
    order       first: before the built-in rules; last: after every other rule, on the
                lines they leave in the text, which they all see     (default: first)

A named group `value` gives the metadata value (the date to read, the dateline without its
dash); a date that cannot be read as a calendar date leaves the line alone. A `lines` rule
matches whole lines only (`match = "line"`), and its value is the line itself.
"""
from __future__ import annotations

import fnmatch
import hashlib
import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import regex

from ..dates import to_iso
from ..document import NOWHERE, Field, Line, Location, Mark
from ..features import normalise
from .base import LATE, Context
from .lines import ANY_LENGTH, LineRule
from .screen import Condition, Folding, condition, top_level

# Seconds one match of a user rule may take. A user pattern that backtracks catastrophically is
# reported and skipped for the rest of the input instead of hanging the run. Built-in patterns
# are reviewed and tested instead: the timeout check makes every match about five times slower.
MATCH_TIMEOUT = 0.25
_ID = regex.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_FIELDS = {f.value: f for f in Field if f is not Field.BODY}
_KEYS = {"id", "description", "pattern", "lines", "field", "match", "max_words", "examples", "keeps", "sources",
         "domains", "reason", "order"}
DEFAULT_MAX_WORDS = 60


BUILTIN = "built-in"


class RuleFileError(ValueError):
    """A rule file that cannot be used; the message names the file and the rule."""


def line_digest(text: str) -> bytes:
    """A line's identity for `lines` rules and for learning: 8 bytes of blake2b over its
    normalised text, so a set of lines can be held, counted and compared without the texts."""
    return hashlib.blake2b(normalise(text).encode("utf-8", "surrogatepass"), digest_size=8).digest()


class PatternRule(LineRule):
    def __init__(self, spec: dict[str, Any], origin: str, digests: frozenset[bytes] | None = None) -> None:
        """A rule from its `[[rule]]` table. `digests` builds a `lines` rule from the digests of
        its lines (learned lines whose texts are not held yet): then `lines` and `examples` are
        not needed."""
        where = f"{origin}: rule {spec.get('id', '?')!r}"
        unknown = set(spec) - _KEYS
        if unknown:
            raise RuleFileError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        for key in ("id", "description") + (() if digests is not None else ("examples",)):
            if key not in spec:
                raise RuleFileError(f"{where}: missing {key!r}")
        if ("pattern" in spec) == ("lines" in spec or digests is not None):
            raise RuleFileError(f"{where}: needs either 'pattern' or 'lines'")
        if not _ID.match(str(spec["id"])):
            raise RuleFileError(f"{where}: ids are lower-case words joined by dashes")
        self.id = spec["id"]
        self.description = str(spec["description"])
        self.origin = origin
        self.timeout = None if origin == BUILTIN else MATCH_TIMEOUT
        field = _FIELDS.get(spec.get("field", "drop"))
        if field is None:
            raise RuleFileError(f"{where}: field must be one of drop, captions, title, date, dateline, byline")
        self.field = field
        self.match = spec.get("match", "line")
        if self.match not in ("line", "prefix"):
            raise RuleFileError(f"{where}: match must be 'line' or 'prefix'")
        self.reason = spec.get("reason", "")
        if not isinstance(self.reason, str):
            raise RuleFileError(f"{where}: reason must be a string")
        self.max_words = spec.get("max_words", DEFAULT_MAX_WORDS)
        if not isinstance(self.max_words, int) or isinstance(self.max_words, bool) or self.max_words < 1:
            raise RuleFileError(f"{where}: max_words must be a whole number of at least 1")
        # The longest text a line rule looks at: white-space words, with a length cap for scripts
        # written without spaces. A prefix rule looks at every line.
        self.max_spaces = self.max_words - 1 if self.match == "line" else ANY_LENGTH
        self.max_chars = 20 * self.max_words if self.match == "line" else ANY_LENGTH
        self.pattern: regex.Pattern[str] | None = None
        self.screen: regex.Pattern[str] | None = None  # with after_screen: see _lookahead_screen
        self.after_screen: regex.Pattern[str] | None = None
        self.digests = digests
        if "pattern" in spec:
            try:
                self.pattern = regex.compile(spec["pattern"], regex.V0)
            except regex.error as exc:
                raise RuleFileError(f"{where}: bad pattern: {exc}") from None
            if self.match == "line":
                self.screen, rest = _lookahead_screen(spec["pattern"])
                self.after_screen = rest or self.pattern
        elif digests is None:
            self.digests = _line_digests(spec["lines"], where)
            self._check_length(spec["lines"], "line", where)
        if self.digests is not None and self.match != "line":
            raise RuleFileError(f"{where}: a 'lines' rule matches whole lines (match = 'line')")
        order = spec.get("order", "first")
        if order not in ("first", "last"):
            raise RuleFileError(f"{where}: order must be 'first' or 'last'")
        if order == "last":
            # It runs after every other rule, on what they leave in the text, so that they see
            # every line as they would without it (a menu all its items long): learned rules.
            self.phase = LATE
        self.examples = tuple(_strings(spec.get("examples", []), where, "examples"))
        self.keeps = tuple(_strings(spec.get("keeps", []), where, "keeps"))
        if not self.examples and digests is None:
            raise RuleFileError(f"{where}: needs at least one example")
        self._check_length(self.examples, "example", where)
        self.sources = tuple(_strings(spec.get("sources", []), where, "sources"))
        self.domains = tuple(d.strip().lower() for d in _strings(spec.get("domains", []), where, "domains"))

    def _check_length(self, texts: list[str] | tuple[str, ...], what: str, where: str) -> None:
        """Refuse a text the rule could never mark for its length, naming the limit: a line
        rule skips lines of more than `max_words` words (spaces + 1) or 20 times as many
        characters."""
        for text in texts:
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            if lines and all(line.count(" ") > self.max_spaces or len(line) > self.max_chars for line in lines):
                line = lines[0]
                raise RuleFileError(
                    f"{where}: {what} {_cut(line)!r} has {line.count(' ') + 1} words and {len(line)} characters; "
                    f"a line rule skips lines of more than max_words = {self.max_words} words or "
                    f"{self.max_chars} characters (20 per word): shorten it or set max_words higher")

    def applies_to(self, source: str, location: Location = NOWHERE) -> bool:
        """With no `sources` and no `domains`, every input. Else an input whose domain is one
        of `domains`, or whose source, file name or own path matches a `sources` glob: a glob
        of k parts (`siteA/*`: 2) is also tried on the last k parts of the file's path (its
        folder and its name), so a folder's rule applies however a run names that folder."""
        if not self.sources and not self.domains:
            return True
        if location.domain is not None and location.domain in self.domains:
            return True
        name = source.rsplit("/", 1)[-1]
        for g in self.sources:
            depth = g.count("/")
            own = "/".join((*location.folders[max(0, len(location.folders) - depth):], name)) if depth else name
            if fnmatch.fnmatchcase(source, g) or fnmatch.fnmatchcase(name, g) or fnmatch.fnmatchcase(own, g):
                return True
        return False

    def condition(self, folding: Folding) -> Condition | None:
        if self.pattern is None:
            return None
        found = condition(self.pattern.pattern, folding)
        if self.match == "prefix" and found.starts:
            # A prefix rule matches the line as it is, before stripping: only `holds` apply.
            found = Condition(frozenset(), found.starts | found.holds, found.always)
        return found

    def _value(self, m: regex.Match[str], piece: str) -> str | None:
        """The metadata value of a match, or None when the match carries no usable value."""
        return self._line_value(m.groupdict().get("value") or piece)

    def _line_value(self, raw: str) -> str | None:
        if self.field is Field.DATE:
            return to_iso(raw)
        return " ".join(raw.split())

    def mark(self, line: Line, text: str, ctx: Context) -> bool:
        """Mark the line whose unmarked rest is `text` (stripped), or cut a prefix; True when it did.
        Raises TimeoutError when the pattern runs past the rule's timeout. (Every match keeps the
        interpreter lock, `concurrent=False`: see features.WORD.)"""
        pattern = self.pattern
        if pattern is None:  # a `lines` rule
            value = self._line_value(text) if self.digests is not None and line_digest(text) in self.digests else None
        elif self.match == "prefix":
            start = line.prefix_end
            m = pattern.match(line.text, pos=start, timeout=self.timeout, concurrent=False)
            if m is None or m.end() == start:
                return False
            value = self._value(m, m.group(0))
            if value is not None:
                line.cut(m.end(), Mark(self.field, self.id, self.reason, value))
            return value is not None
        else:
            screen, rest = self.screen, self.after_screen
            if screen is None or rest is None or "\n" in text:
                m = pattern.fullmatch(text, timeout=self.timeout, concurrent=False)
            elif screen.search(text, timeout=self.timeout, concurrent=False):
                m = rest.fullmatch(text, timeout=self.timeout, concurrent=False)
            else:
                return False
            if m is None:
                return False
            value = self._value(m, text)
        if value is not None:
            line.mark = Mark(self.field, self.id, self.reason, value)
        return value is not None


_GLOBAL_FLAGS = regex.compile(r"\(\?([aiLmsux]+)\)")
_LEAD = regex.compile(r"\(\?=\s*\.\s*\*\s*\??")
_SPACE_OR_COMMENT = regex.compile(r"(?:\s+|#[^\n]*)*")


def _lookahead_screen(pattern: str) -> tuple[regex.Pattern[str] | None, regex.Pattern[str] | None]:
    """A cheaper test that every match of a line pattern passes, and the rest of the pattern, to
    match a text of one line that passed (None: the whole pattern); or None, None.

    Many rules open with a lookahead `(?=.*?X)` that needs X somewhere in the line, so most
    lines fail it after the engine has tried X at every position from inside the lookahead;
    a plain search for X, run first, turns those lines away much faster. Only a lookahead
    that binds the whole pattern (no `|` at the top level) is a condition on every match.
    On a text without a line break the search finding X is what the lookahead asserts (`.`
    then reaches every position), so the rest of the pattern decides alone, and the lookahead
    is not run twice. A lookahead that captures a group is kept, to keep the groups, and so is
    one with a `|` of its own, whose other branches bind only the start."""
    flags = ""
    m = _GLOBAL_FLAGS.match(pattern)
    if m:
        flags, pattern = m.group(1), pattern[m.end():]
    verbose = "x" in flags
    space = _SPACE_OR_COMMENT.match(pattern) if verbose else None
    pos = space.end() if space is not None else 0
    lead = _LEAD.match(pattern, pos)
    layout = top_level(pattern, verbose)
    if lead is None or layout is None:
        return None, None
    groups, bars = layout
    if bars or not groups or groups[0][0] != pos:
        return None, None
    flags = f"(?{flags})" if flags else ""
    body = pattern[lead.end():groups[0][1] - 1]
    # `(?=.*?X|Y)` asks for X anywhere or Y at the start: a search for `X|Y` still screens it,
    # but finding Y elsewhere does not stand for the lookahead.
    inner = top_level(body, verbose)
    try:
        screen = regex.compile(flags + body, regex.V0)
        rest = regex.compile(flags + pattern[groups[0][1]:], regex.V0) \
            if not screen.groups and inner is not None and not inner[1] else None
    except regex.error:
        return None, None
    return screen, rest


def _line_digests(value: Any, where: str) -> frozenset[bytes]:
    lines = _strings(value, where, "lines")
    if not lines or not all(line.strip() for line in lines):
        raise RuleFileError(f"{where}: lines must be a non-empty list of non-blank lines")
    if any("\n" in line or "\r" in line for line in lines):
        raise RuleFileError(f"{where}: each of lines must be one line")
    return frozenset(line_digest(line) for line in lines)


def _cut(text: str, size: int = 40) -> str:
    """The start of a long text, for a message."""
    return text if len(text) <= size else text[:size] + "…"


def _strings(value: Any, where: str, key: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise RuleFileError(f"{where}: {key} must be a string or a list of strings")


def load_rule_file(path: str | Path, origin: str | None = None) -> list[PatternRule]:
    """Read the `[[rule]]` tables of a TOML file, or raise RuleFileError saying what is wrong."""
    path = Path(path)
    origin = origin or str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(f"{origin}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise RuleFileError(f"{origin}: not valid TOML: {exc}") from None
    specs = data.get("rule", [])
    if set(data) - {"rule"} or not isinstance(specs, list):
        raise RuleFileError(f"{origin}: expected only [[rule]] tables")
    return [PatternRule(spec, origin) for spec in specs]


@lru_cache(maxsize=1)
def builtin_patterns() -> tuple[PatternRule, ...]:
    """The built-in pattern rules (builtin.toml beside this module), read once: they never change."""
    data = resources.files(__package__).joinpath("builtin.toml")
    with resources.as_file(data) as path:
        return tuple(load_rule_file(path, origin=BUILTIN))
