"""What the planning API's record endpoints (years, sources, price list, proposals) share: who
may read, the list filters, and reading a request's body.

Reads: those who see the plan (``scope.reads_plan``: planners, viewers, facilitators — the
latter only their villages' proposals); owners and assessors 403. Writes: planners (403 for
everyone else, after a record outside the caller's scope has answered 404).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from ovop.accounts.models import User
from ovop.core.parsers import LimitedJSONParser
from ovop.core.requests import request_user
from ovop.empowerment.api_filters import ApiFilterForm
from ovop.planning import scope
from ovop.planning.choices import ActivityType
from ovop.planning.models import FiscalYear


class ReadsPlan(BasePermission):
    """Signed-in users who see the plan's records."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        return scope.can_read_planning(user) and scope.reads_plan(user)  # type: ignore[arg-type]


class PlanReaderView(APIView):
    permission_classes = [ReadsPlan]  # noqa: RUF012 - REST framework's
    parser_classes = [LimitedJSONParser]  # noqa: RUF012 - REST framework's


def planner(request: Any) -> User:
    """The signed-in user, if they plan (403 otherwise)."""
    return scope.require_planner(request_user(request))


def filtered(request: Request, form_class: type[ApiFilterForm]) -> dict[str, Any]:
    """The list's filters from the query string; 400 naming the parameter refused."""
    form = form_class(request.query_params)
    if not form.is_valid():
        raise serializers.ValidationError(form.error_fields())
    return form.filters()


def year_of(number: int) -> FiscalYear:
    """The fiscal year ``number``; 400 naming ``year`` when there is none."""
    found = FiscalYear.objects.filter(year=number).first()
    if found is None:
        raise serializers.ValidationError(
            {"year": [_("Fiscal year: %(year)s is not open.") % {"year": number}]}
        )
    return found


def _year() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Fiscal year"), required=False, min_value=2000, max_value=2100
    )


class SourceFilters(ApiFilterForm):
    year = _year()


class PriceFilters(ApiFilterForm):
    year = _year()
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


class ProposalFilters(ApiFilterForm):
    year = _year()
    village = forms.CharField(
        label=_("Village"),
        required=False,
        max_length=13,
        help_text=_("The village's Kemendagri code, e.g. 19.04.05.2001."),
    )
    type = forms.ChoiceField(
        label=_("Activity type"), required=False, choices=[("", _("All")), *ActivityType.choices]
    )
