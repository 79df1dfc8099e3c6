"""A real browser (Debian's Chromium through Playwright) on the built site: search, the year pages' filters, the tables."""

from __future__ import annotations

import re

import pytest

from accords.pipeline import build
from accords.timeline import MONTHS
from conftest import REPO
from site_helpers import REPO_URL, chromium, search_results, served_build

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    with served_build(tmp_path_factory.mktemp("browser-site")) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as instance:
        yield instance


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def _results(page) -> list[str]:
    return search_results(page)


def test_search_for_beca_finds_the_beca_page_first_and_not_became(page, base_url):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base_url)
    page.wait_for_load_state("networkidle")
    assert not [url for url in requests if "/pagefind/" in url], "search data fetched before the reader searched"
    del requests[:]
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("BECA", delay=50)
    titles = _results(page)
    assert titles[0] == "Basic Exchange and Cooperation Agreement for Geo-spatial Cooperation (BECA)", titles
    first = page.locator(".md-search-result__item a").first
    assert "/agreements/beca/" in first.get_attribute("href")
    assert page.locator(".md-search-result__item .acc-search-about").first.inner_text() == "Agreement · 27 Oct 2020"
    # Every result says BECA, as a word: none is listed for "became" or "because" alone.
    excerpts = page.locator(".md-search-result__item p:not(.acc-search-about)").all_inner_texts()
    marked = page.locator(".md-search-result__item mark").all_inner_texts()
    # (and only the word: Pagefind's "(BECA)." is marked "BECA")
    assert marked and all(re.fullmatch(r"beca(e?s)?", word, re.I) for word in marked), [w for w in marked if not re.fullmatch(r"beca(e?s)?", w, re.I)]
    assert len(excerpts) == len(titles)
    assert page.locator(".md-search-result__item h1 mark").all_inner_texts()[:1] == ["BECA"]  # in the title too
    first.click()
    page.wait_for_url("**/agreements/beca/**")
    assert "27 Oct 2020" in page.locator("article").inner_text()
    assert page.locator("article mark.acc-highlight").first.inner_text() == "BECA"  # the word searched for, marked
    searched = requests[: next(i for i, url in enumerate(requests) if "/agreements/beca/" in url)]
    assert [url for url in searched if "/pagefind/" in url], "the search fetched nothing"
    assert all(url.startswith(base_url) for url in searched), [url for url in searched if not url.startswith(base_url)]


def test_search_leaves_out_common_words(page, base_url):
    """Words on every page ("the", "of") are not searched for: the results are those of the other
    words, and neither the results nor the page opened mark them (docs/assets/search-worker.js)."""
    page.goto(base_url)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("BECA", delay=30)
    alone = (_results(page), page.locator(".md-search-result__meta").inner_text())
    box.fill("")
    box.press_sequentially("the BECA of", delay=30)
    page.wait_for_function("document.querySelector('[data-acc-search]').getAttribute('data-answered') === 'the BECA of'")
    assert (_results(page), page.locator(".md-search-result__meta").inner_text()) == alone
    marked = {word.lower() for word in page.locator(".md-search-result__item mark").all_inner_texts()}
    assert marked and not marked & {"the", "of"}, marked
    assert page.locator(".md-search-result__item a").first.get_attribute("href").endswith("?h=beca")


@pytest.mark.parametrize("path", ["", "agreements/beca/", "data/"])
def test_a_page_asks_no_other_site_for_anything(page, base_url, path):
    # The site is built with a repository URL, so the header has Material's repository link, whose
    # script would ask api.github.com for the repository's stars and forks (our source.html stops it).
    requests: list[str] = []
    failed: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("response", lambda response: response.ok or failed.append(f"{response.status} {response.url}"))
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)  # Material mounts its components after the load
    assert page.locator("a.md-source").first.get_attribute("href") == REPO_URL
    assert len(requests) > 3 and [url for url in requests if not url.startswith(base_url)] == []
    # Nor asks this site for what it does not publish (Material's own search is left out: on_files).
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("BECA", delay=30)
    _results(page)
    assert failed == [] and not [url for url in requests if "sitemap" in url]


