"""`ovop generate-national` at a tiny scale: the counts in proportion, the codes, the tallies
equal to the values, the simulated effect recovered, and the refusals."""

from __future__ import annotations

import re
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum
from django.utils import translation

from ovop.demo import national, national_values
from ovop.demo.national import ENTERPRISES
from ovop.demo.national_regions import LAT, LON, sizes
from ovop.enterprises.models import Enterprise, Product
from ovop.evaluation.impact import indicator_impact
from ovop.monitoring import tallies
from ovop.monitoring.models import Indicator, Respondent, Round, Target, Value
from ovop.planning.models import Activity, CostLine, FiscalYear
from ovop.programme.models import Programme, ProgrammeVillage
from ovop.regions.models import Level, Region
from tests.factories import village

pytestmark = pytest.mark.django_db

SCALE = 0.001  # 1 regency, 7 kecamatan, 84 villages, 1,000 IKM, 30,000 values
SEED = 2025
VILLAGE_CODE = re.compile(r"\d{2}\.\d{2}\.\d{2}\.[12]\d{3}")


def _generate(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("generate_national", *args, stdout=out)
    return out.getvalue()


def test_counts_follow_the_scale_and_codes_are_well_formed() -> None:
    _generate("--scale", str(SCALE), "--seed", str(SEED))
    size = sizes(SCALE, ENTERPRISES)
    levels = dict(Region.objects.values_list("level").annotate(n=Count("pk")))
    assert levels[Level.REGENCY] == size.regencies == Programme.objects.count() == 1
    assert levels[Level.KECAMATAN] == size.kecamatan == 7
    assert levels[Level.VILLAGE] == size.villages == 84
    assert Enterprise.objects.count() == size.enterprises == 1_000
    assert 1_000 < Product.objects.count() < 3_000
    assert Respondent.objects.count() == 3 * 1_000
    assert Round.objects.count() == 3
    assert Value.objects.count() == 3 * 10 * 1_000
    for code, parent, name, lat, lon in Region.objects.filter(level=Level.VILLAGE).values_list(
        "code", "parent__code", "name", "lat", "lon"
    ):
        assert VILLAGE_CODE.fullmatch(code) and code.startswith(parent + ".")
        assert "Sintetis" in name
        assert LAT[0] <= lat <= LAT[1] and LON[0] <= lon <= LON[1]
    members = ProgrammeVillage.objects.count()
    assert members == round(0.1 * 84)  # a tenth of the regency's villages joined
    joined = set(ProgrammeVillage.objects.values_list("joined_year", flat=True))
    assert joined <= set(national_values.JOIN_YEARS) and len(joined) > 1
    participants = Respondent.objects.filter(arm="participant", round__year=2022).count()
    in_villages = Enterprise.objects.filter(village__programme_memberships__isnull=False).count()
    assert participants == in_villages > 0
    assert Target.objects.filter(year=2025).count() == 10
    assert FiscalYear.objects.count() == 2 and Activity.objects.exists()
    done = Activity.objects.filter(status="done").aggregate(p=Sum("planned_cost_idr"))["p"]
    assert 0 < CostLine.objects.aggregate(a=Sum("amount_idr"))["a"] <= done * 2


def test_tallies_equal_the_values() -> None:
    _generate("--scale", str(SCALE), "--seed", str(SEED))
    assert tallies.differences() == []
    regency = Region.objects.get(level=Level.REGENCY)
    stored = tallies.stored(Round.objects.get(year=2025).pk)
    omzet = Indicator.objects.get(code="omzet").pk
    counted = sum(
        sums[0]
        for (indicator, _, level, code, category), sums in stored.items()
        if indicator == omzet and level == "regency" and code == regency.code and category == ""
    )
    assert counted == 1_000  # every IKM's entry counts: approved or waiting for review


def test_the_simulated_effect_is_recovered() -> None:
    _generate("--scale", str(SCALE), "--seed", str(SEED))
    programme = Programme.objects.get()
    revenue = indicator_impact(programme=programme, indicator=Indicator.objects.get(code="omzet"))
    low, high = revenue.effects["staggered_log"].ci95
    assert low < national_values.TRUE_REVENUE_EFFECT_LOG < high
    assert low > 0  # and it is told apart from no effect
    skill = indicator_impact(
        programme=programme, indicator=Indicator.objects.get(code="kompetensi")
    )
    low, high = skill.effects["staggered"].ci95
    assert low < national_values.TRUE_COMPETENCE_EFFECT < high
    capital = indicator_impact(programme=programme, indicator=Indicator.objects.get(code="modal"))
    low, high = capital.effects["staggered_log"].ci95
    assert low < 0 < high  # no effect simulated, none found


def test_a_second_run_finds_its_own_data_and_writes_nothing() -> None:
    _generate("--scale", str(SCALE), "--seed", str(SEED))
    values = Value.objects.count()
    out = _generate("--scale", str(SCALE), "--seed", str(SEED))
    assert "already holds this data set" in out and "nothing written" in out
    assert Value.objects.count() == values
    with translation.override("en"), pytest.raises(CommandError, match="did not write"):
        call_command("generate_national", "--scale", str(SCALE), "--seed", "7", stdout=StringIO())
    assert Value.objects.count() == values


def test_refuses_a_database_that_holds_other_data() -> None:
    village("19.04.01.2001", "Desa Nyata")
    with translation.override("en"), pytest.raises(CommandError, match="3 regions"):
        call_command("generate_national", "--scale", str(SCALE), stdout=StringIO())
    assert Region.objects.count() == 3
    assert Enterprise.objects.count() == Programme.objects.count() == 0


@pytest.mark.parametrize("scale", ["0", "-0.1", "1.5"])
def test_refuses_a_scale_outside_0_to_1(scale: str) -> None:
    with translation.override("en"), pytest.raises(CommandError, match="at most 1"):
        call_command("generate_national", "--scale", scale, stdout=StringIO())
    assert Region.objects.count() == 0


def test_sqlite_is_refused_above_its_scale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run on either database: the generator is told it writes into SQLite."""
    monkeypatch.setattr(national, "connection", SimpleNamespace(vendor="sqlite"))
    with translation.override("en"), pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("generate_national", "--scale", "0.06", stdout=StringIO())
    assert Region.objects.count() == 0
