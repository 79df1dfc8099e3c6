"""History from git: first published and last changed per record, from one `git log`; no dates where
the history is missing or partial (a shallow clone), never wrong ones."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from accords import history as history_module
from accords.history import History, file_histories, histories, parse_log
from accords.output import outputs
from accords.pipeline import build
from accords.site import Site
from conftest import ALPHA, REPO, write_data

AS_OF = dt.date(2026, 11, 25)
SITE = Site(url="https://example.org/accords/", repo_url="https://github.com/example/accords")
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(repo: Path, *args: str, when: str = "2024-01-15T10:00:00+00:00") -> str:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(["git", "-C", str(repo), "-c", "user.name=Test", "-c", "user.email=test@example.org",
                           "-c", "commit.gpgsign=false", *args], env=env, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose data/ was committed on 15 Jan 2024, and alpha edited on 2 Mar 2025."""
    root = tmp_path / "repo"
    write_data(root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "data")
    git(root, "commit", "-q", "-m", "First records")
    (root / "data/agreements/alpha.yaml").write_text(ALPHA.replace("A test agreement", "An edited test agreement"), encoding="utf-8")
    git(root, "commit", "-q", "-am", "Edit alpha", when="2025-03-02T08:00:00+00:00")
    return root


def test_dates_of_a_record_edited_in_a_repository(repo):
    kb = build(repo / "data", AS_OF)[0]
    found = histories(repo / "data", kb.records)
    assert found["alpha"].first_published == dt.date(2024, 1, 15) and found["alpha"].last_changed == dt.date(2025, 3, 2)
    assert found["talks"].first_published == found["talks"].last_changed == dt.date(2024, 1, 15)
    assert found["alpha"].commit == git(repo, "rev-parse", "HEAD").strip()
    assert set(found) == {r.id for r in kb.records}


def test_a_file_no_commit_holds_has_no_dates_and_an_uncommitted_edit_changes_none(repo):
    write_data(repo, {"agreements/beta.yaml": ALPHA.replace("Alpha Agreement", "Beta Agreement").replace("ALPHA", "BETA")})
    (repo / "data/dialogues/talks.yaml").write_text((repo / "data/dialogues/talks.yaml").read_text() + "notes: [Edited, not committed.]\n")
    kb, problems = build(repo / "data", AS_OF)
    assert problems == []
    found = histories(repo / "data", kb.records)
    assert "beta" not in found
    assert found["talks"].last_changed == dt.date(2024, 1, 15)


def test_dates_are_utc_days(repo):
    (repo / "data/exercises/drill.yaml").write_text((repo / "data/exercises/drill.yaml").read_text() + "notes: [Late at night in New York.]\n")
    git(repo, "commit", "-q", "-am", "Late edit", when="2025-06-30T23:30:00-05:00")  # 1 July, 04:30 UTC
    assert file_histories(repo / "data")["exercises/drill.yaml"].last_changed == dt.date(2025, 7, 1)


def test_a_shallow_clone_gives_no_dates(repo, tmp_path):
    git(repo, "commit", "-q", "--allow-empty", "-m", "Later", when="2025-05-05T00:00:00+00:00")
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    assert git(clone, "rev-parse", "--is-shallow-repository").strip() == "true"
    # Its only commit seems to add every file: "first published" would be 5 May 2025, which is wrong.
    assert file_histories(clone / "data") == {}
    assert histories(clone / "data", build(clone / "data", AS_OF)[0].records) == {}


def test_a_full_clone_gives_the_same_dates_as_the_repository(repo, tmp_path):
    clone = tmp_path / "full"
    git(tmp_path, "clone", "-q", f"file://{repo}", str(clone))
    assert file_histories(clone / "data") == file_histories(repo / "data")


def test_a_folder_outside_a_repository_and_a_machine_without_git_give_no_dates(tmp_path, repo, monkeypatch):
    outside = write_data(tmp_path / "outside")
    assert file_histories(outside) == {}
    monkeypatch.setenv("PATH", str(tmp_path / "no-such-folder"))
    assert file_histories(repo / "data") == {}


def test_one_git_log_for_every_record(repo, monkeypatch):
    for i in range(30):
        write_data(repo, {f"agreements/extra-{i}.yaml": ALPHA.replace("Alpha Agreement", f"Extra Agreement {i}").replace("ALPHA", f"X{i}")})
    git(repo, "add", "data")
    git(repo, "commit", "-q", "-m", "More", when="2025-08-01T00:00:00+00:00")
    calls = []
    run = subprocess.run

    def counted(*args, **kwargs):
        calls.append(args[0])
        return run(*args, **kwargs)

    monkeypatch.setattr(history_module.subprocess, "run", counted)
    kb = build(repo / "data", AS_OF)[0]
    found = histories(repo / "data", kb.records)
    assert len(found) == len(kb.records) == 37
    assert len(calls) == 2  # is the history complete, then one log for all of data/
    assert sum("log" in call for call in calls) == 1


