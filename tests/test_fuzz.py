"""Property-based fuzzing: whatever a file holds, load → check → render ends in valid records or in
diagnostics with a code, a file and a line; never an exception, never a hang.

A few hundred examples run in the default suite; `pytest -m fuzz` runs 12,000.
"""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accords.check import check
from accords.diagnostics import CODES
from accords.exports import exports
from accords.knowledge import build_kb
from accords.load import RawRecord
from accords.render import render
from accords.schema import KINDS
from accords.site import Site
from accords.yamlsafe import parse
from conftest import BASE, REPO

AS_OF = dt.date(2026, 11, 25)


def _raw(path: str, content: bytes) -> tuple[RawRecord | None, list]:
    folder, name = path.split("/")
    kind = next(k for k, model in KINDS.items() if model.folder == folder)
    doc, problems = parse(content, f"data/{path}")
    return (RawRecord(f"data/{path}", kind, name[:-5], doc) if doc is not None else None), problems


BASE_RAWS = [_raw(path, text.encode())[0] for path, text in BASE.items()]
REAL_TEXTS = sorted(p.read_bytes() for p in (REPO / "data").rglob("*.yaml"))
FIELD_NAMES = sorted({name for model in KINDS.values() for name in model.model_fields} | {"from", "url", "person", "number"})
SNIPPETS = [
    ":", ": ", "- ", "&a ", "*a", "<<: ", "!!python/object ", "!!binary ", "\t", "'", '"', "{", "}", "[", "]",
    "#", "|", ">", "\n", "  ", "~", "NO", "on", "0755", "1e3", ".inf", "2016-02-30", "06/02/2025", "2016-13",
    "javascript:alert(1)", "//evil", "<script>", "{{ x }}", "{: .x }", "\x00", "\ufeff", "\u202e", "\r\n", "? ",
    "--- ", "...", "%YAML 1.1\n", "\xff",
]


def run_pipeline(kind_folder: str, content: bytes) -> None:
    """The property: only valid records or well-formed diagnostics come out."""
    raw, problems = _raw(f"{kind_folder}/fuzz.yaml", content)
    records, found = check(BASE_RAWS + ([raw] if raw else []))
    problems = problems + found
    for d in problems:
        assert d.code in CODES and d.path and d.line >= 1 and d.col >= 1 and d.message, d
    if not problems:
        kb = build_kb(records, AS_OF)
        pages = render(kb, Site())
        assert all(isinstance(text, str) for text in pages.values())
        exports(kb, Site())


FOLDERS = st.sampled_from(sorted(model.folder for model in KINDS.values()))


@st.composite
def mutated_records(draw) -> bytes:
    """A real record with a few random edits: YAML punctuation and traps inserted, lines cut."""
    text = bytearray(draw(st.sampled_from(REAL_TEXTS)))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(("insert", "delete", "replace")))
        snippet = draw(st.sampled_from(SNIPPETS)).encode("utf-8", "surrogatepass") if draw(st.booleans()) else draw(st.binary(max_size=4))
        if action == "insert":
            text[at:at] = snippet
        elif action == "delete":
            del text[at : at + draw(st.integers(1, 40))]
        else:
            text[at : at + len(snippet)] = snippet
    return bytes(text)


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 3000), st.floats(allow_nan=True),
    st.text(max_size=30), st.sampled_from(["IN", "US", "NO", "alpha", "talks", "jane-doe", "2016-08-29", "2016", "https://example.org/x", "javascript:x"]),
)
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=8)), inner, max_size=6),
    ),
    max_leaves=25,
)


def _as_yaml(data: object) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True).encode()


QUICK = settings(max_examples=150, deadline=timedelta(seconds=5), suppress_health_check=[HealthCheck.too_slow])
LONG = settings(max_examples=4000, deadline=timedelta(seconds=5), suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _check_text(folder: str, text: str) -> None:
    run_pipeline(folder, text.encode("utf-8", "surrogatepass"))


def _check_mutation(folder: str, content: bytes) -> None:
    run_pipeline(folder, content)


def _check_document(folder: str, data: object) -> None:
    run_pipeline(folder, _as_yaml(data))


test_random_text = QUICK(given(FOLDERS, st.text())(_check_text))
test_mutated_real_records = QUICK(given(FOLDERS, mutated_records())(_check_mutation))
test_random_documents = QUICK(given(FOLDERS, documents)(_check_document))

test_random_text_long = pytest.mark.fuzz(LONG(given(FOLDERS, st.text())(_check_text)))
test_mutated_real_records_long = pytest.mark.fuzz(LONG(given(FOLDERS, mutated_records())(_check_mutation)))
test_random_documents_long = pytest.mark.fuzz(LONG(given(FOLDERS, documents)(_check_document)))

