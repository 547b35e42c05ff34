"""Indonesian is the language of every page until the user chooses English; the choice is
remembered for the user (a browser set to English does not switch the interface)."""

from __future__ import annotations

import pytest
from django.test import Client

from ovop.accounts.models import User
from tests.conftest import login

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


@pytest.mark.django_db
def test_a_browser_set_to_english_still_gets_indonesian(client: Client) -> None:
    response = client.get("/accounts/login/", **ENGLISH_BROWSER)  # type: ignore[arg-type]
    assert response.headers["Content-Language"] == "id"
    assert '<html lang="id"' in response.content.decode()


@pytest.mark.django_db
def test_choosing_english_is_remembered_on_the_account(client: Client, officer: User) -> None:
    login(client, officer)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.language == "en"
    # Another device: no cookie, an Indonesian browser — the account's choice wins.
    other = login(Client(), officer)
    page = other.get("/", HTTP_ACCEPT_LANGUAGE="id")  # type: ignore[arg-type]
    assert page.headers["Content-Language"] == "en"


@pytest.mark.django_db
def test_the_cookie_decides_before_sign_in_and_bad_codes_are_ignored(client: Client) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert client.get("/accounts/login/").headers["Content-Language"] == "en"
    client.cookies["django_language"] = "xx"
    assert client.get("/accounts/login/").headers["Content-Language"] == "id"


@pytest.mark.django_db
def test_an_unknown_language_is_not_stored(client: Client, officer: User) -> None:
    login(client, officer)
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    officer.refresh_from_db()
    assert officer.language == ""
    assert client.get("/").headers["Content-Language"] == "id"
