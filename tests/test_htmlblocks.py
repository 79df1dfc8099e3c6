"""The HTML-block extension takes the renderer's blocks unparsed, and every page comes out the same."""

from __future__ import annotations

import markdown
import pytest

from accords.htmlblocks import HtmlBlocks
from accords.output import outputs
from accords.site import Site
from conftest import REPO, write_data
from test_hostile import HOSTILE, INERT

EXTENSIONS = ["tables", "attr_list", "toc"]  # as in mkdocs.yml
TABLE = "<table>\n<thead><tr>\n<th>A</th>\n</tr></thead>\n<tbody>\n<tr>\n<td>x &amp; <a href=\"y/\">y</a></td>\n</tr>\n</tbody>\n</table>"

# (Markdown, whether the extension takes its HTML block)
CASES = {
    "table": (f"# T\n\n{TABLE}\n\nAfter.\n", True),
    "table at the start": (f"{TABLE}\n", True),
    "table at the end, no newline": (f"Before.\n\n{TABLE}", True),
    "two tables": (f"{TABLE}\n\n{TABLE}\n", True),
    "timeline": ('Text.\n\n<ul class="acc-timeline">\n<li data-kind="event"><strong>1 May 2020</strong>: x</li>\n</ul>\n', True),
    "sources": ('## Sources\n\n<ol class="acc-sources">\n<li id="source-1"><a href="https://e.example/">S</a></li>\n</ol>\n', True),
    "pairs": ('<ul class="acc-pairs">\n<li><a href="a-b/">A–B</a>: 2 records</li>\n</ul>\n', True),
    "cite box": ('<details class="acc-cite" data-search-exclude>\n<summary>Cite</summary>\n'
                 '<pre><code>@misc{x,\n\n  title = {A &amp; B &lt;i&gt;},\n}</code></pre>\n</details>\n', True),
    "nested table": ("<table>\n<tr><td>\n<table><tr><td>in</td></tr></table>\n</td></tr>\n</table>\n", True),
    "plain and marked-up text": ("# Plain words\n\n## With \\_ an escape, *emphasis* and `code`\n\n"
                                 "Text &amp; more  \nA break, [a link](x.md), <b>b</b>.\n", False),
    "after a paragraph line": (f"Text.\n{TABLE}\n", False),
    "text after the closing tag": ("<table>\n<tr><td>x</td></tr>\n</table> tail\n", False),
    "a line right after": ("<table>\n<tr><td>x</td></tr>\n</table>\nText.\n", False),
    "never closed": ("<table>\n<tr><td>x</td></tr>\n\nText.\n", False),
    "closed early": ("<table>\n</table></table>\n<tr><td>x</td></tr>\n", False),
    "a comment": ("<table>\n<!-- </table> -->\n<tr><td>x</td></tr>\n</table>\n", False),
    "a comment hiding a tag": ("<table>\n<tr><td><!-- <table> --></td></tr>\n</table>\n</table>\n", False),
    "a closing tag in <pre>": ("<table>\n<tr><td><pre>\n</table>\n</pre></td></tr>\n</table>\n", False),
    "upper case": ("<table>\n<tr><td>x</td></tr>\n</TABLE>\n<tr><td>y</td></tr>\n</table>\n", False),
    "Markdown inside": ('<table>\n<tr><td markdown="1">*x*</td></tr>\n</table>\n', False),
    "another opening": ('<table class="x">\n<tr><td>x</td></tr>\n</table>\n', False),
    "indented": (" <table>\n<tr><td>x</td></tr>\n</table>\n", False),
}


def _html(text: str, extensions: list) -> str:
    return markdown.markdown(text, extensions=extensions)


def _taken(text: str) -> bool:
    md = markdown.Markdown(extensions=[HtmlBlocks()])
    lines = md.preprocessors["accords_html_blocks"].run(text.split("\n"))
    return len(md.htmlStash.rawHtmlBlocks) > 0 and "</table>" not in lines and "</ul>" not in lines and "</ol>" not in lines


@pytest.mark.parametrize(("text", "taken"), CASES.values(), ids=CASES.keys())
def test_a_block_is_taken_only_when_it_can_be_vouched_for(text, taken):
    assert _taken(text) is taken


@pytest.mark.parametrize("text", [text for text, _ in CASES.values()], ids=CASES.keys())
def test_the_html_is_the_same_as_without_the_extension(text):
    assert _html(text, [*EXTENSIONS, HtmlBlocks()]) == _html(text, EXTENSIONS)


def _rendered_pages(tmp_path) -> dict[str, str]:
    pages = {}
    data = write_data(tmp_path)
    for name, dest, _, _ in INERT:
        (data / dest).write_bytes((HOSTILE / name).read_bytes())
    for folder, prefix in ((REPO / "data", ""), (data, "hostile/")):
        problems, files = outputs(folder, Site())  # the pages as the hook gets them, Cite boxes filled
        assert problems == []
        pages |= {prefix + path: text for path, text in files.items() if path.endswith(".md")}
    return pages


def test_every_rendered_page_is_the_same_and_its_blocks_are_taken(tmp_path):
    pages = _rendered_pages(tmp_path)
    assert len(pages) > 100
    for path, text in pages.items():
        md = markdown.Markdown(extensions=[*EXTENSIONS, HtmlBlocks()])
        assert md.convert(text) == _html(text, EXTENSIONS), path
        left = [line for line in md.preprocessors["accords_html_blocks"].run(text.split("\n")) if line.startswith("<")]
        # A template's HTML block that the extension misses would still render, only slowly: this
        # fails until its opening line is added to htmlblocks._OPENERS.
        # The contributing page's folded templates hold <pre>, which the extension always leaves to
        # Markdown; one page, so no speed is lost.
        left = [line for line in left if not path.endswith("contributing.md") or not line.startswith(("<details>", "<summary>", "<pre>", "</"))]
        assert all(line.startswith(("<!-- material/tags -->", '<div class="acc-filters"')) for line in left), (path, left)
