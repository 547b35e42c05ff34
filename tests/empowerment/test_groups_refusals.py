"""Who may not read or change groups, members and people: role × URL, rows unchanged.

The villages, personas, enterprises and groups are built once for the module and every case
gets copies of them (tests/shared_records.py); each case runs in its own savepoint."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from pytest_django import DjangoDbBlocker

from ovop.empowerment.models import Group, Membership, Person
from tests.empowerment.conftest import records_create
from tests.refusals import LOGIN, Attempt, matrix, refused
from tests.shared_records import copied, kept_for_module


class Targets:
    def __init__(self, group_a: Group, group_b: Group) -> None:
        self.group_a, self.group_b = group_a, group_b
        self.siti = Person.objects.get(name="Siti Aminah")
        self.yanti = Person.objects.get(name="Yanti")
        self.m_siti = Membership.objects.get(person=self.siti)
        self.m_yanti = Membership.objects.get(person=self.yanti)


@pytest.fixture(scope="module")
def module_records(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[Any]:
    yield from kept_for_module(django_db_blocker, records_create)


admin_user = copied("admin_user")
officer = copied("officer")
assessor = copied("assessor")
viewer = copied("viewer")
facilitator = copied("facilitator")
owner = copied("owner")
owner2 = copied("owner2")
outsider = copied("outsider")
group_a = copied("group_a")
group_b = copied("group_b")


@pytest.fixture
def targets(group_a: Group, group_b: Group) -> Targets:
    return Targets(group_a, group_b)


def _new_member(t: Targets) -> dict[str, Any]:
    return {"name": "Orang Baru", "gender": "male", "role": "member"}


def _group_data(t: Targets) -> dict[str, Any]:
    return {"name": "Nama Baru", "kind": "ikm", "village": t.group_a.village_id}


# Writes on village A's records (group_a, Siti).
WRITES_A = {
    "create": Attempt("post", "/empowerment/groups/new/", _group_data),
    "edit": Attempt("post", lambda t: f"/empowerment/groups/{t.group_a.pk}/edit/", _group_data),
    "archive": Attempt(
        "post",
        lambda t: f"/empowerment/groups/{t.group_a.pk}/archive/",
        {"confirm": "1", "reason": "x"},
    ),
    "restore": Attempt("post", lambda t: f"/empowerment/groups/{t.group_a.pk}/restore/"),
    "member_add": Attempt(
        "post", lambda t: f"/empowerment/groups/{t.group_a.pk}/members/add/", _new_member
    ),
    "member_edit": Attempt(
        "post", lambda t: f"/empowerment/members/{t.m_siti.pk}/edit/", {"role": "member"}
    ),
    "member_remove": Attempt(
        "post",
        lambda t: f"/empowerment/members/{t.m_siti.pk}/remove/",
        {"confirm": "1", "reason": "x"},
    ),
    "member_restore": Attempt("post", lambda t: f"/empowerment/members/{t.m_siti.pk}/restore/"),
    "person_edit": Attempt(
        "post",
        lambda t: f"/empowerment/people/{t.siti.pk}/edit/",
        {"name": "Siti", "gender": "female"},
    ),
}

# Readers who may not change: 403; owner2 and outsider do not read group A: 404.
WRITE_ANSWERS: dict[str, Any] = {
    "assessor": 403,
    "anonymous": LOGIN,
    "viewer": 403,
    "owner": 403,
    "owner2": 404,
    "outsider": 404,
}
# Creating a group: every non-writer is refused with 403 (there is no record to hide).
CREATE_EXCEPTIONS = {("owner2", "create"): 403, ("outsider", "create"): 403}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "action", "expected"), matrix(WRITE_ANSWERS, WRITES_A, CREATE_EXCEPTIONS)
)
def test_writes_refused(
    client: Client,
    request: pytest.FixtureRequest,
    targets: Targets,
    persona: str,
    action: str,
    expected: Any,
) -> None:
    refused(
        client,
        request,
        persona,
        WRITES_A[action],
        expected,
        records=targets,
        apps=("empowerment", "enterprises"),
    )


# The facilitator of village A reaches nothing of village B: 404, reads and writes alike.
OTHER_VILLAGE = {
    "detail": Attempt("get", lambda t: f"/empowerment/groups/{t.group_b.pk}/"),
    "history": Attempt("get", lambda t: f"/empowerment/groups/{t.group_b.pk}/history/"),
    "edit_page": Attempt("get", lambda t: f"/empowerment/groups/{t.group_b.pk}/edit/"),
    "edit": Attempt(
        "post",
        lambda t: f"/empowerment/groups/{t.group_b.pk}/edit/",
        {"name": "X", "kind": "ikm"},
    ),
    "archive": Attempt(
        "post", lambda t: f"/empowerment/groups/{t.group_b.pk}/archive/", {"confirm": "1"}
    ),
    "member_add": Attempt(
        "post", lambda t: f"/empowerment/groups/{t.group_b.pk}/members/add/", _new_member
    ),
    "member_edit": Attempt(
        "post", lambda t: f"/empowerment/members/{t.m_yanti.pk}/edit/", {"role": "member"}
    ),
    "member_remove": Attempt(
        "post", lambda t: f"/empowerment/members/{t.m_yanti.pk}/remove/", {"confirm": "1"}
    ),
    "person": Attempt("get", lambda t: f"/empowerment/people/{t.yanti.pk}/"),
    "person_edit": Attempt(
        "post", lambda t: f"/empowerment/people/{t.yanti.pk}/edit/", {"name": "Y"}
    ),
    "person_history": Attempt("get", lambda t: f"/empowerment/people/{t.yanti.pk}/history/"),
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "action", "expected"), matrix({"facilitator": 404, "owner": 404}, OTHER_VILLAGE)
)
def test_other_villages_are_not_found(
    client: Client,
    request: pytest.FixtureRequest,
    targets: Targets,
    persona: str,
    action: str,
    expected: Any,
) -> None:
    refused(
        client,
        request,
        persona,
        OTHER_VILLAGE[action],
        expected,
        records=targets,
        apps=("empowerment",),
    )


READS = {
    "list": Attempt("get", "/empowerment/groups/"),
    "detail": Attempt("get", lambda t: f"/empowerment/groups/{t.group_a.pk}/"),
    "history": Attempt("get", lambda t: f"/empowerment/groups/{t.group_a.pk}/history/"),
    "person": Attempt("get", lambda t: f"/empowerment/people/{t.siti.pk}/"),
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "action", "expected"), matrix({"assessor": 403, "anonymous": LOGIN}, READS)
)
def test_reads_refused(
    client: Client,
    request: pytest.FixtureRequest,
    targets: Targets,
    persona: str,
    action: str,
    expected: Any,
) -> None:
    refused(
        client, request, persona, READS[action], expected, records=targets, apps=("empowerment",)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["admin_user", "officer", "viewer", "facilitator", "owner"])
@pytest.mark.parametrize("action", list(READS))
def test_reads_allowed(
    client: Client, request: pytest.FixtureRequest, targets: Targets, persona: str, action: str
) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert READS[action].send(client, targets).status_code == 200
