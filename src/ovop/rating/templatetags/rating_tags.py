"""Template helpers of star rating: ★ glyphs, stored labels, the product page's ratings."""

from __future__ import annotations

from typing import Any

from django import template

from ovop.accounts.models import User
from ovop.enterprises.models import Product
from ovop.rating import selectors
from ovop.rating.definition import scheme_name

register = template.Library()


@register.filter
def star_glyphs(stars: int | None) -> str:
    """★★★☆☆ for 3 of 5 stars."""
    n = max(0, min(5, int(stars or 0)))
    return "★" * n + "☆" * (5 - n)


@register.filter
def localised_name(scheme: Any) -> str:
    return scheme_name(scheme)


@register.simple_tag(takes_context=True)
def product_star_ratings(context: template.Context, product: Product) -> list[Any]:
    """The product's star ratings the signed-in user may see, newest first (one query)."""
    user = context["request"].user
    if not isinstance(user, User):
        return []
    return selectors.product_ratings(user=user, product=product)
