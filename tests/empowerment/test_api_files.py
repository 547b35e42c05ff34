"""A meeting's photos and signed sheet through the API (multipart): stored when they are what
they claim, refused naming the field (nothing stored) when not, and refused to other roles."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ovop.accounts.models import User
from ovop.empowerment.models import Meeting, MeetingPhoto
from tests.empowerment.api_data import (  # noqa: F401  (fixtures)
    API,
    World,
    api_client,
    facilitator_b_fixture,
    world_fixture,
)
from tests.empowerment.meeting_fixtures import (  # noqa: F401  (fixture)
    big,
    fake_pdf,
    media,
    not_an_image,
    png,
    real_pdf,
)
from tests.refusals import Attempt, assert_refused

pytestmark = pytest.mark.django_db


def _photo(world: World, image: SimpleUploadedFile) -> Attempt:
    return Attempt(
        "post", f"{API}meetings/{world.meeting_a.pk}/photos/", {"image": image, "caption": "Rapat"}
    )


def _sheet(world: World, document: SimpleUploadedFile) -> Attempt:
    return Attempt(
        "post", f"{API}meetings/{world.meeting_a.pk}/sheet/", {"attendance_sheet": document}
    )


@pytest.mark.usefixtures("media")
def test_a_photo_and_a_sheet_are_stored(client: Client, world: World, facilitator: User) -> None:
    api_client(client, facilitator)
    response = _photo(world, png()).send(client)
    assert response.status_code == 201, response.content
    assert response.json()["caption"] == "Rapat"
    photo = MeetingPhoto.objects.get(meeting=world.meeting_a)
    assert photo.history.get().history_user == facilitator
    sheet = _sheet(world, real_pdf()).send(client)
    assert sheet.status_code == 200, sheet.content
    assert sheet.json()["has_attendance_sheet"] is True
    assert [p["caption"] for p in sheet.json()["photos"]] == ["Rapat"]
    assert Meeting.objects.get(pk=world.meeting_a.pk).attendance_sheet.name.endswith(".pdf")


@pytest.mark.usefixtures("media")
@pytest.mark.parametrize(
    ("upload", "field"),
    [(not_an_image, "image"), (big, "image"), (fake_pdf, "attendance_sheet")],
)
def test_a_bad_file_is_refused_naming_the_field(
    client: Client, world: World, officer: User, upload: object, field: str
) -> None:
    api_client(client, officer)
    file = upload()  # type: ignore[operator]
    attempt = _photo(world, file) if field == "image" else _sheet(world, file)
    response = assert_refused(client, attempt, 400, apps=("empowerment",))
    assert list(response.json()["fields"]) == [field]
    assert response.json()["fields"][field][0]


@pytest.mark.usefixtures("media")
@pytest.mark.parametrize(
    ("persona", "expected"), [("viewer", 403), ("owner", 403), ("facilitator_b", 404)]
)
def test_others_cannot_add_files(
    client: Client, request: pytest.FixtureRequest, world: World, persona: str, expected: int
) -> None:
    api_client(client, request.getfixturevalue(persona))
    assert_refused(client, _photo(world, png()), expected, apps=("empowerment",))
