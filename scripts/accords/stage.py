"""A project folder for builders that read mkdocs.yml but run no MkDocs hooks (Zensical): the
hand-written and generated pages together in `docs/`, and a config that inherits the project's.

What differs from the MkDocs build: search. The Pagefind index is written by the MkDocs hook from the
pages it renders, and a builder that runs no hooks has none: Zensical's own search (its header's box,
its index of every page not marked `search: exclude`) takes its place, and the theme override leaves
Zensical's box alone (docs/overrides/main.html). See docs/about/search.md."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from .diagnostics import Diagnostic
from .output import outputs_with_database
from .site import Site


def staged(data: Path, config: Path, out: Path, site: Site,
           as_of: dt.date | None = None) -> tuple[list[Diagnostic], dict[str, str | bytes]]:
    """Every file the folder `out` is to hold, by its path in it; or the problems in `data`. The
    hand-written pages are those in docs/ beside `config`."""
    problems, generated = outputs_with_database(data, site, as_of)
    if problems:
        return problems, {}
    files: dict[str, str | bytes] = {f"docs/{path}": text for path, text in generated.items()}
    docs = config.parent / "docs"
    for path in sorted(docs.rglob("*")):
        if path.is_file():  # a hand-written page wins over a generated one of the same path, as in the hook
            files[f"docs/{path.relative_to(docs).as_posix()}"] = path.read_bytes()
    files["mkdocs.yml"] = _config(config, out)
    return [], files


def _config(config: Path, out: Path) -> str:
    # Paths in the config (docs_dir, custom_dir: docs/overrides) resolve from this file's folder,
    # where docs/ now holds every page; JSON is YAML, and quotes any path.
    parent = Path(os.path.relpath(config.absolute(), out.absolute())).as_posix()
    return (
        "# Written by `accords stage`: the project's mkdocs.yml for builders that run no MkDocs hooks\n"
        "# (Zensical). The pages generated from data/ are already in docs/.\n"
        f"INHERIT: {json.dumps(parent)}\n"
        "docs_dir: docs\n"
        "site_dir: site\n"
        "hooks: []\n"
    )
