# ruff: noqa: F811  (fixtures imported from conftest_delivery are parameters here)
"""Realised costs: receipts (photo or PDF, nothing else), cancelled activities, history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ovop.accounts.models import User
from ovop.planning import services_activities, services_costs
from ovop.planning.models import Activity, CostLine
from tests.planning.conftest_delivery import (  # noqa: F401 - fixtures
    apbd,
    media,
    png,
    real_pdf,
    training_a,
    year,
)

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 2, 10)


def exe_named_pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("kwitansi.pdf", b"MZ\x90\x00 a windows program", "application/pdf")


def _add(user: User, activity: Activity, **extra: object) -> CostLine:
    values: dict[str, object] = {
        "spent_on": DAY,
        "description": "Konsumsi peserta",
        "amount_idr": 1_500_000,
    }
    return services_costs.cost_add(user=user, activity=activity, **{**values, **extra})  # type: ignore[arg-type]


def test_receipts_are_a_photo_or_a_pdf(
    facilitator: User, training_a: Activity, media: Path, english: None
) -> None:
    photo = _add(facilitator, training_a, receipt=png("nota.png"))
    assert photo.receipt.name.endswith(".png") and photo.recorded_by == facilitator
    scan = _add(facilitator, training_a, receipt=real_pdf("nota.pdf"), amount_idr=2_000_000)
    assert scan.receipt.name.endswith(".pdf")
    with pytest.raises(ValidationError) as refused:
        _add(facilitator, training_a, receipt=exe_named_pdf())
    assert refused.value.message_dict == {"receipt": ["Receipt: the file is not a PDF document."]}
    text = SimpleUploadedFile("nota.txt", b"just words", "text/plain")
    with pytest.raises(ValidationError) as refused:
        _add(facilitator, training_a, receipt=text)
    assert list(refused.value.message_dict) == ["receipt"]
    assert "neither a photo" in refused.value.messages[0]
    assert CostLine.objects.count() == 2


def test_a_line_outside_the_year_or_on_a_cancelled_activity_is_refused(
    officer: User, training_a: Activity, english: None
) -> None:
    with pytest.raises(ValidationError) as refused:
        _add(officer, training_a, spent_on=dt.date(2025, 12, 30))
    assert list(refused.value.message_dict) == ["spent_on"]
    services_activities.activity_cancel(
        user=officer, activity=training_a, cancel_reason="Dana dialihkan"
    )
    with pytest.raises(ValidationError) as refused:
        _add(officer, training_a)
    assert list(refused.value.message_dict) == ["activity"]
    assert "cancelled" in refused.value.messages[0]
    assert CostLine.objects.count() == 0


def test_a_line_above_the_planned_cost_is_kept(officer: User, training_a: Activity) -> None:
    line = _add(officer, training_a, amount_idr=45_000_000)
    assert line.amount_idr == 45_000_000 > training_a.planned_cost_idr


def test_edit_and_delete_keep_their_history(
    officer: User, training_a: Activity, english: None
) -> None:
    line = _add(officer, training_a)
    services_costs.cost_update(
        user=officer, cost=line, spent_on=DAY, description="Konsumsi", amount_idr=1_250_000
    )
    assert CostLine.objects.get().amount_idr == 1_250_000
    with pytest.raises(ValidationError) as refused:
        services_costs.cost_delete(user=officer, cost=line, reason="  ")
    assert list(refused.value.message_dict) == ["reason"]
    pk = line.pk
    services_costs.cost_delete(user=officer, cost=line, reason="Dicatat dua kali")
    assert CostLine.objects.count() == 0
    versions = list(CostLine.history.filter(id=pk).order_by("history_date"))
    assert [v.history_type for v in versions] == ["+", "~", "-"]
    assert versions[-1].history_change_reason == "Dicatat dua kali"
    assert versions[1].amount_idr == 1_250_000
