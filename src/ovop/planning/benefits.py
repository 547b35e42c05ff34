"""The expected benefit of each proposal under a scenario's basis.

- Rubric (the default): the proposal's rubric total, 0–100 (``selectors_proposals``).
- Measured: the proposal's cost × the measured extra monthly revenue per rupiah of its activity
  type (``models_measured``), so the optimiser maximises the expected extra monthly revenue, in
  rupiah. A proposal whose type has no measured figure is not given 0: the run is refused,
  naming the types without a figure and suggesting the rubric.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ovop.planning.choices import BenefitBasis
from ovop.planning.models import FiscalYear, Proposal, Scenario
from ovop.planning.selectors_measured import type_labels
from ovop.planning.selectors_proposals import rubric_scores


def rubric_benefits(year: FiscalYear) -> dict[int, float]:
    """Each proposal of the year: its rubric total (0–100)."""
    return {pk: float(score.total) for pk, score in rubric_scores(year).items()}


def missing_message(types: Iterable[str]) -> str:
    return _(
        "Expected benefit: there is no measured effect per rupiah for %(types)s. Adopt one "
        "from an evaluation's efficiency page, or use the scoring rubric for this scenario."
    ) % {"types": ", ".join(type_labels(types))}


def measured_benefits(
    proposals: Iterable[Proposal], rates: Mapping[str, float]
) -> dict[int, float]:
    """Each proposal: cost × the extra monthly revenue per rupiah of its type; refused naming
    the types without a figure."""
    chosen = list(proposals)
    missing = {p.activity_type for p in chosen} - set(rates)
    if missing:
        raise ValidationError({"benefit_basis": missing_message(missing)})
    return {p.pk: float(p.cost_idr) * rates[p.activity_type] for p in chosen}


def benefits_of(
    scenario: Scenario, proposals: Iterable[Proposal], rates: Mapping[str, float]
) -> dict[int, float]:
    """The benefit of each of ``proposals`` under the scenario's basis (``rates``: the measured
    figures, read only with the measured basis)."""
    if scenario.benefit_basis == BenefitBasis.MEASURED:
        return measured_benefits(proposals, rates)
    return rubric_benefits(scenario.fiscal_year)
