"""Coded diagnostics: one problem in one file, printed like a compiler error."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# The stable list of check codes. Codes never change meaning; retired codes are never reused.
CODES: dict[str, str] = {
    # ACC0xx: the file itself and its YAML
    "ACC001": "The file cannot be read as a record: unreadable, too large, not UTF-8, or contains NUL bytes.",
    "ACC002": ("YAML syntax error, with its likely cause where one is clear (a colon in unquoted text, indentation, a tab, "
               "an unclosed quote or bracket) and the line itself."),
    "ACC003": "A mapping repeats a key.",
    "ACC004": "Anchors, aliases, merge keys (`<<`) and tags are not allowed: write values out.",
    "ACC005": "Tab character: YAML indentation must use spaces.",
    "ACC006": "The file must hold exactly one YAML mapping (not empty, not a list or a scalar).",
    # ACC1xx: fields and their shapes
    "ACC101": "Unknown field (a did-you-mean is given where one is close).",
    "ACC102": "A required field is missing.",
    "ACC103": "A field has the wrong type (text, list, mapping, number).",
    "ACC104": "A value is not in the field's vocabulary.",
    "ACC105": "A value has the wrong format (id, a country code that ISO 3166-1 does not have, duration, empty text).",
    # ACC2xx: ids and files
    "ACC201": "The file name is not a valid id (a country's: not an ISO 3166-1 code), the file is not in a kind's folder, or a folder cannot be read.",
    "ACC202": "Two records share one id.",
    "ACC203": "Two records of one kind share one title.",
    # ACC3xx: dates
    "ACC301": "A date is not a real calendar date in the form YYYY, YYYY-MM or YYYY-MM-DD (optionally ending in ? or ~).",
    "ACC302": "Dates are out of order (e.g. signed after entry into force).",
    "ACC303": "Dialogue rounds are not numbered 1, 2, 3… in date order, or exercise editions are not in date order.",
    # ACC4xx: references
    "ACC401": "A reference names no record.",
    "ACC402": ("A reference names a record of the wrong kind (a relation: a kind it may not point at), "
               "or a person, organisation, country or family states a relation."),
    "ACC403": "A record refers to itself.",
    # ACC5xx: sources and links
    "ACC501": "A URL is not an absolute http(s) link.",
    "ACC502": "A fact has no source: the field is named in the `supports` of none of the record's (or the round's, edition's or renewal's) sources.",
    "ACC503": "A disputed reading cites a URL that is not among the record's sources.",
    # ACC6xx: reported by `accords links` (the scheduled link check), never by `accords validate`
    "ACC601": "A source URL did not answer with success.",
}


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem: where it is, its stable code, and a message naming the field; for a syntax error,
    also the offending line (shown under the message, as compilers do)."""

    path: str
    line: int
    col: int
    code: str
    message: str
    excerpt: str = ""  # the text of the line, where the message alone would not show what is wrong

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"
        if self.excerpt:
            gutter = " " * len(str(self.line))
            text += f"\n    {self.line} | {self.excerpt}\n    {gutter} | {' ' * (self.col - 1)}^"
        return text

    def github(self, level: str = "error") -> str:
        """The same problem as a GitHub Actions workflow command (an annotation on the line)."""
        msg = _escape_github_data(f"{self.code} {self.message}")
        file = _escape_github_property(self.path)
        return f"::{level} file={file},line={self.line},col={self.col},title={self.code}::{msg}"


def _escape_github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_github_property(text: str) -> str:
    return _escape_github_data(text).replace(":", "%3A").replace(",", "%2C")


def summary(diagnostics: Iterable[Diagnostic]) -> str:
    """A closing line: how many problems in how many files (the one wording, for every command and the build)."""
    items = list(diagnostics)
    files = len({d.path for d in items})
    noun = "problem" if len(items) == 1 else "problems"
    fnoun = "file" if files == 1 else "files"
    return f"{len(items)} {noun} in {files} {fnoun}"
