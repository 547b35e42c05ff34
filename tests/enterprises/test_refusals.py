"""Every refusal of the enterprise pages, one test each: 404 outside one's scope, 403 for a
role that may read but not change, login for the anonymous; and the rows stay as they were."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise
from ovop.regions.models import Region
from tests.conftest import login
from tests.enterprises.test_validation import enterprise_payload

PRIVATE_VALUES_X = ("+6281234567890", "1234567890123")
PRIVATE_VALUES_Y = ("+6281111111111", "9876543210987")


def snapshot(enterprise: Enterprise) -> dict[str, Any]:
    row = Enterprise.objects.filter(pk=enterprise.pk).values().get()
    row["history"] = enterprise.history.count()
    return row


def export_text(client: Client, query: str = "") -> str:
    response = client.get(reverse("enterprises:export") + query)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]


# --- anonymous --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/enterprises/", "/enterprises/export.csv", "/enterprises/new/", "/enterprises/products/"],
)
def test_anonymous_is_sent_to_login(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_anonymous_detail_is_sent_to_login(client: Client, enterprise_x: Enterprise) -> None:
    response = client.get(f"/enterprises/{enterprise_x.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# --- owner ------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["detail", "edit", "history"])
def test_owner_cannot_open_another_enterprise(
    client: Client, owner: User, enterprise_x: Enterprise, enterprise_y: Enterprise, page: str
) -> None:
    login(client, owner)
    response = client.get(reverse(f"enterprises:{page}", args=[enterprise_y.pk]))
    assert response.status_code == 404
    assert "Rusip Beta" not in response.content.decode()


def test_owner_cannot_post_edit_of_another_enterprise(
    client: Client, owner: User, enterprise_y: Enterprise, village_b: Region
) -> None:
    before = snapshot(enterprise_y)
    login(client, owner)
    response = client.post(
        reverse("enterprises:edit", args=[enterprise_y.pk]),
        enterprise_payload(village_b, name="Taken over"),
    )
    assert response.status_code == 404
    assert snapshot(enterprise_y) == before


@pytest.mark.parametrize("action", ["archive", "restore"])
def test_owner_cannot_archive_or_restore_another_enterprise(
    client: Client, owner: User, enterprise_y: Enterprise, action: str
) -> None:
    before = snapshot(enterprise_y)
    login(client, owner)
    assert client.post(reverse(f"enterprises:{action}", args=[enterprise_y.pk])).status_code == 404
    assert snapshot(enterprise_y) == before


def test_owner_list_shows_only_own_enterprise(
    client: Client, owner: User, enterprise_x: Enterprise, enterprise_y: Enterprise
) -> None:
    login(client, owner)
    response = client.get(reverse("enterprises:list") + "?active=all")
    assert [e.name for e in response.context["page_obj"]] == ["Getas Alfa"]
    page = response.content.decode()
    assert "Rusip Beta" not in page
    assert all(value not in page for value in PRIVATE_VALUES_Y)


def test_owner_search_does_not_find_another_enterprise(
    client: Client, owner: User, enterprise_x: Enterprise, enterprise_y: Enterprise
) -> None:
    login(client, owner)
    response = client.get(reverse("enterprises:list") + "?q=rusip")
    assert list(response.context["page_obj"]) == []


def test_owner_export_holds_only_own_enterprise(
    client: Client, owner: User, enterprise_x: Enterprise, enterprise_y: Enterprise
) -> None:
    login(client, owner)
    text = export_text(client, "?active=all")
    lines = text.strip().split("\r\n")
    assert len(lines) == 2
    assert lines[1].startswith(f"{enterprise_x.pk},Getas Alfa,")
    assert "Rusip Beta" not in text
    assert all(value not in text for value in PRIVATE_VALUES_Y)


def test_owner_cannot_create_an_enterprise(client: Client, owner: User, village_a: Region) -> None:
    login(client, owner)
    assert client.get(reverse("enterprises:create")).status_code == 403
    response = client.post(reverse("enterprises:create"), enterprise_payload(village_a))
    assert response.status_code == 403
    assert Enterprise.objects.count() == 0


def test_owner_edit_form_has_no_village_or_account(
    client: Client, owner: User, enterprise_x: Enterprise
) -> None:
    login(client, owner)
    form = client.get(reverse("enterprises:edit", args=[enterprise_x.pk])).context["form"]
    assert "village" not in form.fields
    assert "account" not in form.fields
    assert "nib" in form.fields


def test_owner_cannot_move_village_or_change_account_by_posting_them(
    client: Client, owner: User, owner2: User, enterprise_x: Enterprise, village_b: Region
) -> None:
    login(client, owner)
    data = enterprise_payload(village_b, name="Getas Alfa Baru", account=owner2.pk)
    data["nib"] = enterprise_x.nib
    response = client.post(reverse("enterprises:edit", args=[enterprise_x.pk]), data)
    assert response.status_code == 302
    enterprise_x.refresh_from_db()
    assert enterprise_x.name == "Getas Alfa Baru"
    assert enterprise_x.village.code == "99.01.01.2001"
    assert enterprise_x.account == owner


# --- facilitator ------------------------------------------------------------------------------


def test_facilitator_cannot_open_edit_of_enterprise_in_another_village(
    client: Client, facilitator: User, enterprise_y: Enterprise
) -> None:
    login(client, facilitator)
    assert client.get(reverse("enterprises:edit", args=[enterprise_y.pk])).status_code == 404


def test_facilitator_cannot_post_edit_of_enterprise_in_another_village(
    client: Client, facilitator: User, enterprise_y: Enterprise, village_b: Region
) -> None:
    before = snapshot(enterprise_y)
    login(client, facilitator)
    response = client.post(
        reverse("enterprises:edit", args=[enterprise_y.pk]),
        enterprise_payload(village_b, name="Changed"),
    )
    assert response.status_code == 404
    assert snapshot(enterprise_y) == before


def test_facilitator_cannot_create_in_another_village(
    client: Client, facilitator: User, village_b: Region
) -> None:
    login(client, facilitator)
    response = client.post(reverse("enterprises:create"), enterprise_payload(village_b))
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "village": ["Village: choose one of the villages offered."]
    }
    assert Enterprise.objects.count() == 0


def test_facilitator_cannot_move_enterprise_out_of_their_villages(
    client: Client, facilitator: User, enterprise_x: Enterprise, village_b: Region
) -> None:
    before = snapshot(enterprise_x)
    login(client, facilitator)
    data = enterprise_payload(village_b, nib=enterprise_x.nib)
    response = client.post(reverse("enterprises:edit", args=[enterprise_x.pk]), data)
    assert response.context["form"].errors == {
        "village": ["Village: choose one of the villages offered."]
    }
    assert snapshot(enterprise_x) == before


def test_facilitator_creates_in_own_village(
    client: Client, facilitator: User, village_a: Region
) -> None:
    login(client, facilitator)
    response = client.post(reverse("enterprises:create"), enterprise_payload(village_a))
    assert response.status_code == 302
    enterprise = Enterprise.objects.get()
    assert enterprise.village == village_a
    assert enterprise.account is None  # no account field for facilitators


def test_facilitator_list_shows_only_their_villages(
    client: Client, facilitator: User, enterprise_x: Enterprise, enterprise_y: Enterprise
) -> None:
    login(client, facilitator)
    response = client.get(reverse("enterprises:list"))
    assert [e.name for e in response.context["page_obj"]] == ["Getas Alfa"]


# --- viewer and assessor ----------------------------------------------------------------------


def test_viewer_cannot_create(client: Client, viewer: User, village_a: Region) -> None:
    login(client, viewer)
    response = client.post(reverse("enterprises:create"), enterprise_payload(village_a))
    assert response.status_code == 403
    assert Enterprise.objects.count() == 0


def test_viewer_cannot_edit(
    client: Client, viewer: User, enterprise_x: Enterprise, village_a: Region
) -> None:
    before = snapshot(enterprise_x)
    login(client, viewer)
    response = client.post(
        reverse("enterprises:edit", args=[enterprise_x.pk]),
        enterprise_payload(village_a, name="Changed", nib=enterprise_x.nib),
    )
    assert response.status_code == 403
    assert snapshot(enterprise_x) == before


@pytest.mark.parametrize("action", ["archive", "restore"])
def test_viewer_cannot_archive_or_restore(
    client: Client, viewer: User, enterprise_x: Enterprise, action: str
) -> None:
    before = snapshot(enterprise_x)
    login(client, viewer)
    assert client.post(reverse(f"enterprises:{action}", args=[enterprise_x.pk])).status_code == 403
    assert snapshot(enterprise_x) == before


def test_viewer_reads_list_and_detail_with_private_fields(
    client: Client, viewer: User, enterprise_x: Enterprise
) -> None:
    login(client, viewer)
    detail = client.get(reverse("enterprises:detail", args=[enterprise_x.pk])).content.decode()
    assert all(value in detail for value in PRIVATE_VALUES_X)
    assert reverse("enterprises:edit", args=[enterprise_x.pk]) not in detail


def test_assessor_list_has_no_phone_or_nib(
    client: Client, assessor: User, enterprise_x: Enterprise, enterprise_y: Enterprise
) -> None:
    login(client, assessor)
    response = client.get(reverse("enterprises:list"))
    page = response.content.decode()
    assert [e.name for e in response.context["page_obj"]] == ["Getas Alfa", "Rusip Beta"]
    assert response.context["show_private"] is False
    assert all(v not in page for v in PRIVATE_VALUES_X + PRIVATE_VALUES_Y)
    assert ">Phone<" not in page


def test_assessor_detail_has_no_private_fields(
    client: Client, assessor: User, enterprise_x: Enterprise
) -> None:
    Enterprise.objects.filter(pk=enterprise_x.pk).update(
        address="Jl. Rahasia 9", email="rahasia@example.id", investment_idr=777_000_000
    )
    login(client, assessor)
    page = client.get(reverse("enterprises:detail", args=[enterprise_x.pk])).content.decode()
    for value in (*PRIVATE_VALUES_X, "Jl. Rahasia 9", "rahasia@example.id", "777"):
        assert value not in page


def test_assessor_export_has_no_private_columns(
    client: Client, assessor: User, enterprise_x: Enterprise, enterprise_y: Enterprise
) -> None:
    login(client, assessor)
    text = export_text(client)
    assert text.split("\r\n")[0].split(",")[-1] == "archived_on"
    assert all(v not in text for v in PRIVATE_VALUES_X + PRIVATE_VALUES_Y)


def test_assessor_cannot_edit(
    client: Client, assessor: User, enterprise_x: Enterprise, village_a: Region
) -> None:
    before = snapshot(enterprise_x)
    login(client, assessor)
    response = client.post(
        reverse("enterprises:edit", args=[enterprise_x.pk]),
        enterprise_payload(village_a, name="Changed", nib=enterprise_x.nib),
    )
    assert response.status_code == 403
    assert snapshot(enterprise_x) == before


def test_assessor_history_hides_private_changes(
    client: Client, assessor: User, officer: User, enterprise_x: Enterprise, village_a: Region
) -> None:
    login(client, officer)
    data = enterprise_payload(
        village_a, name="Getas Alfa", nib=enterprise_x.nib, phone="0813-1111-2222"
    )
    data["owner_name"] = enterprise_x.owner_name
    client.post(reverse("enterprises:edit", args=[enterprise_x.pk]), data)
    login(client, assessor)
    page = client.get(reverse("enterprises:history", args=[enterprise_x.pk])).content.decode()
    assert "+6281311112222" not in page
    assert "1234567890123" not in page
    assert "private fields changed." in page


def test_get_is_refused_on_archive(client: Client, officer: User, enterprise_x: Enterprise) -> None:
    login(client, officer)
    assert client.get(reverse("enterprises:archive", args=[enterprise_x.pk])).status_code == 405
    enterprise_x.refresh_from_db()
    assert enterprise_x.archived_at is None
