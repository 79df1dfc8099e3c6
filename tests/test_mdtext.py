"""Text escaped for Markdown renders as exactly that text, wherever a template puts it."""

from __future__ import annotations

import html
import re
import sys

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accords.mdtext import _INLINE_WORK, _OTHER_SPACE, _escape_inline, href, inline, preformatted
from accords.mdtext import text as html_text

EXTENSIONS = ["tables", "attr_list", "toc"]  # as in mkdocs.yml
TRICKY = [
    "<script>alert(1)</script>", "[x](javascript:alert(1))", "![i](https://e.example/x.png)", "{: onclick=\"x\" }",
    "# heading", "1. list", "2016. A year", "- item", "+ item", "---", "!!! note", "> quote", "a | b",
    "R&D *bold* _u_ `code` # h", "Geo-spatial (NGA). 2+2", "&lt;", "<!-- c -->", "x\\y", "{{ config }} {% raw %}",
    "__dunder__", "**strong**", "<https://e.example>", "https://e.example/a_b_c", "  spaced   out  ",
]


@pytest.mark.parametrize("text", TRICKY)
@pytest.mark.parametrize("context", ["{}", "- {}", "| a | {} |", "**{}**: x"])
def test_text_renders_as_itself(text, context):
    source = context.format(inline(text))
    if context.startswith("|"):
        source = "| h | i |\n| --- | --- |\n" + source
    rendered = markdown.markdown(source, extensions=EXTENSIONS)
    tags = {t.split(">")[0].split()[0] for t in rendered.split("<")[1:] if not t.startswith("/")}
    assert tags <= {"p", "ul", "li", "table", "thead", "tbody", "tr", "th", "td", "strong"}, rendered
    visible = html.unescape("".join(part.split(">", 1)[-1] for part in rendered.split("<")))
    assert " ".join(text.split()) in " ".join(visible.split()), rendered


@pytest.mark.parametrize("text", TRICKY)
@pytest.mark.parametrize("context", ["<table>\n<tr>\n<td>{}</td>\n</tr>\n</table>", '<ul>\n<li><a href="x/">{}</a></li>\n</ul>'])
def test_text_in_an_html_block_renders_as_itself(text, context):
    rendered = markdown.markdown("# h\n\n" + context.format(html_text(text)) + "\n", extensions=EXTENSIONS)
    tags = {t.split(">")[0].split()[0] for t in rendered.split("<")[1:] if not t.startswith("/")}
    assert tags <= {"h1", "ul", "li", "a", "table", "tr", "td"}, rendered
    visible = html.unescape("".join(part.split(">", 1)[-1] for part in rendered.split("<")))
    assert " ".join(text.split()) in " ".join(visible.split()), rendered


@pytest.mark.parametrize("text", TRICKY)
def test_preformatted_text_renders_as_itself_with_its_lines_and_spaces(text):
    block = f"line one\n  {text}\n\n    indented"
    rendered = markdown.markdown(f"# h\n\n<pre><code>{preformatted(block)}</code></pre>\n", extensions=EXTENSIONS)
    inside = rendered[rendered.index("<code>") + 6: rendered.index("</code>")]
    assert "<" not in inside.replace("&lt;", "") and html.unescape(inside) == block, rendered


@pytest.mark.parametrize("escape", [inline, html_text])
def test_bidirectional_controls_are_dropped(escape):
    assert "\u202e" not in escape("a\u202eb")


def test_link_destinations_cannot_be_closed_early():
    assert href("https://e.example/a(b)c d<e>\"") == "https://e.example/a%28b%29c%20d%3Ce%3E%22"


# Characters each escaping pass cares about, and some it must leave alone.
_ALPHABET = st.sampled_from(list("ab9. -#+!\\`*_{}[]|<>&\"'\t\n\r\u00a0\u2003\u2028\u0085\u001c\u202e\u200f\u2066é"))


@settings(max_examples=3000, deadline=None)
@given(st.text(_ALPHABET, max_size=10) | st.text(max_size=10))
def test_inline_skips_only_text_its_passes_would_leave_as_it_is(text):
    assert str(inline(text)) == _escape_inline(text)


@pytest.mark.parametrize("text", ["Plain words, and more.", "R-and-D (2016)", "é, ü: ok"])
def test_plain_text_takes_the_fast_path(text):
    assert _INLINE_WORK.search(text) is None and inline(text) == text


def test_other_space_lists_every_whitespace_character_but_the_space():
    listed = re.compile(f"[{_OTHER_SPACE}]")
    assert [c for c in map(chr, range(sys.maxunicode + 1)) if bool(listed.match(c)) != (c.isspace() and c != " ")] == []
