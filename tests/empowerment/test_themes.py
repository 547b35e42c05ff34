"""The experience theme list: officers keep it, facilitators and viewers read it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from ovop.accounts.models import User
from ovop.empowerment import services_themes
from ovop.empowerment.models_cycle import Theme
from tests.conftest import login
from tests.refusals import LOGIN, Attempt, changed, matrix, refused, rows

LIST = reverse("empowerment:theme_list")
CREATE = reverse("empowerment:theme_create")


@pytest.fixture
def theme(db: None) -> Theme:
    return Theme.objects.create(code="uji-tema", name_id="Tema uji", name_en="Test theme")


@pytest.mark.django_db
def test_shipped_themes_are_listed(client: Client, facilitator: User) -> None:
    response = login(client, facilitator).get(LIST)
    assert response.status_code == 200
    assert response.context["can_manage"] is False
    assert list(response.context["themes"]) == list(Theme.objects.order_by("name_id", "pk"))
    assert CREATE not in response.content.decode()


@pytest.mark.django_db
def test_officer_adds_renames_archives_restores(client: Client, officer: User) -> None:
    login(client, officer)
    response = client.post(
        CREATE, {"code": "air-bersih", "name_id": "Air bersih", "name_en": "Clean water"}
    )
    assert response.status_code == 302
    theme = Theme.objects.get(code="air-bersih")
    edit = reverse("empowerment:theme_edit", args=[theme.pk])
    assert client.post(edit, {"name_id": "Air", "name_en": "Water", "code": "x"}).status_code == 302
    theme.refresh_from_db()
    assert (theme.code, theme.name_id, theme.name_en) == ("air-bersih", "Air", "Water")
    archive = reverse("empowerment:theme_archive", args=[theme.pk])
    assert b'name="confirm"' in client.post(archive).content
    theme.refresh_from_db()
    assert theme.archived_at is None
    assert client.post(archive, {"confirm": "1"}).status_code == 302
    theme.refresh_from_db()
    assert theme.archived_at is not None
    client.post(reverse("empowerment:theme_restore", args=[theme.pk]))
    theme.refresh_from_db()
    assert theme.archived_at is None


@pytest.mark.django_db
def test_bad_codes_are_refused(english_client: Client, officer: User, theme: Theme) -> None:
    login(english_client, officer)
    before = rows("empowerment")
    data = {"code": "Bahan Baku!", "name_id": "Bahan", "name_en": "Raw"}
    errors = english_client.post(CREATE, data).context["form"].errors
    assert errors["code"] == [
        "Code: use lower-case letters, digits and hyphens only, such as “raw-material”."
    ]
    data["code"] = "uji-tema"
    errors = english_client.post(CREATE, data).context["form"].errors
    assert errors["code"] == ["Code: a theme with the code “uji-tema” exists already."]
    errors = english_client.post(CREATE, {"code": "baru"}).context["form"].errors
    assert errors["name_id"] == ["Name (Indonesian): this field is required."]
    assert changed(before, rows("empowerment")) == []


@pytest.mark.django_db
def test_service_refuses_upper_case_and_double_archive(
    officer: User, theme: Theme, english: None
) -> None:
    with pytest.raises(ValidationError) as error:
        services_themes.theme_create(user=officer, code="Pasar", name_id="P", name_en="M")
    assert list(error.value.message_dict) == ["code"]
    services_themes.theme_archive(user=officer, theme=theme)
    with pytest.raises(ValidationError):
        services_themes.theme_archive(user=officer, theme=theme)


ATTEMPTS = {
    "list": Attempt("get", LIST),
    "create": Attempt("post", CREATE, {"code": "baru", "name_id": "Baru", "name_en": "New"}),
    "edit": Attempt(
        "post",
        lambda t: reverse("empowerment:theme_edit", args=[t.pk]),
        {"name_id": "Lain", "name_en": "Other"},
    ),
    "archive": Attempt(
        "post", lambda t: reverse("empowerment:theme_archive", args=[t.pk]), {"confirm": "1"}
    ),
}
ANSWERS: dict[str, Any] = {
    "assessor": 403,
    "owner": 403,
    "anonymous": LOGIN,
    "viewer": 403,
    "facilitator": 403,
}
READERS = {("viewer", "list"): 200, ("facilitator", "list"): 200}


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "action", "expected"), matrix(ANSWERS, ATTEMPTS, READERS))
def test_refused(
    client: Client,
    request: pytest.FixtureRequest,
    theme: Theme,
    persona: str,
    action: str,
    expected: Any,
) -> None:
    refused(
        client, request, persona, ATTEMPTS[action], expected, records=theme, apps=("empowerment",)
    )
