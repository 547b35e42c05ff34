# ruff: noqa: F811  (fixtures imported from conftest_records are parameters here)
"""The source and price list pages: forms with money as people type it, archive, history,
exports, the import page, and every refusal."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from ovop.accounts.models import User
from ovop.planning.models import FiscalYear, PriceItem, Source
from ovop.regions.models import Region
from tests.planning.conftest_records import (  # noqa: F401 - fixtures
    JT,
    apbd,
    bimtek,
    close,
    dak,
    fy,
    mesin,
)
from tests.refusals import LOGIN, Attempt, matrix, refused


def test_source_list_shows_the_configurable_default(
    english_client: Client, facilitator: User, apbd: Source, dak: Source
) -> None:
    english_client.force_login(facilitator)
    page = english_client.get("/planning/2026/sources/").content.decode()
    assert "configurable default" in page
    assert "Equipment and facilities" in page
    assert "Rp 1,050,000,000" in page
    assert "/edit/" not in page  # a facilitator reads, changes nothing


def test_officer_records_a_source_with_a_typed_amount(
    client: Client, officer: User, fy: FiscalYear
) -> None:
    client.force_login(officer)
    assert client.get("/planning/2026/sources/new/").status_code == 200
    response = client.post(
        "/planning/2026/sources/new/",
        {"kind": "dak", "name": "DAK Fisik 2026", "ceiling_idr": "Rp 1,5 M"},
    )
    assert response.status_code == 302
    made = Source.objects.get()
    assert (made.ceiling_idr, made.allowed_types, made.rules_are_default) == (
        1_500_000_000,
        ["equipment"],
        True,
    )
    edit = client.post(
        f"/planning/sources/{made.pk}/edit/",
        {
            "kind": "dak",
            "name": "DAK Fisik 2026",
            "ceiling_idr": "1.400.000.000",
            "allowed_types": ["equipment", "packaging"],
        },
    )
    assert edit.status_code == 302
    made.refresh_from_db()
    assert (made.ceiling_idr, made.rules_are_default) == (1_400_000_000, False)


def test_source_form_names_the_field_at_fault(
    english_client: Client, officer: User, fy: FiscalYear, village_a: Region
) -> None:
    english_client.force_login(officer)
    response = english_client.post(
        "/planning/2026/sources/new/",
        {"kind": "dana_desa", "name": "DD", "ceiling_idr": "lima juta"},
    )
    errors = response.context["form"].errors
    assert list(errors) == ["ceiling_idr"]
    assert errors["ceiling_idr"][0].startswith("Ceiling (rupiah)")
    missing_village = english_client.post(
        "/planning/2026/sources/new/", {"kind": "dana_desa", "name": "DD", "ceiling_idr": "5 juta"}
    )
    assert list(missing_village.context["form"].errors) == ["village"]
    assert not Source.objects.exists()


def test_archive_asks_to_confirm_then_archives(client: Client, officer: User, apbd: Source) -> None:
    client.force_login(officer)
    url = f"/planning/sources/{apbd.pk}/archive/"
    assert client.post(url).status_code == 200
    apbd.refresh_from_db()
    assert not apbd.is_archived
    client.post(url, {"confirm": "1", "reason": "pindah DPA"})
    apbd.refresh_from_db()
    assert apbd.is_archived
    history = client.get(f"/planning/sources/{apbd.pk}/history/")
    assert b"pindah DPA" in history.content


def test_price_list_search_and_exports(
    client: Client, viewer: User, bimtek: PriceItem, mesin: PriceItem
) -> None:
    client.force_login(viewer)
    page = client.get("/planning/2026/prices/", {"q": "mesin"})
    assert [i.code for i in page.context["page_obj"]] == ["AL-01"]
    response = client.get("/planning/2026/prices/export.csv")
    text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[1:] == [
        ["AL-01", "Mesin pengering", "unit", "15000000", rows[1][4]],
        ["BT-01", "Bimtek pengolahan", "person-day", "1250000", rows[2][4]],
    ]
    xlsx = client.get("/planning/2026/prices/export.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.getvalue())).active
    assert sheet is not None
    assert [c.value for c in sheet[2]][:4] == ["AL-01", "Mesin pengering", "unit", 15_000_000]


def test_export_reads_back_through_the_import(
    client: Client, officer: User, bimtek: PriceItem, mesin: PriceItem
) -> None:
    client.force_login(officer)
    text = b"".join(client.get("/planning/2026/prices/export.csv").streaming_content)  # type: ignore[attr-defined]
    upload = SimpleUploadedFile("ssh.csv", text, content_type="text/csv")
    response = client.post("/planning/2026/prices/import/", {"file": upload, "dry_run": "1"})
    report = response.context["report"]
    assert (report.problems, report.new, report.updated) == ([], 0, 2)


def test_import_page_lists_bad_rows_and_saves_nothing(
    client: Client, officer: User, fy: FiscalYear
) -> None:
    client.force_login(officer)
    text = "code;name;unit;unit cost\nA-1;Satu;paket;Rp 150.000\nA-2;Dua;paket;gratis\n"
    upload = SimpleUploadedFile("ssh.csv", text.encode(), content_type="text/csv")
    response = client.post("/planning/2026/prices/import/", {"file": upload})
    assert response.status_code == 200
    assert [p.row for p in response.context["report"].problems] == [3]
    assert not PriceItem.objects.exists()
    good = SimpleUploadedFile("ssh.csv", text.replace("gratis", "1,5 juta").encode())
    assert client.post("/planning/2026/prices/import/", {"file": good}).status_code == 302
    assert list(PriceItem.objects.order_by("code").values_list("unit_cost_idr", flat=True)) == [
        150_000,
        1_500_000,
    ]


ATTEMPTS = {
    "source-create": Attempt(
        "post", "/planning/2026/sources/new/", {"kind": "csr", "name": "X", "ceiling_idr": "1"}
    ),
    "source-edit": Attempt(
        "post",
        lambda t: f"/planning/sources/{t.pk}/edit/",
        {"kind": "csr", "name": "X", "ceiling_idr": "1"},
    ),
    "source-archive": Attempt(
        "post", lambda t: f"/planning/sources/{t.pk}/archive/", {"confirm": "1", "reason": "x"}
    ),
    "price-create": Attempt(
        "post",
        "/planning/2026/prices/new/",
        {"code": "Z", "name": "Z", "unit": "u", "unit_cost_idr": "1"},
    ),
}
ANSWERS: dict[str, Any] = {
    "viewer": 403,
    "facilitator": 403,
    "owner": 403,
    "assessor": 403,
    "anonymous": LOGIN,
}


@pytest.mark.parametrize(("persona", "action", "expected"), matrix(ANSWERS, ATTEMPTS))
def test_only_planners_change_the_budget(
    client: Client,
    request: pytest.FixtureRequest,
    apbd: Source,
    persona: str,
    action: str,
    expected: int | str,
) -> None:
    refused(client, request, persona, ATTEMPTS[action], expected, apps=("planning",), records=apbd)


@pytest.mark.parametrize("persona", ["owner", "assessor"])
def test_owners_and_assessors_do_not_read_the_budget(
    client: Client, request: pytest.FixtureRequest, persona: str, apbd: Source, bimtek: PriceItem
) -> None:
    client.force_login(request.getfixturevalue(persona))
    for url in (
        "/planning/2026/sources/",
        "/planning/2026/prices/",
        "/planning/2026/prices/export.csv",
        f"/planning/sources/{apbd.pk}/history/",
    ):
        assert client.get(url).status_code == 403, url


def test_closed_year_refuses_an_officer_on_the_page(
    english_client: Client, officer: User, admin_user: User, apbd: Source
) -> None:
    close(apbd.fiscal_year, admin_user)
    english_client.force_login(officer)
    response = english_client.post(
        "/planning/2026/prices/new/",
        {"code": "Z", "name": "Z", "unit": "u", "unit_cost_idr": "1"},
    )
    assert "Fiscal year 2026 is closed" in response.content.decode()
    assert not PriceItem.objects.exists()
    english_client.force_login(admin_user)
    fixed = english_client.post(
        "/planning/2026/prices/new/",
        {"code": "Z", "name": "Z", "unit": "u", "unit_cost_idr": "1", "reason": "terlewat"},
    )
    assert fixed.status_code == 302
    assert PriceItem.objects.get().history.get().history_change_reason.endswith("terlewat")
