"""What the monitoring API's endpoints share: who may call it, reading a body and a query
string, ids looked up among the records the caller may see, numbers in and out, and the answer
to a change of a locked round.

Every role but assessors reads (``scope.can_read``; 403 otherwise); a record the caller may not
see answers 404; a change is refused (403) before its body is read unless the caller may make
it. A locked round is frozen: a change of it, its entries or its values answers 405, as the
planning API answers for an approved plan; only an administrator's reopening unlocks it.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, TypeVar

from django import forms
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from ovop.accounts.models import Role, User
from ovop.core import cells
from ovop.core.parsers import LimitedJSONParser
from ovop.core.requests import request_user
from ovop.monitoring import scope
from ovop.monitoring.choices import MAX_VALUE
from ovop.monitoring.models import Round

M = TypeVar("M", bound=Model)

#: Largest id a body or a filter accepts (the database's integer).
MAX_ID = 2_147_483_647
#: Longest number written as text (``ovop.core.cells`` reads no longer one).
NUMBER_TEXT_MAX = 40


class ReadsMonitoring(BasePermission):
    """Signed-in, active users other than assessors."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return scope.can_read(request.user)


class MonitoringView(APIView):
    permission_classes = [ReadsMonitoring]  # noqa: RUF012 - REST framework's
    parser_classes = [LimitedJSONParser]  # noqa: RUF012 - REST framework's


def reader(request: Any) -> User:
    return scope.require_reader(request_user(request))


def manager(request: Any) -> User:
    """The caller, if they manage indicators, targets, rounds and reviews (403 otherwise)."""
    return scope.require_manager(request_user(request))


def enters_values(user: User) -> bool:
    """Whether ``user``'s role ever enters values (a viewer never does)."""
    return user.manages or user.role in (Role.FACILITATOR, Role.OWNER)


def refuse_if_locked(round_: Round, method: str, message: str | None = None) -> None:
    """405 for a change of a locked round (or of its entries and values)."""
    if round_.is_locked:
        text = message or _("This round is locked; reopen it first.")
        raise exceptions.MethodNotAllowed(method, detail=text)


def read_input(
    serializer: type[serializers.Serializer[Any]], request: Any, *, partial: bool = False
) -> dict[str, Any]:
    """The body read by ``serializer`` (400 naming each field refused); ``partial`` for a
    PATCH: only the fields given."""
    incoming = serializer(data=request.data, partial=partial)
    incoming.is_valid(raise_exception=True)
    return dict(incoming.validated_data)


def merged(current: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """A PATCH's values: the record's ``current`` ones, replaced by those ``given``."""
    return {**current, **{name: value for name, value in given.items() if name in current}}


def filtered(request: Request, form_class: type[forms.Form]) -> dict[str, Any]:
    """A list's filters read from the query string by the pages' own filter form; 400 naming
    each parameter refused."""
    form = form_class(request.query_params)
    if not form.is_valid():
        raise serializers.ValidationError(
            {name: [str(m) for m in messages] for name, messages in form.errors.items()}
        )
    return dict(form.cleaned_data)


def id_field(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def _unknown(field: str, label: str, missing: Sequence[int]) -> serializers.ValidationError:
    ids = ", ".join(str(pk) for pk in missing)
    message = _("%(label)s: nothing you may see has the id %(ids)s.") % {"label": label, "ids": ids}
    return serializers.ValidationError({field: [message]})


def pick(queryset: QuerySet[M], pk: int | None, *, field: str, label: str) -> M | None:
    """The record ``pk`` of ``queryset`` (None for None); 400 naming ``field`` if none."""
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise _unknown(field, label, [pk])
    return found


def pick_many(queryset: QuerySet[M], ids: Sequence[int], *, field: str, label: str) -> list[M]:
    """The records ``ids`` of ``queryset`` in that order, each once; 400 naming ``field``
    with the ids that are not there."""
    wanted = list(dict.fromkeys(ids))
    found = queryset.in_bulk(wanted)
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        raise _unknown(field, label, missing)
    return [found[pk] for pk in wanted]


# --- numbers ------------------------------------------------------------------------------------


def number_out(value: Decimal | None) -> int | float | None:
    """A stored number as JSON writes it: a whole number exactly, a fraction as a number."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


@extend_schema_field({"type": "number", "nullable": True})
class NumberOut(serializers.Field):  # type: ignore[type-arg]
    """A stored decimal (a range, a target, an actual value) as a JSON number."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: Any) -> int | float | None:
        return number_out(None if value is None else Decimal(str(value)))


@extend_schema_field(
    {
        "oneOf": [
            {"type": "number"},
            {"type": "string", "maxLength": NUMBER_TEXT_MAX, "example": "1.500.000"},
        ],
    }
)
class NumberIn(serializers.Field):  # type: ignore[type-arg]
    """A number as a JSON number, or as text typed the Indonesian way ("1.500.000", "12,5",
    "5 M"), read by the spreadsheet reader ``ovop.core.cells.read_decimal``."""

    def _label(self) -> str:
        text = str(self.label or self.field_name or "")
        return text[:1].upper() + text[1:]

    def to_internal_value(self, data: Any) -> Decimal:
        if isinstance(data, bool) or not isinstance(data, int | float | str):
            raise serializers.ValidationError(
                _("%(field)s: give a number.") % {"field": self._label()}
            )
        try:
            value = cells.read_decimal(data, allow_negative=True)
        except cells.CellError as error:
            raise serializers.ValidationError(error.describe(self._label())) from None
        if abs(value) > MAX_VALUE:
            raise serializers.ValidationError(
                _("%(field)s: %(value)s is far too large.")
                % {"field": self._label(), "value": str(data)[:NUMBER_TEXT_MAX]}
            )
        return value

    def to_representation(self, value: Any) -> Any:
        return number_out(value)
