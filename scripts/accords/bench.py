"""Benchmark on synthetic data: a deterministic generator of N valid, cross-referenced records, and
timings of load + check, render, exports, the whole `mkdocs build` (search indexing included) and a
`mkdocs serve --dirty` reload, with memory and output sizes; then what a reader meets on the built site,
in Chromium (Playwright): what a cold record page fetches, how fast search answers and what it fetches,
the tab's memory, the largest page.

`accords bench --sizes 100 1000 10000 --json bench.json` prints a table and saves the numbers.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import multiprocessing
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urljoin

import yaml

from .exports import exports
from .gcpause import without_gc
from .pipeline import build
from .render import render
from .site import Site

COUNTRIES = (
    "US IN FR DE GB JP AU BR CA IT ES NL NO SE PL KR ID MY SG VN PH TH ZA EG NG KE MX AR CL CO "
    "PE TR IL SA AE QA PK BD LK NP NZ FI DK BE PT GR RO CZ HU UA"
).split()
DOMAINS = ("land", "air", "maritime", "space", "cyber", "logistics", "communications", "geospatial",
           "intelligence", "industry", "technology", "training")
TOPICS = ("logistics support", "defence industrial cooperation", "information security", "military training",
          "maritime security", "space situational awareness", "cyber defence", "research and development",
          "mutual logistics", "defence equipment and technology transfer", "exchange of personnel")
WORDS = ("the parties agree to cooperate on", "exchange of information about", "joint exercises in",
         "procurement of equipment for", "training of personnel in", "the protection of classified material on",
         "regular consultations on", "industrial partnerships for", "research projects in")
MIX = {"agreement": 0.45, "event": 0.18, "person": 0.15, "organisation": 0.05, "framework": 0.05,
       "dialogue": 0.03, "designation": 0.02, "exercise": 0.02, "family": 0.002}
FOLDERS = {"agreement": "agreements", "event": "events", "person": "people", "organisation": "organisations",
           "framework": "frameworks", "dialogue": "dialogues", "designation": "designations", "country": "countries",
           "exercise": "exercises", "family": "families"}
T = TypeVar("T")
_MKDOCS_POLL = 0.5  # seconds between MkDocs's looks for changed files under `mkdocs serve`


def generate(n: int, data: Path, seed: int = 1) -> int:
    """Write about n valid records into data/ (deterministic for n and seed); return how many."""
    rng = random.Random(seed)
    counts = {kind: max(1, round(n * share)) for kind, share in MIX.items()}
    people = [f"person-{i}" for i in range(counts["person"])]
    orgs = [f"organisation-{i}" for i in range(counts["organisation"])]
    agreements = [f"agreement-{i}" for i in range(counts["agreement"])]
    files: dict[str, dict] = {}

    def source(i: int, supports: tuple[str, ...] = ()) -> list[dict]:
        return [{"title": f"Report {i} on defence cooperation", "url": f"https://example.org/reports/{i}",
                 "type": rng.choice(("official", "news", "analysis")),
                 "publisher": rng.choice(("Reuters", "AP", "Ministry of Defence", "Defense News")),
                 "published": _date(rng), "supports": list(supports)}]

    def prose(sentences: int) -> str:
        return " ".join(f"{rng.choice(WORDS).capitalize()} {rng.choice(TOPICS)} and {rng.choice(TOPICS)}."
                        for _ in range(sentences))

    families = [f"family-{i}" for i in range(counts["family"])]
    for i, fid in enumerate(families):
        files[f"families/{fid}.yaml"] = {"title": f"Family of like agreements number {i}", "summary": prose(1)}
    for code in COUNTRIES:
        files[f"countries/{code.lower()}.yaml"] = {"name": f"Country {code}"}
    for i, pid in enumerate(people):
        files[f"people/{pid}.yaml"] = {
            "name": f"Person {i}", "summary": prose(1),
            "roles": [{"title": "Minister of Defence", "organisation": rng.choice(orgs), "party": rng.choice(COUNTRIES)}],
            "sources": source(i),
        }
    for i, oid in enumerate(orgs):
        files[f"organisations/{oid}.yaml"] = {"name": f"Organisation {i}", "party": rng.choice(COUNTRIES),
                                              "summary": prose(1), "sources": source(i)}
    for i, aid in enumerate(agreements):
        a, b = rng.sample(COUNTRIES, 2)
        record = {
            "title": f"Agreement on {rng.choice(TOPICS)} between {a} and {b}, number {i}",
            "short_title": f"AG-{i}", "instrument": rng.choice(("agreement", "memorandum-of-understanding", "arrangement")),
            "summary": prose(4), "parties": [a, b], "domains": rng.sample(DOMAINS, 2), "signed": _date(rng),
            "place": rng.choice(("Washington", "New Delhi", "Paris", "Tokyo", "Canberra")),
            "signatories": [{"person": rng.choice(people), "role": "Minister of Defence", "party": a},
                            {"person": rng.choice(people), "role": "Secretary of Defense", "party": b}],
            "notes": [prose(2)], "sources": source(i, ("instrument", "signed", "place")) + source(i + 1, ("signatories",)),
        }
        if rng.random() < 0.3:
            record["families"] = [rng.choice(families)]
        if i and rng.random() < 0.2:
            record["related"] = [{"id": agreements[rng.randrange(i)], "relation": rng.choice(("amends", "implements"))}]
        files[f"agreements/{aid}.yaml"] = record
    for i in range(counts["framework"]):
        a, b = rng.sample(COUNTRIES, 2)
        files[f"frameworks/framework-{i}.yaml"] = {
            "title": f"Framework for defence cooperation between {a} and {b}, number {i}", "instrument": "framework",
            "summary": prose(3), "parties": [a, b], "domains": ["industry"], "signed": _date(rng, 1990, 2015),
            "duration": "10 years", "sources": source(i, ("instrument", "signed", "duration")),
        }
    for i in range(counts["dialogue"]):
        a, b = rng.sample(COUNTRIES, 2)
        dates = sorted(_date(rng) for _ in range(5))
        files[f"dialogues/dialogue-{i}.yaml"] = {
            "title": f"Defence dialogue of {a} and {b}, number {i}", "format": "ministerial", "summary": prose(3),
            "parties": [a, b], "domains": ["intelligence"],
            "rounds": [{"number": k + 1, "date": d, "place": "Capital", "participants": rng.sample(people, 2),
                        "outcomes": [rng.choice(agreements)], "sources": source(k, ("date", "place", "participants"))}
                       for k, d in enumerate(dates)],
            "sources": source(i),
        }
    for i in range(counts["designation"]):
        a, b = rng.sample(COUNTRIES, 2)
        files[f"designations/designation-{i}.yaml"] = {
            "title": f"Major partner status of {b} granted by {a}, number {i}", "summary": prose(2), "parties": [a, b],
            "date": _date(rng), "granted_by": [a], "granted_to": [b],
            "sources": source(i, ("date", "granted_by", "granted_to")),
        }
    for i in range(counts["event"]):
        a, b = rng.sample(COUNTRIES, 2)
        files[f"events/event-{i}.yaml"] = {
            "title": f"Defence ministers' meeting of {a} and {b}, number {i}", "summary": prose(3), "parties": [a, b],
            "domains": rng.sample(DOMAINS, 1), "date": _date(rng), "type": rng.choice(("meeting", "visit", "call", "launch")),
            "participants": rng.sample(people, 2), "outcomes": [rng.choice(agreements)],
            "sources": source(i, ("date", "participants")),
        }
    for i in range(counts["exercise"]):
        a, b = rng.sample(COUNTRIES, 2)
        dates = sorted(_date(rng) for _ in range(6))
        files[f"exercises/exercise-{i}.yaml"] = {
            "title": f"Joint exercise of {a} and {b}, number {i}", "summary": prose(2), "parties": [a, b],
            "domains": ["exercises"], "sources": source(i),
            "editions": [{"number": k + 1, "date": d, "place": "Training area", "countries": [a, b],
                          "sources": source(k, ("number", "date", "place", "countries"))} for k, d in enumerate(dates)],
        }
    for path, record in files.items():
        target = data / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(yaml.safe_dump(record, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return len(files)


def _date(rng: random.Random, start: int = 1980, end: int = 2025) -> str:
    return f"{rng.randint(start, end)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


@dataclass(frozen=True)
class Result:
    """One size's measurements."""

    records: int
    load_check_s: float  # load, check and model
    render_s: float  # the Markdown pages
    exports_s: float  # downloads and feeds
    ms_per_record: float  # load, check and render, per record (the stages of the 2 s target at 10,000)
    ours_peak_mb: float
    mkdocs_build_s: float
    pages: int
    ms_per_page: float
    html_kb_per_page: float
    search_index_kb_per_record: float  # the whole Pagefind index (site/pagefind/), per record
    ours_share: float
    serve_reload_s: float  # `mkdocs serve --dirty`: from saving a YAML edit to the page serving it
    reader: Reader | None = None  # what a reader meets, in Chromium (None: no Playwright or Chromium here)


