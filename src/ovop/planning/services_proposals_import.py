"""Reading proposals from the empowerment action plans.

Each standing support proposal of an action plan (``empowerment.SupportProposal``, status
proposed) made for the fiscal year becomes one planning proposal, once: the kind of support
is the activity type (the same codes), its cost the unit cost of one unit, and the village,
group and beneficiary counts are the action's; the people's IKM (a beneficiary who runs an
enterprise of the village) become the IKM beneficiaries. Running it again creates only what is
new, so it is safe to press twice.
"""

from __future__ import annotations

from django.db import transaction

from ovop.accounts.models import User
from ovop.core.history import save_with_history
from ovop.empowerment.models import ProposalStatus as SupportStatus
from ovop.empowerment.models import SupportProposal
from ovop.enterprises.models import Enterprise
from ovop.planning import scope
from ovop.planning.choices import MAX_MONEY_IDR, ActivityType
from ovop.planning.guard import ensure_open
from ovop.planning.models import FiscalYear, Proposal

#: The longest title a proposal takes.
TITLE_MAX = 200


def supports_to_import(year: FiscalYear) -> list[SupportProposal]:
    """The action plans' standing proposals for ``year`` that have no planning proposal yet."""
    return list(
        SupportProposal.objects.filter(
            for_year=year.year,
            status=SupportStatus.PROPOSED,
            planning_proposal__isnull=True,
            support__in=ActivityType.values,
            cost_idr__gt=0,
            cost_idr__lte=MAX_MONEY_IDR,
        )
        .select_related("action")
        .prefetch_related("beneficiaries")
        .order_by("village__name", "pk")
    )


def _enterprises(support: SupportProposal) -> list[Enterprise]:
    ids = {p.enterprise_id for p in support.beneficiaries.all() if p.enterprise_id}
    return list(
        Enterprise.objects.filter(
            pk__in=ids, village_id=support.village_id, archived_at__isnull=True
        ).order_by("name")
    )


@transaction.atomic
def proposals_import_from_actions(
    *, year: FiscalYear, user: User, reason: str = ""
) -> list[Proposal]:
    """One proposal per standing support proposal of the action plans for ``year`` that has
    none yet; returns those created (none on a second run)."""
    scope.require_planner(user)
    history_reason = ensure_open(year, user=user, reason=reason)
    created = []
    for support in supports_to_import(year):
        proposal = Proposal(
            fiscal_year=year,
            title=support.action.title[:TITLE_MAX],
            activity_type=support.support,
            village_id=support.village_id,
            group_id=support.group_id,
            beneficiaries_female=support.beneficiaries_female,
            beneficiaries_male=support.beneficiaries_male,
            unit_cost_idr=support.cost_idr,
            units=1,
            cost_idr=support.cost_idr,
            support=support,
            created_by=user,
        )
        save_with_history(proposal, user=user, reason=history_reason or "from the action plan")
        proposal.enterprises.set(_enterprises(support))
        created.append(proposal)
    return created
