# ruff: noqa: F811  (fixtures imported from tests/planning are parameters here)
"""Issue 11, done when: the planning app walked in a browser, like a person would.

1. An officer on a 1366×768 desktop builds a scenario (budgets typed as "Rp 300.000.000"),
   runs it, reads the optimum beside rank-and-fund with the hand-worked numbers of
   tests/planning/conftest_scenarios.py, sees the frontier chart, moves the budget slider
   (HTMX re-optimises at 150 %) and approves the scenario through its confirmation page: the
   plan page shows version 1.
2. The facilitator of the village, on a 390×844 phone, opens a training made from an approved
   plan, adds participants, ticks attendance and types pre/post scores ("60", "75,5"); the
   summary shows the mean gain and the database holds the scores. Nothing scrolls sideways.
3. An officer downloads the realisation XLSX; the workbook's "realised, all activities" total,
   computed from its formula's inputs, equals the database's sum of the year's cost lines.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db.models import Sum
from openpyxl import load_workbook
from playwright.sync_api import Page, ViewportSize, expect

from ovop.accounts.models import User
from ovop.empowerment.models import Group, Person
from ovop.enterprises.models import Enterprise
from ovop.planning import services_activities
from ovop.planning.choices import ActivityStatus, ScenarioStatus, SolveStatus
from ovop.planning.models import Activity, CostLine, Participant, Scenario
from tests.browser.conftest import PHONE_VIEWPORT, browser_login
from tests.empowerment.conftest import group_a
from tests.planning import conftest_delivery, conftest_scenarios
from tests.planning.conftest_delivery import apbd, approved, year
from tests.planning.conftest_reports import Books, books
from tests.planning.conftest_scenarios import JT, plan
from tests.planning.xlsx_eval import Evaluator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["apbd", "approved", "books", "group_a", "plan", "year"]

DESKTOP: ViewportSize = {"width": 1366, "height": 768}


# --- 1. the officer's scenario ------------------------------------------------------------------


def _create_and_run(page: Page, p: conftest_scenarios.Plan) -> Scenario:
    page.goto("/planning/scenarios/?year=2026")
    expect(page.locator("h1")).to_have_text("Scenarios 2026")
    with page.expect_navigation():
        page.get_by_role("link", name="New scenario").click()
    expect(page.locator("h1")).to_have_text("New scenario for 2026")
    page.fill("#id_name", "Pagu indikatif")
    page.fill(f"#id_budget_{p.apbd.pk}", "Rp 300.000.000")
    page.fill(f"#id_budget_{p.dak.pk}", "Rp 200.000.000")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("Scenario “Pagu indikatif” saved: run it.")
    scenario = Scenario.objects.get()
    assert scenario.budgets == p.budgets()
    with page.expect_navigation():
        page.get_by_role("button", name="Run the optimiser").click()
    expect(page.locator(".messages")).to_contain_text("Run finished: Optimal.")
    scenario.refresh_from_db()
    assert scenario.solve_status == SolveStatus.OPTIMAL
    return scenario


def _rank_and_fund(page: Page, section: str) -> dict[str, tuple[str, str]]:
    """Title → (cost, rank-and-fund column) of the table below the heading ``section``."""
    table = page.locator(f"h2:text-is('{section}') + table")
    rows: dict[str, tuple[str, str]] = {}
    for row in table.locator("tbody tr").all():
        cells = [c.strip() for c in row.locator("td").all_inner_texts()]
        rows[cells[0]] = (cells[-3] if section == "Funded" else cells[3], cells[-1])
    return rows


def _optimum_beside_rank_and_fund(page: Page) -> None:
    result = page.locator("section[aria-labelledby=result-title]")
    expect(result).to_contain_text("4 activities, total benefit 310.0, cost Rp 500,000,000.")
    expect(page.locator("#versus-greedy")).to_contain_text(
        "For the same money the optimal plan funds 1 more activities (4 against 3) and 80.0 "
        "more benefit (310.0 against 230.0)"
    )
    assert _rank_and_fund(page, "Funded") == {
        "E1 Mesin": ("Rp 200,000,000", "funds it too"),
        "T1 Bimtek A": ("Rp 100,000,000", "funds it too"),
        "T2 Bimtek B": ("Rp 100,000,000", "leaves it out"),
        "T3 Bimtek B2": ("Rp 100,000,000", "leaves it out"),
    }
    assert _rank_and_fund(page, "Not funded, and why") == {
        "E2 Alat": ("Rp 150,000,000", "funds it"),
        "P1 Pameran": ("Rp 50,000,000", "leaves it out"),
    }
    money = page.locator("section[aria-labelledby=money-title] tbody tr")
    cells = [[c.strip() for c in r.locator("td").all_inner_texts()] for r in money.all()]
    # APBD pays T1 T2 T3, DAK pays E1: both spent to the last rupiah
    assert cells == [
        ["APBD", "Rp 300,000,000", "Rp 300,000,000", "Rp 0"],
        ["DAK", "Rp 200,000,000", "Rp 200,000,000", "Rp 0"],
    ]


def _frontier(page: Page, scenario: Scenario) -> None:
    chart = page.locator("#frontier-live svg.chart")
    expect(chart).to_be_visible()
    curve = [row for row in scenario.frontier if "delta_idr" not in row]
    expect(chart.locator("circle")).to_have_count(len(curve))  # one dot per budget, no marker
    expect(chart.locator("text", has_text="today's budget")).to_have_count(1)
    expect(page.locator("#plus-step")).to_have_text(
        "With another Rp 100,000,000 the plan would also fund: P1 Pameran."
    )
    expect(page.locator("#minus-step")).to_contain_text(
        "Cutting Rp 100,000,000 would drop: E1 Mesin, T3 Bimtek B2."
    )


def _slide_to_150(page: Page, scenario: Scenario) -> None:
    """The slider re-optimises through HTMX; the page itself does not reload."""
    url = page.url
    expect(page.locator("#slider-result")).to_have_count(0)
    page.locator("#budget-percent").evaluate(
        "el => { el.value = '150'; el.dispatchEvent(new Event('input', {bubbles: true})); }"
    )
    row = next(r for r in scenario.frontier if r.get("factor") == 1.5)
    # APBD 450 jt, DAK 300 jt: T1 T2 T3 E2 on APBD, E1 on DAK (hand-worked in
    # tests/planning/test_scenario_pages.py); the same as the stored frontier at 1.5.
    assert (row["budget_idr"], row["total_benefit"]) == (750 * JT, pytest.approx(360))
    expect(page.locator("#slider-result")).to_have_text(
        "At 150 % (Rp 750,000,000) the best plan funds 5 activities with a total benefit of "
        "360.0, costing Rp 650,000,000."
    )
    expect(page.locator("#frontier-live #slider-marker")).to_have_count(1)
    assert page.url == url
    scenario.refresh_from_db()
    assert (scenario.funded_count, scenario.total_cost_idr) == (4, 500 * JT)  # nothing stored


def _approve(page: Page, scenario: Scenario) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name="Approve as the plan").click()
    expect(page.locator("h1")).to_have_text("Approve the plan")
    expect(page.locator("#confirm-what")).to_contain_text(
        "“Pagu indikatif” becomes the plan of 2026"
    )
    assert Scenario.objects.get(pk=scenario.pk).status == ScenarioStatus.DRAFT
    with page.expect_navigation():
        page.get_by_role("button", name="Approve the plan").click()
    assert page.url.endswith("/planning/2026/plan/")
    expect(page.locator(".messages")).to_contain_text("Approved: plan 2026, version 1.")
    expect(page.locator("h1 + p")).to_contain_text("Version 1: “Pagu indikatif”")
    lines = page.locator("h1 + p + p + table tbody tr td:first-child").all_inner_texts()
    assert sorted(lines) == ["E1 Mesin", "T1 Bimtek A", "T2 Bimtek B", "T3 Bimtek B2"]
    approved_now = Scenario.objects.get(pk=scenario.pk)
    assert (approved_now.status, approved_now.version) == (ScenarioStatus.APPROVED, 1)


def test_officer_builds_runs_slides_and_approves_a_scenario(
    plan: conftest_scenarios.Plan, officer: User, page: Page
) -> None:
    page.set_viewport_size(DESKTOP)
    browser_login(page, "officer")
    scenario = _create_and_run(page, plan)
    _optimum_beside_rank_and_fund(page)
    _frontier(page, scenario)
    _slide_to_150(page, scenario)
    _approve(page, scenario)


# --- 2. the facilitator's training on a phone ---------------------------------------------------


def _fits(phone: Page) -> None:
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_VIEWPORT["width"], f"{phone.url}: {width} px wide"


def _add(
    phone: Page, *, person: Person | None = None, enterprise: Enterprise | None = None
) -> None:
    with phone.expect_navigation():
        phone.get_by_role("link", name="Add a participant").first.tap()
    _fits(phone)
    if person is not None:
        phone.select_option("#id_person", label=person.name)
    if enterprise is not None:
        phone.select_option("#id_enterprise", label=enterprise.name)
    phone.get_by_label("Attended").uncheck()  # ticked on the scores page
    with phone.expect_navigation():
        phone.get_by_role("button", name="Add", exact=True).tap()
    expect(phone.locator(".messages")).to_contain_text("Participant added.")
    _fits(phone)


def _scores(phone: Page, name: str, *, attended: bool, pre: str, post: str) -> None:
    row = phone.locator("fieldset.score-row", has_text=name)
    if attended:
        row.get_by_label("Attended").check()
    row.get_by_label("Pre-test").fill(pre)
    row.get_by_label("Post-test").fill(post)


def _stat(phone: Page, label: str) -> str:
    box = phone.locator("#summary > div").filter(has=phone.locator(".stat-label", has_text=label))
    return box.locator(".stat").inner_text().strip()


def test_facilitator_records_a_training_with_participants_and_scores(
    approved: conftest_delivery.Plan,
    group_a: Group,
    enterprise_x: Enterprise,
    officer: User,
    facilitator: User,
    phone: Page,
) -> None:
    made = services_activities.activities_from_plan(year=approved.year, user=officer)
    training = Activity.objects.get(proposal=approved.proposals["training"])
    assert training in made.created and training.plan_item is not None
    siti, budi = Person.objects.get(name="Siti Aminah"), Person.objects.get(name="Budi Santoso")
    browser_login(phone, "facilitator")
    phone.goto("/planning/activities/?year=2026")
    _fits(phone)
    with phone.expect_navigation():
        phone.get_by_role("link", name="Bimtek Madu", exact=True).tap()
    expect(phone.locator("h1")).to_contain_text("Bimtek Madu")
    expect(phone.locator("dt:text-is('In the plan') + dd")).to_have_text("yes")
    _fits(phone)
    _add(phone, person=siti)
    _add(phone, person=budi)
    _add(phone, enterprise=enterprise_x)  # its owner, Pak Owner, is added
    with phone.expect_navigation():
        phone.get_by_role("link", name="Attendance and scores").tap()
    _fits(phone)
    _scores(phone, "Siti Aminah", attended=True, pre="60", post="75,5")
    _scores(phone, "Budi Santoso", attended=True, pre="50", post="70")
    _scores(phone, "Pak Owner", attended=False, pre="", post="")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Save the whole list").tap()
    expect(phone.locator(".messages")).to_contain_text(
        "Attendance and scores of 3 participants saved."
    )
    _fits(phone)
    # gains 15.5 and 20: mean 17.75; the owner, without scores, is left out of the means
    assert [_stat(phone, s) for s in ("participants", "attended", "mean gain")] == [
        "3",
        "2",
        "17.75",
    ]
    assert _stat(phone, "mean pre-test score") == "55.00"
    assert _stat(phone, "mean post-test score") == "72.75"
    assert _stat(phone, "improved / with both scores") == "2 / 2"
    rows = Participant.objects.filter(activity=training).order_by("person__name")
    assert [(r.person.name, r.attended, r.pre_score, r.post_score) for r in rows] == [
        ("Budi Santoso", True, Decimal("50"), Decimal("70")),
        ("Pak Owner", False, None, None),
        ("Siti Aminah", True, Decimal("60"), Decimal("75.5")),
    ]
    assert rows.get(person__name="Pak Owner").enterprise == enterprise_x


# --- 3. the realisation workbook ----------------------------------------------------------------


def _row_of(sheet: object, label: str) -> int:
    for (cell,) in sheet.iter_rows(min_col=1, max_col=1):  # type: ignore[attr-defined]
        if cell.value == label:
            return int(cell.row)
    raise AssertionError(f"no row {label!r}")


def test_realisation_workbook_totals_equal_the_database(
    books: Books, officer: User, page: Page
) -> None:
    browser_login(page, "officer")
    page.goto("/planning/2026/realisation/?month=12")
    expect(page.locator("#total-realised")).to_have_text("Rp 165,000,000")  # cancelled left out
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as XLSX").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    sheet = book["By source"]
    spent = CostLine.objects.filter(activity__fiscal_year=books.year).aggregate(s=Sum("amount_idr"))
    assert spent["s"] == 170 * JT
    everything = _row_of(sheet, "Realised, all activities")
    assert str(sheet[f"D{everything}"].value).startswith("=")  # a formula over the cells above
    ev = Evaluator(sheet)
    assert ev.cell(f"D{everything}") == spent["s"]
    total = _row_of(sheet, "Total")
    not_cancelled = CostLine.objects.filter(activity__fiscal_year=books.year).exclude(
        activity__status=ActivityStatus.CANCELLED
    )
    assert ev.cell(f"D{total}") == not_cancelled.aggregate(s=Sum("amount_idr"))["s"] == 165 * JT