@dataclass(frozen=True)
class Reader:
    """What a reader meets on the built site, measured in Chromium on a local server (files as they
    are on disk: a host that compresses HTML, CSS and JavaScript sends those ~3× smaller; Pagefind's
    own files are already compressed)."""

    cold_page_kb: float  # everything a record page fetches, opened with an empty cache
    search_kb_before_focus: float  # search data among it (0: nothing until the reader focuses the box)
    first_result_s: float  # that page: from the first key of a record's short title ('AG-2153') to the first result
    first_query_kb: float  # what focusing the box and that first query fetched, until its results showed
    final_result_s: float  # then typing a record's whole title (~60 characters, ~25 keys a second): from the last key to the final results
    title_rank: int  # where the record whose title was typed comes in those results (1: first)
    search_memory_mb: float  # the tab's memory (its renderer process: page and worker), after both searches less before
    largest_page_kb: float  # the largest HTML page of the site
    largest_page_elements: int  # the most elements (DOM nodes that are tags) of the largest pages
    largest_page: str = field(default="")  # which page that is


def measure(n: int, mkdocs_yml: Path, workdir: Path, repeat: int = 3) -> Result:
    """Generate n records into workdir and measure each stage.

    Each timing is the best of `repeat` runs, each in a new process (so no cache of an earlier run
    helps it): on a shared machine the fastest run is the least disturbed one, as timeit advises."""
    data = workdir / "data"
    count = generate(n, data)
    load_check, render_s, exports_s = (min(times) for times in zip(*(_fresh(_stages, data) for _ in range(repeat)), strict=True))
    peak = _fresh(_peak_memory, data)
    env = {**os.environ, "ACCORDS_DATA": str(data), "NO_MKDOCS_2_WARNING": "1"}
    # Builds run as on a maintainer's machine, where Python keeps the modules it compiled (as the theme's
    # templates are kept, jinjacache.py): a container's PYTHONDONTWRITEBYTECODE would add ~60 ms of
    # compiling our modules to every build. The best of `repeat` builds is kept, so the first writes them.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # Each build into a folder of its own, the earlier ones deleted only after the last: on ext4, files
    # made just after thousands were deleted search past the deleted ones' inodes (recently_deleted),
    # which made each of three builds in a row slower than the one before (sys time 0.2, 0.5, 0.8 s).
    sites = [workdir / f"site-{run}" for run in range(repeat)]
    built = min(_mkdocs_build(mkdocs_yml, site, env) for site in sites)
    site_dir = sites[-1]
    for site in sites[:-1]:
        shutil.rmtree(site)
    reload = _serve_reload(data, mkdocs_yml, env)
    html = [p.stat().st_size for p in site_dir.rglob("*.html")]
    index = sum(p.stat().st_size for p in (site_dir / "pagefind").rglob("*") if p.is_file())
    ours = load_check + render_s + exports_s
    reader = reader_side(site_dir, data)
    return Result(
        records=count, load_check_s=round(load_check, 3), render_s=round(render_s, 3),
        exports_s=round(exports_s, 3), ms_per_record=round(1000 * (load_check + render_s) / count, 3),
        ours_peak_mb=round(peak / 2**20, 1), mkdocs_build_s=round(built, 2), pages=len(html),
        ms_per_page=round(1000 * built / len(html), 2), html_kb_per_page=round(sum(html) / len(html) / 1024, 1),
        search_index_kb_per_record=round(index / count / 1024, 2), ours_share=round(ours / built, 3),
        serve_reload_s=reload, reader=reader,
    )


