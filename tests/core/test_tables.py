"""Uploaded spreadsheets read into rows: real files built here (XLSX with a title row and merged
headers, ODS, CSV in the encodings and delimiters offices send), each refusal with its reason,
and rows handed out as they are read."""

from __future__ import annotations

import datetime
import io
import random
import zipfile
from typing import Any

import pytest
from django.utils import translation
from openpyxl import Workbook

from ovop.core.tables import Table, TableError, header_key, read_upload

pytestmark = pytest.mark.usefixtures("english")

COLUMNS = {
    "name": ["Nama IKM", "Nama usaha"],
    "village": ["Desa", "Kelurahan"],
    "sales": ["Omzet"],
}
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def xlsx(workbook: Workbook) -> io.BytesIO:
    upload = io.BytesIO()
    workbook.save(upload)
    upload.seek(0)
    return upload


def tables(data: bytes | io.BytesIO, name: str = "ikm.xlsx", **options: Any) -> list[Table]:
    upload = data if isinstance(data, io.BytesIO) else io.BytesIO(data)
    return list(read_upload(upload, name, columns=options.pop("columns", COLUMNS), **options))


def one(data: bytes | io.BytesIO, name: str = "ikm.xlsx", **options: Any) -> Table:
    (table,) = tables(data, name, **options)
    return table


def refusal(data: bytes | io.BytesIO, name: str = "ikm.xlsx", **options: Any) -> TableError:
    with pytest.raises(TableError) as caught:
        tables(data, name, **options)
    return caught.value


def rows(table: Table) -> list[tuple[int, list[Any]]]:
    return list(table.rows)


# --- workbooks --------------------------------------------------------------------------------


def office_workbook() -> Workbook:
    """A title row (merged) and a blank row above the header, a blank row between the data."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "IKM 2024"
    sheet["A1"] = "Daftar IKM Kabupaten Bangka Tengah"
    sheet.merge_cells("A1:D1")
    sheet.append([])
    sheet.append(["No", " NAMA IKM ", "Desa", "Omzet (Rp/bulan)"])
    sheet.append([1, "Kripik Tenggiri", "Desa Air Mesu", 1500000])
    sheet.append([])
    sheet.append([2, "Kopi Koba", "Koba", "1,5 juta"])
    sheet.append([3, "Madu", None, datetime.date(2024, 1, 12)])
    return book


def test_an_office_workbook_reads_under_its_title_row() -> None:
    table = one(xlsx(office_workbook()))
    assert table.sheet == "IKM 2024"
    assert table.header_row == 3
    assert table.labels == ["No", "NAMA IKM", "Desa", "Omzet (Rp/bulan)"]
    assert table.headers == ["no", "nama ikm", "desa", "omzet"]
    assert table.columns == {"name": 1, "village": 2, "sales": 3}
    assert rows(table) == [
        (4, [1.0, "Kripik Tenggiri", "Desa Air Mesu", 1500000.0]),
        (6, [2.0, "Kopi Koba", "Koba", "1,5 juta"]),
        (7, [3.0, "Madu", "", datetime.date(2024, 1, 12)]),
    ]


def test_every_sheet_with_a_header_is_a_table_and_hidden_ones_are_skipped() -> None:
    book = office_workbook()
    notes = book.create_sheet("Petunjuk")
    notes.append(["Isi satu baris per IKM."])
    hidden = book.create_sheet("Daftar desa")
    hidden.append(["Desa", "Kelurahan"])
    hidden.sheet_state = "hidden"
    book.create_sheet("Kosong")
    second = book.create_sheet("IKM 2025")
    second.append(["Nama usaha", "Kelurahan"])
    second.append(["Lada Putih", "Berok"])
    found = tables(xlsx(book))
    assert [(t.sheet, t.header_row, t.columns) for t in found] == [
        ("IKM 2024", 3, {"name": 1, "village": 2, "sales": 3}),
        ("IKM 2025", 1, {"name": 0, "village": 1}),
    ]
    assert rows(found[1]) == [(2, ["Lada Putih", "Berok"])]


def test_a_two_row_header_takes_its_merged_cells_from_above() -> None:
    """Columns B to F (A is empty): "No", "Nama IKM" and "Desa" merged over rows 3 and 4,
    "Omzet (Rp)" over the years 2023 and 2024 of row 4."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["B1"] = "Omzet IKM per tahun"
    sheet.merge_cells("B1:F1")
    for cell, text in (("B3", "No"), ("C3", "Nama IKM"), ("F3", "Desa"), ("D3", "Omzet (Rp)")):
        sheet[cell] = text
    for merged in ("B3:B4", "C3:C4", "F3:F4", "D3:E3"):
        sheet.merge_cells(merged)
    sheet["D4"], sheet["E4"] = 2023, 2024
    sheet.append([None, 1, "Kripik", 1_000_000, 1_200_000, "Namang"])
    columns = {"name": ["Nama IKM"], "village": ["Desa"], "2023": ["2023"], "2024": ["2024"]}
    table = one(xlsx(book), columns=columns, min_matches=4)
    assert table.header_row == 4
    assert table.labels == ["No", "Nama IKM", "2023", "2024", "Desa"]
    assert table.columns == {"name": 1, "2023": 2, "2024": 3, "village": 4}
    assert rows(table) == [(5, [1.0, "Kripik", 1000000.0, 1200000.0, "Namang"])]


