"""Shared fixtures: a small valid data folder that each test changes in one place."""

from __future__ import annotations

from pathlib import Path

import pytest

from accords.diagnostics import Diagnostic
from accords.pipeline import build

REPO = Path(__file__).resolve().parent.parent

# Line numbers in these texts are what the tests assert on: keep them stable.
ALPHA = """\
title: Alpha Agreement
short_title: ALPHA
instrument: agreement
summary: A test agreement between two countries.
parties: [IN, US]
domains: [logistics]
signed: 2016-08-29
place: Washington
signatories:
  - person: jane-doe
    party: IN
related:
  - id: talks
    relation: signed-at
sources:
  - title: A source
    url: https://example.org/alpha
    type: news
    supports: [instrument, signed, place, signatories]
"""

TALKS = """\
title: Test Talks
format: ministerial
summary: A dialogue that meets in rounds.
parties: [IN, US]
rounds:
  - number: 1
    date: 2018-09-06
    participants: [jane-doe]
    outcomes: [alpha]
    sources: [{title: Round 1, url: https://example.org/r1, type: official, supports: [date, participants]}]
  - number: 2
    date: 2019-12-18
    sources: [{title: Round 2, url: https://example.org/r2, type: news, supports: [date]}]
sources:
  - title: A source
    url: https://example.org/talks
    type: news
"""

DRILL = """\
title: Test Drill
summary: An exercise held in editions.
parties: [IN, US]
editions:
  - number: 1
    date: 2004-02-16
    end: 2004-02-27
    place: Gwalior
    sources: [{title: First, url: https://example.org/d1, type: news, supports: [number, date, end, place]}]
  - date: 2008
    sources: [{title: Later, url: https://example.org/d2, type: news, supports: [date]}]
sources:
  - title: A source
    url: https://example.org/drill
    type: analysis
"""

BASE: dict[str, str] = {
    "countries/in.yaml": "name: India\n",
    "countries/us.yaml": "name: United States\n",
    "people/jane-doe.yaml": "name: Jane Doe\nsources:\n  - title: A page\n    url: https://example.org/jane\n    type: news\n",
    "organisations/test-ministry.yaml": "name: Test Ministry\nparty: IN\nsources:\n  - title: A page\n    url: https://example.org/m\n    type: official\n",
    "agreements/alpha.yaml": ALPHA,
    "dialogues/talks.yaml": TALKS,
    "exercises/drill.yaml": DRILL,
}


def write_data(root: Path, changes: dict[str, str | bytes | None] | None = None) -> Path:
    """Write BASE with changes applied (None deletes a file) into root/data and return that folder."""
    files: dict[str, str | bytes | None] = {**BASE, **(changes or {})}
    data = root / "data"
    for name, content in files.items():
        if content is None:
            continue
        path = data / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return data


@pytest.fixture
def diagnose(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Validate BASE with changes; diagnostics carry paths relative to tmp_path."""
    monkeypatch.chdir(tmp_path)

    def run(changes: dict[str, str | bytes | None] | None = None) -> list[Diagnostic]:
        data = write_data(tmp_path, changes)
        return build(data.relative_to(tmp_path))[1]

    return run
