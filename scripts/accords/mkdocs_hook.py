"""MkDocs adapter: validate and render data/ on every build, as in-memory pages.

The only module that knows MkDocs. Registered in mkdocs.yml under `hooks:`; validation runs in
`on_pre_build`, before MkDocs cleans site/, so a failed build keeps the last good site. Under
`mkdocs serve --dirty`, pages are backed by files that change only when their text does, so MkDocs
rebuilds just the pages an edit touched.
"""

from __future__ import annotations

import functools
import gc
import json
import logging
import os
import posixpath
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from accords import search
from accords.diagnostics import summary
from accords.htmlblocks import HtmlBlocks
from accords.jinjacache import COMPILED
from accords.output import outputs_with_database
from accords.site import Site
from accords.state import BuildState

if TYPE_CHECKING:
    from accords.ahead import BuildAhead

log = logging.getLogger("mkdocs.hooks.accords")
_TEMPLATES = Path(__file__).parent / "templates"
# Material's own search (its worker and lunr's languages): the site searches with Pagefind instead.
_MATERIAL_SEARCH = ("assets/javascripts/lunr/", "assets/javascripts/workers/search.")


@dataclass
class _Session:
    """All the hook keeps for one MkDocs process (a hook is a module: MkDocs offers it no other
    place), set up on startup and used by every build."""

    one_off: bool = False  # `mkdocs build` or `gh-deploy`: one build, then the process ends
    dirty_dir: Path | None = None  # under `mkdocs serve --dirty`: where page files are kept
    written: dict[str, str | bytes] = field(default_factory=dict)  # what each kept page file holds
    ahead: BuildAhead | None = None  # under `mkdocs serve`: builds data/ as soon as a file changes
    state: BuildState = field(default_factory=BuildState)  # the last build, for rebuilds without `ahead`
    pages: dict[str, str | bytes] = field(default_factory=dict)  # generated pages and downloads (the database as bytes), by their path
    last_nav: tuple = (None, ())  # the last nav and the URLs it links to
    indexer: search.Indexer | None = None  # `mkdocs build`: the search index, filled as pages are rendered
    writing: tuple[threading.Thread, search.Indexer] | None = None  # under `serve`: the last build's index, made after the reload
    indexed: dict[str, str] = field(default_factory=dict)  # under `serve`: what each page is indexed with, by URL
    search_dir: Path | None = None  # under `serve`: the same as files (search_dir/agreements/beca/index.html), read by the indexer
    countries: dict[str, str | None] = field(default_factory=dict)  # country names by code or organisation id, for this build


_session = _Session()
_ID = re.compile(r'<[a-zA-Z][^>]*?\sid="([^"]+)"')


# -- Events ----------------------------------------------------------------------------------


def on_startup(command: str, dirty: bool) -> None:
    global _session
    _session = _Session(one_off=command in ("build", "gh-deploy"))
    if command == "serve" and dirty:
        _session.dirty_dir = Path(tempfile.mkdtemp(prefix="accords-pages-"))
    if command == "serve":
        _session.search_dir = Path(tempfile.mkdtemp(prefix="accords-search-"))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config.markdown_extensions.append(HtmlBlocks())  # the renderer's HTML blocks, passed on unparsed
    if not config.site_url:
        # A sitemap lists absolute URLs: without the site's address it would be an empty <urlset>,
        # which the sitemaps.org schema rejects. No sitemap.xml then (and so no sitemap.xml.gz); on_files
        # drops the template that MkDocs would otherwise copy as it is.
        config.theme.static_templates.discard("sitemap.xml")
    # MkDocs lists the theme's files as soon as it has made its environment, with no event between.
    config.theme.get_env = functools.partial(_theme_env, config.theme.get_env)  # type: ignore[method-assign]
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    _stop_search()  # under `serve`, the last build's index is written before MkDocs cleans site/
    site = _site(config)
    ahead = _session.ahead
    problems, pages = ahead.outputs(site) if ahead else outputs_with_database(_data_dir(config), site, state=_session.state)
    if problems:
        for problem in problems:
            log.error(str(problem))
        raise PluginError(f"accords: {summary(problems)}; the site was not rebuilt")
    _session.pages = pages
    _session.countries = {}
    if _session.one_off:
        # What was just built lives until the process ends: the collector need not scan it again and
        # again while MkDocs builds the pages (see docs/about/development/performance.md). Not under `serve`, where
        # each rebuild makes the last one's objects garbage, and frozen cycles are never freed.
        gc.freeze()


