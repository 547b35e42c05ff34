# ruff: noqa: F811  (fixtures imported from meeting_fixtures are parameters here)
"""Who may do what with meetings, every refusal with the rows of the app unchanged: assessors
have no access (403); owners read their groups' meetings but change nothing (403); viewers read
everything and change nothing (403); a facilitator of another village does not see the meeting
(404); visitors not signed in are sent to the login page. Photos and the signed sheet are
served only to those who may read the meeting."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ovop.accounts.models import Role, User
from ovop.empowerment import services_meetings
from ovop.empowerment.models import Meeting, MeetingPhoto, Person
from tests.conftest import login
from tests.empowerment.meeting_fixtures import media, meeting_a, png, real_pdf  # noqa: F401
from tests.factories import UserFactory
from tests.refusals import LOGIN, Attempt, matrix, refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_facilitator(village_b: Any) -> User:
    user = UserFactory(username="other_facilitator", role=Role.FACILITATOR)
    user.villages.add(village_b)
    return user  # type: ignore[no-any-return]


@pytest.fixture
def targets(meeting_a: Meeting, officer: User, media: Path) -> Any:
    siti = Person.objects.get(name="Siti Aminah")
    services_meetings.meeting_sheet_set(user=officer, meeting=meeting_a, document=real_pdf())
    photo = services_meetings.meeting_photo_add(user=officer, meeting=meeting_a, image=png())
    return type("T", (), {"meeting": meeting_a, "siti": siti, "photo": photo})


def _url(name: str) -> Any:
    return lambda t: reverse(f"empowerment:{name}", args=[t.meeting.pk])


RECORD = {
    "held_on": "10/03/2026",
    "minutes": "x",
    "guests-TOTAL_FORMS": "0",
    "guests-INITIAL_FORMS": "0",
}
WRITES = {
    "edit-get": Attempt("get", _url("meeting_edit")),
    "edit": Attempt(
        "post",
        _url("meeting_edit"),
        {"groups": [], "held_on": "12/01/2027", "place": "X", "agenda": "Y"},
    ),
    "record-get": Attempt("get", _url("meeting_record")),
    "record": Attempt("post", _url("meeting_record"), lambda t: {**RECORD, "present": [t.siti.pk]}),
    "photo-add": Attempt("post", _url("meeting_photo_add"), lambda t: {"image": png()}),
    "sheet-set": Attempt("post", _url("meeting_sheet_set"), lambda t: {"document": real_pdf()}),
    "photo-remove": Attempt(
        "post",
        lambda t: reverse("empowerment:meeting_photo_remove", args=[t.photo.pk]),
        {"confirm": "1", "reason": "salah foto"},
    ),
    "create-get": Attempt("get", lambda t: reverse("empowerment:meeting_create")),
}
READS = {
    "detail": Attempt("get", _url("meeting_detail")),
    "print": Attempt("get", _url("meeting_sheet_pdf")),
    "history": Attempt("get", _url("meeting_history")),
    "photo-file": Attempt("get", lambda t: reverse("files:meeting_photo", args=[t.photo.pk])),
    "sheet-file": Attempt("get", lambda t: reverse("files:meeting_sheet", args=[t.meeting.pk])),
}
WRITE_ANSWERS = {
    "assessor": 403,
    "owner": 403,
    "viewer": 403,
    "other_facilitator": 404,
    "owner2": 403,
    "anonymous": LOGIN,
}
#: Creating needs no meeting: every one but the writers is refused outright.
CREATE_EXCEPTIONS = {("other_facilitator", "create-get"): 200}
READ_ANSWERS = {
    "assessor": 403,
    "owner2": 404,
    "outsider": 404,
    "other_facilitator": 404,
    "anonymous": LOGIN,
}


@pytest.mark.parametrize(
    ("persona", "action", "expected"), matrix(WRITE_ANSWERS, WRITES, CREATE_EXCEPTIONS)
)
def test_writes_refused(
    client: Client,
    request: pytest.FixtureRequest,
    targets: Any,
    persona: str,
    action: str,
    expected: int,
    group_a: Any,
) -> None:
    refused(
        client, request, persona, WRITES[action], expected, records=targets, apps=("empowerment",)
    )


@pytest.mark.parametrize(("persona", "action", "expected"), matrix(READ_ANSWERS, READS))
def test_reads_refused(
    client: Client,
    request: pytest.FixtureRequest,
    targets: Any,
    persona: str,
    action: str,
    expected: int,
) -> None:
    refused(
        client, request, persona, READS[action], expected, records=targets, apps=("empowerment",)
    )


@pytest.mark.parametrize("persona", ["owner", "viewer", "officer", "facilitator", "admin_user"])
def test_readers_read(
    client: Client, request: pytest.FixtureRequest, targets: Any, persona: str
) -> None:
    login(client, request.getfixturevalue(persona))
    for attempt in READS.values():
        response = attempt.send(client, targets)
        assert response.status_code == 200, attempt.address(targets)
    photo = client.get(reverse("files:meeting_photo", args=[targets.photo.pk]))
    assert photo["Content-Type"] == "image/png"
    assert b"".join(photo.streaming_content).startswith(b"\x89PNG")


def test_owner_sees_no_change_buttons(client: Client, owner: User, targets: Any) -> None:
    login(client, owner)
    html = client.get(targets.meeting.get_absolute_url()).content.decode()
    assert reverse("empowerment:meeting_record", args=[targets.meeting.pk]) not in html
    assert reverse("empowerment:meeting_photo_add", args=[targets.meeting.pk]) not in html


def test_a_planned_meeting_of_another_village_cannot_be_made(
    client: Client, facilitator: User, group_b: Any
) -> None:
    login(client, facilitator)
    data = {
        "village": group_b.village_id,
        "groups": [group_b.pk],
        "held_on": "12/01/2027",
        "place": "X",
        "agenda": "Y",
    }
    response = client.post(reverse("empowerment:meeting_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["village"]
    assert Meeting.objects.count() == 0


def test_removing_a_photo_asks_then_keeps_history(
    client: Client, facilitator: User, targets: Any
) -> None:
    login(client, facilitator)
    url = reverse("empowerment:meeting_photo_remove", args=[targets.photo.pk])
    assert client.post(url).status_code == 200
    assert MeetingPhoto.objects.count() == 1
    response = client.post(url, {"confirm": "1", "reason": "foto kabur"})
    assert response.status_code == 302
    assert MeetingPhoto.objects.count() == 0
    removed = MeetingPhoto.history.get(history_type="-")
    assert (removed.history_change_reason, removed.history_user) == ("foto kabur", facilitator)
