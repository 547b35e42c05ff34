"""A serving process settles at start (``ovop.core.process.settle``, run by the WSGI entry
point): the views are imported and the objects alive are frozen out of the collector's full
passes."""

from __future__ import annotations

import gc
import importlib
import sys

import pytest

from ovop.core.process import settle


def test_settle_freezes_the_start_objects_and_loads_the_views() -> None:
    try:
        frozen = settle()
        # a frozen object whose last reference goes (a frame, a cache entry) is still freed by
        # its reference count: the count may fall by a few, never rise
        assert 0 <= frozen - gc.get_freeze_count() < 1_000
        assert frozen > 10_000
        assert "ovop.overview.views" in sys.modules
        # made after the freeze: walked (and collected) as before
        cycle: list[object] = []
        cycle.append(cycle)
        del cycle
        assert gc.collect() >= 1
    finally:
        gc.unfreeze()


def test_the_wsgi_entry_point_settles(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bool] = []
    monkeypatch.setattr("ovop.core.process.settle", lambda: calls.append(True) or 0)
    sys.modules.pop("ovop.wsgi", None)
    module = importlib.import_module("ovop.wsgi")
    assert calls == [True] and callable(module.application)
