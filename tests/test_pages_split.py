"""Long lists split into pages: no generated page grows with the number of records. The timeline is an
overview by decade, kind indexes, pairs, domains and years are split into pages of PAGE_SIZE items,
each linking to the others; on the real data every list still fits on one page."""

from __future__ import annotations

import re
from collections import Counter

import pytest
import yaml

from accords.bench import generate
from accords.pages import LIST_CAP, PAGE_SIZE, Pager, paged
from accords.pipeline import build
from accords.render import render
from accords.schema import ID_RE, KINDS
from conftest import REPO
from site_helpers import broken_links, mkdocs_build

ROW = re.compile(r"^<tr>$|^<li", re.M)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """Pages rendered from ~2,500 synthetic records: enough for every kind of list to need pages."""
    data = tmp_path_factory.mktemp("split") / "data"
    generate(2500, data)
    kb, problems = build(data)
    assert problems == []
    return kb, render(kb)


def test_paged_splits_a_list_into_numbered_pages():
    pages = paged("agreements/index.md", list(range(7)), size=3)
    assert [(path, items) for path, items, _ in pages] == [
        ("agreements/index.md", [0, 1, 2]), ("agreements/index/2.md", [3, 4, 5]), ("agreements/index/3.md", [6])]
    pager = pages[1][2]
    assert (pager.number, pager.count, pager.first, pager.last, pager.total) == (2, 3, 4, 6, 7)
    assert (pager.previous, pager.next) == ("agreements/index.md", "agreements/index/3.md")
    assert paged("years/2020.md", [])[0][:2] == ("years/2020.md", [])  # one page, even empty
    assert [path for path, _, _ in paged("years/2020.md", list(range(4)), size=2)] == ["years/2020.md", "years/2020/2.md"]


def test_the_pager_links_the_ends_and_the_pages_around_this_one():
    paths = tuple(f"p{n}" for n in range(1, 21))
    assert Pager(10, paths, 0, 0, 0).links() == [(1, "p1"), (0, None), (8, "p8"), (9, "p9"), (10, "p10"), (11, "p11"),
                                                 (12, "p12"), (0, None), (20, "p20")]
    assert [n for n, _ in Pager(1, paths, 0, 0, 0).links()] == [1, 2, 3, 0, 20]
    assert [n for n, _ in Pager(2, paths[:3], 0, 0, 0).links()] == [1, 2, 3]


def test_no_page_of_a_split_list_can_be_a_records_page():
    # A record's page is <folder>/<id>.md; a list's later pages are <list>/<n>.md under a folder no id
    # can name ('index' is reserved), or under a year, a pair or a domain, which are not kind folders.
    for path, _, _ in paged("agreements/index.md", list(range(3 * PAGE_SIZE))):
        folder, _, rest = path.partition("/")
        assert folder in {model.folder for model in KINDS.values()}
        assert rest == "index.md" or (rest.startswith("index/") and not ID_RE.match(rest[: -len(".md")]))


def test_no_generated_page_holds_more_than_a_page_of_rows(synthetic):
    kb, pages = synthetic
    split = {path: text for path, text in pages.items() if re.search(r"/(index/)?\d+\.md$", path) and not path.startswith("years/index")}
    assert split, "2,500 records should split the agreement index at least"
    index_pages = [p for p, text in pages.items() if '"kind": "index"' in text or "kind: \"index\"" in text]
    for path in index_pages:
        rows = len(ROW.findall(pages[path]))
        assert rows <= PAGE_SIZE + 10, f"{path}: {rows} rows"
    # The later pages are linked from the first, and back.
    agreements = pages["agreements/index.md"]
    assert "[2](../agreements/index/2.md)" in agreements and "[Next](../agreements/index/2.md)" in agreements
    assert "[Previous](../../agreements/index.md)" in pages["agreements/index/2.md"]
    assert f"1–{PAGE_SIZE} of {len(kb.of_kind('agreement'))}" in agreements


