"""A cost line's receipt, served only to users who may read the activity and its costs (404
outside their scope; 403 to owners, who do not see costs), never from a public address."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from ovop.core.files import file_response
from ovop.planning import scope, selectors_activities, selectors_delivery
from ovop.planning.models import CostLine


@require_GET
def cost_receipt_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The receipt of cost line ``pk`` (404 when it has none)."""
    user = scope.require_reader(request.user)
    readable = selectors_activities.activities_for(user).values("pk")
    cost = get_object_or_404(CostLine.objects.filter(activity__in=readable), pk=pk)
    if not selectors_delivery.sees_costs(user):
        raise PermissionDenied
    return file_response(cost.receipt)
