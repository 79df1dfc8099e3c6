"""A pair's agreements and frameworks over time, drawn as endoflife.date draws releases: one bar each,
from signing through entry into force to its end (expired, superseded or terminated), or open to the
date the build is made for. Inline SVG made at build time, with a list that says the same in words
for assistive technology (the drawing itself is hidden from it); a pure function of the knowledge base.

Only the `CAP` most recently signed are drawn, so that a pair page does not grow with its records; the
figure says how many more there are (the table beside it lists them all)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from .dates import Date
from .knowledge import KnowledgeBase, expiry
from .mdtext import attribute, text
from .schema import Record, value

CAP = 20  # bars drawn at most: the most recently signed
KINDS = ("agreement", "framework")
_WIDTH, _LABEL, _ROW, _BAR, _AXIS, _CHARS = 740, 240, 26, 10, 28, 30  # layout, in SVG units
_ENDED = {"expired": "expired", "superseded": "superseded", "terminated": "terminated"}


@dataclass(frozen=True)
class Span:
    """One instrument's life: when it was signed, entered into force and ended (or not yet)."""

    record: Record
    signed: Date | None
    in_force: Date | None
    end: Date | None  # when it ended, or when it will (a recorded or computed expiry)
    ended: bool  # whether it ended by the build's date; else the bar runs open to that date
    words: str  # 'In force since 23 Feb 2020, until 2030 (10 years after signing)'

    @property
    def start(self) -> Date:
        start = self.signed or self.in_force
        assert start is not None  # spans() keeps only instruments with a date
        return start


def spans(kb: KnowledgeBase, records: list[Record]) -> list[Span]:
    """The lives of the agreements and frameworks among `records` that have a date, oldest first."""
    found = []
    for record in records:
        if record.kind not in KINDS:
            continue
        f = record.fields
        signed = Date.parse(f.signed) if value(f, "signed") else None
        in_force = Date.parse(f.in_force) if value(f, "in_force") else None
        if signed is None and in_force is None:
            continue
        status = kb.status(record)
        state = status.value if status else "unknown"
        end: Date | None = None
        ends = expiry(record)
        if state == "superseded":
            end = _replaced(kb, record)
        elif ends:
            end = ends[0]
        ended = state in _ENDED
        found.append(Span(record, signed, in_force, end, ended, _words(state, status.reason if status else "", signed, in_force)))
    return sorted(found, key=lambda s: (s.start.sort_key(), s.record.label.casefold(), s.record.id))


def _replaced(kb: KnowledgeBase, record: Record) -> Date | None:
    """When what superseded or renewed a record began."""
    for link in kb.links.get(record.id, []):
        if link.inverse and link.relation in ("supersedes", "renews"):
            start = value(link.other.fields, "in_force") or value(link.other.fields, "signed")
            if start:
                return Date.parse(start)
    return None


def _words(state: str, reason: str, signed: Date | None, in_force: Date | None) -> str:
    """The life in words: 'In force since 23 Feb 2020', 'Signed 28 Jun 2005; superseded by 2015 Framework (3 Jun 2015)'."""
    if state in ("in-force", "signed"):
        return reason[:1].upper() + reason[1:]
    opening = f"Signed {signed.display()}" if signed else f"In force from {in_force.display()}" if in_force else ""
    words = state.replace("-", " ")
    if not reason:
        return f"{opening}; {words}"
    return f"{opening}; {reason}" if reason.startswith((words, "renewed", "superseded", "replaced")) else f"{opening}; {words} ({reason})"


