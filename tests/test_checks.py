"""Every check code: one input that must pass and one that must fail, on the right file and line."""

from __future__ import annotations

import json
import typing

import jsonschema
import pytest
from pydantic import ValidationError

from accords.diagnostics import CODES
from accords.schema import FOLDERS, KINDS
from accords.schema_docs import SCHEMA_DIR
from accords.yamlsafe import parse
from conftest import ALPHA, BASE, DRILL, REPO, TALKS

A = "agreements/alpha.yaml"
D = "dialogues/talks.yaml"
X = "exercises/drill.yaml"
SUPPORTS = "supports: [instrument, signed, place, signatories]"
FAMILY = "title: Logistics support agreements\nsummary: Agreements on logistics support.\n"
EVENT = """\
title: A visit
summary: A visit of several days.
date: 2020-01-02
end: 2020-01-04
type: visit
sources:
  - {title: S, url: https://example.org/s, type: official, supports: [date, end]}
"""


def alpha(old: str, new: str) -> str:
    assert old in ALPHA, old
    return ALPHA.replace(old, new, 1)


def supported(*names: str) -> str:
    """ALPHA with more field names in its source's supports."""
    return alpha(SUPPORTS, SUPPORTS[:-1] + "".join(f", {n}" for n in names) + "]")


def drill(old: str, new: str) -> str:
    assert old in DRILL, old
    return DRILL.replace(old, new, 1)


def talks(old: str, new: str) -> str:
    assert old in TALKS, old
    return TALKS.replace(old, new, 1)


def relation(name: str, target: str) -> str:
    """ALPHA with its one relation changed."""
    return alpha("  - id: talks\n    relation: signed-at", f"  - id: {target}\n    relation: {name}")


JANE = "name: Jane Doe\nsources:\n  - title: A page\n    url: https://example.org/jane\n    type: news\n"


