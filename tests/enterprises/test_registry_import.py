"""The IKM registry import: new IKM and registered ones, from files built as offices send
them (XLSX under a title row, merged headers, a Windows ";" CSV), checked in a dry run with
exact counts, then written with their products, certificates and history into the real
regions of Bangka Tengah. Refusals and the write itself have modules of their own."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise, Product
from ovop.enterprises.registry_import import (
    REASON_IMPORTED,
    registry_plan,
    registry_write,
)
from ovop.regions.models import Region
from tests.enterprises.registry_files import (
    AIR_MESU,
    CAMBAI,
    GETAS,
    KOBA,
    LADA,
    NAMANG,
    counts,
    line,
    plan_of,
    registered,
    table_of,
    table_sizes,
    windows_csv,
    xlsx,
)


@pytest.fixture
def ikm(registry: object) -> dict[str, Enterprise]:
    """The enterprises of the `registry` fixture (tests/bangka_tengah.py) by name: in Namang
    Rusip Namang (NIB 1111111111111, product "Rusip botol", an archived "Rusip lama"), Madu
    Pelawan (NIB 2222222222222) and the archived Tutup Lama; in Cambai Kerupuk Cambai (owner
    Bu Ani, no NIB, product "Kerupuk ikan"); in Koba Lempah Koba."""
    return {enterprise.name: enterprise for enterprise in Enterprise.objects.all()}


@pytest.fixture
def bangka(regions: dict[str, Region]) -> Region:
    return regions["19.04"]


# --- new IKM ----------------------------------------------------------------------------------


def test_a_new_registry_is_planned_then_written_with_products_and_certificates(
    bangka: Region, regions: dict[str, Region], officer: User
) -> None:
    before = table_sizes()
    plan = plan_of(xlsx([GETAS, LADA]), bangka)
    assert plan.counts == counts(created=2)
    assert plan.problems == [] and plan.problem_count == 0
    assert table_sizes() == before  # the dry run writes nothing

    result = registry_write(plan, user=officer)
    assert result.counts == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "left_out": 0,
        "products_created": 2,
        "products_updated": 0,
        "certifications_created": 2,
    }
    getas = Enterprise.objects.get(name="Getas Alfa")
    assert (getas.owner_name, getas.owner_gender, getas.village, getas.address) == (
        "Bu Siti",
        "female",  # "P" in the file
        regions[NAMANG],
        "Jl. Raya Namang RT 02",
    )
    assert (getas.phone, getas.nib, getas.kbli, getas.founded_year) == (
        "+6281234567890",
        "1234567890123",
        "10794",
        2015,
    )
    assert (getas.workers_male, getas.workers_female) == (2, 3)
    assert (getas.investment_idr, getas.annual_sales_idr) == (1_500_000, 1_500_000)
    assert sorted(getas.products.values_list("name", "category", "unit")) == [
        ("Getas Tenggiri", "food_beverage", "buah"),
        ("Kemplang", "food_beverage", "buah"),
    ]
    assert sorted(getas.certifications.values_list("kind", "number")) == [
        ("halal", "ID31110000123"),
        ("pirt", "2061234567890-25"),
    ]
    lada = Enterprise.objects.get(name="Lada Koba")
    assert (lada.village, lada.nib, lada.workers_male, lada.investment_idr) == (
        regions[KOBA],
        None,
        0,
        0,
    )
    assert table_sizes() == {
        "Enterprise": before["Enterprise"] + 2,
        "history Enterprise": before["history Enterprise"] + 2,
        "Product": before["Product"] + 2,
        "history Product": before["history Product"] + 2,
        "Certification": before["Certification"] + 2,
        "history Certification": before["history Certification"] + 2,
    }
    (version,) = getas.history.all()
    assert (version.history_type, version.history_user, version.history_change_reason) == (
        "+",
        officer,
        REASON_IMPORTED,
    )


def test_importing_the_same_file_twice_changes_nothing_the_second_time(
    bangka: Region, officer: User
) -> None:
    registry_write(plan_of(xlsx([GETAS, LADA]), bangka), user=officer)
    before = table_sizes()

    again = plan_of(xlsx([GETAS, LADA]), bangka)
    assert again.counts == counts(unchanged=2)
    assert again.decisions == [] and again.changes == []
    result = registry_write(again, user=officer)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert table_sizes() == before
    with pytest.raises(ValueError):
        registry_write(again, user=officer)  # a plan is written once


def test_a_title_row_a_merged_header_and_spaces_are_read(
    bangka: Region, regions: dict[str, Region], officer: User
) -> None:
    """A title merged over the top, "Nama usaha" merged over two columns, trailing spaces."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Daftar IKM"
    sheet["A1"] = "DAFTAR IKM KABUPATEN BANGKA TENGAH TAHUN 2024"
    sheet.merge_cells("A1:F1")
    sheet.append([])
    sheet.append(["No", "Nama usaha ", None, "NAMA PEMILIK", " Desa ", "Omzet per tahun (Rp)"])
    sheet.merge_cells("B3:C3")
    sheet.append([1, "Kemplang Cambai  ", None, "Bu Ani ", "Cambai ", 24_000_000])
    sheet.append([])
    sheet.append([2, "Getas Air Mesu", None, "Pak Udin", "desa air mesu", "24 jt"])
    upload = io.BytesIO()
    book.save(upload)
    upload.seek(0)

    table = table_of(upload)
    assert (table.header_row, table.columns["name"]) == (3, 1)
    plan = registry_plan(table, regency=bangka)
    assert plan.counts == counts(created=2)
    registry_write(plan, user=officer)
    assert sorted(
        Enterprise.objects.filter(annual_sales_idr=24_000_000).values_list(
            "name", "owner_name", "village__code"
        )
    ) == [("Getas Air Mesu", "Pak Udin", AIR_MESU), ("Kemplang Cambai", "Bu Ani", CAMBAI)]


