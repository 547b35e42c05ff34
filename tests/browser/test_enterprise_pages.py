"""The enterprise pages in a real browser: registering an IKM, and an owner kept out of
another owner's enterprise."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Response, expect

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise
from ovop.regions.models import Region
from ovop.regions.services import regions_load
from tests.browser.conftest import SCREENSHOT_DIR, browser_login, screenshots_wanted
from tests.factories import EnterpriseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_NAME = "Kerupuk Kemplang Bu Sari"
DETAIL_URL = re.compile(r"/enterprises/(\d+)/$")

#: Other enterprises already registered, in other villages of Bangka Tengah.
OTHERS = [
    ("Madu Pelawan Koba", "Rudi Hartono", "19.04.01.1001"),
    ("Terasi Udang Air Mesu", "Siti Aminah", "19.04.02.2004"),
    ("Getas Ikan Sungai Selan", "Ahmad Fauzi", "19.04.03.1001"),
    ("Kain Cual Simpang Katis", "Nurhayati", "19.04.04.2001"),
    ("Lada Putih Lubuk Besar", "Hendra Saputra", "19.04.06.2003"),
]


def submit(page: Page, field_id: str) -> None:
    """Press the submit button of the form holding the field with ``field_id``."""
    page.locator(f"form:has(#{field_id}) [type=submit]").first.click()


def test_officer_corrects_a_short_nib_then_finds_the_enterprise(page: Page, officer: User) -> None:
    regions_load(regency_code="19.04")
    namang = Region.objects.get(code="19.04.05.2001")
    for name, owner_name, code in OTHERS:
        village = Region.objects.get(code=code)
        EnterpriseFactory(  # type: ignore[no-untyped-call]
            name=name, owner_name=owner_name, village=village
        )
    browser_login(page, officer.username)

    page.goto("/enterprises/new/")
    page.fill("#id_name", NEW_NAME)
    page.fill("#id_owner_name", "Sari Wulandari")
    page.select_option("#id_village", value=str(namang.pk))
    page.fill("#id_nib", "123456789012")
    submit(page, "id_nib")

    nib = page.locator("#id_nib")
    expect(nib).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_nib_error")).to_be_visible()
    expect(page.locator("#id_nib_error")).to_have_text("NIB must be exactly 13 digits.")
    expect(page.get_by_role("alert")).to_contain_text("nothing was saved")
    expect(page.locator("#id_name")).to_have_value(NEW_NAME)
    expect(nib).to_have_value("123456789012")
    assert not Enterprise.objects.filter(name=NEW_NAME).exists()
    assert Enterprise.objects.count() == len(OTHERS)

    nib.fill("1234567890123")
    submit(page, "id_nib")

    expect(page).to_have_url(DETAIL_URL)
    match = DETAIL_URL.search(page.url)
    assert match is not None
    saved = Enterprise.objects.get(pk=int(match.group(1)))
    assert (saved.name, saved.owner_name, saved.nib, saved.village_id) == (
        NEW_NAME,
        "Sari Wulandari",
        "1234567890123",
        namang.pk,
    )
    assert Enterprise.objects.count() == len(OTHERS) + 1
    expect(page.locator("h1")).to_contain_text(NEW_NAME)

    page.goto("/enterprises/")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(len(OTHERS) + 1)
    if screenshots_wanted():
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT_DIR / "enterprise-list.png"), full_page=True)

    page.fill("form.filters #id_q", "Kemplang")
    page.locator("form.filters [type=submit]").click()
    expect(page).to_have_url(re.compile(r"[?&]q=Kemplang"))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(NEW_NAME)
    expect(rows.first.get_by_role("link", name=NEW_NAME)).to_have_attribute(
        "href", f"/enterprises/{saved.pk}/"
    )

    page.goto(f"/enterprises/?village={namang.code}")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(NEW_NAME)
    expect(rows.first).to_contain_text("Namang")


def test_owner_is_refused_another_owners_enterprise(
    page: Page, owner: User, enterprise_x: Enterprise, enterprise_y: Enterprise
) -> None:
    browser_login(page, owner.username)

    own = page.goto(f"/enterprises/{enterprise_x.pk}/")
    assert own is not None and own.status == 200
    expect(page.locator("h1")).to_contain_text("Getas Alfa")

    refused = page.goto(f"/enterprises/{enterprise_y.pk}/")
    assert refused is not None and refused.status == 404
    expect(page.locator("h1")).to_have_text("Not found")
    html = page.content()
    assert "Rusip Beta" not in html
    assert "9876543210987" not in html

    edit = page.goto(f"/enterprises/{enterprise_y.pk}/edit/")
    assert edit is not None and edit.status == 404
    assert "Rusip Beta" not in page.content()

    page.goto("/enterprises/")
    expect(page.locator("table tbody tr")).to_have_count(1)
    expect(page.locator("table tbody")).to_contain_text("Getas Alfa")
    assert "Rusip Beta" not in page.content()


def test_pages_load_their_stylesheet_and_script(page: Page, officer: User) -> None:
    static: dict[str, int] = {}

    def note(response: Response) -> None:
        path = urlsplit(response.url).path
        if path.startswith("/static/"):
            static[path.removeprefix("/static/")] = response.status

    page.on("response", note)
    browser_login(page, officer.username)
    page.goto("/enterprises/", wait_until="load")

    assert static.get("ovop/ovop.css") == 200, static
    assert static.get("ovop/htmx.min.js") == 200, static
    assert [path for path, status in static.items() if status != 200] == []
    assert page.evaluate("typeof window.htmx") == "object"
