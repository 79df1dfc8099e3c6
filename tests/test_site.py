"""The published site, built for real by MkDocs into a temporary folder, read as HTML."""

from __future__ import annotations

import functools
import gzip
import html as html_module
import re
import shutil
import urllib.request
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from accords.bench import serve
from accords.cli import main as cli_main
from accords.knowledge import KnowledgeBase
from accords.output import outputs_with_database, write_tree
from accords.pages import LIST_CAP
from accords.pipeline import build
from accords.render import render
from accords.site import Site
from conftest import ALPHA, DRILL, REPO, TALKS, write_data
from site_helpers import REPO_URL, broken_links, database_records, fetch, mkdocs_build, mkdocs_serve, records_json_count, wait_for


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    result = mkdocs_build(folder)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return folder


def text_of(html: str) -> str:
    """The visible text of a page, whitespace folded."""

    class Text(HTMLParser):
        parts: list[str] = []
        skip = 0

        def handle_starttag(self, tag, attrs):
            self.skip += tag in ("script", "style")

        def handle_endtag(self, tag):
            self.skip -= tag in ("script", "style")

        def handle_data(self, data):
            if not self.skip:
                self.parts.append(data)

    parser = Text()
    parser.parts = []
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


@functools.cache
def kb_of_the_site() -> KnowledgeBase:
    """The knowledge base the site is built from (what a page shows depends on its as-of date only in statuses)."""
    kb, problems = build(REPO / "data")
    assert problems == []
    return kb


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8") if not path.endswith(".html") else (site / path).read_text(encoding="utf-8")


def test_beca_page_answers_when_where_who_and_from_where(site):
    html = page(site, "agreements/beca")
    text = text_of(html)
    assert "Basic Exchange and Cooperation Agreement for Geo-spatial Cooperation (BECA)" in text
    assert "Agreement between India and the United States, signed 27 Oct 2020 at Hyderabad House, New Delhi" in text
    assert re.search(r"Signed 27 Oct 2020", text)
    assert "Place Hyderabad House, New Delhi" in text
    assert 'href="../../countries/in/">India</a>' in html and 'href="../../countries/us/">United States</a>' in html
    assert 'href="../../people/jivesh-nandan/">Jivesh Nandan</a>' in html
    assert 'href="https://www.devdiscourse.com/article/international/1276590--india-us-sign-five-documents-including-beca-during-22-ministerial-meet"' in html
    assert "Devdiscourse" in text
    assert "Status Signed · entry into force not recorded" in text


def test_record_page_edit_button_opens_its_yaml_file(site):
    html = page(site, "agreements/beca")
    assert f'href="{REPO_URL}/edit/main/data/agreements/beca.yaml"' in html


def test_hand_written_pages_have_an_edit_button_and_generated_indexes_none(site):
    assert f'href="{REPO_URL}/edit/main/docs/about/index.md"' in page(site, "about")
    assert f"{REPO_URL}/edit/" not in page(site, "agreements")


def test_a_record_page_says_what_came_before_it_and_after(site):
    beca = text_of(page(site, "agreements/beca"))
    assert ("Before and after¶ Agreements between India and the United States, by date: "
            "Before: ISA, Dec 2019 After: Defence industrial roadmap, 5 Jun 2023") in beca
    assert 'href="../../agreements/industrial-security-annex/">ISA</a>' in page(site, "agreements/beca")
    # Same day: by name. The first has nothing before it; a record outside any pair has no such section.
    sosa = text_of(page(site, "agreements/security-of-supply-arrangement"))
    assert "by date: Before: Liaison officers MoA, 22 Aug 2024 After: iDEX–DIU MoU, Sep 2024" in sosa
    assert "by date: Before: Agreed Minute on Defense Relations, 12 Jan 1995 After: LEMOA, 29 Aug 2016" in text_of(page(site, "agreements/gsomia"))
    # Purchases are a line of their own, and a contract between India and Boeing is an India–US record
    # through Boeing's country.
    assert ("Contracts and sales between India and the United States, by date: Before: C-130J, 31 Jan 2008 After: C-17, 2011"
            in text_of(page(site, "agreements/p-8i-contract")))
    assert "Before and after" not in text_of(page(site, "agreements/export-rule-major-defense-partner-2017"))  # the US alone
    # Other records' names: a search for the roadmap should not find BECA.
    from test_search import indexed

    beca = indexed(site)["/agreements/beca/"]
    assert "roadmap" not in beca["content"].lower() and "before-and-after" not in str(beca["anchors"])


