"""Building ahead under `mkdocs serve`: a change is built in the background as soon as it is saved,
and the server's own build then reuses that work only while no file has changed since."""

from __future__ import annotations

import time

import pytest

from accords import ahead as ahead_module
from accords import output as output_module
from accords.ahead import BuildAhead
from accords.output import outputs_with_database
from accords.site import Site
from conftest import ALPHA, write_data

SITE = Site()


@pytest.fixture
def builds(monkeypatch):
    """How many times the records were built since the fixture started."""
    count = {"n": 0}

    def counting(*args):
        count["n"] += 1
        return outputs_with_database(*args)

    monkeypatch.setattr(output_module, "outputs_with_database", counting)
    return count


@pytest.fixture
def settled(monkeypatch):
    """Files count as written long ago, so that a build that read them may be reused."""
    monkeypatch.setattr(ahead_module, "_RACY_NS", 0)


def _until(condition, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_nothing_changed_nothing_built_again(tmp_path, builds, settled, monkeypatch):
    looks = []
    stamp = ahead_module._stamp
    monkeypatch.setattr(ahead_module, "_stamp", lambda folders: looks.append(1) or stamp(folders))
    ahead = BuildAhead(write_data(tmp_path), SITE)  # watching from here on
    try:
        first = ahead.outputs(SITE)
        assert ahead.outputs(SITE) is first
        time.sleep(0.5)  # the build read every file: that is no change, and wakes nothing
        assert builds["n"] == 1 and len(looks) == 2
    finally:
        ahead.stop()


def test_a_saved_edit_is_built_before_the_server_asks(tmp_path, builds, settled):
    data = write_data(tmp_path)
    ahead = BuildAhead(data, SITE)
    try:
        ahead.outputs(SITE)
        (data / "agreements" / "alpha.yaml").write_text(ALPHA.replace("Alpha Agreement", "Edited Agreement"))
        assert _until(lambda: builds["n"] == 2), "the edit was not built in the background"
        problems, pages = ahead.outputs(SITE)
        assert builds["n"] == 2
        assert not problems and "Edited Agreement" in pages["agreements/alpha.md"]
    finally:
        ahead.stop()


def test_an_edit_the_background_has_not_seen_is_built_when_asked(tmp_path, builds, settled):
    data = write_data(tmp_path)
    ahead = BuildAhead(data, SITE)
    ahead.stop()  # no background builds: only the comparison of files is left to notice the edit
    ahead.outputs(SITE)
    (data / "agreements" / "alpha.yaml").write_text(ALPHA.replace("Alpha Agreement", "Edited Agreement"))
    problems, pages = ahead.outputs(SITE)
    assert builds["n"] == 2 and "Edited Agreement" in pages["agreements/alpha.md"]


def test_a_file_written_just_now_is_not_trusted(tmp_path, builds, monkeypatch):
    monkeypatch.setattr(ahead_module, "_RACY_NS", 3_600 * 10**9)  # written within the hour
    ahead = BuildAhead(write_data(tmp_path), SITE)
    ahead.stop()
    ahead.outputs(SITE)
    ahead.outputs(SITE)
    assert builds["n"] == 2, "a second write in the same clock tick could have left time and size as they were"


def test_other_site_settings_are_built_anew(tmp_path, builds, settled):
    ahead = BuildAhead(write_data(tmp_path), SITE)
    ahead.stop()
    ahead.outputs(SITE)
    ahead.outputs(Site(url="https://example.org/accords/"))
    assert builds["n"] == 2


def test_problems_are_given_instead_of_pages(tmp_path, settled):
    data = write_data(tmp_path, {"agreements/alpha.yaml": ALPHA.replace("signed: 2016-08-29", "signed: someday")})
    ahead = BuildAhead(data, SITE)
    ahead.stop()
    problems, pages = ahead.outputs(SITE)
    assert [p.code for p in problems] == ["ACC301"] and pages == {}


def test_an_edited_template_is_built_again(tmp_path, builds, settled):
    data, templates = write_data(tmp_path), tmp_path / "templates"
    templates.mkdir()
    ahead = BuildAhead(data, SITE, also=[templates])
    try:
        ahead.outputs(SITE)
        (templates / "page.md.j2").write_text("new")
        assert _until(lambda: builds["n"] == 2), "a template edit was not built in the background"
    finally:
        ahead.stop()
