"""Registry histories, read through ``ovop.core.history``: a record's own (``record_history``)
and a product's together with its photos added, changed or removed."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from ovop.core.history import (
    HistoryEntry,
    history_entries,
    newest_first,
    record_history,
    versions_of,
)
from ovop.enterprises.models import Product, ProductPhoto

__all__ = ["product_history", "record_history"]


def _photo_action(record: Any) -> str:
    if record.history_type == "+":
        return _("photo added")
    if record.history_type == "-":
        return _("photo removed")
    return _("photo changed")


def product_history(*, product: Product, limit: int | None = None) -> list[HistoryEntry]:
    """The history of ``product`` with its photos added, changed or removed, newest first.

    Two queries for the versions (the product's, its photos'), and one per kind of related
    record, however long the history.
    """
    photos = versions_of(ProductPhoto.history.filter(product_id=product.pk))
    own = record_history(obj=product, limit=limit)
    return newest_first(
        own, history_entries(photos, fields=("image", "caption"), action=_photo_action), limit=limit
    )
