"""The monitoring API: many respondents' values of one round in one request, all or nothing.

POST rounds/{id}/values/ with ``{"rows": [{"respondent": <id>, "answers": {...}}, …],
"submit": false}`` — at most ``MAX_BULK_ROWS`` rows. Every row is read first, as the web form
reads one entry (``services_entry.answers_read``); if any row is wrong the answer is 400 with
every wrong row's messages under its index (``{"rows": {"3": {"omzet": ["…"]}}}``, and the
same messages in the API's error shape) and nothing is stored. Otherwise every row is saved
(``services_entry.entry_save``) in one transaction.

A row's respondent must be one of this round the caller may enter now (``scope.can_enter``); a
respondent the caller may not see is "no such respondent", exactly like one that does not exist.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from ovop.accounts.models import Role, User
from ovop.core.api import error_responses
from ovop.core.api_text import CleanTextSerializerMixin
from ovop.monitoring import scope, services_entry, tallies
from ovop.monitoring.answers import Question, round_questions
from ovop.monitoring.api_common import (
    MonitoringView,
    enters_values,
    id_field,
    read_input,
    reader,
    refuse_if_locked,
)
from ovop.monitoring.api_values_io import (
    AnswersField,
    WrittenOut,
    answers_checked,
    answers_errors,
    check_all,
)
from ovop.monitoring.choices import Origin
from ovop.monitoring.models import Respondent, Round
from ovop.monitoring.selectors_rounds import respondents_of, round_get
from ovop.monitoring.values_write import Written

#: Most rows one request may hold; a larger batch is sent in several requests (or imported as
#: a spreadsheet). Each row is saved by ``entry_save`` with its history, about 20 ms a row on
#: SQLite, so that a full request stays within a few seconds.
MAX_BULK_ROWS = 250

Errors = dict[str, list[str]]


class BulkRowIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    """One respondent's answers by question name."""

    respondent = id_field(help_text="The respondent (id) of this round.")
    answers = AnswersField()


class RowsField(serializers.ListField):
    """The rows, counted before any is read (each is read on its own afterwards)."""

    def to_internal_value(self, data: Any) -> list[Any]:
        if not isinstance(data, list):
            raise serializers.ValidationError(_("Rows: give a list of rows."))
        if not data:
            raise serializers.ValidationError(_("Rows: give at least one row."))
        if len(data) > MAX_BULK_ROWS:
            raise serializers.ValidationError(
                _(
                    "Rows: at most %(limit)s in one request, and this one has %(n)s; send "
                    "the rest in another request."
                )
                % {"limit": MAX_BULK_ROWS, "n": len(data)}
            )
        return data


class BulkValuesIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    """Rows of one round, saved together or not at all."""

    rows = RowsField(child=BulkRowIn(), min_length=1, max_length=MAX_BULK_ROWS)
    submit = serializers.BooleanField(
        default=False,
        help_text="true submits every row's entry for review (every question answered).",
    )


class BulkValuesOut(serializers.Serializer[Any]):
    """What the request stored."""

    rows = serializers.IntegerField(help_text="Rows saved.")
    submitted = serializers.BooleanField()
    written = WrittenOut()


def _shape_errors(row: Any) -> tuple[dict[str, Any] | None, Errors]:
    incoming = BulkRowIn(data=row)
    if incoming.is_valid():
        return dict(incoming.validated_data), {}
    errors: Errors = {}
    for name, messages in incoming.errors.items():
        key = "row" if name == api_settings.NON_FIELD_ERRORS_KEY else name
        errors[key] = [str(m) for m in messages]
    return None, errors


def _respondent_errors(respondent: Respondent | None, first: int | None, user: User) -> list[str]:
    if respondent is None:
        return [_("No such respondent in this round.")]
    if first is not None:
        return [_("Row %(row)s has this respondent already.") % {"row": first}]
    if not scope.can_enter(user, respondent):
        return [
            _("%(name)s: this entry cannot be changed now (it is “%(status)s”).")
            % {"name": respondent.enterprise.name, "status": respondent.get_status_display()}
        ]
    return []


class Batch:
    """The rows of one request, read and checked; ``ready`` holds what ``save`` stores."""

    def __init__(self, user: User, round_: Round, submit: bool) -> None:
        self.user, self.round, self.submit = user, round_, submit
        self.questions: Sequence[Question] = round_questions(round_)
        self.errors: dict[str, Errors] = {}
        self.ready: list[tuple[Respondent, dict[str, Any]]] = []

    def read(self, rows: list[Any]) -> None:
        shaped = [_shape_errors(row) for row in rows]
        ids = [data["respondent"] for data, _errors in shaped if data is not None]
        found = respondents_of(user=self.user, round_=self.round).in_bulk(ids)
        first_row: dict[int, int] = {}
        for index, (data, errors) in enumerate(shaped):
            if data is None:
                self.errors[str(index)] = errors
                continue
            pk = data["respondent"]
            respondent = found.get(pk)
            if respondent is not None:
                respondent.round = self.round
            problems = _respondent_errors(respondent, first_row.get(pk), self.user)
            first_row.setdefault(pk, index)
            raw, row_errors = self._answers(data["answers"])
            if problems:
                row_errors = {"respondent": problems, **row_errors}
            if row_errors:
                self.errors[str(index)] = row_errors
            elif respondent is not None:
                self.ready.append((respondent, raw))

    def _answers(self, answers: dict[str, Any]) -> tuple[dict[str, Any], Errors]:
        """The row's answers a reader takes, and every message about them."""
        raw, refused = answers_checked(self.questions, answers)
        if refused:
            return raw, check_all(self.questions, raw, refused, complete=self.submit)
        return raw, answers_errors(self.questions, raw, complete=self.submit)

    def refusal(self) -> Response:
        fields = {
            f"rows[{index}].{name}": messages
            for index, errors in self.errors.items()
            for name, messages in errors.items()
        }
        text = _("%(n)s of the rows are refused; nothing was stored.") % {"n": len(self.errors)}
        body = {"error": text, "fields": fields, "rows": self.errors}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)

    @transaction.atomic
    def save(self) -> Written:
        done = Written()
        with tallies.batch():
            for respondent, raw in self.ready:
                done.add(
                    services_entry.entry_save(
                        user=self.user,
                        respondent=respondent,
                        raw=raw,
                        submit=self.submit,
                        origin=Origin.API,
                    )
                )
        return done


def _require_bulk_writer(user: User, round_: Round) -> None:
    """403 for a role that enters nothing here: a viewer, an owner when the round takes no
    self-reporting."""
    if not enters_values(user):
        raise PermissionDenied
    if user.role == Role.OWNER and not user.manages and not round_.allows_self_report:
        raise PermissionDenied


class RoundValues(MonitoringView):
    """Save the values of many respondents of the round at once: all rows, or none."""

    @extend_schema(
        request=BulkValuesIn,
        responses={200: BulkValuesOut, **error_responses(400, 403, 404, 405)},
    )
    def post(self, request: Request, pk: int) -> Response:
        user = reader(request)
        round_ = round_get(user=user, pk=pk)
        _require_bulk_writer(user, round_)
        locked = _("This round is locked; its values can no longer be changed.")
        refuse_if_locked(round_, "POST", locked)
        data = read_input(BulkValuesIn, request)
        batch = Batch(user, round_, data["submit"])
        batch.read(data["rows"])
        if batch.errors:
            return batch.refusal()
        written = batch.save()
        out = {"rows": len(batch.ready), "submitted": data["submit"], "written": written}
        return Response(BulkValuesOut(out).data)
