"""A pair's agreements and frameworks over time, drawn as endoflife.date draws releases: one bar each,
from signing through entry into force to its end (expired, superseded or terminated), or open to the
date the build is made for. Inline SVG made at build time, with a list that says the same in words
for assistive technology (the drawing itself is hidden from it); a pure function of the knowledge base.

The bars draw what the records state, no more: a stretch between signing and a recorded entry into
force ("signed, not yet in force"), one where no source gives the entry into force ("entry into force
not recorded", drawn as an outline: not a claim that it is not in force), in force, and an end where
one is recorded or follows from a duration or a successor; a bar without one runs to the build's date.

Agreements that are purchases (contracts, letters of offer and acceptance, agreements with a value or
a quantity: what a record page's neighbours group as "contracts and sales") or joint statements are
left out, unless a source gives one an entry into force, a duration or an expiry (a lease, a
sustainment term): a purchase or a declaration is made on a day and has no term to draw, and drawn
open to today each would read as something still running. Frameworks are drawn even when they are
joint declarations: one that sets up a partnership stands until another replaces it. The figure says
how many it leaves out; the table beside it lists them.

Only the `CAP` most recently signed are drawn, so that a pair page does not grow with its records; the
figure says how many more there are (the table beside it lists them all).

Two drawings say the same: a wide one, labels beside the bars, and a narrow one for phones, each label
above its bar, that fits a phone's width with its text at the page's size; the stylesheet shows one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from .dates import Date
from .knowledge import KnowledgeBase, expiry, neighbour_group
from .mdtext import attribute, text
from .schema import Record, value

CAP = 20  # bars drawn at most: the most recently signed
KINDS = ("agreement", "framework")
_ENDED = {"expired": "expired", "superseded": "superseded", "terminated": "terminated"}


@dataclass(frozen=True)
class _Layout:
    """Where a drawing puts things, in SVG units: labels beside the bars (wide) or above them (narrow)."""

    name: str
    width: int
    label: int  # the labels' column (0: above the bars)
    row: int
    chars: int  # a label's length before it is cut
    ticks: int  # years on the axis at most


_WIDE = _Layout("wide", 740, 280, 26, 36, 8)
_NARROW = _Layout("narrow", 360, 0, 34, 48, 5)
_BAR, _AXIS = 10, 28


@dataclass(frozen=True)
class Span:
    """One instrument's life: when it was signed, entered into force and ended (or not yet)."""

    record: Record
    signed: Date | None
    in_force: Date | None
    end: Date | None  # when it ended, or when it will (a recorded or computed expiry)
    ended: bool  # whether it ended by the build's date; else the bar runs open to that date
    words: str  # 'In force since 23 Feb 2020, until 2030 (10 years after signing)'
    recorded: bool = True  # whether its records say when, or whether, it entered into force

    @property
    def start(self) -> Date:
        start = self.signed or self.in_force
        assert start is not None  # spans() keeps only instruments with a date
        return start


def has_term(record: Record) -> bool:
    """Whether an agreement or framework has a term to draw: every framework (a joint declaration that
    sets up a partnership stands until something replaces it), and every agreement but a purchase (a
    contract, a letter of offer and acceptance, an agreement with a value or a quantity:
    knowledge.neighbour_group) or a joint statement, unless a source gives it an entry into force, a
    duration or an expiry."""
    f = record.fields
    if record.kind != "agreement" or (neighbour_group(record) != "procurement" and value(f, "instrument") != "joint-statement"):
        return True
    return bool(value(f, "in_force") or value(f, "duration") or value(f, "expires"))


def _dated(record: Record) -> bool:
    return record.kind in KINDS and bool(value(record.fields, "signed") or value(record.fields, "in_force"))


def spans(kb: KnowledgeBase, records: list[Record]) -> list[Span]:
    """The lives of the agreements and frameworks among `records` that have a date and a term, oldest first."""
    found = []
    for record in records:
        if not _dated(record) or not has_term(record):
            continue
        f = record.fields
        signed = Date.parse(f.signed) if value(f, "signed") else None
        in_force = Date.parse(f.in_force) if value(f, "in_force") else None
        status = kb.status(record)
        state = status.value if status else "unknown"
        end: Date | None = None
        ends = expiry(record)
        if state == "superseded":
            end = _replaced(kb, record)
        elif ends:
            end = ends[0]
        ended = state in _ENDED
        found.append(Span(record, signed, in_force, end, ended, _words(state, status.reason if status else "", signed, in_force),
                          in_force is not None or state == "not-in-force"))
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
    """The lifespans figure of a pair page, or nothing when no instrument has a date and a term."""
    every = spans(kb, records)
    if not every:
        return Markup("")
    shown = sorted(every, key=lambda s: s.start.sort_key(), reverse=True)[:CAP]
    shown.sort(key=lambda s: (s.start.sort_key(), s.record.label.casefold(), s.record.id))
    more = len(every) - len(shown)
    left_out = [r for r in records if _dated(r) and not has_term(r)]
    statements = sum(value(r.fields, "instrument") == "joint-statement" for r in left_out)
    caption = (f"When each of the {len(shown)} most recently signed agreements and frameworks was signed, in force and ended"
               if more else "When each agreement and framework was signed, in force and ended")
    drawings = "".join(_drawing(shown, kb.as_of, layout) for layout in (_WIDE, _NARROW))
    items = "".join(f"<li>{text(s.record.label)} ({text(s.record.title)}): {text(s.words)}.</li>" for s in shown)
    notes = []
    if more:
        notes.append(f"And {more} more signed earlier: the table below lists them all.")
    if left_out:
        what = _listed([f"{n} {noun}{'' if n == 1 else 's'}" for n, noun in ((len(left_out) - statements, "purchase"),
                                                                           (statements, "joint statement")) if n])
        notes.append(f"Not drawn: {what}, made on a day with no term recorded; the table below lists them.")
    tail = "".join(f'<p class="acc-life-more">{text(note)}</p>' for note in notes)
    return Markup(f'<figure class="acc-lifespans-box">\n<figcaption>{text(caption)}</figcaption>{_key(shown, kb.as_of)}'
                  f'<div class="acc-lifespans-scroll" tabindex="0" role="group" aria-label="{attribute(caption)} (a drawing; the list after it says the same)">'
                  f'{drawings}</div>'
                  f'<ul class="acc-visually-hidden">{items}</ul>{tail}\n</figure>')


