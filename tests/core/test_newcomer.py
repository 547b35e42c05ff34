"""A newcomer's first steps: the `ovop` command without its required variables says in one line
which variable to set (no traceback), and `make run` takes the port to listen on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: The `ovop` command as installed: ovop.manage.main (the [project.scripts] entry point).
OVOP = [sys.executable, "-c", "from ovop.manage import main; main()"]


def _ovop(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [*OVOP, *args], env={**clean, **env}, capture_output=True, text=True, check=False
    )


def test_without_secret_key_or_debug_one_line_names_the_variable() -> None:
    result = _ovop("check")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines == [
        "ovop: SECRET_KEY is required when DEBUG is off: set SECRET_KEY to a long random "
        "string (or DEBUG=true on a development machine)"
    ]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"SECRET_KEY": "k", "OVOP_SIGNATORY_NIP": "12345"}, "OVOP_SIGNATORY_NIP"),
        ({"SECRET_KEY": "k", "OVOP_PUBLIC_URL": "ovop.example.go.id"}, "OVOP_PUBLIC_URL"),
        ({"SECRET_KEY": "k", "OVOP_REGENCY_LOGO": "/no/such/logo.png"}, "OVOP_REGENCY_LOGO"),
        ({"SECRET_KEY": "k", "OVOP_CERTIFICATE_VALID_YEARS": "0"}, "OVOP_CERTIFICATE_VALID_YEARS"),
    ],
)
def test_a_bad_value_is_one_line_naming_its_variable(env: dict[str, str], named: str) -> None:
    result = _ovop("check", **env)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"ovop: {named} ")


def test_with_debug_the_command_runs() -> None:
    result = _ovop("check", "--deploy", "--fail-level", "CRITICAL", DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_make_run_listens_on_the_port_given() -> None:
    result = subprocess.run(
        ["make", "-n", "run", "PORT=8080"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "runserver 127.0.0.1:8080" in result.stdout
    default = subprocess.run(
        ["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "runserver 127.0.0.1:8000" in default.stdout
