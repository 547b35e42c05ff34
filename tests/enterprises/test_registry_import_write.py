"""Writing a registry plan: refused with bad rows or for a user who does not manage, rows
read in batches as they stream past, progress reported per batch, and all or nothing — a
cancel or a failure midway leaves every registry and history table as it was."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ovop.accounts.models import User
from ovop.enterprises import registry_import_write
from ovop.enterprises.models import Enterprise
from ovop.enterprises.registry_import import (
    ImportCancelled,
    registry_plan,
    registry_write,
)
from ovop.regions.models import Region
from tests.enterprises.registry_files import (
    LADA,
    big_file,
    counts,
    line,
    plan_of,
    table_of,
    table_sizes,
    xlsx,
)


@pytest.fixture
def bangka(regions: dict[str, Region]) -> Region:
    return regions["19.04"]


def test_write_refuses_a_plan_with_bad_rows_and_users_who_do_not_manage(
    bangka: Region, officer: User, facilitator: User
) -> None:
    bad = plan_of(xlsx([line(name="A", owner_name="B", village="Atlantis")]), bangka)
    with pytest.raises(ValidationError) as refused:
        registry_write(bad, user=officer)
    assert refused.value.messages == [
        "The file has problems; correct them and check the file again."
    ]
    good = plan_of(xlsx([LADA]), bangka)
    with pytest.raises(PermissionDenied):
        registry_write(good, user=facilitator)
    assert not Enterprise.objects.exists()


def test_rows_stream_past_in_batches(bangka: Region) -> None:
    upload = big_file(1_100)
    table = table_of(upload, "ikm.csv")
    pulled = 0
    rows = table.rows

    def counted() -> Iterator[tuple[int, list[Any]]]:
        nonlocal pulled
        for item in rows:
            pulled += 1
            yield item

    table.rows = counted()
    seen: list[tuple[int, int]] = []
    plan = registry_plan(table, regency=bangka, progress=lambda done: seen.append((done, pulled)))
    assert seen == [(500, 500), (1000, 1000), (1100, 1100)]
    assert plan.counts == counts(created=1_100)


def test_a_cancelled_write_leaves_every_table_as_it_was_then_a_full_write_reports_progress(
    bangka: Region, officer: User
) -> None:
    plan = plan_of(big_file(1_100), bangka, "ikm.csv")
    before = table_sizes()
    done: list[int] = []
    with pytest.raises(ImportCancelled):
        registry_write(plan, user=officer, progress=done.append, should_stop=lambda: True)
    assert done == [500]
    assert table_sizes() == before

    done.clear()
    result = registry_write(plan, user=officer, progress=done.append, should_stop=lambda: False)
    assert done == [500, 1000, 1100]
    assert (result.created, result.products_created, result.certifications_created) == (
        1100,
        1100,
        1100,
    )
    assert table_sizes() == {name: size + 1100 for name, size in before.items()}


def test_a_write_failing_midway_leaves_every_table_as_it_was(
    bangka: Region, officer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = plan_of(big_file(600), bangka, "ikm.csv")
    before = table_sizes()
    calls: list[int] = []
    original = registry_import_write.RegistryWriter._certificates

    def failing(self: Any, decisions: Any, ids: Any) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        original(self, decisions, ids)

    monkeypatch.setattr(registry_import_write.RegistryWriter, "_certificates", failing)
    with pytest.raises(RuntimeError):
        registry_write(plan, user=officer)
    assert table_sizes() == before