def on_files(files: Files, config: MkDocsConfig) -> Files:
    sitemap = files.get_file_from_path("sitemap.xml")
    if not config.site_url and sitemap is not None and "sitemap.xml" not in config.theme.static_templates:
        files.remove(sitemap)  # the theme's template, not rendered (on_config)
    if not {"search", "material/search"} & set(config.plugins):
        for unused in [file for file in files if file.src_uri.startswith(_MATERIAL_SEARCH)]:
            files.remove(unused)
    for path, text in _session.pages.items():
        if files.get_file_from_path(path) is None:  # a hand-written page of the same path wins
            files.append(_generated(config, path, text))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    # The edit button opens the file to change: a record's YAML, or a hand-written page under docs/.
    # Generated indexes have none. (edit_uri stays empty: MkDocs would give every page one.)
    source = page.meta.get("source")
    if source is None and page.file.generated_by is None:
        source = _repository_path(Path(config.docs_dir) / page.file.src_uri, config)
    if source and config.repo_url:
        branch = os.environ.get("ACCORDS_EDIT_BRANCH", "main")
        page.edit_url = f"{config.repo_url.rstrip('/')}/edit/{branch}/{source}"
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    # HtmlBlocks hides the renderer's HTML blocks from MkDocs's scan for anchors (it is what it saves):
    # their ids (#source-1) are added here, so that links to them still pass --strict.
    if page.present_anchor_ids is not None:
        page.present_anchor_ids |= {unescape(name) for name in _ID.findall(html)}
    return html


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    env.bytecode_cache = COMPILED  # MkDocs makes a new environment for every build
    _share_rendering(env)
    _start_search(files)
    return env


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    _index(page.url, _search_document(output, page))
    return output


def on_post_build(config: MkDocsConfig) -> None:
    indexer, _session.indexer = _session.indexer, None
    if indexer is not None:  # `mkdocs build`: the pages are indexed already, the index is written now
        _write_search(indexer, Path(config.site_dir))
    elif _session.search_dir is not None:
        # Under `serve`, the page reloads now and search has the edit a moment later: the pages are
        # indexed after the build, not while it runs (the binary would compete with MkDocs for the CPU).
        indexer = _new_indexer(nice=10)
        thread = threading.Thread(target=_index_after, args=(indexer, Path(config.site_dir)), name="accords-search")
        thread.start()
        _session.writing = (thread, indexer)


def on_build_error(error: Exception) -> None:
    _stop_search()


def on_serve(server, config: MkDocsConfig, builder) -> None:
    server.watch(str(_data_dir(config)))
    server.watch(str(_TEMPLATES))
    from accords.ahead import BuildAhead  # only `serve` watches files: a build need not load watchdog

    try:
        _session.ahead = BuildAhead(_data_dir(config), _site(config), also=[_TEMPLATES])
    except OSError as error:  # e.g. no inotify watches left: MkDocs's own polling still rebuilds
        log.info(f"accords: not building ahead of reloads ({error})")


def on_shutdown() -> None:
    _stop_search()
    if _session.search_dir is not None:
        shutil.rmtree(_session.search_dir, ignore_errors=True)
    if _session.ahead is not None:
        _session.ahead.stop()
    if _session.dirty_dir is not None:
        shutil.rmtree(_session.dirty_dir, ignore_errors=True)


# -- Helpers ---------------------------------------------------------------------------------


def _theme_env(get_env: Callable[[], jinja2.Environment]) -> jinja2.Environment:
    """The theme's environment as MkDocs makes it, with a loader that lists files faster (_ThemeLoader)."""
    env = get_env()
    if type(env.loader) is jinja2.FileSystemLoader:
        env.loader = _ThemeLoader(env.loader.searchpath, env.loader.encoding, env.loader.followlinks)
    return env


class _ThemeLoader(jinja2.FileSystemLoader):
    """The theme's loader, listing its files (which MkDocs copies into the site) without looking in
    hidden folders, whose files MkDocs never copies: Material's .icons holds 14,000 of its 14,500."""

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for root in self.searchpath:
            for folder, subfolders, names in os.walk(root, followlinks=self.followlinks):
                subfolders[:] = [name for name in subfolders if not name.startswith(".")]
                found.update(Path(folder, name).relative_to(root).as_posix() for name in names)
        return sorted(found)


