"""Issue 13, efficiency ("at what cost?"): budget absorption and physical progress by fiscal
year in the programme's villages, and by activity type the cost per unit of outcome gained, on
the hand-made world of ``efficiency_world`` whose every number is known by hand."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from decimal import Decimal

import numpy as np
import pytest
import scipy.stats
import statsmodels.api as sm
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise
from ovop.evaluation.efficiency import Efficiency, TypeLine, programme_efficiency
from ovop.planning.choices import ActivityType, SourceKind
from ovop.planning.models import FiscalYear, Source
from ovop.programme.models import Programme, ProgrammeVillage
from ovop.regions.models import Region
from tests.conftest import login
from tests.evaluation.efficiency_world import (
    JT,
    REVENUE,
    REVENUE_GAIN,
    SKILL,
    SKILL_GAIN,
    Groups,
    activity,
    attend,
    deliver,
    make_groups,
    make_places,
    spend,
    survey,
)
from tests.refusals import API_ANONYMOUS, LOGIN, Attempt, matrix, refused

TODAY = dt.date(2026, 12, 4)


@pytest.fixture
def indonesian() -> Iterator[None]:
    """Indonesian active in the test, whatever a request before it left active."""
    with translation.override("id"):
        yield


@pytest.fixture
def places(village_a: Region, village_b: Region) -> dict[str, Region]:
    return make_places()


@pytest.fixture
def groups(places: dict[str, Region]) -> Groups:
    return make_groups(places)


@pytest.fixture
def surveyed(programme: Programme, places: dict[str, Region], groups: Groups) -> Programme:
    return survey(programme, places, groups)


@pytest.fixture
def world(surveyed: Programme, places: dict[str, Region], groups: Groups) -> Programme:
    deliver(places, groups)
    return surveyed


def _efficiency(programme: Programme, user: User) -> Efficiency:
    return programme_efficiency(user=user, programme=programme, today=TODAY)


def _type(result: Efficiency, kind: str) -> TypeLine:
    return next(line for line in result.types if line.activity_type == kind)


def test_absorption_and_progress_by_year_are_the_realisation_of_the_programme_villages(
    english: None, officer: User, world: Programme
) -> None:
    result = _efficiency(world, officer)
    assert [line.year for line in result.years.lines] == [2023, 2024]
    first, second = result.years.lines
    assert first.figures.month == 12 and first.villages == 2
    # 40 + 30 + 10 planned; 40 + 20 + 9 realised: the cancelled fair and village B's machine
    # are left out
    assert (first.total.planned_idr, first.total.realised_idr) == (80 * JT, 69 * JT)
    assert first.absorption == 69 / 80
    assert first.total.absorption_pct == Decimal("86.3")  # 86.25, halves up
    # (40 × 100 + 30 × 50 + 10 × 100) ÷ 80
    assert first.total.progress_share == pytest.approx(0.8125, abs=1e-15)
    assert first.total.progress_pct == Decimal("81.3")
    assert first.total.by_status == {"planned": 0, "in_progress": 1, "done": 2, "cancelled": 1}
    assert first.reason == ""
    assert second.figures.activities == [] and second.absorption is None
    assert second.reason == "no activity in the programme's villages in this fiscal year"
    assert result.inputs == {"activities": 4, "participants": 10, "certificates": 1}


def test_money_and_reach_by_activity_type(english: None, officer: User, world: Programme) -> None:
    result = _efficiency(world, officer)
    kinds = [line.activity_type for line in result.types]
    assert kinds == ["training", "packaging", "cert_halal", "promotion"]
    training = _type(result, "training")
    assert (training.row.realised_idr, training.enterprises, training.participants) == (
        40 * JT,
        5,
        5,
    )  # fmt: skip  (the absent sixth does not count)
    halal = _type(result, "cert_halal")
    assert halal.certificates == 1 and halal.per_certificate_idr == 9 * JT
    assert halal.certificate_reason == ""
    assert training.per_certificate_idr is None
    assert training.certificate_reason == "no certificate obtained through these activities"
    assert [o.reason for o in halal.outcomes] == [
        "no IKM is recorded as attending this type's activities up to 2025"
    ] * 2
    fair = _type(result, "promotion")
    assert fair.row.realised_idr == 0 and fair.row.count("cancelled") == 1
    assert fair.outcomes[0].reason == "no activity of this type in the fiscal years up to 2025"


def _reference_se(groups: dict[str, list[Enterprise]], treated: str, code: str) -> float:
    """statsmodels' cluster-robust standard error of the difference in differences."""
    base, gains = (REVENUE, REVENUE_GAIN) if code == "omzet" else (SKILL, SKILL_GAIN)
    y, t, p, clusters = [], [], [], []
    for group in (treated, "comparison"):
        for k, firm in enumerate(groups[group]):
            for post in (0, 1):
                y.append(base[k] + post * gains[group][k])
                t.append(int(group == treated))
                p.append(post)
                clusters.append(firm.village_id)
    tv, pv = np.array(t), np.array(p)
    x = np.column_stack([np.ones(len(y)), tv, pv, tv * pv])
    fit = sm.OLS(np.array(y, dtype=float), x).fit(
        cov_type="cluster", cov_kwds={"groups": np.array(clusters)}
    )
    with np.errstate(invalid="ignore"):  # with 4 clusters another coefficient's variance is < 0
        return float(fit.bse[3])


