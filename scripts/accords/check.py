"""Check parsed records: their shape against the model, then the rules that span fields and files.

Each rule is a small `_validate_*` function that yields `(location, code, message)`; a location is a
path into the record's document, so every problem is reported on its own line.
"""

from __future__ import annotations

import difflib
import functools
import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from .dates import Date, is_after
from .diagnostics import Diagnostic
from .load import RawRecord
from .schema import (
    COUNTRY_CODE,
    COUNTRY_CODES,
    INSTRUMENT_KINDS,
    KINDS,
    RELATION_TARGETS,
    Record,
    Source,
    country_hint,
    nested_model,
    references,
    sourced_parts,
    value,
)
from .state import BuildState, Shape

Finding = tuple[tuple, str, str]  # (path in the document, code, message)

_TYPE_WORDS = {
    "string_type": "text (put it in quotes if it looks like a number, a date or yes/no)",
    "list_type": "a list (one '- item' per line, or [a, b])",
    "dict_type": "a mapping of fields",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "int_type": "a whole number",
    "bool_type": "true or false",
}


def check(raws: list[RawRecord], state: BuildState | None = None) -> tuple[list[Record], list[Diagnostic]]:
    """Validate every record; return those whose shape is sound, and all problems found.

    With the state of the last build, a document that load did not parse again is not validated again
    either; the rules across records always run."""
    records: list[Record] = []
    partial: list[Record] = []  # records with shape errors: their sound fields are still checked
    problems: list[Diagnostic] = []
    before = state.shapes if state is not None else {}
    shapes: dict[tuple[str, str, str], Shape] = {}
    for raw in raws:
        if raw.doc is None:
            continue
        key = (raw.path, raw.kind, raw.id)
        known = before.get(key)
        shapes[key] = known if known is not None and known[0] is raw.doc else (raw.doc, *_shape(raw))
        _, record, found = shapes[key]
        problems += found
        (partial if found else records).append(record)
    if state is not None:
        state.shapes = shapes
    index = {raw.id: raw.kind for raw in raws}
    problems += _duplicates(raws)
    for record in records + partial:
        for rule in _RULES:
            problems += _located(record, rule(record, index))
    return records, sorted(set(problems))


def _located(record: Record, findings: Iterable[Finding]) -> Iterator[Diagnostic]:
    for loc, code, message in findings:
        line, col = record.where(loc)
        yield Diagnostic(record.path, line, col, code, message)


# ---------------------------------------------------------------------------------------------
# Shape: the pydantic model, its errors turned into coded diagnostics
# ---------------------------------------------------------------------------------------------


def _shape(raw: RawRecord) -> tuple[Record, list[Diagnostic]]:
    """The record and no problems, or a partial record of its sound fields and its problems."""
    model = KINDS[raw.kind]
    assert raw.doc is not None  # check() passes only parsed files
    try:
        fields = model.model_validate(raw.doc.data)
    except ValidationError as exc:
        problems = [_diagnostic(raw, model, error) for error in exc.errors(include_url=False)]
        return Record(raw.id, raw.kind, raw.path, _sound_fields(model, raw.doc.data), raw.doc.where), problems
    return Record(raw.id, raw.kind, raw.path, fields, raw.doc.where), []


def _sound_fields(model: type[BaseModel], data: dict[str, Any]) -> Any:
    """A record built, without its own validation, from just the fields that pass one by one.

    Sources are kept even where one of their fields fails (a blank url, say), with their sound fields:
    what they support is still known, so the facts they leave unsupported are reported in the same run."""
    sound = {}
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key in data:
            try:
                sound[name] = _adapter(model, name).validate_python(data[key], strict=True)
            except ValidationError:
                if nested_model(info.annotation) is Source and isinstance(data[key], list):
                    sound[name] = [_sound_fields(Source, item) for item in data[key] if isinstance(item, dict)]
    return model.model_construct(**sound)


@functools.cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter:
    info = model.model_fields[name]
    return TypeAdapter(Annotated[info.annotation, info])  # type: ignore[arg-type]  # an annotation built at run time


