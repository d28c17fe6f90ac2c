"""Boilerplate learned per source (`clean --learn`): what is learned, what is not, how little
pass 1 holds, and that a saved rule pack gives the same output as learning did."""
from __future__ import annotations

import json
import pickle
import shutil
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner import Cleaner
from cleaner.cli import main
from cleaner.learn import Group, Learner, Surveyor, domain_of, select
from cleaner.readers import read_document
from cleaner.rules import RuleFileError, RuleSet, load_rule_file
from cleaner.rules.patterns import line_digest

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "devdata"

CITIES = ["Springfield", "Riverton", "Lakeside", "Hillcrest", "Fairview", "Oakdale", "Maple Bay", "Stonebridge"]
TOPICS = [("a new bus depot", "the transport board"), ("the flooded underpass", "the roads department"),
          ("a school roof repair", "the education office"), ("the harbour dredging", "the port authority"),
          ("a rise in water rates", "the utility company"), ("the old mill fire", "the fire service"),
          ("a library closure", "the culture committee"), ("the market square works", "the city engineer")]

SITES = {
    "alpha": {
        "menu": ["Alpha Gazette", "Local News", "Obituaries", "Springfield Crossword", "Traffic and Transit"],
        "footer": ["The Alpha Gazette has served the people of the valley and its towns since 1887.",
                   "Letters to the Editor"],
    },
    "beta": {
        "menu": ["Beta Courier", "Harbour Life", "Tide Tables", "Classifieds"],
        "footer": ["Beta Courier journalism is funded by readers in the coastal towns, thank you for that.",
                   "Reader Panel"],
    },
}
# A story both sites printed in two of their files (an appended next story, a syndicated piece).
SHARED_HEADLINE = "Coastal road to reopen by spring"
SHARED_STORY = ("Engineers from the regional council said on Monday that the coastal road would "
                "reopen by spring, after two winters of landslides had closed it again and again.")


def story(i: int) -> list[str]:
    city, (topic, office) = CITIES[i % len(CITIES)], TOPICS[(3 * i) % len(TOPICS)]
    return [
        f"{city} residents question {topic}",
        "",
        f"Officials in {city} said on Tuesday that {topic} would cost more than planned, according to {office}.",
        "",
        f"Council members from {city} asked {office} for a new estimate before the vote in week {i + 2}.",
        "",
        f"A spokesperson for {office} said the figures for {city} would be published within {i + 3} days.",
    ]


def page(site: str, i: int) -> str:
    """The i-th page of a site: its menu, its own story (and in two pages the shared one), its footer."""
    parts = SITES[site]
    lines = [*parts["menu"], "", *story(site_story(site, i)), ""]
    if i in (1, 4):
        lines += [SHARED_HEADLINE, "", SHARED_STORY, ""]
    lines += parts["footer"]
    return "\n".join(lines) + "\n"


def site_story(site: str, i: int) -> int:
    return 10 * list(SITES).index(site) + i


@pytest.fixture
def two_sites(tmp_path: Path) -> Path:
    root = tmp_path / "scrapes"
    for site in SITES:
        (root / site).mkdir(parents=True)
        for i in range(6):
            (root / site / f"page{i}.txt").write_text(page(site, i), encoding="utf-8")
    return root


def run(*args):
    # What is learned is the point here: the paragraph scorer, which finds these short stories'
    # main text and drops most of the menus around them itself, is off.
    return CliRunner().invoke(main, [*map(str, args), "--disable", "paragraph-score"])