@pytest.mark.parametrize(
    ("kind", "code", "effect", "ratio"),
    [
        ("training", "omzet", 100_000, 40 * JT / (100_000 * 5)),  # Rp 80 per rupiah a month
        ("packaging", "omzet", 200_000, 20 * JT / (200_000 * 5)),  # Rp 20
        ("training", "kompetensi", 8, 40 * JT / (8 * 5)),  # Rp 1.000.000 per point
    ],
)
def test_cost_per_unit_and_its_fieller_interval_by_hand(
    officer: User,
    world: Programme,
    groups: dict[str, list[Enterprise]],
    kind: str,
    code: str,
    effect: float,
    ratio: float,
) -> None:
    line = _type(_efficiency(world, officer), kind)
    outcome = line.outcomes[("omzet", "kompetensi").index(code)]
    assert outcome.reason == "" and outcome.effect is not None and outcome.ratio is not None
    assert outcome.effect.design == "did" and outcome.effect.scale == "level"
    assert (outcome.effect.n_treated, outcome.effect.n_control) == (5, 5)
    assert outcome.effect.estimate == pytest.approx(effect, rel=1e-12)
    assert (outcome.up_to_year, outcome.enterprises) == (2025, 5)
    assert outcome.ratio.estimate == pytest.approx(ratio, rel=1e-12)
    se = _reference_se(groups, kind, code)
    assert outcome.effect.se == pytest.approx(se, rel=1e-9)
    # Fieller with the cost known exactly: cost ÷ (IKM × each end of the effect's interval)
    z = scipy.stats.norm.ppf(0.975)
    cost = outcome.cost_idr
    low, high = cost / (5 * (effect + z * se)), cost / (5 * (effect - z * se))
    assert outcome.ratio.ci95 == pytest.approx((low, high), rel=1e-9)
    assert outcome.ratio.method == "fieller" and outcome.ratio.bounded


def test_an_effect_not_told_from_zero_has_no_upper_bound(
    officer: User, world: Programme, groups: dict[str, list[Enterprise]]
) -> None:
    """The packaging clinic's competence effect (1 point) is within noise: its cost per point
    is not bounded, and the floor is cost ÷ (IKM × the interval's upper end)."""
    outcome = _type(_efficiency(world, officer), "packaging").outcomes[1]
    assert outcome.effect is not None and outcome.ratio is not None
    assert outcome.effect.estimate == pytest.approx(1.0, rel=1e-12)
    se = _reference_se(groups, "packaging", "kompetensi")
    z = scipy.stats.norm.ppf(0.975)
    assert 1.0 - z * se < 0 < 1.0 + z * se
    assert not outcome.ratio.bounded and outcome.ratio.ci95 == (-math.inf, math.inf)
    assert outcome.ratio.excluded is not None
    assert outcome.ratio.excluded[1] == pytest.approx(20 * JT / (5 * (1.0 + z * se)), rel=1e-9)


def test_the_page_shows_each_figure_with_where_it_comes_from(
    client: Client, officer: User, world: Programme
) -> None:
    login(client, officer)
    page = client.get(f"/evaluation/programmes/{world.pk}/efficiency/").content.decode()
    assert "Rp\u00a080.000.000" in page and "Rp\u00a069.000.000" in page
    assert "86,3 %" in page and "81,3 %" in page
    assert "/planning/2023/realisation/?month=12" in page
    assert "/planning/activities/?year=2023&amp;activity_type=training" in page
    assert "Rp\u00a080,00" in page  # per rupiah of extra monthly revenue (training)
    assert "Rp\u00a01.000.000" in page  # per point of competence (training)
    assert "Rp\u00a09.000.000" in page  # per certificate (halal)
    assert "tidak terbatas" in page  # the packaging clinic's competence
    assert f"/evaluation/programmes/{world.pk}/indicators/omzet/" in page
    summary = client.get(f"/evaluation/programmes/{world.pk}/").content.decode()
    assert 'id="efficiency-years"' in summary and "86,3 %" in summary
    assert f"/evaluation/programmes/{world.pk}/efficiency/" in summary


