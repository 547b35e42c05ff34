"""Records a test module builds once and every test of it reads, in the manner of Django's
``TestCase.setUpTestData``.

A module-scoped fixture writes them inside a transaction (`kept_for_module`) that is rolled
back when the module ends; each test still runs in its own savepoint within it (pytest-django's
``db``), so what one test writes is undone before the next, and no other module sees them. Each
test receives deep copies of the model instances (`copied`), so a test that changes an
instance in memory does not change it for the next test; the rows themselves are the same.

    def _build() -> dict[str, Any]:
        return {"owner": persona_create("owner"), ...}

    @pytest.fixture(scope="module")
    def module_records(django_db_setup, django_db_blocker):
        yield from kept_for_module(django_db_blocker, _build)

    owner = copied("owner")  # overrides the conftest's `owner` in this module

The records dictionary must be the fixture named ``module_records``: the copies ask for it
by that name, and, being module-scoped, it is set up before the test's own transaction.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest
from django.db import transaction
from pytest_django import DjangoDbBlocker

from tests.conftest import check_loaded_keys
from tests.shipped import shipped_rows_install

T = TypeVar("T")


def kept_for_module(django_db_blocker: DjangoDbBlocker, build: Callable[[], T]) -> Iterator[T]:
    """What ``build()`` returns, its records written in an outer transaction that is rolled
    back when the generator is closed (after the module's last test): a module-scoped
    fixture's ``yield from``."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            shipped_rows_install()
            records = build()
            check_loaded_keys()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield records
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def copied(name: str) -> Callable[..., Any]:
    """A test's fixture ``name``: a deep copy of ``module_records[name]``."""

    @pytest.fixture(name=name)
    def fixture(module_records: dict[str, Any], db: None) -> Any:
        return copy.deepcopy(module_records[name])

    return fixture
