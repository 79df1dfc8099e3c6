"""Cite a record: BibTeX, RIS and CSL-JSON that parse (bibtexparser, rispy, citeproc-py) and agree with
the record; the Cite box on the record page shows exactly the downloads; CITATION.cff is valid."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

import bibtexparser
import jsonschema
import markdown
import pytest
import rispy
import yaml
from bibtexparser.middlewares import LatexDecodingMiddleware
from citeproc import Citation as CiteprocCitation
from citeproc import CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from pylatexenc import latex2text

from accords import cite
from accords.exports import exports
from accords.history import History
from accords.output import outputs
from accords.pipeline import build
from accords.schema import KINDS
from accords.site import Site
from conftest import ALPHA, REPO, write_data
from site_helpers import broken_links, mkdocs_build

AS_OF = dt.date(2026, 11, 25)
SITE = Site(url="https://example.org/accords/", repo_url="https://github.com/example/accords")
KB = build(REPO / "data", AS_OF)[0]
HISTORY = History(dt.date(2024, 1, 15), dt.date(2025, 3, 2), "0123456789abcdef0123456789abcdef01234567")
# Every character LaTeX, BibTeX, RIS, JSON, HTML or Markdown treats specially, and a right-to-left override.
HOSTILE = 'Pact {of} 100% & $5 #1 a_b ^~ \\emph{x} "q" <script>alert(1)</script> *b* [l](javascript:x) \u202eevil'


def latex_to_text(text: str) -> str:
    """LaTeX as text, with the text-mode macros for BibTeX's special characters that pylatexenc lacks."""
    db = latex2text.get_default_latex_context_db()
    db.add_context_category("accords", prepend=True, macros=[
        latex2text.MacroTextSpec(name, out) for name, out in (
            ("textbraceleft", "{"), ("textbraceright", "}"), ("textasciicircum", "^"), ("textasciitilde", "~"), ("textbackslash", "\\"))])
    return latex2text.LatexNodes2Text(latex_context=db).latex_to_text(text)


def parse_bibtex(text: str) -> dict[str, str]:
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks and len(library.entries) == 1
    entry = library.entries[0]
    return {"key": entry.key, "type": entry.entry_type, **{name: f.value for name, f in entry.fields_dict.items()}}


def render_csl(text: str, key: str) -> str:
    source = CiteProcJSON(json.loads(text))
    bibliography = CitationStylesBibliography(CitationStylesStyle("harvard-cite-them-right", validate=False), source, formatter.plain)
    bibliography.register(CiteprocCitation([CitationItem(key)]))
    return str(bibliography.bibliography()[0])


def hostile_kb(tmp_path: Path):
    data = write_data(tmp_path, {"agreements/alpha.yaml": ALPHA.replace("title: Alpha Agreement", f"title: {json.dumps(HOSTILE)}")})
    kb, problems = build(data, AS_OF)
    assert problems == []
    return kb


def test_bibtex_parses_and_agrees_with_the_record():
    beca = KB.by_id["beca"]
    c = cite.citation(KB, beca, SITE, HISTORY)
    entry = parse_bibtex(cite.bibtex(c))
    assert entry["key"] == "accords-beca" and entry["type"] == "misc"
    assert entry["title"] == "{Basic Exchange and Cooperation Agreement for Geo-spatial Cooperation (BECA)}"
    assert entry["author"] == "{Accords contributors}"  # one name, not a person called "contributors, Accords"
    assert entry["url"] == "https://example.org/accords/agreements/beca/"
    assert entry["urldate"] == "2026-11-25" and entry["version"] == "2026-11-25"
    assert (entry["year"], entry["month"], entry["date"]) == ("2025", "mar", "2025-03-02")  # this version of the record: its last change
    decoded = bibtexparser.parse_string(cite.bibtex(c), append_middleware=[LatexDecodingMiddleware()]).entries[0]
    assert decoded["title"] == "Basic Exchange and Cooperation Agreement for Geo-spatial Cooperation (BECA)"


def test_a_title_that_says_its_short_title_is_not_repeated():
    framework = KB.by_id["major-defense-partnership-framework-2025"]
    title = cite.citation(KB, framework, SITE).title
    assert title.startswith(framework.title) and title.count(framework.label) == 1


def test_hostile_text_stays_text_in_every_format(tmp_path):
    kb = hostile_kb(tmp_path)
    alpha = kb.by_id["alpha"]
    c = cite.citation(kb, alpha, SITE, HISTORY)
    plain = " ".join(HOSTILE.replace("\u202e", "").split()) + " (ALPHA)"
    assert c.title == plain  # no bidirectional override, one line
    bib = cite.bibtex(c)
    entry = parse_bibtex(bib)
    assert set(entry) == {"key", "type", "author", "title", "howpublished", "year", "month", "date", "version", "url", "urldate", "note"}
    assert latex_to_text(entry["title"][1:-1]) == plain
    assert entry["title"].count("{") == entry["title"].count("}")  # BibTeX counts braces even after a backslash
    assert rispy.loads(cite.ris(c))[0]["title"] == plain
    assert json.loads(cite.csl_json(c))[0]["title"] == plain


def test_ris_parses_and_agrees_with_the_record():
    beca = KB.by_id["beca"]
    entry = rispy.loads(cite.ris(cite.citation(KB, beca, SITE, HISTORY)))[0]
    assert entry["type_of_reference"] == "ELEC" and entry["id"] == "accords-beca"
    assert entry["title"] == "Basic Exchange and Cooperation Agreement for Geo-spatial Cooperation (BECA)"
    assert entry["authors"] == ["Accords contributors"] and entry["name_of_database"] == "Accords"
    assert entry["urls"] == ["https://example.org/accords/agreements/beca/"]
    assert entry["access_date"] == "2026/11/25" and entry["date"] == "2025/03/02"


