"""The rule registry: built-in pattern rules (TOML data), structural rules (code), user rules."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from pathlib import Path

from ..document import NOWHERE, Field, Location
from .base import DOCUMENT, LATE, LINE, STORY, Context, Rule
from .lines import LinePass, LineRule, mark_line, mark_lines
from .markup import MARKUP_RULES
from .patterns import BUILTIN, PatternRule, RuleFileError, builtin_patterns, load_rule_file
from .runs import RUN_RULES
from .scorer import ParagraphScore
from .structural import STRUCTURAL_RULES

__all__ = [
    "DOCUMENT",
    "FIELD_IDS",
    "LATE",
    "LINE",
    "STORY",
    "Context",
    "LinePass",
    "LineRule",
    "PatternRule",
    "Rule",
    "RuleFileError",
    "RuleSet",
    "builtin_rules",
    "disabled_ids",
    "load_rule_file",
    "mark_line",
    "mark_lines",
]


@lru_cache(maxsize=1)
def builtin_rules() -> tuple[Rule, ...]:
    """The built-in rules in the order they run: pattern rules (line phase), then structural rules."""
    # The scorer runs before the headline rule, so chrome above a story cannot pass for its title.
    return (*MARKUP_RULES, *builtin_patterns(), *RUN_RULES, ParagraphScore(), *STRUCTURAL_RULES)


@dataclass(frozen=True)
class RuleSet:
    """An immutable, ordered set of rules. User rules run before the built-in ones, so a rule
    written for one source decides before the generic rules do."""

    rules: tuple[Rule, ...]
    # Fields turned off as a whole (`field:byline` in `disable`): no rule fills them, and the
    # value a page's markup states for them (meta tags, JSON-LD) is not taken either.
    fields_off: frozenset[Field] = frozenset()

    @classmethod
    def load(cls, rule_files: Iterable[str | Path] = (), disable: Iterable[str] = ()) -> RuleSet:
        """The built-in rules plus those in `rule_files`, less the ids in `disable`. A
        `field:NAME` in `disable` (field:byline) turns off every rule that keeps its pieces in
        that field, and the value the page states for it.

        Raises RuleFileError for a bad file, a duplicated id or an unknown id to disable.
        """
        user: list[Rule] = [rule for f in rule_files for rule in load_rule_file(f)]
        problems = [f"{rule.origin}: {p}" for rule in user for p in rule.self_test()]
        if problems:
            raise RuleFileError("; ".join(problems))
        rules = (*user, *builtin_rules())
        seen: dict[str, str] = {rule.id: rule.origin for rule in builtin_rules()}
        for rule in user:
            if seen.get(rule.id) == BUILTIN:
                raise RuleFileError(f"{rule.origin}: rule id {rule.id!r} is the id of a built-in rule "
                                    "(see --list-rules): give the rule another id")
            if rule.id in seen:
                raise RuleFileError(f"{rule.origin}: rule id {rule.id!r} is already defined in {seen[rule.id]}")
            seen[rule.id] = rule.origin
        disable = set(disable)
        fields_off = frozenset(FIELD_IDS[name] for name in disable & set(FIELD_IDS))
        unknown = sorted(disable - set(seen) - set(FIELD_IDS))
        if unknown:
            raise RuleFileError(f"no rule with id {', '.join(map(repr, unknown))} (see --list-rules)")
        off = disabled_ids(rules, disable)
        return cls(tuple(r for r in rules if r.id not in off), fields_off)

    def first(self, rules: Iterable[Rule]) -> RuleSet:
        """The same set with `rules` put before all of its own (learned rules)."""
        return replace(self, rules=(*rules, *self.rules))

    def get(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def for_phase(self, phase: str, source: str, location: Location = NOWHERE) -> list[Rule]:
        """The rules of a phase that apply to `source` at `location`, in order."""
        rules, limited = self._phases.get(phase, ((), ()))
        off = [k for k in limited if not rules[k].applies_to(source, location)]
        if off:
            return [rule for k, rule in enumerate(rules) if k not in off]
        return list(rules)

    def line_pass(self, source: str, location: Location = NOWHERE, phase: str = LINE) -> LinePass:
        """The line rules (of `phase`: LINE or LATE) that apply to `source` at `location`, in
        order, with their screen."""
        line_pass = self._line_passes[phase]
        _, limited = self._phases.get(phase, ((), ()))
        off = frozenset(k for k in limited if not line_pass.rules[k].applies_to(source, location))
        return line_pass.without(off) if off else line_pass

    @cached_property
    def by_domain(self) -> bool:
        """Some rule is limited to some domains: each input's domain is then looked for."""
        return any(isinstance(rule, PatternRule) and rule.domains for rule in self.rules)

    @cached_property
    def _line_passes(self) -> dict[str, LinePass]:
        """The line rules of each line phase with their screen, built once: every input asks
        for them."""
        passes = {}
        for phase in (LINE, LATE):
            rules, _ = self._phases.get(phase, ((), ()))
            line_rules = [rule for rule in rules if isinstance(rule, LineRule)]
            if len(line_rules) != len(rules):
                raise TypeError(f"a rule of the {phase} phase must be a LineRule")
            passes[phase] = LinePass.of(line_rules)
        return passes

    @cached_property
    def _phases(self) -> dict[str, tuple[tuple[Rule, ...], tuple[int, ...]]]:
        """Each phase's rules, and the positions among them of the rules limited to some sources:
        every input asks for them, and most rules apply to every source."""
        phases: dict[str, list[Rule]] = {}
        for rule in self.rules:
            phases.setdefault(rule.phase, []).append(rule)
        return {phase: (tuple(rules), tuple(k for k, rule in enumerate(rules) if _limited(rule)))
                for phase, rules in phases.items()}


# `--disable field:NAME` turns a metadata field off in one step.
FIELD_IDS = {f"field:{f.value}": f for f in (Field.TITLE, Field.CAPTIONS, Field.DATE, Field.DATELINE, Field.BYLINE)}


def disabled_ids(rules: Iterable[Rule], disable: Iterable[str]) -> set[str]:
    """The ids of the rules that `disable` turns off: those it names, and those that keep their
    pieces in a field it names (`field:byline`)."""
    disable = set(disable)
    fields = {FIELD_IDS[name] for name in disable & set(FIELD_IDS)}
    return {rule.id for rule in rules if rule.id in disable or rule.field in fields}


def _limited(rule: Rule) -> bool:
    """Whether the rule may leave some sources alone: a pattern rule when it names sources, any
    other rule when its class decides which sources it applies to."""
    if isinstance(rule, PatternRule):
        return bool(rule.sources or rule.domains)
    return type(rule).applies_to is not Rule.applies_to