def test_the_timeline_is_an_overview_by_decade_linking_year_pages(synthetic):
    kb, pages = synthetic
    timeline = pages["timeline.md"]
    years = Counter(entry.date.year for entry in kb.timeline)
    decades = sorted({year // 10 * 10 for year in years})
    assert [int(d) for d in re.findall(r"^## (\d{4})s$", timeline, re.M)] == decades
    for year, count in years.items():
        link = f'<li><a class="acc-year" href="../years/{year}/">{year}</a> <span class="acc-year-bar"><svg '
        assert re.search(re.escape(link) + f'[^\\n]*</svg></span> <span class="acc-year-count">{count}</span> '
                         f'<span class="acc-year-words">dated fact', timeline)
    assert "acc-timeline" not in timeline  # no entries of its own
    assert len(timeline) < 60_000  # it grows with the years only (under 1 KB a year), not with the records


def test_domains_link_to_their_own_pages(synthetic):
    kb, pages = synthetic
    domains = {d for record in kb.records for d in (getattr(record.fields, "domains", None) or [])}
    assert domains and all(f"domains/{domain}.md" in pages for domain in domains)
    assert "<!-- material/tags -->" in pages["domains.md"]


def test_a_pairs_exercises_are_capped(synthetic):
    kb, pages = synthetic
    codes, records = max(kb.pairs.items(), key=lambda item: sum(r.kind == "exercise" for r in item[1]))
    exercises = sum(r.kind == "exercise" for r in records)
    first = pages[f"pairs/{codes[0].lower()}-{codes[1].lower()}.md"]
    assert first.count("\n- [") <= LIST_CAP
    if exercises > LIST_CAP:
        assert f"And {exercises - LIST_CAP} more exercise" in first


def _rows_under(page: str, heading: str) -> int:
    """The rows of the table under a heading."""
    section = page.split(f"\n## {heading}\n", 1)[1].split("</table>", 1)[0]
    return len(ROW.findall(section))


def test_a_countrys_records_and_the_home_pages_partners_are_capped(synthetic):
    kb, pages = synthetic
    named = {record.id: len(kb.mentions.get(record.id, [])) for record in kb.of_kind("country")}
    assert max(named.values()) > LIST_CAP, "2,500 records should name some country more than LIST_CAP times"
    for code, count in named.items():
        page = pages[f"countries/{code}.md"]
        if count:
            assert _rows_under(page, "Records naming it") == min(count, LIST_CAP)
        if count > LIST_CAP:
            assert f"And {count - LIST_CAP} more records name it" in page and "(../pairs/index.md)" in page
        else:
            assert "more record" not in page
    partners = sum("IN" in codes for codes in kb.pairs)
    assert partners > LIST_CAP
    home = pages["index.md"]
    assert _rows_under(home, "India's partners") == LIST_CAP
    assert f"And {partners - LIST_CAP} more partners: every one is in the [country pairs](pairs/index.md)." in home


def test_on_the_real_data_each_list_is_one_page():
    pages = render(build(REPO / "data")[0])
    assert not [path for path in pages if re.search(r"/(index/)?\d+\.md$", path) and not path.startswith("years/")]
    assert "{: .acc-pager }" not in pages["agreements/index.md"]


def test_the_split_site_builds_and_every_link_leads_somewhere(tmp_path):
    data = tmp_path / "data"
    generate(800, data)  # 360 agreements: two pages of them
    result = mkdocs_build(tmp_path / "site", data)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert (site / "agreements" / "index" / "2" / "index.html").is_file()
    assert (site / "domains" / "logistics" / "index.html").is_file()
    checked, broken = broken_links(site)
    assert checked > 5_000 and not broken, broken[:10]
    largest = max(site.rglob("*.html"), key=lambda p: p.stat().st_size)
    assert largest.stat().st_size < 300_000, largest


@pytest.fixture(scope="module")
def crowded(tmp_path_factory):
    """Synthetic records where one person takes part in every event (each dated) and one organisation
    is named by every person's role (undated): both named by more than LIST_CAP records."""
    data = tmp_path_factory.mktemp("crowded") / "data"
    generate(300, data)
    for folder, change in (("events", lambda r: r.update(participants=["person-0", r["participants"][1]] if r["participants"][1] != "person-0"
                                                                       else r["participants"])),
                           ("people", lambda r: r["roles"][0].update(organisation="organisation-0"))):
        for file in (data / folder).glob("*.yaml"):
            record = yaml.safe_load(file.read_text(encoding="utf-8"))
            change(record)
            file.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    kb, problems = build(data)
    assert problems == []
    return kb, render(kb)


def test_people_and_organisations_list_the_latest_list_cap_records_naming_them(crowded):
    kb, pages = crowded
    for kind, heading, crowd in (("person", "Signed, attended or took part in", "person-0"),
                                 ("organisation", "People and records naming it", "organisation-0")):
        assert len(kb.mentions[crowd]) > LIST_CAP
        for record in kb.of_kind(kind):
            found = kb.mentions.get(record.id, [])
            page = pages[f"{KINDS[kind].folder}/{record.id}.md"]
            if found:
                assert _rows_under(page, heading) == min(len(found), LIST_CAP), record.id
            if len(found) <= LIST_CAP:
                assert "search for “" not in page, record.id
                continue
            listed = re.findall(r'<td data-label="Record"><a href="[^"]*/([^/"]*)/">', page.split(f"\n## {heading}\n", 1)[1])
            dated = [m for m in found if m.date]
            if kind == "person":  # every mention dated: the latest, oldest first
                assert len(dated) == len(found)
                assert listed == [m.record.id for m in found[-LIST_CAP:]], record.id
                assert (f"The latest {LIST_CAP} of {len(found)}, oldest first. For the {len(found) - LIST_CAP} before them, "
                        f"search for “{record.title}”: each record naming them shows the name on its page.") in page
            else:  # named by people's roles, undated: the first by name
                assert not dated
                assert listed == [m.record.id for m in found[:LIST_CAP]], record.id
                assert (f"The first {LIST_CAP} of {len(found)}, by name. For the other {len(found) - LIST_CAP}, "
                        f"search for “{record.title}”: each record naming it shows the name on its page.") in page
            assert "[The records by kind](../records/index.md) list every record." in page


@pytest.mark.parametrize("parties, caption", [
    (3, "{dated} dated records, oldest first, then the first {shown_undated} of the {undated} undated ones, by name. "
        "For the other {hidden_undated}, search for"),
    (LIST_CAP + 4, "The latest {shown} of the {dated} dated, oldest first. For the {earlier} before them and "
                   "the {undated} undated, search for"),
])
def test_an_organisation_named_with_and_without_dates_says_which_are_left_out(tmp_path, parties, caption):
    """organisation-0 is a party to some agreements (dated) and in every person's role (undated): the
    page lists the latest dated ones, then undated ones where there is room, and its caption counts
    what is left out of each."""
    data = tmp_path / "data"
    generate(300, data)
    for file in (data / "people").glob("*.yaml"):
        record = yaml.safe_load(file.read_text(encoding="utf-8"))
        record["roles"][0].update(organisation="organisation-0")
        file.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    for file in sorted((data / "agreements").glob("*.yaml"))[:parties]:
        record = yaml.safe_load(file.read_text(encoding="utf-8"))
        record["parties"].append("organisation-0")
        file.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    kb, problems = build(data)
    assert problems == []
    found = kb.mentions["organisation-0"]
    dated, undated = [m for m in found if m.date], [m for m in found if not m.date]
    assert len(dated) == parties and len(undated) > LIST_CAP
    page = render(kb)["organisations/organisation-0.md"]
    shown = min(parties, LIST_CAP)
    assert _rows_under(page, "People and records naming it") == LIST_CAP
    assert caption.format(dated=parties, shown=shown, earlier=parties - shown, undated=len(undated),
                          shown_undated=LIST_CAP - shown, hidden_undated=len(undated) - (LIST_CAP - shown)) in page


def test_no_two_generated_pages_share_a_description(synthetic):
    """Every page of a split list says which page it is; every other page names what it lists."""
    kb, pages = synthetic
    found: dict[str, list[str]] = {}
    for path, text in pages.items():
        description = re.search(r'^description: "(.*)"$', text, re.M)
        assert description and description[1], path
        found.setdefault(description[1], []).append(path)
    assert {d: paths for d, paths in found.items() if len(paths) > 1} == {}
    second = re.search(r'^description: "(.*)"$', pages["agreements/index/2.md"], re.M)[1]
    assert "(page 2 of " in second and f"{PAGE_SIZE + 1}–" in second
