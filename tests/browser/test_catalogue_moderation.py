"""An owner's edit goes live through the moderation queue, on a phone (390 px): the owner
proposes a new story, the officer approves it, the public page shows it; the owner's new photos
show as thumbnails on their proposal and in the queue, and the owner removes one that waits or
withdraws the whole proposal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from ovop.accounts.models import User
from ovop.catalogue import services
from ovop.catalogue.models import Listing
from ovop.catalogue.models_moderation import ListingProposal, ProposalPhoto, ProposalStatus
from ovop.catalogue.services_moderation import NewPhoto, ProposalValues, proposal_submit
from ovop.enterprises.models import Enterprise
from tests.browser.conftest import PHONE_VIEWPORT, browser_login, english_cookie
from tests.browser.test_phone_pages import MEASURE, MIN_TARGET_PX
from tests.catalogue.conftest import jpeg
from tests.factories import ProductFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_STORY = "Kini digoreng dengan minyak kelapa dari kebun Desa Alfa."


@pytest.fixture
def listing(settings: Any, tmp_path: Path, officer: User, enterprise_x: Enterprise) -> Listing:
    settings.MEDIA_ROOT = tmp_path
    product = ProductFactory(enterprise=enterprise_x, name="Keripik Tenggiri")
    values = services.ListingValues(
        public_name="Keripik Tenggiri Alfa",
        story="Keripik lama yang renyah.",
        price_idr=35_000,
        unit="bungkus",
    )
    made = services.listing_create(user=officer, product=product, values=values)
    return services.listing_publish(user=officer, listing=made)


def _fits(phone: Page) -> None:
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a 390 px phone"


def test_owner_edit_approved_goes_public(
    phone: Page, live_server: LiveServer, owner: User, officer: User, listing: Listing
) -> None:
    browser_login(phone, owner.username)
    phone.goto("/catalogue/mine/")
    _fits(phone)
    phone.get_by_role("link", name="Propose a change").click()
    phone.fill("#id_story", NEW_STORY)
    _fits(phone)
    phone.get_by_role("button", name="Send for approval").click()
    expect(phone.locator("body")).to_contain_text("waiting for an officer's approval")
    expect(phone.locator("body")).to_contain_text("awaiting approval")

    phone.goto(f"/en/catalogue/product/{listing.slug}/")
    expect(phone.locator("body")).not_to_contain_text(NEW_STORY)  # not before approval

    phone.context.clear_cookies()
    english_cookie(phone.context, live_server.url)
    browser_login(phone, officer.username)
    phone.goto("/catalogue/moderation/")
    _fits(phone)
    card = phone.locator("article.proposal")
    expect(card).to_contain_text("Keripik lama yang renyah.")  # old
    expect(card).to_contain_text(NEW_STORY)  # new
    card.get_by_role("button", name="Approve").click()
    expect(phone.locator("body")).to_contain_text("The change is approved")

    phone.goto(f"/en/catalogue/product/{listing.slug}/")
    expect(phone.locator(".story")).to_contain_text(NEW_STORY)
    _fits(phone)


def test_owner_removes_and_reorders_photos_on_a_phone(
    phone: Page, live_server: LiveServer, owner: User, officer: User, listing: Listing
) -> None:
    """Without a script: a number per photo sets its place, a box removes it; the queue shows
    the removed photo and the new order as thumbnails, and approving applies them."""
    first, second, third = (
        services.photo_add(user=officer, listing=listing, upload=jpeg((400, 300)), caption=c)
        for c in ("Foto satu", "Foto dua", "Foto tiga")
    )
    browser_login(phone, owner.username)
    phone.goto(f"/catalogue/mine/{listing.product_id}/")
    _fits(phone)
    phone.fill(f"#id_position_{third.pk}", "1")
    phone.locator(f"input[name=remove_photos][value='{second.pk}']").check()
    _fits(phone)
    phone.get_by_role("button", name="Send for approval").click()
    expect(phone.locator("body")).to_contain_text("waiting for an officer's approval")

    phone.context.clear_cookies()
    english_cookie(phone.context, live_server.url)
    browser_login(phone, officer.username)
    phone.goto("/catalogue/moderation/")
    _fits(phone)
    card = phone.locator("article.proposal")
    expect(card).to_contain_text("1 photo removed")
    expect(card).to_contain_text("New order")
    expect(card.locator(".photo-strip img")).to_have_count(3)  # one removed, two kept
    card.get_by_role("button", name="Approve").click()
    expect(phone.locator("body")).to_contain_text("The change is approved")
    shown = [p.pk for p in listing.photos.order_by("position", "pk")]
    assert shown == [third.pk, first.pk]


def _fits_fingers(phone: Page) -> None:
    found = phone.evaluate(MEASURE, MIN_TARGET_PX)
    assert found["width"] <= PHONE_VIEWPORT["width"], f"{phone.url}: {found['width']} px wide"
    assert found["small"] == [], f"{phone.url}: small tap targets {found['small']}"


def _thumbnail_loaded(image: Locator) -> int:
    """The width of the picture the browser loaded for ``image`` (0 when none came)."""
    image.scroll_into_view_if_needed()
    expect(image).to_have_js_property("complete", True)
    return int(image.evaluate("(img) => img.naturalWidth"))


def test_new_photos_show_as_thumbnails_and_take_their_place_on_a_phone(
    phone: Page,
    live_server: LiveServer,
    owner: User,
    officer: User,
    listing: Listing,
    tmp_path: Path,
) -> None:
    """The owner adds a photo on a phone, first among the photos, and sees it waiting on the
    proposal page; the officer sees it in the queue as a thumbnail before the present photo,
    marked new; both pages fit the phone with tap targets of at least 24 px; approving puts
    it first."""
    old = services.photo_add(
        user=officer, listing=listing, upload=jpeg((400, 300)), caption="Foto lama"
    )
    upload = tmp_path / "kemasan.jpg"
    upload.write_bytes(jpeg((800, 600)).read())
    browser_login(phone, owner.username)
    phone.goto(f"/catalogue/mine/{listing.product_id}/")
    phone.set_input_files("#id_photo", str(upload))
    phone.fill("#id_caption", "Kemasan baru")
    phone.get_by_label("Its position among the photos").fill("1")
    _fits_fingers(phone)
    phone.get_by_role("button", name="Send for approval").click()
    expect(phone.locator("body")).to_contain_text("waiting for an officer's approval")

    phone.goto(f"/catalogue/mine/{listing.product_id}/")
    rows = phone.locator(".photo-plan li")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("new, waiting for approval Kemasan baru")
    assert _thumbnail_loaded(rows.nth(0).get_by_role("img", name="Kemasan baru")) == 320
    expect(rows.nth(0).get_by_label("Position")).to_have_value("1")
    expect(rows.nth(1).get_by_label("Position")).to_have_value("2")
    _fits_fingers(phone)

    phone.context.clear_cookies()
    english_cookie(phone.context, live_server.url)
    browser_login(phone, officer.username)
    phone.goto("/catalogue/moderation/")
    strip = phone.locator("article.proposal .photo-strip li")
    expect(strip).to_have_count(2)
    expect(strip.nth(0)).to_contain_text("1. new Kemasan baru")
    expect(strip.nth(1)).to_contain_text("2. Foto lama")
    assert _thumbnail_loaded(strip.nth(0).get_by_role("img", name="Kemasan baru")) == 320
    _fits_fingers(phone)
    phone.locator("article.proposal").get_by_role("button", name="Approve").click()
    expect(phone.locator("body")).to_contain_text("The change is approved")
    shown = [p.caption for p in listing.photos.order_by("position", "pk")]
    assert shown == ["Kemasan baru", "Foto lama"] and old.caption == "Foto lama"


def test_owner_removes_a_waiting_photo_on_a_phone(
    phone: Page, owner: User, listing: Listing
) -> None:
    """The owner's proposal changes the story and adds two photos; on a phone the owner removes
    one, confirms on the confirmation page, and the proposal page shows only the other one.
    Both pages fit the phone with tap targets of at least 24 px."""
    proposal_submit(
        user=owner,
        product=listing.product,
        values=ProposalValues.of(listing, story=NEW_STORY),
        photos=[NewPhoto(jpeg((800, 600)), "Kemasan lama"), NewPhoto(jpeg(), "Dapur")],
    )
    browser_login(phone, owner.username)
    phone.goto(f"/catalogue/mine/{listing.product_id}/")
    rows = phone.locator(".photo-plan li")
    expect(rows).to_have_count(2)
    _fits_fingers(phone)
    rows.nth(0).get_by_role("button", name="Remove Kemasan lama").click()

    expect(phone.locator("h1")).to_have_text("Remove the new photo “Kemasan lama”")
    expect(phone.locator(".confirm")).to_contain_text("This cannot be undone.")
    assert ProposalPhoto.objects.filter(caption="Kemasan lama").exists()  # not yet
    _fits_fingers(phone)
    phone.locator(".confirm").get_by_role("button", name="Remove").click()

    expect(phone.locator("body")).to_contain_text("The new photo is removed from your proposal.")
    expect(rows).to_have_count(1)
    expect(rows.nth(0)).to_contain_text("Dapur")
    expect(rows.nth(0).get_by_role("button", name="Remove Dapur")).to_be_visible()  # story too
    assert not ProposalPhoto.objects.filter(caption="Kemasan lama").exists()
    _fits_fingers(phone)


def test_owner_withdraws_the_proposal_on_a_phone(
    phone: Page, owner: User, listing: Listing
) -> None:
    """The owner's proposal of a new story and a photo; on a phone the owner withdraws it,
    confirms, and finds it withdrawn in their list, its photo gone and the product free for a
    new proposal. Both pages fit the phone with tap targets of at least 24 px."""
    proposal = proposal_submit(
        user=owner,
        product=listing.product,
        values=ProposalValues.of(listing, story=NEW_STORY),
        photos=[NewPhoto(jpeg((800, 600)), "Kemasan baru")],
    )
    browser_login(phone, owner.username)
    phone.goto(f"/catalogue/mine/{listing.product_id}/")
    _fits_fingers(phone)
    phone.get_by_role("button", name="Withdraw proposal").click()

    expect(phone.locator("h1")).to_have_text("Withdraw your proposal for Keripik Tenggiri")
    expect(phone.locator(".confirm")).to_contain_text("This cannot be undone.")
    _fits_fingers(phone)
    phone.locator(".confirm").get_by_role("button", name="Withdraw proposal").click()

    expect(phone.locator("body")).to_contain_text("Your proposal is withdrawn")
    expect(phone.locator("td.status-withdrawn")).to_contain_text("withdrawn")
    _fits_fingers(phone)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN
    assert not ProposalPhoto.objects.filter(caption="Kemasan baru").exists()
    phone.goto(f"/catalogue/mine/{listing.product_id}/")
    expect(phone.get_by_role("button", name="Withdraw proposal")).to_have_count(0)
    assert not ListingProposal.objects.filter(status=ProposalStatus.PENDING).exists()
