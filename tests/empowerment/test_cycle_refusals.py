"""Who may not read or change a cycle, page by page: assessors (403), owners (read their own
group's cycle, 403 on every change), viewers (read-only, 403), a facilitator of another
village (404), visitors (login); and a closed cycle, read-only for everyone (403). Every row
of the app is unchanged after each refusal.

The villages, personas, enterprises, groups and cycles are built once for the module (walking
cycle_a to stage 5 takes a quarter of a second, and some 150 cases read it); each test gets
copies of them and runs in its own savepoint, so a refusal that slipped through would still
be seen, and undone, in that test alone (tests/shared_records.py)."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from pytest_django import DjangoDbBlocker

from ovop.accounts.models import User
from ovop.empowerment import services_cycles
from ovop.empowerment.models import Cycle
from tests.empowerment.conftest import cycle_create, records_create
from tests.empowerment.cycle_helpers import action, walk_to
from tests.refusals import LOGIN, Attempt, assert_refused, matrix, refused
from tests.shared_records import copied, kept_for_module

pytestmark = pytest.mark.django_db


def _build() -> dict[str, Any]:
    """The records of the conftest fixtures (`records_create`), cycle_a walked to stage 5
    with one record of each stage's content (`targets`) and cycle_b at stage 1."""
    records = records_create()
    cycle = walk_to(records["facilitator"], cycle_create(records["group_a"]), 5)
    targets = SimpleNamespace(
        cycle=cycle,
        experience=cycle.experiences.get(),
        reason=cycle.reasons.get(),
        problem=cycle.problems.get(),
        power_base=cycle.power_bases.get(),
    )
    return {
        **records,
        "cycle_a": cycle,
        "cycle_b": cycle_create(records["group_b"]),
        "targets": targets,
    }


