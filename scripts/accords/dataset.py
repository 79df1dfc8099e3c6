"""The knowledge base as tables, for researchers' tools: CSV files described by a Frictionless data
package, one SQLite database, and a dyad-year table in the convention of the Correlates of War.

Each table is defined once (its columns with their types, its keys and its rows) and written both as
CSV (RFC 4180: CRLF line ends; free text that a spreadsheet would run as a formula starts with an
apostrophe) and into SQLite (values as they are). A kind's table has only that kind's columns,
derived from the record model's JSON Schema, so a field added to a kind becomes a column by itself.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import sqlite3
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .dates import Date
from .history import History
from .knowledge import KnowledgeBase, expiry
from .schema import COUNTRY_CODE, KINDS, Record, sourced_parts, value
from .schema_docs import json_schema
from .site import Site, record_json_path, record_page

TITLE = "Accords: India's defence agreements, dialogues, designations, events and exercises with its partners"
DATA_LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
CODE_LICENSE = {"name": "MIT", "title": "MIT License", "path": "https://opensource.org/license/mit"}
ATTRIBUTION = "Accords contributors"
COW_FILE = Path(__file__).parent / "cow_codes.csv"
SQLITE_PATH = "downloads/accords.sqlite"
# The Data page (data.md.j2) leaves this line where the database's paragraph goes in a build that has it.
DATABASE_MARKER = "[//]: # (accords:database)"
DATABASE_NOTE = (
    "**[accords.sqlite](downloads/accords.sqlite)**: every table above, the parts of records (signatories, dialogue rounds, "
    "exercise editions) and each record's fields as written, in one SQLite database with indexes and an `about` table that "
    "describes each table, for SQL queries in Datasette, DB Browser for SQLite or `sqlite3` without importing anything "
    "(licence: CC BY 4.0, as for every download)."
)

# Column types are Frictionless table-schema types; SQLite stores them as TEXT or INTEGER.
_SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "year": "INTEGER", "boolean": "INTEGER", "date": "TEXT"}
_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Frictionless type: string, integer, year, boolean
    description: str
    text: bool = False  # free text from a record: guarded against spreadsheet formulas in CSV
    required: bool = False
    unique: bool = False  # another table's foreign key refers to it
    pattern: str | None = None
    enum: tuple[str, ...] | None = None
    format: str | None = None  # e.g. uri

    def descriptor(self) -> dict[str, Any]:
        found: dict[str, Any] = {"name": self.name, "type": self.type, "description": self.description}
        if self.format:
            found["format"] = self.format
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.unique:
            constraints["unique"] = True
        if self.pattern and not self.text:  # a text cell may start with the apostrophe guard
            constraints["pattern"] = self.pattern
        if self.enum:
            constraints["enum"] = list(self.enum)
        if constraints:
            found["constraints"] = constraints
        return found


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    table: str
    reference: tuple[str, ...]


@dataclass
class Table:
    """One table: written as a CSV file (if `csv`) and into the SQLite database."""

    name: str
    title: str
    description: str
    columns: list[Column]
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    primary_key: tuple[str, ...] = ()
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    indexes: list[tuple[str, ...]] = field(default_factory=list)
    csv: bool = True

    @property
    def path(self) -> str:
        return f"{self.name.replace('_', '-')}.csv"


# ---------------------------------------------------------------------------------------------
# Country codes
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CowState:
    ccode: int
    stateabb: str
    name: str


@functools.cache
def cow_codes() -> dict[str, CowState]:
    """The Correlates of War state number and abbreviation of each ISO 3166-1 alpha-2 code in the
    shipped table (its source is named in the file)."""
    lines = [line for line in COW_FILE.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return {row["iso"]: CowState(int(row["ccode"]), row["stateabb"], row["statenme"]) for row in csv.DictReader(lines)}


# ---------------------------------------------------------------------------------------------
# The tables
# ---------------------------------------------------------------------------------------------

_FIRST = ("title", "name", "short_title", "abbreviation")  # a kind's table starts with its names


@functools.cache  # the model cannot change within a process
def _field_columns(kind: str) -> tuple[tuple[str, Column], ...]:
    """A kind's own fields that fit in one cell, from its JSON Schema: (field, column).

    Scalars as they are; lists of ids, codes or vocabulary words space-separated (none holds a space);
    lists of free text, nested parts and mappings are left to the JSON and the SQLite tables."""
    schema = json_schema(kind)
    properties = schema["properties"]
    names = [n for n in _FIRST if n in properties] + [n for n in properties if n not in _FIRST]
    found = []
    for name in names:
        prop = properties[name]
        description = prop.get("description", "")
        options = [o for o in prop.get("anyOf", [prop]) if o.get("type") != "null"]
        types = {o.get("type") for o in options}
        if {"string", "integer"} <= types:  # a date: YYYY, YYYY-MM or YYYY-MM-DD, maybe marked ? ~ %
            pattern = next(o["pattern"] for o in options if o.get("type") == "string")
            found.append((name, Column(name, "string", description + " (a date as sources give it: YYYY, YYYY-MM or YYYY-MM-DD, "
                                                                      "ending in ? if uncertain, ~ if approximate)", pattern=pattern)))
            continue
        option = options[0]
        kind_of = option.get("type")
        required = name in schema.get("required", ())
        if kind_of == "string":
            free = option.get("pattern") == r"\S" and "enum" not in option and "format" not in option
            found.append((name, Column(name, "string", description, text=free, required=required,
                                       pattern=None if free else option.get("pattern"),
                                       enum=tuple(option["enum"]) if "enum" in option else None,
                                       format="uri" if option.get("format") == "uri" else None)))
        elif kind_of == "integer":
            found.append((name, Column(name, "integer", description, required=required)))
        elif kind_of == "array" and "$ref" not in option["items"] and option["items"].get("pattern") != r"\S":
            found.append((name, Column(name, "string", description + " (space-separated)")))
        elif name == "period":
            found += [("period.start", Column("period_start", "string", "First year (or date) covered.")),
                      ("period.end", Column("period_end", "string", "Last year (or date) covered."))]
    return tuple(found)


_COMPUTED = {  # computed where a kind has them; they replace the raw fields of the same meaning
    "first_date": Column("first_date", "string", "The date of its first dated fact (signing, entry into force, first round, edition…)."),
    "status": Column("status", "string", "Its status as of the build date, computed from its dates and relations (or as recorded).",
                     enum=("signed", "in-force", "expired", "terminated", "superseded", "suspended", "not-in-force", "unknown")),
    "status_reason": Column("status_reason", "string", "Why it has that status.", text=True),
    "expires": Column("expires", "string", "When it expires: as recorded, or computed from its duration."),
    "expires_how": Column("expires_how", "string", "How the expiry was found: 'as recorded' or the duration it follows from.", text=True),
}
_HISTORY = [
    Column("first_published", "string", "The day (UTC) of the first commit of its file in the repository; empty where the build had no history.",
           pattern=r"^\d{4}-\d{2}-\d{2}$"),
    Column("last_changed", "string", "The day (UTC) of the last commit that changed its file; empty where the build had no history.",
           pattern=r"^\d{4}-\d{2}-\d{2}$"),
]
_URL = Column("url", "string", "Its page on the site (relative to the site's root where the build had no site URL).")
_STATUS_KINDS = ("agreement", "framework")
_DATED_KINDS = ("agreement", "framework", "dialogue", "designation", "event", "exercise")


def kind_table(kb: KnowledgeBase, kind: str, site: Site, history: Mapping[str, History]) -> Table:
    """One kind's records, one row each, with only that kind's columns."""
    model = KINDS[kind]
    fields = [(name, column) for name, column in _field_columns(kind) if name not in ("status", "expires")]
    computed = (["first_date"] if kind in _DATED_KINDS else []) + (["status", "status_reason", "expires", "expires_how"] if kind in _STATUS_KINDS else [])
    columns = [Column("id", "string", "The record's id: its file name, and its page's.", required=True, pattern=_ID_PATTERN)]
    if kind == "country":
        columns += [Column("code", "string", "The ISO 3166-1 alpha-2 code, as parties name it.", required=True, unique=True, pattern=r"^[A-Z]{2}$"),
                    Column("ccode", "integer", "The Correlates of War state number (see cow_codes.csv in the source)."),
                    Column("stateabb", "string", "The Correlates of War state abbreviation.")]
    columns += [column for _, column in fields] + [_COMPUTED[name] for name in computed] + _HISTORY + [_URL]
    rows = []
    cow = cow_codes()
    for record in kb.of_kind(kind):
        f = record.fields
        row: list[Any] = [record.id]
        if kind == "country":
            state = cow.get(record.id.upper())
            row += [record.id.upper(), state.ccode if state else None, state.stateabb if state else None]
        for name, _ in fields:
            if name.startswith("period."):
                period = value(f, "period")
                row.append(getattr(period, name.split(".")[1]) if period else None)
                continue
            found = value(f, name)
            row.append(" ".join(found) if isinstance(found, list) else found)
        if "first_date" in computed:
            entries = kb.entries(record)
            row.append(str(entries[0].date) if entries else None)
        if "status" in computed:
            status = kb.status(record)
            ends = expiry(record)
            row += [status.value if status else None, status.reason if status else None,
                    str(ends[0]) if ends else None, ends[1] if ends else None]
        row += _history_cells(history.get(record.id))
        row.append(site.page_url(record_page(record)))
        rows.append(tuple(row))
    return Table(model.folder, _KIND_TITLES[kind], f"{_KIND_TITLES[kind]}, one row per record. {model.__doc__ or ''}".strip(),
                 columns, rows, primary_key=("id",), foreign_keys=[ForeignKey(("id",), "records", ("id",))])


_KIND_TITLES = {
    "agreement": "Agreements", "framework": "Frameworks", "dialogue": "Dialogues", "designation": "Designations",
    "event": "Events", "exercise": "Exercises", "family": "Families", "person": "People",
    "organisation": "Organisations", "country": "Countries",
}


def _history_cells(found: History | None) -> list[str | None]:
    return [found.first_published.isoformat(), found.last_changed.isoformat()] if found else [None, None]


def records_table(kb: KnowledgeBase, site: Site, history: Mapping[str, History]) -> Table:
    columns = [
        Column("id", "string", "The record's id.", required=True, pattern=_ID_PATTERN),
        Column("kind", "string", "Its kind.", required=True, enum=tuple(KINDS)),
        Column("title", "string", "Its title (or a person's, organisation's or country's name).", text=True, required=True),
        Column("label", "string", "The name readers know it by: the short title, else the title.", text=True, required=True),
        Column("first_date", "string", "The date of its first dated fact, if it has one."),
        Column("status", "string", "An agreement's or framework's status as of the build date.", enum=_COMPUTED["status"].enum),
        *_HISTORY,
        _URL,
        Column("json", "string", "Its JSON file (fields as written, and computed facts)."),
    ]
    rows = []
    for record in kb.records:
        entries = kb.entries(record)
        status = kb.status(record)
        rows.append((record.id, record.kind, record.title, record.label, str(entries[0].date) if entries else None,
                     status.value if status else None, *_history_cells(history.get(record.id)),
                     site.page_url(record_page(record)), site.absolute(record_json_path(record))))
    return Table("records", "Records", "Every record of every kind, one row each: the index the other tables refer to.",
                 columns, rows, primary_key=("id",), indexes=[("kind",)])


def parties_table(kb: KnowledgeBase) -> Table:
    columns = [
        Column("record", "string", "The record's id.", required=True),
        Column("position", "integer", "Its place in the record's list of parties, from 1.", required=True),
        Column("party", "string", "The party as the record names it: a country code or an organisation id.", required=True),
        Column("country", "string", "The party's country: the code itself, or the organisation's country where it has one."),
    ]
    rows = []
    for record in kb.records:
        for i, party in enumerate(value(record.fields, "parties", []), 1):
            rows.append((record.id, i, party, _country_of(kb, party)))
    return Table("parties", "Parties", "Each party of each instrument, with the country it stands for.", columns, rows,
                 primary_key=("record", "position"),
                 foreign_keys=[ForeignKey(("record",), "records", ("id",)), ForeignKey(("country",), "countries", ("code",))],
                 indexes=[("party",), ("country",)])


def _country_of(kb: KnowledgeBase, party: str) -> str | None:
    if COUNTRY_CODE.match(party):
        return party
    organisation = kb.by_id.get(party)
    code = value(organisation.fields, "party") if organisation is not None else None
    return code if code and COUNTRY_CODE.match(code) else None


def relations_table(kb: KnowledgeBase) -> Table:
    columns = [
        Column("record", "string", "The record the relation is seen from.", required=True),
        Column("position", "integer", "Its place among the record's relations, as its page lists them.", required=True),
        Column("relation", "string", "The relation as written in the record that states it (or 'outcome' for an outcome "
                                     "of an event or a round).", required=True),
        Column("words", "string", "The relation in words, from this record: 'supersedes', or the inverse 'superseded by'.", required=True),
        Column("other", "string", "The record at the other end.", required=True),
        Column("inverse", "boolean", "true where the other record states the relation and this row is its inverse.", required=True),
    ]
    rows = [(record.id, i, link.relation, link.words, link.other.id, link.inverse)
            for record in kb.records for i, link in enumerate(kb.links.get(record.id, []), 1)]
    return Table("relations", "Relations", "Every relation between two records, in both directions: as stated, and its inverse.",
                 columns, rows, primary_key=("record", "position"),
                 foreign_keys=[ForeignKey(("record",), "records", ("id",)), ForeignKey(("other",), "records", ("id",))],
                 indexes=[("other",)])


def sources_table(kb: KnowledgeBase) -> Table:
    columns = [
        Column("record", "string", "The record the source is listed in.", required=True),
        Column("part", "string", "Where in the record: 'record' for the record itself, else e.g. 'round 2', 'edition 3', 'renewal 1'.",
               required=True),
        Column("position", "integer", "Its place in that list of sources, from 1.", required=True),
        Column("title", "string", "The page's title.", text=True, required=True),
        Column("url", "string", "The page's address.", required=True, format="uri"),
        Column("type", "string", "What the page is.", required=True, enum=("official", "news", "analysis", "reference")),
        Column("publisher", "string", "Who published it.", text=True),
        Column("published", "string", "When it was published."),
        Column("archived", "string", "An archived copy of the page.", format="uri"),
        Column("supports", "string", "The fact fields whose facts the page states (space-separated)."),
    ]
    rows = []
    for record in kb.records:
        for where, part in sourced_parts(record.fields):
            label = f"{where[0][:-1]} {where[1] + 1}" if where else "record"
            for i, s in enumerate(value(part, "sources", []), 1):
                rows.append((record.id, label, i, s.title, s.url, s.type, s.publisher, s.published, s.archived, " ".join(s.supports)))
    return Table("sources", "Sources", "Every source of every record and of each round, edition and renewal, with what it supports.",
                 columns, rows, primary_key=("record", "part", "position"), foreign_keys=[ForeignKey(("record",), "records", ("id",))],
                 indexes=[("url",)])


def timeline_table(kb: KnowledgeBase) -> Table:
    columns = [
        Column("record", "string", "The record.", required=True),
        Column("position", "integer", "Its place among the record's dated facts, from 1, as its page lists them.", required=True),
        Column("date", "string", "The date, at the precision sources give it.", required=True),
        Column("year", "year", "Its year.", required=True),
        Column("what", "string", "What happened: signed, entered into force, round 2, 15th edition, expired…", required=True),
        Column("place", "string", "Where, if known.", text=True),
        Column("end", "string", "The last day of an event or edition that lasted several."),
    ]
    seen: Counter[str] = Counter()
    rows = []
    for e in kb.timeline:
        seen[e.record.id] += 1
        rows.append((e.record.id, seen[e.record.id], str(e.date), e.date.year, e.what, e.place, str(e.end) if e.end else None))
    return Table("timeline", "Timeline", "Every dated fact, oldest first: what the site's timeline shows.", columns, rows,
                 primary_key=("record", "position"), foreign_keys=[ForeignKey(("record",), "records", ("id",))], indexes=[("year",)])


# -- SQLite only: the parts of records as tables of their own -----------------------------------


def signatories_table(kb: KnowledgeBase) -> Table:
    columns = [Column("record", "string", "", required=True), Column("position", "integer", "", required=True),
               Column("person", "string", "A person record's id."), Column("name", "string", "The name where there is no person record.", text=True),
               Column("role", "string", "Their office when signing.", text=True), Column("party", "string", "The party they signed for.")]
    rows = [(r.id, i, s.person, s.name, s.role, s.party) for r in kb.records for i, s in enumerate(value(r.fields, "signatories", []), 1)]
    return Table("signatories", "Signatories", "Who signed each instrument, for which party.", columns, rows, primary_key=("record", "position"),
                 indexes=[("person",)], csv=False)


def rounds_table(kb: KnowledgeBase) -> Table:
    columns = [Column("record", "string", "The dialogue.", required=True), Column("number", "integer", "", required=True),
               Column("date", "string", "", required=True), Column("year", "year", "", required=True), Column("place", "string", "", text=True),
               Column("participants", "string", "Person ids (space-separated)."), Column("outcomes", "string", "Record ids (space-separated).")]
    rows = [(r.id, x.number, x.date, Date.parse(x.date).year, x.place, " ".join(x.participants), " ".join(x.outcomes))
            for r in kb.records for x in value(r.fields, "rounds", [])]
    return Table("rounds", "Dialogue rounds", "Each round of each dialogue.", columns, rows, primary_key=("record", "number"),
                 indexes=[("year",)], csv=False)


def editions_table(kb: KnowledgeBase) -> Table:
    columns = [Column("record", "string", "The exercise.", required=True), Column("position", "integer", "", required=True),
               Column("number", "integer", "Its ordinal, where sources give one."), Column("date", "string", "", required=True),
               Column("year", "year", "", required=True), Column("end", "string", ""), Column("place", "string", "", text=True),
               Column("countries", "string", "Country codes (space-separated)."), Column("services", "string", "Services ('; '-separated).", text=True)]
    rows = [(r.id, i, x.number, x.date, Date.parse(x.date).year, x.end, x.place, " ".join(x.countries), "; ".join(x.services))
            for r in kb.records for i, x in enumerate(value(r.fields, "editions", []), 1)]
    return Table("editions", "Exercise editions", "Each edition of each exercise.", columns, rows, primary_key=("record", "position"),
                 indexes=[("year",)], csv=False)


# ---------------------------------------------------------------------------------------------
# Dyad-years
# ---------------------------------------------------------------------------------------------

DYAD_COUNTS = {  # column: what it counts, in each year
    "agreements_signed": "agreements signed",
    "agreements_in_force": "agreements in force at some time in the year",
    "frameworks_signed": "frameworks signed",
    "frameworks_in_force": "frameworks in force at some time in the year",
    "dialogues_established": "dialogues set up",
    "dialogue_rounds": "rounds of dialogues held",
    "designations": "designations granted",
    "events": "events",
    "exercise_editions": "editions of exercises held",
}


def dyad_counts(kb: KnowledgeBase, record: Record) -> Iterable[tuple[int, str]]:
    """The (year, column) of each count one record adds to its country pairs."""
    f = record.fields
    kind = record.kind
    if kind in _STATUS_KINDS:
        if value(f, "signed"):
            yield Date.parse(f.signed).year, f"{kind}s_signed"
        for year in in_force_years(kb, record):
            yield year, f"{kind}s_in_force"
    elif kind == "dialogue":
        if f.established:
            yield Date.parse(f.established).year, "dialogues_established"
        for r in f.rounds:
            yield Date.parse(r.date).year, "dialogue_rounds"
    elif kind == "designation":
        yield Date.parse(f.date).year, "designations"
    elif kind == "event":
        yield Date.parse(f.date).year, "events"
    elif kind == "exercise":
        for edition in f.editions:
            yield Date.parse(edition.date).year, "exercise_editions"


def in_force_years(kb: KnowledgeBase, record: Record) -> range:
    """The years in which an agreement or framework was in force at some time, as far as its record
    tells: from the year it entered into force (a source must give that date) to the year it expired
    or was replaced, or to the build's year while it is in force. Where the record gives a status
    that ended it but no date (terminated, suspended…), only the year of entry into force counts."""
    f = record.fields
    if not value(f, "in_force") or Date.parse(f.in_force).earliest() > kb.as_of:
        return range(0)
    start = Date.parse(f.in_force).year
    status = kb.status(record)
    if f.status:
        end = kb.as_of.year if f.status == "in-force" else start
    elif status is not None and status.value == "superseded":
        end = min((Date.parse(value(link.other.fields, "in_force") or value(link.other.fields, "signed")).year
                   for link in kb.links.get(record.id, []) if link.inverse and link.relation in ("supersedes", "renews")
                   and (value(link.other.fields, "in_force") or value(link.other.fields, "signed"))), default=start)
    elif status is not None and status.value == "expired":
        ends = expiry(record)
        end = ends[0].year if ends else start
    else:
        end = kb.as_of.year
    return range(start, max(start, end) + 1)


_NONE = (0,) * len(DYAD_COUNTS)


def dyad_years_table(kb: KnowledgeBase) -> Table:
    """One row per pair of countries and year, from the pair's first dated fact to the build's year:
    the pair's records (as its page lists them) counted by what happened in that year."""
    cow = cow_codes()
    columns = [
        Column("ccode1", "integer", "The Correlates of War state number of the first country (the lower number); empty if the table has none."),
        Column("ccode2", "integer", "The Correlates of War state number of the second country."),
        Column("iso1", "string", "The ISO 3166-1 alpha-2 code of the first country.", required=True, pattern=r"^[A-Z]{2}$"),
        Column("iso2", "string", "The ISO 3166-1 alpha-2 code of the second country.", required=True, pattern=r"^[A-Z]{2}$"),
        Column("year", "year", "The year.", required=True),
    ] + [Column(name, "integer", f"The number of {words} between the two countries.", required=True) for name, words in DYAD_COUNTS.items()]
    rows = []
    for codes, records in kb.pairs.items():
        a, b = sorted(codes, key=lambda code: (cow[code].ccode if code in cow else 10_000, code))
        counts: dict[int, Counter[str]] = defaultdict(Counter)
        for record in records:
            for year, name in dyad_counts(kb, record):
                counts[year][name] += 1
        if not counts:
            continue
        dyad = (cow[a].ccode if a in cow else None, cow[b].ccode if b in cow else None, a, b)
        for year in range(min(counts), max(max(counts), kb.as_of.year) + 1):
            found = counts.get(year)
            rows.append((*dyad, year, *((found[name] for name in DYAD_COUNTS) if found else _NONE)))
    rows.sort(key=lambda row: (row[0] if row[0] is not None else 10_000, row[1] if row[1] is not None else 10_000, row[2], row[3], row[4]))
    return Table("dyad_years", "Dyad-years",
                 "One row per pair of countries (a dyad) and year, in the convention of the Correlates of War and DCAD: "
                 "ccode1 < ccode2, with counts of what their records record in that year.",
                 columns, rows, primary_key=("iso1", "iso2", "year"),
                 foreign_keys=[ForeignKey(("iso1",), "countries", ("code",)), ForeignKey(("iso2",), "countries", ("code",))],
                 indexes=[("ccode1", "ccode2", "year")])


