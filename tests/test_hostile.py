"""A corpus of bad and hostile record files (tests/hostile/, listed in EXPECTED): each must give its
diagnostic code on its line, pass cleanly, or, when legal but dangerous, render as inert text."""

from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from accords import cli
from accords.pipeline import build
from conftest import REPO, write_data
from site_helpers import mkdocs_build

HOSTILE = Path(__file__).parent / "hostile"
CASES = [line.split() for line in (HOSTILE / "EXPECTED").read_text(encoding="utf-8").splitlines() if not line.startswith("#")]


def diagnose(tmp_path: Path, monkeypatch, files: dict[str, bytes]) -> list:
    monkeypatch.chdir(tmp_path)
    data = write_data(tmp_path)
    for dest, content in files.items():
        (data / dest).parent.mkdir(parents=True, exist_ok=True)
        (data / dest).write_bytes(content)
    return build(Path("data"))[1]


def test_the_corpus_is_large_and_every_file_is_listed():
    assert len(CASES) >= 40
    assert sorted(c[0] for c in CASES) == sorted(p.name for p in HOSTILE.glob("*.yaml"))


@pytest.mark.parametrize(("name", "dest", "expect", "line"), [c for c in CASES if c[2] != "inert"], ids=[c[0] for c in CASES if c[2] != "inert"])
def test_bad_file_gives_its_code_on_its_line(tmp_path, monkeypatch, name, dest, expect, line):
    found = diagnose(tmp_path, monkeypatch, {dest: (HOSTILE / name).read_bytes()})
    if expect == "ok":
        assert [str(d) for d in found] == []
        return
    mine = [d for d in found if d.path == f"data/{dest}" and d.code == expect]
    assert mine, f"expected {expect} in data/{dest}; got {[str(d) for d in found]}"
    assert int(line) in {d.line for d in mine}, [str(d) for d in mine]


def test_a_20_mb_file_is_refused_unread(tmp_path, monkeypatch):
    found = diagnose(tmp_path, monkeypatch, {"agreements/huge.yaml": b"notes:\n" + b"  - padding text\n" * 1_300_000})
    assert [(d.path, d.code, d.line) for d in found] == [("data/agreements/huge.yaml", "ACC001", 1)]


def test_ten_thousand_list_items_are_fine(tmp_path, monkeypatch):
    text = (HOSTILE / "encoding-crlf.yaml").read_bytes().replace(b"\r\n", b"\n")
    found = diagnose(tmp_path, monkeypatch, {"agreements/hostile.yaml": text + b"tags:\n" + b"  - tag\n" * 10_000})
    assert found == []


def test_depth_1000_is_a_diagnostic(tmp_path, monkeypatch):
    found = diagnose(tmp_path, monkeypatch, {"agreements/deep.yaml": b"notes: " + b"[" * 1000 + b"]" * 1000 + b"\n"})
    assert {d.path for d in found} == {"data/agreements/deep.yaml"}
    assert any(d.code in ("ACC002", "ACC006") and d.line == 1 for d in found)


# ---------------------------------------------------------------------------------------------
# Legal but dangerous text: the built page shows it as text
# ---------------------------------------------------------------------------------------------

INERT = [c for c in CASES if c[2] == "inert"]
ALLOWED_TAGS = {"a", "p", "h1", "h2", "h3", "table", "thead", "tbody", "tr", "th", "td", "ul", "ol", "li",
                "strong", "em", "code", "pre", "span", "div", "sup", "hr", "br", "article", "nav", "label", "input",
                "svg", "path", "button",
                "dl", "dt", "dd",  # where sources disagree
                "abbr",  # a short title with the full one
                "defs", "marker", "rect", "text", "title", "g",  # a record's lineage drawing
                "details", "summary"}  # folded blocks (the cite box)


class _Article(HTMLParser):
    """Collects the tags and attributes inside <article>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        if self.depth:
            self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)

    def handle_comment(self, data):
        if self.depth:
            self.comments.append(data)


def _inert_data(root: Path) -> Path:
    """The test data with every legal-but-dangerous file of the corpus added."""
    data = write_data(root)
    for name, dest, _, _ in INERT:
        (data / dest).write_bytes((HOSTILE / name).read_bytes())
    return data


@pytest.fixture(scope="module")
def inert_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("inert")
    data = _inert_data(root)
    assert build(data)[1] == []
    result = mkdocs_build(root / "site", data)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def inert_zensical_site(tmp_path_factory):
    """The same records staged for Zensical (which rewrites links in HTML), built by it."""
    root = tmp_path_factory.mktemp("inert-zensical")
    data = _inert_data(root)
    with pytest.MonkeyPatch.context() as env:
        env.chdir(REPO)
        assert cli.main(["stage", "--data", str(data), "--out", str(root / "project")]) == 0
    result = subprocess.run([sys.executable, "-m", "zensical", "build", "-f", "mkdocs.yml"], cwd=root / "project",
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "project" / "site"


@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
@pytest.mark.parametrize(("name", "dest"), [(c[0], c[1]) for c in INERT], ids=[c[0] for c in INERT])
def test_dangerous_text_renders_inert(request, builder, name, dest):
    site = request.getfixturevalue("inert_site" if builder == "mkdocs" else "inert_zensical_site")
    html = (site / dest.replace(".yaml", "") / "index.html").read_text(encoding="utf-8")
    article = _Article()
    article.feed(html)
    assert any(tag == "h1" for tag, _ in article.tags), f"{name}: the page has no article to check"
    for tag, attrs in article.tags:
        assert tag in ALLOWED_TAGS, f"{name}: <{tag}> in the article"
        assert not any(key.startswith("on") for key in attrs), f"{name}: event handler on <{tag}>"
        target = attrs.get("href") or attrs.get("src") or ""
        assert not target.strip().lower().startswith(("javascript:", "data:", "vbscript:")), f"{name}: {target}"
        assert "evil.example" not in target, f"{name}: a link or image from the text became live"
    assert article.comments == [], f"{name}: an HTML comment from the text became live"
    assert "\u202e" not in html
    head = html[: html.index("<body")]
    assert "<script>alert" not in head and 'onmouseover="alert' not in head


def test_a_folder_that_cannot_be_read_is_a_diagnostic(tmp_path, monkeypatch):
    real = os.scandir

    def scandir(path):  # chmod cannot stop root, who runs CI: refuse the way the kernel would
        if str(path).endswith("events"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = diagnose(tmp_path, monkeypatch, {"events/party.yaml": b"title: x\n"})
    assert [str(d) for d in found] == ["data/events:1:1: ACC201 the folder cannot be read (Permission denied)"]


@pytest.mark.parametrize(("error", "expected"), [
    (PermissionError(13, "Permission denied"), ["data/agreements/alpha.yaml:1:1: ACC001 the file cannot be read (Permission denied)"]),
    # Deleted since listed: no longer a record, so a record that names it names nothing.
    (FileNotFoundError(2, "No such file or directory"), ["data/dialogues/talks.yaml:9:16: ACC401 rounds[0].outcomes[0] names no record 'alpha'"]),
])
def test_a_file_that_cannot_be_read(tmp_path, monkeypatch, error, expected):
    real = open

    def refusing_open(path, *args, **kwargs):
        if str(path).endswith("alpha.yaml"):
            raise error
        return real(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", refusing_open)
    found = diagnose(tmp_path, monkeypatch, {})
    assert [str(d) for d in found] == expected


def test_symbolic_links_are_refused_unfollowed(tmp_path, monkeypatch):
    outside = tmp_path / "outside"
    (outside / "agreements").mkdir(parents=True)
    (outside / "agreements" / "secret.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    data = write_data(tmp_path)
    (data / "agreements" / "linked.yaml").symlink_to(outside / "agreements" / "secret.yaml")
    (data / "frameworks").symlink_to(outside / "agreements", target_is_directory=True)
    found = build(Path("data"))[1]
    assert [(d.path, d.code) for d in found] == [("data/agreements/linked.yaml", "ACC201"), ("data/frameworks", "ACC201")]
    assert all(d.message.startswith("symbolic links are not allowed") for d in found)


def test_a_file_gone_between_listing_and_reading_is_no_record(tmp_path, monkeypatch):
    # An editor saves by writing a temporary file and renaming it: the folder's listing can name a
    # file that is gone a moment later. The rest of the folder is read as usual.
    real = os.scandir

    def listing_a_ghost(path):
        entries = list(real(path))
        if str(path).endswith("agreements"):
            ghost = Path(path) / ".#alpha.yaml"
            ghost.write_text("x", encoding="utf-8")
            entries += [e for e in real(path) if e.name == ghost.name]
            ghost.unlink()
        return _Listing(entries)

    monkeypatch.setattr(os, "scandir", listing_a_ghost)
    assert diagnose(tmp_path, monkeypatch, {}) == []


class _Listing(list):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
