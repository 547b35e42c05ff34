"""Women-led IKM in the report's chapter 5: the programme's effect on monthly revenue by the
owner's gender (the impact's subgroups, as the API's ``/indicators/omzet/?year=`` gives them
under ``subgroups.owner_gender``), with the Holm and Benjamini–Hochberg adjustments and
Cochran's test of equal effects."""

from __future__ import annotations

import math

from django.utils.translation import gettext as _

from ovop.evaluation import presenting
from ovop.evaluation.impact import IndicatorImpact
from ovop.evaluation.presenting import SubgroupView
from ovop.evaluation.report_impacts import unit_format
from ovop.evaluation.report_parts import (
    Block,
    Cell,
    Column,
    Table,
    Text,
    empty,
    number_cell,
    p_cell,
    text_cell,
)
from ovop.evaluation.subgroups import SubgroupTable

#: The indicator whose effect the report splits by the owner's gender.
GENDER_INDICATOR = "omzet"
DIMENSION = "owner_gender"


def _limit(value: float) -> float | None:
    return value if math.isfinite(value) else None


def gender_table(result: IndicatorImpact, table: SubgroupTable, view: SubgroupView) -> Table:
    """The effect by the owner's gender: printed as the indicator's page prints it (percent on
    the log scale), kept raw in the data as the API gives it."""
    log = result.headline_log is not None
    fmt = "0.0000" if log else unit_format(result.indicator)
    rows = [
        [
            text_cell(effect.label),
            Cell(None, shown.estimate),
            Cell(None, shown.interval),
            Cell(effect.estimate, shown.estimate, fmt),
            Cell(_limit(effect.ci95[0]), "", fmt),
            Cell(_limit(effect.ci95[1]), "", fmt),
            p_cell(effect.p),
            p_cell(effect.p_holm),
            p_cell(effect.q_bh),
            number_cell(detail.n_treated),
        ]
        for effect, detail, shown in zip(table.effects, table.details, view.rows, strict=True)
    ]
    scale = _("log scale") if log else _("in the unit")
    columns = [
        Column(_("Owner")),
        Column(_("Effect"), numeric=True, xlsx=False),
        # xgettext:no-python-format
        Column(_("95% confidence interval"), numeric=True, xlsx=False),
        Column(f"{_('Effect')} ({scale})", numeric=True, pdf=False),
        Column(f"{_('Lower limit')} ({scale})", numeric=True, pdf=False),
        Column(f"{_('Upper limit')} ({scale})", numeric=True, pdf=False),
        Column("p", numeric=True),
        Column(_("p (Holm)"), numeric=True),
        Column(_("q (Benjamini–Hochberg)"), numeric=True),
        Column(_("Participants"), numeric=True),
    ]
    title = _("%(name)s by the owner's gender") % {"name": result.indicator.name}
    note = " ".join(part for part in (view.test, view.left_out) if part)
    return Table("social-gender", title, columns, rows, note)


def gender_blocks(result: IndicatorImpact | None) -> list[Block]:
    """The table of ``result``'s effect by the owner's gender (or why there is none)."""
    if result is None:
        return [empty(_("no survey round asks monthly revenue, so it cannot be split by gender"))]
    views = presenting.subgroup_views(result)
    found = [
        (table, view)
        for table, view in zip(result.subgroups, views, strict=True)
        if table.dimension == DIMENSION
    ]
    if not found or not found[0][0].effects:
        skipped = "; ".join(f"{a}: {b}" for a, b in found[0][0].skipped) if found else ""
        reason = skipped or result.reasons.get("staggered") or result.reasons.get("did") or ""
        values = {"name": result.indicator.name, "reason": reason or "—"}
        return [empty(_("%(name)s cannot be split by the owner's gender: %(reason)s") % values)]
    table, view = found[0]
    blocks: list[Block] = [gender_table(result, table, view)]
    if view.skipped:
        items = tuple(f"{label}: {why}" for label, why in view.skipped)
        blocks.append(Text(_("Subgroups without an estimate:"), items=items))
    return blocks
