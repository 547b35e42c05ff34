"""Programmes and their villages are archived and restored with the one semantics of
``ovop.core.models``: archiving an archived record, or restoring an active one, is refused
and writes nothing."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from ovop.accounts.models import User
from ovop.programme import services
from ovop.programme.models import Programme, ProgrammeVillage
from tests.conftest import login


def _reasons(obj: Programme | ProgrammeVillage) -> list[str | None]:
    rows = obj.history.order_by("history_date", "history_id")
    return [row.history_change_reason for row in rows]


def test_archiving_an_archived_programme_is_refused_and_writes_nothing(
    officer: User, programme: Programme
) -> None:
    services.programme_archive(user=officer, programme=programme)
    programme.refresh_from_db()
    archived_at = programme.archived_at
    with pytest.raises(ValidationError) as caught:
        services.programme_archive(user=officer, programme=programme)
    assert caught.value.messages == ["OVOP Uji is already archived."]
    programme.refresh_from_db()
    assert programme.archived_at == archived_at
    assert _reasons(programme) == [None, "archived"]


def test_restoring_an_active_programme_is_refused_and_writes_nothing(
    officer: User, programme: Programme
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.programme_restore(user=officer, programme=programme)
    assert caught.value.messages == ["OVOP Uji is not archived."]
    programme.refresh_from_db()
    assert programme.archived_at is None
    assert _reasons(programme) == [None]


def test_removing_a_removed_village_is_refused_and_writes_nothing(
    officer: User, membership_a: ProgrammeVillage
) -> None:
    services.programme_village_remove(user=officer, membership=membership_a)
    membership_a.refresh_from_db()
    removed_at = membership_a.archived_at
    with pytest.raises(ValidationError) as caught:
        services.programme_village_remove(user=officer, membership=membership_a)
    assert caught.value.messages == ["Desa Alfa (OVOP Uji) is already archived."]
    membership_a.refresh_from_db()
    assert membership_a.archived_at == removed_at
    assert _reasons(membership_a) == [None, "village removed"]


def test_a_second_archive_post_is_refused_with_a_message(
    client: Client, officer: User, programme: Programme
) -> None:
    login(client, officer)
    url = reverse("programme:archive", args=[programme.pk])
    confirmed = {"confirm": "1", "reason": "Merged into OVOP 2025."}
    assert client.post(url, confirmed).status_code == 302
    response = client.post(url, confirmed)
    assert (response.status_code, response["Location"]) == (302, programme.get_absolute_url())
    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == (
        "OVOP Uji is already archived."
    )
    assert programme.history.count() == 2
