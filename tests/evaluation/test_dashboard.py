"""The dashboard on the home page (``ovop.overview.dashboard``) on the hand-made world of
``conftest``: exact figures, filters, refused filters, the API equal to the page, always
current after a write, and who sees it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise
from ovop.evaluation import headlines
from ovop.evaluation.headlines import data_version
from ovop.evaluation.models import HeadlineSet
from ovop.monitoring.choices import Arm
from ovop.monitoring.models import Indicator, Respondent, Round, Target
from ovop.monitoring.services_entry import entry_save
from ovop.programme.models import Programme
from ovop.regions.models import Region
from tests.conftest import login
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/dashboard/programmes/{}/"


@pytest.fixture
def target(world: Programme, officer: User) -> Target:
    return Target.objects.create(
        indicator=Indicator.objects.get(code="omzet"),
        region=world.regency,
        year=2025,
        target_value=Decimal(3_000_000),
        updated_by=officer,
    )


def _line(response: Any, code: str = "omzet") -> Any:
    board = response.context["board"]
    return next(line for line in board.indicators if line.indicator.code == code)


def test_the_year_surveyed_last_with_exact_means_and_the_target_reached(
    client: Client, officer: User, target: Target
) -> None:
    response = login(client, officer).get("/")
    assert response.context["board"].filters.year == 2025
    line = _line(response)
    # 2025: participants 1.3 + 2.31 + 3.29 + 4.305 + 5.295 million, comparison 16 million
    assert (line.participants.n, line.participants.value) == (5, 3_300_000)
    assert (line.comparison.n, line.comparison.value) == (5, 3_200_000)
    assert (line.achievement_pct, line.band) == (110.0, "very_effective")
    page = response.content.decode()
    assert "Rp\u00a03.300.000" in page and "110,0 %" in page and "sangat efektif" in page
    registry = response.context["board"].registry
    assert (registry.enterprises, registry.villages, registry.designated) == (10, 1, 0)


def test_a_kecamatan_and_a_category_narrow_the_figures(
    client: Client, officer: User, target: Target, village_b: Region
) -> None:
    client = login(client, officer)
    kecamatan = village_b.parent
    assert kecamatan is not None
    line = _line(client.get("/", {"year": "2025", "kecamatan": kecamatan.code}))
    assert (line.participants.n, line.comparison.n, line.comparison.value) == (0, 5, 3_200_000)
    assert line.target is None  # the target is the regency's
    response = client.get("/", {"year": "2025", "category": "batik"})
    line = _line(response)
    assert (line.participants.n, line.achievement_pct) == (0, None)
    assert "Target ditetapkan untuk suatu wilayah" in response.content.decode()
    assert response.context["board"].registry.enterprises == 0


def test_a_filter_out_of_its_choices_is_named_and_dropped(
    english_client: Client, officer: User, world: Programme
) -> None:
    response = login(english_client, officer).get(
        "/", {"year": "20x5", "kecamatan": "99.99.99", "category": "<script>x</script>"}
    )
    assert response.status_code == 200
    problems = dict(response.context["board"].filters.problems)
    assert problems["year"].startswith("Year: “20x5” is not a year between 2000 and 2100")
    assert (
        problems["kecamatan"]
        == "Kecamatan: “99.99.99” is not a kecamatan of the programme; showing all."
    )
    page = response.content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x</script>" not in page
    api = english_client.get(API.format(world.pk), {"kecamatan": "99.99.99"})
    assert api.status_code == 400
    assert api.json()["fields"] == {
        "kecamatan": ["Kecamatan: “99.99.99” is not a kecamatan of the programme; showing all."]
    }


def test_the_api_gives_the_pages_figures_unrounded(
    client: Client, officer: User, target: Target, world: Programme
) -> None:
    client = login(client, officer)
    page = _line(client.get("/", {"year": "2025"}))
    body = client.get(API.format(world.pk), {"year": "2025"}).json()
    omzet = next(i for i in body["indicators"] if i["code"] == "omzet")
    assert omzet["participants"] == {"n": page.participants.n, "value": page.participants.value}
    assert omzet["comparison"] == {"n": 5, "value": 3_200_000.0}
    assert (omzet["achievement_pct"], omzet["band"], omzet["target"]) == (
        110.0,
        "very_effective",
        3_000_000.0,
    )
    assert body["registry"]["enterprises"] == 10 and body["filters"]["year"] == 2025
    headline = next(h for h in body["headlines"] if h["code"] == "omzet")
    assert headline["significant"] is True and "Omzet" in headline["sentence"]


def test_a_new_entry_shows_at_once_and_renews_the_estimates(
    client: Client, officer: User, target: Target, world: Programme, village_a: Region
) -> None:
    client = login(client, officer)
    before = client.get("/", {"year": "2025"})
    version = data_version(world)
    _late_participant(world, officer, village_a)
    after = client.get("/", {"year": "2025"})
    line = _line(after)
    assert (line.participants.n, line.participants.value) == (6, 3_500_000)
    assert data_version(world) != version
    old = {h.code: h.sentence for h in before.context["board"].headlines.items}
    new = {h.code: h.sentence for h in after.context["board"].headlines.items}
    assert old["omzet"] != new["omzet"]  # a sixth participant, +3.5 million: a new estimate


def _late_participant(world: Programme, officer: User, village: Region) -> None:
    late = Enterprise.objects.create(name="Peserta terlambat", village=village)
    for year, omzet in ((2022, "1 juta"), (2025, "Rp 4.500.000")):
        round_ = Round.objects.get(programme=world, year=year)
        person = Respondent.objects.create(round=round_, enterprise=late, arm=Arm.PARTICIPANT)
        entry_save(user=officer, respondent=person, raw={"omzet": omzet}, submit=True)


def test_with_a_worker_the_page_shows_the_last_estimates_dated_until_the_new_ones_are_in(
    client: Client,
    officer: User,
    world: Programme,
    village_a: Region,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    asked: list[int] = []
    monkeypatch.setattr(headlines, "_immediate", lambda: False)
    monkeypatch.setattr(headlines, "_enqueue", asked.append)
    client = login(client, officer)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.get("/", {"year": "2025"})
    assert asked == [world.pk]  # nothing computed yet: the worker is asked, the page says so
    assert first.context["board"].headlines.items == []
    assert "sedang dihitung" in first.content.decode()
    headlines.headlines_compute(world.pk)  # what the worker does
    ready = client.get(f"/dashboard/{world.pk}/headlines/")
    assert ready.context["headlines"].current and "hx-get" not in ready.content.decode()
    old = {h.code: h.sentence for h in ready.context["headlines"].items}
    computed_at = HeadlineSet.objects.get(programme=world).computed_at
    _late_participant(world, officer, village_a)
    with django_capture_on_commit_callbacks(execute=True):
        stale = client.get(f"/dashboard/{world.pk}/headlines/")
        again = client.get(f"/dashboard/{world.pk}/headlines/")  # polled: asked only once
    assert asked == [world.pk, world.pk]
    shown = stale.context["headlines"]
    assert not shown.current and shown.computed_at == computed_at
    assert {h.code: h.sentence for h in shown.items} == old  # the previous ones, dated
    assert 'hx-trigger="every 5s"' in again.content.decode()
    headlines.headlines_compute(world.pk)
    new = client.get(f"/dashboard/{world.pk}/headlines/").context["headlines"]
    assert new.current and {h.code: h.sentence for h in new.items}["omzet"] != old["omzet"]


@pytest.mark.parametrize("persona", ["facilitator", "owner", "assessor"])
def test_the_headlines_fragment_is_refused_to_those_without_the_dashboard(
    client: Client, request: pytest.FixtureRequest, persona: str, world: Programme
) -> None:
    response = login(client, request.getfixturevalue(persona)).get(
        f"/dashboard/{world.pk}/headlines/"
    )
    assert response.status_code == 403
    assert not HeadlineSet.objects.exists()


@pytest.mark.parametrize("role", ["admin_user", "officer", "viewer"])
def test_readers_of_everything_open_on_the_dashboard(
    client: Client, request: pytest.FixtureRequest, role: str, world: Programme
) -> None:
    client = login(client, request.getfixturevalue(role))
    assert 'id="dashboard"' in client.get("/").content.decode()
    assert client.get(API.format(world.pk)).status_code == 200


@pytest.mark.parametrize("role", ["facilitator", "owner", "assessor"])
def test_the_other_roles_keep_their_own_home_and_are_refused_the_api(
    client: Client, request: pytest.FixtureRequest, role: str, world: Programme
) -> None:
    client = login(client, request.getfixturevalue(role))
    response = client.get("/")
    assert response.status_code == 200 and "board" not in response.context
    assert 'id="dashboard"' not in response.content.decode()
    assert client.get(API.format(world.pk)).status_code == 403


def test_anonymous_is_refused_the_api(client: Client, world: Programme) -> None:
    assert client.get(API.format(world.pk)).status_code == 403
    assert client.get("/").status_code == 302


def test_every_programme_at_once_adds_the_regencies_and_bands_their_targets(
    english_client: Client, viewer: User, target: Target, world: Programme
) -> None:
    second = ProgrammeFactory(name="OVOP <Kedua>", regency=world.regency, start_year=2021)
    client = login(english_client, viewer)
    response = client.get("/", {"programme": "all", "year": "2025"})
    board = response.context["board"]
    assert board.national and board.markers == [] and board.headlines.items == []
    line = _line(response)
    assert (line.participants.n, line.participants.value) == (5, 3_300_000)
    assert board.target_bands == {"very_effective": 1}
    assert ("very effective", 1) in board.band_rows
    page = response.content.decode()
    assert "Dashboard: every programme" in page and "choose a programme above" in page
    # the programme choice: every programme chosen, each one offered, names escaped
    assert '<option value="all" selected>' in page
    assert f'<option value="{second.pk}">OVOP &lt;Kedua&gt;</option>' in page
    one = client.get("/", {"programme": str(second.pk)}).content.decode()
    assert f'<option value="{second.pk}" selected>OVOP &lt;Kedua&gt;</option>' in one
    assert f'<option value="{world.pk}">{world.name}</option>' in one
    body = client.get("/api/v1/dashboard/national/", {"year": "2025"}).json()
    assert body["programme"] is None and body["target_bands"] == {"very_effective": 1}
    omzet = next(i for i in body["indicators"] if i["code"] == "omzet")
    assert omzet["participants"] == {"n": 5, "value": 3_300_000.0}
    assert body["registry"]["enterprises"] == 10


def test_one_programme_has_no_every_programme_view(
    client: Client, officer: User, world: Programme
) -> None:
    board = login(client, officer).get("/", {"programme": "all"}).context["board"]
    assert board.programme == world  # "all" means the only one