@pytest.fixture(scope="module")
def module_records(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[Any]:
    yield from kept_for_module(django_db_blocker, _build)


officer = copied("officer")
assessor = copied("assessor")
viewer = copied("viewer")
facilitator = copied("facilitator")
owner = copied("owner")
owner2 = copied("owner2")
outsider = copied("outsider")
group_a = copied("group_a")
cycle_a = copied("cycle_a")
cycle_b = copied("cycle_b")
#: cycle_a at stage 5, one record of each stage's content.
targets = copied("targets")


def _c(t: Any, tail: str = "") -> str:
    return f"/empowerment/cycles/{t.cycle.pk}/{tail}"


def _item(slug: str, attr: str, tail: str) -> Any:
    return lambda t: _c(t, f"{slug}/{getattr(t, attr).pk}/{tail}")


WRITES = {
    "advance": Attempt("post", lambda t: _c(t, "advance/")),
    "back-form": Attempt("get", lambda t: _c(t, "back/")),
    "back": Attempt("post", lambda t: _c(t, "back/"), {"reason": "x"}),
    "close-form": Attempt("get", lambda t: _c(t, "close/")),
    "close": Attempt(
        "post",
        lambda t: _c(t, "close/"),
        {"achievements": "x", "next_year": "2027", "confirm": "1"},
    ),
    "experience-add": Attempt(
        "post", lambda t: _c(t, "experiences/add/"), {"kind": "empowering", "text": "x"}
    ),
    "experience-edit": Attempt(
        "post", _item("experiences", "experience", "edit/"), {"kind": "empowering", "text": "x"}
    ),
    "experience-remove": Attempt(
        "post", _item("experiences", "experience", "remove/"), {"confirm": "1"}
    ),
    "reason-add": Attempt(
        "post",
        lambda t: _c(t, "reasons/add/"),
        lambda t: {"text": "x", "experiences": [t.experience.pk]},
    ),
    "reason-edit": Attempt(
        "post",
        _item("reasons", "reason", "edit/"),
        lambda t: {"text": "x", "experiences": [t.experience.pk]},
    ),
    "reason-remove": Attempt("post", _item("reasons", "reason", "remove/"), {"confirm": "1"}),
    "problem-add": Attempt(
        "post", lambda t: _c(t, "problems/add/"), {"kind": "problem", "title": "x", "votes": "0"}
    ),
    "problem-edit-form": Attempt("get", _item("problems", "problem", "edit/")),
    "problem-edit": Attempt(
        "post",
        _item("problems", "problem", "edit/"),
        {"kind": "problem", "title": "x", "votes": "0"},
    ),
    "problem-choose": Attempt("post", _item("problems", "problem", "choose/")),
    "problem-remove": Attempt("post", _item("problems", "problem", "remove/"), {"confirm": "1"}),
    "power-base-add": Attempt(
        "post",
        lambda t: _c(t, "power-bases/add/"),
        {"kind": "skills", "description": "x", "holder": "y"},
    ),
    "power-base-edit": Attempt(
        "post",
        _item("power-bases", "power_base", "edit/"),
        {"kind": "skills", "description": "x", "holder": "y"},
    ),
    "power-base-remove": Attempt(
        "post", _item("power-bases", "power_base", "remove/"), {"confirm": "1"}
    ),
}
READS = {
    "detail": Attempt("get", lambda t: _c(t)),
    "history": Attempt("get", lambda t: _c(t, "history/")),
}
WRITE_ANSWERS = {
    "assessor": 403,
    "viewer": 403,
    "owner": 403,
    "owner2": 404,
    "outsider": 404,
    "anonymous": LOGIN,
}


@pytest.mark.parametrize(("persona", "attempt", "expected"), matrix(WRITE_ANSWERS, WRITES))
def test_writes_refused(
    client: Client,
    request: pytest.FixtureRequest,
    targets: SimpleNamespace,
    persona: str,
    attempt: str,
    expected: Any,
) -> None:
    refused(client, request, persona, WRITES[attempt], expected, records=targets, apps=())


@pytest.mark.parametrize(
    ("persona", "attempt", "expected"),
    matrix({"assessor": 403, "owner2": 404, "outsider": 404, "anonymous": LOGIN}, READS),
)
def test_reads_refused(
    client: Client,
    request: pytest.FixtureRequest,
    targets: SimpleNamespace,
    persona: str,
    attempt: str,
    expected: Any,
) -> None:
    refused(client, request, persona, READS[attempt], expected, records=targets, apps=())


@pytest.mark.parametrize("persona", ["owner", "viewer", "officer", "facilitator"])
def test_readers_see_the_cycle_without_change_buttons(
    client: Client, request: pytest.FixtureRequest, targets: SimpleNamespace, persona: str
) -> None:
    client.force_login(request.getfixturevalue(persona))
    page = client.get(_c(targets))
    assert page.status_code == 200
    html = page.content.decode()
    can_change = persona in ("officer", "facilitator")
    assert (_c(targets, "close/") in html) is can_change
    assert (_c(targets, "experiences/add/") in html) is can_change
    assert client.get(_c(targets, "history/")).status_code == 200


def test_facilitator_of_another_village_gets_404(
    client: Client, facilitator: User, cycle_b: Cycle
) -> None:
    client.force_login(facilitator)
    target = SimpleNamespace(cycle=cycle_b)
    for attempt in (
        READS["detail"],
        READS["history"],
        WRITES["advance"],
        WRITES["back"],
        WRITES["close"],
        WRITES["experience-add"],
    ):
        assert_refused(client, attempt, 404, apps=(), records=target)


def test_owner_list_shows_only_own_groups_cycles(
    client: Client, owner: User, cycle_a: Cycle, cycle_b: Cycle
) -> None:
    client.force_login(owner)
    page = client.get("/empowerment/cycles/")
    assert [c.pk for c in page.context["page_obj"]] == [cycle_a.pk]


@pytest.mark.parametrize("persona", ["viewer", "owner", "assessor"])
def test_open_page_refused_to_non_writers(
    client: Client, request: pytest.FixtureRequest, persona: str, group_a: Any
) -> None:
    client.force_login(request.getfixturevalue(persona))
    for attempt in (
        Attempt("get", "/empowerment/cycles/new/"),
        Attempt("post", "/empowerment/cycles/new/", {"groups": [group_a.pk], "year": "2026"}),
    ):
        assert_refused(client, attempt, 403, apps=())


@pytest.fixture
def closed(facilitator: User, targets: SimpleNamespace) -> SimpleNamespace:
    action(targets.cycle, "Desain label")
    services_cycles.cycle_close(user=facilitator, cycle=targets.cycle, achievements="Selesai")
    return targets


@pytest.mark.parametrize("attempt", list(WRITES))
def test_a_closed_cycle_refuses_every_change(
    client: Client, facilitator: User, closed: SimpleNamespace, attempt: str
) -> None:
    client.force_login(facilitator)
    assert_refused(client, WRITES[attempt], 403, apps=(), records=closed)


def test_a_closed_cycle_is_still_read(
    client: Client, facilitator: User, closed: SimpleNamespace
) -> None:
    client.force_login(facilitator)
    page = client.get(_c(closed))
    assert page.status_code == 200
    assert _c(closed, "experiences/add/") not in page.content.decode()
