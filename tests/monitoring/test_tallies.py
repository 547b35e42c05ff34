"""The dashboard's running sums of a round's values (``ovop.monitoring.tallies``): exact sums by
kecamatan, regency and main product category, kept equal to the values by every write — an
entry saved, approved or returned, a flag settled, an enterprise moved, a product
recategorised — and checked or rebuilt by ``ovop tallies``. (Every other test of this
directory also ends by comparing the tallies with the values: ``conftest.tallies_kept``.)"""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ovop.accounts.models import User
from ovop.enterprises.models import Category, Enterprise
from ovop.enterprises.services import enterprise_update, product_update
from ovop.monitoring import tallies
from ovop.monitoring.choices import FlagKind
from ovop.monitoring.models import Flag, Respondent, Round, Value, ValueTally
from ovop.monitoring.services_entry import entry_review, entry_save
from ovop.monitoring.services_quality import flag_confirm
from ovop.regions.models import Region
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def _rows(round_: Round, code: str = "omzet") -> dict[tuple[str, str, str, str], tuple[Any, ...]]:
    rows = ValueTally.objects.filter(round=round_, indicator__code=code)
    return {
        (t.arm, t.level, t.area_code, t.category): (t.n, t.total, t.total_sq, t.ones) for t in rows
    }


@pytest.fixture
def entered(
    officer: User,
    answering_x: Respondent,
    answering_y: Respondent,
    enterprise_x: Enterprise,
    full: dict[str, str],
) -> tuple[Respondent, Respondent]:
    ProductFactory(enterprise=enterprise_x, category=Category.FOOD_BEVERAGE)
    ProductFactory(enterprise=enterprise_x, category=Category.BATIK)  # not the main one
    entry_save(user=officer, respondent=answering_x, raw=full, submit=True)
    entry_save(user=officer, respondent=answering_y, raw={**full, "omzet": "1 juta"}, submit=False)
    return answering_x, answering_y


def test_a_submitted_entry_counts_by_kecamatan_regency_and_main_category(
    entered: tuple[Respondent, Respondent], survey: Round
) -> None:
    one = (1, 1_500_000.0, 1_500_000.0**2, 0)
    assert _rows(survey) == {
        ("participant", "kecamatan", "99.01.01", ""): one,
        ("participant", "kecamatan", "99.01.01", "food_beverage"): one,
        ("participant", "regency", "99.01", ""): one,
        ("participant", "regency", "99.01", "food_beverage"): one,
    }  # the comparison's entry is a draft: it does not count yet
    assert _rows(survey, "jual_daring")[("participant", "regency", "99.01", "")] == (1, 1, 1, 1)
    # a value split by gender counts by its total only: 3 women + 2 men
    assert _rows(survey, "tenaga_kerja")[("participant", "regency", "99.01", "")][:2] == (1, 5.0)


def test_submitting_returning_and_approving_move_the_sums(
    entered: tuple[Respondent, Respondent], officer: User, survey: Round, full: dict[str, str]
) -> None:
    x, y = entered
    entry_save(user=officer, respondent=y, raw={**full, "omzet": "1 juta"}, submit=True)
    assert _rows(survey)[("comparison", "regency", "99.01", "")][:2] == (1, 1_000_000.0)
    entry_review(user=officer, respondent=x, approve=False, comment="Cek omzet")
    assert ("participant", "regency", "99.01", "") not in _rows(survey)
    entry_save(user=officer, respondent=x, raw={**full, "omzet": "2,5 juta"}, submit=True)
    entry_review(user=officer, respondent=x, approve=True)
    assert _rows(survey)[("participant", "regency", "99.01", "")][:2] == (1, 2_500_000.0)


def test_an_open_flag_leaves_the_value_out_until_confirmed(
    entered: tuple[Respondent, Respondent], officer: User, survey: Round
) -> None:
    x, _y = entered
    flag = Flag.objects.create(respondent=x, indicator=None, kind=FlagKind.DUPLICATE, detail="")
    tallies.touch(survey.pk)  # what the quality check does after raising it
    assert _rows(survey) == {}
    flag_confirm(user=officer, flag=flag, reason="Dua IKM memang sama omzetnya")
    assert _rows(survey)[("participant", "regency", "99.01", "")][0] == 1


