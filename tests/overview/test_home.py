"""The home page (ovop.overview.views): the counts of what the signed-in user works with."""

from __future__ import annotations

import pytest
from django.test import Client

from ovop.accounts.models import User
from tests.conftest import login


@pytest.mark.django_db
def test_home_shows_counts_for_the_user(
    client: Client, officer: User, enterprise_x: object
) -> None:
    page = login(client, officer).get("/").content.decode()
    assert 'class="stat">1</div>' in page
