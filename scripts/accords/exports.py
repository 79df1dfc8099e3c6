"""Downloads and feeds built from the knowledge base: JSON, CSV with a Frictionless data package,
citations, JSON Schema, Atom and iCalendar (the SQLite database is `dataset.sqlite_database`: bytes).

Pure like `render`: returns `{path: text}`; an adapter writes or serves the files. URLs are absolute
when the site's URL is known, otherwise relative to the site root; where a format needs an absolute
URL (an iCalendar URL, an Atom feed's link to itself, a citation), it is left out without one.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

from icalendar import vText
from icalendar.parser import Contentline

from . import dataset
from .cite import cite_files
from .dates import Date
from .gcpause import without_gc
from .history import History
from .knowledge import Entry, KnowledgeBase, expiry
from .schema import Record, value
from .schema_docs import schema_files
from .site import Site, record_json_path, record_page
from .timeline import place_phrase

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 100  # newest timeline entries in the feed
LICENSE = {"data": dataset.DATA_LICENSE, "attribution": dataset.ATTRIBUTION}


@without_gc
def exports(kb: KnowledgeBase, site: Site, history: Mapping[str, History] | None = None,
            tables: list[dataset.Table] | None = None) -> dict[str, str]:
    """Every download and feed, by its path in the site. `history` (by record id, from git) adds
    each record's first and last commit dates; `tables`, if the caller built them already."""
    history = history or {}
    files: dict[str, str] = {record_json_path(record): _json(_resolved(kb, record, site, history.get(record.id))) for record in kb.records}
    # All records in one file: the same compact JSON as each record's own file, encoded once.
    each = ",".join(text.rstrip("\n") for text in files.values())
    files["downloads/records.json"] = (f'{{"as_of":{json.dumps(kb.as_of.isoformat())},"count":{len(kb.records)},'
                                       f'"license":{_json(LICENSE).rstrip()},"records":[{each}]}}\n')
    tables = tables if tables is not None else dataset.tables(kb, site, history)
    for table in tables:
        if table.csv:
            files[f"downloads/{table.path}"] = dataset.csv_text(table)
    files["downloads/datapackage.json"] = json.dumps(dataset.datapackage(tables, kb, site), ensure_ascii=False, indent=2) + "\n"
    files.update(cite_files(kb, site, history))
    for name, text in schema_files().items():
        files[f"schemas/{name}"] = text
    files["feed.xml"] = _atom(kb, site)
    files["calendar.ics"] = _calendar(kb, site)
    return dict(sorted(files.items()))


def _json(data: Any) -> str:
    # Compact: without indent, json uses its C encoder (see docs/about/development/performance.md).
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def _resolved(kb: KnowledgeBase, record: Record, site: Site, history: History | None = None) -> dict[str, Any]:
    """A record as people wrote it (`fields`) plus what code derived from it (`computed`), and when its
    file was first committed and last changed (`history`, null where the build had no history)."""
    status = kb.status(record)
    ends = expiry(record) if record.kind in ("agreement", "framework") else None
    return {
        "id": record.id,
        "kind": record.kind,
        "url": site.page_url(record_page(record)),
        "json": site.absolute(record_json_path(record)),
        "fields": record.fields.model_dump(mode="json", by_alias=True, exclude_defaults=True),
        "computed": {
            "label": record.label,
            "status": {"value": status.value, "reason": status.reason, "as_of": status.as_of.isoformat()} if status else None,
            "expires": {"date": str(ends[0]), "how": ends[1]} if ends else None,
            "relations": [
                {"relation": link.words, "id": link.other.id, "inverse": link.inverse}
                for link in kb.links.get(record.id, [])
            ],
            "timeline": [{"date": str(e.date), "what": e.what} for e in kb.entries(record)],
        },
        "history": history.as_json() if history else None,
    }


# ---------------------------------------------------------------------------------------------
# Feeds
# ---------------------------------------------------------------------------------------------