# (code, case name, changes, file, line, text the message must contain)
INVALID = [
    ("ACC001", "not utf-8", {A: ALPHA.encode() + b"notes: ['caf\xe9']\n"}, A, 20, "not UTF-8: byte 0xe9 cannot be decoded; save the file as UTF-8"),
    ("ACC001", "nul byte", {A: ALPHA + "notes: ['a\0b']\n"}, A, 20, "NUL"),
    ("ACC001", "too large", {A: ALPHA + "notes:\n" + "  - " + "x" * 1_100_000 + "\n"}, A, 1, "at most"),
    ("ACC002", "syntax: an unclosed bracket, reported where it opens", {A: alpha("place: Washington", "place: [Washington")}, A, 8, "the list opened here is not closed: end it with ']'"),
    ("ACC002", "syntax: an unquoted colon", {A: alpha("place: Washington", "place: Washington: DC")}, A, 8, 'put the text in quotes, e.g. place: "Washington: DC"'),
    ("ACC002", "syntax: an unquoted colon in a title", {A: alpha("title: Alpha Agreement", "title: India-US: BECA")}, A, 1, 'put the text in quotes, e.g. title: "India-US: BECA"'),
    ("ACC002", "syntax: a list item's field out of line", {A: alpha("    party: IN", "   party: IN")}, A, 11, "bad indentation: the fields of a list item line up under its first field, 'person' on line 10"),
    ("ACC002", "syntax: a field indented too far", {A: alpha("summary:", "  summary:")}, A, 4, "bad indentation: 'summary' is indented further than the field above it"),
    ("ACC002", "syntax: a tab in the indentation", {A: alpha("    party: IN", "\t  party: IN")}, A, 11, "a tab character: indent with spaces only"),
    ("ACC002", "syntax: an unclosed quote, reported where it opens", {A: alpha("place: Washington", 'place: "Washington')}, A, 8, "never closed"),
    ("ACC002", "syntax: no space after a colon", {A: alpha("place: Washington", "place:Washington")}, A, 8, "no space after the colon"),
    ("ACC003", "duplicate key", {A: ALPHA + "title: Again\n"}, A, 20, "duplicate key 'title'"),
    ("ACC003", "nested duplicate key", {A: alpha("    party: IN", "    party: IN\n    party: US")}, A, 12, "duplicate key 'party'"),
    ("ACC004", "alias", {A: alpha("domains: [logistics]", "domains: &d [logistics]") + "tags: *d\n"}, A, 20, "alias"),
    ("ACC004", "anchor", {A: alpha("domains: [logistics]", "domains: &d [logistics]")}, A, 6, "anchor"),
    ("ACC004", "merge key", {A: ALPHA + "<<: {place: Paris}\n"}, A, 20, "merge key"),
    ("ACC004", "python tag", {A: ALPHA + "notes: !!python/object/apply:os.system ['true']\n"}, A, 20, "is not allowed: remove it and write the value as plain YAML"),
    ("ACC005", "tab", {A: alpha("place: Washington", "place:\tWashington")}, A, 8, "tab"),
    ("ACC006", "list", {A: "- title: Alpha\n"}, A, 1, "not a list"),
    ("ACC006", "scalar", {A: "just text\n"}, A, 1, "not a single value"),
    ("ACC006", "empty", {A: ""}, A, 1, "no record"),
    ("ACC006", "only comments", {A: "# nothing here\n"}, A, 1, "no record"),
    ("ACC101", "unknown field", {A: alpha("summary:", "sumary:")}, A, 4, "did you mean 'summary'"),
    ("ACC101", "a field named like pydantic's key marker", {A: ALPHA + "'[key]': 1\n"}, A, 20, "unknown field '[key]'"),
    ("ACC104", "identifier scheme", {A: ALPHA + "identifiers:\n  isbn: '1'\n"}, A, 21, "'isbn' is not allowed"),
    ("ACC101", "unknown nested field", {A: alpha("    relation:", "    relaton:")}, A, 14, "did you mean 'relation'"),
    ("ACC102", "missing field", {A: alpha("summary: A test agreement between two countries.\n", "")}, A, 1, "'summary'"),
    ("ACC102", "no sources", {A: ALPHA.split("sources:")[0] + "sources: []\n"}, A, 15, "at least one"),
    ("ACC102", "signatory without person or name", {A: alpha("  - person: jane-doe\n    party: IN", "  - party: IN")}, A, 10, "exactly one"),
    ("ACC102", "a source without a url", {A: alpha("    url: https://example.org/alpha", "    publisher: ANI")}, A, 16, "a document with no web copy is not a source"),
    ("ACC102", "a source without a type", {A: alpha("    type: news\n", "")}, A, 16, "'sources[0].type'"),
    ("ACC102", "one reading is no dispute", {A: ALPHA + "disputed:\n  - field: signed\n    readings:\n      - {says: a, sources: [https://example.org/alpha]}\n"}, A, 22, "'disputed[0].readings' needs at least"),
    ("ACC103", "number for text", {A: alpha("title: Alpha Agreement", "title: 1984")}, A, 1, "must be text"),
    ("ACC103", "an empty title says what to write", {A: alpha("title: Alpha Agreement", "title:")}, A, 1, "title is empty: write the official name"),
    ("ACC103", "an empty source url", {A: alpha("url: https://example.org/alpha", "url:")}, A, 17, "sources[0].url is empty: write its address: an absolute http(s) link"),
    ("ACC103", "an empty list", {A: alpha("domains: [logistics]", "domains:")}, A, 6, "domains is empty: write a list (one '- item' per line, or [a, b]), or leave the field out"),
    ("ACC103", "yes/no trap stays text but true is boolean", {A: alpha("place: Washington", "place: true")}, A, 8, "boolean true"),
    ("ACC103", "text for list", {A: alpha("domains: [logistics]", "domains: logistics")}, A, 6, "must be a list"),
    ("ACC104", "vocabulary", {A: alpha("domains: [logistics]", "domains: [logistic]")}, A, 6, "did you mean 'logistics'"),
    ("ACC104", "relation vocabulary", {A: alpha("relation: signed-at", "relation: signed-in")}, A, 14, "signed-at"),
    ("ACC104", "supports names a field", {A: supported("sigend")}, A, 19, "not a field of an agreement; did you mean 'signed'"),
    ("ACC104", "supports names no field", {A: supported("zzz")}, A, 19, "allowed: aliases, allows, domains,"),
    ("ACC104", "supports names no field of a round", {D: talks("supports: [date]", "supports: [date, outcome]")}, D, 13, "not a field of a dialogue's round; did you mean 'outcomes'"),
    ("ACC104", "source type", {A: alpha("    type: news", "    type: blog")}, A, 18, "'blog' is not allowed"),
    ("ACC104", "an empty instrument", {A: alpha("instrument: agreement", "instrument:")}, A, 3, "instrument is empty: choose one of treaty, agreement, framework,"),
    ("ACC104", "disputed field", {A: ALPHA + "disputed:\n  - field: sigend\n    readings:\n      - {says: a, sources: [https://example.org/alpha]}\n      - {says: b, sources: [https://example.org/alpha]}\n"}, A, 21, "did you mean 'signed'"),
    ("ACC105", "country code case", {A: alpha("parties: [IN, US]", "parties: [In, US]")}, A, 5, "ISO 3166-1"),
    ("ACC105", "country id in lowercase", {A: alpha("parties: [IN, US]", "parties: [IN, us]")}, A, 5, "capitals: 'US'"),
    ("ACC105", "duration", {A: ALPHA + "duration: ten years\n"}, A, 20, "not a duration"),
    ("ACC105", "UK is not an ISO code", {A: alpha("parties: [IN, US]", "parties: [IN, UK]")}, A, 5, "'UK' is not an ISO 3166-1 country code: the ISO code of the United Kingdom is GB"),
    ("ACC105", "EN is not a country", {A: alpha("parties: [IN, US]", "parties: [IN, EN]")}, A, 5, "the ISO code of the United Kingdom is GB"),
    ("ACC105", "an alpha-3 code", {A: alpha("parties: [IN, US]", "parties: [IN, USA]")}, A, 5, "the ISO code of the United States is US"),
    ("ACC105", "a two-letter code ISO does not have", {A: alpha("parties: [IN, US]", "parties: [IN, XX]")}, A, 5, "'XX' is not an ISO 3166-1 country code"),
    ("ACC105", "a country's name for its code", {X: drill("    place: Gwalior", "    place: Gwalior\n    countries: [India]")}, X, 9, "the ISO code of India is IN"),
    ("ACC105", "empty text", {A: alpha("place: Washington", "place: '  '")}, A, 8, "empty"),
    ("ACC201", "capital letters", {"agreements/Alpha2.yaml": ALPHA.replace("Alpha Agreement", "Other")}, "agreements/Alpha2.yaml", 1, "not a valid id"),
    ("ACC201", "dot in name", {"agreements/alpha.v2.yaml": ALPHA}, "agreements/alpha.v2.yaml", 1, "not a valid id"),
    ("ACC201", "outside a kind folder", {"alpha.yaml": ALPHA}, "alpha.yaml", 1, "kind folders"),
    ("ACC201", "unknown folder", {"treaties/beta.yaml": ALPHA}, "treaties/beta.yaml", 1, "kind folders"),
    ("ACC201", "reserved name", {"agreements/index.yaml": ALPHA.replace("Alpha Agreement", "Other")}, "agreements/index.yaml", 1, "reserved"),
    ("ACC201", "yml ending", {"agreements/beta.yml": ALPHA.replace("Alpha Agreement", "Beta")}, "agreements/beta.yml", 1, "beta.yaml"),
    ("ACC201", "country file name", {"countries/ind.yaml": "name: India again\n"}, "countries/ind.yaml", 1, "country file name"),
    ("ACC201", "a country file named by a code ISO does not have", {"countries/uk.yaml": "name: United Kingdom\n"}, "countries/uk.yaml", 1,
     "'uk' is not an ISO 3166-1 country code: the ISO code of the United Kingdom is GB: name the file gb.yaml"),
    ("ACC202", "same id in two kinds", {"events/alpha.yaml": EVENT}, "events/alpha.yaml", 1, "already used"),
    ("ACC203", "same title", {"agreements/beta.yaml": ALPHA}, "agreements/beta.yaml", 1, "same as in"),
    ("ACC301", "impossible date", {A: alpha("signed: 2016-08-29", "signed: 2021-02-29")}, A, 7, "does not exist"),
    ("ACC301", "month 13", {A: alpha("signed: 2016-08-29", "signed: 2016-13")}, A, 7, "no month 13"),
    ("ACC301", "wrong format", {A: alpha("signed: 2016-08-29", "signed: 06/02/2025")}, A, 7, "YYYY-MM-DD"),
    ("ACC302", "in force before signed", {A: ALPHA + "in_force: 2016-07\n"}, A, 20, "before signed"),
    ("ACC302", "expires before in force", {A: ALPHA + "in_force: 2017\nexpires: 2016-12-31\n"}, A, 21, "before in_force"),
    ("ACC303", "rounds out of date order", {D: talks("date: 2019-12-18", "date: 2017-12-18")}, D, 12, "dated before round 1"),
    ("ACC303", "round numbering", {D: talks("  - number: 2", "  - number: 3")}, D, 11, "numbered from 1"),
    ("ACC303", "editions out of date order", {X: drill("  - date: 2008", "  - date: 2003")}, X, 10, "list editions in date order"),
    ("ACC303", "edition numbers going back", {X: drill("  - date: 2008", "  - number: 1\n    date: 2008")}, X, 10, "not after the edition before it"),
    ("ACC302", "edition ends before it begins", {X: drill("end: 2004-02-27", "end: 2004-02-01")}, X, 7, "editions[0].end (2004-02-01) is before"),
    ("ACC401", "dangling related id", {A: alpha("  - id: talks", "  - id: tlaks")}, A, 13, "did you mean 'talks'"),
    ("ACC401", "unknown country", {A: alpha("parties: [IN, US]", "parties: [IN, FR]")}, A, 5,
     "parties[1] names no country 'FR': add its record, data/countries/fr.yaml (accords new country fr)"),
    ("ACC401", "a lowercase code ISO does not have", {A: alpha("parties: [IN, US]", "parties: [IN, uk]")}, A, 5,
     "parties[1] names no record 'uk'; the ISO code of the United Kingdom is GB: write the code in capitals"),
    ("ACC402", "wrong kind", {A: alpha("  - person: jane-doe", "  - person: talks")}, A, 10, "must name a person"),
    ("ACC402", "signed at a person", {A: relation("signed-at", "jane-doe")}, A, 13, "related[0].id names the person 'jane-doe'; a signed-at relation must name a dialogue or an event"),
    ("ACC402", "signed at an agreement", {D: TALKS + "related:\n  - id: alpha\n    relation: signed-at\n"}, D, 19, "a signed-at relation must name a dialogue or an event"),
    ("ACC402", "announced at an organisation", {A: relation("announced-at", "test-ministry")}, A, 13, "names the organisation 'test-ministry'; an announced-at relation must name"),
    ("ACC402", "annex to a dialogue", {A: relation("annex-to", "talks")}, A, 13, "names the dialogue 'talks'; an annex-to relation must name an agreement or a framework"),
    ("ACC402", "renews an exercise", {A: relation("renews", "drill")}, A, 13, "a renews relation must name an agreement or a framework"),
    ("ACC402", "supersedes a country", {A: relation("supersedes", "in")}, A, 13, "names the country 'in'; a supersedes relation must name an agreement, a designation,"),
    ("ACC402", "part of a family", {"families/lsa.yaml": FAMILY, A: relation("part-of", "lsa")}, A, 13, "names the family 'lsa'"),
    ("ACC402", "a person states a relation", {"people/jane-doe.yaml": JANE + "related:\n  - id: talks\n    relation: part-of\n"}, "people/jane-doe.yaml", 7,
     "related: a person has no relations: relations link agreements, designations, dialogues, events, exercises and frameworks"),
    ("ACC402", "wrong kinds", {D: talks("    outcomes: [alpha]", "    outcomes: [jane-doe]")}, D, 9,
     "names the person 'jane-doe'; it must name an agreement, a designation, a dialogue, an event, an exercise or a framework"),
    ("ACC403", "self reference", {A: alpha("  - id: talks", "  - id: alpha")}, A, 13, "itself"),
    ("ACC502", "a date no source supports", {A: alpha(SUPPORTS, "supports: [instrument, place, signatories]")}, A, 7, "signed has no source: add 'signed' to the supports"),
    ("ACC502", "a required fact", {A: alpha(SUPPORTS, "supports: [signed, place, signatories]")}, A, 3, "instrument has no source"),
    ("ACC502", "a source that supports nothing", {A: alpha("    " + SUPPORTS + "\n", "")}, A, 10, "signatories has no source"),
    ("ACC502", "a round's fact, backed only by the dialogue's source", {D: talks("supports: [date, participants]", "supports: [date]")}, D, 8, "rounds[0].participants has no source"),
    ("ACC502", "a round with no source", {D: talks("    sources: [{title: Round 2, url: https://example.org/r2, type: news, supports: [date]}]\n", "")}, D, 12, "give rounds[1] a source"),
    ("ACC502", "an edition's place", {X: drill("supports: [number, date, end, place]", "supports: [number, date, end]")}, X, 8, "editions[0].place has no source"),
    ("ACC502", "an event's end", {"events/visit.yaml": EVENT.replace("supports: [date, end]", "supports: [date]")}, "events/visit.yaml", 4, "end has no source"),
    ("ACC503", "a reading cites a page not among the sources", {A: ALPHA + "disputed:\n  - field: signed\n    readings:\n      - {says: a, sources: [https://example.org/alpha]}\n      - {says: b, sources: [https://example.org/elsewhere]}\n"}, A, 24, "not among this record's sources"),
    ("ACC501", "javascript url", {A: alpha("url: https://example.org/alpha", "url: javascript:alert(1)")}, A, 17, "http(s)"),
    ("ACC501", "data url", {A: alpha("url: https://example.org/alpha", "url: 'data:text/html,<b>x</b>'")}, A, 17, "http(s)"),
    ("ACC501", "protocol-relative", {A: alpha("url: https://example.org/alpha", "url: //example.org/a")}, A, 17, "http(s)"),
    ("ACC501", "credentials", {A: alpha("url: https://example.org/alpha", "url: https://user:pw@example.org/a")}, A, 17, "credentials"),
    ("ACC501", "whitespace", {A: alpha("url: https://example.org/alpha", "url: 'https://example.org/a b'")}, A, 17, "no spaces"),
]

