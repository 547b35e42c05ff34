"""XLSX files written part by part (a ZIP of literal XML), for what openpyxl never writes: other
producers' prefixes, cells and rows without ``r``, white space between elements, rich shared
strings with phonetic runs, the 1904 date system, error cells, odd types; what is refused
(document type declarations, columns past XFD, absurd compression); and how little memory a
long sheet takes. Where calamine reads a file, the streaming reader must read it the same."""

from __future__ import annotations

import datetime as dt
import io
import time
import zipfile
from collections.abc import Iterable
from typing import Any

import pytest

from ovop.core.tables import TableError, read_upload
from ovop.core.tables_xlsx import open_xlsx
from ovop.core.tables_xlsx_cells import column_letters, custom_format, serial_value
from ovop.core.tables_xlsx_scan import _cells_pattern, scan_sheet
from tests.core.test_tables_xlsx import COLUMNS, assert_same, read

pytestmark = pytest.mark.usefixtures("english")

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'  # noqa: E501
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'  # noqa: E501
    "</Types>"
)
HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>Nama IKM</t></is></c><c r="B1" t="inlineStr"><is><t>Desa</t></is></c></row>'  # noqa: E501


def sheet_xml(rows: str, after: str = "", prefix: str = "") -> str:
    """A worksheet with ``rows`` as its sheetData (``after`` follows it)."""
    if prefix:
        p = prefix + ":"
        return (
            f'<?xml version="1.0"?><{p}worksheet xmlns:{prefix}="{MAIN}">'
            f"<{p}sheetData>{rows}</{p}sheetData>{after}</{p}worksheet>"
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{MAIN}" '
        f'xmlns:r="{RELATIONS}"><sheetData>{rows}</sheetData>{after}</worksheet>'
    )


def workbook(
    sheets: Iterable[str | tuple[str, str]],
    shared: str | None = None,
    styles: str | None = None,
    date1904: bool = False,
) -> bytes:
    """An XLSX file of worksheets (XML, or (state, XML)), shared strings and styles."""
    upload = io.BytesIO()
    entries, relations = [], []
    with zipfile.ZipFile(upload, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" '
            f'Type="{RELATIONS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        for number, sheet in enumerate(sheets, start=1):
            state, xml = sheet if isinstance(sheet, tuple) else ("visible", sheet)
            archive.writestr(f"xl/worksheets/sheet{number}.xml", xml)
            entries.append(
                f'<sheet name="S{number}" sheetId="{number}" state="{state}" r:id="rId{number}"/>'
            )
            relations.append(
                f'<Relationship Id="rId{number}" Type="{RELATIONS}/worksheet" '
                f'Target="worksheets/sheet{number}.xml"/>'
            )
        properties = '<workbookPr date1904="1"/>' if date1904 else ""
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONS}">{properties}'
            f"<sheets>{''.join(entries)}</sheets></workbook>",
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{PACKAGE}">{"".join(relations)}</Relationships>',
        )
        if shared is not None:
            archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">{shared}</sst>')
        if styles is not None:
            archive.writestr("xl/styles.xml", f'<styleSheet xmlns="{MAIN}">{styles}</styleSheet>')
    return upload.getvalue()


def rows_of(data: bytes, **options: Any) -> list[tuple[int, list[Any]]]:
    (table,) = read_upload(io.BytesIO(data), "ikm.xlsx", columns=COLUMNS, **options)
    return list(table.rows)


def refusal(data: bytes) -> str:
    with pytest.raises(TableError) as caught:
        for table in read_upload(io.BytesIO(data), "ikm.xlsx", columns=COLUMNS):
            list(table.rows)
    return caught.value.code


# --- as calamine reads them -------------------------------------------------------------------


def test_elements_with_a_prefix() -> None:
    """Some producers write <x:c>; a sparkline's <xm:f> after the data is no formula."""
    rows = (
        '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Nama IKM</x:t></x:is></x:c>'
        '<x:c r="B1" t="inlineStr"><x:is><x:t>Desa</x:t></x:is></x:c></x:row>'
        '<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>Kripik</x:t></x:is></x:c>'
        '<x:c r="B2"><x:v>12.5</x:v></x:c></x:row>'
    )
    after = (
        '<x:extLst><x:ext uri="x"><xm:sparklines xmlns:xm="urn:xm"><xm:f>S1!A1</xm:f>'
        "</xm:sparklines></x:ext></x:extLst>"
    )
    data = workbook([sheet_xml(rows, after, prefix="x")])
    assert assert_same(data)[1] == [(2, [("str", "'Kripik'"), ("float", "12.5")])]


