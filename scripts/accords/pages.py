"""Page data of the pages that list records (kind indexes, country pairs, domains, home, data…):
frozen values built from the knowledge base, every name and link target resolved, for templates to lay out."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any, TypeVar
from urllib.parse import quote, urlencode

from markupsafe import Markup

from . import lifespans
from .dates import Date
from .diagnostics import CODES
from .knowledge import HOME, KnowledgeBase
from .schema import KINDS, Record, sourced_parts, value
from .schema_docs import field_docs, template
from .site import Site
from .templating import KIND_TITLES, STATUS_WORDS, Ref, ref_to
from .timeline import TimelineEntry
from .timeline import entry as timeline_entry
from .yearchart import chart, year_counts

INSTRUMENT_KINDS = ("agreement", "framework", "dialogue", "designation", "event", "exercise")
NAMED_KINDS = ("person", "organisation", "country", "family")  # their index lists them by name
PAGE_SIZE = 300  # rows or entries on one index page: ~110 KB of HTML and ~3,500 elements with the theme's
LIST_CAP = 20  # items of a secondary list on a page (a pair's exercises) before it says how many more
T = TypeVar("T")


def variables(data: Any) -> dict[str, Any]:
    """A page's data as its template's variables: one per field (shallow: the values stay as they are)."""
    return {f.name: getattr(data, f.name) for f in fields(data)}


def resolve(kb: KnowledgeBase, ref: str) -> Ref:
    """An id or a country code as a page names it: linked to its record, or plain text if none has it."""
    record = kb.resolve(ref)
    return ref_to(record) if record is not None else Ref(ref)


def resolve_all(kb: KnowledgeBase, refs: Iterable[str]) -> tuple[Ref, ...]:
    return tuple(resolve(kb, ref) for ref in refs)


def in_sentence(kb: KnowledgeBase, ref: str) -> str:
    """A party's name as it reads inside a sentence ('the United States')."""
    record = kb.resolve(ref)
    return (value(record.fields, "in_sentence") or record.label) if record else ref


# ---------------------------------------------------------------------------------------------
# Descriptions: each page's <meta name="description">, distinct from every other page's
# ---------------------------------------------------------------------------------------------


def on_page(description: str, pager: Pager) -> str:
    """A description of one page of a split list: the page's number and items added where there are
    several pages, so that no two pages of a list share it."""
    if pager.count == 1:
        return description
    return f"{description.rstrip('.')} (page {pager.number} of {pager.count}: {pager.first}–{pager.last} of {pager.total})."


def year_description(year: int, total: int, pager: Pager) -> str:
    """A year page's description: its facts counted (all the year's, on each of its pages)."""
    facts = "The one dated fact" if total == 1 else f"All {total:,} dated facts"
    return on_page(f"{facts} of {year} in Accords (signings, entries into force, rounds, editions and events), oldest first.", pager)


def years_description(years: list[int]) -> str:
    return (f"Every year with a dated fact in Accords: {len(years):,} year{'' if len(years) == 1 else 's'}"
            f"{_years(min(years, default=None), max(years, default=None))}, each with its number of signings, rounds, editions and events.")


def _years(first: int | None, last: int | None) -> str:
    """' from 2006 to 2026', ' in 2020', or '' when nothing is dated."""
    if first is None or last is None:
        return ""
    return f" in {first}" if first == last else f" from {first} to {last}"


