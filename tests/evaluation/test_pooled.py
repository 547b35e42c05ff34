"""One indicator's impact over every programme (``evaluation.pooled``, its page and its API):
known by hand on two programmes, and refused to the roles that read no estimate (on the demo:
test_pooled_demo.py)."""

from __future__ import annotations

import math
from statistics import fmean

import numpy as np
import pytest
from django.test import Client

from ovop.accounts.models import User
from ovop.evaluation.pooled import _coded, pooled_impact
from ovop.evaluation.selectors import several_programmes
from ovop.monitoring.choices import ValueType
from ovop.monitoring.models import Indicator
from ovop.programme.models import Programme, ProgrammeVillage
from tests.evaluation.conftest import (
    BEFORE,
    GAIN_COMPARISON,
    GAIN_JOINED_2023,
    GAIN_OTHER,
    second_programme,
)
from tests.refusals import LOGIN, Answer, Attempt, assert_answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_programmes(world: Programme) -> tuple[Programme, Programme]:
    return world, second_programme()


def test_two_programmes_known_by_hand(two_programmes: tuple[Programme, Programme]) -> None:
    result = pooled_impact(indicator=Indicator.objects.get(code="omzet"))
    assert (result.programmes, result.years, result.cohorts) == (2, (2022, 2025), (2024,))
    # the first programme's participants were treated from 2020, before the baseline
    assert result.left_out == {"other_years": 1, "outside_programme": 1, "treated_before": 5}
    headline = result.headline
    assert headline is not None and result.design == "staggered"
    # treated gain 500,000; the ten never treated gain (200,000 + 100,000) / 2 on average
    assert headline.estimate == pytest.approx(350_000, abs=1e-6)
    assert (headline.n_treated, headline.n_control, result.enterprises) == (5, 10, 15)
    assert result.values == 2 * 10 + 2 * 10 + 1 + 2
    # the event study is on the log scale: the mean change of the logs, treated minus never
    treated = [math.log((b + g) / b) for b, g in zip(BEFORE, GAIN_JOINED_2023, strict=True)]
    never = [
        math.log((b + g) / b)
        for gains in (GAIN_COMPARISON, GAIN_OTHER)
        for b, g in zip(BEFORE, gains, strict=True)
    ]
    assert [e.e for e in result.events] == [1]
    assert result.events[0].att == pytest.approx(fmean(treated) - fmean(never), rel=1e-12)
    assert result.headline_log is not None and result.events_scale == "log"
    assert several_programmes()


def test_no_estimate_says_why(world: Programme, english: None) -> None:
    choice = Indicator.objects.filter(value_type=ValueType.CHOICE).first()
    assert choice is not None
    result = pooled_impact(indicator=choice)
    assert result.effects == {} and "choosing from a list" in result.reasons["staggered"]
    unused = Indicator.objects.exclude(code="omzet").exclude(value_type=ValueType.CHOICE).first()
    assert unused is not None
    result = pooled_impact(indicator=unused)
    assert result.reasons["staggered"] == "no finished entry holds a value of this indicator yet"
    assert result.headline is None and result.means == ()
    # a single programme whose participants were all treated before its baseline
    result = pooled_impact(indicator=Indicator.objects.get(code="omzet"))
    assert result.effects == {} and result.left_out["treated_before"] == 5
    assert "too few enterprises" in result.reasons["staggered"]


def test_page_and_api_show_the_same_estimate(
    two_programmes: tuple[Programme, Programme], client: Client, viewer: User
) -> None:
    client.force_login(viewer)
    data = client.get("/api/v1/evaluation/indicators/omzet/").json()
    assert data["headline"]["estimate"] == pytest.approx(350_000, abs=1e-6)
    assert (data["programmes"], data["enterprises"], data["years"]) == (2, 15, [2022, 2025])
    assert data["left_out"] == {"other_years": 1, "outside_programme": 1, "treated_before": 5}
    page = client.get("/evaluation/indicators/omzet/").content.decode()
    assert data["sentence"] in page.replace("&#x27;", "'")
    assert "Rp\u00a0350.000" in page and "Tahun yang dibandingkan: 2022, 2025" in page
    home = client.get("/evaluation/").content.decode()
    assert 'href="/evaluation/indicators/omzet/"' in home
    one = client.get(f"/evaluation/programmes/{two_programmes[0].pk}/indicators/omzet/")
    assert 'href="/evaluation/indicators/omzet/"' in one.content.decode()


def test_a_lone_programme_links_to_no_pooled_page(
    world: Programme, client: Client, viewer: User
) -> None:
    client.force_login(viewer)
    page = client.get(f"/evaluation/programmes/{world.pk}/indicators/omzet/").content.decode()
    assert "/evaluation/indicators/" not in page


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("facilitator", 403), ("owner", 403), ("assessor", 403), ("anonymous", LOGIN)],
)
def test_the_roles_that_read_no_estimate_are_refused(
    world: Programme,
    client: Client,
    request: pytest.FixtureRequest,
    facilitator: User,
    owner: User,
    assessor: User,
    persona: str,
    expected: Answer,
) -> None:
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    page = Attempt("get", "/evaluation/indicators/omzet/")
    assert_answer(page.send(client), expected, page.address(), persona)
    api = Attempt("get", "/api/v1/evaluation/indicators/omzet/")
    assert_answer(api.send(client), 403, api.address(), persona)


def test_unknown_or_unasked_indicators_are_404_and_writes_405(
    world: Programme, client: Client, officer: User
) -> None:
    client.force_login(officer)
    assert client.get("/evaluation/indicators/nothing/").status_code == 404
    unasked = Indicator.objects.exclude(code="omzet").first()
    assert unasked is not None
    assert client.get(f"/evaluation/indicators/{unasked.code}/").status_code == 404
    assert client.get(f"/api/v1/evaluation/indicators/{'x' * 500}/").status_code == 404
    assert client.post("/evaluation/indicators/omzet/").status_code == 405
    assert client.post("/api/v1/evaluation/indicators/omzet/", {}).status_code == 405
    assert ProgrammeVillage.objects.count() == 1


def test_an_enterprise_twice_in_a_year_counts_once_with_its_last_row() -> None:
    data = {
        "enterprise": np.array([9, 5, 5, 7, 9]),
        "year": np.array([2025, 2022, 2022, 2022, 2022]),
        "value": np.array([10.0, 1.0, 2.0, 3.0, 4.0]),
    }
    rows, years = _coded(data)
    assert years.tolist() == [2022, 2025]
    assert list(zip(rows["enterprise"].tolist(), rows["value"].tolist(), strict=True)) == [
        (9, 10.0),
        (5, 2.0),
        (7, 3.0),
        (9, 4.0),
    ]
    assert (rows["unit"].tolist(), rows["period"].tolist()) == ([2, 0, 1, 2], [1, 0, 0, 0])
