"""Derived facts, unit by unit: relations both ways, who is named where and when, country pairs, what
came before and after, families, labels and edition names. Pages show these; here they are checked
without rendering."""

from __future__ import annotations

import datetime as dt

import pytest

from accords.knowledge import KnowledgeBase, edition_name, neighbour_group
from accords.pipeline import build
from conftest import ALPHA, BASE, TALKS, write_data

AS_OF = dt.date(2026, 11, 25)


def agreement(title: str, parties: str, signed: str, *more: str, instrument: str = "agreement", supports: str = "") -> str:
    """An agreement record whose one source supports its facts."""
    slug = title.lower().replace(" ", "-")
    return (f"title: {title}\ninstrument: {instrument}\nsummary: A test record.\nparties: [{parties}]\nsigned: {signed}\n"
            + "".join(line + "\n" for line in more)
            + f"sources:\n  - {{title: S, url: https://example.org/{slug}, type: news, supports: [instrument, signed{supports}]}}\n")


CORPUS = {
    "countries/jp.yaml": "name: Japan\n",
    "families/lsa.yaml": "title: Logistics support agreements\nsummary: Agreements on supplies and services.\n",
    "agreements/alpha.yaml": ALPHA.replace("    party: IN\n", "    party: IN\n    role: Minister\n") + "families: [lsa]\n",
    # India through its ministry; signed and in force on one day
    "agreements/beta.yaml": agreement("Beta", "test-ministry, US", "2010-01-05", "in_force: 2010-01-05", "families: [lsa]", supports=", in_force"),
    "agreements/gamma.yaml": agreement("Gamma", "IN, US, JP", "2020"),
    "agreements/zeta.yaml": agreement("Zeta", "IN, JP", "2022"),  # with gamma, a line of two between India and Japan
    "agreements/delta.yaml": agreement("Delta", "IN, US", "2018", instrument="contract"),  # a purchase: its own line
    "agreements/epsilon.yaml": agreement("Epsilon", "IN, test-ministry", "2012", "expires: 2013", supports=", expires"),
    "designations/mdp.yaml": ("title: Major Partner\nsummary: A status.\nparties: [US, JP]\ndate: 2016-06-07\ngranted_by: [US]\ngranted_to: [JP]\n"
                              "sources:\n  - {title: S, url: https://example.org/mdp, type: official, supports: [date, granted_by, granted_to]}\n"),
    "events/visit.yaml": ("title: A visit\nsummary: A visit.\ndate: 2019-12-18\ntype: visit\nparticipants: [jane-doe]\noutcomes: [gamma]\n"
                          "sources:\n  - {title: S, url: https://example.org/visit, type: official, supports: [date, participants]}\n"),
    "dialogues/talks.yaml": TALKS.replace("    date: 2019-12-18\n", "    date: 2019-12-18\n    outcomes: [delta]\n").replace(
        "    date: 2018-09-06\n", "    date: 2018-09-06\n    place: Delhi\n").replace("supports: [date, participants]", "supports: [date, place, participants]")
    .replace("    url: https://example.org/talks\n    type: news\n", "    url: https://example.org/talks\n    type: news\n    supports: [established]\n")
    + "established: 2012\n",
    "people/jane-doe.yaml": BASE["people/jane-doe.yaml"].replace("sources:", "roles:\n  - title: Minister\n    organisation: test-ministry\n"
                                                                 "    from: 2019-05\n  - title: Adviser\n    organisation: test-ministry\nsources:"),
}


@pytest.fixture
def kb(tmp_path) -> KnowledgeBase:
    """Built for each test (not once per module): mutation testing runs only the tests that call the code."""
    built, problems = build(write_data(tmp_path, CORPUS), AS_OF)
    assert [str(p) for p in problems] == []
    return built


def links(kb: KnowledgeBase, record_id: str) -> list[tuple[str, str, str, bool]]:
    return [(link.words, link.relation, link.other.id, link.inverse) for link in kb.links.get(record_id, [])]


def test_relations_read_both_ways_and_a_typed_relation_beats_an_outcome(kb):
    assert links(kb, "alpha") == [("signed at", "signed-at", "talks", False)]
    # round 1 announced alpha too, but the signing already links them: one line per neighbour
    assert links(kb, "talks") == [("venue of signing of", "signed-at", "alpha", True), ("outcome of round 2", "outcome", "delta", False)]
    assert links(kb, "delta") == [("outcome of", "outcome", "talks", True)]
    assert links(kb, "visit") == [("outcome", "outcome", "gamma", False)]
    assert links(kb, "gamma") == [("outcome of", "outcome", "visit", True)]


def test_a_relation_to_a_missing_record_does_not_hide_the_next_one(tmp_path):
    text = ALPHA.replace("related:\n", "related:\n  - id: nobody\n    relation: follows\n")
    kb, problems = build(write_data(tmp_path, {"agreements/alpha.yaml": text}), AS_OF)
    assert [p.code for p in problems] == ["ACC401"]
    assert links(kb, "alpha") == [("signed at", "signed-at", "talks", False)]


