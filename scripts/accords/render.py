"""Render the knowledge base into Markdown pages: a pure function, `{path: markdown}`.

Layout lives in Jinja2 templates (`templates/`); this module decides what goes on each page. Every
value printed by a template is escaped by default (the environment's `finalize`), so text from YAML can
only ever show as text; snippets built here are marked safe only after their parts were escaped.
"""

from __future__ import annotations

import functools
import html
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined, Template, pass_context
from markupsafe import Markup

from . import lifespans, timeline
from .dates import Date
from .diagnostics import CODES
from .gcpause import without_gc
from .jinjacache import COMPILED
from .knowledge import HOME, Entry, KnowledgeBase, edition_name, expiry
from .lineage import lineage_svg
from .mdtext import attribute, href, inline, preformatted
from .mdtext import strip_controls as _bidi_free
from .mdtext import text as _html_text
from .schema import KINDS, Record, Source, references, sourced_parts, value
from .schema_docs import field_docs, template
from .site import Site, page_of, record_json_path, record_page
from .state import BuildState

KIND_TITLES = {
    "agreement": "Agreements", "framework": "Frameworks", "dialogue": "Dialogues",
    "designation": "Designations", "event": "Events", "exercise": "Exercises", "family": "Families", "person": "People",
    "organisation": "Organisations", "country": "Countries",
}
INSTRUMENT_KINDS = ("agreement", "framework", "dialogue", "designation", "event", "exercise")
NAMED_KINDS = ("person", "organisation", "country", "family")  # their index lists them by name
PAGE_SIZE = 300  # rows or entries on one index page: ~110 KB of HTML and ~3,500 elements with the theme's
LIST_CAP = 20  # items of a secondary list on a page (a pair's exercises) before it says how many more
SOURCE_TYPES = {"official": "Official", "news": "News", "analysis": "Analysis", "reference": "Reference"}  # listed in this order
T = TypeVar("T")
STATUS_WORDS = {
    "signed": "Signed", "in-force": "In force", "expired": "Expired", "terminated": "Terminated",
    "superseded": "Superseded", "suspended": "Suspended", "not-in-force": "Not in force", "unknown": "Unknown",
}


