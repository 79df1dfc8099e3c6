"""MkDocs adapter: validate and render data/ on every build, as in-memory pages.

The only module that knows MkDocs. Registered in mkdocs.yml under `hooks:`; validation runs in
`on_pre_build`, before MkDocs cleans site/, so a failed build keeps the last good site. Under
`mkdocs serve --dirty`, pages are backed by files that change only when their text does, so MkDocs
rebuilds just the pages an edit touched.
"""

from __future__ import annotations

import gc
import logging
import os
import posixpath
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from accords.ahead import BuildAhead
from accords.htmlblocks import HtmlBlocks
from accords.jinjacache import COMPILED
from accords.output import outputs
from accords.site import Site
from accords.state import BuildState

log = logging.getLogger("mkdocs.hooks.accords")
_TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class _Session:
    """All the hook keeps for one MkDocs process (a hook is a module: MkDocs offers it no other
    place), set up on startup and used by every build."""

    one_off: bool = False  # `mkdocs build` or `gh-deploy`: one build, then the process ends
    dirty_dir: Path | None = None  # under `mkdocs serve --dirty`: where page files are kept
    written: dict[str, str] = field(default_factory=dict)  # what each kept page file holds
    ahead: BuildAhead | None = None  # under `mkdocs serve`: builds data/ as soon as a file changes
    state: BuildState = field(default_factory=BuildState)  # the last build, for rebuilds without `ahead`
    pages: dict[str, str] = field(default_factory=dict)  # generated pages and downloads, by their path
    last_nav: tuple = (None, ())  # the last nav and the URLs it links to


_session = _Session()
_ID = re.compile(r'<[a-zA-Z][^>]*?\sid="([^"]+)"')


# -- Events ----------------------------------------------------------------------------------


def on_startup(command: str, dirty: bool) -> None:
    global _session
    _session = _Session(one_off=command in ("build", "gh-deploy"))
    if command == "serve" and dirty:
        _session.dirty_dir = Path(tempfile.mkdtemp(prefix="accords-pages-"))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config.markdown_extensions.append(HtmlBlocks())  # the renderer's HTML blocks, passed on unparsed
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    site = _site(config)
    ahead = _session.ahead
    problems, pages = ahead.outputs(site) if ahead else outputs(_data_dir(config), site, state=_session.state)
    if problems:
        for problem in problems:
            log.error(str(problem))
        raise PluginError(f"accords: {len(problems)} problem(s) in data/; the site was not rebuilt")
    _session.pages = pages
    if _session.one_off:
        # What was just built lives until the process ends: the collector need not scan it again and
        # again while MkDocs builds the pages (see Performance in README). Not under `serve`, where
        # each rebuild makes the last one's objects garbage, and frozen cycles are never freed.
        gc.freeze()


def on_files(files: Files, config: MkDocsConfig) -> Files:
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
    _share_nav(env)
    return env


@event_priority(100)  # before the search plugin writes its index
def on_post_build(config: MkDocsConfig) -> None:
    _forget_rebuilt_pages(config.plugins.get("material/search"))


def on_serve(server, config: MkDocsConfig, builder) -> None:
    server.watch(str(_data_dir(config)))
    server.watch(str(_TEMPLATES))
    try:
        _session.ahead = BuildAhead(_data_dir(config), _site(config), also=[_TEMPLATES])
    except OSError as error:  # e.g. no inotify watches left: MkDocs's own polling still rebuilds
        log.info(f"accords: not building ahead of reloads ({error})")


def on_shutdown() -> None:
    if _session.ahead is not None:
        _session.ahead.stop()
    if _session.dirty_dir is not None:
        shutil.rmtree(_session.dirty_dir, ignore_errors=True)


# -- Helpers ---------------------------------------------------------------------------------


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


def _forget_rebuilt_pages(search: object) -> None:
    """Under `mkdocs serve --dirty`, keep one copy of each page in the search index.

    Material's search plugin keeps the last index and drops from it only the first page rebuilt,
    assuming an edit rebuilds one page; here an edit also rebuilds the indexes and pages that show
    the record, which would otherwise be found twice, the stale copy with the old text."""
    previous, current = getattr(search, "search_index_prev", None), getattr(search, "search_index", None)
    if previous is None or current is None or not current.entries:
        return
    rebuilt = {entry["location"].split("#")[0] for entry in current.entries}
    previous.entries = [entry for entry in previous.entries if entry["location"].split("#")[0] not in rebuilt]


def _site(config: MkDocsConfig) -> Site:
    return Site(
        url=config.site_url or "",
        repo_url=config.repo_url or "",
        branch=os.environ.get("ACCORDS_EDIT_BRANCH", "main"),
        directory_urls=config.use_directory_urls,
    )


def _generated(config: MkDocsConfig, path: str, text: str) -> File:
    if _session.dirty_dir is None:
        return File.generated(config, path, content=text)
    target = _session.dirty_dir / path
    if _session.written.get(path) != text:  # a new mtime only for changed text: --dirty rebuilds just these
        target.parent.mkdir(parents=True, exist_ok=True)
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
