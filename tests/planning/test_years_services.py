# ruff: noqa: F811  (fixtures imported from conftest_records are parameters here)
"""Opening fiscal years (copying the year before) and their rubric weights."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ovop.accounts.models import User
from ovop.planning import services_years
from ovop.planning.choices import ActivityType, SourceKind
from ovop.planning.models import FiscalYear, PriceItem, Source
from tests.planning.conftest_records import (  # noqa: F401 - fixtures
    JT,
    apbd,
    bimtek,
    close,
    dak,
    dana_desa_a,
    fy,
)


def test_open_an_empty_year(officer: User) -> None:
    year = services_years.year_open(user=officer, year=2027)
    assert (year.year, year.status, year.sources.count(), year.price_items.count()) == (
        2027,
        "open",
        0,
        0,
    )
    assert year.history.get().history_change_reason == "opened"


def test_open_a_year_copying_the_previous_one(
    officer: User, fy: FiscalYear, apbd: Source, dak: Source, dana_desa_a: Source, bimtek: PriceItem
) -> None:
    Source.objects.filter(pk=dak.pk).update(rules_are_default=False, notes="DAK 2026")
    archived = Source.objects.create(
        fiscal_year=fy, kind=SourceKind.CSR, name="CSR lama", ceiling_idr=JT
    )
    archived.archived_at = archived.created_at
    archived.save()
    FiscalYear.objects.filter(pk=fy.pk).update(weight_stars=50)
    new = services_years.year_open(user=officer, year=2027, copy_previous=True)
    copied = list(
        new.sources.order_by("name").values_list(
            "name", "kind", "ceiling_idr", "allowed_types", "village_id", "rules_are_default"
        )
    )
    assert copied == [
        ("APBD Disperindag", "apbd_kab", 750 * JT, [], None, True),
        ("DAK Fisik", "dak", 300 * JT, [ActivityType.EQUIPMENT], None, False),
        ("Dana Desa Alfa", "dana_desa", 50 * JT, [], dana_desa_a.village_id, True),
    ]
    prices = list(new.price_items.values_list("code", "unit_cost_idr", "activity_type"))
    assert prices == [("BT-01", 1_250_000, "training")]
    assert new.weight_stars == 50
    assert fy.sources.count() == 4  # the old year keeps its own


def test_open_refuses_a_year_twice_and_copying_nothing(
    english: None, officer: User, fy: FiscalYear
) -> None:
    with pytest.raises(ValidationError) as twice:
        services_years.year_open(user=officer, year=2026)
    assert twice.value.message_dict == {"year": ["Fiscal year: 2026 is already open."]}
    with pytest.raises(ValidationError) as nothing:
        services_years.year_open(user=officer, year=2020, copy_previous=True)
    assert list(nothing.value.message_dict) == ["copy_previous"]
    assert FiscalYear.objects.count() == 1


@pytest.mark.parametrize("persona", ["viewer", "facilitator", "owner", "assessor"])
def test_only_planners_open_years(request: pytest.FixtureRequest, persona: str) -> None:
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services_years.year_open(user=user, year=2030)
    assert not FiscalYear.objects.exists()


def _weights(**given: int) -> dict[str, Any]:
    return {
        "weight_beneficiaries": 10,
        "weight_priority": 20,
        "weight_stars": 30,
        "weight_stage": 40,
        **given,
    }


def test_weights_change_and_refusals(officer: User, fy: FiscalYear) -> None:
    services_years.year_weights_update(user=officer, year=fy, **_weights())
    fy.refresh_from_db()
    assert (fy.weight_beneficiaries, fy.weight_priority, fy.weight_stars, fy.weight_stage) == (
        10,
        20,
        30,
        40,
    )
    with pytest.raises(ValidationError) as zero:
        services_years.year_weights_update(
            user=officer,
            year=fy,
            **_weights(weight_priority=0, weight_stars=0, weight_stage=0, weight_beneficiaries=0),
        )
    assert list(zero.value.message_dict) == ["weight_beneficiaries"]
    with pytest.raises(ValidationError) as big:
        services_years.year_weights_update(user=officer, year=fy, **_weights(weight_stage=101))
    assert list(big.value.message_dict) == ["weight_stage"]
    fy.refresh_from_db()
    assert fy.weight_stage == 40


def test_closed_year_weights_need_an_administrator_and_a_reason(
    officer: User, admin_user: User, fy: FiscalYear
) -> None:
    close(fy, admin_user)
    with pytest.raises(ValidationError) as refused:
        services_years.year_weights_update(user=officer, year=fy, **_weights())
    assert "2026" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        services_years.year_weights_update(user=admin_user, year=fy, **_weights())
    fy.refresh_from_db()
    assert fy.weight_stage == 20
    services_years.year_weights_update(
        user=admin_user, year=fy, **_weights(), reason="Salah ketik bobot"
    )
    fy.refresh_from_db()
    assert fy.weight_stage == 40
    reason = fy.history.order_by("-history_id").first().history_change_reason  # type: ignore[union-attr,unused-ignore]
    assert "Salah ketik bobot" in reason
