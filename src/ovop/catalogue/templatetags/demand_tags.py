"""Template helpers of demand: the counting addresses of a product's buttons, its inquiry form,
and one product's demand figures (shown on the pages of other apps, which may not import the
catalogue: a selection round's candidates)."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from ovop.catalogue import selectors_demand
from ovop.catalogue.addresses import public_reverse
from ovop.catalogue.forms_inquiry import STARTED_MARKER, InquiryForm
from ovop.catalogue.models import Listing

register = template.Library()


@register.simple_tag
def go_url(language: str, slug: str, kind: str, index: int = 0) -> str:
    """The counting redirect of a WhatsApp button (``kind`` "whatsapp") or a marketplace link."""
    if kind == "whatsapp":
        return public_reverse("go_whatsapp", language, slug)
    return public_reverse("go_marketplace", language, slug, index)


@register.inclusion_tag("catalogue/_inquiry_form.html")
def inquiry_form(listing: Listing, language: str) -> dict[str, Any]:
    """The inquiry form of a product page; its time stamp is put in outside the page cache."""
    return {
        "form": InquiryForm(initial={"started": STARTED_MARKER}),
        "action": public_reverse("inquiry", language, listing.slug),
        "retention_months": settings.OVOP_INQUIRY_RETENTION_MONTHS,
    }


@register.simple_tag
def products_demand(product_ids: Any) -> dict[int, selectors_demand.Figures]:
    """``{% products_demand ids as demand %}``: each product's demand of the last 12 months."""
    return selectors_demand.product_demand(int(pk) for pk in product_ids)


@register.filter
def demand_of(demand: dict[int, selectors_demand.Figures], product_id: int | None) -> Any:
    if not demand or product_id is None:
        return None
    return demand.get(int(product_id))


@register.simple_tag
def candidates_demand(candidates: Any) -> dict[int, selectors_demand.Figures]:
    """``{% candidates_demand progress.candidates as demand %}``: the demand of the last 12
    months of each candidate that is a registered product (one selection round's page)."""
    ids = [c.product_id for c in candidates if getattr(c, "product_id", None)]
    return selectors_demand.product_demand(ids)