@without_gc  # as `outputs` runs the three stages: in one pause of the collector
def _stages(data: Path) -> tuple[float, float, float]:
    """Seconds for load + check (with the model), render and exports of data/."""
    start = time.perf_counter()
    kb, problems = build(data)
    loaded = time.perf_counter()
    if problems:
        raise RuntimeError(f"generated data is invalid: {problems[0]}")
    render(kb, Site())
    rendered = time.perf_counter()
    exports(kb, Site())
    return loaded - start, rendered - loaded, time.perf_counter() - rendered


def _peak_memory(data: Path) -> int:
    """Peak bytes allocated by load, check, render and exports (tracing slows them: timed apart)."""
    tracemalloc.start()
    try:
        _stages(data)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _fresh(function: Callable[..., T], *args: object) -> T:
    """function(*args), run in a new Python process."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


def _mkdocs_build(mkdocs_yml: Path, site_dir: Path, env: dict[str, str]) -> float:
    """Seconds for a whole `mkdocs build` into an empty site_dir."""
    shutil.rmtree(site_dir, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(mkdocs_yml), "-d", str(site_dir)],
                   env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def _serve_reload(data: Path, mkdocs_yml: Path, env: dict[str, str], edits: int = 10) -> float:
    """Median seconds from saving an edit of one record to `mkdocs serve --dirty` serving it.

    Waits as a browser does: on MkDocs's livereload long-poll, then fetches the page. Polling the
    page itself many times a second would slow the server down while it rebuilds. MkDocs looks for
    changes every 0.5 s: the edits are spread over that cycle, as a person's saves fall anywhere in it
    (saving right after each reload would always hit the same moment of it)."""
    record = data / "agreements" / "agreement-1.yaml"
    port = free_port()
    url = f"http://127.0.0.1:{port}/agreements/agreement-1/"
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(mkdocs_yml), "-a", f"127.0.0.1:{port}"]
    server = start_server(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _until(lambda: "Agreement on" in fetch(url), timeout=900)
        times = []
        for i in range(edits):
            time.sleep(_MKDOCS_POLL * i / edits)
            marker = f"Edited{i}"
            text = record.read_text(encoding="utf-8")
            record.write_text(text.replace("title: Agreement", f"title: {marker} Agreement", 1), encoding="utf-8")
            start = time.perf_counter()
            _reloaded(url, lambda page: marker in page)  # noqa: B023 (called at once, in this iteration)
            times.append(time.perf_counter() - start)
            record.write_text(text, encoding="utf-8")
            _reloaded(url, lambda page: marker not in page)  # noqa: B023
        return round(statistics.median(times), 2)
    finally:
        stop(server)


def start_server(command: list[str], **options: Any) -> subprocess.Popen:
    """Start `mkdocs serve` so that `stop` can stop it as Ctrl-C does. A process that a non-interactive
    shell runs in the background ignores SIGINT, and its children inherit that (a handler is not
    inherited): this process takes Python's own handler first, and the server starts with the default."""
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.default_int_handler)
    return subprocess.Popen(command, **options)


