"""The monitoring API for the indicator library and its targets."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from ovop.accounts.models import User
from ovop.monitoring.models import Indicator, Respondent, Target, Value
from ovop.regions.models import Region
from tests.monitoring.conftest_indicators import indicator_make

pytestmark = pytest.mark.django_db

API = "/api/v1/monitoring/indicators/"


def _post(client: Client, url: str, body: Any = None) -> Any:
    return client.post(url, body or {}, content_type="application/json")


def _new(**extra: Any) -> dict[str, Any]:
    return {
        "code": "modal_usaha",
        "name_id": "Modal kerja uji",
        "name_en": "Working capital",
        "domain": "economic",
        "unit": "idr",
        "value_type": "integer",
        "min_value": 0,
        "max_value": "5 M",
        **extra,
    }


def test_list_filters_and_one_indicator(client: Client, viewer: User) -> None:
    client.force_login(viewer)
    listed = client.get(API, {"domain": "social"}).json()
    assert listed["count"] >= 1
    assert {row["domain"] for row in listed["results"]} == {"social"}
    first = client.get(API).json()["results"][0]
    assert client.get(f"{API}{first['id']}/").json()["code"] == first["code"]
    assert client.get(API, {"status": "gone"}).status_code == 400
    assert client.get(f"{API}999999/").status_code == 404


def test_create_reads_numbers_the_indonesian_way_or_as_json(client: Client, officer: User) -> None:
    client.force_login(officer)
    created = _post(client, API, _new())
    assert created.status_code == 201, created.json()
    data = created.json()
    assert (data["min_value"], data["max_value"], data["is_default"]) == (0, 5_000_000_000, False)
    indicator = Indicator.objects.get(code="modal_usaha")
    assert indicator.max_value == Decimal(5_000_000_000)
    assert indicator.history.first().history_user == officer


def test_create_names_each_field_refused(
    client: Client, english_client: Client, officer: User
) -> None:
    client.force_login(officer)
    options = [{"code": "a", "label_id": "A"}, {"code": "b", "label_id": "B"}]
    response = _post(client, API, _new(code="Modal!", options=options, max_value="1,500.00"))
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"max_value"}  # the body is read first
    model = _post(client, API, _new(code="Modal!", options=options))
    assert set(model.json()["fields"]) == {"code", "options"}
    assert not Indicator.objects.filter(name_id="Modal kerja uji").exists()


def test_change_archive_and_restore(client: Client, english_client: Client, officer: User) -> None:
    indicator = indicator_make("uji_api")
    client.force_login(officer)
    url = f"{API}{indicator.pk}/"
    changed = client.patch(url, {"name_en": "Tested"}, content_type="application/json")
    assert (changed.status_code, changed.json()["name_en"], changed.json()["name_id"]) == (
        200,
        "Tested",
        "Uji uji_api",
    )
    unconfirmed = _post(client, f"{url}archive/", {"reason": "Tidak dipakai"})
    assert list(unconfirmed.json()["fields"]) == ["confirm"]
    archived = _post(client, f"{url}archive/", {"confirm": True, "reason": "Tidak dipakai"})
    assert archived.json()["archived"] is True
    frozen = client.patch(url, {"name_en": "Again"}, content_type="application/json")
    assert frozen.status_code == 400
    assert "restore it before changing it" in frozen.json()["error"]
    assert _post(client, f"{url}restore/").json()["archived"] is False
    assert _post(client, f"{url}restore/").status_code == 400  # not archived


def test_a_code_in_use_stays(
    client: Client,
    english_client: Client,
    officer: User,
    answering_x: Respondent,
    indicators: dict[str, Indicator],
) -> None:
    omzet = indicators["omzet"]
    Value.objects.create(respondent=answering_x, indicator=omzet, number=1, origin="web")
    client.force_login(officer)
    response = client.patch(f"{API}{omzet.pk}/", {"code": "omset"}, content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["code"]


def test_targets_set_listed_and_removed(
    client: Client, english_client: Client, officer: User, regency: Region, programme: Any
) -> None:
    indicator = indicator_make("produksi_api", min_value=Decimal(0))
    client.force_login(officer)
    url = f"{API}{indicator.pk}/targets/"
    body = {"region": regency.code, "year": 2026, "target_value": "1.500", "baseline_value": 900}
    created = _post(client, url, body)
    assert created.status_code == 201, created.json()
    row = created.json()
    assert (row["target_value"], row["baseline_value"], row["region_name"]) == (
        1500,
        900,
        "Kabupaten Uji",
    )
    assert (row["actual"], row["round"], row["respondents"]) == (None, None, 0)
    changed = _post(client, url, {**body, "target_value": 1600.5})
    assert (changed.status_code, changed.json()["target_value"]) == (200, 1600.5)
    assert [t["id"] for t in client.get(url).json()["results"]] == [row["id"]]
    nowhere = _post(client, url, {**body, "region": "12.34"})
    assert nowhere.json()["fields"] == {
        "region": ["Region: no regency, kecamatan or village of a programme has the code 12.34."]
    }
    target_url = f"/api/v1/monitoring/targets/{row['id']}/"
    assert client.get(target_url).json()["target_value"] == 1600.5
    assert client.delete(target_url).status_code == 204
    assert not Target.objects.exists()
    assert client.get(target_url).status_code == 404


def test_a_one_of_a_list_indicator_takes_no_target(
    client: Client, officer: User, regency: Region, programme: Any, indicators: Any
) -> None:
    client.force_login(officer)
    url = f"{API}{indicators['pasar'].pk}/targets/"
    body = {"region": regency.code, "year": 2026, "target_value": 1}
    assert _post(client, url, body).status_code == 400
    assert not Target.objects.exists()


def test_the_library_list_reads_in_a_fixed_number_of_queries(
    client: Client, viewer: User, django_assert_max_num_queries: Any
) -> None:
    for n in range(20):
        indicator_make(f"extra_{n}")
    client.force_login(viewer)
    with django_assert_max_num_queries(5):
        assert client.get(API).json()["count"] >= 20
