"""The record model, defined once: every kind, field, vocabulary and description.

The JSON Schema (`accords schema`), the field reference on the site and the `accords new` templates
are all derived from these classes. Fields here are *raw* fields, written by people; computed facts
(inverse relations, status, timeline) live in `knowledge.py`.
"""

from __future__ import annotations

import functools
import re
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar, Literal
from urllib.parse import urlsplit

import pycountry
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from .dates import Date, parse_duration

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
COUNTRY_PATTERN = r"^[A-Z]{2}$"
ID_RE = re.compile(ID_PATTERN)
COUNTRY_CODE = re.compile(COUNTRY_PATTERN)  # the shape of a code; COUNTRY_CODES says which codes exist
_SPACE = re.compile(r"\s")

# ISO 3166-1 alpha-2, as pycountry keeps it: the codes a party or a country file may use.
COUNTRY_CODES: frozenset[str] = frozenset(country.alpha_2 for country in pycountry.countries)
# Codes people write that ISO does not have, and the country they mean (England is not an ISO country).
_NOT_ISO = {"UK": "GB", "EN": "GB", "ENG": "GB", "EL": "GR", "UAE": "AE", "KSA": "SA", "ROK": "KR", "PRC": "CN", "RUSSIA": "RU"}
_THE = ("United ", "Russian Federation", "Netherlands", "Philippines", "Maldives", "Bahamas", "Comoros", "Seychelles", "Czech Republic",
        "Dominican Republic", "Central African Republic", "Gambia", "Holy See", "Marshall Islands", "Solomon Islands", "Cayman Islands")


def country_hint(text: str) -> str:
    """What an unknown country code or name was meant to be, e.g. 'UK' → 'the ISO code of the United
    Kingdom is GB', or '' where nothing fits."""
    key = text.strip().upper()
    code = _NOT_ISO.get(key)
    if code is None and key not in COUNTRY_CODES:
        try:
            code = pycountry.countries.lookup(text.strip()).alpha_2  # an alpha-3 code (USA), a name (India)
        except LookupError:
            return ""
    country = pycountry.countries.get(alpha_2=code) if code is not None else None
    if country is None:
        return ""
    name = getattr(country, "common_name", None) or country.name
    return f"the ISO code of {'the ' if name.startswith(_THE) else ''}{name} is {code}"

# ---------------------------------------------------------------------------------------------
# Vocabularies
# ---------------------------------------------------------------------------------------------

Domain = Literal[
    "land", "air", "maritime", "space", "cyber", "logistics", "communications", "geospatial",
    "intelligence", "information-security", "industry", "technology", "innovation", "trade",
    "procurement", "training", "exercises", "policy", "nuclear", "counter-terrorism",
]
Instrument = Literal[
    "treaty", "agreement", "framework", "memorandum-of-agreement", "memorandum-of-understanding",
    "memorandum-of-intent", "annex", "protocol", "exchange-of-notes", "arrangement", "roadmap",
    "joint-statement", "initiative", "regulation", "contract", "letter-of-offer-and-acceptance",
]
Relation = Literal[
    "supersedes", "renews", "follows", "amends", "annex-to", "implements", "signed-at",
    "announced-at", "part-of",
]
Status = Literal["signed", "in-force", "expired", "terminated", "superseded", "suspended", "not-in-force"]
DialogueFormat = Literal[
    "ministerial-2-plus-2", "ministerial", "secretary-level", "official", "working-group",
    "initiative", "track-1-5", "summit",
]
EventType = Literal[
    "call", "visit", "meeting", "summit", "announcement", "signing", "launch",
    "conference", "procurement", "other",
]
SourceType = Literal["official", "news", "analysis", "reference"]
IdentifierScheme = Literal["tias", "unts", "wikidata", "federal-register", "fr-doc", "dsca"]

# The inverse of each relation, as it is shown on the other record's page.
INVERSE: dict[str, str] = {
    "supersedes": "superseded by",
    "renews": "renewed by",
    "follows": "followed by",
    "amends": "amended by",
    "annex-to": "has annex",
    "implements": "implemented by",
    "signed-at": "venue of signing of",
    "announced-at": "announcement of",
    "part-of": "includes",
}
FORWARD: dict[str, str] = {
    "supersedes": "supersedes",
    "renews": "renews",
    "follows": "follows",
    "amends": "amends",
    "annex-to": "annex to",
    "implements": "implements",
    "signed-at": "signed at",
    "announced-at": "announced at",
    "part-of": "part of",
}

