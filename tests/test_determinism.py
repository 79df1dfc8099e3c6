"""Same data, same bytes: twice, from another folder, or with files found in another order."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import pathlib
import shutil

from accords import cli
from accords import load as load_module
from accords.exports import exports
from accords.pipeline import build
from accords.render import render
from accords.site import Site
from conftest import REPO, write_data

AS_OF = dt.date(2026, 11, 25)
SITE = Site(url="https://example.org/", repo_url="https://github.com/example/accords")


def digest(data: pathlib.Path) -> dict[str, str]:
    kb, problems = build(data, AS_OF)
    assert problems == []
    files = {**render(kb, SITE), **exports(kb, SITE)}
    return {path: hashlib.sha256(text.encode()).hexdigest() for path, text in files.items()}


def test_building_twice_gives_the_same_bytes():
    assert digest(REPO / "data") == digest(REPO / "data")


def test_another_folder_gives_the_same_bytes(tmp_path):
    shutil.copytree(REPO / "data", tmp_path / "elsewhere" / "data")
    assert digest(tmp_path / "elsewhere" / "data") == digest(REPO / "data")


def test_files_found_in_another_order_give_the_same_bytes(monkeypatch):
    expected = digest(REPO / "data")
    original = os.scandir  # how load lists data/: every folder's entries now come in reverse order

    @contextlib.contextmanager
    def reversed_scandir(path):
        with original(path) as entries:
            yield sorted(entries, key=lambda entry: entry.name, reverse=True)

    monkeypatch.setattr(load_module.os, "scandir", reversed_scandir)
    assert digest(REPO / "data") == expected


def test_render_out_keeps_pages_and_exports_when_validation_fails(tmp_path, monkeypatch):
    monkeypatch.setenv("ACCORDS_AS_OF", "2026-11-25")
    good = write_data(tmp_path / "good")
    out = tmp_path / "out"
    assert cli.main(["render", "--data", str(good), "--out", str(out)]) == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert any(p.suffix == ".json" for p in before) and any(p.suffix == ".md" for p in before)
    bad = write_data(tmp_path / "bad", {"agreements/alpha.yaml": "title: [\n"})
    assert cli.main(["render", "--data", str(bad), "--out", str(out)]) == 1
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
