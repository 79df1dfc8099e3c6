"""Page data of record pages: what an instrument's, family's, country's, person's or organisation's
page shows, resolved from the knowledge base into frozen values its template only lays out."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .dates import Date
from .knowledge import HOME, Entry, KnowledgeBase, expiry
from .lineage import Lineage, lineage
from .pages import INSTRUMENT_KINDS, LIST_CAP, PairSummary, in_sentence, resolve, resolve_all
from .schema import Record, Source, value
from .templating import KIND_TITLES, STATUS_WORDS, Ref, count, display_date, numbered_sources, ref_to, words
from .timeline import TimelineEntry, place_phrase
from .timeline import entry as timeline_entry

# ---------------------------------------------------------------------------------------------
# Parts shared by several record pages
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mentioned:
    """A record naming this one (a person, organisation or country), in what capacity and when."""

    date: Date | None
    ref: Ref
    kind: str
    role: str


@dataclass(frozen=True)
class Related:
    """A relation seen from this record: its words, and the record at the other end."""

    words: str
    ref: Ref
    kind: str


@dataclass(frozen=True)
class LeftOut:
    """What a capped list of the records naming one shows and leaves out, dated and undated: the
    counts its caption gives."""

    shown_dated: int
    shown_undated: int
    dated: int  # left out (older than the dated ones shown)
    undated: int  # left out

    @property
    def shown(self) -> int:
        return self.shown_dated + self.shown_undated

    @property
    def count(self) -> int:
        return self.dated + self.undated


def _mentions(kb: KnowledgeBase, record: Record, cap: int | None = None, latest: bool = False) -> tuple[tuple[Mentioned, ...], LeftOut]:
    """The records naming this one, oldest first (undated last, by name), and what is left out: the
    first `cap` of them, or with `latest` the `cap` most recent (undated ones after them where there
    is room), still oldest first: what a person did last matters more than what they did first."""
    found = kb.mentions.get(record.id, [])
    if cap is None:
        shown = found
    elif latest:
        dated = [m for m in found if m.date]
        shown = dated[-cap:] + [m for m in found if not m.date][: max(0, cap - len(dated))]
    else:
        shown = found[:cap]
    shown_dated, found_dated = sum(1 for m in shown if m.date), sum(1 for m in found if m.date)
    left = LeftOut(shown_dated, len(shown) - shown_dated, found_dated - shown_dated,
                   len(found) - found_dated - (len(shown) - shown_dated))
    return tuple(Mentioned(m.date, ref_to(m.record), m.record.kind, m.role) for m in shown), left


def _related(kb: KnowledgeBase, record: Record) -> tuple[Related, ...]:
    return tuple(Related(link.words, ref_to(link.other), link.other.kind) for link in kb.links.get(record.id, ()))


# ---------------------------------------------------------------------------------------------
# An instrument's page (agreement, framework, dialogue, designation, event, exercise)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Said:
    """An instrument's status as its key facts say it: the word, why, and as of when ('' reason: signed,
    and no source gives the entry into force)."""

    word: str
    reason: str
    as_of: Date


@dataclass(frozen=True)
class Fact:
    """One row of a record's key-facts table: a label, its value (one of text, links, people with
    their roles, a status, or unsettled), and the numbers of its sources."""

    label: str
    text: str = ""
    refs: tuple[Ref, ...] = ()  # records or names, comma-separated
    people: tuple[tuple[Ref, str], ...] = ()  # signatories, each with their role and party: '; '-separated
    status: Said | None = None
    unsettled: bool = False  # disputed and stated nowhere above: its readings are below
    sources: tuple[int, ...] = ()
    disputed: bool = False  # sources disagree: the readings are listed under "Where sources disagree"


@dataclass(frozen=True)
class Reading:
    """One reading of a disputed fact, with the numbers of the sources that give it."""

    says: str
    sources: tuple[int, ...]


@dataclass(frozen=True)
class Dated:
    """One dated fact of the record, for its own timeline."""

    date: Date
    what: str
    place: str | None


@dataclass(frozen=True)
class Around:
    """The records of the same kind just before and after this one between a pair of countries."""

    what: str  # 'Agreements', 'Contracts and sales'
    between: tuple[str, str]  # the two countries as named in a sentence
    before: Ref | None
    before_date: Date | None
    after: Ref | None
    after_date: Date | None


@dataclass(frozen=True)
class RoundRow:
    """A dialogue's round, its participants and outcomes resolved."""

    number: int
    date: str
    place: str | None
    participants: tuple[Ref, ...]
    outcomes: tuple[Ref, ...]
    notes: tuple[str, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class EditionRow:
    """An exercise's edition, its countries resolved."""

    number: int | None
    date: str
    end: str | None
    place: str | None
    countries: tuple[Ref, ...]
    services: tuple[str, ...]
    notes: tuple[str, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class InstrumentPage:
    """An instrument's page: what it is, its key facts, timeline, neighbours, parts and relations."""

    record: Record
    sources: tuple[tuple[int, Source], ...]
    identity: str
    facts: tuple[Fact, ...]
    disputes: tuple[tuple[str, tuple[Reading, ...]], ...]
    dated: tuple[Dated, ...]
    neighbours: tuple[Around, ...]
    rounds: tuple[RoundRow, ...]
    editions: tuple[EditionRow, ...]
    with_countries: bool  # some edition names countries other than the parties: a column for them
    related: tuple[Related, ...]
    lineage: Lineage | None  # drawn beside the Related table
    description: str  # its short name and identity: two records can share an identity (signed the same day)


def instrument_page(kb: KnowledgeBase, record: Record) -> InstrumentPage:
    f = record.fields
    sources = numbered_sources(value(f, "sources", []))
    editions = value(f, "editions", [])
    identity = _identity(kb, record)
    return InstrumentPage(
        record, sources, identity, _facts(kb, record, sources), _disputes(record, sources),
        tuple(Dated(e.date, e.what, e.place) for e in kb.entries(record)),
        tuple(_around(kb, n) for n in kb.neighbours.get(record.id, ())),
        tuple(RoundRow(r.number, r.date, r.place, resolve_all(kb, r.participants), resolve_all(kb, r.outcomes),
                       tuple(r.notes), tuple(r.sources)) for r in value(f, "rounds", [])),
        tuple(EditionRow(e.number, e.date, e.end, e.place, resolve_all(kb, e.countries), tuple(e.services),
                         tuple(e.notes), tuple(e.sources)) for e in editions),
        any(e.countries and e.countries != f.parties for e in editions),
        _related(kb, record),
        lineage(kb, record, ref_to),
        f"{record.label}: {identity[:1].lower()}{identity[1:]}.",
    )


def _named(name: str, summary: str | None, otherwise: str) -> str:
    """A description that names the page's record: its summary, after its name unless the summary says it."""
    if not summary:
        return otherwise
    return summary if name.casefold() in summary.casefold() else f"{name}: {summary}"


def _around(kb: KnowledgeBase, n: Any) -> Around:
    def first(record: Record | None) -> Date | None:
        return kb.entries(record)[0].date if record is not None else None

    return Around("Contracts and sales" if n.group == "procurement" else KIND_TITLES[n.group],
                  (in_sentence(kb, n.codes[0]), in_sentence(kb, n.codes[1])),
                  ref_to(n.before) if n.before else None, first(n.before),
                  ref_to(n.after) if n.after else None, first(n.after))


def _identity(kb: KnowledgeBase, record: Record) -> str:
    """One line that says what the record is: 'Memorandum of agreement between India and the United States, signed 29 Aug 2016 at Washington'."""
    f = record.fields
    what = words(value(f, "instrument") or value(f, "type") or value(f, "format") or record.kind)
    parties = [in_sentence(kb, p) for p in value(f, "parties", [])]
    if record.kind == "dialogue":
        what = f"{what} dialogue" if value(f, "format") else "Dialogue"
    text = what
    if len(parties) >= 2:
        text += " between " + ", ".join(parties[:-1]) + " and " + parties[-1]
    elif parties:
        text += f" of {parties[0]}"
    date = value(f, "signed") or value(f, "date")
    verb = "signed" if value(f, "signed") else "on" if record.kind in ("event", "designation") else ""
    if date:
        text += f", {verb} {display_date(date)}" if verb else f", {display_date(date)}"
    if value(f, "place"):
        text += f" {place_phrase(f.place)}"
    for name, noun in (("rounds", "round"), ("editions", "edition")):
        parts = value(f, name, [])
        if parts:
            text += f"; {count(len(parts), noun)} from {display_date(parts[0].date)} to {display_date(parts[-1].date)}"
    return text


def _facts(kb: KnowledgeBase, record: Record, sources: tuple[tuple[int, Source], ...]) -> tuple[Fact, ...]:
    """The rows of the key-facts table: only those with a value, in a fixed order."""
    f = record.fields
    supports: dict[str, list[int]] = defaultdict(list)
    for number, source in sources:
        for name in source.supports:
            supports[name].append(number)
    disputed = {dispute.field for dispute in f.disputed}
    rows: list[Fact] = []

    def add(label: str, field: str = "", **shown: Any) -> None:
        if any(shown.values()):
            rows.append(Fact(label, **shown, sources=tuple(supports.get(field, ())), disputed=field in disputed))
            disputed.discard(field)

    def text(label: str, said: Any, field: str = "") -> None:
        add(label, field, text=str(said) if said else "")

    def refs(label: str, field: str) -> None:
        add(label, field, refs=resolve_all(kb, value(f, field, [])))

    text("Kind", words(record.kind))
    if value(f, "instrument") != record.kind:  # "Kind: Agreement, Instrument: Agreement" says it twice
        text("Instrument", words(value(f, "instrument")), "instrument")
    text("Type", words(value(f, "type")), "type")
    text("Format", words(value(f, "format")), "format")
    text("Also known as", "; ".join(f.aliases), "aliases")
    refs("Parties", "parties")
    refs("Granted by", "granted_by")
    refs("Granted to", "granted_to")
    text("Established", display_date(value(f, "established")), "established")
    text("Signed", display_date(value(f, "signed")), "signed")
    date = display_date(value(f, "date"))
    if value(f, "end"):
        date += f" to {display_date(f.end)}"
    text("Date", date, "date")
    text("Place", value(f, "place"), "place")
    add("Signatories", "signatories", people=tuple(
        (resolve(kb, s.person) if s.person else Ref(s.name), ", ".join(x for x in (s.role, kb.label(s.party) if s.party else None) if x))
        for s in value(f, "signatories", [])))
    refs("Participants", "participants")
    text("Quantity", value(f, "quantity"), "quantity")
    text("Value", value(f, "value"), "value")
    text("In force", display_date(value(f, "in_force")), "in_force")
    text("Duration", value(f, "duration"), "duration")
    period = value(f, "period")
    if period:
        text("Period", f"{display_date(period.start)} to {display_date(period.end)}" if period.end else f"from {display_date(period.start)}", "period")
    ends = expiry(record) if record.kind in ("agreement", "framework") else None
    if ends:
        text("Expires", display_date(ends[0]) if ends[1] == "as recorded" else f"{display_date(ends[0])} ({ends[1]})", "expires")
    status = kb.status(record)
    if status:
        as_of = Date(status.as_of.year, status.as_of.month, status.as_of.day)
        # signed, and no status written: the Signed row gives the date; the status says what is missing
        reason = "" if status.value == "signed" and not value(f, "status") else status.reason
        add("Status", "status", status=Said(STATUS_WORDS[status.value], reason, as_of))
    refs("Family", "families")
    text("What it allows", value(f, "allows"), "allows")
    editions = value(f, "editions", [])
    if editions:
        text("Editions", f"{count(len(editions), 'edition')}, {display_date(editions[0].date)} to {display_date(editions[-1].date)}", "editions")
    text("Domains", ", ".join(f.domains), "domains")
    text("Identifiers", "; ".join(f"{k.upper()} {v}" for k, v in sorted(f.identifiers.items())), "identifiers")
    for name in [d.field for d in f.disputed if d.field in disputed]:  # disputed, and not stated above
        add(words(name), name, unsettled=True)
    return tuple(rows)


def _disputes(record: Record, sources: tuple[tuple[int, Source], ...]) -> tuple[tuple[str, tuple[Reading, ...]], ...]:
    """Each disputed field's label and its readings, each with its sources' numbers on the page."""
    numbers = {source.url: n for n, source in sources}
    return tuple(
        (dispute.about or words(dispute.field),
         tuple(Reading(r.says, tuple(sorted(numbers[u] for u in r.sources if u in numbers))) for r in dispute.readings))
        for dispute in value(record.fields, "disputed", [])
    )


# ---------------------------------------------------------------------------------------------
# A family's page: its members compared
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Compared:
    """A family member as its family's page compares it."""

    ref: Ref
    partners: tuple[Ref, ...]
    date: Date | None
    place: str | None
    signatories: tuple[Ref, ...]  # a person's record, or a name as written
    validity: str
    allows: str | None


@dataclass(frozen=True)
class FamilyPage:
    """A family's page: its members side by side and their shared timeline."""

    record: Record
    sources: tuple[tuple[int, Source], ...]
    members: int
    comparison: tuple[Compared, ...]
    timeline: tuple[TimelineEntry, ...]
    description: str


def family_page(kb: KnowledgeBase, family: Record) -> FamilyPage:
    members = kb.members.get(family.id, [])
    rows = []
    for record in members:
        f = record.fields
        entries = kb.entries(record)
        who = tuple(resolve(kb, s.person) if s.person else Ref(s.name) for s in value(f, "signatories", []))
        ends = expiry(record) if record.kind in ("agreement", "framework") else None
        status = kb.status(record)
        validity = "; ".join(x for x in (
            value(f, "duration"),
            f"until {display_date(ends[0])}" if ends else "",
            STATUS_WORDS[status.value] if status and status.value in ("expired", "superseded", "terminated") else "",
        ) if x)
        rows.append(Compared(ref_to(record), resolve_all(kb, kb.partners(record)), entries[0].date if entries else None,
                             value(f, "place"), who, validity, value(f, "allows")))
    timeline = sorted((e for r in members for e in kb.entries(r)), key=Entry.sort_key)
    return FamilyPage(family, numbered_sources(value(family.fields, "sources", [])), len(members), tuple(rows),
                      tuple(timeline_entry(kb, e) for e in timeline),
                      _named(family.title, value(family.fields, "summary"),
                             f"{family.title}: {count(len(members), 'instrument')} compared side by side in Accords."))


# ---------------------------------------------------------------------------------------------
# People, organisations and countries: who names them
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoleRow:
    """An office a person held, its organisation and country resolved."""

    title: str
    organisation: Ref | None
    party: Ref | None
    from_: str | None
    to: str | None


@dataclass(frozen=True)
class PersonPage:
    """A person's page: offices held, and the records naming them."""

    record: Record
    sources: tuple[tuple[int, Source], ...]
    roles: tuple[RoleRow, ...]
    mentions: tuple[Mentioned, ...]  # the latest LIST_CAP: the search finds the rest
    left_out: LeftOut
    related: tuple[Related, ...]
    description: str


def person_page(kb: KnowledgeBase, record: Record) -> PersonPage:
    roles = tuple(RoleRow(r.title, resolve(kb, r.organisation) if r.organisation else None,
                          resolve(kb, r.party) if r.party else None, r.from_, r.to) for r in record.fields.roles)
    named = len(kb.mentions.get(record.id, []))
    return PersonPage(record, numbered_sources(value(record.fields, "sources", [])), roles,
                      *_mentions(kb, record, LIST_CAP, latest=True), _related(kb, record),
                      _named(record.title, value(record.fields, "summary"),
                             f"{record.title} in Accords: offices held, and {count(named, 'record')} of India's defence "
                             "cooperation they signed, attended or took part in."))


@dataclass(frozen=True)
class OrganisationPage:
    """An organisation's page: its country, and the people and records naming it."""

    record: Record
    sources: tuple[tuple[int, Source], ...]
    party: Ref | None
    mentions: tuple[Mentioned, ...]  # the latest LIST_CAP: the search finds the rest
    left_out: LeftOut
    related: tuple[Related, ...]
    description: str


def organisation_page(kb: KnowledgeBase, record: Record) -> OrganisationPage:
    party = value(record.fields, "party")
    named = len(kb.mentions.get(record.id, []))
    return OrganisationPage(record, numbered_sources(value(record.fields, "sources", [])),
                            resolve(kb, party) if party else None, *_mentions(kb, record, LIST_CAP, latest=True), _related(kb, record),
                            _named(record.title, value(record.fields, "summary"),
                                   f"{record.title} in Accords: the people and {count(named, 'record')} of India's defence "
                                   "cooperation naming it."))


@dataclass(frozen=True)
class CountryPage:
    """A country's page: its country pairs (for India: its partners), and the records naming it."""

    record: Record
    sources: tuple[tuple[int, Source], ...]
    pairs: tuple[PairSummary, ...]
    mentions: tuple[Mentioned, ...]  # the first LIST_CAP: each pair's page lists the rest
    left_out: LeftOut
    description: str


def country_page(kb: KnowledgeBase, record: Record, pairs: tuple[PairSummary, ...]) -> CountryPage:
    """`pairs`: the summaries of the country pairs this country is part of."""
    about = ("India's defence partners and instruments in Accords" if record.id == HOME.lower() else
             f"India's defence instruments with {in_sentence(kb, record.id)} in Accords: agreements, dialogues and exercises, each with its sources")
    return CountryPage(record, numbered_sources(value(record.fields, "sources", [])), pairs,
                       *_mentions(kb, record, LIST_CAP), about)


def record_page_data(kb: KnowledgeBase, record: Record, pairs: Mapping[str, tuple[PairSummary, ...]]) -> tuple[str, Any]:
    """A record page's template and data; `pairs`: the summaries of each country's pairs, by its code."""
    if record.kind in INSTRUMENT_KINDS:
        return "record.md.j2", instrument_page(kb, record)
    if record.kind == "family":
        return "family.md.j2", family_page(kb, record)
    if record.kind == "country":
        return "country.md.j2", country_page(kb, record, pairs.get(record.id.upper(), ()))
    if record.kind == "person":
        return "person.md.j2", person_page(kb, record)
    return "organisation.md.j2", organisation_page(kb, record)
