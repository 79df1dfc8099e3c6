"""The MkDocs adapter's own helpers, without running MkDocs."""

from __future__ import annotations

import jinja2

from accords import mkdocs_hook


def _compiles(monkeypatch) -> list[str]:
    compiled: list[str] = []
    original = jinja2.Environment.compile

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    return compiled


def test_theme_templates_are_compiled_once_across_environments_and_again_when_edited(tmp_path, monkeypatch):
    compiled = _compiles(monkeypatch)
    cache = mkdocs_hook._CompiledOnce()
    (tmp_path / "page.html").write_text("<h1>{{ title }}</h1>")

    def fresh() -> jinja2.Environment:  # as MkDocs makes one for every build
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)))
        env.bytecode_cache = cache
        return env

    assert fresh().get_template("page.html").render(title="One") == "<h1>One</h1>"
    assert fresh().get_template("page.html").render(title="Two") == "<h1>Two</h1>"
    assert compiled == ["page.html"]
    (tmp_path / "page.html").write_text("<h2>{{ title }}</h2>")
    assert fresh().get_template("page.html").render(title="Three") == "<h2>Three</h2>"
    assert compiled == ["page.html", "page.html"]


def test_compiled_theme_code_is_not_shared_between_different_syntaxes(tmp_path, monkeypatch):
    compiled = _compiles(monkeypatch)
    cache = mkdocs_hook._CompiledOnce()
    (tmp_path / "page.html").write_text("  {% if x %}\n  yes\n  {% endif %}\n")
    plain = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)))
    trimmed = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)), trim_blocks=True, lstrip_blocks=True)
    plain.bytecode_cache = trimmed.bytecode_cache = cache
    assert plain.get_template("page.html").render(x=True) == "  \n  yes\n  "
    assert trimmed.get_template("page.html").render(x=True) == "  yes\n"
    assert len(compiled) == 2
