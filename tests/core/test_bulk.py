"""Bulk writes (COPY on PostgreSQL, one prepared INSERT on SQLite) store exactly the values
given, in the caller's transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction

from ovop.core.bulk import (
    InsertStream,
    copy_text,
    db_value,
    gc_paused,
    pks_update,
    rows_insert,
    rows_update,
)
from ovop.monitoring.choices import Arm
from ovop.monitoring.models import Indicator, Respondent, Value
from tests.factories import EnterpriseFactory, survey_round

pytestmark = pytest.mark.django_db

FIELDS = ("respondent", "indicator", "breakdown", "number", "choice", "origin", "updated_at")
WHEN = dt.datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=dt.UTC)


@pytest.fixture
def respondent() -> Respondent:
    return Respondent.objects.create(
        round=survey_round(codes=()), enterprise=EnterpriseFactory(), arm=Arm.PARTICIPANT
    )


def _rows(respondent: Respondent) -> list[tuple[object, ...]]:
    now = db_value(Value, "updated_at", WHEN)
    omzet, pasar, kompetensi = (
        Indicator.objects.get(code=c).pk for c in ("omzet", "pasar", "kompetensi")
    )
    return [
        (respondent.pk, omzet, "", Decimal(1_500_000), "", "spreadsheet", now),
        (respondent.pk, pasar, "", None, "provinsi", "odk", now),
        (respondent.pk, kompetensi, "", Decimal("72.5"), "", "web", now),
    ]


def _stored() -> set[tuple[object, ...]]:
    return set(
        Value.objects.values_list(
            "indicator__code", "breakdown", "number", "choice", "origin", "updated_at"
        )
    )


def test_rows_are_stored_as_given(respondent: Respondent) -> None:
    with gc_paused():
        assert rows_insert(Value, FIELDS, iter(_rows(respondent))) == 3
    assert _stored() == {
        ("omzet", "", Decimal(1_500_000), "", "spreadsheet", WHEN),
        ("pasar", "", None, "provinsi", "odk", WHEN),
        ("kompetensi", "", Decimal("72.5"), "", "web", WHEN),
    }


def test_rows_are_updated_by_primary_key(respondent: Respondent) -> None:
    rows_insert(Value, FIELDS, _rows(respondent))
    omzet = Value.objects.get(indicator__code="omzet")
    later = WHEN + dt.timedelta(days=1)
    assert (
        rows_update(
            Value,
            ("number", "origin", "updated_at"),
            [(Decimal(2_000_000), "web", db_value(Value, "updated_at", later), omzet.pk)],
        )
        == 1
    )
    omzet.refresh_from_db()
    assert (omzet.number, omzet.origin, omzet.updated_at) == (Decimal(2_000_000), "web", later)
    assert Value.objects.get(indicator__code="kompetensi").number == Decimal("72.5")


def test_a_rolled_back_transaction_keeps_none_of_the_rows(respondent: Respondent) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        rows_insert(Value, FIELDS, _rows(respondent))
        raise RuntimeError("stop")
    assert not Value.objects.exists()


def test_the_collector_is_paused_only_inside(respondent: Respondent) -> None:
    import gc

    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_many_rows_fill_whole_statements_and_a_last_short_one(respondent: Respondent) -> None:
    from ovop.monitoring.models import RoundIndicator

    round_ = respondent.round
    others = [
        Respondent.objects.create(round=round_, enterprise=EnterpriseFactory(), arm=Arm.PARTICIPANT)
        for _ in range(29)
    ]
    people = [respondent, *others]
    indicators = list(Indicator.objects.order_by("pk")[:9])
    RoundIndicator.objects.bulk_create(
        RoundIndicator(round=round_, indicator=i) for i in indicators
    )
    now = db_value(Value, "updated_at", WHEN)
    rows = [
        (p.pk, i.pk, "", Decimal(n * 10 + k), "", "web", now)
        for n, p in enumerate(people)
        for k, i in enumerate(indicators)
    ]  # 270 rows: two statements of 100 and one of 70 on SQLite
    assert rows_insert(Value, FIELDS, rows) == 270
    assert sorted(Value.objects.values_list("number", flat=True)) == sorted(r[3] for r in rows)


def test_constants_are_stored_in_every_row(respondent: Respondent) -> None:
    omzet, laba = (Indicator.objects.get(code=c).pk for c in ("omzet", "laba"))
    rows = [
        (respondent.pk, omzet, Decimal(1_500_000)),
        (respondent.pk, laba, Decimal(-250_000)),
    ]
    constants = {
        "breakdown": "",
        "choice": "",
        "origin": "odk",
        "updated_at": db_value(Value, "updated_at", WHEN),
    }
    assert rows_insert(Value, ("respondent", "indicator", "number"), rows, constants) == 2
    assert _stored() == {
        ("omzet", "", Decimal(1_500_000), "", "odk", WHEN),
        ("laba", "", Decimal(-250_000), "", "odk", WHEN),
    }


def test_text_that_copy_escapes_is_stored_as_given(respondent: Respondent) -> None:
    """A tab, a line break, a carriage return and a backslash are COPY's own characters."""
    pasar = Indicator.objects.get(code="pasar").pk
    odd = "a\tb\nc\rd\\e\\N"
    rows = [(respondent.pk, pasar, "", None, odd)]
    assert rows_insert(Value, FIELDS[:5], rows, {"origin": "web", "updated_at": WHEN}) == 1
    assert Value.objects.get().choice == odd
    assert [copy_text(v) for v in (None, True, 7, Decimal("1.50"), odd, WHEN.date())] == [
        "\\N",
        "t",
        "7",
        "1.50",
        "a\\tb\\nc\\rd\\\\e\\\\N",
        "2024-05-06",
    ]


