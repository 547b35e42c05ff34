"""Star rating in a real browser: an assessor is refused an incomplete final, completes the
form, finalises it; the officer issues the rating and the public verifies the certificate."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise
from ovop.rating import services
from ovop.rating.models import Assessment, StarRating
from tests.browser.conftest import SCREENSHOT_DIR, browser_login, screenshots_wanted
from tests.factories import ProductFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_assessor_finalises_and_the_public_verifies(
    page: Page, officer: User, assessor: User, enterprise_x: Enterprise
) -> None:
    product = ProductFactory(enterprise=enterprise_x, name="Madu Pelawan Alfa")  # type: ignore[no-untyped-call]
    scheme = {s.code: s for s in services.scheme_install_fixtures()}["ocop-vietnam"]
    assessment = services.assessment_invite(
        user=officer, product=product, scheme=scheme, assessor=assessor
    )
    browser_login(page, assessor.username)
    page.goto("/rating/")
    page.get_by_role("link", name="Madu Pelawan Alfa").click()
    expect(page).to_have_url(re.compile(rf"/rating/assessments/{assessment.pk}/$"))

    page.locator("input[name=item_a_org][value=o3]").check()
    page.get_by_role("button", name="Finalise", exact=True).click()
    # finalising is confirmed, with a reason, before anything is written
    expect(page.locator("#confirm")).to_contain_text("This cannot be undone.")
    assert Assessment.objects.get(pk=assessment.pk).status == "invited"
    page.fill("#id_reason", "Visited the hives.")
    page.get_by_role("button", name="Finalise for good").click()
    expect(page.locator(".errorlist").first).to_contain_text(
        "Finalise: every item needs an answer; missing: Local raw materials"
    )
    assert Assessment.objects.get(pk=assessment.pk).status == "invited"

    for radio in page.locator("input[type=radio][value=o3]").all():
        radio.check()
    page.fill("#id_evidence", "Visited the hives in Hutan Pelawan.")
    page.get_by_role("button", name="Finalise", exact=True).click()
    page.fill("#id_reason", "Visited the hives.")
    page.get_by_role("button", name="Finalise for good").click()
    expect(page.locator("#result")).to_contain_text("★★★★★")
    expect(page.locator("#result")).to_contain_text("100.0%")
    if screenshots_wanted():
        page.screenshot(path=str(SCREENSHOT_DIR / "rating-assessment.png"), full_page=True)
    assert Assessment.objects.get(pk=assessment.pk).status == "final"

    page.context.clear_cookies(name="sessionid")
    browser_login(page, officer.username)
    page.goto(f"/rating/products/{product.pk}/")
    page.locator("#issue_scheme").select_option(str(scheme.pk))
    page.get_by_role("button", name="Preview").click()
    # the preview writes nothing: the officer reads the panel result, then confirms
    expect(page.locator("#preview-note")).to_contain_text("Nothing has been issued yet.")
    assert not StarRating.objects.exists()
    page.get_by_role("button", name="Confirm and issue 5 stars").click()
    expect(page.locator("h1")).to_contain_text("Madu Pelawan Alfa")
    rating = StarRating.objects.get()

    page.context.clear_cookies(name="sessionid")
    page.goto(f"/verify/{rating.verification_code}/")
    expect(page.locator("main")).to_contain_text("This certificate is genuine.")
    expect(page.locator("main")).to_contain_text("Madu Pelawan Alfa")
