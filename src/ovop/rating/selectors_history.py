"""A rating scheme version's history, read through ``ovop.core.history``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from ovop.core.history import HistoryEntry, record_history
from ovop.rating.models import RatingScheme

#: The definition itself is long JSON: its edits show as the reason "definition edited".
SCHEME_FIELDS = ("code", "version", "name", "source", "status", "configurable_defaults")
#: Change reasons the services write, shown translated (others, naming a version, as stored).
REASONS = {
    "installed from fixture": gettext_lazy("installed from fixture"),
    "definition edited": gettext_lazy("definition edited"),
    "put in use": gettext_lazy("put in use"),
}


def scheme_history(*, scheme: RatingScheme) -> list[HistoryEntry]:
    """Every change to ``scheme``, newest first. The caller has checked the user may read it."""
    return record_history(obj=scheme, fields=SCHEME_FIELDS, reasons=REASONS)
