# ruff: noqa: F811  (fixtures imported from meeting_fixtures are parameters here)
"""Bad input on the meeting pages and services: each refused with a message naming the field,
in Indonesian (the default) and English, and nothing saved — no row of the app changed and no
file stored."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ovop.accounts.models import User
from ovop.empowerment import services_meetings
from ovop.empowerment.models import Cycle, CycleStatus, Group, Meeting, Person
from tests.conftest import login
from tests.empowerment.meeting_fixtures import (  # noqa: F401
    big,
    fake_pdf,
    media,
    meeting_a,
    not_an_image,
    png,
)
from tests.refusals import changed, rows

pytestmark = pytest.mark.django_db

EMPTY_GUESTS = {"guests-TOTAL_FORMS": "0", "guests-INITIAL_FORMS": "0"}


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def _record(client: Client, meeting: Meeting, **data: Any) -> Any:
    values = {"held_on": "10/03/2026", "minutes": "", **EMPTY_GUESTS, **data}
    return client.post(reverse("empowerment:meeting_record", args=[meeting.pk]), values)


def _refused(client: Client, meeting: Meeting, media: Path, **data: Any) -> str:
    before = rows("empowerment")
    response = _record(client, meeting, **data)
    assert response.status_code == 400
    assert changed(before, rows("empowerment")) == []
    assert _files(media) == []
    return response.content.decode()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("id", "Tanggal: pertemuan yang sudah berlangsung tidak boleh bertanggal di masa depan"),
        ("en", "Date: a meeting already held cannot be in the future"),
    ],
)
def test_a_held_meeting_in_the_future_is_refused(
    client: Client, facilitator: User, meeting_a: Meeting, media: Path, language: str, expected: str
) -> None:
    client.cookies["django_language"] = language
    login(client, facilitator)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    html = _refused(client, meeting_a, media, held_on=tomorrow.strftime("%d/%m/%Y"))
    assert expected in html


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("id", "Anggota hadir: ada yang dicentang yang bukan anggota aktif kelompok pertemuan ini"),
        ("en", "Members present: someone ticked is not an active member of this meeting"),
    ],
)
def test_a_member_of_another_village_cannot_be_ticked(
    client: Client,
    facilitator: User,
    meeting_a: Meeting,
    group_b: Group,
    media: Path,
    language: str,
    expected: str,
) -> None:
    client.cookies["django_language"] = language
    login(client, facilitator)
    yanti = Person.objects.get(name="Yanti")
    siti = Person.objects.get(name="Siti Aminah")
    html = _refused(client, meeting_a, media, present=[siti.pk, yanti.pk], photos=[png()])
    assert expected in html.replace("&#x27;", "'")


def test_the_service_refuses_a_stranger_and_an_archived_member(
    officer: User, meeting_a: Meeting, group_b: Group, english: None
) -> None:
    yanti = Person.objects.get(name="Yanti")
    budi = Person.objects.get(name="Budi Santoso")
    budi.memberships.update(archived_at=timezone.now())
    before = rows("empowerment")
    with pytest.raises(ValidationError) as refused:
        services_meetings.meeting_record(
            user=officer,
            meeting=meeting_a,
            held_on=dt.date(2026, 3, 10),
            minutes="x",
            present=[yanti, budi],
        )
    assert refused.value.message_dict["present"] == [
        "Attendance: Budi Santoso, Yanti is not an active member of this meeting's groups; "
        "only members of its groups can be ticked (add others as guests)."
    ]
    assert changed(before, rows("empowerment")) == []


@pytest.mark.parametrize(
    ("language", "field", "upload", "expected"),
    [
        ("id", "attendance_sheet", big, "Lembar hadir bertanda tangan: ukuran berkas 30.0 MB"),
        ("en", "attendance_sheet", big, "Signed attendance sheet: the file is 30.0 MB; the limit"),
        (
            "id",
            "attendance_sheet",
            not_an_image,
            "Lembar hadir bertanda tangan: berkas ini bukan foto",
        ),
        (
            "en",
            "attendance_sheet",
            not_an_image,
            "Signed attendance sheet: the file is neither a photo",
        ),
        (
            "id",
            "attendance_sheet",
            fake_pdf,
            "Lembar hadir bertanda tangan: berkas ini bukan dokumen PDF",
        ),
        (
            "en",
            "attendance_sheet",
            fake_pdf,
            "Signed attendance sheet: the file is not a PDF document.",
        ),
        ("id", "photos", big, "Foto 1 (big.jpg): ukuran berkas 30.0 MB; batasnya 5 MB."),
        ("en", "photos", big, "Photo 1 (big.jpg): the file is 30.0 MB; the limit is 5 MB."),
        ("id", "photos", not_an_image, "Foto 1 (notes.jpg): berkas ini bukan gambar"),
        ("en", "photos", not_an_image, "Photo 1 (notes.jpg): the file is not an image"),
    ],
)
def test_bad_files_on_the_record_page(
    client: Client,
    facilitator: User,
    meeting_a: Meeting,
    media: Path,
    language: str,
    field: str,
    upload: Any,
    expected: str,
) -> None:
    client.cookies["django_language"] = language
    login(client, facilitator)
    siti = Person.objects.get(name="Siti Aminah")
    html = _refused(client, meeting_a, media, present=[siti.pk], **{field: upload()})
    assert expected in html


def test_one_bad_photo_among_good_ones_saves_nothing(
    client: Client, facilitator: User, meeting_a: Meeting, media: Path, english_client: Client
) -> None:
    login(client, facilitator)
    html = _refused(
        client, meeting_a, media, photos=[png("a.png"), not_an_image("b.jpg"), png("c.png")]
    )
    assert "Photo 2 (b.jpg): the file is not an image" in html


@pytest.mark.parametrize(
    ("upload", "expected"),
    [
        (big, "Signed attendance sheet: the file is 30.0 MB; the limit is 5 MB."),
        (not_an_image, "Signed attendance sheet: the file is neither a photo"),
        (fake_pdf, "Signed attendance sheet: the file is not a PDF document."),
    ],
)
def test_bad_sheet_on_the_meeting_page(
    english_client: Client,
    facilitator: User,
    meeting_a: Meeting,
    media: Path,
    upload: Any,
    expected: str,
) -> None:
    login(english_client, facilitator)
    before = rows("empowerment")
    url = reverse("empowerment:meeting_sheet_set", args=[meeting_a.pk])
    response = english_client.post(url, {"document": upload()})
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert changed(before, rows("empowerment")) == [] and _files(media) == []


@pytest.mark.parametrize(
    ("upload", "expected"),
    [
        (big, "Foto 1 (big.jpg): ukuran berkas 30.0 MB; batasnya 5 MB."),
        (not_an_image, "Foto 1 (notes.jpg): berkas ini bukan gambar (JPEG, PNG, atau WebP)."),
    ],
)
def test_bad_photo_on_the_meeting_page(
    client: Client, facilitator: User, meeting_a: Meeting, media: Path, upload: Any, expected: str
) -> None:
    login(client, facilitator)
    before = rows("empowerment")
    url = reverse("empowerment:meeting_photo_add", args=[meeting_a.pk])
    response = client.post(url, {"image": upload(), "caption": ""})
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert changed(before, rows("empowerment")) == [] and _files(media) == []


def test_guest_rows_are_checked(
    english_client: Client, facilitator: User, meeting_a: Meeting, media: Path
) -> None:
    login(english_client, facilitator)
    before = rows("empowerment")
    data = {
        "held_on": "10/03/2026",
        "guests-TOTAL_FORMS": "2",
        "guests-INITIAL_FORMS": "0",
        "guests-0-name": "Pak Kades",
        "guests-0-gender": "",
        "guests-1-name": "",
        "guests-1-gender": "female",
        "guests-1-birth_year": "2031",
    }
    response = english_client.post(reverse("empowerment:meeting_record", args=[meeting_a.pk]), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Guests, row 1: choose female or male." in html
    assert "Guests, row 2: the name is missing." in html
    assert "Guests, row 2: the year of birth must be between 1900 and 2026." in html
    assert changed(before, rows("empowerment")) == []


# --- planning -------------------------------------------------------------------------------


def _plan(client: Client, **data: Any) -> Any:
    return client.post(reverse("empowerment:meeting_create"), data)


def test_plan_refuses_stage_above_the_cycle_and_other_villages(
    english_client: Client,
    facilitator: User,
    group_a: Group,
    group_b: Group,
    cycle_a: Cycle,
    cycle_b: Cycle,
) -> None:
    login(english_client, facilitator)
    base = {
        "village": group_a.village_id,
        "groups": [group_a.pk],
        "held_on": "12/01/2027",
        "place": "Balai",
        "agenda": "Agenda",
    }
    before = rows("empowerment")
    html = _plan(english_client, **base, cycle=cycle_a.pk, stage="3").content.decode()
    assert "Stage worked on: the cycle is at stage 1" in html
    html = _plan(english_client, **{**base, "groups": [group_b.pk]}).content.decode()
    assert "Groups: choose groups of the village chosen." in html
    html = _plan(english_client, **base, cycle=cycle_b.pk).content.decode()
    assert "Cycle: choose an open cycle of the village chosen." in html
    html = _plan(english_client, **{**base, "held_on": "31/02/2027"}).content.decode()
    assert "Date: enter a date like 31/12/2025." in html
    assert changed(before, rows("empowerment")) == []


def test_the_services_refuse_what_the_forms_cannot_offer(
    officer: User, facilitator: User, group_a: Group, group_b: Group, cycle_a: Cycle, english: None
) -> None:
    plan = {
        "user": officer,
        "village": group_a.village,
        "held_on": dt.date(2027, 1, 12),
        "place": "Balai",
        "agenda": "Agenda",
    }
    with pytest.raises(ValidationError) as refused:
        services_meetings.meeting_plan(**plan, groups=[group_b], cycle=cycle_a, stage=2)
    assert refused.value.message_dict == {
        "groups": ["Groups: KWT Rusip Bahari is not an active group of Desa Alfa."],
        "stage": [
            "Stage worked on: the cycle is at stage 1; a meeting works on that stage or an "
            "earlier one, not stage 2."
        ],
    }
    with pytest.raises(ValidationError) as refused:
        services_meetings.meeting_plan(**plan, groups=[])
    assert refused.value.message_dict == {
        "groups": ["Groups: choose at least one group of Desa Alfa."]
    }
    stranger = User.objects.create(username="elsewhere", role="facilitator")
    with pytest.raises(ValidationError) as refused:
        services_meetings.meeting_plan(**plan, groups=[group_a], facilitator=stranger)
    assert refused.value.message_dict == {
        "facilitator": ["Facilitator: elsewhere does not work in Desa Alfa."]
    }
    Cycle.objects.filter(pk=cycle_a.pk).update(status=CycleStatus.CLOSED)
    cycle_a.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services_meetings.meeting_plan(**plan, groups=[group_a], cycle=cycle_a)
    assert refused.value.message_dict["cycle"] == [
        f"Cycle: {cycle_a} is closed (reviewed); choose an open cycle."
    ]
    assert Meeting.objects.count() == 0


def test_a_meeting_of_a_closed_cycle_is_read_only(
    officer: User, meeting_a: Meeting, english: None
) -> None:
    Cycle.objects.filter(pk=meeting_a.cycle_id).update(status=CycleStatus.CLOSED)
    meeting_a.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        services_meetings.meeting_record(
            user=officer, meeting=meeting_a, held_on=dt.date(2026, 3, 10), minutes="", present=[]
        )
    meeting_a.refresh_from_db()
    assert meeting_a.status == "planned"
