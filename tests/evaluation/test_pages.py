"""Issue 13: the evaluation's pages and API — who may read and change what, the settings form,
and the page, the sentence and the API telling the same numbers."""

from __future__ import annotations

import pytest
from django.test import Client

from ovop.accounts.models import User
from ovop.evaluation.models import EvaluationSettings
from ovop.evaluation.services import settings_update
from ovop.programme.models import Programme
from tests.conftest import login
from tests.refusals import API_ANONYMOUS, LOGIN, Attempt, matrix, refused

READERS = ("admin_user", "officer", "viewer")
#: The default bands, as the settings form sends them back.
BANDS = {
    "very_effective_from_pct": "100",
    "effective_from_pct": "90",
    "fairly_effective_from_pct": "80",
    "less_effective_from_pct": "60",
}
ATTEMPTS = {
    "home": Attempt("get", "/evaluation/"),
    "programme": Attempt("get", lambda p: f"/evaluation/programmes/{p.pk}/"),
    "indicator": Attempt("get", lambda p: f"/evaluation/programmes/{p.pk}/indicators/omzet/"),
    "settings": Attempt("get", lambda p: f"/evaluation/programmes/{p.pk}/settings/"),
    "settings_save": Attempt(
        "post",
        lambda p: f"/evaluation/programmes/{p.pk}/settings/",
        {"effect_lag_years": "2", **BANDS},
    ),
    "api_list": Attempt("get", lambda p: f"/api/v1/evaluation/programmes/{p.pk}/indicators/"),
    "api_one": Attempt("get", lambda p: f"/api/v1/evaluation/programmes/{p.pk}/indicators/omzet/"),
}
ANSWERS = {"facilitator": 403, "owner": 403, "assessor": 403, "anonymous": LOGIN}
EXCEPTIONS = {("anonymous", name): API_ANONYMOUS for name in ("api_list", "api_one")}


@pytest.mark.parametrize(
    ("persona", "action", "expected"),
    matrix(ANSWERS, ATTEMPTS, EXCEPTIONS) + matrix({"viewer": 403}, ["settings", "settings_save"]),
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
        client, request, persona, ATTEMPTS[action], expected, records=world, apps=("evaluation",)
    )


@pytest.mark.parametrize("persona", READERS)
def test_readers_see_the_pages_and_the_api(
    client: Client, request: pytest.FixtureRequest, world: Programme, persona: str
) -> None:
    login(client, request.getfixturevalue(persona))
    for name in ("programme", "indicator", "api_list", "api_one"):
        response = ATTEMPTS[name].send(client, world)
        assert response.status_code == 200, name
    assert client.get("/evaluation/").status_code == 302  # one programme: straight to it


def test_page_sentence_and_api_tell_the_same_numbers(
    english_client: Client, officer: User, world: Programme
) -> None:
    login(english_client, officer)
    page = english_client.get(f"/evaluation/programmes/{world.pk}/indicators/omzet/")
    text = page.content.decode()
    data = english_client.get(f"/api/v1/evaluation/programmes/{world.pk}/indicators/omzet/").json()
    assert data["design"] == "did"
    assert data["headline"]["estimate"] == pytest.approx(100_000)
    assert data["headline"]["n_treated"] == data["headline"]["n_control"] == 5
    assert data["sentence"] in text.replace("&#x27;", "'")
    assert "Rp\u00a0100.000" in text and 'id="estimates"' in text
    listing = english_client.get(f"/api/v1/evaluation/programmes/{world.pk}/indicators/").json()
    assert [i["code"] for i in listing["indicators"]] == ["omzet"]
    assert listing["indicators"][0]["headline"] == data["headline"]


def test_an_unknown_indicator_or_programme_is_404(
    client: Client, officer: User, world: Programme
) -> None:
    login(client, officer)
    assert client.get(f"/evaluation/programmes/{world.pk}/indicators/harga/").status_code == 404
    assert client.get("/evaluation/programmes/999999/").status_code == 404
    assert client.get(f"/api/v1/evaluation/programmes/{world.pk}/indicators/x/").status_code == 404


def test_the_settings_form_names_a_bad_value_and_keeps_nothing(
    english_client: Client, officer: User, world: Programme
) -> None:
    login(english_client, officer)
    url = f"/evaluation/programmes/{world.pk}/settings/"
    for bad in ("11", "-1", "dua", ""):
        response = english_client.post(url, {**BANDS, "effect_lag_years": bad})
        assert response.status_code == 400, bad
        assert "The settings were not saved." in response.content.decode()
    crossed = {**BANDS, "effect_lag_years": "1", "effective_from_pct": "100"}
    response = english_client.post(url, crossed)
    assert response.status_code == 400
    assert "Each band must begin below the one above it" in response.content.decode()
    assert (
        english_client.post(
            url, {**BANDS, "effect_lag_years": "1", "less_effective_from_pct": "0"}
        ).status_code
        == 400
    )
    assert not EvaluationSettings.objects.exists()
    mine = {**BANDS, "effective_from_pct": "95", "effect_lag_years": "4"}
    response = english_client.post(url, mine, follow=True)
    assert "Saved: the estimates use the new setting." in response.content.decode()
    saved = EvaluationSettings.objects.get()
    assert saved.effect_lag_years == 4 and saved.updated_by == officer
    assert saved.band_limits_pct == (100, 95, 80, 60)
    assert saved.history.get().history_user == officer
    page = english_client.get(f"/evaluation/programmes/{world.pk}/").content.decode()
    assert "Bands (set for this programme):" in page


def test_the_lag_moves_the_first_year_treated(officer: User, world: Programme) -> None:
    """Village A joined in 2020: with an onset of 3 years its enterprises are treated from
    2023, between the two rounds, and the staggered design runs."""
    from ovop.evaluation.impact import indicator_impact
    from ovop.monitoring.models import Indicator

    omzet = Indicator.objects.get(code="omzet")
    assert "staggered" not in indicator_impact(programme=world, indicator=omzet).effects
    settings_update(user=officer, programme=world, effect_lag_years=3)
    result = indicator_impact(programme=world, indicator=omzet)
    assert result.cohorts == (2023,) and result.design == "staggered"
    assert result.effects["staggered"].estimate == pytest.approx(100_000)