def mentions(kb: KnowledgeBase, record_id: str) -> list[tuple[str, str, str]]:
    return [(m.role, m.record.id, str(m.date) if m.date else "") for m in kb.mentions.get(record_id, [])]


def test_mentions_say_in_what_capacity_and_when_oldest_first(kb):
    assert mentions(kb, "jane-doe") == [
        ("signatory (Minister)", "alpha", "2016-08-29"),  # the record's own first date
        ("participant, round 1", "talks", "2018-09-06"),  # the round's date
        ("participant", "visit", "2019-12-18"),
    ]
    assert mentions(kb, "test-ministry") == [
        ("party", "beta", "2010-01-05"), ("party", "epsilon", "2012"), ("Minister", "jane-doe", "2019-05"),  # a role from when it began
        ("Adviser", "jane-doe", ""),  # a role with no start: undated, last
    ]
    assert ("granted by", "mdp", "2016-06-07") in mentions(kb, "us")
    assert ("granted to", "mdp", "2016-06-07") in mentions(kb, "jp")
    assert ("party", "mdp", "2016-06-07") in mentions(kb, "jp")
    assert ("organisation of this country", "test-ministry", "") in mentions(kb, "in")  # undated: last
    assert mentions(kb, "in")[-1] == ("organisation of this country", "test-ministry", "")


@pytest.mark.parametrize(("record_id", "countries", "partners"), [
    ("alpha", ["IN", "US"], ["US"]),
    ("beta", ["IN", "US"], ["US"]),  # India through its ministry
    ("gamma", ["IN", "US", "JP"], ["US", "JP"]),
    ("epsilon", ["IN"], []),  # India twice, once through its ministry
    ("mdp", ["US", "JP"], ["US", "JP"]),  # India is not a party: every party is a partner
    ("lsa", [], []),
])
def test_countries_and_partners(kb, record_id, countries, partners):
    record = kb.by_id[record_id]
    assert kb.countries(record) == countries
    assert kb.partners(record) == partners


def test_country_pairs_hold_every_record_between_two_countries(kb):
    ids = {codes: [r.id for r in records] for codes, records in kb.pairs.items()}
    assert list(ids) == [("IN", "JP"), ("IN", "US"), ("JP", "US")]
    assert ids[("IN", "JP")] == ["gamma", "zeta"]
    assert ids[("JP", "US")] == ["gamma", "mdp"]
    assert ids[("IN", "US")] == ["alpha", "beta", "delta", "gamma", "talks", "drill"]


def neighbours(kb: KnowledgeBase, record_id: str) -> list[tuple]:
    return [(n.codes, n.group, n.before.id if n.before else None, n.after.id if n.after else None) for n in kb.neighbours.get(record_id, [])]


def test_what_came_before_and_after_in_date_order_among_records_of_a_kind(kb):
    assert neighbours(kb, "beta") == [(("IN", "US"), "agreement", None, "alpha")]
    assert neighbours(kb, "alpha") == [(("IN", "US"), "agreement", "beta", "gamma")]
    assert neighbours(kb, "gamma") == [(("IN", "JP"), "agreement", None, "zeta"), (("IN", "US"), "agreement", "alpha", None)]  # alone with the US and Japan
    assert neighbours(kb, "zeta") == [(("IN", "JP"), "agreement", "gamma", None)]  # a line of two
    assert neighbours(kb, "delta") == []  # the one purchase
    assert neighbours(kb, "talks") == [] and neighbours(kb, "mdp") == []


@pytest.mark.parametrize(("more", "group"), [
    ((), "agreement"),
    (("instrument: contract",), "procurement"),
    (("instrument: letter-of-offer-and-acceptance",), "procurement"),
    (("value: US$1 million",), "procurement"),
    (("quantity: 12 aircraft",), "procurement"),
])
def test_purchases_form_their_own_line(tmp_path, more, group):
    text = ALPHA.replace("instrument: agreement\n", "") if any(m.startswith("instrument") for m in more) else ALPHA
    names = [m.split(":")[0] for m in more if not m.startswith("instrument")]
    text = text.replace("supports: [instrument,", "supports: [" + "".join(f"{n}, " for n in names) + "instrument,") + "".join(m + "\n" for m in more)
    kb, problems = build(write_data(tmp_path, {"agreements/alpha.yaml": text}), AS_OF)
    assert problems == []
    assert neighbour_group(kb.by_id["alpha"]) == group
    assert neighbour_group(kb.by_id["talks"]) == "dialogue"


def test_family_members_oldest_first_and_undated_records_last(kb):
    assert [r.id for r in kb.members["lsa"]] == ["beta", "alpha"]
    assert kb.first_date_key(kb.by_id["lsa"]) == ((10_000, 0, 0), "logistics support agreements", "lsa")
    assert kb.first_date_key(kb.by_id["alpha"]) == ((2016, 8, 29), "alpha", "alpha")