# Relations link instruments: the kinds that may state one, and the kinds each may point at, so that
# the other record's page reads true ("venue of signing of" on a dialogue, never on a person). People,
# organisations, countries and families are named in their own fields (signatories, parties…).
INSTRUMENT_KINDS = ("agreement", "framework", "dialogue", "designation", "event", "exercise")
RELATION_TARGETS: dict[str, tuple[str, ...]] = {
    "supersedes": ("agreement", "framework", "dialogue", "designation", "exercise"),  # what can be replaced: not an event, which happened
    "renews": ("agreement", "framework"),  # what is signed and runs for a period
    "amends": ("agreement", "framework"),  # a signed text
    "follows": INSTRUMENT_KINDS,  # comes after and builds on
    "annex-to": ("agreement", "framework"),
    "implements": ("agreement", "framework", "designation"),  # what sets out commitments
    "signed-at": ("dialogue", "event"),  # a meeting: a round of a dialogue, a visit, a summit
    "announced-at": ("dialogue", "event", "agreement", "framework"),  # a meeting, or a joint statement (an agreement or framework)
    "part-of": INSTRUMENT_KINDS,
}

# ---------------------------------------------------------------------------------------------
# Scalar types: each raises a coded error (the error type is the check code) with a clear message.
# ---------------------------------------------------------------------------------------------


def check_id(value: str) -> str:
    if not ID_RE.match(value):
        raise PydanticCustomError(
            "ACC105", "'{value}' is not an id: use lowercase letters, digits and single hyphens, e.g. 'lemoa' or 'jivesh-nandan'", {"value": value})
    return value


def check_party(value: str) -> str:
    if COUNTRY_CODE.match(value):
        if value not in COUNTRY_CODES:
            hint = country_hint(value) or "see https://www.iso.org/obp/ui/#search/code/ for the codes"
            raise PydanticCustomError("ACC105", "'{value}' is not an ISO 3166-1 country code: {hint}", {"value": value, "hint": hint})
        return value
    if not ID_RE.match(value):
        hint = country_hint(value)
        raise PydanticCustomError(
            "ACC105",
            "'{value}' is not a party: use an ISO 3166-1 alpha-2 country code in capitals (e.g. IN, US) or an organisation id{hint}",
            {"value": value, "hint": f"; {hint}" if hint else ""},
        )
    return value


def check_text(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("ACC105", "text is empty: write something or leave the field out", {})
    return value


def check_date(value: str) -> str:
    try:
        Date.parse(value)
    except ValueError as exc:
        raise PydanticCustomError("ACC301", str(exc).replace("{", "(").replace("}", ")"), {}) from None
    return value


def _year_as_text(value: Any) -> Any:
    # `signed: 2016` is a YAML number; a four-digit year is meant as a date.
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return str(value)
    return value


def check_duration(value: str) -> str:
    try:
        parse_duration(value)
    except ValueError as exc:
        raise PydanticCustomError("ACC105", str(exc).replace("{", "(").replace("}", ")"), {}) from None
    return value


def check_url(value: str) -> str:
    parts = urlsplit(value) if value.isprintable() and value == value.strip() else None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.username is not None
        or _SPACE.search(value)
    ):
        raise PydanticCustomError(
            "ACC501",
            "'{value}' is not an absolute http(s) link: write it as https://host/path, with no spaces or credentials",
            {"value": value[:200]},
        )
    return value


Text = Annotated[str, AfterValidator(check_text), Field(json_schema_extra={"pattern": r"\S"})]
Id = Annotated[str, AfterValidator(check_id), Field(json_schema_extra={"pattern": ID_PATTERN})]
# One group around the alternation: `^A|B$` would accept anything that starts like a code.
PARTY_PATTERN = f"^({'|'.join(sorted(COUNTRY_CODES))}|{ID_PATTERN[1:-1]})$"
Party = Annotated[str, AfterValidator(check_party), Field(json_schema_extra={"pattern": PARTY_PATTERN})]
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?[?~%]?$"
DateText = Annotated[
    str,
    BeforeValidator(_year_as_text),
    AfterValidator(check_date),
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": DATE_PATTERN}, {"type": "integer", "minimum": 1000, "maximum": 9999}]}),
]
Duration = Annotated[str, AfterValidator(check_duration), Field(json_schema_extra={"pattern": r"^\d+ (year|month|week|day)s?$"})]
Url = Annotated[str, AfterValidator(check_url), Field(json_schema_extra={"format": "uri", "pattern": "^https?://"})]


