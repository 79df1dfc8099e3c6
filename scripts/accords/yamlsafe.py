"""Strict, safe YAML: one mapping per file, YAML 1.2 core scalars, and the position of every value.

PyYAML's C parser composes the node tree (fast, with marks); this module turns nodes into plain
Python values itself because PyYAML only knows YAML 1.1, where `NO` is false and `0755` is octal.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

import yaml

from .diagnostics import Diagnostic

# The C parser is several times faster; PyYAML without libyaml falls back to its Python twin.
if TYPE_CHECKING:
    _BaseLoader = yaml.BaseLoader
else:  # libyaml's loader where PyYAML was built with it: several times faster
    _BaseLoader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


MAX_BYTES = 1_000_000
MAX_DEPTH = 32

Path = tuple  # a path into a document: keys and list indexes, e.g. ("sources", 0, "url")

_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


class _Composer(_BaseLoader):
    """The YAML 1.2 core schema: only true/false are booleans, no dates, no octal `0755`."""

    yaml_implicit_resolvers: dict = {}

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        # Called by the C composer for every node; a lean version of BaseResolver.resolve (no path
        # resolvers, which this loader never uses) saves a good share of loading time.
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


for _tag, _pattern, _first in (
    (_BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (_NULL, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (_INT, r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        _FLOAT,
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+.0123456789",
    ),
):
    _Composer.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


@dataclass(frozen=True)
class Document:
    """A parsed file: its data, and its text, from which positions are found when a problem needs one.

    Positions are looked up lazily (files with problems are few), which keeps loading fast."""

    data: dict[str, Any]
    text: str

    def where(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """The 1-based (line, col) of the value at path (or of its key), else of its nearest ancestor."""
        return _locate(self.text, tuple(path), key)


@functools.lru_cache(maxsize=32)  # a file's problems are reported together
def _locate(text: str, path: Path, key: bool) -> tuple[int, int]:
    node = _compose(text)
    if node is None:
        return 1, 1
    for i, step in enumerate(path):
        last = i == len(path) - 1
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == step), None)
            if pair is None:
                break
            if last and key:
                return _pos(pair[0].start_mark)
            node = pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            node = node.value[step]
        else:
            break
    return _pos(node.start_mark)


@dataclass
class _Walk:
    name: str
    problems: list = field(default_factory=list)
    seen: set = field(default_factory=set)

    def problem(self, node: yaml.Node, code: str, message: str) -> None:
        line, col = _pos(node.start_mark)
        self.problems.append(Diagnostic(self.name, line, col, code, message))


def _pos(mark: Any) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def parse(raw: bytes, name: str) -> tuple[Document | None, list[Diagnostic]]:
    """Parse one record file; never raises on bad input, returns diagnostics instead."""
    text, problems = _decode(raw, name)
    if text is None:
        return None, problems
    problems += _tabs(text, name)
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as exc:
        return None, problems + [_syntax_error(text, name, exc)]
    except yaml.YAMLError as exc:
        return None, problems + [Diagnostic(name, 1, 1, "ACC002", f"YAML syntax error: {exc}")]
    if root is None:
        return None, problems + [Diagnostic(name, 1, 1, "ACC006", "the file holds no record: expected a mapping of fields")]
    if not isinstance(root, yaml.MappingNode):
        line, col = _pos(root.start_mark)
        kind = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
        return None, problems + [Diagnostic(name, line, col, "ACC006", f"a record must be a mapping of fields, not {kind}")]
    walk = _Walk(name)
    if "&" in text or "*" in text:
        _anchors(text, walk)
    data = _value(root, root, walk, 0)
    if not isinstance(data, dict):  # e.g. a tagged root: already reported, nothing to check further
        return None, problems + walk.problems
    return Document(data, text), problems + walk.problems


# ---------------------------------------------------------------------------------------------
# Syntax errors: libyaml's message, the likely cause in a contributor's words, and the line itself
# ---------------------------------------------------------------------------------------------

_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # as libyaml counts lines
_KEY = re.compile(r"^(\s*(?:- )?)([A-Za-z_][A-Za-z0-9_]*):(?:\s|$)")  # a line that starts a field: `  - title: …`
_KEY_NO_SPACE = re.compile(r"^\s*(?:- )?[A-Za-z_][A-Za-z0-9_]*:[^\s:]")  # `title:Text`, which YAML reads as text


def _syntax_error(text: str, name: str, exc: yaml.MarkedYAMLError) -> Diagnostic:
    """ACC002 at the place to fix, with what probably went wrong and the line itself."""
    lines = _LINE_BREAK.split(text)

    def at(number: int) -> str:  # a 1-based line, or "" past the end
        return lines[number - 1] if 0 < number <= len(lines) else ""

    problem, context = exc.problem or "invalid YAML", exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    line, col = _pos(mark) if mark else (1, 1)
    opened = _pos(exc.context_mark) if exc.context_mark is not None else None  # where the quote, bracket or line began
    hint = ""
    if opened and "quoted scalar" in context and problem == "found unexpected end of stream":
        quote = at(opened[0])[opened[1] - 1: opened[1]] or "quote"
        hint = f"the text opened with {quote} here is never closed: end it with the same quote mark"
        line, col = opened
    elif "quoted scalar" in context and "escape" in problem:
        hint = "inside double quotes a backslash starts an escape: write \\\\ for a backslash, or use single quotes"
    elif opened and ("flow sequence" in context or "flow mapping" in context) and problem.startswith("did not find expected ','"):
        bracket = "]" if "sequence" in context else "}"
        hint = f"the {'list' if bracket == ']' else 'mapping'} opened here is not closed: end it with '{bracket}'"
        line, col = opened
    elif opened and "simple key" in context and problem == "could not find expected ':'":
        if _KEY_NO_SPACE.match(at(opened[0])):
            hint = "no space after the colon, so YAML reads this line as one text: write a space after the colon"
        else:
            hint = "this line has no colon: write the field's name, a colon and a space, then the value"
        line, col = opened
    elif problem == "mapping values are not allowed in this context":
        hint, line, col = _colon_hint(lines, line, col)
    elif problem == "did not find expected '-' indicator" and opened:
        hint = _list_indent_hint(lines, opened[0], line)
    elif problem == "did not find expected key":
        before, field = at(line)[: col - 1].rstrip(), _KEY.match(at(line))
        if before.endswith(('"', "'")) and field:
            hint = "text follows the closing quote: put the whole value inside the quotes"
        elif field and opened and len(field.group(1)) > opened[1] - 1:
            hint = f"bad indentation: '{field.group(2)}' is indented further than the field above it; line it up with the fields it belongs with"
        else:
            hint = "bad indentation: this line does not line up with the fields above it; indent it like the field it belongs with"
    elif "tab" in problem or at(line)[col - 1: col] == "\t":
        hint = "a tab character: indent with spaces only"
    elif problem == "found character that cannot start any token" and at(line)[col - 1: col] in ("@", "`", "%"):
        hint = f"a value cannot begin with '{at(line)[col - 1]}': put the text in quotes"
    elif problem == "found undefined alias":
        hint = "a value that begins with '*' is read as an alias: put the text in quotes"
    elif problem == "but found another document":
        hint = "a second document ('---'): a file holds one record; remove the line '---' and what follows, or move it to a file of its own"
    message = f"YAML syntax error: {hint} (libyaml: {problem})" if hint else f"YAML syntax error: {problem}"
    return Diagnostic(name, line, col, "ACC002", message, _excerpt(at(line), col))


def _colon_hint(lines: list[str], line: int, col: int) -> tuple[str, int, int]:
    """libyaml met `: ` where a value was going on: a colon inside unquoted text, a line indented
    deeper than it should be, or a colon with no space after it on the line above (both read as the
    rest of the line above). The hint, and the place to fix."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    field = _KEY.match(text)
    if field and field.end() < col:  # `place: Washington: DC`: a second colon in the value
        value = text[field.end():].strip()
        quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return (f"a colon followed by a space inside a value starts a new field: put the text in quotes, e.g. {field.group(2)}: {quoted}",
                line, col)
    if not field:  # a line of a long text that holds ': '
        return "a colon followed by a space inside a value starts a new field: put the whole text in quotes", line, col
    above = next((n for n in range(line - 1, 0, -1) if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#")), 0)
    no_space = _KEY_NO_SPACE.match(lines[above - 1]) if above else None
    if no_space:
        return "no space after the colon, so YAML reads this line and the next as one text: write a space after the colon", above, no_space.end() - 1
    return (f"bad indentation: '{field.group(2)}' is indented further than the field above it, so YAML reads it as the rest of "
            f"line {above}'s value; line it up with the fields it belongs with", line, len(field.group(1)) + 1)


def _list_indent_hint(lines: list[str], start: int, line: int) -> str:
    """A list item's fields must line up under its first field: point at that field."""
    item = next((n for n in range(line - 1, start - 1, -1) if re.match(r"^\s*- \S", lines[n - 1])), start)
    first = _KEY.match(lines[item - 1]) if 0 < item <= len(lines) else None
    if first is None:
        return "bad indentation: line this up with the lines of the list above it"
    indent = len(first.group(1))
    return (f"bad indentation: the fields of a list item line up under its first field, '{first.group(2)}' on line {item} "
            f"({indent} spaces in); or start a new item with '- '")


def _excerpt(line: str, col: int) -> str:
    """The offending line as it can be shown under the message: printable, tabs as spaces, not too long."""
    if col > 120:
        return ""
    return "".join(c if c.isprintable() else " " for c in line[:160])


def _decode(raw: bytes, name: str) -> tuple[str | None, list[Diagnostic]]:
    if len(raw) > MAX_BYTES:
        return None, [Diagnostic(name, 1, 1, "ACC001", f"file is {len(raw):,} bytes; a record may be at most {MAX_BYTES:,}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Diagnostic(name, line, col, "ACC001", f"file is not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded; save the file as UTF-8")]
    if "\0" in text:
        offset = text.index("\0")
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        return None, [Diagnostic(name, line, col, "ACC001", "file contains a NUL byte: a record is plain text")]
    return text, []


def _tabs(text: str, name: str) -> list[Diagnostic]:
    if "\t" not in text:
        return []
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        col = line.find("\t")
        if col >= 0:
            found.append(Diagnostic(name, number, col + 1, "ACC005", "tab character: indent with spaces, and write tabs in text as spaces"))
    return found


def _compose(text: str) -> yaml.Node | None:
    composer = _Composer(text)
    try:
        return composer.get_single_node()
    finally:
        composer.dispose()


def _anchors(text: str, walk: _Walk) -> None:
    """Report anchors even where no alias uses them; the composer forgets them."""
    for event in yaml.parse(text, Loader=_Composer):
        anchor = getattr(event, "anchor", None)
        if anchor is not None and not isinstance(event, yaml.AliasEvent):
            line, col = _pos(event.start_mark)
            walk.problems.append(
                Diagnostic(walk.name, line, col, "ACC004", f"anchor '&{anchor}' is not allowed: write each value out in full")
            )


def _value(node: yaml.Node, at: yaml.Node, walk: _Walk, depth: int) -> Any:
    """The plain value of a node; `at` is where to point if the node is an alias (its key)."""
    if id(node) in walk.seen:
        walk.problem(at, "ACC004", "alias '*name' is not allowed: write the value out in full")
        return None
    if depth > MAX_DEPTH:
        walk.problem(node, "ACC006", f"values are nested more than {MAX_DEPTH} levels deep")
        return None
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node, walk)
    walk.seen.add(id(node))
    if node.tag not in (_SEQ, _MAP):
        walk.problem(node, "ACC004", f"tag '{node.tag}' is not allowed: remove it and write the value as plain YAML")
        return None
    if isinstance(node, yaml.SequenceNode):
        return [_value(item, item, walk, depth + 1) for item in node.value]
    return _mapping(cast(yaml.MappingNode, node), walk, depth)


def _mapping(node: yaml.MappingNode, walk: _Walk, depth: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    first: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            walk.problem(key_node, "ACC006", "a key must be plain text, not a list or mapping")
            continue
        if key_node.value == "<<" and not key_node.style:
            walk.problem(key_node, "ACC004", "merge key '<<' is not allowed: write each field out in full")
            continue
        name = key_node.value
        if name in first:
            line = _pos(first[name].start_mark)[0]
            walk.problem(key_node, "ACC003", f"duplicate key '{name}' (first given on line {line}): keep one")
            continue
        first[name] = key_node
        out[name] = _value(value_node, key_node, walk, depth + 1)
    return out


def _scalar(node: yaml.ScalarNode, walk: _Walk) -> Any:
    tag, value = node.tag, node.value
    if tag == _STR:
        return value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return value.lower() == "true"
    if tag == _INT:
        if value.startswith(("0o", "0x")):
            return int(value[2:], 8 if value[1] == "o" else 16)
        return int(value, 10)
    if tag == _FLOAT:
        return float(value.lower().replace(".inf", "inf").replace(".nan", "nan"))
    walk.problem(node, "ACC004", f"tag '{tag}' is not allowed: remove it and write the value as plain YAML")
    return None