def _listed(items: list[str]) -> str:
    return " and ".join(items)


def _key(shown: list[Span], as_of: dt.date) -> str:
    """The legend: a swatch for each way a bar is drawn, only those the figure uses."""
    swatch = '<span class="acc-life-key-item"><span class="acc-life-swatch{}"></span> {}</span>'
    items = []
    if any(not s.recorded for s in shown):
        items.append(swatch.format(" acc-life-swatch-unrecorded", "signed, entry into force not recorded"))
    if any(s.recorded and (s.in_force is None or (s.signed and s.in_force.earliest() > s.signed.earliest())) for s in shown):
        items.append(swatch.format(" acc-life-swatch-signed", "signed, not yet in force"))
    if any(s.in_force for s in shown):
        items.append(swatch.format("", "in force"))
    if any(not s.ended for s in shown):
        items.append(f'<span class="acc-life-key-item">▸ no end recorded by {text(Date(as_of.year, as_of.month, as_of.day).display())}</span>')
    if any(s.ended for s in shown):
        items.append('<span class="acc-life-key-item">| ended</span>')
    if len({s.record.kind for s in shown}) > 1:
        items.append('<span class="acc-life-key-item"><span class="acc-life-swatch acc-life-swatch-agreement"></span> agreement '
                     '<span class="acc-life-swatch acc-life-swatch-framework"></span> framework</span>')
    return f'<p class="acc-life-key" aria-hidden="true">{" ".join(items)}</p>'


def _drawing(shown: list[Span], as_of: dt.date, layout: _Layout) -> str:
    """One drawing of the bars, laid out as `layout` says."""
    first = min(s.start.earliest() for s in shown)
    last = max([as_of] + [s.end.latest() for s in shown if s.end and s.ended])
    start_year, end_year = first.year, last.year + 1
    span_days = (dt.date(end_year, 1, 1) - dt.date(start_year, 1, 1)).days
    left = layout.label + (0 if layout.label else 2)

    def x(day: dt.date) -> float:
        return left + (layout.width - left - 10) * (day - dt.date(start_year, 1, 1)).days / span_days

    height = len(shown) * layout.row + _AXIS
    parts = [f'<svg class="acc-lifespans acc-lifespans-{layout.name}" viewBox="0 0 {layout.width} {height}" width="{layout.width}" '
             'aria-hidden="true" focusable="false">']
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50) if (end_year - start_year) / s <= layout.ticks)
    for year in range(start_year - start_year % step + (step if start_year % step else 0), end_year + 1, step):
        gx = x(dt.date(year, 1, 1))
        anchor = "end" if gx > layout.width - 20 else "middle"
        parts.append(f'<line class="acc-life-grid" x1="{gx:.1f}" y1="0" x2="{gx:.1f}" y2="{height - _AXIS + 4}"/>'
                     f'<text class="acc-life-axis" x="{gx:.1f}" y="{height - 8}" text-anchor="{anchor}">{year}</text>')
    now = x(as_of)
    parts.append(f'<line class="acc-life-now" x1="{now:.1f}" y1="0" x2="{now:.1f}" y2="{height - _AXIS + 4}"/>')
    for i, s in enumerate(shown):
        y = i * layout.row
        label = s.record.label if len(s.record.label) <= layout.chars else s.record.label[: layout.chars - 1] + "…"
        if layout.label:  # beside the bar, ending at the bars' column
            bar_y = y + (layout.row - _BAR) / 2
            label_at = f'x="{layout.label - 8}" y="{y + layout.row / 2 + 4:.1f}" text-anchor="end"'
        else:  # above the bar, from the left edge
            bar_y = y + layout.row - _BAR - 6
            label_at = f'x="0" y="{y + 13:.1f}"'
        begin = x(s.start.earliest())
        force = x(s.in_force.earliest()) if s.in_force else None
        stop = x(s.end.latest()) if s.end and s.ended else now
        rows = [f'<g class="acc-life-{attribute(s.record.kind)}"><title>{text(s.record.title)}: {text(s.words)}</title>',
                f'<text class="acc-life-label" {label_at}>{text(label)}</text>']
        if force is None or force > begin:  # signed, not (yet) in force, or no source says when: a lighter bar
            kind = "signed" if s.recorded else "unrecorded"
            rows.append(f'<rect class="acc-life-{kind}" x="{begin:.1f}" y="{bar_y:.1f}" width="{max(2.0, (force or stop) - begin):.1f}" '
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
    return "".join(parts)
