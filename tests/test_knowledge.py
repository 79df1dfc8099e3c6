"""Derived facts: statuses computed from dates and relations across records."""

from __future__ import annotations

import datetime as dt

import pytest

from accords.pipeline import build
from conftest import ALPHA, TALKS, write_data

AS_OF = dt.date(2026, 11, 25)
BETA = ALPHA.replace("Alpha Agreement", "Beta Agreement").replace("ALPHA", "BETA").replace(
    "related:\n  - id: talks\n    relation: signed-at\n", "related:\n  - id: alpha\n    relation: supersedes\n")


@pytest.mark.parametrize(("replacing", "status"), [
    ({"agreements/beta.yaml": BETA}, "superseded"),  # an agreement signed since replaces it
    # no date to go by
    ({"dialogues/more-talks.yaml": TALKS.replace("Test Talks", "More Talks") + "related:\n  - id: alpha\n    relation: renews\n"}, "signed"),
])
def test_a_record_that_replaces_an_agreement_sets_its_status_only_with_a_date(tmp_path, replacing, status):
    kb, problems = build(write_data(tmp_path, replacing), AS_OF)
    assert problems == []
    assert kb.status(kb.by_id["alpha"]).value == status
