"""The owners' proposal form and the officers' decision forms of the moderation queue."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ovop.catalogue.forms import PublicTextForm
from ovop.catalogue.models import STORY_MAX_LENGTH, Listing, ListingPhoto
from ovop.catalogue.models_moderation import REASON_MAX_LENGTH, ListingProposal
from ovop.catalogue.proposal_photos import (
    REMOVE_FIELD,
    PhotoPlan,
    kept_after,
    order_from_positions,
)
from ovop.catalogue.services_moderation import NewPhoto, ProposalValues
from ovop.core.forms import CleanTextMixin
from ovop.enterprises.models import Product


@dataclass(frozen=True)
class PhotoRow:
    """One present photo of the page on the owner's form: its position and its remove box."""

    photo: ListingPhoto
    position: forms.BoundField
    remove: Any  # the remove check box (a BoundWidget of ``remove_photos``)


def _position_name(photo: ListingPhoto) -> str:
    return f"position_{photo.pk}"


class ProposalForm(PublicTextForm):
    story = forms.CharField(
        label=gettext_lazy("Story"),
        required=False,
        max_length=STORY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Who makes it, how, and what makes it special (shown to buyers)."),
    )
    show_whatsapp = forms.BooleanField(
        label=gettext_lazy("Show my enterprise's WhatsApp number to buyers"),
        required=False,
        help_text=gettext_lazy(
            "With this ticked, buyers see a WhatsApp button that opens a chat with the "
            "enterprise's phone number."
        ),
    )
    photo = forms.FileField(
        label=gettext_lazy("A new photo (optional)"),
        required=False,
        help_text=gettext_lazy("JPEG, PNG or WebP, at most 5 MB."),
    )
    caption = forms.CharField(
        label=gettext_lazy("What the photo shows"), required=False, max_length=200
    )

    remove_photos = forms.MultipleChoiceField(
        label=gettext_lazy("Remove"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": gettext_lazy("Remove: photo %(value)s is not a photo of this page.")
        },
    )

    def __init__(
        self, *args: Any, photos: Sequence[ListingPhoto] = (), initial_plan: Any = None, **kw: Any
    ) -> None:
        """``photos``: the page's present photos, in their present order; ``initial_plan``: a
        pending proposal whose removals and order the form starts from."""
        super().__init__(*args, **kw)
        self.present = list(photos)
        count = len(self.present)
        remove = self.fields[REMOVE_FIELD]
        assert isinstance(remove, forms.MultipleChoiceField)
        remove.choices = [(str(p.pk), p.caption) for p in self.present]
        places = self._initial_places(initial_plan)
        for index, photo in enumerate(self.present):
            bound = _("Position: from 1 to %(n)d.") % {"n": count}
            self.fields[_position_name(photo)] = forms.IntegerField(
                label=_("Position"),
                required=False,
                min_value=1,
                max_value=count,
                initial=places.get(photo.pk, index + 1),
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 2}),
                error_messages={"min_value": bound, "max_value": bound, "invalid": bound},
            )
        if initial_plan is not None:
            self.initial.setdefault(REMOVE_FIELD, [str(pk) for pk in initial_plan.removed_photos])

    def _initial_places(self, pending: Any) -> dict[int, int]:
        if pending is None or not pending.changes_photos:
            return {}
        present = [p.pk for p in self.present]
        kept = kept_after(pending, present)
        return {pk: place for place, pk in enumerate(kept, start=1)}

    def text_fields(self) -> list[forms.BoundField]:
        """The visible fields but the present photos' (shown as ``photo_rows``) and the new
        photo's (``new_photo_fields``)."""
        skipped = {REMOVE_FIELD, "photo", "caption"}
        skipped |= {_position_name(p) for p in self.present}
        return [f for f in self.visible_fields() if f.name not in skipped]

    def new_photo_fields(self) -> list[forms.BoundField]:
        return [self["photo"], self["caption"]]

    def photo_rows(self) -> list[PhotoRow]:
        boxes = list(self[REMOVE_FIELD])
        return [
            PhotoRow(photo, self[_position_name(photo)], box)
            for photo, box in zip(self.present, boxes, strict=True)
        ]

    def photo_plan(self) -> PhotoPlan:
        """The present photos removed and the others' order as typed."""
        data = self.cleaned_data
        removed = tuple(int(pk) for pk in data.get(REMOVE_FIELD) or ())
        positions = {
            p.pk: data[_position_name(p)]
            for p in self.present
            if data.get(_position_name(p)) is not None
        }
        ordered = order_from_positions([p.pk for p in self.present], positions)
        return PhotoPlan(order=tuple(pk for pk in ordered if pk not in removed), removed=removed)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("photo") and not data.get("caption"):
            self.add_error("caption", _("Describe what the photo shows."))
        return data

    def values(self) -> ProposalValues:
        data = self.cleaned_data
        return ProposalValues(
            public_name=data["public_name"],
            story=data.get("story") or "",
            raw_material=data.get("raw_material") or "",
            price_idr=data.get("price_idr"),
            unit=data.get("unit") or "",
            marketplace_links=(data.get("marketplace_links") or "").splitlines(),
            show_whatsapp=bool(data.get("show_whatsapp")),
        )

    def photos(self) -> list[NewPhoto]:
        upload = self.cleaned_data.get("photo")
        return [NewPhoto(upload, self.cleaned_data.get("caption") or "")] if upload else []


def proposal_initial(
    product: Product, listing: Listing | None, pending: ListingProposal | None
) -> dict[str, Any]:
    """The form starts from the pending proposal, else the listing, else the product."""
    source: Any = pending or listing
    if source is None:
        return {"public_name": product.name, "price_idr": product.price_idr or None}
    return {
        "public_name": source.public_name,
        "story": source.story,
        "raw_material": source.raw_material,
        "price_idr": source.price_idr,
        "unit": source.unit,
        "marketplace_links": "\n".join(source.marketplace_links),
        "show_whatsapp": source.show_whatsapp,
    }


class ApproveForm(CleanTextMixin, forms.Form):
    publish = forms.BooleanField(label=gettext_lazy("Publish the page too"), required=False)


class RejectForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (the owner reads it)"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