def figure(kb: KnowledgeBase, records: list[Record]) -> Markup:
    """The lifespans figure of a pair page, or nothing when fewer than one instrument has a date."""
    every = spans(kb, records)
    if not every:
        return Markup("")
    shown = sorted(every, key=lambda s: s.start.sort_key(), reverse=True)[:CAP]
    shown.sort(key=lambda s: (s.start.sort_key(), s.record.label.casefold(), s.record.id))
    more = len(every) - len(shown)
    as_of = kb.as_of
    first = min(s.start.earliest() for s in shown)
    last = max([as_of] + [s.end.latest() for s in shown if s.end and s.ended])
    start_year, end_year = first.year, last.year + 1
    span_days = (dt.date(end_year, 1, 1) - dt.date(start_year, 1, 1)).days

    def x(day: dt.date) -> float:
        return _LABEL + (_WIDTH - _LABEL - 10) * (day - dt.date(start_year, 1, 1)).days / span_days

    height = len(shown) * _ROW + _AXIS
    caption = (f"When each of the {len(shown)} most recently signed agreements and frameworks was signed, in force and ended"
               if more else "When each agreement and framework was signed, in force and ended")
    parts = [f'<svg class="acc-lifespans" viewBox="0 0 {_WIDTH} {height}" width="{_WIDTH}" aria-hidden="true" focusable="false">']
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50) if (end_year - start_year) / s <= 8)
    for year in range(start_year - start_year % step + (step if start_year % step else 0), end_year + 1, step):
        gx = x(dt.date(year, 1, 1))
        parts.append(f'<line class="acc-life-grid" x1="{gx:.1f}" y1="0" x2="{gx:.1f}" y2="{height - _AXIS + 4}"/>'
                     f'<text class="acc-life-axis" x="{gx:.1f}" y="{height - 8}" text-anchor="middle">{year}</text>')
    now = x(as_of)
    parts.append(f'<line class="acc-life-now" x1="{now:.1f}" y1="0" x2="{now:.1f}" y2="{height - _AXIS + 4}"/>')
    for i, s in enumerate(shown):
        y = i * _ROW
        label = s.record.label if len(s.record.label) <= _CHARS else s.record.label[: _CHARS - 1] + "…"
        bar_y = y + (_ROW - _BAR) / 2
        begin = x(s.start.earliest())
        force = x(s.in_force.earliest()) if s.in_force else None
        stop = x(s.end.latest()) if s.end and s.ended else now
        rows = [f'<g class="acc-life-{attribute(s.record.kind)}"><title>{text(s.record.title)}: {text(s.words)}</title>',
                f'<text class="acc-life-label" x="{_LABEL - 8}" y="{y + _ROW / 2 + 4:.1f}" text-anchor="end">{text(label)}</text>']
        if force is None or force > begin:  # signed, not (yet) in force: a lighter bar
            rows.append(f'<rect class="acc-life-signed" x="{begin:.1f}" y="{bar_y:.1f}" width="{max(2.0, (force or stop) - begin):.1f}" '
                        f'height="{_BAR}" rx="2"/>')
        if force is not None:
            rows.append(f'<rect class="acc-life-force" x="{force:.1f}" y="{bar_y:.1f}" width="{max(2.0, stop - force):.1f}" '
                        f'height="{_BAR}" rx="2"/>')
        if s.ended:
            rows.append(f'<line class="acc-life-end" x1="{stop:.1f}" y1="{bar_y - 3:.1f}" x2="{stop:.1f}" y2="{bar_y + _BAR + 3:.1f}"/>')
        else:  # open: an arrowhead at the build's date
            rows.append(f'<path class="acc-life-open" d="M{stop:.1f},{bar_y - 2:.1f} l6,{_BAR / 2 + 2:.1f} l-6,{_BAR / 2 + 2:.1f} z"/>')
        rows.append("</g>")
        parts.extend(rows)
    parts.append("</svg>")
    items = "".join(f"<li>{text(s.record.label)} ({text(s.record.title)}): {text(s.words)}.</li>" for s in shown)
    tail = f'<p class="acc-life-more">And {more} more signed earlier: the table below lists them all.</p>' if more else ""
    key = ('<p class="acc-life-key" aria-hidden="true"><span class="acc-life-swatch acc-life-swatch-signed"></span> signed, '
           'not in force &nbsp; <span class="acc-life-swatch"></span> in force &nbsp; ▸ still running on '
           f'{text(Date(as_of.year, as_of.month, as_of.day).display())} &nbsp; | ended</p>')
    return Markup(f'<figure class="acc-lifespans-box">\n<figcaption>{text(caption)}</figcaption>{key}'
                  f'<div class="acc-lifespans-scroll" tabindex="0" role="group" aria-label="{attribute(caption)} (a drawing; the list after it says the same)">'
                  f'{"".join(parts)}</div>'
                  f'<ul class="acc-visually-hidden">{items}</ul>{tail}\n</figure>')
