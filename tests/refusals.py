"""Refusal tests in one pattern: a table of requests (URL, method, data), the answer each persona
must get, and every row of the affected apps unchanged afterwards.

    ATTEMPTS = {
        "archive": Attempt("post", lambda t: f"/enterprises/{t.enterprise.pk}/archive/"),
    }
    ANSWERS = {"viewer": 403, "facilitator": 404, "anonymous": LOGIN}

    @pytest.mark.parametrize(("persona", "action", "expected"), matrix(ANSWERS, ATTEMPTS))
    def test_refused(client, request, targets, persona, action, expected):
        refused(client, request, persona, ATTEMPTS[action], expected, records=targets,
                apps=("enterprises",))

A persona is the name of a fixture of tests/conftest.py (`officer`, `owner2`, ...; an app's
conftest may add its own) or "anonymous". An answer is a status code, `LOGIN` (sent to the
login page) or a set of status codes any of which will do. A URL or data may be a function of
the test's records (``records=``), called once the fixtures have made them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.db import connection
from django.http import QueryDict
from django.shortcuts import resolve_url
from django.test import Client

ANONYMOUS = "anonymous"
#: The answer "sent to the login page, with the address asked for as ?next=".
LOGIN = "login"
#: What the API answers a visitor who is not signed in (DRF: 403 with session authentication).
API_ANONYMOUS = frozenset({302, 401, 403})

Answer = int | str | frozenset[int]


@dataclass(frozen=True)
class Attempt:
    """One request: method, address and data (each may be built from the test's records)."""

    method: str
    url: str | Callable[[Any], str]
    data: Any = None
    json: bool = False

    def address(self, records: Any = None) -> str:
        return self.url(records) if callable(self.url) else self.url

    def send(self, client: Client, records: Any = None) -> Any:
        data = self.data(records) if callable(self.data) else self.data
        return send(client, self.method, self.address(records), data, json=self.json)


def send(client: Client, method: str, url: str, data: Any = None, *, json: bool = False) -> Any:
    """``client.<method>(url, data)``; JSON-encoded when ``json`` (the API)."""
    call = getattr(client, method.lower())
    if json:
        return call(url, data or {}, content_type="application/json")
    return call(url, data) if data is not None else call(url)


def sign_in(client: Client, request: pytest.FixtureRequest, persona: str) -> None:
    """Log ``client`` in as the persona fixture named ``persona`` (nobody for "anonymous")."""
    if persona != ANONYMOUS:
        client.force_login(request.getfixturevalue(persona))


def login_address(url: str) -> str:
    """Where a visitor who is not signed in is sent from ``url``."""
    query = QueryDict(mutable=True)
    query["next"] = url
    return f"{resolve_url(settings.LOGIN_URL)}?{query.urlencode(safe='/')}"


def assert_answer(response: Any, expected: Answer, url: str, what: str = "") -> None:
    """The response to ``url`` is ``expected``: a status, one of a set of statuses, or `LOGIN`
    (302 to the login page, which sends the visitor back to ``url`` afterwards)."""
    if expected == LOGIN:
        assert response.status_code == 302, what
        assert response["Location"] == login_address(url), what
    elif isinstance(expected, frozenset):
        assert response.status_code in expected, what
    else:
        assert response.status_code == expected, what


def rows(*app_labels: str) -> dict[str, str]:
    """A digest of every row of every model of the apps named (every app but the sessions when
    none is named), history tables included, by model label.

    Each table is read by one plain ``SELECT *`` through the database cursor, every column as
    the database stores it: the same rows as the models' querysets would give, read some ten
    times faster (no query to compile, no value converted), which matters when a refusal test
    reads all of some 140 tables twice per request."""
    if app_labels:
        models: Iterable[Any] = [
            m for label in app_labels for m in django_apps.get_app_config(label).get_models()
        ]
    else:
        models = [m for m in django_apps.get_models() if m._meta.app_label != "sessions"]
    quote = connection.ops.quote_name
    digests = {}
    with connection.cursor() as cursor:
        for model in models:
            pk = model._meta.pk
            assert pk is not None
            table, key = quote(model._meta.db_table), quote(pk.column)
            cursor.execute(f"SELECT * FROM {table} ORDER BY {key}")  # noqa: S608
            values = [tuple(_plain(v) for v in row) for row in cursor.fetchall()]
            digests[model._meta.label] = hashlib.sha256(repr(values).encode()).hexdigest()
    return digests


def _plain(value: Any) -> Any:
    """A value whose repr shows its content (a driver may give binary columns as a view)."""
    return bytes(value) if isinstance(value, memoryview) else value


#: Statements that change rows, whatever the table.
WRITE_STATEMENT = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE|MERGE|COPY)\b", re.IGNORECASE)
#: Tables a refused request may still write: the signed-in user's session.
SESSION_TABLES = ("django_session",)


class WriteWatch:
    """Every statement that would change a row, sent through Django's connection while the
    watch is on (the session's table excepted): a cheap proof that a request wrote nothing,
    where comparing every row of every table after each request would cost a quarter of a
    second. A write sent past Django's cursor (a bulk COPY) is not seen: pair the watch with
    one comparison of all rows (``rows``) around many requests."""

    def __init__(self) -> None:
        self.writes: list[str] = []

    def __enter__(self) -> WriteWatch:
        self._wrapper = connection.execute_wrapper(self._seen)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._wrapper.__exit__(*exc)

    def _seen(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if WRITE_STATEMENT.match(sql) and not any(t in sql for t in SESSION_TABLES):
            self.writes.append(sql[:200])
        return execute(sql, params, many, context)


def changed(before: Mapping[str, str], after: Mapping[str, str]) -> list[str]:
    """The model labels whose rows differ (or that appeared or vanished)."""
    return sorted(
        label for label in before.keys() | after.keys() if before.get(label) != after.get(label)
    )


def refused(
    client: Client,
    request: pytest.FixtureRequest,
    persona: str,
    attempt: Attempt,
    expected: Answer,
    *,
    apps: Collection[str],
    records: Any = None,
) -> Any:
    """Send ``attempt`` as ``persona``, check the answer, and that no row of ``apps`` changed.

    Returns the response, for the assertions a table cannot hold (a form's errors, say)."""
    sign_in(client, request, persona)
    return assert_refused(client, attempt, expected, apps=apps, records=records, who=persona)


def assert_refused(
    client: Client,
    attempt: Attempt,
    expected: Answer,
    *,
    apps: Collection[str],
    records: Any = None,
    who: str = "",
) -> Any:
    """`refused` for a client already signed in (or not): ``apps=()`` compares every table."""
    before = rows(*apps)
    response = attempt.send(client, records)
    url = attempt.address(records)
    assert_answer(response, expected, url, f"{who} {attempt.method.upper()} {url}")
    assert changed(before, rows(*apps)) == []
    return response


def matrix(
    answers: Mapping[str, Answer],
    attempts: Iterable[str],
    exceptions: Mapping[tuple[str, str], Answer] | None = None,
) -> list[Any]:
    """pytest parameters (persona, attempt, expected answer) for every persona × attempt, with
    the answer of ``answers`` unless ``exceptions`` names the pair; ids "persona-attempt"."""
    exceptions = exceptions or {}
    return [
        pytest.param(persona, name, exceptions.get((persona, name), answer), id=f"{persona}-{name}")
        for name in attempts
        for persona, answer in answers.items()
    ]
