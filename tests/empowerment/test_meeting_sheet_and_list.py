# ruff: noqa: F811  (fixtures imported from meeting_fixtures are parameters here)
"""The printed agenda and attendance sheet in both languages, the counts of a meeting, and the
meeting list: its scope, its filters and its number of queries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ovop.accounts.models import User
from ovop.empowerment import selectors_meetings, services_meetings
from ovop.empowerment.documents_meetings import BLANK_ROWS, attendance_sheet_pdf
from ovop.empowerment.models import Group, Meeting, Membership, Person
from ovop.empowerment.services_meeting_checks import GuestInput
from tests.conftest import login
from tests.empowerment.meeting_fixtures import meeting_a, meeting_b, pdf_text  # noqa: F401

pytestmark = pytest.mark.django_db


def test_sheet_in_english_with_letterhead(
    english_client: Client, officer: User, meeting_a: Meeting, settings: Any, tmp_path: Path
) -> None:
    settings.OVOP_REGENCY_NAME = "Kabupaten Uji"
    login(english_client, officer)
    response = english_client.get(reverse("empowerment:meeting_sheet_pdf", args=[meeting_a.pk]))
    assert response["Content-Disposition"] == (
        f'attachment; filename="attendance-sheet-2026-03-10-{meeting_a.pk}.pdf"'
    )
    text = pdf_text(response.content, tmp_path)
    assert "Government of Kabupaten Uji".upper().replace(" ", "") in text.upper().replace(" ", "")
    assert "Attendance sheet" in text and "Signature" in text
    assert "Pengalaman kelompok" in text  # the agenda
    for name in ("Siti Aminah", "Rina Lestari", "Budi Santoso", "Pak Owner"):
        assert name in text
    assert f"{4 + BLANK_ROWS}" in text  # numbered blank rows follow the four members


def test_sheet_leaves_out_archived_members_and_other_groups(
    meeting_a: Meeting, group_b: Group, tmp_path: Path
) -> None:
    Membership.objects.filter(person__name="Budi Santoso").update(
        archived_at=dt.datetime.now(dt.UTC)
    )
    text = pdf_text(attendance_sheet_pdf(meeting=meeting_a, language="id"), tmp_path)
    assert "Siti Aminah" in text and "Budi Santoso" not in text and "Yanti" not in text
    assert "Daftar hadir" in text and "Tanda tangan" in text


def test_counts_are_exact(officer: User, meeting_a: Meeting, group_a: Group, settings: Any) -> None:
    people = {p.name: p for p in Person.objects.filter(village=meeting_a.village)}
    unknown = Person.objects.create(village=meeting_a.village, name="Tanpa Umur", gender="male")
    Membership.objects.create(group=group_a, person=unknown)
    services_meetings.meeting_record(
        user=officer,
        meeting=meeting_a,
        held_on=dt.date(2026, 3, 10),
        minutes="",
        present=[people["Siti Aminah"], people["Rina Lestari"], people["Budi Santoso"], unknown],
        guests=[
            GuestInput(name="Pemuda Tamu", gender="male", birth_year=1997),  # 29 in 2026: youth
            GuestInput(name="Ibu Camat", gender="female", birth_year=1996),  # 30: adult
            GuestInput(name="Mitra", gender="female"),
        ],
    )
    counts = selectors_meetings.meeting_counts(meeting=meeting_a)
    assert counts == selectors_meetings.MeetingCounts(
        present=7,
        female=4,
        male=3,
        youth=2,
        adult=3,
        age_unknown=2,
        guests=3,
        members_present=4,
        active_members=5,
        rate_pct=80,
    )
    settings.OVOP_YOUTH_AGE_LIMIT = 50
    assert (
        selectors_meetings.meeting_counts(meeting=meeting_a).youth == 4
    )  # Siti 46, Rina, both guests


def test_list_scope_filters_and_queries(
    client: Client,
    facilitator: User,
    officer: User,
    owner: User,
    owner2: User,
    meeting_a: Meeting,
    meeting_b: Meeting,
) -> None:
    url = reverse("empowerment:meeting_list")
    login(client, facilitator)
    assert [m.pk for m in client.get(url).context["page_obj"]] == [meeting_a.pk]
    login(client, owner2)
    assert [m.pk for m in client.get(url).context["page_obj"]] == [meeting_b.pk]
    login(client, owner)
    page = client.get(url)
    assert [m.pk for m in page.context["page_obj"]] == [meeting_a.pk]
    assert reverse("empowerment:meeting_create") not in page.content.decode()
    login(client, officer)
    assert {m.pk for m in client.get(url).context["page_obj"]} == {meeting_a.pk, meeting_b.pk}
    for query, expected in [
        (f"?village={meeting_b.village_id}", [meeting_b.pk]),
        (f"?group={meeting_a.groups.get().pk}", [meeting_a.pk]),
        (f"?cycle={meeting_b.cycle_id}", [meeting_b.pk]),
        ("?status=held", []),
        ("?date_from=11/03/2026", []),
        ("?date_to=10/03/2026", [meeting_b.pk, meeting_a.pk]),
    ]:
        assert [m.pk for m in client.get(url + query).context["page_obj"]] == expected, query
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(10):
        extra = Meeting.objects.create(
            village=meeting_a.village, held_on=dt.date(2025, 1, n + 1), place="P", agenda="A"
        )
        extra.groups.add(meeting_a.groups.get())
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["page_obj"]) == 12
    assert len(many) == len(few)
