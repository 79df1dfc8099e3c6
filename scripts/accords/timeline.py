"""The timeline's pages as data: the decade overview (`timeline.md`) and the year pages (`years/<year>.md`).

This module decides what the pages hold (each entry's date, kind, domains and country pairs, the
headings a year page is split under, the bars of the overview); the templates `timeline.md.j2`,
`year.md.j2` and `_entries.md.j2` only lay it out, and `docs/assets/accords.js` filters and orders
what they show. Every value here is frozen, and text from YAML is escaped where it is turned into
markup (the kind icons and the bars are built here from fixed strings and numbers only)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass

from markupsafe import Markup

from .dates import Date
from .knowledge import HOME, Entry, KnowledgeBase
from .mdtext import attribute, text
from .schema import KINDS, Record, value

KIND_NAMES = {  # one entry's kind, as its badge says it
    "agreement": "Agreement", "framework": "Framework", "dialogue": "Dialogue", "designation": "Designation",
    "event": "Event", "exercise": "Exercise",
}
KIND_PLURALS = {"agreement": "Agreements", "framework": "Frameworks", "dialogue": "Dialogues",
                "designation": "Designations", "event": "Events", "exercise": "Exercises"}
# Each kind's icon: paths of Material Design Icons as Material for MkDocs bundles them (Apache 2.0),
# copied here so that no page fetches anything: file-sign, handshake, forum, star-circle, calendar-star, flag.
KIND_ICONS = {
    "agreement": "M19.7 12.9 14 18.6h-2.3v-2.3l5.7-5.7zm3.4-.8c0 .3-.3.6-.6.9L20 15.5l-.9-.9 2.6-2.6-.6-.6-.7.7-2.3-2.3 2.2-2.1c.2-.2.6-.2.9 "
                 "0l1.4 1.4c.2.2.2.6 0 .9-.2.2-.4.4-.4.6s.2.4.4.6c.3.3.6.6.5.9M3 20V4h7v5h5v1.5l2-2V8l-6-6H3c-1.1 0-2 .9-2 2v16c0 1.1.9 2 2 "
                 "2h12c1.1 0 2-.9 2-2zm8-2.9c-.2 0-.4.1-.5.1L10 15H8.5l-2.1 1.7L7 14H5.5l-1 5H6l2.9-2.6.6 2.3h1l.5-.1z",
    "framework": "M11 6h3l3.29-3.3a1 1 0 0 1 1.42 0l2.58 2.59a1 1 0 0 1 0 1.41L19 9h-8v2a1 1 0 0 1-1 1 1 1 0 0 1-1-1V8a2 2 0 0 1 "
                 "2-2m-6 5v4l-2.29 2.29a1 1 0 0 0 0 1.41l2.58 2.59a1 1 0 0 0 1.42 0L11 17h4a1 1 0 0 0 1-1v-1h1a1 1 0 0 0 1-1v-1h1a1 1 0 0 "
                 "0 1-1v-1h-7v1a2 2 0 0 1-2 2H9a2 2 0 0 1-2-2V9Z",
    "dialogue": "M17 12V3a1 1 0 0 0-1-1H3a1 1 0 0 0-1 1v14l4-4h10a1 1 0 0 0 1-1m4-6h-2v9H6v2a1 1 0 0 0 1 1h11l4 4V7a1 1 0 0 0-1-1",
    "designation": "M16.23 18 12 15.45 7.77 18l1.12-4.81-3.73-3.23 4.92-.42L12 5l1.92 4.53 4.92.42-3.73 3.23zM12 2C6.47 2 2 6.5 2 12a10 "
                   "10 0 0 0 10 10 10 10 0 0 0 10-10A10 10 0 0 0 12 2",
    "event": "M19 19H5V8h14m-3-7v2H8V1H6v2H5c-1.1 0-2 .9-2 2v14a2 2 0 0 0 2 2h14c1.11 0 2-.89 2-2V5a2 2 0 0 0-2-2h-1V1m-7.12 11H7.27l2.92 "
             "2.11-1.11 3.45L12 15.43l2.92 2.13-1.12-3.44L16.72 12h-3.6L12 8.56z",
    "exercise": "M14.4 6 14 4H5v17h2v-7h5.6l.4 2h7V6z",
}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
HEADINGS_FROM = 10  # a year page with at least this many entries is split under a heading per month
BAR_WIDTH = 240  # the overview's longest bar, in pixels


def kind_icon(kind: str) -> Markup:
    """The kind's icon as inline SVG, hidden from assistive technology (the kind's name is beside it)."""
    return Markup(f'<svg class="acc-icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">'
                  f'<path d="{KIND_ICONS.get(kind, "M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20")}"/></svg>')


def domain_name(domain: str) -> str:
    """'information-security' → 'Information security' (a hyphen kept where the word has one: 'Counter-terrorism')."""
    words = domain if domain in _HYPHENATED else domain.replace("-", " ")
    return words[:1].upper() + words[1:]


def pair_slug(codes: tuple[str, str]) -> str:
    """'in-jp': the URL's name of a pair of countries (as its page's file is named)."""
    return f"{codes[0].lower()}-{codes[1].lower()}"


def pair_name(kb: KnowledgeBase, codes: tuple[str, str]) -> str:
    """'India–Japan': India first, as its partners' pages read; else in code order."""
    return "–".join(kb.label(code) for code in sorted(codes, key=lambda code: (code != HOME, code)))