# ---------------------------------------------------------------------------------------------
# Parts of records
# ---------------------------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)


class Source(_Strict):
    """A published page that states facts of this record: a reader can follow it and read them there."""

    suggested: ClassVar[tuple[str, ...]] = ("supports",)  # offered, uncommented, in `accords new` templates

    title: Text = Field(description="The title of the page or document, as published.")
    url: Url = Field(description="Its address: an absolute http(s) link, copied exactly. A document with no web copy is not a source.")
    type: SourceType = Field(
        description=("What the page is: official (a government's or official body's own page or text), news, analysis (think tank, "
                     "scholarship, opinion) or reference (encyclopaedia, database, a mirror of a law or regulation)."),
    )
    publisher: Text | None = Field(None, description="Who published it, e.g. Reuters or the US Department of Defense.")
    published: DateText | None = Field(None, description="When it was published (YYYY, YYYY-MM or YYYY-MM-DD).")
    archived: Url | None = Field(None, description="An archived copy of the same page (e.g. on web.archive.org), for when the original moves or disappears.")
    supports: list[str] = Field(
        default_factory=list,
        description=("The fact fields whose facts this page's text states, e.g. [signed, place]. "
                     "Every fact field the record states must be named by at least one of its sources."),
    )


class Reading(_Strict):
    """What one group of sources says of a disputed fact."""

    says: Text = Field(description="The reading in plain words, e.g. '28 June 2005 (a Tuesday)'.")
    sources: list[Url] = Field(min_length=1, description="The URLs of the sources (listed in this record's sources) that say so.")


class Dispute(_Strict):
    """A fact on which sources disagree: every reading is shown with its sources."""

    field: str = Field(description="The field the sources disagree on, e.g. signed or signatories.")
    about: Text | None = Field(None, description="What exactly is disputed, where the field's name alone does not say, e.g. 'End of the 17th edition (2021)'.")
    readings: list[Reading] = Field(min_length=2, description="Each reading, with the sources that give it.")


class Related(_Strict):
    """A typed link to another record; the inverse appears on that record's page by itself."""

    id: Id = Field(description="The id of the other record: an instrument of a kind its relation may point at.")
    relation: Relation = Field(description="How this record relates to it.")


class Signatory(_Strict):
    """Who signed, for which party: a person record, or a name where no record exists."""

    model_config = ConfigDict(json_schema_extra={"oneOf": [  # exactly one of person and name, as _person_or_name says
        {"required": ["person"], "properties": {"person": {"type": "string"}}},
        {"required": ["name"], "properties": {"name": {"type": "string"}}},
    ]})

    person: Id | None = Field(None, description="The id of a person record (preferred).")
    name: Text | None = Field(None, description="The name as written, where there is no person record.")
    role: Text | None = Field(None, description="Their office when signing.")
    party: Party | None = Field(None, description="The party they signed for: a country code or an organisation id.")

    @model_validator(mode="after")
    def _person_or_name(self) -> Signatory:
        if (self.person is None) == (self.name is None):
            raise PydanticCustomError("ACC102", "a signatory needs exactly one of 'person' (an id) or 'name'", {})
        return self


class Period(_Strict):
    """The span a framework covers."""

    start: DateText = Field(description="First year (or date) covered.")
    end: DateText | None = Field(None, description="Last year (or date) covered.")


class Renewal(_Strict):
    """A renewal of a framework, with the sources that report it."""

    facts: ClassVar[tuple[str, ...]] = ("date",)

    date: DateText = Field(description="When it was renewed.")
    note: Text | None = Field(None, description="What the renewal changed.")
    sources: list[Source] = Field(default_factory=list, description="Sources for the renewal.")


