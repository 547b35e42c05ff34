"""The IKM list as CSV for Indonesian Excel (byte-order mark, ";" between cells, headers in the
interface's language) and as XLSX (the same filters, order and columns as the page), with the
private columns only for those who may see them."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise
from ovop.regions.models import Region
from tests.conftest import login
from tests.factories import EnterpriseFactory, ProductFactory

HEADER_ID = [
    "ID",
    "Nama usaha",
    "Nama pemilik",
    "Jenis kelamin pemilik",
    "Kode Kemendagri",
    "Desa",
    "Kecamatan",
    "KBLI",
    "Tahun berdiri",
    "Tenaga kerja laki-laki",
    "Tenaga kerja perempuan",
    "Tenaga kerja",
    "Skala usaha",
    "Produk",
    "Diarsipkan pada",
]
PRIVATE_ID = [
    "Telepon",
    "Email",
    "NIB",
    "Alamat",
    "Investasi (rupiah)",
    "Penjualan per tahun (rupiah)",
]
HEADER_EN = [
    "ID",
    "Business name",
    "Owner name",
    "Owner's gender",
    "Kemendagri code",
    "Village",
    "Kecamatan",
    "KBLI",
    "Year founded",
    "Male workers",
    "Female workers",
    "Workers",
    "Size class",
    "Products",
    "Archived at",
]
PRIVATE_EN = ["Phone", "Email", "NIB", "Address", "Investment (rupiah)", "Annual sales (rupiah)"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def kopi(village_a: Region, village_b: Region) -> Enterprise:
    kopi = EnterpriseFactory(
        name="Kopi Bangka",
        owner_name="Pak Amin",
        owner_gender="male",
        village=village_a,
        phone="+6281234500001",
        nib="1000000000001",
        kbli="10761",
        founded_year=2018,
        workers_male=3,
        workers_female=4,
        investment_idr=1_250_000_000,
        annual_sales_idr=300_000_000,
        address="Jl. Mentok 2; belakang pasar",
        email="amin@example.id",
    )
    ProductFactory(enterprise=kopi)
    EnterpriseFactory(
        name="=HYPERLINK(1)", owner_name="Bu Ani", village=village_b, investment_idr=0
    )
    return kopi  # type: ignore[no-any-return]


def _body(client: Client, url: str, query: str = "") -> bytes:
    response = client.get(url + query)
    assert response.status_code == 200
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_csv_for_indonesian_excel(client: Client, officer: User, kopi: Enterprise) -> None:
    login(client, officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    body = _body(client, reverse("enterprises:export"))
    assert body.startswith(b"\xef\xbb\xbfID;Nama usaha;Nama pemilik;Jenis kelamin pemilik;")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == HEADER_ID + PRIVATE_ID
    assert len(rows) == 3
    ani, amin = rows[1], rows[2]
    assert ani[1:4] == ["'=HYPERLINK(1)", "Bu Ani", ""]  # never a formula; gender not known
    assert amin == [
        str(kopi.pk),
        "Kopi Bangka",
        "Pak Amin",
        "male",
        "99.01.01.2001",
        "Desa Alfa",
        kopi.village.parent.name,  # type: ignore[union-attr]
        "10761",
        "2018",
        "3",
        "4",
        "7",
        "medium",  # Rp 1.25 billion invested
        "1",
        "",
        "+6281234500001",
        "amin@example.id",
        "1000000000001",
        "Jl. Mentok 2; belakang pasar",  # a ";" inside a cell is quoted, not a new column
        "1250000000",
        "300000000",
    ]
    # numbers are plain digits: no thousands separator for Excel to misread
    assert int(amin[19]) == 1_250_000_000 and int(amin[11]) == 7


def test_csv_headers_follow_the_interface_language(
    client: Client, assessor: User, kopi: Enterprise
) -> None:
    login(client, assessor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = _body(client, reverse("enterprises:export"))
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == HEADER_EN  # an assessor never sees the private columns
    assert "+6281234500001" not in body.decode() and "1000000000001" not in body.decode()


def _sheet(body: bytes) -> list[tuple[object, ...]]:
    workbook = load_workbook(io.BytesIO(body))
    assert workbook.sheetnames == ["Enterprises"]
    return list(workbook["Enterprises"].iter_rows(values_only=True))


@pytest.mark.registry_written_directly
def test_xlsx_has_the_header_and_typed_rows(
    client: Client, officer: User, kopi: Enterprise, village_b: Region
) -> None:
    Enterprise.objects.filter(owner_name="Bu Ani").update(
        archived_at=dt.datetime(2024, 5, 1, 3, tzinfo=dt.UTC)
    )
    login(client, officer)
    response = client.get(reverse("enterprises:export_xlsx") + "?active=all&sort=-workers")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="enterprises.xlsx"'
    rows = _sheet(b"".join(response.streaming_content))  # type: ignore[attr-defined]
    assert rows[0] == tuple(HEADER_EN + PRIVATE_EN)
    ani = Enterprise.objects.get(owner_name="Bu Ani")
    assert rows[1:] == [
        (
            kopi.pk,
            "Kopi Bangka",
            "Pak Amin",
            "male",
            "99.01.01.2001",
            "Desa Alfa",
            kopi.village.parent.name,
            "10761",
            2018,
            3,
            4,
            7,
            "medium",
            1,
            None,
            "+6281234500001",
            "amin@example.id",
            "1000000000001",
            "Jl. Mentok 2; belakang pasar",
            1_250_000_000,
            300_000_000,
        ),
        (
            ani.pk,
            "'=HYPERLINK(1)",
            "Bu Ani",
            None,
            "99.01.02.2001",
            "Desa Beta",
            village_b.parent.name,
            None,
            None,
            2,
            3,
            5,
            "small",
            0,
            dt.datetime.combine(dt.date(2024, 5, 1), dt.time()),  # a date: no time zone
            None,
            None,
            None,
            None,
            0,
            0,
        ),
    ]


def test_xlsx_follows_the_page_filters(client: Client, officer: User, kopi: Enterprise) -> None:
    login(client, officer)
    rows = _sheet(_body(client, reverse("enterprises:export_xlsx"), "?kecamatan=99.01.02"))
    assert [row[2] for row in rows[1:]] == ["Bu Ani"]
    rows = _sheet(_body(client, reverse("enterprises:export_xlsx"), "?q=0812-3450-0001"))
    assert [row[2] for row in rows[1:]] == ["Pak Amin"]


# --- who may export: the rule of the CSV (every signed-in user, their own rows) -------------


@pytest.mark.parametrize("name", ["export", "export_xlsx"])
def test_anonymous_is_sent_to_sign_in(client: Client, kopi: Enterprise, name: str) -> None:
    url = reverse(f"enterprises:{name}")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_outsider_gets_the_header_and_no_row(
    client: Client, outsider: User, kopi: Enterprise
) -> None:
    login(client, outsider)
    assert _sheet(_body(client, reverse("enterprises:export_xlsx"))) == [tuple(HEADER_EN)]
    body = _body(client, reverse("enterprises:export")).decode("utf-8-sig")
    assert body == ";".join(HEADER_EN) + "\r\n"


def test_owner_xlsx_holds_only_own_enterprise(
    client: Client, owner: User, enterprise_x: Enterprise, enterprise_y: Enterprise
) -> None:
    login(client, owner)
    rows = _sheet(_body(client, reverse("enterprises:export_xlsx"), "?active=all"))
    assert rows[0] == tuple(HEADER_EN + PRIVATE_EN)
    assert [(row[0], row[1], row[15], row[17]) for row in rows[1:]] == [
        (enterprise_x.pk, "Getas Alfa", "+6281234567890", "1234567890123")
    ]


def test_assessor_xlsx_has_no_private_columns(
    client: Client, assessor: User, enterprise_x: Enterprise, enterprise_y: Enterprise
) -> None:
    login(client, assessor)
    rows = _sheet(_body(client, reverse("enterprises:export_xlsx")))
    assert rows[0] == tuple(HEADER_EN)
    assert [row[1] for row in rows[1:]] == ["Getas Alfa", "Rusip Beta"]
    assert all(len(row) == len(HEADER_EN) for row in rows)


def test_facilitator_sees_private_columns_only_for_own_villages(
    client: Client, facilitator: User, enterprise_x: Enterprise, enterprise_y: Enterprise
) -> None:
    login(client, facilitator)
    rows = _sheet(_body(client, reverse("enterprises:export_xlsx")))
    assert [(row[1], row[15]) for row in rows[1:]] == [("Getas Alfa", "+6281234567890")]
