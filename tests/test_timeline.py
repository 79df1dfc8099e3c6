"""The timeline's page data (timeline.py): places as they read after 'signed', readable domain names,
year pages split by month only when long, filters that offer what the entries hold."""

from __future__ import annotations

import json
import re

import pytest

from accords.pipeline import build
from accords.render import render
from accords.timeline import HEADINGS_FROM, by_year, domain_name, place_phrase, year_page
from conftest import REPO


@pytest.mark.parametrize(("place", "phrase"), [
    ("California", "in California"),
    ("New Delhi", "in New Delhi"),
    ("Hyderabad House, New Delhi", "at Hyderabad House, New Delhi"),
    ("The Pentagon", "at The Pentagon"),
    ("Air Force Station Jodhpur", "at Air Force Station Jodhpur"),
    ("Off Visakhapatnam", "off Visakhapatnam"),
    ("virtual meeting", "in a virtual meeting"),
    ("Bay of Bengal", "in Bay of Bengal"),
])
def test_a_place_reads_in_or_at(place, phrase):
    assert place_phrase(place) == phrase


def test_domains_have_readable_names():
    assert domain_name("information-security") == "Information security"
    assert domain_name("counter-terrorism") == "Counter-terrorism"
    assert domain_name("air") == "Air"


@pytest.fixture(scope="module")
def kb():
    kb, problems = build(REPO / "data")
    assert problems == []
    return kb


def test_a_year_page_has_month_headings_only_when_long(kb):
    years = by_year(kb.timeline)
    long_year = next(y for y, entries in years.items() if len(entries) >= HEADINGS_FROM)
    short_year = next(y for y, entries in years.items() if len(entries) < HEADINGS_FROM)
    long_page, short_page = year_page(kb, long_year, years[long_year]), year_page(kb, short_year, years[short_year])
    assert [s.heading for s in short_page.sections] == [""] and short_page.count == len(years[short_year])
    headings = [s.heading for s in long_page.sections]
    assert len(headings) > 1 and all(headings) and long_page.count == len(years[long_year])
    months = [s.entries[0].date.month or 0 for s in long_page.sections]
    assert months == sorted(set(months))  # one heading a month, in order
    assert all((e.date.month or 0) == m for s, m in zip(long_page.sections, months, strict=True) for e in s.entries)


def test_filters_offer_readable_kinds_domains_and_pairs(kb):
    years = by_year(kb.timeline)
    data = json.loads(str(year_page(kb, 2020, years[2020]).filters))
    assert ["agreement", "Agreements"] in data["kinds"]
    assert ["geospatial", "Geospatial"] in data["domains"]
    assert ["in-us", "India–United States"] in data["pairs"]
    assert {k for k, _ in data["kinds"]} == {e.record.kind for e in years[2020]}


def test_signed_in_a_region_and_an_for_a_vowel(kb):
    pages = render(kb)
    # the timeline's lines: on year pages, and a record page's own timeline ('- **12 Jan 1995**: signed in California')
    lines = [line for path, page in pages.items() for line in page.split("\n")
             if path.startswith("years/") and line.startswith("<li data-kind") or line.startswith("- **")]
    assert any(" in California" in line for line in lines)
    assert not [line for line in lines if re.search(r"\bat (California|Hawaii|France|Japan|India)\b", line)]
    assert "The JSON Schema of an agreement file" in pages["data.md"]
    assert "a agreement" not in pages["data.md"] and "a event" not in pages["data.md"]
