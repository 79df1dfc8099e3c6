"""Every check code: one input that must pass and one that must fail, on the right file and line."""

from __future__ import annotations

import pytest

from accords.diagnostics import CODES
from conftest import ALPHA, DRILL, TALKS

A = "agreements/alpha.yaml"
D = "dialogues/talks.yaml"
X = "exercises/drill.yaml"
SUPPORTS = "supports: [instrument, signed, place, signatories]"
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


# (code, case name, changes, file, line, text the message must contain)
INVALID = [
    ("ACC001", "not utf-8", {A: ALPHA.encode() + b"notes: ['caf\xe9']\n"}, A, 20, "not UTF-8: byte 0xe9 cannot be decoded; save the file as UTF-8"),
    ("ACC001", "nul byte", {A: ALPHA + "notes: ['a\0b']\n"}, A, 20, "NUL"),
    ("ACC001", "too large", {A: ALPHA + "notes:\n" + "  - " + "x" * 1_100_000 + "\n"}, A, 1, "at most"),
    ("ACC002", "syntax", {A: alpha("place: Washington", "place: [Washington")}, A, 9, "YAML syntax error"),
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
    ("ACC103", "yes/no trap stays text but true is boolean", {A: alpha("place: Washington", "place: true")}, A, 8, "boolean true"),
    ("ACC103", "text for list", {A: alpha("domains: [logistics]", "domains: logistics")}, A, 6, "must be a list"),
    ("ACC104", "vocabulary", {A: alpha("domains: [logistics]", "domains: [logistic]")}, A, 6, "did you mean 'logistics'"),
    ("ACC104", "relation vocabulary", {A: alpha("relation: signed-at", "relation: signed-in")}, A, 14, "signed-at"),
    ("ACC104", "supports names a field", {A: supported("sigend")}, A, 19, "not a field of an agreement; did you mean 'signed'"),
    ("ACC104", "supports names no field", {A: supported("zzz")}, A, 19, "allowed: aliases, allows, domains,"),
    ("ACC104", "supports names no field of a round", {D: talks("supports: [date]", "supports: [date, outcome]")}, D, 13, "not a field of a dialogue's round; did you mean 'outcomes'"),
    ("ACC104", "source type", {A: alpha("    type: news", "    type: blog")}, A, 18, "'blog' is not allowed"),
    ("ACC104", "disputed field", {A: ALPHA + "disputed:\n  - field: sigend\n    readings:\n      - {says: a, sources: [https://example.org/alpha]}\n      - {says: b, sources: [https://example.org/alpha]}\n"}, A, 21, "did you mean 'signed'"),
    ("ACC105", "country code case", {A: alpha("parties: [IN, US]", "parties: [In, US]")}, A, 5, "ISO 3166-1"),
    ("ACC105", "country id in lowercase", {A: alpha("parties: [IN, US]", "parties: [IN, us]")}, A, 5, "capitals: 'US'"),
    ("ACC105", "duration", {A: ALPHA + "duration: ten years\n"}, A, 20, "not a duration"),
    ("ACC105", "empty text", {A: alpha("place: Washington", "place: '  '")}, A, 8, "empty"),
    ("ACC201", "capital letters", {"agreements/Alpha2.yaml": ALPHA.replace("Alpha Agreement", "Other")}, "agreements/Alpha2.yaml", 1, "not a valid id"),
    ("ACC201", "dot in name", {"agreements/alpha.v2.yaml": ALPHA}, "agreements/alpha.v2.yaml", 1, "not a valid id"),
    ("ACC201", "outside a kind folder", {"alpha.yaml": ALPHA}, "alpha.yaml", 1, "kind folders"),
    ("ACC201", "unknown folder", {"treaties/beta.yaml": ALPHA}, "treaties/beta.yaml", 1, "kind folders"),
    ("ACC201", "reserved name", {"agreements/index.yaml": ALPHA.replace("Alpha Agreement", "Other")}, "agreements/index.yaml", 1, "reserved"),
    ("ACC201", "yml ending", {"agreements/beta.yml": ALPHA.replace("Alpha Agreement", "Beta")}, "agreements/beta.yml", 1, "beta.yaml"),
    ("ACC201", "country file name", {"countries/ind.yaml": "name: India again\n"}, "countries/ind.yaml", 1, "country file name"),
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
    ("ACC401", "unknown country", {A: alpha("parties: [IN, US]", "parties: [IN, FR]")}, A, 5, "countries/fr.yaml"),
    ("ACC402", "wrong kind", {A: alpha("  - person: jane-doe", "  - person: talks")}, A, 10, "must name a person"),
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
    ("ACC402", "person as signatory", {}),
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
