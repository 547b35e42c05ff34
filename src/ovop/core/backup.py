"""Backup and restore of the database and the uploaded files, in one archive file.

The archive is a gzipped tar holding ``manifest.json`` (format, database engine, time, the
latest applied migration of each app, the SHA-256 of every member), the database dump and
``media/`` (every file under MEDIA_ROOT). The dump is taken with the engine's own tools:
SQLite's online backup API (``sqlite3.Connection.backup``: a consistent copy while ovop runs)
or PostgreSQL's ``pg_dump --format=custom`` (restored with ``pg_restore``). The engine is the
one of ``DATABASES["default"]``; an archive restores only into the same engine.

A restore checks the whole archive (every checksum) before it touches anything, and refuses to
replace a database that holds data (or a MEDIA_ROOT that holds files) unless forced. It writes
the rows exactly as they were — history records included, nothing goes through the models.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import closing
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
#: Tables that ``migrate`` fills by itself: rows there do not make a database "in use".
MIGRATE_TABLES = frozenset({"django_migrations", "django_content_type", "auth_permission"})
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, for the operator."""


@dataclass(frozen=True)
class Manifest:
    engine: str
    created_at: str
    database: str
    database_sha256: str
    files: dict[str, str] = field(default_factory=dict)  # media path -> SHA-256
    migrations: dict[str, str] = field(default_factory=dict)  # app -> latest applied
    format: int = FORMAT

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), indent=1, sort_keys=True).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        data = json.loads(raw)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise BackupError(_("The archive's manifest is not one this version of ovop reads."))
        try:
            return cls(**data)
        except TypeError as exc:
            raise BackupError(_("The archive's manifest is damaged.")) from exc


def engine() -> str:
    """``sqlite`` or ``postgresql``: the engine of the default database."""
    if connection.vendor not in DUMPS:
        raise BackupError(
            _("Backup supports SQLite and PostgreSQL, not %(vendor)s.")
            % {"vendor": connection.vendor}
        )
    return connection.vendor


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def media_files(root: Path) -> Iterator[tuple[str, Path]]:
    """(path relative to ``root`` in POSIX form, path) of every regular file under ``root``."""
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path.relative_to(root).as_posix(), path


# --- the database ------------------------------------------------------------------------------


def _pg_env() -> dict[str, str]:
    config = connection.settings_dict
    env = dict(os.environ)
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ]:
        if config.get(key):
            env[variable] = str(config[key])
    options = config.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = str(options["sslmode"])
    return env


def _run(args: list[str]) -> None:
    try:
        done = subprocess.run(args, env=_pg_env(), capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as exc:
        raise BackupError(
            _("%(program)s is not installed (Debian: apt-get install postgresql-client).")
            % {"program": args[0]}
        ) from exc
    if done.returncode != 0:
        raise BackupError(
            _("%(program)s failed: %(error)s") % {"program": args[0], "error": done.stderr.strip()}
        )


def _dump(target: Path) -> None:
    if engine() == "sqlite":
        connection.ensure_connection()
        with closing(sqlite3.connect(target)) as copy:
            connection.connection.backup(copy)
        return
    _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"])


def _load(source: Path) -> None:
    if connection.in_atomic_block:
        raise BackupError(_("A restore cannot run inside a database transaction."))
    if engine() == "sqlite":
        connection.ensure_connection()
        with closing(sqlite3.connect(source)) as copy:
            copy.backup(connection.connection)
    else:
        name = str(connection.settings_dict["NAME"])
        connection.close()  # pg_restore drops the tables: hold no connection to them
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={name}",
                str(source),
            ]
        )
    ContentType.objects.clear_cache()


def _migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def _shadow_tables(cursor: Any) -> tuple[str, ...]:
    """Name prefixes of SQLite's shadow tables: a full-text (FTS5) table keeps its settings in
    ``<name>_config`` and ``<name>_data`` even while it indexes nothing."""
    if connection.vendor != "sqlite":
        return ()
    cursor.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")
    return tuple(f"{name}_" for (name,) in cursor.fetchall())


def shipped_rows() -> dict[str, frozenset[str]]:
    """The rows data migrations ship (the indicator catalogue, the experience themes), by
    table: the codes of those rows, as each app's ``shipped_rows()`` declares them."""
    shipped: dict[str, frozenset[str]] = {}
    for config in django_apps.get_app_configs():
        declared = getattr(config, "shipped_rows", None)
        if declared is not None:
            shipped.update(declared())
    return shipped


def tables_in_use() -> list[str]:
    """The tables holding rows, besides the ones ``migrate`` fills by itself (and the
    bookkeeping of SQLite's full-text tables). A table of shipped rows counts only when it
    holds a row of another code; a shipped row edited in ovop leaves a row in its history
    table, which counts."""
    used = []
    shipped = shipped_rows()
    with connection.cursor() as cursor:
        shadows = _shadow_tables(cursor)
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in MIGRATE_TABLES or (shadows and table.startswith(shadows)):
                continue
            name = connection.ops.quote_name(table)
            if table in shipped:
                cursor.execute(f"SELECT code FROM {name}")  # noqa: S608
                if {code for (code,) in cursor.fetchall()} <= shipped[table]:
                    continue
                used.append(table)
                continue
            cursor.execute(f"SELECT 1 FROM {name} LIMIT 1")  # noqa: S608
            if cursor.fetchone() is not None:
                used.append(table)
    return used


