"""The knowledge base: valid records plus what code derives from them.

Derived facts (computed, never typed by people): inverse relations, who took part in what, the
status of each instrument as of a date with its reason, and the timeline of every dated fact.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .dates import Date, parse_duration
from .schema import COUNTRY_CODE, FORWARD, INVERSE, Record, value

HOME = "IN"  # Accords records India's defence instruments: its partners are the other party


@dataclass(frozen=True)
class Link:
    """A relation seen from one record: the words for it, and the record at the other end."""

    words: str  # e.g. "renews" or, for the inverse, "renewed by"
    relation: str
    other: Record
    inverse: bool


@dataclass(frozen=True)
class Mention:
    """A record naming a person, organisation or country, and in what capacity."""

    role: str  # e.g. "signatory", "participant, round 3", "party"
    record: Record
    date: Date | None = None  # when: a round's date or a role's start, else the record's first dated fact


@dataclass(frozen=True)
class Neighbours:
    """The records of the same kind just before and just after one, between one pair of countries."""

    codes: tuple[str, str]
    group: str  # the record's kind, or "procurement" for a contract or a letter of offer and acceptance
    before: Record | None
    after: Record | None


@dataclass(frozen=True)
class Status:
    """An instrument's status on a date, with the reason code can give for it."""

    value: str  # signed, in-force, expired, superseded, … or unknown
    reason: str
    as_of: dt.date


@dataclass(frozen=True)
class Entry:
    """One dated fact on the timeline."""

    date: Date
    what: str  # e.g. "signed", "entered into force", "round 2", "15th edition"
    record: Record
    place: str | None = None
    end: Date | None = None  # the last day of an event or edition that lasted several

    def sort_key(self) -> tuple:
        # On one day a signing comes before the entry into force it brings
        return (self.date.sort_key(), self.record.id, self.what != "signed", self.what)


@dataclass
class KnowledgeBase:
    """All valid records, indexed, with their derived facts."""

    records: list[Record]
    as_of: dt.date
    by_id: dict[str, Record] = field(default_factory=dict)
    links: dict[str, list[Link]] = field(default_factory=dict)
    mentions: dict[str, list[Mention]] = field(default_factory=dict)
    timeline: list[Entry] = field(default_factory=list)
    by_record: dict[str, list[Entry]] = field(default_factory=dict)
    pairs: dict[tuple[str, str], list[Record]] = field(default_factory=dict)
    neighbours: dict[str, list[Neighbours]] = field(default_factory=dict)
    members: dict[str, list[Record]] = field(default_factory=dict)  # a family's instruments, oldest first
    _statuses: dict[str, Status | None] = field(default_factory=dict, repr=False)

    def of_kind(self, kind: str) -> list[Record]:
        return [r for r in self.records if r.kind == kind]

    def label(self, ref: str) -> str:
        """The readable name of an id or country code."""
        record = self.by_id.get(ref.lower() if COUNTRY_CODE.match(ref) else ref)
        return record.label if record else ref

    def resolve(self, ref: str) -> Record | None:
        return self.by_id.get(ref.lower() if COUNTRY_CODE.match(ref) else ref)

    def entries(self, record: Record) -> list[Entry]:
        return self.by_record.get(record.id, [])

    def countries(self, record: Record) -> list[str]:
        """The countries of a record's parties: a country code as written, an organisation's country
        (its `party`), so that a contract between HAL and GE Aerospace is an India–US record."""
        codes = []
        for party in value(record.fields, "parties", []):
            if not COUNTRY_CODE.match(party):
                organisation = self.by_id.get(party)
                party = value(organisation.fields, "party") if organisation is not None else None
            if party and COUNTRY_CODE.match(party) and party not in codes:
                codes.append(party)
        return codes

    def first_date_key(self, record: Record) -> tuple:
        """Oldest first by the record's first dated fact, undated last, then by name."""
        entries = self.entries(record)
        return (entries[0].date.sort_key() if entries else (10_000, 0, 0), record.label.casefold(), record.id)

    def partners(self, record: Record, home: str = HOME) -> list[str]:
        """The countries of a record other than `home` (India's partners in it)."""
        codes = self.countries(record)
        return [c for c in codes if c != home] if home in codes else codes

    def status(self, record: Record) -> Status | None:
        """The record's status as of the knowledge base's date (computed once, then remembered)."""
        if record.id not in self._statuses:
            self._statuses[record.id] = compute_status(record, self.links.get(record.id, []), self.as_of)
        return self._statuses[record.id]