def _diagnostic(raw: RawRecord, model: type[BaseModel], error: Any) -> Diagnostic:
    # pydantic marks an invalid mapping key with a trailing "[key]"; a field named "[key]" is just a name
    loc = tuple(error["loc"])
    if error["type"] != "extra_forbidden" and loc[-1:] == ("[key]",):
        loc = loc[:-1]
    code, message, on_key = _explain(model, loc, error)
    assert raw.doc is not None
    line, col = raw.doc.where(loc, key=on_key)
    return Diagnostic(raw.path, line, col, code, message)


def _explain(model: type[BaseModel], loc: tuple, error: Any) -> tuple[str, str, bool]:
    """The code, the message naming the field and what is allowed, and whether to point at the key."""
    kind, field, given = error["type"], _field_name(loc), error.get("input")
    if kind.startswith("ACC"):
        return kind, f"{field}: {error['msg']}", kind == "ACC102"
    if kind == "extra_forbidden":
        allowed = _allowed_fields(model, loc[:-1])
        hint = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        suggestion = f"; did you mean '{hint[0]}'?" if hint else f"; allowed here: {', '.join(allowed)}"
        return "ACC101", f"unknown field '{field}'{suggestion}", True
    if kind == "missing" and loc[-1] == "url" and "sources" in loc:
        return "ACC102", (f"missing required field '{field}': a source is a page a reader can follow; "
                          "a document with no web copy is not a source (say so in notes)"), False
    if kind == "missing":
        return "ACC102", f"missing required field '{field}'", False
    if kind == "too_short" and isinstance(given, list):
        return "ACC102", f"'{field}' needs at least one entry", True
    if kind in ("literal_error", "enum"):
        allowed = re.findall(r"'([^']*)'", error.get("ctx", {}).get("expected", ""))
        if given is None:
            return "ACC104", f"{field} is empty: choose one of {', '.join(allowed)}", False
        hint = difflib.get_close_matches(str(given), allowed, n=1)
        suggestion = f"did you mean '{hint[0]}'? " if hint else ""
        return "ACC104", f"{field}: '{given}' is not allowed; {suggestion}allowed: {', '.join(allowed)}", False
    if kind in _TYPE_WORDS and given is None:
        return "ACC103", f"{field} is empty: {_what_to_write(model, loc, kind)}", False
    if kind in _TYPE_WORDS:
        return "ACC103", f"{field} must be {_TYPE_WORDS[kind]}, not {_describe(given)}", False
    if kind == "greater_than_equal":
        return "ACC105", f"{field} must be at least {error['ctx']['ge']}, not {given!r}", False
    return "ACC103", f"{field}: {error['msg']}", False


_EMPTY_WORDS = {
    "list_type": "write a list (one '- item' per line, or [a, b])",
    "dict_type": "write its fields, indented under it",
    "model_type": "write its fields, indented under it",
    "model_attributes_type": "write its fields, indented under it",
    "int_type": "write a whole number",
    "bool_type": "write true or false",
}


def _what_to_write(model: type[BaseModel], loc: tuple, kind: str) -> str:
    """What an empty field wants, in the words of its description: 'write the official name'."""
    info = _field_info(model, loc)
    description = (info.description or "") if info is not None else ""
    if kind in _EMPTY_WORDS or not description:
        words = _EMPTY_WORDS.get(kind, "write its text")
    else:
        words = "write " + (description[0].lower() + description[1:] if description[1:2].islower() else description).rstrip(".")
    if info is not None and not info.is_required():
        words += ", or leave the field out"
    return words


def _field_info(model: type[BaseModel], loc: tuple) -> Any:
    """The pydantic field at a location, e.g. ("sources", 0, "url"): Source's url."""
    info = None
    for step in loc:
        if isinstance(step, int):
            continue
        if info is not None:
            inner = nested_model(info.annotation)
            if inner is None:
                return None
            model = inner
        info = next((f for name, f in model.model_fields.items() if (f.alias or name) == step), None)
        if info is None:
            return None
    return info


