"""The shared layout: login required, the two languages, the health check, the API's errors."""

from __future__ import annotations

import pytest
from django.test import Client

from ovop.accounts.models import User
from tests.conftest import login


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login(client: Client) -> None:
    response = client.get("/enterprises/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/enterprises/"


@pytest.mark.django_db
def test_anonymous_api_call_is_refused_with_the_error_shape(client: Client) -> None:
    response = client.get("/api/v1/regions/")
    assert response.status_code in (401, 403)
    body = response.json()
    assert set(body) == {"error", "fields"}
    assert body["fields"] == {}


@pytest.mark.django_db
def test_health_check_is_public(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_login_page_is_indonesian_by_default_and_english_on_request(client: Client) -> None:
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="id">' in page
    assert "Masuk ke ovop" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="en">' in page
    assert "Log in to ovop" in page


@pytest.mark.django_db
def test_wrong_password_is_refused(client: Client, officer: User) -> None:
    response = client.post("/accounts/login/", {"username": "officer", "password": "nope"})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_logout_needs_post(client: Client, officer: User) -> None:
    login(client, officer)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302
