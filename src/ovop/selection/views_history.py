"""A selection round's history page, for everyone who may read the round."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ovop.core.history import history_page
from ovop.selection import scope
from ovop.selection.selectors_history import round_history

HISTORY_PAGE_SIZE = 50


@require_GET
def round_history_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_reader(request.user)
    selection_round = scope.round_for(user, pk)
    back = selection_round.get_absolute_url()
    return history_page(
        request,
        title=_("History of %(name)s") % {"name": selection_round.title},
        crumbs=[
            (reverse("selection:list"), _("Product selection")),
            (back, selection_round.title),
        ],
        back=back,
        back_text=_("Back to the round"),
        intro=_(
            "Every change to the round, its invited assessors, criteria and candidates: "
            "who made it, when, and the values before and after."
        ),
        entries=round_history(selection_round=selection_round),
        page_size=HISTORY_PAGE_SIZE,
    )