def test_search_filters_narrow_the_results(page, base_url):
    page.goto(base_url + "about/")
    page.keyboard.press("/")
    page.locator("input.md-search__input").press_sequentially("agreement", delay=30)
    _results(page)
    # The filters' values are fetched only when the reader asks for them.
    assert not page.locator(".acc-search-filters select").count()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.locator(".acc-search-filters button").click()
    page.locator(".acc-search-filters select[name=kind]").wait_for()
    assert [url for url in requests if "/pagefind/filter/" in url]
    assert page.evaluate("document.activeElement.name") == "kind" and not page.get_by_text("Filter by kind").count()
    clear = page.get_by_role("button", name="Clear filters")
    assert not clear.is_visible()  # nothing to clear yet
    meta = page.locator(".md-search-result__meta")
    counts = [int(meta.inner_text().split()[0])]
    for name, value in (("kind", "Person"), ("country", "Japan")):
        page.locator(f".acc-search-filters select[name={name}]").select_option(value)
        page.wait_for_function(f"!document.querySelector('.md-search-result__meta').textContent.startsWith('{counts[-1]} ')")
        _results(page)
        counts.append(int(meta.inner_text().split()[0]))
    assert counts[0] > counts[1] > counts[2] > 0, counts
    assert set(page.locator(".md-search-result__item .acc-search-about").all_inner_texts()) == {"Person"}
    years = page.locator(".acc-search-filters select[name=year] option").all_inner_texts()
    assert years[0] == "Any year" and years[1:] == sorted(years[1:], reverse=True)  # newest first
    # Each list says which filter it is, whatever value it shows; one click clears them all.
    assert page.get_by_label("Country", exact=True).input_value() == "Japan" and page.locator(".acc-search-filter", has_text="Kind").is_visible()
    clear.click()
    page.wait_for_function(f"document.querySelector('.md-search-result__meta').textContent.startsWith('{counts[0]} ')")
    assert [select.input_value() for select in page.locator(".acc-search-filters select").all()] == ["", "", "", ""]
    assert not clear.is_visible() and page.evaluate("document.activeElement.name") == "kind"


def test_search_says_what_found_nothing(page, base_url):
    page.goto(base_url + "about/")
    page.keyboard.press("/")
    meta = page.locator(".md-search-result__meta")
    assert meta.inner_text() == "Type to start searching"
    # Pagefind falls back to the longest indexed word a query word begins with ("zzqxv" found a page
    # once the records said "Z"): no indexed word is one of these letters.
    page.locator("input.md-search__input").press_sequentially("ξψωξψ", delay=30)
    page.wait_for_function("document.querySelector('[data-acc-search]').dataset.answered === 'ξψωξψ'", timeout=15_000)
    assert meta.inner_text() == "No results for \u201cξψωξψ\u201d"
    assert page.locator(".md-search-result__item").count() == 0
    page.locator(".acc-search-filter-button").click()
    page.locator(".acc-search-filters select[name=kind]").select_option("Person")
    page.wait_for_function("document.querySelector('.md-search-result__meta').textContent.endsWith('with these filters')", timeout=15_000)
    assert meta.inner_text() == "No results for \u201cξψωξψ\u201d with these filters"


def test_search_works_from_the_keyboard(page, base_url):
    page.goto(base_url + "timeline/")
    page.keyboard.press("s")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type("lemoa", delay=30)
    titles = _results(page)
    assert titles[0].startswith("Logistics Exchange Memorandum of Agreement"), titles
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('md-search-result__link')")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    page.keyboard.press("/")
    page.keyboard.press("Enter")  # opens the first result
    page.wait_for_url("**/agreements/lemoa/**")


def test_tab_goes_round_the_open_search_and_not_into_the_page_behind(page, base_url):
    page.goto(base_url + "timeline/")
    page.keyboard.press("s")
    page.keyboard.type("lemoa", delay=30)
    _results(page)
    inside = "!!document.activeElement.closest('[data-acc-search]')"
    box = "document.activeElement.classList.contains('md-search__input')"
    page.keyboard.press("Shift+Tab")  # from the box: round to its last control (results are reached with arrows)
    assert page.evaluate(inside) and page.evaluate("document.activeElement.classList.contains('acc-search-filter-button')")
    page.keyboard.press("Tab")  # and round again to the box
    assert page.evaluate(box)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")  # from a result: on to the box, not the page
    assert page.evaluate(box)
    for _ in range(5):
        page.keyboard.press("Tab")
        assert page.evaluate(inside)
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")  # closed: the page's own order again
    assert not page.evaluate(inside)


def test_more_results_from_the_keyboard_and_escape_from_a_result(page, base_url):
    page.goto(base_url + "data/")
    page.keyboard.press("s")
    page.keyboard.type("agreement", delay=30)
    titles = _results(page)
    assert len(titles) == 10 and page.locator(".acc-search-more button").count() == 1
    for _ in range(11):
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent").startswith("Show 10 more")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('.md-search-result__item h1').length > 10", timeout=15_000)
    # the focus goes to the first of the results just shown, the 11th
    page.wait_for_function("document.activeElement === document.querySelectorAll('.md-search-result__link')[10]", timeout=15_000)
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    assert not page.evaluate("!!document.activeElement.closest('[data-acc-search]')")  # not left on a result out of sight


