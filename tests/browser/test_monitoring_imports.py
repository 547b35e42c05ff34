"""Issue 12 (part): the officer, on a desktop, downloads the round's template and field form,
imports the filled template (the dry run names one bad row; the fixed file is confirmed) and
imports a KoboToolbox export twice (the second time nothing is new) — uploading through the
page's file input like a person."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from ovop.accounts.models import Role
from ovop.monitoring.choices import Arm
from ovop.monitoring.defaults import indicators_install
from ovop.monitoring.models import Indicator, Respondent, Round, RoundIndicator, Submission
from tests.browser.conftest import browser_login
from tests.factories import EnterpriseFactory, ProgrammeFactory, UserFactory, village

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OMZET = "Omzet per bulan (rupiah per bulan)"


def _world() -> list[Respondent]:
    indicators_install(Indicator)
    UserFactory(username="petugas", role=Role.OFFICER)
    round_ = Round.objects.create(
        programme=ProgrammeFactory(name="OVOP Uji"),
        name="Survei 2025",
        kind="baseline",
        year=2025,
        period_start=dt.date(2025, 7, 1),
        period_end=dt.date(2025, 12, 31),
    )
    for order, code in enumerate(("omzet", "kompetensi")):
        RoundIndicator.objects.create(
            round=round_, indicator=Indicator.objects.get(code=code), order=order
        )
    place = village("99.01.01.2001", "Desa Alfa")
    return [
        Respondent.objects.create(
            round=round_,
            arm=Arm.PARTICIPANT,
            enterprise=EnterpriseFactory(name=name, village=place),
        )
        for name in ("Getas Alfa", "Rusip Beta")
    ]


def _download(page: Page, link: str, folder: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("link", name=link).click()
    target = folder / info.value.suggested_filename
    info.value.save_as(target)
    return target


def _upload(page: Page, kind: str, path: Path) -> None:
    page.get_by_label(kind).check()
    page.set_input_files("#id_file", str(path))
    with page.expect_navigation():
        page.get_by_role("button", name="Upload and check").click()


def test_the_officer_imports_a_template_and_a_kobo_export(page: Page, tmp_path: Path) -> None:
    alfa, beta = _world()
    browser_login(page, "petugas")
    page.goto(f"/monitoring/rounds/{alfa.round_id}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Import values").click()
    template = _download(page, "Spreadsheet template (XLSX)", tmp_path)
    form = _download(page, "Field form for ODK/Kobo (XLSForm)", tmp_path)
    assert openpyxl.load_workbook(form).sheetnames[:3] == ["survey", "choices", "settings"]
    book = openpyxl.load_workbook(template)
    sheet = book["Data"]
    headers = [c.value for c in sheet[1]]
    column = headers.index(OMZET) + 1
    sheet.cell(row=2, column=column, value="1,5 juta")
    sheet.cell(row=3, column=column, value="banyak")
    book.save(template)
    _upload(page, "This round's office spreadsheet", template)
    expect(page.locator("#problems")).to_contain_text(OMZET)
    expect(page.locator("#problems tbody tr")).to_have_count(1)
    expect(page.get_by_role("button", name="Confirm and store")).to_have_count(0)
    sheet.cell(row=3, column=column, value="Rp 2.250.000")
    book.save(template)
    with page.expect_navigation():
        page.get_by_role("link", name="Upload another file").click()
    _upload(page, "This round's office spreadsheet", template)
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm and store").click()
    expect(page.locator(".messages")).to_contain_text("everything was stored")
    assert beta.values.get().number == Decimal(2_250_000)

    kobo = tmp_path / "kobo.csv"
    header = [
        "respondent",
        "ind/omzet",
        "ind/kompetensi",
        "meta/instanceID",
        "_id",
        "_uuid",
        "_submission_time",
    ]
    row = [f"r{alfa.pk}", "1600000", "70", "uuid:aa-1", "7", "aa-1", "2025-08-01T02:00:00"]
    kobo.write_text("\r\n".join(";".join(f'"{c}"' for c in r) for r in (header, row)) + "\r\n")
    for attempt in (1, 2):
        with page.expect_navigation():
            page.get_by_role("link", name="Upload another file").click()
        _upload(page, "A KoboToolbox or ODK Central export of this round's field form", kobo)
        counts = page.locator("#counts")
        if attempt == 1:
            expect(counts).to_contain_text("New submissions")
            with page.expect_navigation():
                page.get_by_role("button", name="Confirm and store").click()
        else:
            expect(counts.locator("tr", has_text="Submissions imported before")).to_contain_text(
                "1"
            )
            expect(counts.locator("tr", has_text="New submissions")).to_contain_text("0")
    assert Submission.objects.count() == 1
    assert alfa.values.get(indicator__code="omzet").number == Decimal(1_600_000)
