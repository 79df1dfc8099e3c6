"""The collector is paused during a build and always resumed after it, however the build ends."""

from __future__ import annotations

import gc

import pytest

from accords.gcpause import without_gc
from accords.output import outputs
from accords.site import Site
from conftest import write_data


@pytest.fixture(autouse=True)
def _collector_on():
    gc.enable()
    yield
    gc.enable()


def test_paused_inside_and_resumed_after():
    seen = without_gc(gc.isenabled)()
    assert seen is False and gc.isenabled()


def test_resumed_after_an_exception():
    @without_gc
    def fails():
        raise ValueError("bad record")

    with pytest.raises(ValueError):
        fails()
    assert gc.isenabled()


def test_only_the_outermost_pause_resumes():
    inner = without_gc(lambda: None)

    @without_gc
    def outer():
        inner()
        return gc.isenabled()

    assert outer() is False and gc.isenabled()


def test_left_paused_if_the_caller_had_paused_it():
    gc.disable()
    without_gc(lambda: None)()
    assert not gc.isenabled()


def test_a_whole_build_resumes_it(tmp_path):
    problems, pages = outputs(write_data(tmp_path), Site())
    assert problems == [] and pages and gc.isenabled()
