"""`accords links` against a real HTTP server on loopback: one page answers, one does not."""

from __future__ import annotations

from accords import cli
from conftest import ALPHA, TALKS, write_data
from site_helpers import serve


def test_broken_source_url_is_reported_on_its_line(tmp_path, monkeypatch, capsys):
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "ok.html").write_text("ok")
    with serve(tmp_path / "www") as base:
        write_data(tmp_path, {
            "agreements/alpha.yaml": ALPHA.replace("https://example.org/alpha", f"{base}ok.html"),
            "dialogues/talks.yaml": TALKS.replace("https://example.org/talks", f"{base}gone.html"),
            "people/jane-doe.yaml": f"name: Jane Doe\nsources:\n  - title: A page\n    url: {base}ok.html\n",
            "organisations/test-ministry.yaml": f"name: Test Ministry\nsources:\n  - title: A page\n    url: {base}ok.html\n",
        })
        monkeypatch.chdir(tmp_path)
        assert cli.main(["links", "--data", "data", "--format", "github", "--timeout", "5"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"data/dialogues/talks.yaml:14:10: ACC601 {base}gone.html answered HTTP 404"
    assert out[1].startswith("::warning file=data/dialogues/talks.yaml,line=14,col=10,title=ACC601::")
    assert len(out) == 2  # the page that answers is not reported


def test_all_links_answer(tmp_path, monkeypatch, capsys):
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "ok.html").write_text("ok")
    with serve(tmp_path / "www") as base:
        url = f"{base}ok.html"
        write_data(tmp_path, {
            "agreements/alpha.yaml": ALPHA.replace("https://example.org/alpha", url),
            "dialogues/talks.yaml": TALKS.replace("https://example.org/talks", url),
            "people/jane-doe.yaml": f"name: Jane Doe\nsources:\n  - title: A page\n    url: {url}\n",
            "organisations/test-ministry.yaml": f"name: Test Ministry\nsources:\n  - title: A page\n    url: {url}\n",
        })
        monkeypatch.chdir(tmp_path)
        assert cli.main(["links"]) == 0
    assert "every source URL answered" in capsys.readouterr().err
