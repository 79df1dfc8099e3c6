"""Downloads and feeds: JSON against the published schema, CSV rows, Atom and iCalendar that parse."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import feedparser
import icalendar
import jsonschema
import pytest

from accords.exports import FEED_SIZE, exports
from accords.pipeline import build
from accords.schema import KINDS
from accords.site import Site
from conftest import ALPHA, REPO, write_data

SITE = Site(url="https://example.org/accords/", repo_url="https://github.com/example/accords")
KB = build(REPO / "data", dt.date(2026, 11, 25))[0]
FILES = exports(KB, SITE)


def test_records_json_holds_every_record_with_computed_fields():
    data = json.loads(FILES["downloads/records.json"])
    assert data["count"] == len(KB.records) == len(data["records"])
    beca = next(r for r in data["records"] if r["id"] == "beca")
    assert beca["fields"]["signed"] == "2020-10-27"
    assert beca["computed"]["status"]["value"] == "signed"
    assert beca["url"] == "https://example.org/accords/agreements/beca/"
    gsomia = next(r for r in data["records"] if r["id"] == "gsomia")
    assert {"relation": "has annex", "id": "industrial-security-annex", "inverse": True} in gsomia["computed"]["relations"]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_record_json_validates_against_the_published_schema(kind):
    schema = json.loads(FILES[f"schemas/{kind}.schema.json"])
    records = [r for r in KB.records if r.kind == kind]
    for record in records:
        data = json.loads(FILES[f"{KINDS[kind].folder}/{record.id}.json"])
        jsonschema.validate(data["fields"], schema, cls=jsonschema.Draft202012Validator)


def test_a_record_json_that_breaks_the_schema_is_caught():
    schema = json.loads(FILES["schemas/agreement.schema.json"])
    data = json.loads(FILES["agreements/beca.json"])["fields"]
    data["signed"] = "27/10/2020"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_csv_has_one_row_per_record(kind):
    rows = list(csv.DictReader(io.StringIO(FILES[f"downloads/{KINDS[kind].folder}.csv"])))
    assert len(rows) == len(KB.of_kind(kind))
    assert [r["id"] for r in rows] == [r.id for r in KB.of_kind(kind)]


def test_atom_feed_parses_and_carries_known_dates():
    feed = feedparser.parse(FILES["feed.xml"])
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    titles = [entry.title for entry in feed.entries]
    assert len(titles) == FEED_SIZE and "31 Oct 2025: 2025 Framework, signed in Kuala Lumpur" in titles
    updated = [entry.updated_parsed for entry in feed.entries]
    assert updated == sorted(updated, reverse=True)  # newest first
    framework = next(e for e in feed.entries if e.title.startswith("31 Oct 2025: 2025 Framework"))
    assert framework.link == "https://example.org/accords/frameworks/major-defense-partnership-framework-2025/"
    assert framework.id == "urn:accords:major-defense-partnership-framework-2025:2025-10-31:signed"


def test_calendar_parses_and_carries_known_dates():
    calendar = icalendar.Calendar.from_ical(FILES["calendar.ics"])
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    beca = events["beca:2020-10-27:signed@accords"]
    assert beca.decoded("dtstart") == dt.date(2020, 10, 27)
    assert beca["rrule"]["FREQ"] == ["YEARLY"]  # the anniversary of a signing
    cope = events["cope-india:2004-02-16:1st-edition@accords"]  # an edition, with its last day
    assert beca.decoded("dtend") == dt.date(2020, 10, 28) and cope.decoded("dtend") == dt.date(2004, 2, 28)
    assert not any(uid.startswith("industrial-security-annex") for uid in events)  # an uncertain month stays out
    for event in calendar.walk("VEVENT"):
        assert {"UID", "DTSTAMP", "DTSTART", "SUMMARY"} <= set(event)
    assert all(len(line.encode()) <= 75 for line in FILES["calendar.ics"].split("\r\n"))  # RFC 5545 folding


@pytest.mark.parametrize("place", [
    "Généralité de Bruxelles-Capitale; salle « Ω », bâtiment 3, aile nord-est, étage 12\\",
    "é" * 40,  # 49 characters but 89 octets: folding counts octets
], ids=["escapes", "octets"])
def test_calendar_escapes_and_folds_long_text_by_octets(tmp_path, place):
    data = write_data(tmp_path, {"agreements/alpha.yaml": ALPHA.replace("place: Washington", f"place: '{place}'")})
    text = exports(build(data, dt.date(2026, 11, 25))[0], SITE)["calendar.ics"]
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    event = next(e for e in icalendar.Calendar.from_ical(text).walk("VEVENT") if str(e["uid"]).startswith("alpha:"))
    assert str(event["location"]) == place


def test_urls_are_relative_without_a_site_url_and_stable():
    files = exports(KB, Site())
    beca = json.loads(files["agreements/beca.json"])
    assert beca["url"] == "agreements/beca/"
    assert exports(KB, Site()) == files


@pytest.mark.parametrize(("title", "cell"), [
    ('=HYPERLINK("https://evil.example/","Open")', '\'=HYPERLINK("https://evil.example/","Open")'),
    ("@SUM(1+1)", "'@SUM(1+1)"),
    ("+1 Agreement", "'+1 Agreement"),
    ("Alpha Agreement", "Alpha Agreement"),
])
def test_csv_text_never_runs_as_a_spreadsheet_formula(tmp_path, title, cell):
    data = write_data(tmp_path, {"agreements/alpha.yaml": ALPHA.replace("title: Alpha Agreement", f"title: '{title}'")})
    kb, problems = build(data, dt.date(2026, 11, 25))
    assert problems == []
    rows = list(csv.DictReader(io.StringIO(exports(kb, SITE)["downloads/agreements.csv"])))
    assert rows[0]["title"] == cell
    assert json.loads(exports(kb, SITE)["downloads/records.json"])["records"][0]["fields"]["title"] == title  # JSON keeps it as written


def test_records_json_and_the_feed_state_the_data_licence():
    data = json.loads(FILES["downloads/records.json"])
    assert data["license"]["data"]["name"] == "CC-BY-4.0" and data["license"]["attribution"] == "Accords contributors"
    assert "creativecommons.org/licenses/by/4.0" in feedparser.parse(FILES["feed.xml"]).feed.rights


def test_without_a_site_url_the_feed_and_calendar_leave_out_what_must_be_absolute():
    files = exports(KB, Site())
    feed = feedparser.parse(files["feed.xml"])
    assert not feed.bozo, feed.bozo_exception
    assert not any(link.rel == "self" for link in feed.feed.links)  # no relative self link
    assert all(entry.link.startswith(("agreements/", "frameworks/", "dialogues/", "designations/", "events/", "exercises/"))
               for entry in feed.entries)  # relative to the feed, which is at the site's root
    calendar = icalendar.Calendar.from_ical(files["calendar.ics"])
    assert calendar.walk("VEVENT") and not any("URL" in event for event in calendar.walk("VEVENT"))
    with_url = icalendar.Calendar.from_ical(FILES["calendar.ics"])
    assert all(str(event["URL"]).startswith("https://example.org/accords/") for event in with_url.walk("VEVENT"))
    assert any(link.rel == "self" and link.href == "https://example.org/accords/feed.xml" for link in feedparser.parse(FILES["feed.xml"]).feed.links)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_csv_is_rfc_4180_with_crlf_line_ends(kind):
    text = FILES[f"downloads/{KINDS[kind].folder}.csv"]
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
