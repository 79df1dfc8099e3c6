"""The MkDocs adapter's own helpers, without running MkDocs."""

from __future__ import annotations

import gc
import shutil
import subprocess
import sys
from types import SimpleNamespace

import jinja2
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.structure.files import Files

from accords import mkdocs_hook
from accords.htmlblocks import HtmlBlocks
from conftest import REPO, write_data


def test_serve_without_a_watcher_still_serves(tmp_path, monkeypatch, caplog):
    # A folder the operating system cannot watch (here: none there yet; elsewhere: no inotify watches
    # left) leaves MkDocs's own polling to rebuild; the server starts all the same.
    monkeypatch.setattr(mkdocs_hook, "_session", mkdocs_hook._Session())
    monkeypatch.setenv("ACCORDS_DATA", str(tmp_path / "missing"))
    watched: list[str] = []
    config = SimpleNamespace(site_url="", repo_url="", use_directory_urls=True, config_file_path=str(tmp_path / "mkdocs.yml"))
    with caplog.at_level("INFO", logger="mkdocs.hooks.accords"):
        mkdocs_hook.on_serve(SimpleNamespace(watch=watched.append), config, builder=None)
    assert mkdocs_hook._session.ahead is None and "not building ahead" in caplog.text
    assert watched == [str(tmp_path / "missing"), str(mkdocs_hook._TEMPLATES)]


def test_the_html_block_extension_is_added_by_the_hook():
    config = load_config(str(REPO / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    assert sum(isinstance(e, HtmlBlocks) for e in config.markdown_extensions) == 1


@pytest.mark.parametrize("directory_urls", [True, False])
def test_shared_rendering_leaves_every_page_as_it_was(tmp_path, monkeypatch, directory_urls):
    monkeypatch.setenv("ACCORDS_AS_OF", "2026-01-01")
    built, keys = {}, []
    for shared in (True, False):
        site = tmp_path / f"shared-{shared}"
        config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(site), use_directory_urls=directory_urls)
        hook = config.hooks["scripts/accords/mkdocs_hook.py"]
        key = hook._nav_key
        monkeypatch.setattr(hook, "_nav_key", lambda page, nav, key=key: keys.append(key(page, nav)) or key(page, nav))
        if not shared:
            monkeypatch.setattr(hook, "_share_rendering", lambda env: None)
        build(config)
        built[shared] = {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    assert len(built[True]) > 100
    assert built[True] == built[False]
    # The nav was rendered once per folder of record pages, not once per page.
    folders = {k for k in keys if k is not None}
    assert len(keys) > 100 and 5 < len(folders) < 20, folders


@pytest.mark.parametrize(("url", "key"), [
    ("agreements/beca/", "agreements/*/"),
    ("agreements/beca.html", "agreements/"),
    ("beca/", "/*/"),
    ("guide/", None),  # the nav links to a page inside this one's URL
    ("guide.html", "/"),
])
def test_pages_share_a_nav_only_where_its_links_are_the_same(url, key):
    inside = SimpleNamespace(url="guide/start/", parent=None, children=None)
    about = SimpleNamespace(url="about.html", parent=None, children=None)
    nav = SimpleNamespace(items=[SimpleNamespace(url=None, children=[inside]), about], pages=[inside, about])
    assert mkdocs_hook._nav_key(SimpleNamespace(url=url, parent=None), nav) == key
    for page in nav.pages:  # a page in the nav has a nav of its own: it is marked active there
        assert mkdocs_hook._nav_key(page, nav) is None


@pytest.mark.parametrize(("anchor", "found"), [("source-1", True), ("source-9", False)])
def test_a_hand_written_page_may_link_to_an_anchor_in_an_html_block(tmp_path, monkeypatch, anchor, found):
    # The HTML-block extension hides those blocks from MkDocs's scan for anchors; --strict must still
    # pass for an anchor that is there, and still fail for one that is not.
    monkeypatch.setenv("ACCORDS_DATA", str(write_data(tmp_path)))
    docs = tmp_path / "docs"
    shutil.copytree(REPO / "docs", docs)
    (docs / "linked.md").write_text(f"# Linked\n\nSee [the source](agreements/alpha.md#{anchor}).\n")
    config = load_config(str(REPO / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(tmp_path / "site"), strict=True)
    if found:
        build(config)
        assert f'href="../agreements/alpha/#{anchor}"' in (tmp_path / "site" / "linked" / "index.html").read_text()
    else:
        with pytest.raises(Abort):
            build(config)


@pytest.mark.parametrize(("command", "frozen"), [("build", True), ("gh-deploy", True), ("serve", False)])
def test_only_a_one_off_build_freezes_what_it_built(tmp_path, monkeypatch, command, frozen):
    # Frozen objects are never scanned by the collector again, and never freed if they form cycles:
    # right for a process that ends after one build, wrong for a server that rebuilds.
    monkeypatch.setenv("ACCORDS_AS_OF", "2026-01-01")
    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    hook = config.hooks["scripts/accords/mkdocs_hook.py"]
    gc.unfreeze()
    try:
        hook.on_startup(command=command, dirty=False)
        hook.on_pre_build(config)
        assert (gc.get_freeze_count() > 0) == frozen
        assert hook._session.pages["agreements/beca.md"]
    finally:
        gc.unfreeze()


def test_a_build_does_not_load_the_file_watcher():
    """Only `mkdocs serve` watches files: loading the hook for a build leaves watchdog unimported."""
    code = "import sys, accords.mkdocs_hook; print('watchdog' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


def test_the_theme_lists_the_files_mkdocs_would_copy_without_its_hidden_folders():
    config = load_config(str(REPO / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    env = config.theme.get_env()
    assert isinstance(env.loader, config.hooks["scripts/accords/mkdocs_hook.py"]._ThemeLoader)
    ours, stock = Files([]), Files([])
    ours.add_files_from_theme(env, config)
    env.loader = jinja2.FileSystemLoader(env.loader.searchpath)  # MkDocs's own
    stock.add_files_from_theme(env, config)
    assert len(stock) > 30 and sorted(f.src_uri for f in ours) == sorted(f.src_uri for f in stock)
    assert env.get_template(".icons/material/magnify.svg")  # still there to be included
