"""A rating scheme version's history page (administrators, like the scheme pages)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ovop.core.history import history_page
from ovop.core.requests import request_user
from ovop.rating import scope
from ovop.rating.definition import scheme_name
from ovop.rating.models import RatingScheme
from ovop.rating.selectors_history import scheme_history


@require_GET
def scheme_history_page(request: HttpRequest, pk: int) -> HttpResponse:
    scope.require(scope.can_admin_schemes(request_user(request)))
    scheme = get_object_or_404(RatingScheme, pk=pk)
    label = f"{scheme_name(scheme)} v{scheme.version}"
    back = reverse("rating:scheme", args=[scheme.pk])
    return history_page(
        request,
        title=_("History of %(name)s") % {"name": label},
        crumbs=[(reverse("rating:scheme_list"), _("Rating schemes")), (back, label)],
        back=back,
        back_text=_("Back to the scheme"),
        entries=scheme_history(scheme=scheme),
    )
