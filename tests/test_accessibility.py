"""The reader's site in a real browser (Debian's Chromium through Playwright), built from the real data:
axe-core finds no violation on the main kinds of page, light and dark, wide and narrow; at 390 px no
table cuts a column off; and the README's screenshots are taken from this build."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from conftest import REPO
from site_helpers import chromium, served_build

pytestmark = pytest.mark.browser

PAGES = {
    "home": "",
    "record": "agreements/beca/",
    "pair": "pairs/in-us/",
    "year": "years/2025/",
    "timeline": "timeline/",
    "data": "data/",
    "person": "people/a-k-antony/",
    "contributing": "contributing/",  # several code blocks, each with Material's copy button in a <nav>
}
# Every kind of page with a table, at a phone's width.
TABLE_PAGES = {
    **PAGES,
    "kind index": "agreements/",
    "family": "families/defence-cooperation-agreements/",
    "country": "countries/us/",
    "organisation": "organisations/boeing/",
    "dialogue rounds": "dialogues/india-us-2-plus-2-ministerial-dialogue/",
    "exercise editions": "exercises/malabar/",
    "domain": "domains/cyber/",
}
SCREENSHOTS = REPO / "docs" / "assets" / "screenshots"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    with served_build(tmp_path_factory.mktemp("a11y-site")) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as instance:
        yield instance


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation(browser, base_url, scheme, width):
    """Every rule axe-core runs by default (WCAG 2.x A and AA and its best practices), on each page.
    Material's own markup is mended where it failed: a name for each nav section and each code block's
    copy-button nav (docs/assets/accords.js), a closed search panel that is no scrolling region
    (docs/assets/accords.css)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(viewport={"width": width, "height": 844}, color_scheme=scheme)
    page = context.new_page()
    found = {}
    try:
        for name, path in PAGES.items():
            page.goto(base_url + path)
            assert page.evaluate("getComputedStyle(document.body).backgroundColor") == (
                "rgb(255, 255, 255)" if scheme == "light" else "rgb(30, 33, 41)")  # the scheme is the one meant
            results = axe.run(page)
            violations = results.response["violations"]
            if violations:
                found[name] = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    finally:
        context.close()
    assert found == {}


def _answered(page) -> None:
    """Wait until the search results answer what the box holds and their excerpts are shown."""
    page.wait_for_function("(box => box && box.dataset.answered === document.querySelector('input.md-search__input').value.trim())"
                           "(document.querySelector('[data-acc-search]'))", timeout=15_000)
    page.locator(".md-search-result__item a").first.wait_for(timeout=15_000)
    page.wait_for_timeout(300)  # Material's fade-in of the results panel


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_in_the_open_search(browser, base_url, scheme, width):
    """The header's search, open with results (docs/assets/search.js, partials/accords-search.html): a
    plain list of links, no link inside a listbox option (nested-interactive), the "Show more" button in
    a list item of the same list (listitem, aria-required-children); then with the filters panel open,
    with more results than one batch, and with the first result focused from the keyboard (Material's
    tint under it)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(viewport={"width": width, "height": 844}, color_scheme=scheme)
    page = context.new_page()
    box = page.locator("input.md-search__input")
    found = {}

    def check(state: str) -> None:
        violations = axe.run(page).response["violations"]
        if violations:
            found[state] = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]

    try:
        page.goto(base_url + PAGES["record"])
        page.keyboard.press("/")
        box.press_sequentially("BECA", delay=30)
        _answered(page)
        check("results")
        page.locator(".acc-search-filter-button").click()
        page.locator(".acc-search-filters select[name=kind]").wait_for()
        check("filters open")
        box.fill("")
        box.press_sequentially("agreement", delay=30)
        _answered(page)
        page.locator(".acc-search-more button").wait_for()
        check("more than a batch")
        box.focus()
        page.keyboard.press("ArrowDown")
        assert page.evaluate("document.activeElement.classList.contains('md-search-result__link')")
        check("a result focused")
        assert page.locator("[data-acc-search] [style]").count() == 0  # its styles are in accords.css
    finally:
        context.close()
    assert found == {}


def test_axe_sees_a_violation_it_should(browser, base_url):
    """The check above can fail: a picture without a text alternative, added to a page, is found."""
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page()
    page.goto(base_url + PAGES["record"])
    page.evaluate("document.querySelector('article').insertAdjacentHTML('beforeend', '<img src=\"x.png\">')")
    ids = [v["id"] for v in Axe().run(page).response["violations"]]
    page.close()
    assert "image-alt" in ids


CUT = """() => {
  const width = document.documentElement.clientWidth;
  const cut = [];
  document.querySelectorAll('article table').forEach(table => {
    table.querySelectorAll('td, th').forEach(cell => {
      const box = cell.getBoundingClientRect();
      const head = cell.closest('thead');  // visually hidden where rows are cards: read, not seen
      if (box.width === 0 || head && head.getBoundingClientRect().width <= 1) return;
      if (box.right > width + 1 || box.left < -1) cut.push((cell.dataset.label || cell.textContent).trim().slice(0, 40));
    });
  });
  return {cut: cut.slice(0, 5), overflow: document.documentElement.scrollWidth - width};
}"""


def test_no_table_cuts_a_column_off_at_390_px(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    found = {}
    try:
        for name, path in TABLE_PAGES.items():
            page.goto(base_url + path)
            assert page.locator("article").count() == 1, path
            result = page.evaluate(CUT)
            if result["cut"] or result["overflow"] > 0:
                found[name] = result
        # a pair page's table does not repeat the pair's countries in a Parties column
        page.goto(base_url + PAGES["pair"])
        assert "Parties" not in page.locator("article table thead").first.inner_text()
    finally:
        context.close()
    assert found == {}


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def test_the_readme_screenshots_are_taken_from_the_real_site(browser, base_url):
    """README.md shows these two pictures: the home page on a desktop (light) and a record on a phone (dark)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots = {"home-1280-light.png": ("", 1280, 800, "light"), "record-390-dark.png": (PAGES["record"], 390, 844, "dark")}
    for name, (path, width, height, scheme) in shots.items():
        context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
        page = context.new_page()
        page.goto(base_url + path)
        page.locator("article h1").wait_for()
        page.screenshot(path=str(SCREENSHOTS / name))
        context.close()
    for name, (_, width, height, _) in shots.items():
        assert _png_size(SCREENSHOTS / name) == (width, height)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert all(f"docs/assets/screenshots/{name}" in readme for name in shots)


def test_the_footer_says_whose_site_it_is(browser, base_url):
    from site_helpers import AS_OF, REPO_URL

    page = browser.new_page()
    page.goto(base_url + PAGES["data"])
    footer = page.locator("footer .acc-footer")
    words = " ".join(footer.inner_text().split())
    assert words.startswith("Accords: an open knowledge base of India's defence agreements")
    assert f"Data under CC BY 4.0, code under MIT. Statuses as of {AS_OF}." in words
    assert footer.get_by_role("link", name="CC BY 4.0").get_attribute("href") == f"{REPO_URL}/blob/main/LICENSE-DATA"
    assert footer.get_by_role("link", name="MIT").get_attribute("href") == f"{REPO_URL}/blob/main/LICENSE"
    assert footer.get_by_role("link", name="Source and data on the repository").get_attribute("href") == REPO_URL
    page.close()