def test_moving_an_enterprise_and_changing_its_main_category_follow(
    entered: tuple[Respondent, Respondent],
    officer: User,
    survey: Round,
    village_b: Region,
    enterprise_x: Enterprise,
) -> None:
    enterprise_update(user=officer, enterprise=enterprise_x, data={"village": village_b})
    rows = _rows(survey)
    assert ("participant", "kecamatan", "99.01.02", "") in rows
    assert ("participant", "kecamatan", "99.01.01", "") not in rows
    main = enterprise_x.products.order_by("pk").first()
    assert main is not None
    product_update(user=officer, product=main, data={"category": Category.HERBAL})
    assert ("participant", "regency", "99.01", "herbal") in _rows(survey)
    assert ("participant", "regency", "99.01", "food_beverage") not in _rows(survey)


def test_batch_recomputes_each_round_once_at_its_end(
    entered: tuple[Respondent, Respondent], survey: Round
) -> None:
    x, y = entered
    calls: list[tuple[int, Any]] = []
    real = tallies.refresh
    try:
        tallies.refresh = lambda r, a=None: calls.append((r, a))  # type: ignore[assignment]
        with tallies.batch():
            tallies.touch_entry(x)
            tallies.touch_entry(y)
            assert calls == []
        assert calls == [(survey.pk, frozenset({"99.01.01", "99.01.02"}))]
        calls.clear()
        with tallies.batch():
            tallies.touch_entry(x)
            tallies.touch(survey.pk)
            tallies.touch([survey.pk, survey.pk])
        assert calls == [(survey.pk, None)]
    finally:
        tallies.refresh = real  # type: ignore[assignment]


def test_one_entry_recomputes_its_kecamatan_and_sums_the_regency(
    entered: tuple[Respondent, Respondent], officer: User, survey: Round, full: dict[str, str]
) -> None:
    x, y = entered
    entry_save(user=officer, respondent=y, raw={**full, "omzet": "1 juta"}, submit=True)
    other = dict(
        ValueTally.objects.filter(round=survey, area_code="99.01.02").values_list("pk", "n")
    )
    entry_save(user=officer, respondent=x, raw={**full, "omzet": "2 juta"}, submit=True)
    # the comparison enterprise's kecamatan (99.01.02) was not rewritten: same rows, same pks
    assert (
        dict(ValueTally.objects.filter(round=survey, area_code="99.01.02").values_list("pk", "n"))
        == other
    )
    rows = _rows(survey)
    assert rows[("participant", "kecamatan", "99.01.01", "")][:2] == (1, 2_000_000.0)
    assert rows[("participant", "regency", "99.01", "")][:2] == (1, 2_000_000.0)
    assert rows[("comparison", "regency", "99.01", "")][:2] == (1, 1_000_000.0)
    entry_review(user=officer, respondent=x, approve=False, comment="Cek omzet")
    assert ("participant", "regency", "99.01", "") not in _rows(survey)
    assert tallies.differences() == []


@pytest.mark.values_written_directly
def test_the_command_finds_a_write_past_the_services_and_rebuilds(
    entered: tuple[Respondent, Respondent], survey: Round
) -> None:
    out = StringIO()
    call_command("tallies", "--check", stdout=out)
    assert out.getvalue() == "every tally equals the values and every count the registry\n"
    Value.objects.filter(respondent=entered[0], indicator__code="omzet").update(number=Decimal(7))
    wrong = "differ from the values and 0 counts from the registry; run --rebuild"
    with pytest.raises(CommandError, match=wrong):
        call_command("tallies", "--check", stdout=StringIO())
    call_command("tallies", "--rebuild", stdout=out)
    assert "rounds recomputed" in out.getvalue()
    assert _rows(survey)[("participant", "regency", "99.01", "")][:2] == (1, 7.0)
    assert tallies.differences() == []
