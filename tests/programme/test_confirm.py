"""Archiving a programme, removing a village and designating a product are confirmed, with a
reason kept in the history; without the confirmation nothing is written."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from ovop.accounts.models import User
from ovop.enterprises.models import Product
from ovop.programme.models import Designation, Programme, ProgrammeVillage
from tests.conftest import login
from tests.refusals import changed, rows

PROGRAMME = ("programme",)
REASON = "Agreed at the village meeting."


def _asks_then_does(client: Client, url: str, data: dict[str, str]) -> None:
    """The POST without confirm shows the confirmation; without a reason, or with a reason of
    a megabyte, it is refused; nothing is written by any of them."""
    before = rows(*PROGRAMME)
    asked = client.post(url, data)
    assert asked.status_code == 200
    assert 'name="confirm"' in asked.content.decode()
    empty = client.post(url, {**data, "confirm": "1"})
    assert empty.context["form"].errors == {"reason": ["This field is required."]}
    huge = client.post(url, {**data, "confirm": "1", "reason": "x" * 1_000_000})
    assert huge.context["form"].errors == {
        "reason": ["Reason: at most 1000 characters (it has 1000000)."]
    }
    assert changed(before, rows(*PROGRAMME)) == []
    assert client.post(url, {**data, "confirm": "1", "reason": REASON}).status_code == 302


def test_archiving_a_programme(client: Client, officer: User, programme: Programme) -> None:
    login(client, officer)
    _asks_then_does(client, reverse("programme:archive", args=[programme.pk]), {})
    programme.refresh_from_db()
    assert programme.archived_at is not None
    latest = programme.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (officer, REASON)
    history = client.get(reverse("programme:history", args=[programme.pk])).content.decode()
    assert f'archived <span class="muted">({REASON})</span>' in history


def test_removing_a_village(
    client: Client, officer: User, programme: Programme, membership_a: ProgrammeVillage
) -> None:
    login(client, officer)
    url = reverse("programme:village_remove", args=[programme.pk, membership_a.pk])
    page = client.post(url).content.decode()
    assert "Desa Alfa will no longer take part in “OVOP Uji”" in page
    _asks_then_does(client, url, {})
    membership_a.refresh_from_db()
    assert membership_a.archived_at is not None
    assert membership_a.history.latest().history_change_reason == REASON


def test_designating_a_product(
    client: Client,
    officer: User,
    programme: Programme,
    membership_a: ProgrammeVillage,
    product_x: Product,
) -> None:
    login(client, officer)
    url = reverse("programme:designation", args=[programme.pk, membership_a.pk])
    data = {"year": "2024", "product": str(product_x.pk), "note": "Musdes 3 March"}
    page = client.post(url, data).content.decode()
    assert (
        f"“{product_x.name}” of {product_x.enterprise.name} will be the one designated product "
        "of Desa Alfa for 2024."
    ) in page
    assert f'name="product" value="{product_x.pk}"' in page  # carried to the second POST
    assert 'name="note" value="Musdes 3 March"' in page
    _asks_then_does(client, url, data)
    designation = Designation.objects.get()
    assert (designation.year, designation.product, designation.note) == (
        2024,
        product_x,
        "Musdes 3 March",
    )
    assert designation.history.latest().history_change_reason == REASON


def test_a_refused_designation_is_refused_before_the_confirmation(
    client: Client,
    officer: User,
    programme: Programme,
    membership_a: ProgrammeVillage,
    product_x: Product,
) -> None:
    login(client, officer)
    url = reverse("programme:designation", args=[programme.pk, membership_a.pk])
    response = client.post(url, {"year": "2041", "product": str(product_x.pk)})
    assert response.context["form"].errors == {
        "year": ["Year: 2041 is outside the programme's years 2020–2040."]
    }
    assert 'name="confirm"' not in response.content.decode()
    assert Designation.objects.count() == 0


def test_names_and_long_text_of_a_programme(
    client: Client, officer: User, programme: Programme
) -> None:
    login(client, officer)
    url = reverse("programme:edit", args=[programme.pk])
    base = {"scheme": "kemendes", "regency": str(programme.regency_id), "start_year": "2020"}
    before = rows(*PROGRAMME)
    huge = client.post(url, {**base, "name": "OVOP", "description": "d" * 1_000_000})
    assert huge.context["form"].errors == {
        "description": ["Description: at most 5000 characters (it has 1000000)."]
    }
    assert changed(before, rows(*PROGRAMME)) == []
    assert client.post(url, {**base, "name": "OVOP \u202egnp.exe"}).status_code == 302
    programme.refresh_from_db()
    assert programme.name == "OVOP gnp.exe"
