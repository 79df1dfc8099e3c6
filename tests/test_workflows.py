"""The GitHub workflows cannot run here: check the properties they must keep."""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def load(path):
    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on".
    data = yaml.safe_load(path.read_text())
    data["on"] = data.pop(True, data.get("on"))
    return data


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_least_privilege_pinned_and_cancelled(path):
    workflow = load(path)
    assert workflow["permissions"] == {}, "grant permissions per job, none at the top"
    assert workflow["concurrency"]["cancel-in-progress"] is True
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, f"{name}: no permissions of its own"
        assert "timeout-minutes" in job, f"{name}: no timeout"
        for step in job.get("steps", []):
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), f"{name}: {step['uses']} is not pinned to a commit"


def test_pull_request_validates_with_annotations_tests_builds_and_uploads():
    workflow = load(REPO / ".github" / "workflows" / "pull-request.yml")
    assert "pull_request" in workflow["on"]
    steps = workflow["jobs"]["check"]["steps"]
    runs = " ".join(step.get("run", "") for step in steps)
    assert "accords validate --format github" in runs
    assert "bash scripts/test.sh" in runs and "mkdocs build --strict" in runs
    assert any("upload-artifact" in step.get("uses", "") for step in steps)
    assert workflow["jobs"]["check"]["permissions"] == {"contents": "read"}


def test_deploy_publishes_pages_from_main():
    workflow = load(REPO / ".github" / "workflows" / "deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    uses = [step.get("uses", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read"}


def test_link_check_is_scheduled_and_never_blocks():
    workflow = load(REPO / ".github" / "workflows" / "link-check.yml")
    assert "schedule" in workflow["on"]
    job = workflow["jobs"]["links"]
    assert job["continue-on-error"] is True
    assert any("accords links" in step.get("run", "") for step in job["steps"])


def test_pre_commit_runs_validate_on_data_files():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    hook = config["repos"][0]["hooks"][0]
    # the project's own environment: nothing on PATH, no network (tests/test_contributor.py commits through it)
    assert hook["entry"] == ".venv/bin/accords validate" and hook["language"] == "system"
    assert re.match(hook["files"], "data/agreements/lemoa.yaml")
    assert not re.match(hook["files"], "scripts/accords/cli.py")
