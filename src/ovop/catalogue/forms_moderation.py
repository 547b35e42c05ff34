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
from ovop.catalogue.models_moderation import REASON_MAX_LENGTH, ListingProposal, ProposalPhoto
from ovop.catalogue.proposal_photos import (
    REMOVE_FIELD,
    PhotoPlan,
    kept_after,
    merged,
    order_from_positions,
)
from ovop.catalogue.services_moderation import NewPhoto, ProposalValues
from ovop.core.forms import CleanTextMixin
from ovop.enterprises.models import Product

#: A photo of the owner's list: ("present", id) for a photo of the page, ("new", id) for a new
#: photo waiting on the pending proposal.
Key = tuple[str, int]
PRESENT, NEW = "present", "new"
#: The field of the place of the photo being uploaded, and that photo in the list.
PLACE_FIELD = "photo_place"
UPLOAD: Key = (NEW, 0)


@dataclass(frozen=True)
class PhotoRow:
    """One photo on the owner's form: a present photo of the page, with its position and its
    remove box, or a new photo waiting for approval (``new``), with its position."""

    photo: ListingPhoto | ProposalPhoto
    position: forms.BoundField
    remove: Any  # the remove check box (a BoundWidget of ``remove_photos``); None for a new one
    new: bool


def _position_name(key: Key) -> str:
    kind, pk = key
    return f"position_{pk}" if kind == PRESENT else f"new_position_{pk}"


def _position_field(count: int, initial: int | None) -> forms.IntegerField:
    bound = _("Position: from 1 to %(n)d.") % {"n": count}
    return forms.IntegerField(
        label=_("Position"),
        required=False,
        min_value=1,
        max_value=count,
        initial=initial,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 2}),
        error_messages={"min_value": bound, "max_value": bound, "invalid": bound},
    )


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
        self,
        *args: Any,
        photos: Sequence[ListingPhoto] = (),
        initial_plan: Any = None,
        waiting: Sequence[ProposalPhoto] = (),
        **kw: Any,
    ) -> None:
        """``photos``: the page's present photos, in their present order; ``initial_plan``: a
        pending proposal whose removals and order the form starts from; ``waiting``: its new
        photos. Every photo is numbered in the order the pending proposal shows them."""
        super().__init__(*args, **kw)
        self.present = list(photos)
        self.waiting = list(waiting)
        remove = self.fields[REMOVE_FIELD]
        assert isinstance(remove, forms.MultipleChoiceField)
        remove.choices = [(str(p.pk), p.caption) for p in self.present]
        self.sequence = self._sequence(initial_plan)
        count = len(self.sequence)
        for place, key in enumerate(self.sequence, start=1):
            self.fields[_position_name(key)] = _position_field(count, place)
        self.fields[PLACE_FIELD] = _position_field(count + 1, None)
        self.fields[PLACE_FIELD].label = _("Its position among the photos")
        self.fields[PLACE_FIELD].help_text = _("1 is shown first; left empty, it comes last.")
        if initial_plan is not None:
            self.initial.setdefault(REMOVE_FIELD, [str(pk) for pk in initial_plan.removed_photos])

    def _sequence(self, pending: Any) -> list[Key]:
        """The photos in the order the pending proposal shows them, then those it removes."""
        present = [p.pk for p in self.present]
        kept = kept_after(pending, present) if pending is not None else present
        gone = [(PRESENT, pk) for pk in present if pk not in kept]
        new = [((NEW, p.pk), p.place) for p in self.waiting]
        return [*merged([(PRESENT, pk) for pk in kept], new), *gone]

    def text_fields(self) -> list[forms.BoundField]:
        """The visible fields but the photos' (shown as ``photo_rows``) and the new photo's
        (``new_photo_fields``)."""
        skipped = {REMOVE_FIELD, "photo", "caption", PLACE_FIELD}
        skipped |= {_position_name(key) for key in self.sequence}
        return [f for f in self.visible_fields() if f.name not in skipped]

    def new_photo_fields(self) -> list[forms.BoundField]:
        """The upload, its caption and (when there are photos to place it among) its place."""
        fields = [self["photo"], self["caption"]]
        return [*fields, self[PLACE_FIELD]] if self.sequence else fields

    def photo_rows(self) -> list[PhotoRow]:
        boxes = dict(zip((p.pk for p in self.present), self[REMOVE_FIELD], strict=True))
        present = {p.pk: p for p in self.present}
        waiting = {p.pk: p for p in self.waiting}
        return [
            PhotoRow(present[pk], self[_position_name(key)], boxes[pk], False)
            if kind == PRESENT
            else PhotoRow(waiting[pk], self[_position_name(key)], None, True)
            for key in self.sequence
            for kind, pk in [key]
        ]

    def _shown(self) -> tuple[list[Key], tuple[int, ...]]:
        """The photos shown once approved, in the order typed (the upload, when it was given a
        position, as ``UPLOAD``), and the present photos removed."""
        data = self.cleaned_data
        removed = tuple(int(pk) for pk in data.get(REMOVE_FIELD) or ())
        typed = {
            key: data[_position_name(key)]
            for key in self.sequence
            if data.get(_position_name(key)) is not None
        }
        ordered = order_from_positions(self.sequence, typed)
        shown = [key for key in ordered if not (key[0] == PRESENT and key[1] in removed)]
        if data.get(PLACE_FIELD) is not None:
            shown.insert(min(data[PLACE_FIELD] - 1, len(shown)), UPLOAD)
        return shown, removed

    def photo_plan(self) -> PhotoPlan:
        """The present photos removed, the others' order as typed and the places of the new
        photos waiting on the proposal among the photos shown."""
        shown, removed = self._shown()
        return PhotoPlan(
            order=tuple(pk for kind, pk in shown if kind == PRESENT),
            removed=removed,
            places=tuple(
                (key[1], place)
                for place, key in enumerate(shown, start=1)
                if key[0] == NEW and key != UPLOAD
            ),
        )

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
        """The uploaded photo with its place among the photos shown (``None``: last)."""
        upload = self.cleaned_data.get("photo")
        if not upload:
            return []
        shown, _removed = self._shown()
        place = shown.index(UPLOAD) + 1 if UPLOAD in shown else None
        return [NewPhoto(upload, self.cleaned_data.get("caption") or "", place)]


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