def _share_rendering(env: jinja2.Environment) -> None:
    """What many pages render alike is rendered once: the nav (per folder) and the theme's blocks that
    differ only with a page's depth (docs/overrides/main.html calls `accords_once` for those)."""
    _share_nav(env)
    rendered: dict[tuple, str] = {}  # the environment, and so this cache, is new for every build

    def accords_once(*key: object, caller: Callable[[], str]) -> str:
        if key not in rendered:
            rendered[key] = caller()
        return rendered[key]

    env.globals["accords_once"] = accords_once


def _share_nav(env: jinja2.Environment) -> None:
    """Render the theme's nav once per folder of pages that are not in it, not once per page.

    The nav is a sixth of the time a page takes, and a record page (never in the nav) gets the
    same nav as every other page in its folder: nothing in it is active, and its links are
    relative to the folder. The environment, and so this cache, is new for every build."""
    try:
        template = env.get_template("partials/nav.html")
    except jinja2.TemplateNotFound:  # another theme
        return
    render, shared = template.root_render_func, {}

    def root_render_func(context: jinja2.runtime.Context):
        key = _nav_key(context.get("page"), context.get("nav"))
        if key is None:
            yield from render(context)
            return
        if key not in shared:
            shared[key] = "".join(render(context))
        yield shared[key]

    template.root_render_func = root_render_func


def _nav_key(page: Page | None, nav: Navigation | None) -> str | None:
    """The folder whose pages share the nav that `page` gets, or None if its nav is its own."""
    if page is None or nav is None or page.parent is not None or page in nav.pages:
        return None
    # MkDocs makes links relative to the folder of a file URL (a/x.html: "a"), shared by its
    # neighbours, or to a directory URL itself (a/x/: "a/x"), whose neighbours' links differ only
    # to what lies inside it.
    head, tail = posixpath.split(page.url)
    if "." in tail:
        return f"{head}/"
    base = page.url.rstrip("/")
    if any(url == base or url.startswith(base + "/") for url in _nav_urls(nav)):
        return None
    return f"{posixpath.dirname(base)}/*/"


def _nav_urls(nav: Navigation) -> tuple[str, ...]:
    if _session.last_nav[0] is nav:  # one nav per build, asked about for every page
        return _session.last_nav[1]
    urls, items = [], list(nav.items)
    while items:
        item = items.pop()
        items += getattr(item, "children", None) or []
        if getattr(item, "url", None) is not None:
            urls.append(item.url.lstrip("/"))
    _session.last_nav = (nav, tuple(urls))
    return _session.last_nav[1]


def _index_after(indexer: search.Indexer, site_dir: Path) -> None:
    assert _session.search_dir is not None
    try:
        indexer.add_folder(_session.search_dir)  # the binary reads the files: this process stays free
    except RuntimeError:  # stopped by a newer build
        return
    _write_search(indexer, site_dir)


def _write_search(indexer: search.Indexer, site_dir: Path) -> None:
    start = time.perf_counter()
    try:
        indexer.write(site_dir)
    except Exception as error:
        if _session.search_dir is None:  # `mkdocs build`: the build fails
            raise PluginError(f"accords: the search index was not written: {error}") from error
        if indexer.aborted:
            log.info("accords: search index not written: a newer build replaces it")
        else:
            log.error(f"accords: the search index was not written: {error}")
        return
    log.info(f"accords: search index of {indexer.count} pages written ({time.perf_counter() - start:.2f} s after the last page)")


def _start_search(files: Files) -> None:
    """Begin this build's search index with the pages it will not render again (under `--dirty`,
    those that did not change). The pages it renders are added as each is rendered (on_post_page).

    `mkdocs build` indexes while MkDocs renders, in the binary's own process: pages not rendered again
    (`--dirty`) are read back from site/. Under `serve`, each page's document is kept as a file, written
    when it changes, and the binary reads them all after the build (on_post_build)."""
    _stop_search()
    pages = [file.page for file in files.documentation_pages() if file.page is not None]
    if _session.search_dir is not None:
        present = {page.url for page in pages}
        for url in _session.indexed.keys() - present:  # pages that are gone
            _forget(url)
        return
    _session.indexer = _new_indexer()
    for page in pages:
        if page.content is None and os.path.isfile(page.file.abs_dest_path):  # not rendered again
            document = _search_document(Path(page.file.abs_dest_path).read_text(encoding="utf-8"), page, read_back=True)
            if document is not None:
                _session.indexer.add(page.url, document)