def stop(server: subprocess.Popen) -> None:
    """Stop `mkdocs serve` as Ctrl-C does, so that it and the hook remove their temporary folders."""
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _reloaded(url: str, shows: Callable[[str], bool], timeout: float = 120) -> None:
    """Wait, as the page's livereload script does, until the page served shows the change."""
    deadline = time.monotonic() + timeout
    page = fetch(url)
    while not shows(page):
        if time.monotonic() > deadline:
            raise RuntimeError("mkdocs serve did not show the edit in time")
        found = re.search(r"livereload\((\d+), (\d+)\)", page)
        if found:  # answers as soon as a newer build is served (or after a minute)
            fetch(urljoin(url, f"/livereload/{found[1]}/{found[2]}"), timeout=70)
        else:
            time.sleep(0.05)
        page = fetch(url)


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, timeout: float = 5) -> str:
    """The page's text, or '' while the server is not answering."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode()
    except OSError:
        return ""


def _until(condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError("mkdocs serve did not show the edit in time")
        time.sleep(0.02)


# -- The reader's side -------------------------------------------------------------------------

CHROMIUM = os.environ.get("ACCORDS_CHROMIUM", "/usr/bin/chromium")
_TYPING_DELAY_MS = 40  # between keys: a fast typist
# Times in the page (performance.now()): each key pressed in the search box, each change to its results.
_WATCH = """() => {
  window.__keys = []; window.__changes = [];
  const input = document.querySelector('input.md-search__input');
  input.addEventListener('keydown', () => window.__keys.push(performance.now()), true);
  new MutationObserver(() => window.__changes.push(performance.now()))
    .observe(document.querySelector('.md-search-result__list'), {childList: true, subtree: true});
}"""


def reader_side(site_dir: Path, data: Path) -> Reader | None:
    """What a reader meets on the built site, or None where Playwright or Chromium is missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("reader-side numbers skipped: Playwright is not installed (pip install -e '.[test]')", file=sys.stderr)
        return None
    if not Path(CHROMIUM).exists():
        print(f"reader-side numbers skipped: no Chromium at {CHROMIUM} (set ACCORDS_CHROMIUM)", file=sys.stderr)
        return None
    target = "agreements/agreement-" + str(_middle_agreement(data))
    record = yaml.safe_load((data / f"{target}.yaml").read_text(encoding="utf-8"))
    args = ["--headless", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update"]
    args += ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    with serve(site_dir) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        try:
            context = browser.new_context()
            page = context.new_page()
            fetched = _bytes_fetched(page)
            page.goto(base + target + "/")
            page.wait_for_load_state("networkidle")
            cold = sum(fetched.values())
            before_focus = sum(size for url, size in fetched.items() if "/pagefind/" in url)
            memory_before = _renderer_memory()
            page.evaluate(_WATCH)
            fetched.clear()
            box = page.locator("input.md-search__input")
            box.click()
            box.press_sequentially(record["short_title"], delay=_TYPING_DELAY_MS)
            page.locator(".md-search-result__item a").first.wait_for(timeout=60_000)
            first_query = sum(fetched.values())
            keys, changes = page.evaluate("[window.__keys, window.__changes]")
            first_result = min(t for t in changes if t > keys[0]) - keys[0]
            _until_quiet(page)
            box.fill("")
            page.evaluate(_WATCH)
            box.press_sequentially(record["title"], delay=_TYPING_DELAY_MS)
            _until_quiet(page)
            keys, changes = page.evaluate("[window.__keys, window.__changes]")
            links = page.locator(".md-search-result__item a").evaluate_all("links => links.map(a => a.pathname)")
            rank = next((i + 1 for i, link in enumerate(links) if link.rstrip("/").endswith(target)), 0)
            memory = _renderer_memory() - memory_before
            context.close()
            largest, elements, largest_path = _largest_page(browser, base, site_dir)
        finally:
            browser.close()
    return Reader(
        cold_page_kb=round(cold / 1024, 1), search_kb_before_focus=round(before_focus / 1024, 1),
        first_result_s=round(first_result / 1000, 3), first_query_kb=round(first_query / 1024, 1),
        final_result_s=round(max(0.0, changes[-1] - keys[-1]) / 1000, 3) if changes else -1, title_rank=rank,
        search_memory_mb=round(memory / 2**20, 1),
        largest_page_kb=round(largest / 1024, 1), largest_page_elements=elements, largest_page=largest_path,
    )


def _middle_agreement(data: Path) -> int:
    return len(list((data / "agreements").glob("*.yaml"))) // 2


def _bytes_fetched(page) -> dict[str, int]:
    """Bytes of each response's body (as sent: this server does not compress), by URL, kept up to date:
    the page's and its workers' (Pagefind searches in a worker)."""
    fetched: dict[str, int] = {}

    def received(response) -> None:
        fetched[response.url] = fetched.get(response.url, 0) + int(response.headers.get("content-length") or 0)

    page.on("response", received)
    return fetched


def _until_quiet(page, quiet_ms: int = 1500, limit_s: float = 60) -> None:
    """Wait until the results have not changed for quiet_ms (the last query answered)."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        idle = page.evaluate("performance.now() - Math.max(window.__changes.at(-1) || 0, window.__keys.at(-1) || 0)")
        if idle > quiet_ms:
            return
        time.sleep(0.1)


def _renderer_memory() -> int:
    """Bytes of memory (proportional set size) of Chromium's renderer processes under this process: the
    tab's page and its workers. Linux only (0 elsewhere)."""
    total = 0
    for status in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if b"--type=renderer" not in status.read_bytes() or not _descends_from(int(status.parent.name), os.getpid()):
                continue
            rollup = (status.parent / "smaps_rollup").read_text()
        except OSError:
            continue
        found = re.search(r"^Pss:\s+(\d+) kB", rollup, re.M)
        total += int(found[1]) * 1024 if found else 0
    return total


def _descends_from(pid: int, ancestor: int) -> bool:
    for _ in range(10):
        if pid == ancestor:
            return True
        try:
            pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            return False
        if pid <= 1:
            return False
    return False


def _largest_page(browser, base: str, site_dir: Path, count: int = 5) -> tuple[int, int, str]:
    """The size of the largest HTML page, and the most elements among the few largest, with its path."""
    pages = sorted(site_dir.rglob("*.html"), key=lambda p: p.stat().st_size, reverse=True)[:count]
    page = browser.new_page()
    most, where = 0, ""
    for path in pages:
        page.goto(base + path.relative_to(site_dir).as_posix())
        elements = page.evaluate("document.getElementsByTagName('*').length")
        if elements > most:
            most, where = elements, path.relative_to(site_dir).as_posix()
    page.close()
    return (pages[0].stat().st_size if pages else 0), most, where


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve a built site on a free loopback port, files as they are on disk (no compression); yields
    its base URL. The benchmark's reader and the browser tests use it."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def table(results: list[Result]) -> str:
    """The results as a Markdown table."""
    head = ("records", "load + check (s)", "render (s)", "exports (s)", "ms per record (load, check, render)",
            "our peak memory (MB)", "mkdocs build (s)", "pages", "ms per page", "HTML KB per page",
            "search index KB per record", "our share of the build", "serve --dirty reload (s)")
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for r in results:
        lines.append(f"| {r.records:,} | {r.load_check_s} | {r.render_s} | {r.exports_s} | {r.ms_per_record} | "
                     f"{r.ours_peak_mb} | {r.mkdocs_build_s} | {r.pages:,} | {r.ms_per_page} | {r.html_kb_per_page} | "
                     f"{r.search_index_kb_per_record} | {r.ours_share:.0%} | {r.serve_reload_s} |")
    readers = [r for r in results if r.reader is not None]
    if readers:
        reader_head = ("records", "cold record page (KB)", "search data before focus (KB)", "first key to first result (s)",
                       "first query (KB)", "title: last key to final results (s)", "typed title's rank", "tab memory for search (MB)",
                       "largest page (KB)", "most elements on a page")
        lines += ["", "| " + " | ".join(reader_head) + " |", "|" + " --- |" * len(reader_head)]
        for r in readers:
            x = r.reader
            assert x is not None
            lines.append(f"| {r.records:,} | {x.cold_page_kb} | {x.search_kb_before_focus} | {x.first_result_s} | {x.first_query_kb} | "
                         f"{x.final_result_s} | {x.title_rank} | {x.search_memory_mb} | {x.largest_page_kb} | "
                         f"{x.largest_page_elements:,} ({x.largest_page}) |")
    return "\n".join(lines)


def run(sizes: list[int], mkdocs_yml: Path, json_out: Path | None = None, repeat: int = 3) -> list[Result]:
    results = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix=f"accords-bench-{n}-") as tmp:
            results.append(measure(n, mkdocs_yml, Path(tmp), repeat))
        print(f"measured {n} records", file=sys.stderr)
    if json_out:
        saved = {"machine": machine(), "repeat": repeat, "results": [asdict(r) for r in results]}
        json_out.write_text(json.dumps(saved, indent=2) + "\n")
    return results
