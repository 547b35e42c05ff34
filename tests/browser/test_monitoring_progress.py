"""Issue 12 (part): a file too large for the request goes to the background worker, and the
officer watches its progress bar fill — rows read while the worker is half-way through the
check, then the checked counts, then rows written after the confirmed write."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import override_settings
from playwright.sync_api import Page, expect

from ovop.accounts.models import Role
from ovop.enterprises.models import Enterprise
from ovop.monitoring import jobs
from ovop.monitoring.choices import Arm
from ovop.monitoring.defaults import indicators_install
from ovop.monitoring.models import Indicator, Respondent, Round, Value
from tests.browser.conftest import SCREENSHOT_DIR, browser_login, screenshots_wanted
from tests.factories import UserFactory, survey_round, village
from tests.worker import DATABASE_TASKS, worker_pass

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ROWS = 2500


def _world(tmp_path: Path) -> tuple[Round, Path]:
    indicators_install(Indicator)
    UserFactory(username="petugas", role=Role.OFFICER)
    round_ = survey_round(codes=("omzet", "kompetensi"), name="Survei besar", year=2025)
    place = village("99.01.01.2001", "Desa Alfa")
    enterprises = Enterprise.objects.bulk_create(
        Enterprise(name=f"IKM {n}", owner_name=f"Pemilik {n}", village=place) for n in range(ROWS)
    )
    respondents = Respondent.objects.bulk_create(
        Respondent(round=round_, enterprise=e, arm=Arm.PARTICIPANT) for e in enterprises
    )
    lines = ["ID responden;Omzet per bulan;Skor uji kompetensi"]
    lines += [f"r{r.pk};{1_000_000 + n};{n % 100}" for n, r in enumerate(respondents)]
    path = tmp_path / "isian-besar.csv"
    path.write_text("\r\n".join(lines) + "\r\n")
    return round_, path


def test_the_officer_watches_a_large_import_in_the_background(
    page: Page, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    round_, path = _world(tmp_path)
    monkeypatch.setattr(jobs, "INLINE_BYTES", 1000)
    seen: list[int] = []
    original = jobs.progress_write

    def observed(job_id: int, progress: jobs.Progress) -> None:
        """Half-way through the worker's check, look at the officer's page."""
        original(job_id, progress)
        if progress.phase == "checking" and progress.rows_read == jobs.BATCH_ROWS and not seen:
            seen.append(progress.rows_read)
            expect(page.locator("#rows-read")).to_have_text(str(jobs.BATCH_ROWS))
            expect(page.locator("#import-bar")).not_to_have_attribute("value", re.compile(".*"))
            if screenshots_wanted():
                page.screenshot(path=SCREENSHOT_DIR / "monitoring-import-progress.png")

    monkeypatch.setattr(jobs, "progress_write", observed)
    with override_settings(TASKS=DATABASE_TASKS):
        browser_login(page, "petugas")
        page.goto(f"/monitoring/rounds/{round_.pk}/import/")
        page.get_by_label("This round's office spreadsheet").check()
        page.set_input_files("#id_file", str(path))
        with page.expect_navigation():
            page.get_by_role("button", name="Upload and check").click()
        expect(page.locator("#import-progress .badge")).to_have_text("Checking")
        expect(page.locator("#import-bar")).to_be_visible()
        expect(page.locator("#rows-read")).to_have_text("0")
        worker_pass()
        assert seen == [jobs.BATCH_ROWS]  # the page showed the worker half-way
        expect(page.locator("#import-progress .badge")).to_have_text(
            "Checked: waiting for confirmation"
        )
        expect(page.locator("#rows-read")).to_have_text(str(ROWS))
        expect(page.locator("#import-bar")).to_have_count(0)
        with page.expect_navigation():
            page.get_by_role("button", name="Confirm and store").click()
        expect(page.locator("#import-progress .badge")).to_have_text("Waiting for the worker")
        expect(page.locator("#import-bar")).to_be_visible()
        worker_pass()
        expect(page.locator("#import-progress .badge")).to_have_text("Done")
        expect(page.locator("#import-bar")).to_have_count(0)
        expect(page.locator("#rows-written")).to_have_text(str(ROWS))
    assert Value.objects.count() == 2 * ROWS
