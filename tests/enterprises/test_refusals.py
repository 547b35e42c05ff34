"""Every refusal of the enterprise pages, one test each: 404 outside one's scope, 403 for a
role that may read but not change, login for the anonymous; and the rows stay as they were."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise
from ovop.regions.models import Region
from tests.conftest import login
from tests.enterprises.test_validation import enterprise_payload
from tests.refusals import LOGIN, Answer, Attempt, refused

PRIVATE_VALUES_X = ("+6281234567890", "1234567890123")
PRIVATE_VALUES_Y = ("+6281111111111", "9876543210987")


def export_text(client: Client, query: str = "") -> str:
    response = client.get(reverse("enterprises:export") + query)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]


# --- refusals ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Records:
    x: Enterprise  # owner's, in village A (the facilitator's)
    y: Enterprise  # owner2's, in village B
    village_a: Region
    village_b: Region


def _page(name: str, which: str = "y") -> Callable[[Records], str]:
    return lambda r: reverse(f"enterprises:{name}", args=[getattr(r, which).pk])


def _form(village: str, which: str = "", **fields: Any) -> Callable[[Records], dict[str, Any]]:
    """A valid enterprise form in ``village`` (keeping the NIB of enterprise ``which``)."""

    def data(r: Records) -> dict[str, Any]:
        nib = {"nib": getattr(r, which).nib} if which else {}
        return enterprise_payload(getattr(r, village), **fields, **nib)

    return data


CREATE = "/enterprises/new/"
#: case → (persona, request, answer). Out of scope: 404 (the record is not revealed); a role that
#: may read but not change: 403; the anonymous: the login page. test_refusal_matrix.py tries
#: every write on owner2's records as every role.
REFUSALS: dict[str, tuple[str, Attempt, Answer]] = {
    "anonymous-list": ("anonymous", Attempt("get", "/enterprises/"), LOGIN),
    "anonymous-export": ("anonymous", Attempt("get", "/enterprises/export.csv"), LOGIN),
    "anonymous-create": ("anonymous", Attempt("get", "/enterprises/new/"), LOGIN),
    "anonymous-products": ("anonymous", Attempt("get", "/enterprises/products/"), LOGIN),
    "anonymous-detail": ("anonymous", Attempt("get", lambda r: f"/enterprises/{r.x.pk}/"), LOGIN),
    "owner-detail-of-y": ("owner", Attempt("get", _page("detail")), 404),
    "owner-edit-of-y": ("owner", Attempt("get", _page("edit")), 404),
    "owner-history-of-y": ("owner", Attempt("get", _page("history")), 404),
    "owner-post-edit-of-y": (
        "owner",
        Attempt("post", _page("edit"), _form("village_b", name="Taken over")),
        404,
    ),
    "owner-archive-y": ("owner", Attempt("post", _page("archive")), 404),
    "owner-restore-y": ("owner", Attempt("post", _page("restore")), 404),
    "owner-open-create": ("owner", Attempt("get", CREATE), 403),
    "owner-create": ("owner", Attempt("post", CREATE, _form("village_a")), 403),
    "facilitator-edit-of-y": ("facilitator", Attempt("get", _page("edit")), 404),
    "facilitator-post-edit-of-y": (
        "facilitator",
        Attempt("post", _page("edit"), _form("village_b", name="Changed")),
        404,
    ),
    # a facilitator's form offers only their villages: village B is refused by the form
    "facilitator-create-in-b": ("facilitator", Attempt("post", CREATE, _form("village_b")), 200),
    "facilitator-moves-x-to-b": (
        "facilitator",
        Attempt("post", _page("edit", "x"), _form("village_b", "x")),
        200,
    ),
    "viewer-create": ("viewer", Attempt("post", CREATE, _form("village_a")), 403),
    "viewer-edit-x": (
        "viewer",
        Attempt("post", _page("edit", "x"), _form("village_a", "x", name="Changed")),
        403,
    ),
    "viewer-archive-x": ("viewer", Attempt("post", _page("archive", "x")), 403),
    "viewer-restore-x": ("viewer", Attempt("post", _page("restore", "x")), 403),
    "assessor-edit-x": (
        "assessor",
        Attempt("post", _page("edit", "x"), _form("village_a", "x", name="Changed")),
        403,
    ),
    "officer-get-archive": ("officer", Attempt("get", _page("archive", "x")), 405),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_refused_and_the_registry_is_unchanged(
    client: Client,
    request: pytest.FixtureRequest,
    enterprise_x: Enterprise,
    enterprise_y: Enterprise,
    village_a: Region,
    village_b: Region,
    case: str,
) -> None:
    persona, attempt, expected = REFUSALS[case]
    records = Records(x=enterprise_x, y=enterprise_y, village_a=village_a, village_b=village_b)
    response = refused(
        client, request, persona, attempt, expected, apps=("enterprises",), records=records
    )
    if expected == 404:
        assert "Rusip Beta" not in response.content.decode()
    if expected == 200:
        assert response.context["form"].errors == {
            "village": ["Village: choose one of the villages offered."]
        }


# --- owner ------------------------------------------------------------------------------------


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
    assert lines[1].startswith(f"{enterprise_x.pk};Getas Alfa;")
    assert "Rusip Beta" not in text
    assert all(value not in text for value in PRIVATE_VALUES_Y)


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
        address="Jl. Rahasia 9", email="rahasia@example.id", investment_idr=777_654_321
    )
    login(client, assessor)
    page = client.get(reverse("enterprises:detail", args=[enterprise_x.pk])).content.decode()
    # the amount as any locale writes it (a bare "777" could be a factory's "Owner 777")
    secrets = ("Jl. Rahasia 9", "rahasia@example.id", "777.654.321", "777,654,321", "777654321")
    for value in (*PRIVATE_VALUES_X, *secrets):
        assert value not in page


def test_assessor_export_has_no_private_columns(
    client: Client, assessor: User, enterprise_x: Enterprise, enterprise_y: Enterprise
) -> None:
    login(client, assessor)
    text = export_text(client)
    assert text.split("\r\n")[0].split(";")[-1] == "Archived at"
    assert all(v not in text for v in PRIVATE_VALUES_X + PRIVATE_VALUES_Y)


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
