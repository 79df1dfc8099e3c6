"""A newcomer's path, in a temporary clone: `accords new`, fill the template in, validate, break the
record in each way a contributor does (issue 22), read the message; pre-commit refuses a bad record."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ALPHA, REPO, write_data
from site_helpers import mkdocs_build

GIT_ENV = {"GIT_AUTHOR_NAME": "New Contributor", "GIT_AUTHOR_EMAIL": "new@example.org", "GIT_COMMITTER_NAME": "New Contributor",
           "GIT_COMMITTER_EMAIL": "new@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
RECORD = "data/agreements/test-agreement.yaml"


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """A git repository with the project's records and pre-commit configuration, its .venv the
    project's (the README's first command made it), and the hook installed with the documented command."""
    root = tmp_path_factory.mktemp("clone")
    shutil.copytree(REPO / "data", root / "data")
    shutil.copy(REPO / ".pre-commit-config.yaml", root)
    (root / ".venv").symlink_to(REPO / ".venv")
    (root / ".gitignore").write_text(".venv\n", encoding="utf-8")
    git(root, "init", "-q")
    result = sh(root, ".venv/bin/pre-commit", "install")  # as .pre-commit-config.yaml and the README say
    assert result.returncode == 0, result.stdout + result.stderr
    git(root, "add", "-A")
    committed = git(root, "commit", "-q", "-m", "The records as they are")
    assert committed.returncode == 0, committed.stdout + committed.stderr  # the hook ran and passed
    return root


def sh(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(cwd.parent / "pre-commit-home")}
    env.pop("VIRTUAL_ENV", None)
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p)  # nothing set up by hand
    return subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return sh(cwd, "git", *args)


def accords(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return sh(cwd, ".venv/bin/accords", *args)


def filled(template: str) -> str:
    """The template of an agreement, filled in as a contributor would."""
    values = {
        "title": "Test Agreement between India and the United States", "summary": "A test agreement. It exists only in a test.",
        "instrument": "memorandum-of-understanding", "url": "https://example.org/test-agreement", "type": "official",
        "supports": "[instrument, signed]", "signed": "2020-10-27", "parties": "[IN, US]",
    }

    def fill(match: re.Match) -> str:
        indent, dash, key = match.group(1), match.group(2) or "", match.group(3)
        value = values[key] if key != "title" or not dash else "The test agreement, published"
        return f"{indent}{dash}{key}: {value}  #"

    text = re.sub(r"^(\s*)(- )?(title|summary|instrument|url|type):  #", fill, template, flags=re.M)
    text = re.sub(r"^(\s*)()(supports): \[\]  #", fill, text, flags=re.M)
    text = re.sub(r"^# (signed|parties):(?: \[\])?  #", lambda m: fill(re.match(r"()()(\w+)", m.group(1))), text, flags=re.M)
    return text + "related:\n  - id: india-us-2-plus-2-ministerial-dialogue\n    relation: signed-at\n"


BREAKS = [
    # (what a contributor does, the change to the filled record, what the message must say)
    ("an unquoted colon in the title", ("title: Test Agreement", "title: India-US: Test Agreement"),
     'put the text in quotes, e.g. title: "India-US: Test Agreement'),
    ("a field indented too far", ("summary: A test", "  summary: A test"), "bad indentation: 'summary' is indented further"),
    ("a tab for indentation", ("  - id: india-us", "\t- id: india-us"), "tab"),
    ("a relation to a person", ("id: india-us-2-plus-2-ministerial-dialogue", "id: lloyd-austin"),
     "names the person 'lloyd-austin'; a signed-at relation must name a dialogue or an event"),
    ("UK for the United Kingdom", ("parties: [IN, US]", "parties: [IN, UK]"),
     "'UK' is not an ISO 3166-1 country code: the ISO code of the United Kingdom is GB"),
    ("a country not yet recorded", ("parties: [IN, US]", "parties: [IN, IS]"),
     "names no country 'IS': add its record, data/countries/is.yaml (accords new country is)"),
    ("a blank url", ("url: https://example.org/test-agreement", "url:"), "sources[0].url is empty: write its address"),
    ("a blank instrument", ("instrument: memorandum-of-understanding", "instrument:"), "instrument is empty: choose one of treaty,"),
]


def test_new_fill_validate_break_and_read_the_message(clone):
    try:
        _new_fill_validate_break(clone)
    finally:
        (clone / RECORD).unlink(missing_ok=True)  # the clone as it was, for the next test


def _new_fill_validate_break(clone: Path) -> None:
    made = accords(clone, "new", "agreement", "test-agreement")
    assert made.returncode == 0, made.stderr
    template = (clone / RECORD).read_text(encoding="utf-8")
    empty = accords(clone, "validate")
    assert empty.returncode == 1
    assert "title is empty: write the official name" in empty.stdout
    assert empty.stderr.strip() == "6 problems in 1 file", empty.stdout  # title, summary, instrument, the source's title, url and type

    good = filled(template)
    (clone / RECORD).write_text(good, encoding="utf-8")
    result = accords(clone, "validate")
    assert result.returncode == 0, result.stdout
    for what, (old, new), says in BREAKS:
        assert old in good, what
        (clone / RECORD).write_text(good.replace(old, new, 1), encoding="utf-8")
        result = accords(clone, "validate")
        assert result.returncode == 1, what
        assert says in result.stdout, f"{what}: {result.stdout}"
        assert result.stdout.startswith(f"{RECORD}:"), f"{what}: {result.stdout}"
    (clone / RECORD).write_text(good, encoding="utf-8")

    taken = accords(clone, "new", "event", "beca")  # an agreement's id
    assert taken.returncode == 1
    assert "the id 'beca' is already used by data/agreements/beca.yaml" in taken.stderr
    assert not (clone / "data/events/beca.yaml").exists()
    uk = accords(clone, "new", "country", "uk")
    assert uk.returncode == 1 and "the ISO code of the United Kingdom is GB" in uk.stderr


def test_pre_commit_refuses_a_bad_record_and_takes_a_good_one(clone):
    record = clone / "data/agreements/pre-commit-test.yaml"
    assert accords(clone, "new", "agreement", "pre-commit-test").returncode == 0
    good = filled(record.read_text(encoding="utf-8")).replace("Test Agreement between", "Pre-commit Test Agreement between")

    record.write_text(good.replace("parties: [IN, US]", "parties: [IN, UK]"), encoding="utf-8")
    git(clone, "add", "-A")
    refused = git(clone, "commit", "-m", "A bad record")
    assert refused.returncode != 0
    output = refused.stdout + refused.stderr
    assert "accords validate" in output and "Failed" in output
    assert "data/agreements/pre-commit-test.yaml:" in output and "the ISO code of the United Kingdom is GB" in output
    assert "pre-commit-test" not in git(clone, "log", "--name-only").stdout

    record.write_text(good, encoding="utf-8")
    git(clone, "add", "-A")
    taken = git(clone, "commit", "-m", "A good record")
    assert taken.returncode == 0, taken.stdout + taken.stderr
    assert "data/agreements/pre-commit-test.yaml" in git(clone, "log", "-1", "--name-only").stdout


def test_the_build_counts_problems_as_validate_does(tmp_path):
    data = write_data(tmp_path, {"agreements/alpha.yaml": ALPHA.replace("signed: 2016-08-29", "signed: 2016-02-30")})
    result = mkdocs_build(tmp_path / "site", data)
    assert result.returncode != 0
    assert "1 problem in 1 file" in result.stderr, result.stderr
