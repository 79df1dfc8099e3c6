"""A pair's lifespans chart (lifespans.py): one bar per dated agreement or framework with a term, ended
or open to the build's date, at most CAP bars with how many more, escaped text, a list that says it in
words, a key that says only what the records state, and a second drawing that fits a phone."""

from __future__ import annotations

import dataclasses
import html
import re

import pytest

from accords.knowledge import neighbour_group
from accords.lifespans import CAP, figure, spans
from accords.pipeline import build
from conftest import REPO


@pytest.fixture(scope="module")
def kb():
    kb, problems = build(REPO / "data")
    assert problems == []
    return kb


def _made_on_a_day(record) -> bool:
    """A purchase or a joint statement with no entry into force, duration or expiry: no term to draw."""
    f = record.fields
    return (record.kind == "agreement" and (neighbour_group(record) == "procurement" or f.instrument == "joint-statement")
            and not (f.in_force or f.duration or f.expires))


def test_each_dated_agreement_and_framework_with_a_term_has_a_life(kb):
    records = kb.pairs[("IN", "US")]
    lives = spans(kb, records)
    expected = [r for r in records if r.kind in ("agreement", "framework") and (r.fields.signed or r.fields.in_force)
                and not _made_on_a_day(r)]
    assert {s.record.id for s in lives} == {r.id for r in expected}
    drawn = {s.record.id for s in lives}
    assert "c-17-agreement" not in drawn and "mq-9b-agreement" not in drawn  # agreements to buy: no term
    assert "mh-60r-sustainment-letters-of-offer-and-acceptance-2025" in drawn  # a purchase with a term (5 years)
    assert "beca" in drawn
    japan = {s.record.id for s in spans(kb, kb.pairs[("IN", "JP")])}
    assert "india-japan-joint-declaration-security-cooperation-2008" in japan  # a framework, though a joint declaration
    assert "india-japan-defence-cooperation-joint-statement-2006" not in japan  # an agreement that is a joint statement
    assert [s.start.sort_key() for s in lives] == sorted(s.start.sort_key() for s in lives)
    for s in lives:
        status = kb.status(s.record)
        assert s.ended == (status.value in ("expired", "superseded", "terminated"))
        if status.value in ("expired", "superseded"):
            assert s.end is not None and s.end.sort_key() >= s.start.sort_key(), s.record.id
    superseded = [s for s in lives if kb.status(s.record).value == "superseded"]
    assert superseded and all("superseded" in s.words or "renewed" in s.words for s in superseded)


@pytest.fixture(scope="module")
def crowded(kb):
    """The India–US records and CAP more agreements like BECA, each signed a year apart from 1990."""
    records = kb.pairs[("IN", "US")]
    beca = kb.by_id["beca"]
    clones = [dataclasses.replace(beca, id=f"beca-{n}", fields=beca.fields.model_copy(update={"signed": f"{1990 + n}-06-01",
                                                                                              "title": f"Clone {n}"}))
              for n in range(CAP)]
    return kb, records + clones


def test_the_chart_draws_at_most_cap_bars_and_says_how_many_more(crowded):
    kb, records = crowded
    lives = spans(kb, records)
    assert len(lives) > CAP
    chart = str(figure(kb, records))
    wide, narrow = chart.split("<svg")[1:]
    assert 'class="acc-lifespans acc-lifespans-wide"' in wide and 'class="acc-lifespans acc-lifespans-narrow"' in narrow
    assert len(re.findall(r'<g class="acc-life-', wide)) == len(re.findall(r'<g class="acc-life-', narrow)) == CAP
    assert f"And {len(lives) - CAP} more signed earlier" in chart
    drawn = re.findall(r"<li>(.*?)</li>", chart)
    assert len(drawn) == CAP  # the words for each bar, for assistive technology
    newest = sorted(lives, key=lambda s: s.start.sort_key())[-CAP:]
    assert all(any(s.record.title in html.unescape(line) for line in drawn) for s in newest)
    assert all('aria-hidden="true"' in drawing.split(">", 1)[0] for drawing in (wide, narrow))
    assert [int(h) for h in re.findall(r'viewBox="0 0 \d+ (\d+)"', chart)] == [CAP * 26 + 28, CAP * 34 + 28]  # a fixed most


def test_the_key_says_only_what_the_records_state(kb):
    """Signed, and no source gives the entry into force: an outline, "entry into force not recorded",
    never "not in force"; a lighter bar only between a signing and a recorded entry into force."""
    records = kb.pairs[("IN", "US")]
    lives = {s.record.id: s for s in spans(kb, records)}
    chart = str(figure(kb, records))
    key = chart.split('<p class="acc-life-key"', 1)[1].split("</p>", 1)[0]
    assert "signed, entry into force not recorded" in key and "not in force" not in key.replace("entry into force not recorded", "")
    assert "in force" in key and "no end recorded by" in key and "| ended" in key
    unrecorded = [i for i, s in lives.items() if not s.record.fields.in_force and kb.status(s.record).value != "not-in-force"]
    assert "beca" in unrecorded and "comcasa" not in unrecorded  # COMCASA's entry into force is recorded
    wide = chart.split("<svg")[1]
    for group in re.findall(r'<g class="acc-life-[a-z]+"><title>(.*?)</title>(.*?)</g>', wide):
        record = next(s for s in lives.values() if html.unescape(group[0]).startswith(s.record.title + ":"))
        assert ('class="acc-life-unrecorded"' in group[1]) == (record.record.id in unrecorded), record.record.id
        assert ('class="acc-life-force"' in group[1]) == bool(record.in_force), record.record.id
    assert "acc-life-signed" not in wide or any(s.in_force and s.signed and s.in_force.earliest() > s.signed.earliest() for s in lives.values())
    left_out = [r for r in records if r.kind in ("agreement", "framework") and (r.fields.signed or r.fields.in_force) and _made_on_a_day(r)]
    statements = sum(r.fields.instrument == "joint-statement" for r in left_out)
    assert left_out and statements
    assert (f"Not drawn: {len(left_out) - statements} purchases and {statements} joint statement{'' if statements == 1 else 's'}, "
            "made on a day with no term recorded; the table below lists them.") in chart


def test_the_narrow_drawing_puts_each_label_above_its_bar_within_a_phones_width(kb):
    chart = str(figure(kb, kb.pairs[("IN", "US")]))
    narrow = chart.split("<svg")[2]
    assert 'viewBox="0 0 360 ' in narrow
    labels = re.findall(r'<text class="acc-life-label" x="([\d.]+)" y="([\d.]+)">([^<]*)</text>', narrow)
    bars = re.findall(r'<rect class="acc-life-[a-z]+" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"', narrow)
    assert labels and all(x == "0" for x, _, _ in labels)
    assert all(float(x) + float(w) <= 360 for x, _, w in bars)
    tops = sorted({float(y) for _, y, _ in bars})
    assert len(tops) == len(labels) and all(float(label[1]) < top for label, top in zip(labels, tops, strict=True))  # each label above its bar
    assert any(len(text) > 30 for _, _, text in labels) and not any("…" in text for _, _, text in labels)  # every name whole


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