def test_a_stream_lets_other_statements_run_between_its_batches(respondent: Respondent) -> None:
    """On PostgreSQL the COPY in progress is ended before any other statement, and the next
    batch starts another; everywhere the rows of every batch are stored."""
    omzet, kompetensi = (Indicator.objects.get(code=c).pk for c in ("omzet", "kompetensi"))
    with (
        transaction.atomic(),
        InsertStream(Value, FIELDS[:5], {"origin": "web", "updated_at": WHEN}) as stream,
    ):
        assert stream.add([(respondent.pk, omzet, "", Decimal(1), "")]) == 1
        assert Value.objects.count() == 1  # a query while the stream is open
        assert stream.add([(respondent.pk, kompetensi, "", Decimal(2), "")]) == 1
    assert sorted(Value.objects.values_list("number", flat=True)) == [Decimal(1), Decimal(2)]


def test_a_duplicate_in_a_stream_is_an_integrity_error(respondent: Respondent) -> None:
    from django.db import IntegrityError

    omzet = Indicator.objects.get(code="omzet").pk
    row = (respondent.pk, omzet, "", Decimal(1), "")
    with pytest.raises(IntegrityError), transaction.atomic():
        with InsertStream(Value, FIELDS[:5], {"origin": "web", "updated_at": WHEN}) as stream:
            stream.add([row, row])
    assert not Value.objects.exists()


def test_rows_are_set_by_a_list_of_keys(respondent: Respondent) -> None:
    others = [
        Respondent.objects.create(
            round=respondent.round, enterprise=EnterpriseFactory(), arm=Arm.COMPARISON
        )
        for _ in range(3)
    ]
    chosen = [respondent.pk, others[1].pk]
    assert pks_update(Respondent, chosen, {"status": "draft", "submitted_at": WHEN}) == 2
    rows = dict(Respondent.objects.values_list("pk", "status"))
    assert rows == {
        respondent.pk: "draft",
        others[0].pk: "empty",
        others[1].pk: "draft",
        others[2].pk: "empty",
    }
    assert Respondent.objects.get(pk=others[1].pk).submitted_at == WHEN
