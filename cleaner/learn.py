"""Boilerplate learned per source: lines that recur across many files of one source.

A run over many files of one site sees that site's menus, footers and prompts in file after
file, while a story's lines stay in one or two. `clean --learn` reads the inputs twice:

Pass 1 (`Surveyor`, `Learner`) reads every input as cleaning does, runs the cleaner's line
stage (the line rules in force, built-in and `--rules`), and takes each distinct line that they
leave in the text. The `Learner` counts, per source, in how many files each line occurs, keyed
by an 8-byte digest of the line's normalised text (`line_digest`): it never holds a text, so its
memory grows with the number of distinct lines, not with the size of the corpus. With sources by
folder, a folder's counts are reduced to its learned lines as soon as its last file is counted.

A line is learned for a source of at least MIN_GROUP_FILES files when it occurs in at least
MIN_FILES of them and in at least MIN_SHARE_PCT % of them. A line that reads as a paragraph
(`features.body_like`) must recur more widely (PARAGRAPH_MIN_FILES, PARAGRAPH_MIN_SHARE_PCT),
so the lines of a story printed in two or three files of a site are not taken for boilerplate,
and copies of one story (a page saved again, with other ads) count as one file (`copy_key`).
Lines longer than a line rule looks at (DEFAULT_MAX_WORDS words) are never learned.

Pass 2 cleans with one `lines` pattern rule per source (`learned-<name>`), built from the
digests, with `order = "last"`: it runs after every other rule, on the lines they leave in the
text, so a learned line never makes them see less (a menu one item short of a run) and
learning only ever adds removals. The texts of learned lines are gathered only from pass 2's
removals (`LineTexts`), so
`--save-rules` can write them as a rule pack (`write_pack`) that gives the same output when it
is passed back with `--rules`.

How a source is recognised (`--source-by`), and what its rule applies to in a later run:
- `folder` (default): the folder part of the input's `source` path, as articles.jsonl shows it;
  files at the top of the run take the name of the folder that holds them (the folder given on
  the command line, or that of files given by name), so `clean scrapes/` and
  `clean scrapes/siteA` both learn `learned-sitea`. The rule's `sources` glob is `FOLDER/*`,
  which a rule file matches against the file's own folder too (`PatternRule.applies_to`): the
  pack applies to a folder of that name however a later run names it.
- `domain`: the site a file names (`sites.domain_of`); a file that names none falls back to
  its folder. The rule names its domain (`domains`), so it applies to any file naming that
  site; a folder that fell back lists its files.
- `none`: every input of the run is one source; the rule, named after the folder the run read
  (`learned-<folder>-all`), has no `sources` and applies to every input.
"""
from __future__ import annotations

import glob
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import regex

from .articles import Article
from .document import Document
from .features import body_like
from .pipeline import Cleaner
from .rules import PatternRule, Rule
from .rules.patterns import BUILTIN, DEFAULT_MAX_WORDS, line_digest
from .sites import domain_of
from .writers import atomic_write

SOURCE_BY = ("folder", "domain", "none")
LEARNED = "learned"  # the origin of the rules learned in a run

# A source with fewer files says too little about what its pages share.
MIN_GROUP_FILES = 5
# At least three files: a story printed twice (an appended next story) is never learned.
MIN_FILES = 3
MIN_SHARE_PCT = 30
# A paragraph recurs as boilerplate (a footer, a cookie notice) in most pages of a site; a story
# recurs in a few.
PARAGRAPH_MIN_FILES = 5
PARAGRAPH_MIN_SHARE_PCT = 60
# Copies of one story (the same page saved twice, with other ads) count as one file, told by
# the smallest digests of their paragraphs; a file with fewer than COPY_MIN_PARAGRAPHS always
# counts. More digests make two different stories less likely to share a key by their common
# boilerplate paragraphs (in 80 pages built around real page chrome, 3 made two stories one file, 5 none).
COPY_KEY_PARAGRAPHS = 5
COPY_MIN_PARAGRAPHS = 3



@dataclass(frozen=True)
class Group:
    """A source: a folder, a domain, or the whole run (kind `all`)."""

    kind: str
    name: str

    @property
    def label(self) -> str:
        if self.kind == "all":
            return "this run"
        if self.kind == "folder":
            return f"folder {self.name}/" if self.name else "the top folder"
        return f"domain {self.name}"

    @property
    def slug(self) -> str:
        if self.kind == "all":
            return f"{_slug(self.name)}-all" if self.name else "all"
        if self.kind == "folder" and not self.name:
            return "top"
        return _slug(self.name) or "source"


def _slug(name: str) -> str:
    return regex.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40].strip("-")


