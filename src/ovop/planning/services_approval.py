"""Approval: one optimal scenario becomes the year's plan (version 1, 2, …).

Only a draft whose last run was optimal, of an open year, by a planner, and only while the
proposals are as the run saw them (same proposals, costs and benefits under the scenario's
basis — the rubric, or cost × the measured figures, which must still be those the run used;
otherwise "run it again first"). Approving when the year already has a plan is a revision: it
needs a reason (the APBD-P, the mid-year budget change), points ``revises`` at the plan it
replaces and marks that one superseded. Approval cannot be undone: the model freezes the
scenario and its items.
"""

from __future__ import annotations

import math

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.history import save_with_history, set_history
from ovop.planning import scope
from ovop.planning.benefits import benefits_of
from ovop.planning.candidates import basis_figures, year_proposals
from ovop.planning.choices import BenefitBasis, ScenarioStatus
from ovop.planning.guard import ensure_open
from ovop.planning.models import FiscalYear, Scenario
from ovop.planning.selectors_measured import figures_of, rates


def changed_since_run(scenario: Scenario) -> list[str]:
    """Titles of the proposals added, withdrawn, or with another cost or benefit since the run
    (empty when the run still describes the proposals)."""
    year = scenario.fiscal_year
    stored = {
        pk: (cost, benefit)
        for pk, cost, benefit in scenario.items.values_list("proposal_id", "cost_idr", "benefit")
    }
    current = year_proposals(year)
    benefits = benefits_of(scenario, current, rates(basis_figures(scenario)))
    changed = []
    for proposal in current:
        seen = stored.get(proposal.pk)
        benefit = benefits.get(proposal.pk, 0.0)
        if (
            seen is None
            or seen[0] != proposal.cost_idr
            or not math.isclose(seen[1], benefit, rel_tol=1e-9, abs_tol=1e-9)
        ):
            changed.append(proposal.title)
    gone = set(stored) - {p.pk for p in current}
    if gone:
        changed += [
            str(p)
            for p in scenario.items.filter(proposal_id__in=gone).values_list(
                "proposal__title", flat=True
            )
        ]
    return changed


def _check_approvable(scenario: Scenario) -> None:
    if scenario.status != ScenarioStatus.DRAFT or scenario.is_frozen:
        raise ValidationError(_("Only a draft scenario can be approved."))
    if not scenario.has_plan:
        raise ValidationError(
            _("Only a scenario whose last run found the optimal plan can be approved: run it.")
        )
    if scenario.benefit_basis == BenefitBasis.MEASURED and rates(
        figures_of(scenario.measured_figures)
    ) != rates(basis_figures(scenario)):
        raise ValidationError(
            _("The measured figures were adopted again after the run: re-run the scenario first.")
        )
    changed = changed_since_run(scenario)
    if changed:
        raise ValidationError(
            _("Proposals changed after the run (%(titles)s): re-run the scenario first.")
            % {"titles": ", ".join(changed[:5]) + (" …" if len(changed) > 5 else "")}
        )


def _supersede(previous: Scenario, user: User, reason: str) -> None:
    previous.status = ScenarioStatus.SUPERSEDED
    set_history(previous, user=user, reason=reason)
    previous.save(update_fields=["status"])


@transaction.atomic
def scenario_approve(*, scenario: Scenario, user: User, reason: str = "") -> Scenario:
    """Make ``scenario`` the year's plan (a revision when the year has one: ``reason``
    required). Cannot be undone."""
    scope.require_planner(user)
    year = FiscalYear.objects.select_for_update().get(pk=scenario.fiscal_year_id)
    scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
    reason = reason.strip()
    history_reason = ensure_open(year, user=user, reason=reason)
    _check_approvable(scenario)
    previous = Scenario.objects.filter(fiscal_year=year, status=ScenarioStatus.APPROVED).first()
    if previous is not None and not reason:
        raise ValidationError(
            {
                "reason": _(
                    "Reason: this year already has an approved plan (version %(version)s); "
                    "say why it is revised, e.g. APBD-P."
                )
                % {"version": previous.version}
            }
        )
    last = Scenario.objects.filter(fiscal_year=year).aggregate(v=Max("version"))["v"] or 0
    if previous is not None:
        _supersede(previous, user, history_reason or reason)
        scenario.revises = previous
    scenario.status = ScenarioStatus.APPROVED
    scenario.version = last + 1
    scenario.revision_reason = reason[:300]
    scenario.approved_at = timezone.now()
    scenario.approved_by = user
    return save_with_history(scenario, user=user, reason=history_reason or reason or "approved")
