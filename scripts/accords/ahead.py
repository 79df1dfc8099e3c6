"""Under a live-reloading server, build data/ as soon as a file changes, ahead of the server.

MkDocs notices a saved file only at its next poll (every 0.5 s) and then waits 0.1 s for writes to
settle. Building meanwhile, in a thread woken by the operating system's file events, takes load,
check, render and exports out of the time a reader waits for the page to reload.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from watchdog import events
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from . import output
from .pipeline import as_of_date
from .site import Site
from .state import BuildState

log = logging.getLogger(__name__)
_SETTLE = 0.06  # seconds without a file event before building: an editor saves in several writes
# A file written this recently may be written again within the same tick of the file system's clock
# without its time or size changing ("racy git"): a build that read it is not reused.
_RACY_NS = 50_000_000
# What reading a file reports (the build reads every file). Older watchdog versions lack some of these
# types and report a changed access time as a modification: that costs one comparison of the files.
_READ_ONLY = {getattr(events, f"EVENT_TYPE_{name}", None) for name in ("OPENED", "CLOSED_NO_WRITE", "ATTRIB")} - {None}


class BuildAhead:
    """The outputs of data/ as it is now, built again in the background whenever a file changes."""

    def __init__(self, data: Path, site: Site, also: Iterable[Path] = ()) -> None:
        self._data = Path(data)
        self._folders = (self._data, *map(Path, also))  # e.g. the page templates
        self._lock = threading.Lock()  # one build at a time: they share the state of the last one
        self._state = BuildState()  # what the last build parsed, checked and rendered
        self._ready: tuple[tuple, output.WithDatabase] | None = None  # a build that may be reused, with its key
        self._site = site  # the site of the last build asked for
        self._changed = threading.Event()
        self._stopped = False
        self._observer = Observer()
        for folder in self._folders:
            self._observer.schedule(_Changes(self._changed), str(folder), recursive=True)
        self._observer.start()
        self._thread = threading.Thread(target=self._prepare, name="accords-build-ahead", daemon=True)
        self._thread.start()

    def outputs(self, site: Site) -> output.WithDatabase:
        """What `outputs_with_database()` gives for data/ now: built ahead if no file changed since, else built now."""
        with self._lock:
            self._site = site
            started = time.time_ns()
            files = _stamp(self._folders)
            key = (site, as_of_date(), files)
            if self._ready is not None and self._ready[0] == key:
                return self._ready[1]
            result = output.outputs_with_database(self._data, site, key[1], self._state)
            racy = any(started - changed < _RACY_NS for _, _, changed, _ in files)
            self._ready = None if racy else (key, result)
            return result

    def stop(self) -> None:
        self._stopped = True
        self._changed.set()
        self._observer.stop()

    def _prepare(self) -> None:
        while True:
            self._changed.wait()
            while self._changed.is_set():  # until the files stop changing
                self._changed.clear()
                time.sleep(_SETTLE)
            if self._stopped:
                return
            try:
                self.outputs(self._site)
            except Exception:  # noqa: BLE001 - the server's own build runs it again and reports it
                log.debug("building ahead failed", exc_info=True)


class _Changes(FileSystemEventHandler):
    """Wakes the builder when a file is written, added, moved or removed; not when it is only read
    (as the build itself does, which also updates its access time)."""

    def __init__(self, changed: threading.Event) -> None:
        self._changed = changed

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in _READ_ONLY:
            self._changed.set()


def _stamp(folders: Iterable[Path]) -> tuple[tuple[str, int, int, int], ...]:
    """Every file under the folders, with its modification time, change time and size."""
    found = []
    for folder in folders:
        for directory, _, names in os.walk(folder):
            for name in names:
                path = os.path.join(directory, name)
                try:
                    info = os.stat(path)
                except OSError:  # removed while we looked: the next event builds again
                    continue
                found.append((path, info.st_mtime_ns, info.st_ctime_ns, info.st_size))
    return tuple(sorted(found))