def test_timeline_lists_lemoa_before_comcasa_before_beca(site):
    # The timeline is an overview by decade; each year's page lists its facts.
    timeline = text_of(page(site, "timeline"))
    assert timeline.index("2016:") < timeline.index("2018:") < timeline.index("2020:")
    for year, label in ((2016, "LEMOA"), (2018, "COMCASA"), (2020, "BECA")):
        assert f"{label}," in text_of(page(site, f"years/{year}"))
    assert "Dec 2019 Agreement ISA, signed" in text_of(page(site, "years/2019"))  # precision kept as written
    assert "2011 Agreement C-17, signed" in text_of(page(site, "years/2011"))


def test_inverse_relations_appear_on_the_other_record(site):
    assert "Has annex ISA" in text_of(page(site, "agreements/gsomia"))
    dialogue = text_of(page(site, "dialogues/india-us-2-plus-2-ministerial-dialogue"))
    assert "Venue of signing of BECA" in dialogue and "Venue of signing of COMCASA" in dialogue


@pytest.mark.parametrize(("path", "heading"), [
    ("agreements/beca", "Basic Exchange and Cooperation Agreement for Geo-spatial Cooperation (BECA)"),
    ("dialogues/india-us-2-plus-2-ministerial-dialogue", "India–US 2+2 Ministerial Dialogue"),  # says its short title
    ("agreements/mq-9b-agreement", "Agreement for 31 MQ-9B remotely piloted aircraft"),
])
def test_a_heading_gives_the_short_title_only_where_the_title_does_not(site, path, heading):
    html = page(site, path)
    assert re.search(r"<h1[^>]*>(.*?)<", html).group(1) == heading
    assert f"<title>{heading} - Accords</title>" in html


def test_dialogue_lists_every_round_in_order(site):
    text = text_of(page(site, "dialogues/india-us-2-plus-2-ministerial-dialogue"))
    rounds = [text.index(f"| {n} |") if f"| {n} |" in text else text.index(date) for n, date in
              ((1, "6 Sep 2018 Jawaharlal Nehru Bhawan, New Delhi"), (2, "18 Dec 2019 Washington"), (3, "27 Oct 2020 Hyderabad"),
               (4, "11 Apr 2022 Washington"), (5, "10 Nov 2023 New Delhi"))]
    assert rounds == sorted(rounds)


def test_person_page_lists_what_they_signed_and_attended(site):
    text = text_of(page(site, "people/manohar-parrikar"))
    assert "LEMOA Agreement signatory (Minister of Defence)" in text
    esper = text_of(page(site, "people/mark-esper"))
    assert "18 Dec 2019 2+2 Ministerial Dialogue Dialogue participant, round 2" in esper


def test_what_a_person_took_part_in_is_listed_oldest_first_the_latest_list_cap(site):
    """Rajnath Singh is named by more than LIST_CAP records: his page lists the latest of them, oldest
    first, and says how many earlier ones there are and how to find them; the ministry, named by one
    record with a date and by many people without, lists that one, then the first of the others by name."""
    text = text_of(page(site, "people/rajnath-singh"))
    rows = ["6 Feb 2025 Rajnath Singh–Pete Hegseth telephone call Event participant",  # well inside the latest twenty
            "12 Feb 2025 India–Ethiopia defence cooperation MoU Agreement signatory (Minister of Defence)",
            "31 Oct 2025 2025 Framework Framework signatory (Minister of Defence)"]
    assert all(row in text for row in rows), text
    assert [text.index(row) for row in rows] == sorted(text.index(row) for row in rows)
    assert "Date Record Kind As" in text
    named = kb_of_the_site().mentions["rajnath-singh"]
    assert len(named) > LIST_CAP
    assert page(site, "people/rajnath-singh").count('<td data-label="Record">') == LIST_CAP
    assert "18 Dec 2019 2+2 Ministerial Dialogue" not in text  # an early one, left for the search
    assert (f"The latest {LIST_CAP} of {len(named)}, oldest first. For the {len(named) - LIST_CAP} before them, "
            "search for “Rajnath Singh”") in text
    ministry = page(site, "organisations/india-ministry-of-defence")  # one record names it with a date, people without
    section = ministry[ministry.index('id="people-and-records-naming-it"'):]
    names = re.findall(r'<td[^>]*><a href="[^"]*people/[^"]*">([^<]*)</a></td>', section)
    found = kb_of_the_site().mentions["india-ministry-of-defence"]
    dated, undated = [m for m in found if m.date], [m for m in found if not m.date]
    assert dated and len(dated) + len(names) == LIST_CAP < len(found)
    assert names == sorted(names, key=str.casefold) and "Jivesh Nandan" in names
    said = "1 dated record," if len(dated) == 1 else f"{len(dated)} dated records, oldest first,"
    assert (f"{said} then the first {len(names)} of the {len(undated)} undated ones, by name. "
            f"For the other {len(undated) - len(names)}, search for “Ministry of Defence”") in text_of(section)


