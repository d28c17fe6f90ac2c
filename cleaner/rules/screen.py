"""Screens for pattern rules: which lines of a document a rule's pattern could possibly match,
found for all rules at once, so that a line no rule can match costs no regex call at all.

A rule's pattern is read (not run) for what every match must contain: literal text it must
start with (`Share`, `Follow us`) or must hold somewhere (`©`, `cookie`, `@`). From a pattern
`(?i)share|print|.{1,40}\\sread more` that is: starts with `share` or `print`, or contains
`read more`. A document is then searched with plain string searches, once for the start that
a few literals share, and only over the lines short enough for a rule that needs them (a rule
skips lines of more words than its `max_words`); only the lines that meet a rule's condition are
handed to the rule. The pattern still decides: the screen only ever turns away a line the
pattern cannot match, so the output is the same.

The reading is conservative. Whatever it does not know for certain (back references, fuzzy
matching, recursion, an unusual flag) leaves the rule without a screen, and it is then tried on
every line as before. Case-insensitive literals are compared in a case-folded form made from
the `regex` module's own case tables, so a literal matches every text the pattern's
case-insensitive match accepts.
"""
from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from os.path import commonprefix
from typing import TypeGuard

import regex

try:  # the `regex` module's own table of which characters match which under IGNORECASE
    # A private function of the C module, which the type stubs do not declare.
    from regex._regex import get_all_cases as _get_all_cases  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another build of `regex`
    _get_all_cases = None

_IGNORECASE_FLAGS = 2 | 32  # regex.IGNORECASE | regex.UNICODE

# Exact-string sets larger than this, or strings longer than this, are not tracked exactly.
_MAX_STRINGS = 64
_MAX_LENGTH = 40


class Unsupported(Exception):
    """The pattern uses something the reader does not handle; the rule gets no screen."""


# --- the pattern's syntax tree --------------------------------------------------------------

@dataclass(frozen=True)
class _Lit:
    """A literal character (matched case-insensitively or not: Folding treats both alike)."""

    char: str


@dataclass(frozen=True)
class _Set:
    """One character out of `chars`, or out of an unknown set (None): `.`, `\\w`, `[a-z]`..."""

    chars: frozenset[str] | None
    digit: bool = False  # `\\d`


@dataclass(frozen=True)
class _Opaque:
    """Consumes text the reader cannot describe (a back reference, a grapheme)."""


@dataclass(frozen=True)
class _Zero:
    """An anchor or a negative look-around: consumes nothing, promises nothing."""


@dataclass(frozen=True)
class _Ahead:
    """A positive lookahead: consumes nothing, but the text from here on matches `node`."""

    node: object


@dataclass(frozen=True)
class _Seq:
    items: tuple[object, ...]


@dataclass(frozen=True)
class _Alt:
    branches: tuple[object, ...]


@dataclass(frozen=True)
class _Repeat:
    node: object
    least: int
    most: int | None