def place_phrase(place: str) -> str:
    """A place as it follows 'signed': 'in California', 'in New Delhi', 'at Hyderabad House, New Delhi'.

    "in" for a place named in one part (a city, a state, a country, a sea), "at" for a site named
    with the locality it stands in ("Hyderabad House, New Delhi") or a named building or base, and
    as written where the place begins with its own preposition ("off Visakhapatnam") or is virtual."""
    words = place.split()
    first = words[0].lower() if words else ""
    if first in ("off", "near", "at", "in", "aboard", "on"):
        return f"{first} {place[len(words[0]):].strip()}"
    if first == "virtual" or first == "videoconference":
        return f"in a {place[:1].lower()}{place[1:]}"
    if "," in place or first == "the" or any(word.strip("()").lower() in _SITES for word in words):
        return f"at {place}"
    return f"in {place}"


_HYPHENATED = {"counter-terrorism"}
_SITES = {"house", "base", "station", "centre", "center", "range", "ranges", "school", "field", "bhawan", "pentagon",
          "istana", "headquarters", "hotel", "palace", "hall", "node", "academy", "college", "camp", "port", "harbour"}


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a year page: a dated fact, with what the filters test it by."""

    date: Date
    when: str  # as shown: '27 Oct 2020', 'c. 2016'
    datetime: str  # for <time datetime>: '2020-10-27', '2016'
    kind: str
    kind_name: str  # 'Agreement'
    icon: Markup
    record: Record
    what: str  # '', or what happened when the record's name does not say it: 'signed', 'round 2'
    place: str  # '', or 'in California', 'at Hyderabad House, New Delhi'
    domains: str  # space-separated, for data-domains
    pairs: str  # space-separated pair slugs: 'in-jp in-us jp-us'


@dataclass(frozen=True)
class Section:
    """A heading of a year page (a month, or the entries whose month no source gives) and its entries;
    a page with few entries has one section without a heading."""

    heading: str  # '' for none
    anchor: str  # the heading's id: 'march', 'month-not-given'
    entries: tuple[TimelineEntry, ...]


@dataclass(frozen=True)
class YearPage:
    """A page of a year: its sections, and the kinds, domains and pairs its filters offer (JSON)."""

    year: int
    sections: tuple[Section, ...]
    filters: Markup

    @property
    def count(self) -> int:
        return sum(len(section.entries) for section in self.sections)


@dataclass(frozen=True)
class Year:
    """A year of the overview: its dated facts by kind, drawn as a bar."""

    year: int
    count: int
    kinds: tuple[tuple[str, int], ...]  # (kind, facts) in the order of KINDS, only kinds with facts
    words: str  # '3 agreements, 1 event'
    bar: Markup  # inline SVG, its text alternative the words


@dataclass(frozen=True)
class Decade:
    """A decade of the timeline's overview: each year with its number of dated facts by kind."""

    start: int
    years: tuple[Year, ...]

    @property
    def count(self) -> int:
        return sum(year.count for year in self.years)


@dataclass(frozen=True)
class Overview:
    """The timeline page: its decades, and what its filters offer (JSON, as on a year page)."""

    decades: tuple[Decade, ...]
    filters: Markup
    kinds: tuple[tuple[str, str, Markup], ...]  # the key of the bars' colours: (kind, name, icon)
    description: str


def by_year(entries: list[Entry]) -> dict[int, list[Entry]]:
    """The timeline's entries by year, years in the order of their first entry (oldest first)."""
    years: dict[int, list[Entry]] = defaultdict(list)
    for entry in entries:
        years[entry.date.year].append(entry)
    return dict(years)


def entry(kb: KnowledgeBase, item: Entry) -> TimelineEntry:
    record = item.record
    title = record.title.lower()
    what = item.what if item.what.lower() not in title else ""
    place = place_phrase(item.place) if item.place and item.place.lower() not in title else ""
    codes = sorted(set(kb.countries(record)))
    pairs = [pair_slug((a, b)) for i, a in enumerate(codes) for b in codes[i + 1:]]
    return TimelineEntry(
        item.date, item.date.display(), str(item.date).rstrip("?~%"), record.kind, KIND_NAMES.get(record.kind, record.kind),
        kind_icon(record.kind), record, what, place, " ".join(value(record.fields, "domains", [])), " ".join(pairs))