class Round(_Strict):
    """One meeting of a dialogue."""

    facts: ClassVar[tuple[str, ...]] = ("date", "place", "participants")

    number: int = Field(ge=1, description="Its ordinal: 1 for the first (inaugural) round.")
    date: DateText = Field(description="When it was held.")
    place: Text | None = Field(None, description="Where it was held.")
    participants: list[Id] = Field(default_factory=list, description="Person ids of the co-chairs and principals.")
    outcomes: list[Id] = Field(default_factory=list, description="Ids of records signed, announced or launched there.")
    notes: list[Text] = Field(default_factory=list, description="Remarks, e.g. where sources disagree.")
    sources: list[Source] = Field(default_factory=list, description="Sources for this round.")


class Edition(_Strict):
    """One edition of an exercise series."""

    facts: ClassVar[tuple[str, ...]] = ("number", "date", "end", "place", "countries", "services")

    number: int | None = Field(None, ge=1, description="Its ordinal, where sources give one: 15 for the 15th edition.")
    date: DateText = Field(description="When it began (a year or month where sources give no day).")
    end: DateText | None = Field(None, description="When it ended.")
    place: Text | None = Field(None, description="Where it was held.")
    countries: list[Party] = Field(default_factory=list, description="The participating countries, where sources name them (e.g. a multilateral edition).")
    services: list[Text] = Field(default_factory=list, description="The participating services or units, e.g. Indian Army.")
    notes: list[Text] = Field(default_factory=list, description="Remarks, e.g. where sources disagree.")
    sources: list[Source] = Field(default_factory=list, description="Sources for this edition.")


class Role(_Strict):
    """An office a person held."""

    title: Text = Field(description="The office, e.g. Minister of Defence.")
    organisation: Id | None = Field(None, description="The organisation id, where there is a record.")
    party: Party | None = Field(None, description="The country code (or organisation id) served.")
    from_: DateText | None = Field(None, alias="from", description="When they took office.")
    to: DateText | None = Field(None, description="When they left office.")


# ---------------------------------------------------------------------------------------------
# Record kinds
# ---------------------------------------------------------------------------------------------


class _Record(_Strict):
    kind: ClassVar[str]
    folder: ClassVar[str]
    label_field: ClassVar[str] = "title"
    # Fact fields: each one a record states must be named in the `supports` of one of its sources.
    facts: ClassVar[tuple[str, ...]] = ()

    aliases: list[Text] = Field(default_factory=list, description="Other names, in any script, e.g. the name another source uses.")
    tags: list[Id] = Field(default_factory=list, description="Free keywords, lowercase with hyphens.")
    identifiers: dict[IdentifierScheme, Text] = Field(default_factory=dict, description="Catalogue numbers, e.g. tias: 02-117.")
    notes: list[Text] = Field(default_factory=list, description="Remarks for readers, e.g. where sources disagree or a fact is unverified.")
    related: list[Related] = Field(default_factory=list, description="Typed links to other records.")


class _Instrument(_Record):
    title: Text = Field(description="The official name.")
    short_title: Text | None = Field(None, description="The common short name or acronym, e.g. LEMOA.")
    summary: Text = Field(description="Two to four plain sentences, written fresh.")
    parties: list[Party] = Field(default_factory=list, description="Country codes (ISO 3166-1 alpha-2, e.g. IN, US) or organisation ids.")
    domains: list[Domain] = Field(default_factory=list, description="Areas of cooperation.")
    sources: list[Source] = Field(min_length=1, description="At least one published source.")
    disputed: list[Dispute] = Field(default_factory=list, description="Facts on which sources disagree, each reading with its sources.")
    families: list[Id] = Field(
        default_factory=list, description="Ids of the families of like instruments it belongs to, e.g. logistics-support-agreements (data/families/).")