def records(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def all_text(recs: list[dict], source: str) -> list[str]:
    return [line for r in recs if r["source"] == source for line in r["text"].split("\n")]


def test_each_site_learns_its_menus_and_footers(two_sites, tmp_path):
    plain = records_of(run(two_sites, "-o", tmp_path / "plain"), tmp_path / "plain")
    # Without learning, a site's own menu lines stay in the text.
    assert "Springfield Crossword" in all_text(plain, "alpha/page0.txt")

    result = run(two_sites, "--learn", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "learned learned-alpha: " in result.stderr and "learned learned-beta: " in result.stderr
    recs = records(tmp_path / "out")
    for site, parts in SITES.items():
        for i in range(6):
            source = f"{site}/page{i}.txt"
            text = all_text(recs, source)
            for line in parts["menu"] + parts["footer"]:
                assert line not in text, (source, line)
            # The story itself stays.
            assert story(site_story(site, i))[2] in text
    [first] = [r for r in recs if r["source"] == "alpha/page0.txt"]
    assert {"line": 4, "rule": "learned-alpha", "text": "Springfield Crossword", "field": None,
            "reason": "in at least 6 of the 6 files of folder alpha/"} in first["removed"]
    # A footer paragraph in every file is learned too: it recurs in more than the share paragraphs need.
    assert any(r["rule"] == "learned-alpha" and r["text"].startswith("The Alpha Gazette has served")
               for r in first["removed"])
    # Each site's rule is limited to its folder.
    assert not any(r["rule"] == "learned-beta" for rec in recs if rec["source"].startswith("alpha/")
                   for r in rec["removed"])


def records_of(result, out: Path) -> list[dict]:
    assert result.exit_code == 0, result.output
    return records(out)


def test_explain_shows_learned_removals(two_sites):
    result = run(two_sites, "--learn", "--explain")
    assert result.exit_code == 0, result.output
    assert ("alpha/page0.txt:4 learned-alpha: Springfield Crossword "
            "(in at least 6 of the 6 files of folder alpha/)") in result.stdout.splitlines()


def test_the_report_page_tells_the_learned_rules(two_sites, tmp_path):
    from test_report import page_data

    assert run(two_sites, "--learn", "--report", "-o", tmp_path / "out").exit_code == 0
    summary, records = page_data(tmp_path / "out")
    count, description, field, origin = summary["rules"]["learned-alpha"]
    assert count > 0 and "alpha/" in description and (field, origin) == ("drop", "learned")
    first = next(r for r in records if r["name"] == "alpha/page0.txt")
    lines = {line[0]: line[1:] for line in first["lines"]}
    assert lines[4] == [["Springfield Crossword", "learned-alpha", None, "in at least 6 of the 6 files of folder alpha/"]]


def test_a_story_printed_in_two_files_is_not_learned(two_sites, tmp_path):
    recs = records_of(run(two_sites, "--learn", "-o", tmp_path / "out"), tmp_path / "out")
    for site in SITES:
        for i in (1, 4):
            rec = [r for r in recs if r["source"] == f"{site}/page{i}.txt"]
            assert SHARED_STORY in all_text(rec, f"{site}/page{i}.txt")
            assert not any(r["rule"].startswith("learned-") and r["text"] == SHARED_HEADLINE
                           for a in rec for r in a["removed"])


def test_copies_of_one_story_count_once(tmp_path):
    # Five saves of one page (other ads, another time stamp) and one other page: the story's
    # paragraphs are in five of six files, but the copies are one file.
    folder = tmp_path / "gamma"
    folder.mkdir()
    for i in range(5):
        ads = [f"Sponsored by Dealer Number {i}", f"Saved at 10:0{i}"]
        (folder / f"save{i}.txt").write_text("\n".join(ads + [""] + story(3)) + "\n", encoding="utf-8")
    (folder / "other.txt").write_text("\n".join(story(4)) + "\n", encoding="utf-8")
    recs = records_of(run(folder, "--learn", "-o", tmp_path / "out"), tmp_path / "out")
    for i in range(5):
        assert story(3)[2] in all_text(recs, f"save{i}.txt")


def test_paragraphs_need_wider_recurrence_than_short_lines():
    short, paragraph = line_digest("Tide Tables"), line_digest(SHARED_STORY)
    counts = {short: 3, paragraph: 3}
    # 3 of 10 files: enough for a short line, not for a paragraph.
    assert select(counts, {paragraph}, 10) == {short: 3}
    assert select({short: 4, paragraph: 6}, {paragraph}, 10) == {short: 4, paragraph: 6}
    # Two files are never enough, nor is a source of four files.
    assert select({short: 2}, set(), 5) == {}
    assert select({short: 4}, set(), 4) == {}


def test_pass_one_holds_digests_and_counts_never_texts(two_sites):
    surveyor = Surveyor(Cleaner())
    sources = [p.relative_to(two_sites).as_posix() for p in sorted(two_sites.rglob("*.txt"))]
    learner = Learner("folder", [(s, two_sites / s) for s in sources])
    for source in sources[:5]:  # alpha's files but its last
        learner.add(source, surveyor.survey(source, (two_sites / source).read_bytes()))
    [counts] = learner.counts.values()
    assert counts and all(isinstance(d, bytes) and len(d) == 8 for d in counts)
    assert all(isinstance(n, int) for n in counts.values())
    assert counts[line_digest("Springfield Crossword")] == 5
    state = pickle.dumps(learner)
    for line in ["Springfield Crossword", "Obituaries", story(0)[2]]:
        assert line.encode() not in state and line.casefold().encode() not in state
    # Once a folder's last file is in, its counts shrink to the lines it learned.
    learner.add(sources[5], surveyor.survey(sources[5], (two_sites / sources[5]).read_bytes()))
    assert Group("folder", "alpha") not in learner.counts
    [alpha] = learner.learned()
    assert line_digest("Springfield Crossword") in alpha.counts
    assert line_digest(story(1)[2]) not in alpha.counts and line_digest(SHARED_STORY) not in alpha.counts


def test_saved_rules_give_the_same_output(two_sites, tmp_path):
    pack = tmp_path / "learned.toml"
    result = run(two_sites, "--save-rules", pack, "-o", tmp_path / "learned")
    assert result.exit_code == 0, result.output
    data = tomllib.loads(pack.read_text(encoding="utf-8"))
    by_id = {rule["id"]: rule for rule in data["rule"]}
    assert set(by_id) == {"learned-alpha", "learned-beta"}
    alpha = by_id["learned-alpha"]
    assert alpha["sources"] == ["alpha/*"]
    assert set(alpha["lines"]) == set(SITES["alpha"]["menu"] + SITES["alpha"]["footer"])
    assert alpha["examples"] and set(alpha["examples"]) <= set(alpha["lines"])
    assert alpha["reason"] == "in at least 6 of the 6 files of folder alpha/"
    assert alpha["order"] == "last"

    result = run(two_sites, "--rules", pack, "-o", tmp_path / "again")
    assert result.exit_code == 0, result.output
    assert snapshot(tmp_path / "again") == snapshot(tmp_path / "learned")
    # Learning again on top of the pack finds nothing new, and the output stays the same.
    result = run(two_sites, "--rules", pack, "--learn", "-o", tmp_path / "third")
    assert "learned learned-" not in result.stderr and "learned nothing: no line recurred" in result.stderr
    assert snapshot(tmp_path / "third") == snapshot(tmp_path / "learned")


def test_a_saved_pack_applies_however_the_next_run_names_the_folder(two_sites, tmp_path, monkeypatch):
    pack = tmp_path / "learned.toml"
    assert run(two_sites, "--save-rules", pack, "-o", tmp_path / "learned").exit_code == 0
    learned = {(r["source"], r["index"]): r for r in records(tmp_path / "learned")}
    # The site's folder given alone, a copy of the tree under another name, the folder as `.`.
    copy = tmp_path / "elsewhere" / "mirror"
    shutil.copytree(two_sites, copy)
    monkeypatch.chdir(two_sites / "alpha")
    for args, prefix in [([two_sites / "alpha"], "alpha/"), ([copy / "beta"], "beta/"), ([copy], ""), (["."], "alpha/")]:
        out = tmp_path / f"out{len(list(tmp_path.iterdir()))}"
        result = run(*args, "--rules", pack, "-o", out)
        assert result.exit_code == 0 and result.stderr == "", result.output
        for rec in records(out):
            before = learned[(prefix + rec["source"], rec["index"])]
            assert (rec["text"], rec["removed"]) == (before["text"], before["removed"]), (args, rec["source"])
            assert any(r["rule"].startswith("learned-") for r in rec["removed"])


def test_packs_learned_separately_are_passed_together(two_sites, tmp_path):
    # Each site learned on its own, as the folder given on the command line: ids name the site.
    packs = []
    for site in SITES:
        packs.append(tmp_path / f"{site}.toml")
        result = run(two_sites / site, "--save-rules", packs[-1], "-o", tmp_path / f"{site}-out")
        assert result.exit_code == 0 and f"learned learned-{site}: " in result.stderr, result.output
        [rule] = tomllib.loads(packs[-1].read_text(encoding="utf-8"))["rule"]
        assert (rule["id"], rule["sources"]) == (f"learned-{site}", [f"{site}/*"])
    both = run(two_sites, "--rules", packs[0], "--rules", packs[1], "-o", tmp_path / "both")
    assert both.exit_code == 0 and both.stderr == "", both.output
    # The same as learning both in one run.
    assert run(two_sites, "--learn", "-o", tmp_path / "learned").exit_code == 0
    assert snapshot(tmp_path / "both") == snapshot(tmp_path / "learned")
    # A pack that applies to no input of a run says so.
    result = run(two_sites / "beta", "--rules", packs[0], "-o", tmp_path / "beta-only")
    assert result.exit_code == 0
    assert result.stderr == (f"clean: {packs[0]}: its rules removed nothing: no input matched their sources "
                             "(alpha/*), or those inputs no longer hold the lines\n")


# Section menus as news sites print them, one label a line; "News" is the one label they share.
MENUS = {
    "courier": ["News", "Sport", "Business", "Opinion", "Culture", "Lifestyle", "Travel", "Video", "Podcasts",
                "Crosswords", "Obituaries", "Letters"],
    "herald": ["News", "Politics", "World", "Money", "Tech", "Science", "Health", "Entertainment", "Books", "Weather",
               "Photos", "Events"],
    "tribune": ["News", "Local", "Crime", "Education", "Elections", "Sports", "High School Sports", "Food",
                "Real Estate", "Jobs", "Cars", "Classifieds"],
    "post": ["News", "Markets", "Economy", "Companies", "Property", "Energy", "Personal Finance", "Careers", "Wine",
             "Motoring", "Gadgets", "Offers"],
}


def test_a_learned_line_never_hides_a_line_from_the_built_in_rules(tmp_path):
    # Several sites in one source (--source-by none): "News" recurs in every file and is
    # learned. Taken first, it left each menu one item short of a run the menu rule takes, and
    # the other eleven items stayed in the text. A learned rule runs last: the menu rule sees
    # the whole menu, and learning only ever adds removals.
    folder = tmp_path / "mixed"
    folder.mkdir()
    for s, (site, menu) in enumerate(MENUS.items()):
        for i in range(2):
            lines = story(10 * s + i) + ["", *menu]
            (folder / f"{site}-{i}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    plain = records_of(run(folder, "-o", tmp_path / "plain"), tmp_path / "plain")
    result = run(folder, "--learn", "--source-by", "none", "-o", tmp_path / "learned")
    assert "learned learned-mixed-all: 1 lines" in result.stderr
    learned = {r["source"]: r for r in records_of(result, tmp_path / "learned")}
    for before in plain:
        after = learned[before["source"]]
        assert set(after["text"].split("\n")) <= set(before["text"].split("\n"))
        menu = MENUS[before["source"].split("-")[0]]
        assert not set(menu) & set(after["text"].split("\n")), before["source"]
        assert {(r["text"], r["rule"]) for r in after["removed"] if r["text"] in menu} == \
            {(item, "navigation-run") for item in menu}


def test_learning_only_adds_removals_on_pages_of_many_sites(tmp_path):
    # The page suite: 47 sites' pages in one folder, learned as one source.
    folder, _ = _page_suite(tmp_path)
    plain = records_of(run(folder, "-o", tmp_path / "plain"), tmp_path / "plain")
    learned = records_of(run(folder, "--learn", "--source-by", "none", "-o", tmp_path / "learned"),
                         tmp_path / "learned")
    assert [(r["source"], r["index"]) for r in plain] == [(r["source"], r["index"]) for r in learned]
    assert any(r["rule"].startswith("learned-") for rec in learned for r in rec["removed"])
    for before, after in zip(plain, learned):
        # The same text less some lines, and the same removals and more.
        lines = after["text"].split("\n")
        assert lines == [line for line in before["text"].split("\n") if line in lines]
        assert all(r in after["removed"] for r in before["removed"])


def test_learning_is_the_same_with_two_processes(two_sites, tmp_path):
    r1 = run(two_sites, "--learn", "-j", 1, "-o", tmp_path / "one")
    r2 = run(two_sites, "--learn", "-j", 2, "-o", tmp_path / "two")
    assert r1.exit_code == r2.exit_code == 0
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")
    assert any(r["rule"] == "learned-beta" for rec in records(tmp_path / "two") for r in rec["removed"])


def test_save_rules_into_a_missing_folder_is_a_usage_error(two_sites, tmp_path):
    result = run(two_sites, "--save-rules", tmp_path / "nowhere" / "pack.toml")
    assert result.exit_code == 2 and "--save-rules" in result.stderr


def test_a_single_file_learns_nothing(tmp_path):
    (tmp_path / "one.txt").write_text(page("alpha", 0), encoding="utf-8")
    plain, learned = run(tmp_path / "one.txt"), run(tmp_path / "one.txt", "--learn")
    assert plain.exit_code == learned.exit_code == 0
    assert learned.stdout == plain.stdout
    # It says so, and why.
    assert learned.stderr == ("clean: learned nothing: a source needs at least 5 files to learn from, and the "
                              f"only source, folder {tmp_path.name}/, has 1 (see --source-by)\n")


def test_a_run_that_learns_nothing_says_why(two_sites, tmp_path):
    # Each site's pages with no menu or footer: nothing recurs.
    for site in SITES:
        for i in range(6):
            (two_sites / site / f"page{i}.txt").write_text("\n".join(story(site_story(site, i))) + "\n",
                                                           encoding="utf-8")
    (two_sites / "gamma").mkdir()
    (two_sites / "gamma" / "page0.txt").write_text(page("alpha", 0), encoding="utf-8")
    result = run(two_sites, "--learn", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert result.stderr == ("clean: learned nothing: no line recurred in at least 3 of the 6 files of folder "
                             "alpha/, or 3 of the 6 files of folder beta/; 1 source has fewer than 5 files\n")


def html_page(domain: str, i: int) -> str:
    """A page whose site clutter sits inside its article, where markup alone does not tell it."""
    parts = SITES["alpha" if "alpha" in domain else "beta"]
    paras = "".join(f"<p>{line}</p>" for line in [*parts["menu"], *story(i), *parts["footer"]] if line)
    return (f'<!doctype html><html><head><link href="https://www.{domain}/story/{i}" rel="canonical">'
            f"</head><body><article>{paras}</article></body></html>")


def test_sources_by_domain_in_one_flat_folder(tmp_path):
    flat = tmp_path / "flat"
    flat.mkdir()
    for i in range(12):
        domain = "alpha-gazette.example" if i % 2 else "beta-courier.example"
        (flat / f"{i:03d}.html").write_text(html_page(domain, i), encoding="utf-8")
    pack = tmp_path / "pack.toml"
    result = run(flat, "--source-by", "domain", "--save-rules", pack, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    by_id = {rule["id"]: rule for rule in tomllib.loads(pack.read_text(encoding="utf-8"))["rule"]}
    assert set(by_id) == {"learned-alpha-gazette-example", "learned-beta-courier-example"}
    # The rule names its domain: it applies to any page of that site, whatever its file's name.
    assert by_id["learned-alpha-gazette-example"]["domains"] == ["alpha-gazette.example"]
    assert "sources" not in by_id["learned-alpha-gazette-example"]
    assert "Tide Tables" in by_id["learned-beta-courier-example"]["lines"]
    again = run(flat, "--rules", pack, "-o", tmp_path / "again")
    assert again.exit_code == 0
    assert snapshot(tmp_path / "again") == snapshot(tmp_path / "out")
    # New pages of the same sites, in another folder under other names.
    other = tmp_path / "later" / "mixed"
    other.mkdir(parents=True)
    for i in range(12, 14):
        domain = "alpha-gazette.example" if i % 2 else "beta-courier.example"
        (other / f"page-{i}.html").write_text(html_page(domain, i), encoding="utf-8")
    recs = records_of(run(other, "--rules", pack, "-o", tmp_path / "later-out"), tmp_path / "later-out")
    assert {(r["source"], rule["rule"]) for r in recs for rule in r["removed"] if rule["text"] == "Tide Tables"} == \
        {("page-12.html", "learned-beta-courier-example")}
    # By folder, both sites are one source of twelve files: each menu is in half of them.
    result = run(flat, "--learn", "-o", tmp_path / "folder")
    assert "learned learned-flat: " in result.stderr


@pytest.mark.parametrize("text,domain", [
    ("https://www.example.org/news/2024/story\n\nHeadline\n", "example.org"),
    ("Headline\nURL: http://m.example.co.uk/a?b=1\n", "example.co.uk"),
    ("Headline\nSee https://example.org/ for more.\n", None),
])
def test_domain_of_a_text_file(text, domain):
    data = text.encode()
    assert domain_of(data, read_document("a.txt", data)) == domain


def _rules(tmp_path: Path, body: str) -> RuleSet:
    path = tmp_path / "rules.toml"
    path.write_text(body, encoding="utf-8")
    return RuleSet.load([path])


LINES_RULE = '''
[[rule]]
id = "site-menu"
description = "The menu of one site."
lines = ["Tide Tables", "Harbour  Life"]
examples = ["tide tables"]
keeps = ["Tide tables are printed daily."]
reason = "on every page of the site"
'''


def test_lines_rule_matches_whole_lines_folded(tmp_path):
    [a] = Cleaner(_rules(tmp_path, LINES_RULE)).clean_text(
        "HARBOUR LIFE\nOfficials said the harbour would be dredged in the spring, the port authority said.\n"
        "Tide Tables\nTide Tables are printed daily.")
    assert [(r.rule, r.text, r.reason) for r in a.removed] == [
        ("site-menu", "HARBOUR LIFE", "on every page of the site"), ("site-menu", "Tide Tables", "on every page of the site")]
    assert "Tide Tables are printed daily." in a.text


@pytest.mark.parametrize("body,complaint", [
    (LINES_RULE.replace('lines = ["Tide Tables", "Harbour  Life"]', 'pattern = "x"\nlines = ["x"]'), "either"),
    (LINES_RULE.replace('lines = ["Tide Tables", "Harbour  Life"]', ""), "either"),
    (LINES_RULE.replace('["Tide Tables", "Harbour  Life"]', "[]"), "non-empty"),
    (LINES_RULE.replace('["Tide Tables", "Harbour  Life"]', '["Tide\\nTables"]'), "one line"),
    (LINES_RULE.replace('id = "site-menu"', 'id = "site-menu"\nmatch = "prefix"'), "whole lines"),
    (LINES_RULE.replace('examples = ["tide tables"]', 'examples = ["Weather"]'), "example not marked"),
    (LINES_RULE.replace('examples = ["tide tables"]\n', ""), "missing 'examples'"),
    (LINES_RULE.replace('reason = "on every page of the site"', "reason = 3"), "reason must be"),
    (LINES_RULE.replace('reason = "on every page of the site"', 'order = "later"'), "order must be 'first' or 'last'"),
])
def test_bad_lines_rules_are_refused(tmp_path, body, complaint):
    with pytest.raises(RuleFileError, match=complaint):
        _rules(tmp_path, body)


def test_pack_strings_survive_toml(two_sites, tmp_path):
    odd = 'Say "hi" \\ to\tthe café team'
    for i in range(6):
        path = two_sites / "alpha" / f"page{i}.txt"
        path.write_text(path.read_text(encoding="utf-8") + odd + "\n", encoding="utf-8")
    pack = tmp_path / "pack.toml"
    assert run(two_sites, "--save-rules", pack, "-o", tmp_path / "out").exit_code == 0
    rules = {rule.id: rule for rule in load_rule_file(pack)}
    assert line_digest(odd) in rules["learned-alpha"].digests


def _page_suite(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """The page suite's inputs named in its gold file (the folder may hold stray files)."""
    suite = SHARED / "page"
    if not (suite / "gold.json").is_file():
        pytest.skip("../shared/devdata is absent")
    gold = json.loads((suite / "gold.json").read_text(encoding="utf-8"))
    folder = tmp_path / "page"
    folder.mkdir()
    for name in gold:
        shutil.copy(suite / "inputs" / name, folder / name)
    return folder, gold


def test_page_suite_by_folder_learns_only_cross_site_clutter(tmp_path):
    # 47 pages of 47 sites in one folder: only what many sites share recurs in 30 % of them.
    folder, gold = _page_suite(tmp_path)
    pack = tmp_path / "pack.toml"
    result = run(folder, "--save-rules", pack, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    [rule] = tomllib.loads(pack.read_text(encoding="utf-8"))["rule"]
    assert rule["id"] == "learned-page" and rule["sources"] == ["page/*"]
    assert 1 <= len(rule["lines"]) <= 12
    assert all(len(line.split()) <= 3 for line in rule["lines"])
    gold_lines = {" ".join(p.split()).casefold() for body in gold.values() for p in body.split("\n")}
    assert not gold_lines & {" ".join(line.split()).casefold() for line in rule["lines"]}


def test_html_pages_name_their_domain():
    suite = SHARED / "html"
    if not (suite / "manifest.json").is_file():
        pytest.skip("../shared/devdata is absent")
    manifest = json.loads((suite / "manifest.json").read_text(encoding="utf-8"))
    found = {}
    for name in manifest:
        data = (suite / "inputs" / name).read_bytes()
        found[name] = domain_of(data, read_document(name, data))
    hosts = {name: info["url"].split("/")[2].removeprefix("www.") for name, info in manifest.items()}
    assert sum(found[n] == hosts[n] for n in manifest) >= 44
    # A canonical link may name another edition of the site than the page's own address.
    assert "businessinsider.de" in found.values()


def test_real_stories_printed_in_two_files_are_not_learned(tmp_path):
    # multi_000 holds four stories; each of them is also in one of four other files. In a
    # source of these five files every story's lines are in 2 of 5 files (40 %).
    suite = SHARED / "multi"
    if not (suite / "gold.json").is_file():
        pytest.skip("../shared/devdata is absent")
    names = ["multi_000.txt", "multi_012.txt", "multi_022.txt", "multi_024.txt", "multi_001.txt"]
    folder = tmp_path / "site"
    folder.mkdir()
    for name in names:
        shutil.copy(suite / "inputs" / name, folder / name)
    recs = records_of(run(folder, "--learn", "-o", tmp_path / "out"), tmp_path / "out")
    gold = json.loads((suite / "gold.json").read_text(encoding="utf-8"))
    gold_lines = {" ".join(p.split()).casefold() for name in names for body in gold[name] for p in body.split("\n")}
    # The stories' headlines: the first line of each one's region dump.
    manifest = json.loads((suite / "manifest.json").read_text(encoding="utf-8"))
    for page_id in manifest["multi_000.txt"]["ids"]:
        region = (SHARED / "region" / "inputs" / f"{page_id}.txt").read_text(encoding="utf-8")
        gold_lines.add(" ".join(region.split("\n", 1)[0].split()).casefold())
    learned = [r["text"] for rec in recs for r in rec["removed"] if r["rule"].startswith("learned-")]
    assert not gold_lines & {" ".join(t.split()).casefold() for t in learned}