def test_cells_and_rows_without_r_follow_the_one_before() -> None:
    rows = (
        HEADER + '<row r="3"><c><v>1</v></c><c><v>2</v></c><c r="E3"><v>3</v></c><c><v>4</v></c>'
        "</row><row><c><v>5</v></c></row>"
        '<row><c r="B9"><v>6</v></c></row><row><c r="a10"><v>7</v></c></row>'
    )
    data = workbook([sheet_xml(rows)])
    assert [(number, cells) for number, cells in rows_of(data)] == [
        (3, [1.0, 2.0, "", "", 3.0, 4.0]),
        (4, [5.0, "", "", "", "", ""]),
        (9, ["", 6.0, "", "", "", ""]),
        (10, [7.0, "", "", "", "", ""]),
    ]
    assert_same(data)


def test_white_space_between_elements_reads_as_without() -> None:
    cells = [
        ("A", '<c r="A{n}" t="inlineStr"><is><t xml:space="preserve"> a </t></is></c>'),
        ("B", '<c r="B{n}" t="str"><v>x y</v></c>'),
        ("C", '<c r="C{n}" t="str"><v></v></c>'),
        ("D", '<c r="D{n}"><f>1+1</f><v></v></c>'),
        ("E", '<c r="E{n}"><v>7</v></c>'),
    ]
    compact = HEADER + "".join(
        f'<row r="{n}">' + "".join(c.format(n=n) for _, c in cells) + "</row>" for n in (2, 3)
    )
    pretty = compact.replace("><", ">\n    <").replace("\n    </v>", "</v>")
    pretty = pretty.replace(">\n    </t>", "></t>")
    assert ">\n    <" in pretty
    assert (careful(pretty), careful(compact)) == (True, False)
    assert assert_same(workbook([sheet_xml(pretty)])) == assert_same(workbook([sheet_xml(compact)]))


def careful(rows: str) -> bool:
    """Whether the first pass found white space between elements (end tags to be followed)."""
    xlsx = open_xlsx(io.BytesIO(workbook([sheet_xml(rows)])))
    return scan_sheet(xlsx.book, xlsx.book.members["xl/worksheets/sheet1.xml"]).careful


def test_rich_shared_strings_leave_phonetic_runs_out() -> None:
    shared = (
        '<si><r><rPr><b/></rPr><t>漢</t></r><r><t>字</t></r><rPh sb="0" eb="1"><t>かん</t></rPh>'
        '<phoneticPr fontId="1"/></si>'
        '<si><t>A</t><r><t xml:space="preserve"> B </t></r></si>'
        "<si><t>  trimmed  </t></si><si/><si><t>Nama IKM</t></si><si><t>Desa</t></si>"
    )
    rows = (
        '<row r="1"><c r="A1" t="s"><v>4</v></c><c r="B1" t="s"><v>5</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c>'
        '<c r="C2" t="s"><v>2</v></c><c r="D2" t="s"><v>3</v></c></row>'
    )
    data = workbook([sheet_xml(rows)], shared=shared)
    assert rows_of(data) == [(2, ["漢字", "A B ", "trimmed", ""])]
    assert_same(data)


STYLES = (
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="[h]:mm"/>'
    '<numFmt numFmtId="165" formatCode="&quot;Rp&quot;#,##0;[Red]-#,##0"/></numFmts>'
    '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
    '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/>'
    '<xf numFmtId="165"/><xf numFmtId="22"/></cellXfs>'
)


@pytest.mark.parametrize("date1904", [False, True])
def test_dates_in_both_date_systems(date1904: bool) -> None:
    values = ["45293", "45293.5", "0.25", "1.5", "59", "60", "61", "-1", "3000000"]
    rows = HEADER + "".join(
        f'<row r="{n}"><c r="A{n}" s="1"><v>{v}</v></c><c r="B{n}" s="2"><v>{v}</v></c>'
        f'<c r="C{n}" s="3"><v>{v}</v></c><c r="D{n}" s="4"><v>{v}</v></c>'
        f'<c r="E{n}" s="01"><v>{v}</v></c></row>'
        for n, v in enumerate(values, start=2)
    )
    data = workbook([sheet_xml(rows)], styles=STYLES, date1904=date1904)
    found = rows_of(data)
    first = dt.date(2028, 1, 3) if date1904 else dt.date(2024, 1, 2)
    assert found[0][1][:4] == [first, dt.timedelta(days=45293), 45293.0, first]
    assert_same(data)


