"""A rating scheme version's history page: who changed what and why, for administrators only
(like every scheme page)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from ovop.accounts.models import User
from ovop.rating import services
from ovop.rating.models import RatingScheme
from tests.conftest import login


def test_the_history_shows_who_why_and_old_to_new(
    client: Client, admin_user: User, kemenperin: RatingScheme
) -> None:
    draft = services.scheme_clone(user=admin_user, scheme=kemenperin)
    services.scheme_activate(user=admin_user, scheme=draft)
    login(client, admin_user)
    url = reverse("rating:scheme_history", args=[kemenperin.pk])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url)
    assert response.status_code == 200
    replaced, installed = response.context["entries"]
    assert (replaced.who, replaced.reason) == ("admin", "replaced by version 3")
    assert [(c.label, c.old, c.new) for c in replaced.changes] == [("Status", "In use", "Archived")]
    assert (installed.who, installed.reason, installed.kind) == (
        "system",
        "installed from fixture",
        "created",
    )
    page = response.content.decode()
    assert "<del>In use</del> → <ins>Archived</ins>" in page
    assert "(replaced by version 3)" in page

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    new = client.get(reverse("rating:scheme_history", args=[draft.pk])).context["entries"]
    assert [(e.who, e.reason) for e in new] == [
        ("admin", "put in use"),
        ("admin", "cloned from version 2"),
    ]
    assert [(c.old, c.new) for c in new[0].changes] == [("Draft", "In use")]
    detail = client.get(reverse("rating:scheme", args=[kemenperin.pk])).content.decode()
    assert f'href="{url}"' in detail


@pytest.mark.parametrize("who", ["officer", "viewer", "assessor", "owner"])
def test_refused_to_everyone_but_administrators(
    who: str, request: pytest.FixtureRequest, client: Client, kemenperin: RatingScheme
) -> None:
    url = reverse("rating:scheme_history", args=[kemenperin.pk])
    response = client.get(url)
    assert (response.status_code, response["Location"].startswith("/accounts/login/")) == (
        302,
        True,
    )
    login(client, request.getfixturevalue(who))
    assert client.get(url).status_code == 403


def test_an_unknown_scheme_answers_404(client: Client, admin_user: User) -> None:
    login(client, admin_user)
    assert client.get(reverse("rating:scheme_history", args=[999_999])).status_code == 404
