"""The benchmark runs (a smoke test at 100 records: that it works, not how fast)."""

from __future__ import annotations

import json
import subprocess
import sys

from accords.bench import generate
from accords.pipeline import build
from accords.schema import KINDS
from conftest import REPO


def test_generated_data_is_valid_cross_referenced_and_deterministic(tmp_path):
    count = generate(300, tmp_path / "a")
    generate(300, tmp_path / "b")
    kb, problems = build(tmp_path / "a")
    assert problems == [] and len(kb.records) == count
    assert {r.kind for r in kb.records} == set(KINDS)
    assert any(kb.links.values()) and kb.pairs
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.yaml"))
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)


def test_bench_command_measures_and_saves_json(tmp_path):
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, "-m", "accords", "bench", "--sizes", "100", "--json", str(out), "--repeat", "2", "--config", str(REPO / "mkdocs.yml")],
        capture_output=True, text=True, timeout=600, cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    assert "| records | load + check (s)" in result.stdout
    saved = json.loads(out.read_text())
    (row,) = saved["results"]
    assert saved["repeat"] == 2
    assert row["records"] >= 100 and row["pages"] > row["records"] and row["mkdocs_build_s"] > 0
    assert row["html_kb_per_page"] > 0 and row["search_index_kb_per_record"] > 0
    assert row["render_s"] > 0 and row["exports_s"] > 0 and row["ms_per_record"] > 0 and row["serve_reload_s"] > 0  # serve showed the edit
    # What a reader meets, in Chromium: nothing of search before the box is focused, the typed title first.
    reader = row["reader"]
    assert reader is not None, result.stderr
    assert reader["search_kb_before_focus"] == 0 and reader["cold_page_kb"] > 0 and reader["first_query_kb"] > 0
    assert reader["title_rank"] == 1 and 0 < reader["first_result_s"] < 30 and reader["final_result_s"] >= 0
    assert reader["largest_page_kb"] > 0 and reader["largest_page_elements"] > 100
    assert "| records | cold record page (KB)" in result.stdout


def test_bench_refuses_a_repeat_of_zero(tmp_path):
    result = subprocess.run([sys.executable, "-m", "accords", "bench", "--repeat", "0"], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 2 and "--repeat: expected a whole number of 1 or more" in result.stderr


def test_a_server_started_by_a_background_job_still_stops_on_ctrl_c():
    """A background job of a non-interactive shell ignores SIGINT, and so would the `mkdocs serve` it
    starts: `stop` could not stop it, and its temporary folders stayed behind."""
    child = "import signal; print(signal.getsignal(signal.SIGINT) is signal.default_int_handler)"
    code = ("import signal, subprocess, sys; signal.signal(signal.SIGINT, signal.SIG_IGN); from accords.bench import start_server; "
            f"print(start_server([sys.executable, '-c', {child!r}], stdout=subprocess.PIPE, text=True).communicate()[0].strip())")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "True"