def test_odd_cells_read_as_calamine_reads_them() -> None:
    cells = [
        '<c r="A{n}" t="e"><v>#N/A</v></c>',
        '<c r="B{n}" t="e"><v></v></c>',
        '<c r="C{n}" t="b"><v>0</v></c><c r="D{n}" t="b"><v>true</v></c>',
        '<c r="E{n}" t="str"><v>a &amp; b</v></c>',
        '<c r="F{n}" t="d"><v>2024-01-02T03:04:05.5</v></c>',
        '<c r="G{n}" t="d"><v>2024-1-2</v></c><c r="H{n}" t="d"><v>3:04</v></c>',
        '<c r="I{n}" t="d"><v>2024-01-02 03:04</v></c>',
        '<c r="J{n}"><v>abc</v></c><c r="K{n}"><v> 1 </v></c><c r="L{n}"><v>1_0</v></c>',
        '<c r="M{n}"><v>inf</v></c><c r="N{n}"><v>1E3</v></c><c r="O{n}"><v>.5</v></c>',
        '<c r="P{n}"><v>1</v><f>A1</f></c>',
        '<c r="Q{n}" t="inlineStr"><v>9</v></c><c r="R{n}" t="inlineStr"><is/></c>',
        '<c r="S{n}" t="s"><v>x</v></c><c r="T{n}" t="s"><v>1</v></c>',
        '<c r="U{n}" t="inlineStr"><is><r><t>a</t></r><rPh><t>p</t></rPh><r><t>b</t></r></is></c>',
        '<c r="V{n}" s="9"><v>5</v></c><c r="W{n}" s="1"/><c r="X{n}" s="1"></c>',
        '<c r="Y{n}" t="s"><is><t>z</t></is></c><c r="Z{n}"><is><t> y </t></is></c>',
        '<c r="AA{n}"><f>1+1</f><v>2</v></c><c r="AB{n}" t="str"><f>A1</f><v>x</v></c>',
    ]
    rows = HEADER + "".join(
        f'<row r="{n}">' + "".join(cell.format(n=n) for cell in cells) + "</row>" for n in (2, 3)
    )
    shared = "<si><t>Nama IKM</t></si><si><t>Desa</t></si>"
    data = workbook([sheet_xml(rows)], shared=shared, styles=STYLES)
    found = assert_same(data)
    assert len(found[1][0][1]) == 28  # A to AB: W and X hold no value
    assert found[1][0][1][22:] == [("str", "''")] * 2 + [
        ("str", "'z'"),
        ("str", "'y'"),
        ("float", "2.0"),
        ("str", "'x'"),
    ]


@pytest.mark.parametrize(
    "cell",
    [
        '<c r="C2" t="e"><v>#SPILL!</v></c>',
        '<c r="C2" t="n"><v>abc</v></c>',
        '<c r="C2" t="zz"><v>1</v></c>',
        '<c r="C2" t="s"><v>7</v></c>',
    ],
)
def test_cells_calamine_refuses_are_damage(cell: str) -> None:
    data = workbook([sheet_xml(HEADER + f'<row r="2">{cell}</row>')])
    assert read(data, calamine=False) == read(data, calamine=True) == ["refused: damaged"]


def test_comments_make_the_first_pass_parse_the_sheet() -> None:
    rows = HEADER + '<row r="2"><!-- <c r="Z2"><v>1</v></c> --><c r="C2"><v>3</v></c></row>'
    rows += '<row r="3"><c s="1"/><c r="E3" s="1"><v>4</v></c></row>'
    data = workbook([sheet_xml(rows)], styles=STYLES)
    assert rows_of(data) == [(2, ["", "", 3.0, "", ""]), (3, ["", "", "", "", dt.date(1900, 1, 4)])]
    assert_same(data)


def test_a_value_far_down_and_to_the_right_widens_every_row() -> None:
    """The first pass finds the columns: here a first column G and a last column BA, both met
    only after thousands of rows (and cells with no value further out do not count)."""
    body = "".join(
        f'<row r="{n}"><c r="C{n}" t="inlineStr"><is><t>x{n}</t></is></c><c r="D{n}"><v>{n}</v>'
        f'</c><c r="BZ{n}" s="1"/></row>'
        for n in range(2, 6000)
    )
    body += '<row r="6000"><c r="BA6000"><v>1</v></c><c r="CA6000" s="1"></c></row>'
    header = '<row r="1"><c r="C1" t="inlineStr"><is><t>Nama IKM</t></is></c><c r="D1" t="inlineStr"><is><t>Desa</t></is></c></row>'  # noqa: E501
    rows = header + body.replace('r="C20"', 'r="A20"')
    data = workbook([sheet_xml(rows)], styles=STYLES)
    found = rows_of(data)
    assert len(found[0][1]) == 53 and found[-1] == (6000, [""] * 52 + [1.0])
    assert found[18] == (20, ["x20", "", "", 20.0] + [""] * 49)
    assert_same(data)


def test_hidden_sheets_and_a_sheet_without_values_are_skipped() -> None:
    shown = sheet_xml(HEADER + '<row r="2"><c r="A2"><v>1</v></c></row>')
    data = workbook([("hidden", shown), sheet_xml('<row r="1"><c r="A1" s="1"/></row>'), shown])
    found = assert_same(data)
    assert [table[0] for table in found[::2]] == ["S3"]


