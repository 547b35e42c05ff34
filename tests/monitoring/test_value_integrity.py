"""Values carry no foreign-key constraint in the database (an import of a million would
spend most of its time on the checks): Django keeps the integrity, and these tests hold it
to that."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import ProtectedError

from ovop.monitoring.models import Indicator, Respondent, Value

pytestmark = pytest.mark.django_db


def _value(respondent: Respondent, code: str = "omzet") -> Value:
    return Value.objects.create(
        respondent=respondent,
        indicator=Indicator.objects.get(code=code),
        number=Decimal(1_000_000),
        origin="web",
    )


def test_the_value_table_has_no_foreign_key_constraint_and_keeps_its_unique_one() -> None:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, Value._meta.db_table)
    assert not [name for name, c in found.items() if c["foreign_key"]]
    assert found["value_unique"]["unique"]
    assert found["value_unique"]["columns"] == ["respondent_id", "indicator_id", "breakdown"]


def test_a_respondent_removed_through_django_takes_its_values(answering_x: Respondent) -> None:
    _value(answering_x)
    _value(answering_x, "kompetensi")
    answering_x.delete()
    assert not Value.objects.exists()


def test_an_indicator_with_values_cannot_be_deleted(answering_x: Respondent) -> None:
    answering_x.round.questions.filter(indicator__code="omzet").delete()  # only its value holds
    _value(answering_x)
    with pytest.raises(ProtectedError):
        Indicator.objects.get(code="omzet").delete()
    assert Value.objects.count() == 1
