"""What is derived from the record model: JSON Schemas, the field reference and `accords new` templates."""

from __future__ import annotations

import functools
import json
import re
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from . import schema
from .schema import FORWARD, INVERSE, KINDS, RELATION_TARGETS, RecordModel, nested_model

_PART_COMMENT = re.compile(r"^(\s*# \s*(?:- )?)# (\s*(?:- )?)(?=[a-z_]+:)")
SCHEMA_DIR = Path(__file__).parent / "schemas"
SCHEMA_BASE = "https://accords.invalid/schemas/"  # an $id namespace only; never fetched


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (2020-12) of one kind, as editors and `jsonschema` use it."""
    schema = KINDS[kind].model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE}{kind}.schema.json",
        **schema,
    }


def schema_files() -> dict[str, str]:
    """Every schema file's name and exact text (stable: sorted keys, trailing newline)."""
    return dict(_schema_texts())


@functools.cache  # the model cannot change within a process; every rebuild under `mkdocs serve` exports them
def _schema_texts() -> tuple[tuple[str, str], ...]:
    return tuple(
        (f"{kind}.schema.json", json.dumps(json_schema(kind), indent=2, sort_keys=True, ensure_ascii=False) + "\n")
        for kind in KINDS
    )


def write_schemas(directory: Path = SCHEMA_DIR) -> list[Path]:
    """Write the schema files; return those whose content changed."""
    directory.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in schema_files().items():
        target = directory / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            changed.append(target)
    return changed


# ---------------------------------------------------------------------------------------------
# Field reference
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldDoc:
    """One row of the field reference."""

    name: str
    type: str
    required: bool
    description: str
    allowed: tuple[str, ...]
    fact: bool = False  # a source must support it (ACC502)
    relations: tuple[RelationDoc, ...] = ()  # for a relation field: what each value means and may point at


@dataclass(frozen=True)
class RelationDoc:
    """One relation as the field reference explains it."""

    name: str
    forward: str  # as this record's page shows it: "signed at"
    inverse: str  # as the other record's page shows it: "venue of signing of"
    targets: str  # the kinds it may point at, in words: "a dialogue or an event"


def field_docs(model: type[BaseModel], prefix: str = "") -> list[FieldDoc]:
    """The fields of a model and of the parts nested in it, in the order they are declared."""
    rows = []
    facts = getattr(model, "facts", ())
    for name, info in model.model_fields.items():
        key = prefix + (info.alias or name)
        allowed = _allowed(info.annotation)
        relations = tuple(RelationDoc(r, FORWARD[r], INVERSE[r], either(RELATION_TARGETS[r])) for r in allowed) if set(allowed) == set(RELATION_TARGETS) else ()
        rows.append(FieldDoc(key, _type_words(info.annotation, info.metadata), info.is_required(), info.description or "",
                             allowed, name in facts, relations))
        inner = nested_model(info.annotation)
        if inner is not None:
            rows += field_docs(inner, key + ("[]." if _is_list(info.annotation) else "."))
    return rows


def either(kinds: Iterable[str]) -> str:
    """Kinds in words, in the order given: 'an agreement', 'a dialogue or an event'."""
    words = [f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}" for kind in kinds]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


_VALIDATOR_WORDS: dict[Any, str] = {
    schema.check_date: "date", schema.check_url: "http(s) URL", schema.check_id: "id",
    schema.check_party: "country code or organisation id", schema.check_duration: "duration",
}


def _type_words(annotation: Any, metadata: Iterable[Any] = ()) -> str:
    """The type of a field in words, from its annotation and the validators attached to it."""
    for item in (*metadata, *getattr(annotation, "__metadata__", ())):
        words = _VALIDATOR_WORDS.get(getattr(item, "func", None))
        if words:
            return words
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Union:
        return _type_words(next(a for a in args if a is not type(None)))
    if origin is typing.Annotated:
        return _type_words(args[0])
    if origin is list:
        return f"list of {_type_words(args[0])}"
    if origin is dict:
        return "mapping"
    if origin is Literal:
        return "one of the allowed values"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation.__name__.lower()
    return {int: "number", bool: "true/false"}.get(annotation, "text")


def _allowed(annotation: Any) -> tuple[str, ...]:
    if typing.get_origin(annotation) is Literal:
        return tuple(typing.get_args(annotation))
    for arg in typing.get_args(annotation):
        found = _allowed(arg)
        if found:
            return found
    return ()


def _is_list(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is list:
        return True
    return any(_is_list(a) for a in typing.get_args(annotation)) if origin is typing.Union else False


# ---------------------------------------------------------------------------------------------
# Templates for `accords new`
# ---------------------------------------------------------------------------------------------


def template(kind: str, record_id: str) -> str:
    """A commented YAML template: required fields left empty (so it fails until filled in)."""
    model = KINDS[kind]
    lines = [
        f"# yaml-language-server: $schema=../../scripts/accords/schemas/{kind}.schema.json",
        f"# A new {kind}: data/{model.folder}/{record_id}.yaml (the file name is the id).",
        "# Fill in every field that is not commented out; uncomment the others you have sources for.",
        "# Never guess a date, a signatory or a URL: what no source states stays out.",
        "",
    ]
    lines += _template_fields(model, "")
    return "\n".join(lines) + "\n"


def ordered_fields(model: type[BaseModel]) -> list[tuple[str, FieldInfo]]:
    """A model's fields as people read them: required first, then its own, then the common ones."""
    common = set(RecordModel.model_fields)
    items = [(info.alias or name, info) for name, info in model.model_fields.items()]
    return sorted(items, key=lambda item: (not item[1].is_required(), item[0] in common))


def _template_fields(model: type[BaseModel], indent: str) -> list[str]:
    lines: list[str] = []
    suggested = getattr(model, "suggested", ())
    for key, info in ordered_fields(model):
        lines += _template_field(key, info, indent, key in suggested)
    return lines


def _template_field(key: str, info: FieldInfo, indent: str, suggested: bool = False) -> list[str]:
    hint = info.description or ""
    allowed = _allowed(info.annotation)
    if allowed:
        hint += f" One of: {', '.join(allowed)}."
    inner = nested_model(info.annotation)
    if inner is None:
        empty = " []" if _is_list(info.annotation) else ""
        comment = "" if info.is_required() or suggested else "# "
        return [f"{indent}{comment}{key}:{empty}  # {hint}"]
    body = _template_fields(inner, indent + "    ")
    if _is_list(info.annotation):
        body[0] = f"{indent}  - {body[0].lstrip()}"
    lines = [f"{indent}# {hint}", f"{indent}{key}:"] + body
    if info.is_required():
        return lines
    # Inside a block that is commented out as a whole, the parts are not commented twice.
    return [lines[0]] + [_PART_COMMENT.sub(r"\1\2", f"{indent}# {line[len(indent):]}") for line in lines[1:]]
