"""The home page says what is covered and shows the ways in: the families of instruments with their
members, a chart of instruments per year by kind whose caption says it in words, the latest facts."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

from accords import pages
from accords.bench import generate
from accords.pipeline import build
from accords.render import render
from accords.yearchart import chart, year_counts
from conftest import REPO

AS_OF = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def real():
    kb, problems = build(REPO / "data", as_of=AS_OF)
    assert not problems
    return kb, render(kb)["index.md"]


def test_every_instrument_is_counted_once_in_the_year_of_its_first_dated_fact(real):
    kb, _ = real
    years = year_counts(kb)
    expected = Counter(kb.entries(r)[0].date.year for r in kb.records if r.kind not in ("person", "organisation", "country", "family") and kb.entries(r))
    assert {y.year: y.total for y in years if y.total} == dict(expected)
    assert [y.year for y in years] == list(range(min(expected), max(expected) + 1))  # years without any stay, as gaps


def test_the_chart_draws_each_year_and_names_it_on_hover(real):
    kb, home = real
    years = year_counts(kb)
    drawn = str(chart(years))
    assert drawn.count('class="acc-yearchart-hit"') == sum(1 for y in years if y.total)
    busiest = max(years, key=lambda y: (y.total, y.year))
    assert f"<title>{busiest.year}: " in drawn
    assert f"the busiest year, {busiest.year}, has {busiest.total}." in home
    assert 'aria-hidden="true"' in drawn  # the caption and the year pages say it in words


def test_the_home_page_names_the_foundational_agreements_by_the_names_readers_know(real):
    _, home = real
    line = next(line for line in home.splitlines() if "Foundational agreements" in line and line.startswith("- "))
    for short in ("GSOMIA", "LEMOA", "COMCASA", "BECA"):
        assert f">{short}</abbr></a>" in line, short
    assert '<abbr title="Basic Exchange and Cooperation Agreement for Geo-spatial Cooperation">BECA</abbr>' in line
    assert line.index("GSOMIA") < line.index("LEMOA") < line.index("COMCASA") < line.index("BECA")  # oldest first


def test_ways_in_come_before_the_lists(real):
    _, home = real
    order = [home.index(heading) for heading in ("## Ways in", "## Families of instruments", "## Over time", "## Latest", "## India's partners")]
    assert order == sorted(order)


def test_families_on_the_home_page_are_capped(tmp_path, monkeypatch):
    generate(2500, tmp_path / "data")
    kb, problems = build(tmp_path / "data", as_of=AS_OF)
    assert not problems
    cap = len(kb.of_kind("family")) - 2  # the synthetic site has a handful: a smaller cap is exercised
    monkeypatch.setattr(pages, "LIST_CAP", cap)
    home = render(kb)["index.md"]
    families = [line for line in home.splitlines() if re.match(r"- \[.+\]\(families/(?!index)", line)]
    assert len(families) == cap
    for line in families:
        assert 1 <= line.count("<a href") <= 4  # the family's first members, four at most
        assert re.search(r" and \d+ more$", line)
    assert "And 2 more: every one is in the [families](families/index.md)." in home
