"""Shipped schemes, versioning (clone, edit draft, activate, archive) and the scheme pages."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from ovop.accounts.models import User
from ovop.analysis.rating import Scheme
from ovop.rating import services
from ovop.rating.definition import scheme_view
from ovop.rating.models import RatingScheme, SchemeStatus
from tests.conftest import login


def _group_max(scheme: RatingScheme) -> dict[str, float]:
    return {g.id: g.max_points for g in Scheme.from_dict(scheme.definition).groups}


def test_kemenperin_part_a_has_the_published_maxima(kemenperin: RatingScheme) -> None:
    maxima = _group_max(kemenperin)
    assert maxima["A1"] == 15.0
    assert maxima["A2"] == 6.0
    assert maxima["A3"] == 9.0
    assert maxima["A1"] + maxima["A2"] + maxima["A3"] == 30.0
    assert maxima["L"] == 0.0
    assert kemenperin.status == SchemeStatus.ACTIVE
    options = {
        o["points"]
        for g in kemenperin.definition["groups"][:3]
        for i in g["items"]
        for o in i["options"]
    }
    assert options == {1.0, 2.0, 3.0}


def test_ocop_is_40_25_35_of_100(ocop: RatingScheme) -> None:
    assert _group_max(ocop) == {"A": 40.0, "B": 25.0, "C": 35.0}
    assert Scheme.from_dict(ocop.definition).max_points == 100.0


def test_install_is_idempotent(schemes: dict[str, RatingScheme]) -> None:
    again = services.scheme_install_fixtures()
    assert [s.pk for s in again] == [schemes["kemenperin-ovop"].pk, schemes["ocop-vietnam"].pk]
    assert RatingScheme.objects.count() == 2


def test_indonesian_labels_are_shown_in_indonesian(kemenperin: RatingScheme) -> None:
    view_id = scheme_view(kemenperin, "id")
    view_en = scheme_view(kemenperin, "en")
    assert view_id.groups[0].items[0].label == "Sumber bahan baku utama"
    assert view_id.groups[1].items[1].label == "Pengembangan kemasan"
    assert view_en.groups[0].items[0].label == "Main raw material source"
    assert view_id.name == "Penilaian produk OVOP Kemenperin"


def test_configurable_defaults_are_flagged(kemenperin: RatingScheme) -> None:
    view = scheme_view(kemenperin, "en")
    groups = {g.id: g for g in view.groups}
    assert groups["A1"].configurable is False
    assert all(not o.configurable for i in groups["A1"].items for o in i.options)
    assert groups["A3"].configurable is True
    a3 = {i.id: i for i in groups["A3"].items}
    assert all(o.configurable for o in a3["a3_group"].options)
    assert groups["B"].configurable is True
    assert view.cutoffs_configurable is True
    assert all(g.configurable for g in view.gates)


def test_clone_makes_a_new_draft_and_leaves_the_old_version(
    admin_user: User, kemenperin: RatingScheme
) -> None:
    before = json.dumps(kemenperin.definition, sort_keys=True)
    clone = services.scheme_clone(user=admin_user, scheme=kemenperin)
    assert (clone.code, clone.version, clone.status) == ("kemenperin-ovop", 2, "draft")
    assert clone.definition["version"] == 2
    definition = clone.definition
    definition["cutoffs_pct"] = [0, 35, 50, 65, 80]
    services.scheme_update(user=admin_user, scheme=clone, definition=definition)
    kemenperin.refresh_from_db()
    assert json.dumps(kemenperin.definition, sort_keys=True) == before
    assert kemenperin.version == 1
    clone.refresh_from_db()
    assert clone.definition["cutoffs_pct"] == [0.0, 35.0, 50.0, 65.0, 80.0]


def test_update_names_the_bad_path_and_changes_nothing(
    admin_user: User, kemenperin: RatingScheme
) -> None:
    clone = services.scheme_clone(user=admin_user, scheme=kemenperin)
    bad = json.loads(json.dumps(clone.definition))
    bad["groups"][1]["items"][0]["options"][2]["points"] = -1
    with pytest.raises(ValidationError) as err:
        services.scheme_update(user=admin_user, scheme=clone, definition=bad)
    assert err.value.message_dict == {
        "definition": ["groups[1].items[0].options[2].points: must be >= 0, got -1"]
    }
    clone.refresh_from_db()
    assert clone.definition["groups"][1]["items"][0]["options"][2]["points"] == 3.0


def test_a_scheme_in_use_cannot_be_edited(admin_user: User, kemenperin: RatingScheme) -> None:
    with pytest.raises(ValidationError) as err:
        services.scheme_update(user=admin_user, scheme=kemenperin, definition=kemenperin.definition)
    assert "Only a draft version can be edited" in err.value.messages[0]


def test_activate_archives_the_older_version(admin_user: User, kemenperin: RatingScheme) -> None:
    clone = services.scheme_clone(user=admin_user, scheme=kemenperin)
    services.scheme_activate(user=admin_user, scheme=clone)
    kemenperin.refresh_from_db()
    assert (kemenperin.status, clone.status) == ("archived", "active")
    assert kemenperin.history.first().history_change_reason == "replaced by version 2"  # type: ignore[attr-defined]


def test_archive_and_refusal_to_archive_twice(admin_user: User, ocop: RatingScheme) -> None:
    services.scheme_archive(user=admin_user, scheme=ocop)
    assert RatingScheme.objects.get(pk=ocop.pk).status == "archived"
    with pytest.raises(ValidationError):
        services.scheme_archive(user=admin_user, scheme=ocop)


@pytest.mark.parametrize("who", ["officer", "viewer", "assessor", "owner", "facilitator"])
def test_only_admins_manage_schemes(
    who: str, request: pytest.FixtureRequest, client: Client, kemenperin: RatingScheme
) -> None:
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.scheme_clone(user=user, scheme=kemenperin)
    login(client, user)
    assert client.get("/rating/schemes/").status_code == 403
    assert client.post(f"/rating/schemes/{kemenperin.pk}/clone/").status_code == 403
    assert RatingScheme.objects.count() == 2


def test_scheme_pages_for_admin(client: Client, admin_user: User, kemenperin: RatingScheme) -> None:
    login(client, admin_user)
    client.cookies["django_language"] = "en"
    listing = client.get("/rating/schemes/", HTTP_ACCEPT_LANGUAGE="en")
    assert listing.status_code == 200
    assert "Kemenperin OVOP product assessment" in listing.content.decode()
    page = client.get(
        f"/rating/schemes/{kemenperin.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Mass production at constant quantity and quality" in page
    assert page.count("configurable default</span>") >= 10
    response = client.post(f"/rating/schemes/{kemenperin.pk}/clone/")
    clone = RatingScheme.objects.get(code="kemenperin-ovop", version=2)
    assert response.url == f"/rating/schemes/{clone.pk}/"  # type: ignore[attr-defined]


def test_edit_page_shows_the_path_of_the_error(
    client: Client, admin_user: User, kemenperin: RatingScheme
) -> None:
    clone = services.scheme_clone(user=admin_user, scheme=kemenperin)
    login(client, admin_user)
    bad = json.loads(json.dumps(clone.definition))
    bad["cutoffs_pct"] = [0, 50, 40, 70, 85]
    response = client.post(
        f"/rating/schemes/{clone.pk}/edit/",
        {"definition": json.dumps(bad), "configurable_defaults": "gates"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "cutoffs_pct[2]: must be greater than cutoffs_pct[1] (50.0), got 40.0" in (
        response.content.decode()
    )
    broken = client.post(
        f"/rating/schemes/{clone.pk}/edit/", {"definition": "{"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Definition: not valid JSON (line 1, column 2" in broken.content.decode()
    clone.refresh_from_db()
    assert clone.definition["cutoffs_pct"] == [0.0, 40.0, 55.0, 70.0, 85.0]


def test_activate_and_archive_through_the_pages(
    client: Client, admin_user: User, kemenperin: RatingScheme
) -> None:
    clone = services.scheme_clone(user=admin_user, scheme=kemenperin)
    login(client, admin_user)
    assert client.get(f"/rating/schemes/{clone.pk}/edit/").status_code == 200
    assert client.post(f"/rating/schemes/{clone.pk}/activate/").status_code == 302
    clone.refresh_from_db()
    kemenperin.refresh_from_db()
    assert (clone.status, kemenperin.status) == ("active", "archived")
    # a version in use is not edited: the edit page sends back to the scheme
    assert client.get(f"/rating/schemes/{clone.pk}/edit/").status_code == 302
    client.post(f"/rating/schemes/{clone.pk}/archive/")
    clone.refresh_from_db()
    assert clone.status == "archived"
    assert clone.history.first().history_change_reason == "archived"  # type: ignore[attr-defined]
    again = client.post(
        f"/rating/schemes/{kemenperin.pk}/activate/", follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Status: only a draft can be put in use." in again.content.decode()


def test_admin_creates_a_new_scheme_as_version_1_draft(
    client: Client, admin_user: User, kemenperin: RatingScheme
) -> None:
    login(client, admin_user)
    form = client.get("/rating/schemes/new/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "new-scheme" in form  # the template to start from
    definition = json.loads(json.dumps(services.NEW_SCHEME_TEMPLATE))
    definition.update(code="desa-ovop-bateng", name="Desa OVOP Bangka Tengah")
    response = client.post(
        "/rating/schemes/new/",
        {"definition": json.dumps(definition), "configurable_defaults": "cutoffs_pct"},
    )
    created = RatingScheme.objects.get(code="desa-ovop-bateng")
    assert response.url == f"/rating/schemes/{created.pk}/"  # type: ignore[attr-defined]
    assert (created.version, created.status, created.name) == (
        1,
        SchemeStatus.DRAFT,
        "Desa OVOP Bangka Tengah",
    )
    assert created.configurable_defaults == ["cutoffs_pct"]
    assert Scheme.from_dict(created.definition).max_points == 3


def test_a_new_scheme_may_not_reuse_a_code_or_start_past_version_1(
    client: Client, admin_user: User, kemenperin: RatingScheme
) -> None:
    login(client, admin_user)
    taken = dict(kemenperin.definition, version=1)
    response = client.post(
        "/rating/schemes/new/", {"definition": json.dumps(taken)}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "code: kemenperin-ovop is already used; clone that scheme for a new version." in (
        response.content.decode()
    )
    later = dict(services.NEW_SCHEME_TEMPLATE, version=3)
    with pytest.raises(ValidationError, match="a new scheme starts at version 1"):
        services.scheme_create(user=admin_user, definition=later)
    assert RatingScheme.objects.count() == 2


@pytest.mark.parametrize("who", ["officer", "assessor", "viewer", "owner"])
def test_only_admins_create_schemes(
    who: str, request: pytest.FixtureRequest, client: Client, kemenperin: RatingScheme
) -> None:
    user = request.getfixturevalue(who)
    login(client, user)
    payload = {"definition": json.dumps(services.NEW_SCHEME_TEMPLATE)}
    assert client.get("/rating/schemes/new/").status_code == 403
    assert client.post("/rating/schemes/new/", payload).status_code == 403
    with pytest.raises(PermissionDenied):
        services.scheme_create(user=user, definition=services.NEW_SCHEME_TEMPLATE)
    assert not RatingScheme.objects.filter(code="new-scheme").exists()
