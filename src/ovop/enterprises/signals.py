"""What the registry tells the apps above it when an enterprise's place or products change.

The registry sits below the survey rounds, so it cannot call them; it announces instead.
``enterprises_changed`` is sent, inside the writing transaction, with the primary keys of
enterprises whose village, products or product categories may have changed — by a form, the
API or a registry import of any size. Survey figures grouped by kecamatan or by main product
category (``ovop.monitoring.tallies``) listen to it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.dispatch import Signal

enterprises_changed = Signal()


def announce(enterprise_ids: Iterable[int]) -> None:
    ids = sorted({pk for pk in enterprise_ids if pk is not None})
    if ids:
        enterprises_changed.send(sender=None, enterprise_ids=ids)