def folder_group(source: str, path: Path | None) -> Group:
    """The folder that makes a file one source with others: the folder part of its source, or,
    for a file at the top of the run, the name of the folder that holds it (the folder given on
    the command line, or that of a file given by name). So one site's folder is one source of
    the same name however a run names it: `clean scrapes/` and `clean scrapes/siteA` both
    learn `siteA`."""
    folder = source.rpartition("/")[0]
    return Group("folder", folder or run_folder(source, path))


def run_folder(source: str, path: Path | None) -> str:
    """The name of the folder a run read the input from (the one given on the command line that
    holds it, or that of a file given by name); "" for standard input."""
    if path is None:
        return ""
    parents = Path(os.path.abspath(path)).parents
    depth = source.count("/")
    return parents[depth].name if depth < len(parents) else ""


@dataclass(frozen=True)
class Survey:
    """What pass 1 keeps of one file: its source, the digest of each distinct line the line
    rules leave in its text with whether that line reads as a paragraph, and the key that tells
    copies of one story apart from other files (None for a file of few paragraphs)."""

    group: Group
    lines: tuple[tuple[bytes, bool], ...]
    copy_key: bytes | None = None


@dataclass(frozen=True)
class Surveyor:
    """Pass 1 over one file: the cleaner's line stage, then the lines it leaves in the text.
    Holds only the cleaner, so it pickles for worker processes."""

    cleaner: Cleaner
    by: str = "folder"

    def survey(self, source: str, data: bytes, path: Path | None = None) -> Survey:
        """`path` is the file the bytes were read from, for the source's folder."""
        doc = self.cleaner.read(data, source, path=path)
        # Lines that the line rules, or the rules that drop known lines, take are not counted.
        ctx = self.cleaner.mark_line_stage(doc)
        self.cleaner.mark_late(doc, 0, len(doc.lines), ctx)
        lines: dict[bytes, bool] = {}
        for line in doc.lines:
            if not line.is_body:
                continue
            text = line.rest.strip()
            # What a learned rule would not look at, or could not write to a rule file.
            if text.count(" ") >= DEFAULT_MAX_WORDS or len(text) > 20 * DEFAULT_MAX_WORDS or not _encodable(text):
                continue
            digest = line_digest(text)
            if digest not in lines:
                lines[digest] = body_like(text)
        return Survey(self.group(source, data, doc, path), tuple(lines.items()), copy_key(lines))

    def group(self, source: str, data: bytes, doc: Document, path: Path | None = None) -> Group:
        if self.by == "none":
            return Group("all", "")
        if self.by == "domain":
            domain = domain_of(data, doc)
            if domain:
                return Group("domain", domain)
        return folder_group(source, path)


def copy_key(lines: dict[bytes, bool]) -> bytes | None:
    """What copies of one story share: the COPY_KEY_PARAGRAPHS smallest digests of its
    paragraphs (a bottom-k sketch). Menus, ads and timestamps are no paragraphs, so two saves of
    one page share the key; two stories share it only when a site's recurring paragraphs happen
    to be the smallest digests of both, which merely counts one file less."""
    paragraphs = sorted(d for d, paragraph in lines.items() if paragraph)
    if len(paragraphs) < COPY_MIN_PARAGRAPHS:
        return None
    return b"".join(paragraphs[:COPY_KEY_PARAGRAPHS])


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@dataclass(frozen=True)
class LearnedSource:
    """The lines learned for one source: digest → in how many of its files the line occurs."""

    rule_id: str
    group: Group
    files: int
    counts: dict[bytes, int]
    sources: tuple[str, ...]  # the rule's `sources` globs
    domains: tuple[str, ...] = ()  # the rule's `domains`; with no sources either: every source

    @property
    def description(self) -> str:
        return f"Lines that recur across the files of {self.group.label}, learned from {self.files} files."

    @property
    def reason(self) -> str:
        return f"in at least {min(self.counts.values())} of the {self.files} files of {self.group.label}"

    def rule(self) -> PatternRule:
        spec = {"id": self.rule_id, "description": self.description, "reason": self.reason,
                "sources": list(self.sources), "domains": list(self.domains), "order": "last"}
        return PatternRule(spec, LEARNED, digests=frozenset(self.counts))


