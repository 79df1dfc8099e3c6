"""A record's lineage drawn: the records it comes from above it, what came of it below, as inline SVG.

The drawing repeats the Related table beside it (the table is its text alternative for assistive
technology); it only lays out, in date order, what the knowledge base already derived."""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from .knowledge import KnowledgeBase, Link
from .mdtext import attribute, text
from .schema import Record

_WIDTH, _BOX, _GAP, _RAIL, _CHARS = 360, 44, 14, 22, 46  # width, box height, gap, rail margin, label length


def lineage_svg(kb: KnowledgeBase, record: Record, link_to: Callable[[Record], str]) -> Markup:
    """The SVG of a record between the records it comes from (above) and those that came of it
    (below), each joined to it by an arrow that points forward in time; empty without links.

    `link_to(other)` gives the URL of another record's page from this one."""
    links = kb.links.get(record.id, [])
    if not links:
        return Markup("")
    above = sorted((link for link in links if _comes_before(link)), key=lambda link: kb.first_date_key(link.other))
    below = sorted((link for link in links if not _comes_before(link)), key=lambda link: kb.first_date_key(link.other))
    rows: list[Link | None] = [*above, None, *below]  # None: this record
    height = len(rows) * (_BOX + _GAP) - _GAP
    centre = len(above) * (_BOX + _GAP)
    parts = [
        f'<svg class="acc-lineage" viewBox="0 0 {_WIDTH} {height}" width="{_WIDTH}" role="group" '
        f'aria-label="{attribute(_summary(record, above, below))}">',
        '<defs><marker id="acc-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">'
        '<path d="M0,0 L10,5 L0,10 z"/></marker></defs>',
    ]
    for i, link in enumerate(rows):
        y = i * (_BOX + _GAP)
        other = record if link is None else link.other
        label = other.label if len(other.label) <= _CHARS else other.label[: _CHARS - 1] + "…"
        box = f'<rect x="{_RAIL}" y="{y}" width="{_WIDTH - _RAIL - 1}" height="{_BOX}" rx="6"/>'
        if link is None:
            parts.append(f'<g class="acc-lineage-this"><title>{text(other.title)}</title>{box}'
                         f'<text x="{_RAIL + 10}" y="{y + 27}">{text(label)}</text></g>')
            continue
        parts.append(f'<a href="{attribute(link_to(other))}"><title>{text(other.title)}</title>{box}'
                     f'<text class="acc-lineage-words" x="{_RAIL + 10}" y="{y + 16}">{text(_phrase(record, link))}</text>'
                     f'<text x="{_RAIL + 10}" y="{y + 35}">{text(label)}</text></a>')
        # an arrow along the left rail, forward in time: from a record above into this one, from this one into one below
        mid, here = y + _BOX // 2, centre + _BOX // 2
        start, end = (mid, here - 6) if i * (_BOX + _GAP) < centre else (here + 6, mid)
        parts.append(f'<path class="acc-lineage-arrow" d="M{_RAIL},{start} H8 V{end} H{_RAIL - 2}" marker-end="url(#acc-arrow)"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _comes_before(link: Link) -> bool:
    """Whether the other record stands above this one: what it supersedes, renews, follows, amends,
    implements or is an annex to, where it was signed or announced, and what it is an outcome of."""
    return link.inverse if link.relation == "outcome" else not link.inverse


def _phrase(record: Record, link: Link) -> str:
    """The relation read from this record: 'BECA signed at', 'ISA has annex'…"""
    return f"{record.label} {link.words}"


def _summary(record: Record, above: list[Link], below: list[Link]) -> str:
    return f"Lineage of {record.label}: " + "; ".join(f"{link.words} {link.other.label}" for link in above + below)
