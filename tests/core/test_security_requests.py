"""Hostile or broken requests answer 4xx/503 in the API's error shape, never a 500 page."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from ovop.accounts.models import User
from ovop.core.parsers import MAX_DEPTH, nesting_depth
from tests.factories import ProgrammeVillageFactory

pytestmark = pytest.mark.urls("tests.core.security_urls")
ECHO = "/api/v1/test/echo/"


@pytest.fixture
def api(officer: User) -> Client:
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(officer)
    return client


def _post_json(client: Client, body: str | bytes) -> Any:
    return client.post(ECHO, body, content_type="application/json")


def test_nesting_depth_counts_brackets_outside_strings() -> None:
    assert nesting_depth('{"a": [1, {"b": []}]}') == 4
    assert nesting_depth("[[], [[]], []]") == 3
    assert nesting_depth('{"a": "[[[[[[{{{{\\"[[["}') == 1
    assert nesting_depth("42") == 0


@pytest.mark.django_db
def test_json_nested_100000_deep_is_a_400(api: Client) -> None:
    response = _post_json(api, "[" * 100_000 + "]" * 100_000)
    assert response.status_code == 400
    assert response.json() == {
        "error": f"The JSON is nested more than {MAX_DEPTH} levels deep.",
        "fields": {},
    }


@pytest.mark.django_db
def test_json_nested_to_the_limit_is_read(api: Client) -> None:
    body = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    response = _post_json(api, body)
    assert response.status_code == 200
    assert json.dumps(response.json()["received"]).count("[") == MAX_DEPTH
    assert _post_json(api, "[" + body + "]").status_code == 400


@pytest.mark.django_db
def test_a_body_over_the_size_limit_is_a_400(api: Client, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    assert _post_json(api, json.dumps({"note": "x" * 900})).status_code == 200
    response = _post_json(api, json.dumps({"note": "x" * 1000}))
    assert response.status_code == 400
    assert response.json() == {
        "error": "The request body is larger than 1000 bytes.",
        "fields": {},
    }


@pytest.mark.django_db
def test_broken_json_is_a_400_in_the_error_shape(api: Client) -> None:
    response = _post_json(api, '{"a": ')
    assert response.status_code == 400
    assert response.json()["error"].startswith("JSON parse error")
    assert response.json()["fields"] == {}
    latin = _post_json(api, b'{"a": "\xff"}')
    assert latin.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["²", "9" * 5000, "２０２４", "20245", "-2024"])
def test_a_year_that_is_not_four_digits_is_a_400(officer: User, year: str, settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"
    membership = ProgrammeVillageFactory()
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(officer)
    url = f"/programmes/{membership.programme_id}/villages/{membership.pk}/designation/"
    assert client.get(url).status_code == 200
    assert client.get(url, {"year": "2024"}).status_code == 200
    assert client.get(url, {"year": year}).status_code == 400


@pytest.mark.django_db
def test_api_errors_are_json_never_an_html_page(api: Client) -> None:
    expected = {
        "/api/v1/no-such-thing/": (404, "Not found."),
        "/api/v1/test/refuse/": (403, "You do not have permission to perform this action."),
        "/api/v1/test/fail/": (500, "A server error occurred."),
    }
    for url, (status, message) in expected.items():
        response = api.get(url)
        assert response.status_code == status, url
        assert response["Content-Type"] == "application/json", url
        assert response.json() == {"error": message, "fields": {}}, url


@pytest.mark.django_db
def test_pages_keep_their_html_error_pages(api: Client) -> None:
    missing = api.get("/no-such-page/")
    assert missing.status_code == 404
    assert missing["Content-Type"].startswith("text/html")
    assert api.get("/test/fail/").status_code == 500


@pytest.mark.django_db
def test_a_locked_database_answers_503_try_again(api: Client) -> None:
    response = api.get("/api/v1/test/locked/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json() == {
        "error": "The database is busy with other changes, and yours was not saved. "
        "Please try again in a moment.",
        "fields": {},
    }
    page = api.get("/test/locked/")
    assert page.status_code == 503
    assert "Please try again in a moment." in page.content.decode()


@pytest.mark.django_db
def test_a_lock_outside_a_view_is_a_503_too(api: Client, settings: Any) -> None:
    """Without the middleware (as for a lock while a session is saved), the 500 handler
    still tells the lock apart."""
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if m != "ovop.core.middleware.DatabaseLockedMiddleware"
    ]
    assert api.get("/api/v1/test/locked/").status_code == 503
    assert api.get("/test/locked/").status_code == 503
