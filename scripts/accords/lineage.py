"""A record's lineage drawn: the records it comes from above it, what came of it below, as inline SVG.

The drawing repeats the Related table beside it (the table is its text alternative for assistive
technology); it only lays out, in date order, what the knowledge base already derived. `lineage`
builds its data (a record page's builder calls it); `lineage_svg` draws it (a template filter)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from .knowledge import KnowledgeBase, Link
from .mdtext import attribute, text
from .schema import Record

if TYPE_CHECKING:
    from .templating import Ref

_WIDTH, _BOX, _GAP, _RAIL, _CHARS = 360, 44, 14, 22, 46  # width, box height, gap, rail margin, label length


@dataclass(frozen=True)
class Lineage:
    """A record between the records it comes from (above) and those that came of it (below), each
    with the words for its relation ('signed at', 'superseded by'), oldest first."""

    label: str
    title: str
    above: tuple[tuple[str, Ref], ...]
    below: tuple[tuple[str, Ref], ...]


def lineage(kb: KnowledgeBase, record: Record, ref_to: Callable[[Record], Ref]) -> Lineage | None:
    """A record's lineage, from its links in the knowledge base; None without links."""
    links = kb.links.get(record.id, [])
    if not links:
        return None
    ordered = sorted(links, key=lambda link: kb.first_date_key(link.other))
    return Lineage(record.label, record.title,
                   tuple((link.words, ref_to(link.other)) for link in ordered if _comes_before(link)),
                   tuple((link.words, ref_to(link.other)) for link in ordered if not _comes_before(link)))


def lineage_svg(drawn: Lineage, url: Callable[[str], str]) -> Markup:
    """The SVG of a lineage, each record joined to this one by an arrow that points forward in time.

    `url(page)` gives the URL of another record's page from this one."""
    above, below = drawn.above, drawn.below
    rows: list[tuple[str, Ref] | None] = [*above, None, *below]  # None: this record
    height = len(rows) * (_BOX + _GAP) - _GAP
    centre = len(above) * (_BOX + _GAP)
    parts = [
        f'<svg class="acc-lineage" viewBox="0 0 {_WIDTH} {height}" width="{_WIDTH}" role="group" '
        f'aria-label="{attribute(_summary(drawn))}">',
        '<defs><marker id="acc-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">'
        '<path d="M0,0 L10,5 L0,10 z"/></marker></defs>',
    ]
    for i, row in enumerate(rows):
        y = i * (_BOX + _GAP)
        label, title = (drawn.label, drawn.title) if row is None else (row[1].label, row[1].title)
        short = label if len(label) <= _CHARS else label[: _CHARS - 1] + "…"
        box = f'<rect x="{_RAIL}" y="{y}" width="{_WIDTH - _RAIL - 1}" height="{_BOX}" rx="6"/>'
        if row is None:
            parts.append(f'<g class="acc-lineage-this"><title>{text(title)}</title>{box}'
                         f'<text x="{_RAIL + 10}" y="{y + 27}">{text(short)}</text></g>')
            continue
        words, other = row
        assert other.page is not None  # a linked record always has its page
        parts.append(f'<a href="{attribute(url(other.page))}"><title>{text(title)}</title>{box}'
                     f'<text class="acc-lineage-words" x="{_RAIL + 10}" y="{y + 16}">{text(f"{drawn.label} {words}")}</text>'
                     f'<text x="{_RAIL + 10}" y="{y + 35}">{text(short)}</text></a>')
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


def _summary(drawn: Lineage) -> str:
    return f"Lineage of {drawn.label}: " + "; ".join(f"{words} {other.label}" for words, other in drawn.above + drawn.below)
