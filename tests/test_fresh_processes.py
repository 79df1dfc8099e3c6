"""Same data, same bytes, from two fresh processes: nothing one process remembers (the render cache,
compiled templates, string hashes) can hide output that differs from run to run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import accords
from conftest import REPO

PACKAGE_ROOT = Path(accords.__file__).resolve().parent.parent  # the accords under test, also in the child processes


def render_in_a_new_process(data: Path, out: Path, hash_seed: str) -> dict[str, bytes]:
    """Run `accords render --out` in its own Python process and read back every file it wrote."""
    env = {
        **os.environ, "PYTHONPATH": str(PACKAGE_ROOT), "PYTHONHASHSEED": hash_seed, "ACCORDS_AS_OF": "2026-11-25",
        "ACCORDS_SITE_URL": "https://example.org/accords/", "ACCORDS_REPO_URL": "https://github.com/example/accords",
    }
    env.pop("SOURCE_DATE_EPOCH", None)
    result = subprocess.run([sys.executable, "-m", "accords", "render", "--data", str(data), "--out", str(out)],
                            cwd=data.parent, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def copy_elsewhere(tmp_path: Path) -> Path:
    """data/ copied into another folder: into a clone of this repository where it is one, so that the
    copy's records have the same history (first and last commit dates) as the originals."""
    target = tmp_path / "elsewhere"
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    if (REPO / ".git").exists():
        subprocess.run(["git", "clone", "--quiet", "--no-checkout", str(REPO), str(target)], env=env, capture_output=True, timeout=300)
    shutil.copytree(REPO / "data", target / "data")
    return target / "data"


def test_two_fresh_processes_from_two_folders_write_the_same_bytes(tmp_path):
    first = render_in_a_new_process(REPO / "data", tmp_path / "first", hash_seed="1")
    second = render_in_a_new_process(copy_elsewhere(tmp_path), tmp_path / "second", hash_seed="2")
    assert len(first) > 100 and any(name.endswith(".md") for name in first) and "downloads/records.json" in first
    assert "downloads/accords.sqlite" in first  # the SQLite database too: nothing in it says when or where it was made
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
