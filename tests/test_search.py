"""Search: the Pagefind index the hook writes (what is in it, what is not), and the search box in a real
browser on the hostile corpus and under `mkdocs serve --dirty`. The search box on the real data is
tested in test_browser.py."""

from __future__ import annotations

import asyncio
import gzip
import json
import re
import threading
import time
from pathlib import Path

import pytest

from accords import search
from accords.bench import serve
from accords.search import Facets, Indexer, article, document, record_facets
from conftest import TALKS, write_data
from site_helpers import chromium, mkdocs_build, mkdocs_serve, search_results, wait_for
from test_hostile import INERT, _inert_data
from test_site import site  # noqa: F401 (the site built from data/, a fixture)


def indexed(site_dir: Path) -> dict[str, dict]:
    """Every page in a built site's search index, by URL: its text, metadata and filters, read from
    Pagefind's fragments (gzip: a 'pagefind_dcd' mark, then JSON)."""
    pages = {}
    for fragment in (site_dir / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        found = json.loads(data[len(b"pagefind_dcd"):])
        pages[found["url"]] = found
    return pages


# -- What a page is indexed with --------------------------------------------------------------


BECA = {"id": "beca", "kind": "agreement",
        "fields": {"title": "Basic Exchange and Cooperation Agreement", "short_title": "BECA", "parties": ["IN", "US"],
                   "domains": ["geospatial", "intelligence"], "aliases": ["बेका", "Geo-spatial agreement"]},
        "computed": {"timeline": [{"date": "2020-10-27", "what": "signed"}, {"date": "2021~", "what": "in force"}]}}


def test_a_records_facets_come_from_its_json():
    names = {"IN": "India", "US": "United States"}
    facets = record_facets(BECA, names.get)
    assert facets == Facets(kind="Agreement", date="27 Oct 2020", countries=("India", "United States"),
                            domains=("geospatial", "intelligence"), years=("2020", "2021"), aliases=("बेका", "Geo-spatial agreement"))
    person = {"id": "jane", "kind": "person", "fields": {"name": "Jane", "roles": [{"party": "IN"}, {"party": "org"}]}}
    assert record_facets(person, {"IN": "India", "org": "India"}.get).countries == ("India",)
    assert record_facets({"id": "jp", "kind": "country", "fields": {"name": "Japan"}}, {"JP": "Japan"}.get).countries == ("Japan",)


def test_the_article_is_indexed_without_sections_material_left_out():
    page = ('<header>Skip to content</header><article class="md-content__inner md-typeset"><h1>Title</h1><p>Body</p>'
            '<h2 data-search-exclude id="before-and-after">Before and after</h2><p>Other record</p><h3>x</h3>'
            "<h2>Related</h2><p>kept</p></article><footer>Made with</footer>")
    assert article(page) == "<h1>Title</h1><p>Body</p><h2>Related</h2><p>kept</p>"
    assert article("<html><body>no article</body></html>") is None


def test_facets_are_escaped_into_the_document():
    hostile = Facets(kind="Agreement", date="2020", countries=('<img src=x onerror="alert(1)">',), aliases=("<script>x</script>",))
    html = document("<h1>T</h1>", hostile)
    assert "<script>" not in html and "<img" not in html
    assert '<span data-pagefind-filter="country">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</span>' in html
    assert '<p data-pagefind-weight="5">&lt;script&gt;x&lt;/script&gt;</p>' in html
    assert '<main data-pagefind-body><p data-pagefind-weight="5">' in html and html.count("data-pagefind-ignore") == 1


def test_the_indexer_keeps_up_with_many_pages(tmp_path):
    # pagefind 1.5.2's own reader takes 0.1 s per page (200 s here): ours reads answers as they come.
    start = time.perf_counter()
    indexer = Indexer()
    for n in range(2000):
        indexer.add(f"p/{n}/", document(f"<h1>Page {n}</h1><p>word{n} text</p>", Facets(kind="Event", years=(str(1990 + n % 30),))))
    indexer.write(tmp_path)
    assert time.perf_counter() - start < 30
    pages = indexed(tmp_path)
    assert len(pages) == 2000 and pages["/p/7/"]["filters"] == {"kind": ["Event"], "year": ["1997"]}
    assert not list(tmp_path.glob("pagefind/*ui*")) and not (tmp_path / "pagefind.new").exists()


def test_an_index_superseded_while_being_written_is_dropped(tmp_path):
    # Under `mkdocs serve`, a save while the last build's index is written: the next build stops it.
    indexer = Indexer()
    for n in range(3000):
        indexer.add(f"p/{n}/", document(f"<h1>Page {n}</h1><p>text {n}</p>", Facets(kind="Event")))
    failed: list[BaseException] = []

    def write() -> None:
        try:
            indexer.write(tmp_path)
        except BaseException as error:  # noqa: B036 - recorded for the assertion
            failed.append(error)

    thread = threading.Thread(target=write)
    thread.start()
    time.sleep(0.2)
    indexer.abort()
    thread.join(timeout=30)
    assert not thread.is_alive() and indexer.aborted and failed
    assert not (tmp_path / "pagefind").exists()


def test_an_answer_longer_than_the_pipes_limit_is_read_whole():
    """The index's files come back in one answer, longer than the stream's limit from ~2,000 pages on."""
    async def read() -> tuple[bytes, bytes]:
        stream = asyncio.StreamReader(limit=16)
        stream.feed_data(b"A" * 100 + b",B,")
        stream.feed_eof()
        return await search.read_answer(stream), await search.read_answer(stream)

    assert asyncio.run(read()) == (b"A" * 100 + b",", b"B,")


def test_an_index_given_incomplete_fails_and_the_last_one_stays(tmp_path):
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "pagefind-entry.json").write_text("{}")  # the last good index
    indexer = Indexer()
    indexer.add("a/", document("<h1>A</h1><p>text</p>", Facets(kind="Event")))
    get_files = indexer._index.get_files

    async def truncated() -> list[dict]:  # the entry file empty
        return [{**file, "content": b""} if file["path"] == "pagefind-entry.json" else file for file in await get_files()]

    indexer._index.get_files = truncated
    with pytest.raises(RuntimeError, match="incomplete index: pagefind-entry.json is missing or empty"):
        indexer.write(tmp_path)
    assert (tmp_path / "pagefind" / "pagefind-entry.json").read_text() == "{}" and not (tmp_path / "pagefind.new").exists()


