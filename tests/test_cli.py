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
from accords.schema import KINDS
from accords.schema_docs import SCHEMA_DIR, schema_files, template
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
    record_id = "fr" if kind == "country" else "new-record"
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
    assert "the id 'alpha' is already used by data/agreements/alpha.yaml" in capsys.readouterr().err
    assert not (tmp_path / "escape.yaml").exists()


@pytest.mark.parametrize(("kind", "record_id", "existing"), [
    ("event", "alpha", "data/agreements/alpha.yaml"),  # an agreement's id
    ("person", "talks", "data/dialogues/talks.yaml"),
    ("organisation", "in", "data/countries/in.yaml"),  # a country's code is an id too
])
def test_new_refuses_an_id_that_a_record_of_any_kind_has(tmp_path, monkeypatch, capsys, kind, record_id, existing):
    monkeypatch.chdir(tmp_path)
    write_data(tmp_path)
    for args in ([], ["--stdout"]):
        assert cli.main(["new", kind, record_id, *args]) == 1
        err = capsys.readouterr().err
        assert f"the id '{record_id}' is already used by {existing}: ids are unique across all kinds" in err
    assert not (tmp_path / "data" / KINDS[kind].folder / f"{record_id}.yaml").exists()


@pytest.mark.parametrize(("code", "says"), [
    ("uk", "'uk' is not an ISO 3166-1 country code: the ISO code of the United Kingdom is GB: run 'accords new country gb'"),
    ("en", "the ISO code of the United Kingdom is GB"),
    ("usa", "the ISO code of the United States is US: run 'accords new country us'"),
    ("zz", "'zz' is not an ISO 3166-1 country code: a country's id is its ISO 3166-1 alpha-2 code in lowercase"),
    ("GB", "write the country code in lowercase: accords new country gb"),
])
def test_new_country_takes_only_iso_codes(tmp_path, monkeypatch, capsys, code, says):
    monkeypatch.chdir(tmp_path)
    write_data(tmp_path)
    assert cli.main(["new", "country", code]) == 1
    assert says in capsys.readouterr().err
    assert not (tmp_path / "data" / "countries" / f"{code}.yaml").exists()
    assert cli.main(["new", "country", "gb"]) == 0


def test_the_empty_template_says_what_each_field_needs(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write_data(tmp_path)
    assert cli.main(["new", "agreement", "new-agreement"]) == 0
    capsys.readouterr()
    assert cli.main(["validate"]) == 1
    out = capsys.readouterr().out
    for says in ("title is empty: write the official name", "summary is empty: write two to four plain sentences, written fresh",
                 "sources[0].title is empty: write the title of the page or document, as published",
                 "sources[0].url is empty: write its address: an absolute http(s) link, copied exactly",
                 "sources[0].type is empty: choose one of official, news, analysis, reference",
                 "instrument is empty: choose one of treaty, agreement, framework,"):
        assert says in out
    assert "must be text" not in out and "'None'" not in out


def test_a_missing_country_names_the_file_in_the_data_folder_used(tmp_path):
    write_data(tmp_path / "elsewhere", {"agreements/alpha.yaml": ALPHA.replace("parties: [IN, US]", "parties: [IN, FR]")})
    result = run("validate", "--data", "elsewhere/data", cwd=tmp_path)
    assert ("parties[1] names no country 'FR': add its record, elsewhere/data/countries/fr.yaml (accords new country fr)"
            in result.stdout), result.stdout


def test_a_syntax_error_shows_the_line_under_the_message(tmp_path):
    write_data(tmp_path, {"agreements/alpha.yaml": ALPHA.replace("place: Washington", "place: Washington: DC")})
    result = run("validate", cwd=tmp_path)
    assert result.stdout.splitlines() == [
        'data/agreements/alpha.yaml:8:18: ACC002 YAML syntax error: a colon followed by a space inside a value starts a new field: '
        'put the text in quotes, e.g. place: "Washington: DC" (libyaml: mapping values are not allowed in this context)',
        "    8 | place: Washington: DC",
        "      |                  ^",
    ]
    assert result.stderr.strip() == "1 problem in 1 file"


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


FRESH_MACHINE = "python3 -m venv .venv && .venv/bin/pip install -q -e . && .venv/bin/mkdocs build --strict"


def test_readme_fits_on_a_screen_and_ci_runs_its_test_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode()) <= 8 * 1024
    commands = re.findall(r"```sh\n(.+?)\n```", readme)
    assert commands[:2] == [FRESH_MACHINE, "bash scripts/test.sh"]
    assert commands[1] in (REPO / ".ci" / "run").read_text().splitlines()
    hook = next(command for command in commands if "pre-commit install" in command)
    assert hook in (REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8")  # one documented command
    for target in re.findall(r"\]\(([^)#]+)", readme):
        assert (REPO / target).is_file(), target


def test_the_development_page_gives_the_readme_commands():
    page = (REPO / "docs" / "about" / "development" / "index.md").read_text(encoding="utf-8")
    assert f"```sh\n{FRESH_MACHINE}\nbash scripts/test.sh\n```" in page
    assert ".venv/bin/pip install -q pre-commit && .venv/bin/pre-commit install" in page


def test_the_contributing_page_lists_every_check_code(tmp_path):
    from accords.diagnostics import CODES
    from accords.output import outputs
    from accords.site import Site

    problems, pages = outputs(write_data(tmp_path), Site())
    assert problems == []
    assert re.findall(r"^\| (ACC\d{3}) \|", pages["contributing.md"], flags=re.M) == list(CODES)


@pytest.mark.parametrize("repo_url", ["", "https://github.com/example/accords"])
def test_the_contributing_page_says_what_a_local_build_lacks(tmp_path, repo_url):
    from accords.output import outputs
    from accords.site import Site

    _, pages = outputs(write_data(tmp_path), Site(repo_url=repo_url))
    page = pages["contributing.md"]
    local = "This is a local build" in page
    assert local == (not repo_url)
    assert ("Create a new agreement on GitHub" in page) == bool(repo_url)
    assert ("every record page has an edit button" in page) == bool(repo_url)
    if local:
        assert 'its pages have no edit button and the templates below no "create" link on GitHub' in " ".join(page.split())
        assert "`.venv/bin/accords new KIND ID`" in page
