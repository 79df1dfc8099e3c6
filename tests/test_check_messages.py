"""What `accords validate` says, word for word, with the line and column it points at: contributors
act on these messages, so each one is pinned, and so is every diagnostic a case gives (nothing more)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from accords import check as check_module
from accords.pipeline import build
from accords.state import BuildState
from conftest import ALPHA, BASE, DRILL, TALKS, write_data

A = "agreements/alpha.yaml"
D = "dialogues/talks.yaml"
X = "exercises/drill.yaml"
SUPPORTS = "supports: [instrument, signed, place, signatories]"
TEXT = "text (put it in quotes if it looks like a number, a date or yes/no)"
AGREEMENT_FIELDS = ("aliases, allows, domains, duration, expires, families, identifiers, in_force, instrument, parties, place, quantity, "
                    "short_title, signatories, signed, status, summary, tags, title, value")
SUPPORTABLE = "aliases, allows, domains, duration, expires, families, from, identifiers, in_force, instrument, notes, parties, place, quantity, " \
              "related, short_title, signatories, signed, status, summary, tags, title, value"
LEAVE_OUT = ", or leave the field out and say in notes that no source was found"
DISPUTE = ("disputed:\n  - field: {field}\n    readings:\n      - {{says: a, sources: [https://example.org/alpha]}}\n"
           "      - {{says: b, sources: [{url}]}}\n")
EVENT = """\
title: A visit
summary: A visit of several days.
date: 2020-01-02
type: visit
sources:
  - {title: S, url: https://example.org/s, type: official, supports: [date]}
"""
FRAMEWORK = """\
title: Beta Framework
instrument: framework
summary: A framework renewed over the years.
parties: [IN, US]
signed: 2010-05
period: {start: 2010, end: 2009}
renewals:
  - date: 2009
    sources: [{title: R, url: https://example.org/r, type: news, supports: [date]}]
sources:
  - {title: A page, url: https://example.org/beta, type: official, supports: [instrument, signed, period]}
"""


def alpha(old: str, new: str) -> str:
    assert old in ALPHA, old
    return ALPHA.replace(old, new, 1)


def talks(old: str, new: str) -> str:
    assert old in TALKS, old
    return TALKS.replace(old, new, 1)


def drill(old: str, new: str) -> str:
    assert old in DRILL, old
    return DRILL.replace(old, new, 1)


def framework(period: str) -> str:
    return FRAMEWORK.replace("period: {start: 2010, end: 2009}", period).replace("renewals:\n  - date: 2009\n", "renewals:\n  - date: 2011\n")


def dispute(field: str, url: str = "https://example.org/alpha") -> str:
    return ALPHA + DISPUTE.format(field=field, url=url)


# (case, changes, every diagnostic as `accords validate` prints it)
GOLDEN = [
    # --- shape: pydantic's errors in words ---
    ("unknown field with a close match", {A: alpha("summary:", "sumary:")}, [
        "data/agreements/alpha.yaml:1:1: ACC102 missing required field 'summary'",
        "data/agreements/alpha.yaml:4:1: ACC101 unknown field 'sumary'; did you mean 'summary'?"]),
    ("unknown nested field with no close match", {A: alpha("    party: IN", "    party: IN\n    zzz: 1")}, [
        "data/agreements/alpha.yaml:12:5: ACC101 unknown field 'signatories[0].zzz'; allowed here: person, name, role, party"]),
    ("a source without a url", {A: alpha("    url: https://example.org/alpha\n", "")}, [
        "data/agreements/alpha.yaml:16:5: ACC102 missing required field 'sources[0].url': a source is a page a reader can follow; "
        "a document with no web copy is not a source (say so in notes)"]),
    ("a signatory with neither person nor name", {A: alpha("  - person: jane-doe\n    party: IN", "  - party: IN")}, [
        "data/agreements/alpha.yaml:10:5: ACC102 signatories[0]: a signatory needs exactly one of 'person' (an id) or 'name'"]),
    ("an unknown field in a nested mapping", {"frameworks/beta.yaml": framework("period: {start: 2010, zzz: 1}")}, [
        "data/frameworks/beta.yaml:6:23: ACC101 unknown field 'period.zzz'; allowed here: start, end"]),
    ("an unknown field in a round's source", {D: talks("type: news, supports: [date]}", "type: news, supports: [date], zzz: 1}")}, [
        "data/dialogues/talks.yaml:13:91: ACC101 unknown field 'rounds[1].sources[0].zzz'; "
        "allowed here: title, url, type, publisher, published, archived, supports"]),
    ("a missing field in a nested mapping points at its key", {"frameworks/beta.yaml": framework("period: {end: 2010}")}, [
        "data/frameworks/beta.yaml:6:9: ACC102 missing required field 'period.start'"]),
    ("blank text points at the value", {A: alpha("place: Washington", "place: '  '")}, [
        "data/agreements/alpha.yaml:8:8: ACC105 place: text is empty: write something or leave the field out"]),
    ("a list for text", {A: alpha("title: Alpha Agreement", "title: [Alpha]")}, [
        f"data/agreements/alpha.yaml:1:8: ACC103 title must be {TEXT}, not a list"]),
    ("a mapping for text", {A: alpha("title: Alpha Agreement", "title: {name: Alpha}")}, [
        f"data/agreements/alpha.yaml:1:8: ACC103 title must be {TEXT}, not a mapping"]),
    ("a number for text", {A: alpha("place: Washington", "place: 1984")}, [
        f"data/agreements/alpha.yaml:8:8: ACC103 place must be {TEXT}, not the number 1984"]),
    ("a boolean for text", {A: alpha("place: Washington", "place: false")}, [
        f"data/agreements/alpha.yaml:8:8: ACC103 place must be {TEXT}, not the boolean false"]),
    ("long text for a list is cut at 60 characters", {A: alpha("domains: [logistics]", "domains: " + "x" * 70)}, [
        "data/agreements/alpha.yaml:6:10: ACC103 domains must be a list (one '- item' per line, or [a, b]), not the text '" + "x" * 60 + "'"]),
    ("a fraction for a whole number", {D: talks("  - number: 2", "  - number: 2.5")}, [
        "data/dialogues/talks.yaml:11:13: ACC103 rounds[1].number must be a whole number, not the number 2.5"]),
    ("empty required text", {A: alpha("title: Alpha Agreement", "title:")}, [
        "data/agreements/alpha.yaml:1:7: ACC103 title is empty: write the official name"]),
    ("an empty optional list", {A: alpha("domains: [logistics]", "domains:")}, [
        "data/agreements/alpha.yaml:6:9: ACC103 domains is empty: write a list (one '- item' per line, or [a, b]), or leave the field out"]),
    ("an empty whole number", {D: talks("  - number: 2", "  - number:")}, [
        "data/dialogues/talks.yaml:11:12: ACC103 rounds[1].number is empty: write a whole number"]),
    ("an empty value in a mapping of text", {A: ALPHA + "identifiers:\n  tias:\n"}, [
        "data/agreements/alpha.yaml:21:8: ACC103 identifiers.tias is empty: write its text"]),
    ("an empty vocabulary word", {A: alpha("    type: news", "    type:")}, [
        "data/agreements/alpha.yaml:18:10: ACC104 sources[0].type is empty: choose one of official, news, analysis, reference"]),
    ("a word outside the vocabulary, nothing close", {A: alpha("    type: news", "    type: zzzzzz")}, [
        "data/agreements/alpha.yaml:18:11: ACC104 sources[0].type: 'zzzzzz' is not allowed; allowed: official, news, analysis, reference"]),
    ("a word outside the vocabulary, one close", {A: alpha("    type: news", "    type: newz")}, [
        "data/agreements/alpha.yaml:18:11: ACC104 sources[0].type: 'newz' is not allowed; did you mean 'news'? allowed: official, news, analysis, reference"]),
    ("an unknown mapping key", {A: ALPHA + "identifiers:\n  isbn: '1'\n"}, [
        "data/agreements/alpha.yaml:21:9: ACC104 identifiers.isbn: 'isbn' is not allowed; allowed: tias, unts, wikidata, federal-register, fr-doc, dsca"]),
    ("a number below the least", {D: talks("  - number: 1", "  - number: 0")}, [
        "data/dialogues/talks.yaml:6:13: ACC105 rounds[0].number must be at least 1, not 0"]),
    ("no sources at all", {A: ALPHA.split("sources:")[0] + "sources: []\n"}, [
        "data/agreements/alpha.yaml:3:13: ACC502 instrument has no source: give the record a source whose text states it, with supports: [instrument]",
        f"data/agreements/alpha.yaml:7:9: ACC502 signed has no source: give the record a source whose text states it, with supports: [signed]{LEAVE_OUT}",
        f"data/agreements/alpha.yaml:8:8: ACC502 place has no source: give the record a source whose text states it, with supports: [place]{LEAVE_OUT}",
        "data/agreements/alpha.yaml:10:3: ACC502 signatories has no source: give the record a source whose text states it, "
        f"with supports: [signatories]{LEAVE_OUT}",
        "data/agreements/alpha.yaml:15:1: ACC102 'sources' needs at least one entry"]),
    # --- rules across fields and files ---
    ("a file that does not parse does not stop the others", {A: "title: [\n", D: talks("  - number: 2", "  - number: 3")}, [
        "data/agreements/alpha.yaml:2:1: ACC002 YAML syntax error: did not find expected node content",
        "data/dialogues/talks.yaml:11:13: ACC303 rounds[1].number is 3; rounds are listed in order and numbered from 1, so this one is 2"]),
    ("one id for three records", {"events/alpha.yaml": EVENT, "people/alpha.yaml": BASE["people/jane-doe.yaml"].replace("Jane Doe", "A Person")}, [
        "data/dialogues/talks.yaml:9:16: ACC402 rounds[0].outcomes[0] names the person 'alpha'; "
        "it must name an agreement, a designation, a dialogue, an event, an exercise or a framework",
        "data/events/alpha.yaml:1:1: ACC202 id 'alpha' is already used by data/agreements/alpha.yaml: ids are unique across all kinds",
        "data/people/alpha.yaml:1:1: ACC202 id 'alpha' is already used by data/agreements/alpha.yaml: ids are unique across all kinds"]),
    ("one title for three records, in other case and spacing", {
        "agreements/beta.yaml": ALPHA.replace("title: Alpha Agreement", "title: alpha  AGREEMENT"), "agreements/gamma.yaml": ALPHA}, [
        "data/agreements/beta.yaml:1:8: ACC203 title is the same as in data/agreements/alpha.yaml: merge the records or tell them apart",
        "data/agreements/gamma.yaml:1:8: ACC203 title is the same as in data/agreements/alpha.yaml: merge the records or tell them apart"]),
    ("rounds out of date order", {D: talks("date: 2019-12-18", "date: 2017-12-18")}, [
        "data/dialogues/talks.yaml:12:11: ACC303 round 2 (2017-12-18) is dated before round 1 (2018-09-06)"]),
    ("editions out of date order", {X: drill("  - date: 2008", "  - date: 2003")}, [
        "data/exercises/drill.yaml:10:11: ACC303 editions[1] (2003) is dated before editions[0] (2004-02-16): list editions in date order"]),
    ("an edition that ends before it begins", {X: drill("end: 2004-02-27", "end: 2004-02-01")}, [
        "data/exercises/drill.yaml:7:10: ACC302 editions[0].end (2004-02-01) is before editions[0].date (2004-02-16)"]),
    ("edition numbers going back", {X: drill("  - date: 2008", "  - number: 1\n    date: 2008")}, [
        "data/exercises/drill.yaml:10:13: ACC303 editions[1].number is 1, not after the edition before it (number 1): editions are listed in date order",
        "data/exercises/drill.yaml:10:13: ACC502 editions[1].number has no source: add 'number' to the supports of the source "
        f"whose text states it{LEAVE_OUT}"]),
    ("a period and a renewal out of order", {"frameworks/beta.yaml": FRAMEWORK}, [
        "data/frameworks/beta.yaml:6:28: ACC302 period.end (2009) is before period.start (2010)",
        "data/frameworks/beta.yaml:8:11: ACC302 renewals[0].date (2009) is before signed (2010-05)"]),
    ("a relation to no record, nothing close", {A: alpha("  - id: talks", "  - id: zzzzzz")}, [
        "data/agreements/alpha.yaml:13:9: ACC401 related[0].id names no record 'zzzzzz'"]),
    ("a relation to a country's name: relations never name countries", {A: alpha("  - id: talks", "  - id: india")}, [
        "data/agreements/alpha.yaml:13:9: ACC401 related[0].id names no record 'india'"]),
    ("a party named like a country", {A: alpha("parties: [IN, US]", "parties: [IN, usa]")}, [
        "data/agreements/alpha.yaml:5:15: ACC401 parties[1] names no record 'usa'; the ISO code of the United States is US: write the code in capitals"]),
    ("a country code with no record", {A: alpha("parties: [IN, US]", "parties: [IN, FR]")}, [
        "data/agreements/alpha.yaml:5:15: ACC401 parties[1] names no country 'FR': add its record, data/countries/fr.yaml (accords new country fr)"]),
    ("a relation to a record of the wrong kind", {A: alpha("  - id: talks\n    relation: signed-at", "  - id: jane-doe\n    relation: signed-at")}, [
        "data/agreements/alpha.yaml:13:9: ACC402 related[0].id names the person 'jane-doe'; a signed-at relation must name a dialogue or an event"]),
    ("a person with relations", {"people/jane-doe.yaml": BASE["people/jane-doe.yaml"] + "related:\n  - id: alpha\n    relation: follows\n"}, [
        "data/people/jane-doe.yaml:7:3: ACC402 related: a person has no relations: relations link agreements, designations, dialogues, events, "
        "exercises and frameworks; name the person in their records instead (signatories, participants, parties…)"]),
    ("a record that names itself and has a shape error", {A: alpha("  - id: talks", "  - id: alpha") + "colour: red\n"}, [
        "data/agreements/alpha.yaml:13:9: ACC403 related[0].id names this record itself",
        "data/agreements/alpha.yaml:20:1: ACC101 unknown field 'colour'; allowed here: aliases, tags, identifiers, notes, related, title, short_title, "
        "summary, parties, domains, sources, disputed, families, instrument, signed, place, signatories, in_force, duration, expires, status, value, "
        "quantity, allows"]),
    ("a country file named by no code", {"countries/zz.yaml": "name: Nowhere\n"}, [
        "data/countries/zz.yaml:1:1: ACC201 'zz' is not an ISO 3166-1 country code: name the file by the country's ISO code in lowercase, e.g. in.yaml"]),
    ("a country file named by a common abbreviation", {"countries/uk.yaml": "name: United Kingdom\n"}, [
        "data/countries/uk.yaml:1:1: ACC201 'uk' is not an ISO 3166-1 country code: the ISO code of the United Kingdom is GB: name the file gb.yaml"]),
    # --- sources, supports and disputes ---
    ("an optional fact no source supports", {A: alpha(SUPPORTS, "supports: [instrument, place, signatories]")}, [
        f"data/agreements/alpha.yaml:7:9: ACC502 signed has no source: add 'signed' to the supports of the source whose text states it{LEAVE_OUT}"]),
    ("a required fact no source supports", {A: alpha(SUPPORTS, "supports: [signed, place, signatories]")}, [
        "data/agreements/alpha.yaml:3:13: ACC502 instrument has no source: add 'instrument' to the supports of the source whose text states it"]),
    ("malformed sources do not stop the rounds' checks", {
        D: talks("sources:\n  - title: A source\n    url: https://example.org/talks\n    type: news\n", "sources: oops\n").replace(
            "supports: [date, participants]", "supports: [date]")}, [
        "data/dialogues/talks.yaml:8:19: ACC502 rounds[0].participants has no source: add 'participants' to the supports of the source whose "
        f"text states it{LEAVE_OUT}",
        "data/dialogues/talks.yaml:14:10: ACC103 sources must be a list (one '- item' per line, or [a, b]), not the text 'oops'"]),
    ("supports names sources", {A: alpha(SUPPORTS, SUPPORTS[:-1] + ", sources]")}, [
        f"data/agreements/alpha.yaml:19:56: ACC104 sources[0].supports: 'sources' is not a field of an agreement; allowed: {SUPPORTABLE}"]),
    ("supports names disputed", {A: alpha(SUPPORTS, SUPPORTS[:-1] + ", disputed]")}, [
        f"data/agreements/alpha.yaml:19:56: ACC104 sources[0].supports: 'disputed' is not a field of an agreement; allowed: {SUPPORTABLE}"]),
    ("supports names a field of a round's", {D: talks("supports: [date]}", "supports: [date, outcome]}")}, [
        "data/dialogues/talks.yaml:13:90: ACC104 rounds[1].sources[0].supports: 'outcome' is not a field of a dialogue's round; did you mean 'outcomes'?"]),
    *[(f"disputed names {field}", {A: dispute(field)}, [
        f"data/agreements/alpha.yaml:21:12: ACC104 disputed[0].field: '{field}' is not a field of an agreement; allowed: {AGREEMENT_FIELDS}"])
      for field in ("sources", "notes", "related", "disputed", "zzzzzz")],
    ("disputed names a field with a close match", {A: dispute("sigend")}, [
        "data/agreements/alpha.yaml:21:12: ACC104 disputed[0].field: 'sigend' is not a field of an agreement; did you mean 'signed'?"]),
    ("a reading cites a page that is not a source", {A: dispute("signed", "https://example.org/elsewhere")}, [
        "data/agreements/alpha.yaml:24:29: ACC503 disputed[0].readings[1].sources names a URL that is not among this record's sources: "
        "list the page under sources (with what it supports) and copy its url exactly"]),
]


@pytest.mark.parametrize(("name", "changes", "expected"), GOLDEN, ids=[case[0] for case in GOLDEN])
def test_diagnostics_word_for_word(diagnose, name, changes, expected):
    assert [str(d) for d in diagnose(changes)] == expected


def test_a_record_with_a_shape_error_is_left_out_of_the_knowledge_base(tmp_path):
    kb, problems = build(write_data(tmp_path, {A: ALPHA + "colour: red\n"}), dt.date(2026, 11, 25))
    assert [p.code for p in problems] == ["ACC101"]
    assert "alpha" not in kb.by_id and "talks" in kb.by_id


def test_a_rebuild_validates_only_the_files_that_changed(tmp_path, monkeypatch):
    checked: list[str] = []
    shape = check_module._shape

    def counting(raw):
        checked.append(Path(raw.path).name)
        return shape(raw)

    monkeypatch.setattr(check_module, "_shape", counting)
    data, state = write_data(tmp_path), BuildState()
    assert build(data, dt.date(2026, 11, 25), state)[1] == []
    assert sorted(checked) == sorted(Path(name).name for name in BASE)
    checked.clear()
    assert build(data, dt.date(2026, 11, 25), state)[1] == []
    assert checked == []  # nothing changed: nothing validated again
    (data / A).write_text(ALPHA.replace("Alpha Agreement", "Omega Agreement"), encoding="utf-8")
    kb, problems = build(data, dt.date(2026, 11, 25), state)
    assert checked == ["alpha.yaml"] and problems == []
    assert kb.by_id["alpha"].fields.title == "Omega Agreement"