def test_the_api_gives_the_unrounded_numbers_and_the_inputs(
    client: Client, viewer: User, world: Programme
) -> None:
    login(client, viewer)
    data = client.get(f"/api/v1/evaluation/programmes/{world.pk}/efficiency/").json()
    first = data["years"][0]
    assert (first["year"], first["planned_idr"], first["realised_idr"]) == (2023, 80 * JT, 69 * JT)
    assert first["absorption"] == 0.8625 and first["progress"] == pytest.approx(0.8125)
    assert data["years"][1]["absorption"] is None
    training = data["types"][0]
    assert training["activity_type"] == "training" and training["enterprises"] == 5
    omzet = training["outcomes"][0]
    assert omzet["indicator"] == "omzet" and omzet["cost_idr"] == 40 * JT
    assert omzet["cost_per_unit"]["estimate"] == pytest.approx(80.0, rel=1e-12)
    assert omzet["cost_per_unit"]["method"] == "fieller"
    assert omzet["total_gain"] == pytest.approx(500_000)
    packaging_skill = data["types"][1]["outcomes"][1]["cost_per_unit"]
    assert packaging_skill["ci95"] == [None, None] and not packaging_skill["bounded"]
    assert data["inputs"] == {"activities": 4, "participants": 10, "certificates": 1}
    assert set(data["methods"]) >= {"absorption", "cost_per_unit", "cost_per_certificate"}


def test_empty_sources_say_no_data_yet(
    indonesian: None,
    client: Client,
    request: pytest.FixtureRequest,
    officer: User,
    programme: Programme,
) -> None:
    """No fiscal year, no village, no round: every section says why, in either language, and
    nothing fails."""
    result = _efficiency(programme, officer)
    assert result.years.lines == () and result.types == ()
    assert result.years.reason == (
        "belum ada tahun anggaran mulai 2020 (awal program) yang tercatat di rencana anggaran"
    )
    login(client, officer)
    pages = (
        f"/evaluation/programmes/{programme.pk}/efficiency/",
        f"/evaluation/programmes/{programme.pk}/",
    )
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200
        assert "Belum ada data: belum ada tahun anggaran mulai 2020" in response.content.decode()
    english = request.getfixturevalue("english_client")
    for url in pages:
        text = english.get(url).content.decode().replace("&#x27;", "'")
        assert "No data yet: no fiscal year from 2020 (the programme's start)" in text
    data = english.get(f"/api/v1/evaluation/programmes/{programme.pk}/efficiency/").json()
    assert data["years"] == [] and data["types"] == [] and data["inputs"]["activities"] == 0
    assert data["types_reason"] == data["years_reason"]


def test_a_year_without_villages_realisation_or_rounds_says_so(
    english: None, officer: User, programme: Programme, village_a: Region
) -> None:
    """An activity planned in a programme village, nothing spent, no survey round yet."""
    year = FiscalYear.objects.create(year=2025)
    FiscalYear.objects.create(year=2021)
    ProgrammeVillage.objects.create(programme=programme, village=village_a, joined_year=2022)
    apbd = Source.objects.create(
        fiscal_year=year, kind=SourceKind.APBD_KAB, name="APBD", ceiling_idr=500 * JT
    )
    activity(year, apbd, village_a, ActivityType.TRAINING, planned_cost_idr=10 * JT)
    result = _efficiency(programme, officer)
    early, late = result.years.lines
    assert early.reason == "no village of the programme had joined by 2021"
    assert late.reason == "nothing realised yet" and late.absorption == 0.0
    training = _type(result, "training")
    assert [o.reason for o in training.outcomes] == [
        "no survey round of this programme asks this indicator yet"
    ] * 2


def test_too_few_participants_of_a_type_give_the_reason(
    indonesian: None,
    officer: User,
    surveyed: Programme,
    places: dict[str, Region],
    groups: dict[str, list[Enterprise]],
) -> None:
    year = FiscalYear.objects.create(year=2024)
    apbd = Source.objects.create(
        fiscal_year=year, kind=SourceKind.APBD_KAB, name="APBD", ceiling_idr=500 * JT
    )
    mentoring = activity(year, apbd, places["A"], ActivityType.MENTORING, planned_cost_idr=JT)
    spend(mentoring, 1)
    attend(mentoring, groups["training"][:3])
    outcome = _type(_efficiency(surveyed, officer), "mentoring").outcomes[0]
    assert outcome.effect is None and outcome.enterprises == 3
    assert outcome.reason == "IKM terlalu sedikit: 3 peserta dan 5 dalam kelompok pembanding"