def test_indexes_per_kind_country_pair_domain_and_year(site):
    agreements = text_of(page(site, "agreements"))
    assert agreements.index("GSOMIA") < agreements.index("LEMOA") < agreements.index("BECA")
    # India's page lists the first LIST_CAP records naming it, and links its partners' pairs, which list them all
    india = page(site, "countries/in")
    assert "more records name it" in text_of(india) and 'href="../../pairs/in-us/"' in india
    pair = text_of(page(site, "pairs/in-us"))
    assert "India–United States" in pair and "COMCASA" in pair and "BECA" in pair
    assert "BECA" in text_of(page(site, "domains/geospatial"))
    assert 'id="tag:geospatial"' in page(site, "domains") and 'href="../../domains/#tag:geospatial"' in page(site, "agreements/beca")
    assert "LEMOA" in text_of(page(site, "years/2016"))
    assert "LEMOA" not in text_of(page(site, "years/2018"))


def test_home_page_has_counts_and_entry_points(site):
    text = text_of(page(site, ""))
    assert re.search(r"Agreements \d+", text)
    assert "Timeline" in text and "Country pairs" in text


def test_field_reference_is_generated_from_the_model(site):
    text = text_of(page(site, "reference"))
    assert "signatories[].person id" in text and "signed date" in text


def test_contributing_page_has_a_template_and_a_new_record_link_per_kind_and_the_codes(site):
    html = page(site, "contributing")
    text = text_of(html)
    assert "ACC501" in text and "ACC101" in text
    assert "# yaml-language-server: $schema=../../scripts/accords/schemas/agreement.schema.json" in text
    assert f'href="{REPO_URL}/new/main/data/agreements?filename=new-id.yaml&amp;value=' in html
    assert html.count(f'href="{REPO_URL}/new/main/data/') == 10  # one per kind


def test_every_record_page_links_its_json_and_the_data_page(site):
    html = page(site, "agreements/beca")
    assert 'href="../../agreements/beca.json"' in html and 'href="../../downloads/records.json"' in html
    assert (site / "agreements" / "beca.json").exists() and (site / "feed.xml").exists()
    data = text_of(page(site, "data"))
    assert "records.json" in data and "calendar.ics" in data and "agreements.csv" in data
    # The feed is found by its rel token, "alternate"; the space keeps Material from fetching the sitemap.
    assert '<link rel="alternate " type="application/atom+xml"' in html


def test_nav_lists_sections_not_records(site):
    html = page(site, "agreements/beca")
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):html.index("</nav>", html.index('<nav class="md-nav md-nav--primary"'))]
    assert "Agreements" in nav and "beca/" not in nav and "jivesh-nandan" not in nav


def test_theme_overrides_are_not_published(site):
    assert (REPO / "docs" / "overrides" / "main.html").is_file()
    assert not (site / "overrides").exists()


def test_without_a_site_url_there_is_no_sitemap(site):
    # A sitemap lists absolute URLs only: without the site's address it would be an empty <urlset>,
    # which the sitemaps.org schema rejects. The published build has one (test_a_published_build_...).
    assert (site / "index.html").is_file() and not (site / "sitemap.xml").exists() and not (site / "sitemap.xml.gz").exists()
    data = text_of(page(site, "data"))
    assert "Only a published build, which sets the site's address, has a sitemap (sitemap.xml)" in data
    assert "This build was made without the address, and has none." in data and "This build has one" not in data


def test_a_published_build_has_a_sitemap_of_absolute_urls_and_serves_the_database(tmp_path):
    url = "https://example.org/accords/"
    result = mkdocs_build(tmp_path / "site", env={"ACCORDS_SITE_URL": url})
    assert result.returncode == 0, result.stderr
    sitemap = tmp_path / "site" / "sitemap.xml"
    root = ET.fromstring(sitemap.read_bytes())
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locations = [loc.text for loc in root.iter(f"{namespace}loc")]
    assert root.tag == f"{namespace}urlset" and len(root) == len(locations) > 100
    assert all(loc.startswith(url) for loc in locations) and f"{url}agreements/beca/" in locations
    assert "overrides" not in sitemap.read_text(encoding="utf-8")
    assert gzip.decompress((tmp_path / "site" / "sitemap.xml.gz").read_bytes()) == sitemap.read_bytes()
    data = page(tmp_path / "site", "data")
    assert f'This build has one: <a href="{url}sitemap.xml">sitemap.xml</a>.' in data and "has none" not in data
    assert database_records(tmp_path / "site" / "downloads" / "accords.sqlite") == records_json_count(tmp_path / "site")


