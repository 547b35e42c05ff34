"""A viewer reads everything and changes nothing: every POST to every page, and every POST,
PUT, PATCH and DELETE to every API address, is refused — and the database is left exactly as it
was. The addresses come from the URL configuration itself, so a page added later is checked
without anyone remembering to list it here.

An assessor gets the same treatment on the registry and programme pages (they may write only in
the rounds and ratings they are invited to, which their own apps test).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from ovop.accounts.models import User
from ovop.demo.loader import demo_load
from ovop.enterprises.models import Certification, Enterprise, Product
from ovop.programme.models import Programme, ProgrammeVillage
from ovop.rating.models import Assessment, RatingScheme, StarRating
from ovop.selection.models import Candidate, Criterion, Decision, SelectionRound

#: Addresses whose POST is not a change of ovop's records: signing in and out, the language.
NOT_WRITES = {"accounts/login/", "accounts/logout/", "i18n/setlang/"}
REFUSED = {403, 404, 405}
API_METHODS = ("post", "put", "patch", "delete")
#: The records behind each ``<int:pk>``, by the start of the address (first match wins).
RECORDS: list[tuple[str, type[models.Model]]] = [
    ("enterprises/certifications/", Certification),
    ("enterprises/products/", Product),
    ("enterprises/", Enterprise),
    ("programmes/", Programme),
    ("selection/", SelectionRound),
    ("rating/assessments/", Assessment),
    ("rating/products/", Product),
    ("rating/ratings/", StarRating),
    ("rating/schemes/", RatingScheme),
    ("api/v1/enterprises/", Enterprise),
    ("api/v1/products/", Product),
    ("api/v1/programmes/", Programme),
    ("api/v1/selection/rounds/", SelectionRound),
    ("api/v1/selection/decisions/", Decision),
    ("api/v1/rating-schemes/", RatingScheme),
    ("api/v1/assessments/", Assessment),
    ("api/v1/star-ratings/", StarRating),
]
#: Something plausible to post, so that a view that forgot its check would have data to save.
FORM = {
    "name": "Changed by a read-only role",
    "number": "X-1",
    "kind": "halal",
    "category": "other",
    "unit": "kg",
    "year": "2025",
    "note": "x",
}


def _routes(
    patterns: list[URLPattern | URLResolver], prefix: str = ""
) -> Iterator[tuple[str, str | None]]:
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.name
        else:
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))


def _model_for(route: str) -> type[models.Model]:
    for start, model in RECORDS:
        if route.startswith(start):
            return model
    raise AssertionError(f"no record known for {route}: add it to RECORDS")


def _addresses(route: str) -> list[str]:
    """The route with its parameters filled with real records: the first and the last."""
    if "<" not in route:
        return ["/" + route]
    if route.startswith(("regions/", "api/v1/regions/")):
        return ["/" + route.replace("<str:code>", code) for code in ("19.04", "19.04.05.2001")]
    if route.startswith("verify/"):
        codes = StarRating.objects.values_list("verification_code", flat=True)
        return ["/" + route.replace("<str:code>", code) for code in codes[:1]]
    model = _model_for(route)
    manager = model._default_manager
    objects = {manager.order_by("pk").first(), manager.order_by("-pk").first()} - {None}
    found = []
    for obj in sorted(objects, key=lambda o: o.pk):
        address = route.replace("<int:pk>", str(obj.pk))
        inner = {
            "<int:membership_pk>": ProgrammeVillage.objects.filter(programme_id=obj.pk),
            "<int:criterion_pk>": Criterion.objects.filter(round_id=obj.pk),
            "<int:candidate_pk>": Candidate.objects.filter(round_id=obj.pk),
        }
        for parameter, rows in inner.items():
            if parameter in address:
                first = rows.order_by("pk").first()
                if first is None:
                    address = ""
                    break
                address = address.replace(parameter, str(first.pk))
        if address:
            assert "<" not in address, address
            found.append("/" + address)
    return found


def _fingerprint() -> dict[str, str]:
    """A digest of every row of every table but the sessions."""
    digests = {}
    for model in apps.get_models():
        if model._meta.app_label == "sessions":
            continue
        rows = model._default_manager.order_by("pk").values_list()
        digest = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
        digests[model._meta.label] = digest
    return digests


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: object) -> Iterator[None]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        from django.db import transaction

        with transaction.atomic():
            demo_load()
            yield None
            transaction.set_rollback(True)


def _attempts(client: Client, only: re.Pattern[str]) -> list[tuple[str, str, int]]:
    """Every write attempt on the addresses matching ``only``: (method, address, status)."""
    answers = []
    for route, _name in _routes(get_resolver().url_patterns):
        if route in NOT_WRITES or route.startswith("admin/") or not only.match(route):
            continue
        for address in _addresses(route):
            methods = API_METHODS if address.startswith("/api/") else ("post",)
            for method in methods:
                if method == "post":
                    response = client.post(address, FORM)
                else:
                    response = getattr(client, method)(
                        address, FORM, content_type="application/json"
                    )
                answers.append((method.upper(), address, response.status_code))
    return answers


def test_viewer_can_change_nothing_anywhere(demo: None, db: None, client: Client) -> None:
    client.force_login(User.objects.get(username="viewer"))
    before = _fingerprint()
    answers = _attempts(client, re.compile(""))
    accepted = [answer for answer in answers if answer[2] not in REFUSED]
    assert accepted == []
    assert len(answers) > 100  # every page and API address was tried
    after = _fingerprint()
    assert [label for label in before if before[label] != after[label]] == []


def test_assessor_can_change_nothing_in_the_registry_or_programmes(
    demo: None, db: None, client: Client
) -> None:
    client.force_login(User.objects.get(username="assessor"))
    before = _fingerprint()
    registry = re.compile(r"(enterprises|programmes|regions|api/v1/(enterprises|products|progr))")
    answers = _attempts(client, registry)
    assert [answer for answer in answers if answer[2] not in REFUSED] == []
    assert len(answers) > 40
    after = _fingerprint()
    assert [label for label in before if before[label] != after[label]] == []
