"""The XLSX template of the IKM registry import: ``registry_template()``.

Sheet "IKM" has the header row the import reads (``REGISTRY_COLUMNS``, the unit in brackets
where there is one), frozen, with column widths; NIB, Telepon/HP and KBLI are formatted as text
so that Excel keeps every digit (a 13-digit NIB typed into a number cell becomes 1,23E+12);
Kategori produk and Jenis kelamin pemilik offer drop-down lists. Sheet "Petunjuk" explains
each column, how money and years may be written, and that the import is checked first and
written all or nothing. A hidden sheet "Pilihan" holds the categories the drop-down offers.

The template is an Indonesian form, as the office's own lists are: its headers are the
column names the import recognises and its instructions are written in Indonesian whatever
the language of the page it is downloaded from.
"""

from __future__ import annotations

import io

from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ovop.enterprises.models import Category
from ovop.enterprises.registry_import import MAX_ROWS
from ovop.enterprises.registry_import_rows import REGISTRY_COLUMNS

SHEET = "IKM"
INSTRUCTIONS = "Petunjuk"
CHOICES = "Pilihan"
#: The columns kept as text, so that Excel keeps their digits.
TEXT_COLUMNS = ("nib", "phone", "kbli")
TEXT_FORMAT = "@"
GENDER_CHOICES = ("Laki-laki", "Perempuan")

#: The header of each column in the template, where it differs from its first name.
HEADERS = {
    "workers_male": "Tenaga kerja laki-laki (orang)",
    "workers_female": "Tenaga kerja perempuan (orang)",
}
WIDTHS = {
    "name": 30,
    "owner_name": 24,
    "village": 20,
    "kecamatan": 18,
    "address": 34,
    "phone": 16,
    "nib": 16,
    "kbli": 8,
    "products": 36,
    "category": 26,
    "certificates": 44,
}

#: Each column: required?, what it holds, an example.
EXPLAINED: dict[str, tuple[str, str, str]] = {
    "name": ("Ya", "Nama usaha (IKM) seperti dikenal di desa.", "Getas Alfa"),
    "owner_name": ("Ya", "Nama pemilik atau pengelola usaha.", "Siti Aminah"),
    "owner_gender": ("Tidak", "Laki-laki atau Perempuan (boleh L atau P).", "Perempuan"),
    "village": (
        "Ya",
        "Desa atau kelurahan tempat usaha, dengan atau tanpa kata “Desa”/“Kel.”.",
        "Desa Namang",
    ),
    "kecamatan": (
        "Tidak",
        "Kecamatan; perlu bila ada dua desa bernama sama di kabupaten.",
        "Namang",
    ),
    "address": ("Tidak", "Alamat usaha (jalan, RT/RW, dusun).", "Jl. Raya Namang RT 02"),
    "phone": ("Tidak", "Nomor telepon atau HP; disimpan sebagai teks.", "0812-3456-7890"),
    "nib": ("Tidak", "Nomor Induk Berusaha dari OSS, 13 angka, sebagai teks.", "1234567890123"),
    "kbli": ("Tidak", "Kode KBLI 5 angka, sebagai teks.", "10794"),
    "founded_year": ("Tidak", "Tahun usaha berdiri, 4 angka.", "2015"),
    "workers_male": ("Tidak", "Jumlah tenaga kerja laki-laki (orang).", "2"),
    "workers_female": ("Tidak", "Jumlah tenaga kerja perempuan (orang).", "3"),
    "investment_idr": (
        "Tidak",
        "Nilai investasi dalam rupiah, di luar tanah dan bangunan.",
        "Rp 25.000.000",
    ),
    "annual_sales_idr": ("Tidak", "Omzet (penjualan) setahun dalam rupiah.", "1,5 juta"),
    "products": (
        "Tidak",
        "Nama produk; beberapa produk dipisahkan titik koma (;).",
        "Getas Tenggiri; Kemplang",
    ),
    "category": (
        "Bila ada produk",
        "Satu kategori untuk semua produk di baris itu; pilih dari daftar.",
        "Makanan dan minuman",
    ),
    "certificates": (
        "Tidak",
        "Jenis: nomor; beberapa sertifikat dipisahkan titik koma (;). Jenis: P-IRT, Halal, "
        "BPOM MD, SNI, Merek, Lainnya.",
        "P-IRT: 2061234567890-25; Halal: ID31110000123",
    ),
}

