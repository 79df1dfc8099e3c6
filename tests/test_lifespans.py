"""A pair's lifespans chart (lifespans.py): one bar per dated agreement or framework, ended or open to the
build's date, at most CAP bars with how many more, escaped text, and a list that says it in words."""

from __future__ import annotations

import dataclasses
import html
import re

import pytest

from accords.lifespans import CAP, figure, spans
from accords.pipeline import build
from conftest import REPO


@pytest.fixture(scope="module")
def kb():
    kb, problems = build(REPO / "data")
    assert problems == []
    return kb


def test_each_dated_agreement_and_framework_has_a_life(kb):
    records = kb.pairs[("IN", "US")]
    lives = spans(kb, records)
    expected = [r for r in records if r.kind in ("agreement", "framework") and (r.fields.signed or r.fields.in_force)]
    assert {s.record.id for s in lives} == {r.id for r in expected}
    assert [s.start.sort_key() for s in lives] == sorted(s.start.sort_key() for s in lives)
    for s in lives:
        status = kb.status(s.record)
        assert s.ended == (status.value in ("expired", "superseded", "terminated"))
        if status.value in ("expired", "superseded"):
            assert s.end is not None and s.end.sort_key() >= s.start.sort_key(), s.record.id
    superseded = [s for s in lives if kb.status(s.record).value == "superseded"]
    assert superseded and all("superseded" in s.words or "renewed" in s.words for s in superseded)


def test_the_chart_draws_at_most_cap_bars_and_says_how_many_more(kb):
    records = kb.pairs[("IN", "US")]
    lives = spans(kb, records)
    assert len(lives) > CAP  # the real data already needs the cap
    chart = str(figure(kb, records))
    assert len(re.findall(r'<g class="acc-life-', chart)) == CAP
    assert f"And {len(lives) - CAP} more signed earlier" in chart
    drawn = re.findall(r"<li>(.*?)</li>", chart)
    assert len(drawn) == CAP  # the words for each bar, for assistive technology
    newest = sorted(lives, key=lambda s: s.start.sort_key())[-CAP:]
    assert all(any(s.record.title in html.unescape(line) for line in drawn) for s in newest)
    assert 'aria-hidden="true"' in chart.split("<svg", 1)[1].split(">", 1)[0]
    height = int(re.search(r'viewBox="0 0 \d+ (\d+)"', chart).group(1))
    assert height <= CAP * 26 + 28  # a fixed most


def test_text_is_escaped_and_an_empty_pair_draws_nothing(kb):
    record = next(r for r in kb.pairs[("IN", "JP")] if r.kind == "agreement")
    hostile = dataclasses.replace(record, fields=record.fields.model_copy(update={"title": "<script>x</script> & co", "short_title": None}))
    chart = str(figure(kb, [hostile]))
    assert "<script>" not in chart and "&lt;script&gt;x&lt;/script&gt; &amp; co" in chart
    assert str(figure(kb, [r for r in kb.pairs[("IN", "JP")] if r.kind == "exercise"])) == ""


def test_pair_pages_show_the_chart_on_their_first_page_only(kb):
    from accords.render import render

    pages = render(kb)
    assert "## Lifespans" in pages["pairs/in-us.md"] and '<figure class="acc-lifespans-box">' in pages["pairs/in-us.md"]
    assert all("## Lifespans" not in text for path, text in pages.items() if re.fullmatch(r"pairs/[a-z-]+/\d+\.md", path))
