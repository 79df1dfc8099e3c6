"""`accords links` against a real HTTP server on loopback: one page answers, one does not."""

from __future__ import annotations

import re

from accords import cli
from accords.bench import serve
from conftest import BASE, write_data


def _pointing_at(url: str, **exceptions: str) -> dict[str, str]:
    """BASE with every example.org source URL replaced by `url` (or, per file, by an exception)."""
    def replace(name: str, text: str) -> str:
        return re.sub(r"https://example\.org/[a-z0-9]+", exceptions.get(name, url), text)
    return {name: replace(name, text) for name, text in BASE.items() if "example.org" in text}


def test_broken_source_url_is_reported_on_its_line(tmp_path, monkeypatch, capsys):
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "ok.html").write_text("ok")
    with serve(tmp_path / "www") as base:
        files = _pointing_at(f"{base}ok.html")
        files["dialogues/talks.yaml"] = files["dialogues/talks.yaml"].replace(f"url: {base}ok.html\n    type: news", f"url: {base}gone.html\n    type: news")
        files["exercises/drill.yaml"] = files["exercises/drill.yaml"].replace(f"title: Later, url: {base}ok.html", f"title: Later, url: {base}lost.html")
        write_data(tmp_path, files)
        monkeypatch.chdir(tmp_path)
        assert cli.main(["links", "--data", "data", "--format", "github", "--timeout", "5"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"data/dialogues/talks.yaml:16:10: ACC601 {base}gone.html answered HTTP 404"
    assert out[1].startswith("::warning file=data/dialogues/talks.yaml,line=16,col=10,title=ACC601::")
    assert out[2].startswith("data/exercises/drill.yaml:11:") and out[2].endswith(f"ACC601 {base}lost.html answered HTTP 404")
    assert len(out) == 4  # an edition's source is checked too; the pages that answer are not reported


def test_all_links_answer(tmp_path, monkeypatch, capsys):
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "ok.html").write_text("ok")
    with serve(tmp_path / "www") as base:
        url = f"{base}ok.html"
        write_data(tmp_path, _pointing_at(url))
        monkeypatch.chdir(tmp_path)
        assert cli.main(["links"]) == 0
    assert "every source URL answered" in capsys.readouterr().err
