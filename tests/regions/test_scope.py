"""The region tree is read by every signed-in user (ovop.regions.scope) and by no one else."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import Client

from ovop.accounts.models import User
from ovop.regions import scope
from ovop.regions.models import Region
from tests.conftest import login


@pytest.mark.parametrize(
    "persona", ["admin_user", "officer", "viewer", "assessor", "facilitator", "owner"]
)
def test_every_signed_in_user_reads_every_region(
    persona: str, request: pytest.FixtureRequest, village_a: Region, village_b: Region
) -> None:
    user = request.getfixturevalue(persona)
    assert scope.can_read_regions(user)
    codes = set(scope.regions_visible(user).values_list("code", flat=True))
    assert codes == set(Region.objects.values_list("code", flat=True))
    assert {"99.01.01.2001", "99.01.02.2001"} <= codes


def test_no_one_else_reads_regions(village_a: Region, viewer: User) -> None:
    assert not scope.can_read_regions(AnonymousUser())
    with pytest.raises(PermissionDenied):
        scope.regions_visible(AnonymousUser())
    viewer.is_active = False
    with pytest.raises(PermissionDenied):
        scope.regions_visible(viewer)


def test_the_owner_reads_the_tree_through_the_api(
    client: Client, owner: User, village_a: Region
) -> None:
    login(client, owner)
    body = client.get("/api/v1/regions/?level=4").json()
    assert [r["code"] for r in body["results"]] == ["99.01.01.2001"]