@without_gc
def render(kb: KnowledgeBase, site: Site | None = None, state: BuildState | None = None) -> dict[str, str]:
    """Every generated page of the site, by its path under docs/, in a stable order.

    With the state of the last build (under `mkdocs serve`), a record page whose inputs equal last
    time's is taken as it was; index pages are always rendered (they are few). Inputs are compared
    only then, so a single build pays nothing for this."""
    site = site or Site()
    env = _environment()
    setting = (site, kb.as_of, env)
    before = state.rendered(setting) if state is not None else None
    kept = state.pages if state is not None else {}
    templates: dict[str, Template] = {}  # looked up once per build, not once per page
    pages: dict[str, str] = {}

    def page(path: str, name: str, **context: Any) -> None:
        if name not in templates:
            templates[name] = env.get_template(name)
        pages[path] = templates[name].render(here=path, kb=kb, site=site, **context)

    unchanged = _unchanged(before, kb) if before is not None else lambda record: False
    summaries = {codes: _pair_summary(kb, codes, records) for codes, records in kb.pairs.items()}
    for record in kb.records:
        path = page_path(record)
        # a country's and a family's pages summarise records that need not name them: always rendered
        if record.kind not in ("country", "family") and unchanged(record) and path in kept:
            pages[path] = kept[path]
        else:
            layout = "record.md.j2" if record.kind in INSTRUMENT_KINDS else f"{record.kind}.md.j2"
            sources = numbered_sources(value(record.fields, "sources", []))
            extra = _family(kb, record, site) if record.kind == "family" else {}
            if record.kind == "country":
                extra = {"pairs": [p for codes, p in summaries.items() if record.id.upper() in codes]}
            if record.kind in INSTRUMENT_KINDS:
                extra["lineage"] = lineage_svg(kb, record, functools.partial(_link_from, site, path))
            page(path, layout, record=record, sources=sources, facts=_facts(kb, record, site, sources),
                 disputes=_disputes(record, sources), identity=_identity(kb, record), **extra)
    # Index pages: long lists are split into pages of PAGE_SIZE items (see `paged`), so that none grows
    # with the number of records; each page's sort and filters work on what it holds.
    for kind, folder in ((kind, KINDS[kind].folder) for kind in KINDS):
        rows = _rows(kb, kb.of_kind(kind))
        if kind in NAMED_KINDS:  # listed by name, not by date
            rows.sort(key=lambda row: row.record.title.lower())  # as Jinja's sort did: ignoring case, stable
        for path, chunk, pager in paged(f"{folder}/index.md", rows):
            page(path, "kind_index.md.j2", kind=kind, title=KIND_TITLES[kind], rows=chunk, pager=pager)
    pair_summaries = list(summaries.values())
    for path, pairs, pager in paged("pairs/index.md", pair_summaries):
        page(path, "pairs_index.md.j2", pairs=pairs, pager=pager)
    for (a, b), records in kb.pairs.items():
        exercises = [r for r in records if r.kind == "exercise"]
        for path, chunk, pager in paged(f"pairs/{a.lower()}-{b.lower()}.md", _rows(kb, records)):
            page(path, "pair.md.j2", codes=(a, b), rows=chunk, pager=pager, lifespans=lifespans.figure(kb, records) if pager.number == 1 else "",
                 exercises=exercises[:LIST_CAP] if pager.number == 1 else [], more_exercises=max(0, len(exercises) - LIST_CAP))
    by_year = timeline.by_year(kb.timeline)
    page("years/index.md", "years_index.md.j2", years=[(year, len(entries)) for year, entries in by_year.items()])
    for year, entries in by_year.items():
        for path, held, pager in paged(f"years/{year}.md", entries):
            page(path, "year.md.j2", year=year, data=timeline.year_page(kb, year, held), pager=pager)
    page("timeline.md", "timeline.md.j2", overview=timeline.overview(kb, by_year))
    by_domain = _by_domain(kb)
    for domain, records in by_domain.items():
        for path, chunk, pager in paged(f"domains/{domain}.md", _rows(kb, records)):
            page(path, "domain.md.j2", domain=domain, rows=chunk, pager=pager)
    page("domains.md", "domains.md.j2", domains=[(domain, len(records)) for domain, records in by_domain.items()])
    page("reference.md", "reference.md.j2", kinds=[(k, KINDS[k], field_docs(KINDS[k])) for k in KINDS])
    page("contributing.md", "contributing.md.j2", codes=CODES,
         kinds=[(k, KINDS[k], _new_record_url(site, k), Markup(template(k, "new-id"))) for k in KINDS])
    page("data.md", "data.md.j2", kinds=[(k, KIND_TITLES[k], len(kb.of_kind(k))) for k in KINDS])
    page("records/index.md", "section_index.md.j2", title="Records",
         intro="Every instrument and event in the knowledge base, by kind. Each table sorts by any column.",
         entries=[(KIND_TITLES[k], f"{KINDS[k].folder}/index.md", f"{len(kb.of_kind(k))} records") for k in INSTRUMENT_KINDS])
    page("browse/index.md", "section_index.md.j2", title="Browse",
         intro="Other ways into the records.",
         entries=[("Countries", "countries/index.md", ""), ("Country pairs", "pairs/index.md", "e.g. India–United States"),
                  ("Domains", "domains.md", "areas of cooperation"), ("Years", "years/index.md", ""),
                  ("People", "people/index.md", ""), ("Organisations", "organisations/index.md", "")])
    page("index.md", "home.md.j2", counts=[(k, KIND_TITLES[k], len(kb.of_kind(k))) for k in KINDS],
         partners=sorted((p for codes, p in summaries.items() if HOME in codes), key=lambda p: (-p.count, p.codes)),
         coverage=_coverage(kb),
         latest=list(reversed(kb.timeline[-8:])))
    if state is not None:
        state.render_setting, state.render_kb, state.pages = setting, kb, pages
    return dict(sorted(pages.items()))


page_path = record_page  # where a record's page lives: a permalink while its id stays


def _link_from(site: Site, here: str, record: Record) -> str:
    """The URL of a record's page from page `here`."""
    return site.link(page_path(record), here)


