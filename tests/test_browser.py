"""A real browser (Debian's Chromium through Playwright) on the built site: search and the timeline."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from accords.pipeline import build
from conftest import REPO
from site_helpers import mkdocs_build, serve

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("ACCORDS_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
] + (["--no-sandbox"] if os.geteuid() == 0 else [])


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    site = tmp_path_factory.mktemp("browser-site")
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not at {CHROMIUM}: run 'bash scripts/test.sh', which installs Debian's chromium")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def test_search_for_beca_finds_the_beca_page(page, base_url):
    page.goto(base_url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    search = page.locator("input.md-search__input")
    search.press_sequentially("BECA", delay=50)
    result = page.locator(".md-search-result__item a[href*='agreements/beca']").first
    result.wait_for(timeout=15_000)
    first = page.locator(".md-search-result__item a").first.get_attribute("href")
    assert "/agreements/beca/" in first, f"the BECA page is not the first result: {first}"
    result.click()
    page.wait_for_url("**/agreements/beca/**")
    assert "27 Oct 2020" in page.locator("article").inner_text()


def test_timeline_filters_by_kind_and_domain(page, base_url):
    page.goto(base_url + "timeline/")
    items = page.locator(".acc-timeline > li")
    total = items.count()
    assert total > 5
    page.select_option("select[name=kind]", "dialogue")
    visible = page.locator(".acc-timeline > li:visible")
    assert 0 < visible.count() < total
    assert set(visible.evaluate_all("els => els.map(e => e.dataset.kind)")) == {"dialogue"}
    assert page.locator(".acc-count").inner_text() == f"{visible.count()} of {total} shown"
    kb, _ = build(REPO / "data")
    quiet = min({e.date.year for e in kb.timeline} - {e.date.year for e in kb.timeline if e.record.kind == "dialogue"})
    assert not page.locator(f"h2:has-text('{quiet}')").is_visible()  # a year with no dialogue round

    page.select_option("select[name=kind]", "")
    page.select_option("select[name=domain]", "geospatial")
    labels = page.locator(".acc-timeline > li:visible").all_inner_texts()
    assert labels == ["27 Oct 2020: BECA, signed at Hyderabad House, New Delhi Agreement"]

    page.select_option("select[name=domain]", "")
    assert page.locator(".acc-timeline > li:visible").count() == total


def test_timeline_is_a_plain_list_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "timeline/")
    assert page.locator(".acc-timeline > li").count() > 5
    assert not page.locator(".acc-filters").is_visible()
    context.close()


def test_index_table_sorts_by_a_column(page, base_url):
    page.goto(base_url + "agreements/")
    labels = lambda: [row.split("\n")[0] for row in page.locator("article table tbody tr").all_inner_texts()]  # noqa: E731
    by_date = labels()
    assert by_date[0] == "Agreed Minute on Defense Relations" and by_date.index("GSOMIA") < by_date.index("MQ-9B")  # 1995 … as rendered
    header = page.locator("article table thead th", has_text="Record")
    page.get_by_role("button", name="Record").click()
    assert labels() == sorted(by_date, key=str.lower) and header.get_attribute("aria-sort") == "ascending"
    page.get_by_role("button", name="Record").press("Enter")  # a real button: the keyboard works too
    assert labels() == sorted(by_date, key=str.lower, reverse=True) and header.get_attribute("aria-sort") == "descending"
    dates = lambda: page.locator("article table tbody tr td:nth-child(3)").all_inner_texts()  # noqa: E731
    page.goto(base_url + "agreements/")
    as_rendered = dates()
    page.locator("article table thead th", has_text="Record").click()
    assert dates() != as_rendered
    page.locator("article table thead th", has_text="Date").click()
    assert dates() == as_rendered  # ascending by date, as the page was rendered
    assert page.locator("article table thead th[aria-sort]").count() == 1
    assert header.get_attribute("role") is None  # still a column header: aria-sort belongs there, not on a button


def test_key_facts_are_not_a_table_to_sort(page, base_url):
    page.goto(base_url + "agreements/beca/")
    page.get_by_role("button", name="Relation").wait_for()  # the related records are sortable
    facts = page.locator("article table", has_text="Key facts")
    assert facts.get_by_role("button").count() == 0
    assert facts.locator("tbody tr").first.inner_text().startswith("Kind")


def test_a_contributor_opens_a_kinds_template_and_copies_it_whole(browser, base_url):
    from accords.derived import template

    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(base_url + "contributing/")
    details = page.locator("details", has=page.locator("code.language-yaml", has_text="A new event:"))
    assert not details.locator("pre").is_visible()  # folded: the page lists kinds, not eight long files
    details.locator("summary").click()
    assert details.locator("pre").is_visible()
    details.hover()
    details.get_by_title("Copy to clipboard").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.rstrip("\n") == template("event", "new-id").rstrip("\n")
    context.close()
