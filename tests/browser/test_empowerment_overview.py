"""Issue 10 in a real browser: the empowerment overview's map draws every village by the stage
it reached, without the internet (tiles refused) and under the Content-Security-Policy, and
the page fits a 390×844 phone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ovop.accounts.models import Role
from ovop.empowerment.choices import Gender
from ovop.empowerment.models import Group, GroupKind, Membership, Person
from ovop.empowerment.models_cycle import Cycle, CycleStatus
from ovop.regions.models import Kind, Level
from tests.browser.conftest import SCREENSHOT_DIR, browser_login, screenshots_wanted
from tests.empowerment.overview_data import meeting
from tests.factories import RegionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _world() -> None:
    """Four villages with coordinates: at stage 2, at stage 5, closed, and one without a
    cycle; an officer."""
    kec = RegionFactory(code="97.01.01", name="Koba", level=Level.KECAMATAN, kind=Kind.KECAMATAN)
    UserFactory(username="officer", role=Role.OFFICER)
    for k, (stage, closed) in enumerate([(2, False), (5, False), (5, True), (None, False)]):
        village = RegionFactory(
            code=f"97.01.01.{2001 + k}",
            name=f"Desa {k}",
            level=Level.VILLAGE,
            kind=Kind.DESA,
            parent=kec,
            lat=-2.3 - k / 50,
            lon=106.1 + k / 50,
        )
        group = Group.objects.create(name=f"Kelompok {k}", kind=GroupKind.IKM, village=village)
        person = Person.objects.create(name=f"Ibu {k}", gender=Gender.FEMALE, village=village)
        Membership.objects.create(group=group, person=person)
        if stage is None:
            continue
        cycle = Cycle.objects.create(
            village=village,
            year=2026,
            number=1,
            stage=stage,
            status=CycleStatus.CLOSED if closed else CycleStatus.OPEN,
        )
        cycle.groups.add(group)
        meeting(village, dt.date(2026, 1, 5), cycle=cycle, people=[person])


def _check_map(tab: Page) -> None:
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.goto("/empowerment/")
    markers = tab.locator("#stage-map .stage-marker")
    expect(markers).to_have_count(4)
    assert sorted(markers.all_inner_texts()) == ["2", "5", "–", "✓"]
    expect(tab.locator("#stage-map .stage-marker.stage-closed")).to_have_count(1)
    assert not [e for e in errors if "Content Security Policy" in e]


def test_the_map_draws_the_stages_offline_on_a_phone(phone: Page) -> None:
    _world()
    browser_login(phone, "officer")
    _check_map(phone)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    phone.locator("#stage-map .stage-marker.stage-5").click()
    expect(phone.locator(".leaflet-popup-content")).to_contain_text("5. Action plan")
    if screenshots_wanted():
        phone.screenshot(
            path=str(Path(SCREENSHOT_DIR) / "empowerment-overview-phone.png"), full_page=True
        )


def test_the_map_and_table_on_a_desktop(page: Page) -> None:
    _world()
    page.set_viewport_size({"width": 1366, "height": 768})
    page.context.route(lambda url: "tile.openstreetmap.org" in url, lambda route: route.abort())
    browser_login(page, "officer")
    _check_map(page)
    expect(page.locator("#village-status tbody tr")).to_have_count(4)
    page.locator("#village-status a", has_text="Desa 0").click()
    expect(page.locator("h1")).to_contain_text("Empowerment in Desa 0")
    expect(page.locator("#stage-map .stage-marker")).to_have_count(1)
    if screenshots_wanted():
        page.goto("/empowerment/")
        page.screenshot(path=str(Path(SCREENSHOT_DIR) / "empowerment-overview.png"), full_page=True)
