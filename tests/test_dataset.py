"""Data for researchers' tools: per-kind CSVs (RFC 4180) described by a Frictionless data package that
`frictionless` validates, a SQLite database whose counts are records.json's, and a dyad-year table
whose India–US rows agree with the pair page."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import shutil
import sqlite3
from collections import Counter
from pathlib import Path

import frictionless
import pycountry
import pytest

from accords import dataset
from accords.exports import exports
from accords.output import outputs, outputs_with_database
from accords.pipeline import build
from accords.render import render
from accords.schema import KINDS
from accords.site import Site
from conftest import ALPHA, REPO, write_data

AS_OF = dt.date(2026, 11, 25)
SITE = Site(url="https://example.org/accords/", repo_url="https://github.com/example/accords")
KB = build(REPO / "data", AS_OF)[0]
FILES = exports(KB, SITE)
RECORDS = json.loads(FILES["downloads/records.json"])["records"]
PACKAGE = json.loads(FILES["downloads/datapackage.json"])


def rows(path: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(FILES[path], newline="")))


def database(kb=KB, site=SITE) -> bytes:
    return dataset.sqlite_database(dataset.tables(kb, site), kb, site)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> sqlite3.Connection:
    path = tmp_path_factory.mktemp("db") / "accords.sqlite"
    path.write_bytes(database())
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)  # opens as a file, as Datasette or DB Browser would
    yield connection
    connection.close()


# -- CSV and the data package --------------------------------------------------------------------


def test_the_data_package_validates_with_frictionless(tmp_path):
    for path, text in FILES.items():
        if path.startswith("downloads/"):
            (tmp_path / Path(path).name).write_text(text, encoding="utf-8", newline="")
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["taskPath", "rowNumber", "fieldName", "type", "note"])[:10]
    assert len(report.tasks) == len(PACKAGE["resources"])


def test_frictionless_checks_the_keys_it_is_given(tmp_path):
    """A package with a broken foreign key or a repeated primary key does not pass: the keys are checked."""
    for path, text in FILES.items():
        if path.startswith("downloads/"):
            (tmp_path / Path(path).name).write_text(text, encoding="utf-8", newline="")
    relations = FILES["downloads/relations.csv"]
    (tmp_path / "relations.csv").write_text(relations.replace(",beca,", ",no-such-record,", 1), encoding="utf-8", newline="")
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert not report.valid and {kind for (kind,) in report.flatten(["type"])} == {"foreign-key"}
    (tmp_path / "relations.csv").write_text(relations, encoding="utf-8", newline="")
    countries = FILES["downloads/countries.csv"]
    (tmp_path / "countries.csv").write_text(countries + countries.split("\r\n")[1] + "\r\n", encoding="utf-8", newline="")
    assert not frictionless.validate(tmp_path / "datapackage.json").valid


def test_the_package_describes_every_csv_with_its_header_and_a_licence():
    csvs = sorted(path.removeprefix("downloads/") for path in FILES if path.startswith("downloads/") and path.endswith(".csv"))
    assert sorted(r["path"] for r in PACKAGE["resources"]) == csvs
    assert PACKAGE["licenses"] == [dataset.DATA_LICENSE] and PACKAGE["licenses"][0]["name"] == "CC-BY-4.0"
    for resource in PACKAGE["resources"]:
        header = next(csv.reader(io.StringIO(FILES[f"downloads/{resource['path']}"])))
        assert header == [f["name"] for f in resource["schema"]["fields"]], resource["name"]
        assert resource["schema"]["primaryKey"]
        assert resource["dialect"]["lineTerminator"] == "\r\n"


@pytest.mark.parametrize("path", sorted(p for p in FILES if p.startswith("downloads/") and p.endswith(".csv")))
def test_csv_lines_end_in_crlf(path):
    text = FILES[path]
    assert text.endswith("\r\n") and not re.search(r"(?<!\r)\n", text)
    assert len(list(csv.reader(io.StringIO(text, newline="")))) == text.count("\r\n")


def test_a_line_break_inside_a_cell_is_crlf_too(tmp_path):
    summary = "summary: |\n  First line.\n  Second line.\n"
    kb, problems = build(write_data(tmp_path, {"agreements/alpha.yaml": ALPHA.replace("summary: A test agreement between two countries.\n", summary)}),
                         AS_OF)
    assert problems == []
    text = exports(kb, SITE)["downloads/agreements.csv"]
    assert not re.search(r"(?<!\r)\n", text)
    row = next(csv.DictReader(io.StringIO(text, newline="")))
    assert row["summary"] == "First line.\r\nSecond line.\r\n"


def test_each_kind_has_only_its_own_columns():
    agreements, dialogues, people = (rows(f"downloads/{k}.csv")[0].keys() for k in ("agreements", "dialogues", "people"))
    assert {"instrument", "signed", "in_force", "status", "expires"} <= agreements
    assert {"format", "established"} <= dialogues and not {"signed", "instrument", "status"} & dialogues
    assert {"name"} <= people and not {"title", "parties", "domains", "signed"} & people
    assert "kind" not in agreements  # one kind per file
    for kind, model in KINDS.items():
        header = set(rows(f"downloads/{model.folder}.csv")[0])
        computed = {"id", "first_date", "status", "status_reason", "expires_how", "first_published", "last_changed", "url",
                    "period_start", "period_end", "code", "ccode", "stateabb"}
        assert header - computed <= set(model.model_fields), kind


def test_csv_rows_agree_with_the_json():
    by_id = {r["id"]: r for r in RECORDS}
    for row in rows("downloads/agreements.csv"):
        record = by_id[row["id"]]
        assert row["signed"] == str(record["fields"].get("signed", ""))
        assert row["parties"] == " ".join(record["fields"].get("parties", []))
        assert row["status"] == record["computed"]["status"]["value"]
        assert row["url"] == record["url"]
    countries = {row["code"]: row for row in rows("downloads/countries.csv")}
    assert (countries["IN"]["ccode"], countries["US"]["ccode"], countries["US"]["stateabb"]) == ("750", "2", "USA")


# -- SQLite --------------------------------------------------------------------------------------


def test_the_database_opens_and_its_counts_equal_records_json(db):
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db.execute("SELECT count(*) FROM records").fetchone()[0] == len(RECORDS)
    for kind, model in KINDS.items():
        expected = sum(r["kind"] == kind for r in RECORDS)
        assert db.execute(f"SELECT count(*) FROM {model.folder}").fetchone()[0] == expected
        assert db.execute("SELECT count(*) FROM records WHERE kind = ?", (kind,)).fetchone()[0] == expected
    counts = {
        "parties": sum(len(r["fields"].get("parties", [])) for r in RECORDS),
        "signatories": sum(len(r["fields"].get("signatories", [])) for r in RECORDS),
        "relations": sum(len(r["computed"]["relations"]) for r in RECORDS),
        "timeline": sum(len(r["computed"]["timeline"]) for r in RECORDS),
        "rounds": sum(len(r["fields"].get("rounds", [])) for r in RECORDS),
        "editions": sum(len(r["fields"].get("editions", [])) for r in RECORDS),
        "sources": sum(len(r["fields"].get("sources", [])) + sum(len(p.get("sources", [])) for key in ("rounds", "editions", "renewals")
                                                                 for p in r["fields"].get(key, [])) for r in RECORDS),
    }
    for table, expected in counts.items():
        assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == expected, table


def test_the_database_has_both_directions_of_a_relation_and_what_each_source_supports(db):
    assert ("gsomia", "annex-to", "has annex", "industrial-security-annex", 1) in db.execute(
        "SELECT record, relation, words, other, inverse FROM relations WHERE record = 'gsomia'").fetchall()
    assert ("industrial-security-annex", "annex-to", "annex to", "gsomia", 0) in db.execute(
        "SELECT record, relation, words, other, inverse FROM relations WHERE record = 'industrial-security-annex'").fetchall()
    beca = next(r for r in RECORDS if r["id"] == "beca")
    supports = db.execute("SELECT url, supports FROM sources WHERE record = 'beca' AND part = 'record' ORDER BY position").fetchall()
    assert supports == [(s["url"], " ".join(s.get("supports", []))) for s in beca["fields"]["sources"]]
    written = json.loads(db.execute("SELECT fields FROM records WHERE id = 'beca'").fetchone()[0])
    assert written == beca["fields"]
    assert db.execute("SELECT json_extract(fields, '$.signed') FROM records WHERE id = 'beca'").fetchone() == ("2020-10-27",)


def test_the_database_has_indexes_keys_and_an_about_table(db):
    indexes = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'")}
    assert {"records_kind", "parties_country", "relations_other", "timeline_year", "dyad_years_ccode1_ccode2_year"} <= indexes
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    about = dict(db.execute("SELECT key, value FROM about"))
    assert "CC-BY-4.0" in about["licence"] and about["as_of"] == "2026-11-25"
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")} - {"about"}
    assert {f"table {name}" for name in tables} <= set(about)


def test_the_database_is_the_same_bytes_for_the_same_data(tmp_path):
    shutil.copytree(REPO / "data", tmp_path / "data")
    elsewhere = build(tmp_path / "data", AS_OF)[0]
    assert hashlib.sha256(database()).digest() == hashlib.sha256(database(elsewhere)).digest() == hashlib.sha256(database()).digest()


def test_outputs_with_the_database_add_it_and_say_so_on_the_data_page(tmp_path):
    data = write_data(tmp_path)
    problems, plain = outputs(data, SITE, AS_OF)
    problems, full = outputs_with_database(data, SITE, AS_OF)
    assert problems == []
    assert isinstance(full[dataset.SQLITE_PATH], bytes) and dataset.SQLITE_PATH not in plain
    assert "accords.sqlite" in full["data.md"] and "accords.sqlite" not in plain["data.md"]
    assert {path: text for path, text in full.items() if path not in (dataset.SQLITE_PATH, "data.md")} == \
        {path: text for path, text in plain.items() if path != "data.md"}
    path = tmp_path / "accords.sqlite"
    path.write_bytes(full[dataset.SQLITE_PATH])
    assert sqlite3.connect(path).execute("SELECT count(*) FROM agreements").fetchone() == (1,)


# -- Dyad-years ----------------------------------------------------------------------------------


def test_every_country_has_a_cow_code_from_the_shipped_table():
    table = dataset.COW_FILE.read_text(encoding="utf-8")
    assert "Source:" in table and "State System Membership List, v2016" in table and "COW-country-codes.csv" in table
    codes = dataset.cow_codes()
    assert {r.id.upper() for r in KB.of_kind("country")} <= set(codes)
    assert {path.stem.upper() for path in (REPO / "data" / "countries").glob("*.yaml")} <= set(codes)
    assert (codes["US"].ccode, codes["IN"].ccode, codes["GB"].stateabb) == (2, 750, "UKG")
    assert (codes["RU"].ccode, codes["CN"].ccode, codes["PK"].ccode, codes["KR"].ccode, codes["KP"].ccode) == (365, 710, 770, 732, 731)


def test_the_cow_table_parses_with_one_row_per_state_of_the_cow_list_that_is_an_iso_country():
    lines = [line for line in dataset.COW_FILE.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    rows = list(csv.reader(lines))
    assert rows[0] == ["iso", "ccode", "stateabb", "statenme"] and all(len(row) == 4 for row in rows)
    codes = dataset.cow_codes()
    assert len(codes) == len(rows) - 1 == 193  # every ISO code once
    assert all(pycountry.countries.get(alpha_2=iso) is not None for iso in codes)
    assert all(re.fullmatch(r"[A-Z]{3}", state.stateabb) and 2 <= state.ccode <= 999 and state.name for state in codes.values())
    assert len({state.ccode for state in codes.values()}) == len({state.stateabb for state in codes.values()}) == len(codes)
    # States that are no ISO country today have no row: West Germany, Yugoslavia, Korea before 1910, South Vietnam.
    assert not {260, 265, 345, 730, 817} & {state.ccode for state in codes.values()}


def test_india_us_rows_agree_with_the_pair_page():
    pages = render(KB, SITE)
    linked = set()
    for path in (p for p in pages if re.fullmatch(r"pairs/in-us(-\d+)?\.md|pairs/in-us/.*", p)):
        linked |= {m[1] for m in re.findall(r"(agreements|frameworks|dialogues|designations|events|exercises)/([a-z0-9-]+)[/.]", pages[path])}
    records = [r for r in RECORDS if r["id"] in linked]
    assert len(records) == len(linked) > 50
    expected: Counter = Counter()
    for r in records:
        f = r["fields"]
        year = lambda date: int(str(date)[:4])  # noqa: E731
        if r["kind"] in ("agreement", "framework") and "signed" in f:
            expected[year(f["signed"]), f"{r['kind']}s_signed"] += 1
        for name, column in (("rounds", "dialogue_rounds"), ("editions", "exercise_editions")):
            for part in f.get(name, []):
                expected[year(part["date"]), column] += 1
        if r["kind"] == "dialogue" and "established" in f:
            expected[year(f["established"]), "dialogues_established"] += 1
        if r["kind"] in ("designation", "event"):
            expected[year(f["date"]), f"{r['kind']}s"] += 1
    dyads = [row for row in rows("downloads/dyad-years.csv") if (row["iso1"], row["iso2"]) == ("US", "IN")]
    assert (dyads[0]["ccode1"], dyads[0]["ccode2"]) == ("2", "750")  # ccode1 < ccode2
    years = [int(row["year"]) for row in dyads]
    assert years == list(range(min(y for y, _ in expected), AS_OF.year + 1))  # every year, zeros included
    for row in dyads:
        for column in dataset.DYAD_COUNTS:
            if not column.endswith("_in_force"):
                assert int(row[column]) == expected[int(row["year"]), column], (row["year"], column)
    assert sum(int(row["agreements_signed"]) for row in dyads) == sum(r["kind"] == "agreement" and "signed" in r["fields"] for r in records)


def test_an_agreement_is_in_force_from_its_entry_into_force_to_its_end(tmp_path):
    changes = {
        "agreements/alpha.yaml": ALPHA.replace("signed: 2016-08-29", "signed: 2016-08-29\nin_force: 2017-01\nduration: 5 years")
                                      .replace("supports: [instrument, signed, place, signatories]",
                                               "supports: [instrument, signed, place, signatories, in_force, duration]"),
        "agreements/beta.yaml": ALPHA.replace("Alpha Agreement", "Beta Agreement").replace("ALPHA", "BETA")
                                     .replace("signed: 2016-08-29", "signed: 2019-03-01\nin_force: 2019-03-01\nstatus: terminated")
                                     .replace("supports: [instrument, signed, place, signatories]",
                                              "supports: [instrument, signed, place, signatories, in_force, status]"),
    }
    kb, problems = build(write_data(tmp_path, changes), AS_OF)
    assert problems == []
    assert list(dataset.in_force_years(kb, kb.by_id["alpha"])) == list(range(2017, 2023))  # expired Jan 2022 (5 years after entry into force)
    assert list(dataset.in_force_years(kb, kb.by_id["beta"])) == [2019]  # terminated, no one says when: only the year it began
    table = dataset.dyad_years_table(kb)
    in_force = {row[4]: row[6] for row in table.rows}
    assert [in_force[year] for year in range(2016, 2024)] == [0, 1, 1, 2, 1, 1, 1, 0]


def test_without_serialize_python_3_10_copies_the_database_through_a_file(tmp_path):
    class Connection:  # sqlite3.Connection before Python 3.11: no serialize()
        def __init__(self, connection):
            self.execute = connection.execute

    source = sqlite3.connect(":memory:")
    source.execute("CREATE TABLE t (x INTEGER)")
    source.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(100)])
    source.commit()
    copied = dataset._serialized(Connection(source))
    assert copied == dataset._serialized(Connection(source))  # the same bytes each time
    (tmp_path / "copy.sqlite").write_bytes(copied)
    assert sqlite3.connect(tmp_path / "copy.sqlite").execute("SELECT count(*), sum(x) FROM t").fetchone() == (100, 4950)