class Agreement(_Instrument):
    """A signed instrument: treaty, agreement, memorandum, annex, arrangement, roadmap, contract."""

    kind = "agreement"
    folder = "agreements"
    facts: ClassVar[tuple[str, ...]] = (
        "instrument", "signed", "place", "signatories", "in_force", "duration", "expires", "status", "value", "quantity", "allows")

    instrument: Instrument = Field(description="The form of the instrument.")
    signed: DateText | None = Field(None, description="When it was signed.")
    place: Text | None = Field(None, description="Where it was signed.")
    signatories: list[Signatory] = Field(default_factory=list, description="Who signed it, and for whom.")
    in_force: DateText | None = Field(None, description="When it entered into force.")
    duration: Duration | None = Field(None, description="How long it runs, e.g. '10 years'.")
    expires: DateText | None = Field(None, description="When it expires, where a source says so.")
    status: Status | None = Field(None, description="Only where it cannot be computed from the dates and relations.")
    value: Text | None = Field(
        None, description="For a contract or sale: its value as the sources give it, with the currency, e.g. 'US$737 million' or 'Rs 5,375 crore'.")
    quantity: Text | None = Field(None, description="For a contract or sale: what and how many, e.g. '145 M777 howitzers'.")
    allows: Text | None = Field(None, description="What it allows or commits the parties to, in one plain sentence, as a source states it.")


class Framework(Agreement):
    """A framework for a relationship, usually for a fixed period and renewed."""

    kind = "framework"
    folder = "frameworks"
    facts = Agreement.facts + ("period",)

    period: Period | None = Field(None, description="The years it covers.")
    renewals: list[Renewal] = Field(default_factory=list, description="Renewals, each with its date and sources.")


class Dialogue(_Instrument):
    """A standing dialogue or initiative that meets in rounds."""

    kind = "dialogue"
    folder = "dialogues"
    facts = ("established",)

    format: DialogueFormat | None = Field(None, description="The level or form of the dialogue.")
    established: DateText | None = Field(None, description="When it was set up or announced.")
    rounds: list[Round] = Field(default_factory=list, description="Its meetings, numbered in date order.")


class Designation(_Instrument):
    """A status one party grants another, e.g. Major Defence Partner."""

    kind = "designation"
    folder = "designations"
    facts = ("date", "granted_by", "granted_to", "instrument")

    date: DateText = Field(description="When it was granted.")
    granted_by: list[Party] = Field(default_factory=list, description="Who granted it.")
    granted_to: list[Party] = Field(default_factory=list, description="Who received it.")
    instrument: Instrument | None = Field(None, description="The instrument that granted it, e.g. joint-statement or regulation.")


class Event(_Instrument):
    """Something that happened on a date: a call, visit, meeting, announcement, launch."""

    kind = "event"
    folder = "events"
    facts = ("date", "end", "place", "participants")

    date: DateText = Field(description="When it happened (the first day, if it lasted several).")
    end: DateText | None = Field(None, description="The last day, if it lasted several.")
    type: EventType = Field(description="What kind of event it was.")
    participants: list[Id] = Field(default_factory=list, description="Person ids of those who took part.")
    place: Text | None = Field(None, description="Where it happened.")
    outcomes: list[Id] = Field(default_factory=list, description="Ids of records it produced or announced.")


class Exercise(_Instrument):
    """A series of military exercises, held in editions."""

    kind = "exercise"
    folder = "exercises"

    editions: list[Edition] = Field(default_factory=list, description="Its editions, in date order.")


class Family(_Record):
    """A family of like instruments across partners, e.g. logistics support agreements: its page compares them."""

    kind = "family"
    folder = "families"

    title: Text = Field(description="The family's name, plural, e.g. Logistics support agreements.")
    summary: Text = Field(description="What its members have in common, in one to three plain sentences.")
    sources: list[Source] = Field(default_factory=list, description="Sources for the name or the definition, where it needs one.")


class Person(_Record):
    """A person named by other records: a minister, official or signatory."""

    kind = "person"
    folder = "people"
    label_field = "name"

    name: Text = Field(description="The name as commonly written.")
    summary: Text | None = Field(None, description="One or two plain sentences.")
    roles: list[Role] = Field(default_factory=list, description="Offices held, with dates where sources give them.")
    sources: list[Source] = Field(min_length=1, description="At least one published source.")


class Organisation(_Record):
    """A ministry, agency or body named by other records."""

    kind = "organisation"
    folder = "organisations"
    label_field = "name"

    name: Text = Field(description="The official name.")
    abbreviation: Text | None = Field(None, description="The usual abbreviation, e.g. NGA.")
    party: Party | None = Field(None, description="The country code it belongs to.")
    summary: Text | None = Field(None, description="One or two plain sentences.")
    sources: list[Source] = Field(min_length=1, description="At least one published source.")


