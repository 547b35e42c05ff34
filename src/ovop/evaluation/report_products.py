"""Chapter 8 of the report, products and consumers: each programme village's designated product
(its latest designation of the report's year or before) with its star level, the products of
the programme's villages by star level at the end of the year (each product's latest rating
issued by 31 December), and demand — which will come from the public catalogue's inquiries and
reviews; until the catalogue exists the report says so instead of a number."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils import timezone
from django.utils.translation import gettext as _

from ovop.enterprises.models import Product
from ovop.evaluation.report_parts import (
    Block,
    Column,
    Table,
    empty,
    number_cell,
    percent_cell,
    share_pct,
    text_cell,
    year_cell,
)
from ovop.evaluation.report_social import programme_villages
from ovop.programme.models import Designation, Programme, ProgrammeVillage
from ovop.rating.models import StarRating

STAR_LEVELS = (5, 4, 3, 2, 1)


def stars_at(product_ids: list[int], year: int) -> dict[int, int]:
    """Each product's stars in its latest rating issued by the end of ``year`` (one query)."""
    end = timezone.make_aware(dt.datetime(year + 1, 1, 1))  # noqa: DTZ001 - made aware here
    rows = (
        StarRating.objects.filter(product_id__in=product_ids, issued_at__lt=end)
        .order_by("issued_at", "pk")
        .values_list("product_id", "stars")
    )
    return dict(rows)  # the latest rating of each product comes last


def designations_table(members: list[ProgrammeVillage], year: int) -> Table | None:
    rows = (
        Designation.objects.filter(membership__in=members, year__lte=year)
        .select_related("membership__village", "product__enterprise")
        .order_by("membership__village__name", "-year")
    )
    latest: dict[int, Designation] = {}
    for designation in rows:
        latest.setdefault(designation.membership_id, designation)
    if not latest:
        return None
    stars = stars_at([d.product_id for d in latest.values() if d.product_id], year)
    cells = []
    for member in members:
        found = latest.get(member.pk)
        if found is None:
            continue
        product = found.product
        level = stars.get(product.pk) if product else None
        cells.append(
            [
                text_cell(member.village.name),
                year_cell(found.year),
                text_cell(product.name if product else ""),
                text_cell(product.enterprise.name if product else ""),
                number_cell(level) if level else text_cell(_("not rated")),
            ]
        )
    columns = [
        Column(_("Village")),
        Column(_("Designated in"), numeric=True),
        Column(_("Product")),
        Column(_("IKM")),
        Column(_("Stars at the end of the year"), numeric=True),
    ]
    title = _("The villages' designated products")
    return Table("products-designated", title, columns, cells)


def stars_table(members: list[ProgrammeVillage], year: int) -> Table | None:
    products = list(
        Product.objects.filter(
            enterprise__village_id__in=[m.village_id for m in members],
            archived_at__isnull=True,
            enterprise__archived_at__isnull=True,
        ).values_list("pk", flat=True)
    )
    stars = stars_at(products, year)
    if not stars:
        return None
    counts = Counter(stars.values())
    rows = [
        [
            text_cell(_("%(n)s stars") % {"n": level}),
            number_cell(counts.get(level, 0)),
            percent_cell(share_pct(counts.get(level, 0), len(products))),
        ]
        for level in STAR_LEVELS
    ]
    unrated = len(products) - len(stars)
    rows.append(
        [
            text_cell(_("not rated")),
            number_cell(unrated),
            percent_cell(share_pct(unrated, len(products))),
        ]
    )
    columns = [
        Column(_("Star level")),
        Column(_("Products"), numeric=True),
        Column(_("Share of the products (%)"), numeric=True),
    ]
    title = _("Products of the programme's villages by star level")
    note = _("Each product's latest rating issued by 31 December %(year)s.") % {"year": year}
    return Table("products-stars", title, columns, rows, note)


def product_blocks(programme: Programme, year: int) -> list[Block]:
    members = programme_villages(programme, year)
    blocks: list[Block] = []
    designated = designations_table(members, year)
    if designated is None:
        blocks.append(
            empty(
                _("no village of the programme had a designated product by %(year)s")
                % {"year": year}
            )
        )
    else:
        blocks.append(designated)
    stars = stars_table(members, year)
    if stars is None:
        blocks.append(
            empty(
                _("no product of the programme's villages was rated by 31 December %(year)s")
                % {"year": year}
            )
        )
    else:
        blocks.append(stars)
    blocks.append(
        empty(
            _(
                "demand will be read from the public catalogue's inquiries and reviews, and "
                "the catalogue does not exist yet"
            )
        )
    )
    return blocks
