"""The India–US record set: every item of the seed article and the fact sheet, each fact sourced."""

from __future__ import annotations

import pytest

from accords.pipeline import build
from conftest import REPO

KB, PROBLEMS = build(REPO / "data")

# (record id, field, value as written): every item the seed article (ANI, 6 Feb 2025) and the
# reference fact sheet name, with the date the sources give.
SEED_ITEMS = [
    ("new-framework-2005", "signed", "2005-06-28?"),
    ("framework-2015", "signed", "2015-06-03"),
    ("major-defense-partner", "date", "2016-06-07"),
    ("strategic-trade-authorization-tier-1", "date", "2018-08-03"),
    ("sta-1-announcement-2018", "date", "2018-07-30"),
    ("lemoa", "signed", "2016-08-29"),
    ("comcasa", "signed", "2018-09-06"),
    ("industrial-security-annex", "signed", "2019-12?"),
    ("beca", "signed", "2020-10-27"),
    ("memorandum-of-intent-defense-innovation", "signed", "2018-09?"),
    ("idex-diu-mou-2024", "signed", "2024-09"),
    ("gsomia", "signed", "2002-01-17"),
    ("defense-technology-and-trade-initiative", "established", "2012-06-06"),
    ("panetta-visit-new-delhi-2012", "date", "2012-06-06"),
    ("rajnath-singh-hegseth-call-2025", "date", "2025-02-06"),
    ("major-defense-partnership-framework-2025", "signed", "2025-10-31"),
    ("security-of-supply-arrangement", "signed", "2024-08-22"),
    ("liaison-officers-moa-2024", "signed", "2024-08-22"),
    ("icet-announcement-2022", "date", "2022-05-24"),
    ("icet-launch-2023", "date", "2023-01-31"),
    ("roadmap-for-defense-industrial-cooperation", "signed", "2023-06-05"),
    ("indus-x", "established", "2023-06-21"),
    ("exercise-malabar-1992", "date", "1992"),
    ("exercise-yudh-abhyas-2004", "date", "2004"),
    ("exercise-cope-india-2004", "date", "2004-02-16"),
    ("exercise-tiger-triumph-2019", "date", "2019-11-13"),
    ("c-130j-letter-of-offer-and-acceptance", "signed", "2008-01-31"),
    ("p-8i-contract", "signed", "2009-01-01"),
    ("c-17-agreement", "signed", "2011-06-15"),
    ("apache-chinook-contracts", "signed", "2015-09-28"),
    ("mq-9b-agreement", "signed", "2024-10-15"),
]

TWO_PLUS_TWO = [  # round, date, place, co-chairs
    (1, "2018-09-06", "New Delhi", {"sushma-swaraj", "nirmala-sitharaman", "mike-pompeo", "james-mattis"}),
    (2, "2019-12-18", "Washington", {"s-jaishankar", "rajnath-singh", "mike-pompeo", "mark-esper"}),
    (3, "2020-10-27", "New Delhi", {"s-jaishankar", "rajnath-singh", "mike-pompeo", "mark-esper"}),
    (4, "2022-04-11", "Washington", {"s-jaishankar", "rajnath-singh", "antony-blinken", "lloyd-austin"}),
    (5, "2023-11-10", "New Delhi", {"s-jaishankar", "rajnath-singh", "antony-blinken", "lloyd-austin"}),
]


def test_data_validates():
    assert [str(p) for p in PROBLEMS] == []


@pytest.mark.parametrize(("record_id", "field", "value"), SEED_ITEMS, ids=[i[0] for i in SEED_ITEMS])
def test_seed_item_is_present_with_its_date(record_id, field, value):
    record = KB.by_id[record_id]
    assert getattr(record.fields, field) == value
    assert any(source.url for source in record.fields.sources)


@pytest.mark.parametrize(("number", "date", "place", "chairs"), TWO_PLUS_TWO)
def test_every_two_plus_two_round_with_its_co_chairs(number, date, place, chairs):
    rounds = KB.by_id["india-us-2-plus-2-ministerial-dialogue"].fields.rounds
    current = rounds[number - 1]
    assert (current.number, current.date, set(current.participants)) == (number, date, chairs)
    assert place in current.place and current.sources


def test_every_record_cites_a_source_url():
    for record in KB.records:
        if record.kind != "country":
            assert any(s.url for s in record.fields.sources), record.id


def test_disagreements_are_in_notes_and_dates_marked_uncertain():
    for record_id in ("new-framework-2005", "memorandum-of-intent-defense-innovation", "industrial-security-annex"):
        record = KB.by_id[record_id]
        assert record.fields.signed.endswith("?") and record.fields.notes


def test_relations_between_the_records():
    def related(record_id):
        return {(r.id, r.relation) for r in KB.by_id[record_id].fields.related}

    assert ("new-framework-2005", "renews") in related("framework-2015")
    assert ("framework-2015", "follows") in related("major-defense-partnership-framework-2025")
    assert ("rajnath-singh-hegseth-call-2025", "announced-at") in related("major-defense-partnership-framework-2025")
    assert ("gsomia", "annex-to") in related("industrial-security-annex")
    for record_id in ("comcasa", "industrial-security-annex", "beca"):
        assert ("india-us-2-plus-2-ministerial-dialogue", "signed-at") in related(record_id)


def test_the_isa_keeps_both_names():
    isa = KB.by_id["industrial-security-annex"].fields
    assert isa.title == "Industrial Security Annex" and "Industrial Security Agreement" in isa.aliases


def test_timeline_runs_from_1992_to_2025():
    years = [entry.date.year for entry in KB.timeline]
    assert (min(years), max(years)) == (1992, 2025)


def test_source_urls_are_those_of_the_fact_sheet():
    sheet = (REPO.parent / "shared" / "reference" / "india-us-facts.md")
    if not sheet.exists():
        pytest.skip("the shared fact sheet is not beside this checkout")
    text = sheet.read_text(encoding="utf-8")
    for record in KB.records:
        rounds = getattr(record.fields, "rounds", [])
        for source in [*getattr(record.fields, "sources", []), *(s for r in rounds for s in r.sources)]:
            if source.url:
                assert source.url in text, f"{record.id}: {source.url} is not in the fact sheet"


def test_every_record_file_names_its_schema_for_editors():
    for record in KB.records:
        first = (REPO / record.path).read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../../scripts/accords/schemas/{record.kind}.schema.json", record.path
