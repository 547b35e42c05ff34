"""The owner's gender of an IKM: chosen on the form (or left "not recorded"), shown on the
detail page, written and read through the API, refused by name when it is not one of the
choices; every change kept in the history."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from ovop.accounts.models import User
from ovop.enterprises import services
from ovop.enterprises.models import Enterprise, OwnerGender
from ovop.regions.models import Region
from tests.conftest import login
from tests.enterprises.test_validation import enterprise_payload


def test_the_choices_read_in_both_languages() -> None:
    assert OwnerGender.values == ["female", "male"]
    with translation.override("id"):
        assert [str(label) for label in OwnerGender.labels] == ["Perempuan", "Laki-laki"]
    with translation.override("en"):
        assert [str(label) for label in OwnerGender.labels] == ["Female", "Male"]


def test_the_form_offers_not_recorded_then_the_two_choices(
    client: Client, officer: User, village_a: Region
) -> None:
    login(client, officer)
    form = client.get(reverse("enterprises:create")).context["form"]
    assert list(form.fields["owner_gender"].choices) == [
        ("", "Not recorded"),
        ("female", "Female"),
        ("male", "Male"),
    ]


def test_the_form_saves_the_choice_and_keeps_each_change_in_the_history(
    client: Client, officer: User, village_a: Region
) -> None:
    login(client, officer)
    response = client.post(reverse("enterprises:create"), enterprise_payload(village_a))
    assert response.status_code == 302
    saved = Enterprise.objects.get()
    assert saved.owner_gender == "female"
    edit = reverse("enterprises:edit", args=[saved.pk])
    payload = enterprise_payload(village_a, owner_gender="", nib=saved.nib)
    assert client.post(edit, payload).status_code == 302
    saved.refresh_from_db()
    assert saved.owner_gender == ""  # not recorded
    history = saved.history.order_by("history_id").values_list("owner_gender", flat=True)
    assert list(history) == ["female", ""]


def test_the_detail_page_shows_the_gender_or_that_it_is_not_recorded(
    client: Client, viewer: User, enterprise_x: Enterprise
) -> None:
    login(client, viewer)
    url = reverse("enterprises:detail", args=[enterprise_x.pk])
    page = client.get(url).content.decode()
    assert '<dd><span class="muted">not recorded</span></dd>' in page
    Enterprise.objects.filter(pk=enterprise_x.pk).update(owner_gender=OwnerGender.MALE)
    page = client.get(url).content.decode()
    assert "<dd>Male</dd>" in page and "not recorded" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    page = client.get(url).content.decode()
    assert "<dt>Jenis kelamin pemilik</dt><dd>Laki-laki</dd>" in page


def test_the_service_refuses_another_value_naming_the_field(
    officer: User, village_a: Region
) -> None:
    data = {"name": "Kerupuk Lestari", "owner_name": "Bu Sari", "village": village_a}
    with pytest.raises(ValidationError) as refused:
        services.enterprise_create(user=officer, data={**data, "owner_gender": "wanita"})
    assert refused.value.message_dict == {
        "owner_gender": ["Owner's gender: Value 'wanita' is not a valid choice."]
    }
    assert not Enterprise.objects.exists()


# --- API ----------------------------------------------------------------------------------------


def _body(village: Region, **changes: object) -> dict[str, object]:
    return {"name": "Kerupuk Lestari", "owner_name": "Bu Sari", "village": village.code, **changes}


@pytest.mark.parametrize(("sent", "stored"), [("female", "female"), ("male", "male"), ("", "")])
def test_the_api_registers_the_gender_and_reads_it_back(
    client: Client, officer: User, village_a: Region, sent: str, stored: str
) -> None:
    login(client, officer)
    response = client.post(
        "/api/v1/enterprises/", _body(village_a, owner_gender=sent), "application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["owner_gender"] == stored
    assert Enterprise.objects.get().owner_gender == stored


def test_the_api_leaves_it_unrecorded_when_it_is_not_sent(
    client: Client, officer: User, village_a: Region
) -> None:
    login(client, officer)
    response = client.post("/api/v1/enterprises/", _body(village_a), "application/json")
    assert response.status_code == 201
    assert Enterprise.objects.get().owner_gender == ""


@pytest.mark.parametrize("sent", ["perempuan", "F", "other"])
def test_the_api_refuses_a_value_outside_the_choices_naming_the_field(
    client: Client, officer: User, village_a: Region, sent: str
) -> None:
    login(client, officer)
    response = client.post(
        "/api/v1/enterprises/", _body(village_a, owner_gender=sent), "application/json"
    )
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "owner_gender": [
            f"Owner's gender: “{sent}” is not female or male; leave it empty when it is not "
            "recorded."
        ]
    }
    assert not Enterprise.objects.exists()


def test_every_reader_of_the_api_sees_the_gender(
    client: Client, assessor: User, enterprise_x: Enterprise, enterprise_y: Enterprise
) -> None:
    """Like the owner's name, the gender is not one of the private fields."""
    Enterprise.objects.filter(pk=enterprise_x.pk).update(owner_gender=OwnerGender.FEMALE)
    login(client, assessor)
    body = client.get("/api/v1/enterprises/").json()
    assert [(e["name"], e["owner_gender"]) for e in body["results"]] == [
        ("Getas Alfa", "female"),
        ("Rusip Beta", ""),
    ]
    assert client.get(f"/api/v1/enterprises/{enterprise_x.pk}/").json()["owner_gender"] == "female"