def test_the_site_serves_the_sqlite_database_with_every_record(site, tmp_path):
    with serve(site) as base, urllib.request.urlopen(base + "downloads/accords.sqlite") as response:
        (tmp_path / "served.sqlite").write_bytes(response.read())
    assert database_records(tmp_path / "served.sqlite") == records_json_count(site) > 100
    data = page(site, "data")
    assert 'href="../downloads/accords.sqlite"' in data and "CC BY 4.0" in text_of(data)


def test_every_link_between_pages_leads_to_a_page_and_anchor(site):
    # Long tables and lists are HTML, whose links MkDocs neither rewrites nor checks: this does.
    checked, broken = broken_links(site)
    assert checked > 4000 and not broken, broken[:10]
    html = page(site, "pairs/in-us")
    assert '<a href="../../agreements/beca/">BECA</a>' in html, "index tables link straight to pages"


@pytest.mark.parametrize("directory_urls, here, target, url", [
    (True, "pairs/in-us.md", "agreements/beca.md", "../../agreements/beca/"),
    (True, "agreements/index.md", "agreements/beca.md", "../agreements/beca/"),
    (True, "index.md", "timeline.md", "timeline/"),
    (True, "timeline.md", "index.md", "../"),
    (True, "index.md", "index.md", "./"),
    (False, "pairs/in-us.md", "agreements/beca.md", "../agreements/beca.html"),
    (False, "index.md", "agreements/index.md", "agreements/index.html"),
])
def test_links_in_html_blocks_follow_the_sites_url_style(directory_urls, here, target, url):
    assert Site(directory_urls=directory_urls).link(target, here) == url


def test_materials_own_search_is_not_published(site):
    # The site searches with Pagefind: Material's search worker and lunr's languages would be dead weight.
    assert (site / "assets/javascripts").is_dir() and (site / "pagefind/pagefind.js").is_file()
    assert not (site / "assets/javascripts/lunr").exists() and not list(site.glob("assets/javascripts/workers/search.*"))


def test_pages_make_no_third_party_requests(site):
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for match in re.finditer(r'<(?:script|link|img)[^>]+(?:src|href)="(https?:)?//', html):
            pytest.fail(f"{path}: third-party resource {match.group(0)}")


# ---------------------------------------------------------------------------------------------
# Hostile text, failed builds, determinism
# ---------------------------------------------------------------------------------------------

HOSTILE = {
    "title": "<script>alert(1)</script>",
    "summary": ("[x](javascript:alert(1)) ![i](http://evil.example/x.png) {: onclick=\"alert(1)\" } <img src=x onerror=alert(1)> "
                "{{ config.site_name }} <!-- c --> \u202eevil"),
    "place": "| broken | table |",
}


