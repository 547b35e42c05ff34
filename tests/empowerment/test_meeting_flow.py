# ruff: noqa: F811  (fixtures imported from meeting_fixtures are parameters here)
"""The facilitator's path through a meeting on the pages: plan it (date typed 12/01/2027 or
picked), print the agenda and attendance sheet (pdftotext: the members' names are on it), record
it as held with members ticked, guests, minutes, the signed sheet and photos; correct it later
and find the earlier version in its history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ovop.accounts.models import User
from ovop.empowerment.models import (
    Attendance,
    Cycle,
    Group,
    Guest,
    Meeting,
    MeetingPhoto,
    MeetingStatus,
    Person,
)
from tests.conftest import login
from tests.empowerment.meeting_fixtures import media, meeting_a, pdf_text, png, real_pdf  # noqa: F401

pytestmark = pytest.mark.django_db


def _plan(client: Client, group: Group, cycle: Cycle, **extra: object) -> object:
    data = {
        "village": group.village_id,
        "groups": [group.pk],
        "cycle": cycle.pk,
        "stage": "",
        "held_on": "12/01/2027",
        "place": "Balai desa Alfa",
        "facilitator": "",
        "agenda": "1. Cerita pengalaman\n2. Tema pasar",
        **extra,
    }
    return client.post(reverse("empowerment:meeting_create"), data)


def _person(name: str) -> Person:
    return Person.objects.get(name=name)


def test_plan_print_record(
    client: Client, facilitator: User, group_a: Group, cycle_a: Cycle, media: Path, tmp_path: Path
) -> None:
    login(client, facilitator)
    page = client.get(reverse("empowerment:meeting_create") + f"?cycle={cycle_a.pk}")
    assert page.status_code == 200
    assert page.context["form"].initial["groups"] == [group_a.pk]
    response = _plan(client, group_a, cycle_a)
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert meeting.held_on == dt.date(2027, 1, 12)
    assert (meeting.status, meeting.stage, meeting.facilitator) == ("planned", 1, facilitator)
    assert list(meeting.groups.all()) == [group_a]

    pdf = client.get(reverse("empowerment:meeting_sheet_pdf", args=[meeting.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "daftar-hadir-2027-01-12" in pdf["Content-Disposition"]
    text = pdf_text(pdf.content, tmp_path)
    for name in ("Siti Aminah", "Rina Lestari", "Budi Santoso", "Pak Owner"):
        assert name in text
    assert "Daftar hadir" in text and "Tanda tangan" in text

    _record_held(client, meeting)
    _check_detail(client, meeting, group_a, cycle_a)


def _record_held(client: Client, meeting: Meeting) -> None:
    # the meeting is held: move it to the past first (a held meeting cannot be in the future)
    meeting.held_on = dt.date(2026, 2, 3)
    meeting.save()
    siti, rina = _person("Siti Aminah"), _person("Rina Lestari")
    record = {
        "held_on": "03/02/2026",
        "minutes": "Tiga pengalaman dicatat.",
        "present": [siti.pk, rina.pk],
        "guests-TOTAL_FORMS": "3",
        "guests-INITIAL_FORMS": "0",
        "guests-0-name": "Pak Kades",
        "guests-0-gender": "male",
        "guests-0-birth_year": "1968",
        "guests-0-affiliation": "Pemerintah desa",
        "guests-1-name": "Dewi",
        "guests-1-gender": "female",
        "guests-1-birth_year": "",
        "attendance_sheet": real_pdf(),
        "photos": [png("a.png"), png("b.png")],
    }
    response = client.post(reverse("empowerment:meeting_record", args=[meeting.pk]), record)
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert meeting.minutes == "Tiga pengalaman dicatat."
    assert set(
        Attendance.objects.filter(meeting=meeting).values_list("person__name", flat=True)
    ) == {
        "Siti Aminah",
        "Rina Lestari",
    }
    assert list(Guest.objects.filter(meeting=meeting).values_list("name", "birth_year")) == [
        ("Dewi", None),
        ("Pak Kades", 1968),
    ]
    assert meeting.attendance_sheet.name.endswith(".pdf")
    assert MeetingPhoto.objects.filter(meeting=meeting).count() == 2


def _check_detail(client: Client, meeting: Meeting, group_a: Group, cycle_a: Cycle) -> None:
    detail = client.get(meeting.get_absolute_url())
    counts = detail.context["counts"]
    # Siti F 1980, Rina F 2001 (youth in 2026), Pak Kades M 1968, Dewi F (age unknown)
    assert (counts.present, counts.female, counts.male) == (4, 3, 1)
    assert (counts.youth, counts.adult, counts.age_unknown) == (1, 2, 1)
    assert (counts.members_present, counts.active_members, counts.rate_pct) == (2, 4, 50)
    html = detail.content.decode()
    assert reverse("empowerment:cycle_detail", args=[cycle_a.pk]) in html
    assert reverse("empowerment:group_detail", args=[group_a.pk]) in html
    assert reverse("files:meeting_sheet", args=[meeting.pk]) in html
    photo = MeetingPhoto.objects.filter(meeting=meeting).first()
    assert photo is not None
    assert reverse("files:meeting_photo", args=[photo.pk]) in html
    assert "/media/" not in html


def test_correcting_a_held_meeting_keeps_history(
    client: Client, facilitator: User, meeting_a: Meeting, media: Path
) -> None:
    login(client, facilitator)
    siti, budi = _person("Siti Aminah"), _person("Budi Santoso")
    url = reverse("empowerment:meeting_record", args=[meeting_a.pk])
    base = {
        "held_on": "10/03/2026",
        "minutes": "Pertama",
        "guests-TOTAL_FORMS": "0",
        "guests-INITIAL_FORMS": "0",
    }
    assert client.post(url, {**base, "present": [siti.pk]}).status_code == 302
    second = {**base, "minutes": "Diperbaiki", "present": [budi.pk]}
    assert client.post(url, second).status_code == 302
    meeting_a.refresh_from_db()
    assert meeting_a.minutes == "Diperbaiki"
    assert list(meeting_a.attendance.values_list("person__name", flat=True)) == ["Budi Santoso"]
    assert meeting_a.history.filter(minutes="Pertama").exists()
    assert Attendance.history.filter(meeting_id=meeting_a.pk, history_type="-").count() == 1
    page = client.get(reverse("empowerment:meeting_history", args=[meeting_a.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "Siti Aminah" in html and "Pertama" in html


def test_the_record_page_is_for_phones(
    client: Client, facilitator: User, meeting_a: Meeting
) -> None:
    login(client, facilitator)
    html = client.get(reverse("empowerment:meeting_record", args=[meeting_a.pk])).content.decode()
    assert 'accept="image/*"' in html and 'capture="environment"' in html and "multiple" in html
    assert 'type="checkbox"' in html and "min-height:44px" in html
    for name in ("Siti Aminah", "Rina Lestari", "Budi Santoso", "Pak Owner"):
        assert name in html


def test_create_preselects_group_and_default_facilitator(
    client: Client, officer: User, group_a: Group
) -> None:
    login(client, officer)
    page = client.get(reverse("empowerment:meeting_create") + f"?group={group_a.pk}")
    initial = page.context["form"].initial
    assert initial["groups"] == [group_a.pk]
    assert initial["village"] == group_a.village_id
    assert initial["facilitator"] == officer.pk


def test_held_today_is_accepted(client: Client, facilitator: User, meeting_a: Meeting) -> None:
    login(client, facilitator)
    today = timezone.localdate()
    data = {
        "held_on": today.strftime("%d/%m/%Y"),
        "minutes": "",
        "guests-TOTAL_FORMS": "0",
        "guests-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("empowerment:meeting_record", args=[meeting_a.pk]), data)
    assert response.status_code == 302
    meeting_a.refresh_from_db()
    assert (meeting_a.status, meeting_a.held_on) == ("held", today)
