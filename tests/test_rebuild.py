"""Rebuilding in one process, as `mkdocs serve` does: only changed files are parsed and validated
again, and the result is exactly what a build from scratch gives."""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil

import pytest
import yaml

from accords import check as check_module
from accords import load as load_module
from accords.exports import exports
from accords.pipeline import build
from accords.render import render
from accords.site import Site
from accords.state import BuildState
from conftest import ALPHA, BASE, REPO, write_data

AS_OF = dt.date(2026, 11, 25)


def output(data, state: BuildState | None = None) -> tuple[dict[str, str], list[str]]:
    # Not accords.output.outputs: pages are rendered even when there are problems, so that reuse is
    # also compared across builds of invalid data. Without a state, everything is computed afresh.
    kb, problems = build(data, AS_OF, state)
    return {**render(kb, Site(), state), **exports(kb, Site())}, [str(p) for p in problems]


def from_scratch(data, tmp_path) -> tuple[dict[str, str], list[str]]:
    """The same files built in another folder with no state: every file parsed, every page rendered anew."""
    fresh = tmp_path / "fresh" / "data"
    shutil.rmtree(fresh.parent, ignore_errors=True)
    shutil.copytree(data, fresh)
    pages, problems = output(fresh)
    return pages, [p.replace(str(fresh), str(data)) for p in problems]


@pytest.fixture
def state() -> BuildState:
    """One process's builds of one folder, as under `mkdocs serve`: a test's rebuilds share it."""
    return BuildState()


@pytest.fixture
def counted(monkeypatch):
    """How many files were parsed and validated since the fixture started."""
    calls = {"parse": 0, "shape": 0}
    parse, shape = load_module.parse, check_module._shape

    def counting_parse(*args):
        calls["parse"] += 1
        return parse(*args)

    def counting_shape(*args):
        calls["shape"] += 1
        return shape(*args)

    monkeypatch.setattr(load_module, "parse", counting_parse)
    monkeypatch.setattr(check_module, "_shape", counting_shape)
    return calls


EDITS = {
    "same size": {"agreements/alpha.yaml": ALPHA.replace("Alpha Agreement", "Omega Agreement")},
    "new date": {"agreements/alpha.yaml": ALPHA.replace("signed: 2016-08-29", "signed: 2017-01-02")},
    "a problem": {"agreements/alpha.yaml": ALPHA.replace("signed: 2016-08-29", "signed: 2016-02-30")},
    "a file removed": {"dialogues/talks.yaml": None, "agreements/alpha.yaml": ALPHA.replace("related:\n  - id: talks\n    relation: signed-at\n", "")},
    "a country renamed": {"countries/us.yaml": "name: United States of America\n"},  # on India's pairs
    "a person renamed": {"people/jane-doe.yaml": BASE["people/jane-doe.yaml"].replace("Jane Doe", "Jane Roe")},
    "an agreement added": {"agreements/beta.yaml": ALPHA.replace("Alpha Agreement", "Beta Agreement").replace("ALPHA", "BETA")},
    "a file added": {"people/john-roe.yaml": "name: John Roe\nsources:\n  - title: A page\n    url: https://example.org/john\n    type: news\n"},
}


@pytest.mark.parametrize("edit", EDITS, ids=list(EDITS))
def test_a_rebuild_after_an_edit_equals_a_build_from_scratch(tmp_path, counted, edit, state):
    data = write_data(tmp_path)
    before, _ = output(data, state)
    counted.update(parse=0, shape=0)
    for name, text in EDITS[edit].items():
        if text is None:
            (data / name).unlink()
        else:
            (data / name).write_text(text, encoding="utf-8")
    after = output(data, state)
    assert counted["parse"] == sum(text is not None for text in EDITS[edit].values())  # only the files that changed
    assert after == from_scratch(data, tmp_path)
    assert after[0] != before


def test_an_unchanged_rebuild_parses_and_validates_nothing(tmp_path, counted, state):
    data = write_data(tmp_path)
    first = output(data, state)
    counted.update(parse=0, shape=0)
    assert output(data, state) == first
    assert counted == {"parse": 0, "shape": 0}


def test_fixing_a_problem_clears_it_on_the_next_build(tmp_path, state):
    data = write_data(tmp_path, {"agreements/alpha.yaml": ALPHA.replace("title: Alpha", "titel: Alpha")})
    assert any("ACC101" in p for p in output(data, state)[1])
    (data / "agreements/alpha.yaml").write_text(ALPHA, encoding="utf-8")
    assert output(data, state)[1] == []


def _random_edit(rng: random.Random, data, removed: dict) -> None:
    """One edit a contributor might make: a date, a title, a party, a relation, a file removed or back."""
    files = sorted(data.rglob("*.yaml"))
    path = rng.choice(files)
    if removed and rng.random() < 0.2:
        back, text = removed.popitem()
        back.write_text(text, encoding="utf-8")
        return
    if rng.random() < 0.1:
        removed[path] = path.read_text(encoding="utf-8")
        path.unlink()
        return
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    other = yaml.safe_load(rng.choice(files).read_text(encoding="utf-8"))
    ids = [f.stem for f in files if f.parent.name != "countries"]
    field = rng.choice(["title", "name", "signed", "date", "in_force", "parties", "related", "related", "duration", "participants"])
    if field in ("title", "name") and field in record:
        record[field] += " (revised)"
    elif field == "related":
        record["related"] = [{"id": rng.choice(ids), "relation": rng.choice(
            ["supersedes", "renews", "follows", "amends", "annex-to", "implements", "signed-at", "announced-at", "part-of"])}]
    elif field in other:
        record[field] = other[field]
    elif field in record and field not in ("title", "name"):
        del record[field]
    path.write_text(yaml.safe_dump(record, sort_keys=False, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize("seed", range(4))
def test_after_any_sequence_of_edits_a_rebuild_equals_a_build_from_scratch(tmp_path, seed, state):
    """Record pages are reused when what they show is unchanged; random edits to the real data,
    which has supersessions, renewals and expiries whose statuses reach across records."""
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    rng = random.Random(seed)
    removed: dict = {}
    output(data, state)
    for _ in range(15):
        _random_edit(rng, data, removed)
        assert output(data, state) == from_scratch(data, tmp_path)


def test_templates_are_compiled_once_and_again_after_an_edit():
    from accords.templating import environment

    first = environment()
    assert environment() is first
    template = next((REPO / "scripts/accords/templates").glob("record.md.j2"))
    stat = template.stat()
    try:
        os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
        assert environment() is not first
    finally:
        os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns))
