"""Fixtures of the enterprise tests: English active and the site's default (tests/conftest.py),
so that assertions read the source messages whatever the Indonesian catalogue holds; uploads in
a temporary folder; a second village in village A's kecamatan."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ovop.regions.models import Kind, Level, Region
from tests.factories import RegionFactory


@pytest.fixture(autouse=True)
def _in_english(english: None, english_by_default: None) -> None:
    """Messages and pages in English unless a test asks for Indonesian (`indonesian`)."""


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def kecamatan_a(village_a: Region) -> Region:
    assert village_a.parent is not None
    return village_a.parent


@pytest.fixture
def village_a2(kecamatan_a: Region) -> Region:
    """A second village in village A's kecamatan, served by nobody."""
    return RegionFactory(  # type: ignore[no-any-return]
        code="99.01.01.2002",
        name="Desa Alfa Dua",
        level=Level.VILLAGE,
        kind=Kind.DESA,
        parent=kecamatan_a,
    )