def _new_record_url(site: Site, kind: str) -> str:
    """GitHub's "create a new file" page, opened on the kind's folder with the template filled in."""
    if not site.repo_url:
        return ""
    folder = KINDS[kind].folder
    query = urlencode({"filename": "new-id.yaml", "value": template(kind, "new-id")}, quote_via=quote)
    return f"{site.repo_url.rstrip('/')}/new/{site.branch}/data/{folder}?{query}"


# ---------------------------------------------------------------------------------------------
# Template environment
# ---------------------------------------------------------------------------------------------


def _environment() -> Environment:
    """The template environment, compiled once and again only when a template file changes."""
    folder = Path(__file__).parent / "templates"
    return _compiled(tuple(sorted((p.name, p.stat().st_mtime_ns) for p in folder.glob("*.j2"))))


@functools.lru_cache(maxsize=1)  # compiling the templates takes longer than rendering 1,000 pages
def _compiled(stamp: tuple) -> Environment:
    env = Environment(
        loader=PackageLoader("accords", "templates"),
        finalize=inline,  # every {{ value }} is escaped unless it is already safe Markup
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        auto_reload=False,  # no stat() per page and include: _environment() notices edited templates
        bytecode_cache=COMPILED,
    )
    env.filters.update(
        link=_link, ref=_ref, date=_date, attr=attribute, source_link=_source_link,
        kind_title=KIND_TITLES.get, words=_words, front_matter=_front_matter, status_words=STATUS_WORDS.get,
        rel=_rel, kind_folder=lambda kind: KINDS[kind].folder, in_sentence=_party,
        page_title=_page_title, source_file=_source_file, json_path=record_json_path,
        url=lambda target: Markup(href(target)), field=value,
        # For HTML blocks (long tables and lists: Markdown passes them through untouched, several times
        # faster than it parses their Markdown): HTML text, and links MkDocs does not rewrite.
        h=_html_text, pre=preformatted, a=_anchor, a_refs=_anchor_refs, href_to=_href_to, source_a=_source_anchor,
        a_named=_anchor_named, source_type=SOURCE_TYPES.get, numbered=numbered_sources, edition=edition_name, pair_name=_pair_name,
        place=timeline.place_phrase,
    )
    return env


def _relative(target: str, here: str) -> str:
    """A link from page `here` to page `target`, both paths from the site root (e.g. 'a/b.md').

    Up to the root and down again: valid from any page, and far cheaper than os.path.relpath."""
    return "../" * here.count("/") + target


def _md_link(record: Record, here: str, text: str | None = None) -> Markup:
    return _link_to(text or record.label, record.kind, record.id, here.count("/"))


@functools.lru_cache(maxsize=1 << 16)  # the same records are linked from many pages at one depth
def _link_to(text: str, kind: str, record_id: str, depth: int) -> Markup:
    return Markup(f"[{inline(text)}]({'../' * depth}{page_of(kind, record_id)})")


def _ref_link(kb: KnowledgeBase, ref: str, here: str) -> Markup:
    """A link for an id or a country code; plain text where no record has it."""
    record = kb.resolve(ref)
    return _md_link(record, here) if record is not None else inline(ref)


@pass_context
def _rel(context: Any, target: str) -> str:
    """A path relative to the page being rendered."""
    return _relative(target, context["here"])


@pass_context
def _link(context: Any, record: Record, text: str | None = None) -> Markup:
    return _md_link(record, context["here"], text)


@pass_context
def _ref(context: Any, ref: str) -> Markup:
    return _ref_link(context["kb"], ref, context["here"])


@pass_context
def _anchor(context: Any, record: Record, text: str | None = None) -> Markup:
    """An HTML link to the record's page."""
    return _record_anchor(record, context["here"], context["site"], text)


@pass_context
def _anchor_named(context: Any, record: Record) -> Markup:
    """An HTML link to the record by the name readers know (BECA), the full title one hover away."""
    if record.label == record.title:
        return _record_anchor(record, context["here"], context["site"])
    url = context["site"].link(page_path(record), context["here"])
    return Markup(f'<a href="{attribute(url)}"><abbr title="{attribute(record.title)}">{_html_text(record.label)}</abbr></a>')


@functools.lru_cache(maxsize=1 << 16)
def _anchor_to(text: str, url: str) -> Markup:
    return Markup(f'<a href="{attribute(url)}">{_html_text(text)}</a>')


