"""Search: a Pagefind index of the pages readers look for, built from the HTML MkDocs renders.

Pagefind (https://pagefind.app) splits its index into small files fetched per query, so a search
costs a reader what the query needs, not the whole site. The MkDocs hook hands each page it wants
found to an `Indexer` as soon as MkDocs has rendered it: a trimmed copy of the page (its article, and
what the results show and filter by) that the Pagefind binary indexes in its own process while MkDocs
renders the next pages. `write` then writes the index into the site. (Under `mkdocs serve` the hook
keeps the documents as files instead, and the binary reads that folder after each build: `add_folder`.)

What is indexed: the article text of record pages (instruments, people, organisations, countries,
families) and of hand-written pages; never index pages (tables of other pages) nor the theme's chrome
(header, nav, footer, "¶" links, the edit button, the domain tags). Titles and short titles are the
page's first heading (weighted above body text by Pagefind), and aliases, in any script, are repeated
in a block weighted between the two. Each page carries its kind and first date (shown with results)
and its kind, countries, domains and years as filters.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import json
import os
import re
import shutil
import threading
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any, TypeVar

from pagefind.index import IndexConfig, PagefindIndex
from pagefind.service import PagefindService
from pagefind.service.types import InternalDecodedFile

from .dates import Date

FOLDER = "pagefind"  # the index's folder in the site; docs/assets/search.js loads it from there
LANGUAGE = "en"  # every page is English (aliases in other scripts are words among English text)
# Left out of what is indexed: the heading's "¶" link, the edit button, the domain tags above the title
# (the domains are a filter, and listed in the key facts), the source marks "[1]" after facts.
# Not indexed: the theme's chrome, and a table's column names (no one searches for "Key facts Value").
EXCLUDE = (".headerlink", ".md-content__button", ".md-tags", ".md-source-file", 'a[href^="#source-"]', "[data-search-exclude]", "thead")
KIND_WORDS = {
    "agreement": "Agreement", "framework": "Framework", "dialogue": "Dialogue", "designation": "Designation",
    "event": "Event", "exercise": "Exercise", "family": "Family", "person": "Person", "organisation": "Organisation",
    "country": "Country",
}
PAGE = "Page"  # the kind shown for a hand-written page
ALIAS_WEIGHT = 5  # Pagefind weighs body text 1 and the first heading 7 (its weights count squared)
_ARTICLE = '<article class="md-content__inner md-typeset">'
_UNUSED = re.compile(r"pagefind-[^/]*ui[^/]*|pagefind-highlight\.js")  # Pagefind's search UIs and highlighter
_EXCLUDED_HEADING = re.compile(r"<h([1-6])\b[^>]*\sdata-search-exclude[\s>=]")
T = TypeVar("T")


# -- What a page is indexed with --------------------------------------------------------------


@dataclass(frozen=True)
class Facets:
    """What a search result shows of a page besides its title and excerpt, and what it filters by."""

    kind: str  # 'Agreement', … ; PAGE for a hand-written page
    date: str = ""  # the first dated fact, as pages show it: '27 Oct 2020'
    countries: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    years: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


def record_facets(record: dict[str, Any], country_name: Callable[[str], str | None]) -> Facets:
    """A record's facets from its published JSON (`agreements/beca.json`: fields as written, and what
    was computed from them). `country_name` names a country by its code, or None for another id."""
    fields, computed = record.get("fields", {}), record.get("computed", {})
    dates = [Date.parse(entry["date"]) for entry in computed.get("timeline", [])]
    kind = record.get("kind", "")
    return Facets(
        kind=KIND_WORDS.get(kind, kind.capitalize()),
        date=dates[0].display() if dates else "",
        countries=tuple(_unique(name for ref in _country_refs(kind, record.get("id", ""), fields) if (name := country_name(ref)))),
        domains=tuple(_unique(fields.get("domains", []))),
        years=tuple(sorted({str(date.year) for date in dates})),
        aliases=tuple(fields.get("aliases", [])),
    )


def _country_refs(kind: str, record_id: str, fields: dict[str, Any]) -> Iterable[str]:
    """The ids and codes of the countries a record is about: its parties, a person's roles', an
    organisation's country, a country itself."""
    if kind == "country":
        yield record_id.upper()
    yield from fields.get("parties", [])
    yield from fields.get("granted_by", [])
    yield from fields.get("granted_to", [])
    if fields.get("party"):
        yield fields["party"]
    for role in fields.get("roles", []):
        if role.get("party"):
            yield role["party"]


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def article(page_html: str) -> str | None:
    """The article of a page rendered by Material (what the reader reads), or None if it has none;
    without the sections whose heading says `data-search-exclude` (as Material's own search left them
    out: e.g. "Before and after", which names other records)."""
    start = page_html.find(_ARTICLE)
    end = page_html.rfind("</article>")
    if start < 0 or end < start:
        return None
    html = page_html[start + len(_ARTICLE): end]
    while (heading := _EXCLUDED_HEADING.search(html)) is not None:  # up to the next heading of its level or above
        after = re.compile(rf"<h[1-{heading[1]}]\b").search(html, heading.end())
        html = html[: heading.start()] + (html[after.start():] if after else "")
    return html