def test_a_header_cell_merged_across_columns_names_each_of_them() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Nama IKM", "Omzet", None, "Desa"])
    sheet.merge_cells("B1:C1")
    sheet.append(["Kripik", 1, 2, "Koba"])
    table = one(xlsx(book))
    assert table.labels == ["Nama IKM", "Omzet", "Omzet", "Desa"]
    assert table.columns == {"name": 0, "sales": 1, "village": 3}


ODS_TYPE = "application/vnd.oasis.opendocument.spreadsheet"
MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODS_TYPE}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def ods(rows_xml: str) -> bytes:
    namespaces = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {namespaces} '
        'office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Data">'
        f"{rows_xml}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    upload = io.BytesIO()
    with zipfile.ZipFile(upload, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODS_TYPE)
        archive.writestr("META-INF/manifest.xml", MANIFEST)
        archive.writestr("content.xml", content)
    return upload.getvalue()


def ods_row(*cells: str | int) -> str:
    def cell(value: str | int) -> str:
        if isinstance(value, int):
            return f'<table:table-cell office:value-type="float" office:value="{value}"/>'
        return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'  # noqa: E501

    return "<table:table-row>" + "".join(cell(value) for value in cells) + "</table:table-row>"


def test_an_ods_spreadsheet() -> None:
    data = ods(ods_row("Nama IKM", "Desa") + ods_row("Kripik", 1500000))
    table = one(data, "ikm.ods")
    assert (table.sheet, table.header_row, table.columns) == ("Data", 1, {"name": 0, "village": 1})
    assert rows(table) == [(2, ["Kripik", 1500000.0])]


def test_the_kind_of_file_comes_from_its_bytes_not_its_name() -> None:
    assert one(xlsx(office_workbook()), "ikm.csv").header_row == 3
    assert one(b"Nama IKM;Desa\nKripik;Koba\n", "ikm.xlsx").columns == {"name": 0, "village": 1}


# --- text files -------------------------------------------------------------------------------


def test_a_windows_1252_csv_with_semicolons_and_a_title_line() -> None:
    text = (
        "Daftar IKM;;;\r\n;;;\r\nNo;Nama IKM;Desa;Omzet (Rp)\r\n1;Kripik Ikan;Air Mésu;1,5 juta\r\n"
    )
    data = text.encode("cp1252")
    table = one(data, "ikm.csv")
    assert (table.sheet, table.header_row) == ("ikm.csv", 3)
    assert table.columns == {"name": 1, "village": 2, "sales": 3}
    assert rows(table) == [(4, ["1", "Kripik Ikan", "Air Mésu", "1,5 juta"])]


