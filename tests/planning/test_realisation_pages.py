"""The realisation page: its figures, the month selector, who may read it (owners and assessors
403, facilitators their villages only, an unknown year 404), its queries, and the downloads'
refusals (nothing is written by any of these pages)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ovop.accounts.models import User
from ovop.planning.choices import ActivityType
from tests.conftest import login
from tests.planning.conftest_reports import JT, Books, activity, books, cost
from tests.refusals import LOGIN, Attempt, matrix, refused

pytestmark = pytest.mark.django_db
__all__ = ["books"]
PAGE = "/planning/2026/realisation/"


def _page(client: Client, user: User, query: str = "?month=6") -> str:
    login(client, user)
    answer = client.get(PAGE + query)
    assert answer.status_code == 200
    return answer.content.decode()


def _stat(page: str, name: str) -> str:
    found = re.search(rf'id="{name}">([^<]+)<', page)
    assert found, name
    return found.group(1).replace("\xa0", " ")


def test_officer_reads_the_figures_as_at_june(books: Books, client: Client, officer: User) -> None:
    page = _page(client, officer)
    assert _stat(page, "total-planned") == "Rp 350.000.000"
    assert _stat(page, "total-realised") == "Rp 165.000.000"
    assert _stat(page, "total-absorption") == "47,1 %"
    assert _stat(page, "total-progress") == "51,4 %"
    assert 'id="by-source"' in page and 'id="by-kecamatan"' in page and 'id="by-type"' in page
    assert 'id="by-month"' in page and 'id="cancelled"' in page
    assert '<option value="6" selected>' in page
    assert "/planning/2026/realisation.xlsx?month=6" in page
    assert "/planning/2026/plan.pdf" in page
    assert 'id="alerts-over-plan"' in page and 'id="pace-method"' in page


def test_english_page(books: Books, english_client: Client, officer: User) -> None:
    page = _page(english_client, officer)
    assert "Physical and financial realisation 2026" in page
    assert _stat(page, "total-absorption") == "47.1 %"
    assert "Cost more than 10 % over plan" in page


def test_month_selector_moves_the_as_at_date(books: Books, client: Client, viewer: User) -> None:
    page = _page(client, viewer, "?month=2")
    assert _stat(page, "total-realised") == "Rp 60.000.000"
    refused_month = _page(client, viewer, "?month=13")  # ignored: the default month
    assert _stat(refused_month, "total-realised") == "Rp 165.000.000"


def test_facilitator_sees_their_villages_only(
    books: Books, client: Client, facilitator: User
) -> None:
    page = _page(client, facilitator, "?month=12")
    assert _stat(page, "total-planned") == "Rp 150.000.000"
    assert "Bimtek" in page and "Kemasan" in page
    assert "Alat" not in page and "Pameran" not in page


def test_every_table_fits_a_phone(books: Books, client: Client, facilitator: User) -> None:
    """Each table becomes cards on a phone (.stack) or scrolls inside its own box."""
    page = _page(client, facilitator)
    tables = re.findall(r"(.{0,40})<table([^>]*)>", page)
    assert tables
    for before, attributes in tables:
        assert "stack" in attributes or 'class="table-scroll"' in before, attributes


URLS = {
    "page": PAGE,
    "xlsx": "/planning/2026/realisation.xlsx",
    "pdf": "/planning/2026/realisation.pdf",
    "plan_xlsx": "/planning/2026/plan.xlsx",
    "plan_pdf": "/planning/2026/plan.pdf",
}
ATTEMPTS = {name: Attempt("get", url) for name, url in URLS.items()}
ANSWERS = {"owner": 403, "assessor": 403, "outsider": 403, "anonymous": LOGIN}


@pytest.mark.parametrize(("persona", "action", "expected"), matrix(ANSWERS, ATTEMPTS))
def test_refused(
    client: Client,
    request: pytest.FixtureRequest,
    books: Books,
    persona: str,
    action: str,
    expected: int | str,
) -> None:
    refused(client, request, persona, ATTEMPTS[action], expected, records=books, apps=("planning",))


@pytest.mark.parametrize("url", [u.replace("2026", "2031") for u in URLS.values()])
def test_unknown_year_answers_404(books: Books, client: Client, officer: User, url: str) -> None:
    login(client, officer)
    assert client.get(url).status_code == 404


def test_plan_downloads_need_an_approved_plan(books: Books, client: Client, officer: User) -> None:
    from ovop.planning.choices import ScenarioStatus
    from ovop.planning.models import Scenario

    Scenario.objects.filter(pk=books.plan.pk).update(status=ScenarioStatus.SUPERSEDED)
    login(client, officer)
    assert client.get(URLS["plan_xlsx"]).status_code == 404
    assert client.get(URLS["plan_pdf"]).status_code == 404
    assert client.get(PAGE).status_code == 200


def test_page_queries_do_not_grow_with_activities(
    books: Books, client: Client, officer: User
) -> None:
    login(client, officer)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PAGE + "?month=12").status_code == 200
        return len(queries)

    before = count()
    for k in range(15):
        extra = activity(
            books.year, books.dak, books.alat.village, f"Extra {k}", ActivityType.EQUIPMENT, JT,
            (dt.date(2026, 8, 1), dt.date(2026, 8, 31)),
        )  # fmt: skip
        cost(extra, dt.date(2026, 8, 2), JT)
    assert count() == before
    # session and user, the year, the activities, their cost lines, the approved plan
    assert before == 2 + 4