# ---------------------------------------------------------------------------------------------
# All tables, and how they are written
# ---------------------------------------------------------------------------------------------


def tables(kb: KnowledgeBase, site: Site, history: Mapping[str, History] | None = None) -> list[Table]:
    """Every table, in a stable order: the index of records, each kind's, then the parts of records."""
    history = history or {}
    return [
        records_table(kb, site, history),
        *(kind_table(kb, kind, site, history) for kind in KINDS),
        parties_table(kb), relations_table(kb), sources_table(kb), timeline_table(kb),
        signatories_table(kb), rounds_table(kb), editions_table(kb),
        dyad_years_table(kb),
    ]


def csv_text(table: Table) -> str:
    """The table as RFC 4180 CSV: a header, CRLF line ends, free text guarded against formulas."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in table.columns])
    guarded = [i for i, c in enumerate(table.columns) if c.text]
    booleans = [i for i, c in enumerate(table.columns) if c.type == "boolean"]
    for row in table.rows:  # None is written as an empty cell
        if any(isinstance(row[i], str) and (row[i][:1] in _FORMULA or "\n" in row[i]) for i in guarded) or booleans:
            cells = list(row)
            for i in guarded:
                if cells[i] is not None:  # a line break in a cell is CRLF too (RFC 4180)
                    cells[i] = cell(cells[i]).replace("\r\n", "\n").replace("\n", "\r\n")
            for i in booleans:
                cells[i] = "true" if cells[i] else "false"
            row = tuple(cells)
        writer.writerow(row)
    return out.getvalue()


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str) -> str:
    """Free text for a spreadsheet: text that a spreadsheet would run as a formula ('=HYPERLINK(…)')
    gets a leading apostrophe, which spreadsheets show as text (OWASP's advice on CSV injection)."""
    return f"'{text}" if text[:1] in _FORMULA else text


def datapackage(tables: list[Table], kb: KnowledgeBase, site: Site) -> dict[str, Any]:
    """A Frictionless (tabular) data package describing the CSV files beside it."""
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": "accords",
        "title": TITLE,
        "description": ("Every record of the knowledge base as tables: one per kind of record, an index of all records, "
                        "their parties, relations, sources and timeline, and a dyad-year table. Statuses are computed as of "
                        f"{kb.as_of.isoformat()}. Free text that a spreadsheet would run as a formula starts with an apostrophe."),
        "version": kb.as_of.isoformat(),
        "created": f"{kb.as_of.isoformat()}T00:00:00Z",
        "licenses": [DATA_LICENSE],
        "contributors": [{"title": ATTRIBUTION, "role": "author"}],
        "keywords": ["defence", "agreements", "India", "international relations", "dyad-year"],
        "resources": [],
    }
    if site.url:
        package["homepage"] = site.url
    for table in tables:
        if not table.csv:
            continue
        schema: dict[str, Any] = {"fields": [c.descriptor() for c in table.columns], "missingValues": [""]}
        if table.primary_key:
            schema["primaryKey"] = list(table.primary_key)
        if table.foreign_keys:
            schema["foreignKeys"] = [{"fields": list(k.fields), "reference": {"resource": k.table, "fields": list(k.reference)}}
                                     for k in table.foreign_keys]
        package["resources"].append({
            "name": table.name.replace("_", "-"),
            "title": table.title,
            "description": table.description,
            "path": table.path,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True, "header": True},
            "licenses": [DATA_LICENSE],
            "schema": schema,
        })
    return package


