"""The efficiency's revenue figures adopted as the budget plan's measured effects per rupiah, on
the hand-made world of ``efficiency_world``: the training's cost is Rp 80 per rupiah of extra
monthly revenue and the packaging clinic's Rp 20, both with bounded Fieller intervals, so they
are adopted as 1/80 and 1/20 of a rupiah a month per rupiah spent; the halal certification
reached no recorded IKM and the exhibition was cancelled, so they are left out with the
efficiency's own reasons. Only admins and officers adopt, and only after confirming."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
import scipy.stats
from django.test import Client
from django.utils import translation

from ovop.accounts.models import User
from ovop.analysis.effectiveness import cost_per_unit
from ovop.enterprises.models import Enterprise
from ovop.evaluation.efficiency import Efficiency, TypeLine, programme_efficiency
from ovop.evaluation.services_measured import adoption_of
from ovop.planning.models import MeasuredBenefit
from ovop.programme.models import Programme
from ovop.regions.models import Region
from tests.conftest import login
from tests.evaluation.efficiency_world import (
    JT,
    Groups,
    deliver,
    make_groups,
    make_places,
    survey,
)
from tests.refusals import LOGIN, Attempt, matrix, refused, rows

Z = scipy.stats.norm.ppf(0.975)


@pytest.fixture
def indonesian() -> Iterator[None]:
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
    return programme_efficiency(user=user, programme=programme)


def _line(result: Efficiency, kind: str) -> TypeLine:
    return next(line for line in result.types if line.activity_type == kind)


def _adopt_url(programme: Programme) -> str:
    return f"/evaluation/programmes/{programme.pk}/efficiency/adopt/"


def test_only_types_whose_revenue_effect_is_clearly_above_zero_are_offered(
    english: None, officer: User, world: Programme, groups: dict[str, list[Enterprise]]
) -> None:
    result = _efficiency(world, officer)
    adoption = adoption_of(result)
    assert adoption.types == ["training", "packaging"]
    for (label, figure), kind, cost_per_rupiah in zip(
        adoption.figures, ("training", "packaging"), (80.0, 20.0), strict=True
    ):
        ratio = _line(result, kind).outcomes[0].ratio
        assert ratio is not None
        assert label == _line(result, kind).label
        assert figure.revenue_per_idr == 1 / ratio.estimate  # type: ignore[operator]
        assert figure.revenue_per_idr == pytest.approx(1 / cost_per_rupiah, rel=1e-12)
        assert (figure.low, figure.high) == (1 / ratio.ci95[1], 1 / ratio.ci95[0])
        assert figure.low < figure.revenue_per_idr < figure.high
        assert (figure.measured_year, figure.enterprises) == (2025, 5)
    training = adoption.figures[0][1]
    effect = _line(result, "training").outcomes[0].effect
    assert effect is not None and training.cost_idr == 40 * JT
    # the inverse of Fieller's interval: (the effect's interval × the IKM) ÷ the money
    assert training.low == pytest.approx(5 * (effect.estimate - Z * effect.se) / (40 * JT))
    assert training.high == pytest.approx(5 * (effect.estimate + Z * effect.se) / (40 * JT))
    assert [(x.label, x.reason) for x in adoption.left_out] == [
        (
            "Certification: halal",
            "no IKM is recorded as attending this type's activities up to 2025",
        ),
        ("Promotion and exhibitions", "no activity of this type in the fiscal years up to 2025"),
    ]


def test_an_effect_not_told_from_zero_or_below_zero_is_left_out(
    english: None, officer: User, world: Programme
) -> None:
    result = _efficiency(world, officer)
    training, packaging = _line(result, "training"), _line(result, "packaging")

    def with_ratio(line: TypeLine, effect: float, se: float) -> TypeLine:
        revenue = dataclasses.replace(
            line.outcomes[0], ratio=cost_per_unit(40 * JT, effect * 5, se * 5)
        )
        return dataclasses.replace(line, outcomes=(revenue, *line.outcomes[1:]))

    loose = with_ratio(training, 100_000, 80_000)  # 100.000 ± 156.800: not bounded
    fell = with_ratio(packaging, -100_000, 10_000)
    adoption = adoption_of(dataclasses.replace(result, types=(loose, fell)))
    assert adoption.figures == ()
    assert [(x.label, x.reason) for x in adoption.left_out] == [
        (
            "Training (bimtek)",
            "the effect on revenue cannot be told apart from zero (its cost per rupiah is not "
            "bounded)",
        ),
        ("Packaging and design clinic", "monthly revenue fell: the effect is below zero"),
    ]


def test_the_efficiency_page_offers_the_button_to_managers_only(
    client: Client, officer: User, viewer: User, world: Programme
) -> None:
    url = f"/evaluation/programmes/{world.pk}/efficiency/"
    page = login(client, officer).get(url).content.decode()
    assert 'id="adopt-button"' in page and f'href="{_adopt_url(world)}"' in page
    assert "Pakai angka ini di rencana anggaran" in page
    assert "Sertifikasi: halal: belum ada IKM yang tercatat" in page
    shown = login(client, viewer).get(url).content.decode()
    assert 'id="measured-adoption"' in shown and 'id="adopt-button"' not in shown


def test_adopting_asks_to_confirm_then_writes_the_figures(
    client: Client, officer: User, world: Programme
) -> None:
    login(client, officer)
    asked = client.get(_adopt_url(world))
    page = asked.content.decode()
    assert asked.status_code == 200
    assert "Rp\u00a012.500" in page and "Rp\u00a050.000" in page  # a month per Rp 1.000.000
    assert "Sertifikasi: halal" in page and 'name="confirm"' in page
    not_confirmed = client.post(_adopt_url(world), {})
    assert not_confirmed.status_code == 200 and not MeasuredBenefit.objects.exists()
    done = client.post(_adopt_url(world), {"confirm": "1"})
    assert done.status_code == 302
    assert done["Location"] == f"/evaluation/programmes/{world.pk}/efficiency/"
    saved = {row.activity_type: row for row in MeasuredBenefit.objects.all()}
    assert set(saved) == {"training", "packaging"}
    training = saved["training"]
    assert training.revenue_per_idr == pytest.approx(1 / 80, rel=1e-12)
    assert training.revenue_per_idr_low < training.revenue_per_idr < training.revenue_per_idr_high
    assert (training.programme, training.measured_year) == (world, 2025)
    assert (training.enterprises, training.cost_idr) == (5, 40 * JT)
    assert training.adopted_by == officer
    assert saved["packaging"].revenue_per_idr == pytest.approx(1 / 20, rel=1e-12)
    message = client.get(f"/evaluation/programmes/{world.pk}/efficiency/").content.decode()
    assert "Dipakai di rencana anggaran: Pelatihan (bimtek), Klinik kemasan dan desain" in message


def test_adopting_again_replaces_the_figures_and_keeps_their_history(
    client: Client, officer: User, admin_user: User, world: Programme
) -> None:
    login(client, officer).post(_adopt_url(world), {"confirm": "1"})
    page = login(client, admin_user).get(_adopt_url(world)).content.decode()
    assert "(diganti)" in page and str(officer) in page
    client.post(_adopt_url(world), {"confirm": "1"})
    training = MeasuredBenefit.objects.get(activity_type="training")
    assert MeasuredBenefit.objects.count() == 2 and training.adopted_by == admin_user
    versions = list(training.history.order_by("history_id"))
    assert [v.adopted_by_id for v in versions] == [officer.pk, admin_user.pk]
    assert versions[0].revenue_per_idr == versions[1].revenue_per_idr
    assert versions[1].history_change_reason == "dipakai dari efisiensi OVOP Uji"


def test_nothing_to_adopt_is_said_and_writes_nothing(
    client: Client, officer: User, surveyed: Programme
) -> None:
    login(client, officer)
    page = client.get(_adopt_url(surveyed)).content.decode()
    assert 'id="nothing-to-adopt"' in page and 'name="confirm"' not in page
    answer = client.post(_adopt_url(surveyed), {"confirm": "1"}, follow=True)
    assert "Tidak ada jenis kegiatan yang dampaknya pada omzet jelas di atas nol" in (
        answer.content.decode()
    )
    assert not MeasuredBenefit.objects.exists()


ATTEMPTS = {
    "confirm page": Attempt("get", lambda p: _adopt_url(p)),
    "adopt": Attempt("post", lambda p: _adopt_url(p), {"confirm": "1"}),
}
ANSWERS = {"viewer": 403, "facilitator": 403, "owner": 403, "assessor": 403, "anonymous": LOGIN}


@pytest.mark.parametrize(("persona", "action", "expected"), matrix(ANSWERS, ATTEMPTS))
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


def test_an_unknown_programme_is_404_for_a_manager(client: Client, officer: User) -> None:
    before = rows("planning")
    login(client, officer)
    assert (
        client.post("/evaluation/programmes/999999/efficiency/adopt/", {"confirm": "1"}).status_code
        == 404
    )
    assert rows("planning") == before
