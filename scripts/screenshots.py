"""Capture ovop's main pages as PNG files (desktop, and the first screen of a 390×844 phone for
the phone-*.png pages); run through scripts/screenshots, which prepares the
demo database and the server this talks to.

Uses the same environment as the server (OVOP_DATA_DIR, SECRET_KEY, ...) to add a
`screenshots` officer account with a random password and to look up the pages to capture.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


#: The phone the facilitators and owners work on (CSS pixels).
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _account(username: str, role: str, password: str) -> Any:
    from ovop.accounts.models import User

    user, _ = User.objects.get_or_create(username=username)
    user.role = role
    user.first_name, user.last_name = "Petugas", "Disperindag"
    user.set_password(password)
    user.save()
    return user


def _phone_pages(password: str) -> list[tuple[str, str, str]]:
    """A facilitator of kecamatan Namang on a phone: the IKM list, and an IKM of theirs."""
    from ovop.accounts.models import Role
    from ovop.enterprises.models import Enterprise
    from ovop.regions.models import Level, Region

    facilitator = _account("shots-facilitator", Role.FACILITATOR, password)
    namang = Region.objects.filter(level=Level.KECAMATAN, name="Namang").first()
    if namang is None:
        sys.exit("the demo data is incomplete (run: ovop demo)")
    facilitator.villages.set(Region.objects.filter(parent=namang))
    enterprise = (
        Enterprise.objects.filter(village__parent=namang, archived_at__isnull=True)
        .exclude(phone="")
        .order_by("name")
        .first()
    )
    if enterprise is None:
        sys.exit("the demo data is incomplete (run: ovop demo)")
    return [
        ("phone-ikm-list", "/enterprises/", "shots-facilitator"),
        ("phone-ikm-detail", enterprise.get_absolute_url(), "shots-facilitator"),
    ]


def _empowerment_pages() -> list[tuple[str, str, str]]:
    """Issue 10: the regency overview with its map (officer), and on the facilitator's phone
    the open cycle of Namang and the attendance of its latest held meeting."""
    from ovop.empowerment.models import Cycle, CycleStatus
    from ovop.empowerment.models_meetings import MeetingStatus

    cycle = (
        Cycle.objects.filter(village__parent__name="Namang", status=CycleStatus.OPEN)
        .order_by("-stage", "village__name")
        .first()
    )
    meeting = (
        cycle.meetings.filter(status=MeetingStatus.HELD).order_by("-held_on").first()
        if cycle
        else None
    )
    if cycle is None or meeting is None:
        sys.exit("the demo data is incomplete (run: ovop demo)")
    return [
        ("empowerment-map", "/empowerment/", "shots-officer"),
        ("phone-empowerment-cycle", cycle.get_absolute_url(), "shots-facilitator"),
        (
            "phone-meeting-record",
            f"/empowerment/meetings/{meeting.pk}/record/",
            "shots-facilitator",
        ),
    ]


def _catalogue_pages() -> list[tuple[str, str, str]]:
    """The public catalogue as a buyer sees it on a phone (no account), and the officers'
    moderation queue, inquiries and demand on a desktop."""
    from ovop.catalogue.models import Listing

    listing = (
        Listing.objects.filter(published=True, product__designations__isnull=False)
        .order_by("public_name")
        .first()
    )
    if listing is None:
        sys.exit("the demo data is incomplete (run: ovop demo)")
    return [
        ("phone-catalogue-home", "/id/katalog/", ""),
        ("phone-catalogue-search", "/id/katalog/cari/?q=madu", ""),
        ("phone-catalogue-product", f"/id/katalog/produk/{listing.slug}/", ""),
        ("catalogue-moderation", "/catalogue/moderation/", "shots-officer"),
        ("catalogue-inquiries", "/catalogue/inquiries/", "shots-officer"),
        ("catalogue-demand", "/catalogue/demand/", "shots-officer"),
    ]


def prepare() -> tuple[str, list[tuple[str, str, str]]]:
    """A password and the pages to capture: (file stem, path, account)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ovop.settings")
    import django

    django.setup()
    from ovop.accounts.models import Role, User
    from ovop.enterprises.models import Enterprise
    from ovop.rating.models import StarRating
    from ovop.regions.models import Level, Region
    from ovop.selection.models import RoundStatus, SelectionRound

    password = secrets.token_urlsafe(18)
    _account("shots-officer", Role.OFFICER, password)
    _account("shots-assessor", Role.ASSESSOR, password)
    officer = "shots-officer"
    pages = [("home", "/", officer), ("enterprise-list", "/enterprises/", officer)]
    enterprise = Enterprise.objects.filter(archived_at__isnull=True).order_by("name").first()
    namang = Region.objects.filter(level=Level.KECAMATAN, name="Namang").first()
    decided = SelectionRound.objects.filter(status=RoundStatus.DECIDED).first()
    judging = SelectionRound.objects.filter(status=RoundStatus.JUDGING).first()
    rating = StarRating.objects.first()
    if not (enterprise and namang and decided and judging and rating):
        sys.exit("the demo data is incomplete (run: ovop demo)")
    judging.assessors.add(User.objects.get(username="shots-assessor"))
    pages += [
        ("enterprise-detail", enterprise.get_absolute_url(), officer),
        ("region-namang", namang.get_absolute_url(), officer),
        ("selection-judge", f"/selection/{judging.pk}/judge/", "shots-assessor"),
        ("selection-result", f"/selection/{decided.pk}/result/", officer),
        ("product-rating", rating.product.get_absolute_url(), officer),
        ("phone-judge", f"/selection/{judging.pk}/judge/", "shots-assessor"),
    ]
    return password, pages + _phone_pages(password) + _empowerment_pages() + _catalogue_pages()


def _login(page: Any, username: str, password: str) -> None:
    page.context.clear_cookies(name="sessionid")
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("form:has(#id_username) [type=submit]").click()
    page.wait_for_selector(".topbar .who", state="attached")


def capture(
    base_url: str, lang: str, out: Path, password: str, pages: list[tuple[str, str, str]]
) -> None:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        locale = "id-ID" if lang == "id" else "en-US"
        for phone in (False, True):
            context = browser.new_context(
                base_url=base_url,
                locale=locale,
                viewport=PHONE if phone else DESKTOP,
                is_mobile=phone,
                has_touch=phone,
            )
            # ovop follows the language menu's cookie, not the browser's Accept-Language.
            context.add_cookies([{"name": "django_language", "value": lang, "url": base_url}])
            mine = [p for p in pages if p[0].startswith("phone-") == phone]
            _capture_pages(context.new_page(), out, password, mine, full_page=not phone)
            context.close()
        browser.close()


def _capture_pages(
    page: Any, out: Path, password: str, pages: list[tuple[str, str, str]], *, full_page: bool
) -> None:
    current = ""
    for stem, path, username in pages:
        if username != current:
            if username:
                _login(page, username, password)
            else:  # a buyer without an account
                page.context.clear_cookies(name="sessionid")
            current = username
        response = page.goto(path, wait_until="networkidle")
        status = response.status if response else 0
        target = out / f"{stem}.png"
        page.screenshot(path=str(target), full_page=full_page)
        print(f"{target}  <- {path} (HTTP {status})")
        if status != 200:
            sys.exit(f"{path} answered HTTP {status}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--lang", choices=["id", "en"], default="id")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    password, pages = prepare()
    capture(args.base_url, args.lang, args.out, password, pages)


if __name__ == "__main__":
    main()