_CLASS_ESCAPES = frozenset("dDwWsS")
_ZERO_ESCAPES = frozenset("bBAZGmM")
_CONTROL_ESCAPES = {"a": "\a", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_SCOPED_FLAGS = frozenset("imsxauw")
_HEX = frozenset("0123456789abcdefABCDEF")


class _Parser:
    """A recursive-descent reader of `regex`-module (version 0) syntax; raises Unsupported for
    anything it does not know exactly."""

    def __init__(self, pattern: str) -> None:
        self.p = pattern
        self.i = 0

    def parse(self) -> object:
        verbose = False
        while self.p.startswith("(?", self.i):
            end = self.p.find(")", self.i)
            flags = self.p[self.i + 2:end] if end > 0 else ""
            if not flags or not all(c in _SCOPED_FLAGS for c in flags):
                break
            verbose |= "x" in flags
            self.i = end + 1
        node = self.alternation(verbose)
        if self.i != len(self.p):
            raise Unsupported("unbalanced parenthesis")
        return node

    def skip(self, verbose: bool) -> None:
        """Skip what verbose mode ignores: white space and comments."""
        if not verbose:
            return
        p, n = self.p, len(self.p)
        while self.i < n:
            c = p[self.i]
            if c.isspace():
                self.i += 1
            elif c == "#":
                end = p.find("\n", self.i)
                self.i = n if end < 0 else end + 1
            else:
                break

    def alternation(self, verbose: bool) -> object:
        branches = [self.sequence(verbose)]
        while self.i < len(self.p) and self.p[self.i] == "|":
            self.i += 1
            branches.append(self.sequence(verbose))
        return branches[0] if len(branches) == 1 else _Alt(tuple(branches))

    def sequence(self, verbose: bool) -> object:
        items: list[object] = []
        while True:
            self.skip(verbose)
            if self.i >= len(self.p) or self.p[self.i] in "|)":
                return _Seq(tuple(items))
            atom = self.atom(verbose)
            items.append(self.quantified(atom, verbose))

    def quantified(self, atom: object, verbose: bool) -> object:
        self.skip(verbose)
        p = self.p
        if self.i >= len(p):
            return atom
        c = p[self.i]
        if c in "*+?":
            least, most = {"*": (0, None), "+": (1, None), "?": (0, 1)}[c]
            self.i += 1
        elif c == "{":
            end = p.find("}", self.i)
            body = p[self.i + 1:end] if end > 0 else ""
            low, comma, high = body.partition(",")
            if not body or not (low.isdigit() or not low) or not (high.isdigit() or not high) \
                    or not (low or high) or not (comma or low) or not body.isascii():
                raise Unsupported("a brace that is not a plain repeat")
            least = int(low) if low else 0
            most = (int(high) if high else None) if comma else least
            self.i = end + 1
        else:
            return atom
        if self.i < len(p) and p[self.i] in "?+":
            self.i += 1  # lazy or possessive: the same texts can match, or fewer
        after = self.i
        self.skip(verbose)
        if self.i < len(p) and p[self.i] in "*+?{":
            raise Unsupported("a repeat of a repeat")
        self.i = after
        if isinstance(atom, (_Zero, _Ahead)):
            return atom if least else _Zero()
        return _Repeat(atom, least, most)

    def atom(self, verbose: bool) -> object:
        p = self.p
        c = p[self.i]
        if c == "(":
            return self.group(verbose)
        if c == "[":
            return self.char_class()
        if c == "\\":
            return self.escape()
        self.i += 1
        if c == ".":
            return _Set(None)
        if c in "^$":
            return _Zero()
        if c in "*+?{":
            raise Unsupported("a repeat with nothing to repeat")
        return _Lit(c)

    def group(self, verbose: bool) -> object:
        p = self.p
        start = self.i
        self.i += 1
        look = None
        if p.startswith("?", self.i):
            rest = p[self.i + 1:self.i + 4]
            if rest.startswith("#"):
                end = p.find(")", self.i)
                if end < 0:
                    raise Unsupported("unclosed comment")
                self.i = end + 1
                return _Zero()
            if rest.startswith(":") or rest.startswith(">"):
                self.i += 2
            elif rest.startswith("="):
                self.i, look = self.i + 2, "ahead"
            elif rest.startswith("!") or rest.startswith("<=") or rest.startswith("<!"):
                self.i += 2 if rest.startswith("!") else 3
                look = "zero"
            elif rest.startswith("P<") or (rest.startswith("<") and rest[1:2].isidentifier()):
                end = p.find(">", self.i)
                if end < 0 or not p[self.i + (3 if rest.startswith("P") else 2):end].isidentifier():
                    raise Unsupported("a group name")
                self.i = end + 1
            elif rest.startswith("P="):
                end = p.find(")", self.i)
                if end < 0:
                    raise Unsupported("a back reference")
                self.i = end + 1
                return _Opaque()
            else:
                k = self.i + 1
                while k < len(p) and (p[k] in _SCOPED_FLAGS or p[k] == "-"):
                    k += 1
                flags = p[self.i + 1:k]
                if k >= len(p) or p[k] != ":" or not flags:
                    raise Unsupported(f"group {p[start:start + 6]!r}")
                on, _, off = flags.partition("-")
                if "-" in off:
                    raise Unsupported("flags")
                if "x" in on:
                    verbose = True
                if "x" in off:
                    verbose = False
                self.i = k + 1
        node = self.alternation(verbose)
        if self.i >= len(p) or p[self.i] != ")":
            raise Unsupported("unclosed group")
        self.i += 1
        if look == "ahead":
            return _Ahead(node)
        if look == "zero":
            return _Zero()
        return node

    def escape(self) -> object:
        p = self.p
        if self.i + 1 >= len(p):
            raise Unsupported("a trailing backslash")
        c = p[self.i + 1]
        self.i += 2
        if c in _CLASS_ESCAPES:
            return _Set(None, digit=c == "d")
        if c in _ZERO_ESCAPES:
            return _Zero()
        if c in "pP":
            if p.startswith("{", self.i):
                end = p.find("}", self.i)
                if end < 0:
                    raise Unsupported("a property")
                self.i = end + 1
            elif self.i < len(p) and p[self.i].isalpha():
                self.i += 1
            else:
                raise Unsupported("a property")
            return _Set(None)
        if c == "X":
            return _Opaque()
        char = self.char_escape(c)
        return _Lit(char)

    def char_escape(self, c: str) -> str:
        """The character an escape stands for (self.i is past `\\c`), or Unsupported."""
        p = self.p
        if c in _CONTROL_ESCAPES:
            return _CONTROL_ESCAPES[c]
        for letter, digits in (("x", 2), ("u", 4), ("U", 8)):
            if c == letter:
                code = p[self.i:self.i + digits]
                if len(code) != digits or not all(h in _HEX for h in code):
                    raise Unsupported("a hex escape")
                self.i += digits
                value = int(code, 16)
                if value > 0x10FFFF:
                    raise Unsupported("a hex escape")
                return chr(value)
        if c == "N" and p.startswith("{", self.i):
            end = p.find("}", self.i)
            try:
                char = unicodedata.lookup(p[self.i + 1:end]) if end > 0 else ""
            except KeyError:
                char = ""
            if len(char) != 1:
                raise Unsupported("a named character")
            self.i = end + 1
            return char
        if c.isalnum() or c == "_" or not c.isascii():
            raise Unsupported(f"the escape \\{c}")
        return c

    def char_class(self) -> object:
        """A character class; its characters are known only when it is a short positive list."""
        p = self.p
        self.i += 1
        negated = p.startswith("^", self.i)
        if negated:
            self.i += 1
        chars: set[str] | None = set()
        first = True
        while True:
            if self.i >= len(p):
                raise Unsupported("an unclosed class")
            c = p[self.i]
            if c == "]" and not first:
                self.i += 1
                break
            first = False
            if c == "[":
                raise Unsupported("a nested class")  # POSIX classes, set operations
            if c == "\\":
                if self.i + 1 >= len(p):
                    raise Unsupported("a trailing backslash")
                e = p[self.i + 1]
                self.i += 2
                if e in _CLASS_ESCAPES or e in "pP":
                    if e in "pP":
                        if p.startswith("{", self.i):
                            end = p.find("}", self.i)
                            if end < 0:
                                raise Unsupported("a property")
                            self.i = end + 1
                        elif self.i < len(p) and p[self.i].isalpha():
                            self.i += 1
                        else:
                            raise Unsupported("a property")
                    chars = None
                    continue
                char = "\b" if e == "b" else self.char_escape(e)
            else:
                char = c
                self.i += 1
            if p.startswith("-", self.i) and not p.startswith("-]", self.i):
                # A range; its end is read only to find where the class goes on.
                self.i += 1
                if self.i < len(p) and p[self.i] == "\\":
                    e = p[self.i + 1:self.i + 2]
                    self.i += 2
                    if not e or e in _CLASS_ESCAPES or e in "pP":
                        raise Unsupported("a range to a class")
                    self.char_escape(e)
                elif self.i < len(p) and p[self.i] != "[":
                    self.i += 1
                else:
                    raise Unsupported("a range")
                chars = None
                continue
            if chars is not None:
                chars.add(char)
        if negated or chars is None or not chars or len(chars) > 16:
            return _Set(None)
        return _Set(frozenset(chars))


def parse(pattern: str) -> object:
    """The syntax tree of a pattern, or Unsupported."""
    return _Parser(pattern).parse()


def top_level(pattern: str, verbose: bool) -> tuple[list[tuple[int, int]], list[int]] | None:
    """The spans of the pattern's top-level groups and the offsets of its top-level `|`; None
    when the reader does not know the pattern exactly. `verbose`: the pattern is read as with
    the `x` flag (its global flags already taken off)."""
    parser = _Parser(pattern)
    groups: list[tuple[int, int]] = []
    bars: list[int] = []
    try:
        while True:
            parser.skip(verbose)
            if parser.i >= len(pattern):
                return groups, bars
            start = pattern[parser.i]
            if start == "|":
                bars.append(parser.i)
                parser.i += 1
                continue
            if start == ")":
                return None
            begin = parser.i
            atom = parser.atom(verbose)
            if start == "(":
                groups.append((begin, parser.i))
            parser.quantified(atom, verbose)
    except (Unsupported, RecursionError):
        return None


# --- what every match must hold -------------------------------------------------------------

@dataclass(frozen=True)
class _Info:
    """What is known of the text a node matches, from where it starts: `exact`, every string
    it can match (None: not tracked); `starts`, strings the text there starts with; `holds`,
    strings at least one of which occurs in the text there. Strings are as `Folding` reads
    pattern characters; None means nothing is known."""

    exact: frozenset[str] | None
    starts: frozenset[str] | None
    holds: frozenset[str] | None
    # For a node that may match nothing: what its text starts with when it does match something.
    optional: frozenset[str] | None = None


_EMPTY = frozenset({""})
# Stands in `holds` for "some decimal digit" (`\\d`): no literal holds a line break.
DIGIT = "\n\\d"
_DIGIT_TO_END = regex.compile(r"\d.*")
_KEY = 4
_ANY = 1 << 30  # spaces: a rule that looks at lines of any length
_NOTHING = _Info(None, None, None)
_DIGITS = frozenset({DIGIT})
_ZERO = _Info(_EMPTY, None, None)


def _product(a: frozenset[str], b: frozenset[str]) -> frozenset[str] | None:
    if len(a) * len(b) > _MAX_STRINGS:
        return None
    out = frozenset(x + y for x in a for y in b)
    return None if any(len(s) > _MAX_LENGTH for s in out) else out


def _prune(strings: frozenset[str] | None, for_holds: bool) -> frozenset[str] | None:
    """Drop strings implied by others: one containing (holds) or starting with (starts) another."""
    if strings is None:
        return None
    if "" in strings:
        return None
    keep: list[str] = []
    for s in sorted(strings, key=len):
        # DIGIT is no text: it neither contains a literal nor is contained in one.
        if s == DIGIT or not any(k != DIGIT and ((k in s) if for_holds else s.startswith(k)) for k in keep):
            keep.append(s)
    return frozenset(keep)


def _grow(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    """Starts `a` followed by starts `b`: every combination, the strings cut to a common length
    (a start of a start is a start too), `b`'s shortened until the combinations are few."""
    for n in range(_MAX_LENGTH, -1, -1):
        cut = {x[:n] for x in b}
        if len(a) * len(cut) <= _MAX_STRINGS:
            return frozenset((x + y)[:_MAX_LENGTH] for x in a for y in cut)
    return a  # pragma: no cover - b cut to nothing is {""}


def _union(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    if a is None or b is None or len(a) + len(b) > _MAX_STRINGS * 4:
        return None
    return a | b


def _quality(strings: frozenset[str] | None) -> float:
    """How selective a set of literals is: its shortest string's length, less for many strings;
    below zero when it cannot be screened for (white space, a line break)."""
    if not strings or not _usable(strings):
        return -1.0
    if DIGIT in strings:
        return 0.5  # digits are common: any literal is likely rarer
    shortest = min(len(s) for s in strings)
    if shortest == 1 and any(len(s) == 1 and s.isalnum() for s in strings):
        return 0.3
    return shortest - len(strings) / 100


def _best(*options: frozenset[str] | None) -> frozenset[str] | None:
    best = max(options, key=_quality, default=None)
    return best if _quality(best) >= 0 else None


class Folding:
    """How literal characters of patterns and the text are compared: case-folded, with the
    characters the `regex` module matches case-insensitively but str.casefold keeps apart (a
    dotless ı and I) mapped to one representative. Built for the characters the patterns use."""

    def __init__(self) -> None:
        self.fixes: dict[int, str] = {}
        self._classes: dict[str, frozenset[str]] = {}
        self._folded: dict[str, str] = {}

    def cases(self, char: str) -> frozenset[str]:
        """The characters a case-insensitive `char` matches (itself included)."""
        found = self._classes.get(char)
        if found is None:
            if _get_all_cases is None:
                if not char.isascii():
                    raise Unsupported("case-insensitive non-ASCII without the regex case tables")
                extra = {"i": "İı", "k": "\u212a", "s": "\u017f"}.get(char.lower(), "")
                found = frozenset({char, char.lower(), char.upper(), *extra})
            else:
                found = frozenset(chr(c) for c in _get_all_cases(_IGNORECASE_FLAGS, ord(char))) | {char}
            self._classes[char] = found
        return found

    def add(self, char: str) -> str:
        """The folded form of a pattern character; records the fixes its case class needs.

        The form depends on the character's whole case class (what case-insensitive matching
        reaches from it), case-insensitive or not, so that every rule folds alike."""
        found = self._folded.get(char)
        if found is not None:
            return found
        group = {char}
        todo = [char]
        while todo:
            for other in self.cases(todo.pop()):
                if other not in group:
                    group.add(other)
                    todo.append(other)
        target = min(c.casefold() for c in group)
        if target.casefold() != target:
            raise Unsupported("a character whose case folding is not stable")
        for c in group:
            if c.casefold() != target:
                self.fixes[ord(c)] = target
            self._folded[c] = target
        return target

    def fold(self, text: str) -> str:
        """Text in the form literals are compared in."""
        if len(text) > _FOLD_CHARS:
            # Folding is character by character, so a long text folds in pieces.
            return "".join(map(self.fold, (text[k:k + _FOLD_CHARS] for k in range(0, len(text), _FOLD_CHARS))))
        if self.fixes and any(chr(c) in text for c in self.fixes):
            text = text.translate(self.fixes)
        return text.casefold()


# str.casefold works in a buffer of 12 bytes for each character of its text: texts are folded
# this many characters (or lines, in Screen.candidates) at a time, so the buffer stays small.
_FOLD_CHARS = 1 << 16
_FOLD_LINES = 1 << 10


def _info(node: object, folding: Folding) -> _Info:
    if isinstance(node, _Lit):
        s = frozenset({folding.add(node.char)})
        return _Info(s, s, s)
    if isinstance(node, _Set):
        if node.digit:
            return _Info(None, None, _DIGITS)
        if node.chars is None:
            return _NOTHING
        s = frozenset(folding.add(c) for c in node.chars)
        return _Info(s, s, s)
    if isinstance(node, _Opaque):
        return _NOTHING
    if isinstance(node, _Zero):
        return _ZERO
    if isinstance(node, _Ahead):
        inner = _info(node.node, folding)
        return _Info(_EMPTY, inner.starts, inner.holds)
    if isinstance(node, _Alt):
        infos = [_info(b, folding) for b in node.branches]

        def union(sets: list[frozenset[str] | None]) -> frozenset[str] | None:
            known = [s for s in sets if s is not None]
            if len(known) < len(sets):
                return None
            out = frozenset[str]().union(*known)
            return out if len(out) <= _MAX_STRINGS * 4 else None
        exact = union([i.exact for i in infos])
        return _Info(exact if exact is None or len(exact) <= _MAX_STRINGS else None,
                     _prune(union([i.starts for i in infos]), False), _prune(union([i.holds for i in infos]), True))
    if isinstance(node, _Repeat):
        inner = _info(node.node, folding)
        if node.least == 0:
            exact = inner.exact | _EMPTY if inner.exact is not None and node.most == 1 else None
            return _Info(exact, None, None, inner.starts)
        exact = None
        if inner.exact is not None and node.most == node.least and node.least <= 4:
            exact = _EMPTY
            for _ in range(node.least):
                exact = _product(exact, inner.exact) if exact is not None else None
        return _Info(exact, inner.starts, inner.holds)
    if isinstance(node, _Seq):
        return _sequence([_info(item, folding) for item in node.items])
    raise Unsupported(f"node {node!r}")


def _sequence(infos: list[_Info]) -> _Info:
    # Exact: every combination, when there are few.
    exact: frozenset[str] | None = _EMPTY
    for i in infos:
        exact = _product(exact, i.exact) if exact is not None and i.exact is not None else None
    # Starts: from the right, what the text from each item on starts with.
    after: frozenset[str] | None = _EMPTY
    for i in reversed(infos):
        if i.exact is not None and i.exact != _EMPTY:
            if after is not None:
                after = _grow(i.exact, after)
            elif "" not in i.exact:
                after = i.exact
        elif i.exact == _EMPTY:
            if i.starts is not None:
                after = i.starts  # a lookahead
            # else an anchor: consumes nothing
        elif i.optional is not None:
            after = _union(i.optional, after)
        else:
            after = i.starts
    starts = _prune(after, False)
    # Holds: the best of each item's, of each run of exact items, and of `starts`.
    options = [i.holds for i in infos] + [starts, exact]
    run: frozenset[str] | None = _EMPTY
    for i in infos + [_NOTHING]:
        if i.exact is not None:
            grown = _product(run, i.exact) if run is not None else None
            if grown is None and run is not None:
                options.append(run)
            run = grown
        else:
            options.append(run)
            run = _EMPTY
    return _Info(exact, starts, _best(*(_prune(o, True) for o in options)))


def _branches(node: object) -> list[object]:
    """The pattern's alternatives, opened up through groups that stand alone."""
    if isinstance(node, _Alt):
        return [b for branch in node.branches for b in _branches(branch)]
    if isinstance(node, _Seq):
        items = [i for i in node.items if not isinstance(i, _Zero)]
        if len(items) == 1 and isinstance(items[0], (_Alt, _Seq)) and len(node.items) == 1:
            return _branches(items[0])
    return [node]


@dataclass(frozen=True)
class Condition:
    """A line can match only if it starts with one of `starts` or holds one of `holds`; `always`
    when nothing is known. The strings are folded by the Folding that made them."""

    starts: frozenset[str]
    holds: frozenset[str]
    always: bool = False


ALWAYS = Condition(frozenset(), frozenset(), True)


def condition(pattern: str, folding: Folding) -> Condition:
    """What a line must meet for `pattern` to match it (fullmatch on the stripped line, or a match
    at its start for prefix rules: every match starts at the start of the text searched)."""
    try:
        tree = parse(pattern)
        starts: set[str] = set()
        holds: set[str] = set()
        for branch in _branches(tree):
            info = _info(branch, folding)
            s, h = info.starts, info.holds
            if _usable(s, True) and (not _usable(h) or _quality(s) + 1 >= _quality(h)):
                starts |= s
            elif _usable(h):
                holds |= h
            else:
                return ALWAYS
    except (Unsupported, RecursionError):
        return ALWAYS
    return Condition(frozenset(starts), frozenset(holds))


def _usable(strings: frozenset[str] | None, starts: bool = False) -> TypeGuard[frozenset[str]]:
    """Literals worth screening for: none empty, a line break never in them, and (to look for
    anywhere in a line) none a single letter or digit, too common to tell lines apart. Only white
    space is no start (rules see lines stripped), but a run of it inside a line is as rare as a
    word (a scraper's gap between a byline's two spans), so it may be looked for."""
    if not strings:
        return False
    return all(
        s == DIGIT or ("\n" not in s and (s.strip() or (not starts and len(s) >= 2))
                       and (starts or not (len(s) == 1 and s.isalnum())))
        for s in strings)


# --- screening a document -------------------------------------------------------------------

class Screen:
    """The conditions of an ordered list of line rules, to find the lines each could match.

    `conditions[k]` belongs to rule k; None: the rule is tried on every line. `reach[k]`, when
    given, is the most spaces a line may hold for rule k to look at it: a literal is looked for
    only in the lines some rule that needs it looks at."""

    def __init__(self, conditions: Sequence[Condition | None], folding: Folding,
                 reach: Sequence[int] | None = None) -> None:
        self.folding = folding
        self.always = 0
        self.digit = 0
        self.digit_reach = -1
        by_start: dict[str, int] = {}
        by_holds: dict[str, tuple[int, int]] = {}  # literal -> (rules, the most spaces they look at)
        for k, cond in enumerate(conditions):
            if cond is None or cond.always:
                self.always |= 1 << k
                continue
            spaces = _ANY if reach is None else reach[k]
            for s in cond.starts:
                by_start[s] = by_start.get(s, 0) | 1 << k
            for s in cond.holds:
                if s == DIGIT:
                    self.digit |= 1 << k
                    self.digit_reach = max(self.digit_reach, spaces)
                else:
                    mask, most = by_holds.get(s, (0, -1))
                    by_holds[s] = (mask | 1 << k, max(most, spaces))
        # Literals to search for, grouped by their first characters: each group is searched for
        # once, by the start its literals share, and only where that is found are they compared.
        groups: dict[str, list[tuple[str, int, int]]] = {}
        for s, (mask, most) in sorted(by_holds.items()):
            groups.setdefault(s[:_KEY], []).append((s, mask, most))
        self.holds = [(commonprefix([s for s, _, _ in literals]), max(most for _, _, most in literals), literals)
                      for _, literals in sorted(groups.items())]
        # Starts, by their first one, two or three characters.
        self.starts1: dict[str, int] = {}
        self.starts2: dict[str, int] = {}
        self.starts3: dict[str, list[tuple[str, int]]] = {}
        for s, mask in sorted(by_start.items(), key=lambda item: (-len(item[0]), item[0])):
            if len(s) == 1:
                self.starts1[s] = self.starts1.get(s, 0) | mask
            elif len(s) == 2:
                self.starts2[s] = self.starts2.get(s, 0) | mask
            else:
                self.starts3.setdefault(s[:3], []).append((s, mask))

    def candidates(self, texts: list[str], skip: int = 0) -> list[int] | None:
        """For each line, the bit mask of the rules that could match it, from `texts`, what the
        rules look at of each line (its unmarked rest); the rules in `skip` are left out. None
        when the texts cannot be screened together (a line holding a line break)."""
        # Folding leaves white space and digits as they are and makes neither of anything else:
        # the folded lines break, strip, count spaces and hold digits as the lines do.
        lines: list[str] = []
        for k in range(0, len(texts), _FOLD_LINES):
            group = texts[k:k + _FOLD_LINES]
            folded = self.folding.fold("\n".join(group)).split("\n")
            if len(folded) != len(group):
                return None
            lines += folded
        masks = [self.always & ~skip] * len(lines)
        stripped = list(map(str.strip, lines))
        if self.holds or self.digit:
            self._holds(lines, stripped, masks)
        if self.starts3 or self.starts2 or self.starts1:
            self._starts(stripped, masks)
        return masks

    def _holds(self, lines: list[str], stripped: list[str], masks: list[int]) -> None:
        """Add the rules whose literals (or digit) the folded lines hold to their masks."""
        # The lines in order of their spaces: those a literal's rules look at come first, and
        # the search for it stops where they end. They are searched a group at a time, so that
        # no copy of the whole text is made.
        spaces = [text.count(" ") for text in stripped]
        order = sorted(range(len(lines)), key=spaces.__getitem__)
        for k in range(0, len(order), _FOLD_LINES):
            group = order[k:k + _FOLD_LINES]
            self._holds_in([lines[j] for j in group], [spaces[j] for j in group], group, masks)

    def _holds_in(self, ordered: list[str], ranked: list[int], order: list[int], masks: list[int]) -> None:
        """_holds over a group of folded lines, `ordered`, in order of their spaces (`ranked`);
        `order` gives the index of each in `masks`."""
        joined = "\n".join(ordered)
        offsets = list(accumulate((len(line) + 1 for line in ordered), initial=0))  # where each line starts
        if self.digit:
            digit, end = self.digit, offsets[bisect_right(ranked, self.digit_reach)] - 1
            for m in _DIGIT_TO_END.finditer(joined, 0, max(end, 0), concurrent=False):
                masks[order[bisect_right(offsets, m.start()) - 1]] |= digit
        find, starts = joined.find, joined.startswith
        for key, most, literals in self.holds:
            end = offsets[bisect_right(ranked, most)] - 1
            at = find(key, 0, end) if end > 0 else -1
            whole = len(literals) == 1  # the key is the literal: no more to look for in its line
            while at >= 0:
                j = bisect_right(offsets, at) - 1
                for literal, mask, reach in literals:
                    if ranked[j] <= reach and starts(literal, at):
                        masks[order[j]] |= mask
                at = find(key, offsets[j + 1] if whole else at + 1, end)

    def _starts(self, stripped: list[str], masks: list[int]) -> None:
        """Add the rules whose starts the folded, stripped lines begin with to their masks."""
        one, two, three = self.starts1, self.starts2, self.starts3
        for k, text in enumerate(stripped):
            if text:
                mask = one.get(text[:1], 0) | two.get(text[:2], 0)
                for literal, bits in three.get(text[:3], ()):
                    if text.startswith(literal):
                        mask |= bits
                if mask:
                    masks[k] |= mask