def _field_name(loc: tuple) -> str:
    name = ""
    for step in loc:
        name += f"[{step}]" if isinstance(step, int) else (f".{step}" if name else str(step))
    return name or "record"


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value[:60]!r}"
    return "a list" if isinstance(value, list) else "a mapping"


def _allowed_fields(model: type[BaseModel], loc: tuple) -> list[str]:
    for step in loc:
        if isinstance(step, int):
            continue
        field = next((f for name, f in model.model_fields.items() if (f.alias or name) == step), None)
        inner = nested_model(field.annotation) if field else None
        if inner is None:
            return []
        model = inner
    return [f.alias or name for name, f in model.model_fields.items()]


# ---------------------------------------------------------------------------------------------
# Rules across files
# ---------------------------------------------------------------------------------------------


def _duplicates(raws: list[RawRecord]) -> Iterator[Diagnostic]:
    by_id: dict[str, list[RawRecord]] = defaultdict(list)
    by_title: dict[tuple[str, str], list[RawRecord]] = defaultdict(list)
    for raw in raws:
        by_id[raw.id].append(raw)
        title = raw.doc.data.get(KINDS[raw.kind].label_field) if raw.doc else None
        if isinstance(title, str) and title.strip():
            by_title[(raw.kind, " ".join(title.casefold().split()))].append(raw)
    for same in by_id.values():
        for raw in same[1:]:
            yield Diagnostic(raw.path, 1, 1, "ACC202", f"id '{raw.id}' is already used by {same[0].path}: ids are unique across all kinds")
    for (kind, _), same in by_title.items():
        field = KINDS[kind].label_field
        for raw in same[1:]:
            line, col = raw.doc.where((field,)) if raw.doc else (1, 1)
            yield Diagnostic(raw.path, line, col, "ACC203", f"{field} is the same as in {same[0].path}: merge the records or tell them apart")


# --- dates ---------------------------------------------------------------------------------


def _is_not_before(loc: tuple, later_name: str, later: str | None, earlier_name: str, earlier: str | None) -> Iterator[Finding]:
    """Yield a finding when `later` is certainly before `earlier`."""
    if later and earlier and is_after(Date.parse(earlier), Date.parse(later)):
        yield loc, "ACC302", f"{later_name} ({later}) is before {earlier_name} ({earlier})"


def _validate_date_order(record: Record, index: dict[str, str]) -> Iterator[Finding]:
    """ACC302: a later date (in force, expiry, end, renewal, a role's end) is not before the one it follows."""
    f = record.fields
    signed, in_force, expires = (value(f, n) for n in ("signed", "in_force", "expires"))
    yield from _is_not_before(("in_force",), "in_force", in_force, "signed", signed)
    yield from _is_not_before(("expires",), "expires", expires, "in_force", in_force)
    yield from _is_not_before(("expires",), "expires", expires, "signed", signed)
    yield from _is_not_before(("end",), "end", value(f, "end"), "date", value(f, "date"))
    period = value(f, "period")
    if period:
        yield from _is_not_before(("period", "end"), "period.end", period.end, "period.start", period.start)
    for i, renewal in enumerate(value(f, "renewals", [])):
        yield from _is_not_before(("renewals", i, "date"), f"renewals[{i}].date", renewal.date, "signed", signed)
    for i, role in enumerate(value(f, "roles", [])):
        yield from _is_not_before(("roles", i, "to"), f"roles[{i}].to", role.to, f"roles[{i}].from", role.from_)


def _validate_rounds(record: Record, index: dict[str, str]) -> Iterator[Finding]:
    """ACC303: a dialogue's rounds are numbered from 1 in order, each dated no earlier than the one before."""
    rounds = value(record.fields, "rounds", [])
    for i, current in enumerate(rounds):
        if current.number != i + 1:
            yield ("rounds", i, "number"), "ACC303", (
                f"rounds[{i}].number is {current.number}; rounds are listed in order and numbered from 1, so this one is {i + 1}")
        if i and is_after(Date.parse(rounds[i - 1].date), Date.parse(current.date)):
            before = rounds[i - 1]
            yield ("rounds", i, "date"), "ACC303", f"round {current.number} ({current.date}) is dated before round {before.number} ({before.date})"