def test_a_two_row_header_reads_the_workers_under_its_merged_cell(bangka: Region) -> None:
    """ "Identitas usaha" over three columns and "Tenaga kerja" over "L" and "P" in row 1."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"], sheet["B1"], sheet["E1"] = "No", "Identitas usaha", "Tenaga kerja"
    sheet.merge_cells("A1:A2")
    sheet.merge_cells("B1:D1")
    sheet.merge_cells("E1:F1")
    for cell, text in (("B2", "Nama usaha"), ("C2", "Pemilik"), ("D2", "Desa"), ("E2", "L")):
        sheet[cell] = text
    sheet["F2"] = "P"
    sheet.append([1, "Rusip Cambai", "Bu Ani", "Cambai", 1, 4])
    upload = io.BytesIO()
    book.save(upload)
    upload.seek(0)
    plan = plan_of(upload, bangka)
    assert plan.counts == counts(created=1)
    assert plan.decisions[0].fields == {
        "name": "Rusip Cambai",
        "owner_name": "Bu Ani",
        "workers_male": 1,
        "workers_female": 4,
        "village_id": Region.objects.get(code=CAMBAI).pk,
    }


def test_a_windows_csv_with_village_and_kecamatan_spellings(
    bangka: Region, regions: dict[str, Region], officer: User
) -> None:
    rows = [
        line(
            name="Kopi Dul", owner_name="Pak André", village="Kel. Dul", kecamatan="pangkalanbaru"
        ),
        line(
            name="Madu Mesu", owner_name="Bu Ené", village="AIR MESU ", kecamatan="Pangkalan baru"
        ),
        line(name="Rusip Namang", owner_name="Bu Sari", village="Namang", kecamatan="Kec. Namang"),
        line(name="Kerupuk Koba", owner_name="Pak Ali", village="Kelurahan Koba"),
    ]
    plan = plan_of(windows_csv(rows), bangka, "ikm.csv")
    assert plan.counts == counts(created=4)
    registry_write(plan, user=officer)
    found = dict(Enterprise.objects.values_list("name", "village__code"))
    assert found == {
        "Kopi Dul": "19.04.02.1001",
        "Madu Mesu": AIR_MESU,
        "Rusip Namang": NAMANG,
        "Kerupuk Koba": KOBA,
    }
    assert Enterprise.objects.get(name="Kopi Dul").owner_name == "Pak André"


def test_numbers_as_offices_type_them(bangka: Region) -> None:
    row = line(
        name="Getas",
        owner_name="Bu Siti",
        village="Namang",
        phone=81234567890.0,  # a number cell: the leading 0 is gone
        nib=1234567890123.0,  # 13 digits survive a number cell
        kbli=10794.0,
        founded_year="12/01/2015",
        workers_male=2.0,
        investment_idr=2_500_000.0,
        annual_sales_idr="750 rb",
    )
    plan = plan_of(xlsx([row]), bangka)
    assert plan.counts == counts(created=1)
    fields = plan.decisions[0].fields
    assert {k: fields[k] for k in ("phone", "nib", "kbli", "founded_year")} == {
        "phone": "+6281234567890",
        "nib": "1234567890123",
        "kbli": "10794",
        "founded_year": 2015,
    }
    assert (fields["workers_male"], fields["investment_idr"], fields["annual_sales_idr"]) == (
        2,
        2_500_000,
        750_000,
    )


# --- the registry as it is --------------------------------------------------------------------


def test_a_registered_ikm_is_updated_by_its_nib_with_only_what_changed(
    ikm: dict[str, Enterprise], bangka: Region, officer: User
) -> None:
    rusip = ikm["Rusip Namang"]  # NIB 1111111111111, Namang, product "Rusip botol"
    row = line(
        name="Rusip Namang",
        owner_name="Bu Sari",
        village="Namang",
        nib="1111111111111",
        phone="0812 0000 0009",
        annual_sales_idr="Rp 60.000.000",
        products="Rusip botol; Rusip sachet",
        category="Makanan dan minuman",
        certificates="P-IRT: 123",
    )
    plan = plan_of(xlsx([row]), bangka)
    assert plan.counts == counts(updated=1)
    assert plan.changes == [
        {
            "sheet": "IKM",
            "row": 2,
            "enterprise": "Rusip Namang",
            "fields": ["Phone", "Annual sales (rupiah)", "Products", "Certifications"],
        }
    ]
    workers_before = (rusip.workers_male, rusip.workers_female, rusip.investment_idr)
    result = registry_write(plan, user=officer)
    assert (result.updated, result.products_created, result.certifications_created) == (1, 1, 1)
    rusip.refresh_from_db()
    assert (rusip.phone, rusip.annual_sales_idr) == ("+6281200000009", 60_000_000)
    assert (rusip.workers_male, rusip.workers_female, rusip.investment_idr) == workers_before
    assert sorted(rusip.products.values_list("name", flat=True)) == [
        "Rusip botol",
        "Rusip lama",
        "Rusip sachet",
    ]
    latest = rusip.history.latest()
    assert (latest.history_type, latest.history_user, latest.history_change_reason) == (
        "~",
        officer,
        REASON_IMPORTED,
    )


def test_a_registered_ikm_without_nib_is_found_by_its_name_in_its_village(
    ikm: dict[str, Enterprise], bangka: Region, officer: User
) -> None:
    kerupuk = ikm["Kerupuk Cambai"]  # Cambai, owner "Bu Ani", no NIB, product "Kerupuk ikan"
    row = line(
        name="KERUPUK  CAMBAI",
        owner_name="Bu Ani",
        village="Desa Cambai",
        nib="5555555555555",
        products="kerupuk ikan",
        category="Lainnya",
    )
    plan = plan_of(xlsx([row]), bangka)
    assert plan.counts == counts(updated=1)
    assert plan.changes[0]["fields"] == ["Business name", "NIB", "Category"]
    registry_write(plan, user=officer)
    kerupuk.refresh_from_db()
    assert (kerupuk.name, kerupuk.nib) == ("KERUPUK CAMBAI", "5555555555555")
    assert Product.objects.get(name="Kerupuk ikan").category == "other"


def test_a_close_spelling_in_the_same_village_waits_for_the_users_word(
    regions: dict[str, Region], bangka: Region, officer: User
) -> None:
    alfa = registered(name="Getas Alfa", owner_name="Bu Siti", village=regions[NAMANG])
    rows = [
        line(
            name="Getas Alpha",
            owner_name="Bu Siti",
            village="Namang",
            products="Getas",
            category="makanan",
        ),
        line(name="Getas Alpha", owner_name="Bu Siti", village="Cambai"),
    ]
    plan = plan_of(xlsx(rows), bangka)
    assert plan.counts == counts(created=1, possible=1)
    assert plan.possible_duplicates == [
        {
            "sheet": "IKM",
            "row": 2,
            "name": "Getas Alpha",
            "village": "Desa Namang",
            "existing": "Getas Alfa",
            "existing_id": alfa.pk,
        }
    ]
    assert plan.duplicate_rows == {2}
    assert plan.can_write

    left = registry_write(plan, user=officer)
    assert (left.created, left.left_out, left.products_created) == (1, (2,), 0)
    assert not Enterprise.objects.filter(name="Getas Alpha", village=regions[NAMANG]).exists()

    confirmed = registry_write(plan_of(xlsx(rows[:1]), bangka), user=officer, accept_new={2})
    assert (confirmed.created, confirmed.left_out, confirmed.products_created) == (1, (), 1)
    assert Enterprise.objects.filter(name="Getas Alpha", village=regions[NAMANG]).exists()


def test_the_same_name_with_another_nib_waits_for_the_users_word(
    ikm: dict[str, Enterprise], bangka: Region
) -> None:
    row = line(name="Madu Pelawan", owner_name="Pak Udin", village="Namang", nib="3333333333333")
    plan = plan_of(xlsx([row]), bangka)
    assert plan.counts == counts(possible=1)
    assert plan.possible_duplicates[0]["existing_id"] == ikm["Madu Pelawan"].pk


def test_a_product_named_again_gets_the_category_of_its_row(
    ikm: dict[str, Enterprise], bangka: Region, officer: User
) -> None:
    Product.objects.create(
        enterprise=ikm["Lempah Koba"], name="Lempah Kuning", category="food_beverage", unit="kg"
    )
    row = line(
        name="Lempah Koba",
        owner_name="x",
        village="Koba",
        products="Lempah Kuning",
        category="Herbal",
    )
    plan = plan_of(xlsx([row]), bangka)
    assert plan.counts == counts(updated=1)
    registry_write(plan, user=officer)
    product = Product.objects.get(name="Lempah Kuning")
    assert product.category == "herbal"
    assert product.history.latest().history_change_reason == REASON_IMPORTED
