"""A scheme is named in the reader's language wherever it is listed (issue 9: the assessment
drop-down offered "Kemenperin OVOP product assessment v2" on Indonesian pages): its Indonesian
name is ``labels_id["name"]``, like the Indonesian labels of its groups and items, and the
stored (English) name stands in when there is none."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from ovop.accounts.models import User
from ovop.enterprises.models import Product
from ovop.overview.selectors_work import officer_work
from ovop.rating import services
from ovop.rating.definition import scheme_name
from ovop.rating.forms import InviteForm, IssueForm
from ovop.rating.models import RatingScheme
from tests.conftest import login
from tests.rating.conftest import passing

ID_NAME = "Penilaian produk OVOP Kemenperin"
EN_NAME = "Kemenperin OVOP product assessment"


def _options(html: str) -> str:
    return html.split('name="scheme"', 1)[1].split("</select>", 1)[0]


def test_the_invite_and_issue_drop_downs_name_the_scheme_in_indonesian(
    client: Client, officer: User, product_x: Product, kemenperin: RatingScheme
) -> None:
    page = login(client, officer).get(reverse("rating:product", args=[product_x.pk]))
    html = page.content.decode()
    invite = html.split('action="/rating/products/', 1)[1]
    assert f'<option value="{kemenperin.pk}">{ID_NAME} v2</option>' in _options(invite)
    assert EN_NAME not in html
    assert "OCOP 100-point" not in html  # the OCOP scheme is named in Indonesian too
    assert "Klasifikasi produk OCOP 100 poin (Vietnam) v1" in html


def test_the_drop_downs_use_the_english_name_in_english(
    kemenperin: RatingScheme, schemes: dict[str, RatingScheme]
) -> None:
    with translation.override("en"):
        invite = str(InviteForm()["scheme"])
        issue = str(IssueForm()["scheme"])
    assert f">{EN_NAME} v2</option>" in invite
    assert f">{EN_NAME} v1</option>" in issue  # every version can be issued on
    with translation.override("id"):
        assert f">{ID_NAME} v1</option>" in str(IssueForm()["scheme"])


def test_a_scheme_without_an_indonesian_name_shows_its_stored_name(
    admin_user: User, kemenperin: RatingScheme
) -> None:
    definition = {**kemenperin.definition, "code": "local-scheme", "version": 1, "name": "Local"}
    scheme = services.scheme_create(user=admin_user, definition=definition)
    assert scheme.labels_id == {}
    with translation.override("id"):
        assert scheme_name(scheme) == "Local"
        assert ">Local v1</option>" in str(IssueForm()["scheme"])


def test_an_administrator_gives_a_new_scheme_its_indonesian_name(
    client: Client, admin_user: User, kemenperin: RatingScheme
) -> None:
    definition = {**kemenperin.definition, "code": "batik", "version": 1, "name": "Batik rating"}
    login(client, admin_user)
    response = client.post(
        reverse("rating:scheme_create"),
        {
            "definition": json.dumps(definition),
            "name_id": "  Penilaian batik ",
            "configurable_defaults": "",
        },
    )
    assert response.status_code == 302
    scheme = RatingScheme.objects.get(code="batik")
    assert (scheme.name, scheme.labels_id) == ("Batik rating", {"name": "Penilaian batik"})
    listed = client.get(reverse("rating:scheme_list")).content.decode()
    assert ">Penilaian batik</a>" in listed and "Batik rating" not in listed
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert ">Batik rating</a>" in client.get(reverse("rating:scheme_list")).content.decode()


def test_editing_a_draft_changes_or_removes_the_indonesian_name_and_keeps_the_labels(
    client: Client, admin_user: User, kemenperin: RatingScheme
) -> None:
    draft = services.scheme_clone(user=admin_user, scheme=kemenperin)
    labels_before = {k: v for k, v in draft.labels_id.items() if k != "name"}
    url = reverse("rating:scheme_edit", args=[draft.pk])
    form_page = login(client, admin_user).get(url).content.decode()
    assert f'value="{ID_NAME}"' in form_page  # the field starts with the current name
    assert f"Ubah {ID_NAME} v3" in form_page  # the heading names the draft in Indonesian
    post = {"definition": json.dumps(draft.definition), "configurable_defaults": ""}
    assert client.post(url, {**post, "name_id": "Penilaian OVOP baru"}).status_code == 302
    draft.refresh_from_db()
    assert draft.labels_id == {"name": "Penilaian OVOP baru", **labels_before}
    assert client.post(url, {**post, "name_id": ""}).status_code == 302
    draft.refresh_from_db()
    assert draft.labels_id == labels_before
    with translation.override("id"):
        assert scheme_name(draft) == EN_NAME


@pytest.mark.parametrize(("language", "name"), [("id", ID_NAME), ("en", EN_NAME)])
def test_the_officers_home_names_the_scheme_of_a_rating_to_issue(
    officer: User,
    assessor: User,
    product_x: Product,
    kemenperin: RatingScheme,
    language: str,
    name: str,
) -> None:
    assessment = services.assessment_invite(
        user=officer, product=product_x, scheme=kemenperin, assessor=assessor
    )
    services.assessment_save(
        user=assessor,
        assessment=assessment,
        answers=passing(kemenperin),
        evidence="seen",
        finalise=True,
    )
    with translation.override(language):
        rows = officer_work(user=officer).ratings_to_issue.rows
    assert [(r["product__name"], r["scheme__name"]) for r in rows] == [(product_x.name, name)]
