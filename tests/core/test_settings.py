"""Settings come from the environment, and a bad value stops the process with its name."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from ovop.settings import envbool, envlist


def test_envbool_reads_the_usual_spellings(monkeypatch: pytest.MonkeyPatch) -> None:
    for raw, expected in [("1", True), ("yes", True), ("TRUE", True), ("0", False), ("off", False)]:
        monkeypatch.setenv("OVOP_FLAG", raw)
        assert envbool("OVOP_FLAG", not expected) is expected
    monkeypatch.delenv("OVOP_FLAG")
    assert envbool("OVOP_FLAG", True) is True


def test_envbool_refuses_a_bad_value_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OVOP_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="OVOP_FLAG must be one of"):
        envbool("OVOP_FLAG", False)


def test_envlist_splits_on_commas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OVOP_HOSTS", " a.example , b.example,,")
    assert envlist("OVOP_HOSTS", []) == ["a.example", "b.example"]


def _import_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "-c", "import ovop.settings as s; print(s.TIME_ZONE, s.DEBUG)"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_secret_key_is_required_when_debug_is_off() -> None:
    result = _import_settings({"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_defaults_with_a_secret_key() -> None:
    result = _import_settings({"SECRET_KEY": "k", "TIME_ZONE": "Asia/Makassar"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["Asia/Makassar", "False"]


def test_a_bad_database_url_names_the_variable() -> None:
    result = _import_settings({"SECRET_KEY": "k", "DATABASE_URL": "nonsense://x"})
    assert result.returncode != 0
    assert "DATABASE_URL is not a database URL" in result.stderr


def test_a_bad_conn_max_age_names_the_variable() -> None:
    result = _import_settings({"SECRET_KEY": "k", "CONN_MAX_AGE": "sixty"})
    assert result.returncode != 0
    assert "CONN_MAX_AGE must be a whole number, not 'sixty'" in result.stderr