def test_hostile_text_renders_inert(tmp_path):
    hostile = ALPHA.replace("title: Alpha Agreement", f"title: '{HOSTILE['title']}'")
    hostile = hostile.replace("summary: A test agreement between two countries.", f"summary: '{HOSTILE['summary']}'")
    hostile = hostile.replace("place: Washington", f"place: '{HOSTILE['place']}'")
    hostile = hostile.replace("  - title: A source\n    url: https://example.org/alpha",
                              f"  - title: '{HOSTILE['title']} *a* \\\\'\n    url: 'https://example.org/a?b=\"><script>'")
    hostile += (f"disputed:\n  - field: place\n    readings:\n      - says: '{HOSTILE['title']}'\n        sources: ['https://example.org/a?b=\"><script>']\n"
                f"      - says: '{HOSTILE['place']}'\n        sources: ['https://example.org/a?b=\"><script>']\n")
    drill = DRILL.replace("place: Gwalior", f"place: '{HOSTILE['title']}'").replace("supports: [date]}", "supports: [date, services]}")
    drill = drill.replace("  - date: 2008", f"  - date: 2008\n    services: ['{HOSTILE['title']}']\n    notes: ['{HOSTILE['title']}']")
    data = write_data(tmp_path, {"agreements/alpha.yaml": hostile, "exercises/drill.yaml": drill})
    result = mkdocs_build(tmp_path / "site", data)
    assert result.returncode == 0, result.stderr
    exercise = (tmp_path / "site" / "exercises" / "drill" / "index.html").read_text()
    assert "<script>alert(1)" not in exercise and text_of(exercise).count(HOSTILE["title"]) >= 3
    html = (tmp_path / "site" / "agreements" / "alpha" / "index.html").read_text()
    assert "Where sources disagree" in html
    assert "<script>alert(1)</script>" not in html
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; (ALPHA) - Accords</title>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "javascript:" not in html.replace("[x](javascript:alert(1))", "")
    assert 'href="javascript' not in html and "<img src=x" not in html and 'src="http://evil' not in html
    assert 'onclick="alert(1)"' not in html.replace('{: onclick="alert(1)" }', "")
    assert "{{ config.site_name }}" in html and "<!-- c -->" not in html and "\u202e" not in html
    text = text_of(html)
    assert "[x](javascript:alert(1))" in text and "| broken | table |" in text
    assert "<script>alert(1)</script> *a* \\" in text and 'href="https://example.org/a?b=%22%3E%3Cscript%3E"' in html
    # Index tables and timeline lists are HTML blocks that Markdown leaves alone: escaped by us alone.
    for path, shows in (("agreements", HOSTILE["title"]), ("pairs/in-us", HOSTILE["title"]),
                        ("domains/logistics", HOSTILE["title"]), ("years/2016", HOSTILE["place"]),
                        ("countries/in", "ALPHA"), ("people/jane-doe", "Test Talks"), ("dialogues/talks", "ALPHA")):
        html = (tmp_path / "site" / path / "index.html").read_text()
        assert shows in text_of(html), path
        assert "<script>alert(1)" not in html and "\u202e" not in html, path
        assert "\\" not in text_of(html), f"{path}: Markdown's escapes show in an HTML block"


def test_conflicting_sources_are_shown_side_by_side(site):
    html = page(site, "agreements/comcasa")
    text = text_of(html)
    assert "Signatories Nirmala Sitharaman (Minister of Defence, India); James Mattis (Secretary of Defense, United States)" in text
    assert 'sources disagree' in text and 'href="#where-sources-disagree"' in html
    section = text[text.rindex("Where sources disagree"):text.rindex("Summary¶")]
    assert "Signed by Defence Minister Nirmala Sitharaman and US Secretary of Defense James Mattis" in section
    assert "Signed by the four ministers at the dialogue" in section
    # each reading links the numbers of its sources in the list below, and those items are the pages it names
    for number in re.findall(r'<dd>[^<]*four ministers[^<]*((?:<a href="#source-\d+">\[\d+\]</a>\s*)+)</dd>', html)[0].split("</a>")[:-1]:
        n = re.search(r"#source-(\d+)", number).group(1)
        assert re.search(f'<li id="source-{n}">.*?amritt.com', html)


def test_sources_are_listed_official_first_with_their_type(site):
    order = ["official", "news", "analysis", "reference"]
    for path in ("agreements/roadmap-for-defense-industrial-cooperation", "designations/major-defense-partner",
                 "frameworks/new-framework-2005", "dialogues/india-us-2-plus-2-ministerial-dialogue"):
        html = page(site, path)
        listed = html[html.index('<ol class="acc-sources">'):]
        types = re.findall(r'acc-source-type acc-source-(\w+)', listed)
        assert types and [order.index(t) for t in types] == sorted(order.index(t) for t in types), path
    assert "Official" in text_of(page(site, "designations/major-defense-partner"))


def test_an_archived_copy_is_linked_beside_its_source(tmp_path):
    archived = "https://web.archive.org/web/2020/https://example.org/alpha"
    data = write_data(tmp_path, {"agreements/alpha.yaml": ALPHA + f"    archived: {archived}\n"})
    kb, problems = build(data)
    pages = render(kb)
    assert problems == [] and f'(<a href="{archived}">archived copy</a>)' in pages["agreements/alpha.md"]


def test_exercise_series_lists_its_editions_and_they_reach_the_timeline(site):
    text = text_of(page(site, "exercises/yudh-abhyas"))
    assert "Editions" in text and "Kind Exercise" in text
    timeline = " ".join(text_of(page(site, f"years/{year}")) for year in range(2004, 2026) if (site / "years" / str(year)).is_dir())
    assert re.search(r"Yudh Abhyas, \d+(st|nd|rd|th) edition", timeline)
    assert "Yudh Abhyas" in text_of(page(site, "years/2019"))
    pair = text_of(page(site, "pairs/in-us"))
    assert "Exercises" in pair and re.search(r"Yudh Abhyas: \d+ editions recorded", pair)


def test_a_family_page_compares_exactly_its_members(site):
    kb, _ = build(REPO / "data")
    assert kb.of_kind("family")
    for family in kb.of_kind("family"):
        html = page(site, f"families/{family.id}")
        members = [r for r in kb.records if family.id in getattr(r.fields, "families", [])]
        table = html[html.index("<table>", html.index('id="side-by-side"')) if members else 0:]
        rows = re.findall(r"<tr>\n<td[^>]*>(.*?)</tr>", table[:table.find("</table>")], flags=re.S) if members else []
        assert len(rows) == len(members), family.id
        for record, row in zip(sorted(members, key=kb.first_date_key), rows, strict=True):
            assert f'/{record.id}/">{record.label}</a>' in html_module.unescape(row), (family.id, record.id)
            entries = kb.entries(record)
            assert not entries or entries[0].date.display() in row, (family.id, record.id)
    html = page(site, "families/foundational-agreements")
    foundational = text_of(html)
    order = [html.index(f">{label}</a>") for label in ("GSOMIA", "LEMOA", "COMCASA", "BECA")]
    assert order == sorted(order) and "29 Aug 2016, Washington Manohar Parrikar; Ashton Carter" in foundational
    assert "29 Aug 2016 Agreement LEMOA, signed in Washington" in foundational  # the shared timeline
    assert "Family Foundational agreements, Logistics support agreements" in text_of(page(site, "agreements/lemoa"))


def test_every_partner_has_a_country_page_and_a_pair_page_linked_from_home_or_the_pairs_index(site):
    kb, _ = build(REPO / "data")
    home, index = page(site, ""), page(site, "pairs")
    partners = {code for codes in kb.pairs if "IN" in codes for code in codes} - {"IN"}
    assert len(partners) > LIST_CAP  # home lists the LIST_CAP partners with most records and links the rest
    on_home = 0
    for code in partners:
        pair = "-".join(sorted(("in", code.lower())))
        assert (site / "countries" / code.lower() / "index.html").exists(), code
        on_home += f'href="pairs/{pair}/"' in home
        assert f'href="../pairs/{pair}/"' in index, code
        country = text_of(page(site, f"countries/{code.lower()}"))
        assert re.search(r"India–[^¶]+¶ \d+ records?[,:]", country), code  # India first, on every partner's page
    assert on_home == LIST_CAP
    assert f"And {len(partners) - LIST_CAP} more partners: every one is in the country pairs." in text_of(home)
    instruments = [r for r in kb.records if r.kind in ("agreement", "framework", "dialogue", "designation", "event", "exercise")]
    first = min(entry.date.year for entry in kb.timeline)
    assert f"It records {len(instruments)} instruments with {len(partners)} partners from {first} to" in text_of(home)
    india = text_of(page(site, "countries/in"))
    assert "Partners¶ India's defence instruments with each partner" in india


def test_a_record_page_draws_its_lineage_in_time_order(site):
    html = page(site, "frameworks/framework-2015")
    start = html.index('<svg class="acc-lineage"')
    svg = html[start:html.index("</svg>", start)]
    assert 'role="group"' in svg and 'aria-label="Lineage of 2015 Framework: renews 2005 New Framework; followed by 2025 Framework"' in svg
    # what it renews above it, what followed below, each a link to its page, with its full title on hover
    assert svg.index("frameworks/new-framework-2005/") < svg.index("acc-lineage-this") < svg.index("frameworks/major-defense-partnership-framework-2025/")
    assert "<title>New Framework for the U.S.-India Defense Relationship</title>" in svg
    assert "acc-lineage" not in page(site, "agreements/c-17-agreement")  # no relations, no drawing


def test_failed_build_keeps_the_last_good_site(tmp_path):
    data = write_data(tmp_path)
    site = tmp_path / "site"
    assert mkdocs_build(site, data).returncode == 0
    before = (site / "agreements" / "alpha" / "index.html").read_bytes()
    (data / "agreements" / "alpha.yaml").write_text(ALPHA.replace("signed: 2016-08-29", "signed: 2016-02-30"))
    result = mkdocs_build(site, data)
    assert result.returncode != 0
    assert "data/agreements/alpha.yaml:7:9: ACC301" in result.stderr.replace(str(tmp_path) + "/", "")
    assert (site / "agreements" / "alpha" / "index.html").read_bytes() == before


def test_same_data_gives_byte_identical_markdown(tmp_path):
    first = render(build(REPO / "data")[0])
    second = render(build(REPO / "data")[0])
    assert first == second
    copy = tmp_path / "data"
    shutil.copytree(REPO / "data", copy)
    assert render(build(copy)[0]) == first