def document(article_html: str, facets: Facets) -> str:
    """The HTML that Pagefind indexes for a page: its article, marked up with the page's facets.

    The facets sit in an element Pagefind does not index as text (data-pagefind-ignore): filters and
    metadata are read from there all the same. Values are HTML text, escaped here."""
    hidden = [f'<span data-pagefind-meta="kind">{escape(facets.kind)}</span>',
              f'<span data-pagefind-filter="kind">{escape(facets.kind)}</span>']
    if facets.date:
        hidden.append(f'<span data-pagefind-meta="date">{escape(facets.date)}</span>')
    for name, values in (("country", facets.countries), ("domain", facets.domains), ("year", facets.years)):
        hidden += [f'<span data-pagefind-filter="{name}">{escape(value)}</span>' for value in values]
    aliases = f'<p data-pagefind-weight="{ALIAS_WEIGHT}">{escape(" · ".join(facets.aliases))}</p>' if facets.aliases else ""
    return (f'<!doctype html><html lang="{LANGUAGE}"><head><meta charset="utf-8"></head><body>'
            f'<div data-pagefind-ignore>{"".join(hidden)}</div>'
            f"<main data-pagefind-body>{aliases}{article_html}</main></body></html>")


# -- Indexing ---------------------------------------------------------------------------------


class Indexer:
    """A Pagefind index filled in the background: `add` returns at once, the Pagefind binary indexes
    in its own process (while MkDocs goes on rendering pages), `write` waits for it and writes."""

    def __init__(self, in_flight: int = 32, nice: int = 0) -> None:
        """`nice` lowers the binary's CPU priority (Unix): for an index made in the background."""
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="accords-search", daemon=True)
        self._thread.start()
        self._pending: list[concurrent.futures.Future] = []
        self._lock = threading.Lock()
        self._closed = self._aborted = False
        self.count = 0
        config = IndexConfig(exclude_selectors=list(EXCLUDE), force_language=LANGUAGE)
        try:
            self._service, self._index, self._slots = self._run(self._open(config, in_flight))
            if nice and hasattr(os, "setpriority"):
                os.setpriority(os.PRIO_PROCESS, self._service.pid, nice)
        except BaseException:
            self._stop_loop()
            raise

    def add(self, url: str, html: str) -> None:
        """Index a page (a `document`) found at url, a path from the site's root ('agreements/beca/')."""
        if self._closed:
            raise RuntimeError("the search index was stopped")
        self.count += 1
        self._pending.append(asyncio.run_coroutine_threadsafe(self._add("/" + url.lstrip("/"), html), self._loop))

    def add_folder(self, folder: Path) -> None:
        """Index every page in a folder of `document`s, each at the URL its path gives
        ('agreements/beca/index.html': '/agreements/beca/'), read by the binary itself."""
        if self._closed:
            raise RuntimeError("the search index was stopped")
        self._pending.append(asyncio.run_coroutine_threadsafe(self._add_folder(folder), self._loop))

    def write(self, site_dir: Path) -> None:
        """Wait for every page to be indexed, then put the index in site_dir/pagefind (in one move:
        a server never serves half of it) and stop the binary."""
        try:
            for done in concurrent.futures.as_completed(self._pending):
                done.result()  # raises what indexing a page raised
            target = site_dir / FOLDER
            fresh, old = target.with_name(FOLDER + ".new"), target.with_name(FOLDER + ".old")
            shutil.rmtree(fresh, ignore_errors=True)
            # The files' bytes come back through the pipe and are written here: the binary's own
            # `write_files` answers before its writes reach the disk, and drops those still queued when
            # it stops (files written empty were seen on a busy machine), so nothing could tell when
            # its index was whole.
            files = self._run(self._index.get_files())
            _write_index(files, fresh)
            entry = fresh / "pagefind-entry.json"
            if not entry.is_file() or entry.stat().st_size == 0:
                # A search that would never answer: the last good index stays; the build fails.
                shutil.rmtree(fresh, ignore_errors=True)
                raise RuntimeError("Pagefind gave an incomplete index: pagefind-entry.json is missing or empty")
            shutil.rmtree(old, ignore_errors=True)
            if target.exists():
                target.rename(old)
            fresh.rename(target)
            shutil.rmtree(old, ignore_errors=True)
        finally:
            self.close()

    def abort(self) -> None:
        """Stop the binary at once, written or not (a newer build makes this index useless): `write`,
        if another thread is in it, fails."""
        self._aborted = True
        self._shut()

    def close(self) -> None:
        """Stop the binary without writing (also after `write`, harmlessly)."""
        self._shut()

    def _shut(self) -> None:
        with self._lock:  # `write`'s thread and the hook's may both get here
            if self._closed:
                return
            self._closed = True
            try:
                self._run(self._service.stop(), timeout=30)
            finally:
                self._drop_pending()
                self._stop_loop()

    def _drop_pending(self) -> None:
        """Cancel the pages still queued (a stopped index needs none), and let the loop start and end
        them: a coroutine the loop never ran is reported "never awaited" when it is collected."""
        for future in self._pending:
            future.cancel()
        try:
            self._run(asyncio.sleep(0), timeout=5)
        except (concurrent.futures.TimeoutError, RuntimeError):
            pass

    async def _open(self, config: IndexConfig, in_flight: int) -> tuple[_Service, PagefindIndex, asyncio.Semaphore]:
        service = _Service()
        await service.launch()
        return service, await service.create_index(config), asyncio.Semaphore(in_flight)

    async def _add_folder(self, folder: Path) -> None:
        self.count += (await self._index.add_directory(str(folder)))["page_count"]  # counted here: the binary finds them

    async def _add(self, url: str, html: str) -> None:
        async with self._slots:  # a bounded number of pages in the pipe at a time
            await self._index.add_html_file(content=html, url=url)

    @property
    def aborted(self) -> bool:
        return self._aborted

    def _run(self, coroutine: Coroutine[Any, Any, T], timeout: float | None = None) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def _stop_loop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()


