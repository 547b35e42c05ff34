"""A scenario's proposals and sources as the optimiser reads them (``ovop.analysis.allocation``).

- Each proposal of the year with status "proposed" becomes a ``Candidate`` with id ``p<pk>``:
  its cost, its benefit under the scenario's basis (``benefits``: the rubric total, 0–100, or
  its cost × the measured extra monthly revenue per rupiah of its type), its activity type as
  ``kind``, ``mandatory``, ``requires`` (``p<pk>`` of the proposals it
  depends on) and ``sources``: the proposal's own list of sources if it has one, else every
  source of the scenario, always narrowed to the sources whose rules allow its type and
  village (``Source.may_fund``).
- Each source the scenario budgets becomes a ``Source`` with id ``s<pk>``; a budget above the
  source's ceiling is refused naming the source.
- Groups: the optimiser applies one minimum to every group of one family. With "at least k per
  kecamatan" the group is the kecamatan's code. With "at least k per programme village" the
  group is the village's code for villages in a programme that year; the other proposals share
  one group that also holds k placeholders of zero cost and zero benefit, so that the minimum
  asks nothing of them. Placeholders never reach a page. Both minimums at once cannot be
  expressed in one run and are refused when a scenario is saved.
- A proposal that no source may fund gets a source of zero money (``none``) of its own, so that
  the optimiser reports it (or, if mandatory, the conflict) instead of reading an empty list as
  "any source".
- A proposal that depends on one no longer proposed (withdrawn) cannot be funded: it is left out
  of the run and listed with that reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ovop.analysis.allocation import Candidate
from ovop.analysis.allocation import Source as Money
from ovop.enterprises.templatetags.enterprise_tags import rupiah
from ovop.planning.benefits import benefits_of
from ovop.planning.choices import BenefitBasis, ProposalStatus
from ovop.planning.models import FiscalYear, Proposal, Scenario, Source
from ovop.planning.selectors_measured import Figure, current_figures, rates
from ovop.programme.models import ProgrammeVillage

#: The source of zero money given to proposals that no source may fund.
NO_SOURCE = "none"
#: Prefix of the placeholder candidates that fill the non-programme villages' group.
PLACEHOLDER = "_fill"
#: The group of proposals outside the programme villages (with the per-village minimum).
OTHER_GROUP = "_other"
#: Reason stored for a proposal left out because a proposal it depends on is withdrawn.
REQUIRES_WITHDRAWN = "requires a withdrawn proposal"


def proposal_key(pk: int) -> str:
    return f"p{pk}"


def source_key(pk: int) -> str:
    return f"s{pk}"


def key_pk(key: str) -> int | None:
    """The pk in ``p12``/``s3``; None for placeholders and the zero source."""
    return int(key[1:]) if key[:1] in {"p", "s"} and key[1:].isdigit() else None


@dataclass(frozen=True)
class PlanInput:
    """Everything one run hands the optimiser, and the records behind its ids."""

    candidates: tuple[Candidate, ...]
    sources: tuple[Money, ...]
    min_per_group: int
    max_share_per_kind: float | None
    proposals: Mapping[str, Proposal]
    source_rows: Mapping[str, Source]
    benefits: Mapping[int, float]
    left_out: Mapping[int, str] = field(default_factory=dict)
    #: The measured figures the benefits come from (empty with the rubric).
    figures: tuple[Figure, ...] = ()

    def scaled(self, factor: float) -> tuple[Money, ...]:
        """The sources with every budget times ``factor`` (read as its shortest decimal, like
        the frontier does; floored to whole rupiah)."""
        exact = Decimal(repr(factor))
        return tuple(Money(s.id, int(s.budget_idr * exact)) for s in self.sources)

    def shifted(self, delta_idr: int) -> tuple[Money, ...] | None:
        """The sources with ``delta_idr`` added to their total, shared in proportion to their
        budgets (largest remainders get the odd rupiah); None when a cut exceeds the total."""
        real = [s for s in self.sources if s.id != NO_SOURCE]
        total = sum(s.budget_idr for s in real)
        if total + delta_idr < 0 or total == 0:
            return None
        shares = [(s, s.budget_idr * delta_idr) for s in real]
        base = {s.id: s.budget_idr + share // total for s, share in shares}
        rest = delta_idr - sum(share // total for _s, share in shares)
        order = sorted(shares, key=lambda pair: -(pair[1] % total))
        for s, _share in order[:rest]:
            base[s.id] += 1
        return tuple(Money(s.id, base.get(s.id, s.budget_idr)) for s in self.sources)


def scenario_sources(scenario: Scenario) -> list[Source]:
    """The year's sources the scenario gives money to (any amount, zero included)."""
    keys = {str(k) for k in scenario.budgets}
    rows = Source.objects.filter(fiscal_year_id=scenario.fiscal_year_id).order_by("kind", "name")
    return [s for s in rows if str(s.pk) in keys]


def check_budgets(year: FiscalYear, budgets: Mapping[str, object]) -> dict[str, int]:
    """``budgets`` (source pk → rupiah) as whole rupiah of the year's active sources, each at
    most its ceiling; refused naming the source otherwise."""
    sources = {str(s.pk): s for s in Source.objects.filter(fiscal_year=year)}
    clean: dict[str, int] = {}
    for key, value in budgets.items():
        source = sources.get(str(key))
        if source is None or source.archived_at is not None:
            raise ValidationError(
                {"budgets": _("Budget: %(key)s is not a source of this year.") % {"key": key}}
            )
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValidationError(
                {
                    "budgets": _("Budget of %(source)s: give whole rupiah, zero or more.")
                    % {"source": source.name}
                }
            )
        if value > source.ceiling_idr:
            message = _("Budget of %(source)s: %(amount)s is above its ceiling of %(ceiling)s.")
            raise ValidationError(
                {
                    "budgets": message
                    % {
                        "source": source.name,
                        "amount": rupiah(value),
                        "ceiling": rupiah(source.ceiling_idr),
                    }
                }
            )
        clean[str(source.pk)] = value
    return clean


