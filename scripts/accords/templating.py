"""The Jinja environment and its filters: layout helpers that see only values, `here` and `site`.

Every value printed by a template is escaped by default (the environment's `finalize`), so text from
YAML can only ever show as text; snippets built here are marked safe only after their parts were escaped.
"""

from __future__ import annotations

import functools
import html
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from markupsafe import Markup

from .dates import Date
from .jinjacache import COMPILED
from .knowledge import edition_name
from .lineage import Lineage, lineage_svg
from .mdtext import attribute, href, inline, preformatted
from .mdtext import strip_controls as _bidi_free
from .mdtext import text as html_text
from .schema import KINDS, Record, Source, value
from .site import Site, record_json_path, record_page
from .timeline import place_phrase

KIND_TITLES = {
    "agreement": "Agreements", "framework": "Frameworks", "dialogue": "Dialogues",
    "designation": "Designations", "event": "Events", "exercise": "Exercises", "family": "Families", "person": "People",
    "organisation": "Organisations", "country": "Countries",
}
SOURCE_TYPES = {"official": "Official", "news": "News", "analysis": "Analysis", "reference": "Reference"}  # listed in this order
STATUS_WORDS = {
    "signed": "Signed", "in-force": "In force", "expired": "Expired", "terminated": "Terminated",
    "superseded": "Superseded", "suspended": "Suspended", "not-in-force": "Not in force", "unknown": "Unknown",
}


@dataclass(frozen=True)
class Ref:
    """A name as a page shows it, and the page it links to: a record resolved by the page's builder,
    or plain text (`page` None) where no record has the id or code."""

    label: str
    page: str | None = None  # e.g. 'agreements/beca.md'
    title: str = ""  # the record's full title, where a page shows it beside the label


def ref_to(record: Record) -> Ref:
    """A record as a link to its page."""
    return Ref(record.label, record_page(record), record.title)


def environment() -> Environment:
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
        auto_reload=False,  # no stat() per page and include: environment() notices edited templates
        bytecode_cache=COMPILED,
    )
    env.filters.update(
        link=_link, date=display_date, attr=attribute, source_link=_source_link,
        kind_title=KIND_TITLES.get, words=words, front_matter=_front_matter, status_words=STATUS_WORDS.get,
        rel=_rel, kind_folder=lambda kind: KINDS[kind].folder,
        page_title=page_title, source_file=_source_file, json_path=record_json_path,
        url=lambda target: Markup(href(target)), field=value,
        # For HTML blocks (long tables and lists: Markdown passes them through untouched, several times
        # faster than it parses their Markdown): HTML text, and links MkDocs does not rewrite.
        h=html_text, pre=preformatted, a=_anchor, a_refs=_anchors, href_to=_href_to, file_href=_file_href, source_a=_source_anchor,
        a_named=_anchor_named, source_type=SOURCE_TYPES.get, numbered=numbered_sources, edition=edition_name,
        lineage_svg=_lineage, place=place_phrase,
    )
    return env


# ---------------------------------------------------------------------------------------------
# Links: Markdown links (MkDocs checks and rewrites them) and HTML ones (for HTML blocks)
# ---------------------------------------------------------------------------------------------


def _as_ref(target: Ref | Record) -> Ref:
    return target if isinstance(target, Ref) else ref_to(target)


@pass_context
def _rel(context: Any, target: str) -> str:
    """A path relative to the page being rendered: up to the root and down again, valid from any page
    and far cheaper than os.path.relpath."""
    return "../" * context["here"].count("/") + target


@pass_context
def _link(context: Any, target: Ref | Record, text: str | None = None) -> Markup:
    """A Markdown link to a record's page; plain text for a name no record has."""
    ref = _as_ref(target)
    if ref.page is None:
        return inline(text or ref.label)
    return _md_link(text or ref.label, ref.page, context["here"].count("/"))


@functools.lru_cache(maxsize=1 << 16)  # the same records are linked from many pages at one depth
def _md_link(text: str, page: str, depth: int) -> Markup:
    return Markup(f"[{inline(text)}]({'../' * depth}{page})")


@pass_context
def _anchor(context: Any, target: Ref | Record, text: str | None = None) -> Markup:
    """An HTML link to a record's page; plain text for a name no record has."""
    return _html_link(_as_ref(target), context["here"], context["site"], text)