# (code, case name, changes): inputs close to each rule that must pass cleanly.
VALID = [
    ("ACC001", "BOM and CRLF line ends", {A: "\ufeff" + ALPHA.replace("\n", "\r\n")}),
    ("ACC002", "flow and block styles", {A: alpha("domains: [logistics]", "domains:\n  - logistics")}),
    ("ACC003", "same key in different mappings", {A: alpha("    party: IN", "    party: IN\n    role: Minister")}),
    ("ACC004", "ampersand and asterisk inside text", {A: alpha("place: Washington", "place: 'R&D * test'")}),
    ("ACC005", "spaces only", {}),
    ("ACC006", "a mapping", {}),
    ("ACC101", "every optional field", {A: ALPHA + "aliases: [Other name]\ntags: [test]\nnotes: [A note]\nidentifiers:\n  tias: '02-117'\n"}),
    ("ACC102", "signatory by name", {A: alpha("  - person: jane-doe", "  - name: John Roe")}),
    ("ACC102", "a source with every optional field", {A: ALPHA + "    publisher: ANI\n    published: 2025-02-06\n    archived: https://web.archive.org/web/2025/https://example.org/alpha\n"}),
    ("ACC103", "year written as a number", {A: alpha("signed: 2016-08-29", "signed: 2016")}),
    ("ACC104", "known vocabulary", {A: alpha("domains: [logistics]", "domains: [geospatial, intelligence]")}),
    ("ACC105", "duration", {A: supported("duration") + "duration: 10 years\n"}),
    ("ACC201", "hyphenated id", {"agreements/beta-2.yaml": ALPHA.replace("Alpha Agreement", "Beta")}),
    ("ACC201", "notes and editors' files beside records", {"agreements/README.md": "# Notes\n", "agreements/alpha.yaml~": "old",
                                                            "agreements/#alpha.yaml#": "autosave", "agreements/.alpha.yaml.swp": "swap"}),
    ("ACC202", "distinct ids", {}),
    ("ACC203", "distinct titles", {"agreements/beta.yaml": ALPHA.replace("Alpha Agreement", "Beta Agreement")}),
    ("ACC301", "uncertain and approximate dates", {A: supported("in_force").replace("signed: 2016-08-29", "signed: 2016-08?") + "in_force: 2016~\n"}),
    ("ACC302", "same month at different precision", {A: supported("in_force", "expires") + "in_force: 2016-08\nexpires: 2026\n"}),
    ("ACC303", "rounds in order", {}),
    ("ACC303", "editions in order, some unnumbered", {}),
    ("ACC401", "organisation as party", {A: alpha("parties: [IN, US]", "parties: [test-ministry, US]")}),
    ("ACC401", "every ISO code whose country has a record", {"countries/gb.yaml": "name: United Kingdom\n", A: alpha("parties: [IN, US]", "parties: [IN, US, GB]")}),
    ("ACC402", "person as signatory", {}),
    ("ACC402", "relations to the kinds each allows", {
        "events/visit.yaml": EVENT, "families/lsa.yaml": FAMILY,
        A: relation("announced-at", "visit") + "families: [lsa]\n",
        "agreements/beta.yaml": ALPHA.replace("Alpha Agreement", "Beta Agreement").replace("ALPHA", "BETA").replace("id: talks", "id: alpha").replace(
            "relation: signed-at", "relation: annex-to\n  - id: drill\n    relation: follows\n  - id: talks\n    relation: part-of"),
    }),
    ("ACC403", "link to another record", {}),
    ("ACC501", "http and https", {A: alpha("url: https://example.org/alpha", "url: http://example.org/a?b=c#d")}),
    ("ACC502", "every fact supported", {"events/visit.yaml": EVENT}),
    ("ACC502", "a fact left out needs no source", {A: alpha("place: Washington\n", "").replace(", place", "")}),
    ("ACC503", "readings cite the record's sources", {A: ALPHA + "  - {title: Other, url: https://example.org/other, type: news}\ndisputed:\n  - field: signed\n    readings:\n      - {says: a, sources: [https://example.org/alpha]}\n      - {says: b, sources: [https://example.org/other]}\n"}),
]


