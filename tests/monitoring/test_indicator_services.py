# ruff: noqa: F811  (fixtures imported from conftest_indicators are parameters here)
"""The writes of the indicator library and of targets: what they store, what they refuse and
say, and the history they leave."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise
from ovop.monitoring import services_indicators as services
from ovop.monitoring.choices import ValueType
from ovop.monitoring.models import Indicator, Target
from ovop.programme.models import Programme
from ovop.regions.models import Kind, Level, Region
from tests.monitoring.conftest_indicators import (  # noqa: F401 - fixtures
    answer,
    indicator_make,
    produksi,
    round_make,
)

pytestmark = pytest.mark.django_db

MARKETS = [
    {"code": "desa", "label_id": "Desa sendiri", "label_en": "Own village"},
    {"code": "luar", "label_id": "Luar desa", "label_en": "Outside the village"},
]


def _fields(**more: Any) -> dict[str, Any]:
    return {
        "code": "kemasan_baru",
        "name_id": "Kemasan baru",
        "name_en": "New packaging",
        "domain": "output",
        "unit": "count",
        "value_type": "integer",
        "direction": "higher",
        "aggregation": "sum",
        "level": "ikm",
        "min_value": Decimal(0),
        "max_value": Decimal(50),
        **more,
    }


def _messages(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


def _answered(
    programme: Programme, indicator: Indicator, enterprise: Enterprise, **kw: Any
) -> None:
    round_ = round_make(
        programme, "Akhir", year=2025, end=dt.date(2025, 11, 30), indicators=[indicator]
    )
    answer(round_, enterprise, {indicator: kw.pop("number", 1)}, **kw)


def test_an_officer_records_an_indicator_with_history(officer: User) -> None:
    made = services.indicator_create(user=officer, **_fields(is_default=True, pk=99))
    assert (made.code, made.aggregation, made.max_value, made.is_default) == (
        "kemasan_baru",
        "sum",
        Decimal(50),
        False,  # only the shipped ones are defaults; the field is not the officer's
    )
    row = made.history.get()
    assert (row.history_user, row.history_change_reason) == (officer, "created")


def test_a_shipped_default_stays_a_default_when_edited(officer: User) -> None:
    omzet = Indicator.objects.get(code="omzet")
    assert omzet.is_default
    edited = services.indicator_update(user=officer, indicator=omzet, max_value=Decimal(10**10))
    assert (edited.is_default, edited.max_value) == (True, Decimal(10**10))
    assert edited.history.latest().history_change_reason == "edited"


def test_model_rules_come_back_by_field(officer: User, english: None) -> None:
    with pytest.raises(ValidationError) as error:
        services.indicator_create(
            user=officer, **_fields(min_value=Decimal(10), max_value=Decimal(5))
        )
    assert _messages(error) == {"max_value": ["The highest value is below the lowest."]}
    with pytest.raises(ValidationError) as error:
        services.indicator_create(user=officer, **_fields(code="omzet"))
    assert _messages(error) == {"code": ["Indicator with this Code already exists."]}
    assert not Indicator.objects.filter(code="kemasan_baru").exists()


def test_code_type_and_parts_are_fixed_under_stored_values(
    officer: User,
    produksi: Indicator,
    programme: Programme,
    enterprise_x: Enterprise,
    english: None,
) -> None:
    _answered(programme, produksi, enterprise_x)
    with pytest.raises(ValidationError) as error:
        services.indicator_update(
            user=officer, indicator=produksi, code="produksi_baru", value_type="integer"
        )
    assert _messages(error) == {
        "code": ["Code cannot change: values are stored under this indicator."],
        "value_type": ["Type cannot change: values are stored under this indicator."],
    }
    same = services.indicator_update(
        user=officer, indicator=produksi, code="produksi_uji", name_en="Output"
    )
    assert same.name_en == "Output"


def test_an_option_stored_answers_chose_stays(
    officer: User, programme: Programme, enterprise_x: Enterprise, english: None
) -> None:
    market = indicator_make("pasar_uji", value_type=ValueType.CHOICE, options=MARKETS)
    _answered(programme, market, enterprise_x, number=None, choice="luar")
    with pytest.raises(ValidationError) as error:
        services.indicator_update(user=officer, indicator=market, options=MARKETS[:1] * 2)
    assert _messages(error) == {
        "options": ["Options: stored answers chose luar; keep those options."]
    }
    relabelled = [MARKETS[0], {**MARKETS[1], "label_en": "Elsewhere"}]
    assert (
        services.indicator_update(user=officer, indicator=market, options=relabelled).options
        == relabelled
    )


def test_archive_with_a_reason_then_restore(
    officer: User, produksi: Indicator, english: None
) -> None:
    services.indicator_archive(user=officer, indicator=produksi, reason="  diganti  ")
    produksi.refresh_from_db()
    assert produksi.is_archived
    assert produksi.history.latest().history_change_reason == "diganti"
    with pytest.raises(ValidationError) as error:
        services.indicator_archive(user=officer, indicator=produksi)
    assert error.value.messages == [f"{produksi} is already archived."]
    with pytest.raises(ValidationError) as error:
        services.indicator_update(user=officer, indicator=produksi, name_en="X")
    assert error.value.messages == [
        "Indicator “produksi_uji” is archived; restore it before changing it."
    ]
    services.indicator_restore(user=officer, indicator=produksi)
    produksi.refresh_from_db()
    assert not produksi.is_archived


def test_a_target_is_set_then_changed_then_removed(
    officer: User, admin_user: User, produksi: Indicator, village_a: Region
) -> None:
    first = services.target_set(
        user=officer,
        indicator=produksi,
        region=village_a,
        year=2026,
        target_value=Decimal(150),
        baseline_value=Decimal(100),
        note="  RPJMD  ",
    )
    assert (first.target_value, first.baseline_value, first.note, first.updated_by) == (
        Decimal(150),
        Decimal(100),
        "RPJMD",
        officer,
    )
    again = services.target_set(
        user=admin_user,
        indicator=produksi,
        region=village_a,
        year=2026,
        target_value=Decimal(160),
    )
    assert again.pk == first.pk
    assert (again.target_value, again.baseline_value, again.updated_by) == (
        Decimal(160),
        None,
        admin_user,
    )
    services.target_set(
        user=admin_user,
        indicator=produksi,
        region=village_a,
        year=2026,
        target_value=Decimal(160),
    )  # the same again: nothing written
    reasons = list(Target.history.order_by("history_id").values_list("history_change_reason"))
    assert reasons == [("created",), ("edited",)]
    services.target_remove(user=officer, target=again, reason="salah wilayah")
    assert not Target.objects.exists()
    assert Target.history.latest().history_change_reason == "salah wilayah"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            "province",
            {"region": ["Region: choose the regency, a kecamatan or a village."]},
        ),
        ("year", {"year": ["Ensure this value is greater than or equal to 2000."]}),
        (
            "choice",
            {"__all__": ["A one-of-a-list indicator has no number to aim at; it takes no target."]},
        ),
        (
            "archived",
            {"__all__": ["Indicator “produksi_uji” is archived; restore it before changing it."]},
        ),
    ],
)
def test_a_target_is_refused(
    officer: User,
    produksi: Indicator,
    village_a: Region,
    english: None,
    change: str,
    expected: dict[str, list[str]],
) -> None:
    indicator, region, year = produksi, village_a, 2026
    if change == "province":
        region = Region.objects.create(
            code="99", name="Provinsi Uji", level=Level.PROVINCE, kind=Kind.PROVINSI
        )
    elif change == "year":
        year = 1999
    elif change == "choice":
        indicator = indicator_make("pasar_uji", value_type=ValueType.CHOICE, options=MARKETS)
    else:
        services.indicator_archive(user=officer, indicator=produksi)
    with pytest.raises(ValidationError) as error:
        services.target_set(
            user=officer, indicator=indicator, region=region, year=year, target_value=Decimal(1)
        )
    got = (
        error.value.message_dict
        if hasattr(error.value, "error_dict")
        else {"__all__": error.value.messages}
    )
    assert got == expected
    assert not Target.objects.exists()


@pytest.mark.parametrize("persona", ["viewer", "facilitator", "owner", "assessor"])
def test_only_managers_write(
    request: pytest.FixtureRequest, persona: str, produksi: Indicator, village_a: Region
) -> None:
    user = request.getfixturevalue(persona)
    target = Target.objects.create(
        indicator=produksi, region=village_a, year=2026, target_value=Decimal(1)
    )
    calls: list[Callable[[], object]] = [
        lambda: services.indicator_create(user=user, **_fields()),
        lambda: services.indicator_update(user=user, indicator=produksi, name_en="X"),
        lambda: services.indicator_archive(user=user, indicator=produksi),
        lambda: services.indicator_restore(user=user, indicator=produksi),
        lambda: services.target_set(
            user=user, indicator=produksi, region=village_a, year=2027, target_value=Decimal(2)
        ),
        lambda: services.target_remove(user=user, target=target),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    produksi.refresh_from_db()
    assert (produksi.name_en, produksi.is_archived) == ("Test produksi_uji", False)
    assert list(Target.objects.values_list("year", flat=True)) == [2026]
    assert not Indicator.objects.filter(code="kemasan_baru").exists()
