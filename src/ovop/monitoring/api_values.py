"""The monitoring API: a round's respondents, one respondent's values, and the review.

- GET rounds/{id}/respondents/?status=&arm=&q=: the respondents the caller may see (a
  facilitator those of their villages, an owner their own enterprise), paged.
- GET respondents/{id}/values/: the entry's state and its answers keyed by question name.
- PUT respondents/{id}/values/: the whole entry (a question left out is no answer); PATCH: only
  the answers given, the others kept. Body ``{"answers": {...}, "submit": false}``; ``submit``
  true sends the entry for review and needs every question answered. Every answer is read as
  the web form reads it (``services_entry.entry_save``), and each one refused is named.
- POST respondents/{id}/review/: ``{"decision": "approve" | "return", "comment": ""}``
  (administrators and officers; returning needs a comment).

A respondent the caller may not see answers 404; a viewer 403 on every change; a facilitator or
owner 403 on an entry they may not change now (submitted, or a round without self-reporting for
an owner); a locked round or an approved entry 405.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, generics
from rest_framework.request import Request
from rest_framework.response import Response

from ovop.accounts.models import User
from ovop.core.api import error_responses
from ovop.core.api_params import form_parameters
from ovop.monitoring import scope, services_entry
from ovop.monitoring.answers import round_questions
from ovop.monitoring.api_common import (
    MonitoringView,
    enters_values,
    filtered,
    manager,
    read_input,
    reader,
    refuse_if_locked,
)
from ovop.monitoring.api_rounds_io import RespondentOut
from ovop.monitoring.api_values_io import (
    ReviewIn,
    ValuesIn,
    ValuesOut,
    ValuesSavedOut,
    answers_checked,
    answers_out,
    answers_stored,
    check_all,
)
from ovop.monitoring.choices import EntryStatus, Origin
from ovop.monitoring.forms_rounds import RespondentFilterForm
from ovop.monitoring.models import Respondent
from ovop.monitoring.selectors_rounds import respondent_get, respondents_of, round_get
from ovop.monitoring.values_write import Written


@extend_schema_view(
    get=extend_schema(
        parameters=form_parameters(RespondentFilterForm),
        responses={200: RespondentOut(many=True), **error_responses(400, 403, 404)},
    )
)
class RespondentList(MonitoringView, generics.ListAPIView[Respondent]):
    """The round's respondents the caller may see (?status=, ?arm=, ?q= in the enterprise's,
    owner's or village's name), ordered by village and name."""

    serializer_class = RespondentOut

    def get_queryset(self) -> QuerySet[Respondent]:
        user = reader(self.request)
        round_ = round_get(user=user, pk=self.kwargs["pk"])
        filters = filtered(self.request, RespondentFilterForm)
        return respondents_of(
            user=user,
            round_=round_,
            status=filters.get("status") or "",
            arm=filters.get("arm") or "",
            query=filters.get("q") or "",
        )


def _values(respondent: Respondent, written: Written | None = None) -> dict[str, Any]:
    fresh = Respondent.objects.select_related("round", "enterprise__village").get(pk=respondent.pk)
    data: dict[str, Any] = {
        "respondent": fresh,
        "answers": answers_out(fresh, round_questions(fresh.round)),
    }
    if written is None:
        return dict(ValuesOut(data).data)
    return dict(ValuesSavedOut({**data, "written": written}).data)


def _writable(request: Request, pk: int, method: str) -> tuple[User, Respondent]:
    """The respondent, if the caller may change its entry now: 404 if not seen, 403 for a
    role that enters nothing, 405 for a locked round or an approved entry, 403 for an entry
    the caller may not change now."""
    user = reader(request)
    respondent = respondent_get(user=user, pk=pk)
    if not enters_values(user):
        raise PermissionDenied
    locked = _("This round is locked; its values can no longer be changed.")
    refuse_if_locked(respondent.round, method, locked)
    if respondent.status == EntryStatus.APPROVED:
        raise exceptions.MethodNotAllowed(
            method, detail=_("This entry is approved; its values no longer change.")
        )
    if not scope.can_enter(user, respondent):
        raise PermissionDenied
    return user, respondent


class RespondentValues(MonitoringView):
    """One respondent's entry: its answers (GET), all of them saved (PUT) or some (PATCH)."""

    @extend_schema(responses={200: ValuesOut, **error_responses(403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        return Response(_values(respondent_get(user=reader(request), pk=pk)))

    @extend_schema(
        request=ValuesIn, responses={200: ValuesSavedOut, **error_responses(400, 403, 404, 405)}
    )
    def put(self, request: Request, pk: int) -> Response:
        return self._save(request, pk, keep_others=False)

    @extend_schema(
        request=ValuesIn, responses={200: ValuesSavedOut, **error_responses(400, 403, 404, 405)}
    )
    def patch(self, request: Request, pk: int) -> Response:
        return self._save(request, pk, keep_others=True)

    def _save(self, request: Request, pk: int, *, keep_others: bool) -> Response:
        method = "PATCH" if keep_others else "PUT"
        user, respondent = _writable(request, pk, method)
        data = read_input(ValuesIn, request)
        questions = round_questions(respondent.round)
        given, refused = answers_checked(questions, data["answers"])
        raw = {**answers_stored(respondent, questions), **given} if keep_others else given
        if refused:
            raise ValidationError(check_all(questions, raw, refused, complete=data["submit"]))
        written = services_entry.entry_save(
            user=user, respondent=respondent, raw=raw, submit=data["submit"], origin=Origin.API
        )
        return Response(_values(respondent, written))


class RespondentReview(MonitoringView):
    """Approve a submitted entry, or return it with a comment saying what to correct."""

    @extend_schema(
        request=ReviewIn, responses={200: ValuesOut, **error_responses(400, 403, 404, 405)}
    )
    def post(self, request: Request, pk: int) -> Response:
        respondent = respondent_get(user=reader(request), pk=pk)
        user = manager(request)
        refuse_if_locked(
            respondent.round, "POST", _("This round is locked; its entries are no longer reviewed.")
        )
        data = read_input(ReviewIn, request)
        services_entry.entry_review(
            user=user,
            respondent=respondent,
            approve=data["decision"] == "approve",
            comment=data["comment"],
        )
        return Response(_values(respondent))
