"""Login throttling (app and admin log-in) and the password-reset flow."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from ovop.accounts.models import Role, User
from tests.factories import UserFactory

PASSWORD = "pw-for-tests-only"
LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


@pytest.fixture
def en_client(client: Client) -> Client:
    """The test client asking for English pages (the language cookie)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _attempt(client: Client, url: str, username: str, password: str, ip: str) -> int:
    response = client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)
    return response.status_code


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_five_wrong_passwords_then_the_right_one_is_refused(
    en_client: Client, officer: User
) -> None:
    for _ in range(4):
        assert _attempt(en_client, LOGIN, "officer", "wrong", "10.0.0.5") == 200
    assert _attempt(en_client, LOGIN, "officer", "wrong", "10.0.0.5") == 429
    response = en_client.post(
        LOGIN, {"username": "officer", "password": PASSWORD}, REMOTE_ADDR="10.0.0.5"
    )
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed log-in attempts" in page
    assert "blocked for 15 minutes, even with the right password" in page
    assert not _signed_in(en_client)


@pytest.mark.django_db
def test_four_wrong_passwords_then_the_right_one_logs_in(client: Client, officer: User) -> None:
    for _ in range(4):
        _attempt(client, LOGIN, "officer", "wrong", "10.0.0.7")
    response = client.post(
        LOGIN, {"username": "officer", "password": PASSWORD}, REMOTE_ADDR="10.0.0.7"
    )
    assert response.status_code == 302
    assert _signed_in(client)


@pytest.mark.django_db
def test_the_address_is_limited_too_for_another_account(client: Client, officer: User) -> None:
    """Five failures from one address, spread over accounts, block that address for all."""
    viewer = UserFactory(username="viewer", role=Role.VIEWER)
    for name in ["officer", "officer", "nobody", "viewer", "ghost"]:
        _attempt(client, LOGIN, name, "wrong", "10.0.0.8")
    response = client.post(
        LOGIN, {"username": viewer.username, "password": PASSWORD}, REMOTE_ADDR="10.0.0.8"
    )
    assert response.status_code == 429
    assert not _signed_in(client)


@pytest.mark.django_db
def test_the_account_is_limited_from_any_address(client: Client, officer: User) -> None:
    for number in range(5):
        _attempt(client, LOGIN, "officer", "wrong", f"10.0.1.{number}")
    response = client.post(
        LOGIN, {"username": "officer", "password": PASSWORD}, REMOTE_ADDR="10.0.2.1"
    )
    assert response.status_code == 429
    assert not _signed_in(client)


@pytest.mark.django_db
def test_other_accounts_from_other_addresses_are_not_affected(
    client: Client, officer: User, viewer: User
) -> None:
    for _ in range(5):
        _attempt(client, LOGIN, "officer", "wrong", "10.0.0.9")
    response = client.post(
        LOGIN, {"username": "viewer", "password": PASSWORD}, REMOTE_ADDR="10.0.3.1"
    )
    assert response.status_code == 302
    assert _signed_in(client)


@pytest.mark.django_db
def test_the_admin_login_is_throttled_too(en_client: Client, admin_user: User) -> None:
    for _ in range(5):
        _attempt(en_client, ADMIN_LOGIN, "admin", "wrong", "10.0.0.10")
    response = en_client.post(
        ADMIN_LOGIN, {"username": "admin", "password": PASSWORD}, REMOTE_ADDR="10.0.0.10"
    )
    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.content.decode()
    assert not _signed_in(en_client)


@pytest.mark.django_db
def test_behind_a_proxy_the_forwarded_address_is_limited(
    client: Client, officer: User, viewer: User, settings: object
) -> None:
    """With one trusted proxy, clients behind it are told apart by X-Forwarded-For."""
    settings.TRUSTED_PROXY_COUNT = 1  # type: ignore[attr-defined]
    for _ in range(5):
        client.post(
            LOGIN,
            {"username": "nobody", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="forged, 203.0.113.7",
        )
    other = client.post(
        LOGIN,
        {"username": "viewer", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )
    assert other.status_code == 302  # another client behind the same proxy logs in
    blocked = Client().post(
        LOGIN,
        {"username": "officer", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7",
    )
    assert blocked.status_code == 429


# --- password reset -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_password_reset_mails_a_link_that_sets_a_new_password(
    en_client: Client, officer: User, settings: object
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # type: ignore[attr-defined]
    officer.email = "officer@example.go.id"
    officer.save()
    response = en_client.post("/accounts/password-reset/", {"email": "OFFICER@example.go.id"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["officer@example.go.id"]
    assert message.subject == "ovop: choose a new password"
    assert "“officer”" in message.body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body)
    assert link is not None, message.body

    form = en_client.get(link.group(1), follow=True)
    assert form.status_code == 200
    assert "New password again" in form.content.decode()
    new = "Lada-putih-Mentok-2025"
    done = en_client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert done["Location"] == "/accounts/reset/done/"
    officer.refresh_from_db()
    assert officer.check_password(new)
    # The link works once only.
    again = en_client.get(link.group(1), follow=True).content.decode()
    assert "This link does not work" in again


@pytest.mark.django_db
def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(
    en_client: Client, officer: User, settings: object
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # type: ignore[attr-defined]
    response = en_client.post("/accounts/password-reset/", {"email": "who@example.go.id"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert mail.outbox == []


def _email_backend(env: dict[str, str]) -> str:
    clean = {k: v for k, v in os.environ.items() if k != "EMAIL_BACKEND"}
    result = subprocess.run(
        [sys.executable, "-c", "import ovop.settings as s; print(s.EMAIL_BACKEND)"],
        env={**clean, "SECRET_KEY": "k", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_the_email_backend_is_the_console_unless_configured() -> None:
    assert _email_backend({}) == "django.core.mail.backends.console.EmailBackend"
    smtp = "django.core.mail.backends.smtp.EmailBackend"
    assert _email_backend({"EMAIL_BACKEND": smtp}) == smtp
