"""`ovop demo` on an empty database: its refusals, and a plan that follows its seed."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from ovop.accounts.models import Role, User
from ovop.demo import data
from ovop.demo.loader import demo_registry_load
from ovop.demo.plan import VillageInfo, build_plan
from ovop.enterprises.models import Enterprise
from ovop.regions.models import Level, Region

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("demo", "--force", *args, stdout=out)
    return out.getvalue()


def test_the_same_seed_gives_the_same_plan_and_another_seed_differs() -> None:
    villages = [VillageInfo(f"19.04.0{k}.200{i}", f"Desa {k}{i}") for k in (1, 2) for i in (1, 2)]
    villages += [VillageInfo(code, code) for code in data.CENTRES]

    def names(seed: int) -> list[tuple[str, str, str | None]]:
        plan = build_plan(seed=seed, villages=villages)
        return [(e.name, e.owner_name, e.nib) for e in plan.enterprises]

    assert names(2021) == names(2021)
    assert names(2021) != names(2022)
    assert len(names(2021)) == data.TOTAL_ENTERPRISES


def test_stored_records_follow_the_plan_of_the_seed() -> None:
    demo_registry_load(seed=5)  # the registry part: the rest of the demo builds on it
    villages = Region.objects.filter(level=Level.VILLAGE, code__startswith="19.04.")
    plan = build_plan(
        seed=5, villages=[VillageInfo(v.code, v.name) for v in villages.order_by("code")]
    )
    expected = sorted((e.village.code, e.name, e.nib) for e in plan.enterprises)
    assert sorted(Enterprise.objects.values_list("village__code", "name", "nib")) == expected


def test_refuses_without_debug_unless_forced() -> None:
    with translation.override("en"), pytest.raises(CommandError, match="DEBUG is off"):
        call_command("demo", stdout=StringIO())
    assert Enterprise.objects.count() == 0


def test_a_real_account_with_a_demo_name_is_left_alone() -> None:
    real = User.objects.create_user("admin", email="kepala@disperindag.example", password="x-1")
    with pytest.raises(CommandError, match="“admin” exists and is not a demo account"):
        _run()
    real.refresh_from_db()
    assert real.check_password("x-1") and real.role == Role.VIEWER
    assert (Enterprise.objects.count(), User.objects.count()) == (0, 1)
