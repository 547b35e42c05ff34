"""The IKM registry import's refusals: every bad cell of a row, villages and kecamatan not in
the regency (with the names nearly the same), an IKM twice in a file, rows the registry
refuses, a file without a required column or too long — each with sheet, row, column and
reason, exactly."""

from __future__ import annotations

import pytest
from django.utils import translation

from ovop.enterprises import registry_import
from ovop.enterprises.models import Enterprise
from ovop.regions.models import Kind, Level, Region
from tests.enterprises.registry_files import (
    NAMANG,
    counts,
    line,
    plan_of,
    problem,
    registered,
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


# --- bad rows ---------------------------------------------------------------------------------


def test_a_nib_turned_into_1_23e_12_is_refused_with_sheet_row_column_and_reason(
    bangka: Region,
) -> None:
    rows = [line(name="Getas", owner_name="Bu Siti", village="Namang", nib="1,23E+12")]
    plan = plan_of(windows_csv(rows), bangka, "ikm.csv")
    assert plan.counts == counts(bad=1)
    assert plan.problems == [
        problem(
            2,
            "NIB",
            "NIB: Excel turned the number into 1,23E+12 — format the column as text and type "
            "the number again.",
            sheet="ikm.csv",
        )
    ]
    assert not plan.can_write


def test_reasons_are_written_in_the_language_active_when_planning(bangka: Region) -> None:
    rows = [line(name="Getas", village="Namang", nib="1,23E+12")]
    with translation.override("id"):
        plan = plan_of(windows_csv(rows), bangka, "ikm.csv")
    assert [p["reason"] for p in plan.problems] == [
        "Nama pemilik: sel ini wajib diisi.",
        "NIB: Excel mengubah angkanya menjadi 1,23E+12 — ubah format kolom menjadi Teks, lalu "
        "ketik ulang angkanya.",
    ]


def test_every_bad_cell_of_a_row_is_listed(bangka: Region) -> None:
    row = line(
        owner_name="Bu Siti",
        owner_gender="X",
        village="Namang",
        phone="0812",
        kbli="107",
        founded_year="dulu",
        workers_male="-2",
        investment_idr="1,500,000",
        products="Getas",
        category="Elektronik",
        certificates="Halal ID311; Sertifikat Emas: 12",
    )
    plan = plan_of(xlsx([row]), bangka)
    categories = (
        "Food and beverage, Woven cloth (tenun), Batik, Plaited craft (anyaman), "
        "Pottery (gerabah), Wood and other craft, Herbal products, Other"
    )
    assert plan.counts == counts(bad=1)
    assert plan.problems == [
        problem(2, "Nama usaha", "Nama usaha: this cell must be filled in."),
        problem(
            2,
            "Jenis kelamin pemilik",
            "Jenis kelamin pemilik: “X” is not L (laki-laki) or P (perempuan).",
        ),
        problem(2, "Telepon/HP", "Telepon/HP: “0812” has 4 digits, not 8–15."),
        problem(2, "KBLI", "KBLI: “107” has 3 digits, not 5."),
        problem(2, "Tahun berdiri", "Tahun berdiri: “dulu” is not a year from 1900 to 2100."),
        problem(
            2,
            "Tenaga kerja laki-laki",
            "Tenaga kerja laki-laki: “-2” must be a whole number from 0 to 1,000,000.",
        ),
        problem(
            2,
            "Investasi (Rp)",
            "Investasi (Rp): “1,500,000” is unclear: a comma starts decimals, and an amount "
            "without a unit is whole rupiah. Write 1.500 for one thousand five hundred, or add "
            "a unit: 1,5 juta.",
        ),
        problem(
            2,
            "Kategori produk",
            f"Kategori produk: “Elektronik” is not a category; write one of: {categories}.",
        ),
        problem(
            2,
            "Sertifikat",
            "Sertifikat: “Halal ID311” — write each certificate as kind: number, for example "
            "P-IRT: 2061234567890-25; Halal: ID31110000123.",
        ),
        problem(
            2,
            "Sertifikat",
            "Sertifikat: “Sertifikat Emas” is not a kind of certificate; write one of: P-IRT, "
            "Halal, BPOM MD, SNI, Merek, NIB, Lainnya.",
        ),
    ]


def test_products_need_a_category(bangka: Region) -> None:
    plan = plan_of(xlsx([line(name="A", owner_name="B", village="Namang", products="X")]), bangka)
    assert plan.problems == [
        problem(
            2,
            "Kategori produk",
            "Kategori produk: fill in the category of the products (one of: Food and beverage, "
            "Woven cloth (tenun), Batik, Plaited craft (anyaman), Pottery (gerabah), Wood and "
            "other craft, Herbal products, Other).",
        )
    ]


def test_an_unknown_village_is_refused_with_the_names_nearly_the_same(bangka: Region) -> None:
    rows = [
        line(name="A", owner_name="B", village="Desa Namnag"),
        line(name="C", owner_name="D", village="Cambai", kecamatan="Koba"),
        line(name="E", owner_name="F", village="Namang", kecamatan="Pangkalan Bru"),
        line(name="G", owner_name="H", village="Atlantis"),
    ]
    plan = plan_of(xlsx(rows), bangka)
    assert plan.counts == counts(bad=4)
    assert plan.problems == [
        problem(
            2,
            "Desa/Kelurahan",
            "Desa/Kelurahan: “Desa Namnag” is not a village of Kabupaten Bangka Tengah. Did "
            "you mean Desa Namang?",
        ),
        problem(
            3,
            "Desa/Kelurahan",
            "Desa/Kelurahan: “Cambai” is not a village of Kecamatan Koba. Did you mean Desa "
            "Cambai (Kecamatan Namang)?",
        ),
        problem(
            4,
            "Kecamatan",
            "Kecamatan: “Pangkalan Bru” is not a kecamatan of Kabupaten Bangka Tengah. Did you "
            "mean Kecamatan Pangkalan Baru?",
        ),
        problem(
            5,
            "Desa/Kelurahan",
            "Desa/Kelurahan: “Atlantis” is not a village of Kabupaten Bangka Tengah.",
        ),
    ]


def test_villages_of_one_name_are_told_apart_by_their_kecamatan(bangka: Region) -> None:
    koba = Region.objects.get(code="19.04.01")
    twin = Region.objects.create(
        code="19.04.01.2099", name="Namang", level=Level.VILLAGE, kind=Kind.DESA, parent=koba
    )
    rows = [
        line(name="A", owner_name="B", village="Namang"),
        line(name="C", owner_name="D", village="Namang", kecamatan="Koba"),
        line(name="E", owner_name="F", village="Namang", kecamatan="Namang"),
    ]
    plan = plan_of(xlsx(rows), bangka)
    assert plan.counts == counts(created=2, bad=1)
    assert plan.problems == [
        problem(
            2,
            "Desa/Kelurahan",
            "Desa/Kelurahan: more than one village is named “Namang” (in Kecamatan Koba, "
            "Kecamatan Namang); fill in the kecamatan.",
        )
    ]
    assert [d.fields["village_id"] for d in plan.decisions] == [
        twin.pk,
        Region.objects.get(code=NAMANG).pk,
    ]


def test_two_rows_with_one_nib_are_both_bad(bangka: Region) -> None:
    rows = [
        line(name="Getas", owner_name="A", village="Namang", nib="1234567890123"),
        line(name="Lada", owner_name="B", village="Cambai"),
        line(name="Getas Dua", owner_name="C", village="Koba", nib="'1234567890123"),
    ]
    plan = plan_of(xlsx(rows), bangka)
    assert plan.counts == counts(created=1, bad=2)
    reason = "NIB: the NIB 1234567890123 is also in row %s; each IKM may be in the file once."
    assert plan.problems == [
        problem(4, "NIB", reason % 2),
        problem(2, "NIB", reason % 4),
    ]
    assert [d.row for d in plan.decisions] == [3]


def test_one_ikm_twice_in_the_file_makes_both_rows_bad_across_batches(
    bangka: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(registry_import, "BATCH_ROWS", 2)
    rows = [
        line(name="Getas Alfa", owner_name="A", village="Namang"),
        line(name="Lada", owner_name="B", village="Cambai"),
        line(name="Kopi", owner_name="C", village="Koba"),
        line(name="GETAS  ALFA", owner_name="D", village="Desa Namang"),
    ]
    plan = plan_of(xlsx(rows), bangka)
    assert plan.counts == counts(created=2, bad=2)
    reason = "Nama usaha: “%s” of Desa Namang is also in row %s; each IKM may be in the file once."
    assert plan.problems == [
        problem(5, "Nama usaha", reason % ("GETAS ALFA", 2)),
        problem(2, "Nama usaha", reason % ("GETAS ALFA", 5)),
    ]


def test_a_missing_column_refuses_the_file(bangka: Region) -> None:
    header = ["Nama usaha", "Desa", "Alamat", "NIB"]
    plan = plan_of(xlsx([["Getas", "Namang", "Jl. A", ""]], header=header), bangka)
    assert plan.refused and not plan.can_write
    assert plan.problems == [
        problem(
            1,
            "Nama pemilik",
            "The file has no column Nama pemilik; add it (the template has every column).",
        )
    ]


def test_a_file_longer_than_max_rows_is_refused(
    bangka: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(registry_import, "MAX_ROWS", 2)
    rows = [line(name=f"IKM {n}", owner_name="A", village="Namang") for n in range(3)]
    plan = plan_of(xlsx(rows), bangka)
    assert plan.refused
    assert plan.problems == [
        problem(4, "", "The file has more than 2 rows; split it into smaller files.")
    ]


def test_problems_are_kept_up_to_the_limit_and_all_counted(
    bangka: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(registry_import, "MAX_PROBLEMS", 2)
    rows = [line(name=f"IKM {n}", owner_name="A", village="Atlantis") for n in range(5)]
    plan = plan_of(xlsx(rows), bangka)
    assert plan.counts == counts(bad=5)
    assert (len(plan.problems), plan.problem_count) == (2, 5)
    assert [p["row"] for p in plan.problems] == [2, 3]


def test_rows_the_registry_refuses(
    ikm: dict[str, Enterprise], village_a: Region, bangka: Region
) -> None:
    registered(name="Lain", village=village_a, nib="7777777777777")
    registered(name="Madu Namang", village=ikm["Madu Pelawan"].village)
    registered(name="Madu-Namang", village=ikm["Madu Pelawan"].village)
    rows = [
        line(name="Tutup Lama", owner_name="A", village="Namang"),
        line(name="Baru", owner_name="B", village="Namang", nib="7777777777777"),
        line(name="madu namang", owner_name="C", village="Namang"),
        line(name="Rusip", owner_name="D", village="Namang", nib="1111111111111"),
        line(name="Rusip Namang", owner_name="E", village="Namang"),
    ]
    plan = plan_of(xlsx(rows), bangka)
    assert plan.counts == counts(bad=5)
    twice = (
        "Nama usaha: this row and row %s are both the registered IKM “Rusip Namang”; each IKM "
        "may be in the file once."
    )
    assert plan.problems == [
        problem(2, "Nama usaha", "Tutup Lama is archived; restore it before adding to it."),
        problem(
            3,
            "NIB",
            "NIB: the NIB 7777777777777 is registered to “Lain” in Desa Alfa, outside Kabupaten "
            "Bangka Tengah.",
        ),
        problem(
            4,
            "Nama usaha",
            "Nama usaha: 2 registered IKM of Desa Namang are named “Madu Namang”; add the NIB "
            "to tell which one this row is.",
        ),
        problem(6, "Nama usaha", twice % 5),
        problem(5, "Nama usaha", twice % 6),
    ]


def test_one_name_twice_in_a_village_is_one_ikm_unless_both_rows_have_an_nib(
    bangka: Region,
) -> None:
    rows = [
        line(name="Warung Siti", owner_name="A", village="Namang", nib="1000000000001"),
        line(name="Warung Siti", owner_name="B", village="Namang", nib="1000000000002"),
        line(name="Warung Siti", owner_name="C", village="Namang"),
    ]
    plan = plan_of(xlsx(rows), bangka)
    assert plan.counts == counts(created=1, bad=2)
    reason = (
        "Nama usaha: “Warung Siti” of Desa Namang is also in row %s; each IKM may be in the "
        "file once."
    )
    assert plan.problems == [
        problem(4, "Nama usaha", reason % 2),
        problem(2, "Nama usaha", reason % 4),
    ]
    assert [d.row for d in plan.decisions] == [3]
