"""Issue 13, the evaluation report (PDF, XLSX, ``ovop report``, the page's buttons, the API's
``report/`` and ``targets/``) on the small hand-made world of conftest (difference-in-
differences of exactly Rp 100.000) and on a programme with nothing at all: who may download
it, that its numbers are the API's, that an empty part says "no data yet" and why, and the
command. The demo's report is in ``test_report_demo`` (it needs the demo's module-wide load)."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise
from ovop.evaluation.report import report_build
from ovop.evaluation.report_budget import constraint_blocks
from ovop.evaluation.report_parts import Figure, Report, Table, Text
from ovop.evaluation.report_pdf import report_html, report_pdf
from ovop.evaluation.report_xlsx import report_workbook
from ovop.monitoring.choices import Arm, EntryStatus
from ovop.monitoring.models import Indicator, Target
from ovop.planning.choices import SolveStatus
from ovop.planning.models import Scenario
from ovop.programme.models import Programme, ProgrammeVillage
from ovop.regions.models import Region
from tests.conftest import login
from tests.evaluation.conftest import BEFORE, make_round, respond
from tests.planning.conftest_reports import JT, Books, books
from tests.refusals import API_ANONYMOUS, LOGIN, Attempt, matrix, refused

__all__ = ["books"]
READERS = ("admin_user", "officer", "viewer")
API = "/api/v1/evaluation/programmes"
ATTEMPTS = {
    "pdf": Attempt("get", lambda p: f"/evaluation/programmes/{p.pk}/report.pdf?year=2025"),
    "xlsx": Attempt("get", lambda p: f"/evaluation/programmes/{p.pk}/report.xlsx?year=2025"),
    "api_report": Attempt("get", lambda p: f"{API}/{p.pk}/report/?year=2025"),
    "api_targets": Attempt("get", lambda p: f"{API}/{p.pk}/targets/"),
}
ANSWERS = {"facilitator": 403, "owner": 403, "assessor": 403, "anonymous": LOGIN}
EXCEPTIONS = {("anonymous", name): API_ANONYMOUS for name in ("api_report", "api_targets")}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: The row of a table sheet's column headings (``report_xlsx.HEAD``).
HEAD = 4


@pytest.mark.parametrize(("persona", "action", "expected"), matrix(ANSWERS, ATTEMPTS, EXCEPTIONS))
def test_refused(
    client: Client,
    request: pytest.FixtureRequest,
    world: Programme,
    persona: str,
    action: str,
    expected: object,
) -> None:
    refused(
        client, request, persona, ATTEMPTS[action], expected, records=world, apps=("evaluation",)
    )


@pytest.mark.parametrize("persona", READERS)
def test_readers_download_the_pdf_and_the_workbook(
    client: Client, request: pytest.FixtureRequest, world: Programme, persona: str
) -> None:
    login(client, request.getfixturevalue(persona))
    pdf = ATTEMPTS["pdf"].send(client, world)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert 'filename="evaluasi-kabupaten-uji-2025.pdf"' in pdf["Content-Disposition"]
    assert pdf.content.startswith(b"%PDF")
    book = ATTEMPTS["xlsx"].send(client, world)
    assert book.status_code == 200 and book["Content-Type"] == XLSX
    assert "evaluasi-kabupaten-uji-2025.xlsx" in book["Content-Disposition"]
    english = client.get(f"/evaluation/programmes/{world.pk}/report.xlsx?year=2025&lang=en")
    assert "evaluation-kabupaten-uji-2025.xlsx" in english["Content-Disposition"]


def test_the_page_offers_the_report_of_each_round_year(
    client: Client, viewer: User, world: Programme
) -> None:
    login(client, viewer)
    page = client.get(f"/evaluation/programmes/{world.pk}/").content.decode()
    assert 'id="report-form"' in page
    assert '<option value="2025">2025</option><option value="2022">2022</option>' in page
    assert "Buat laporan evaluasi (PDF)" in page and "Buat laporan evaluasi (XLSX)" in page
    assert f'action="/evaluation/programmes/{world.pk}/report/"' in page


def _download(client: Client, world: Programme) -> bytes:
    response = ATTEMPTS["xlsx"].send(client, world)
    return b"".join(response.streaming_content)


def _sheet(content: bytes, name: str) -> list[dict[str, Any]]:
    """A table sheet's data rows by column heading (after the headings, up to a blank row)."""
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True)[name]
    heads = next(sheet.iter_rows(min_row=HEAD, max_row=HEAD, values_only=True))
    rows = []
    for row in sheet.iter_rows(min_row=HEAD + 1, values_only=True):
        if all(v is None for v in row):
            break
        rows.append(dict(zip(heads, row, strict=False)))
    return rows


