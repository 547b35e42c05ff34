"""`ovop backup` / `ovop restore`: a round trip gives back every row, every history record and
every uploaded file exactly; a restore over data needs --force; a bad archive changes nothing.

Runs on the engine of the test database (SQLite here, PostgreSQL in CI's second run)."""

from __future__ import annotations

import io
import json
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation
from PIL import Image

from ovop.accounts.models import Role, User
from ovop.core.backup import MIGRATE_TABLES, engine, restore_refusal, tables_in_use
from ovop.empowerment.models_cycle import Theme
from ovop.enterprises import services as enterprise_services
from ovop.enterprises.models import Enterprise
from ovop.monitoring.defaults import INDICATORS
from ovop.monitoring.models import Indicator
from ovop.rating import services as rating_services
from tests.factories import EnterpriseFactory, ProductFactory, UserFactory, village

pytestmark = pytest.mark.django_db(transaction=True)

Rows = dict[str, list[tuple[Any, ...]]]


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


def png(colour: tuple[int, int, int]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10), colour).save(buffer, "PNG")
    return SimpleUploadedFile("p.png", buffer.getvalue(), content_type="image/png")


def rows() -> Rows:
    """Every row of every table, in a fixed order."""
    snapshot: Rows = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            snapshot[table] = sorted(cursor.fetchall(), key=repr)
    return snapshot


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def data(media: Path) -> Enterprise:
    """An enterprise edited twice (history), a product photo, an assessment with a photo."""
    officer = UserFactory(username="officer", role=Role.OFFICER)
    assessor = UserFactory(username="assessor", role=Role.ASSESSOR)
    enterprise = EnterpriseFactory(name="Getas Alfa", village=village())
    product = ProductFactory(enterprise=enterprise, name="Getas")
    for name in ("Getas Alfa Jaya", "Getas Alfa Makmur"):
        enterprise_services.enterprise_update(
            user=officer, enterprise=enterprise, data={"name": name}
        )
    enterprise_services.product_photo_add(user=officer, product=product, image=png((1, 2, 3)))
    scheme = {s.code: s for s in rating_services.scheme_install_fixtures()}["kemenperin-ovop"]
    assessment = rating_services.assessment_invite(
        user=officer, product=product, scheme=scheme, assessor=assessor
    )
    rating_services.assessment_save(
        user=assessor,
        assessment=assessment,
        answers={},
        evidence="seen",
        finalise=False,
        photos=[(png((9, 8, 7)), "label")],
    )
    return enterprise


def _officer() -> User:
    return User.objects.get(username="officer")


def test_round_trip_gives_back_every_row_history_record_and_file(
    data: Enterprise, media: Path, tmp_path: Path
) -> None:
    before, media_before = rows(), files(media)
    history = before[Enterprise.history.model._meta.db_table]
    assert len(history) == 3  # created + two edits, with their microsecond timestamps
    assert len(media_before) == 2
    archive = tmp_path / "ovop.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())

    # life goes on: an edit (a new history row), a new record, a lost file, a stray file
    enterprise_services.enterprise_update(user=_officer(), enterprise=data, data={"name": "X"})
    EnterpriseFactory(name="Baru", village=data.village)
    lost = sorted(media_before)[0]
    (media / lost).unlink()
    (media / "stray.txt").write_text("stray")
    changed = rows()
    assert changed != before

    with pytest.raises(CommandError, match="Add --force to confirm"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert rows() == changed  # refused: nothing touched
    assert (media / "stray.txt").is_file()

    out = io.StringIO()
    call_command("restore", str(archive), "--force", stdout=out)
    assert "2 file(s)" in out.getvalue()
    assert rows() == before
    assert files(media) == media_before
    assert Enterprise.objects.get(pk=data.pk).name == "Getas Alfa Makmur"


def test_restore_into_an_empty_database_needs_no_force(
    data: Enterprise, media: Path, tmp_path: Path
) -> None:
    before, media_before = rows(), files(media)
    archive = tmp_path / "ovop.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    for path in media.rglob("*"):
        if path.is_file():
            path.unlink()
    assert tables_in_use() == []
    call_command("restore", str(archive), stdout=io.StringIO())
    assert rows() == before
    assert files(media) == media_before


def test_the_archive_holds_a_manifest_the_dump_and_the_files(
    data: Enterprise, media: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "ovop.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    dump = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}[engine()]
    assert names[:2] == ["manifest.json", dump]
    assert sorted(names[2:]) == sorted(f"media/{name}" for name in files(media))
    assert manifest["engine"] == connection.vendor and manifest["format"] == 1
    assert manifest["migrations"]["rating"] == "0003_history_change_reason_text"
    assert sorted(manifest["files"]) == sorted(files(media))
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(archive), stdout=io.StringIO())


def _repack(archive: Path, target: Path, change: dict[str, bytes]) -> None:
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as out:
        for member in source.getmembers():
            content = source.extractfile(member).read()  # type: ignore[union-attr]
            content = change.get(member.name, content)
            member.size = len(content)
            out.addfile(member, io.BytesIO(content))


def test_a_damaged_or_foreign_archive_changes_nothing(
    data: Enterprise, media: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "ovop.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    photo = sorted(manifest["files"])[0]
    enterprise_services.enterprise_update(user=_officer(), enterprise=data, data={"name": "X"})
    changed, media_changed = rows(), files(media)

    damaged = tmp_path / "damaged.tar.gz"
    _repack(archive, damaged, {f"media/{photo}": b"not the photo"})
    foreign = tmp_path / "foreign.tar.gz"
    other = "postgresql" if engine() == "sqlite" else "sqlite"
    _repack(archive, foreign, {"manifest.json": json.dumps({**manifest, "engine": other}).encode()})
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    not_tar = tmp_path / "notes.txt"
    not_tar.write_text("hello")
    expected = [
        (damaged, f"media/{photo} in the archive is damaged (checksum)."),
        (foreign, f"The archive holds a {other} database; this ovop runs on {engine()}."),
        (truncated, "The archive is damaged"),
        (not_tar, "is not a backup archive"),
    ]
    for path, message in expected:
        with pytest.raises(CommandError) as exc:
            call_command("restore", str(path), "--force", stdout=io.StringIO())
        assert message in str(exc.value)
        assert rows() == changed and files(media) == media_changed


def test_only_rows_beyond_what_migrate_writes_make_a_database_in_use(media: Path) -> None:
    # a freshly migrated database holds the shipped indicators and themes: not data of its own
    assert Indicator.objects.filter(is_default=True).count() == len(INDICATORS)
    assert Theme.objects.count() == 7
    assert tables_in_use() == []
    assert "django_content_type" in MIGRATE_TABLES
    UserFactory(username="someone")
    assert tables_in_use() == ["accounts_user"]


def test_an_indicator_or_theme_of_the_office_makes_a_database_in_use(media: Path) -> None:
    own = Indicator.objects.get(code="omzet")
    own.pk, own.code, own.is_default = None, "omzet_kedai", False
    Indicator.objects.bulk_create([own])  # an office's own indicator (without a history row)
    Theme.objects.bulk_create([Theme(code="banjir", name_id="Banjir", name_en="Floods")])
    assert tables_in_use() == ["empowerment_theme", "monitoring_indicator"]
    assert "empowerment_theme" in (restore_refusal() or "")