def year_page(kb: KnowledgeBase, year: int, entries: list[Entry]) -> YearPage:
    """One page of a year's entries: under a heading per month when there are many."""
    items = [entry(kb, e) for e in entries]
    if len(items) < HEADINGS_FROM:
        sections: tuple[Section, ...] = (Section("", "", tuple(items)),)
    else:
        months: dict[int, list[TimelineEntry]] = defaultdict(list)
        for item in items:
            months[item.date.month or 0].append(item)
        sections = tuple(
            Section(MONTHS[month - 1] if month else "Month not given", MONTHS[month - 1].lower() if month else "month-not-given",
                    tuple(found))
            for month, found in sorted(months.items()))
    return YearPage(year, sections, filters(kb, entries))


def filters(kb: KnowledgeBase, entries: list[Entry], home_only: bool = False) -> Markup:
    """The kinds, domains and country pairs of a list of entries, for the filter script (JSON in an
    attribute): each with its readable name, in a stable order. With `home_only`, only India's pairs
    (the overview's: they are bounded by the number of countries, every pair is not)."""
    kinds = Counter(e.record.kind for e in entries)
    domains = sorted({d for e in entries for d in value(e.record.fields, "domains", [])})
    pairs: set[tuple[str, str]] = set()
    for e in entries:
        codes = sorted(set(kb.countries(e.record)))
        pairs.update((a, b) for i, a in enumerate(codes) for b in codes[i + 1:])
    named = sorted(((pair_slug(p), pair_name(kb, p)) for p in pairs if not home_only or HOME in p), key=lambda item: (item[1].casefold(), item[0]))
    data = {
        "kinds": [[k, KIND_PLURALS.get(k, k)] for k in KINDS if kinds[k]],
        "domains": [[d, domain_name(d)] for d in domains],
        "pairs": [list(p) for p in named],
    }
    # '<' is written as \u003c so no text can close an element.
    return Markup(json.dumps(data).replace("<", "\\u003c"))


def overview(kb: KnowledgeBase, years: dict[int, list[Entry]]) -> Overview:
    """The decades of the timeline, each year's facts counted by kind and drawn as a bar."""
    most = max((len(entries) for entries in years.values()), default=1)
    decades: dict[int, list[Year]] = defaultdict(list)
    for year, entries in sorted(years.items()):
        counts = Counter(e.record.kind for e in entries)
        kinds = tuple((k, counts[k]) for k in KINDS if counts[k])
        words = ", ".join(f"{n:,} {k}{'' if n == 1 else 's'}" for k, n in kinds)
        decades[year // 10 * 10].append(Year(year, len(entries), kinds, words, _bar(year, kinds, most, words)))
    shown = [k for k in KIND_NAMES if any(counts for d in decades.values() for y in d for kind, counts in y.kinds if kind == k)]
    return Overview(tuple(Decade(start, tuple(found)) for start, found in sorted(decades.items())),
                    filters(kb, [e for entries in years.values() for e in entries], home_only=True),
                    tuple((k, KIND_PLURALS[k], kind_icon(k)) for k in shown), _description(years))


def _description(years: dict[int, list[Entry]]) -> str:
    total = sum(len(entries) for entries in years.values())
    span = f" from {min(years)} to {max(years)}" if len(years) > 1 else f" in {min(years)}" if years else ""
    return (f"India's defence agreements, dialogues and exercises over time: {total:,} dated fact{'' if total == 1 else 's'}{span}, "
            "by decade and year, each year's facts counted by kind.")


def _bar(year: int, kinds: tuple[tuple[str, int], ...], most: int, words: str) -> Markup:
    """A year's facts as a bar of one segment per kind, as long as its share of the busiest year. The
    words beside it say the same (its text alternative), so assistive technology skips the drawing;
    its title shows them on hover."""
    total = sum(n for _, n in kinds)
    parts, x = [], 0.0
    for kind, n in kinds:
        width = max(2.0, BAR_WIDTH * n / most)
        parts.append(f'<rect class="acc-bar-{attribute(kind)}" x="{x:.4g}" width="{width:.4g}" height="12"/>')
        x += width
    label = f"{year}: {total:,} dated fact{'' if total == 1 else 's'} ({words})"
    return Markup(f'<svg class="acc-bar" viewBox="0 0 {x:.4g} 12" width="{x:.4g}" height="12" aria-hidden="true" focusable="false">'
                  f'<title>{text(label)}</title>{"".join(parts)}</svg>')
