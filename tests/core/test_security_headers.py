"""Content-Security-Policy, HTTPS behind the proxy, session length and `check --deploy`."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

import ovop
from ovop.accounts.models import User

SRC = Path(ovop.__file__).parent
TEMPLATES = sorted([*SRC.glob("templates/**/*.html"), *SRC.glob("*/templates/**/*.html")], key=str)


def _csp(response: object) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]  # type: ignore[index]
    directives = [part.strip().split() for part in header.split(";") if part.strip()]
    return {name: values for name, *values in directives}


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy(client: Client, officer: User) -> None:
    for response in [client.get("/accounts/login/"), _signed_in(client, officer).get("/")]:
        csp = _csp(response)
        assert csp["script-src"] == ["'self'"]
        assert csp["default-src"] == ["'self'"]
        assert "https://tile.openstreetmap.org" in csp["img-src"]
        assert csp["object-src"] == ["'none'"]
        assert csp["frame-ancestors"] == ["'none'"]
        assert csp["form-action"] == ["'self'"]


def _signed_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def test_templates_have_no_inline_script() -> None:
    """No <script> without src (JSON data blocks from json_script are not in the templates)
    and no on...= event attribute: the policy would block them."""
    assert len(TEMPLATES) > 20
    offenders = []
    for path in TEMPLATES:
        text = path.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            data = 'type="application/json"' in tag or 'type="application/ld+json"' in tag
            if "src=" not in tag and not data:  # a data block (JSON, JSON-LD) runs no code
                offenders.append(f"{path}: {tag}")
        offenders += [f"{path}: {m}" for m in re.findall(r"<[^>]*\son[a-z]+\s*=", text)]
    assert offenders == []


def test_a_session_lasts_a_working_day() -> None:
    assert settings.SESSION_COOKIE_AGE == 9 * 60 * 60


def _env(extra: dict[str, str]) -> dict[str, str]:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for Playwright in this process; a server
    # never has it (check --deploy refuses it), so it is not passed on.
    dropped = {"DEBUG", "SECURE_COOKIES", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    keep = {k: v for k, v in os.environ.items() if k not in dropped}
    return {**keep, **extra}


def _settings_of(env: dict[str, str], names: str) -> list[str]:
    code = f"import ovop.settings as s; print(*[getattr(s, n, None) for n in {names.split()!r}])"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=_env({"SECRET_KEY": "k", **env}),
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


def test_secure_cookies_turn_on_hsts_and_trust_the_proxys_https_header() -> None:
    names = "SECURE_HSTS_SECONDS SECURE_SSL_REDIRECT SESSION_COOKIE_SECURE"
    assert _settings_of({"SECURE_COOKIES": "true"}, names) == ["31536000", "True", "True"]
    assert _settings_of({}, names) == ["None", "None", "False"]
    proxy = _settings_of({"SECURE_COOKIES": "true"}, "SECURE_PROXY_SSL_HEADER")
    assert proxy == ["('HTTP_X_FORWARDED_PROTO',", "'https')"]


@pytest.mark.django_db
def test_links_are_https_behind_the_tls_proxy(
    client: Client, officer: User, settings: object
) -> None:
    """The password reset link (like the certificate verification link) is absolute; behind
    the proxy that terminates TLS it must say https://."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # type: ignore[attr-defined]
    settings.ALLOWED_HOSTS = ["ovop.example.go.id"]  # type: ignore[attr-defined]
    officer.email = "officer@example.go.id"
    officer.save()
    client.post(
        "/accounts/password-reset/",
        {"email": officer.email},
        HTTP_X_FORWARDED_PROTO="https",
        HTTP_HOST="ovop.example.go.id",
    )
    assert len(mail.outbox) == 1
    assert "https://ovop.example.go.id/accounts/reset/" in mail.outbox[0].body


def _readme_production_environment() -> dict[str, str]:
    """The variables that README's "Production" section exports (SECRET_KEY drawn as there)."""
    readme = (SRC.parents[1] / "README.md").read_text()
    section = readme[readme.index("### Production") :]
    export = re.search(r"^export (.*?[^\\])$", section, re.MULTILINE | re.DOTALL)
    assert export is not None
    pairs = re.findall(r"(\w+)=(\$\([^)]*\)|\S+)", export.group(1))
    env = {name: value for name, value in pairs}
    assert env["SECRET_KEY"] == "$(openssl rand -hex 32)"
    env["SECRET_KEY"] = secrets.token_hex(32)
    return env


def test_check_deploy_is_clean_with_the_readme_production_settings() -> None:
    """The environment of README's "Production" section passes `ovop check --deploy`."""
    production = _readme_production_environment()
    assert production["SECURE_COOKIES"] == "true"
    assert production["ALLOWED_HOSTS"] == "ovop.example.go.id"
    assert production["DATABASE_URL"].startswith("postgres://")
    result = subprocess.run(
        [sys.executable, "-m", "ovop.manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=_env(production),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr
