"""Fixtures of the enterprise tests: English as the active language, so that assertions read
the source messages whatever the Indonesian catalogue holds, and a few more records."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from ovop.regions.models import Kind, Level, Region
from tests.factories import RegionFactory


@pytest.fixture(autouse=True)
def english(settings: Any) -> Iterator[None]:
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


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
