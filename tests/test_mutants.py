"""Tests written against planted bugs (issue 18) and surviving mutants: each asserts behaviour that
a plausible slip in check, model, exports, links or render would change. docs/about/development/mutation.md lists
which planted bug each one kills."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import http.server
import io
import json
import re
import threading
from collections.abc import Iterator

import pytest

from accords import cli, links, mdtext
from accords.exports import exports
from accords.pipeline import build
from accords.record_pages import record_page_data
from accords.render import render
from accords.site import Site
from conftest import ALPHA, BASE, REPO, write_data

A = "agreements/alpha.yaml"
F = "frameworks/beta.yaml"
SUPPORTS = "supports: [instrument, signed, place, signatories]"
AS_OF = dt.date(2026, 11, 25)


def alpha(*more: str, supports: tuple[str, ...] = ()) -> str:
    """ALPHA with more lines at its end, its source supporting the named fields too."""
    text = ALPHA.replace(SUPPORTS, SUPPORTS[:-1] + "".join(f", {n}" for n in supports) + "]") if supports else ALPHA
    return text + "".join(line + "\n" for line in more)


FRAMEWORK = """\
title: Beta Framework
instrument: framework
summary: A framework renewed over the years.
parties: [IN, US]
signed: 2010-05
sources:
  - {title: A page, url: https://example.org/beta, type: official, supports: [instrument, signed, period]}
"""

RENEWAL = "  - date: {date}\n    sources: [{{title: R, url: https://example.org/r{n}, type: news, supports: [date]}}]\n"

PERSON = """\
name: Jane Doe
roles:
  - title: Minister
    from: {start}
    to: {end}
sources:
  - title: A page
    url: https://example.org/jane
    type: news
"""

EVENT = """\
title: A visit
summary: A visit of several days.
date: {start}
end: {end}
type: visit
sources:
  - {{title: S, url: https://example.org/s, type: official, supports: [date, end]}}
"""


# ---------------------------------------------------------------------------------------------
# check.py: every date-order rule (ACC302), with the exact message on the exact line
# ---------------------------------------------------------------------------------------------

# (case, changes, file, line, message)
OUT_OF_ORDER = [
    ("expires before signed", {A: alpha("expires: 2015-12", supports=("expires",))}, A, 20,
     "expires (2015-12) is before signed (2016-08-29)"),
    ("expires before in force", {A: alpha("in_force: 2017", "expires: 2016-12-31", supports=("in_force", "expires"))}, A, 21,
     "expires (2016-12-31) is before in_force (2017)"),
    ("in force before signed", {A: alpha("in_force: 2016-08-28", supports=("in_force",))}, A, 20,
     "in_force (2016-08-28) is before signed (2016-08-29)"),
    ("a renewal before signing", {F: FRAMEWORK + "renewals:\n" + RENEWAL.format(date="2009", n=1)}, F, 9,
     "renewals[0].date (2009) is before signed (2010-05)"),
    ("the second renewal before signing", {F: FRAMEWORK + "renewals:\n" + RENEWAL.format(date="2015", n=1) + RENEWAL.format(date="2010-04-30", n=2)},
     F, 11, "renewals[1].date (2010-04-30) is before signed (2010-05)"),
    ("a period that ends before it starts", {F: FRAMEWORK + "period: {start: 2010, end: 2009}\n"}, F, 8,
     "period.end (2009) is before period.start (2010)"),
    ("a role that ends before it starts", {"people/jane-doe.yaml": PERSON.format(start="2019-05", end="2019-04")}, "people/jane-doe.yaml", 5,
     "roles[0].to (2019-04) is before roles[0].from (2019-05)"),
    ("an event that ends before it starts", {"events/visit.yaml": EVENT.format(start="2020-01-02", end="2020-01-01")}, "events/visit.yaml", 4,
     "end (2020-01-01) is before date (2020-01-02)"),
]


@pytest.mark.parametrize(("name", "changes", "file", "line", "message"), OUT_OF_ORDER, ids=[c[0] for c in OUT_OF_ORDER])
def test_dates_out_of_order_are_reported(diagnose, name, changes, file, line, message):
    found = [(d.path, d.line, d.code, d.message) for d in diagnose(changes)]
    assert found == [(f"data/{file}", line, "ACC302", message)]


# Dates that are in order, or not certainly out of order at their precisions: no problem.
IN_ORDER = [
    ("expires after signed", {A: alpha("expires: 2026-08-29", supports=("expires",))}),
    ("expires in the year of signing", {A: alpha("expires: 2016", supports=("expires",))}),
    ("expires on the day of signing", {A: alpha("expires: 2016-08-29", supports=("expires",))}),
    ("in force in the month of signing", {A: alpha("in_force: 2016-08", supports=("in_force",))}),
    ("a renewal in the month of signing", {F: FRAMEWORK + "renewals:\n" + RENEWAL.format(date="2010-05-31", n=1)}),
    ("a renewal in the year of signing", {F: FRAMEWORK + "renewals:\n" + RENEWAL.format(date="2010", n=1)}),
    ("a one-year period", {F: FRAMEWORK + "period: {start: 2010, end: 2010}\n"}),
    ("a role within one month", {"people/jane-doe.yaml": PERSON.format(start="2019-05-02", end="2019-05")}),
    ("a role of one day", {"people/jane-doe.yaml": PERSON.format(start="2019-05-02", end="2019-05-02")}),
    ("a one-day event", {"events/visit.yaml": EVENT.format(start="2020-01-02", end="2020-01-02")}),
]


@pytest.mark.parametrize(("name", "changes"), IN_ORDER, ids=[c[0] for c in IN_ORDER])
def test_dates_in_order_pass(diagnose, name, changes):
    assert [str(d) for d in diagnose(changes)] == []


# ---------------------------------------------------------------------------------------------
# knowledge.py: an expiry has passed only once its latest possible day has
# ---------------------------------------------------------------------------------------------

# (fields added to ALPHA, as of, status, reason)
EXPIRY = [
    (("expires: 2026",), dt.date(2026, 1, 2), "signed",
     "signed 29 Aug 2016; no source gives its entry into force until 2026 (as recorded)"),
    (("expires: 2026",), dt.date(2026, 12, 31), "signed",
     "signed 29 Aug 2016; no source gives its entry into force until 2026 (as recorded)"),
    (("expires: 2026",), dt.date(2027, 1, 1), "expired", "expired 2026 (as recorded)"),
    (("expires: 2026-11",), dt.date(2026, 11, 30), "signed",
     "signed 29 Aug 2016; no source gives its entry into force until Nov 2026 (as recorded)"),
    (("expires: 2026-11",), dt.date(2026, 12, 1), "expired", "expired Nov 2026 (as recorded)"),
    (("expires: 2026-11-25",), dt.date(2026, 11, 25), "signed",
     "signed 29 Aug 2016; no source gives its entry into force until 25 Nov 2026 (as recorded)"),
    (("expires: 2026-11-25",), dt.date(2026, 11, 26), "expired", "expired 25 Nov 2026 (as recorded)"),
    (("duration: 10 years",), dt.date(2026, 8, 29), "signed",
     "signed 29 Aug 2016; no source gives its entry into force until 29 Aug 2026 (10 years after signing)"),
    (("duration: 10 years",), dt.date(2026, 8, 30), "expired", "expired 29 Aug 2026 (10 years after signing)"),
    (("in_force: 2017", "duration: 5 years"), dt.date(2022, 12, 31), "in-force",
     "in force since 2017 until 2022 (5 years after entry into force)"),
    (("in_force: 2017", "duration: 5 years"), dt.date(2023, 1, 1), "expired", "expired 2022 (5 years after entry into force)"),
    (("in_force: 2017?", "duration: 5 years"), dt.date(2023, 1, 1), "expired",
     "expired 2022 (uncertain) (5 years after entry into force)"),
    (("in_force: 2017",), dt.date(2017, 1, 1), "in-force", "in force since 2017"),
    (("in_force: 2017",), dt.date(2016, 12, 31), "signed", "signed 29 Aug 2016; no source gives its entry into force"),
    ((), dt.date(2016, 8, 29), "signed", "signed 29 Aug 2016; no source gives its entry into force"),
    ((), dt.date(2016, 8, 28), "unknown", "no signing or entry-into-force date is recorded"),
    (("status: terminated",), dt.date(2016, 8, 28), "terminated", "as recorded in the record"),
]


@pytest.mark.parametrize(("more", "as_of", "status", "reason"), EXPIRY, ids=[f"{' '.join(e[0])} as of {e[1]}" for e in EXPIRY])
def test_status_as_of_a_date(tmp_path, more, as_of, status, reason):
    fields = tuple(line.split(":")[0] for line in more)
    kb, problems = build(write_data(tmp_path, {A: alpha(*more, supports=fields)}), as_of)
    assert problems == []
    found = kb.status(kb.by_id["alpha"])
    assert (found.value, found.reason, found.as_of) == (status, reason, as_of)


def test_an_expiry_is_on_the_timeline_once_it_has_passed(tmp_path):
    data = write_data(tmp_path, {A: alpha("duration: 10 years", supports=("duration",))})
    expired = build(data, dt.date(2026, 8, 30))[0]
    assert [(str(e.date), e.what) for e in expired.entries(expired.by_id["alpha"])] == [
        ("2016-08-29", "signed"), ("2026-08-29", "expired (10 years after signing)")]
    running = build(data, dt.date(2026, 8, 29))[0]
    assert [e.what for e in running.entries(running.by_id["alpha"])] == ["signed"]


# ---------------------------------------------------------------------------------------------
# exports.py: no CSV cell can start a spreadsheet formula
# ---------------------------------------------------------------------------------------------


def _csv_rows(tmp_path, text: str) -> list[dict[str, str]]:
    kb, problems = build(write_data(tmp_path, {A: text}), AS_OF)
    assert problems == []
    return list(csv.DictReader(io.StringIO(exports(kb, Site())["downloads/agreements.csv"])))


@pytest.mark.parametrize(("title", "cell"), [
    ("=1+1", "'=1+1"), ("+1 Agreement", "'+1 Agreement"), ("-1+1", "'-1+1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("1-1 Agreement", "1-1 Agreement"), ("A=B", "A=B"), ("'Quoted'", "'Quoted'"), ("Alpha Agreement", "Alpha Agreement"),
])
def test_csv_text_that_a_spreadsheet_would_run_starts_with_an_apostrophe(tmp_path, title: str, cell: str):
    rows = _csv_rows(tmp_path, alpha().replace("title: Alpha Agreement", f"title: {json.dumps(title)}"))  # JSON strings are YAML
    assert rows[0]["title"] == cell


@pytest.mark.parametrize("field", ["short_title", "place"])
def test_a_minus_sign_cannot_start_a_formula_in_any_text_column(tmp_path, field: str):
    text = alpha().replace("short_title: ALPHA", "short_title: '-2+3'") if field == "short_title" else alpha().replace("place: Washington", "place: '-2+3'")
    assert _csv_rows(tmp_path, text)[0][field] == "'-2+3"


# ---------------------------------------------------------------------------------------------
# links.py: a server that refuses HEAD is asked again with GET
# ---------------------------------------------------------------------------------------------


class _PickyHandler(http.server.BaseHTTPRequestHandler):
    """/head-NNN refuses HEAD with NNN and serves GET; /get-NNN refuses HEAD with 405 and GET with NNN;
    /ok serves both; anything else is 404."""

    def do_HEAD(self) -> None:  # noqa: N802 - the name http.server calls
        self._answer(int(self.path[6:]) if self.path.startswith("/head-") else 405 if self.path.startswith("/get-") else self._ok_or_404())

    def do_GET(self) -> None:  # noqa: N802
        self._answer(int(self.path[5:]) if self.path.startswith("/get-") else 200 if self.path.startswith("/head-") else self._ok_or_404())

    def _ok_or_404(self) -> int:
        return 200 if self.path == "/ok" else 404

    def _answer(self, code: int) -> None:
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def _picky_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _PickyHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.mark.parametrize(("path", "outcome"), [
    ("/ok", ""),
    ("/head-405", ""),  # Method Not Allowed: GET answers
    ("/head-403", ""),  # some sites forbid HEAD to robots
    ("/head-501", ""),  # Not Implemented
    ("/head-404", "answered HTTP 404"),  # a page that is gone is not asked again
    ("/head-500", "answered HTTP 500"),
    ("/get-410", "answered HTTP 410"),  # HEAD refused, and GET fails too
    ("/get-403", "answered HTTP 403"),
    ("/gone", "answered HTTP 404"),
])
def test_probe_falls_back_to_get_only_when_head_is_refused(path: str, outcome: str):
    with _picky_server() as base:
        assert links._probe(base + path, timeout=5) == outcome


def test_a_url_nothing_answers_is_reported_in_words():
    with _picky_server() as base:
        pass  # the server is closed: its port refuses connections
    assert links._probe(base + "/ok", timeout=5).startswith("did not answer: ")


def test_accords_links_accepts_a_site_that_refuses_head(tmp_path, monkeypatch, capsys):
    with _picky_server() as base:
        write_data(tmp_path, {name: re.sub(r"https://example\.org/[a-z0-9]+", f"{base}/head-405", text) for name, text in BASE.items()})
        monkeypatch.chdir(tmp_path)
        assert cli.main(["links", "--data", "data", "--timeout", "5"]) == 0
    assert capsys.readouterr().out == ""


# ---------------------------------------------------------------------------------------------
# render.py: a page's data hold the statuses it shows; the home page's "Start here"
# ---------------------------------------------------------------------------------------------


def test_a_record_pages_data_change_with_its_status(tmp_path):
    """Rebuilds reuse a record page while its page data are equal: an expiry passing changes them."""
    data = write_data(tmp_path, {A: alpha("expires: 2020", supports=("expires",))})
    running, again, expired = (build(data, as_of)[0] for as_of in (dt.date(2019, 6, 1), dt.date(2019, 6, 1), dt.date(2021, 6, 1)))
    assert [kb.status(kb.by_id["alpha"]).value for kb in (running, again, expired)] == ["signed", "signed", "expired"]

    def shown(kb, record_id):
        return record_page_data(kb, kb.by_id[record_id], {})

    assert shown(running, "alpha") == shown(again, "alpha")
    assert shown(running, "alpha") != shown(expired, "alpha")


START_HERE = ["timeline.md", "pairs/index.md", "families/index.md", "domains.md", "years/index.md", "about/index.md"]


def test_the_home_page_shows_the_ways_in_and_every_link_there_leads_to_a_page(tmp_path):
    kb, problems = build(write_data(tmp_path), AS_OF)
    assert problems == []
    pages = render(kb, Site())
    home = pages["index.md"]
    assert "\n## Ways in\n" in home
    section = home.split("\n## Ways in\n", 1)[1].split("\n## ", 1)[0]
    targets = re.findall(r"\]\(([^)]+)\)", section)
    assert targets == START_HERE
    hand_written = {str(p.relative_to(REPO / "docs")) for p in (REPO / "docs").rglob("*.md")}
    assert [t for t in targets if t not in pages and t not in hand_written] == []


# ---------------------------------------------------------------------------------------------
# mdtext.py: the exact escaped forms (mutation survivors)
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def fresh_escapes() -> Iterator[None]:
    """Empty the escaping caches: an answer remembered from an earlier call must not stand in for the code."""
    mdtext._inline.cache_clear()
    mdtext._text.cache_clear()
    yield
    mdtext._inline.cache_clear()
    mdtext._text.cache_clear()


@pytest.mark.parametrize(("value", "markdown"), [
    ("1984. Orwell", "1984\\. Orwell"),  # an ordered list's marker, written as text
    ("7.", "7\\."),
    ("# not a heading", "\\# not a heading"),
    ("- not an item", "\\- not an item"),
    ("+ not an item", "\\+ not an item"),
    ("! not an image", "\\! not an image"),
    ("a *b* [c] `d` _e_ {f} |g| \\h", "a \\*b\\* \\[c\\] \\`d\\` \\_e\\_ \\{f\\} \\|g\\| \\\\h"),
    ("R&D <b>", "R&amp;D &lt;b&gt;"),
    ('say "hi"', 'say "hi"'),  # quotes need no escape in Markdown text
    ("  folded \t\n space  ", "folded space"),
    ("a\u202eb\u2066c", "abc"),
    (1984, "1984"),
    (None, "None"),
])
def test_inline_escapes_exactly_what_markdown_would_read(fresh_escapes, value: object, markdown: str):
    assert str(mdtext.inline(value)) == markdown


@pytest.mark.parametrize(("value", "html_text"), [
    ('<a href="x">R&D</a>', "&lt;a href=&quot;x&quot;&gt;R&amp;D&lt;/a&gt;"),
    ("it's", "it&#x27;s"),
    ("  folded \n space ", "folded space"),
    ("a\u202eb", "ab"),
    (1984, "1984"),
])
def test_text_escapes_for_html(fresh_escapes, value: object, html_text: str):
    assert str(mdtext.text(value)) == html_text


@pytest.mark.parametrize(("value", "escaped"), [
    ('"><script>', "&quot;&gt;&lt;script&gt;"),
    ("it's", "it&#x27;s"),
    ("a\u202eb  c", "ab  c"),  # spaces kept: an attribute is not folded
    (42, "42"),
])
def test_attribute_values_cannot_leave_their_quotes(value: object, escaped: str):
    assert str(mdtext.attribute(value)) == escaped


@pytest.mark.parametrize(("value", "kept"), [('say "hi" <now>\n  indented', 'say "hi" &lt;now&gt;\n  indented'), (7, "7")])
def test_preformatted_keeps_quotes_lines_and_spaces(value: object, kept: str):
    assert str(mdtext.preformatted(value)) == kept


@pytest.mark.parametrize(("value", "stripped"), [("a\u202eb\u200fc", "abc"), ("plain", "plain"), (5, "5")])
def test_strip_controls(value: object, stripped: str):
    assert mdtext.strip_controls(value) == stripped