def build_kb(records: Iterable[Record], as_of: dt.date) -> KnowledgeBase:
    """Index valid records and derive their relations, mentions and timeline."""
    ordered = sorted(records, key=lambda r: (r.kind, r.id))
    kb = KnowledgeBase(ordered, as_of, by_id={r.id: r for r in ordered})
    links: dict[str, list[Link]] = defaultdict(list)
    mentions: dict[str, list[Mention]] = defaultdict(list)
    for record in ordered:
        for link in record.fields.related:
            other = kb.by_id.get(link.id)
            if other is None:
                continue
            links[record.id].append(Link(FORWARD[link.relation], link.relation, other, False))
            links[other.id].append(Link(INVERSE[link.relation], link.relation, record, True))
        entries = _entries(record)
        first = min((entry.date for entry in entries), key=Date.sort_key, default=None)
        for ref, role, date in _named(record):
            target = kb.resolve(ref)
            if target is not None and target.id != record.id:
                mentions[target.id].append(Mention(role, record, date or first))
        kb.timeline += entries
    for record in ordered:  # outcomes announced at an event or round read as a relation too
        for outcome, words in _outcomes(record):
            other = kb.by_id.get(outcome)
            if other is not None:
                links[record.id].append(Link(words, "outcome", other, False))
                links[other.id].append(Link("outcome of", "outcome", record, True))
    kb.links = {key: _dedupe(found) for key, found in links.items()}
    kb.mentions = {key: sorted(found, key=_in_date_order) for key, found in mentions.items()}
    for record in ordered:  # an expiry is a fact once it has passed, and only if nothing replaced it first
        status = kb.status(record)
        if status is not None and status.value == "expired":
            ends = expiry(record)
            assert ends is not None  # expired: it has an expiry
            kb.timeline.append(Entry(ends[0], "expired" if ends[1] == "as recorded" else f"expired ({ends[1]})", record))
    kb.timeline.sort(key=Entry.sort_key)
    by_record: dict[str, list[Entry]] = defaultdict(list)
    for entry in kb.timeline:
        by_record[entry.record.id].append(entry)
    kb.by_record = dict(by_record)
    pairs: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for record in ordered:
        codes = sorted(set(kb.countries(record)))
        for i, a in enumerate(codes):
            for b in codes[i + 1:]:
                pairs[(a, b)].append(record)
    kb.pairs = dict(sorted(pairs.items()))
    kb.neighbours = _neighbours(kb)
    members: dict[str, list[Record]] = defaultdict(list)
    for record in ordered:
        for family in value(record.fields, "families", []):
            members[family].append(record)
    kb.members = {family: sorted(found, key=kb.first_date_key) for family, found in members.items()}
    return kb


def _neighbours(kb: KnowledgeBase) -> dict[str, list[Neighbours]]:
    """For each dated record, the one of its kind before and after it between each country pair:
    what came before an agreement between India and the United States, and what followed."""
    found: dict[str, list[Neighbours]] = defaultdict(list)
    for codes, records in kb.pairs.items():
        by_kind: dict[str, list[tuple[tuple, Record]]] = defaultdict(list)
        for record in records:
            entries = kb.entries(record)
            if entries:
                by_kind[neighbour_group(record)].append(((entries[0].date.sort_key(), record.label.casefold(), record.id), record))
        for group, dated in by_kind.items():
            line = [record for _, record in sorted(dated, key=lambda pair: pair[0])]
            for i, record in enumerate(line):
                if len(line) > 1:
                    found[record.id].append(Neighbours(codes, group, line[i - 1] if i else None, line[i + 1] if i + 1 < len(line) else None))
    return dict(found)


PROCUREMENT = ("contract", "letter-of-offer-and-acceptance")


def neighbour_group(record: Record) -> str:
    """What a record is ordered among: its kind, except that purchases (a contract, a letter of offer
    and acceptance, or an agreement with a value or quantity) form their own line: what came before
    BECA is an agreement on cooperation, not a helicopter deal."""
    f = record.fields
    purchase = value(f, "instrument") in PROCUREMENT or value(f, "value") or value(f, "quantity")
    return "procurement" if purchase else record.kind


def _dedupe(links: list[Link]) -> list[Link]:
    seen, out = set(), []
    for link in links:
        key = link.other.id  # one line per neighbour: a typed relation beats "outcome"
        if key not in seen:
            seen.add(key)
            out.append(link)
    return out


