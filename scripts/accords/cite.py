"""Cite a record: BibTeX, RIS and CSL-JSON built from the record and the site, the same text in the
downloads (`<id>.bib`, `<id>.csl.json` beside the record's page) and in the Cite box on its page.

The box is the template `_cite.md.j2`. Rendered inside a record page by `render` (which knows nothing
of git or citations) it leaves one marker line; `fill` replaces that line with the same template
rendered here with the citations and the record's history, when the adapters build the site.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template
from markupsafe import Markup

from .history import History, history_url
from .knowledge import KnowledgeBase
from .mdtext import href, strip_controls
from .schema import KINDS, Record, value
from .site import Site, record_page

SITE_NAME = "Accords"
AUTHOR = "Accords contributors"  # the site's authors, as the feed names them
# Where `render` leaves the box: a Markdown link definition, which shows nothing where it is not filled.
MARKER = "[//]: # (accords:cite)"
CITED_KINDS = ("agreement", "framework", "dialogue", "designation", "event", "exercise")  # the kinds with record.md.j2 pages
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def bib_path(record: Record) -> str:
    return f"{KINDS[record.kind].folder}/{record.id}.bib"


def csl_path(record: Record) -> str:
    """Not `<id>.json`: that is the record's own JSON."""
    return f"{KINDS[record.kind].folder}/{record.id}.csl.json"


@dataclass(frozen=True)
class Citation:
    """What a citation of a record says, whatever its format."""

    key: str  # accords-<id>: a BibTeX key, RIS ID and CSL id
    title: str
    url: str  # absolute, or '' where the site's URL is not known (a relative one cannot be followed from a paper)
    accessed: dt.date  # the day the site was built, which the reader replaces by the day they read it
    version: str  # the site's version: the date its statuses are computed for
    issued: dt.date | None  # the day this version of the record was published (its last change), if the history is known
    note: str


def citation(kb: KnowledgeBase, record: Record, site: Site, history: History | None = None) -> Citation:
    title = _plain(record.title)
    short = _plain(value(record.fields, "short_title") or "")
    if short and not _says(title, short):
        title = f"{title} ({short})"
    kind = record.kind
    return Citation(
        key=f"accords-{record.id}",
        title=title,
        url=site.page_url(record_page(record)) if site.url else "",
        accessed=kb.as_of,
        version=kb.as_of.isoformat(),
        issued=history.last_changed if history else None,
        note=f"Accords record {record.id} ({kind}), version of {kb.as_of.isoformat()}",
    )


def _says(text: str, words: str) -> bool:
    """Whether `words` occur in `text` as whole words, ignoring case (as the page's title decides
    whether to add the short title)."""
    text, words = text.casefold(), words.casefold()
    start = text.find(words)
    while start >= 0:
        end = start + len(words)
        if not _word(text[start - 1: start]) and not _word(text[end: end + 1]):
            return True
        start = text.find(words, start + 1)
    return False


def _word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _plain(text: str) -> str:
    """One line, without bidirectional controls: what a reference list can show."""
    return " ".join(strip_controls(text).split())


# ---------------------------------------------------------------------------------------------
# Formats
# ---------------------------------------------------------------------------------------------

# LaTeX's special characters in BibTeX text; braces become macros, so that every brace in a field is
# one of ours and they always balance (BibTeX counts braces even after a backslash).
_LATEX = {
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "%": r"\%", "&": r"\&", "$": r"\$",
    "#": r"\#", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
}
_LATEX_SPECIAL = re.compile(r"[\\{}%&$#_^~]")


def latex(text: str) -> str:
    return _LATEX_SPECIAL.sub(lambda m: _LATEX[m.group(0)], text)


def _url(url: str) -> str:
    """A URL for BibTeX and RIS: braces, backslashes, spaces and quotes %-encoded."""
    return href(url).replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")


def bibtex(c: Citation) -> str:
    """A BibTeX @misc entry (read by BibTeX, biblatex, Zotero and bibliography managers)."""
    fields = [
        ("author", f"{{{AUTHOR}}}"),  # in braces: a group's name, not a person's first and last names
        ("title", f"{{{latex(c.title)}}}"),  # in braces: styles keep its capitals
        ("howpublished", SITE_NAME),
    ]
    if c.issued:
        fields += [("year", str(c.issued.year)), ("month", _MONTHS[c.issued.month - 1].lower()), ("date", c.issued.isoformat())]
    fields += [("version", c.version)]
    if c.url:
        fields += [("url", _url(c.url)), ("urldate", c.accessed.isoformat())]
    fields += [("note", latex(c.note))]
    body = ",\n".join(f"  {name} = {{{text}}}" for name, text in fields)
    return f"@misc{{{c.key},\n{body}\n}}\n"


def ris(c: Citation) -> str:
    """An RIS record (EndNote, Zotero, Mendeley): a web page in a database."""
    lines = [("TY", "ELEC"), ("ID", c.key), ("AU", AUTHOR), ("TI", c.title), ("T2", SITE_NAME), ("DB", SITE_NAME)]
    if c.issued:
        lines += [("PY", str(c.issued.year)), ("DA", c.issued.strftime("%Y/%m/%d"))]
    lines += [("ET", c.version)]
    if c.url:
        lines += [("UR", _url(c.url)), ("Y2", c.accessed.strftime("%Y/%m/%d"))]
    lines += [("N1", c.note), ("ER", "")]
    return "".join(f"{tag}  - {text}\n" for tag, text in lines)


def csl(c: Citation) -> dict[str, Any]:
    """A CSL-JSON item (Zotero, Pandoc, citeproc): a web page."""
    item: dict[str, Any] = {
        "id": c.key,
        "type": "webpage",
        "title": c.title,
        "author": [{"literal": AUTHOR}],
        "container-title": SITE_NAME,
        "version": c.version,
        "note": c.note,
    }
    if c.issued:
        item["issued"] = {"date-parts": [[c.issued.year, c.issued.month, c.issued.day]]}
    if c.url:
        item["URL"] = c.url
        item["accessed"] = {"date-parts": [[c.accessed.year, c.accessed.month, c.accessed.day]]}
    return item


def csl_json(c: Citation) -> str:
    """A CSL-JSON file: a list of one item, a line per variable (the same as `csl`, written directly:
    json.dumps per value was the slowest part of the citations at 10,000 records)."""
    lines = [f'    "id": {_string(c.key)}', '    "type": "webpage"', f'    "title": {_string(c.title)}',
             f'    "author": [{{"literal": {_string(AUTHOR)}}}]', f'    "container-title": {_string(SITE_NAME)}',
             f'    "version": {_string(c.version)}', f'    "note": {_string(c.note)}']
    if c.issued:
        lines.append(f'    "issued": {_date_parts(c.issued)}')
    if c.url:
        lines += [f'    "URL": {_string(c.url)}', f'    "accessed": {_date_parts(c.accessed)}']
    return "[\n  {\n" + ",\n".join(lines) + "\n  }\n]\n"


_string = encode_basestring  # a JSON string (C), as json.dumps(..., ensure_ascii=False) writes it


def _date_parts(date: dt.date) -> str:
    return f'{{"date-parts": [[{date.year}, {date.month}, {date.day}]]}}'


def cite_files(kb: KnowledgeBase, site: Site, history: Mapping[str, History]) -> dict[str, str]:
    """Each cited record's .bib and .csl.json download, by path."""
    files = {}
    for record in kb.records:
        if record.kind in CITED_KINDS:
            c = citation(kb, record, site, history.get(record.id))
            files[bib_path(record)] = bibtex(c)
            files[csl_path(record)] = csl_json(c)
    return files


# ---------------------------------------------------------------------------------------------
# The Cite box on each record page
# ---------------------------------------------------------------------------------------------


def _day(date: dt.date) -> str:
    return f"{date.day} {_MONTHS[date.month - 1]} {date.year}"


_FIELDS = ("bibtex", "ris", "csl", "bib_link", "csl_link", "first_published", "last_changed", "history_url", "accessed")


def _template() -> Template:
    folder = Path(__file__).parent / "templates"
    return _compiled(folder.joinpath("_cite.md.j2").stat().st_mtime_ns)


@functools.lru_cache(maxsize=1)
def _compiled(stamp: int) -> Template:
    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,  # everything printed is HTML-escaped unless marked safe
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env.get_template("_cite.md.j2")


@functools.lru_cache(maxsize=16)
def _frame(template: Template, history: bool, repository: bool, url: bool) -> tuple[str, ...]:
    """The box rendered once with a placeholder for each value: literal text and field names in
    turn. Rendering the template per record took half a second at 10,000 records."""
    holders = {name: Markup(f"\0{name}\0") for name in _FIELDS}
    if not history:
        holders["first_published"] = holders["last_changed"] = Markup("")
    if not repository:
        holders["history_url"] = Markup("")
    return tuple(template.render(cite={**holders, "has_url": url}).split("\0"))


def box(kb: KnowledgeBase, record: Record, site: Site, files: Mapping[str, str], history: History | None,
        template: Template | None = None) -> str:
    """The Cite box of one record's page (Markdown with an HTML block), from its downloads' text."""
    up = "../" * record_page(record).count("/")
    c = citation(kb, record, site, history)
    values = {
        "bibtex": _pre(files.get(bib_path(record)) or bibtex(c)),
        "ris": _pre(ris(c)),
        "csl": _pre(files.get(csl_path(record)) or csl_json(c)),
        "bib_link": href(up + bib_path(record)),
        "csl_link": href(up + csl_path(record)),
        "first_published": _day(history.first_published) if history else "",
        "last_changed": _day(history.last_changed) if history else "",
        "history_url": href(history_url(site.repo_url, site.branch, record)) if site.repo_url else "",
        "accessed": _day(kb.as_of),
    }
    parts = _frame(template or _template(), history is not None, bool(site.repo_url), bool(site.url))
    return "".join(values[part] if i % 2 else part for i, part in enumerate(parts))


def _pre(text: str) -> str:
    """Text for an HTML <pre>: only what HTML would read as markup escaped (quotes stay as they are)."""
    return html.escape(text, quote=False)


def fill(pages: Mapping[str, str], kb: KnowledgeBase, site: Site, files: Mapping[str, str],
         history: Mapping[str, History]) -> dict[str, str]:
    """The pages with each record page's Cite box in place of its marker (pages without one unchanged)."""
    filled = dict(pages)
    template = _template()  # looked up once: it stats the file
    for record in kb.records:
        if record.kind not in CITED_KINDS:
            continue
        path = record_page(record)
        page = filled.get(path)
        if page is None or MARKER not in page:
            continue
        before, _, after = page.rpartition(MARKER + "\n")
        filled[path] = before + box(kb, record, site, files, history.get(record.id), template) + after
    return filled
