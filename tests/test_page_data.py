"""Page data, then layout: each page's data is built from the knowledge base in one place, and its
template lays out only that data (with `here` and `site`). A rebuild renders a page again exactly when
its data changed, so what it must redo is derived from what the page shows."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import jinja2
import pytest

from accords import templating
from accords.knowledge import KnowledgeBase
from accords.pipeline import build
from accords.record_pages import record_page_data
from accords.render import render
from accords.site import Site
from accords.state import BuildState
from conftest import ALPHA, BASE, DRILL, REPO, TALKS, write_data

AS_OF = dt.date(2026, 11, 25)
TEMPLATES = Path(templating.__file__).parent / "templates"


def test_no_template_mentions_the_knowledge_base():
    for template in TEMPLATES.glob("*.j2"):
        assert not re.search(r"\bkb\b", template.read_text(encoding="utf-8")), template.name


def test_no_filter_reads_the_knowledge_base():
    """Filters see only values, `here` and `site`: none looks anything up in the template's context."""
    source = Path(templating.__file__).read_text(encoding="utf-8")
    assert set(re.findall(r'context\["(\w+)"\]', source)) == {"here", "site"}


@pytest.fixture
def contexts(monkeypatch):
    """Every template's variables as render passes them, by the page's path."""
    seen: dict[str, dict] = {}
    original = jinja2.Template.render

    def spying(self, *args, **kwargs):
        seen[kwargs["here"]] = kwargs
        return original(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", spying)
    return seen


def test_templates_get_their_page_data_here_and_site_only(contexts):
    kb, problems = build(REPO / "data", AS_OF)
    assert problems == []
    pages = render(kb, Site())
    assert set(contexts) == set(pages)
    assert "kb" not in templating.environment().globals
    for path, variables in contexts.items():
        assert "kb" not in variables, path
        assert not any(isinstance(v, KnowledgeBase) for v in variables.values()), path
        assert variables["here"] == path and isinstance(variables["site"], Site)


def _page_data(data: Path, record_id: str):
    kb, problems = build(data, AS_OF)
    assert problems == []
    return record_page_data(kb, kb.by_id[record_id], {})


def test_a_record_pages_data_change_with_a_linked_records_title_only(tmp_path):
    before = _page_data(write_data(tmp_path), "alpha")
    assert _page_data(write_data(tmp_path), "alpha") == before  # parsed afresh: equal
    renamed = {"dialogues/talks.yaml": TALKS.replace("Test Talks", "Renamed Talks")}  # alpha was signed at it
    assert _page_data(write_data(tmp_path, renamed), "alpha") != before
    unrelated = {"exercises/drill.yaml": DRILL.replace("Test Drill", "Renamed Drill"),
                 "organisations/test-ministry.yaml": BASE["organisations/test-ministry.yaml"].replace("Test Ministry", "Other")}
    assert _page_data(write_data(tmp_path, unrelated), "alpha") == before


def test_a_rebuild_renders_again_only_the_pages_whose_data_changed(tmp_path, contexts):
    data = write_data(tmp_path)
    state = BuildState()
    first = render(build(data, AS_OF, state)[0], Site(), state)
    contexts.clear()
    again = render(build(data, AS_OF, state)[0], Site(), state)
    assert again == first and contexts.keys() <= {"years/index.md", "timeline.md"} | {p for p in first if p.startswith("years/")}
    (data / "agreements/alpha.yaml").write_text(ALPHA.replace("Alpha Agreement", "Omega Agreement"), encoding="utf-8")
    contexts.clear()
    edited = render(build(data, AS_OF, state)[0], Site(), state)
    rendered = set(contexts)
    assert edited == render(build(data, AS_OF)[0], Site())  # as a build from scratch
    # its own page, and those that name it: the dialogue it was signed at, its signatory, its countries
    assert {"agreements/alpha.md", "dialogues/talks.md", "people/jane-doe.md", "countries/us.md", "agreements/index.md"} <= rendered
    # and not those that show nothing of it
    assert not rendered & {"exercises/drill.md", "organisations/test-ministry.md", "exercises/index.md", "reference.md"}