@pytest.mark.parametrize(("code", "name", "changes", "file", "line", "text"), INVALID, ids=[f"{c[0]}-{c[1]}" for c in INVALID])
def test_invalid(diagnose, code, name, changes, file, line, text):
    found = diagnose(changes)
    matching = [d for d in found if d.code == code and d.path == f"data/{file}" and text in d.message]
    assert matching, f"expected {code} '{text}' in data/{file}, got: {[str(d) for d in found]}"
    assert matching[0].line == line, str(matching[0])


@pytest.mark.parametrize(("code", "name", "changes"), VALID, ids=[f"{c[0]}-{c[1]}" for c in VALID])
def test_valid(diagnose, code, name, changes):
    assert [str(d) for d in diagnose(changes)] == []


def test_every_code_has_a_passing_and_a_failing_case():
    validate_codes = {code for code in CODES if not code.startswith("ACC6")}  # ACC6xx: `accords links`
    assert {c[0] for c in INVALID} == validate_codes
    assert {c[0] for c in VALID} == validate_codes


def test_norway_is_a_country_not_false(diagnose):
    found = diagnose({
        "countries/no.yaml": "name: Norway\n",
        A: alpha("parties: [IN, US]", "parties: [IN, NO]"),
    })
    assert found == []


def test_yaml_11_traps_stay_text(diagnose):
    # `on`, `yes`, `0755` and dates are plain text in YAML 1.2; in YAML 1.1 they are not.
    found = diagnose({A: ALPHA + "notes: [on, yes, off, NO, 2016-08-29]\naliases: ['0755']\n"})
    assert found == []


