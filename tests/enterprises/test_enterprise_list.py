"""The enterprise list: search, each filter, paging, a fixed number of queries, CSV export."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ovop.accounts.models import User
from ovop.enterprises.models import Category, CertificationKind, Enterprise
from ovop.enterprises.selectors import (
    EXPORT_COLUMNS,
    PRIVATE_EXPORT_COLUMNS,
    export_labels,
    local_today,
)
from ovop.regions.models import Region
from tests.conftest import login
from tests.factories import CertificationFactory, EnterpriseFactory, ProductFactory

BILLION = 1_000_000_000


def names(client: Client, query: str = "") -> list[str]:
    response = client.get(reverse("enterprises:list") + query)
    assert response.status_code == 200
    return [e.name for e in response.context["page_obj"]]


@pytest.fixture
def registry(village_a: Region, village_a2: Region, village_b: Region) -> dict[str, Enterprise]:
    """Four enterprises: two kecamatan, three villages, three size classes, one archived."""
    getas = EnterpriseFactory(name="Getas Mentok", owner_name="Pak Udin", village=village_a)
    tenun = EnterpriseFactory(
        name="Tenun Cual",
        owner_name="Bu Rahma",
        village=village_a2,
        workers_male=4,
        workers_female=12,
        investment_idr=2 * BILLION,
    )
    besar = EnterpriseFactory(
        name="Timah Craft",
        owner_name="Koh Ahan",
        village=village_b,
        workers_male=30,
        workers_female=10,
        investment_idr=20 * BILLION,
    )
    lama = EnterpriseFactory(
        name="Lama Tutup",
        owner_name="Pak Udin Tua",
        village=village_b,
        archived_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC),
    )
    ProductFactory(enterprise=getas, name="Kerupuk ikan", category=Category.FOOD_BEVERAGE)
    ProductFactory(enterprise=tenun, name="Kain cual", category=Category.WOVEN_CLOTH)
    ProductFactory(
        enterprise=besar,
        name="Miniatur pewter",
        category=Category.WOOD_CRAFT,
        archived_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
    )
    today = local_today()
    CertificationFactory(enterprise=getas, kind=CertificationKind.HALAL, expires_on=today)
    CertificationFactory(
        enterprise=tenun, kind=CertificationKind.HALAL, expires_on=today - dt.timedelta(days=1)
    )
    CertificationFactory(
        enterprise=besar,
        kind=CertificationKind.HALAL,
        archived_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
    )
    CertificationFactory(enterprise=besar, kind=CertificationKind.SNI)
    return {"getas": getas, "tenun": tenun, "besar": besar, "lama": lama}


def test_list_shows_active_enterprises_by_default(
    client: Client, officer: User, registry: dict[str, Enterprise]
) -> None:
    login(client, officer)
    assert names(client) == ["Getas Mentok", "Tenun Cual", "Timah Craft"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?q=getas", ["Getas Mentok"]),
        ("?q=rahma", ["Tenun Cual"]),  # owner name
        ("?q=udin", ["Getas Mentok"]),  # owner name; the archived Pak Udin Tua stays hidden
        ("?q=udin&active=all", ["Getas Mentok", "Lama Tutup"]),
        ("?q=kain", ["Tenun Cual"]),  # product name
        ("?q=pewter", []),  # the product is archived
        ("?kecamatan=99.01.01", ["Getas Mentok", "Tenun Cual"]),
        ("?kecamatan=99.01.02", ["Timah Craft"]),
        ("?village=99.01.01.2002", ["Tenun Cual"]),
        ("?village=99.01.02.2001&active=archived", ["Lama Tutup"]),
        ("?category=woven_cloth", ["Tenun Cual"]),
        ("?category=wood_craft", []),  # only an archived product has it
        ("?size=small", ["Getas Mentok"]),
        ("?size=medium", ["Tenun Cual"]),
        ("?size=large", ["Timah Craft"]),
        ("?certification=halal", ["Getas Mentok"]),  # expired and archived ones don't count
        ("?certification=sni", ["Timah Craft"]),
        ("?active=archived", ["Lama Tutup"]),
        ("?active=all", ["Getas Mentok", "Lama Tutup", "Tenun Cual", "Timah Craft"]),
        ("?kecamatan=99.01.01&size=medium&q=cual", ["Tenun Cual"]),
    ],
)
def test_search_and_filters(
    client: Client,
    officer: User,
    registry: dict[str, Enterprise],
    query: str,
    expected: list[str],
) -> None:
    login(client, officer)
    assert names(client, query) == expected


def test_unknown_filter_value_is_reported_and_ignored(
    client: Client, officer: User, registry: dict[str, Enterprise]
) -> None:
    login(client, officer)
    response = client.get(reverse("enterprises:list") + "?village=00.00&q=getas")
    assert response.context["form"].errors["village"] == [
        "Village: choose one of the options offered."
    ]
    assert [e.name for e in response.context["page_obj"]] == ["Getas Mentok"]


def test_pagination(client: Client, officer: User, village_a: Region) -> None:
    for i in range(30):
        EnterpriseFactory(name=f"IKM {i:02d}", village=village_a)
    login(client, officer)
    first = names(client)
    second = names(client, "?page=2")
    assert first == [f"IKM {i:02d}" for i in range(25)]
    assert second == [f"IKM {i:02d}" for i in range(25, 30)]
    page = client.get(reverse("enterprises:list") + "?page=2").content.decode()
    assert "Page 2 of 2 (30 records)" in page


def _make_rows(n: int, village: Region, owner: User) -> None:
    for i in range(n):
        enterprise = EnterpriseFactory(
            name=f"Row {i:03d}", village=village, account=owner, phone="+628120000000"
        )
        ProductFactory(enterprise=enterprise)
        CertificationFactory(enterprise=enterprise)


@pytest.mark.parametrize("persona", ["officer", "facilitator", "owner", "assessor"])
def test_list_query_count_does_not_grow_with_rows(
    client: Client,
    django_assert_num_queries: object,
    request: pytest.FixtureRequest,
    village_a: Region,
    owner: User,
    persona: str,
) -> None:
    user = request.getfixturevalue(persona)
    login(client, user)
    url = reverse("enterprises:list")
    _make_rows(5, village_a, owner)
    with CaptureQueriesContext(connection) as five:
        assert len(client.get(url).context["page_obj"]) == 5
    _make_rows(35, village_a, owner)
    with django_assert_num_queries(len(five)):  # type: ignore[operator]
        assert len(client.get(url).context["page_obj"]) == 25


def _export(client: Client, query: str = "") -> list[str]:
    response = client.get(reverse("enterprises:export") + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="enterprises.csv"'
    text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert text.startswith("\ufeff")  # the byte-order mark Excel needs to read UTF-8
    return text.removeprefix("\ufeff").split("\r\n")


def test_export_csv_exact_for_officer(client: Client, officer: User, village_a: Region) -> None:
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
        investment_idr=50_000_000,
        annual_sales_idr=300_000_000,
        address="Jl. Mentok 2",
        email="amin@example.id",
    )
    ProductFactory(enterprise=kopi)
    EnterpriseFactory(name="=cmd", owner_name="Bu Ani", village=village_a, investment_idr=0)
    login(client, officer)
    lines = _export(client)
    labels = export_labels()
    header = ";".join(labels[c] for c in [*EXPORT_COLUMNS, *PRIVATE_EXPORT_COLUMNS])
    other = Enterprise.objects.get(owner_name="Bu Ani")
    assert village_a.parent is not None
    kecamatan = village_a.parent.name
    assert lines == [
        header,
        # "=cmd" would run as a formula in a spreadsheet: it is written as text. No owner's
        # gender recorded: an empty cell.
        f"{other.pk};'=cmd;Bu Ani;;99.01.01.2001;Desa Alfa;{kecamatan};;;2;3;5;small;0;;;;;;0;0",
        f"{kopi.pk};Kopi Bangka;Pak Amin;male;99.01.01.2001;Desa Alfa;{kecamatan};10761;2018;"
        "3;4;7;small;1;;+6281234500001;amin@example.id;1000000000001;Jl. Mentok 2;"
        "50000000;300000000",
        "",
    ]


def test_export_follows_filters(
    client: Client, officer: User, registry: dict[str, Enterprise]
) -> None:
    login(client, officer)
    lines = _export(client, "?kecamatan=99.01.01&size=medium")
    assert len(lines) == 3
    assert lines[1].split(";")[:2] == [str(registry["tenun"].pk), "Tenun Cual"]
