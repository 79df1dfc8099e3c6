"""The site's outputs: every page and download from data/, and writing them to a folder atomically
(the folder holds the old pages or the new, never a mix)."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from .diagnostics import Diagnostic
from .exports import exports
from .gcpause import without_gc
from .pipeline import build
from .render import render
from .site import Site
from .state import BuildState

Outputs = tuple[list[Diagnostic], dict[str, str]]  # the problems, else every page and download
MARK = ".accords-output"  # in every folder write_tree writes: the only non-empty folders it replaces


class OutputRefusedError(Exception):
    """The output folder holds files that write_tree did not write."""


@without_gc  # one pause for all three stages: a collection between them would scan all that is built
def outputs(data: Path, site: Site, as_of: dt.date | None = None, state: BuildState | None = None) -> Outputs:
    """Load, check and, if there are no problems, render and export the records in `data`.

    An adapter that builds again and again (under `mkdocs serve`) passes the same `state` each time."""
    kb, problems = build(Path(data), as_of, state)
    if problems:
        return problems, {}
    return [], {**render(kb, site, state), **exports(kb, site)}


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