@pytest.mark.parametrize("value", ["0755", "1e3", ".inf", "~", "null", "0x1F"])
def test_yaml_numbers_and_null_are_not_text(diagnose, value):
    found = diagnose({A: alpha("title: Alpha Agreement", f"title: {value}")})
    assert [(d.code, d.line) for d in found] == [("ACC103", 1)]


def test_alias_bomb_is_refused_without_expansion(diagnose):
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for level in "bcdefghij":
        previous = chr(ord(level) - 1)
        bomb.append(f"{level}: &{level} [" + ", ".join([f"*{previous}"] * 9) + "]")
    found = diagnose({A: "\n".join(bomb) + "\n"})
    assert found and all(d.path == f"data/{A}" for d in found)
    assert {"ACC004"} <= {d.code for d in found}


def test_every_problem_of_every_file_in_one_run(diagnose):
    found = diagnose({
        A: alpha("signed: 2016-08-29", "signed: 2016-02-30").replace("sumary", "x") + "colour: red\n",
        D: talks("date: 2019-12-18", "date: 2019-13-01"),
    })
    assert {(d.path, d.code) for d in found} >= {
        (f"data/{A}", "ACC301"), (f"data/{A}", "ACC101"), (f"data/{D}", "ACC301"),
    }


def test_deep_nesting_is_reported_not_crashed(diagnose):
    deep = "notes: " + "[" * 1000 + "]" * 1000 + "\n"
    found = diagnose({A: ALPHA + deep})
    # libyaml builds differ: some refuse such depth while parsing (ACC002), others leave it to us.
    assert any(d.path == f"data/{A}" and d.line == 20 and (d.code == "ACC002" or "nested" in d.message) for d in found)


