"""The report page in a real browser (headless Chromium): it loads with no console error, shows
seed 001's lines with the rules that took them, filters by rule, and works with the keyboard.
Skipped where no Chromium is installed (CI installs it: .ci/run)."""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import chromium, missing
from click.testing import CliRunner

from cleaner.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
S001 = "001_7a3a63e451c8d701.txt"

pytestmark = pytest.mark.skipif(missing() is not None, reason=missing() or "")


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The report of the samples, opened; the console's log is read by each test."""
    tmp = tmp_path_factory.mktemp("report")
    shutil.copytree(SAMPLES, tmp / "in")
    result = CliRunner().invoke(main, [str(tmp / "in"), "-o", str(tmp / "out"), "--report"])
    assert result.exit_code == 0, result.output
    with chromium() as driver:
        driver.get((tmp / "out" / "report.html").as_uri())
        yield driver


def source(driver: Any, name: str) -> Any:
    from selenium.webdriver.common.by import By

    return next(s for s in driver.find_elements(By.CSS_SELECTOR, "#sources article.source")
                if name in s.find_element(By.TAG_NAME, "h3").text)


def line(article: Any, number: int) -> Any:
    from selenium.webdriver.common.by import By

    return next(li for li in article.find_elements(By.CSS_SELECTOR, "li")
                if li.find_elements(By.CSS_SELECTOR, ".ln") and li.find_element(By.CSS_SELECTOR, ".ln").text == str(number))


def rules_of(li: Any) -> list[str]:
    from selenium.webdriver.common.by import By

    return [p.get_attribute("data-rule") for p in li.find_elements(By.CSS_SELECTOR, ".piece")]


def test_loads_with_no_console_error(page: Any) -> None:
    from selenium.webdriver.common.by import By

    errors = [entry for entry in page.get_log("browser") if entry["level"] == "SEVERE"]
    assert not errors
    names = [h.text for h in page.find_elements(By.CSS_SELECTOR, "#sources article.source h3")]
    assert [name.split(" ", 1)[1] for name in names] == sorted(p.name for p in SAMPLES.iterdir())
    assert "widget-label" in page.find_element(By.ID, "rule-table").text


def test_seed_001_lines_with_their_rules(page: Any) -> None:
    from selenium.webdriver.common.by import By

    seed = source(page, S001)
    assert rules_of(line(seed, 1)) == ["repeated-headline"]  # the headline, kept as the title
    assert rules_of(line(seed, 7)) == ["repeated-headline"]  # ... and printed again
    for number in (3, 4, 9, 10):  # the caption block, twice over
        assert rules_of(line(seed, number)) == ["photo-credit"]
        assert "captions" in line(seed, number).text
    tt = line(seed, 5)
    assert rules_of(tt) == ["widget-label"]
    assert "TT" in tt.find_element(By.TAG_NAME, "del").text and "widget-label" in tt.text
    kept = line(seed, 12)
    assert "Baghaei stated" in kept.text and not rules_of(kept)
    heads = [h.text for h in seed.find_elements(By.CSS_SELECTOR, ".article-head")]
    assert len(heads) == 2 and "Gaza" in heads[1]
    breaks = [b.text for b in seed.find_elements(By.CSS_SELECTOR, ".break summary")]
    assert any(b.startswith("New story at line 32") for b in breaks)
    assert any(b.startswith("Weighed, no break at line 38") for b in breaks)


def test_filter_by_rule_hides_the_others(page: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    Select(page.find_element(By.ID, "filter")).select_by_value("rule:widget-label")
    shown = page.find_elements(By.CSS_SELECTOR, "#sources li.removed")
    visible = [li for li in shown if li.is_displayed()]
    assert visible and all("widget-label" in rules_of(li) for li in visible)
    assert any(not li.is_displayed() for li in shown)  # the captions and headlines, hidden
    names = [h.text for h in page.find_elements(By.CSS_SELECTOR, "#sources article.source h3")]
    assert any(S001 in name for name in names)
    assert "match" in page.find_element(By.ID, "count").text
    Select(page.find_element(By.ID, "filter")).select_by_value("")


def test_keys_jump_to_the_next_removal(page: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    def press(key: str) -> Any:
        ActionChains(page).send_keys(key).perform()
        return page.switch_to.active_element

    press(Keys.ESCAPE)  # leaves the filter's menu, which kept the focus
    first = press("n")
    assert "removed" in first.get_attribute("class")
    second = press("n")
    assert second != first and "removed" in second.get_attribute("class")
    assert press("p") == first
    assert first.find_element(By.CSS_SELECTOR, ".why").is_displayed()  # its reason, shown on focus
    assert press("/").get_attribute("id") == "search"
    press(Keys.ESCAPE)
    page.save_screenshot(str(tmp_path / "report.png"))
    assert (tmp_path / "report.png").stat().st_size > 0
