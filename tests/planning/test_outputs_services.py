# ruff: noqa: F811  (fixtures imported from conftest_delivery are parameters here)
"""Outputs: a certificate obtained becomes the IKM's certificate record; equipment names who
received it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ovop.accounts.models import User
from ovop.empowerment.models import Group
from ovop.enterprises.models import Certification, Enterprise
from ovop.planning.choices import ActivityType, OutputKind
from ovop.planning.models import Output, Source
from ovop.planning.services_outputs import output_add
from tests.planning.conftest_delivery import (  # noqa: F401 - fixtures
    activity,
    apbd,
    group_a,
    training_a,
    year,
)

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 6, 1)


def test_a_certificate_obtained_creates_the_registry_record(
    facilitator: User, apbd: Source, enterprise_x: Enterprise
) -> None:
    halal = activity(
        apbd.fiscal_year, apbd, enterprise_x.village, "Fasilitasi halal", ActivityType.CERT_HALAL
    )
    output = output_add(
        user=facilitator,
        activity=halal,
        kind=OutputKind.CERTIFICATION,
        description="Sertifikat halal Getas Alfa",
        delivered_on=DAY,
        enterprise=enterprise_x,
        number="ID00110012345",
        issued_on=dt.date(2026, 5, 28),
    )
    certificate = Certification.objects.get(enterprise=enterprise_x)
    assert output.certification == certificate
    assert (certificate.kind, certificate.number) == ("halal", "ID00110012345")
    assert certificate.issued_on == dt.date(2026, 5, 28)


def test_no_certificate_from_a_training_and_nothing_half_saved(
    officer: User, training_a: object, enterprise_x: Enterprise, english: None
) -> None:
    with pytest.raises(ValidationError) as refused:
        output_add(
            user=officer,
            activity=training_a,  # type: ignore[arg-type]
            kind=OutputKind.CERTIFICATION,
            description="Sertifikat",
            delivered_on=DAY,
            enterprise=enterprise_x,
            number="X-1",
        )
    assert list(refused.value.message_dict) == ["kind"]
    assert Certification.objects.count() == 0 and Output.objects.count() == 0


def test_a_certificate_without_its_number_is_refused(
    officer: User, apbd: Source, enterprise_x: Enterprise, english: None
) -> None:
    pirt = activity(apbd.fiscal_year, apbd, enterprise_x.village, "P-IRT", ActivityType.CERT_PIRT)
    with pytest.raises(ValidationError) as refused:
        output_add(
            user=officer,
            activity=pirt,
            kind=OutputKind.CERTIFICATION,
            description="P-IRT",
            delivered_on=DAY,
            enterprise=enterprise_x,
        )
    assert list(refused.value.message_dict) == ["number"]
    assert Certification.objects.count() == 0 and Output.objects.count() == 0


def test_equipment_goes_to_the_ikm_or_group(
    officer: User, training_a: object, group_a: Group, english: None
) -> None:
    with pytest.raises(ValidationError) as refused:
        output_add(
            user=officer,
            activity=training_a,  # type: ignore[arg-type]
            kind=OutputKind.EQUIPMENT,
            description="Mesin press",
            delivered_on=DAY,
        )
    assert list(refused.value.message_dict) == ["enterprise"]
    output = output_add(
        user=officer,
        activity=training_a,  # type: ignore[arg-type]
        kind=OutputKind.EQUIPMENT,
        description="Mesin press",
        quantity=2,
        delivered_on=DAY,
        group=group_a,
    )
    assert (output.group, output.quantity, output.certification) == (group_a, 2, None)
