"""Is this new IKM one that is already registered? Asked before creating one without a NIB.

An enterprise without a NIB has nothing official that tells it apart, so a second one with the
same name and owner in the same village is most likely the same IKM typed again. The pages
show the existing ones and ask; the service and the API refuse unless the caller confirms
that it is a different IKM (``confirm_distinct``). Names are compared ignoring case and
repeated spaces; archived enterprises count too (restore one rather than register it twice).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ovop.enterprises.models import Enterprise
from ovop.regions.models import Region

#: The key under which the refusal is reported (the form's checkbox, the API's field).
CONFIRM_FIELD = "confirm_distinct"
#: At most this many candidates are named.
SHOWN = 5


def _squeezed(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def likely_duplicates(
    *, name: str | None, owner_name: str | None, village: Region | None, nib: str | None
) -> list[Enterprise]:
    """Enterprises with the same name, owner and village, when the new one has no NIB."""
    name, owner_name = _squeezed(name), _squeezed(owner_name)
    if nib or village is None or not name or not owner_name:
        return []
    found = Enterprise.objects.filter(
        village=village, name__iexact=name, owner_name__iexact=owner_name
    )
    return list(found.select_related("village").order_by("pk")[:SHOWN])


def describe(enterprises: list[Enterprise]) -> str:
    """The refusal naming the likely duplicates: what the page and the API say."""
    named = "; ".join(
        _("%(name)s (owner %(owner)s, %(village)s, no. %(id)s%(archived)s)")
        % {
            "name": e.name,
            "owner": e.owner_name,
            "village": e.village.name,
            "id": e.pk,
            "archived": ", " + _("archived") if e.is_archived else "",
        }
        for e in enterprises
    )
    return _(
        "Is this the same IKM? Already registered with the same name, owner and village: "
        "%(names)s. Open it instead of registering it again, or confirm that this is a "
        "different IKM."
    ) % {"names": named}


def duplicates_refuse(*, enterprise: Enterprise) -> None:
    """Raise a ValidationError on ``confirm_distinct`` when ``enterprise`` looks registered."""
    found = likely_duplicates(
        name=enterprise.name,
        owner_name=enterprise.owner_name,
        village=enterprise.village if enterprise.village_id else None,
        nib=enterprise.nib,
    )
    if found:
        raise ValidationError({CONFIRM_FIELD: [describe(found)]})
