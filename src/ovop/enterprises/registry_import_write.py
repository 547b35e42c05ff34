"""Writing the decisions of a registry plan, a batch at a time, inside the caller's transaction.

Each batch is a handful of statements whatever its size: the new enterprises created together,
the updated ones read (locked) and updated together, then their new products, the products
whose category changes and the new certificates — every one through simple_history's bulk
helpers, which add one history row per record written, naming the user and the reason.
A product the file adds is created with ``DEFAULT_UNIT``, which the office edits later.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ovop.accounts.models import User
from ovop.enterprises import signals, tallies
from ovop.enterprises.models import Certification, Enterprise, Product
from ovop.enterprises.registry_import_decide import CREATE, DUPLICATE, UPDATE, RowDecision

#: The unit of a product the registry file adds (the file has no column for it).
DEFAULT_UNIT = "buah"


class RegistryWriter:
    """Writes batches of decisions and counts what it wrote."""

    class Stale(Exception):
        """A record the plan decided on is gone: the registry changed since the dry run."""

    def __init__(self, *, user: User, accept_new: frozenset[int], reason: str) -> None:
        self.user = user
        self.accept_new = accept_new
        self.reason = reason
        self.created = self.updated = 0
        self.products_created = self.products_updated = self.certifications_created = 0

    def write(self, batch: Sequence[RowDecision]) -> None:
        creates = [
            d
            for d in batch
            if d.action == CREATE or (d.action == DUPLICATE and d.row in self.accept_new)
        ]
        updates = [d for d in batch if d.action == UPDATE]
        # written past the models' save: the registry counts are recomputed here, for the
        # kecamatans the enterprises were in before and are in after
        places = tallies.kecamatans_of(d.enterprise_id for d in updates)
        enterprise_ids = self._create(creates)
        self._update([d for d in updates if d.fields])
        enterprise_ids.update({d.row: d.enterprise_id for d in updates if d.enterprise_id})
        written = [*creates, *updates]
        self._products(written, enterprise_ids)
        self._recategorise(updates)
        self._certificates(written, enterprise_ids)
        self.created += len(creates)
        self.updated += len(updates)
        signals.announce(d.enterprise_id for d in updates if d.enterprise_id)
        tallies.touch(places | tallies.kecamatans_of(enterprise_ids.values()))

    def _history(self) -> dict[str, Any]:
        return {"default_user": self.user, "default_change_reason": self.reason}

    def _create(self, decisions: list[RowDecision]) -> dict[int, int]:
        """Create the new enterprises; their ids by row."""
        if not decisions:
            return {}
        enterprises = [Enterprise(**d.fields) for d in decisions]
        created = bulk_create_with_history(enterprises, Enterprise, **self._history())
        if len(created) != len(decisions) or any(e.pk is None for e in created):
            raise RuntimeError("The database did not return the ids of the new enterprises.")
        return {d.row: e.pk for d, e in zip(decisions, created, strict=True)}

    def _update(self, decisions: list[RowDecision]) -> None:
        if not decisions:
            return
        ids = [d.enterprise_id for d in decisions]
        current = Enterprise.objects.select_for_update().in_bulk(ids)
        names: set[str] = set()
        for decision in decisions:
            enterprise = current.get(decision.enterprise_id)
            if enterprise is None:
                raise self.Stale
            for name, value in decision.fields.items():
                setattr(enterprise, name, value)
                names.add(Enterprise._meta.get_field(name).name)
        self._bulk_update(Enterprise, [current[pk] for pk in ids if pk is not None], names)

    def _bulk_update(self, model: type[models.Model], records: list[Any], names: set[str]) -> None:
        now = timezone.now()
        for record in records:
            record.updated_at = now  # auto_now is not applied by bulk updates
        fields = [*sorted(names), "updated_at"]
        bulk_update_with_history(records, model, fields, **self._history())

    def _products(self, decisions: list[RowDecision], enterprise_ids: dict[int, int]) -> None:
        products = [
            Product(
                enterprise_id=enterprise_ids[d.row],
                name=name,
                category=d.category,
                unit=DEFAULT_UNIT,
            )
            for d in decisions
            for name in d.new_products
        ]
        if products:
            bulk_create_with_history(products, Product, **self._history())
            self.products_created += len(products)

    def _recategorise(self, decisions: list[RowDecision]) -> None:
        categories = {pk: d.category for d in decisions for pk in d.recategorised}
        if not categories:
            return
        products = Product.objects.select_for_update().in_bulk(list(categories))
        if len(products) != len(categories):
            raise self.Stale
        for pk, product in products.items():
            product.category = categories[pk]
        self._bulk_update(Product, list(products.values()), {"category"})
        self.products_updated += len(products)

    def _certificates(self, decisions: list[RowDecision], enterprise_ids: dict[int, int]) -> None:
        certificates = [
            Certification(enterprise_id=enterprise_ids[d.row], kind=kind, number=number)
            for d in decisions
            for kind, number in d.new_certificates
        ]
        if certificates:
            bulk_create_with_history(certificates, Certification, **self._history())
            self.certifications_created += len(certificates)