def _target(world: Programme, value: int, year: int) -> Target:
    omzet = Indicator.objects.get(code="omzet")
    return Target.objects.create(
        indicator=omzet, region=world.regency, year=year, target_value=Decimal(value)
    )


def test_the_workbook_holds_the_numbers_the_api_gives(
    client: Client, officer: User, world: Programme
) -> None:
    _target(world, 3_000_000, 2025)  # the participants' 2025 mean: Rp 3.300.000
    _target(world, 0, 2022)  # a target of zero
    login(client, officer)
    impact = client.get(f"{API}/{world.pk}/indicators/omzet/?year=2025").json()
    targets = client.get(f"{API}/{world.pk}/targets/?year=2025").json()["targets"]
    content = _download(client, world)
    (omzet,) = _sheet(content, "Tabel 4.1")
    assert omzet["Dampak"] == impact["headline"]["estimate"] == pytest.approx(100_000)
    assert [omzet["Batas bawah"], omzet["Batas atas"]] == impact["headline"]["ci95"]
    assert omzet["p (dalam satuan)"] == impact["headline"]["p"]
    assert omzet["Peserta"] == omzet["Pembanding"] == 5
    goals = _sheet(content, "Tabel 1.1")
    assert [r["Capaian (%)"] for r in goals] == [t["achievement_pct"] for t in targets]
    assert [t["achievement_pct"] for t in targets] == [110.0, None]
    assert goals[1]["Kategori, atau alasan tidak ada"] == targets[1]["reason"]
    assert targets[1]["reason"] == "target nol tidak dapat menjadi tolok ukur"
    assert goals[0]["Kategori, atau alasan tidak ada"] == "sangat efektif"


def test_the_report_api_gives_every_sheet_of_the_workbook(
    client: Client, viewer: User, world: Programme
) -> None:
    _target(world, 3_000_000, 2025)
    login(client, viewer)
    data = ATTEMPTS["api_report"].send(client, world).json()
    content = _download(client, world)
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    tables = [b for c in data["chapters"] for b in c["blocks"] if b["kind"] != "text"]
    assert book.sheetnames == ["Daftar isi", *(t["label"] for t in tables)]
    for table in tables:
        sheet = book[table["label"]]
        heads = next(sheet.iter_rows(min_row=HEAD, max_row=HEAD, values_only=True))
        rows = [list(r) for r in sheet.iter_rows(min_row=HEAD + 1, values_only=True)]
        assert [h for h in heads if h] == table["columns"], table["label"]
        for got, want in zip(rows, table["rows"], strict=False):
            # a spreadsheet keeps about 16 significant digits (Excel shows 15)
            assert got == [pytest.approx(w, rel=1e-14) if isinstance(w, float) else w for w in want]
        assert len(rows) >= len(table["rows"]), table["label"]


def test_the_pdf_prints_the_api_numbers_rounded(officer: User, world: Programme) -> None:
    report = report_build(user=officer, programme=world, year=2025, language="id")
    html = report_html(report)
    assert "Tabel 4.1" in html and "Gambar 4.1" in html
    assert "Rp\xa0100.000" in html  # the effect, as the API gives it, to the rupiah
    english = report_html(report_build(user=officer, programme=world, year=2025, language="en"))
    assert "Table 4.1" in english and "Figure 4.1" in english and "Tabel" not in english


def _has_no_data(report: Report, phrase: str) -> dict[str, bool]:
    return {
        chapter.key: any(b.kind == "text" and b.empty and phrase in b.text for b in chapter.blocks)
        for chapter in report.chapters
    }