def _write_index(files: Iterable[InternalDecodedFile], folder: Path) -> None:
    """Write the files of an index ({path, content}) into folder, but for Pagefind's own search UIs and
    highlighter: the site has its own (docs/assets/search.js)."""
    made: set[Path] = set()
    for file in files:
        if _UNUSED.fullmatch(file["path"]):
            continue
        path = folder / file["path"]
        if path.parent not in made:  # one folder holds a file per page: made once, not asked for each
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(file["content"])


class _Service(PagefindService):
    """Pagefind's service, reading each answer as soon as the binary sends it.

    The reader of pagefind 1.5.2 sleeps 0.1 s before reading each answer: one page indexed per 0.1 s,
    17 minutes for 10,000 pages. This one waits on the pipe alone (it replaces a private method:
    pagefind is pinned, and tests/test_search.py indexes through it)."""

    @property
    def pid(self) -> int:
        return self._backend.pid

    async def stop(self) -> None:
        """Stop the binary, without waiting for answers still due (they fail: see the reader below).
        The service's own close waits up to 5 s for them; `Indexer` only stops it once it needs no
        more answers, or when they no longer matter."""
        if self._backend.returncode is None:
            self._backend.kill()
        await self._backend.wait()
        try:
            await asyncio.wait_for(self._poll_task, timeout=5)  # the reader ends at the pipe's end
        except (asyncio.TimeoutError, asyncio.CancelledError):
            self._poll_task.cancel()

    async def _wait_for_responses(self) -> None:
        assert self._backend.stdout is not None
        try:
            while True:
                message = await read_answer(self._backend.stdout)
                response = json.loads(base64.b64decode(message[:-1]))
                if response is None:
                    continue
                payload = response["payload"]
                message_id = response.get("message_id")
                if message_id is None and payload.get("original_message"):  # a request it could not parse
                    message_id = json.loads(payload["original_message"]).get("message_id")
                future = self._responses.pop(message_id, None)
                if future is None or future.done():
                    continue
                if payload["type"] == "Error":
                    future.set_exception(RuntimeError(f"pagefind: {payload['message']}"))
                else:
                    future.set_result(payload)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as error:
            # The binary stopped, or answered what is not an answer: every request still waiting fails.
            for future in self._responses.values():
                if not future.done():
                    future.set_exception(RuntimeError(f"pagefind stopped answering: {error!r}"))


async def read_answer(stream: asyncio.StreamReader) -> bytes:
    """The binary's next answer, up to and with its closing ",", however long: the index's files,
    base64-encoded in one answer, exceed the stream's limit (2 MiB) from about 2,000 pages on."""
    parts = []
    while True:
        try:
            parts.append(await stream.readuntil(b","))
            return b"".join(parts)
        except asyncio.LimitOverrunError as error:  # no "," within the limit: take what was read, go on
            parts.append(await stream.readexactly(error.consumed))
