"""The one save-with-history helper, history reader and archive/restore semantics of core."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ovop.accounts.models import User
from ovop.core.history import (
    delete_with_history,
    history_entries,
    record_history,
    save_with_history,
    versions_of,
)
from ovop.core.models import archive, restore
from ovop.enterprises import services as enterprise_services
from ovop.enterprises.models import Enterprise
from ovop.programme import services as programme_services
from ovop.programme.models import Programme
from ovop.regions.models import Region
from ovop.selection.models import Candidate, SelectionRound


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """Messages and labels asserted in English."""


def _rows(obj: Programme | Enterprise) -> list[tuple[str, str | None, str | None]]:
    rows = obj.history.order_by("history_date", "history_id")
    return [(r.history_type, r.history_change_reason, str(r.history_user)) for r in rows]


def test_save_names_the_user_and_the_reason(officer: User, regency: Region) -> None:
    programme = Programme(name="OVOP Baru", scheme="kemendes", regency=regency, start_year=2024)
    save_with_history(programme, user=officer, reason="created")
    programme.description = "Desa membangun"
    save_with_history(programme, user=officer, reason="edited")
    assert _rows(programme) == [("+", "created", "officer"), ("~", "edited", "officer")]


def test_an_edit_that_changes_nothing_writes_no_history_row(
    officer: User, viewer: User, programme: Programme
) -> None:
    before = programme.history.count()
    same = Programme.objects.get(pk=programme.pk)
    save_with_history(same, user=viewer, reason="edited")
    assert programme.history.count() == before
    same.name = "OVOP Uji Dua"
    save_with_history(same, user=viewer, reason="edited")
    assert programme.history.count() == before + 1
    assert programme.history.latest("history_date").history_user == viewer


def test_a_service_edit_that_changes_nothing_writes_no_history_row(
    officer: User, enterprise_x: Enterprise
) -> None:
    enterprise_services.enterprise_update(
        user=officer, enterprise=enterprise_x, data={"workers_male": 9}
    )
    rows = enterprise_x.history.count()
    enterprise_services.enterprise_update(
        user=officer, enterprise=enterprise_x, data={"workers_male": 9, "name": "Getas Alfa"}
    )
    assert enterprise_x.history.count() == rows


def test_invalid_values_are_refused_before_anything_is_written(
    officer: User, programme: Programme
) -> None:
    before = _rows(programme)
    programme.start_year = 1800
    with pytest.raises(ValidationError) as caught:
        save_with_history(programme, user=officer, reason="edited")
    assert list(caught.value.message_dict) == ["start_year"]
    save_with_history(programme, user=officer, reason="edited", exclude=["start_year"])
    programme.refresh_from_db()
    assert programme.start_year == 1800  # the caller asked not to check it
    assert _rows(programme) == [*before, ("~", "edited", "officer")]


def test_without_clean_the_model_is_not_validated(officer: User, programme: Programme) -> None:
    programme.start_year = 1800
    save_with_history(programme, user=officer, reason="imported", clean=False)
    programme.refresh_from_db()
    assert programme.start_year == 1800


def test_a_deletion_is_kept_with_user_and_reason(officer: User, programme: Programme) -> None:
    selection_round = SelectionRound.objects.create(
        title="R", programme=programme, area=programme.regency, year=2024, created_by=officer
    )
    candidate = Candidate.objects.create(round=selection_round, name="Rusip")
    delete_with_history(candidate, user=officer, reason="candidate removed from draft")
    gone = Candidate.history.filter(history_type="-").get()
    assert (gone.name, gone.history_user, gone.history_change_reason) == (
        "Rusip",
        officer,
        "candidate removed from draft",
    )


def test_the_reader_shows_labels_choices_related_names_and_counts_hidden_fields(
    officer: User, programme: Programme, village_b: Region
) -> None:
    programme.scheme = "kemenkop"
    programme.description = "Koperasi"
    save_with_history(programme, user=officer, reason="edited")
    (newest, created) = history_entries(
        versions_of(programme.history),
        fields=("name", "scheme", "regency", "description"),
        hidden=("description",),
        reasons={"edited": "diubah"},
    )
    assert (newest.who, newest.kind, newest.action, newest.reason) == (
        "officer",
        "changed",
        "changed",
        "diubah",
    )
    assert [(c.label, c.old, c.new) for c in newest.changes] == [
        ("Scheme", "Regency desa OVOP", "Kemenkop UKM (cooperative OVOP)")
    ]
    assert newest.hidden_changes == 1
    assert (created.kind, created.who) == ("created", "system")
    shown = {c.label: (c.old, c.new) for c in created.changes}
    assert shown["Regency"] == ("", programme.regency.name)
    assert shown["Name"] == ("", "OVOP Uji")


def test_archive_and_restore_have_one_semantics(officer: User, programme: Programme) -> None:
    archive(programme, user=officer)
    with pytest.raises(ValidationError) as twice:
        archive(programme, user=officer)
    assert twice.value.messages == ["OVOP Uji is already archived."]
    restore(programme, user=officer)
    with pytest.raises(ValidationError) as active:
        restore(programme, user=officer)
    assert active.value.messages == ["OVOP Uji is not archived."]
    assert [e.action for e in record_history(obj=programme)] == [
        "restored",
        "archived",
        "created",
    ]


def test_a_refused_archive_leaves_the_row_and_history_unchanged(
    officer: User, programme: Programme
) -> None:
    programme_services.programme_archive(user=officer, programme=programme)
    stored = Programme.objects.get(pk=programme.pk)
    rows = _rows(programme)
    with pytest.raises(ValidationError):
        programme_services.programme_archive(user=officer, programme=stored)
    assert Programme.objects.get(pk=programme.pk).archived_at == stored.archived_at
    assert _rows(programme) == rows
