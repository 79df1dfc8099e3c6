"""The feed, the calendar and the record JSON, line by line, for a small corpus built inside each test
(test_exports.py checks the real data, built once when the module loads)."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

import pytest

from accords import exports as exports_module
from accords.exports import exports
from accords.history import History
from accords.knowledge import KnowledgeBase
from accords.pipeline import build
from accords.site import Site, record_json_path
from conftest import ALPHA, BASE, write_data

AS_OF = dt.date(2026, 11, 25)
SITE = Site(url="https://example.org/accords/")
ATOM = "{http://www.w3.org/2005/Atom}"
CORPUS = {
    "agreements/alpha.yaml": ALPHA.replace("supports: [instrument,", "supports: [duration, instrument,") + "duration: 10 years\n",
    "events/visit.yaml": ("title: A visit\nsummary: A visit of two days.\ndate: 2020-01-02\nend: 2020-01-03\ntype: visit\nplace: 'Delhi, India; Hall 1'\n"
                          "sources:\n  - {title: S, url: https://example.org/visit, type: official, supports: [date, end, place]}\n"),
    "events/call.yaml": ("title: A call\nsummary: A call on a day no source is sure of.\ndate: 2021-03-04~\ntype: call\n"
                         "sources:\n  - {title: S, url: https://example.org/call, type: official, supports: [date]}\n"),
}


@pytest.fixture
def kb(tmp_path) -> KnowledgeBase:
    built, problems = build(write_data(tmp_path, CORPUS), AS_OF)
    assert problems == []
    return built


def feed_entries(text: str) -> list[tuple[str, ...]]:
    root = ET.fromstring(text.encode())
    entries = root.findall(f"{ATOM}entry")
    assert all([link.get("rel") for link in e.findall(f"{ATOM}link")] == ["alternate"] for e in entries)
    return [tuple(e.findtext(f"{ATOM}{tag}") for tag in ("title", "id", "updated", "summary")) + (e.find(f"{ATOM}link").get("href"),)
            for e in entries]


def test_the_feed_lists_the_newest_facts_first_with_permanent_ids(kb):
    text = exports(kb, SITE)["feed.xml"]
    assert text.startswith("<?xml version='1.0' encoding='utf-8'?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">") and text.endswith("</feed>\n")
    root = ET.fromstring(text.encode())
    assert root.findtext(f"{ATOM}title") == "Accords: timeline of defence agreements"
    assert root.findtext(f"{ATOM}id") == "https://example.org/accords/feed.xml"
    assert root.findtext(f"{ATOM}updated") == "2026-08-29T00:00:00Z"  # the newest entry's day
    assert [(link.get("rel"), link.get("href")) for link in root.findall(f"{ATOM}link")] == [
        ("self", "https://example.org/accords/feed.xml"), ("alternate", "https://example.org/accords/timeline/")]
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "Accords contributors"
    assert root.findtext(f"{ATOM}rights").startswith("Creative Commons Attribution 4.0 International (https://")
    site = "https://example.org/accords/"
    assert feed_entries(text) == [
        ("29 Aug 2026: ALPHA, expired (10 years after signing)", "urn:accords:alpha:2026-08-29:expired", "2026-08-29T00:00:00Z",
         "A test agreement between two countries.", f"{site}agreements/alpha/"),
        ("c. 4 Mar 2021: A call, call", "urn:accords:call:2021-03-04:call", "2021-03-04T00:00:00Z",  # the mark is not part of the id
         "A call on a day no source is sure of.", f"{site}events/call/"),
        ("2 Jan 2020: A visit, visit at Delhi, India; Hall 1", "urn:accords:visit:2020-01-02:visit", "2020-01-02T00:00:00Z",
         "A visit of two days.", f"{site}events/visit/"),
        ("18 Dec 2019: Test Talks, round 2", "urn:accords:talks:2019-12-18:round-2", "2019-12-18T00:00:00Z",
         "A dialogue that meets in rounds.", f"{site}dialogues/talks/"),
        ("6 Sep 2018: Test Talks, round 1", "urn:accords:talks:2018-09-06:round-1", "2018-09-06T00:00:00Z",
         "A dialogue that meets in rounds.", f"{site}dialogues/talks/"),
        ("29 Aug 2016: ALPHA, signed in Washington", "urn:accords:alpha:2016-08-29:signed", "2016-08-29T00:00:00Z",
         "A test agreement between two countries.", f"{site}agreements/alpha/"),
        ("2008: Test Drill, edition", "urn:accords:drill:2008:edition", "2008-01-01T00:00:00Z", "An exercise held in editions.", f"{site}exercises/drill/"),
        ("16 Feb 2004: Test Drill, 1st edition in Gwalior", "urn:accords:drill:2004-02-16:1st-edition", "2004-02-16T00:00:00Z",
         "An exercise held in editions.", f"{site}exercises/drill/"),
    ]


def test_without_a_site_url_the_feed_has_no_link_to_itself(kb, monkeypatch):
    monkeypatch.setattr(exports_module, "FEED_SIZE", 2)
    root = ET.fromstring(exports(kb, Site())["feed.xml"].encode())
    assert root.findtext(f"{ATOM}id") == "urn:accords:feed"
    assert [(link.get("rel"), link.get("href")) for link in root.findall(f"{ATOM}link")] == [("alternate", "timeline/")]
    assert [e.findtext(f"{ATOM}id") for e in root.findall(f"{ATOM}entry")] == ["urn:accords:alpha:2026-08-29:expired", "urn:accords:call:2021-03-04:call"]


def test_an_empty_feed_is_as_of_the_build_date(tmp_path):
    kb, _ = build(write_data(tmp_path, {"agreements/alpha.yaml": None, "dialogues/talks.yaml": None, "exercises/drill.yaml": None}), AS_OF)
    root = ET.fromstring(exports(kb, SITE)["feed.xml"].encode())
    assert root.findtext(f"{ATOM}updated") == "2026-11-25T00:00:00Z" and root.findall(f"{ATOM}entry") == []


def calendar_events(text: str) -> list[list[str]]:
    lines = text.split("\r\n")
    assert lines[:4] == ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Accords//Timeline of defence agreements//EN",
                         "X-WR-CALNAME:Accords: defence agreements"]
    assert lines[-2:] == ["END:VCALENDAR", ""]
    events, current = [], []
    for line in lines[4:-2]:
        current.append(line)
        if line == "END:VEVENT":
            assert current[0] == "BEGIN:VEVENT", current
            events.append(current[1:-1])
            current = []
    assert current == []
    return events


def test_the_calendar_has_day_precise_facts_as_all_day_events(kb):
    stamp = "DTSTAMP:20261125T000000Z"
    site = "URL:https://example.org/accords/"
    assert calendar_events(exports(kb, SITE)["calendar.ics"]) == [
        ["SUMMARY:Test Drill: 1st edition", "DTSTART;VALUE=DATE:20040216", "DTEND;VALUE=DATE:20040228", stamp,  # to its last day
         "UID:drill:2004-02-16:1st-edition@accords", "LOCATION:Gwalior", f"{site}exercises/drill/"],
        ["SUMMARY:ALPHA: signed", "DTSTART;VALUE=DATE:20160829", "DTEND;VALUE=DATE:20160830", stamp, "UID:alpha:2016-08-29:signed@accords",
         "RRULE:FREQ=YEARLY", "LOCATION:Washington", f"{site}agreements/alpha/"],  # a signing's anniversary recurs
        ["SUMMARY:Test Talks: round 1", "DTSTART;VALUE=DATE:20180906", "DTEND;VALUE=DATE:20180907", stamp, "UID:talks:2018-09-06:round-1@accords",
         f"{site}dialogues/talks/"],
        ["SUMMARY:Test Talks: round 2", "DTSTART;VALUE=DATE:20191218", "DTEND;VALUE=DATE:20191219", stamp, "UID:talks:2019-12-18:round-2@accords",
         f"{site}dialogues/talks/"],
        ["SUMMARY:A visit: visit", "DTSTART;VALUE=DATE:20200102", "DTEND;VALUE=DATE:20200104", stamp, "UID:visit:2020-01-02:visit@accords",
         "LOCATION:Delhi\\, India\\; Hall 1", f"{site}events/visit/"],
        # the call (an approximate day) and the 2008 edition (a year) are left out
        ["SUMMARY:ALPHA: expired (10 years after signing)", "DTSTART;VALUE=DATE:20260829", "DTEND;VALUE=DATE:20260830", stamp,
         "UID:alpha:2026-08-29:expired@accords", f"{site}agreements/alpha/"],
    ]


def test_without_a_site_url_calendar_events_have_no_url(kb):
    events = calendar_events(exports(kb, Site())["calendar.ics"])
    assert len(events) == 6 and not any(line.startswith("URL:") for event in events for line in event)


def test_long_calendar_lines_are_folded(tmp_path):
    place = "A hall with a very long name, in a building with an even longer one, somewhere"
    data = write_data(tmp_path, {"agreements/alpha.yaml": ALPHA.replace("place: Washington", f"place: {place}")})
    text = exports(build(data, AS_OF)[0], SITE)["calendar.ics"]
    assert "LOCATION:A hall with a very long name\\, in a building with an even longer \r\n one\\, somewhere\r\n" in text
    assert max(len(line.encode()) for line in text.split("\r\n")) <= 75


def test_each_record_json_holds_its_fields_and_what_code_derived(kb):
    files = exports(kb, SITE)
    alpha = json.loads(files["agreements/alpha.json"])
    assert alpha["id"] == "alpha" and alpha["kind"] == "agreement" and alpha["history"] is None
    assert (alpha["url"], alpha["json"]) == ("https://example.org/accords/agreements/alpha/", "https://example.org/accords/agreements/alpha.json")
    assert alpha["fields"]["duration"] == "10 years" and alpha["fields"]["signatories"] == [{"party": "IN", "person": "jane-doe"}]
    assert alpha["computed"] == {
        "label": "ALPHA",
        "status": {"value": "expired", "reason": "expired 29 Aug 2026 (10 years after signing)", "as_of": "2026-11-25"},
        "expires": {"date": "2026-08-29", "how": "10 years after signing"},
        "relations": [{"relation": "signed at", "id": "talks", "inverse": False}],
        "timeline": [{"date": "2016-08-29", "what": "signed"}, {"date": "2026-08-29", "what": "expired (10 years after signing)"}],
    }
    visit = json.loads(exports(kb, Site())["events/visit.json"])
    assert (visit["url"], visit["json"]) == ("events/visit/", "events/visit.json")
    assert visit["computed"]["status"] is None and visit["computed"]["expires"] is None
    talks = json.loads(files["dialogues/talks.json"])
    assert talks["computed"]["relations"] == [{"relation": "venue of signing of", "id": "alpha", "inverse": True}]
    every = json.loads(files["downloads/records.json"])
    assert (every["as_of"], every["count"]) == ("2026-11-25", len(kb.records))
    assert every["records"] == [json.loads(files[record_json_path(r)]) for r in kb.records]


def test_json_is_compact_sorted_and_keeps_text_as_written(tmp_path):
    person = BASE["people/jane-doe.yaml"].replace("Jane Doe", "Jeanne Dupré").replace(
        "sources:", "roles:\n  - title: Ministre\n    from: 2019-05\nsources:")
    kb, problems = build(write_data(tmp_path, {"people/jane-doe.yaml": person}), AS_OF)
    assert problems == []
    text = exports(kb, Site())["people/jane-doe.json"]
    assert text.startswith('{"computed":{"expires":null,"label":"Jeanne Dupré","relations":[],"status":null,"timeline":[]},"fields":{')
    assert text.endswith('"history":null,"id":"jane-doe","json":"people/jane-doe.json","kind":"person","url":"people/jane-doe/"}\n')
    assert json.loads(text)["fields"]["roles"] == [{"title": "Ministre", "from": "2019-05"}]  # the field's name as written: from


def test_a_frameworks_expiry_is_computed_too(tmp_path):
    framework = ("title: Gamma Framework\ninstrument: framework\nsummary: S.\nparties: [IN, US]\nsigned: 2015-06-03\nduration: 10 years\n"
                 "sources:\n  - {title: S, url: https://example.org/gamma, type: official, supports: [instrument, signed, duration]}\n")
    kb, problems = build(write_data(tmp_path, {"frameworks/gamma.yaml": framework}), AS_OF)
    assert problems == []
    gamma = json.loads(exports(kb, Site())["frameworks/gamma.json"])
    assert gamma["computed"]["expires"] == {"date": "2025-06-03", "how": "10 years after signing"}
    assert gamma["computed"]["status"]["value"] == "expired"


def test_a_records_history_is_in_its_json(kb):
    history = {"alpha": History(dt.date(2025, 1, 2), dt.date(2026, 3, 4), "0123abcd")}
    alpha = json.loads(exports(kb, Site(), history)["agreements/alpha.json"])
    assert alpha["history"] == {"first_published": "2025-01-02", "last_changed": "2026-03-04", "commit": "0123abcd"}
