"""The account tests read English: service messages and pages (tests/conftest.py)."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.fixture(autouse=True)
def _in_english(english: None, english_client: Client) -> None:
    """Messages and pages asserted in English, whatever the translators put in the .po files."""
