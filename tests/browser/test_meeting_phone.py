# ruff: noqa: F811  (fixtures imported from other modules are parameters here)
"""A facilitator plans and records a meeting on a 390×844 phone: one column, nothing scrolls
sideways, every member's tick box is a target at least 44 px high, a photo goes through the
camera's file input, and the meeting page shows the counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ovop.accounts.models import User
from ovop.empowerment.models import Cycle, Group
from ovop.empowerment.models_meetings import Meeting
from tests.browser.conftest import PHONE_VIEWPORT, browser_login
from tests.empowerment.conftest import cycle_a, group_a  # noqa: F401
from tests.empowerment.meeting_fixtures import media, png  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = PHONE_VIEWPORT["width"]
TICK_HEIGHTS = """() => [...document.querySelectorAll(".big-ticks label")]
  .map((l) => l.getBoundingClientRect().height)"""


def _fits(page: Page) -> None:
    # Measured once the page and its stylesheet have loaded: the text a test waits for can be
    # in the document before the styles are applied.
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH


def test_plan_and_record_on_a_phone(
    phone: Page, facilitator: User, group_a: Group, cycle_a: Cycle, media: Path, tmp_path: Path
) -> None:
    browser_login(phone, facilitator.username)
    phone.goto(f"/empowerment/meetings/new/?cycle={cycle_a.pk}")
    _fits(phone)
    phone.fill("#id_held_on", "2026-03-10")
    phone.fill("#id_place", "Balai desa")
    phone.fill("#id_agenda", "Pengalaman kelompok")
    phone.get_by_role("button", name="Plan the meeting").click()
    expect(phone.locator("h1")).to_contain_text("Meeting in Desa Alfa")
    meeting = Meeting.objects.get()
    phone.goto(f"/empowerment/meetings/{meeting.pk}/record/")
    _fits(phone)
    heights = phone.evaluate(TICK_HEIGHTS)
    assert len(heights) == 4 and min(heights) >= 44
    phone.get_by_label("Siti Aminah").check()
    phone.get_by_label("Rina Lestari").check()
    phone.fill("#id_guests-0-name", "Pak Kades")
    phone.select_option("#id_guests-0-gender", "male")
    photo = tmp_path / "rapat.png"
    photo.write_bytes(png().read())
    phone.set_input_files("#id_photos", str(photo))
    phone.get_by_role("button", name="Save: the meeting was held").click()
    expect(phone.locator(".messages")).to_contain_text("recorded as held")
    _fits(phone)
    expect(phone.locator("#counts")).to_contain_text("3")
    assert meeting.photos.count() == 1 and meeting.attendance.count() == 2
