"""For whom: the headline's design run again on each subgroup of the participants — by
kecamatan, by the category of the enterprise's main product (its first product), by the
owner's gender as the registry records it and by the star level of its best-rated product
(its latest rating; "no stars" when none) — each against the whole comparison group; then
every subgroup's test of "no effect" adjusted for the many comparisons (Holm,
Benjamini-Hochberg) and Cochran's Q test of equal effects (``analysis.heterogeneity``).

A participant with nothing to group it by (no product, no owner's gender recorded) is in no
subgroup of that dimension; each table counts them (``left_out``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ovop.analysis import AnalysisError
from ovop.analysis.heterogeneity import Heterogeneity, SubgroupEffect, subgroup_effects
from ovop.enterprises.models import Enterprise, OwnerGender, Product
from ovop.evaluation import designs
from ovop.evaluation.designs import Effect, NoEstimate
from ovop.evaluation.panel import Panel
from ovop.monitoring.choices import Arm
from ovop.rating.models import StarRating
from ovop.regions.models import Region

DIMENSIONS = {
    "kecamatan": gettext_lazy("Kecamatan"),
    "category": gettext_lazy("Main product category"),
    "owner_gender": gettext_lazy("Owner's gender"),
    "stars": gettext_lazy("Star level"),
}
#: At most this many subgroups per dimension are estimated (the largest).
MAX_SUBGROUPS = 12


@dataclass(frozen=True)
class SubgroupTable:
    dimension: str
    effects: tuple[SubgroupEffect, ...]
    #: Each estimated subgroup's effect, in the order of ``effects``.
    details: tuple[Effect, ...]
    heterogeneity: Heterogeneity | None
    #: Subgroups left out, with why.
    skipped: tuple[tuple[str, str], ...]
    #: Participants in no subgroup of this dimension (no product, no gender recorded).
    left_out: int = 0

    @property
    def label(self) -> str:
        return str(DIMENSIONS[self.dimension])


def subgroup_tables(panel: Panel, design: str, scale: str, lag_years: int) -> list[SubgroupTable]:
    """One table per dimension, for a headline of ``design`` ("did" or "staggered")."""
    if design not in ("did", "staggered"):
        return []
    participants = {r.enterprise for r in panel.rows if r.arm == Arm.PARTICIPANT}
    labels = _labels(panel, participants)
    run = _runner(design, scale, lag_years)
    tables = []
    for name, groups in labels.items():
        placed: set[int] = set().union(*groups.values())
        table = _table(name, panel, groups, run)
        tables.append(replace(table, left_out=len(participants - placed)))
    return tables


def _runner(design: str, scale: str, lag_years: int) -> Callable[[Panel], Effect]:
    if design == "did":
        return lambda part: designs.did(part, scale)
    return lambda part: designs.staggered_adoption(part, scale, lag_years).effect


def _table(
    dimension: str, panel: Panel, groups: dict[str, set[int]], run: Callable[[Panel], Effect]
) -> SubgroupTable:
    estimated: list[tuple[str, Effect]] = []
    skipped: list[tuple[str, str]] = []
    largest = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    for label, members in largest[:MAX_SUBGROUPS]:
        part = replace(
            panel,
            rows=tuple(
                r for r in panel.rows if r.arm != Arm.PARTICIPANT or r.enterprise in members
            ),
        )
        try:
            estimated.append((label, run(part)))
        except NoEstimate as why:
            skipped.append((label, str(why)))
    skipped += [
        (label, _("not estimated: a smaller subgroup")) for label, _m in largest[MAX_SUBGROUPS:]
    ]
    if len(estimated) < 2:  # one subgroup is no comparison: shown as not estimated
        alone = [(label, _("the only subgroup with enough enterprises")) for label, _e in estimated]
        return SubgroupTable(dimension, (), (), None, tuple(alone + skipped))
    try:
        result = subgroup_effects(
            [label for label, _e in estimated],
            [e.estimate for _l, e in estimated],
            [e.se for _l, e in estimated],
        )
    except AnalysisError as error:
        skipped.append(("", str(error)))
        return SubgroupTable(dimension, (), (), None, tuple(skipped))
    details = tuple(e for _l, e in estimated)
    return SubgroupTable(dimension, result.subgroups, details, result.heterogeneity, tuple(skipped))


def _labels(panel: Panel, participants: set[int]) -> dict[str, dict[str, set[int]]]:
    """By dimension, the participants of each subgroup (by its label)."""
    kecamatan = _kecamatan_names(panel)
    found: dict[str, dict[str, set[int]]] = {name: {} for name in DIMENSIONS}
    for row in panel.rows:
        if row.enterprise in participants and row.kecamatan is not None:
            found["kecamatan"].setdefault(kecamatan.get(row.kecamatan, "?"), set()).add(
                row.enterprise
            )
    for enterprise, category in _main_category(participants).items():
        found["category"].setdefault(category, set()).add(enterprise)
    for enterprise, gender in _owner_genders(participants).items():
        found["owner_gender"].setdefault(gender, set()).add(enterprise)
    stars = _stars(participants)
    for enterprise in participants:
        level = stars.get(enterprise)
        label = _("%(n)s stars") % {"n": level} if level else _("no stars")
        found["stars"].setdefault(label, set()).add(enterprise)
    return found


def _kecamatan_names(panel: Panel) -> dict[int, str]:
    ids = {r.kecamatan for r in panel.rows if r.kecamatan is not None}
    return dict(Region.objects.filter(pk__in=ids).values_list("pk", "name"))


def _main_category(participants: set[int]) -> dict[int, str]:
    labels = dict(Product._meta.get_field("category").flatchoices)
    found: dict[int, str] = {}
    rows = Product.objects.filter(enterprise_id__in=participants).order_by("pk")
    for enterprise, category in rows.values_list("enterprise_id", "category"):
        found.setdefault(enterprise, str(labels.get(category, category)))
    return found


def _owner_genders(participants: set[int]) -> dict[int, str]:
    """Each enterprise's owner's gender (its label), for those that have one recorded."""
    rows = Enterprise.objects.filter(pk__in=participants).exclude(owner_gender="")
    return {
        pk: str(OwnerGender(gender).label) for pk, gender in rows.values_list("pk", "owner_gender")
    }


def _stars(participants: set[int]) -> dict[int, int]:
    """Each enterprise's best star level over its products' latest ratings."""
    latest: dict[int, tuple[int, int]] = {}
    rows = StarRating.objects.filter(product__enterprise_id__in=participants).order_by("issued_at")
    for product, enterprise, stars in rows.values_list(
        "product_id", "product__enterprise_id", "stars"
    ):
        latest[product] = (enterprise, stars)
    best: dict[int, int] = {}
    for enterprise, stars in latest.values():
        best[enterprise] = max(stars, best.get(enterprise, 0))
    return best


def as_rows(table: SubgroupTable) -> list[dict[str, Any]]:
    """Plain rows for the API: label, estimate, interval, p and its adjustments, sample."""
    return [
        {
            "label": e.label,
            "estimate": e.estimate,
            "se": e.se,
            "ci95": list(e.ci95),
            "p": e.p,
            "p_holm": e.p_holm,
            "q_bh": e.q_bh,
            "n_treated": d.n_treated,
        }
        for e, d in zip(table.effects, table.details, strict=True)
    ]
