"""The home page counts only what the signed-in user works with (issue: a facilitator of one
village read "6 / 63 kecamatan / villages")."""

from __future__ import annotations

import pytest
from django.test import Client

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise
from ovop.overview.selectors import home_stats
from ovop.regions.models import Region
from tests.conftest import login
from tests.factories import village


@pytest.fixture
def third_village(db: None) -> Region:
    # A second village in kecamatan 99.01.01, beside village_a.
    return village("99.01.01.2002", "Desa Gama")


@pytest.mark.django_db
def test_officer_counts_every_village_and_kecamatan(
    officer: User, village_a: Region, village_b: Region, third_village: Region
) -> None:
    stats = home_stats(user=officer)
    assert (stats["kecamatan"], stats["villages"]) == (2, 3)


@pytest.mark.django_db
def test_facilitator_counts_only_her_villages(
    facilitator: User, village_b: Region, third_village: Region
) -> None:
    stats = home_stats(user=facilitator)
    assert (stats["kecamatan"], stats["villages"]) == (1, 1)


@pytest.mark.django_db
def test_owner_counts_the_village_of_their_enterprise(
    owner: User, enterprise_x: Enterprise, enterprise_y: Enterprise, third_village: Region
) -> None:
    stats = home_stats(user=owner)
    assert (stats["kecamatan"], stats["villages"], stats["enterprises"]) == (1, 1, 1)


@pytest.mark.django_db
def test_home_page_shows_the_facilitators_counts(
    client: Client, facilitator: User, village_b: Region, third_village: Region
) -> None:
    page = login(client, facilitator).get("/").content.decode()
    assert 'class="stat">1 / 1</div>' in page
