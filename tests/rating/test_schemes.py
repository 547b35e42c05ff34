"""Shipped schemes, versioning (clone, edit draft, activate, archive) and the scheme pages."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import translation

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


def _versions() -> list[tuple[str, int, str]]:
    return list(
        RatingScheme.objects.order_by("code", "version").values_list("code", "version", "status")
    )


def test_a_fresh_install_puts_kemenperin_v2_in_use_and_keeps_v1_archived(
    schemes: dict[str, RatingScheme],
) -> None:
    assert _versions() == [
        ("kemenperin-ovop", 1, "archived"),
        ("kemenperin-ovop", 2, "active"),  # NIB, food permit and halal from the registry
        ("ocop-vietnam", 1, "active"),
    ]
    assert schemes["kemenperin-ovop"].version == 2
    gates = schemes["kemenperin-ovop"].definition["gates"]
    assert [g["registry"] for g in gates] == ["nib", "food_permit", "halal"]


def test_install_is_idempotent(schemes: dict[str, RatingScheme]) -> None:
    history = RatingScheme.history.count()  # type: ignore[attr-defined]
    again = services.scheme_install_fixtures()
    assert [(s.code, s.version) for s in again] == [
        ("kemenperin-ovop", 1),
        ("kemenperin-ovop", 2),
        ("ocop-vietnam", 1),
    ]
    assert [s.pk for s in again][1:] == [schemes["kemenperin-ovop"].pk, schemes["ocop-vietnam"].pk]
    assert RatingScheme.objects.count() == 3  # Kemenperin v1 and v2, OCOP v1
    assert RatingScheme.history.count() == history  # type: ignore[attr-defined]


def test_an_installation_with_v1_in_use_gets_v2_as_a_draft(admin_user: User, db: None) -> None:
    services.scheme_install_fixtures()  # then make it an installation from before v2 shipped
    RatingScheme.objects.filter(code="kemenperin-ovop", version=2).delete()
    RatingScheme.objects.filter(code="kemenperin-ovop", version=1).update(status="active")
    installed = services.scheme_install_fixtures()
    assert _versions() == [
        ("kemenperin-ovop", 1, "active"),  # the version in use stays until an admin decides
        ("kemenperin-ovop", 2, "draft"),
        ("ocop-vietnam", 1, "active"),
    ]
    history = RatingScheme.history.count()  # type: ignore[attr-defined]
    assert [s.pk for s in services.scheme_install_fixtures()] == [s.pk for s in installed]
    assert RatingScheme.history.count() == history  # type: ignore[attr-defined]
    services.scheme_activate(user=admin_user, scheme=installed[1])
    assert _versions()[:2] == [("kemenperin-ovop", 1, "archived"), ("kemenperin-ovop", 2, "active")]


def test_the_install_command_reports_each_version_and_writes_nothing_twice(
    admin_user: User, db: None
) -> None:
    out = StringIO()
    with translation.override("en"):
        call_command("install_schemes", stdout=out)
    assert out.getvalue().splitlines() == [
        "kemenperin-ovop v1: Archived",
        "kemenperin-ovop v2: In use",
        "ocop-vietnam v1: In use",
    ]
    # an administrator's own version 2 (cloned and edited) is not overwritten, and said so
    RatingScheme.objects.filter(code="kemenperin-ovop", version=2).delete()
    RatingScheme.objects.filter(code="kemenperin-ovop", version=1).update(status="active")
    v1 = RatingScheme.objects.get(code="kemenperin-ovop", version=1)
    own = services.scheme_clone(user=admin_user, scheme=v1)
    count = RatingScheme.objects.count()
    out = StringIO()
    with translation.override("en"):
        call_command("install_schemes", stdout=out)
    assert out.getvalue().splitlines() == [
        "kemenperin-ovop v1: In use",
        "kemenperin-ovop v2: Draft (put it in use at /rating/schemes/ to replace the version "
        "in use) (differs from the shipped version: made or edited here, left as is)",
        "ocop-vietnam v1: In use",
    ]
    assert RatingScheme.objects.count() == count
    assert RatingScheme.objects.get(pk=own.pk).definition == own.definition


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
    assert (clone.code, clone.version, clone.status) == ("kemenperin-ovop", 3, "draft")
    assert clone.definition["version"] == 3
    definition = clone.definition
    definition["cutoffs_pct"] = [0, 35, 50, 65, 80]
    services.scheme_update(user=admin_user, scheme=clone, definition=definition)
    kemenperin.refresh_from_db()
    assert json.dumps(kemenperin.definition, sort_keys=True) == before
    assert kemenperin.version == 2
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
    assert kemenperin.history.first().history_change_reason == "replaced by version 3"  # type: ignore[attr-defined]


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
    assert RatingScheme.objects.count() == 3


def test_scheme_pages_for_admin(client: Client, admin_user: User, kemenperin: RatingScheme) -> None:
    login(client, admin_user)
    client.cookies["django_language"] = "en"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    listing = client.get("/rating/schemes/")
    assert listing.status_code == 200
    assert "Kemenperin OVOP product assessment" in listing.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/rating/schemes/{kemenperin.pk}/").content.decode()
    assert "Mass production at constant quantity and quality" in page
    assert page.count("configurable default</span>") >= 10
    response = client.post(f"/rating/schemes/{kemenperin.pk}/clone/")
    clone = RatingScheme.objects.get(code="kemenperin-ovop", version=3)
    assert response.url == f"/rating/schemes/{clone.pk}/"  # type: ignore[attr-defined]


def test_edit_page_shows_the_path_of_the_error(
    client: Client, admin_user: User, kemenperin: RatingScheme
) -> None:
    clone = services.scheme_clone(user=admin_user, scheme=kemenperin)
    login(client, admin_user)
    bad = json.loads(json.dumps(clone.definition))
    bad["cutoffs_pct"] = [0, 50, 40, 70, 85]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        f"/rating/schemes/{clone.pk}/edit/",
        {"definition": json.dumps(bad), "configurable_defaults": "gates"},
    )
    assert response.status_code == 200
    assert "cutoffs_pct[2]: must be greater than cutoffs_pct[1] (50.0), got 40.0" in (
        response.content.decode()
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    broken = client.post(f"/rating/schemes/{clone.pk}/edit/", {"definition": "{"})
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
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    again = client.post(f"/rating/schemes/{kemenperin.pk}/activate/", follow=True)
    assert "Status: only a draft can be put in use." in again.content.decode()


def test_admin_creates_a_new_scheme_as_version_1_draft(
    client: Client, admin_user: User, kemenperin: RatingScheme
) -> None:
    login(client, admin_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    form = client.get("/rating/schemes/new/").content.decode()
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
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post("/rating/schemes/new/", {"definition": json.dumps(taken)})
    assert "code: kemenperin-ovop is already used; clone that scheme for a new version." in (
        response.content.decode()
    )
    later = dict(services.NEW_SCHEME_TEMPLATE, version=3)
    with pytest.raises(ValidationError, match="a new scheme starts at version 1"):
        services.scheme_create(user=admin_user, definition=later)
    assert RatingScheme.objects.count() == 3


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