@pass_context
def _anchor_refs(context: Any, refs: Iterable[str]) -> Markup:
    """HTML links for ids and country codes, comma-separated; plain text where no record has one."""
    return Markup(", ".join(_html_ref(context["kb"], ref, context["here"], context["site"]) for ref in refs))


def _html_ref(kb: KnowledgeBase, ref: str, here: str, site: Site) -> Markup:
    """An HTML link for an id or a country code; plain text where no record has it."""
    record = kb.resolve(ref)
    return _record_anchor(record, here, site) if record is not None else _html_text(ref)


def _record_anchor(record: Record, here: str, site: Site, text: str | None = None) -> Markup:
    return _anchor_to(text or record.label, site.link(page_path(record), here))


@pass_context
def _href_to(context: Any, target: str) -> Markup:
    """The relative URL of page `target` (e.g. 'timeline.md') for an HTML attribute."""
    return attribute(context["site"].link(target, context["here"]))


def _date(text: str | Date | None) -> str:
    if not text:
        return ""
    return (text if isinstance(text, Date) else Date.parse(text)).display()


def _words(value: str | None) -> str:
    """A vocabulary value as words: 'memorandum-of-agreement' → 'Memorandum of agreement'."""
    if not value:
        return ""
    text = value.replace("-", " ").replace("_", " ").replace("2 plus 2", "2+2").replace("track 1 5", "track 1.5")
    return text[0].upper() + text[1:]


def _source_link(source: Any) -> Markup:
    return Markup(f"[{inline(source.title)}]({href(source.url)})")


def _source_anchor(source: Any) -> Markup:
    """A source's title as HTML, linked to its URL."""
    return Markup(f'<a href="{attribute(href(source.url))}">{_html_text(source.title)}</a>')


def numbered_sources(sources: Iterable[Source]) -> list[tuple[int, Source]]:
    """Sources as a page lists them: official pages first, then news, analysis and reference, each
    group in the order written; numbered in that order, which the key facts' [n] marks use."""
    rank = {name: i for i, name in enumerate(SOURCE_TYPES)}
    ordered = sorted(sources, key=lambda source: rank[source.type])
    return list(enumerate(ordered, 1))


def _front_matter(data: dict[str, Any]) -> Markup:
    """YAML front matter. Themes print `title` and `description` into HTML unescaped (the page
    header, <title>, <meta>), so those two are HTML-escaped here."""
    safe = {k: html.escape(_bidi_free(v), quote=True) if k in ("title", "description") else v for k, v in data.items()}
    # JSON is YAML, and json.dumps is far faster than yaml.safe_dump.
    lines = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in sorted(safe.items()))
    return Markup(f"---\n{lines}---\n")


def _page_title(record: Record) -> str:
    """The title, then the short title in brackets unless the title already says it
    ('India–US 2+2 Ministerial Dialogue', not '… (2+2 Ministerial Dialogue)')."""
    short = value(record.fields, "short_title")
    if not short or _says(record.title, short):
        return record.title
    return f"{record.title} ({short})"


def _says(text: str, words: str) -> bool:
    """Whether `words` occur in `text` as whole words, ignoring case (a plain search, not a regular
    expression built per record: 10,000 patterns would overflow `re`'s cache of compiled ones)."""
    text, words = text.casefold(), words.casefold()
    start = text.find(words)
    while start >= 0:
        end = start + len(words)
        if not _word_char(text[start - 1: start]) and not _word_char(text[end: end + 1]):
            return True
        start = text.find(words, start + 1)
    return False


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _source_file(record: Record) -> str:
    """The record's file in the repository (for the edit button), wherever data/ was read from."""
    return f"data/{KINDS[record.kind].folder}/{record.id}.yaml"


# ---------------------------------------------------------------------------------------------
# What each page shows
# ---------------------------------------------------------------------------------------------