NOTES = (
    "Isi satu baris untuk setiap IKM pada lembar “IKM”, mulai dari baris 2. Jangan mengubah "
    "judul kolom; kolom yang tidak dipakai boleh dibiarkan kosong.",
    "Impor berlaku untuk seluruh berkas atau tidak sama sekali. Setelah diunggah, berkas "
    "diperiksa lebih dulu tanpa menyimpan apa pun, dan setiap baris yang salah ditampilkan "
    "dengan alasannya (lembar, baris, kolom). Data baru disimpan setelah semua baris benar "
    "dan Anda mengonfirmasi; bila penyimpanan gagal atau dibatalkan, tidak ada yang berubah.",
    "IKM yang sudah terdaftar dikenali dari NIB-nya, atau dari namanya di desa yang sama, dan "
    "datanya diperbarui. Sel yang kosong tidak menghapus data yang sudah ada; produk dan "
    "sertifikat yang tidak disebut tetap ada. Nama yang mirip dengan IKM lain di desa yang "
    "sama (misalnya “Getas Alfa” dan “Getas Alpha”) ditanyakan dulu kepada Anda: IKM baru "
    "atau bukan.",
    "Uang ditulis dalam rupiah penuh: 1500000, 1.500.000, Rp 1.500.000, 1,5 juta atau 750 rb. "
    "Titik memisahkan ribuan (selalu diikuti tiga angka); koma adalah tanda desimal.",
    "Tahun berdiri ditulis 4 angka (2015). Tanggal lengkap juga diterima bila hari ditulis "
    "lebih dulu: 12/01/2015, 12-01-2015 atau 12 Januari 2015; hanya tahunnya yang disimpan.",
    "NIB, Telepon/HP dan KBLI sudah berformat teks di templat ini supaya Excel tidak mengubah "
    "angkanya (misalnya NIB menjadi 1,23E+12 — baris seperti itu ditolak). Bila menyalin dari "
    "berkas lain, gunakan Tempel Khusus › Nilai.",
    f"Paling banyak {MAX_ROWS:,} baris IKM per berkas.".replace(",", "."),
)

_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")


def registry_template() -> bytes:
    """The template as the bytes of an XLSX file."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    _fill_instructions(book.create_sheet(INSTRUCTIONS))
    _fill_ikm(book, sheet)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def header(name: str) -> str:
    """The template's header of column ``name``."""
    return HEADERS.get(name, REGISTRY_COLUMNS[name][0])


def _letter(name: str) -> str:
    return str(get_column_letter(list(REGISTRY_COLUMNS).index(name) + 1))


def _fill_ikm(book: Workbook, sheet: Worksheet) -> None:
    sheet.append([header(name) for name in REGISTRY_COLUMNS])
    for cell in sheet[1]:
        cell.font, cell.fill, cell.alignment = _BOLD, _HEADER_FILL, _WRAP
    sheet.freeze_panes = "A2"
    for name in REGISTRY_COLUMNS:
        width = WIDTHS.get(name, max(12, min(24, len(header(name)) + 2)))
        sheet.column_dimensions[_letter(name)].width = width
    for name in TEXT_COLUMNS:
        sheet.column_dimensions[_letter(name)].number_format = TEXT_FORMAT
    last = MAX_ROWS + 1
    with translation.override("id"):
        categories = [str(label) for label in Category.labels]
    choices = book.create_sheet(CHOICES)
    for row, label in enumerate(categories, start=1):
        choices.cell(row=row, column=1, value=label)
    choices.sheet_state = "hidden"
    _drop_down(sheet, "category", f"{CHOICES}!$A$1:$A${len(categories)}", last)
    _drop_down(sheet, "owner_gender", '"' + ",".join(GENDER_CHOICES) + '"', last)


def _drop_down(sheet: Worksheet, name: str, formula: str, last: int) -> None:
    letter = _letter(name)
    validation = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=header(name),
        error="Pilih salah satu isi daftar.",
    )
    validation.add(f"{letter}2:{letter}{last}")
    sheet.add_data_validation(validation)


def _fill_instructions(sheet: Worksheet) -> None:
    sheet.append(["Petunjuk pengisian daftar IKM"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    for note in NOTES:
        sheet.append([note])
        sheet.merge_cells(
            start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=4
        )
        sheet.cell(row=sheet.max_row, column=1).alignment = _WRAP
        sheet.row_dimensions[sheet.max_row].height = 15 * (len(note) // 110 + 1)
    sheet.append([])
    sheet.append(["Kolom", "Wajib diisi", "Penjelasan", "Contoh"])
    for cell in sheet[sheet.max_row]:
        cell.font, cell.fill = _BOLD, _HEADER_FILL
    for name, (required, explained, example) in EXPLAINED.items():
        sheet.append([header(name), required, explained, example])
        for cell in sheet[sheet.max_row]:
            cell.alignment = _WRAP
    for letter, width in zip("ABCD", (30, 16, 60, 44), strict=True):
        sheet.column_dimensions[letter].width = width
