"""Every rule against its own examples, then real lines from the seeds and the rule engine's contracts."""
from __future__ import annotations

import time

import pytest

from cleaner import Cleaner, RuleFileError, RuleSet, clean_text
from cleaner.document import Document
from cleaner.rules import Context, builtin_rules, load_rule_file

ALL_RULES = builtin_rules()


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_rule_does_what_its_examples_say(rule):
    assert rule.examples, "every rule documents at least one example"
    assert rule.description
    assert rule.self_test() == []


def test_rule_ids_are_unique_and_stable():
    ids = [r.id for r in ALL_RULES]
    assert len(ids) == len(set(ids))
    # Ids are a public interface (--disable, removed[].rule): renaming one breaks users' configs.
    assert {"widget-label", "photo-credit", "repeated-caption", "repeated-headline", "headline",
            "date-prefix", "dateline", "byline", "wire-footer"} <= set(ids)


def _rules_for(text: str) -> dict[str, list[str]]:
    """Which rule removed which pieces of `text`."""
    found: dict[str, list[str]] = {}
    for article in clean_text(text):
        for r in article.removed:
            found.setdefault(r.rule, []).append(r.text)
    return found


# Real lines from the seed files, each with the rule that must take it.
SEED_LINES = [
    ("TT", "widget-label"),
    ("Iranian Foreign Ministry spokesperson Esmail Baghaei (Archive photo – MEHR)", "photo-credit"),
    ("Bodies of victims of an Israeli airstrike at the Nuseirat refugee camp are prepared for the funeral prayer "
     "outside the Al-Aqsa Martyrs hospital in Deir al-Balah, Gaza Strip, Saturday, Dec. 21, 2024. "
     "(AP Photo/Abdel Kareem Hana)", "photo-credit"),
]


@pytest.mark.parametrize("line,rule", SEED_LINES)
def test_seed_lines_are_taken_by_their_rule(line, rule):
    body = "Israeli military strikes across the Gaza Strip killed at least 17 Palestinians, medics said."
    assert line in _rules_for(f"{body}\n{line}\n{body}").get(rule, [])


def test_date_prefix_from_seed_002():
    [a] = clean_text(" date 2024-12-20 Speaking to IRNA on Friday, Esmaeil Baghaei Hamaneh said that the presence "
                     "of Iranian advisers in Syria was aimed at helping the Syrian army.")
    assert a.date == "2024-12-20"
    assert a.text.startswith("Speaking to IRNA on Friday")
    assert [(r.rule, r.field) for r in a.removed] == [("date-prefix", "date")]


def test_date_prefix_and_dateline_from_seed_003():
    [a] = clean_text(" date 2024-12-21 TEHRAN – Iranian Foreign Ministry spokesperson Esmail Baqaei emphasized "
                     "Iran's \"responsible decision\" to withdraw advisors.")
    assert (a.date, a.dateline) == ("2024-12-21", "TEHRAN")
    assert a.text.startswith("Iranian Foreign Ministry spokesperson")
    assert [r.rule for r in a.removed] == ["date-prefix", "dateline"]


@pytest.mark.parametrize("opening,dateline", [
    ("WASHINGTON (Reuters) - ", "WASHINGTON (Reuters)"),
    ("LONDON, Dec 20 (Reuters) - ", "LONDON, Dec 20 (Reuters)"),
    ("KYIV, Ukraine (AP) — ", "KYIV, Ukraine (AP)"),
    ("NEW YORK – ", "NEW YORK"),
])
def test_dateline_forms(opening, dateline):
    [a] = clean_text(opening + "The central bank held interest rates steady on Thursday, citing inflation.")
    assert a.dateline == dateline
    assert a.text == "The central bank held interest rates steady on Thursday, citing inflation."