def _inputs(kb: KnowledgeBase, record: Record, pairs: Iterable[tuple[str, str]]) -> tuple:
    """All a record's page shows of the knowledge base: while this stays equal, so does the page.

    The fields of the record and of every record it names, links to, is named by, follows or precedes
    (its neighbours), or shares a country pair with, and their computed statuses: its relations,
    mentions, neighbours, timeline entries are derived from these; a country's pairs are given with
    their counts."""
    near = {record.id: record}
    for _, ref, _ in references(record.fields):
        other = kb.resolve(ref)
        if other is not None:
            near[other.id] = other
    for code in kb.countries(record):  # through an organisation's country too (pairs, neighbours)
        other = kb.resolve(code)
        if other is not None:
            near[other.id] = other
    for link in kb.links.get(record.id, ()):
        near[link.other.id] = link.other
    for mention in kb.mentions.get(record.id, ()):
        near[mention.record.id] = mention.record
    for around in kb.neighbours.get(record.id, ()):
        for other in (around.before, around.after):
            if other is not None:
                near[other.id] = other
    for codes in pairs:
        for code in codes:
            other = kb.resolve(code)
            if other is not None:
                near[other.id] = other
    # A pair's count changes when a record joins it through an organisation's country, unnamed here.
    counts = tuple((codes, len(kb.pairs.get(codes, ()))) for codes in pairs)
    return tuple((r.id, r.kind, r.fields, kb.status(r)) for r in near.values()) + counts


def _unchanged(before: KnowledgeBase, now: KnowledgeBase) -> Callable[[Record], bool]:
    """Whether a record's page shows the same in both knowledge bases."""
    pairs_before, pairs_now = _pairs_by_country(before), _pairs_by_country(now)

    def unchanged(record: Record) -> bool:
        old = before.by_id.get(record.id)
        return old is not None and old.kind == record.kind and (
            _inputs(before, old, pairs_before.get(old.id.upper(), ())) == _inputs(now, record, pairs_now.get(record.id.upper(), ())))

    return unchanged


def _pairs_by_country(kb: KnowledgeBase) -> dict[str, list[tuple[str, str]]]:
    """The country pairs each country code is part of."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for codes in kb.pairs:
        for code in codes:
            found[code].append(codes)
    return found


@dataclass(frozen=True)
class Fact:
    """One row of a record's key-facts table: a label, its value (safe HTML), and its sources."""

    label: str
    value: Markup
    sources: tuple[int, ...] = ()
    disputed: bool = False  # sources disagree: the readings are listed under "Where sources disagree"


def _identity(kb: KnowledgeBase, record: Record) -> str:
    """One line that says what the record is: 'Memorandum of agreement between India and the United States, signed 29 Aug 2016 at Washington'."""
    f = record.fields
    what = _words(value(f, "instrument") or value(f, "type") or value(f, "format") or record.kind)
    parties = [_in_sentence(kb, p) for p in value(f, "parties", [])]
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
        text += f", {verb} {_date(date)}" if verb else f", {_date(date)}"
    if value(f, "place"):
        text += f" at {f.place}"
    for name, noun in (("rounds", "round"), ("editions", "edition")):
        parts = value(f, name, [])
        if parts:
            text += f"; {_count(len(parts), noun)} from {_date(parts[0].date)} to {_date(parts[-1].date)}"
    return text


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


@pass_context
def _pair_name(context: Any, codes: tuple[str, str]) -> str:
    """'India–United Kingdom': India first, as its partners' pages read; else in code order."""
    ordered = sorted(codes, key=lambda code: (code != HOME, code))
    return "–".join(context["kb"].label(code) for code in ordered)


@pass_context
def _party(context: Any, ref: str) -> str:
    """The `in_sentence` filter: a party's name as it reads inside a sentence."""
    return _in_sentence(context["kb"], ref)


def _in_sentence(kb: KnowledgeBase, ref: str) -> str:
    """A party's name as it reads inside a sentence ('the United States')."""
    record = kb.resolve(ref)
    return (value(record.fields, "in_sentence") or record.label) if record else ref


