"""Capture ovop's main pages as PNG files; run through scripts/screenshots, which prepares the
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


def prepare() -> tuple[str, str, dict[str, str]]:
    """The account to log in with and the pages to capture (file stem -> path)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ovop.settings")
    import django

    django.setup()
    from ovop.accounts.models import Role, User
    from ovop.enterprises.models import Enterprise
    from ovop.regions.models import Level, Region

    password = secrets.token_urlsafe(18)
    user, _ = User.objects.get_or_create(username="screenshots")
    user.role = Role.OFFICER
    user.first_name, user.last_name = "Petugas", "Disperindag"
    user.set_password(password)
    user.save()

    pages = {"home": "/", "enterprise-list": "/enterprises/"}
    enterprise = Enterprise.objects.filter(archived_at__isnull=True).order_by("name").first()
    if enterprise is None:
        sys.exit("the demo data has no enterprise to show")
    pages["enterprise-detail"] = enterprise.get_absolute_url()
    namang = Region.objects.filter(level=Level.KECAMATAN, name="Namang").first()
    if namang is None:
        sys.exit("kecamatan Namang is not loaded (run: ovop load-regions 19.04)")
    pages["region-namang"] = namang.get_absolute_url()
    return user.username, password, pages


def capture(
    base_url: str, lang: str, out: Path, username: str, password: str, pages: dict[str, str]
) -> None:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(
            base_url=base_url,
            locale="id-ID" if lang == "id" else "en-US",
            viewport={"width": 1280, "height": 900},
        )
        page = context.new_page()
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.locator("form:has(#id_username) [type=submit]").click()
        page.wait_for_selector(".topbar .who")
        for stem, path in pages.items():
            response = page.goto(path, wait_until="networkidle")
            status = response.status if response else 0
            target = out / f"{stem}.png"
            page.screenshot(path=str(target), full_page=True)
            print(f"{target}  <- {path} (HTTP {status})")
            if status != 200:
                sys.exit(f"{path} answered HTTP {status}")
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--lang", choices=["id", "en"], default="id")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    username, password, pages = prepare()
    capture(args.base_url, args.lang, args.out, username, password, pages)


if __name__ == "__main__":
    main()