def needed(files: int) -> tuple[int, int]:
    """In how many of a source's `files` a line must occur to be learned: a short line, and a
    line that reads as a paragraph."""
    return (max(MIN_FILES, -(-MIN_SHARE_PCT * files // 100)),
            max(PARAGRAPH_MIN_FILES, -(-PARAGRAPH_MIN_SHARE_PCT * files // 100)))


def select(counts: Counter[bytes], paragraphs: set[bytes], files: int) -> dict[bytes, int]:
    """The lines of one source that recur widely enough to be its boilerplate."""
    if files < MIN_GROUP_FILES:
        return {}
    need, need_paragraph = needed(files)
    return {d: n for d, n in counts.items() if n >= (need_paragraph if d in paragraphs else need)}


class Learner:
    """Counts, per source, in how many files each line occurs: digests and counts, never texts.

    `inputs` are the run's inputs, each a source and the file it is read from (None for
    standard input); with `by` folder or none each one's source is known before it is read, so a
    source's counts are reduced to its learned lines once its last file is in.
    """

    def __init__(self, by: str, inputs: Iterable[tuple[str, Path | None]]) -> None:
        self.by = by
        inputs = list(inputs)
        self._expected: Counter[Group] | None = None
        if by != "domain":
            self._expected = Counter(Group("all", "") if by == "none" else folder_group(*i) for i in inputs)
        # With `by` none, the rule is named after the folder the run read (when it read one).
        folders = {run_folder(*i) for i in inputs}
        self._run_name = folders.pop() if len(folders) == 1 else ""
        self.counts: dict[Group, Counter[bytes]] = {}
        self._paragraphs: dict[Group, set[bytes]] = {}
        self._files: Counter[Group] = Counter()
        self._members: dict[Group, list[str]] = {}
        self._copy_keys: dict[Group, set[bytes | None]] = {}
        self._selected: dict[Group, dict[bytes, int]] = {}

    def add(self, source: str, survey: Survey) -> None:
        group = survey.group
        if self.by == "domain":
            self._members.setdefault(group, []).append(source)
        copies = self._copy_keys.setdefault(group, set())
        if survey.copy_key is None or survey.copy_key not in copies:
            copies.add(survey.copy_key)
            counts = self.counts.setdefault(group, Counter())
            paragraphs = self._paragraphs.setdefault(group, set())
            for digest, paragraph in survey.lines:
                counts[digest] += 1
                if paragraph:
                    paragraphs.add(digest)
            self._files[group] += 1
        self._seen(group)

    def skip(self, source: str, path: Path | None = None) -> None:
        """An input that could not be read: it counts toward no source."""
        if self._expected is not None:
            self._seen(Group("all", "") if self.by == "none" else folder_group(source, path))

    def _seen(self, group: Group) -> None:
        if self._expected is None:
            return
        self._expected[group] -= 1
        if self._expected[group] == 0 and group in self.counts:
            self._close(group)

    def _close(self, group: Group) -> None:
        self._selected[group] = select(self.counts.pop(group), self._paragraphs.pop(group), self._files[group])
        self._copy_keys.pop(group, None)

    def learned(self, taken_ids: Iterable[str] = ()) -> list[LearnedSource]:
        """One entry per source that learned anything, in order of source; rule ids avoid
        `taken_ids` (the rules already in force)."""
        for group in list(self.counts):
            self._close(group)
        taken = set(taken_ids)
        out = []
        for group in sorted(self._selected, key=lambda g: (g.kind, g.name)):
            counts = self._selected[group]
            if not counts:
                continue
            named = Group(group.kind, self._run_name) if group.kind == "all" else group
            rule_id = base = f"learned-{named.slug}"
            n = 1
            while rule_id in taken:
                n += 1
                rule_id = f"{base}-{n}"
            taken.add(rule_id)
            out.append(LearnedSource(rule_id, group, self._files[group], counts, self._globs(group),
                                     (group.name,) if group.kind == "domain" else ()))
        return out

    def why_nothing(self) -> str:
        """Why no source learned anything (after `learned`), in one line: too few files in
        each source, or no line recurring often enough in those that had enough."""
        if not self._files:
            return "no input could be read"
        large = sorted((g for g in self._files if self._files[g] >= MIN_GROUP_FILES),
                       key=lambda g: (-self._files[g], g.kind, g.name))
        small = len(self._files) - len(large)
        if not large:
            biggest = max(self._files, key=lambda g: (self._files[g], g.kind, g.name))
            size = "the only source" if small == 1 else "the largest source"
            return (f"a source needs at least {MIN_GROUP_FILES} files to learn from, and {size}, "
                    f"{biggest.label}, has {self._files[biggest]} (see --source-by)")
        shown = [f"{needed(self._files[g])[0]} of the {self._files[g]} files of {g.label}" for g in large[:3]]
        more = f", nor in {len(large) - 3} other sources" if len(large) > 3 else ""
        few = f"; {small} sources have fewer than {MIN_GROUP_FILES} files" if small > 1 else \
            f"; 1 source has fewer than {MIN_GROUP_FILES} files" if small else ""
        return f"no line recurred in at least {', or '.join(shown)}{more}{few}"

    def _globs(self, group: Group) -> tuple[str, ...]:
        """A folder's rule applies to the files of a folder of its name (`siteA/*`), wherever
        it lies; a domain's to the files that name it (`domains`); a file in domain mode that
        named none, to the files of its folder that named none either, listed."""
        if group.kind in ("all", "domain"):
            return ()
        if self.by == "domain":
            return tuple(glob.escape(s) for s in self._members[group])
        return (f"{glob.escape(group.name)}/*",) if group.name else ("*",)


class LineTexts:
    """Pass 2: the text of each learned line, first met in input order among the removals. A
    learned rule runs last, so a learned line is either taken by it or by a rule before it
    (a menu's run, a headline): either way it is among the removals. Only learned lines are
    held, once each; matching folds case and white space, so any file's copy will do."""

    def __init__(self, learned: Iterable[LearnedSource]) -> None:
        learned = list(learned)
        self.texts: dict[str, dict[bytes, str]] = {s.rule_id: {} for s in learned}
        self._rules: dict[bytes, list[str]] = {}
        for source in learned:
            for digest in source.counts:
                self._rules.setdefault(digest, []).append(source.rule_id)

    def add(self, articles: Iterable[Article]) -> None:
        for article in articles:
            for removal in article.removed:
                digest = line_digest(removal.text)
                for rule_id in self._rules.get(digest, ()):
                    self.texts[rule_id].setdefault(digest, removal.text)


class PackUse:
    """Which rule files limited to some sources (rule packs: every rule names `sources` or
    `domains`) removed anything in a run, so that a pack that never applied is told, not
    silently ignored."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        limited: dict[str, list[PatternRule]] = {}
        everywhere: set[str] = set()
        for rule in rules:
            if rule.origin in (BUILTIN, LEARNED):
                continue
            if isinstance(rule, PatternRule) and (rule.sources or rule.domains):
                limited.setdefault(rule.origin, []).append(rule)
            else:
                everywhere.add(rule.origin)
        self._packs = {origin: rules for origin, rules in limited.items() if origin not in everywhere}
        self._ids = {rule.id: origin for origin, rules in self._packs.items() for rule in rules}
        self._used: set[str] = set()

    def add(self, articles: Iterable[Article]) -> None:
        if len(self._used) < len(self._packs):
            self._used.update(self._ids[r.rule] for a in articles for r in a.removed if r.rule in self._ids)

    def unused(self) -> list[str]:
        """One line for each pack that removed nothing."""
        out = []
        for origin, rules in self._packs.items():
            if origin in self._used:
                continue
            scope = sorted({*(s for r in rules for s in r.sources), *(d for r in rules for d in r.domains)})
            shown = ", ".join(scope[:3]) + (f" and {len(scope) - 3} more" if len(scope) > 3 else "")
            out.append(f"{origin}: its rules removed nothing: no input matched their sources ({shown}), "
                       "or those inputs no longer hold the lines")
        return out


EXAMPLES = 3
_PACK_HEADER = """\
# Rules learned by `clean --learn`: lines that recur across many files of one source.
# Pass this file back with `--rules` to apply them; edit or delete lines freely (each needs to
# stay a single line; matching folds case and runs of white space). The comment after a line
# says in how many of the source's files it was found.
"""


def pack_text(learned: Iterable[LearnedSource], texts: LineTexts) -> str:
    """The learned rules as a TOML rule pack in the format `--rules` reads (patterns.py).
    A learned line met in no removal (a file that held it failed to clean) is left out."""
    parts = [_PACK_HEADER.rstrip("\n")]
    for source in learned:
        met = texts.texts.get(source.rule_id, {})
        lines = sorted(((source.counts[d], text) for d, text in met.items() if d in source.counts),
                       key=lambda item: (-item[0], item[1]))
        if not lines:
            continue
        parts.append("\n[[rule]]")
        parts.append(f"id = {_toml(source.rule_id)}")
        parts.append(f"description = {_toml(source.description)}")
        parts.append(f"reason = {_toml(source.reason)}")
        parts.append('order = "last"')
        if source.sources:
            parts.append(f"sources = [{', '.join(map(_toml, source.sources))}]")
        if source.domains:
            parts.append(f"domains = [{', '.join(map(_toml, source.domains))}]")
        parts.append(f"examples = [{', '.join(_toml(text) for _, text in lines[:EXAMPLES])}]")
        parts.append("lines = [")
        parts.extend(f"    {_toml(text)},  # {n} of {source.files}" for n, text in lines)
        parts.append("]")
    return "\n".join(parts) + "\n"


def write_pack(path: Path, learned: Iterable[LearnedSource], texts: LineTexts) -> None:
    """Write the pack atomically, so a reader never sees half of it."""
    atomic_write(Path(path), pack_text(learned, texts))


def _toml(text: str) -> str:
    """A TOML basic string."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'
