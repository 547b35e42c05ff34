"""Programme fixtures: a village in another regency; the personas, villages A and B, `programme`,
`membership_a` and the products come from tests/conftest.py. Messages and pages in English."""

from __future__ import annotations

import pytest
from django.test import Client

from ovop.regions.models import Region
from tests.factories import village


@pytest.fixture(autouse=True)
def _in_english(english: None, english_client: Client) -> None:
    """Messages and pages asserted in English, whatever the translators put in the .po files."""


@pytest.fixture
def other_regency_village(db: None) -> Region:
    return village("98.01.01.2001", "Desa Gamma")
