"""Find the record files under data/ and parse each one; layout problems become diagnostics."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic
from .schema import COUNTRY_CODE, FOLDERS, ID_RE
from .state import BuildState, Parsed
from .yamlsafe import MAX_BYTES, Document, parse

RESERVED_IDS = frozenset({"index", "con", "prn", "aux", "nul", "tags", "search", "assets"})



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


def load(data_dir: Path, state: BuildState | None = None) -> tuple[list[RawRecord], list[Diagnostic]]:
    """Parse every record file under data_dir, in a stable order; report every problem found.

    With the state of the last build, a file whose bytes are unchanged is not parsed again."""
    records: list[RawRecord] = []
    problems: list[Diagnostic] = []
    if not data_dir.is_dir():
        return [], [Diagnostic(display_path(data_dir), 1, 1, "ACC201", "the data folder does not exist")]
    prefix = display_path(data_dir)  # resolved once, not per file: resolve() stats every folder on the way
    before = state.for_folder(data_dir).parsed if state is not None else {}
    parsed: dict[str, Parsed] = {}
    files, unread = _files(data_dir)
    problems += [Diagnostic(f"{prefix}/{folder}".rstrip("/"), 1, 1, "ACC201", f"the folder cannot be read ({why})") for folder, why in unread]
    for relative, full, info in files:
        shown = f"{prefix}/{relative}"
        kind, stem, problem = _place(relative, stat.S_ISLNK(info.st_mode))
        if problem:
            if problem != "skip":
                problems.append(Diagnostic(shown, 1, 1, "ACC201", problem))
            continue
        if info.st_size > MAX_BYTES:  # refused unread
            problems.append(Diagnostic(shown, 1, 1, "ACC001", f"file is {info.st_size:,} bytes; a record may be at most {MAX_BYTES:,}"))
            records.append(RawRecord(shown, kind, stem, None))
            continue
        try:
            with open(full, "rb") as file:
                raw = file.read()
        except FileNotFoundError:  # gone since listed: no longer a record
            continue
        except OSError as exc:  # e.g. no permission to read it
            problems.append(Diagnostic(shown, 1, 1, "ACC001", f"the file cannot be read ({exc.strerror or exc})"))
            records.append(RawRecord(shown, kind, stem, None))
            continue
        known = before.get(shown)
        parsed[shown] = known if known is not None and known[0] == raw else (raw, *parse(raw, shown))
        _, doc, found = parsed[shown]
        problems += found
        records.append(RawRecord(shown, kind, stem, doc))
    if state is not None:
        state.parsed = parsed
    return records, problems


def _files(data_dir: Path) -> tuple[list[tuple[str, str, os.stat_result]], list[tuple[str, str]]]:
    """Every file under data_dir (symbolic links included, not followed): its path relative to
    data_dir, its full path and its lstat, sorted by relative path; and the folders that could not
    be read, with why. os.scandir: pathlib's rglob and relative_to took a fifth of loading."""
    found, unread = [], []
    folders = [("", os.fspath(data_dir))]
    while folders:
        relative, full = folders.pop()
        try:
            with os.scandir(full) as entries:
                for entry in entries:
                    try:
                        info = entry.stat(follow_symlinks=False)
                    except FileNotFoundError:  # gone since listed, e.g. an editor's temporary file
                        continue
                    name = f"{relative}{entry.name}"
                    if stat.S_ISDIR(info.st_mode):
                        folders.append((f"{name}/", entry.path))
                    else:
                        found.append((name, entry.path, info))
        except OSError as exc:  # e.g. a folder without read permission, or one deleted meanwhile
            unread.append((relative, exc.strerror or str(exc)))
    return sorted(found, key=lambda file: file[0]), unread


def _place(relative: str, is_link: bool) -> tuple[str, str, str]:
    """The kind and id a file's place gives it, or why the file cannot be a record ("skip" for non-YAML)."""
    folder, _, name = relative.rpartition("/")
    stem, suffix = os.path.splitext(name)
    if name.startswith(".") or suffix in (".md", ".txt") or name.endswith("~") or name[:1] == name[-1:] == "#":
        # Notes for contributors may sit beside records, and so may editors' swap, lock, backup and
        # autosave files (.beca.yaml.swp, .#beca.yaml, beca.yaml~, #beca.yaml#) while one is open.
        return "", "", "skip"
    if is_link:  # a link to a folder too: following one could read files anywhere
        return "", "", "symbolic links are not allowed in data/: move the file itself here"
    if suffix not in (".yaml", ".yml"):
        return "", "", f"'{relative}' is not a record file: records are .yaml files in a kind's folder"
    if folder not in FOLDERS:
        kinds = ", ".join(f"{known}/" for known in sorted(FOLDERS))
        return "", "", f"a record file must sit directly in one of the kind folders {kinds}"
    if suffix != ".yaml":
        return "", "", f"rename '{name}' to '{stem}.yaml': records end in .yaml"
    kind = FOLDERS[folder]
    if kind == "country":
        if not COUNTRY_CODE.match(stem.upper()) or stem != stem.lower():
            return "", "", f"'{stem}' is not a country file name: use the ISO 3166-1 alpha-2 code in lowercase, e.g. in.yaml"
    elif not ID_RE.match(stem):
        return "", "", f"'{stem}' is not a valid id: file names are lowercase letters, digits and single hyphens, e.g. lemoa.yaml"
    elif stem in RESERVED_IDS:
        return "", "", f"'{stem}' is a reserved name: choose a more specific id"
    return kind, stem, ""