def test_render_command_writes_the_same_pages_and_keeps_them_on_failure(tmp_path, monkeypatch):
    from accords import cli

    monkeypatch.chdir(REPO)
    monkeypatch.setenv("ACCORDS_AS_OF", "2026-11-25")
    out = tmp_path / "pages"
    assert cli.main(["render", "--out", str(out)]) == 0
    expected = {path: text for path, text in outputs_with_database(REPO / "data", Site())[1].items() if path.endswith(".md")}
    written = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*.md")}
    assert written == expected
    assert database_records(out / "downloads" / "accords.sqlite") == records_json_count(out) > 100  # bytes, as built
    assert "(downloads/accords.sqlite)" in written["data.md"]
    bad = write_data(tmp_path, {"agreements/alpha.yaml": "title: [\n"})
    assert cli.main(["render", "--data", str(bad), "--out", str(out)]) == 1
    assert {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*.md")} == expected
    assert cli.main(["render", "--no-directory-urls", "--out", str(out)]) == 0
    assert '<a href="../agreements/beca.html">BECA</a>' in (out / "pairs" / "in-us.md").read_text(encoding="utf-8")


def test_write_tree_replaces_the_folder_whole(tmp_path):
    out = tmp_path / "out"
    write_tree({"a.md": "one", "sub/b.md": "two"}, out)
    write_tree({"c.md": "three"}, out)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [".accords-output", "c.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_render_command_will_not_write_into_the_data_it_reads(tmp_path, monkeypatch, capsys):
    shutil.copytree(REPO / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    assert cli_main(["render", "--out", "data/pages"]) == 1
    assert "--out data/pages is inside data" in capsys.readouterr().err and not (tmp_path / "data" / "pages").exists()


@pytest.mark.parametrize("existing", ["docs/about.md", "docs/", "docs"])
def test_render_command_leaves_a_folder_it_did_not_write_alone(tmp_path, monkeypatch, capsys, existing):
    from accords import cli

    monkeypatch.chdir(REPO)
    target = tmp_path / existing
    if existing.endswith(".md"):
        target.parent.mkdir()
        target.write_text("# A hand-written page\n")
        out = target.parent
    elif existing.endswith("/"):
        target.mkdir()
        out = target
    else:
        target.write_text("a file, not a folder\n")
        out = target
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    code = cli.main(["render", "--out", str(out)])
    if existing.endswith("/"):  # an empty folder is taken
        assert code == 0 and (out / "agreements" / "beca.md").is_file()
        return
    assert code == 1
    assert "was not written by accords: name a new or empty folder" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_mkdocs_serve_reloads_a_page_after_a_yaml_edit_without_a_rebuild_loop(tmp_path):
    import time

    data = write_data(tmp_path)
    log = tmp_path / "serve.log"
    with mkdocs_serve(data, log) as base:
        url = base + "agreements/alpha/"
        assert wait_for(url, "Alpha Agreement"), log.read_text()
        (data / "agreements" / "alpha.yaml").write_text(ALPHA.replace("Alpha Agreement", "Renamed Agreement"))
        assert wait_for(url, "Renamed Agreement"), log.read_text()
        time.sleep(3)
        builds = log.read_text().count("Building documentation")
        time.sleep(3)
        assert log.read_text().count("Building documentation") == builds, "the server keeps rebuilding"
        (data / "agreements" / "alpha.yaml").write_text("title: [\n")
        deadline = time.monotonic() + 60
        while "ACC002" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.3)
        assert "data/agreements/alpha.yaml:2:1: ACC002" in log.read_text().replace(str(tmp_path) + "/", "")
        assert "ACC401" not in log.read_text()  # an unreadable file's id still exists: no cascade
        (data / "agreements" / "alpha.yaml").write_text(ALPHA.replace("Alpha Agreement", "Fixed Agreement"))
        assert wait_for(url, "Fixed Agreement"), log.read_text()


def test_mkdocs_serve_dirty_shows_an_edit_on_every_page_it_touches(tmp_path):
    data = write_data(tmp_path)
    log = tmp_path / "serve.log"
    with mkdocs_serve(data, log, "--dirty") as base:
        assert wait_for(base + "agreements/alpha/", "Alpha Agreement"), log.read_text()
        served = lambda path: re.sub(r"reload\(\d+, \d+\)", "", fetch(base + path))  # noqa: E731 - serve-time epoch
        untouched = served("organisations/test-ministry/")
        (data / "dialogues" / "talks.yaml").write_text(TALKS.replace("Test Talks", "Renamed Talks"))
        assert wait_for(base + "dialogues/talks/", "Renamed Talks"), log.read_text()
        assert wait_for(base + "agreements/alpha/", "Renamed Talks"), "a page that names the edited record"
        assert wait_for(base + "people/jane-doe/", "Renamed Talks"), "a person who took part in it"
        assert served("organisations/test-ministry/") == untouched
        # Search after an edit under `serve --dirty`: tests/test_search.py, in a browser.
    left = [p.name for p in (tmp_path / "tmp").iterdir() if not p.name.startswith("_jinja2-cache-")]  # a cache, kept on purpose
    assert not left, f"mkdocs serve left temporary folders behind (did it stop on Ctrl-C?): {left}\n{log.read_text()[-3000:]}"


def test_index_pages_stay_out_of_the_search_index(site):
    from test_search import indexed

    pages = set(indexed(site))
    assert "/agreements/beca/" in pages and "/people/jivesh-nandan/" in pages
    assert not pages & {"/timeline/", "/agreements/", "/years/2020/", "/pairs/in-us/"}


@pytest.mark.parametrize(("title", "short", "expected"), [
    ("Visa Agreement", "ISA", "Visa Agreement (ISA)"),  # inside a word is not saying it
    ("ISAF Agreement", "ISA", "ISAF Agreement (ISA)"),
    ("Visa and ISA rules", "ISA", "Visa and ISA rules"),  # a whole word after a part of one
    ("Industrial Security Annex", "ISA", "Industrial Security Annex (ISA)"),
    ("India–US 2+2 Ministerial Dialogue", "2+2 ministerial dialogue", "India–US 2+2 Ministerial Dialogue"),
    ("Agreement for ten C-17 aircraft", "C-17", "Agreement for ten C-17 aircraft"),
])
def test_page_title_adds_the_short_title_unless_the_title_says_it(title, short, expected):
    from types import SimpleNamespace

    from accords.templating import page_title as _page_title

    assert _page_title(SimpleNamespace(title=title, fields=SimpleNamespace(short_title=short))) == expected


def test_every_page_has_a_title_and_a_description_of_its_own(site):
    """Search engines and browsers tell pages apart by <title> and meta description: no two pages of
    the site share either, none is empty, and no generated page falls back to the site's description
    (only the 404 page, which no search engine lists, keeps it)."""
    titles: dict[str, list[str]] = {}
    descriptions: dict[str, list[str]] = {}
    for file in sorted(site.rglob("*.html")):
        text = file.read_text(encoding="utf-8")
        title = re.findall(r"<title>([^<]*)</title>", text.split("</head>")[0])
        description = re.findall(r'<meta name="description" content="([^"]*)"', text)
        assert len(title) == 1 and len(description) == 1, file
        assert title[0].strip() and description[0].strip(), file
        titles.setdefault(html_module.unescape(title[0]), []).append(str(file.relative_to(site)))
        descriptions.setdefault(html_module.unescape(description[0]), []).append(str(file.relative_to(site)))
    assert len(titles) > 500
    assert {t: files for t, files in titles.items() if len(files) > 1} == {}
    assert {d: files for d, files in descriptions.items() if len(files) > 1} == {}
    default = "An open knowledge base of defence agreements, every fact with its sources."  # mkdocs.yml's site_description
    assert descriptions[default] == ["404.html"]
    home = page(site, "index.html")
    assert "<title>Accords: India&#x27;s defence agreements with its partners</title>" in home
    assert re.search(r'<meta name="description" content="An open knowledge base of India&#x27;s defence agreements, dialogues and '
                     r'exercises with its partners: \d+ instruments with \d+ partners from \d{4} to \d{4}', home)
    # Two agreements signed the same day at the same place differ by their short names.
    for record, short in (("india-japan-classified-military-information-agreement-2015", "India–Japan classified military information"),
                          ("india-japan-defence-equipment-technology-transfer-agreement-2015", "India–Japan defence equipment")):
        assert re.search(rf'content="{short}[^"]*: agreement between India and Japan, signed 12 Dec 2015 in New Delhi\."',
                         page(site, f"agreements/{record}")), record
    pair = page(site, "pairs/in-jp")
    counted = len(kb_of_the_site().pairs[("IN", "JP")])
    assert re.search(r'content="Every record to which India and Japan are parties: [^"]*from \d{4} to \d{4}\."', pair)
    assert sum(int(n) for n in re.findall(r"(\d+) (?:agreement|framework|dialogue|exercise|event|designation)s?\b",
                                           re.search(r'<meta name="description" content="([^"]*)"', pair)[1])) == counted
    year = page(site, "years/2025")
    assert f'content="All {sum(1 for e in kb_of_the_site().timeline if e.date.year == 2025)} dated facts of 2025 in Accords' in year
