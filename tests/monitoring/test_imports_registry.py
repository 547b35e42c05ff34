"""The IKM registry import through the pages: upload, dry run, possible duplicates ticked,
confirm; the same file again writes nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise
from ovop.monitoring.models import ImportJob
from ovop.monitoring.models_imports import JobStatus
from ovop.regions.models import Region
from tests.conftest import login
from tests.enterprises.registry_files import NAMANG, line, registered, xlsx

pytestmark = pytest.mark.django_db


def _upload(client: Client, regency: Region, rows: list[list[object]]) -> ImportJob:
    content = xlsx(rows).getvalue()
    response = client.post(
        "/monitoring/registry/import/",
        {"region": regency.pk, "file": SimpleUploadedFile("ikm.xlsx", content)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.latest("pk")


def test_registry_import_with_a_possible_duplicate_confirmed_as_new(
    english_client: Client, officer: User, regions: dict[str, Region]
) -> None:
    regency = regions["19.04"]
    registered(name="Getas Alfa", owner_name="Bu Siti", village=regions[NAMANG])
    rows = [
        line(
            name="Getas Alpha",
            owner_name="Bu Siti",
            village="Namang",
            products="Getas",
            category="makanan",
        ),
        line(name="Lada Koba", owner_name="Pak Amin", village="Kel. Koba", kecamatan="Koba"),
    ]
    login(english_client, officer)
    job = _upload(english_client, regency, rows)
    assert job.status == JobStatus.CHECKED, (job.message, job.problems)
    assert job.counts["created"] == 1 and job.counts["possible_duplicates"] == 1
    page = english_client.get(f"/monitoring/imports/{job.pk}/").content.decode()
    assert "may be the registered “Getas Alfa”" in page
    assert 'name="accept_new" value="2"' in page
    assert Enterprise.objects.count() == 1  # the dry run wrote nothing
    response = english_client.post(
        f"/monitoring/imports/{job.pk}/confirm/", {"accept_new": ["2", "99", "x"]}
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.message
    assert job.accept_new == [2]
    assert set(Enterprise.objects.values_list("name", flat=True)) == {
        "Getas Alfa",
        "Getas Alpha",
        "Lada Koba",
    }
    again = _upload(english_client, regency, rows[1:])
    assert again.counts["unchanged"] == 1 and again.counts["created"] == 0


def test_a_bad_registry_row_is_named_and_nothing_is_written(
    english_client: Client, officer: User, regions: dict[str, Region]
) -> None:
    login(english_client, officer)
    rows = [line(name="Kopi Entah", owner_name="Pak X", village="Desa Entah Berantah")]
    job = _upload(english_client, regions["19.04"], rows)
    assert job.status == JobStatus.REFUSED
    assert [(p["row"], p["column"]) for p in job.problems] == [(2, "Desa/Kelurahan")]
    assert not Enterprise.objects.exists()


def test_only_managers_import_the_registry(
    client: Client, facilitator: User, viewer: User, regions: dict[str, Region]
) -> None:
    for user in (facilitator, viewer):
        login(client, user)
        assert client.get("/monitoring/registry/import/").status_code == 403
        assert client.get("/monitoring/registry/template.xlsx").status_code == 403
        content = xlsx([line(name="A", owner_name="B", village="Namang")]).getvalue()
        response = client.post(
            "/monitoring/registry/import/",
            {"region": regions["19.04"].pk, "file": SimpleUploadedFile("a.xlsx", content)},
        )
        assert response.status_code == 403
    assert not ImportJob.objects.exists() and not Enterprise.objects.exists()


def test_an_owner_gender_offices_type_is_recorded_and_another_refused_in_indonesian(
    client: Client, officer: User, regions: dict[str, Region]
) -> None:
    """Through the pages, in the default language: "wanita" is recorded as female; "Ibu" in
    the next file is named by row and column, and that file changes nothing."""
    regency = regions["19.04"]
    login(client, officer)
    rows = [line(name="Getas Alfa", owner_name="Bu Siti", owner_gender="wanita", village="Namang")]
    job = _upload(client, regency, rows)
    assert client.post(f"/monitoring/imports/{job.pk}/confirm/").status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.message
    siti = Enterprise.objects.get()
    assert siti.owner_gender == "female"
    rows = [line(name="Getas Alfa", owner_name="Bu Siti", owner_gender="Ibu", village="Namang")]
    refused = _upload(client, regency, rows)
    assert refused.status == JobStatus.REFUSED
    assert [(p["row"], p["column"], p["reason"]) for p in refused.problems] == [
        (
            2,
            "Jenis kelamin pemilik",
            "Jenis kelamin pemilik: “Ibu” bukan L (laki-laki) atau P (perempuan).",
        )
    ]
    assert list(Enterprise.objects.values_list("owner_gender", "updated_at")) == [
        ("female", siti.updated_at)
    ]
    assert siti.history.count() == 1
