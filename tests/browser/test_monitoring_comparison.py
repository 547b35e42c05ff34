"""Issue 12 (part): the officer creates a survey round in the browser, adds the programme's
enterprises, looks at the offered comparison group with its balance table and accepts it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ovop.accounts.models import Role
from ovop.enterprises.models import Category, Enterprise
from ovop.monitoring.choices import Arm
from ovop.monitoring.defaults import indicators_install
from ovop.monitoring.models import Indicator, Respondent, Round
from ovop.programme.models import ProgrammeVillage
from ovop.regions.models import Region
from tests.browser.conftest import browser_login
from tests.factories import (
    EnterpriseFactory,
    ProductFactory,
    ProgrammeFactory,
    UserFactory,
    village,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _ikm(name: str, place: Region, workers: int, founded: int, category: str) -> Enterprise:
    enterprise = EnterpriseFactory(
        name=name, village=place, workers_male=workers, workers_female=0, founded_year=founded
    )
    ProductFactory(enterprise=enterprise, category=category)
    return enterprise  # type: ignore[no-any-return]


def _world() -> None:
    indicators_install(Indicator)
    UserFactory(username="petugas", role=Role.OFFICER)
    programme = ProgrammeFactory(name="OVOP Uji")
    home = village("99.01.01.2001", "Desa Alfa")
    ProgrammeVillage.objects.create(programme=programme, village=home, joined_year=2020)
    near = village("99.01.01.2002", "Desa Dekat")  # the same kecamatan
    far = village("99.01.02.2001", "Desa Jauh")  # another kecamatan
    food, batik = Category.FOOD_BEVERAGE, Category.BATIK
    _ikm("Peserta Satu", home, 2, 2014, food)
    _ikm("Peserta Dua", home, 8, 2004, food)
    _ikm("Peserta Tiga", home, 4, 2019, batik)
    _ikm("Calon Satu", near, 2, 2015, food)
    _ikm("Calon Dua", near, 9, 2003, food)
    _ikm("Calon Tiga", near, 30, 1990, food)
    _ikm("Calon Empat", far, 4, 2019, batik)
    _ikm("Calon Lima", far, 3, 2020, food)


def test_the_officer_creates_a_round_and_its_comparison_group(page: Page) -> None:
    _world()
    browser_login(page, "petugas")
    page.goto("/monitoring/rounds/new/")
    page.get_by_label("Programme").select_option(label="OVOP Uji")
    page.get_by_label("Name").fill("Baseline 2026")
    page.get_by_label("Kind").select_option("baseline")
    page.get_by_label("Year measured").fill("2026")
    page.get_by_label("Collection starts").fill("2026-02-01")
    page.get_by_label("Collection ends").fill("2026-03-31")
    page.get_by_label("Monthly revenue (omzet)").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    round_ = Round.objects.get(name="Baseline 2026")
    assert page.url.endswith(f"/monitoring/rounds/{round_.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Add the programme's enterprises").click()
    expect(page.locator("#respondents")).to_have_text("3")
    with page.expect_navigation():
        page.get_by_role("link", name="Comparison group").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Show the offer").click()
    expect(page.locator("#balance")).to_contain_text("Workers")
    pairs = page.locator("#pairs")
    expect(pairs).to_contain_text("Peserta Satu")
    expect(pairs).to_contain_text("Calon Satu")
    expect(pairs).to_contain_text("Calon Dua")
    expect(pairs).to_contain_text("Calon Empat")
    expect(pairs).not_to_contain_text("Calon Tiga")
    with page.expect_navigation():
        page.get_by_role("button", name="Accept the comparison group").click()
    expect(page.locator(".messages")).to_contain_text("3 comparison enterprises added")
    matched = Respondent.objects.filter(round=round_, arm=Arm.COMPARISON)
    assert {r.enterprise.name for r in matched.select_related("enterprise")} == {
        "Calon Satu",
        "Calon Dua",
        "Calon Empat",
    }