def test_a_failed_build_stops_the_binary(tmp_path):
    indexer = Indexer()
    indexer.add("a/", "<html><body><h1>A</h1></body></html>")
    indexer.close()
    assert not (tmp_path / "pagefind").exists()


# -- The index of the site built from data/ ----------------------------------------------------


def test_record_pages_are_indexed_with_their_facets_and_index_pages_are_not(site):  # noqa: F811
    pages = indexed(site)
    beca = pages["/agreements/beca/"]
    assert beca["meta"]["title"].startswith("Basic Exchange and Cooperation Agreement") and beca["meta"]["title"].endswith("(BECA)")
    assert beca["meta"]["kind"] == "Agreement" and beca["meta"]["date"] == "27 Oct 2020"
    assert beca["filters"]["country"] == ["India", "United States"] and beca["filters"]["year"] == ["2020"]
    assert set(beca["filters"]["domain"]) == {"geospatial", "intelligence"}
    assert pages["/people/jivesh-nandan/"]["meta"]["kind"] == "Person"
    assert pages["/countries/jp/"]["meta"]["kind"] == "Country" and "日本" in pages["/countries/jp/"]["content"]
    assert pages["/about/"]["meta"]["kind"] == "Page"
    # Index pages (tables and lists of other pages) and the home page are not indexed.
    assert not {"/", "/timeline/", "/agreements/", "/years/2020/", "/pairs/in-us/", "/domains/", "/domains/geospatial/",
                "/years/", "/pairs/", "/records/", "/browse/"} & set(pages)
    # Nor the theme's chrome, nor sections that name other records ("Before and after").
    for url, found in pages.items():
        assert "Skip to content" not in found["content"] and "¶" not in found["content"], url
        assert "Edit this page" not in found["content"] and "Made with" not in found["content"], url
    assert "Before and after" not in beca["content"] and "roadmap" not in beca["content"].lower()
    # Nor a table's column names: the key facts are found by what they say, not by "Key facts Value".
    assert "Key facts" not in beca["content"] and "27 Oct 2020" in beca["content"]


