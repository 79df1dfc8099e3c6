"""`accords stage`: the site for builders that run no MkDocs hooks. Built with Zensical, Material's
successor, it must build cleanly into pages whose every link leads somewhere."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from accords import cli
from accords.output import outputs_with_database
from accords.site import Site
from conftest import REPO, write_data
from site_helpers import AS_OF, REPO_URL, broken_links, database_records, records_json_count
from test_site import page, text_of


@pytest.fixture(scope="module")
def staged(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("stage") / "project"
    with pytest.MonkeyPatch.context() as env:
        env.chdir(REPO)
        env.setenv("ACCORDS_AS_OF", AS_OF)
        env.setenv("ACCORDS_REPO_URL", REPO_URL)
        assert cli.main(["stage", "--out", str(folder)]) == 0
    return folder


def test_the_folder_holds_every_page_and_a_config_without_the_hook(staged):
    docs = staged / "docs"
    assert (docs / "about" / "index.md").read_bytes() == (REPO / "docs" / "about" / "index.md").read_bytes()
    assert (docs / "assets" / "accords.js").is_file() and (docs / "overrides" / "main.html").is_file()
    assert (docs / "agreements" / "beca.md").is_file() and (docs / "downloads" / "records.json").is_file()
    assert database_records(docs / "downloads" / "accords.sqlite") == records_json_count(docs) > 100
    assert "(downloads/accords.sqlite)" in (docs / "data.md").read_text(encoding="utf-8")
    config = (staged / "mkdocs.yml").read_text(encoding="utf-8")
    assert "hooks: []" in config and "docs_dir: docs" in config
    inherited = re.search(r"^INHERIT: (.+)$", config, re.M).group(1)
    assert (staged / json.loads(inherited)).resolve() == (REPO / "mkdocs.yml").resolve()


def test_its_pages_are_the_renderers_with_links_in_html_blocks_to_markdown_files(staged):
    site = Site(repo_url=REPO_URL, source_links=True)
    generated = outputs_with_database(REPO / "data", site, dt.date.fromisoformat(AS_OF))[1]
    pages = {path: text for path, text in generated.items() if path.endswith(".md")}
    assert {path: (staged / "docs" / path).read_text(encoding="utf-8") for path in pages} == pages
    assert '<a href="../agreements/beca.md">BECA</a>' in pages["pairs/in-us.md"]


def test_zensical_builds_it_and_every_link_leads_somewhere(staged):
    result = subprocess.run([sys.executable, "-m", "zensical", "build", "--strict", "-f", "mkdocs.yml"], cwd=staged,
                            env={**os.environ, "ACCORDS_REPO_URL": REPO_URL}, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No issues found" in result.stdout + result.stderr
    site = staged / "site"
    assert database_records(site / "downloads" / "accords.sqlite") == records_json_count(site) > 100
    text = text_of(page(site, "agreements/beca"))
    assert "Basic Exchange and Cooperation Agreement for Geo-spatial Cooperation (BECA)" in text
    assert "Signed 27 Oct 2020 [1] [2]" in text and "Jivesh Nandan (Additional Secretary, Ministry of Defence, India)" in text
    assert "Signed at 2+2 Ministerial Dialogue Dialogue" in text and "India.com. Supports: instrument, signed, signatories" in text
    checked, broken = broken_links(site)
    assert checked > 4000 and not broken, broken[:10]
    searched = {item["location"].split("#")[0] for item in json.loads((site / "search.json").read_text())["items"]}
    assert "agreements/beca/" in searched and "timeline/" not in searched  # index pages stay out, as in MkDocs
    assert 'src="../assets/accords.js"' in page(site, "timeline") and not (site / "overrides").exists()


def test_stage_keeps_the_last_folder_when_the_data_has_problems(staged, tmp_path, monkeypatch, capsys):
    before = (staged / "docs" / "agreements" / "beca.md").read_bytes()
    bad = write_data(tmp_path, {"agreements/alpha.yaml": "title: [\n"})
    monkeypatch.chdir(REPO)
    assert cli.main(["stage", "--data", str(bad), "--out", str(staged)]) == 1
    assert "ACC002" in capsys.readouterr().out
    assert (staged / "docs" / "agreements" / "beca.md").read_bytes() == before


def test_stage_names_a_missing_config(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["stage", "--out", "out"]) == 1
    assert "mkdocs.yml: no such file" in capsys.readouterr().err and not (tmp_path / "out").exists()


@pytest.mark.parametrize("out", ["docs/zensical", "data/build", "docs"])
def test_stage_will_not_write_into_what_it_reads(tmp_path, monkeypatch, capsys, out):
    shutil.copytree(REPO / "data", tmp_path / "data")
    shutil.copytree(REPO / "docs", tmp_path / "docs")
    shutil.copy(REPO / "mkdocs.yml", tmp_path)
    monkeypatch.chdir(tmp_path)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert cli.main(["stage", "--out", out]) == 1
    assert "which the output is made from: name a folder outside it" in capsys.readouterr().err
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
