"""The India–US record set: every item of the seed article, the fact sheet and the review, each fact sourced."""

from __future__ import annotations

import pytest

from accords.pipeline import build
from conftest import REPO

KB, PROBLEMS = build(REPO / "data")

# (record id, field, value as written): every item the seed article (ANI, 6 Feb 2025) and the
# reference fact sheet name, with the date the sources give.
SEED_ITEMS = [
    ("new-framework-2005", "signed", "2005-06-28"),
    ("framework-2015", "signed", "2015-06-03"),
    ("major-defense-partner", "date", "2016-06-07"),
    ("strategic-trade-authorization-tier-1", "date", "2018-08-03"),
    ("sta-1-announcement-2018", "date", "2018-07-30"),
    ("lemoa", "signed", "2016-08-29"),
    ("comcasa", "signed", "2018-09-06"),
    ("industrial-security-annex", "signed", "2019-12"),
    ("beca", "signed", "2020-10-27"),
    ("memorandum-of-intent-defense-innovation", "signed", "2018"),
    ("idex-diu-mou-2024", "signed", "2024-09"),
    ("gsomia", "signed", "2002-01-17"),
    ("defense-technology-and-trade-initiative", "established", "2012"),
    ("panetta-visit-new-delhi-2012", "date", "2012-06-06"),
    ("rajnath-singh-hegseth-call-2025", "date", "2025-02-06"),
    ("major-defense-partnership-framework-2025", "signed", "2025-10-31"),
    ("security-of-supply-arrangement", "signed", "2024-08-22"),
    ("liaison-officers-moa-2024", "signed", "2024-08-22"),
    ("icet-announcement-2022", "date", "2022-05-24"),
    ("icet-launch-2023", "date", "2023-01-31"),
    ("roadmap-for-defense-industrial-cooperation", "signed", "2023-06-05"),
    ("indus-x", "established", "2023-06-21"),
    ("c-130j-letter-of-offer-and-acceptance", "signed", "2008-01-31"),
    ("p-8i-contract", "signed", "2009-01-01"),
    ("c-17-agreement", "signed", "2011"),  # no page's text gives the day (the review's lead was a date line)
    ("apache-chinook-contracts", "signed", "2015-09-28"),
    ("mq-9b-agreement", "signed", "2024-10-15"),
]

# (series, first edition's date): the four exercise events, now editions of their series.
FIRST_EDITIONS = [("malabar", "1992-05-28"), ("yudh-abhyas", "2004"), ("cope-india", "2004-02-16"), ("tiger-triumph", "2019-11-13")]

# The review's missing items (shared/reference/india-us-review.md), by the record that now holds each.
REVIEW_ITEMS = [
    "major-defense-partner-finalisation-2016", "export-rule-major-defense-partner-2017", "end-use-monitoring-arrangement-2009",
    "agreed-minute-on-defense-relations-1995", "ge-hal-f414-engine-mou-2023", "us-india-joint-statement-2025",
    "autonomous-systems-industry-alliance-launch-2025", "us-india-trust-initiative", "indus-x-investors-meet-2023",
    "india-us-2-plus-2-intersessional-dialogue", "vajra-prahar", "red-flag", "m777-howitzer-letter-of-offer-and-acceptance-2016",
    "mh-60r-and-army-apache-agreements-2020", "p-8i-follow-on-contract-2016", "dsca-javelin-excalibur-notification-2025",
    "lt-kattupalli-master-ship-repair-agreement-2023", "rajnath-singh-hegseth-call-may-2025", "rajnath-singh-hegseth-call-july-2025",
]
INSTRUMENT_KINDS = ("agreement", "framework", "dialogue", "designation", "event", "exercise")

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


@pytest.mark.parametrize(("series", "date"), FIRST_EDITIONS)
def test_exercise_events_became_the_first_edition_of_their_series(series, date):
    first = KB.by_id[series].fields.editions[0]
    assert first.date == date and first.sources
    assert f"exercise-{series}" not in " ".join(KB.by_id)


@pytest.mark.parametrize("record_id", REVIEW_ITEMS)
def test_the_reviews_missing_items_are_recorded(record_id):
    assert KB.by_id[record_id].kind in INSTRUMENT_KINDS


def test_at_least_60_india_us_instruments_and_exercise_editions_on_the_timeline():
    india_us = [r for r in KB.records if r.kind in INSTRUMENT_KINDS and {"IN", "US"} <= set(KB.countries(r))]
    assert len(india_us) >= 60
    editions = [e for e in KB.timeline if e.record.kind == "exercise"]
    assert len(editions) == sum(len(r.fields.editions) for r in KB.of_kind("exercise")) >= 40


def test_every_record_cites_a_source_url():
    for record in KB.records:
        if record.kind not in ("country", "family"):  # a family is the editors' grouping
            assert record.fields.sources and all(s.url.startswith(("https://", "http://")) for s in record.fields.sources), record.id


def test_disagreements_keep_every_reading_with_its_sources():
    for record_id, field in (("new-framework-2005", "signed"), ("memorandum-of-intent-defense-innovation", "signed"),
                             ("comcasa", "signatories"), ("initiative-on-critical-and-emerging-technology", "established"),
                             ("industrial-security-annex", "signed"), ("cope-india", None)):
        disputes = KB.by_id[record_id].fields.disputed
        assert disputes and (field is None or field in {d.field for d in disputes}), record_id
        assert all(len(d.readings) >= 2 and all(r.sources for r in d.readings) for d in disputes)


def test_copies_named_by_the_review_were_replaced():
    copies = ("predictionjunction.com", "thespeedpost.com", "breakingnewsinternational.com")
    for record in KB.records:
        parts = [record.fields, *getattr(record.fields, "rounds", [])]
        for source in (s for part in parts for s in getattr(part, "sources", [])):
            assert not any(copy in source.url for copy in copies), (record.id, source.url)


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


def test_timeline_runs_from_1949_and_records_nothing_after_the_build_date():
    first = min(KB.timeline, key=lambda entry: entry.date.earliest())
    assert first.date.year == 1949 and first.record.id == "india-bhutan-treaty-of-friendship-1949"
    assert all(entry.date.earliest() <= KB.as_of for entry in KB.timeline)


def test_every_record_file_names_its_schema_for_editors():
    for record in KB.records:
        first = (REPO / record.path).read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../../scripts/accords/schemas/{record.kind}.schema.json", record.path