# --- the archive -------------------------------------------------------------------------------


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def backup_create(*, archive: Path) -> Manifest:
    """Write the database and every uploaded file to ``archive`` (a new file)."""
    if archive.exists():
        raise BackupError(_("%(path)s exists already; choose a new name.") % {"path": archive})
    kind = engine()
    with tempfile.TemporaryDirectory(prefix="ovop-backup-") as tmp:
        dump = Path(tmp) / DUMPS[kind]
        _dump(dump)
        files = list(media_files(_media_root()))
        manifest = Manifest(
            engine=kind,
            created_at=timezone.now().isoformat(),
            database=DUMPS[kind],
            database_sha256=_sha256(dump),
            files={name: _sha256(path) for name, path in files},
            migrations=_migrations(),
        )
        partial = archive.with_name(archive.name + ".part")
        with tarfile.open(partial, "w:gz") as tar:
            _add_bytes(tar, MANIFEST, manifest.to_json())
            tar.add(dump, arcname=DUMPS[kind], recursive=False)
            for name, path in files:
                tar.add(path, arcname=f"{MEDIA}/{name}", recursive=False)
        partial.replace(archive)
    return manifest


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == path.as_posix()


def _extract(tar: tarfile.TarFile, name: str, target: Path, sha256: str) -> None:
    """Copy member ``name`` to ``target``, checking it is a regular file with this checksum."""
    try:
        member = tar.getmember(name)
    except KeyError as exc:
        raise BackupError(_("The archive lacks %(name)s.") % {"name": name}) from exc
    source = tar.extractfile(member) if member.isfile() and _safe_name(name) else None
    if source is None:
        raise BackupError(_("The archive's member %(name)s is not a file.") % {"name": name})
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with source, target.open("wb") as out:
        while chunk := source.read(_CHUNK):
            digest.update(chunk)
            out.write(chunk)
    if digest.hexdigest() != sha256:
        raise BackupError(_("%(name)s in the archive is damaged (checksum).") % {"name": name})


def read_manifest(tar: tarfile.TarFile) -> Manifest:
    try:
        handle: IO[bytes] | None = tar.extractfile(MANIFEST)
    except KeyError:
        handle = None
    except (tarfile.TarError, EOFError, zlib.error) as exc:
        raise BackupError(_("The archive is damaged (%(error)s).") % {"error": exc}) from exc
    if handle is None:
        raise BackupError(_("This is not an ovop backup: it has no manifest.json."))
    with handle:
        try:
            return Manifest.from_json(handle.read())
        except ValueError as exc:  # not JSON
            raise BackupError(_("The archive's manifest is damaged.")) from exc


def restore_refusal() -> str | None:
    """Why a restore would overwrite data (None when the database and MEDIA_ROOT are empty)."""
    tables = tables_in_use()
    if tables:
        return _(
            "The database is not empty (%(count)d tables hold rows, e.g. %(table)s): a restore "
            "replaces all of it."
        ) % {"count": len(tables), "table": tables[0]}
    if next(media_files(_media_root()), None) is not None:
        return _("MEDIA_ROOT (%(path)s) holds files: a restore replaces them.") % {
            "path": _media_root()
        }
    return None


def backup_restore(*, archive: Path, force: bool = False) -> Manifest:
    """Replace the database and the uploaded files by those in ``archive``.

    Refused (BackupError, nothing changed) when the archive is damaged, comes from another
    database engine, or — unless ``force`` — the database or MEDIA_ROOT holds data.
    """
    try:
        tar = tarfile.open(archive, "r:*")  # noqa: SIM115 - closed below
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(_("%(path)s is not a backup archive.") % {"path": archive}) from exc
    with tar, tempfile.TemporaryDirectory(prefix="ovop-restore-") as tmp:
        manifest = read_manifest(tar)
        if manifest.engine != engine():
            raise BackupError(
                _("The archive holds a %(archive)s database; this ovop runs on %(current)s.")
                % {"archive": manifest.engine, "current": engine()}
            )
        refusal = None if force else restore_refusal()
        if refusal:
            raise BackupError(refusal + " " + _("Add --force to confirm."))
        staged = Path(tmp)
        _stage(tar, manifest, staged)
        _load(staged / "database")
        _place_media(staged / MEDIA, manifest)
    return manifest


def _stage(tar: tarfile.TarFile, manifest: Manifest, staged: Path) -> None:
    """Every member copied out and checked, before anything is changed."""
    try:
        _extract(tar, manifest.database, staged / "database", manifest.database_sha256)
        for name, sha256 in manifest.files.items():
            if not _safe_name(name):
                raise BackupError(
                    _("The archive names a file outside media/: %(name)s.") % {"name": name}
                )
            _extract(tar, f"{MEDIA}/{name}", staged / MEDIA / name, sha256)
    except (tarfile.TarError, EOFError, zlib.error) as exc:
        raise BackupError(_("The archive is damaged (%(error)s).") % {"error": exc}) from exc


def _place_media(staged: Path, manifest: Manifest) -> None:
    """MEDIA_ROOT holds exactly the archive's files afterwards."""
    root = _media_root()
    for name, path in list(media_files(root)):
        if name not in manifest.files:
            path.unlink()
    for name in manifest.files:
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(staged / name, target)
