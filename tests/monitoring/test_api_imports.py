"""Issue 12: imports through the API — upload, dry-run report, confirm, progress and cancel,
with the same all-or-nothing rule and the same refusals as the pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise
from ovop.monitoring.models import ImportJob, Respondent, Round, Value
from ovop.regions.models import Region
from tests.conftest import login
from tests.enterprises.registry_files import line, xlsx
from tests.monitoring.conftest import stored

API = "/api/v1/monitoring"


def _csv(respondent: Respondent, omzet: str) -> SimpleUploadedFile:
    text = f"ID responden;Omzet per bulan\r\nr{respondent.pk};{omzet}\r\n"
    return SimpleUploadedFile("isian.csv", text.encode())


def _upload(client: Client, round_: Round, respondent: Respondent, omzet: str) -> Any:
    return client.post(
        f"{API}/rounds/{round_.pk}/imports/", {"kind": "values", "file": _csv(respondent, omzet)}
    )


def _confirm(client: Client, job_id: int, body: dict[str, Any] | None = None) -> Any:
    return client.post(
        f"{API}/imports/{job_id}/confirm/", body or {}, content_type="application/json"
    )


def test_upload_dry_run_confirm_and_progress(
    english_client: Client, officer: User, survey: Round, answering_x: Respondent
) -> None:
    response = _upload(login(english_client, officer), survey, answering_x, "Rp 1.500.000")
    assert response.status_code == 201, response.content
    job = response.json()
    assert (job["status"], job["counts"]["created"], job["problems"]) == ("checked", 1, [])
    assert job["progress"] == {"phase": "", "rows_read": 1, "rows_written": 0, "errors": 0}
    assert not Value.objects.exists()  # the dry run stored nothing
    detail = english_client.get(f"{API}/imports/{job['id']}/").json()
    assert detail["status_label"] == "Checked: waiting for confirmation"
    done = _confirm(english_client, job["id"]).json()
    assert done["status"] == "done" and done["progress"]["rows_written"] == 1
    assert stored(answering_x) == {"omzet": Decimal(1_500_000)}
    again = _confirm(english_client, job["id"])
    assert again.status_code == 400
    assert again.json()["error"] == "This import is “Done”; only a checked import is confirmed."


def test_a_bad_row_is_named_and_a_refused_import_cannot_be_confirmed(
    english_client: Client, officer: User, survey: Round, answering_x: Respondent
) -> None:
    job = _upload(login(english_client, officer), survey, answering_x, "banyak").json()
    assert job["status"] == "refused"
    ((problem),) = job["problems"]
    assert (problem["row"], problem["column"]) == (2, "Omzet per bulan")
    response = english_client.post(
        f"{API}/imports/{job['id']}/confirm/", {}, content_type="application/json"
    )
    assert response.status_code == 400 and not Value.objects.exists()


def test_a_checked_import_is_cancelled(
    client: Client, officer: User, survey: Round, answering_x: Respondent
) -> None:
    login(client, officer)
    job = client.post(
        f"{API}/rounds/{survey.pk}/imports/", {"kind": "values", "file": _csv(answering_x, "1")}
    ).json()
    cancelled = client.post(f"{API}/imports/{job['id']}/cancel/").json()
    assert cancelled["status"] == "cancelled" and not Value.objects.exists()
    assert client.post(f"{API}/imports/{job['id']}/cancel/").status_code == 400


def test_the_registry_is_imported_through_the_api(
    english_client: Client, officer: User, regions: dict[str, Region]
) -> None:
    login(english_client, officer)
    content = xlsx([line(name="Lada Koba", owner_name="Pak Amin", village="Kel. Koba")])
    response = english_client.post(
        f"{API}/registry-imports/",
        {"region": regions["19.04"].pk, "file": SimpleUploadedFile("ikm.xlsx", content.getvalue())},
    )
    job = response.json()
    assert (
        response.status_code == 201 and job["status"] == "checked" and job["counts"]["created"] == 1
    )
    english_client.post(
        f"{API}/imports/{job['id']}/confirm/", {"accept_new": []}, content_type="application/json"
    )
    assert Enterprise.objects.get().name == "Lada Koba"
    bad = english_client.post(
        f"{API}/registry-imports/",
        {"region": "999999", "file": SimpleUploadedFile("ikm.xlsx", content.getvalue())},
    )
    assert bad.status_code == 400 and "region" in bad.json()["fields"]


def test_bounds_and_body_forms_are_refused(
    client: Client, officer: User, survey: Round, answering_x: Respondent
) -> None:
    login(client, officer)
    url = f"{API}/rounds/{survey.pk}/imports/"
    assert client.post(url, {"kind": "values"}, content_type="application/json").status_code == 415
    assert client.post(url, {"kind": "sideways", "file": _csv(answering_x, "1")}).status_code == 400
    with override_settings(OVOP_IMPORT_MAX_BYTES=10):
        big = SimpleUploadedFile("big.csv", b"x" * 200_000)
        response = client.post(url, {"kind": "values", "file": big})
    assert response.status_code == 413
    assert response.json()["error"] == "The file is larger than the 0 MB an import may be."
    job = client.post(url, {"kind": "values", "file": _csv(answering_x, "1")}).json()
    confirm = f"{API}/imports/{job['id']}/confirm/"
    refused = client.post(confirm, {"accept_new": ["x"]}, content_type="application/json")
    assert refused.status_code == 400
    too_many = client.post(
        confirm, {"accept_new": list(range(1, 1100))}, content_type="application/json"
    )
    assert too_many.status_code == 400
    assert not ImportJob.objects.exclude(pk=job["id"]).exists()


@pytest.mark.parametrize("persona", ["facilitator", "viewer", "owner"])
def test_only_managers_import(
    client: Client,
    request: pytest.FixtureRequest,
    persona: str,
    survey: Round,
    answering_x: Respondent,
    regions: dict[str, Region],
) -> None:
    login(client, request.getfixturevalue(persona))
    response = client.post(
        f"{API}/rounds/{survey.pk}/imports/", {"kind": "values", "file": _csv(answering_x, "1")}
    )
    assert response.status_code == 403
    response = client.post(
        f"{API}/registry-imports/", {"region": regions["19.04"].pk, "file": _csv(answering_x, "1")}
    )
    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_each_officer_sees_only_their_own_imports(
    client: Client, officer: User, admin_user: User, survey: Round, answering_x: Respondent
) -> None:
    login(client, officer)
    job = client.post(
        f"{API}/rounds/{survey.pk}/imports/", {"kind": "values", "file": _csv(answering_x, "1")}
    ).json()
    other = User.objects.create(username="officer2", role="officer")
    login(client, other)
    for suffix, method in (("", "get"), ("confirm/", "post"), ("cancel/", "post")):
        assert getattr(client, method)(f"{API}/imports/{job['id']}/{suffix}").status_code == 404
    login(client, admin_user)
    assert client.get(f"{API}/imports/{job['id']}/").status_code == 200
    client.logout()
    assert client.get(f"{API}/imports/{job['id']}/").status_code == 403
    assert not Value.objects.exists()