def sqlite_database(tables: list[Table], kb: KnowledgeBase, site: Site) -> bytes:
    """Every table in one SQLite file, with indexes and an `about` table that says what each holds.

    The same tables and SQLite library give the same bytes: rows go in in a fixed order into a new
    database, and nothing in the file records when or where it was made."""
    con = sqlite3.connect(":memory:")
    try:
        con.execute("PRAGMA page_size = 4096")
        con.execute("PRAGMA encoding = 'UTF-8'")
        about = [
            ("title", TITLE),
            ("description", "The knowledge base as tables. Each table's row below describes it; `records` is the index the others "
                            "refer to. Lists of ids or codes are space-separated. Every record's fields as written are in records.fields "
                            "(JSON), for SQLite's JSON functions."),
            ("licence", f"{DATA_LICENSE['title']} ({DATA_LICENSE['name']}), {DATA_LICENSE['path']}: attribute to {ATTRIBUTION}"),
            ("as_of", kb.as_of.isoformat()),
            ("site", site.url or "(built without a site URL: record URLs are relative to the site's root)"),
            ("source", site.repo_url or ""),
        ]
        for table in tables:
            about.append((f"table {table.name}", table.description))
            if table.name == "records":  # and each record as written: what no table has a column for (notes, aliases, disputes…)
                fields = Column("fields", "string", "The record's fields as written (JSON).", required=True)
                written = {r.id: json.dumps(r.fields.model_dump(mode="json", by_alias=True, exclude_defaults=True),
                                            ensure_ascii=False, sort_keys=True) for r in kb.records}
                table = Table(table.name, table.title, table.description, [*table.columns, fields],
                              [(*row, written[row[0]]) for row in table.rows], table.primary_key, table.foreign_keys, table.indexes)
            _create(con, table)
        con.execute("CREATE TABLE about (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        con.executemany("INSERT INTO about VALUES (?, ?)", about)
        con.commit()
        return _serialized(con)
    finally:
        con.close()


def _create(con: sqlite3.Connection, table: Table) -> None:
    columns = [f'"{c.name}" {_SQL_TYPES[c.type]}{" NOT NULL" if c.required else ""}{" UNIQUE" if c.unique else ""}' for c in table.columns]
    if table.primary_key:
        columns.append(f"PRIMARY KEY ({', '.join(table.primary_key)})")
    for key in table.foreign_keys:
        columns.append(f"FOREIGN KEY ({', '.join(key.fields)}) REFERENCES {key.table} ({', '.join(key.reference)})")
    con.execute(f"CREATE TABLE {table.name} ({', '.join(columns)})")
    con.executemany(f"INSERT INTO {table.name} VALUES ({', '.join('?' * len(table.columns))})", table.rows)
    for columns_ in table.indexes:
        con.execute(f"CREATE INDEX {table.name}_{'_'.join(columns_)} ON {table.name} ({', '.join(columns_)})")


def _serialized(con: sqlite3.Connection) -> bytes:
    if hasattr(con, "serialize"):  # Python 3.11+
        return con.serialize()
    with tempfile.TemporaryDirectory() as folder:  # Python 3.10: a copy on disk, read back
        path = os.path.join(folder, "accords.sqlite")
        con.execute("VACUUM INTO ?", (path,))
        return Path(path).read_bytes()