def test_a_kobo_export_quotes_every_field() -> None:
    data = (
        b'"start";"Nama IKM";"Desa";"Omzet"\n'
        b'"2024-01-12T08:00:00";"Kripik; Ikan";"Koba";"1.500.000"\n'
        b'"2024-01-13T08:00:00";"Kopi ""Koba""\nbaris dua";"Namang";""\n'
        b'"2024-01-14T08:00:00";"Lada";"Berok";"750 rb"\n'
    )
    table = one(data, "kobo.csv")
    assert table.columns == {"name": 1, "village": 2, "sales": 3}
    assert rows(table) == [
        (2, ["2024-01-12T08:00:00", "Kripik; Ikan", "Koba", "1.500.000"]),
        (3, ["2024-01-13T08:00:00", 'Kopi "Koba"\nbaris dua', "Namang", ""]),
        (4, ["2024-01-14T08:00:00", "Lada", "Berok", "750 rb"]),
    ]


def test_a_csv_utf8_with_a_byte_order_mark_and_commas() -> None:
    data = '\ufeffNama IKM,Desa,Omzet\nKripik,Air Mesu,"1,5"\n\n,,\nKopi,Koba\n'.encode()
    table = one(data, "ikm.csv")
    assert table.labels == ["Nama IKM", "Desa", "Omzet"]
    assert table.columns == {"name": 0, "village": 1, "sales": 2}
    assert rows(table) == [(2, ["Kripik", "Air Mesu", "1,5"]), (5, ["Kopi", "Koba", ""])]


def test_the_delimiter_is_the_one_that_splits_the_header() -> None:
    """Decimal commas in the data do not make a semicolon file a comma one."""
    data = b"Nama IKM;Desa;Omzet\nA,B;C,D;1,5\nE;F;2,5\n"
    table = one(data, "ikm.csv")
    assert rows(table) == [(2, ["A,B", "C,D", "1,5"]), (3, ["E", "F", "2,5"])]


def test_unicode_text_from_excel_is_utf16_with_tabs() -> None:
    data = "Nama IKM\tDesa\r\nKripik\tSungai Sélan\r\n".encode("utf-16")
    assert rows(one(data, "ikm.txt")) == [(2, ["Kripik", "Sungai Sélan"])]


def test_rows_are_read_as_they_are_asked_for() -> None:
    upload = io.BytesIO(b"Nama IKM;Desa\n" + b"Kripik;Koba\n" * 300_000)
    table = one(upload, "big.csv")
    number, cells = next(table.rows)
    assert (number, cells) == (2, ["Kripik", "Koba"])
    assert upload.tell() < len(upload.getvalue()) / 2
    assert sum(1 for _ in table.rows) == 299_999
    assert not upload.closed


# --- refusals ---------------------------------------------------------------------------------


