"""What the empowerment API's writes share: who may write, ids looked up in the caller's
scope, and the input fields every write reads the same way.

A write is refused (403) before its input is read unless the caller may change the record's
village; ids in the input are looked up among the records the caller may read, so an id of
another village's record is refused (400 naming the field) like an id of nothing at all. The
services then decide everything else and name the field at fault.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from ovop.accounts.models import User
from ovop.core.requests import request_user
from ovop.empowerment import scope
from ovop.empowerment.api_filters import MAX_ID
from ovop.regions.models import Level, Region

M = TypeVar("M", bound=Model)

#: The most ids one list in a request may hold (members present, experiences explained…).
MAX_IDS = 500


def writer(request: Any) -> User:
    """The signed-in user, if they may change empowerment records somewhere (else 403)."""
    return scope.require_writer(request_user(request))


def require_village(user: User, village_id: int | None) -> None:
    """403 unless ``user`` may change records of the village (before any input is read)."""
    scope.require_change_village(user, village_id)


def id_field(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def ids_field(**kwargs: Any) -> serializers.ListField:
    return serializers.ListField(child=id_field(), max_length=MAX_IDS, **kwargs)


def year_field(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1900, max_value=2100, **kwargs)


def village_field(**kwargs: Any) -> serializers.SlugRelatedField[Region]:
    return serializers.SlugRelatedField(
        label=gettext_lazy("Village"),
        slug_field="code",
        queryset=Region.objects.filter(level=Level.VILLAGE),
        error_messages={
            "does_not_exist": gettext_lazy("Village: no village has the code {value}.")
        },
        **kwargs,
    )


def _unknown(field: str, label: str, missing: Sequence[int]) -> serializers.ValidationError:
    ids = ", ".join(str(pk) for pk in missing)
    return serializers.ValidationError(
        {
            field: [
                _("%(label)s: nothing you may see has the id %(ids)s.")
                % {"label": label, "ids": ids}
            ]
        }
    )


def pick(queryset: QuerySet[M], pk: int | None, *, field: str, label: str) -> M | None:
    """The record ``pk`` of ``queryset`` (None for None); 400 naming ``field`` if none."""
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise _unknown(field, label, [pk])
    return found


def pick_many(queryset: QuerySet[M], ids: Sequence[int], *, field: str, label: str) -> list[M]:
    """The records ``ids`` of ``queryset``, in that order, each once; 400 naming ``field``
    with the ids that are not there."""
    wanted = list(dict.fromkeys(ids))
    found = queryset.in_bulk(wanted)
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        raise _unknown(field, label, missing)
    return [found[pk] for pk in wanted]


def read_input(
    serializer: type[serializers.Serializer[Any]], request: Any, *, partial: bool = False
) -> dict[str, Any]:
    """The request's body read by ``serializer`` (400 naming the fields refused); ``partial``
    for a PATCH: only the fields given, no defaults."""
    incoming = serializer(data=request.data, partial=partial)
    incoming.is_valid(raise_exception=True)
    return dict(incoming.validated_data)


def merged(current: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """A PATCH's values: the record's ``current`` ones, replaced by those ``given``."""
    return {**current, **{name: value for name, value in given.items() if name in current}}
