"""When each record was first published and last changed, from the repository's history.

One `git log` over data/ gives every file's commits (a process per file would take minutes at
10,000 records). Dates are the committer's (when a change landed), as UTC days. Where the history
cannot be trusted, there are no dates at all, never wrong ones: outside a repository, without git,
or in a shallow clone (its oldest commit seems to add every file, so "first published" would be the
day of that commit; CI must fetch the whole history: `fetch-depth: 0`). A file that no commit holds
yet (a new record, being edited) has no dates either.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .schema import KINDS, Record

TIMEOUT = 60  # seconds; a repository too large for that has no dates rather than a stuck build


@dataclass(frozen=True)
class History:
    """A record file's first and last commit: dates (UTC days) and the last commit's hash."""

    first_published: dt.date
    last_changed: dt.date
    commit: str  # the last commit that changed the file

    def as_json(self) -> dict[str, str]:
        return {"first_published": self.first_published.isoformat(), "last_changed": self.last_changed.isoformat(), "commit": self.commit}


Histories = Mapping[str, History]  # by record id


def record_file(record: Record) -> str:
    """A record's file, relative to data/ (where check puts every record: its kind's folder and its id)."""
    return f"{KINDS[record.kind].folder}/{record.id}.yaml"


def histories(data: Path, records: Iterable[Record]) -> dict[str, History]:
    """Each record's history, by id; records whose file has none are left out."""
    files = file_histories(data)
    if not files:
        return {}
    found = {}
    for record in records:
        history = files.get(record_file(record))
        if history is not None:
            found[record.id] = history
    return found


def file_histories(data: Path) -> dict[str, History]:
    """Every file under `data` that a commit touched, by its path relative to `data`: one `git log`
    (and one `git rev-parse` to see that the history is whole, and which commit it ends at)."""
    folder = os.fspath(Path(data).resolve())
    state = _git(folder, "rev-parse", "--is-shallow-repository", "HEAD")
    shallow, _, head = (state or b"").decode("ascii", "replace").partition("\n")
    if shallow != "false" or not head.strip():  # not a repository, no git, no commit, or only part of its history
        return {}
    return dict(_logged(folder, head.strip()))


@functools.lru_cache(maxsize=4)  # under `mkdocs serve` every rebuild asks again: the log changes only with a new commit
def _logged(folder: str, head: str) -> tuple[tuple[str, History], ...]:
    # -z: paths as they are (no quoting of unusual names); --relative: relative to `data`;
    # --no-renames: a renamed file is a new record (its id changed) and starts afresh.
    log = _git(folder, "-c", "core.quotePath=false", "log", "-z", "--format=%x01%H %ct", "--name-only",
               "--no-renames", "--relative", head, "--", ".")
    return tuple(parse_log(log).items()) if log is not None else ()


def parse_log(log: bytes) -> dict[str, History]:
    """Histories from `git log -z --format=%x01%H %ct --name-only` output (newest commit first)."""
    first: dict[str, tuple[int, str]] = {}
    last: dict[str, tuple[int, str]] = {}
    commit, stamp = "", 0
    for token in log.decode("utf-8", "surrogateescape").split("\0"):
        if token.startswith("\x01"):
            commit, _, seconds = token[1:].partition(" ")
            stamp = int(seconds)
            continue
        path = token.lstrip("\n")
        if not path or not commit:
            continue
        # Earliest and latest by date, whatever order the commits came in (merged branches interleave);
        # on equal dates, the order of the log (newest first) decides.
        if path not in last or stamp > last[path][0]:
            last[path] = (stamp, commit)
        if path not in first or stamp <= first[path][0]:
            first[path] = (stamp, commit)
    return {path: History(_day(first[path][0]), _day(stamp), commit) for path, (stamp, commit) in sorted(last.items())}


def _day(stamp: int) -> dt.date:
    return dt.datetime.fromtimestamp(stamp, dt.timezone.utc).date()


def _git(folder: str, *args: str) -> bytes | None:
    """The output of a git command run in `folder`, or None if it could not run or failed."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}  # this folder's repository, whatever the caller's
    try:
        done = subprocess.run(["git", "-C", folder, *args], capture_output=True, timeout=TIMEOUT, env=env, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def history_url(repo_url: str, branch: str, record: Record) -> str:
    """The page of the repository host that lists the commits of a record's file ('' without a repository)."""
    if not repo_url:
        return ""
    return f"{repo_url.rstrip('/')}/commits/{branch}/data/{record_file(record)}"