def truncated_xlsx() -> bytes:
    data = xlsx(office_workbook()).getvalue()
    return data[: len(data) // 2]


def fake_encrypted_xlsx() -> bytes:
    directory = "Root Entry".encode("utf-16-le") + b"\x00" * 44
    directory += "EncryptionInfo".encode("utf-16-le") + b"\x00" * 36
    directory += "EncryptedPackage".encode("utf-16-le") + b"\x00" * 32
    return OLE2 + b"\x00" * 504 + directory + random.Random(7).randbytes(2048)


def fake_xls() -> bytes:
    return OLE2 + b"\x00" * 504 + "Workbook".encode("utf-16-le") + b"\x00" * 512


def fake_zip(*names: str) -> bytes:
    upload = io.BytesIO()
    with zipfile.ZipFile(upload, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return upload.getvalue()


NOT_SPREADSHEET = "File: this file is not a spreadsheet (XLSX, XLS, ODS or CSV)."
DAMAGED = (
    "File: the file is damaged or incomplete — open it in Excel, save it again and upload it again."
)
PASSWORD = (
    "File: the file is protected by a password — remove the password in Excel and upload again."
)

REFUSED = [
    (b"", "empty", "File: the file is empty."),
    (b" \r\n\t ", "empty", "File: the file is empty."),
    (random.Random(1).randbytes(4096), "not_spreadsheet", NOT_SPREADSHEET),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "not_spreadsheet", NOT_SPREADSHEET),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not_spreadsheet", NOT_SPREADSHEET),
    (fake_zip("word/document.xml", "[Content_Types].xml"), "not_spreadsheet", NOT_SPREADSHEET),
    (OLE2 + b"\x00" * 1024, "not_spreadsheet", NOT_SPREADSHEET),  # an OLE2 file, not Excel's
    (truncated_xlsx(), "damaged", DAMAGED),
    (b"PK\x03\x04" + b"\x00" * 200, "damaged", DAMAGED),
    (fake_zip("xl/workbook.xml"), "damaged", DAMAGED),  # a workbook without its parts
    (fake_xls(), "damaged", DAMAGED),
    (fake_encrypted_xlsx(), "password", PASSWORD),
    (
        b"Nama IKM;Desa\n\x81\x8d\x90;Koba\n",  # neither UTF-8 nor Windows-1252
        "encoding",
        "File: the characters of this text file cannot be read; save it from Excel as “CSV UTF-8”.",
    ),
]


@pytest.mark.parametrize(("data", "code", "message"), REFUSED)
def test_refuses_with_the_reason(data: bytes, code: str, message: str) -> None:
    error = refusal(data)
    assert error.code == code
    assert str(error) == message


def test_reasons_in_indonesian_name_the_field() -> None:
    with translation.override("id"):
        assert refusal(fake_encrypted_xlsx()).describe("Berkas impor") == (
            "Berkas impor: berkas ini dilindungi kata sandi — hapus kata sandinya di Excel, lalu "
            "unggah lagi."
        )
        assert str(refusal(random.Random(1).randbytes(100))) == (
            "Berkas: berkas ini bukan lembar kerja (XLSX, XLS, ODS, atau CSV)."
        )


def test_a_file_over_the_limit_is_refused_with_its_size() -> None:
    error = refusal(b"Nama IKM;Desa\n" + b"Kripik;Koba\n" * 300, max_bytes=2048)
    assert error.code == "too_large"
    assert error.describe("Impor") == (
        "Impor: the file is 3.5\xa0KB; at most 2.0\xa0KB can be read. Split it into smaller files."
    )
    assert one(b"Nama IKM;Desa\n" + b"Kripik;Koba\n" * 100, "ikm.csv", max_bytes=2048)


def test_the_limit_defaults_to_the_setting(settings: Any) -> None:
    settings.OVOP_IMPORT_MAX_BYTES = 20
    assert refusal(b"Nama IKM;Desa\nKripik;Koba\n").code == "too_large"
    settings.OVOP_IMPORT_MAX_BYTES = 200 * 1024 * 1024
    assert one(b"Nama IKM;Desa\nKripik;Koba\n").header_row == 1


NO_HEADER = (
    "File: no row at the top of the file names the columns; the header row must name at least "
    "{} of: Nama IKM, Desa, Omzet."
)


def test_a_file_without_the_expected_header_is_refused() -> None:
    error = refusal(b"Produk;Harga\nKripik;15000\n", "ikm.csv")
    assert (error.code, str(error)) == ("no_header", NO_HEADER.format(2))
    error = refusal(b"Nama IKM;Harga\nKripik;15000\n", "ikm.csv", min_matches=3)
    assert str(error) == NO_HEADER.format(3)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Produk", "Harga"])
    found = read_upload(xlsx(book), "ikm.xlsx", columns=COLUMNS)  # the file opens …
    with pytest.raises(TableError) as caught:
        list(found)  # … and has no table
    assert caught.value.code == "no_header"


def test_the_header_is_searched_among_the_first_30_rows() -> None:
    titles = b"".join(b"Judul %d\n" % n for n in range(29))
    assert one(titles + b"Nama IKM;Desa\nA;B\n", "ikm.csv").header_row == 30
    assert refusal(titles + b"Judul\nNama IKM;Desa\nA;B\n", "ikm.csv").code == "no_header"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Omzet (Rp/bulan)", "omzet"),
        ("  OMZET  ", "omzet"),
        ("Omzet\n[rupiah]", "omzet"),
        ("Nama_IKM", "nama ikm"),
        ("Nama  IKM:", "nama ikm"),
        ("No.", "no"),
        (2024.0, "2024"),
        ("Jenis Kelamin (L/P)", "jenis kelamin"),
    ],
)
def test_header_key(text: object, key: str) -> None:
    assert header_key(text) == key
