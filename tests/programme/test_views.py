"""Programme pages: who may open and change them, what a change leaves behind."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ovop.accounts.models import User
from ovop.enterprises.models import Product
from ovop.programme.models import Designation, Programme, ProgrammeVillage
from ovop.regions.models import Region
from tests.conftest import login
from tests.factories import ProductFactory, ProgrammeVillageFactory, village

#: The second, confirming POST of an irreversible step.
CONFIRMED = {"confirm": "1", "reason": "Agreed at the village meeting."}


def _urls(programme: Programme, membership: ProgrammeVillage) -> dict[str, str]:
    pk, m = programme.pk, membership.pk
    return {
        "list": reverse("programme:list"),
        "create": reverse("programme:create"),
        "detail": reverse("programme:detail", args=[pk]),
        "edit": reverse("programme:edit", args=[pk]),
        "history": reverse("programme:history", args=[pk]),
        "villages_add": reverse("programme:villages_add", args=[pk]),
        "designation": reverse("programme:designation", args=[pk, m]),
    }


def _post_urls(programme: Programme, membership: ProgrammeVillage) -> dict[str, str]:
    pk, m = programme.pk, membership.pk
    return {
        "create": reverse("programme:create"),
        "edit": reverse("programme:edit", args=[pk]),
        "archive": reverse("programme:archive", args=[pk]),
        "restore": reverse("programme:restore", args=[pk]),
        "villages_add": reverse("programme:villages_add", args=[pk]),
        "village_remove": reverse("programme:village_remove", args=[pk, m]),
        "village_restore": reverse("programme:village_restore", args=[pk, m]),
        "designation": reverse("programme:designation", args=[pk, m]),
    }


def _state() -> list[Any]:
    return [
        list(Programme.objects.values_list("name", "start_year", "archived_at")),
        list(ProgrammeVillage.objects.values_list("village_id", "archived_at")),
        list(Designation.objects.values_list("year", "product_id")),
        [m.history.count() for m in (Programme, ProgrammeVillage, Designation)],
    ]


# --- refusals --------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_login(
    client: Client, programme: Programme, membership_a: ProgrammeVillage
) -> None:
    for url in _urls(programme, membership_a).values():
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(f"{reverse('login')}?next=")


@pytest.mark.parametrize("persona", ["owner", "owner2"])
def test_owners_get_403_on_every_programme_page(
    persona: str,
    request: pytest.FixtureRequest,
    client: Client,
    programme: Programme,
    membership_a: ProgrammeVillage,
) -> None:
    login(client, request.getfixturevalue(persona))
    for name, url in _urls(programme, membership_a).items():
        assert client.get(url).status_code == 403, name


@pytest.mark.parametrize("persona", ["viewer", "assessor", "facilitator"])
def test_readers_open_pages_but_not_forms(
    persona: str,
    request: pytest.FixtureRequest,
    client: Client,
    programme: Programme,
    membership_a: ProgrammeVillage,
) -> None:
    login(client, request.getfixturevalue(persona))
    urls = _urls(programme, membership_a)
    for name in ("list", "detail", "history"):
        assert client.get(urls[name]).status_code == 200, name
    for name in ("create", "edit", "villages_add", "designation"):
        assert client.get(urls[name]).status_code == 403, name
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(urls["detail"]).content.decode()
    assert urls["edit"] not in page and "Set designation" not in page
    assert urls["designation"] not in page


POST_ACTIONS = [
    "create",
    "edit",
    "archive",
    "restore",
    "villages_add",
    "village_remove",
    "village_restore",
    "designation",
]


@pytest.mark.parametrize("action", POST_ACTIONS)
@pytest.mark.parametrize("persona", ["viewer", "assessor", "facilitator", "owner", "anonymous"])
def test_posts_of_non_managers_are_refused_and_change_nothing(
    persona: str,
    action: str,
    request: pytest.FixtureRequest,
    client: Client,
    programme: Programme,
    membership_a: ProgrammeVillage,
    product_x: Product,
    village_b: Region,
    regency: Region,
) -> None:
    """One test per role and change: 403 (the login page for the anonymous), nothing written."""
    if persona != "anonymous":
        login(client, request.getfixturevalue(persona))
    if action.endswith("restore"):  # something to restore, so that only the role stops it
        Programme.objects.filter(pk=programme.pk).update(archived_at=timezone.now())
        ProgrammeVillage.objects.filter(pk=membership_a.pk).update(archived_at=timezone.now())
    before = _state()
    payloads = {
        "create": {"name": "X", "scheme": "kemendes", "regency": regency.pk, "start_year": 2024},
        "edit": {"name": "X", "scheme": "kemendes", "regency": regency.pk, "start_year": 2020},
        "villages_add": {"villages": [village_b.pk], "joined_year": 2021},
        "designation": {"year": 2024, "product": product_x.pk},
    }
    url = _post_urls(programme, membership_a)[action]
    response = client.post(url, {**payloads.get(action, {}), **CONFIRMED})  # confirmed, even
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(f"{reverse('login')}?next=")
    else:
        assert response.status_code == 403
    assert _state() == before


def test_unknown_programme_is_404(client: Client, viewer: User) -> None:
    login(client, viewer)
    assert client.get(reverse("programme:detail", args=[999])).status_code == 404


# --- reading ---------------------------------------------------------------------------------


def test_list_shows_programmes_with_sample_badge(
    client: Client, viewer: User, programme: Programme, membership_a: ProgrammeVillage
) -> None:
    Programme.objects.filter(pk=programme.pk).update(is_sample=True)
    login(client, viewer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("programme:list"))
    page = response.content.decode()
    assert "OVOP Uji" in page and "sample data" in page
    assert [p.n_villages for p in response.context["page_obj"]] == [1]
    Programme.objects.filter(pk=programme.pk).update(archived_at=programme.created_at)
    assert len(client.get(reverse("programme:list")).context["page_obj"]) == 0
    assert len(client.get(reverse("programme:list") + "?archived=1").context["page_obj"]) == 1


def test_detail_shows_villages_and_designations(
    client: Client,
    officer: User,
    programme: Programme,
    membership_a: ProgrammeVillage,
    product_x: Product,
) -> None:
    login(client, officer)
    url = reverse("programme:designation", args=[programme.pk, membership_a.pk])
    client.post(url, {"year": 2024, "product": product_x.pk, "note": "", **CONFIRMED})
    detail = reverse("programme:detail", args=[programme.pk])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(detail).content.decode()
    assert "Desa Alfa" in page and "Getas Tenggiri Alfa" in page and "<strong>2024</strong>" in page
    assert url in page and "Change designation" in page


def _page_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _add_villages(programme: Programme, first: int, n: int) -> None:
    for i in range(first, first + n):
        place = village(f"99.01.04.20{i:02d}", f"Desa {i}")
        membership = ProgrammeVillageFactory(programme=programme, village=place, joined_year=2020)
        product = ProductFactory(enterprise__village=place)
        Designation.objects.create(membership=membership, year=2024, product=product)


def test_list_and_detail_pages_do_not_grow_in_queries(
    client: Client, viewer: User, programme: Programme
) -> None:
    login(client, viewer)
    urls = [reverse("programme:list"), reverse("programme:detail", args=[programme.pk])]
    _add_villages(programme, 10, 2)
    small = [_page_queries(client, url) for url in urls]
    _add_villages(programme, 20, 6)
    assert [_page_queries(client, url) for url in urls] == small


# --- changing --------------------------------------------------------------------------------


def test_officer_creates_a_programme(client: Client, officer: User, regency: Region) -> None:
    login(client, officer)
    data = {"name": "Desa OVOP 2025", "scheme": "regency_desa_ovop", "regency": regency.pk}
    response = client.post(reverse("programme:create"), {**data, "start_year": 2025})
    programme = Programme.objects.get(name="Desa OVOP 2025")
    assert response.status_code == 302 and response["Location"] == programme.get_absolute_url()
    assert (programme.start_year, programme.history.get().history_user) == (2025, officer)


def test_a_bad_start_year_is_shown_on_its_field(
    client: Client, officer: User, regency: Region
) -> None:
    login(client, officer)
    data = {"name": "X", "scheme": "kemendes", "regency": regency.pk, "start_year": "dua ribu"}
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("programme:create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors == {"start_year": ["Enter a whole number."]}
    assert Programme.objects.count() == 0


def test_officer_edits_and_the_history_page_shows_it(
    client: Client, officer: User, programme: Programme, regency: Region
) -> None:
    login(client, officer)
    data = {"name": "OVOP Uji Dua", "scheme": "kemendes", "regency": regency.pk, "start_year": 2020}
    assert client.post(reverse("programme:edit", args=[programme.pk]), data).status_code == 302
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("programme:history", args=[programme.pk])).content.decode()
    assert "<del>OVOP Uji</del> → <ins>OVOP Uji Dua</ins>" in page
    assert "(edited)" in page


def test_officer_archives_and_restores(client: Client, officer: User, programme: Programme) -> None:
    login(client, officer)
    client.post(reverse("programme:archive", args=[programme.pk]), CONFIRMED)
    programme.refresh_from_db()
    assert programme.archived_at is not None
    client.post(reverse("programme:restore", args=[programme.pk]))
    programme.refresh_from_db()
    assert programme.archived_at is None
    reasons = programme.history.order_by("history_id").values_list(
        "history_change_reason", flat=True
    )
    assert list(reasons) == [None, CONFIRMED["reason"], "restored"]


def test_archive_needs_post(client: Client, officer: User, programme: Programme) -> None:
    login(client, officer)
    assert client.get(reverse("programme:archive", args=[programme.pk])).status_code == 405
    programme.refresh_from_db()
    assert programme.archived_at is None


def test_officer_adds_a_whole_kecamatan(
    client: Client, officer: User, programme: Programme, village_a: Region, village_b: Region
) -> None:
    village("99.01.02.2002", "Desa Beta Dua")
    login(client, officer)
    url = reverse("programme:villages_add", args=[programme.pk])
    form = client.get(url).context["form"]
    assert list(form.fields["villages"].queryset.values_list("name", flat=True)) == [
        "Desa Alfa",
        "Desa Beta",
        "Desa Beta Dua",
    ]
    response = client.post(url, {"kecamatan": village_b.parent_id, "joined_year": 2021})
    assert response.status_code == 302
    names = ProgrammeVillage.objects.values_list("village__name", flat=True).order_by("village")
    assert sorted(names) == ["Desa Beta", "Desa Beta Dua"]


def test_adding_with_a_year_before_the_start_names_the_field(
    client: Client, officer: User, programme: Programme, village_b: Region
) -> None:
    login(client, officer)
    url = reverse("programme:villages_add", args=[programme.pk])
    response = client.post(url, {"villages": [village_b.pk], "joined_year": 2019})
    assert response.context["form"].errors == {
        "joined_year": ["Joined in: 2019 is outside the programme's years 2020–2040."]
    }
    assert ProgrammeVillage.objects.count() == 0


def test_officer_removes_and_restores_a_village(
    client: Client, officer: User, programme: Programme, membership_a: ProgrammeVillage
) -> None:
    login(client, officer)
    url = reverse("programme:village_remove", args=[programme.pk, membership_a.pk])
    client.post(url, CONFIRMED)
    membership_a.refresh_from_db()
    assert membership_a.archived_at is not None
    page = client.get(reverse("programme:detail", args=[programme.pk])).content.decode()
    assert reverse("programme:village_restore", args=[programme.pk, membership_a.pk]) in page
    client.post(reverse("programme:village_restore", args=[programme.pk, membership_a.pk]))
    membership_a.refresh_from_db()
    assert membership_a.archived_at is None


def test_designation_form_offers_only_the_village_products(
    client: Client,
    officer: User,
    programme: Programme,
    membership_a: ProgrammeVillage,
    product_x: Product,
    product_y: Product,
) -> None:
    login(client, officer)
    url = reverse("programme:designation", args=[programme.pk, membership_a.pk])
    response = client.get(url)
    assert list(response.context["form"].fields["product"].queryset) == [product_x]
    response = client.post(url, {"year": 2024, "product": product_y.pk})
    assert response.context["form"].errors == {
        "product": ["Designated product: choose one of the products made in Desa Alfa."]
    }
    assert Designation.objects.count() == 0


def test_designation_year_outside_the_programme_is_refused(
    client: Client,
    officer: User,
    programme: Programme,
    membership_a: ProgrammeVillage,
    product_x: Product,
) -> None:
    login(client, officer)
    url = reverse("programme:designation", args=[programme.pk, membership_a.pk])
    response = client.post(url, {"year": 2041, "product": product_x.pk})
    assert response.context["form"].errors == {
        "year": ["Year: 2041 is outside the programme's years 2020–2040."]
    }
    assert Designation.objects.count() == 0


def test_officer_designates_then_clears(
    client: Client,
    officer: User,
    programme: Programme,
    membership_a: ProgrammeVillage,
    product_x: Product,
) -> None:
    login(client, officer)
    url = reverse("programme:designation", args=[programme.pk, membership_a.pk])
    assert client.post(url, {"year": 2023, "product": product_x.pk, **CONFIRMED}).status_code == 302
    page = client.get(f"{url}?year=2023")
    assert page.context["form"].initial["product"] == product_x.pk
    assert [d.year for d in page.context["designations"]] == [2023]
    assert client.post(url, {"year": 2023, "product": "", **CONFIRMED}).status_code == 302
    designation = Designation.objects.get()
    assert (designation.year, designation.product) == (2023, None)
    assert designation.history.count() == 2


def test_a_membership_of_another_programme_is_404(
    client: Client, officer: User, programme: Programme, regency: Region, village_b: Region
) -> None:
    other = ProgrammeVillageFactory(
        programme__regency=regency, programme__start_year=2020, village=village_b, joined_year=2020
    )
    login(client, officer)
    url = reverse("programme:designation", args=[programme.pk, other.pk])
    assert client.get(url).status_code == 404