@pytest.mark.parametrize("columns", [(1, 1), (1, 12), (2, 26), (26, 27), (27, 702), (703, 16384)])
def test_the_first_pass_looks_for_cells_outside_the_columns_found(columns: tuple[int, int]) -> None:
    pattern = _cells_pattern("", columns)
    for column in [*range(1, 16385), 16385, 18279, 475254]:
        for letters in (column_letters(column), column_letters(column).lower()):
            found = pattern.search(f'<c r="{letters}7" t="s">'.encode()) is not None
            assert found == (not columns[0] <= column <= columns[1]), letters


# --- refused ----------------------------------------------------------------------------------

LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1 or "") + ";") * 10}">' for n in range(1, 10))
    + "]>"
)


@pytest.mark.parametrize("part", ["sheet", "shared strings"])
def test_entities_are_refused_at_once(part: str) -> None:
    bomb = LAUGHS + sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>')
    bomb = bomb.replace('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', "")
    if part == "sheet":
        data = workbook([bomb])
    else:
        shared = LAUGHS.replace("lolz", "sst") + f'<sst xmlns="{MAIN}"><si><t>&lol9;</t></si></sst>'
        data = workbook([sheet_xml(HEADER)])
        data = _with_part(data, "xl/sharedStrings.xml", shared)
    started = time.perf_counter()
    assert refusal(data) == "damaged"
    assert time.perf_counter() - started < 1


def _with_part(data: bytes, name: str, text: str | bytes) -> bytes:
    upload = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(upload, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr(name, text, zipfile.ZIP_DEFLATED)
    return upload.getvalue()


@pytest.mark.parametrize(
    "row",
    [
        '<row r="2"><c r="XFE2"><v>1</v></c></row>',
        '<row r="2"><c r="XFE2" s="1"/></row>',
        '<row r="2"><!-- --><c r="XFE2"><v>1</v></c></row>',
        '<row r="1048577"><c r="A1048577"><v>1</v></c></row>',
        '<row r="0"><c r="A1"><v>1</v></c></row>',
        '<row r="2"><c r="2"><v>1</v></c></row>',
        '<row r="2"><c r="A2"><v>1</v></row>',
    ],
)
def test_a_sheet_past_excel_s_bounds_or_malformed_is_damaged(row: str) -> None:
    assert refusal(workbook([sheet_xml(HEADER + row)])) == "damaged"


def test_a_part_that_would_decompress_absurdly_is_refused() -> None:
    huge = sheet_xml(HEADER + " " * (20 << 20))
    assert refusal(workbook([huge])) == "damaged"


def test_a_workbook_without_its_relationships_is_damaged() -> None:
    data = workbook([sheet_xml(HEADER)])
    upload = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(upload, "w") as target:
        for info in source.infolist():
            if info.filename != "xl/_rels/workbook.xml.rels":
                target.writestr(info, source.read(info))
    with pytest.raises(TableError) as caught:
        read_upload(upload, "ikm.xlsx", columns=COLUMNS)  # at once, before any table
    assert caught.value.code == "damaged"


# --- where calamine fails ---------------------------------------------------------------------


def test_a_date_past_year_9999_stays_a_number() -> None:
    """calamine panics (a Rust panic, no CalamineError) on a date serial beyond its range."""
    rows = HEADER + '<row r="2"><c r="A2" s="1"><v>1e300</v></c><c r="B2" s="2"><v>1e300</v></c>'
    rows += '<c r="C2" s="1"><v>-1e300</v></c></row>'
    assert rows_of(workbook([sheet_xml(rows)], styles=STYLES)) == [(2, [1e300, 1e300, -1e300])]


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("yyyy-mm-dd", 1),
        ("[h]:mm:ss", 2),
        ("[Red]0.00", None),
        ('"Rp"#,##0', None),
        ("#,##0*y", None),
        ("0.00;[Red]yyyy", None),
        ("hh:mm AM/PM", 1),
        ("[$-409]mmm d", 1),
        ("\\d0", None),
    ],
)
def test_number_formats_that_make_dates(code: str, kind: int | None) -> None:
    assert custom_format(code) == kind


def test_serial_numbers() -> None:
    assert serial_value(60.0, 1, False) == dt.date(1900, 2, 28)
    assert serial_value(0.5, 1, False) == dt.time(12)
    assert serial_value(1.0000115740740741, 1, True) == dt.datetime.combine(
        dt.date(1904, 1, 2), dt.time(0, 0, 1)
    )
    assert serial_value(float("nan"), 2, False) != serial_value(float("nan"), 2, False)