def test_a_year_page_filters_by_kind_and_domain(page, base_url):
    kb, _ = build(REPO / "data")
    busiest = max({e.date.year for e in kb.timeline}, key=lambda y: sum(e.date.year == y for e in kb.timeline))
    page.goto(base_url + f"years/{busiest}/")
    items = page.locator(".acc-timeline > li")
    total = items.count()
    assert total > 5
    kinds = [e.record.kind for e in kb.timeline if e.date.year == busiest]
    kind = next(k for k in ("dialogue", "event", "exercise", "agreement") if 0 < kinds.count(k) < total)
    page.get_by_label("Kind").select_option(kind)  # labelled controls
    visible = page.locator(".acc-timeline > li:visible")
    assert visible.count() == kinds.count(kind)
    assert set(visible.evaluate_all("els => els.map(e => e.dataset.kind)")) == {kind}
    assert page.locator(".acc-count").inner_text() == f"{visible.count()} of {total} shown"
    page.select_option("select[name=kind]", "")
    assert page.locator(".acc-timeline > li:visible").count() == total

    page.goto(base_url + "years/2020/")
    page.get_by_label("Domain").select_option(label="Geospatial")  # readable names, not slugs
    labels = page.locator(".acc-timeline > li:visible").all_inner_texts()
    assert [" ".join(label.split()) for label in labels] == ["27 Oct 2020 Agreement BECA, signed at Hyderabad House, New Delhi"]
    page.goto(base_url + "timeline/")
    assert "Information security" in page.locator("select[name=domain] option").all_inner_texts()


def _month_headings(page) -> tuple[list[str], list[str]]:
    """The month headings shown on a year page, and those its contents list (Material's TOC) shows."""
    shown = [h.strip("¶ \n") for h in page.locator("article h2:visible").all_inner_texts()]
    toc = [t.strip() for t in page.locator(".md-sidebar--secondary .md-nav--secondary .md-nav__link:visible").all_inner_texts()]
    return shown, toc


