"""Make text from YAML inert in Markdown and HTML: it shows as written, never as markup or a link."""

from __future__ import annotations

import functools
import html
import re
from urllib.parse import quote

from markupsafe import Markup

# Characters that can start markup anywhere in a line ('<' and '&' become entities instead, since
# Markdown cannot escape them with a backslash). '(' and '!' need no escape once '[' is escaped, and
# '#', '+', '-', '.' only matter at the start of a line: escaping them everywhere made Markdown's
# inline pass a third of the whole build's time.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]|])")
_LINE_START = re.compile(r"^(\d+)\.(?=\s|$)|^([#+\-!])")
# Bidirectional controls can make text read differently from what it says; shown as nothing.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f]")
_SPACE = re.compile(r"\s+")
# Every whitespace character but the space: what \s matches besides it (a test checks the list).
_OTHER_SPACE = "\t\n\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# A character one of the passes below would change (one character class: searching with it is much
# cheaper than with a pattern of alternatives).
_INLINE_WORK = re.compile(f"[\\\\`*_{{}}\\[\\]|<>&\u202a-\u202e\u2066-\u2069\u200e\u200f{_OTHER_SPACE}]")
_MARKUP_START = " 0123456789#+-!"


def inline(value: object) -> Markup:
    """One line of Markdown that renders exactly as the text (whitespace folded)."""
    if type(value) is str:  # the usual case first: this runs for every value a template prints
        return _inline(value)
    if isinstance(value, Markup):
        return value
    return _inline(str(value))


@functools.lru_cache(maxsize=1 << 16)  # labels, dates and words repeat across thousands of pages
def _inline(value: str) -> Markup:
    # Most text needs no change: these tests cost a tenth of the five passes that would find none.
    plain = not _INLINE_WORK.search(value) and "  " not in value and value[:1] not in _MARKUP_START and value[-1:] != " "
    return Markup(value if plain else _escape_inline(value))


def _escape_inline(value: str) -> str:
    text = _SPACE.sub(" ", _BIDI.sub("", value)).strip()
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
    return _LINE_START.sub(lambda m: f"{m.group(1)}\\." if m.group(1) else f"\\{m.group(2)}", text)


def text(value: object) -> Markup:
    """Text as HTML content: shows exactly as written (whitespace folded), never as markup. For HTML
    that Markdown passes through untouched, where Markdown's backslash escapes would show."""
    return _text(value if type(value) is str else str(value))


@functools.lru_cache(maxsize=1 << 16)
def _text(value: str) -> Markup:
    return Markup(html.escape(_SPACE.sub(" ", _BIDI.sub("", value)).strip(), quote=True))


def preformatted(value: object) -> Markup:
    """Text as the content of an HTML <pre>: escaped, with its lines and spaces kept."""
    return Markup(html.escape(str(value), quote=False))


def strip_controls(value: object) -> str:
    """Text without bidirectional control characters."""
    return _BIDI.sub("", str(value))


def attribute(value: object) -> Markup:
    """Text for an HTML attribute value in double quotes."""
    return Markup(html.escape(_BIDI.sub("", str(value)), quote=True))


def href(url: str) -> str:
    """A validated http(s) URL as a Markdown link destination: nothing in it can end the link."""
    return quote(url, safe=":/?#@!$&'*+,;=%~-._")  # parentheses, spaces, < > and quotes get %-encoded