class Country(_Record):
    """A state, referred to by its ISO 3166-1 alpha-2 code; the file is named by the code in lowercase."""

    kind = "country"
    folder = "countries"
    label_field = "name"

    name: Text = Field(description="The common English short name, e.g. United States.")
    in_sentence: Text | None = Field(None, description="The name inside a sentence, where it differs, e.g. 'the United States'.")
    sources: list[Source] = Field(default_factory=list, description="Sources, where needed.")


KINDS: dict[str, type[_Record]] = {
    cls.kind: cls for cls in (Agreement, Framework, Dialogue, Designation, Event, Exercise, Family, Person, Organisation, Country)
}
FOLDERS: dict[str, str] = {cls.folder: kind for kind, cls in KINDS.items()}
RecordModel = _Record


def references(f: _Record) -> Iterator[tuple[tuple, str, set[str]]]:
    """Every reference a record makes: its location, the id or code, and the kinds it may name.

    The one list of reference fields: checked for ACC401–403, and what a record's page may show of others."""
    parties = {"country", "organisation"}
    for i, party in enumerate(value(f, "parties", [])):
        yield ("parties", i), party, parties
    for name in ("granted_by", "granted_to"):
        for i, party in enumerate(value(f, name, [])):
            yield (name, i), party, parties
    if value(f, "party"):
        yield ("party",), value(f, "party"), parties
    for i, s in enumerate(value(f, "signatories", [])):
        if s.person:
            yield ("signatories", i, "person"), s.person, {"person"}
        if s.party:
            yield ("signatories", i, "party"), s.party, parties
    for i, role in enumerate(value(f, "roles", [])):
        if role.organisation:
            yield ("roles", i, "organisation"), role.organisation, {"organisation"}
        if role.party:
            yield ("roles", i, "party"), role.party, parties
    for i, family in enumerate(value(f, "families", [])):
        yield ("families", i), family, {"family"}
    for i, link in enumerate(f.related):
        yield ("related", i, "id"), link.id, set(RELATION_TARGETS[link.relation])
    for i, edition in enumerate(value(f, "editions", [])):
        for j, party in enumerate(edition.countries):
            yield ("editions", i, "countries", j), party, {"country"}
    for prefix, holder in [((), f)] + [(("rounds", i), r) for i, r in enumerate(value(f, "rounds", []))]:
        for i, person in enumerate(value(holder, "participants", [])):
            yield prefix + ("participants", i), person, {"person"}
        for i, outcome in enumerate(value(holder, "outcomes", [])):
            yield prefix + ("outcomes", i), outcome, set(INSTRUMENT_KINDS)


def sourced_parts(f: _Record) -> Iterator[tuple[tuple, BaseModel]]:
    """The record and each part with sources of its own (round, edition, renewal), with its location:
    the facts of each are backed by its own sources."""
    yield (), f
    for name in ("rounds", "editions", "renewals"):
        for i, part in enumerate(value(f, name, [])):
            yield (name, i), part


def value(fields: BaseModel, name: str, default: Any = None) -> Any:
    """A field's value, or default where this kind has no such field (fast: no pydantic __getattr__)."""
    return fields.__dict__.get(name, default)


def nested_model(annotation: Any) -> type[BaseModel] | None:
    """The part model inside a field's type (e.g. Source in list[Source]), if there is one."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = nested_model(arg)
        if found:
            return found
    return None


@dataclass(frozen=True)
class Record:
    """A record whose fields passed the model: its id, kind, file, fields and where each value is."""

    id: str
    kind: str
    path: str
    fields: Any  # the model of its kind (Agreement, Dialogue…): which attributes it has depends on the kind
    # Document.where: (path, key=False) -> (line, col). Not compared: two parses of the same text give
    # equal records (a page's data hold its record, and a rebuild compares them).
    where: Callable[..., tuple[int, int]] = field(compare=False)

    @functools.cached_property
    def label(self) -> str:
        """The name a reader knows it by: short title, else title or name."""
        return value(self.fields, "short_title") or self.title

    @functools.cached_property
    def title(self) -> str:
        return value(self.fields, self.fields.label_field)