def _validate_editions(record: Record, index: dict[str, str]) -> Iterator[Finding]:
    """ACC303: an exercise's editions are in date order, their numbers rising, each ending no earlier than it began."""
    editions = value(record.fields, "editions", [])
    for i, current in enumerate(editions):
        yield from _is_not_before(("editions", i, "end"), f"editions[{i}].end", current.end, f"editions[{i}].date", current.date)
        if not i:
            continue
        previous = editions[i - 1]
        if is_after(Date.parse(previous.date), Date.parse(current.date)):
            yield ("editions", i, "date"), "ACC303", (
                f"editions[{i}] ({current.date}) is dated before editions[{i - 1}] ({previous.date}): list editions in date order")
        numbered = [e.number for e in editions[:i] if e.number is not None]
        if current.number is not None and numbered and current.number <= numbered[-1]:
            yield ("editions", i, "number"), "ACC303", (
                f"editions[{i}].number is {current.number}, not after the edition before it (number {numbered[-1]}): "
                "editions are listed in date order")


# --- references ----------------------------------------------------------------------------


def _validate_references(record: Record, index: dict[str, str]) -> Iterator[Finding]:
    """ACC401–ACC403, ACC105: each id or country code names a record of a kind the field allows, not itself."""
    data = posixpath.dirname(posixpath.dirname(record.path)) or "."  # the data folder: data/agreements/beca.yaml → data
    for loc, ref, kinds in references(record.fields):
        target = ref.lower() if COUNTRY_CODE.match(ref) else ref
        if target == record.id:
            yield loc, "ACC403", f"{_field_name(loc)} names this record itself"
        elif target not in index:
            yield loc, "ACC401", f"{_field_name(loc)} names no {_missing(ref, target, kinds, index, data)}"
        elif index[target] not in kinds:
            must = f"{_a(record.fields.related[loc[1]].relation)} relation" if loc[0] == "related" else "it"
            yield loc, "ACC402", f"{_field_name(loc)} names the {index[target]} '{ref}'; {must} must name {_either(kinds)}"
        elif index[target] == "country" and ref != ref.upper():
            yield loc, "ACC105", f"{_field_name(loc)}: write the country code in capitals: '{ref.upper()}'"


def _missing(ref: str, target: str, kinds: set[str], index: dict[str, str], data: str) -> str:
    """What a reference to no record names, and what to do: the file to add, or the record meant."""
    if target != ref:  # a country code in capitals (an ISO code: the model refused any other)
        return f"country '{ref}': add its record, {data}/countries/{target}.yaml (accords new country {target})"
    if "country" in kinds and country_hint(ref):  # uk, usa, india: a country meant
        return f"record '{ref}'; {country_hint(ref)}: write the code in capitals"
    close = difflib.get_close_matches(target, list(index), n=1)
    return f"record '{ref}'" + (f"; did you mean '{close[0]}'?" if close else "")


def _validate_relations(record: Record, index: dict[str, str]) -> Iterator[Finding]:
    """ACC402: relations link instruments: a person, organisation, country or family states none."""
    if record.kind not in INSTRUMENT_KINDS and record.fields.related:
        kinds = {kind for targets in RELATION_TARGETS.values() for kind in targets}
        yield ("related",), "ACC402", (f"related: {_a(record.kind)} has no relations: relations link {_either(kinds, plural=True)}; "
                                       f"name the {record.kind} in their records instead (signatories, participants, parties…)")


def _validate_country(record: Record, index: dict[str, str]) -> Iterator[Finding]:
    """ACC201: a country's file is named by its ISO 3166-1 code."""
    if record.kind == "country" and record.id.upper() not in COUNTRY_CODES:
        hint = country_hint(record.id)
        fix = f"{hint}: name the file {hint[-2:].lower()}.yaml" if hint else "name the file by the country's ISO code in lowercase, e.g. in.yaml"
        yield (), "ACC201", f"'{record.id}' is not an ISO 3166-1 country code: {fix}"


