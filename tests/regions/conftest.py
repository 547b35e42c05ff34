"""The region tests check messages raised outside a request in English (tests/conftest.py);
pages in English come from `english_client`."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _in_english(english: None) -> None:
    """Messages raised outside a request are checked in English (the source language)."""
