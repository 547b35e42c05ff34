"""Issue 12 (part): the field form of a large round, with its respondents inside, is built by
the background worker; the officer watches its bar on a phone, downloads the form, and can
cancel a build."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from django.test import override_settings
from playwright.sync_api import Page, expect

from ovop.accounts.models import Role
from ovop.enterprises.models import Enterprise
from ovop.monitoring import jobs, services_xlsform
from ovop.monitoring.choices import Arm
from ovop.monitoring.defaults import indicators_install
from ovop.monitoring.models import ImportJob, Indicator, Respondent, Round
from ovop.monitoring.models_imports import JobStatus
from tests.browser.conftest import browser_login
from tests.factories import UserFactory, survey_round, village
from tests.worker import DATABASE_TASKS, worker_pass

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ROWS = services_xlsform.INLINE_RESPONDENTS + 500
BUILD = "Field form with the respondents inside (no attachment)"


def _round() -> Round:
    indicators_install(Indicator)
    UserFactory(username="petugas", role=Role.OFFICER)
    round_ = survey_round(codes=("omzet", "kompetensi"), name="Survei besar", year=2025)
    place = village()
    enterprises = Enterprise.objects.bulk_create(
        Enterprise(name=f"IKM {n}", owner_name=f"Pemilik {n}", village=place) for n in range(ROWS)
    )
    Respondent.objects.bulk_create(
        Respondent(round=round_, enterprise=e, arm=Arm.PARTICIPANT) for e in enterprises
    )
    return round_


def test_the_officer_builds_a_large_field_form_in_the_background(
    phone: Page, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    round_ = _round()
    seen: list[int] = []
    original = jobs.progress_write

    def observed(job_id: int, progress: jobs.Progress) -> None:
        """Half-way through the worker's reading, look at the officer's page."""
        original(job_id, progress)
        if progress.rows_read == jobs.BATCH_ROWS and not progress.rows_written and not seen:
            seen.append(progress.rows_read)
            expect(phone.locator("#rows-read")).to_have_text(str(jobs.BATCH_ROWS))
            expect(phone.locator("#import-bar")).to_have_attribute("value", str(jobs.BATCH_ROWS))

    monkeypatch.setattr(jobs, "progress_write", observed)
    with override_settings(TASKS=DATABASE_TASKS):
        browser_login(phone, "petugas")
        phone.goto(f"/monitoring/rounds/{round_.pk}/import/")
        with phone.expect_navigation():
            phone.get_by_role("button", name=BUILD).click()
        expect(phone.locator("h1")).to_have_text(f"Field form: ovop_round_{round_.pk}.xlsx")
        expect(phone.locator("#import-progress .badge")).to_have_text("Waiting for the worker")
        expect(phone.locator("#import-bar")).to_have_attribute("max", str(2 * ROWS))
        worker_pass()
        assert seen == [jobs.BATCH_ROWS]
        expect(phone.locator("#import-progress .badge")).to_have_text("Done")
        expect(phone.locator("#rows-written")).to_have_text(str(ROWS))
        expect(phone.locator("#counts")).to_contain_text(f"Respondents in the form {ROWS}")
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390  # nothing runs off the phone's screen
        with phone.expect_download() as info:
            phone.get_by_role("link", name="Download the field form (XLSX)").click()
        target = tmp_path / info.value.suggested_filename
        info.value.save_as(target)
    assert target.name == f"ovop_round_{round_.pk}.xlsx"
    sheet = openpyxl.load_workbook(target, read_only=True)["choices"]
    rows = [r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "respondents"]
    assert len(rows) == ROWS and rows[0][2] == "IKM 0 — Pemilik 0 — Desa Uji"


def test_the_officer_cancels_a_build(phone: Page) -> None:
    round_ = _round()
    with override_settings(TASKS=DATABASE_TASKS):
        browser_login(phone, "petugas")
        phone.goto(f"/monitoring/rounds/{round_.pk}/import/")
        with phone.expect_navigation():
            phone.get_by_role("button", name=BUILD).click()
        with phone.expect_navigation():
            phone.get_by_role("button", name="Cancel the build").click()
        expect(phone.locator(".messages")).to_contain_text("the form will not be built")
        worker_pass()
        expect(phone.locator("#import-progress .badge")).to_have_text("Cancelled: nothing changed")
        expect(phone.get_by_role("link", name="Download the field form (XLSX)")).to_have_count(0)
    job = ImportJob.objects.get()
    assert job.status == JobStatus.CANCELLED and not job.file