def test_bylines_and_wire_footers_become_byline():
    [a] = clean_text("Putin says Russia will keep its bases\nBy Guy Faulconbridge and Dmitry Antonov\n"
                     "Russian President Vladimir Putin said on Thursday that Moscow kept contact with all groups.\n"
                     "Reporting by Guy Faulconbridge; Editing by Andrew Osborn")
    assert a.title == "Putin says Russia will keep its bases"
    assert a.byline == "Guy Faulconbridge and Dmitry Antonov; Reporting by Guy Faulconbridge; Editing by Andrew Osborn"
    assert a.text == "Russian President Vladimir Putin said on Thursday that Moscow kept contact with all groups."


def test_a_caption_printed_twice_without_credit_is_kept_once():
    caption = "Iranian Foreign Ministry spokesperson Esmail Baghaei speaks to reporters in Tehran"
    body = "Baghaei said the decision to withdraw the advisors was a responsible measure, the ministry said."
    [a] = clean_text(f"{caption}\n{caption}\n\n{body}")
    assert a.captions == [caption]
    assert a.text == body
    assert [r.rule for r in a.removed] == ["repeated-caption", "repeated-caption"]


def test_disabled_rule_keeps_its_lines():
    body = "Israeli military strikes across the Gaza Strip killed at least 17 Palestinians, medics said."
    more = "Palestinian medics said eight people, including children, were killed in the school."
    [a] = Cleaner(disable=["widget-label"]).clean_text(f"{body}\nTT\n{more}")
    assert a.text == f"{body}\nTT\n{more}"
    with pytest.raises(RuleFileError):
        RuleSet.load(disable=["no-such-rule"])


def _write_rules(tmp_path, body: str):
    path = tmp_path / "rules.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_user_rules_load_in_the_builtin_format_and_can_be_scoped(tmp_path):
    path = _write_rules(tmp_path, '''
[[rule]]
id = "tasnim-promo"
description = "Tasnim's app promotion line."
pattern = '(?i)download the tasnim app.*'
examples = ["Download the Tasnim app for Android"]
sources = ["tasnim/*"]
''')
    cleaner = Cleaner(rule_files=[path])
    body = "The spokesperson said the advisors had left Syria, IRNA reported."
    text = f"{body}\nDownload the Tasnim app for Android\nHe added that talks with Russia were going on."
    assert cleaner.clean_text(text, source="tasnim/a.txt")[0].removed[0].rule == "tasnim-promo"
    assert cleaner.clean_text(text, source="irna/a.txt")[0].removed == []


@pytest.mark.parametrize("body,complaint", [
    ('[[rule]]\nid = "x"\ndescription = "d"\npattern = "("\nexamples = ["a"]\n', "bad pattern"),
    ('[[rule]]\nid = "Bad Id"\ndescription = "d"\npattern = "a"\nexamples = ["a"]\n', "ids are"),
    ('[[rule]]\nid = "x"\ndescription = "d"\npattern = "a"\n', "missing 'examples'"),
    ('[[rule]]\nid = "x"\ndescription = "d"\npattern = "b"\nexamples = ["a"]\n', "example not marked"),
    ('[[rule]]\nid = "widget-label"\ndescription = "d"\npattern = "a"\nexamples = ["a"]\n', "already defined"),
    ('rule = 3', "only [[rule]] tables"),
    ('[[rule]\n', "not valid TOML"),
])
def test_bad_rule_files_are_refused_with_a_reason(tmp_path, body, complaint):
    with pytest.raises(RuleFileError, match=complaint.replace("[", r"\[")):
        RuleSet.load([_write_rules(tmp_path, body)])


def test_a_catastrophic_user_regex_is_reported_and_skipped(tmp_path):
    path = _write_rules(tmp_path, '''
[[rule]]
id = "slow"
description = "Backtracks exponentially on a line of a's that ends in something else."
pattern = '(a|aa)+$'
examples = ["aaaa"]
''')
    [rule] = load_rule_file(path)
    doc = Document.from_text("s.txt", "a" * 40 + "!\n" + "a" * 40 + "!")
    ctx = Context("s.txt")
    started = time.monotonic()
    rule.apply(doc, 0, len(doc.lines), ctx)
    assert time.monotonic() - started < 10
    assert ctx.failed == {"slow"}
    assert len(ctx.warnings) == 1 and "slow" in ctx.warnings[0]