def _facts(kb: KnowledgeBase, record: Record, site: Site, sources: list[tuple[int, Source]]) -> list[Fact]:
    """The rows of the key-facts table, as HTML."""
    f = record.fields
    if record.kind not in INSTRUMENT_KINDS:
        return []
    here = page_path(record)
    supports: dict[str, list[int]] = defaultdict(list)
    for number, source in sources:
        for name in source.supports:
            supports[name].append(number)
    disputed = {dispute.field for dispute in f.disputed}

    def link(ref: str) -> Markup:
        return _html_ref(kb, ref, here, site)

    rows: list[Fact] = []

    def add(label: str, value: Any, field: str = "") -> None:
        if value:
            shown = value if isinstance(value, Markup) else _html_text(value)
            rows.append(Fact(label, shown, tuple(supports.get(field, ())), field in disputed))
            disputed.discard(field)

    add("Kind", _words(record.kind))
    if value(f, "instrument") != record.kind:  # "Kind: Agreement, Instrument: Agreement" says it twice
        add("Instrument", _words(value(f, "instrument")), "instrument")
    add("Type", _words(value(f, "type")), "type")
    add("Format", _words(value(f, "format")), "format")
    add("Also known as", "; ".join(f.aliases), "aliases")
    add("Parties", Markup(", ".join(link(p) for p in f.parties)), "parties")
    add("Granted by", Markup(", ".join(link(p) for p in value(f, "granted_by", []))), "granted_by")
    add("Granted to", Markup(", ".join(link(p) for p in value(f, "granted_to", []))), "granted_to")
    add("Established", _date(value(f, "established")), "established")
    add("Signed", _date(value(f, "signed")), "signed")
    date = _date(value(f, "date"))
    if value(f, "end"):
        date += f" to {_date(f.end)}"
    add("Date", date, "date")
    add("Place", value(f, "place"), "place")
    signatories = []
    for s in value(f, "signatories", []):
        who = link(s.person) if s.person else _html_text(s.name)
        detail = ", ".join(x for x in (s.role, kb.label(s.party) if s.party else None) if x)
        signatories.append(Markup(f"{who} ({_html_text(detail)})") if detail else who)
    add("Signatories", Markup("; ".join(signatories)), "signatories")
    add("Participants", Markup(", ".join(link(p) for p in value(f, "participants", []))), "participants")
    add("Quantity", value(f, "quantity"), "quantity")
    add("Value", value(f, "value"), "value")
    add("In force", _date(value(f, "in_force")), "in_force")
    add("Duration", value(f, "duration"), "duration")
    period = value(f, "period")
    if period:
        add("Period", f"{_date(period.start)} to {_date(period.end)}" if period.end else f"from {_date(period.start)}", "period")
    ends = expiry(record) if record.kind in ("agreement", "framework") else None
    if ends:
        add("Expires", _date(ends[0]) if ends[1] == "as recorded" else f"{_date(ends[0])} ({ends[1]})", "expires")
    status = kb.status(record)
    if status:
        as_of = _date(Date(status.as_of.year, status.as_of.month, status.as_of.day))
        words = Markup(f"<strong>{_html_text(STATUS_WORDS[status.value])}</strong>")
        if status.value == "signed" and not value(f, "status"):  # the Signed row gives the date; say what is missing
            add("Status", words + Markup(" · entry into force not recorded"), "status")
        else:
            add("Status", words + Markup(f": {_html_text(status.reason)} (as of {_html_text(as_of)})"), "status")
    add("Family", Markup(", ".join(link(family) for family in f.families)), "families")
    add("What it allows", value(f, "allows"), "allows")
    editions = value(f, "editions", [])
    if editions:
        add("Editions", f"{_count(len(editions), 'edition')}, {_date(editions[0].date)} to {_date(editions[-1].date)}", "editions")
    add("Domains", ", ".join(f.domains), "domains")
    add("Identifiers", "; ".join(f"{k.upper()} {v}" for k, v in sorted(f.identifiers.items())), "identifiers")
    for name in [d.field for d in f.disputed if d.field in disputed]:  # disputed, and not stated above
        add(_words(name), Markup("<em>not settled</em>"), name)
    return rows


@dataclass(frozen=True)
class PairSummary:
    """What two countries' records come to: how many of each kind, their first and latest dates, and
    the families they belong to (each with its members in this pair)."""

    codes: tuple[str, str]
    count: int
    by_kind: list[tuple[str, int]]
    first: Date | None
    latest: Date | None
    families: list[tuple[Record, list[Record]]]

    @property
    def path(self) -> str:
        return f"pairs/{self.codes[0].lower()}-{self.codes[1].lower()}.md"

    def other(self, code: str) -> str:
        return self.codes[1] if self.codes[0] == code else self.codes[0]


@dataclass(frozen=True)
class Coverage:
    """What the knowledge base covers, for the home page's first sentence."""

    instruments: int
    partners: int
    sources: int
    first: int | None
    latest: int | None