def test_each_kind_puts_its_dated_facts_on_the_timeline(kb):
    def entries(record_id: str) -> list[tuple[str, str, str | None]]:
        return [(str(e.date), e.what, e.place) for e in kb.entries(kb.by_id[record_id])]

    assert entries("talks") == [("2012", "established", None), ("2018-09-06", "round 1", "Delhi"), ("2019-12-18", "round 2", None)]
    assert entries("mdp") == [("2016-06-07", "designated", None)]
    assert entries("visit") == [("2019-12-18", "visit", None)]
    assert entries("alpha") == [("2016-08-29", "signed", "Washington")]
    assert entries("jane-doe") == [] and entries("lsa") == []


def test_on_one_day_a_signing_comes_first_and_a_passed_expiry_is_on_the_timeline(kb):
    assert [e.what for e in kb.entries(kb.by_id["beta"])] == ["signed", "entered into force"]
    assert [(str(e.date), e.what) for e in kb.entries(kb.by_id["epsilon"])] == [("2012", "signed"), ("2013", "expired")]


def test_labels_and_references_resolve_country_codes(kb):
    assert kb.label("US") == "United States" and kb.label("us") == "United States"
    assert kb.label("talks") == "Test Talks" and kb.label("nobody") == "nobody"
    assert kb.resolve("JP") is kb.by_id["jp"] and kb.resolve("gamma") is kb.by_id["gamma"] and kb.resolve("XX") is None


@pytest.mark.parametrize(("number", "name"), [
    (None, "edition"), (1, "1st edition"), (2, "2nd edition"), (3, "3rd edition"), (4, "4th edition"), (10, "10th edition"),
    (11, "11th edition"), (12, "12th edition"), (13, "13th edition"), (20, "20th edition"), (21, "21st edition"), (22, "22nd edition"),
    (23, "23rd edition"), (101, "101st edition"), (111, "111th edition"), (112, "112th edition"), (121, "121st edition"),
])
def test_edition_names(number, name):
    assert edition_name(number) == name


def replaced(relation: str) -> dict[str, str]:
    """Alpha (signed 29 Aug 2016) and Beta, signed a week later and in force from 2017, which replaces it."""
    related = f"related:\n  - id: alpha\n    relation: {relation}"
    return {"agreements/beta.yaml": agreement("Beta", "IN, US", "2016-09-05", "in_force: 2017-01-01", related, supports=", in_force")}


@pytest.mark.parametrize(("relation", "as_of", "alpha", "beta"), [
    # replaced only once the replacing record is in force: its entry into force counts, not its signing
    ("supersedes", dt.date(2016, 12, 31), ("signed", "signed 29 Aug 2016; no source gives its entry into force"),
     ("signed", "signed 5 Sep 2016; no source gives its entry into force")),
    ("supersedes", dt.date(2017, 1, 1), ("superseded", "superseded by Beta (1 Jan 2017)"), ("in-force", "in force since 1 Jan 2017")),
    ("renews", dt.date(2017, 1, 1), ("superseded", "renewed by Beta (1 Jan 2017)"), ("in-force", "in force since 1 Jan 2017")),
    ("follows", dt.date(2017, 1, 1), ("signed", "signed 29 Aug 2016; no source gives its entry into force"), ("in-force", "in force since 1 Jan 2017")),
])
def test_a_record_is_superseded_from_the_day_its_replacement_starts(tmp_path, relation, as_of, alpha, beta):
    kb, problems = build(write_data(tmp_path, replaced(relation)), as_of)
    assert problems == []
    for record_id, expected in (("alpha", alpha), ("beta", beta)):
        status = kb.status(kb.by_id[record_id])
        assert (status.value, status.reason, status.as_of) == (*expected, as_of)


def test_a_framework_has_a_status_and_its_renewals_are_on_the_timeline(tmp_path):
    framework = ("title: Gamma Framework\ninstrument: framework\nsummary: S.\nparties: [IN, US]\nsigned: 2015-06-03\nrenewals:\n"
                 "  - date: 2025-10-31\n    sources: [{title: R, url: https://example.org/r, type: news, supports: [date]}]\n"
                 "sources:\n  - {title: S, url: https://example.org/gamma, type: official, supports: [instrument, signed]}\n")
    kb, problems = build(write_data(tmp_path, {"frameworks/gamma.yaml": framework}), AS_OF)
    assert problems == []
    gamma = kb.by_id["gamma"]
    assert kb.status(gamma).value == "signed"
    assert [(str(e.date), e.what) for e in kb.entries(gamma)] == [("2015-06-03", "signed"), ("2025-10-31", "renewed")]
    assert kb.status(kb.by_id["talks"]) is None  # only agreements and frameworks have one
