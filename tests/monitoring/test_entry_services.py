"""Web entry: reading what people type, drafts and submissions, review, lock, correction."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ovop.accounts.models import User
from ovop.monitoring.choices import EntryStatus, Origin, RoundStatus
from ovop.monitoring.models import Respondent, Round, Value, ValueRevision
from ovop.monitoring.services_entry import entry_review, entry_save, value_correct
from ovop.monitoring.services_rounds import round_lock, round_reopen
from tests.monitoring.conftest import stored

pytestmark = pytest.mark.django_db


def test_a_draft_stores_what_the_office_typed(
    officer: User, answering_x: Respondent, full: dict[str, str]
) -> None:
    written = entry_save(user=officer, respondent=answering_x, raw=full, submit=False)
    assert stored(answering_x) == {
        "omzet": Decimal("1500000"),
        "laba": Decimal("-250000"),
        "tenaga_kerja__female": Decimal(3),
        "tenaga_kerja__male": Decimal(2),
        "tenaga_kerja__youth": Decimal(1),
        "tenaga_kerja": Decimal(5),  # the total: women + men
        "pasar": "provinsi",
        "jual_daring": Decimal(1),
        "kompetensi": Decimal("72.5"),
    }
    assert (written.created, written.updated, written.unchanged) == (9, 0, 0)
    answering_x.refresh_from_db()
    assert answering_x.status == EntryStatus.DRAFT
    assert answering_x.origin == Origin.WEB


def test_other_spellings_read_the_same(officer: User, answering_x: Respondent) -> None:
    raw = {"omzet": "1,5 juta", "pasar": "Dalam provinsi", "jual_daring": "tidak"}
    entry_save(user=officer, respondent=answering_x, raw=raw, submit=False)
    assert stored(answering_x) == {
        "omzet": Decimal("1500000"),
        "pasar": "provinsi",
        "jual_daring": Decimal(0),
    }


def test_saving_the_same_answers_again_writes_nothing(
    officer: User, answering_x: Respondent, full: dict[str, str]
) -> None:
    entry_save(user=officer, respondent=answering_x, raw=full, submit=False)
    again = entry_save(user=officer, respondent=answering_x, raw=full, submit=False)
    assert (again.created, again.updated, again.removed, again.unchanged) == (0, 0, 0, 9)
    assert not ValueRevision.objects.exists()


def test_a_change_keeps_the_value_before(
    officer: User, answering_x: Respondent, full: dict[str, str]
) -> None:
    entry_save(user=officer, respondent=answering_x, raw=full, submit=False)
    entry_save(
        user=officer, respondent=answering_x, raw={**full, "omzet": "2.000.000"}, submit=False
    )
    revision = ValueRevision.objects.get()
    assert (revision.indicator.code, revision.old_number, revision.new_number) == (
        "omzet",
        Decimal("1500000"),
        Decimal("2000000"),
    )
    assert revision.changed_by == officer and revision.origin == Origin.WEB


def test_a_blank_answer_removes_a_stored_value_with_its_revision(
    officer: User, answering_x: Respondent, full: dict[str, str]
) -> None:
    entry_save(user=officer, respondent=answering_x, raw=full, submit=False)
    entry_save(user=officer, respondent=answering_x, raw={**full, "kompetensi": ""}, submit=False)
    assert "kompetensi" not in stored(answering_x)
    revision = ValueRevision.objects.get()
    assert (revision.old_number, revision.new_number) == (Decimal("72.5"), None)


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        (
            "omzet",
            "Rp 6.000.000.000",
            "Monthly revenue: 6,000,000,000 is outside 0 to 5,000,000,000 rupiah per month.",
        ),
        ("omzet", "-5", "Monthly revenue"),
        ("tenaga_kerja__female", "2,5", "Workers — Women: give a whole number, not 2,5."),
        (
            "pasar",
            "luar negeri",
            "Farthest market reached: “luar negeri” is not one of the options (Own village, "
            "Within the regency, Within the province, Other provinces, Export).",
        ),
        ("kompetensi", "101", "Competence test score: 101 is outside 0 to 100 score (0-100)."),
    ],
)
def test_a_wrong_answer_is_named_and_nothing_is_stored(
    english: None,
    officer: User,
    answering_x: Respondent,
    full: dict[str, str],
    field: str,
    typed: str,
    message: str,
) -> None:
    with pytest.raises(ValidationError) as refused:
        entry_save(user=officer, respondent=answering_x, raw={**full, field: typed}, submit=False)
    errors = refused.value.message_dict
    assert list(errors) == [field]
    assert errors[field][0].startswith(message)
    assert not Value.objects.exists()
    answering_x.refresh_from_db()
    assert answering_x.status == EntryStatus.EMPTY


def test_submitting_needs_every_answer(
    english: None, officer: User, answering_x: Respondent, full: dict[str, str]
) -> None:
    del full["kompetensi"]
    with pytest.raises(ValidationError) as refused:
        entry_save(user=officer, respondent=answering_x, raw=full, submit=True)
    assert refused.value.message_dict == {
        "kompetensi": ["Competence test score: answer this question before submitting."]
    }
    assert not Value.objects.exists()


def _submitted(user: User, respondent: Respondent, full: dict[str, str]) -> Respondent:
    entry_save(user=user, respondent=respondent, raw=full, submit=True)
    respondent.refresh_from_db()
    return respondent


def test_review_approves_or_returns_with_a_comment(
    english: None,
    officer: User,
    facilitator: User,
    answering_x: Respondent,
    full: dict[str, str],
) -> None:
    respondent = _submitted(facilitator, answering_x, full)
    assert respondent.status == EntryStatus.SUBMITTED and respondent.submitted_by == facilitator
    with pytest.raises(ValidationError) as refused:
        entry_review(user=officer, respondent=respondent, approve=False, comment=" ")
    assert refused.value.message_dict == {
        "comment": ["Comment: say what to correct when returning an entry."]
    }
    entry_review(user=officer, respondent=respondent, approve=False, comment="Omzet terlalu kecil")
    respondent.refresh_from_db()
    assert (respondent.status, respondent.review_comment) == (
        EntryStatus.RETURNED,
        "Omzet terlalu kecil",
    )
    # the facilitator corrects and submits again; the officer approves
    respondent = _submitted(facilitator, respondent, {**full, "omzet": "15.000.000"})
    entry_review(user=officer, respondent=respondent, approve=True)
    respondent.refresh_from_db()
    assert respondent.status == EntryStatus.APPROVED and respondent.reviewed_by == officer
    # an approved entry is no longer typed into, not even by an officer
    with pytest.raises(PermissionDenied):
        entry_save(user=officer, respondent=respondent, raw=full, submit=False)


def test_only_a_submitted_entry_is_reviewed(
    english: None, officer: User, answering_x: Respondent
) -> None:
    with pytest.raises(ValidationError) as refused:
        entry_review(user=officer, respondent=answering_x, approve=True)
    assert refused.value.messages == [
        "Only a submitted entry is reviewed; this one is “Not started”."
    ]


def test_who_may_enter_which_respondent(
    facilitator: User,
    owner: User,
    owner2: User,
    viewer: User,
    officer: User,
    answering_x: Respondent,
    answering_y: Respondent,
    full: dict[str, str],
) -> None:
    # the facilitator of village A enters Getas Alfa, not Rusip Beta of village B
    entry_save(user=facilitator, respondent=answering_x, raw=full, submit=False)
    with pytest.raises(PermissionDenied):
        entry_save(user=facilitator, respondent=answering_y, raw=full, submit=False)
    # owners only when the round allows self-reporting, and only their own enterprise
    with pytest.raises(PermissionDenied):
        entry_save(user=owner, respondent=answering_x, raw=full, submit=False)
    Round.objects.filter(pk=answering_x.round_id).update(allows_self_report=True)
    entry_save(user=owner, respondent=answering_x, raw={**full, "omzet": "1.600.000"}, submit=True)
    with pytest.raises(PermissionDenied):
        entry_save(user=owner2, respondent=answering_x, raw=full, submit=False)
    # once submitted, the owner waits for the review
    with pytest.raises(PermissionDenied):
        entry_save(user=owner, respondent=answering_x, raw=full, submit=False)
    with pytest.raises(PermissionDenied):
        entry_save(user=viewer, respondent=answering_y, raw=full, submit=False)
    with pytest.raises(PermissionDenied):
        entry_review(user=facilitator, respondent=answering_x, approve=True)
    assert stored(answering_x)["omzet"] == Decimal("1600000")
    assert not answering_y.values.exists()
    entry_review(user=officer, respondent=answering_x, approve=True)


def test_a_locked_round_takes_only_an_administrators_correction(
    english: None,
    officer: User,
    admin_user: User,
    answering_x: Respondent,
    full: dict[str, str],
) -> None:
    respondent = _submitted(officer, answering_x, full)
    with pytest.raises(ValidationError) as refused:
        round_lock(user=officer, round_=respondent.round)
    assert refused.value.messages == [
        "1 submitted entries still wait for review; approve or return them first."
    ]
    entry_review(user=officer, respondent=respondent, approve=True)
    round_ = round_lock(user=officer, round_=respondent.round)
    assert round_.status == RoundStatus.LOCKED and round_.locked_by == officer
    respondent.refresh_from_db()
    with pytest.raises(ValidationError):
        entry_save(user=officer, respondent=respondent, raw=full, submit=False)
    with pytest.raises(PermissionDenied):
        value_correct(user=officer, respondent=respondent, raw={"omzet": "1"}, reason="typo")
    with pytest.raises(ValidationError) as refused:
        value_correct(
            user=admin_user, respondent=respondent, raw={"omzet": "1.700.000"}, reason=" "
        )
    assert refused.value.message_dict == {"reason": ["Reason: say why the value is corrected."]}
    written = value_correct(
        user=admin_user,
        respondent=respondent,
        raw={"omzet": "1.700.000", "tenaga_kerja__male": "4"},
        reason="Kuitansi penjualan Maret",
    )
    assert (written.updated, written.created) == (3, 0)  # omzet, men, and the workers' total
    values = stored(respondent)
    assert (values["omzet"], values["tenaga_kerja"]) == (Decimal(1_700_000), Decimal(7))
    revisions = ValueRevision.objects.filter(origin=Origin.CORRECTION)
    assert {r.reason for r in revisions} == {"Kuitansi penjualan Maret"}
    # reopening: administrators only, with a reason
    with pytest.raises(PermissionDenied):
        round_reopen(user=officer, round_=round_, reason="lupa")
    assert round_reopen(user=admin_user, round_=round_, reason="Data susulan").status == "open"