def test_a_blank_source_url_is_reported_with_the_facts_it_leaves_unsupported(diagnose):
    # The template's blank url, and a fact no source supports: both in one run, not one after the other.
    found = diagnose({A: alpha("url: https://example.org/alpha", "url:").replace(SUPPORTS, "supports: [instrument, place, signatories]")})
    assert [(d.code, d.line) for d in found] == [("ACC502", 7), ("ACC103", 17)], [str(d) for d in found]


def test_every_relation_points_at_instruments_only():
    from accords.schema import INSTRUMENT_KINDS, KINDS, RELATION_TARGETS, Relation, _Instrument

    assert set(RELATION_TARGETS) == set(typing.get_args(Relation))
    assert set(INSTRUMENT_KINDS) == {kind for kind, model in KINDS.items() if issubclass(model, _Instrument)}
    for targets in RELATION_TARGETS.values():
        assert targets and set(targets) <= set(INSTRUMENT_KINDS)


def test_the_field_reference_says_what_each_relation_may_point_at():
    from accords.schema import Agreement
    from accords.schema_docs import field_docs

    row = next(row for row in field_docs(Agreement) if row.name == "related[].relation")
    signed_at = next(r for r in row.relations if r.name == "signed-at")
    assert (signed_at.inverse, signed_at.targets) == ("venue of signing of", "a dialogue or an event")
    assert {r.name for r in row.relations} == set(row.allowed)


