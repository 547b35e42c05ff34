"""Every string of the interface exists in Bahasa Indonesia (the default) as well as English.

The check re-extracts the messages from a copy of the source tree, merges them with the
committed Indonesian catalogue, and asks msgfmt whether anything is left untranslated or
fuzzy — so a new string without its translation fails here, not in front of a user.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

import ovop

SOURCE = Path(ovop.__file__).resolve().parent


def _statistics(po: Path) -> str:
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_committed_catalogue_compiles_without_gaps() -> None:
    stats = _statistics(SOURCE / "locale" / "id" / "LC_MESSAGES" / "django.po")
    assert "translated messages" in stats
    assert "untranslated" not in stats
    assert "fuzzy" not in stats


def test_every_string_in_the_source_is_translated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "ovop"
    shutil.copytree(
        SOURCE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static", "fixtures")
    )
    monkeypatch.chdir(copy)
    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        call_command("makemessages", locale=["id"], verbosity=0, no_obsolete=True)
    po = copy / "locale" / "id" / "LC_MESSAGES" / "django.po"
    stats = _statistics(po)
    assert "untranslated" not in stats and "fuzzy" not in stats, (
        f"{stats.strip()} — run `make messages-extract` and translate the new entries in "
        "src/ovop/locale/id/LC_MESSAGES/django.po"
    )
