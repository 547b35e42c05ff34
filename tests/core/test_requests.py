"""The toolkit's request helpers: who is asking, and paging."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from rest_framework.request import Request

from ovop.accounts.models import User
from ovop.core.pagination import paginate
from ovop.core.requests import request_user


def test_the_signed_in_user_of_a_page_and_of_an_api_call(viewer: User) -> None:
    page = RequestFactory().get("/")
    page.user = viewer
    assert request_user(page) is viewer
    api = Request(page)
    api.user = viewer
    assert request_user(api) is viewer


@pytest.mark.django_db
def test_anyone_else_is_refused_on_a_page_and_in_the_api() -> None:
    page = RequestFactory().get("/")
    page.user = AnonymousUser()
    with pytest.raises(PermissionDenied):
        request_user(page)
    api = Request(page)
    api.user = AnonymousUser()
    with pytest.raises(PermissionDenied):
        request_user(api)


def test_an_inactive_account_is_refused(viewer: User) -> None:
    viewer.is_active = False
    page = RequestFactory().get("/")
    page.user = viewer
    with pytest.raises(PermissionDenied):
        request_user(page)


@pytest.mark.parametrize(
    ("query", "number", "rows"),
    [
        ("", 1, [0, 1]),
        ("page=2", 2, [2, 3]),
        ("page=3", 3, [4]),
        ("page=99", 3, [4]),
        ("page=x", 1, [0, 1]),
    ],
)
def test_paginate_never_fails_on_a_bad_page(query: str, number: int, rows: list[int]) -> None:
    page = paginate(RequestFactory().get(f"/?{query}"), list(range(5)), per_page=2)
    assert (page.number, list(page.object_list)) == (number, rows)


def test_paginate_reads_its_own_parameter_and_the_default_size() -> None:
    page = paginate(RequestFactory().get("/?ppage=2"), list(range(60)), param="ppage")
    assert (page.number, page.paginator.per_page, page.object_list[0]) == (2, 25, 25)