def test_a_rebuild_runs_the_log_again_only_after_a_new_commit(repo, monkeypatch):
    calls = []
    run = subprocess.run

    def counted(*args, **kwargs):
        calls.append(args[0])
        return run(*args, **kwargs)

    monkeypatch.setattr(history_module.subprocess, "run", counted)
    first = file_histories(repo / "data")
    assert file_histories(repo / "data") == first
    assert sum("log" in call for call in calls) == 1  # the second build (as under `mkdocs serve`) reused the log
    (repo / "data/dialogues/talks.yaml").write_text((repo / "data/dialogues/talks.yaml").read_text() + "notes: [Edited.]\n")
    git(repo, "commit", "-q", "-am", "Edit talks", when="2025-04-04T00:00:00+00:00")
    assert file_histories(repo / "data")["dialogues/talks.yaml"].last_changed == dt.date(2025, 4, 4)
    assert sum("log" in call for call in calls) == 2


def test_a_renamed_record_starts_afresh(repo):
    git(repo, "mv", "data/agreements/alpha.yaml", "data/agreements/alpha-renamed.yaml")
    git(repo, "commit", "-q", "-m", "Rename", when="2025-09-09T00:00:00+00:00")
    found = file_histories(repo / "data")
    assert found["agreements/alpha-renamed.yaml"].first_published == dt.date(2025, 9, 9)


def test_the_callers_git_environment_does_not_redirect_the_log(repo, tmp_path, monkeypatch):
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q")
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))  # as inside a git hook of another repository
    assert file_histories(repo / "data")["agreements/alpha.yaml"].last_changed == dt.date(2025, 3, 2)


def test_parse_log_takes_the_earliest_and_latest_whatever_the_order():
    day = 86_400
    log = (f"\x01c3 {30 * day}\x00\nagreements/a.yaml\x00dialogues/b.yaml\x00"
           f"\x01c1 {10 * day}\x00\nagreements/a.yaml\x00"
           f"\x01merge {40 * day}\x00"  # a merge lists no files
           f"\x01c2 {20 * day}\x00\ndialogues/b.yaml\x00agreements/a.yaml\x00").encode()
    found = parse_log(log)
    assert found["agreements/a.yaml"] == History(dt.date(1970, 1, 11), dt.date(1970, 1, 31), "c3")
    assert found["dialogues/b.yaml"] == History(dt.date(1970, 1, 21), dt.date(1970, 1, 31), "c3")
    assert parse_log(b"") == {}


def test_the_record_page_and_its_json_carry_the_dates(repo):
    problems, files = outputs(repo / "data", SITE, AS_OF)
    assert problems == []
    page = files["agreements/alpha.md"]
    assert "First published 15 Jan 2024; last changed 2 Mar 2025" in page
    assert "(https://github.com/example/accords/commits/main/data/agreements/alpha.yaml)" in page
    alpha = json.loads(files["agreements/alpha.json"])
    assert alpha["history"] == {"first_published": "2024-01-15", "last_changed": "2025-03-02", "commit": git(repo, "rev-parse", "HEAD").strip()}
    records = json.loads(files["downloads/records.json"])["records"]
    assert next(r for r in records if r["id"] == "alpha")["history"]["last_changed"] == "2025-03-02"
    row = next(line for line in files["downloads/agreements.csv"].split("\r\n") if line.startswith("alpha,"))
    assert ",2024-01-15,2025-03-02," in row


def test_without_history_the_page_links_the_history_and_gives_no_dates(tmp_path):
    problems, files = outputs(write_data(tmp_path), SITE, AS_OF)
    assert problems == []
    assert "First published" not in files["agreements/alpha.md"]
    assert "[Every change to this record](https://github.com/example/accords/commits/main/data/agreements/alpha.yaml)" in files["agreements/alpha.md"]
    assert json.loads(files["agreements/alpha.json"])["history"] is None
    problems, files = outputs(write_data(tmp_path), Site(), AS_OF)  # no repository either: nothing to say
    assert "Every change" not in files["agreements/alpha.md"] and "First published" not in files["agreements/alpha.md"]


def test_the_deploy_workflow_fetches_the_whole_history():
    workflow = yaml.safe_load((REPO / ".github/workflows/deploy.yml").read_text(encoding="utf-8"))
    checkout = next(step for step in workflow["jobs"]["build"]["steps"] if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0  # a shallow clone would publish no dates