def test_an_empty_programme_says_no_data_yet_in_every_chapter(
    client: Client, officer: User, programme: Programme
) -> None:
    """No village, no round, no target, no fiscal year: every chapter says why it is empty;
    the PDF, the workbook, the page's downloads and the API all answer."""
    report = report_build(user=officer, programme=programme, year=2025, language="id")
    assert _has_no_data(report, "Belum ada data: ") == dict.fromkeys(
        [c.key for c in report.chapters], True
    )
    assert not report.sheets()  # no table at all
    assert report_pdf(report).startswith(b"%PDF")
    assert report_workbook(report).read().startswith(b"PK")
    html = report_html(report)
    assert html.count('<p class="empty">Belum ada data: ') >= 8
    english = report_build(user=officer, programme=programme, year=2025, language="en")
    assert all(_has_no_data(english, "No data yet: ").values())
    login(client, officer)
    assert ATTEMPTS["pdf"].send(client, programme).status_code == 200
    assert ATTEMPTS["xlsx"].send(client, programme).status_code == 200
    data = ATTEMPTS["api_report"].send(client, programme).json()
    assert [c["number"] for c in data["chapters"]] == list(range(1, 9))
    assert all(any(b.get("no_data") for b in c["blocks"]) for c in data["chapters"])


def test_a_half_entered_round_says_why_there_is_no_estimate(
    officer: User, programme: Programme, membership_a: ProgrammeVillage, village_b: Region
) -> None:
    """Two of five participants have not finished the follow-up: three are too few for a
    comparison; the report says so, and counts the entries left out."""
    firms = {
        Arm.PARTICIPANT: [
            Enterprise.objects.create(name=f"P{n}", village=membership_a.village) for n in range(5)
        ],
        Arm.COMPARISON: [
            Enterprise.objects.create(name=f"C{n}", village=village_b) for n in range(5)
        ],
    }
    baseline, follow_up = make_round(programme, 2022), make_round(programme, 2025)
    for arm, enterprises in firms.items():
        respond(baseline, enterprises, arm, BEFORE)
    respond(follow_up, firms[Arm.PARTICIPANT][:3], Arm.PARTICIPANT, BEFORE[:3])
    respond(
        follow_up,
        firms[Arm.PARTICIPANT][3:],
        Arm.PARTICIPANT,
        BEFORE[3:],
        status=EntryStatus.DRAFT,
    )
    respond(follow_up, firms[Arm.COMPARISON], Arm.COMPARISON, BEFORE)
    report = report_build(user=officer, programme=programme, year=2025, language="en")
    economic = next(c for c in report.chapters if c.key == "economic")
    table = economic.tables[0]
    (row,) = table.rows
    remark = row[-1].text
    assert "too few enterprises: 3 participants and 5 in the comparison group" in remark
    left_out = next(
        b for b in economic.blocks if b.kind == "text" and b.items and "unfinished" in b.items[0]
    )
    assert left_out.items == ("Monthly revenue: 2 values of unfinished entries, 0 values flagged",)


def test_a_year_keeps_to_the_rounds_of_that_year_and_before(
    english_client: Client, officer: User, world: Programme
) -> None:
    login(english_client, officer)
    earlier = english_client.get(f"{API}/{world.pk}/indicators/omzet/?year=2024").json()
    assert earlier["years"] == [2022] and earlier["design"] == ""
    report = report_build(user=officer, programme=world, year=2024, language="en")
    economic = next(c for c in report.chapters if c.key == "economic")
    remark = economic.tables[0].rows[0][-1].text
    assert remark == earlier["reasons"]["did"]
    assert "only one round (2022) measures it" in remark


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/evaluation/programmes/{pk}/report.pdf?year=2010", 404),
        ("/evaluation/programmes/{pk}/report.xlsx?year=abc", 404),
        ("/evaluation/programmes/{pk}/report.xlsx", 404),
        ("/evaluation/programmes/999999/report.pdf?year=2025", 404),
        (API + "/{pk}/report/?year=2010", 404),
        (API + "/{pk}/report/?year=abc", 400),
        (API + "/{pk}/report/?year=2025&lang=fr", 400),
        (API + "/{pk}/indicators/?year=abc", 400),
        (API + "/{pk}/efficiency/?year=1800", 400),
    ],
)
def test_a_year_or_language_refused(
    client: Client, officer: User, world: Programme, url: str, expected: int
) -> None:
    login(client, officer)
    assert client.get(url.format(pk=world.pk)).status_code == expected