def programme_village_ids(year: FiscalYear) -> set[int]:
    """Villages taking part in an active programme in ``year``."""
    rows = ProgrammeVillage.objects.filter(
        archived_at__isnull=True, programme__archived_at__isnull=True, joined_year__lte=year.year
    )
    return set(rows.values_list("village_id", flat=True))


def year_proposals(year: FiscalYear) -> list[Proposal]:
    """The year's standing proposals, with what the candidates need, in a fixed few queries."""
    rows = (
        Proposal.objects.filter(fiscal_year=year, status=ProposalStatus.PROPOSED)
        .select_related("village__parent")
        .prefetch_related("requires", "allowed_sources")
        .order_by("pk")
    )
    return list(rows)


def _allowed(proposal: Proposal, sources: list[Source]) -> frozenset[str]:
    own = {s.pk for s in proposal.allowed_sources.all()}
    return frozenset(
        source_key(s.pk)
        for s in sources
        if (not own or s.pk in own)
        and s.may_fund(activity_type=proposal.activity_type, village_id=proposal.village_id)
    )


def _group(proposal: Proposal, scenario: Scenario, programme: set[int]) -> str:
    if scenario.min_per_programme_village and not scenario.min_per_kecamatan:
        return proposal.village.code if proposal.village_id in programme else OTHER_GROUP
    parent = proposal.village.parent
    return parent.code if parent is not None else proposal.village.code


def _candidate(
    proposal: Proposal, *, benefit: float, group: str, sources: frozenset[str]
) -> Candidate:
    return Candidate(
        id=proposal_key(proposal.pk),
        cost_idr=int(proposal.cost_idr),
        benefit=benefit,
        group=group,
        kind=proposal.activity_type,
        mandatory=proposal.mandatory,
        requires=frozenset(proposal_key(r.pk) for r in proposal.requires.all()),
        sources=sources or frozenset({NO_SOURCE}),
    )


def _placeholders(groups: set[str], minimum: int) -> list[Candidate]:
    if OTHER_GROUP not in groups:
        return []
    return [
        Candidate(id=f"{PLACEHOLDER}{k}", cost_idr=0, benefit=0.0, group=OTHER_GROUP)
        for k in range(minimum)
    ]


def _left_out(proposals: list[Proposal]) -> dict[int, str]:
    """Proposals that depend (directly or through others) on one no longer proposed."""
    standing = {p.pk for p in proposals}
    needs = {p.pk: {r.pk for r in p.requires.all()} for p in proposals}
    out: dict[int, str] = {}
    changed = True
    while changed:
        changed = False
        for pk, required in needs.items():
            if pk not in out and any(r not in standing or r in out for r in required):
                out[pk] = REQUIRES_WITHDRAWN
                changed = True
    return out


def basis_figures(scenario: Scenario, figures: Sequence[Figure] | None = None) -> list[Figure]:
    """The measured figures a run of ``scenario`` uses: ``figures`` when given, else the
    current ones; none with the rubric."""
    if scenario.benefit_basis != BenefitBasis.MEASURED:
        return []
    return list(figures) if figures is not None else current_figures()


def plan_input(scenario: Scenario, figures: Sequence[Figure] | None = None) -> PlanInput:
    """The optimiser's input for ``scenario`` as the proposals and sources stand now (with the
    measured basis: the current figures, or ``figures`` when given)."""
    year = scenario.fiscal_year
    budgets = check_budgets(year, scenario.budgets)
    sources = scenario_sources(scenario)
    proposals = year_proposals(year)
    left_out = _left_out(proposals)
    used = basis_figures(scenario, figures)
    benefits = benefits_of(scenario, proposals, rates(used))
    programme = programme_village_ids(year) if scenario.min_per_programme_village else set()
    candidates: list[Candidate] = []
    for proposal in proposals:
        if proposal.pk in left_out:
            continue
        candidates.append(
            _candidate(
                proposal,
                benefit=benefits.get(proposal.pk, 0.0),
                group=_group(proposal, scenario, programme),
                sources=_allowed(proposal, sources),
            )
        )
    minimum = scenario.min_per_kecamatan or scenario.min_per_programme_village
    if scenario.min_per_programme_village and not scenario.min_per_kecamatan:
        candidates += _placeholders({c.group for c in candidates}, minimum)
    money = [Money(source_key(s.pk), budgets[str(s.pk)]) for s in sources]
    if any(NO_SOURCE in c.sources for c in candidates):
        money.append(Money(NO_SOURCE, 0))
    share = scenario.max_share_per_type_pct
    return PlanInput(
        candidates=tuple(candidates),
        sources=tuple(money),
        min_per_group=minimum,
        max_share_per_kind=share / 100 if share else None,
        proposals={proposal_key(p.pk): p for p in proposals},
        source_rows={source_key(s.pk): s for s in sources},
        benefits=benefits,
        left_out=left_out,
        figures=tuple(used),
    )