def _html_link(ref: Ref, here: str, site: Site, text: str | None = None) -> Markup:
    """An HTML link from page `here` to the page of `ref`; plain HTML text where it has none."""
    if ref.page is None:
        return html_text(text or ref.label)
    return _anchor_to(text or ref.label, site.link(ref.page, here))


@pass_context
def _anchors(context: Any, refs: Iterable[Ref], separator: str = ", ") -> Markup:
    """HTML links for several names, separated; plain text for those no record has."""
    return Markup(separator.join(_html_link(ref, context["here"], context["site"]) for ref in refs))


@pass_context
def _anchor_named(context: Any, target: Ref | Record) -> Markup:
    """An HTML link to the record by the name readers know (BECA), the full title one hover away."""
    ref = _as_ref(target)
    if ref.label == ref.title:
        return _html_link(ref, context["here"], context["site"])
    assert ref.page is not None  # a record always has its page
    url = context["site"].link(ref.page, context["here"])
    return Markup(f'<a href="{attribute(url)}"><abbr title="{attribute(ref.title)}">{html_text(ref.label)}</abbr></a>')


@functools.lru_cache(maxsize=1 << 16)
def _anchor_to(text: str, url: str) -> Markup:
    return Markup(f'<a href="{attribute(url)}">{html_text(text)}</a>')


@pass_context
def _lineage(context: Any, drawn: Lineage) -> Markup:
    """A record's lineage as inline SVG, its boxes linked to the records' pages."""
    here, site = context["here"], context["site"]
    return lineage_svg(drawn, lambda page: site.link(page, here))


@pass_context
def _file_href(context: Any, target: str) -> Markup:
    """The relative URL of a file of the site (e.g. 'downloads/records.json') for an HTML attribute."""
    return attribute(context["site"].file_link(target, context["here"]))


@pass_context
def _href_to(context: Any, target: str) -> Markup:
    """The relative URL of page `target` (e.g. 'timeline.md') for an HTML attribute."""
    return attribute(context["site"].link(target, context["here"]))


# ---------------------------------------------------------------------------------------------
# Values as words
# ---------------------------------------------------------------------------------------------


def display_date(text: str | Date | None) -> str:
    """A date as pages print it ('29 Aug 2016'); empty for none."""
    if not text:
        return ""
    return (text if isinstance(text, Date) else Date.parse(text)).display()


def words(value: str | None) -> str:
    """A vocabulary value as words: 'memorandum-of-agreement' → 'Memorandum of agreement'."""
    if not value:
        return ""
    text = value.replace("-", " ").replace("_", " ").replace("2 plus 2", "2+2").replace("track 1 5", "track 1.5")
    return text[0].upper() + text[1:]


def count(n: int, noun: str) -> str:
    """'1 edition', '1,200 editions'."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _source_link(source: Source) -> Markup:
    return Markup(f"[{inline(source.title)}]({href(source.url)})")


def _source_anchor(source: Source) -> Markup:
    """A source's title as HTML, linked to its URL."""
    return Markup(f'<a href="{attribute(href(source.url))}">{html_text(source.title)}</a>')


def numbered_sources(sources: Iterable[Source]) -> tuple[tuple[int, Source], ...]:
    """Sources as a page lists them: official pages first, then news, analysis and reference, each
    group in the order written; numbered in that order, which the key facts' [n] marks use."""
    rank = {name: i for i, name in enumerate(SOURCE_TYPES)}
    ordered = sorted(sources, key=lambda source: rank[source.type])
    return tuple(enumerate(ordered, 1))


def _front_matter(data: dict[str, Any]) -> Markup:
    """YAML front matter. Themes print `title` and `description` into HTML unescaped (the page
    header, <title>, <meta>), so those two are HTML-escaped here."""
    safe = {k: html.escape(_bidi_free(v), quote=True) if k in ("title", "description") else v for k, v in data.items()}
    # JSON is YAML, and json.dumps is far faster than yaml.safe_dump.
    lines = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in sorted(safe.items()))
    return Markup(f"---\n{lines}---\n")


def page_title(record: Record) -> str:
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
