"""What a process keeps between builds of the same data folder, in one object.

Under `mkdocs serve` every edit builds the site again; a rebuild parses only the files whose bytes
changed, checks only those, and renders again only the pages whose page data changed. The stages
keep nothing between calls themselves: an adapter (the MkDocs hook, BuildAhead) creates one
BuildState and passes it to each build; a call without one computes everything afresh.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .diagnostics import Diagnostic
    from .schema import Record
    from .yamlsafe import Document

Parsed = tuple[bytes, "Document | None", "list[Diagnostic]"]  # a file's bytes, its document, its problems
Shape = tuple["Document", "Record", "list[Diagnostic]"]  # the document checked, its record, its problems


@dataclass
class BuildState:
    """The last build of one data folder: what load parsed, what check found, what render wrote.

    load hands back the same Document object for a file whose bytes are unchanged, and check reuses
    a file's result only for that same object; both caches live here, so the one contract between
    them is kept in one place. Each cache holds the last build only: it never grows past the data."""

    data_dir: Path | None = None  # the folder the caches belong to (a state serves one folder)
    parsed: dict[str, Parsed] = field(default_factory=dict)  # load: by file path as shown
    shapes: dict[tuple[str, str, str], Shape] = field(default_factory=dict)  # check: by (path, kind, id)
    render_setting: tuple = ()  # render: the site, date and templates the pages were rendered with
    page_data: dict[str, tuple[str, Any]] = field(default_factory=dict)  # render: each page's template and data
    pages: dict[str, str] = field(default_factory=dict)  # render: the pages, by path

    def for_folder(self, data_dir: Path) -> BuildState:
        """This state, emptied first if it held another folder's build."""
        folder = data_dir.resolve()
        if self.data_dir != folder:
            self.data_dir, self.parsed, self.shapes = folder, {}, {}
            self.render_setting, self.page_data, self.pages = (), {}, {}
        return self

    def rendered(self, setting: tuple) -> dict[str, tuple[str, Any]]:
        """The template and data each kept page was rendered from, if with this setting (else none)."""
        return self.page_data if self.render_setting == setting else {}