def _named(record: Record) -> Iterable[tuple[str, str, Date | None]]:
    """Every person, organisation or country a record names, with the capacity it names them in,
    and the date of that capacity where it is not the record's (a dialogue's round, a role's start)."""
    f = record.fields
    for party in value(f, "parties", []):
        yield party, "party", None
    for party in value(f, "granted_by", []):
        yield party, "granted by", None
    for party in value(f, "granted_to", []):
        yield party, "granted to", None
    for s in value(f, "signatories", []):
        if s.person:
            yield s.person, f"signatory ({s.role})" if s.role else "signatory", None
    for person in value(f, "participants", []):
        yield person, "participant", None
    for r in value(f, "rounds", []):
        for person in r.participants:
            yield person, f"participant, round {r.number}", Date.parse(r.date)
    for role in value(f, "roles", []):
        if role.organisation:
            yield role.organisation, role.title, Date.parse(role.from_) if role.from_ else None
    if value(f, "party"):
        yield f.party, "organisation of this country", None


def _in_date_order(mention: Mention) -> tuple:
    """Oldest first, then by name; undated last."""
    when = mention.date.sort_key() if mention.date else (10_000, 0, 0)
    return (when, mention.record.label.casefold(), mention.record.id, mention.role)


def _outcomes(record: Record) -> Iterable[tuple[str, str]]:
    for outcome in value(record.fields, "outcomes", []):
        yield outcome, "outcome"
    for r in value(record.fields, "rounds", []):
        for outcome in r.outcomes:
            yield outcome, f"outcome of round {r.number}"


def expiry(record: Record) -> tuple[Date, str] | None:
    """When an instrument expires: as recorded, or computed from its duration, with how it was found."""
    f = record.fields
    if value(f, "expires"):
        return Date.parse(f.expires), "as recorded"
    duration = value(f, "duration")
    start_name = "in_force" if value(f, "in_force") else "signed" if value(f, "signed") else None
    if duration and start_name:
        start = Date.parse(value(f, start_name))
        words = "entry into force" if start_name == "in_force" else "signing"
        return start.plus(parse_duration(duration)), f"{duration} after {words}"
    return None


def compute_status(record: Record, links: list[Link], as_of: dt.date) -> Status | None:
    """The status of an agreement or framework on `as_of`, from its dates and relations."""
    if record.kind not in ("agreement", "framework"):
        return None
    f = record.fields
    if f.status:
        return Status(f.status, "as recorded in the record", as_of)
    for link in links:
        if link.inverse and link.relation in ("supersedes", "renews"):
            # the replacing record may be of any kind: a dialogue has neither date
            start = value(link.other.fields, "in_force") or value(link.other.fields, "signed")
            if start and Date.parse(start).earliest() <= as_of:
                return Status("superseded", f"{link.words} {link.other.label} ({Date.parse(start).display()})", as_of)
    ends = expiry(record)
    if ends and ends[0].latest() < as_of:
        return Status("expired", f"expired {ends[0].display()} ({ends[1]})", as_of)
    until = f" until {ends[0].display()} ({ends[1]})" if ends else ""
    if f.in_force and Date.parse(f.in_force).earliest() <= as_of:
        return Status("in-force", f"in force since {Date.parse(f.in_force).display()}{until}", as_of)
    if f.signed and Date.parse(f.signed).earliest() <= as_of:
        return Status("signed", f"signed {Date.parse(f.signed).display()}; no source gives its entry into force{until}", as_of)
    return Status("unknown", "no signing or entry-into-force date is recorded", as_of)


def _entries(record: Record) -> list[Entry]:
    f = record.fields
    place = value(f, "place")
    out: list[Entry] = []
    if record.kind in ("agreement", "framework"):
        if f.signed:
            out.append(Entry(Date.parse(f.signed), "signed", record, place))
        if f.in_force:
            out.append(Entry(Date.parse(f.in_force), "entered into force", record))
        for renewal in value(f, "renewals", []):
            out.append(Entry(Date.parse(renewal.date), "renewed", record))
    elif record.kind == "dialogue":
        if f.established:
            out.append(Entry(Date.parse(f.established), "established", record))
        for r in f.rounds:
            out.append(Entry(Date.parse(r.date), f"round {r.number}", record, r.place))
    elif record.kind == "designation":
        out.append(Entry(Date.parse(f.date), "designated", record))
    elif record.kind == "event":
        out.append(Entry(Date.parse(f.date), f.type, record, place, Date.parse(f.end) if f.end else None))
    elif record.kind == "exercise":
        for edition in f.editions:
            end = Date.parse(edition.end) if edition.end else None
            out.append(Entry(Date.parse(edition.date), edition_name(edition.number), record, edition.place, end))
    return out


def edition_name(number: int | None) -> str:
    """'15th edition', or 'edition' where sources give no ordinal."""
    if number is None:
        return "edition"
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix} edition"