def _entry_id(entry: Entry) -> str:
    """A permanent id for a timeline entry: it changes only if the record's id or the fact does."""
    return f"urn:accords:{entry.record.id}:{str(entry.date).rstrip('?~%')}:{entry.what.split(' (')[0].replace(' ', '-')}"


def _entry_title(entry: Entry) -> str:
    return f"{entry.date.display()}: {entry.record.label}, {entry.what}" + (f" {place_phrase(entry.place)}" if entry.place else "")


def _timestamp(date: Date) -> str:
    return f"{date.earliest().isoformat()}T00:00:00Z"


def _atom(kb: KnowledgeBase, site: Site) -> str:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    newest = list(reversed(kb.timeline))[:FEED_SIZE]

    def add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        element.text = text
        return element

    add(feed, "title", "Accords: timeline of defence agreements")
    add(feed, "id", site.absolute("feed.xml") if site.url else "urn:accords:feed")
    add(feed, "updated", _timestamp(newest[0].date) if newest else f"{kb.as_of.isoformat()}T00:00:00Z")
    if site.url:  # a feed's link to itself must be absolute: without the site's URL there is none
        add(feed, "link", rel="self", href=site.absolute("feed.xml"))
    add(feed, "link", rel="alternate", href=site.page_url("timeline.md"))
    author = add(feed, "author")
    add(author, "name", dataset.ATTRIBUTION)
    add(feed, "rights", f"{dataset.DATA_LICENSE['title']} ({dataset.DATA_LICENSE['path']})")
    for entry in newest:
        item = add(feed, "entry")
        add(item, "title", _entry_title(entry))
        add(item, "id", _entry_id(entry))
        add(item, "updated", _timestamp(entry.date))
        add(item, "link", rel="alternate", href=site.page_url(record_page(entry.record)))
        summary = value(entry.record.fields, "summary") or ""
        add(item, "summary", summary)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def _calendar(kb: KnowledgeBase, site: Site) -> str:
    """Day-precise dated facts as all-day events; signings also recur yearly as anniversaries.

    Lines are written here, but escaped and folded by icalendar (vText, Contentline): building an
    icalendar.Event per entry was the slowest export at 10,000 records (see docs/about/development/performance.md)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Accords//Timeline of defence agreements//EN",
             "X-WR-CALNAME:Accords: defence agreements"]
    stamp = f"DTSTAMP:{kb.as_of:%Y%m%d}T000000Z"
    for entry in kb.timeline:
        if entry.date.precision != "day" or entry.date.uncertain or entry.date.approximate:
            continue  # a calendar cannot show "Aug 2016" or "2019-12?" honestly
        last = entry.end.latest() if entry.end else entry.date.earliest()
        lines += [
            "BEGIN:VEVENT",
            f"SUMMARY:{_text(f'{entry.record.label}: {entry.what}')}",
            f"DTSTART;VALUE=DATE:{entry.date.earliest():%Y%m%d}",
            f"DTEND;VALUE=DATE:{last + dt.timedelta(days=1):%Y%m%d}",
            stamp,
            f"UID:{_text(_entry_id(entry).replace('urn:accords:', '') + '@accords')}",
        ]
        if entry.what == "signed":
            lines.append("RRULE:FREQ=YEARLY")
        if entry.place:
            lines.append(f"LOCATION:{_text(entry.place)}")
        if site.url:  # the page has the rest; an iCalendar URL must be absolute (RFC 5545: a URI)
            lines.append(f"URL:{site.page_url(record_page(entry.record))}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    # RFC 5545 folds lines of 75 octets or more; most are shorter, and folding goes char by char
    return "".join((line if len(line.encode()) < 75 else Contentline(line).to_ical().decode()) + "\r\n" for line in lines)


def _text(text: str) -> str:
    """An iCalendar TEXT value: commas, semicolons, backslashes and newlines escaped."""
    return vText(text).to_ical().decode()
