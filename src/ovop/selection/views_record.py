"""The berita acara of a decided round as a PDF: for the roles that may read the round's
result (``ovop.selection.scope``), Indonesian by default, English with ``?lang=en``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from ovop.selection import record, scope


@require_GET
def round_record(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_reader(request.user)
    selection_round = scope.round_for(user, pk)
    if not scope.can_see_result(user, selection_round):
        raise PermissionDenied
    kept = record.round_record(selection_round)
    if kept is None:
        raise Http404  # no decision, no berita acara
    language = "en" if request.GET.get("lang") == "en" else "id"
    response = HttpResponse(
        record.record_pdf(record=kept, language=language), content_type="application/pdf"
    )
    name = record.record_filename(pk=selection_round.pk, language=language)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
