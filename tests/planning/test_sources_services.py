# ruff: noqa: F811  (fixtures imported from conftest_records are parameters here)
"""Budget sources: the configurable default rules, edits, Dana Desa's village, refusals."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ovop.accounts.models import User
from ovop.planning import services_sources
from ovop.planning.choices import ActivityType, SourceKind
from ovop.planning.models import FiscalYear, Source
from ovop.regions.models import Region
from tests.planning.conftest_records import JT, apbd, close, dak, fy  # noqa: F401 - fixtures


def test_a_new_source_starts_from_its_kinds_default(officer: User, fy: FiscalYear) -> None:
    csr = services_sources.source_create(
        user=officer, year=fy, kind=SourceKind.CSR, name="CSR PT Timah", ceiling_idr=200 * JT
    )
    assert csr.allowed_types == ["training", "equipment", "promotion"]
    assert csr.rules_are_default is True
    dak = services_sources.source_create(
        user=officer, year=fy, kind=SourceKind.DAK, name="DAK", ceiling_idr=JT
    )
    assert (dak.allowed_types, dak.rules_are_default) == (["equipment"], True)


def test_editing_the_types_makes_them_the_officers_own(officer: User, dak: Source) -> None:
    services_sources.source_update(
        user=officer,
        source=dak,
        kind=dak.kind,
        name=dak.name,
        ceiling_idr=320 * JT,
        allowed_types=[ActivityType.EQUIPMENT],
    )
    dak.refresh_from_db()
    assert (dak.ceiling_idr, dak.rules_are_default) == (320 * JT, True)
    services_sources.source_update(
        user=officer,
        source=dak,
        kind=dak.kind,
        name=dak.name,
        ceiling_idr=320 * JT,
        allowed_types=[ActivityType.PACKAGING, ActivityType.EQUIPMENT],
    )
    dak.refresh_from_db()
    assert dak.allowed_types == ["equipment", "packaging"]
    assert dak.rules_are_default is False


def test_dana_desa_needs_its_village(officer: User, fy: FiscalYear, village_a: Region) -> None:
    with pytest.raises(ValidationError) as refused:
        services_sources.source_create(
            user=officer, year=fy, kind=SourceKind.DANA_DESA, name="DD", ceiling_idr=JT
        )
    assert list(refused.value.message_dict) == ["village"]
    kecamatan = village_a.parent
    with pytest.raises(ValidationError) as not_village:
        services_sources.source_create(
            user=officer,
            year=fy,
            kind=SourceKind.DANA_DESA,
            name="DD",
            ceiling_idr=JT,
            village=kecamatan,
        )
    assert list(not_village.value.message_dict) == ["village"]
    assert not Source.objects.exists()


def test_bad_input_is_refused_naming_the_field(officer: User, apbd: Source) -> None:
    fy = apbd.fiscal_year
    cases: list[tuple[dict[str, Any], str]] = [
        ({"name": "apbd disperindag"}, "name"),
        ({"ceiling_idr": -1}, "ceiling_idr"),
        ({"allowed_types": ["rocket"]}, "allowed_types"),
        ({"kind": "lottery"}, "kind"),
    ]
    for given, field in cases:
        values = {"kind": SourceKind.CSR, "name": "CSR", "ceiling_idr": JT, **given}
        with pytest.raises(ValidationError) as refused:
            services_sources.source_create(user=officer, year=fy, **values)
        assert field in refused.value.message_dict, given
    assert Source.objects.count() == 1


def test_archive_restore_and_history(officer: User, apbd: Source) -> None:
    services_sources.source_archive(user=officer, source=apbd, reason="dipindah ke DPA lain")
    apbd.refresh_from_db()
    assert apbd.is_archived
    with pytest.raises(ValidationError):
        services_sources.source_archive(user=officer, source=apbd)
    services_sources.source_restore(user=officer, source=apbd)
    apbd.refresh_from_db()
    assert not apbd.is_archived
    reasons = list(
        apbd.history.order_by("history_id").values_list("history_change_reason", flat=True)
    )
    assert reasons[-2:] == ["dipindah ke DPA lain", "restored"]


@pytest.mark.parametrize("persona", ["viewer", "facilitator", "owner", "assessor"])
def test_only_planners_change_sources(
    request: pytest.FixtureRequest, persona: str, apbd: Source
) -> None:
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services_sources.source_archive(user=user, source=apbd)
    apbd.refresh_from_db()
    assert not apbd.is_archived


def test_closed_year_refuses_sources(
    english: None, officer: User, admin_user: User, apbd: Source
) -> None:
    close(apbd.fiscal_year, admin_user)
    with pytest.raises(ValidationError) as refused:
        services_sources.source_create(
            user=officer, year=apbd.fiscal_year, kind="csr", name="CSR", ceiling_idr=JT
        )
    assert refused.value.messages == ["Fiscal year 2026 is closed: no more changes."]
    assert Source.objects.count() == 1
