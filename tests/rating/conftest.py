"""Rating fixtures: the two shipped schemes, an invited assessment and ready-made answers (the
personas and `product_x`, `product_y` come from tests/conftest.py)."""

from __future__ import annotations

import pytest

from ovop.accounts.models import User
from ovop.enterprises.models import Product
from ovop.rating import services
from ovop.rating.models import Assessment, RatingScheme


@pytest.fixture(autouse=True)
def _in_english(english: None) -> None:
    """Service messages in English (the source text) unless a test switches language."""


@pytest.fixture
def schemes(db: None) -> dict[str, RatingScheme]:
    return {s.code: s for s in services.scheme_install_fixtures()}


@pytest.fixture
def kemenperin(schemes: dict[str, RatingScheme]) -> RatingScheme:
    return schemes["kemenperin-ovop"]


@pytest.fixture
def ocop(schemes: dict[str, RatingScheme]) -> RatingScheme:
    return schemes["ocop-vietnam"]


@pytest.fixture
def invited(
    officer: User, assessor: User, product_x: Product, kemenperin: RatingScheme
) -> Assessment:
    return services.assessment_invite(
        user=officer, product=product_x, scheme=kemenperin, assessor=assessor
    )


def all_answers(scheme: RatingScheme, option: str = "o3") -> dict[str, str]:
    """Every item answered with ``option`` (or the item's last option if it has fewer)."""
    answers = {}
    for group in scheme.definition["groups"]:
        for item in group["items"]:
            ids = [o["id"] for o in item["options"]]
            answers[item["id"]] = option if option in ids else ids[-1]
    return answers


def passing(scheme: RatingScheme, option: str = "o3") -> dict[str, str]:
    """All items at ``option``, with NIB present and food permits in order (no gate fails)."""
    answers = all_answers(scheme, option)
    if "l_nib" in answers:
        answers["l_nib"] = "o2"
        answers["l_food_permit"] = "o2"
    return answers
