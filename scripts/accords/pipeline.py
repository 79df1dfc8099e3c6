"""load → check → model in one call, for the adapters (command line, MkDocs hook, tests)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from .check import check
from .diagnostics import Diagnostic
from .gcpause import without_gc
from .knowledge import KnowledgeBase, build_kb
from .load import load
from .state import BuildState


def as_of_date() -> dt.date:
    """The date statuses are computed for: ACCORDS_AS_OF, else SOURCE_DATE_EPOCH, else today (UTC)."""
    if os.environ.get("ACCORDS_AS_OF"):
        return dt.date.fromisoformat(os.environ["ACCORDS_AS_OF"])
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), dt.timezone.utc).date()
    return dt.datetime.now(dt.timezone.utc).date()


@without_gc
def build(data_dir: Path, as_of: dt.date | None = None, state: BuildState | None = None) -> tuple[KnowledgeBase, list[Diagnostic]]:
    """Load and check every record; the knowledge base is only meaningful when there are no problems.

    `state` (kept by an adapter between builds) lets a rebuild skip the files that did not change."""
    raws, problems = load(Path(data_dir), state)
    records, found = check(raws, state)
    problems = sorted(set(problems + found))
    return build_kb(records, as_of or as_of_date()), problems
