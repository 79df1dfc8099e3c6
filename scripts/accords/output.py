"""The site's outputs: every page and download from data/, and writing them to a folder atomically
(the folder holds the old pages or the new, never a mix)."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from . import cite, dataset
from .diagnostics import Diagnostic
from .exports import exports
from .gcpause import without_gc
from .history import histories
from .pipeline import build
from .render import render
from .site import Site
from .state import BuildState

Outputs = tuple[list[Diagnostic], dict[str, str]]  # the problems, else every page and download
WithDatabase = tuple[list[Diagnostic], dict[str, str | bytes]]  # the same, with the SQLite database (bytes)
MARK = ".accords-output"  # in every folder write_tree writes: the only non-empty folders it replaces


class OutputRefusedError(Exception):
    """The output folder holds files that write_tree did not write."""


@without_gc  # one pause for all three stages: a collection between them would scan all that is built
def outputs(data: Path, site: Site, as_of: dt.date | None = None, state: BuildState | None = None) -> Outputs:
    """Load, check and, if there are no problems, render and export the records in `data`.

    An adapter that builds again and again (under `mkdocs serve`) passes the same `state` each time."""
    problems, files, _ = _outputs(data, site, as_of, state, database=False)
    return problems, files


@without_gc
def outputs_with_database(data: Path, site: Site, as_of: dt.date | None = None, state: BuildState | None = None) -> WithDatabase:
    """`outputs`, and the SQLite database (downloads/accords.sqlite), for adapters that write bytes."""
    problems, files, database = _outputs(data, site, as_of, state, database=True)
    return problems, {**files, dataset.SQLITE_PATH: database} if database is not None else dict(files)


def _outputs(data: Path, site: Site, as_of: dt.date | None, state: BuildState | None,
             database: bool) -> tuple[list[Diagnostic], dict[str, str], bytes | None]:
    kb, problems = build(Path(data), as_of, state)
    if problems:
        return problems, {}, None
    history = histories(Path(data), kb.records)  # one `git log` for all of data/; {} without a full history
    tables = dataset.tables(kb, site, history)
    files = exports(kb, site, history, tables)
    # The record pages' Cite boxes (and history) go where `render` left their marker; the Data page
    # says whether this build has the database.
    pages = cite.fill(render(kb, site, state), kb, site, files, history)
    if database and "data.md" in pages:
        pages["data.md"] = pages["data.md"].replace(dataset.DATABASE_MARKER, dataset.DATABASE_NOTE)
    built = dataset.sqlite_database(tables, kb, site) if database else None
    return [], {**pages, **files}, built


def write_tree(pages: Mapping[str, str | bytes], out: Path) -> None:
    """Replace `out` with exactly these files (written beside it first, then swapped in).

    A folder that exists and holds files not written here is left alone (OutputRefusedError): `--out docs`
    or `--out .` must not delete a person's work."""
    out = Path(out).absolute()
    ours = not out.exists() or out.is_dir() and ((out / MARK).is_file() or not any(out.iterdir()))
    if not ours:
        raise OutputRefusedError(f"{out} exists and was not written by accords: name a new or empty folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        for path, text in {MARK: "Written by accords: replaced whole by the next run.\n", **pages}.items():
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                target.write_bytes(text)
            else:
                target.write_text(text, encoding="utf-8")
        old = None
        if out.exists():
            old = out.with_name(f".{out.name}-old-{staging.name}")
            out.rename(old)
        staging.rename(out)
        if old is not None:
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
