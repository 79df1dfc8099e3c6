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
        mark = exc.problem_mark or exc.context_mark
        line, col = _pos(mark) if mark else (1, 1)
        what = exc.problem or "invalid YAML"
        return None, problems + [Diagnostic(name, line, col, "ACC002", f"YAML syntax error: {what}")]
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