# ---------------------------------------------------------------------------------------------
# The published JSON Schemas refuse what the model refuses for its shape (ACC1xx)
# ---------------------------------------------------------------------------------------------

HOSTILE = REPO / "tests" / "hostile"
HOSTILE_CASES = [line.split()[:2] for line in (HOSTILE / "EXPECTED").read_text(encoding="utf-8").splitlines() if not line.startswith("#")]


def _shape_codes(kind: str, data: dict) -> list[str]:
    """The ACC1xx codes the model's shape check gives a document (pydantic's own errors are all ACC10x)."""
    try:
        KINDS[kind].model_validate(data)
    except ValidationError as exc:
        return [e["type"] for e in exc.errors() if not e["type"].startswith("ACC") or e["type"].startswith("ACC1")]
    return []


def _schema_errors(kind: str, data: dict) -> list[str]:
    schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return [error.message for error in jsonschema.Draft202012Validator(schema).iter_errors(data)]


def _documents(files: dict[str, str | bytes]) -> list[tuple[str, str, dict]]:
    """(name, kind, data) of each file that parses, in a kind's folder."""
    found = []
    for dest, content in files.items():
        folder = dest.split("/")[0]
        if folder not in FOLDERS or content is None:
            continue
        doc, _ = parse(content if isinstance(content, bytes) else content.encode(), dest)
        if doc is not None:
            found.append((dest, FOLDERS[folder], doc.data))
    return found


@pytest.mark.parametrize(("name", "dest"), HOSTILE_CASES, ids=[c[0] for c in HOSTILE_CASES])
def test_the_json_schema_refuses_each_hostile_file_the_model_refuses(name, dest):
    for _, kind, data in _documents({dest: (HOSTILE / name).read_bytes()}):
        codes, errors = _shape_codes(kind, data), _schema_errors(kind, data)
        assert bool(errors) >= bool(codes), f"the model refuses it ({codes}), the published schema does not"
        assert bool(errors) <= bool(codes) or name.startswith(("date-", "url-")), f"the schema refuses what the model accepts: {errors}"


@pytest.mark.parametrize(("code", "name", "changes"), [c[:3] for c in INVALID], ids=[f"{c[0]}-{c[1]}" for c in INVALID])
def test_the_json_schema_refuses_each_bad_shape_of_the_check_cases(code, name, changes):
    for dest, kind, data in _documents(changes):
        codes = _shape_codes(kind, data)
        if codes:
            assert _schema_errors(kind, data), f"{dest}: the model refuses it ({codes}), the published schema does not"


@pytest.mark.parametrize(("code", "name", "changes"), VALID, ids=[f"{c[0]}-{c[1]}" for c in VALID])
def test_the_json_schema_accepts_what_the_model_accepts(code, name, changes):
    for dest, kind, data in _documents({**BASE, **changes}):
        assert _schema_errors(kind, data) == [], dest