def test_aliases_are_indexed_above_body_text(site):  # noqa: F811
    pages = indexed(site)
    exercise = next(found for found in pages.values() if "Yudhabhyas" in found["content"])
    assert exercise["url"] == "/exercises/yudh-abhyas/"
    assert exercise["content"].startswith("Yudhabhyas.")  # the weighted aliases come first


# -- The search box in a browser ---------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    with chromium() as instance:
        yield instance




def search_for(page, text: str) -> list[str]:
    """Type into the header's search box; the results' titles once they stop changing."""
    page.keyboard.press("/")
    page.locator("input.md-search__input").fill("")
    page.locator("input.md-search__input").press_sequentially(text, delay=30)
    return search_results(page)


@pytest.mark.browser
def test_hostile_text_stays_inert_in_results_and_excerpts(tmp_path, browser):
    data = _inert_data(tmp_path)
    result = mkdocs_build(tmp_path / "site", data)
    assert result.returncode == 0, result.stderr
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with serve(tmp_path / "site") as url:
        page.goto(url + "about/")
        titles = search_for(page, "alert")
        assert any(title.startswith("<script>alert(1)</script>") for title in titles), titles
        assert any('<img src=x onerror=alert(1)> <a href="#" onclick="alert(1)">x</a>' in title for title in titles), titles
        results = page.locator(".md-search-result__list")
        shown = results.inner_text()
        assert "[click](javascript:alert(1))" in search_for(page, "click")[0] or "[click](javascript:alert(1))" in shown
        # Only the elements the search box makes: no image, script, handler or link from the records' text.
        tags = set(results.evaluate("list => [...list.querySelectorAll('*')].map(e => e.tagName.toLowerCase())"))
        assert tags <= {"li", "a", "article", "h1", "p", "mark", "button"}, tags
        attributes = results.evaluate("list => [...list.querySelectorAll('*')].flatMap(e => e.getAttributeNames())")
        assert set(attributes) <= {"class", "href", "tabindex", "role", "type"}, set(attributes)
        hrefs = results.evaluate("list => [...list.querySelectorAll('a')].map(a => a.href)")
        assert all(href.startswith(url) for href in hrefs), hrefs
    assert not dialogs
    assert len(INERT) >= 8
    context.close()


@pytest.mark.browser
def test_serve_dirty_finds_an_edited_record_under_its_new_title(tmp_path, browser):
    data = write_data(tmp_path)
    log = tmp_path / "serve.log"
    with mkdocs_serve(data, log, "--dirty") as base:
        assert wait_for(base + "dialogues/talks/", "Test Talks"), log.read_text()
        context = browser.new_context()
        page = context.new_page()
        page.goto(base + "about/")
        assert "Test Talks" in search_for(page, "talks")
        indexes = log.read_text().count("search index of")
        (data / "dialogues" / "talks.yaml").write_text(TALKS.replace("Test Talks", "Renamed Conversation"))
        assert wait_for(base + "dialogues/talks/", "Renamed Conversation"), log.read_text()
        deadline = time.monotonic() + 60
        while log.read_text().count("search index of") == indexes and time.monotonic() < deadline:
            time.sleep(0.2)
        # The index is written a moment after the reload, in the background: a reader who searches again
        # (a new page loads the new index) finds the new title within seconds.
        found: list[str] = []
        while time.monotonic() < deadline and found[:1] != ["Renamed Conversation"]:
            page = context.new_page()
            page.goto(base + "about/")
            found = search_for(page, "renamed conversation")
            page.close()
        assert found[:1] == ["Renamed Conversation"], log.read_text()
        page = context.new_page()
        page.goto(base + "about/")
        assert "Test Talks" not in search_for(page, "talks")  # no page says it any more
        found = re.findall(r"search index of (\d+) pages", log.read_text())
        assert len(set(found)) == 1 and int(found[0]) > 10, f"each build indexes every page once: {found}"
        context.close()
