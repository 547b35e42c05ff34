"""A second IKM with the same name, owner and village and no NIB is not created silently: the
page asks "is this the same IKM?" showing the existing one, the service and the API refuse
unless the caller confirms it is a different IKM. Nothing is stored on a refusal."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ovop.accounts.models import User
from ovop.enterprises import services
from ovop.enterprises.models import Enterprise
from ovop.regions.models import Region
from tests.conftest import login
from tests.enterprises.test_validation import enterprise_payload
from tests.factories import EnterpriseFactory


@pytest.fixture
def existing(village_a: Region) -> Enterprise:
    return EnterpriseFactory(  # type: ignore[no-any-return]
        name="Kerupuk Lestari", owner_name="Bu Sari", village=village_a
    )


def _create(client: Client, place: Region, **changes: Any) -> Any:
    payload = enterprise_payload(place, nib="", **changes)
    return client.post(reverse("enterprises:create"), payload)


def _question(existing: Enterprise, archived: str = "") -> str:
    return (
        "Is this the same IKM? Already registered with the same name, owner and village: "
        f"Kerupuk Lestari (owner Bu Sari, Desa Alfa, no. {existing.pk}{archived}). Open it "
        "instead of registering it again, or confirm that this is a different IKM."
    )


def test_page_asks_showing_the_existing_one_and_stores_nothing(
    client: Client, officer: User, existing: Enterprise
) -> None:
    login(client, officer)
    response = _create(client, existing.village)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"confirm_distinct": [_question(existing)]}
    assert form.duplicates == [existing]
    html = response.content.decode()
    assert "Is this the same IKM?" in html
    assert f'<a href="{existing.get_absolute_url()}">Kerupuk Lestari</a>' in html
    assert 'type="checkbox" name="confirm_distinct"' in html
    assert "This is a different IKM, create it anyway" in html
    assert list(Enterprise.objects.values_list("pk", flat=True)) == [existing.pk]


def test_page_creates_it_once_confirmed(
    client: Client, facilitator: User, existing: Enterprise
) -> None:
    login(client, facilitator)
    response = _create(client, existing.village, confirm_distinct="on")
    assert response.status_code == 302
    assert Enterprise.objects.filter(name="Kerupuk Lestari").count() == 2


def test_first_page_shows_no_question(client: Client, officer: User, village_a: Region) -> None:
    login(client, officer)
    html = client.get(reverse("enterprises:create")).content.decode()
    assert 'type="hidden" name="confirm_distinct"' in html
    assert "This is a different IKM" not in html
    assert "Is this the same IKM?" not in html


@pytest.mark.parametrize(
    "changes",
    [{"name": "  kerupuk   LESTARI "}, {"owner_name": "bu sari"}],
)
def test_case_and_spaces_do_not_hide_a_duplicate(
    client: Client, officer: User, existing: Enterprise, changes: dict[str, str]
) -> None:
    login(client, officer)
    response = _create(client, existing.village, **changes)
    assert list(response.context["form"].errors) == ["confirm_distinct"]
    assert Enterprise.objects.count() == 1


def test_an_archived_one_is_named_as_archived(
    client: Client, officer: User, existing: Enterprise
) -> None:
    existing.archived_at = timezone.now()
    existing.save()
    login(client, officer)
    response = _create(client, existing.village)
    assert response.context["form"].errors == {
        "confirm_distinct": [_question(existing, ", archived")]
    }
    assert Enterprise.objects.count() == 1


@pytest.mark.parametrize(
    "changes",
    [{"nib": "9120001234567"}, {"owner_name": "Pak Budi"}, {"name": "Kerupuk Lestari 2"}],
)
def test_a_nib_or_another_name_or_owner_is_no_question(
    client: Client, officer: User, existing: Enterprise, changes: dict[str, str]
) -> None:
    login(client, officer)
    payload = enterprise_payload(existing.village, **{"nib": "", **changes})
    response = client.post(reverse("enterprises:create"), payload)
    assert response.status_code == 302
    assert Enterprise.objects.count() == 2


def test_another_village_is_no_question(
    client: Client, officer: User, existing: Enterprise, village_b: Region
) -> None:
    login(client, officer)
    assert _create(client, village_b).status_code == 302
    assert Enterprise.objects.count() == 2


def test_edit_form_has_no_question(client: Client, officer: User, existing: Enterprise) -> None:
    login(client, officer)
    form = client.get(reverse("enterprises:edit", args=[existing.pk])).context["form"]
    assert "confirm_distinct" not in form.fields


def _data(place: Region) -> dict[str, Any]:
    return {"name": "Kerupuk Lestari", "owner_name": "Bu Sari", "village": place}


def test_service_refuses_without_confirmation(officer: User, existing: Enterprise) -> None:
    with pytest.raises(ValidationError) as caught:
        services.enterprise_create(user=officer, data=_data(existing.village))
    assert caught.value.message_dict == {"confirm_distinct": [_question(existing)]}
    assert Enterprise.objects.count() == 1
    created = services.enterprise_create(
        user=officer, data=_data(existing.village), confirm_distinct=True
    )
    assert created.pk != existing.pk
    assert Enterprise.objects.count() == 2


def _post(client: Client, place: Region, **changes: Any) -> Any:
    body = {"name": "Kerupuk Lestari", "owner_name": "Bu Sari", "village": place.code}
    body.update(changes)
    return client.post("/api/v1/enterprises/", body, content_type="application/json")


def test_api_answers_400_naming_the_likely_duplicate(
    client: Client, officer: User, existing: Enterprise
) -> None:
    login(client, officer)
    before = list(Enterprise.objects.values_list("pk", "name", "owner_name", "updated_at"))
    response = _post(client, existing.village)
    assert response.status_code == 400
    assert response.json() == {
        "error": _question(existing),
        "fields": {"confirm_distinct": [_question(existing)]},
    }
    after = list(Enterprise.objects.values_list("pk", "name", "owner_name", "updated_at"))
    assert after == before


def test_api_creates_it_when_confirmed_distinct(
    client: Client, officer: User, existing: Enterprise
) -> None:
    login(client, officer)
    response = _post(client, existing.village, confirm_distinct=True)
    assert response.status_code == 201
    body = response.json()
    assert body["id"] != existing.pk
    assert (body["name"], body["owner_name"], body["village"]) == (
        "Kerupuk Lestari",
        "Bu Sari",
        existing.village.code,
    )
    assert Enterprise.objects.count() == 2
