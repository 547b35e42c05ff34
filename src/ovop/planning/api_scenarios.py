"""Scenarios through the API (/api/v1/planning/): the services decide, as on the pages.

- GET scenarios/?year=: the scenarios (of one year); POST: a new draft (planners).
- GET scenarios/{id}/: one scenario with its items; PATCH: change a draft (an approved plan is
  frozen: 405).
- POST scenarios/{id}/run/: run the optimiser; POST scenarios/{id}/approve/: make it the
  year's plan (``confirm`` true; ``reason`` required for a revision).
- GET scenarios/{id}/frontier/: the stored frontier; GET plan/{year}/: the approved plan.

Readers: administrators, officers, viewers, facilitators; owners see no scenario (404 on one,
an empty list), assessors 403 everywhere; writes 403 unless a planner.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ovop.core.api import error_responses
from ovop.core.api_money import MoneySerializerField
from ovop.core.api_text import CleanTextSerializerMixin, ConfirmIn
from ovop.core.parsers import LimitedJSONParser
from ovop.core.requests import request_user
from ovop.planning import scope, services_approval, services_scenarios
from ovop.planning import selectors_scenarios as selectors
from ovop.planning.api_scenarios_out import FrontierRowOut, PlanOut, ScenarioOut
from ovop.planning.choices import BenefitBasis
from ovop.planning.models import FiscalYear, Scenario
from ovop.planning.selectors_plan import plan


class CanReadPlanning(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return scope.can_read_planning(request.user)


class ReaderView(APIView):
    permission_classes = [CanReadPlanning]  # noqa: RUF012 - REST framework's
    parser_classes = [LimitedJSONParser]  # noqa: RUF012 - REST framework's


class ScenarioIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    name = serializers.CharField(max_length=120)
    budgets = serializers.DictField(
        child=MoneySerializerField(), help_text="Source id to the rupiah this scenario may spend."
    )
    min_per_kecamatan = serializers.IntegerField(min_value=0, max_value=50, default=0)
    min_per_programme_village = serializers.IntegerField(min_value=0, max_value=20, default=0)
    max_share_per_type_pct = serializers.IntegerField(
        min_value=1, max_value=100, required=False, allow_null=True, default=None
    )
    benefit_basis = serializers.ChoiceField(
        choices=BenefitBasis.choices,
        default=BenefitBasis.RUBRIC,
        help_text=(
            "rubric: the rubric total (0-100); measured: cost x the measured extra monthly "
            "revenue per rupiah of the activity type (only once figures are adopted)."
        ),
    )


class ScenarioCreateIn(ScenarioIn):
    year = serializers.IntegerField(min_value=2000, max_value=2100, help_text="Fiscal year.")


class YearIn(serializers.Serializer[Any]):
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class ApproveIn(ConfirmIn):
    pass


def _input(serializer: type[serializers.Serializer[Any]], request: Request, **kw: Any) -> Any:
    data = serializer(data=request.data, **kw)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


def _scenario(request: Request, pk: int) -> Scenario:
    return selectors.scenario_get(user=request_user(request), pk=pk)


def _detail(scenario: Scenario) -> dict[str, Any]:
    scenario = Scenario.objects.select_related("fiscal_year").get(pk=scenario.pk)
    return dict(ScenarioOut(scenario, context={"items": True}).data)


@extend_schema(parameters=[OpenApiParameter("year", int, description="Fiscal year, e.g. 2026")])
class ScenarioListCreate(ReaderView, generics.ListAPIView[Scenario]):
    """The scenarios (newest first); ?year= narrows to one fiscal year."""

    serializer_class = ScenarioOut

    def get_queryset(self) -> QuerySet[Scenario]:
        rows = selectors.scenarios_for(request_user(self.request)).order_by("-pk")
        raw = self.request.query_params.get("year")
        if raw is not None:
            rows = rows.filter(fiscal_year__year=_input_year(raw))
        return rows

    @extend_schema(responses={200: ScenarioOut(many=True), **error_responses(400, 403, 404)})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=ScenarioCreateIn, responses={201: ScenarioOut, **error_responses(400, 403)}
    )
    def post(self, request: Request) -> Response:
        user = scope.require_planner(request_user(request))
        data = _input(ScenarioCreateIn, request)
        year = FiscalYear.objects.filter(year=data.pop("year")).first()
        if year is None:
            raise serializers.ValidationError({"year": [_("Year: no such fiscal year.")]})
        scenario = services_scenarios.scenario_create(user=user, year=year, **data)
        return Response(_detail(scenario), status=status.HTTP_201_CREATED)


def _input_year(raw: str | None) -> int:
    found = YearIn(data={"year": raw})
    if not found.is_valid():
        raise serializers.ValidationError({"year": [_("Year: give a fiscal year, e.g. 2026.")]})
    return int(found.validated_data["year"])


class ScenarioDetailChange(ReaderView):
    """One scenario with its items; PATCH changes a draft (an approved plan answers 405)."""

    @extend_schema(responses={200: ScenarioOut, **error_responses(403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        return Response(_detail(_scenario(request, pk)))

    @extend_schema(
        request=ScenarioIn, responses={200: ScenarioOut, **error_responses(400, 403, 404, 405)}
    )
    def patch(self, request: Request, pk: int) -> Response:
        scenario = _scenario(request, pk)
        user = scope.require_planner(request_user(request))
        if scenario.is_frozen:
            raise exceptions.MethodNotAllowed(
                "PATCH",
                detail=_("An approved plan is frozen: make a revision with a reason instead."),
            )
        data = _input(ScenarioIn, request, partial=True)
        services_scenarios.scenario_update(user=user, scenario=scenario, **data)
        return Response(_detail(scenario))


class ScenarioRun(ReaderView):
    """Run the optimiser on a draft; a failure or time limit keeps the last result."""

    @extend_schema(
        request=None, responses={200: ScenarioOut, **error_responses(400, 403, 404, 405)}
    )
    def post(self, request: Request, pk: int) -> Response:
        scenario = _scenario(request, pk)
        user = scope.require_planner(request_user(request))
        if scenario.is_frozen:
            raise exceptions.MethodNotAllowed(
                "POST", detail=_("An approved plan is frozen: only a draft scenario is run.")
            )
        services_scenarios.scenario_run(scenario=scenario, user=user)
        return Response(_detail(scenario))


class ScenarioApprove(ReaderView):
    """Make the scenario the year's plan; cannot be undone (``confirm`` true)."""

    @extend_schema(
        request=ApproveIn, responses={200: ScenarioOut, **error_responses(400, 403, 404)}
    )
    def post(self, request: Request, pk: int) -> Response:
        scenario = _scenario(request, pk)
        user = scope.require_planner(request_user(request))
        data = _input(ApproveIn, request)
        if data.get("confirm") is not True:
            raise serializers.ValidationError(
                {
                    "confirm": [
                        _('Confirm: send "confirm": true to approve the plan; it cannot be undone.')
                    ]
                }
            )
        approved = services_approval.scenario_approve(
            scenario=scenario, user=user, reason=str(data.get("reason", ""))
        )
        return Response(_detail(approved))


class ScenarioFrontier(ReaderView):
    """The frontier stored by the last run: one row per budget factor, then the rows with
    Rp 100.000.000 more and less (``delta_idr``)."""

    @extend_schema(responses={200: FrontierRowOut(many=True), **error_responses(403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        scenario = _scenario(request, pk)
        return Response(FrontierRowOut(scenario.frontier, many=True).data)


class PlanDetail(ReaderView):
    """The year's approved plan (current version, its lines) and every version."""

    @extend_schema(responses={200: PlanOut, **error_responses(403, 404)})
    def get(self, request: Request, year: int) -> Response:
        selectors.require_plan_reader(request_user(request))
        return Response(PlanOut(plan(selectors.year_get(year))).data)
