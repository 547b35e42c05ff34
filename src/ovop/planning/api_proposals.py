"""The planning API: proposals.

- GET proposals/?year=&village=&type= (within the caller's scope, with the rubric score);
  POST proposals/ records one (planners).
- GET/PATCH proposals/{id}/ (PATCH: only the fields given; the cost is always the service's).
- POST proposals/{id}/withdraw/ takes it out of the plan runs (``reason`` optional).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from ovop.accounts.models import User
from ovop.core.api import error_responses
from ovop.core.api_params import form_parameters
from ovop.core.requests import request_user
from ovop.empowerment.api_write_common import merged, pick, pick_many, read_input
from ovop.empowerment.models import Group
from ovop.enterprises.models import Enterprise
from ovop.planning import api_serializers_records as io
from ovop.planning import services_proposals
from ovop.planning.api_records_common import (
    PlanReaderView,
    ProposalFilters,
    filtered,
    planner,
    year_of,
)
from ovop.planning.models import FiscalYear, PriceItem, Proposal, Source
from ovop.planning.selectors_proposals import RubricScore, proposals_for, rubric_scores
from ovop.planning.services_proposals import ProposalInput


def _proposals(user: User) -> QuerySet[Proposal]:
    return (
        proposals_for(user)
        .select_related("fiscal_year", "village")
        .prefetch_related("enterprises", "requires", "allowed_sources")
    )


class ScoreBook:
    """The rubric scores of the proposals answered, read once per fiscal year met."""

    def __init__(self) -> None:
        self._years: dict[int, dict[int, RubricScore]] = {}

    def of(self, proposal: Proposal) -> RubricScore | None:
        year = proposal.fiscal_year
        if year.pk not in self._years:
            self._years[year.pk] = rubric_scores(year)
        return self._years[year.pk].get(proposal.pk)


def _out(user: User, proposal: Proposal) -> dict[str, Any]:
    fresh = _proposals(user).get(pk=proposal.pk)
    return dict(io.PlanProposalOut(fresh, context={"scores": ScoreBook()}).data)


def _input(data: dict[str, Any], year: FiscalYear) -> ProposalInput:
    """The body's ids looked up (400 naming the field for an id of nothing)."""
    return ProposalInput(
        title=data["title"],
        activity_type=data["activity_type"],
        village=data["village"],
        group=pick(Group.objects.all(), data.get("group"), field="group", label=_("Group")),
        enterprises=pick_many(
            Enterprise.objects.all(), data["enterprises"], field="enterprises", label=_("IKM")
        ),
        beneficiaries_female=data["beneficiaries_female"],
        beneficiaries_male=data["beneficiaries_male"],
        counts_from_group=data.get("counts_from_group", False),
        price_item=pick(
            PriceItem.objects.filter(fiscal_year=year),
            data.get("price_item"),
            field="price_item",
            label=_("Price list item"),
        ),
        unit_cost_idr=data.get("unit_cost_idr"),
        units=data["units"],
        mandatory=data["mandatory"],
        requires=pick_many(
            Proposal.objects.filter(fiscal_year=year),
            data["requires"],
            field="requires",
            label=_("Depends on"),
        ),
        allowed_sources=pick_many(
            Source.objects.filter(fiscal_year=year),
            data["allowed_sources"],
            field="allowed_sources",
            label=_("Sources that may fund it"),
        ),
        notes=data["notes"],
    )


@extend_schema_view(
    get=extend_schema(
        parameters=form_parameters(ProposalFilters),
        responses={200: io.PlanProposalOut(many=True), **error_responses(400, 403, 404)},
    )
)
class ProposalList(PlanReaderView, generics.ListAPIView[Proposal]):
    """Proposals the caller reads (?year=, ?village=<code>, ?type=), and recording one."""

    serializer_class = io.PlanProposalOut

    def get_queryset(self) -> QuerySet[Proposal]:
        filters = filtered(self.request, ProposalFilters)
        rows = _proposals(request_user(self.request))
        if filters.get("year") is not None:
            rows = rows.filter(fiscal_year__year=filters["year"])
        if filters.get("village"):
            rows = rows.filter(village__code=filters["village"])
        if filters.get("type"):
            rows = rows.filter(activity_type=filters["type"])
        return rows.order_by("-fiscal_year__year", "village__name", "title", "pk")

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "scores": ScoreBook()}

    @extend_schema(
        request=io.PlanProposalIn, responses={201: io.PlanProposalOut, **error_responses(400, 403)}
    )
    def post(self, request: Request) -> Response:
        user = planner(request)
        data = read_input(io.PlanProposalIn, request)
        year = year_of(data.pop("year"))
        proposal = services_proposals.proposal_create(
            user=user, year=year, data=_input(data, year), reason=data["reason"]
        )
        return Response(_out(user, proposal), status=status.HTTP_201_CREATED)


def _current(proposal: Proposal) -> dict[str, Any]:
    return {
        "title": proposal.title,
        "activity_type": proposal.activity_type,
        "village": proposal.village,
        "group": proposal.group_id,
        "enterprises": [e.pk for e in proposal.enterprises.all()],
        "beneficiaries_female": proposal.beneficiaries_female,
        "beneficiaries_male": proposal.beneficiaries_male,
        "counts_from_group": False,
        "price_item": proposal.price_item_id,
        "unit_cost_idr": proposal.unit_cost_idr,
        "units": proposal.units,
        "mandatory": proposal.mandatory,
        "requires": [p.pk for p in proposal.requires.all()],
        "allowed_sources": [s.pk for s in proposal.allowed_sources.all()],
        "notes": proposal.notes,
        "reason": "",
    }


@extend_schema_view(
    get=extend_schema(responses={200: io.PlanProposalOut, **error_responses(403, 404)})
)
class ProposalDetail(PlanReaderView, generics.RetrieveAPIView[Proposal]):
    """One proposal (GET), and changing it (PATCH, planners: only the fields given)."""

    serializer_class = io.PlanProposalOut

    def get_queryset(self) -> QuerySet[Proposal]:
        return _proposals(request_user(self.request))

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "scores": ScoreBook()}

    @extend_schema(
        request=io.PlanProposalPatchIn,
        responses={200: io.PlanProposalOut, **error_responses(400, 403, 404)},
    )
    def patch(self, request: Request, pk: int) -> Response:
        proposal = self.get_object()
        user = planner(request)
        data = merged(_current(proposal), read_input(io.PlanProposalPatchIn, request, partial=True))
        year = proposal.fiscal_year
        services_proposals.proposal_update(
            user=user, proposal=proposal, data=_input(data, year), reason=data["reason"]
        )
        return Response(_out(user, proposal))


class ProposalWithdraw(PlanReaderView, generics.GenericAPIView[Proposal]):
    """Withdraw the proposal from the year's plan runs (planners)."""

    serializer_class = io.WithdrawIn

    def get_queryset(self) -> QuerySet[Proposal]:
        return _proposals(request_user(self.request))

    @extend_schema(
        request=io.WithdrawIn, responses={200: io.PlanProposalOut, **error_responses(400, 403, 404)}
    )
    def post(self, request: Request, pk: int) -> Response:
        proposal = self.get_object()
        user = planner(request)
        data = read_input(io.WithdrawIn, request)
        services_proposals.proposal_withdraw(user=user, proposal=proposal, reason=data["reason"])
        return Response(_out(user, proposal))