READERS = ("admin_user", "officer", "viewer")
ATTEMPTS = {
    "page": Attempt("get", lambda p: f"/evaluation/programmes/{p.pk}/efficiency/"),
    "api": Attempt("get", lambda p: f"/api/v1/evaluation/programmes/{p.pk}/efficiency/"),
}
ANSWERS = {"facilitator": 403, "owner": 403, "assessor": 403, "anonymous": LOGIN}


@pytest.mark.parametrize(
    ("persona", "action", "expected"),
    matrix(ANSWERS, ATTEMPTS, {("anonymous", "api"): API_ANONYMOUS}),
)
def test_refused(
    client: Client,
    request: pytest.FixtureRequest,
    world: Programme,
    persona: str,
    action: str,
    expected: object,
) -> None:
    refused(
        client, request, persona, ATTEMPTS[action], expected, records=world,
        apps=("evaluation", "planning"),
    )  # fmt: skip


@pytest.mark.parametrize("persona", READERS)
def test_readers_see_the_page_and_the_api(
    client: Client, request: pytest.FixtureRequest, world: Programme, persona: str
) -> None:
    login(client, request.getfixturevalue(persona))
    for attempt in ATTEMPTS.values():
        assert attempt.send(client, world).status_code == 200
    assert client.get("/evaluation/programmes/999999/efficiency/").status_code == 404
    assert client.get("/api/v1/evaluation/programmes/999999/efficiency/").status_code == 404


def test_the_number_of_queries_does_not_grow_with_the_activities(
    officer: User, world: Programme, places: dict[str, Region], groups: Groups
) -> None:
    with CaptureQueriesContext(connection) as before:
        _efficiency(world, officer)
    year = FiscalYear.objects.get(year=2023)
    apbd = Source.objects.get(fiscal_year=year)
    for kind in (ActivityType.TRAINING, ActivityType.MENTORING, ActivityType.CERT_PIRT):
        more = activity(year, apbd, places["C"], kind, planned_cost_idr=2 * JT)
        spend(more, 1, 1)
        attend(more, groups["packaging"])
    with CaptureQueriesContext(connection) as after:
        result = _efficiency(world, officer)
    assert result.inputs["activities"] == 7
    assert len(after) == len(before)


def test_money_and_the_cost_per_unit_in_words(indonesian: None) -> None:
    from ovop.analysis.effectiveness import cost_per_unit
    from ovop.evaluation.presenting_efficiency import money, ratio_texts

    nbsp = "\u00a0"
    assert money(0) == f"Rp{nbsp}0" and money(1_500_000) == f"Rp{nbsp}1.500.000"
    assert money(1.25) == f"Rp{nbsp}1,25" and money(1_500_000.4) == f"Rp{nbsp}1.500.000"
    with translation.override("en"):
        assert money(1.25) == f"Rp{nbsp}1.25" and money(2_000_000) == f"Rp{nbsp}2.000.000"
    # the outcome fell, clearly: Rp 10.000.000 ÷ (-50 × 100) per unit lost
    fell = cost_per_unit(10 * JT, -50 * 100, 10 * 100)
    assert ratio_texts(fell) == (
        "—",
        "—",
        f"Hasilnya turun: Rp{nbsp}2.000 dibelanjakan per satuan yang hilang (dampaknya di bawah "
        "nol).",
    )
    # an effect of 1 ± 2 (se 1): not bounded, with the floor 10.000.000 ÷ (1 + 1.96) per unit
    loose = cost_per_unit(10 * JT, 1.0, 1.0)
    text, interval, note = ratio_texts(loose)
    assert (text, interval) == ("tidak terbatas", "—")
    floor = round(10 * JT / (1 + scipy.stats.norm.ppf(0.975)))
    assert note.endswith(f"setiap satuan berbiaya paling sedikit {money(floor)}.")
    # a bounded cost below Rp 100 keeps its cents at both ends of the interval
    cheap = cost_per_unit(1000, 100.0, 10.0)
    assert ratio_texts(cheap)[0] == f"Rp{nbsp}10,00"
    assert ratio_texts(cheap)[1].startswith(f"Rp{nbsp}8,36 … Rp{nbsp}12,4")
