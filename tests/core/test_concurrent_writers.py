"""Six people saving at once through the services: every save lands, none fails, the history
has one row each (issue 8: concurrent writes answered 500 "database is locked").

On PostgreSQL six threads, each with its own connection, are let go at once. On SQLite the
test database lives in memory and takes one writer at a time, so the same writes run one after
the other here; SQLite's concurrency with the settings ovop ships (write-ahead log, BEGIN
IMMEDIATE, busy timeout) is proven on a database file in test_sqlite_concurrency.py."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from ovop.accounts.models import User
from ovop.enterprises import services
from ovop.enterprises.models import Category, Enterprise, Product

HOW = "threads" if connection.vendor == "postgresql" else "sequential"
WRITERS = 6
CATEGORY = Category.FOOD_BEVERAGE


def _create(enterprise_pk: int, officer: User, n: int) -> str:
    enterprise = Enterprise.objects.get(pk=enterprise_pk)
    data = {"name": f"Produk serentak {n}", "category": CATEGORY, "unit": "pcs"}
    try:
        services.product_create(user=officer, enterprise=enterprise, data=data)
        return "saved"
    except Exception as exc:  # reported by the assertion below
        return f"error: {exc!r}"


def _at_once(enterprise_pk: int, officer: User) -> list[str]:
    barrier = threading.Barrier(WRITERS, timeout=30)
    outcome = ["no answer"] * WRITERS

    def run(n: int) -> None:
        try:
            barrier.wait()
            outcome[n] = _create(enterprise_pk, officer, n)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcome


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("how", [HOW])
def test_six_simultaneous_saves_all_land(how: str, officer: User, enterprise_x: Enterprise) -> None:
    if how == "threads":
        outcome = _at_once(enterprise_x.pk, officer)
    else:
        outcome = [_create(enterprise_x.pk, officer, n) for n in range(WRITERS)]
    assert outcome == ["saved"] * WRITERS
    made = Product.objects.filter(enterprise=enterprise_x, name__startswith="Produk serentak")
    assert made.count() == WRITERS
    assert Product.history.filter(id__in=made.values("pk")).count() == WRITERS  # type: ignore[attr-defined]