def _listed(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return f"{', '.join(items[:-1])} and {items[-1]}" if len(items) > 1 else "".join(items)


def _by_kind(records: Iterable[Record]) -> str:
    """'3 agreements, 1 dialogue and 12 exercises': the records counted by kind, in the kinds' order."""
    kinds = Counter(record.kind for record in records)
    return _listed([kind_count(k, kinds[k]) for k in KINDS if kinds[k]])


def kind_count(kind: str, n: int) -> str:
    """'1 agreement', '12 families': a number of records of a kind (a kind's id is its singular)."""
    return f"{n:,} {kind if n == 1 else KIND_TITLES[kind].lower()}"


# ---------------------------------------------------------------------------------------------
# Long lists, split into pages
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pager:
    """Where one page of a split list stands: its number, the items it holds, and links to the others."""

    number: int
    pages: tuple[str, ...]  # the path of every page, in order
    first: int  # the first and last item on this page, counted from 1
    last: int
    total: int

    @property
    def count(self) -> int:
        return len(self.pages)

    @property
    def previous(self) -> str | None:
        return self.pages[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.pages[self.number] if self.number < self.count else None

    def links(self, around: int = 2) -> list[tuple[int, str | None]]:
        """The page numbers to link to: the first, the last and those around this one; (0, None) marks a gap."""
        shown = sorted({1, self.count} | set(range(max(1, self.number - around), min(self.count, self.number + around) + 1)))
        links: list[tuple[int, str | None]] = []
        for n in shown:
            if links and n > links[-1][0] + 1:
                links.append((0, None))
            links.append((n, self.pages[n - 1]))
        return links


def paged(path: str, items: list[T], size: int = PAGE_SIZE) -> list[tuple[str, list[T], Pager]]:
    """A list split into pages of `size` items: the first at `path` ('agreements/index.md'), page n
    at '<path without .md>/<n>.md' ('agreements/index/2.md', 'years/2020/2.md'): no record id can be
    'index' or take a page's place, and a page's URL grows from the first one's. One page if it is empty."""
    stem = path[: -len(".md")]
    count = max(1, -(-len(items) // size))
    paths = tuple([path] + [f"{stem}/{n}.md" for n in range(2, count + 1)])
    return [(paths[n], items[n * size: (n + 1) * size],
             Pager(n + 1, paths, min(n * size + 1, len(items)), min((n + 1) * size, len(items)), len(items)))
            for n in range(count)]


# ---------------------------------------------------------------------------------------------
# Tables of records
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """A line of an index table."""

    ref: Ref
    kind: str
    date: Date | None
    parties: tuple[Ref, ...]
    status: str


def rows(kb: KnowledgeBase) -> dict[str, Row]:
    """Every record's row, by id: built once per build, shared by every table that lists the record."""
    made = {}
    for record in kb.records:
        entries = kb.entries(record)
        status = kb.status(record)
        made[record.id] = Row(ref_to(record), record.kind, entries[0].date if entries else None,
                              resolve_all(kb, value(record.fields, "parties", [])), STATUS_WORDS[status.value] if status else "")
    return made


def table(records: Iterable[Record], rows: Mapping[str, Row]) -> list[Row]:
    """The rows of these records, oldest first, undated last, then by name."""
    return [rows[record.id] for record in _by_date(records, rows)]


def _by_date(records: Iterable[Record], rows: Mapping[str, Row]) -> list[Record]:
    def key(record: Record) -> tuple:
        date = rows[record.id].date
        return (date.sort_key() if date else (9999, 0, 0), record.label.casefold(), record.id)

    return sorted(records, key=key)


@dataclass(frozen=True)
class NamedRow:
    """A line of the index of people, organisations, countries or families: a name and a summary."""

    ref: Ref  # labelled with the full title
    members: int  # a family's instruments
    summary: str


@dataclass(frozen=True)
class KindIndexPage:
    """One page of the index of a kind."""

    kind: str
    title: str
    rows: tuple[Row, ...] | tuple[NamedRow, ...]
    pager: Pager
    description: str


def kind_index_pages(kb: KnowledgeBase, kind: str, rows: Mapping[str, Row]) -> list[tuple[str, KindIndexPage]]:
    """The pages of a kind's index: instruments by date; people, organisations, countries, families by name."""
    folder = KINDS[kind].folder
    records = kb.of_kind(kind)
    if kind not in NAMED_KINDS:
        listed = table(records, rows)
        years = [row.date.year for row in listed if row.date]
        about = (f"Every {kind} in Accords, India's defence knowledge base: {kind_count(kind, len(listed))}"
                 f"{_years(min(years, default=None), max(years, default=None))}, oldest first, each with its parties, date and status.")
        return [(path, KindIndexPage(kind, KIND_TITLES[kind], tuple(chunk), pager, on_page(about, pager)))
                for path, chunk, pager in paged(f"{folder}/index.md", listed)]
    named = sorted(_by_date(records, rows), key=lambda r: r.title.lower())  # stable: ties in name stay by date
    names = [NamedRow(Ref(r.title, rows[r.id].ref.page), len(kb.members.get(r.id, ())), value(r.fields, "summary", "") or "")
             for r in named]
    about = f"Every {kind} in Accords: {kind_count(kind, len(names))}{_NAMED[kind]}"
    return [(path, KindIndexPage(kind, KIND_TITLES[kind], tuple(chunk), pager, on_page(about, pager)))
            for path, chunk, pager in paged(f"{folder}/index.md", names)]


_NAMED = {  # what the index of a named kind lists, after its count
    "person": " who signed, attended or took part in India's defence agreements, dialogues and exercises, by name.",
    "organisation": ", the ministries, services and agencies India's defence records name, by name.",
    "country": ", India and its defence partners, each with its country pairs, by name.",
    "family": " of like instruments across India's partners, each comparing its members side by side.",
}


# ---------------------------------------------------------------------------------------------
# Country pairs
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PairSummary:
    """What two countries' records come to: how many of each kind, their first and latest dates, and
    the families they belong to (each with its members in this pair)."""

    codes: tuple[str, str]
    name: str  # 'India–United Kingdom': India first, as its partners' pages read; else in code order
    partner: str  # the name of India's partner, where India is one of the two
    count: int
    by_kind: tuple[tuple[str, int], ...]
    first: Date | None
    latest: Date | None
    families: tuple[tuple[Ref, tuple[Ref, ...]], ...]

    @property
    def path(self) -> str:
        return f"pairs/{self.codes[0].lower()}-{self.codes[1].lower()}.md"


def pair_summaries(kb: KnowledgeBase) -> dict[tuple[str, str], PairSummary]:
    """Every country pair's summary, by its codes in order."""
    return {codes: _pair_summary(kb, codes, records) for codes, records in kb.pairs.items()}


def _pair_summary(kb: KnowledgeBase, codes: tuple[str, str], records: list[Record]) -> PairSummary:
    kinds = Counter(record.kind for record in records)
    dates = [e.date for record in records for e in kb.entries(record)]
    families: dict[str, list[Record]] = defaultdict(list)
    for record in sorted(records, key=kb.first_date_key):
        for family in value(record.fields, "families", []):
            families[family].append(record)
    return PairSummary(
        codes, _pair_name(kb, codes), kb.label(codes[1] if codes[0] == HOME else codes[0]) if HOME in codes else "",
        len(records), tuple((KIND_TITLES[k], kinds[k]) for k in INSTRUMENT_KINDS if kinds[k]),
        min(dates, key=Date.sort_key) if dates else None, max(dates, key=Date.sort_key) if dates else None,
        tuple((ref_to(kb.by_id[f]), tuple(ref_to(m) for m in members)) for f, members in sorted(families.items()) if f in kb.by_id),
    )


def _pair_name(kb: KnowledgeBase, codes: tuple[str, str]) -> str:
    """'India–United Kingdom': India first, as its partners' pages read; else in code order."""
    return "–".join(kb.label(code) for code in sorted(codes, key=lambda code: (code != HOME, code)))


def pairs_by_country(summaries: Mapping[tuple[str, str], PairSummary]) -> dict[str, tuple[PairSummary, ...]]:
    """The summaries of the pairs each country code is part of, in the pairs' order."""
    found: dict[str, list[PairSummary]] = defaultdict(list)
    for codes, summary in summaries.items():
        for code in codes:
            found[code].append(summary)
    return {code: tuple(summaries) for code, summaries in found.items()}


@dataclass(frozen=True)
class PairsIndexPage:
    """One page of the index of country pairs."""

    pairs: tuple[PairSummary, ...]
    pager: Pager
    description: str


def pairs_index_pages(summaries: Mapping[tuple[str, str], PairSummary]) -> list[tuple[str, PairsIndexPage]]:
    about = (f"Every pair of countries that are parties to the same record in Accords: {len(summaries):,} "
             f"pair{'' if len(summaries) == 1 else 's'}, each with its number of records and its years.")
    return [(path, PairsIndexPage(tuple(chunk), pager, on_page(about, pager)))
            for path, chunk, pager in paged("pairs/index.md", list(summaries.values()))]


@dataclass(frozen=True)
class ExerciseLine:
    """An exercise series as a pair page lists it: its editions' count and span, and the latest one."""

    ref: Ref
    editions: int
    first: Date | None
    last: Date | None
    last_number: int | None
    last_place: str | None


def _exercise_line(record: Record) -> ExerciseLine:
    editions = value(record.fields, "editions", [])
    last = editions[-1] if editions else None
    return ExerciseLine(ref_to(record), len(editions), Date.parse(editions[0].date) if editions else None,
                        Date.parse(last.date) if last else None, last.number if last else None, last.place if last else None)


@dataclass(frozen=True)
class PairPage:
    """One page of a country pair's records; the first also lists its exercises (LIST_CAP of them)."""

    title: str  # the pair's name
    parties: tuple[Ref, Ref]
    rows: tuple[Row, ...]
    pager: Pager
    exercises: tuple[ExerciseLine, ...]
    more_exercises: int
    lifespans: Markup  # the first page's lifespans chart (lifespans.figure), else empty
    others: tuple[tuple[Ref, ...], ...]  # each row's parties other than the pair's two: the table shows only these
    description: str


def pair_pages(kb: KnowledgeBase, codes: tuple[str, str], summary: PairSummary, rows: Mapping[str, Row]) -> list[tuple[str, PairPage]]:
    records = kb.pairs[codes]
    exercises = [r for r in records if r.kind == "exercise"]
    a, b = codes
    pair = (resolve(kb, a), resolve(kb, b))
    names = [in_sentence(kb, code) for code in sorted(codes, key=lambda code: (code != HOME, code))]
    about = (f"Every record to which {names[0]} and {names[1]} are parties: {_by_kind(records)}"
             f"{_years(summary.first.year if summary.first else None, summary.latest.year if summary.latest else None)}.")
    return [(path, PairPage(summary.name, pair, tuple(chunk), pager,
                            tuple(_exercise_line(x) for x in exercises[:LIST_CAP]) if pager.number == 1 else (), max(0, len(exercises) - LIST_CAP),
                            lifespans.figure(kb, records) if pager.number == 1 else Markup(""),
                            tuple(tuple(party for party in row.parties if party not in pair) for row in chunk),
                            on_page(about, pager)))
            for path, chunk, pager in paged(f"pairs/{a.lower()}-{b.lower()}.md", table(records, rows))]


# ---------------------------------------------------------------------------------------------
# Domains
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DomainPage:
    """One page of a domain's records."""

    domain: str
    rows: tuple[Row, ...]
    pager: Pager
    description: str


@dataclass(frozen=True)
class DomainsPage:
    """The page of every domain (the tags plugin lists them) with its number of records."""

    domains: tuple[tuple[str, int], ...]
    description: str


def domains_page(domains: Mapping[str, list[Record]]) -> DomainsPage:
    return DomainsPage(tuple((domain, len(records)) for domain, records in domains.items()),
                       f"India's defence records in Accords by area of cooperation: {len(domains):,} domain{'' if len(domains) == 1 else 's'}"
                       f"{', from ' + next(iter(domains)) + ' to ' + list(domains)[-1] if len(domains) > 1 else ''}, each with its own list of records.")


def by_domain(kb: KnowledgeBase) -> dict[str, list[Record]]:
    """The records of each domain, domains in alphabetical order."""
    found: dict[str, list[Record]] = defaultdict(list)
    for record in kb.records:
        for domain in value(record.fields, "domains", []):
            found[domain].append(record)
    return dict(sorted(found.items()))


def domain_pages(domain: str, records: list[Record], rows: Mapping[str, Row]) -> list[tuple[str, DomainPage]]:
    listed = table(records, rows)
    years = [row.date.year for row in listed if row.date]
    about = (f"Every record of India's defence cooperation in {domain.replace('-', ' ')} in Accords: {_by_kind(records)}"
             f"{_years(min(years, default=None), max(years, default=None))}, oldest first.")
    return [(path, DomainPage(domain, tuple(chunk), pager, on_page(about, pager))) for path, chunk, pager in paged(f"domains/{domain}.md", listed)]


# ---------------------------------------------------------------------------------------------
# Home, data, sections, reference and contributing
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    """What the knowledge base covers, for the home page's first sentence."""

    instruments: int
    partners: int
    sources: int
    first: int | None
    latest: int | None


@dataclass(frozen=True)
class HomePage:
    """The home page: what the knowledge base covers, India's main partners, counts and the latest facts."""

    as_of: dt.date
    counts: tuple[tuple[str, str, int], ...]  # (kind, title, records)
    coverage: Coverage
    partners: tuple[PairSummary, ...]  # the LIST_CAP with the most records: the pairs index has every one
    more_partners: int
    latest: tuple[TimelineEntry, ...]
    families: tuple[FamilyLine, ...]  # the first LIST_CAP families by name, each with its first members
    more_families: int
    chart: Markup  # instruments per year by kind (yearchart.py); the caption says it in words
    chart_caption: str
    chart_kinds: tuple[tuple[str, str], ...]  # the chart's key: (kind, 'Agreements'), kinds it shows
    title: str  # the browser's <title> (overrides/main.html prints it alone, not followed by the site's name)
    description: str


HOME_TITLE = "Accords: India's defence agreements with its partners"


@dataclass(frozen=True)
class FamilyLine:
    """A family as the home page names it: its members by the names readers know, the first few."""

    ref: Ref
    members: tuple[Ref, ...]
    more: int


_FAMILY_MEMBERS = 4  # members named on the home page's line for a family


def home_page(kb: KnowledgeBase, summaries: Mapping[tuple[str, str], PairSummary]) -> HomePage:
    partners = sorted((p for codes, p in summaries.items() if HOME in codes), key=lambda p: (-p.count, p.codes))
    families = sorted(kb.of_kind("family"), key=lambda f: (f.title.casefold(), f.id))
    lines = tuple(FamilyLine(ref_to(f), tuple(ref_to(m) for m in kb.members.get(f.id, [])[:_FAMILY_MEMBERS]),
                             max(0, len(kb.members.get(f.id, [])) - _FAMILY_MEMBERS)) for f in families[:LIST_CAP])
    years = year_counts(kb)
    busiest = max(years, key=lambda y: (y.total, y.year), default=None)
    caption = (f"Instruments by the year of their first dated fact, {years[0].year} to {years[-1].year}; the busiest year, "
               f"{busiest.year}, has {busiest.total}.") if busiest else ""
    coverage = _coverage(kb)
    about = ("An open knowledge base of India's defence agreements, dialogues and exercises with its partners"
             + (f": {coverage.instruments:,} instruments with {coverage.partners:,} partner{'' if coverage.partners == 1 else 's'}"
                f"{_years(coverage.first, coverage.latest)}, each fact tied to the published source that states it."
                if coverage.instruments else ", each fact tied to the published source that states it."))
    return HomePage(kb.as_of, _counts(kb, KINDS), coverage, tuple(partners[:LIST_CAP]), max(0, len(partners) - LIST_CAP),
                    tuple(timeline_entry(kb, e) for e in reversed(kb.timeline[-8:])), lines, max(0, len(families) - LIST_CAP),
                    chart(years), caption, tuple((k, KIND_TITLES[k]) for k in KINDS if any(k == kind for y in years for kind, _ in y.kinds)),
                    HOME_TITLE, about)


def _counts(kb: KnowledgeBase, kinds: Iterable[str]) -> tuple[tuple[str, str, int], ...]:
    found = Counter(record.kind for record in kb.records)
    return tuple((kind, KIND_TITLES[kind], found[kind]) for kind in kinds)


def _coverage(kb: KnowledgeBase) -> Coverage:
    instruments = [r for r in kb.records if r.kind in INSTRUMENT_KINDS]
    partners = {code for r in instruments for code in kb.partners(r)}
    urls = {s.url for r in kb.records for _, part in sourced_parts(r.fields) for s in value(part, "sources", [])}
    years = [e.date.year for e in kb.timeline]
    return Coverage(len(instruments), len(partners), len(urls), min(years, default=None), max(years, default=None))


@dataclass(frozen=True)
class DataPage:
    """The page of downloads: the date statuses are computed for, and each kind's number of records."""

    as_of: dt.date
    kinds: tuple[tuple[str, str, int], ...]
    description: str


def data_page(kb: KnowledgeBase) -> DataPage:
    return DataPage(kb.as_of, _counts(kb, KINDS),
                    f"Accords as data, under CC BY 4.0: all {len(kb.records):,} records as JSON, CSV and SQLite, with JSON Schemas, "
                    "an Atom feed and a calendar of every dated fact.")


@dataclass(frozen=True)
class SectionIndexPage:
    """A section's index: links to its pages, each with a note."""

    title: str
    intro: str
    entries: tuple[tuple[str, str, str], ...]  # (label, page, note)
    description: str


def records_section(kb: KnowledgeBase) -> SectionIndexPage:
    counts = {kind: n for kind, _, n in _counts(kb, INSTRUMENT_KINDS)}
    return SectionIndexPage(
        "Records", "Every instrument and event in the knowledge base, by kind. Each table sorts by any column.",
        tuple((KIND_TITLES[k], f"{KINDS[k].folder}/index.md", f"{counts[k]} records") for k in INSTRUMENT_KINDS),
        f"India's defence records in Accords by kind: {_listed([kind_count(k, counts[k]) for k in INSTRUMENT_KINDS])}.")


BROWSE = SectionIndexPage("Browse", "Other ways into the records.", (
    ("Countries", "countries/index.md", ""), ("Country pairs", "pairs/index.md", "e.g. India–United States"),
    ("Domains", "domains.md", "areas of cooperation"), ("Years", "years/index.md", ""),
    ("People", "people/index.md", ""), ("Organisations", "organisations/index.md", "")),
    "Other ways into India's defence records in Accords: by country, country pair, domain, year, person and organisation.")


@dataclass(frozen=True)
class ReferencePage:
    """The field reference: each kind's model and the rows of its fields."""

    kinds: tuple[tuple[str, Any, Any], ...]  # (kind, model, field rows)
    description: str = ("Every field of every kind of record in Accords, generated from the record model: what each holds, "
                        "which are required and which facts need a source.")


def reference_page() -> ReferencePage:
    return ReferencePage(tuple((k, KINDS[k], field_docs(KINDS[k])) for k in KINDS))


@dataclass(frozen=True)
class ContributingPage:
    """The contributing page: each kind's template and "create" link, and the check codes."""

    codes: Mapping[str, str]
    kinds: tuple[tuple[str, Any, str, Markup], ...]  # (kind, model, new-file URL, template)
    description: str = ("How to add or correct a record in Accords: one YAML file per record, checked like code; "
                        "each kind's template and every check code.")


def contributing_page(site: Site) -> ContributingPage:
    return ContributingPage(CODES, tuple((k, KINDS[k], _new_record_url(site, k), Markup(template(k, "new-id"))) for k in KINDS))


def _new_record_url(site: Site, kind: str) -> str:
    """GitHub's "create a new file" page, opened on the kind's folder with the template filled in."""
    if not site.repo_url:
        return ""
    folder = KINDS[kind].folder
    query = urlencode({"filename": "new-id.yaml", "value": template(kind, "new-id")}, quote_via=quote)
    return f"{site.repo_url.rstrip('/')}/new/{site.branch}/data/{folder}?{query}"
