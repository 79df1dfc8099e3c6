"""Compiled templates are reused across environments and runs, and never for a changed template or
for an environment that would compile it differently."""

from __future__ import annotations

import jinja2
import pytest

from accords.jinjacache import CompiledTemplates


@pytest.fixture
def compiled(monkeypatch) -> list[str]:
    """The names of the templates Jinja compiles."""
    names: list[str] = []
    original = jinja2.Environment.compile

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        names.append(name)
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    return names


def _env(folder, cache, **options) -> jinja2.Environment:
    """A new environment, as MkDocs makes for every build."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), bytecode_cache=cache, **options)


def test_a_template_is_compiled_once_across_environments_and_again_when_edited(tmp_path, compiled):
    cache = CompiledTemplates(str(tmp_path / "cache"))
    (tmp_path / "page.html").write_text("<h1>{{ title }}</h1>")
    assert _env(tmp_path, cache).get_template("page.html").render(title="One") == "<h1>One</h1>"
    assert _env(tmp_path, cache).get_template("page.html").render(title="Two") == "<h1>Two</h1>"
    assert compiled == ["page.html"]
    (tmp_path / "page.html").write_text("<h2>{{ title }}</h2>")
    assert _env(tmp_path, cache).get_template("page.html").render(title="Three") == "<h2>Three</h2>"
    assert compiled == ["page.html", "page.html"]


def test_compiled_code_is_kept_on_disk_for_the_next_run(tmp_path, compiled):
    (tmp_path / "page.html").write_text("<h1>{{ title }}</h1>")
    (tmp_path / "cache").mkdir(mode=0o700)
    assert _env(tmp_path, CompiledTemplates(str(tmp_path / "cache"))).get_template("page.html").render(title="A") == "<h1>A</h1>"
    # A new cache object stands for a new process.
    assert _env(tmp_path, CompiledTemplates(str(tmp_path / "cache"))).get_template("page.html").render(title="B") == "<h1>B</h1>"
    assert compiled == ["page.html"]
    for stored in (tmp_path / "cache").iterdir():
        stored.write_bytes(b"not bytecode")
    assert _env(tmp_path, CompiledTemplates(str(tmp_path / "cache"))).get_template("page.html").render(title="C") == "<h1>C</h1>"
    assert compiled == ["page.html", "page.html"]


def test_a_folder_that_cannot_be_used_only_costs_speed(tmp_path, compiled):
    (tmp_path / "page.html").write_text("<h1>{{ title }}</h1>")
    cache = CompiledTemplates(str(tmp_path / "missing"))
    assert _env(tmp_path, cache).get_template("page.html").render(title="A") == "<h1>A</h1>"
    assert _env(tmp_path, cache).get_template("page.html").render(title="B") == "<h1>B</h1>"
    assert compiled == ["page.html"]


def _shout(value):
    return value.upper()


@jinja2.pass_context
def _shout_in_context(context, value):
    return value.upper() + "!"


@pytest.mark.parametrize(("one", "other", "source", "expected"), [
    ({}, {"trim_blocks": True, "lstrip_blocks": True}, "  {% if x %}\n  yes\n  {% endif %}\n", ("  \n  yes\n  ", "  yes\n")),
    ({}, {"autoescape": True}, "{{ x }}", ("<b>", "&lt;b&gt;")),
    ({}, {"finalize": lambda v: f"[{v}]"}, "{{ x }}", ("<b>", "[<b>]")),
    ({"filters": {"shout": _shout}}, {"filters": {"shout": _shout_in_context}}, "{{ x|shout }}", ("<B>", "<B>!")),
], ids=["syntax", "autoescape", "finalize", "a filter given the context"])
def test_compiled_code_is_not_shared_between_environments_that_compile_differently(tmp_path, compiled, one, other, source, expected):
    (tmp_path / "page.html").write_text(source)
    cache = CompiledTemplates(str(tmp_path / "cache"))
    results = []
    for options in (one, other):
        filters = options.pop("filters", {})
        env = _env(tmp_path, cache, **options)
        env.filters.update(filters)
        results.append(env.get_template("page.html").render(x="<b>"))
    assert tuple(results) == expected
    assert len(compiled) == 2


def test_an_edited_template_replaces_its_old_code_in_memory(tmp_path, compiled):
    """Under `mkdocs serve` a template may be edited hundreds of times: memory keeps one version of it."""
    cache = CompiledTemplates(None)
    for n in range(5):
        (tmp_path / "page.html").write_text(f"<h{n + 1}>{{{{ title }}}}</h{n + 1}>")
        assert _env(tmp_path, cache).get_template("page.html").render(title="T") == f"<h{n + 1}>T</h{n + 1}>"
    assert len(compiled) == 5 and len(cache._memory) == 1
