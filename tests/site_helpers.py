"""Build the real site with MkDocs into a folder, or run `mkdocs serve` on it, for the site tests (a built
folder is served over HTTP by accords.bench.serve, which the benchmark uses too)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from accords.bench import fetch, free_port, serve, start_server, stop
from conftest import REPO

AS_OF = "2026-11-25"
REPO_URL = "https://github.com/example/accords"
CHROMIUM = os.environ.get("ACCORDS_CHROMIUM", "/usr/bin/chromium")  # another Chromium-based browser, e.g. Chrome on GitHub's runners
CHROMIUM_ARGS = [
    "--headless", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
] + (["--no-sandbox"] if os.geteuid() == 0 else [])


def mkdocs_build(site: Path, data: Path | None = None, strict: bool = True, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run `mkdocs build` on the repository's mkdocs.yml (optionally with other data, and more
    environment variables) into site. Without `env`, no site URL: a local build's."""
    env = {**{k: v for k, v in os.environ.items() if k != "ACCORDS_SITE_URL"}, "ACCORDS_AS_OF": AS_OF,
           "ACCORDS_REPO_URL": REPO_URL, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    if data is not None:
        env["ACCORDS_DATA"] = str(data)
    args = [sys.executable, "-m", "mkdocs", "build", "-f", str(REPO / "mkdocs.yml"), "-d", str(site)]
    return subprocess.run(args + (["--strict"] if strict else []), env=env, capture_output=True, text=True, timeout=300)


@contextlib.contextmanager
def mkdocs_serve(data: Path, log: Path, *args: str) -> Iterator[str]:
    """Run `mkdocs serve` on the repository's mkdocs.yml with other data; yields its base URL.

    Its temporary folders go to `tmp` beside the log, so a test can see that none is left behind."""
    port = free_port()
    (log.parent / "tmp").mkdir(exist_ok=True)
    env = {**os.environ, "ACCORDS_DATA": str(data), "NO_MKDOCS_2_WARNING": "1", "ACCORDS_AS_OF": AS_OF,
           "TMPDIR": str(log.parent / "tmp")}
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(REPO / "mkdocs.yml"), "-a", f"127.0.0.1:{port}", *args]
    with open(log, "w") as out:
        server = start_server(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        stop(server)


def broken_links(site: Path) -> tuple[int, list[str]]:
    """Follow every relative link of a built site: how many there are, and those that lead nowhere
    (no page or download, or no element with the anchor's id)."""
    pages = {file.resolve(): file.read_text(encoding="utf-8") for file in site.rglob("*.html")}
    checked, broken = 0, []
    for file, html in pages.items():
        for url in re.findall(r'<a [^>]*href="([^":?]*)"', html):
            path, _, anchor = url.partition("#")
            target = (site / path.lstrip("/") if path.startswith("/") else file.parent / path).resolve()
            checked += 1
            if target.suffix not in ("", ".html"):  # a download
                found = target.is_file()
            else:
                target = target if target.suffix else target / "index.html"
                found = target in pages and (not anchor or f'id="{anchor}"' in pages[target])
            if not found:
                broken.append(f"{file.relative_to(site)} -> {url}")
    return checked, broken


def wait_for(url: str, text: str, seconds: float = 90) -> bool:
    """Poll until the page holds text (bounded in time)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.3)
    return False


def database_records(path: Path) -> int:
    """How many records the database at `path` holds (opened read-only, as a reader's tool would)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return connection.execute("SELECT count(*) FROM records").fetchone()[0]
    finally:
        connection.close()


def records_json_count(site: Path) -> int:
    """How many records downloads/records.json holds under `site`."""
    records = json.loads((site / "downloads" / "records.json").read_text(encoding="utf-8"))
    assert records["count"] == len(records["records"])
    return len(records["records"])


@contextlib.contextmanager
def chromium() -> Iterator:
    """Debian's Chromium (or ACCORDS_CHROMIUM) through Playwright, for the browser tests."""
    import pytest
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not at {CHROMIUM}: run 'bash scripts/test.sh', which installs Debian's chromium")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@contextlib.contextmanager
def served_build(site: Path) -> Iterator[str]:
    """The real site built into `site` and served on a free port: yields its base URL."""
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    with serve(site) as url:
        yield url


def search_results(page) -> list[str]:
    """The header search's result titles once they answer what the box holds and stop changing (queries
    wait for a pause in typing, and answers to earlier ones are dropped); none for "No results"."""
    page.wait_for_function("(box => box && box.dataset.answered === document.querySelector('input.md-search__input').value.trim())"
                           "(document.querySelector('[data-acc-search]'))", timeout=15_000)
    if page.locator(".md-search-result__meta").inner_text().startswith("No results"):
        return []
    page.locator(".md-search-result__item a").first.wait_for(timeout=15_000)
    titles, last = None, page.locator(".md-search-result__item h1").all_inner_texts()
    while titles != last:
        page.wait_for_timeout(300)
        titles, last = last, page.locator(".md-search-result__item h1").all_inner_texts()
    return titles
