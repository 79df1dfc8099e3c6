"""The `accords` command as a contributor runs it: output format, exit codes, templates, schemas."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from accords import cli
from accords.derived import SCHEMA_DIR, schema_files, template
from accords.records import KINDS
from accords.yamlsafe import parse
from conftest import ALPHA, REPO, write_data


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "accords", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_validate_real_data_passes():
    result = run("validate", cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "records valid" in result.stderr


def test_validate_prints_compiler_style_lines_a_count_and_exits_1(tmp_path):
    write_data(tmp_path, {"agreements/alpha.yaml": ALPHA.replace("signed: 2016-08-29", "signed: 2016-02-30"),
                          "agreements/beta.yaml": "title: [\n"})
    result = run("validate", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "data/agreements/alpha.yaml:7:9: ACC301 signed: '2016-02-30' does not exist: Feb 2016 has 29 days" in lines
    assert any(line.startswith("data/agreements/beta.yaml:2:1: ACC002 ") for line in lines)
    assert result.stderr.strip() == "2 problems in 2 files"
    assert "Traceback" not in result.stdout + result.stderr


def test_validate_github_format_annotates_the_line(tmp_path):
    write_data(tmp_path, {"agreements/alpha.yaml": ALPHA.replace("summary:", "sumary:")})
    result = run("validate", "--format", "github", "--data", "data", cwd=tmp_path)
    assert result.returncode == 1
    annotation = "::error file=data/agreements/alpha.yaml,line=4,col=1,title=ACC101::ACC101 unknown field 'sumary'; did you mean 'summary'?"
    assert annotation in result.stdout.splitlines()


def test_missing_data_folder_is_a_diagnostic(tmp_path):
    result = run("validate", "--data", "nowhere", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("nowhere:1:1: ACC201 ")


def test_internal_error_is_one_line_and_exit_2(monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("accords.pipeline.build", broken)
    assert cli.main(["validate"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "accords: internal error: RuntimeError: boom (please report this)"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_new_template_fails_until_filled_then_passes(kind, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_data(tmp_path)
    record_id = "zz" if kind == "country" else "new-record"
    assert cli.main(["new", kind, record_id]) == 0
    path = tmp_path / "data" / KINDS[kind].folder / f"{record_id}.yaml"
    text = path.read_text()
    assert text.startswith(f"# yaml-language-server: $schema=../../scripts/accords/schemas/{kind}.schema.json\n")
    required = [f for f, info in KINDS[kind].model_fields.items() if info.is_required()]
    if required:
        assert cli.main(["validate"]) == 1
    path.write_text(_fill(text, kind))
    assert cli.main(["validate"]) == 0, path.read_text()


def _fill(text: str, kind: str) -> str:
    """Fill in a template's empty required fields as a contributor would."""
    values = {
        "title": "A New Record", "name": "A New Name", "summary": "Two plain sentences. Written fresh.",
        "url": "https://example.org/new", "instrument": "agreement", "date": "2020-01-02", "type": "call",
    }
    model = KINDS[kind]
    facts = [name for name in model.facts if model.model_fields[name].is_required()]

    def fill(match: re.Match) -> str:
        indent, dash, key = match.group(1), match.group(2) or "", match.group(3)
        value = "news" if key == "type" and len(indent + dash) >= 4 else values.get(key, "Some text")  # a source's type
        return f"{indent}{dash}{key}: {value}  #"
    text = re.sub(r"^(\s*)(- )?([a-z_]+):  #", fill, text, flags=re.M)
    return re.sub(r"^(\s*)supports: \[\]  #", lambda m: f"{m.group(1)}supports: [{', '.join(facts)}]  #", text, flags=re.M)


def test_new_refuses_bad_ids_and_existing_files(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write_data(tmp_path)
    assert cli.main(["new", "agreement", "../escape"]) == 1
    assert cli.main(["new", "agreement", "alpha"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert not (tmp_path / "escape.yaml").exists()


def test_schema_files_are_fresh():
    stale = [name for name, text in schema_files().items() if (SCHEMA_DIR / name).read_text(encoding="utf-8") != text]
    assert stale == [], "run 'accords schema' and commit the result"
    assert run("schema", "--check", cwd=REPO).returncode == 0


def test_schema_check_detects_a_stale_file(tmp_path):
    for name, text in schema_files().items():
        (tmp_path / name).write_text(text)
    assert run("schema", "--check", "--out", str(tmp_path), cwd=REPO).returncode == 0
    (tmp_path / "agreement.schema.json").write_text("{}\n")
    assert run("schema", "--check", "--out", str(tmp_path), cwd=REPO).returncode == 1


def test_real_records_validate_against_the_published_json_schema():
    checked = 0
    for kind, model in KINDS.items():
        schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text())
        jsonschema.Draft202012Validator.check_schema(schema)
        for path in sorted((REPO / "data" / model.folder).glob("*.yaml")):
            doc, problems = parse(path.read_bytes(), str(path))
            assert not problems
            jsonschema.validate(doc.data, schema, cls=jsonschema.Draft202012Validator)
            checked += 1
    assert checked >= 20


def test_json_schema_rejects_what_the_checks_reject():
    schema = json.loads((SCHEMA_DIR / "agreement.schema.json").read_text())
    doc, _ = parse(ALPHA.replace("domains: [logistics]", "domains: [logistic]").encode(), "a.yaml")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc.data, schema, cls=jsonschema.Draft202012Validator)


def test_template_is_derived_from_the_model():
    text = template("agreement", "x")
    for name, info in KINDS["agreement"].model_fields.items():
        assert f"{info.alias or name}:" in text


def test_readme_lists_every_check_code_and_ci_runs_its_test_command():
    readme = (REPO / "README.md").read_text()
    from accords.diagnostics import CODES

    assert set(re.findall(r"^\| (ACC\d{3}) \|", readme, flags=re.M)) == set(CODES)
    commands = re.findall(r"```sh\n(.+?)\n```", readme)
    assert commands[1] == "bash scripts/test.sh"
    assert commands[1] in (REPO / ".ci" / "run").read_text().splitlines()