def _coverage(kb: KnowledgeBase) -> Coverage:
    instruments = [r for r in kb.records if r.kind in INSTRUMENT_KINDS]
    partners = {code for r in instruments for code in kb.partners(r)}
    urls = {s.url for r in kb.records for _, part in sourced_parts(r.fields) for s in value(part, "sources", [])}
    years = [e.date.year for e in kb.timeline]
    return Coverage(len(instruments), len(partners), len(urls), min(years, default=None), max(years, default=None))


def _pair_summary(kb: KnowledgeBase, codes: tuple[str, str], records: list[Record]) -> PairSummary:
    kinds = Counter(record.kind for record in records)
    dates = [e.date for record in records for e in kb.entries(record)]
    families: dict[str, list[Record]] = defaultdict(list)
    for record in sorted(records, key=kb.first_date_key):
        for family in value(record.fields, "families", []):
            families[family].append(record)
    return PairSummary(
        codes, len(records), [(KIND_TITLES[k], kinds[k]) for k in INSTRUMENT_KINDS if kinds[k]],
        min(dates, key=Date.sort_key) if dates else None, max(dates, key=Date.sort_key) if dates else None,
        [(kb.by_id[f], members) for f, members in sorted(families.items()) if f in kb.by_id],
    )


@dataclass(frozen=True)
class Compared:
    """A family member as its family's page compares it."""

    record: Record
    partners: list[str]
    date: Date | None
    place: str | None
    signatories: Markup
    validity: str
    allows: str | None


def _family(kb: KnowledgeBase, family: Record, site: Site) -> dict[str, Any]:
    """A family page's comparison rows and the shared timeline of its members."""
    here = page_path(family)
    rows = []
    for record in kb.members.get(family.id, []):
        f = record.fields
        entries = kb.entries(record)
        who = [(_html_ref(kb, s.person, here, site) if s.person else _html_text(s.name)) for s in value(f, "signatories", [])]
        ends = expiry(record) if record.kind in ("agreement", "framework") else None
        status = kb.status(record)
        validity = "; ".join(x for x in (
            value(f, "duration"),
            f"until {_date(ends[0])}" if ends else "",
            STATUS_WORDS[status.value] if status and status.value in ("expired", "superseded", "terminated") else "",
        ) if x)
        rows.append(Compared(record, kb.partners(record), entries[0].date if entries else None, value(f, "place"),
                             Markup("; ".join(who)), validity, value(f, "allows")))
    timeline = sorted((e for r in kb.members.get(family.id, []) for e in kb.entries(r)), key=Entry.sort_key)
    return {"comparison": rows, "timeline": timeline}


@dataclass(frozen=True)
class Reading:
    """One reading of a disputed fact, with the numbers of the sources that give it."""

    says: str
    sources: tuple[int, ...]


def _disputes(record: Record, sources: list[tuple[int, Source]]) -> list[tuple[str, list[Reading]]]:
    """Each disputed field's label and its readings, each with its sources' numbers on the page."""
    numbers = {source.url: n for n, source in sources}
    return [
        (dispute.about or _words(dispute.field), [Reading(r.says, tuple(sorted(numbers[u] for u in r.sources if u in numbers))) for r in dispute.readings])
        for dispute in value(record.fields, "disputed", [])
    ]


@dataclass(frozen=True)
class Row:
    """A line of an index table."""

    record: Record
    date: Date | None
    status: str


def _rows(kb: KnowledgeBase, records: Iterable[Record]) -> list[Row]:
    rows = []
    for record in records:
        entries = kb.entries(record)
        status = kb.status(record)
        rows.append(Row(record, entries[0].date if entries else None, STATUS_WORDS[status.value] if status else ""))
    return sorted(rows, key=lambda r: (r.date.sort_key() if r.date else (9999, 0, 0), r.record.label.casefold(), r.record.id))


def _by_domain(kb: KnowledgeBase) -> dict[str, list[Record]]:
    """The records of each domain, domains in alphabetical order."""
    found: dict[str, list[Record]] = defaultdict(list)
    for record in kb.records:
        for domain in value(record.fields, "domains", []):
            found[domain].append(record)
    return dict(sorted(found.items()))


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