def _index(url: str, document: str | None) -> None:
    """Index a page rendered in this build (None: not to be found by search)."""
    if _session.search_dir is None:
        if document is not None and _session.indexer is not None:
            _session.indexer.add(url, document)
    elif document is None:
        _forget(url)
    elif _session.indexed.get(url) != document:  # under `serve`: its file, written when it changes
        target = _search_file(url)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(document, encoding="utf-8")
        _session.indexed[url] = document


def _forget(url: str) -> None:
    if _session.indexed.pop(url, None) is not None:
        _search_file(url).unlink(missing_ok=True)


def _search_file(url: str) -> Path:
    """Where a page's search document is kept under `serve`: the path that gives Pagefind its URL."""
    assert _session.search_dir is not None
    return _session.search_dir / (url + "index.html" if url.endswith("/") or not url else url)


def _new_indexer(nice: int = 0) -> search.Indexer:
    try:
        return search.Indexer(nice=nice)
    except (OSError, RuntimeError) as error:  # e.g. no Pagefind binary for this platform
        raise PluginError(f"accords: the search indexer (Pagefind) did not start: {error}") from error


def _stop_search() -> None:
    """Stop the index of a build that will not finish, and the last build's if it is still being
    written (under `serve`, a save during the last one's indexing: this build indexes it all again)."""
    indexer, _session.indexer = _session.indexer, None
    if indexer is not None:
        indexer.close()
    writing, _session.writing = _session.writing, None
    if writing is not None:
        thread, written = writing
        if thread.is_alive():
            written.abort()
        thread.join()


def _search_document(html: str, page: Page, read_back: bool = False) -> str | None:
    """What the search index holds for a page: its article, with its kind, date and filters; None for
    a page not to be found by search (index pages, the home page)."""
    meta = page.meta if not read_back else {}
    if meta.get("kind") in ("index", "home") or (meta.get("search") or {}).get("exclude"):
        return None
    record = _session.pages.get(page.file.src_uri[: -len(".md")] + ".json") if page.file.src_uri.endswith(".md") else None
    if record is None and read_back:
        return None  # read back from site/ without its meta: is it an index page? Only records are sure
    article = search.article(html)
    if article is None:
        return None
    facets = search.record_facets(json.loads(record), _country_name) if record is not None else search.Facets(kind=search.PAGE)
    return search.document(article, facets)


def _country_name(ref: str) -> str | None:
    """The name of the country with this code, or of an organisation's country; None for other ids."""
    if ref not in _session.countries:
        name = None
        country = _session.pages.get(f"countries/{ref.lower()}.json")
        organisation = _session.pages.get(f"organisations/{ref}.json")
        if country is not None:
            name = json.loads(country).get("fields", {}).get("name")
        elif organisation is not None:
            party = json.loads(organisation).get("fields", {}).get("party")
            name = _country_name(party) if party and party != ref else None
        _session.countries[ref] = name
    return _session.countries[ref]


def _site(config: MkDocsConfig) -> Site:
    return Site(
        url=config.site_url or "",
        repo_url=config.repo_url or "",
        branch=os.environ.get("ACCORDS_EDIT_BRANCH", "main"),
        directory_urls=config.use_directory_urls,
    )


def _generated(config: MkDocsConfig, path: str, text: str | bytes) -> File:
    if _session.dirty_dir is None:
        return File.generated(config, path, content=text)
    target = _session.dirty_dir / path
    if _session.written.get(path) != text:  # a new mtime only for changed text: --dirty rebuilds just these
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):  # the SQLite database
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
        _session.written[path] = text
    return File.generated(config, path, abs_src_path=str(target))


def _repository_path(path: Path, config: MkDocsConfig) -> str | None:
    """A file's path in the repository (the folder of mkdocs.yml), or None if it lies outside."""
    try:
        return path.resolve().relative_to(Path(config.config_file_path).parent.resolve()).as_posix()
    except ValueError:
        return None


def _data_dir(config: MkDocsConfig) -> Path:
    """data/ beside mkdocs.yml, or ACCORDS_DATA (used by tests that build other data)."""
    return Path(os.environ.get("ACCORDS_DATA") or Path(config.config_file_path).parent / "data")
