"""The home page's chart: how many instruments were first dated in each year, by kind, as inline SVG.

One column per year from the first to the last, stacked by kind in the timeline's colours (the CSS
classes `acc-bar-<kind>`); the drawing is hidden from assistive technology and the figure's caption
and the table beside it (`Year` rows) say the same in words. Built from numbers and fixed strings only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from markupsafe import Markup

from .knowledge import KnowledgeBase
from .mdtext import text
from .timeline import KIND_NAMES

_COLUMN, _GAP, _HEIGHT, _AXIS = 12, 3, 120, 18  # a year's column and the gap after it; the bars' and the axis's height


@dataclass(frozen=True)
class YearCount:
    """A year's instruments by kind, in the order of the timeline's kinds."""

    year: int
    kinds: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.kinds)


def year_counts(kb: KnowledgeBase) -> tuple[YearCount, ...]:
    """Each year from the first to the last (years without any included), its instruments counted by
    the year of their first dated fact (a signing, a first round, a first edition)."""
    counts: dict[int, Counter[str]] = {}
    for record in kb.records:
        entries = kb.entries(record) if record.kind in KIND_NAMES else ()
        if entries:
            counts.setdefault(entries[0].date.year, Counter())[record.kind] += 1
    if not counts:
        return ()
    return tuple(YearCount(year, tuple((k, counts[year][k]) for k in KIND_NAMES if counts.get(year, Counter())[k]))
                 for year in range(min(counts), max(counts) + 1))


def chart(years: tuple[YearCount, ...]) -> Markup:
    """The columns as SVG, scaled to the busiest year, with a year on the axis every five years."""
    if not years:
        return Markup("")
    most = max(y.total for y in years) or 1
    width = len(years) * (_COLUMN + _GAP)
    parts = [f'<svg class="acc-yearchart" viewBox="0 0 {width} {_HEIGHT + _AXIS}" aria-hidden="true" focusable="false">']
    for i, y in enumerate(years):
        x, top = i * (_COLUMN + _GAP), float(_HEIGHT)
        for kind, n in y.kinds:
            h = _HEIGHT * n / most
            top -= h
            parts.append(f'<rect class="acc-bar-{kind}" x="{x}" y="{top:.4g}" width="{_COLUMN}" height="{h:.4g}"/>')
        if y.total:
            words = ", ".join(f"{n} {KIND_NAMES[k].lower()}{'' if n == 1 else 's'}" for k, n in y.kinds)
            parts.append(f'<rect class="acc-yearchart-hit" x="{x}" y="0" width="{_COLUMN}" height="{_HEIGHT}">'
                         f'<title>{text(f"{y.year}: {words}")}</title></rect>')
        if y.year % 5 == 0:
            parts.append(f'<text class="acc-yearchart-axis" x="{x + _COLUMN / 2:.4g}" y="{_HEIGHT + 14}" text-anchor="middle">{y.year}</text>')
    parts.append(f'<line class="acc-yearchart-base" x1="0" y1="{_HEIGHT}" x2="{width}" y2="{_HEIGHT}"/></svg>')
    return Markup("".join(parts))