def test_the_command_writes_both_files(world: Programme, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command(
        "report",
        "--programme",
        str(world.pk),
        "--year",
        "2025",
        "--output",
        str(tmp_path),
        stdout=out,
    )
    pdf, xlsx = (
        tmp_path / "evaluasi-kabupaten-uji-2025.pdf",
        tmp_path / "evaluasi-kabupaten-uji-2025.xlsx",
    )
    assert pdf.read_bytes().startswith(b"%PDF") and xlsx.read_bytes().startswith(b"PK")
    lines = out.getvalue().splitlines()
    assert lines[:2] == [str(pdf.resolve()), str(xlsx.resolve())]
    assert lines[2].startswith("Dibuat dalam ") and lines[2].endswith(" detik.")
    call_command(
        "report", "--programme", str(world.pk), "--year", "2025", "--lang", "en",
        "--output", str(tmp_path / "en"), stdout=io.StringIO(),
    )  # fmt: skip
    assert (tmp_path / "en" / "evaluation-kabupaten-uji-2025.pdf").exists()


def test_the_command_refuses_an_unknown_programme_or_year(world: Programme) -> None:
    with pytest.raises(CommandError, match="Tidak ada program 999999"):
        call_command("report", "--programme", "999999", "--year", "2025")
    with pytest.raises(CommandError, match="tidak memiliki tahun 2010"):
        call_command("report", "--programme", str(world.pk), "--year", "2010")


def _count(officer: User, programme: Programme) -> int:
    with CaptureQueriesContext(connection) as queries:
        report_build(user=officer, programme=programme, year=2025, language="id")
    return len(queries)


def test_the_queries_do_not_grow_with_the_respondents(
    officer: User, world: Programme, village_a: Region
) -> None:
    before = _count(officer, world)
    more = [Enterprise.objects.create(name=f"Baru {n}", village=village_a) for n in range(20)]
    for year in (2022, 2025):
        respond(world.survey_rounds.get(year=year), more, Arm.PARTICIPANT, [2_000_000] * 20)
    assert _count(officer, world) == before
    assert before <= 80


def test_the_budget_chapter_reads_the_plan_and_its_frontier(books: Books) -> None:
    """The approved plan of 2026 funds three of four proposals (Rp 350 of 440 juta asked);
    its frontier is drawn and says what another Rp 100 juta would fund."""
    plan = books.plan
    funded = sorted(plan.items.filter(funded=True).values_list("proposal_id", flat=True))
    every = sorted(plan.items.values_list("proposal_id", flat=True))
    frontier = [
        _point(0.5, 225 * JT, 1.0, funded[:1]),
        _point(1.0, 450 * JT, 3.0, funded),
        _point(2.0, 900 * JT, 4.0, every),
        {**_point(1.2, 550 * JT, 4.0, every), "delta_idr": 100 * JT},
    ]
    budgets = {str(books.apbd.pk): 250 * JT, str(books.dak.pk): 200 * JT}
    Scenario.objects.filter(pk=plan.pk).update(
        frontier=frontier, budgets=budgets, solve_status=SolveStatus.OPTIMAL
    )
    with translation.override("en"):
        blocks = constraint_blocks(2026)
    asked, sources, figure = blocks[0], blocks[1], blocks[2]
    assert isinstance(asked, Table) and isinstance(sources, Table) and isinstance(figure, Figure)
    assert [[c.value for c in row[1:3]] for row in asked.rows] == [
        [4, 440 * JT], [3, 350 * JT], [1, 90 * JT], [None, 450 * JT],
    ]  # fmt: skip
    assert asked.rows[1][3].text == "79.5\xa0%"
    assert [[c.value for c in row] for row in sources.rows] == [
        ["APBD Kabupaten", 250 * JT, 150 * JT, 100 * JT, 60.0],
        ["DAK Fisik", 200 * JT, 200 * JT, 0, 100.0],
    ]
    assert [row[0].value for row in figure.data.rows] == [225 * JT, 450 * JT, 900 * JT]
    more = next(b for b in blocks if isinstance(b, Text) and b.items == ("Pameran nasional",))
    assert more.text == "With another Rp\xa0100.000.000 the best plan would also fund:"
    unfunded = blocks[-1]
    assert isinstance(unfunded, Table) and unfunded.rows[0][0].value == "Pameran nasional"


def _point(factor: float, budget: int, benefit: float, chosen: list[int]) -> dict[str, Any]:
    return {
        "factor": factor,
        "budget_idr": budget,
        "total_benefit": benefit,
        "funded": len(chosen),
        "selected": chosen,
        "status": "optimal",
    }