def test_csl_json_renders_with_citeproc_and_agrees_with_the_record():
    beca = KB.by_id["beca"]
    c = cite.citation(KB, beca, SITE, HISTORY)
    text = cite.csl_json(c)
    assert json.loads(text) == [cite.csl(c)]  # written directly, read as the same data
    item = json.loads(text)[0]
    assert item["type"] == "webpage" and item["URL"] == "https://example.org/accords/agreements/beca/"
    assert item["accessed"] == {"date-parts": [[2026, 11, 25]]} and item["issued"] == {"date-parts": [[2025, 3, 2]]}
    reference = render_csl(text, "accords-beca")
    assert reference == ("Accords contributors (2025) Basic Exchange and Cooperation Agreement for Geo-spatial Cooperation (BECA), "
                         "Accords. Available at: https://example.org/accords/agreements/beca/ (Accessed: November 25, 2026).")


def test_without_a_site_url_or_history_the_citations_say_only_what_is_known():
    beca = KB.by_id["beca"]
    c = cite.citation(KB, beca, Site())
    assert c.url == "" and c.issued is None
    entry = parse_bibtex(cite.bibtex(c))
    assert not {"url", "urldate", "year", "date"} & set(entry)
    assert "UR  -" not in cite.ris(c) and "PY  -" not in cite.ris(c)
    assert not {"URL", "accessed", "issued"} & set(json.loads(cite.csl_json(c))[0])
    assert render_csl(cite.csl_json(c), "accords-beca").startswith("Accords contributors (no date) Basic Exchange")


def test_each_instrument_has_a_bib_and_a_csl_download_beside_its_json():
    files = exports(KB, SITE)
    instruments = [r for r in KB.records if r.kind in cite.CITED_KINDS]
    for record in instruments:
        folder = KINDS[record.kind].folder
        assert files[f"{folder}/{record.id}.bib"].startswith(f"@misc{{accords-{record.id},")
        assert json.loads(files[f"{folder}/{record.id}.csl.json"])[0]["id"] == f"accords-{record.id}"
        assert f"{folder}/{record.id}.json" in files  # the record's own JSON keeps its name
    assert "people/jivesh-nandan.bib" not in files
    assert sum(path.endswith(".bib") for path in files) == len(instruments)


def test_the_cite_box_shows_the_downloads_and_survives_markdown(tmp_path):
    kb = hostile_kb(tmp_path)
    problems, files = outputs(tmp_path / "data", SITE, AS_OF)
    assert problems == []
    page = files["agreements/alpha.md"]
    assert cite.MARKER not in page and all(cite.MARKER not in text for text in files.values())
    page_html = markdown.markdown(page.split("---\n", 2)[2], extensions=["tables", "attr_list", "toc"])
    assert '<details class="acc-cite" data-search-exclude>' in page_html
    blocks = [html.unescape(block) for block in re.findall(r"<pre><code>(.*?)</code></pre>", page_html, re.S)]
    c = cite.citation(kb, kb.by_id["alpha"], SITE)
    assert blocks == [files["agreements/alpha.bib"], cite.ris(c), files["agreements/alpha.csl.json"]]
    assert "<script>" not in page_html.split("<details", 1)[1]  # the hostile title stays text
    assert "[BibTeX](../agreements/alpha.bib) · [CSL-JSON](../agreements/alpha.csl.json)" in page
    # the box comes last, before the line of downloads
    assert page.index('<details class="acc-cite"') > page.index("## Sources") and page.rstrip().endswith(">more downloads</a>\n</p>")


def test_the_cite_box_without_a_site_url_says_the_citations_have_no_address(tmp_path):
    problems, files = outputs(write_data(tmp_path), Site(), AS_OF)
    assert "these citations give none" in files["agreements/alpha.md"]
    assert "https://" not in files["agreements/alpha.bib"]


def test_the_cite_box_in_the_built_site(tmp_path):
    data = write_data(tmp_path)
    result = mkdocs_build(tmp_path / "site", data)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site/agreements/alpha/index.html").read_text(encoding="utf-8")
    assert '<details class="acc-cite" data-search-exclude>' in page and page.count("<pre><code>") == 3
    assert '<a href="../alpha.bib">BibTeX</a>' in page and '<a href="../alpha.csl.json">CSL-JSON</a>' in page
    assert (tmp_path / "site/agreements/alpha.bib").read_text(encoding="utf-8").startswith("@misc{accords-alpha,")
    checked, broken = broken_links(tmp_path / "site")
    assert checked and not broken


def test_citation_cff_is_valid():
    """Against the Citation File Format 1.2.0 schema, as shipped in cffconvert 2.0.0 on PyPI
    (cffconvert/schemas/1.2.0/schema.json; cffconvert itself needs jsonschema < 4, which the test
    tools cannot share): tests/schemas/citation-cff-1.2.0.schema.json."""
    schema = json.loads((REPO / "tests/schemas/citation-cff-1.2.0.schema.json").read_text(encoding="utf-8"))
    citation = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER).validate(citation)
    assert citation["license"] == "CC-BY-4.0" and citation["type"] == "dataset"
    broken = dict(citation, license="CC BY")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(schema).validate(broken)
