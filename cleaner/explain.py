"""Human-readable accounts: each removal and story break of a run, and the table of rules."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from .pipeline import Result
from .rules import FIELD_IDS, Rule, disabled_ids


def explain_lines(result: Result) -> Iterator[str]:
    """`source:line rule-id: text` for every removal, `source:line split: …` for every
    candidate story break (or, with splitting off, that there is none) and `source:line reader: …`
    or `source:line rule-id: …` for what the reader or a rule decided of the input as a whole (an
    HTML page's main content, a story's main text), in source order."""
    events: list[tuple[int, int, str]] = []
    for article in result.articles:
        for r in article.removed:
            where = f" [{r.field}]" if r.field else ""
            why = f" ({r.reason})" if r.reason else ""
            events.append((r.line, 1, f"{r.rule}: {r.text}{where}{why}"))
    for b in result.boundaries:
        events.append((b.line, 0, f"split: {b.describe()}"))
    if not result.split:
        events.append((1, 0, "split: off (--no-split): the input is one article"))
    for note in result.notes:
        events.append((note.line, -1, f"{note.by}: {note.text}"))
    for line, _, text in sorted(events, key=lambda e: (e[0], e[1])):
        yield f"{result.source}:{line} {text}"


def rule_table(rules: Iterable[Rule], disable: set[str]) -> str:
    """The rules as a table, those that `disable` turns off marked `off`, and how to turn a
    whole field off."""
    rules = list(rules)
    disabled = disabled_ids(rules, disable)
    rows = [(r.id, r.field.value, r.origin + (", off" if r.id in disabled else ""), r.description) for r in rules]
    widths = [max(len(row[k]) for row in rows + [("id", "field", "origin", "")]) for k in range(3)]
    lines = [f"{'id':<{widths[0]}}  {'field':<{widths[1]}}  {'origin':<{widths[2]}}  description"]
    lines += [f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c:<{widths[2]}}  {d}" for a, b, c, d in rows]
    lines.append(f"\n--disable {' | '.join(FIELD_IDS)} turns off every rule of that field, and the value "
                 "a page's markup states for it (meta tags, JSON-LD), in one step.")
    return "\n".join(lines)
