"""The IKM list's filters in a real browser: choosing a kecamatan narrows the village select at
once (ovop/village_filter.js, no inline script under the Content-Security-Policy), and after
htmx's answer the village select holds exactly the chosen kecamatan's villages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from ovop.accounts.models import User
from ovop.regions.models import Level, Region
from ovop.regions.services import regions_load
from tests.browser.conftest import browser_login
from tests.factories import EnterpriseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _villages(kecamatan: str) -> list[str]:
    codes = Region.objects.filter(level=Level.VILLAGE, parent__code=kecamatan)
    return sorted(codes.values_list("code", flat=True))


def _offered(page: Page) -> list[str]:
    """The village codes the select offers now (neither hidden nor disabled)."""
    return sorted(
        page.eval_on_selector_all(
            "#id_village option[data-kecamatan]",
            "options => options.filter(o => !o.hidden && !o.disabled).map(o => o.value)",
        )
    )


def test_kecamatan_narrows_the_villages_live(page: Page, officer: User) -> None:
    regions_load(regency_code="19.04")
    EnterpriseFactory(name="Madu Koba", village=Region.objects.get(code="19.04.01.1001"))
    EnterpriseFactory(name="Terasi Air Mesu", village=Region.objects.get(code="19.04.02.2004"))
    errors: list[str] = []

    def note(message: ConsoleMessage) -> None:
        if message.type == "error" and "favicon" not in message.location.get("url", ""):
            errors.append(f"{message.text} {message.location}")

    page.on("console", note)
    browser_login(page, officer.username)
    page.goto("/enterprises/")
    fold = page.locator("details:has(form.filters) > summary")
    if fold.is_visible():  # on a wide screen the filters are never folded
        fold.click()
    assert len(_offered(page)) == 63  # every village of Bangka Tengah

    page.select_option("#id_kecamatan", value="19.04.01")
    assert _offered(page) == _villages("19.04.01")  # at once, before the server answers
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Madu Koba")

    page.select_option("#id_village", value="19.04.01.1001")
    expect(page).to_have_url(re.compile(r"kecamatan=19\.04\.01&village=19\.04\.01\.1001"))
    expect(rows).to_have_count(1)

    # another kecamatan: the chosen village of the first is cleared, and htmx's answer brings
    # the villages of the second
    page.select_option("#id_kecamatan", value="19.04.02")
    expect(rows.first).to_contain_text("Terasi Air Mesu")
    expect(page.locator("#id_village")).to_have_value("")
    expect(page.locator("#id_village option[data-kecamatan]")).to_have_count(
        len(_villages("19.04.02"))
    )
    assert _offered(page) == _villages("19.04.02")
    assert errors == []  # no script refused by the Content-Security-Policy
