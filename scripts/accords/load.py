"""Find the record files under data/ and parse each one; layout problems become diagnostics."""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic
from .records import _COUNTRY, _ID, FOLDERS
from .yamlsafe import MAX_BYTES, Document, parse

RESERVED_IDS = frozenset({"index", "con", "prn", "aux", "nul", "tags", "search", "assets"})

# What each file of a recent data folder held and parsed to. Under `mkdocs serve` every rebuild loads
# the whole folder again; a file whose bytes did not change is not parsed again.
_Parsed = tuple[bytes, "Document | None", list[Diagnostic]]
_recent: dict[Path, dict[str, _Parsed]] = {}
_RECENT_FOLDERS = 4


@dataclass(frozen=True)
class RawRecord:
    """One parsed file: where it is, what kind and id its place gives it, and its document."""

    path: str  # as shown in diagnostics and edit links: relative to the working directory if inside it
    kind: str
    id: str
    doc: Document | None  # None when the file could not be parsed: its id still exists for references


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory where possible."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def load(data_dir: Path) -> tuple[list[RawRecord], list[Diagnostic]]:
    """Parse every record file under data_dir, in a stable order; report every problem found."""
    records: list[RawRecord] = []
    problems: list[Diagnostic] = []
    if not data_dir.is_dir():
        return [], [Diagnostic(display_path(data_dir), 1, 1, "ACC201", "the data folder does not exist")]
    prefix = display_path(data_dir)  # resolved once: per-file resolve() costs ~40 µs a file
    before = _recent.pop(data_dir.resolve(), {})
    parsed: dict[str, _Parsed] = {}
    for path in sorted(data_dir.rglob("*"), key=lambda p: p.as_posix()):
        info = path.lstat()
        if stat.S_ISDIR(info.st_mode):
            continue
        shown = f"{prefix}/{path.relative_to(data_dir).as_posix()}"
        kind, problem = _place(path, data_dir, stat.S_ISLNK(info.st_mode))
        if problem:
            if problem != "skip":
                problems.append(Diagnostic(shown, 1, 1, "ACC201", problem))
            continue
        if info.st_size > MAX_BYTES:  # refused unread
            problems.append(Diagnostic(shown, 1, 1, "ACC001", f"file is {info.st_size:,} bytes; a record may be at most {MAX_BYTES:,}"))
            records.append(RawRecord(shown, kind, path.stem, None))
            continue
        raw = path.read_bytes()
        known = before.get(shown)
        parsed[shown] = known if known is not None and known[0] == raw else (raw, *parse(raw, shown))
        _, doc, found = parsed[shown]
        problems += found
        records.append(RawRecord(shown, kind, path.stem, doc))
    _recent[data_dir.resolve()] = parsed
    while len(_recent) > _RECENT_FOLDERS:
        del _recent[next(iter(_recent))]
    return records, problems


def _place(path: Path, data_dir: Path, is_link: bool) -> tuple[str, str]:
    """The kind a file's folder gives it, or why the file cannot be a record ("skip" for non-YAML)."""
    relative = path.relative_to(data_dir)
    if relative.name.startswith(".") or path.suffix in (".md", ".txt"):
        return "", "skip"  # notes for contributors and editor files may sit beside records
    if path.suffix not in (".yaml", ".yml"):
        return "", f"'{relative.as_posix()}' is not a record file: records are .yaml files in a kind's folder"
    folders = ", ".join(f"{name}/" for name in sorted(FOLDERS))
    if is_link:
        return "", "symbolic links are not allowed in data/: move the file itself here"
    if len(relative.parts) != 2 or relative.parts[0] not in FOLDERS:
        return "", f"a record file must sit directly in one of the kind folders {folders}"
    if path.suffix != ".yaml":
        return "", f"rename '{path.name}' to '{path.stem}.yaml': records end in .yaml"
    kind = FOLDERS[relative.parts[0]]
    stem = path.stem
    if kind == "country":
        if not _COUNTRY.match(stem.upper()) or stem != stem.lower():
            return "", f"'{stem}' is not a country file name: use the ISO 3166-1 alpha-2 code in lowercase, e.g. in.yaml"
    elif not _ID.match(stem):
        return "", f"'{stem}' is not a valid id: file names are lowercase letters, digits and single hyphens, e.g. lemoa.yaml"
    elif stem in RESERVED_IDS:
        return "", f"'{stem}' is a reserved name: choose a more specific id"
    return kind, ""
