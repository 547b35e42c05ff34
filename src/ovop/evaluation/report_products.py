"""Chapter 8 of the report, products and consumers: each programme village's designated product
(its latest designation of the report's year or before) with its star level, the products of
the programme's villages by star level at the end of the year (each product's latest rating
issued by 31 December), and the demand the public catalogue recorded for the products of each
programme village in the report's year: page views, WhatsApp and marketplace clicks, buyers'
inquiries and the orders that came of them (``catalogue.selectors_demand``)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils import timezone
from django.utils.translation import gettext as _

from ovop.catalogue.selectors_demand import DemandFilters, figures_by
from ovop.enterprises.models import Product
from ovop.evaluation.report_parts import (
    Block,
    Column,
    Table,
    empty,
    money_cell,
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
    demand = demand_table(members, year)
    if demand is None:
        blocks.append(
            empty(
                _(
                    "the public catalogue recorded no demand for the programme's villages "
                    "in %(year)s"
                )
                % {"year": year}
            )
        )
    else:
        blocks.append(demand)
    return blocks


def demand_table(members: list[ProgrammeVillage], year: int) -> Table | None:
    """Demand per programme village in ``year`` from the public catalogue (two queries)."""
    codes = {m.village.code: m.village.name for m in members}
    rows = [f for f in figures_by("village", DemandFilters(year=year)) if f.key in codes]
    if not rows:
        return None
    rows.sort(key=lambda f: codes[str(f.key)])
    cells = [
        [
            text_cell(codes[str(f.key)]),
            number_cell(f.views),
            number_cell(f.clicks),
            number_cell(f.inquiries),
            number_cell(f.ordered),
            number_cell(f.ordered_quantity),
            money_cell(f.ordered_value_idr),
        ]
        for f in rows
    ]
    columns = [
        Column(_("Village")),
        Column(_("Page views"), numeric=True),
        Column(_("WhatsApp and marketplace clicks"), numeric=True),
        Column(_("Inquiries"), numeric=True),
        Column(_("Orders"), numeric=True),
        Column(_("Quantity ordered"), numeric=True),
        Column(_("Order value (Rp)"), numeric=True),
    ]
    title = _("Demand from the public catalogue by village")
    note = _(
        "Counted on the catalogue's product pages in %(year)s; orders as the IKM recorded them "
        "for the buyers' inquiries."
    ) % {"year": year}
    return Table("products-demand", title, columns, cells, note)
