"""A Python-Markdown extension: the renderer's finished HTML blocks go into the page unparsed, and
text that Markdown's inline pass would leave as it is skips it.

Markdown passes raw HTML blocks through anyway, but only after parsing every tag of them with
Python's HTML parser, and MkDocs parses them once more to find anchors: a fifth of a whole build.
Only blocks the renderer writes are taken, and the page comes out byte for byte as without this
extension: an opening line exactly as the templates write it, after a blank line, up to the line
that closes it. Text from YAML can never begin such a line (its `<` is always escaped), and any
block this cannot vouch for is left to Markdown. Builders without it render the same pages.

Each block still leaves a placeholder paragraph, and Markdown's inline pass tried every one of its
patterns on it, and on every heading: a third of the conversion. A text holding none of the
characters those patterns start with is marked atomic (Markdown's own way to say "no inline
markup here"), which the pass skips.
"""

from __future__ import annotations

import functools
import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

# The opening lines of the renderer's HTML blocks (templates/*.md.j2), and the tag each one closes.
_OPENERS = {
    "<table>": "table",
    "<table data-facts>": "table",
    "<table data-partners>": "table",
    '<ul class="acc-timeline">': "ul",
    '<ul class="acc-years">': "ul",
    '<p class="acc-key">': "p",
    '<figure class="acc-lifespans-box">': "figure",
    '<figure class="acc-yearchart-box">': "figure",
    '<ul class="acc-pairs">': "ul",
    '<ol class="acc-sources">': "ol",
    '<ul class="acc-sources">': "ul",
    '<dl class="acc-disputes">': "dl",
    '<div class="acc-lineage-box">': "div",
    '<details class="acc-cite" data-search-exclude>': "details",
    '<p class="acc-identity">': "p",
    '<p class="acc-summary">': "p",
    '<p class="acc-intro">': "p",
    '<p class="acc-data">': "p",
    '<ul class="acc-dated">': "ul",
    '<ul class="acc-notes">': "ul",
    '<div class="acc-neighbours">': "div",
}
# What only Markdown's HTML parser reads right: comments, declarations, raw-text elements (whose
# content is not markup) and Markdown inside HTML. (<pre> is not one: its content is markup, and
# the Cite box's code is escaped.)
_LEAVE = re.compile(r"<[!?]|<(?:script|style|textarea)[\s>]|\smarkdown=", re.IGNORECASE)
_PRIORITY = 25  # after whitespace is normalised (30); before MkDocs's anchor scan (21) and html_block (20)
# Python-Markdown's inline patterns, and what each needs in a text to match: a backtick, a backslash,
# a bracket (links, images, references), '<' (autolinks, HTML), '&' (entities), '*' or '_' (emphasis),
# and two spaces before a line break. With other patterns registered (another extension's), nothing
# is marked.
_INLINE_PATTERNS = {"backtick", "escape", "reference", "link", "image_link", "image_reference", "short_reference",
                    "short_image_ref", "autolink", "automail", "linebreak", "html", "entity", "em_strong"}
_INLINE_START = re.compile(r"[`\\\[<&*_]|  \n")
# The tree's other passes, none of which reads an atomic text differently; another one (abbr's,
# which skips atomic text) turns the marking off.
_TREEPROCESSORS = {"accords_plain_text", "inline", "prettify", "unescape", "toc", "attr_list",
                   "mkdocs_extract_anchors", "relpath", "mkdocs_extract_title"}
_PLAIN_PRIORITY = 21  # just before the inline pass (20)


class _Stash(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(lines):
            tag = _OPENERS.get(lines[i])
            end = _block_end(lines, i, tag) if tag and (not out or not out[-1].strip()) else None
            if end is None:
                out.append(lines[i])
                i += 1
                continue
            # Stored as Markdown's HTML parser stores a block: with its newline.
            out += [self.md.htmlStash.store("\n".join(lines[i : end + 1]) + "\n"), ""]
            i = end + 1
        return out


def _block_end(lines: list[str], start: int, tag: str) -> int | None:
    """The index of the line that closes the block opened at `start`, if it can be vouched for."""
    opening, closing = _tags(tag)
    depth = 0
    for i in range(start, len(lines)):
        line = lines[i]
        if _LEAVE.search(line):
            return None
        depth += len(opening.findall(line)) - len(closing.findall(line))
        if depth <= 0:
            ends_here = depth == 0 and line.endswith(f"</{tag}>") and (i + 1 == len(lines) or not lines[i + 1].strip())
            return i if ends_here else None
    return None


@functools.cache
def _tags(tag: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    return re.compile(f"<{tag}[\\s>]", re.IGNORECASE), re.compile(f"</{tag}\\s*>", re.IGNORECASE)


def _only(registry, names: set[str]) -> bool:
    """Whether a Python-Markdown registry holds nothing but what these names name."""
    return sum(name in registry for name in names) == len(registry)


class _Plain(Treeprocessor):
    def run(self, root) -> None:
        if not (_only(self.md.inlinePatterns, _INLINE_PATTERNS) and _only(self.md.treeprocessors, _TREEPROCESSORS)):
            return
        for element in root.iter():
            text = element.text
            if text and type(text) is str and not _INLINE_START.search(text):
                element.text = AtomicString(text)


class HtmlBlocks(Extension):
    """Add to `markdown_extensions` (the MkDocs hook does)."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.preprocessors.register(_Stash(md), "accords_html_blocks", _PRIORITY)
        md.treeprocessors.register(_Plain(md), "accords_plain_text", _PLAIN_PRIORITY)
