"""Several writers at once on the embedded SQLite database: they queue, none fails.

The database here is a file of its own (not the test database, which may be PostgreSQL),
configured by the same `database_from_url` as ovop's default database. Without the SQLite
options in settings (write-ahead log, BEGIN IMMEDIATE, busy timeout) these tests fail with
"database is locked".
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connections, transaction
from pytest_django import DjangoDbBlocker

from ovop.settings import SQLITE_OPTIONS, database_from_url

ALIAS = "concurrency"
#: How long the first writer keeps its transaction open waiting for the second one to read.
#: With BEGIN IMMEDIATE the second writer never gets to read (it queues), so this is spent.
HOLD_S = 1.0


@pytest.fixture
def sqlite_file(tmp_path: Path, django_db_blocker: DjangoDbBlocker) -> Iterator[str]:
    config = database_from_url(f"sqlite:///{tmp_path / 'concurrency.sqlite3'}")
    configured = connections.configure_settings({"default": {}, ALIAS: config})
    connections.settings[ALIAS] = configured[ALIAS]
    with django_db_blocker.unblock():
        _execute("CREATE TABLE counter (id integer PRIMARY KEY, n integer NOT NULL)")
        _execute("INSERT INTO counter (id, n) VALUES (1, 0)")
        connections[ALIAS].close()
        try:
            yield ALIAS
        finally:
            connections[ALIAS].close()
            del connections[ALIAS]
            del connections.settings[ALIAS]


def _execute(sql: str, params: list[int] | None = None) -> list[tuple[int, ...]]:
    with connections[ALIAS].cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall()) if cursor.description else []


def _count() -> int:
    return _execute("SELECT n FROM counter WHERE id = 1")[0][0]


def _run(workers: list[Callable[[], None]]) -> list[BaseException]:
    errors: list[BaseException] = []

    def guarded(work: Callable[[], None]) -> None:
        try:
            work()
        except BaseException as error:  # noqa: B036 - collected and asserted on
            errors.append(error)
        finally:
            connections[ALIAS].close()

    threads = [threading.Thread(target=guarded, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return errors


def test_a_read_then_write_waits_for_the_writer_before_it(sqlite_file: str) -> None:
    """Writer A holds the write lock; B reads then writes. With deferred transactions B has
    read a snapshot that A then changes, and SQLite refuses B at once ("database is locked").
    With BEGIN IMMEDIATE, B waits for A, then reads A's value and adds to it."""
    a_writing = threading.Event()
    b_read = threading.Event()

    def writer_a() -> None:
        with transaction.atomic(using=ALIAS):
            _execute("UPDATE counter SET n = n + 1 WHERE id = 1")
            a_writing.set()
            b_read.wait(timeout=HOLD_S)

    def writer_b() -> None:
        assert a_writing.wait(timeout=30)
        with transaction.atomic(using=ALIAS):
            value = _count()
            b_read.set()
            _execute("UPDATE counter SET n = %s WHERE id = 1", [value + 1])

    errors = _run([writer_a, writer_b])
    assert [str(e) for e in errors] == []
    assert _count() == 2


def test_six_simultaneous_writers_all_succeed(sqlite_file: str) -> None:
    start = threading.Barrier(6)

    def writer() -> None:
        start.wait(timeout=30)
        for _ in range(5):
            with transaction.atomic(using=ALIAS):
                value = _count()
                _execute("UPDATE counter SET n = %s WHERE id = 1", [value + 1])

    errors = _run([writer] * 6)
    assert [str(e) for e in errors] == []
    assert _count() == 30


def test_the_default_sqlite_database_uses_these_options() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    code = "import ovop.settings as s; print(s.DATABASES['default']['OPTIONS'])"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "SECRET_KEY": "k"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == str(SQLITE_OPTIONS)
    assert SQLITE_OPTIONS["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in SQLITE_OPTIONS["init_command"]
    assert SQLITE_OPTIONS["timeout"] >= 20


def test_the_write_ahead_log_is_on(sqlite_file: str) -> None:
    assert _execute("PRAGMA journal_mode") == [("wal",)]