def _validate_sources_support(record: Record, index: dict[str, str]) -> Iterator[Finding]:
    """ACC104: a source's `supports` names fields of the record (or of its round or edition) it belongs to."""
    for prefix, part in sourced_parts(record.fields):
        allowed = set(type(part).model_fields) - {"sources", "disputed"} | {"from"}
        for i, source in enumerate(value(part, "sources", [])):
            for j, name in enumerate(source.supports):
                if name not in allowed:
                    hint = difflib.get_close_matches(name, sorted(allowed), n=1)
                    suggestion = f"; did you mean '{hint[0]}'?" if hint else f"; allowed: {', '.join(sorted(allowed))}"
                    what = _a(record.kind) if not prefix else f"{_a(record.kind)}'s {prefix[0][:-1]}"
                    where = _field_name((*prefix, "sources", i, "supports"))
                    yield (*prefix, "sources", i, "supports", j), "ACC104", f"{where}: '{name}' is not a field of {what}{suggestion}"


def _validate_provenance(record: Record, index: dict[str, str]) -> Iterator[Finding]:
    """ACC502: every fact field stated must be named in the `supports` of one of its own sources."""
    for prefix, part in sourced_parts(record.fields):
        if "sources" not in part.__dict__:
            continue  # the sources themselves are malformed (reported as such): nothing to judge by
        sources = part.__dict__["sources"]
        supported = {name for source in sources for name in source.supports}
        for name in getattr(type(part), "facts", ()):
            if name in supported or value(part, name) in (None, [], ""):
                continue
            where = _field_name((*prefix, name))
            if not sources:
                fix = f"give {_field_name(prefix) if prefix else 'the record'} a source whose text states it, with supports: [{name}]"
            else:
                fix = f"add '{name}' to the supports of the source whose text states it"
            if not type(part).model_fields[name].is_required():
                fix += ", or leave the field out and say in notes that no source was found"
            yield (*prefix, name), "ACC502", f"{where} has no source: {fix}"


def _validate_disputes(record: Record, index: dict[str, str]) -> Iterator[Finding]:
    """ACC104, ACC503: a dispute is about a field of the record, and each reading cites one of its sources."""
    f = record.fields
    allowed = sorted(set(type(f).model_fields) - {"disputed", "sources", "notes", "related"})
    urls = {value(source, "url") for source in value(f, "sources", [])}  # a source with a bad url has none
    for i, dispute in enumerate(value(f, "disputed", [])):
        if dispute.field not in allowed:
            hint = difflib.get_close_matches(dispute.field, allowed, n=1)
            suggestion = f"did you mean '{hint[0]}'?" if hint else f"allowed: {', '.join(allowed)}"
            yield ("disputed", i, "field"), "ACC104", f"disputed[{i}].field: '{dispute.field}' is not a field of {_a(record.kind)}; {suggestion}"
        for j, reading in enumerate(dispute.readings):
            for k, url in enumerate(reading.sources):
                if url not in urls:
                    yield ("disputed", i, "readings", j, "sources", k), "ACC503", (
                        f"disputed[{i}].readings[{j}].sources names a URL that is not among this record's sources: "
                        "list the page under sources (with what it supports) and copy its url exactly")


def _a(noun: str) -> str:
    """The noun with its indefinite article: 'an agreement', 'a person'."""
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


_PLURALS = {"family": "families", "person": "people", "country": "countries"}


def _either(nouns: Iterable[str], plural: bool = False) -> str:
    """'a person'; 'an agreement, a dialogue or an event'; with plural: 'agreements, dialogues and events'."""
    words = [_PLURALS.get(noun, noun + "s") if plural else _a(noun) for noun in sorted(nouns)]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {'and' if plural else 'or'} {words[-1]}"


_RULES = (
    _validate_date_order, _validate_rounds, _validate_editions, _validate_references, _validate_relations, _validate_country,
    _validate_sources_support, _validate_provenance, _validate_disputes,
)
