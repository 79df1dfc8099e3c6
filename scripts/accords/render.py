"""Render the knowledge base into Markdown pages: a pure function, `{path: markdown}`.

Orchestration only: for each page, its data is built (pages.py, record_pages.py) and laid out by its
template (templating.py); under `mkdocs serve` a page whose data equals last build's is kept as it was.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Template

from . import timeline
from .gcpause import without_gc
from .knowledge import KnowledgeBase
from .pages import (
    BROWSE,
    by_domain,
    contributing_page,
    data_page,
    domain_pages,
    domains_page,
    home_page,
    kind_index_pages,
    paged,
    pair_pages,
    pair_summaries,
    pairs_by_country,
    pairs_index_pages,
    records_section,
    reference_page,
    rows,
    variables,
    year_description,
    years_description,
)
from .record_pages import record_page_data
from .schema import KINDS
from .site import Site, record_page
from .state import BuildState
from .templating import environment


@without_gc
def render(kb: KnowledgeBase, site: Site | None = None, state: BuildState | None = None) -> dict[str, str]:
    """Every generated page of the site, by its path under docs/, in a stable order.

    With the state of the last build (under `mkdocs serve`), a page whose data equals last time's is
    taken as it was: what it shows is all its data holds, so nothing else can have changed it."""
    site = site or Site()
    env = environment()
    setting = (site, kb.as_of, env)
    before = state.rendered(setting) if state is not None else {}
    kept = state.pages if state is not None else {}
    templates: dict[str, Template] = {}  # looked up once per build, not once per page
    pages: dict[str, str] = {}
    shown: dict[str, tuple[str, Any]] = {}  # each page's template and data, for the next build to compare

    def page(path: str, name: str, **context: Any) -> None:
        if name not in templates:
            templates[name] = env.get_template(name)
        pages[path] = templates[name].render(here=path, site=site, **context)

    def show(path: str, name: str, data: Any) -> None:
        shown[path] = (name, data)
        if path in kept and before.get(path) == (name, data):
            pages[path] = kept[path]
        else:
            page(path, name, **variables(data))

    summaries = pair_summaries(kb)
    of_country = pairs_by_country(summaries)
    for record in kb.records:
        show(record_page(record), *record_page_data(kb, record, of_country))
    # Index pages: long lists are split into pages of PAGE_SIZE items (see `paged`), so that none grows
    # with the number of records; each page's sort and filters work on what it holds.
    table_rows = rows(kb)
    for kind in KINDS:
        for path, index in kind_index_pages(kb, kind, table_rows):
            show(path, "kind_index.md.j2", index)
    for path, pairs in pairs_index_pages(summaries):
        show(path, "pairs_index.md.j2", pairs)
    for codes, summary in summaries.items():
        for path, pair in pair_pages(kb, codes, summary, table_rows):
            show(path, "pair.md.j2", pair)
    by_year = timeline.by_year(kb.timeline)
    page("years/index.md", "years_index.md.j2", years=[(year, len(entries)) for year, entries in by_year.items()],
         description=years_description(list(by_year)))
    for year, entries in by_year.items():
        for path, held, pager in paged(f"years/{year}.md", entries):
            page(path, "year.md.j2", year=year, data=timeline.year_page(kb, year, held), pager=pager,
                 description=year_description(year, len(entries), pager))
    page("timeline.md", "timeline.md.j2", overview=timeline.overview(kb, by_year))
    domains = by_domain(kb)
    for domain, records in domains.items():
        for path, listed in domain_pages(domain, records, table_rows):
            show(path, "domain.md.j2", listed)
    show("domains.md", "domains.md.j2", domains_page(domains))
    show("reference.md", "reference.md.j2", reference_page())
    show("contributing.md", "contributing.md.j2", contributing_page(site))
    show("data.md", "data.md.j2", data_page(kb))
    show("records/index.md", "section_index.md.j2", records_section(kb))
    show("browse/index.md", "section_index.md.j2", BROWSE)
    show("index.md", "home.md.j2", home_page(kb, summaries))
    if state is not None:
        state.render_setting, state.page_data, state.pages = setting, shown, pages
    return dict(sorted(pages.items()))