def test_a_filtered_year_is_in_its_url_survives_a_reload_and_the_contents_follow(page, base_url):
    kb, _ = build(REPO / "data")
    entries = [e for e in kb.timeline if e.date.year == 2025]
    agreements = [e for e in entries if e.record.kind == "agreement"]
    months = {e.date.month for e in agreements}
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base_url + "years/2025/")
    before, toc = _month_headings(page)
    assert before == toc and len(before) > len(months)  # every month with an entry, as headings and in the contents
    page.get_by_label("Kind").select_option("agreement")
    assert page.url.endswith("/years/2025/?kind=agreement")
    after, toc = _month_headings(page)
    assert after == toc == [h for h in before if h in {MONTHS[m - 1] if m else "Month not given" for m in months}]
    assert page.locator(".acc-timeline > li:visible").count() == len(agreements)
    page.get_by_label("Order").select_option("newest")
    assert page.url.endswith("?kind=agreement&order=newest")
    newest, toc = _month_headings(page)
    assert newest == toc == list(reversed(after))
    dates = page.locator(".acc-timeline > li:visible time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
    assert dates == sorted(dates, reverse=True) and len(dates) == len(agreements)

    page.reload()  # the same view from its URL alone
    assert page.locator("select[name=kind]").input_value() == "agreement"
    assert page.locator("select[name=order]").input_value() == "newest"
    assert page.locator(".acc-timeline > li:visible time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))") == dates
    assert _month_headings(page) == (newest, newest)


def test_a_short_year_without_headings_reverses_too(page, base_url):
    kb, _ = build(REPO / "data")
    year = next(y for y in sorted({e.date.year for e in kb.timeline}) if 3 <= sum(e.date.year == y for e in kb.timeline) < 10)
    page.goto(base_url + f"years/{year}/?order=newest")
    assert page.locator("article h2").count() == 0
    dates = page.locator(".acc-timeline > li time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
    assert len(dates) >= 3 and dates == sorted(dates, reverse=True)
    page.get_by_label("Order").select_option("oldest")
    assert page.url.endswith(f"/years/{year}/")  # the default order is left out of the URL
    assert page.locator(".acc-timeline > li time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))") == dates[::-1]


def test_a_country_pair_filter_and_nothing_to_show(page, base_url):
    kb, _ = build(REPO / "data")
    japan = [e for e in kb.timeline if e.date.year == 2025 and {"IN", "JP"} <= set(kb.countries(e.record))]
    assert japan
    page.goto(base_url + "years/2025/?pair=in-jp")
    assert page.locator("select[name=pair] option:checked").inner_text() == "India–Japan"
    assert page.locator(".acc-timeline > li:visible").count() == len(japan)
    assert not page.locator(".acc-none").is_visible()
    page.goto(base_url + "years/2025/?pair=in-jp&kind=designation")
    assert page.locator(".acc-timeline > li:visible").count() == 0
    assert page.locator(".acc-none").inner_text() == "No entries match these filters."
    assert _month_headings(page) == ([], [])


def test_the_overview_carries_its_filters_to_the_years(page, base_url):
    page.goto(base_url + "timeline/?kind=agreement&pair=in-us")
    link = page.locator("a.acc-year", has_text="2020")
    assert link.get_attribute("href").endswith("years/2020/?kind=agreement&pair=in-us")
    page.get_by_label("Order").select_option("newest")
    assert page.url.endswith("timeline/?kind=agreement&pair=in-us&order=newest")
    years = page.locator("a.acc-year").all_inner_texts()
    assert years == sorted(years, reverse=True)
    link.click()
    page.wait_for_url("**/years/2020/?kind=agreement&pair=in-us&order=newest")
    shown = page.locator(".acc-timeline > li:visible")
    assert shown.count() >= 1
    assert set(shown.evaluate_all("els => els.map(e => e.dataset.kind)")) == {"agreement"}
    assert all("in-us" in p.split() for p in shown.evaluate_all("els => els.map(e => e.dataset.pairs)"))


def test_the_filters_work_from_the_keyboard(page, base_url):
    page.goto(base_url + "years/2025/")
    page.locator("select[name=kind]").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "domain"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("ArrowDown")  # a closed select changes with the arrow keys
    assert "?kind=" in page.url


def test_a_year_page_is_a_plain_list_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "years/2020/")
    assert page.locator(".acc-timeline > li").count() > 5
    assert not page.locator(".acc-filters").is_visible()
    context.close()


def test_index_table_sorts_by_a_column(page, base_url):
    page.goto(base_url + "agreements/")
    labels = lambda: [row.split("\n")[0] for row in page.locator("article table tbody tr").all_inner_texts()]  # noqa: E731
    by_date = labels()
    assert by_date.index("Agreed Minute on Defense Relations") < by_date.index("GSOMIA") < by_date.index("MQ-9B")  # 1995, 2002, 2024: by date, as rendered
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
    from accords.schema_docs import template

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


@pytest.mark.parametrize("width", [1280, 390])
def test_the_overviews_years_bars_and_counts_stand_in_columns(browser, base_url, width):
    """Each year's bar starts where every other's does, and its number of facts ends where every other's
    does, so that the bars compare at a glance; nothing runs past the page's width."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(base_url + "timeline/")
    boxes = page.locator("ul.acc-years > li").evaluate_all("""items => items.map(li => {
        const box = e => e.getBoundingClientRect();
        return {year: box(li.querySelector('.acc-year')), bar: box(li.querySelector('svg.acc-bar')),
                count: box(li.querySelector('.acc-year-count')), words: box(li.querySelector('.acc-year-words')),
                right: box(li.closest('article') || li.parentElement).right};
    })""")
    assert len(boxes) > 20
    assert len({round(b["bar"]["left"]) for b in boxes}) == 1
    assert len({round(b["count"]["right"]) for b in boxes}) == 1
    assert all(b["year"]["right"] <= b["bar"]["left"] <= b["bar"]["right"] <= b["count"]["left"] for b in boxes)
    widest = max(boxes, key=lambda b: b["bar"]["width"])
    assert widest["bar"]["width"] == pytest.approx(240, abs=1)  # one scale: the busiest year's bar is BAR_WIDTH
    assert all(b["words"]["right"] <= b["right"] + 1 for b in boxes)
    if width < 720:  # on a phone the words go under the bar, from its left edge
        assert all(b["words"]["top"] >= b["bar"]["bottom"] and round(b["words"]["left"]) == round(b["bar"]["left"]) for b in boxes)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_lifespans_chart_fits_the_screen(browser, base_url, width):
    """A phone gets the narrow drawing, as wide as the page and not scrolled sideways; a wide screen the
    wide one; either way only one of the two shows, and its text is at least 11 px tall."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(base_url + "pairs/in-us/")
    wide, narrow = page.locator("svg.acc-lifespans-wide"), page.locator("svg.acc-lifespans-narrow")
    assert wide.is_visible() == (width >= 640) and narrow.is_visible() == (width < 640)
    shown = wide if width >= 640 else narrow
    scroll = page.locator(".acc-lifespans-scroll")
    assert scroll.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
    box, content = shown.bounding_box(), page.locator("article").bounding_box()
    assert box["x"] >= content["x"] - 1 and box["x"] + box["width"] <= content["x"] + content["width"] + 1
    label = shown.locator("text.acc-life-label").first.bounding_box()
    assert label["height"] >= 11
    context.close()
